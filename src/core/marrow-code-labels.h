/* marrow-code-labels.h: translated names of the coded values of the entity tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-entity.h"
#include "marrow-record.h"

G_BEGIN_DECLS

const char *marrow_code_label     (const MarrowFieldDef *field,
                                   const char           *code);
gboolean    marrow_code_has_label (const MarrowFieldDef *field,
                                   const char           *code);
const char *marrow_record_code_label (MarrowRecord *record,
                                      const char   *field);

G_END_DECLS
