/* marrow-sqlite-import.c: records written as exported, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import (archive restore or merge) keeps each record's UUID and
 * metadata: who created and last changed it, when, its row version and
 * status.  That is what makes export -> import -> export byte-identical and
 * merging by UUID possible.  Every record is still checked as a save would
 * check it.  The audit log gets one "import" row per AUDIT_BATCH records
 * written, listing them (table, UUID, row version) in after_json, whose
 * staff is the importing user if they are already staff (an import never
 * adds a staff row of its own: it would not be in the archive).  A row per
 * record, with its hash and index entry, cost more than the record itself;
 * the batch rows name the same records, in the same hash chain.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-canonical-json.h"
#include "marrow-entities.h"
#include "marrow-sqlite-assessment.h"
#include "marrow-sqlite-audit-archive.h"
#include "marrow-sqlite-import.h"
#include "marrow-sqlite-util.h"
#include "marrow-time.h"
#include "marrow-validate.h"

struct _MarrowSqliteImport
{
  sqlite3                  *db;
  MarrowAuditWriter        *audit;        /* borrowed from the store */
  MarrowInstrumentRegistry *instruments;
  char                     *staff_id;     /* nullable */
  char                     *workstation;
  char                     *reason;
  char                     *now;
  gint64                    cache_size;   /* to restore at the end */
  GHashTable               *statements;   /* entity -> Statements */
  GHashTable               *parents;      /* assessment id -> "CODE\nVERSION" */
  GString                  *written;      /* JSON list of records not yet in the log */
  guint                     n_written;
  MarrowAuditChains        *chains;       /* other logs in the archive; made when first met */
};

#define AUDIT_BATCH 256

typedef struct
{
  sqlite3_stmt *select;
  sqlite3_stmt *insert;
} Statements;

static void
statements_free (gpointer data)
{
  Statements *statements = data;

  sqlite3_finalize (statements->select);
  sqlite3_finalize (statements->insert);
  g_free (statements);
}

static void
import_free (MarrowSqliteImport *import)
{
  g_hash_table_unref (import->statements);
  g_hash_table_unref (import->parents);
  g_string_free (import->written, TRUE);
  g_clear_pointer (&import->chains, marrow_audit_chains_free);
  g_clear_object (&import->instruments);
  g_free (import->staff_id);
  g_free (import->workstation);
  g_free (import->reason);
  g_free (import->now);
  g_free (import);
}

static Statements *
get_statements (MarrowSqliteImport     *import,
                const MarrowEntityDef  *entity,
                GError                **error)
{
  Statements *statements = g_hash_table_lookup (import->statements, entity);
  g_autoptr(GString) select = NULL;
  g_autoptr(GString) insert = NULL;

  if (statements != NULL)
    return statements;

  select = g_string_new ("SELECT ");
  marrow_sqlite_append_columns (select, entity);
  g_string_append (select, " FROM ");
  marrow_sqlite_append_ident (select, entity->name);
  g_string_append (select, " WHERE \"id\" = ?1");

  insert = g_string_new ("INSERT INTO ");
  marrow_sqlite_append_ident (insert, entity->name);
  g_string_append (insert, " (");
  marrow_sqlite_append_columns (insert, entity);
  g_string_append (insert, ") VALUES (?");
  /* id, the fields, seven metadata columns */
  for (guint i = 0; i < entity->n_fields + 7; i++)
    g_string_append (insert, ", ?");
  /* A UUID already present is not an error: the caller compares */
  g_string_append (insert, ") ON CONFLICT (\"id\") DO NOTHING");

  statements = g_new0 (Statements, 1);
  statements->select = marrow_sqlite_prepare (import->db, select->str, TRUE, error);
  statements->insert = marrow_sqlite_prepare (import->db, insert->str, TRUE, error);
  if (statements->select == NULL || statements->insert == NULL)
    {
      statements_free (statements);
      return NULL;
    }
  g_hash_table_insert (import->statements, (gpointer)entity, statements);
  return statements;
}

/**
 * marrow_sqlite_import_begin:
 * @db: the database, not inside a transaction
 * @audit: the store's audit writer
 * @instruments: the questionnaire definitions, to check assessments
 * @staff_id: (nullable): the importing user's staff id, if they have one
 * @workstation: the workstation, for the audit trail
 * @source: what is imported, for the audit trail
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the import, inside BEGIN IMMEDIATE
 */
MarrowSqliteImport *
marrow_sqlite_import_begin (sqlite3                   *db,
                            MarrowAuditWriter         *audit,
                            MarrowInstrumentRegistry  *instruments,
                            const char                *staff_id,
                            const char                *workstation,
                            const char                *source,
                            GError                   **error)
{
  MarrowSqliteImport *import;
  gint64 cache_size;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (audit != NULL, NULL);
  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (instruments), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  /* References are checked once, at the end (check_references()), rather
   * than row by row: a record may come before the one it points to (rows
   * are in UUID order; some tables point at themselves), and one check of
   * the whole database costs far less than a lookup per reference.  The
   * pragma only takes effect outside a transaction.
   *
   * Each insert fires triggers that may abort it, so SQLite keeps a
   * statement journal per insert; in a temporary file that is a pwrite()
   * for every page an insert touches (130 000 of them per 100 000 records).
   * In memory it costs nothing but a little RAM. */
  rc = sqlite3_exec (db, "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not start the import"));
      sqlite3_exec (db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
      return NULL;
    }

  /* A larger page cache keeps the indexes being filled in memory; the
   * default (2 MB) spills pages to the WAL again and again */
  if (!marrow_sqlite_get_int (db, "PRAGMA cache_size", &cache_size, NULL))
    cache_size = -2000;
  sqlite3_exec (db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  marrow_audit_writer_hold (audit);

  import = g_new0 (MarrowSqliteImport, 1);
  import->db = db;
  import->cache_size = cache_size;
  import->audit = audit;
  import->instruments = g_object_ref (instruments);
  import->staff_id = g_strdup (staff_id);
  import->workstation = g_strdup (workstation);
  import->reason = g_strdup_printf (_("Imported from %s"), source);
  import->now = marrow_instant_now ();
  import->statements = g_hash_table_new_full (NULL, NULL, NULL, statements_free);
  import->parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import->written = g_string_new (NULL);
  return import;
}

static gboolean
find_existing (MarrowSqliteImport     *import,
               Statements             *statements,
               MarrowRecord           *record,
               MarrowRecord          **existing,
               GError                **error)
{
  int rc;

  sqlite3_reset (statements->select);
  marrow_sqlite_bind_text (statements->select, 1, marrow_record_get_id (record));
  rc = sqlite3_step (statements->select);
  if (rc == SQLITE_ROW)
    *existing = marrow_sqlite_read_record (marrow_record_get_entity (record), statements->select);
  sqlite3_reset (statements->select);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, import->db, rc, _("Could not read the database"));
      return FALSE;
    }
  return TRUE;
}

/* Writes @record unless its UUID exists; *inserted tells which */
static gboolean
insert_verbatim (MarrowSqliteImport  *import,
                 Statements          *statements,
                 MarrowRecord        *record,
                 gboolean            *inserted,
                 GError             **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  sqlite3_stmt *stmt = statements->insert;
  int n = 1;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_id (record));
  for (guint i = 0; i < entity->n_fields; i++)
    marrow_sqlite_bind_field (stmt, n++, record, i);
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_created_at (record));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_created_by (record));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_updated_at (record));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_updated_by (record));
  sqlite3_bind_int64 (stmt, n++, marrow_record_get_row_version (record));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_record_status (record));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_error_reason (record));

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not import %s %s"), entity->name,
                                               marrow_record_get_id (record));

      marrow_sqlite_set_error (error, import->db, rc, what);
      return FALSE;
    }
  *inserted = sqlite3_changes (import->db) > 0;
  return TRUE;
}

/* What the store checks on a save, applied to an imported record */
static gboolean
check_record (MarrowSqliteImport  *import,
              MarrowRecord        *record,
              GError             **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autoptr(MarrowChangeSet) one = NULL;

  if (marrow_text_is_blank (marrow_record_get_created_at (record)) ||
      marrow_text_is_blank (marrow_record_get_updated_at (record)) ||
      marrow_record_get_row_version (record) < 1)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("%s %s has no creation time, change time or row version"), entity->name,
                   marrow_record_get_id (record));
      return FALSE;
    }

  if (!marrow_record_validate (record, NULL, NULL, error))
    return FALSE;

  if (entity != &marrow_entity_assessment && entity != &marrow_entity_assessment_item &&
      entity != &marrow_entity_joint_case)
    return TRUE;

  one = marrow_change_set_new ();
  marrow_change_set_add_insert (one, record);
  return marrow_sqlite_assessment_check_change (import->db, one, 0, import->instruments,
                                                import->parents, error);
}

/* One audit row for the records written since the last one:
 * {"records":[[table,uuid,row_version],…]} */
static gboolean
log_written (MarrowSqliteImport  *import,
             GError             **error)
{
  g_autofree char *detail = NULL;
  MarrowAuditEntry entry;

  if (import->n_written == 0)
    return TRUE;
  detail = g_strdup_printf ("{\"records\":[%s]}", import->written->str);
  g_string_truncate (import->written, 0);
  import->n_written = 0;

  entry = (MarrowAuditEntry) {
    .at = import->now,
    .staff_id = import->staff_id,
    .workstation = import->workstation,
    .action = "import",
    .after_json = detail,
    .reason = import->reason,
  };
  return marrow_audit_writer_append (import->audit, &entry, NULL, error);
}

/**
 * marrow_sqlite_import_audit_row:
 * @import: an import
 * @row: a row of an audit log carried by the archive
 * @outcome: (out): what happened to it
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the row breaks its chain or could not be written
 */
gboolean
marrow_sqlite_import_audit_row (MarrowSqliteImport    *import,
                                const MarrowAuditRow  *row,
                                MarrowImportOutcome   *outcome,
                                GError               **error)
{
  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (import->chains == NULL && !(import->chains = marrow_audit_chains_new (import->db, error)))
    return FALSE;
  return marrow_audit_chains_import_row (import->chains, row, outcome, error);
}

/* The imported logs' own event (marrow_audit_chains_log()) */
static gboolean
log_chains (MarrowSqliteImport  *import,
            GError             **error)
{
  MarrowAuditEntry event = {
    .at = import->now,
    .staff_id = import->staff_id,
    .workstation = import->workstation,
    .reason = import->reason,
  };

  return import->chains == NULL ||
         marrow_audit_chains_log (import->chains, import->audit, &event, error);
}

/**
 * marrow_sqlite_import_record:
 * @import: an import
 * @record: a record with its UUID and metadata
 * @outcome: (out): what happened to it
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the record is invalid or could not be written
 */
gboolean
marrow_sqlite_import_record (MarrowSqliteImport   *import,
                             MarrowRecord         *record,
                             MarrowImportOutcome  *outcome,
                             GError              **error)
{
  const MarrowEntityDef *entity;
  g_autoptr(MarrowRecord) existing = NULL;
  Statements *statements;
  gboolean inserted;

  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  /* Insert first and look only when the UUID was there: most records of
   * most imports are new, and this saves a lookup for each of them */
  entity = marrow_record_get_entity (record);
  if (!(statements = get_statements (import, entity, error)) ||
      !check_record (import, record, error) ||
      !insert_verbatim (import, statements, record, &inserted, error))
    return FALSE;

  if (!inserted)
    {
      g_autofree char *json = NULL;
      g_autofree char *stored = NULL;

      if (!find_existing (import, statements, record, &existing, error))
        return FALSE;
      json = marrow_record_to_canonical_json (record);
      stored = existing != NULL ? marrow_record_to_canonical_json (existing) : NULL;
      *outcome = g_strcmp0 (json, stored) == 0 ? MARROW_IMPORT_SKIPPED : MARROW_IMPORT_CONFLICT;
      return TRUE;
    }

  /* Its items follow in the archive: they need not look it up */
  if (entity == &marrow_entity_assessment &&
      marrow_record_get_text (record, "instrument_code") != NULL &&
      marrow_record_get_text (record, "instrument_version") != NULL)
    g_hash_table_insert (import->parents, g_strdup (marrow_record_get_id (record)),
                         g_strconcat (marrow_record_get_text (record, "instrument_code"), "\n",
                                      marrow_record_get_text (record, "instrument_version"),
                                      NULL));

  g_string_append (import->written, import->n_written == 0 ? "[" : ",[");
  marrow_json_append_string (import->written, entity->name);
  g_string_append_c (import->written, ',');
  marrow_json_append_string (import->written, marrow_record_get_id (record));
  g_string_append_printf (import->written, ",%" G_GINT64_FORMAT "]",
                          marrow_record_get_row_version (record));
  if (++import->n_written == AUDIT_BATCH && !log_written (import, error))
    return FALSE;

  *outcome = MARROW_IMPORT_ADDED;
  return TRUE;
}

/* Deferred references: name the first one that points nowhere, rather than
 * let COMMIT fail with "FOREIGN KEY constraint failed" */
static gboolean
check_references (sqlite3  *db,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) check = marrow_sqlite_prepare (db, "PRAGMA foreign_key_check", FALSE,
                                                         error);
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *table = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *id = NULL;
  gint64 rowid;

  if (check == NULL)
    return FALSE;
  if (sqlite3_step (check) != SQLITE_ROW)
    return TRUE;

  table = g_strdup (marrow_sqlite_column_text (check, 0));
  rowid = sqlite3_column_int64 (check, 1);
  parent = g_strdup (marrow_sqlite_column_text (check, 2));
  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE rowid = ?1", table);
  if ((find = marrow_sqlite_prepare (db, sql, FALSE, NULL)) != NULL)
    {
      sqlite3_bind_int64 (find, 1, rowid);
      if (sqlite3_step (find) == SQLITE_ROW)
        id = g_strdup (marrow_sqlite_column_text (find, 0));
    }
  g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CONSTRAINT,
               _("%s %s refers to a %s that is neither in the import nor in the database"),
               table, id != NULL ? id : "?", parent);
  return FALSE;
}

/**
 * marrow_sqlite_import_end:
 * @import: (transfer full): an import
 * @commit: keep what was imported
 * @error: return location for a #GError
 *
 * Commits or rolls back, and frees @import.
 *
 * Returns: %TRUE on success
 */
gboolean
marrow_sqlite_import_end (MarrowSqliteImport  *import,
                          gboolean             commit,
                          GError             **error)
{
  g_autofree char *restore = NULL;
  gboolean logged;
  sqlite3 *db;
  gboolean ok;
  int rc;

  g_return_val_if_fail (import != NULL, FALSE);

  db = import->db;
  restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT "; PRAGMA foreign_keys = ON; "
                             "PRAGMA temp_store = DEFAULT",
                             import->cache_size);
  logged = !commit || (log_written (import, error) && log_chains (import, error));
  marrow_audit_writer_release (import->audit);
  /* Statements first: a ROLLBACK with pending statements would fail */
  import_free (import);

  if (commit && logged && check_references (db, error))
    {
      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        marrow_sqlite_set_error (error, db, rc, _("Could not finish the import"));
      ok = rc == SQLITE_OK;
    }
  else
    ok = !commit;

  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (db, restore, NULL, NULL, NULL);
  return ok;
}
