/* marrow-chart-render.h: the one drawing routine of a score chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cairo and PangoCairo only, no GTK: the widget draws with it through
 * gtk_snapshot_append_cairo(), printing through the print context's cairo
 * context, and marrow-cli onto PNG, SVG and PDF surfaces, so the screen
 * and the paper always agree (style.md 3.4).
 */
#pragma once

#include <cairo.h>

#include "marrow-chart-data.h"
#include "marrow-chart-layout.h"
#include "marrow-chart-style.h"

G_BEGIN_DECLS

void marrow_chart_render            (cairo_t                 *cr,
                                     const MarrowChartData   *data,
                                     const MarrowChartStyle  *style,
                                     double                   width,
                                     double                   height);
void marrow_chart_render_layout     (cairo_t                 *cr,
                                     const MarrowChartLayout *layout);
void marrow_chart_render_highlight  (cairo_t                 *cr,
                                     const MarrowChartLayout *layout,
                                     guint                    series,
                                     guint                    visit,
                                     gboolean                 focus);

G_END_DECLS
