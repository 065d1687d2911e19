/* marrow-call-list.c: the worklist on paper, for phoning patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entries of marrow_worklist_collect() as the front desk works them:
 * overdue follow-ups first, then those due, each with the patient's phone
 * number and an empty column to note the call in; then the cases that wait
 * for a physician.  Every case listed is named in the audit event of the
 * list's printing.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-call-list.h"
#include "marrow-guidance-labels.h"

static MarrowReportTable *
add_followup_table (MarrowReport *report)
{
  const MarrowReportColumn columns[] = {
    { _("Patient"), 2.6, MARROW_REPORT_ALIGN_START },
    { _("MRN"), 1.5, MARROW_REPORT_ALIGN_START },
    { _("Phone"), 2.0, MARROW_REPORT_ALIGN_START },
    { _("Joint"), 1.6, MARROW_REPORT_ALIGN_START },
    { _("Follow-up"), 1.4, MARROW_REPORT_ALIGN_START },
    { _("Target"), 1.5, MARROW_REPORT_ALIGN_START },
    { _("Window"), 2.6, MARROW_REPORT_ALIGN_START },
    { _("Called, note"), 2.4, MARROW_REPORT_ALIGN_START },
  };

  return marrow_report_add_table (report, columns, G_N_ELEMENTS (columns));
}

static void
add_followup_row (MarrowReportTable         *table,
                  const MarrowWorklistEntry *entry)
{
  g_autofree char *name = marrow_patient_dup_display_name (entry->patient);
  g_autofree char *joint = marrow_joint_case_dup_title (entry->joint_case);
  g_autofree char *target = marrow_report_format_day (entry->target);
  g_autofree char *opens = marrow_report_format_day (entry->opens);
  g_autofree char *closes = marrow_report_format_day (entry->closes);
  /* Translators: a follow-up's window, first and last day */
  g_autofree char *window = g_strdup_printf (_("%s – %s"), opens, closes);
  const char *phone = marrow_record_get_text (entry->patient, "phone");
  const char *cells[] = {
    name, marrow_record_get_text (entry->patient, "local_id"), phone != NULL ? phone : "—", joint,
    marrow_guidance_time_point_label (entry->time_point), target, window, "",
  };

  marrow_report_table_add_row (table, cells);
}

/**
 * marrow_call_list_new:
 * @store: the store
 * @entries: (element-type MarrowWorklistEntry): a worklist
 * @options: (nullable): the day of the list, when it is printed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the call list, or %NULL with @error set
 */
MarrowReport *
marrow_call_list_new (MarrowStore                *store,
                      GPtrArray                  *entries,
                      const MarrowReportOptions  *options,
                      GError                    **error)
{
  g_autoptr(MarrowReport) report = NULL;
  g_autofree char *day = marrow_report_format_day (marrow_report_options_as_of (options));
  g_autofree char *subtitle = NULL;
  guint n_overdue = 0, n_due = 0, n_review = 0;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const MarrowWorklistEntry *entry = entries->pdata[i];

      if (entry->review)
        n_review++;
      else if (entry->status == MARROW_GUIDANCE_TP_OVERDUE)
        n_overdue++;
      else
        n_due++;
    }

  report = marrow_report_new (_("Call list"));
  marrow_report_set_subject (report, "call_list", NULL, NULL);
  if (!marrow_report_set_frame (report, store, NULL, options, error))
    return NULL;
  /* Translators: the header of a printed call list: its day */
  subtitle = g_strdup_printf (_("Worklist of %s"), day);
  marrow_report_set_header_note (report, subtitle);
  marrow_report_add_title (report, _("Call list"), subtitle);

  for (int pass = 0; pass < 2; pass++)
    {
      guint n = pass == 0 ? n_overdue : n_due;
      MarrowReportTable *table;
      g_autofree char *heading = NULL;

      if (pass == 0)
        /* Translators: a heading of the printed call list */
        heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue follow-up (%u)",
                                                "Overdue follow-ups (%u)", n), n);
      else
        /* Translators: a heading of the printed call list */
        heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due follow-up (%u)",
                                                "Due follow-ups (%u)", n), n);
      marrow_report_add_heading (report, heading);
      if (n == 0)
        {
          marrow_report_add_note (report, _("None."));
          continue;
        }
      table = add_followup_table (report);
      for (guint i = 0; i < entries->len; i++)
        {
          const MarrowWorklistEntry *entry = entries->pdata[i];

          if (entry->review || (entry->status == MARROW_GUIDANCE_TP_OVERDUE) != (pass == 0))
            continue;
          add_followup_row (table, entry);
          marrow_report_add_audit_record (report, "joint_case", entry->case_id);
        }
    }

  {
    const MarrowReportColumn columns[] = {
      { _("Patient"), 2.6, MARROW_REPORT_ALIGN_START },
      { _("MRN"), 1.5, MARROW_REPORT_ALIGN_START },
      { _("Joint"), 1.6, MARROW_REPORT_ALIGN_START },
      { _("Recommendation"), 3.2, MARROW_REPORT_ALIGN_START },
      { _("Response"), 2.2, MARROW_REPORT_ALIGN_START },
    };
    g_autofree char *heading = NULL;
    MarrowReportTable *table;

    /* Translators: a heading of the printed call list */
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "For the physician (%u case)",
                                            "For the physician (%u cases)", n_review), n_review);
    marrow_report_add_heading (report, heading);
    if (n_review == 0)
      marrow_report_add_note (report, _("None."));
    else
      {
        table = marrow_report_add_table (report, columns, G_N_ELEMENTS (columns));
        for (guint i = 0; i < entries->len; i++)
          {
            const MarrowWorklistEntry *entry = entries->pdata[i];
            g_autofree char *name = NULL;
            g_autofree char *joint = NULL;

            if (!entry->review)
              continue;
            name = marrow_patient_dup_display_name (entry->patient);
            joint = marrow_joint_case_dup_title (entry->joint_case);
            {
              const char *cells[] = {
                name, marrow_record_get_text (entry->patient, "local_id"), joint,
                marrow_guidance_recommendation_label (entry->recommendation),
                marrow_guidance_classification_label (entry->classification),
              };

              marrow_report_table_add_row (table, cells);
              marrow_report_add_audit_record (report, "joint_case", entry->case_id);
            }
          }
      }
  }
  return g_steal_pointer (&report);
}
