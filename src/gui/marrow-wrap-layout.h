/* marrow-wrap-layout.h: children in lines at their natural width, wrapped when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MARROW_TYPE_WRAP_LAYOUT (marrow_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (MarrowWrapLayout, marrow_wrap_layout, MARROW, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *marrow_wrap_layout_new (void);

G_END_DECLS
