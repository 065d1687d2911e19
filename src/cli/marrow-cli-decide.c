/* marrow-cli-decide.c: marrow-cli decide DATABASE --case UUID (--accept | --override REASON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evaluates one joint case as "marrow-cli guidance" does and stores the
 * physician's decision on that evaluation (marrow-guidance-decision.c): the
 * inputs snapshot, the protocol, the acting staff member and the time.
 * Prints the stored decision as JSON; "guidance" prints it too.
 */
#define G_LOG_DOMAIN "marrow-cli-decide"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-cli-guidance-private.h"
#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-settings.h"
#include "marrow-guidance-decision.h"
#include "marrow-validate.h"

static void
add_text (JsonBuilder  *builder,
          const char   *member,
          MarrowRecord *record,
          const char   *field)
{
  json_builder_set_member_name (builder, member);
  if (marrow_record_is_null (record, field))
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, marrow_record_get_text (record, field));
}

/* A stored JSON text as a nested value, so the output stays one document */
static void
add_json (JsonBuilder  *builder,
          const char   *member,
          MarrowRecord *record,
          const char   *field)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (marrow_record_get_text (record, field), &error);

  json_builder_set_member_name (builder, member);
  if (node == NULL)
    {
      /* Not JSON (a damaged or foreign row): show the text as it is */
      json_builder_add_string_value (builder, marrow_record_get_text (record, field));
      return;
    }
  json_builder_add_value (builder, node);
}

/**
 * _marrow_cli_add_decision:
 * @decision: (nullable): a guidance_decision record, or %NULL for none
 *
 * Adds the decision as a JSON object, or null.
 */
void
_marrow_cli_add_decision (JsonBuilder  *builder,
                          MarrowRecord *decision)
{
  if (decision == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, marrow_record_get_id (decision));
  add_text (builder, "case", decision, "joint_case_id");
  add_text (builder, "as_of", decision, "as_of");
  add_text (builder, "decision", decision, "decision");
  add_text (builder, "reason", decision, "reason");
  add_text (builder, "recommendation", decision, "recommendation");
  add_text (builder, "classification", decision, "classification");
  add_text (builder, "action", decision, "chosen_action");
  json_builder_set_member_name (builder, "protocol");
  json_builder_begin_object (builder);
  add_text (builder, "id", decision, "protocol_id");
  add_text (builder, "version", decision, "protocol_version");
  json_builder_end_object (builder);
  add_text (builder, "decided_by", decision, "decided_by");
  add_text (builder, "decided_at", decision, "decided_at");
  add_json (builder, "inputs", decision, "inputs_json");
  add_json (builder, "evaluation", decision, "evaluation_json");
  json_builder_end_object (builder);
}

/* The options that say what was decided, checked before anything is read */
static gboolean
check_decision_options (gboolean     accept,
                        const char  *override,
                        const char  *action,
                        GError     **error)
{
  const MarrowFieldDef *actions = marrow_entity_find_field (&marrow_entity_guidance_decision,
                                                            "chosen_action");

  if (accept == (override != NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("give exactly one of --accept and --override REASON"));
      return FALSE;
    }
  if (override != NULL && marrow_text_is_blank (override))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--override: the reason must not be empty"));
      return FALSE;
    }
  if (action != NULL && override == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--action: an action is chosen only with --override"));
      return FALSE;
    }
  if (action != NULL && !marrow_field_enum_contains (actions, action))
    {
      g_autofree char *codes = g_strjoinv (", ", (char **)actions->enum_values);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--action: “%s” is not a recommendation (%s)"), action, codes);
      return FALSE;
    }
  return TRUE;
}

int
_marrow_cli_decide (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowGuidanceSnapshot) snapshot = NULL;
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowRecord) decision = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *override = NULL;
  g_autofree char *action = NULL;
  g_autofree char *at = NULL;
  g_autofree char *repeat = NULL;
  gboolean accept = FALSE;
  gboolean compact = FALSE;
  MarrowDay as_of = 0;
  MarrowDay repeat_on = 0;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The joint case decided on"), N_("UUID") },
    { "accept", 0, 0, G_OPTION_ARG_NONE, &accept, N_("Accept the recommendation"), NULL },
    { "override", 0, 0, G_OPTION_ARG_STRING, &override,
      N_("Override the recommendation, for this reason"), N_("REASON") },
    { "action", 0, 0, G_OPTION_ARG_STRING, &action,
      N_("With --override: the recommendation chosen instead (CONSIDER_REPEAT, MONITOR …)"),
      N_("CODE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("The evaluation day decided on (default: today)"), N_("YYYY-MM-DD") },
    { "repeat-on", 0, 0, G_OPTION_ARG_STRING, &repeat,
      N_("The evaluation checked a repeat injection requested for this day"), N_("YYYY-MM-DD") },
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact, N_("Print the JSON on one line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Evaluate one joint case as “guidance” does and store the "
                                  "physician's decision on it (accept, or override with a reason) "
                                  "with the inputs, the protocol, the author and the time; print "
                                  "the stored decision as JSON."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "decide"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("decide: expected exactly one DATABASE argument"));
  if (case_id == NULL)
    return _marrow_cli_fail (_("decide: --case UUID is required"));
  if (!check_decision_options (accept, override, action, &error) ||
      !_marrow_cli_parse_day (at, "--at", &as_of, &error) ||
      (repeat != NULL && !_marrow_cli_parse_day (repeat, "--repeat-on", &repeat_on, &error)))
    return _marrow_cli_fail ("decide: %s", error->message);

  evaluation = _marrow_cli_evaluate_case (argv[1], case_id, as_of, repeat_on, &store, &snapshot,
                                          &error);
  if (evaluation == NULL)
    return _marrow_cli_fail ("decide: %s", error->message);

  decision = marrow_guidance_decision_record (store, evaluation, snapshot,
                                              accept ? MARROW_GUIDANCE_DECISION_ACCEPT
                                                     : MARROW_GUIDANCE_DECISION_OVERRIDE,
                                              override, action, NULL, &error);
  if (decision == NULL)
    return _marrow_cli_fail ("decide: %s: %s", case_id, error->message);

  builder = json_builder_new ();
  _marrow_cli_add_decision (builder, decision);
  _marrow_cli_print_json (builder, !compact);
  return MARROW_CLI_EXIT_OK;
}
