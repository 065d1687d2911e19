/* test-store.c: MarrowSqliteStore: opening, CRUD of every type, locking,
 * transactions, bound parameters and the lazy list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "marrow-canonical-json.h"
#include "marrow-entities.h"
#include "marrow-record-list-model-private.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-sqlite-util.h"
#include "marrow-error.h"
#include "marrow-store.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"
#include "marrow-validate.h"

typedef struct
{
  char        *dir;
  char        *path;
  MarrowStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static sqlite3 *
store_db (Fixture *fixture)
{
  return marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->store));
}

static gint64
count_rows (Fixture    *fixture,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static MarrowRecord *
new_patient (const char *local_id,
             const char *family_name)
{
  MarrowRecord *patient = marrow_record_new (&marrow_entity_patient);

  marrow_record_set_text (patient, "local_id", local_id);
  marrow_record_set_text (patient, "family_name", family_name);
  marrow_record_set_text (patient, "given_names", "Alex");
  marrow_record_set_text (patient, "dob", "1961-04-23");
  marrow_record_set_text (patient, "sex", "female");
  marrow_record_set_bool (patient, "do_not_contact", FALSE);
  return patient;
}

/* ------------------------------------------------------------------------ */

static void
test_open_creates_private_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowRecord) patient = new_patient ("MRN-1", "Mode");
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-store-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "new", "folder", NULL);
  g_autofree char *path = g_build_filename (sub, "marrow.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;

  g_assert_no_error (error);

  store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_store_get_location (store), ==, path);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* SQLite gives the write-ahead log the mode of the database */
  g_assert_true (marrow_store_insert (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&store);
  marrow_test_remove_tree (dir);
}

static void
test_open_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "missing.db", NULL);
  MarrowStore *store;

  store = marrow_store_open (path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  marrow_test_remove_tree (dir);
}

static void
assert_refused_untouched (const char       *path,
                          MarrowStoreError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gsize before_len = 0, after_len = 0;
  MarrowStore *store;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = marrow_store_open (path, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, MARROW_STORE_ERROR, (int)code);
  g_assert_null (strchr (error->message, '\n'));
  g_test_message ("refused: %s", error->message);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_open_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "This is a text file, not a database.\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));

  assert_refused_untouched (path, MARROW_STORE_ERROR_CORRUPT);
  marrow_test_remove_tree (dir);
}

static void
test_open_foreign_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);"
                                     "INSERT INTO accounts (name) VALUES ('x');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_untouched (path, MARROW_STORE_ERROR_CORRUPT);
  marrow_test_remove_tree (dir);
}

static void
test_open_locations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "uri.db", NULL);
  g_autofree char *sqlite_uri = g_strconcat ("sqlite:", path, NULL);
  g_autofree char *default_path = marrow_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "marrow", "marrow.db", NULL);
  g_autoptr(MarrowStore) store = NULL;

  store = marrow_store_open ("postgresql://db.example.org/marrow", TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "PostgreSQL"));
  g_clear_error (&error);

  store = marrow_store_open ("sqlite:", TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (marrow_sqlite_store_new_for_path ("", TRUE, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  store = marrow_store_open (sqlite_uri, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (MARROW_IS_SQLITE_STORE (store));
  g_assert_cmpstr (marrow_store_get_location (store), ==, path);

  g_assert_cmpstr (default_path, ==, expected);

  g_clear_object (&store);
  marrow_test_remove_tree (dir);
}

/* ------------------------------------------------------------------------ */

static void
assert_same_record (MarrowRecord *stored,
                    MarrowRecord *expected)
{
  g_autofree char *a = marrow_record_to_canonical_json (stored);
  g_autofree char *b = marrow_record_to_canonical_json (expected);

  /* Fields and every metadata column, through the one canonical form */
  g_assert_cmpstr (a, ==, b);
  g_assert_true (marrow_record_equal (stored, expected));
}

/* Changes one free-text field of @record to a value full of quotes and SQL,
 * choosing one the record's rules accept.  Returns the field or NULL. */
static const char *
change_some_text (MarrowRecord *record)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  static const char nasty[] = "it's \"edited\"; DROP TABLE patient; -- ‘ü’";
  static const char * const instrument_fields[] = {
    "instrument_code", "instrument_version", "scoring_version", "item_code",
    "primary_instrument", "value_text", NULL
  };

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const MarrowFieldDef *def = &entity->fields[i];
      g_autoptr(MarrowRecord) trial = NULL;

      if (def->kind != MARROW_FIELD_TEXT || (def->flags & MARROW_FIELD_UNIQUE) != 0 ||
          (def->flags & MARROW_FIELD_COMPUTED) != 0)
        continue;
      /* Checked by the store against the instrument definitions
       * (test-assessment.c), so free text is refused there */
      if (g_strv_contains (instrument_fields, def->name))
        continue;

      trial = marrow_record_copy (record);
      marrow_record_set_text_at (trial, i, nasty);
      if (marrow_record_validate (trial, NULL, NULL, NULL))
        {
          marrow_record_set_text_at (record, i, nasty);
          return def->name;
        }
    }
  return NULL;
}

static void
test_crud_every_type (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) chain = marrow_test_sample_chain ();
  g_autoptr(MarrowChangeSet) inserts = marrow_change_set_new ();
  g_autoptr(MarrowChangeSet) updates = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  const MarrowEntityDef * const *entities;
  const char *staff_id;
  guint n_entities = 0;
  guint n_changed = 0;
  gboolean ok;

  /* The chain covers every record type */
  entities = marrow_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    g_assert_nonnull (marrow_test_sample_find (chain, entities[i]->name));

  /* Create: everything in one change set */
  for (guint i = 0; i < chain->len; i++)
    marrow_change_set_add_insert (inserts, chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, inserts, &error));
  g_assert_no_error (error);

  staff_id = marrow_store_get_staff_id (fixture->store);
  g_assert_nonnull (staff_id);

  /* Read: each one comes back exactly as saved */
  for (guint i = 0; i < chain->len; i++)
    {
      MarrowRecord *record = chain->pdata[i];
      g_autoptr(MarrowRecord) stored = NULL;

      g_assert_cmpint (marrow_record_get_row_version (record), ==, 1);
      g_assert_cmpstr (marrow_record_get_created_by (record), ==, staff_id);
      g_assert_cmpstr (marrow_record_get_updated_by (record), ==, staff_id);
      g_assert_nonnull (marrow_record_get_created_at (record));

      stored = marrow_store_lookup (fixture->store, marrow_record_get_entity (record),
                                    marrow_record_get_id (record), &error);
      g_assert_no_error (error);
      assert_same_record (stored, record);
    }

  /* Update: every record, one text field each where the rules allow */
  for (guint i = 0; i < chain->len; i++)
    {
      if (change_some_text (chain->pdata[i]) != NULL)
        n_changed++;
      marrow_change_set_add_update (updates, chain->pdata[i]);
    }
  g_test_message ("%u of %u sample records got a changed text field", n_changed, chain->len);
  g_assert_cmpuint (n_changed, >=, chain->len / 2);
  ok = marrow_store_apply (fixture->store, updates, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  for (guint i = 0; i < chain->len; i++)
    {
      MarrowRecord *record = chain->pdata[i];
      g_autoptr(MarrowRecord) stored = NULL;

      g_assert_cmpint (marrow_record_get_row_version (record), ==, 2);
      stored = marrow_store_lookup (fixture->store, marrow_record_get_entity (record),
                                    marrow_record_get_id (record), &error);
      g_assert_no_error (error);
      assert_same_record (stored, record);
    }

  /* Void: every clinical record, children first, each with its reason */
  for (guint i = chain->len; i > 0; i--)
    {
      MarrowRecord *record = chain->pdata[i - 1];
      const MarrowEntityDef *entity = marrow_record_get_entity (record);
      g_autoptr(MarrowRecord) stored = NULL;
      g_autofree char *reason = g_strdup_printf ("test: %s entered on the wrong chart", entity->name);
      gint64 n_before = 0, n_after = 0, n_all_before = 0, n_all_after = 0;

      if (!entity->clinical)
        {
          g_assert_false (marrow_store_void (fixture->store, record, "not clinical", &error));
          g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
          g_clear_error (&error);
          continue;
        }

      /* Without a reason: refused, nothing written */
      g_assert_false (marrow_store_void (fixture->store, record, NULL, &error));
      g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (marrow_store_void (fixture->store, record, "  ", &error));
      g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_cmpint (marrow_record_get_row_version (record), ==, 2);

      g_assert_true (marrow_store_count (fixture->store, entity, FALSE, &n_before, &error));
      g_assert_true (marrow_store_count (fixture->store, entity, TRUE, &n_all_before, &error));
      g_assert_true (marrow_store_void (fixture->store, record, reason, &error));
      g_assert_no_error (error);
      g_assert_true (marrow_store_count (fixture->store, entity, FALSE, &n_after, &error));
      g_assert_true (marrow_store_count (fixture->store, entity, TRUE, &n_all_after, &error));
      g_assert_cmpint (n_after, ==, n_before - 1);
      g_assert_cmpint (n_all_after, ==, n_all_before);

      g_assert_true (marrow_record_is_voided (record));
      g_assert_cmpint (marrow_record_get_row_version (record), ==, 3);
      g_assert_cmpstr (marrow_record_get_error_reason (record), ==, reason);

      /* Never deleted: the row is still there, marked */
      stored = marrow_store_lookup (fixture->store, entity, marrow_record_get_id (record), &error);
      g_assert_no_error (error);
      g_assert_true (marrow_record_is_voided (stored));
      g_assert_cmpstr (marrow_record_get_error_reason (stored), ==, reason);
      g_assert_true (marrow_record_fields_equal (stored, record));

      /* ... and voided once only */
      g_assert_false (marrow_store_void (fixture->store, record, reason, &error));
      g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* A healthy database after all that */
  {
    g_autoptr(GPtrArray) problems = marrow_store_check (fixture->store, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < problems->len; i++)
      g_test_message ("%s: %s", ((MarrowProblem *)problems->pdata[i])->kind,
                      ((MarrowProblem *)problems->pdata[i])->message);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_stale_update (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MarrowRecord) patient = new_patient ("MRN-100", "Original");
  g_autoptr(MarrowRecord) mine = NULL;
  g_autoptr(MarrowRecord) theirs = NULL;
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_audit;

  g_assert_true (marrow_store_insert (fixture->store, patient, &error));
  g_assert_no_error (error);

  /* Two workstations read the same version */
  mine = marrow_store_lookup (fixture->store, &marrow_entity_patient,
                              marrow_record_get_id (patient), &error);
  theirs = marrow_store_lookup (fixture->store, &marrow_entity_patient,
                                marrow_record_get_id (patient), &error);
  g_assert_no_error (error);

  marrow_record_set_text (theirs, "family_name", "First");
  g_assert_true (marrow_store_update (fixture->store, theirs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (marrow_record_get_row_version (theirs), ==, 2);

  n_audit = count_rows (fixture, "audit_log");
  marrow_record_set_text (mine, "family_name", "Second");
  g_assert_false (marrow_store_update (fixture->store, mine, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "version 2, you have 1"));
  g_test_message ("stale: %s", error->message);
  g_clear_error (&error);

  /* Nothing written, the loser's record untouched */
  g_assert_cmpint (marrow_record_get_row_version (mine), ==, 1);
  g_assert_cmpint (count_rows (fixture, "audit_log"), ==, n_audit);
  stored = marrow_store_lookup (fixture->store, &marrow_entity_patient,
                                marrow_record_get_id (patient), &error);
  g_assert_cmpstr (marrow_record_get_text (stored, "family_name"), ==, "First");
  g_assert_cmpint (marrow_record_get_row_version (stored), ==, 2);

  /* Voiding with a stale version is refused the same way */
  g_assert_false (marrow_store_void (fixture->store, mine, "duplicate", &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE);
  g_clear_error (&error);

  /* Updating a record that was never saved */
  {
    g_autoptr(MarrowRecord) unsaved = new_patient ("MRN-101", "Unsaved");

    g_assert_false (marrow_store_update (fixture->store, unsaved, &error));
    g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_change_set_rolls_back (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(MarrowRecord) existing = new_patient ("MRN-200", "Existing");
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 n_patients, n_audit, n_staff;

  g_assert_true (marrow_store_insert (fixture->store, existing, &error));
  g_assert_no_error (error);
  n_patients = count_rows (fixture, "patient");
  n_audit = count_rows (fixture, "audit_log");
  n_staff = count_rows (fixture, "staff");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *mrn = g_strdup_printf ("MRN-21%u", i);

      g_ptr_array_add (fresh, new_patient (mrn, "Fresh"));
    }

  /* 1. A UNIQUE failure in the last change undoes the first three */
  {
    g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
    g_autoptr(MarrowRecord) duplicate = new_patient ("MRN-200", "Duplicate");

    for (guint i = 0; i < fresh->len; i++)
      marrow_change_set_add_insert (changes, fresh->pdata[i]);
    marrow_change_set_add_insert (changes, duplicate);

    g_assert_false (marrow_store_apply (fixture->store, changes, &error));
    g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "patient.local_id"));
    g_test_message ("constraint: %s", error->message);
    g_clear_error (&error);
  }

  /* 2. A stale update after an insert */
  {
    g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
    g_autoptr(MarrowRecord) stale = marrow_record_copy (existing);

    marrow_record_set_row_version (stale, 7);
    marrow_change_set_add_insert (changes, fresh->pdata[0]);
    marrow_change_set_add_update (changes, stale);

    g_assert_false (marrow_store_apply (fixture->store, changes, &error));
    g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE);
    g_clear_error (&error);
  }

  /* 3. An invalid record among valid ones (refused before writing) */
  {
    g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
    g_autoptr(MarrowRecord) invalid = new_patient ("MRN-299", "Invalid");

    marrow_record_set_text (invalid, "sex", "robot");
    marrow_change_set_add_insert (changes, fresh->pdata[0]);
    marrow_change_set_add_insert (changes, invalid);

    g_assert_false (marrow_store_apply (fixture->store, changes, &error));
    g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_ENUM);
    g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "sex");
    g_clear_error (&error);
  }

  /* 4. A missing parent: the foreign key names the column */
  {
    g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
    g_autoptr(MarrowRecord) weight = marrow_record_new (&marrow_entity_patient_weight);
    g_autofree char *nobody = g_uuid_string_random ();

    marrow_record_set_text (weight, "patient_id", nobody);
    marrow_record_set_text (weight, "measured_on", "2025-01-02");
    marrow_record_set_real (weight, "weight_kg", 81.5);
    marrow_record_set_text (weight, "method", "measured");
    marrow_change_set_add_insert (changes, fresh->pdata[0]);
    marrow_change_set_add_insert (changes, weight);

    g_assert_false (marrow_store_apply (fixture->store, changes, &error));
    g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "patient_weight.patient_id"));
    g_test_message ("foreign key: %s", error->message);
    g_clear_error (&error);
  }

  g_assert_cmpint (count_rows (fixture, "patient"), ==, n_patients);
  g_assert_cmpint (count_rows (fixture, "audit_log"), ==, n_audit);
  g_assert_cmpint (count_rows (fixture, "staff"), ==, n_staff);
  for (guint i = 0; i < fresh->len; i++)
    {
      g_assert_cmpint (marrow_record_get_row_version (fresh->pdata[i]), ==, 0);
      g_assert_null (marrow_record_get_created_at (fresh->pdata[i]));
    }
  g_assert_cmpint (marrow_record_get_row_version (existing), ==, 1);

  /* The same records go in once the culprits are gone */
  {
    g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();

    for (guint i = 0; i < fresh->len; i++)
      marrow_change_set_add_insert (changes, fresh->pdata[i]);
    g_assert_true (marrow_store_apply (fixture->store, changes, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (fixture, "patient"), ==, n_patients + 3);
  }
}

static void
test_first_write_registers_staff (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(MarrowRecord) patient = new_patient ("MRN-300", "Staffer");
  g_autoptr(MarrowRecord) staff = NULL;
  g_autoptr(MarrowStore) again = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = -1;
  MarrowListQuery by_login = { .filter_field = "login", .filter_value = g_get_user_name () };

  /* Reads never write: not even the staff row */
  g_assert_null (marrow_store_get_staff_id (fixture->store));
  g_assert_true (marrow_store_count (fixture->store, &marrow_entity_patient, TRUE, &n, &error));
  g_assert_cmpint (n, ==, 0);
  all = marrow_store_find (fixture->store, &marrow_entity_staff, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  list = marrow_store_list (fixture->store, &marrow_entity_patient, NULL, &error);
  g_assert_no_error (error);
  problems = marrow_store_check (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (marrow_store_lookup (fixture->store, &marrow_entity_patient,
                                      marrow_record_get_id (patient), &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture, "staff"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "audit_log"), ==, 0);
  g_assert_null (marrow_store_get_staff_id (fixture->store));

  /* The first write adds the operating-system user, audited too */
  g_assert_true (marrow_store_insert (fixture->store, patient, &error));
  g_assert_no_error (error);
  g_assert_nonnull (marrow_store_get_staff_id (fixture->store));
  g_assert_cmpint (count_rows (fixture, "staff"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "audit_log"), ==, 2);

  g_clear_pointer (&all, g_ptr_array_unref);
  all = marrow_store_find (fixture->store, &marrow_entity_staff, &by_login, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  staff = g_object_ref (all->pdata[0]);
  g_assert_cmpstr (marrow_record_get_id (staff), ==, marrow_store_get_staff_id (fixture->store));
  g_assert_cmpstr (marrow_record_get_text (staff, "profession"), ==, "other");
  g_assert_true (marrow_record_get_bool (staff, "active"));
  g_assert_cmpstr (marrow_record_get_created_by (staff), ==, marrow_record_get_id (staff));

  /* Another session of the same user finds the row without writing */
  again = marrow_store_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_store_get_staff_id (again), ==, marrow_store_get_staff_id (fixture->store));
}

static void
test_bound_parameters (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char evil_name[] = "O'Brien\"); DROP TABLE patient; --";
  static const char evil_given[] = "Robert'); DELETE FROM audit_log WHERE ('1'='1 %s %n ?1 :filter";
  static const char evil_note[] = "line 1\nline 2\t\\ \"quoted\" ‘curly’ ∑ 🦴 \x01";
  g_autoptr(MarrowRecord) patient = new_patient ("MRN-'1' OR 1=1", evil_name);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  MarrowListQuery query = { .filter_field = "family_name", .filter_value = evil_name };

  marrow_record_set_text (patient, "given_names", evil_given);
  marrow_record_set_text (patient, "note", evil_note);
  g_assert_true (marrow_store_insert (fixture->store, patient, &error));
  g_assert_no_error (error);

  stored = marrow_store_lookup (fixture->store, &marrow_entity_patient,
                                marrow_record_get_id (patient), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (stored, "family_name"), ==, evil_name);
  g_assert_cmpstr (marrow_record_get_text (stored, "given_names"), ==, evil_given);
  g_assert_cmpstr (marrow_record_get_text (stored, "note"), ==, evil_note);
  g_assert_cmpstr (marrow_record_get_text (stored, "local_id"), ==, "MRN-'1' OR 1=1");
  assert_same_record (stored, patient);

  found = marrow_store_find (fixture->store, &marrow_entity_patient, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* A query naming a column that does not exist is refused, not run */
  query.filter_field = "family_name\" OR 1=1 --";
  g_assert_null (marrow_store_find (fixture->store, &marrow_entity_patient, &query, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (fixture, "patient"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "audit_log"), ==, 2);
}

static void
test_log_event (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MarrowRecord) patient = new_patient ("MRN-400", "Printed");
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (marrow_store_insert (fixture->store, patient, &error));
  g_assert_true (marrow_store_log_event (fixture->store, "print", "patient",
                                         marrow_record_get_id (patient),
                                         "{\"report\":\"summary\"}", &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_log_event (fixture->store, "export", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* create, update and void go through apply only */
  g_assert_false (marrow_store_log_event (fixture->store, "update", "patient",
                                          marrow_record_get_id (patient), NULL, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture),
                                       "SELECT action, table_name, record_id, row_version, "
                                       "after_json, staff_id FROM audit_log ORDER BY seq DESC "
                                       "LIMIT 1 OFFSET 1", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "print");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, "patient");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, marrow_record_get_id (patient));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, 1);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 4), ==, "{\"report\":\"summary\"}");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 5), ==,
                   marrow_store_get_staff_id (fixture->store));
  sqlite3_finalize (stmt);
}

static void
assert_names (GPtrArray  *records,
              const char *expected)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    g_string_append_printf (names, "%s%s", i ? " " : "",
                            marrow_record_get_text (records->pdata[i], "family_name"));
  g_assert_cmpstr (names->str, ==, expected);
}

static void
test_find_order_and_filter (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const names[] = { "Brown", "adams", "Clark", "Baker" };
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  MarrowListQuery query = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *mrn = g_strdup_printf ("MRN-5%02u", i);
      MarrowRecord *patient = new_patient (mrn, names[i]);

      if (i == 2)
        marrow_record_set_text (patient, "sex", "male");
      if (i == 3)
        marrow_record_set_text (patient, "given_names", NULL);
      g_assert_true (marrow_store_insert (fixture->store, patient, &error));
      g_assert_no_error (error);
      g_ptr_array_add (patients, patient);
    }
  g_assert_true (marrow_store_void (fixture->store, patients->pdata[0], "duplicate", &error));
  g_assert_no_error (error);

#define FIND(q, expected)                                                              \
  G_STMT_START {                                                                       \
    g_autoptr(GPtrArray) found = marrow_store_find (fixture->store,                    \
                                                    &marrow_entity_patient, q, &error); \
    g_assert_no_error (error);                                                         \
    assert_names (found, expected);                                                    \
  } G_STMT_END

  /* Default: insertion order, voided ones hidden */
  FIND (NULL, "adams Clark Baker");
  query.include_voided = TRUE;
  FIND (&query, "Brown adams Clark Baker");

  /* Text sorts case-insensitively */
  query.order_by = "family_name";
  FIND (&query, "adams Baker Brown Clark");
  query.descending = TRUE;
  FIND (&query, "Clark Brown Baker adams");
  query.descending = FALSE;
  query.include_voided = FALSE;
  FIND (&query, "adams Baker Clark");

  query.filter_field = "sex";
  query.filter_value = "female";
  FIND (&query, "adams Baker");
  query.filter_field = "given_names";
  query.filter_value = NULL;
  FIND (&query, "Baker");
  query.filter_field = "record_status";
  query.filter_value = "entered_in_error";
  query.include_voided = TRUE;
  FIND (&query, "Brown");

#undef FIND

  query.order_by = "shoe_size";
  g_assert_null (marrow_store_find (fixture->store, &marrow_entity_patient, &query, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
}

static void
test_patient_pages_use_index (Fixture       *fixture,
                              gconstpointer  data)
{
  MarrowListQuery query = { .order_by = "family_name" };
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *select = NULL;
  g_autofree char *explain = NULL;
  sqlite3_stmt *stmt = NULL;

  /* 100 000 patients: a page deep in the list must neither sort the table
   * nor read skipped rows.  Migration 2's index holds the order and the
   * status filter; SQLite reads a table row only for the 64 it returns. */
  for (int include_voided = 0; include_voided <= 1; include_voided++)
    {
      query.include_voided = include_voided;
      select = marrow_sqlite_build_select (&marrow_entity_patient, &query, FALSE, TRUE, &error);
      g_assert_no_error (error);
      explain = g_strconcat ("EXPLAIN QUERY PLAN ", select, NULL);
      g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture), explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *)sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      g_test_message ("%s\n%s", select, plan->str);

      g_assert_nonnull (strstr (plan->str, "INDEX patient_list_idx"));
      g_assert_null (strstr (plan->str, "TEMP B-TREE"));
      g_string_truncate (plan, 0);
      g_clear_pointer (&select, g_free);
      g_clear_pointer (&explain, g_free);
    }
}

/* ------------------------------------------------------------------------ */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_list_model_lazy (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const names[] = {
    "Zimmer", "adams", "Baker", "de Vries", "Ólafsson", "MacLeod", "Nguyen", "Okafor",
    "Smith", "smith", "Svensson", "Brown", "Müller", "Garcia", "Kowalski", "Tanaka",
  };
  const guint n_patients = 5000;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GListModel) voided = NULL;
  g_autoptr(MarrowRecord) first = NULL;
  g_autoptr(MarrowRecord) previous = NULL;
  g_autoptr(MarrowRecord) extra = new_patient ("MRN-extra", "Aaron");
  g_autoptr(GTimer) timer = NULL;
  g_autoptr(GError) error = NULL;
  MarrowRecordListModel *lazy;
  MarrowListQuery query = { .order_by = "family_name" };
  MarrowListQuery with_voided = { .order_by = "family_name", .include_voided = TRUE };
  guint n_signals = 0;

  for (guint i = 0; i < n_patients; i++)
    {
      g_autofree char *mrn = g_strdup_printf ("MRN-%06u", i);
      g_autofree char *name = g_strdup_printf ("%s %u", names[(i * 7) % G_N_ELEMENTS (names)],
                                               (i * 7919) % 1000);
      g_autoptr(MarrowRecord) patient = new_patient (mrn, name);

      marrow_change_set_add_insert (changes, patient);
    }

  timer = g_timer_new ();
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);
  g_test_message ("inserted %u patients (with audit rows) in one change set in %.3f s",
                  n_patients, g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  model = marrow_store_list (fixture->store, &marrow_entity_patient, &query, &error);
  g_assert_no_error (error);
  g_assert_true (MARROW_IS_RECORD_LIST_MODEL (model));
  lazy = MARROW_RECORD_LIST_MODEL (model);
  g_assert_true (g_list_model_get_item_type (model) == MARROW_TYPE_RECORD);

  /* Counted, but nothing loaded yet */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_patients);
  g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (lazy), ==, 0);

  /* One item loads one page */
  first = g_list_model_get_item (model, 0);
  g_assert_nonnull (first);
  g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (lazy), ==,
                    MARROW_RECORD_LIST_MODEL_PAGE_SIZE);
  g_clear_object (&first);
  first = g_list_model_get_item (model, 1);
  g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (lazy), ==,
                    MARROW_RECORD_LIST_MODEL_PAGE_SIZE);

  /* The far end loads only its own page */
  {
    g_autoptr(MarrowRecord) last = g_list_model_get_item (model, n_patients - 1);

    g_assert_nonnull (last);
    g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (lazy), ==,
                      MARROW_RECORD_LIST_MODEL_PAGE_SIZE + n_patients % MARROW_RECORD_LIST_MODEL_PAGE_SIZE);
    g_assert_null (g_list_model_get_item (model, n_patients));
  }
  g_test_message ("list opened and first/last page read in %.3f s", g_timer_elapsed (timer, NULL));

  /* Walking the whole list: sorted by family name (case-insensitive, then
   * id), every row read once, and the page cache stays bounded */
  g_timer_start (timer);
  for (guint i = 0; i < n_patients; i++)
    {
      g_autoptr(MarrowRecord) record = g_list_model_get_item (model, i);

      g_assert_nonnull (record);
      if (previous != NULL)
        {
          int cmp = g_ascii_strcasecmp (marrow_record_get_text (previous, "family_name"),
                                        marrow_record_get_text (record, "family_name"));

          g_assert_cmpint (cmp, <=, 0);
          if (cmp == 0)
            g_assert_cmpstr (marrow_record_get_id (previous), <, marrow_record_get_id (record));
        }
      g_set_object (&previous, record);
      g_assert_cmpuint (marrow_record_list_model_get_n_cached_pages (lazy), <=,
                        MARROW_RECORD_LIST_MODEL_MAX_PAGES);
    }
  g_test_message ("walked %u items in %.3f s", n_patients, g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (lazy), <=,
                    n_patients + 2 * MARROW_RECORD_LIST_MODEL_PAGE_SIZE);
  g_assert_cmpuint (marrow_record_list_model_get_n_cached_pages (lazy), ==,
                    MARROW_RECORD_LIST_MODEL_MAX_PAGES);

  /* Saving through the store updates the lists it handed out */
  voided = marrow_store_list (fixture->store, &marrow_entity_patient, &with_voided, &error);
  g_assert_no_error (error);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &n_signals);

  g_assert_true (marrow_store_insert (fixture->store, extra, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_patients + 1);
  g_assert_cmpuint (marrow_record_list_model_get_n_cached_pages (lazy), ==, 0);
  {
    g_autoptr(MarrowRecord) aaron = g_list_model_get_item (model, 0);

    g_assert_cmpstr (marrow_record_get_id (aaron), ==, marrow_record_get_id (extra));
  }

  g_assert_true (marrow_store_void (fixture->store, extra, "duplicate chart", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_signals, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_patients);
  g_assert_cmpuint (g_list_model_get_n_items (voided), ==, n_patients + 1);

  /* A change to another table leaves the list alone */
  {
    g_autoptr(MarrowRecord) weight = marrow_record_new (&marrow_entity_patient_weight);

    marrow_record_set_text (weight, "patient_id", marrow_record_get_id (previous));
    marrow_record_set_text (weight, "measured_on", "2025-01-02");
    marrow_record_set_real (weight, "weight_kg", 70.0);
    marrow_record_set_text (weight, "method", "measured");
    g_assert_true (marrow_store_insert (fixture->store, weight, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_signals, ==, 2);
  }

  /* A model the caller dropped is forgotten; the others still follow */
  g_clear_object (&voided);
  {
    g_autoptr(MarrowRecord) late = new_patient ("MRN-late", "Late");

    g_assert_true (marrow_store_insert (fixture->store, late, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_signals, ==, 3);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_patients + 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/creates-private-file", test_open_creates_private_file);
  g_test_add_func ("/store/open/missing", test_open_missing);
  g_test_add_func ("/store/open/not-a-database", test_open_not_a_database);
  g_test_add_func ("/store/open/foreign-database", test_open_foreign_database);
  g_test_add_func ("/store/open/locations", test_open_locations);
  g_test_add ("/store/crud/every-type", Fixture, NULL,
              fixture_set_up, test_crud_every_type, fixture_tear_down);
  g_test_add ("/store/update/stale", Fixture, NULL,
              fixture_set_up, test_stale_update, fixture_tear_down);
  g_test_add ("/store/apply/rolls-back", Fixture, NULL,
              fixture_set_up, test_change_set_rolls_back, fixture_tear_down);
  g_test_add ("/store/staff/first-write", Fixture, NULL,
              fixture_set_up, test_first_write_registers_staff, fixture_tear_down);
  g_test_add ("/store/bound-parameters", Fixture, NULL,
              fixture_set_up, test_bound_parameters, fixture_tear_down);
  g_test_add ("/store/find/order-and-filter", Fixture, NULL,
              fixture_set_up, test_find_order_and_filter, fixture_tear_down);
  g_test_add ("/store/log-event", Fixture, NULL,
              fixture_set_up, test_log_event, fixture_tear_down);
  g_test_add ("/store/list-model/patient-pages-use-index", Fixture, NULL,
              fixture_set_up, test_patient_pages_use_index, fixture_tear_down);
  g_test_add ("/store/list-model/lazy", Fixture, NULL,
              fixture_set_up, test_list_model_lazy, fixture_tear_down);

  return g_test_run ();
}
