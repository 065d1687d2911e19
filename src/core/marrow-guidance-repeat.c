/* marrow-guidance-repeat.c: the recommendation and the repeat flags (rule G5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recommendation follows from the classification and the durability;
 * a red flag (G7) replaces it with HOLD_CLINICAL_REVIEW.  Interval and
 * cumulative checks count cell injections into the joint (not intravenous
 * ones); the interval is that of a requested repeat, or else that of the
 * last injection given.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include "marrow-guidance-private.h"

static gboolean
is_joint_cell (const MarrowGuidanceInjection *injection)
{
  return MARROW_GUIDANCE_IS_CELL (injection) && injection->route != MARROW_GUIDANCE_ROUTE_INTRAVENOUS;
}

static MarrowGuidanceRecommendation
recommend_for_response (MarrowGuidanceWork *work,
                        guint               n_joint_cells)
{
  MarrowGuidanceEvaluation *eval = work->eval;
  MarrowGuidanceProtocol *protocol = work->protocol;
  MarrowDay start = g_array_index (work->snapshot->injections, MarrowGuidanceInjection,
                                   work->last_cell).day;
  double since = work->as_of - start;
  double min_interval = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BOOSTER_MIN_INTERVAL_DAYS);
  gboolean pass_met = FALSE;
  gboolean pass_failed = FALSE;

  gboolean booster_window = protocol->clinic_booster.enabled &&
    work->as_of >= marrow_day_add_months (start, protocol->clinic_booster.from) &&
    work->as_of <= marrow_day_add_months (start, protocol->clinic_booster.to);

  /* G5i: a clinic booster window is shown whatever else applies */
  if (booster_window)
    {
      eval->flags |= MARROW_GUIDANCE_FLAG_LOW_EVIDENCE;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_CLINIC_BOOSTER_DUE, NULL, NULL, 2,
                                      (double)protocol->clinic_booster.from,
                                      (double)protocol->clinic_booster.to);
    }

  if (eval->durability == MARROW_GUIDANCE_DURABILITY_WANING ||
      eval->durability == MARROW_GUIDANCE_DURABILITY_RELAPSED)
    {
      if (since >= min_interval)
        {
          _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_CONSIDER_REPEAT, NULL, NULL, 2,
                                          since, min_interval);
          return MARROW_GUIDANCE_REC_CONSIDER_REPEAT;
        }
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_FADING_TOO_SOON, NULL, NULL, 2,
                                      since, min_interval);
      return MARROW_GUIDANCE_REC_MONITOR;
    }

  if (protocol->second_dose.enabled && n_joint_cells == 1 &&
      since >= protocol->second_dose.from && since <= protocol->second_dose.to)
    {
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_SECOND_DOSE_DUE, NULL, NULL, 3,
                                      since, (double)protocol->second_dose.from,
                                      (double)protocol->second_dose.to);
      return MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE;
    }

  if (booster_window)
    return MARROW_GUIDANCE_REC_CONSIDER_REPEAT;

  for (guint d = MARROW_GUIDANCE_DOMAIN_PAIN; d <= MARROW_GUIDANCE_DOMAIN_FUNCTION; d++)
    {
      pass_met |= eval->domains[d].pass_met == 1;
      pass_failed |= eval->domains[d].pass_met == 0;
    }
  if (pass_met && !pass_failed)
    {
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_NO_REPEAT_NEEDED, NULL, NULL, 0);
      return MARROW_GUIDANCE_REC_NO_REPEAT_NEEDED;
    }
  _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_MONITOR, NULL, NULL, 0);
  return MARROW_GUIDANCE_REC_MONITOR;
}

static MarrowGuidanceRecommendation
recommend (MarrowGuidanceWork *work,
           guint               n_joint_cells)
{
  switch (work->eval->classification)
    {
    case MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA:
      return MARROW_GUIDANCE_REC_INSUFFICIENT_DATA;
    case MARROW_GUIDANCE_CLASS_TOO_EARLY:
    case MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET:
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_MONITOR, NULL, NULL, 0);
      return MARROW_GUIDANCE_REC_MONITOR;
    case MARROW_GUIDANCE_CLASS_NON_RESPONDER:
    case MARROW_GUIDANCE_CLASS_WORSENED:
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_REPEAT_NOT_SUPPORTED, NULL, NULL, 0);
      return MARROW_GUIDANCE_REC_REPEAT_NOT_SUPPORTED;
    case MARROW_GUIDANCE_CLASS_RESPONDER:
    case MARROW_GUIDANCE_CLASS_PARTIAL:
      return recommend_for_response (work, n_joint_cells);
    default:
      g_assert_not_reached ();
    }
}

/* G5f, G5g: a requested repeat, or else the last injection given */
static void
check_interval (MarrowGuidanceWork *work,
                int                 last_joint,
                int                 previous_joint)
{
  const GArray *injections = work->snapshot->injections;
  MarrowDay planned = work->snapshot->planned_repeat;
  double floor_days = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_ABSOLUTE_MIN_INTERVAL_DAYS);
  double min_days = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BOOSTER_MIN_INTERVAL_DAYS);
  MarrowDay from, to;
  double days;

  if (planned > 0 && last_joint >= 0 && planned >= g_array_index (injections, MarrowGuidanceInjection, last_joint).day)
    {
      from = g_array_index (injections, MarrowGuidanceInjection, last_joint).day;
      to = planned;
    }
  else if (planned == 0 && previous_joint >= 0)
    {
      from = g_array_index (injections, MarrowGuidanceInjection, previous_joint).day;
      to = g_array_index (injections, MarrowGuidanceInjection, last_joint).day;
    }
  else
    return;

  days = to - from;
  if (days < floor_days)
    {
      work->eval->flags |= MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_BLOCK_INTERVAL, NULL, NULL, 3,
                                      days, floor_days, (double)(planned > 0));
    }
  else if (days < min_days)
    {
      work->eval->flags |= MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_EARLY_REPEAT, NULL, NULL, 3,
                                      days, min_days, (double)(planned > 0));
    }
}

/* G5h: cell injections into the joint in the months before the evaluation
 * (or the requested repeat, which counts too) */
static void
check_cumulative (MarrowGuidanceWork *work)
{
  const GArray *injections = work->snapshot->injections;
  MarrowDay planned = work->snapshot->planned_repeat;
  MarrowDay reference = planned > work->as_of ? planned : work->as_of;
  double limit = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_CUMULATIVE_COUNT);
  guint months = (guint)_marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_CUMULATIVE_MONTHS);
  MarrowDay since = marrow_day_subtract_months (reference, months);
  guint count = planned > 0 ? 1 : 0;

  for (guint i = 0; i < work->n_injections; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (injections,
                                                                 MarrowGuidanceInjection, i);

      if (is_joint_cell (injection) && injection->day > since)
        count++;
    }
  if (count >= limit)
    {
      work->eval->flags |= MARROW_GUIDANCE_FLAG_CUMULATIVE_REVIEW;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_CUMULATIVE, NULL, NULL, 3,
                                      (double)count, (double)months, limit);
    }
}

void
_marrow_guidance_repeat (MarrowGuidanceWork *work)
{
  MarrowGuidanceEvaluation *eval = work->eval;
  const GArray *injections = work->snapshot->injections;
  MarrowGuidanceRecommendation recommendation;
  int last_joint = -1;
  int previous_joint = -1;
  guint n_joint_cells = 0;
  guint n_statements = eval->statements->len;

  for (guint i = 0; i < work->n_injections; i++)
    if (is_joint_cell (&g_array_index (injections, MarrowGuidanceInjection, i)))
      {
        previous_joint = last_joint;
        last_joint = i;
        n_joint_cells++;
      }

  recommendation = recommend (work, n_joint_cells);
  if (work->hold)
    {
      /* The suppressed advice is named, not explained: a reader must not
       * take it for the recommendation */
      g_array_set_size (eval->statements, n_statements);
      eval->recommendation = MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_HOLD_SUPPRESSES,
                                      marrow_guidance_recommendation_to_string (recommendation),
                                      NULL, 0);
    }
  else
    eval->recommendation = recommendation;

  check_interval (work, last_joint, previous_joint);
  check_cumulative (work);

  if (work->snapshot->joint == MARROW_GUIDANCE_JOINT_HIP)
    {
      eval->flags |= MARROW_GUIDANCE_FLAG_LOW_EVIDENCE;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_HIP_LOW_EVIDENCE, NULL, NULL, 0);
    }
  if (work->snapshot->kl_grade >= 4)
    {
      eval->flags |= MARROW_GUIDANCE_FLAG_SEVERE_DISEASE;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_SEVERE_DISEASE, NULL, NULL, 1,
                                      (double)work->snapshot->kl_grade);
    }
}
