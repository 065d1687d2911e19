/* bench-guidance.c: guidance evaluations per second (issue 6: at least 100 000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   build/tests/bench-guidance [--cases N] [--seconds S]
 *
 * Evaluates N synthetic knee and hip cases (one or two injections, a
 * baseline and 6-9 visits of KOOS/HOOS and the patient global, some with
 * adverse events and red-flag checklists) over and over for S seconds, as
 * a worklist over a whole practice would, and prints the rate.  Texts are
 * not rendered: a worklist needs the codes only.  Built, not run as a test.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "marrow-guidance-protocol-registry.h"
#include "marrow-guidance.h"

static MarrowGuidanceSnapshot *
make_case (GRand                  *rng,
           guint                   index)
{
  gboolean hip = g_rand_int_range (rng, 0, 4) == 0;
  const char *instrument = hip ? "HOOS" : "KOOS";
  g_autofree char *id = g_strdup_printf ("case-%u", index);
  MarrowGuidanceSnapshot *snapshot = marrow_guidance_snapshot_new (id, hip ? MARROW_GUIDANCE_JOINT_HIP
                                                                           : MARROW_GUIDANCE_JOINT_KNEE);
  MarrowDay day0 = marrow_day_from_ymd (2022, 1, 1) + g_rand_int_range (rng, 0, 900);
  MarrowGuidanceInjection injection = {
    day0, MARROW_GUIDANCE_PRODUCT_BMAC, MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR, FALSE,
    g_rand_double_range (rng, 2e8, 9e8), NAN, NAN, "first",
  };
  double pain = g_rand_double_range (rng, 25, 60);
  double adl = g_rand_double_range (rng, 30, 65);
  double global = g_rand_double_range (rng, 40, 80);
  double gain = g_rand_double_range (rng, -10, 35);
  int n_visits = g_rand_int_range (rng, 6, 10);
  const int offsets[] = { 42, 91, 182, 273, 365, 456, 547, 730, 912 };

  snapshot->kl_grade = g_rand_int_range (rng, 1, 5);
  marrow_guidance_snapshot_add_injection (snapshot, &injection);
  if (g_rand_int_range (rng, 0, 3) == 0)
    {
      injection.day = day0 + g_rand_int_range (rng, 150, 500);
      injection.id = "booster";
      marrow_guidance_snapshot_add_injection (snapshot, &injection);
    }

  marrow_guidance_snapshot_add_score (snapshot, day0 - 7, instrument, "pain", pain);
  marrow_guidance_snapshot_add_score (snapshot, day0 - 7, instrument, "adl", adl);
  marrow_guidance_snapshot_add_score (snapshot, day0 - 7, "GLOBAL_VAS", "global", global);
  for (int v = 0; v < n_visits; v++)
    {
      MarrowDay day = day0 + offsets[v] + g_rand_int_range (rng, -10, 10);
      double fade = v > 4 ? g_rand_double_range (rng, 0, 4) * (v - 4) : 0;

      marrow_guidance_snapshot_add_score (snapshot, day, instrument, "pain",
                                          CLAMP (pain + gain - fade, 0, 100));
      marrow_guidance_snapshot_add_score (snapshot, day, instrument, "adl",
                                          CLAMP (adl + gain * 0.8 - fade, 0, 100));
      marrow_guidance_snapshot_add_score (snapshot, day, "GLOBAL_VAS", "global",
                                          CLAMP (global - gain + fade, 0, 100));
    }

  if (g_rand_int_range (rng, 0, 20) == 0)
    {
      MarrowGuidanceAdverseEvent event = { day0 + 5, day0 + 12, "effusion", 2, FALSE, TRUE };

      marrow_guidance_snapshot_add_adverse_event (snapshot, &event);
    }
  if (g_rand_int_range (rng, 0, 30) == 0)
    marrow_guidance_snapshot_add_checklist (snapshot, day0 + 400, MARROW_GUIDANCE_RED_NSAID);
  return snapshot;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_guidance_snapshot_free);
  g_autoptr(GRand) rng = g_rand_new_with_seed (6);
  g_autoptr(GError) error = NULL;
  MarrowGuidanceProtocol *knee, *hip;
  MarrowDay as_of = marrow_day_from_ymd (2025, 6, 1);
  gint64 start, elapsed;
  guint64 evaluations = 0;
  guint holds = 0;
  int n_cases = 10000;
  double seconds = 3;
  const GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Synthetic cases", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to run", "S" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_cases < 1)
    {
      g_printerr ("bench-guidance: %s\n", error != NULL ? error->message : "--cases must be positive");
      return 2;
    }

  registry = marrow_guidance_protocol_registry_new ();
  if (!marrow_guidance_protocol_registry_load_bundled (registry, &error))
    {
      g_printerr ("bench-guidance: %s\n", error->message);
      return 2;
    }
  knee = marrow_guidance_protocol_registry_lookup (registry, "knee");
  hip = marrow_guidance_protocol_registry_lookup (registry, "hip");

  for (int i = 0; i < n_cases; i++)
    g_ptr_array_add (cases, make_case (rng, i));

  start = g_get_monotonic_time ();
  do
    {
      for (guint i = 0; i < cases->len; i++)
        {
          MarrowGuidanceSnapshot *snapshot = cases->pdata[i];
          MarrowGuidanceEvaluation *evaluation = marrow_guidance_evaluate (
            snapshot, snapshot->joint == MARROW_GUIDANCE_JOINT_HIP ? hip : knee, as_of);

          holds += marrow_guidance_evaluation_get_recommendation (evaluation) ==
                   MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW;
          marrow_guidance_evaluation_free (evaluation);
        }
      evaluations += cases->len;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < seconds * G_USEC_PER_SEC);

  printf ("{\"cases\": %d, \"evaluations\": %" G_GUINT64_FORMAT ", \"seconds\": %.3f, "
          "\"evaluations_per_second\": %.0f, \"holds\": %u}\n",
          n_cases, evaluations, elapsed / 1e6, evaluations / (elapsed / 1e6), holds);
  return 0;
}
