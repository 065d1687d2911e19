/* marrow-units.c: cell counts as the user prefers to read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cell counts run from thousands to billions; practices read them as
 * multiples of 10⁶ or as whole numbers (Preferences, GSettings key
 * cell-unit).  marrow_format_cells() (src/core/marrow-cell-format.c)
 * writes them; this file reads the user's choice.
 */
#define G_LOG_DOMAIN "marrow-units"

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "marrow-settings.h"
#include "marrow-units.h"

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
