/* marrow-followup-letter.c: a letter to the patient for a due questionnaire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page per due follow-up (a MarrowWorklistEntry of
 * marrow_worklist_collect() or marrow_worklist_collect_case()): the
 * patient's postal address, the day, what is asked (the time point, the
 * joint, the questionnaire), the window in which to return it, the
 * practice's phone number, and the treating physician's signature.  The
 * worklist already leaves out patients marked "do not contact".
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-entities.h"
#include "marrow-followup-letter.h"
#include "marrow-guidance-labels.h"

static char *
postal_address (MarrowRecord *patient)
{
  g_autoptr(GString) address = g_string_new (NULL);
  const char *given = marrow_record_get_text (patient, "given_names");
  const char *family = marrow_record_get_text (patient, "family_name");
  const char *line = marrow_record_get_text (patient, "address_line");
  const char *postal = marrow_record_get_text (patient, "address_postal_code");
  const char *city = marrow_record_get_text (patient, "address_city");
  const char *country = marrow_record_get_text (patient, "address_country");

  if (given != NULL)
    g_string_append_printf (address, "%s ", given);
  g_string_append (address, family != NULL ? family : "");
  if (line != NULL)
    g_string_append_printf (address, "\n%s", line);
  if (postal != NULL || city != NULL)
    g_string_append_printf (address, "\n%s%s%s", postal != NULL ? postal : "",
                            postal != NULL && city != NULL ? " " : "", city != NULL ? city : "");
  if (country != NULL)
    g_string_append_printf (address, "\n%s", country);
  return g_string_free (g_steal_pointer (&address), FALSE);
}

/* The day the case's latest injection was given, or 0 */
static MarrowDay
last_injection_day (MarrowStore   *store,
                    MarrowRecord  *joint_case,
                    char         **operator_id,
                    GError       **error)
{
  MarrowListQuery query = { "performed_at", TRUE, "joint_case_id", marrow_record_get_id (joint_case), FALSE };
  g_autoptr(GPtrArray) injections = marrow_store_find (store, &marrow_entity_injection, &query, error);

  *operator_id = NULL;
  if (injections == NULL || injections->len == 0)
    return 0;
  *operator_id = g_strdup (marrow_record_get_text (injections->pdata[0], "operator_id"));
  return marrow_instant_local_day (marrow_record_get_text (injections->pdata[0], "performed_at"));
}

static gboolean
add_letter (MarrowReport               *report,
            MarrowStore                *store,
            const MarrowWorklistEntry  *entry,
            MarrowDay                   today,
            GError                    **error)
{
  g_autofree char *address = postal_address (entry->patient);
  g_autofree char *date = marrow_report_format_day (today);
  g_autofree char *joint = marrow_joint_case_dup_title (entry->joint_case);
  g_autofree char *subject = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *body = NULL;
  g_autofree char *window = NULL;
  g_autofree char *operator_id = NULL;
  g_autofree char *physician = NULL;
  g_autofree char *treated = NULL;
  g_autofree char *opens = marrow_report_format_day (entry->opens);
  g_autofree char *closes = marrow_report_format_day (entry->closes);
  g_autofree char *target = marrow_report_format_day (entry->target);
  g_autofree char *phone_text = NULL;
  g_autofree char *practice_phone = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *time_point = marrow_guidance_time_point_label (entry->time_point);
  const char *instrument = marrow_record_get_text (entry->joint_case, "primary_instrument");
  const char *given = marrow_record_get_text (entry->patient, "given_names");
  const char *family = marrow_record_get_text (entry->patient, "family_name");
  MarrowDay injected;

  injected = last_injection_day (store, entry->joint_case, &operator_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!marrow_store_get_setting (store, "practice_phone", &practice_phone, error))
    return FALSE;

  marrow_report_add_paragraph (report, address);
  marrow_report_add_paragraph (report, date);
  /* Translators: the subject of a follow-up letter: the time point, then the joint,
   * e.g. "Your 6 months follow-up questionnaire: Left Knee" */
  subject = g_strdup_printf (_("Your %s follow-up questionnaire: %s"), time_point, joint);
  marrow_report_add_heading (report, subject);
  /* Translators: the greeting of a letter to a patient: given names, then family name */
  greeting = g_strdup_printf (_("Dear %s %s,"), given != NULL ? given : "", family != NULL ? family : "");
  marrow_report_add_paragraph (report, g_strstrip (greeting));

  if (injected != 0)
    {
      g_autofree char *day = marrow_report_format_day (injected);

      /* Translators: a follow-up letter: when the patient was last treated, and where */
      treated = g_strdup_printf (_("On %s you had a cell injection into your %s."), day, joint);
    }
  if (instrument != NULL)
    /* Translators: a follow-up letter: what to fill in; %s is the questionnaire, e.g. "KOOS" */
    body = g_strdup_printf (_("To see how the joint is doing, we ask you to fill in the enclosed "
                              "%s questionnaire for your %s follow-up. It takes about ten minutes."),
                            instrument, time_point);
  else
    /* Translators: a follow-up letter: what to fill in */
    body = g_strdup_printf (_("To see how the joint is doing, we ask you to fill in the enclosed "
                              "questionnaire for your %s follow-up. It takes about ten minutes."),
                            time_point);
  if (treated != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s %s", treated, body);

      g_free (body);
      body = g_steal_pointer (&both);
    }
  marrow_report_add_paragraph (report, body);

  if (entry->status == MARROW_GUIDANCE_TP_OVERDUE)
    /* Translators: a follow-up letter: the window and target day, when overdue */
    window = g_strdup_printf (_("The questionnaire was due between %s and %s (target %s). Please "
                                "return it as soon as you can: your answers still count."),
                              opens, closes, target);
  else
    /* Translators: a follow-up letter: the window and target day */
    window = g_strdup_printf (_("Please return it between %s and %s; the best day is %s."),
                              opens, closes, target);
  marrow_report_add_paragraph (report, window);

  if (practice_phone != NULL && *practice_phone != '\0')
    /* Translators: a follow-up letter; %s is the practice's phone number */
    phone_text = g_strdup_printf (_("If you have questions, or if your joint has become worse, "
                                    "please call us at %s."), practice_phone);
  else
    phone_text = g_strdup (_("If you have questions, or if your joint has become worse, please "
                             "call us."));
  marrow_report_add_paragraph (report, phone_text);
  marrow_report_add_paragraph (report, _("Kind regards,"));
  if (operator_id != NULL)
    physician = marrow_report_staff_name (store, NULL, operator_id);
  marrow_report_add_signature (report, _("Treating physician"), physician);
  return TRUE;
}

/**
 * marrow_followup_letter_new:
 * @store: the store
 * @followups: (element-type MarrowWorklistEntry): due follow-ups of one
 *   patient (entries that are reviews are skipped)
 * @options: (nullable): the day of the letter, when it is printed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): one letter per follow-up, each on a
 *   page of its own, or %NULL with @error set
 */
MarrowReport *
marrow_followup_letter_new (MarrowStore                *store,
                            GPtrArray                  *followups,
                            const MarrowReportOptions  *options,
                            GError                    **error)
{
  g_autoptr(MarrowReport) report = NULL;
  const MarrowWorklistEntry *first = NULL;
  MarrowDay today = marrow_report_options_as_of (options);

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (followups != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < followups->len && first == NULL; i++)
    if (!((const MarrowWorklistEntry *)followups->pdata[i])->review)
      first = followups->pdata[i];
  g_return_val_if_fail (first != NULL, NULL);

  report = marrow_report_new (_("Follow-up letter"));
  marrow_report_set_subject (report, "letter", "joint_case", first->case_id);
  if (!marrow_report_set_frame (report, store, first->patient, options, error))
    return NULL;
  for (guint i = 0; i < followups->len; i++)
    {
      const MarrowWorklistEntry *entry = followups->pdata[i];

      if (entry->review)
        continue;
      g_return_val_if_fail (g_strcmp0 (marrow_record_get_id (entry->patient),
                                       marrow_record_get_id (first->patient)) == 0, NULL);
      if (entry != first)
        {
          marrow_report_add_page_break (report);
          if (g_strcmp0 (entry->case_id, first->case_id) != 0)
            marrow_report_add_audit_record (report, "joint_case", entry->case_id);
        }
      if (!add_letter (report, store, entry, today, error))
        return NULL;
    }
  return g_steal_pointer (&report);
}
