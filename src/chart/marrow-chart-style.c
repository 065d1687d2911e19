/* marrow-chart-style.c: the light (print) and dark styles of a score chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Series colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color
 * Universal Design"), which stays distinct for the common kinds of colour
 * blindness; each series also has its own marker shape, so that a grey
 * print keeps them apart.  The light style is the print style: white paper,
 * near-black text.  The dark style follows libadwaita's dark view colours
 * and starts the palette with the colours that keep their contrast on a
 * dark background.
 */
#define G_LOG_DOMAIN "marrow-chart"

#include "config.h"

#include "marrow-chart-style.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

static const MarrowChartStyle print_style = {
  .background = RGB (0xffffff),
  .foreground = RGB (0x1e1e1e),
  .muted = RGB (0x5e5c64),
  .grid = RGB (0xdeddda),
  .injection = RGB (0x3d3846),
  .harvest = RGB (0x77767b),
  .series = {
    RGB (0x0072b2),  /* blue */
    RGB (0xd55e00),  /* vermillion */
    RGB (0x009e73),  /* bluish green */
    RGB (0xcc79a7),  /* reddish purple */
    RGB (0xe69f00),  /* orange */
    RGB (0x56b4e9),  /* sky blue */
  },
  .markers = {
    MARROW_CHART_MARKER_CIRCLE, MARROW_CHART_MARKER_SQUARE, MARROW_CHART_MARKER_TRIANGLE,
    MARROW_CHART_MARKER_DIAMOND, MARROW_CHART_MARKER_TRIANGLE_DOWN, MARROW_CHART_MARKER_HEXAGON,
  },
  .font_family = "Sans",
  .font_size = 12,
};

static const MarrowChartStyle dark_style = {
  .background = RGB (0x1e1e1e),
  .foreground = RGB (0xffffff),
  .muted = RGB (0xc0bfbc),
  .grid = RGB (0x3d3846),
  .injection = RGB (0xdeddda),
  .harvest = RGB (0x9a9996),
  .series = {
    RGB (0x56b4e9),  /* sky blue */
    RGB (0xe69f00),  /* orange */
    RGB (0x009e73),  /* bluish green */
    RGB (0xcc79a7),  /* reddish purple */
    RGB (0xf0e442),  /* yellow */
    RGB (0xd55e00),  /* vermillion */
  },
  .markers = {
    MARROW_CHART_MARKER_CIRCLE, MARROW_CHART_MARKER_SQUARE, MARROW_CHART_MARKER_TRIANGLE,
    MARROW_CHART_MARKER_DIAMOND, MARROW_CHART_MARKER_TRIANGLE_DOWN, MARROW_CHART_MARKER_HEXAGON,
  },
  .font_family = "Sans",
  .font_size = 12,
};

/**
 * marrow_chart_style_get_print:
 *
 * Returns: (transfer none): the light style, for paper, PDF, PNG and the
 *   light window style
 */
const MarrowChartStyle *
marrow_chart_style_get_print (void)
{
  return &print_style;
}

/**
 * marrow_chart_style_get_dark:
 *
 * Returns: (transfer none): the style for the dark window style
 */
const MarrowChartStyle *
marrow_chart_style_get_dark (void)
{
  return &dark_style;
}
