/* test-chart.c: the score chart's data, layout, renderer and loader, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "marrow-chart-data.h"
#include "marrow-chart-layout.h"
#include "marrow-chart-render.h"
#include "marrow-entities.h"
#include "marrow-generator.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-settings.h"
#include "marrow-test-util.h"

#define WIDTH  640
#define HEIGHT 400

static MarrowDay
day_of (const char *text)
{
  MarrowDay day = marrow_day_parse (text);

  g_assert_cmpuint (day, >, 0);
  return day;
}

/* A one-series chart with visits at @offsets (days after @start) */
static MarrowChartData *
chart_new (const char   *start,
           const guint  *offsets,
           const double *values,
           guint         n)
{
  MarrowChartData *data = marrow_chart_data_new ("KOOS", "Knee injury and Osteoarthritis Outcome Score");
  MarrowDay first = day_of (start);
  guint series;

  for (guint i = 0; i < n; i++)
    marrow_chart_data_add_visit (data, first + offsets[i], NULL, NULL);
  series = marrow_chart_data_add_series (data, "pain", "KOOS Pain", 0, 100, TRUE, TRUE);
  for (guint i = 0; i < n; i++)
    marrow_chart_data_set_value (data, series, i, values[i], FALSE);
  return data;
}

/* Days and values to coordinates */
static void
test_mapping (void)
{
  static const struct
  {
    guint  span;        /* days between the first and the last visit */
    double first_at;    /* the first visit's x as a fraction of the plot width */
  } rows[] = {
    { 0, 0.5 },                            /* one day: centred in a 14-day axis */
    { 10, 2.0 / 14 },                      /* short: widened to 14 days */
    { 100, 4.0 / 108 },                    /* 4 % margins */
    { 365, 14.6 / 394.2 },
    { 3650, 146.0 / 3942 },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      guint offsets[] = { 0, rows[r].span / 10, rows[r].span };
      double values[] = { 0, 50, 100 };
      g_autoptr(MarrowChartData) data = chart_new ("2025-03-03", offsets, values, 3);
      g_autoptr(MarrowChartLayout) layout = marrow_chart_layout_new (data, WIDTH, HEIGHT);
      const MarrowChartRect *plot = marrow_chart_layout_get_plot (layout);
      const MarrowChartRect *area = marrow_chart_layout_get_values_area (layout);
      double x0, y0, x1, y1, x2, y2;

      g_test_message ("span %u days", rows[r].span);
      g_assert_true (marrow_chart_layout_get_point (layout, 0, 0, &x0, &y0));
      g_assert_true (marrow_chart_layout_get_point (layout, 0, 1, &x1, &y1));
      g_assert_true (marrow_chart_layout_get_point (layout, 0, 2, &x2, &y2));

      g_assert_cmpfloat_with_epsilon ((x0 - plot->x) / plot->width, rows[r].first_at, 1e-6);
      /* symmetric margins */
      g_assert_cmpfloat_with_epsilon (plot->x + plot->width - x2, x0 - plot->x, 1e-6);
      /* by date, not by index: the visit a tenth of the way sits a tenth of the way */
      if (rows[r].span > 0)
        g_assert_cmpfloat_with_epsilon ((x1 - x0) / (x2 - x0), (double)(rows[r].span / 10) / rows[r].span, 1e-9);
      /* the instrument's range fills the values area, the highest value on top */
      g_assert_cmpfloat_with_epsilon (y0, area->y + area->height, 1e-6);
      g_assert_cmpfloat_with_epsilon (y1, area->y + area->height / 2, 1e-6);
      g_assert_cmpfloat_with_epsilon (y2, area->y, 1e-6);
      /* x and day are inverses */
      g_assert_cmpfloat_with_epsilon (marrow_chart_layout_day_for_x (layout, x2),
                                      (double)day_of ("2025-03-03") + rows[r].span, 1e-6);
      /* inside the drawing */
      g_assert_cmpfloat (plot->x, >, 0);
      g_assert_cmpfloat (plot->x + plot->width, <, WIDTH);
      g_assert_cmpfloat (plot->y + plot->height, <, HEIGHT);
    }
}

/* A lower-is-better scale of 0-10 keeps its numbers: 10 on top */
static void
test_mapping_range (void)
{
  g_autoptr(MarrowChartData) data = marrow_chart_data_new ("PAIN_NRS", NULL);
  g_autoptr(MarrowChartLayout) layout = NULL;
  const MarrowChartRect *area;
  double min, max;

  marrow_chart_data_add_visit (data, day_of ("2025-01-01"), NULL, NULL);
  marrow_chart_data_add_series (data, "pain", "Pain NRS", 0, 10, FALSE, TRUE);
  layout = marrow_chart_layout_new (data, WIDTH, HEIGHT);
  area = marrow_chart_layout_get_values_area (layout);
  marrow_chart_layout_get_value_range (layout, &min, &max);
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 10);
  g_assert_cmpfloat_with_epsilon (marrow_chart_layout_y_for_value (layout, 10), area->y, 1e-9);
  g_assert_cmpfloat_with_epsilon (marrow_chart_layout_y_for_value (layout, 2.5),
                                  area->y + area->height * 0.75, 1e-9);
  /* a value with no score is a gap: no point */
  g_assert_false (marrow_chart_layout_get_point (layout, 0, 0, NULL, NULL));
  g_assert_false (marrow_chart_layout_nearest_point (layout, area->x, area->y, 0, NULL, NULL));
}

/* Tick intervals for spans from two weeks to ten years */
static void
test_ticks (void)
{
  static const struct
  {
    guint               span;
    MarrowChartTickUnit unit;
    guint               step;
  } rows[] = {
    { 14, MARROW_CHART_TICK_DAY, 2 },
    { 30, MARROW_CHART_TICK_WEEK, 1 },
    { 90, MARROW_CHART_TICK_WEEK, 2 },
    { 180, MARROW_CHART_TICK_MONTH, 1 },
    { 365, MARROW_CHART_TICK_MONTH, 2 },
    { 730, MARROW_CHART_TICK_MONTH, 3 },
    { 1825, MARROW_CHART_TICK_YEAR, 1 },
    { 3650, MARROW_CHART_TICK_YEAR, 2 },
  };
  MarrowDay first = day_of ("2020-01-15");

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      MarrowChartTicks ticks;
      MarrowDay last = first + rows[r].span;

      marrow_chart_ticks_choose (first, last, 8, &ticks);
      g_test_message ("span %u: unit %d step %u, %u ticks", rows[r].span, ticks.unit, ticks.step, ticks.n_ticks);
      g_assert_cmpint (ticks.unit, ==, rows[r].unit);
      g_assert_cmpuint (ticks.step, ==, rows[r].step);
      g_assert_cmpuint (ticks.n_ticks, >=, 2);
      g_assert_cmpuint (ticks.n_ticks, <=, 8);
      for (guint i = 0; i < ticks.n_ticks; i++)
        {
          GDate date;

          g_assert_cmpuint (ticks.days[i], >=, first);
          g_assert_cmpuint (ticks.days[i], <=, last);
          if (i > 0)
            g_assert_cmpuint (ticks.days[i], >, ticks.days[i - 1]);
          g_date_clear (&date, 1);
          g_date_set_julian (&date, ticks.days[i]);
          switch (ticks.unit)
            {
            case MARROW_CHART_TICK_WEEK:
              g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_MONDAY);
              break;
            case MARROW_CHART_TICK_MONTH:
              g_assert_cmpint (g_date_get_day (&date), ==, 1);
              g_assert_cmpint ((g_date_get_month (&date) - 1) % ticks.step, ==, 0);
              break;
            case MARROW_CHART_TICK_YEAR:
              g_assert_cmpint (g_date_get_day_of_year (&date), ==, 1);
              g_assert_cmpint (g_date_get_year (&date) % ticks.step, ==, 0);
              break;
            case MARROW_CHART_TICK_DAY:
            default:
              break;
            }
          /* evenly spaced within a unit */
          if (i > 0 && ticks.unit == MARROW_CHART_TICK_DAY)
            g_assert_cmpuint (ticks.days[i] - ticks.days[i - 1], ==, ticks.step);
          if (i > 0 && ticks.unit == MARROW_CHART_TICK_WEEK)
            g_assert_cmpuint (ticks.days[i] - ticks.days[i - 1], ==, 7 * ticks.step);
        }
    }
}

static void
test_ticks_format (void)
{
  MarrowChartTicks ticks;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  marrow_chart_ticks_choose (day_of ("2024-11-15"), day_of ("2025-05-15"), 8, &ticks);
  g_assert_cmpint (ticks.unit, ==, MARROW_CHART_TICK_MONTH);
  a = marrow_chart_ticks_format (&ticks, 0);
  b = marrow_chart_ticks_format (&ticks, 1);
  c = marrow_chart_ticks_format (&ticks, 2);
  /* the year where it starts and where it changes */
  g_assert_cmpstr (a, ==, "Dec 2024");
  g_assert_cmpstr (b, ==, "Jan 2025");
  g_assert_cmpstr (c, ==, "Feb");

  marrow_chart_ticks_choose (day_of ("2020-01-15"), day_of ("2030-01-15"), 8, &ticks);
  g_clear_pointer (&a, g_free);
  a = marrow_chart_ticks_format (&ticks, 0);
  /* every second year, on even years: 2020 lies before 15 January 2020 */
  g_assert_cmpstr (a, ==, "2022");
}

/* The demo chart of the pixel tests: baseline, an injection, follow-ups,
 * a visit where the score was not scorable, one imputed score */
#define INJECTION_DAY 5
static MarrowChartData *
pixel_chart (void)
{
  static const guint offsets[] = { 0, 47, 95, 140, 185 };
  static const double values[] = { 40, 60, 75, NAN, 70 };
  g_autoptr(MarrowChartData) data = chart_new ("2025-01-06", offsets, values, G_N_ELEMENTS (offsets));
  MarrowChartEvent injection = {
    MARROW_CHART_EVENT_INJECTION, day_of ("2025-01-06") + INJECTION_DAY, "inj-1", 1, FALSE, TRUE, "48 cells",
  };

  marrow_chart_data_set_value (data, 0, 4, 70, TRUE);
  marrow_chart_data_set_reference (data, 0, 40, day_of ("2025-01-06"), 10, NAN, FALSE);
  marrow_chart_data_add_event (data, &injection);
  return g_steal_pointer (&data);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  unsigned char *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);

  return ((guint32 *)(gpointer)row)[x] & 0xffffff;
}

static double
distance (guint32                 rgb,
          const MarrowChartColor *color)
{
  double r = (rgb >> 16 & 0xff) - color->red * 255;
  double g = (rgb >> 8 & 0xff) - color->green * 255;
  double b = (rgb & 0xff) - color->blue * 255;

  return sqrt (r * r + g * g + b * b);
}

/* Renders through a PNG file and reads it back, as marrow-cli writes it */
static cairo_surface_t *
render_png (const MarrowChartData  *data,
            const MarrowChartStyle *style)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-chart-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_surface_t *read;
  cairo_t *cr = cairo_create (surface);

  g_assert_no_error (error);
  marrow_chart_render (cr, data, style, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  read = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (read), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (read), ==, WIDTH);
  cairo_surface_flush (read);
  marrow_test_remove_tree (dir);
  return read;
}

static void
test_render_pixels (void)
{
  g_autoptr(MarrowChartData) data = pixel_chart ();
  g_autoptr(MarrowChartLayout) layout = marrow_chart_layout_new (data, WIDTH, HEIGHT);
  const MarrowChartStyle *style = marrow_chart_style_get_print ();
  cairo_surface_t *surface = render_png (data, style);
  const MarrowChartRect *plot = marrow_chart_layout_get_plot (layout);
  double x, y, x_gap, y_gap, x_b, y_b;
  int column, row, best_row = -1;
  guint on = 0, off = 0, changes = 0, best_dark = 0;
  gboolean was_on = FALSE;

  /* The injection marker: a two-pixel column left of its day's x, from
   * the top of the plot to the bottom, with paper beside it */
  column = (int)round (marrow_chart_layout_x_for_day (layout, day_of ("2025-01-06") + INJECTION_DAY));
  row = (int)marrow_chart_layout_y_for_value (layout, 85);
  g_assert_cmpfloat (distance (pixel (surface, column - 1, row), &style->injection), <, 8);
  g_assert_cmpfloat (distance (pixel (surface, column, row), &style->injection), <, 8);
  g_assert_cmpfloat (distance (pixel (surface, column + 3, row), &style->background), <, 8);
  g_assert_cmpfloat (distance (pixel (surface, column - 1, (int)(plot->y + plot->height - 3)),
                               &style->injection), <, 8);

  /* A point: the centre of the 6-month marker is the series' colour */
  g_assert_true (marrow_chart_layout_get_point (layout, 0, 2, &x, &y));
  g_assert_cmpfloat (distance (pixel (surface, (int)x, (int)y), &style->series[0]), <, 8);
  /* ... and the paper a little above the marker's reach */
  g_assert_cmpfloat (distance (pixel (surface, (int)x, (int)(y - 3 * marrow_chart_layout_get_marker_size (layout))),
                               &style->series[0]), >, 100);

  /* A gap: nothing joins the visits before and after the unscorable one */
  g_assert_true (marrow_chart_layout_get_point (layout, 0, 2, &x_gap, &y_gap));
  g_assert_true (marrow_chart_layout_get_point (layout, 0, 4, &x_b, &y_b));
  g_assert_cmpfloat (distance (pixel (surface, (int)((x_gap + x_b) / 2), (int)((y_gap + y_b) / 2)),
                               &style->series[0]), >, 100);

  /* An imputed score: a hollow marker, paper inside, colour on its ring */
  g_assert_cmpfloat (distance (pixel (surface, (int)x_b, (int)y_b), &style->background), <, 8);
  g_assert_cmpfloat (distance (pixel (surface, (int)x_b,
                                      (int)round (y_b - marrow_chart_layout_get_marker_size (layout))),
                               &style->series[0]), <, 90);

  /* The baseline: a dashed row at value 40, from the baseline's day on.
   * Take the darkest of the rows around it, then count its dashes between
   * the injection and the 3-month visit (no line crosses it there). */
  y = marrow_chart_layout_y_for_value (layout, 40);
  for (row = (int)y - 2; row <= (int)y + 2; row++)
    {
      guint dark = 0;

      for (column = (int)plot->x + 2; column < (int)(plot->x + plot->width) - 2; column++)
        if (distance (pixel (surface, column, row), &style->series[0]) < 90)
          dark++;
      if (dark > best_dark)
        {
          best_dark = dark;
          best_row = row;
        }
    }
  g_assert_cmpint (best_row, >=, 0);
  g_assert_true (marrow_chart_layout_get_point (layout, 0, 1, &x, NULL));
  for (column = (int)x + 10; column < (int)x_gap - 10; column++)
    {
      gboolean is_on = distance (pixel (surface, column, best_row), &style->series[0]) < 90;

      if (is_on)
        on++;
      else
        off++;
      if (column > (int)x + 10 && is_on != was_on)
        changes++;
      was_on = is_on;
    }
  g_test_message ("baseline row %d: %u on, %u off, %u changes", best_row, on, off, changes);
  g_assert_cmpuint (on, >, 10);
  g_assert_cmpuint (off, >, 10);
  g_assert_cmpuint (changes, >=, 8);
  cairo_surface_destroy (surface);
}

/* 0, 1 and 200 points, spans of a day to ten years: all draw, in both
 * styles, and an empty chart says so inside the plot */
static void
test_render_sizes (void)
{
  static const guint spans[] = { 0, 1, 14, 400, 3650 };
  const MarrowChartStyle *styles[] = { marrow_chart_style_get_print (), marrow_chart_style_get_dark () };

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autoptr(MarrowChartData) empty = marrow_chart_data_new ("KOOS", NULL);
      g_autoptr(MarrowChartLayout) layout = NULL;
      const MarrowChartRect *area;
      cairo_surface_t *surface;
      guint inked = 0;

      marrow_chart_data_add_series (empty, "pain", "KOOS Pain", 0, 100, TRUE, TRUE);
      layout = marrow_chart_layout_new_for_style (empty, styles[s], WIDTH, HEIGHT);
      area = marrow_chart_layout_get_values_area (layout);
      surface = render_png (empty, styles[s]);
      for (int x = (int)area->x; x < (int)(area->x + area->width); x++)
        for (int y = (int)(area->y + area->height / 2 - 10); y < (int)(area->y + area->height / 2 + 10); y++)
          if (distance (pixel (surface, x, y), &styles[s]->muted) < 60)
            inked++;
      /* "No scores yet for KOOS" */
      g_assert_cmpuint (inked, >, 50);
      cairo_surface_destroy (surface);

      for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
        for (guint n = 1; n <= 200; n += 199)
          {
            g_autoptr(MarrowChartData) data = marrow_chart_data_new ("KOOS", NULL);
            MarrowDay first = day_of ("2024-02-29");
            guint series;

            for (guint v = 0; v < n; v++)
              marrow_chart_data_add_visit (data, first + (n > 1 ? spans[i] * v / (n - 1) : 0), NULL, NULL);
            series = marrow_chart_data_add_series (data, "pain", "KOOS Pain", 0, 100, TRUE, TRUE);
            marrow_chart_data_add_series (data, "adl", "KOOS ADL", 0, 100, TRUE, TRUE);
            for (guint v = 0; v < n; v++)
              {
                marrow_chart_data_set_value (data, series, v, 50 + 40 * sin (v / 7.0), v % 11 == 3);
                marrow_chart_data_set_value (data, series + 1, v, 50 + 40 * cos (v / 9.0), FALSE);
              }
            marrow_chart_data_set_reference (data, 0, 50, first, 10, 70, TRUE);
            g_assert_cmpuint (marrow_chart_data_count_points (data), ==, 2 * n);
            surface = render_png (data, styles[s]);
            cairo_surface_destroy (surface);
          }
    }
}

/* Drawing 200 points is fast enough to redraw every frame */
static void
test_render_speed (void)
{
  g_autoptr(MarrowChartData) data = marrow_chart_data_new ("KOOS", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 500);
  cairo_t *cr = cairo_create (surface);
  MarrowDay first = day_of ("2020-01-01");
  gint64 start;
  double ms;

  for (guint v = 0; v < 200; v++)
    marrow_chart_data_add_visit (data, first + v * 9, NULL, NULL);
  marrow_chart_data_add_series (data, "pain", "KOOS Pain", 0, 100, TRUE, TRUE);
  for (guint v = 0; v < 200; v++)
    marrow_chart_data_set_value (data, 0, v, 50 + 40 * sin (v / 7.0), FALSE);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    marrow_chart_render (cr, data, NULL, 1000, 500);
  ms = (g_get_monotonic_time () - start) / 1000.0 / 20;
  g_test_message ("200 points: %.2f ms per frame", ms);
  /* generous: a 60 Hz frame on a slow, shared test machine */
  g_assert_cmpfloat (ms, <, 50);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_describe (void)
{
  g_autoptr(MarrowChartData) data = marrow_chart_data_new ("KOOS", NULL);
  g_autoptr(MarrowChartData) many = marrow_chart_data_new ("PAIN_VAS", NULL);
  g_autoptr(MarrowChartData) empty = marrow_chart_data_new ("KOOS", NULL);
  MarrowChartEvent injection = { MARROW_CHART_EVENT_INJECTION, day_of ("2025-03-03"), NULL, 1, FALSE, TRUE, NULL };
  MarrowChartEvent booster = { MARROW_CHART_EVENT_INJECTION, day_of ("2026-03-09"), NULL, 2, TRUE, TRUE, NULL };
  MarrowChartEvent harvest = { MARROW_CHART_EVENT_HARVEST, day_of ("2025-03-03"), NULL, 0, FALSE, FALSE, NULL };
  g_autofree char *text = NULL;
  g_autofree char *many_text = NULL;
  g_autofree char *empty_text = NULL;

  marrow_chart_data_add_visit (data, day_of ("2025-02-20"), "a1", "baseline");
  marrow_chart_data_add_visit (data, day_of ("2025-09-01"), "a2", "6m");
  marrow_chart_data_add_visit (data, day_of ("2026-03-02"), "a3", "12m");
  marrow_chart_data_add_visit (data, day_of ("2026-05-04"), "a4", NULL);
  marrow_chart_data_add_series (data, "pain", "KOOS Pain", 0, 100, TRUE, FALSE);
  marrow_chart_data_set_value (data, 0, 0, 45, FALSE);
  marrow_chart_data_set_value (data, 0, 1, 75, FALSE);
  marrow_chart_data_set_value (data, 0, 2, 62, FALSE);
  marrow_chart_data_set_value (data, 0, 3, 58.25, TRUE);
  marrow_chart_data_add_event (data, &booster);
  marrow_chart_data_add_event (data, &harvest);
  marrow_chart_data_add_event (data, &injection);
  text = marrow_chart_data_describe (data);
  g_assert_cmpstr (text, ==,
                   "KOOS Pain: 45 at baseline, 75 at 6 months, 62 at 12 months, 58.2 on 4 May 2026; "
                   "higher is better. Injections: #1 on 3 Mar 2025, #2 (booster) on 9 Mar 2026. 1 harvest.");

  for (guint v = 0; v < 12; v++)
    marrow_chart_data_add_visit (many, day_of ("2025-01-01") + 30 * v, NULL, v == 0 ? "baseline" : NULL);
  marrow_chart_data_add_series (many, "pain", "Pain VAS", 0, 100, FALSE, TRUE);
  for (guint v = 0; v < 12; v++)
    marrow_chart_data_set_value (many, 0, v, v == 5 ? 10 : 60 - v, FALSE);
  many_text = marrow_chart_data_describe (many);
  g_assert_cmpstr (many_text, ==,
                   "Pain VAS: first 60 at baseline, best 10 on 31 May 2025, latest 49 on 27 Nov 2025 "
                   "(12 scores); lower is better.");

  marrow_chart_data_add_series (empty, "pain", "KOOS Pain", 0, 100, TRUE, TRUE);
  empty_text = marrow_chart_data_describe (empty);
  g_assert_cmpstr (empty_text, ==, "No scores yet for KOOS.");
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* Two loads of the same chart give the same data */
static void
assert_same_data (const MarrowChartData *a,
                  const MarrowChartData *b)
{
  g_assert_cmpstr (marrow_chart_data_get_case_id (a), ==, marrow_chart_data_get_case_id (b));
  g_assert_cmpstr (marrow_chart_data_get_instrument_id (a), ==, marrow_chart_data_get_instrument_id (b));
  g_assert_cmpuint (marrow_chart_data_get_n_instrument_choices (a), ==, marrow_chart_data_get_n_instrument_choices (b));
  g_assert_cmpuint (marrow_chart_data_get_n_score_choices (a), ==, marrow_chart_data_get_n_score_choices (b));
  g_assert_cmpuint (marrow_chart_data_get_n_visits (a), ==, marrow_chart_data_get_n_visits (b));
  for (guint v = 0; v < marrow_chart_data_get_n_visits (a); v++)
    {
      const MarrowChartVisit *x = marrow_chart_data_get_visit (a, v);
      const MarrowChartVisit *y = marrow_chart_data_get_visit (b, v);

      g_assert_cmpuint (x->day, ==, y->day);
      g_assert_cmpstr (x->assessment_id, ==, y->assessment_id);
      g_assert_cmpstr (x->time_point, ==, y->time_point);
    }
  g_assert_cmpuint (marrow_chart_data_get_n_series (a), ==, marrow_chart_data_get_n_series (b));
  for (guint s = 0; s < marrow_chart_data_get_n_series (a); s++)
    {
      const MarrowChartSeries *x = marrow_chart_data_get_series (a, s);
      const MarrowChartSeries *y = marrow_chart_data_get_series (b, s);

      g_assert_cmpstr (x->key, ==, y->key);
      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_true (same_double (x->baseline, y->baseline));
      g_assert_cmpuint (x->baseline_day, ==, y->baseline_day);
      g_assert_true (same_double (x->mcid, y->mcid));
      g_assert_true (same_double (x->pass, y->pass));
      g_assert_cmpint (x->pass_is_reference, ==, y->pass_is_reference);
      for (guint v = 0; v < marrow_chart_data_get_n_visits (a); v++)
        {
          g_assert_true (same_double (x->values[v], y->values[v]));
          g_assert_cmpint (x->imputed[v], ==, y->imputed[v]);
        }
    }
  g_assert_cmpuint (marrow_chart_data_get_n_events (a), ==, marrow_chart_data_get_n_events (b));
  for (guint e = 0; e < marrow_chart_data_get_n_events (a); e++)
    {
      const MarrowChartEvent *x = marrow_chart_data_get_event (a, e);
      const MarrowChartEvent *y = marrow_chart_data_get_event (b, e);

      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->day, ==, y->day);
      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpuint (x->number, ==, y->number);
      g_assert_cmpstr (x->dose, ==, y->dose);
    }
}

/* The loader, on the demo practice: every case loads; the baseline and
 * MCID of each series the guidance judged are the guidance's; injections
 * are numbered in day order; loading with the case's evaluation (as the
 * dashboard does) gives the same chart as evaluating in the loader */
static void
test_load_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-chart-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(MarrowStore) store = marrow_store_open (path, TRUE, &error);
  g_autoptr(GDateTime) today = g_date_time_new_from_iso8601 ("2026-06-30T12:00:00Z", NULL);
  MarrowGeneratorOptions options = { 0, 1, TRUE, today };
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  MarrowListQuery all = { NULL };
  guint judged = 0, with_scores = 0, with_events = 0, compared = 0;
  static const char * const unknown_key[] = { "pain", "no_such_score", NULL };

  g_assert_no_error (error);
  g_assert_true (marrow_generate_practice (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  protocols = marrow_guidance_protocols_load (store, &error);
  g_assert_no_error (error);
  cases = marrow_store_find (store, &marrow_entity_joint_case, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, >, 10);

  for (guint c = 0; c < cases->len; c++)
    {
      MarrowRecord *joint_case = cases->pdata[c];
      const char *id = marrow_record_get_id (joint_case);
      g_autoptr(MarrowChartData) data = marrow_chart_data_load (store, id, NULL, NULL, &error);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
      g_autoptr(MarrowGuidanceSnapshot) snapshot = NULL;
      g_autofree char *words = NULL;
      guint number = 0;

      g_assert_no_error (error);
      g_assert_nonnull (data);
      g_assert_cmpstr (marrow_chart_data_get_case_id (data), ==, id);
      words = marrow_chart_data_describe (data);
      g_assert_cmpuint (strlen (words), >, 10);
      if (marrow_chart_data_count_points (data) > 0)
        with_scores++;
      if (marrow_chart_data_get_n_events (data) > 0)
        with_events++;

      for (guint i = 0; i < marrow_chart_data_get_n_events (data); i++)
        {
          const MarrowChartEvent *event = marrow_chart_data_get_event (data, i);

          if (event->kind == MARROW_CHART_EVENT_INJECTION)
            g_assert_cmpuint (event->number, ==, ++number);
        }
      for (guint v = 1; v < marrow_chart_data_get_n_visits (data); v++)
        g_assert_cmpuint (marrow_chart_data_get_visit (data, v - 1)->day, <=,
                          marrow_chart_data_get_visit (data, v)->day);

      evaluation = marrow_guidance_evaluate_case (store, protocols, joint_case, marrow_guidance_today (), 0,
                                                  &snapshot, &error);
      if (evaluation == NULL)
        {
          g_clear_error (&error);
          continue;
        }
      /* Every instrument of the case, with the evaluation handed in */
      for (guint i = 0; i < marrow_chart_data_get_n_instrument_choices (data); i++)
        {
          const char *instrument = marrow_chart_data_get_instrument_choice (data, i)->id;
          g_autoptr(MarrowChartData) evaluated = marrow_chart_data_load (store, id, instrument, NULL, &error);
          g_autoptr(MarrowChartData) handed = NULL;

          g_assert_no_error (error);
          handed = marrow_chart_data_load_for_evaluation (store, evaluation, snapshot, instrument, NULL, &error);
          g_assert_no_error (error);
          assert_same_data (evaluated, handed);
          compared++;
        }
      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        {
          const MarrowGuidanceDomainResult *result = marrow_guidance_evaluation_get_domain (evaluation, d);

          if (result->source == NULL ||
              g_strcmp0 (result->source->instrument, marrow_chart_data_get_instrument_id (data)) != 0)
            continue;
          for (guint s = 0; s < marrow_chart_data_get_n_series (data); s++)
            {
              const MarrowChartSeries *series = marrow_chart_data_get_series (data, s);

              if (g_strcmp0 (series->key, result->source->score) != 0)
                continue;
              g_assert_cmpfloat (series->baseline, ==, result->baseline);
              g_assert_cmpuint (series->baseline_day, ==, result->baseline_day);
              g_assert_cmpfloat (series->mcid, ==, result->source->mcid.value);
              judged++;
            }
        }
    }
  g_test_message ("%u cases, %u with scores, %u with injections, %u judged series", cases->len, with_scores,
                  with_events, judged);
  g_assert_cmpuint (with_scores, >, cases->len / 2);
  g_assert_cmpuint (with_events, >, cases->len / 2);
  g_assert_cmpuint (judged, >, 10);
  g_assert_cmpuint (compared, >, cases->len / 2);

  /* Errors: an unknown case, instrument or score */
  g_assert_null (marrow_chart_data_load (store, "00000000-0000-4000-8000-000000000000", NULL, NULL, &error));
  g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (marrow_chart_data_load (store, marrow_record_get_id (cases->pdata[0]), "NO_SUCH", NULL, &error));
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT);
  g_clear_error (&error);
  g_assert_null (marrow_chart_data_load (store, marrow_record_get_id (cases->pdata[0]), "KOOS", unknown_key, &error));
  g_assert_error (error, MARROW_CHART_ERROR, MARROW_CHART_ERROR_UNKNOWN_SCORE);
  g_clear_error (&error);

  g_clear_object (&store);
  marrow_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/layout/mapping", test_mapping);
  g_test_add_func ("/chart/layout/range", test_mapping_range);
  g_test_add_func ("/chart/ticks/choose", test_ticks);
  g_test_add_func ("/chart/ticks/format", test_ticks_format);
  g_test_add_func ("/chart/render/pixels", test_render_pixels);
  g_test_add_func ("/chart/render/sizes", test_render_sizes);
  g_test_add_func ("/chart/render/speed", test_render_speed);
  g_test_add_func ("/chart/describe", test_describe);
  g_test_add_func ("/chart/load/demo", test_load_demo);

  return g_test_run ();
}
