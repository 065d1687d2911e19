/* marrow-exchange.h: what every import and export shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_EXCHANGE_ERROR (marrow_exchange_error_quark ())

/**
 * MarrowExchangeError:
 * @MARROW_EXCHANGE_ERROR_FAILED: an export or import could not be done
 * @MARROW_EXCHANGE_ERROR_NOT_FOUND: the patient or case to export does not exist
 * @MARROW_EXCHANGE_ERROR_INVALID: an imported file breaks the format (the
 *   message starts with "FILE:LINE: ")
 * @MARROW_EXCHANGE_ERROR_CONFLICT: an imported record exists with other content
 *
 * Cancellation is G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  MARROW_EXCHANGE_ERROR_FAILED,
  MARROW_EXCHANGE_ERROR_NOT_FOUND,
  MARROW_EXCHANGE_ERROR_INVALID,
  MARROW_EXCHANGE_ERROR_CONFLICT,
} MarrowExchangeError;

/**
 * MarrowExchangeScope:
 * @patient_id: (nullable): export only this patient (UUID)
 * @case_id: (nullable): export only this joint case (UUID) and its patient
 * @with_audit: archive of the whole database only: also its audit logs
 *
 * Both ids %NULL: the whole database.
 */
typedef struct
{
  const char *patient_id;
  const char *case_id;
  gboolean    with_audit;
} MarrowExchangeScope;

/**
 * MarrowExchangeProgress:
 * @done: units of work done (records)
 * @total: units expected, or 0 when unknown
 * @user_data: closure
 *
 * Called from the thread doing the work, now and then (not per record).
 */
typedef void (*MarrowExchangeProgress) (guint64  done,
                                        guint64  total,
                                        gpointer user_data);

GQuark         marrow_exchange_error_quark    (void);
GOutputStream *marrow_exchange_create_output  (GFile         *file,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean       marrow_exchange_finish_output  (GOutputStream *out,
                                               GCancellable  *cancellable,
                                               GError       **error);
void           marrow_exchange_abandon_output (GOutputStream *out);
gboolean       marrow_exchange_is_exported    (MarrowRecord  *record);
gboolean       marrow_exchange_log_export     (MarrowStore                *store,
                                               const char                 *format,
                                               const MarrowExchangeScope  *scope,
                                               const char                 *destination,
                                               gboolean                    pseudonymised,
                                               GError                    **error);
gboolean       marrow_exchange_resolve_scope  (MarrowStore                *store,
                                               const MarrowExchangeScope  *scope,
                                               gboolean                    allow_drafts,
                                               MarrowRecord              **patient,
                                               MarrowRecord              **jcase,
                                               GError                    **error);

G_END_DECLS
