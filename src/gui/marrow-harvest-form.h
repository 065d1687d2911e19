/* marrow-harvest-form.h: the form of a tissue harvest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_HARVEST_FORM (marrow_harvest_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowHarvestForm, marrow_harvest_form, MARROW, HARVEST_FORM, MarrowForm)

G_END_DECLS
