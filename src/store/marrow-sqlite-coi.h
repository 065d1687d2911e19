/* marrow-sqlite-coi.h: issuing chain-of-identity IDs in the save transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/store.  MarrowSqliteStore's apply() calls
 * marrow_sqlite_coi_prepare_change() for every insert and update inside its
 * BEGIN IMMEDIATE transaction, and marrow_sqlite_coi_copy_issued() for every
 * change after COMMIT.  docs/store.md, "Chain-of-identity IDs".
 */
#pragma once

#include <sqlite3.h>

#include "marrow-change-set.h"
#include "marrow-record.h"

G_BEGIN_DECLS

const char *marrow_sqlite_coi_field          (const MarrowEntityDef  *entity);
gboolean    marrow_sqlite_coi_prepare_change (sqlite3                *db,
                                              MarrowChangeSet        *changes,
                                              guint                   index,
                                              const char             *now,
                                              MarrowRecord          **issued,
                                              GError                **error);
void        marrow_sqlite_coi_copy_issued    (MarrowRecord           *target,
                                              MarrowRecord           *stored);

G_END_DECLS
