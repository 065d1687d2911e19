/* marrow-chart-layout.c: where a score chart puts things
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The x axis is calendar time: a visit's x is proportional to its day, so
 * irregular visit dates keep their real distances (style.md 3.2: by date,
 * not by index).  The y axis is the instrument's whole range (the union of
 * the series' ranges), so charts of one instrument compare at a glance;
 * which way is better is written beside it by the renderer.
 */
#define G_LOG_DOMAIN "marrow-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "marrow-chart-layout.h"

struct _MarrowChartLayout
{
  MarrowChartData        *data;
  const MarrowChartStyle *style;
  double                  width;
  double                  height;
  MarrowChartRect         title;
  MarrowChartRect         legend;
  MarrowChartRect         plot;     /* the frame: event lane and values */
  MarrowChartRect         values;   /* where values map to */
  double                  lane;     /* height of the event-label lane at the top of @plot */
  double                  first_day;
  double                  last_day;
  double                  min_value;
  double                  max_value;
  MarrowChartTicks        ticks;
  guint                   n_value_ticks;
  double                  value_ticks[16];
  double                  marker_size;
};

/* The first tick day on or after @day */
static MarrowDay
tick_at_or_after (MarrowChartTickUnit unit,
                  guint               step,
                  MarrowDay           day)
{
  GDate date;
  guint year, month;

  switch (unit)
    {
    case MARROW_CHART_TICK_DAY:
      return (day + step - 1) / step * step;

    case MARROW_CHART_TICK_WEEK:
      {
        /* Julian day 1 (1 January of year 1) is a Monday */
        guint r = (day - 1) % 7;
        MarrowDay monday = r == 0 ? day : day + 7 - r;
        guint week = (monday - 1) / 7;

        if (week % step != 0)
          monday += (step - week % step) * 7;
        return monday;
      }

    case MARROW_CHART_TICK_MONTH:
      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      year = g_date_get_year (&date);
      month = g_date_get_month (&date);
      if (g_date_get_day (&date) > 1)
        month++;
      while ((month - 1) % step != 0 || month > 12)
        {
          if (month > 12)
            {
              month = 1;
              year++;
              continue;
            }
          month++;
        }
      return marrow_day_from_ymd (year, month, 1);

    case MARROW_CHART_TICK_YEAR:
    default:
      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      year = g_date_get_year (&date);
      if (g_date_get_day_of_year (&date) > 1)
        year++;
      while (year % step != 0)
        year++;
      return marrow_day_from_ymd (year, 1, 1);
    }
}

/**
 * marrow_chart_ticks_choose:
 * @first: the first day of the axis
 * @last: its last day (>= @first)
 * @max_ticks: the most ticks that fit (at most %MARROW_CHART_MAX_TICKS)
 * @ticks: (out caller-allocates): the ticks
 *
 * Chooses the finest calendar interval (1 or 2 days, 1 or 2 weeks, 1, 2, 3
 * or 6 months, 1, 2, 5, 10 … years) that gives no more than @max_ticks
 * ticks between @first and @last, and lists them.  Weeks start on Monday,
 * months on the 1st and years on 1 January, so that labels are round.
 */
void
marrow_chart_ticks_choose (MarrowDay         first,
                           MarrowDay         last,
                           guint             max_ticks,
                           MarrowChartTicks *ticks)
{
  static const struct { MarrowChartTickUnit unit; guint step; } candidates[] = {
    { MARROW_CHART_TICK_DAY, 1 }, { MARROW_CHART_TICK_DAY, 2 },
    { MARROW_CHART_TICK_WEEK, 1 }, { MARROW_CHART_TICK_WEEK, 2 },
    { MARROW_CHART_TICK_MONTH, 1 }, { MARROW_CHART_TICK_MONTH, 2 },
    { MARROW_CHART_TICK_MONTH, 3 }, { MARROW_CHART_TICK_MONTH, 6 },
    { MARROW_CHART_TICK_YEAR, 1 }, { MARROW_CHART_TICK_YEAR, 2 },
    { MARROW_CHART_TICK_YEAR, 5 }, { MARROW_CHART_TICK_YEAR, 10 },
    { MARROW_CHART_TICK_YEAR, 20 }, { MARROW_CHART_TICK_YEAR, 50 },
    { MARROW_CHART_TICK_YEAR, 100 },
  };

  g_return_if_fail (first > 0);
  g_return_if_fail (last >= first);
  g_return_if_fail (ticks != NULL);

  max_ticks = CLAMP (max_ticks, 1, MARROW_CHART_MAX_TICKS);
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      MarrowDay day = tick_at_or_after (candidates[c].unit, candidates[c].step, first);
      guint n = 0;

      ticks->unit = candidates[c].unit;
      ticks->step = candidates[c].step;
      while (day <= last && n <= max_ticks)
        {
          if (n < MARROW_CHART_MAX_TICKS)
            ticks->days[n] = day;
          n++;
          day = tick_at_or_after (candidates[c].unit, candidates[c].step, day + 1);
        }
      if (n <= max_ticks)
        {
          ticks->n_ticks = n;
          return;
        }
    }
  ticks->n_ticks = 0;
}

static guint
year_of (MarrowDay day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_date_get_year (&date);
}

/**
 * marrow_chart_ticks_format:
 * @ticks: ticks
 * @index: one of them
 *
 * The label of a tick in the locale's words: "14 Mar" (with the year on the
 * first tick and where the year changes), "Jan 2025", "Apr", "2026".
 *
 * Returns: (transfer full): the label
 */
char *
marrow_chart_ticks_format (const MarrowChartTicks *ticks,
                           guint                   index)
{
  g_autoptr(GDateTime) date = NULL;
  gboolean new_year;
  const char *format;
  GDate gdate;

  g_return_val_if_fail (ticks != NULL, NULL);
  g_return_val_if_fail (index < ticks->n_ticks, NULL);

  g_date_clear (&gdate, 1);
  g_date_set_julian (&gdate, ticks->days[index]);
  date = g_date_time_new_utc (g_date_get_year (&gdate), g_date_get_month (&gdate),
                              g_date_get_day (&gdate), 0, 0, 0);
  new_year = index == 0 || year_of (ticks->days[index - 1]) != year_of (ticks->days[index]);

  switch (ticks->unit)
    {
    case MARROW_CHART_TICK_DAY:
    case MARROW_CHART_TICK_WEEK:
      /* Translators: chart axis labels in g_date_time_format() notation:
       * a day with its year ("14 Mar 2025") and without ("14 Mar") */
      format = new_year ? C_("chart axis", "%-d %b %Y") : C_("chart axis", "%-d %b");
      break;
    case MARROW_CHART_TICK_MONTH:
      /* Translators: chart axis labels: a month with its year ("Jan 2025")
       * and without ("Apr") */
      format = new_year ? C_("chart axis", "%b %Y") : C_("chart axis", "%b");
      break;
    case MARROW_CHART_TICK_YEAR:
    default:
      /* Translators: chart axis label: a year */
      format = C_("chart axis", "%Y");
      break;
    }
  return g_date_time_format (date, format);
}

/* A "nice" step (1, 2, 2.5 or 5 × 10^k) giving at most @max_ticks intervals */
static double
nice_step (double range,
           guint  max_ticks)
{
  static const double mantissas[] = { 1, 2, 2.5, 5, 10 };
  double raw = range / MAX (max_ticks, 1);
  double power = pow (10, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * power >= raw - 1e-9)
      return mantissas[i] * power;
  return 10 * power;
}

static void
choose_value_ticks (MarrowChartLayout *self)
{
  double f = self->style->font_size;
  guint max_ticks = (guint)CLAMP (self->values.height / (f * 2.5), 1, 10);
  double step = nice_step (self->max_value - self->min_value, max_ticks);
  double value = ceil (self->min_value / step - 1e-9) * step;

  self->n_value_ticks = 0;
  while (value <= self->max_value + 1e-9 && self->n_value_ticks < G_N_ELEMENTS (self->value_ticks))
    {
      self->value_ticks[self->n_value_ticks++] = value;
      value += step;
    }
}

/**
 * marrow_chart_layout_new:
 * @data: the chart
 * @width: the width of the drawing, in user units
 * @height: its height
 *
 * The layout for the print style's font size.
 *
 * Returns: (transfer full): the layout
 */
MarrowChartLayout *
marrow_chart_layout_new (const MarrowChartData *data,
                         double                 width,
                         double                 height)
{
  return marrow_chart_layout_new_for_style (data, NULL, width, height);
}

/**
 * marrow_chart_layout_new_for_style:
 * @data: the chart
 * @style: (nullable): the style whose font size sets the margins; %NULL for
 *   the print style
 * @width: the width of the drawing, in user units
 * @height: its height
 *
 * Returns: (transfer full): the layout
 */
MarrowChartLayout *
marrow_chart_layout_new_for_style (const MarrowChartData  *data,
                                   const MarrowChartStyle *style,
                                   double                  width,
                                   double                  height)
{
  MarrowChartLayout *self;
  MarrowDay first = 0, last = 0;
  double f, pad, top, bottom, left, right, span, margin;
  guint max_ticks;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_new0 (MarrowChartLayout, 1);
  self->data = marrow_chart_data_ref ((MarrowChartData *)data);
  self->style = style != NULL ? style : marrow_chart_style_get_print ();
  self->width = MAX (width, 1);
  self->height = MAX (height, 1);
  f = self->style->font_size;
  pad = f * 0.5;

  /* Title and legend rows only where there is room for them */
  top = pad;
  if (self->height >= f * 16)
    {
      self->title = (MarrowChartRect) { pad, top, self->width - 2 * pad, f * 1.6 };
      top += self->title.height;
    }
  if (self->height >= f * 10)
    {
      self->legend = (MarrowChartRect) { pad, top, self->width - 2 * pad, f * 1.8 };
      top += self->legend.height;
    }
  bottom = f * 1.9 + pad;
  left = f * 3.0 + pad;
  right = f * 1.2;
  self->plot = (MarrowChartRect) { left, top, MAX (self->width - left - right, 1),
                                   MAX (self->height - top - bottom, 1) };

  /* Injection and harvest labels get a lane of two lines above the values */
  if (marrow_chart_data_get_n_events (data) > 0 && self->plot.height >= f * 8)
    self->lane = f * 2.6;
  self->values = (MarrowChartRect) { self->plot.x, self->plot.y + self->lane + f * 0.5, self->plot.width,
                                     MAX (self->plot.height - self->lane - f, 1) };
  self->marker_size = MAX (f * 0.38, 2.5);

  /* Days: the data's span with a margin, at least two weeks wide */
  if (!marrow_chart_data_get_day_range (data, &first, &last))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      first = last = marrow_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                                          g_date_time_get_day_of_month (now));
    }
  span = (double)last - first;
  margin = MAX (span * 0.04, 2);
  if (span + 2 * margin < 14)
    margin = (14 - span) / 2;
  self->first_day = first - margin;
  self->last_day = last + margin;

  /* Values: the union of the series' ranges */
  self->min_value = 0;
  self->max_value = 100;
  for (guint s = 0; s < marrow_chart_data_get_n_series (data); s++)
    {
      const MarrowChartSeries *series = marrow_chart_data_get_series (data, s);

      if (s == 0)
        {
          self->min_value = series->min;
          self->max_value = series->max;
        }
      self->min_value = MIN (self->min_value, series->min);
      self->max_value = MAX (self->max_value, series->max);
    }

  max_ticks = (guint)(self->plot.width / (f * 6.5));
  marrow_chart_ticks_choose ((MarrowDay)ceil (self->first_day), (MarrowDay)floor (self->last_day),
                             MAX (max_ticks, 2), &self->ticks);
  choose_value_ticks (self);
  return self;
}

void
marrow_chart_layout_free (MarrowChartLayout *self)
{
  if (self == NULL)
    return;
  marrow_chart_data_unref (self->data);
  g_free (self);
}

const MarrowChartData *
marrow_chart_layout_get_data (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->data;
}

const MarrowChartStyle *
marrow_chart_layout_get_style (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->style;
}

double
marrow_chart_layout_get_width (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

double
marrow_chart_layout_get_height (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

/**
 * marrow_chart_layout_get_plot:
 *
 * Returns: (transfer none): the frame of the plot: the event lane on top,
 *   the values below it
 */
const MarrowChartRect *
marrow_chart_layout_get_plot (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->plot;
}

/**
 * marrow_chart_layout_get_values_area:
 *
 * Returns: (transfer none): where the value range maps to: its top is the
 *   highest value, its bottom the lowest
 */
const MarrowChartRect *
marrow_chart_layout_get_values_area (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->values;
}

/**
 * marrow_chart_layout_get_legend:
 *
 * Returns: (transfer none): the legend row; its height is 0 when the chart
 *   is too small for one
 */
const MarrowChartRect *
marrow_chart_layout_get_legend (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->legend;
}

/**
 * marrow_chart_layout_get_title:
 *
 * Returns: (transfer none): the title row; its height is 0 when the chart
 *   is too small for one
 */
const MarrowChartRect *
marrow_chart_layout_get_title (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->title;
}

double
marrow_chart_layout_get_event_lane (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lane;
}

/**
 * marrow_chart_layout_get_day_range:
 * @first: (out) (optional): the day at the left edge of the plot
 * @last: (out) (optional): the day at its right edge
 */
void
marrow_chart_layout_get_day_range (const MarrowChartLayout *self,
                                   double                  *first,
                                   double                  *last)
{
  g_return_if_fail (self != NULL);

  if (first != NULL)
    *first = self->first_day;
  if (last != NULL)
    *last = self->last_day;
}

/**
 * marrow_chart_layout_get_value_range:
 * @min: (out) (optional): the value at the bottom of the values area
 * @max: (out) (optional): the value at its top
 */
void
marrow_chart_layout_get_value_range (const MarrowChartLayout *self,
                                     double                  *min,
                                     double                  *max)
{
  g_return_if_fail (self != NULL);

  if (min != NULL)
    *min = self->min_value;
  if (max != NULL)
    *max = self->max_value;
}

const MarrowChartTicks *
marrow_chart_layout_get_ticks (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->ticks;
}

guint
marrow_chart_layout_get_n_value_ticks (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_value_ticks;
}

double
marrow_chart_layout_get_value_tick (const MarrowChartLayout *self,
                                    guint                    index)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (index < self->n_value_ticks, NAN);
  return self->value_ticks[index];
}

/**
 * marrow_chart_layout_get_marker_size:
 *
 * Returns: the radius of a point's marker
 */
double
marrow_chart_layout_get_marker_size (const MarrowChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->marker_size;
}

/**
 * marrow_chart_layout_x_for_day:
 * @day: a day (fractions allowed)
 *
 * Returns: its x; linear in the day
 */
double
marrow_chart_layout_x_for_day (const MarrowChartLayout *self,
                               double                   day)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->plot.x + (day - self->first_day) / (self->last_day - self->first_day) * self->plot.width;
}

/**
 * marrow_chart_layout_day_for_x:
 *
 * Returns: the day (with fraction) at @x; the inverse of
 *   marrow_chart_layout_x_for_day()
 */
double
marrow_chart_layout_day_for_x (const MarrowChartLayout *self,
                               double                   x)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->first_day + (x - self->plot.x) / self->plot.width * (self->last_day - self->first_day);
}

/**
 * marrow_chart_layout_y_for_value:
 * @value: a value on the instrument's scale
 *
 * Returns: its y: the top of the values area for the highest value, the
 *   bottom for the lowest, whichever direction is better
 */
double
marrow_chart_layout_y_for_value (const MarrowChartLayout *self,
                                 double                   value)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->values.y + (self->max_value - value) / (self->max_value - self->min_value) * self->values.height;
}

/**
 * marrow_chart_layout_get_point:
 * @x: (out) (optional): where the point is
 * @y: (out) (optional):
 *
 * Returns: %FALSE when the series has no value at that visit (a gap)
 */
gboolean
marrow_chart_layout_get_point (const MarrowChartLayout *self,
                               guint                    series,
                               guint                    visit,
                               double                  *x,
                               double                  *y)
{
  const MarrowChartSeries *s;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (series < marrow_chart_data_get_n_series (self->data), FALSE);
  g_return_val_if_fail (visit < marrow_chart_data_get_n_visits (self->data), FALSE);

  s = marrow_chart_data_get_series (self->data, series);
  if (isnan (s->values[visit]))
    return FALSE;
  if (x != NULL)
    *x = marrow_chart_layout_x_for_day (self, marrow_chart_data_get_visit (self->data, visit)->day);
  if (y != NULL)
    *y = marrow_chart_layout_y_for_value (self, s->values[visit]);
  return TRUE;
}

/**
 * marrow_chart_layout_nearest_point:
 * @x: a position
 * @y: a position
 * @max_distance: how far the point may be; 0 or less for no limit
 * @series: (out) (optional): the nearest point's series
 * @visit: (out) (optional): its visit
 *
 * Returns: %FALSE when no point lies within @max_distance
 */
gboolean
marrow_chart_layout_nearest_point (const MarrowChartLayout *self,
                                   double                   x,
                                   double                   y,
                                   double                   max_distance,
                                   guint                   *series,
                                   guint                   *visit)
{
  double best = max_distance > 0 ? max_distance * max_distance + 1e-9 : INFINITY;
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint s = 0; s < marrow_chart_data_get_n_series (self->data); s++)
    for (guint v = 0; v < marrow_chart_data_get_n_visits (self->data); v++)
      {
        double px, py, d;

        if (!marrow_chart_layout_get_point (self, s, v, &px, &py))
          continue;
        d = (px - x) * (px - x) + (py - y) * (py - y);
        if (d < best)
          {
            best = d;
            found = TRUE;
            if (series != NULL)
              *series = s;
            if (visit != NULL)
              *visit = v;
          }
      }
  return found;
}
