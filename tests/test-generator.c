/* test-generator.c: the fictional demo practice and synthetic data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 4, point 6: the demo practice has at least 40 patients and 60 joint
 * cases over knee, hip, shoulder and ankle on both sides, bone-marrow and
 * adipose harvests, processing with cell counts and QC, allogeneic lots,
 * frozen aliquots used for boosters, injections with doses, adverse events
 * and 3–8 visits per case whose scores show responders, non-responders,
 * waning benefit and cases too early to judge; the store's check finds
 * nothing wrong; the same seed gives the same practice; synthetic data of
 * any size has the same shape; cancelling stops between whole patients.
 *
 * `test-generator -m perf` measures records per second for
 * MARROW_GENERATOR_PATIENTS synthetic patients (default 1000).
 */
#define G_LOG_DOMAIN "test-generator"

#include "config.h"

#include <string.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-generator.h"
#include "marrow-store.h"
#include "marrow-test-util.h"
#include "marrow-time.h"

/* A fixed end of history, in the past, so that runs can be compared */
#define TODAY "2026-06-30T12:00:00Z"

typedef struct
{
  char        *dir;
  MarrowStore *store;
} Fixture;

static MarrowStore *
open_store (const char *dir,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  MarrowStore *store = marrow_store_open (path, TRUE, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-generator-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = open_store (fixture->dir, "marrow.db");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static GDateTime *
today (void)
{
  return g_date_time_new_from_iso8601 (TODAY, NULL);
}

static void
generate (MarrowStore *store,
          gboolean     demo,
          guint        n_patients,
          guint32      seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = today ();
  MarrowGeneratorOptions options = { n_patients, seed, demo, day };

  g_assert_true (marrow_generate_practice (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GPtrArray *
find_all (MarrowStore           *store,
          const MarrowEntityDef *entity,
          const char            *field,
          const char            *value)
{
  g_autoptr(GError) error = NULL;
  MarrowListQuery query = { .filter_field = field, .filter_value = value };
  GPtrArray *records = marrow_store_find (store, entity, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

static gint64
count (MarrowStore           *store,
       const MarrowEntityDef *entity)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (marrow_store_count (store, entity, TRUE, &n, &error));
  g_assert_no_error (error);
  return n;
}

static guint
count_where (GPtrArray  *records,
             const char *field,
             const char *value)
{
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    n += g_strcmp0 (marrow_record_get_text (records->pdata[i], field), value) == 0;
  return n;
}

static void
assert_check_clean (MarrowStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = marrow_store_check (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", ((MarrowProblem *)problems->pdata[i])->kind,
                    ((MarrowProblem *)problems->pdata[i])->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Trajectories, judged from the stored scores                              */

typedef enum
{
  CLASS_RESPONDER,
  CLASS_NON_RESPONDER,
  CLASS_WANING,
  CLASS_TOO_EARLY,
  CLASS_OTHER,
  N_CLASSES,
} TrajectoryClass;

static const char * const class_names[N_CLASSES] = {
  "responder", "non-responder", "waning", "too early", "other",
};

/* The MCID of the case's main score (prom-scoring.md, guidance-evidence.md §3.2) */
static double
mcid (const char *instrument)
{
  if (g_strcmp0 (instrument, "OSS") == 0)
    return 6;
  if (g_strcmp0 (instrument, "ASES") == 0)
    return 12;
  if (g_strcmp0 (instrument, "PAIN_VAS") == 0)
    return 19.9;
  return 10;   /* KOOS, HOOS */
}

static int
compare_completed (gconstpointer a,
                   gconstpointer b)
{
  MarrowRecord *ra = *(MarrowRecord **)a;
  MarrowRecord *rb = *(MarrowRecord **)b;

  return g_strcmp0 (marrow_record_get_text (ra, "completed_at"),
                    marrow_record_get_text (rb, "completed_at"));
}

/* The main score of the primary instrument ("pain" where there is one),
 * turned so that a higher number is better */
static double
main_score (MarrowStore  *store,
            MarrowRecord *assessment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowScores) scores = marrow_store_score_assessment (store, assessment, &error);
  const MarrowScoreValue *value;

  g_assert_no_error (error);
  value = marrow_scores_find_value (scores, "pain");
  if (value == NULL)
    value = marrow_scores_get_value (scores, 0);
  g_assert_true (value->scorable);
  return value->definition->higher_is_better ? value->value : -value->value;
}

/* The assessments of the case's primary instrument (one per visit) in
 * time order, added to @primary when it is not %NULL */
static guint
primary_visits (MarrowStore  *store,
                MarrowRecord *joint_case,
                GPtrArray    *primary)
{
  const char *instrument = marrow_record_get_text (joint_case, "primary_instrument");
  g_autoptr(GPtrArray) all = find_all (store, &marrow_entity_assessment, "joint_case_id",
                                       marrow_record_get_id (joint_case));
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (marrow_record_get_text (all->pdata[i], "instrument_code"), instrument) == 0)
      {
        n++;
        if (primary != NULL)
          g_ptr_array_add (primary, g_object_ref (all->pdata[i]));
      }
  if (primary != NULL)
    g_ptr_array_sort (primary, compare_completed);
  return n;
}

static TrajectoryClass
classify (MarrowStore  *store,
          MarrowRecord *joint_case,
          guint        *n_visits)
{
  const char *instrument = marrow_record_get_text (joint_case, "primary_instrument");
  g_autoptr(GPtrArray) injections = find_all (store, &marrow_entity_injection, "joint_case_id",
                                              marrow_record_get_id (joint_case));
  g_autoptr(GPtrArray) primary = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = today ();
  g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *first_day = NULL;
  g_autofree char *last_day = NULL;
  double threshold = mcid (instrument);
  double baseline, best = -G_MAXDOUBLE, last, previous;
  guint n;

  n = *n_visits = primary_visits (store, joint_case, primary);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpuint (injections->len, >=, 1);

  for (guint i = 0; i < injections->len; i++)
    {
      const char *at = marrow_record_get_text (injections->pdata[i], "performed_at");

      if (first_day == NULL || strncmp (at, first_day, 10) < 0)
        {
          g_free (first_day);
          first_day = g_strndup (at, 10);
        }
      if (last_day == NULL || strncmp (at, last_day, 10) > 0)
        {
          g_free (last_day);
          last_day = g_strndup (at, 10);
        }
    }

  /* Guidance G2: fewer than 84 days since the last cell injection */
  if (marrow_days_between (last_day, today_text) < 84)
    return CLASS_TOO_EARLY;

  baseline = main_score (store, primary->pdata[0]);
  for (guint i = 1; i < n; i++)
    best = MAX (best, main_score (store, primary->pdata[i]) - baseline);
  last = main_score (store, primary->pdata[n - 1]) - baseline;
  previous = main_score (store, primary->pdata[n - 2]) - baseline;

  /* Guidance G4: lost at least the MCID from the best, on two visits */
  if (best >= threshold && best - last >= threshold && best - previous >= threshold)
    return CLASS_WANING;
  /* Improved by at least the MCID and kept it */
  if (last >= threshold && best - last < threshold)
    return CLASS_RESPONDER;
  /* Guidance G3: nothing meaningful at 150 days or later */
  if (best < threshold && marrow_days_between (first_day, today_text) >= 150)
    return CLASS_NON_RESPONDER;
  return CLASS_OTHER;
}

/* ------------------------------------------------------------------------ */
/* Determinism                                                              */

static GPtrArray *
all_records (MarrowStore           *store,
             const MarrowEntityDef *entity)
{
  g_autoptr(GError) error = NULL;
  MarrowListQuery query = { .include_voided = TRUE };
  GPtrArray *records = marrow_store_find (store, entity, &query, &error);
  const char *acting = marrow_store_get_staff_id (store);

  g_assert_no_error (error);
  /* The staff row of the user who ran the generator is the store's own */
  for (guint i = records->len; i > 0; i--)
    if (g_strcmp0 (marrow_record_get_id (records->pdata[i - 1]), acting) == 0)
      g_ptr_array_remove_index (records, i - 1);
  return records;
}

/* Every record of every table is the same in both stores, ids included;
 * only what the stores add themselves may differ (created and updated
 * times, and the id of the user who ran the generator) */
static void
assert_same_practice (MarrowStore *a,
                      MarrowStore *b)
{
  const char *acting_a = marrow_store_get_staff_id (a);
  const char *acting_b = marrow_store_get_staff_id (b);
  const MarrowEntityDef * const *entities;
  guint n_entities;
  guint64 n_compared = 0;

  entities = marrow_entity_all (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      const MarrowEntityDef *entity = entities[e];
      g_autoptr(GPtrArray) ra = all_records (a, entity);
      g_autoptr(GPtrArray) rb = all_records (b, entity);

      g_assert_cmpuint (ra->len, ==, rb->len);
      for (guint r = 0; r < ra->len; r++)
        {
          MarrowRecord *x = ra->pdata[r];
          MarrowRecord *y = rb->pdata[r];

          g_assert_cmpstr (marrow_record_get_id (x), ==, marrow_record_get_id (y));
          g_assert_cmpint (marrow_record_get_row_version (x), ==,
                           marrow_record_get_row_version (y));
          g_assert_cmpstr (marrow_record_get_record_status (x), ==,
                           marrow_record_get_record_status (y));
          for (guint f = 0; f < entity->n_fields; f++)
            {
              const MarrowFieldDef *def = &entity->fields[f];
              const char *tx, *ty;

              g_assert_cmpint (marrow_record_is_null_at (x, f), ==,
                               marrow_record_is_null_at (y, f));
              if (marrow_record_is_null_at (x, f))
                continue;
              switch (def->kind)
                {
                case MARROW_FIELD_INT:
                case MARROW_FIELD_BOOL:
                  g_assert_cmpint (marrow_record_get_int_at (x, f), ==,
                                   marrow_record_get_int_at (y, f));
                  break;
                case MARROW_FIELD_REAL:
                  g_assert_cmpfloat (marrow_record_get_real_at (x, f), ==,
                                     marrow_record_get_real_at (y, f));
                  break;
                default:
                  tx = marrow_record_get_text_at (x, f);
                  ty = marrow_record_get_text_at (y, f);
                  if (acting_a != NULL && g_strcmp0 (tx, acting_a) == 0)
                    tx = "(acting user)";
                  if (acting_b != NULL && g_strcmp0 (ty, acting_b) == 0)
                    ty = "(acting user)";
                  if (g_strcmp0 (tx, ty) != 0)
                    g_test_message ("%s %s: %s differs", entity->name,
                                    marrow_record_get_id (x), def->name);
                  g_assert_cmpstr (tx, ==, ty);
                  break;
                }
            }
          n_compared++;
        }
    }
  g_assert_cmpuint (n_compared, >, 1000);
}

/* ------------------------------------------------------------------------ */
/* The demo practice                                                        */

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  MarrowStore *store = fixture->store;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) harvests = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GPtrArray) injections = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GHashTable) lot_of_aliquot = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cryopreserved = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) boosters = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) aliquots = NULL;
  static const char * const sites[] = { "knee", "hip", "shoulder_gh", "ankle" };
  guint classes[N_CLASSES] = { 0 };
  guint counted_runs = 0, frozen_boosters = 0, dosed = 0, kl_grades = 0;

  generate (store, TRUE, 0, 1);
  assert_check_clean (store);

  /* The same seed gives the same practice, ids included */
  {
    g_autoptr(MarrowStore) again = open_store (fixture->dir, "again.db");

    generate (again, TRUE, 0, 1);
    assert_same_practice (store, again);
  }

  patients = find_all (store, &marrow_entity_patient, NULL, NULL);
  cases = find_all (store, &marrow_entity_joint_case, NULL, NULL);
  g_assert_cmpuint (patients->len, >=, 40);
  g_assert_cmpuint (cases->len, >=, 60);

  /* Obviously fictional */
  for (guint i = 0; i < patients->len; i++)
    {
      g_assert_true (g_str_has_prefix (marrow_record_get_text (patients->pdata[i], "local_id"),
                                       "DEMO-"));
      g_assert_nonnull (strstr (marrow_record_get_text (patients->pdata[i], "note"), "Fictional"));
    }

  /* Every joint, both sides; several diagnoses and KL grades */
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    {
      guint left = 0, right = 0;

      for (guint i = 0; i < cases->len; i++)
        if (g_strcmp0 (marrow_record_get_text (cases->pdata[i], "site"), sites[s]) == 0)
          {
            left += g_strcmp0 (marrow_record_get_text (cases->pdata[i], "side"), "left") == 0;
            right += g_strcmp0 (marrow_record_get_text (cases->pdata[i], "side"), "right") == 0;
          }
      g_test_message ("%s: %u left, %u right", sites[s], left, right);
      g_assert_cmpuint (left, >=, 1);
      g_assert_cmpuint (right, >=, 1);
    }
  for (int kl = 0; kl <= 4; kl++)
    for (guint i = 0; i < cases->len; i++)
      if (!marrow_record_is_null (cases->pdata[i], "kl_grade") &&
          marrow_record_get_int (cases->pdata[i], "kl_grade") == kl)
        {
          kl_grades++;
          break;
        }
  g_assert_cmpuint (kl_grades, >=, 4);
  {
    g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < cases->len; i++)
      g_hash_table_add (codes,
                        (gpointer)marrow_record_get_text (cases->pdata[i], "diagnosis_code"));
    g_assert_cmpuint (g_hash_table_size (codes), >=, 8);
  }
  g_assert_cmpuint (count_where (cases, "status", "converted_to_surgery"), >=, 1);

  /* Bone-marrow and adipose harvests, runs with cell counts, QC */
  harvests = find_all (store, &marrow_entity_harvest, NULL, NULL);
  g_assert_cmpuint (count_where (harvests, "tissue", "bone_marrow"), >=, 1);
  g_assert_cmpuint (count_where (harvests, "tissue", "adipose"), >=, 1);
  runs = find_all (store, &marrow_entity_processing_run, NULL, NULL);
  for (guint i = 0; i < runs->len; i++)
    counted_runs += !marrow_record_is_null (runs->pdata[i], "tnc_post_cells");
  g_assert_cmpuint (counted_runs, >=, 10);
  g_assert_cmpint (count (store, &marrow_entity_qc_test), >=, 3 * runs->len);

  /* Allogeneic lots; frozen aliquots given as boosters */
  lots = find_all (store, &marrow_entity_product_lot, NULL, NULL);
  g_assert_cmpuint (count_where (lots, "origin", "allogeneic_unrelated"), >=, 1);
  g_assert_cmpuint (count_where (lots, "release_status", "rejected"), >=, 1);
  for (guint i = 0; i < lots->len; i++)
    if (g_strcmp0 (marrow_record_get_text (lots->pdata[i], "storage"), "cryopreserved") == 0)
      g_hash_table_add (cryopreserved, (gpointer)marrow_record_get_id (lots->pdata[i]));
  g_assert_cmpuint (g_hash_table_size (cryopreserved), >=, 2);

  aliquots = find_all (store, &marrow_entity_product_aliquot, NULL, NULL);
  for (guint i = 0; i < aliquots->len; i++)
    g_hash_table_insert (lot_of_aliquot, (gpointer)marrow_record_get_id (aliquots->pdata[i]),
                         (gpointer)marrow_record_get_text (aliquots->pdata[i], "lot_id"));
  g_assert_cmpuint (count_where (aliquots, "status", "administered"), >=, 60);
  g_assert_cmpuint (count_where (aliquots, "status", "discarded"), >=, 1);

  injections = find_all (store, &marrow_entity_injection, NULL, NULL);
  for (guint i = 0; i < injections->len; i++)
    {
      MarrowRecord *injection = injections->pdata[i];

      if (marrow_record_get_bool (injection, "is_booster"))
        g_hash_table_add (boosters, (gpointer)marrow_record_get_id (injection));
      dosed += !marrow_record_is_null (injection, "viable_injected_cells") &&
               !marrow_record_is_null (injection, "viable_cells_per_kg");
    }
  g_assert_cmpuint (injections->len, >=, cases->len);
  g_assert_cmpuint (dosed, >=, injections->len / 2);
  g_assert_cmpuint (g_hash_table_size (boosters), >=, 5);

  products = find_all (store, &marrow_entity_injection_product, NULL, NULL);
  for (guint i = 0; i < products->len; i++)
    {
      MarrowRecord *product = products->pdata[i];
      const char *lot = g_hash_table_lookup (lot_of_aliquot,
                                             marrow_record_get_text (product, "aliquot_id"));

      if (g_hash_table_contains (boosters, marrow_record_get_text (product, "injection_id")) &&
          lot != NULL && g_hash_table_contains (cryopreserved, lot))
        frozen_boosters++;
    }
  g_assert_cmpuint (frozen_boosters, >=, 3);

  /* Adverse events, some of them still open; acknowledged soft limits */
  g_assert_cmpint (count (store, &marrow_entity_adverse_event), >=, 5);
  g_assert_cmpint (count (store, &marrow_entity_limit_ack), >=, 1);

  /* 3–8 visits per case, and the four trajectories the guidance tells apart */
  for (guint i = 0; i < cases->len; i++)
    {
      guint n_visits = 0;
      TrajectoryClass class = classify (store, cases->pdata[i], &n_visits);

      g_assert_cmpuint (n_visits, >=, 3);
      g_assert_cmpuint (n_visits, <=, 8);
      classes[class]++;
    }
  for (guint c = 0; c < N_CLASSES; c++)
    g_test_message ("%s: %u cases", class_names[c], classes[c]);
  g_assert_cmpuint (classes[CLASS_RESPONDER], >=, 10);
  g_assert_cmpuint (classes[CLASS_NON_RESPONDER], >=, 5);
  g_assert_cmpuint (classes[CLASS_WANING], >=, 4);
  g_assert_cmpuint (classes[CLASS_TOO_EARLY], >=, 5);
}

/* ------------------------------------------------------------------------ */
/* Synthetic data                                                           */

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MarrowStore) again = open_store (fixture->dir, "again.db");
  g_autoptr(MarrowStore) other = open_store (fixture->dir, "other.db");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) third = NULL;
  guint same = 0;

  generate (fixture->store, FALSE, 12, 42);
  generate (again, FALSE, 12, 42);
  generate (other, FALSE, 12, 43);
  assert_same_practice (fixture->store, again);

  /* Another seed: another practice */
  first = find_all (fixture->store, &marrow_entity_patient, NULL, NULL);
  third = find_all (other, &marrow_entity_patient, NULL, NULL);
  g_assert_cmpuint (first->len, ==, third->len);
  for (guint i = 0; i < first->len; i++)
    same += g_strcmp0 (marrow_record_get_id (first->pdata[i]),
                       marrow_record_get_id (third->pdata[i])) == 0;
  g_assert_cmpuint (same, ==, 0);
}

typedef struct
{
  guint         calls;
  guint64       done;
  guint64       total;
  GCancellable *cancel;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >=, progress->done);
  progress->calls++;
  progress->done = done;
  progress->total = total;
  if (progress->cancel != NULL)
    g_cancellable_cancel (progress->cancel);
}

static void
test_synthetic (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = today ();
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  MarrowGeneratorOptions options = { 50, 7, FALSE, day };
  Progress progress = { 0 };
  static const char * const counted[] = {
    "patient_weight", "harvest", "processing_run", "product_lot", "qc_test", "product_aliquot",
    "injection", "injection_product", "assessment", "assessment_item",
  };

  g_assert_true (marrow_generate_practice (fixture->store, &options, on_progress, &progress,
                                           NULL, &error));
  g_assert_no_error (error);
  assert_check_clean (fixture->store);

  patients = find_all (fixture->store, &marrow_entity_patient, NULL, NULL);
  cases = find_all (fixture->store, &marrow_entity_joint_case, NULL, NULL);
  g_assert_cmpuint (patients->len, ==, 50);
  g_assert_cmpuint (cases->len, >=, 50);
  for (guint i = 0; i < patients->len; i++)
    g_assert_true (g_str_has_prefix (marrow_record_get_text (patients->pdata[i], "local_id"),
                                     "SYN-"));
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    g_assert_cmpint (count (fixture->store, marrow_entity_lookup (counted[i])), >, 0);
  for (guint i = 0; i < cases->len; i++)
    {
      guint n_visits = primary_visits (fixture->store, cases->pdata[i], NULL);

      g_assert_cmpuint (n_visits, >=, 3);
      g_assert_cmpuint (n_visits, <=, 8);
    }

  /* The last report is the whole */
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpuint (progress.done, ==, progress.total);
  g_assert_cmpuint (progress.done, >, 50 * 50);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = today ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MarrowGeneratorOptions options = { 400, 3, FALSE, day };
  Progress progress = { .cancel = cancellable };
  gint64 n;

  /* Cancelled after the first saved batch */
  g_assert_false (marrow_generate_practice (fixture->store, &options, on_progress, &progress,
                                            cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  n = count (fixture->store, &marrow_entity_patient);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, 400);
  assert_check_clean (fixture->store);
}

static void
test_cancelled_before (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = today ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MarrowGeneratorOptions options = { 10, 3, FALSE, day };

  g_cancellable_cancel (cancellable);
  g_assert_false (marrow_generate_practice (fixture->store, &options, NULL, NULL, cancellable,
                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing was written, not even the staff */
  g_assert_cmpint (count (fixture->store, &marrow_entity_patient), ==, 0);
  g_assert_cmpint (count (fixture->store, &marrow_entity_staff), ==, 0);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) future = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (future, 2);
  g_autoptr(GDateTime) day = today ();
  MarrowGeneratorOptions options = { 5, 3, FALSE, later };

  /* The store refuses records dated after its clock */
  g_assert_false (marrow_generate_practice (fixture->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (count (fixture->store, &marrow_entity_patient), ==, 0);

  /* Only into an empty database */
  options.today = day;
  g_assert_true (marrow_generate_practice (fixture->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (marrow_generate_practice (fixture->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED);
  g_assert_cmpint (count (fixture->store, &marrow_entity_patient), ==, 5);
}

/* ------------------------------------------------------------------------ */
/* Speed (-m perf)                                                          */

static void
test_speed (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("MARROW_GENERATOR_PATIENTS");
  guint n = env != NULL ? (guint)g_ascii_strtoull (env, NULL, 10) : 1000;
  MarrowGeneratorOptions options = { MAX (n, 1), 11, FALSE, NULL };
  Progress progress = { 0 };
  gint64 start;
  double seconds;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  start = g_get_monotonic_time ();
  g_assert_true (marrow_generate_practice (fixture->store, &options, on_progress, &progress,
                                           NULL, &error));
  g_assert_no_error (error);
  seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_test_minimized_result (seconds, "%u patients, %" G_GUINT64_FORMAT " records in %.2f s: "
                           "%.0f records/s, %.1f records per patient",
                           options.n_patients, progress.done, seconds, progress.done / seconds,
                           (double)progress.done / options.n_patients);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/generator/demo", Fixture, NULL, fixture_set_up, test_demo, fixture_tear_down);
  g_test_add ("/generator/synthetic/deterministic", Fixture, NULL, fixture_set_up,
              test_deterministic, fixture_tear_down);
  g_test_add ("/generator/synthetic/content", Fixture, NULL, fixture_set_up, test_synthetic,
              fixture_tear_down);
  g_test_add ("/generator/cancel/between-patients", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add ("/generator/cancel/before", Fixture, NULL, fixture_set_up, test_cancelled_before,
              fixture_tear_down);
  g_test_add ("/generator/refusals", Fixture, NULL, fixture_set_up, test_refusals,
              fixture_tear_down);
  g_test_add ("/generator/speed", Fixture, NULL, fixture_set_up, test_speed, fixture_tear_down);

  return g_test_run ();
}
