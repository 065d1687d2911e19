/* marrow-timeline-row.h: a timeline entry as a list row, and the form it opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-form-dialog.h"
#include "marrow-store.h"
#include "marrow-timeline-entry.h"

G_BEGIN_DECLS

GtkWidget        *marrow_timeline_row_new        (MarrowTimelineEntry  *entry,
                                                  const char           *void_action);
MarrowTimelineEntry *marrow_timeline_row_get_entry (GtkWidget          *row);
gboolean          marrow_timeline_entry_can_open (MarrowTimelineEntry  *entry);
MarrowFormDialog *marrow_timeline_entry_open     (MarrowTimelineEntry  *entry,
                                                  GtkWindow            *parent,
                                                  MarrowStore          *store,
                                                  GError              **error);
void              marrow_timeline_year_header    (GtkListBoxRow        *row,
                                                  GtkListBoxRow        *before,
                                                  gpointer              user_data);

G_END_DECLS
