/* marrow-dashboard-row.c: a list row with a title and a subtitle that is cheap to lay out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of the case dashboard's lists (guidance summary and statements,
 * treatment chain, follow-up schedule) look like AdwActionRow: prefixes, a
 * title with a dimmed subtitle below it, suffixes, in a "box.header" that
 * libadwaita's style sheet spaces.  AdwActionRow lays its header out with a
 * GtkBox, which asks the wrapping title and subtitle for their width at the
 * row's height on every allocation, a binary search over widths of 15 to
 * 20 Pango layouts per label in GTK 4.8; this row lays its header out with
 * MarrowRowLayout, which asks only for heights at a width (see
 * marrow-row-layout.c, and docs/dashboard.md, "Speed").
 *
 * Built in code, not from a template: a dashboard has dozens of these rows
 * and parsing a template for each costs more than the row.  The row's
 * accessible name is its title and its description the subtitle, as for
 * AdwActionRow; callers may set a fuller accessible label.
 */
#define G_LOG_DOMAIN "marrow-dashboard-row"

#include "config.h"

#include "marrow-dashboard-box.h"
#include "marrow-dashboard-row.h"
#include "marrow-row-layout.h"

struct _MarrowDashboardRow
{
  GtkListBoxRow parent_instance;

  GtkWidget    *header;
  GtkWidget    *title_box;
  GtkLabel     *title;
  GtkLabel     *subtitle;
};

G_DEFINE_FINAL_TYPE (MarrowDashboardRow, marrow_dashboard_row, GTK_TYPE_LIST_BOX_ROW)

/* The narrowest a title or subtitle gets, in average characters.  Without
 * it GTK measures a wrapping label's minimum width by laying it out at
 * width 0, one character per line, and Pango 1.50 shapes the rest of the
 * text again at every line break: a few hundred shapings of a statement.
 * At 20 characters it is a dozen lines, and no column of the dashboard is
 * that narrow (the guidance gets 380 px) */
#define MIN_CHARS 20

static GtkLabel *
new_label (const char *css_class)
{
  return g_object_new (GTK_TYPE_LABEL,
                       "wrap", TRUE,
                       "wrap-mode", PANGO_WRAP_WORD_CHAR,
                       "width-chars", MIN_CHARS,
                       "xalign", 0.0f,
                       "css-classes", (const char *[]) { css_class, NULL },
                       NULL);
}

static void
set_lines (GtkLabel *label,
           int       lines)
{
  gtk_label_set_lines (label, lines > 0 ? lines : -1);
  gtk_label_set_ellipsize (label, lines > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
}

static void
marrow_dashboard_row_class_init (MarrowDashboardRowClass *klass)
{
}

static void
marrow_dashboard_row_init (MarrowDashboardRow *self)
{
  /* "row > box.header" and "row > box.header > box.title" in libadwaita's
   * style sheet give the margins and the minimum height of AdwActionRow */
  self->header = g_object_new (MARROW_TYPE_DASHBOARD_BOX,
                               "css-name", "box",
                               "css-classes", (const char *[]) { "header", NULL },
                               NULL);
  gtk_widget_set_layout_manager (self->header, marrow_row_layout_new ());
  /* Not valign "center" as in AdwActionRow: the row layout centres it (see
   * marrow-row-layout.c for why) */
  self->title_box = g_object_new (GTK_TYPE_BOX,
                                  "orientation", GTK_ORIENTATION_VERTICAL,
                                  "hexpand", TRUE,
                                  "css-classes", (const char *[]) { "title", NULL },
                                  NULL);
  self->title = new_label ("title");
  self->subtitle = new_label ("subtitle");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);
  gtk_box_append (GTK_BOX (self->title_box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (self->title_box), GTK_WIDGET (self->subtitle));
  gtk_widget_set_parent (self->title_box, self->header);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), self->header);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, NULL,
                                  -1);
}

/**
 * marrow_dashboard_row_new:
 * @title: the title, plain text
 * @subtitle: (nullable): the subtitle below it, plain text
 *
 * A row whose title and subtitle wrap onto as many lines as they need;
 * see marrow_dashboard_row_set_title_lines().  Not activatable unless set
 * so with gtk_list_box_row_set_activatable().
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
marrow_dashboard_row_new (const char *title,
                          const char *subtitle)
{
  MarrowDashboardRow *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (MARROW_TYPE_DASHBOARD_ROW, NULL);
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), subtitle != NULL && *subtitle != '\0');
  return GTK_WIDGET (self);
}

const char *
marrow_dashboard_row_get_title (MarrowDashboardRow *self)
{
  g_return_val_if_fail (MARROW_IS_DASHBOARD_ROW (self), NULL);

  return gtk_label_get_text (self->title);
}

/**
 * marrow_dashboard_row_get_subtitle:
 *
 * Returns: the subtitle, "" for none
 */
const char *
marrow_dashboard_row_get_subtitle (MarrowDashboardRow *self)
{
  g_return_val_if_fail (MARROW_IS_DASHBOARD_ROW (self), NULL);

  return gtk_label_get_text (self->subtitle);
}

/**
 * marrow_dashboard_row_set_title_lines:
 * @lines: the most lines of the title, ellipsized after them; 0 for all
 */
void
marrow_dashboard_row_set_title_lines (MarrowDashboardRow *self,
                                      int                 lines)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_ROW (self));
  g_return_if_fail (lines >= 0);

  set_lines (self->title, lines);
}

/**
 * marrow_dashboard_row_set_subtitle_lines:
 * @lines: the most lines of the subtitle, ellipsized after them; 0 for all
 */
void
marrow_dashboard_row_set_subtitle_lines (MarrowDashboardRow *self,
                                         int                 lines)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_ROW (self));
  g_return_if_fail (lines >= 0);

  set_lines (self->subtitle, lines);
}

/**
 * marrow_dashboard_row_add_prefix:
 * @widget: a widget before the title
 */
void
marrow_dashboard_row_add_prefix (MarrowDashboardRow *self,
                                 GtkWidget          *widget)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (gtk_widget_get_parent (widget) == NULL);

  /* "row > box.header > .prefixes" keeps it apart from the title as
   * AdwActionRow's prefixes are */
  gtk_widget_add_css_class (widget, "prefixes");
  gtk_widget_insert_before (widget, self->header, self->title_box);
}

/**
 * marrow_dashboard_row_add_suffix:
 * @widget: a widget after the title (and after the suffixes added before)
 */
void
marrow_dashboard_row_add_suffix (MarrowDashboardRow *self,
                                 GtkWidget          *widget)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (gtk_widget_get_parent (widget) == NULL);

  gtk_widget_insert_before (widget, self->header, NULL);
}

/**
 * marrow_dashboard_row_set_accessible_label:
 * @label: what a screen reader reads for the whole row
 *
 * Names the row by @label instead of its title.  GTK 4.8 reads an
 * accessible label and then the labels of the labelled-by relation, so the
 * relation to the title goes: the row is read once.  The subtitle stays its
 * description.
 */
void
marrow_dashboard_row_set_accessible_label (MarrowDashboardRow *self,
                                           const char         *label)
{
  g_return_if_fail (MARROW_IS_DASHBOARD_ROW (self));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}
