/* test-report-case.c: reports made from a database, in-process and by marrow-cli report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A generated long case (issue 8, point 6): the sample chain's knee plus
 * 19 more injections and 100 pain VAS questionnaires.  Its case report is
 * paginated in-process (table headers repeated, no row split, "Page X of
 * Y"), then written by marrow-cli report and read back with poppler-utils:
 * pdftotext for the patient, every injection date, every score and every
 * guidance statement; pdfinfo for the page count and size; pdftoppm for
 * the header band and the footer of every page.  The audit log must hold
 * the export, bad options must fail with exit status 2 naming the option,
 * and --all-due must write one letter per due follow-up.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "marrow-assessment-service.h"
#include "marrow-case-report.h"
#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-settings.h"
#include "marrow-report-format.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"
#include "marrow-worklist.h"

#define N_EXTRA_INJECTIONS 19
#define N_ASSESSMENTS      100

typedef struct
{
  char                     *dir;
  char                     *path;
  MarrowStore              *store;
  MarrowInstrumentRegistry *registry;
  GPtrArray                *chain;
  MarrowRecord             *joint_case;
  GPtrArray                *injection_days;   /* char *, as the report prints them */
  GPtrArray                *scores;           /* char *, as the report prints them */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GDateTime) start = NULL;
  MarrowRecord *sample_injection;
  MarrowInstrument *vas;

  fixture->dir = g_dir_make_tmp ("marrow-test-report-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  fixture->registry = marrow_instrument_registry_new ();
  g_assert_true (marrow_instrument_registry_load_bundled (fixture->registry, &error));
  marrow_store_set_instruments (fixture->store, fixture->registry);
  g_assert_true (marrow_store_set_setting (fixture->store, "site_name", "Marrow Test Practice", FALSE,
                                           &error));
  g_assert_true (marrow_store_set_setting (fixture->store, "practice_address",
                                           "1 Test Street, 10115 Testville", FALSE, &error));
  g_assert_true (marrow_store_set_setting (fixture->store, "practice_phone", "+49 30 555 0100", FALSE,
                                           &error));

  fixture->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < fixture->chain->len; i++)
    marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);
  fixture->joint_case = marrow_test_sample_find (fixture->chain, "joint_case");
  sample_injection = marrow_test_sample_find (fixture->chain, "injection");

  fixture->injection_days = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (fixture->injection_days,
                   marrow_report_format_instant (marrow_record_get_text (sample_injection, "performed_at")));

  /* 19 more injections, four weeks apart, after the sample's */
  start = g_date_time_new_from_iso8601 ("2024-02-05T09:30:00Z", NULL);
  for (guint i = 0; i < N_EXTRA_INJECTIONS; i++)
    {
      g_autoptr(MarrowRecord) injection = marrow_record_new (&marrow_entity_injection);
      g_autoptr(GDateTime) when = g_date_time_add_days (start, 28 * (int)i);
      g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000Z");
      static const char * const fields[] = {
        "joint_case_id", "operator_id", "route", "image_guidance", "immediate_reaction", "tz",
      };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        marrow_record_set_text (injection, fields[f], marrow_record_get_text (sample_injection, fields[f]));
      marrow_record_set_text (injection, "performed_at", iso);
      marrow_record_set_real (injection, "volume_injected_ml", 4.0 + i * 0.1);
      marrow_record_set_int (injection, "viable_injected_cells", 40000000 + 1000000 * (gint64)i);
      marrow_record_set_real (injection, "viable_cells_per_kg", (40000000.0 + 1000000.0 * i) / 72.5);
      g_assert_true (marrow_store_insert (fixture->store, injection, &error));
      g_assert_no_error (error);
      g_ptr_array_add (fixture->injection_days, marrow_report_format_instant (iso));
    }

  /* 100 pain VAS questionnaires, weekly */
  vas = marrow_instrument_registry_lookup (fixture->registry, "PAIN_VAS", NULL);
  g_assert_nonnull (vas);
  fixture->scores = g_ptr_array_new_with_free_func (g_free);
  g_clear_pointer (&start, g_date_time_unref);
  start = g_date_time_new_from_iso8601 ("2024-01-08T10:00:00Z", NULL);
  for (guint i = 0; i < N_ASSESSMENTS; i++)
    {
      g_autoptr(MarrowRecord) assessment = marrow_record_new (&marrow_entity_assessment);
      g_autoptr(MarrowAnswers) answers = marrow_answers_new (vas);
      g_autoptr(GDateTime) when = g_date_time_add_days (start, 7 * (int)i);
      g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000Z");
      /* Values that each appear once: 10.1, 10.9 … */
      double value = 10.1 + 0.8 * i;

      marrow_record_set_text (assessment, "joint_case_id", marrow_record_get_id (fixture->joint_case));
      marrow_record_set_text (assessment, "entered_by",
                              marrow_record_get_text (sample_injection, "operator_id"));
      marrow_record_set_text (assessment, "mode", "paper");
      marrow_record_set_text (assessment, "respondent", "patient");
      marrow_record_set_text (assessment, "completed_at", iso);
      marrow_record_set_text (assessment, "recall_period", "past_week_average");
      g_assert_true (marrow_answers_set (answers, "pain", value, &error));
      marrow_store_record_assessment (fixture->store, assessment, answers, &error);
      g_assert_no_error (error);
      g_ptr_array_add (fixture->scores, g_strdup_printf ("%.1f", value));
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_pointer (&fixture->injection_days, g_ptr_array_unref);
  g_clear_pointer (&fixture->scores, g_ptr_array_unref);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->registry);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static MarrowReport *
build_case_report (Fixture *fixture)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GError) error = NULL;
  MarrowReportOptions options = { MARROW_CELL_UNIT_MILLIONS, marrow_day_parse ("2026-06-01"), NULL };
  MarrowReport *report;

  protocols = marrow_guidance_protocols_load (fixture->store, &error);
  g_assert_no_error (error);
  report = marrow_case_report_new (fixture->store, protocols, fixture->joint_case, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* Pagination of the long case: every table row once, inside a page's
 * body, after its table's header on that page; page labels right */
static void
test_long_case_pagination (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(MarrowReport) report = build_case_report (fixture);
  double top, bottom;
  guint n_pages;
  guint injection_rows = 0, assessment_rows = 0, tables_split = 0;

  for (MarrowPaper paper = MARROW_PAPER_A4; paper <= MARROW_PAPER_LETTER; paper++)
    {
      g_autoptr(GHashTable) last_row = g_hash_table_new (NULL, NULL);

      n_pages = marrow_report_paginate (report, paper);
      g_assert_cmpuint (n_pages, >=, 3);
      marrow_report_get_body (report, NULL, &top, NULL, &bottom);
      injection_rows = assessment_rows = tables_split = 0;
      for (guint p = 0; p < n_pages; p++)
        {
          g_autoptr(GHashTable) header_here = g_hash_table_new (NULL, NULL);
          g_autofree char *label = marrow_report_dup_page_label (report, p);
          g_autofree char *expected = g_strdup_printf ("Page %u of %u", p + 1, n_pages);
          guint n;
          const MarrowReportBox *boxes = marrow_report_get_boxes (report, p, &n);

          g_assert_cmpstr (label, ==, expected);
          for (guint i = 0; i < n; i++)
            {
              gpointer block = GUINT_TO_POINTER (boxes[i].block + 1);

              g_assert_cmpfloat (boxes[i].y, >=, top - 0.01);
              g_assert_cmpfloat (boxes[i].y + boxes[i].height, <=, bottom + 0.01);
              if (boxes[i].kind == MARROW_REPORT_BOX_TABLE_HEADER)
                {
                  if (g_hash_table_contains (last_row, block))
                    tables_split++;
                  g_hash_table_add (header_here, block);
                }
              else if (boxes[i].kind == MARROW_REPORT_BOX_TABLE_ROW)
                {
                  int previous = GPOINTER_TO_INT (g_hash_table_lookup (last_row, block)) - 1;

                  /* Its header is on this page, and rows come in order */
                  g_assert_true (g_hash_table_contains (header_here, block));
                  g_assert_cmpint (boxes[i].index, ==, previous + 1);
                  g_hash_table_insert (last_row, block, GINT_TO_POINTER (boxes[i].index + 1));
                }
            }
        }
      /* The injection table has 20 rows, the VAS table 100: find them */
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, last_row);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            if (GPOINTER_TO_INT (value) == 1 + N_EXTRA_INJECTIONS)
              injection_rows = GPOINTER_TO_INT (value);
            else if (GPOINTER_TO_INT (value) == N_ASSESSMENTS)
              assessment_rows = GPOINTER_TO_INT (value);
          }
      }
      g_assert_cmpuint (injection_rows, ==, 1 + N_EXTRA_INJECTIONS);
      g_assert_cmpuint (assessment_rows, ==, N_ASSESSMENTS);
      /* The 100-row table goes on over pages, with its header repeated */
      g_assert_cmpuint (tables_split, >=, 1);
    }
}

static int
run (char       **out,
     char       **err,
     const char  *program,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dropped_out = NULL;
  g_autofree char *dropped_err = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *)program);
  va_start (args, program);
  for (arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out != NULL ? out : &dropped_out, err != NULL ? err : &dropped_err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != 0)
    g_test_message ("%s: %s", program, err != NULL ? *err : dropped_err);
  return WEXITSTATUS (status);
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdftotext");
  g_autofree char *b = g_find_program_in_path ("pdfinfo");
  g_autofree char *c = g_find_program_in_path ("pdftoppm");

  if (a == NULL || b == NULL || c == NULL)
    {
      g_test_skip ("poppler-utils (pdftotext, pdfinfo, pdftoppm) are not installed");
      return FALSE;
    }
  return TRUE;
}

/* White space collapsed to single spaces: text wraps differently in a PDF */
static char *
collapse (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A pixel of a PNG page, 0xRRGGBB */
static guint32
pixel (cairo_surface_t *page,
       int              x,
       int              y)
{
  unsigned char *data = cairo_image_surface_get_data (page);
  int stride = cairo_image_surface_get_stride (page);

  return *(guint32 *)(gpointer)(data + y * stride + x * 4) & 0xffffff;
}

static gboolean
has_ink (cairo_surface_t *page,
         int              x0,
         int              y0,
         int              x1,
         int              y1)
{
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = pixel (page, x, y);

        if (((p >> 16) & 0xff) < 128 && ((p >> 8) & 0xff) < 128 && (p & 0xff) < 128)
          return TRUE;
      }
  return FALSE;
}

static void
test_cli_case_report (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MarrowReport) report = build_case_report (fixture);
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "case.pdf", NULL);
  g_autofree char *letter_pdf = g_build_filename (fixture->dir, "case-letter.pdf", NULL);
  g_autofree char *prefix = g_build_filename (fixture->dir, "page", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *info = NULL;
  const char *cli = g_getenv ("MARROW_CLI");
  guint n_pages;

  if (!have_poppler ())
    return;
  g_assert_nonnull (cli);
  /* Close our connection's write transaction state: marrow-cli writes */
  n_pages = marrow_report_paginate (report, MARROW_PAPER_A4);

  g_assert_cmpint (run (&out, &err, cli, "report", fixture->path, "--case",
                        marrow_record_get_id (fixture->joint_case), "--paper", "a4", "--at", "2026-06-01",
                        "-o", pdf, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* pdfinfo: the pages of the in-process layout, A4 */
  g_assert_cmpint (run (&info, NULL, "pdfinfo", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "Pages:"));
  g_assert_cmpuint (strtoul (strstr (info, "Pages:") + strlen ("Pages:"), NULL, 10), ==, n_pages);
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));

  /* pdftotext: the patient, every injection, every score, every statement */
  g_assert_cmpint (run (&text, NULL, "pdftotext", "-layout", pdf, "-", NULL), ==, 0);
  flat = collapse (text);
  g_assert_cmpuint (count_occurrences (flat, "Example, Alex Jordan"), >=, n_pages);
  g_assert_nonnull (strstr (flat, "Marrow Test Practice"));
  g_assert_nonnull (strstr (flat, "MRN-000123"));
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *label = g_strdup_printf ("Page %u of %u", p + 1, n_pages);

      g_assert_nonnull (strstr (flat, label));
    }
  for (guint i = 0; i < fixture->injection_days->len; i++)
    g_assert_nonnull (strstr (flat, fixture->injection_days->pdata[i]));
  for (guint i = 0; i < fixture->scores->len; i++)
    g_assert_nonnull (strstr (flat, fixture->scores->pdata[i]));
  /* The 100-row table's header is on every page it spans */
  g_assert_cmpuint (count_occurrences (flat, "Pain (VAS)"), >=, 2);

  protocols = marrow_guidance_protocols_load (fixture->store, &error);
  g_assert_no_error (error);
  evaluation = marrow_guidance_evaluate_case (fixture->store, protocols, fixture->joint_case,
                                              marrow_day_parse ("2026-06-01"), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marrow_guidance_evaluation_get_n_statements (evaluation), >, 0);
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      g_autofree char *statement = marrow_guidance_statement_dup_text (
        marrow_guidance_evaluation_get_statement (evaluation, i));
      g_autofree char *statement_flat = collapse (statement);

      g_assert_nonnull (strstr (flat, statement_flat));
    }

  /* pdftoppm: on every page the header band at the top, the footer's page
   * label at the bottom right, at 72 dpi (one pixel per point) */
  g_assert_cmpint (run (NULL, NULL, "pdftoppm", "-png", "-r", "72", pdf, prefix, NULL), ==, 0);
  for (guint p = 1; p <= n_pages; p++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u.png", prefix, p);
      cairo_surface_t *page;

      if (!g_file_test (name, G_FILE_TEST_EXISTS))
        {
          g_free (name);
          name = g_strdup_printf ("%s-%02u.png", prefix, p);
        }
      page = cairo_image_surface_create_from_png (name);
      g_assert_cmpint (cairo_surface_status (page), ==, CAIRO_STATUS_SUCCESS);
      /* 595.28 pt: pdftoppm rounds up */
      g_assert_cmpint (cairo_image_surface_get_width (page), ==, 596);
      /* Above the band: white; in it (12 mm + 20 pt): the band's grey */
      g_assert_cmphex (pixel (page, 297, 20), ==, 0xffffff);
      g_assert_cmphex (pixel (page, 297, 54), !=, 0xffffff);
      /* The practice's name in the band, the patient's name at its right */
      g_assert_true (has_ink (page, 60, 38, 250, 54));
      g_assert_true (has_ink (page, 400, 38, 540, 54));
      /* The footer: title at the left, "Page X of Y" at the right */
      g_assert_true (has_ink (page, 51, 842 - 34 - 18, 150, 842 - 34));
      g_assert_true (has_ink (page, 470, 842 - 34 - 18, 544, 842 - 34));
      cairo_surface_destroy (page);
    }

  /* Letter paper: another size, the same content */
  g_assert_cmpint (run (NULL, NULL, cli, "report", fixture->path, "--case",
                        marrow_record_get_id (fixture->joint_case), "--paper", "letter", "--at",
                        "2026-06-01", "-o", letter_pdf, NULL), ==, 0);
  g_clear_pointer (&info, g_free);
  g_assert_cmpint (run (&info, NULL, "pdfinfo", letter_pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
}

typedef struct
{
  guint exports;
  char *case_id;
} AuditCount;

static gboolean
count_exports_cb (const MarrowAuditRow  *row,
                  gpointer               user_data,
                  GError               **error)
{
  AuditCount *count = user_data;

  if (g_strcmp0 (row->action, "export") == 0 && g_strcmp0 (row->table_name, "joint_case") == 0 &&
      g_strcmp0 (row->record_id, count->case_id) == 0 &&
      strstr (row->after_json, "\"report\":\"case\"") != NULL &&
      strstr (row->after_json, "\"format\":\"pdf\"") != NULL && row->staff_id != NULL)
    count->exports++;
  return TRUE;
}

/* Each PDF written is an export in the audit log, with who and which case */
static void
test_cli_audit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "audit.pdf", NULL);
  g_autoptr(MarrowStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  AuditCount count = { 0, (char *)marrow_record_get_id (fixture->joint_case) };
  const char *cli = g_getenv ("MARROW_CLI");

  for (int i = 0; i < 2; i++)
    g_assert_cmpint (run (NULL, NULL, cli, "report", fixture->path, "--case", count.case_id,
                          "-o", pdf, NULL), ==, 0);
  reopened = marrow_store_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (marrow_store_foreach_audit (reopened, count_exports_cb, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.exports, ==, 2);
}

/* Bad options: exit status 2 and one line that names the option */
static void
test_cli_usage (Fixture       *fixture,
                gconstpointer  data)
{
  const char *cli = g_getenv ("MARROW_CLI");
  const char *id = marrow_record_get_id (fixture->joint_case);
  g_autofree char *pdf = g_build_filename (fixture->dir, "x.pdf", NULL);
  struct {
    const char *option;
    const char *args[8];
  } cases[] = {
    { "--paper", { "--case", id, "--paper", "a5", "-o", pdf, NULL } },
    { "--output", { "--case", id, NULL } },
    { "--kind", { "--case", id, "--kind", "poster", "-o", pdf, NULL } },
    { "--all-due", { "--all-due", "--kind", "case", "-o", pdf, NULL } },
    { "--case", { "--case", "00000000-0000-4000-8000-000000000000", "-o", pdf, NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      const char **a = cases[i].args;

      g_assert_cmpint (run (NULL, &err, cli, "report", fixture->path, a[0], a[1], a[2], a[3], a[4], a[5],
                            a[6], NULL), ==, 2);
      g_assert_true (g_str_has_prefix (err, "marrow-cli: report: "));
      g_assert_nonnull (strstr (err, cases[i].option));
      g_assert_cmpuint (strchr (err, '\n') - err, ==, strlen (err) - 1);
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }
}

/* --all-due: one letter per due follow-up of the demo practice */
static void
test_cli_all_due (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-test-report-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *letters = g_build_filename (dir, "letters", NULL);
  g_autofree char *worklist = NULL;
  g_autofree char *written = NULL;
  g_auto(GStrv) files = NULL;
  const char *cli = g_getenv ("MARROW_CLI");
  guint due;

  if (!have_poppler ())
    {
      marrow_test_remove_tree (dir);
      return;
    }
  g_assert_cmpint (run (NULL, NULL, cli, "demo", db, NULL), ==, 0);
  g_assert_cmpint (run (&worklist, NULL, cli, "worklist", db, "--at", "2026-06-01", "--format", "csv",
                        NULL), ==, 0);
  due = count_occurrences (worklist, "\nfollowup,");
  g_assert_cmpuint (due, >, 0);
  g_assert_cmpint (run (&written, NULL, cli, "report", db, "--all-due", "--kind", "letter", "--at",
                        "2026-06-01", "-o", letters, NULL), ==, 0);
  files = g_strsplit (g_strstrip (written), "\n", -1);
  g_assert_cmpuint (g_strv_length (files), ==, due);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *flat = NULL;

      g_assert_true (g_file_test (files[i], G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (run (&text, NULL, "pdftotext", files[i], "-", NULL), ==, 0);
      flat = collapse (text);
      g_assert_nonnull (strstr (flat, "follow-up questionnaire"));
      g_assert_nonnull (strstr (flat, "Page 1 of 1"));
    }
  marrow_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: marrow-cli runs as a child and reads
   * the protocols of the configuration folder meson's environment names */
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report-case/long-case-pagination", Fixture, NULL, fixture_set_up,
              test_long_case_pagination, fixture_tear_down);
  g_test_add ("/report-case/cli-pdf", Fixture, NULL, fixture_set_up, test_cli_case_report,
              fixture_tear_down);
  g_test_add ("/report-case/cli-audit", Fixture, NULL, fixture_set_up, test_cli_audit,
              fixture_tear_down);
  g_test_add ("/report-case/cli-usage", Fixture, NULL, fixture_set_up, test_cli_usage,
              fixture_tear_down);
  g_test_add_func ("/report-case/cli-all-due", test_cli_all_due);

  return g_test_run ();
}
