/* marrow-sqlite-store.c: MarrowStore on a local SQLite database file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection per store.  Writes happen only in apply() and
 * log_event(), each one short BEGIN IMMEDIATE transaction that holds the
 * changes and their audit rows (domain model 2.9, 4.16); optimistic locking
 * on row_version replaces any long-lived lock (2.7).  The SQL is generic:
 * built once per entity from its MarrowEntityDef and cached as prepared
 * statements; every value is bound.  docs/store.md has the details.
 */
#define G_LOG_DOMAIN "marrow-sqlite-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "marrow-audit.h"
#include "marrow-canonical-json.h"
#include "marrow-entities.h"
#include "marrow-record-list-model-private.h"
#include "marrow-sqlite-patient-search.h"
#include "marrow-sqlite-assessment.h"
#include "marrow-sqlite-audit-archive.h"
#include "marrow-sqlite-coi.h"
#include "marrow-sqlite-import.h"
#include "marrow-sqlite-migrations.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-sqlite-util.h"
#include "marrow-time.h"
#include "marrow-validate.h"

#define BUSY_TIMEOUT_MS 5000

typedef struct
{
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3_stmt *void_;
  sqlite3_stmt *select;
} EntityStatements;

struct _MarrowSqliteStore
{
  GObject            parent_instance;

  char              *path;
  gboolean           create;

  sqlite3           *db;
  GHashTable        *statements;   /* const MarrowEntityDef* -> EntityStatements* */
  MarrowAuditWriter *audit;
  sqlite3_stmt      *staff_by_login;

  char              *login;
  char              *workstation;
  char              *staff_id;     /* NULL until the staff row exists */
  char              *chosen_staff_id;  /* set_acting_staff(); NULL: the OS login */

  GPtrArray         *models;       /* GWeakRef* to the MarrowRecordListModels handed out */
  MarrowSqliteImport *import;      /* while an import runs */
};

/* The outcome of one change, applied to the caller's record after COMMIT */
typedef struct
{
  MarrowRecord *target;   /* the caller's record (owned by the change set) */
  MarrowRecord *stored;   /* the row as written (owned) */
} Outcome;

static void marrow_sqlite_store_initable_iface_init (GInitableIface       *iface);
static void marrow_sqlite_store_store_iface_init    (MarrowStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MarrowSqliteStore, marrow_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      marrow_sqlite_store_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (MARROW_TYPE_STORE,
                                                      marrow_sqlite_store_store_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_CREATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entity_statements_free (gpointer data)
{
  EntityStatements *stmts = data;

  g_clear_pointer (&stmts->insert, sqlite3_finalize);
  g_clear_pointer (&stmts->update, sqlite3_finalize);
  g_clear_pointer (&stmts->void_, sqlite3_finalize);
  g_clear_pointer (&stmts->select, sqlite3_finalize);
  g_free (stmts);
}

static void
weak_ref_free (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

/* ------------------------------------------------------------------------ */
/* Statements                                                               */

static EntityStatements *
get_statements (MarrowSqliteStore     *self,
                const MarrowEntityDef *entity)
{
  EntityStatements *stmts = g_hash_table_lookup (self->statements, entity);

  if (stmts == NULL)
    {
      stmts = g_new0 (EntityStatements, 1);
      g_hash_table_insert (self->statements, (gpointer)entity, stmts);
    }
  return stmts;
}

static sqlite3_stmt *
prepare_insert (MarrowSqliteStore     *self,
                const MarrowEntityDef *entity,
                GError               **error)
{
  EntityStatements *stmts = get_statements (self, entity);
  g_autoptr(GString) sql = NULL;
  guint n_columns;

  if (stmts->insert != NULL)
    return stmts->insert;

  /* id + fields + created_at, created_by, updated_at, updated_by,
   * row_version, record_status, error_reason */
  n_columns = 1 + entity->n_fields + 7;
  sql = g_string_new ("INSERT INTO ");
  marrow_sqlite_append_ident (sql, entity->name);
  g_string_append (sql, " (");
  marrow_sqlite_append_columns (sql, entity);
  g_string_append (sql, ") VALUES (");
  for (guint i = 1; i <= n_columns; i++)
    g_string_append_printf (sql, "%s?%u", i > 1 ? ", " : "", i);
  g_string_append_c (sql, ')');

  stmts->insert = marrow_sqlite_prepare (self->db, sql->str, TRUE, error);
  return stmts->insert;
}

static sqlite3_stmt *
prepare_update (MarrowSqliteStore     *self,
                const MarrowEntityDef *entity,
                GError               **error)
{
  EntityStatements *stmts = get_statements (self, entity);
  g_autoptr(GString) sql = NULL;
  guint n = 1;

  if (stmts->update != NULL)
    return stmts->update;

  /* ?1..?n the fields, then updated_at, updated_by, record_status,
   * error_reason, id and the row version that was read */
  sql = g_string_new ("UPDATE ");
  marrow_sqlite_append_ident (sql, entity->name);
  g_string_append (sql, " SET ");
  for (guint i = 0; i < entity->n_fields; i++, n++)
    {
      marrow_sqlite_append_ident (sql, entity->fields[i].name);
      g_string_append_printf (sql, " = ?%u, ", n);
    }
  g_string_append_printf (sql,
                          "\"updated_at\" = ?%u, \"updated_by\" = ?%u, \"record_status\" = ?%u, "
                          "\"error_reason\" = ?%u, \"row_version\" = \"row_version\" + 1 "
                          "WHERE \"id\" = ?%u AND \"row_version\" = ?%u",
                          n, n + 1, n + 2, n + 3, n + 4, n + 5);

  stmts->update = marrow_sqlite_prepare (self->db, sql->str, TRUE, error);
  return stmts->update;
}

static sqlite3_stmt *
prepare_void (MarrowSqliteStore     *self,
              const MarrowEntityDef *entity,
              GError               **error)
{
  EntityStatements *stmts = get_statements (self, entity);
  g_autoptr(GString) sql = NULL;

  if (stmts->void_ != NULL)
    return stmts->void_;

  sql = g_string_new ("UPDATE ");
  marrow_sqlite_append_ident (sql, entity->name);
  g_string_append (sql,
                   " SET \"record_status\" = '" MARROW_STATUS_ENTERED_IN_ERROR "', "
                   "\"error_reason\" = ?1, \"updated_at\" = ?2, \"updated_by\" = ?3, "
                   "\"row_version\" = \"row_version\" + 1 "
                   "WHERE \"id\" = ?4 AND \"row_version\" = ?5");

  stmts->void_ = marrow_sqlite_prepare (self->db, sql->str, TRUE, error);
  return stmts->void_;
}

static sqlite3_stmt *
prepare_select (MarrowSqliteStore     *self,
                const MarrowEntityDef *entity,
                GError               **error)
{
  EntityStatements *stmts = get_statements (self, entity);
  g_autoptr(GString) sql = NULL;

  if (stmts->select != NULL)
    return stmts->select;

  sql = g_string_new ("SELECT ");
  marrow_sqlite_append_columns (sql, entity);
  g_string_append (sql, " FROM ");
  marrow_sqlite_append_ident (sql, entity->name);
  g_string_append (sql, " WHERE \"id\" = ?1");

  stmts->select = marrow_sqlite_prepare (self->db, sql->str, TRUE, error);
  return stmts->select;
}

/* Reads one record by id; *record stays NULL when there is none. */
static gboolean
select_record (MarrowSqliteStore      *self,
               const MarrowEntityDef  *entity,
               const char             *id,
               MarrowRecord          **record,
               GError                **error)
{
  g_autoptr(MarrowBorrowedStmt) stmt = NULL;
  int rc;

  *record = NULL;
  if (!(stmt = prepare_select (self, entity, error)))
    return FALSE;

  marrow_sqlite_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *record = marrow_sqlite_read_record (entity, stmt);
  else if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read %s"), entity->name);

      marrow_sqlite_set_error (error, self->db, rc, what);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

/* For a failed foreign key, find the reference that points nowhere, so the
 * message can name the column (SQLite's own message does not). */
static char *
describe_missing_reference (MarrowSqliteStore *self,
                            MarrowRecord      *record)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const MarrowFieldDef *def = &entity->fields[i];
      const MarrowEntityDef *parent;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GString) sql = NULL;

      if (def->kind != MARROW_FIELD_REF || marrow_record_is_null_at (record, i) ||
          def->ref_entity == NULL || (parent = marrow_entity_lookup (def->ref_entity)) == NULL)
        continue;

      sql = g_string_new ("SELECT 1 FROM ");
      marrow_sqlite_append_ident (sql, parent->name);
      g_string_append (sql, " WHERE \"id\" = ?1");
      if (!(stmt = marrow_sqlite_prepare (self->db, sql->str, FALSE, NULL)))
        continue;
      marrow_sqlite_bind_text (stmt, 1, marrow_record_get_text_at (record, i));
      if (sqlite3_step (stmt) == SQLITE_DONE)
        return g_strdup_printf (_("%s.%s refers to %s %s, which does not exist"),
                                entity->name, def->name, parent->name,
                                marrow_record_get_text_at (record, i));
    }
  return NULL;
}

static void
set_write_error (MarrowSqliteStore  *self,
                 MarrowRecord       *record,
                 int                 rc,
                 GError            **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autofree char *what = g_strdup_printf (_("Could not save %s %s"), entity->name,
                                           marrow_record_get_id (record));

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_autofree char *detail = describe_missing_reference (self, record);

      if (detail != NULL)
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CONSTRAINT,
                       "%s: %s (FOREIGN KEY constraint failed)", what, detail);
          return;
        }
    }

  /* SQLite names table and column for UNIQUE and NOT NULL; for CHECK it
   * quotes the expression, and @what names the table. */
  marrow_sqlite_set_error (error, self->db, rc, what);
}

static gboolean
write_audit (MarrowSqliteStore  *self,
             const char         *action,
             MarrowRecord       *before,
             MarrowRecord       *after,
             const char         *reason,
             const char         *staff_id,
             const char         *now,
             GError            **error)
{
  g_autofree char *before_json = before ? marrow_record_to_canonical_json (before) : NULL;
  g_autofree char *after_json = marrow_record_to_canonical_json (after);
  MarrowAuditEntry entry = {
    .at = now,
    .staff_id = staff_id,
    .workstation = self->workstation,
    .action = action,
    .table_name = marrow_record_get_entity_name (after),
    .record_id = marrow_record_get_id (after),
    .row_version = marrow_record_get_row_version (after),
    .has_row_version = TRUE,
    .before_json = before_json,
    .after_json = after_json,
    .reason = reason,
  };

  return marrow_audit_writer_append (self->audit, &entry, NULL, error);
}

/* INSERT of a new record; *stored receives the row as written. */
static gboolean
do_insert (MarrowSqliteStore  *self,
           MarrowRecord       *record,
           const char         *staff_id,
           const char         *now,
           MarrowRecord      **stored,
           GError            **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autoptr(MarrowBorrowedStmt) stmt = NULL;
  g_autoptr(MarrowRecord) row = NULL;
  int n = 1;
  int rc;

  if (!(stmt = prepare_insert (self, entity, error)))
    return FALSE;

  row = marrow_record_copy (record);
  marrow_record_set_row_version (row, 1);
  marrow_record_set_created (row, now, staff_id);
  marrow_record_set_updated (row, now, staff_id);

  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_id (row));
  for (guint i = 0; i < entity->n_fields; i++)
    marrow_sqlite_bind_field (stmt, n++, row, i);
  marrow_sqlite_bind_text (stmt, n++, now);
  marrow_sqlite_bind_text (stmt, n++, staff_id);
  marrow_sqlite_bind_text (stmt, n++, now);
  marrow_sqlite_bind_text (stmt, n++, staff_id);
  sqlite3_bind_int64 (stmt, n++, 1);
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_record_status (row));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_error_reason (row));

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_write_error (self, record, rc, error);
      return FALSE;
    }

  if (!write_audit (self, "create", NULL, row, NULL, staff_id, now, error))
    return FALSE;

  *stored = g_steal_pointer (&row);
  return TRUE;
}

/* Reads the current row and checks that the caller read the same version. */
static gboolean
read_current (MarrowSqliteStore  *self,
              MarrowRecord       *record,
              gint64              expected_version,
              MarrowRecord      **current,
              GError            **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autoptr(MarrowRecord) row = NULL;

  if (!select_record (self, entity, marrow_record_get_id (record), &row, error))
    return FALSE;

  if (row == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("%s %s is not in the database (it was never saved)"),
                   _(entity->label), marrow_record_get_id (record));
      return FALSE;
    }

  if (marrow_record_get_row_version (row) != expected_version)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE,
                   _("%s %s was changed by someone else (version %" PRId64
                     ", you have %" PRId64 "); reload it and make your change again"),
                   _(entity->label), marrow_record_get_id (record),
                   marrow_record_get_row_version (row), expected_version);
      return FALSE;
    }

  *current = g_steal_pointer (&row);
  return TRUE;
}

static gboolean
check_one_row_changed (MarrowSqliteStore  *self,
                       MarrowRecord       *record,
                       gint64              expected_version,
                       GError            **error)
{
  /* Cannot happen while we hold the write lock after read_current(), but
   * the WHERE row_version = ? is the real guard, so honour it. */
  if (sqlite3_changes (self->db) == 1)
    return TRUE;

  g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE,
               _("%s %s was changed by someone else (you have version %" PRId64
                 "); reload it and make your change again"),
               _(marrow_record_get_entity (record)->label), marrow_record_get_id (record),
               expected_version);
  return FALSE;
}

static gboolean
do_update (MarrowSqliteStore  *self,
           MarrowRecord       *record,
           gint64              expected_version,
           const char         *reason,
           const char         *staff_id,
           const char         *now,
           MarrowRecord      **stored,
           GError            **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autoptr(MarrowBorrowedStmt) stmt = NULL;
  g_autoptr(MarrowRecord) before = NULL;
  g_autoptr(MarrowRecord) row = NULL;
  int n = 1;
  int rc;

  if (!read_current (self, record, expected_version, &before, error))
    return FALSE;
  if (!(stmt = prepare_update (self, entity, error)))
    return FALSE;

  row = marrow_record_copy (record);
  marrow_record_set_row_version (row, marrow_record_get_row_version (before) + 1);
  marrow_record_set_created (row, marrow_record_get_created_at (before),
                             marrow_record_get_created_by (before));
  marrow_record_set_updated (row, now, staff_id);

  for (guint i = 0; i < entity->n_fields; i++)
    marrow_sqlite_bind_field (stmt, n++, row, i);
  marrow_sqlite_bind_text (stmt, n++, now);
  marrow_sqlite_bind_text (stmt, n++, staff_id);
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_record_status (row));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_error_reason (row));
  marrow_sqlite_bind_text (stmt, n++, marrow_record_get_id (row));
  sqlite3_bind_int64 (stmt, n++, expected_version);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_write_error (self, record, rc, error);
      return FALSE;
    }
  if (!check_one_row_changed (self, record, expected_version, error))
    return FALSE;

  if (!write_audit (self, "update", before, row, reason, staff_id, now, error))
    return FALSE;

  *stored = g_steal_pointer (&row);
  return TRUE;
}

static gboolean
do_void (MarrowSqliteStore  *self,
         MarrowRecord       *record,
         gint64              expected_version,
         const char         *reason,
         const char         *staff_id,
         const char         *now,
         MarrowRecord      **stored,
         GError            **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autoptr(MarrowBorrowedStmt) stmt = NULL;
  g_autoptr(MarrowRecord) before = NULL;
  g_autoptr(MarrowRecord) row = NULL;
  int rc;

  if (!read_current (self, record, expected_version, &before, error))
    return FALSE;

  if (marrow_record_is_voided (before))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("%s %s is already entered in error"),
                   _(entity->label), marrow_record_get_id (record));
      return FALSE;
    }

  if (!(stmt = prepare_void (self, entity, error)))
    return FALSE;

  /* Voiding changes status and reason only: the row keeps the values that
   * were stored, whatever the caller's copy holds. */
  row = marrow_record_copy (before);
  marrow_record_set_record_status (row, MARROW_STATUS_ENTERED_IN_ERROR);
  marrow_record_set_error_reason (row, reason);
  marrow_record_set_row_version (row, marrow_record_get_row_version (before) + 1);
  marrow_record_set_updated (row, now, staff_id);

  marrow_sqlite_bind_text (stmt, 1, reason);
  marrow_sqlite_bind_text (stmt, 2, now);
  marrow_sqlite_bind_text (stmt, 3, staff_id);
  marrow_sqlite_bind_text (stmt, 4, marrow_record_get_id (row));
  sqlite3_bind_int64 (stmt, 5, expected_version);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_write_error (self, record, rc, error);
      return FALSE;
    }
  if (!check_one_row_changed (self, record, expected_version, error))
    return FALSE;

  if (!write_audit (self, "void", before, row, reason, staff_id, now, error))
    return FALSE;

  *stored = g_steal_pointer (&row);
  return TRUE;
}

/* The member chosen with set_acting_staff() must still be an active staff row */
static gboolean
check_chosen_staff (MarrowSqliteStore  *self,
                    const char         *id,
                    GError            **error)
{
  g_autoptr(MarrowRecord) staff = NULL;

  if (!select_record (self, &marrow_entity_staff, id, &staff, error))
    return FALSE;
  if (staff == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("There is no staff member %s"), id);
      return FALSE;
    }
  if (!marrow_record_get_bool (staff, "active") ||
      g_strcmp0 (marrow_record_get_record_status (staff), "entered_in_error") == 0)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("Staff member “%s” is not active; choose who is working in Preferences"),
                   marrow_record_get_text (staff, "display_name"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
lookup_staff_id (MarrowSqliteStore  *self,
                 char              **staff_id,
                 GError            **error)
{
  g_autoptr(MarrowBorrowedStmt) stmt = NULL;
  int rc;

  *staff_id = NULL;

  if (self->chosen_staff_id != NULL)
    return check_chosen_staff (self, self->chosen_staff_id, error) &&
           (*staff_id = g_strdup (self->chosen_staff_id)) != NULL;

  if (self->staff_by_login == NULL &&
      !(self->staff_by_login = marrow_sqlite_prepare (self->db,
                                                      "SELECT id FROM staff WHERE login = ?1",
                                                      TRUE, error)))
    return FALSE;

  stmt = self->staff_by_login;
  marrow_sqlite_bind_text (stmt, 1, self->login);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *staff_id = g_strdup (marrow_sqlite_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, self->db, rc, _("Could not read the staff list"));
      return FALSE;
    }
  return TRUE;
}

/* Inside the write transaction: the staff id of the operating-system user,
 * inserting the staff row (and its audit row) on this user's first write.
 * *created tells whether the row was inserted (and so exists only if the
 * transaction commits). */
static gboolean
ensure_staff (MarrowSqliteStore  *self,
              const char         *now,
              char              **staff_id,
              gboolean           *created,
              GError            **error)
{
  g_autoptr(MarrowRecord) staff = NULL;
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *real_name;

  *created = FALSE;

  if (!lookup_staff_id (self, staff_id, error))
    return FALSE;
  if (*staff_id != NULL)
    return TRUE;

  real_name = g_get_real_name ();
  if (marrow_text_is_blank (real_name) || g_strcmp0 (real_name, "Unknown") == 0)
    real_name = self->login;

  staff = marrow_record_new (&marrow_entity_staff);
  marrow_record_set_text (staff, "login", self->login);
  marrow_record_set_text (staff, "display_name", real_name);
  marrow_record_set_text (staff, "profession", "other");
  marrow_record_set_bool (staff, "can_sign_clinical", FALSE);
  marrow_record_set_bool (staff, "can_release", FALSE);
  marrow_record_set_bool (staff, "is_admin", FALSE);
  marrow_record_set_bool (staff, "active", TRUE);

  if (!marrow_record_validate (staff, NULL, NULL, &local_error))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("Could not register the user “%s” as staff: %s"),
                   self->login, local_error->message);
      return FALSE;
    }

  /* The first row a user writes is their own staff row, created by
   * themselves: created_by references the row itself. */
  if (!do_insert (self, staff, marrow_record_get_id (staff), now, &stored, error))
    return FALSE;

  *staff_id = g_strdup (marrow_record_get_id (staff));
  *created = TRUE;
  return TRUE;
}

/* BEGIN IMMEDIATE and COMMIT: one statement, a message saying which step failed */
static gboolean
exec_step (MarrowSqliteStore  *self,
           const char         *sql,
           const char         *failure,
           GError            **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      marrow_sqlite_set_error (error, self->db, rc, failure);
      return FALSE;
    }
  return TRUE;
}

static gboolean
begin_immediate (MarrowSqliteStore  *self,
                 GError            **error)
{
  return exec_step (self, "BEGIN IMMEDIATE", _("Could not start saving"), error);
}

static gboolean
commit (MarrowSqliteStore  *self,
        GError            **error)
{
  return exec_step (self, "COMMIT", _("Could not finish saving"), error);
}

static void
rollback (MarrowSqliteStore *self)
{
  /* Some errors (SQLITE_FULL, SQLITE_IOERR) already rolled back */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Checks done before the transaction starts, to keep it short. */
static gboolean
precheck_change (const MarrowChange  *change,
                 GError             **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (change->record);
  g_autoptr(GError) local_error = NULL;

  switch (change->kind)
    {
    case MARROW_CHANGE_INSERT:
    case MARROW_CHANGE_UPDATE:
      if (marrow_record_is_voided (change->record))
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                       _("%s %s: use “enter in error” (void) to mark a record as entered in "
                         "error, not a save"),
                       _(entity->label), marrow_record_get_id (change->record));
          return FALSE;
        }
      /* The validation error goes back as it is (MARROW_VALIDATION_ERROR
       * with its field), so a form can mark the field that is wrong. */
      if (!marrow_record_validate (change->record, NULL, NULL, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;

    case MARROW_CHANGE_CHECK:
      return TRUE;

    case MARROW_CHANGE_VOID:
      if (!entity->clinical)
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                       _("A %s cannot be entered in error"), _(entity->label));
          return FALSE;
        }
      if (marrow_text_is_blank (change->reason))
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                       _("A reason is required to enter %s %s in error"),
                       entity->name, marrow_record_get_id (change->record));
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
notify_models (MarrowSqliteStore *self,
               GHashTable        *touched)
{
  g_autoptr(GPtrArray) to_reload = g_ptr_array_new_with_free_func (g_object_unref);

  /* Collect first: handlers of items-changed may ask for new lists */
  for (guint i = self->models->len; i > 0; i--)
    {
      MarrowRecordListModel *model = g_weak_ref_get (self->models->pdata[i - 1]);

      if (model == NULL)
        {
          g_ptr_array_remove_index_fast (self->models, i - 1);
          continue;
        }
      if (marrow_record_list_model_depends_on (model, touched))
        g_ptr_array_add (to_reload, model);
      else
        g_object_unref (model);
    }

  for (guint i = 0; i < to_reload->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!marrow_record_list_model_reload (to_reload->pdata[i], &error))
        g_warning ("Could not reload a list after saving: %s", error->message);
    }
}

static gboolean
marrow_sqlite_store_apply (MarrowStore      *store,
                           MarrowChangeSet  *changes,
                           GError          **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GHashTable) written = NULL;
  g_autoptr(GArray) outcomes = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *now = NULL;
  MarrowInstrumentRegistry *instruments = NULL;
  gboolean staff_created = FALSE;
  guint n_changes = marrow_change_set_get_length (changes);

  if (n_changes == 0)
    return TRUE;

  if (self->import != NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("An import is running; save again when it has finished"));
      return FALSE;
    }

  for (guint i = 0; i < n_changes; i++)
    if (!precheck_change (marrow_change_set_get (changes, i), error))
      return FALSE;

  /* Loaded before the transaction: it reads files */
  if (marrow_sqlite_assessment_needs_instruments (changes))
    {
      instruments = marrow_store_get_instruments (store, error);
      if (instruments == NULL)
        return FALSE;
    }

  now = marrow_instant_now ();
  touched = g_hash_table_new (NULL, NULL);
  written = g_hash_table_new (NULL, NULL);   /* caller's record -> stored row */
  outcomes = g_array_sized_new (FALSE, TRUE, sizeof (Outcome), n_changes);

  if (!begin_immediate (self, error))
    return FALSE;

  if (!ensure_staff (self, now, &staff_id, &staff_created, error))
    goto fail;
  if (staff_created)
    g_hash_table_add (touched, (gpointer)&marrow_entity_staff);

  for (guint i = 0; i < n_changes; i++)
    {
      const MarrowChange *change = marrow_change_set_get (changes, i);
      MarrowRecord *earlier = g_hash_table_lookup (written, change->record);
      g_autoptr(MarrowRecord) issued = NULL;   /* with its chain-of-identity ID */
      gint64 expected;
      Outcome outcome = { change->record, NULL };
      gboolean ok = FALSE;

      /* A record changed twice in one set: the second change follows the first */
      expected = earlier != NULL ? marrow_record_get_row_version (earlier)
                                 : marrow_record_get_row_version (change->record);

      if (change->kind == MARROW_CHANGE_CHECK)
        {
          g_autoptr(MarrowRecord) current = NULL;

          if (!read_current (self, change->record, expected, &current, error))
            goto fail;
          continue;
        }

      if (!marrow_sqlite_coi_prepare_change (self->db, changes, i, now, &issued, error))
        goto fail;
      if (instruments != NULL &&
          !marrow_sqlite_assessment_check_change (self->db, changes, i, instruments, NULL, error))
        goto fail;

      switch (change->kind)
        {
        case MARROW_CHANGE_INSERT:
          ok = do_insert (self, issued ? issued : change->record, staff_id, now,
                          &outcome.stored, error);
          break;
        case MARROW_CHANGE_UPDATE:
          ok = do_update (self, issued ? issued : change->record, expected, change->reason,
                          staff_id, now, &outcome.stored, error);
          break;
        case MARROW_CHANGE_VOID:
          ok = do_void (self, change->record, expected, change->reason, staff_id, now,
                        &outcome.stored, error);
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        goto fail;

      g_array_append_val (outcomes, outcome);
      g_hash_table_insert (written, change->record, outcome.stored);
      g_hash_table_add (touched, (gpointer)marrow_record_get_entity (change->record));
    }

  if (!commit (self, error))
    goto fail;

  /* Committed: now, and only now, the callers' records learn the result */
  for (guint i = 0; i < outcomes->len; i++)
    {
      Outcome *outcome = &g_array_index (outcomes, Outcome, i);

      marrow_record_set_row_version (outcome->target,
                                     marrow_record_get_row_version (outcome->stored));
      marrow_record_set_record_status (outcome->target,
                                       marrow_record_get_record_status (outcome->stored));
      marrow_record_set_error_reason (outcome->target,
                                      marrow_record_get_error_reason (outcome->stored));
      marrow_record_set_created (outcome->target,
                                 marrow_record_get_created_at (outcome->stored),
                                 marrow_record_get_created_by (outcome->stored));
      marrow_record_set_updated (outcome->target,
                                 marrow_record_get_updated_at (outcome->stored),
                                 marrow_record_get_updated_by (outcome->stored));
      marrow_sqlite_coi_copy_issued (outcome->target, outcome->stored);
      g_clear_object (&outcome->stored);
    }

  if (self->staff_id == NULL)
    self->staff_id = g_steal_pointer (&staff_id);

  notify_models (self, touched);
  return TRUE;

fail:
  rollback (self);
  for (guint i = 0; i < outcomes->len; i++)
    g_clear_object (&g_array_index (outcomes, Outcome, i).stored);
  return FALSE;
}

static gboolean
marrow_sqlite_store_get_setting (MarrowStore  *store,
                                 const char   *key,
                                 char        **value,
                                 GError      **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = marrow_sqlite_prepare (self->db, "SELECT value FROM setting WHERE key = ?1", FALSE,
                                error);
  if (stmt == NULL)
    return FALSE;
  marrow_sqlite_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup (marrow_sqlite_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, self->db, rc, _("Could not read the settings"));
      return FALSE;
    }
  return TRUE;
}

/* What an event writes besides its audit row, inside the same transaction;
 * it may complete @entry (a record's version) */
typedef gboolean (*EventWrite) (MarrowSqliteStore  *self,
                                MarrowAuditEntry   *entry,
                                gpointer            data,
                                GError            **error);

/* One audit event in a transaction of its own, as the acting staff member */
static gboolean
append_event (MarrowSqliteStore  *self,
              MarrowAuditEntry   *entry,
              EventWrite          write,
              gpointer            data,
              GError            **error)
{
  g_autofree char *staff_id = NULL;
  g_autofree char *now = marrow_instant_now ();
  gboolean staff_created = FALSE;

  if (!begin_immediate (self, error))
    return FALSE;
  if (!ensure_staff (self, now, &staff_id, &staff_created, error))
    goto fail;
  entry->at = now;
  entry->staff_id = staff_id;
  entry->workstation = self->workstation;
  if ((write != NULL && !write (self, entry, data, error)) ||
      !marrow_audit_writer_append (self->audit, entry, NULL, error) ||
      !commit (self, error))
    goto fail;

  if (self->staff_id == NULL)
    self->staff_id = g_steal_pointer (&staff_id);
  if (staff_created)
    {
      g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);

      g_hash_table_add (touched, (gpointer)&marrow_entity_staff);
      notify_models (self, touched);
    }
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

typedef struct
{
  const char *key;
  const char *value;
} Setting;

static gboolean
write_setting (MarrowSqliteStore  *self,
               MarrowAuditEntry   *entry,
               gpointer            data,
               GError            **error)
{
  Setting *setting = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = marrow_sqlite_prepare (self->db,
                                "INSERT INTO setting (key, value, updated_at) VALUES (?1, ?2, ?3) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                                "updated_at = excluded.updated_at",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;
  marrow_sqlite_bind_text (stmt, 1, setting->key);
  marrow_sqlite_bind_text (stmt, 2, setting->value);
  marrow_sqlite_bind_text (stmt, 3, entry->at);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, self->db, rc, _("Could not write the settings"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
marrow_sqlite_store_set_setting (MarrowStore  *store,
                                 const char   *key,
                                 const char   *value,
                                 gboolean      secret,
                                 GError      **error)
{
  g_autoptr(GString) detail = g_string_new ("{\"setting\":");
  Setting setting = { key, value };
  MarrowAuditEntry entry = { .action = "config_change" };

  marrow_json_append_string (detail, key);
  g_string_append (detail, ",\"value\":");
  if (secret)
    g_string_append (detail, "null,\"secret\":true}");
  else
    {
      marrow_json_append_string (detail, value);
      g_string_append (detail, "}");
    }
  entry.after_json = detail->str;
  return append_event (MARROW_SQLITE_STORE (store), &entry, write_setting, &setting, error);
}

/* Records which version of the record was printed or exported */
static gboolean
note_row_version (MarrowSqliteStore  *self,
                  MarrowAuditEntry   *entry,
                  gpointer            data,
                  GError            **error)
{
  g_autoptr(MarrowRecord) record = NULL;

  if (!select_record (self, data, entry->record_id, &record, error))
    return FALSE;
  entry->has_row_version = record != NULL;
  entry->row_version = record != NULL ? marrow_record_get_row_version (record) : 0;
  return TRUE;
}

static gboolean
marrow_sqlite_store_log_event (MarrowStore  *store,
                               const char   *action,
                               const char   *table_name,
                               const char   *record_id,
                               const char   *detail_json,
                               GError      **error)
{
  const MarrowEntityDef *entity = NULL;
  MarrowAuditEntry entry = {
    .action = action,
    .table_name = table_name,
    .record_id = record_id,
    .after_json = detail_json,
  };

  if (!marrow_audit_action_is_valid (action) || g_str_equal (action, "create") ||
      g_str_equal (action, "update") || g_str_equal (action, "void"))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("“%s” is not an event that can be logged"), action);
      return FALSE;
    }
  if (table_name != NULL && (entity = marrow_entity_lookup (table_name)) == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("There is no table “%s”"), table_name);
      return FALSE;
    }

  return append_event (MARROW_SQLITE_STORE (store), &entry,
                       entity != NULL && record_id != NULL ? note_row_version : NULL,
                       (gpointer)entity, error);
}

static gboolean
marrow_sqlite_store_set_acting_staff (MarrowStore  *store,
                                      const char   *staff_id,
                                      GError      **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autofree char *previous = g_steal_pointer (&self->chosen_staff_id);
  g_autofree char *previous_staff = g_steal_pointer (&self->staff_id);
  g_autoptr(GString) detail = g_string_new ("{\"acting_staff\":");
  MarrowAuditEntry entry = { .action = "login" };

  /* The event is written by the member now acting: ensure_staff() inside
   * append_event() checks that a chosen member is an active staff row, or
   * registers the operating-system user (docs/store.md §2.4). */
  self->chosen_staff_id = g_strdup (staff_id);
  if (staff_id == NULL && !lookup_staff_id (self, &self->staff_id, error))
    goto fail;

  marrow_json_append_string (detail, staff_id);
  g_string_append (detail, ",\"previous\":");
  marrow_json_append_string (detail, previous_staff);
  g_string_append (detail, "}");
  entry.after_json = detail->str;
  if (staff_id != NULL)
    {
      entry.table_name = marrow_entity_staff.name;
      entry.record_id = staff_id;
    }
  if (!append_event (self, &entry, staff_id != NULL ? note_row_version : NULL,
                     (gpointer)&marrow_entity_staff, error))
    goto fail;

  if (staff_id != NULL)
    {
      g_free (self->staff_id);
      self->staff_id = g_strdup (staff_id);
    }
  return TRUE;

fail:
  g_free (self->chosen_staff_id);
  self->chosen_staff_id = g_steal_pointer (&previous);
  g_free (self->staff_id);
  self->staff_id = g_steal_pointer (&previous_staff);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

static MarrowRecord *
marrow_sqlite_store_lookup (MarrowStore            *store,
                            const MarrowEntityDef  *entity,
                            const char             *id,
                            GError                **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autoptr(MarrowRecord) record = NULL;

  if (!select_record (self, entity, id, &record, error))
    return NULL;

  if (record == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("There is no %s with id %s"), entity->name, id);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static gboolean
marrow_sqlite_store_foreach (MarrowStore            *store,
                             const MarrowEntityDef  *entity,
                             const MarrowListQuery  *query,
                             MarrowRecordFunc        func,
                             gpointer                user_data,
                             GError                **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (!(sql = marrow_sqlite_build_select (entity, query, FALSE, FALSE, error)))
    return FALSE;
  if (!(stmt = marrow_sqlite_prepare (self->db, sql, FALSE, error)))
    return FALSE;
  marrow_sqlite_bind_query (stmt, query);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MarrowRecord) record = marrow_sqlite_read_record (entity, stmt);

      if (!func (record, user_data, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read %s"), entity->name);

      marrow_sqlite_set_error (error, self->db, rc, what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
collect_record (MarrowRecord  *record,
                gpointer       user_data,
                GError       **error)
{
  g_ptr_array_add (user_data, g_object_ref (record));
  return TRUE;
}

static GPtrArray *
marrow_sqlite_store_find (MarrowStore            *store,
                          const MarrowEntityDef  *entity,
                          const MarrowListQuery  *query,
                          GError                **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  if (!marrow_sqlite_store_foreach (store, entity, query, collect_record, records, error))
    return NULL;
  return g_steal_pointer (&records);
}

static gboolean
marrow_sqlite_store_import_begin (MarrowStore  *store,
                                  const char   *source,
                                  GError      **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  MarrowInstrumentRegistry *instruments;
  g_autofree char *staff_id = NULL;

  if (self->import != NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("An import is already running"));
      return FALSE;
    }

  instruments = marrow_store_get_instruments (store, error);
  if (instruments == NULL || !lookup_staff_id (self, &staff_id, error))
    return FALSE;

  self->import = marrow_sqlite_import_begin (self->db, self->audit, instruments, staff_id,
                                             self->workstation, source, error);
  return self->import != NULL;
}

static gboolean
marrow_sqlite_store_import_record (MarrowStore          *store,
                                   MarrowRecord         *record,
                                   MarrowImportOutcome  *outcome,
                                   GError              **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);

  if (self->import == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("No import is running"));
      return FALSE;
    }
  return marrow_sqlite_import_record (self->import, record, outcome, error);
}

static gboolean
marrow_sqlite_store_import_audit_row (MarrowStore           *store,
                                      const MarrowAuditRow  *row,
                                      MarrowImportOutcome   *outcome,
                                      GError               **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);

  if (self->import == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("No import is running"));
      return FALSE;
    }
  return marrow_sqlite_import_audit_row (self->import, row, outcome, error);
}

static gboolean
marrow_sqlite_store_foreach_audit (MarrowStore         *store,
                                   MarrowAuditRowFunc   func,
                                   gpointer             user_data,
                                   GError             **error)
{
  return marrow_sqlite_audit_foreach (MARROW_SQLITE_STORE (store)->db, func, user_data, error);
}

static gboolean
marrow_sqlite_store_import_end (MarrowStore  *store,
                                gboolean      commit,
                                GError      **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autoptr(GHashTable) touched = NULL;
  const MarrowEntityDef * const *entities;
  guint n_entities;
  gboolean ok;

  if (self->import == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("No import is running"));
      return FALSE;
    }

  ok = marrow_sqlite_import_end (g_steal_pointer (&self->import), commit, error);
  if (ok && commit)
    {
      /* Any table may have grown: every list reloads */
      touched = g_hash_table_new (NULL, NULL);
      entities = marrow_entity_all (&n_entities);
      for (guint i = 0; i < n_entities; i++)
        g_hash_table_add (touched, (gpointer)entities[i]);
      notify_models (self, touched);
    }
  return ok;
}

/* Remembers @model to reload it after saves; forgets models nobody holds
 * (a search makes one per keystroke) */
static GListModel *
track_model (MarrowSqliteStore     *self,
             MarrowRecordListModel *model)
{
  GWeakRef *ref;

  for (guint i = self->models->len; i > 0; i--)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (self->models->pdata[i - 1]);

      if (alive == NULL)
        g_ptr_array_remove_index_fast (self->models, i - 1);
    }

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, model);
  g_ptr_array_add (self->models, ref);

  return G_LIST_MODEL (model);
}

static GListModel *
marrow_sqlite_store_list (MarrowStore            *store,
                          const MarrowEntityDef  *entity,
                          const MarrowListQuery  *query,
                          GError                **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  MarrowRecordListModel *model;

  model = marrow_record_list_model_new_for_store (self, entity, query, error);
  if (model == NULL)
    return NULL;

  return track_model (self, model);
}

static GListModel *
marrow_sqlite_store_list_patients (MarrowStore         *store,
                                   const char          *search,
                                   MarrowPatientOrder   order,
                                   GError             **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  MarrowRecordListModel *model;

  model = marrow_sqlite_patient_search (self, search, order, error);
  if (model == NULL)
    return NULL;

  return track_model (self, model);
}

static gboolean
marrow_sqlite_store_count (MarrowStore            *store,
                           const MarrowEntityDef  *entity,
                           gboolean                include_voided,
                           gint64                 *count,
                           GError                **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  MarrowListQuery query = { .include_voided = include_voided };
  g_autofree char *sql = NULL;

  if (!(sql = marrow_sqlite_build_select (entity, &query, TRUE, FALSE, error)))
    return FALSE;
  return marrow_sqlite_get_int (self->db, sql, count, error);
}

static const char *
marrow_sqlite_store_get_staff_id (MarrowStore *store)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);

  return self->staff_id;
}

static const char *
marrow_sqlite_store_get_location (MarrowStore *store)
{
  return MARROW_SQLITE_STORE (store)->path;
}

/* ------------------------------------------------------------------------ */
/* Checking                                                                 */

static void
add_problem (GPtrArray  *problems,
             const char *kind,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (GPtrArray  *problems,
             const char *kind,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, marrow_problem_new (kind, message));
}

static void
check_integrity (MarrowSqliteStore *self,
                 GPtrArray         *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = marrow_sqlite_prepare (self->db, "PRAGMA integrity_check", FALSE, &error)))
    {
      add_problem (problems, "integrity", "%s", error->message);
      return;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = marrow_sqlite_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        add_problem (problems, "integrity", "integrity_check: %s", line ? line : "?");
    }
  if (rc != SQLITE_DONE)
    add_problem (problems, "integrity", "integrity_check: %s", sqlite3_errmsg (self->db));
}

static void
check_foreign_keys (MarrowSqliteStore *self,
                    GPtrArray         *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = marrow_sqlite_prepare (self->db, "PRAGMA foreign_key_check", FALSE, &error)))
    {
      add_problem (problems, "foreign_key", "%s", error->message);
      return;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = marrow_sqlite_column_text (stmt, 0);
      gint64 rowid = sqlite3_column_int64 (stmt, 1);
      const char *parent = marrow_sqlite_column_text (stmt, 2);
      const MarrowEntityDef *entity = table ? marrow_entity_lookup (table) : NULL;
      g_autofree char *id = NULL;

      /* Name the row by its id where the table is one of ours */
      if (entity != NULL)
        {
          g_autoptr(GString) sql = g_string_new ("SELECT \"id\" FROM ");
          g_autoptr(sqlite3_stmt) row = NULL;

          marrow_sqlite_append_ident (sql, entity->name);
          g_string_append (sql, " WHERE rowid = ?1");
          if ((row = marrow_sqlite_prepare (self->db, sql->str, FALSE, NULL)) != NULL)
            {
              sqlite3_bind_int64 (row, 1, rowid);
              if (sqlite3_step (row) == SQLITE_ROW)
                id = g_strdup (marrow_sqlite_column_text (row, 0));
            }
        }

      if (id != NULL)
        add_problem (problems, "foreign_key", _("%s row %s references a %s row that does not exist"),
                     table, id, parent ? parent : "?");
      else
        add_problem (problems, "foreign_key",
                     _("%s rowid %" PRId64 " references a %s row that does not exist"),
                     table ? table : "?", rowid, parent ? parent : "?");
    }
  if (rc != SQLITE_DONE)
    add_problem (problems, "foreign_key", "foreign_key_check: %s", sqlite3_errmsg (self->db));
}

static void
check_schema_and_versions (MarrowSqliteStore *self,
                           GPtrArray         *problems)
{
  const MarrowEntityDef * const *entities;
  g_autoptr(GError) error = NULL;
  guint version = 0;
  guint n_entities = 0;
  gint64 n_versions = 0;

  if (!marrow_sqlite_get_schema_version (self->db, &version, &error))
    {
      add_problem (problems, "schema", "%s", error->message);
      return;
    }
  if (version != marrow_sqlite_migrations_latest ())
    add_problem (problems, "schema", _("schema version is %u, expected %u"),
                 version, marrow_sqlite_migrations_latest ());

  if (!marrow_sqlite_get_int (self->db,
                              "SELECT count(DISTINCT version) FROM schema_version "
                              "WHERE version BETWEEN 1 AND (SELECT user_version FROM pragma_user_version)",
                              &n_versions, &error))
    {
      add_problem (problems, "schema", "schema_version: %s", error->message);
      g_clear_error (&error);
    }
  else if (n_versions != version)
    add_problem (problems, "schema",
                 _("schema_version lists %" PRId64 " of the %u migrations applied"),
                 n_versions, version);

  entities = marrow_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT \"id\", \"row_version\" FROM ");
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gboolean exists = FALSE;
      int rc;

      if (!marrow_sqlite_table_exists (self->db, entities[i]->name, &exists, &error))
        {
          add_problem (problems, "schema", "%s", error->message);
          g_clear_error (&error);
          continue;
        }
      if (!exists)
        {
          add_problem (problems, "schema", _("table %s is missing"), entities[i]->name);
          continue;
        }

      marrow_sqlite_append_ident (sql, entities[i]->name);
      g_string_append (sql, " WHERE \"row_version\" IS NULL OR \"row_version\" < 1 LIMIT 100");
      if (!(stmt = marrow_sqlite_prepare (self->db, sql->str, FALSE, &error)))
        {
          add_problem (problems, "schema", "%s: %s", entities[i]->name, error->message);
          g_clear_error (&error);
          continue;
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        add_problem (problems, "integrity", _("%s row %s: row_version is %s (must be 1 or more)"),
                     entities[i]->name,
                     marrow_sqlite_column_text (stmt, 0) ? marrow_sqlite_column_text (stmt, 0) : "?",
                     marrow_sqlite_column_text (stmt, 1) ? marrow_sqlite_column_text (stmt, 1)
                                                         : "NULL");
      if (rc != SQLITE_DONE)
        add_problem (problems, "integrity", "%s: %s", entities[i]->name, sqlite3_errmsg (self->db));
    }
}

static GPtrArray *
marrow_sqlite_store_check (MarrowStore  *store,
                           GError      **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (store);
  g_autoptr(GPtrArray) problems = marrow_problem_list_new ();
  g_autoptr(GError) local_error = NULL;

  check_integrity (self, problems);
  check_foreign_keys (self, problems);
  if (!marrow_audit_verify (self->db, problems, &local_error))
    add_problem (problems, "audit_chain", "%s", local_error->message);
  check_schema_and_versions (self, problems);

  return g_steal_pointer (&problems);
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                  */

static gboolean
create_database_file (const char  *path,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved_errno;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Patient data: readable by its owner only.  O_EXCL, because a file that
   * appeared meanwhile belongs to someone else's create and is opened as it is. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == EEXIST)
        return TRUE;
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("Could not create the database file: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  return g_close (fd, error);
}

static gboolean
open_database (MarrowSqliteStore  *self,
               GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 n_objects = 0;
  int rc;

  if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT,
                   _("Not a Marrow database (it is a folder)"));
      return FALSE;
    }
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      if (!self->create)
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                       _("The database file does not exist"));
          return FALSE;
        }
      if (!create_database_file (self->path, error))
        return FALSE;
    }

  /* No SQLITE_OPEN_CREATE: the file exists (with our mode) or we fail.
   * The path is absolute, so SQLite never reads it as a "file:" URI. */
  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      marrow_sqlite_set_error (error, self->db, rc, _("Could not open the database"));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Read before anything writes: a file that is not a database, or another
   * program's database, must be refused untouched. */
  if (!marrow_sqlite_get_int (self->db, "SELECT count(*) FROM sqlite_schema", &n_objects,
                              &local_error))
    {
      if (g_error_matches (local_error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT))
        g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT,
                     _("Not a Marrow database (%s)"), sqlite3_errmsg (self->db));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!marrow_sqlite_check_schema (self->db, NULL, error))
    return FALSE;

  /* Domain model 2.9: never lose a saved record.  A 32 MiB page cache
   * (SQLite's default is 2 MiB) keeps the patient search's indexes in
   * memory between keystrokes (docs/store.md §4.1) */
  if (!marrow_sqlite_exec (self->db,
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = FULL;"
                           "PRAGMA cache_size = -32768;",
                           error))
    return FALSE;

  if (!marrow_sqlite_migrate (self->db, marrow_sqlite_migrations_latest (), error))
    return FALSE;

  self->audit = marrow_audit_writer_new (self->db);

  /* A read: the staff row itself is only created by the first write */
  return lookup_staff_id (self, &self->staff_id, error);
}

static gboolean
marrow_sqlite_store_initable_init (GInitable     *initable,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (initable);

  if (self->path == NULL || *self->path == '\0')
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("No database file was named"));
      return FALSE;
    }
  return open_database (self, error);
}

static void
marrow_sqlite_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = marrow_sqlite_store_initable_init;
}

static void
marrow_sqlite_store_store_iface_init (MarrowStoreInterface *iface)
{
  iface->apply = marrow_sqlite_store_apply;
  iface->lookup = marrow_sqlite_store_lookup;
  iface->find = marrow_sqlite_store_find;
  iface->list = marrow_sqlite_store_list;
  iface->count = marrow_sqlite_store_count;
  iface->log_event = marrow_sqlite_store_log_event;
  iface->get_setting = marrow_sqlite_store_get_setting;
  iface->set_setting = marrow_sqlite_store_set_setting;
  iface->check = marrow_sqlite_store_check;
  iface->get_staff_id = marrow_sqlite_store_get_staff_id;
  iface->get_location = marrow_sqlite_store_get_location;
  iface->foreach = marrow_sqlite_store_foreach;
  iface->import_begin = marrow_sqlite_store_import_begin;
  iface->import_record = marrow_sqlite_store_import_record;
  iface->import_end = marrow_sqlite_store_import_end;
  iface->list_patients = marrow_sqlite_store_list_patients;
  iface->foreach_audit = marrow_sqlite_store_foreach_audit;
  iface->import_audit_row = marrow_sqlite_store_import_audit_row;
  iface->set_acting_staff = marrow_sqlite_store_set_acting_staff;
}

static void
marrow_sqlite_store_finalize (GObject *object)
{
  MarrowSqliteStore *self = (MarrowSqliteStore *)object;

  /* An import left open is dropped, never half-committed */
  if (self->import != NULL)
    marrow_sqlite_import_end (g_steal_pointer (&self->import), FALSE, NULL);

  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->audit, marrow_audit_writer_free);
  g_clear_pointer (&self->staff_by_login, sqlite3_finalize);
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close %s: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->workstation, g_free);
  g_clear_pointer (&self->staff_id, g_free);
  g_clear_pointer (&self->chosen_staff_id, g_free);

  G_OBJECT_CLASS (marrow_sqlite_store_parent_class)->finalize (object);
}

static void
marrow_sqlite_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_CREATE:
      g_value_set_boolean (value, self->create);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_sqlite_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MarrowSqliteStore *self = MARROW_SQLITE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      /* Absolute, so SQLite never reads a name like "file:x" as a URI; an
       * empty name stays empty (not the current folder) for init to refuse */
      self->path = !marrow_text_is_blank (g_value_get_string (value))
                   ? g_canonicalize_filename (g_value_get_string (value), NULL)
                   : NULL;
      break;

    case PROP_CREATE:
      self->create = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_sqlite_store_class_init (MarrowSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = marrow_sqlite_store_finalize;
  object_class->get_property = marrow_sqlite_store_get_property;
  object_class->set_property = marrow_sqlite_store_set_property;

  /**
   * MarrowSqliteStore:path:
   *
   * The database file (made absolute).
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * MarrowSqliteStore:create:
   *
   * Whether to create the file (mode 0600) if it does not exist.
   */
  properties[PROP_CREATE] =
    g_param_spec_boolean ("create", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
marrow_sqlite_store_init (MarrowSqliteStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, entity_statements_free);
  self->models = g_ptr_array_new_with_free_func (weak_ref_free);
  self->login = g_strdup (g_get_user_name ());
  self->workstation = g_strdup (g_get_host_name ());
}

/**
 * marrow_sqlite_store_new_for_path:
 * @path: the database file
 * @create: create the file (mode 0600, its folder 0700) if it does not exist
 * @error: return location for a #GError
 *
 * Opens the database at @path and upgrades its schema to the latest
 * version.  Fails with %MARROW_STORE_ERROR_NOT_FOUND when the file does not
 * exist and @create is %FALSE, %MARROW_STORE_ERROR_CORRUPT when it is not a
 * Marrow database, and %MARROW_STORE_ERROR_TOO_NEW when a newer Marrow
 * wrote it.
 *
 * Returns: (transfer full) (nullable): the store
 */
MarrowSqliteStore *
marrow_sqlite_store_new_for_path (const char  *path,
                                  gboolean     create,
                                  GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (MARROW_TYPE_SQLITE_STORE, NULL, error,
                         "path", path,
                         "create", create,
                         NULL);
}

/**
 * marrow_sqlite_store_get_path:
 *
 * Returns: the absolute path of the database file
 */
const char *
marrow_sqlite_store_get_path (MarrowSqliteStore *self)
{
  g_return_val_if_fail (MARROW_IS_SQLITE_STORE (self), NULL);
  return self->path;
}

/**
 * marrow_sqlite_store_get_db: (skip)
 *
 * Returns: (transfer none): the connection, for the list model and tests
 */
sqlite3 *
marrow_sqlite_store_get_db (MarrowSqliteStore *self)
{
  g_return_val_if_fail (MARROW_IS_SQLITE_STORE (self), NULL);
  return self->db;
}
