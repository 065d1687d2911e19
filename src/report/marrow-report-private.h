/* marrow-report-private.h: the blocks of a report and their measured layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "marrow-report.h"

G_BEGIN_DECLS

/* Points per millimetre */
#define MARROW_REPORT_MM (72.0 / 25.4)

/* The page: margins left and right, the header band from the top margin,
 * the footer above the bottom margin (docs/report.md, "Page") */
#define MARROW_REPORT_MARGIN_SIDE    (18 * MARROW_REPORT_MM)
#define MARROW_REPORT_MARGIN_TOP     (12 * MARROW_REPORT_MM)
#define MARROW_REPORT_MARGIN_BOTTOM  (12 * MARROW_REPORT_MM)
#define MARROW_REPORT_HEADER_HEIGHT  46.0
#define MARROW_REPORT_HEADER_GAP     14.0
#define MARROW_REPORT_FOOTER_HEIGHT  22.0
#define MARROW_REPORT_FOOTER_GAP     10.0

/* Type: one family, sizes in points (the Pango context runs at 72 dpi, so
 * a point of type is a point of the page on every surface) */
#define MARROW_REPORT_FONT           "Sans"
#define MARROW_REPORT_SIZE_BODY      9.0
#define MARROW_REPORT_SIZE_SMALL     7.5
#define MARROW_REPORT_SIZE_TABLE     8.0
#define MARROW_REPORT_SIZE_TITLE     16.0
#define MARROW_REPORT_SIZE_HEADING   12.0
#define MARROW_REPORT_SIZE_SUBHEAD   10.0

#define MARROW_REPORT_CELL_PAD_X     3.0
#define MARROW_REPORT_CELL_PAD_Y     2.5

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_PARAGRAPH,
  BLOCK_NOTE,
  BLOCK_KEY_VALUES,
  BLOCK_TABLE,
  BLOCK_FIGURE,
  BLOCK_SIGNATURE,
  BLOCK_PAGE_BREAK,
} BlockKind;

struct _MarrowReportTable
{
  guint               n_columns;
  char              **titles;
  double             *weights;
  MarrowReportAlign  *aligns;
  GPtrArray          *rows;          /* char ** of n_columns cells */

  /* measured */
  double             *col_x;         /* from the body's left edge */
  double             *col_w;
  PangoLayout       **header;        /* n_columns */
  GPtrArray          *row_layouts;   /* PangoLayout ** of n_columns, freed with the table */
  double              header_h;
  GArray             *row_h;         /* double */
};

typedef struct
{
  BlockKind             kind;
  char                 *text;        /* title, heading, paragraph, note; the figure's caption;
                                      * the signature's role */
  char                 *text2;       /* title: subtitle; signature: name */

  /* key values: label, value, label, value … */
  char                **pairs;
  guint                 kv_columns;  /* pairs per row: 1 or 2 */

  MarrowReportTable    *table;

  double                fig_height;
  MarrowReportDrawFunc  draw;
  gpointer              draw_data;
  GDestroyNotify        draw_destroy;

  /* measured */
  PangoLayout          *layout;      /* text, or the caption */
  PangoLayout          *layout2;     /* subtitle, signature name */
  GArray               *line_top;    /* paragraphs: double per line, from the layout's top */
  GArray               *line_bottom;
  PangoLayout         **kv_layouts;  /* 2 per pair */
  GArray               *kv_row_h;    /* double per row */
  double                height;      /* atomic blocks: their whole height */
} Block;

typedef struct
{
  const char *practice_name;
  const char *practice_address;
  const char *practice_phone;
  const char *patient_name;
  const char *patient_born;
  const char *patient_record;
  const char *header_note;
  const char *title;
  const char *printed_when;
  const char *printed_by;
} ReportFrame;

/* Key-value blocks: the width of one label-value column and of its label */
#define MARROW_REPORT_KV_GUTTER      14.0
#define MARROW_REPORT_KV_LABEL_GAP   6.0

static inline void
_marrow_report_kv_geometry (guint   per_row,
                            double  width,
                            double *column,
                            double *label_w)
{
  *column = (width - MARROW_REPORT_KV_GUTTER * (per_row - 1)) / per_row;
  *label_w = *column * (per_row == 1 ? 0.30 : 0.42);
}

/* marrow-report.c */
GPtrArray    *_marrow_report_get_blocks      (MarrowReport      *self);
GPtrArray    *_marrow_report_get_audit_records (MarrowReport    *self);
void          _marrow_report_get_frame       (MarrowReport      *self,
                                              ReportFrame       *frame);
GPtrArray    *_marrow_report_get_pages       (MarrowReport      *self);
void          _marrow_report_set_layout      (MarrowReport      *self,
                                              MarrowPaper        paper,
                                              GPtrArray         *pages,
                                              PangoContext      *context);
PangoContext *_marrow_report_get_context     (MarrowReport      *self);

/* marrow-report-layout.c */
PangoContext *_marrow_report_context_new     (void);
PangoLayout  *_marrow_report_text_layout     (PangoContext      *context,
                                              const char        *text,
                                              double             size,
                                              PangoWeight        weight,
                                              PangoStyle         style,
                                              double             width,
                                              PangoAlignment     align);
double        _marrow_report_layout_height   (PangoLayout       *layout);
void          _marrow_report_block_clear     (Block             *block);
void          _marrow_report_table_free      (MarrowReportTable *table);

G_END_DECLS
