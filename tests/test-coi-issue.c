/* test-coi-issue.c: the SQLite store issues chain-of-identity IDs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Harvests and received allogeneic lots get a new base from the sequence of
 * their facility and year; runs, lots and aliquots derive theirs; the store
 * does it inside the save transaction (docs/store.md, "Chain-of-identity
 * IDs").
 */
#define G_LOG_DOMAIN "test-coi-issue"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-entities.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-error.h"
#include "marrow-store.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"
#include "marrow-validate.h"

#define FACILITY "TST01"

typedef struct
{
  char         *dir;
  char         *path;
  MarrowStore  *store;
  GPtrArray    *chain;          /* the sample records the builders copy */
  MarrowRecord *physician;
  MarrowRecord *technologist;
  MarrowRecord *patient;
} Fixture;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static sqlite3 *
store_db (Fixture *fixture)
{
  return marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->store));
}

static void
sql_exec (Fixture    *fixture,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (store_db (fixture), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The last sequence issued for FACILITY and @year, or -1 without a row */
static gint64
last_sequence (Fixture *fixture,
               guint    year)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce((SELECT last_sequence FROM coi_sequence "
                                          "WHERE facility = '" FACILITY "' AND year = %u), -1)",
                                          year);

  return query_int (fixture, sql);
}

/* The after_json of the create audit row of @record */
static char *
audit_after_json (Fixture      *fixture,
                  MarrowRecord *record)
{
  sqlite3_stmt *stmt = NULL;
  char *json;

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (fixture),
                                       "SELECT after_json FROM audit_log "
                                       "WHERE record_id = ?1 AND action = 'create'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, marrow_record_get_id (record), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  json = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return json;
}

/* The ID is in the caller's record, in the stored row and in the audit row */
static void
assert_issued (Fixture      *fixture,
               MarrowRecord *record,
               const char   *field,
               const char   *expected)
{
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pair = NULL;

  g_assert_cmpstr (marrow_record_get_text (record, field), ==, expected);
  g_assert_true (marrow_coi_validate (expected, &error));
  g_assert_no_error (error);

  stored = marrow_store_lookup (fixture->store, marrow_record_get_entity (record),
                                marrow_record_get_id (record), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (stored, field), ==, expected);
  g_assert_cmpint (marrow_record_get_row_version (record), ==,
                   marrow_record_get_row_version (stored));

  json = audit_after_json (fixture, record);
  pair = g_strdup_printf ("\"%s\":\"%s\"", field, expected);
  g_assert_nonnull (strstr (json, pair));
}

static char *
make_base (guint year,
           guint sequence)
{
  g_autoptr(GError) error = NULL;
  char *base = marrow_coi_make_base (FACILITY, year, sequence, &error);

  g_assert_no_error (error);
  return base;
}

static void
assert_check_clean (Fixture *fixture)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  problems = marrow_store_check (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", ((MarrowProblem *)problems->pdata[i])->kind,
                    ((MarrowProblem *)problems->pdata[i])->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
insert_ok (Fixture      *fixture,
           MarrowRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_insert (fixture->store, record, &error));
  g_assert_no_error (error);
}

static void
apply_ok (Fixture         *fixture,
          MarrowChangeSet *changes)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);
}

/* A fresh copy of the first sample record of @entity_name: new id, no ID */
static MarrowRecord *
sample_copy (Fixture    *fixture,
             const char *entity_name)
{
  MarrowRecord *record = marrow_record_copy (marrow_test_sample_find (fixture->chain,
                                                                      entity_name));
  g_autofree char *id = g_uuid_string_random ();
  const char *field = NULL;

  marrow_record_set_id (record, id);
  marrow_record_set_row_version (record, 0);
  if (marrow_record_has_field (record, "coi_id"))
    field = "coi_id";
  else if (marrow_record_has_field (record, "run_code"))
    field = "run_code";
  else if (marrow_record_has_field (record, "label"))
    field = "label";
  if (field != NULL)
    marrow_record_set_null (record, field);
  return record;
}

/* A harvest that started at @started_at (UTC), with no time zone */
static MarrowRecord *
new_harvest (Fixture    *fixture,
             const char *started_at)
{
  MarrowRecord *harvest = sample_copy (fixture, "harvest");

  marrow_record_set_text (harvest, "started_at", started_at);
  marrow_record_set_null (harvest, "ended_at");
  marrow_record_set_null (harvest, "received_by_lab_at");
  marrow_record_set_null (harvest, "tz");
  marrow_record_set_text (harvest, "patient_id", marrow_record_get_id (fixture->patient));
  marrow_record_set_text (harvest, "operator_id", marrow_record_get_id (fixture->physician));
  return harvest;
}

static MarrowRecord *
new_run (Fixture *fixture)
{
  MarrowRecord *run = sample_copy (fixture, "processing_run");

  marrow_record_set_text (run, "operator_id", marrow_record_get_id (fixture->technologist));
  marrow_record_set_text (run, "qa_reviewed_by", marrow_record_get_id (fixture->technologist));
  return run;
}

static MarrowRecord *
new_input (Fixture      *fixture,
           MarrowRecord *run,
           MarrowRecord *harvest)
{
  MarrowRecord *input = sample_copy (fixture, "processing_input");

  marrow_record_set_text (input, "processing_run_id", marrow_record_get_id (run));
  marrow_record_set_text (input, "harvest_id", marrow_record_get_id (harvest));
  return input;
}

static MarrowRecord *
new_lot (Fixture      *fixture,
         MarrowRecord *run)
{
  MarrowRecord *lot = sample_copy (fixture, "product_lot");

  marrow_record_set_text (lot, "source_patient_id", marrow_record_get_id (fixture->patient));
  marrow_record_set_text (lot, "processing_run_id", marrow_record_get_id (run));
  marrow_record_set_text (lot, "released_by", marrow_record_get_id (fixture->technologist));
  return lot;
}

/* A received allogeneic lot, without a run */
static MarrowRecord *
new_allogeneic_lot (Fixture    *fixture,
                    const char *received_at)
{
  MarrowRecord *lot = sample_copy (fixture, "product_lot");

  marrow_record_set_text (lot, "category", "uc_wj_msc_allogeneic");
  marrow_record_set_text (lot, "origin", "allogeneic_unrelated");
  marrow_record_set_null (lot, "source_patient_id");
  marrow_record_set_null (lot, "processing_run_id");
  marrow_record_set_text (lot, "supplier_name", "Cord Supplier Inc.");
  marrow_record_set_text (lot, "supplier_product_code", "WJ-MSC-25");
  marrow_record_set_text (lot, "supplier_lot_no", "S-0042");
  marrow_record_set_text (lot, "received_at", received_at);
  marrow_record_set_text (lot, "received_by", marrow_record_get_id (fixture->technologist));
  marrow_record_set_text (lot, "released_by", marrow_record_get_id (fixture->technologist));
  marrow_record_set_text (lot, "regulatory_pathway", "ind_351");
  marrow_record_set_text (lot, "ind_number", "IND 012345");
  return lot;
}

static MarrowRecord *
new_aliquot (Fixture      *fixture,
             MarrowRecord *lot,
             gint64        aliquot_no)
{
  MarrowRecord *aliquot = sample_copy (fixture, "product_aliquot");

  marrow_record_set_text (aliquot, "lot_id", marrow_record_get_id (lot));
  marrow_record_set_int (aliquot, "aliquot_no", aliquot_no);
  marrow_record_set_real (aliquot, "volume_ml", 2.0);
  marrow_record_set_text (aliquot, "status", "quarantine");
  marrow_record_set_null (aliquot, "status_changed_at");
  marrow_record_set_null (aliquot, "status_changed_by");
  return aliquot;
}

/* Harvest, run and input saved; returns the harvest's base */
static char *
save_harvest_and_run (Fixture       *fixture,
                      const char    *started_at,
                      MarrowRecord **run_out)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, started_at);
  g_autoptr(MarrowRecord) run = new_run (fixture);
  g_autoptr(MarrowRecord) input = new_input (fixture, run, harvest);
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();

  insert_ok (fixture, harvest);
  marrow_change_set_add_insert (changes, run);
  marrow_change_set_add_insert (changes, input);
  apply_ok (fixture, changes);

  *run_out = g_steal_pointer (&run);
  return g_strdup (marrow_record_get_text (harvest, "coi_id"));
}

static void
fixture_open (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = marrow_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-coi-issue-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture_open (fixture);

  /* A known facility code instead of migration 2's random one */
  sql_exec (fixture, "UPDATE setting SET value = '" FACILITY "' WHERE key = 'facility_code'");

  fixture->chain = marrow_test_sample_chain ();
  fixture->physician = fixture->chain->pdata[0];
  fixture->technologist = fixture->chain->pdata[1];
  fixture->patient = marrow_test_sample_find (fixture->chain, "patient");
  g_assert_cmpstr (marrow_record_get_text (fixture->physician, "login"), ==, "dr.sample");
  g_assert_cmpstr (marrow_record_get_text (fixture->technologist, "login"), ==, "lab.sample");

  marrow_change_set_add_insert (changes, fixture->physician);
  marrow_change_set_add_insert (changes, fixture->technologist);
  marrow_change_set_add_insert (changes, fixture->patient);
  apply_ok (fixture, changes);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

static void
test_harvest (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MarrowRecord) first = new_harvest (fixture, "2024-06-15T08:00:00.000Z");
  g_autoptr(MarrowRecord) second = new_harvest (fixture, "2024-09-01T08:00:00.000Z");
  g_autoptr(MarrowRecord) other_year = new_harvest (fixture, "2025-02-03T08:00:00.000Z");
  const char *coi;
  char check;

  insert_ok (fixture, first);
  coi = marrow_record_get_text (first, "coi_id");
  g_assert_nonnull (coi);
  g_assert_cmpuint (strlen (coi), ==, MARROW_COI_BASE_LENGTH);
  g_assert_true (g_str_has_prefix (coi, FACILITY "24" "000001"));
  check = marrow_coi_check_character (coi, MARROW_COI_BASE_LENGTH - 1);
  g_assert_cmpint (coi[MARROW_COI_BASE_LENGTH - 1], ==, check);
  g_assert_true (marrow_coi_check_passes (coi, -1));
  assert_issued (fixture, first, "coi_id", coi);

  insert_ok (fixture, second);
  g_assert_true (g_str_has_prefix (marrow_record_get_text (second, "coi_id"),
                                   FACILITY "24" "000002"));
  assert_issued (fixture, second, "coi_id", marrow_record_get_text (second, "coi_id"));

  /* The year is the harvest's, and each year has its own sequence */
  insert_ok (fixture, other_year);
  g_assert_true (g_str_has_prefix (marrow_record_get_text (other_year, "coi_id"),
                                   FACILITY "25" "000001"));
  assert_issued (fixture, other_year, "coi_id", marrow_record_get_text (other_year, "coi_id"));

  g_assert_cmpint (last_sequence (fixture, 2024), ==, 2);
  g_assert_cmpint (last_sequence (fixture, 2025), ==, 1);
  assert_check_clean (fixture);
}

static void
test_harvest_year_local (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MarrowRecord) berlin = new_harvest (fixture, "2024-12-31T23:30:00.000Z");
  g_autoptr(MarrowRecord) utc = new_harvest (fixture, "2024-12-31T23:30:00.000Z");

  /* 00:30 on New Year's Day in Berlin is a harvest of the new year */
  marrow_record_set_text (berlin, "tz", "Europe/Berlin");
  insert_ok (fixture, berlin);
  insert_ok (fixture, utc);

  g_assert_true (g_str_has_prefix (marrow_record_get_text (berlin, "coi_id"),
                                   FACILITY "25" "000001"));
  g_assert_true (g_str_has_prefix (marrow_record_get_text (utc, "coi_id"),
                                   FACILITY "24" "000001"));
  assert_check_clean (fixture);
}

static void
test_run_lot_aliquot (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-03-10T08:00:00.000Z");
  g_autoptr(MarrowRecord) run = new_run (fixture);
  g_autoptr(MarrowRecord) input = new_input (fixture, run, harvest);
  g_autoptr(MarrowRecord) second_run = new_run (fixture);
  g_autoptr(MarrowRecord) second_input = new_input (fixture, second_run, harvest);
  g_autoptr(MarrowRecord) lot = new_lot (fixture, run);
  g_autoptr(MarrowRecord) second_lot = new_lot (fixture, run);
  g_autoptr(MarrowRecord) aliquot1 = new_aliquot (fixture, lot, 1);
  g_autoptr(MarrowRecord) aliquot2 = new_aliquot (fixture, lot, 2);
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(MarrowChangeSet) second_changes = marrow_change_set_new ();
  g_autoptr(MarrowChangeSet) aliquots = marrow_change_set_new ();
  g_autofree char *base = make_base (2025, 1);
  g_autofree char *run_code = g_strdup_printf ("%s-P1", base);
  g_autofree char *second_run_code = g_strdup_printf ("%s-P2", base);
  g_autofree char *lot_coi = g_strdup_printf ("%s-L1", base);
  g_autofree char *second_lot_coi = g_strdup_printf ("%s-L2", base);
  g_autofree char *label1 = g_strdup_printf ("%s-L1-01", base);
  g_autofree char *label2 = g_strdup_printf ("%s-L1-02", base);

  insert_ok (fixture, harvest);
  assert_issued (fixture, harvest, "coi_id", base);

  /* The run comes before its input, which references it */
  marrow_change_set_add_insert (changes, run);
  marrow_change_set_add_insert (changes, input);
  apply_ok (fixture, changes);
  assert_issued (fixture, run, "run_code", run_code);

  insert_ok (fixture, lot);
  assert_issued (fixture, lot, "coi_id", lot_coi);

  /* A second lot of the same base */
  insert_ok (fixture, second_lot);
  assert_issued (fixture, second_lot, "coi_id", second_lot_coi);

  marrow_change_set_add_insert (aliquots, aliquot1);
  marrow_change_set_add_insert (aliquots, aliquot2);
  apply_ok (fixture, aliquots);
  assert_issued (fixture, aliquot1, "label", label1);
  assert_issued (fixture, aliquot2, "label", label2);

  /* A second run of the same harvest */
  marrow_change_set_add_insert (second_changes, second_run);
  marrow_change_set_add_insert (second_changes, second_input);
  apply_ok (fixture, second_changes);
  assert_issued (fixture, second_run, "run_code", second_run_code);

  /* Only the harvest took a number */
  g_assert_cmpint (last_sequence (fixture, 2025), ==, 1);
  assert_check_clean (fixture);
}

static void
test_allogeneic_lot (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-05-05T08:00:00.000Z");
  g_autoptr(MarrowRecord) lot = new_allogeneic_lot (fixture, "2025-07-01T10:00:00.000Z");
  g_autoptr(MarrowRecord) aliquot = NULL;
  g_autofree char *base = make_base (2025, 2);
  g_autofree char *expected = g_strdup_printf ("%s-L1", base);
  g_autofree char *label = g_strdup_printf ("%s-L1-01", base);

  insert_ok (fixture, harvest);

  /* A fresh base from the same sequence, year from received_at */
  insert_ok (fixture, lot);
  assert_issued (fixture, lot, "coi_id", expected);
  g_assert_cmpint (last_sequence (fixture, 2025), ==, 2);

  aliquot = new_aliquot (fixture, lot, 1);
  insert_ok (fixture, aliquot);
  assert_issued (fixture, aliquot, "label", label);
  assert_check_clean (fixture);
}

static void
test_caller_id_kept (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MarrowRecord) imported = new_harvest (fixture, "2025-01-20T08:00:00.000Z");
  g_autoptr(MarrowRecord) issued = new_harvest (fixture, "2025-01-21T08:00:00.000Z");
  g_autofree char *first = make_base (2025, 1);
  g_autofree char *second = make_base (2025, 2);

  /* An ID from an archive or a scan is kept and takes no sequence number */
  marrow_record_set_text (imported, "coi_id", first);
  insert_ok (fixture, imported);
  assert_issued (fixture, imported, "coi_id", first);
  g_assert_cmpint (last_sequence (fixture, 2025), ==, -1);

  /* The sequence skips a base that is already in use */
  insert_ok (fixture, issued);
  assert_issued (fixture, issued, "coi_id", second);
  g_assert_cmpint (last_sequence (fixture, 2025), ==, 2);
  assert_check_clean (fixture);
}

static void
test_issued_id_immutable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-01-20T08:00:00.000Z");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = make_base (2025, 1);
  g_autofree char *other = make_base (2025, 9);
  gint64 n_audit;

  insert_ok (fixture, harvest);
  assert_issued (fixture, harvest, "coi_id", first);
  n_audit = query_int (fixture, "SELECT count(*) FROM audit_log");

  /* a valid but different ID may not replace the issued one */
  marrow_record_set_text (harvest, "coi_id", other);
  g_assert_false (marrow_store_update (fixture->store, harvest, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "coi_id"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log"), ==, n_audit);
  g_clear_error (&error);

  /* the same ID, and other fields, may be saved again */
  marrow_record_set_text (harvest, "coi_id", first);
  marrow_store_update (fixture->store, harvest, &error);
  g_assert_no_error (error);
  assert_check_clean (fixture);
}

static void
test_wrong_check_character (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(MarrowRecord) good = new_harvest (fixture, "2025-01-20T08:00:00.000Z");
  g_autoptr(MarrowRecord) bad = new_harvest (fixture, "2025-01-21T08:00:00.000Z");
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *coi = make_base (2025, 7);
  gint64 n_audit = query_int (fixture, "SELECT count(*) FROM audit_log");

  /* The check character mistyped */
  coi[MARROW_COI_BASE_LENGTH - 1] = coi[MARROW_COI_BASE_LENGTH - 1] == '0' ? '1' : '0';
  g_assert_false (marrow_coi_check_passes (coi, -1));
  marrow_record_set_text (bad, "coi_id", coi);

  marrow_change_set_add_insert (changes, good);
  marrow_change_set_add_insert (changes, bad);
  g_assert_false (marrow_store_apply (fixture->store, changes, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "coi_id");

  /* Nothing written, no number taken, the caller's records unchanged */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM harvest"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM coi_sequence"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log"), ==, n_audit);
  g_assert_true (marrow_record_is_null (good, "coi_id"));
  g_assert_cmpint (marrow_record_get_row_version (good), ==, 0);
  assert_check_clean (fixture);
}

static void
test_rollback_returns_number (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-01-20T08:00:00.000Z");
  g_autoptr(MarrowRecord) again = new_harvest (fixture, "2025-01-20T08:00:00.000Z");
  g_autoptr(MarrowRecord) twin = marrow_record_copy (fixture->patient);
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = make_base (2025, 1);

  /* The harvest is issued its ID, then the set fails on a UNIQUE constraint */
  marrow_record_set_id (twin, "00000000-0000-4000-8000-000000000001");
  marrow_change_set_add_insert (changes, harvest);
  marrow_change_set_add_insert (changes, twin);
  g_assert_false (marrow_store_apply (fixture->store, changes, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CONSTRAINT);

  g_assert_true (marrow_record_is_null (harvest, "coi_id"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM coi_sequence"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM harvest"), ==, 0);

  /* The number was not used up */
  insert_ok (fixture, again);
  assert_issued (fixture, again, "coi_id", first);
  assert_check_clean (fixture);
}

static void
test_sequence_survives_reopen (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(MarrowRecord) first = new_harvest (fixture, "2025-04-01T08:00:00.000Z");
  g_autoptr(MarrowRecord) second = new_harvest (fixture, "2025-04-02T08:00:00.000Z");
  g_autoptr(MarrowRecord) third = new_harvest (fixture, "2025-04-03T08:00:00.000Z");
  g_autofree char *expected = make_base (2025, 3);

  insert_ok (fixture, first);
  insert_ok (fixture, second);

  g_clear_object (&fixture->store);
  fixture_open (fixture);

  insert_ok (fixture, third);
  assert_issued (fixture, third, "coi_id", expected);
  g_assert_cmpint (last_sequence (fixture, 2025), ==, 3);
  assert_check_clean (fixture);
}

static void
test_one_change_set (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-08-08T08:00:00.000Z");
  g_autoptr(MarrowRecord) run = new_run (fixture);
  g_autoptr(MarrowRecord) input = new_input (fixture, run, harvest);
  g_autoptr(MarrowRecord) lot = new_lot (fixture, run);
  g_autoptr(MarrowRecord) aliquot1 = new_aliquot (fixture, lot, 1);
  g_autoptr(MarrowRecord) aliquot2 = new_aliquot (fixture, lot, 2);
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autofree char *base = make_base (2025, 1);
  g_autofree char *run_code = g_strdup_printf ("%s-P1", base);
  g_autofree char *lot_coi = g_strdup_printf ("%s-L1", base);
  g_autofree char *label1 = g_strdup_printf ("%s-L1-01", base);
  g_autofree char *label2 = g_strdup_printf ("%s-L1-02", base);

  /* The run is written before the input that links it to the harvest */
  marrow_change_set_add_insert (changes, harvest);
  marrow_change_set_add_insert (changes, run);
  marrow_change_set_add_insert (changes, input);
  marrow_change_set_add_insert (changes, lot);
  marrow_change_set_add_insert (changes, aliquot1);
  marrow_change_set_add_insert (changes, aliquot2);
  apply_ok (fixture, changes);

  assert_issued (fixture, harvest, "coi_id", base);
  assert_issued (fixture, run, "run_code", run_code);
  assert_issued (fixture, lot, "coi_id", lot_coi);
  assert_issued (fixture, aliquot1, "label", label1);
  assert_issued (fixture, aliquot2, "label", label2);
  assert_check_clean (fixture);
}

static void
test_insert_then_update (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-08-08T08:00:00.000Z");
  g_autoptr(MarrowRecord) stale = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base = make_base (2025, 1);

  /* The update carries the caller's copy, which has no ID yet */
  marrow_change_set_add_insert (changes, harvest);
  marrow_change_set_add_update (changes, harvest);
  apply_ok (fixture, changes);
  g_assert_cmpint (marrow_record_get_row_version (harvest), ==, 2);
  assert_issued (fixture, harvest, "coi_id", base);

  /* An update never clears an issued ID */
  stale = marrow_record_copy (harvest);
  marrow_record_set_null (stale, "coi_id");
  marrow_record_set_real (stale, "volume_collected_ml", 90.0);
  g_assert_true (marrow_store_update (fixture->store, stale, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (stale, "coi_id"), ==, base);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM harvest WHERE coi_id IS NULL"), ==, 0);
  g_assert_cmpint (last_sequence (fixture, 2025), ==, 1);
  assert_check_clean (fixture);
}

static void
test_run_without_harvest (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MarrowRecord) run = new_run (fixture);
  g_autoptr(MarrowRecord) lot = new_lot (fixture, run);
  g_autoptr(GError) error = NULL;
  gint64 n_audit;

  /* No input harvest: the run stays without a code */
  insert_ok (fixture, run);
  g_assert_true (marrow_record_is_null (run, "run_code"));

  /* ... but a lot cannot be saved without its ID */
  n_audit = query_int (fixture, "SELECT count(*) FROM audit_log");
  g_assert_false (marrow_store_insert (fixture->store, lot, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "product_lot.coi_id"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM product_lot"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log"), ==, n_audit);
  g_assert_true (marrow_record_is_null (lot, "coi_id"));
  assert_check_clean (fixture);
}

static void
test_lot_needs_coi (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MarrowRecord) run = NULL;
  g_autoptr(MarrowRecord) lot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = save_harvest_and_run (fixture, "2025-03-10T08:00:00.000Z", &run);
  g_autofree char *lot_coi = g_strdup_printf ("%s-L1", base);

  lot = new_lot (fixture, run);
  insert_ok (fixture, lot);
  assert_issued (fixture, lot, "coi_id", lot_coi);

  /* A caller that cleared the ID gets it back: an update never removes it */
  marrow_record_set_null (lot, "coi_id");
  g_assert_true (marrow_store_update (fixture->store, lot, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (lot, "coi_id"), ==, lot_coi);

  /* A lot saved before IDs were issued has none, and receives it at its
   * next save */
  sql_exec (fixture, "UPDATE product_lot SET coi_id = NULL");
  marrow_record_set_null (lot, "coi_id");
  g_assert_true (marrow_store_update (fixture->store, lot, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (lot, "coi_id"), ==, lot_coi);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM product_lot "
                                       "WHERE coi_id IS NULL"), ==, 0);
  assert_check_clean (fixture);
}

static void
test_harvest_after_run (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-03-10T08:00:00.000Z");
  g_autoptr(MarrowRecord) run = new_run (fixture);
  g_autoptr(MarrowRecord) input = new_input (fixture, run, harvest);
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  /* The run's code needs the harvest's ID, which is issued only later */
  marrow_change_set_add_insert (changes, run);
  marrow_change_set_add_insert (changes, harvest);
  marrow_change_set_add_insert (changes, input);
  g_assert_false (marrow_store_apply (fixture->store, changes, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "processing_run.run_code"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM processing_run"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM coi_sequence"), ==, 0);

  /* With its ID given, the harvest may come later */
  marrow_record_set_text (harvest, "coi_id", "TST0125000123V");
  g_assert_true (marrow_coi_validate ("TST0125000123V", &error));
  g_assert_no_error (error);
  apply_ok (fixture, changes);
  assert_issued (fixture, run, "run_code", "TST0125000123V-P1");
  assert_check_clean (fixture);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_harvest (fixture, "2025-01-20T08:00:00.000Z");
  g_autoptr(GError) error = NULL;

  /* The sequence of a year is used up */
  sql_exec (fixture, "INSERT INTO coi_sequence VALUES ('" FACILITY "', 2025, 999999)");
  g_assert_false (marrow_store_insert (fixture->store, harvest, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "harvest.coi_id"));
  g_assert_nonnull (strstr (error->message, "used up"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM harvest"), ==, 0);

  /* The table refuses a number past the end too */
  g_assert_cmpint (sqlite3_exec (store_db (fixture),
                                 "UPDATE coi_sequence SET last_sequence = 1000000", NULL, NULL,
                                 NULL), !=, SQLITE_OK);

  /* No facility code */
  sql_exec (fixture, "DELETE FROM coi_sequence");
  sql_exec (fixture, "UPDATE setting SET value = '' WHERE key = 'facility_code'");
  g_assert_false (marrow_store_insert (fixture->store, harvest, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "harvest.coi_id"));
  g_assert_nonnull (strstr (error->message, "facility_code"));
  g_clear_error (&error);

  /* A facility code that cannot start an ID */
  sql_exec (fixture, "UPDATE setting SET value = 'tst-1' WHERE key = 'facility_code'");
  g_assert_false (marrow_store_insert (fixture->store, harvest, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "facility_code"));
  g_clear_error (&error);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM harvest"), ==, 0);
  g_assert_true (marrow_record_is_null (harvest, "coi_id"));
  assert_check_clean (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/coi-issue/harvest", test_harvest);
  ADD ("/coi-issue/harvest-year-local", test_harvest_year_local);
  ADD ("/coi-issue/run-lot-aliquot", test_run_lot_aliquot);
  ADD ("/coi-issue/allogeneic-lot", test_allogeneic_lot);
  ADD ("/coi-issue/caller-id-kept", test_caller_id_kept);
  ADD ("/coi-issue/wrong-check-character", test_wrong_check_character);
  ADD ("/coi-issue/issued-id-immutable", test_issued_id_immutable);
  ADD ("/coi-issue/rollback-returns-number", test_rollback_returns_number);
  ADD ("/coi-issue/sequence-survives-reopen", test_sequence_survives_reopen);
  ADD ("/coi-issue/one-change-set", test_one_change_set);
  ADD ("/coi-issue/insert-then-update", test_insert_then_update);
  ADD ("/coi-issue/run-without-harvest", test_run_without_harvest);
  ADD ("/coi-issue/lot-needs-coi", test_lot_needs_coi);
  ADD ("/coi-issue/harvest-after-run", test_harvest_after_run);
  ADD ("/coi-issue/refusals", test_refusals);

#undef ADD

  return g_test_run ();
}
