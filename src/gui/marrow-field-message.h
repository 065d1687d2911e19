/* marrow-field-message.h: a message row below a field of a preferences list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *marrow_field_message_new  (void);
void       marrow_field_message_show (GtkWidget  *message_row,
                                      GtkWidget  *field_row,
                                      const char *message);

G_END_DECLS
