/* marrow-worklist.c: due and overdue follow-ups and the cases that need a physician
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evaluates every active joint case and lists (1) its follow-up time points
 * that are due or overdue, for call lists, and (2) the cases whose
 * recommendation needs a physician: HOLD_CLINICAL_REVIEW, CONSIDER_REPEAT,
 * PROTOCOL_SECOND_DOSE_DUE, REPEAT_NOT_SUPPORTED.  A patient marked "do not
 * contact" is left off the call list (domain model 4.11) but not off the
 * physician's list.  "marrow-cli worklist" prints it; the window's Worklist
 * page shows it, collected in a thread on a connection of its own.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <string.h>

#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-worklist.h"

/**
 * marrow_worklist_entry_free:
 * @entry: (transfer full): an entry
 */
void
marrow_worklist_entry_free (MarrowWorklistEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->case_id);
  g_clear_object (&entry->patient);
  g_clear_object (&entry->joint_case);
  g_free (entry);
}

/* Follow-ups by target day, reviews by urgency; then by case */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const MarrowWorklistEntry *x = *(const MarrowWorklistEntry * const *)a;
  const MarrowWorklistEntry *y = *(const MarrowWorklistEntry * const *)b;

  if (x->review != y->review)
    return x->review - y->review;
  if (!x->review && x->target != y->target)
    return x->target < y->target ? -1 : 1;
  if (x->review && x->recommendation != y->recommendation)
    return (int)x->recommendation - (int)y->recommendation;
  if (strcmp (x->case_id, y->case_id) != 0)
    return strcmp (x->case_id, y->case_id);
  return g_strcmp0 (x->time_point, y->time_point);
}

static MarrowWorklistEntry *
new_entry (MarrowRecord *joint_case,
           MarrowRecord *patient,
           gboolean      review)
{
  MarrowWorklistEntry *entry = g_new0 (MarrowWorklistEntry, 1);

  entry->review = review;
  entry->case_id = g_strdup (marrow_record_get_id (joint_case));
  entry->joint_case = g_object_ref (joint_case);
  entry->patient = g_object_ref (patient);
  return entry;
}

static gboolean
collect_case (MarrowStore                     *store,
              MarrowGuidanceProtocolRegistry  *protocols,
              MarrowRecord                    *joint_case,
              MarrowDay                        as_of,
              GPtrArray                       *entries,
              GError                         **error)
{
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowRecord) patient = NULL;
  MarrowGuidanceRecommendation recommendation;
  gboolean contact;

  patient = marrow_store_lookup (store, &marrow_entity_patient,
                                 marrow_record_get_text (joint_case, "patient_id"), error);
  if (patient == NULL)
    return FALSE;
  evaluation = marrow_guidance_evaluate_case (store, protocols, joint_case, as_of, 0, NULL, error);
  if (evaluation == NULL)
    return FALSE;

  contact = marrow_record_is_null (patient, "do_not_contact") ||
            !marrow_record_get_bool (patient, "do_not_contact");
  for (guint i = 0; contact && i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);
      MarrowWorklistEntry *entry;

      if (tp->status != MARROW_GUIDANCE_TP_DUE && tp->status != MARROW_GUIDANCE_TP_OVERDUE)
        continue;
      entry = new_entry (joint_case, patient, FALSE);
      entry->time_point = tp->id;
      entry->target = tp->target;
      entry->opens = tp->opens;
      entry->closes = tp->closes;
      entry->status = tp->status;
      g_ptr_array_add (entries, entry);
    }

  recommendation = marrow_guidance_evaluation_get_recommendation (evaluation);
  if (marrow_guidance_recommendation_needs_physician (recommendation))
    {
      MarrowWorklistEntry *entry = new_entry (joint_case, patient, TRUE);

      entry->recommendation = recommendation;
      entry->classification = marrow_guidance_evaluation_get_classification (evaluation);
      g_ptr_array_add (entries, entry);
    }
  return TRUE;
}

/**
 * marrow_worklist_collect:
 * @store: the store
 * @protocols: the protocols with the database's overrides
 * @as_of: the day of the list
 * @progress: (nullable) (scope call): called after each case
 * @user_data: closure of @progress
 * @cancellable: (nullable): stops between two cases
 * @error: return location for a #GError
 *
 * Evaluates every active case of @store.  A failure names the case.
 *
 * Returns: (transfer full) (element-type MarrowWorklistEntry): follow-ups
 *   by target day, then reviews by urgency
 */
GPtrArray *
marrow_worklist_collect (MarrowStore                     *store,
                         MarrowGuidanceProtocolRegistry  *protocols,
                         MarrowDay                        as_of,
                         MarrowWorklistProgress           progress,
                         gpointer                         user_data,
                         GCancellable                    *cancellable,
                         GError                         **error)
{
  MarrowListQuery active = { NULL, FALSE, "status", "active", FALSE };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (protocols), NULL);
  g_return_val_if_fail (as_of != 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cases = marrow_store_find (store, &marrow_entity_joint_case, &active, error);
  if (cases == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_worklist_entry_free);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!collect_case (store, protocols, cases->pdata[i], as_of, entries, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                      marrow_record_get_id (cases->pdata[i]));
          return NULL;
        }
      if (progress != NULL)
        progress (i + 1, cases->len, user_data);
    }
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}

/**
 * marrow_worklist_collect_case:
 * @store: the store
 * @protocols: the protocols with the database's overrides
 * @joint_case: an active joint case
 * @as_of: the day of the list
 * @error: return location for a #GError
 *
 * The entries marrow_worklist_collect() lists for one case: the follow-ups
 * a letter asks for, by the same rules (none for a patient marked "do not
 * contact").
 *
 * Returns: (transfer full) (element-type MarrowWorklistEntry): follow-ups
 *   by target day, then the review
 */
GPtrArray *
marrow_worklist_collect_case (MarrowStore                     *store,
                              MarrowGuidanceProtocolRegistry  *protocols,
                              MarrowRecord                    *joint_case,
                              MarrowDay                        as_of,
                              GError                         **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (protocols), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);
  g_return_val_if_fail (as_of != 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_worklist_entry_free);
  if (!collect_case (store, protocols, joint_case, as_of, entries, error))
    return NULL;
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}
