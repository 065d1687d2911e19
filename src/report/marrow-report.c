/* marrow-report.c: the document model of a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builders (marrow-case-report.c and the others) add blocks in reading
 * order; nothing is measured until marrow_report_paginate()
 * (marrow-report-layout.c), and nothing is drawn until
 * marrow_report_render_page() (marrow-report-render.c).  Adding a block
 * after paginating drops the layout.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "marrow-report-private.h"

struct _MarrowReport
{
  GObject       parent_instance;

  char         *title;
  char         *kind;
  char         *subject_table;
  char         *subject_id;
  char         *practice_name;
  char         *practice_address;
  char         *practice_phone;
  char         *patient_name;
  char         *patient_born;
  char         *patient_record;
  char         *header_note;
  char         *printed_when;
  char         *printed_by;

  GPtrArray    *blocks;        /* Block */
  GPtrArray    *audit_records; /* table, id, table, id … */

  /* After marrow_report_paginate() */
  gboolean      paginated;
  MarrowPaper   paper;
  GPtrArray    *pages;         /* GArray of MarrowReportBox */
  PangoContext *context;
};

G_DEFINE_FINAL_TYPE (MarrowReport, marrow_report, G_TYPE_OBJECT)

static void
block_free (Block *block)
{
  _marrow_report_block_clear (block);
  g_free (block->text);
  g_free (block->text2);
  g_strfreev (block->pairs);
  g_clear_pointer (&block->table, _marrow_report_table_free);
  if (block->draw_destroy != NULL)
    block->draw_destroy (block->draw_data);
  g_free (block);
}

static void
marrow_report_finalize (GObject *object)
{
  MarrowReport *self = MARROW_REPORT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->audit_records, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_free (self->title);
  g_free (self->kind);
  g_free (self->subject_table);
  g_free (self->subject_id);
  g_free (self->practice_name);
  g_free (self->practice_address);
  g_free (self->practice_phone);
  g_free (self->patient_name);
  g_free (self->patient_born);
  g_free (self->patient_record);
  g_free (self->header_note);
  g_free (self->printed_when);
  g_free (self->printed_by);

  G_OBJECT_CLASS (marrow_report_parent_class)->finalize (object);
}

static void
marrow_report_class_init (MarrowReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = marrow_report_finalize;
}

static void
marrow_report_init (MarrowReport *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify)block_free);
  self->audit_records = g_ptr_array_new_with_free_func (g_free);
}

/* A change to the blocks or the frame drops the pages: they are laid out again */
static void
invalidate (MarrowReport *self)
{
  self->paginated = FALSE;
  g_clear_pointer (&self->pages, g_ptr_array_unref);
}

static void
set_text (char       **field,
          const char  *value)
{
  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/**
 * marrow_report_new:
 * @title: the report's title, printed in every page's footer
 *
 * Returns: (transfer full): an empty report
 */
MarrowReport *
marrow_report_new (const char *title)
{
  MarrowReport *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (MARROW_TYPE_REPORT, NULL);
  self->title = g_strdup (title);
  return self;
}

/**
 * marrow_report_get_title:
 *
 * Returns: (transfer none): the title of the footer
 */
const char *
marrow_report_get_title (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);

  return self->title;
}

/**
 * marrow_report_set_practice:
 * @name: (nullable): the practice's name (setting site_name)
 * @address: (nullable): its address, one line
 * @phone: (nullable): its phone number
 *
 * The left side of every page's header.
 */
void
marrow_report_set_practice (MarrowReport *self,
                            const char   *name,
                            const char   *address,
                            const char   *phone)
{
  g_return_if_fail (MARROW_IS_REPORT (self));

  set_text (&self->practice_name, name);
  set_text (&self->practice_address, address);
  set_text (&self->practice_phone, phone);
  invalidate (self);
}

/**
 * marrow_report_set_patient:
 * @name: (nullable): the patient's name
 * @born: (nullable): the date of birth, formatted
 * @record_number: (nullable): the medical record number
 *
 * The right side of every page's header.  A report about no one patient
 * (the call list) sets a header note instead.
 */
void
marrow_report_set_patient (MarrowReport *self,
                           const char   *name,
                           const char   *born,
                           const char   *record_number)
{
  g_return_if_fail (MARROW_IS_REPORT (self));

  set_text (&self->patient_name, name);
  set_text (&self->patient_born, born);
  set_text (&self->patient_record, record_number);
  invalidate (self);
}

/**
 * marrow_report_set_header_note:
 * @note: (nullable): a line for the header's right side, below the patient
 *   (or in place of one)
 */
void
marrow_report_set_header_note (MarrowReport *self,
                               const char   *note)
{
  g_return_if_fail (MARROW_IS_REPORT (self));

  set_text (&self->header_note, note);
  invalidate (self);
}

/**
 * marrow_report_set_printed:
 * @when: (nullable): when the report was made, formatted
 * @by: (nullable): the staff member who made it
 *
 * The middle of every page's footer.
 */
void
marrow_report_set_printed (MarrowReport *self,
                           const char   *when,
                           const char   *by)
{
  g_return_if_fail (MARROW_IS_REPORT (self));

  set_text (&self->printed_when, when);
  set_text (&self->printed_by, by);
  invalidate (self);
}

/**
 * marrow_report_set_subject:
 * @kind: what report this is: "case", "summary", "letter", "call_list"
 * @table_name: (nullable): the table of the record it is about
 * @record_id: (nullable): that record
 *
 * What the audit log records when the report is printed or exported.
 */
void
marrow_report_set_subject (MarrowReport *self,
                           const char   *kind,
                           const char   *table_name,
                           const char   *record_id)
{
  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail ((table_name == NULL) == (record_id == NULL));

  set_text (&self->kind, kind);
  set_text (&self->subject_table, table_name);
  set_text (&self->subject_id, record_id);
}

/**
 * marrow_report_add_audit_record:
 * @table_name: a table
 * @record_id: a record of it the report shows
 *
 * For a report about many patients (the call list): each case or patient
 * it shows, named in the audit event of its printing or export.
 */
void
marrow_report_add_audit_record (MarrowReport *self,
                                const char   *table_name,
                                const char   *record_id)
{
  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (table_name != NULL);
  g_return_if_fail (record_id != NULL);

  g_ptr_array_add (self->audit_records, g_strdup (table_name));
  g_ptr_array_add (self->audit_records, g_strdup (record_id));
}

/**
 * marrow_report_get_kind:
 *
 * Returns: (transfer none) (nullable): the kind given to marrow_report_set_subject()
 */
const char *
marrow_report_get_kind (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);

  return self->kind;
}

/**
 * marrow_report_get_subject_table:
 *
 * Returns: (transfer none) (nullable): the table of the record the report is about
 */
const char *
marrow_report_get_subject_table (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);

  return self->subject_table;
}

/**
 * marrow_report_get_subject_id:
 *
 * Returns: (transfer none) (nullable): the record the report is about
 */
const char *
marrow_report_get_subject_id (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);

  return self->subject_id;
}

static Block *
add_block (MarrowReport *self,
           BlockKind     kind,
           const char   *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (self->blocks, block);
  invalidate (self);
  return block;
}

/**
 * marrow_report_add_title:
 * @title: the title on the first page, e.g. "Case report"
 * @subtitle: (nullable): a line below it
 */
void
marrow_report_add_title (MarrowReport *self,
                         const char   *title,
                         const char   *subtitle)
{
  Block *block;

  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (title != NULL);

  block = add_block (self, BLOCK_TITLE, title);
  block->text2 = subtitle != NULL && *subtitle != '\0' ? g_strdup (subtitle) : NULL;
}

/**
 * marrow_report_add_heading:
 * @text: a section heading; it is kept on the page of what follows it
 */
void
marrow_report_add_heading (MarrowReport *self,
                           const char   *text)
{
  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (text != NULL);

  add_block (self, BLOCK_HEADING, text);
}

/**
 * marrow_report_add_subheading:
 * @text: a heading within a section, kept with what follows it
 */
void
marrow_report_add_subheading (MarrowReport *self,
                              const char   *text)
{
  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (text != NULL);

  add_block (self, BLOCK_SUBHEADING, text);
}

/**
 * marrow_report_add_paragraph:
 * @text: plain text (not markup); a paragraph may continue on the next page
 */
void
marrow_report_add_paragraph (MarrowReport *self,
                             const char   *text)
{
  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (text != NULL);

  add_block (self, BLOCK_PARAGRAPH, text);
}

/**
 * marrow_report_add_note:
 * @text: plain text in small grey type, e.g. a statement's citation
 */
void
marrow_report_add_note (MarrowReport *self,
                        const char   *text)
{
  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (text != NULL);

  add_block (self, BLOCK_NOTE, text);
}

/**
 * marrow_report_add_key_values:
 * @pairs: (array zero-terminated=1): label, value, label, value …; a %NULL
 *   value is shown as "—"
 * @columns: pairs side by side in a row: 1 or 2
 *
 * A block of labelled values.  Rows are never split; a block may continue
 * on the next page between rows.
 */
void
marrow_report_add_key_values (MarrowReport       *self,
                              const char * const *pairs,
                              guint               columns)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new ();
  Block *block;
  guint n = 0;

  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (pairs != NULL);
  g_return_if_fail (columns == 1 || columns == 2);

  /* Count pairs: a NULL value ends nothing, only a NULL label does */
  while (pairs[2 * n] != NULL)
    n++;
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (copy, g_strdup (pairs[2 * i]));
      g_ptr_array_add (copy, g_strdup (pairs[2 * i + 1] != NULL && *pairs[2 * i + 1] != '\0'
                                       ? pairs[2 * i + 1] : "—"));
    }
  g_ptr_array_add (copy, NULL);
  block = add_block (self, BLOCK_KEY_VALUES, NULL);
  block->pairs = (char **)g_ptr_array_free (g_steal_pointer (&copy), FALSE);
  block->kv_columns = columns;
}

/**
 * marrow_report_add_table:
 * @columns: (array length=n_columns): the columns
 * @n_columns: how many
 *
 * Adds a table; rows are added to the returned table.  Its header row is
 * repeated at the top of every page it continues on, and no row is split
 * between pages.
 *
 * Returns: (transfer none): the table, owned by the report
 */
MarrowReportTable *
marrow_report_add_table (MarrowReport             *self,
                         const MarrowReportColumn *columns,
                         guint                     n_columns)
{
  MarrowReportTable *table;
  Block *block;

  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);
  g_return_val_if_fail (columns != NULL, NULL);
  g_return_val_if_fail (n_columns > 0, NULL);

  table = g_new0 (MarrowReportTable, 1);
  table->n_columns = n_columns;
  table->titles = g_new0 (char *, n_columns + 1);
  table->weights = g_new0 (double, n_columns);
  table->aligns = g_new0 (MarrowReportAlign, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      table->titles[c] = g_strdup (columns[c].title != NULL ? columns[c].title : "");
      table->weights[c] = columns[c].weight > 0 ? columns[c].weight : 1;
      table->aligns[c] = columns[c].align;
    }
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  block = add_block (self, BLOCK_TABLE, NULL);
  block->table = table;
  return table;
}

/**
 * marrow_report_table_add_row:
 * @table: a table of a report
 * @cells: (array): one text per column; %NULL cells stay empty
 *
 * Appends a row.  Call before paginating.
 */
void
marrow_report_table_add_row (MarrowReportTable  *table,
                             const char * const *cells)
{
  char **row;

  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);
  g_return_if_fail (table->col_w == NULL);

  row = g_new0 (char *, table->n_columns + 1);
  for (guint c = 0; c < table->n_columns; c++)
    row[c] = g_strdup (cells[c] != NULL ? cells[c] : "");
  g_ptr_array_add (table->rows, row);
}

/**
 * marrow_report_table_get_n_rows:
 *
 * Returns: the rows added so far
 */
guint
marrow_report_table_get_n_rows (MarrowReportTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->rows->len;
}

/**
 * marrow_report_add_figure:
 * @height: the figure's height in points (it spans the body's width)
 * @draw: draws it, on every render
 * @user_data: closure of @draw
 * @destroy: (nullable): frees @user_data with the report
 * @caption: (nullable): a line below the figure
 *
 * A figure is never split: one that does not fit goes whole to the next page.
 */
void
marrow_report_add_figure (MarrowReport         *self,
                          double                height,
                          MarrowReportDrawFunc  draw,
                          gpointer              user_data,
                          GDestroyNotify        destroy,
                          const char           *caption)
{
  Block *block;

  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (height > 0);
  g_return_if_fail (draw != NULL);

  block = add_block (self, BLOCK_FIGURE, caption);
  block->fig_height = height;
  block->draw = draw;
  block->draw_data = user_data;
  block->draw_destroy = destroy;
}

/**
 * marrow_report_add_signature:
 * @role: what signs, e.g. "Physician"
 * @name: (nullable): who is expected to sign
 *
 * A line to sign on, and one for the date, with @role and @name below.
 */
void
marrow_report_add_signature (MarrowReport *self,
                             const char   *role,
                             const char   *name)
{
  Block *block;

  g_return_if_fail (MARROW_IS_REPORT (self));
  g_return_if_fail (role != NULL);

  block = add_block (self, BLOCK_SIGNATURE, role);
  block->text2 = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
}

/**
 * marrow_report_add_page_break:
 *
 * What follows starts on a new page (nothing happens at the top of a page).
 */
void
marrow_report_add_page_break (MarrowReport *self)
{
  g_return_if_fail (MARROW_IS_REPORT (self));

  add_block (self, BLOCK_PAGE_BREAK, NULL);
}

/**
 * marrow_report_get_n_blocks:
 *
 * Returns: the blocks added
 */
guint
marrow_report_get_n_blocks (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), 0);

  return self->blocks->len;
}

/**
 * marrow_report_get_paper:
 *
 * Returns: the paper of the last marrow_report_paginate()
 */
MarrowPaper
marrow_report_get_paper (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), MARROW_PAPER_A4);

  return self->paper;
}

/**
 * marrow_report_get_n_pages:
 *
 * Returns: the pages of the last marrow_report_paginate(), 0 before
 */
guint
marrow_report_get_n_pages (MarrowReport *self)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), 0);

  return self->paginated ? self->pages->len : 0;
}

/**
 * marrow_report_get_page_size:
 * @width: (out) (optional): in points
 * @height: (out) (optional): in points
 */
void
marrow_report_get_page_size (MarrowReport *self,
                             double       *width,
                             double       *height)
{
  g_return_if_fail (MARROW_IS_REPORT (self));

  marrow_paper_get_size (self->paper, width, height);
}

/**
 * marrow_report_get_body:
 * @left: (out) (optional): the body's left edge, in points from the page's
 * @top: (out) (optional): its top edge
 * @right: (out) (optional): its right edge
 * @bottom: (out) (optional): its bottom edge
 *
 * The area between the header and the footer that blocks are placed in.
 */
void
marrow_report_get_body (MarrowReport *self,
                        double       *left,
                        double       *top,
                        double       *right,
                        double       *bottom)
{
  double width, height;

  g_return_if_fail (MARROW_IS_REPORT (self));

  marrow_paper_get_size (self->paper, &width, &height);
  if (left != NULL)
    *left = MARROW_REPORT_MARGIN_SIDE;
  if (right != NULL)
    *right = width - MARROW_REPORT_MARGIN_SIDE;
  if (top != NULL)
    *top = MARROW_REPORT_MARGIN_TOP + MARROW_REPORT_HEADER_HEIGHT + MARROW_REPORT_HEADER_GAP;
  if (bottom != NULL)
    *bottom = height - MARROW_REPORT_MARGIN_BOTTOM - MARROW_REPORT_FOOTER_HEIGHT -
              MARROW_REPORT_FOOTER_GAP;
}

/**
 * marrow_report_get_boxes:
 * @page: a page, from 0
 * @n_boxes: (out): how many
 *
 * What paginating placed on @page, in reading order.
 *
 * Returns: (array length=n_boxes) (transfer none): the boxes
 */
const MarrowReportBox *
marrow_report_get_boxes (MarrowReport *self,
                         guint         page,
                         guint        *n_boxes)
{
  GArray *boxes;

  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);
  g_return_val_if_fail (n_boxes != NULL, NULL);
  g_return_val_if_fail (self->paginated && page < self->pages->len, NULL);

  boxes = self->pages->pdata[page];
  *n_boxes = boxes->len;
  return (const MarrowReportBox *)(gpointer)boxes->data;
}

/**
 * marrow_report_dup_page_label:
 * @page: a page, from 0
 *
 * Returns: (transfer full): the footer's "Page X of Y" of @page
 */
char *
marrow_report_dup_page_label (MarrowReport *self,
                              guint         page)
{
  g_return_val_if_fail (MARROW_IS_REPORT (self), NULL);
  g_return_val_if_fail (self->paginated && page < self->pages->len, NULL);

  /* Translators: the footer of a printed report */
  return g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
}

GPtrArray *
_marrow_report_get_audit_records (MarrowReport *self)
{
  return self->audit_records;
}

GPtrArray *
_marrow_report_get_blocks (MarrowReport *self)
{
  return self->blocks;
}

void
_marrow_report_get_frame (MarrowReport *self,
                          ReportFrame  *frame)
{
  *frame = (ReportFrame) {
    .practice_name = self->practice_name,
    .practice_address = self->practice_address,
    .practice_phone = self->practice_phone,
    .patient_name = self->patient_name,
    .patient_born = self->patient_born,
    .patient_record = self->patient_record,
    .header_note = self->header_note,
    .title = self->title,
    .printed_when = self->printed_when,
    .printed_by = self->printed_by,
  };
}

GPtrArray *
_marrow_report_get_pages (MarrowReport *self)
{
  return self->paginated ? self->pages : NULL;
}

PangoContext *
_marrow_report_get_context (MarrowReport *self)
{
  return self->context;
}

void
_marrow_report_set_layout (MarrowReport *self,
                           MarrowPaper   paper,
                           GPtrArray    *pages,
                           PangoContext *context)
{
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->pages = pages;
  self->paper = paper;
  self->paginated = TRUE;
  g_set_object (&self->context, context);
}

/* Paper */

/**
 * marrow_paper_get_size:
 * @paper: a paper size
 * @width: (out) (optional): its width in points, portrait
 * @height: (out) (optional): its height in points
 */
void
marrow_paper_get_size (MarrowPaper  paper,
                       double      *width,
                       double      *height)
{
  double w = 210 * MARROW_REPORT_MM, h = 297 * MARROW_REPORT_MM;

  if (paper == MARROW_PAPER_LETTER)
    w = 612, h = 792;
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/**
 * marrow_paper_from_string:
 * @text: "a4" or "letter" (any case)
 * @paper: (out): the paper
 *
 * Returns: %FALSE if @text names no paper Marrow prints on
 */
gboolean
marrow_paper_from_string (const char  *text,
                          MarrowPaper *paper)
{
  g_return_val_if_fail (paper != NULL, FALSE);

  if (text != NULL && g_ascii_strcasecmp (text, "a4") == 0)
    *paper = MARROW_PAPER_A4;
  else if (text != NULL && g_ascii_strcasecmp (text, "letter") == 0)
    *paper = MARROW_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

/**
 * marrow_paper_to_string:
 *
 * Returns: (transfer none): "a4" or "letter"
 */
const char *
marrow_paper_to_string (MarrowPaper paper)
{
  return paper == MARROW_PAPER_LETTER ? "letter" : "a4";
}

/**
 * marrow_paper_for_size:
 * @width: a page's width in points
 * @height: its height in points
 *
 * Returns: US Letter for a page of about 8.5 × 11 inches, else A4
 */
MarrowPaper
marrow_paper_for_size (double width,
                       double height)
{
  if (fabs (MIN (width, height) - 612) < 6 && fabs (MAX (width, height) - 792) < 6)
    return MARROW_PAPER_LETTER;
  return MARROW_PAPER_A4;
}

/**
 * marrow_paper_get_default:
 *
 * Returns: the paper of the locale (LC_PAPER): Letter in the United
 *   States, Canada and other Letter countries, else A4
 */
MarrowPaper
marrow_paper_get_default (void)
{
#ifdef _NL_PAPER_WIDTH
  /* glibc: the paper's size in millimetres */
  int width = (int)(intptr_t)nl_langinfo (_NL_PAPER_WIDTH);
  int height = (int)(intptr_t)nl_langinfo (_NL_PAPER_HEIGHT);

  if (width == 216 && height == 279)
    return MARROW_PAPER_LETTER;
#endif
  return MARROW_PAPER_A4;
}
