/* marrow-transfer-dialog.h: an archive export or import, with progress and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * MarrowTransferKind:
 * @MARROW_TRANSFER_EXPORT_ARCHIVE: the database to an archive file
 * @MARROW_TRANSFER_IMPORT_ARCHIVE: an archive file into the database
 * @MARROW_TRANSFER_OPEN_DEMO: the demo practice into a new database
 */
typedef enum
{
  MARROW_TRANSFER_EXPORT_ARCHIVE,
  MARROW_TRANSFER_IMPORT_ARCHIVE,
  MARROW_TRANSFER_OPEN_DEMO,
} MarrowTransferKind;

#define MARROW_TYPE_TRANSFER_DIALOG (marrow_transfer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MarrowTransferDialog, marrow_transfer_dialog, MARROW, TRANSFER_DIALOG,
                      AdwWindow)

MarrowTransferDialog *marrow_transfer_dialog_new   (GtkWindow          *parent,
                                                    MarrowTransferKind  kind,
                                                    const char         *database,
                                                    GFile              *file);
void                  marrow_transfer_dialog_start (MarrowTransferDialog *self);

G_END_DECLS
