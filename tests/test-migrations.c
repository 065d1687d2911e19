/* test-migrations.c: databases of every earlier schema version upgrade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-migrations"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-sqlite-migrations.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-store.h"

#define STAFF_ID   "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#define PATIENT_ID "16fd2706-8baf-433b-82eb-8c7fada847da"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "marrow.db", NULL);
}

static void
remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_database (fixture->path);
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  return db;
}

/* Data as an application of that schema version wrote it */
static void
insert_v1_patient (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA foreign_keys = ON;"
                                 "INSERT INTO staff (id, login, display_name, profession, active, "
                                 "  created_at, created_by, updated_at, updated_by, row_version, "
                                 "  record_status) "
                                 "VALUES ('" STAFF_ID "', 'old.user', 'Old User', 'nurse', 1, "
                                 "  '2025-03-01T08:00:00.000Z', '" STAFF_ID "', "
                                 "  '2025-03-01T08:00:00.000Z', '" STAFF_ID "', 1, 'final');"
                                 "INSERT INTO patient (id, local_id, family_name, given_names, dob, "
                                 "  sex, do_not_contact, created_at, created_by, updated_at, "
                                 "  updated_by, row_version, record_status) "
                                 "VALUES ('" PATIENT_ID "', 'MRN-OLD', 'Ancient', 'Ada', "
                                 "  '1950-12-10', 'female', 0, '2025-03-01T08:01:00.000Z', "
                                 "  '" STAFF_ID "', '2025-03-02T10:00:00.000Z', '" STAFF_ID "', 4, "
                                 "  'final');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_latest (void)
{
  /* Tests below cover every version up to this; raise it with a new migration */
  g_assert_cmpuint (marrow_sqlite_migrations_latest (), ==, 8);
}

static void
test_upgrade_from_every_version (Fixture       *fixture,
                                 gconstpointer  data)
{
  guint latest = marrow_sqlite_migrations_latest ();

  for (guint v = 0; v < latest; v++)
    {
      g_autoptr(MarrowStore) store = NULL;
      g_autoptr(MarrowRecord) patient = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      sqlite3 *db;

      g_test_message ("from schema version %u", v);
      remove_database (fixture->path);

      db = open_raw (fixture->path);
      g_assert_true (marrow_sqlite_migrate (db, v, &error));
      g_assert_no_error (error);
      g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, v);
      if (v >= 1)
        {
          g_assert_cmpint (query_int (db, "SELECT count(*) FROM schema_version"), ==, v);
          insert_v1_patient (db);
        }
      else
        g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 0);
      g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

      store = marrow_store_open (fixture->path, FALSE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (store);

      db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));
      g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, latest);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM schema_version"), ==, latest);
      g_assert_cmpint (query_int (db, "SELECT min(version) FROM schema_version"), ==, 1);
      g_assert_cmpint (query_int (db, "SELECT max(version) FROM schema_version"), ==, latest);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM schema_version "
                                      "WHERE app_version IS NULL OR applied_at IS NULL"), ==, 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM setting WHERE key = 'facility_code'"),
                       ==, 1);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND name IN ('audit_log_record', 'patient_list_idx')"), ==, 2);
      /* Migration 3: the sequence of chain-of-identity IDs starts empty */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                      "AND name = 'coi_sequence'"), ==, 1);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM coi_sequence"), ==, 0);
      /* Migration 4: no index that a UNIQUE constraint's index duplicates */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND name = 'assessment_item_assessment_id_idx'"), ==, 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND tbl_name = 'assessment_item'"), ==, 2);
      /* Migration 6: the patients written before it are searchable and have
       * their last activity (the patient's own change time) */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM patient_search "
                                      "WHERE patient_search MATCH 'ancie*'"), ==, v >= 1 ? 1 : 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM patient_activity WHERE listed = 1 "
                                      "AND last_activity = '2025-03-02T10:00:00.000Z'"),
                       ==, v >= 1 ? 1 : 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND name = 'patient_name_idx'"), ==, 0);
      /* Migration 7: guidance decisions, empty, with an index per reference */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM guidance_decision"), ==, 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND tbl_name = 'guidance_decision'"), ==, 3);
      /* Migration 8: assessments have a time point, NULL for the older ones */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info ('assessment') "
                                      "WHERE name = 'timepoint'"), ==, 1);

      if (v >= 1)
        {
          patient = marrow_store_lookup (store, &marrow_entity_patient, PATIENT_ID, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (marrow_record_get_text (patient, "family_name"), ==, "Ancient");
          g_assert_cmpstr (marrow_record_get_text (patient, "given_names"), ==, "Ada");
          g_assert_cmpstr (marrow_record_get_text (patient, "dob"), ==, "1950-12-10");
          g_assert_cmpint (marrow_record_get_row_version (patient), ==, 4);
          g_assert_cmpstr (marrow_record_get_created_by (patient), ==, STAFF_ID);

          /* ... and can still be changed */
          marrow_record_set_text (patient, "phone", "+49 30 1234567");
          g_assert_true (marrow_store_update (store, patient, &error));
          g_assert_no_error (error);
          g_assert_cmpint (marrow_record_get_row_version (patient), ==, 5);
        }

      problems = marrow_store_check (store, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s: %s", ((MarrowProblem *)problems->pdata[i])->kind,
                        ((MarrowProblem *)problems->pdata[i])->message);
      g_assert_cmpuint (problems->len, ==, 0);
    }
}

static void
test_new_database (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *code;
  sqlite3 *db;

  store = marrow_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));

  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, marrow_sqlite_migrations_latest ());
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), ==, 5000);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  /* Migration 2's site settings */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM setting WHERE key = 'facility_code'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  code = (const char *)sqlite3_column_text (stmt, 0);
  g_assert_cmpuint (strlen (code), ==, 5);
  for (const char *p = code; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || g_ascii_isupper (*p));
  sqlite3_finalize (stmt);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM setting "
                                  "WHERE key = 'site_name' AND value = ''"), ==, 1);

  /* Migrating again changes nothing */
  g_assert_true (marrow_sqlite_migrate (db, marrow_sqlite_migrations_latest (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM schema_version"), ==,
                   marrow_sqlite_migrations_latest ());
}

static void
test_v1_settings_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = open_raw (fixture->path);

  g_assert_true (marrow_sqlite_migrate (db, 1, &error));
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO setting VALUES ('facility_code', 'ABC12', "
                                     "'2025-01-01T00:00:00.000Z')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = marrow_store_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM setting WHERE key = 'facility_code'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ABC12");
  sqlite3_finalize (stmt);
}

static void
test_failed_migration_rolls_back (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MarrowStore *store;
  sqlite3 *db = open_raw (fixture->path);

  /* Something at version 1 occupies the name migration 2 needs */
  g_assert_true (marrow_sqlite_migrate (db, 1, &error));
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE audit_log_record (x)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = marrow_store_open (fixture->path, FALSE, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "schema version 2"));
  g_test_message ("%s", error->message);

  /* Nothing of migration 2 stuck */
  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM schema_version"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM setting"), ==, 0);
  sqlite3_close (db);
}

static void
test_too_new_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u",
                                           marrow_sqlite_migrations_latest () + 1);
  MarrowStore *store;
  sqlite3 *db = open_raw (fixture->path);

  g_assert_true (marrow_sqlite_migrate (db, marrow_sqlite_migrations_latest (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (marrow_sqlite_migrate (db, marrow_sqlite_migrations_latest (), &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_TOO_NEW);
  g_clear_error (&error);
  sqlite3_close (db);

  store = marrow_store_open (fixture->path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_TOO_NEW);
  g_test_message ("%s", error->message);
}

static void
test_foreign_schema_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MarrowStore *store;
  sqlite3 *db = open_raw (fixture->path);

  /* Another program that also uses user_version */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (marrow_sqlite_migrate (db, marrow_sqlite_migrations_latest (), &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  sqlite3_close (db);

  store = marrow_store_open (fixture->path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/latest", test_latest);
  g_test_add ("/migrations/upgrade-from-every-version", Fixture, NULL,
              fixture_set_up, test_upgrade_from_every_version, fixture_tear_down);
  g_test_add ("/migrations/new-database", Fixture, NULL,
              fixture_set_up, test_new_database, fixture_tear_down);
  g_test_add ("/migrations/v1-settings-kept", Fixture, NULL,
              fixture_set_up, test_v1_settings_kept, fixture_tear_down);
  g_test_add ("/migrations/failure-rolls-back", Fixture, NULL,
              fixture_set_up, test_failed_migration_rolls_back, fixture_tear_down);
  g_test_add ("/migrations/too-new", Fixture, NULL,
              fixture_set_up, test_too_new_refused, fixture_tear_down);
  g_test_add ("/migrations/foreign-schema", Fixture, NULL,
              fixture_set_up, test_foreign_schema_refused, fixture_tear_down);

  return g_test_run ();
}
