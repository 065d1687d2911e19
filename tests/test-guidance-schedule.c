/* test-guidance-schedule.c: follow-up time points, windows and re-anchoring (rule G1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "marrow-guidance-fixtures.h"

static const MarrowGuidanceTimePoint *
find (MarrowGuidanceEvaluation *evaluation,
      guint                     anchor,
      const char               *id)
{
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      if (tp->anchor == anchor && g_strcmp0 (tp->id, id) == 0)
        return tp;
    }
  g_error ("no time point %s of injection %u", id, anchor);
}

static guint
count_anchored (MarrowGuidanceEvaluation *evaluation,
                guint                     anchor)
{
  guint n = 0;

  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    if (marrow_guidance_evaluation_get_time_point (evaluation, i)->anchor == anchor)
      n++;
  return n;
}

/* The 6-week window: target day 42, 28 to 56 */
static void
test_windows (void)
{
  const struct { int as_of; int assessed; MarrowGuidanceTimePointStatus expected; } rows[] = {
    { 27, 0, MARROW_GUIDANCE_TP_UPCOMING },
    { 28, 0, MARROW_GUIDANCE_TP_DUE },
    { 42, 0, MARROW_GUIDANCE_TP_DUE },
    { 43, 0, MARROW_GUIDANCE_TP_OVERDUE },
    { 56, 0, MARROW_GUIDANCE_TP_OVERDUE },
    { 57, 0, MARROW_GUIDANCE_TP_MISSED },
    { 57, 28, MARROW_GUIDANCE_TP_DONE },
    { 57, 56, MARROW_GUIDANCE_TP_DONE },
    { 57, 27, MARROW_GUIDANCE_TP_MISSED },
    { 80, 57, MARROW_GUIDANCE_TP_MISSED },
    /* an assessment after the evaluation day does not count yet */
    { 40, 41, MARROW_GUIDANCE_TP_DUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
      const MarrowGuidanceTimePoint *tp;

      fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
      if (rows[i].assessed != 0)
        fixture_koos (snapshot, rows[i].assessed, 50, 50);
      evaluation = fixture_evaluate_default (snapshot, rows[i].as_of);
      tp = find (evaluation, 0, "6w");
      g_test_message ("as of %d, assessed %d: %s", rows[i].as_of, rows[i].assessed,
                      marrow_guidance_time_point_status_to_string (tp->status));
      g_assert_cmpuint (tp->target, ==, FIXTURE_DAY0 + 42);
      g_assert_cmpuint (tp->opens, ==, FIXTURE_DAY0 + 28);
      g_assert_cmpuint (tp->closes, ==, FIXTURE_DAY0 + 56);
      g_assert_cmpint (tp->status, ==, rows[i].expected);
      if (rows[i].expected == MARROW_GUIDANCE_TP_DONE)
        g_assert_cmpuint (tp->done_on, ==, FIXTURE_DAY0 + rows[i].assessed);
    }
}

/* Every time point of the default protocol, in calendar months */
static void
test_time_points (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  MarrowGuidanceInjection injection = {
    marrow_day_from_ymd (2024, 1, 31), MARROW_GUIDANCE_PRODUCT_BMAC,
    MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR, FALSE, NAN, NAN, NAN, "a",
  };
  const struct { const char *id; int y, m, d; guint minus, plus; } expected[] = {
    { "baseline", 2024, 1, 31, 30, 0 },
    { "6w", 2024, 3, 13, 14, 14 },
    { "3m", 2024, 4, 30, 21, 21 },      /* clamped to the end of April */
    { "6m", 2024, 7, 31, 30, 30 },
    { "12m", 2025, 1, 31, 45, 45 },
    { "24m", 2026, 1, 31, 60, 60 },
    { "36m", 2027, 1, 31, 60, 60 },
  };

  marrow_guidance_snapshot_add_injection (snapshot, &injection);
  /* as of mid-2026: yearly points up to one past the evaluation day */
  evaluation = marrow_guidance_evaluate (snapshot, fixture_protocol ("knee"),
                                         marrow_day_from_ymd (2026, 6, 1));
  g_assert_cmpuint (marrow_guidance_evaluation_get_n_time_points (evaluation), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);
      MarrowDay target = marrow_day_from_ymd (expected[i].y, expected[i].m, expected[i].d);

      g_assert_cmpstr (tp->id, ==, expected[i].id);
      g_assert_cmpuint (tp->target, ==, target);
      g_assert_cmpuint (tp->opens, ==, target - expected[i].minus);
      g_assert_cmpuint (tp->closes, ==, target + expected[i].plus);
    }
  g_assert_cmpint (marrow_guidance_evaluation_get_time_point (evaluation, 6)->status, ==,
                   MARROW_GUIDANCE_TP_UPCOMING);
}

/* A booster re-anchors the case's schedule; the old time points after it
 * stay visible as superseded, the ones before it keep their status */
static void
test_reanchoring (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceSnapshot) other_case = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowGuidanceEvaluation) untouched = NULL;
  const MarrowGuidanceTimePoint *tp;

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_inject (snapshot, 200, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, -5, 50, 50);
  fixture_koos (snapshot, 182, 60, 60);    /* 6 months done */
  fixture_koos (snapshot, 195, 55, 55);    /* the booster's baseline */
  evaluation = fixture_evaluate_default (snapshot, 240);

  g_assert_cmpint (find (evaluation, 0, "baseline")->status, ==, MARROW_GUIDANCE_TP_DONE);
  g_assert_cmpint (find (evaluation, 0, "6w")->status, ==, MARROW_GUIDANCE_TP_MISSED);
  g_assert_cmpint (find (evaluation, 0, "6m")->status, ==, MARROW_GUIDANCE_TP_DONE);
  tp = find (evaluation, 0, "12m");
  g_assert_cmpint (tp->status, ==, MARROW_GUIDANCE_TP_SUPERSEDED);
  g_assert_cmpint (tp->superseded_by, ==, 1);
  /* the old schedule shows what was planned when the booster came: up to
   * one yearly time point after it */
  g_assert_cmpuint (count_anchored (evaluation, 0), ==, 5);

  /* the booster's own schedule */
  g_assert_cmpint (find (evaluation, 1, "baseline")->status, ==, MARROW_GUIDANCE_TP_DONE);
  g_assert_cmpint (find (evaluation, 1, "6w")->status, ==, MARROW_GUIDANCE_TP_DUE);
  g_assert_cmpuint (find (evaluation, 1, "6w")->target, ==, FIXTURE_DAY0 + 242);
  g_assert_cmpint (find (evaluation, 1, "3m")->status, ==, MARROW_GUIDANCE_TP_UPCOMING);
  g_assert_cmpint (find (evaluation, 1, "12m")->superseded_by, ==, -1);
  /* The next review is the booster's 6-week visit */
  g_assert_cmpuint (marrow_guidance_evaluation_get_next_review (evaluation), ==, FIXTURE_DAY0 + 242);

  /* Another case of the same patient is not re-anchored */
  fixture_inject (other_case, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  untouched = fixture_evaluate_default (other_case, 250);
  g_assert_cmpint (find (untouched, 0, "12m")->status, ==, MARROW_GUIDANCE_TP_UPCOMING);
}

/* An early window visit before the booster keeps the old time point done */
static void
test_done_before_booster (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, 160, 60, 60);    /* 6m window opens on day 152 */
  fixture_inject (snapshot, 170, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  evaluation = fixture_evaluate_default (snapshot, 250);
  g_assert_cmpint (find (evaluation, 0, "6m")->status, ==, MARROW_GUIDANCE_TP_DONE);
  g_assert_cmpint (find (evaluation, 0, "12m")->status, ==, MARROW_GUIDANCE_TP_SUPERSEDED);
}

/* PRP alone and intravenous infusions anchor nothing */
static void
test_anchors (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_inject (snapshot, 30, MARROW_GUIDANCE_PRODUCT_PRP_ONLY, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_inject (snapshot, 40, MARROW_GUIDANCE_PRODUCT_UC_MSC, MARROW_GUIDANCE_ROUTE_INTRAVENOUS);
  evaluation = fixture_evaluate_default (snapshot, 100);
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      g_assert_cmpuint (tp->anchor, ==, 0);
      g_assert_cmpint (tp->status, !=, MARROW_GUIDANCE_TP_SUPERSEDED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guidance/schedule/windows", test_windows);
  g_test_add_func ("/guidance/schedule/time-points", test_time_points);
  g_test_add_func ("/guidance/schedule/reanchoring", test_reanchoring);
  g_test_add_func ("/guidance/schedule/done-before-booster", test_done_before_booster);
  g_test_add_func ("/guidance/schedule/anchors", test_anchors);

  return g_test_run ();
}
