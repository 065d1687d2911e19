/* marrow-rules-events.c: rules of adverse_event, assessment and limit_ack
 * (domain model 4.10, 4.12, 4.14)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-rules-private.h"

const char * const marrow_ae_serious_criteria_values[] = {
  "death", "life_threatening", "hospitalisation", "disability", "other", NULL
};

/* serious_criteria is a set stored as comma-separated codes without spaces,
 * each at most once, e.g. "hospitalisation,other" */
static gboolean
check_serious_criteria (MarrowRecord  *record,
                        GError       **error)
{
  const char *text = marrow_record_get_text (record, "serious_criteria");
  g_auto(GStrv) codes = g_strsplit (text, ",", -1);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      gboolean repeated = FALSE;

      for (guint j = 0; j < i; j++)
        repeated |= strcmp (codes[i], codes[j]) == 0;

      if (repeated || !g_strv_contains (marrow_ae_serious_criteria_values, codes[i]))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **)marrow_ae_serious_criteria_values);

          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "serious_criteria",
                                       _("%s (%s) is “%s”; give each of %s at most once, "
                                         "separated by commas"),
                                       marrow_field_label (record, "serious_criteria"),
                                       "serious_criteria", text, allowed);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_marrow_rules_adverse_event (MarrowRecord  *record,
                             GDateTime     *now,
                             GPtrArray     *warnings,
                             GError       **error)
{
  gboolean serious = _marrow_rules_flag (record, "serious");

  if (marrow_record_is_null (record, "joint_case_id") &&
      marrow_record_is_null (record, "injection_id") &&
      marrow_record_is_null (record, "harvest_id") &&
      marrow_record_is_null (record, "product_lot_id") &&
      !_marrow_rules_flag (record, "unrelated_general"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "unrelated_general",
                                   _("An adverse event must be linked to a joint case, an injection, "
                                     "a harvest or a product lot, or marked as %s (%s)"),
                                   marrow_field_label (record, "unrelated_general"),
                                   "unrelated_general");
      return FALSE;
    }

  if (serious &&
      !marrow_validate_require (record, "serious_criteria", _("for a serious adverse event"), error))
    return FALSE;

  if (!marrow_record_is_null (record, "serious_criteria"))
    {
      if (!serious)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "serious_criteria",
                                       _("%s (%s) are recorded only for a serious adverse event"),
                                       marrow_field_label (record, "serious_criteria"),
                                       "serious_criteria");
          return FALSE;
        }
      if (!check_serious_criteria (record, error))
        return FALSE;
    }

  if (!_marrow_rules_not_before (record, "resolved_date", "onset_date", error))
    return FALSE;

  /* Adjudication (stand-in for adjudication_signature_id): who, when, and
   * the relatedness they decided */
  if (!marrow_record_is_null (record, "adjudicated_by") || !marrow_record_is_null (record, "adjudicated_at"))
    {
      const char *why = _("for an adjudicated adverse event");

      if (!marrow_validate_require (record, "adjudicated_by", why, error) ||
          !marrow_validate_require (record, "adjudicated_at", why, error) ||
          !marrow_validate_require (record, "relatedness", why, error))
        return FALSE;
    }

  /* A resolved event is closed: relatedness and outcome must be known */
  if (!marrow_record_is_null (record, "resolved_date"))
    {
      const char *why = _("when the adverse event is resolved");

      if (!marrow_validate_require (record, "relatedness", why, error) ||
          !marrow_validate_require (record, "outcome", why, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_marrow_rules_assessment (MarrowRecord  *record,
                          GDateTime     *now,
                          GPtrArray     *warnings,
                          GError       **error)
{
  /* Pain scales need a constant recall period (prom-scoring.md §10) */
  if ((_marrow_rules_is (record, "instrument_code", "PAIN_VAS") ||
       _marrow_rules_is (record, "instrument_code", "PAIN_NRS")) &&
      !marrow_validate_require (record, "recall_period", _("for a pain scale"), error))
    return FALSE;

  if (!marrow_record_is_null (record, "is_valid") && !marrow_record_get_bool (record, "is_valid") &&
      !marrow_validate_require (record, "invalid_reason", _("when the assessment is not valid"),
                                error))
    return FALSE;

  return TRUE;
}

gboolean
_marrow_rules_limit_ack (MarrowRecord  *record,
                         GDateTime     *now,
                         GPtrArray     *warnings,
                         GError       **error)
{
  const char *table = marrow_record_get_text (record, "table_name");
  const char *id = marrow_record_get_text (record, "record_id");

  if (table != NULL && marrow_entity_lookup (table) == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "table_name",
                                   _("%s (%s) is “%s”, which is not a record type"),
                                   marrow_field_label (record, "table_name"), "table_name", table);
      return FALSE;
    }

  if (id != NULL && !g_uuid_string_is_valid (id))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "record_id",
                                   _("%s (%s) is “%s”, which is not a record identifier (UUID)"),
                                   marrow_field_label (record, "record_id"), "record_id", id);
      return FALSE;
    }

  return TRUE;
}
