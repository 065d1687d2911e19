/* marrow-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calendar dates are "YYYY-MM-DD"; instants are UTC "YYYY-MM-DDTHH:MM:SS.sssZ"
 * (domain model 2.3).  Both sort correctly as text, which the store relies
 * on, so every parser here is strict about the exact shape.
 */
#define G_LOG_DOMAIN "marrow-time"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "marrow-time.h"

static gboolean
digits (const char *p,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static gboolean
parse_ymd (const char *text,
           int        *y,
           int        *m,
           int        *d)
{
  if (strlen (text) < 10 || !digits (text, 4) || text[4] != '-' ||
      !digits (text + 5, 2) || text[7] != '-' || !digits (text + 8, 2))
    return FALSE;

  *y = atoi (text);
  *m = atoi (text + 5);
  *d = atoi (text + 8);

  return *y >= 1 && *y <= 9999 && g_date_valid_dmy (*d, *m, *y);
}

/**
 * marrow_date_is_valid:
 *
 * Returns: %TRUE for an existing calendar date written as YYYY-MM-DD
 */
gboolean
marrow_date_is_valid (const char *text)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  return parse_ymd (text, &y, &m, &d);
}

/**
 * marrow_partial_date_is_valid:
 *
 * Returns: %TRUE for YYYY, YYYY-MM or a full valid date
 */
gboolean
marrow_partial_date_is_valid (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len == 4)
    return digits (text, 4) && atoi (text) >= 1;
  if (len == 7)
    return digits (text, 4) && text[4] == '-' && digits (text + 5, 2) &&
           atoi (text + 5) >= 1 && atoi (text + 5) <= 12 && atoi (text) >= 1;
  return marrow_date_is_valid (text);
}

/**
 * marrow_instant_is_valid:
 *
 * Returns: %TRUE for a UTC instant YYYY-MM-DDTHH:MM:SS.sssZ
 */
gboolean
marrow_instant_is_valid (const char *text)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 24)
    return FALSE;
  if (!parse_ymd (text, &y, &m, &d))
    return FALSE;
  if (text[10] != 'T' || !digits (text + 11, 2) || text[13] != ':' ||
      !digits (text + 14, 2) || text[16] != ':' || !digits (text + 17, 2) ||
      text[19] != '.' || !digits (text + 20, 3) || text[23] != 'Z')
    return FALSE;

  return atoi (text + 11) < 24 && atoi (text + 14) < 60 && atoi (text + 17) < 60;
}

/**
 * marrow_date_parse:
 *
 * Returns: (transfer full) (nullable): the date, or %NULL if @text is not a valid date
 */
GDate *
marrow_date_parse (const char *text)
{
  int y, m, d;

  if (!marrow_date_is_valid (text) || !parse_ymd (text, &y, &m, &d))
    return NULL;
  return g_date_new_dmy (d, m, y);
}

/**
 * marrow_instant_parse:
 *
 * Returns: (transfer full) (nullable): a UTC #GDateTime, or %NULL
 */
GDateTime *
marrow_instant_parse (const char *text)
{
  if (!marrow_instant_is_valid (text))
    return NULL;
  return g_date_time_new_utc (atoi (text), atoi (text + 5), atoi (text + 8),
                              atoi (text + 11), atoi (text + 14),
                              atoi (text + 17) + atoi (text + 20) / 1000.0);
}

/**
 * marrow_instant_format:
 *
 * Returns: (transfer full): @datetime in UTC as YYYY-MM-DDTHH:MM:SS.sssZ
 */
char *
marrow_instant_format (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (datetime != NULL, NULL);

  utc = g_date_time_to_utc (datetime);
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (utc) / 1000);
}

/**
 * marrow_instant_now:
 *
 * Returns: (transfer full): the current instant
 */
char *
marrow_instant_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return marrow_instant_format (now);
}

/**
 * marrow_date_format:
 *
 * Returns: (transfer full): the local calendar date of @datetime as YYYY-MM-DD
 */
char *
marrow_date_format (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  return g_date_time_format (datetime, "%Y-%m-%d");
}

/**
 * marrow_date_compare_text:
 *
 * Compares two dates or instants in the store formats.  Because the formats
 * are fixed-width and zero-padded, text order is time order for values of
 * the same kind; a date compared with an instant compares the date part.
 */
int
marrow_date_compare_text (const char *a,
                          const char *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (strlen (a) == 10 || strlen (b) == 10)
    return strncmp (a, b, 10);
  return strcmp (a, b);
}

/**
 * marrow_days_between:
 * @from_date: a date or instant
 * @to_date: a date or instant
 *
 * Returns: the whole calendar days from @from_date to @to_date (negative
 *   when @to_date is earlier), comparing the date parts only; G_MININT64 if
 *   either is invalid
 */
gint64
marrow_days_between (const char *from_date,
                     const char *to_date)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GDate) da = NULL;
  g_autoptr(GDate) db = NULL;

  if (from_date == NULL || to_date == NULL || strlen (from_date) < 10 || strlen (to_date) < 10)
    return G_MININT64;

  a = g_strndup (from_date, 10);
  b = g_strndup (to_date, 10);
  da = marrow_date_parse (a);
  db = marrow_date_parse (b);
  if (da == NULL || db == NULL)
    return G_MININT64;
  return g_date_days_between (da, db);
}

/**
 * marrow_time_zone_new:
 * @identifier: an IANA time zone name ("Europe/Berlin")
 *
 * Like g_time_zone_new_identifier(), but each zone is read from the system
 * once per process: GLib reads and parses the zone file on every call
 * (about 0.2 ms), and validating a processing run, checking an injection or
 * exporting CSV asks for the same few zones again and again.  Zones are
 * immutable, so one shared copy serves every thread.
 *
 * Returns: (transfer full) (nullable): the zone, %NULL if unknown
 */
GTimeZone *
marrow_time_zone_new (const char *identifier)
{
  static GMutex mutex;
  static GHashTable *zones;   /* identifier -> GTimeZone */
  GTimeZone *zone;

  g_return_val_if_fail (identifier != NULL, NULL);

  g_mutex_lock (&mutex);
  if (zones == NULL)
    zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)g_time_zone_unref);
  zone = g_hash_table_lookup (zones, identifier);
  if (zone == NULL && (zone = g_time_zone_new_identifier (identifier)) != NULL)
    g_hash_table_insert (zones, g_strdup (identifier), zone);
  if (zone != NULL)
    g_time_zone_ref (zone);
  g_mutex_unlock (&mutex);
  return zone;
}
