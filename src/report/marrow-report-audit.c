/* marrow-report-audit.c: printing and exporting a report, in the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports carry patient data out of the system (issue 8, point 5), so each
 * print and each PDF is an audit event in the same hash chain as every
 * change (docs/store.md §5): action "print" or "export", who (the acting
 * staff member, as for every event), when, the record the report is about
 * (table_name, record_id: the joint case or the patient) and a detail
 *
 *   {"report":"case","title":"Case report","format":"pdf","destination":"…",
 *    "pages":7,"paper":"a4","records":[["joint_case","…"],…]}
 *
 * where "records" lists the other patients' cases a report shows (the call
 * list).  Both actions are in the audit log's CHECK list since migration 1:
 * no migration was needed.  Callers log before they put a file in place,
 * so a report whose event cannot be written is not written either.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include "marrow-canonical-json.h"
#include "marrow-report-audit.h"
#include "marrow-report-private.h"

/**
 * marrow_report_log:
 * @store: the store the report was made from
 * @report: a paginated report
 * @output: printed or exported
 * @destination: (nullable): the file, or the printer, as the user named it
 * @error: return location for a #GError
 *
 * Records that @report left the system.
 *
 * Returns: %TRUE if the event was logged
 */
gboolean
marrow_report_log (MarrowStore         *store,
                   MarrowReport        *report,
                   MarrowReportOutput   output,
                   const char          *destination,
                   GError             **error)
{
  g_autoptr(GString) detail = g_string_new ("{\"report\":");
  GPtrArray *records;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (MARROW_IS_REPORT (report), FALSE);
  g_return_val_if_fail (marrow_report_get_kind (report) != NULL, FALSE);

  marrow_json_append_string (detail, marrow_report_get_kind (report));
  g_string_append (detail, ",\"title\":");
  marrow_json_append_string (detail, marrow_report_get_title (report));
  g_string_append (detail, ",\"format\":");
  marrow_json_append_string (detail, output == MARROW_REPORT_EXPORTED ? "pdf" : "print");
  g_string_append (detail, ",\"destination\":");
  if (destination != NULL)
    marrow_json_append_string (detail, destination);
  else
    g_string_append (detail, "null");
  g_string_append_printf (detail, ",\"pages\":%u,\"paper\":", marrow_report_get_n_pages (report));
  marrow_json_append_string (detail, marrow_paper_to_string (marrow_report_get_paper (report)));
  records = _marrow_report_get_audit_records (report);
  if (records != NULL && records->len > 0)
    {
      g_string_append (detail, ",\"records\":[");
      for (guint i = 0; i + 1 < records->len; i += 2)
        {
          if (i > 0)
            g_string_append_c (detail, ',');
          g_string_append_c (detail, '[');
          marrow_json_append_string (detail, records->pdata[i]);
          g_string_append_c (detail, ',');
          marrow_json_append_string (detail, records->pdata[i + 1]);
          g_string_append_c (detail, ']');
        }
      g_string_append_c (detail, ']');
    }
  g_string_append_c (detail, '}');

  return marrow_store_log_event (store, output == MARROW_REPORT_EXPORTED ? "export" : "print",
                                 marrow_report_get_subject_table (report),
                                 marrow_report_get_subject_id (report), detail->str, error);
}
