/* test-forms.c: in-process tests of the record forms (suite 'display')
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under tests/xvfb-run.sh with GDK_BACKEND=x11 GSK_RENDERER=cairo
 * GTK_A11Y=test LC_ALL=C.UTF-8 (test-harness.md, section 6).  Each test gets
 * a temporary database; forms are filled through their controls, saved
 * through the dialog's action, and the result is read back through the
 * store.
 *
 * With MARROW_FORMS_SCREENSHOT_DIR set, each form test also writes a PNG of
 * its dialog there, for looking at the layout.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "marrow-adverse-event-form.h"
#include "marrow-application.h"
#include "marrow-case-form.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-form-labels.h"
#include "marrow-form-test-util.h"
#include "marrow-harvest-form.h"
#include "marrow-patient-form.h"
#include "marrow-store.h"
#include "marrow-test-util.h"
#include "marrow-time.h"
#include "marrow-validate.h"
#include "marrow-weight-form.h"

static MarrowApplication *app;

/* Date entry */

static void
test_date_parse (void)
{
  static const struct { const char *text; gboolean partial; gboolean ok; const char *iso; } cases[] = {
    { "2024-03-05", FALSE, TRUE, "2024-03-05" },
    { " 2024-3-5 ", FALSE, TRUE, "2024-03-05" },
    { "2024-02-29", FALSE, TRUE, "2024-02-29" },
    { "2023-02-29", FALSE, FALSE, NULL },
    { "2024-13-01", FALSE, FALSE, NULL },
    /* C.UTF-8: the locale's order is month, day, year */
    { "03/05/2024", FALSE, TRUE, "2024-03-05" },
    { "12/31/1950", FALSE, TRUE, "1950-12-31" },
    { "31/12/1950", FALSE, FALSE, NULL },
    { "March 5 2024", FALSE, TRUE, "2024-03-05" },
    { "1/2", FALSE, FALSE, NULL },
    { "tomorrow", FALSE, FALSE, NULL },
    { "", FALSE, TRUE, NULL },
    { "   ", FALSE, TRUE, NULL },
    { "2024", FALSE, FALSE, NULL },
    { "2024", TRUE, TRUE, "2024" },
    { "2024-07", TRUE, TRUE, "2024-07" },
    { "2024-7", TRUE, TRUE, "2024-07" },
    { "07/04/2021", TRUE, TRUE, "2021-07-04" },
    { "2024-00", TRUE, FALSE, NULL },
  };
  int hour, minute;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = NULL;
      gboolean ok = marrow_date_entry_parse_date (cases[i].text, cases[i].partial, &iso);

      g_test_message ("“%s” (partial %d)", cases[i].text, cases[i].partial);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }

  /* Shown in the locale's format with the year in full */
  {
    g_autofree char *shown = marrow_date_entry_format_date ("1924-03-05");
    g_autofree char *partial = marrow_date_entry_format_date ("1924-03");
    g_autofree char *iso = NULL;

    g_assert_cmpstr (shown, ==, "03/05/1924");
    g_assert_cmpstr (partial, ==, "1924-03");
    /* and read back to the same day */
    g_assert_true (marrow_date_entry_parse_date (shown, FALSE, &iso));
    g_assert_cmpstr (iso, ==, "1924-03-05");
  }

  g_assert_true (marrow_date_entry_parse_time ("9:05", &hour, &minute));
  g_assert_cmpint (hour, ==, 9);
  g_assert_cmpint (minute, ==, 5);
  g_assert_true (marrow_date_entry_parse_time ("23.59", &hour, &minute));
  g_assert_false (marrow_date_entry_parse_time ("24:00", &hour, &minute));
  g_assert_false (marrow_date_entry_parse_time ("12:5", &hour, &minute));
  g_assert_false (marrow_date_entry_parse_time ("noon", &hour, &minute));
}

static void
test_date_entry_widget (void)
{
  GtkWidget *window = gtk_window_new ();
  MarrowDateEntry *entry = MARROW_DATE_ENTRY (marrow_date_entry_new ());
  GtkWidget *date = GTK_WIDGET (marrow_date_entry_get_date_editable (entry));
  GtkWidget *time = GTK_WIDGET (marrow_date_entry_get_time_editable (entry));
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *expected = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (entry));
  gtk_window_present (GTK_WINDOW (window));

  type_date (GTK_WIDGET (entry), "2021-07-04", NULL);
  g_assert_cmpstr (marrow_date_entry_get_value (entry), ==, "2021-07-04");
  g_assert_true (marrow_date_entry_get_valid (entry));

  type_date (GTK_WIDGET (entry), "07/32/2021", NULL);
  g_assert_null (marrow_date_entry_get_value (entry));
  g_assert_false (marrow_date_entry_get_valid (entry));
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  g_assert_nonnull (strstr (marrow_date_entry_get_error (entry), "2024-03-31"));

  type_date (GTK_WIDGET (entry), "", NULL);
  g_assert_true (marrow_date_entry_get_valid (entry));
  g_assert_false (gtk_widget_has_css_class (date, "error"));
  g_assert_null (marrow_date_entry_get_value (entry));

  /* A value set from the record is shown in the locale's format */
  marrow_date_entry_set_value (entry, "1950-12-31");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "12/31/1950");

  /* With a time of day: an instant, typed in local time */
  marrow_date_entry_set_with_time (entry, TRUE);
  g_assert_true (gtk_widget_get_visible (time));
  g_assert_false (marrow_date_entry_get_valid (entry));
  g_assert_true (gtk_widget_has_css_class (time, "error"));
  type_date (GTK_WIDGET (entry), "03/05/2024", "25:00");
  g_assert_false (marrow_date_entry_get_valid (entry));
  type_date (GTK_WIDGET (entry), "03/05/2024", "14:30");
  local = g_date_time_new_local (2024, 3, 5, 14, 30, 0);
  expected = marrow_instant_format (local);
  g_assert_cmpstr (marrow_date_entry_get_value (entry), ==, expected);
  g_assert_false (gtk_widget_has_css_class (time, "error"));

  marrow_date_entry_set_value (entry, expected);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, "14:30");
  g_assert_cmpstr (marrow_date_entry_get_value (entry), ==, expected);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Patient */

static void
test_patient (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) child_dob = g_date_time_add_years (now, -10);
  g_autofree char *child_dob_text = g_date_time_format (child_dob, "%Y-%m-%d");
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");
  MarrowForm *form = open_dialog (fixture, patient, TRUE);
  GType type = MARROW_TYPE_PATIENT_FORM;
  GtkWidget *problem = dialog_child (fixture, "problem_label");

  g_assert_true (MARROW_IS_PATIENT_FORM (form));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "New Patient");

  /* Empty: nothing is marked yet, but Save waits and says why */
  g_assert_false (save_enabled (fixture));
  g_assert_null (marrow_form_get_message (form, "family_name"));
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "Family name"));

  /* Row titles come from the field labels */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (form, type, "local_id_row"))),
                   ==, "Medical record number");

  type_text (child (form, type, "local_id_row"), "000317");
  type_text (child (form, type, "family_name_row"), "Okafor");
  type_text (child (form, type, "given_names_row"), "Chidi");
  choose (child (form, type, "sex_row"), &marrow_entity_patient, "sex", "male");

  /* A required field emptied after typing is marked */
  type_text (child (form, type, "family_name_row"), "");
  assert_message (form, "family_name", "is required");
  assert_row_marked (child (form, type, "family_name_row"), TRUE);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (child (form, type, "family_name_row")),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  type_text (child (form, type, "family_name_row"), "Okafor");
  g_assert_null (marrow_form_get_message (form, "family_name"));
  assert_row_marked (child (form, type, "family_name_row"), FALSE);

  /* Hard limits: unreadable text, then a date of birth in the future */
  type_date (child (form, type, "dob_entry"), "31/31/1968", NULL);
  assert_message (form, "dob", "Type a date");
  g_assert_false (save_enabled (fixture));
  type_date (child (form, type, "dob_entry"), tomorrow_text, NULL);
  assert_message (form, "dob", "after today");
  g_assert_false (save_enabled (fixture));

  /* The medical record number of another patient */
  type_date (child (form, type, "dob_entry"), "11/04/1968", NULL);
  type_text (child (form, type, "local_id_row"), "000042");
  assert_message (form, "local_id", "already used");
  g_assert_false (save_enabled (fixture));
  type_text (child (form, type, "local_id_row"), "000317");
  g_assert_true (save_enabled (fixture));
  g_assert_false (gtk_widget_get_visible (problem));

  /* A soft limit: a child.  Saved only with a reason */
  type_date (child (form, type, "dob_entry"), child_dob_text, NULL);
  assert_message (form, "dob", "younger than 18");
  g_assert_true (gtk_widget_get_visible (dialog_child (fixture, "ack_group")));
  g_assert_false (save_enabled (fixture));
  type_text (first_reason_row (fixture), "   ");
  g_assert_false (save_enabled (fixture));
  type_text (first_reason_row (fixture), "Juvenile OCD lesion, treated with parental consent");
  /* The reason row's name says which warning it answers, once */
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child (form, type, "family_name_row")),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  assert_named_once (GTK_WIDGET (fixture->dialog));

  type_text (child (form, type, "email_row"), "c.okafor@example.org");
  gtk_switch_set_active (GTK_SWITCH (child (form, type, "do_not_contact_switch")), TRUE);
  screenshot (fixture, "patient-form.png");
  save (fixture);

  stored = lookup (fixture, &marrow_entity_patient, marrow_record_get_id (patient));
  g_assert_cmpstr (marrow_record_get_text (stored, "local_id"), ==, "000317");
  g_assert_cmpstr (marrow_record_get_text (stored, "family_name"), ==, "Okafor");
  g_assert_cmpstr (marrow_record_get_text (stored, "given_names"), ==, "Chidi");
  g_assert_cmpstr (marrow_record_get_text (stored, "dob"), ==, child_dob_text);
  g_assert_cmpstr (marrow_record_get_text (stored, "sex"), ==, "male");
  g_assert_cmpstr (marrow_record_get_text (stored, "email"), ==, "c.okafor@example.org");
  g_assert_true (marrow_record_get_bool (stored, "do_not_contact"));
  g_assert_true (marrow_record_is_null (stored, "phone"));
  g_assert_cmpint (marrow_record_get_row_version (stored), ==, 1);
  g_assert_cmpint (marrow_record_get_row_version (fixture->saved), ==, 1);

  /* The acknowledgement was saved with it, by the acting staff member */
  acks = acknowledgements_of (fixture, stored);
  g_assert_cmpuint (acks->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "table_name"), ==, "patient");
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "limit_code"), ==, "patient.dob.age_min");
  g_assert_cmpint (marrow_record_get_int (acks->pdata[0], "record_row_version"), ==, 1);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "reason"), ==,
                   "Juvenile OCD lesion, treated with parental consent");
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "by"), ==,
                   marrow_store_get_staff_id (fixture->store));
  g_assert_nonnull (strstr (marrow_record_get_text (acks->pdata[0], "message"), "younger than 18"));
}

/* An edit: Save waits for a change; the update carries the row version */
static void
test_patient_edit (Fixture       *fixture,
                   gconstpointer  data)
{
  MarrowForm *form = open_dialog (fixture, fixture->patient, FALSE);
  GType type = MARROW_TYPE_PATIENT_FORM;
  g_autoptr(MarrowRecord) stored = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "Edit Patient");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (form, type, "family_name_row"))),
                   ==, "Adebayo");
  g_assert_cmpstr (gtk_editable_get_text (marrow_date_entry_get_date_editable (
                     MARROW_DATE_ENTRY (child (form, type, "dob_entry")))), ==, "03/03/1970");
  g_assert_true (marrow_form_is_valid (form));
  g_assert_false (marrow_form_is_modified (form));
  g_assert_false (save_enabled (fixture));

  type_text (child (form, type, "phone_row"), "+44 20 7946 0018");
  g_assert_true (marrow_form_is_modified (form));
  save (fixture);

  stored = lookup (fixture, &marrow_entity_patient, marrow_record_get_id (fixture->patient));
  g_assert_cmpstr (marrow_record_get_text (stored, "phone"), ==, "+44 20 7946 0018");
  g_assert_cmpint (marrow_record_get_row_version (stored), ==, 2);
  /* The caller's record is untouched: the dialog edited a copy */
  g_assert_true (marrow_record_is_null (fixture->patient, "phone"));
}

/* Someone else saved the patient while the form was open */
static void
test_stale (Fixture       *fixture,
            gconstpointer  data)
{
  MarrowForm *form = open_dialog (fixture, fixture->patient, FALSE);
  GType type = MARROW_TYPE_PATIENT_FORM;
  g_autoptr(MarrowStore) other = NULL;
  g_autoptr(MarrowRecord) elsewhere = NULL;
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  other = marrow_store_open (fixture->db_path, FALSE, &error);
  g_assert_no_error (error);
  elsewhere = marrow_store_lookup (other, &marrow_entity_patient,
                                   marrow_record_get_id (fixture->patient), &error);
  g_assert_no_error (error);
  marrow_record_set_text (elsewhere, "given_names", "Grace Funmilayo");
  marrow_store_update (other, elsewhere, &error);
  g_assert_no_error (error);

  type_text (child (form, type, "note_row"), "Prefers morning appointments");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "form.save", NULL));

  /* Not saved, not closed: the dialog offers to reload */
  answer (wait_for_message_dialog (), "reload");
  g_assert_nonnull (fixture->dialog);
  g_assert_null (fixture->saved);
  stored = lookup (fixture, &marrow_entity_patient, marrow_record_get_id (fixture->patient));
  g_assert_true (marrow_record_is_null (stored, "note"));
  g_assert_cmpint (marrow_record_get_row_version (stored), ==, 2);

  /* Reloaded: the other change is shown, and a new edit saves */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (form, type, "given_names_row"))),
                   ==, "Grace Funmilayo");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (form, type, "note_row"))), ==, "");
  type_text (child (form, type, "note_row"), "Prefers morning appointments");
  save (fixture);

  g_clear_object (&stored);
  stored = lookup (fixture, &marrow_entity_patient, marrow_record_get_id (fixture->patient));
  g_assert_cmpstr (marrow_record_get_text (stored, "given_names"), ==, "Grace Funmilayo");
  g_assert_cmpstr (marrow_record_get_text (stored, "note"), ==, "Prefers morning appointments");
  g_assert_cmpint (marrow_record_get_row_version (stored), ==, 3);
}

/* Closing with unsaved changes asks first */
static void
test_unsaved (Fixture       *fixture,
              gconstpointer  data)
{
  MarrowForm *form = open_dialog (fixture, fixture->patient, FALSE);
  GType type = MARROW_TYPE_PATIENT_FORM;
  g_autoptr(MarrowRecord) stored = NULL;

  /* Nothing changed: closes at once */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "form.cancel", NULL));
  g_assert_true (wait_for (dialog_gone, fixture));

  form = open_dialog (fixture, fixture->patient, FALSE);
  type_text (child (form, type, "family_name_row"), "Adebayo-Okafor");

  /* Keep editing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "form.cancel", NULL));
  answer (wait_for_message_dialog (), "keep");
  g_assert_nonnull (fixture->dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));

  /* Discard, with the window's own close too */
  gtk_window_close (GTK_WINDOW (fixture->dialog));
  answer (wait_for_message_dialog (), "discard");
  g_assert_true (wait_for (dialog_gone, fixture));
  g_assert_null (fixture->saved);

  stored = lookup (fixture, &marrow_entity_patient, marrow_record_get_id (fixture->patient));
  g_assert_cmpstr (marrow_record_get_text (stored, "family_name"), ==, "Adebayo");
  g_assert_cmpint (marrow_record_get_row_version (stored), ==, 1);
}

/* Weight */

static void
test_weight (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MarrowRecord) weight = new_child_of_patient (fixture, &marrow_entity_patient_weight);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *today_text = g_date_time_format (today, "%Y-%m-%d");
  MarrowForm *form = open_dialog (fixture, weight, TRUE);
  GType type = MARROW_TYPE_WEIGHT_FORM;

  g_assert_true (MARROW_IS_WEIGHT_FORM (form));
  /* The subtitle names the patient */
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (dialog_child (fixture, "window_title"))),
                   ==, "Adebayo, Grace");
  /* Preset: measured today */
  g_assert_cmpstr (marrow_record_get_text (marrow_form_get_record (form), "measured_on"), ==,
                   today_text);
  g_assert_false (save_enabled (fixture));

  /* Hard limits: not a number, then above 300 kg */
  type_text (child (form, type, "weight_kg_row"), "seventy");
  assert_message (form, "weight_kg", "Type a number");
  assert_row_marked (child (form, type, "weight_kg_row"), TRUE);
  type_text (child (form, type, "weight_kg_row"), "720");
  assert_message (form, "weight_kg", "above the hard limit of 300 kg");
  g_assert_false (save_enabled (fixture));
  type_text (child (form, type, "height_cm_row"), "17.5");
  assert_message (form, "height_cm", "below the hard limit of 50 cm");

  type_text (child (form, type, "weight_kg_row"), "72.5");
  type_text (child (form, type, "height_cm_row"), "175");
  choose (child (form, type, "method_row"), &marrow_entity_patient_weight, "method", "reported");
  g_assert_null (marrow_form_get_message (form, "weight_kg"));
  g_assert_false (gtk_widget_get_visible (dialog_child (fixture, "ack_group")));
  screenshot (fixture, "weight-form.png");
  save (fixture);

  stored = lookup (fixture, &marrow_entity_patient_weight, marrow_record_get_id (weight));
  g_assert_cmpstr (marrow_record_get_text (stored, "patient_id"), ==,
                   marrow_record_get_id (fixture->patient));
  g_assert_cmpfloat (marrow_record_get_real (stored, "weight_kg"), ==, 72.5);
  g_assert_cmpfloat (marrow_record_get_real (stored, "height_cm"), ==, 175);
  g_assert_cmpstr (marrow_record_get_text (stored, "method"), ==, "reported");
  g_assert_cmpstr (marrow_record_get_text (stored, "measured_on"), ==, today_text);
}

/* Joint case */

static void
test_case_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = new_child_of_patient (fixture, &marrow_entity_joint_case);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  MarrowForm *form = open_dialog (fixture, joint_case, TRUE);
  GType type = MARROW_TYPE_CASE_FORM;
  const MarrowEntityDef *entity = &marrow_entity_joint_case;

  g_assert_true (MARROW_IS_CASE_FORM (form));
  g_assert_false (save_enabled (fixture));

  choose (child (form, type, "site_row"), entity, "site", "knee");
  choose (child (form, type, "side_row"), entity, "side", "none");
  /* A rule across fields: "none" is for the spine only */
  assert_message (form, "side", "midline");
  assert_row_marked (child (form, type, "side_row"), TRUE);
  choose (child (form, type, "side_row"), entity, "side", "left");
  g_assert_null (marrow_form_get_message (form, "side"));

  type_text (child (form, type, "diagnosis_code_row"), "M17.12");
  type_text (child (form, type, "diagnosis_text_row"), "Primary osteoarthritis, left knee");
  type_date (child (form, type, "onset_date_entry"), "2019-13", NULL);
  assert_message (form, "onset_date", "only 2024-03 or 2024");
  type_date (child (form, type, "onset_date_entry"), "2019-06", NULL);
  g_assert_null (marrow_form_get_message (form, "onset_date"));
  choose_label (child (form, type, "primary_instrument_row"), "KOOS — ");
  g_assert_true (save_enabled (fixture));

  /* KL 4 is a soft limit: it needs a reason */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (form, type, "kl_grade_row")), 5);
  assert_message (form, "kl_grade", "above the usual maximum of 3");
  g_assert_false (save_enabled (fixture));
  type_text (first_reason_row (fixture), "Declines arthroplasty; lower benefit explained");
  screenshot (fixture, "case-form.png");
  save (fixture);

  stored = lookup (fixture, entity, marrow_record_get_id (joint_case));
  g_assert_cmpstr (marrow_record_get_text (stored, "site"), ==, "knee");
  g_assert_cmpstr (marrow_record_get_text (stored, "side"), ==, "left");
  g_assert_cmpstr (marrow_record_get_text (stored, "status"), ==, "active");
  g_assert_cmpstr (marrow_record_get_text (stored, "onset_date"), ==, "2019-06");
  g_assert_cmpstr (marrow_record_get_text (stored, "primary_instrument"), ==, "KOOS");
  g_assert_cmpint (marrow_record_get_int (stored, "kl_grade"), ==, 4);
  g_assert_true (marrow_record_is_null (stored, "closed_reason"));
  acks = acknowledgements_of (fixture, stored);
  g_assert_cmpuint (acks->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "limit_code"), ==,
                   "joint_case.kl_grade.max");
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "value"), ==, "4");
}

/* Closing a case: each reason writes status and closed_reason */
static void
test_case_close (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_case (fixture);
  GType type = MARROW_TYPE_CASE_FORM;
  const MarrowEntityDef *entity = &marrow_entity_joint_case;
  MarrowForm *form;
  GtkWidget *closing;

  /* Converted to surgery: the date and the type are required */
  form = open_dialog (fixture, joint_case, FALSE);
  closing = child (form, type, "closing_row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (closing)), ==, 0);
  g_assert_false (gtk_widget_get_visible (child (form, type, "surgery_date_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (closing), 2);
  g_assert_true (gtk_widget_get_visible (child (form, type, "surgery_date_row")));
  g_assert_false (save_enabled (fixture));
  assert_message (form, "surgery_date", "required when the case is converted to surgery");
  type_date (child (form, type, "surgery_date_entry"), "2025-02-30", NULL);
  assert_message (form, "surgery_date", "Type a date");
  type_date (child (form, type, "surgery_date_entry"), "02/03/2025", NULL);
  marrow_form_show_all_errors (form);
  assert_message (form, "surgery_type", "required when the case is converted to surgery");
  choose (child (form, type, "surgery_type_row"), entity, "surgery_type", "arthroplasty");
  screenshot (fixture, "case-close-form.png");
  save (fixture);
  g_set_object (&joint_case, lookup (fixture, entity, marrow_record_get_id (joint_case)));
  g_assert_cmpstr (marrow_record_get_text (joint_case, "status"), ==, "converted_to_surgery");
  g_assert_cmpstr (marrow_record_get_text (joint_case, "surgery_date"), ==, "2025-02-03");
  g_assert_cmpstr (marrow_record_get_text (joint_case, "surgery_type"), ==, "arthroplasty");

  /* Lost to follow-up: closed with the code; the surgery is cleared */
  form = open_dialog (fixture, joint_case, FALSE);
  closing = child (form, type, "closing_row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (closing)), ==, 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (closing), 3);
  save (fixture);
  g_set_object (&joint_case, lookup (fixture, entity, marrow_record_get_id (joint_case)));
  g_assert_cmpstr (marrow_record_get_text (joint_case, "status"), ==, "closed");
  g_assert_cmpstr (marrow_record_get_text (joint_case, "closed_reason"), ==, "lost_to_follow_up");
  g_assert_true (marrow_record_is_null (joint_case, "surgery_date"));
  g_assert_true (marrow_record_is_null (joint_case, "surgery_type"));

  /* Other: the reason in words is required */
  form = open_dialog (fixture, joint_case, FALSE);
  closing = child (form, type, "closing_row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (closing)), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (closing), 4);
  g_assert_true (gtk_widget_get_visible (child (form, type, "closed_reason_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (form, type, "closed_reason_row"))),
                   ==, "");
  g_assert_false (save_enabled (fixture));
  type_text (child (form, type, "closed_reason_row"), "x");
  type_text (child (form, type, "closed_reason_row"), " ");
  assert_message (form, "closed_reason", "required when the case is closed");
  type_text (child (form, type, "closed_reason_row"), "Moved abroad");
  save (fixture);
  g_set_object (&joint_case, lookup (fixture, entity, marrow_record_get_id (joint_case)));
  g_assert_cmpstr (marrow_record_get_text (joint_case, "status"), ==, "closed");
  g_assert_cmpstr (marrow_record_get_text (joint_case, "closed_reason"), ==, "Moved abroad");

  /* Completed, then active again */
  form = open_dialog (fixture, joint_case, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (form, type, "closed_reason_row"))),
                   ==, "Moved abroad");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (form, type, "closing_row")), 1);
  save (fixture);
  g_set_object (&joint_case, lookup (fixture, entity, marrow_record_get_id (joint_case)));
  g_assert_cmpstr (marrow_record_get_text (joint_case, "closed_reason"), ==, "completed");

  form = open_dialog (fixture, joint_case, FALSE);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (form, type, "closing_row"))),
                    ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (form, type, "closing_row")), 0);
  save (fixture);
  g_set_object (&joint_case, lookup (fixture, entity, marrow_record_get_id (joint_case)));
  g_assert_cmpstr (marrow_record_get_text (joint_case, "status"), ==, "active");
  g_assert_true (marrow_record_is_null (joint_case, "closed_reason"));
  g_assert_cmpint (marrow_record_get_row_version (joint_case), ==, 6);
}

/* Harvest */

static void
test_harvest (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_child_of_patient (fixture, &marrow_entity_harvest);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_local (2025, 3, 4, 9, 15, 0);
  g_autofree char *started_text = marrow_instant_format (started);
  MarrowForm *form = open_dialog (fixture, harvest, TRUE);
  GType type = MARROW_TYPE_HARVEST_FORM;
  const MarrowEntityDef *entity = &marrow_entity_harvest;

  g_assert_true (MARROW_IS_HARVEST_FORM (form));
  /* The operator is the acting user (the patient's insert registered them) */
  g_assert_cmpstr (marrow_record_get_text (marrow_form_get_record (form), "operator_id"), ==,
                   marrow_store_get_staff_id (fixture->store));

  choose (child (form, type, "tissue_row"), entity, "tissue", "bone_marrow");
  choose (child (form, type, "anatomic_site_row"), entity, "anatomic_site", "abdomen");
  type_date (child (form, type, "started_at_entry"), "03/04/2025", "9:15");
  /* Rules across fields: a site of another tissue */
  assert_message (form, "anatomic_site", "does not fit the tissue");
  choose (child (form, type, "anatomic_site_row"), entity, "anatomic_site", "posterior_iliac_crest");
  assert_message (form, "harvest_side", "required for a paired harvest site");
  choose (child (form, type, "harvest_side_row"), entity, "harvest_side", "left");
  assert_message (form, "anticoagulant", "required for bone marrow");
  choose (child (form, type, "anticoagulant_row"), entity, "anticoagulant", "heparin");
  assert_message (form, "heparin_u_per_ml", "required with heparin");
  type_text (child (form, type, "heparin_u_per_ml_row"), "0");
  assert_message (form, "heparin_u_per_ml", "must be greater than 0");
  type_text (child (form, type, "heparin_u_per_ml_row"), "10");

  /* An end before the start */
  type_date (child (form, type, "ended_at_entry"), "03/04/2025", "08:00");
  g_assert_false (save_enabled (fixture));
  g_assert_false (marrow_form_is_valid (form));
  type_date (child (form, type, "ended_at_entry"), "03/04/2025", "09:40");
  g_assert_true (marrow_form_is_valid (form));

  /* Volume: hard limit, then a soft one */
  type_text (child (form, type, "volume_collected_ml_row"), "600");
  assert_message (form, "volume_collected_ml", "above the hard limit of 500 mL");
  type_text (child (form, type, "volume_collected_ml_row"), "150");
  assert_message (form, "volume_collected_ml", "above the usual maximum of 120 mL");
  g_assert_false (save_enabled (fixture));
  type_text (first_reason_row (fixture), "Two sites aspirated for a bilateral treatment");
  choose (child (form, type, "anesthesia_row"), entity, "anesthesia", "local");
  screenshot (fixture, "harvest-form.png");
  save (fixture);

  stored = lookup (fixture, entity, marrow_record_get_id (harvest));
  g_assert_cmpstr (marrow_record_get_text (stored, "started_at"), ==, started_text);
  g_assert_cmpstr (marrow_record_get_text (stored, "anatomic_site"), ==, "posterior_iliac_crest");
  g_assert_cmpfloat (marrow_record_get_real (stored, "heparin_u_per_ml"), ==, 10);
  g_assert_cmpfloat (marrow_record_get_real (stored, "volume_collected_ml"), ==, 150);
  g_assert_cmpstr (marrow_record_get_text (stored, "anesthesia"), ==, "local");
  /* The store issued the chain-of-identity ID */
  g_assert_nonnull (marrow_record_get_text (stored, "coi_id"));
  g_assert_cmpstr (marrow_record_get_text (fixture->saved, "coi_id"), ==,
                   marrow_record_get_text (stored, "coi_id"));
  acks = acknowledgements_of (fixture, stored);
  g_assert_cmpuint (acks->len, ==, 1);
  g_assert_cmpstr (marrow_record_get_text (acks->pdata[0], "limit_code"), ==,
                   "harvest.volume_collected_ml.max_bone_marrow");

  /* Shown again: the issued ID, the local time */
  form = open_dialog (fixture, stored, FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (form, type, "coi_id_row"))),
                   ==, marrow_record_get_text (stored, "coi_id"));
  g_assert_cmpstr (gtk_editable_get_text (marrow_date_entry_get_time_editable (
                     MARROW_DATE_ENTRY (child (form, type, "started_at_entry")))), ==, "09:15");
  g_assert_false (marrow_form_is_modified (form));
}

/* Adverse event */

static void
test_adverse_event (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MarrowRecord) joint_case = insert_case (fixture);
  g_autoptr(MarrowRecord) event = new_child_of_patient (fixture, &marrow_entity_adverse_event);
  g_autoptr(MarrowRecord) stored = NULL;
  MarrowForm *form = open_dialog (fixture, event, TRUE);
  GType type = MARROW_TYPE_ADVERSE_EVENT_FORM;
  const MarrowEntityDef *entity = &marrow_entity_adverse_event;
  GtkWidget *criteria = child (form, type, "serious_criteria_row");

  g_assert_true (MARROW_IS_ADVERSE_EVENT_FORM (form));
  type_date (child (form, type, "onset_date_entry"), "2025-03-10", NULL);
  choose (child (form, type, "category_row"), entity, "category", "effusion");
  type_text (child (form, type, "description_row"), "Knee effusion two days after the injection");
  choose (child (form, type, "detected_via_row"), entity, "detected_via", "phone");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (form, type, "severity_ctcae_row")), 2);

  /* Linked to nothing */
  assert_message (form, "unrelated_general", "must be linked");
  g_assert_false (save_enabled (fixture));
  choose_label (child (form, type, "joint_case_id_row"), "Knee, Left · M17.12");
  g_assert_null (marrow_form_get_message (form, "unrelated_general"));
  g_assert_true (save_enabled (fixture));

  /* Serious: the criteria are required */
  g_assert_false (gtk_widget_get_visible (criteria));
  gtk_switch_set_active (GTK_SWITCH (child (form, type, "serious_switch")), TRUE);
  g_assert_true (gtk_widget_get_visible (criteria));
  assert_message (form, "serious_criteria", "required for a serious adverse event");
  g_assert_false (save_enabled (fixture));
  {
    GtkWidget *check = gtk_widget_get_first_child (criteria);
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();
    GtkWidget *widget = criteria;

    /* The check boxes, depth first */
    while (widget != NULL)
      {
        if (GTK_IS_CHECK_BUTTON (widget))
          g_ptr_array_add (checks, widget);
        if (gtk_widget_get_first_child (widget) != NULL)
          widget = gtk_widget_get_first_child (widget);
        else
          {
            while (widget != criteria && gtk_widget_get_next_sibling (widget) == NULL)
              widget = gtk_widget_get_parent (widget);
            widget = widget == criteria ? NULL : gtk_widget_get_next_sibling (widget);
          }
      }
    g_assert_cmpuint (checks->len, ==, 5);
    check = checks->pdata[2];  /* hospitalisation */
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (checks->pdata[4]), TRUE);
  }
  g_assert_null (marrow_form_get_message (form, "serious_criteria"));

  /* Resolved: relatedness and outcome are then required */
  type_date (child (form, type, "resolved_date_entry"), "2025-03-01", NULL);
  assert_message (form, "resolved_date", "2025-03-10");
  type_date (child (form, type, "resolved_date_entry"), "2025-03-20", NULL);
  g_assert_false (marrow_form_is_valid (form));
  choose (child (form, type, "relatedness_row"), entity, "relatedness", "possible");
  choose (child (form, type, "outcome_row"), entity, "outcome", "recovered");
  g_assert_true (marrow_form_is_valid (form));
  screenshot (fixture, "adverse-event-form.png");
  save (fixture);

  stored = lookup (fixture, entity, marrow_record_get_id (event));
  g_assert_cmpstr (marrow_record_get_text (stored, "joint_case_id"), ==,
                   marrow_record_get_id (joint_case));
  g_assert_cmpstr (marrow_record_get_text (stored, "category"), ==, "effusion");
  g_assert_cmpint (marrow_record_get_int (stored, "severity_ctcae"), ==, 2);
  g_assert_true (marrow_record_get_bool (stored, "serious"));
  g_assert_cmpstr (marrow_record_get_text (stored, "serious_criteria"), ==, "hospitalisation,other");
  g_assert_cmpstr (marrow_record_get_text (stored, "resolved_date"), ==, "2025-03-20");
  g_assert_cmpstr (marrow_record_get_text (stored, "outcome"), ==, "recovered");

  /* Shown again, then no longer serious: the criteria go */
  form = open_dialog (fixture, stored, FALSE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (form, type, "serious_switch"))));
  gtk_switch_set_active (GTK_SWITCH (child (form, type, "serious_switch")), FALSE);
  save (fixture);
  g_set_object (&stored, lookup (fixture, entity, marrow_record_get_id (event)));
  g_assert_false (marrow_record_get_bool (stored, "serious"));
  g_assert_true (marrow_record_is_null (stored, "serious_criteria"));
}

/* Every coded value a form offers has a translated name, and every bound
 * control an accessible name */
static void
test_labels (void)
{
  static const MarrowEntityDef *entities[] = {
    &marrow_entity_patient, &marrow_entity_patient_weight, &marrow_entity_joint_case,
    &marrow_entity_harvest, &marrow_entity_adverse_event,
  };

  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    {
      g_assert_true (marrow_form_dialog_has_form (entities[e]->name));
      for (guint f = 0; f < entities[e]->n_fields; f++)
        {
          const MarrowFieldDef *field = &entities[e]->fields[f];

          for (guint i = 0; field->kind == MARROW_FIELD_ENUM && field->enum_values[i]; i++)
            if (!marrow_form_code_has_label (field, field->enum_values[i]))
              g_error ("%s.%s: “%s” has no name", entities[e]->name, field->name,
                       field->enum_values[i]);
        }
    }
  for (guint i = 0; marrow_ae_serious_criteria_values[i] != NULL; i++)
    g_assert_true (marrow_form_code_has_label (NULL, marrow_ae_serious_criteria_values[i]));
  g_assert_cmpstr (marrow_form_code_label (marrow_entity_find_field (&marrow_entity_joint_case,
                                                                     "side"), "none"),
                   ==, "None (midline site)");
  g_assert_false (marrow_form_dialog_has_form ("limit_ack"));
}

/* Shift+Tab leaves a date field for the field before it, and Tab comes
 * back: the keyboard walks a form both ways (issue 5, point 8) */
static void
test_date_shift_tab (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  MarrowForm *form = open_dialog (fixture, patient, TRUE);
  GType type = MARROW_TYPE_PATIENT_FORM;
  MarrowDateEntry *dob = MARROW_DATE_ENTRY (child (form, type, "dob_entry"));
  GtkWidget *given = child (form, type, "given_names_row");
  GtkWidget *date = GTK_WIDGET (marrow_date_entry_get_date_editable (dob));
  GtkWidget *window = GTK_WIDGET (fixture->dialog);
  GtkWidget *focus;
  guint presses = 0;

  gtk_widget_grab_focus (date);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), date) ||
                 gtk_window_get_focus (GTK_WINDOW (window)) == date);

  /* The row may take the focus on the way (a list box row does), but a
   * few presses reach the given names */
  do
    {
      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_BACKWARD);
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      g_assert_nonnull (focus);
      g_test_message ("Shift+Tab %u: %s", presses, G_OBJECT_TYPE_NAME (focus));
    }
  while (++presses < 4 && focus != given && !gtk_widget_is_ancestor (focus, given));
  g_assert_true (focus == given || gtk_widget_is_ancestor (focus, given));

  /* and Tab goes forward into the date again */
  presses = 0;
  do
    {
      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      g_assert_nonnull (focus);
    }
  while (++presses < 4 && focus != date && !gtk_widget_is_ancestor (focus, date));
  g_assert_true (focus == date || gtk_widget_is_ancestor (focus, date));

  /* With a time of day, in a plain box: one press each way between the
   * field before, the date, the time and the calendar button */
  {
    GtkWidget *plain = gtk_window_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *before = gtk_entry_new ();
    MarrowDateEntry *at = MARROW_DATE_ENTRY (marrow_date_entry_new ());
    GtkWidget *at_date = GTK_WIDGET (marrow_date_entry_get_date_editable (at));
    GtkWidget *at_time = GTK_WIDGET (marrow_date_entry_get_time_editable (at));
    GtkWidget *expected[] = { at_date, before };

    marrow_date_entry_set_with_time (at, TRUE);
    gtk_box_append (GTK_BOX (box), before);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (at));
    gtk_window_set_child (GTK_WINDOW (plain), box);
    gtk_window_present (GTK_WINDOW (plain));
    gtk_widget_grab_focus (at_time);

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_signal_emit_by_name (plain, "move-focus", GTK_DIR_TAB_BACKWARD);
        focus = gtk_window_get_focus (GTK_WINDOW (plain));
        g_assert_true (focus == expected[i] || gtk_widget_is_ancestor (focus, expected[i]));
      }
    g_signal_emit_by_name (plain, "move-focus", GTK_DIR_TAB_FORWARD);
    g_signal_emit_by_name (plain, "move-focus", GTK_DIR_TAB_FORWARD);
    focus = gtk_window_get_focus (GTK_WINDOW (plain));
    g_assert_true (focus == at_time || gtk_widget_is_ancestor (focus, at_time));
    gtk_window_destroy (GTK_WINDOW (plain));
  }
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MarrowRecord) harvest = new_child_of_patient (fixture, &marrow_entity_harvest);
  MarrowForm *form = open_dialog (fixture, harvest, TRUE);
  GType type = MARROW_TYPE_HARVEST_FORM;
  MarrowDateEntry *started = MARROW_DATE_ENTRY (child (form, type, "started_at_entry"));
  GtkWidget *volume = child (form, type, "volume_collected_ml_row");

  /* An entry row is named by its title alone (a label as well was read
   * "Volume collected (mL) Volume collected (mL)") */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (volume)), ==,
                   "Volume collected (mL)");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (volume),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_cmpuint (assert_named_once (GTK_WIDGET (fixture->dialog)), >, 10);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (marrow_date_entry_get_date_editable (started)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Started at");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (marrow_date_entry_get_time_editable (started)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Started at, time of day");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (form, type, "operator_id_row"))),
                   ==, "Operator");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = form_test_init (&argc, &argv);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/forms/date/parse", test_date_parse);
  g_test_add_func ("/forms/date/entry", test_date_entry_widget);
  ADD_TEST ("/forms/patient/new", test_patient);
  ADD_TEST ("/forms/patient/edit", test_patient_edit);
  ADD_TEST ("/forms/stale", test_stale);
  ADD_TEST ("/forms/unsaved", test_unsaved);
  ADD_TEST ("/forms/weight", test_weight);
  ADD_TEST ("/forms/case/new", test_case_new);
  ADD_TEST ("/forms/case/close", test_case_close);
  ADD_TEST ("/forms/harvest", test_harvest);
  ADD_TEST ("/forms/adverse-event", test_adverse_event);
  ADD_TEST ("/forms/accessible", test_accessible);
  ADD_TEST ("/forms/date/shift-tab", test_date_shift_tab);
  g_test_add_func ("/forms/labels", test_labels);

#undef ADD_TEST

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
