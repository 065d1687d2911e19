/* marrow-sqlite-store.h: MarrowStore on a local SQLite database file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_SQLITE_STORE (marrow_sqlite_store_get_type ())

G_DECLARE_FINAL_TYPE (MarrowSqliteStore, marrow_sqlite_store, MARROW, SQLITE_STORE, GObject)

MarrowSqliteStore *marrow_sqlite_store_new_for_path (const char         *path,
                                                     gboolean            create,
                                                     GError            **error);
const char        *marrow_sqlite_store_get_path     (MarrowSqliteStore  *self);

G_END_DECLS
