/* marrow-sqlite-in-lists.h: CHECK constraints without IN lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

char     *marrow_sqlite_rewrite_in_lists (const char  *sql);
gboolean  marrow_sqlite_unfold_in_lists  (sqlite3     *db,
                                          GError     **error);

G_END_DECLS
