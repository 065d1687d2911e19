/* marrow-form-dialog.h: the modal window that edits one record in its form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-form.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_FORM_DIALOG (marrow_form_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MarrowFormDialog, marrow_form_dialog, MARROW, FORM_DIALOG, AdwWindow)

MarrowFormDialog *marrow_form_dialog_new      (GtkWindow        *parent,
                                               MarrowStore      *store,
                                               MarrowRecord     *record,
                                               gboolean          is_new);
MarrowFormDialog *marrow_form_dialog_new_for_patient (GtkWindow    *parent,
                                                     MarrowStore  *store,
                                                     MarrowRecord *record,
                                                     gboolean      is_new,
                                                     const char   *patient_id);
MarrowForm       *marrow_form_dialog_get_form (MarrowFormDialog *self);
gboolean          marrow_form_dialog_has_form (const char       *entity_name);

G_END_DECLS
