/* marrow-report-render.c: drawing a paginated report's pages, and the PDF writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The second pass: marrow_report_render_page() draws one page of a
 * paginated report on any cairo_t whose unit is the point and whose origin
 * is the page's top left corner.  The PDF writer (cairo_pdf_surface, one
 * cairo_show_page() per page) and GtkPrintOperation's draw-page (preview
 * and printer) both call it, so what is previewed is what is printed and
 * what is exported.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "marrow-report-private.h"

/* Colours: near-black text, grey secondary text, a light band behind the
 * page header and the table headers */
static const double ink[] = { 0.10, 0.10, 0.11 };
static const double muted[] = { 0.36, 0.40, 0.44 };
static const double band[] = { 0.91, 0.93, 0.95 };
static const double table_head[] = { 0.86, 0.89, 0.93 };
static const double zebra[] = { 0.965, 0.972, 0.98 };
static const double rule[] = { 0.60, 0.65, 0.70 };

static void
set_colour (cairo_t      *cr,
            const double *rgb)
{
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

/* Shows @layout with its top left corner at (@x, @y) and leaves no current
 * point behind (test-harness.md, P12) */
static void
show_layout (cairo_t      *cr,
             PangoLayout  *layout,
             double        x,
             double        y,
             const double *rgb)
{
  set_colour (cr, rgb);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}

static void
hline (cairo_t      *cr,
       double        x0,
       double        x1,
       double        y,
       double        width,
       const double *rgb)
{
  set_colour (cr, rgb);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static PangoLayout *
one_line (PangoContext   *context,
          const char     *text,
          double          size,
          PangoWeight     weight,
          double          width,
          PangoAlignment  align)
{
  PangoLayout *layout = _marrow_report_text_layout (context, text, size, weight,
                                                    PANGO_STYLE_NORMAL, width, align);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -1);
  return layout;
}

static void
draw_header (cairo_t           *cr,
             PangoContext      *context,
             const ReportFrame *frame,
             double             page_width)
{
  double left = MARROW_REPORT_MARGIN_SIDE;
  double width = page_width - 2 * MARROW_REPORT_MARGIN_SIDE;
  double top = MARROW_REPORT_MARGIN_TOP;
  double pad = 8;
  double y;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) identity = g_string_new (NULL);

  set_colour (cr, band);
  cairo_rectangle (cr, left, top, width, MARROW_REPORT_HEADER_HEIGHT);
  cairo_fill (cr);

  /* Left: the practice */
  y = top + 6;
  if (frame->practice_name != NULL)
    {
      g_autoptr(PangoLayout) name = one_line (context, frame->practice_name, 11, PANGO_WEIGHT_BOLD,
                                              width * 0.55 - pad, PANGO_ALIGN_LEFT);

      show_layout (cr, name, left + pad, y, ink);
      y += _marrow_report_layout_height (name) + 1;
    }
  if (frame->practice_address != NULL)
    g_string_append (details, frame->practice_address);
  if (frame->practice_phone != NULL)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      /* Translators: the practice's phone number in a report's page header */
      g_string_append_printf (details, _("Phone %s"), frame->practice_phone);
    }
  if (details->len > 0)
    {
      g_autoptr(PangoLayout) lines = _marrow_report_text_layout (context, details->str,
                                                                 MARROW_REPORT_SIZE_SMALL,
                                                                 PANGO_WEIGHT_NORMAL,
                                                                 PANGO_STYLE_NORMAL,
                                                                 width * 0.55 - pad,
                                                                 PANGO_ALIGN_LEFT);

      pango_layout_set_ellipsize (lines, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (lines, -2);
      show_layout (cr, lines, left + pad, y, muted);
    }

  /* Right: the patient, or a note for a report about many */
  y = top + 6;
  if (frame->patient_name != NULL)
    {
      g_autoptr(PangoLayout) name = one_line (context, frame->patient_name, 10, PANGO_WEIGHT_BOLD,
                                              width * 0.45 - pad, PANGO_ALIGN_RIGHT);

      show_layout (cr, name, left + width * 0.55, y, ink);
      y += _marrow_report_layout_height (name) + 1;
    }
  if (frame->patient_born != NULL)
    /* Translators: a patient's date of birth in a report's page header */
    g_string_append_printf (identity, _("Born %s"), frame->patient_born);
  if (frame->patient_record != NULL)
    {
      if (identity->len > 0)
        g_string_append (identity, " · ");
      /* Translators: MRN is the medical record number of a patient */
      g_string_append_printf (identity, _("MRN %s"), frame->patient_record);
    }
  if (frame->header_note != NULL)
    {
      if (identity->len > 0)
        g_string_append_c (identity, '\n');
      g_string_append (identity, frame->header_note);
    }
  if (identity->len > 0)
    {
      g_autoptr(PangoLayout) lines = _marrow_report_text_layout (context, identity->str,
                                                                 MARROW_REPORT_SIZE_SMALL + 0.5,
                                                                 PANGO_WEIGHT_NORMAL,
                                                                 PANGO_STYLE_NORMAL,
                                                                 width * 0.45 - pad,
                                                                 PANGO_ALIGN_RIGHT);

      pango_layout_set_ellipsize (lines, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (lines, -2);
      show_layout (cr, lines, left + width * 0.55, y, muted);
    }
}

static void
draw_footer (cairo_t           *cr,
             PangoContext      *context,
             const ReportFrame *frame,
             double             page_width,
             double             page_height,
             guint              page,
             guint              n_pages)
{
  double left = MARROW_REPORT_MARGIN_SIDE;
  double width = page_width - 2 * MARROW_REPORT_MARGIN_SIDE;
  double top = page_height - MARROW_REPORT_MARGIN_BOTTOM - MARROW_REPORT_FOOTER_HEIGHT;
  g_autofree char *printed = NULL;
  g_autofree char *page_label = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) middle = NULL;
  g_autoptr(PangoLayout) right = NULL;

  hline (cr, left, left + width, top, 0.6, rule);

  title = one_line (context, frame->title, MARROW_REPORT_SIZE_SMALL, PANGO_WEIGHT_BOLD,
                    width * 0.32, PANGO_ALIGN_LEFT);
  show_layout (cr, title, left, top + 5, ink);

  if (frame->printed_when != NULL && frame->printed_by != NULL)
    /* Translators: a report's footer: when it was printed and by whom */
    printed = g_strdup_printf (_("Printed %s by %s"), frame->printed_when, frame->printed_by);
  else if (frame->printed_when != NULL)
    /* Translators: a report's footer: when it was printed */
    printed = g_strdup_printf (_("Printed %s"), frame->printed_when);
  if (printed != NULL)
    {
      middle = one_line (context, printed, MARROW_REPORT_SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                         width * 0.46, PANGO_ALIGN_CENTER);
      show_layout (cr, middle, left + width * 0.32, top + 5, muted);
    }

  /* Translators: the footer of a printed report */
  page_label = g_strdup_printf (_("Page %u of %u"), page + 1, n_pages);
  right = one_line (context, page_label, MARROW_REPORT_SIZE_SMALL, PANGO_WEIGHT_BOLD,
                    width * 0.22, PANGO_ALIGN_RIGHT);
  show_layout (cr, right, left + width * 0.78, top + 5, ink);
}

/* Lines [first, first + n) of a paragraph, the first one's top at @y */
static void
draw_lines (cairo_t      *cr,
            const Block  *block,
            double        x,
            double        y,
            guint         first,
            guint         n,
            const double *rgb)
{
  PangoLayoutIter *iter = pango_layout_get_iter (block->layout);
  double top = g_array_index (block->line_top, double, first);
  guint line = 0;

  set_colour (cr, rgb);
  do
    {
      PangoRectangle logical;

      if (line >= first && line < first + n)
        {
          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          cairo_move_to (cr, x + pango_units_to_double (logical.x),
                         y + pango_units_to_double (pango_layout_iter_get_baseline (iter)) - top);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
          cairo_new_path (cr);
        }
      line++;
    }
  while (line < first + n && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
draw_key_value_row (cairo_t               *cr,
                    const Block           *block,
                    const MarrowReportBox *box)
{
  guint per_row = block->kv_columns;
  guint n_pairs = g_strv_length (block->pairs) / 2;
  double column, label_w;

  _marrow_report_kv_geometry (per_row, box->width, &column, &label_w);
  for (guint k = 0; k < per_row; k++)
    {
      guint pair = (guint)box->index * per_row + k;
      double x = box->x + k * (column + MARROW_REPORT_KV_GUTTER);

      if (pair >= n_pairs)
        break;
      /* The label sits on the value's first line */
      show_layout (cr, block->kv_layouts[2 * pair], x, box->y + 1.5 + 0.9, muted);
      show_layout (cr, block->kv_layouts[2 * pair + 1], x + label_w + MARROW_REPORT_KV_LABEL_GAP,
                   box->y + 1.5, ink);
    }
}

static void
draw_table_row (cairo_t               *cr,
                const Block           *block,
                const MarrowReportBox *box)
{
  const MarrowReportTable *table = block->table;
  PangoLayout **cells;

  if (box->index < 0)
    {
      set_colour (cr, table_head);
      cairo_rectangle (cr, box->x, box->y, box->width, box->height);
      cairo_fill (cr);
      cells = table->header;
    }
  else
    {
      if (box->index % 2 == 1)
        {
          set_colour (cr, zebra);
          cairo_rectangle (cr, box->x, box->y, box->width, box->height);
          cairo_fill (cr);
        }
      cells = table->row_layouts->pdata[box->index];
    }
  for (guint c = 0; c < table->n_columns; c++)
    show_layout (cr, cells[c], box->x + table->col_x[c] + MARROW_REPORT_CELL_PAD_X,
                 box->y + MARROW_REPORT_CELL_PAD_Y, ink);
  hline (cr, box->x, box->x + box->width, box->y + box->height, box->index < 0 ? 0.8 : 0.3, rule);
}

static void
draw_figure (cairo_t               *cr,
             const Block           *block,
             const MarrowReportBox *box)
{
  cairo_save (cr);
  cairo_translate (cr, box->x, box->y);
  cairo_rectangle (cr, 0, 0, box->width, block->fig_height);
  cairo_clip (cr);
  cairo_new_path (cr);
  block->draw (cr, box->width, block->fig_height, block->draw_data);
  cairo_restore (cr);
  cairo_new_path (cr);
  if (block->layout != NULL)
    show_layout (cr, block->layout, box->x, box->y + block->fig_height + 4, muted);
}

static void
draw_signature (cairo_t               *cr,
                PangoContext          *context,
                const Block           *block,
                const MarrowReportBox *box)
{
  double line_y = box->y + 34;
  double y = line_y + 3;
  g_autoptr(PangoLayout) date = NULL;

  hline (cr, box->x, box->x + box->width * 0.55, line_y, 0.7, ink);
  hline (cr, box->x + box->width * 0.65, box->x + box->width, line_y, 0.7, ink);
  if (block->layout2 != NULL)
    {
      show_layout (cr, block->layout2, box->x, y, ink);
      y += _marrow_report_layout_height (block->layout2);
    }
  show_layout (cr, block->layout, box->x, y, muted);
  /* Translators: the line a printed report is dated on, beside the signature */
  date = one_line (context, _("Date"), MARROW_REPORT_SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                   box->width * 0.35, PANGO_ALIGN_LEFT);
  show_layout (cr, date, box->x + box->width * 0.65, line_y + 3, muted);
}

static void
draw_box (cairo_t               *cr,
          PangoContext          *context,
          const Block           *block,
          const MarrowReportBox *box)
{
  switch (box->kind)
    {
    case MARROW_REPORT_BOX_TITLE:
      show_layout (cr, block->layout, box->x, box->y, ink);
      if (block->layout2 != NULL)
        show_layout (cr, block->layout2, box->x,
                     box->y + _marrow_report_layout_height (block->layout) + 2, muted);
      break;

    case MARROW_REPORT_BOX_HEADING:
      show_layout (cr, block->layout, box->x, box->y, ink);
      if (block->kind == BLOCK_HEADING)
        hline (cr, box->x, box->x + box->width, box->y + box->height - 1.5, 0.6, rule);
      break;

    case MARROW_REPORT_BOX_PARAGRAPH:
      draw_lines (cr, block, box->x, box->y, (guint)box->index, box->n_lines,
                  block->kind == BLOCK_NOTE ? muted : ink);
      break;

    case MARROW_REPORT_BOX_KEY_VALUE_ROW:
      draw_key_value_row (cr, block, box);
      break;

    case MARROW_REPORT_BOX_TABLE_HEADER:
    case MARROW_REPORT_BOX_TABLE_ROW:
      draw_table_row (cr, block, box);
      break;

    case MARROW_REPORT_BOX_FIGURE:
      draw_figure (cr, block, box);
      break;

    case MARROW_REPORT_BOX_SIGNATURE:
      draw_signature (cr, context, block, box);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * marrow_report_render_page:
 * @cr: a cairo context in points, its origin at the page's top left corner
 * @page: the page, from 0
 *
 * Draws one page of a paginated report: header, body and footer.
 */
void
marrow_report_render_page (MarrowReport *self,
                           cairo_t      *cr,
                           guint         page)
{
  GPtrArray *pages;
  GPtrArray *blocks;
  PangoContext *context;
  ReportFrame frame;
  GArray *boxes;
  double width, height;

  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < marrow_report_get_n_pages (self));

  pages = _marrow_report_get_pages (self);
  blocks = _marrow_report_get_blocks (self);
  context = _marrow_report_get_context (self);
  _marrow_report_get_frame (self, &frame);
  marrow_report_get_page_size (self, &width, &height);
  boxes = pages->pdata[page];

  cairo_save (cr);
  cairo_new_path (cr);
  draw_header (cr, context, &frame, width);
  for (guint i = 0; i < boxes->len; i++)
    {
      const MarrowReportBox *box = &g_array_index (boxes, MarrowReportBox, i);

      draw_box (cr, context, blocks->pdata[box->block], box);
    }
  draw_footer (cr, context, &frame, width, height, page, pages->len);
  cairo_restore (cr);
}

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} PdfSink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/**
 * marrow_report_write_pdf:
 * @out: where the PDF goes; the caller closes it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every page of a paginated report as one PDF page of its paper's
 * size, text as text and figures as vectors.
 *
 * Returns: %TRUE if the whole PDF was written
 */
gboolean
marrow_report_write_pdf (MarrowReport  *self,
                         GOutputStream *out,
                         GCancellable  *cancellable,
                         GError       **error)
{
  PdfSink sink = { out, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;

  g_return_val_if_fail (MARROW_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (marrow_report_get_n_pages (self) > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  marrow_report_get_page_size (self, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, marrow_report_get_title (self));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint page = 0; page < marrow_report_get_n_pages (self) && sink.error == NULL; page++)
    {
      marrow_report_render_page (self, cr, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
