/* marrow-case-sparkline.h: a joint case's primary score over time, small
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "marrow-chart-data.h"

G_BEGIN_DECLS

#define MARROW_TYPE_CASE_SPARKLINE (marrow_case_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (MarrowCaseSparkline, marrow_case_sparkline, MARROW, CASE_SPARKLINE, GtkWidget)

GtkWidget             *marrow_case_sparkline_new         (void);
void                   marrow_case_sparkline_set_data    (MarrowCaseSparkline *self,
                                                          MarrowChartData     *data);
MarrowChartData       *marrow_case_sparkline_get_data    (MarrowCaseSparkline *self);
char                  *marrow_case_sparkline_describe    (const MarrowChartData *data);

G_END_DECLS
