/* marrow-guidance.c: one evaluation, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps live in marrow-guidance-*.c, one rule group each; this file
 * prepares the shared state, runs them in order and owns the result.
 * Nothing here reads the clock: the evaluation day is an input.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>
#include <stdarg.h>

#include "marrow-guidance-private.h"

void
_marrow_guidance_add_statement (MarrowGuidanceWork          *work,
                                MarrowGuidanceStatementCode  code,
                                const char                  *str0,
                                const char                  *str1,
                                guint                        n_numbers,
                                ...)
{
  MarrowGuidanceStatement statement = { code, { 0 }, { str0, str1 } };
  va_list args;

  g_assert (n_numbers <= MARROW_GUIDANCE_STATEMENT_N_NUMBERS);

  va_start (args, n_numbers);
  for (guint i = 0; i < n_numbers; i++)
    statement.num[i] = va_arg (args, double);
  va_end (args);

  g_array_append_val (work->eval->statements, statement);
}

double
_marrow_guidance_param (MarrowGuidanceWork      *work,
                        MarrowGuidanceParameter  param)
{
  return work->protocol->params[param].value;
}

/* How much better @to is than @from, on the source's own scale; negative
 * when worse */
double
_marrow_guidance_improvement (const MarrowGuidanceSource *source,
                              double                      from,
                              double                      to)
{
  return source->higher_is_better ? to - from : from - to;
}

static void
find_injections (MarrowGuidanceWork *work)
{
  const GArray *injections = work->snapshot->injections;
  const GArray *scores = work->snapshot->scores;

  work->first_cell = work->last_cell = work->previous_cell = -1;
  work->product = MARROW_GUIDANCE_PRODUCT_UNKNOWN;

  while (work->n_injections < injections->len &&
         g_array_index (injections, MarrowGuidanceInjection, work->n_injections).day <= work->as_of)
    work->n_injections++;
  while (work->n_scores < scores->len &&
         g_array_index (scores, MarrowGuidanceScore, work->n_scores).day <= work->as_of)
    work->n_scores++;

  for (guint i = 0; i < work->n_injections; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (injections,
                                                                 MarrowGuidanceInjection, i);

      if (!MARROW_GUIDANCE_IS_CELL (injection))
        continue;
      if (work->first_cell < 0)
        work->first_cell = i;
      work->previous_cell = work->last_cell;
      work->last_cell = i;
      work->product = injection->product;
    }
}

/* The next review: now when a physician is needed, otherwise the target
 * day of the first open time point */
static void
find_next_review (MarrowGuidanceWork *work)
{
  MarrowGuidanceEvaluation *eval = work->eval;

  if (marrow_guidance_recommendation_needs_physician (eval->recommendation))
    {
      eval->next_review = work->as_of;
      return;
    }
  for (guint i = 0; i < eval->time_points->len; i++)
    {
      const MarrowGuidanceTimePoint *tp = &g_array_index (eval->time_points,
                                                          MarrowGuidanceTimePoint, i);

      if (tp->status != MARROW_GUIDANCE_TP_UPCOMING && tp->status != MARROW_GUIDANCE_TP_DUE &&
          tp->status != MARROW_GUIDANCE_TP_OVERDUE)
        continue;
      if (eval->next_review == 0 || tp->target < eval->next_review)
        eval->next_review = tp->target;
    }
}

/**
 * marrow_guidance_evaluate:
 * @snapshot: the case
 * @protocol: the protocol to judge it by
 * @as_of: the evaluation day; records after it are ignored
 *
 * Runs rules G1-G7.  A red flag (G7) makes the recommendation
 * %MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW whatever else applies; the
 * suppressed recommendation is kept as a statement.
 *
 * Returns: (transfer full): the evaluation
 */
MarrowGuidanceEvaluation *
marrow_guidance_evaluate (const MarrowGuidanceSnapshot *snapshot,
                          MarrowGuidanceProtocol       *protocol,
                          MarrowDay                     as_of)
{
  MarrowGuidanceEvaluation *eval;
  MarrowGuidanceWork work = { 0 };

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (as_of > 0, NULL);

  eval = g_new0 (MarrowGuidanceEvaluation, 1);
  eval->case_id = g_strdup (snapshot->case_id);
  eval->as_of = as_of;
  eval->protocol = marrow_guidance_protocol_ref (protocol);
  eval->durability = MARROW_GUIDANCE_DURABILITY_NONE;
  eval->statements = g_array_sized_new (FALSE, FALSE, sizeof (MarrowGuidanceStatement), 8);
  eval->time_points = g_array_sized_new (FALSE, FALSE, sizeof (MarrowGuidanceTimePoint), 8);
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    eval->domains[d] = (MarrowGuidanceDomainResult) { NULL, NAN, 0, NAN, 0, NAN, -1 };

  work.snapshot = snapshot;
  work.protocol = protocol;
  work.eval = eval;
  work.as_of = as_of;
  work.visits = work.stack_visits;

  find_injections (&work);
  _marrow_guidance_red_flags (&work);
  _marrow_guidance_response (&work);
  _marrow_guidance_durability (&work);
  _marrow_guidance_repeat (&work);
  _marrow_guidance_context (&work);
  _marrow_guidance_schedule (&work);
  find_next_review (&work);

  if (work.visits != work.stack_visits)
    g_free (work.visits);
  return eval;
}

void
marrow_guidance_evaluation_free (MarrowGuidanceEvaluation *self)
{
  if (self == NULL)
    return;
  g_free (self->case_id);
  marrow_guidance_protocol_unref (self->protocol);
  g_array_unref (self->statements);
  g_array_unref (self->time_points);
  g_free (self);
}

const char *
marrow_guidance_evaluation_get_case_id (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_id;
}

MarrowDay
marrow_guidance_evaluation_get_as_of (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->as_of;
}

/**
 * marrow_guidance_evaluation_get_protocol:
 *
 * Returns: (transfer none): the protocol the evaluation used (its id and
 *   version are part of any record of the evaluation)
 */
MarrowGuidanceProtocol *
marrow_guidance_evaluation_get_protocol (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->protocol;
}

MarrowGuidanceClassification
marrow_guidance_evaluation_get_classification (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA);
  return self->classification;
}

MarrowGuidanceDurability
marrow_guidance_evaluation_get_durability (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, MARROW_GUIDANCE_DURABILITY_NONE);
  return self->durability;
}

MarrowGuidanceRecommendation
marrow_guidance_evaluation_get_recommendation (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, MARROW_GUIDANCE_REC_INSUFFICIENT_DATA);
  return self->recommendation;
}

MarrowGuidanceFlags
marrow_guidance_evaluation_get_flags (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->flags;
}

/**
 * marrow_guidance_evaluation_get_next_review:
 *
 * Returns: the day of the next review, or 0 when nothing is scheduled
 */
MarrowDay
marrow_guidance_evaluation_get_next_review (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->next_review;
}

guint
marrow_guidance_evaluation_get_n_statements (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->statements->len;
}

const MarrowGuidanceStatement *
marrow_guidance_evaluation_get_statement (MarrowGuidanceEvaluation *self,
                                          guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->statements->len, NULL);
  return &g_array_index (self->statements, MarrowGuidanceStatement, index);
}

gboolean
marrow_guidance_evaluation_has_statement (MarrowGuidanceEvaluation    *self,
                                          MarrowGuidanceStatementCode  code)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->statements->len; i++)
    if (g_array_index (self->statements, MarrowGuidanceStatement, i).code == code)
      return TRUE;
  return FALSE;
}

guint
marrow_guidance_evaluation_get_n_time_points (MarrowGuidanceEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->time_points->len;
}

const MarrowGuidanceTimePoint *
marrow_guidance_evaluation_get_time_point (MarrowGuidanceEvaluation *self,
                                           guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->time_points->len, NULL);
  return &g_array_index (self->time_points, MarrowGuidanceTimePoint, index);
}

const MarrowGuidanceDomainResult *
marrow_guidance_evaluation_get_domain (MarrowGuidanceEvaluation *self,
                                       MarrowGuidanceDomain      domain)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (domain < MARROW_GUIDANCE_N_DOMAINS, NULL);
  return &self->domains[domain];
}
