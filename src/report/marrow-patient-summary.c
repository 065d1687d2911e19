/* marrow-patient-summary.c: one patient's treated joints on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a patient with several treated joints (issue 8, point 2): the
 * patient, then one section per joint case (those entered in error left
 * out): diagnosis and status, the injections given, the chart of its
 * scores, the latest scores of each questionnaire, and its guidance with
 * the physician's decision.  The case report has the details.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-labels.h"
#include "marrow-patient-summary.h"
#include "marrow-report-figures.h"
#include "marrow-report-format.h"

static void
add_patient (MarrowReport *report,
             MarrowRecord *patient)
{
  g_autofree char *name = marrow_patient_dup_display_name (patient);
  g_autofree char *born = marrow_report_format_date (marrow_record_get_text (patient, "dob"));
  const char *pairs[] = {
    _("Patient"), name,
    _("Date of birth"), born,
    _("Medical record number"), marrow_record_get_text (patient, "local_id"),
    _("Sex"), marrow_record_code_label (patient, "sex"),
    _("Phone"), marrow_record_get_text (patient, "phone"),
    _("Email"), marrow_record_get_text (patient, "email"),
    NULL
  };

  marrow_report_add_key_values (report, pairs, 2);
}

/* The latest assessment of each instrument, with its scores */
static gboolean
add_latest_scores (MarrowReport  *report,
                   MarrowStore   *store,
                   MarrowRecord  *joint_case,
                   GError       **error)
{
  const MarrowReportColumn columns[] = {
    { _("Questionnaire"), 1.4, MARROW_REPORT_ALIGN_START },
    { _("Date"), 1.5, MARROW_REPORT_ALIGN_START },
    { _("Time point"), 1.3, MARROW_REPORT_ALIGN_START },
    { _("Scores"), 5.8, MARROW_REPORT_ALIGN_START },
  };
  g_autoptr(GPtrArray) assessments = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  MarrowReportTable *table = NULL;

  assessments = marrow_store_find_by (store, &marrow_entity_assessment, "joint_case_id",
                                      marrow_record_get_id (joint_case), "completed_at", error);
  if (assessments == NULL)
    return FALSE;
  marrow_report_add_subheading (report, _("Latest scores"));
  /* Newest first: the first of each instrument is its latest */
  for (guint i = assessments->len; i-- > 0;)
    {
      MarrowRecord *assessment = assessments->pdata[i];
      const char *instrument = marrow_record_get_text_or_id (assessment, "instrument_code");
      g_autoptr(MarrowScores) scores = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *day = NULL;
      const char *time_point;

      if (!g_hash_table_add (seen, (char *)instrument))
        continue;
      scores = marrow_store_score_assessment (store, assessment, NULL);
      for (guint s = 0; scores != NULL && s < marrow_scores_get_n_values (scores); s++)
        {
          const MarrowScoreValue *value = marrow_scores_get_value (scores, s);
          g_autofree char *shown = value->scorable ? marrow_score_value_format (value)
                                                   : g_strdup (_("not scorable"));

          if (text->len > 0)
            g_string_append (text, ", ");
          /* Translators: a score and its value, e.g. "Pain 72.2" */
          g_string_append_printf (text, _("%s %s"), value->definition->label, shown);
        }
      if (scores == NULL)
        g_string_append (text, "—");
      day = marrow_report_format_day (marrow_instant_local_day (marrow_record_get_text (assessment,
                                                                                    "completed_at")));
      time_point = marrow_record_code_label (assessment, "timepoint");
      if (table == NULL)
        table = marrow_report_add_table (report, columns, G_N_ELEMENTS (columns));
      {
        const char *cells[] = { instrument, day, time_point != NULL ? time_point : "—", text->str };

        marrow_report_table_add_row (table, cells);
      }
    }
  if (table == NULL)
    marrow_report_add_note (report, _("No questionnaire recorded yet."));
  return TRUE;
}

static gboolean
add_guidance (MarrowReport                    *report,
              MarrowStore                     *store,
              MarrowGuidanceProtocolRegistry  *protocols,
              MarrowRecord                    *joint_case,
              MarrowDay                        as_of,
              GError                         **error)
{
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowRecord) decision = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next_review = NULL;
  g_autofree char *decided = NULL;

  marrow_report_add_subheading (report, _("Guidance"));
  if (protocols == NULL)
    {
      marrow_report_add_note (report, _("No guidance: the guidance protocols could not be loaded."));
      return TRUE;
    }
  evaluation = marrow_guidance_evaluate_case (store, protocols, joint_case, as_of, 0, NULL, &local_error);
  if (evaluation == NULL)
    {
      /* Translators: %s says why the guidance could not be computed */
      g_autofree char *message = g_strdup_printf (_("No guidance: %s"), local_error->message);

      marrow_report_add_note (report, message);
      return TRUE;
    }
  decision = marrow_guidance_decision_find_latest (store, marrow_record_get_id (joint_case), as_of,
                                                   &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  next_review = marrow_report_format_day (marrow_guidance_evaluation_get_next_review (evaluation));
  if (decision == NULL)
    decided = g_strdup (_("Not decided yet"));
  else
    {
      g_autofree char *by = marrow_report_staff_name (store, NULL,
                                                      marrow_record_get_text (decision, "decided_by"));
      g_autofree char *when = marrow_report_format_instant (marrow_record_get_text (decision, "decided_at"));

      if (g_strcmp0 (marrow_record_get_text (decision, "decision"), MARROW_GUIDANCE_DECISION_ACCEPT) == 0)
        /* Translators: the decision on the guidance: who accepted it and when */
        decided = g_strdup_printf (_("Accepted by %s, %s"), by, when);
      else
        /* Translators: the decision on the guidance: who overrode it, when and why */
        decided = g_strdup_printf (_("Overridden by %s, %s: %s"), by, when,
                                   marrow_record_get_text_or_id (decision, "reason"));
    }
  {
    const char *pairs[] = {
      _("Recommendation"),
      marrow_guidance_recommendation_label (marrow_guidance_evaluation_get_recommendation (evaluation)),
      _("Response"),
      marrow_guidance_classification_label (marrow_guidance_evaluation_get_classification (evaluation)),
      _("Next review"), next_review,
      _("Physician's decision"), decided,
      NULL
    };

    marrow_report_add_key_values (report, pairs, 2);
  }
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      g_autofree char *text = marrow_guidance_statement_dup_text (
        marrow_guidance_evaluation_get_statement (evaluation, i));

      /* Translators: a guidance statement in a list */
      g_autofree char *item = g_strdup_printf (_("• %s"), text);

      marrow_report_add_paragraph (report, item);
    }
  return TRUE;
}

static gboolean
add_case (MarrowReport                    *report,
          MarrowStore                     *store,
          MarrowGuidanceProtocolRegistry  *protocols,
          MarrowRecord                    *joint_case,
          const MarrowReportOptions       *options,
          GError                         **error)
{
  g_autofree char *title = marrow_joint_case_dup_title (joint_case);
  g_autofree char *heading = NULL;
  g_autofree char *grade = NULL;
  g_autofree char *given = NULL;
  g_autoptr(GPtrArray) injections = NULL;

  /* Translators: a section of a patient summary: the joint, then the diagnosis */
  heading = g_strdup_printf (_("%s — %s"), title, marrow_record_get_text_or_id (joint_case, "diagnosis_text"));
  marrow_report_add_heading (report, heading);

  injections = marrow_store_find_by (store, &marrow_entity_injection, "joint_case_id",
                                     marrow_record_get_id (joint_case), "performed_at", error);
  if (injections == NULL)
    return FALSE;
  if (!marrow_record_is_null (joint_case, "kl_grade"))
    /* Translators: the Kellgren-Lawrence grade of a joint, 0 to 4 */
    grade = g_strdup_printf (_("KL %d"), (int)marrow_record_get_int (joint_case, "kl_grade"));
  if (injections->len > 0)
    {
      g_autofree char *first = marrow_report_format_day (
        marrow_instant_local_day (marrow_record_get_text (injections->pdata[0], "performed_at")));
      g_autofree char *last = marrow_report_format_day (
        marrow_instant_local_day (marrow_record_get_text (injections->pdata[injections->len - 1],
                                                          "performed_at")));

      if (injections->len == 1)
        /* Translators: the injections of a joint: one, on that day */
        given = g_strdup_printf (_("One, on %s"), first);
      else
        /* Translators: the injections of a joint: how many, the first and the last day */
        given = g_strdup_printf (_("%u, from %s to %s"), injections->len, first, last);
    }
  {
    const char *pairs[] = {
      _("Diagnosis code"), marrow_record_get_text (joint_case, "diagnosis_code"),
      _("Severity"), grade,
      _("Status"), marrow_record_code_label (joint_case, "status"),
      _("Injections"), given != NULL ? given : _("None yet"),
      NULL
    };

    marrow_report_add_key_values (report, pairs, 2);
  }
  if (!marrow_report_add_figures_for_case (report, store, joint_case, error))
    return FALSE;
  if (!add_latest_scores (report, store, joint_case, error))
    return FALSE;
  return add_guidance (report, store, protocols, joint_case, marrow_report_options_as_of (options), error);
}

/**
 * marrow_patient_summary_new:
 * @store: the store
 * @protocols: (nullable): the guidance protocols; %NULL prints no guidance
 * @patient: a stored patient
 * @options: (nullable): cell unit, the day guidance is judged on, when it is printed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the summary, one section per joint
 *   case, or %NULL with @error set
 */
MarrowReport *
marrow_patient_summary_new (MarrowStore                     *store,
                            MarrowGuidanceProtocolRegistry  *protocols,
                            MarrowRecord                    *patient,
                            const MarrowReportOptions       *options,
                            GError                         **error)
{
  g_autoptr(MarrowReport) report = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (patient), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cases = marrow_store_find_by (store, &marrow_entity_joint_case, "patient_id",
                                marrow_record_get_id (patient), NULL, error);
  if (cases == NULL)
    return NULL;

  report = marrow_report_new (_("Patient summary"));
  marrow_report_set_subject (report, "summary", "patient", marrow_record_get_id (patient));
  if (!marrow_report_set_frame (report, store, patient, options, error))
    return NULL;
  name = marrow_patient_dup_display_name (patient);
  marrow_report_add_title (report, _("Patient summary"), name);
  add_patient (report, patient);
  if (cases->len == 0)
    marrow_report_add_note (report, _("No joint case recorded."));
  for (guint i = 0; i < cases->len; i++)
    if (!add_case (report, store, protocols, cases->pdata[i], options, error))
      return NULL;
  return g_steal_pointer (&report);
}
