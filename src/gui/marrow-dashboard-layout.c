/* marrow-dashboard-layout.c: two children side by side, or stacked when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case dashboard puts the chart (the first child, "main") beside the
 * guidance (the second child, "side") when its width reaches the threshold,
 * and stacks the chart above the guidance below it.  libadwaita 1.2 has no
 * AdwBreakpoint, and the alternatives each fall short: AdwLeaflet and
 * AdwFlap show one child or overlay it when folded instead of stacking
 * both; a GtkBox whose orientation is switched from a size-allocate or
 * notify::default-width handler lays the page out twice (once wrong) and
 * queues a resize from inside an allocation.  A layout manager decides
 * during the measure itself, so height-for-width is right in the first
 * frame and the page scrolls exactly as far as the stacked height needs.
 *
 * Side by side the side child gets side-width, the main child the rest;
 * both get one height: the taller natural height of the two, but at most
 * max-height (never less than either minimum), so that at 1280 × 800 the
 * charts and the guidance fit the window: two charts share the height, and
 * a long guidance scrolls inside its own scrolled window instead of
 * pushing the page.  Stacked, each child gets its natural height for the
 * full width.
 * Further children are not shown.
 */
#define G_LOG_DOMAIN "marrow-dashboard-layout"

#include "config.h"

#include "marrow-dashboard-layout.h"

struct _MarrowDashboardLayout
{
  GtkLayoutManager parent_instance;

  int              threshold;
  int              side_width;
  int              max_height;
  int              spacing;
};

G_DEFINE_FINAL_TYPE (MarrowDashboardLayout, marrow_dashboard_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_THRESHOLD,
  PROP_SIDE_WIDTH,
  PROP_MAX_HEIGHT,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The first two visible children */
static void
get_children (GtkWidget  *widget,
              GtkWidget **main_child,
              GtkWidget **side_child)
{
  *main_child = NULL;
  *side_child = NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      if (*main_child == NULL)
        *main_child = child;
      else if (*side_child == NULL)
        *side_child = child;
    }
}

static int
measure_width (GtkWidget *child,
               int        for_height,
               int       *natural)
{
  int minimum = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, for_height, &minimum, natural, NULL, NULL);
  return minimum;
}

static int
measure_height (GtkWidget *child,
                int        for_width,
                int       *natural)
{
  int minimum = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, for_width, &minimum, natural, NULL, NULL);
  return minimum;
}

/* The widths of both children side by side in @width, or FALSE when they
 * are stacked there */
static gboolean
split (MarrowDashboardLayout *self,
       GtkWidget             *main_child,
       GtkWidget             *side_child,
       int                    width,
       int                   *main_width,
       int                   *side_width)
{
  int main_min, side_min, natural;

  if (side_child == NULL || main_child == NULL || width < self->threshold)
    return FALSE;
  main_min = measure_width (main_child, -1, &natural);
  side_min = measure_width (side_child, -1, &natural);
  *side_width = MAX (self->side_width, side_min);
  *main_width = width - self->spacing - *side_width;
  return *main_width >= main_min;
}

/* The height of the row side by side */
static void
row_height (MarrowDashboardLayout *self,
            GtkWidget             *main_child,
            GtkWidget             *side_child,
            int                    main_width,
            int                    side_width,
            int                   *minimum,
            int                   *natural)
{
  int main_min, main_nat, side_min, side_nat;

  main_min = measure_height (main_child, main_width, &main_nat);
  side_min = measure_height (side_child, side_width, &side_nat);
  *minimum = MAX (main_min, side_min);
  *natural = MAX (main_nat, side_nat);
  if (self->max_height > 0)
    *natural = MIN (*natural, self->max_height);
  *natural = MAX (*natural, *minimum);
}

static GtkSizeRequestMode
marrow_dashboard_layout_get_request_mode (GtkLayoutManager *manager,
                                          GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
marrow_dashboard_layout_measure (GtkLayoutManager *manager,
                                 GtkWidget        *widget,
                                 GtkOrientation    orientation,
                                 int               for_size,
                                 int              *minimum,
                                 int              *natural,
                                 int              *minimum_baseline,
                                 int              *natural_baseline)
{
  MarrowDashboardLayout *self = MARROW_DASHBOARD_LAYOUT (manager);
  GtkWidget *main_child, *side_child;
  int main_width, side_width;

  *minimum = *natural = 0;
  get_children (widget, &main_child, &side_child);
  if (main_child == NULL)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int main_nat, side_nat = 0;
      int main_min = measure_width (main_child, -1, &main_nat);
      int side_min = side_child != NULL ? measure_width (side_child, -1, &side_nat) : 0;

      /* Stacked, the wider child sets the minimum; side by side is what
       * the dashboard would like to have */
      *minimum = MAX (main_min, side_min);
      *natural = side_child != NULL ? MAX (self->threshold,
                                           main_nat + self->spacing + MAX (self->side_width, side_nat))
                                    : main_nat;
      *natural = MAX (*natural, *minimum);
      return;
    }

  if (for_size < 0)
    {
      int ignored;

      marrow_dashboard_layout_measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1, &ignored,
                                       &for_size, NULL, NULL);
    }

  if (split (self, main_child, side_child, for_size, &main_width, &side_width))
    {
      row_height (self, main_child, side_child, main_width, side_width, minimum, natural);
      return;
    }

  for (GtkWidget *child = main_child; child != NULL; child = child == main_child ? side_child : NULL)
    {
      int child_min, child_nat;

      child_min = measure_height (child, for_size, &child_nat);
      *minimum += child_min;
      *natural += child_nat;
    }
  if (side_child != NULL)
    {
      *minimum += self->spacing;
      *natural += self->spacing;
    }
}

static void
allocate_child (GtkWidget *child,
                int        x,
                int        y,
                int        width,
                int        height,
                int        baseline)
{
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, baseline);
}

static void
marrow_dashboard_layout_allocate (GtkLayoutManager *manager,
                                  GtkWidget        *widget,
                                  int               width,
                                  int               height,
                                  int               baseline)
{
  MarrowDashboardLayout *self = MARROW_DASHBOARD_LAYOUT (manager);
  GtkWidget *main_child, *side_child;
  int main_width, side_width;
  int main_min, main_nat;

  get_children (widget, &main_child, &side_child);
  if (main_child == NULL)
    return;

  if (split (self, main_child, side_child, width, &main_width, &side_width))
    {
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      allocate_child (main_child, rtl ? side_width + self->spacing : 0, 0, main_width, height, -1);
      allocate_child (side_child, rtl ? 0 : main_width + self->spacing, 0, side_width, height, -1);
      return;
    }

  if (side_child == NULL)
    {
      allocate_child (main_child, 0, 0, width, height, baseline);
      return;
    }

  main_min = measure_height (main_child, width, &main_nat);
  {
    int side_min, side_nat, main_height, extra;

    side_min = measure_height (side_child, width, &side_nat);
    /* Natural heights if they fit; what is left over goes to the side child */
    main_height = main_nat;
    extra = height - self->spacing - main_nat - side_nat;
    if (extra < 0)
      main_height = MAX (main_min, height - self->spacing - MAX (side_min, side_nat + extra));
    allocate_child (main_child, 0, 0, width, main_height, -1);
    allocate_child (side_child, 0, main_height + self->spacing, width,
                    MAX (side_min, height - self->spacing - main_height), -1);
  }
}

static void
marrow_dashboard_layout_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  MarrowDashboardLayout *self = MARROW_DASHBOARD_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      g_value_set_int (value, marrow_dashboard_layout_get_threshold (self));
      break;

    case PROP_SIDE_WIDTH:
      g_value_set_int (value, marrow_dashboard_layout_get_side_width (self));
      break;

    case PROP_MAX_HEIGHT:
      g_value_set_int (value, marrow_dashboard_layout_get_max_height (self));
      break;

    case PROP_SPACING:
      g_value_set_int (value, marrow_dashboard_layout_get_spacing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_dashboard_layout_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MarrowDashboardLayout *self = MARROW_DASHBOARD_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      marrow_dashboard_layout_set_threshold (self, g_value_get_int (value));
      break;

    case PROP_SIDE_WIDTH:
      marrow_dashboard_layout_set_side_width (self, g_value_get_int (value));
      break;

    case PROP_MAX_HEIGHT:
      marrow_dashboard_layout_set_max_height (self, g_value_get_int (value));
      break;

    case PROP_SPACING:
      marrow_dashboard_layout_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_dashboard_layout_class_init (MarrowDashboardLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = marrow_dashboard_layout_get_property;
  object_class->set_property = marrow_dashboard_layout_set_property;

  layout_class->get_request_mode = marrow_dashboard_layout_get_request_mode;
  layout_class->measure = marrow_dashboard_layout_measure;
  layout_class->allocate = marrow_dashboard_layout_allocate;

  /**
   * MarrowDashboardLayout:threshold:
   *
   * The narrowest width at which the children stand side by side.
   */
  properties[PROP_THRESHOLD] =
    g_param_spec_int ("threshold", NULL, NULL, 0, G_MAXINT, 900,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MarrowDashboardLayout:side-width:
   *
   * The width of the second child side by side.
   */
  properties[PROP_SIDE_WIDTH] =
    g_param_spec_int ("side-width", NULL, NULL, 0, G_MAXINT, 360,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MarrowDashboardLayout:max-height:
   *
   * Side by side, the row is no taller than this unless a child's minimum
   * is; 0 for no limit.
   */
  properties[PROP_MAX_HEIGHT] =
    g_param_spec_int ("max-height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 18,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
marrow_dashboard_layout_init (MarrowDashboardLayout *self)
{
  self->threshold = 900;
  self->side_width = 360;
  self->spacing = 18;
}

GtkLayoutManager *
marrow_dashboard_layout_new (void)
{
  return g_object_new (MARROW_TYPE_DASHBOARD_LAYOUT, NULL);
}

int
marrow_dashboard_layout_get_threshold (MarrowDashboardLayout *self)
{
  g_return_val_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self), 0);

  return self->threshold;
}

void
marrow_dashboard_layout_set_threshold (MarrowDashboardLayout *self,
                                       int                    threshold)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self));

  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

int
marrow_dashboard_layout_get_side_width (MarrowDashboardLayout *self)
{
  g_return_val_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self), 0);

  return self->side_width;
}

void
marrow_dashboard_layout_set_side_width (MarrowDashboardLayout *self,
                                        int                    side_width)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self));

  if (self->side_width == side_width)
    return;
  self->side_width = side_width;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDE_WIDTH]);
}

int
marrow_dashboard_layout_get_max_height (MarrowDashboardLayout *self)
{
  g_return_val_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self), 0);

  return self->max_height;
}

void
marrow_dashboard_layout_set_max_height (MarrowDashboardLayout *self,
                                             int                    height)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self));

  if (self->max_height == height)
    return;
  self->max_height = height;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_HEIGHT]);
}

int
marrow_dashboard_layout_get_spacing (MarrowDashboardLayout *self)
{
  g_return_val_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self), 0);

  return self->spacing;
}

void
marrow_dashboard_layout_set_spacing (MarrowDashboardLayout *self,
                                     int                    spacing)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

/**
 * marrow_dashboard_layout_is_stacked_at:
 * @width: a width of the widget the layout belongs to
 *
 * Returns: whether the children are stacked at @width
 */
gboolean
marrow_dashboard_layout_is_stacked_at (MarrowDashboardLayout *self,
                                       int                    width)
{
  GtkWidget *widget, *main_child, *side_child;
  int main_width, side_width;

  g_return_val_if_fail (MARROW_IS_DASHBOARD_LAYOUT (self), TRUE);

  widget = gtk_layout_manager_get_widget (GTK_LAYOUT_MANAGER (self));
  if (widget == NULL)
    return TRUE;
  get_children (widget, &main_child, &side_child);
  return !split (self, main_child, side_child, width, &main_width, &side_width);
}
