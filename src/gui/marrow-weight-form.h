/* marrow-weight-form.h: the form of a dated weight (and height) of a patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_WEIGHT_FORM (marrow_weight_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowWeightForm, marrow_weight_form, MARROW, WEIGHT_FORM, MarrowForm)

G_END_DECLS
