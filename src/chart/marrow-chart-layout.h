/* marrow-chart-layout.h: where a score chart puts things
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one mapping from days and values to coordinates, used by the
 * renderer to draw and by the widget to find the point under the pointer,
 * so that both always agree.  No cairo, no GTK: the margins follow from the
 * style's font size.
 */
#pragma once

#include "marrow-chart-data.h"
#include "marrow-chart-style.h"

G_BEGIN_DECLS

/* The most ticks marrow_chart_ticks_choose() gives */
#define MARROW_CHART_MAX_TICKS 32

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} MarrowChartRect;

typedef enum
{
  MARROW_CHART_TICK_DAY,
  MARROW_CHART_TICK_WEEK,
  MARROW_CHART_TICK_MONTH,
  MARROW_CHART_TICK_YEAR,
} MarrowChartTickUnit;

/**
 * MarrowChartTicks:
 * @unit: days, weeks (Mondays), months (the 1st) or years (1 January)
 * @step: how many units lie between two ticks
 * @n_ticks: how many ticks
 * @days: the ticks' days, ascending, inside the span
 */
typedef struct
{
  MarrowChartTickUnit unit;
  guint               step;
  guint               n_ticks;
  MarrowDay           days[MARROW_CHART_MAX_TICKS];
} MarrowChartTicks;

void  marrow_chart_ticks_choose (MarrowDay               first,
                                 MarrowDay               last,
                                 guint                   max_ticks,
                                 MarrowChartTicks       *ticks);
char *marrow_chart_ticks_format (const MarrowChartTicks *ticks,
                                 guint                   index);

typedef struct _MarrowChartLayout MarrowChartLayout;

MarrowChartLayout     *marrow_chart_layout_new             (const MarrowChartData   *data,
                                                            double                   width,
                                                            double                   height);
MarrowChartLayout     *marrow_chart_layout_new_for_style   (const MarrowChartData   *data,
                                                            const MarrowChartStyle  *style,
                                                            double                   width,
                                                            double                   height);
void                   marrow_chart_layout_free            (MarrowChartLayout       *self);

const MarrowChartData *marrow_chart_layout_get_data        (const MarrowChartLayout *self);
const MarrowChartStyle *marrow_chart_layout_get_style      (const MarrowChartLayout *self);
double                 marrow_chart_layout_get_width       (const MarrowChartLayout *self);
double                 marrow_chart_layout_get_height      (const MarrowChartLayout *self);
const MarrowChartRect *marrow_chart_layout_get_plot        (const MarrowChartLayout *self);
const MarrowChartRect *marrow_chart_layout_get_values_area (const MarrowChartLayout *self);
const MarrowChartRect *marrow_chart_layout_get_legend      (const MarrowChartLayout *self);
const MarrowChartRect *marrow_chart_layout_get_title       (const MarrowChartLayout *self);
double                 marrow_chart_layout_get_event_lane  (const MarrowChartLayout *self);
void                   marrow_chart_layout_get_day_range   (const MarrowChartLayout *self,
                                                            double                  *first,
                                                            double                  *last);
void                   marrow_chart_layout_get_value_range (const MarrowChartLayout *self,
                                                            double                  *min,
                                                            double                  *max);
const MarrowChartTicks *marrow_chart_layout_get_ticks      (const MarrowChartLayout *self);
guint                  marrow_chart_layout_get_n_value_ticks (const MarrowChartLayout *self);
double                 marrow_chart_layout_get_value_tick  (const MarrowChartLayout *self,
                                                            guint                    index);
double                 marrow_chart_layout_get_marker_size (const MarrowChartLayout *self);

double                 marrow_chart_layout_x_for_day       (const MarrowChartLayout *self,
                                                            double                   day);
double                 marrow_chart_layout_y_for_value     (const MarrowChartLayout *self,
                                                            double                   value);
double                 marrow_chart_layout_day_for_x       (const MarrowChartLayout *self,
                                                            double                   x);
gboolean               marrow_chart_layout_get_point       (const MarrowChartLayout *self,
                                                            guint                    series,
                                                            guint                    visit,
                                                            double                  *x,
                                                            double                  *y);
gboolean               marrow_chart_layout_nearest_point   (const MarrowChartLayout *self,
                                                            double                   x,
                                                            double                   y,
                                                            double                   max_distance,
                                                            guint                   *series,
                                                            guint                   *visit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowChartLayout, marrow_chart_layout_free)

G_END_DECLS
