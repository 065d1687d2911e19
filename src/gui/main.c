/* main.c: the marrow program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "marrow-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MarrowApplication) app = NULL;
  gint64 start_time = g_get_monotonic_time ();
  int status;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* MARROW_LOCALEDIR: where an uninstalled build keeps its translations,
   * <build>/po (build-aux/marrow.sh run sets it; po/README). */
  localedir = g_getenv ("MARROW_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("marrow");

  app = marrow_application_new ();
  marrow_application_set_start_time (app, start_time);

  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0)
    status = marrow_application_get_exit_status (app);

  return status;
}
