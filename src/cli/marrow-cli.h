/* marrow-cli.h: the marrow-cli command line companion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, documented in README.md */
#define MARROW_CLI_EXIT_OK        0
#define MARROW_CLI_EXIT_PROBLEMS  1  /* the command ran and found problems */
#define MARROW_CLI_EXIT_ERROR     2  /* bad usage, bad input, unreadable database */

int marrow_cli_run (int    argc,
                    char **argv);

G_END_DECLS
