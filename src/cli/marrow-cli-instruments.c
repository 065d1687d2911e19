/* marrow-cli-instruments.c: marrow-cli instruments [INSTRUMENT…]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists the loaded instrument definitions (bundled and the practice's own,
 * docs/instruments.md) with their items and scores, as JSON.
 */
#define G_LOG_DOMAIN "marrow-cli-instruments"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "marrow-cli-private.h"
#include "marrow-instrument-registry.h"

static const char *
display_name (MarrowScoreDisplay display)
{
  switch (display)
    {
    case MARROW_SCORE_DISPLAY_WHOLE:
      return "whole";
    case MARROW_SCORE_DISPLAY_WHOLE_IF_COMPLETE:
      return "whole-if-complete";
    case MARROW_SCORE_DISPLAY_ONE_DECIMAL:
    default:
      return "one-decimal";
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_options (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *options)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < options->len; i++)
    {
      const MarrowInstrumentOption *option = options->pdata[i];

      json_builder_begin_object (builder);
      add_double (builder, "value", option->value);
      add_string (builder, "label", option->label);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_items (JsonBuilder      *builder,
           MarrowInstrument *instrument)
{
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      const MarrowInstrumentItem *item = marrow_instrument_get_item (instrument, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", item->id);
      add_string (builder, "label", item->label);
      add_string (builder, "text", item->text);
      add_double (builder, "min", item->min);
      add_double (builder, "max", item->max);
      add_bool (builder, "whole", item->whole);
      add_bool (builder, "reverse", item->reverse);
      if (item->options->len > 0)
        add_options (builder, "options", item->options);
      if (item->anchors->len > 0)
        add_options (builder, "anchors", item->anchors);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_thresholds (JsonBuilder      *builder,
                MarrowInstrument *instrument,
                guint             score)
{
  json_builder_set_member_name (builder, "thresholds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_instrument_get_n_thresholds (instrument); i++)
    {
      const MarrowThreshold *threshold = marrow_instrument_get_threshold (instrument, i);

      if (threshold->score != score)
        continue;
      json_builder_begin_object (builder);
      add_string (builder, "kind", marrow_threshold_kind_to_string (threshold->kind));
      add_double (builder, "value", threshold->value);
      add_string (builder, "joint", threshold->joint);
      add_string (builder, "population", threshold->population);
      add_string (builder, "citation", threshold->citation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_scores (JsonBuilder      *builder,
            MarrowInstrument *instrument)
{
  json_builder_set_member_name (builder, "scores");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_instrument_get_n_scores (instrument); i++)
    {
      const MarrowInstrumentScore *score = marrow_instrument_get_score (instrument, i);

      json_builder_begin_object (builder);
      add_string (builder, "key", score->key);
      add_string (builder, "label", score->label);
      add_string (builder, "method", marrow_score_method_to_string (score->method));
      add_double (builder, "min", score->min);
      add_double (builder, "max", score->max);
      add_bool (builder, "higher_is_better", score->higher_is_better);
      add_string (builder, "display", display_name (score->display));
      add_thresholds (builder, instrument, i);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_instrument (JsonBuilder      *builder,
                MarrowInstrument *instrument)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", marrow_instrument_get_id (instrument));
  add_string (builder, "name", marrow_instrument_get_name (instrument));
  add_string (builder, "version", marrow_instrument_get_version (instrument));
  add_string (builder, "joint", marrow_instrument_get_joint (instrument));
  add_string (builder, "source", marrow_instrument_get_source (instrument));
  add_bool (builder, "free_to_use", marrow_instrument_is_free_to_use (instrument));
  add_string (builder, "licence", marrow_instrument_get_licence (instrument));

  json_builder_set_member_name (builder, "scoring_versions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_instrument_get_n_scoring_versions (instrument); i++)
    {
      const MarrowScoringVersion *version = marrow_instrument_get_scoring_version (instrument, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", version->id);
      add_string (builder, "label", version->label);
      add_bool (builder, "default", version->is_default);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_items (builder, instrument);
  add_scores (builder, instrument);

  json_builder_set_member_name (builder, "derivable_from");
  json_builder_begin_array (builder);
  for (guint i = 0; i < marrow_instrument_get_n_derivations (instrument); i++)
    json_builder_add_string_value (builder, marrow_instrument_get_derivation (instrument, i)->from);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

int
_marrow_cli_instruments (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowInstrumentRegistry) registry = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  gboolean compact = FALSE;
  const GOptionEntry entries[] = {
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact, N_("Print the JSON on one line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("[INSTRUMENT…]"));
  g_option_context_set_summary (context,
                                _("List the loaded questionnaire definitions with their items and "
                                  "scores as JSON: {\"instruments\": [{\"id\": …, \"items\": […], "
                                  "\"scores\": […]}, …]}. Definitions come with Marrow and from "
                                  "~/.config/marrow/instruments/."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "instruments"))
    return MARROW_CLI_EXIT_ERROR;

  registry = marrow_instrument_registry_load_default (&error);
  if (registry == NULL)
    return _marrow_cli_fail ("instruments: %s", error->message);

  if (argc > 1)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 1; i < argc; i++)
        {
          MarrowInstrument *instrument =
            marrow_instrument_registry_lookup_checked (registry, argv[i], NULL, &error);

          if (instrument == NULL)
            return _marrow_cli_fail ("instruments: %s", error->message);
          g_ptr_array_add (list, g_object_ref (instrument));
        }
    }
  else
    list = marrow_instrument_registry_list (registry);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instruments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    add_instrument (builder, list->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _marrow_cli_print_json (builder, !compact);
  return MARROW_CLI_EXIT_OK;
}
