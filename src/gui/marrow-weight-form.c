/* marrow-weight-form.c: the form of a dated weight (and height) of a patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller presets patient_id.  A new weight is measured today unless
 * the user says otherwise.
 */
#define G_LOG_DOMAIN "marrow-weight-form"

#include "config.h"

#include "marrow-date-entry.h"
#include "marrow-time.h"
#include "marrow-weight-form.h"

struct _MarrowWeightForm
{
  MarrowForm  parent_instance;

  GtkWidget  *measured_on_entry;
  GtkWidget  *weight_kg_row;
  GtkWidget  *height_cm_row;
  GtkWidget  *method_row;
};

G_DEFINE_FINAL_TYPE (MarrowWeightForm, marrow_weight_form, MARROW_TYPE_FORM)

static gboolean
marrow_weight_form_prepare (MarrowForm    *form,
                            MarrowStore   *store,
                            MarrowRecord  *record,
                            gboolean       is_new,
                            GError       **error)
{
  MarrowWeightForm *self = MARROW_WEIGHT_FORM (form);

  marrow_form_bind (form, "measured_on", self->measured_on_entry);
  marrow_form_bind (form, "weight_kg", self->weight_kg_row);
  marrow_form_bind (form, "height_cm", self->height_cm_row);
  marrow_form_bind (form, "method", self->method_row);

  if (is_new && marrow_record_is_null (record, "measured_on"))
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      g_autofree char *date = marrow_date_format (today);

      marrow_record_set_text (record, "measured_on", date);
    }
  if (is_new && marrow_record_is_null (record, "method"))
    marrow_record_set_text (record, "method", "measured");
  return TRUE;
}

static void
marrow_weight_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_WEIGHT_FORM);

  G_OBJECT_CLASS (marrow_weight_form_parent_class)->dispose (object);
}

static void
marrow_weight_form_class_init (MarrowWeightFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_weight_form_dispose;
  MARROW_FORM_CLASS (klass)->prepare = marrow_weight_form_prepare;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-weight-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowWeightForm, measured_on_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowWeightForm, weight_kg_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowWeightForm, height_cm_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowWeightForm, method_row);
}

static void
marrow_weight_form_init (MarrowWeightForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
