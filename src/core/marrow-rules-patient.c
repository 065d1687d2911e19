/* marrow-rules-patient.c: rules of patient and joint_case (domain model 4.2, 4.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-error.h"
#include "marrow-rules-private.h"
#include "marrow-time.h"

#define PATIENT_AGE_SOFT_MIN 18
#define PATIENT_AGE_SOFT_MAX 95

/* Whole years from @dob to the local calendar day of @now */
static int
age_in_years (const char *dob,
              GDateTime  *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  GDate *birth = marrow_date_parse (dob);
  int y, m, d, age;

  g_return_val_if_fail (birth != NULL, 0);

  g_date_time_get_ymd (local, &y, &m, &d);
  age = y - (int)g_date_get_year (birth);
  if (m < (int)g_date_get_month (birth) ||
      (m == (int)g_date_get_month (birth) && d < (int)g_date_get_day (birth)))
    age--;
  g_date_free (birth);

  return age;
}

gboolean
_marrow_rules_patient (MarrowRecord  *record,
                       GDateTime     *now,
                       GPtrArray     *warnings,
                       GError       **error)
{
  int age;

  if (marrow_record_is_null (record, "dob"))
    return TRUE;

  /* Age at entry; the age at an injection is checked with the injection */
  age = age_in_years (marrow_record_get_text (record, "dob"), now);
  if (age < PATIENT_AGE_SOFT_MIN)
    _marrow_rules_warn (record, warnings, "dob", "age_min",
                        _("The patient is %d years old, younger than %d"),
                        age, PATIENT_AGE_SOFT_MIN);
  else if (age > PATIENT_AGE_SOFT_MAX)
    _marrow_rules_warn (record, warnings, "dob", "age_max",
                        _("The patient is %d years old, older than %d"),
                        age, PATIENT_AGE_SOFT_MAX);

  return TRUE;
}

gboolean
_marrow_rules_joint_case (MarrowRecord  *record,
                          GDateTime     *now,
                          GPtrArray     *warnings,
                          GError       **error)
{
  /* "none" only for midline sites */
  if (_marrow_rules_is (record, "side", "none") && !_marrow_rules_is (record, "site", "spine_facet"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "side",
                                   _("%s (%s) may be “none” only for a midline site (spine_facet), "
                                     "not for “%s”"),
                                   marrow_field_label (record, "side"), "side",
                                   marrow_record_get_text (record, "site"));
      return FALSE;
    }

  if (_marrow_rules_is (record, "status", "converted_to_surgery"))
    {
      const char *why = _("when the case is converted to surgery");

      if (!marrow_validate_require (record, "surgery_date", why, error) ||
          !marrow_validate_require (record, "surgery_type", why, error))
        return FALSE;
    }

  if (_marrow_rules_is (record, "status", "closed") &&
      !marrow_validate_require (record, "closed_reason", _("when the case is closed"), error))
    return FALSE;

  return TRUE;
}
