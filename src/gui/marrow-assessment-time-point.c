/* marrow-assessment-time-point.c: the follow-up time point of an assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The assessment form suggests a time point from the days between the
 * case's latest injection (on or before the assessment's day) and the
 * assessment.  The targets are those of the default schedule
 * (domain-model.md 4.11, data/protocols): 6 weeks = day 42,
 * 3 months = day 91, 6 months = day 182, 12 months = day 365, then yearly.
 * The schedule's windows leave gaps, so the suggestion is the nearest
 * target instead, with each boundary half-way between two targets:
 *
 * | Days after the injection | Suggested |
 * |---|---|
 * | no injection yet, or 0 (the questionnaire of the injection day is filled in before it) | baseline |
 * | 1–66 | 6w |
 * | 67–136 | 3m |
 * | 137–273 | 6m |
 * | 274–547 | 12m |
 * | 548 and more | yearly |
 *
 * It is only a suggestion: the form keeps the time point editable.  The
 * codes are those of assessment.timepoint (marrow-entities.c).
 */
#define G_LOG_DOMAIN "marrow-assessment"

#include "config.h"

#include "marrow-assessment-time-point.h"
#include "marrow-entities.h"
#include "marrow-time.h"

/* The last day after the injection that each time point is suggested for */
static const struct
{
  gint64      last_day;
  const char *code;
} suggestions[] = {
  { 0, "baseline" },
  { 66, "6w" },      /* half-way between day 42 and day 91 */
  { 136, "3m" },     /* between day 91 and day 182 */
  { 273, "6m" },     /* between day 182 and day 365 */
  { 547, "12m" },    /* between day 365 and day 730 */
};

/**
 * marrow_assessment_time_point_suggest:
 * @days_since_injection: days from the latest injection of the case to the
 *   assessment's day, or %MARROW_ASSESSMENT_NO_INJECTION
 *
 * Returns: the code of the suggested time point (table above)
 */
const char *
marrow_assessment_time_point_suggest (gint64 days_since_injection)
{
  g_return_val_if_fail (days_since_injection >= MARROW_ASSESSMENT_NO_INJECTION, NULL);

  if (days_since_injection == MARROW_ASSESSMENT_NO_INJECTION)
    return "baseline";
  for (guint i = 0; i < G_N_ELEMENTS (suggestions); i++)
    if (days_since_injection <= suggestions[i].last_day)
      return suggestions[i].code;
  return "yearly";
}

/**
 * marrow_assessment_latest_injection:
 * @store: a #MarrowStore
 * @joint_case_id: the case
 * @day: the assessment's day
 * @injection_day: (out): the day of the case's latest injection on or
 *   before @day, or 0 when there is none
 * @error: return location for a #GError
 *
 * Reads the case's injections (not those entered in error).
 *
 * Returns: %FALSE with @error set if the store could not be read
 */
gboolean
marrow_assessment_latest_injection (MarrowStore  *store,
                                    const char   *joint_case_id,
                                    MarrowDay     day,
                                    MarrowDay    *injection_day,
                                    GError      **error)
{
  g_autoptr(GPtrArray) injections = NULL;
  MarrowListQuery query = { .filter_field = "joint_case_id", .filter_value = joint_case_id };

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (joint_case_id != NULL, FALSE);
  g_return_val_if_fail (injection_day != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *injection_day = 0;
  injections = marrow_store_find (store, &marrow_entity_injection, &query, error);
  if (injections == NULL)
    return FALSE;
  for (guint i = 0; i < injections->len; i++)
    {
      MarrowDay performed = marrow_instant_local_day (
        marrow_record_get_text (injections->pdata[i], "performed_at"));

      if (performed != 0 && performed <= day && performed > *injection_day)
        *injection_day = performed;
    }
  return TRUE;
}
