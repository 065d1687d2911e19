/* marrow-dashboard-box.h: a bare container for the dashboard's layout managers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MARROW_TYPE_DASHBOARD_BOX (marrow_dashboard_box_get_type ())

G_DECLARE_FINAL_TYPE (MarrowDashboardBox, marrow_dashboard_box, MARROW, DASHBOARD_BOX, GtkWidget)

GtkWidget *marrow_dashboard_box_new (void);

G_END_DECLS
