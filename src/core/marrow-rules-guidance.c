/* marrow-rules-guidance.c: rules of guidance_decision (domain model 4.13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-error.h"
#include "marrow-rules-private.h"

/* The longest field value a Marrow archive carries (data/marrow-archive-1.xsd,
 * type Value), in characters: a longer snapshot could be saved but not
 * moved to another database. */
#define ARCHIVE_VALUE_MAX_CHARS 65536

/* The snapshot and the evaluation are canonical JSON objects
 * (marrow-guidance-json.c), written by Marrow, never typed in: this checks
 * their outer shape and size only. */
static gboolean
check_json_object (MarrowRecord  *record,
                   const char    *field,
                   GError       **error)
{
  const char *text = marrow_record_get_text (record, field);
  gsize length;

  if (text == NULL)
    return TRUE;

  length = strlen (text);
  if (length < 2 || text[0] != '{' || text[length - 1] != '}')
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, field,
                                   _("%s (%s) is not a JSON object"),
                                   marrow_field_label (record, field), field);
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > ARCHIVE_VALUE_MAX_CHARS)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, field,
                                   _("%s (%s) has %ld characters; an archive carries at most %d"),
                                   marrow_field_label (record, field), field,
                                   g_utf8_strlen (text, -1), ARCHIVE_VALUE_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

gboolean
_marrow_rules_guidance_decision (MarrowRecord  *record,
                                 GDateTime     *now,
                                 GPtrArray     *warnings,
                                 GError       **error)
{
  /* An override says why (guidance-evidence.md 1: "the override is recorded") */
  if (_marrow_rules_is (record, "decision", "override") &&
      !marrow_validate_require (record, "reason", _("when the recommendation is overridden"),
                                error))
    return FALSE;

  /* Accepting takes the recommendation; another action is an override */
  if (_marrow_rules_is (record, "decision", "accept") &&
      !marrow_record_is_null (record, "chosen_action"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "chosen_action",
                                   _("%s (%s) is recorded only when the recommendation is "
                                     "overridden"),
                                   marrow_field_label (record, "chosen_action"), "chosen_action");
      return FALSE;
    }

  return check_json_object (record, "inputs_json", error) &&
         check_json_object (record, "evaluation_json", error);
}
