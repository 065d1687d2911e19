/* marrow-guidance-statement.c: every statement's code, rule, citation and text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The citations are guidance-evidence.md's, with its evidence classes; the
 * texts are translatable and quote the numbers the engine used.  A test
 * renders every code (test-guidance-statements).
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-guidance-statement.h"

#define RCT        MARROW_GUIDANCE_EVIDENCE_RCT
#define PHASE      MARROW_GUIDANCE_EVIDENCE_PHASE_I_II
#define REGISTRY   MARROW_GUIDANCE_EVIDENCE_REGISTRY
#define CONSENSUS  MARROW_GUIDANCE_EVIDENCE_CONSENSUS
#define CLINIC     MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM
#define REGULATORY MARROW_GUIDANCE_EVIDENCE_REGULATORY
#define PROPOSED   MARROW_GUIDANCE_EVIDENCE_PROPOSED

typedef struct
{
  const char             *code;
  const char             *rule;
  MarrowGuidanceEvidence  evidence;
  const char             *citation;
} StatementInfo;

#define SCHEDULE_SOURCES "Centeno 2018 J Transl Med 16:355 (RCT); Centeno 2015 BMC Musculoskelet Disord 16:258 (registry); Gupta 2016 Arthritis Res Ther (RCT); Lee BW 2025 Cell Transplant (RCT). The windows are proposed."
#define TIMING_SOURCES "Lee WS 2019 Stem Cells Transl Med 8:504; Lee BW 2025 Cell Transplant; PMID 31989258; clinic statements (guidance-evidence.md 2.2)."
#define OARSI_SOURCES "Pham T et al. Osteoarthritis Cartilage 2004;12:389-99; J Rheumatol 2003;30:1648 (prom-scoring.md 12)."
#define MCID_SOURCES "Instrument MCIDs of the protocol (prom-scoring.md); Tubach F et al. Ann Rheum Dis 2005;64:29-33."
#define PASS_SOURCES "Tubach F et al. Ann Rheum Dis 2005;64:34-37 (PASS); Kunze 2022 for KOOS JR / HOOS JR (reference only)."
#define DURABILITY_SOURCES "Jo 2017 AJSM (decline after about 1 year with lower doses, unchecked); Matas 2019 / Freitag 2019 (re-dosing at 6 months); the 2-visit confirmation is proposed."
#define REDOSE_SOURCES "Matas 2019 Stem Cells Transl Med (NCT02580695); Freitag 2019 Regen Med 14:213; ESSKA-ORBIT consensus 2025."
#define FAILURE_SOURCES "Clinic failure definition (drshiple.com, checked); Ryoncil label analogue (no response: alternative, checked); ACR/AF 2019 guideline (Kolasinski, unchecked)."
#define INFECTION_SOURCES "CDC MMWR 2018;67(50):1397-9; FDA, Important Patient and Consumer Information About Regenerative Medicine Therapies, 2021."
#define EXCLUSION_SOURCES "Exclusion criteria of UC-MSC trial NCT03358654 (checked)."
#define AE_SOURCES "PMC7669782 (persistent pain and swelling after high cell counts); BMC Musculoskelet Disord 2023 (reactions after repeated UC-MSC); domain model 4.10."
#define DOSE_SOURCES "Pers 2016; Jo 2014; Lamo-Espinosa 2016; Chahal 2019; Gupta 2016; Bone Joint Res 2020;9:719 meta-analysis."
#define IV_SOURCES "Ryoncil (remestemcel-L) prescribing information; FDA 2021."

/* In MarrowGuidanceStatementCode order */
static const StatementInfo infos[MARROW_GUIDANCE_N_STATEMENTS] = {
  { "SCHEDULE", "G1", PROPOSED, SCHEDULE_SOURCES },
  { "NO_SCHEDULE_IV", "G1", REGULATORY, IV_SOURCES },
  { "NO_INJECTION", "G3", PROPOSED, "Marrow: guidance starts with the first cell injection." },
  { "NO_BASELINE", "G3", PROPOSED, "Baseline window −30 to 0 days, invalid after 90 days (rule G1, proposed); " OARSI_SOURCES },
  { "BASELINE_OLD", "G1", PROPOSED, "Baseline window −30 to 0 days (rule G1, proposed)." },
  { "NO_FOLLOWUP", "G3", PROPOSED, TIMING_SOURCES },
  { "TOO_EARLY", "G2", RCT, TIMING_SOURCES },
  { "EARLY_WORSENING", "G2", PROPOSED, TIMING_SOURCES " Early worsening is a reason for review, not a verdict (proposed)." },
  { "OARSI_HIGH", "G3", CONSENSUS, OARSI_SOURCES },
  { "OARSI_DOMAINS", "G3", CONSENSUS, OARSI_SOURCES },
  { "DOMAIN_CHANGE", "G3", CONSENSUS, OARSI_SOURCES " " MCID_SOURCES },
  { "PARTIAL", "G3", REGISTRY, MCID_SOURCES },
  { "NO_RESPONSE_YET", "G3", RCT, TIMING_SOURCES },
  { "NON_RESPONDER", "G3", RCT, TIMING_SOURCES " " MCID_SOURCES },
  { "WORSENED", "G3", REGISTRY, MCID_SOURCES },
  { "FINAL", "G3", CONSENSUS, "ESSKA-ORBIT consensus, de Girolamo et al. KSSTA 2025 (benefit documented up to 12 months)." },
  { "GLOBAL_NOT_COLLECTED", "G3", CONSENSUS, OARSI_SOURCES },
  { "PASS_MET", "G3", REGISTRY, PASS_SOURCES },
  { "PASS_NOT_MET", "G3", REGISTRY, PASS_SOURCES },
  { "PASS_UNKNOWN", "G3", REGISTRY, PASS_SOURCES },
  { "STABLE", "G4", PROPOSED, DURABILITY_SOURCES },
  { "WANING", "G4", PROPOSED, DURABILITY_SOURCES },
  { "WANING_UNCONFIRMED", "G4", PROPOSED, DURABILITY_SOURCES },
  { "RELAPSED", "G4", PROPOSED, DURABILITY_SOURCES },
  { "CONSIDER_REPEAT", "G5a", PHASE, REDOSE_SOURCES },
  { "FADING_TOO_SOON", "G5a", PHASE, REDOSE_SOURCES },
  { "SECOND_DOSE_DUE", "G5b", PHASE, "Matas 2019 design (checked); Freitag 2019 (unchecked). Investigational protocol." },
  { "CLINIC_BOOSTER_DUE", "G5i", CLINIC, "No trial or consensus source: a clinic quoting Regenexx data of about 18 months average relief (drshiple.com). Clinic protocol – not trial-based." },
  { "REPEAT_NOT_SUPPORTED", "G5c", CLINIC, FAILURE_SOURCES },
  { "NO_REPEAT_NEEDED", "G5d", REGISTRY, PASS_SOURCES },
  { "MONITOR", "G5e", PROPOSED, "Proposed: re-assess at the next scheduled visit." },
  { "EARLY_REPEAT", "G5f", PROPOSED, "Proposed; Al-Najar 2017 J Orthop Surg Res (PMC5727956): 1-month spacing was tolerated (checked)." },
  { "BLOCK_INTERVAL", "G5g", PROPOSED, "Proposed hard floor; Al-Najar 2017 (PMC5727956) used 1-month spacing." },
  { "CUMULATIVE", "G5h", PROPOSED, "Proposed review trigger." },
  { "HIP_LOW_EVIDENCE", "G5i", CONSENSUS, "Zaffagnini S et al. J Clin Med 2022;11:6663: 8 cell-based hip studies, no RCTs (checked)." },
  { "SEVERE_DISEASE", "G5j", CONSENSUS, "ESSKA-ORBIT consensus 2025 (inferior benefit in severe OA); Zaffagnini 2022 (checked)." },
  { "HOLD_SUPPRESSES", "G7", REGULATORY, INFECTION_SOURCES " Red flags override every repeat suggestion (rule G7)." },
  { "DOSE_EXPANDED", "G6", PHASE, DOSE_SOURCES },
  { "DOSE_BMAC_LOW", "G6", REGISTRY, "Centeno 2015 BMC Musculoskelet Disord 16:258 (registry, checked)." },
  { "DOSE_BMAC", "G6", REGISTRY, "Centeno 2015 BMC Musculoskelet Disord 16:258 (registry, checked)." },
  { "IV_ROUTE", "G6", REGULATORY, IV_SOURCES },
  { "COMPLIANCE", "G6", REGULATORY, INFECTION_SOURCES },
  { "RED_INFECTION", "G7.1", REGULATORY, INFECTION_SOURCES },
  { "RED_RISING_PAIN", "G7.1", PROPOSED, INFECTION_SOURCES " A flare lasting more than 7 days is proposed." },
  { "RED_CULTURE", "G7.1", REGULATORY, INFECTION_SOURCES },
  { "RED_SEPTIC_ARTHRITIS", "G7.2", REGULATORY, INFECTION_SOURCES " Domain model 4.10." },
  { "RED_SERIOUS_EVENT", "G7.2", REGISTRY, AE_SOURCES },
  { "RED_UNRESOLVED_EVENT", "G7.2", REGISTRY, AE_SOURCES },
  { "RED_PERSISTING_EVENT", "G7.2", REGISTRY, AE_SOURCES },
  { "RED_MALIGNANCY", "G7.3", PHASE, EXCLUSION_SOURCES },
  { "RED_IMMUNOSUPPRESSION", "G7.3", PHASE, EXCLUSION_SOURCES },
  { "RED_PREGNANCY", "G7.3", PHASE, EXCLUSION_SOURCES },
  { "RED_INFECTION_ELSEWHERE", "G7.3", PHASE, EXCLUSION_SOURCES },
  { "RED_OTHER_INJECTION", "G7.4", PHASE, EXCLUSION_SOURCES },
  { "RED_TRAUMA", "G7.5", PROPOSED, "Proposed: imaging before any repeat." },
  { "RED_ANTICOAGULANT", "G7.6", PROPOSED, "General procedural practice (unchecked): harvest-site planning review." },
  { "INFO_NSAID", "G7.7", CLINIC, "Clinic protocol: stop NSAIDs and anti-inflammatory supplements 7 days before and after the injection (theorthoinstitute.com, checked)." },
  { "INFO_BMI", "G7.7", PHASE, EXCLUSION_SOURCES },
};

const char *
marrow_guidance_statement_code_to_string (MarrowGuidanceStatementCode code)
{
  g_return_val_if_fail (code < MARROW_GUIDANCE_N_STATEMENTS, NULL);
  return infos[code].code;
}

const char *
marrow_guidance_statement_code_get_rule (MarrowGuidanceStatementCode code)
{
  g_return_val_if_fail (code < MARROW_GUIDANCE_N_STATEMENTS, NULL);
  return infos[code].rule;
}

const char *
marrow_guidance_statement_code_get_citation (MarrowGuidanceStatementCode code)
{
  g_return_val_if_fail (code < MARROW_GUIDANCE_N_STATEMENTS, NULL);
  return infos[code].citation;
}

MarrowGuidanceEvidence
marrow_guidance_statement_code_get_evidence (MarrowGuidanceStatementCode code)
{
  g_return_val_if_fail (code < MARROW_GUIDANCE_N_STATEMENTS, PROPOSED);
  return infos[code].evidence;
}

/* Numbers as statements quote them: at most one decimal, no trailing ".0" */
typedef struct
{
  char n[MARROW_GUIDANCE_STATEMENT_N_NUMBERS][G_ASCII_DTOSTR_BUF_SIZE];
} Numbers;

static const char *
format_number (char   *buffer,
               double  value)
{
  gsize len;

  if (!isfinite (value))
    return strcpy (buffer, "?");
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", fabs (value) < 0.05 ? 0.0 : value);
  len = strlen (buffer);
  if (len > 2 && strcmp (buffer + len - 2, ".0") == 0)
    buffer[len - 2] = '\0';
  return buffer;
}

static void
format_numbers (const MarrowGuidanceStatement *statement,
                Numbers                       *numbers)
{
  for (guint i = 0; i < MARROW_GUIDANCE_STATEMENT_N_NUMBERS; i++)
    format_number (numbers->n[i], statement->num[i]);
}

/* A code such as "injection_site_swelling" as words */
static char *
words (const char *code)
{
  char *text = g_strdup (code != NULL ? code : "?");

  g_strdelimit (text, "_", ' ');
  return text;
}

static char *
other_injection_text (const char *kind)
{
  if (g_strcmp0 (kind, "corticosteroid_injection") == 0)
    return g_strdup (_("A corticosteroid injection"));
  if (g_strcmp0 (kind, "ha_injection") == 0)
    return g_strdup (_("A hyaluronic acid injection"));
  if (g_strcmp0 (kind, "other_ia_injection") == 0)
    return g_strdup (_("Another intra-articular drug injection"));
  return words (kind);
}

/* The number of days as an integer, for plural forms */
static gulong
count (double value)
{
  return isfinite (value) && value > 0 ? (gulong)(value + 0.5) : 0;
}

static char *
render_response (const MarrowGuidanceStatement *s,
                 const Numbers                 *n)
{
  const char *label = s->str[0] != NULL ? s->str[0] : "?";
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  switch (s->code)
    {
    case MARROW_GUIDANCE_STMT_OARSI_HIGH:
      return g_strdup_printf (_("On day %s after the injection the joint met the OMERACT-OARSI "
                                "responder criteria compared with before treatment: pain or "
                                "function improved by at least 50 %% and 20 points."), n->n[0]);
    case MARROW_GUIDANCE_STMT_OARSI_DOMAINS:
      return g_strdup_printf (_("On day %s after the injection the joint met the OMERACT-OARSI "
                                "responder criteria compared with before treatment: %s of pain, "
                                "function and patient global improved by at least 20 %% and 10 "
                                "points."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_DOMAIN_CHANGE:
      if (s->num[2] >= 0)
        return g_strdup_printf (_("%s improved from %s before treatment to %s on day %s: %s points "
                                  "(on the 0–100 OMERACT-OARSI scale %s points, %s %%)."),
                                label, n->n[0], n->n[1], n->n[5], n->n[2], n->n[3], n->n[4]);
      return g_strdup_printf (_("%s worsened from %s before treatment to %s on day %s: %s points "
                                "(on the 0–100 OMERACT-OARSI scale %s points)."),
                              label, n->n[0], n->n[1], n->n[5], format_number (a, -s->num[2]),
                              format_number (b, -s->num[3]));
    case MARROW_GUIDANCE_STMT_PARTIAL:
      return g_strdup_printf (_("%s improved by %s points on day %s, at least the MCID of %s, but "
                                "the OMERACT-OARSI responder criteria are not met: a partial "
                                "response."), label, n->n[0], n->n[2], n->n[1]);
    case MARROW_GUIDANCE_STMT_NO_RESPONSE_YET:
      return g_strdup_printf (_("No clinically important improvement yet on day %s; the response "
                                "is judged from day %s on."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_NON_RESPONDER:
      return g_strdup_printf (_("On day %s after the injection there is no clinically important "
                                "improvement compared with before treatment."), n->n[0]);
    case MARROW_GUIDANCE_STMT_WORSENED:
      return g_strdup_printf (_("%s is %s points worse than before treatment on day %s; the MCID "
                                "is %s."), label, n->n[0], n->n[2], n->n[1]);
    case MARROW_GUIDANCE_STMT_FINAL:
      return g_strdup_printf (_("The judgement is final: it rests on a visit %s days or more after "
                                "the injection."), n->n[0]);
    case MARROW_GUIDANCE_STMT_GLOBAL_NOT_COLLECTED:
      return g_strdup (_("The patient global assessment was not collected at the latest visit: "
                         "OMERACT-OARSI criterion B can only be met by pain and function."));
    case MARROW_GUIDANCE_STMT_PASS_MET:
      if (s->num[2] != 0)
        return g_strdup_printf (_("%s is %s, within the acceptable symptom state (PASS %s, a "
                                  "reference from another population)."), label, n->n[0], n->n[1]);
      return g_strdup_printf (_("%s is %s, within the acceptable symptom state (PASS %s)."),
                              label, n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_PASS_NOT_MET:
      if (s->num[2] != 0)
        return g_strdup_printf (_("%s is %s, outside the acceptable symptom state (PASS %s, a "
                                  "reference from another population)."), label, n->n[0], n->n[1]);
      return g_strdup_printf (_("%s is %s, outside the acceptable symptom state (PASS %s)."),
                              label, n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_PASS_UNKNOWN:
      return g_strdup (_("No score with a PASS threshold was recorded since the injection, so the "
                         "acceptable symptom state cannot be judged."));
    case MARROW_GUIDANCE_STMT_STABLE:
      return g_strdup_printf (_("%s is %s points below its best of %s; the threshold is %s: the "
                                "improvement is stable."), label, n->n[0], n->n[1], n->n[2]);
    case MARROW_GUIDANCE_STMT_WANING:
      return g_strdup_printf (_("%s fell %s and then %s points from its best of %s on two visits "
                                "%s days apart; the threshold is %s."),
                              label, n->n[0], n->n[1], n->n[2], n->n[3], n->n[4]);
    case MARROW_GUIDANCE_STMT_WANING_UNCONFIRMED:
      return g_strdup_printf (_("%s is %s points below its best of %s (threshold %s) on the latest "
                                "visit only; a second visit at least %s days later confirms "
                                "waning."), label, n->n[0], n->n[1], n->n[2], n->n[3]);
    case MARROW_GUIDANCE_STMT_RELAPSED:
      return g_strdup_printf (_("The improvement over baseline has been lost on visits %s days "
                                "apart (at least %s needed to confirm)."), n->n[0], n->n[1]);
    default:
      return NULL;
    }
}

static char *
render_repeat (const MarrowGuidanceStatement *s,
               const Numbers                 *n)
{
  gboolean planned = s->num[2] != 0;

  switch (s->code)
    {
    case MARROW_GUIDANCE_STMT_CONSIDER_REPEAT:
      return g_strdup_printf (_("Benefit is fading. A repeat injection can be discussed: %s days "
                                "have passed since the last injection (at least %s needed). In "
                                "studies a second dose at about 6 months helped maintain benefit "
                                "at 12 months."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_FADING_TOO_SOON:
      return g_strdup_printf (_("Benefit is fading, but only %s days have passed since the last "
                                "injection; a repeat can be discussed from day %s."),
                              n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_SECOND_DOSE_DUE:
      return g_strdup_printf (_("Investigational protocol: the planned second dose is due (day %s "
                                "after the first injection; window %s–%s days)."),
                              n->n[0], n->n[1], n->n[2]);
    case MARROW_GUIDANCE_STMT_CLINIC_BOOSTER_DUE:
      return g_strdup_printf (_("Clinic protocol – not trial-based: the booster window of %s–%s "
                                "months after the last injection is open."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_REPEAT_NOT_SUPPORTED:
      return g_strdup (_("There was no meaningful improvement after this treatment. Repeating the "
                         "same treatment is not supported by evidence; discuss other options, "
                         "including a surgical opinion."));
    case MARROW_GUIDANCE_STMT_NO_REPEAT_NEEDED:
      return g_strdup (_("The patient is in an acceptable symptom state; continue yearly "
                         "monitoring."));
    case MARROW_GUIDANCE_STMT_MONITOR:
      return g_strdup (_("Re-assess at the next scheduled visit."));
    case MARROW_GUIDANCE_STMT_EARLY_REPEAT:
      if (planned)
        return g_strdup_printf (_("The requested repeat would come %s days after the last cell "
                                  "injection, inside the usual interval of %s days: it needs a "
                                  "documented clinician reason."), n->n[0], n->n[1]);
      return g_strdup_printf (_("The last cell injection was given %s days after the one before, "
                                "inside the usual interval of %s days."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_BLOCK_INTERVAL:
      if (planned)
        return g_strdup_printf (_("The requested repeat would come only %s days after the last "
                                  "cell injection; below %s days it is blocked unless overridden "
                                  "with a reason."), n->n[0], n->n[1]);
      return g_strdup_printf (_("The last cell injection was given only %s days after the one "
                                "before, below the floor of %s days."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_CUMULATIVE:
      return g_strdup_printf (_("%s cell injections into this joint within %s months (review from "
                                "%s): review the cumulative treatment before another."),
                              n->n[0], n->n[1], n->n[2]);
    case MARROW_GUIDANCE_STMT_HIP_LOW_EVIDENCE:
      return g_strdup (_("Low evidence: there are no randomised trials of cell therapy in hip "
                         "osteoarthritis."));
    case MARROW_GUIDANCE_STMT_SEVERE_DISEASE:
      return g_strdup_printf (_("Kellgren-Lawrence grade %s: lower expected benefit; discuss joint "
                                "replacement. This is not a block."), n->n[0]);
    case MARROW_GUIDANCE_STMT_HOLD_SUPPRESSES:
      return g_strdup_printf (_("Without the red flags the guidance would be %s; it is withheld "
                                "until the clinical review."), s->str[0]);
    default:
      return NULL;
    }
}

static char *
render_context (const MarrowGuidanceStatement *s,
                const Numbers                 *n)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];
  gulong infusions = count (s->num[0]);

  switch (s->code)
    {
    case MARROW_GUIDANCE_STMT_DOSE_EXPANDED:
      return g_strdup_printf (_("%s million cells: outside the range most often studied (%s–%s "
                                "million). Trials disagree on whether higher doses work better."),
                              format_number (a, s->num[0] / 1e6), format_number (b, s->num[1] / 1e6),
                              format_number (c, s->num[2] / 1e6));
    case MARROW_GUIDANCE_STMT_DOSE_BMAC_LOW:
      return g_strdup_printf (_("BMAC with %s × 10⁸ nucleated cells: a registry found lower pain "
                                "scores (not better function) with more than %s × 10⁸."),
                              format_number (a, s->num[0] / 1e8), format_number (b, s->num[1] / 1e8));
    case MARROW_GUIDANCE_STMT_DOSE_BMAC:
      return g_strdup_printf (_("BMAC with %s × 10⁸ nucleated cells, above the %s × 10⁸ with "
                                "which a registry found lower pain scores."),
                              format_number (a, s->num[0] / 1e8), format_number (b, s->num[1] / 1e8));
    case MARROW_GUIDANCE_STMT_IV_ROUTE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lu intravenous infusion recorded (last %s million "
                                           "cells/kg). No approved or trial-validated IV stem-cell "
                                           "regimen exists for osteoarthritis. 2 million cells/kg "
                                           "is the licensed dose of one MSC product for a "
                                           "transplant complication (graft-versus-host disease) "
                                           "in children, not for arthritis.",
                                           "%lu intravenous infusions recorded (last %s million "
                                           "cells/kg). No approved or trial-validated IV stem-cell "
                                           "regimen exists for osteoarthritis. 2 million cells/kg "
                                           "is the licensed dose of one MSC product for a "
                                           "transplant complication (graft-versus-host disease) "
                                           "in children, not for arthritis.", infusions),
                              infusions, format_number (a, s->num[1] / 1e6));
    case MARROW_GUIDANCE_STMT_COMPLIANCE:
      return g_strdup_printf (_("A product of class %s with no IND recorded: in the US no "
                                "regenerative product is approved for orthopaedic conditions, and "
                                "products outside an IND may be illegally marketed."),
                              s->str[0]);
    default:
      return NULL;
    }
}

static char *
render_red_flag (const MarrowGuidanceStatement *s,
                 const Numbers                 *n)
{
  g_autofree char *what = NULL;

  switch (s->code)
    {
    case MARROW_GUIDANCE_STMT_RED_INFECTION:
      return g_strdup_printf (_("Urgent assessment for joint infection: fever or a hot, red, "
                                "swollen joint on the red-flag checklist of %s days ago."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_RISING_PAIN:
      return g_strdup_printf (_("Pain rising rather than settling after the usual post-injection "
                                "flare (red-flag checklist of %s days ago): assess for infection."),
                              n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_CULTURE:
      return g_strdup_printf (_("A positive culture on the red-flag checklist of %s days ago: "
                                "urgent assessment for joint infection."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_SEPTIC_ARTHRITIS:
      return g_strdup_printf (_("Septic arthritis was recorded in this joint %s days ago: no "
                                "repeat without a clinical review."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_SERIOUS_EVENT:
      what = words (s->str[0]);
      return g_strdup_printf (_("A serious adverse event (%s) was recorded %s days ago: clinical "
                                "review before any further injection."), what, n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_UNRESOLVED_EVENT:
      what = words (s->str[0]);
      return g_strdup_printf (_("A related adverse event (%s, grade %s) is unresolved %s days after "
                                "its onset: clinical review before any further injection."),
                              what, n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_RED_PERSISTING_EVENT:
      what = words (s->str[0]);
      return g_strdup_printf (_("An adverse event (%s) has persisted for %s days, more than %s: "
                                "clinical review before any further injection."),
                              what, n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_RED_MALIGNANCY:
      return g_strdup_printf (_("Active malignancy or current cancer treatment on the red-flag "
                                "checklist of %s days ago: clinical review first."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_IMMUNOSUPPRESSION:
      return g_strdup_printf (_("Immunodeficiency or immunosuppressive therapy on the red-flag "
                                "checklist of %s days ago: clinical review first."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_PREGNANCY:
      return g_strdup_printf (_("Pregnancy or lactation on the red-flag checklist of %s days ago: "
                                "clinical review first."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_INFECTION_ELSEWHERE:
      return g_strdup_printf (_("An active skin infection at the site or a systemic infection on "
                                "the red-flag checklist of %s days ago: clinical review first."),
                              n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_OTHER_INJECTION:
      what = other_injection_text (s->str[0]);
      return g_strdup_printf (_("%s into the joint %s days before, within %s days: hold the cell "
                                "injection (a common trial exclusion)."), what, n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_RED_TRAUMA:
      return g_strdup_printf (_("New trauma, true locking, or suspected rapidly progressive OA or "
                                "osteonecrosis on the red-flag checklist of %s days ago: imaging "
                                "before any repeat."), n->n[0]);
    case MARROW_GUIDANCE_STMT_RED_ANTICOAGULANT:
      return g_strdup_printf (_("Anticoagulant use or a bleeding disorder on the red-flag checklist "
                                "of %s days ago: review the harvest site before a bone-marrow "
                                "harvest."), n->n[0]);
    case MARROW_GUIDANCE_STMT_INFO_NSAID:
      return g_strdup_printf (_("NSAID use on the red-flag checklist of %s days ago: stop NSAIDs 7 "
                                "days before and after an injection (clinic protocol; "
                                "information only)."), n->n[0]);
    case MARROW_GUIDANCE_STMT_INFO_BMI:
      return g_strdup_printf (_("BMI %s is above %s, a common exclusion in trials (information "
                                "only)."), n->n[0], n->n[1]);
    default:
      return NULL;
    }
}

static char *
render_inputs (const MarrowGuidanceStatement *s,
               const Numbers                 *n)
{
  switch (s->code)
    {
    case MARROW_GUIDANCE_STMT_SCHEDULE:
      return g_strdup (_("Follow-up questionnaires are scheduled at 6 weeks, 3, 6 and 12 months "
                         "and yearly afterwards. These are the time points used in clinical "
                         "studies of these injections."));
    case MARROW_GUIDANCE_STMT_NO_SCHEDULE_IV:
      return g_strdup (_("No follow-up schedule is generated for intravenous infusions; a "
                         "clinic-defined series must be labelled investigational."));
    case MARROW_GUIDANCE_STMT_NO_INJECTION:
      return g_strdup (_("No cell injection is recorded for this case, so there is nothing to "
                         "judge yet."));
    case MARROW_GUIDANCE_STMT_NO_BASELINE:
      return g_strdup_printf (_("No usable baseline: no pain or function score was recorded in the "
                                "%s days before the first cell injection."), n->n[0]);
    case MARROW_GUIDANCE_STMT_BASELINE_OLD:
      return g_strdup_printf (_("The baseline was recorded %s days before the injection; more than "
                                "%s days makes it less reliable."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_NO_FOLLOWUP:
      return g_strdup_printf (_("%s days have passed since the injection, but no pain or function "
                                "score has been recorded from day %s on."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_TOO_EARLY:
      return g_strdup_printf (_("It is too early to judge the effect: %s days since the injection, "
                                "the earliest judgement is at %s days. Improvement after cell "
                                "injections usually appears between 2 and 3 months and can "
                                "continue to about 6 months."), n->n[0], n->n[1]);
    case MARROW_GUIDANCE_STMT_EARLY_WORSENING:
      return g_strdup_printf (_("%s is %s points worse than before treatment on day %s (the MCID "
                                "is %s): a clinical review is advised; this is not a verdict on "
                                "the treatment."), s->str[0], n->n[0], n->n[2], n->n[1]);
    default:
      return NULL;
    }
}

/**
 * marrow_guidance_statement_dup_text:
 * @statement: a statement of an evaluation
 *
 * Returns: (transfer full): the statement in plain language, translated,
 *   with the numbers it used
 */
char *
marrow_guidance_statement_dup_text (const MarrowGuidanceStatement *statement)
{
  Numbers numbers;
  char *text;

  g_return_val_if_fail (statement != NULL, NULL);
  g_return_val_if_fail (statement->code < MARROW_GUIDANCE_N_STATEMENTS, NULL);

  format_numbers (statement, &numbers);
  if ((text = render_inputs (statement, &numbers)) != NULL ||
      (text = render_response (statement, &numbers)) != NULL ||
      (text = render_repeat (statement, &numbers)) != NULL ||
      (text = render_context (statement, &numbers)) != NULL ||
      (text = render_red_flag (statement, &numbers)) != NULL)
    return text;
  g_return_val_if_reached (NULL);
}
