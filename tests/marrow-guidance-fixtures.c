/* marrow-guidance-fixtures.c: snapshots for the guidance tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-guidance-fixtures.h"
#include "marrow-protocol-resources.h"

static MarrowGuidanceProtocolRegistry *
registry (void)
{
  static MarrowGuidanceProtocolRegistry *registry = NULL;

  if (registry == NULL)
    {
      g_autoptr(GError) error = NULL;

      registry = marrow_guidance_protocol_registry_new ();
      marrow_guidance_protocol_registry_load_bundled (registry, &error);
      g_assert_no_error (error);
    }
  return registry;
}

/* A bundled protocol by id */
MarrowGuidanceProtocol *
fixture_protocol (const char *id)
{
  MarrowGuidanceProtocol *protocol = marrow_guidance_protocol_registry_lookup (registry (), id);

  g_assert_nonnull (protocol);
  return protocol;
}

/* A bundled protocol file with one text replaced, loaded as a new protocol */
MarrowGuidanceProtocol *
fixture_protocol_edited (const char *id,
                         const char *find,
                         const char *replace)
{
  g_autofree char *path = g_strdup_printf ("/io/github/marrow/Marrow/protocols/%s.xml", id);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  MarrowGuidanceProtocol *protocol;

  bytes = g_resource_lookup_data (marrow_protocol_get_resource (), path, 0, &error);
  g_assert_no_error (error);
  text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (text->str, find));
  g_string_replace (text, find, replace, 1);
  edited = g_bytes_new (text->str, text->len);
  protocol = marrow_guidance_protocol_new_from_bytes (edited, "edited.xml", &error);
  g_assert_no_error (error);
  return protocol;
}

MarrowGuidanceSnapshot *
fixture_snapshot (MarrowGuidanceJoint joint)
{
  return marrow_guidance_snapshot_new ("00000000-0000-4000-8000-000000000001", joint);
}

void
fixture_inject (MarrowGuidanceSnapshot *snapshot,
                int                     day,
                MarrowGuidanceProduct   product,
                MarrowGuidanceRoute     route)
{
  MarrowGuidanceInjection injection = {
    FIXTURE_DAY0 + day, product, route, FALSE, NAN, NAN, NAN, NULL,
  };
  g_autofree char *id = g_strdup_printf ("injection-%d", day);

  injection.id = id;
  marrow_guidance_snapshot_add_injection (snapshot, &injection);
}

void
fixture_score (MarrowGuidanceSnapshot *snapshot,
               int                     day,
               const char             *instrument,
               const char             *score,
               double                  value)
{
  marrow_guidance_snapshot_add_score (snapshot, FIXTURE_DAY0 + day, instrument, score, value);
}

/* KOOS Pain and ADL; NAN leaves one out */
void
fixture_koos (MarrowGuidanceSnapshot *snapshot,
              int                     day,
              double                  pain,
              double                  adl)
{
  if (!isnan (pain))
    fixture_score (snapshot, day, "KOOS", "pain", pain);
  if (!isnan (adl))
    fixture_score (snapshot, day, "KOOS", "adl", adl);
}

MarrowGuidanceEvaluation *
fixture_evaluate (MarrowGuidanceSnapshot *snapshot,
                  MarrowGuidanceProtocol *protocol,
                  int                     as_of)
{
  return marrow_guidance_evaluate (snapshot, protocol, FIXTURE_DAY0 + as_of);
}

/* With the bundled protocol of the snapshot's joint */
MarrowGuidanceEvaluation *
fixture_evaluate_default (MarrowGuidanceSnapshot *snapshot,
                          int                     as_of)
{
  static const char * const ids[] = { "other", "knee", "hip", "shoulder" };

  return fixture_evaluate (snapshot, fixture_protocol (ids[snapshot->joint]), as_of);
}

/* Everything an evaluation says, as one text: for messages and determinism */
char *
fixture_describe (MarrowGuidanceEvaluation *evaluation)
{
  GString *text = g_string_new (NULL);
  MarrowGuidanceFlags flags = marrow_guidance_evaluation_get_flags (evaluation);

  g_string_append_printf (text, "%s %s %s next=%u flags=",
                          marrow_guidance_classification_to_string (marrow_guidance_evaluation_get_classification (evaluation)),
                          marrow_guidance_durability_to_string (marrow_guidance_evaluation_get_durability (evaluation)),
                          marrow_guidance_recommendation_to_string (marrow_guidance_evaluation_get_recommendation (evaluation)),
                          marrow_guidance_evaluation_get_next_review (evaluation));
  for (guint i = 0; i < MARROW_GUIDANCE_N_FLAGS; i++)
    if (flags & (1u << i))
      g_string_append_printf (text, "%s,", marrow_guidance_flag_to_string (1u << i));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);
      g_autofree char *line = marrow_guidance_statement_dup_text (statement);

      g_string_append_printf (text, "  %s: %s\n",
                              marrow_guidance_statement_code_to_string (statement->code), line);
    }
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      g_string_append_printf (text, "  tp %u %s %u %u-%u %s %u %d\n", tp->anchor, tp->id,
                              tp->target, tp->opens, tp->closes,
                              marrow_guidance_time_point_status_to_string (tp->status),
                              tp->done_on, tp->superseded_by);
    }
  return g_string_free (text, FALSE);
}
