/* marrow-fhir-export.c: HL7 FHIR R4 (4.0.1) XML export of a database, a patient or a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One Bundle of type "collection" (interop.md §3), UTF-8, no DOCTYPE, no
 * schema hints, in the namespace http://hl7.org/fhir, streamed with
 * libxml2's xmlTextWriter straight into the caller's GOutputStream.  What
 * goes in is decided in marrow-fhir-plan.c, how each resource looks in
 * marrow-fhir-resources.c.
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-entities.h"
#include "marrow-fhir-export.h"
#include "marrow-fhir-private.h"
#include "marrow-time.h"

static void
export_clear (MarrowFhirExport *ex)
{
  marrow_fhir_writer_clear (&ex->writer);
  g_clear_pointer (&ex->scope_patient_id, g_free);
  g_clear_pointer (&ex->patient_in_bundle, g_hash_table_unref);
  g_clear_pointer (&ex->written_lots, g_hash_table_unref);
  g_clear_pointer (&ex->now, g_free);
}

/* A case brings its patient (marrow_exchange_resolve_scope()); drafts are
 * refused: a Bundle of a draft would hold nothing */
static gboolean
resolve_scope (MarrowFhirExport           *ex,
               const MarrowExchangeScope  *scope,
               MarrowRecord              **patient,
               MarrowRecord              **jcase,
               GError                    **error)
{
  if (!marrow_exchange_resolve_scope (ex->store, scope, FALSE, patient, jcase, error))
    return FALSE;
  if (*patient != NULL)
    ex->scope_patient_id = g_strdup (marrow_record_get_id (*patient));
  return TRUE;
}

/* <Bundle xmlns="http://hl7.org/fhir"> with a new identity each export */
static void
begin_bundle (MarrowFhirExport *ex)
{
  MarrowFhirWriter *w = &ex->writer;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *urn = g_strconcat ("urn:uuid:", uuid, NULL);

  marrow_fhir_start (w, "Bundle");
  marrow_fhir_attribute (w, "xmlns", MARROW_FHIR_NS);
  marrow_fhir_uri (w, "id", uuid);
  marrow_fhir_start (w, "identifier");
  marrow_fhir_uri (w, "system", "urn:ietf:rfc:3986");
  marrow_fhir_uri (w, "value", urn);
  marrow_fhir_end (w);
  marrow_fhir_code (w, "type", "collection");
  marrow_fhir_date_time (w, "timestamp", ex->now);
}

static gboolean
export_patient (MarrowFhirExport  *ex,
                MarrowRecord      *patient,
                MarrowRecord      *jcase,
                GError           **error)
{
  g_autoptr(MarrowFhirPlan) plan = marrow_fhir_plan_new ();

  if (g_cancellable_set_error_if_cancelled (ex->cancellable, error) ||
      !marrow_fhir_plan_gather (ex, plan, patient, jcase, error))
    return FALSE;
  if (ex->scope_patient_id != NULL)
    ex->total = marrow_fhir_plan_size (plan);
  return marrow_fhir_write_plan (ex, plan, error);
}

/* Progress over the whole database: the records of the exported kinds that
 * are not entered in error.  Drafts are counted but skipped, so the last
 * report is (done, done). */
static gboolean
count_total (MarrowFhirExport  *ex,
             GError           **error)
{
  const MarrowEntityDef *entities[] = {
    &marrow_entity_patient, &marrow_entity_joint_case, &marrow_entity_harvest,
    &marrow_entity_product_lot, &marrow_entity_injection, &marrow_entity_assessment,
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      gint64 n = 0;

      if (!marrow_store_count (ex->store, entities[i], FALSE, &n, error))
        return FALSE;
      ex->total += (guint64)MAX (n, 0);
    }
  return TRUE;
}

/* Lots no exported patient gave or received (an allogeneic lot in stock) */
static gboolean
export_remaining_lots (MarrowFhirExport  *ex,
                       GError           **error)
{
  g_autoptr(GListModel) lots = NULL;

  lots = marrow_store_list (ex->store, &marrow_entity_product_lot, NULL, error);
  if (lots == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (lots); i++)
    {
      g_autoptr(MarrowRecord) lot = g_list_model_get_item (lots, i);
      g_autoptr(MarrowFhirPlan) plan = NULL;

      if (lot == NULL)
        break;
      if (!marrow_exchange_is_exported (lot) ||
          g_hash_table_contains (ex->written_lots, marrow_record_get_id (lot)))
        continue;
      plan = marrow_fhir_plan_new ();
      if (!marrow_fhir_plan_add_lot (ex, plan, lot, error) ||
          !marrow_fhir_write_plan (ex, plan, error))
        return FALSE;
    }
  return TRUE;
}

/* Patient by patient through the lazy list model, so that memory stays
 * bounded by the largest patient, not the database */
static gboolean
export_all (MarrowFhirExport  *ex,
            GError           **error)
{
  g_autoptr(GListModel) patients = NULL;

  if (!count_total (ex, error))
    return FALSE;
  patients = marrow_store_list (ex->store, &marrow_entity_patient, NULL, error);
  if (patients == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(MarrowRecord) patient = g_list_model_get_item (patients, i);

      if (patient == NULL)
        break;
      if (marrow_exchange_is_exported (patient) && !export_patient (ex, patient, NULL, error))
        return FALSE;
    }
  return export_remaining_lots (ex, error);
}

/**
 * marrow_fhir_export:
 * @store: a #MarrowStore
 * @scope: (nullable): what to export; %NULL or both ids %NULL for the whole
 *   database
 * @out: where the XML goes; it is flushed but not closed
 * @progress: (nullable) (scope call): called every 100 records and once at
 *   the end with done == total
 * @progress_data: closure for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes an HL7 FHIR R4 Bundle of type "collection" (interop.md §3) that
 * validates against the official R4 XSD: a Patient per patient, a
 * BodyStructure and a Condition per joint case, a Procedure per harvest and
 * per injection, a BiologicallyDerivedProduct per product lot, a
 * QuestionnaireResponse per assessment and an Observation per score.
 * Records entered in error and drafts are left out.
 *
 * A patient scope holds the patient, every case, harvest, injection and
 * assessment of the patient, the lots made from their tissue and the lots
 * they received.  A case scope holds the case and its patient, the case's
 * injections and assessments, the lots given and the patient's harvests
 * they were made from.
 *
 * On failure @out holds a partial document: write to a temporary file
 * (g_file_replace()) and drop it.  Exports leave the system, so the caller
 * records an "export" event in the audit log (marrow_store_log_event()).
 *
 * Returns: %TRUE on success; %FALSE with @error set, in
 *   %MARROW_EXCHANGE_ERROR (%MARROW_EXCHANGE_ERROR_NOT_FOUND when the patient
 *   or case of @scope does not exist, was entered in error or is a draft),
 *   %G_IO_ERROR (%G_IO_ERROR_CANCELLED, or a failure of @out), or the domain
 *   of the store or instrument failure met
 */
gboolean
marrow_fhir_export (MarrowStore                *store,
                    const MarrowExchangeScope  *scope,
                    GOutputStream              *out,
                    MarrowExchangeProgress      progress,
                    gpointer                    progress_data,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  MarrowFhirExport ex = { 0 };
  g_autoptr(MarrowRecord) patient = NULL;
  g_autoptr(MarrowRecord) jcase = NULL;
  gboolean ok;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ex.store = store;
  ex.cancellable = cancellable;
  ex.progress = progress;
  ex.progress_data = progress_data;
  ex.patient_in_bundle = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ex.written_lots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ex.now = marrow_instant_now ();

  ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       resolve_scope (&ex, scope, &patient, &jcase, error) &&
       marrow_fhir_writer_init (&ex.writer, out, cancellable, error);
  if (ok)
    {
      begin_bundle (&ex);
      ok = (patient != NULL ? export_patient (&ex, patient, jcase, error)
                            : export_all (&ex, error)) &&
           marrow_fhir_writer_finish (&ex.writer, error);
    }
  if (ok && progress != NULL)
    progress (ex.done, ex.done, progress_data);

  export_clear (&ex);
  return ok;
}
