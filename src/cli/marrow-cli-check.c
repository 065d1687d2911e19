/* marrow-cli-check.c: marrow-cli check DATABASE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli-check"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-cli-private.h"

int
_marrow_cli_check (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing when the database is healthy"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Check a Marrow database without changing it: SQLite's integrity "
                                  "check,\nthe foreign-key check and the verification of the "
                                  "hash-chained audit log.\n"
                                  "Exit status: 0 healthy, 1 problems found (each printed on a line "
                                  "of its own),\n2 the database could not be read."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "check"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("check: expected exactly one DATABASE argument"));

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("check: %s: %s", argv[1], error->message);

  problems = marrow_store_check (store, &error);
  if (problems == NULL)
    return _marrow_cli_fail ("check: %s: %s", argv[1], error->message);

  for (guint i = 0; i < problems->len; i++)
    {
      const MarrowProblem *problem = g_ptr_array_index (problems, i);

      g_print ("%s: %s\n", problem->kind, problem->message);
    }

  if (problems->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "marrow-cli: %s: %u problem found\n",
                               "marrow-cli: %s: %u problems found\n", problems->len),
                  argv[1], problems->len);
      return MARROW_CLI_EXIT_PROBLEMS;
    }

  if (!quiet)
    g_print (_("%s: OK (integrity, foreign keys and audit chain verified)\n"), argv[1]);
  return MARROW_CLI_EXIT_OK;
}
