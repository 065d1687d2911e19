/* marrow-followup-letter.h: a letter to the patient for a due questionnaire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-report-format.h"
#include "marrow-report.h"
#include "marrow-worklist.h"

G_BEGIN_DECLS

MarrowReport *marrow_followup_letter_new (MarrowStore                *store,
                                          GPtrArray                  *followups,
                                          const MarrowReportOptions  *options,
                                          GError                    **error);

G_END_DECLS
