/* marrow-guidance-case.c: one joint case of a store, evaluated by the guidance engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What "marrow-cli guidance", "decide" and "worklist" and the case page and
 * the worklist page of the window all do: read the case into a snapshot,
 * pick the protocol for its joint and product, evaluate.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include "marrow-guidance-case.h"
#include "marrow-guidance-snapshot-builder.h"

/**
 * marrow_guidance_evaluate_case:
 * @store: the store holding @joint_case
 * @protocols: the protocols, with the database's overrides applied
 *   (marrow_guidance_protocols_load())
 * @joint_case: a stored joint case
 * @as_of: the evaluation day; later records are ignored
 * @repeat_on: a repeat injection requested for this day, or 0
 * @snapshot: (out) (optional) (transfer full): what was read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the evaluation, or %NULL with @error
 *   set when the case could not be read or no protocol covers it
 */
MarrowGuidanceEvaluation *
marrow_guidance_evaluate_case (MarrowStore                     *store,
                               MarrowGuidanceProtocolRegistry  *protocols,
                               MarrowRecord                    *joint_case,
                               MarrowDay                        as_of,
                               MarrowDay                        repeat_on,
                               MarrowGuidanceSnapshot         **snapshot_out,
                               GError                         **error)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = NULL;
  MarrowGuidanceProtocol *protocol;
  MarrowGuidanceEvaluation *evaluation;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (protocols), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);
  g_return_val_if_fail (as_of != 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  snapshot = marrow_guidance_snapshot_build (store, joint_case, as_of, error);
  if (snapshot == NULL)
    return NULL;
  snapshot->planned_repeat = repeat_on;
  protocol = marrow_guidance_protocol_registry_select (protocols, snapshot->joint,
                                                       marrow_guidance_snapshot_get_product (snapshot, as_of),
                                                       error);
  if (protocol == NULL)
    return NULL;
  evaluation = marrow_guidance_evaluate (snapshot, protocol, as_of);
  if (snapshot_out != NULL)
    *snapshot_out = g_steal_pointer (&snapshot);
  return evaluation;
}

/**
 * marrow_guidance_today:
 *
 * Returns: today's local date, the default evaluation day
 */
MarrowDay
marrow_guidance_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return marrow_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now));
}
