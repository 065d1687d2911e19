/* marrow-day.c: calendar days as numbers, for the guidance rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules count days (84 days, 180 days …); schedules add calendar months.
 * A MarrowDay is a GDate Julian day number, so both are exact and cheap.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "marrow-day.h"
#include "marrow-time.h"

/**
 * marrow_day_from_ymd:
 *
 * Returns: the day, or 0 if the date does not exist
 */
MarrowDay
marrow_day_from_ymd (int year,
                     int month,
                     int day)
{
  GDate date;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy (day, month, year))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/**
 * marrow_day_parse:
 * @text: a date "YYYY-MM-DD"
 *
 * Returns: the day, or 0 if @text is not such a date
 */
MarrowDay
marrow_day_parse (const char *text)
{
  int year, month, day;
  char end;

  g_return_val_if_fail (text != NULL, 0);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3)
    return 0;
  return marrow_day_from_ymd (year, month, day);
}

/**
 * marrow_day_format:
 *
 * Returns: (transfer full): "YYYY-MM-DD"
 */
char *
marrow_day_format (MarrowDay day)
{
  GDate date;

  g_return_val_if_fail (day > 0, NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* @months forward (> 0) or back (< 0); 0 before the first representable
 * day */
static MarrowDay
shift_months (MarrowDay day,
              int       months)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  if (months >= 0)
    g_date_add_months (&date, months);
  else if (g_date_get_year (&date) <= (guint)-months / 12 + 1)
    return 0;
  else
    g_date_subtract_months (&date, -months);
  return g_date_get_julian (&date);
}

/**
 * marrow_day_add_months:
 *
 * Calendar months, clamped to the end of a shorter month (domain model
 * section 4.11): 31 January plus one month is 28 or 29 February.
 */
MarrowDay
marrow_day_add_months (MarrowDay day,
                       guint     months)
{
  g_return_val_if_fail (day > 0, 0);
  g_return_val_if_fail (months <= G_MAXINT, 0);

  return shift_months (day, (int)months);
}

/**
 * marrow_day_subtract_months:
 *
 * Calendar months back, clamped like marrow_day_add_months(); 0 before the
 * first representable day.
 */
MarrowDay
marrow_day_subtract_months (MarrowDay day,
                            guint     months)
{
  g_return_val_if_fail (day > 0, 0);
  g_return_val_if_fail (months <= G_MAXINT, 0);

  return shift_months (day, -(int)months);
}

/**
 * marrow_instant_local_day:
 * @instant: (nullable): a stored instant (UTC)
 *
 * Returns: the calendar day of @instant on this workstation's clock, or 0
 *   when @instant is %NULL or not an instant
 */
MarrowDay
marrow_instant_local_day (const char *instant)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (instant == NULL || (utc = marrow_instant_parse (instant)) == NULL)
    return 0;
  local = g_date_time_to_local (utc);
  return marrow_day_from_ymd (g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local));
}

/**
 * marrow_instant_day_in_zone:
 * @instant: (nullable): a stored instant (UTC)
 * @zone: (nullable): an IANA time zone, such as a record's own time zone;
 *   %NULL or one this system does not know means UTC
 *
 * Returns: the calendar day of @instant in @zone, or 0 when @instant is
 *   %NULL or not an instant
 */
MarrowDay
marrow_instant_day_in_zone (const char *instant,
                            const char *zone)
{
  g_autoptr(GDateTime) utc = instant != NULL ? marrow_instant_parse (instant) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if (utc == NULL)
    return 0;
  if (zone != NULL && (tz = marrow_time_zone_new (zone)) != NULL)
    local = g_date_time_to_timezone (utc, tz);
  if (local == NULL)
    local = g_date_time_ref (utc);
  return marrow_day_from_ymd (g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local));
}
