/* marrow-cli-init.c: marrow-cli init DATABASE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli-init"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-cli-private.h"

int
_marrow_cli_init (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Create a new, empty Marrow database at DATABASE.\n"
                                  "The file is readable by its owner only (mode 0600).\n"
                                  "An existing file is never touched."));
  if (!_marrow_cli_parse (context, &argc, &argv, "init"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("init: expected exactly one DATABASE argument"));

  path = argv[1];
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return _marrow_cli_fail (_("init: %s already exists; choose a new file name"), path);

  store = _marrow_cli_open_database (path, TRUE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("init: %s: %s", path, error->message);

  g_print (_("Created Marrow database %s\n"), path);
  return MARROW_CLI_EXIT_OK;
}
