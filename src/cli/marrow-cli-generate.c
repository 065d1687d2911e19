/* marrow-cli-generate.c: marrow-cli generate DB --patients N, and marrow-cli demo DB
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli-generate"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "marrow-archive.h"
#include "marrow-cli-private.h"
#include "marrow-demo.h"
#include "marrow-generator.h"
#include "marrow-time.h"


int
_marrow_cli_generate (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today_text = NULL;
  int patients = 100;
  int seed = 1;
  gboolean demo = FALSE;
  MarrowGeneratorOptions options;
  const GOptionEntry entries[] = {
    { "patients", 'n', 0, G_OPTION_ARG_INT, &patients, N_("How many patients (default 100)"),
      N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Random seed: the same seed gives the same "
                                                  "practice (default 1)"), N_("SEED") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("The curated demo practice instead"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("Date the data is generated up to (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Fill DATABASE (created if missing) with a fictional practice of "
                                  "the demo practice's shape, for benchmarks and trials. Never use "
                                  "it on a database with real patients."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "generate"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("generate: expected exactly one DATABASE argument"));
  if (patients < 1 || patients > 1000000)
    return _marrow_cli_fail (_("generate: --patients must be between 1 and 1000000"));

  if (today_text != NULL)
    {
      g_autofree char *noon = g_strconcat (today_text, "T12:00:00Z", NULL);

      today = g_date_time_new_from_iso8601 (noon, NULL);
      if (today == NULL)
        return _marrow_cli_fail (_("generate: --today “%s” is not a date YYYY-MM-DD"), today_text);
    }
  else
    today = g_date_time_new_now_utc ();

  store = _marrow_cli_open_database (argv[1], TRUE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("generate: %s: %s", argv[1], error->message);

  options = (MarrowGeneratorOptions) { (guint)patients, (guint32)seed, demo, today };
  if (!marrow_generate_practice (store, &options, NULL, NULL, NULL, &error))
    return _marrow_cli_fail ("generate: %s", error->message);
  return MARROW_CLI_EXIT_OK;
}

int
_marrow_cli_demo (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GFile) demo = NULL;
  g_autoptr(GError) error = NULL;
  MarrowArchiveImportSummary summary;
  gboolean ok;

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Create DATABASE, or add to it, the demo practice: fictional "
                                  "patients with cases, treatments and scores. Keep it apart from "
                                  "real data."));
  if (!_marrow_cli_parse (context, &argc, &argv, "demo"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("demo: expected exactly one DATABASE argument"));

  store = _marrow_cli_open_database (argv[1], TRUE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("demo: %s: %s", argv[1], error->message);

  demo = g_file_new_for_uri (MARROW_DEMO_PRACTICE_URI);
  ok = marrow_archive_import (store, demo, NULL, &summary, NULL, NULL, NULL, &error) &&
       marrow_demo_set_practice_details (store, &error);
  if (ok)
    g_print (_("Demo practice in %s: %" PRIu64 " records added, %" PRIu64
               " already there\n"), argv[1], summary.added, summary.skipped);
  marrow_archive_import_summary_clear (&summary);
  if (!ok)
    return _marrow_cli_fail ("demo: %s", error->message);
  return MARROW_CLI_EXIT_OK;
}
