/* marrow-cli-score.c: marrow-cli score INSTRUMENT < answers.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is instruments-contract.md: one JSON object of item answers
 * on standard input, one JSON object with every score (null when not
 * scorable) on standard output, exit status 2 and one line on standard
 * error naming the problem.  Nothing is printed on standard output unless
 * every answer is valid.
 */
#define G_LOG_DOMAIN "marrow-cli-score"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "marrow-cli-private.h"
#include "marrow-strict-json.h"
#include "marrow-instrument-registry.h"
#include "marrow-instrument-score.h"
#include "marrow-number.h"

/* Far more than any questionnaire's answers */
#define MAX_INPUT_BYTES (1024 * 1024)

static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[8192];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      g_byte_array_append (data, buffer, (guint)n);
      if (data->len > MAX_INPUT_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("the input is larger than 1 MiB"));
          return NULL;
        }
    }
  if (ferror (stdin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot read standard input"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* The answers object -> checked answers.  Members are checked in the order
 * they appear, so the first bad one is named. */
static MarrowAnswers *
parse_answers (MarrowInstrument  *instrument,
               GBytes            *input,
               GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);
  g_autoptr(GList) members = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  gsize len;
  const char *data = g_bytes_get_data (input, &len);

  /* empty input has no data pointer; json-glib refuses NULL */
  if (data == NULL)
    data = "";
  if (!marrow_strict_json_check (data, len, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize)len, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the input is not a JSON object (%s)"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the input is not a JSON object of item answers"));
      return NULL;
    }

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *item = l->data;
      JsonNode *node = json_object_get_member (object, item);
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;
      /* An unknown item is named whatever its value */
      const MarrowInstrumentItem *def = marrow_instrument_check_item (instrument, item, error);

      if (def == NULL)
        return NULL;
      /* null is "missing", as every item of new answers already is */
      if (JSON_NODE_HOLDS_NULL (node))
        continue;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        {
          g_autofree char *allowed = marrow_instrument_describe_allowed (def);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("item “%s” of %s: the value must be a number or null; allowed: %s"),
                       item, marrow_instrument_get_id (instrument), allowed);
          return NULL;
        }

      if (!marrow_answers_set (answers, item, json_node_get_double (node), error))
        return NULL;
    }

  return g_steal_pointer (&answers);
}

/* Ids and keys are [A-Za-z0-9_] (data/marrow-instrument.xsd): no escaping */
static char *
scores_to_json (MarrowInstrument *instrument,
                MarrowScores     *scores,
                gboolean          pretty)
{
  GString *out = g_string_new (NULL);
  const char *indent = pretty ? "\n    " : "";

  g_string_append_printf (out, "{%s\"instrument\": \"%s\",%s\"scores\": {",
                          pretty ? "\n  " : "", marrow_instrument_get_id (instrument),
                          pretty ? "\n  " : " ");
  for (guint i = 0; i < marrow_scores_get_n_values (scores); i++)
    {
      const MarrowScoreValue *value = marrow_scores_get_value (scores, i);

      g_string_append_printf (out, "%s%s\"%s\": ", i > 0 ? (pretty ? "," : ", ") : "", indent,
                              value->definition->key);
      if (value->scorable)
        {
          g_autofree char *number = marrow_number_to_string (value->value);

          g_string_append (out, number);
        }
      else
        g_string_append (out, "null");
    }
  g_string_append_printf (out, "%s}%s}", pretty ? "\n  " : "", pretty ? "\n" : "");
  return g_string_free (out, FALSE);
}

int
_marrow_cli_score (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowInstrumentRegistry) registry = NULL;
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autoptr(MarrowScores) scores = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scoring_version = NULL;
  g_autofree char *from = NULL;
  MarrowInstrument *instrument;
  MarrowInstrument *source;
  gboolean pretty = FALSE;
  const GOptionEntry entries[] = {
    { "scoring-version", 's', 0, G_OPTION_ARG_STRING, &scoring_version,
      N_("Score with this rule version (e.g. 1998 for legacy KOOS data)"), N_("ID") },
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from,
      N_("The answers are to this long form; derive INSTRUMENT from them (e.g. --from KOOS "
         "for WOMAC or KOOS_JR)"), N_("INSTRUMENT") },
    { "pretty", 'p', 0, G_OPTION_ARG_NONE, &pretty, N_("Indent the JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("INSTRUMENT"));
  g_option_context_set_summary (context,
                                _("Read a JSON object of item answers on standard input, e.g.\n"
                                  "{\"P1\": 2, \"P2\": null, …}, and print every score:\n"
                                  "{\"instrument\": ID, \"scores\": {KEY: NUMBER or null, …}}.\n"
                                  "An absent or null item is missing. Errors exit with status 2."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "score"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("score: expected exactly one INSTRUMENT argument"));

  registry = marrow_instrument_registry_load_default (&error);
  if (registry == NULL)
    return _marrow_cli_fail ("score: %s", error->message);

  /* one lookup at a time: a second failure must not overwrite the first error */
  instrument = marrow_instrument_registry_lookup_checked (registry, argv[1], NULL, &error);
  if (instrument == NULL)
    return _marrow_cli_fail ("score: %s", error->message);
  source = from != NULL ? marrow_instrument_registry_lookup_checked (registry, from, NULL, &error)
                        : instrument;
  if (source == NULL)
    return _marrow_cli_fail ("score: %s", error->message);
  if (source != instrument && marrow_instrument_find_derivation (instrument, from) == NULL)
    return _marrow_cli_fail (_("score: %s cannot be derived from %s"), argv[1], from);

  input = read_stdin (&error);
  if (input == NULL)
    return _marrow_cli_fail ("score: %s", error->message);

  answers = parse_answers (source, input, &error);
  if (answers != NULL && source != instrument)
    {
      g_autoptr(MarrowAnswers) long_form = g_steal_pointer (&answers);

      answers = marrow_answers_derive (long_form, instrument, &error);
    }
  if (answers == NULL)
    return _marrow_cli_fail ("score: %s", error->message);

  scores = marrow_instrument_score (answers, scoring_version, &error);
  if (scores == NULL)
    return _marrow_cli_fail ("score: %s", error->message);

  output = scores_to_json (instrument, scores, pretty);
  g_print ("%s\n", output);
  return MARROW_CLI_EXIT_OK;
}
