/* test-report.c: the report layout engine: pagination, page labels, paper, rendering
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports are built here from blocks, without a store, so the rules of
 * docs/report.md ("Pagination") are checked on exactly the shapes that
 * break them: tables of a hundred rows (some of several lines), headings
 * near the bottom of a page, figures that do not fit, long paragraphs.
 * The reports built from a database are checked in test-report-case.c.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <string.h>

#include "marrow-report.h"

static const MarrowReportColumn columns[] = {
  { "Date", 2, MARROW_REPORT_ALIGN_START },
  { "Time point", 2, MARROW_REPORT_ALIGN_START },
  { "Days", 1, MARROW_REPORT_ALIGN_END },
  { "Pain", 1, MARROW_REPORT_ALIGN_END },
  { "Function", 1, MARROW_REPORT_ALIGN_END },
  { "Comment", 4, MARROW_REPORT_ALIGN_START },
};

static void
fill_table (MarrowReportTable *table,
            guint              n_rows)
{
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", 1 + r / 28 % 12, 1 + r % 28);
      g_autofree char *days = g_strdup_printf ("%u", r * 7);
      g_autofree char *pain = g_strdup_printf ("%.1f", 40 + r * 0.5);
      g_autofree char *function = g_strdup_printf ("%.1f", 50 + r * 0.25);
      /* Every seventh row is several lines tall */
      const char *comment = r % 7 == 3
        ? "A long comment that wraps over several lines of the narrow comment column, so that "
          "rows are not all of one height and a row may well meet the bottom of a page"
        : "Short";
      const char *cells[] = { date, "6 months", days, pain, function, comment };

      marrow_report_table_add_row (table, cells);
    }
}

/* A report with a title, a key-value block, two long tables (100 and 20
 * rows, as a case with 100 assessments and 20 injections has) and text */
static MarrowReport *
long_report (void)
{
  MarrowReport *report = marrow_report_new ("Case report");
  const char *pairs[] = {
    "Patient", "Example, Alex", "Born", "17/04/1968", "MRN", "MRN-000123", "Joint", "Left knee",
    "Diagnosis", "Unilateral primary osteoarthritis", NULL
  };
  MarrowReportTable *table;

  marrow_report_set_practice (report, "Marrow Test Practice", "1 Test Street, Testville", "+1 555 0100");
  marrow_report_set_patient (report, "Example, Alex", "17/04/1968", "MRN-000123");
  marrow_report_set_printed (report, "01/06/2026 10:00", "Dr. Robin Sample");
  marrow_report_add_title (report, "Case report", "Left knee");
  marrow_report_add_key_values (report, pairs, 2);
  marrow_report_add_heading (report, "Assessments");
  table = marrow_report_add_table (report, columns, G_N_ELEMENTS (columns));
  fill_table (table, 100);
  marrow_report_add_heading (report, "Injections");
  table = marrow_report_add_table (report, columns, G_N_ELEMENTS (columns));
  fill_table (table, 20);
  marrow_report_add_paragraph (report, "The end.");
  marrow_report_add_signature (report, "Physician", "Dr. Robin Sample");
  return report;
}

/* Every box lies inside the page's body */
static void
assert_boxes_in_body (MarrowReport *report)
{
  double left, top, right, bottom;

  marrow_report_get_body (report, &left, &top, &right, &bottom);
  for (guint p = 0; p < marrow_report_get_n_pages (report); p++)
    {
      guint n;
      const MarrowReportBox *boxes = marrow_report_get_boxes (report, p, &n);

      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpfloat (boxes[i].y, >=, top - 0.01);
          g_assert_cmpfloat (boxes[i].y + boxes[i].height, <=, bottom + 0.01);
          g_assert_cmpfloat (boxes[i].x, >=, left - 0.01);
          g_assert_cmpfloat (boxes[i].x + boxes[i].width, <=, right + 0.01);
          /* Boxes do not overlap: each starts below the one before */
          if (i > 0)
            g_assert_cmpfloat (boxes[i].y, >=, boxes[i - 1].y + boxes[i - 1].height - 0.01);
        }
    }
}

/* Each table's rows appear once each, in order, never split; on every
 * page a table continues on, its header row comes first */
static void
assert_tables (MarrowReport *report,
               guint         block,
               guint         n_rows,
               guint        *pages_spanned)
{
  int next_row = 0;
  guint spanned = 0;

  for (guint p = 0; p < marrow_report_get_n_pages (report); p++)
    {
      guint n;
      const MarrowReportBox *boxes = marrow_report_get_boxes (report, p, &n);
      gboolean header_seen = FALSE;
      gboolean rows_here = FALSE;

      for (guint i = 0; i < n; i++)
        {
          if (boxes[i].block != block)
            continue;
          if (boxes[i].kind == MARROW_REPORT_BOX_TABLE_HEADER)
            {
              /* One header per page, before every row of the table */
              g_assert_false (header_seen);
              g_assert_false (rows_here);
              header_seen = TRUE;
              continue;
            }
          g_assert_cmpint (boxes[i].kind, ==, MARROW_REPORT_BOX_TABLE_ROW);
          g_assert_true (header_seen);
          g_assert_cmpint (boxes[i].index, ==, next_row);
          next_row++;
          rows_here = TRUE;
        }
      /* A header is never left alone at the bottom of a page */
      g_assert_true (header_seen == rows_here);
      if (rows_here)
        spanned++;
    }
  g_assert_cmpint (next_row, ==, (int)n_rows);
  *pages_spanned = spanned;
}

static void
test_paper_sizes (void)
{
  MarrowPaper paper = MARROW_PAPER_A4;
  double width, height;

  marrow_paper_get_size (MARROW_PAPER_A4, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
  marrow_paper_get_size (MARROW_PAPER_LETTER, &width, &height);
  g_assert_cmpfloat (width, ==, 612);
  g_assert_cmpfloat (height, ==, 792);

  g_assert_true (marrow_paper_from_string ("Letter", &paper));
  g_assert_cmpint (paper, ==, MARROW_PAPER_LETTER);
  g_assert_true (marrow_paper_from_string ("a4", &paper));
  g_assert_cmpint (paper, ==, MARROW_PAPER_A4);
  g_assert_false (marrow_paper_from_string ("a5", &paper));
  g_assert_cmpint (marrow_paper_for_size (612, 792), ==, MARROW_PAPER_LETTER);
  g_assert_cmpint (marrow_paper_for_size (595.28, 841.89), ==, MARROW_PAPER_A4);
}

static void
test_tables (void)
{
  g_autoptr(MarrowReport) report = long_report ();
  guint n_pages = marrow_report_paginate (report, MARROW_PAPER_A4);
  guint spanned_long, spanned_short;

  /* 100 rows do not fit one page */
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (marrow_report_get_n_pages (report), ==, n_pages);
  assert_boxes_in_body (report);
  /* Blocks: title 0, key values 1, heading 2, table 3, heading 4, table 5 */
  assert_tables (report, 3, 100, &spanned_long);
  assert_tables (report, 5, 20, &spanned_short);
  g_assert_cmpuint (spanned_long, >=, 2);
  g_assert_cmpuint (spanned_short, >=, 1);
}

static void
test_page_labels (void)
{
  g_autoptr(MarrowReport) report = long_report ();
  guint n_pages = marrow_report_paginate (report, MARROW_PAPER_A4);

  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *label = marrow_report_dup_page_label (report, p);
      g_autofree char *expected = g_strdup_printf ("Page %u of %u", p + 1, n_pages);

      g_assert_cmpstr (label, ==, expected);
    }
}

/* Letter is wider and shorter than A4: other line breaks, other pages,
 * the same rules */
static void
test_letter (void)
{
  g_autoptr(MarrowReport) report = long_report ();
  double a4_right, letter_right, a4_bottom, letter_bottom, width, height;
  guint spanned;

  marrow_report_paginate (report, MARROW_PAPER_A4);
  marrow_report_get_body (report, NULL, NULL, &a4_right, &a4_bottom);
  marrow_report_paginate (report, MARROW_PAPER_LETTER);
  g_assert_cmpint (marrow_report_get_paper (report), ==, MARROW_PAPER_LETTER);
  marrow_report_get_page_size (report, &width, &height);
  g_assert_cmpfloat (width, ==, 612);
  g_assert_cmpfloat (height, ==, 792);
  marrow_report_get_body (report, NULL, NULL, &letter_right, &letter_bottom);
  g_assert_cmpfloat (letter_right, >, a4_right);
  g_assert_cmpfloat (letter_bottom, <, a4_bottom);
  assert_boxes_in_body (report);
  assert_tables (report, 3, 100, &spanned);
  assert_tables (report, 5, 20, &spanned);
}

/* Paragraphs fill a page up to a heading that has no room for what
 * follows it: the heading moves to the next page with its table */
static void
test_heading_with_next (void)
{
  for (guint filler = 20; filler < 60; filler++)
    {
      g_autoptr(MarrowReport) report = marrow_report_new ("Headings");
      MarrowReportTable *table;
      guint heading_block;

      for (guint i = 0; i < filler; i++)
        marrow_report_add_paragraph (report, "One line of filler text.");
      heading_block = marrow_report_get_n_blocks (report);
      marrow_report_add_heading (report, "Assessments");
      table = marrow_report_add_table (report, columns, G_N_ELEMENTS (columns));
      fill_table (table, 3);
      marrow_report_paginate (report, MARROW_PAPER_A4);
      assert_boxes_in_body (report);

      for (guint p = 0; p < marrow_report_get_n_pages (report); p++)
        {
          guint n;
          const MarrowReportBox *boxes = marrow_report_get_boxes (report, p, &n);

          for (guint i = 0; i < n; i++)
            if (boxes[i].block == heading_block)
              {
                /* Followed, on its page, by the table's header and first row */
                g_assert_cmpuint (i + 2, <, n + 1);
                g_assert_cmpint (boxes[i + 1].kind, ==, MARROW_REPORT_BOX_TABLE_HEADER);
                g_assert_cmpint (boxes[i + 2].kind, ==, MARROW_REPORT_BOX_TABLE_ROW);
              }
        }
    }
}

static void
draw_cross (cairo_t *cr,
            double   width,
            double   height,
            gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  cairo_set_source_rgb (cr, 0.1, 0.3, 0.8);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 0, 0);
  cairo_line_to (cr, width, height);
  cairo_move_to (cr, width, 0);
  cairo_line_to (cr, 0, height);
  cairo_stroke (cr);
}

/* A figure that does not fit goes whole to the next page */
static void
test_figure_whole (void)
{
  g_autoptr(MarrowReport) report = marrow_report_new ("Figures");
  guint calls = 0;
  guint n;
  const MarrowReportBox *boxes;
  double top;

  for (guint i = 0; i < 40; i++)
    marrow_report_add_paragraph (report, "One line of filler text.");
  marrow_report_add_figure (report, 300, draw_cross, &calls, NULL, "Scores over time");
  g_assert_cmpuint (marrow_report_paginate (report, MARROW_PAPER_A4), ==, 2);
  assert_boxes_in_body (report);
  marrow_report_get_body (report, NULL, &top, NULL, NULL);
  boxes = marrow_report_get_boxes (report, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (boxes[0].kind, ==, MARROW_REPORT_BOX_FIGURE);
  g_assert_cmpfloat_with_epsilon (boxes[0].y, top, 0.01);
  g_assert_cmpfloat (boxes[0].height, >, 300);
}

/* A paragraph longer than a page goes on, line by line, never leaving one
 * line alone */
static void
test_long_paragraph (void)
{
  g_autoptr(MarrowReport) report = marrow_report_new ("Paragraphs");
  g_autoptr(GString) text = g_string_new (NULL);
  guint lines = 0;
  guint pieces = 0;

  for (guint i = 0; i < 900; i++)
    g_string_append_printf (text, "word%u ", i);
  marrow_report_add_paragraph (report, "Before.");
  marrow_report_add_paragraph (report, text->str);
  marrow_report_paginate (report, MARROW_PAPER_A4);
  g_assert_cmpuint (marrow_report_get_n_pages (report), >=, 1);
  assert_boxes_in_body (report);
  for (guint p = 0; p < marrow_report_get_n_pages (report); p++)
    {
      guint n;
      const MarrowReportBox *boxes = marrow_report_get_boxes (report, p, &n);

      for (guint i = 0; i < n; i++)
        if (boxes[i].block == 1)
          {
            g_assert_cmpint (boxes[i].index, ==, (int)lines);
            g_assert_cmpuint (boxes[i].n_lines, >=, 2);
            lines += boxes[i].n_lines;
            pieces++;
          }
    }
  g_assert_cmpuint (lines, >, 50);

  /* Twice as long: it must span pages */
  g_string_append (text, text->str);
  {
    g_autoptr(MarrowReport) longer = marrow_report_new ("Paragraphs");

    marrow_report_add_paragraph (longer, text->str);
    for (guint i = 0; i < 2; i++)
      marrow_report_add_paragraph (longer, text->str);
    g_assert_cmpuint (marrow_report_paginate (longer, MARROW_PAPER_LETTER), >=, 2);
    assert_boxes_in_body (longer);
  }
  g_assert_cmpuint (pieces, >=, 1);
}

static void
test_page_break (void)
{
  g_autoptr(MarrowReport) report = marrow_report_new ("Breaks");

  marrow_report_add_page_break (report);
  marrow_report_add_paragraph (report, "First page");
  marrow_report_add_page_break (report);
  marrow_report_add_paragraph (report, "Second page");
  marrow_report_add_page_break (report);
  g_assert_cmpuint (marrow_report_paginate (report, MARROW_PAPER_A4), ==, 2);
}

/* Rendering: the header band is drawn at the top of every page, the
 * footer's rule near its bottom, and a figure is drawn once per render */
static void
test_render (void)
{
  g_autoptr(MarrowReport) report = long_report ();
  guint calls = 0;
  guint n_pages;

  marrow_report_add_figure (report, 120, draw_cross, &calls, NULL, NULL);
  n_pages = marrow_report_paginate (report, MARROW_PAPER_A4);
  for (guint p = 0; p < n_pages; p++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 596, 842);
      cairo_t *cr = cairo_create (surface);
      unsigned char *data;
      int stride;
      guint32 band, blank, footer_rule;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      marrow_report_render_page (report, cr, p);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      /* In the header band (12 mm from the top, 46 pt tall), at its
       * middle; above it, white */
      band = *(guint32 *)(gpointer)(data + 60 * stride + 300 * 4) & 0xffffff;
      blank = *(guint32 *)(gpointer)(data + 10 * stride + 300 * 4) & 0xffffff;
      g_assert_cmphex (blank, ==, 0xffffff);
      g_assert_cmphex (band, !=, 0xffffff);
      /* The footer's rule, 12 mm + 22 pt above the bottom */
      footer_rule = 0;
      for (int y = 842 - 34 - 22 - 2; y <= 842 - 34 - 22 + 2; y++)
        footer_rule |= 0xffffff ^ (*(guint32 *)(gpointer)(data + y * stride + 300 * 4) & 0xffffff);
      g_assert_cmphex (footer_rule, !=, 0);
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (calls, ==, 1);
}

/* @needle in binary @data */
static gboolean
contains (const char *data,
          gsize       size,
          const char *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (data + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

static void
test_pdf (void)
{
  g_autoptr(MarrowReport) report = long_report ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

  marrow_report_paginate (report, MARROW_PAPER_LETTER);
  g_assert_true (marrow_report_write_pdf (report, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  /* Pages of Letter's size */
  g_assert_true (contains (data, size, "/MediaBox [ 0 0 612 792 ]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/paper-sizes", test_paper_sizes);
  g_test_add_func ("/report/tables", test_tables);
  g_test_add_func ("/report/page-labels", test_page_labels);
  g_test_add_func ("/report/letter", test_letter);
  g_test_add_func ("/report/heading-with-next", test_heading_with_next);
  g_test_add_func ("/report/figure-whole", test_figure_whole);
  g_test_add_func ("/report/long-paragraph", test_long_paragraph);
  g_test_add_func ("/report/page-break", test_page_break);
  g_test_add_func ("/report/render", test_render);
  g_test_add_func ("/report/pdf", test_pdf);

  return g_test_run ();
}
