/* marrow-adverse-event-form.c: the form of an adverse event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller presets patient_id (and may preset a link, such as the
 * injection the event followed).  The links offer only the patient's own
 * cases, injections, harvests and lots.  The seriousness criteria are a set
 * the core stores as comma-separated codes; the form shows one check box
 * per criterion while the event is serious.
 */
#define G_LOG_DOMAIN "marrow-adverse-event-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-adverse-event-form.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"

struct _MarrowAdverseEventForm
{
  MarrowForm  parent_instance;

  GtkWidget  *onset_date_entry;
  GtkWidget  *category_row;
  GtkWidget  *description_row;
  GtkWidget  *detected_via_row;
  GtkWidget  *severity_ctcae_row;
  GtkWidget  *serious_switch;
  GtkWidget  *serious_criteria_row;
  GtkWidget  *expectedness_row;
  GtkWidget  *action_taken_row;
  GtkWidget  *joint_case_id_row;
  GtkWidget  *injection_id_row;
  GtkWidget  *harvest_id_row;
  GtkWidget  *product_lot_id_row;
  GtkWidget  *unrelated_general_switch;
  GtkWidget  *relatedness_row;
  GtkWidget  *adjudicated_by_row;
  GtkWidget  *adjudicated_at_entry;
  GtkWidget  *outcome_row;
  GtkWidget  *resolved_date_entry;

  GPtrArray  *criteria_checks;  /* GtkCheckButton, in the order of the codes */
};

G_DEFINE_FINAL_TYPE (MarrowAdverseEventForm, marrow_adverse_event_form, MARROW_TYPE_FORM)

static void
on_criterion_toggled (MarrowAdverseEventForm *self)
{
  marrow_form_changed (MARROW_FORM (self));
}

static void
add_criteria_rows (MarrowAdverseEventForm *self)
{
  const MarrowFieldDef *field = marrow_entity_find_field (&marrow_entity_adverse_event,
                                                          "serious_criteria");

  for (guint i = 0; marrow_ae_serious_criteria_values[i] != NULL; i++)
    {
      const char *label = marrow_form_code_label (field, marrow_ae_serious_criteria_values[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* Named by the row's title, as its activatable widget (a label as
       * well would be read twice) */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self->serious_criteria_row), row);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_criterion_toggled), self);
      g_ptr_array_add (self->criteria_checks, check);
    }
}

static void
marrow_adverse_event_form_show_record (MarrowForm   *form,
                                       MarrowRecord *record)
{
  MarrowAdverseEventForm *self = MARROW_ADVERSE_EVENT_FORM (form);
  const char *text = marrow_record_get_text (record, "serious_criteria");
  g_auto(GStrv) codes = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; i < self->criteria_checks->len; i++)
    {
      GtkCheckButton *check = self->criteria_checks->pdata[i];

      g_signal_handlers_block_by_func (check, on_criterion_toggled, self);
      gtk_check_button_set_active (check, g_strv_contains ((const char * const *)codes,
                                                           marrow_ae_serious_criteria_values[i]));
      g_signal_handlers_unblock_by_func (check, on_criterion_toggled, self);
    }
}

static void
marrow_adverse_event_form_read_record (MarrowForm   *form,
                                       MarrowRecord *record)
{
  MarrowAdverseEventForm *self = MARROW_ADVERSE_EVENT_FORM (form);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;

  /* Criteria belong to a serious event only */
  if (gtk_switch_get_active (GTK_SWITCH (self->serious_switch)))
    for (guint i = 0; i < self->criteria_checks->len; i++)
      if (gtk_check_button_get_active (self->criteria_checks->pdata[i]))
        g_strv_builder_add (builder, marrow_ae_serious_criteria_values[i]);

  codes = g_strv_builder_end (builder);
  if (codes[0] == NULL)
    marrow_record_set_null (record, "serious_criteria");
  else
    {
      g_autofree char *text = g_strjoinv (",", codes);

      marrow_record_set_text (record, "serious_criteria", text);
    }
}

/* The injections of the patient's cases, newest first within each case */
static gboolean
bind_injections (MarrowAdverseEventForm  *self,
                 MarrowStore             *store,
                 const char              *patient_id,
                 GError                 **error)
{
  MarrowListQuery case_query = { .filter_field = "patient_id", .filter_value = patient_id };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  cases = marrow_store_find (store, &marrow_entity_joint_case, &case_query, error);
  if (cases == NULL)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      MarrowListQuery query = { .filter_field = "joint_case_id",
                                .filter_value = marrow_record_get_id (cases->pdata[i]),
                                .order_by = "performed_at", .descending = TRUE };
      g_autoptr(GPtrArray) injections = marrow_store_find (store, &marrow_entity_injection,
                                                           &query, error);
      g_autofree char *joint = NULL;

      if (injections == NULL)
        return FALSE;
      joint = marrow_form_describe_record (cases->pdata[i]);
      for (guint j = 0; j < injections->len; j++)
        {
          g_autofree char *when = marrow_form_describe_record (injections->pdata[j]);

          g_ptr_array_add (codes, g_strdup (marrow_record_get_id (injections->pdata[j])));
          /* Translators: an injection and its joint case */
          g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), when, joint));
        }
    }
  g_ptr_array_add (codes, NULL);
  g_ptr_array_add (labels, NULL);
  marrow_form_bind_choices (MARROW_FORM (self), "injection_id",
                            ADW_COMBO_ROW (self->injection_id_row),
                            (const char * const *)codes->pdata, (const char * const *)labels->pdata);
  return TRUE;
}

static void
bind_severity (MarrowAdverseEventForm *self)
{
  static const char * const codes[] = { "1", "2", "3", "4", "5", NULL };
  const char *labels[] = {
    _("1 — mild"),
    _("2 — moderate"),
    _("3 — severe"),
    _("4 — life-threatening"),
    _("5 — death"),
    NULL
  };

  marrow_form_bind_choices (MARROW_FORM (self), "severity_ctcae",
                            ADW_COMBO_ROW (self->severity_ctcae_row), codes, labels);
}

static gboolean
marrow_adverse_event_form_prepare (MarrowForm    *form,
                                   MarrowStore   *store,
                                   MarrowRecord  *record,
                                   gboolean       is_new,
                                   GError       **error)
{
  MarrowAdverseEventForm *self = MARROW_ADVERSE_EVENT_FORM (form);
  const char *patient_id = marrow_record_get_text (record, "patient_id");

  marrow_form_bind (form, "onset_date", self->onset_date_entry);
  marrow_form_bind (form, "category", self->category_row);
  marrow_form_bind (form, "description", self->description_row);
  marrow_form_bind (form, "detected_via", self->detected_via_row);
  bind_severity (self);
  marrow_form_bind (form, "serious", self->serious_switch);
  marrow_form_bind_message (form, "serious_criteria", self->serious_criteria_row);
  marrow_form_bind (form, "expectedness", self->expectedness_row);
  marrow_form_bind (form, "action_taken", self->action_taken_row);
  if (!marrow_form_bind_reference (form, "joint_case_id", ADW_COMBO_ROW (self->joint_case_id_row),
                                   "patient_id", patient_id, error) ||
      !bind_injections (self, store, patient_id, error) ||
      !marrow_form_bind_reference (form, "harvest_id", ADW_COMBO_ROW (self->harvest_id_row),
                                   "patient_id", patient_id, error) ||
      !marrow_form_bind_reference (form, "product_lot_id", ADW_COMBO_ROW (self->product_lot_id_row),
                                   "source_patient_id", patient_id, error) ||
      !marrow_form_bind_reference (form, "adjudicated_by", ADW_COMBO_ROW (self->adjudicated_by_row),
                                   "active", "1", error))
    return FALSE;
  marrow_form_bind (form, "unrelated_general", self->unrelated_general_switch);
  marrow_form_bind (form, "relatedness", self->relatedness_row);
  marrow_form_bind (form, "adjudicated_at", self->adjudicated_at_entry);
  marrow_form_bind (form, "outcome", self->outcome_row);
  marrow_form_bind (form, "resolved_date", self->resolved_date_entry);
  return TRUE;
}

static void
marrow_adverse_event_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_ADVERSE_EVENT_FORM);

  G_OBJECT_CLASS (marrow_adverse_event_form_parent_class)->dispose (object);
}

static void
marrow_adverse_event_form_finalize (GObject *object)
{
  MarrowAdverseEventForm *self = MARROW_ADVERSE_EVENT_FORM (object);

  g_ptr_array_unref (self->criteria_checks);

  G_OBJECT_CLASS (marrow_adverse_event_form_parent_class)->finalize (object);
}

static void
marrow_adverse_event_form_class_init (MarrowAdverseEventFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_adverse_event_form_dispose;
  object_class->finalize = marrow_adverse_event_form_finalize;
  form_class->prepare = marrow_adverse_event_form_prepare;
  form_class->show_record = marrow_adverse_event_form_show_record;
  form_class->read_record = marrow_adverse_event_form_read_record;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-adverse-event-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MarrowAdverseEventForm, name)
  BIND (onset_date_entry);
  BIND (category_row);
  BIND (description_row);
  BIND (detected_via_row);
  BIND (severity_ctcae_row);
  BIND (serious_switch);
  BIND (serious_criteria_row);
  BIND (expectedness_row);
  BIND (action_taken_row);
  BIND (joint_case_id_row);
  BIND (injection_id_row);
  BIND (harvest_id_row);
  BIND (product_lot_id_row);
  BIND (unrelated_general_switch);
  BIND (relatedness_row);
  BIND (adjudicated_by_row);
  BIND (adjudicated_at_entry);
  BIND (outcome_row);
  BIND (resolved_date_entry);
#undef BIND
}

static void
marrow_adverse_event_form_init (MarrowAdverseEventForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->criteria_checks = g_ptr_array_new ();
  add_criteria_rows (self);
}
