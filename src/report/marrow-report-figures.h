/* marrow-report-figures.h: the score chart as a figure of a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-report.h"
#include "marrow-store.h"

G_BEGIN_DECLS

gboolean marrow_report_add_figures_for_case (MarrowReport  *report,
                                             MarrowStore   *store,
                                             MarrowRecord  *joint_case,
                                             GError       **error);

G_END_DECLS
