/* marrow-guidance-durability.c: stable, waning or relapsed (rule G4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only for a course that responded.  A loss counts when it is confirmed: the
 * latest visit and every visit back to one at least the confirmation gap
 * earlier show it (guidance-evidence.md: "2 consecutive assessments ≥ 28 d
 * apart"; single readings fall inside the MDC).
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>

#include "marrow-guidance-private.h"

#define EPSILON 1e-9

typedef struct
{
  gboolean confirmed;
  gboolean latest_only;   /* the latest visit shows it, no earlier one confirms */
  guint    first;         /* the confirming visit */
  guint    last;          /* the latest visit */
} Run;

typedef gboolean (*VisitTest) (MarrowGuidanceWork        *work,
                               const MarrowGuidanceVisit *visit,
                               gpointer                   data);

/* Walks back from the latest visit that @applies while @test holds */
static Run
find_run (MarrowGuidanceWork *work,
          VisitTest           applies,
          VisitTest           test,
          gpointer            data)
{
  double gap = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_CONFIRMATION_GAP_DAYS);
  Run run = { FALSE, FALSE, 0, 0 };
  gboolean have_last = FALSE;

  for (guint v = work->n_visits; v-- > 0;)
    {
      const MarrowGuidanceVisit *visit = &work->visits[v];

      if (!applies (work, visit, data))
        continue;
      if (!test (work, visit, data))
        break;
      if (!have_last)
        {
          run.last = v;
          run.latest_only = TRUE;
          have_last = TRUE;
        }
      else if (work->visits[run.last].day - visit->day >= gap)
        {
          run.first = v;
          run.confirmed = TRUE;
          run.latest_only = FALSE;
          break;
        }
    }
  return run;
}

typedef struct
{
  guint                       domain;
  const MarrowGuidanceSource *source;
  double                      peak;
  MarrowDay                   peak_from;
} Waning;

static gboolean
has_domain (MarrowGuidanceWork        *work,
            const MarrowGuidanceVisit *visit,
            gpointer                   data)
{
  Waning *waning = data;

  return visit->day >= waning->peak_from && (visit->has & (1u << waning->domain));
}

static double
drop_from_peak (const Waning              *waning,
                const MarrowGuidanceVisit *visit)
{
  return _marrow_guidance_improvement (waning->source, visit->value[waning->domain], waning->peak);
}

static gboolean
fell_from_peak (MarrowGuidanceWork        *work,
                const MarrowGuidanceVisit *visit,
                gpointer                   data)
{
  Waning *waning = data;

  return drop_from_peak (waning, visit) >= waning->source->mcid.value - EPSILON;
}

static gboolean
is_judged (MarrowGuidanceWork        *work,
           const MarrowGuidanceVisit *visit,
           gpointer                   data)
{
  MarrowDay start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->last_cell).day;

  return visit->day - start >=
         _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_EARLIEST_JUDGEMENT_DAYS) &&
         (visit->has & ((1u << MARROW_GUIDANCE_DOMAIN_PAIN) | (1u << MARROW_GUIDANCE_DOMAIN_FUNCTION)));
}

/* Improvement over baseline below the MCID in every domain measured, or the
 * OARSI status lost on a visit that measured both pain and function */
static gboolean
lost_response (MarrowGuidanceWork        *work,
               const MarrowGuidanceVisit *visit,
               gpointer                   data)
{
  const guint both = (1u << MARROW_GUIDANCE_DOMAIN_PAIN) | (1u << MARROW_GUIDANCE_DOMAIN_FUNCTION);
  MarrowGuidanceVisitLabel label;
  gboolean below = TRUE;

  for (guint d = MARROW_GUIDANCE_DOMAIN_PAIN; d <= MARROW_GUIDANCE_DOMAIN_FUNCTION; d++)
    {
      const MarrowGuidanceDomainResult *result = &work->eval->domains[d];

      if ((visit->has & (1u << d)) &&
          _marrow_guidance_improvement (result->source, result->baseline, visit->value[d]) >=
          result->source->mcid.value - EPSILON)
        below = FALSE;
    }
  if (below)
    return TRUE;

  _marrow_guidance_label_visit (work, visit, &label);
  return work->ever_oarsi && (visit->has & both) == both && !label.oarsi;
}

static gboolean
find_peak (MarrowGuidanceWork *work,
           Waning             *waning)
{
  gboolean found = FALSE;

  for (guint v = 0; v < work->n_visits; v++)
    {
      const MarrowGuidanceVisit *visit = &work->visits[v];
      double value = visit->value[waning->domain];

      if (!has_domain (work, visit, waning))
        continue;
      if (!found || _marrow_guidance_improvement (waning->source, waning->peak, value) > 0)
        waning->peak = value;
      found = TRUE;
    }
  return found;
}

void
_marrow_guidance_durability (MarrowGuidanceWork *work)
{
  MarrowGuidanceEvaluation *eval = work->eval;
  MarrowDay start;
  Run relapse;
  gboolean waning_any = FALSE;
  MarrowGuidanceStatement stable = { MARROW_GUIDANCE_N_STATEMENTS };

  if (!work->ever_responded)
    return;

  start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection, work->last_cell).day;
  relapse = find_run (work, is_judged, lost_response, NULL);
  if (relapse.confirmed)
    {
      eval->durability = MARROW_GUIDANCE_DURABILITY_RELAPSED;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_RELAPSED, NULL, NULL, 2,
                                      (double)(work->visits[relapse.last].day -
                                               work->visits[relapse.first].day),
                                      _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_CONFIRMATION_GAP_DAYS));
      return;
    }

  for (guint d = MARROW_GUIDANCE_DOMAIN_PAIN; d <= MARROW_GUIDANCE_DOMAIN_FUNCTION; d++)
    {
      Waning waning = { d, eval->domains[d].source, NAN,
                        start + (MarrowDay)_marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_PEAK_FROM_DAYS) };
      Run run;

      if (waning.source == NULL || !find_peak (work, &waning))
        continue;
      eval->domains[d].peak = waning.peak;
      run = find_run (work, has_domain, fell_from_peak, &waning);
      if (run.confirmed)
        {
          waning_any = TRUE;
          _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_WANING, waning.source->label,
                                          NULL, 5, drop_from_peak (&waning, &work->visits[run.first]),
                                          drop_from_peak (&waning, &work->visits[run.last]),
                                          waning.peak,
                                          (double)(work->visits[run.last].day -
                                                   work->visits[run.first].day),
                                          waning.source->mcid.value);
        }
      else if (run.latest_only)
        _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_WANING_UNCONFIRMED,
                                        waning.source->label, NULL, 4,
                                        drop_from_peak (&waning, &work->visits[run.last]),
                                        waning.peak, waning.source->mcid.value,
                                        _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_CONFIRMATION_GAP_DAYS));
      else if (stable.code == MARROW_GUIDANCE_N_STATEMENTS)
        {
          /* The latest value of the domain against its peak */
          for (guint v = work->n_visits; v-- > 0;)
            if (has_domain (work, &work->visits[v], &waning))
              {
                stable = (MarrowGuidanceStatement) {
                  MARROW_GUIDANCE_STMT_STABLE,
                  { drop_from_peak (&waning, &work->visits[v]), waning.peak, waning.source->mcid.value },
                  { waning.source->label, NULL },
                };
                break;
              }
        }
    }

  /* Said only when nothing wanes: "stable" beside "waning" would confuse */
  if (!waning_any && stable.code == MARROW_GUIDANCE_STMT_STABLE)
    g_array_append_val (eval->statements, stable);
  eval->durability = waning_any ? MARROW_GUIDANCE_DURABILITY_WANING
                                : MARROW_GUIDANCE_DURABILITY_STABLE;
}
