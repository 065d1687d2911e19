/* marrow-record-list-model.h: a lazily loaded list of stored records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "marrow-record.h"

G_BEGIN_DECLS

#define MARROW_TYPE_RECORD_LIST_MODEL (marrow_record_list_model_get_type ())

G_DECLARE_FINAL_TYPE (MarrowRecordListModel, marrow_record_list_model,
                      MARROW, RECORD_LIST_MODEL, GObject)

const MarrowEntityDef *marrow_record_list_model_get_entity (MarrowRecordListModel  *self);
gboolean               marrow_record_list_model_reload     (MarrowRecordListModel  *self,
                                                            GError                **error);

G_END_DECLS
