/* marrow-dashboard-box.c: a bare container for the dashboard's layout managers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkWidget is abstract and GtkBox's own properties expect its box layout,
 * so the dashboard's rows (chart | guidance and chain | schedule with
 * MarrowDashboardLayout, the buttons with MarrowWrapLayout) are this bare
 * container.  Children come from <child> in a template (GtkWidget's
 * buildable sets their parent); the layout manager and its properties are
 * set in the template too, else it is a MarrowDashboardLayout.
 */
#define G_LOG_DOMAIN "marrow-dashboard-box"

#include "config.h"

#include "marrow-dashboard-box.h"
#include "marrow-dashboard-layout.h"

struct _MarrowDashboardBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (MarrowDashboardBox, marrow_dashboard_box, GTK_TYPE_WIDGET)

static void
marrow_dashboard_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (marrow_dashboard_box_parent_class)->dispose (object);
}

static void
marrow_dashboard_box_class_init (MarrowDashboardBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_dashboard_box_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, MARROW_TYPE_DASHBOARD_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboard");
}

static void
marrow_dashboard_box_init (MarrowDashboardBox *self)
{
}

GtkWidget *
marrow_dashboard_box_new (void)
{
  return g_object_new (MARROW_TYPE_DASHBOARD_BOX, NULL);
}
