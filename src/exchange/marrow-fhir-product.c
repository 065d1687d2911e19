/* marrow-fhir-product.c: a product lot as an R4 BiologicallyDerivedProduct
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The R4 resource is early-stage (its example is a placeholder; R5
 * redesigned it), so the mapping keeps to elements R4 has
 * (interop.md §3):
 *
 * - identifier: the lot's chain-of-identity ID;
 * - productCategory: cells, except micro-fragmented fat (tissue) and PRP or
 *   platelet lysate (fluid); productCode: Marrow's category as a local code
 *   (ISBT 128 is licensed and has no public code for BMAC, interop §4.3);
 * - status: available when released and not expired at export time;
 * - quantity: the number of aliquots;
 * - collection: the source patient, when in the Bundle, and the start of the
 *   first harvest it was made from;
 * - processing: the processing run; storage: how and at what temperature.
 *
 * The harvests the lot was made from are linked by the local extension
 * urn:marrow:fhir:extension:harvest-procedure (see marrow-fhir-resources.c).
 * The expiry, release basis and regulatory pathway have no R4 element and
 * are not exported.
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include <string.h>

#include "marrow-fhir-private.h"

/* Available: released and not expired at the time of the export */
static const char *
lot_status (MarrowFhirExport *ex,
            MarrowRecord     *lot)
{
  const char *expires = marrow_record_get_text (lot, "expires_at");

  if (g_strcmp0 (marrow_record_get_text (lot, "release_status"), "released") == 0 &&
      expires != NULL && strcmp (expires, ex->now) > 0)
    return "available";
  return "unavailable";
}

/* collection: the source patient (when in the Bundle) and when the first
 * harvest it was made from began */
static void
lot_collection (MarrowFhirExport *ex,
                MarrowFhirPlan   *plan,
                MarrowRecord     *lot)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *source = marrow_record_get_text (lot, "source_patient_id");
  GPtrArray *harvests = marrow_fhir_plan_links (plan->lot_harvests, marrow_record_get_id (lot));
  MarrowRecord *first = NULL;
  gboolean with_source = marrow_fhir_patient_in_bundle (ex, source);

  for (guint i = 0; harvests != NULL && i < harvests->len; i++)
    {
      MarrowRecord *harvest = marrow_fhir_plan_get (plan, harvests->pdata[i]);

      /* instants of one format compare as text */
      if (first == NULL || g_strcmp0 (marrow_record_get_text (harvest, "started_at"),
                                      marrow_record_get_text (first, "started_at")) < 0)
        first = harvest;
    }
  if (!with_source && first == NULL)
    return;

  marrow_fhir_start (w, "collection");
  if (with_source)
    marrow_fhir_ref (ex, "source", "patient", source);
  if (first != NULL)
    marrow_fhir_date_time (w, "collectedDateTime", marrow_record_get_text (first, "started_at"));
  marrow_fhir_end (w);
}

static void
lot_processing (MarrowFhirExport *ex,
                MarrowFhirPlan   *plan,
                MarrowRecord     *lot)
{
  MarrowFhirWriter *w = &ex->writer;
  MarrowRecord *run = marrow_fhir_plan_get (plan, marrow_record_get_text (lot,
                                                                          "processing_run_id"));
  const char *method;
  g_autoptr(GString) description = NULL;
  const char *parts[3];

  if (run == NULL || !marrow_exchange_is_exported (run))
    return;
  method = marrow_record_get_text (run, "method");

  /* "Density-gradient centrifugation, Sample BMAC system, S-60" */
  parts[0] = marrow_fhir_processing_display (method);
  parts[1] = marrow_record_get_text (run, "device_name");
  parts[2] = marrow_record_get_text (run, "device_model");
  description = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (description, "%s%s", description->len > 0 ? ", " : "", parts[i]);

  marrow_fhir_start (w, "processing");
  marrow_fhir_string (w, "description", description->str);
  marrow_fhir_codeable (w, "procedure", MARROW_FHIR_SYSTEM_PROCESSING, method,
                        marrow_fhir_processing_display (method));
  marrow_fhir_start (w, "timePeriod");
  marrow_fhir_date_time (w, "start", marrow_record_get_text (run, "started_at"));
  marrow_fhir_date_time (w, "end", marrow_record_get_text (run, "ended_at"));
  marrow_fhir_end (w);
  marrow_fhir_end (w);
}

static void
lot_storage (MarrowFhirExport *ex,
             MarrowRecord     *lot)
{
  MarrowFhirWriter *w = &ex->writer;

  marrow_fhir_start (w, "storage");
  marrow_fhir_string (w, "description",
                      marrow_fhir_storage_display (marrow_record_get_text (lot, "storage")));
  if (!marrow_record_is_null (lot, "storage_temp_c"))
    {
      marrow_fhir_decimal (w, "temperature", marrow_record_get_real (lot, "storage_temp_c"));
      marrow_fhir_code (w, "scale", "celsius");
    }
  marrow_fhir_end (w);
}

void
marrow_fhir_write_lot (MarrowFhirExport *ex,
                       MarrowFhirPlan   *plan,
                       MarrowRecord     *lot)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *category = marrow_record_get_text (lot, "category");
  GPtrArray *harvests = marrow_fhir_plan_links (plan->lot_harvests, marrow_record_get_id (lot));
  guint units = GPOINTER_TO_UINT (g_hash_table_lookup (plan->lot_units,
                                                       marrow_record_get_id (lot)));

  marrow_fhir_begin_record_entry (ex, "BiologicallyDerivedProduct", lot);
  for (guint i = 0; harvests != NULL && i < harvests->len; i++)
    {
      MarrowRecord *harvest = marrow_fhir_plan_get (plan, harvests->pdata[i]);
      g_autofree char *uuid = NULL;

      if (!marrow_fhir_harvest_in_bundle (ex, harvest))
        continue;
      uuid = marrow_fhir_record_uuid (harvest);
      marrow_fhir_extension_reference (w, MARROW_FHIR_EXT_HARVEST, uuid);
    }
  marrow_fhir_identifier (ex, MARROW_FHIR_SYSTEM_COI, marrow_record_get_text (lot, "coi_id"));
  marrow_fhir_code (w, "productCategory", marrow_fhir_product_category (category));
  marrow_fhir_codeable (w, "productCode", MARROW_FHIR_SYSTEM_PRODUCT, category,
                        marrow_fhir_product_display (category));
  marrow_fhir_code (w, "status", lot_status (ex, lot));
  /* quantity: the number of units (aliquots) the lot was split into */
  if (units > 1)
    marrow_fhir_integer (w, "quantity", units - 1);
  lot_collection (ex, plan, lot);
  lot_processing (ex, plan, lot);
  lot_storage (ex, lot);
  marrow_fhir_end_entry (ex);
}

