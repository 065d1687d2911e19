/* marrow-assessment-service.c: questionnaires in and scores out, over any MarrowStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"

/**
 * marrow_assessment_add_changes:
 * @changes: the change set of a save
 * @assessment: a new assessment record (joint case, mode, respondent,
 *   completed_at, entered_by …); its instrument fields are filled in from
 *   @answers, and its scoring version with the instrument's default if unset
 * @answers: the checked answers
 * @error: return location for a #GError
 *
 * Adds the insert of the assessment and of one item per question of the
 * instrument to @changes.  Unanswered questions are stored as NULL, so
 * "missing" is recorded, not guessed.  The store checks every answer
 * against the instrument when the set is applied (docs/store.md §2.1.2).
 *
 * Returns: %FALSE with @error set if @assessment names another instrument
 *   than @answers; nothing was added then
 */
gboolean
marrow_assessment_add_changes (MarrowChangeSet  *changes,
                               MarrowRecord     *assessment,
                               MarrowAnswers    *answers,
                               GError          **error)
{
  MarrowInstrument *instrument;
  const char *code;

  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (assessment), FALSE);
  g_return_val_if_fail (marrow_record_get_entity (assessment) == &marrow_entity_assessment, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  instrument = marrow_answers_get_instrument (answers);
  code = marrow_record_get_text (assessment, "instrument_code");
  if (code != NULL && g_strcmp0 (code, marrow_instrument_get_id (instrument)) != 0)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("The assessment is of %s but the answers are to %s"), code,
                   marrow_instrument_get_id (instrument));
      return FALSE;
    }

  marrow_record_set_text (assessment, "instrument_code", marrow_instrument_get_id (instrument));
  marrow_record_set_text (assessment, "instrument_version",
                          marrow_instrument_get_version (instrument));
  if (marrow_record_is_null (assessment, "scoring_version"))
    marrow_record_set_text (assessment, "scoring_version",
                            marrow_instrument_get_default_scoring (instrument)->id);

  marrow_change_set_add_insert (changes, assessment);
  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      g_autoptr(MarrowRecord) item = marrow_record_new (&marrow_entity_assessment_item);
      double value;

      marrow_record_set_record_status (item, marrow_record_get_record_status (assessment));
      marrow_record_set_text (item, "assessment_id", marrow_record_get_id (assessment));
      marrow_record_set_text (item, "item_code", marrow_instrument_get_item (instrument, i)->id);
      if (marrow_answers_get (answers, i, &value))
        marrow_record_set_real (item, "value_num", value);
      marrow_change_set_add_insert (changes, item);
    }
  return TRUE;
}

/**
 * marrow_store_record_assessment:
 * @store: a #MarrowStore
 * @assessment: a new assessment record, as for marrow_assessment_add_changes()
 * @answers: the checked answers
 * @error: return location for a #GError
 *
 * Saves the assessment and one item per question of the instrument, in one
 * transaction with its audit rows (marrow_assessment_add_changes()).
 *
 * Returns: %TRUE if everything was saved; otherwise nothing was
 */
gboolean
marrow_store_record_assessment (MarrowStore    *store,
                                MarrowRecord   *assessment,
                                MarrowAnswers  *answers,
                                GError        **error)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return marrow_assessment_add_changes (changes, assessment, answers, error) &&
         marrow_store_apply (store, changes, error);
}

/**
 * marrow_store_load_answers:
 * @store: a #MarrowStore
 * @assessment: a stored assessment
 * @error: return location for a #GError
 *
 * Reads the assessment's answers back and checks them again against the
 * definition of the instrument version it was recorded with.
 *
 * Returns: (transfer full): the answers, or %NULL with @error set
 */
MarrowAnswers *
marrow_store_load_answers (MarrowStore   *store,
                           MarrowRecord  *assessment,
                           GError       **error)
{
  MarrowInstrumentRegistry *registry;
  MarrowInstrument *instrument;
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autoptr(GPtrArray) items = NULL;
  MarrowListQuery query = {
    .filter_field = "assessment_id",
    .filter_value = NULL,
  };

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (assessment), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  registry = marrow_store_get_instruments (store, error);
  if (registry == NULL)
    return NULL;
  instrument = marrow_instrument_registry_lookup_checked (
    registry, marrow_record_get_text_or_id (assessment, "instrument_code"),
    marrow_record_get_text (assessment, "instrument_version"), error);
  if (instrument == NULL)
    return NULL;

  query.filter_value = marrow_record_get_id (assessment);
  items = marrow_store_find (store, &marrow_entity_assessment_item, &query, error);
  if (items == NULL)
    return NULL;

  answers = marrow_answers_new (instrument);
  for (guint i = 0; i < items->len; i++)
    {
      MarrowRecord *item = items->pdata[i];
      const char *code = marrow_record_get_text (item, "item_code");

      if (code == NULL || marrow_record_is_null (item, "value_num"))
        continue;
      if (!marrow_answers_set (answers, code, marrow_record_get_real (item, "value_num"), error))
        return NULL;
    }
  return g_steal_pointer (&answers);
}

/**
 * marrow_store_score_assessment:
 * @store: a #MarrowStore
 * @assessment: a stored assessment
 * @error: return location for a #GError
 *
 * Scores the stored answers with the assessment's own instrument version
 * and scoring-rule version.
 *
 * Returns: (transfer full): the scores, or %NULL with @error set
 */
MarrowScores *
marrow_store_score_assessment (MarrowStore   *store,
                               MarrowRecord  *assessment,
                               GError       **error)
{
  g_autoptr(MarrowAnswers) answers = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (assessment), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  answers = marrow_store_load_answers (store, assessment, error);
  if (answers == NULL)
    return NULL;
  return marrow_instrument_score (answers, marrow_record_get_text (assessment, "scoring_version"),
                                  error);
}
