/* marrow-date-entry.h: a date (or date and time) typed in the locale's format or picked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "marrow-day.h"

G_BEGIN_DECLS

#define MARROW_TYPE_DATE_ENTRY (marrow_date_entry_get_type ())

G_DECLARE_FINAL_TYPE (MarrowDateEntry, marrow_date_entry, MARROW, DATE_ENTRY, GtkWidget)

GtkWidget  *marrow_date_entry_new               (void);

const char *marrow_date_entry_get_value         (MarrowDateEntry *self);
void        marrow_date_entry_set_value         (MarrowDateEntry *self,
                                                 const char      *value);
gboolean    marrow_date_entry_get_valid         (MarrowDateEntry *self);
const char *marrow_date_entry_get_error         (MarrowDateEntry *self);
gboolean    marrow_date_entry_get_with_time     (MarrowDateEntry *self);
void        marrow_date_entry_set_with_time     (MarrowDateEntry *self,
                                                 gboolean         with_time);
gboolean    marrow_date_entry_get_allow_partial (MarrowDateEntry *self);
void        marrow_date_entry_set_allow_partial (MarrowDateEntry *self,
                                                 gboolean         allow_partial);
void        marrow_date_entry_set_label         (MarrowDateEntry *self,
                                                 const char      *label);
GtkEditable *marrow_date_entry_get_date_editable (MarrowDateEntry *self);
GtkEditable *marrow_date_entry_get_time_editable (MarrowDateEntry *self);

gboolean    marrow_date_entry_parse_date        (const char      *text,
                                                 gboolean         allow_partial,
                                                 char           **iso);
gboolean    marrow_date_entry_parse_time        (const char      *text,
                                                 int             *hour,
                                                 int             *minute);
char       *marrow_date_entry_format_date       (const char      *iso);
char       *marrow_date_entry_format_day        (MarrowDay        day);

G_END_DECLS
