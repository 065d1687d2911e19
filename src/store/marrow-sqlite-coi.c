/* marrow-sqlite-coi.c: issuing chain-of-identity IDs in the save transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store, not the caller, issues the chain-of-identity IDs of domain
 * model 5 (docs/chain-of-identity.md), because only the store can take the
 * next sequence number of a facility and year without two workstations
 * taking the same one: apply() holds the write lock (BEGIN IMMEDIATE) while
 * it runs the functions here.
 *
 *   harvest.coi_id           a new base FFFFF YY SSSSSS C
 *   processing_run.run_code  {base of the first input harvest}-P{n}
 *   product_lot.coi_id       {base of the run's first input harvest}-L{n},
 *                            or a new base and -L1 for an allogeneic lot
 *                            received without a run
 *   product_aliquot.label    {lot coi_id}-{NN}
 *
 * An ID the caller brings (a scan, an archive import) is kept: the generic
 * validation checked its shape and check character before the transaction.
 * Changes are issued in change-set order and every earlier change is
 * already written, so parents saved earlier in the same set are read back
 * from the database with their new IDs.  Only records that come later in
 * the set (the inputs of a run that is being inserted) are looked up in the
 * change set itself.  docs/store.md, "Chain-of-identity IDs".
 */
#define G_LOG_DOMAIN "marrow-sqlite-coi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-entities.h"
#include "marrow-sqlite-coi.h"
#include "marrow-sqlite-util.h"
#include "marrow-time.h"

/* What is being issued, for the queries and the messages */
typedef struct
{
  sqlite3         *db;
  MarrowChangeSet *changes;
  guint            index;    /* of the change being written */
  const char      *now;
  MarrowRecord    *record;   /* the caller's record of that change */
  const char      *table;    /* e.g. "harvest" */
  const char      *field;    /* e.g. "coi_id" */
} Issuer;

/**
 * marrow_sqlite_coi_field:
 * @entity: a record type
 *
 * Returns: (nullable): the name of the chain-of-identity field the store
 *   issues for @entity, or %NULL if it issues none
 */
const char *
marrow_sqlite_coi_field (const MarrowEntityDef *entity)
{
  if (entity == &marrow_entity_harvest || entity == &marrow_entity_product_lot)
    return "coi_id";
  if (entity == &marrow_entity_processing_run)
    return "run_code";
  if (entity == &marrow_entity_product_aliquot)
    return "label";
  return NULL;
}

static void issue_error (Issuer      *issuer,
                         GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* A refusal: MARROW_STORE_ERROR_INVALID, naming the table and the field */
static void
issue_error (Issuer      *issuer,
             GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
               _("Could not issue the chain-of-identity ID %s.%s for %s %s: %s"),
               issuer->table, issuer->field, issuer->table,
               marrow_record_get_id (issuer->record), detail);
}

/* A database failure, mapped by marrow_sqlite_set_error() */
static void
issue_sqlite_error (Issuer  *issuer,
                    int      rc,
                    GError **error)
{
  g_autofree char *what = g_strdup_printf (_("Could not issue the chain-of-identity ID %s.%s"),
                                           issuer->table, issuer->field);

  marrow_sqlite_set_error (error, issuer->db, rc, what);
}

static sqlite3_stmt *
issuer_prepare (Issuer      *issuer,
                const char  *sql,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = marrow_sqlite_prepare (issuer->db, sql, FALSE, &local_error);

  if (stmt == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s.%s: ",
                                issuer->table, issuer->field);
  return stmt;
}

/* Runs @sql with the text parameters @p1 and @p2 (either may be unused)
 * and reads the first column of the first row as text.  *found tells
 * whether there was a row; *value is NULL when there was none or the
 * column is NULL. */
static gboolean
query_text (Issuer      *issuer,
            const char  *sql,
            const char  *p1,
            const char  *p2,
            gboolean    *found,
            char       **value,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert (value != NULL && *value == NULL);

  if (!(stmt = issuer_prepare (issuer, sql, error)))
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    marrow_sqlite_bind_text (stmt, 1, p1);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    marrow_sqlite_bind_text (stmt, 2, p2);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup (marrow_sqlite_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      issue_sqlite_error (issuer, rc, error);
      return FALSE;
    }

  if (found != NULL)
    *found = rc == SQLITE_ROW;
  return TRUE;
}

/* The first INSERT of @entity with @id after the current change, or NULL */
static MarrowRecord *
find_later_insert (Issuer                *issuer,
                   const MarrowEntityDef *entity,
                   const char            *id)
{
  guint n_changes = marrow_change_set_get_length (issuer->changes);

  for (guint j = issuer->index + 1; j < n_changes; j++)
    {
      const MarrowChange *change = marrow_change_set_get (issuer->changes, j);

      if (change->kind == MARROW_CHANGE_INSERT &&
          marrow_record_get_entity (change->record) == entity &&
          g_strcmp0 (marrow_record_get_id (change->record), id) == 0)
        return change->record;
    }
  return NULL;
}

/* The calendar year of @field (an instant), or of now when it is empty, in
 * the record's own time zone (tz; UTC when it has none or it is unknown):
 * a harvest at 00:30 on New Year's Day in Berlin belongs to the new year. */
static guint
year_of (MarrowRecord *record,
         const char   *field,
         const char   *now)
{
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (!marrow_record_is_null (record, field))
    instant = marrow_instant_parse (marrow_record_get_text (record, field));
  if (instant == NULL)
    instant = marrow_instant_parse (now);
  if (instant == NULL)
    instant = g_date_time_new_now_utc ();

  if (marrow_record_has_field (record, "tz") && !marrow_record_is_null (record, "tz"))
    zone = marrow_time_zone_new (marrow_record_get_text (record, "tz"));
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  local = g_date_time_to_timezone (instant, zone);
  return (guint)g_date_time_get_year (local);
}

/* Whether any COI field of a change after the current one starts with
 * @prefix (an ID the caller brings in the same set) */
static gboolean
prefix_in_later_changes (Issuer     *issuer,
                         const char *prefix)
{
  guint n_changes = marrow_change_set_get_length (issuer->changes);

  for (guint j = issuer->index + 1; j < n_changes; j++)
    {
      const MarrowChange *change = marrow_change_set_get (issuer->changes, j);
      const char *field = marrow_sqlite_coi_field (marrow_record_get_entity (change->record));

      if (field != NULL && change->kind != MARROW_CHANGE_VOID &&
          !marrow_record_is_null (change->record, field) &&
          g_str_has_prefix (marrow_record_get_text (change->record, field), prefix))
        return TRUE;
    }
  return FALSE;
}

/* Whether @base is already carried by a harvest, a run or a lot (IDs
 * imported from an archive, or given before the sequence existed), or by a
 * record later in the same change set. */
static gboolean
base_in_use (Issuer      *issuer,
             const char  *base,
             gboolean    *used,
             GError     **error)
{
  g_autofree char *from = g_strconcat (base, "-", NULL);
  g_autofree char *to = g_strconcat (base, ".", NULL);   /* '.' follows '-' */
  g_autofree char *value = NULL;

  if (prefix_in_later_changes (issuer, base))
    {
      *used = TRUE;
      return TRUE;
    }

  /* Ranges rather than LIKE, so that the UNIQUE indexes answer */
  if (!query_text (issuer,
                   "SELECT EXISTS (SELECT 1 FROM harvest "
                   "               WHERE coi_id = substr(?1, 1, length(?1) - 1)) "
                   "    OR EXISTS (SELECT 1 FROM processing_run "
                   "               WHERE run_code > ?1 AND run_code < ?2) "
                   "    OR EXISTS (SELECT 1 FROM product_lot WHERE coi_id > ?1 AND coi_id < ?2)",
                   from, to, NULL, &value, error))
    return FALSE;

  *used = g_strcmp0 (value, "1") == 0;
  return TRUE;
}

/* Takes the next sequence number of the facility (setting facility_code)
 * and @year from coi_sequence and returns the new base ID. */
static gboolean
issue_base (Issuer  *issuer,
            guint    year,
            char   **base,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *facility = NULL;
  g_autofree char *year_text = g_strdup_printf ("%u", year);
  g_autofree char *last_text = NULL;
  guint64 last = 0;
  int rc;

  if (!query_text (issuer, "SELECT value FROM setting WHERE key = 'facility_code'",
                   NULL, NULL, NULL, &facility, error))
    return FALSE;
  if (facility == NULL || *facility == '\0')
    {
      issue_error (issuer, error, _("no facility code is set (setting facility_code)"));
      return FALSE;
    }

  if (!query_text (issuer,
                   "SELECT last_sequence FROM coi_sequence "
                   "WHERE facility = ?1 AND year = CAST(?2 AS INTEGER)",
                   facility, year_text, NULL, &last_text, error))
    return FALSE;
  if (last_text != NULL)
    last = g_ascii_strtoull (last_text, NULL, 10);

  for (guint64 sequence = last + 1; sequence <= MARROW_COI_SEQUENCE_MAX; sequence++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *candidate = NULL;
      gboolean used = FALSE;

      candidate = marrow_coi_make_base (facility, year, (guint)sequence, &local_error);
      if (candidate == NULL)
        {
          issue_error (issuer, error, _("the facility code (setting facility_code) cannot be "
                                        "used: %s"),
                       local_error->message);
          return FALSE;
        }

      if (!base_in_use (issuer, candidate, &used, error))
        return FALSE;
      if (used)
        {
          g_debug ("%s is already in use; skipping it", candidate);
          continue;
        }

      stmt = issuer_prepare (issuer,
                             "INSERT INTO coi_sequence (facility, year, last_sequence) "
                             "VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (facility, year) DO UPDATE SET last_sequence = ?3",
                             error);
      if (stmt == NULL)
        return FALSE;
      marrow_sqlite_bind_text (stmt, 1, facility);
      sqlite3_bind_int64 (stmt, 2, year);
      sqlite3_bind_int64 (stmt, 3, (gint64)sequence);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          issue_sqlite_error (issuer, rc, error);
          return FALSE;
        }

      *base = g_steal_pointer (&candidate);
      return TRUE;
    }

  issue_error (issuer, error,
               _("the sequence of facility %s for the year %u is used up (all %u IDs were issued)"),
               facility, year, (guint)MARROW_COI_SEQUENCE_MAX);
  return FALSE;
}

/* The base of the first input harvest of run @run_id that has a COI: the
 * inputs already written (in the order they were written), then those
 * later in the change set.  *base is NULL if there is none. */
static gboolean
first_input_base (Issuer      *issuer,
                  const char  *run_id,
                  char       **base,
                  GError     **error)
{
  guint n_changes = marrow_change_set_get_length (issuer->changes);

  g_assert (base != NULL && *base == NULL);

  if (!query_text (issuer,
                   "SELECT h.coi_id FROM processing_input AS i "
                   "JOIN harvest AS h ON h.id = i.harvest_id "
                   "WHERE i.processing_run_id = ?1 AND i.record_status <> 'entered_in_error' "
                   "AND h.coi_id IS NOT NULL "
                   "ORDER BY i.rowid LIMIT 1",
                   run_id, NULL, NULL, base, error))
    return FALSE;
  if (*base != NULL)
    return TRUE;

  /* The run is written before its inputs, which reference it */
  for (guint j = issuer->index + 1; j < n_changes; j++)
    {
      const MarrowChange *change = marrow_change_set_get (issuer->changes, j);
      MarrowRecord *input = change->record;
      g_autofree char *coi = NULL;
      MarrowRecord *harvest;
      const char *harvest_id;
      gboolean found = FALSE;

      if (change->kind != MARROW_CHANGE_INSERT ||
          marrow_record_get_entity (input) != &marrow_entity_processing_input ||
          g_strcmp0 (marrow_record_get_text (input, "processing_run_id"), run_id) != 0 ||
          marrow_record_is_null (input, "harvest_id"))
        continue;

      harvest_id = marrow_record_get_text (input, "harvest_id");
      if (!query_text (issuer, "SELECT coi_id FROM harvest WHERE id = ?1",
                       harvest_id, NULL, &found, &coi, error))
        return FALSE;
      if (coi != NULL)
        {
          *base = g_steal_pointer (&coi);
          return TRUE;
        }
      if (found)
        continue;   /* a harvest saved before IDs were issued */

      harvest = find_later_insert (issuer, &marrow_entity_harvest, harvest_id);
      if (harvest != NULL && !marrow_record_is_null (harvest, "coi_id"))
        {
          *base = g_strdup (marrow_record_get_text (harvest, "coi_id"));
          return TRUE;
        }
      if (harvest != NULL)
        {
          issue_error (issuer, error,
                       _("its input harvest %s comes later in the same change set and has no ID "
                         "yet; put the harvest before it in the change set"),
                       harvest_id);
          return FALSE;
        }
      /* An unknown harvest: the input's foreign key will name it */
    }

  return TRUE;
}

/* The next n of {base}{infix}{n}: one more than the largest n already
 * written to @table or carried by a later change, so that IDs brought by
 * an import never collide with the ones issued here.  Without gaps this is
 * 1 + the number of existing IDs.  Runs and lots that were entered in
 * error keep their numbers. */
static gboolean
next_child_no (Issuer      *issuer,
               const char  *sql,
               const char  *base,
               char         infix,
               guint       *n,
               GError     **error)
{
  g_autofree char *from = g_strdup_printf ("%s-%c", base, infix);
  g_autofree char *to = g_strdup_printf ("%s-%c", base, infix + 1);
  g_autofree char *max_text = NULL;
  guint n_changes = marrow_change_set_get_length (issuer->changes);
  guint64 max = 0;

  if (!query_text (issuer, sql, from, to, NULL, &max_text, error))
    return FALSE;
  if (max_text != NULL)
    max = g_ascii_strtoull (max_text, NULL, 10);

  for (guint j = issuer->index + 1; j < n_changes; j++)
    {
      const MarrowChange *change = marrow_change_set_get (issuer->changes, j);
      const char *field = marrow_sqlite_coi_field (marrow_record_get_entity (change->record));
      const char *value;
      char *end = NULL;
      guint64 number;

      if (field == NULL || change->kind == MARROW_CHANGE_VOID ||
          marrow_record_is_null (change->record, field))
        continue;
      value = marrow_record_get_text (change->record, field);
      if (!g_str_has_prefix (value, from))
        continue;

      /* {from}{n} or, for an aliquot label, {from}{n}-{NN} */
      number = g_ascii_strtoull (value + strlen (from), &end, 10);
      if (end != NULL && (*end == '\0' || *end == '-'))
        max = MAX (max, number);
    }

  *n = (guint)MIN (max + 1, (guint64)G_MAXUINT);
  return TRUE;
}

static gboolean
derive (Issuer      *issuer,
        char      *(*derive_func) (const char *, guint, GError **),
        const char  *parent,
        guint        n,
        char       **value,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!(*value = derive_func (parent, n, &local_error)))
    {
      issue_error (issuer, error, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
issue_harvest (Issuer  *issuer,
               char   **value,
               GError **error)
{
  return issue_base (issuer, year_of (issuer->record, "started_at", issuer->now), value, error);
}

/* {base}-P{n}; left empty while the run has no input harvest with an ID
 * (an allogeneic run, or inputs that are not saved yet) */
static gboolean
issue_run (Issuer  *issuer,
           char   **value,
           GError **error)
{
  g_autofree char *base = NULL;
  guint n = 0;

  if (!first_input_base (issuer, marrow_record_get_id (issuer->record), &base, error))
    return FALSE;
  if (base == NULL)
    return TRUE;

  return next_child_no (issuer,
                        "SELECT max(CAST(substr(run_code, length(?1) + 1) AS INTEGER)) "
                        "FROM processing_run WHERE run_code > ?1 AND run_code < ?2",
                        base, 'P', &n, error) &&
         derive (issuer, marrow_coi_derive_run, base, n, value, error);
}

/* {base}-L{n} with the base of the run's first input harvest (or of the
 * run's own code); an allogeneic lot without one gets a new base and -L1. */
static gboolean
issue_lot (Issuer  *issuer,
           char   **value,
           GError **error)
{
  MarrowRecord *lot = issuer->record;
  g_autofree char *base = NULL;
  const char *run_id = NULL;
  gboolean allogeneic;
  guint n = 1;

  if (!marrow_record_is_null (lot, "processing_run_id"))
    run_id = marrow_record_get_text (lot, "processing_run_id");
  allogeneic = !marrow_record_is_null (lot, "origin") &&
               g_str_has_prefix (marrow_record_get_text (lot, "origin"), "allogeneic");

  if (run_id != NULL)
    {
      g_autofree char *run_code = NULL;
      MarrowCoiParts parts;

      if (!first_input_base (issuer, run_id, &base, error))
        return FALSE;
      if (base == NULL &&
          !query_text (issuer, "SELECT run_code FROM processing_run WHERE id = ?1",
                       run_id, NULL, NULL, &run_code, error))
        return FALSE;
      if (base == NULL && run_code != NULL && marrow_coi_parse (run_code, NULL, &parts, NULL))
        base = g_strdup (parts.base);
    }

  if (base != NULL)
    {
      if (!next_child_no (issuer,
                          "SELECT max(CAST(substr(coi_id, length(?1) + 1) AS INTEGER)) "
                          "FROM product_lot WHERE coi_id > ?1 AND coi_id < ?2",
                          base, 'L', &n, error))
        return FALSE;
    }
  else if (allogeneic)
    {
      /* A received product: its own new base, numbered like a harvest's */
      if (!issue_base (issuer, year_of (lot, "received_at", issuer->now), &base, error))
        return FALSE;
    }
  else if (run_id != NULL)
    {
      issue_error (issuer, error,
                   _("its processing run %s has no input harvest with a chain-of-identity ID"),
                   run_id);
      return FALSE;
    }
  else
    {
      issue_error (issuer, error,
                   _("a lot that is not allogeneic takes the ID of its harvest, so it needs its "
                     "processing run (processing_run_id)"));
      return FALSE;
    }

  return derive (issuer, marrow_coi_derive_lot, base, n, value, error);
}

/* {lot coi_id}-{NN}; left empty while the lot or the number is missing */
static gboolean
issue_aliquot (Issuer  *issuer,
               char   **value,
               GError **error)
{
  MarrowRecord *aliquot = issuer->record;
  g_autofree char *lot_coi = NULL;
  gint64 aliquot_no;

  if (marrow_record_is_null (aliquot, "lot_id") || marrow_record_is_null (aliquot, "aliquot_no"))
    return TRUE;

  /* A lot saved earlier in the same set is already written, with its ID */
  if (!query_text (issuer, "SELECT coi_id FROM product_lot WHERE id = ?1",
                   marrow_record_get_text (aliquot, "lot_id"), NULL, NULL, &lot_coi, error))
    return FALSE;
  if (lot_coi == NULL)
    return TRUE;   /* an unknown lot: the foreign key names it */

  aliquot_no = marrow_record_get_int (aliquot, "aliquot_no");
  return derive (issuer, marrow_coi_derive_aliquot, lot_coi,
                 (guint)CLAMP (aliquot_no, 0, G_MAXUINT), value, error);
}

/**
 * marrow_sqlite_coi_prepare_change:
 * @db: the store's connection, inside its write transaction
 * @changes: the change set being applied
 * @index: the change about to be written; every earlier one is written
 * @now: the change set's instant
 * @issued: (out) (transfer full) (nullable): the record to write instead
 *   of the caller's, with its ID filled in, or %NULL to write the caller's
 * @error: return location for a #GError
 *
 * Issues the chain-of-identity ID of an insert whose ID field is empty.
 * An update with an empty ID field keeps the ID the row already has (a
 * record inserted earlier in the same set, or a stale copy); a row that
 * has none yet (saved before IDs were issued) receives one as an insert
 * would.  Afterwards a product lot must carry a coi_id.
 *
 * Failures are %MARROW_STORE_ERROR_INVALID and name the field, or come
 * from SQLite.
 */
gboolean
marrow_sqlite_coi_prepare_change (sqlite3          *db,
                                  MarrowChangeSet  *changes,
                                  guint             index,
                                  const char       *now,
                                  MarrowRecord    **issued,
                                  GError          **error)
{
  const MarrowChange *change;
  const MarrowEntityDef *entity;
  g_autofree char *value = NULL;
  gboolean ok = TRUE;
  Issuer issuer;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (index < marrow_change_set_get_length (changes), FALSE);
  g_return_val_if_fail (issued != NULL && *issued == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  change = marrow_change_set_get (changes, index);
  entity = marrow_record_get_entity (change->record);
  issuer = (Issuer) {
    .db = db,
    .changes = changes,
    .index = index,
    .now = now,
    .record = change->record,
    .table = entity->name,
    .field = marrow_sqlite_coi_field (entity),
  };

  if (issuer.field == NULL || change->kind == MARROW_CHANGE_VOID)
    goto check;

  /* An issued ID is the identity of the product: it never changes.  A
   * wrong one is corrected by entering the record in error. */
  if (!marrow_record_is_null (change->record, issuer.field))
    {
      g_autoptr(GString) sql = NULL;
      g_autofree char *stored = NULL;
      const char *wanted = marrow_record_get_text (change->record, issuer.field);
      gboolean found = FALSE;

      if (change->kind != MARROW_CHANGE_UPDATE)
        goto check;

      sql = g_string_new ("SELECT ");
      marrow_sqlite_append_ident (sql, issuer.field);
      g_string_append (sql, " FROM ");
      marrow_sqlite_append_ident (sql, entity->name);
      g_string_append (sql, " WHERE \"id\" = ?1");
      if (!query_text (&issuer, sql->str, marrow_record_get_id (change->record), NULL,
                       &found, &stored, error))
        return FALSE;
      if (found && stored != NULL && g_strcmp0 (stored, wanted) != 0)
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                       _("%s.%s is %s and cannot be changed to %s once issued; enter the "
                         "record in error and record it again"),
                       entity->name, issuer.field, stored, wanted);
          return FALSE;
        }
      goto check;
    }

  if (change->kind == MARROW_CHANGE_UPDATE)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      gboolean found = FALSE;

      marrow_sqlite_append_ident (sql, issuer.field);
      g_string_append (sql, " FROM ");
      marrow_sqlite_append_ident (sql, entity->name);
      g_string_append (sql, " WHERE \"id\" = ?1");
      if (!query_text (&issuer, sql->str, marrow_record_get_id (change->record), NULL,
                       &found, &value, error))
        return FALSE;
      /* Not found: the update itself reports it */
      if (value != NULL || !found)
        goto done;
    }

  if (entity == &marrow_entity_harvest)
    ok = issue_harvest (&issuer, &value, error);
  else if (entity == &marrow_entity_processing_run)
    ok = issue_run (&issuer, &value, error);
  else if (entity == &marrow_entity_product_lot)
    ok = issue_lot (&issuer, &value, error);
  else if (entity == &marrow_entity_product_aliquot)
    ok = issue_aliquot (&issuer, &value, error);
  else
    g_assert_not_reached ();

  if (!ok)
    return FALSE;

done:
  if (value != NULL)
    {
      *issued = marrow_record_copy (change->record);
      marrow_record_set_text (*issued, issuer.field, value);
      g_debug ("%s %s: %s = %s", entity->name, marrow_record_get_id (change->record),
               issuer.field, value);
    }

check:
  /* Domain model 4.7 and 5: every lot carries its chain-of-identity ID */
  if (entity == &marrow_entity_product_lot && change->kind != MARROW_CHANGE_VOID &&
      marrow_record_is_null (*issued != NULL ? *issued : change->record, "coi_id"))
    {
      g_clear_object (issued);
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("%s %s has no chain-of-identity ID (coi_id); every lot must carry one"),
                   _(entity->label), marrow_record_get_id (change->record));
      return FALSE;
    }

  return TRUE;
}

/**
 * marrow_sqlite_coi_copy_issued:
 * @target: the caller's record
 * @stored: the row as written
 *
 * After COMMIT: gives @target the chain-of-identity ID the store issued
 * for it (or kept for it), as apply() gives it its row_version.
 */
void
marrow_sqlite_coi_copy_issued (MarrowRecord *target,
                               MarrowRecord *stored)
{
  const char *field;

  g_return_if_fail (MARROW_IS_RECORD (target));
  g_return_if_fail (MARROW_IS_RECORD (stored));

  field = marrow_sqlite_coi_field (marrow_record_get_entity (target));
  if (field != NULL && marrow_record_is_null (target, field) &&
      !marrow_record_is_null (stored, field))
    marrow_record_set_text (target, field, marrow_record_get_text (stored, field));
}
