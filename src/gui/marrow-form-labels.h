/* marrow-form-labels.h: translated names of the coded values forms offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record.h"

G_BEGIN_DECLS

const char *marrow_form_code_label     (const MarrowFieldDef *field,
                                        const char           *code);
gboolean    marrow_form_code_has_label (const MarrowFieldDef *field,
                                        const char           *code);
char       *marrow_form_describe_record (MarrowRecord        *record);

G_END_DECLS
