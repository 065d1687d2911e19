/* marrow-case-schedule.c: a case's follow-up time points as rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's "Follow-Up" list (issue 7, point 3): the schedule the
 * guidance engine computed (rule G1, marrow-guidance-schedule.c), one row
 * per time point with its target day, its window and its status: done
 * (with the day), due, overdue, missed or upcoming.  Time points that a
 * later injection superseded are left out; the engine keeps them for the
 * record, but the practice no longer works towards them.  The rows come
 * from the same evaluation the guidance panel shows, so the list and the
 * worklist (marrow-worklist.c) never disagree.
 */
#define G_LOG_DOMAIN "marrow-case-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-case-schedule.h"
#include "marrow-dashboard-row.h"
#include "marrow-date-entry.h"
#include "marrow-guidance-panel-labels.h"

/**
 * marrow_case_schedule_status_label:
 *
 * Returns: (transfer none): the status of a time point in words
 */
const char *
marrow_case_schedule_status_label (MarrowGuidanceTimePointStatus status)
{
  switch (status)
    {
    case MARROW_GUIDANCE_TP_UPCOMING:
      return C_("follow-up", "Upcoming");
    case MARROW_GUIDANCE_TP_DUE:
      return C_("follow-up", "Due");
    case MARROW_GUIDANCE_TP_OVERDUE:
      return C_("follow-up", "Overdue");
    case MARROW_GUIDANCE_TP_DONE:
      return C_("follow-up", "Done");
    case MARROW_GUIDANCE_TP_MISSED:
      return C_("follow-up", "Missed");
    case MARROW_GUIDANCE_TP_SUPERSEDED:
      return C_("follow-up", "Superseded");
    default:
      g_return_val_if_reached (NULL);
    }
}

static GtkWidget *
new_row (const MarrowGuidanceTimePoint *tp,
         const MarrowGuidanceSnapshot  *snapshot)
{
  g_autofree char *target = marrow_date_entry_format_day (tp->target);
  g_autofree char *opens = marrow_date_entry_format_day (tp->opens);
  g_autofree char *closes = marrow_date_entry_format_day (tp->closes);
  g_autofree char *anchor = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *accessible = NULL;
  const char *title = marrow_guidance_time_point_label (tp->id);
  GtkWidget *row;
  GtkWidget *status;

  if (snapshot != NULL && tp->anchor < snapshot->injections->len)
    anchor = marrow_date_entry_format_day (
      g_array_index (snapshot->injections, MarrowGuidanceInjection, tp->anchor).day);
  if (anchor != NULL)
    /* Translators: a follow-up time point: its target day, its window, and
     * the injection it counts from */
    subtitle = g_strdup_printf (_("%s (window %s – %s), after the injection of %s"), target, opens, closes,
                                anchor);
  else
    /* Translators: a follow-up time point: its target day and its window */
    subtitle = g_strdup_printf (_("%s (window %s – %s)"), target, opens, closes);

  if (tp->status == MARROW_GUIDANCE_TP_DONE && tp->done_on != 0)
    {
      g_autofree char *done = marrow_date_entry_format_day (tp->done_on);

      /* Translators: a follow-up done on a day, e.g. "Done 14/03/2026" */
      status_text = g_strdup_printf (_("Done %s"), done);
    }
  else
    status_text = g_strdup (marrow_case_schedule_status_label (tp->status));

  row = marrow_dashboard_row_new (title, subtitle);
  marrow_dashboard_row_set_subtitle_lines (MARROW_DASHBOARD_ROW (row), 2);
  gtk_widget_set_name (row, marrow_guidance_time_point_status_to_string (tp->status));
  status = g_object_new (GTK_TYPE_LABEL,
                         "label", status_text,
                         "valign", GTK_ALIGN_CENTER,
                         "css-classes", (const char *[]) { "follow-up-status", NULL },
                         NULL);
  switch (tp->status)
    {
    case MARROW_GUIDANCE_TP_DUE:
      gtk_widget_add_css_class (status, "due");
      break;
    case MARROW_GUIDANCE_TP_OVERDUE:
      gtk_widget_add_css_class (status, "overdue");
      break;
    case MARROW_GUIDANCE_TP_DONE:
      gtk_widget_add_css_class (status, "done");
      break;
    case MARROW_GUIDANCE_TP_MISSED:
      gtk_widget_add_css_class (status, "missed");
      break;
    case MARROW_GUIDANCE_TP_UPCOMING:
    case MARROW_GUIDANCE_TP_SUPERSEDED:
    default:
      break;
    }
  marrow_dashboard_row_add_suffix (MARROW_DASHBOARD_ROW (row), status);
  /* Translators: a follow-up row for a screen reader: time point, status, days */
  accessible = g_strdup_printf (_("%s, %s, %s"), title, status_text, subtitle);
  marrow_dashboard_row_set_accessible_label (MARROW_DASHBOARD_ROW (row), accessible);
  return row;
}

/**
 * marrow_case_schedule_fill:
 * @list: the list to fill; its rows are replaced
 * @evaluation: (nullable): the case's evaluation
 * @snapshot: (nullable): what it was computed from, for the injection days
 *
 * Returns: the number of rows added
 */
guint
marrow_case_schedule_fill (GtkListBox                   *list,
                           MarrowGuidanceEvaluation     *evaluation,
                           const MarrowGuidanceSnapshot *snapshot)
{
  GtkListBoxRow *row;
  guint n = 0;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), 0);

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
  if (evaluation == NULL)
    return 0;
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      if (tp->status == MARROW_GUIDANCE_TP_SUPERSEDED)
        continue;
      gtk_list_box_append (list, new_row (tp, snapshot));
      n++;
    }
  return n;
}
