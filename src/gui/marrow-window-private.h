/* marrow-window-private.h: parts of the window kept in other files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-window.h"

G_BEGIN_DECLS

void _marrow_window_class_add_exchange_actions (GtkWidgetClass *widget_class);

G_END_DECLS
