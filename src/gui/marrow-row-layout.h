/* marrow-row-layout.h: children in a row, never measured for their width at a height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MARROW_TYPE_ROW_LAYOUT (marrow_row_layout_get_type ())

G_DECLARE_FINAL_TYPE (MarrowRowLayout, marrow_row_layout, MARROW, ROW_LAYOUT, GtkLayoutManager)

GtkLayoutManager *marrow_row_layout_new         (void);
int               marrow_row_layout_get_spacing (MarrowRowLayout *self);
void              marrow_row_layout_set_spacing (MarrowRowLayout *self,
                                                 int              spacing);

G_END_DECLS
