/* marrow-report-format.h: values of records as printed reports show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-cell-format.h"
#include "marrow-code-labels.h"
#include "marrow-day.h"
#include "marrow-patient-name.h"
#include "marrow-report.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/**
 * MarrowReportOptions:
 * @cell_unit: how cell counts are printed
 * @as_of: the day guidance and due follow-ups are judged on; 0 for today
 * @printed_at: (nullable): when the report is made, for its footer; %NULL
 *   for now
 * @printed_by: (nullable): who makes it, for its footer; %NULL for the
 *   store's acting staff member (or the operating-system user)
 *
 * What a report builder needs besides the store.
 */
typedef struct
{
  MarrowCellUnit  cell_unit;
  MarrowDay       as_of;
  GDateTime      *printed_at;
  const char     *printed_by;
} MarrowReportOptions;

char       *marrow_report_format_date      (const char            *iso);
char       *marrow_report_format_day       (MarrowDay              day);
char       *marrow_report_format_instant   (const char            *instant);
char       *marrow_report_number           (MarrowRecord          *record,
                                            const char            *field,
                                            int                    decimals,
                                            const char            *unit);
char       *marrow_report_cells            (MarrowRecord          *record,
                                            const char            *field,
                                            MarrowCellUnit         unit);
char       *marrow_report_staff_name       (MarrowStore           *store,
                                            GHashTable            *cache,
                                            const char            *staff_id);
gboolean    marrow_report_set_frame        (MarrowReport          *report,
                                            MarrowStore           *store,
                                            MarrowRecord          *patient,
                                            const MarrowReportOptions *options,
                                            GError               **error);
MarrowDay   marrow_report_options_as_of    (const MarrowReportOptions *options);

G_END_DECLS
