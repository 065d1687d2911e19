/* marrow-case-form.h: the form of a joint case, including closing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_CASE_FORM (marrow_case_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowCaseForm, marrow_case_form, MARROW, CASE_FORM, MarrowForm)

G_END_DECLS
