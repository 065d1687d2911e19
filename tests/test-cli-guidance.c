/* test-cli-guidance.c: the worked scenarios through marrow-cli, on cases imported from an archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6's done criterion: S1-S8 of guidance-evidence.md are written into
 * a database with the store API (KOOS and HOOS as real item answers),
 * exported with "marrow-cli export", imported into a fresh database with
 * "marrow-cli import", and judged by "marrow-cli guidance".  The worklist
 * runs on the imported database too.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-store.h"
#include "marrow-test-util.h"

/* Day 0 of every scenario: the injection on 15 January 2024 */
#define DAY0_YEAR 2024

typedef struct
{
  char        *dir;
  MarrowStore *store;
  const char  *staff_id;
  char        *cases[9];   /* S1 … S8 */
} Fixture;

/* ---- building the practice ------------------------------------------- */

static char *
instant_of_day (int day)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (DAY0_YEAR, 1, 15, 9, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_days (base, day);

  return g_date_time_format (at, "%Y-%m-%dT%H:%M:%S.000Z");
}

static char *
date_of_day (int day)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (DAY0_YEAR, 1, 15, 9, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_days (base, day);

  return g_date_time_format (at, "%Y-%m-%d");
}

static void
insert (Fixture      *fixture,
        MarrowRecord *record)
{
  g_autoptr(GError) error = NULL;

  marrow_store_insert (fixture->store, record, &error);
  g_assert_no_error (error);
}

static MarrowRecord *
add_case (Fixture    *fixture,
          const char *local_id,
          const char *site)
{
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  MarrowRecord *jcase = marrow_record_new (&marrow_entity_joint_case);

  marrow_record_set_text (patient, "local_id", local_id);
  marrow_record_set_text (patient, "family_name", "Scenario");
  marrow_record_set_text (patient, "given_names", local_id);
  marrow_record_set_text (patient, "dob", "1960-05-05");
  marrow_record_set_text (patient, "sex", "female");
  marrow_record_set_text (patient, "phone", "+49 30 555 01");
  insert (fixture, patient);

  marrow_record_set_text (jcase, "patient_id", marrow_record_get_id (patient));
  marrow_record_set_text (jcase, "site", site);
  marrow_record_set_text (jcase, "side", "left");
  marrow_record_set_text (jcase, "diagnosis_code", "M17.12");
  marrow_record_set_text (jcase, "diagnosis_text", "Osteoarthritis");
  marrow_record_set_int (jcase, "kl_grade", 2);
  marrow_record_set_text (jcase, "primary_instrument", g_strcmp0 (site, "hip") == 0 ? "HOOS" : "KOOS");
  marrow_record_set_text (jcase, "status", "active");
  insert (fixture, jcase);
  return jcase;
}

/* An autologous lot, one administered aliquot and its injection */
static MarrowRecord *
add_injection (Fixture      *fixture,
               MarrowRecord *jcase,
               int           day,
               const char   *category,
               const char   *route,
               double        viable_cells,
               double        cells_per_kg)
{
  g_autoptr(MarrowRecord) harvest = marrow_record_new (&marrow_entity_harvest);
  g_autoptr(MarrowRecord) input = marrow_record_new (&marrow_entity_processing_input);
  g_autoptr(MarrowRecord) run = marrow_record_new (&marrow_entity_processing_run);
  g_autoptr(MarrowRecord) lot = marrow_record_new (&marrow_entity_product_lot);
  g_autoptr(MarrowRecord) aliquot = marrow_record_new (&marrow_entity_product_aliquot);
  g_autoptr(MarrowRecord) product = marrow_record_new (&marrow_entity_injection_product);
  g_autoptr(MarrowRecord) patient = NULL;
  MarrowRecord *injection = marrow_record_new (&marrow_entity_injection);
  g_autofree char *start = instant_of_day (day - 1);
  g_autofree char *at = instant_of_day (day);
  gboolean expanded = g_strcmp0 (category, "bmac") != 0;

  marrow_record_set_text (harvest, "patient_id", marrow_record_get_text (jcase, "patient_id"));
  marrow_record_set_text (harvest, "tissue", "bone_marrow");
  marrow_record_set_text (harvest, "anatomic_site", "psis");
  marrow_record_set_text (harvest, "harvest_side", "left");
  marrow_record_set_text (harvest, "anticoagulant", "heparin");
  marrow_record_set_real (harvest, "heparin_u_per_ml", 1000.0);
  marrow_record_set_real (harvest, "volume_collected_ml", 60.0);
  marrow_record_set_text (harvest, "started_at", start);
  marrow_record_set_text (harvest, "operator_id", fixture->staff_id);
  insert (fixture, harvest);

  marrow_record_set_text (run, "method", expanded ? "culture_expansion" : "density_gradient");
  marrow_record_set_text (run, "facility", "Point-of-care laboratory");
  marrow_record_set_text (run, "operator_id", fixture->staff_id);
  marrow_record_set_text (run, "started_at", start);
  marrow_record_set_text (run, "ended_at", start);
  insert (fixture, run);
  marrow_record_set_text (input, "processing_run_id", marrow_record_get_id (run));
  marrow_record_set_text (input, "harvest_id", marrow_record_get_id (harvest));
  insert (fixture, input);

  marrow_record_set_text (lot, "category", category);
  marrow_record_set_text (lot, "origin", "autologous");
  marrow_record_set_text (lot, "source_patient_id", marrow_record_get_text (jcase, "patient_id"));
  marrow_record_set_text (lot, "processing_run_id", marrow_record_get_id (run));
  marrow_record_set_text (lot, "storage", "fresh");
  marrow_record_set_text (lot, "expires_at", "2099-12-31T23:59:59.000Z");
  marrow_record_set_text (lot, "release_status", "released");
  marrow_record_set_text (lot, "release_basis", "all_tests_pass");
  marrow_record_set_text (lot, "released_by", fixture->staff_id);
  marrow_record_set_text (lot, "released_at", start);
  marrow_record_set_text (lot, "regulatory_pathway", expanded ? "ind_351" : "361_hctp");
  if (expanded)
    marrow_record_set_text (lot, "ind_number", "IND 000001");
  insert (fixture, lot);

  marrow_record_set_text (aliquot, "lot_id", marrow_record_get_id (lot));
  marrow_record_set_int (aliquot, "aliquot_no", 1);
  marrow_record_set_text (aliquot, "container", "syringe");
  marrow_record_set_real (aliquot, "volume_ml", 5.0);
  marrow_record_set_text (aliquot, "status", "administered");
  insert (fixture, aliquot);

  marrow_record_set_text (injection, "joint_case_id", marrow_record_get_id (jcase));
  marrow_record_set_text (injection, "performed_at", at);
  marrow_record_set_text (injection, "tz", "UTC");
  marrow_record_set_text (injection, "operator_id", fixture->staff_id);
  marrow_record_set_text (injection, "route", route);
  marrow_record_set_text (injection, "image_guidance", "ultrasound");
  marrow_record_set_text (injection, "immediate_reaction", "none");
  if (!isnan (viable_cells))
    marrow_record_set_int (injection, "viable_injected_cells", (gint64)viable_cells);
  if (!isnan (cells_per_kg))
    marrow_record_set_real (injection, "viable_cells_per_kg", cells_per_kg);
  insert (fixture, injection);

  marrow_record_set_text (product, "injection_id", marrow_record_get_id (injection));
  marrow_record_set_text (product, "aliquot_id", marrow_record_get_id (aliquot));
  marrow_record_set_real (product, "volume_injected_ml", 5.0);
  marrow_record_set_bool (product, "entire_unit_given", TRUE);
  insert (fixture, product);
  return injection;
}

/* Answers whose subscale score is @target (KOOS/HOOS: 100 - 25 × mean):
 * the fewest items, at least half, that reach it exactly */
static void
answer_subscale (MarrowAnswers *answers,
                 const char    *prefix,
                 guint          n_items,
                 double         target)
{
  for (guint n = (n_items + 1) / 2; n <= n_items; n++)
    {
      double sum = (100 - target) * n / 25;
      guint whole = (guint)(sum + 0.5);

      if (fabs (100 - 25.0 * whole / n - target) > 0.01 || whole > 4 * n)
        continue;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *item = g_strdup_printf ("%s%u", prefix, i + 1);
          guint value = whole / n + (i < whole % n ? 1 : 0);
          g_autoptr(GError) error = NULL;

          marrow_answers_set (answers, item, value, &error);
          g_assert_no_error (error);
        }
      return;
    }
  g_error ("%s score %g cannot be reached", prefix, target);
}

static void
add_assessment (Fixture      *fixture,
                MarrowRecord *jcase,
                int           day,
                const char   *instrument_id,
                double        pain,
                double        adl)
{
  g_autoptr(GError) error = NULL;
  MarrowInstrumentRegistry *registry = marrow_store_get_instruments (fixture->store, &error);
  MarrowInstrument *instrument = marrow_instrument_registry_lookup (registry, instrument_id, NULL);
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);
  g_autoptr(MarrowRecord) assessment = marrow_record_new (&marrow_entity_assessment);
  g_autofree char *at = instant_of_day (day);

  if (g_strcmp0 (instrument_id, "GLOBAL_VAS") == 0)
    {
      marrow_answers_set (answers, "global", pain, &error);
      g_assert_no_error (error);
    }
  else
    {
      if (!isnan (pain))
        answer_subscale (answers, "P", g_strcmp0 (instrument_id, "HOOS") == 0 ? 10 : 9, pain);
      if (!isnan (adl))
        answer_subscale (answers, "A", 17, adl);
    }
  marrow_record_set_text (assessment, "joint_case_id", marrow_record_get_id (jcase));
  marrow_record_set_text (assessment, "mode", "paper");
  marrow_record_set_text (assessment, "respondent", "patient");
  marrow_record_set_text (assessment, "completed_at", at);
  marrow_record_set_text (assessment, "entered_by", fixture->staff_id);
  marrow_store_record_assessment (fixture->store, assessment, answers, &error);
  g_assert_no_error (error);
}

static void
add_visit (Fixture      *fixture,
           MarrowRecord *jcase,
           int           day,
           double        pain,
           double        adl,
           double        global)
{
  add_assessment (fixture, jcase, day, g_strcmp0 (marrow_record_get_text (jcase, "site"), "hip") == 0
                                       ? "HOOS" : "KOOS", pain, adl);
  if (!isnan (global))
    add_assessment (fixture, jcase, day, "GLOBAL_VAS", global, NAN);
}

#define NONE NAN

static void
build_practice (Fixture *fixture)
{
  g_autoptr(MarrowRecord) staff = marrow_record_new (&marrow_entity_staff);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "practice.db", NULL);
  MarrowRecord *cases[9] = { NULL };

  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  marrow_record_set_text (staff, "login", "dr.guidance");
  marrow_record_set_text (staff, "display_name", "Dr. Guidance");
  marrow_record_set_text (staff, "profession", "physician");
  marrow_record_set_bool (staff, "can_sign_clinical", TRUE);
  marrow_record_set_bool (staff, "active", TRUE);
  insert (fixture, staff);
  fixture->staff_id = marrow_record_get_id (staff);

  /* S1: responder at 6 months, stable at 12 (pain 72.2: 9 items, sum 10) */
  cases[1] = add_case (fixture, "S1", "knee");
  g_object_unref (add_injection (fixture, cases[1], 0, "bmac", "intra_articular", NONE, NONE));
  add_visit (fixture, cases[1], -7, 45, 50, 60);
  add_visit (fixture, cases[1], 182, 75, 80, 25);
  add_visit (fixture, cases[1], 366, 100 - 250.0 / 9, NONE, NONE);

  /* S2: as S1, then pain 62.5 at 12 and 60 at 13 months; ADL 72.5, global 40 */
  cases[2] = add_case (fixture, "S2", "knee");
  g_object_unref (add_injection (fixture, cases[2], 0, "bmac", "intra_articular", NONE, NONE));
  add_visit (fixture, cases[2], -7, 45, 50, 60);
  add_visit (fixture, cases[2], 182, 75, 80, 25);
  add_visit (fixture, cases[2], 366, 62.5, NONE, NONE);
  add_visit (fixture, cases[2], 396, 60, 72.5, 40);

  /* S3: 40/45/55 -> 44.4/47.1/50 */
  cases[3] = add_case (fixture, "S3", "knee");
  g_object_unref (add_injection (fixture, cases[3], 0, "bmac", "intra_articular", NONE, NONE));
  add_visit (fixture, cases[3], -3, 40, 45, 55);
  add_visit (fixture, cases[3], 182, 100 - 500.0 / 9, 100 - 900.0 / 17, 50);

  /* S4: 8 weeks after the injection */
  cases[4] = add_case (fixture, "S4", "shoulder_gh");
  g_object_unref (add_injection (fixture, cases[4], 0, "bmac", "intra_articular", NONE, NONE));

  /* S5: day 10, 38.5 °C and a hot swollen knee, recorded as an adverse event */
  cases[5] = add_case (fixture, "S5", "knee");
  {
    g_autoptr(MarrowRecord) injection = add_injection (fixture, cases[5], 0, "bmac",
                                                       "intra_articular", NONE, NONE);
    g_autoptr(MarrowRecord) event = marrow_record_new (&marrow_entity_adverse_event);
    g_autofree char *onset = date_of_day (10);

    add_visit (fixture, cases[5], -7, 45, 50, 60);
    marrow_record_set_text (event, "patient_id", marrow_record_get_text (cases[5], "patient_id"));
    marrow_record_set_text (event, "joint_case_id", marrow_record_get_id (cases[5]));
    marrow_record_set_text (event, "injection_id", marrow_record_get_id (injection));
    marrow_record_set_text (event, "onset_date", onset);
    marrow_record_set_text (event, "detected_via", "phone");
    marrow_record_set_text (event, "category", "injection_site_swelling");
    marrow_record_set_text (event, "description", "38.5 °C, hot swollen knee");
    marrow_record_set_int (event, "severity_ctcae", 2);
    marrow_record_set_text (event, "relatedness", "probable");
    insert (fixture, event);
  }

  /* S6: hip, responder, waning at 19 and 20 months */
  cases[6] = add_case (fixture, "S6", "hip");
  g_object_unref (add_injection (fixture, cases[6], 0, "bmac", "intra_articular", NONE, NONE));
  add_visit (fixture, cases[6], -7, 45, 50, 60);
  add_visit (fixture, cases[6], 182, 75, 80, 25);
  add_visit (fixture, cases[6], 578, 62.5, NONE, NONE);
  add_visit (fixture, cases[6], 609, 60, NONE, NONE);

  /* S7: expanded MSC 5×10⁶ intra-articular, otherwise S1 at 6 months */
  cases[7] = add_case (fixture, "S7", "knee");
  g_object_unref (add_injection (fixture, cases[7], 0, "bm_msc_expanded", "intra_articular", 5e6, NONE));
  add_visit (fixture, cases[7], -7, 45, 50, 60);
  add_visit (fixture, cases[7], 182, 75, 80, 25);

  /* S8: IV MSC 2×10⁶/kg, 4 weekly infusions */
  cases[8] = add_case (fixture, "S8", "knee");
  for (int week = 0; week < 4; week++)
    g_object_unref (add_injection (fixture, cases[8], week * 7, "bm_msc_expanded", "intravenous",
                                   150e6, 2e6));

  for (guint i = 1; i <= 8; i++)
    {
      fixture->cases[i] = g_strdup (marrow_record_get_id (cases[i]));
      g_object_unref (cases[i]);
    }
  fixture->staff_id = NULL;
}

/* ---- running marrow-cli ---------------------------------------------- */

static int
run_cli_env (char       **out,
             char       **err,
             const char  *config_home,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dropped_out = NULL;
  g_autofree char *dropped_err = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  /* A caller may pass the same out or err again */
  if (out != NULL)
    g_clear_pointer (out, g_free);
  if (err != NULL)
    g_clear_pointer (err, g_free);

  g_ptr_array_add (argv, (char *)g_getenv ("MARROW_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  if (config_home != NULL)
    envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config_home, TRUE);

  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out != NULL ? out : &dropped_out, err != NULL ? err : &dropped_err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *practice = NULL;
  g_autofree char *err = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-cli-guidance-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  build_practice (fixture);
  g_clear_object (&fixture->store);

  practice = g_build_filename (fixture->dir, "practice.db", NULL);
  archive = g_build_filename (fixture->dir, "practice.xml", NULL);
  imported = g_build_filename (fixture->dir, "imported.db", NULL);
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "export", practice, "-o", archive, NULL), ==, 0);
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "init", imported, NULL), ==, 0);
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "import", imported, archive, NULL), ==, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  marrow_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->cases); i++)
    g_free (fixture->cases[i]);
}

static JsonObject *
guidance (Fixture    *fixture,
          guint       scenario,
          const char *at,
          const char *config_home)
{
  g_autofree char *db = g_build_filename (fixture->dir, "imported.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (run_cli_env (&out, &err, config_home, "guidance", db, "--case", fixture->cases[scenario],
                   "--at", at, NULL) != 0)
    g_error ("S%u: %s", scenario, err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_dup_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "case"), ==, fixture->cases[scenario]);
  g_assert_cmpstr (json_object_get_string_member (object, "as_of"), ==, at);
  return object;
}

static gboolean
array_has (JsonArray  *array,
           const char *member,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *text = member == NULL ? json_node_get_string (node)
        : json_object_get_string_member (json_node_get_object (node), member);

      if (g_strcmp0 (text, value) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
assert_guidance (JsonObject *object,
                 const char *classification,
                 const char *durability,
                 const char *recommendation)
{
  g_assert_cmpstr (json_object_get_string_member (object, "classification"), ==, classification);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "durability", NULL), ==, durability);
  g_assert_cmpstr (json_object_get_string_member (object, "recommendation"), ==, recommendation);
}

static gboolean
has_statement (JsonObject *object,
               const char *code)
{
  return array_has (json_object_get_array_member (object, "statements"), "code", code);
}

static gboolean
has_flag (JsonObject *object,
          const char *flag)
{
  return array_has (json_object_get_array_member (object, "flags"), NULL, flag);
}

static void
test_scenarios (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) s1a = guidance (fixture, 1, "2024-07-15", NULL);
  g_autoptr(JsonObject) s1b = guidance (fixture, 1, "2025-01-15", NULL);
  g_autoptr(JsonObject) s2 = guidance (fixture, 2, "2025-02-14", NULL);
  g_autoptr(JsonObject) s3 = guidance (fixture, 3, "2024-07-15", NULL);
  g_autoptr(JsonObject) s4 = guidance (fixture, 4, "2024-03-11", NULL);
  g_autoptr(JsonObject) s5 = guidance (fixture, 5, "2024-01-25", NULL);
  g_autoptr(JsonObject) s7 = guidance (fixture, 7, "2024-07-15", NULL);
  g_autoptr(JsonObject) s8 = guidance (fixture, 8, "2024-02-14", NULL);
  JsonArray *statements;

  assert_guidance (s1a, "RESPONDER", "STABLE", "MONITOR");
  g_assert_true (has_statement (s1a, "OARSI_HIGH"));
  assert_guidance (s1b, "RESPONDER", "STABLE", "MONITOR");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (s1b, "protocol"), "id"),
                   ==, "knee");

  assert_guidance (s2, "RESPONDER", "WANING", "CONSIDER_REPEAT");
  g_assert_cmpstr (json_object_get_string_member (s2, "next_review"), ==, "2025-02-14");
  statements = json_object_get_array_member (s2, "statements");
  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonObject *statement = json_array_get_object_element (statements, i);

      if (g_strcmp0 (json_object_get_string_member (statement, "code"), "WANING") == 0)
        {
          JsonObject *evidence = json_object_get_object_member (statement, "evidence");

          g_assert_cmpstr (json_object_get_string_member (statement, "text"), ==,
                           "KOOS Pain fell 12.5 and then 15 points from its best of 75 on two visits "
                           "30 days apart; the threshold is 10.");
          g_assert_cmpstr (json_object_get_string_member (evidence, "class"), ==, "proposed");
          g_assert_nonnull (strstr (json_object_get_string_member (evidence, "citation"), "Matas"));
        }
    }
  g_assert_true (has_statement (s2, "WANING"));

  assert_guidance (s3, "NON_RESPONDER", NULL, "REPEAT_NOT_SUPPORTED");
  assert_guidance (s4, "TOO_EARLY", NULL, "MONITOR");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (s4, "protocol"), "id"),
                   ==, "shoulder");
  assert_guidance (s5, "TOO_EARLY", NULL, "HOLD_CLINICAL_REVIEW");
  g_assert_true (has_statement (s5, "RED_UNRESOLVED_EVENT"));

  assert_guidance (s7, "RESPONDER", "STABLE", "MONITOR");
  g_assert_true (has_flag (s7, "DOSE_CONTEXT"));
  g_assert_true (has_statement (s7, "DOSE_EXPANDED"));

  g_assert_true (has_flag (s8, "IV_ROUTE"));
  g_assert_false (has_flag (s8, "BLOCK_INTERVAL"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s8, "schedule")), ==, 0);
  g_assert_true (json_object_get_null_member (s8, "next_review"));
}

/* S6 with the practice's own hip protocol, clinic booster switched on */
static void
test_s6_clinic_protocol (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *bundled = g_test_build_filename (G_TEST_DIST, "..", "data", "protocols",
                                                    "hip.xml", NULL);
  g_autofree char *config = g_build_filename (fixture->dir, "config", NULL);
  g_autofree char *folder = g_build_filename (config, "marrow", "protocols", NULL);
  g_autofree char *own = g_build_filename (folder, "hip.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) plain = guidance (fixture, 6, "2025-09-15", NULL);
  g_autoptr(JsonObject) s6 = NULL;

  g_file_get_contents (bundled, &text, NULL, &error);
  g_assert_no_error (error);
  edited = g_string_new (text);
  g_string_replace (edited, "version=\"1\"", "version=\"clinic-2\"", 1);
  g_string_replace (edited, "<clinic-booster enabled=\"false\"", "<clinic-booster enabled=\"true\"", 1);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (own, edited->str, -1, &error);
  g_assert_no_error (error);

  s6 = guidance (fixture, 6, "2025-09-15", config);
  assert_guidance (s6, "RESPONDER", "WANING", "CONSIDER_REPEAT");
  g_assert_true (has_flag (s6, "LOW_EVIDENCE"));
  g_assert_true (has_statement (s6, "HIP_LOW_EVIDENCE"));
  g_assert_true (has_statement (s6, "CLINIC_BOOSTER_DUE"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (s6, "protocol"), "version"),
                   ==, "clinic-2");

  /* the bundled protocol: the same advice, without the clinic banner */
  assert_guidance (plain, "RESPONDER", "WANING", "CONSIDER_REPEAT");
  g_assert_false (has_statement (plain, "CLINIC_BOOSTER_DUE"));
}

static void
test_worklist (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "imported.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root;
  JsonArray *reviews;

  g_assert_cmpint (run_cli_env (&out, &err, NULL, "worklist", db, "--at", "2025-02-14", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  reviews = json_object_get_array_member (root, "reviews");
  g_assert_true (array_has (reviews, "case", fixture->cases[2]));   /* CONSIDER_REPEAT */
  g_assert_true (array_has (reviews, "case", fixture->cases[3]));   /* REPEAT_NOT_SUPPORTED */
  g_assert_true (array_has (reviews, "case", fixture->cases[5]));   /* HOLD_CLINICAL_REVIEW */
  g_assert_false (array_has (reviews, "case", fixture->cases[1]));  /* MONITOR */
  /* Urgency first: the hold heads the list */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reviews, 0),
                                                  "recommendation"), ==, "HOLD_CLINICAL_REVIEW");
  g_assert_true (array_has (json_object_get_array_member (root, "followups"), "time_point", "12m"));

  g_assert_cmpint (run_cli_env (&csv, &err, NULL, "worklist", db, "--at", "2025-02-14", "--format",
                                "csv", NULL), ==, 0);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "kind,case,local_id,family_name,given_names,phone,site,side,"
                                 "time_point,target,window_opens,window_closes,status,"
                                 "recommendation,classification");
  g_assert_true (g_str_has_prefix (lines[1], "followup,"));
  g_assert_nonnull (strstr (csv, "review,"));
  g_assert_nonnull (strstr (csv, ",CONSIDER_REPEAT,RESPONDER"));

  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "worklist", db, "--format", "xml", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown format"));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "imported.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli_env (&out, &err, NULL, "guidance", db, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--case"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "guidance", db, "--case", fixture->cases[1],
                                "--at", "2024-02-30", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "2024-02-30"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "guidance", db, "--case",
                                "00000000-0000-4000-8000-000000000000", NULL), ==, 2);
  /* one line on standard error */
  g_assert_true (g_str_has_prefix (err, "marrow-cli: guidance: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_null (strchr (err, '\n')[1] == '\0' ? NULL : err);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "worklist", missing, NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "guidance", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--repeat-on"));

  /* A requested repeat 20 days after S1's last injection is blocked */
  {
    g_autoptr(JsonObject) s1 = NULL;
    g_autofree char *json = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (run_cli_env (&json, &err, NULL, "guidance", db, "--case", fixture->cases[1],
                                  "--at", "2024-01-20", "--repeat-on", "2024-02-04", NULL), ==, 0);
    json_parser_load_from_data (parser, json, -1, &error);
    g_assert_no_error (error);
    s1 = json_node_dup_object (json_parser_get_root (parser));
    g_assert_true (has_flag (s1, "BLOCK_INTERVAL"));
  }
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_dup_object (json_parser_get_root (parser));
}

static gint64
count_decisions (const char *db)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) stats = NULL;

  g_assert_cmpint (run_cli_env (&out, NULL, NULL, "stats", db, NULL), ==, 0);
  stats = parse_object (out);
  return json_object_get_int_member (json_object_get_object_member (
           json_object_get_object_member (stats, "records"), "guidance_decision"), "current");
}

/* The physician's decision on S2's "consider a repeat": stored with the
 * inputs and the protocol, shown by guidance, carried by a case's archive */
static void
test_decide (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "imported.db", NULL);
  g_autofree char *archive = g_build_filename (fixture->dir, "case.xml", NULL);
  g_autofree char *moved = g_build_filename (fixture->dir, "moved.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) before = guidance (fixture, 2, "2025-02-14", NULL);
  g_autoptr(JsonObject) decision = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) other_day = NULL;
  g_autoptr(JsonObject) elsewhere = NULL;
  JsonObject *inputs, *evaluation;
  static const char * const refused[][6] = {
    { "--override", "", NULL, NULL, NULL, "--override" },
    { "--override", "   ", NULL, NULL, NULL, "--override" },
    { "--override", "Waits", "--action", "BOOSTER", NULL, "--action" },
    { "--accept", "--action", "MONITOR", NULL, NULL, "--action" },
    { "--accept", "--override", "Both", NULL, NULL, "--accept" },
    { "--at", "2025-02-14", NULL, NULL, NULL, "--accept" },
    { "--accept", "--at", "14.02.2025", NULL, NULL, "--at" },
  };

  g_assert_true (json_object_get_null_member (before, "decision"));

  /* Override, choosing to monitor */
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "decide", db, "--case", fixture->cases[2],
                                "--at", "2025-02-14", "--override",
                                "Travels for three months; repeat discussed after return",
                                "--action", "MONITOR", NULL), ==, 0);
  decision = parse_object (out);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (decision, "id")));
  g_assert_cmpstr (json_object_get_string_member (decision, "case"), ==, fixture->cases[2]);
  g_assert_cmpstr (json_object_get_string_member (decision, "as_of"), ==, "2025-02-14");
  g_assert_cmpstr (json_object_get_string_member (decision, "decision"), ==, "override");
  g_assert_cmpstr (json_object_get_string_member (decision, "reason"), ==,
                   "Travels for three months; repeat discussed after return");
  g_assert_cmpstr (json_object_get_string_member (decision, "recommendation"), ==, "CONSIDER_REPEAT");
  g_assert_cmpstr (json_object_get_string_member (decision, "classification"), ==, "RESPONDER");
  g_assert_cmpstr (json_object_get_string_member (decision, "action"), ==, "MONITOR");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (decision, "protocol"),
                                                  "id"), ==, "knee");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (decision, "protocol"),
                                                  "version"), ==, "1");
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (decision, "decided_by")));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (decision, "decided_at"), "Z"));
  inputs = json_object_get_object_member (decision, "inputs");
  g_assert_cmpstr (json_object_get_string_member (inputs, "case"), ==, fixture->cases[2]);
  g_assert_cmpstr (json_object_get_string_member (inputs, "joint"), ==, "knee");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (inputs, "injections")), ==, 1);
  /* four visits: KOOS pain and ADL (and the rest of KOOS), the global VAS */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (inputs, "scores")), >=, 8);
  evaluation = json_object_get_object_member (decision, "evaluation");
  g_assert_cmpstr (json_object_get_string_member (evaluation, "recommendation"), ==, "CONSIDER_REPEAT");
  g_assert_cmpstr (json_object_get_string_member (evaluation, "durability"), ==, "WANING");
  g_assert_true (array_has (json_object_get_array_member (evaluation, "statements"), "code", "WANING"));

  /* guidance shows it for that day, not for another */
  after = guidance (fixture, 2, "2025-02-14", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "decision"), "id"),
                   ==, json_object_get_string_member (decision, "id"));
  other_day = guidance (fixture, 2, "2025-02-15", NULL);
  g_assert_true (json_object_get_null_member (other_day, "decision"));

  /* A later acceptance is the decision that stands */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "decide", db, "--case", fixture->cases[2],
                                "--at", "2025-02-14", "--accept", "-c", NULL), ==, 0);
  accepted = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (accepted, "decision"), ==, "accept");
  g_assert_true (json_object_get_null_member (accepted, "action"));
  g_clear_pointer (&after, json_object_unref);
  after = guidance (fixture, 2, "2025-02-14", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "decision"), "id"),
                   ==, json_object_get_string_member (accepted, "id"));
  g_assert_cmpint (count_decisions (db), ==, 2);

  /* Refusals: exit 2, one line naming the option, nothing written */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *refusal_out = NULL;
      g_autofree char *refusal_err = NULL;

      g_assert_cmpint (run_cli_env (&refusal_out, &refusal_err, NULL, "decide", db, "--case",
                                    fixture->cases[2], refused[i][0], refused[i][1], refused[i][2],
                                    refused[i][3], refused[i][4], NULL), ==, 2);
      g_test_message ("%s", refusal_err);
      g_assert_cmpstr (refusal_out, ==, "");
      g_assert_true (g_str_has_prefix (refusal_err, "marrow-cli: decide: "));
      g_assert_nonnull (strstr (refusal_err, refused[i][5]));
      g_assert_true (strchr (refusal_err, '\n')[1] == '\0');
    }
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "decide", db, "--case",
                                "00000000-0000-4000-8000-000000000000", "--accept", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "00000000-0000-4000-8000-000000000000"));
  g_assert_cmpint (count_decisions (db), ==, 2);

  /* The case's archive carries both decisions to another database */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "export", db, "--case", fixture->cases[2],
                                "-o", archive, NULL), ==, 0);
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "init", moved, NULL), ==, 0);
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "import", moved, archive, NULL), ==, 0);
  g_assert_cmpint (count_decisions (moved), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_env (&out, &err, NULL, "guidance", moved, "--case", fixture->cases[2],
                                "--at", "2025-02-14", NULL), ==, 0);
  elsewhere = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (elsewhere, "decision"),
                                                  "id"),
                   ==, json_object_get_string_member (accepted, "id"));
  g_assert_cmpint (run_cli_env (NULL, &err, NULL, "check", moved, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/guidance/scenarios", Fixture, NULL, fixture_setup, test_scenarios, fixture_teardown);
  g_test_add ("/cli/guidance/s6-clinic-protocol", Fixture, NULL, fixture_setup,
              test_s6_clinic_protocol, fixture_teardown);
  g_test_add ("/cli/guidance/worklist", Fixture, NULL, fixture_setup, test_worklist, fixture_teardown);
  g_test_add ("/cli/guidance/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/cli/guidance/decide", Fixture, NULL, fixture_setup, test_decide, fixture_teardown);

  return g_test_run ();
}
