/* marrow-lot-aliquot-form.h: one aliquot of a product lot, edited inside the lot's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_LOT_ALIQUOT_FORM (marrow_lot_aliquot_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowLotAliquotForm, marrow_lot_aliquot_form, MARROW, LOT_ALIQUOT_FORM,
                      MarrowForm)

MarrowForm *marrow_lot_aliquot_form_new (void);

G_END_DECLS
