/* marrow-patient-name.c: how a patient and a joint case are named in lists and reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for "Family, Given" and "Left Knee", so that the patient list,
 * the pages and the printed reports (which have no GTK) name a patient and
 * a case the same way.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-code-labels.h"
#include "marrow-patient-name.h"

/**
 * marrow_patient_dup_display_name:
 * @patient: a patient record
 *
 * Returns: (transfer full): "Family, Given", as lists and reports show a
 *   patient
 */
char *
marrow_patient_dup_display_name (MarrowRecord *patient)
{
  const char *family;
  const char *given;

  g_return_val_if_fail (MARROW_IS_RECORD (patient), NULL);

  family = marrow_record_get_text (patient, "family_name");
  given = marrow_record_get_text (patient, "given_names");
  if (family == NULL || *family == '\0')
    family = _("Unnamed");
  if (given == NULL || *given == '\0')
    return g_strdup (family);

  /* Translators: a patient's name in the patient list: family name, then
   * given names.  Reorder with %1$s and %2$s if your language needs it. */
  return g_strdup_printf (C_("patient name", "%1$s, %2$s"), family, given);
}

/**
 * marrow_joint_case_dup_title:
 * @joint_case: a joint case
 *
 * Returns: (transfer full): its joint and side, e.g. "Left Knee"
 */
char *
marrow_joint_case_dup_title (MarrowRecord *joint_case)
{
  const char *side;
  const char *site;

  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);

  side = marrow_record_get_text (joint_case, "side");
  site = marrow_record_code_label (joint_case, "site");
  if (site == NULL)
    site = _("Unknown site");
  if (g_strcmp0 (side, "left") == 0)
    /* Translators: a joint case on the left side; %s is the site, e.g. "Knee" */
    return g_strdup_printf (C_("joint case", "Left %s"), site);
  if (g_strcmp0 (side, "right") == 0)
    /* Translators: a joint case on the right side; %s is the site, e.g. "Knee" */
    return g_strdup_printf (C_("joint case", "Right %s"), site);
  return g_strdup (site);
}
