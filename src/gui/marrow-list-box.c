/* marrow-list-box.c: what the pages do to their GtkListBoxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "marrow-list-box.h"

/**
 * marrow_list_box_remove_rows:
 * @list: a list box
 *
 * Removes every row of @list before it is filled again; its placeholder
 * stays (GTK 4.8 has no gtk_list_box_remove_all()).
 */
void
marrow_list_box_remove_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}
