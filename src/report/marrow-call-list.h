/* marrow-call-list.h: the worklist on paper, for phoning patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-report-format.h"
#include "marrow-report.h"
#include "marrow-worklist.h"

G_BEGIN_DECLS

MarrowReport *marrow_call_list_new (MarrowStore                *store,
                                    GPtrArray                  *entries,
                                    const MarrowReportOptions  *options,
                                    GError                    **error);

G_END_DECLS
