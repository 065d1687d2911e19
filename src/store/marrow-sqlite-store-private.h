/* marrow-sqlite-store-private.h: what the list model and the tests may see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not for the UI or the core: they talk to MarrowStore only.
 */
#pragma once

#include <sqlite3.h>

#include "marrow-sqlite-store.h"

G_BEGIN_DECLS

sqlite3 *marrow_sqlite_store_get_db (MarrowSqliteStore *self);

G_END_DECLS
