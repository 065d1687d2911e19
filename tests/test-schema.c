/* test-schema.c: the SQLite record tables against the entity tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQL of marrow-sqlite-schema-v1.c and of the record tables added later
 * (marrow-sqlite-schema-decision.c) is written out by hand (migrations are
 * frozen history), so this test checks that it still matches the entity
 * descriptions: the same columns with the same types, an index on every
 * reference and indexed field, and CHECK constraints that reject what the
 * core rejects.
 */
#define G_LOG_DOMAIN "test-schema"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-sqlite-migrations.h"
#include "marrow-sqlite-schema-decision.h"
#include "marrow-sqlite-schema-v1.h"
#include "marrow-test-samples.h"

#define STAMP "2026-01-12T12:00:00.000Z"

typedef struct
{
  sqlite3   *db;
  GPtrArray *chain;
  char      *staff_id;
} Fixture;

static const char * const common_columns[][2] = {
  { "created_at", "TEXT" },
  { "created_by", "TEXT" },
  { "updated_at", "TEXT" },
  { "updated_by", "TEXT" },
  { "row_version", "INTEGER" },
  { "record_status", "TEXT" },
  { "error_reason", "TEXT" },
};

static const char *
sql_type (const MarrowFieldDef *def)
{
  switch (def->kind)
    {
    case MARROW_FIELD_INT:
    case MARROW_FIELD_BOOL:
      return "INTEGER";
    case MARROW_FIELD_REAL:
      return "REAL";
    case MARROW_FIELD_TEXT:
    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
    case MARROW_FIELD_ENUM:
    case MARROW_FIELD_REF:
    default:
      return "TEXT";
    }
}

static int
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (message != NULL)
    g_debug ("%s: %s", sql, message);
  sqlite3_free (message);
  return rc;
}

static void
insert_record (Fixture      *fixture,
               MarrowRecord *record)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int column = 1;
  int rc;

  g_string_append_printf (sql, "INSERT INTO %s (id", entity->name);
  for (guint f = 0; f < entity->n_fields; f++)
    g_string_append_printf (sql, ", %s", entity->fields[f].name);
  g_string_append (sql, ", created_at, created_by, updated_at, updated_by, row_version, "
                        "record_status, error_reason) VALUES (?");
  for (guint f = 0; f < entity->n_fields + 7; f++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);

  sqlite3_bind_text (stmt, column++, marrow_record_get_id (record), -1, SQLITE_TRANSIENT);
  for (guint f = 0; f < entity->n_fields; f++, column++)
    {
      if (marrow_record_is_null_at (record, f))
        sqlite3_bind_null (stmt, column);
      else if (entity->fields[f].kind == MARROW_FIELD_INT || entity->fields[f].kind == MARROW_FIELD_BOOL)
        sqlite3_bind_int64 (stmt, column, marrow_record_get_int_at (record, f));
      else if (entity->fields[f].kind == MARROW_FIELD_REAL)
        sqlite3_bind_double (stmt, column, marrow_record_get_real_at (record, f));
      else
        sqlite3_bind_text (stmt, column, marrow_record_get_text_at (record, f), -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, column++, STAMP, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, column++, fixture->staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, column++, STAMP, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, column++, fixture->staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, column++, 1);
  sqlite3_bind_text (stmt, column++, marrow_record_get_record_status (record), -1, SQLITE_TRANSIENT);
  if (marrow_record_get_error_reason (record) != NULL)
    sqlite3_bind_text (stmt, column++, marrow_record_get_error_reason (record), -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column++);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    g_error ("inserting the sample %s failed: %s", entity->name, sqlite3_errmsg (fixture->db));
  sqlite3_finalize (stmt);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_assert_cmpint (sqlite3_open (":memory:", &fixture->db), ==, SQLITE_OK);
  g_assert_cmpint (exec (fixture->db, "PRAGMA foreign_keys = ON;"), ==, SQLITE_OK);
  if (exec (fixture->db, marrow_sqlite_schema_v1_entities) != SQLITE_OK)
    g_error ("schema: %s", sqlite3_errmsg (fixture->db));
  /* Record tables that later migrations added */
  if (exec (fixture->db, marrow_sqlite_schema_guidance_decision) != SQLITE_OK)
    g_error ("guidance_decision: %s", sqlite3_errmsg (fixture->db));
  if (exec (fixture->db, marrow_sqlite_schema_assessment_timepoint) != SQLITE_OK)
    g_error ("assessment.timepoint: %s", sqlite3_errmsg (fixture->db));

  fixture->chain = marrow_test_sample_chain ();

  /* Bootstrap: the first staff member creates itself */
  fixture->staff_id = g_strdup (marrow_record_get_id (fixture->chain->pdata[0]));

  if (GPOINTER_TO_INT (data))
    for (guint i = 0; i < fixture->chain->len; i++)
      insert_record (fixture, fixture->chain->pdata[i]);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sqlite3_close (fixture->db);
  g_ptr_array_unref (fixture->chain);
  g_free (fixture->staff_id);
}

static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  const MarrowEntityDef * const *all;
  guint n;

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    {
      const MarrowEntityDef *entity = all[e];
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", entity->name);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = NULL;
      guint i = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
          g_ptr_array_add (types, g_strdup ((const char *)sqlite3_column_text (stmt, 2)));
        }
      sqlite3_finalize (stmt);

      if (names->len != 1 + entity->n_fields + G_N_ELEMENTS (common_columns))
        g_error ("table %s has %u columns, expected %u", entity->name, names->len,
                 1 + entity->n_fields + (guint)G_N_ELEMENTS (common_columns));

      g_assert_cmpstr (names->pdata[i], ==, "id");
      g_assert_cmpstr (types->pdata[i], ==, "TEXT");
      i++;
      /* The fields in order, then the common columns; fields that a later
       * migration added with ALTER TABLE (the entity's last ones) follow
       * the common columns */
      for (guint f = 0, c = 0; f < entity->n_fields || c < G_N_ELEMENTS (common_columns); i++)
        {
          if (c < G_N_ELEMENTS (common_columns) &&
              (f == entity->n_fields || g_strcmp0 (names->pdata[i], common_columns[c][0]) == 0))
            {
              g_assert_cmpstr (names->pdata[i], ==, common_columns[c][0]);
              g_assert_cmpstr (types->pdata[i], ==, common_columns[c][1]);
              c++;
              continue;
            }
          if (g_strcmp0 (names->pdata[i], entity->fields[f].name) != 0 ||
              g_strcmp0 (types->pdata[i], sql_type (&entity->fields[f])) != 0)
            g_error ("%s column %u is %s %s, expected %s %s", entity->name, i,
                     (char *)names->pdata[i], (char *)types->pdata[i],
                     entity->fields[f].name, sql_type (&entity->fields[f]));
          f++;
        }
    }

  /* nothing else in the script */
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                         "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, (int)n);
    sqlite3_finalize (stmt);
  }
}

/* %TRUE if some index of @table starts with @column */
static gboolean
has_index_on (sqlite3    *db,
              const char *table,
              const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pragma_index_list('%s') AS l, "
                                          "pragma_index_info(l.name) AS i "
                                          "WHERE i.seqno = 0 AND i.name = '%s'", table, column);
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static void
test_indexes (Fixture       *fixture,
              gconstpointer  data)
{
  const MarrowEntityDef * const *all;
  guint n;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    for (guint f = 0; f < all[e]->n_fields; f++)
      {
        const MarrowFieldDef *def = &all[e]->fields[f];

        if (def->kind != MARROW_FIELD_REF &&
            (def->flags & (MARROW_FIELD_INDEXED | MARROW_FIELD_UNIQUE)) == 0)
          continue;
        if (!has_index_on (fixture->db, all[e]->name, def->name))
          g_error ("no index on %s.%s", all[e]->name, def->name);
      }

  /* the patient list sorts by name without a sort step */
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                       "EXPLAIN QUERY PLAN SELECT id FROM patient "
                                       "ORDER BY family_name COLLATE NOCASE, given_names COLLATE NOCASE",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *)sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_assert_nonnull (strstr (plan->str, "patient_name_idx"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

static void
test_sample_chain (Fixture       *fixture,
                   gconstpointer  data)
{
  sqlite3_stmt *stmt = NULL;

  /* the fixture inserted every sample record; no dangling reference */
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, "PRAGMA foreign_key_check", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* UPDATE the sample row of @table; returns the SQLite result code */
static int
update_sample (Fixture    *fixture,
               const char *table,
               const char *assignment)
{
  MarrowRecord *record = marrow_test_sample_find (fixture->chain, table);
  g_autofree char *sql = NULL;

  g_assert_nonnull (record);
  sql = g_strdup_printf ("UPDATE %s SET %s WHERE id = '%s'", table, assignment,
                         marrow_record_get_id (record));
  return exec (fixture->db, sql);
}

static void
assert_update_fails (Fixture    *fixture,
                     const char *table,
                     const char *assignment)
{
  int rc = update_sample (fixture, table, assignment);

  if (rc != SQLITE_CONSTRAINT)
    g_error ("UPDATE %s SET %s: result %d, expected a constraint failure", table, assignment, rc);
}

static void
assert_update_works (Fixture    *fixture,
                     const char *table,
                     const char *assignment)
{
  int rc = update_sample (fixture, table, assignment);

  if (rc != SQLITE_OK)
    g_error ("UPDATE %s SET %s: %s", table, assignment, sqlite3_errmsg (fixture->db));
}

static const char * const rejected_updates[][2] = {
  { "patient_weight", "weight_kg = 350" },
  { "patient_weight", "weight_kg = 19.99" },
  { "patient_weight", "method = 'guessed'" },
  { "patient", "dob = '2025-02-30'" },
  { "patient", "dob = '2025-2-3'" },
  { "patient", "dob = '17.04.1968'" },
  { "patient", "do_not_contact = 2" },
  { "patient", "local_id = NULL" },
  { "joint_case", "kl_grade = 5" },
  { "joint_case", "onset_date = '2023-13'" },
  { "joint_case", "onset_date = '23'" },
  { "harvest", "started_at = '2026-01-12 08:00:00'" },
  { "harvest", "heparin_u_per_ml = 0" },
  { "product_lot", "viable_cells = -1" },
  { "product_lot", "patient_id_typo = 1" },
  { "product_aliquot", "aliquot_no = 100" },
  { "injection", "volume_injected_ml = 0.05" },
  { "adverse_event", "severity_ctcae = 6" },
  { "adverse_event", "patient_id = '00000000-0000-4000-8000-000000000000'" },
  { "limit_ack", "record_row_version = 0" },
  { "assessment", "timepoint = '2w'" },
  { "guidance_decision", "reason = NULL" },
  { "guidance_decision", "reason = '   '" },
  { "guidance_decision", "inputs_json = '{' || printf('%.65535c', 'x') || '}'" },
  { "guidance_decision", "decision = 'maybe'" },
  /* common columns */
  { "patient", "record_status = 'deleted'" },
  { "patient", "record_status = 'entered_in_error'" },
  { "patient", "error_reason = 'duplicate'" },
  { "patient", "row_version = 0" },
  { "patient", "created_by = '00000000-0000-4000-8000-000000000000'" },
  { "patient", "id = 'short'" },
  /* unique */
  { "staff", "login = 'lab.sample'" },
};

static const char * const accepted_updates[][2] = {
  { "patient", "dob = '1964-02-29'" },
  { "patient", "record_status = 'entered_in_error', error_reason = 'Duplicate registration'" },
  { "joint_case", "onset_date = '2023'" },
  { "joint_case", "onset_date = '2023-12-31'" },
  { "patient_weight", "weight_kg = 300, height_cm = 50" },
  { "guidance_decision", "decision = 'accept', reason = NULL, chosen_action = NULL" },
  /* a draft may be incomplete */
  { "harvest", "record_status = 'draft', tissue = NULL, operator_id = NULL" },
};

static void
test_checks (Fixture       *fixture,
             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (rejected_updates); i++)
    {
      const char *table = rejected_updates[i][0];
      const char *assignment = rejected_updates[i][1];
      int rc = update_sample (fixture, table, assignment);

      /* a misspelt column is an error too, just not a constraint */
      if (strstr (assignment, "_typo") != NULL)
        g_assert_cmpint (rc, ==, SQLITE_ERROR);
      else if (rc != SQLITE_CONSTRAINT)
        g_error ("UPDATE %s SET %s: result %d, expected a constraint failure", table, assignment, rc);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted_updates); i++)
    assert_update_works (fixture, accepted_updates[i][0], accepted_updates[i][1]);
}

/* Every constrained field of every table, driven by the entity tables */
static void
test_checks_sweep (Fixture       *fixture,
                   gconstpointer  data)
{
  const MarrowEntityDef * const *all;
  guint n, count = 0;

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    for (guint f = 0; f < all[e]->n_fields; f++)
      {
        const MarrowFieldDef *def = &all[e]->fields[f];
        const char *table = all[e]->name;
        const char *column = def->name;
        char number[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *set = NULL;

        if ((def->flags & MARROW_FIELD_HAS_MIN) != 0)
          {
            g_ascii_dtostr (number, sizeof number,
                            (def->flags & MARROW_FIELD_MIN_EXCLUSIVE) ? def->hard_min : def->hard_min - 1);
            g_free (set);
            set = g_strdup_printf ("%s = %s", column, number);
            assert_update_fails (fixture, table, set);
            count++;
          }
        if ((def->flags & MARROW_FIELD_HAS_MAX) != 0)
          {
            g_ascii_dtostr (number, sizeof number, def->hard_max + 1);
            g_free (set);
            set = g_strdup_printf ("%s = %s", column, number);
            assert_update_fails (fixture, table, set);
            count++;
          }

        g_free (set);
        set = NULL;
        switch (def->kind)
          {
          case MARROW_FIELD_ENUM:
            set = g_strdup_printf ("%s = 'not_a_code'", column);
            break;
          case MARROW_FIELD_BOOL:
            set = g_strdup_printf ("%s = 2", column);
            break;
          case MARROW_FIELD_DATE:
            set = g_strdup_printf ("%s = '2025-02-30'", column);
            break;
          case MARROW_FIELD_PARTIAL_DATE:
            set = g_strdup_printf ("%s = '2025-00'", column);
            break;
          case MARROW_FIELD_INSTANT:
            set = g_strdup_printf ("%s = '2026-01-12T08:00:00Z'", column);
            break;
          case MARROW_FIELD_REF:
            {
              g_autofree char *uuid = g_uuid_string_random ();

              set = g_strdup_printf ("%s = '%s'", column, uuid);
            }
            break;
          case MARROW_FIELD_TEXT:
          case MARROW_FIELD_INT:
          case MARROW_FIELD_REAL:
          default:
            break;
          }
        if (set != NULL)
          {
            assert_update_fails (fixture, table, set);
            count++;
          }

        if ((def->flags & MARROW_FIELD_REQUIRED) != 0 && (def->flags & MARROW_FIELD_COMPUTED) == 0)
          {
            g_free (set);
            set = g_strdup_printf ("%s = NULL", column);
            assert_update_fails (fixture, table, set);
            count++;
          }
      }

  g_assert_cmpuint (count, >, 200);
}

/* A copy of a row under a new id breaks exactly the tables with unique keys */
static void
test_unique (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const composite[] = {
    "processing_input", "product_aliquot", "injection_product", "assessment_item", NULL
  };
  const MarrowEntityDef * const *all;
  guint n;

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    {
      const MarrowEntityDef *entity = all[e];
      MarrowRecord *record = marrow_test_sample_find (fixture->chain, entity->name);
      g_autoptr(GString) columns = g_string_new (NULL);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *sql = NULL;
      gboolean unique = g_strv_contains (composite, entity->name);
      int rc;

      for (guint f = 0; f < entity->n_fields; f++)
        {
          g_string_append_printf (columns, "%s, ", entity->fields[f].name);
          unique |= (entity->fields[f].flags & MARROW_FIELD_UNIQUE) != 0;
        }
      g_string_append (columns, "created_at, created_by, updated_at, updated_by, row_version, "
                                "record_status, error_reason");

      sql = g_strdup_printf ("INSERT INTO %s (id, %s) SELECT '%s', %s FROM %s WHERE id = '%s'",
                             entity->name, columns->str, uuid, columns->str, entity->name,
                             marrow_record_get_id (record));
      rc = exec (fixture->db, sql);
      if (unique && rc != SQLITE_CONSTRAINT)
        g_error ("a copy of a %s row was accepted", entity->name);
      if (!unique && rc != SQLITE_OK)
        g_error ("a copy of a %s row was rejected: %s", entity->name, sqlite3_errmsg (fixture->db));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/schema/columns", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_columns, fixture_teardown);
  g_test_add ("/schema/indexes", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_indexes, fixture_teardown);
  g_test_add ("/schema/sample-chain", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_sample_chain, fixture_teardown);
  g_test_add ("/schema/checks", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_checks, fixture_teardown);
  g_test_add ("/schema/checks-sweep", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_checks_sweep, fixture_teardown);
  g_test_add ("/schema/unique", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_unique, fixture_teardown);

  return g_test_run ();
}
