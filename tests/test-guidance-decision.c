/* test-guidance-decision.c: the physician's decision on a guidance evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6, point 5: the guidance_decision record type and its rules, the
 * canonical JSON of the snapshot and the evaluation it stores, and saving
 * it through the store (audit row, latest decision, refusals that write
 * nothing).  The archive side is in test-archive.c, the command line in
 * test-cli-guidance.c.
 */
#define G_LOG_DOMAIN "test-guidance-decision"

#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-canonical-json.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-fixtures.h"
#include "marrow-guidance-json.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"
#include "marrow-validate.h"

/* ---- the record type --------------------------------------------------- */

/* The coded fields hold exactly the engine's codes */
static void
test_codes (void)
{
  const MarrowFieldDef *classification = marrow_entity_find_field (&marrow_entity_guidance_decision,
                                                                   "classification");
  const MarrowFieldDef *fields[] = {
    marrow_entity_find_field (&marrow_entity_guidance_decision, "recommendation"),
    marrow_entity_find_field (&marrow_entity_guidance_decision, "chosen_action"),
  };
  guint n = 0;

  for (MarrowGuidanceClassification c = MARROW_GUIDANCE_CLASS_TOO_EARLY;
       c <= MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA; c++, n++)
    g_assert_cmpstr (classification->enum_values[c], ==, marrow_guidance_classification_to_string (c));
  g_assert_null (classification->enum_values[n]);

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      n = 0;
      for (MarrowGuidanceRecommendation r = MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW;
           r <= MARROW_GUIDANCE_REC_INSUFFICIENT_DATA; r++, n++)
        g_assert_cmpstr (fields[f]->enum_values[r], ==, marrow_guidance_recommendation_to_string (r));
      g_assert_null (fields[f]->enum_values[n]);
    }
}

typedef struct
{
  const char *name;
  const char *field;   /* a field to change, or NULL */
  const char *value;   /* its new value; NULL clears it */
  const char *field2;
  const char *value2;
  const char *refused; /* the field the error names, or NULL when valid */
} RuleCase;

static const RuleCase rule_cases[] = {
  { "override with a reason", NULL, NULL, NULL, NULL, NULL },
  { "override without a reason", "reason", NULL, NULL, NULL, "reason" },
  { "override with a blank reason", "reason", " \t ", NULL, NULL, "reason" },
  { "override without an action", "chosen_action", NULL, NULL, NULL, NULL },
  { "override choosing the recommendation", "chosen_action", "MONITOR", NULL, NULL, NULL },
  { "accept, keeping the reason as a note", "decision", "accept", "chosen_action", NULL, NULL },
  { "accept with another action", "decision", "accept", NULL, NULL, "chosen_action" },
  { "unknown decision", "decision", "defer", NULL, NULL, "decision" },
  { "no decision", "decision", NULL, NULL, NULL, "decision" },
  { "unknown recommendation", "recommendation", "REPEAT_NOW", NULL, NULL, "recommendation" },
  { "lower-case recommendation", "recommendation", "monitor", NULL, NULL, "recommendation" },
  { "unknown classification", "classification", "GOOD", NULL, NULL, "classification" },
  { "durability as classification", "classification", "WANING", NULL, NULL, "classification" },
  { "unknown action", "chosen_action", "SURGERY", NULL, NULL, "chosen_action" },
  { "no protocol version", "protocol_version", NULL, NULL, NULL, "protocol_version" },
  { "no inputs", "inputs_json", NULL, NULL, NULL, "inputs_json" },
  { "inputs not an object", "inputs_json", "[1,2]", NULL, NULL, "inputs_json" },
  { "evaluation not JSON", "evaluation_json", "MONITOR", NULL, NULL, "evaluation_json" },
  { "no evaluation day", "as_of", NULL, NULL, NULL, "as_of" },
  { "impossible evaluation day", "as_of", "2026-02-30", NULL, NULL, "as_of" },
  { "decided in the future", "decided_at", "2999-01-01T00:00:00.000Z", NULL, NULL, "decided_at" },
  { "no author", "decided_by", NULL, NULL, NULL, "decided_by" },
  { "no case", "joint_case_id", NULL, NULL, NULL, "joint_case_id" },
};

static void
test_rules (void)
{
  g_autoptr(GPtrArray) chain = marrow_test_sample_chain ();
  MarrowRecord *sample = marrow_test_sample_find (chain, "guidance_decision");

  g_assert_nonnull (sample);
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      const RuleCase *c = &rule_cases[i];
      g_autoptr(MarrowRecord) record = marrow_record_copy (sample);
      g_autoptr(GError) error = NULL;
      gboolean valid;

      g_test_message ("%s", c->name);
      if (c->field != NULL)
        marrow_record_set_text (record, c->field, c->value);
      if (c->field2 != NULL)
        marrow_record_set_text (record, c->field2, c->value2);
      valid = marrow_record_validate (record, NULL, NULL, &error);
      if (c->refused == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (valid);
        }
      else
        {
          g_assert_false (valid);
          g_assert_error (error, MARROW_VALIDATION_ERROR, error->code);
          g_assert_cmpstr (marrow_validation_error_get_field (error), ==, c->refused);
          /* the message names the field for people, too */
          g_assert_nonnull (strstr (error->message, c->refused));
        }
    }
}

/* A snapshot or evaluation too long for an archive field is refused */
static void
test_json_size (void)
{
  g_autoptr(GPtrArray) chain = marrow_test_sample_chain ();
  g_autoptr(MarrowRecord) record = marrow_record_copy (marrow_test_sample_find (chain,
                                                                               "guidance_decision"));
  g_autoptr(GString) text = g_string_new ("{\"x\":\"");
  g_autoptr(GError) error = NULL;

  /* 65536 characters in all, two-byte ones among them: accepted */
  for (guint i = 0; i < 100; i++)
    g_string_append (text, "é");
  /* 6 + 100 characters so far, 2 to close */
  for (guint i = 0; i < 65536 - 108; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}");
  g_assert_cmpint (g_utf8_strlen (text->str, -1), ==, 65536);
  marrow_record_set_text (record, "evaluation_json", text->str);
  g_assert_true (marrow_record_validate (record, NULL, NULL, &error));
  g_assert_no_error (error);

  g_string_insert_c (text, 6, 'x');
  marrow_record_set_text (record, "evaluation_json", text->str);
  g_assert_false (marrow_record_validate (record, NULL, NULL, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RANGE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "evaluation_json");
  g_assert_nonnull (strstr (error->message, "65537"));
}

/* ---- canonical JSON ------------------------------------------------------ */

static MarrowGuidanceSnapshot *
small_snapshot (void)
{
  MarrowGuidanceSnapshot *snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  MarrowGuidanceInjection injection = {
    FIXTURE_DAY0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR, FALSE,
    4.5e8, NAN, NAN, "injection-0",
  };
  MarrowGuidanceAdverseEvent event = { FIXTURE_DAY0 + 10, 0, "effusion", 2, FALSE, TRUE };

  snapshot->kl_grade = 2;
  snapshot->age_years = 61;
  marrow_guidance_snapshot_add_injection (snapshot, &injection);
  fixture_koos (snapshot, -7, 45, 50);
  marrow_guidance_snapshot_add_adverse_event (snapshot, &event);
  marrow_guidance_snapshot_add_checklist (snapshot, FIXTURE_DAY0 + 10,
                                          MARROW_GUIDANCE_RED_FEVER_HOT_JOINT |
                                          MARROW_GUIDANCE_RED_NSAID);
  marrow_guidance_snapshot_add_other_injection (snapshot, FIXTURE_DAY0 - 60,
                                                "corticosteroid_injection");
  return snapshot;
}

/* The exact text: keys in their order, no white space, null for what is
 * not known, the lists in day order */
static void
test_snapshot_json (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = small_snapshot ();
  g_autofree char *json = marrow_guidance_snapshot_to_canonical_json (snapshot);
  g_autofree char *again = NULL;

  g_assert_cmpstr (json, ==,
                   "{\"case\":\"00000000-0000-4000-8000-000000000001\",\"joint\":\"knee\","
                   "\"kl_grade\":2,\"age_years\":61,\"bmi\":null,\"planned_repeat\":null,"
                   "\"injections\":[{\"day\":\"2024-01-15\",\"id\":\"injection-0\",\"product\":\"bmac\","
                   "\"route\":\"intra_articular\",\"ind_recorded\":false,\"tnc_cells\":450000000,"
                   "\"viable_cells\":null,\"cells_per_kg\":null}],"
                   "\"scores\":[{\"day\":\"2024-01-08\",\"instrument\":\"KOOS\",\"score\":\"pain\","
                   "\"value\":45},{\"day\":\"2024-01-08\",\"instrument\":\"KOOS\",\"score\":\"adl\","
                   "\"value\":50}],"
                   "\"adverse_events\":[{\"onset\":\"2024-01-25\",\"resolved\":null,"
                   "\"category\":\"effusion\",\"severity\":2,\"serious\":false,\"related\":true}],"
                   "\"checklists\":[{\"day\":\"2024-01-25\",\"flags\":[\"fever_hot_joint\",\"nsaid\"]}],"
                   "\"other_injections\":[{\"day\":\"2023-11-16\",\"kind\":\"corticosteroid_injection\"}]}");

  /* the same snapshot, the same bytes */
  again = marrow_guidance_snapshot_to_canonical_json (snapshot);
  g_assert_cmpstr (again, ==, json);

  /* an empty snapshot: empty lists */
  {
    g_autoptr(MarrowGuidanceSnapshot) empty = fixture_snapshot (MARROW_GUIDANCE_JOINT_HIP);
    g_autofree char *text = NULL;

    empty->bmi = 31.25;
    empty->planned_repeat = FIXTURE_DAY0;
    text = marrow_guidance_snapshot_to_canonical_json (empty);
    g_assert_cmpstr (text, ==,
                     "{\"case\":\"00000000-0000-4000-8000-000000000001\",\"joint\":\"hip\","
                     "\"kl_grade\":null,\"age_years\":null,\"bmi\":31.25,"
                     "\"planned_repeat\":\"2024-01-15\",\"injections\":[],\"scores\":[],"
                     "\"adverse_events\":[],\"checklists\":[],\"other_injections\":[]}");
  }
}

/* S1 of guidance-evidence.md at six months */
static MarrowGuidanceSnapshot *
responder_snapshot (const char *case_id)
{
  MarrowGuidanceSnapshot *snapshot = marrow_guidance_snapshot_new (case_id,
                                                                   MARROW_GUIDANCE_JOINT_KNEE);

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, -7, 45, 50);
  fixture_koos (snapshot, 182, 75, 80);
  return snapshot;
}

static void
test_evaluation_json (void)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = responder_snapshot ("00000000-0000-4000-8000-000000000002");
  g_autoptr(MarrowGuidanceEvaluation) first = fixture_evaluate_default (snapshot, 182);
  g_autoptr(MarrowGuidanceEvaluation) second = fixture_evaluate_default (snapshot, 182);
  g_autoptr(MarrowGuidanceEvaluation) early = fixture_evaluate_default (snapshot, 40);
  g_autofree char *json = marrow_guidance_evaluation_to_canonical_json (first);
  g_autofree char *again = marrow_guidance_evaluation_to_canonical_json (second);
  g_autofree char *too_early = marrow_guidance_evaluation_to_canonical_json (early);
  g_autofree char *oarsi = NULL;

  g_assert_true (g_str_has_prefix (json,
                                   "{\"case\":\"00000000-0000-4000-8000-000000000002\","
                                   "\"as_of\":\"2024-07-15\",\"protocol\":{\"id\":\"knee\",\"version\":\"1\"},"
                                   "\"classification\":\"RESPONDER\",\"durability\":\"STABLE\","
                                   "\"recommendation\":\"MONITOR\",\"flags\":[],"));
  /* every statement with its code and numbers, in the evaluation's order */
  oarsi = g_strdup_printf ("{\"code\":\"%s\",\"num\":[",
                           marrow_guidance_statement_code_to_string (MARROW_GUIDANCE_STMT_OARSI_HIGH));
  g_assert_nonnull (strstr (json, oarsi));
  g_assert_nonnull (strstr (json, "\"domains\":[{\"domain\":\"pain\",\"instrument\":\"KOOS\","
                                  "\"score\":\"pain\",\"baseline\":45,\"baseline_day\":\"2024-01-08\","
                                  "\"current\":75,\"current_day\":\"2024-07-15\""));
  g_assert_true (g_str_has_suffix (json, "}]}"));
  /* deterministic */
  g_assert_cmpstr (json, ==, again);

  g_assert_nonnull (strstr (too_early, "\"classification\":\"TOO_EARLY\",\"durability\":null,"));
  g_assert_nonnull (strstr (too_early, "{\"code\":\"TOO_EARLY\",\"num\":["));
}

/* ---- the store ----------------------------------------------------------- */

typedef struct
{
  char         *dir;
  MarrowStore  *store;
  GPtrArray    *chain;
  MarrowRecord *jcase;   /* in chain */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const tables[] = { "staff", "patient", "joint_case" };
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-decision-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "decisions.db", NULL);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);

  fixture->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < fixture->chain->len; i++)
    if (g_strv_contains (tables, marrow_record_get_entity_name (fixture->chain->pdata[i])))
      marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);
  fixture->jcase = marrow_test_sample_find (fixture->chain, "joint_case");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

typedef struct
{
  const char *record_id;
  guint       n_rows;
  guint       n_creates;
  char       *after_json;
} AuditSearch;

static gboolean
find_audit_row (const MarrowAuditRow  *row,
                gpointer               user_data,
                GError               **error)
{
  AuditSearch *search = user_data;

  search->n_rows++;
  if (g_strcmp0 (row->record_id, search->record_id) == 0 && g_strcmp0 (row->action, "create") == 0)
    {
      g_assert_cmpstr (row->table_name, ==, "guidance_decision");
      g_assert_null (row->before_json);
      search->n_creates++;
      g_free (search->after_json);
      search->after_json = g_strdup (row->after_json);
    }
  return TRUE;
}

static guint
count_audit_rows (MarrowStore *store)
{
  AuditSearch search = { NULL, 0, 0, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_foreach_audit (store, find_audit_row, &search, &error));
  g_assert_no_error (error);
  return search.n_rows;
}

static MarrowRecord *
decide (Fixture                  *fixture,
        MarrowGuidanceEvaluation *evaluation,
        MarrowGuidanceSnapshot   *snapshot,
        const char               *decision,
        const char               *reason,
        const char               *action,
        int                       minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 2, 1, 9, minute, 0);
  g_autoptr(GError) error = NULL;
  MarrowRecord *record = marrow_guidance_decision_record (fixture->store, evaluation, snapshot,
                                                          decision, reason, action, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
test_store (Fixture       *fixture,
            gconstpointer  data)
{
  const char *case_id = marrow_record_get_id (fixture->jcase);
  g_autoptr(MarrowGuidanceSnapshot) snapshot = responder_snapshot (case_id);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = fixture_evaluate_default (snapshot, 182);
  g_autoptr(MarrowRecord) accepted = NULL;
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(MarrowRecord) overridden = NULL;
  g_autoptr(MarrowRecord) latest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *inputs = marrow_guidance_snapshot_to_canonical_json (snapshot);
  g_autofree char *concluded = marrow_guidance_evaluation_to_canonical_json (evaluation);
  g_autofree char *canonical = NULL;
  AuditSearch search = { NULL, 0, 0, NULL };
  MarrowDay as_of = marrow_guidance_evaluation_get_as_of (evaluation);

  /* No decision yet */
  latest = marrow_guidance_decision_find_latest (fixture->store, case_id, as_of, &error);
  g_assert_no_error (error);
  g_assert_null (latest);

  accepted = decide (fixture, evaluation, snapshot, MARROW_GUIDANCE_DECISION_ACCEPT, "", NULL, 0);
  stored = marrow_store_lookup (fixture->store, &marrow_entity_guidance_decision,
                               marrow_record_get_id (accepted), &error);
  g_assert_no_error (error);
  g_assert_true (marrow_record_equal (stored, accepted));
  g_assert_cmpstr (marrow_record_get_text (stored, "joint_case_id"), ==, case_id);
  g_assert_cmpstr (marrow_record_get_text (stored, "as_of"), ==, "2024-07-15");
  g_assert_cmpstr (marrow_record_get_text (stored, "decision"), ==, "accept");
  g_assert_true (marrow_record_is_null (stored, "reason"));
  g_assert_cmpstr (marrow_record_get_text (stored, "recommendation"), ==, "MONITOR");
  g_assert_cmpstr (marrow_record_get_text (stored, "classification"), ==, "RESPONDER");
  g_assert_true (marrow_record_is_null (stored, "chosen_action"));
  g_assert_cmpstr (marrow_record_get_text (stored, "protocol_id"), ==, "knee");
  g_assert_cmpstr (marrow_record_get_text (stored, "protocol_version"), ==, "1");
  g_assert_cmpstr (marrow_record_get_text (stored, "inputs_json"), ==, inputs);
  g_assert_cmpstr (marrow_record_get_text (stored, "evaluation_json"), ==, concluded);
  g_assert_cmpstr (marrow_record_get_text (stored, "decided_by"), ==,
                   marrow_store_get_staff_id (fixture->store));
  g_assert_cmpstr (marrow_record_get_text (stored, "decided_at"), ==, "2026-02-01T09:00:00.000Z");

  /* One create row in the audit trail holds the stored row */
  search.record_id = marrow_record_get_id (accepted);
  g_assert_true (marrow_store_foreach_audit (fixture->store, find_audit_row, &search, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search.n_creates, ==, 1);
  canonical = marrow_record_to_canonical_json (stored);
  g_assert_cmpstr (search.after_json, ==, canonical);
  g_free (search.after_json);

  latest = marrow_guidance_decision_find_latest (fixture->store, case_id, as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_id (latest), ==, marrow_record_get_id (accepted));
  g_clear_object (&latest);

  /* A later override stands; voiding it brings the acceptance back */
  overridden = decide (fixture, evaluation, snapshot, MARROW_GUIDANCE_DECISION_OVERRIDE,
                       "Patient asks for a repeat before a long stay abroad", "CONSIDER_REPEAT", 5);
  g_assert_cmpstr (marrow_record_get_text (overridden, "chosen_action"), ==, "CONSIDER_REPEAT");
  latest = marrow_guidance_decision_find_latest (fixture->store, case_id, as_of, &error);
  g_assert_cmpstr (marrow_record_get_id (latest), ==, marrow_record_get_id (overridden));
  g_clear_object (&latest);

  g_assert_true (marrow_store_void (fixture->store, overridden, "Recorded on the wrong case", &error));
  g_assert_no_error (error);
  latest = marrow_guidance_decision_find_latest (fixture->store, case_id, as_of, &error);
  g_assert_cmpstr (marrow_record_get_id (latest), ==, marrow_record_get_id (accepted));
  g_clear_object (&latest);

  /* Another evaluation day has no decision */
  latest = marrow_guidance_decision_find_latest (fixture->store, case_id, as_of + 1, &error);
  g_assert_no_error (error);
  g_assert_null (latest);
}

/* A refused decision writes nothing: no record, no audit row */
static void
test_store_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *case_id = marrow_record_get_id (fixture->jcase);
  g_autoptr(MarrowGuidanceSnapshot) snapshot = responder_snapshot (case_id);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = fixture_evaluate_default (snapshot, 182);
  guint n_audit = count_audit_rows (fixture->store);
  static const struct
  {
    const char *decision;
    const char *reason;
    const char *action;
    const char *field;
  } refusals[] = {
    { MARROW_GUIDANCE_DECISION_OVERRIDE, NULL, NULL, "reason" },
    { MARROW_GUIDANCE_DECISION_OVERRIDE, "   ", "CONSIDER_REPEAT", "reason" },
    { MARROW_GUIDANCE_DECISION_OVERRIDE, "Booster", "BOOSTER", "chosen_action" },
    { MARROW_GUIDANCE_DECISION_ACCEPT, NULL, "CONSIDER_REPEAT", "chosen_action" },
    { "maybe", "Unsure", NULL, "decision" },
  };
  gint64 n = -1;

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MarrowRecord) record = NULL;

      record = marrow_guidance_decision_record (fixture->store, evaluation, snapshot,
                                                refusals[i].decision, refusals[i].reason,
                                                refusals[i].action, NULL, &error);
      g_assert_null (record);
      g_assert_error (error, MARROW_VALIDATION_ERROR, error->code);
      g_assert_cmpstr (marrow_validation_error_get_field (error), ==, refusals[i].field);
    }
  g_assert_cmpuint (count_audit_rows (fixture->store), ==, n_audit);
  g_assert_true (marrow_store_count (fixture->store, &marrow_entity_guidance_decision, TRUE, &n, NULL));
  g_assert_cmpint (n, ==, 0);

  /* No decision on a case entered in error */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MarrowRecord) record = NULL;

    g_assert_true (marrow_store_void (fixture->store, fixture->jcase, "Wrong knee", &error));
    g_assert_no_error (error);
    record = marrow_guidance_decision_record (fixture->store, evaluation, snapshot,
                                              MARROW_GUIDANCE_DECISION_ACCEPT, NULL, NULL, NULL,
                                              &error);
    g_assert_null (record);
    g_assert_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guidance-decision/codes", test_codes);
  g_test_add_func ("/guidance-decision/rules", test_rules);
  g_test_add_func ("/guidance-decision/json-size", test_json_size);
  g_test_add_func ("/guidance-decision/snapshot-json", test_snapshot_json);
  g_test_add_func ("/guidance-decision/evaluation-json", test_evaluation_json);
  g_test_add ("/guidance-decision/store", Fixture, NULL, fixture_setup, test_store,
              fixture_teardown);
  g_test_add ("/guidance-decision/store-refused", Fixture, NULL, fixture_setup,
              test_store_refused, fixture_teardown);

  return g_test_run ();
}
