/* marrow-entity.c: generic helpers over entity descriptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-entity"

#include "config.h"

#include <string.h>

#include "marrow-entity.h"

/**
 * marrow_entity_field_index:
 * @entity: an entity description
 * @name: a field name
 *
 * Returns: the index of @name in @entity->fields, or -1
 */
int
marrow_entity_field_index (const MarrowEntityDef *entity,
                           const char            *name)
{
  g_return_val_if_fail (entity != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < entity->n_fields; i++)
    if (strcmp (entity->fields[i].name, name) == 0)
      return (int)i;
  return -1;
}

/**
 * marrow_entity_find_field:
 *
 * Returns: (nullable): the description of field @name of @entity
 */
const MarrowFieldDef *
marrow_entity_find_field (const MarrowEntityDef *entity,
                          const char            *name)
{
  int index = marrow_entity_field_index (entity, name);

  return index < 0 ? NULL : &entity->fields[index];
}

/**
 * marrow_field_enum_contains:
 *
 * Returns: %TRUE if @code is one of the coded values of @field
 */
gboolean
marrow_field_enum_contains (const MarrowFieldDef *field,
                            const char           *code)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (code == NULL || field->enum_values == NULL)
    return FALSE;
  for (guint i = 0; field->enum_values[i] != NULL; i++)
    if (strcmp (field->enum_values[i], code) == 0)
      return TRUE;
  return FALSE;
}
