/* marrow-cell-format.c: cell counts as people read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cell counts run from thousands to billions; practices read them as
 * multiples of 10⁶ or as whole numbers (Preferences, GSettings key
 * cell-unit).  Every page, form and printed report shows them through
 * marrow_format_cells(), so the choice holds everywhere; it is in the core
 * because marrow-cli prints reports without GTK.
 */
#define G_LOG_DOMAIN "marrow-cell-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "marrow-cell-format.h"

/* "12.50" → "12.5", "10.0" → "10": the decimal separator is the locale's */
static void
strip_trailing_zeros (char *text)
{
  const char *point = localeconv ()->decimal_point;
  char *separator = strstr (text, point != NULL && *point != '\0' ? point : ".");
  char *end;

  if (separator == NULL)
    return;
  end = text + strlen (text);
  while (end > separator + 1 && end[-1] == '0')
    *--end = '\0';
  if (end == separator + strlen (point != NULL && *point != '\0' ? point : "."))
    *separator = '\0';
}

/**
 * marrow_format_cells:
 * @cells: a number of cells (a count, or cells per kg)
 * @unit: how to show it
 *
 * Formats @cells for a label in the user's locale, without a noun so that
 * the caller can write "cells" or "cells/kg" beside it.  In millions the
 * number keeps three significant digits ("12.5 × 10⁶", "0.185 × 10⁶",
 * "150 × 10⁶"); as a count it is rounded to a whole number, grouped as the
 * locale groups thousands.  A value that is not a number gives "—".
 *
 * Returns: (transfer full): the text
 */
char *
marrow_format_cells (double         cells,
                     MarrowCellUnit unit)
{
  g_autofree char *number = NULL;
  double millions;
  int decimals;

  g_return_val_if_fail (unit == MARROW_CELL_UNIT_MILLIONS || unit == MARROW_CELL_UNIT_COUNT, NULL);

  if (!isfinite (cells))
    return g_strdup ("—");

  if (unit == MARROW_CELL_UNIT_COUNT)
    return g_strdup_printf ("%'.0f", round (cells));

  millions = cells / 1e6;
  decimals = millions == 0 ? 0 : CLAMP (2 - (int)floor (log10 (fabs (millions))), 0, 6);
  number = g_strdup_printf ("%.*f", decimals, millions);
  strip_trailing_zeros (number);
  /* Translators: a number of cells in millions, "12.5 × 10⁶" */
  return g_strdup_printf (_("%s × 10⁶"), number);
}
