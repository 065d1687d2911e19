/* marrow-assessment-time-point.h: the follow-up time point of an assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-day.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/**
 * MARROW_ASSESSMENT_NO_INJECTION:
 *
 * The day count of an assessment with no injection of its case on or
 * before its day.
 */
#define MARROW_ASSESSMENT_NO_INJECTION (-1)

const char *marrow_assessment_time_point_suggest (gint64        days_since_injection);
gboolean    marrow_assessment_latest_injection   (MarrowStore  *store,
                                                  const char   *joint_case_id,
                                                  MarrowDay     day,
                                                  MarrowDay    *injection_day,
                                                  GError      **error);

G_END_DECLS
