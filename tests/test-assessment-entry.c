/* test-assessment-entry.c: in-process tests of the assessment form (suite 'display')
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under tests/xvfb-run.sh like test-forms.c (GTK_A11Y=test,
 * LC_ALL=C.UTF-8).  Each test gets a temporary database holding a patient
 * and a left-knee case whose primary instrument is KOOS.  The keys of the
 * item rows are their actions (the key bindings of the row class map the
 * digits, Enter, Backspace and Delete to them), so the tests activate the
 * actions on the focused row, as a key press does.
 *
 * The harness (fixture, dialog, screenshots with MARROW_FORMS_SCREENSHOT_DIR)
 * is tests/marrow-form-test-util.c.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "marrow-application.h"
#include "marrow-assessment-form.h"
#include "marrow-assessment-history.h"
#include "marrow-assessment-item-row.h"
#include "marrow-assessment-scores.h"
#include "marrow-assessment-service.h"
#include "marrow-assessment-time-point.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-form-test-util.h"
#include "marrow-store.h"
#include "marrow-time.h"

static MarrowApplication *app;

/* A left-knee case of the fixture's patient, KOOS as its primary instrument */
static MarrowRecord *
insert_koos_case (Fixture *fixture)
{
  MarrowRecord *joint_case = insert_case (fixture);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (joint_case, "primary_instrument", "KOOS");
  marrow_store_update (fixture->store, joint_case, &error);
  g_assert_no_error (error);
  return joint_case;
}

static MarrowAssessmentForm *
open_form (Fixture      *fixture,
           MarrowRecord *joint_case)
{
  g_autoptr(MarrowRecord) assessment = marrow_record_new (&marrow_entity_assessment);
  MarrowForm *form;

  marrow_record_set_text (assessment, "joint_case_id", marrow_record_get_id (joint_case));
  form = open_dialog (fixture, assessment, TRUE);
  g_assert_true (MARROW_IS_ASSESSMENT_FORM (form));
  return MARROW_ASSESSMENT_FORM (form);
}

static GtkWidget *
form_child (MarrowAssessmentForm *form,
            const char           *name)
{
  return child (form, MARROW_TYPE_ASSESSMENT_FORM, name);
}

/* The row the form is at */
static MarrowAssessmentItemRow *
current_row (MarrowAssessmentForm *form)
{
  int current = marrow_assessment_form_get_current (form);

  g_assert_cmpint (current, >=, 0);
  return marrow_assessment_form_get_row (form, current);
}

/* A key on the focused row: the action its key binding activates */
static void
press_digit (MarrowAssessmentForm *form,
             guint                 digit)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (current_row (form)), "item.answer",
                                             "u", digit));
}

static void
press (MarrowAssessmentForm *form,
       const char           *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (current_row (form)), action, NULL));
}

static void
type_completed (MarrowAssessmentForm *form,
                const char           *date)
{
  type_date (form_child (form, "completed_at_entry"), date, "10:00");
}

static const char *
progress (MarrowAssessmentForm *form)
{
  return gtk_label_get_text (GTK_LABEL (form_child (form, "progress_label")));
}

static void
insert_injection (Fixture      *fixture,
                  MarrowRecord *joint_case,
                  int           year,
                  int           month,
                  int           day)
{
  g_autoptr(MarrowRecord) injection = marrow_record_new (&marrow_entity_injection);
  g_autoptr(GDateTime) at = g_date_time_new_local (year, month, day, 9, 30, 0);
  g_autofree char *performed = marrow_instant_format (at);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (injection, "joint_case_id", marrow_record_get_id (joint_case));
  marrow_record_set_text (injection, "performed_at", performed);
  marrow_record_set_text (injection, "operator_id", marrow_store_get_staff_id (fixture->store));
  marrow_record_set_text (injection, "route", "intra_articular");
  marrow_record_set_text (injection, "image_guidance", "ultrasound");
  marrow_record_set_text (injection, "immediate_reaction", "none");
  marrow_store_insert (fixture->store, injection, &error);
  g_assert_no_error (error);
}

/* Time point suggestion at the day boundaries */

static void
test_time_point_suggest (void)
{
  static const struct { gint64 days; const char *code; } cases[] = {
    { MARROW_ASSESSMENT_NO_INJECTION, "baseline" },
    { 0, "baseline" },
    { 1, "6w" },
    { 42, "6w" },
    { 66, "6w" },
    { 67, "3m" },
    { 91, "3m" },
    { 136, "3m" },
    { 137, "6m" },
    { 182, "6m" },
    { 273, "6m" },
    { 274, "12m" },
    { 365, "12m" },
    { 547, "12m" },
    { 548, "yearly" },
    { 730, "yearly" },
    { 4000, "yearly" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GINT64_FORMAT " days", cases[i].days);
      g_assert_cmpstr (marrow_assessment_time_point_suggest (cases[i].days), ==, cases[i].code);
    }
}

/* The form reads the case's injections: the latest on or before the date */
static void
test_time_point_form (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_koos_case (fixture);
  MarrowAssessmentForm *form;
  MarrowRecord *record;

  /* No injection yet */
  form = open_form (fixture, joint_case);
  record = marrow_form_get_record (MARROW_FORM (form));
  type_completed (form, "2025-03-01");
  g_assert_cmpstr (marrow_assessment_form_get_suggested_time_point (form), ==, "baseline");
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "baseline");
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));

  insert_injection (fixture, joint_case, 2025, 1, 10);
  insert_injection (fixture, joint_case, 2025, 3, 3);
  form = open_form (fixture, joint_case);
  record = marrow_form_get_record (MARROW_FORM (form));

  /* Day 0 of the second injection: the questionnaire before it */
  type_completed (form, "2025-03-03");
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "baseline");
  /* Day 66 and 67 after 3 March */
  type_completed (form, "2025-05-08");
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "6w");
  type_completed (form, "2025-05-09");
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "3m");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (form_child (form, "timepoint_row"))),
                            "67 days after the injection"));
  /* Before the second injection the first one counts: day 49 */
  type_completed (form, "2025-02-28");
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "6w");
  /* Day 548 after 3 March 2025 */
  type_completed (form, "2026-09-02");
  g_assert_cmpstr (marrow_assessment_form_get_suggested_time_point (form), ==, "yearly");

  /* Chosen by hand, it no longer follows the date */
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_child (form, "timepoint_row")), 4);
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "6m");
  type_completed (form, "2025-04-15");
  g_assert_cmpstr (marrow_assessment_form_get_suggested_time_point (form), ==, "6w");
  g_assert_cmpstr (marrow_record_get_text (record, "timepoint"), ==, "6m");
}

/* Keys: digits answer and move on, Backspace goes back and clears */
static void
test_keys (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_koos_case (fixture);
  MarrowAssessmentForm *form = open_form (fixture, joint_case);
  MarrowAssessmentItemRow *row;
  double value;

  /* The case's primary instrument, its 42 items, the first one current */
  g_assert_cmpstr (marrow_instrument_get_id (marrow_assessment_form_get_instrument (form)), ==,
                   "KOOS");
  g_assert_cmpuint (marrow_assessment_form_get_n_items (form), ==, 42);
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 0);
  g_assert_true (marrow_assessment_item_row_get_current (marrow_assessment_form_get_row (form, 0)));
  g_assert_cmpstr (progress (form), ==, "0 of 42 items answered");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (marrow_assessment_form_get_row (form, 0)),
                                           "unanswered"));
  g_assert_false (save_enabled (fixture));

  /* S1 = 2 ("Sometimes"): answered, the focus on S2 */
  marrow_assessment_form_set_current (form, 0);
  press_digit (form, 2);
  row = marrow_assessment_form_get_row (form, 0);
  g_assert_true (marrow_assessment_item_row_get_value (row, &value));
  g_assert_cmpfloat (value, ==, 2);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "unanswered"));
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 1);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (marrow_assessment_form_get_row (form, 1))));
  g_assert_false (marrow_assessment_item_row_get_current (row));
  g_assert_cmpstr (progress (form), ==, "1 of 42 items answered");
  g_assert_cmpstr (marrow_form_get_problem (MARROW_FORM (form)), ==, NULL);
  g_assert_true (save_enabled (fixture));

  /* S4 lists "Always" first: key 0 is "Always", value 0 */
  press_digit (form, 4);
  press_digit (form, 0);
  press_digit (form, 0);
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 4);
  g_assert_true (marrow_assessment_item_row_get_value (marrow_assessment_form_get_row (form, 3), &value));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_cmpstr (progress (form), ==, "4 of 42 items answered");

  /* A digit without an option is refused and stays */
  press_digit (form, 7);
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 4);
  g_assert_cmpstr (progress (form), ==, "4 of 42 items answered");

  /* Backspace: back to S4, cleared */
  press (form, "item.back");
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 3);
  g_assert_false (marrow_assessment_item_row_get_value (marrow_assessment_form_get_row (form, 3), NULL));
  g_assert_cmpstr (progress (form), ==, "3 of 42 items answered");
  press_digit (form, 1);
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 4);

  /* Enter skips S5; Delete clears the current item */
  press (form, "item.next");
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 5);
  g_assert_false (marrow_assessment_item_row_get_value (marrow_assessment_form_get_row (form, 4), NULL));
  marrow_assessment_form_set_current (form, 0);
  press (form, "item.clear");
  g_assert_false (marrow_assessment_item_row_get_value (marrow_assessment_form_get_row (form, 0), NULL));
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 0);
  g_assert_cmpstr (progress (form), ==, "3 of 42 items answered");

  /* Next unanswered: after S1, S2 to S4 are answered, S5 is not */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "assessment.next-unanswered", NULL));
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 4);

  /* The mouse: a click on an option answers too */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (marrow_assessment_item_row_get_option (
                                  marrow_assessment_form_get_row (form, 4), 3)), TRUE);
  g_assert_true (marrow_assessment_item_row_get_value (marrow_assessment_form_get_row (form, 4), &value));
  g_assert_cmpfloat (value, ==, 3);
  g_assert_cmpint (marrow_assessment_form_get_current (form), ==, 5);

  /* Answers typed count as unsaved changes */
  g_assert_true (marrow_form_is_modified (MARROW_FORM (form)));
}

/* The answers of the KOOS tests: one pattern, item by item */
static guint
pattern (guint i)
{
  return (i * 7 + 3) % 5;
}

/* Live scores equal the engine's for the same answers */
static void
test_live_scores (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_koos_case (fixture);
  MarrowAssessmentForm *form = open_form (fixture, joint_case);
  MarrowAssessmentScores *scores = MARROW_ASSESSMENT_SCORES (form_child (form, "scores"));
  MarrowInstrument *koos = marrow_assessment_form_get_instrument (form);
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (koos);
  guint pain_first, n_pain;
  const MarrowInstrumentScore *pain = marrow_instrument_find_score (koos, "pain", NULL);
  g_autoptr(GError) error = NULL;

  pain_first = g_array_index (pain->items, guint, 0);
  n_pain = pain->items->len;
  g_assert_cmpuint (n_pain, ==, 9);
  g_assert_cmpstr (marrow_assessment_scores_get_text (scores, "pain"), ==, "not scorable yet");

  /* The 2012 rule scores Pain from 5 of its 9 items */
  marrow_assessment_form_set_current (form, pain_first);
  for (guint k = 0; k < n_pain; k++)
    {
      guint index = g_array_index (pain->items, guint, k);
      g_autoptr(MarrowScores) expected = NULL;
      const MarrowScoreValue *live;
      const MarrowScoreValue *engine;

      g_assert_cmpint (marrow_assessment_form_get_current (form), ==, index);
      press_digit (form, pattern (index));
      marrow_answers_set (answers, marrow_instrument_get_item (koos, index)->id, pattern (index),
                          &error);
      g_assert_no_error (error);

      expected = marrow_instrument_score (answers, NULL, &error);
      g_assert_no_error (error);
      engine = marrow_scores_find_value (expected, "pain");
      live = marrow_scores_find_value (marrow_assessment_form_get_scores (form), "pain");
      g_assert_cmpint (live->scorable, ==, engine->scorable);
      g_assert_cmpint (live->scorable, ==, k + 1 >= 5);
      if (engine->scorable)
        {
          g_autofree char *shown = marrow_score_value_format (engine);

          g_assert_cmpfloat_with_epsilon (live->value, engine->value, 1e-12);
          g_assert_cmpstr (marrow_assessment_scores_get_text (scores, "pain"), ==, shown);
        }
      else
        g_assert_cmpstr (marrow_assessment_scores_get_text (scores, "pain"), ==, "not scorable yet");
    }
  /* Symptoms has no answer yet */
  g_assert_cmpstr (marrow_assessment_scores_get_text (scores, "symptoms"), ==, "not scorable yet");
}

/* A whole KOOS typed, saved, read back; then the history lists it */
static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_koos_case (fixture);
  MarrowAssessmentForm *form;
  MarrowInstrument *koos;
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autoptr(MarrowScores) stored_scores = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *scores_text = NULL;
  MarrowListQuery query = { .filter_field = "assessment_id" };
  GtkListBox *history;
  GtkListBoxRow *first;

  insert_injection (fixture, joint_case, 2025, 1, 10);
  form = open_form (fixture, joint_case);
  koos = marrow_assessment_form_get_instrument (form);
  type_completed (form, "2025-02-21");   /* day 42 */
  marrow_assessment_form_set_current (form, 0);
  for (guint i = 0; i < 42; i++)
    if (i != 40)   /* Q3 left out, as on the paper form */
      press_digit (form, pattern (i));
    else
      press (form, "item.next");
  g_assert_cmpstr (progress (form), ==, "41 of 42 items answered");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (marrow_assessment_form_get_row (form, 40)),
                                           "unanswered"));
  marrow_assessment_form_set_current (form, 10);
  screenshot (fixture, "assessment-koos.png");

  save (fixture);

  stored = marrow_store_lookup (fixture->store, &marrow_entity_assessment,
                                marrow_record_get_id (fixture->saved), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (stored, "instrument_code"), ==, "KOOS");
  g_assert_cmpstr (marrow_record_get_text (stored, "instrument_version"), ==,
                   marrow_instrument_get_version (koos));
  g_assert_cmpstr (marrow_record_get_text (stored, "scoring_version"), ==, "2012");
  g_assert_cmpstr (marrow_record_get_text (stored, "timepoint"), ==, "6w");
  g_assert_cmpstr (marrow_record_get_text (stored, "mode"), ==, "paper");
  g_assert_cmpstr (marrow_record_get_text (stored, "respondent"), ==, "patient");
  g_assert_cmpstr (marrow_record_get_text (stored, "entered_by"), ==,
                   marrow_store_get_staff_id (fixture->store));

  /* One item per question, the missing one NULL */
  query.filter_value = marrow_record_get_id (stored);
  items = marrow_store_find (fixture->store, &marrow_entity_assessment_item, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 42);
  answers = marrow_store_load_answers (fixture->store, stored, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marrow_answers_get_n_answered (answers), ==, 41);
  for (guint i = 0; i < 42; i++)
    {
      double value;

      g_assert_cmpint (marrow_answers_get (answers, i, &value), ==, i != 40);
      if (i != 40)
        g_assert_cmpfloat (value, ==, pattern (i));
    }
  stored_scores = marrow_store_score_assessment (fixture->store, stored, &error);
  g_assert_no_error (error);
  g_assert_true (marrow_scores_find_value (stored_scores, "qol")->scorable);

  /* The history of a new form of the case shows it with its scores */
  form = open_form (fixture, joint_case);
  history = marrow_assessment_history_get_list (MARROW_ASSESSMENT_HISTORY (form_child (form, "history")));
  first = gtk_list_box_get_row_at_index (history, 0);
  g_assert_nonnull (first);
  g_assert_null (gtk_list_box_get_row_at_index (history, 1));
  title = marrow_assessment_history_describe (fixture->store, stored, &scores_text);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, title);
  g_assert_cmpstr (title, ==, "02/21/2025 · 6 weeks · KOOS");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), ==, scores_text);
  {
    g_autofree char *pain = marrow_score_value_format (marrow_scores_find_value (stored_scores, "pain"));
    g_autofree char *expected = g_strdup_printf ("Pain %s", pain);

    g_assert_nonnull (strstr (scores_text, expected));
  }
}

/* A range item: the number typed, checked, then Enter */
static void
test_range (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_koos_case (fixture);
  MarrowAssessmentForm *form = open_form (fixture, joint_case);
  GtkWidget *instrument_row = form_child (form, "instrument_row");
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (instrument_row));
  MarrowAssessmentItemRow *row;
  GtkEditable *entry;
  double value;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "PAIN_NRS"))
      adw_combo_row_set_selected (ADW_COMBO_ROW (instrument_row), i);
  g_assert_cmpstr (marrow_instrument_get_id (marrow_assessment_form_get_instrument (form)), ==,
                   "PAIN_NRS");
  g_assert_cmpuint (marrow_assessment_form_get_n_items (form), ==, 1);
  row = marrow_assessment_form_get_row (form, 0);
  entry = marrow_assessment_item_row_get_entry (row);
  g_assert_nonnull (entry);

  gtk_editable_set_text (entry, "11");
  g_assert_nonnull (marrow_assessment_item_row_get_problem (row));
  g_assert_false (marrow_assessment_item_row_get_value (row, NULL));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_false (save_enabled (fixture));

  gtk_editable_set_text (entry, "7");
  g_assert_null (marrow_assessment_item_row_get_problem (row));
  g_assert_true (marrow_assessment_item_row_get_value (row, &value));
  g_assert_cmpfloat (value, ==, 7);
  g_assert_cmpstr (progress (form), ==, "1 of 1 item answered");
  /* A pain scale needs its recall period (the core's rule) */
  g_assert_false (save_enabled (fixture));
  g_assert_nonnull (strstr (marrow_form_get_message (MARROW_FORM (form), "recall_period"),
                           "for a pain scale"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_child (form, "recall_period_row")), 1);
  g_assert_true (save_enabled (fixture));
}

/* Every item row and option is named for assistive technology */
static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_koos_case (fixture);
  MarrowAssessmentForm *form = open_form (fixture, joint_case);
  MarrowAssessmentItemRow *row = marrow_assessment_form_get_row (form, 0);
  const MarrowInstrumentItem *item = marrow_assessment_item_row_get_item (row);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       item->label);
  for (guint i = 0; i < item->options->len; i++)
    {
      const MarrowInstrumentOption *option = item->options->pdata[i];
      g_autofree char *key = g_strdup_printf ("Key %u", i);

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (marrow_assessment_item_row_get_option (row, i)),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, option->label);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (marrow_assessment_item_row_get_option (row, i)),
                                           GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, key);
    }
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (form_child (form, "entered_by_row"))),
                   ==, "Entered by");
}

/* data/screenshots/assessment-entry.png: a KOOS at the three-month
 * follow-up of a knee of the demo practice, typed in from the paper form,
 * with the case's earlier assessments below (not a check; skipped without
 * MARROW_FORMS_SCREENSHOT_DIR) */
static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(MarrowRecord) assessment = marrow_record_new (&marrow_entity_assessment);
  MarrowAssessmentForm *form;

  if (g_getenv ("MARROW_FORMS_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("MARROW_FORMS_SCREENSHOT_DIR is not set");
      return;
    }

  /* Thea Dummyfield's right knee, injected in September */
  joint_case = fixture_open_demo (fixture, "DEMO-0007", "knee", "right");
  marrow_record_set_text (assessment, "joint_case_id", marrow_record_get_id (joint_case));
  form = MARROW_ASSESSMENT_FORM (open_dialog_for_patient (fixture, assessment, TRUE,
                                                          marrow_record_get_id (fixture->patient)));
  g_assert_cmpstr (marrow_instrument_get_id (marrow_assessment_form_get_instrument (form)), ==, "KOOS");

  /* Mild trouble left, most of it on stairs and when kneeling; the last
   * items not typed yet */
  marrow_assessment_form_set_current (form, 0);
  for (guint i = 0; i < 34; i++)
    press_digit (form, i % 6 == 0 ? 2 : i % 3 == 0 ? 0 : 1);
  marrow_assessment_form_set_current (form, 34);
  choose_label (form_child (form, "entered_by_row"), "Riley Example");
  g_assert_true (save_enabled (fixture));

  /* From the top: the time point suggested from the injection, the items
   * with the one being typed, and the scores so far */
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 600, 1000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (form), GTK_TYPE_SCROLLED_WINDOW);

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
  }
  screenshot (fixture, "assessment-entry.png");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = form_test_init (&argc, &argv);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/assessment-entry/time-point/suggest", test_time_point_suggest);
  ADD_TEST ("/assessment-entry/time-point/form", test_time_point_form);
  ADD_TEST ("/assessment-entry/keys", test_keys);
  ADD_TEST ("/assessment-entry/live-scores", test_live_scores);
  ADD_TEST ("/assessment-entry/save", test_save);
  ADD_TEST ("/assessment-entry/range", test_range);
  ADD_TEST ("/assessment-entry/accessible", test_accessible);
  ADD_TEST ("/assessment-entry/screenshot", test_screenshot);

#undef ADD_TEST

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
