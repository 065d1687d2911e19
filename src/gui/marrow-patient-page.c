/* marrow-patient-page.c: a patient's summary in the window's content area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window shows for the patient selected in the sidebar (issue 5,
 * point 2): the name, the demographics that identify the patient (date of
 * birth with age, sex, medical record number) with Edit; the joint cases
 * with their joint, side, diagnosis, status, last injection and latest
 * primary score and a sparkline of it (marrow-case-sparkline.c), with Add
 * and Edit (the case form closes a case with its
 * reason); the weight history with Add; the patient's harvests and product
 * lots (marrow-timeline.c) with Add Harvest and New Processing Run.
 * Activating a case emits ::open-case; other rows open their form, and
 * their button enters the record in error (marrow-timeline-voids.c).
 *
 * Everything is read from the store when the patient is shown, with
 * queries filtered on the patient's or a case's indexed reference: per case
 * its injections and assessments (the latest primary score is computed from
 * one assessment's answers), the weights, and the treatment chain.
 */
#define G_LOG_DOMAIN "marrow-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-time-point.h"
#include "marrow-case-sparkline.h"
#include "marrow-chart-data.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-form-labels.h"
#include "marrow-guidance-settings.h"
#include "marrow-list-box.h"
#include "marrow-patient-page.h"
#include "marrow-patient-row.h"
#include "marrow-time.h"
#include "marrow-timeline.h"
#include "marrow-timeline-row.h"

struct _MarrowPatientPage
{
  AdwBin          parent_instance;

  MarrowRecord   *patient;
  MarrowStore    *store;
  MarrowGuidanceProtocolRegistry *protocols;
  MarrowTimelineVoids *voids;
  GHashTable     *shown;        /* record id → MarrowTimelineEntry of the rows that can be voided */

  /* template children */
  GtkScrolledWindow *scroller;
  GtkLabel       *name_label;
  GtkLabel       *summary_label;
  AdwActionRow   *dob_row;
  GtkLabel       *dob_label;
  AdwActionRow   *sex_row;
  GtkLabel       *sex_label;
  AdwActionRow   *mrn_row;
  GtkLabel       *mrn_label;
  AdwPreferencesGroup *cases_group;
  GtkListBox     *cases_list;
  GtkListBox     *weights_list;
  GtkListBox     *chain_list;
};

G_DEFINE_FINAL_TYPE (MarrowPatientPage, marrow_patient_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PATIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whole years from @dob to today, or -1 */
static int
age_in_years (const char *dob)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate *birth = dob != NULL ? marrow_date_parse (dob) : NULL;
  int years;

  if (birth == NULL)
    return -1;

  years = g_date_time_get_year (now) - g_date_get_year (birth);
  if (g_date_time_get_month (now) < (int)g_date_get_month (birth) ||
      (g_date_time_get_month (now) == (int)g_date_get_month (birth) &&
       g_date_time_get_day_of_month (now) < g_date_get_day (birth)))
    years--;
  g_date_free (birth);

  return years >= 0 ? years : -1;
}

static const char *
code_label (const MarrowEntityDef *entity,
            const char            *field,
            const char            *code)
{
  if (code == NULL || *code == '\0')
    return NULL;
  return marrow_form_code_label (marrow_entity_find_field (entity, field), code);
}

static void
set_value (AdwActionRow *row,
           GtkLabel     *label,
           const char   *value)
{
  if (value == NULL || *value == '\0')
    value = C_("missing value", "Not recorded");
  gtk_label_set_label (label, value);
  /* The row's accessible name is its title; the value is its description */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
}

static void
show_demographics (MarrowPatientPage *self)
{
  g_autofree char *name = marrow_patient_dup_display_name (self->patient);
  g_autofree char *dob = marrow_patient_format_date (marrow_record_get_text (self->patient, "dob"));
  g_autofree char *dob_text = NULL;
  g_autofree char *age_text = NULL;
  g_autofree char *summary = NULL;
  const char *sex = code_label (&marrow_entity_patient, "sex",
                                marrow_record_get_text (self->patient, "sex"));
  int age = age_in_years (marrow_record_get_text (self->patient, "dob"));

  gtk_label_set_label (self->name_label, name);

  if (age >= 0)
    /* Translators: a patient's age */
    age_text = g_strdup_printf (ngettext ("%d year", "%d years", age), age);
  if (dob != NULL && age_text != NULL)
    /* Translators: a date of birth and the age it gives, e.g. "4 Nov 1968 (57 years)" */
    dob_text = g_strdup_printf (_("%s (%s)"), dob, age_text);
  set_value (self->dob_row, self->dob_label, dob_text != NULL ? dob_text : dob);
  set_value (self->sex_row, self->sex_label, sex);
  set_value (self->mrn_row, self->mrn_label,
             marrow_record_get_text (self->patient, "local_id"));

  if (sex != NULL && age_text != NULL)
    /* Translators: the line under a patient's name: sex and age */
    summary = g_strdup_printf (C_("patient summary", "%s · %s"), sex, age_text);
  gtk_label_set_label (self->summary_label,
                       summary != NULL ? summary : (age_text != NULL ? age_text : sex));
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          summary != NULL || age_text != NULL || sex != NULL);
}

static GtkWindow *
parent_window (MarrowPatientPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* "Last injection 14/03/2026 · KOOS 6 months — Pain 72.2, ADL 80.1", or
 * NULL when the case has neither */
static char *
describe_progress (MarrowPatientPage  *self,
                   MarrowRecord       *joint_case,
                   GError            **error)
{
  MarrowListQuery injections_query = {
    .order_by = "performed_at",
    .descending = TRUE,
    .filter_field = "joint_case_id",
    .filter_value = marrow_record_get_id (joint_case),
  };
  MarrowListQuery assessments_query = {
    .order_by = "completed_at",
    .descending = TRUE,
    .filter_field = "joint_case_id",
    .filter_value = marrow_record_get_id (joint_case),
  };
  g_autoptr(GPtrArray) injections = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *primary = marrow_record_get_text (joint_case, "primary_instrument");

  injections = marrow_store_find (self->store, &marrow_entity_injection, &injections_query, error);
  if (injections == NULL)
    return NULL;
  assessments = marrow_store_find (self->store, &marrow_entity_assessment, &assessments_query, error);
  if (assessments == NULL)
    return NULL;

  if (injections->len > 0)
    {
      const char *at = marrow_record_get_text (injections->pdata[0], "performed_at");
      g_autofree char *day = marrow_date_entry_format_day (marrow_instant_local_day (at));

      /* Translators: the day of a case's latest injection */
      g_string_append_printf (text, _("Last injection %s"), day);
    }
  else
    g_string_append (text, _("No injection yet"));

  for (guint i = 0; i < assessments->len; i++)
    {
      MarrowRecord *assessment = assessments->pdata[i];

      if (primary == NULL || g_strcmp0 (marrow_record_get_text (assessment, "instrument_code"), primary) == 0)
        {
          g_autofree char *score = marrow_timeline_describe_assessment (self->store, assessment,
                                                                         self->protocols);

          g_string_append_printf (text, " · %s", score);
          break;
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void       remember        (MarrowPatientPage *self,
                                   MarrowRecord      *record,
                                   const char        *description);
static GtkWidget *new_void_button (MarrowRecord      *record,
                                   const char        *description,
                                   const char        *action);

static GtkWidget *
new_case_row (MarrowPatientPage *self,
              MarrowRecord      *joint_case)
{
  g_autofree char *title = marrow_joint_case_dup_title (joint_case);
  g_autofree char *diagnosis = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *edit_label = NULL;
  g_autoptr(GError) error = NULL;
  const char *code = marrow_record_get_text (joint_case, "diagnosis_code");
  const char *text = marrow_record_get_text (joint_case, "diagnosis_text");
  const char *status_code = marrow_record_get_text (joint_case, "status");
  const char *status = code_label (&marrow_entity_joint_case, "status", status_code);
  GtkWidget *row;
  GtkWidget *status_label;
  GtkWidget *edit;
  GtkWidget *void_button;

  if (code != NULL && *code != '\0' && text != NULL && *text != '\0')
    /* Translators: a diagnosis: its code, then its text, e.g. "M17.12 · Primary
     * osteoarthritis, left knee" */
    diagnosis = g_strdup_printf (C_("diagnosis", "%s · %s"), code, text);
  else
    diagnosis = g_strdup (text != NULL && *text != '\0' ? text : code);

  progress = describe_progress (self, joint_case, &error);
  if (progress == NULL)
    /* Translators: %s says why a case's injections and scores could not be read */
    progress = g_strdup_printf (_("Treatment not available: %s"), error->message);
  subtitle = g_strdup_printf ("%s\n%s", diagnosis != NULL ? diagnosis : "", progress);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title,
                      "subtitle", subtitle,
                      "title-lines", 1,
                      "subtitle-lines", 3,
                      "use-markup", FALSE,
                      "activatable", TRUE,
                      NULL);
  gtk_widget_set_name (row, marrow_record_get_id (joint_case));
  g_object_set_data_full (G_OBJECT (row), "marrow-joint-case", g_object_ref (joint_case), g_object_unref);

  /* The primary score over time, to compare the patient's joints */
  {
    g_autoptr(MarrowChartData) data = NULL;
    g_autoptr(GError) chart_error = NULL;

    data = marrow_chart_data_load (self->store, marrow_record_get_id (joint_case), NULL, NULL, &chart_error);
    if (data != NULL)
      {
        GtkWidget *sparkline = marrow_case_sparkline_new ();
        g_autofree char *label = NULL;

        marrow_case_sparkline_set_data (MARROW_CASE_SPARKLINE (sparkline), data);
        gtk_widget_set_valign (sparkline, GTK_ALIGN_CENTER);
        gtk_widget_set_name (sparkline, "sparkline");
        /* Translators: the sparkline of a case for a screen reader; %s is e.g. "Left Knee" */
        label = g_strdup_printf (_("Primary score over time: %s"), title);
        gtk_accessible_update_property (GTK_ACCESSIBLE (sparkline), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), sparkline);
      }
    else
      g_warning ("Could not chart case %s: %s", marrow_record_get_id (joint_case), chart_error->message);
  }

  if (status == NULL)
    status = _("Draft");
  status_label = g_object_new (GTK_TYPE_LABEL,
                               "label", status,
                               "valign", GTK_ALIGN_CENTER,
                               "css-classes", (const char *[]) { "case-status", NULL },
                               NULL);
  if (status_code != NULL)
    gtk_widget_add_css_class (status_label, status_code);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label);

  edit = g_object_new (GTK_TYPE_BUTTON,
                       "icon-name", "document-edit-symbolic",
                       "valign", GTK_ALIGN_CENTER,
                       "tooltip-text", _("Edit or Close Case…"),
                       "action-name", "patient.edit-case",
                       "css-classes", (const char *[]) { "flat", NULL },
                       NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", marrow_record_get_id (joint_case));
  /* Translators: the button that edits or closes a case; %s is e.g. "Left Knee" */
  edit_label = g_strdup_printf (_("Edit or Close %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  gtk_widget_set_name (edit, "edit_case_button");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  /* The whole case, with what was entered in it (void_case_action) */
  void_button = new_void_button (joint_case, title, "patient.void-case");
  gtk_widget_set_name (void_button, "void_case_button");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), void_button);
  remember (self, joint_case, title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "go-next-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));

  /* Translators: what a screen reader says for a joint case: the joint and
   * side, the diagnosis, the status, the last injection and latest score */
  accessible = g_strdup_printf (_("%s, %s, %s, %s"), title, diagnosis != NULL ? diagnosis : "",
                                status, progress);
  /* Said once: not also by the row's title (marrow_form_set_accessible_label()) */
  marrow_form_set_accessible_label (row, accessible);
  return row;
}

static gboolean
is_pending (MarrowPatientPage *self,
            MarrowRecord      *record)
{
  return self->voids != NULL &&
         marrow_timeline_voids_is_pending (self->voids, marrow_record_get_id (record));
}

static gboolean
show_cases (MarrowPatientPage  *self,
            GError            **error)
{
  MarrowListQuery query = {
    .order_by = "created_at",
    .filter_field = "patient_id",
    .filter_value = marrow_record_get_id (self->patient),
  };
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_shown = 0;

  marrow_list_box_remove_rows (self->cases_list);
  cases = marrow_store_find (self->store, &marrow_entity_joint_case, &query, &local_error);
  if (cases == NULL)
    {
      /* Said where the cases would be, and told the caller */
      adw_preferences_group_set_description (self->cases_group, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Active cases first: they are what the practice works on */
  for (int active = 1; active >= 0; active--)
    for (guint i = 0; i < cases->len; i++)
      {
        MarrowRecord *joint_case = cases->pdata[i];

        /* A case waiting for its void's Undo to go is hidden */
        if (is_pending (self, joint_case))
          continue;
        n_shown += active;
        if ((g_strcmp0 (marrow_record_get_text (joint_case, "status"), "active") == 0) == active)
          gtk_list_box_append (self->cases_list, new_case_row (self, joint_case));
      }

  if (n_shown > 0)
    count = g_strdup_printf (ngettext ("%u case", "%u cases", n_shown), n_shown);
  adw_preferences_group_set_description (self->cases_group, count);
  return TRUE;
}

typedef struct
{
  MarrowRecord *record;
  char         *description;
} Shown;

static void
shown_free (Shown *shown)
{
  g_clear_object (&shown->record);
  g_free (shown->description);
  g_free (shown);
}

/* Remembers a row's record, so its void button finds it */
static void
remember (MarrowPatientPage *self,
          MarrowRecord      *record,
          const char        *description)
{
  Shown *shown = g_new0 (Shown, 1);

  shown->record = g_object_ref (record);
  shown->description = g_strdup (description);
  g_hash_table_replace (self->shown, g_strdup (marrow_record_get_id (record)), shown);
}

static GtkWidget *
new_void_button (MarrowRecord *record,
                 const char   *description,
                 const char   *action)
{
  GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                    "icon-name", "edit-delete-symbolic",
                                    "valign", GTK_ALIGN_CENTER,
                                    "tooltip-text", _("Enter in Error…"),
                                    "action-name", action,
                                    "css-classes", (const char *[]) { "flat", NULL },
                                    NULL);
  g_autofree char *label = NULL;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", marrow_record_get_id (record));
  /* Translators: the button that enters a record in error; %s describes the record */
  label = g_strdup_printf (_("Enter in Error: %s"), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_name (button, "void_button");
  return button;
}

/* A weight: "72.5 kg · 178 cm" over its day and method */
static GtkWidget *
new_weight_row (MarrowPatientPage *self,
                MarrowRecord      *weight)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *day = marrow_date_entry_format_date (marrow_record_get_text (weight, "measured_on"));
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *method = code_label (&marrow_entity_patient_weight, "method",
                                   marrow_record_get_text (weight, "method"));
  GtkWidget *row;

  /* Translators: a body weight in kilograms */
  g_string_printf (title, _("%.1f kg"), marrow_record_get_real (weight, "weight_kg"));
  if (!marrow_record_is_null (weight, "height_cm"))
    /* Translators: a height in centimetres, after the weight */
    g_string_append_printf (title, _(" · %.0f cm"), marrow_record_get_real (weight, "height_cm"));
  subtitle = method != NULL ? g_strdup_printf ("%s · %s", day, method) : g_strdup (day);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title->str,
                      "subtitle", subtitle,
                      "use-markup", FALSE,
                      "activatable", TRUE,
                      NULL);
  gtk_widget_set_name (row, marrow_record_get_id (weight));
  g_object_set_data_full (G_OBJECT (row), "marrow-record", g_object_ref (weight), g_object_unref);
  /* Translators: a weight row for a screen reader: the day, the weight */
  accessible = g_strdup_printf (_("%s: %s"), day, title->str);
  marrow_form_set_accessible_label (row, accessible);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_void_button (weight, accessible, "patient.void-entry"));
  remember (self, weight, accessible);
  return row;
}

static gboolean
show_weights (MarrowPatientPage  *self,
              GError            **error)
{
  MarrowListQuery query = {
    .order_by = "measured_on",
    .descending = TRUE,
    .filter_field = "patient_id",
    .filter_value = marrow_record_get_id (self->patient),
  };
  g_autoptr(GPtrArray) weights = NULL;

  marrow_list_box_remove_rows (self->weights_list);
  weights = marrow_store_find (self->store, &marrow_entity_patient_weight, &query, error);
  if (weights == NULL)
    return FALSE;
  for (guint i = 0; i < weights->len; i++)
    if (!is_pending (self, weights->pdata[i]))
      gtk_list_box_append (self->weights_list, new_weight_row (self, weights->pdata[i]));
  return TRUE;
}

/* The harvests and lots; the runs are reached from their lots */
static gboolean
show_chain (MarrowPatientPage  *self,
            GError            **error)
{
  g_autoptr(GListModel) entries = NULL;

  marrow_list_box_remove_rows (self->chain_list);
  entries = marrow_timeline_read_patient_chain (self->store, self->patient, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(MarrowTimelineEntry) entry = g_list_model_get_item (entries, i);
      MarrowRecord *record = marrow_timeline_entry_get_record (entry);

      if (marrow_timeline_entry_get_kind (entry) == MARROW_TIMELINE_PROCESSING_RUN ||
          is_pending (self, record))
        continue;
      remember (self, record, marrow_timeline_entry_get_summary (entry));
      gtk_list_box_append (self->chain_list, marrow_timeline_row_new (entry, "patient.void-entry"));
    }
  return TRUE;
}

static gboolean
show_all (MarrowPatientPage  *self,
          GError            **error)
{
  g_autoptr(GError) weights_error = NULL;
  g_autoptr(GError) chain_error = NULL;
  gboolean ok;

  g_hash_table_remove_all (self->shown);
  if (self->protocols == NULL)
    {
      g_autoptr(GError) protocols_error = NULL;

      /* Without protocols, an assessment's line shows every score */
      self->protocols = marrow_guidance_protocols_load (self->store, &protocols_error);
      if (self->protocols == NULL)
        g_warning ("Could not load the guidance protocols: %s", protocols_error->message);
    }

  show_demographics (self);
  ok = show_cases (self, error);
  if (!show_weights (self, &weights_error))
    {
      g_warning ("Could not read the weights of %s: %s", marrow_record_get_id (self->patient),
                 weights_error->message);
      if (ok)
        g_propagate_error (error, g_steal_pointer (&weights_error));
      ok = FALSE;
    }
  if (!show_chain (self, &chain_error))
    {
      g_warning ("Could not read the harvests of %s: %s", marrow_record_get_id (self->patient),
                 chain_error->message);
      if (ok)
        g_propagate_error (error, g_steal_pointer (&chain_error));
      ok = FALSE;
    }
  return ok;
}

/* After a save, a decision or a void: read everything again, keeping the
 * scroll position */
static void
reload_cb (MarrowPatientPage *self)
{
  g_autoptr(MarrowRecord) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adjustment;
  double position;

  g_assert (MARROW_IS_PATIENT_PAGE (self));

  if (self->patient == NULL || self->store == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  position = gtk_adjustment_get_value (adjustment);
  fresh = marrow_store_lookup (self->store, &marrow_entity_patient, marrow_record_get_id (self->patient),
                               &error);
  if (fresh != NULL)
    g_set_object (&self->patient, fresh);
  if (!show_all (self, &error))
    g_warning ("Could not read patient %s again: %s", marrow_record_get_id (self->patient),
               error->message);
  gtk_adjustment_set_value (adjustment, position);
}

static void
open_dialog (MarrowPatientPage *self,
             MarrowRecord      *record,
             gboolean           is_new,
             gboolean           for_patient)
{
  MarrowFormDialog *dialog;

  if (self->store == NULL || self->patient == NULL)
    return;
  if (for_patient)
    dialog = marrow_form_dialog_new_for_patient (parent_window (self), self->store, record, is_new,
                                                 marrow_record_get_id (self->patient));
  else
    dialog = marrow_form_dialog_new (parent_window (self), self->store, record, is_new);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (reload_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_new (MarrowPatientPage     *self,
          const MarrowEntityDef *entity)
{
  g_autoptr(MarrowRecord) record = marrow_record_new (entity);

  if (self->patient == NULL)
    return;
  if (marrow_entity_find_field (entity, "patient_id") != NULL)
    marrow_record_set_text (record, "patient_id", marrow_record_get_id (self->patient));
  open_dialog (self, record, TRUE, marrow_entity_find_field (entity, "patient_id") == NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (widget);

  if (self->patient != NULL)
    open_dialog (self, self->patient, FALSE, FALSE);
}

static void
add_weight_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_new (MARROW_PATIENT_PAGE (widget), &marrow_entity_patient_weight);
}

static void
add_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_new (MARROW_PATIENT_PAGE (widget), &marrow_entity_joint_case);
}

static void
add_harvest_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_new (MARROW_PATIENT_PAGE (widget), &marrow_entity_harvest);
}

static void
new_run_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_new (MARROW_PATIENT_PAGE (widget), &marrow_entity_processing_run);
}

static MarrowRecord *
case_of_row (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "marrow-joint-case");
}

static void
edit_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (widget);
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  joint_case = marrow_store_lookup (self->store, &marrow_entity_joint_case,
                                    g_variant_get_string (parameter, NULL), &error);
  if (joint_case == NULL)
    {
      g_warning ("Could not read the case: %s", error->message);
      return;
    }
  open_dialog (self, joint_case, FALSE, FALSE);
}

static void
void_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (widget);
  Shown *shown = g_hash_table_lookup (self->shown, g_variant_get_string (parameter, NULL));
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (shown == NULL || self->voids == NULL || overlay == NULL)
    return;
  marrow_timeline_voids_ask (self->voids, parent_window (self), ADW_TOAST_OVERLAY (overlay), self->store,
                             shown->record, shown->description);
}

/* What was entered in a joint case: the records that name it.  Entered in
 * error with the case (docs/forms.md), one change set. */
static GPtrArray *
records_of_case (MarrowPatientPage  *self,
                 MarrowRecord       *joint_case,
                 GError            **error)
{
  static const MarrowEntityDef *const entities[] = {
    &marrow_entity_prior_treatment,
    &marrow_entity_injection,
    &marrow_entity_assessment,
    &marrow_entity_adverse_event,
    &marrow_entity_guidance_decision,
  };
  MarrowListQuery query = {
    .filter_field = "joint_case_id",
    .filter_value = marrow_record_get_id (joint_case),
  };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autoptr(GPtrArray) found = marrow_store_find (self->store, entities[i], &query, error);

      if (found == NULL)
        return NULL;
      for (guint j = 0; j < found->len; j++)
        g_ptr_array_add (records, g_object_ref (found->pdata[j]));
    }
  return g_steal_pointer (&records);
}

static void
void_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (widget);
  Shown *shown = g_hash_table_lookup (self->shown, g_variant_get_string (parameter, NULL));
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autoptr(GPtrArray) also = NULL;
  g_autoptr(GError) error = NULL;

  if (shown == NULL || self->voids == NULL || overlay == NULL || self->store == NULL)
    return;
  also = records_of_case (self, shown->record, &error);
  if (also == NULL)
    {
      g_warning ("Could not read the records of case %s: %s", marrow_record_get_id (shown->record),
                 error->message);
      return;
    }
  marrow_timeline_voids_ask_all (self->voids, parent_window (self), ADW_TOAST_OVERLAY (overlay),
                                 self->store, shown->record, also, shown->description);
}

static void
case_activated_cb (MarrowPatientPage *self,
                   GtkListBoxRow     *row,
                   GtkListBox        *list)
{
  MarrowRecord *joint_case = case_of_row (GTK_WIDGET (row));

  g_assert (MARROW_IS_PATIENT_PAGE (self));

  if (joint_case != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, joint_case);
}

static void
weight_activated_cb (MarrowPatientPage *self,
                     GtkListBoxRow     *row,
                     GtkListBox        *list)
{
  MarrowRecord *weight = g_object_get_data (G_OBJECT (row), "marrow-record");
  g_autoptr(MarrowRecord) stored = NULL;

  g_assert (MARROW_IS_PATIENT_PAGE (self));

  if (weight == NULL || self->store == NULL)
    return;
  stored = marrow_store_lookup (self->store, &marrow_entity_patient_weight, marrow_record_get_id (weight),
                                NULL);
  if (stored != NULL)
    open_dialog (self, stored, FALSE, FALSE);
}

static void
chain_activated_cb (MarrowPatientPage *self,
                    GtkListBoxRow     *row,
                    GtkListBox        *list)
{
  MarrowTimelineEntry *entry = marrow_timeline_row_get_entry (GTK_WIDGET (row));
  MarrowFormDialog *dialog;
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_PATIENT_PAGE (self));

  if (entry == NULL || self->store == NULL || !marrow_timeline_entry_can_open (entry))
    return;
  dialog = marrow_timeline_entry_open (entry, parent_window (self), self->store, &error);
  if (dialog == NULL)
    {
      g_warning ("Could not open %s: %s", marrow_timeline_entry_get_summary (entry), error->message);
      return;
    }
  g_signal_connect_object (dialog, "saved", G_CALLBACK (reload_cb), self, G_CONNECT_SWAPPED);
}

static void
marrow_patient_page_dispose (GObject *object)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (object);

  if (self->voids != NULL)
    g_signal_handlers_disconnect_by_func (self->voids, reload_cb, self);
  g_clear_object (&self->voids);
  g_clear_object (&self->patient);
  g_clear_object (&self->protocols);
  g_clear_object (&self->store);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_PATIENT_PAGE);

  G_OBJECT_CLASS (marrow_patient_page_parent_class)->dispose (object);
}

static void
marrow_patient_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_PATIENT:
      g_value_set_object (value, marrow_patient_page_get_patient (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_patient_page_class_init (MarrowPatientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_patient_page_dispose;
  object_class->get_property = marrow_patient_page_get_property;

  /**
   * MarrowPatientPage:patient: (nullable)
   *
   * The patient shown, as read when it was shown.
   */
  properties[PROP_PATIENT] =
    g_param_spec_object ("patient", NULL, NULL,
                         MARROW_TYPE_RECORD,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MarrowPatientPage::open-case:
   * @joint_case: the case the user opened
   */
  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, MARROW_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-patient-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, dob_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, dob_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, sex_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, sex_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, mrn_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, mrn_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, cases_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, cases_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, weights_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientPage, chain_list);
  gtk_widget_class_bind_template_child_full (widget_class, "edit_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "add_case_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "add_weight_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "add_harvest_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "new_run_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "patient.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "patient.add-weight", NULL, add_weight_action);
  gtk_widget_class_install_action (widget_class, "patient.add-case", NULL, add_case_action);
  gtk_widget_class_install_action (widget_class, "patient.add-harvest", NULL, add_harvest_action);
  gtk_widget_class_install_action (widget_class, "patient.new-run", NULL, new_run_action);
  gtk_widget_class_install_action (widget_class, "patient.edit-case", "s", edit_case_action);
  gtk_widget_class_install_action (widget_class, "patient.void-entry", "s", void_entry_action);
  gtk_widget_class_install_action (widget_class, "patient.void-case", "s", void_case_action);
}

static GtkWidget *
new_placeholder (const char *text)
{
  return g_object_new (GTK_TYPE_LABEL,
                       "label", text,
                       "margin-top", 18,
                       "margin-bottom", 18,
                       "css-classes", (const char *[]) { "dim-label", NULL },
                       NULL);
}

static void
marrow_patient_page_init (MarrowPatientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Edit…, Add Case … read once, by their .ui names */
  marrow_form_name_buttons_once (GTK_WIDGET (self));
  /* The bin's own child: not a bound template child, which
   * gtk_widget_dispose_template() would drop under AdwBin */
  self->scroller = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)));

  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)shown_free);
  gtk_list_box_set_placeholder (self->cases_list, new_placeholder (_("No joint cases yet")));
  gtk_list_box_set_placeholder (self->weights_list, new_placeholder (_("No weight recorded yet")));
  gtk_list_box_set_placeholder (self->chain_list, new_placeholder (_("No harvests or product lots yet")));
  g_signal_connect_object (self->cases_list, "row-activated", G_CALLBACK (case_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->weights_list, "row-activated", G_CALLBACK (weight_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chain_list, "row-activated", G_CALLBACK (chain_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * marrow_patient_page_new:
 *
 * Returns: (transfer full): a page that shows no patient yet
 */
GtkWidget *
marrow_patient_page_new (void)
{
  return g_object_new (MARROW_TYPE_PATIENT_PAGE, NULL);
}

/**
 * marrow_patient_page_get_patient:
 *
 * Returns: (transfer none) (nullable): the patient shown
 */
MarrowRecord *
marrow_patient_page_get_patient (MarrowPatientPage *self)
{
  g_return_val_if_fail (MARROW_IS_PATIENT_PAGE (self), NULL);

  return self->patient;
}

/**
 * marrow_patient_page_set_voids:
 * @voids: (nullable): the window's pending voids
 *
 * Weight, harvest and lot rows get a button that enters their record in
 * error through @voids.
 */
void
marrow_patient_page_set_voids (MarrowPatientPage   *self,
                               MarrowTimelineVoids *voids)
{
  g_return_if_fail (MARROW_IS_PATIENT_PAGE (self));
  g_return_if_fail (voids == NULL || MARROW_IS_TIMELINE_VOIDS (voids));

  if (self->voids != NULL)
    g_signal_handlers_disconnect_by_func (self->voids, reload_cb, self);
  g_set_object (&self->voids, voids);
  if (voids != NULL)
    g_signal_connect_object (voids, "changed", G_CALLBACK (reload_cb), self, G_CONNECT_SWAPPED);
}

/**
 * marrow_patient_page_show:
 * @store: the store to read the patient's records from
 * @patient: a patient record
 * @error: return location for a #GError
 *
 * Shows @patient with their cases, weights, harvests and lots as stored now.
 *
 * Returns: %FALSE if a part could not be read (the rest is shown all the
 *   same, and the cases group says what failed)
 */
gboolean
marrow_patient_page_show (MarrowPatientPage  *self,
                          MarrowStore        *store,
                          MarrowRecord       *patient,
                          GError            **error)
{
  g_return_val_if_fail (MARROW_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (patient), FALSE);
  g_return_val_if_fail (marrow_record_get_entity (patient) == &marrow_entity_patient, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store != store)
    {
      g_clear_object (&self->protocols);
      g_set_object (&self->store, store);
    }
  if (g_set_object (&self->patient, patient))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT]);

  return show_all (self, error);
}
