/* marrow-wrap-layout.c: children in lines at their natural width, wrapped when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case page's buttons (Record Injection, Record Assessment, Report
 * Adverse Event, Edit or Close) stand in one line on a wide page and wrap
 * onto more lines on a narrow one.  GtkFlowBox aligns its children in
 * columns and stretches them to the column's width, and libadwaita 1.2 has
 * no AdwWrapBox, so this small layout does it: every child at its natural
 * width (or the line's width if that is less), left to right, a new line
 * when the next one does not fit.  Spacing is 6 pixels both ways.
 */
#define G_LOG_DOMAIN "marrow-wrap-layout"

#include "config.h"

#include "marrow-wrap-layout.h"

#define SPACING 6

struct _MarrowWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (MarrowWrapLayout, marrow_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

static int
child_width (GtkWidget *child,
             int        available)
{
  int minimum, natural;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return MAX (minimum, MIN (natural, available));
}

/* Lays the children out in @width; allocates them when @allocate.
 * Returns the height used */
static int
flow (GtkWidget *widget,
      int        width,
      gboolean   allocate)
{
  int x = 0, y = 0, line_height = 0;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int w, minimum, natural;

      if (!gtk_widget_should_layout (child))
        continue;
      w = child_width (child, width);
      if (x > 0 && x + w > width)
        {
          y += line_height + SPACING;
          x = 0;
          line_height = 0;
        }
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &minimum, &natural, NULL, NULL);
      if (allocate)
        gtk_widget_size_allocate (child,
                                  &(GtkAllocation) { rtl ? width - x - w : x, y, w, natural }, -1);
      line_height = MAX (line_height, natural);
      x += w + SPACING;
    }
  return y + line_height;
}

static GtkSizeRequestMode
marrow_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                     GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
marrow_wrap_layout_measure (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            GtkOrientation    orientation,
                            int               for_size,
                            int              *minimum,
                            int              *natural,
                            int              *minimum_baseline,
                            int              *natural_baseline)
{
  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gboolean first = TRUE;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat + (first ? 0 : SPACING);
          first = FALSE;
        }
      return;
    }

  if (for_size < 0)
    {
      int ignored;

      marrow_wrap_layout_measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, &for_size,
                                  NULL, NULL);
    }
  *minimum = *natural = flow (widget, for_size, FALSE);
}

static void
marrow_wrap_layout_allocate (GtkLayoutManager *manager,
                             GtkWidget        *widget,
                             int               width,
                             int               height,
                             int               baseline)
{
  flow (widget, width, TRUE);
}

static void
marrow_wrap_layout_class_init (MarrowWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = marrow_wrap_layout_get_request_mode;
  layout_class->measure = marrow_wrap_layout_measure;
  layout_class->allocate = marrow_wrap_layout_allocate;
}

static void
marrow_wrap_layout_init (MarrowWrapLayout *self)
{
}

GtkLayoutManager *
marrow_wrap_layout_new (void)
{
  return g_object_new (MARROW_TYPE_WRAP_LAYOUT, NULL);
}
