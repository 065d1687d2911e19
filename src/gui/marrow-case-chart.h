/* marrow-case-chart.h: one score chart of a case with its instrument and score choosers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-chart-data.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_CASE_CHART (marrow_case_chart_get_type ())

G_DECLARE_FINAL_TYPE (MarrowCaseChart, marrow_case_chart, MARROW, CASE_CHART, AdwBin)

GtkWidget       *marrow_case_chart_new            (void);
gboolean         marrow_case_chart_show           (MarrowCaseChart     *self,
                                                   MarrowStore         *store,
                                                   const char          *case_id,
                                                   const char          *instrument_id,
                                                   GError             **error);
gboolean         marrow_case_chart_show_for_evaluation (MarrowCaseChart              *self,
                                                        MarrowStore                  *store,
                                                        MarrowGuidanceEvaluation     *evaluation,
                                                        const MarrowGuidanceSnapshot *snapshot,
                                                        const char                   *instrument_id,
                                                        GError                      **error);
gboolean         marrow_case_chart_set_instrument (MarrowCaseChart     *self,
                                                   const char          *instrument_id,
                                                   GError             **error);
gboolean         marrow_case_chart_set_scores     (MarrowCaseChart     *self,
                                                   const char * const  *score_keys,
                                                   GError             **error);
MarrowChartData *marrow_case_chart_get_data       (MarrowCaseChart     *self);
void             marrow_case_chart_clear          (MarrowCaseChart     *self);

G_END_DECLS
