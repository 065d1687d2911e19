/* test-acting-staff.c: choosing the staff member the store writes as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-store.h"
#include "marrow-test-util.h"

typedef struct
{
  char        *tmpdir;
  MarrowStore *store;
} Fixture;

static MarrowRecord *
add_staff (MarrowStore *store,
           const char  *login,
           const char  *name,
           gboolean     active)
{
  g_autoptr(GError) error = NULL;
  MarrowRecord *staff = marrow_record_new (&marrow_entity_staff);

  marrow_record_set_text (staff, "login", login);
  marrow_record_set_text (staff, "display_name", name);
  marrow_record_set_text (staff, "profession", "nurse");
  marrow_record_set_bool (staff, "active", active);
  g_assert_true (marrow_store_insert (store, staff, &error));
  g_assert_no_error (error);
  return staff;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->tmpdir = g_dir_make_tmp ("marrow-test-acting-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->tmpdir, "marrow.db", NULL);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

typedef struct
{
  char *action;
  char *staff_id;
  char *table_name;
  char *record_id;
  char *after_json;
} LastRow;

static gboolean
keep_last (const MarrowAuditRow  *row,
           gpointer               user_data,
           GError               **error)
{
  LastRow *last = user_data;

  g_free (last->action);
  g_free (last->staff_id);
  g_free (last->table_name);
  g_free (last->record_id);
  g_free (last->after_json);
  last->action = g_strdup (row->action);
  last->staff_id = g_strdup (row->staff_id);
  last->table_name = g_strdup (row->table_name);
  last->record_id = g_strdup (row->record_id);
  last->after_json = g_strdup (row->after_json);
  return TRUE;
}

static void
read_last (MarrowStore *store,
           LastRow     *last)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_foreach_audit (store, keep_last, last, &error));
  g_assert_no_error (error);
}

static void
last_row_clear (LastRow *last)
{
  g_free (last->action);
  g_free (last->staff_id);
  g_free (last->table_name);
  g_free (last->record_id);
  g_free (last->after_json);
}

static void
test_choose (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MarrowRecord) nurse = add_staff (fixture->store, "nurse.a", "Ana Nurse", TRUE);
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  g_autoptr(GError) error = NULL;
  g_autofree char *os_staff = g_strdup (marrow_store_get_staff_id (fixture->store));
  const char *nurse_id = marrow_record_get_id (nurse);
  LastRow last = { NULL };

  /* The insert above was by the operating-system login */
  g_assert_nonnull (os_staff);
  g_assert_cmpstr (marrow_record_get_created_by (nurse), ==, os_staff);

  g_assert_true (marrow_store_set_acting_staff (fixture->store, nurse_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, nurse_id);
  read_last (fixture->store, &last);
  g_assert_cmpstr (last.action, ==, "login");
  g_assert_cmpstr (last.staff_id, ==, nurse_id);
  g_assert_cmpstr (last.table_name, ==, "staff");
  g_assert_cmpstr (last.record_id, ==, nurse_id);
  g_assert_nonnull (strstr (last.after_json, os_staff));

  /* The next write is hers: audit row and record columns */
  marrow_record_set_text (patient, "local_id", "7");
  marrow_record_set_text (patient, "family_name", "Okafor");
  marrow_record_set_text (patient, "dob", "1960-01-01");
  marrow_record_set_text (patient, "sex", "male");
  g_assert_true (marrow_store_insert (fixture->store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_created_by (patient), ==, nurse_id);
  read_last (fixture->store, &last);
  g_assert_cmpstr (last.action, ==, "create");
  g_assert_cmpstr (last.staff_id, ==, nurse_id);
  g_assert_true (marrow_store_set_setting (fixture->store, "site_name", "Clinic", FALSE, &error));
  read_last (fixture->store, &last);
  g_assert_cmpstr (last.action, ==, "config_change");
  g_assert_cmpstr (last.staff_id, ==, nurse_id);

  /* Back to the login */
  g_assert_true (marrow_store_set_acting_staff (fixture->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, os_staff);
  read_last (fixture->store, &last);
  g_assert_cmpstr (last.action, ==, "login");
  g_assert_cmpstr (last.staff_id, ==, os_staff);

  {
    g_autoptr(GPtrArray) problems = marrow_store_check (fixture->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }
  last_row_clear (&last);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MarrowRecord) gone = add_staff (fixture->store, "left", "Left Practice", FALSE);
  g_autoptr(MarrowRecord) nurse = add_staff (fixture->store, "nurse.b", "Bo Nurse", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *os_staff = g_strdup (marrow_store_get_staff_id (fixture->store));
  LastRow before = { NULL };
  LastRow after = { NULL };

  read_last (fixture->store, &before);
  g_assert_false (marrow_store_set_acting_staff (fixture->store, marrow_record_get_id (gone),
                                                 &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Left Practice"));
  g_clear_error (&error);
  g_assert_false (marrow_store_set_acting_staff (fixture->store,
                                                 "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing logged, nothing changed */
  g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, os_staff);
  read_last (fixture->store, &after);
  g_assert_cmpstr (after.action, ==, before.action);
  g_assert_cmpstr (after.record_id, ==, before.record_id);

  /* Deactivated at another workstation after being chosen here: writes
   * stop rather than go to someone else */
  g_assert_true (marrow_store_set_acting_staff (fixture->store, marrow_record_get_id (nurse),
                                                &error));
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (fixture->tmpdir, "marrow.db", NULL);
    g_autoptr(MarrowStore) other = marrow_store_open (path, FALSE, &error);

    g_assert_no_error (error);
    marrow_record_set_bool (nurse, "active", FALSE);
    g_assert_true (marrow_store_update (other, nurse, &error));
    g_assert_no_error (error);
  }
  g_assert_false (marrow_store_set_setting (fixture->store, "site_name", "x", FALSE, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Bo Nurse"));
  last_row_clear (&before);
  last_row_clear (&after);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/acting-staff/choose", Fixture, NULL, fixture_setup, test_choose,
              fixture_teardown);
  g_test_add ("/acting-staff/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);

  return g_test_run ();
}
