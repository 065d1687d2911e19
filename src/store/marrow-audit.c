/* marrow-audit.c: the append-only, hash-chained audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row carries the hash of the row before it (prev_hash) and its own
 * hash over prev_hash and its other columns, so that editing a row breaks
 * its hash and deleting one breaks the link (and leaves a gap in seq).
 * Triggers in the schema (migration 1) refuse UPDATE and DELETE on the
 * table; the chain is what catches someone who drops them.
 *
 * Hash input (docs/store.md, 5.1 "Hash input"): the text
 *
 *   prev_hash "\n" {"seq":…,"at":…,"staff_id":…,"workstation":…,"action":…,
 *   "table_name":…,"record_id":…,"row_version":…,"before_json":…,
 *   "after_json":…,"reason":…}
 *
 * with the canonical JSON rules of marrow-canonical-json.c (no white space,
 * integers as integers, NULL as null).  before_json and after_json are
 * hashed as JSON strings holding the exact stored text.  hash is the
 * lowercase hex SHA-256 of that UTF-8 text.
 */
#define G_LOG_DOMAIN "marrow-audit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "marrow-audit.h"
#include "marrow-canonical-json.h"
#include "marrow-sqlite-util.h"
#include "marrow-store.h"

#define AUDIT_COLUMNS \
  "seq, at, staff_id, workstation, action, table_name, record_id, row_version, " \
  "before_json, after_json, reason, prev_hash, hash"

static const char * const actions[] = {
  "create", "update", "void", "sign", "print", "export", "import",
  "login", "logout", "role_change", "config_change",
};

struct _MarrowAuditWriter
{
  sqlite3      *db;
  sqlite3_stmt *head;
  sqlite3_stmt *insert;

  /* Inside a held run of appends, the head is read once and then kept */
  gboolean      held;
  gint64        held_seq;
  char         *held_hash;   /* NULL until read */
};

/**
 * marrow_audit_action_is_valid:
 *
 * Returns: %TRUE if @action is one of the actions of domain model 4.16
 */
gboolean
marrow_audit_action_is_valid (const char *action)
{
  if (action == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (strcmp (actions[i], action) == 0)
      return TRUE;
  return FALSE;
}

static void
append_key (GString    *out,
            const char *key)
{
  if (out->len > 0 && out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  marrow_json_append_string (out, key);
  g_string_append_c (out, ':');
}

/**
 * marrow_audit_hash_input:
 * @prev_hash: the hash of the previous row (or %MARROW_AUDIT_GENESIS_HASH)
 * @seq: the row's sequence number
 * @entry: the row's other columns
 *
 * Returns: (transfer full): the exact text whose SHA-256 is the row's hash
 */
char *
marrow_audit_hash_input (const char             *prev_hash,
                         gint64                  seq,
                         const MarrowAuditEntry *entry)
{
  GString *out;

  g_return_val_if_fail (entry != NULL, NULL);

  out = g_string_new (prev_hash != NULL ? prev_hash : "");
  g_string_append (out, "\n{");

  append_key (out, "seq");
  marrow_json_append_int (out, seq);
  append_key (out, "at");
  marrow_json_append_string (out, entry->at);
  append_key (out, "staff_id");
  marrow_json_append_string (out, entry->staff_id);
  append_key (out, "workstation");
  marrow_json_append_string (out, entry->workstation);
  append_key (out, "action");
  marrow_json_append_string (out, entry->action);
  append_key (out, "table_name");
  marrow_json_append_string (out, entry->table_name);
  append_key (out, "record_id");
  marrow_json_append_string (out, entry->record_id);
  append_key (out, "row_version");
  if (entry->has_row_version)
    marrow_json_append_int (out, entry->row_version);
  else
    g_string_append (out, "null");
  append_key (out, "before_json");
  marrow_json_append_string (out, entry->before_json);
  append_key (out, "after_json");
  marrow_json_append_string (out, entry->after_json);
  append_key (out, "reason");
  marrow_json_append_string (out, entry->reason);

  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/**
 * marrow_audit_compute_hash:
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of
 *   marrow_audit_hash_input()
 */
char *
marrow_audit_compute_hash (const char             *prev_hash,
                           gint64                  seq,
                           const MarrowAuditEntry *entry)
{
  g_autofree char *input = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  input = marrow_audit_hash_input (prev_hash, seq, entry);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);
}

/**
 * marrow_audit_writer_new:
 * @db: an open connection to a database at schema version 1 or later
 *
 * Returns: (transfer full): a writer that keeps its prepared statements
 */
MarrowAuditWriter *
marrow_audit_writer_new (sqlite3 *db)
{
  MarrowAuditWriter *writer;

  g_return_val_if_fail (db != NULL, NULL);

  writer = g_new0 (MarrowAuditWriter, 1);
  writer->db = db;
  return writer;
}

void
marrow_audit_writer_free (MarrowAuditWriter *writer)
{
  if (writer == NULL)
    return;
  g_clear_pointer (&writer->head, sqlite3_finalize);
  g_clear_pointer (&writer->insert, sqlite3_finalize);
  g_free (writer->held_hash);
  g_free (writer);
}

static gboolean
read_head (sqlite3       *db,
           sqlite3_stmt  *stmt,
           gint64        *seq,
           char         **hash,
           GError       **error)
{
  g_autoptr(MarrowBorrowedStmt) borrowed = stmt;
  int rc;

  rc = sqlite3_step (borrowed);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (borrowed, 0);
      *hash = g_strdup (marrow_sqlite_column_text (borrowed, 1));
      if (*hash == NULL)
        *hash = g_strdup ("");
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *seq = 0;
      *hash = g_strdup (MARROW_AUDIT_GENESIS_HASH);
      return TRUE;
    }

  marrow_sqlite_set_error (error, db, rc, _("Could not read the audit log"));
  return FALSE;
}

/**
 * marrow_audit_writer_append:
 * @writer: a #MarrowAuditWriter
 * @entry: the row to add
 * @seq: (out) (optional): the sequence number the row received
 * @error: return location for a #GError
 *
 * Appends one row to the chain.  Must run inside the write transaction of
 * the change it records, so the change and its audit row are committed or
 * rolled back together, and so that no other connection can append in
 * between (BEGIN IMMEDIATE holds the write lock).
 */
gboolean
marrow_audit_writer_append (MarrowAuditWriter       *writer,
                            const MarrowAuditEntry  *entry,
                            gint64                  *seq,
                            GError                 **error)
{
  g_autoptr(MarrowBorrowedStmt) insert = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 last_seq = 0;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (entry->at != NULL, FALSE);
  g_return_val_if_fail (marrow_audit_action_is_valid (entry->action), FALSE);
  g_return_val_if_fail (!sqlite3_get_autocommit (writer->db), FALSE);

  if (writer->head == NULL &&
      !(writer->head = marrow_sqlite_prepare (writer->db,
                                              "SELECT seq, hash FROM audit_log "
                                              "ORDER BY seq DESC LIMIT 1",
                                              TRUE, error)))
    return FALSE;
  if (writer->insert == NULL &&
      !(writer->insert = marrow_sqlite_prepare (writer->db,
                                                "INSERT INTO audit_log (" AUDIT_COLUMNS ") "
                                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                                                "?10, ?11, ?12, ?13)",
                                                TRUE, error)))
    return FALSE;

  if (writer->held && writer->held_hash != NULL)
    {
      last_seq = writer->held_seq;
      prev_hash = g_strdup (writer->held_hash);
    }
  else if (!read_head (writer->db, writer->head, &last_seq, &prev_hash, error))
    return FALSE;

  hash = marrow_audit_compute_hash (prev_hash, last_seq + 1, entry);

  insert = writer->insert;
  sqlite3_bind_int64 (insert, 1, last_seq + 1);
  marrow_sqlite_bind_text (insert, 2, entry->at);
  marrow_sqlite_bind_text (insert, 3, entry->staff_id);
  marrow_sqlite_bind_text (insert, 4, entry->workstation);
  marrow_sqlite_bind_text (insert, 5, entry->action);
  marrow_sqlite_bind_text (insert, 6, entry->table_name);
  marrow_sqlite_bind_text (insert, 7, entry->record_id);
  if (entry->has_row_version)
    sqlite3_bind_int64 (insert, 8, entry->row_version);
  else
    sqlite3_bind_null (insert, 8);
  marrow_sqlite_bind_text (insert, 9, entry->before_json);
  marrow_sqlite_bind_text (insert, 10, entry->after_json);
  marrow_sqlite_bind_text (insert, 11, entry->reason);
  marrow_sqlite_bind_text (insert, 12, prev_hash);
  marrow_sqlite_bind_text (insert, 13, hash);

  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, writer->db, rc, _("Could not write the audit log"));
      return FALSE;
    }

  if (writer->held)
    {
      writer->held_seq = last_seq + 1;
      g_free (writer->held_hash);
      writer->held_hash = g_steal_pointer (&hash);
    }
  if (seq != NULL)
    *seq = last_seq + 1;
  return TRUE;
}

/**
 * marrow_audit_writer_hold:
 * @writer: a #MarrowAuditWriter
 *
 * Starts a run of appends inside one write transaction (an import writes
 * one row per record): the head of the chain is read from the database
 * once and then carried along, which is safe because BEGIN IMMEDIATE keeps
 * every other connection from appending until the transaction ends.  End
 * the run with marrow_audit_writer_release() before COMMIT or ROLLBACK.
 */
void
marrow_audit_writer_hold (MarrowAuditWriter *writer)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (!sqlite3_get_autocommit (writer->db));

  writer->held = TRUE;
  g_clear_pointer (&writer->held_hash, g_free);
}

/**
 * marrow_audit_writer_release:
 * @writer: a #MarrowAuditWriter
 *
 * Ends a run started by marrow_audit_writer_hold(); the next append reads
 * the head from the database again.
 */
void
marrow_audit_writer_release (MarrowAuditWriter *writer)
{
  g_return_if_fail (writer != NULL);

  writer->held = FALSE;
  g_clear_pointer (&writer->held_hash, g_free);
}

/**
 * marrow_audit_get_head:
 * @seq: (out): the last sequence number, 0 for an empty log
 * @hash: (out) (transfer full): the last hash, the genesis hash for an empty log
 *
 * The head of the chain, to print on signed reports and exports so that a
 * later truncation of the log can be detected (domain model 4.16).
 */
gboolean
marrow_audit_get_head (sqlite3  *db,
                       gint64   *seq,
                       char    **hash,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *local_hash = NULL;
  gint64 local_seq = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  stmt = marrow_sqlite_prepare (db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;
  if (!read_head (db, stmt, &local_seq, &local_hash, error))
    return FALSE;

  if (seq != NULL)
    *seq = local_seq;
  if (hash != NULL)
    *hash = g_steal_pointer (&local_hash);
  return TRUE;
}

static void
add_problem (GPtrArray  *problems,
             char       *message)
{
  g_ptr_array_add (problems, marrow_problem_new ("audit_chain", message));
  g_free (message);
}

static char *
describe_gap (const char *label,
              gint64      prev_seq,
              gint64      seq)
{
  gint64 first = prev_seq + 1;
  gint64 last = seq - 1;

  if (prev_seq == 0)
    {
      if (first == last)
        return g_strdup_printf (_("%s: seq %" PRId64 " is missing before "
                                  "the first row (seq %" PRId64 "): rows were deleted"),
                                label, first, seq);
      return g_strdup_printf (_("%s: seq %" PRId64 " to %" PRId64
                                " are missing before the first row (seq %" PRId64
                                "): rows were deleted"),
                              label, first, last, seq);
    }
  if (first == last)
    return g_strdup_printf (_("%s: seq %" PRId64 " is missing between seq %"
                              PRId64 " and seq %" PRId64
                              ": a row was deleted and the chain is broken there"),
                            label, first, prev_seq, seq);
  return g_strdup_printf (_("%s: seq %" PRId64 " to %" PRId64
                            " are missing between seq %" PRId64 " and seq %"
                            PRId64 ": rows were deleted and the chain is broken there"),
                          label, first, last, prev_seq, seq);
}

/* One chain: the rows of @stmt (AUDIT_COLUMNS, in seq order) */
static gboolean
verify_chain (sqlite3      *db,
              sqlite3_stmt *stmt,
              const char   *label,
              GPtrArray    *problems,
              GError      **error)
{
  g_autofree char *prev_hash = g_strdup (MARROW_AUDIT_GENESIS_HASH);
  gint64 prev_seq = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *computed = NULL;
      MarrowAuditEntry entry = { 0 };
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev;
      const char *stored_hash;

      entry.at = marrow_sqlite_column_text (stmt, 1);
      entry.staff_id = marrow_sqlite_column_text (stmt, 2);
      entry.workstation = marrow_sqlite_column_text (stmt, 3);
      entry.action = marrow_sqlite_column_text (stmt, 4);
      entry.table_name = marrow_sqlite_column_text (stmt, 5);
      entry.record_id = marrow_sqlite_column_text (stmt, 6);
      entry.has_row_version = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      entry.row_version = sqlite3_column_int64 (stmt, 7);
      entry.before_json = marrow_sqlite_column_text (stmt, 8);
      entry.after_json = marrow_sqlite_column_text (stmt, 9);
      entry.reason = marrow_sqlite_column_text (stmt, 10);
      stored_prev = marrow_sqlite_column_text (stmt, 11);
      stored_hash = marrow_sqlite_column_text (stmt, 12);

      if (seq != prev_seq + 1)
        add_problem (problems, describe_gap (label, prev_seq, seq));
      else if (g_strcmp0 (stored_prev, prev_hash) != 0)
        {
          if (prev_seq == 0)
            add_problem (problems,
                         g_strdup_printf (_("%s seq %" PRId64 ": prev_hash of the "
                                            "first row is not the genesis value (64 zeros)"),
                                          label, seq));
          else
            add_problem (problems,
                         g_strdup_printf (_("%s seq %" PRId64 ": prev_hash does "
                                            "not match the hash of seq %" PRId64
                                            ": the chain is broken (a row was replaced or "
                                            "re-hashed)"),
                                          label, seq, prev_seq));
        }

      /* Hash against the stored prev_hash, so that an edit is pinned to
       * its own row whatever happened to the link before it. */
      computed = marrow_audit_compute_hash (stored_prev, seq, &entry);
      if (g_strcmp0 (computed, stored_hash) != 0)
        add_problem (problems,
                     g_strdup_printf (_("%s seq %" PRId64 ": the hash does not "
                                        "match the row's content (the row was edited)"),
                                      label, seq));

      g_free (prev_hash);
      prev_hash = g_strdup (stored_hash);
      prev_seq = seq;
    }

  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not read the audit log"));
      return FALSE;
    }
  return TRUE;
}

/**
 * marrow_audit_verify:
 * @db: an open connection
 * @problems: (element-type MarrowProblem): receives one "audit_chain"
 *   problem per broken row, in seq order (the first one is the first broken
 *   link)
 * @error: return location for a database failure
 *
 * Recomputes every hash and every link of the chain.  An edited row shows
 * as a hash mismatch at its seq; a deleted row as a gap in seq (or, if the
 * rows after it were renumbered, as a prev_hash that does not match the
 * previous row's hash).  The audit logs of other databases that archives
 * brought in (imported_audit_log, schema version 5) are verified the same
 * way, each chain on its own.  Only reads.
 *
 * Returns: %FALSE only if the log could not be read; problems found in the
 *   chain are reported through @problems
 */
gboolean
marrow_audit_verify (sqlite3    *db,
                     GPtrArray  *problems,
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) origins = NULL;
  g_autoptr(sqlite3_stmt) imported = NULL;
  gboolean has_imported = FALSE;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  stmt = marrow_sqlite_prepare (db, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY seq",
                                FALSE, error);
  if (stmt == NULL || !verify_chain (db, stmt, "audit_log", problems, error))
    return FALSE;

  if (!marrow_sqlite_table_exists (db, "imported_audit_log", &has_imported, error))
    return FALSE;
  if (!has_imported)
    return TRUE;

  origins = marrow_sqlite_prepare (db, "SELECT DISTINCT origin FROM imported_audit_log "
                                   "ORDER BY origin", FALSE, error);
  imported = marrow_sqlite_prepare (db, "SELECT " AUDIT_COLUMNS " FROM imported_audit_log "
                                    "WHERE origin = ?1 ORDER BY seq", FALSE, error);
  if (origins == NULL || imported == NULL)
    return FALSE;
  while ((rc = sqlite3_step (origins)) == SQLITE_ROW)
    {
      const char *origin = marrow_sqlite_column_text (origins, 0);
      g_autofree char *label = g_strdup_printf ("imported_audit_log %s", origin);

      sqlite3_reset (imported);
      marrow_sqlite_bind_text (imported, 1, origin);
      if (!verify_chain (db, imported, label, problems, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not read the audit log"));
      return FALSE;
    }
  return TRUE;
}
