/* marrow-staff-chooser.h: "Who is working?" at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_STAFF_CHOOSER (marrow_staff_chooser_get_type ())

G_DECLARE_FINAL_TYPE (MarrowStaffChooser, marrow_staff_chooser, MARROW, STAFF_CHOOSER, AdwWindow)

MarrowStaffChooser *marrow_staff_chooser_new        (GtkWindow           *parent,
                                                     MarrowStore         *store,
                                                     GError             **error);
GtkListBox         *marrow_staff_chooser_get_list   (MarrowStaffChooser  *self);

G_END_DECLS
