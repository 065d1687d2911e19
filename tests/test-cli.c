/* test-cli.c: marrow-cli exit codes and messages, run as a real process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "marrow-entities.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-store.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("marrow-cli-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Runs marrow-cli with the NULL-terminated arguments; returns the exit status */
static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MARROW_CLI");
  g_autofree char *dropped_out = NULL;
  g_autofree char *dropped_err = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Always captured: the child's output must not mix into the TAP stream */
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out != NULL ? out : &dropped_out, err != NULL ? err : &dropped_err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static char *
make_db_with_patient (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "x.db", NULL);
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  g_autoptr(GError) error = NULL;

  store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  marrow_record_set_text (patient, "local_id", "MRN-1");
  marrow_record_set_text (patient, "family_name", "Okafor");
  marrow_record_set_text (patient, "given_names", "Ada");
  marrow_record_set_text (patient, "dob", "1961-04-02");
  marrow_record_set_text (patient, "sex", "female");
  marrow_store_insert (store, patient, &error);
  g_assert_no_error (error);
  marrow_record_set_text (patient, "phone", "+49 30 1234567");
  marrow_store_update (store, patient, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
test_init_check_stats (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GStatBuf st;

  g_assert_cmpint (run_cli (&out, &err, "init", path, NULL), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "check", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "OK"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* init never overwrites */
  g_assert_cmpint (run_cli (&out, &err, "init", path, NULL), ==, 2);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
}

static void
test_stats_json (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = make_db_with_patient (fixture);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *records;
  JsonObject *patient;
  JsonParser *parser;

  g_assert_cmpint (run_cli (&out, &err, "stats", path, NULL), ==, 0);

  parser = json_parser_new ();
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  records = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "records");
  g_assert_nonnull (records);
  patient = json_object_get_object_member (records, "patient");
  g_assert_cmpint (json_object_get_int_member (patient, "current"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (patient, "entered_in_error"), ==, 0);
  /* every record type is listed */
  g_assert_true (json_object_has_member (records, "staff"));
  g_object_unref (parser);
}

static void
test_missing_and_corrupt (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *corrupt = g_build_filename (fixture->dir, "corrupt.db", NULL);
  const char *commands[] = { "check", "stats" };

  g_assert_true (g_file_set_contents (corrupt, "this is not a database, just some text\n"
                                      "with several lines of it\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *out2 = NULL;
      g_autofree char *err2 = NULL;

      g_assert_cmpint (run_cli (&out, &err, commands[i], missing, NULL), ==, 2);
      g_assert_cmpuint (count_lines (err), ==, 1);
      g_assert_nonnull (strstr (err, "missing.db"));
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

      g_assert_cmpint (run_cli (&out2, &err2, commands[i], corrupt, NULL), ==, 2);
      g_assert_cmpuint (count_lines (err2), ==, 1);
      g_assert_nonnull (strstr (err2, "corrupt.db"));
    }
}

static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* someone with write access to the file can drop the protective triggers */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND tbl_name = 'audit_log'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (triggers, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (triggers->len, >, 0);
  for (guint i = 0; i < triggers->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *)triggers->pdata[i]);
      g_assert_cmpint (sqlite3_exec (db, drop, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
test_tampered_audit (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_db_with_patient (fixture);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "check", path, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  tamper (path, "UPDATE audit_log SET after_json = replace(after_json, 'Okafor', 'Smith') "
                "WHERE seq = (SELECT max(seq) FROM audit_log)");

  g_assert_cmpint (run_cli (&out, &err, "check", path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "audit"));
  g_assert_nonnull (strstr (err, "problem"));
}

static void
test_deleted_audit_row (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = make_db_with_patient (fixture);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  tamper (path, "DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log)");

  g_assert_cmpint (run_cli (&out, &err, "check", path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "audit"));
}

/* Patient data leaving the database is an audit event, one per export,
 * naming the format, the file and the patient */
static void
test_export_logged (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = make_db_with_patient (fixture);
  g_autofree char *file = g_build_filename (fixture->dir, "out.xml", NULL);
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  store = marrow_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  patients = marrow_store_find (store, &marrow_entity_patient, NULL, &error);
  g_assert_no_error (error);
  id = marrow_record_get_id (patients->pdata[0]);

  g_assert_cmpint (run_cli (NULL, NULL, "export", path, "-o", file, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, "export", path, "--format", "fhir", "--patient", id,
                            "-o", file, NULL), ==, 0);

  db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT table_name, record_id, after_json FROM audit_log "
                                           "WHERE action = 'export' ORDER BY seq", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_null (sqlite3_column_text (stmt, 0));
  g_assert_nonnull (strstr ((const char *)sqlite3_column_text (stmt, 2), "\"format\":\"archive\""));
  g_assert_nonnull (strstr ((const char *)sqlite3_column_text (stmt, 2), "out.xml"));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "patient");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, id);
  g_assert_nonnull (strstr ((const char *)sqlite3_column_text (stmt, 2), "\"format\":\"fhir\""));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* The demo practice has a practice's details, for its reports; a second
 * demo import keeps what the user has set meanwhile */
static void
test_demo_practice_details (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "demo.db", NULL);
  static const char *keys[] = { "site_name", "practice_address", "practice_phone" };

  g_assert_cmpint (run_cli (NULL, NULL, "demo", path, NULL), ==, 0);
  {
    g_autoptr(MarrowStore) store = marrow_store_open (path, FALSE, NULL);

    g_assert_nonnull (store);
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *value = NULL;

        g_assert_true (marrow_store_get_setting (store, keys[i], &value, NULL));
        g_assert_nonnull (value);
        g_assert_cmpuint (strlen (value), >, 5);
      }
    g_assert_true (marrow_store_set_setting (store, "site_name", "My own clinic", FALSE, NULL));
  }
  g_assert_cmpint (run_cli (NULL, NULL, "demo", path, NULL), ==, 0);
  {
    g_autoptr(MarrowStore) store = marrow_store_open (path, FALSE, NULL);
    g_autofree char *name = NULL;

    g_assert_true (marrow_store_get_setting (store, "site_name", &name, NULL));
    g_assert_cmpstr (name, ==, "My own clinic");
  }
}

/* Without --key, pseudonyms come from the database's own key: the same in
 * every export, and the key itself never reaches the audit log */
static void
test_pseudonyms_stable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "demo.db", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *key = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  g_assert_cmpint (run_cli (NULL, NULL, "demo", path, NULL), ==, 0);
  g_assert_cmpint (run_cli (&first, NULL, "export", path, "--format", "csv", "--pseudonymise",
                            NULL), ==, 0);
  g_assert_cmpuint (count_lines (first), >, 1000);
  g_assert_cmpint (run_cli (&second, NULL, "export", path, "--format", "csv", "--pseudonymise",
                            NULL), ==, 0);
  g_assert_cmpstr (first, ==, second);

  store = marrow_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (marrow_store_get_setting (store, "csv_pseudonym_key", &key, &error));
  g_assert_cmpuint (strlen (key), ==, 64);
  db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), sum(instr(after_json, ?1)) "
                                           "FROM audit_log WHERE action = 'config_change'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  /* the demo's practice name, address and phone, then the key */
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  sqlite3_finalize (stmt);
}

/* --with-audit: the log travels with a whole-database archive and the
 * importing side says how much of it it kept; it is refused elsewhere */
static void
test_export_with_audit (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *source = g_build_filename (fixture->dir, "demo.db", NULL);
  g_autofree char *target = g_build_filename (fixture->dir, "target.db", NULL);
  g_autofree char *archive = g_build_filename (fixture->dir, "a.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *again = NULL;

  g_assert_cmpint (run_cli (NULL, NULL, "demo", source, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, "export", source, "--with-audit", "-o", archive, NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, "init", target, NULL), ==, 0);
  g_assert_cmpint (run_cli (&out, NULL, "import", target, archive, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Audit log entries of other databases: "));
  g_assert_null (strstr (out, ": 0 kept"));
  g_assert_cmpint (run_cli (&again, NULL, "import", target, archive, NULL), ==, 0);
  g_assert_nonnull (strstr (again, " 0 kept"));
  g_assert_cmpint (run_cli (NULL, NULL, "check", target, NULL), ==, 0);

  g_assert_cmpint (run_cli (NULL, &err, "export", source, "--with-audit", "--format", "csv",
                            NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--with-audit"));
}

static void
test_usage (void)
{
  const char *commands[] = { "init", "check", "stats" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;
      g_autofree char *help_err = NULL;
      g_autofree char *noarg = NULL;
      g_autofree char *noarg_err = NULL;

      g_assert_cmpint (run_cli (&help, &help_err, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (help, "DATABASE"));
      g_assert_cmpint (run_cli (&noarg, &noarg_err, commands[i], NULL), ==, 2);
      g_assert_cmpuint (count_lines (noarg_err), ==, 1);
    }

  g_assert_cmpint (run_cli (&out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "check"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "check", "--no-such-option", "x.db", NULL), ==, 2);
  g_assert_cmpuint (count_lines (err), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/init-check", Fixture, NULL, fixture_setup, test_init_check_stats, fixture_teardown);
  g_test_add ("/cli/stats-json", Fixture, NULL, fixture_setup, test_stats_json, fixture_teardown);
  g_test_add ("/cli/missing-and-corrupt", Fixture, NULL, fixture_setup, test_missing_and_corrupt,
              fixture_teardown);
  g_test_add ("/cli/tampered-audit", Fixture, NULL, fixture_setup, test_tampered_audit,
              fixture_teardown);
  g_test_add ("/cli/deleted-audit-row", Fixture, NULL, fixture_setup, test_deleted_audit_row,
              fixture_teardown);
  g_test_add ("/cli/export-logged", Fixture, NULL, fixture_setup, test_export_logged,
              fixture_teardown);
  g_test_add ("/cli/export-with-audit", Fixture, NULL, fixture_setup, test_export_with_audit,
              fixture_teardown);
  g_test_add ("/cli/demo-practice-details", Fixture, NULL, fixture_setup,
              test_demo_practice_details, fixture_teardown);
  g_test_add ("/cli/pseudonyms-stable", Fixture, NULL, fixture_setup, test_pseudonyms_stable,
              fixture_teardown);
  g_test_add_func ("/cli/usage", test_usage);

  return g_test_run ();
}
