/* marrow-cli-stats.c: marrow-cli stats DATABASE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "marrow-cli-private.h"

int
_marrow_cli_stats (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  const MarrowEntityDef * const *entities;
  gboolean compact = FALSE;
  guint n_entities;
  const GOptionEntry entries[] = {
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact, N_("Print the JSON on one line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Print the number of records of each type as a JSON object:\n"
                                  "{\"database\": PATH, \"records\": {TYPE: {\"current\": N, "
                                  "\"entered_in_error\": N}, …}}"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "stats"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("stats: expected exactly one DATABASE argument"));

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("stats: %s: %s", argv[1], error->message);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, argv[1]);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_object (builder);

  entities = marrow_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      gint64 current = 0;
      gint64 all = 0;

      if (!marrow_store_count (store, entities[i], FALSE, &current, &error) ||
          !marrow_store_count (store, entities[i], TRUE, &all, &error))
        return _marrow_cli_fail ("stats: %s: %s", argv[1], error->message);

      json_builder_set_member_name (builder, entities[i]->name);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "current");
      json_builder_add_int_value (builder, current);
      json_builder_set_member_name (builder, "entered_in_error");
      json_builder_add_int_value (builder, all - current);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  _marrow_cli_print_json (builder, !compact);

  return MARROW_CLI_EXIT_OK;
}
