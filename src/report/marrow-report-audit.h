/* marrow-report-audit.h: printing and exporting a report, in the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-report.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/**
 * MarrowReportOutput:
 * @MARROW_REPORT_PRINTED: sent to a printer (audit action "print")
 * @MARROW_REPORT_EXPORTED: written to a PDF file (audit action "export")
 */
typedef enum
{
  MARROW_REPORT_PRINTED,
  MARROW_REPORT_EXPORTED,
} MarrowReportOutput;

gboolean marrow_report_log (MarrowStore         *store,
                            MarrowReport        *report,
                            MarrowReportOutput   output,
                            const char          *destination,
                            GError             **error);

G_END_DECLS
