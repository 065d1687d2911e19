/* test-forms-treatment.c: display tests of the processing run and injection forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Same harness as test-forms.c (marrow-form-test-util.c): each test gets a
 * temporary database with one patient; forms are filled through their
 * controls, saved through the dialog's action and read back through the
 * store.  MARROW_FORMS_SCREENSHOT_DIR makes each form test write PNGs.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "marrow-application.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-form-labels.h"
#include "marrow-form-test-util.h"
#include "marrow-injection-check.h"
#include "marrow-injection-form.h"
#include "marrow-injection-service.h"
#include "marrow-lot-aliquot-form.h"
#include "marrow-lot-form.h"
#include "marrow-lot-state.h"
#include "marrow-processing-run-form.h"
#include "marrow-qc-test-form.h"
#include "marrow-time.h"

static MarrowApplication *app;

/* Records made through the store */

static char *
instant_days_ago (double days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -days * 86400.0);

  return marrow_instant_format (then);
}

static char *
date_days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
apply (Fixture         *fixture,
       MarrowChangeSet *changes)
{
  g_autoptr(GError) error = NULL;

  marrow_store_apply (fixture->store, changes, &error);
  g_assert_no_error (error);
}

static MarrowRecord *
add_harvest (MarrowChangeSet *changes,
             const char      *patient_id,
             const char      *operator_id,
             double           days_ago)
{
  MarrowRecord *harvest = marrow_record_new (&marrow_entity_harvest);
  g_autofree char *started = instant_days_ago (days_ago);

  marrow_record_set_text (harvest, "patient_id", patient_id);
  marrow_record_set_text (harvest, "tissue", "bone_marrow");
  marrow_record_set_text (harvest, "anatomic_site", "posterior_iliac_crest");
  marrow_record_set_text (harvest, "harvest_side", "left");
  marrow_record_set_text (harvest, "started_at", started);
  marrow_record_set_text (harvest, "operator_id", operator_id);
  marrow_record_set_text (harvest, "anticoagulant", "heparin");
  marrow_record_set_real (harvest, "heparin_u_per_ml", 10);
  marrow_record_set_real (harvest, "volume_collected_ml", 60);
  marrow_change_set_add_insert (changes, harvest);
  return harvest;
}

/* The acting user's staff id (registered by the fixture's insert) */
static const char *
staff_id (Fixture *fixture)
{
  const char *id = marrow_store_get_staff_id (fixture->store);

  g_assert_nonnull (id);
  return id;
}

typedef struct
{
  MarrowRecord *harvest;
  MarrowRecord *run;
  MarrowRecord *lot;
  MarrowRecord *aliquot;
} Chain;

static void
chain_clear (Chain *chain)
{
  g_clear_object (&chain->harvest);
  g_clear_object (&chain->run);
  g_clear_object (&chain->lot);
  g_clear_object (&chain->aliquot);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chain, chain_clear)

/* A harvest of @patient_id, a run reviewed by QA, its lot (800 × 10⁶
 * cells, 720 × 10⁶ viable, in 10 mL) in quarantine with one aliquot of
 * 10 mL, expiring @expires_days from now; the run's QC test reads
 * @endotoxin EU/mL against a maximum of 0.5 */
static void
make_chain (Fixture    *fixture,
            const char *patient_id,
            double      made_days_ago,
            double      expires_days,
            double      endotoxin,
            Chain      *chain)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(MarrowRecord) input = marrow_record_new (&marrow_entity_processing_input);
  g_autoptr(MarrowRecord) test = marrow_record_new (&marrow_entity_qc_test);
  g_autofree char *started = instant_days_ago (made_days_ago - 0.01);
  g_autofree char *ended = instant_days_ago (made_days_ago - 0.02);
  g_autofree char *expires = instant_days_ago (-expires_days);

  chain->harvest = add_harvest (changes, patient_id, staff_id (fixture), made_days_ago);

  chain->run = marrow_record_new (&marrow_entity_processing_run);
  marrow_record_set_text (chain->run, "method", "density_gradient");
  marrow_record_set_text (chain->run, "facility", "Lab 1");
  marrow_record_set_text (chain->run, "operator_id", staff_id (fixture));
  marrow_record_set_text (chain->run, "started_at", started);
  marrow_record_set_text (chain->run, "ended_at", ended);
  marrow_record_set_text (chain->run, "qa_reviewed_by", staff_id (fixture));
  marrow_record_set_text (chain->run, "qa_reviewed_at", ended);
  marrow_change_set_add_insert (changes, chain->run);

  marrow_record_set_text (input, "processing_run_id", marrow_record_get_id (chain->run));
  marrow_record_set_text (input, "harvest_id", marrow_record_get_id (chain->harvest));
  marrow_change_set_add_insert (changes, input);

  marrow_record_set_text (test, "processing_run_id", marrow_record_get_id (chain->run));
  marrow_record_set_text (test, "test_code", "endotoxin");
  marrow_record_set_text (test, "method", "Endosafe-PTS");
  marrow_record_set_real (test, "result_value", endotoxin);
  marrow_record_set_real (test, "spec_max", 0.5);
  marrow_record_set_text (test, "unit", "EU/mL");
  marrow_record_set_text (test, "state", "final");
  marrow_record_set_text (test, "pass_fail", endotoxin <= 0.5 ? "pass" : "fail");
  marrow_record_set_text (test, "reader_id", staff_id (fixture));
  marrow_change_set_add_insert (changes, test);

  chain->lot = marrow_record_new (&marrow_entity_product_lot);
  marrow_record_set_text (chain->lot, "category", "bmac");
  marrow_record_set_text (chain->lot, "origin", "autologous");
  marrow_record_set_text (chain->lot, "source_patient_id", patient_id);
  marrow_record_set_text (chain->lot, "processing_run_id", marrow_record_get_id (chain->run));
  marrow_record_set_int (chain->lot, "total_cells", 800000000);
  marrow_record_set_int (chain->lot, "viable_cells", 720000000);
  marrow_record_set_real (chain->lot, "volume_ml", 10);
  marrow_record_set_text (chain->lot, "storage", "fresh");
  marrow_record_set_text (chain->lot, "expires_at", expires);
  marrow_record_set_text (chain->lot, "release_status", MARROW_LOT_QUARANTINE);
  marrow_record_set_text (chain->lot, "regulatory_pathway", "361_hctp");
  marrow_change_set_add_insert (changes, chain->lot);

  chain->aliquot = marrow_record_new (&marrow_entity_product_aliquot);
  marrow_record_set_text (chain->aliquot, "lot_id", marrow_record_get_id (chain->lot));
  marrow_record_set_int (chain->aliquot, "aliquot_no", 1);
  marrow_record_set_text (chain->aliquot, "container", "syringe");
  marrow_record_set_real (chain->aliquot, "volume_ml", 10);
  marrow_record_set_text (chain->aliquot, "status", MARROW_ALIQUOT_QUARANTINE);
  marrow_change_set_add_insert (changes, chain->aliquot);

  apply (fixture, changes);
}

/* Releases the chain's lot @days_ago days ago and reads its aliquot back */
static void
release_chain (Fixture *fixture,
               Chain   *chain,
               double   days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = g_date_time_add_seconds (now, -days_ago * 86400.0);
  g_autoptr(GError) error = NULL;
  MarrowRecord *aliquot;

  marrow_store_release_lot (fixture->store, chain->lot, MARROW_RELEASE_ALL_TESTS_PASS, NULL, at,
                            &error);
  g_assert_no_error (error);
  aliquot = lookup (fixture, &marrow_entity_product_aliquot, marrow_record_get_id (chain->aliquot));
  g_set_object (&chain->aliquot, aliquot);
  g_object_unref (aliquot);
}

static MarrowRecord *
insert_weight (Fixture *fixture,
               int      days_ago,
               double   kg)
{
  MarrowRecord *weight = new_child_of_patient (fixture, &marrow_entity_patient_weight);
  g_autofree char *day = date_days_ago (days_ago);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (weight, "measured_on", day);
  marrow_record_set_real (weight, "weight_kg", kg);
  marrow_record_set_text (weight, "method", "measured");
  marrow_store_insert (fixture->store, weight, &error);
  g_assert_no_error (error);
  return weight;
}

/* The first widget of @type below @widget, depth first */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = g_type_is_a (G_OBJECT_TYPE (c), type) ? c : find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GPtrArray *
find (Fixture               *fixture,
      const MarrowEntityDef *entity,
      const char            *field,
      const char            *value)
{
  MarrowListQuery query = { .filter_field = field, .filter_value = value };
  g_autoptr(GError) error = NULL;
  GPtrArray *found = marrow_store_find (fixture->store, entity, &query, &error);

  g_assert_no_error (error);
  return found;
}

/* Labels */

static void
test_labels (void)
{
  static const MarrowEntityDef *entities[] = {
    &marrow_entity_processing_run, &marrow_entity_qc_test, &marrow_entity_product_lot,
    &marrow_entity_product_aliquot, &marrow_entity_injection, &marrow_entity_injection_product,
  };

  g_assert_true (marrow_form_dialog_has_form ("processing_run"));
  g_assert_true (marrow_form_dialog_has_form ("injection"));
  g_assert_false (marrow_form_dialog_has_form ("qc_test"));
  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    for (guint f = 0; f < entities[e]->n_fields; f++)
      {
        const MarrowFieldDef *field = &entities[e]->fields[f];

        for (guint i = 0; field->kind == MARROW_FIELD_ENUM && field->enum_values[i]; i++)
          if (!marrow_form_code_has_label (field, field->enum_values[i]))
            g_error ("%s.%s: “%s” has no name", entities[e]->name, field->name,
                     field->enum_values[i]);
      }
  g_assert_cmpstr (marrow_form_code_label (marrow_entity_find_field (&marrow_entity_injection,
                                                                     "image_guidance"), "none"),
                   ==, "None");
}

/* Processing run */

static void
fill_qc_test (MarrowForm *test,
              const char *code,
              const char *result,
              const char *spec_max)
{
  GType type = MARROW_TYPE_QC_TEST_FORM;

  choose (child (test, type, "test_code_row"), &marrow_entity_qc_test, "test_code", code);
  type_text (child (test, type, "method_row"), "Endosafe-PTS");
  type_text (child (test, type, "result_value_row"), result);
  choose (child (test, type, "unit_row"), &marrow_entity_qc_test, "unit", "EU/mL");
  type_text (child (test, type, "spec_max_row"), spec_max);
}

static void
test_run_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(MarrowRecord) harvest = add_harvest (changes, marrow_record_get_id (fixture->patient),
                                                 staff_id (fixture), 0.5);
  g_autoptr(MarrowRecord) run = marrow_record_new (&marrow_entity_processing_run);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GPtrArray) aliquots = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *in_two_days = g_date_time_format (later, "%Y-%m-%d");
  GType type = MARROW_TYPE_PROCESSING_RUN_FORM;
  const MarrowEntityDef *entity = &marrow_entity_processing_run;
  MarrowForm *form;
  MarrowForm *test;
  MarrowForm *failing;
  MarrowForm *lot;
  MarrowForm *aliquot;
  GtkCheckButton *check;

  apply (fixture, changes);
  form = open_dialog_for_patient (fixture, run, TRUE, marrow_record_get_id (fixture->patient));
  g_assert_true (MARROW_IS_PROCESSING_RUN_FORM (form));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (dialog_child (fixture, "window_title"))),
                   ==, "Adebayo, Grace");
  g_assert_cmpstr (marrow_record_get_text (marrow_form_get_record (form), "operator_id"), ==,
                   staff_id (fixture));

  /* The patient's harvest is offered, and chosen */
  check = GTK_CHECK_BUTTON (find_descendant (child (form, type, "inputs_group"), GTK_TYPE_CHECK_BUTTON));
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (check));

  choose (child (form, type, "method_row"), entity, "method", "density_gradient");
  type_date (child (form, type, "started_at_entry"), today, "08:00");
  type_date (child (form, type, "ended_at_entry"), today, "07:00");
  type_text (child (form, type, "facility_row"), "Cell laboratory");
  /* Hard: an end before the start */
  g_assert_false (marrow_form_is_valid (form));
  g_assert_false (save_enabled (fixture));
  type_date (child (form, type, "ended_at_entry"), today, "08:40");
  g_assert_true (marrow_form_is_valid (form));
  g_assert_true (save_enabled (fixture));

  /* Hard: above 100 %; soft: below the usual 70 % */
  type_text (child (form, type, "viability_pct_row"), "120");
  assert_message (form, "viability_pct", "above the hard limit");
  g_assert_false (save_enabled (fixture));
  type_text (child (form, type, "viability_pct_row"), "65");
  assert_message (form, "viability_pct", "below the usual minimum");
  g_assert_false (save_enabled (fixture));
  type_text (first_reason_row (fixture), "Long transport from the operating room");
  g_assert_true (save_enabled (fixture));

  /* A QC test: computed pass or fail from the spec */
  test = marrow_processing_run_form_add_qc_test (MARROW_PROCESSING_RUN_FORM (form));
  g_assert_false (save_enabled (fixture));
  fill_qc_test (test, "endotoxin", "0.2", "0.5");
  g_assert_cmpstr (marrow_record_get_text (marrow_form_get_record (test), "pass_fail"), ==, "pass");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (test, MARROW_TYPE_QC_TEST_FORM, "pass_fail_row"))),
                    ==, 1);
  g_assert_true (save_enabled (fixture));
  type_text (child (test, MARROW_TYPE_QC_TEST_FORM, "spec_min_row"), "0.3");
  g_assert_null (marrow_form_get_message (test, "spec_max"));
  type_text (child (test, MARROW_TYPE_QC_TEST_FORM, "spec_min_row"), "0.6");
  assert_message (test, "spec_max", "below");
  g_assert_false (save_enabled (fixture));
  type_text (child (test, MARROW_TYPE_QC_TEST_FORM, "spec_min_row"), "");
  /* A second test, failing, then removed again */
  failing = marrow_processing_run_form_add_qc_test (MARROW_PROCESSING_RUN_FORM (form));
  fill_qc_test (failing, "endotoxin", "0.9", "0.5");
  g_assert_cmpstr (marrow_record_get_text (marrow_form_get_record (failing), "pass_fail"), ==, "fail");
  type_text (child (failing, MARROW_TYPE_QC_TEST_FORM, "method_row"), "");
  g_assert_false (save_enabled (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (failing), "qc.remove", NULL));
  g_assert_true (save_enabled (fixture));

  /* A lot with its aliquot */
  lot = marrow_processing_run_form_add_lot (MARROW_PROCESSING_RUN_FORM (form));
  g_assert_false (save_enabled (fixture));
  /* Release waits for the run to be saved */
  gtk_widget_activate_action (GTK_WIDGET (lot), "lot.release", NULL);
  g_assert_null (find_message_dialog ());
  choose (child (lot, MARROW_TYPE_LOT_FORM, "category_row"), &marrow_entity_product_lot, "category", "bmac");
  choose (child (lot, MARROW_TYPE_LOT_FORM, "storage_row"), &marrow_entity_product_lot, "storage", "fresh");
  type_text (child (lot, MARROW_TYPE_LOT_FORM, "total_cells_row"), "800000000");
  type_text (child (lot, MARROW_TYPE_LOT_FORM, "viable_cells_row"), "900000000");
  assert_message (lot, "viable_cells", "more than the total");
  type_text (child (lot, MARROW_TYPE_LOT_FORM, "viable_cells_row"), "720000000");
  type_text (child (lot, MARROW_TYPE_LOT_FORM, "volume_ml_row"), "10");
  type_date (child (lot, MARROW_TYPE_LOT_FORM, "expires_at_entry"), in_two_days, "18:00");
  /* The lot's soft limit: its own reason */
  type_text (child (lot, MARROW_TYPE_LOT_FORM, "storage_temp_c_row"), "4");
  assert_message (lot, "storage_temp_c", "outside the usual range");
  g_assert_false (save_enabled (fixture));
  type_text (child (lot, MARROW_TYPE_LOT_FORM, "storage_temp_c_row"), "21");
  g_assert_false (save_enabled (fixture));  /* the aliquot's container */
  aliquot = MARROW_FORM (gtk_widget_get_first_child (child (lot, MARROW_TYPE_LOT_FORM, "aliquot_box")));
  g_assert_cmpint (marrow_record_get_int (marrow_form_get_record (aliquot), "aliquot_no"), ==, 1);
  choose (child (aliquot, MARROW_TYPE_LOT_ALIQUOT_FORM, "container_row"), &marrow_entity_product_aliquot,
          "container", "syringe");
  type_text (child (aliquot, MARROW_TYPE_LOT_ALIQUOT_FORM, "volume_ml_row"), "10");
  g_assert_true (save_enabled (fixture));

  /* Without an input harvest it cannot be saved */
  gtk_check_button_set_active (check, FALSE);
  g_assert_false (save_enabled (fixture));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dialog_child (fixture, "problem_label"))),
                            "Choose the harvest"));
  gtk_check_button_set_active (check, TRUE);
  screenshot (fixture, "processing-run-form.png");
  save (fixture);

  /* All of it, in one change set */
  stored = lookup (fixture, entity, marrow_record_get_id (run));
  g_assert_nonnull (marrow_record_get_text (stored, "run_code"));
  g_assert_true (g_str_has_suffix (marrow_record_get_text (stored, "run_code"), "-P1"));
  g_assert_cmpfloat (marrow_record_get_real (stored, "viability_pct"), ==, 65);
  inputs = find (fixture, &marrow_entity_processing_input, "processing_run_id", marrow_record_get_id (run));
  g_assert_cmpuint (inputs->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (inputs->pdata[0], "harvest_id"), ==, marrow_record_get_id (harvest));
  tests = find (fixture, &marrow_entity_qc_test, "processing_run_id", marrow_record_get_id (run));
  g_assert_cmpuint (tests->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (tests->pdata[0], "pass_fail"), ==, "pass");
  g_assert_cmpfloat (marrow_record_get_real (tests->pdata[0], "result_value"), ==, 0.2);
  g_assert_cmpstr (marrow_record_get_text (tests->pdata[0], "reader_id"), ==, staff_id (fixture));
  lots = find (fixture, &marrow_entity_product_lot, "processing_run_id", marrow_record_get_id (run));
  g_assert_cmpuint (lots->len, ==, 1);
  g_assert_true (g_str_has_suffix (marrow_record_get_text (lots->pdata[0], "coi_id"), "-L1"));
  g_assert_cmpstr (marrow_record_get_text (lots->pdata[0], "source_patient_id"), ==,
                   marrow_record_get_id (fixture->patient));
  g_assert_cmpstr (marrow_record_get_text (lots->pdata[0], "release_status"), ==, "quarantine");
  aliquots = find (fixture, &marrow_entity_product_aliquot, "lot_id", marrow_record_get_id (lots->pdata[0]));
  g_assert_cmpuint (aliquots->len, ==, 1);
  g_assert_true (g_str_has_suffix (marrow_record_get_text (aliquots->pdata[0], "label"), "-L1-01"));
  acks = acknowledgements_of (fixture, stored);
  g_assert_cmpuint (acks->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "limit_code"), ==,
                   "processing_run.viability_pct.min");

  /* Shown again: the tests and lots are there, unchanged */
  form = open_dialog (fixture, stored, FALSE);
  g_assert_cmpuint (marrow_processing_run_form_get_lots (MARROW_PROCESSING_RUN_FORM (form))->len, ==, 1);
  g_assert_false (save_enabled (fixture));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (form, type, "run_code_row"))),
                   ==, marrow_record_get_text (stored, "run_code"));
}

/* Runs the dialog of a lot decision: types @note and answers @response */
static void
decide (MarrowForm *lot,
        const char *action,
        const char *note,
        const char *response)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lot), action, NULL));
  dialog = wait_for_message_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  if (g_strcmp0 (response, "reject") == 0)
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  gtk_editable_set_text (GTK_EDITABLE (entry), note);
  answer (dialog, response);
}

static void
test_run_release (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Chain) failed = { 0 };
  g_auto(Chain) passed = { 0 };
  g_autoptr(MarrowRecord) lot_record = NULL;
  g_autoptr(MarrowRecord) aliquot = NULL;
  g_autofree char *before = marrow_instant_now ();
  g_autofree char *after = NULL;
  MarrowForm *form;
  MarrowForm *lot;

  make_chain (fixture, marrow_record_get_id (fixture->patient), 1, 3, 0.9, &failed);
  make_chain (fixture, marrow_record_get_id (fixture->patient), 1, 3, 0.1, &passed);

  /* A failed QC test: the core refuses the release, the message shows */
  form = open_dialog (fixture, failed.run, FALSE);
  lot = marrow_processing_run_form_get_lots (MARROW_PROCESSING_RUN_FORM (form))->pdata[0];
  decide (lot, "lot.release", "", "release");
  g_assert_nonnull (strstr (marrow_lot_form_get_decision_error (MARROW_LOT_FORM (lot)), "failed"));
  lot_record = lookup (fixture, &marrow_entity_product_lot, marrow_record_get_id (failed.lot));
  g_assert_cmpstr (marrow_record_get_text (lot_record, "release_status"), ==, "quarantine");
  g_clear_object (&lot_record);

  /* Rejected instead, with a reason: who and when are recorded */
  decide (lot, "lot.reject", "Endotoxin above the specification", "reject");
  g_assert_null (marrow_lot_form_get_decision_error (MARROW_LOT_FORM (lot)));
  after = marrow_instant_now ();
  lot_record = lookup (fixture, &marrow_entity_product_lot, marrow_record_get_id (failed.lot));
  g_assert_cmpstr (marrow_record_get_text (lot_record, "release_status"), ==, "rejected");
  g_assert_cmpstr (marrow_record_get_text (lot_record, "release_note"), ==,
                   "Endotoxin above the specification");
  g_assert_cmpstr (marrow_record_get_updated_by (lot_record), ==, staff_id (fixture));
  aliquot = lookup (fixture, &marrow_entity_product_aliquot, marrow_record_get_id (failed.aliquot));
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, "discarded");
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_by"), ==, staff_id (fixture));
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_at"), >=, before);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_at"), <=, after);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (lot, MARROW_TYPE_LOT_FORM, "status_row"))),
                            "Rejected"));
  /* Decided: no second decision */
  gtk_widget_activate_action (GTK_WIDGET (lot), "lot.release", NULL);
  g_assert_null (find_message_dialog ());
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_clear_object (&lot_record);
  g_clear_object (&aliquot);

  /* A passing run: an unsaved change holds the release back */
  form = open_dialog (fixture, passed.run, FALSE);
  lot = marrow_processing_run_form_get_lots (MARROW_PROCESSING_RUN_FORM (form))->pdata[0];
  type_text (child (form, MARROW_TYPE_PROCESSING_RUN_FORM, "device_name_row"), "Harvest SmartPReP");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (lot, MARROW_TYPE_LOT_FORM, "status_row"))),
                            "save the run"));
  type_text (child (form, MARROW_TYPE_PROCESSING_RUN_FORM, "device_name_row"), "");
  screenshot (fixture, "processing-run-release.png");
  assert_named_once (GTK_WIDGET (fixture->dialog));
  decide (lot, "lot.release", "", "release");
  g_assert_null (marrow_lot_form_get_decision_error (MARROW_LOT_FORM (lot)));
  g_free (after);
  after = marrow_instant_now ();
  lot_record = lookup (fixture, &marrow_entity_product_lot, marrow_record_get_id (passed.lot));
  g_assert_cmpstr (marrow_record_get_text (lot_record, "release_status"), ==, "released");
  g_assert_cmpstr (marrow_record_get_text (lot_record, "release_basis"), ==, "all_tests_pass");
  g_assert_cmpstr (marrow_record_get_text (lot_record, "released_by"), ==, staff_id (fixture));
  g_assert_cmpstr (marrow_record_get_text (lot_record, "released_at"), >=, before);
  g_assert_cmpstr (marrow_record_get_text (lot_record, "released_at"), <=, after);
  aliquot = lookup (fixture, &marrow_entity_product_aliquot, marrow_record_get_id (passed.aliquot));
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, "released");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (lot, MARROW_TYPE_LOT_FORM, "status_row"))),
                            "Released by"));
  /* Nothing left unsaved: the dialog closes without asking */
  g_assert_false (marrow_form_is_modified (form));
}

/* Injection */

typedef struct
{
  MarrowRecord *joint_case;
  MarrowRecord *weight;
  Chain         usable;
  Chain         quarantine;
  Chain         expired;
  Chain         used_up;
  Chain         foreign;
  MarrowRecord *other_patient;
} Shelf;

static void
shelf_clear (Shelf *shelf)
{
  g_clear_object (&shelf->joint_case);
  g_clear_object (&shelf->weight);
  chain_clear (&shelf->usable);
  chain_clear (&shelf->quarantine);
  chain_clear (&shelf->expired);
  chain_clear (&shelf->used_up);
  chain_clear (&shelf->foreign);
  g_clear_object (&shelf->other_patient);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shelf, shelf_clear)

/* A knee case, a weight of 80 kg taken 40 days ago, and one lot of each
 * kind: usable, in quarantine, expired a day ago, used up, and another
 * patient's */
static void
make_shelf (Fixture *fixture,
            Shelf   *shelf)
{
  const char *patient = marrow_record_get_id (fixture->patient);
  g_autoptr(GError) error = NULL;

  shelf->joint_case = insert_case (fixture);
  marrow_record_set_text (shelf->joint_case, "primary_instrument", "KOOS");
  marrow_store_update (fixture->store, shelf->joint_case, &error);
  g_assert_no_error (error);
  shelf->weight = insert_weight (fixture, 40, 80);

  make_chain (fixture, patient, 10, 2, 0.1, &shelf->usable);
  release_chain (fixture, &shelf->usable, 9);
  make_chain (fixture, patient, 10, 2, 0.1, &shelf->quarantine);
  make_chain (fixture, patient, 10, -1, 0.1, &shelf->expired);
  release_chain (fixture, &shelf->expired, 9);
  make_chain (fixture, patient, 10, 2, 0.1, &shelf->used_up);
  release_chain (fixture, &shelf->used_up, 9);
  marrow_store_transition_aliquot (fixture->store, shelf->used_up.aliquot, MARROW_ALIQUOT_DISCARDED,
                                   "Dropped", NULL, &error);
  g_assert_no_error (error);

  shelf->other_patient = marrow_record_new (&marrow_entity_patient);
  marrow_record_set_text (shelf->other_patient, "local_id", "000043");
  marrow_record_set_text (shelf->other_patient, "family_name", "Okafor");
  marrow_record_set_text (shelf->other_patient, "given_names", "Ben");
  marrow_record_set_text (shelf->other_patient, "dob", "1961-07-08");
  marrow_record_set_text (shelf->other_patient, "sex", "male");
  marrow_store_insert (fixture->store, shelf->other_patient, &error);
  g_assert_no_error (error);
  make_chain (fixture, marrow_record_get_id (shelf->other_patient), 10, 2, 0.1, &shelf->foreign);
  release_chain (fixture, &shelf->foreign, 9);
}

static MarrowInjectionForm *
open_injection (Fixture *fixture,
                Shelf   *shelf)
{
  g_autoptr(MarrowRecord) injection = marrow_record_new (&marrow_entity_injection);

  marrow_record_set_text (injection, "joint_case_id", marrow_record_get_id (shelf->joint_case));
  return MARROW_INJECTION_FORM (open_dialog (fixture, injection, TRUE));
}

static MarrowLotChoiceKind
kind_of_lot (MarrowInjectionForm *form,
             MarrowRecord        *lot)
{
  GPtrArray *choices = marrow_injection_form_get_lot_choices (form);

  for (guint i = 0; i < choices->len; i++)
    {
      MarrowLotChoice *choice = choices->pdata[i];

      if (g_strcmp0 (marrow_record_get_id (choice->lot), marrow_record_get_id (lot)) == 0)
        return choice->kind;
    }
  g_error ("lot %s is not judged", marrow_record_get_id (lot));
}

static GtkWidget *
product_child (MarrowInjectionForm *form,
               const char          *name)
{
  MarrowForm *product = marrow_injection_form_get_product (form);

  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (product), G_OBJECT_TYPE (product), name));
}

static const char *
subtitle (MarrowInjectionForm *form,
          const char          *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (form, MARROW_TYPE_INJECTION_FORM, name)));
}

static void
test_injection_choices (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Shelf) shelf = { 0 };
  MarrowInjectionForm *form;
  GListModel *offered;

  make_shelf (fixture, &shelf);
  form = open_injection (fixture, &shelf);

  /* Only the usable lot's aliquot is offered */
  offered = adw_combo_row_get_model (ADW_COMBO_ROW (child (form, MARROW_TYPE_INJECTION_FORM, "aliquot_row")));
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 2);
  g_assert_true (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (offered), 1),
                                   marrow_record_get_text (shelf.usable.aliquot, "label")));
  g_assert_false (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (shelf.quarantine.aliquot)));
  g_assert_false (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (shelf.expired.aliquot)));

  /* Every other lot, with its reason */
  g_assert_cmpint (kind_of_lot (form, shelf.usable.lot), ==, MARROW_LOT_CHOICE_USABLE);
  g_assert_cmpint (kind_of_lot (form, shelf.quarantine.lot), ==, MARROW_LOT_CHOICE_NOT_RELEASED);
  g_assert_cmpint (kind_of_lot (form, shelf.expired.lot), ==, MARROW_LOT_CHOICE_EXPIRED);
  g_assert_cmpint (kind_of_lot (form, shelf.used_up.lot), ==, MARROW_LOT_CHOICE_NONE_LEFT);
  /* Another patient's lot is not on this patient's shelf until scanned */
  g_assert_false (marrow_injection_form_find_product (form, "MRW0126999999X"));
  g_assert_true (gtk_widget_get_visible (child (form, MARROW_TYPE_INJECTION_FORM, "product_message")));
  g_assert_true (marrow_injection_form_find_product (form,
                                                     marrow_record_get_text (shelf.foreign.aliquot, "label")));
  g_assert_cmpint (kind_of_lot (form, shelf.foreign.lot), ==, MARROW_LOT_CHOICE_OTHER_PATIENT);
  g_assert_false (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (shelf.foreign.aliquot)));

  /* The "Other Lots" group names each reason */
  {
    GtkWidget *group = child (form, MARROW_TYPE_INJECTION_FORM, "other_lots_group");
    const char *reasons[] = { "Not released", "Expired at the injection time",
                              "No aliquots left", "Another patient's autologous product" };
    g_autoptr(GString) titles = g_string_new (NULL);
    GtkWidget *widget = group;

    g_assert_true (gtk_widget_get_visible (group));
    /* Depth-first over the group's rows */
    while (widget != NULL)
      {
        if (ADW_IS_ACTION_ROW (widget))
          g_string_append_printf (titles, "%s\n",
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
        if (gtk_widget_get_first_child (widget) != NULL && !ADW_IS_ACTION_ROW (widget))
          widget = gtk_widget_get_first_child (widget);
        else
          {
            while (widget != group && gtk_widget_get_next_sibling (widget) == NULL)
              widget = gtk_widget_get_parent (widget);
            widget = widget == group ? NULL : gtk_widget_get_next_sibling (widget);
          }
      }
    for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
      if (strstr (titles->str, reasons[i]) == NULL)
        g_error ("“%s” is not among the other lots:\n%s", reasons[i], titles->str);
  }
  screenshot (fixture, "injection-choices.png");
}

static void
fill_injection (MarrowInjectionForm *form)
{
  GType type = MARROW_TYPE_INJECTION_FORM;
  const MarrowEntityDef *entity = &marrow_entity_injection;

  choose (child (form, type, "route_row"), entity, "route", "intra_articular");
  choose (child (form, type, "image_guidance_row"), entity, "image_guidance", "ultrasound");
  type_text (child (form, type, "volume_injected_ml_row"), "5");
  gtk_switch_set_active (GTK_SWITCH (child (form, type, "identity_check_done_switch")), TRUE);
  choose (child (form, type, "product_scan_result_row"), entity, "product_scan_result", "match");
  choose (child (form, type, "immediate_reaction_row"), entity, "immediate_reaction", "none");
}

static void
test_injection_save (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Shelf) shelf = { 0 };
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(MarrowRecord) aliquot = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GPtrArray) injections = NULL;
  MarrowInjectionForm *form;
  GType type = MARROW_TYPE_INJECTION_FORM;
  MarrowRecord *injection;

  make_shelf (fixture, &shelf);
  form = open_injection (fixture, &shelf);
  injection = marrow_form_get_record (MARROW_FORM (form));
  fill_injection (form);
  g_assert_false (save_enabled (fixture));
  g_assert_cmpstr (subtitle (form, "tnc_row"), ==, "Not known yet");
  /* The weight is 40 days old: said at once */
  g_assert_true (gtk_widget_get_visible (child (form, type, "weight_warning")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (form, type, "weight_warning"))), "40 days"));

  /* The dose follows the volume as it is typed */
  g_assert_true (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (shelf.usable.aliquot)));
  type_text (product_child (form, "volume_injected_ml_row"), "2");
  g_assert_cmpstr (subtitle (form, "tnc_row"), ==, "160 × 10⁶ cells");
  g_assert_cmpstr (subtitle (form, "viable_row"), ==, "144 × 10⁶ cells");
  g_assert_cmpstr (subtitle (form, "per_kg_row"), ==, "1.8 × 10⁶ cells/kg");
  type_text (product_child (form, "volume_injected_ml_row"), "5");
  g_assert_cmpstr (subtitle (form, "tnc_row"), ==, "400 × 10⁶ cells");
  g_assert_cmpstr (subtitle (form, "per_kg_row"), ==, "4.5 × 10⁶ cells/kg");
  g_assert_nonnull (strstr (subtitle (form, "weight_row"), "80 kg, measured"));
  /* Then the core's warning, below the weight, to acknowledge */
  assert_message (MARROW_FORM (form), "weight_id_used", "40 days old");
  g_assert_false (gtk_widget_get_visible (child (form, type, "weight_warning")));

  /* Hard: the product's part is more than the total volume */
  type_text (child (form, type, "volume_injected_ml_row"), "4");
  g_assert_false (marrow_form_is_valid (MARROW_FORM (form)));
  assert_message (MARROW_FORM (form), "volume_injected_ml", "");
  type_text (child (form, type, "volume_injected_ml_row"), "5");
  /* Hard: part of the unit left, but not what became of it */
  gtk_switch_set_active (GTK_SWITCH (product_child (form, "entire_unit_given_switch")), FALSE);
  g_assert_false (save_enabled (fixture));
  assert_message (marrow_injection_form_get_product (form), "remainder_fate", "required");
  gtk_switch_set_active (GTK_SWITCH (product_child (form, "entire_unit_given_switch")), TRUE);

  g_assert_true (marrow_form_is_valid (MARROW_FORM (form)));
  g_assert_false (save_enabled (fixture));
  type_text (first_reason_row (fixture), "Patient could not stand on the scale today");
  g_assert_true (save_enabled (fixture));
  screenshot (fixture, "injection-form.png");
  assert_named_once (GTK_WIDGET (fixture->dialog));
  save (fixture);

  /* Through the injection service: computed, administered, acknowledged */
  stored = lookup (fixture, &marrow_entity_injection, marrow_record_get_id (injection));
  g_assert_cmpint (marrow_record_get_int (stored, "tnc_injected_cells"), ==, 400000000);
  g_assert_cmpint (marrow_record_get_int (stored, "viable_injected_cells"), ==, 360000000);
  g_assert_cmpfloat_with_epsilon (marrow_record_get_real (stored, "viable_cells_per_kg"), 4.5e6, 1);
  g_assert_cmpstr (marrow_record_get_text (stored, "weight_id_used"), ==, marrow_record_get_id (shelf.weight));
  g_assert_cmpint (marrow_record_get_int (stored, "course_no"), ==, 1);
  products = find (fixture, &marrow_entity_injection_product, "injection_id", marrow_record_get_id (stored));
  g_assert_cmpuint (products->len, ==, 1);
  g_assert_cmpfloat (marrow_record_get_real (products->pdata[0], "volume_injected_ml"), ==, 5);
  aliquot = lookup (fixture, &marrow_entity_product_aliquot, marrow_record_get_id (shelf.usable.aliquot));
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, "administered");
  acks = acknowledgements_of (fixture, stored);
  g_assert_cmpuint (acks->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "limit_code"), ==, MARROW_INJECTION_WARN_WEIGHT_AGE);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "table_name"), ==, "injection");

  /* A second injection into the case the same day: the 28-day rule
   * refuses it beside the injection time */
  form = open_injection (fixture, &shelf);
  injections = find (fixture, &marrow_entity_injection, "joint_case_id",
                     marrow_record_get_id (shelf.joint_case));
  g_assert_cmpuint (injections->len, ==, 1);
  g_assert_cmpint (kind_of_lot (form, shelf.usable.lot), ==, MARROW_LOT_CHOICE_NONE_LEFT);
}

/* The done criterion of the issue: an unreleased or expired lot cannot be
 * saved in an injection */
/* data/screenshots/injection-form.png: a repeat injection into a knee of
 * the demo practice, twenty months after the first, of a lot harvested
 * and released this morning (not a check; skipped without
 * MARROW_FORMS_SCREENSHOT_DIR) */
static void
test_injection_screenshot (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(MarrowRecord) injection = marrow_record_new (&marrow_entity_injection);
  g_autoptr(MarrowRecord) weight = NULL;
  g_auto(Chain) lot = { 0 };
  const MarrowEntityDef *entity = &marrow_entity_injection;
  GType type = MARROW_TYPE_INJECTION_FORM;
  MarrowInjectionForm *form;

  if (g_getenv ("MARROW_FORMS_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("MARROW_FORMS_SCREENSHOT_DIR is not set");
      return;
    }

  /* Clara Inventhorpe's left knee, injected in March 2025 */
  joint_case = fixture_open_demo (fixture, "DEMO-0015", "knee", "left");
  weight = insert_weight (fixture, 0, 71.5);
  make_chain (fixture, marrow_record_get_id (fixture->patient), 0.25, 0.5, 0.1, &lot);
  release_chain (fixture, &lot, 0.1);

  marrow_record_set_text (injection, "joint_case_id", marrow_record_get_id (joint_case));
  form = MARROW_INJECTION_FORM (open_dialog_for_patient (fixture, injection, TRUE,
                                                         marrow_record_get_id (fixture->patient)));
  choose (child (form, type, "route_row"), entity, "route", "intra_articular");
  type_text (child (form, type, "target_structure_row"), "Knee joint, superolateral approach");
  choose (child (form, type, "image_guidance_row"), entity, "image_guidance", "ultrasound");
  gtk_switch_set_active (GTK_SWITCH (child (form, type, "image_saved_switch")), TRUE);
  type_text (child (form, type, "needle_gauge_row"), "18");
  type_text (child (form, type, "volume_injected_ml_row"), "10");
  g_assert_true (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (lot.aliquot)));
  type_text (product_child (form, "volume_injected_ml_row"), "10");
  gtk_switch_set_active (GTK_SWITCH (child (form, type, "identity_check_done_switch")), TRUE);
  choose (child (form, type, "product_scan_result_row"), entity, "product_scan_result", "match");
  choose_label (child (form, type, "operator_id_row"), "Dr. Avery Fictional");
  choose (child (form, type, "immediate_reaction_row"), entity, "immediate_reaction", "none");

  g_assert_true (marrow_form_is_valid (MARROW_FORM (form)));
  g_assert_true (save_enabled (fixture));

  /* Tall enough for the dose, scrolled to the route: what the physician
   * checks before saving */
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 600, 1000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
  {
    GtkWidget *route = child (form, type, "route_row");
    GtkWidget *scroller = gtk_widget_get_ancestor (route, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    graphene_point_t at;

    g_assert_true (gtk_widget_compute_point (route, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                             &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (adjustment, at.y - 12);
  }
  screenshot (fixture, "injection-form.png");
}

static void
test_injection_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Shelf) shelf = { 0 };
  g_autoptr(GPtrArray) injections = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(MarrowRecord) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) two_days_ago = g_date_time_add_days (now, -2);
  g_autofree char *then_day = g_date_time_format (two_days_ago, "%Y-%m-%d");
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *now_time = g_date_time_format (now, "%H:%M");
  MarrowInjectionForm *form;
  GType type = MARROW_TYPE_INJECTION_FORM;

  make_shelf (fixture, &shelf);
  form = open_injection (fixture, &shelf);
  fill_injection (form);

  /* Two days ago the now expired lot was still usable */
  type_date (child (form, type, "performed_at_entry"), then_day, "10:00");
  g_assert_cmpint (kind_of_lot (form, shelf.expired.lot), ==, MARROW_LOT_CHOICE_USABLE);
  g_assert_true (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (shelf.expired.aliquot)));
  type_text (product_child (form, "volume_injected_ml_row"), "5");
  g_assert_true (marrow_form_is_valid (MARROW_FORM (form)));
  type_text (first_reason_row (fixture), "Weight stable");
  g_assert_true (save_enabled (fixture));

  /* Given today, it has expired: refused beside the product, no Save */
  type_date (child (form, type, "performed_at_entry"), today, now_time);
  g_assert_cmpint (kind_of_lot (form, shelf.expired.lot), ==, MARROW_LOT_CHOICE_EXPIRED);
  g_assert_false (marrow_form_is_valid (MARROW_FORM (form)));
  g_assert_false (save_enabled (fixture));
  g_assert_true (gtk_widget_get_visible (child (form, type, "product_message")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (form, type, "product_message"))), "expire"));
  screenshot (fixture, "injection-refused.png");
  /* Even the keyboard shortcut's action writes nothing */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "form.save", NULL);
  g_assert_nonnull (fixture->dialog);
  injections = find (fixture, &marrow_entity_injection, "joint_case_id",
                     marrow_record_get_id (shelf.joint_case));
  g_assert_cmpuint (injections->len, ==, 0);

  /* The lot in quarantine is never offered; and the service the form saves
   * through refuses it too */
  g_assert_false (marrow_injection_form_choose_aliquot (form, marrow_record_get_id (shelf.quarantine.aliquot)));
  injection = marrow_record_copy (marrow_form_get_record (MARROW_FORM (form)));
  product = marrow_record_copy (marrow_form_get_record (marrow_injection_form_get_product (form)));
  marrow_record_set_text (product, "aliquot_id", marrow_record_get_id (shelf.quarantine.aliquot));
  g_ptr_array_add (products, g_object_ref (product));
  g_assert_false (marrow_store_finalise_injection_full (fixture->store, injection, products, NULL,
                                                        NULL, NULL, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_NOT_RELEASED);
  g_clear_pointer (&injections, g_ptr_array_unref);
  injections = find (fixture, &marrow_entity_injection, "joint_case_id",
                     marrow_record_get_id (shelf.joint_case));
  g_assert_cmpuint (injections->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = form_test_init (&argc, &argv);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/forms-treatment/labels", test_labels);
  ADD_TEST ("/forms-treatment/run/new", test_run_new);
  ADD_TEST ("/forms-treatment/run/release-reject", test_run_release);
  ADD_TEST ("/forms-treatment/injection/choices", test_injection_choices);
  ADD_TEST ("/forms-treatment/injection/save", test_injection_save);
  ADD_TEST ("/forms-treatment/injection/refused", test_injection_refused);
  ADD_TEST ("/forms-treatment/injection/screenshot", test_injection_screenshot);

#undef ADD_TEST

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
