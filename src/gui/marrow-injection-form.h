/* marrow-injection-form.h: the form of a cell injection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"
#include "marrow-lot-choice.h"

G_BEGIN_DECLS

#define MARROW_TYPE_INJECTION_FORM (marrow_injection_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowInjectionForm, marrow_injection_form, MARROW, INJECTION_FORM, MarrowForm)

GPtrArray  *marrow_injection_form_get_lot_choices (MarrowInjectionForm *self);
gboolean    marrow_injection_form_choose_aliquot  (MarrowInjectionForm *self,
                                                   const char          *aliquot_id);
gboolean    marrow_injection_form_find_product    (MarrowInjectionForm *self,
                                                   const char          *scanned_id);
MarrowForm *marrow_injection_form_get_product     (MarrowInjectionForm *self);

G_END_DECLS
