/* marrow-units.h: cell counts as the user prefers to read them; numbers as typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-cell-format.h"

G_BEGIN_DECLS

MarrowCellUnit  marrow_cell_unit_get_preferred (void);
gboolean        marrow_parse_number            (const char    *text,
                                                double        *value);

G_END_DECLS
