/* marrow-lot-aliquot-form.c: one aliquot of a product lot, edited inside the lot's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A product_aliquot in an expander row titled "Aliquot 2", its label and
 * status below.  The lot form presets lot_id, aliquot_no and the status
 * (quarantine): the status then moves only along the state machine
 * (release, rejection, injection), and the label is issued by the store.
 */
#define G_LOG_DOMAIN "marrow-lot-aliquot-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-lot-aliquot-form.h"

struct _MarrowLotAliquotForm
{
  MarrowForm  parent_instance;

  GtkWidget  *expander;
  GtkWidget  *container_row;
  GtkWidget  *volume_ml_row;
  GtkWidget  *storage_location_row;
};

G_DEFINE_FINAL_TYPE (MarrowLotAliquotForm, marrow_lot_aliquot_form, MARROW_TYPE_FORM)

static void
marrow_lot_aliquot_form_show_record (MarrowForm   *form,
                                     MarrowRecord *record)
{
  MarrowLotAliquotForm *self = MARROW_LOT_ALIQUOT_FORM (form);
  const MarrowFieldDef *status = marrow_entity_find_field (&marrow_entity_product_aliquot, "status");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an aliquot of a lot, %d is its number */
  title = g_strdup_printf (_("Aliquot %d"), (int)marrow_record_get_int (record, "aliquot_no"));
  /* Translators: an aliquot's label and status, "MRW0126000123W-L1-02 · Released" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              marrow_record_get_text (record, "label") ?: _("label issued on saving"),
                              marrow_form_code_label (status, marrow_record_get_text (record, "status") ?: ""));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->expander), subtitle);
}

static gboolean
marrow_lot_aliquot_form_prepare (MarrowForm    *form,
                                 MarrowStore   *store,
                                 MarrowRecord  *record,
                                 gboolean       is_new,
                                 GError       **error)
{
  MarrowLotAliquotForm *self = MARROW_LOT_ALIQUOT_FORM (form);

  marrow_form_bind (form, "container", self->container_row);
  marrow_form_bind (form, "volume_ml", self->volume_ml_row);
  marrow_form_bind (form, "storage_location", self->storage_location_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->expander), is_new);
  return TRUE;
}

static void
marrow_lot_aliquot_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_LOT_ALIQUOT_FORM);

  G_OBJECT_CLASS (marrow_lot_aliquot_form_parent_class)->dispose (object);
}

static void
marrow_lot_aliquot_form_class_init (MarrowLotAliquotFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_lot_aliquot_form_dispose;
  form_class->prepare = marrow_lot_aliquot_form_prepare;
  form_class->show_record = marrow_lot_aliquot_form_show_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-lot-aliquot-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowLotAliquotForm, expander);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotAliquotForm, container_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotAliquotForm, volume_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotAliquotForm, storage_location_row);
}

static void
marrow_lot_aliquot_form_init (MarrowLotAliquotForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * marrow_lot_aliquot_form_new:
 *
 * Returns: (transfer floating): a form for one product_aliquot
 */
MarrowForm *
marrow_lot_aliquot_form_new (void)
{
  return g_object_new (MARROW_TYPE_LOT_ALIQUOT_FORM, NULL);
}
