/* marrow-cli-export.c: marrow-cli export DATABASE [--format …] [-o FILE]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli-export"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "marrow-archive.h"
#include "marrow-cli-private.h"
#include "marrow-csv-export.h"
#include "marrow-fhir-export.h"

/* Where the export goes: FILE, replaced only once the export is complete
 * (and readable by its owner only: exports hold patient data), or standard
 * output. */
static GOutputStream *
open_output (const char    *path,
             GError       **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    return g_unix_output_stream_new (1, FALSE);

  file = g_file_new_for_commandline_arg (path);
  return marrow_exchange_create_output (file, NULL, error);
}

static gboolean
run_export (MarrowStore             *store,
            const char              *format,
            MarrowExchangeScope     *scope,
            const MarrowCsvOptions  *csv,
            GOutputStream           *out,
            GError                 **error)
{
  if (g_strcmp0 (format, "csv") == 0)
    return marrow_csv_export (store, scope, csv, out, NULL, NULL, NULL, error);
  if (g_strcmp0 (format, "fhir") == 0)
    return marrow_fhir_export (store, scope, out, NULL, NULL, NULL, error);

  if (g_strcmp0 (format, "archive") == 0)
    return marrow_archive_export (store, scope, out, NULL, NULL, NULL, error);

  g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
               _("unknown format “%s”; use archive, fhir or csv"), format);
  return FALSE;
}

int
_marrow_cli_export (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *jcase = NULL;
  g_autofree char *key = NULL;
  gboolean pseudonymise = FALSE;
  gboolean with_audit = FALSE;
  MarrowExchangeScope scope;
  MarrowCsvOptions csv;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("archive (default: lossless; with --patient or --case, their records and what those "
         "refer to), fhir (FHIR R4 XML Bundle) or csv (scores in long format)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient, N_("Only this patient"), N_("UUID") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &jcase, N_("Only this joint case"), N_("UUID") },
    { "with-audit", 0, 0, G_OPTION_ARG_NONE, &with_audit,
      N_("Archive of the whole database: also its audit log, and the logs of databases it "
         "imported"), NULL },
    { "pseudonymise", 0, 0, G_OPTION_ARG_NONE, &pseudonymise,
      N_("CSV: leave out local identifiers and dates; replace UUIDs by keyed hashes"), NULL },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key,
      N_("CSV: the secret (16 characters or more) behind the pseudonyms; without it, this "
         "database's own key (made once, kept in its settings), so pseudonyms stay the same "
         "across its exports"), N_("SECRET") },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context, _("Export the database, a patient or a joint case."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "export"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("export: expected exactly one DATABASE argument"));
  if (patient != NULL && jcase != NULL)
    return _marrow_cli_fail (_("export: give --patient or --case, not both"));

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("export: %s: %s", argv[1], error->message);

  out = open_output (output, &error);
  if (out == NULL)
    return _marrow_cli_fail ("export: %s: %s", output, error->message);

  if (with_audit && (g_strcmp0 (format != NULL ? format : "archive", "archive") != 0 ||
                     patient != NULL || jcase != NULL))
    return _marrow_cli_fail (_("export: --with-audit applies to an archive of the whole "
                               "database only"));
  if ((pseudonymise || key != NULL) && g_strcmp0 (format, "csv") != 0)
    return _marrow_cli_fail (_("export: --pseudonymise and --key apply to --format csv only"));

  /* Without --key, the database's own key: pseudonyms stay the same from
   * one export to the next, so follow-up exports can be joined */
  if (pseudonymise && key == NULL && !marrow_csv_site_pseudonym_key (store, &key, &error))
    return _marrow_cli_fail ("export: %s", error->message);

  scope = (MarrowExchangeScope) { patient, jcase, with_audit };
  csv = (MarrowCsvOptions) { pseudonymise, key };
  if (!run_export (store, format != NULL ? format : "archive", &scope, &csv, out, &error) ||
      !marrow_exchange_log_export (store, format != NULL ? format : "archive", &scope,
                                   output != NULL ? output : _("standard output"), pseudonymise,
                                   &error))
    {
      marrow_exchange_abandon_output (out);
      return _marrow_cli_fail ("export: %s", error->message);
    }
  if (!marrow_exchange_finish_output (out, NULL, &error))
    return _marrow_cli_fail ("export: %s", error->message);
  return MARROW_CLI_EXIT_OK;
}
