/* marrow-audit.h: the append-only, hash-chained audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/store: the rest of Marrow writes audit rows only through
 * MarrowStore (apply, log_event) and reads their health through
 * marrow_store_check().  docs/store.md describes the hash input.
 */
#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* prev_hash of the first row */
#define MARROW_AUDIT_GENESIS_HASH \
  "0000000000000000000000000000000000000000000000000000000000000000"

/**
 * MarrowAuditEntry:
 * @at: the instant of the change (YYYY-MM-DDTHH:MM:SS.sssZ)
 * @staff_id: (nullable): staff.id of the acting user
 * @workstation: (nullable): the host name
 * @action: create, update, void, sign, print, export, import, login, logout,
 *   role_change or config_change
 * @table_name: (nullable): the table of the record
 * @record_id: (nullable): the id of the record
 * @row_version: the row version after the change; only when @has_row_version
 * @has_row_version: whether @row_version is set (else it is stored as NULL)
 * @before_json: (nullable): canonical JSON of the row before (NULL on create)
 * @after_json: (nullable): canonical JSON of the row after, or the detail of
 *   an event
 * @reason: (nullable): why (required for void)
 *
 * The columns of one audit row, apart from seq, prev_hash and hash, which
 * the writer computes.
 */
typedef struct
{
  const char *at;
  const char *staff_id;
  const char *workstation;
  const char *action;
  const char *table_name;
  const char *record_id;
  gint64      row_version;
  gboolean    has_row_version;
  const char *before_json;
  const char *after_json;
  const char *reason;
} MarrowAuditEntry;

typedef struct _MarrowAuditWriter MarrowAuditWriter;

gboolean           marrow_audit_action_is_valid (const char             *action);
char              *marrow_audit_hash_input      (const char             *prev_hash,
                                                 gint64                  seq,
                                                 const MarrowAuditEntry *entry);
char              *marrow_audit_compute_hash    (const char             *prev_hash,
                                                 gint64                  seq,
                                                 const MarrowAuditEntry *entry);

MarrowAuditWriter *marrow_audit_writer_new      (sqlite3                *db);
void               marrow_audit_writer_free     (MarrowAuditWriter      *writer);
gboolean           marrow_audit_writer_append   (MarrowAuditWriter      *writer,
                                                 const MarrowAuditEntry *entry,
                                                 gint64                 *seq,
                                                 GError                **error);
void               marrow_audit_writer_hold     (MarrowAuditWriter      *writer);
void               marrow_audit_writer_release  (MarrowAuditWriter      *writer);

gboolean           marrow_audit_get_head        (sqlite3                *db,
                                                 gint64                 *seq,
                                                 char                  **hash,
                                                 GError                **error);
gboolean           marrow_audit_verify          (sqlite3                *db,
                                                 GPtrArray              *problems,
                                                 GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowAuditWriter, marrow_audit_writer_free)

G_END_DECLS
