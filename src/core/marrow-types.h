/* marrow-types.h: forward declarations shared by every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _MarrowFieldDef   MarrowFieldDef;
typedef struct _MarrowEntityDef  MarrowEntityDef;
typedef struct _MarrowRecord     MarrowRecord;
typedef struct _MarrowWarning    MarrowWarning;

G_END_DECLS
