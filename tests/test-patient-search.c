/* test-patient-search.c: the patient list's search and orders (migration 6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-patient-search"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-record-list-model-private.h"
#include "marrow-sqlite-patient-search.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-sqlite-util.h"
#include "marrow-store.h"
#include "marrow-test-util.h"

typedef struct
{
  char        *dir;
  MarrowStore *store;
} Fixture;

typedef struct
{
  const char *local_id;
  const char *family_name;
  const char *given_names;
  const char *dob;
} Sample;

static const Sample samples[] = {
  { "000317", "Okafor", "Chidi", "1968-11-04" },
  { "000042", "Adebayo", "Grace Funmilayo", "1970-03-03" },
  { "001205", "Lindqvist", "Maja", "1982-07-19" },
  { "DEMO-0042", "Müller", "Jürgen", "1950-12-10" },
  { "SYN-000123", "O'Brien", "Seán", "1950-01-05" },
  { "77-12", "Mullins", "Anna", "1961-10-12" },
  { "004711", "Adams", "Zoe", "1975-05-01" },
  { "004712", "adams", "Bea", "1975-05-02" },
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-patient-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static sqlite3 *
store_db (Fixture *fixture)
{
  return marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->store));
}

static MarrowRecord *
insert_patient (Fixture      *fixture,
                const Sample *sample)
{
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (patient, "local_id", sample->local_id);
  marrow_record_set_text (patient, "family_name", sample->family_name);
  marrow_record_set_text (patient, "given_names", sample->given_names);
  marrow_record_set_text (patient, "dob", sample->dob);
  marrow_record_set_text (patient, "sex", "unknown");
  marrow_store_insert (fixture->store, patient, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&patient);
}

static GPtrArray *
insert_samples (Fixture *fixture)
{
  GPtrArray *patients = g_ptr_array_new_with_free_func (g_object_unref);

  /* One save each, a little apart: their change times order them */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_ptr_array_add (patients, insert_patient (fixture, &samples[i]));
      g_usleep (1500);
    }
  return patients;
}

static MarrowRecord *
new_joint_case (const char *patient_id)
{
  MarrowRecord *joint_case = marrow_record_new (&marrow_entity_joint_case);

  marrow_record_set_text (joint_case, "patient_id", patient_id);
  marrow_record_set_text (joint_case, "site", "knee");
  marrow_record_set_text (joint_case, "side", "left");
  marrow_record_set_text (joint_case, "diagnosis_code", "M17.12");
  marrow_record_set_text (joint_case, "diagnosis_text", "Primary osteoarthritis, left knee");
  marrow_record_set_text (joint_case, "status", "active");
  return joint_case;
}

/* The MRNs of a list, in its order, joined by spaces */
static char *
list_mrns (GListModel *list)
{
  g_autoptr(GString) mrns = g_string_new (NULL);
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MarrowRecord) patient = g_list_model_get_item (list, i);

      g_assert_nonnull (patient);
      g_string_append_printf (mrns, "%s%s", i > 0 ? " " : "",
                              marrow_record_get_text (patient, "local_id"));
    }
  return g_string_free (g_steal_pointer (&mrns), FALSE);
}

static char *
search (Fixture            *fixture,
        const char         *text,
        MarrowPatientOrder  order)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  list = marrow_store_list_patients (fixture->store, text, order, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_LIST_MODEL (list));
  return list_mrns (list);
}

#define assert_search(fixture, text, expected)                                 \
  G_STMT_START {                                                               \
    g_autofree char *found_ = search (fixture, text, MARROW_PATIENT_ORDER_NAME); \
    g_assert_cmpstr (found_, ==, expected);                                    \
  } G_STMT_END

/* ------------------------------------------------------------------------ */

static void
test_match_text (void)
{
  g_autofree char *smith = marrow_sqlite_patient_search_match ("Smi");
  g_autofree char *two = marrow_sqlite_patient_search_match ("  ada,  gr ");
  g_autofree char *quote = marrow_sqlite_patient_search_match ("a\"b");
  g_autofree char *mrn = marrow_sqlite_patient_search_match ("0042");
  g_autofree char *iso = marrow_sqlite_patient_search_match ("1950-12");

  g_assert_null (marrow_sqlite_patient_search_match (NULL));
  g_assert_null (marrow_sqlite_patient_search_match (""));
  g_assert_null (marrow_sqlite_patient_search_match ("  , ; "));
  g_assert_null (marrow_sqlite_patient_search_match ("- ' \""));

  g_assert_cmpstr (smith, ==,
                   "({family_name given_names} : \"Smi\"*) NOT record_status : entered");
  g_assert_cmpstr (two, ==,
                   "({family_name given_names} : \"ada\"* AND {family_name given_names} : \"gr\"*)"
                   " NOT record_status : entered");
  /* A double quote cannot end the string early */
  g_assert_cmpstr (quote, ==,
                   "({family_name given_names} : \"a\"\"b\"*) NOT record_status : entered");
  /* Terms with a digit also match the record number */
  g_assert_cmpstr (mrn, ==,
                   "({family_name given_names local_id} : \"0042\"*) NOT record_status : entered");
  g_assert_cmpstr (iso, ==,
                   "(({family_name given_names local_id} : \"1950-12\"* OR dob : ^\"1950 12\"*))"
                   " NOT record_status : entered");
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = insert_samples (fixture);

  /* Family and given names, by their beginning, in any case */
  assert_search (fixture, "oka", "000317");
  assert_search (fixture, "OKAF", "000317");
  assert_search (fixture, "chid", "000317");
  assert_search (fixture, "funmi", "000042");
  assert_search (fixture, "kafor", "");
  /* Accents do not matter, either way round */
  assert_search (fixture, "muller", "DEMO-0042");
  /* (Non-ASCII letters sort by their bytes, docs/store.md §3) */
  assert_search (fixture, "MÜL", "77-12 DEMO-0042");
  assert_search (fixture, "jurgen", "DEMO-0042");
  assert_search (fixture, "sean", "SYN-000123");
  assert_search (fixture, "o'bri", "SYN-000123");
  /* Every term must match; a comma is a separator */
  assert_search (fixture, "mul anna", "77-12");
  assert_search (fixture, "Müller, J", "DEMO-0042");
  assert_search (fixture, "mul zzz", "");
  /* Sorted by family name, then given names, case-insensitively */
  assert_search (fixture, "ad", "004712 004711 000042");
  assert_search (fixture, "", "004712 004711 000042 001205 77-12 DEMO-0042 SYN-000123 000317");
  assert_search (fixture, " , ", "004712 004711 000042 001205 77-12 DEMO-0042 SYN-000123 000317");
}

static void
test_record_numbers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = insert_samples (fixture);

  assert_search (fixture, "000317", "000317");
  assert_search (fixture, "0003", "000317");
  assert_search (fixture, "00471", "004712 004711");
  assert_search (fixture, "0042", "DEMO-0042");
  assert_search (fixture, "demo-0042", "DEMO-0042");
  assert_search (fixture, "syn-0001", "SYN-000123");
  /* Letters alone match names only: the prefix every record number of a
   * practice shares ("SYN-") would otherwise match everyone */
  assert_search (fixture, "syn", "");
  /* A record number is matched from its start */
  assert_search (fixture, "317", "");
}

static void
test_dates_of_birth (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = insert_samples (fixture);
  g_autofree char *locale_text = NULL;
  GDate date;
  char buffer[64];

  /* ISO, whole or its beginning */
  assert_search (fixture, "1950-12-10", "DEMO-0042");
  assert_search (fixture, "1950-12", "DEMO-0042");
  assert_search (fixture, "1950-1", "DEMO-0042");
  assert_search (fixture, "1950-01", "SYN-000123");
  assert_search (fixture, "1950", "DEMO-0042 SYN-000123");
  assert_search (fixture, "1975-05-0", "004712 004711");
  /* A year is the first part of a date: 12 is no day or month of birth
   * (only the second part of record number 77-12) */
  assert_search (fixture, "12", "77-12");
  assert_search (fixture, "05", "");
  assert_search (fixture, "1961-10-12 mul", "77-12");
  assert_search (fixture, "1961-10-13", "");

  /* The locale's own format: tests run in C.UTF-8, whose dates are
   * month/day/year; g_date_strftime() writes what the user sees */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 10, G_DATE_DECEMBER, 1950);
  g_assert_cmpuint (g_date_strftime (buffer, sizeof buffer, "%x", &date), >, 0);
  assert_search (fixture, buffer, "DEMO-0042");
  assert_search (fixture, "12/10/1950", "DEMO-0042");
  locale_text = g_strdup_printf ("%s müller", buffer);
  assert_search (fixture, locale_text, "DEMO-0042");
  /* Not a date in this locale (no month 31): no date of birth matches */
  assert_search (fixture, "31/12/1950", "");
}

static void
test_voided_excluded (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = insert_samples (fixture);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) by_activity = NULL;
  g_autoptr(GError) error = NULL;
  MarrowRecord *okafor = patients->pdata[0];

  all = marrow_store_list_patients (fixture->store, NULL, MARROW_PATIENT_ORDER_NAME, &error);
  g_assert_no_error (error);
  by_activity = marrow_store_list_patients (fixture->store, NULL,
                                            MARROW_PATIENT_ORDER_LAST_ACTIVITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, G_N_ELEMENTS (samples));

  marrow_store_void (fixture->store, okafor, "Registered twice", &error);
  g_assert_no_error (error);

  assert_search (fixture, "oka", "");
  assert_search (fixture, "000317", "");
  assert_search (fixture, "1968", "");
  /* The lists handed out before reload without the patient */
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, G_N_ELEMENTS (samples) - 1);
  g_assert_cmpuint (g_list_model_get_n_items (by_activity), ==, G_N_ELEMENTS (samples) - 1);
  {
    g_autofree char *mrns = list_mrns (by_activity);

    g_assert_null (strstr (mrns, "000317"));
  }
}

static void
test_edit_reindexes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = insert_samples (fixture);
  g_autoptr(GError) error = NULL;
  MarrowRecord *maja = patients->pdata[2];

  marrow_record_set_text (maja, "family_name", "Lindgren");
  marrow_store_update (fixture->store, maja, &error);
  g_assert_no_error (error);

  assert_search (fixture, "lindq", "");
  assert_search (fixture, "lindg", "001205");
}

static void
test_last_activity (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = insert_samples (fixture);
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *searched = NULL;
  MarrowRecord *okafor = patients->pdata[0];
  MarrowRecord *lindqvist = patients->pdata[2];

  list = marrow_store_list_patients (fixture->store, NULL, MARROW_PATIENT_ORDER_LAST_ACTIVITY,
                                     &error);
  g_assert_no_error (error);
  /* Each insert was its own save: the latest first */
  first = list_mrns (list);
  g_assert_cmpstr (first, ==, "004712 004711 77-12 SYN-000123 DEMO-0042 001205 000042 000317");

  /* A new case is activity of its patient; the open list follows */
  g_usleep (2000);
  joint_case = new_joint_case (marrow_record_get_id (okafor));
  marrow_store_insert (fixture->store, joint_case, &error);
  g_assert_no_error (error);
  second = list_mrns (list);
  g_assert_true (g_str_has_prefix (second, "000317 004712 "));

  /* So is a change to the patient */
  g_usleep (2000);
  marrow_record_set_text (lindqvist, "given_names", "Maja Sofia");
  marrow_store_update (fixture->store, lindqvist, &error);
  g_assert_no_error (error);
  third = list_mrns (list);
  g_assert_true (g_str_has_prefix (third, "001205 000317 004712 "));

  /* And a search in that order */
  searched = search (fixture, "00", MARROW_PATIENT_ORDER_LAST_ACTIVITY);
  g_assert_cmpstr (searched, ==, "001205 000317 004712 004711 SYN-000123 DEMO-0042 000042");
}

/* An archive import writes records in any order, foreign keys off: a case
 * may come before its patient.  The triggers must still end right. */
static void
test_import_any_order (Fixture       *fixture,
                       gconstpointer  data)
{
  static const Sample sample = { "009999", "Ångström", "Åsa", "1944-02-29" };
  g_autoptr(MarrowRecord) existing = insert_patient (fixture, &samples[0]);
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GError) error = NULL;
  const char *staff = marrow_store_get_staff_id (fixture->store);
  MarrowImportOutcome outcome;
  gint64 n = 0;

  marrow_record_set_text (patient, "local_id", sample.local_id);
  marrow_record_set_text (patient, "family_name", sample.family_name);
  marrow_record_set_text (patient, "given_names", sample.given_names);
  marrow_record_set_text (patient, "dob", sample.dob);
  marrow_record_set_text (patient, "sex", "female");
  marrow_record_set_created (patient, "2020-01-01T10:00:00.000Z", staff);
  marrow_record_set_updated (patient, "2020-01-01T10:00:00.000Z", staff);
  marrow_record_set_row_version (patient, 1);

  joint_case = new_joint_case (marrow_record_get_id (patient));
  marrow_record_set_created (joint_case, "2025-06-01T10:00:00.000Z", staff);
  marrow_record_set_updated (joint_case, "2025-06-01T10:00:00.000Z", staff);
  marrow_record_set_row_version (joint_case, 1);

  g_assert_true (marrow_store_import_begin (fixture->store, "test", &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_import_record (fixture->store, joint_case, &outcome, &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_import_record (fixture->store, patient, &outcome, &error));
  g_assert_no_error (error);
  g_assert_true (marrow_store_import_end (fixture->store, TRUE, &error));
  g_assert_no_error (error);

  assert_search (fixture, "angst", "009999");
  assert_search (fixture, "asa", "009999");
  assert_search (fixture, "1944-02-29", "009999");
  /* The case's time, not the patient's older one, and listed */
  g_assert_true (marrow_sqlite_get_int (store_db (fixture),
                                        "SELECT count(*) FROM patient_activity WHERE listed = 1 "
                                        "AND last_activity = '2025-06-01T10:00:00.000Z'",
                                        &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);

  /* The full-text index agrees with its content table */
  g_assert_cmpint (sqlite3_exec (store_db (fixture),
                                 "INSERT INTO patient_search (patient_search, rank) "
                                 "VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (marrow_store_count (fixture->store, &marrow_entity_patient, FALSE, &n, &error));
  g_assert_cmpint (n, ==, 2);
}

/* Lists stay lazy: only the pages asked for are read */
static void
test_lazy_pages (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  marrow_test_insert_patients (fixture->store, 500, "Family", 0);

  for (int order = MARROW_PATIENT_ORDER_NAME; order <= MARROW_PATIENT_ORDER_LAST_ACTIVITY; order++)
    for (int searching = 0; searching <= 1; searching++)
      {
        g_autoptr(GListModel) list = NULL;
        g_autoptr(MarrowRecord) last = NULL;

        list = marrow_store_list_patients (fixture->store, searching ? "fam" : NULL, order, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (list), ==, 500);
        g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (MARROW_RECORD_LIST_MODEL (list)),
                          ==, 0);
        last = g_list_model_get_item (list, 499);
        g_assert_nonnull (last);
        /* (One save: every patient has the same last activity) */
        if (order == MARROW_PATIENT_ORDER_NAME)
          g_assert_cmpstr (marrow_record_get_text (last, "family_name"), ==, "Family499");
        /* The last page only: 500 = 7 * 64 + 52 */
        g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (MARROW_RECORD_LIST_MODEL (list)),
                          ==, 52);
        /* The first and the three after it, in one query */
        g_clear_object (&last);
        last = g_list_model_get_item (list, 0);
        g_assert_cmpuint (marrow_record_list_model_get_rows_fetched (MARROW_RECORD_LIST_MODEL (list)),
                          ==, 52 + MARROW_RECORD_LIST_MODEL_READ_AHEAD * MARROW_RECORD_LIST_MODEL_PAGE_SIZE);
        g_assert_cmpuint (marrow_record_list_model_get_n_cached_pages (MARROW_RECORD_LIST_MODEL (list)),
                          ==, 1 + MARROW_RECORD_LIST_MODEL_READ_AHEAD);
      }
}

static char *
query_plan (Fixture    *fixture,
            const char *search_text,
            int         order)
{
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *match = marrow_sqlite_patient_search_match (search_text);
  g_autoptr(MarrowRecordListModel) list = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *explain = NULL;
  g_autofree char *sql = NULL;

  /* The SQL the model prepared: the most recent statement of the store */
  list = marrow_sqlite_patient_search (MARROW_SQLITE_STORE (fixture->store), search_text, order,
                                       &error);
  g_assert_no_error (error);
  stmt = sqlite3_next_stmt (store_db (fixture), NULL);
  g_assert_nonnull (stmt);
  g_assert_nonnull (strstr (sqlite3_sql (stmt), "LIMIT :limit"));
  sql = g_strconcat ("EXPLAIN QUERY PLAN ", sqlite3_sql (stmt), NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture), sql, -1, &explain, NULL), ==,
                   SQLITE_OK);
  if (match != NULL)
    sqlite3_bind_text (explain, sqlite3_bind_parameter_index (explain, ":match"), match, -1,
                       SQLITE_TRANSIENT);
  while (sqlite3_step (explain) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *)sqlite3_column_text (explain, 3));
  sqlite3_finalize (explain);
  g_test_message ("%s\n%s", sqlite3_sql (stmt), plan->str);
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* No list scans the patient table; a search reads the full-text index first */
static void
test_query_plans (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *by_name = query_plan (fixture, NULL, MARROW_PATIENT_ORDER_NAME);
  g_autofree char *by_activity = query_plan (fixture, NULL, MARROW_PATIENT_ORDER_LAST_ACTIVITY);
  g_autofree char *search_name = query_plan (fixture, "ada", MARROW_PATIENT_ORDER_NAME);
  g_autofree char *search_activity = query_plan (fixture, "ada",
                                                 MARROW_PATIENT_ORDER_LAST_ACTIVITY);

  g_assert_nonnull (strstr (by_name, "patient_name_order_idx"));
  g_assert_null (strstr (by_name, "TEMP B-TREE"));
  g_assert_nonnull (strstr (by_activity, "patient_activity_order_idx"));
  g_assert_nonnull (strstr (by_activity, "SEARCH patient USING INDEX"));
  g_assert_true (g_str_has_prefix (search_name, "SCAN patient_search VIRTUAL TABLE"));
  g_assert_true (g_str_has_prefix (search_activity, "SCAN patient_search VIRTUAL TABLE"));
  g_assert_nonnull (strstr (search_activity, "SEARCH patient_activity USING PRIMARY KEY"));

  /* A term most patients match walks the name index instead, and finds
   * the rows the match gave by rowid; the list is the same */
  marrow_test_insert_patients (fixture->store, 1100, "Family", 0);
  {
    g_autofree char *broad = query_plan (fixture, "fam", MARROW_PATIENT_ORDER_NAME);
    g_autoptr(GListModel) list = NULL;
    g_autoptr(MarrowRecord) first = NULL;
    g_autoptr(MarrowRecord) last = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_str_has_prefix (broad, "SCAN patient USING INDEX patient_name_order_idx"));
    g_assert_null (strstr (broad, "TEMP B-TREE"));

    list = marrow_store_list_patients (fixture->store, "fam", MARROW_PATIENT_ORDER_NAME, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1100);
    first = g_list_model_get_item (list, 0);
    last = g_list_model_get_item (list, 1099);
    g_assert_cmpstr (marrow_record_get_text (first, "family_name"), ==, "Family000");
    g_assert_cmpstr (marrow_record_get_text (last, "family_name"), ==, "Family999");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/patient-search/match-text", test_match_text);
  ADD ("/patient-search/names", test_names);
  ADD ("/patient-search/record-numbers", test_record_numbers);
  ADD ("/patient-search/dates-of-birth", test_dates_of_birth);
  ADD ("/patient-search/voided-excluded", test_voided_excluded);
  ADD ("/patient-search/edit-reindexes", test_edit_reindexes);
  ADD ("/patient-search/last-activity", test_last_activity);
  ADD ("/patient-search/import-any-order", test_import_any_order);
  ADD ("/patient-search/lazy-pages", test_lazy_pages);
  ADD ("/patient-search/query-plans", test_query_plans);

  return g_test_run ();
}
