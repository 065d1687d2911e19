/* marrow-chart-render.c: the one drawing routine of a score chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is drawn and why is in docs/chart.md.  In short, from back to front:
 * grid and axes; per series the MCID band around the baseline (shaded), the
 * baseline (dashed) and the PASS (dotted); injections (solid vertical line,
 * boosters dashed) and harvests (dotted) with their labels in a lane above
 * the values; the score lines, broken where a score was not scorable; the
 * markers, each series with its own shape, hollow where items were imputed.
 */
#define G_LOG_DOMAIN "marrow-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "marrow-chart-render.h"

typedef struct
{
  cairo_t                 *cr;
  const MarrowChartLayout *layout;
  const MarrowChartData   *data;
  const MarrowChartStyle  *style;
  double                   f;        /* font size */
  GArray                  *labels;   /* MarrowChartRect: labels drawn inside the plot */
} Painter;

static void
set_color (cairo_t                *cr,
           const MarrowChartColor *color,
           double                  alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static const MarrowChartColor *
series_color (const MarrowChartStyle *style,
              guint                   series)
{
  return &style->series[series % MARROW_CHART_N_SERIES_STYLES];
}

static PangoLayout *
text_new (Painter    *p,
          const char *text,
          double      scale,
          gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, p->style->font_family);
  pango_font_description_set_absolute_size (font, p->f * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  *width = (double)w / PANGO_SCALE;
  *height = (double)h / PANGO_SCALE;
}

/* Draws @layout with its top left at (@x, @y) and leaves no current point:
 * pango_cairo_show_layout() would join the next arc to it (test-harness.md
 * P12) */
static void
text_show (Painter     *p,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
  cairo_new_path (p->cr);
}

static gboolean
rects_overlap (const MarrowChartRect *a,
               const MarrowChartRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Claims room for a label inside the plot; %FALSE when it would cover one
 * drawn before */
static gboolean
claim (Painter               *p,
       const MarrowChartRect *rect)
{
  for (guint i = 0; i < p->labels->len; i++)
    if (rects_overlap (rect, &g_array_index (p->labels, MarrowChartRect, i)))
      return FALSE;
  g_array_append_val (p->labels, *rect);
  return TRUE;
}

static void
marker_path (cairo_t           *cr,
             MarrowChartMarker  marker,
             double             x,
             double             y,
             double             r)
{
  cairo_new_sub_path (cr);
  switch (marker)
    {
    case MARROW_CHART_MARKER_SQUARE:
      r *= 0.9;
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case MARROW_CHART_MARKER_TRIANGLE:
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.866, y + r * 0.5);
      cairo_line_to (cr, x - r * 0.866, y + r * 0.5);
      cairo_close_path (cr);
      break;
    case MARROW_CHART_MARKER_TRIANGLE_DOWN:
      r *= 1.25;
      cairo_move_to (cr, x, y + r);
      cairo_line_to (cr, x + r * 0.866, y - r * 0.5);
      cairo_line_to (cr, x - r * 0.866, y - r * 0.5);
      cairo_close_path (cr);
      break;
    case MARROW_CHART_MARKER_DIAMOND:
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case MARROW_CHART_MARKER_HEXAGON:
      r *= 1.1;
      for (guint i = 0; i < 6; i++)
        {
          double angle = G_PI / 3 * i;

          if (i == 0)
            cairo_move_to (cr, x + r * cos (angle), y + r * sin (angle));
          else
            cairo_line_to (cr, x + r * cos (angle), y + r * sin (angle));
        }
      cairo_close_path (cr);
      break;
    case MARROW_CHART_MARKER_CIRCLE:
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

/* A filled marker, or a hollow one (background inside) for a score that
 * used imputed items */
static void
draw_marker (Painter  *p,
             guint     series,
             double    x,
             double    y,
             gboolean  hollow)
{
  cairo_t *cr = p->cr;
  double r = marrow_chart_layout_get_marker_size (p->layout);
  const MarrowChartColor *color = series_color (p->style, series);

  cairo_new_path (cr);
  marker_path (cr, p->style->markers[series % MARROW_CHART_N_SERIES_STYLES], x, y, r);
  if (hollow)
    {
      MarrowChartColor paper = p->style->background;

      if (paper.alpha < 1)
        paper = (MarrowChartColor) { 1, 1, 1, 1 };
      set_color (cr, &paper, 1);
      cairo_fill_preserve (cr);
      set_color (cr, color, 1);
      cairo_set_line_width (cr, MAX (p->f * 0.16, 1.5));
      cairo_stroke (cr);
    }
  else
    {
      set_color (cr, color, 1);
      cairo_fill (cr);
    }
}

static gboolean
same_direction (const MarrowChartData *data,
                gboolean              *higher_is_better)
{
  guint n = marrow_chart_data_get_n_series (data);

  for (guint s = 0; s < n; s++)
    {
      gboolean h = marrow_chart_data_get_series (data, s)->higher_is_better;

      if (s == 0)
        *higher_is_better = h;
      else if (h != *higher_is_better)
        return FALSE;
    }
  return n > 0;
}

static gboolean
any_imputed (const MarrowChartData *data)
{
  for (guint s = 0; s < marrow_chart_data_get_n_series (data); s++)
    {
      const MarrowChartSeries *series = marrow_chart_data_get_series (data, s);

      for (guint v = 0; v < marrow_chart_data_get_n_visits (data); v++)
        if (series->imputed[v])
          return TRUE;
    }
  return FALSE;
}

static void
draw_title (Painter *p)
{
  const MarrowChartRect *rect = marrow_chart_layout_get_title (p->layout);
  const char *id = marrow_chart_data_get_instrument_id (p->data);
  const char *name = marrow_chart_data_get_instrument_name (p->data);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double w, h;

  if (rect->height <= 0 || id == NULL)
    return;
  if (name != NULL && g_strcmp0 (id, name) != 0)
    /* Translators: a chart's title: an instrument's id and its name */
    text = g_strdup_printf (_("%s · %s"), id, name);
  else
    text = g_strdup (id);
  layout = text_new (p, text, 1.1, TRUE);
  pango_layout_set_width (layout, (int)(rect->width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  text_size (layout, &w, &h);
  set_color (p->cr, &p->style->foreground, 1);
  text_show (p, layout, rect->x, rect->y + (rect->height - h) / 2);
}

/* One legend entry: a sample (a series' line and marker, or for @series
 * -1 the hollow marker of imputed scores) and a label; FALSE when it does
 * not fit any more */
static gboolean
legend_entry (Painter    *p,
              double     *x,
              int         series,
              const char *label)
{
  const MarrowChartRect *rect = marrow_chart_layout_get_legend (p->layout);
  g_autoptr(PangoLayout) layout = text_new (p, label, 0.92, FALSE);
  double cy = rect->y + rect->height / 2;
  double sample = series >= 0 ? p->f * 2.0 : p->f * 1.0;
  double w, h;

  text_size (layout, &w, &h);
  if (*x + sample + p->f * 0.4 + w > rect->x + rect->width)
    return FALSE;
  if (series >= 0)
    {
      set_color (p->cr, series_color (p->style, series), 1);
      cairo_set_line_width (p->cr, 2);
      cairo_move_to (p->cr, *x, cy);
      cairo_line_to (p->cr, *x + sample, cy);
      cairo_stroke (p->cr);
      draw_marker (p, series, *x + sample / 2, cy, FALSE);
    }
  else
    {
      cairo_save (p->cr);
      /* the hollow marker of imputed scores, in the foreground colour */
      cairo_new_path (p->cr);
      cairo_arc (p->cr, *x + sample / 2, cy, marrow_chart_layout_get_marker_size (p->layout), 0, 2 * G_PI);
      set_color (p->cr, &p->style->foreground, 1);
      cairo_set_line_width (p->cr, 1.5);
      cairo_stroke (p->cr);
      cairo_restore (p->cr);
    }
  set_color (p->cr, &p->style->foreground, 1);
  text_show (p, layout, *x + sample + p->f * 0.4, cy - h / 2);
  *x += sample + p->f * 0.4 + w + p->f * 1.2;
  return TRUE;
}

static void
draw_legend (Painter *p)
{
  const MarrowChartRect *rect = marrow_chart_layout_get_legend (p->layout);
  guint n = marrow_chart_data_get_n_series (p->data);
  gboolean higher_is_better = TRUE;
  gboolean uniform = same_direction (p->data, &higher_is_better);
  double x = rect->x;

  if (rect->height <= 0 || n == 0)
    return;
  if (uniform)
    {
      g_autoptr(PangoLayout) layout = text_new (p, higher_is_better ? _("↑ better") : _("↓ better"),
                                                0.92, TRUE);
      double w, h;

      text_size (layout, &w, &h);
      set_color (p->cr, &p->style->foreground, 1);
      text_show (p, layout, x, rect->y + (rect->height - h) / 2);
      x += w + p->f * 1.2;
    }
  for (guint s = 0; s < n; s++)
    {
      const MarrowChartSeries *series = marrow_chart_data_get_series (p->data, s);
      g_autofree char *label = uniform ? g_strdup (series->label)
                                       /* Translators: a legend entry when scores differ in direction */
                                       : g_strdup_printf (series->higher_is_better ? _("%s (↑ better)")
                                                                                  : _("%s (↓ better)"),
                                                          series->label);

      if (!legend_entry (p, &x, (int)s, label))
        return;
    }
  if (any_imputed (p->data))
    legend_entry (p, &x, -1, _("imputed items"));
}

static void
draw_grid (Painter *p)
{
  cairo_t *cr = p->cr;
  const MarrowChartRect *plot = marrow_chart_layout_get_plot (p->layout);
  const MarrowChartRect *values = marrow_chart_layout_get_values_area (p->layout);
  const MarrowChartTicks *ticks = marrow_chart_layout_get_ticks (p->layout);
  double last_right = -G_MAXDOUBLE;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < marrow_chart_layout_get_n_value_ticks (p->layout); i++)
    {
      double value = marrow_chart_layout_get_value_tick (p->layout, i);
      double y = round (marrow_chart_layout_y_for_value (p->layout, value)) + 0.5;
      /* "0", never "-0" */
      g_autofree char *text = g_strdup_printf ("%g", fabs (value) < 1e-9 ? 0.0 : value);
      g_autoptr(PangoLayout) layout = text_new (p, text, 0.85, FALSE);
      double w, h;

      set_color (cr, &p->style->grid, 1);
      cairo_move_to (cr, plot->x, y);
      cairo_line_to (cr, plot->x + plot->width, y);
      cairo_stroke (cr);
      text_size (layout, &w, &h);
      set_color (cr, &p->style->muted, 1);
      text_show (p, layout, plot->x - w - p->f * 0.4, y - h / 2);
    }

  for (guint i = 0; i < ticks->n_ticks; i++)
    {
      double x = round (marrow_chart_layout_x_for_day (p->layout, ticks->days[i])) + 0.5;
      g_autofree char *text = marrow_chart_ticks_format (ticks, i);
      g_autoptr(PangoLayout) layout = text_new (p, text, 0.85, FALSE);
      double w, h, left;

      if (x < plot->x || x > plot->x + plot->width)
        continue;
      set_color (cr, &p->style->grid, 1);
      cairo_move_to (cr, x, values->y);
      cairo_line_to (cr, x, plot->y + plot->height);
      cairo_stroke (cr);
      set_color (cr, &p->style->muted, 1);
      cairo_move_to (cr, x, plot->y + plot->height);
      cairo_line_to (cr, x, plot->y + plot->height + p->f * 0.3);
      cairo_stroke (cr);

      text_size (layout, &w, &h);
      left = CLAMP (x - w / 2, 0, marrow_chart_layout_get_width (p->layout) - w);
      /* labels that would overlap the previous one are skipped (sysprof's
       * time ruler does the same) */
      if (left < last_right + p->f * 0.5)
        continue;
      text_show (p, layout, left, plot->y + plot->height + p->f * 0.4);
      last_right = left + w;
    }

  /* The axes */
  set_color (cr, &p->style->muted, 1);
  cairo_move_to (cr, plot->x + 0.5, plot->y);
  cairo_line_to (cr, plot->x + 0.5, plot->y + plot->height + 0.5);
  cairo_line_to (cr, plot->x + plot->width, plot->y + plot->height + 0.5);
  cairo_stroke (cr);
}

/* A small label in a series' colour at the right end of a reference line */
static void
reference_label (Painter                *p,
                 const MarrowChartColor *color,
                 const char             *text,
                 double                  y)
{
  const MarrowChartRect *plot = marrow_chart_layout_get_plot (p->layout);
  g_autoptr(PangoLayout) layout = text_new (p, text, 0.75, FALSE);
  MarrowChartRect rect;
  double w, h;

  text_size (layout, &w, &h);
  rect = (MarrowChartRect) { plot->x + plot->width - w - p->f * 0.3, y - h - 1, w, h };
  if (!claim (p, &rect))
    {
      rect.y = y + 1;
      if (!claim (p, &rect))
        return;
    }
  set_color (p->cr, color, 1);
  text_show (p, layout, rect.x, rect.y);
}

static void
draw_references (Painter *p)
{
  cairo_t *cr = p->cr;
  const MarrowChartRect *plot = marrow_chart_layout_get_plot (p->layout);
  const MarrowChartRect *values = marrow_chart_layout_get_values_area (p->layout);
  double right = plot->x + plot->width;
  double min, max;

  marrow_chart_layout_get_value_range (p->layout, &min, &max);
  for (guint s = 0; s < marrow_chart_data_get_n_series (p->data); s++)
    {
      const MarrowChartSeries *series = marrow_chart_data_get_series (p->data, s);
      const MarrowChartColor *color = series_color (p->style, s);

      if (!isnan (series->baseline))
        {
          /* From the baseline day on: the band and the line are what later
           * scores are compared with */
          double from = MAX (marrow_chart_layout_x_for_day (p->layout, series->baseline_day), plot->x);
          double y = marrow_chart_layout_y_for_value (p->layout, series->baseline);
          static const double dash[] = { 6, 4 };

          if (!isnan (series->mcid) && series->mcid > 0)
            {
              double top = marrow_chart_layout_y_for_value (p->layout, MIN (series->baseline + series->mcid, max));
              double bottom = marrow_chart_layout_y_for_value (p->layout, MAX (series->baseline - series->mcid, min));

              set_color (cr, color, 0.14);
              cairo_rectangle (cr, from, top, right - from, bottom - top);
              cairo_fill (cr);
            }
          set_color (cr, color, 1);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_move_to (cr, from, y);
          cairo_line_to (cr, right, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          reference_label (p, color, !isnan (series->mcid) ? _("baseline ± MCID") : _("baseline"), y);
        }
      if (!isnan (series->pass) && series->pass >= min && series->pass <= max)
        {
          double y = marrow_chart_layout_y_for_value (p->layout, series->pass);
          static const double dots[] = { 1.5, 3 };

          set_color (cr, color, 1);
          cairo_set_line_width (cr, 1.5);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
          cairo_move_to (cr, values->x, y);
          cairo_line_to (cr, right, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          /* Translators: the label of a PASS line taken from another
           * population, shown as a reference only */
          reference_label (p, color, series->pass_is_reference ? _("PASS (reference)") : _("PASS"), y);
        }
    }
}

static char *
event_label (const MarrowChartEvent *event,
             gboolean                short_form)
{
  if (event->kind == MARROW_CHART_EVENT_HARVEST)
    return g_strdup (short_form ? C_("chart harvest marker", "H") : _("Harvest"));
  if (short_form)
    return g_strdup_printf ("#%u", event->number);
  if (event->booster && event->dose != NULL)
    /* Translators: an injection marker's label: number, booster, dose */
    return g_strdup_printf (_("#%u booster · %s"), event->number, event->dose);
  if (event->booster)
    return g_strdup_printf (_("#%u booster"), event->number);
  if (event->dose != NULL)
    /* Translators: an injection marker's label: number and dose */
    return g_strdup_printf (_("#%u · %s"), event->number, event->dose);
  return g_strdup_printf ("#%u", event->number);
}

static void
draw_events (Painter *p)
{
  cairo_t *cr = p->cr;
  const MarrowChartRect *plot = marrow_chart_layout_get_plot (p->layout);
  double lane = marrow_chart_layout_get_event_lane (p->layout);
  double row_right[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
  static const double booster_dash[] = { 5, 3 };
  static const double harvest_dots[] = { 1.5, 3 };

  for (guint i = 0; i < marrow_chart_data_get_n_events (p->data); i++)
    {
      const MarrowChartEvent *event = marrow_chart_data_get_event (p->data, i);
      const MarrowChartColor *color = event->kind == MARROW_CHART_EVENT_INJECTION ? &p->style->injection
                                                                                  : &p->style->harvest;
      /* on a pixel edge, two units wide: crisp on screen and in a PNG */
      double x = round (marrow_chart_layout_x_for_day (p->layout, event->day));

      set_color (cr, color, 1);
      if (event->kind == MARROW_CHART_EVENT_HARVEST)
        {
          cairo_set_line_width (cr, 1.5);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_dash (cr, harvest_dots, G_N_ELEMENTS (harvest_dots), 0);
        }
      else
        {
          cairo_set_line_width (cr, 2);
          if (event->booster)
            cairo_set_dash (cr, booster_dash, G_N_ELEMENTS (booster_dash), 0);
        }
      cairo_move_to (cr, x, plot->y);
      cairo_line_to (cr, x, plot->y + plot->height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

      if (lane <= 0)
        continue;
      /* The label in the first of the lane's two rows with room, else its
       * short form ("#2"), else none */
      for (guint form = 0; form < 2; form++)
        {
          g_autofree char *text = event_label (event, form == 1);
          g_autoptr(PangoLayout) layout = text_new (p, text, 0.8, event->kind == MARROW_CHART_EVENT_INJECTION);
          gboolean placed = FALSE;
          double w, h;

          text_size (layout, &w, &h);
          for (guint row = 0; row < 2 && !placed; row++)
            {
              double left = x + 3;
              MarrowChartRect rect = { left, plot->y + 1 + row * lane / 2, w, h };

              if (left + w > plot->x + plot->width)
                rect.x = left = x - 3 - w;
              if (left <= row_right[row] + 2 || left < plot->x)
                continue;
              set_color (cr, color, 1);
              text_show (p, layout, left, rect.y);
              row_right[row] = MAX (left + w, x);
              g_array_append_val (p->labels, rect);
              placed = TRUE;
            }
          if (placed)
            break;
        }
    }
}

static void
draw_series (Painter *p)
{
  cairo_t *cr = p->cr;
  guint n_visits = marrow_chart_data_get_n_visits (p->data);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < marrow_chart_data_get_n_series (p->data); s++)
    {
      gboolean drawing = FALSE;

      /* Lines, broken at every visit where the score was not scorable */
      cairo_new_path (cr);
      for (guint v = 0; v < n_visits; v++)
        {
          double x, y;

          if (!marrow_chart_layout_get_point (p->layout, s, v, &x, &y))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          drawing = TRUE;
        }
      set_color (cr, series_color (p->style, s), 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  for (guint s = 0; s < marrow_chart_data_get_n_series (p->data); s++)
    {
      const MarrowChartSeries *series = marrow_chart_data_get_series (p->data, s);

      for (guint v = 0; v < n_visits; v++)
        {
          double x, y;

          if (marrow_chart_layout_get_point (p->layout, s, v, &x, &y))
            draw_marker (p, s, x, y, series->imputed[v]);
        }
    }
}

static void
draw_empty (Painter *p)
{
  const MarrowChartRect *values = marrow_chart_layout_get_values_area (p->layout);
  const char *id = marrow_chart_data_get_instrument_id (p->data);
  g_autofree char *text = id != NULL ? g_strdup_printf (_("No scores yet for %s"), id)
                                     : g_strdup (_("No scores yet"));
  g_autoptr(PangoLayout) layout = text_new (p, text, 1.0, FALSE);
  double w, h;

  pango_layout_set_width (layout, (int)(values->width * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  text_size (layout, &w, &h);
  set_color (p->cr, &p->style->muted, 1);
  text_show (p, layout, values->x, values->y + (values->height - h) / 2);
}

/**
 * marrow_chart_render_layout:
 * @cr: where to draw
 * @layout: the chart, laid out
 *
 * Draws the chart in (0, 0)–(width, height) of @layout, in user units.
 */
void
marrow_chart_render_layout (cairo_t                 *cr,
                            const MarrowChartLayout *layout)
{
  const MarrowChartRect *plot;
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (MarrowChartRect));
  Painter p;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  p = (Painter) { cr, layout, marrow_chart_layout_get_data (layout), marrow_chart_layout_get_style (layout),
                  marrow_chart_layout_get_style (layout)->font_size, labels };
  plot = marrow_chart_layout_get_plot (layout);

  cairo_save (cr);
  cairo_new_path (cr);
  if (p.style->background.alpha > 0)
    {
      set_color (cr, &p.style->background, 1);
      cairo_rectangle (cr, 0, 0, marrow_chart_layout_get_width (layout), marrow_chart_layout_get_height (layout));
      cairo_fill (cr);
    }
  draw_title (&p);
  draw_legend (&p);
  draw_grid (&p);

  cairo_save (cr);
  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (cr);
  draw_references (&p);
  draw_events (&p);
  draw_series (&p);
  cairo_restore (cr);

  if (marrow_chart_data_count_points (p.data) == 0)
    draw_empty (&p);
  cairo_restore (cr);
}

/**
 * marrow_chart_render:
 * @cr: where to draw
 * @data: the chart's data
 * @style: (nullable): the colours and font; %NULL for the print style
 * @width: the width, in user units (pixels for a PNG, points for a PDF)
 * @height: the height
 *
 * Draws the chart in (0, 0)–(@width, @height).
 */
void
marrow_chart_render (cairo_t                *cr,
                     const MarrowChartData  *data,
                     const MarrowChartStyle *style,
                     double                  width,
                     double                  height)
{
  g_autoptr(MarrowChartLayout) layout = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (data != NULL);

  layout = marrow_chart_layout_new_for_style (data, style, width, height);
  marrow_chart_render_layout (cr, layout);
}

/**
 * marrow_chart_render_highlight:
 * @cr: where the chart was drawn
 * @layout: its layout
 * @series: a series
 * @visit: a visit where it has a value
 * @focus: draw the keyboard focus ring rather than the hover mark
 *
 * Marks one point: a ring for the pointer, a ring and a dashed focus ring
 * for the keyboard.
 */
void
marrow_chart_render_highlight (cairo_t                 *cr,
                               const MarrowChartLayout *layout,
                               guint                    series,
                               guint                    visit,
                               gboolean                 focus)
{
  const MarrowChartStyle *style;
  double x, y, r;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  if (!marrow_chart_layout_get_point (layout, series, visit, &x, &y))
    return;
  style = marrow_chart_layout_get_style (layout);
  r = marrow_chart_layout_get_marker_size (layout);

  cairo_save (cr);
  cairo_new_path (cr);
  set_color (cr, series_color (style, series), 0.35);
  cairo_arc (cr, x, y, r * 2.2, 0, 2 * G_PI);
  cairo_fill (cr);
  if (focus)
    {
      static const double dash[] = { 3, 2 };

      set_color (cr, &style->foreground, 1);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_arc (cr, x, y, r * 2.6, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}
