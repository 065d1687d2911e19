/* test-assessment.c: assessments in the store use the instrument definitions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 3, point 5: an assessment keeps its instrument id and version and the
 * raw answers; its scores come from the engine; answers that are not valid
 * for the instrument are refused, naming the item, and change nothing.
 */
#define G_LOG_DOMAIN "test-assessment"

#include "config.h"

#include <string.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-store.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"

typedef struct
{
  char                     *dir;
  MarrowStore              *store;
  MarrowInstrumentRegistry *registry;
  GPtrArray                *chain;        /* sample records, saved */
  MarrowRecord             *assessment;   /* the sample's KOOS assessment */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-assessment-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);

  fixture->registry = marrow_instrument_registry_new ();
  g_assert_true (marrow_instrument_registry_load_bundled (fixture->registry, &error));
  g_assert_no_error (error);
  marrow_store_set_instruments (fixture->store, fixture->registry);

  fixture->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < fixture->chain->len; i++)
    marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);

  fixture->assessment = marrow_test_sample_find (fixture->chain, "assessment");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->registry);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static gint64
count (Fixture               *fixture,
       const MarrowEntityDef *entity)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (marrow_store_count (fixture->store, entity, TRUE, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* A new assessment of @code on the sample's joint case, not yet saved */
static MarrowRecord *
new_assessment (Fixture    *fixture,
                const char *code)
{
  MarrowRecord *record = marrow_record_new (&marrow_entity_assessment);

  marrow_record_set_text (record, "joint_case_id",
                          marrow_record_get_text (fixture->assessment, "joint_case_id"));
  marrow_record_set_text (record, "entered_by",
                          marrow_record_get_text (fixture->assessment, "entered_by"));
  marrow_record_set_text (record, "mode", "tablet_in_clinic");
  marrow_record_set_text (record, "respondent", "patient");
  marrow_record_set_text (record, "completed_at", "2026-03-02T10:00:00.000Z");
  if (code != NULL)
    marrow_record_set_text (record, "instrument_code", code);
  return record;
}

static MarrowRecord *
new_item (MarrowRecord *assessment,
          const char   *item_code,
          double        value)
{
  MarrowRecord *item = marrow_record_new (&marrow_entity_assessment_item);

  marrow_record_set_text (item, "assessment_id", marrow_record_get_id (assessment));
  marrow_record_set_text (item, "item_code", item_code);
  marrow_record_set_real (item, "value_num", value);
  return item;
}

static MarrowInstrument *
instrument (Fixture    *fixture,
            const char *code)
{
  MarrowInstrument *found = marrow_instrument_registry_lookup (fixture->registry, code, NULL);

  g_assert_nonnull (found);
  return found;
}

/* Recording keeps id, version, rule version and every raw answer (missing
 * ones as NULL); scores read back equal the engine's on the same answers. */
static void
test_record_and_score (Fixture       *fixture,
                       gconstpointer  data)
{
  MarrowInstrument *koos = instrument (fixture, "KOOS");
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (koos);
  g_autoptr(MarrowRecord) record = new_assessment (fixture, NULL);
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(MarrowAnswers) loaded = NULL;
  g_autoptr(MarrowScores) direct = NULL;
  g_autoptr(MarrowScores) scores = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  MarrowListQuery query = { .filter_field = "assessment_id" };
  guint n_null = 0;

  /* Every item answered 1 except S1–S4 (symptoms: 3 of 7, not scorable) */
  for (guint i = 0; i < marrow_instrument_get_n_items (koos); i++)
    {
      const char *id = marrow_instrument_get_item (koos, i)->id;

      if (g_strv_contains ((const char *[]) { "S1", "S2", "S3", "S4", NULL }, id))
        continue;
      g_assert_true (marrow_answers_set (answers, id, 1, &error));
      g_assert_no_error (error);
    }

  g_assert_true (marrow_store_record_assessment (fixture->store, record, answers, &error));
  g_assert_no_error (error);

  stored = marrow_store_lookup (fixture->store, &marrow_entity_assessment,
                                marrow_record_get_id (record), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (stored, "instrument_code"), ==, "KOOS");
  g_assert_cmpstr (marrow_record_get_text (stored, "instrument_version"), ==, "LK1.0");
  g_assert_cmpstr (marrow_record_get_text (stored, "scoring_version"), ==, "2012");

  query.filter_value = marrow_record_get_id (record);
  items = marrow_store_find (fixture->store, &marrow_entity_assessment_item, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 42);
  for (guint i = 0; i < items->len; i++)
    n_null += marrow_record_is_null (items->pdata[i], "value_num") ? 1 : 0;
  g_assert_cmpuint (n_null, ==, 4);

  loaded = marrow_store_load_answers (fixture->store, stored, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marrow_answers_get_n_answered (loaded), ==, 38);

  scores = marrow_store_score_assessment (fixture->store, stored, &error);
  g_assert_no_error (error);
  direct = marrow_instrument_score (answers, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (marrow_scores_find_value (scores, "symptoms")->scorable);
  g_assert_true (marrow_scores_find_value (scores, "pain")->scorable);
  g_assert_cmpfloat_with_epsilon (marrow_scores_find_value (scores, "pain")->value, 75.0, 1e-9);
  for (guint i = 0; i < marrow_scores_get_n_values (direct); i++)
    {
      const MarrowScoreValue *a = marrow_scores_get_value (direct, i);
      const MarrowScoreValue *b = marrow_scores_get_value (scores, i);

      g_assert_cmpint (a->scorable, ==, b->scorable);
      g_assert_cmpfloat (a->value, ==, b->value);
    }
}

/* The 1998 rule recorded with the assessment is the rule it is scored by */
static void
test_legacy_scoring_version (Fixture       *fixture,
                             gconstpointer  data)
{
  MarrowInstrument *koos = instrument (fixture, "KOOS");
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (koos);
  g_autoptr(MarrowRecord) record = new_assessment (fixture, "KOOS");
  g_autoptr(MarrowScores) scores = NULL;
  g_autoptr(GError) error = NULL;

  /* Pain: 6 of 9 answered.  2012 needs 5 (scorable); 1998 allows 2 missing. */
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("P%u", i);

      g_assert_true (marrow_answers_set (answers, id, 2, &error));
    }
  marrow_record_set_text (record, "scoring_version", "1998");
  g_assert_true (marrow_store_record_assessment (fixture->store, record, answers, &error));
  g_assert_no_error (error);

  scores = marrow_store_score_assessment (fixture->store, record, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_scores_get_scoring_version (scores), ==, "1998");
  g_assert_false (marrow_scores_find_value (scores, "pain")->scorable);
}

typedef struct
{
  const char *item;
  double      value;
  int         code;
} BadAnswer;

static const BadAnswer bad_answers[] = {
  { "P1", 5, MARROW_INSTRUMENT_ERROR_VALUE },
  { "P1", -1, MARROW_INSTRUMENT_ERROR_VALUE },
  { "P1", 2.5, MARROW_INSTRUMENT_ERROR_NOT_WHOLE },
  { "P10", 1, MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM },
  { "level", 1, MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM },
};

/* A bad answer saved directly (as an import would) is refused, names the
 * item, and the whole change set is rolled back. */
static void
test_bad_item_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    {
      g_autoptr(MarrowRecord) record = new_assessment (fixture, "KOOS");
      g_autoptr(MarrowRecord) good = NULL;
      g_autoptr(MarrowRecord) bad = NULL;
      g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
      g_autoptr(GError) error = NULL;
      gint64 assessments = count (fixture, &marrow_entity_assessment);
      gint64 items = count (fixture, &marrow_entity_assessment_item);

      marrow_record_set_text (record, "instrument_version", "LK1.0");
      marrow_record_set_text (record, "scoring_version", "2012");
      good = new_item (record, "P2", 3);
      bad = new_item (record, bad_answers[i].item, bad_answers[i].value);
      marrow_change_set_add_insert (changes, record);
      marrow_change_set_add_insert (changes, good);
      marrow_change_set_add_insert (changes, bad);

      g_assert_false (marrow_store_apply (fixture->store, changes, &error));
      g_assert_error (error, MARROW_INSTRUMENT_ERROR, bad_answers[i].code);
      g_assert_cmpstr (marrow_instrument_error_get_item (error), ==, bad_answers[i].item);
      g_assert_nonnull (strstr (error->message, bad_answers[i].item));
      g_assert_cmpint (count (fixture, &marrow_entity_assessment), ==, assessments);
      g_assert_cmpint (count (fixture, &marrow_entity_assessment_item), ==, items);
    }
}

/* An item added later is checked against the stored assessment; text
 * answers are refused for numeric items. */
static void
test_item_checked_against_stored_parent (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(MarrowRecord) ok = new_item (fixture->assessment, "P2", 4);
  g_autoptr(MarrowRecord) bad = new_item (fixture->assessment, "P3", 9);
  g_autoptr(MarrowRecord) text = new_item (fixture->assessment, "P4", 1);
  g_autoptr(MarrowRecord) missing = marrow_record_new (&marrow_entity_assessment_item);
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_insert (fixture->store, ok, &error));
  g_assert_no_error (error);

  g_assert_false (marrow_store_insert (fixture->store, bad, &error));
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_VALUE);
  g_assert_cmpstr (marrow_instrument_error_get_item (error), ==, "P3");
  g_clear_error (&error);

  marrow_record_set_text (text, "value_text", "a lot");
  g_assert_false (marrow_store_insert (fixture->store, text, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_FORMAT);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "value_text");
  g_clear_error (&error);

  /* NULL is "missing": allowed, but only for an item the instrument has */
  marrow_record_set_text (missing, "assessment_id", marrow_record_get_id (fixture->assessment));
  marrow_record_set_text (missing, "item_code", "P5");
  g_assert_true (marrow_store_insert (fixture->store, missing, &error));
  g_assert_no_error (error);

  /* A wrong value is refused even in a draft: drafts may be incomplete,
   * never impossible */
  g_clear_object (&bad);
  bad = new_item (fixture->assessment, "P6", 7);
  marrow_record_set_record_status (bad, MARROW_STATUS_DRAFT);
  g_assert_false (marrow_store_insert (fixture->store, bad, &error));
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_VALUE);
}

typedef struct
{
  const char *field;
  const char *value;
} BadHeader;

static const BadHeader bad_headers[] = {
  { "instrument_code", "KOOZ" },
  { "instrument_version", "LK9.9" },
  { "scoring_version", "2031" },
};

static void
test_unknown_instrument_refused (Fixture       *fixture,
                                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_headers); i++)
    {
      g_autoptr(MarrowRecord) record = new_assessment (fixture, "KOOS");
      g_autoptr(GError) error = NULL;

      marrow_record_set_text (record, "instrument_version", "LK1.0");
      marrow_record_set_text (record, "scoring_version", "2012");
      marrow_record_set_text (record, bad_headers[i].field, bad_headers[i].value);

      g_assert_false (marrow_store_insert (fixture->store, record, &error));
      g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_ENUM);
      g_assert_cmpstr (marrow_validation_error_get_field (error), ==, bad_headers[i].field);
    }
}

/* The answers were checked against one instrument: it cannot change under them */
static void
test_instrument_immutable (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(MarrowRecord) copy = marrow_record_copy (fixture->assessment);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (copy, "instrument_code", "HOOS");
  marrow_record_set_text (copy, "instrument_version", "LK2.0");
  marrow_record_set_text (copy, "scoring_version", "2013");
  g_assert_false (marrow_store_update (fixture->store, copy, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "instrument_code");
  g_clear_error (&error);

  /* The rule version may change: legacy data is re-scored under its rule */
  g_clear_object (&copy);
  copy = marrow_record_copy (fixture->assessment);
  marrow_record_set_text (copy, "scoring_version", "1998");
  g_assert_true (marrow_store_update (fixture->store, copy, &error));
  g_assert_no_error (error);
}

static void
test_primary_instrument_known (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(MarrowRecord) jcase = marrow_record_copy (marrow_test_sample_find (fixture->chain,
                                                                              "joint_case"));
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (jcase, "primary_instrument", "NOT_AN_INSTRUMENT");
  g_assert_false (marrow_store_update (fixture->store, jcase, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_ENUM);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "primary_instrument");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/assessment/record-and-score", test_record_and_score);
  ADD ("/assessment/legacy-scoring-version", test_legacy_scoring_version);
  ADD ("/assessment/bad-item-refused", test_bad_item_refused);
  ADD ("/assessment/item-checked-against-stored-parent", test_item_checked_against_stored_parent);
  ADD ("/assessment/unknown-instrument-refused", test_unknown_instrument_refused);
  ADD ("/assessment/instrument-immutable", test_instrument_immutable);
  ADD ("/assessment/primary-instrument-known", test_primary_instrument_known);

#undef ADD

  return g_test_run ();
}
