/* marrow-list-box.h: what the pages do to their GtkListBoxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void marrow_list_box_remove_rows (GtkListBox *list);

G_END_DECLS
