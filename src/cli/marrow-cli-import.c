/* marrow-cli-import.c: marrow-cli import DATABASE FILE [--dry-run] [--skip-conflicts]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli-import"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "marrow-archive.h"
#include "marrow-cli-private.h"

static void
print_summary (const MarrowArchiveImportSummary *summary,
               gboolean                          dry_run,
               FILE                             *stream)
{
  for (guint i = 0; i < summary->conflict_lines->len; i++)
    fprintf (stream, "%s\n", (const char *)summary->conflict_lines->pdata[i]);
  if (summary->conflicts > summary->conflict_lines->len)
    fprintf (stream, _("… and %" PRIu64 " more conflicts\n"),
             summary->conflicts - summary->conflict_lines->len);
  fprintf (stream, dry_run ? _("Dry run: %" PRIu64 " would be added, %" PRIu64
                               " skipped (identical), %" PRIu64 " in conflict\n")
                           : _("%" PRIu64 " added, %" PRIu64
                               " skipped (identical), %" PRIu64 " in conflict\n"),
           summary->added, summary->skipped, summary->conflicts);
  if (summary->audit_added > 0 || summary->audit_skipped > 0)
    fprintf (stream, dry_run ? _("Audit log entries of other databases: %" PRIu64
                                 " would be kept, %" PRIu64 " already kept\n")
                             : _("Audit log entries of other databases: %" PRIu64
                                 " kept, %" PRIu64 " already kept\n"),
             summary->audit_added, summary->audit_skipped);
}

int
_marrow_cli_import (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  MarrowArchiveImportOptions options = { FALSE, FALSE };
  MarrowArchiveImportSummary summary = { 0 };
  gboolean ok;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &options.dry_run,
      N_("Check and count everything, write nothing"), NULL },
    { "skip-conflicts", 0, 0, G_OPTION_ARG_NONE, &options.skip_conflicts,
      N_("Import the rest when records exist with other content (they stay untouched)"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE FILE"));
  g_option_context_set_summary (context,
                                _("Import a Marrow archive, all or nothing. Records are matched by "
                                  "UUID: new ones are added, identical ones skipped; one that exists "
                                  "with other content is a conflict, and any conflict stops the "
                                  "import unless --skip-conflicts is given."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "import"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 3)
    return _marrow_cli_fail (_("import: expected a DATABASE and a FILE"));

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("import: %s: %s", argv[1], error->message);

  file = g_file_new_for_commandline_arg (argv[2]);
  ok = marrow_archive_import (store, file, &options, &summary, NULL, NULL, NULL, &error);
  if (summary.conflict_lines != NULL && (ok || g_error_matches (error, MARROW_EXCHANGE_ERROR,
                                                                MARROW_EXCHANGE_ERROR_CONFLICT)))
    print_summary (&summary, options.dry_run, ok ? stdout : stderr);
  marrow_archive_import_summary_clear (&summary);

  if (!ok)
    return _marrow_cli_fail ("import: %s", error->message);
  return MARROW_CLI_EXIT_OK;
}
