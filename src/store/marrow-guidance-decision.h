/* marrow-guidance-decision.h: the physician's decision on a guidance evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/* The codes of guidance_decision.decision */
#define MARROW_GUIDANCE_DECISION_ACCEPT   "accept"
#define MARROW_GUIDANCE_DECISION_OVERRIDE "override"

MarrowRecord *marrow_guidance_decision_record      (MarrowStore                   *store,
                                                    MarrowGuidanceEvaluation      *evaluation,
                                                    const MarrowGuidanceSnapshot  *snapshot,
                                                    const char                    *decision,
                                                    const char                    *reason,
                                                    const char                    *action,
                                                    GDateTime                     *now,
                                                    GError                       **error);
MarrowRecord *marrow_guidance_decision_find_latest (MarrowStore                   *store,
                                                    const char                    *case_id,
                                                    MarrowDay                      as_of,
                                                    GError                       **error);

G_END_DECLS
