/* marrow-stable-list.h: a list view's model whose rows survive a new list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MARROW_TYPE_LIST_SLOT (marrow_list_slot_get_type ())

G_DECLARE_FINAL_TYPE (MarrowListSlot, marrow_list_slot, MARROW, LIST_SLOT, GObject)

gpointer          marrow_list_slot_get_item    (MarrowListSlot   *self);

#define MARROW_TYPE_STABLE_LIST (marrow_stable_list_get_type ())

G_DECLARE_FINAL_TYPE (MarrowStableList, marrow_stable_list, MARROW, STABLE_LIST, GObject)

MarrowStableList *marrow_stable_list_new       (void);
GListModel       *marrow_stable_list_get_model (MarrowStableList *self);
void              marrow_stable_list_set_model (MarrowStableList *self,
                                                GListModel       *model);
void              marrow_stable_list_set_same_func (MarrowStableList *self,
                                                    GEqualFunc        same);

G_END_DECLS
