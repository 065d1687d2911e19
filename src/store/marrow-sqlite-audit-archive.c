/* marrow-sqlite-audit-archive.c: audit logs out of and into archives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An archive may carry audit logs (docs/archive.md, "The audit log"): the
 * exporting database's own log, named by its database_id (migration 5),
 * and the logs of other databases that earlier imports brought in.  An
 * import keeps a log of another database in imported_audit_log, apart
 * from its own chain, after checking it link by link exactly as
 * marrow_audit_verify() checks a stored log: the rows of one origin come
 * from seq 1 in order, each one's prev_hash is the hash of the row before,
 * and each hash matches its row.  A row already kept is skipped when
 * identical and is a conflict otherwise.  Rows of this database's own log
 * are compared with it and never written.  At the end, one "import" event
 * in the importing database's own chain records, for each origin, how
 * many rows came and the hash of the last one, which ties the kept copy
 * to this database's chain.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "marrow-canonical-json.h"
#include "marrow-sqlite-audit-archive.h"
#include "marrow-sqlite-util.h"

#define ROW_COLUMNS \
  "seq, at, staff_id, workstation, action, table_name, record_id, row_version, " \
  "before_json, after_json, reason, prev_hash, hash"

/* How far the rows of one origin have come in this import */
typedef struct
{
  gint64  last_seq;
  char   *last_hash;
  guint64 added;
} Chain;

struct _MarrowAuditChains
{
  sqlite3      *db;
  char         *database_id;   /* this database's own */
  GHashTable   *chains;        /* origin -> Chain */
  sqlite3_stmt *find_own;
  sqlite3_stmt *find_imported;
  sqlite3_stmt *insert;
};

static void
chain_free (gpointer data)
{
  Chain *chain = data;

  g_free (chain->last_hash);
  g_free (chain);
}

static void
read_row (sqlite3_stmt   *stmt,
          const char     *origin,
          MarrowAuditRow *row)
{
  *row = (MarrowAuditRow) {
    .origin = origin,
    .seq = sqlite3_column_int64 (stmt, 0),
    .at = marrow_sqlite_column_text (stmt, 1),
    .staff_id = marrow_sqlite_column_text (stmt, 2),
    .workstation = marrow_sqlite_column_text (stmt, 3),
    .action = marrow_sqlite_column_text (stmt, 4),
    .table_name = marrow_sqlite_column_text (stmt, 5),
    .record_id = marrow_sqlite_column_text (stmt, 6),
    .row_version = sqlite3_column_int64 (stmt, 7),
    .has_row_version = sqlite3_column_type (stmt, 7) != SQLITE_NULL,
    .before_json = marrow_sqlite_column_text (stmt, 8),
    .after_json = marrow_sqlite_column_text (stmt, 9),
    .reason = marrow_sqlite_column_text (stmt, 10),
    .prev_hash = marrow_sqlite_column_text (stmt, 11),
    .hash = marrow_sqlite_column_text (stmt, 12),
  };
}

static gboolean
get_database_id (sqlite3  *db,
                 char    **database_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    marrow_sqlite_prepare (db, "SELECT value FROM setting WHERE key = 'database_id'", FALSE,
                           error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT,
                   _("The database has no database_id setting"));
      return FALSE;
    }
  *database_id = g_strdup (marrow_sqlite_column_text (stmt, 0));
  return TRUE;
}

/* The rows of @stmt, all of @origin or each of the origin in column 13 */
static gboolean
visit_rows (sqlite3             *db,
            sqlite3_stmt        *stmt,
            const char          *origin,
            MarrowAuditRowFunc   func,
            gpointer             user_data,
            GError             **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MarrowAuditRow row;

      read_row (stmt, origin != NULL ? origin : marrow_sqlite_column_text (stmt, 13), &row);
      if (!func (&row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not read the audit log"));
      return FALSE;
    }
  return TRUE;
}

/**
 * marrow_sqlite_audit_foreach:
 * @db: the database
 * @func: called for every row
 * @user_data: closure for @func
 * @error: return location for a #GError
 *
 * This database's own log by seq, then the imported logs by origin and
 * seq (marrow_store_foreach_audit()).
 *
 * Returns: %TRUE if every row was visited
 */
gboolean
marrow_sqlite_audit_foreach (sqlite3             *db,
                             MarrowAuditRowFunc   func,
                             gpointer             user_data,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) own = NULL;
  g_autoptr(sqlite3_stmt) imported = NULL;
  g_autofree char *database_id = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!get_database_id (db, &database_id, error) ||
      !(own = marrow_sqlite_prepare (db, "SELECT " ROW_COLUMNS " FROM audit_log ORDER BY seq",
                                     FALSE, error)) ||
      !visit_rows (db, own, database_id, func, user_data, error))
    return FALSE;

  imported = marrow_sqlite_prepare (db,
                                    "SELECT " ROW_COLUMNS ", origin FROM imported_audit_log "
                                    "ORDER BY origin, seq",
                                    FALSE, error);
  return imported != NULL && visit_rows (db, imported, NULL, func, user_data, error);
}

/**
 * marrow_audit_chains_new:
 * @db: the database, inside the import's transaction
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the audit-log side of one import
 */
MarrowAuditChains *
marrow_audit_chains_new (sqlite3  *db,
                         GError  **error)
{
  g_autoptr(MarrowAuditChains) chains = g_new0 (MarrowAuditChains, 1);

  g_return_val_if_fail (db != NULL, NULL);

  chains->db = db;
  chains->chains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, chain_free);
  if (!get_database_id (db, &chains->database_id, error) ||
      !(chains->find_own = marrow_sqlite_prepare (db, "SELECT hash FROM audit_log WHERE seq = ?1",
                                                  FALSE, error)) ||
      !(chains->find_imported = marrow_sqlite_prepare (db,
                                                       "SELECT hash FROM imported_audit_log "
                                                       "WHERE origin = ?1 AND seq = ?2",
                                                       FALSE, error)) ||
      !(chains->insert = marrow_sqlite_prepare (db,
                                                "INSERT INTO imported_audit_log (origin, "
                                                ROW_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                                                "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                                                FALSE, error)))
    return NULL;
  return g_steal_pointer (&chains);
}

void
marrow_audit_chains_free (MarrowAuditChains *chains)
{
  if (chains == NULL)
    return;
  g_clear_pointer (&chains->find_own, sqlite3_finalize);
  g_clear_pointer (&chains->find_imported, sqlite3_finalize);
  g_clear_pointer (&chains->insert, sqlite3_finalize);
  g_clear_pointer (&chains->chains, g_hash_table_unref);
  g_free (chains->database_id);
  g_free (chains);
}

static MarrowAuditEntry
row_entry (const MarrowAuditRow *row)
{
  return (MarrowAuditEntry) {
    .at = row->at,
    .staff_id = row->staff_id,
    .workstation = row->workstation,
    .action = row->action,
    .table_name = row->table_name,
    .record_id = row->record_id,
    .row_version = row->row_version,
    .has_row_version = row->has_row_version,
    .before_json = row->before_json,
    .after_json = row->after_json,
    .reason = row->reason,
  };
}

/* The row belongs where the rows before it left its chain, and is intact */
static gboolean
check_link (Chain                *chain,
            const MarrowAuditRow *row,
            GError              **error)
{
  MarrowAuditEntry entry = row_entry (row);
  g_autofree char *computed = NULL;

  if (!marrow_audit_action_is_valid (row->action) || row->at == NULL || row->hash == NULL ||
      row->prev_hash == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("audit entry %s/%" PRId64 " is incomplete"), row->origin,
                   row->seq);
      return FALSE;
    }
  if (row->seq != chain->last_seq + 1)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("audit entry %s/%" PRId64 " is out of sequence (expected %"
                     PRId64 "): the log is incomplete or reordered"),
                   row->origin, row->seq, chain->last_seq + 1);
      return FALSE;
    }
  if (g_strcmp0 (row->prev_hash, chain->last_hash) != 0)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("audit entry %s/%" PRId64 " does not follow the entry before it "
                     "(its prev_hash differs): the chain is broken"),
                   row->origin, row->seq);
      return FALSE;
    }
  computed = marrow_audit_compute_hash (row->prev_hash, row->seq, &entry);
  if (g_strcmp0 (computed, row->hash) != 0)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("audit entry %s/%" PRId64 " was altered: its hash does not match "
                     "its content"),
                   row->origin, row->seq);
      return FALSE;
    }
  g_free (chain->last_hash);
  chain->last_hash = g_strdup (row->hash);
  chain->last_seq = row->seq;
  return TRUE;
}

/* The hash stored for (origin, seq), or NULL */
static gboolean
find_stored (MarrowAuditChains     *chains,
             const MarrowAuditRow  *row,
             gboolean               own,
             char                 **hash,
             GError               **error)
{
  sqlite3_stmt *stmt = own ? chains->find_own : chains->find_imported;
  int rc;

  sqlite3_reset (stmt);
  if (own)
    sqlite3_bind_int64 (stmt, 1, row->seq);
  else
    {
      marrow_sqlite_bind_text (stmt, 1, row->origin);
      sqlite3_bind_int64 (stmt, 2, row->seq);
    }
  rc = sqlite3_step (stmt);
  *hash = rc == SQLITE_ROW ? g_strdup (marrow_sqlite_column_text (stmt, 0)) : NULL;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, chains->db, rc, _("Could not read the audit log"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_row (MarrowAuditChains     *chains,
            const MarrowAuditRow  *row,
            GError               **error)
{
  sqlite3_stmt *stmt = chains->insert;
  const char *texts[] = {
    row->at, row->staff_id, row->workstation, row->action, row->table_name, row->record_id,
  };
  const char *tail[] = { row->before_json, row->after_json, row->reason, row->prev_hash,
                         row->hash };
  int n = 1;
  int rc;

  sqlite3_reset (stmt);
  marrow_sqlite_bind_text (stmt, n++, row->origin);
  sqlite3_bind_int64 (stmt, n++, row->seq);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    marrow_sqlite_bind_text (stmt, n++, texts[i]);
  if (row->has_row_version)
    sqlite3_bind_int64 (stmt, n++, row->row_version);
  else
    sqlite3_bind_null (stmt, n++);
  for (guint i = 0; i < G_N_ELEMENTS (tail); i++)
    marrow_sqlite_bind_text (stmt, n++, tail[i]);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, chains->db, rc, _("Could not keep an imported audit entry"));
      return FALSE;
    }
  return TRUE;
}

/**
 * marrow_audit_chains_import_row:
 * @chains: the import's chains
 * @row: the next row of some origin's log
 * @outcome: (out): added, skipped or conflict
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the row breaks its chain or could not be written
 */
gboolean
marrow_audit_chains_import_row (MarrowAuditChains     *chains,
                                const MarrowAuditRow  *row,
                                MarrowImportOutcome   *outcome,
                                GError               **error)
{
  g_autofree char *stored = NULL;
  Chain *chain;
  gboolean own;

  g_return_val_if_fail (chains != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (row->origin == NULL || !g_uuid_string_is_valid (row->origin))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("an audit log's origin “%s” is not a UUID"), row->origin);
      return FALSE;
    }

  chain = g_hash_table_lookup (chains->chains, row->origin);
  if (chain == NULL)
    {
      chain = g_new0 (Chain, 1);
      chain->last_hash = g_strdup (MARROW_AUDIT_GENESIS_HASH);
      g_hash_table_insert (chains->chains, g_strdup (row->origin), chain);
    }
  if (!check_link (chain, row, error))
    return FALSE;

  own = g_strcmp0 (row->origin, chains->database_id) == 0;
  if (!find_stored (chains, row, own, &stored, error))
    return FALSE;
  if (stored != NULL || own)
    {
      /* This database's own log is never written from outside */
      *outcome = g_strcmp0 (stored, row->hash) == 0 ? MARROW_IMPORT_SKIPPED
                                                    : MARROW_IMPORT_CONFLICT;
      return TRUE;
    }
  if (!insert_row (chains, row, error))
    return FALSE;
  chain->added++;
  *outcome = MARROW_IMPORT_ADDED;
  return TRUE;
}

/**
 * marrow_audit_chains_log:
 * @chains: the import's chains
 * @audit: this database's audit writer
 * @event: the import event's who, when, where and why
 * @error: return location for a #GError
 *
 * Writes one "import" event per origin that gained rows, naming how many
 * and the hash of its last row.
 *
 * Returns: %TRUE on success
 */
gboolean
marrow_audit_chains_log (MarrowAuditChains       *chains,
                         MarrowAuditWriter       *audit,
                         const MarrowAuditEntry  *event,
                         GError                 **error)
{
  g_autoptr(GList) origins = NULL;

  g_return_val_if_fail (chains != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  origins = g_list_sort (g_hash_table_get_keys (chains->chains), (GCompareFunc)g_strcmp0);
  for (GList *l = origins; l != NULL; l = l->next)
    {
      Chain *chain = g_hash_table_lookup (chains->chains, l->data);
      g_autoptr(GString) detail = NULL;
      MarrowAuditEntry entry = *event;

      if (chain->added == 0)
        continue;
      detail = g_string_new ("{\"entries\":");
      g_string_append_printf (detail, "%" G_GUINT64_FORMAT ",\"last_hash\":", chain->added);
      marrow_json_append_string (detail, chain->last_hash);
      g_string_append_printf (detail, ",\"last_seq\":%" G_GINT64_FORMAT "}", chain->last_seq);

      entry.action = "import";
      entry.table_name = "imported_audit_log";
      entry.record_id = l->data;
      entry.after_json = detail->str;
      if (!marrow_audit_writer_append (audit, &entry, NULL, error))
        return FALSE;
    }
  return TRUE;
}
