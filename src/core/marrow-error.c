/* marrow-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-error"

#include "config.h"

#include "marrow-error.h"

/* An extended error domain (GLib 2.68) lets a validation error carry the
 * field it is about, so the UI never has to parse the message. */
typedef struct
{
  char *field;
} MarrowValidationErrorPrivate;

static void
marrow_validation_error_private_init (MarrowValidationErrorPrivate *priv)
{
  if (priv != NULL)
    priv->field = NULL;
}

static void
marrow_validation_error_private_copy (const MarrowValidationErrorPrivate *src,
                                      MarrowValidationErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->field = g_strdup (src->field);
}

static void
marrow_validation_error_private_clear (MarrowValidationErrorPrivate *priv)
{
  if (priv != NULL)
    g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (MarrowValidationError, marrow_validation_error)

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
  MarrowValidationErrorPrivate *priv;
  GError *e;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  e = g_error_new_literal (MARROW_VALIDATION_ERROR, code, message);
  priv = marrow_validation_error_get_private (e);
  if (priv != NULL)
    priv->field = g_strdup (field);
  g_propagate_error (error, e);
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
  MarrowValidationErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = marrow_validation_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}
