/* marrow-score-chart.h: a case's score chart as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "marrow-chart-data.h"
#include "marrow-chart-style.h"

G_BEGIN_DECLS

#define MARROW_TYPE_SCORE_CHART (marrow_score_chart_get_type ())

G_DECLARE_FINAL_TYPE (MarrowScoreChart, marrow_score_chart, MARROW, SCORE_CHART, GtkWidget)

GtkWidget              *marrow_score_chart_new             (void);
void                    marrow_score_chart_set_data        (MarrowScoreChart *self,
                                                            MarrowChartData  *data);
MarrowChartData        *marrow_score_chart_get_data        (MarrowScoreChart *self);
const MarrowChartStyle *marrow_score_chart_get_style       (MarrowScoreChart *self);
gboolean                marrow_score_chart_get_hover       (MarrowScoreChart *self,
                                                            guint            *series,
                                                            guint            *visit);
gboolean                marrow_score_chart_get_focus_point (MarrowScoreChart *self,
                                                            guint            *series,
                                                            guint            *visit);
char                   *marrow_score_chart_dup_point_text  (MarrowScoreChart *self,
                                                            guint             series,
                                                            guint             visit);

G_END_DECLS
