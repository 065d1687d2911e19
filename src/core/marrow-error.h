/* marrow-error.h: the validation error domain of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MARROW_VALIDATION_ERROR (marrow_validation_error_quark ())

/**
 * MarrowValidationError:
 * @MARROW_VALIDATION_ERROR_REQUIRED: a required field is empty
 * @MARROW_VALIDATION_ERROR_RANGE: a number is outside its hard limits
 * @MARROW_VALIDATION_ERROR_ENUM: a coded field holds an unknown code
 * @MARROW_VALIDATION_ERROR_FORMAT: a date, instant, UUID or identifier is malformed
 * @MARROW_VALIDATION_ERROR_FUTURE: a date or instant lies in the future
 * @MARROW_VALIDATION_ERROR_RULE: a rule across several fields is broken
 * @MARROW_VALIDATION_ERROR_CHECK_CHARACTER: a chain-of-identity ID has a wrong check character
 * @MARROW_VALIDATION_ERROR_NOT_RELEASED: a product is not released for use
 * @MARROW_VALIDATION_ERROR_EXPIRED: a product is past its expiry at the injection time
 * @MARROW_VALIDATION_ERROR_WRONG_PATIENT: an autologous product belongs to another patient
 * @MARROW_VALIDATION_ERROR_NO_WEIGHT: no weight is recorded where a dose per kg is required
 * @MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE: the joint case does not accept new treatment
 * @MARROW_VALIDATION_ERROR_TRANSITION: a state change that the state machine forbids
 * @MARROW_VALIDATION_ERROR_VOLUME: more volume is drawn than a product holds
 *
 * Hard-limit failures.  Each error carries the name of the field it is about
 * (see marrow_validation_error_get_field()) so that a form can put the
 * message next to that field.
 */
typedef enum
{
  MARROW_VALIDATION_ERROR_REQUIRED,
  MARROW_VALIDATION_ERROR_RANGE,
  MARROW_VALIDATION_ERROR_ENUM,
  MARROW_VALIDATION_ERROR_FORMAT,
  MARROW_VALIDATION_ERROR_FUTURE,
  MARROW_VALIDATION_ERROR_RULE,
  MARROW_VALIDATION_ERROR_CHECK_CHARACTER,
  MARROW_VALIDATION_ERROR_NOT_RELEASED,
  MARROW_VALIDATION_ERROR_EXPIRED,
  MARROW_VALIDATION_ERROR_WRONG_PATIENT,
  MARROW_VALIDATION_ERROR_NO_WEIGHT,
  MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE,
  MARROW_VALIDATION_ERROR_TRANSITION,
  MARROW_VALIDATION_ERROR_VOLUME,
} MarrowValidationError;

/*
 * MARROW_DEFINE_SUBJECT_ERROR:
 *
 * Defines an extended error domain (GLib 2.68) whose errors carry one string,
 * their subject (the field of a validation error, the item of an answer
 * error), so the UI never has to parse a message.  Besides the domain it
 * defines two static helpers: error_name##_set_subject (error, code,
 * subject, message) and error_name##_get_subject (error).
 */
#define MARROW_DEFINE_SUBJECT_ERROR(ErrorType, error_name)                           \
  typedef struct { char *subject; } ErrorType##Private;                              \
  static void                                                                        \
  error_name##_private_init (ErrorType##Private *priv)                               \
  {                                                                                  \
    if (priv != NULL)                                                                \
      priv->subject = NULL;                                                          \
  }                                                                                  \
  static void                                                                        \
  error_name##_private_copy (const ErrorType##Private *src,                          \
                             ErrorType##Private       *dest)                         \
  {                                                                                  \
    if (src != NULL && dest != NULL)                                                 \
      dest->subject = g_strdup (src->subject);                                       \
  }                                                                                  \
  static void                                                                        \
  error_name##_private_clear (ErrorType##Private *priv)                              \
  {                                                                                  \
    if (priv != NULL)                                                                \
      g_clear_pointer (&priv->subject, g_free);                                      \
  }                                                                                  \
  G_DEFINE_EXTENDED_ERROR (ErrorType, error_name)                                    \
  static void                                                                        \
  error_name##_set_subject (GError     **error,                                      \
                            int          code,                                       \
                            const char  *subject,                                    \
                            const char  *message)                                    \
  {                                                                                  \
    GError *e;                                                                       \
    ErrorType##Private *priv;                                                        \
                                                                                     \
    if (error == NULL)                                                               \
      return;                                                                        \
    e = g_error_new_literal (error_name##_quark (), code, message);                  \
    priv = error_name##_get_private (e);                                             \
    if (priv != NULL)                                                                \
      priv->subject = g_strdup (subject);                                            \
    g_propagate_error (error, e);                                                    \
  }                                                                                  \
  static const char *                                                                \
  error_name##_get_subject (const GError *error)                                     \
  {                                                                                  \
    ErrorType##Private *priv;                                                        \
                                                                                     \
    if (error->domain != error_name##_quark ())                                      \
      return NULL;                                                                   \
    priv = error_name##_get_private (error);                                         \
    return priv != NULL ? priv->subject : NULL;                                      \
  }

GQuark      marrow_validation_error_quark     (void);
void        marrow_validation_error_set       (GError     **error,
                                               MarrowValidationError code,
                                               const char  *field,
                                               const char  *format,
                                               ...) G_GNUC_PRINTF (4, 5);
const char *marrow_validation_error_get_field (const GError *error);

G_END_DECLS
