/* marrow-instrument-score.c: the generic scoring engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Knows the methods of docs/instruments.md and nothing about any particular
 * questionnaire.  Everything is computed in double precision and never
 * rounded (prom-scoring.md §0.5); marrow_score_value_format() rounds for
 * people only.
 */
#define G_LOG_DOMAIN "marrow-instrument"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-instrument-private.h"
#include "marrow-instrument-score.h"

struct _MarrowScores
{
  gatomicrefcount   ref_count;
  MarrowInstrument *instrument;
  char             *scoring_version;
  GArray           *values;   /* MarrowScoreValue */
};

G_DEFINE_BOXED_TYPE (MarrowScores, marrow_scores, marrow_scores_ref, marrow_scores_unref)

MarrowScores *
marrow_scores_ref (MarrowScores *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
marrow_scores_unref (MarrowScores *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_object_unref (self->instrument);
  g_free (self->scoring_version);
  g_array_unref (self->values);
  g_free (self);
}

/* The rule for this scoring version; without one, every item is required */
static const MarrowMissingRule *
missing_rule (const MarrowInstrumentScore *score,
              const char                  *scoring_version)
{
  const MarrowMissingRule *fallback = NULL;

  for (guint i = 0; i < score->missing->len; i++)
    {
      const MarrowMissingRule *rule = score->missing->pdata[i];

      if (rule->scoring_version == NULL)
        fallback = rule;
      else if (g_strcmp0 (rule->scoring_version, scoring_version) == 0)
        return rule;
    }
  return fallback;
}

/* An item's score: the answer, or min + max − answer for reversed items */
static double
item_score (const MarrowInstrumentItem *item,
            double                      answer)
{
  return item->reverse ? item->min + item->max - answer : answer;
}

static void
score_items (MarrowInstrument            *instrument,
             MarrowAnswers               *answers,
             const MarrowInstrumentScore *score,
             const char                  *scoring_version,
             MarrowScoreValue            *out)
{
  const MarrowMissingRule *rule = missing_rule (score, scoring_version);
  guint n = score->items->len;
  guint max_missing = rule != NULL ? rule->max_missing : 0;
  double sum = 0, weighted = 0, span = 0, low = 0;
  double mean;
  guint missing;

  for (guint i = 0; i < n; i++)
    {
      const MarrowInstrumentItem *item;
      guint index = g_array_index (score->items, guint, i);
      double answer;
      double s;

      if (!marrow_answers_get (answers, index, &answer))
        continue;

      item = marrow_instrument_get_item (instrument, index);
      s = item_score (item, answer);
      out->n_answered++;
      sum += s;
      low += item->min;
      span += item->max - item->min;
      if (score->method == MARROW_SCORE_METHOD_WEIGHTED)
        weighted += g_array_index (score->weights, double, i) * s;
    }

  missing = n - out->n_answered;
  if (out->n_answered == 0 || missing > max_missing)
    return;

  mean = sum / out->n_answered;
  out->scorable = TRUE;

  switch (score->method)
    {
    case MARROW_SCORE_METHOD_VALUE:
      out->value = sum;
      break;

    case MARROW_SCORE_METHOD_SUM:
      /* A missing item counts as the mean of the answered ones (WOMAC,
       * Oxford: total = mean × n); the loader allows missing items in a
       * sum only with impute="mean". */
      out->value = sum + missing * mean;
      out->n_imputed = missing;
      break;

    case MARROW_SCORE_METHOD_MEAN_PERCENT:
      {
        /* The loader made sure all items share one range */
        const MarrowInstrumentItem *first =
          marrow_instrument_get_item (instrument, g_array_index (score->items, guint, 0));

        out->value = (mean - first->min) / (first->max - first->min) * 100.0;
        if (score->invert)
          out->value = 100.0 - out->value;
        out->n_imputed = missing;
      }
      break;

    case MARROW_SCORE_METHOD_SUM_PERCENT:
      /* The denominator counts the answered items only (IKDC 2000) */
      out->value = (sum - low) / span * 100.0;
      if (score->invert)
        out->value = 100.0 - out->value;
      break;

    case MARROW_SCORE_METHOD_LOOKUP:
      /* Whole items, nothing missing: sum is an exact integer in range */
      out->value = g_array_index (score->table, double, (guint)((gint64)sum - score->table_first));
      break;

    case MARROW_SCORE_METHOD_WEIGHTED:
      for (guint i = 0; i < n; i++)
        if (!marrow_answers_get (answers, g_array_index (score->items, guint, i), NULL))
          weighted += g_array_index (score->weights, double, i) * mean;
      out->value = score->offset + weighted;
      out->n_imputed = missing;
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
score_scores (GArray                      *values,
              const MarrowInstrumentScore *score,
              MarrowScoreValue            *out)
{
  double total = 0;

  for (guint i = 0; i < score->scores->len; i++)
    {
      const MarrowScoreValue *source =
        &g_array_index (values, MarrowScoreValue, g_array_index (score->scores, guint, i));

      if (!source->scorable)
        return;
      total += source->value;
      out->n_answered += source->n_answered;
      out->n_imputed += source->n_imputed;
    }

  out->scorable = TRUE;
  if (score->method == MARROW_SCORE_METHOD_SCORE_SUM)
    out->value = total;
  else
    {
      const MarrowScoreValue *source =
        &g_array_index (values, MarrowScoreValue, g_array_index (score->scores, guint, 0));
      const MarrowInstrumentScore *def = source->definition;

      out->value = (total - def->min) / (def->max - def->min) * 100.0;
      if (score->invert)
        out->value = 100.0 - out->value;
    }
}

/**
 * marrow_instrument_score:
 * @answers: checked answers
 * @scoring_version: (nullable): the rule version (e.g. "1998"), or %NULL
 *   for the instrument's default
 * @error: return location for a #GError
 *
 * Computes every score of the instrument.  A score whose missing-item rule
 * is not met is not scorable; that is a result, not an error.
 *
 * Returns: (transfer full): the scores, or %NULL if the scoring version is
 *   unknown
 */
MarrowScores *
marrow_instrument_score (MarrowAnswers  *answers,
                         const char     *scoring_version,
                         GError        **error)
{
  MarrowInstrument *instrument;
  const MarrowScoringVersion *version;
  MarrowScores *self;
  guint n;

  g_return_val_if_fail (answers != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  instrument = marrow_answers_get_instrument (answers);
  version = marrow_instrument_find_scoring_version (instrument, scoring_version);
  if (version == NULL)
    {
      _marrow_instrument_error_set (error, MARROW_INSTRUMENT_ERROR_UNKNOWN_SCORING, NULL,
                                    _("%s has no scoring version “%s”"),
                                    marrow_instrument_get_id (instrument), scoring_version);
      return NULL;
    }

  n = marrow_instrument_get_n_scores (instrument);
  self = g_new0 (MarrowScores, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->instrument = g_object_ref (instrument);
  self->scoring_version = g_strdup (version->id);
  self->values = g_array_sized_new (FALSE, TRUE, sizeof (MarrowScoreValue), n);

  for (guint i = 0; i < n; i++)
    {
      const MarrowInstrumentScore *score = marrow_instrument_get_score (instrument, i);
      MarrowScoreValue value = { score, FALSE, 0.0, 0, 0 };

      if (score->method == MARROW_SCORE_METHOD_SCORE_SUM ||
          score->method == MARROW_SCORE_METHOD_SCORE_PERCENT)
        score_scores (self->values, score, &value);
      else
        score_items (instrument, answers, score, version->id, &value);

      if (!value.scorable)
        value.value = 0.0;
      g_array_append_val (self->values, value);
    }

  return self;
}

/**
 * marrow_scores_get_scoring_version:
 * @self: scores
 *
 * Returns: the id of the rule version the scores were computed with
 */
const char *
marrow_scores_get_scoring_version (MarrowScores *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->scoring_version;
}

guint
marrow_scores_get_n_values (MarrowScores *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->values->len;
}

const MarrowScoreValue *
marrow_scores_get_value (MarrowScores *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->values->len, NULL);

  return &g_array_index (self->values, MarrowScoreValue, index);
}

/**
 * marrow_scores_find_value:
 * @self: scores
 * @key: a score key
 *
 * Returns: (nullable): the value of score @key, or %NULL if the instrument
 *   has no such score
 */
const MarrowScoreValue *
marrow_scores_find_value (MarrowScores *self,
                          const char   *key)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (marrow_instrument_find_score (self->instrument, key, &index) == NULL)
    return NULL;
  return &g_array_index (self->values, MarrowScoreValue, index);
}

/**
 * marrow_score_value_format:
 * @value: a score value
 *
 * Rounds for people: one decimal, or a whole number where the definition
 * says so (Oxford totals are whole numbers unless an item was imputed).
 *
 * Returns: (transfer full): the text, or "not scorable"
 */
char *
marrow_score_value_format (const MarrowScoreValue *value)
{
  gboolean whole;

  g_return_val_if_fail (value != NULL, NULL);

  if (!value->scorable)
    return g_strdup (_("not scorable"));

  switch (value->definition->display)
    {
    case MARROW_SCORE_DISPLAY_WHOLE:
      whole = TRUE;
      break;
    case MARROW_SCORE_DISPLAY_WHOLE_IF_COMPLETE:
      whole = value->n_imputed == 0;
      break;
    case MARROW_SCORE_DISPLAY_ONE_DECIMAL:
    default:
      whole = FALSE;
      break;
    }

  return g_strdup_printf (whole ? "%.0f" : "%.1f", value->value);
}
