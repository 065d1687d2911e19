/* marrow-field-message.c: a message row below a field of a preferences list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same look and accessibility as the record forms' messages
 * (docs/forms.md): a row of class form-message below the field with an
 * error label, the error class on the field's row, and the field marked
 * invalid with an error-message relation to the label.
 */
#define G_LOG_DOMAIN "marrow-field-message"

#include "config.h"

#include "marrow-field-message.h"

/**
 * marrow_field_message_new:
 *
 * Returns: (transfer floating): a hidden message row to add below a field
 */
GtkWidget *
marrow_field_message_new (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "form-message");
  gtk_widget_set_visible (row, FALSE);
  return row;
}

/**
 * marrow_field_message_show:
 * @message_row: a row made by marrow_field_message_new() (or of that shape)
 * @field_row: the field's row
 * @message: (nullable): the message, or %NULL to hide it
 */
void
marrow_field_message_show (GtkWidget  *message_row,
                           GtkWidget  *field_row,
                           const char *message)
{
  GtkWidget *label;

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (message_row));
  g_return_if_fail (GTK_IS_WIDGET (field_row));

  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message_row));
  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (message_row, message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (field_row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field_row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (field_row),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, label, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field_row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field_row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (field_row),
                                     GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
    }
}
