/* marrow-record-private.h: what marrow-validate.c keeps on a record, and
 * the importer's constructor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record.h"

G_BEGIN_DECLS

gboolean _marrow_record_get_validated (MarrowRecord *self);
void     _marrow_record_set_validated (MarrowRecord *self);

MarrowRecord *_marrow_record_new_with_id (const MarrowEntityDef *entity,
                                          const char            *id);

G_END_DECLS
