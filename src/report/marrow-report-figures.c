/* marrow-report-figures.c: the score chart as a figure of a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart of the Case dashboard, drawn by the same renderer
 * (marrow_chart_render() of src/chart, its print style) at the body's
 * width: on a PDF surface it stays vector graphics and text.  The data is
 * read when the report is built (in the worker thread, in the window) and
 * drawn on every render, so a re-pagination for another paper draws it at
 * the new width.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-chart-data.h"
#include "marrow-chart-render.h"
#include "marrow-report-figures.h"

/* Points: tall enough for the chart's axes, legend and markers */
#define CHART_HEIGHT 230.0

static void
draw_chart (cairo_t *cr,
            double   width,
            double   height,
            gpointer user_data)
{
  marrow_chart_render (cr, user_data, marrow_chart_style_get_print (), width, height);
}

/**
 * marrow_report_add_figures_for_case:
 * @report: a report being built
 * @store: the store
 * @joint_case: a joint case
 * @error: return location for a #GError
 *
 * Adds the chart of @joint_case's scores (its primary questionnaire, as
 * the dashboard first shows it), or nothing when the case has no scored
 * assessment.
 *
 * Returns: %FALSE with @error set if the chart's data could not be read
 */
gboolean
marrow_report_add_figures_for_case (MarrowReport  *report,
                                    MarrowStore   *store,
                                    MarrowRecord  *joint_case,
                                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *caption = NULL;
  MarrowChartData *data;

  g_return_val_if_fail (MARROW_IS_REPORT (report), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), FALSE);

  data = marrow_chart_data_load (store, marrow_record_get_id (joint_case), NULL, NULL, &local_error);
  if (data == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (marrow_chart_data_get_n_visits (data) == 0 || marrow_chart_data_get_n_series (data) == 0)
    {
      marrow_chart_data_unref (data);
      return TRUE;
    }
  /* Translators: the caption of the score chart in a printed report; %s is the questionnaire */
  caption = g_strdup_printf (_("%s scores over time; injections are marked on the time axis."),
                             marrow_chart_data_get_instrument_id (data));
  marrow_report_add_figure (report, CHART_HEIGHT, draw_chart, data,
                            (GDestroyNotify)marrow_chart_data_unref, caption);
  return TRUE;
}
