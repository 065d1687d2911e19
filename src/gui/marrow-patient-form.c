/* marrow-patient-form.c: the form of a patient's demographics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every control maps to one field of "patient"; the base class does the rest
 * (marrow-form.c).
 */
#define G_LOG_DOMAIN "marrow-patient-form"

#include "config.h"

#include "marrow-date-entry.h"
#include "marrow-patient-form.h"

struct _MarrowPatientForm
{
  MarrowForm  parent_instance;

  GtkWidget  *local_id_row;
  GtkWidget  *family_name_row;
  GtkWidget  *given_names_row;
  GtkWidget  *dob_entry;
  GtkWidget  *sex_row;
  GtkWidget  *phone_row;
  GtkWidget  *email_row;
  GtkWidget  *address_line_row;
  GtkWidget  *address_postal_code_row;
  GtkWidget  *address_city_row;
  GtkWidget  *address_country_row;
  GtkWidget  *do_not_contact_switch;
  GtkWidget  *note_row;
};

G_DEFINE_FINAL_TYPE (MarrowPatientForm, marrow_patient_form, MARROW_TYPE_FORM)

static gboolean
marrow_patient_form_prepare (MarrowForm    *form,
                             MarrowStore   *store,
                             MarrowRecord  *record,
                             gboolean       is_new,
                             GError       **error)
{
  MarrowPatientForm *self = MARROW_PATIENT_FORM (form);

  marrow_form_bind (form, "local_id", self->local_id_row);
  marrow_form_bind (form, "family_name", self->family_name_row);
  marrow_form_bind (form, "given_names", self->given_names_row);
  marrow_form_bind (form, "dob", self->dob_entry);
  marrow_form_bind (form, "sex", self->sex_row);
  marrow_form_bind (form, "phone", self->phone_row);
  marrow_form_bind (form, "email", self->email_row);
  marrow_form_bind (form, "address_line", self->address_line_row);
  marrow_form_bind (form, "address_postal_code", self->address_postal_code_row);
  marrow_form_bind (form, "address_city", self->address_city_row);
  marrow_form_bind (form, "address_country", self->address_country_row);
  marrow_form_bind (form, "do_not_contact", self->do_not_contact_switch);
  marrow_form_bind (form, "note", self->note_row);
  return TRUE;
}

static void
marrow_patient_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_PATIENT_FORM);

  G_OBJECT_CLASS (marrow_patient_form_parent_class)->dispose (object);
}

static void
marrow_patient_form_class_init (MarrowPatientFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_patient_form_dispose;
  form_class->prepare = marrow_patient_form_prepare;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-patient-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, local_id_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, family_name_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, given_names_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, dob_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, sex_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, address_line_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, address_postal_code_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, address_city_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, address_country_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, do_not_contact_switch);
  gtk_widget_class_bind_template_child (widget_class, MarrowPatientForm, note_row);
}

static void
marrow_patient_form_init (MarrowPatientForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
