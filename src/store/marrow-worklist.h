/* marrow-worklist.h: due and overdue follow-ups and the cases that need a physician
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance.h"
#include "marrow-guidance-protocol-registry.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/**
 * MarrowWorklistEntry:
 * @review: a case whose recommendation needs a physician; otherwise a
 *   follow-up time point that is due or overdue
 * @case_id: the joint case
 * @patient: the case's patient
 * @joint_case: the case
 * @time_point: follow-up: the protocol's id (6w, 3m …); interned
 * @target: follow-up: the target day
 * @opens: follow-up: the first day of the window
 * @closes: follow-up: the last day of the window
 * @status: follow-up: DUE or OVERDUE
 * @recommendation: review: the engine's recommendation
 * @classification: review: the response classification
 */
typedef struct
{
  gboolean                      review;
  char                         *case_id;
  MarrowRecord                 *patient;
  MarrowRecord                 *joint_case;
  const char                   *time_point;
  MarrowDay                     target;
  MarrowDay                     opens;
  MarrowDay                     closes;
  MarrowGuidanceTimePointStatus status;
  MarrowGuidanceRecommendation  recommendation;
  MarrowGuidanceClassification  classification;
} MarrowWorklistEntry;

/**
 * MarrowWorklistProgress:
 * @done: cases evaluated so far
 * @total: cases to evaluate
 * @user_data: closure
 *
 * Called after each case, from the thread that collects.
 */
typedef void (*MarrowWorklistProgress) (guint    done,
                                        guint    total,
                                        gpointer user_data);

void       marrow_worklist_entry_free (MarrowWorklistEntry             *entry);
GPtrArray *marrow_worklist_collect    (MarrowStore                     *store,
                                       MarrowGuidanceProtocolRegistry  *protocols,
                                       MarrowDay                        as_of,
                                       MarrowWorklistProgress           progress,
                                       gpointer                         user_data,
                                       GCancellable                    *cancellable,
                                       GError                         **error);
GPtrArray *marrow_worklist_collect_case (MarrowStore                   *store,
                                         MarrowGuidanceProtocolRegistry *protocols,
                                         MarrowRecord                  *joint_case,
                                         MarrowDay                      as_of,
                                         GError                       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowWorklistEntry, marrow_worklist_entry_free)

G_END_DECLS
