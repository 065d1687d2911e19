/* marrow-injection-form-product.h: the product given in an injection, inside its form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_INJECTION_FORM_PRODUCT (marrow_injection_form_product_get_type ())

G_DECLARE_FINAL_TYPE (MarrowInjectionFormProduct, marrow_injection_form_product, MARROW,
                      INJECTION_FORM_PRODUCT, MarrowForm)

G_END_DECLS
