/* marrow-guidance-fixtures.h: snapshots for the guidance tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Days are offsets from DAY0 (15 January 2024), the day of the index
 * injection in most tests.
 */
#pragma once

#include "marrow-guidance.h"
#include "marrow-guidance-protocol-registry.h"

G_BEGIN_DECLS

#define FIXTURE_DAY0 marrow_day_from_ymd (2024, 1, 15)

MarrowGuidanceProtocol *fixture_protocol        (const char             *id);
MarrowGuidanceProtocol *fixture_protocol_edited (const char             *id,
                                                 const char             *find,
                                                 const char             *replace);
MarrowGuidanceSnapshot *fixture_snapshot        (MarrowGuidanceJoint     joint);
void                    fixture_inject          (MarrowGuidanceSnapshot *snapshot,
                                                 int                     day,
                                                 MarrowGuidanceProduct   product,
                                                 MarrowGuidanceRoute     route);
void                    fixture_koos            (MarrowGuidanceSnapshot *snapshot,
                                                 int                     day,
                                                 double                  pain,
                                                 double                  adl);
void                    fixture_score           (MarrowGuidanceSnapshot *snapshot,
                                                 int                     day,
                                                 const char             *instrument,
                                                 const char             *score,
                                                 double                  value);
MarrowGuidanceEvaluation *fixture_evaluate      (MarrowGuidanceSnapshot *snapshot,
                                                 MarrowGuidanceProtocol *protocol,
                                                 int                     as_of);
MarrowGuidanceEvaluation *fixture_evaluate_default (MarrowGuidanceSnapshot *snapshot,
                                                    int                     as_of);
char                   *fixture_describe        (MarrowGuidanceEvaluation *evaluation);

G_END_DECLS
