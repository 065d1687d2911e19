/* marrow-sqlite-util.h: small helpers shared by the SQLite store code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/store (and its tests): nothing outside the store sees a
 * sqlite3 handle.
 */
#pragma once

#include <sqlite3.h>

#include "marrow-record.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/* A statement owned by the scope: finalized when it goes out of scope. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A cached statement borrowed by the scope: reset and unbound when it goes
 * out of scope, so that it never keeps a read transaction open. */
typedef sqlite3_stmt MarrowBorrowedStmt;
void marrow_sqlite_stmt_release (MarrowBorrowedStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowBorrowedStmt, marrow_sqlite_stmt_release)

void           marrow_sqlite_set_error        (GError               **error,
                                               sqlite3               *db,
                                               int                    rc,
                                               const char            *what);
gboolean       marrow_sqlite_exec             (sqlite3               *db,
                                               const char            *sql,
                                               GError               **error);
sqlite3_stmt  *marrow_sqlite_prepare          (sqlite3               *db,
                                               const char            *sql,
                                               gboolean               persistent,
                                               GError               **error);
gboolean       marrow_sqlite_get_int          (sqlite3               *db,
                                               const char            *sql,
                                               gint64                *value,
                                               GError               **error);
gboolean       marrow_sqlite_table_exists     (sqlite3               *db,
                                               const char            *table,
                                               gboolean              *exists,
                                               GError               **error);
void           marrow_sqlite_bind_text        (sqlite3_stmt          *stmt,
                                               int                    index,
                                               const char            *text);
const char    *marrow_sqlite_column_text      (sqlite3_stmt          *stmt,
                                               int                    column);

void           marrow_sqlite_append_columns   (GString               *sql,
                                               const MarrowEntityDef *entity);
void           marrow_sqlite_append_ident     (GString               *sql,
                                               const char            *ident);
MarrowRecord  *marrow_sqlite_read_record      (const MarrowEntityDef *entity,
                                               sqlite3_stmt          *stmt);
void           marrow_sqlite_bind_field       (sqlite3_stmt          *stmt,
                                               int                    index,
                                               MarrowRecord          *record,
                                               guint                  field);
char          *marrow_sqlite_build_select     (const MarrowEntityDef *entity,
                                               const MarrowListQuery *query,
                                               gboolean               count_only,
                                               gboolean               paged,
                                               GError               **error);
void           marrow_sqlite_bind_query       (sqlite3_stmt          *stmt,
                                               const MarrowListQuery *query);

G_END_DECLS
