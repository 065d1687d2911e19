/* marrow-rules-product.c: rules of product_lot, qc_test and product_aliquot
 * (domain model 4.6, 4.7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lot and aliquot state machines and the chain-of-identity checks are
 * not here: they need other records (marrow-lot-state.c, marrow-coi.c).
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "marrow-error.h"
#include "marrow-rules-private.h"

typedef struct
{
  const char *storage;
  double      min_c;
  double      max_c;
} StorageRange;

/* Soft storage temperature per storage kind (⚙ defaults).  Refrigerated and
 * cryopreserved come from the domain model; "fresh" is room temperature
 * (proposed). */
static const StorageRange storage_ranges[] = {
  { "fresh", 15.0, 30.0 },
  { "refrigerated", 2.0, 8.0 },
  { "cryopreserved", -200.0, -150.0 },
};

static gboolean
require_all (MarrowRecord        *record,
             const char * const  *fields,
             const char          *why,
             GError             **error)
{
  for (guint i = 0; fields[i] != NULL; i++)
    if (!marrow_validate_require (record, fields[i], why, error))
      return FALSE;
  return TRUE;
}

static void
warn_storage_temp (MarrowRecord *record,
                   GPtrArray    *warnings)
{
  double temp;

  if (marrow_record_is_null (record, "storage_temp_c"))
    return;
  temp = marrow_record_get_real (record, "storage_temp_c");

  for (guint i = 0; i < G_N_ELEMENTS (storage_ranges); i++)
    {
      const StorageRange *range = &storage_ranges[i];

      if (!_marrow_rules_is (record, "storage", range->storage))
        continue;
      if (temp < range->min_c || temp > range->max_c)
        _marrow_rules_warn (record, warnings, "storage_temp_c", "range",
                            _("%s is %g °C, outside the usual range of %g to %g °C for “%s” storage"),
                            marrow_field_label (record, "storage_temp_c"), temp,
                            range->min_c, range->max_c, range->storage);
    }
}

static void
warn_pathway (MarrowRecord *record,
              GPtrArray    *warnings)
{
  gboolean needs_ind;

  /* Guidance G6: allogeneic, umbilical-cord-derived or culture-expanded
   * products are outside 361 HCT/P and need an IND */
  needs_ind = (!marrow_record_is_null (record, "origin") &&
               !_marrow_rules_is (record, "origin", "autologous")) ||
              _marrow_rules_is (record, "category", "uc_wj_msc_allogeneic") ||
              _marrow_rules_is (record, "category", "bm_msc_expanded") ||
              _marrow_rules_is (record, "category", "ad_msc_expanded");

  if (needs_ind && !marrow_record_is_null (record, "regulatory_pathway") &&
      !_marrow_rules_is (record, "regulatory_pathway", "ind_351"))
    _marrow_rules_warn (record, warnings, "regulatory_pathway", "ind_351",
                        _("An allogeneic, cord-derived or culture-expanded product usually "
                          "needs an IND (ind_351), but %s is “%s”"),
                        marrow_field_label (record, "regulatory_pathway"),
                        marrow_record_get_text (record, "regulatory_pathway"));
}

gboolean
_marrow_rules_product_lot (MarrowRecord  *record,
                           GDateTime     *now,
                           GPtrArray     *warnings,
                           GError       **error)
{
  static const char * const autologous_fields[] = {
    "source_patient_id", "processing_run_id", NULL
  };
  static const char * const allogeneic_fields[] = {
    "supplier_name", "supplier_product_code", "supplier_lot_no", "received_at", "received_by", NULL
  };
  static const char * const released_fields[] = {
    "release_basis", "released_by", "released_at", NULL
  };

  if (_marrow_rules_is (record, "origin", "autologous"))
    {
      if (!require_all (record, autologous_fields, _("for an autologous lot"), error))
        return FALSE;
    }
  else if (!marrow_record_is_null (record, "origin"))
    {
      if (!require_all (record, allogeneic_fields, _("for an allogeneic lot"), error))
        return FALSE;
    }

  if (!marrow_record_is_null (record, "total_cells") &&
      !marrow_record_is_null (record, "viable_cells") &&
      marrow_record_get_int (record, "viable_cells") > marrow_record_get_int (record, "total_cells"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "viable_cells",
                                   _("%s (%s) is %" PRId64 " cells, more than the total of %"
                                     PRId64 " cells"),
                                   marrow_field_label (record, "viable_cells"), "viable_cells",
                                   marrow_record_get_int (record, "viable_cells"),
                                   marrow_record_get_int (record, "total_cells"));
      return FALSE;
    }

  if (_marrow_rules_is (record, "storage", "cryopreserved") &&
      !marrow_validate_require (record, "frozen_at", _("for a cryopreserved lot"), error))
    return FALSE;

  if (_marrow_rules_is (record, "release_status", "released") &&
      !require_all (record, released_fields, _("when the lot is released"), error))
    return FALSE;

  if (_marrow_rules_is (record, "release_basis", "conditional") &&
      !marrow_validate_require (record, "release_note", _("for a conditional release"), error))
    return FALSE;

  if (_marrow_rules_is (record, "regulatory_pathway", "ind_351") &&
      !marrow_validate_require (record, "ind_number", _("for the IND pathway (ind_351)"), error))
    return FALSE;

  if (!_marrow_rules_not_before (record, "expires_at", "frozen_at", error))
    return FALSE;

  warn_storage_temp (record, warnings);
  warn_pathway (record, warnings);

  return TRUE;
}

gboolean
_marrow_rules_qc_test (MarrowRecord  *record,
                       GDateTime     *now,
                       GPtrArray     *warnings,
                       GError       **error)
{
  if (marrow_record_is_null (record, "processing_run_id") &&
      marrow_record_is_null (record, "product_lot_id"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "processing_run_id",
                                   _("A QC test needs a %s (%s) or a %s (%s)"),
                                   marrow_field_label (record, "processing_run_id"),
                                   "processing_run_id",
                                   marrow_field_label (record, "product_lot_id"), "product_lot_id");
      return FALSE;
    }

  if (_marrow_rules_is (record, "state", "final"))
    {
      if (marrow_record_is_null (record, "result_value") &&
          marrow_text_is_blank (marrow_record_get_text (record, "result_text")))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "result_value",
                                       _("A final QC test needs a %s (%s) or a %s (%s)"),
                                       marrow_field_label (record, "result_value"), "result_value",
                                       marrow_field_label (record, "result_text"), "result_text");
          return FALSE;
        }
      if (!marrow_validate_require (record, "reader_id", _("when the test is final"), error))
        return FALSE;
    }

  if (!_marrow_rules_not_before (record, "read_at", "sampled_at", error))
    return FALSE;

  if (!marrow_record_is_null (record, "spec_min") && !marrow_record_is_null (record, "spec_max") &&
      marrow_record_get_real (record, "spec_min") > marrow_record_get_real (record, "spec_max"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "spec_max",
                                   _("%s (%s) is %g, below %s (%s), %g"),
                                   marrow_field_label (record, "spec_max"), "spec_max",
                                   marrow_record_get_real (record, "spec_max"),
                                   marrow_field_label (record, "spec_min"), "spec_min",
                                   marrow_record_get_real (record, "spec_min"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_marrow_rules_product_aliquot (MarrowRecord  *record,
                               GDateTime     *now,
                               GPtrArray     *warnings,
                               GError       **error)
{
  if (_marrow_rules_is (record, "status", "discarded") &&
      !marrow_validate_require (record, "status_reason", _("for a discarded aliquot"), error))
    return FALSE;
  if (_marrow_rules_is (record, "status", "recalled") &&
      !marrow_validate_require (record, "status_reason", _("for a recalled aliquot"), error))
    return FALSE;

  return TRUE;
}
