/* marrow-patient-summary.h: one patient's treated joints on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-protocol-registry.h"
#include "marrow-report-format.h"
#include "marrow-report.h"

G_BEGIN_DECLS

MarrowReport *marrow_patient_summary_new (MarrowStore                     *store,
                                          MarrowGuidanceProtocolRegistry  *protocols,
                                          MarrowRecord                    *patient,
                                          const MarrowReportOptions       *options,
                                          GError                         **error);

G_END_DECLS
