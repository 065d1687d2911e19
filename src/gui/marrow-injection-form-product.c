/* marrow-injection-form-product.c: the product given in an injection, inside its form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The injection_product record of the injection form: how much of the
 * chosen aliquot was given, and what happened to the rest.  The injection
 * form chooses the aliquot itself (only those the core allows) and writes
 * aliquot_id; it saves the product with the injection through the
 * injection service, so this form never saves on its own.
 */
#define G_LOG_DOMAIN "marrow-injection-form-product"

#include "config.h"

#include "marrow-injection-form-product.h"

struct _MarrowInjectionFormProduct
{
  MarrowForm  parent_instance;

  GtkWidget  *volume_injected_ml_row;
  GtkWidget  *entire_unit_given_switch;
  GtkWidget  *remainder_fate_row;
  GtkWidget  *remainder_reason_row;
};

G_DEFINE_FINAL_TYPE (MarrowInjectionFormProduct, marrow_injection_form_product, MARROW_TYPE_FORM)

static void
marrow_injection_form_product_read_record (MarrowForm   *form,
                                           MarrowRecord *record)
{
  MarrowInjectionFormProduct *self = MARROW_INJECTION_FORM_PRODUCT (form);
  gboolean entire = gtk_switch_get_active (GTK_SWITCH (self->entire_unit_given_switch));

  /* What happened to the rest matters only when some was left */
  gtk_widget_set_visible (self->remainder_fate_row, !entire);
  gtk_widget_set_visible (self->remainder_reason_row, !entire);
}

static gboolean
marrow_injection_form_product_prepare (MarrowForm    *form,
                                       MarrowStore   *store,
                                       MarrowRecord  *record,
                                       gboolean       is_new,
                                       GError       **error)
{
  MarrowInjectionFormProduct *self = MARROW_INJECTION_FORM_PRODUCT (form);

  marrow_form_bind (form, "volume_injected_ml", self->volume_injected_ml_row);
  marrow_form_bind (form, "entire_unit_given", self->entire_unit_given_switch);
  marrow_form_bind (form, "remainder_fate", self->remainder_fate_row);
  marrow_form_bind (form, "remainder_reason", self->remainder_reason_row);
  if (is_new && marrow_record_is_null (record, "entire_unit_given"))
    marrow_record_set_bool (record, "entire_unit_given", TRUE);
  return TRUE;
}

static void
marrow_injection_form_product_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_INJECTION_FORM_PRODUCT);

  G_OBJECT_CLASS (marrow_injection_form_product_parent_class)->dispose (object);
}

static void
marrow_injection_form_product_class_init (MarrowInjectionFormProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_injection_form_product_dispose;
  form_class->prepare = marrow_injection_form_product_prepare;
  form_class->read_record = marrow_injection_form_product_read_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-injection-form-product.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowInjectionFormProduct, volume_injected_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowInjectionFormProduct, entire_unit_given_switch);
  gtk_widget_class_bind_template_child (widget_class, MarrowInjectionFormProduct, remainder_fate_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowInjectionFormProduct, remainder_reason_row);
}

static void
marrow_injection_form_product_init (MarrowInjectionFormProduct *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
