/* main.c: marrow-cli entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "marrow-cli.h"

int
main (int    argc,
      char **argv)
{
  const char *localedir;

  setlocale (LC_ALL, "");
  /* MARROW_LOCALEDIR: where an uninstalled build keeps its translations,
   * <build>/po (build-aux/marrow.sh run sets it; po/README). */
  localedir = g_getenv ("MARROW_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("marrow-cli");

  return marrow_cli_run (argc, argv);
}
