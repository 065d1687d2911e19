/* marrow-cli-worklist.c: marrow-cli worklist DATABASE [--at DATE] [--format json|csv]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the list of marrow_worklist_collect() (src/store/marrow-worklist.c):
 * the follow-up time points of active joint cases that are due or overdue,
 * for call lists, and the cases whose recommendation needs a physician.
 *
 * CSV columns, one row per entry (RFC 4180, header first):
 *   kind            followup or review
 *   case            the joint case's UUID
 *   local_id, family_name, given_names, phone   the patient
 *   site, side      the joint
 *   time_point      followup: the protocol's id (6w, 3m, …, 24m)
 *   target, window_opens, window_closes         followup: YYYY-MM-DD
 *   status          followup: DUE or OVERDUE
 *   recommendation, classification              review
 */
#define G_LOG_DOMAIN "marrow-cli-worklist"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-cli-guidance-private.h"
#include "marrow-entities.h"
#include "marrow-guidance-settings.h"
#include "marrow-worklist.h"

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_person (JsonBuilder *builder,
            const MarrowWorklistEntry *entry)
{
  add_text (builder, "case", entry->case_id);
  add_text (builder, "local_id", marrow_record_get_text (entry->patient, "local_id"));
  add_text (builder, "family_name", marrow_record_get_text (entry->patient, "family_name"));
  add_text (builder, "given_names", marrow_record_get_text (entry->patient, "given_names"));
  add_text (builder, "phone", marrow_record_get_text (entry->patient, "phone"));
  add_text (builder, "site", marrow_record_get_text (entry->joint_case, "site"));
  add_text (builder, "side", marrow_record_get_text (entry->joint_case, "side"));
}

static void
print_json (GPtrArray *entries,
            MarrowDay  as_of,
            gboolean   pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  _marrow_cli_add_day (builder, "as_of", as_of);
  for (int review = 0; review <= 1; review++)
    {
      json_builder_set_member_name (builder, review ? "reviews" : "followups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < entries->len; i++)
        {
          const MarrowWorklistEntry *entry = entries->pdata[i];

          if (entry->review != review)
            continue;
          json_builder_begin_object (builder);
          add_person (builder, entry);
          if (review)
            {
              add_text (builder, "recommendation",
                        marrow_guidance_recommendation_to_string (entry->recommendation));
              add_text (builder, "classification",
                        marrow_guidance_classification_to_string (entry->classification));
            }
          else
            {
              add_text (builder, "time_point", entry->time_point);
              _marrow_cli_add_day (builder, "target", entry->target);
              _marrow_cli_add_day (builder, "window_opens", entry->opens);
              _marrow_cli_add_day (builder, "window_closes", entry->closes);
              add_text (builder, "status", marrow_guidance_time_point_status_to_string (entry->status));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  _marrow_cli_print_json (builder, pretty);
}

/* RFC 4180: quoted when it holds a comma, quote or line break */
static void
append_cell (GString    *line,
             const char *value,
             gboolean    last)
{
  if (value != NULL && strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else if (value != NULL)
    g_string_append (line, value);
  g_string_append (line, last ? "\r\n" : ",");
}

static void
print_csv (GPtrArray *entries)
{
  static const char * const columns[] = {
    "kind", "case", "local_id", "family_name", "given_names", "phone", "site", "side",
    "time_point", "target", "window_opens", "window_closes", "status", "recommendation",
    "classification",
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    append_cell (out, columns[c], c + 1 == G_N_ELEMENTS (columns));
  for (guint i = 0; i < entries->len; i++)
    {
      const MarrowWorklistEntry *entry = entries->pdata[i];
      g_autofree char *target = entry->review ? NULL : marrow_day_format (entry->target);
      g_autofree char *opens = entry->review ? NULL : marrow_day_format (entry->opens);
      g_autofree char *closes = entry->review ? NULL : marrow_day_format (entry->closes);
      const char *cells[] = {
        entry->review ? "review" : "followup", entry->case_id,
        marrow_record_get_text (entry->patient, "local_id"),
        marrow_record_get_text (entry->patient, "family_name"),
        marrow_record_get_text (entry->patient, "given_names"),
        marrow_record_get_text (entry->patient, "phone"),
        marrow_record_get_text (entry->joint_case, "site"),
        marrow_record_get_text (entry->joint_case, "side"),
        entry->time_point, target, opens, closes,
        entry->review ? NULL : marrow_guidance_time_point_status_to_string (entry->status),
        entry->review ? marrow_guidance_recommendation_to_string (entry->recommendation) : NULL,
        entry->review ? marrow_guidance_classification_to_string (entry->classification) : NULL,
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (columns));
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        append_cell (out, cells[c], c + 1 == G_N_ELEMENTS (cells));
    }
  g_print ("%s", out->str);
}

int
_marrow_cli_worklist (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at = NULL;
  g_autofree char *format = NULL;
  gboolean compact = FALSE;
  MarrowDay as_of = 0;
  const GOptionEntry entries_options[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Make the list as of this day (default: today)"), N_("YYYY-MM-DD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("json (default) or csv"), N_("FORMAT") },
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact, N_("Print the JSON on one line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("List the follow-ups that are due or overdue and the joint cases "
                                  "whose guidance needs a physician (HOLD_CLINICAL_REVIEW, "
                                  "CONSIDER_REPEAT, PROTOCOL_SECOND_DOSE_DUE, REPEAT_NOT_SUPPORTED), "
                                  "as JSON or as CSV for call lists."));
  g_option_context_add_main_entries (context, entries_options, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "worklist"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("worklist: expected exactly one DATABASE argument"));
  if (format != NULL && g_strcmp0 (format, "json") != 0 && g_strcmp0 (format, "csv") != 0)
    return _marrow_cli_fail (_("worklist: unknown format “%s”; use json or csv"), format);
  if (!_marrow_cli_parse_day (at, "--at", &as_of, &error))
    return _marrow_cli_fail ("worklist: %s", error->message);

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("worklist: %s: %s", argv[1], error->message);
  protocols = marrow_guidance_protocols_load (store, &error);
  if (protocols == NULL)
    return _marrow_cli_fail ("worklist: %s", error->message);

  entries = marrow_worklist_collect (store, protocols, as_of, NULL, NULL, NULL, &error);
  if (entries == NULL)
    return _marrow_cli_fail ("worklist: %s", error->message);

  if (g_strcmp0 (format, "csv") == 0)
    print_csv (entries);
  else
    print_json (entries, as_of, !compact);
  return MARROW_CLI_EXIT_OK;
}
