/* marrow-guidance.h: repeat-treatment guidance for one joint case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * marrow_guidance_evaluate() is a pure function of a snapshot, a protocol
 * and the evaluation day: no store, no clock, no GTK.  The same inputs give
 * the same evaluation.  The rules are G1-G7 of guidance-evidence.md; the
 * choices where it is silent are in docs/guidance.md.  Every output is
 * decision support for an investigational therapy; the physician decides.
 */
#pragma once

#include "marrow-guidance-protocol.h"
#include "marrow-guidance-snapshot.h"
#include "marrow-guidance-statement.h"

G_BEGIN_DECLS

/**
 * MarrowGuidanceDomainResult:
 * @source: (nullable): the score that measured the domain, or %NULL when
 *   no score of the protocol has a baseline
 * @baseline: the baseline value, on the score's own scale
 * @baseline_day: its day
 * @current: the latest value of the current course, or NAN
 * @current_day: its day, or 0
 * @peak: the best value from the peak day of the course on, or NAN
 * @pass_met: 1 when the latest value meets the PASS, 0 when it does not,
 *   -1 when no PASS applies
 */
typedef struct
{
  const MarrowGuidanceSource *source;
  double                      baseline;
  MarrowDay                   baseline_day;
  double                      current;
  MarrowDay                   current_day;
  double                      peak;
  int                         pass_met;
} MarrowGuidanceDomainResult;

/**
 * MarrowGuidanceTimePoint:
 * @anchor: index of the anchoring injection in the snapshot
 * @id: the protocol's time point id ("6m") or "Ny" for yearly ones; interned
 * @target: the target day
 * @opens: first day of the window
 * @closes: last day of the window
 * @status: its status on the evaluation day
 * @done_on: the day of the assessment that fulfilled it, or 0
 * @superseded_by: index of the injection that re-anchored it, or -1
 */
typedef struct
{
  guint                          anchor;
  const char                    *id;
  MarrowDay                      target;
  MarrowDay                      opens;
  MarrowDay                      closes;
  MarrowGuidanceTimePointStatus  status;
  MarrowDay                      done_on;
  int                            superseded_by;
} MarrowGuidanceTimePoint;

typedef struct _MarrowGuidanceEvaluation MarrowGuidanceEvaluation;

MarrowGuidanceEvaluation         *marrow_guidance_evaluate                        (const MarrowGuidanceSnapshot   *snapshot,
                                                                                   MarrowGuidanceProtocol         *protocol,
                                                                                   MarrowDay                       as_of);
void                              marrow_guidance_evaluation_free                 (MarrowGuidanceEvaluation       *self);
const char                       *marrow_guidance_evaluation_get_case_id          (MarrowGuidanceEvaluation       *self);
MarrowDay                         marrow_guidance_evaluation_get_as_of            (MarrowGuidanceEvaluation       *self);
MarrowGuidanceProtocol           *marrow_guidance_evaluation_get_protocol         (MarrowGuidanceEvaluation       *self);
MarrowGuidanceClassification      marrow_guidance_evaluation_get_classification   (MarrowGuidanceEvaluation       *self);
MarrowGuidanceDurability          marrow_guidance_evaluation_get_durability       (MarrowGuidanceEvaluation       *self);
MarrowGuidanceRecommendation      marrow_guidance_evaluation_get_recommendation   (MarrowGuidanceEvaluation       *self);
MarrowGuidanceFlags               marrow_guidance_evaluation_get_flags            (MarrowGuidanceEvaluation       *self);
MarrowDay                         marrow_guidance_evaluation_get_next_review      (MarrowGuidanceEvaluation       *self);
guint                             marrow_guidance_evaluation_get_n_statements     (MarrowGuidanceEvaluation       *self);
const MarrowGuidanceStatement    *marrow_guidance_evaluation_get_statement        (MarrowGuidanceEvaluation       *self,
                                                                                   guint                           index);
gboolean                          marrow_guidance_evaluation_has_statement        (MarrowGuidanceEvaluation       *self,
                                                                                   MarrowGuidanceStatementCode     code);
guint                             marrow_guidance_evaluation_get_n_time_points    (MarrowGuidanceEvaluation       *self);
const MarrowGuidanceTimePoint    *marrow_guidance_evaluation_get_time_point       (MarrowGuidanceEvaluation       *self,
                                                                                   guint                           index);
const MarrowGuidanceDomainResult *marrow_guidance_evaluation_get_domain           (MarrowGuidanceEvaluation       *self,
                                                                                   MarrowGuidanceDomain            domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowGuidanceEvaluation, marrow_guidance_evaluation_free)

G_END_DECLS
