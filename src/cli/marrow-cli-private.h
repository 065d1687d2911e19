/* marrow-cli-private.h: one function per subcommand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-cli.h"
#include <json-glib/json-glib.h>

#include "marrow-store.h"

G_BEGIN_DECLS

typedef int (*MarrowCliCommandFunc) (int    argc,
                                     char **argv);

int          _marrow_cli_init            (int          argc,
                                          char       **argv);
int          _marrow_cli_check           (int          argc,
                                          char       **argv);
int          _marrow_cli_stats           (int          argc,
                                          char       **argv);
int          _marrow_cli_score           (int          argc,
                                          char       **argv);
int          _marrow_cli_instruments     (int          argc,
                                          char       **argv);
int          _marrow_cli_export          (int          argc,
                                          char       **argv);
int          _marrow_cli_import          (int          argc,
                                          char       **argv);
int          _marrow_cli_generate        (int          argc,
                                          char       **argv);
int          _marrow_cli_demo            (int          argc,
                                          char       **argv);
int          _marrow_cli_guidance        (int          argc,
                                          char       **argv);
int          _marrow_cli_decide          (int          argc,
                                          char       **argv);
int          _marrow_cli_worklist        (int          argc,
                                          char       **argv);
int          _marrow_cli_chart           (int          argc,
                                          char       **argv);
int          _marrow_cli_report          (int          argc,
                                          char       **argv);

gboolean     _marrow_cli_parse           (GOptionContext *context,
                                          int          *argc,
                                          char       ***argv,
                                          const char   *usage_name);
int          _marrow_cli_fail            (const char   *format,
                                          ...) G_GNUC_PRINTF (1, 2);
void         _marrow_cli_print_json      (JsonBuilder  *builder,
                                          gboolean      pretty);
MarrowStore *_marrow_cli_open_database   (const char   *path,
                                          gboolean      create,
                                          GError      **error);

G_END_DECLS
