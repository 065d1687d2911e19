/* marrow-report-layout.c: measuring blocks with Pango and placing them on pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pagination is the first of two passes: it measures every block at the
 * body's width and places its pieces on pages (MarrowReportBox), so the
 * page count is known before anything is drawn and every footer can say
 * "Page X of Y".  The rules (docs/report.md, "Pagination"):
 *
 * - a table row is never split; a table that goes on to another page
 *   repeats its header row there, and a table starts on a page only if its
 *   header and first row fit;
 * - a key-value block breaks between rows, a paragraph between lines (with
 *   at least two lines on a page when it has more than two);
 * - a figure, a signature line and a title are never split;
 * - a heading stays with the first piece of the block after it;
 * - space above a block is dropped at the top of a page.
 *
 * Text is measured in a Pango context at 72 dpi with hinted metrics off,
 * so a layout is as wide and as tall on a PDF surface, in the print
 * dialog's preview and on a printer's surface: the pages come out the same.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <string.h>

#include "marrow-report-private.h"

/**
 * _marrow_report_context_new:
 *
 * Returns: (transfer full): the Pango context reports are measured and drawn with
 */
PangoContext *
_marrow_report_context_new (void)
{
  PangoContext *context;
  cairo_font_options_t *options;

  /* The thread's own font map: reports are laid out in worker threads */
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_get_default ());
  return context;
}

/**
 * _marrow_report_text_layout:
 * @width: the width to wrap at in points, or 0 for one line
 *
 * Returns: (transfer full): @text laid out in the report's type
 */
PangoLayout *
_marrow_report_text_layout (PangoContext   *context,
                            const char     *text,
                            double          size,
                            PangoWeight     weight,
                            PangoStyle      style,
                            double          width,
                            PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (MARROW_REPORT_FONT);

  pango_font_description_set_size (font, (int)(size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, style);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/**
 * _marrow_report_layout_height:
 *
 * Returns: the logical height of @layout in points
 */
double
_marrow_report_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.height);
}

static void
table_clear (MarrowReportTable *table)
{
  for (guint r = 0; table->row_layouts != NULL && r < table->row_layouts->len; r++)
    {
      PangoLayout **layouts = table->row_layouts->pdata[r];

      for (guint c = 0; c < table->n_columns; c++)
        g_clear_object (&layouts[c]);
      g_free (layouts);
    }
  for (guint c = 0; table->header != NULL && c < table->n_columns; c++)
    g_clear_object (&table->header[c]);
  g_clear_pointer (&table->header, g_free);
  g_clear_pointer (&table->row_layouts, g_ptr_array_unref);
  g_clear_pointer (&table->row_h, g_array_unref);
  g_clear_pointer (&table->col_x, g_free);
  g_clear_pointer (&table->col_w, g_free);
}

/**
 * _marrow_report_table_free:
 */
void
_marrow_report_table_free (MarrowReportTable *table)
{
  table_clear (table);
  g_strfreev (table->titles);
  g_free (table->weights);
  g_free (table->aligns);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/**
 * _marrow_report_block_clear:
 *
 * Drops what measuring @block made.
 */
void
_marrow_report_block_clear (Block *block)
{
  g_clear_object (&block->layout);
  g_clear_object (&block->layout2);
  g_clear_pointer (&block->line_top, g_array_unref);
  g_clear_pointer (&block->line_bottom, g_array_unref);
  if (block->kv_layouts != NULL)
    for (guint i = 0; block->pairs[i] != NULL; i++)
      g_clear_object (&block->kv_layouts[i]);
  g_clear_pointer (&block->kv_layouts, g_free);
  g_clear_pointer (&block->kv_row_h, g_array_unref);
  if (block->table != NULL)
    table_clear (block->table);
  block->height = 0;
}

static PangoAlignment
pango_alignment (MarrowReportAlign align)
{
  switch (align)
    {
    case MARROW_REPORT_ALIGN_END:
      return PANGO_ALIGN_RIGHT;
    case MARROW_REPORT_ALIGN_CENTER:
      return PANGO_ALIGN_CENTER;
    case MARROW_REPORT_ALIGN_START:
    default:
      return PANGO_ALIGN_LEFT;
    }
}

/* Lines of a paragraph: where each starts and ends, from the layout's top */
static void
measure_lines (Block *block)
{
  PangoLayoutIter *iter = pango_layout_get_iter (block->layout);

  block->line_top = g_array_new (FALSE, FALSE, sizeof (double));
  block->line_bottom = g_array_new (FALSE, FALSE, sizeof (double));
  do
    {
      int y0, y1;
      double top, bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      top = pango_units_to_double (y0);
      bottom = pango_units_to_double (y1);
      g_array_append_val (block->line_top, top);
      g_array_append_val (block->line_bottom, bottom);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
measure_key_values (Block        *block,
                    PangoContext *context,
                    double        width)
{
  guint n_pairs = g_strv_length (block->pairs) / 2;
  guint per_row = block->kv_columns;
  double column, label_w, value_w;

  _marrow_report_kv_geometry (per_row, width, &column, &label_w);
  value_w = column - label_w - MARROW_REPORT_KV_LABEL_GAP;

  block->kv_layouts = g_new0 (PangoLayout *, 2 * n_pairs + 1);
  block->kv_row_h = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint p = 0; p < n_pairs; p += per_row)
    {
      double row_h = 0;

      for (guint k = p; k < p + per_row && k < n_pairs; k++)
        {
          block->kv_layouts[2 * k] =
            _marrow_report_text_layout (context, block->pairs[2 * k], MARROW_REPORT_SIZE_SMALL + 0.5,
                                        PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, label_w,
                                        PANGO_ALIGN_LEFT);
          block->kv_layouts[2 * k + 1] =
            _marrow_report_text_layout (context, block->pairs[2 * k + 1], MARROW_REPORT_SIZE_BODY,
                                        PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, value_w,
                                        PANGO_ALIGN_LEFT);
          row_h = MAX (row_h, _marrow_report_layout_height (block->kv_layouts[2 * k]));
          row_h = MAX (row_h, _marrow_report_layout_height (block->kv_layouts[2 * k + 1]));
        }
      row_h += 3;
      g_array_append_val (block->kv_row_h, row_h);
    }
}

static void
measure_table (MarrowReportTable *table,
               PangoContext      *context,
               double             width)
{
  double total = 0;
  double x = 0;

  table->col_x = g_new0 (double, table->n_columns);
  table->col_w = g_new0 (double, table->n_columns);
  for (guint c = 0; c < table->n_columns; c++)
    total += table->weights[c];
  for (guint c = 0; c < table->n_columns; c++)
    {
      table->col_x[c] = x;
      table->col_w[c] = width * table->weights[c] / total;
      x += table->col_w[c];
    }

  table->header = g_new0 (PangoLayout *, table->n_columns);
  table->header_h = 0;
  for (guint c = 0; c < table->n_columns; c++)
    {
      table->header[c] = _marrow_report_text_layout (context, table->titles[c],
                                                     MARROW_REPORT_SIZE_TABLE, PANGO_WEIGHT_BOLD,
                                                     PANGO_STYLE_NORMAL,
                                                     table->col_w[c] - 2 * MARROW_REPORT_CELL_PAD_X,
                                                     pango_alignment (table->aligns[c]));
      table->header_h = MAX (table->header_h, _marrow_report_layout_height (table->header[c]));
    }
  table->header_h += 2 * MARROW_REPORT_CELL_PAD_Y;

  table->row_layouts = g_ptr_array_new ();
  table->row_h = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **cells = table->rows->pdata[r];
      PangoLayout **layouts = g_new0 (PangoLayout *, table->n_columns);
      double row_h = 0;

      for (guint c = 0; c < table->n_columns; c++)
        {
          layouts[c] = _marrow_report_text_layout (context, cells[c], MARROW_REPORT_SIZE_TABLE,
                                                   PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                                                   table->col_w[c] - 2 * MARROW_REPORT_CELL_PAD_X,
                                                   pango_alignment (table->aligns[c]));
          row_h = MAX (row_h, _marrow_report_layout_height (layouts[c]));
        }
      row_h += 2 * MARROW_REPORT_CELL_PAD_Y;
      g_ptr_array_add (table->row_layouts, layouts);
      g_array_append_val (table->row_h, row_h);
    }
}

static void
measure_block (Block        *block,
               PangoContext *context,
               double        width)
{
  switch (block->kind)
    {
    case BLOCK_TITLE:
      block->layout = _marrow_report_text_layout (context, block->text, MARROW_REPORT_SIZE_TITLE,
                                                  PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, width,
                                                  PANGO_ALIGN_LEFT);
      block->height = _marrow_report_layout_height (block->layout) + 6;
      if (block->text2 != NULL)
        {
          block->layout2 = _marrow_report_text_layout (context, block->text2,
                                                       MARROW_REPORT_SIZE_SUBHEAD,
                                                       PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                                                       width, PANGO_ALIGN_LEFT);
          block->height += _marrow_report_layout_height (block->layout2) - 4;
        }
      break;

    case BLOCK_HEADING:
    case BLOCK_SUBHEADING:
      block->layout = _marrow_report_text_layout (context, block->text,
                                                  block->kind == BLOCK_HEADING
                                                  ? MARROW_REPORT_SIZE_HEADING
                                                  : MARROW_REPORT_SIZE_SUBHEAD,
                                                  PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, width,
                                                  PANGO_ALIGN_LEFT);
      /* A heading has a rule below it */
      block->height = _marrow_report_layout_height (block->layout) +
                      (block->kind == BLOCK_HEADING ? 4 : 1);
      break;

    case BLOCK_PARAGRAPH:
    case BLOCK_NOTE:
      block->layout = _marrow_report_text_layout (context, block->text,
                                                  block->kind == BLOCK_NOTE
                                                  ? MARROW_REPORT_SIZE_SMALL
                                                  : MARROW_REPORT_SIZE_BODY,
                                                  PANGO_WEIGHT_NORMAL,
                                                  block->kind == BLOCK_NOTE
                                                  ? PANGO_STYLE_ITALIC
                                                  : PANGO_STYLE_NORMAL,
                                                  width, PANGO_ALIGN_LEFT);
      measure_lines (block);
      break;

    case BLOCK_KEY_VALUES:
      measure_key_values (block, context, width);
      break;

    case BLOCK_TABLE:
      measure_table (block->table, context, width);
      break;

    case BLOCK_FIGURE:
      block->height = block->fig_height;
      if (block->text != NULL)
        {
          block->layout = _marrow_report_text_layout (context, block->text,
                                                      MARROW_REPORT_SIZE_SMALL,
                                                      PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC,
                                                      width, PANGO_ALIGN_CENTER);
          block->height += 4 + _marrow_report_layout_height (block->layout);
        }
      break;

    case BLOCK_SIGNATURE:
      block->layout = _marrow_report_text_layout (context, block->text, MARROW_REPORT_SIZE_SMALL,
                                                  PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                                                  width * 0.55, PANGO_ALIGN_LEFT);
      if (block->text2 != NULL)
        block->layout2 = _marrow_report_text_layout (context, block->text2, MARROW_REPORT_SIZE_BODY,
                                                     PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL,
                                                     width * 0.55, PANGO_ALIGN_LEFT);
      /* Room to sign, the line, then who signs */
      block->height = 34 + 3 + _marrow_report_layout_height (block->layout) +
                      (block->layout2 != NULL ? _marrow_report_layout_height (block->layout2) : 0);
      break;

    case BLOCK_PAGE_BREAK:
    default:
      break;
    }
}

/* Space above a block, dropped at the top of a page */
static double
space_above (const Block *block)
{
  switch (block->kind)
    {
    case BLOCK_HEADING:
      return 14;
    case BLOCK_SUBHEADING:
      return 9;
    case BLOCK_PARAGRAPH:
      return 4;
    case BLOCK_NOTE:
      return 1;
    case BLOCK_KEY_VALUES:
    case BLOCK_TABLE:
      return 5;
    case BLOCK_FIGURE:
      return 8;
    case BLOCK_SIGNATURE:
      return 18;
    case BLOCK_TITLE:
    case BLOCK_PAGE_BREAK:
    default:
      return 0;
    }
}

static double
lines_height (const Block *block,
              guint        first,
              guint        end)
{
  return g_array_index (block->line_bottom, double, end - 1) -
         g_array_index (block->line_top, double, first);
}

/* The height of the least of @block that may start a page: what a heading
 * before it must be kept with */
static double
first_piece_height (const Block *block)
{
  switch (block->kind)
    {
    case BLOCK_PARAGRAPH:
    case BLOCK_NOTE:
      return lines_height (block, 0, MIN (2, block->line_top->len));
    case BLOCK_KEY_VALUES:
      return g_array_index (block->kv_row_h, double, 0);
    case BLOCK_TABLE:
      return block->table->header_h +
             (block->table->row_h->len > 0 ? g_array_index (block->table->row_h, double, 0) : 0);
    case BLOCK_TITLE:
    case BLOCK_HEADING:
    case BLOCK_SUBHEADING:
    case BLOCK_FIGURE:
    case BLOCK_SIGNATURE:
      return block->height;
    case BLOCK_PAGE_BREAK:
    default:
      return 0;
    }
}

typedef struct
{
  GPtrArray *pages;
  GArray    *page;     /* the current page's boxes */
  double     left;
  double     width;
  double     top;
  double     bottom;
  double     y;
} Flow;

static void
new_page (Flow *flow)
{
  flow->page = g_array_new (FALSE, FALSE, sizeof (MarrowReportBox));
  g_ptr_array_add (flow->pages, flow->page);
  flow->y = flow->top;
}

static gboolean
page_is_empty (Flow *flow)
{
  return flow->page->len == 0;
}

/* Space above a block, or none at the top of a page */
static double
gap (Flow        *flow,
     const Block *block)
{
  return page_is_empty (flow) ? 0 : space_above (block);
}

/* Makes room for @height below the gap; a new page if it does not fit
 * (unless the page is empty: then it overflows, there is nowhere better) */
static void
make_room (Flow   *flow,
           double  gap_above,
           double  height)
{
  if (flow->y + gap_above + height > flow->bottom + 0.01 && !page_is_empty (flow))
    new_page (flow);
  else
    flow->y += gap_above;
}

static void
place (Flow                *flow,
       MarrowReportBoxKind  kind,
       guint                block,
       int                  index,
       guint                n_lines,
       double               height)
{
  MarrowReportBox box = {
    .kind = kind,
    .block = block,
    .index = index,
    .n_lines = n_lines,
    .x = flow->left,
    .y = flow->y,
    .width = flow->width,
    .height = height,
  };

  g_array_append_val (flow->page, box);
  flow->y += height;
}

static void
flow_paragraph (Flow        *flow,
                const Block *block,
                guint        index)
{
  guint n_lines = block->line_top->len;
  guint first = 0;
  double above = gap (flow, block);

  while (first < n_lines)
    {
      double available = flow->bottom - flow->y - above;
      guint end = first;

      while (end < n_lines && lines_height (block, first, end + 1) <= available + 0.01)
        end++;
      /* No line fits, or one line would be left alone above the rest:
       * start on the next page (an empty page takes at least one line) */
      if (!page_is_empty (flow) &&
          (end == first || (end == first + 1 && n_lines - first > 2)))
        {
          new_page (flow);
          above = 0;
          continue;
        }
      if (end == first)
        end = first + 1;
      /* Nor is one line left alone below: keep two together */
      if (end < n_lines && n_lines - end == 1 && end - first > 2)
        end--;
      flow->y += above;
      place (flow, MARROW_REPORT_BOX_PARAGRAPH, index, (int)first, end - first,
             lines_height (block, first, end));
      first = end;
      above = 0;
      if (first < n_lines)
        new_page (flow);
    }
}

static void
flow_key_values (Flow        *flow,
                 const Block *block,
                 guint        index)
{
  double above = gap (flow, block);

  for (guint r = 0; r < block->kv_row_h->len; r++)
    {
      double row_h = g_array_index (block->kv_row_h, double, r);

      make_room (flow, above, row_h);
      place (flow, MARROW_REPORT_BOX_KEY_VALUE_ROW, index, (int)r, 0, row_h);
      above = 0;
    }
}

static void
flow_table (Flow        *flow,
            const Block *block,
            guint        index)
{
  const MarrowReportTable *table = block->table;

  /* The header only with the first row */
  make_room (flow, gap (flow, block), first_piece_height (block));
  place (flow, MARROW_REPORT_BOX_TABLE_HEADER, index, -1, 0, table->header_h);
  for (guint r = 0; r < table->row_h->len; r++)
    {
      double row_h = g_array_index (table->row_h, double, r);

      if (flow->y + row_h > flow->bottom + 0.01)
        {
          new_page (flow);
          place (flow, MARROW_REPORT_BOX_TABLE_HEADER, index, -1, 0, table->header_h);
        }
      place (flow, MARROW_REPORT_BOX_TABLE_ROW, index, (int)r, 0, row_h);
    }
}

static MarrowReportBoxKind
whole_box_kind (BlockKind kind)
{
  switch (kind)
    {
    case BLOCK_TITLE:
      return MARROW_REPORT_BOX_TITLE;
    case BLOCK_FIGURE:
      return MARROW_REPORT_BOX_FIGURE;
    case BLOCK_SIGNATURE:
      return MARROW_REPORT_BOX_SIGNATURE;
    case BLOCK_HEADING:
    case BLOCK_SUBHEADING:
    default:
      return MARROW_REPORT_BOX_HEADING;
    }
}

/**
 * marrow_report_paginate:
 * @paper: the paper to lay out for
 *
 * Measures every block at the width of @paper's body and places them on
 * pages.  Call again for another paper.
 *
 * Returns: the number of pages (at least one)
 */
guint
marrow_report_paginate (MarrowReport *self,
                        MarrowPaper   paper)
{
  PangoContext *context;
  GPtrArray *blocks;
  Flow flow = { 0 };
  double right;

  g_return_val_if_fail (MARROW_IS_REPORT (self), 0);

  context = _marrow_report_context_new ();
  blocks = _marrow_report_get_blocks (self);

  /* The body of that paper */
  _marrow_report_set_layout (self, paper, g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref),
                             context);
  marrow_report_get_body (self, &flow.left, &flow.top, &right, &flow.bottom);
  flow.width = right - flow.left;
  flow.pages = _marrow_report_get_pages (self);
  new_page (&flow);

  for (guint i = 0; i < blocks->len; i++)
    {
      Block *block = blocks->pdata[i];

      _marrow_report_block_clear (block);
      measure_block (block, context, flow.width);
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = blocks->pdata[i];

      switch (block->kind)
        {
        case BLOCK_PAGE_BREAK:
          if (!page_is_empty (&flow))
            new_page (&flow);
          break;

        case BLOCK_TITLE:
        case BLOCK_HEADING:
        case BLOCK_SUBHEADING:
          {
            double above = gap (&flow, block);
            double with_next = block->height;

            /* Kept with the first piece of the next block */
            if (i + 1 < blocks->len)
              {
                const Block *next = blocks->pdata[i + 1];

                if (next->kind != BLOCK_PAGE_BREAK)
                  with_next += space_above (next) + first_piece_height (next);
              }
            make_room (&flow, above, with_next);
            place (&flow, whole_box_kind (block->kind), i, 0, 0, block->height);
          }
          break;

        case BLOCK_PARAGRAPH:
        case BLOCK_NOTE:
          flow_paragraph (&flow, block, i);
          break;

        case BLOCK_KEY_VALUES:
          flow_key_values (&flow, block, i);
          break;

        case BLOCK_TABLE:
          flow_table (&flow, block, i);
          break;

        case BLOCK_FIGURE:
        case BLOCK_SIGNATURE:
        default:
          make_room (&flow, gap (&flow, block), block->height);
          place (&flow, whole_box_kind (block->kind), i, 0, 0, block->height);
          break;
        }
    }

  g_object_unref (context);

  /* A page break at the end leaves no empty page behind */
  if (flow.pages->len > 1 && page_is_empty (&flow))
    g_ptr_array_remove_index (flow.pages, flow.pages->len - 1);
  return flow.pages->len;
}
