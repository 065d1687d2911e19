/* marrow-sqlite-util.c: small helpers shared by the SQLite store code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every SQL string built here is made of static identifiers from the entity
 * tables (checked to be plain snake_case) and of "?" or ":name" parameters;
 * values are always bound, never pasted into the text.
 */
#define G_LOG_DOMAIN "marrow-sqlite-util"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-sqlite-util.h"

/* The metadata columns of every record table, after id and the fields,
 * in the order marrow_sqlite_read_record() expects them. */
static const char * const meta_columns[] = {
  "created_at", "created_by", "updated_at", "updated_by",
  "row_version", "record_status", "error_reason",
};

void
marrow_sqlite_stmt_release (MarrowBorrowedStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/**
 * marrow_sqlite_set_error:
 * @error: return location for a #GError
 * @db: (nullable): the connection whose last error message to quote
 * @rc: the (extended) result code
 * @what: what was being done, e.g. "Could not save patient"
 *
 * Maps an SQLite failure onto %MARROW_STORE_ERROR: constraint failures to
 * CONSTRAINT (quoting SQLite's message, which names the table and column),
 * "not a database" and corruption to CORRUPT, everything else to FAILED.
 */
void
marrow_sqlite_set_error (GError     **error,
                         sqlite3     *db,
                         int          rc,
                         const char  *what)
{
  MarrowStoreError code = MARROW_STORE_ERROR_FAILED;
  const char *detail;

  detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = MARROW_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = MARROW_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      detail = _("the database is busy (another workstation is saving); try again");
      break;
    default:
      break;
    }

  g_set_error (error, MARROW_STORE_ERROR, code, "%s: %s", what, detail);
}

/**
 * marrow_sqlite_exec:
 *
 * Runs @sql (one or more statements without parameters).
 */
gboolean
marrow_sqlite_exec (sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      marrow_sqlite_set_error (error, db, rc, _("Database command failed"));
      return FALSE;
    }
  return TRUE;
}

/**
 * marrow_sqlite_prepare:
 * @persistent: the statement will be cached and reused
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error set
 */
sqlite3_stmt *
marrow_sqlite_prepare (sqlite3     *db,
                       const char  *sql,
                       gboolean     persistent,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  rc = sqlite3_prepare_v3 (db, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not prepare a database query"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/**
 * marrow_sqlite_get_int:
 *
 * Runs a query without parameters that returns one integer (PRAGMA
 * user_version, a count).  No row reads as 0.
 */
gboolean
marrow_sqlite_get_int (sqlite3     *db,
                       const char  *sql,
                       gint64      *value,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!(stmt = marrow_sqlite_prepare (db, sql, FALSE, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *value = 0;
  else
    {
      marrow_sqlite_set_error (error, db, rc, _("Database query failed"));
      return FALSE;
    }
  return TRUE;
}

gboolean
marrow_sqlite_table_exists (sqlite3     *db,
                            const char  *table,
                            gboolean    *exists,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (exists != NULL, FALSE);

  stmt = marrow_sqlite_prepare (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;
  marrow_sqlite_bind_text (stmt, 1, table);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Database query failed"));
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * marrow_sqlite_bind_text:
 *
 * Binds @text (copied by SQLite) or NULL.
 */
void
marrow_sqlite_bind_text (sqlite3_stmt *stmt,
                         int           index,
                         const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/**
 * marrow_sqlite_column_text:
 *
 * Returns: (nullable): the text of @column, %NULL for SQL NULL
 */
const char *
marrow_sqlite_column_text (sqlite3_stmt *stmt,
                           int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return (const char *)sqlite3_column_text (stmt, column);
}

static gboolean
ident_is_plain (const char *ident)
{
  if (ident == NULL || !(g_ascii_islower (*ident) || *ident == '_'))
    return FALSE;
  for (const char *p = ident; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

/**
 * marrow_sqlite_append_ident:
 *
 * Appends a double-quoted identifier.  Identifiers come from the static
 * entity tables only; anything but snake_case is a programming error.
 */
void
marrow_sqlite_append_ident (GString    *sql,
                            const char *ident)
{
  g_return_if_fail (sql != NULL);
  g_return_if_fail (ident_is_plain (ident));

  g_string_append_c (sql, '"');
  g_string_append (sql, ident);
  g_string_append_c (sql, '"');
}

/**
 * marrow_sqlite_append_columns:
 *
 * Appends the column list of @entity: id, the fields in declared order, then
 * the metadata columns.  marrow_sqlite_read_record() reads this layout.
 */
void
marrow_sqlite_append_columns (GString               *sql,
                              const MarrowEntityDef *entity)
{
  g_return_if_fail (sql != NULL);
  g_return_if_fail (entity != NULL);

  g_string_append (sql, "\"id\"");
  for (guint i = 0; i < entity->n_fields; i++)
    {
      g_string_append (sql, ", ");
      marrow_sqlite_append_ident (sql, entity->fields[i].name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (meta_columns); i++)
    {
      g_string_append (sql, ", ");
      marrow_sqlite_append_ident (sql, meta_columns[i]);
    }
}

/**
 * marrow_sqlite_read_record:
 * @stmt: a statement positioned on a row selected with
 *   marrow_sqlite_append_columns()
 *
 * Returns: (transfer full): the record of the current row
 */
MarrowRecord *
marrow_sqlite_read_record (const MarrowEntityDef *entity,
                           sqlite3_stmt          *stmt)
{
  g_autoptr(MarrowRecord) record = NULL;
  const char *id;
  int col = 0;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (stmt != NULL, NULL);

  record = marrow_record_new (entity);

  if ((id = marrow_sqlite_column_text (stmt, col++)) != NULL)
    marrow_record_set_id (record, id);

  for (guint i = 0; i < entity->n_fields; i++, col++)
    {
      if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        continue;

      switch (entity->fields[i].kind)
        {
        case MARROW_FIELD_INT:
        case MARROW_FIELD_BOOL:
          marrow_record_set_int_at (record, i, sqlite3_column_int64 (stmt, col));
          break;
        case MARROW_FIELD_REAL:
          marrow_record_set_real_at (record, i, sqlite3_column_double (stmt, col));
          break;
        case MARROW_FIELD_TEXT:
        case MARROW_FIELD_DATE:
        case MARROW_FIELD_PARTIAL_DATE:
        case MARROW_FIELD_INSTANT:
        case MARROW_FIELD_ENUM:
        case MARROW_FIELD_REF:
        default:
          marrow_record_set_text_at (record, i, (const char *)sqlite3_column_text (stmt, col));
          break;
        }
    }

  marrow_record_set_created (record,
                             marrow_sqlite_column_text (stmt, col),
                             marrow_sqlite_column_text (stmt, col + 1));
  marrow_record_set_updated (record,
                             marrow_sqlite_column_text (stmt, col + 2),
                             marrow_sqlite_column_text (stmt, col + 3));
  col += 4;
  marrow_record_set_row_version (record, MAX (sqlite3_column_int64 (stmt, col), 0));
  col++;
  if (marrow_sqlite_column_text (stmt, col) != NULL)
    marrow_record_set_record_status (record, marrow_sqlite_column_text (stmt, col));
  col++;
  marrow_record_set_error_reason (record, marrow_sqlite_column_text (stmt, col));

  return g_steal_pointer (&record);
}

/**
 * marrow_sqlite_bind_field:
 *
 * Binds the value of field number @field of @record to parameter @index.
 */
void
marrow_sqlite_bind_field (sqlite3_stmt *stmt,
                          int           index,
                          MarrowRecord *record,
                          guint         field)
{
  const MarrowEntityDef *entity;

  g_return_if_fail (stmt != NULL);
  g_return_if_fail (MARROW_IS_RECORD (record));

  entity = marrow_record_get_entity (record);
  g_return_if_fail (field < entity->n_fields);

  if (marrow_record_is_null_at (record, field))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (entity->fields[field].kind)
    {
    case MARROW_FIELD_INT:
    case MARROW_FIELD_BOOL:
      sqlite3_bind_int64 (stmt, index, marrow_record_get_int_at (record, field));
      break;
    case MARROW_FIELD_REAL:
      sqlite3_bind_double (stmt, index, marrow_record_get_real_at (record, field));
      break;
    case MARROW_FIELD_TEXT:
    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
    case MARROW_FIELD_ENUM:
    case MARROW_FIELD_REF:
    default:
      marrow_sqlite_bind_text (stmt, index, marrow_record_get_text_at (record, field));
      break;
    }
}

static gboolean
is_column (const MarrowEntityDef *entity,
           const char            *name)
{
  if (strcmp (name, "id") == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (meta_columns); i++)
    if (strcmp (name, meta_columns[i]) == 0)
      return TRUE;
  return marrow_entity_find_field (entity, name) != NULL;
}

/**
 * marrow_sqlite_build_select:
 * @count_only: select count(*) instead of the rows
 * @paged: end with "LIMIT :limit OFFSET :offset"
 *
 * Builds the SELECT for a #MarrowListQuery.  The filter value is the
 * parameter ":filter" (see marrow_sqlite_bind_query()); rows are ordered by
 * the query's field and then by id, so that the order is total and pages
 * never overlap.  Text fields sort case-insensitively (COLLATE NOCASE,
 * ASCII case folding).  Without an order field the order is insertion
 * order (rowid; rows are never deleted).
 *
 * Returns: (transfer full) (nullable): the SQL text, or %NULL if the query
 *   names a column the entity does not have
 */
char *
marrow_sqlite_build_select (const MarrowEntityDef *entity,
                            const MarrowListQuery *query,
                            gboolean               count_only,
                            gboolean               paged,
                            GError               **error)
{
  static const MarrowListQuery default_query = { 0 };
  const MarrowFieldDef *order_field = NULL;
  g_autoptr(GString) sql = NULL;
  const char *direction;
  gboolean where = FALSE;

  g_return_val_if_fail (entity != NULL, NULL);

  if (query == NULL)
    query = &default_query;

  if (query->order_by != NULL && !is_column (entity, query->order_by))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("Cannot sort %s by “%s”: there is no such field"),
                   entity->name, query->order_by);
      return NULL;
    }
  if (query->filter_field != NULL && !is_column (entity, query->filter_field))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("Cannot filter %s by “%s”: there is no such field"),
                   entity->name, query->filter_field);
      return NULL;
    }

  sql = g_string_new ("SELECT ");
  if (count_only)
    g_string_append (sql, "count(*)");
  else
    marrow_sqlite_append_columns (sql, entity);
  g_string_append (sql, " FROM ");
  marrow_sqlite_append_ident (sql, entity->name);

  if (!query->include_voided)
    {
      g_string_append (sql, " WHERE \"record_status\" <> '" MARROW_STATUS_ENTERED_IN_ERROR "'");
      where = TRUE;
    }
  if (query->filter_field != NULL)
    {
      g_string_append (sql, where ? " AND " : " WHERE ");
      marrow_sqlite_append_ident (sql, query->filter_field);
      g_string_append (sql, query->filter_value != NULL ? " = :filter" : " IS NULL");
    }

  if (count_only)
    return g_string_free (g_steal_pointer (&sql), FALSE);

  direction = query->descending ? " DESC" : "";
  g_string_append (sql, " ORDER BY ");
  if (query->order_by == NULL)
    {
      /* Insertion order: rows are never deleted, so rowid only grows, and
       * it needs neither a sort nor an index */
      g_string_append_printf (sql, "rowid%s", direction);
    }
  else
    {
      marrow_sqlite_append_ident (sql, query->order_by);
      /* Names sort as people expect ("de Vries" among the D's), and the
       * schema's name indexes are NOCASE too, so they serve this order. */
      if ((order_field = marrow_entity_find_field (entity, query->order_by)) != NULL &&
          order_field->kind == MARROW_FIELD_TEXT)
        g_string_append (sql, " COLLATE NOCASE");
      g_string_append (sql, direction);
      if (strcmp (query->order_by, "id") != 0)
        g_string_append_printf (sql, ", \"id\"%s", direction);
    }

  if (paged)
    g_string_append (sql, " LIMIT :limit OFFSET :offset");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/**
 * marrow_sqlite_bind_query:
 *
 * Binds the ":filter" parameter of a statement built by
 * marrow_sqlite_build_select().
 */
void
marrow_sqlite_bind_query (sqlite3_stmt          *stmt,
                          const MarrowListQuery *query)
{
  int index;

  g_return_if_fail (stmt != NULL);

  if (query == NULL || query->filter_field == NULL || query->filter_value == NULL)
    return;
  if ((index = sqlite3_bind_parameter_index (stmt, ":filter")) > 0)
    marrow_sqlite_bind_text (stmt, index, query->filter_value);
}
