/* marrow-sqlite-migrations.h: numbered schema migrations of the SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The policy (docs/store.md, "Migrations"): PRAGMA user_version is the
 * schema version; each migration runs in one transaction and adds a row to
 * schema_version; a shipped migration is never edited, only followed by a
 * new one.
 */
#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of migration 8 (assessment.timepoint), for tests/test-schema.c */
extern const char marrow_sqlite_schema_assessment_timepoint[];

guint    marrow_sqlite_migrations_latest   (void);
gboolean marrow_sqlite_get_schema_version  (sqlite3  *db,
                                            guint    *version,
                                            GError  **error);
gboolean marrow_sqlite_check_schema        (sqlite3  *db,
                                            guint    *version,
                                            GError  **error);
gboolean marrow_sqlite_migrate             (sqlite3  *db,
                                            guint     target_version,
                                            GError  **error);

G_END_DECLS
