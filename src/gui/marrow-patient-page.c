/* marrow-patient-page.c: a patient's summary in the window's content area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window shows for the patient selected in the sidebar: the name,
 * the demographics that identify the patient (date of birth with age, sex,
 * medical record number) and the joint cases with their joint, side,
 * diagnosis and status.  Everything is read from the store when the
 * patient is shown.
 */
#define G_LOG_DOMAIN "marrow-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-patient-page.h"
#include "marrow-patient-row.h"
#include "marrow-time.h"

struct _MarrowPatientPage
{
  AdwBin          parent_instance;

  MarrowRecord   *patient;

  /* template children */
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
};

G_DEFINE_FINAL_TYPE (MarrowPatientPage, marrow_patient_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PATIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static char *
case_title (MarrowRecord *joint_case)
{
  const char *side = marrow_record_get_text (joint_case, "side");
  const char *site = code_label (&marrow_entity_joint_case, "site",
                                 marrow_record_get_text (joint_case, "site"));

  if (site == NULL)
    site = _("Unknown site");
  if (g_strcmp0 (side, "left") == 0)
    /* Translators: a joint case on the left side; %s is the site, e.g. "Knee" */
    return g_strdup_printf (C_("joint case", "Left %s"), site);
  if (g_strcmp0 (side, "right") == 0)
    /* Translators: a joint case on the right side; %s is the site, e.g. "Knee" */
    return g_strdup_printf (C_("joint case", "Right %s"), site);
  return g_strdup (site);
}

static GtkWidget *
new_case_row (MarrowRecord *joint_case)
{
  g_autofree char *title = case_title (joint_case);
  g_autofree char *diagnosis = NULL;
  g_autofree char *accessible = NULL;
  const char *code = marrow_record_get_text (joint_case, "diagnosis_code");
  const char *text = marrow_record_get_text (joint_case, "diagnosis_text");
  const char *status_code = marrow_record_get_text (joint_case, "status");
  const char *status = code_label (&marrow_entity_joint_case, "status", status_code);
  GtkWidget *row;
  GtkWidget *status_label;

  if (code != NULL && *code != '\0' && text != NULL && *text != '\0')
    /* Translators: a diagnosis: its code, then its text, e.g. "M17.12 · Primary
     * osteoarthritis, left knee" */
    diagnosis = g_strdup_printf (C_("diagnosis", "%s · %s"), code, text);
  else
    diagnosis = g_strdup (text != NULL && *text != '\0' ? text : code);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title,
                      "subtitle", diagnosis,
                      "title-lines", 1,
                      "subtitle-lines", 2,
                      "use-markup", FALSE,
                      NULL);

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

  /* Translators: what a screen reader says for a joint case: the joint and
   * side, the diagnosis and the status */
  accessible = g_strdup_printf (_("%s, %s, %s"), title, diagnosis != NULL ? diagnosis : "", status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
clear_cases (MarrowPatientPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cases_list))) != NULL)
    gtk_list_box_remove (self->cases_list, child);
}

static gboolean
show_cases (MarrowPatientPage  *self,
            MarrowStore        *store,
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

  clear_cases (self);
  cases = marrow_store_find (store, &marrow_entity_joint_case, &query, &local_error);
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

        if ((g_strcmp0 (marrow_record_get_text (joint_case, "status"), "active") == 0) == active)
          gtk_list_box_append (self->cases_list, new_case_row (joint_case));
      }

  if (cases->len > 0)
    count = g_strdup_printf (ngettext ("%u case", "%u cases", cases->len), cases->len);
  adw_preferences_group_set_description (self->cases_group, count);
  return TRUE;
}

static void
marrow_patient_page_dispose (GObject *object)
{
  MarrowPatientPage *self = MARROW_PATIENT_PAGE (object);

  g_clear_object (&self->patient);
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
}

static void
marrow_patient_page_init (MarrowPatientPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = g_object_new (GTK_TYPE_LABEL,
                              "label", _("No joint cases yet"),
                              "margin-top", 18,
                              "margin-bottom", 18,
                              "css-classes", (const char *[]) { "dim-label", NULL },
                              NULL);
  gtk_list_box_set_placeholder (self->cases_list, placeholder);
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
 * marrow_patient_page_show:
 * @store: the store to read the patient's cases from
 * @patient: a patient record
 * @error: return location for a #GError
 *
 * Shows @patient with their joint cases as stored now.
 *
 * Returns: %FALSE if the cases could not be read (the demographics are
 *   shown all the same)
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

  if (g_set_object (&self->patient, patient))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT]);

  show_demographics (self);
  return show_cases (self, store, error);
}
