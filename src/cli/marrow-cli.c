/* marrow-cli.c: subcommand dispatch and shared helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "marrow-cli-private.h"

typedef struct
{
  const char           *name;
  MarrowCliCommandFunc  func;
  const char           *summary;
} MarrowCliCommand;

static const MarrowCliCommand commands[] = {
  { "init",  _marrow_cli_init,  N_("Create a new, empty Marrow database") },
  { "check", _marrow_cli_check, N_("Check database integrity, foreign keys and the audit chain") },
  { "stats", _marrow_cli_stats, N_("Print record counts per type as JSON") },
  { "score", _marrow_cli_score, N_("Score questionnaire answers read as JSON from standard input") },
  { "instruments", _marrow_cli_instruments, N_("List the questionnaire definitions as JSON") },
  { "export", _marrow_cli_export, N_("Export the database (archive), or a patient or case (FHIR, CSV)") },
  { "import", _marrow_cli_import, N_("Import a Marrow archive, all or nothing, merging by UUID") },
  { "demo", _marrow_cli_demo, N_("Create or fill a database with the demo practice") },
  { "generate", _marrow_cli_generate, N_("Fill a database with a fictional practice of any size") },
  { "guidance", _marrow_cli_guidance, N_("Print the repeat-treatment guidance for one joint case as JSON") },
  { "decide", _marrow_cli_decide, N_("Store the physician's decision on a case's guidance (accept or override)") },
  { "worklist", _marrow_cli_worklist, N_("List due and overdue follow-ups and cases that need a physician") },
  { "chart", _marrow_cli_chart, N_("Draw a case's score chart as PNG, SVG or PDF") },
  { "report", _marrow_cli_report, N_("Write a case report, patient summary, follow-up letter or call list as PDF") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: marrow-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “marrow-cli COMMAND --help” for the options of a command."));
}

/**
 * _marrow_cli_fail:
 *
 * Prints one line "marrow-cli: MESSAGE" on standard error.
 *
 * Returns: %MARROW_CLI_EXIT_ERROR
 */
int
_marrow_cli_fail (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* one line, whatever the message held */
  g_strdelimit (message, "\n\r", ' ');
  g_printerr ("marrow-cli: %s\n", message);
  return MARROW_CLI_EXIT_ERROR;
}

/**
 * _marrow_cli_parse:
 *
 * Parses the options of a subcommand.  On a usage error prints one line and
 * returns %FALSE.
 */
gboolean
_marrow_cli_parse (GOptionContext   *context,
                   int              *argc,
                   char           ***argv,
                   const char       *usage_name)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      _marrow_cli_fail ("%s: %s", usage_name, error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * _marrow_cli_print_json:
 *
 * Prints the object built in @builder on standard output, with a newline.
 */
void
_marrow_cli_print_json (JsonBuilder *builder,
                        gboolean     pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/**
 * _marrow_cli_open_database:
 *
 * Opens @path; the caller reports @error.
 */
MarrowStore *
_marrow_cli_open_database (const char  *path,
                           gboolean     create,
                           GError     **error)
{
  return marrow_store_open (path, create, error);
}

/**
 * marrow_cli_run:
 *
 * Runs marrow-cli with @argv (argv[0] is the program name).
 *
 * Returns: the exit status
 */
int
marrow_cli_run (int    argc,
                char **argv)
{
  g_return_val_if_fail (argc >= 1, MARROW_CLI_EXIT_ERROR);

  if (argc < 2)
    {
      print_usage (stderr);
      return MARROW_CLI_EXIT_ERROR;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return MARROW_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("marrow-cli %s\n", PACKAGE_VERSION);
      return MARROW_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].func (argc - 1, argv + 1);

  _marrow_cli_fail (_("unknown command “%s”; run “marrow-cli --help” for the list"), argv[1]);
  return MARROW_CLI_EXIT_ERROR;
}
