/* marrow-dashboard-row.h: a list row with a title and a subtitle that is cheap to lay out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MARROW_TYPE_DASHBOARD_ROW (marrow_dashboard_row_get_type ())

G_DECLARE_FINAL_TYPE (MarrowDashboardRow, marrow_dashboard_row, MARROW, DASHBOARD_ROW, GtkListBoxRow)

GtkWidget  *marrow_dashboard_row_new                (const char         *title,
                                                     const char         *subtitle);
const char *marrow_dashboard_row_get_title          (MarrowDashboardRow *self);
const char *marrow_dashboard_row_get_subtitle       (MarrowDashboardRow *self);
void        marrow_dashboard_row_set_title_lines    (MarrowDashboardRow *self,
                                                     int                 lines);
void        marrow_dashboard_row_set_subtitle_lines (MarrowDashboardRow *self,
                                                     int                 lines);
void        marrow_dashboard_row_add_prefix         (MarrowDashboardRow *self,
                                                     GtkWidget          *widget);
void        marrow_dashboard_row_add_suffix         (MarrowDashboardRow *self,
                                                     GtkWidget          *widget);
void        marrow_dashboard_row_set_accessible_label (MarrowDashboardRow *self,
                                                       const char         *label);

G_END_DECLS
