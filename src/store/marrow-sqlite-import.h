/* marrow-sqlite-import.h: records written as exported, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "marrow-audit.h"
#include "marrow-instrument-registry.h"
#include "marrow-store.h"

G_BEGIN_DECLS

typedef struct _MarrowSqliteImport MarrowSqliteImport;

MarrowSqliteImport *marrow_sqlite_import_begin  (sqlite3                   *db,
                                                 MarrowAuditWriter         *audit,
                                                 MarrowInstrumentRegistry  *instruments,
                                                 const char                *staff_id,
                                                 const char                *workstation,
                                                 const char                *source,
                                                 GError                   **error);
gboolean            marrow_sqlite_import_record (MarrowSqliteImport        *import,
                                                 MarrowRecord              *record,
                                                 MarrowImportOutcome       *outcome,
                                                 GError                   **error);
gboolean            marrow_sqlite_import_audit_row (MarrowSqliteImport     *import,
                                                    const MarrowAuditRow   *row,
                                                    MarrowImportOutcome    *outcome,
                                                    GError                **error);
gboolean            marrow_sqlite_import_end    (MarrowSqliteImport        *import,
                                                 gboolean                   commit,
                                                 GError                   **error);

G_END_DECLS
