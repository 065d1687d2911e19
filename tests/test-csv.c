/* test-csv.c: the CSV export for statisticians
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 4, point 5: long format, one row per score per assessment; RFC 4180
 * with a header and CRLF; values equal to the scoring engine in full
 * precision; days since the first and the latest injection; formula
 * injection defence; a pseudonymised variant with stable keyed hashes;
 * scope, not-found and cancellation.  The output is read back with a small
 * strict RFC 4180 reader.
 */
#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "marrow-assessment-service.h"
#include "marrow-csv-export.h"
#include "marrow-entities.h"
#include "marrow-store.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"

#define KEY       "a practice secret of some length"
#define OTHER_KEY "another practice secret, longer"

#define DIAGNOSIS_TEXT "Osteoarthritis, \"primary\"\r\nright hip"

typedef struct
{
  char                     *dir;
  MarrowStore              *store;
  MarrowInstrumentRegistry *registry;
  GPtrArray                *chain;       /* sample records, saved */

  MarrowRecord             *patient_a;   /* the sample patient */
  MarrowRecord             *case_a;      /* its left knee */
  MarrowRecord             *case_void;   /* a second case of A, entered in error */
  MarrowRecord             *patient_b;   /* formula and quoting traps */
  MarrowRecord             *case_b;

  /* the assessments the export must write, in output order */
  GPtrArray                *exported;
  /* a0 … a6 of case A and b0 of case B, by name */
  GHashTable               *by_name;
  /* assessments that must not be written */
  GPtrArray                *hidden;
} Fixture;

/* ------------------------------------------------------------------------ */
/* A strict RFC 4180 reader                                                 */

typedef struct
{
  GStrv      header;
  GPtrArray *rows;   /* GStrv */
} Table;

static void
table_free (Table *table)
{
  g_strfreev (table->header);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

/* Every record ends in CRLF; a field is either plain (no '"', CR or LF) or
 * quoted with doubled quotes inside.  Anything else fails the test. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_true (*p != '\0');  /* an unterminated quote */
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '\r')
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (*p == ',')
        {
          p++;
          continue;
        }
      /* the end of a record: CRLF, never a bare CR or LF, nor the end of the text */
      g_assert_cmpint (p[0], ==, '\r');
      g_assert_cmpint (p[1], ==, '\n');
      p += 2;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
    }
  g_assert_cmpuint (fields->len, ==, 0);

  return records;
}

static Table *
parse_table (const char *text)
{
  g_autoptr(GPtrArray) records = parse_csv (text);
  Table *table = g_new0 (Table, 1);

  g_assert_cmpuint (records->len, >=, 1);
  table->header = g_ptr_array_steal_index (records, 0);
  table->rows = g_ptr_array_ref (records);
  g_ptr_array_set_free_func (table->rows, (GDestroyNotify)g_strfreev);
  for (guint i = 0; i < table->rows->len; i++)
    g_assert_cmpuint (g_strv_length (table->rows->pdata[i]), ==, g_strv_length (table->header));
  return table;
}

static int
column (Table      *table,
        const char *name)
{
  for (int i = 0; table->header[i] != NULL; i++)
    if (strcmp (table->header[i], name) == 0)
      return i;
  return -1;
}

static const char *
cell (Table      *table,
      guint       row,
      const char *name)
{
  int index = column (table, name);

  g_assert_cmpint (index, >=, 0);
  return ((GStrv)table->rows->pdata[row])[index];
}

/* ------------------------------------------------------------------------ */
/* Data                                                                     */

static MarrowInstrument *
instrument (Fixture    *fixture,
            const char *code)
{
  MarrowInstrument *found = marrow_instrument_registry_lookup (fixture->registry, code, NULL);

  g_assert_nonnull (found);
  return found;
}

/* Every item answered @value, except @skip (missing) and @first (@first_value) */
static MarrowAnswers *
answers_all (MarrowInstrument *inst,
             double            value,
             const char       *skip,
             const char       *first,
             double            first_value)
{
  g_autoptr(GError) error = NULL;
  MarrowAnswers *answers = marrow_answers_new (inst);

  for (guint i = 0; i < marrow_instrument_get_n_items (inst); i++)
    {
      const char *id = marrow_instrument_get_item (inst, i)->id;

      double answer = g_strcmp0 (id, first) == 0 ? first_value : value;

      if (g_strcmp0 (id, skip) == 0)
        continue;
      g_assert_true (marrow_answers_set (answers, id, answer, &error));
      g_assert_no_error (error);
    }
  return answers;
}

static MarrowRecord *
new_assessment (Fixture      *fixture,
                MarrowRecord *joint_case,
                const char   *completed_at,
                const char   *status)
{
  MarrowRecord *record = marrow_record_new (&marrow_entity_assessment);
  MarrowRecord *sample = marrow_test_sample_find (fixture->chain, "assessment");

  marrow_record_set_text (record, "joint_case_id", marrow_record_get_id (joint_case));
  marrow_record_set_text (record, "entered_by", marrow_record_get_text (sample, "entered_by"));
  marrow_record_set_text (record, "mode", "tablet_in_clinic");
  marrow_record_set_text (record, "respondent", "patient");
  marrow_record_set_text (record, "completed_at", completed_at);
  marrow_record_set_text (record, "recall_period", "past_week_average");
  marrow_record_set_bool (record, "is_valid", TRUE);
  if (status != NULL)
    marrow_record_set_record_status (record, status);
  return record;
}

/* Records an assessment; @name != NULL: it must be exported, in call order.
 * Returns: (transfer none): the stored assessment */
static MarrowRecord *
record (Fixture       *fixture,
        const char    *name,
        MarrowRecord  *joint_case,
        const char    *completed_at,
        const char    *status,
        MarrowAnswers *answers)
{
  MarrowRecord *assessment = new_assessment (fixture, joint_case, completed_at, status);
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_record_assessment (fixture->store, assessment, answers, &error));
  g_assert_no_error (error);
  if (name != NULL)
    {
      g_ptr_array_add (fixture->exported, assessment);
      g_hash_table_insert (fixture->by_name, g_strdup (name), g_object_ref (assessment));
    }
  else
    g_ptr_array_add (fixture->hidden, assessment);
  return assessment;
}

static MarrowAnswers *
vas (Fixture *fixture,
     double   value)
{
  g_autoptr(GError) error = NULL;
  MarrowAnswers *answers = marrow_answers_new (instrument (fixture, "PAIN_VAS"));

  g_assert_true (marrow_answers_set (answers, "pain", value, &error));
  g_assert_no_error (error);
  return answers;
}

static void
insert (Fixture      *fixture,
        MarrowRecord *record_)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_insert (fixture->store, record_, &error));
  g_assert_no_error (error);
}

static void
void_record (Fixture      *fixture,
             MarrowRecord *record_)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_void (fixture->store, record_, "Test: wrong patient", &error));
  g_assert_no_error (error);
}

/* Another injection into the sample case, a copy of the sample's */
static MarrowRecord *
new_injection (Fixture    *fixture,
               const char *performed_at,
               const char *status)
{
  MarrowRecord *injection = marrow_record_copy (marrow_test_sample_find (fixture->chain,
                                                                         "injection"));
  g_autofree char *id = g_uuid_string_random ();

  marrow_record_set_id (injection, id);
  marrow_record_set_row_version (injection, 0);
  marrow_record_set_text (injection, "performed_at", performed_at);
  marrow_record_set_int (injection, "course_no", 2);
  marrow_record_set_bool (injection, "is_booster", TRUE);
  marrow_record_set_text (injection, "booster_reason", "Planned second dose");
  marrow_record_set_record_status (injection, status);
  return injection;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autofree char *path = NULL;
  g_autoptr(MarrowRecord) inj2 = NULL;
  g_autoptr(MarrowRecord) inj_draft = NULL;
  g_autoptr(MarrowRecord) inj_void = NULL;
  MarrowRecord *voided;
  g_autoptr(MarrowAnswers) koos = NULL;
  g_autoptr(MarrowAnswers) oks = NULL;
  g_autoptr(MarrowAnswers) v1 = NULL, v2 = NULL, v3 = NULL, v4 = NULL, v5 = NULL;
  g_autoptr(MarrowAnswers) v6 = NULL, v7 = NULL, v8 = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-csv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);

  fixture->registry = marrow_instrument_registry_new ();
  g_assert_true (marrow_instrument_registry_load_bundled (fixture->registry, &error));
  g_assert_no_error (error);
  marrow_store_set_instruments (fixture->store, fixture->registry);

  fixture->exported = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  fixture->hidden = g_ptr_array_new_with_free_func (g_object_unref);

  /* The sample chain: patient A, left knee, injection on 2026-01-12 at
   * 09:45 UTC (10:45 in Berlin), a KOOS on 2026-01-08 with one answer */
  fixture->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < fixture->chain->len; i++)
    marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);

  fixture->patient_a = marrow_test_sample_find (fixture->chain, "patient");
  fixture->case_a = marrow_test_sample_find (fixture->chain, "joint_case");
  {
    MarrowRecord *a0 = marrow_test_sample_find (fixture->chain, "assessment");

    g_ptr_array_add (fixture->exported, g_object_ref (a0));
    g_hash_table_insert (fixture->by_name, g_strdup ("a0"), g_object_ref (a0));
  }

  /* More injections into case A: a second one on 2026-03-01, a draft
   * (planned, not given) and one entered in error */
  inj2 = new_injection (fixture, "2026-03-01T10:00:00.000Z", MARROW_STATUS_FINAL);
  insert (fixture, inj2);
  inj_draft = new_injection (fixture, "2026-02-01T10:00:00.000Z", MARROW_STATUS_DRAFT);
  insert (fixture, inj_draft);
  inj_void = new_injection (fixture, "2026-02-15T10:00:00.000Z", MARROW_STATUS_FINAL);
  insert (fixture, inj_void);
  void_record (fixture, inj_void);

  /* a1: same day as the first injection, before it */
  v1 = vas (fixture, 44.4);
  record (fixture, "a1", fixture->case_a, "2026-01-12T07:00:00.000Z", NULL, v1);
  /* a2: same day, after it; a KOOS with a non-trivial mean */
  koos = answers_all (instrument (fixture, "KOOS"), 1, NULL, "P1", 2);
  record (fixture, "a2", fixture->case_a, "2026-01-12T15:00:00.000Z", NULL, koos);
  /* a3: 23:30 UTC is 00:30 of the next day in Berlin */
  v2 = vas (fixture, 30);
  record (fixture, "a3", fixture->case_a, "2026-01-12T23:30:00.000Z", NULL, v2);
  /* a4: after the draft and the voided injection, which do not count;
   * OKS with one missing item, imputed */
  oks = answers_all (instrument (fixture, "OKS"), 2, "Q1", "Q2", 3);
  record (fixture, "a4", fixture->case_a, "2026-02-20T10:00:00.000Z", NULL, oks);
  /* a5: at the very instant of the second injection */
  v3 = vas (fixture, 20);
  record (fixture, "a5", fixture->case_a, "2026-03-01T10:00:00.000Z", NULL, v3);
  /* a6: 42 days after the second injection */
  v4 = vas (fixture, 12.5);
  record (fixture, "a6", fixture->case_a, "2026-04-12T10:00:00.000Z", NULL, v4);
  /* a draft and a voided assessment are not exported */
  v5 = vas (fixture, 99);
  record (fixture, NULL, fixture->case_a, "2026-04-13T10:00:00.000Z", MARROW_STATUS_DRAFT, v5);
  v6 = vas (fixture, 98);
  voided = record (fixture, NULL, fixture->case_a, "2026-04-14T10:00:00.000Z", NULL, v6);
  void_record (fixture, voided);

  /* A second case of A, entered in error with its assessment */
  fixture->case_void = marrow_record_copy (fixture->case_a);
  {
    g_autofree char *id = g_uuid_string_random ();

    marrow_record_set_id (fixture->case_void, id);
    marrow_record_set_row_version (fixture->case_void, 0);
    marrow_record_set_text (fixture->case_void, "side", "right");
  }
  insert (fixture, fixture->case_void);
  v7 = vas (fixture, 97);
  record (fixture, NULL, fixture->case_void, "2026-02-02T10:00:00.000Z", NULL, v7);
  void_record (fixture, fixture->case_void);

  /* Patient B: a local id and diagnosis that a spreadsheet would run, and a
   * diagnosis text with a comma, quotes and a line break */
  fixture->patient_b = marrow_record_new (&marrow_entity_patient);
  marrow_record_set_text (fixture->patient_b, "local_id", "=1+2");
  marrow_record_set_text (fixture->patient_b, "family_name", "Tricky");
  marrow_record_set_text (fixture->patient_b, "given_names", "Quinn");
  marrow_record_set_text (fixture->patient_b, "dob", "1950-02-03");
  marrow_record_set_text (fixture->patient_b, "sex", "male");
  insert (fixture, fixture->patient_b);

  fixture->case_b = marrow_record_new (&marrow_entity_joint_case);
  marrow_record_set_text (fixture->case_b, "patient_id", marrow_record_get_id (fixture->patient_b));
  marrow_record_set_text (fixture->case_b, "site", "hip");
  marrow_record_set_text (fixture->case_b, "side", "right");
  marrow_record_set_text (fixture->case_b, "diagnosis_system", "@ICD");
  marrow_record_set_text (fixture->case_b, "diagnosis_code", "-M16.11");
  marrow_record_set_text (fixture->case_b, "diagnosis_text", DIAGNOSIS_TEXT);
  marrow_record_set_text (fixture->case_b, "status", "active");
  insert (fixture, fixture->case_b);

  /* 0.1 + 0.2 needs all 17 digits */
  v8 = vas (fixture, 0.1 + 0.2);
  record (fixture, "b0", fixture->case_b, "2026-02-02T10:00:00.000Z", NULL, v8);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->exported, g_ptr_array_unref);
  g_clear_pointer (&fixture->by_name, g_hash_table_unref);
  g_clear_pointer (&fixture->hidden, g_ptr_array_unref);
  g_clear_object (&fixture->case_void);
  g_clear_object (&fixture->patient_b);
  g_clear_object (&fixture->case_b);
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->registry);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* ------------------------------------------------------------------------ */
/* Exporting                                                                */

static char *
export_full (Fixture                    *fixture,
             const MarrowExchangeScope  *scope,
             const MarrowCsvOptions     *options,
             MarrowExchangeProgress      progress,
             gpointer                    progress_data,
             GCancellable               *cancellable,
             gboolean                   *ok,
             GError                    **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  char nul = '\0';

  *ok = marrow_csv_export (fixture->store, scope, options, out, progress, progress_data,
                           cancellable, error);
  g_assert_true (g_output_stream_write_all (out, &nul, 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
export (Fixture                   *fixture,
        const MarrowExchangeScope *scope,
        const MarrowCsvOptions    *options)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  char *text = export_full (fixture, scope, options, NULL, NULL, NULL, &ok, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  return text;
}

static MarrowRecord *
named (Fixture    *fixture,
       const char *name)
{
  MarrowRecord *found = g_hash_table_lookup (fixture->by_name, name);

  g_assert_nonnull (found);
  return found;
}

/* The first row of assessment @id */
static guint
first_row_of (Table      *table,
              const char *id)
{
  for (guint i = 0; i < table->rows->len; i++)
    if (g_strcmp0 (cell (table, i, "assessment_id"), id) == 0)
      return i;
  g_assert_not_reached ();
  return 0;
}

/* The fewest significant digits that read back as exactly @value */
static guint
fewest_digits (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  guint digits;

  for (digits = 1; digits < 17; digits++)
    {
      g_autofree char *format = g_strdup_printf ("%%.%ug", digits);

      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return digits;
}

/* The significant digits of a written number ("30" and "0.30" have one) */
static guint
significant_digits (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gsize start = 0;

  for (const char *p = text; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  while (start < digits->len && digits->str[start] == '0')
    start++;
  while (digits->len > start && digits->str[digits->len - 1] == '0')
    g_string_truncate (digits, digits->len - 1);
  return MAX (digits->len - start, 1);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

static const char * const plain_header[] = {
  "patient_id", "patient_local_id", "case_id", "joint", "side", "diagnosis_system",
  "diagnosis_code", "diagnosis_text", "kl_grade", "assessment_id", "assessment_date",
  "completed_at", "days_since_first_assessment", "days_since_first_injection",
  "days_since_latest_injection", "injection_count", "instrument", "instrument_version",
  "scoring_version", "mode", "respondent", "is_valid", "score", "score_label", "value",
  "scorable", "n_answered", "n_imputed", "score_min", "score_max", "higher_is_better", NULL
};

/* The header row; UTF-8 without BOM; CRLF everywhere (the reader is strict) */
static void
test_header (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *text = export (fixture, NULL, NULL);
  g_autoptr(Table) table = parse_table (text);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_false (g_str_has_prefix (text, "\xef\xbb\xbf"));
  g_assert_true (g_str_has_prefix (text, "patient_id,patient_local_id,case_id,"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  g_assert_cmpstrv (table->header, plain_header);
}

/* One row per score of every exported assessment, in order; values are the
 * engine's, in full precision, written as the shortest exact text */
static void
test_rows_equal_engine (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *text = export (fixture, NULL, NULL);
  g_autoptr(Table) table = parse_table (text);
  guint row = 0;

  for (guint i = 0; i < fixture->exported->len; i++)
    {
      MarrowRecord *assessment = fixture->exported->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(MarrowScores) scores = marrow_store_score_assessment (fixture->store, assessment,
                                                                      &error);

      g_assert_no_error (error);
      for (guint k = 0; k < marrow_scores_get_n_values (scores); k++, row++)
        {
          const MarrowScoreValue *value = marrow_scores_get_value (scores, k);
          const char *written = NULL;

          g_assert_cmpuint (row, <, table->rows->len);
          g_assert_cmpstr (cell (table, row, "assessment_id"), ==,
                           marrow_record_get_id (assessment));
          g_assert_cmpstr (cell (table, row, "instrument"), ==,
                           marrow_record_get_text (assessment, "instrument_code"));
          g_assert_cmpstr (cell (table, row, "instrument_version"), ==,
                           marrow_record_get_text (assessment, "instrument_version"));
          g_assert_cmpstr (cell (table, row, "scoring_version"), ==,
                           marrow_record_get_text (assessment, "scoring_version"));
          g_assert_cmpstr (cell (table, row, "score"), ==, value->definition->key);
          g_assert_cmpstr (cell (table, row, "score_label"), ==, value->definition->label);
          g_assert_cmpstr (cell (table, row, "higher_is_better"), ==,
                           value->definition->higher_is_better ? "1" : "0");

          written = cell (table, row, "value");
          if (value->scorable)
            {
              g_assert_cmpstr (cell (table, row, "scorable"), ==, "1");
              g_assert_cmpfloat (g_ascii_strtod (written, NULL), ==, value->value);
              g_assert_cmpuint (significant_digits (written), ==, fewest_digits (value->value));
              g_assert_null (strchr (written, ','));
            }
          else
            {
              g_assert_cmpstr (cell (table, row, "scorable"), ==, "0");
              g_assert_cmpstr (written, ==, "");
            }
        }
    }
  g_assert_cmpuint (row, ==, table->rows->len);

  /* Known values: the sample KOOS (one answer) is not scorable; 44.4 and
   * 0.1 + 0.2 are written as the shortest exact text; OKS imputes Q1 */
  {
    MarrowRecord *a0 = named (fixture, "a0");
    guint r = first_row_of (table, marrow_record_get_id (a0));

    g_assert_cmpstr (cell (table, r, "scorable"), ==, "0");
    g_assert_cmpstr (cell (table, r, "value"), ==, "");
  }
  g_assert_cmpstr (cell (table, first_row_of (table, marrow_record_get_id (named (fixture, "a1"))),
                         "value"), ==, "44.4");
  g_assert_cmpstr (cell (table, first_row_of (table, marrow_record_get_id (named (fixture, "b0"))),
                         "value"), ==, "0.30000000000000004");
  {
    guint r = first_row_of (table, marrow_record_get_id (named (fixture, "a4")));

    g_assert_cmpstr (cell (table, r, "score"), ==, "total");
    g_assert_cmpstr (cell (table, r, "n_answered"), ==, "11");
    g_assert_cmpstr (cell (table, r, "n_imputed"), ==, "1");
    /* 2 × 10 + 3 = 23 over 11 items, plus their mean for Q1 */
    g_assert_cmpfloat (g_ascii_strtod (cell (table, r, "value"), NULL), ==, 23 + 23.0 / 11);
    g_assert_cmpstr (cell (table, r, "score_min"), ==, "0");
    g_assert_cmpstr (cell (table, r, "score_max"), ==, "48");
  }

  /* Drafts, voided assessments and the voided case's assessment are not written */
  for (guint i = 0; i < fixture->hidden->len; i++)
    g_assert_null (strstr (text, marrow_record_get_id (fixture->hidden->pdata[i])));
  g_assert_null (strstr (text, marrow_record_get_id (fixture->case_void)));
}

/* The same numbers in a locale with a decimal comma */
static void
test_locale_independent (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8", "ru_RU.UTF-8",
  };
  g_autofree char *plain = export (fixture, NULL, NULL);
  g_autofree char *old = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *text = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && !found; i++)
    found = setlocale (LC_NUMERIC, locales[i]) != NULL;
  if (!found)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }

  text = export (fixture, NULL, NULL);
  setlocale (LC_NUMERIC, old);
  g_assert_cmpstr (text, ==, plain);
}

static void
assert_days (Fixture    *fixture,
             Table      *table,
             const char *name,
             const char *date,
             const char *since_first_assessment,
             const char *since_first,
             const char *since_latest,
             const char *count)
{
  MarrowRecord *assessment = named (fixture, name);
  const char *id = marrow_record_get_id (assessment);

  for (guint r = 0; r < table->rows->len; r++)
    {
      if (g_strcmp0 (cell (table, r, "assessment_id"), id) != 0)
        continue;
      g_assert_cmpstr (cell (table, r, "assessment_date"), ==, date);
      g_assert_cmpstr (cell (table, r, "completed_at"), ==,
                       marrow_record_get_text (assessment, "completed_at"));
      g_assert_cmpstr (cell (table, r, "days_since_first_assessment"), ==, since_first_assessment);
      g_assert_cmpstr (cell (table, r, "days_since_first_injection"), ==, since_first);
      g_assert_cmpstr (cell (table, r, "days_since_latest_injection"), ==, since_latest);
      g_assert_cmpstr (cell (table, r, "injection_count"), ==, count);
    }
}

/* Days since the first and latest injection, counted in the case's zone
 * (Europe/Berlin, from its injections) */
static void
test_days (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *text = export (fixture, NULL, NULL);
  g_autoptr(Table) table = parse_table (text);

  /* before any injection: empty days, count 0 */
  assert_days (fixture, table, "a0", "2026-01-08", "0", "", "", "0");
  /* on the day of the injection but before it (a baseline) */
  assert_days (fixture, table, "a1", "2026-01-12", "4", "", "", "0");
  /* the same day after it */
  assert_days (fixture, table, "a2", "2026-01-12", "4", "0", "0", "1");
  /* 00:30 the next day in Berlin, still 2026-01-12 in UTC */
  assert_days (fixture, table, "a3", "2026-01-13", "5", "1", "1", "1");
  /* the draft and the voided injection before it do not count */
  assert_days (fixture, table, "a4", "2026-02-20", "43", "39", "39", "1");
  /* at the instant of the second injection: it counts */
  assert_days (fixture, table, "a5", "2026-03-01", "52", "48", "0", "2");
  assert_days (fixture, table, "a6", "2026-04-12", "94", "90", "42", "2");
  /* a case without injections: days in UTC */
  assert_days (fixture, table, "b0", "2026-02-02", "0", "", "", "0");
}

/* Quoting of ',', '"' and CR LF; the formula defence on text but not on numbers */
static void
test_quoting_and_formulas (Fixture       *fixture,
                           gconstpointer  data)
{
  MarrowExchangeScope scope = { .patient_id = marrow_record_get_id (fixture->patient_b) };
  g_autofree char *text = export (fixture, &scope, NULL);
  g_autoptr(Table) table = parse_table (text);

  g_assert_nonnull (strstr (text, ",\"Osteoarthritis, \"\"primary\"\"\r\nright hip\","));
  g_assert_cmpuint (table->rows->len, ==, 1);
  g_assert_cmpstr (cell (table, 0, "diagnosis_text"), ==, DIAGNOSIS_TEXT);
  g_assert_cmpstr (cell (table, 0, "patient_local_id"), ==, "'=1+2");
  g_assert_cmpstr (cell (table, 0, "diagnosis_system"), ==, "'@ICD");
  g_assert_cmpstr (cell (table, 0, "diagnosis_code"), ==, "'-M16.11");
  g_assert_cmpstr (cell (table, 0, "kl_grade"), ==, "");
  g_assert_cmpstr (cell (table, 0, "joint"), ==, "hip");
  g_assert_cmpstr (cell (table, 0, "side"), ==, "right");
  g_assert_cmpstr (cell (table, 0, "is_valid"), ==, "1");

  /* Plain fields are not quoted */
  g_assert_nonnull (strstr (text, ",hip,right,'@ICD,'-M16.11,"));
}

static GPtrArray *
column_values (Table      *table,
               const char *name)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint r = 0; r < table->rows->len; r++)
    g_ptr_array_add (values, (gpointer)cell (table, r, name));
  return values;
}

static gboolean
is_hex (const char *text,
        gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* No names, local ids, UUIDs or dates; the ids are HMAC-SHA256 pseudonyms,
 * stable for one key and different for another */
static void
test_pseudonymised (Fixture       *fixture,
                    gconstpointer  data)
{
  MarrowCsvOptions keyed = { .pseudonymise = TRUE, .pseudonym_key = KEY };
  MarrowCsvOptions other = { .pseudonymise = TRUE, .pseudonym_key = OTHER_KEY };
  MarrowCsvOptions random_key = { .pseudonymise = TRUE };
  g_autofree char *plain_text = export (fixture, NULL, NULL);
  g_autofree char *text = export (fixture, NULL, &keyed);
  g_autofree char *again = export (fixture, NULL, &keyed);
  g_autofree char *other_text = export (fixture, NULL, &other);
  g_autofree char *random_text = export (fixture, NULL, &random_key);
  g_autofree char *random_again = export (fixture, NULL, &random_key);
  g_autoptr(Table) plain = parse_table (plain_text);
  g_autoptr(Table) table = parse_table (text);
  g_autoptr(Table) other_table = parse_table (other_text);
  g_autoptr(Table) random_table = parse_table (random_text);
  g_autoptr(GRegex) uuid = g_regex_new ("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                                        "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", 0, 0, NULL);
  static const char * const secrets[] = {
    "Example", "Alex", "Jordan", "MRN-000123", "Tricky", "Quinn", "=1+2", "2026-", "T10:00",
  };
  static const char * const dropped[] = {
    "patient_local_id", "assessment_date", "completed_at",
  };
  g_autofree char *expected_patient = NULL;

  /* Same columns minus the identifying ones; same number of rows */
  g_assert_cmpuint (g_strv_length (table->header), ==, G_N_ELEMENTS (plain_header) - 1 - 3);
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    g_assert_cmpint (column (table, dropped[i]), ==, -1);
  g_assert_cmpuint (table->rows->len, ==, plain->rows->len);

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (text, secrets[i]));
  g_assert_false (g_regex_match (uuid, text, 0, NULL));
  g_assert_false (g_regex_match (uuid, random_text, 0, NULL));

  /* The relative columns and the scores are as in the plain export */
  for (guint r = 0; r < plain->rows->len; r++)
    {
      static const char * const kept[] = {
        "days_since_first_assessment", "days_since_first_injection",
        "days_since_latest_injection", "injection_count", "instrument", "score", "value",
        "diagnosis_text",
      };

      for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
        g_assert_cmpstr (cell (table, r, kept[i]), ==, cell (plain, r, kept[i]));
      g_assert_true (is_hex (cell (table, r, "patient_id"), 32));
      g_assert_true (is_hex (cell (table, r, "case_id"), 32));
      g_assert_true (is_hex (cell (table, r, "assessment_id"), 32));
    }

  /* The documented formula: hex HMAC-SHA256 (key, "patient:" UUID), 32 characters */
  {
    g_autofree char *message = g_strconcat ("patient:", marrow_record_get_id (fixture->patient_a),
                                            NULL);
    g_autofree char *hmac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *)KEY,
                                                       strlen (KEY), message, -1);

    expected_patient = g_strndup (hmac, 32);
    g_assert_cmpstr (cell (table, 0, "patient_id"), ==, expected_patient);
  }

  /* One pseudonym per id: rows of one assessment share it, and the
   * grouping is that of the plain export */
  for (guint r = 1; r < plain->rows->len; r++)
    {
      static const char * const ids[] = { "patient_id", "case_id", "assessment_id" };

      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        g_assert_cmpint (g_strcmp0 (cell (plain, r, ids[i]), cell (plain, r - 1, ids[i])) == 0,
                         ==,
                         g_strcmp0 (cell (table, r, ids[i]), cell (table, r - 1, ids[i])) == 0);
    }

  /* Stable with the same key, different with another or a random one */
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpstr (random_again, !=, random_text);
  {
    g_autoptr(GPtrArray) mine = column_values (table, "patient_id");
    g_autoptr(GPtrArray) theirs = column_values (other_table, "patient_id");
    g_autoptr(GPtrArray) randoms = column_values (random_table, "assessment_id");

    for (guint r = 0; r < mine->len; r++)
      {
        g_assert_false (g_ptr_array_find_with_equal_func (theirs, mine->pdata[r], g_str_equal,
                                                          NULL));
        g_assert_cmpstr (cell (other_table, r, "assessment_id"), !=,
                         cell (table, r, "assessment_id"));
        g_assert_cmpstr (randoms->pdata[r], !=, cell (table, r, "assessment_id"));
      }
  }
}

/* Keys that could be guessed are refused */
static void
test_short_key (Fixture       *fixture,
                gconstpointer  data)
{
  MarrowCsvOptions options = { .pseudonymise = TRUE, .pseudonym_key = "short" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  text = export_full (fixture, NULL, &options, NULL, NULL, NULL, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED);
  g_assert_cmpstr (text, ==, "");

  /* Ignored without pseudonymisation */
  options.pseudonymise = FALSE;
  g_free (export (fixture, NULL, &options));
}

static void
assert_only (Table      *table,
             const char *column_name,
             const char *value)
{
  g_assert_cmpuint (table->rows->len, >, 0);
  for (guint r = 0; r < table->rows->len; r++)
    g_assert_cmpstr (cell (table, r, column_name), ==, value);
}

static void
assert_not_found (Fixture                   *fixture,
                  const MarrowExchangeScope *scope)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  text = export_full (fixture, scope, NULL, NULL, NULL, NULL, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (text, ==, "");
}

/* One patient, one case; unknown, voided and mismatched scopes */
static void
test_scope (Fixture       *fixture,
            gconstpointer  data)
{
  const char *patient_a = marrow_record_get_id (fixture->patient_a);
  const char *patient_b = marrow_record_get_id (fixture->patient_b);
  const char *case_a = marrow_record_get_id (fixture->case_a);
  const char *case_b = marrow_record_get_id (fixture->case_b);
  g_autofree char *all_text = export (fixture, NULL, NULL);
  g_autoptr(Table) all = parse_table (all_text);
  guint rows_b = 0;

  for (guint r = 0; r < all->rows->len; r++)
    rows_b += g_strcmp0 (cell (all, r, "patient_id"), patient_b) == 0;
  g_assert_cmpuint (rows_b, >, 0);
  g_assert_cmpuint (rows_b, <, all->rows->len);

  {
    MarrowExchangeScope scope = { .patient_id = patient_a };
    g_autofree char *text = export (fixture, &scope, NULL);
    g_autoptr(Table) table = parse_table (text);

    assert_only (table, "patient_id", patient_a);
    g_assert_cmpuint (table->rows->len, ==, all->rows->len - rows_b);
  }
  {
    MarrowExchangeScope scope = { .case_id = case_b };
    g_autofree char *text = export (fixture, &scope, NULL);
    g_autoptr(Table) table = parse_table (text);

    assert_only (table, "case_id", case_b);
    assert_only (table, "patient_id", patient_b);
    g_assert_cmpuint (table->rows->len, ==, rows_b);
  }
  {
    MarrowExchangeScope scope = { .patient_id = patient_a, .case_id = case_a };
    g_autofree char *text = export (fixture, &scope, NULL);
    g_autoptr(Table) table = parse_table (text);

    assert_only (table, "case_id", case_a);
    g_assert_cmpuint (table->rows->len, ==, all->rows->len - rows_b);
  }

  assert_not_found (fixture, &(MarrowExchangeScope) { .patient_id = "no-such-patient" });
  assert_not_found (fixture, &(MarrowExchangeScope) {
    .patient_id = "00000000-0000-4000-8000-000000000000" });
  assert_not_found (fixture, &(MarrowExchangeScope) {
    .case_id = "00000000-0000-4000-8000-000000000000" });
  assert_not_found (fixture, &(MarrowExchangeScope) {
    .case_id = marrow_record_get_id (fixture->case_void) });
  assert_not_found (fixture, &(MarrowExchangeScope) { .patient_id = patient_a, .case_id = case_b });
  /* a case id is not a patient id */
  assert_not_found (fixture, &(MarrowExchangeScope) { .patient_id = case_a });
}

typedef struct
{
  GArray       *done;
  GArray       *total;
  GCancellable *cancel_at_100;
} ProgressLog;

static void
log_progress (guint64  done,
              guint64  total,
              gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->done, done);
  g_array_append_val (log->total, total);
  if (log->cancel_at_100 != NULL && done >= 100)
    g_cancellable_cancel (log->cancel_at_100);
}

/* 250 more pain VAS assessments, in one transaction */
static void
add_many (Fixture *fixture)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *at = g_strdup_printf ("2026-05-%02uT%02u:%02u:00.000Z", 1 + i / 24 % 28,
                                             i % 24, i % 60);
      g_autoptr(MarrowRecord) assessment = new_assessment (fixture, fixture->case_a, at, NULL);
      g_autoptr(MarrowRecord) item = marrow_record_new (&marrow_entity_assessment_item);

      marrow_record_set_text (assessment, "instrument_code", "PAIN_VAS");
      marrow_record_set_text (assessment, "instrument_version",
                              marrow_instrument_get_version (instrument (fixture, "PAIN_VAS")));
      marrow_record_set_text (assessment, "scoring_version", "1");
      marrow_record_set_text (item, "assessment_id", marrow_record_get_id (assessment));
      marrow_record_set_text (item, "item_code", "pain");
      marrow_record_set_real (item, "value_num", i % 101);
      marrow_change_set_add_insert (changes, assessment);
      marrow_change_set_add_insert (changes, item);
    }
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);
}

/* Progress now and then, ending with done = total */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  ProgressLog log = {
    g_array_new (FALSE, FALSE, sizeof (guint64)),
    g_array_new (FALSE, FALSE, sizeof (guint64)),
    NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 last;
  gboolean ok;

  add_many (fixture);
  text = export_full (fixture, NULL, NULL, log_progress, &log, NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* 8 exported + 250 + the draft, the voided assessments are not counted */
  g_assert_cmpuint (log.done->len, >=, 3);
  g_assert_cmpuint (log.done->len, <=, 6);
  g_assert_cmpuint (g_array_index (log.done, guint64, 0), ==, 0);
  g_assert_cmpuint (g_array_index (log.total, guint64, 0), >=, 258);
  for (guint i = 1; i < log.done->len; i++)
    g_assert_cmpuint (g_array_index (log.done, guint64, i), >=,
                      g_array_index (log.done, guint64, i - 1));
  last = g_array_index (log.done, guint64, log.done->len - 1);
  g_assert_cmpuint (last, ==, g_array_index (log.total, guint64, log.total->len - 1));
  g_assert_cmpuint (last, >=, 258);

  g_array_unref (log.done);
  g_array_unref (log.total);
}

/* Cancelled before the start, and from the progress callback */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *full = NULL;
  ProgressLog log = {
    g_array_new (FALSE, FALSE, sizeof (guint64)),
    g_array_new (FALSE, FALSE, sizeof (guint64)),
    NULL,
  };
  gboolean ok;

  g_cancellable_cancel (cancellable);
  text = export_full (fixture, NULL, NULL, NULL, NULL, cancellable, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (text, ==, "");
  g_clear_error (&error);

  add_many (fixture);
  full = export (fixture, NULL, NULL);

  g_cancellable_reset (cancellable);
  log.cancel_at_100 = cancellable;
  partial = export_full (fixture, NULL, NULL, log_progress, &log, cancellable, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (strlen (partial), <, strlen (full));
  g_assert_cmpuint (g_array_index (log.done, guint64, log.done->len - 1), <, 258);

  g_array_unref (log.done);
  g_array_unref (log.total);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/csv/header", test_header);
  ADD ("/csv/rows-equal-engine", test_rows_equal_engine);
  ADD ("/csv/locale-independent", test_locale_independent);
  ADD ("/csv/days", test_days);
  ADD ("/csv/quoting-and-formulas", test_quoting_and_formulas);
  ADD ("/csv/pseudonymised", test_pseudonymised);
  ADD ("/csv/short-key", test_short_key);
  ADD ("/csv/scope", test_scope);
  ADD ("/csv/progress", test_progress);
  ADD ("/csv/cancel", test_cancel);

  return g_test_run ();
}
