/* marrow-number.c: numbers as text that reads back exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "marrow-number.h"

/**
 * marrow_number_to_string:
 * @value: a finite double
 *
 * The shortest text, with a '.' whatever the locale, that reads back as
 * exactly @value: full precision without noise digits (44.4, not
 * 44.399999999999999).  For files and the command line, not for people.
 *
 * Returns: (transfer full): the text
 */
char *
marrow_number_to_string (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (precision == 17 || g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}
