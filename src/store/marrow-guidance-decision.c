/* marrow-guidance-decision.c: the physician's decision on a guidance evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6, point 5: a decision (accept the recommendation, or override it
 * with a reason) is one guidance_decision record holding the evaluation's
 * inputs snapshot and conclusions as canonical JSON
 * (marrow-guidance-json.c), the protocol id and version, the author and the
 * time.  It is saved through marrow_store_apply(), so the audit trail and
 * the archive carry it like every other record; a decision is corrected by
 * entering it in error and recording a new one.  The core validates it
 * (marrow-rules-guidance.c) before anything is written.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-entities.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-json.h"
#include "marrow-time.h"
#include "marrow-validate.h"

static MarrowRecord *
build_decision (MarrowGuidanceEvaluation     *evaluation,
                const MarrowGuidanceSnapshot *snapshot,
                const char                   *decision,
                const char                   *reason,
                const char                   *action,
                const char                   *staff_id,
                const char                   *at)
{
  MarrowRecord *record = marrow_record_new (&marrow_entity_guidance_decision);
  MarrowGuidanceProtocol *protocol = marrow_guidance_evaluation_get_protocol (evaluation);
  g_autofree char *as_of = marrow_day_format (marrow_guidance_evaluation_get_as_of (evaluation));
  g_autofree char *inputs = marrow_guidance_snapshot_to_canonical_json (snapshot);
  g_autofree char *concluded = marrow_guidance_evaluation_to_canonical_json (evaluation);

  marrow_record_set_text (record, "joint_case_id", snapshot->case_id);
  marrow_record_set_text (record, "as_of", as_of);
  marrow_record_set_text (record, "decision", decision);
  marrow_record_set_text (record, "reason", marrow_text_is_blank (reason) ? NULL : reason);
  marrow_record_set_text (record, "recommendation", marrow_guidance_recommendation_to_string (
                            marrow_guidance_evaluation_get_recommendation (evaluation)));
  marrow_record_set_text (record, "classification", marrow_guidance_classification_to_string (
                            marrow_guidance_evaluation_get_classification (evaluation)));
  marrow_record_set_text (record, "chosen_action", action);
  marrow_record_set_text (record, "protocol_id", protocol->id);
  marrow_record_set_text (record, "protocol_version", protocol->version);
  marrow_record_set_text (record, "inputs_json", inputs);
  marrow_record_set_text (record, "evaluation_json", concluded);
  marrow_record_set_text (record, "decided_by", staff_id);
  marrow_record_set_text (record, "decided_at", at);
  return record;
}

/**
 * marrow_guidance_decision_record:
 * @store: the store
 * @evaluation: the evaluation the physician decided on
 * @snapshot: the snapshot @evaluation was computed from
 * @decision: %MARROW_GUIDANCE_DECISION_ACCEPT or
 *   %MARROW_GUIDANCE_DECISION_OVERRIDE
 * @reason: (nullable): why; required for an override
 * @action: (nullable): for an override, the recommendation code of what
 *   the physician chose instead
 * @now: (nullable): the time of the decision (the current time if %NULL)
 * @error: return location for a #GError
 *
 * Stores the decision by the acting staff member (docs/store.md §2.4) on
 * the joint case of @snapshot, in one change set that also checks that the
 * case was not changed since it was read.  A decision the core refuses
 * (an override without a reason, an unknown code …) fails with its
 * %MARROW_VALIDATION_ERROR, which names the field, and writes nothing; a
 * case entered in error is %MARROW_STORE_ERROR_INVALID.
 *
 * Returns: (transfer full) (nullable): the stored decision, or %NULL with
 *   @error set
 */
MarrowRecord *
marrow_guidance_decision_record (MarrowStore                   *store,
                                 MarrowGuidanceEvaluation      *evaluation,
                                 const MarrowGuidanceSnapshot  *snapshot,
                                 const char                    *decision,
                                 const char                    *reason,
                                 const char                    *action,
                                 GDateTime                     *now,
                                 GError                       **error)
{
  g_autoptr(GDateTime) clock = NULL;
  g_autoptr(MarrowRecord) jcase = NULL;
  g_autoptr(MarrowRecord) record = NULL;
  g_autoptr(MarrowChangeSet) changes = NULL;
  g_autofree char *at = NULL;
  const char *staff_id;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (evaluation != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (marrow_guidance_evaluation_get_case_id (evaluation),
                                   snapshot->case_id) == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  jcase = marrow_store_lookup (store, &marrow_entity_joint_case, snapshot->case_id, error);
  if (jcase == NULL)
    return NULL;
  if (marrow_record_is_voided (jcase))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("Joint case %s is entered in error; no decision can be recorded on it"),
                   snapshot->case_id);
      return NULL;
    }

  clock = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  at = marrow_instant_format (clock);

  /* Validate before the user is registered, so a refused decision writes
   * nothing at all */
  staff_id = marrow_store_get_staff_id (store);
  record = build_decision (evaluation, snapshot, decision, reason, action,
                           staff_id != NULL ? staff_id : MARROW_STORE_PENDING_STAFF_ID, at);
  if (!marrow_record_validate (record, clock, NULL, error))
    return NULL;

  if (staff_id == NULL)
    {
      if (!(staff_id = marrow_store_register_staff (store, error)))
        return NULL;
      marrow_record_set_text (record, "decided_by", staff_id);
    }

  changes = marrow_change_set_new ();
  marrow_change_set_add_check (changes, jcase);
  marrow_change_set_add_insert (changes, record);
  if (!marrow_store_apply (store, changes, error))
    return NULL;
  return g_steal_pointer (&record);
}

/**
 * marrow_guidance_decision_find_latest:
 * @store: the store
 * @case_id: a joint case's UUID
 * @as_of: the evaluation day
 * @error: return location for a #GError
 *
 * The decision that stands for @case_id evaluated as of @as_of: of the
 * decisions not entered in error, the one with the latest decided_at (of
 * equal times, the one saved last).
 *
 * Returns: (transfer full) (nullable): the decision, or %NULL: with @error
 *   set when the store could not be read, without when there is none
 */
MarrowRecord *
marrow_guidance_decision_find_latest (MarrowStore  *store,
                                      const char   *case_id,
                                      MarrowDay     as_of,
                                      GError      **error)
{
  MarrowListQuery query = { .filter_field = "joint_case_id", .filter_value = case_id };
  g_autoptr(GPtrArray) decisions = NULL;
  g_autofree char *day = NULL;
  MarrowRecord *latest = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (as_of > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  decisions = marrow_store_find (store, &marrow_entity_guidance_decision, &query, error);
  if (decisions == NULL)
    return NULL;

  day = marrow_day_format (as_of);
  /* Without order_by, rows come in the order they were saved */
  for (guint i = 0; i < decisions->len; i++)
    {
      MarrowRecord *decision = decisions->pdata[i];

      if (g_strcmp0 (marrow_record_get_text (decision, "as_of"), day) != 0)
        continue;
      if (latest == NULL || g_strcmp0 (marrow_record_get_text (decision, "decided_at"),
                                       marrow_record_get_text (latest, "decided_at")) >= 0)
        latest = decision;
    }
  return latest != NULL ? g_object_ref (latest) : NULL;
}
