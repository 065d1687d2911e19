/* marrow-cli-guidance.c: marrow-cli guidance DATABASE --case UUID [--at DATE]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the evaluation of one joint case as JSON: the keys of issue 6
 * (case, as_of, classification, durability, recommendation, flags,
 * next_review, statements with code, text and evidence) plus the protocol
 * it used, the domains it judged, the follow-up schedule and the
 * physician's latest decision on the case for that day (or null).
 */
#define G_LOG_DOMAIN "marrow-cli-guidance"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "marrow-cli-guidance-private.h"
#include "marrow-entities.h"
#include "marrow-guidance-settings.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-case.h"

/**
 * _marrow_cli_parse_day:
 *
 * A YYYY-MM-DD option value, or today's local date when @text is %NULL.
 */
gboolean
_marrow_cli_parse_day (const char  *text,
                       const char  *option,
                       MarrowDay   *day,
                       GError     **error)
{
  if (text == NULL)
    {
      *day = marrow_guidance_today ();
      return TRUE;
    }
  *day = marrow_day_parse (text);
  if (*day == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a date YYYY-MM-DD"), option, text);
      return FALSE;
    }
  return TRUE;
}

void
_marrow_cli_add_day (JsonBuilder *builder,
                     const char  *member,
                     MarrowDay    day)
{
  json_builder_set_member_name (builder, member);
  if (day == 0)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = marrow_day_format (day);

      json_builder_add_string_value (builder, text);
    }
}

static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_statements (JsonBuilder              *builder,
                MarrowGuidanceEvaluation *evaluation)
{
  json_builder_set_member_name (builder, "statements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);
      MarrowGuidanceEvidence evidence = marrow_guidance_statement_code_get_evidence (statement->code);
      g_autofree char *text = marrow_guidance_statement_dup_text (statement);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, marrow_guidance_statement_code_to_string (statement->code));
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, marrow_guidance_statement_code_get_rule (statement->code));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "class");
      json_builder_add_string_value (builder, marrow_guidance_evidence_to_string (evidence));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, marrow_guidance_evidence_get_label (evidence));
      json_builder_set_member_name (builder, "citation");
      json_builder_add_string_value (builder, marrow_guidance_statement_code_get_citation (statement->code));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_domains (JsonBuilder              *builder,
             MarrowGuidanceEvaluation *evaluation)
{
  json_builder_set_member_name (builder, "domains");
  json_builder_begin_array (builder);
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    {
      const MarrowGuidanceDomainResult *result = marrow_guidance_evaluation_get_domain (evaluation, d);

      if (result->source == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "domain");
      json_builder_add_string_value (builder, marrow_guidance_domain_to_string (d));
      json_builder_set_member_name (builder, "instrument");
      json_builder_add_string_value (builder, result->source->instrument);
      json_builder_set_member_name (builder, "score");
      json_builder_add_string_value (builder, result->source->score);
      add_number (builder, "baseline", result->baseline);
      _marrow_cli_add_day (builder, "baseline_date", result->baseline_day);
      add_number (builder, "current", result->current);
      _marrow_cli_add_day (builder, "current_date", result->current_day);
      add_number (builder, "peak", result->peak);
      json_builder_set_member_name (builder, "pass_met");
      if (result->pass_met < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_boolean_value (builder, result->pass_met == 1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_schedule (JsonBuilder              *builder,
              MarrowGuidanceEvaluation *evaluation,
              GArray                   *injections)
{
  json_builder_set_member_name (builder, "schedule");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "injection");
      json_builder_add_string_value (builder, g_array_index (injections, MarrowGuidanceInjection,
                                                             tp->anchor).id);
      json_builder_set_member_name (builder, "time_point");
      json_builder_add_string_value (builder, tp->id);
      _marrow_cli_add_day (builder, "target", tp->target);
      _marrow_cli_add_day (builder, "window_opens", tp->opens);
      _marrow_cli_add_day (builder, "window_closes", tp->closes);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, marrow_guidance_time_point_status_to_string (tp->status));
      _marrow_cli_add_day (builder, "done_on", tp->done_on);
      json_builder_set_member_name (builder, "superseded_by");
      if (tp->superseded_by < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, g_array_index (injections, MarrowGuidanceInjection,
                                                               tp->superseded_by).id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_evaluation (MarrowGuidanceEvaluation *evaluation,
                  GArray                   *injections,
                  MarrowRecord             *decision,
                  gboolean                  pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  MarrowGuidanceProtocol *protocol = marrow_guidance_evaluation_get_protocol (evaluation);
  MarrowGuidanceDurability durability = marrow_guidance_evaluation_get_durability (evaluation);
  MarrowGuidanceFlags flags = marrow_guidance_evaluation_get_flags (evaluation);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "case");
  json_builder_add_string_value (builder, marrow_guidance_evaluation_get_case_id (evaluation));
  _marrow_cli_add_day (builder, "as_of", marrow_guidance_evaluation_get_as_of (evaluation));
  json_builder_set_member_name (builder, "notice");
  json_builder_add_string_value (builder, _("Decision support for an investigational therapy; the physician decides."));
  json_builder_set_member_name (builder, "protocol");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, protocol->id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, protocol->version);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "classification");
  json_builder_add_string_value (builder, marrow_guidance_classification_to_string (
                                   marrow_guidance_evaluation_get_classification (evaluation)));
  json_builder_set_member_name (builder, "durability");
  if (durability == MARROW_GUIDANCE_DURABILITY_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, marrow_guidance_durability_to_string (durability));
  json_builder_set_member_name (builder, "recommendation");
  json_builder_add_string_value (builder, marrow_guidance_recommendation_to_string (
                                   marrow_guidance_evaluation_get_recommendation (evaluation)));
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < MARROW_GUIDANCE_N_FLAGS; i++)
    if (flags & (1u << i))
      json_builder_add_string_value (builder, marrow_guidance_flag_to_string (1u << i));
  json_builder_end_array (builder);
  _marrow_cli_add_day (builder, "next_review", marrow_guidance_evaluation_get_next_review (evaluation));
  add_statements (builder, evaluation);
  add_domains (builder, evaluation);
  add_schedule (builder, evaluation, injections);
  json_builder_set_member_name (builder, "decision");
  _marrow_cli_add_decision (builder, decision);
  json_builder_end_object (builder);

  _marrow_cli_print_json (builder, pretty);
}

/**
 * _marrow_cli_evaluate_case:
 * @path: the database
 * @case_id: the joint case
 * @as_of: the evaluation day
 * @repeat_on: a requested repeat's day, or 0
 * @store: (out): the open database
 * @snapshot: (out): what was evaluated
 * @error: a message without the command's name
 *
 * What `guidance` and `decide` do first: open the database, load its
 * protocols (with the practice's overrides) and evaluate the case.
 *
 * Returns: (transfer full) (nullable): the evaluation
 */
MarrowGuidanceEvaluation *
_marrow_cli_evaluate_case (const char              *path,
                           const char              *case_id,
                           MarrowDay                as_of,
                           MarrowDay                repeat_on,
                           MarrowStore            **store,
                           MarrowGuidanceSnapshot **snapshot,
                           GError                 **error)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GError) local_error = NULL;
  MarrowGuidanceEvaluation *evaluation;

  *store = _marrow_cli_open_database (path, FALSE, &local_error);
  if (*store == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  if (!(protocols = marrow_guidance_protocols_load (*store, error)))
    return NULL;

  joint_case = marrow_store_lookup (*store, &marrow_entity_joint_case, case_id, &local_error);
  if (joint_case == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, _("no joint case %s: %s"),
                   case_id, local_error->message);
      return NULL;
    }

  evaluation = marrow_guidance_evaluate_case (*store, protocols, joint_case, as_of, repeat_on,
                                              snapshot, &local_error);
  if (evaluation == NULL)
    g_set_error (error, local_error->domain, local_error->code, "%s: %s", case_id,
                 local_error->message);
  return evaluation;
}

int
_marrow_cli_guidance (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowGuidanceSnapshot) snapshot = NULL;
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowRecord) decision = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *at = NULL;
  g_autofree char *repeat = NULL;
  gboolean compact = FALSE;
  MarrowDay as_of = 0;
  MarrowDay repeat_on = 0;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The joint case to evaluate"), N_("UUID") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Evaluate as of this day (default: today); later records are ignored"), N_("YYYY-MM-DD") },
    { "repeat-on", 0, 0, G_OPTION_ARG_STRING, &repeat,
      N_("Check a repeat injection requested for this day (intervals, cumulative count, other injections)"),
      N_("YYYY-MM-DD") },
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact, N_("Print the JSON on one line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Print the repeat-treatment guidance for one joint case as JSON: "
                                  "classification, durability, recommendation, flags, next review, "
                                  "statements with their evidence, and the follow-up schedule."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "guidance"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("guidance: expected exactly one DATABASE argument"));
  if (case_id == NULL)
    return _marrow_cli_fail (_("guidance: --case UUID is required"));
  if (!_marrow_cli_parse_day (at, "--at", &as_of, &error) ||
      (repeat != NULL && !_marrow_cli_parse_day (repeat, "--repeat-on", &repeat_on, &error)))
    return _marrow_cli_fail ("guidance: %s", error->message);

  evaluation = _marrow_cli_evaluate_case (argv[1], case_id, as_of, repeat_on, &store, &snapshot,
                                          &error);
  if (evaluation == NULL)
    return _marrow_cli_fail ("guidance: %s", error->message);

  decision = marrow_guidance_decision_find_latest (store, case_id, as_of, &error);
  if (error != NULL)
    return _marrow_cli_fail ("guidance: %s: %s", case_id, error->message);

  print_evaluation (evaluation, snapshot->injections, decision, !compact);
  return MARROW_CLI_EXIT_OK;
}
