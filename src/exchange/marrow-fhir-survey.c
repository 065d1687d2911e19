/* marrow-fhir-survey.c: an assessment as a QuestionnaireResponse and one Observation per score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The QuestionnaireResponse holds the raw answers (one item per answered
 * question; missing answers are left out), the Observations the scores the
 * engine computes from them with the assessment's own instrument version and
 * scoring-rule version.  Score codes: LOINC where interop.md §4.1 rates the
 * code High, and the local code "INSTRUMENT.score_key" in
 * urn:marrow:codes:score always (marrow-fhir-codes.c).
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-assessment-service.h"
#include "marrow-fhir-private.h"

/* An answer is an integer where the item allows only whole numbers */
static void
write_answer_item (MarrowFhirExport           *ex,
                   const MarrowInstrumentItem *item,
                   double                      value)
{
  MarrowFhirWriter *w = &ex->writer;

  marrow_fhir_start (w, "item");
  marrow_fhir_string (w, "linkId", item->id);
  marrow_fhir_string (w, "text", item->label);
  marrow_fhir_start (w, "answer");
  if (item->whole)
    marrow_fhir_integer (w, "valueInteger", (gint64)value);
  else
    marrow_fhir_decimal (w, "valueDecimal", value);
  marrow_fhir_end (w);
  marrow_fhir_end (w);
}

static const char *
result_status (MarrowRecord *record,
               const char   *otherwise)
{
  if (g_strcmp0 (marrow_record_get_record_status (record), MARROW_STATUS_AMENDED) == 0)
    return "amended";
  return otherwise;
}

/* The questionnaire canonical: urn:marrow:questionnaire:ID|VERSION */
static void
write_questionnaire_response (MarrowFhirExport *ex,
                              MarrowRecord     *assessment,
                              MarrowRecord     *jcase,
                              MarrowAnswers    *answers)
{
  MarrowFhirWriter *w = &ex->writer;
  MarrowInstrument *instrument = marrow_answers_get_instrument (answers);
  const char *patient_id = marrow_record_get_text (jcase, "patient_id");
  g_autofree char *canonical = NULL;

  canonical = g_strconcat (MARROW_FHIR_QUESTIONNAIRE_PREFIX, marrow_instrument_get_id (instrument),
                           "|", marrow_instrument_get_version (instrument), NULL);

  marrow_fhir_begin_record_entry (ex, "QuestionnaireResponse", assessment);
  marrow_fhir_uri (w, "questionnaire", canonical);
  marrow_fhir_code (w, "status", result_status (assessment, "completed"));
  marrow_fhir_ref (ex, "subject", "patient", patient_id);
  marrow_fhir_date_time (w, "authored", marrow_record_get_text (assessment, "completed_at"));
  if (g_strcmp0 (marrow_record_get_text (assessment, "respondent"), "patient") == 0)
    marrow_fhir_ref (ex, "source", "patient", patient_id);
  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      double value;

      if (marrow_answers_get (answers, i, &value))
        write_answer_item (ex, marrow_instrument_get_item (instrument, i), value);
    }
  marrow_fhir_end_entry (ex);
}

static void
score_code (MarrowFhirExport       *ex,
            MarrowInstrument       *instrument,
            const MarrowScoreValue *value)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *id = marrow_instrument_get_id (instrument);
  const MarrowInstrumentScore *score = value->definition;
  const MarrowFhirCode *loinc = marrow_fhir_score_loinc (id, score->key);
  g_autofree char *code = g_strconcat (id, ".", score->key, NULL);
  g_autofree char *text = g_strconcat (id, " ", score->label, NULL);

  /* LOINC where checked, and the local code always (interop.md §4.1) */
  marrow_fhir_start (w, "code");
  if (loinc != NULL)
    marrow_fhir_coding (w, loinc->system, loinc->code, loinc->display);
  marrow_fhir_coding (w, MARROW_FHIR_SYSTEM_SCORE, code, text);
  marrow_fhir_string (w, "text", text);
  marrow_fhir_end (w);
}

/* The score in full precision, UCUM {score}; a score the missing-item rule
 * does not allow gets dataAbsentReason "unknown" (the value exists in
 * principle but is not known) instead of a guess */
static void
score_value (MarrowFhirExport       *ex,
             const MarrowScoreValue *value)
{
  MarrowFhirWriter *w = &ex->writer;

  if (value->scorable)
    {
      marrow_fhir_start (w, "valueQuantity");
      marrow_fhir_decimal (w, "value", value->value);
      marrow_fhir_string (w, "unit", "{score}");
      marrow_fhir_uri (w, "system", MARROW_FHIR_SYSTEM_UCUM);
      marrow_fhir_code (w, "code", "{score}");
      marrow_fhir_end (w);
      return;
    }
  marrow_fhir_start (w, "dataAbsentReason");
  marrow_fhir_coding (w, MARROW_FHIR_HL7_TERMINOLOGY "data-absent-reason", "unknown", "Unknown");
  marrow_fhir_string (w, "text", "Not scorable: too many items are unanswered");
  marrow_fhir_end (w);
}

static void
write_observation (MarrowFhirExport       *ex,
                   MarrowRecord           *assessment,
                   MarrowRecord           *jcase,
                   MarrowInstrument       *instrument,
                   const MarrowScoreValue *value)
{
  MarrowFhirWriter *w = &ex->writer;
  g_autofree char *response = marrow_fhir_record_uuid (assessment);
  g_autofree char *uuid = marrow_fhir_derive_uuid ("observation", response,
                                                   value->definition->key);

  marrow_fhir_begin_entry (ex, "Observation", uuid);
  marrow_fhir_code (w, "status", result_status (assessment, "final"));
  marrow_fhir_start (w, "category");
  marrow_fhir_coding (w, MARROW_FHIR_HL7_TERMINOLOGY "observation-category", "survey", "Survey");
  marrow_fhir_end (w);
  score_code (ex, instrument, value);
  marrow_fhir_ref (ex, "subject", "patient", marrow_record_get_text (jcase, "patient_id"));
  marrow_fhir_date_time (w, "effectiveDateTime",
                         marrow_record_get_text (assessment, "completed_at"));
  score_value (ex, value);
  marrow_fhir_joint_site (ex, "bodySite", jcase);
  marrow_fhir_reference (w, "derivedFrom", response);
  marrow_fhir_end_entry (ex);
}

/* An assessment the practice marked invalid keeps its answers
 * (QuestionnaireResponse) but reports no scores: they must not enter an
 * outcome analysis. */
gboolean
marrow_fhir_write_assessment (MarrowFhirExport *ex,
                              MarrowFhirPlan   *plan,
                              MarrowRecord     *assessment,
                              GError          **error)
{
  MarrowRecord *jcase = marrow_fhir_plan_get (plan, marrow_record_get_text (assessment,
                                                                            "joint_case_id"));
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autoptr(MarrowScores) scores = NULL;
  MarrowInstrument *instrument;

  g_assert (jcase != NULL);

  /* Scores come from the engine, with the assessment's own instrument
   * version and rule version (marrow_store_score_assessment does the same) */
  answers = marrow_store_load_answers (ex->store, assessment, error);
  if (answers != NULL)
    scores = marrow_instrument_score (answers,
                                      marrow_record_get_text (assessment, "scoring_version"),
                                      error);
  if (scores == NULL)
    {
      g_prefix_error (error, _("Assessment %s: "), marrow_record_get_id (assessment));
      return FALSE;
    }

  instrument = marrow_answers_get_instrument (answers);
  write_questionnaire_response (ex, assessment, jcase, answers);
  if (!marrow_record_is_null (assessment, "is_valid") &&
      !marrow_record_get_bool (assessment, "is_valid"))
    return TRUE;
  for (guint i = 0; i < marrow_scores_get_n_values (scores); i++)
    write_observation (ex, assessment, jcase, instrument, marrow_scores_get_value (scores, i));
  return TRUE;
}

