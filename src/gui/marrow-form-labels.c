/* marrow-form-labels.c: translated names of the coded values forms offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names of the codes themselves are in the core
 * (marrow-code-labels.c), where the printed reports find them too; this
 * file names whole records for the forms.
 */
#define G_LOG_DOMAIN "marrow-form-labels"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-code-labels.h"
#include "marrow-date-entry.h"
#include "marrow-form-labels.h"
#include "marrow-time.h"

/**
 * marrow_form_code_label:
 * @field: (nullable): the field the code belongs to
 * @code: a stored code
 *
 * Returns: (transfer none): the translated name of @code, or @code itself
 *   when it has none (marrow_code_label())
 */
const char *
marrow_form_code_label (const MarrowFieldDef *field,
                        const char           *code)
{
  return marrow_code_label (field, code);
}

/**
 * marrow_form_code_has_label:
 * @field: (nullable): the field the code belongs to
 * @code: a stored code
 *
 * Returns: whether @code has a translated name
 */
gboolean
marrow_form_code_has_label (const MarrowFieldDef *field,
                            const char           *code)
{
  return marrow_code_has_label (field, code);
}

static char *
describe_date (MarrowRecord *record,
               const char   *field)
{
  const char *value = marrow_record_get_text (record, field);
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (value == NULL)
    return g_strdup ("");
  instant = marrow_instant_parse (value);
  if (instant == NULL)
    return marrow_date_entry_format_date (value);
  local = g_date_time_to_local (instant);
  return g_date_time_format (local, "%x %H:%M");
}

/**
 * marrow_form_describe_record:
 * @record: a record that a form offers as the value of a reference
 *
 * Returns: (transfer full): a short, translated description of @record,
 *   such as "Knee, Left · M17.12" for a joint case
 */
char *
marrow_form_describe_record (MarrowRecord *record)
{
  const MarrowEntityDef *entity;
  const char *name;

  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);

  entity = marrow_record_get_entity (record);
  name = entity->name;

  if (strcmp (name, "staff") == 0)
    return g_strdup (marrow_record_get_text_or_id (record, "display_name"));

  if (strcmp (name, "joint_case") == 0)
    {
      const MarrowFieldDef *site = marrow_entity_find_field (entity, "site");
      const MarrowFieldDef *side = marrow_entity_find_field (entity, "side");

      /* Translators: a joint case: site, side · diagnosis code, e.g. "Knee, Left · M17.12" */
      return g_strdup_printf (_("%s, %s · %s"),
                              marrow_form_code_label (site, marrow_record_get_text (record, "site")),
                              marrow_form_code_label (side, marrow_record_get_text (record, "side")),
                              marrow_record_get_text_or_id (record, "diagnosis_code"));
    }

  if (strcmp (name, "harvest") == 0)
    {
      const MarrowFieldDef *tissue = marrow_entity_find_field (entity, "tissue");
      g_autofree char *when = describe_date (record, "started_at");

      /* Translators: a harvest: tissue, date and time · chain-of-identity ID */
      return g_strdup_printf (_("%s, %s · %s"),
                              marrow_form_code_label (tissue,
                                                      marrow_record_get_text (record, "tissue")),
                              when, marrow_record_get_text_or_id (record, "coi_id"));
    }

  if (strcmp (name, "injection") == 0)
    {
      g_autofree char *when = describe_date (record, "performed_at");

      /* Translators: an injection and when it was given */
      return g_strdup_printf (_("Injection of %s"), when);
    }

  if (strcmp (name, "product_lot") == 0)
    return g_strdup (marrow_record_get_text_or_id (record, "coi_id"));

  if (strcmp (name, "patient") == 0)
    return g_strdup_printf ("%s, %s", marrow_record_get_text_or_id (record, "family_name"),
                            marrow_record_get_text_or_id (record, "given_names"));

  return g_strdup (marrow_record_get_id (record));
}
