/* marrow-exchange.c: what every import and export shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-entities.h"
#include "marrow-canonical-json.h"
#include "marrow-exchange.h"

G_DEFINE_QUARK (marrow-exchange-error-quark, marrow_exchange_error)

/**
 * marrow_exchange_create_output:
 * @file: where an export goes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens @file for an export.  An existing file is replaced only when the
 * stream is closed after a complete export (see
 * marrow_exchange_abandon_output()); the new file is readable by its owner
 * only, since exports hold patient data.
 *
 * Returns: (transfer full): the stream, or %NULL
 */
GOutputStream *
marrow_exchange_create_output (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  GOutputStream *out;
  gboolean existed;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* GIO writes a new file in place and only an existing one through a
   * temporary copy: remember which, so an abandoned export can be removed */
  existed = g_file_query_exists (file, cancellable);
  out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                         G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                         cancellable, error));
  if (out != NULL && !existed)
    g_object_set_data_full (G_OBJECT (out), "marrow-new-file", g_object_ref (file),
                            g_object_unref);
  return out;
}

/**
 * marrow_exchange_finish_output:
 * @out: a stream from marrow_exchange_create_output() holding a whole export
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Closes @out, which puts the file in place.  If that fails (or is
 * cancelled) the export is abandoned as by marrow_exchange_abandon_output():
 * a cancelled export never leaves a new file behind.
 *
 * Returns: %TRUE if the file is in place
 */
gboolean
marrow_exchange_finish_output (GOutputStream  *out,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (g_output_stream_close (out, cancellable, error))
    return TRUE;
  marrow_exchange_abandon_output (out);
  return FALSE;
}

/**
 * marrow_exchange_abandon_output:
 * @out: a stream from marrow_exchange_create_output()
 *
 * Drops an export that failed: an earlier file stays as it was (closing
 * with a cancelled cancellable drops GIO's temporary copy), and a file
 * that did not exist before is removed.
 */
void
marrow_exchange_abandon_output (GOutputStream *out)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  GFile *new_file;

  g_return_if_fail (G_IS_OUTPUT_STREAM (out));

  g_cancellable_cancel (cancelled);
  g_output_stream_close (out, cancelled, NULL);

  new_file = g_object_get_data (G_OBJECT (out), "marrow-new-file");
  if (new_file != NULL)
    g_file_delete (new_file, NULL, NULL);
}

/**
 * marrow_exchange_is_exported:
 * @record: a record
 *
 * Exports for other systems (FHIR, CSV) leave out drafts and records
 * entered in error (domain-model.md 2.6); the archive keeps everything.
 *
 * Returns: %TRUE for final, signed and amended records
 */
gboolean
marrow_exchange_is_exported (MarrowRecord *record)
{
  const char *status;

  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);

  status = marrow_record_get_record_status (record);
  return g_strcmp0 (status, MARROW_STATUS_DRAFT) != 0 &&
         g_strcmp0 (status, MARROW_STATUS_ENTERED_IN_ERROR) != 0;
}

/**
 * marrow_exchange_log_export:
 * @store: the database exported from
 * @format: "archive", "fhir" or "csv"
 * @scope: (nullable): the patient or case exported, %NULL for everything
 * @destination: the file's name, as the user gave it
 * @pseudonymised: identifiers were replaced by pseudonyms
 * @error: return location for a #GError
 *
 * Records an export in the audit log: patient data left the database.
 * Callers log before they complete the file, so an export that cannot be
 * logged is not written.
 *
 * Returns: %TRUE if the event was logged
 */
gboolean
marrow_exchange_log_export (MarrowStore                *store,
                            const char                 *format,
                            const MarrowExchangeScope  *scope,
                            const char                 *destination,
                            gboolean                    pseudonymised,
                            GError                    **error)
{
  g_autoptr(GString) detail = g_string_new ("{\"format\":");
  const char *table = NULL;
  const char *id = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (scope != NULL && scope->case_id != NULL)
    table = "joint_case", id = scope->case_id;
  else if (scope != NULL && scope->patient_id != NULL)
    table = "patient", id = scope->patient_id;

  marrow_json_append_string (detail, format);
  g_string_append (detail, ",\"destination\":");
  marrow_json_append_string (detail, destination);
  g_string_append_printf (detail, ",\"pseudonymised\":%s}", pseudonymised ? "true" : "false");
  return marrow_store_log_event (store, "export", table, id, detail->str, error);
}

/* Why the patient or case a scope names cannot be exported */
static void
set_scope_error (gboolean       is_case,
                 MarrowRecord  *record,
                 const char    *id,
                 GError       **error)
{
  int code = MARROW_EXCHANGE_ERROR_NOT_FOUND;

  if (record == NULL && is_case)
    g_set_error (error, MARROW_EXCHANGE_ERROR, code, _("Joint case %s does not exist"), id);
  else if (record == NULL)
    g_set_error (error, MARROW_EXCHANGE_ERROR, code, _("Patient %s does not exist"), id);
  else if (marrow_record_is_voided (record) && is_case)
    g_set_error (error, MARROW_EXCHANGE_ERROR, code,
                 _("Joint case %s was entered in error and is not exported"), id);
  else if (marrow_record_is_voided (record))
    g_set_error (error, MARROW_EXCHANGE_ERROR, code,
                 _("Patient %s was entered in error and is not exported"), id);
  else if (is_case)
    g_set_error (error, MARROW_EXCHANGE_ERROR, code,
                 _("Joint case %s is a draft; drafts are not exported"), id);
  else
    g_set_error (error, MARROW_EXCHANGE_ERROR, code,
                 _("Patient %s is a draft; drafts are not exported"), id);
}

static MarrowRecord *
lookup_scope_record (MarrowStore  *store,
                     gboolean      is_case,
                     const char   *id,
                     gboolean      allow_drafts,
                     GError      **error)
{
  const MarrowEntityDef *entity = is_case ? &marrow_entity_joint_case : &marrow_entity_patient;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MarrowRecord) record = NULL;

  record = marrow_store_lookup (store, entity, id, &local_error);
  if (record == NULL &&
      !g_error_matches (local_error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (record != NULL &&
      (marrow_exchange_is_exported (record) ||
       (allow_drafts && !marrow_record_is_voided (record))))
    return g_steal_pointer (&record);
  set_scope_error (is_case, record, id, error);
  return NULL;
}

/**
 * marrow_exchange_resolve_scope:
 * @store: the database
 * @scope: (nullable): what to export
 * @allow_drafts: a draft patient or case may be named (its export is then
 *   empty) rather than refused
 * @patient: (out) (transfer full) (nullable): the patient to export, or
 *   %NULL for the whole database
 * @jcase: (out) (transfer full) (nullable): the one case to export, or %NULL
 *   for all of the patient's
 * @error: return location for a #GError
 *
 * A case brings its patient; with both ids set, the case must be one of
 * that patient's.  Unknown or voided records are
 * %MARROW_EXCHANGE_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE if the scope names something to export
 */
gboolean
marrow_exchange_resolve_scope (MarrowStore                *store,
                               const MarrowExchangeScope  *scope,
                               gboolean                    allow_drafts,
                               MarrowRecord              **patient,
                               MarrowRecord              **jcase,
                               GError                    **error)
{
  g_autoptr(MarrowRecord) found_case = NULL;
  const char *patient_id;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient != NULL && jcase != NULL, FALSE);

  *patient = NULL;
  *jcase = NULL;
  patient_id = scope != NULL ? scope->patient_id : NULL;

  if (scope != NULL && scope->case_id != NULL)
    {
      const char *case_patient;

      found_case = lookup_scope_record (store, TRUE, scope->case_id, allow_drafts, error);
      if (found_case == NULL)
        return FALSE;
      case_patient = marrow_record_get_text (found_case, "patient_id");
      if (case_patient == NULL)
        {
          g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_NOT_FOUND,
                       _("Joint case %s has no patient"), scope->case_id);
          return FALSE;
        }
      if (patient_id != NULL && g_strcmp0 (patient_id, case_patient) != 0)
        {
          g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_NOT_FOUND,
                       _("Joint case %s is not a case of patient %s"), scope->case_id,
                       patient_id);
          return FALSE;
        }
      patient_id = case_patient;
    }
  if (patient_id == NULL)
    return TRUE;

  *patient = lookup_scope_record (store, FALSE, patient_id, allow_drafts, error);
  if (*patient == NULL)
    return FALSE;
  *jcase = g_steal_pointer (&found_case);
  return TRUE;
}
