/* marrow-dashboard-layout.h: two children side by side, or stacked when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MARROW_TYPE_DASHBOARD_LAYOUT (marrow_dashboard_layout_get_type ())

G_DECLARE_FINAL_TYPE (MarrowDashboardLayout, marrow_dashboard_layout, MARROW, DASHBOARD_LAYOUT,
                      GtkLayoutManager)

GtkLayoutManager *marrow_dashboard_layout_new                (void);
int               marrow_dashboard_layout_get_threshold      (MarrowDashboardLayout *self);
void              marrow_dashboard_layout_set_threshold      (MarrowDashboardLayout *self,
                                                              int                    threshold);
int               marrow_dashboard_layout_get_side_width     (MarrowDashboardLayout *self);
void              marrow_dashboard_layout_set_side_width     (MarrowDashboardLayout *self,
                                                              int                    side_width);
int               marrow_dashboard_layout_get_max_height (MarrowDashboardLayout *self);
void              marrow_dashboard_layout_set_max_height (MarrowDashboardLayout *self,
                                                               int                    height);
int               marrow_dashboard_layout_get_spacing        (MarrowDashboardLayout *self);
void              marrow_dashboard_layout_set_spacing        (MarrowDashboardLayout *self,
                                                              int                    spacing);
gboolean          marrow_dashboard_layout_is_stacked_at      (MarrowDashboardLayout *self,
                                                              int                    width);

G_END_DECLS
