/* marrow-guidance-red-flags.c: reasons to hold for a clinical review (rule G7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three inputs: the latest red-flag checklist, the adverse events of the
 * case and intra-articular injections of other drugs.  Any hold makes the
 * recommendation HOLD_CLINICAL_REVIEW (marrow-guidance-repeat.c); NSAID use
 * and a high BMI are informational only.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-guidance-private.h"

typedef struct
{
  MarrowGuidanceRedFlags      flag;
  MarrowGuidanceStatementCode code;
  gboolean                    holds;
} ChecklistRule;

static const ChecklistRule checklist_rules[] = {
  { MARROW_GUIDANCE_RED_FEVER_HOT_JOINT, MARROW_GUIDANCE_STMT_RED_INFECTION, TRUE },
  { MARROW_GUIDANCE_RED_RISING_PAIN, MARROW_GUIDANCE_STMT_RED_RISING_PAIN, TRUE },
  { MARROW_GUIDANCE_RED_POSITIVE_CULTURE, MARROW_GUIDANCE_STMT_RED_CULTURE, TRUE },
  { MARROW_GUIDANCE_RED_MALIGNANCY, MARROW_GUIDANCE_STMT_RED_MALIGNANCY, TRUE },
  { MARROW_GUIDANCE_RED_IMMUNOSUPPRESSION, MARROW_GUIDANCE_STMT_RED_IMMUNOSUPPRESSION, TRUE },
  { MARROW_GUIDANCE_RED_PREGNANCY, MARROW_GUIDANCE_STMT_RED_PREGNANCY, TRUE },
  { MARROW_GUIDANCE_RED_INFECTION_ELSEWHERE, MARROW_GUIDANCE_STMT_RED_INFECTION_ELSEWHERE, TRUE },
  { MARROW_GUIDANCE_RED_TRAUMA_LOCKING, MARROW_GUIDANCE_STMT_RED_TRAUMA, TRUE },
  /* held only when the treatment needs a bone-marrow harvest */
  { MARROW_GUIDANCE_RED_ANTICOAGULANT, MARROW_GUIDANCE_STMT_RED_ANTICOAGULANT, TRUE },
  { MARROW_GUIDANCE_RED_NSAID, MARROW_GUIDANCE_STMT_INFO_NSAID, FALSE },
};

static void
hold (MarrowGuidanceWork          *work,
      MarrowGuidanceStatementCode  code,
      const char                  *str,
      guint                        n_numbers,
      double                       a,
      double                       b,
      double                       c)
{
  work->hold = TRUE;
  _marrow_guidance_add_statement (work, code, str, NULL, n_numbers, a, b, c);
}

static void
check_checklist (MarrowGuidanceWork *work)
{
  const GArray *checklists = work->snapshot->checklists;
  const MarrowGuidanceChecklist *current = NULL;

  for (guint i = 0; i < checklists->len; i++)
    if (g_array_index (checklists, MarrowGuidanceChecklist, i).day <= work->as_of)
      current = &g_array_index (checklists, MarrowGuidanceChecklist, i);
  if (current == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (checklist_rules); i++)
    {
      const ChecklistRule *rule = &checklist_rules[i];
      double days_ago = work->as_of - current->day;

      if (!(current->flags & rule->flag))
        continue;
      if (rule->flag == MARROW_GUIDANCE_RED_ANTICOAGULANT &&
          work->product != MARROW_GUIDANCE_PRODUCT_BMAC)
        continue;
      if (rule->holds)
        hold (work, rule->code, NULL, 1, days_ago, 0, 0);
      else
        _marrow_guidance_add_statement (work, rule->code, NULL, NULL, 1, days_ago);
    }
}

static gboolean
is_pain_or_swelling (const char *category)
{
  static const char * const categories[] = {
    "injection_site_pain", "injection_site_swelling", "effusion", "post_procedure_pain",
  };

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (strcmp (category, categories[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Domain model 4.10: septic arthritis ever in the joint; a serious event;
 * a related event of grade 2 or more still unresolved; pain, swelling or
 * effusion unresolved for longer than the protocol allows */
static void
check_adverse_events (MarrowGuidanceWork *work)
{
  const GArray *events = work->snapshot->adverse_events;
  double persisting = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_PERSISTING_EVENT_DAYS);

  for (guint i = 0; i < events->len; i++)
    {
      const MarrowGuidanceAdverseEvent *event = &g_array_index (events,
                                                                MarrowGuidanceAdverseEvent, i);
      gboolean unresolved = event->resolved == 0 || event->resolved > work->as_of;
      double days = work->as_of - event->onset;

      if (event->onset > work->as_of)
        break;
      if (strcmp (event->category, "septic_arthritis") == 0)
        hold (work, MARROW_GUIDANCE_STMT_RED_SEPTIC_ARTHRITIS, NULL, 1, days, 0, 0);
      else if (event->serious)
        hold (work, MARROW_GUIDANCE_STMT_RED_SERIOUS_EVENT, event->category, 1, days, 0, 0);
      else if (unresolved && event->related && event->severity >= 2)
        hold (work, MARROW_GUIDANCE_STMT_RED_UNRESOLVED_EVENT, event->category, 2,
              (double)event->severity, days, 0);
      else if (unresolved && days > persisting && is_pain_or_swelling (event->category))
        hold (work, MARROW_GUIDANCE_STMT_RED_PERSISTING_EVENT, event->category, 2, days,
              persisting, 0);
    }
}

/* G7.4: another drug into the joint within the last months, counted to the
 * requested repeat if there is one */
static void
check_other_injections (MarrowGuidanceWork *work)
{
  const GArray *others = work->snapshot->other_injections;
  double window = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_OTHER_INJECTION_DAYS);
  MarrowDay reference = work->snapshot->planned_repeat > work->as_of ? work->snapshot->planned_repeat
                                                                      : work->as_of;

  for (guint i = others->len; i-- > 0;)
    {
      const MarrowGuidanceOtherInjection *other = &g_array_index (others,
                                                                  MarrowGuidanceOtherInjection, i);

      if (other->day > work->as_of)
        continue;
      if (reference - other->day < window)
        hold (work, MARROW_GUIDANCE_STMT_RED_OTHER_INJECTION, other->kind, 2,
              (double)(reference - other->day), window, 0);
      break;   /* the latest one decides */
    }
}

void
_marrow_guidance_red_flags (MarrowGuidanceWork *work)
{
  double bmi_note = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BMI_NOTE);

  check_checklist (work);
  check_adverse_events (work);
  check_other_injections (work);

  if (!isnan (work->snapshot->bmi) && work->snapshot->bmi > bmi_note)
    _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_INFO_BMI, NULL, NULL, 2,
                                    work->snapshot->bmi, bmi_note);
}
