/* test-chain-of-identity.c: releasing lots, changing aliquots and finalising
 * injections end to end, through a real SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test starts from a fresh database with patients A and B, three
 * weights of A, an active knee case of A and A's autologous BMAC lot
 * (harvest, QA-reviewed processing run, lot, two aliquots) released through
 * marrow_store_release_lot().  The clock is fixed at 2026-10-01 12:00 UTC.
 * Every refused operation must leave every table, and the audit log, as it
 * was.
 */
#define G_LOG_DOMAIN "test-chain-of-identity"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-injection-check.h"
#include "marrow-injection-service.h"
#include "marrow-lot-state.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-store.h"
#include "marrow-test-util.h"
#include "marrow-time.h"
#include "marrow-validate.h"

#define NOW            "2026-10-01T12:00:00.000Z"
#define RELEASED_AT    "2026-09-10T09:30:00.000Z"
#define PERFORMED_AT   "2026-09-20T10:00:00.000Z"

/* The main lot: 900 × 10⁶ cells (810 × 10⁶ viable) in 9 mL, two 4.5 mL syringes */
#define LOT_TOTAL_CELLS  G_GINT64_CONSTANT (900000000)
#define LOT_VIABLE_CELLS G_GINT64_CONSTANT (810000000)
#define LOT_VOLUME_ML    9.0
#define ALIQUOT_VOLUME   4.5

/* ------------------------------------------------------------------------ */
/* A store that forwards to another one and lets a test act just before a
 * change set is applied: "another workstation saves in between".  It also
 * shows that the service needs nothing but the MarrowStore interface. */

#define TEST_TYPE_PROXY_STORE (test_proxy_store_get_type ())
G_DECLARE_FINAL_TYPE (TestProxyStore, test_proxy_store, TEST, PROXY_STORE, GObject)

typedef void (*BeforeApplyFunc) (gpointer data);

struct _TestProxyStore
{
  GObject          parent_instance;
  MarrowStore     *inner;
  BeforeApplyFunc  before_apply;   /* runs once */
  gpointer         data;
  guint            n_applied;
};

static void test_proxy_store_iface_init (MarrowStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProxyStore, test_proxy_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MARROW_TYPE_STORE,
                                                      test_proxy_store_iface_init))

static void
test_proxy_store_finalize (GObject *object)
{
  TestProxyStore *self = TEST_PROXY_STORE (object);

  g_clear_object (&self->inner);
  G_OBJECT_CLASS (test_proxy_store_parent_class)->finalize (object);
}

static void
test_proxy_store_class_init (TestProxyStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_proxy_store_finalize;
}

static void
test_proxy_store_init (TestProxyStore *self)
{
}

static gboolean
proxy_apply (MarrowStore      *store,
             MarrowChangeSet  *changes,
             GError          **error)
{
  TestProxyStore *self = TEST_PROXY_STORE (store);
  BeforeApplyFunc func = self->before_apply;

  self->before_apply = NULL;
  if (func != NULL)
    func (self->data);
  self->n_applied++;
  return marrow_store_apply (self->inner, changes, error);
}

static MarrowRecord *
proxy_lookup (MarrowStore            *store,
              const MarrowEntityDef  *entity,
              const char             *id,
              GError                **error)
{
  return marrow_store_lookup (TEST_PROXY_STORE (store)->inner, entity, id, error);
}

static GPtrArray *
proxy_find (MarrowStore            *store,
            const MarrowEntityDef  *entity,
            const MarrowListQuery  *query,
            GError                **error)
{
  return marrow_store_find (TEST_PROXY_STORE (store)->inner, entity, query, error);
}

static GListModel *
proxy_list (MarrowStore            *store,
            const MarrowEntityDef  *entity,
            const MarrowListQuery  *query,
            GError                **error)
{
  return marrow_store_list (TEST_PROXY_STORE (store)->inner, entity, query, error);
}

static gboolean
proxy_count (MarrowStore            *store,
             const MarrowEntityDef  *entity,
             gboolean                include_voided,
             gint64                 *count,
             GError                **error)
{
  return marrow_store_count (TEST_PROXY_STORE (store)->inner, entity, include_voided, count, error);
}

static gboolean
proxy_log_event (MarrowStore  *store,
                 const char   *action,
                 const char   *table_name,
                 const char   *record_id,
                 const char   *detail_json,
                 GError      **error)
{
  return marrow_store_log_event (TEST_PROXY_STORE (store)->inner, action, table_name, record_id,
                                 detail_json, error);
}

static GPtrArray *
proxy_check (MarrowStore  *store,
             GError      **error)
{
  return marrow_store_check (TEST_PROXY_STORE (store)->inner, error);
}

static const char *
proxy_get_staff_id (MarrowStore *store)
{
  return marrow_store_get_staff_id (TEST_PROXY_STORE (store)->inner);
}

static const char *
proxy_get_location (MarrowStore *store)
{
  return marrow_store_get_location (TEST_PROXY_STORE (store)->inner);
}

static void
test_proxy_store_iface_init (MarrowStoreInterface *iface)
{
  iface->apply = proxy_apply;
  iface->lookup = proxy_lookup;
  iface->find = proxy_find;
  iface->list = proxy_list;
  iface->count = proxy_count;
  iface->log_event = proxy_log_event;
  iface->check = proxy_check;
  iface->get_staff_id = proxy_get_staff_id;
  iface->get_location = proxy_get_location;
}

static TestProxyStore *
test_proxy_store_new (MarrowStore *inner)
{
  TestProxyStore *self = g_object_new (TEST_TYPE_PROXY_STORE, NULL);

  self->inner = g_object_ref (inner);
  return self;
}

/* ------------------------------------------------------------------------ */
/* Fixture                                                                  */

typedef struct
{
  MarrowRecord *harvest;
  MarrowRecord *run;
  MarrowRecord *lot;
  MarrowRecord *aliquots[2];
} Chain;

typedef struct
{
  char         *dir;
  char         *path;
  MarrowStore  *store;
  GDateTime    *now;
  GDateTime    *released_at;
  MarrowRecord *physician;
  MarrowRecord *patient_a;
  MarrowRecord *patient_b;
  MarrowRecord *weights[3];
  MarrowRecord *case_a;
  Chain         main;
} Fixture;

static void
chain_clear (Chain *chain)
{
  g_clear_object (&chain->harvest);
  g_clear_object (&chain->run);
  g_clear_object (&chain->lot);
  g_clear_object (&chain->aliquots[0]);
  g_clear_object (&chain->aliquots[1]);
}

static GDateTime *
instant (const char *text)
{
  GDateTime *dt = marrow_instant_parse (text);

  g_assert_nonnull (dt);
  return dt;
}

static void
save (MarrowStore     *store,
      MarrowChangeSet *changes)
{
  g_autoptr(GError) error = NULL;

  marrow_store_apply (store, changes, &error);
  g_assert_no_error (error);
}

/* Replaces *record by the copy now in the store */
static void
reload (Fixture       *fixture,
        MarrowRecord **record)
{
  g_autoptr(GError) error = NULL;
  MarrowRecord *fresh;

  fresh = marrow_store_lookup (fixture->store, marrow_record_get_entity (*record),
                               marrow_record_get_id (*record), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  g_object_unref (*record);
  *record = fresh;
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

static MarrowRecord *
new_weight (MarrowRecord *patient,
            const char   *measured_on,
            double        kg)
{
  MarrowRecord *weight = marrow_record_new (&marrow_entity_patient_weight);

  marrow_record_set_text (weight, "patient_id", marrow_record_get_id (patient));
  marrow_record_set_text (weight, "measured_on", measured_on);
  marrow_record_set_real (weight, "weight_kg", kg);
  marrow_record_set_text (weight, "method", "measured");
  return weight;
}

static MarrowRecord *
new_case (MarrowRecord *patient)
{
  MarrowRecord *jcase = marrow_record_new (&marrow_entity_joint_case);

  marrow_record_set_text (jcase, "patient_id", marrow_record_get_id (patient));
  marrow_record_set_text (jcase, "site", "knee");
  marrow_record_set_text (jcase, "side", "left");
  marrow_record_set_text (jcase, "diagnosis_code", "M17.12");
  marrow_record_set_text (jcase, "diagnosis_text", "Unilateral primary osteoarthritis, left knee");
  marrow_record_set_text (jcase, "primary_instrument", "KOOS");
  marrow_record_set_text (jcase, "status", "active");
  return jcase;
}

/* Builds and saves harvest, run, lot (in quarantine) and two aliquots of
 * @patient, with chain-of-identity IDs of base MRW0126{sequence}. */
static void
chain_build (Fixture      *fixture,
             Chain        *chain,
             MarrowRecord *patient,
             guint         sequence,
             const char   *expires_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(MarrowRecord) input = NULL;
  g_autofree char *base = NULL;
  g_autofree char *run_code = NULL;
  g_autofree char *lot_coi = NULL;
  const char *physician = marrow_record_get_id (fixture->physician);

  base = marrow_coi_make_base ("MRW01", 2026, sequence, &error);
  g_assert_no_error (error);
  run_code = g_strdup_printf ("%s-P1", base);
  lot_coi = g_strdup_printf ("%s-L1", base);

  chain->harvest = marrow_record_new (&marrow_entity_harvest);
  marrow_record_set_text (chain->harvest, "coi_id", base);
  marrow_record_set_text (chain->harvest, "patient_id", marrow_record_get_id (patient));
  marrow_record_set_text (chain->harvest, "tissue", "bone_marrow");
  marrow_record_set_text (chain->harvest, "anatomic_site", "psis");
  marrow_record_set_text (chain->harvest, "harvest_side", "left");
  marrow_record_set_text (chain->harvest, "started_at", "2026-09-10T08:00:00.000Z");
  marrow_record_set_text (chain->harvest, "ended_at", "2026-09-10T08:25:00.000Z");
  marrow_record_set_text (chain->harvest, "tz", "Europe/Berlin");
  marrow_record_set_text (chain->harvest, "operator_id", physician);
  marrow_record_set_text (chain->harvest, "anesthesia", "local");
  marrow_record_set_text (chain->harvest, "anticoagulant", "heparin");
  marrow_record_set_real (chain->harvest, "heparin_u_per_ml", 1000.0);
  marrow_record_set_real (chain->harvest, "volume_collected_ml", 60.0);
  marrow_change_set_add_insert (changes, chain->harvest);

  chain->run = marrow_record_new (&marrow_entity_processing_run);
  marrow_record_set_text (chain->run, "run_code", run_code);
  marrow_record_set_text (chain->run, "method", "density_gradient");
  marrow_record_set_text (chain->run, "facility", "Point-of-care laboratory");
  marrow_record_set_text (chain->run, "operator_id", physician);
  marrow_record_set_text (chain->run, "started_at", "2026-09-10T08:40:00.000Z");
  marrow_record_set_text (chain->run, "ended_at", "2026-09-10T09:10:00.000Z");
  marrow_record_set_real (chain->run, "input_volume_ml", 60.0);
  marrow_record_set_real (chain->run, "output_volume_ml", LOT_VOLUME_ML);
  marrow_record_set_bool (chain->run, "has_deviation", FALSE);
  marrow_record_set_text (chain->run, "qa_reviewed_by", physician);
  marrow_record_set_text (chain->run, "qa_reviewed_at", "2026-09-10T09:15:00.000Z");
  marrow_change_set_add_insert (changes, chain->run);

  input = marrow_record_new (&marrow_entity_processing_input);
  marrow_record_set_text (input, "processing_run_id", marrow_record_get_id (chain->run));
  marrow_record_set_text (input, "harvest_id", marrow_record_get_id (chain->harvest));
  marrow_change_set_add_insert (changes, input);

  chain->lot = marrow_record_new (&marrow_entity_product_lot);
  marrow_record_set_text (chain->lot, "coi_id", lot_coi);
  marrow_record_set_text (chain->lot, "category", "bmac");
  marrow_record_set_text (chain->lot, "origin", "autologous");
  marrow_record_set_text (chain->lot, "source_patient_id", marrow_record_get_id (patient));
  marrow_record_set_text (chain->lot, "processing_run_id", marrow_record_get_id (chain->run));
  marrow_record_set_int (chain->lot, "total_cells", LOT_TOTAL_CELLS);
  marrow_record_set_int (chain->lot, "viable_cells", LOT_VIABLE_CELLS);
  marrow_record_set_real (chain->lot, "volume_ml", LOT_VOLUME_ML);
  marrow_record_set_text (chain->lot, "storage", "fresh");
  marrow_record_set_real (chain->lot, "storage_temp_c", 21.0);
  marrow_record_set_text (chain->lot, "expires_at", expires_at);
  marrow_record_set_text (chain->lot, "release_status", MARROW_LOT_QUARANTINE);
  marrow_record_set_text (chain->lot, "regulatory_pathway", "361_hctp");
  marrow_change_set_add_insert (changes, chain->lot);

  for (guint i = 0; i < G_N_ELEMENTS (chain->aliquots); i++)
    {
      g_autofree char *label = g_strdup_printf ("%s-%02u", lot_coi, i + 1);
      MarrowRecord *aliquot = marrow_record_new (&marrow_entity_product_aliquot);

      marrow_record_set_text (aliquot, "lot_id", marrow_record_get_id (chain->lot));
      marrow_record_set_int (aliquot, "aliquot_no", i + 1);
      marrow_record_set_text (aliquot, "label", label);
      marrow_record_set_text (aliquot, "container", "syringe");
      marrow_record_set_real (aliquot, "volume_ml", ALIQUOT_VOLUME);
      marrow_record_set_text (aliquot, "status", MARROW_ALIQUOT_QUARANTINE);
      marrow_change_set_add_insert (changes, aliquot);
      chain->aliquots[i] = aliquot;
    }

  save (fixture->store, changes);
}

/* Releases the lot through the service and reloads the aliquots */
static void
chain_release (Fixture *fixture,
               Chain   *chain)
{
  g_autoptr(GError) error = NULL;

  marrow_store_release_lot (fixture->store, chain->lot, MARROW_RELEASE_ALL_TESTS_PASS, NULL,
                            fixture->released_at, &error);
  g_assert_no_error (error);
  reload (fixture, &chain->aliquots[0]);
  reload (fixture, &chain->aliquots[1]);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();

  fixture->dir = g_dir_make_tmp ("marrow-test-coi-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  fixture->now = instant (NOW);
  fixture->released_at = instant (RELEASED_AT);

  fixture->physician = marrow_record_new (&marrow_entity_staff);
  marrow_record_set_text (fixture->physician, "login", "dr.coi");
  marrow_record_set_text (fixture->physician, "display_name", "Dr. Robin Coi");
  marrow_record_set_text (fixture->physician, "profession", "physician");
  marrow_record_set_bool (fixture->physician, "can_sign_clinical", TRUE);
  marrow_record_set_bool (fixture->physician, "can_release", TRUE);
  marrow_record_set_bool (fixture->physician, "is_admin", FALSE);
  marrow_record_set_bool (fixture->physician, "active", TRUE);
  marrow_change_set_add_insert (changes, fixture->physician);

  fixture->patient_a = new_patient ("MRN-A", "Able");
  fixture->patient_b = new_patient ("MRN-B", "Baker");
  marrow_change_set_add_insert (changes, fixture->patient_a);
  marrow_change_set_add_insert (changes, fixture->patient_b);

  /* The weight used is the latest on or before the injection day
   * (2026-09-20): 72.5 kg; the later 90 kg is never used for it */
  fixture->weights[0] = new_weight (fixture->patient_a, "2026-09-01", 80.0);
  fixture->weights[1] = new_weight (fixture->patient_a, "2026-09-15", 72.5);
  fixture->weights[2] = new_weight (fixture->patient_a, "2026-09-25", 90.0);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->weights); i++)
    marrow_change_set_add_insert (changes, fixture->weights[i]);

  fixture->case_a = new_case (fixture->patient_a);
  marrow_change_set_add_insert (changes, fixture->case_a);
  save (fixture->store, changes);

  chain_build (fixture, &fixture->main, fixture->patient_a, 123, "2099-12-31T23:59:59.000Z");
  chain_release (fixture, &fixture->main);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  chain_clear (&fixture->main);
  g_clear_object (&fixture->case_a);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->weights); i++)
    g_clear_object (&fixture->weights[i]);
  g_clear_object (&fixture->patient_a);
  g_clear_object (&fixture->patient_b);
  g_clear_object (&fixture->physician);
  g_clear_pointer (&fixture->now, g_date_time_unref);
  g_clear_pointer (&fixture->released_at, g_date_time_unref);
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* ------------------------------------------------------------------------ */
/* Counting rows: "nothing was written"                                     */

typedef struct
{
  gint64 rows[32];
  guint  n_entities;
  gint64 audit_rows;
} Counts;

static gint64
sql_count (Fixture    *fixture,
           const char *sql,
           const char *param1,
           const char *param2)
{
  sqlite3 *db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->store));
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param1 != NULL)
    sqlite3_bind_text (stmt, 1, param1, -1, SQLITE_TRANSIENT);
  if (param2 != NULL)
    sqlite3_bind_text (stmt, 2, param2, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
counts_take (Fixture *fixture,
             Counts  *counts)
{
  const MarrowEntityDef * const *entities = marrow_entity_all (&counts->n_entities);

  g_assert_cmpuint (counts->n_entities, <=, G_N_ELEMENTS (counts->rows));
  for (guint i = 0; i < counts->n_entities; i++)
    {
      g_autoptr(GError) error = NULL;

      marrow_store_count (fixture->store, entities[i], TRUE, &counts->rows[i], &error);
      g_assert_no_error (error);
    }
  counts->audit_rows = sql_count (fixture, "SELECT count(*) FROM audit_log", NULL, NULL);
}

static void
assert_nothing_written (Fixture      *fixture,
                        const Counts *before)
{
  guint n_entities;
  const MarrowEntityDef * const *entities = marrow_entity_all (&n_entities);
  Counts after;

  counts_take (fixture, &after);
  for (guint i = 0; i < before->n_entities; i++)
    {
      if (before->rows[i] != after.rows[i])
        g_test_message ("%s: %" G_GINT64_FORMAT " rows before, %" G_GINT64_FORMAT " after",
                        entities[i]->name, before->rows[i], after.rows[i]);
      g_assert_cmpint (before->rows[i], ==, after.rows[i]);
    }
  g_assert_cmpint (before->audit_rows, ==, after.audit_rows);
}

static gint64
audit_rows_for (Fixture      *fixture,
                MarrowRecord *record,
                const char   *action)
{
  return sql_count (fixture,
                    "SELECT count(*) FROM audit_log WHERE record_id = ?1 AND action = ?2",
                    marrow_record_get_id (record), action);
}

static void
assert_store_healthy (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  problems = marrow_store_check (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", ((MarrowProblem *)problems->pdata[i])->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Injections                                                               */

static MarrowRecord *
new_injection (Fixture      *fixture,
               MarrowRecord *jcase,
               const char   *performed_at,
               const char   *route)
{
  MarrowRecord *injection = marrow_record_new (&marrow_entity_injection);

  marrow_record_set_text (injection, "joint_case_id", marrow_record_get_id (jcase));
  marrow_record_set_text (injection, "performed_at", performed_at);
  marrow_record_set_text (injection, "tz", "Europe/Berlin");
  marrow_record_set_text (injection, "operator_id", marrow_record_get_id (fixture->physician));
  marrow_record_set_text (injection, "route", route);
  marrow_record_set_text (injection, "image_guidance", "ultrasound");
  marrow_record_set_int (injection, "needle_gauge", 21);
  marrow_record_set_real (injection, "volume_injected_ml", 5.0);
  marrow_record_set_bool (injection, "identity_check_done", TRUE);
  marrow_record_set_text (injection, "product_scan_result", "match");
  marrow_record_set_text (injection, "immediate_reaction", "none");
  return injection;
}

/* One product: @volume mL of @aliquot; the rest of the syringe is discarded */
static GPtrArray *
new_products (MarrowRecord *injection,
              MarrowRecord *aliquot,
              double        volume)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  MarrowRecord *product = marrow_record_new (&marrow_entity_injection_product);

  marrow_record_set_text (product, "injection_id", marrow_record_get_id (injection));
  marrow_record_set_text (product, "aliquot_id", marrow_record_get_id (aliquot));
  marrow_record_set_real (product, "volume_injected_ml", volume);
  marrow_record_set_bool (product, "entire_unit_given", FALSE);
  marrow_record_set_text (product, "remainder_fate", "discarded");
  marrow_record_set_text (product, "remainder_reason", "Planned dose smaller than the syringe");
  g_ptr_array_add (products, product);
  return products;
}

/* Tries to finalise @injection with @volume mL of @aliquot and expects it
 * to be refused with @code, leaving the database and @injection as they were */
static void
assert_refused (Fixture               *fixture,
                MarrowRecord          *injection,
                MarrowRecord          *aliquot,
                GQuark                 domain,
                int                    code,
                const char            *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = new_products (injection, aliquot, 3.0);
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  g_autoptr(MarrowRecord) before = marrow_record_copy (injection);
  Counts counts;

  counts_take (fixture, &counts);

  g_assert_false (marrow_store_finalise_injection (fixture->store, injection, products,
                                                   fixture->now, warnings, &error));
  g_assert_error (error, domain, code);
  g_test_message ("refused: %s", error->message);
  if (field != NULL)
    g_assert_cmpstr (marrow_validation_error_get_field (error), ==, field);

  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_true (marrow_record_equal (before, injection));
  g_assert_cmpint (marrow_record_get_row_version (products->pdata[0]), ==, 0);
  assert_nothing_written (fixture, &counts);
}

static void
test_finalise_success (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(MarrowRecord) again = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  MarrowRecord *aliquot;
  MarrowRecord *product;
  Counts counts;

  /* The release moved both aliquots out of quarantine, with audit rows */
  g_assert_cmpstr (marrow_record_get_text (fixture->main.lot, "release_status"), ==,
                   MARROW_LOT_RELEASED);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.lot, "released_at"), ==, RELEASED_AT);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.lot, "released_by"), ==,
                   marrow_store_get_staff_id (fixture->store));
  g_assert_cmpint (marrow_record_get_row_version (fixture->main.lot), ==, 2);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.aliquots[0], "status"), ==,
                   MARROW_ALIQUOT_RELEASED);
  g_assert_cmpint (audit_rows_for (fixture, fixture->main.lot, "update"), ==, 1);
  g_assert_cmpint (audit_rows_for (fixture, fixture->main.aliquots[0], "update"), ==, 1);

  counts_take (fixture, &counts);

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  products = new_products (injection, fixture->main.aliquots[0], 3.0);
  product = products->pdata[0];

  marrow_store_finalise_injection (fixture->store, injection, products, fixture->now, warnings,
                                   &error);
  g_assert_no_error (error);

  /* Doses: 3 mL of 900 × 10⁶ cells (810 × 10⁶ viable) in 9 mL, per 72.5 kg */
  g_assert_cmpint (marrow_record_get_int (injection, "tnc_injected_cells"), ==,
                   G_GINT64_CONSTANT (300000000));
  g_assert_cmpint (marrow_record_get_int (injection, "viable_injected_cells"), ==,
                   G_GINT64_CONSTANT (270000000));
  g_assert_true (marrow_record_get_real (injection, "viable_cells_per_kg") == 270000000.0 / 72.5);
  g_assert_cmpstr (marrow_record_get_text (injection, "weight_id_used"), ==,
                   marrow_record_get_id (fixture->weights[1]));
  g_assert_cmpint (marrow_record_get_int (injection, "course_no"), ==, 1);
  g_assert_false (marrow_record_get_bool (injection, "is_booster"));
  /* 2026-09-10 09:30 to 2026-09-20 10:00: 10 days and 30 minutes */
  g_assert_cmpint (marrow_record_get_int (injection, "release_to_injection_min"), ==,
                   10 * 24 * 60 + 30);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* The caller's records are the stored ones */
  g_assert_cmpint (marrow_record_get_row_version (injection), ==, 1);
  g_assert_cmpint (marrow_record_get_row_version (product), ==, 1);
  stored = marrow_store_lookup (fixture->store, &marrow_entity_injection,
                                marrow_record_get_id (injection), &error);
  g_assert_no_error (error);
  g_assert_true (marrow_record_fields_equal (stored, injection));
  g_assert_cmpint (marrow_record_get_int (stored, "tnc_injected_cells"), ==,
                   G_GINT64_CONSTANT (300000000));

  /* The aliquot is administered, by the acting user, at "now" */
  reload (fixture, &fixture->main.aliquots[0]);
  reload (fixture, &fixture->main.aliquots[1]);
  aliquot = fixture->main.aliquots[0];
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, MARROW_ALIQUOT_ADMINISTERED);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_by"), ==,
                   marrow_store_get_staff_id (fixture->store));
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_at"), ==, NOW);
  g_assert_cmpint (marrow_record_get_row_version (aliquot), ==, 3);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.aliquots[1], "status"), ==,
                   MARROW_ALIQUOT_RELEASED);

  /* One transaction: one new injection, one product, one aliquot update,
   * each with its audit row, and a healthy audit chain */
  g_assert_cmpint (audit_rows_for (fixture, injection, "create"), ==, 1);
  g_assert_cmpint (audit_rows_for (fixture, product, "create"), ==, 1);
  g_assert_cmpint (audit_rows_for (fixture, aliquot, "update"), ==, 2);
  {
    Counts after;

    counts_take (fixture, &after);
    g_assert_cmpint (after.audit_rows, ==, counts.audit_rows + 3);
  }
  assert_store_healthy (fixture);

  /* The same aliquot again: it is administered, no longer released */
  again = new_injection (fixture, fixture->case_a, "2026-09-20T11:00:00.000Z", "intra_articular");
  assert_refused (fixture, again, aliquot, MARROW_VALIDATION_ERROR,
                  MARROW_VALIDATION_ERROR_NOT_RELEASED, "aliquot_id");
}

static void
test_finalise_wrong_patient (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(MarrowRecord) injection = NULL;
  Chain chain_b = { 0 };

  chain_build (fixture, &chain_b, fixture->patient_b, 124, "2099-12-31T23:59:59.000Z");
  chain_release (fixture, &chain_b);

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  assert_refused (fixture, injection, chain_b.aliquots[0], MARROW_VALIDATION_ERROR,
                  MARROW_VALIDATION_ERROR_WRONG_PATIENT, "aliquot_id");

  chain_clear (&chain_b);
}

static void
test_finalise_quarantine (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MarrowRecord) injection = NULL;
  Chain chain = { 0 };

  chain_build (fixture, &chain, fixture->patient_a, 125, "2099-12-31T23:59:59.000Z");

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  assert_refused (fixture, injection, chain.aliquots[0], MARROW_VALIDATION_ERROR,
                  MARROW_VALIDATION_ERROR_NOT_RELEASED, "aliquot_id");

  chain_clear (&chain);
}

static void
test_finalise_expired (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(MarrowRecord) injection = NULL;
  Chain chain = { 0 };

  /* Released on 2026-09-10, expired on the 15th, injected on the 20th */
  chain_build (fixture, &chain, fixture->patient_a, 126, "2026-09-15T00:00:00.000Z");
  chain_release (fixture, &chain);

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  assert_refused (fixture, injection, chain.aliquots[0], MARROW_VALIDATION_ERROR,
                  MARROW_VALIDATION_ERROR_EXPIRED, "aliquot_id");

  chain_clear (&chain);
}

/* @coi with another check character: one misread character */
static char *
with_wrong_check_character (const char *coi)
{
  char *wrong = g_strdup (coi);
  char *check = wrong + MARROW_COI_BASE_LENGTH - 1;

  *check = *check == 'A' ? 'B' : 'A';
  g_assert_false (marrow_coi_check_passes (wrong, MARROW_COI_BASE_LENGTH));
  return wrong;
}

static void
sql_exec (Fixture    *fixture,
          const char *sql,
          const char *param1,
          const char *param2)
{
  sqlite3 *db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->store));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, param1, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, param2, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
}

/* Gives the lot and its aliquots IDs with a wrong check character behind
 * the store's back, as a damaged database or an old version might hold
 * them: record validation no longer protects them, the chain-of-identity
 * checks still must. */
static void
tamper_ids (Fixture *fixture,
            Chain   *chain)
{
  g_autofree char *lot_coi = NULL;

  lot_coi = with_wrong_check_character (marrow_record_get_text (chain->lot, "coi_id"));
  sql_exec (fixture, "UPDATE product_lot SET coi_id = ?1 WHERE id = ?2",
            lot_coi, marrow_record_get_id (chain->lot));
  reload (fixture, &chain->lot);

  for (guint i = 0; i < G_N_ELEMENTS (chain->aliquots); i++)
    {
      g_autofree char *label = g_strdup_printf ("%s-%02u", lot_coi, i + 1);

      sql_exec (fixture, "UPDATE product_aliquot SET label = ?1 WHERE id = ?2",
                label, marrow_record_get_id (chain->aliquots[i]));
      reload (fixture, &chain->aliquots[i]);
    }
}

static void
test_finalise_check_character (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(MarrowRecord) lot = NULL;
  g_autofree char *wrong_base = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *new_id = g_uuid_string_random ();
  Chain chain = { 0 };
  Counts counts;

  /* A lot ID with a wrong check character cannot be saved at all */
  counts_take (fixture, &counts);
  lot = marrow_record_copy (fixture->main.lot);
  marrow_record_set_id (lot, new_id);
  marrow_record_set_row_version (lot, 0);
  wrong_base = with_wrong_check_character (marrow_record_get_text (lot, "coi_id"));
  wrong = g_strdup_printf ("%.*s-L2", MARROW_COI_BASE_LENGTH, wrong_base);
  marrow_record_set_text (lot, "coi_id", wrong);
  g_assert_false (marrow_store_insert (fixture->store, lot, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "coi_id");
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "fails its check character"));
  g_clear_error (&error);
  assert_nothing_written (fixture, &counts);

  /* Such a lot in the database is not released ... */
  chain_build (fixture, &chain, fixture->patient_a, 127, "2099-12-31T23:59:59.000Z");
  tamper_ids (fixture, &chain);
  counts_take (fixture, &counts);
  g_assert_false (marrow_store_release_lot (fixture->store, chain.lot,
                                            MARROW_RELEASE_ALL_TESTS_PASS, NULL,
                                            fixture->released_at, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "coi_id");
  g_clear_error (&error);
  g_assert_cmpstr (marrow_record_get_text (chain.lot, "release_status"), ==, MARROW_LOT_QUARANTINE);
  assert_nothing_written (fixture, &counts);

  /* ... and if it was released before its ID went wrong, it is not given */
  tamper_ids (fixture, &fixture->main);
  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  assert_refused (fixture, injection, fixture->main.aliquots[0], MARROW_VALIDATION_ERROR,
                  MARROW_VALIDATION_ERROR_CHECK_CHARACTER, "aliquot_id");

  chain_clear (&chain);
}

static void
test_finalise_no_weight (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MarrowRecord) case_b = new_case (fixture->patient_b);
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  Chain chain_b = { 0 };

  /* B's own lot into B's own case, but B has no weight */
  marrow_change_set_add_insert (changes, case_b);
  save (fixture->store, changes);
  chain_build (fixture, &chain_b, fixture->patient_b, 128, "2099-12-31T23:59:59.000Z");
  chain_release (fixture, &chain_b);

  injection = new_injection (fixture, case_b, PERFORMED_AT, "intravenous");
  assert_refused (fixture, injection, chain_b.aliquots[0], MARROW_VALIDATION_ERROR,
                  MARROW_VALIDATION_ERROR_NO_WEIGHT, "weight_id_used");

  chain_clear (&chain_b);
}

/* Another workstation changes the aliquot after the service read it and
 * before it saves */
typedef struct
{
  const char *path;
  const char *aliquot_id;
} OtherWorkstation;

static void
other_workstation_edits_aliquot (gpointer data)
{
  OtherWorkstation *other = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowRecord) aliquot = NULL;

  store = marrow_store_open (other->path, FALSE, &error);
  g_assert_no_error (error);
  aliquot = marrow_store_lookup (store, &marrow_entity_product_aliquot, other->aliquot_id, &error);
  g_assert_no_error (error);
  marrow_record_set_text (aliquot, "storage_location", "Procedure room 2");
  marrow_store_update (store, aliquot, &error);
  g_assert_no_error (error);
}

static void
test_finalise_stale (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestProxyStore) proxy = test_proxy_store_new (fixture->store);
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(MarrowRecord) before = NULL;
  g_autoptr(MarrowRecord) missing = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  MarrowRecord *aliquot = fixture->main.aliquots[1];
  OtherWorkstation other = { fixture->path, marrow_record_get_id (aliquot) };
  Counts counts;

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  products = new_products (injection, aliquot, 3.0);
  before = marrow_record_copy (injection);

  proxy->before_apply = other_workstation_edits_aliquot;
  proxy->data = &other;
  counts_take (fixture, &counts);

  g_assert_false (marrow_store_finalise_injection (MARROW_STORE (proxy), injection, products,
                                                   fixture->now, warnings, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (proxy->n_applied, ==, 1);
  g_assert_null (proxy->before_apply);

  /* Only the other workstation's edit (an update: one audit row) was saved */
  counts.audit_rows++;
  assert_nothing_written (fixture, &counts);
  g_assert_true (marrow_record_equal (before, injection));
  g_assert_cmpuint (warnings->len, ==, 0);

  missing = marrow_store_lookup (fixture->store, &marrow_entity_injection,
                                 marrow_record_get_id (injection), &error);
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  reload (fixture, &fixture->main.aliquots[1]);
  aliquot = fixture->main.aliquots[1];
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, MARROW_ALIQUOT_RELEASED);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "storage_location"), ==, "Procedure room 2");
  assert_store_healthy (fixture);

  /* Read again, the injection goes through */
  marrow_store_finalise_injection (MARROW_STORE (proxy), injection, products, fixture->now,
                                   warnings, &error);
  g_assert_no_error (error);
  reload (fixture, &fixture->main.aliquots[1]);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.aliquots[1], "status"), ==,
                   MARROW_ALIQUOT_ADMINISTERED);
}

static void
other_workstation_closes_case (gpointer data)
{
  OtherWorkstation *other = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;

  store = marrow_store_open (other->path, FALSE, &error);
  g_assert_no_error (error);
  joint_case = marrow_store_lookup (store, &marrow_entity_joint_case, other->aliquot_id, &error);
  g_assert_no_error (error);
  marrow_record_set_text (joint_case, "status", "closed");
  marrow_record_set_text (joint_case, "closed_reason", "Patient moved away");
  marrow_store_update (store, joint_case, &error);
  g_assert_no_error (error);
}

/* The case was found active when the service read it, but is closed by
 * another workstation before the save: the check inside the transaction
 * refuses the injection */
static void
test_finalise_case_closed_meanwhile (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestProxyStore) proxy = test_proxy_store_new (fixture->store);
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  OtherWorkstation other = { fixture->path, marrow_record_get_id (fixture->case_a) };
  Counts counts;

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  products = new_products (injection, fixture->main.aliquots[0], 3.0);
  proxy->before_apply = other_workstation_closes_case;
  proxy->data = &other;
  counts_take (fixture, &counts);

  g_assert_false (marrow_store_finalise_injection (MARROW_STORE (proxy), injection, products,
                                                   fixture->now, warnings, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE);
  g_test_message ("refused: %s", error->message);

  counts.audit_rows++;
  assert_nothing_written (fixture, &counts);
  reload (fixture, &fixture->main.aliquots[0]);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.aliquots[0], "status"), ==,
                   MARROW_ALIQUOT_RELEASED);
}

/* A saved draft (with its product) is finalised by updating both */
static void
test_finalise_draft (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GPtrArray) products = NULL;

  injection = new_injection (fixture, fixture->case_a, PERFORMED_AT, "intra_articular");
  marrow_record_set_record_status (injection, MARROW_STATUS_DRAFT);
  products = new_products (injection, fixture->main.aliquots[0], 4.5);
  marrow_record_set_bool (products->pdata[0], "entire_unit_given", TRUE);
  marrow_record_set_null (products->pdata[0], "remainder_fate");
  marrow_record_set_null (products->pdata[0], "remainder_reason");
  marrow_record_set_record_status (products->pdata[0], MARROW_STATUS_DRAFT);
  marrow_change_set_add_insert (changes, injection);
  marrow_change_set_add_insert (changes, products->pdata[0]);
  save (fixture->store, changes);

  marrow_store_finalise_injection (fixture->store, injection, products, fixture->now, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (marrow_record_get_record_status (injection), ==, MARROW_STATUS_FINAL);
  g_assert_cmpstr (marrow_record_get_record_status (products->pdata[0]), ==, MARROW_STATUS_FINAL);
  g_assert_cmpint (marrow_record_get_row_version (injection), ==, 2);
  g_assert_cmpint (marrow_record_get_row_version (products->pdata[0]), ==, 2);
  g_assert_cmpint (marrow_record_get_int (injection, "tnc_injected_cells"), ==,
                   G_GINT64_CONSTANT (450000000));
  g_assert_cmpint (marrow_record_get_int (injection, "course_no"), ==, 1);
  assert_store_healthy (fixture);
}

/* ------------------------------------------------------------------------ */
/* Releasing lots and changing aliquots                                     */

static MarrowRecord *
new_qc_test (Chain      *chain,
             const char *code,
             const char *state,
             const char *pass_fail,
             MarrowRecord *reader)
{
  MarrowRecord *test = marrow_record_new (&marrow_entity_qc_test);

  marrow_record_set_text (test, "product_lot_id", marrow_record_get_id (chain->lot));
  marrow_record_set_text (test, "test_code", code);
  marrow_record_set_text (test, "method", "Sample method");
  marrow_record_set_text (test, "state", state);
  marrow_record_set_text (test, "pass_fail", pass_fail);
  if (g_strcmp0 (state, "final") == 0)
    {
      marrow_record_set_text (test, "result_text", pass_fail);
      marrow_record_set_text (test, "reader_id", marrow_record_get_id (reader));
    }
  return test;
}

static void
test_release_qc (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowRecord) gram = NULL;
  g_autoptr(MarrowRecord) culture = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  Chain chain = { 0 };
  Counts counts;

  chain_build (fixture, &chain, fixture->patient_a, 129, "2099-12-31T23:59:59.000Z");
  gram = new_qc_test (&chain, "gram", "final", "pass", fixture->physician);
  culture = new_qc_test (&chain, "sterility_aerobic", "pending", "pending", fixture->physician);
  marrow_change_set_add_insert (changes, gram);
  marrow_change_set_add_insert (changes, culture);
  save (fixture->store, changes);
  counts_take (fixture, &counts);

  /* A pending culture allows only a conditional release ... */
  g_assert_false (marrow_store_release_lot (fixture->store, chain.lot,
                                            MARROW_RELEASE_ALL_TESTS_PASS, NULL,
                                            fixture->released_at, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "release_basis");
  g_clear_error (&error);

  /* ... which must say what is pending (marrow_lot_apply_release_status) */
  g_assert_false (marrow_store_release_lot (fixture->store, chain.lot,
                                            MARROW_RELEASE_CONDITIONAL, NULL,
                                            fixture->released_at, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  assert_nothing_written (fixture, &counts);

  marrow_store_release_lot (fixture->store, chain.lot, MARROW_RELEASE_CONDITIONAL,
                            "14-day aerobic culture pending", fixture->released_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (chain.lot, "release_basis"), ==,
                   MARROW_RELEASE_CONDITIONAL);
  assert_store_healthy (fixture);

  chain_clear (&chain);
}

static void
test_release_failed_qc (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowRecord) gram = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  Chain chain = { 0 };
  Counts counts;

  chain_build (fixture, &chain, fixture->patient_a, 130, "2099-12-31T23:59:59.000Z");
  gram = new_qc_test (&chain, "gram", "final", "fail", fixture->physician);
  marrow_change_set_add_insert (changes, gram);
  save (fixture->store, changes);
  counts_take (fixture, &counts);

  g_assert_false (marrow_store_release_lot (fixture->store, chain.lot,
                                            MARROW_RELEASE_CONDITIONAL, "Culture pending",
                                            fixture->released_at, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "release_status");
  assert_nothing_written (fixture, &counts);

  chain_clear (&chain);
}

static void
test_release_stale (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowRecord) old_copy = NULL;
  Chain chain = { 0 };
  Counts counts;

  chain_build (fixture, &chain, fixture->patient_a, 131, "2099-12-31T23:59:59.000Z");
  old_copy = marrow_record_copy (chain.lot);

  /* Someone edits the lot; the release decided on the old copy must fail */
  marrow_record_set_real (chain.lot, "storage_temp_c", 20.0);
  marrow_store_update (fixture->store, chain.lot, &error);
  g_assert_no_error (error);
  counts_take (fixture, &counts);

  g_assert_false (marrow_store_release_lot (fixture->store, old_copy,
                                            MARROW_RELEASE_ALL_TESTS_PASS, NULL,
                                            fixture->released_at, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE);
  g_assert_cmpstr (marrow_record_get_text (old_copy, "release_status"), ==, MARROW_LOT_QUARANTINE);
  assert_nothing_written (fixture, &counts);
  reload (fixture, &chain.aliquots[0]);
  g_assert_cmpstr (marrow_record_get_text (chain.aliquots[0], "status"), ==,
                   MARROW_ALIQUOT_QUARANTINE);

  chain_clear (&chain);
}

static void
test_transition_aliquot (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MarrowRecord *aliquot = fixture->main.aliquots[1];
  Counts counts;

  counts_take (fixture, &counts);

  /* Administered only through an injection */
  g_assert_false (marrow_store_transition_aliquot (fixture->store, aliquot,
                                                   MARROW_ALIQUOT_ADMINISTERED, NULL,
                                                   fixture->now, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
  g_clear_error (&error);

  /* Discarding needs a reason */
  g_assert_false (marrow_store_transition_aliquot (fixture->store, aliquot,
                                                   MARROW_ALIQUOT_DISCARDED, NULL,
                                                   fixture->now, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  /* Back to quarantine is not in the table */
  g_assert_false (marrow_store_transition_aliquot (fixture->store, aliquot,
                                                   MARROW_ALIQUOT_QUARANTINE, NULL,
                                                   fixture->now, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, MARROW_ALIQUOT_RELEASED);
  assert_nothing_written (fixture, &counts);

  /* Issued, returned unused, then discarded: three updates, three audit rows */
  marrow_store_transition_aliquot (fixture->store, aliquot, MARROW_ALIQUOT_ISSUED, NULL,
                                   fixture->now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, MARROW_ALIQUOT_ISSUED);
  marrow_store_transition_aliquot (fixture->store, aliquot, MARROW_ALIQUOT_RELEASED,
                                   "Procedure postponed", fixture->now, &error);
  g_assert_no_error (error);
  marrow_store_transition_aliquot (fixture->store, aliquot, MARROW_ALIQUOT_DISCARDED,
                                   "Syringe dropped", fixture->now, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, MARROW_ALIQUOT_DISCARDED);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_reason"), ==, "Syringe dropped");
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_at"), ==, NOW);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_by"), ==,
                   marrow_store_get_staff_id (fixture->store));
  g_assert_cmpint (marrow_record_get_row_version (aliquot), ==, 5);
  g_assert_cmpint (audit_rows_for (fixture, aliquot, "update"), ==, 4);
  reload (fixture, &fixture->main.aliquots[1]);
  g_assert_cmpstr (marrow_record_get_text (fixture->main.aliquots[1], "status"), ==,
                   MARROW_ALIQUOT_DISCARDED);

  /* A discarded aliquot cannot be given */
  {
    g_autoptr(MarrowRecord) injection = new_injection (fixture, fixture->case_a, PERFORMED_AT,
                                                       "intra_articular");

    assert_refused (fixture, injection, fixture->main.aliquots[1], MARROW_VALIDATION_ERROR,
                    MARROW_VALIDATION_ERROR_NOT_RELEASED, "aliquot_id");
  }
  assert_store_healthy (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/chain-of-identity/finalise/success", test_finalise_success);
  ADD ("/chain-of-identity/finalise/wrong-patient", test_finalise_wrong_patient);
  ADD ("/chain-of-identity/finalise/quarantine", test_finalise_quarantine);
  ADD ("/chain-of-identity/finalise/expired", test_finalise_expired);
  ADD ("/chain-of-identity/finalise/check-character", test_finalise_check_character);
  ADD ("/chain-of-identity/finalise/no-weight", test_finalise_no_weight);
  ADD ("/chain-of-identity/finalise/stale", test_finalise_stale);
  ADD ("/chain-of-identity/finalise/case-closed-meanwhile", test_finalise_case_closed_meanwhile);
  ADD ("/chain-of-identity/finalise/draft", test_finalise_draft);
  ADD ("/chain-of-identity/release/qc-pending", test_release_qc);
  ADD ("/chain-of-identity/release/qc-failed", test_release_failed_qc);
  ADD ("/chain-of-identity/release/stale", test_release_stale);
  ADD ("/chain-of-identity/aliquot/transition", test_transition_aliquot);

#undef ADD

  return g_test_run ();
}
