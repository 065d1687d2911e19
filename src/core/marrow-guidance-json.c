/* marrow-guidance-json.c: canonical JSON of a guidance snapshot and evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A physician's decision is stored with what the engine read and what it
 * said (issue 6, point 5), so both are written here as canonical JSON: the
 * value helpers of marrow-canonical-json.c, keys in the fixed order below,
 * no white space, every list in the snapshot's own (day) order.  The same
 * snapshot or evaluation always gives the same bytes.  Days are
 * "YYYY-MM-DD", a missing day or number is null, booleans are true/false.
 *
 * Snapshot: {"case","joint","kl_grade","age_years","bmi","planned_repeat",
 *   "injections":[{"day","id","product","route","ind_recorded","tnc_cells",
 *   "viable_cells","cells_per_kg"}], "scores":[{"day","instrument","score",
 *   "value"}], "adverse_events":[{"onset","resolved","category","severity",
 *   "serious","related"}], "checklists":[{"day","flags":[…]}],
 *   "other_injections":[{"day","kind"}]}
 *
 * Evaluation: {"case","as_of","protocol":{"id","version"},"classification",
 *   "durability","recommendation","flags":[…],"next_review",
 *   "statements":[{"code","num":[6 numbers],"str":[2 strings]}],
 *   "domains":[{"domain","instrument","score","baseline","baseline_day",
 *   "current","current_day","peak","pass_met"}]}
 * Statements keep their numbers rather than their text, which is translated
 * when read; a domain without a source is left out.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>

#include "marrow-canonical-json.h"
#include "marrow-guidance-json.h"

/* Codes of MarrowGuidanceRoute: the injection routes of the domain model */
static const char * const route_codes[] = {
  "intra_articular", "peri_articular", "intravenous", "other",
};

/* A comma unless @out has just opened an object or an array */
static void
separate (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '{' && last != '[' && last != ':' && last != '\0')
    g_string_append_c (out, ',');
}

static void
key (GString    *out,
     const char *name)
{
  separate (out);
  marrow_json_append_string (out, name);
  g_string_append_c (out, ':');
}

static void
put_string (GString    *out,
            const char *name,
            const char *value)
{
  key (out, name);
  marrow_json_append_string (out, value);
}

static void
put_int (GString    *out,
         const char *name,
         gint64      value)
{
  key (out, name);
  marrow_json_append_int (out, value);
}

/* A negative count ("not known") is null */
static void
put_count (GString    *out,
           const char *name,
           int         value)
{
  key (out, name);
  if (value < 0)
    g_string_append (out, "null");
  else
    marrow_json_append_int (out, value);
}

/* NAN is null */
static void
put_real (GString    *out,
          const char *name,
          double      value)
{
  key (out, name);
  marrow_json_append_real (out, value);
}

static void
put_bool (GString    *out,
          const char *name,
          gboolean    value)
{
  key (out, name);
  g_string_append (out, value ? "true" : "false");
}

/* Day 0 is null */
static void
put_day (GString    *out,
         const char *name,
         MarrowDay   day)
{
  g_autofree char *text = day > 0 ? marrow_day_format (day) : NULL;

  put_string (out, name, text);
}

static void
open_list (GString    *out,
           const char *name)
{
  key (out, name);
  g_string_append_c (out, '[');
}

static void
open_item (GString *out)
{
  separate (out);
  g_string_append_c (out, '{');
}

static void
put_injections (GString *out,
                GArray  *injections)
{
  open_list (out, "injections");
  for (guint i = 0; i < injections->len; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (injections,
                                                                 MarrowGuidanceInjection, i);

      g_assert (injection->route < G_N_ELEMENTS (route_codes));
      open_item (out);
      put_day (out, "day", injection->day);
      put_string (out, "id", injection->id);
      put_string (out, "product", marrow_guidance_product_to_string (injection->product));
      put_string (out, "route", route_codes[injection->route]);
      put_bool (out, "ind_recorded", injection->ind_recorded);
      put_real (out, "tnc_cells", injection->tnc_cells);
      put_real (out, "viable_cells", injection->viable_cells);
      put_real (out, "cells_per_kg", injection->cells_per_kg);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
put_scores (GString *out,
            GArray  *scores)
{
  open_list (out, "scores");
  for (guint i = 0; i < scores->len; i++)
    {
      const MarrowGuidanceScore *score = &g_array_index (scores, MarrowGuidanceScore, i);

      open_item (out);
      put_day (out, "day", score->day);
      put_string (out, "instrument", score->instrument);
      put_string (out, "score", score->score);
      put_real (out, "value", score->value);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
put_adverse_events (GString *out,
                    GArray  *events)
{
  open_list (out, "adverse_events");
  for (guint i = 0; i < events->len; i++)
    {
      const MarrowGuidanceAdverseEvent *event = &g_array_index (events,
                                                                MarrowGuidanceAdverseEvent, i);

      open_item (out);
      put_day (out, "onset", event->onset);
      put_day (out, "resolved", event->resolved);
      put_string (out, "category", event->category);
      put_int (out, "severity", event->severity);
      put_bool (out, "serious", event->serious);
      put_bool (out, "related", event->related);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
put_checklists (GString *out,
                GArray  *checklists)
{
  open_list (out, "checklists");
  for (guint i = 0; i < checklists->len; i++)
    {
      const MarrowGuidanceChecklist *checklist = &g_array_index (checklists,
                                                                 MarrowGuidanceChecklist, i);

      open_item (out);
      put_day (out, "day", checklist->day);
      open_list (out, "flags");
      for (guint bit = 0; bit < MARROW_GUIDANCE_N_RED_FLAGS; bit++)
        if (checklist->flags & (1u << bit))
          {
            separate (out);
            marrow_json_append_string (out, marrow_guidance_red_flag_to_string (1u << bit));
          }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, ']');
}

static void
put_other_injections (GString *out,
                      GArray  *others)
{
  open_list (out, "other_injections");
  for (guint i = 0; i < others->len; i++)
    {
      const MarrowGuidanceOtherInjection *other = &g_array_index (others,
                                                                  MarrowGuidanceOtherInjection, i);

      open_item (out);
      put_day (out, "day", other->day);
      put_string (out, "kind", other->kind);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/**
 * marrow_guidance_snapshot_to_canonical_json:
 * @snapshot: a snapshot
 *
 * Everything the engine reads, as canonical JSON (see the top of this
 * file): the "inputs snapshot" of a stored decision.
 *
 * Returns: (transfer full): the JSON text
 */
char *
marrow_guidance_snapshot_to_canonical_json (const MarrowGuidanceSnapshot *snapshot)
{
  GString *out;

  g_return_val_if_fail (snapshot != NULL, NULL);

  out = g_string_new ("{");
  put_string (out, "case", snapshot->case_id);
  put_string (out, "joint", marrow_guidance_joint_to_string (snapshot->joint));
  put_count (out, "kl_grade", snapshot->kl_grade);
  put_count (out, "age_years", snapshot->age_years);
  put_real (out, "bmi", snapshot->bmi);
  put_day (out, "planned_repeat", snapshot->planned_repeat);
  put_injections (out, snapshot->injections);
  put_scores (out, snapshot->scores);
  put_adverse_events (out, snapshot->adverse_events);
  put_checklists (out, snapshot->checklists);
  put_other_injections (out, snapshot->other_injections);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
put_statements (GString                  *out,
                MarrowGuidanceEvaluation *evaluation)
{
  open_list (out, "statements");
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);

      open_item (out);
      put_string (out, "code", marrow_guidance_statement_code_to_string (statement->code));
      open_list (out, "num");
      for (guint n = 0; n < MARROW_GUIDANCE_STATEMENT_N_NUMBERS; n++)
        {
          separate (out);
          marrow_json_append_real (out, statement->num[n]);
        }
      g_string_append_c (out, ']');
      open_list (out, "str");
      for (guint s = 0; s < G_N_ELEMENTS (statement->str); s++)
        {
          separate (out);
          marrow_json_append_string (out, statement->str[s]);
        }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, ']');
}

static void
put_domains (GString                  *out,
             MarrowGuidanceEvaluation *evaluation)
{
  open_list (out, "domains");
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    {
      const MarrowGuidanceDomainResult *result = marrow_guidance_evaluation_get_domain (evaluation, d);

      if (result->source == NULL)
        continue;
      open_item (out);
      put_string (out, "domain", marrow_guidance_domain_to_string (d));
      put_string (out, "instrument", result->source->instrument);
      put_string (out, "score", result->source->score);
      put_real (out, "baseline", result->baseline);
      put_day (out, "baseline_day", result->baseline_day);
      put_real (out, "current", result->current);
      put_day (out, "current_day", result->current_day);
      put_real (out, "peak", result->peak);
      key (out, "pass_met");
      g_string_append (out, result->pass_met < 0 ? "null" : result->pass_met ? "true" : "false");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/**
 * marrow_guidance_evaluation_to_canonical_json:
 * @evaluation: an evaluation
 *
 * What the engine concluded, as canonical JSON (see the top of this file):
 * codes, flags, next review, statements with their numbers and the domains
 * it judged.
 *
 * Returns: (transfer full): the JSON text
 */
char *
marrow_guidance_evaluation_to_canonical_json (MarrowGuidanceEvaluation *evaluation)
{
  MarrowGuidanceProtocol *protocol;
  MarrowGuidanceDurability durability;
  MarrowGuidanceFlags flags;
  GString *out;

  g_return_val_if_fail (evaluation != NULL, NULL);

  protocol = marrow_guidance_evaluation_get_protocol (evaluation);
  durability = marrow_guidance_evaluation_get_durability (evaluation);
  flags = marrow_guidance_evaluation_get_flags (evaluation);

  out = g_string_new ("{");
  put_string (out, "case", marrow_guidance_evaluation_get_case_id (evaluation));
  put_day (out, "as_of", marrow_guidance_evaluation_get_as_of (evaluation));
  key (out, "protocol");
  g_string_append_c (out, '{');
  put_string (out, "id", protocol->id);
  put_string (out, "version", protocol->version);
  g_string_append_c (out, '}');
  put_string (out, "classification", marrow_guidance_classification_to_string (
                marrow_guidance_evaluation_get_classification (evaluation)));
  put_string (out, "durability", durability == MARROW_GUIDANCE_DURABILITY_NONE ? NULL
                                 : marrow_guidance_durability_to_string (durability));
  put_string (out, "recommendation", marrow_guidance_recommendation_to_string (
                marrow_guidance_evaluation_get_recommendation (evaluation)));
  open_list (out, "flags");
  for (guint bit = 0; bit < MARROW_GUIDANCE_N_FLAGS; bit++)
    if (flags & (1u << bit))
      {
        separate (out);
        marrow_json_append_string (out, marrow_guidance_flag_to_string (1u << bit));
      }
  g_string_append_c (out, ']');
  put_day (out, "next_review", marrow_guidance_evaluation_get_next_review (evaluation));
  put_statements (out, evaluation);
  put_domains (out, evaluation);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
