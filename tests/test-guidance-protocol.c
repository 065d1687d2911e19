/* test-guidance-protocol.c: protocol files, their checks and the practice's overrides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "marrow-guidance-fixtures.h"
#include "marrow-protocol-resources.h"
#include "marrow-test-util.h"

static char *
bundled_text (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/io/github/marrow/Marrow/protocols/%s.xml", id);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (marrow_protocol_get_resource (), path, 0, NULL);

  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_bundled (void)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = marrow_guidance_protocol_registry_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_guidance_protocol_registry_load_bundled (registry, &error));
  g_assert_no_error (error);
  list = marrow_guidance_protocol_registry_list (registry);
  g_assert_cmpuint (list->len, ==, 4);

  for (guint i = 0; i < list->len; i++)
    {
      MarrowGuidanceProtocol *protocol = list->pdata[i];

      g_assert_cmpstr (protocol->version, ==, "1");
      /* every number has its citation */
      for (guint p = 0; p < MARROW_GUIDANCE_N_PARAMS; p++)
        {
          g_assert_false (isnan (protocol->params[p].value));
          g_assert_cmpuint (strlen (protocol->params[p].citation.text), >, 10);
        }
      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        for (guint s = 0; s < protocol->sources[d]->len; s++)
          {
            const MarrowGuidanceSource *source = &g_array_index (protocol->sources[d],
                                                                 MarrowGuidanceSource, s);

            if (d != MARROW_GUIDANCE_DOMAIN_GLOBAL)
              g_assert_cmpuint (strlen (source->mcid.citation.text), >, 10);
            if (!isnan (source->pass.value))
              g_assert_cmpuint (strlen (source->pass.citation.text), >, 10);
          }
      g_assert_cmpuint (strlen (protocol->second_dose.citation.text), >, 10);
      g_assert_cmpuint (strlen (protocol->clinic_booster.citation.text), >, 10);
      g_assert_cmpuint (strlen (protocol->schedule_citation.text), >, 10);
      g_assert_false (protocol->second_dose.enabled);
      g_assert_false (protocol->clinic_booster.enabled);
    }
}

/* The defaults of guidance-evidence.md 3.2 */
static void
test_defaults (void)
{
  MarrowGuidanceProtocol *knee = fixture_protocol ("knee");
  MarrowGuidanceProtocol *hip = fixture_protocol ("hip");
  const struct { MarrowGuidanceParameter param; double value; } rows[] = {
    { MARROW_GUIDANCE_PARAM_EARLIEST_JUDGEMENT_DAYS, 84 },
    { MARROW_GUIDANCE_PARAM_PRIMARY_FROM_DAYS, 150 },
    { MARROW_GUIDANCE_PARAM_PRIMARY_TO_DAYS, 210 },
    { MARROW_GUIDANCE_PARAM_FINAL_JUDGEMENT_DAYS, 365 },
    { MARROW_GUIDANCE_PARAM_CONFIRMATION_GAP_DAYS, 28 },
    { MARROW_GUIDANCE_PARAM_BOOSTER_MIN_INTERVAL_DAYS, 180 },
    { MARROW_GUIDANCE_PARAM_ABSOLUTE_MIN_INTERVAL_DAYS, 28 },
    { MARROW_GUIDANCE_PARAM_CUMULATIVE_COUNT, 3 },
    { MARROW_GUIDANCE_PARAM_CUMULATIVE_MONTHS, 24 },
  };
  const MarrowGuidanceSource *vas;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpfloat (marrow_guidance_protocol_get (knee, rows[i].param), ==, rows[i].value);

  vas = &g_array_index (knee->sources[MARROW_GUIDANCE_DOMAIN_PAIN], MarrowGuidanceSource, 1);
  g_assert_cmpstr (vas->instrument, ==, "PAIN_VAS");
  g_assert_cmpfloat (vas->mcid.value, ==, 19.9);
  g_assert_cmpfloat (vas->pass.value, ==, 32.3);
  vas = &g_array_index (hip->sources[MARROW_GUIDANCE_DOMAIN_PAIN], MarrowGuidanceSource, 1);
  g_assert_cmpfloat (vas->mcid.value, ==, 15.3);
  g_assert_cmpfloat (vas->pass.value, ==, 35.0);
  g_assert_cmpuint (hip->clinic_booster.from, ==, 18);
  g_assert_cmpuint (hip->clinic_booster.to, ==, 24);
  g_assert_cmpint (hip->clinic_booster.citation.evidence, ==, MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM);
}

static void
test_select (void)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = marrow_guidance_protocol_registry_new ();
  const struct { MarrowGuidanceJoint joint; const char *id; } rows[] = {
    { MARROW_GUIDANCE_JOINT_KNEE, "knee" },
    { MARROW_GUIDANCE_JOINT_HIP, "hip" },
    { MARROW_GUIDANCE_JOINT_SHOULDER, "shoulder" },
    { MARROW_GUIDANCE_JOINT_OTHER, "other" },
  };
  g_autoptr(GError) error = NULL;

  /* Nothing loaded: a clear error */
  g_assert_null (marrow_guidance_protocol_registry_select (registry, MARROW_GUIDANCE_JOINT_KNEE,
                                                           MARROW_GUIDANCE_PRODUCT_BMAC, &error));
  g_assert_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_NO_PROTOCOL);
  g_clear_error (&error);

  marrow_guidance_protocol_registry_load_bundled (registry, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      MarrowGuidanceProtocol *protocol = marrow_guidance_protocol_registry_select (
        registry, rows[i].joint, MARROW_GUIDANCE_PRODUCT_SVF, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (protocol->id, ==, rows[i].id);
    }
}

/* One broken thing per row; the message names the file and the line */
static void
test_broken (void)
{
  const struct { const char *find; const char *replace; const char *message; } rows[] = {
    { "<parameter name=\"bmac-tnc\" value=\"400000000\"", "<parameter name=\"bmi-note\" value=\"1\"",
      "parameter “bmi-note” is given twice" },
    { "<parameter name=\"primary-from-days\" value=\"150\"", "<parameter name=\"primary-from-days\" value=\"80\"",
      "judgement days must be in order" },
    { "<parameter name=\"absolute-min-interval-days\" value=\"28\"",
      "<parameter name=\"absolute-min-interval-days\" value=\"181\"", "must not exceed the booster interval" },
    { "<mcid value=\"10\" evidence=\"registry\">", "<mcid value=\"0\" evidence=\"registry\">",
      "MCID must be above 0" },
    { "evidence=\"registry\"", "evidence=\"hearsay\"", "hearsay" },
    { "<time-point id=\"6m\" months=\"6\"", "<time-point id=\"6m\" months=\"2\"",
      "must come after the one before it" },
    { "<time-point id=\"6m\"", "<time-point id=\"3m\"", "time point “3m” is defined twice" },
    { "urn:marrow:protocol:1", "urn:example:other", "protocol.xml:" },
    { "<second-dose enabled=\"false\" from=\"150\" to=\"210\"",
      "<second-dose enabled=\"false\" from=\"211\" to=\"210\"", "“from” must not be after “to”" },
    { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE protocol [<!ENTITY x \"y\">]>",
      "protocol.xml" },
  };
  g_autofree char *knee = bundled_text ("knee");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GString) text = g_string_new (knee);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MarrowGuidanceProtocol) protocol = NULL;

      g_test_message ("%s", rows[i].message);
      g_assert_nonnull (strstr (text->str, rows[i].find));
      g_string_replace (text, rows[i].find, rows[i].replace, 1);
      bytes = g_bytes_new (text->str, text->len);
      protocol = marrow_guidance_protocol_new_from_bytes (bytes, "protocol.xml", &error);
      g_assert_null (protocol);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "protocol.xml"));
      if (strstr (error->message, rows[i].message) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, rows[i].message);
    }
}

static void
test_missing_parameter (void)
{
  g_autofree char *knee = bundled_text ("knee");
  g_autoptr(GString) text = g_string_new (knee);
  char *start = strstr (text->str, "    <parameter name=\"bmac-tnc\"");
  char *end = strstr (start, "</parameter>\n") + strlen ("</parameter>\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_string_erase (text, start - text->str, end - start);
  bytes = g_bytes_new (text->str, text->len);
  g_assert_null (marrow_guidance_protocol_new_from_bytes (bytes, "p.xml", &error));
  g_assert_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION);
  g_assert_nonnull (strstr (error->message, "parameter “bmac-tnc” is missing"));
}

static void
write_override (const char *name,
                const char *text)
{
  g_autofree char *dir = marrow_guidance_protocol_registry_user_directory ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
remove_override (const char *name)
{
  g_autofree char *dir = marrow_guidance_protocol_registry_user_directory ();
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
}

/* A practice's own knee protocol replaces the bundled one; the version is
 * what evaluations record */
static void
test_override (void)
{
  g_autofree char *knee = bundled_text ("knee");
  g_autoptr(GString) text = g_string_new (knee);
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = NULL;
  g_autoptr(MarrowGuidanceSnapshot) snapshot = fixture_snapshot (MARROW_GUIDANCE_JOINT_KNEE);
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  MarrowGuidanceProtocol *protocol;

  g_string_replace (text, "id=\"knee\" version=\"1\"", "id=\"knee\" version=\"clinic-7\"", 1);
  g_string_replace (text, "<second-dose enabled=\"false\"", "<second-dose enabled=\"true\"", 1);
  write_override ("our-knee.xml", text->str);

  registry = marrow_guidance_protocol_registry_load_default (&error);
  g_assert_no_error (error);
  protocol = marrow_guidance_protocol_registry_select (registry, MARROW_GUIDANCE_JOINT_KNEE,
                                                       MARROW_GUIDANCE_PRODUCT_BMAC, &error);
  g_assert_cmpstr (protocol->version, ==, "clinic-7");
  g_assert_true (protocol->second_dose.enabled);
  g_assert_true (g_str_has_suffix (protocol->source, "our-knee.xml"));

  fixture_inject (snapshot, 0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR);
  evaluation = marrow_guidance_evaluate (snapshot, protocol, FIXTURE_DAY0 + 10);
  g_assert_cmpstr (marrow_guidance_evaluation_get_protocol (evaluation)->version, ==, "clinic-7");

  /* Two overrides of one id are an error; a broken file fails the load */
  write_override ("zz-again.xml", text->str);
  g_clear_object (&registry);
  registry = marrow_guidance_protocol_registry_load_default (&error);
  g_assert_null (registry);
  g_assert_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION);
  g_assert_nonnull (strstr (error->message, "already defined"));
  g_clear_error (&error);
  remove_override ("zz-again.xml");

  write_override ("broken.xml", "<protocol/>");
  registry = marrow_guidance_protocol_registry_load_default (&error);
  g_assert_null (registry);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.xml"));
  remove_override ("broken.xml");
  remove_override ("our-knee.xml");
}

/* Each test reads its own user directories (G_TEST_OPTION_ISOLATE_DIRS) */
static void
run_isolated (gconstpointer data)
{
  marrow_test_mark_user_dirs ();
  ((void (*) (void))data) ();
}

#define ADD(path, func) g_test_add_data_func (path, (gconstpointer)func, run_isolated)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/guidance/protocol/bundled", test_bundled);
  ADD ("/guidance/protocol/defaults", test_defaults);
  ADD ("/guidance/protocol/select", test_select);
  ADD ("/guidance/protocol/broken", test_broken);
  ADD ("/guidance/protocol/missing-parameter", test_missing_parameter);
  ADD ("/guidance/protocol/override", test_override);

  return g_test_run ();
}
