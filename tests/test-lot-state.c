/* test-lot-state.c: lot release and the aliquot state machine (domain model 4.7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "marrow-error.h"
#include "marrow-lot-state.h"
#include "marrow-record.h"

#define STAFF   "5f0c3b52-3d43-4c55-9a57-2f8e3f2f7a11"
#define NOW     "2026-03-10T10:00:00.000Z"
#define FUTURE  "2026-06-01T00:00:00.000Z"
#define PAST    "2026-03-01T00:00:00.000Z"

static const char * const states[] = {
  "quarantine", "released", "issued", "administered", "discarded", "expired", "recalled",
};

enum { Q, REL, ISS, ADM, DIS, EXP, REC, N_STATES, NEW = N_STATES };

/* The table of domain model 4.7, written out independently of the code:
 * 0 = forbidden, 1 = allowed, 2 = allowed with a reason,
 * 3 = only as a correction (with a reason).  Row NEW is "(new)". */
static const int expected[N_STATES + 1][N_STATES] = {
  /*            Q  REL ISS ADM DIS EXP REC */
  [Q]   =     { 0, 1,  0,  0,  2,  0,  2 },
  [REL] =     { 0, 0,  1,  1,  2,  1,  2 },
  [ISS] =     { 0, 2,  0,  1,  2,  1,  2 },
  [ADM] =     { 0, 3,  0,  0,  3,  0,  0 },
  [DIS] =     { 0, 0,  0,  0,  0,  0,  0 },
  [EXP] =     { 0, 0,  0,  0,  0,  0,  0 },
  [REC] =     { 0, 0,  0,  0,  0,  0,  0 },
  [NEW] =     { 1, 0,  0,  0,  0,  0,  0 },
};

static const char *
state_name (guint i)
{
  return i == NEW ? NULL : states[i];
}

static void
test_transition_table (void)
{
  guint n_allowed = 0, n_rows = 0;

  marrow_aliquot_transitions (&n_rows);

  for (guint from = 0; from <= NEW; from++)
    for (guint to = 0; to < N_STATES; to++)
      {
        int want = expected[from][to];
        g_autoptr(GError) plain = NULL;
        g_autoptr(GError) corrected = NULL;
        gboolean ok_plain, ok_corrected;

        ok_plain = marrow_aliquot_transition_check (state_name (from), states[to], "a reason",
                                                    MARROW_TRANSITION_FLAG_NONE, &plain);
        ok_corrected = marrow_aliquot_transition_check (state_name (from), states[to], "a reason",
                                                        MARROW_TRANSITION_FLAG_CORRECTION, &corrected);

        if (want == 1 || want == 2)
          {
            g_assert_no_error (plain);
            g_assert_true (ok_plain);
            g_assert_nonnull (marrow_aliquot_transition_lookup (state_name (from), states[to]));
            n_allowed++;
          }
        else
          {
            g_assert_false (ok_plain);
            g_assert_error (plain, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
            g_assert_cmpstr (marrow_validation_error_get_field (plain), ==, "status");
            /* The message names both states */
            g_assert_nonnull (strstr (plain->message, states[to]));
            if (from != NEW)
              g_assert_nonnull (strstr (plain->message, states[from]));
          }

        if (want != 0)
          {
            g_assert_no_error (corrected);
            g_assert_true (ok_corrected);
          }
        else
          {
            g_assert_false (ok_corrected);
            g_assert_error (corrected, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
            g_assert_null (marrow_aliquot_transition_lookup (state_name (from), states[to]));
          }
        if (want == 3)
          n_allowed++;
      }

  /* The code's table has exactly the rows of the doc */
  g_assert_cmpuint (n_rows, ==, n_allowed);
}

static void
test_transition_reasons (void)
{
  for (guint from = 0; from <= NEW; from++)
    for (guint to = 0; to < N_STATES; to++)
      {
        int want = expected[from][to];
        MarrowTransitionFlags flags = want == 3 ? MARROW_TRANSITION_FLAG_CORRECTION
                                                : MARROW_TRANSITION_FLAG_NONE;
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) blank = NULL;
        gboolean ok;

        if (want == 0)
          continue;

        ok = marrow_aliquot_transition_check (state_name (from), states[to], NULL, flags, &error);
        if (want == 1)
          {
            g_assert_no_error (error);
            g_assert_true (ok);
          }
        else
          {
            g_assert_false (ok);
            g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
            g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "status_reason");

            /* white space is no reason */
            g_assert_false (marrow_aliquot_transition_check (state_name (from), states[to], "  ",
                                                             flags, &blank));
            g_assert_error (blank, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
          }
      }
}

static void
test_transition_unknown_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_false (marrow_aliquot_transition_check ("released", "lost", "x",
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_ENUM);
  g_assert_false (marrow_aliquot_transition_check ("rejected", "released", "x",
                                                   MARROW_TRANSITION_FLAG_NONE, &error2));
  g_assert_error (error2, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_ENUM);
}

/* --- records ------------------------------------------------------------- */

static MarrowRecord *
make_lot (const char *release_status,
          const char *expires_at)
{
  MarrowRecord *lot = marrow_record_new_by_name ("product_lot");

  g_assert_nonnull (lot);
  marrow_record_set_text (lot, "coi_id", "MRW0126000123W-L1");
  marrow_record_set_text (lot, "category", "bmac");
  marrow_record_set_text (lot, "origin", "allogeneic_unrelated");
  marrow_record_set_text (lot, "storage", "cryopreserved");
  marrow_record_set_text (lot, "expires_at", expires_at);
  marrow_record_set_text (lot, "release_status", release_status);
  if (g_strcmp0 (release_status, "released") == 0)
    {
      marrow_record_set_text (lot, "release_basis", "all_tests_pass");
      marrow_record_set_text (lot, "released_by", STAFF);
      marrow_record_set_text (lot, "released_at", "2026-03-02T08:00:00.000Z");
    }
  return lot;
}

static MarrowRecord *
make_aliquot (MarrowRecord *lot,
              guint         no,
              const char   *status)
{
  MarrowRecord *aliquot = marrow_record_new_by_name ("product_aliquot");
  g_autofree char *label = g_strdup_printf ("MRW0126000123W-L1-%02u", no);

  marrow_record_set_text (aliquot, "lot_id", marrow_record_get_id (lot));
  marrow_record_set_int (aliquot, "aliquot_no", no);
  marrow_record_set_text (aliquot, "label", label);
  marrow_record_set_text (aliquot, "container", "vial");
  marrow_record_set_real (aliquot, "volume_ml", 2.0);
  if (status != NULL)
    marrow_record_set_text (aliquot, "status", status);
  return aliquot;
}

static void
test_apply_sets_fields (void)
{
  g_autoptr(MarrowRecord) lot = make_lot ("released", FUTURE);
  g_autoptr(MarrowRecord) aliquot = make_aliquot (lot, 1, NULL);
  g_autoptr(GError) error = NULL;

  /* (new) -> quarantine */
  g_assert_true (marrow_aliquot_apply_transition (aliquot, lot, "quarantine", STAFF, NOW, NULL,
                                                  MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, "quarantine");

  g_assert_true (marrow_aliquot_apply_transition (aliquot, lot, "released", STAFF, NOW, NULL,
                                                  MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_true (marrow_aliquot_apply_transition (aliquot, lot, "issued", STAFF, NOW, NULL,
                                                  MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_true (marrow_aliquot_apply_transition (aliquot, lot, "released", STAFF,
                                                  "2026-03-10T11:00:00.000Z", "patient cancelled",
                                                  MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, "released");
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_at"), ==, "2026-03-10T11:00:00.000Z");
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_changed_by"), ==, STAFF);
  g_assert_cmpstr (marrow_record_get_text (aliquot, "status_reason"), ==, "patient cancelled");

  /* A change without a reason clears the previous change's reason */
  g_assert_true (marrow_aliquot_apply_transition (aliquot, lot, "administered", STAFF, NOW, NULL,
                                                  MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_true (marrow_record_is_null (aliquot, "status_reason"));

  /* Final */
  g_assert_false (marrow_aliquot_apply_transition (aliquot, lot, "issued", STAFF, NOW, "x",
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error->message, "administered"));
  g_assert_nonnull (strstr (error->message, "issued"));
  g_clear_error (&error);

  /* The correction after the injection was entered in error */
  g_assert_false (marrow_aliquot_apply_transition (aliquot, lot, "released", STAFF, NOW, "voided",
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (marrow_aliquot_apply_transition (aliquot, lot, "released", STAFF, NOW,
                                                  "injection entered in error, vial unused",
                                                  MARROW_TRANSITION_FLAG_CORRECTION, &error));
  g_assert_no_error (error);
}

static void
test_apply_lot_conditions (void)
{
  static const struct
  {
    const char *lot_status;
    const char *expires_at;
    const char *from;
    const char *to;
    int         code;      /* -1 = allowed */
  } cases[] = {
    /* quarantine -> released needs the lot released */
    { "quarantine", FUTURE, "quarantine", "released", MARROW_VALIDATION_ERROR_NOT_RELEASED },
    { "released", FUTURE, "quarantine", "released", -1 },
    /* issue needs a released, unexpired lot */
    { "released", FUTURE, "released", "issued", -1 },
    { "released", PAST, "released", "issued", MARROW_VALIDATION_ERROR_EXPIRED },
    { "released", NOW, "released", "issued", MARROW_VALIDATION_ERROR_EXPIRED },   /* at the expiry instant */
    { "quarantine", FUTURE, "released", "issued", MARROW_VALIDATION_ERROR_NOT_RELEASED },
    /* expired only after the expiry */
    { "released", PAST, "released", "expired", -1 },
    { "released", PAST, "issued", "expired", -1 },
    { "released", FUTURE, "released", "expired", MARROW_VALIDATION_ERROR_TRANSITION },
    /* a return must be in date */
    { "released", PAST, "issued", "released", MARROW_VALIDATION_ERROR_EXPIRED },
    /* discarding and recalling work whatever the lot */
    { "rejected", FUTURE, "quarantine", "discarded", -1 },
    { "released", PAST, "released", "recalled", -1 },
    { "quarantine", FUTURE, "quarantine", "recalled", -1 },
    /* administering needs the lot released; expiry is the injection check's
     * (hard with override) */
    { "released", PAST, "issued", "administered", -1 },
    { "rejected", FUTURE, "released", "administered", MARROW_VALIDATION_ERROR_NOT_RELEASED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MarrowRecord) lot = make_lot (cases[i].lot_status, cases[i].expires_at);
      g_autoptr(MarrowRecord) aliquot = make_aliquot (lot, 1, cases[i].from);
      g_autoptr(MarrowRecord) before = marrow_record_copy (aliquot);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      ok = marrow_aliquot_apply_transition (aliquot, lot, cases[i].to, STAFF, NOW, "reason",
                                            MARROW_TRANSITION_FLAG_NONE, &error);
      g_test_message ("case %u: %s -> %s", i, cases[i].from, cases[i].to);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (marrow_record_get_text (aliquot, "status"), ==, cases[i].to);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, MARROW_VALIDATION_ERROR, cases[i].code);
          /* nothing changed */
          g_assert_true (marrow_record_equal (aliquot, before));
        }
    }
}

static void
test_apply_checks_inputs (void)
{
  g_autoptr(MarrowRecord) lot = make_lot ("released", FUTURE);
  g_autoptr(MarrowRecord) other_lot = make_lot ("released", FUTURE);
  g_autoptr(MarrowRecord) aliquot = make_aliquot (other_lot, 1, "released");
  g_autoptr(MarrowRecord) mine = make_aliquot (lot, 2, "released");
  g_autoptr(GError) error = NULL;

  /* the aliquot must belong to the lot */
  g_assert_false (marrow_aliquot_apply_transition (aliquot, lot, "issued", STAFF, NOW, NULL,
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  /* who and when */
  g_assert_false (marrow_aliquot_apply_transition (mine, lot, "issued", NULL, NOW, NULL,
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (marrow_aliquot_apply_transition (mine, lot, "issued", STAFF, "2026-03-10", NULL,
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);

  /* an aliquot entered in error does not move */
  marrow_record_set_record_status (mine, MARROW_STATUS_ENTERED_IN_ERROR);
  marrow_record_set_error_reason (mine, "duplicate");
  g_assert_false (marrow_aliquot_apply_transition (mine, lot, "issued", STAFF, NOW, NULL,
                                                   MARROW_TRANSITION_FLAG_NONE, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
}

/* --- lot release --------------------------------------------------------- */

static void
test_lot_release_table (void)
{
  static const char * const lot_states[] = { NULL, "quarantine", "released", "rejected" };
  /* rows: from (new), quarantine, released, rejected; columns: to quarantine, released, rejected */
  static const gboolean allowed[4][3] = {
    { TRUE, FALSE, FALSE },
    { FALSE, TRUE, TRUE },
    { FALSE, FALSE, FALSE },
    { FALSE, FALSE, FALSE },
  };

  for (guint from = 0; from < 4; from++)
    for (guint to = 0; to < 3; to++)
      {
        g_autoptr(GError) error = NULL;
        gboolean ok = marrow_lot_release_transition_check (lot_states[from], lot_states[to + 1], &error);

        if (allowed[from][to])
          {
            g_assert_no_error (error);
            g_assert_true (ok);
          }
        else
          {
            g_assert_false (ok);
            g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
            g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "release_status");
          }
      }
}

static MarrowRecord *
make_run (gboolean reviewed)
{
  MarrowRecord *run = marrow_record_new_by_name ("processing_run");

  if (reviewed)
    {
      marrow_record_set_text (run, "qa_reviewed_by", STAFF);
      marrow_record_set_text (run, "qa_reviewed_at", "2026-03-01T12:00:00.000Z");
    }
  return run;
}

static void
test_lot_release (void)
{
  g_autoptr(MarrowRecord) lot = make_lot ("quarantine", FUTURE);
  g_autoptr(MarrowRecord) run = make_run (TRUE);
  g_autoptr(MarrowRecord) unreviewed = make_run (FALSE);
  g_autoptr(GPtrArray) aliquots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MarrowRecord) before = NULL;
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (lot, "processing_run_id", marrow_record_get_id (run));
  g_ptr_array_add (aliquots, make_aliquot (lot, 1, "quarantine"));
  g_ptr_array_add (aliquots, make_aliquot (lot, 2, "quarantine"));
  g_ptr_array_add (aliquots, make_aliquot (lot, 3, "discarded"));
  before = marrow_record_copy (lot);

  /* release basis required */
  g_assert_false (marrow_lot_apply_release_status (lot, run, aliquots, "released", NULL, NULL,
                                                   STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "release_basis");
  g_clear_error (&error);

  g_assert_false (marrow_lot_apply_release_status (lot, run, aliquots, "released", "maybe", NULL,
                                                   STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_ENUM);
  g_clear_error (&error);

  /* conditional release must say what is pending */
  g_assert_false (marrow_lot_apply_release_status (lot, run, aliquots, "released", "conditional",
                                                   NULL, STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "release_note");
  g_clear_error (&error);

  /* who releases */
  g_assert_false (marrow_lot_apply_release_status (lot, run, aliquots, "released",
                                                   "all_tests_pass", NULL, NULL, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  /* the run must be QA-reviewed, and be the lot's run */
  marrow_record_set_id (unreviewed, marrow_record_get_id (run));
  g_assert_false (marrow_lot_apply_release_status (lot, unreviewed, aliquots, "released",
                                                   "all_tests_pass", NULL, STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);
  g_assert_false (marrow_lot_apply_release_status (lot, NULL, aliquots, "released",
                                                   "all_tests_pass", NULL, STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE);
  g_clear_error (&error);

  /* nothing changed by the failures */
  g_assert_true (marrow_record_equal (lot, before));
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[0], "status"), ==, "quarantine");

  g_assert_true (marrow_lot_apply_release_status (lot, run, aliquots, "released", "conditional",
                                                  "released on negative Gram stain, culture pending",
                                                  STAFF, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (lot, "release_status"), ==, "released");
  g_assert_cmpstr (marrow_record_get_text (lot, "release_basis"), ==, "conditional");
  g_assert_cmpstr (marrow_record_get_text (lot, "released_by"), ==, STAFF);
  g_assert_cmpstr (marrow_record_get_text (lot, "released_at"), ==, NOW);
  /* quarantine aliquots follow; the discarded one stays */
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[0], "status"), ==, "released");
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[1], "status"), ==, "released");
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[1], "status_changed_at"), ==, NOW);
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[2], "status"), ==, "discarded");

  /* released is final */
  g_assert_false (marrow_lot_apply_release_status (lot, run, aliquots, "rejected", NULL,
                                                   "late positive culture", STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error->message, "released"));
  g_assert_nonnull (strstr (error->message, "rejected"));
}

static void
test_lot_reject (void)
{
  g_autoptr(MarrowRecord) lot = make_lot ("quarantine", FUTURE);
  g_autoptr(GPtrArray) aliquots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (aliquots, make_aliquot (lot, 1, "quarantine"));

  g_assert_false (marrow_lot_apply_release_status (lot, NULL, aliquots, "rejected", NULL, NULL,
                                                   STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  g_assert_true (marrow_lot_apply_release_status (lot, NULL, aliquots, "rejected", NULL,
                                                  "endotoxin above specification", STAFF, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (lot, "release_status"), ==, "rejected");
  g_assert_cmpstr (marrow_record_get_text (lot, "release_note"), ==, "endotoxin above specification");
  g_assert_true (marrow_record_is_null (lot, "released_at"));
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[0], "status"), ==, "discarded");
  g_assert_cmpstr (marrow_record_get_text (aliquots->pdata[0], "status_reason"), ==,
                   "endotoxin above specification");

  g_assert_false (marrow_lot_apply_release_status (lot, NULL, aliquots, "released",
                                                   "all_tests_pass", NULL, STAFF, NOW, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_TRANSITION);
}

/* --- effective status ---------------------------------------------------- */

static void
test_effective_status (void)
{
  static const struct
  {
    const char *release_status;
    const char *expires_at;
    const char *aliquots;          /* space-separated statuses, "" for none */
    MarrowLotStatus expected;
  } cases[] = {
    { "quarantine", FUTURE, "quarantine quarantine", MARROW_LOT_STATUS_QUARANTINE },
    { "quarantine", FUTURE, "", MARROW_LOT_STATUS_QUARANTINE },
    { "rejected", FUTURE, "discarded discarded", MARROW_LOT_STATUS_REJECTED },
    { "released", FUTURE, "", MARROW_LOT_STATUS_RELEASED },
    { "released", PAST, "", MARROW_LOT_STATUS_EXPIRED },
    { "released", FUTURE, "released released", MARROW_LOT_STATUS_RELEASED },
    { "released", FUTURE, "administered released", MARROW_LOT_STATUS_RELEASED },
    { "released", FUTURE, "released issued", MARROW_LOT_STATUS_ISSUED },
    { "released", FUTURE, "administered administered", MARROW_LOT_STATUS_ADMINISTERED },
    { "released", FUTURE, "administered discarded expired", MARROW_LOT_STATUS_ADMINISTERED },
    { "released", FUTURE, "expired discarded", MARROW_LOT_STATUS_EXPIRED },
    { "released", FUTURE, "discarded discarded", MARROW_LOT_STATUS_DISCARDED },
    { "released", FUTURE, "administered recalled", MARROW_LOT_STATUS_RECALLED },
    { "released", FUTURE, "issued recalled", MARROW_LOT_STATUS_RECALLED },
    /* past its expiry, stock still marked released is expired */
    { "released", PAST, "released issued", MARROW_LOT_STATUS_EXPIRED },
    { "released", PAST, "administered released", MARROW_LOT_STATUS_ADMINISTERED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MarrowRecord) lot = make_lot (cases[i].release_status, cases[i].expires_at);
      g_autoptr(GPtrArray) aliquots = g_ptr_array_new_with_free_func (g_object_unref);
      g_auto(GStrv) statuses = g_strsplit (cases[i].aliquots, " ", -1);

      for (guint k = 0; statuses[k] != NULL; k++)
        if (*statuses[k] != '\0')
          g_ptr_array_add (aliquots, make_aliquot (lot, k + 1, statuses[k]));

      g_test_message ("case %u: %s %s [%s]", i, cases[i].release_status, cases[i].expires_at,
                      cases[i].aliquots);
      g_assert_cmpstr (marrow_lot_status_to_string (marrow_lot_effective_status (lot, aliquots, NOW)),
                       ==, marrow_lot_status_to_string (cases[i].expected));
    }
}

static void
test_effective_status_ignores_voided (void)
{
  g_autoptr(MarrowRecord) lot = make_lot ("released", FUTURE);
  g_autoptr(GPtrArray) aliquots = g_ptr_array_new_with_free_func (g_object_unref);
  MarrowRecord *recalled;

  g_ptr_array_add (aliquots, make_aliquot (lot, 1, "administered"));
  recalled = make_aliquot (lot, 2, "recalled");
  marrow_record_set_record_status (recalled, MARROW_STATUS_ENTERED_IN_ERROR);
  marrow_record_set_error_reason (recalled, "wrong lot");
  g_ptr_array_add (aliquots, recalled);

  g_assert_cmpint (marrow_lot_effective_status (lot, aliquots, NOW), ==,
                   MARROW_LOT_STATUS_ADMINISTERED);
}

static void
test_aliquots_remaining (void)
{
  g_autoptr(MarrowRecord) lot = make_lot ("released", FUTURE);
  g_autoptr(MarrowRecord) expired_lot = make_lot ("released", PAST);
  g_autoptr(GPtrArray) aliquots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (aliquots, make_aliquot (lot, 1, "administered"));
  g_ptr_array_add (aliquots, make_aliquot (lot, 2, "released"));
  g_ptr_array_add (aliquots, make_aliquot (lot, 3, "released"));
  g_ptr_array_add (aliquots, make_aliquot (lot, 4, "issued"));
  g_assert_cmpuint (marrow_lot_aliquots_remaining (lot, aliquots, NOW), ==, 2);
  /* at and after the expiry nothing remains */
  g_assert_cmpuint (marrow_lot_aliquots_remaining (lot, aliquots, FUTURE), ==, 0);

  g_ptr_array_add (expired, make_aliquot (expired_lot, 1, "released"));
  g_assert_cmpuint (marrow_lot_aliquots_remaining (expired_lot, expired, NOW), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lot-state/aliquot/table", test_transition_table);
  g_test_add_func ("/lot-state/aliquot/reasons", test_transition_reasons);
  g_test_add_func ("/lot-state/aliquot/unknown-state", test_transition_unknown_state);
  g_test_add_func ("/lot-state/aliquot/apply-sets-fields", test_apply_sets_fields);
  g_test_add_func ("/lot-state/aliquot/lot-conditions", test_apply_lot_conditions);
  g_test_add_func ("/lot-state/aliquot/inputs", test_apply_checks_inputs);
  g_test_add_func ("/lot-state/lot/table", test_lot_release_table);
  g_test_add_func ("/lot-state/lot/release", test_lot_release);
  g_test_add_func ("/lot-state/lot/reject", test_lot_reject);
  g_test_add_func ("/lot-state/lot/effective-status", test_effective_status);
  g_test_add_func ("/lot-state/lot/effective-status-voided", test_effective_status_ignores_voided);
  g_test_add_func ("/lot-state/lot/aliquots-remaining", test_aliquots_remaining);

  return g_test_run ();
}
