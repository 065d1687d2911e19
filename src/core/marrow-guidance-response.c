/* marrow-guidance-response.c: too early, responder or not (rules G2 and G3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline is the latest score of a domain's first listed source in the
 * days before the first cell injection; the course is everything after the
 * last cell injection.  Each visit of the course from the earliest judgement
 * day on is labelled against the baseline; OMERACT-OARSI is computed
 * exactly as prom-scoring.md section 12 says, on 0-100 scales where higher
 * is worse, comparisons inclusive.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>

#include "marrow-guidance-private.h"

/* Inclusive comparisons that a rounding error in a scale conversion must
 * not flip (OKS 0-48 to 0-100 is inexact) */
#define EPSILON 1e-9
#define AT_LEAST(a, b) ((a) >= (b) - EPSILON)

#define PAIN_OR_FUNCTION ((1u << MARROW_GUIDANCE_DOMAIN_PAIN) | (1u << MARROW_GUIDANCE_DOMAIN_FUNCTION))

/* The OARSI scale: 0-100, higher = worse */
static double
oarsi_value (const MarrowGuidanceSource *source,
             double                      value)
{
  double worse = source->higher_is_better ? source->max - value : value - source->min;

  return worse / (source->max - source->min) * 100.0;
}

static gboolean
choose_sources (MarrowGuidanceWork *work)
{
  MarrowGuidanceProtocol *protocol = work->protocol;
  const GArray *scores = work->snapshot->scores;
  MarrowDay index = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->first_cell).day;
  double max_age = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BASELINE_MAX_DAYS);
  gboolean any = FALSE;

  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    {
      MarrowGuidanceDomainResult *result = &work->eval->domains[d];

      for (guint s = 0; s < protocol->sources[d]->len && result->source == NULL; s++)
        {
          const MarrowGuidanceSource *source = &g_array_index (protocol->sources[d],
                                                               MarrowGuidanceSource, s);

          for (guint i = 0; i < work->n_scores; i++)
            {
              const MarrowGuidanceScore *score = &g_array_index (scores, MarrowGuidanceScore, i);

              if (score->day > index)
                break;
              if (score->instrument == source->instrument && score->score == source->score &&
                  index - score->day <= max_age)
                {
                  result->source = source;
                  result->baseline = score->value;
                  result->baseline_day = score->day;
                }
            }
        }
      if (result->source != NULL && d != MARROW_GUIDANCE_DOMAIN_GLOBAL)
        any = TRUE;
    }
  return any;
}

/* The course's visits: one per day with a score of a chosen source, a
 * domain missing on that day taken from the visit-span days before it */
static void
collect_visits (MarrowGuidanceWork *work)
{
  const GArray *scores = work->snapshot->scores;
  MarrowDay start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->last_cell).day;
  double span = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_VISIT_SPAN_DAYS);
  guint capacity = MARROW_GUIDANCE_STACK_VISITS;
  guint native[MARROW_GUIDANCE_STACK_VISITS];
  g_autofree guint *heap_native = NULL;
  guint *is_native = native;

  for (guint i = 0; i < work->n_scores; i++)
    {
      const MarrowGuidanceScore *score = &g_array_index (scores, MarrowGuidanceScore, i);
      MarrowGuidanceVisit *visit;

      if (score->day <= start)
        continue;
      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        {
          const MarrowGuidanceSource *source = work->eval->domains[d].source;

          if (source == NULL || score->instrument != source->instrument ||
              score->score != source->score)
            continue;

          if (work->n_visits == 0 || work->visits[work->n_visits - 1].day != score->day)
            {
              if (work->n_visits == capacity)
                {
                  capacity *= 2;
                  if (work->visits == work->stack_visits)
                    {
                      work->visits = g_memdup2 (work->stack_visits, sizeof work->stack_visits);
                      heap_native = g_memdup2 (native, sizeof native);
                    }
                  work->visits = g_renew (MarrowGuidanceVisit, work->visits, capacity);
                  heap_native = g_renew (guint, heap_native, capacity);
                  is_native = heap_native;
                }
              work->visits[work->n_visits] = (MarrowGuidanceVisit) { score->day, 0, { 0 } };
              is_native[work->n_visits] = 0;
              work->n_visits++;
            }
          visit = &work->visits[work->n_visits - 1];
          visit->has |= 1u << d;
          visit->value[d] = score->value;
          is_native[work->n_visits - 1] |= 1u << d;
        }
    }

  /* Carry a domain forward within the span, from native values only */
  for (guint v = 1; v < work->n_visits; v++)
    for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
      {
        if (work->visits[v].has & (1u << d))
          continue;
        for (guint w = v; w-- > 0 && work->visits[v].day - work->visits[w].day <= span;)
          if (is_native[w] & (1u << d))
            {
              work->visits[v].has |= 1u << d;
              work->visits[v].value[d] = work->visits[w].value[d];
              break;
            }
      }
}

void
_marrow_guidance_label_visit (MarrowGuidanceWork        *work,
                              const MarrowGuidanceVisit *visit,
                              MarrowGuidanceVisitLabel  *label)
{
  MarrowDay start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->last_cell).day;
  gboolean worsened = FALSE;
  gboolean improved = FALSE;

  *label = (MarrowGuidanceVisitLabel) { 0 };

  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    {
      const MarrowGuidanceDomainResult *result = &work->eval->domains[d];
      double base, now, gain;

      if (!(visit->has & (1u << d)))
        continue;

      if (d != MARROW_GUIDANCE_DOMAIN_GLOBAL)
        {
          double change = _marrow_guidance_improvement (result->source, result->baseline,
                                                        visit->value[d]);

          if (AT_LEAST (-change, result->source->mcid.value))
            worsened = TRUE;
          if (AT_LEAST (change, result->source->mcid.value))
            improved = TRUE;
        }

      /* OMERACT-OARSI; a domain whose baseline is 0 cannot count */
      base = oarsi_value (result->source, result->baseline);
      now = oarsi_value (result->source, visit->value[d]);
      gain = base - now;
      if (base <= 0)
        continue;
      if (d != MARROW_GUIDANCE_DOMAIN_GLOBAL && AT_LEAST (gain, 0.5 * base) && AT_LEAST (gain, 20))
        label->oarsi_high = TRUE;
      if (AT_LEAST (gain, 0.2 * base) && AT_LEAST (gain, 10))
        label->oarsi_domains++;
    }

  label->oarsi = label->oarsi_high || label->oarsi_domains >= 2;
  if (worsened)
    label->label = MARROW_GUIDANCE_CLASS_WORSENED;
  else if (label->oarsi)
    label->label = MARROW_GUIDANCE_CLASS_RESPONDER;
  else if (improved)
    label->label = MARROW_GUIDANCE_CLASS_PARTIAL;
  else if (visit->day - start >=
           _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_PRIMARY_FROM_DAYS))
    label->label = MARROW_GUIDANCE_CLASS_NON_RESPONDER;
  else
    label->label = MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET;
}

/* Statements on how each domain changed at @visit */
static void
state_changes (MarrowGuidanceWork        *work,
               const MarrowGuidanceVisit *visit)
{
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    {
      const MarrowGuidanceDomainResult *result = &work->eval->domains[d];
      double base, now;

      if (!(visit->has & (1u << d)))
        continue;
      base = oarsi_value (result->source, result->baseline);
      now = oarsi_value (result->source, visit->value[d]);
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE,
                                      result->source->label, NULL, 6, result->baseline,
                                      visit->value[d],
                                      _marrow_guidance_improvement (result->source,
                                                                    result->baseline,
                                                                    visit->value[d]),
                                      base - now, base > 0 ? (base - now) / base * 100 : NAN,
                                      (double)(visit->day - g_array_index (work->snapshot->injections,
                                                                            MarrowGuidanceInjection,
                                                                            work->last_cell).day));
    }
}

/* The domain that moved most by MCIDs, in @direction (+1 better, -1 worse) */
static guint
leading_domain (MarrowGuidanceWork        *work,
                const MarrowGuidanceVisit *visit,
                double                     direction,
                double                    *change)
{
  guint best = MARROW_GUIDANCE_DOMAIN_PAIN;
  double best_ratio = -G_MAXDOUBLE;

  for (guint d = MARROW_GUIDANCE_DOMAIN_PAIN; d <= MARROW_GUIDANCE_DOMAIN_FUNCTION; d++)
    {
      const MarrowGuidanceDomainResult *result = &work->eval->domains[d];
      double moved;

      if (!(visit->has & (1u << d)))
        continue;
      moved = direction * _marrow_guidance_improvement (result->source, result->baseline,
                                                        visit->value[d]);
      if (moved / result->source->mcid.value > best_ratio)
        {
          best = d;
          best_ratio = moved / result->source->mcid.value;
          *change = moved;
        }
    }
  return best;
}

static void
state_label (MarrowGuidanceWork             *work,
             const MarrowGuidanceVisit      *visit,
             const MarrowGuidanceVisitLabel *label)
{
  MarrowDay start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->last_cell).day;
  double days = visit->day - start;
  double change = 0;
  guint d;

  switch (label->label)
    {
    case MARROW_GUIDANCE_CLASS_RESPONDER:
      if (label->oarsi_high)
        _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_OARSI_HIGH, NULL, NULL, 1, days);
      else
        _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_OARSI_DOMAINS, NULL, NULL, 2,
                                        days, (double)label->oarsi_domains);
      break;
    case MARROW_GUIDANCE_CLASS_PARTIAL:
      d = leading_domain (work, visit, 1, &change);
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_PARTIAL,
                                      work->eval->domains[d].source->label, NULL, 3, change,
                                      work->eval->domains[d].source->mcid.value, days);
      break;
    case MARROW_GUIDANCE_CLASS_WORSENED:
      d = leading_domain (work, visit, -1, &change);
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_WORSENED,
                                      work->eval->domains[d].source->label, NULL, 3, change,
                                      work->eval->domains[d].source->mcid.value, days);
      break;
    case MARROW_GUIDANCE_CLASS_NON_RESPONDER:
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NON_RESPONDER, NULL, NULL, 1,
                                      days);
      break;
    case MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET:
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NO_RESPONSE_YET, NULL, NULL, 2,
                                      days, _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_PRIMARY_FROM_DAYS));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The latest value in the course of any source of @domain that has a PASS */
static void
judge_pass (MarrowGuidanceWork *work)
{
  const GArray *scores = work->snapshot->scores;
  MarrowDay start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->last_cell).day;
  gboolean any = FALSE;

  for (guint d = MARROW_GUIDANCE_DOMAIN_PAIN; d <= MARROW_GUIDANCE_DOMAIN_FUNCTION; d++)
    {
      GArray *sources = work->protocol->sources[d];

      for (guint s = 0; s < sources->len; s++)
        {
          const MarrowGuidanceSource *source = &g_array_index (sources, MarrowGuidanceSource, s);
          const MarrowGuidanceScore *latest = NULL;
          gboolean met;

          if (isnan (source->pass.value))
            continue;
          for (guint i = work->n_scores; i-- > 0;)
            {
              const MarrowGuidanceScore *score = &g_array_index (scores, MarrowGuidanceScore, i);

              if (score->day <= start)
                break;
              if (score->instrument == source->instrument && score->score == source->score)
                {
                  latest = score;
                  break;
                }
            }
          if (latest == NULL)
            continue;

          met = source->higher_is_better ? AT_LEAST (latest->value, source->pass.value)
                                         : AT_LEAST (source->pass.value, latest->value);
          work->eval->domains[d].pass_met = met;
          _marrow_guidance_add_statement (work, met ? MARROW_GUIDANCE_STMT_PASS_MET
                                                    : MARROW_GUIDANCE_STMT_PASS_NOT_MET,
                                          source->label, NULL, 3, latest->value,
                                          source->pass.value, (double)source->pass_is_reference);
          any = TRUE;
          break;
        }
    }
  if (!any)
    _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_PASS_UNKNOWN, NULL, NULL, 0);
}

static void
judge_too_early (MarrowGuidanceWork *work,
                 MarrowDay           start)
{
  double earliest = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_EARLIEST_JUDGEMENT_DAYS);
  const MarrowGuidanceVisit *latest = NULL;
  MarrowGuidanceVisitLabel label;
  double change = 0;
  guint d;

  work->eval->classification = MARROW_GUIDANCE_CLASS_TOO_EARLY;
  _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_TOO_EARLY, NULL, NULL, 2,
                                  (double)(work->as_of - start), earliest);

  for (guint v = work->n_visits; v-- > 0 && latest == NULL;)
    if (work->visits[v].has & PAIN_OR_FUNCTION)
      latest = &work->visits[v];
  if (latest == NULL)
    return;

  _marrow_guidance_label_visit (work, latest, &label);
  if (label.label != MARROW_GUIDANCE_CLASS_WORSENED)
    return;
  d = leading_domain (work, latest, -1, &change);
  work->eval->flags |= MARROW_GUIDANCE_FLAG_EARLY_WORSENING;
  _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_EARLY_WORSENING,
                                  work->eval->domains[d].source->label, NULL, 3, change,
                                  work->eval->domains[d].source->mcid.value,
                                  (double)(latest->day - start));
}

static void
set_current (MarrowGuidanceWork        *work,
             const MarrowGuidanceVisit *visit)
{
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    if (visit->has & (1u << d))
      {
        work->eval->domains[d].current = visit->value[d];
        work->eval->domains[d].current_day = visit->day;
      }
}

void
_marrow_guidance_response (MarrowGuidanceWork *work)
{
  MarrowGuidanceEvaluation *eval = work->eval;
  double earliest = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_EARLIEST_JUDGEMENT_DAYS);
  const MarrowGuidanceVisit *current = NULL;
  const MarrowGuidanceVisit *best = NULL;
  MarrowGuidanceVisitLabel current_label = { 0 };
  MarrowGuidanceVisitLabel best_label = { 0 };
  MarrowDay index, start;
  gboolean has_baseline;

  eval->classification = MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA;
  if (work->first_cell < 0)
    {
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NO_INJECTION, NULL, NULL, 0);
      return;
    }

  index = g_array_index (work->snapshot->injections, MarrowGuidanceInjection, work->first_cell).day;
  start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection, work->last_cell).day;
  has_baseline = choose_sources (work);
  if (has_baseline)
    {
      MarrowDay oldest = index;

      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        if (eval->domains[d].source != NULL && eval->domains[d].baseline_day < oldest)
          oldest = eval->domains[d].baseline_day;
      if (index - oldest > _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BASELINE_WARN_DAYS))
        _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_BASELINE_OLD, NULL, NULL, 2,
                                        (double)(index - oldest),
                                        _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BASELINE_WARN_DAYS));
      collect_visits (work);
    }
  else
    _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NO_BASELINE, NULL, NULL, 1,
                                    _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BASELINE_MAX_DAYS));

  if (work->as_of - start < earliest)
    {
      judge_too_early (work, start);
      return;
    }
  if (!has_baseline)
    return;

  for (guint v = 0; v < work->n_visits; v++)
    {
      const MarrowGuidanceVisit *visit = &work->visits[v];
      MarrowGuidanceVisitLabel label;

      if (visit->day - start < earliest || !(visit->has & PAIN_OR_FUNCTION))
        continue;
      _marrow_guidance_label_visit (work, visit, &label);
      current = visit;
      current_label = label;
      if (label.oarsi)
        work->ever_oarsi = TRUE;
      if ((label.label == MARROW_GUIDANCE_CLASS_RESPONDER ||
           label.label == MARROW_GUIDANCE_CLASS_PARTIAL) &&
          (best == NULL || (label.label == MARROW_GUIDANCE_CLASS_RESPONDER &&
                            best_label.label != MARROW_GUIDANCE_CLASS_RESPONDER)))
        {
          best = visit;
          best_label = label;
        }
    }

  if (current == NULL)
    {
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NO_FOLLOWUP, NULL, NULL, 2,
                                      (double)(work->as_of - start), earliest);
      return;
    }

  set_current (work, current);
  if (current_label.label == MARROW_GUIDANCE_CLASS_WORSENED || best == NULL)
    {
      eval->classification = current_label.label;
      state_label (work, current, &current_label);
    }
  else
    {
      work->ever_responded = TRUE;
      eval->classification = best_label.label;
      state_label (work, best, &best_label);
    }
  state_changes (work, current);

  if (current->day - start >= _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_FINAL_JUDGEMENT_DAYS))
    _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_FINAL, NULL, NULL, 1,
                                    _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_FINAL_JUDGEMENT_DAYS));
  if (!(current->has & (1u << MARROW_GUIDANCE_DOMAIN_GLOBAL)))
    _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_GLOBAL_NOT_COLLECTED, NULL, NULL, 0);
  judge_pass (work);
}
