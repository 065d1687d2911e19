/* marrow-lot-form.h: a product lot with its aliquots, edited inside the run's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_LOT_FORM (marrow_lot_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowLotForm, marrow_lot_form, MARROW, LOT_FORM, MarrowForm)

MarrowForm *marrow_lot_form_new                   (void);
void        marrow_lot_form_add_aliquot           (MarrowLotForm *self);
void        marrow_lot_form_set_decisions_enabled (MarrowLotForm *self,
                                                   gboolean       enabled);
const char *marrow_lot_form_get_decision_error    (MarrowLotForm *self);

G_END_DECLS
