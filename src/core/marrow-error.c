/* marrow-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-error"

#include "config.h"

#include "marrow-error.h"

/* A validation error carries the field it is about */
MARROW_DEFINE_SUBJECT_ERROR (MarrowValidationError, marrow_validation_error)

/**
 * marrow_validation_error_set:
 * @error: return location for a #GError
 * @code: the failed rule
 * @field: (nullable): the field the error is about
 * @format: printf-style message, already translated
 *
 * Sets @error in %MARROW_VALIDATION_ERROR and remembers @field.
 */
void
marrow_validation_error_set (GError                **error,
                             MarrowValidationError   code,
                             const char             *field,
                             const char             *format,
                             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  marrow_validation_error_set_subject (error, code, field, message);
}

/**
 * marrow_validation_error_get_field:
 * @error: a #GError
 *
 * Returns: (nullable): the field a %MARROW_VALIDATION_ERROR is about, or %NULL
 */
const char *
marrow_validation_error_get_field (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return marrow_validation_error_get_subject (error);
}
