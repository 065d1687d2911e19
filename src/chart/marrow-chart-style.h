/* marrow-chart-style.h: the colours and font of a score chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Series beyond this many repeat colours and marker shapes */
#define MARROW_CHART_N_SERIES_STYLES 6

/**
 * MarrowChartColor:
 *
 * An RGBA colour, each part 0–1.
 */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} MarrowChartColor;

/**
 * MarrowChartMarker:
 *
 * Marker shapes: every series has its own, so that the lines stay apart in
 * black-and-white print and for readers who do not tell the colours apart.
 */
typedef enum
{
  MARROW_CHART_MARKER_CIRCLE,
  MARROW_CHART_MARKER_SQUARE,
  MARROW_CHART_MARKER_TRIANGLE,
  MARROW_CHART_MARKER_DIAMOND,
  MARROW_CHART_MARKER_TRIANGLE_DOWN,
  MARROW_CHART_MARKER_HEXAGON,
} MarrowChartMarker;

/**
 * MarrowChartStyle:
 * @background: behind everything; alpha 0 leaves the surface as it is
 * @foreground: text and axes
 * @muted: secondary text (tick labels, notes)
 * @grid: grid lines
 * @injection: injection markers
 * @harvest: harvest markers
 * @series: one colour per series (Okabe–Ito, safe for colour-blind readers)
 * @markers: one marker shape per series
 * @font_family: the font's family
 * @font_size: the text size in user units (pixels on screen and in PNG,
 *   points in PDF and SVG)
 */
typedef struct _MarrowChartStyle MarrowChartStyle;

struct _MarrowChartStyle
{
  MarrowChartColor   background;
  MarrowChartColor   foreground;
  MarrowChartColor   muted;
  MarrowChartColor   grid;
  MarrowChartColor   injection;
  MarrowChartColor   harvest;
  MarrowChartColor   series[MARROW_CHART_N_SERIES_STYLES];
  MarrowChartMarker  markers[MARROW_CHART_N_SERIES_STYLES];
  const char        *font_family;
  double             font_size;
};

const MarrowChartStyle *marrow_chart_style_get_print (void);
const MarrowChartStyle *marrow_chart_style_get_dark  (void);

G_END_DECLS
