/* marrow-patient-form.h: the form of a patient's demographics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_PATIENT_FORM (marrow_patient_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowPatientForm, marrow_patient_form, MARROW, PATIENT_FORM, MarrowForm)

G_END_DECLS
