/* test-guidance-overrides.c: a practice's MCIDs over the guidance protocols
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "marrow-guidance-fixtures.h"
#include "marrow-guidance-overrides.h"
#include "marrow-guidance-settings.h"
#include "marrow-store.h"
#include "marrow-test-util.h"

static const MarrowGuidanceSource *
find_source (MarrowGuidanceProtocol *protocol,
             const char             *instrument,
             const char             *score)
{
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    for (guint i = 0; i < protocol->sources[d]->len; i++)
      {
        const MarrowGuidanceSource *source = &g_array_index (protocol->sources[d],
                                                             MarrowGuidanceSource, i);

        if (g_str_equal (source->instrument, instrument) && g_str_equal (source->score, score))
          return source;
      }
  g_assert_not_reached ();
}

static GHashTable *
settings_new (const char *key,
              const char *value)
{
  GHashTable *settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (key != NULL)
    g_hash_table_insert (settings, g_strdup (key), g_strdup (value));
  return settings;
}

static void
test_key (void)
{
  g_autofree char *key = marrow_guidance_mcid_override_key ("knee", "KOOS", "pain");

  g_assert_cmpstr (key, ==, "mcid_override.knee.KOOS.pain");
}

static void
test_none_applies (void)
{
  g_autoptr(MarrowGuidanceProtocol) knee = marrow_guidance_protocol_ref (fixture_protocol ("knee"));
  g_autoptr(MarrowGuidanceProtocol) applied = NULL;
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GError) error = NULL;

  /* Another protocol's key, an unknown score, and an emptied override */
  settings = settings_new ("mcid_override.hip.HOOS.pain", "5");
  g_hash_table_insert (settings, g_strdup ("mcid_override.knee.KOOS.sport"), g_strdup ("5"));
  g_hash_table_insert (settings, g_strdup ("mcid_override.knee.KOOS.adl"), g_strdup (""));
  applied = marrow_guidance_protocol_apply_overrides (knee, settings, &error);
  g_assert_no_error (error);
  g_assert_true (applied == knee);
  g_assert_false (marrow_guidance_protocol_is_overridden (applied));
}

static void
test_applies (void)
{
  g_autoptr(MarrowGuidanceProtocol) knee = marrow_guidance_protocol_ref (fixture_protocol ("knee"));
  g_autoptr(MarrowGuidanceProtocol) applied = NULL;
  g_autoptr(GHashTable) settings = settings_new ("mcid_override.knee.KOOS.pain", "8,5");
  g_autoptr(GError) error = NULL;
  const MarrowGuidanceSource *source;

  applied = marrow_guidance_protocol_apply_overrides (knee, settings, &error);
  g_assert_no_error (error);
  g_assert_true (applied != knee);
  g_assert_true (marrow_guidance_protocol_is_overridden (applied));
  g_assert_cmpstr (applied->version, ==, "1+practice-override");
  g_assert_cmpstr (applied->id, ==, "knee");

  source = find_source (applied, "KOOS", "pain");
  g_assert_cmpfloat (source->mcid.value, ==, 8.5);
  g_assert_cmpint (source->mcid.citation.evidence, ==, MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM);
  g_assert_nonnull (strstr (source->mcid.citation.text, "mcid_override.knee.KOOS.pain"));
  g_assert_nonnull (strstr (source->mcid.citation.text, "Roos EM"));
  /* Everything else as loaded, and the loaded protocol untouched */
  g_assert_cmpfloat (find_source (applied, "KOOS", "adl")->mcid.value, ==, 10);
  g_assert_cmpfloat (find_source (applied, "PAIN_VAS", "pain")->pass.value, ==, 32.3);
  g_assert_cmpfloat (find_source (knee, "KOOS", "pain")->mcid.value, ==, 10);
  g_assert_cmpstr (knee->version, ==, "1");
  g_assert_cmpuint (applied->time_points->len, ==, knee->time_points->len);
  for (guint i = 0; i < MARROW_GUIDANCE_N_PARAMS; i++)
    g_assert_cmpfloat (marrow_guidance_protocol_get (applied, i), ==,
                       marrow_guidance_protocol_get (knee, i));
}

static void
test_refused (void)
{
  static const char * const bad[] = { "0", "-3", "abc", "8 points", "101", "nan", "inf" };
  g_autoptr(MarrowGuidanceProtocol) knee = marrow_guidance_protocol_ref (fixture_protocol ("knee"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GHashTable) settings = settings_new ("mcid_override.knee.KOOS.pain", bad[i]);
      g_autoptr(GError) error = NULL;
      MarrowGuidanceProtocol *applied;

      applied = marrow_guidance_protocol_apply_overrides (knee, settings, &error);
      g_assert_null (applied);
      g_assert_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR,
                      MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION);
      g_assert_nonnull (strstr (error->message, "setting mcid_override.knee.KOOS.pain: "));
    }

  /* The score's whole range is allowed: Pain NRS 0-10 */
  {
    g_autoptr(GHashTable) settings = settings_new ("mcid_override.knee.PAIN_NRS.pain", "10");
    g_autoptr(GHashTable) over = settings_new ("mcid_override.knee.PAIN_NRS.pain", "10.5");
    g_autoptr(MarrowGuidanceProtocol) applied = NULL;
    g_autoptr(GError) error = NULL;

    applied = marrow_guidance_protocol_apply_overrides (knee, settings, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (find_source (applied, "PAIN_NRS", "pain")->mcid.value, ==, 10);
    g_assert_null (marrow_guidance_protocol_apply_overrides (knee, over, NULL));
  }
}

/* Pain better by 8 at six months: a non-responder by the protocol's MCID
 * of 10, a partial responder by a practice MCID of 8 */
static void
test_evaluation (void)
{
  g_autoptr(MarrowGuidanceProtocol) knee = marrow_guidance_protocol_ref (fixture_protocol ("knee"));
  g_autoptr(MarrowGuidanceProtocol) applied = NULL;
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) by_default = NULL;
  g_autoptr(MarrowGuidanceEvaluation) by_practice = NULL;
  g_autoptr(GHashTable) settings = settings_new ("mcid_override.knee.KOOS.pain", "8");

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  fixture_koos (snapshot, -7, 50, 50);
  fixture_koos (snapshot, 180, 58, 50);

  applied = marrow_guidance_protocol_apply_overrides (knee, settings, NULL);
  g_assert_nonnull (applied);
  by_default = fixture_evaluate (snapshot, knee, 185);
  by_practice = fixture_evaluate (snapshot, applied, 185);
  g_assert_cmpint (marrow_guidance_evaluation_get_classification (by_default), ==,
                   MARROW_GUIDANCE_CLASS_NON_RESPONDER);
  g_assert_cmpint (marrow_guidance_evaluation_get_classification (by_practice), ==,
                   MARROW_GUIDANCE_CLASS_PARTIAL);
  g_assert_cmpstr (marrow_guidance_evaluation_get_protocol (by_practice)->version, ==,
                   "1+practice-override");
}

static void
test_registry (void)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = marrow_guidance_protocol_registry_new ();
  g_autoptr(GHashTable) settings = settings_new ("mcid_override.hip.HOOS.pain", "12");
  g_autoptr(GHashTable) broken = settings_new ("mcid_override.knee.KOOS.pain", "0");
  g_autoptr(GError) error = NULL;
  MarrowGuidanceProtocol *hip;

  g_assert_true (marrow_guidance_protocol_registry_load_bundled (registry, &error));
  g_assert_no_error (error);

  /* A broken override replaces nothing */
  g_assert_false (marrow_guidance_protocol_registry_apply_overrides (registry, broken, &error));
  g_assert_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION);
  g_clear_error (&error);
  g_assert_false (marrow_guidance_protocol_is_overridden (
                    marrow_guidance_protocol_registry_lookup (registry, "knee")));

  g_assert_true (marrow_guidance_protocol_registry_apply_overrides (registry, settings, &error));
  g_assert_no_error (error);
  hip = marrow_guidance_protocol_registry_select (registry, MARROW_GUIDANCE_JOINT_HIP,
                                                  MARROW_GUIDANCE_PRODUCT_BMAC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hip->id, ==, "hip");
  g_assert_true (marrow_guidance_protocol_is_overridden (hip));
  g_assert_cmpfloat (find_source (hip, "HOOS", "pain")->mcid.value, ==, 12);
  g_assert_false (marrow_guidance_protocol_is_overridden (
                    marrow_guidance_protocol_registry_lookup (registry, "knee")));
}

/* What marrow-cli and the window load: the database's settings applied */
static void
test_from_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("marrow-test-overrides-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmpdir, "marrow.db", NULL);
  g_autoptr(MarrowStore) store = marrow_store_open (path, TRUE, &error);
  g_autoptr(MarrowGuidanceProtocolRegistry) before = NULL;
  g_autoptr(MarrowGuidanceProtocolRegistry) after = NULL;
  MarrowGuidanceProtocol *knee;

  g_assert_no_error (error);
  before = marrow_guidance_protocols_load (store, &error);
  g_assert_no_error (error);
  g_assert_false (marrow_guidance_protocol_is_overridden (
                    marrow_guidance_protocol_registry_lookup (before, "knee")));

  g_assert_true (marrow_store_set_setting (store, "mcid_override.knee.KOOS.adl", "7.5", FALSE,
                                           &error));
  g_assert_no_error (error);
  after = marrow_guidance_protocols_load (store, &error);
  g_assert_no_error (error);
  knee = marrow_guidance_protocol_registry_lookup (after, "knee");
  g_assert_cmpstr (knee->version, ==, "1+practice-override");
  g_assert_cmpfloat (find_source (knee, "KOOS", "adl")->mcid.value, ==, 7.5);

  /* A value nobody could have meant stops guidance rather than being ignored */
  g_assert_true (marrow_store_set_setting (store, "mcid_override.knee.KOOS.adl", "ten", FALSE,
                                           &error));
  g_assert_null (marrow_guidance_protocols_load (store, &error));
  g_assert_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION);

  g_clear_object (&store);
  marrow_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guidance-overrides/key", test_key);
  g_test_add_func ("/guidance-overrides/none-applies", test_none_applies);
  g_test_add_func ("/guidance-overrides/applies", test_applies);
  g_test_add_func ("/guidance-overrides/refused", test_refused);
  g_test_add_func ("/guidance-overrides/evaluation", test_evaluation);
  g_test_add_func ("/guidance-overrides/registry", test_registry);
  g_test_add_func ("/guidance-overrides/from-store", test_from_store);

  return g_test_run ();
}
