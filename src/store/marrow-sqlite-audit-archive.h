/* marrow-sqlite-audit-archive.h: audit logs out of and into archives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "marrow-audit.h"
#include "marrow-store.h"

G_BEGIN_DECLS

typedef struct _MarrowAuditChains MarrowAuditChains;

gboolean           marrow_sqlite_audit_foreach    (sqlite3               *db,
                                                   MarrowAuditRowFunc     func,
                                                   gpointer               user_data,
                                                   GError               **error);

MarrowAuditChains *marrow_audit_chains_new        (sqlite3               *db,
                                                   GError               **error);
void               marrow_audit_chains_free       (MarrowAuditChains     *chains);
gboolean           marrow_audit_chains_import_row (MarrowAuditChains     *chains,
                                                   const MarrowAuditRow  *row,
                                                   MarrowImportOutcome   *outcome,
                                                   GError               **error);
gboolean           marrow_audit_chains_log        (MarrowAuditChains     *chains,
                                                   MarrowAuditWriter     *audit,
                                                   const MarrowAuditEntry *event,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowAuditChains, marrow_audit_chains_free)

G_END_DECLS
