/* marrow-rules-injection.c: rules of injection, injection_product and
 * injection_coinjectate that need only the record itself (domain model 4.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks when an injection is finalised (case active, product released
 * and in date, origin, dose and volume warnings) need other records and live
 * in marrow-injection-check.c.
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-error.h"
#include "marrow-rules-private.h"

gboolean
_marrow_rules_injection (MarrowRecord  *record,
                         GDateTime     *now,
                         GPtrArray     *warnings,
                         GError       **error)
{
  if (!_marrow_rules_not_before (record, "performed_at", "thawed_at", error))
    return FALSE;

  if (_marrow_rules_is (record, "product_scan_result", "manual_entry") &&
      !marrow_validate_require (record, "scan_reason", _("when the product ID was entered by hand"),
                                error))
    return FALSE;

  return TRUE;
}

gboolean
_marrow_rules_injection_product (MarrowRecord  *record,
                                 GDateTime     *now,
                                 GPtrArray     *warnings,
                                 GError       **error)
{
  if (marrow_record_is_null (record, "entire_unit_given"))
    return TRUE;

  if (!marrow_record_get_bool (record, "entire_unit_given"))
    {
      const char *why = _("when not the entire unit was given");

      if (!marrow_validate_require (record, "remainder_fate", why, error) ||
          !marrow_validate_require (record, "remainder_reason", why, error))
        return FALSE;
    }
  else if (!marrow_record_is_null (record, "remainder_fate"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "remainder_fate",
                                   _("%s (%s) cannot be recorded when the entire unit was given"),
                                   marrow_field_label (record, "remainder_fate"), "remainder_fate");
      return FALSE;
    }

  return TRUE;
}

gboolean
_marrow_rules_injection_coinjectate (MarrowRecord  *record,
                                     GDateTime     *now,
                                     GPtrArray     *warnings,
                                     GError       **error)
{
  const char *why = _("when the co-injectate was administered");

  if (!_marrow_rules_flag (record, "administered"))
    return TRUE;

  if (!marrow_validate_require (record, "lot_no", why, error) ||
      !marrow_validate_require (record, "expiry", why, error) ||
      !marrow_validate_require (record, "volume_ml", why, error))
    return FALSE;

  if (!(marrow_record_get_real (record, "volume_ml") > 0))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, "volume_ml",
                                   _("%s (%s) is %g mL; it must be greater than 0 mL %s"),
                                   marrow_field_label (record, "volume_ml"), "volume_ml",
                                   marrow_record_get_real (record, "volume_ml"), why);
      return FALSE;
    }

  return TRUE;
}
