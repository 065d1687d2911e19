/* marrow-sqlite-migrations.c: numbered schema migrations of the SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA user_version holds the schema version (0 = empty database).
 * Migration N takes a database from version N-1 to N inside one
 * transaction that also sets user_version and records a schema_version row,
 * so a failed migration leaves the database exactly as it was.
 *
 * NEVER EDIT A MIGRATION THAT HAS SHIPPED: databases in the field are
 * already at its version and will never run it again.  Add a new one at the
 * end of the migrations[] table instead (docs/store.md, "Migrations").
 */
#define G_LOG_DOMAIN "marrow-sqlite-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-sqlite-in-lists.h"
#include "marrow-sqlite-migrations.h"
#include "marrow-sqlite-schema-decision.h"
#include "marrow-sqlite-schema-v1.h"
#include "marrow-sqlite-util.h"
#include "marrow-store.h"
#include "marrow-time.h"

typedef struct
{
  guint        version;
  const char  *summary;
  gboolean   (*run) (sqlite3  *db,
                     GError  **error);
} Migration;

/* Migration 1: the infrastructure tables (domain model 4.15-4.17) and the
 * record tables of schema v1.  audit_log is protected by triggers; the hash
 * chain (marrow-audit.c) detects whoever drops them. */
static const char migration_1_sql[] =
  "CREATE TABLE schema_version (\n"
  "  version INTEGER PRIMARY KEY,\n"
  "  applied_at TEXT NOT NULL,\n"
  "  app_version TEXT NOT NULL);\n"
  "CREATE TABLE setting (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT,\n"
  "  updated_at TEXT NOT NULL);\n"
  "CREATE TABLE audit_log (\n"
  "  seq INTEGER PRIMARY KEY,\n"
  "  at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T*Z'),\n"
  "  staff_id TEXT,\n"
  "  workstation TEXT,\n"
  "  action TEXT NOT NULL CHECK (action IN ('create','update','void','sign','print',\n"
  "    'export','import','login','logout','role_change','config_change')),\n"
  "  table_name TEXT,\n"
  "  record_id TEXT,\n"
  "  row_version INTEGER,\n"
  "  before_json TEXT,\n"
  "  after_json TEXT,\n"
  "  reason TEXT,\n"
  "  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),\n"
  "  hash TEXT NOT NULL CHECK (length(hash) = 64));\n"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
  "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
  "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n";

static gboolean
migration_1 (sqlite3  *db,
             GError  **error)
{
  return marrow_sqlite_exec (db, migration_1_sql, error) &&
         marrow_sqlite_exec (db, marrow_sqlite_schema_v1_entities, error);
}

/* Migration 2:
 * - the history of one record ("who changed this?") is read through an
 *   index instead of a scan of the whole log;
 * - the patient list (MarrowRecordListModel ordered by family_name) pages
 *   through a covering index in the list's exact order (name, then id) that
 *   also holds record_status, so skipping to row 90 000 of 100 000 reads
 *   the index only (about 10 ms instead of 300 ms);
 * - the site settings exist from the start: a generated facility code for
 *   chain-of-identity IDs (domain model 5) and an empty site name for
 *   reports.  INSERT OR IGNORE keeps values a version-1 database already has. */
static const char migration_2_sql[] =
  "CREATE INDEX audit_log_record ON audit_log (table_name, record_id, seq);\n"
  "CREATE INDEX patient_list_idx ON patient (family_name COLLATE NOCASE, id, record_status);\n";

static char *
generate_facility_code (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char code[6];

  /* Random rather than fixed, so that two installations that never set
   * their real code still issue distinct COI IDs when archives are merged. */
  for (guint i = 0; i < 5; i++)
    code[i] = alphabet[g_random_int_range (0, (gint32)(sizeof alphabet - 1))];
  code[5] = '\0';
  return g_strdup (code);
}

static gboolean
migration_2 (sqlite3  *db,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = marrow_instant_now ();
  g_autofree char *facility_code = generate_facility_code ();
  const char *keys[] = { "facility_code", "site_name" };
  const char *values[] = { facility_code, "" };
  int rc;

  if (!marrow_sqlite_exec (db, migration_2_sql, error))
    return FALSE;

  stmt = marrow_sqlite_prepare (db,
                                "INSERT OR IGNORE INTO setting (key, value, updated_at) "
                                "VALUES (?1, ?2, ?3)",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      sqlite3_reset (stmt);
      marrow_sqlite_bind_text (stmt, 1, keys[i]);
      marrow_sqlite_bind_text (stmt, 2, values[i]);
      marrow_sqlite_bind_text (stmt, 3, now);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          marrow_sqlite_set_error (error, db, rc, _("Could not write the site settings"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Migration 3: the sequence of base chain-of-identity IDs (domain model 5:
 * "a 6-digit sequence per facility and year, issued inside the save
 * transaction").  One row per facility code and calendar year (four
 * digits) holds the last sequence number issued; the store advances it in
 * apply() (marrow-sqlite-coi.c).  A new database and an upgraded one start
 * empty: the store skips numbers whose base is already in use, so IDs
 * saved before this migration (or imported) are never issued twice. */
static const char migration_3_sql[] =
  "CREATE TABLE coi_sequence (\n"
  "  facility TEXT NOT NULL,\n"
  "  year INTEGER NOT NULL,\n"
  "  last_sequence INTEGER NOT NULL CHECK (last_sequence BETWEEN 0 AND 999999),\n"
  "  PRIMARY KEY (facility, year));\n";

static gboolean
migration_3 (sqlite3  *db,
             GError  **error)
{
  return marrow_sqlite_exec (db, migration_3_sql, error);
}

/* Migration 4: drop the indexes on a foreign key that a UNIQUE constraint
 * already starts with (its automatic index serves the same lookups).  Each
 * index costs a B-tree insert per row: assessment_item alone, most of the
 * rows of a practice, kept three indexes where two do. */
static const char migration_4_sql[] =
  "DROP INDEX processing_input_processing_run_id_idx;\n"
  "DROP INDEX product_aliquot_lot_id_idx;\n"
  "DROP INDEX injection_product_injection_id_idx;\n"
  "DROP INDEX assessment_item_assessment_id_idx;\n";

static gboolean
migration_4 (sqlite3  *db,
             GError  **error)
{
  return marrow_sqlite_exec (db, migration_4_sql, error);
}

/* Migration 5:
 * - CHECK constraints without IN lists (marrow-sqlite-in-lists.c): the same
 *   rules, checked in place instead of through a temporary B-tree per row;
 * - the audit logs of other databases, imported with an archive that
 *   carries them (docs/archive.md, "The audit log"): kept apart from this
 *   database's own chain, keyed by the database that wrote them (origin)
 *   and their sequence there, append-only like audit_log;
 * - database_id, the identity of this database's own audit log in an
 *   archive (a random UUID, made once). */
static const char migration_5_sql[] =
  "CREATE TABLE imported_audit_log (\n"
  "  origin TEXT NOT NULL CHECK (length(origin) = 36),\n"
  "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
  "  at TEXT NOT NULL,\n"
  "  staff_id TEXT,\n"
  "  workstation TEXT,\n"
  "  action TEXT NOT NULL,\n"
  "  table_name TEXT,\n"
  "  record_id TEXT,\n"
  "  row_version INTEGER,\n"
  "  before_json TEXT,\n"
  "  after_json TEXT,\n"
  "  reason TEXT,\n"
  "  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),\n"
  "  hash TEXT NOT NULL CHECK (length(hash) = 64),\n"
  "  PRIMARY KEY (origin, seq)) WITHOUT ROWID;\n"
  "CREATE TRIGGER imported_audit_log_no_update BEFORE UPDATE ON imported_audit_log\n"
  "BEGIN SELECT RAISE(ABORT, 'imported_audit_log is append-only'); END;\n"
  "CREATE TRIGGER imported_audit_log_no_delete BEFORE DELETE ON imported_audit_log\n"
  "BEGIN SELECT RAISE(ABORT, 'imported_audit_log is append-only'); END;\n";

static gboolean
migration_5 (sqlite3  *db,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = marrow_instant_now ();
  g_autofree char *database_id = g_uuid_string_random ();
  int rc;

  if (!marrow_sqlite_unfold_in_lists (db, error) ||
      !marrow_sqlite_exec (db, migration_5_sql, error))
    return FALSE;

  stmt = marrow_sqlite_prepare (db,
                                "INSERT OR IGNORE INTO setting (key, value, updated_at) "
                                "VALUES ('database_id', ?1, ?2)",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;
  marrow_sqlite_bind_text (stmt, 1, database_id);
  marrow_sqlite_bind_text (stmt, 2, now);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not write the database id"));
      return FALSE;
    }
  return TRUE;
}

/* Migration 6: the patient list's search and orders (docs/store.md §4.1,
 * marrow-sqlite-patient-search.c).
 * - patient_name_order_idx: the list by family name, then given names, then
 *   id, with the status, so a deep page reads only the index for the rows
 *   it skips.  It starts with patient_name_idx's columns, which it replaces.
 * - patient_search: FTS5 over the patient's names, medical record number,
 *   date of birth and status, with the rows' own text in patient (external
 *   content) and prefix indexes for one- and two-character terms.  Patient
 *   rows are never deleted, so their rowids never change and the index
 *   stays keyed right (VACUUM renumbers only tables with gaps).
 * - patient_activity: the latest updated_at of each patient and of its
 *   weights, cases, harvests, injections, assessments and adverse events,
 *   and whether the patient is listed (not entered in error), indexed for
 *   the list by last activity.  Triggers keep both tables right on every
 *   write, archive imports included.  An import writes rows in any order
 *   (with foreign keys off), so a case also takes the latest change of the
 *   injections and assessments already written before it.  The UPSERTs
 *   write only a later time: rewriting the same one would still move the
 *   row in patient_activity_order_idx (an import of many records of one
 *   instant spent a tenth of its time on that). */
static const char migration_6_sql[] =
  "CREATE INDEX patient_name_order_idx ON patient\n"
  "  (family_name COLLATE NOCASE, given_names COLLATE NOCASE, id, record_status);\n"
  "DROP INDEX patient_name_idx;\n"
  "CREATE VIRTUAL TABLE patient_search USING fts5 (\n"
  "  family_name, given_names, local_id, dob, record_status,\n"
  "  content = 'patient', content_rowid = 'rowid',\n"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2');\n"
  "INSERT INTO patient_search (patient_search) VALUES ('rebuild');\n"
  "CREATE TRIGGER patient_search_insert AFTER INSERT ON patient BEGIN\n"
  "  INSERT INTO patient_search (rowid, family_name, given_names, local_id, dob, record_status)\n"
  "  VALUES (NEW.rowid, NEW.family_name, NEW.given_names, NEW.local_id, NEW.dob,\n"
  "          NEW.record_status);\n"
  "END;\n"
  "CREATE TRIGGER patient_search_update\n"
  "AFTER UPDATE OF family_name, given_names, local_id, dob, record_status ON patient BEGIN\n"
  "  INSERT INTO patient_search (patient_search, rowid, family_name, given_names, local_id,\n"
  "                              dob, record_status)\n"
  "  VALUES ('delete', OLD.rowid, OLD.family_name, OLD.given_names, OLD.local_id, OLD.dob,\n"
  "          OLD.record_status);\n"
  "  INSERT INTO patient_search (rowid, family_name, given_names, local_id, dob, record_status)\n"
  "  VALUES (NEW.rowid, NEW.family_name, NEW.given_names, NEW.local_id, NEW.dob,\n"
  "          NEW.record_status);\n"
  "END;\n"
  "CREATE TRIGGER patient_search_delete AFTER DELETE ON patient BEGIN\n"
  "  INSERT INTO patient_search (patient_search, rowid, family_name, given_names, local_id,\n"
  "                              dob, record_status)\n"
  "  VALUES ('delete', OLD.rowid, OLD.family_name, OLD.given_names, OLD.local_id, OLD.dob,\n"
  "          OLD.record_status);\n"
  "END;\n"
  "CREATE TABLE patient_activity (\n"
  "  patient_id TEXT PRIMARY KEY,\n"
  "  last_activity TEXT NOT NULL,\n"
  "  listed INTEGER NOT NULL DEFAULT 1 CHECK (listed = 0 OR listed = 1)\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX patient_activity_order_idx ON patient_activity\n"
  "  (listed, last_activity, patient_id);\n"
  "INSERT INTO patient_activity (patient_id, last_activity, listed)\n"
  "SELECT p.id, max(p.updated_at, coalesce(x.at, '')), p.record_status <> 'entered_in_error'\n"
  "FROM patient AS p LEFT JOIN (\n"
  "  SELECT patient_id, max(updated_at) AS at FROM (\n"
  "    SELECT patient_id, updated_at FROM patient_weight\n"
  "    UNION ALL SELECT patient_id, updated_at FROM joint_case\n"
  "    UNION ALL SELECT patient_id, updated_at FROM harvest\n"
  "    UNION ALL SELECT patient_id, updated_at FROM adverse_event\n"
  "    UNION ALL SELECT c.patient_id, i.updated_at\n"
  "      FROM injection AS i JOIN joint_case AS c ON c.id = i.joint_case_id\n"
  "    UNION ALL SELECT c.patient_id, a.updated_at\n"
  "      FROM assessment AS a JOIN joint_case AS c ON c.id = a.joint_case_id)\n"
  "  WHERE patient_id IS NOT NULL GROUP BY patient_id) AS x ON x.patient_id = p.id;\n"
  "CREATE TRIGGER patient_activity_insert AFTER INSERT ON patient BEGIN\n"
  "  INSERT INTO patient_activity (patient_id, last_activity, listed)\n"
  "  VALUES (NEW.id, NEW.updated_at, NEW.record_status <> 'entered_in_error')\n"
  "  ON CONFLICT (patient_id) DO UPDATE\n"
  "  SET last_activity = max(last_activity, excluded.last_activity), listed = excluded.listed\n"
  "  WHERE excluded.last_activity > last_activity OR excluded.listed <> listed;\n"
  "END;\n"
  "CREATE TRIGGER patient_activity_update AFTER UPDATE ON patient BEGIN\n"
  "  INSERT INTO patient_activity (patient_id, last_activity, listed)\n"
  "  VALUES (NEW.id, NEW.updated_at, NEW.record_status <> 'entered_in_error')\n"
  "  ON CONFLICT (patient_id) DO UPDATE\n"
  "  SET last_activity = max(last_activity, excluded.last_activity), listed = excluded.listed\n"
  "  WHERE excluded.last_activity > last_activity OR excluded.listed <> listed;\n"
  "END;\n";

/* The triggers of one table whose rows carry patient_id: after an insert
 * and after an update, the row's change time moves the patient's activity */
#define ACTIVITY_TRIGGERS(table, extra) \
  "CREATE TRIGGER " table "_activity_insert AFTER INSERT ON " table " BEGIN\n" \
  "  INSERT INTO patient_activity (patient_id, last_activity)\n" \
  "  SELECT NEW.patient_id, max(NEW.updated_at" extra ") WHERE NEW.patient_id IS NOT NULL\n" \
  "  ON CONFLICT (patient_id) DO UPDATE SET last_activity = excluded.last_activity\n" \
  "  WHERE excluded.last_activity > last_activity;\n" \
  "END;\n" \
  "CREATE TRIGGER " table "_activity_update AFTER UPDATE ON " table " BEGIN\n" \
  "  INSERT INTO patient_activity (patient_id, last_activity)\n" \
  "  SELECT NEW.patient_id, NEW.updated_at WHERE NEW.patient_id IS NOT NULL\n" \
  "  ON CONFLICT (patient_id) DO UPDATE SET last_activity = excluded.last_activity\n" \
  "  WHERE excluded.last_activity > last_activity;\n" \
  "END;\n"

/* The same for rows of a case: the patient is the case's */
#define CASE_ACTIVITY_TRIGGERS(table) \
  "CREATE TRIGGER " table "_activity_insert AFTER INSERT ON " table " BEGIN\n" \
  "  INSERT INTO patient_activity (patient_id, last_activity)\n" \
  "  SELECT patient_id, NEW.updated_at FROM joint_case\n" \
  "  WHERE id = NEW.joint_case_id AND patient_id IS NOT NULL\n" \
  "  ON CONFLICT (patient_id) DO UPDATE SET last_activity = excluded.last_activity\n" \
  "  WHERE excluded.last_activity > last_activity;\n" \
  "END;\n" \
  "CREATE TRIGGER " table "_activity_update AFTER UPDATE ON " table " BEGIN\n" \
  "  INSERT INTO patient_activity (patient_id, last_activity)\n" \
  "  SELECT patient_id, NEW.updated_at FROM joint_case\n" \
  "  WHERE id = NEW.joint_case_id AND patient_id IS NOT NULL\n" \
  "  ON CONFLICT (patient_id) DO UPDATE SET last_activity = excluded.last_activity\n" \
  "  WHERE excluded.last_activity > last_activity;\n" \
  "END;\n"

static const char migration_6_triggers_sql[] =
  ACTIVITY_TRIGGERS ("patient_weight", "")
  ACTIVITY_TRIGGERS ("harvest", "")
  ACTIVITY_TRIGGERS ("adverse_event", "")
  ACTIVITY_TRIGGERS ("joint_case",
                     ", coalesce ((SELECT max(updated_at) FROM injection"
                     " WHERE joint_case_id = NEW.id), ''),"
                     " coalesce ((SELECT max(updated_at) FROM assessment"
                     " WHERE joint_case_id = NEW.id), '')")
  CASE_ACTIVITY_TRIGGERS ("injection")
  CASE_ACTIVITY_TRIGGERS ("assessment");

static gboolean
migration_6 (sqlite3  *db,
             GError  **error)
{
  return marrow_sqlite_exec (db, migration_6_sql, error) &&
         marrow_sqlite_exec (db, migration_6_triggers_sql, error);
}

/* Migration 7: the physician's decisions on guidance evaluations
 * (marrow-sqlite-schema-decision.c, docs/guidance.md "Decisions") */
static gboolean
migration_7 (sqlite3  *db,
             GError  **error)
{
  return marrow_sqlite_exec (db, marrow_sqlite_schema_guidance_decision, error);
}

/* Migration 8: the follow-up time point of an assessment (baseline, 6w,
 * 3m, 6m, 12m, yearly), which the assessment form suggests from the days
 * since the case's latest injection and the user may change.  NULL for
 * the assessments saved before. */
const char marrow_sqlite_schema_assessment_timepoint[] =
  "ALTER TABLE assessment ADD COLUMN timepoint TEXT\n"
  "  CHECK (timepoint = 'baseline' OR timepoint = '6w' OR timepoint = '3m' OR\n"
  "         timepoint = '6m' OR timepoint = '12m' OR timepoint = 'yearly');\n";

static gboolean
migration_8 (sqlite3  *db,
             GError  **error)
{
  return marrow_sqlite_exec (db, marrow_sqlite_schema_assessment_timepoint, error);
}

/* Append new migrations here; never edit or reorder the ones above. */
static const Migration migrations[] = {
  { 1, "infrastructure tables and record tables of schema v1", migration_1 },
  { 2, "indexes for record history and the patient list; site settings", migration_2 },
  { 3, "sequence of chain-of-identity IDs", migration_3 },
  { 4, "no index that a UNIQUE constraint duplicates", migration_4 },
  { 5, "CHECK constraints without IN lists; imported audit logs; database id", migration_5 },
  { 6, "patient search (FTS5), name order and last activity", migration_6 },
  { 7, "guidance decisions", migration_7 },
  { 8, "time point of an assessment", migration_8 },
};

/**
 * marrow_sqlite_migrations_latest:
 *
 * Returns: the schema version this build creates and understands
 */
guint
marrow_sqlite_migrations_latest (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

/**
 * marrow_sqlite_get_schema_version:
 * @version: (out): PRAGMA user_version
 */
gboolean
marrow_sqlite_get_schema_version (sqlite3  *db,
                                  guint    *version,
                                  GError  **error)
{
  gint64 value = 0;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  if (!marrow_sqlite_get_int (db, "PRAGMA user_version", &value, error))
    return FALSE;
  *version = (guint)CLAMP (value, 0, G_MAXUINT);
  return TRUE;
}

/* Refuses databases that are not Marrow's: tables but user_version 0 (some
 * other program's database), or a version without a schema_version table. */
static gboolean
check_is_marrow (sqlite3  *db,
                 guint     version,
                 GError  **error)
{
  gint64 n_objects = 0;
  gboolean has_schema_version = FALSE;

  if (version == 0)
    {
      if (!marrow_sqlite_get_int (db,
                                  "SELECT count(*) FROM sqlite_schema "
                                  "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                                  &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT,
                       _("Not a Marrow database (it holds tables but no Marrow schema version)"));
          return FALSE;
        }
      return TRUE;
    }

  if (!marrow_sqlite_table_exists (db, "schema_version", &has_schema_version, error))
    return FALSE;
  if (!has_schema_version)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CORRUPT,
                   _("Not a Marrow database (schema version %u but no schema_version table)"),
                   version);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_foreign_keys (sqlite3  *db,
                    guint     version,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = marrow_sqlite_prepare (db, "PRAGMA foreign_key_check", FALSE, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_CONSTRAINT,
                   _("migration %u left a row in %s that references a missing %s row"),
                   version, (const char *)sqlite3_column_text (stmt, 0),
                   (const char *)sqlite3_column_text (stmt, 2));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not check foreign keys"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_migration (sqlite3          *db,
               const Migration  *migration,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) record = NULL;
  g_autofree char *set_version = NULL;
  g_autofree char *now = NULL;
  guint current = 0;
  int rc;

  if (!marrow_sqlite_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another workstation may have migrated while we waited for the lock */
  if (!marrow_sqlite_get_schema_version (db, &current, error))
    goto fail;
  if (current >= migration->version)
    return marrow_sqlite_exec (db, "COMMIT", error);
  if (current != migration->version - 1)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                   _("expected schema version %u, found %u"), migration->version - 1, current);
      goto fail;
    }

  if (!migration->run (db, error))
    goto fail;
  if (!check_foreign_keys (db, migration->version, error))
    goto fail;

  /* An integer from the static table, not user data */
  set_version = g_strdup_printf ("PRAGMA user_version = %u", migration->version);
  if (!marrow_sqlite_exec (db, set_version, error))
    goto fail;

  record = marrow_sqlite_prepare (db,
                                  "INSERT INTO schema_version (version, applied_at, app_version) "
                                  "VALUES (?1, ?2, ?3)",
                                  FALSE, error);
  if (record == NULL)
    goto fail;
  now = marrow_instant_now ();
  sqlite3_bind_int64 (record, 1, migration->version);
  marrow_sqlite_bind_text (record, 2, now);
  marrow_sqlite_bind_text (record, 3, PACKAGE_VERSION);
  if ((rc = sqlite3_step (record)) != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, _("Could not record the schema version"));
      goto fail;
    }

  if (!marrow_sqlite_exec (db, "COMMIT", error))
    goto fail;

  g_debug ("Migrated to schema version %u: %s", migration->version, migration->summary);
  return TRUE;

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/**
 * marrow_sqlite_check_schema:
 * @db: an open connection
 * @version: (out) (optional): the schema version of @db
 * @error: return location for a #GError
 *
 * Decides, without writing anything, whether @db is a Marrow database this
 * build can open: an empty database (version 0, no tables) or a Marrow
 * schema no newer than marrow_sqlite_migrations_latest().  Fails with
 * %MARROW_STORE_ERROR_TOO_NEW or %MARROW_STORE_ERROR_CORRUPT otherwise.
 */
gboolean
marrow_sqlite_check_schema (sqlite3  *db,
                            guint    *version,
                            GError  **error)
{
  guint latest = marrow_sqlite_migrations_latest ();
  guint current = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!marrow_sqlite_get_schema_version (db, &current, error))
    return FALSE;
  if (current > latest)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_TOO_NEW,
                   _("The database was written by a newer version of Marrow (schema version %u; "
                     "this version understands up to %u)"),
                   current, latest);
      return FALSE;
    }
  if (!check_is_marrow (db, current, error))
    return FALSE;

  if (version != NULL)
    *version = current;
  return TRUE;
}

/**
 * marrow_sqlite_migrate:
 * @db: an open connection
 * @target_version: the schema version to reach, at most
 *   marrow_sqlite_migrations_latest(); 0 leaves an empty database empty
 * @error: return location for a #GError
 *
 * Brings @db from its current schema version up to @target_version, one
 * migration (and one transaction) at a time.  Foreign-key enforcement is
 * off while migrating (so a later migration may rebuild a table, as the
 * SQLite documentation recommends) and every migration ends with a
 * foreign-key check before it commits.
 *
 * Fails with %MARROW_STORE_ERROR_TOO_NEW if the database is newer than this
 * build, and with %MARROW_STORE_ERROR_CORRUPT if it is not a Marrow
 * database.  A database already at or past @target_version (but not too
 * new) is left alone: migrations never go down.
 */
gboolean
marrow_sqlite_migrate (sqlite3  *db,
                       guint     target_version,
                       GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  guint latest = marrow_sqlite_migrations_latest ();
  guint current = 0;
  gint64 foreign_keys = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (target_version <= latest, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!marrow_sqlite_check_schema (db, &current, error))
    return FALSE;
  if (current >= target_version)
    return TRUE;

  if (!marrow_sqlite_get_int (db, "PRAGMA foreign_keys", &foreign_keys, error) ||
      !marrow_sqlite_exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations) && ok; i++)
    {
      if (migrations[i].version <= current || migrations[i].version > target_version)
        continue;
      if (!run_migration (db, &migrations[i], &local_error))
        {
          g_set_error (error, MARROW_STORE_ERROR,
                       local_error->domain == MARROW_STORE_ERROR ? local_error->code
                                                                 : MARROW_STORE_ERROR_FAILED,
                       _("Could not upgrade the database to schema version %u: %s"),
                       migrations[i].version, local_error->message);
          ok = FALSE;
        }
    }

  if (foreign_keys != 0 && !marrow_sqlite_exec (db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    ok = FALSE;

  return ok;
}
