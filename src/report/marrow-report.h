/* marrow-report.h: a paginated report of flowing blocks, drawn with cairo and Pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A MarrowReport is a list of blocks (headings, paragraphs, key-value
 * blocks, tables, figures, a signature line, page breaks) plus what every
 * page repeats: a header with the practice and the patient, a footer with
 * the report's title, when and by whom it was printed and "Page X of Y".
 * marrow_report_paginate() measures the blocks with Pango and places them
 * on pages; marrow_report_render_page() draws one page on any cairo_t in
 * points, so the PDF writer, the print dialog's preview and the printer
 * draw the same thing.  No GTK: marrow-cli writes PDFs without a display.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MarrowPaper:
 * @MARROW_PAPER_A4: ISO A4, 210 × 297 mm (595.28 × 841.89 pt)
 * @MARROW_PAPER_LETTER: US Letter, 8.5 × 11 in (612 × 792 pt)
 *
 * Paper sizes, portrait.
 */
typedef enum
{
  MARROW_PAPER_A4,
  MARROW_PAPER_LETTER,
} MarrowPaper;

/**
 * MarrowReportAlign:
 * @MARROW_REPORT_ALIGN_START: text starts at the cell's start
 * @MARROW_REPORT_ALIGN_END: numbers: aligned at the cell's end
 * @MARROW_REPORT_ALIGN_CENTER: centred
 */
typedef enum
{
  MARROW_REPORT_ALIGN_START,
  MARROW_REPORT_ALIGN_END,
  MARROW_REPORT_ALIGN_CENTER,
} MarrowReportAlign;

/**
 * MarrowReportColumn:
 * @title: the column's heading, repeated on every page the table spans
 * @weight: its share of the table's width (relative to the other columns)
 * @align: how its cells are aligned
 */
typedef struct
{
  const char        *title;
  double             weight;
  MarrowReportAlign  align;
} MarrowReportColumn;

/**
 * MarrowReportBoxKind:
 * @MARROW_REPORT_BOX_TITLE: the report's title
 * @MARROW_REPORT_BOX_HEADING: a section heading
 * @MARROW_REPORT_BOX_PARAGRAPH: lines of a paragraph (a paragraph may be split
 *   between pages at a line)
 * @MARROW_REPORT_BOX_KEY_VALUE_ROW: one row of a key-value block
 * @MARROW_REPORT_BOX_TABLE_HEADER: a table's header row (on every page it spans)
 * @MARROW_REPORT_BOX_TABLE_ROW: one table row (never split)
 * @MARROW_REPORT_BOX_FIGURE: a figure with its caption (never split)
 * @MARROW_REPORT_BOX_SIGNATURE: a signature line
 */
typedef enum
{
  MARROW_REPORT_BOX_TITLE,
  MARROW_REPORT_BOX_HEADING,
  MARROW_REPORT_BOX_PARAGRAPH,
  MARROW_REPORT_BOX_KEY_VALUE_ROW,
  MARROW_REPORT_BOX_TABLE_HEADER,
  MARROW_REPORT_BOX_TABLE_ROW,
  MARROW_REPORT_BOX_FIGURE,
  MARROW_REPORT_BOX_SIGNATURE,
} MarrowReportBoxKind;

/**
 * MarrowReportBox:
 * @kind: what is placed
 * @block: the index of its block in the report
 * @index: the table row, the key-value row or the paragraph's first line;
 *   -1 for a table's header row
 * @n_lines: paragraphs: how many of its lines are on this page
 * @x: left edge, in points from the page's left edge
 * @y: top edge, in points from the page's top edge
 * @width: width in points
 * @height: height in points
 *
 * Where paginating put one piece of a block.
 */
typedef struct
{
  MarrowReportBoxKind kind;
  guint               block;
  int                 index;
  guint               n_lines;
  double              x;
  double              y;
  double              width;
  double              height;
} MarrowReportBox;

/**
 * MarrowReportDrawFunc:
 * @cr: a cairo context whose origin is the figure's top left corner, in points
 * @width: the figure's width in points
 * @height: the figure's height in points
 * @user_data: closure
 *
 * Draws a figure (as vectors: on a PDF surface it stays vector graphics).
 */
typedef void (*MarrowReportDrawFunc) (cairo_t  *cr,
                                      double    width,
                                      double    height,
                                      gpointer  user_data);

typedef struct _MarrowReportTable MarrowReportTable;

#define MARROW_TYPE_REPORT (marrow_report_get_type ())

G_DECLARE_FINAL_TYPE (MarrowReport, marrow_report, MARROW, REPORT, GObject)

MarrowReport       *marrow_report_new                (const char                *title);
const char         *marrow_report_get_title          (MarrowReport              *self);
void                marrow_report_set_practice       (MarrowReport              *self,
                                                      const char                *name,
                                                      const char                *address,
                                                      const char                *phone);
void                marrow_report_set_patient        (MarrowReport              *self,
                                                      const char                *name,
                                                      const char                *born,
                                                      const char                *record_number);
void                marrow_report_set_header_note    (MarrowReport              *self,
                                                      const char                *note);
void                marrow_report_set_printed        (MarrowReport              *self,
                                                      const char                *when,
                                                      const char                *by);
void                marrow_report_set_subject        (MarrowReport              *self,
                                                      const char                *kind,
                                                      const char                *table_name,
                                                      const char                *record_id);
void                marrow_report_add_audit_record   (MarrowReport              *self,
                                                      const char                *table_name,
                                                      const char                *record_id);
const char         *marrow_report_get_kind           (MarrowReport              *self);
const char         *marrow_report_get_subject_table  (MarrowReport              *self);
const char         *marrow_report_get_subject_id     (MarrowReport              *self);

void                marrow_report_add_title          (MarrowReport              *self,
                                                      const char                *title,
                                                      const char                *subtitle);
void                marrow_report_add_heading        (MarrowReport              *self,
                                                      const char                *text);
void                marrow_report_add_subheading     (MarrowReport              *self,
                                                      const char                *text);
void                marrow_report_add_paragraph      (MarrowReport              *self,
                                                      const char                *text);
void                marrow_report_add_note           (MarrowReport              *self,
                                                      const char                *text);
void                marrow_report_add_key_values     (MarrowReport              *self,
                                                      const char * const        *pairs,
                                                      guint                      columns);
MarrowReportTable  *marrow_report_add_table          (MarrowReport              *self,
                                                      const MarrowReportColumn  *columns,
                                                      guint                      n_columns);
void                marrow_report_table_add_row      (MarrowReportTable         *table,
                                                      const char * const        *cells);
guint               marrow_report_table_get_n_rows   (MarrowReportTable         *table);
void                marrow_report_add_figure         (MarrowReport              *self,
                                                      double                     height,
                                                      MarrowReportDrawFunc       draw,
                                                      gpointer                   user_data,
                                                      GDestroyNotify             destroy,
                                                      const char                *caption);
void                marrow_report_add_signature      (MarrowReport              *self,
                                                      const char                *role,
                                                      const char                *name);
void                marrow_report_add_page_break     (MarrowReport              *self);
guint               marrow_report_get_n_blocks       (MarrowReport              *self);

guint               marrow_report_paginate           (MarrowReport              *self,
                                                      MarrowPaper                paper);
MarrowPaper         marrow_report_get_paper          (MarrowReport              *self);
guint               marrow_report_get_n_pages        (MarrowReport              *self);
void                marrow_report_get_page_size      (MarrowReport              *self,
                                                      double                    *width,
                                                      double                    *height);
void                marrow_report_get_body           (MarrowReport              *self,
                                                      double                    *left,
                                                      double                    *top,
                                                      double                    *right,
                                                      double                    *bottom);
const MarrowReportBox *marrow_report_get_boxes       (MarrowReport              *self,
                                                      guint                      page,
                                                      guint                     *n_boxes);
char               *marrow_report_dup_page_label     (MarrowReport              *self,
                                                      guint                      page);
void                marrow_report_render_page        (MarrowReport              *self,
                                                      cairo_t                   *cr,
                                                      guint                      page);
gboolean            marrow_report_write_pdf          (MarrowReport              *self,
                                                      GOutputStream             *out,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);

void                marrow_paper_get_size            (MarrowPaper                paper,
                                                      double                    *width,
                                                      double                    *height);
gboolean            marrow_paper_from_string         (const char                *text,
                                                      MarrowPaper               *paper);
const char         *marrow_paper_to_string           (MarrowPaper                paper);
MarrowPaper         marrow_paper_for_size            (double                     width,
                                                      double                     height);
MarrowPaper         marrow_paper_get_default         (void);

G_END_DECLS
