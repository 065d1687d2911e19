/* test-guidance.c: every rule and threshold boundary of the guidance engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven: each row is one side of one boundary, with the bundled
 * protocols' defaults (guidance-evidence.md 3.2).  Day 0 is the injection.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-guidance-fixtures.h"

#define NONE NAN

static MarrowGuidanceSnapshot *
knee_case (void)
{
  MarrowGuidanceSnapshot *snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  return snapshot;
}

static void
add_visit (MarrowGuidanceSnapshot *snapshot,
           int                     day,
           double                  pain,
           double                  adl,
           double                  global)
{
  fixture_koos (snapshot, day, pain, adl);
  if (!isnan (global))
    fixture_score (snapshot, day, "GLOBAL_VAS", "global", global);
}

#define assert_class(e, c) G_STMT_START { \
    if (marrow_guidance_evaluation_get_classification (e) != (c)) \
      { \
        g_autofree char *d_ = fixture_describe (e); \
        g_error ("expected %s, got %s", marrow_guidance_classification_to_string (c), d_); \
      } \
  } G_STMT_END

#define assert_recommendation(e, r) G_STMT_START { \
    if (marrow_guidance_evaluation_get_recommendation (e) != (r)) \
      { \
        g_autofree char *d_ = fixture_describe (e); \
        g_error ("expected %s, got %s", marrow_guidance_recommendation_to_string (r), d_); \
      } \
  } G_STMT_END

/* G3: OMERACT-OARSI and the MCID, at day 182 */

typedef struct
{
  const char                   *name;
  double                        pain[2], adl[2], global[2];
  MarrowGuidanceClassification  expected;
} ResponseRow;

static const ResponseRow response_rows[] = {
  /* Criterion A: >= 50 % and >= 20 points in pain (OARSI pain 40 -> 20) */
  { "A exact", { 60, 80 }, { 50, 50 }, { 50, 50 }, MARROW_GUIDANCE_CLASS_RESPONDER },
  { "A 19.9 points", { 60, 79.9 }, { 50, 50 }, { 50, 50 }, MARROW_GUIDANCE_CLASS_PARTIAL },
  /* 34 points but 48.6 % */
  { "A below 50 %", { 30, 64 }, { 50, 50 }, { 50, 50 }, MARROW_GUIDANCE_CLASS_PARTIAL },
  { "A by function", { 50, 50 }, { 60, 80 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_RESPONDER },
  /* Criterion B: two domains >= 20 % and >= 10 points (OARSI 50 -> 40) */
  { "B exact", { 50, 60 }, { 50, 60 }, { 50, 50 }, MARROW_GUIDANCE_CLASS_RESPONDER },
  { "B 16.7 %", { 40, 50 }, { 40, 50 }, { 50, 50 }, MARROW_GUIDANCE_CLASS_PARTIAL },
  { "B with global", { 50, 60 }, { 50, 50 }, { 50, 40 }, MARROW_GUIDANCE_CLASS_RESPONDER },
  { "B global 9 points", { 50, 60 }, { 50, 50 }, { 50, 41 }, MARROW_GUIDANCE_CLASS_PARTIAL },
  { "B global not collected", { 50, 60 }, { 50, 50 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_PARTIAL },
  /* A baseline of 0 on the OARSI scale cannot count */
  { "B baseline 0", { 100, 100 }, { 50, 60 }, { 50, 50 }, MARROW_GUIDANCE_CLASS_PARTIAL },
  /* MCID 10 */
  { "MCID 9.9", { 50, 59.9 }, { 50, 50 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_NON_RESPONDER },
  { "MCID 10", { 50, 60 }, { 50, 50 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_PARTIAL },
  { "worse 9.9", { 50, 40.1 }, { 50, 50 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_NON_RESPONDER },
  { "worse 10", { 50, 40 }, { 50, 50 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_WORSENED },
  { "worse function", { 50, 50 }, { 50, 40 }, { NONE, NONE }, MARROW_GUIDANCE_CLASS_WORSENED },
  /* Worse by the MCID wins over an OARSI response in the other domains */
  { "worse beats responder", { 50, 40 }, { 40, 80 }, { 50, 20 }, MARROW_GUIDANCE_CLASS_WORSENED },
};

static void
test_response (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (response_rows); i++)
    {
      const ResponseRow *row = &response_rows[i];
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      g_test_message ("%s", row->name);
      add_visit (snapshot, -5, row->pain[0], row->adl[0], row->global[0]);
      add_visit (snapshot, 182, row->pain[1], row->adl[1], row->global[1]);
      evaluation = fixture_evaluate_default (snapshot, 182);
      assert_class (evaluation, row->expected);
    }
}

/* An inexact scale (OKS 0-48) must not flip an inclusive boundary */
static void
test_response_scaled (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  /* OKS 24 -> 36: OARSI 50 -> 25, exactly 50 % and 25 points */
  fixture_score (snapshot, -5, "OKS", "total", 24);
  fixture_score (snapshot, 182, "OKS", "total", 36);
  fixture_score (snapshot, -5, "PAIN_NRS", "pain", 5);
  fixture_score (snapshot, 182, "PAIN_NRS", "pain", 5);
  evaluation = fixture_evaluate_default (snapshot, 182);
  assert_class (evaluation, MARROW_GUIDANCE_CLASS_RESPONDER);
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_OARSI_HIGH));
}

/* G2, G3: when a judgement is made */

typedef struct
{
  int                           visit;
  int                           as_of;
  MarrowGuidanceClassification  expected;
  MarrowGuidanceStatementCode   statement;
} TimingRow;

static const TimingRow timing_rows[] = {
  { 56, 83, MARROW_GUIDANCE_CLASS_TOO_EARLY, MARROW_GUIDANCE_STMT_TOO_EARLY },
  { 84, 84, MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET, MARROW_GUIDANCE_STMT_NO_RESPONSE_YET },
  { 149, 149, MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET, MARROW_GUIDANCE_STMT_NO_RESPONSE_YET },
  { 150, 150, MARROW_GUIDANCE_CLASS_NON_RESPONDER, MARROW_GUIDANCE_STMT_NON_RESPONDER },
  /* only a visit before day 84: no follow-up to judge */
  { 83, 200, MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA, MARROW_GUIDANCE_STMT_NO_FOLLOWUP },
  { 364, 364, MARROW_GUIDANCE_CLASS_NON_RESPONDER, MARROW_GUIDANCE_STMT_NON_RESPONDER },
  { 365, 365, MARROW_GUIDANCE_CLASS_NON_RESPONDER, MARROW_GUIDANCE_STMT_FINAL },
};

static void
test_timing (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (timing_rows); i++)
    {
      const TimingRow *row = &timing_rows[i];
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      g_test_message ("visit %d, as of %d", row->visit, row->as_of);
      add_visit (snapshot, -5, 50, 50, NONE);
      add_visit (snapshot, row->visit, 52, 50, NONE);
      evaluation = fixture_evaluate_default (snapshot, row->as_of);
      assert_class (evaluation, row->expected);
      g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, row->statement));
      g_assert_cmpint (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_FINAL),
                       ==, row->visit >= 365);
    }
}

typedef struct
{
  int                           baseline;
  MarrowGuidanceClassification  expected;
  gboolean                      old;
} BaselineRow;

static const BaselineRow baseline_rows[] = {
  { 0, MARROW_GUIDANCE_CLASS_NON_RESPONDER, FALSE },
  { -30, MARROW_GUIDANCE_CLASS_NON_RESPONDER, FALSE },
  { -31, MARROW_GUIDANCE_CLASS_NON_RESPONDER, TRUE },
  { -90, MARROW_GUIDANCE_CLASS_NON_RESPONDER, TRUE },
  { -91, MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA, FALSE },
  { 1, MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA, FALSE },
};

static void
test_baseline (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (baseline_rows); i++)
    {
      const BaselineRow *row = &baseline_rows[i];
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      g_test_message ("baseline on day %d", row->baseline);
      add_visit (snapshot, row->baseline, 50, 50, NONE);
      add_visit (snapshot, 182, 52, 50, NONE);
      evaluation = fixture_evaluate_default (snapshot, 182);
      assert_class (evaluation, row->expected);
      g_assert_cmpint (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_BASELINE_OLD),
                       ==, row->old);
      g_assert_cmpint (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_NO_BASELINE),
                       ==, row->expected == MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA);
    }
}

static void
test_no_injection (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  /* PRP alone is not a cell injection */
  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_PRP_ONLY, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  add_visit (snapshot, -5, 50, 50, NONE);
  evaluation = fixture_evaluate_default (snapshot, 100);
  assert_class (evaluation, MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA);
  assert_recommendation (evaluation, MARROW_GUIDANCE_REC_INSUFFICIENT_DATA);
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_NO_INJECTION));
  g_assert_cmpuint (marrow_guidance_evaluation_get_n_time_points (evaluation), ==, 0);
}

static void
test_early_worsening (void)
{
  const double pains[] = { 40.1, 40 };

  for (guint i = 0; i < G_N_ELEMENTS (pains); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      add_visit (snapshot, -5, 50, 50, NONE);
      add_visit (snapshot, 42, pains[i], 50, NONE);
      evaluation = fixture_evaluate_default (snapshot, 60);
      assert_class (evaluation, MARROW_GUIDANCE_CLASS_TOO_EARLY);
      g_assert_cmpint (!!(marrow_guidance_evaluation_get_flags (evaluation) &
                          MARROW_GUIDANCE_FLAG_EARLY_WORSENING), ==, i == 1);
    }
}

/* G4: peak, waning confirmation, relapse */

typedef struct
{
  const char               *name;
  int                       day_a;
  double                    pain_a;
  int                       day_b;
  double                    pain_b;
  double                    adl;
  MarrowGuidanceDurability  expected;
} DurabilityRow;

static const DurabilityRow durability_rows[] = {
  { "drop 10 twice, 28 days apart", 366, 65, 394, 65, 80, MARROW_GUIDANCE_DURABILITY_WANING },
  { "27 days apart", 366, 65, 393, 65, 80, MARROW_GUIDANCE_DURABILITY_STABLE },
  { "first drop 9.9", 366, 65.1, 394, 65, 80, MARROW_GUIDANCE_DURABILITY_STABLE },
  { "second drop 9.9", 366, 65, 394, 65.1, 80, MARROW_GUIDANCE_DURABILITY_STABLE },
  { "lost over baseline", 366, 50, 394, 52, 55, MARROW_GUIDANCE_DURABILITY_RELAPSED },
};

static void
test_durability (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (durability_rows); i++)
    {
      const DurabilityRow *row = &durability_rows[i];
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      g_test_message ("%s", row->name);
      add_visit (snapshot, -7, 45, 50, 60);
      add_visit (snapshot, 182, 75, 80, 25);
      add_visit (snapshot, row->day_a, row->pain_a, row->adl, NONE);
      add_visit (snapshot, row->day_b, row->pain_b, row->adl, NONE);
      evaluation = fixture_evaluate_default (snapshot, row->day_b);
      assert_class (evaluation, MARROW_GUIDANCE_CLASS_RESPONDER);
      if (marrow_guidance_evaluation_get_durability (evaluation) != row->expected)
        {
          g_autofree char *described = fixture_describe (evaluation);

          g_error ("%s: expected %s, got %s", row->name,
                   marrow_guidance_durability_to_string (row->expected), described);
        }
    }
}

/* The peak counts from day 42: a better value on day 41 is not the peak */
static void
test_peak_from (void)
{
  const int days[] = { 41, 42 };
  const MarrowGuidanceDurability expected[] = {
    MARROW_GUIDANCE_DURABILITY_STABLE, MARROW_GUIDANCE_DURABILITY_WANING,
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      add_visit (snapshot, -7, 45, 50, 60);
      add_visit (snapshot, days[i], 90, NONE, NONE);
      add_visit (snapshot, 182, 75, 80, 25);
      add_visit (snapshot, 366, 70, NONE, NONE);
      add_visit (snapshot, 394, 70, NONE, NONE);
      evaluation = fixture_evaluate_default (snapshot, 394);
      g_assert_cmpint (marrow_guidance_evaluation_get_durability (evaluation), ==, expected[i]);
      g_assert_cmpfloat (marrow_guidance_evaluation_get_domain (evaluation, MARROW_GUIDANCE_DOMAIN_PAIN)->peak,
                         ==, i == 0 ? 75 : 90);
    }
}

/* G5a: a fading benefit, 179 and 180 days after the injection */
static MarrowGuidanceSnapshot *
fading_case (void)
{
  MarrowGuidanceSnapshot *snapshot = knee_case ();

  add_visit (snapshot, -7, 45, 50, 60);
  add_visit (snapshot, 100, 75, 80, 25);
  add_visit (snapshot, 140, 62, NONE, NONE);
  add_visit (snapshot, 179, 60, NONE, NONE);
  return snapshot;
}

static void
test_repeat_interval (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fading_case ();
  g_autoptr(MarrowGuidanceEvaluation) early = fixture_evaluate_default (snapshot, 179);
  g_autoptr(MarrowGuidanceEvaluation) due = fixture_evaluate_default (snapshot, 180);

  g_assert_cmpint (marrow_guidance_evaluation_get_durability (early), ==, MARROW_GUIDANCE_DURABILITY_WANING);
  assert_recommendation (early, MARROW_GUIDANCE_REC_MONITOR);
  g_assert_true (marrow_guidance_evaluation_has_statement (early, MARROW_GUIDANCE_STMT_FADING_TOO_SOON));
  assert_recommendation (due, MARROW_GUIDANCE_REC_CONSIDER_REPEAT);
}

/* G5b: the planned second dose, days 150-210, only after one injection */
static void
test_second_dose (void)
{
  g_autoptr(MarrowGuidanceProtocol) protocol = fixture_protocol_edited (
    "knee", "<second-dose enabled=\"false\"", "<second-dose enabled=\"true\"");
  const struct { int as_of; MarrowGuidanceRecommendation expected; } rows[] = {
    { 149, MARROW_GUIDANCE_REC_MONITOR },
    { 150, MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE },
    { 210, MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE },
    { 211, MARROW_GUIDANCE_REC_MONITOR },
  };
  g_autoptr(MarrowGuidanceSnapshot) booster = knee_case ();
  g_autoptr(MarrowGuidanceEvaluation) after_booster = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      add_visit (snapshot, -7, 45, 50, 60);
      add_visit (snapshot, 120, 75, 80, 25);
      evaluation = fixture_evaluate (snapshot, protocol, rows[i].as_of);
      assert_recommendation (evaluation, rows[i].expected);
    }

  /* Switched off in the bundled protocol */
  {
    g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
    g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

    add_visit (snapshot, -7, 45, 50, 60);
    add_visit (snapshot, 120, 75, 80, 25);
    evaluation = fixture_evaluate_default (snapshot, 180);
    assert_recommendation (evaluation, MARROW_GUIDANCE_REC_MONITOR);
  }

  /* A second injection was given already */
  fixture_inject (booster, -200, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  add_visit (booster, -207, 45, 50, 60);
  add_visit (booster, 120, 75, 80, 25);
  after_booster = fixture_evaluate (booster, protocol, 180);
  g_assert_cmpint (marrow_guidance_evaluation_get_recommendation (after_booster), !=,
                   MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE);
}

/* G5i: the clinic booster window, 18 to 24 months after the injection */
static void
test_clinic_booster (void)
{
  g_autoptr(MarrowGuidanceProtocol) protocol = fixture_protocol_edited (
    "hip", "<clinic-booster enabled=\"false\"", "<clinic-booster enabled=\"true\"");
  /* 18 months = 15 Jul 2025 = day 547; 24 months = 15 Jan 2026 = day 731 */
  const struct { int as_of; MarrowGuidanceRecommendation expected; } rows[] = {
    { 546, MARROW_GUIDANCE_REC_MONITOR },
    { 547, MARROW_GUIDANCE_REC_CONSIDER_REPEAT },
    { 731, MARROW_GUIDANCE_REC_CONSIDER_REPEAT },
    { 732, MARROW_GUIDANCE_REC_MONITOR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_HIP);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
      fixture_score (snapshot, -7, "HOOS", "pain", 45);
      fixture_score (snapshot, 182, "HOOS", "pain", 75);
      evaluation = fixture_evaluate (snapshot, protocol, rows[i].as_of);
      assert_recommendation (evaluation, rows[i].expected);
      g_assert_cmpint (marrow_guidance_evaluation_has_statement (evaluation,
                                                                 MARROW_GUIDANCE_STMT_CLINIC_BOOSTER_DUE),
                       ==, rows[i].expected == MARROW_GUIDANCE_REC_CONSIDER_REPEAT);
      g_assert_true (marrow_guidance_evaluation_get_flags (evaluation) & MARROW_GUIDANCE_FLAG_LOW_EVIDENCE);
    }
}

/* G5f, G5g: intervals of a requested repeat and of the last injection */
typedef struct
{
  int                 second;
  gboolean            planned;
  MarrowGuidanceFlags expected;
} IntervalRow;

static const IntervalRow interval_rows[] = {
  { 27, TRUE, MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL },
  { 28, TRUE, MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING },
  { 179, TRUE, MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING },
  { 180, TRUE, 0 },
  { 27, FALSE, MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL },
  { 28, FALSE, MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING },
  { 180, FALSE, 0 },
};

static void
test_intervals (void)
{
  const MarrowGuidanceFlags interval_flags = MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL |
                                             MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING;

  for (guint i = 0; i < G_N_ELEMENTS (interval_rows); i++)
    {
      const IntervalRow *row = &interval_rows[i];
      g_autoptr(MarrowGuidanceSnapshot) snapshot = knee_case ();
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      g_test_message ("%s on day %d", row->planned ? "requested" : "given", row->second);
      add_visit (snapshot, -7, 45, 50, 60);
      if (row->planned)
        snapshot->planned_repeat = FIXTURE_DAY0 + row->second;
      else
        fixture_inject (snapshot, row->second, MARROW_GUIDANCE_PRODUCT_BMAC,
                        MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
      evaluation = fixture_evaluate_default (snapshot, row->planned ? 20 : row->second);
      g_assert_cmpuint (marrow_guidance_evaluation_get_flags (evaluation) & interval_flags, ==,
                        row->expected);
    }
}

/* G5h: three cell injections into the joint within 24 months */
static void
test_cumulative (void)
{
  const struct { int days[3]; guint n; int planned; int as_of; gboolean expected; } rows[] = {
    { { 0, 200, 400 }, 3, 0, 500, TRUE },
    { { 0, 200, 400 }, 3, 0, 731, FALSE },   /* day 0 left the window on 15 Jan 2026 */
    { { 0, 200, 400 }, 3, 0, 730, TRUE },
    { { 0, 200 }, 2, 0, 300, FALSE },
    { { 0, 200 }, 2, 400, 300, TRUE },       /* the requested repeat counts */
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      for (guint j = 0; j < rows[i].n; j++)
        fixture_inject (snapshot, rows[i].days[j], MARROW_GUIDANCE_PRODUCT_SVF,
                        MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
      if (rows[i].planned > 0)
        snapshot->planned_repeat = FIXTURE_DAY0 + rows[i].planned;
      evaluation = fixture_evaluate_default (snapshot, rows[i].as_of);
      g_assert_cmpint (!!(marrow_guidance_evaluation_get_flags (evaluation) &
                          MARROW_GUIDANCE_FLAG_CUMULATIVE_REVIEW), ==, rows[i].expected);
    }
}

/* G5i, G5j: hip banner and severe disease */
static void
test_joint_and_severity (void)
{
  const struct { MarrowGuidanceJoint joint; int kl; MarrowGuidanceFlags expected; } rows[] = {
    { MARROW_GUIDANCE_JOINT_KNEE, 3, 0 },
    { MARROW_GUIDANCE_JOINT_KNEE, 4, MARROW_GUIDANCE_FLAG_SEVERE_DISEASE },
    { MARROW_GUIDANCE_JOINT_HIP, -1, MARROW_GUIDANCE_FLAG_LOW_EVIDENCE },
    { MARROW_GUIDANCE_JOINT_HIP, 4, MARROW_GUIDANCE_FLAG_LOW_EVIDENCE | MARROW_GUIDANCE_FLAG_SEVERE_DISEASE },
    { MARROW_GUIDANCE_JOINT_SHOULDER, 2, 0 },
  };
  const MarrowGuidanceFlags checked = MARROW_GUIDANCE_FLAG_LOW_EVIDENCE | MARROW_GUIDANCE_FLAG_SEVERE_DISEASE;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (rows[i].joint);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      snapshot->kl_grade = rows[i].kl;
      fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
      evaluation = fixture_evaluate_default (snapshot, 30);
      g_assert_cmpuint (marrow_guidance_evaluation_get_flags (evaluation) & checked, ==, rows[i].expected);
    }
}

/* G6: dose and regulatory context */
typedef struct
{
  MarrowGuidanceProduct        product;
  double                       viable;
  double                       tnc;
  gboolean                     ind;
  MarrowGuidanceFlags          expected;
  MarrowGuidanceStatementCode  statement;
} ContextRow;

static const ContextRow context_rows[] = {
  { MARROW_GUIDANCE_PRODUCT_EXPANDED_AUTOLOGOUS, 9999999, NAN, TRUE, MARROW_GUIDANCE_FLAG_DOSE_CONTEXT, MARROW_GUIDANCE_STMT_DOSE_EXPANDED },
  { MARROW_GUIDANCE_PRODUCT_EXPANDED_AUTOLOGOUS, 10e6, NAN, TRUE, 0, MARROW_GUIDANCE_N_STATEMENTS },
  { MARROW_GUIDANCE_PRODUCT_UC_MSC, 100e6, NAN, TRUE, 0, MARROW_GUIDANCE_N_STATEMENTS },
  { MARROW_GUIDANCE_PRODUCT_UC_MSC, 100000001, NAN, TRUE, MARROW_GUIDANCE_FLAG_DOSE_CONTEXT, MARROW_GUIDANCE_STMT_DOSE_EXPANDED },
  { MARROW_GUIDANCE_PRODUCT_BMAC, NAN, 4e8, FALSE, MARROW_GUIDANCE_FLAG_DOSE_CONTEXT, MARROW_GUIDANCE_STMT_DOSE_BMAC_LOW },
  { MARROW_GUIDANCE_PRODUCT_BMAC, NAN, 400000001, FALSE, 0, MARROW_GUIDANCE_STMT_DOSE_BMAC },
  { MARROW_GUIDANCE_PRODUCT_EXPANDED_ALLOGENEIC, 50e6, NAN, FALSE, MARROW_GUIDANCE_FLAG_COMPLIANCE_WARNING, MARROW_GUIDANCE_STMT_COMPLIANCE },
  { MARROW_GUIDANCE_PRODUCT_SVF, NAN, NAN, FALSE, 0, MARROW_GUIDANCE_N_STATEMENTS },
};

static void
test_context (void)
{
  const MarrowGuidanceFlags checked = MARROW_GUIDANCE_FLAG_DOSE_CONTEXT | MARROW_GUIDANCE_FLAG_COMPLIANCE_WARNING;

  for (guint i = 0; i < G_N_ELEMENTS (context_rows); i++)
    {
      const ContextRow *row = &context_rows[i];
      g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
      MarrowGuidanceInjection injection = {
        FIXTURE_DAY0, row->product, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR, row->ind, row->tnc,
        row->viable, NAN, "x",
      };

      marrow_guidance_snapshot_add_injection (snapshot, &injection);
      evaluation = fixture_evaluate_default (snapshot, 30);
      g_assert_cmpuint (marrow_guidance_evaluation_get_flags (evaluation) & checked, ==, row->expected);
      if (row->statement != MARROW_GUIDANCE_N_STATEMENTS)
        g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, row->statement));
    }
}

/* The regulatory flag is a protocol choice */
static void
test_compliance_off (void)
{
  g_autoptr(MarrowGuidanceProtocol) protocol = fixture_protocol_edited (
    "knee", "joint=\"knee\">", "joint=\"knee\" us-compliance=\"false\">");
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_UC_MSC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  evaluation = fixture_evaluate (snapshot, protocol, 30);
  g_assert_false (marrow_guidance_evaluation_get_flags (evaluation) & MARROW_GUIDANCE_FLAG_COMPLIANCE_WARNING);
}

/* G7: red flags */

typedef void (*RedFlagFunc) (MarrowGuidanceSnapshot *snapshot,
                             int                     as_of);

static void
checklist_item (MarrowGuidanceSnapshot *snapshot,
                int                     as_of,
                MarrowGuidanceRedFlags  flag)
{
  marrow_guidance_snapshot_add_checklist (snapshot, FIXTURE_DAY0 + as_of - 3, flag);
}

static void
add_event (MarrowGuidanceSnapshot *snapshot,
           int                     onset,
           int                     resolved,
           const char             *category,
           int                     severity,
           gboolean                serious,
           gboolean                related)
{
  MarrowGuidanceAdverseEvent event = {
    FIXTURE_DAY0 + onset, resolved != G_MININT ? FIXTURE_DAY0 + resolved : 0, category, severity,
    serious, related,
  };

  marrow_guidance_snapshot_add_adverse_event (snapshot, &event);
}

static void flag_fever (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_FEVER_HOT_JOINT); }
static void flag_rising (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_RISING_PAIN); }
static void flag_culture (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_POSITIVE_CULTURE); }
static void flag_malignancy (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_MALIGNANCY); }
static void flag_immuno (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_IMMUNOSUPPRESSION); }
static void flag_pregnancy (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_PREGNANCY); }
static void flag_infection (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_INFECTION_ELSEWHERE); }
static void flag_trauma (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_TRAUMA_LOCKING); }
static void flag_anticoagulant (MarrowGuidanceSnapshot *s, int d) { checklist_item (s, d, MARROW_GUIDANCE_RED_ANTICOAGULANT); }
static void flag_septic (MarrowGuidanceSnapshot *s, int d) { add_event (s, 20, 60, "septic_arthritis", 3, FALSE, TRUE); }
static void flag_serious (MarrowGuidanceSnapshot *s, int d) { add_event (s, 5, 9, "other", 3, TRUE, FALSE); }
static void flag_unresolved (MarrowGuidanceSnapshot *s, int d) { add_event (s, d - 5, G_MININT, "effusion", 2, FALSE, TRUE); }
static void flag_persisting (MarrowGuidanceSnapshot *s, int d) { add_event (s, d - 29, G_MININT, "effusion", 1, FALSE, FALSE); }
static void flag_steroid (MarrowGuidanceSnapshot *s, int d) { marrow_guidance_snapshot_add_other_injection (s, FIXTURE_DAY0 + d - 89, "corticosteroid_injection"); }

static const struct { const char *name; RedFlagFunc add; } red_flags[] = {
  { "fever or hot joint", flag_fever },
  { "rising pain", flag_rising },
  { "positive culture", flag_culture },
  { "malignancy", flag_malignancy },
  { "immunosuppression", flag_immuno },
  { "pregnancy", flag_pregnancy },
  { "infection elsewhere", flag_infection },
  { "trauma or locking", flag_trauma },
  { "anticoagulant before BMAC", flag_anticoagulant },
  { "septic arthritis", flag_septic },
  { "serious event", flag_serious },
  { "unresolved related event", flag_unresolved },
  { "persisting effusion", flag_persisting },
  { "corticosteroid 89 days ago", flag_steroid },
};

/* Histories whose guidance suggests a repeat */
static MarrowGuidanceSnapshot *
waning_history (MarrowGuidanceProtocol **protocol,
                int                     *as_of)
{
  MarrowGuidanceSnapshot *snapshot = knee_case ();

  add_visit (snapshot, -7, 45, 50, 60);
  add_visit (snapshot, 182, 75, 80, 25);
  add_visit (snapshot, 366, 62, NONE, NONE);
  add_visit (snapshot, 396, 60, 72, 40);
  *protocol = marrow_guidance_protocol_ref (fixture_protocol ("knee"));
  *as_of = 396;
  return snapshot;
}

static MarrowGuidanceSnapshot *
second_dose_history (MarrowGuidanceProtocol **protocol,
                     int                     *as_of)
{
  MarrowGuidanceSnapshot *snapshot = knee_case ();

  add_visit (snapshot, -7, 45, 50, 60);
  add_visit (snapshot, 120, 75, 80, 25);
  *protocol = fixture_protocol_edited ("knee", "<second-dose enabled=\"false\"",
                                       "<second-dose enabled=\"true\"");
  *as_of = 180;
  return snapshot;
}

static MarrowGuidanceSnapshot *
booster_history (MarrowGuidanceProtocol **protocol,
                 int                     *as_of)
{
  MarrowGuidanceSnapshot *snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_HIP);

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_score (snapshot, -7, "HOOS", "pain", 45);
  fixture_score (snapshot, 182, "HOOS", "pain", 75);
  *protocol = fixture_protocol_edited ("hip", "<clinic-booster enabled=\"false\"",
                                       "<clinic-booster enabled=\"true\"");
  *as_of = 600;
  return snapshot;
}

typedef MarrowGuidanceSnapshot *(*HistoryFunc) (MarrowGuidanceProtocol **protocol,
                                                int                     *as_of);

static const struct { HistoryFunc make; MarrowGuidanceRecommendation suggestion; } histories[] = {
  { waning_history, MARROW_GUIDANCE_REC_CONSIDER_REPEAT },
  { second_dose_history, MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE },
  { booster_history, MARROW_GUIDANCE_REC_CONSIDER_REPEAT },
};

static void
test_red_flags_beat_repeat (void)
{
  for (guint h = 0; h < G_N_ELEMENTS (histories); h++)
    {
      g_autoptr(MarrowGuidanceProtocol) protocol = NULL;
      g_autoptr(MarrowGuidanceSnapshot) clean = NULL;
      g_autoptr(MarrowGuidanceEvaluation) unflagged = NULL;
      int as_of;

      clean = histories[h].make (&protocol, &as_of);
      unflagged = fixture_evaluate (clean, protocol, as_of);
      assert_recommendation (unflagged, histories[h].suggestion);

      for (guint f = 0; f < G_N_ELEMENTS (red_flags); f++)
        {
          g_autoptr(MarrowGuidanceProtocol) same = NULL;
          g_autoptr(MarrowGuidanceSnapshot) snapshot = histories[h].make (&same, &as_of);
          g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
          g_autofree char *suppressed = NULL;

          g_test_message ("history %u, %s", h, red_flags[f].name);
          red_flags[f].add (snapshot, as_of);
          evaluation = fixture_evaluate (snapshot, same, as_of);
          assert_recommendation (evaluation, MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW);
          g_assert_false (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_CONSIDER_REPEAT));
          g_assert_false (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_SECOND_DOSE_DUE));
          for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
            {
              const MarrowGuidanceStatement *s = marrow_guidance_evaluation_get_statement (evaluation, i);

              if (s->code == MARROW_GUIDANCE_STMT_HOLD_SUPPRESSES)
                suppressed = g_strdup (s->str[0]);
            }
          g_assert_cmpstr (suppressed, ==,
                           marrow_guidance_recommendation_to_string (histories[h].suggestion));
          g_assert_cmpuint (marrow_guidance_evaluation_get_next_review (evaluation), ==,
                            FIXTURE_DAY0 + as_of);
        }
    }
}

/* The other side of each red-flag boundary: no hold */
static void
test_red_flag_boundaries (void)
{
  int as_of;
  struct { const char *name; gboolean holds; } rows[] = {
    { "related effusion grade 1", FALSE },
    { "unrelated effusion grade 2, 28 days", FALSE },
    { "unrelated effusion grade 2, 29 days", TRUE },
    { "related grade 2 resolved before", FALSE },
    { "related grade 2 resolved after the evaluation day", TRUE },
    { "event after the evaluation day", FALSE },
    { "corticosteroid 90 days ago", FALSE },
    { "corticosteroid 60 days before a repeat requested in 40 days", FALSE },
    { "PRP is not a drug injection here: none recorded", FALSE },
    { "NSAID", FALSE },
    { "anticoagulant without BMAC", FALSE },
    { "red flag cleared by a later checklist", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MarrowGuidanceProtocol) same = NULL;
      g_autoptr(MarrowGuidanceSnapshot) snapshot = waning_history (&same, &as_of);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      g_test_message ("%s", rows[i].name);
      switch (i)
        {
        case 0: add_event (snapshot, as_of - 5, G_MININT, "effusion", 1, FALSE, TRUE); break;
        case 1: add_event (snapshot, as_of - 28, G_MININT, "effusion", 2, FALSE, FALSE); break;
        case 2: add_event (snapshot, as_of - 29, G_MININT, "effusion", 2, FALSE, FALSE); break;
        case 3: add_event (snapshot, as_of - 20, as_of, "effusion", 2, FALSE, TRUE); break;
        case 4: add_event (snapshot, as_of - 20, as_of + 1, "effusion", 2, FALSE, TRUE); break;
        case 5: add_event (snapshot, as_of + 1, G_MININT, "septic_arthritis", 4, TRUE, TRUE); break;
        case 6: marrow_guidance_snapshot_add_other_injection (snapshot, FIXTURE_DAY0 + as_of - 90, "corticosteroid_injection"); break;
        case 7:
          marrow_guidance_snapshot_add_other_injection (snapshot, FIXTURE_DAY0 + as_of - 60, "corticosteroid_injection");
          snapshot->planned_repeat = FIXTURE_DAY0 + as_of + 40;
          break;
        case 8: break;
        case 9: checklist_item (snapshot, as_of, MARROW_GUIDANCE_RED_NSAID); break;
        case 10:
          g_array_index (snapshot->injections, MarrowGuidanceInjection, 0).product = MARROW_GUIDANCE_PRODUCT_SVF;
          checklist_item (snapshot, as_of, MARROW_GUIDANCE_RED_ANTICOAGULANT);
          break;
        case 11:
          marrow_guidance_snapshot_add_checklist (snapshot, FIXTURE_DAY0 + as_of - 30, MARROW_GUIDANCE_RED_FEVER_HOT_JOINT);
          marrow_guidance_snapshot_add_checklist (snapshot, FIXTURE_DAY0 + as_of - 2, 0);
          break;
        default:
          g_assert_not_reached ();
        }
      evaluation = fixture_evaluate (snapshot, same, as_of);
      g_assert_cmpint (marrow_guidance_evaluation_get_recommendation (evaluation) ==
                       MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW, ==, rows[i].holds);
    }
}

/* NSAID use and a BMI over 30 are information, not holds */
static void
test_information_only (void)
{
  g_autoptr(MarrowGuidanceProtocol) protocol = NULL;
  int as_of;
  g_autoptr(MarrowGuidanceSnapshot) snapshot = waning_history (&protocol, &as_of);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  snapshot->bmi = 30.1;
  checklist_item (snapshot, as_of, MARROW_GUIDANCE_RED_NSAID);
  evaluation = fixture_evaluate (snapshot, protocol, as_of);
  assert_recommendation (evaluation, MARROW_GUIDANCE_REC_CONSIDER_REPEAT);
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_INFO_BMI));
  g_assert_true (marrow_guidance_evaluation_has_statement (evaluation, MARROW_GUIDANCE_STMT_INFO_NSAID));
}

/* Same snapshot, same result; records after the evaluation day change nothing */
static void
test_determinism (void)
{
  g_autoptr(MarrowGuidanceProtocol) protocol = NULL;
  int as_of;
  g_autoptr(MarrowGuidanceSnapshot) snapshot = waning_history (&protocol, &as_of);
  g_autoptr(MarrowGuidanceEvaluation) first = fixture_evaluate (snapshot, protocol, as_of);
  g_autofree char *expected = fixture_describe (first);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(MarrowGuidanceEvaluation) again = fixture_evaluate (snapshot, protocol, as_of);
      g_autofree char *described = fixture_describe (again);

      g_assert_cmpstr (described, ==, expected);
    }

  fixture_inject (snapshot, as_of + 1, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  add_visit (snapshot, as_of + 2, 10, 10, 90);
  add_event (snapshot, as_of + 3, G_MININT, "septic_arthritis", 4, TRUE, TRUE);
  marrow_guidance_snapshot_add_checklist (snapshot, FIXTURE_DAY0 + as_of + 4, MARROW_GUIDANCE_RED_PREGNANCY);
  marrow_guidance_snapshot_add_other_injection (snapshot, FIXTURE_DAY0 + as_of + 5, "ha_injection");
  {
    g_autoptr(MarrowGuidanceEvaluation) later = fixture_evaluate (snapshot, protocol, as_of);
    g_autofree char *described = fixture_describe (later);

    g_assert_cmpstr (described, ==, expected);
  }
}

/* Every statement has a rule, a citation, an evidence class and a text */
static void
test_statements (void)
{
  for (guint code = 0; code < MARROW_GUIDANCE_N_STATEMENTS; code++)
    {
      MarrowGuidanceStatement statement = { code, { 11, 22, 33, 44, 55, 66 }, { "Label", "x" } };
      g_autofree char *text = marrow_guidance_statement_dup_text (&statement);
      const char *citation = marrow_guidance_statement_code_get_citation (code);

      g_test_message ("%s", marrow_guidance_statement_code_to_string (code));
      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 20);
      g_assert_null (strstr (text, "%s"));
      g_assert_null (strstr (text, "%l"));
      g_assert_nonnull (citation);
      g_assert_cmpuint (strlen (citation), >, 10);
      g_assert_nonnull (marrow_guidance_statement_code_get_rule (code));
      g_assert_true (marrow_guidance_statement_code_get_rule (code)[0] == 'G');
      g_assert_nonnull (marrow_guidance_evidence_get_label (marrow_guidance_statement_code_get_evidence (code)));
      /* codes are unique */
      for (guint other = 0; other < code; other++)
        g_assert_cmpstr (marrow_guidance_statement_code_to_string (other), !=,
                         marrow_guidance_statement_code_to_string (code));
    }
}

/* The stable codes of the enums, exactly as the issue names them */
static void
test_codes (void)
{
  static const char * const flags[] = {
    "EARLY_WORSENING", "EARLY_REPEAT_WARNING", "BLOCK_INTERVAL", "CUMULATIVE_REVIEW",
    "LOW_EVIDENCE", "SEVERE_DISEASE", "DOSE_CONTEXT", "IV_ROUTE", "COMPLIANCE_WARNING",
  };

  g_assert_cmpstr (marrow_guidance_classification_to_string (MARROW_GUIDANCE_CLASS_TOO_EARLY), ==, "TOO_EARLY");
  g_assert_cmpstr (marrow_guidance_classification_to_string (MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA), ==, "INSUFFICIENT_DATA");
  g_assert_cmpstr (marrow_guidance_durability_to_string (MARROW_GUIDANCE_DURABILITY_RELAPSED), ==, "RELAPSED");
  g_assert_cmpstr (marrow_guidance_recommendation_to_string (MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE), ==,
                   "PROTOCOL_SECOND_DOSE_DUE");
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    g_assert_cmpstr (marrow_guidance_flag_to_string (1u << i), ==, flags[i]);
  g_assert_true (marrow_guidance_recommendation_needs_physician (MARROW_GUIDANCE_REC_REPEAT_NOT_SUPPORTED));
  g_assert_false (marrow_guidance_recommendation_needs_physician (MARROW_GUIDANCE_REC_MONITOR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guidance/codes", test_codes);
  g_test_add_func ("/guidance/statements", test_statements);
  g_test_add_func ("/guidance/g2/early-worsening", test_early_worsening);
  g_test_add_func ("/guidance/g3/response", test_response);
  g_test_add_func ("/guidance/g3/response-scaled", test_response_scaled);
  g_test_add_func ("/guidance/g3/timing", test_timing);
  g_test_add_func ("/guidance/g3/baseline", test_baseline);
  g_test_add_func ("/guidance/g3/no-injection", test_no_injection);
  g_test_add_func ("/guidance/g4/durability", test_durability);
  g_test_add_func ("/guidance/g4/peak-from", test_peak_from);
  g_test_add_func ("/guidance/g5/repeat-interval", test_repeat_interval);
  g_test_add_func ("/guidance/g5/second-dose", test_second_dose);
  g_test_add_func ("/guidance/g5/clinic-booster", test_clinic_booster);
  g_test_add_func ("/guidance/g5/intervals", test_intervals);
  g_test_add_func ("/guidance/g5/cumulative", test_cumulative);
  g_test_add_func ("/guidance/g5/joint-and-severity", test_joint_and_severity);
  g_test_add_func ("/guidance/g6/context", test_context);
  g_test_add_func ("/guidance/g6/compliance-off", test_compliance_off);
  g_test_add_func ("/guidance/g7/red-flags-beat-repeat", test_red_flags_beat_repeat);
  g_test_add_func ("/guidance/g7/boundaries", test_red_flag_boundaries);
  g_test_add_func ("/guidance/g7/information-only", test_information_only);
  g_test_add_func ("/guidance/determinism", test_determinism);

  return g_test_run ();
}
