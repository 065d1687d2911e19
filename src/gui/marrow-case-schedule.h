/* marrow-case-schedule.h: a case's follow-up time points as rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-guidance.h"

G_BEGIN_DECLS

const char *marrow_case_schedule_status_label (MarrowGuidanceTimePointStatus   status);
guint       marrow_case_schedule_fill         (GtkListBox                     *list,
                                               MarrowGuidanceEvaluation       *evaluation,
                                               const MarrowGuidanceSnapshot   *snapshot);

G_END_DECLS
