/* marrow-local-zone.h: the workstation's IANA time zone name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *marrow_local_zone_name (void);

G_END_DECLS
