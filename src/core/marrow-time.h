/* marrow-time.h: the date and instant formats of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean   marrow_date_is_valid          (const char *text);
gboolean   marrow_partial_date_is_valid  (const char *text);
gboolean   marrow_instant_is_valid       (const char *text);
GDate     *marrow_date_parse             (const char *text);
GDateTime *marrow_instant_parse          (const char *text);
char      *marrow_instant_format         (GDateTime  *datetime);
char      *marrow_instant_now            (void);
char      *marrow_date_format            (GDateTime  *datetime);
int        marrow_date_compare_text      (const char *a,
                                          const char *b);
gint64     marrow_days_between           (const char *from_date,
                                          const char *to_date);
GTimeZone *marrow_time_zone_new          (const char *identifier);

G_END_DECLS
