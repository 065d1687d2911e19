/* test-guidance-scenarios.c: the worked scenarios S1-S8 of guidance-evidence.md 3.4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KOOS on its native 0-100 scale (higher = better); the patient global VAS
 * higher = worse; KOOS MCID 10.  Day 0 is the injection; 6 months is day
 * 182, 12 months day 366 (2024 is a leap year), 13 months day 396.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-guidance-fixtures.h"

#define M6  182
#define M12 366
#define M13 396

static void
assert_statement_text (MarrowGuidanceEvaluation    *evaluation,
                       MarrowGuidanceStatementCode  code,
                       const char                  *label,
                       const char                  *needle)
{
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);
      g_autofree char *text = NULL;

      if (statement->code != code || (label != NULL && g_strcmp0 (statement->str[0], label) != 0))
        continue;
      text = marrow_guidance_statement_dup_text (statement);
      if (strstr (text, needle) != NULL)
        return;
      g_error ("%s: “%s” does not contain “%s”", marrow_guidance_statement_code_to_string (code),
               text, needle);
    }
  g_error ("no statement %s%s%s", marrow_guidance_statement_code_to_string (code),
           label != NULL ? " for " : "", label != NULL ? label : "");
}

#define assert_result(e, c, d, r) G_STMT_START { \
    g_autofree char *described_ = fixture_describe (e); \
    if (marrow_guidance_evaluation_get_classification (e) != (c) || \
        marrow_guidance_evaluation_get_durability (e) != (d) || \
        marrow_guidance_evaluation_get_recommendation (e) != (r)) \
      g_error ("expected %s %s %s, got %s", marrow_guidance_classification_to_string (c), \
               marrow_guidance_durability_to_string (d), \
               marrow_guidance_recommendation_to_string (r), described_); \
  } G_STMT_END

/* S1 up to 6 months, and optionally its 12-month pain */
static MarrowGuidanceSnapshot *
s1 (gboolean with_12_months)
{
  MarrowGuidanceSnapshot *snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, -7, 45, 50);
  fixture_score (snapshot, -7, "GLOBAL_VAS", "global", 60);
  fixture_koos (snapshot, M6, 75, 80);
  fixture_score (snapshot, M6, "GLOBAL_VAS", "global", 25);
  if (with_12_months)
    fixture_koos (snapshot, M12, 72, NAN);
  return snapshot;
}

static void
test_s1_six_months (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = s1 (FALSE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = fixture_evaluate_default (snapshot, M6);

  g_assert_cmpint (marrow_guidance_evaluation_get_classification (evaluation), ==,
                   MARROW_GUIDANCE_CLASS_RESPONDER);
  /* OARSI high improvement: pain 55 -> 25 = 30 points, 54.5 % */
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_OARSI_HIGH));
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE, "KOOS Pain",
                         "scale 30 points, 54.5 %");
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE, "KOOS ADL",
                         "scale 30 points, 60 %");
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE, "Patient global",
                         "scale 35 points, 58.3 %");
}

static void
test_s1_twelve_months (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = s1 (TRUE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = fixture_evaluate_default (snapshot, M12);

  /* STABLE (peak - current = 3 < 10); no PASS score recorded: MONITOR */
  assert_result (evaluation, MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_STABLE,
                 MARROW_GUIDANCE_REC_MONITOR);
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_STABLE, "KOOS Pain",
                         "3 points below its best of 75; the threshold is 10");
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_PASS_UNKNOWN));
}

static void
test_s1_pass (void)
{
  /* A pain VAS within the knee PASS (<= 32.3): NO_REPEAT_NEEDED */
  g_autoptr(MarrowGuidanceSnapshot) met = s1 (TRUE);
  g_autoptr(MarrowGuidanceSnapshot) not_met = s1 (TRUE);
  g_autoptr(MarrowGuidanceEvaluation) a = NULL;
  g_autoptr(MarrowGuidanceEvaluation) b = NULL;

  fixture_score (met, M12, "PAIN_VAS", "pain", 32.3);
  a = fixture_evaluate_default (met, M12);
  assert_result (a, MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_STABLE,
                 MARROW_GUIDANCE_REC_NO_REPEAT_NEEDED);
  assert_statement_text (a, MARROW_GUIDANCE_STMT_PASS_MET, "Pain VAS", "32.3, within");

  fixture_score (not_met, M12, "PAIN_VAS", "pain", 32.4);
  b = fixture_evaluate_default (not_met, M12);
  assert_result (b, MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_STABLE,
                 MARROW_GUIDANCE_REC_MONITOR);
  assert_statement_text (b, MARROW_GUIDANCE_STMT_PASS_NOT_MET, "Pain VAS", "(PASS 32.3)");
}

static MarrowGuidanceSnapshot *
s2 (void)
{
  MarrowGuidanceSnapshot *snapshot = s1 (FALSE);

  fixture_koos (snapshot, M12, 62, NAN);
  fixture_koos (snapshot, M13, 60, 72);
  fixture_score (snapshot, M13, "GLOBAL_VAS", "global", 40);
  return snapshot;
}

static void
test_s2 (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = s2 ();
  g_autoptr(MarrowGuidanceEvaluation) evaluation = fixture_evaluate_default (snapshot, M13);

  assert_result (evaluation, MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_WANING,
                 MARROW_GUIDANCE_REC_CONSIDER_REPEAT);
  /* Still a responder against baseline: pain 55 -> 40, 15 points, 27 % */
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE, "KOOS Pain",
                         "scale 15 points, 27.3 %");
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_WANING, "KOOS Pain",
                         "fell 13 and then 15 points from its best of 75 on two visits 30 days "
                         "apart; the threshold is 10");
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_CONSIDER_REPEAT, NULL,
                         "396 days have passed since the last injection (at least 180 needed)");
}

static MarrowGuidanceSnapshot *
s3 (void)
{
  MarrowGuidanceSnapshot *snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, -3, 40, 45);
  fixture_score (snapshot, -3, "GLOBAL_VAS", "global", 55);
  fixture_koos (snapshot, M6, 44, 47);
  fixture_score (snapshot, M6, "GLOBAL_VAS", "global", 50);
  return snapshot;
}

static void
test_s3 (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = s3 ();
  g_autoptr(MarrowGuidanceEvaluation) evaluation = fixture_evaluate_default (snapshot, M6);

  assert_result (evaluation, MARROW_GUIDANCE_CLASS_NON_RESPONDER, MARROW_GUIDANCE_DURABILITY_NONE,
                 MARROW_GUIDANCE_REC_REPEAT_NOT_SUPPORTED);
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE, "KOOS Pain",
                         "from 40 before treatment to 44 on day 182: 4 points");
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_DOMAIN_CHANGE, "KOOS ADL", ": 2 points");
}

static void
test_s4 (void)
{
  /* Any joint, 8 weeks after the injection */
  for (MarrowGuidanceJoint joint = MARROW_GUIDANCE_JOINT_OTHER; joint <= MARROW_GUIDANCE_JOINT_SHOULDER; joint++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (joint);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_SVF, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
      fixture_score (snapshot, -1, "PAIN_NRS", "pain", 7);
      fixture_score (snapshot, 42, "PAIN_NRS", "pain", 6);
      evaluation = fixture_evaluate_default (snapshot, 56);
      g_assert_cmpint (marrow_guidance_evaluation_get_classification (evaluation), ==,
                       MARROW_GUIDANCE_CLASS_TOO_EARLY);
      g_assert_cmpint (marrow_guidance_evaluation_get_recommendation (evaluation), ==,
                       MARROW_GUIDANCE_REC_MONITOR);
      assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_TOO_EARLY, NULL,
                             "56 days since the injection, the earliest judgement is at 84 days");
    }
}

static void
test_s5 (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceSnapshot) waning = s2 ();
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowGuidanceEvaluation) suppressed = NULL;

  /* Day 10: 38.5 °C, hot swollen knee */
  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, -7, 45, 50);
  marrow_guidance_snapshot_add_checklist (snapshot, FIXTURE_DAY0 + 10,
                                          MARROW_GUIDANCE_RED_FEVER_HOT_JOINT);
  evaluation = fixture_evaluate_default (snapshot, 10);
  assert_result (evaluation, MARROW_GUIDANCE_CLASS_TOO_EARLY, MARROW_GUIDANCE_DURABILITY_NONE,
                 MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW);
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_RED_INFECTION, NULL,
                         "Urgent assessment for joint infection");
  g_assert_cmpuint (marrow_guidance_evaluation_get_next_review (evaluation), ==, FIXTURE_DAY0 + 10);

  /* Any booster suggestion is suppressed */
  marrow_guidance_snapshot_add_checklist (waning, FIXTURE_DAY0 + M13,
                                          MARROW_GUIDANCE_RED_FEVER_HOT_JOINT);
  suppressed = fixture_evaluate_default (waning, M13);
  assert_result (suppressed, MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_WANING,
                 MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW);
  g_assert_false (marrow_guidance_evaluation_has_statement (suppressed,
                                                            MARROW_GUIDANCE_STMT_CONSIDER_REPEAT));
  assert_statement_text (suppressed, MARROW_GUIDANCE_STMT_HOLD_SUPPRESSES, NULL, "CONSIDER_REPEAT");
}

static void
test_s6 (void)
{
  g_autoptr(MarrowGuidanceProtocol) booster = fixture_protocol_edited (
    "hip", "<clinic-booster enabled=\"false\"", "<clinic-booster enabled=\"true\"");
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_HIP);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  int m19 = 578, m20 = 609;   /* 15 Aug and 15 Sep 2025 */

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_score (snapshot, -7, "HOOS", "pain", 45);
  fixture_score (snapshot, -7, "HOOS", "adl", 50);
  fixture_score (snapshot, -7, "GLOBAL_VAS", "global", 60);
  fixture_score (snapshot, M6, "HOOS", "pain", 75);
  fixture_score (snapshot, M6, "HOOS", "adl", 80);
  fixture_score (snapshot, M6, "GLOBAL_VAS", "global", 25);
  fixture_score (snapshot, m19, "HOOS", "pain", 62);
  fixture_score (snapshot, m20, "HOOS", "pain", 60);

  evaluation = fixture_evaluate (snapshot, booster, m20);
  assert_result (evaluation, MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_WANING,
                 MARROW_GUIDANCE_REC_CONSIDER_REPEAT);
  g_assert_true (marrow_guidance_evaluation_get_flags (evaluation) & MARROW_GUIDANCE_FLAG_LOW_EVIDENCE);
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_HIP_LOW_EVIDENCE, NULL,
                         "no randomised trials of cell therapy in hip");
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_CLINIC_BOOSTER_DUE, NULL,
                         "Clinic protocol – not trial-based: the booster window of 18–24 months");
  g_assert_cmpint (marrow_guidance_statement_code_get_evidence (MARROW_GUIDANCE_STMT_CLINIC_BOOSTER_DUE),
                   ==, MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM);
}

static MarrowGuidanceSnapshot *
s7 (double cells)
{
  MarrowGuidanceSnapshot *snapshot = s1 (FALSE);
  MarrowGuidanceInjection injection = {
    FIXTURE_DAY0, MARROW_GUIDANCE_PRODUCT_EXPANDED_AUTOLOGOUS, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR,
    TRUE, NAN, cells, NAN, "expanded",
  };

  /* S1's scores, with an expanded MSC injection instead of BMAC */
  g_array_remove_index (snapshot->injections, 0);
  marrow_guidance_snapshot_add_injection (snapshot, &injection);
  return snapshot;
}

static void
test_s7 (void)
{
  g_autoptr(MarrowGuidanceSnapshot) low = s7 (5e6);
  g_autoptr(MarrowGuidanceSnapshot) usual = s7 (50e6);
  g_autoptr(MarrowGuidanceEvaluation) a = fixture_evaluate_default (low, M6);
  g_autoptr(MarrowGuidanceEvaluation) b = fixture_evaluate_default (usual, M6);

  /* Informational only: the classification is unaffected */
  g_assert_true (marrow_guidance_evaluation_get_flags (a) & MARROW_GUIDANCE_FLAG_DOSE_CONTEXT);
  g_assert_false (marrow_guidance_evaluation_get_flags (b) & MARROW_GUIDANCE_FLAG_DOSE_CONTEXT);
  assert_statement_text (a, MARROW_GUIDANCE_STMT_DOSE_EXPANDED, NULL,
                         "5 million cells: outside the range most often studied (10–100 million)");
  g_assert_cmpint (marrow_guidance_evaluation_get_classification (a), ==,
                   marrow_guidance_evaluation_get_classification (b));
  g_assert_cmpint (marrow_guidance_evaluation_get_recommendation (a), ==,
                   marrow_guidance_evaluation_get_recommendation (b));
  g_assert_cmpint (marrow_guidance_evaluation_get_classification (a), ==,
                   MARROW_GUIDANCE_CLASS_RESPONDER);
}

static void
test_s8 (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  /* Systemic IV MSC 2×10⁶/kg × 4 infusions */
  for (int week = 0; week < 4; week++)
    {
      MarrowGuidanceInjection infusion = {
        FIXTURE_DAY0 + week * 7, MARROW_GUIDANCE_PRODUCT_EXPANDED_ALLOGENEIC,
        MARROW_GUIDANCE_ROUTE_INTRAVENOUS, TRUE, NAN, 150e6, 2e6, NULL,
      };

      marrow_guidance_snapshot_add_injection (snapshot, &infusion);
    }
  fixture_koos (snapshot, -7, 45, 50);
  evaluation = fixture_evaluate_default (snapshot, 30);

  g_assert_true (marrow_guidance_evaluation_get_flags (evaluation) & MARROW_GUIDANCE_FLAG_IV_ROUTE);
  assert_statement_text (evaluation, MARROW_GUIDANCE_STMT_IV_ROUTE, NULL,
                         "4 intravenous infusions recorded (last 2 million cells/kg)");
  /* No schedule is generated automatically, and no interval rule applies */
  g_assert_cmpuint (marrow_guidance_evaluation_get_n_time_points (evaluation), ==, 0);
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_NO_SCHEDULE_IV));
  g_assert_false (marrow_guidance_evaluation_get_flags (evaluation) &
                  (MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL | MARROW_GUIDANCE_FLAG_CUMULATIVE_REVIEW));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guidance/scenario/s1/6-months", test_s1_six_months);
  g_test_add_func ("/guidance/scenario/s1/12-months", test_s1_twelve_months);
  g_test_add_func ("/guidance/scenario/s1/pass", test_s1_pass);
  g_test_add_func ("/guidance/scenario/s2", test_s2);
  g_test_add_func ("/guidance/scenario/s3", test_s3);
  g_test_add_func ("/guidance/scenario/s4", test_s4);
  g_test_add_func ("/guidance/scenario/s5", test_s5);
  g_test_add_func ("/guidance/scenario/s6", test_s6);
  g_test_add_func ("/guidance/scenario/s7", test_s7);
  g_test_add_func ("/guidance/scenario/s8", test_s8);

  return g_test_run ();
}
