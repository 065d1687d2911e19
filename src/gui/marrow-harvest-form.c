/* marrow-harvest-form.c: the form of a tissue harvest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller presets patient_id.  The chain-of-identity ID is issued by the
 * store when the harvest is first saved (docs/chain-of-identity.md §1.3), so
 * the form only shows it.  Times are typed in the workstation's local time;
 * the harvest keeps the workstation's time zone in tz so that reports show
 * the time the staff saw.  The operator is preset to the acting user.
 */
#define G_LOG_DOMAIN "marrow-harvest-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-date-entry.h"
#include "marrow-harvest-form.h"
#include "marrow-local-zone.h"

struct _MarrowHarvestForm
{
  MarrowForm  parent_instance;

  GtkWidget  *coi_id_row;
  GtkWidget  *tissue_row;
  GtkWidget  *anatomic_site_row;
  GtkWidget  *harvest_side_row;
  GtkWidget  *started_at_entry;
  GtkWidget  *ended_at_entry;
  GtkWidget  *volume_collected_ml_row;
  GtkWidget  *operator_id_row;
  GtkWidget  *assistant_id_row;
  GtkWidget  *anesthesia_row;
  GtkWidget  *anticoagulant_row;
  GtkWidget  *heparin_u_per_ml_row;
  GtkWidget  *acd_ratio_row;
  GtkWidget  *received_by_lab_at_entry;
};

G_DEFINE_FINAL_TYPE (MarrowHarvestForm, marrow_harvest_form, MARROW_TYPE_FORM)

static void
marrow_harvest_form_show_record (MarrowForm   *form,
                                 MarrowRecord *record)
{
  MarrowHarvestForm *self = MARROW_HARVEST_FORM (form);
  const char *coi_id = marrow_record_get_text (record, "coi_id");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->coi_id_row),
                               coi_id != NULL ? coi_id : _("Issued when the harvest is saved"));
}

static void
marrow_harvest_form_read_record (MarrowForm   *form,
                                 MarrowRecord *record)
{
  g_autofree char *zone = NULL;

  if (marrow_record_is_null (record, "tz") && (zone = marrow_local_zone_name ()) != NULL)
    marrow_record_set_text (record, "tz", zone);
}

static gboolean
marrow_harvest_form_prepare (MarrowForm    *form,
                             MarrowStore   *store,
                             MarrowRecord  *record,
                             gboolean       is_new,
                             GError       **error)
{
  MarrowHarvestForm *self = MARROW_HARVEST_FORM (form);

  marrow_form_bind (form, "tissue", self->tissue_row);
  marrow_form_bind (form, "anatomic_site", self->anatomic_site_row);
  marrow_form_bind (form, "harvest_side", self->harvest_side_row);
  marrow_form_bind (form, "started_at", self->started_at_entry);
  marrow_form_bind (form, "ended_at", self->ended_at_entry);
  marrow_form_bind (form, "volume_collected_ml", self->volume_collected_ml_row);
  if (!marrow_form_bind_reference (form, "operator_id", ADW_COMBO_ROW (self->operator_id_row),
                                   "active", "1", error) ||
      !marrow_form_bind_reference (form, "assistant_id", ADW_COMBO_ROW (self->assistant_id_row),
                                   "active", "1", error))
    return FALSE;
  marrow_form_bind (form, "anesthesia", self->anesthesia_row);
  marrow_form_bind (form, "anticoagulant", self->anticoagulant_row);
  marrow_form_bind (form, "heparin_u_per_ml", self->heparin_u_per_ml_row);
  marrow_form_bind (form, "acd_ratio", self->acd_ratio_row);
  marrow_form_bind (form, "received_by_lab_at", self->received_by_lab_at_entry);

  if (is_new && marrow_record_is_null (record, "operator_id") &&
      marrow_store_get_staff_id (store) != NULL)
    marrow_record_set_text (record, "operator_id", marrow_store_get_staff_id (store));
  return TRUE;
}

static void
marrow_harvest_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_HARVEST_FORM);

  G_OBJECT_CLASS (marrow_harvest_form_parent_class)->dispose (object);
}

static void
marrow_harvest_form_class_init (MarrowHarvestFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_harvest_form_dispose;
  form_class->prepare = marrow_harvest_form_prepare;
  form_class->show_record = marrow_harvest_form_show_record;
  form_class->read_record = marrow_harvest_form_read_record;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-harvest-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, coi_id_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, tissue_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, anatomic_site_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, harvest_side_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, started_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, ended_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, volume_collected_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, operator_id_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, assistant_id_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, anesthesia_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, anticoagulant_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, heparin_u_per_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, acd_ratio_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowHarvestForm, received_by_lab_at_entry);
}

static void
marrow_harvest_form_init (MarrowHarvestForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
