/* marrow-patient-name.c: how a patient's name reads in lists and reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for "Family, Given", so that the patient list, the pages and
 * the printed reports (which have no GTK) name a patient the same way.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

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
