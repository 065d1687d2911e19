/* marrow-row-layout.c: children in a row, never measured for their width at a height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A horizontal GtkBox shares its width out as this layout does (minimum
 * widths first, then towards the natural widths, the rest to the children
 * that expand), but it asks each child for its width *at the box's
 * height* while allocating.  For a wrapping GtkLabel (GTK 4.8) that is a
 * binary search over widths, laying out and shaping the whole text at
 * every step (gtklabel.c, get_width_for_height()): 15 to 20 Pango layouts
 * per label and allocation.  On the case dashboard every row of the
 * guidance statements, the treatment chain and the follow-up schedule was
 * an AdwActionRow, whose header is such a box around its wrapping title
 * and subtitle, and the first frame of a case spent 150 ms in those
 * searches (docs/dashboard.md, "Speed").
 *
 * This layout measures every child's width without a height (its minimum
 * and natural width, cached by GTK), gives out the width exactly as the box
 * does, and then asks each child only for its height at the width it got:
 * one layout per label and width.  Each child gets its natural height at
 * that width (at most the row's) and is centred in the row by the layout
 * itself: GTK aligns a child whose valign is not "fill" by asking it for
 * its width at its height, the very search this layout avoids, so the
 * children of this layout should keep valign and halign "fill" (a child
 * that does not wrap text, such as an icon, may align itself).  Baselines
 * are not supported.
 */
#define G_LOG_DOMAIN "marrow-row-layout"

#include "config.h"

#include "marrow-row-layout.h"

struct _MarrowRowLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
};

G_DEFINE_FINAL_TYPE (MarrowRowLayout, marrow_row_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += gtk_widget_should_layout (child);
  return n;
}

/* The width of each visible child in @width (or at its natural width for
 * -1), in @sizes; the children in @sizes[i].data */
static void
share_width (MarrowRowLayout  *self,
             GtkWidget        *widget,
             int               width,
             GtkRequestedSize *sizes,
             guint             n)
{
  int sum_min = 0;
  int extra;
  guint n_expand = 0;
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &sizes[i].minimum_size,
                          &sizes[i].natural_size, NULL, NULL);
      sizes[i].data = child;
      sum_min += sizes[i].minimum_size;
      n_expand += gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      i++;
    }
  g_assert (i == n);

  if (width < 0)
    {
      for (i = 0; i < n; i++)
        sizes[i].minimum_size = sizes[i].natural_size;
      return;
    }

  /* Minimum widths first, then towards the natural ones; what is left goes
   * to the children that expand (gtk_distribute_natural_allocation() sets
   * each minimum_size to the width given) */
  extra = MAX (0, width - (int)(n - 1) * self->spacing - sum_min);
  extra = gtk_distribute_natural_allocation (extra, n, sizes);
  for (i = 0; i < n && n_expand > 0; i++)
    if (gtk_widget_compute_expand (sizes[i].data, GTK_ORIENTATION_HORIZONTAL))
      {
        int share = extra / (int)n_expand;

        sizes[i].minimum_size += share;
        extra -= share;
        n_expand--;
      }
}

static GtkSizeRequestMode
marrow_row_layout_get_request_mode (GtkLayoutManager *manager,
                                    GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
marrow_row_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  MarrowRowLayout *self = MARROW_ROW_LAYOUT (manager);
  guint n = count_children (widget);
  GtkRequestedSize *sizes;

  *minimum = *natural = 0;
  if (n == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The width never depends on the height: @for_size is not passed on */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min;
          *natural += child_nat;
        }
      *minimum += (int)(n - 1) * self->spacing;
      *natural += (int)(n - 1) * self->spacing;
      return;
    }

  sizes = g_newa (GtkRequestedSize, n);
  share_width (self, widget, for_size, sizes, n);
  for (guint i = 0; i < n; i++)
    {
      int child_min, child_nat;

      gtk_widget_measure (sizes[i].data, GTK_ORIENTATION_VERTICAL, for_size < 0 ? -1 : sizes[i].minimum_size,
                          &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
marrow_row_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  MarrowRowLayout *self = MARROW_ROW_LAYOUT (manager);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint n = count_children (widget);
  GtkRequestedSize *sizes;
  int x = 0;

  if (n == 0)
    return;

  sizes = g_newa (GtkRequestedSize, n);
  share_width (self, widget, width, sizes, n);
  for (guint i = 0; i < n; i++)
    {
      int child_width = sizes[i].minimum_size;
      int child_min, child_nat, child_height;

      /* Centred at its natural height here rather than by its valign:
       * GTK aligns a height-for-width child by asking for its width at the
       * height given (gtk_widget_adjust_size_allocation()), the search
       * this layout is for */
      gtk_widget_measure (sizes[i].data, GTK_ORIENTATION_VERTICAL, child_width, &child_min, &child_nat,
                          NULL, NULL);
      child_height = MAX (child_min, MIN (child_nat, height));
      gtk_widget_size_allocate (sizes[i].data,
                                &(GtkAllocation) { rtl ? width - x - child_width : x,
                                                   MAX (0, (height - child_height) / 2),
                                                   child_width, child_height },
                                -1);
      x += child_width + self->spacing;
    }
}

static void
marrow_row_layout_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MarrowRowLayout *self = MARROW_ROW_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, marrow_row_layout_get_spacing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_row_layout_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MarrowRowLayout *self = MARROW_ROW_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      marrow_row_layout_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_row_layout_class_init (MarrowRowLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = marrow_row_layout_get_property;
  object_class->set_property = marrow_row_layout_set_property;

  layout_class->get_request_mode = marrow_row_layout_get_request_mode;
  layout_class->measure = marrow_row_layout_measure;
  layout_class->allocate = marrow_row_layout_allocate;

  /**
   * MarrowRowLayout:spacing:
   *
   * The space between two children.  A layout manager cannot read the CSS
   * border-spacing a GtkBox honours, so it is a property.
   */
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 6,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
marrow_row_layout_init (MarrowRowLayout *self)
{
  self->spacing = 6;
}

GtkLayoutManager *
marrow_row_layout_new (void)
{
  return g_object_new (MARROW_TYPE_ROW_LAYOUT, NULL);
}

int
marrow_row_layout_get_spacing (MarrowRowLayout *self)
{
  g_return_val_if_fail (MARROW_IS_ROW_LAYOUT (self), 0);

  return self->spacing;
}

void
marrow_row_layout_set_spacing (MarrowRowLayout *self,
                               int              spacing)
{
  g_return_if_fail (MARROW_IS_ROW_LAYOUT (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}
