/* marrow-units.c: cell counts as the user prefers to read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cell counts run from thousands to billions; practices read them as
 * multiples of 10⁶ or as whole numbers (Preferences, GSettings key
 * cell-unit).  Every page and form shows them through
 * marrow_format_cells(), so the preference holds everywhere.
 */
#define G_LOG_DOMAIN "marrow-units"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "marrow-settings.h"
#include "marrow-units.h"

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

/**
 * marrow_cell_unit_get_preferred:
 *
 * Returns: the user's choice in Preferences (GSettings key cell-unit);
 *   millions when the schema is not installed
 */
MarrowCellUnit
marrow_cell_unit_get_preferred (void)
{
  g_autoptr(GSettings) settings = marrow_settings_new ();

  if (settings != NULL && g_settings_get_enum (settings, "cell-unit") == MARROW_CELL_UNIT_COUNT)
    return MARROW_CELL_UNIT_COUNT;
  return MARROW_CELL_UNIT_MILLIONS;
}

/**
 * marrow_parse_number:
 * @text: a number as the user typed it
 * @value: (out): the number
 *
 * Reads a decimal number written with the locale's decimal separator or a
 * point, as forms and questionnaire items accept it.
 *
 * Returns: %TRUE if all of @text is one finite number
 */
gboolean
marrow_parse_number (const char *text,
                     double     *value)
{
  const char *point = localeconv ()->decimal_point;
  g_autoptr(GString) c_text = NULL;
  char *end = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  c_text = g_string_new (text);
  if (point != NULL && strcmp (point, ".") != 0 && *point != '\0')
    g_string_replace (c_text, point, ".", 0);
  *value = g_ascii_strtod (c_text->str, &end);
  return end != c_text->str && *end == '\0' && isfinite (*value);
}
