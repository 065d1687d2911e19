/* marrow-window-private.h: parts of the window kept in other files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-window.h"

G_BEGIN_DECLS

void        _marrow_window_class_add_exchange_actions (GtkWidgetClass *widget_class);
void        _marrow_window_class_add_print_actions    (GtkWidgetClass *widget_class);
void        _marrow_window_update_report_actions      (MarrowWindow   *self);
const char *_marrow_window_get_report_target          (MarrowWindow   *self,
                                                       MarrowRecord  **record);
void        _marrow_window_make_report                (MarrowWindow   *self,
                                                       const char     *kind,
                                                       MarrowRecord   *record,
                                                       GFile          *file,
                                                       const char     *print_export_name);

G_END_DECLS
