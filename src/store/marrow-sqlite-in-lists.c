/* marrow-sqlite-in-lists.c: CHECK constraints without IN lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite evaluates `x IN ('a', 'b', 'c')` with three or more values by
 * building a temporary B-tree of the list every time the constraint is
 * checked: on every INSERT and UPDATE of the row.  That costs about 2.5 µs
 * per list, several times the cost of the rest of the check; an archive
 * import of a million records spent a fifth of its time on it.  The same
 * test written as `(x = 'a' OR x = 'b' OR x = 'c')` is evaluated in place
 * and means the same, NULL included (both give NULL, which a CHECK
 * accepts).
 *
 * Schema v1 (marrow-sqlite-schema-v1.c) is frozen text, so migration 5
 * rewrites the stored table definitions.  A CHECK constraint does not
 * change how rows are stored, so the documented way to change one is to
 * edit the definition in sqlite_schema under PRAGMA writable_schema and
 * bump PRAGMA schema_version (https://www.sqlite.org/lang_altertable.html,
 * "Making Other Kinds Of Table Schema Changes").  Every row already
 * satisfies the rewritten constraint, because it is the same constraint.
 * New tables should be written with OR chains from the start.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-sqlite-in-lists.h"
#include "marrow-sqlite-util.h"

/* A column name, IN, and a list of three or more literals (quoted text
 * without quotes inside, or whole numbers) */
#define IN_LIST_PATTERN \
  "\\b([a-z_][a-z0-9_]*) IN \\(((?:'[^']*'|-?[0-9]+)(?:,\\s*(?:'[^']*'|-?[0-9]+)){2,})\\)"

static gboolean
expand_in_list (const GMatchInfo *match,
                GString          *out,
                gpointer          user_data)
{
  GRegex *value_regex = user_data;
  g_autofree char *column = g_match_info_fetch (match, 1);
  g_autofree char *list = g_match_info_fetch (match, 2);
  g_autoptr(GMatchInfo) values = NULL;
  gboolean first = TRUE;

  g_string_append_c (out, '(');
  g_regex_match (value_regex, list, 0, &values);
  while (g_match_info_matches (values))
    {
      g_autofree char *value = g_match_info_fetch (values, 0);

      g_string_append_printf (out, "%s%s = %s", first ? "" : " OR ", column, value);
      first = FALSE;
      g_match_info_next (values, NULL);
    }
  g_string_append_c (out, ')');
  return FALSE;
}

/**
 * marrow_sqlite_rewrite_in_lists:
 * @sql: a CREATE TABLE statement
 *
 * Returns: (transfer full): @sql with every `column IN (three or more
 *   literals)` written as an OR chain of equalities
 */
char *
marrow_sqlite_rewrite_in_lists (const char *sql)
{
  g_autoptr(GRegex) in_regex = NULL;
  g_autoptr(GRegex) value_regex = NULL;

  g_return_val_if_fail (sql != NULL, NULL);

  in_regex = g_regex_new (IN_LIST_PATTERN, G_REGEX_OPTIMIZE, 0, NULL);
  value_regex = g_regex_new ("'[^']*'|-?[0-9]+", G_REGEX_OPTIMIZE, 0, NULL);
  g_assert (in_regex != NULL && value_regex != NULL);
  return g_regex_replace_eval (in_regex, sql, -1, 0, 0, expand_in_list, value_regex, NULL);
}

/**
 * marrow_sqlite_unfold_in_lists:
 * @db: the database, inside the migration's transaction
 * @error: return location for a #GError
 *
 * Rewrites the CHECK constraints of every table (see the top of this file).
 *
 * Returns: %TRUE on success
 */
gboolean
marrow_sqlite_unfold_in_lists (sqlite3  *db,
                               GError  **error)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *bump = NULL;
  gint64 schema_version = 0;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!marrow_sqlite_get_int (db, "PRAGMA schema_version", &schema_version, error) ||
      !(tables = marrow_sqlite_prepare (db,
                                        "SELECT name, sql FROM sqlite_schema "
                                        "WHERE type = 'table' AND sql LIKE '% IN (%'",
                                        FALSE, error)) ||
      !marrow_sqlite_exec (db, "PRAGMA writable_schema = ON", error))
    return FALSE;

  update = marrow_sqlite_prepare (db,
                                  "UPDATE sqlite_schema SET sql = ?2 "
                                  "WHERE type = 'table' AND name = ?1",
                                  FALSE, error);
  ok = update != NULL;
  while (ok && (rc = sqlite3_step (tables)) == SQLITE_ROW)
    {
      g_autofree char *rewritten =
        marrow_sqlite_rewrite_in_lists (marrow_sqlite_column_text (tables, 1));

      sqlite3_reset (update);
      marrow_sqlite_bind_text (update, 1, marrow_sqlite_column_text (tables, 0));
      marrow_sqlite_bind_text (update, 2, rewritten);
      if ((rc = sqlite3_step (update)) != SQLITE_DONE)
        {
          marrow_sqlite_set_error (error, db, rc, _("Could not rewrite a table's constraints"));
          ok = FALSE;
        }
    }
  if (ok && rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not read the table definitions"));
      ok = FALSE;
    }
  g_clear_pointer (&tables, sqlite3_finalize);
  g_clear_pointer (&update, sqlite3_finalize);

  /* Tells this and every other connection to read the definitions anew */
  bump = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT, schema_version + 1);
  if (ok && !marrow_sqlite_exec (db, bump, error))
    ok = FALSE;
  if (!marrow_sqlite_exec (db, "PRAGMA writable_schema = OFF", ok ? error : NULL))
    ok = FALSE;
  return ok;
}
