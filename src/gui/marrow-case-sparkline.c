/* marrow-case-sparkline.c: a joint case's primary score over time, small
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 7, point 4: on the patient page every case row carries a small
 * line of its primary score, so that a patient's knees and hip can be
 * compared at a glance.  The data is the chart's (marrow_chart_data_load():
 * the case's primary instrument, the first of the scores its guidance
 * judges), so the sparkline and the dashboard's chart never disagree.
 *
 * It draws its own polyline rather than marrow_chart_render(): the chart
 * renderer lays out axes, tick labels, a legend and a title, which do not
 * fit 120 × 36 pixels, and the chart library has no compact style.  What
 * is drawn here is only the first series' points joined in day order (x by
 * day, y over the score's full range, so a rise means a higher score),
 * short ticks at the injections, and the last point as a dot; the words
 * are in the accessible description ("KOOS Pain from 45 to 72") and the
 * tooltip.  Colours come from the theme (accent and foreground), so it
 * follows the dark style.
 */
#define G_LOG_DOMAIN "marrow-case-sparkline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "marrow-case-sparkline.h"

#define WIDTH  120
#define HEIGHT 36
#define INSET  3.0

struct _MarrowCaseSparkline
{
  GtkWidget        parent_instance;

  MarrowChartData *data;
};

G_DEFINE_FINAL_TYPE (MarrowCaseSparkline, marrow_case_sparkline, GTK_TYPE_WIDGET)

/* The first series, when it has a value */
static const MarrowChartSeries *
primary_series (const MarrowChartData *data)
{
  if (data == NULL || marrow_chart_data_get_n_series (data) == 0)
    return NULL;
  return marrow_chart_data_get_series (data, 0);
}

/**
 * marrow_case_sparkline_describe:
 * @data: a case's chart data
 *
 * Returns: (transfer full): e.g. "KOOS Pain from 45 to 72", "KOOS Pain 45"
 *   for a single score, or "No scores yet"
 */
char *
marrow_case_sparkline_describe (const MarrowChartData *data)
{
  const MarrowChartSeries *series;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  int first = -1, last = -1;

  g_return_val_if_fail (data != NULL, NULL);

  series = primary_series (data);
  for (guint v = 0; series != NULL && v < marrow_chart_data_get_n_visits (data); v++)
    if (!isnan (series->values[v]))
      {
        if (first < 0)
          first = v;
        last = v;
      }
  if (first < 0)
    return g_strdup (_("No scores yet"));
  first_text = marrow_chart_format_value (series, series->values[first]);
  if (first == last)
    /* Translators: a sparkline with one score, e.g. "KOOS Pain 45" */
    return g_strdup_printf (_("%s %s"), series->label, first_text);
  last_text = marrow_chart_format_value (series, series->values[last]);
  /* Translators: a sparkline: the score, its first and its latest value,
   * e.g. "KOOS Pain from 45 to 72" */
  return g_strdup_printf (_("%s from %s to %s"), series->label, first_text, last_text);
}

static void
update_accessible (MarrowCaseSparkline *self)
{
  g_autofree char *description = NULL;

  if (self->data == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }
  description = marrow_case_sparkline_describe (self->data);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
marrow_case_sparkline_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  MarrowCaseSparkline *self = MARROW_CASE_SPARKLINE (widget);
  const MarrowChartSeries *series = primary_series (self->data);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  MarrowDay first_day, last_day;
  GdkRGBA foreground, accent;
  double span, range, last_x = 0, last_y = 0;
  gboolean started = FALSE;
  guint n_points = 0;
  cairo_t *cr;

  if (series == NULL || !marrow_chart_data_get_day_range (self->data, &first_day, &last_day) ||
      width <= 2 * INSET || height <= 2 * INSET)
    return;

  gtk_style_context_get_color (context, &foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent))
    accent = foreground;
  span = MAX (1.0, (double)last_day - first_day);
  range = series->max > series->min ? series->max - series->min : 1.0;

#define X_OF(day) (INSET + ((double)(day) - first_day) / span * (width - 2 * INSET))
#define Y_OF(value) (INSET + (1.0 - ((value) - series->min) / range) * (height - 2 * INSET))

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The injections: short ticks along the bottom */
  set_source (cr, &foreground, 0.45);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < marrow_chart_data_get_n_events (self->data); i++)
    {
      const MarrowChartEvent *event = marrow_chart_data_get_event (self->data, i);
      double x;

      if (event->kind != MARROW_CHART_EVENT_INJECTION || event->day < first_day || event->day > last_day)
        continue;
      x = round (X_OF (event->day)) + 0.5;
      cairo_move_to (cr, x, height - 1);
      cairo_line_to (cr, x, height - 1 - HEIGHT / 4.0);
    }
  cairo_stroke (cr);

  /* The scores, joined over gaps of unscorable visits */
  set_source (cr, &accent, 1.0);
  cairo_set_line_width (cr, 2.0);
  for (guint v = 0; v < marrow_chart_data_get_n_visits (self->data); v++)
    {
      double value = series->values[v];

      if (isnan (value))
        continue;
      last_x = X_OF (marrow_chart_data_get_visit (self->data, v)->day);
      last_y = Y_OF (CLAMP (value, series->min, series->max));
      if (started)
        cairo_line_to (cr, last_x, last_y);
      else
        cairo_move_to (cr, last_x, last_y);
      started = TRUE;
      n_points++;
    }
  cairo_stroke (cr);
  if (n_points > 0)
    {
      cairo_arc (cr, last_x, last_y, 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

#undef X_OF
#undef Y_OF
}

static void
marrow_case_sparkline_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? WIDTH : HEIGHT;
}

static void
marrow_case_sparkline_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (marrow_case_sparkline_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
marrow_case_sparkline_finalize (GObject *object)
{
  MarrowCaseSparkline *self = MARROW_CASE_SPARKLINE (object);

  g_clear_pointer (&self->data, marrow_chart_data_unref);

  G_OBJECT_CLASS (marrow_case_sparkline_parent_class)->finalize (object);
}

static void
marrow_case_sparkline_class_init (MarrowCaseSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = marrow_case_sparkline_finalize;
  widget_class->snapshot = marrow_case_sparkline_snapshot;
  widget_class->measure = marrow_case_sparkline_measure;
  widget_class->css_changed = marrow_case_sparkline_css_changed;

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
marrow_case_sparkline_init (MarrowCaseSparkline *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Primary score over time"), -1);
}

GtkWidget *
marrow_case_sparkline_new (void)
{
  return g_object_new (MARROW_TYPE_CASE_SPARKLINE, NULL);
}

/**
 * marrow_case_sparkline_set_data:
 * @data: (nullable): the case's chart data; the first series is drawn
 */
void
marrow_case_sparkline_set_data (MarrowCaseSparkline *self,
                                MarrowChartData     *data)
{
  g_return_if_fail (MARROW_IS_CASE_SPARKLINE (self));

  if (self->data == data)
    return;
  g_clear_pointer (&self->data, marrow_chart_data_unref);
  if (data != NULL)
    self->data = marrow_chart_data_ref (data);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * marrow_case_sparkline_get_data:
 *
 * Returns: (transfer none) (nullable): the data drawn
 */
MarrowChartData *
marrow_case_sparkline_get_data (MarrowCaseSparkline *self)
{
  g_return_val_if_fail (MARROW_IS_CASE_SPARKLINE (self), NULL);

  return self->data;
}
