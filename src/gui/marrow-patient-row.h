/* marrow-patient-row.h: rows of the patient list, and how a patient reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "marrow-patient-name.h"
#include "marrow-record.h"

G_BEGIN_DECLS

GtkListItemFactory *marrow_patient_row_factory_new   (void);
char               *marrow_patient_format_date       (const char   *date);
gboolean            marrow_patient_row_same_patient  (gconstpointer a,
                                                      gconstpointer b);

G_END_DECLS
