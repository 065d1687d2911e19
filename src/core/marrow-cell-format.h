/* marrow-cell-format.h: cell counts as people read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MarrowCellUnit:
 * @MARROW_CELL_UNIT_MILLIONS: multiples of 10⁶ ("12.5 × 10⁶")
 * @MARROW_CELL_UNIT_COUNT: the whole number of cells ("12500000")
 *
 * The values of the GSettings key `cell-unit`.
 */
typedef enum
{
  MARROW_CELL_UNIT_MILLIONS,
  MARROW_CELL_UNIT_COUNT,
} MarrowCellUnit;

char *marrow_format_cells (double         cells,
                           MarrowCellUnit unit);

G_END_DECLS
