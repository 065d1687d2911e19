/* marrow-day.h: calendar days as numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MarrowDay:
 *
 * A calendar day as a GDate Julian day number (1 = 1 January of year 1); 0
 * means "no day".  Day counts of the rules are differences of these.
 */
typedef guint32 MarrowDay;

MarrowDay marrow_day_from_ymd    (int         year,
                                  int         month,
                                  int         day);
MarrowDay marrow_day_parse       (const char *text);
char     *marrow_day_format      (MarrowDay   day);
MarrowDay marrow_day_add_months  (MarrowDay   day,
                                  guint       months);
MarrowDay marrow_day_subtract_months (MarrowDay day,
                                      guint     months);
MarrowDay marrow_instant_local_day   (const char *instant);
MarrowDay marrow_instant_day_in_zone (const char *instant,
                                      const char *zone);

G_END_DECLS
