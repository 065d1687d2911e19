/* marrow-entities.c: field tables of every record type (domain model section 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-entities"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-entities.h"

#define REQ MARROW_FIELD_REQUIRED

static const char * const profession_values[] = {
  "physician", "nurse", "medical_assistant", "lab_technologist", "coordinator",
  "front_desk", "manager", "other", NULL
};

static const MarrowFieldDef staff_fields[] = {
  { "login", N_("Login"), MARROW_FIELD_TEXT, REQ | MARROW_FIELD_UNIQUE },
  { "display_name", N_("Name"), MARROW_FIELD_TEXT, REQ },
  { "profession", N_("Profession"), MARROW_FIELD_ENUM, REQ, profession_values },
  { "can_sign_clinical", N_("Can sign clinical decisions"), MARROW_FIELD_BOOL },
  { "can_release", N_("Can release product lots"), MARROW_FIELD_BOOL },
  { "is_admin", N_("Administrator"), MARROW_FIELD_BOOL },
  { "active", N_("Active"), MARROW_FIELD_BOOL },
};

const MarrowEntityDef marrow_entity_staff = {
  "staff", N_("Staff member"), FALSE, staff_fields, G_N_ELEMENTS (staff_fields), NULL
};

static const char * const sex_values[] = { "female", "male", "other", "unknown", NULL };

static const MarrowFieldDef patient_fields[] = {
  { "local_id", N_("Medical record number"), MARROW_FIELD_TEXT, REQ | MARROW_FIELD_UNIQUE },
  { "family_name", N_("Family name"), MARROW_FIELD_TEXT, REQ | MARROW_FIELD_INDEXED },
  { "given_names", N_("Given names"), MARROW_FIELD_TEXT },
  { "dob", N_("Date of birth"), MARROW_FIELD_DATE, REQ | MARROW_FIELD_NOT_FUTURE },
  { "sex", N_("Sex"), MARROW_FIELD_ENUM, REQ, sex_values },
  { "phone", N_("Phone"), MARROW_FIELD_TEXT },
  { "email", N_("Email"), MARROW_FIELD_TEXT },
  { "address_line", N_("Address"), MARROW_FIELD_TEXT },
  { "address_city", N_("City"), MARROW_FIELD_TEXT },
  { "address_postal_code", N_("Postal code"), MARROW_FIELD_TEXT },
  { "address_country", N_("Country"), MARROW_FIELD_TEXT },
  { "do_not_contact", N_("Do not contact"), MARROW_FIELD_BOOL },
  { "note", N_("Note"), MARROW_FIELD_TEXT },
};

const MarrowEntityDef marrow_entity_patient = {
  "patient", N_("Patient"), TRUE, patient_fields, G_N_ELEMENTS (patient_fields), NULL
};

static const MarrowEntityDef * const all_entities[] = {
  &marrow_entity_staff,
  &marrow_entity_patient,
};

/**
 * marrow_entity_all:
 * @n_entities: (out): the number of entities
 *
 * Returns: (array length=n_entities) (transfer none): every record type, parents before children
 */
const MarrowEntityDef * const *
marrow_entity_all (guint *n_entities)
{
  g_return_val_if_fail (n_entities != NULL, NULL);

  *n_entities = G_N_ELEMENTS (all_entities);
  return all_entities;
}

/**
 * marrow_entity_lookup:
 * @name: a table name
 *
 * Returns: (nullable) (transfer none): the entity called @name
 */
const MarrowEntityDef *
marrow_entity_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_entities); i++)
    if (strcmp (all_entities[i]->name, name) == 0)
      return all_entities[i];
  return NULL;
}
