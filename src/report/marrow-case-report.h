/* marrow-case-report.h: the case report of one joint case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-protocol-registry.h"
#include "marrow-report-format.h"
#include "marrow-report.h"
#include "marrow-store.h"

G_BEGIN_DECLS

MarrowReport *marrow_case_report_new (MarrowStore                     *store,
                                      MarrowGuidanceProtocolRegistry  *protocols,
                                      MarrowRecord                    *joint_case,
                                      const MarrowReportOptions       *options,
                                      GError                         **error);

G_END_DECLS
