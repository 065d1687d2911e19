/* marrow-local-zone.c: the workstation's IANA time zone name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records with times typed in the workstation's local time (harvest,
 * processing run, injection) keep the zone in their tz field, so that
 * reports show the time the staff saw and day counts use that calendar.
 */
#define G_LOG_DOMAIN "marrow-local-zone"

#include "config.h"

#include <string.h>

#include "marrow-local-zone.h"

/**
 * marrow_local_zone_name:
 *
 * Returns: (transfer full) (nullable): the workstation's IANA zone name,
 *   or %NULL when it has none (a bare /etc/localtime gives a path, which no
 *   report could use)
 */
char *
marrow_local_zone_name (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  const char *name = g_time_zone_get_identifier (zone);

  if (name == NULL || name[0] == '/' || name[0] == ':' || strchr (name, ' ') != NULL)
    return NULL;
  return g_strdup (name);
}
