/* marrow-guidance-schedule.c: the follow-up schedule (rule G1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time points relative to each cell injection into the joint, from the
 * protocol: target days in calendar months or days, windows in days, then
 * one time point a year.  A later injection re-anchors the schedule: the
 * earlier injection's time points after it that were not done become
 * SUPERSEDED and stay in the list.  Intravenous injections anchor nothing
 * (guidance-evidence.md G6: no automatic IV schedules).
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include "marrow-guidance-private.h"

/* Years of yearly time points beyond which nothing is generated */
#define MAX_YEARS 50

static gboolean
is_anchor (const MarrowGuidanceInjection *injection)
{
  return MARROW_GUIDANCE_IS_CELL (injection) && injection->route != MARROW_GUIDANCE_ROUTE_INTRAVENOUS;
}

/* A score of one of the protocol's instruments */
static gboolean
is_protocol_score (MarrowGuidanceProtocol    *protocol,
                   const MarrowGuidanceScore *score)
{
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    for (guint s = 0; s < protocol->sources[d]->len; s++)
      if (g_array_index (protocol->sources[d], MarrowGuidanceSource, s).instrument ==
          score->instrument)
        return TRUE;
  return FALSE;
}

static void
judge (MarrowGuidanceWork      *work,
       MarrowGuidanceTimePoint *tp)
{
  const GArray *scores = work->snapshot->scores;

  for (guint i = 0; i < work->n_scores; i++)
    {
      const MarrowGuidanceScore *score = &g_array_index (scores, MarrowGuidanceScore, i);

      if (score->day > tp->closes)
        break;
      if (score->day >= tp->opens && is_protocol_score (work->protocol, score))
        {
          tp->status = MARROW_GUIDANCE_TP_DONE;
          tp->done_on = score->day;
          return;
        }
    }

  if (work->as_of < tp->opens)
    tp->status = MARROW_GUIDANCE_TP_UPCOMING;
  else if (work->as_of <= tp->target)
    tp->status = MARROW_GUIDANCE_TP_DUE;
  else if (work->as_of <= tp->closes)
    tp->status = MARROW_GUIDANCE_TP_OVERDUE;
  else
    tp->status = MARROW_GUIDANCE_TP_MISSED;
}

static void
add (MarrowGuidanceWork *work,
     guint               anchor,
     const char         *id,
     MarrowDay           target,
     guint               minus,
     guint               plus,
     int                 next_anchor)
{
  MarrowGuidanceTimePoint tp = { anchor, id, target, target > minus ? target - minus : 1,
                                 target + plus, MARROW_GUIDANCE_TP_UPCOMING, 0, -1 };

  judge (work, &tp);
  if (next_anchor >= 0)
    {
      MarrowDay booster = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                         next_anchor).day;

      if (tp.target > booster && !(tp.status == MARROW_GUIDANCE_TP_DONE && tp.done_on <= booster))
        {
          tp.status = MARROW_GUIDANCE_TP_SUPERSEDED;
          tp.done_on = 0;
          tp.superseded_by = next_anchor;
        }
    }
  g_array_append_val (work->eval->time_points, tp);
}

static void
schedule_anchor (MarrowGuidanceWork *work,
                 guint               anchor,
                 int                 next_anchor)
{
  MarrowGuidanceProtocol *protocol = work->protocol;
  MarrowDay day = g_array_index (work->snapshot->injections, MarrowGuidanceInjection, anchor).day;
  MarrowDay horizon;
  guint months = 0;

  /* Up to one yearly time point past the evaluation day, or for a
   * re-anchored injection past the injection that superseded it */
  horizon = next_anchor >= 0 ? g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                              next_anchor).day
                             : work->as_of;
  horizon += 366;

  for (guint i = 0; i < protocol->time_points->len; i++)
    {
      const MarrowGuidanceTimePointDef *def = &g_array_index (protocol->time_points,
                                                              MarrowGuidanceTimePointDef, i);

      add (work, anchor, def->id, marrow_day_add_months (day, def->months) + def->days,
           def->minus, def->plus, next_anchor);
      months = def->months;
    }

  for (guint year = 1; year <= MAX_YEARS; year++)
    {
      char id[16];
      MarrowDay target;

      months = (months / 12 + 1) * 12;
      target = marrow_day_add_months (day, months);
      if (target > horizon)
        break;
      g_snprintf (id, sizeof id, "%um", months);
      add (work, anchor, g_intern_string (id), target, protocol->yearly_minus,
           protocol->yearly_plus, next_anchor);
    }
}

void
_marrow_guidance_schedule (MarrowGuidanceWork *work)
{
  const GArray *injections = work->snapshot->injections;
  int anchor = -1;
  gboolean any_iv = FALSE;

  for (guint i = 0; i < work->n_injections; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (injections,
                                                                 MarrowGuidanceInjection, i);

      if (injection->route == MARROW_GUIDANCE_ROUTE_INTRAVENOUS)
        any_iv = TRUE;
      if (!is_anchor (injection))
        continue;
      if (anchor >= 0)
        schedule_anchor (work, anchor, i);
      anchor = i;
    }

  if (anchor >= 0)
    {
      schedule_anchor (work, anchor, -1);
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_SCHEDULE, NULL, NULL, 0);
    }
  else if (any_iv)
    _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NO_SCHEDULE_IV, NULL, NULL, 0);
}
