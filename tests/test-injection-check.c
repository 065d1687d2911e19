/* test-injection-check.c: the chain-of-identity and dose checks of an injection
 * (domain model 4.9 and section 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "marrow-error.h"
#include "marrow-injection-check.h"
#include "marrow-lot-state.h"
#include "marrow-record.h"
#include "marrow-time.h"
#include "marrow-validate.h"

#define PATIENT        "0b5e2a1c-4a8f-4e5e-9c1d-1f2e3d4c5b6a"
#define OTHER_PATIENT  "9d8c7b6a-5f4e-4d3c-8b2a-1a0f9e8d7c6b"
#define STAFF          "5f0c3b52-3d43-4c55-9a57-2f8e3f2f7a11"

#define NOW            "2026-03-10T12:00:00.000Z"
#define PERFORMED_AT   "2026-03-10T10:30:00.000Z"
#define RELEASED_AT    "2026-03-10T08:00:00.000Z"
#define EXPIRES_AT     "2026-03-10T18:00:00.000Z"
#define LOT_COI        "MRW0126000123W-L1"

typedef struct
{
  MarrowRecord *joint_case;
  MarrowRecord *injection;
  MarrowRecord *lot[2];
  MarrowRecord *aliquot[2];
  MarrowRecord *product[2];
  guint         n_products;
  GPtrArray    *weights;
  const char   *others[4];
  guint         n_others;
  GDateTime    *now;

  MarrowInjectionProductSnapshot products[2];
  MarrowInjectionSnapshot        snapshot;
} Fixture;

static MarrowRecord *
make_weight (const char *patient_id,
             const char *measured_on,
             double      kg)
{
  MarrowRecord *w = marrow_record_new_by_name ("patient_weight");

  marrow_record_set_text (w, "patient_id", patient_id);
  marrow_record_set_text (w, "measured_on", measured_on);
  marrow_record_set_real (w, "weight_kg", kg);
  marrow_record_set_text (w, "method", "measured");
  return w;
}

static MarrowRecord *
make_lot (const char *coi)
{
  MarrowRecord *lot = marrow_record_new_by_name ("product_lot");

  marrow_record_set_text (lot, "coi_id", coi);
  marrow_record_set_text (lot, "category", "bmac");
  marrow_record_set_text (lot, "origin", "autologous");
  marrow_record_set_text (lot, "source_patient_id", PATIENT);
  marrow_record_set_int (lot, "total_cells", 123456789);
  marrow_record_set_int (lot, "viable_cells", 100000000);
  marrow_record_set_real (lot, "volume_ml", 7.0);
  marrow_record_set_text (lot, "storage", "fresh");
  marrow_record_set_text (lot, "expires_at", EXPIRES_AT);
  marrow_record_set_text (lot, "release_status", "released");
  marrow_record_set_text (lot, "release_basis", "all_tests_pass");
  marrow_record_set_text (lot, "released_by", STAFF);
  marrow_record_set_text (lot, "released_at", RELEASED_AT);
  marrow_record_set_text (lot, "regulatory_pathway", "361_hctp");
  return lot;
}

static MarrowRecord *
make_aliquot (MarrowRecord *lot,
              guint         no)
{
  MarrowRecord *aliquot = marrow_record_new_by_name ("product_aliquot");
  g_autofree char *label = g_strdup_printf ("%s-%02u", marrow_record_get_text (lot, "coi_id"), no);

  marrow_record_set_text (aliquot, "lot_id", marrow_record_get_id (lot));
  marrow_record_set_int (aliquot, "aliquot_no", no);
  marrow_record_set_text (aliquot, "label", label);
  marrow_record_set_text (aliquot, "container", "syringe");
  marrow_record_set_real (aliquot, "volume_ml", 7.0);
  marrow_record_set_text (aliquot, "status", "issued");
  return aliquot;
}

static MarrowRecord *
make_product (MarrowRecord *injection,
              MarrowRecord *aliquot,
              double        volume)
{
  MarrowRecord *p = marrow_record_new_by_name ("injection_product");

  marrow_record_set_text (p, "injection_id", marrow_record_get_id (injection));
  marrow_record_set_text (p, "aliquot_id", marrow_record_get_id (aliquot));
  marrow_record_set_real (p, "volume_injected_ml", volume);
  marrow_record_set_bool (p, "entire_unit_given", FALSE);
  marrow_record_set_text (p, "remainder_fate", "discarded");
  marrow_record_set_text (p, "remainder_reason", "not needed");
  return p;
}

/* A valid knee injection of 2.5 mL of a fresh autologous BMAC lot
 * (123 456 789 cells, 100 000 000 viable, in 7 mL), 5 mL in total, with
 * an 80 kg weight from nine days before. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->joint_case = marrow_record_new_by_name ("joint_case");
  g_assert_nonnull (f->joint_case);
  marrow_record_set_text (f->joint_case, "patient_id", PATIENT);
  marrow_record_set_text (f->joint_case, "site", "knee");
  marrow_record_set_text (f->joint_case, "side", "left");
  marrow_record_set_text (f->joint_case, "status", "active");
  marrow_record_set_text (f->joint_case, "primary_instrument", "KOOS");

  f->injection = marrow_record_new_by_name ("injection");
  marrow_record_set_text (f->injection, "joint_case_id", marrow_record_get_id (f->joint_case));
  marrow_record_set_text (f->injection, "performed_at", PERFORMED_AT);
  marrow_record_set_text (f->injection, "tz", "UTC");
  marrow_record_set_text (f->injection, "operator_id", STAFF);
  marrow_record_set_text (f->injection, "route", "intra_articular");
  marrow_record_set_text (f->injection, "image_guidance", "ultrasound");
  marrow_record_set_real (f->injection, "volume_injected_ml", 5.0);
  marrow_record_set_bool (f->injection, "identity_check_done", TRUE);
  marrow_record_set_text (f->injection, "product_scan_result", "match");
  marrow_record_set_text (f->injection, "immediate_reaction", "none");

  f->lot[0] = make_lot (LOT_COI);
  f->aliquot[0] = make_aliquot (f->lot[0], 1);
  f->product[0] = make_product (f->injection, f->aliquot[0], 2.5);
  f->n_products = 1;

  f->weights = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (f->weights, make_weight (PATIENT, "2026-03-01", 80.0));

  f->now = marrow_instant_parse (NOW);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->joint_case);
  g_clear_object (&f->injection);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&f->lot[i]);
      g_clear_object (&f->aliquot[i]);
      g_clear_object (&f->product[i]);
    }
  g_clear_pointer (&f->weights, g_ptr_array_unref);
  g_clear_pointer (&f->now, g_date_time_unref);
}

/* Adds a second lot with its aliquot and product */
static void
add_second_product (Fixture    *f,
                    const char *coi,
                    double      volume)
{
  f->lot[1] = make_lot (coi);
  f->aliquot[1] = make_aliquot (f->lot[1], 1);
  f->product[1] = make_product (f->injection, f->aliquot[1], volume);
  f->n_products = 2;
}

static const MarrowInjectionSnapshot *
snapshot (Fixture *f)
{
  for (guint i = 0; i < f->n_products; i++)
    {
      f->products[i].injection_product = f->product[i];
      f->products[i].aliquot = f->aliquot[i];
      f->products[i].lot = f->lot[i];
    }

  f->snapshot.injection = f->injection;
  f->snapshot.joint_case = f->joint_case;
  f->snapshot.patient_id = PATIENT;
  f->snapshot.products = f->products;
  f->snapshot.n_products = f->n_products;
  f->snapshot.weights = (MarrowRecord * const *)f->weights->pdata;
  f->snapshot.n_weights = f->weights->len;
  f->snapshot.other_performed_at = f->others;
  f->snapshot.n_other = f->n_others;
  f->snapshot.now = f->now;

  return &f->snapshot;
}

/* Runs the check and asserts it passes; returns the warnings */
static GPtrArray *
check_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *warnings = marrow_warning_list_new ();

  g_assert_true (marrow_injection_check_finalise (snapshot (f), warnings, &error));
  g_assert_no_error (error);
  return warnings;
}

/* Runs the check and asserts it fails with @code, leaving the injection as
 * it was; returns the error for further checks */
static GError *
check_fails (Fixture *f,
             int      code)
{
  g_autoptr(MarrowRecord) before = marrow_record_copy (f->injection);
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  GError *error = NULL;

  g_assert_false (marrow_injection_check_finalise (snapshot (f), warnings, &error));
  if (error != NULL)
    g_test_message ("error: %s", error->message);
  g_assert_error (error, MARROW_VALIDATION_ERROR, code);
  g_assert_true (marrow_record_equal (f->injection, before));
  g_assert_cmpuint (warnings->len, ==, 0);
  return error;
}

static gboolean
has_warning (GPtrArray  *warnings,
             const char *code)
{
  for (guint i = 0; i < warnings->len; i++)
    if (g_strcmp0 (((MarrowWarning *)warnings->pdata[i])->code, code) == 0)
      return TRUE;
  return FALSE;
}

static const char *
warning_message (GPtrArray  *warnings,
                 const char *code)
{
  for (guint i = 0; i < warnings->len; i++)
    if (g_strcmp0 (((MarrowWarning *)warnings->pdata[i])->code, code) == 0)
      return ((MarrowWarning *)warnings->pdata[i])->message;
  return NULL;
}

/* --- the valid case and the arithmetic ----------------------------------- */

static void
test_valid (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = check_ok (f);

  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("unexpected warning: %s", ((MarrowWarning *)warnings->pdata[i])->message);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* 123 456 789 / 7 × 2.5 = 44 091 710.36 */
  g_assert_cmpint (marrow_record_get_int (f->injection, "tnc_injected_cells"), ==, 44091710);
  /* 100 000 000 / 7 × 2.5 = 35 714 285.71 */
  g_assert_cmpint (marrow_record_get_int (f->injection, "viable_injected_cells"), ==, 35714286);
  /* 35 714 286 / 80 kg */
  g_assert_cmpfloat_with_epsilon (marrow_record_get_real (f->injection, "viable_cells_per_kg"),
                                  446428.575, 1e-6);
  g_assert_cmpstr (marrow_record_get_text (f->injection, "weight_id_used"), ==,
                   marrow_record_get_id (f->weights->pdata[0]));
  g_assert_cmpint (marrow_record_get_int (f->injection, "course_no"), ==, 1);
  g_assert_false (marrow_record_get_bool (f->injection, "is_booster"));
  /* 08:00 -> 10:30 */
  g_assert_cmpint (marrow_record_get_int (f->injection, "release_to_injection_min"), ==, 150);
  g_assert_true (marrow_record_is_null (f->injection, "thaw_to_injection_min"));
}

static void
test_dose_post_thaw (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;

  marrow_record_set_text (f->lot[0], "storage", "cryopreserved");
  marrow_record_set_text (f->injection, "thawed_at", "2026-03-10T09:45:30.000Z");
  marrow_record_set_real (f->injection, "post_thaw_viability_pct", 85.5);

  warnings = check_ok (f);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* TNC unchanged; viable = 123 456 789 / 7 × 2.5 × 0.855 = 37 698 412.36 */
  g_assert_cmpint (marrow_record_get_int (f->injection, "tnc_injected_cells"), ==, 44091710);
  g_assert_cmpint (marrow_record_get_int (f->injection, "viable_injected_cells"), ==, 37698412);
  g_assert_cmpfloat_with_epsilon (marrow_record_get_real (f->injection, "viable_cells_per_kg"),
                                  37698412.0 / 80.0, 1e-6);
  /* 09:45:30 -> 10:30:00 is 44.5 min: whole minutes */
  g_assert_cmpint (marrow_record_get_int (f->injection, "thaw_to_injection_min"), ==, 44);
}

static void
test_dose_sum_rounded_once (Fixture       *f,
                            gconstpointer  data)
{
  /* Two lots of 1000 cells in 3 mL, 1 mL from each: 333.33 + 333.33 =
   * 666.67, rounded once to 667 (rounding each product would give 666) */
  add_second_product (f, "MRW0126000123W-L2", 1.0);
  marrow_record_set_real (f->product[0], "volume_injected_ml", 1.0);
  for (guint i = 0; i < 2; i++)
    {
      marrow_record_set_int (f->lot[i], "total_cells", 1000);
      marrow_record_set_int (f->lot[i], "viable_cells", 1000);
      marrow_record_set_real (f->lot[i], "volume_ml", 3.0);
      marrow_record_set_real (f->aliquot[i], "volume_ml", 3.0);
    }

  g_autoptr(GPtrArray) warnings = check_ok (f);

  g_assert_cmpint (marrow_record_get_int (f->injection, "tnc_injected_cells"), ==, 667);
  g_assert_cmpint (marrow_record_get_int (f->injection, "viable_injected_cells"), ==, 667);
}

static void
test_preview_same_numbers (Fixture       *f,
                           gconstpointer  data)
{
  MarrowInjectionDose dose;
  g_autoptr(GPtrArray) warnings = NULL;

  marrow_injection_preview_dose (snapshot (f), &dose);
  g_assert_true (dose.has_tnc);
  g_assert_true (dose.has_viable);
  g_assert_true (dose.has_per_kg);
  g_assert_cmpfloat (dose.product_volume_ml, ==, 2.5);
  g_assert_true (dose.weight == f->weights->pdata[0]);
  g_assert_cmpint (dose.weight_age_days, ==, 9);

  warnings = check_ok (f);
  g_assert_cmpint (dose.tnc_injected_cells, ==, marrow_record_get_int (f->injection, "tnc_injected_cells"));
  g_assert_cmpint (dose.viable_injected_cells, ==,
                   marrow_record_get_int (f->injection, "viable_injected_cells"));
  g_assert_cmpfloat (dose.viable_cells_per_kg, ==,
                     marrow_record_get_real (f->injection, "viable_cells_per_kg"));

  /* While typing: the volume is not there yet */
  marrow_record_set_null (f->product[0], "volume_injected_ml");
  marrow_injection_preview_dose (snapshot (f), &dose);
  g_assert_cmpfloat (dose.product_volume_ml, ==, 0);
  g_assert_cmpint (dose.tnc_injected_cells, ==, 0);

  /* A lot without a cell count gives an unknown dose, not zero */
  marrow_record_set_real (f->product[0], "volume_injected_ml", 1.0);
  marrow_record_set_null (f->lot[0], "total_cells");
  marrow_injection_preview_dose (snapshot (f), &dose);
  g_assert_false (dose.has_tnc);
  g_assert_true (dose.has_viable);
  g_assert_cmpint (dose.viable_injected_cells, ==, 14285714);
}

/* --- chain of identity --------------------------------------------------- */

static void
test_wrong_check_character (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The lot's ID fails its check character */
  marrow_record_set_text (f->lot[0], "coi_id", "MRW0126000123X-L1");
  marrow_record_set_text (f->aliquot[0], "label", "MRW0126000123X-L1-01");
  error = check_fails (f, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_assert_nonnull (strstr (error->message, "MRW0126000123X-L1"));
  g_clear_error (&error);

  /* The aliquot label fails its check (two digits transposed) */
  marrow_record_set_text (f->lot[0], "coi_id", LOT_COI);
  marrow_record_set_text (f->aliquot[0], "label", "MRW0126000132W-L1-01");
  error = check_fails (f, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_clear_error (&error);

  /* A valid label of another lot or another aliquot number */
  marrow_record_set_text (f->aliquot[0], "label", "MRW0126000123W-L2-01");
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);
  marrow_record_set_text (f->aliquot[0], "label", "MRW0126000123W-L1-02");
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  /* A lot ID that is a base ID is malformed for a lot */
  marrow_record_set_text (f->lot[0], "coi_id", "MRW0126000123W");
  error = check_fails (f, MARROW_VALIDATION_ERROR_FORMAT);
}

static void
test_other_patients_product (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  marrow_record_set_text (f->lot[0], "source_patient_id", OTHER_PATIENT);
  error = check_fails (f, MARROW_VALIDATION_ERROR_WRONG_PATIENT);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "aliquot_id");
  g_assert_nonnull (strstr (error->message, LOT_COI));
  g_clear_error (&error);

  /* Reported before failures that can be overridden (expiry) */
  marrow_record_set_text (f->lot[0], "expires_at", "2026-03-10T10:00:00.000Z");
  error = check_fails (f, MARROW_VALIDATION_ERROR_WRONG_PATIENT);
  g_clear_error (&error);
  marrow_record_set_text (f->lot[0], "expires_at", EXPIRES_AT);

  /* An autologous lot without a source patient cannot be proven to match */
  marrow_record_set_null (f->lot[0], "source_patient_id");
  error = check_fails (f, MARROW_VALIDATION_ERROR_WRONG_PATIENT);
  g_clear_error (&error);

  /* Allogeneic products are not tied to the patient */
  marrow_record_set_text (f->lot[0], "origin", "allogeneic_unrelated");
  warnings = check_ok (f);
}

static void
test_records_must_link (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The aliquot is of another lot */
  marrow_record_set_id (f->lot[0], "11111111-2222-4333-8444-555555555555");
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);
  marrow_record_set_text (f->aliquot[0], "lot_id", marrow_record_get_id (f->lot[0]));

  /* The case is another patient's */
  marrow_record_set_text (f->joint_case, "patient_id", OTHER_PATIENT);
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);
  marrow_record_set_text (f->joint_case, "patient_id", PATIENT);

  /* The same aliquot twice */
  f->lot[1] = g_object_ref (f->lot[0]);
  f->aliquot[1] = g_object_ref (f->aliquot[0]);
  f->product[1] = make_product (f->injection, f->aliquot[0], 1.0);
  f->n_products = 2;
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  /* No product at all */
  f->n_products = 0;
  error = check_fails (f, MARROW_VALIDATION_ERROR_REQUIRED);
}

static void
test_not_released (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (f->lot[0], "release_status", "quarantine");
  error = check_fails (f, MARROW_VALIDATION_ERROR_NOT_RELEASED);
  g_assert_nonnull (strstr (error->message, LOT_COI));
  g_assert_nonnull (strstr (error->message, "quarantine"));
  g_clear_error (&error);

  marrow_record_set_text (f->lot[0], "release_status", "rejected");
  error = check_fails (f, MARROW_VALIDATION_ERROR_NOT_RELEASED);
  g_assert_nonnull (strstr (error->message, "rejected"));
  g_clear_error (&error);
  marrow_record_set_text (f->lot[0], "release_status", "released");

  /* Aliquot states: only released and issued may be administered */
  {
    static const char * const blocked[] = {
      "quarantine", "administered", "discarded", "expired", "recalled",
    };

    for (guint i = 0; i < G_N_ELEMENTS (blocked); i++)
      {
        marrow_record_set_text (f->aliquot[0], "status", blocked[i]);
        error = check_fails (f, MARROW_VALIDATION_ERROR_NOT_RELEASED);
        g_assert_nonnull (strstr (error->message, blocked[i]));
        g_clear_error (&error);
      }
  }
  marrow_record_set_text (f->aliquot[0], "status", "released");
  g_ptr_array_unref (check_ok (f));

  /* Given before the lot was released */
  marrow_record_set_text (f->lot[0], "released_at", "2026-03-10T10:31:00.000Z");
  error = check_fails (f, MARROW_VALIDATION_ERROR_NOT_RELEASED);
  g_clear_error (&error);

  /* Release and injection times to the minute: the injection is entered
   * to the minute (10:30, PERFORMED_AT), the release stamped with seconds.
   * Within the minute of the release the injection counts as after it
   * (docs/chain-of-identity.md §4) */
  {
    static const struct
    {
      const char *released_at;
      gboolean    allowed;
      gint64      release_to_injection_min;
    } cases[] = {
      { "2026-03-10T10:29:59.999Z", TRUE, 0 },    /* the minute before */
      { "2026-03-10T10:30:00.000Z", TRUE, 0 },    /* the same instant */
      { "2026-03-10T10:30:27.123Z", TRUE, 0 },    /* later in the same minute */
      { "2026-03-10T10:30:59.999Z", TRUE, 0 },    /* the minute's last moment */
      { "2026-03-10T10:31:00.000Z", FALSE, 0 },   /* the next minute */
      { "2026-03-11T10:30:00.000Z", FALSE, 0 },   /* the next day, same clock */
      { "2026-03-10T08:00:00.000Z", TRUE, 150 },  /* hours before */
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_test_message ("released at %s, given at %s", cases[i].released_at, PERFORMED_AT);
        marrow_record_set_text (f->lot[0], "released_at", cases[i].released_at);
        g_assert_cmpint (marrow_lot_is_released_by (f->lot[0], PERFORMED_AT), ==, cases[i].allowed);
        if (cases[i].allowed)
          {
            g_ptr_array_unref (check_ok (f));
            /* Never a negative wait */
            g_assert_cmpint (marrow_record_get_int (f->injection, "release_to_injection_min"), ==,
                             cases[i].release_to_injection_min);
          }
        else
          {
            error = check_fails (f, MARROW_VALIDATION_ERROR_NOT_RELEASED);
            g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "performed_at");
            g_clear_error (&error);
          }
      }
  }

  /* A lot that is not released is never released by a time */
  marrow_record_set_text (f->lot[0], "release_status", "quarantine");
  g_assert_false (marrow_lot_is_released_by (f->lot[0], PERFORMED_AT));
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* One minute after the expiry */
  marrow_record_set_text (f->lot[0], "expires_at", "2026-03-10T10:29:00.000Z");
  error = check_fails (f, MARROW_VALIDATION_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, LOT_COI));
  g_assert_nonnull (strstr (error->message, "2026-03-10T10:29:00.000Z"));
  g_clear_error (&error);

  /* At the expiry instant the lot is already expired */
  marrow_record_set_text (f->lot[0], "expires_at", PERFORMED_AT);
  error = check_fails (f, MARROW_VALIDATION_ERROR_EXPIRED);
  g_clear_error (&error);

  /* One minute before */
  marrow_record_set_text (f->lot[0], "expires_at", "2026-03-10T10:31:00.000Z");
  g_ptr_array_unref (check_ok (f));

  /* Expiry is judged at performed_at, not at the time of finalising */
  g_clear_pointer (&f->now, g_date_time_unref);
  f->now = marrow_instant_parse ("2026-03-11T09:00:00.000Z");
  g_ptr_array_unref (check_ok (f));
}

/* --- weight -------------------------------------------------------------- */

static void
test_weight_latest_on_or_before (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;
  MarrowRecord *older, *latest, *later, *voided, *foreign;

  g_ptr_array_set_size (f->weights, 0);
  older = make_weight (PATIENT, "2026-02-01", 70.0);
  latest = make_weight (PATIENT, "2026-03-05", 80.0);
  later = make_weight (PATIENT, "2026-03-11", 90.0);      /* after the injection */
  voided = make_weight (PATIENT, "2026-03-08", 60.0);     /* entered in error */
  foreign = make_weight (OTHER_PATIENT, "2026-03-09", 50.0);
  marrow_record_set_record_status (voided, MARROW_STATUS_ENTERED_IN_ERROR);
  marrow_record_set_error_reason (voided, "typo");
  g_ptr_array_add (f->weights, later);
  g_ptr_array_add (f->weights, older);
  g_ptr_array_add (f->weights, voided);
  g_ptr_array_add (f->weights, latest);
  g_ptr_array_add (f->weights, foreign);

  warnings = check_ok (f);
  g_assert_cmpstr (marrow_record_get_text (f->injection, "weight_id_used"), ==,
                   marrow_record_get_id (latest));
  g_assert_cmpfloat_with_epsilon (marrow_record_get_real (f->injection, "viable_cells_per_kg"),
                                  35714286.0 / 80.0, 1e-6);
  g_clear_pointer (&warnings, g_ptr_array_unref);

  /* A weight measured on the injection day counts */
  marrow_record_set_text (later, "measured_on", "2026-03-10");
  warnings = check_ok (f);
  g_assert_cmpstr (marrow_record_get_text (f->injection, "weight_id_used"), ==,
                   marrow_record_get_id (later));
  g_assert_cmpfloat_with_epsilon (marrow_record_get_real (f->injection, "viable_cells_per_kg"),
                                  35714286.0 / 90.0, 1e-6);
}

static void
test_weight_local_date (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;
  MarrowRecord *that_day = make_weight (PATIENT, "2026-03-11", 90.0);

  g_ptr_array_add (f->weights, that_day);

  /* 23:30 UTC on 10 March is 00:30 on 11 March in Berlin: the weight of
   * 11 March is "on the injection date" */
  marrow_record_set_text (f->injection, "performed_at", "2026-03-10T23:30:00.000Z");
  marrow_record_set_text (f->injection, "tz", "Europe/Berlin");
  marrow_record_set_text (f->lot[0], "expires_at", "2026-03-12T00:00:00.000Z");
  g_clear_pointer (&f->now, g_date_time_unref);
  f->now = marrow_instant_parse ("2026-03-11T08:00:00.000Z");

  warnings = check_ok (f);
  g_assert_cmpstr (marrow_record_get_text (f->injection, "weight_id_used"), ==,
                   marrow_record_get_id (that_day));
  g_clear_pointer (&warnings, g_ptr_array_unref);

  /* In UTC it is still 10 March */
  marrow_record_set_text (f->injection, "tz", "UTC");
  warnings = check_ok (f);
  g_assert_cmpstr (marrow_record_get_text (f->injection, "weight_id_used"), ==,
                   marrow_record_get_id (f->weights->pdata[0]));
}

static void
test_weight_age_warning (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;

  /* 30 days before 10 March: still fine */
  marrow_record_set_text (f->weights->pdata[0], "measured_on", "2026-02-08");
  warnings = check_ok (f);
  g_assert_false (has_warning (warnings, MARROW_INJECTION_WARN_WEIGHT_AGE));
  g_clear_pointer (&warnings, g_ptr_array_unref);

  /* 31 days */
  marrow_record_set_text (f->weights->pdata[0], "measured_on", "2026-02-07");
  warnings = check_ok (f);
  g_assert_true (has_warning (warnings, MARROW_INJECTION_WARN_WEIGHT_AGE));
  g_assert_nonnull (strstr (warning_message (warnings, MARROW_INJECTION_WARN_WEIGHT_AGE), "31"));
  g_assert_nonnull (strstr (warning_message (warnings, MARROW_INJECTION_WARN_WEIGHT_AGE), "2026-02-07"));
}

static void
test_intravenous_needs_weight (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  marrow_record_set_text (f->injection, "route", "intravenous");
  g_ptr_array_set_size (f->weights, 0);
  error = check_fails (f, MARROW_VALIDATION_ERROR_NO_WEIGHT);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "weight_id_used");
  g_clear_error (&error);

  /* A weight from after the injection is no weight */
  g_ptr_array_add (f->weights, make_weight (PATIENT, "2026-03-11", 80.0));
  error = check_fails (f, MARROW_VALIDATION_ERROR_NO_WEIGHT);
  g_clear_error (&error);

  /* Other routes do without */
  marrow_record_set_text (f->injection, "route", "intra_articular");
  warnings = check_ok (f);
  g_assert_true (marrow_record_is_null (f->injection, "weight_id_used"));
  g_assert_true (marrow_record_is_null (f->injection, "viable_cells_per_kg"));
  g_assert_cmpint (marrow_record_get_int (f->injection, "viable_injected_cells"), ==, 35714286);
}

static void
test_intravenous_per_kg_warning (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;

  /* 400 × 10⁶ viable cells in 7 mL, 7 mL given, 80 kg: exactly 5 × 10⁶/kg */
  marrow_record_set_text (f->injection, "route", "intravenous");
  marrow_record_set_int (f->lot[0], "total_cells", 400000000);
  marrow_record_set_int (f->lot[0], "viable_cells", 400000000);
  marrow_record_set_real (f->product[0], "volume_injected_ml", 7.0);
  marrow_record_set_real (f->injection, "volume_injected_ml", 7.0);
  warnings = check_ok (f);
  g_assert_cmpfloat (marrow_record_get_real (f->injection, "viable_cells_per_kg"), ==, 5e6);
  g_assert_false (has_warning (warnings, MARROW_INJECTION_WARN_PER_KG_MAX));
  g_clear_pointer (&warnings, g_ptr_array_unref);

  marrow_record_set_real (f->weights->pdata[0], "weight_kg", 79.0);
  warnings = check_ok (f);
  g_assert_true (has_warning (warnings, MARROW_INJECTION_WARN_PER_KG_MAX));
  g_assert_nonnull (strstr (warning_message (warnings, MARROW_INJECTION_WARN_PER_KG_MAX), "5.06"));
}

/* --- interval and booster ------------------------------------------------ */

static void
test_interval (Fixture       *f,
               gconstpointer  data)
{
  static const struct
  {
    const char *other;
    int         code;          /* -1 = passes */
    gboolean    early_repeat;
    gint64      course_no;
  } cases[] = {
    { "2026-02-11T15:00:00.000Z", MARROW_VALIDATION_ERROR_RULE, FALSE, 0 },   /* 27 days */
    { "2026-03-10T08:00:00.000Z", MARROW_VALIDATION_ERROR_RULE, FALSE, 0 },   /* same day */
    { "2026-02-10T09:00:00.000Z", -1, TRUE, 2 },                              /* 28 days */
    { "2025-09-12T09:00:00.000Z", -1, TRUE, 2 },                              /* 179 days */
    { "2025-09-11T09:00:00.000Z", -1, FALSE, 2 },                             /* 180 days */
    /* a later injection entered first: the gap counts both ways, the
     * course number only counts earlier injections */
    { "2026-03-20T09:00:00.000Z", MARROW_VALIDATION_ERROR_RULE, FALSE, 0 },
  };

  marrow_record_set_text (f->injection, "booster_reason", "planned second dose");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MarrowRecord) saved = marrow_record_copy (f->injection);

      f->others[0] = cases[i].other;
      f->n_others = 1;
      g_test_message ("case %u: other injection at %s", i, cases[i].other);

      if (cases[i].code < 0)
        {
          g_autoptr(GPtrArray) warnings = check_ok (f);

          g_assert_cmpint (has_warning (warnings, MARROW_INJECTION_WARN_EARLY_REPEAT), ==,
                           cases[i].early_repeat);
          g_assert_cmpint (marrow_record_get_int (f->injection, "course_no"), ==, cases[i].course_no);
          g_assert_true (marrow_record_get_bool (f->injection, "is_booster"));
        }
      else
        {
          g_autoptr(GError) error = check_fails (f, cases[i].code);

          g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "performed_at");
          g_assert_nonnull (strstr (error->message, cases[i].other));
        }

      g_object_unref (f->injection);
      f->injection = g_steal_pointer (&saved);
    }

  /* The nearest of several counts, and every earlier one adds to the course */
  f->others[0] = "2025-06-01T09:00:00.000Z";
  f->others[1] = "2025-12-01T09:00:00.000Z";
  f->n_others = 2;
  {
    g_autoptr(GPtrArray) warnings = check_ok (f);

    g_assert_true (has_warning (warnings, MARROW_INJECTION_WARN_EARLY_REPEAT));
    g_assert_nonnull (strstr (warning_message (warnings, MARROW_INJECTION_WARN_EARLY_REPEAT), "99"));
    g_assert_cmpint (marrow_record_get_int (f->injection, "course_no"), ==, 3);
  }
}

static void
test_booster_needs_reason (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  /* The second injection defaults to a booster */
  f->others[0] = "2025-06-01T09:00:00.000Z";
  f->n_others = 1;
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "booster_reason");
  g_clear_error (&error);

  /* Marked as a booster explicitly, even as the first injection */
  f->n_others = 0;
  marrow_record_set_bool (f->injection, "is_booster", TRUE);
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  marrow_record_set_text (f->injection, "booster_reason", "   ");
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  marrow_record_set_text (f->injection, "booster_reason", "residual pain after 6 months");
  warnings = check_ok (f);
  g_assert_true (marrow_record_get_bool (f->injection, "is_booster"));
}

/* --- case, bedside, volumes ---------------------------------------------- */

static void
test_case_not_active (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (f->joint_case, "status", "closed");
  error = check_fails (f, MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE);
  g_assert_nonnull (strstr (error->message, "closed"));
  g_clear_error (&error);

  marrow_record_set_text (f->joint_case, "status", "converted_to_surgery");
  error = check_fails (f, MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE);
  g_clear_error (&error);

  marrow_record_set_text (f->joint_case, "status", "active");
  marrow_record_set_null (f->joint_case, "primary_instrument");
  error = check_fails (f, MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE);
}

static void
test_bedside_checks (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (f->injection, "product_scan_result", "mismatch");
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "product_scan_result");
  g_clear_error (&error);

  marrow_record_set_null (f->injection, "product_scan_result");
  error = check_fails (f, MARROW_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  marrow_record_set_text (f->injection, "product_scan_result", "manual_entry");
  marrow_record_set_text (f->injection, "scan_reason", "label smudged");
  marrow_record_set_bool (f->injection, "identity_check_done", FALSE);
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "identity_check_done");
  g_clear_error (&error);

  marrow_record_set_null (f->injection, "identity_check_done");
  error = check_fails (f, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  /* cryopreserved products need the thaw time */
  marrow_record_set_bool (f->injection, "identity_check_done", TRUE);
  marrow_record_set_text (f->lot[0], "storage", "cryopreserved");
  marrow_record_set_real (f->injection, "post_thaw_viability_pct", 90);
  error = check_fails (f, MARROW_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "thawed_at");
  g_clear_error (&error);

  marrow_record_set_text (f->injection, "thawed_at", "2026-03-10T10:00:00.000Z");
  g_ptr_array_unref (check_ok (f));
}

static void
test_volumes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* More than the aliquot holds */
  marrow_record_set_real (f->product[0], "volume_injected_ml", 7.5);
  marrow_record_set_real (f->injection, "volume_injected_ml", 8.0);
  error = check_fails (f, MARROW_VALIDATION_ERROR_VOLUME);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "volume_injected_ml");
  g_assert_nonnull (strstr (error->message, "7.50"));
  g_assert_nonnull (strstr (error->message, "7.00"));
  g_clear_error (&error);

  /* The whole aliquot is fine */
  marrow_record_set_real (f->product[0], "volume_injected_ml", 7.0);
  g_ptr_array_unref (check_ok (f));

  /* More product than the total injected volume */
  marrow_record_set_real (f->injection, "volume_injected_ml", 6.0);
  error = check_fails (f, MARROW_VALIDATION_ERROR_VOLUME);
  g_clear_error (&error);

  /* A product volume is required */
  marrow_record_set_null (f->product[0], "volume_injected_ml");
  error = check_fails (f, MARROW_VALIDATION_ERROR_REQUIRED);
}

static void
test_future (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (f->injection, "performed_at", "2026-03-10T12:00:01.000Z");
  error = check_fails (f, MARROW_VALIDATION_ERROR_FUTURE);
  g_clear_error (&error);

  marrow_record_set_text (f->injection, "performed_at", "2026-03-10 10:30");
  error = check_fails (f, MARROW_VALIDATION_ERROR_FORMAT);
}

/* --- soft warnings ------------------------------------------------------- */

static void
test_soft_warnings (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *site;
    const char *route;
    const char *guidance;
    const char *category;
    double      volume;        /* injection total; product = min (volume, 7) */
    const char *code;          /* expected warning; NULL = none */
  } cases[] = {
    { "knee", "intra_articular", "ultrasound", "bmac", 15.0, NULL },
    { "knee", "intra_articular", "ultrasound", "bmac", 15.5, "injection.volume_ml.max.knee" },
    { "knee", "subchondral", "fluoroscopy", "bmac", 15.5, NULL },        /* knee limit is for IA */
    { "hip", "intra_articular", "ultrasound", "bmac", 8.5, "injection.volume_ml.max.hip" },
    { "shoulder_gh", "intra_articular", "ultrasound", "bmac", 12.5, "injection.volume_ml.max.shoulder" },
    { "ankle", "intra_articular", "ultrasound", "bmac", 5.5, "injection.volume_ml.max.ankle" },
    { "tendon_achilles", "peritendinous", "ultrasound", "bmac", 5.5, "injection.volume_ml.max.tendon" },
    { "tendon_patellar", "intra_tendinous", "ultrasound", "bmac", 5.0, NULL },
    { "hip", "intra_articular", "none", "bmac", 5.0, "injection.image_guidance.none.hip" },
    { "ligament_acl", "intra_ligamentous", "none", "bmac", 5.0, "injection.image_guidance.none.ligament_acl" },
    { "knee", "subchondral", "none", "bmac", 5.0, "injection.image_guidance.none.subchondral" },
    { "knee", "intra_articular", "none", "bmac", 5.0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) warnings = NULL;

      marrow_record_set_text (f->joint_case, "site", cases[i].site);
      marrow_record_set_text (f->injection, "route", cases[i].route);
      marrow_record_set_text (f->injection, "image_guidance", cases[i].guidance);
      marrow_record_set_text (f->lot[0], "category", cases[i].category);
      marrow_record_set_real (f->injection, "volume_injected_ml", cases[i].volume);
      g_test_message ("case %u: %s %s %s %.1f mL", i, cases[i].site, cases[i].route,
                      cases[i].guidance, cases[i].volume);

      warnings = check_ok (f);
      if (cases[i].code == NULL)
        g_assert_cmpuint (warnings->len, ==, 0);
      else
        {
          g_assert_cmpuint (warnings->len, ==, 1);
          g_assert_cmpstr (((MarrowWarning *)warnings->pdata[0])->code, ==, cases[i].code);
        }
    }
}

static void
test_msc_dose_warnings (Fixture       *f,
                        gconstpointer  data)
{
  static const struct
  {
    gint64      viable_cells;   /* in the 7 mL lot; 3.5 mL are given */
    const char *route;
    const char *code;
  } cases[] = {
    { 300000000, "intra_articular", NULL },                                  /* 150 × 10⁶ */
    { 300000002, "intra_articular", MARROW_INJECTION_WARN_MSC_DOSE_MAX },   /* 150 × 10⁶ + 1 */
    { 20000000, "intra_articular", NULL },                                   /* 10 × 10⁶ */
    { 19999998, "intra_articular", MARROW_INJECTION_WARN_MSC_DOSE_MIN },    /* 10 × 10⁶ − 1 */
    { 19999998, "peri_articular", NULL },                                    /* IA only */
  };

  marrow_record_set_text (f->lot[0], "category", "bm_msc_expanded");
  marrow_record_set_int (f->lot[0], "total_cells", 400000000);
  marrow_record_set_real (f->product[0], "volume_injected_ml", 3.5);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) warnings = NULL;

      marrow_record_set_int (f->lot[0], "viable_cells", cases[i].viable_cells);
      marrow_record_set_text (f->injection, "route", cases[i].route);
      warnings = check_ok (f);
      g_test_message ("case %u", i);
      if (cases[i].code == NULL)
        g_assert_cmpuint (warnings->len, ==, 0);
      else
        {
          g_assert_cmpuint (warnings->len, ==, 1);
          g_assert_cmpstr (((MarrowWarning *)warnings->pdata[0])->code, ==, cases[i].code);
        }
    }

  /* BMAC doses are not checked against the MSC bounds */
  marrow_record_set_text (f->lot[0], "category", "bmac");
  marrow_record_set_text (f->injection, "route", "intra_articular");
  {
    g_autoptr(GPtrArray) warnings = check_ok (f);

    g_assert_cmpuint (warnings->len, ==, 0);
  }
}

static void
test_viability_warnings (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;

  marrow_record_set_text (f->lot[0], "storage", "cryopreserved");
  marrow_record_set_text (f->injection, "thawed_at", "2026-03-10T10:00:00.000Z");

  /* cryopreserved without a post-thaw viability */
  warnings = check_ok (f);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (has_warning (warnings, MARROW_INJECTION_WARN_VIABILITY_MISSING));
  /* the viable dose then comes from the lot's viable count */
  g_assert_cmpint (marrow_record_get_int (f->injection, "viable_injected_cells"), ==, 35714286);
  g_clear_pointer (&warnings, g_ptr_array_unref);

  marrow_record_set_real (f->injection, "post_thaw_viability_pct", 70.0);
  warnings = check_ok (f);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_clear_pointer (&warnings, g_ptr_array_unref);

  marrow_record_set_real (f->injection, "post_thaw_viability_pct", 69.5);
  warnings = check_ok (f);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (has_warning (warnings, MARROW_INJECTION_WARN_VIABILITY_MIN));
  g_assert_nonnull (strstr (warning_message (warnings, MARROW_INJECTION_WARN_VIABILITY_MIN), "69.5"));
}

#define ADD(path, func) \
  g_test_add ("/injection-check/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("valid", test_valid);
  ADD ("dose/post-thaw", test_dose_post_thaw);
  ADD ("dose/sum-rounded-once", test_dose_sum_rounded_once);
  ADD ("dose/preview", test_preview_same_numbers);
  ADD ("identity/check-character", test_wrong_check_character);
  ADD ("identity/other-patient", test_other_patients_product);
  ADD ("identity/links", test_records_must_link);
  ADD ("release/not-released", test_not_released);
  ADD ("release/expired", test_expired);
  ADD ("weight/latest-on-or-before", test_weight_latest_on_or_before);
  ADD ("weight/local-date", test_weight_local_date);
  ADD ("weight/age-warning", test_weight_age_warning);
  ADD ("weight/intravenous-needs-weight", test_intravenous_needs_weight);
  ADD ("weight/intravenous-per-kg", test_intravenous_per_kg_warning);
  ADD ("interval", test_interval);
  ADD ("booster", test_booster_needs_reason);
  ADD ("case/not-active", test_case_not_active);
  ADD ("bedside", test_bedside_checks);
  ADD ("volumes", test_volumes);
  ADD ("future", test_future);
  ADD ("warnings/site-and-guidance", test_soft_warnings);
  ADD ("warnings/msc-dose", test_msc_dose_warnings);
  ADD ("warnings/viability", test_viability_warnings);

  return g_test_run ();
}
