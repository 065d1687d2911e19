/* test-audit.c: the hash-chained audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-audit"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "marrow-audit.h"
#include "marrow-canonical-json.h"
#include "marrow-entities.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-store.h"
#include "marrow-test-samples.h"

typedef struct
{
  char         *dir;
  char         *path;
  MarrowStore  *store;
  MarrowRecord *patient;
} Fixture;

static MarrowRecord *
new_patient (const char *local_id,
             const char *family_name)
{
  MarrowRecord *patient = marrow_record_new (&marrow_entity_patient);

  marrow_record_set_text (patient, "local_id", local_id);
  marrow_record_set_text (patient, "family_name", family_name);
  marrow_record_set_text (patient, "dob", "1970-01-31");
  marrow_record_set_text (patient, "sex", "male");
  return patient;
}

/* Writes: staff create (seq 1), patient create (2), update (3), void (4),
 * a print event (5) and a second patient (staff exists: 6). */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MarrowRecord) other = new_patient ("MRN-A2", "Other");
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-audit-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);

  fixture->patient = new_patient ("MRN-A1", "Audited");
  g_assert_true (marrow_store_insert (fixture->store, fixture->patient, &error));
  g_assert_no_error (error);
  marrow_record_set_text (fixture->patient, "given_names", "Pat");
  g_assert_true (marrow_store_update (fixture->store, fixture->patient, &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_void (fixture->store, fixture->patient, "wrong patient", &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_log_event (fixture->store, "print", "patient",
                                         marrow_record_get_id (fixture->patient),
                                         "{\"report\":\"case summary\"}", &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_insert (fixture->store, other, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_clear_object (&fixture->patient);
  g_remove (fixture->path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static sqlite3 *
store_db (Fixture *fixture)
{
  return marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->store));
}

/* A second connection, as someone with write access to the file */
static sqlite3 *
open_raw (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static GPtrArray *
check_problems (Fixture    *fixture,
                const char *kind)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) matching = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  problems = marrow_store_check (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      MarrowProblem *problem = problems->pdata[i];

      g_test_message ("%s: %s", problem->kind, problem->message);
      g_assert_null (strchr (problem->message, '\n'));
      if (g_strcmp0 (problem->kind, kind) == 0)
        g_ptr_array_add (matching, g_strdup (problem->message));
    }
  return g_steal_pointer (&matching);
}

static void
test_rows_written (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const actions[] = { "create", "create", "update", "void", "print", "create" };
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prev_after = NULL;
  g_autofree char *prev_hash = g_strdup (MARROW_AUDIT_GENESIS_HASH);
  g_autofree char *stored_json = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  stored = marrow_store_lookup (fixture->store, &marrow_entity_patient,
                                marrow_record_get_id (fixture->patient), &error);
  g_assert_no_error (error);
  stored_json = marrow_record_to_canonical_json (stored);

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture),
                                       "SELECT seq, at, staff_id, workstation, action, table_name, "
                                       "record_id, row_version, before_json, after_json, reason, "
                                       "prev_hash, hash FROM audit_log ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *hash = NULL;
      MarrowAuditEntry entry = {
        .at = (const char *)sqlite3_column_text (stmt, 1),
        .staff_id = (const char *)sqlite3_column_text (stmt, 2),
        .workstation = (const char *)sqlite3_column_text (stmt, 3),
        .action = (const char *)sqlite3_column_text (stmt, 4),
        .table_name = (const char *)sqlite3_column_text (stmt, 5),
        .record_id = (const char *)sqlite3_column_text (stmt, 6),
        .row_version = sqlite3_column_int64 (stmt, 7),
        .has_row_version = sqlite3_column_type (stmt, 7) != SQLITE_NULL,
        .before_json = (const char *)sqlite3_column_text (stmt, 8),
        .after_json = (const char *)sqlite3_column_text (stmt, 9),
        .reason = (const char *)sqlite3_column_text (stmt, 10),
      };
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      g_assert_cmpuint (n, <, G_N_ELEMENTS (actions));
      g_assert_cmpint (seq, ==, n + 1);
      g_assert_cmpstr (entry.action, ==, actions[n]);
      g_assert_cmpstr (entry.staff_id, ==, marrow_store_get_staff_id (fixture->store));
      g_assert_cmpstr (entry.workstation, ==, g_get_host_name ());

      /* The chain: each row points at the row before it */
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 11), ==, prev_hash);
      hash = marrow_audit_compute_hash (prev_hash, seq, &entry);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 12), ==, hash);
      g_assert_cmpuint (strlen (hash), ==, 64);

      switch (seq)
        {
        case 1:   /* the acting user's staff row */
          g_assert_cmpstr (entry.table_name, ==, "staff");
          g_assert_cmpstr (entry.record_id, ==, marrow_store_get_staff_id (fixture->store));
          g_assert_null (entry.before_json);
          break;
        case 2:
          g_assert_cmpstr (entry.table_name, ==, "patient");
          g_assert_cmpstr (entry.record_id, ==, marrow_record_get_id (fixture->patient));
          g_assert_cmpint (entry.row_version, ==, 1);
          g_assert_null (entry.before_json);
          g_assert_nonnull (strstr (entry.after_json, "\"given_names\":null"));
          g_assert_null (entry.reason);
          break;
        case 3:
          g_assert_cmpint (entry.row_version, ==, 2);
          g_assert_cmpstr (entry.before_json, ==, prev_after);
          g_assert_nonnull (strstr (entry.after_json, "\"given_names\":\"Pat\""));
          g_assert_nonnull (strstr (entry.after_json, "\"row_version\":2"));
          break;
        case 4:
          g_assert_cmpint (entry.row_version, ==, 3);
          g_assert_cmpstr (entry.before_json, ==, prev_after);
          g_assert_cmpstr (entry.after_json, ==, stored_json);
          g_assert_nonnull (strstr (entry.after_json, "\"record_status\":\"entered_in_error\""));
          g_assert_cmpstr (entry.reason, ==, "wrong patient");
          break;
        case 5:
          g_assert_cmpstr (entry.table_name, ==, "patient");
          g_assert_true (entry.has_row_version);
          g_assert_cmpint (entry.row_version, ==, 3);
          g_assert_null (entry.before_json);
          g_assert_cmpstr (entry.after_json, ==, "{\"report\":\"case summary\"}");
          break;
        default:
          break;
        }

      g_free (prev_after);
      prev_after = g_strdup (entry.after_json);
      g_free (prev_hash);
      prev_hash = g_strdup ((const char *)sqlite3_column_text (stmt, 12));
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (actions));

  /* The head is what signed reports print */
  {
    g_autofree char *head_hash = NULL;
    gint64 head_seq = 0;

    g_assert_true (marrow_audit_get_head (store_db (fixture), &head_seq, &head_hash, &error));
    g_assert_no_error (error);
    g_assert_cmpint (head_seq, ==, n);
    g_assert_cmpstr (head_hash, ==, prev_hash);
  }
}

static void
test_every_type_audited (void)
{
  g_autoptr(GPtrArray) chain = marrow_test_sample_chain ();
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-audit-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "chain.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sqlite3 *db;

  store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < chain->len; i++)
    marrow_change_set_add_insert (changes, chain->pdata[i]);
  g_assert_true (marrow_store_apply (store, changes, &error));
  g_assert_no_error (error);

  db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));
  for (guint i = 0; i < chain->len; i++)
    {
      g_autofree char *json = marrow_record_to_canonical_json (chain->pdata[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db,
                                           "SELECT action, after_json, table_name FROM audit_log "
                                           "WHERE record_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, marrow_record_get_id (chain->pdata[i]), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "create");
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, json);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==,
                       marrow_record_get_entity_name (chain->pdata[i]));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  problems = marrow_problem_list_new ();
  g_assert_true (marrow_audit_verify (db, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_clear_object (&store);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (dir);
}

static void
test_chain_verifies (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = marrow_problem_list_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_audit_verify (store_db (fixture), problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  all = marrow_store_check (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_triggers_refuse_changes (Fixture       *fixture,
                              gconstpointer  data)
{
  sqlite3 *db = store_db (fixture);
  g_autoptr(GPtrArray) problems = NULL;
  int rc;

  rc = sqlite3_exec (db, "UPDATE audit_log SET reason = 'tampered' WHERE seq = 2", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpstr (sqlite3_errmsg (db), ==, "audit_log is append-only");

  rc = sqlite3_exec (db, "DELETE FROM audit_log WHERE seq = 6", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpstr (sqlite3_errmsg (db), ==, "audit_log is append-only");

  rc = sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);

  problems = check_problems (fixture, "audit_chain");
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_edit_detected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3 *db = open_raw (fixture);

  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER audit_log_no_update;"
                                 "UPDATE audit_log SET after_json = replace(after_json, 'Pat', 'Max') "
                                 "WHERE seq = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  problems = check_problems (fixture, "audit_chain");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "seq 3"));
  g_assert_nonnull (strstr (problems->pdata[0], "edited"));
}

static void
test_rehashed_edit_detected (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *sql = NULL;
  MarrowAuditEntry entry = { 0 };
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = open_raw (fixture);

  /* A cleverer forger recomputes the edited row's own hash: the next row's
   * link then breaks instead */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT at, staff_id, workstation, action, table_name, "
                                       "record_id, row_version, before_json, after_json, reason, "
                                       "prev_hash FROM audit_log WHERE seq = 4",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  entry.at = (const char *)sqlite3_column_text (stmt, 0);
  entry.staff_id = (const char *)sqlite3_column_text (stmt, 1);
  entry.workstation = (const char *)sqlite3_column_text (stmt, 2);
  entry.action = (const char *)sqlite3_column_text (stmt, 3);
  entry.table_name = (const char *)sqlite3_column_text (stmt, 4);
  entry.record_id = (const char *)sqlite3_column_text (stmt, 5);
  entry.row_version = sqlite3_column_int64 (stmt, 6);
  entry.has_row_version = TRUE;
  entry.before_json = (const char *)sqlite3_column_text (stmt, 7);
  entry.after_json = (const char *)sqlite3_column_text (stmt, 8);
  entry.reason = "a different reason";
  forged = marrow_audit_compute_hash ((const char *)sqlite3_column_text (stmt, 10), 4, &entry);
  sqlite3_finalize (stmt);

  sql = g_strdup_printf ("DROP TRIGGER audit_log_no_update;"
                         "UPDATE audit_log SET reason = 'a different reason', hash = '%s' "
                         "WHERE seq = 4;", forged);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  problems = check_problems (fixture, "audit_chain");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "seq 5"));
  g_assert_nonnull (strstr (problems->pdata[0], "seq 4"));
}

static void
test_delete_detected (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3 *db = open_raw (fixture);

  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER audit_log_no_delete;"
                                 "DELETE FROM audit_log WHERE seq = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  problems = check_problems (fixture, "audit_chain");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "seq 3 is missing between seq 2 and seq 4"));
}

static void
test_renumbered_delete_detected (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3 *db = open_raw (fixture);

  /* Delete seq 2 and close the gap: the link from the new seq 2 is broken,
   * and so is its hash (seq is part of the hash input) */
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER audit_log_no_delete;"
                                 "DROP TRIGGER audit_log_no_update;"
                                 "DELETE FROM audit_log WHERE seq = 2;"
                                 "UPDATE audit_log SET seq = seq - 1 WHERE seq > 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  problems = check_problems (fixture, "audit_chain");
  g_assert_cmpuint (problems->len, >=, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "seq 2"));
}

static void
test_hash_input_pinned (void)
{
  /* docs/store.md quotes this example; if it changes, every existing
   * chain stops verifying */
  MarrowAuditEntry entry = {
    .at = "2026-01-15T09:30:00.000Z",
    .staff_id = "0b6a3f0e-3f5e-4a8e-9a53-3c8d1f0c2b11",
    .workstation = "clinic-pc",
    .action = "void",
    .table_name = "patient",
    .record_id = "5d2f4c1a-8b3e-4f60-9d7a-1e2b3c4d5e6f",
    .row_version = 3,
    .has_row_version = TRUE,
    .before_json = "{\"a\":1}",
    .after_json = "{\"a\":2}",
    .reason = "wrong \"chart\"",
  };
  g_autofree char *input = marrow_audit_hash_input (MARROW_AUDIT_GENESIS_HASH, 7, &entry);
  g_autofree char *hash = marrow_audit_compute_hash (MARROW_AUDIT_GENESIS_HASH, 7, &entry);
  g_autofree char *expected_hash = NULL;
  static const char expected[] =
    MARROW_AUDIT_GENESIS_HASH "\n"
    "{\"seq\":7,\"at\":\"2026-01-15T09:30:00.000Z\","
    "\"staff_id\":\"0b6a3f0e-3f5e-4a8e-9a53-3c8d1f0c2b11\",\"workstation\":\"clinic-pc\","
    "\"action\":\"void\",\"table_name\":\"patient\","
    "\"record_id\":\"5d2f4c1a-8b3e-4f60-9d7a-1e2b3c4d5e6f\",\"row_version\":3,"
    "\"before_json\":\"{\\\"a\\\":1}\",\"after_json\":\"{\\\"a\\\":2}\","
    "\"reason\":\"wrong \\\"chart\\\"\"}";

  g_assert_cmpstr (input, ==, expected);
  expected_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expected, -1);
  g_assert_cmpstr (hash, ==, expected_hash);
  g_assert_cmpstr (hash, ==, "79247876d22077fa6896436343a50e1b5daf7a21cf417d74fca5052828b6c93b");

  /* NULL columns hash as null */
  entry.has_row_version = FALSE;
  entry.before_json = NULL;
  entry.reason = NULL;
  g_clear_pointer (&input, g_free);
  input = marrow_audit_hash_input ("x", 1, &entry);
  g_assert_nonnull (strstr (input, "\"row_version\":null,\"before_json\":null,"));
  g_assert_true (g_str_has_suffix (input, "\"reason\":null}"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/audit/rows-written", Fixture, NULL,
              fixture_set_up, test_rows_written, fixture_tear_down);
  g_test_add_func ("/audit/every-type", test_every_type_audited);
  g_test_add ("/audit/chain-verifies", Fixture, NULL,
              fixture_set_up, test_chain_verifies, fixture_tear_down);
  g_test_add ("/audit/triggers-refuse-changes", Fixture, NULL,
              fixture_set_up, test_triggers_refuse_changes, fixture_tear_down);
  g_test_add ("/audit/edit-detected", Fixture, NULL,
              fixture_set_up, test_edit_detected, fixture_tear_down);
  g_test_add ("/audit/rehashed-edit-detected", Fixture, NULL,
              fixture_set_up, test_rehashed_edit_detected, fixture_tear_down);
  g_test_add ("/audit/delete-detected", Fixture, NULL,
              fixture_set_up, test_delete_detected, fixture_tear_down);
  g_test_add ("/audit/renumbered-delete-detected", Fixture, NULL,
              fixture_set_up, test_renumbered_delete_detected, fixture_tear_down);
  g_test_add_func ("/audit/hash-input-pinned", test_hash_input_pinned);

  return g_test_run ();
}
