/* test-validation.c: hard limits, rules and soft limits of every record type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts from the valid record of its entity in the sample chain,
 * changes some fields ("field=value;field=value", NULL for a null) and checks
 * the outcome.  Static tables list the hard limits, the cross-field rules and
 * the soft limits; sweeps driven by the entity tables check every required,
 * coded, dated and referencing field, and that every numeric hard limit has a
 * row in the static table.
 */
#define G_LOG_DOMAIN "test-validation"

#include "config.h"

#include <string.h>

#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-test-samples.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/* Every case is judged at this instant, long after the sample chain */
#define FIXED_NOW "2026-06-01T12:00:00.000Z"

static GPtrArray *chain;

static GDateTime *
fixed_now (void)
{
  return marrow_instant_parse (FIXED_NOW);
}

static void
set_value (MarrowRecord *record,
           const char   *field,
           const char   *value)
{
  const MarrowFieldDef *def = marrow_entity_find_field (marrow_record_get_entity (record), field);

  g_assert_nonnull (def);

  if (value == NULL || strcmp (value, "NULL") == 0)
    {
      marrow_record_set_null (record, field);
      return;
    }

  switch (def->kind)
    {
    case MARROW_FIELD_INT:
      marrow_record_set_int (record, field, g_ascii_strtoll (value, NULL, 10));
      break;
    case MARROW_FIELD_BOOL:
      marrow_record_set_bool (record, field, strcmp (value, "1") == 0);
      break;
    case MARROW_FIELD_REAL:
      marrow_record_set_real (record, field, g_ascii_strtod (value, NULL));
      break;
    case MARROW_FIELD_TEXT:
    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
    case MARROW_FIELD_ENUM:
    case MARROW_FIELD_REF:
    default:
      marrow_record_set_text (record, field, value);
      break;
    }
}

/* A copy of the sample record of @entity with the assignments of @set */
static MarrowRecord *
sample_with (const char *entity,
             const char *set)
{
  MarrowRecord *base = marrow_test_sample_find (chain, entity);
  MarrowRecord *record;

  g_assert_nonnull (base);
  record = marrow_record_copy (base);

  if (set != NULL && *set != '\0')
    {
      g_auto(GStrv) assignments = g_strsplit (set, ";", -1);

      for (guint i = 0; assignments[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (assignments[i], "=", 2);

          g_assert_cmpuint (g_strv_length (pair), ==, 2);
          set_value (record, pair[0], pair[1]);
        }
    }

  return record;
}

static gboolean
has_warning (GPtrArray  *warnings,
             const char *code)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strcmp (((MarrowWarning *)warnings->pdata[i])->code, code) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_rejected (const char           *entity,
                 const char           *set,
                 MarrowValidationError code,
                 const char           *field)
{
  g_autoptr(MarrowRecord) record = sample_with (entity, set);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = marrow_record_validate (record, now, NULL, &error);
  if (ok)
    g_error ("%s {%s}: accepted, expected error %d on %s", entity, set, code, field);
  g_assert_error (error, MARROW_VALIDATION_ERROR, (int)code);
  if (g_strcmp0 (marrow_validation_error_get_field (error), field) != 0)
    g_error ("%s {%s}: error names %s, expected %s (%s)", entity, set,
             marrow_validation_error_get_field (error), field, error->message);
  /* the message names the column, so it can be read out of context */
  g_assert_nonnull (strstr (error->message, field));
}

static void
assert_accepted (const char *entity,
                 const char *set)
{
  g_autoptr(MarrowRecord) record = sample_with (entity, set);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;

  if (!marrow_record_validate (record, now, NULL, &error))
    g_error ("%s {%s}: rejected: %s", entity, set, error->message);
}

/* Hard limits */

typedef struct
{
  const char           *entity;
  const char           *set;
  MarrowValidationError code;
  const char           *field;
} RejectCase;

/* One row below every hard minimum and above every hard maximum of the
 * entity tables (test_hard_limits_covered() keeps this complete) */
static const RejectCase hard_limit_cases[] = {
  { "patient_weight", "weight_kg=19.9", MARROW_VALIDATION_ERROR_RANGE, "weight_kg" },
  { "patient_weight", "weight_kg=300.1", MARROW_VALIDATION_ERROR_RANGE, "weight_kg" },
  { "patient_weight", "height_cm=49.9", MARROW_VALIDATION_ERROR_RANGE, "height_cm" },
  { "patient_weight", "height_cm=250.5", MARROW_VALIDATION_ERROR_RANGE, "height_cm" },
  { "joint_case", "kl_grade=-1", MARROW_VALIDATION_ERROR_RANGE, "kl_grade" },
  { "joint_case", "kl_grade=5", MARROW_VALIDATION_ERROR_RANGE, "kl_grade" },
  { "harvest", "heparin_u_per_ml=0", MARROW_VALIDATION_ERROR_RANGE, "heparin_u_per_ml" },
  { "harvest", "volume_collected_ml=0.9", MARROW_VALIDATION_ERROR_RANGE, "volume_collected_ml" },
  { "harvest", "volume_collected_ml=500.1", MARROW_VALIDATION_ERROR_RANGE, "volume_collected_ml" },
  { "processing_run", "input_volume_ml=0", MARROW_VALIDATION_ERROR_RANGE, "input_volume_ml" },
  { "processing_run", "output_volume_ml=0", MARROW_VALIDATION_ERROR_RANGE, "output_volume_ml" },
  { "processing_run", "tnc_pre_cells=-1", MARROW_VALIDATION_ERROR_RANGE, "tnc_pre_cells" },
  { "processing_run", "tnc_post_cells=-1", MARROW_VALIDATION_ERROR_RANGE, "tnc_post_cells" },
  { "processing_run", "tnc_post_per_ml=-1", MARROW_VALIDATION_ERROR_RANGE, "tnc_post_per_ml" },
  { "processing_run", "cfu_f_per_ml=-0.5", MARROW_VALIDATION_ERROR_RANGE, "cfu_f_per_ml" },
  { "processing_run", "cfu_f_per_ml=1000001", MARROW_VALIDATION_ERROR_RANGE, "cfu_f_per_ml" },
  { "processing_run", "viability_pct=-0.1", MARROW_VALIDATION_ERROR_RANGE, "viability_pct" },
  { "processing_run", "viability_pct=100.1", MARROW_VALIDATION_ERROR_RANGE, "viability_pct" },
  { "product_lot", "total_cells=-1", MARROW_VALIDATION_ERROR_RANGE, "total_cells" },
  { "product_lot", "viable_cells=-1", MARROW_VALIDATION_ERROR_RANGE, "viable_cells" },
  { "product_lot", "volume_ml=0", MARROW_VALIDATION_ERROR_RANGE, "volume_ml" },
  { "product_lot", "storage_temp_c=-200.5", MARROW_VALIDATION_ERROR_RANGE, "storage_temp_c" },
  { "product_lot", "storage_temp_c=40.5", MARROW_VALIDATION_ERROR_RANGE, "storage_temp_c" },
  { "product_lot", "dmso_pct=-1", MARROW_VALIDATION_ERROR_RANGE, "dmso_pct" },
  { "product_lot", "dmso_pct=10.1", MARROW_VALIDATION_ERROR_RANGE, "dmso_pct" },
  { "qc_test", "read_day=-1", MARROW_VALIDATION_ERROR_RANGE, "read_day" },
  { "product_aliquot", "aliquot_no=0", MARROW_VALIDATION_ERROR_RANGE, "aliquot_no" },
  { "product_aliquot", "aliquot_no=100", MARROW_VALIDATION_ERROR_RANGE, "aliquot_no" },
  { "product_aliquot", "volume_ml=0", MARROW_VALIDATION_ERROR_RANGE, "volume_ml" },
  { "injection", "needle_gauge=17", MARROW_VALIDATION_ERROR_RANGE, "needle_gauge" },
  { "injection", "needle_gauge=31", MARROW_VALIDATION_ERROR_RANGE, "needle_gauge" },
  { "injection", "volume_injected_ml=0.09", MARROW_VALIDATION_ERROR_RANGE, "volume_injected_ml" },
  { "injection", "volume_injected_ml=60.1", MARROW_VALIDATION_ERROR_RANGE, "volume_injected_ml" },
  { "injection", "post_thaw_viability_pct=-1", MARROW_VALIDATION_ERROR_RANGE, "post_thaw_viability_pct" },
  { "injection", "post_thaw_viability_pct=101", MARROW_VALIDATION_ERROR_RANGE, "post_thaw_viability_pct" },
  { "injection_product", "volume_injected_ml=0", MARROW_VALIDATION_ERROR_RANGE, "volume_injected_ml" },
  { "injection_coinjectate", "volume_ml=-0.1", MARROW_VALIDATION_ERROR_RANGE, "volume_ml" },
  { "adverse_event", "severity_ctcae=0", MARROW_VALIDATION_ERROR_RANGE, "severity_ctcae" },
  { "adverse_event", "severity_ctcae=6", MARROW_VALIDATION_ERROR_RANGE, "severity_ctcae" },
  { "limit_ack", "record_row_version=0", MARROW_VALIDATION_ERROR_RANGE, "record_row_version" },
};

/* The limits themselves are allowed */
static const char * const hard_limit_edges[][2] = {
  { "patient_weight", "weight_kg=20;height_cm=50" },
  { "patient_weight", "weight_kg=300;height_cm=250" },
  { "joint_case", "kl_grade=0" },
  { "harvest", "volume_collected_ml=1" },
  { "harvest", "volume_collected_ml=500" },
  { "processing_run", "viability_pct=100;cfu_f_per_ml=1000000;tnc_pre_cells=0;tnc_post_cells=0" },
  { "product_lot", "dmso_pct=10;total_cells=0;viable_cells=0" },
  { "product_aliquot", "aliquot_no=99" },
  { "injection", "needle_gauge=18;volume_injected_ml=0.1" },
  { "injection", "needle_gauge=30;volume_injected_ml=60" },
  { "adverse_event", "severity_ctcae=5" },
};

static void
test_hard_limits (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hard_limit_cases); i++)
    {
      const RejectCase *c = &hard_limit_cases[i];

      assert_rejected (c->entity, c->set, c->code, c->field);
    }
  for (guint i = 0; i < G_N_ELEMENTS (hard_limit_edges); i++)
    assert_accepted (hard_limit_edges[i][0], hard_limit_edges[i][1]);
}

/* Every HAS_MIN and HAS_MAX in the entity tables has a row above */
static void
test_hard_limits_covered (void)
{
  const MarrowEntityDef * const *all;
  guint n;

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    for (guint f = 0; f < all[e]->n_fields; f++)
      {
        const MarrowFieldDef *def = &all[e]->fields[f];
        gboolean below = FALSE, above = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (hard_limit_cases); i++)
          {
            const RejectCase *c = &hard_limit_cases[i];
            g_autofree char *prefix = g_strdup_printf ("%s=", def->name);
            double value;

            if (strcmp (c->entity, all[e]->name) != 0 || !g_str_has_prefix (c->set, prefix))
              continue;
            value = g_ascii_strtod (c->set + strlen (prefix), NULL);
            if ((def->flags & MARROW_FIELD_MIN_EXCLUSIVE) ? value <= def->hard_min : value < def->hard_min)
              below = TRUE;
            if (value > def->hard_max)
              above = TRUE;
          }

        if ((def->flags & MARROW_FIELD_HAS_MIN) != 0 && !below)
          g_error ("no case below the hard minimum of %s.%s", all[e]->name, def->name);
        if ((def->flags & MARROW_FIELD_HAS_MAX) != 0 && !above)
          g_error ("no case above the hard maximum of %s.%s", all[e]->name, def->name);
      }
}

/* Cross-field hard rules */

#define R_REQUIRED MARROW_VALIDATION_ERROR_REQUIRED
#define R_RULE     MARROW_VALIDATION_ERROR_RULE
#define R_RANGE    MARROW_VALIDATION_ERROR_RANGE
#define R_ENUM     MARROW_VALIDATION_ERROR_ENUM
#define R_FORMAT   MARROW_VALIDATION_ERROR_FORMAT
#define R_FUTURE   MARROW_VALIDATION_ERROR_FUTURE

#define ADIPOSE "tissue=adipose;anatomic_site=abdomen;harvest_side=NULL;anticoagulant=NULL;" \
                "heparin_u_per_ml=NULL"
#define ALLOGENEIC "origin=allogeneic_unrelated;category=uc_wj_msc_allogeneic;" \
                   "source_patient_id=NULL;processing_run_id=NULL;supplier_name=Cord Cells Inc.;" \
                   "supplier_product_code=WJ-25;supplier_lot_no=L0042;" \
                   "received_at=2026-01-10T10:00:00.000Z;regulatory_pathway=ind_351;" \
                   "ind_number=IND 12345"

static const RejectCase rule_cases[] = {
  /* chain-of-identity IDs: a wrong check character, and the wrong shape for the record */
  { "harvest", "coi_id=MRW0126000123X", MARROW_VALIDATION_ERROR_CHECK_CHARACTER, "coi_id" },
  { "harvest", "coi_id=MRW0126000123W-L1", MARROW_VALIDATION_ERROR_FORMAT, "coi_id" },
  { "processing_run", "run_code=MRW0126000132W-P1", MARROW_VALIDATION_ERROR_CHECK_CHARACTER, "run_code" },
  { "processing_run", "run_code=MRW0126000123W", MARROW_VALIDATION_ERROR_FORMAT, "run_code" },
  { "product_lot", "coi_id=MRW0126000123Q-L1", MARROW_VALIDATION_ERROR_CHECK_CHARACTER, "coi_id" },
  { "product_lot", "coi_id=MRW0126000123W-P1", MARROW_VALIDATION_ERROR_FORMAT, "coi_id" },
  { "product_lot", "coi_id=mrw0126000123w-L1", MARROW_VALIDATION_ERROR_FORMAT, "coi_id" },
  { "product_aliquot", "label=MRW0126000123V-L1-01", MARROW_VALIDATION_ERROR_CHECK_CHARACTER, "label" },
  { "product_aliquot", "label=MRW0126000123W-L1", MARROW_VALIDATION_ERROR_FORMAT, "label" },
  /* joint_case */
  { "joint_case", "side=none", R_RULE, "side" },
  { "joint_case", "status=converted_to_surgery", R_REQUIRED, "surgery_date" },
  { "joint_case", "status=converted_to_surgery;surgery_date=2026-03-01", R_REQUIRED, "surgery_type" },
  { "joint_case", "status=closed", R_REQUIRED, "closed_reason" },
  { "joint_case", "status=closed;closed_reason=  ", R_REQUIRED, "closed_reason" },
  /* harvest */
  { "harvest", "ended_at=2026-01-12T07:59:59.999Z", R_RULE, "ended_at" },
  { "harvest", "received_by_lab_at=2026-01-12T08:10:00.000Z", R_RULE, "received_by_lab_at" },
  { "harvest", "ended_at=NULL;received_by_lab_at=2026-01-12T07:00:00.000Z", R_RULE, "received_by_lab_at" },
  { "harvest", "harvest_side=NULL", R_REQUIRED, "harvest_side" },
  { "harvest", "harvest_side=none", R_RULE, "harvest_side" },
  { "harvest", "anatomic_site=abdomen", R_RULE, "anatomic_site" },
  { "harvest", ADIPOSE ";anatomic_site=psis", R_RULE, "anatomic_site" },
  { "harvest", "tissue=peripheral_blood", R_RULE, "anatomic_site" },
  { "harvest", "anticoagulant=NULL;heparin_u_per_ml=NULL", R_REQUIRED, "anticoagulant" },
  { "harvest", "anticoagulant=none;heparin_u_per_ml=NULL", R_RULE, "anticoagulant" },
  { "harvest", "heparin_u_per_ml=NULL", R_REQUIRED, "heparin_u_per_ml" },
  { "harvest", "anticoagulant=acd_a;heparin_u_per_ml=NULL", R_REQUIRED, "acd_ratio" },
  { "harvest", "anticoagulant=acd_a;acd_ratio=1:9", R_RULE, "heparin_u_per_ml" },
  { "harvest", "acd_ratio=1:9", R_RULE, "acd_ratio" },
  { "harvest", "anticoagulant=acd_a;heparin_u_per_ml=NULL;acd_ratio=one to nine", R_FORMAT, "acd_ratio" },
  { "harvest", "anticoagulant=acd_a;heparin_u_per_ml=NULL;acd_ratio=1:", R_FORMAT, "acd_ratio" },
  /* processing_run */
  { "processing_run", "ended_at=2026-01-12T08:39:00.000Z", R_RULE, "ended_at" },
  { "processing_run", "has_deviation=1", R_REQUIRED, "deviation_text" },
  { "processing_run", "output_volume_ml=130.5", R_RULE, "output_volume_ml" },
  { "processing_run", "method=filtration;output_volume_ml=131", R_RULE, "output_volume_ml" },
  { "processing_run", "method=micro_fragmentation;output_volume_ml=131", R_RULE, "output_volume_ml" },
  { "processing_run", "kit_expiry=2026-01-11", R_RULE, "kit_expiry" },
  /* 23:30 UTC is already the next day in Berlin */
  { "processing_run", "started_at=2026-01-11T23:30:00.000Z;kit_expiry=2026-01-11", R_RULE, "kit_expiry" },
  { "processing_run", "qa_reviewed_at=NULL", R_REQUIRED, "qa_reviewed_at" },
  { "processing_run", "qa_reviewed_by=NULL", R_REQUIRED, "qa_reviewed_by" },
  { "processing_run", "qa_reviewed_at=2026-01-12T09:00:00.000Z", R_RULE, "qa_reviewed_at" },
  /* product_lot */
  { "product_lot", "source_patient_id=NULL", R_REQUIRED, "source_patient_id" },
  { "product_lot", "processing_run_id=NULL", R_REQUIRED, "processing_run_id" },
  { "product_lot", "origin=allogeneic_related", R_REQUIRED, "supplier_name" },
  { "product_lot", ALLOGENEIC ";supplier_lot_no=NULL", R_REQUIRED, "supplier_lot_no" },
  { "product_lot", ALLOGENEIC ";received_at=NULL", R_REQUIRED, "received_at" },
  { "product_lot", ALLOGENEIC ";received_by=NULL", R_REQUIRED, "received_by" },
  { "product_lot", "viable_cells=800000001", R_RULE, "viable_cells" },
  { "product_lot", "storage=cryopreserved;storage_temp_c=-180", R_REQUIRED, "frozen_at" },
  { "product_lot", "release_basis=NULL", R_REQUIRED, "release_basis" },
  { "product_lot", "released_by=NULL", R_REQUIRED, "released_by" },
  { "product_lot", "released_at=NULL", R_REQUIRED, "released_at" },
  { "product_lot", "release_note=NULL", R_REQUIRED, "release_note" },
  { "product_lot", "regulatory_pathway=ind_351", R_REQUIRED, "ind_number" },
  { "product_lot", "storage=cryopreserved;frozen_at=2026-01-12T10:00:00.000Z;"
                   "expires_at=2026-01-12T09:59:59.999Z", R_RULE, "expires_at" },
  /* qc_test */
  { "qc_test", "processing_run_id=NULL;product_lot_id=NULL", R_REQUIRED, "processing_run_id" },
  { "qc_test", "result_text=NULL", R_REQUIRED, "result_value" },
  { "qc_test", "reader_id=NULL", R_REQUIRED, "reader_id" },
  { "qc_test", "read_at=2026-01-12T09:09:59.999Z", R_RULE, "read_at" },
  { "qc_test", "spec_min=10;spec_max=5", R_RULE, "spec_max" },
  /* product_aliquot */
  { "product_aliquot", "status=discarded", R_REQUIRED, "status_reason" },
  { "product_aliquot", "status=recalled;status_reason= ", R_REQUIRED, "status_reason" },
  /* injection */
  { "injection", "thawed_at=2026-01-12T09:46:00.000Z", R_RULE, "performed_at" },
  { "injection", "product_scan_result=manual_entry", R_REQUIRED, "scan_reason" },
  /* injection_product */
  { "injection_product", "entire_unit_given=0", R_REQUIRED, "remainder_fate" },
  { "injection_product", "entire_unit_given=0;remainder_fate=discarded", R_REQUIRED, "remainder_reason" },
  { "injection_product", "remainder_fate=discarded", R_RULE, "remainder_fate" },
  /* injection_coinjectate */
  { "injection_coinjectate", "lot_no=NULL", R_REQUIRED, "lot_no" },
  { "injection_coinjectate", "expiry=NULL", R_REQUIRED, "expiry" },
  { "injection_coinjectate", "volume_ml=NULL", R_REQUIRED, "volume_ml" },
  { "injection_coinjectate", "volume_ml=0", R_RANGE, "volume_ml" },
  /* adverse_event */
  { "adverse_event", "joint_case_id=NULL;injection_id=NULL", R_RULE, "unrelated_general" },
  { "adverse_event", "serious=1", R_REQUIRED, "serious_criteria" },
  { "adverse_event", "serious_criteria=death", R_RULE, "serious_criteria" },
  { "adverse_event", "serious=1;serious_criteria=coma", R_ENUM, "serious_criteria" },
  { "adverse_event", "serious=1;serious_criteria=death,death", R_ENUM, "serious_criteria" },
  { "adverse_event", "serious=1;serious_criteria=death, other", R_ENUM, "serious_criteria" },
  { "adverse_event", "resolved_date=2026-01-12", R_RULE, "resolved_date" },
  { "adverse_event", "adjudicated_at=NULL", R_REQUIRED, "adjudicated_at" },
  { "adverse_event", "adjudicated_by=NULL", R_REQUIRED, "adjudicated_by" },
  { "adverse_event", "relatedness=NULL", R_REQUIRED, "relatedness" },
  { "adverse_event", "adjudicated_by=NULL;adjudicated_at=NULL;relatedness=NULL", R_REQUIRED, "relatedness" },
  { "adverse_event", "outcome=NULL", R_REQUIRED, "outcome" },
  /* assessment */
  { "assessment", "instrument_code=PAIN_NRS", R_REQUIRED, "recall_period" },
  { "assessment", "instrument_code=PAIN_VAS", R_REQUIRED, "recall_period" },
  { "assessment", "is_valid=0", R_REQUIRED, "invalid_reason" },
  /* limit_ack */
  { "limit_ack", "table_name=signature", R_ENUM, "table_name" },
  { "limit_ack", "record_id=42", R_FORMAT, "record_id" },
};

/* Variants that the rules must let through */
static const char * const rule_accepted[][2] = {
  { "joint_case", "site=spine_facet;side=none" },
  { "joint_case", "status=converted_to_surgery;surgery_date=2026-03-01;surgery_type=arthroplasty" },
  { "joint_case", "status=closed;closed_reason=Moved away" },
  { "harvest", ADIPOSE ";volume_collected_ml=200" },
  { "harvest", ADIPOSE ";anatomic_site=thigh;harvest_side=left;anticoagulant=none" },
  { "harvest", "tissue=peripheral_blood;anatomic_site=peripheral_vein;harvest_side=NULL;"
               "anticoagulant=acd_a;heparin_u_per_ml=NULL;acd_ratio=1:9" },
  { "harvest", "ended_at=NULL;received_by_lab_at=NULL" },
  { "processing_run", "method=culture_expansion;output_volume_ml=300" },
  { "processing_run", "kit_expiry=2026-01-12" },
  { "processing_run", "has_deviation=1;deviation_text=Centrifuge restarted once" },
  { "processing_run", "qa_reviewed_by=NULL;qa_reviewed_at=NULL" },
  { "product_lot", ALLOGENEIC ";received_by=" },
  { "product_lot", "release_status=quarantine;release_basis=NULL;release_note=NULL;"
                   "released_by=NULL;released_at=NULL" },
  { "product_lot", "release_basis=all_tests_pass;release_note=NULL" },
  { "product_lot", "viable_cells=800000000" },
  { "product_lot", "storage=cryopreserved;storage_temp_c=-180;dmso_pct=10;"
                   "frozen_at=2026-01-12T10:00:00.000Z" },
  { "qc_test", "processing_run_id=NULL" },
  { "qc_test", "product_lot_id=NULL" },
  { "qc_test", "state=pending;result_text=NULL;reader_id=NULL;read_at=NULL" },
  { "qc_test", "test_code=viability;unit=%;result_text=NULL;result_value=93.5;spec_min=70" },
  { "product_aliquot", "status=discarded;status_reason=Syringe dropped" },
  { "injection", "product_scan_result=manual_entry;scan_reason=Label damaged" },
  { "injection", "thawed_at=2026-01-12T09:45:00.000Z" },
  { "injection_product", "entire_unit_given=0;remainder_fate=returned;remainder_reason=Dose reached" },
  { "injection_coinjectate", "administered=0;lot_no=NULL;expiry=NULL;volume_ml=NULL" },
  { "injection_coinjectate", "administered=0;volume_ml=0" },
  { "adverse_event", "joint_case_id=NULL;injection_id=NULL;unrelated_general=1" },
  { "adverse_event", "joint_case_id=NULL;injection_id=NULL;harvest_id=" },
  { "adverse_event", "serious=1;serious_criteria=hospitalisation,other" },
  { "adverse_event", "resolved_date=NULL;outcome=NULL;adjudicated_by=NULL;"
                     "adjudicated_at=NULL;relatedness=NULL" },
  { "adverse_event", "resolved_date=2026-01-13" },
  { "assessment", "instrument_code=PAIN_NRS;recall_period=past_week_average" },
  { "assessment", "is_valid=0;invalid_reason=Form completed for the wrong knee" },
};

static void
test_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      const RejectCase *c = &rule_cases[i];

      assert_rejected (c->entity, c->set, c->code, c->field);
    }
}

static void
test_rules_accepted (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_accepted); i++)
    {
      const char *entity = rule_accepted[i][0];
      g_autofree char *set = NULL;

      /* "harvest_id=" and "received_by=" mean: link to the sample record */
      if (g_str_has_suffix (rule_accepted[i][1], "harvest_id="))
        set = g_strconcat (rule_accepted[i][1],
                           marrow_record_get_id (marrow_test_sample_find (chain, "harvest")), NULL);
      else if (g_str_has_suffix (rule_accepted[i][1], "received_by="))
        set = g_strconcat (rule_accepted[i][1],
                           marrow_record_get_id (marrow_test_sample_find (chain, "staff")), NULL);
      else
        set = g_strdup (rule_accepted[i][1]);

      assert_accepted (entity, set);
    }
}

/* Rules are skipped for drafts, which may be incomplete (domain model 2.6) */
static void
test_rules_draft (void)
{
  g_autoptr(MarrowRecord) record = sample_with ("product_lot", "source_patient_id=NULL;release_note=NULL");
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;

  marrow_record_set_record_status (record, MARROW_STATUS_DRAFT);
  g_assert_true (marrow_record_validate (record, now, NULL, &error));
  g_assert_no_error (error);
}

/* Soft limits */

typedef struct
{
  const char *entity;
  const char *set;
  const char *code;
} WarnCase;

static const WarnCase warn_cases[] = {
  { "patient", "dob=2008-06-02", "patient.dob.age_min" },
  { "patient", "dob=1930-06-01", "patient.dob.age_max" },
  { "joint_case", "kl_grade=4", "joint_case.kl_grade.max" },
  { "harvest", "volume_collected_ml=120.5", "harvest.volume_collected_ml.max_bone_marrow" },
  { "harvest", "volume_collected_ml=19.5", "harvest.volume_collected_ml.min_bone_marrow" },
  { "harvest", ADIPOSE ";volume_collected_ml=19", "harvest.volume_collected_ml.min_adipose" },
  { "harvest", "received_by_lab_at=2026-01-13T08:25:00.001Z", "harvest.received_by_lab_at.max_delay" },
  { "processing_run", "viability_pct=69.9", "processing_run.viability_pct.min" },
  { "product_lot", "storage_temp_c=31", "product_lot.storage_temp_c.range" },
  { "product_lot", "storage_temp_c=14", "product_lot.storage_temp_c.range" },
  { "product_lot", "storage=refrigerated;storage_temp_c=9", "product_lot.storage_temp_c.range" },
  { "product_lot", "storage=cryopreserved;frozen_at=2026-01-12T10:00:00.000Z;storage_temp_c=-80",
    "product_lot.storage_temp_c.range" },
  { "product_lot", "category=bm_msc_expanded", "product_lot.regulatory_pathway.ind_351" },
  { "product_lot", ALLOGENEIC ";regulatory_pathway=361_hctp;ind_number=NULL;received_by=",
    "product_lot.regulatory_pathway.ind_351" },
  { "injection", "post_thaw_viability_pct=69", "injection.post_thaw_viability_pct.min" },
};

/* Values at the soft limits do not warn */
static const char * const warn_quiet[][2] = {
  { "patient", "dob=2008-06-01" },
  { "patient", "dob=1930-06-02" },
  { "joint_case", "kl_grade=3" },
  { "harvest", "volume_collected_ml=120" },
  { "harvest", "volume_collected_ml=20" },
  { "harvest", ADIPOSE ";volume_collected_ml=20" },
  { "harvest", ADIPOSE ";volume_collected_ml=500" },
  { "harvest", "volume_collected_ml=60;received_by_lab_at=2026-01-13T08:25:00.000Z" },
  { "processing_run", "viability_pct=70" },
  { "product_lot", "storage_temp_c=30" },
  { "product_lot", "storage=refrigerated;storage_temp_c=2" },
  { "product_lot", "storage=cryopreserved;frozen_at=2026-01-12T10:00:00.000Z;storage_temp_c=-150" },
  { "product_lot", "category=bm_msc_expanded;regulatory_pathway=ind_351;ind_number=IND 1" },
  { "injection", "post_thaw_viability_pct=70" },
};

static void
test_soft_limits (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (warn_cases); i++)
    {
      const WarnCase *c = &warn_cases[i];
      g_autofree char *set = NULL;
      g_autoptr(MarrowRecord) record = NULL;
      g_autoptr(GDateTime) now = fixed_now ();
      g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
      g_autoptr(GError) error = NULL;

      if (g_str_has_suffix (c->set, "received_by="))
        set = g_strconcat (c->set, marrow_record_get_id (marrow_test_sample_find (chain, "staff")), NULL);
      else
        set = g_strdup (c->set);
      record = sample_with (c->entity, set);

      /* a soft limit never blocks the save */
      if (!marrow_record_validate (record, now, warnings, &error))
        g_error ("%s {%s}: rejected: %s", c->entity, set, error->message);
      if (!has_warning (warnings, c->code))
        g_error ("%s {%s}: no warning %s", c->entity, set, c->code);

      for (guint w = 0; w < warnings->len; w++)
        {
          MarrowWarning *warning = warnings->pdata[w];
          g_autofree char *prefix = g_strdup_printf ("%s.%s.", warning->entity, warning->field);

          /* stable codes: <table>.<field>.<rule> */
          g_assert_cmpstr (warning->entity, ==, c->entity);
          g_assert_true (g_str_has_prefix (warning->code, prefix));
          g_assert_nonnull (warning->message);
          g_assert_cmpstr (warning->message, !=, "");
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (warn_quiet); i++)
    {
      g_autoptr(MarrowRecord) record = sample_with (warn_quiet[i][0], warn_quiet[i][1]);
      g_autoptr(GDateTime) now = fixed_now ();
      g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (marrow_record_validate (record, now, warnings, &error));
      if (warnings->len != 0)
        g_error ("%s {%s}: unexpected warning %s", warn_quiet[i][0], warn_quiet[i][1],
                 ((MarrowWarning *)warnings->pdata[0])->code);
    }
}

/* Sweeps over the entity tables */

typedef gboolean (*FieldFilter) (const MarrowFieldDef *def);

typedef void (*FieldCheck) (const MarrowEntityDef *entity,
                            const MarrowFieldDef  *def);

static guint
for_each_field (FieldFilter filter,
                FieldCheck  check)
{
  const MarrowEntityDef * const *all;
  guint n, count = 0;

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    for (guint f = 0; f < all[e]->n_fields; f++)
      if (filter (&all[e]->fields[f]))
        {
          check (all[e], &all[e]->fields[f]);
          count++;
        }
  return count;
}

static void
assert_field_rejected (const MarrowEntityDef *entity,
                       const MarrowFieldDef  *def,
                       const char            *value,
                       MarrowValidationError  code)
{
  g_autofree char *set = g_strdup_printf ("%s=%s", def->name, value);

  assert_rejected (entity->name, set, code, def->name);
}

static gboolean
is_required (const MarrowFieldDef *def)
{
  return (def->flags & MARROW_FIELD_REQUIRED) != 0 && (def->flags & MARROW_FIELD_COMPUTED) == 0;
}

static void
check_required (const MarrowEntityDef *entity,
                const MarrowFieldDef  *def)
{
  assert_field_rejected (entity, def, "NULL", MARROW_VALIDATION_ERROR_REQUIRED);
  if (def->kind == MARROW_FIELD_TEXT)
    assert_field_rejected (entity, def, " \t", MARROW_VALIDATION_ERROR_REQUIRED);
}

static void
test_required (void)
{
  g_assert_cmpuint (for_each_field (is_required, check_required), >, 40);
}

/* A draft may leave every required field empty */
static void
test_required_draft (void)
{
  const MarrowEntityDef * const *all;
  guint n;

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    {
      g_autoptr(MarrowRecord) record = marrow_record_new (all[e]);
      g_autoptr(GDateTime) now = fixed_now ();
      g_autoptr(GError) error = NULL;

      marrow_record_set_record_status (record, MARROW_STATUS_DRAFT);
      if (!marrow_record_validate (record, now, NULL, &error))
        g_error ("empty draft %s rejected: %s", all[e]->name, error->message);

      /* ... but a final record may not */
      marrow_record_set_record_status (record, MARROW_STATUS_FINAL);
      if (all[e]->n_fields > 0 && is_required (&all[e]->fields[0]))
        {
          g_assert_false (marrow_record_validate (record, now, NULL, &error));
          g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
        }
    }
}

static gboolean
is_enum (const MarrowFieldDef *def)
{
  return def->kind == MARROW_FIELD_ENUM;
}

static void
check_enum (const MarrowEntityDef *entity,
            const MarrowFieldDef  *def)
{
  assert_field_rejected (entity, def, "not_a_code", MARROW_VALIDATION_ERROR_ENUM);
  /* codes are case-sensitive */
  {
    g_autofree char *upper = g_ascii_strup (def->enum_values[0], -1);

    if (strcmp (upper, def->enum_values[0]) != 0)
      assert_field_rejected (entity, def, upper, MARROW_VALIDATION_ERROR_ENUM);
  }
}

static void
test_enums (void)
{
  g_assert_cmpuint (for_each_field (is_enum, check_enum), >=, 40);
}

static gboolean
is_date (const MarrowFieldDef *def)
{
  return def->kind == MARROW_FIELD_DATE;
}

static void
check_date (const MarrowEntityDef *entity,
            const MarrowFieldDef  *def)
{
  static const char * const bad[] = {
    "2025-02-30", "2025-02-29", "2024-13-01", "2025-00-10", "2025-04-31", "2025-4-3",
    "20250403", "03.04.2025", "2025-04-03T00:00:00.000Z", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_field_rejected (entity, def, bad[i], MARROW_VALIDATION_ERROR_FORMAT);
}

static void
test_dates (void)
{
  g_assert_cmpuint (for_each_field (is_date, check_date), >=, 7);

  /* a leap day is a date */
  assert_accepted ("patient", "dob=1964-02-29");
}

static gboolean
is_partial_date (const MarrowFieldDef *def)
{
  return def->kind == MARROW_FIELD_PARTIAL_DATE;
}

static void
check_partial_date (const MarrowEntityDef *entity,
                    const MarrowFieldDef  *def)
{
  static const char * const bad[] = { "25", "2025-13", "2025-00", "2025-2", "2025-02-30", "2025/02" };
  static const char * const good[] = { "2025", "2025-02", "2025-02-28" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_field_rejected (entity, def, bad[i], MARROW_VALIDATION_ERROR_FORMAT);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *set = g_strdup_printf ("%s=%s", def->name, good[i]);

      assert_accepted (entity->name, set);
    }
}

static void
test_partial_dates (void)
{
  g_assert_cmpuint (for_each_field (is_partial_date, check_partial_date), ==, 2);
}

static gboolean
is_instant (const MarrowFieldDef *def)
{
  return def->kind == MARROW_FIELD_INSTANT;
}

static void
check_instant (const MarrowEntityDef *entity,
               const MarrowFieldDef  *def)
{
  static const char * const bad[] = {
    "2026-01-12 08:00:00", "2026-01-12T08:00:00Z", "2026-01-12T08:00:00.000+01:00",
    "2026-02-30T08:00:00.000Z", "2026-01-12T24:00:00.000Z", "2026-01-12", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_field_rejected (entity, def, bad[i], MARROW_VALIDATION_ERROR_FORMAT);
}

static void
test_instants (void)
{
  g_assert_cmpuint (for_each_field (is_instant, check_instant), >=, 18);
}

static gboolean
is_not_future (const MarrowFieldDef *def)
{
  return (def->flags & MARROW_FIELD_NOT_FUTURE) != 0;
}

static void
check_not_future (const MarrowEntityDef *entity,
                  const MarrowFieldDef  *def)
{
  const char *future = def->kind == MARROW_FIELD_INSTANT ? "2026-06-01T12:00:00.001Z"
                     : def->kind == MARROW_FIELD_DATE ? "2026-06-03"
                     : "2027";

  assert_field_rejected (entity, def, future, MARROW_VALIDATION_ERROR_FUTURE);
}

static void
test_not_future (void)
{
  g_assert_cmpuint (for_each_field (is_not_future, check_not_future), >=, 20);

  /* now itself is not in the future */
  assert_accepted ("assessment", "completed_at=" FIXED_NOW);
  /* an expiry may lie in the future */
  assert_accepted ("product_lot", "expires_at=2099-12-31T23:59:59.999Z");
}

static gboolean
is_ref (const MarrowFieldDef *def)
{
  return def->kind == MARROW_FIELD_REF;
}

static void
check_ref (const MarrowEntityDef *entity,
           const MarrowFieldDef  *def)
{
  assert_field_rejected (entity, def, "42", MARROW_VALIDATION_ERROR_FORMAT);
  assert_field_rejected (entity, def, "6F9619FF-8B86-4011-B42D-00C04FC964FF",
                         MARROW_VALIDATION_ERROR_FORMAT);
}

static void
test_refs (void)
{
  g_assert_cmpuint (for_each_field (is_ref, check_ref), >=, 36);
}

/* The entity tables themselves */

static void
test_entity_tables (void)
{
  static const char * const expected[] = {
    "staff", "patient", "patient_weight", "joint_case", "prior_treatment", "harvest",
    "processing_run", "processing_input", "product_lot", "qc_test", "product_aliquot",
    "injection", "injection_product", "injection_coinjectate", "adverse_event", "assessment",
    "assessment_item", "guidance_decision", "limit_ack",
  };
  static const char * const common[] = {
    "id", "created_at", "created_by", "updated_at", "updated_by", "row_version",
    "record_status", "error_reason",
  };
  const MarrowEntityDef * const *all;
  guint n;

  all = marrow_entity_all (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  for (guint e = 0; e < n; e++)
    {
      const MarrowEntityDef *entity = all[e];

      g_assert_cmpstr (entity->name, ==, expected[e]);
      g_assert_true (marrow_entity_lookup (entity->name) == entity);
      g_assert_nonnull (entity->label);
      g_assert_cmpuint (entity->n_fields, >, 0);
      g_assert_true (entity->clinical == (strcmp (entity->name, "staff") != 0));

      for (guint f = 0; f < entity->n_fields; f++)
        {
          const MarrowFieldDef *def = &entity->fields[f];

          g_assert_nonnull (def->label);
          g_assert_true (g_ascii_isupper (def->label[0]));
          g_assert_true (marrow_entity_field_index (entity, def->name) == (int)f);
          g_assert_false (g_strv_contains (common, def->name));

          for (const char *p = def->name; *p; p++)
            g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_');

          if (def->kind == MARROW_FIELD_ENUM)
            g_assert_true (def->enum_values != NULL && def->enum_values[0] != NULL);
          else
            g_assert_null (def->enum_values);

          if (def->kind == MARROW_FIELD_REF)
            {
              const MarrowEntityDef *target = marrow_entity_lookup (def->ref_entity);
              gboolean earlier = FALSE;

              /* references point at parents, which come first */
              g_assert_nonnull (target);
              for (guint p = 0; p < e; p++)
                earlier |= all[p] == target;
              g_assert_true (earlier);
            }
          else
            {
              g_assert_null (def->ref_entity);
            }

          if ((def->flags & (MARROW_FIELD_HAS_MIN | MARROW_FIELD_HAS_MAX |
                             MARROW_FIELD_HAS_SOFT_MIN | MARROW_FIELD_HAS_SOFT_MAX)) != 0)
            g_assert_true (def->kind == MARROW_FIELD_INT || def->kind == MARROW_FIELD_REAL);
          if ((def->flags & MARROW_FIELD_HAS_SOFT_MIN) != 0 && (def->flags & MARROW_FIELD_HAS_MIN) != 0)
            g_assert_cmpfloat (def->soft_min, >, def->hard_min);
          if ((def->flags & MARROW_FIELD_HAS_SOFT_MAX) != 0 && (def->flags & MARROW_FIELD_HAS_MAX) != 0)
            g_assert_cmpfloat (def->soft_max, <, def->hard_max);
          if ((def->flags & MARROW_FIELD_NOT_FUTURE) != 0)
            g_assert_true (def->kind == MARROW_FIELD_DATE || def->kind == MARROW_FIELD_PARTIAL_DATE ||
                           def->kind == MARROW_FIELD_INSTANT);
          if ((def->flags & MARROW_FIELD_COMPUTED) != 0)
            g_assert_false ((def->flags & MARROW_FIELD_REQUIRED) != 0);
        }
    }

  g_assert_null (marrow_entity_lookup ("signature"));
}

/* The sample chain */

static void
test_sample_chain (void)
{
  g_autoptr(GHashTable) seen_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_entities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  const MarrowEntityDef * const *all;
  guint n;

  for (guint i = 0; i < chain->len; i++)
    {
      MarrowRecord *record = chain->pdata[i];
      const MarrowEntityDef *entity = marrow_record_get_entity (record);
      g_autoptr(GError) error = NULL;
      guint before = warnings->len;

      /* valid by the real clock */
      if (!marrow_record_validate (record, NULL, warnings, &error))
        g_error ("sample %s rejected: %s", entity->name, error->message);

      for (guint w = before; w < warnings->len; w++)
        {
          MarrowWarning *warning = warnings->pdata[w];
          gboolean acknowledged = FALSE;

          /* every warning the chain raises is acknowledged in the chain */
          for (guint j = 0; j < chain->len; j++)
            {
              MarrowRecord *ack = chain->pdata[j];

              if (strcmp (marrow_record_get_entity_name (ack), "limit_ack") == 0 &&
                  g_strcmp0 (marrow_record_get_text (ack, "table_name"), entity->name) == 0 &&
                  g_strcmp0 (marrow_record_get_text (ack, "record_id"), marrow_record_get_id (record)) == 0 &&
                  g_strcmp0 (marrow_record_get_text (ack, "limit_code"), warning->code) == 0)
                acknowledged = TRUE;
            }
          if (!acknowledged)
            g_error ("sample warning %s is not acknowledged", warning->code);
        }

      /* parents first: every reference points at an earlier record */
      for (guint f = 0; f < entity->n_fields; f++)
        {
          const MarrowFieldDef *def = &entity->fields[f];
          MarrowRecord *target;

          if (def->kind != MARROW_FIELD_REF || marrow_record_is_null_at (record, f))
            continue;
          target = g_hash_table_lookup (seen_ids, marrow_record_get_text_at (record, f));
          if (target == NULL)
            g_error ("sample %s.%s points at no earlier record", entity->name, def->name);
          g_assert_cmpstr (marrow_record_get_entity_name (target), ==, def->ref_entity);
        }

      g_hash_table_insert (seen_ids, (gpointer)marrow_record_get_id (record), record);
      g_hash_table_add (seen_entities, (gpointer)entity->name);
    }

  all = marrow_entity_all (&n);
  for (guint e = 0; e < n; e++)
    if (!g_hash_table_contains (seen_entities, all[e]->name))
      g_error ("the sample chain has no %s", all[e]->name);

  /* the chain is a single, consistent story */
  {
    MarrowRecord *patient = marrow_test_sample_find (chain, "patient");
    MarrowRecord *lot = marrow_test_sample_find (chain, "product_lot");

    g_assert_cmpstr (marrow_record_get_text (lot, "source_patient_id"), ==,
                     marrow_record_get_id (patient));
    g_assert_cmpstr (marrow_record_get_text (lot, "origin"), ==, "autologous");
    g_assert_cmpstr (marrow_record_get_text (lot, "release_status"), ==, "released");
    g_assert_cmpstr (marrow_record_get_text (lot, "expires_at"), >, "2099");
  }
}

/* A record that passed is not checked again until it changes; any change
 * (a field, its status, its metadata) makes it checked again */
static void
test_validated_until_changed (void)
{
  g_autoptr(MarrowRecord) patient = marrow_record_copy (marrow_test_sample_find (chain,
                                                                                "patient"));
  g_autoptr(MarrowRecord) other = NULL;
  g_autoptr(MarrowRecord) third = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_record_validate (patient, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (marrow_record_validate (patient, NULL, NULL, &error));

  marrow_record_set_text (patient, "sex", "unknown-value");
  g_assert_false (marrow_record_validate (patient, NULL, NULL, &error));
  g_clear_error (&error);

  other = marrow_record_copy (marrow_test_sample_find (chain, "patient"));
  g_assert_true (marrow_record_validate (other, NULL, NULL, NULL));
  marrow_record_set_id (other, "not-a-uuid");
  g_assert_false (marrow_record_validate (other, NULL, NULL, NULL));

  /* assign() brings in another record's content: checked again */
  third = marrow_record_copy (marrow_test_sample_find (chain, "patient"));
  g_assert_true (marrow_record_validate (third, NULL, NULL, NULL));
  marrow_record_assign (third, patient);
  g_assert_false (marrow_record_validate (third, NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  chain = marrow_test_sample_chain ();

  g_test_add_func ("/validation/entity-tables", test_entity_tables);
  g_test_add_func ("/validation/validated-until-changed", test_validated_until_changed);
  g_test_add_func ("/validation/sample-chain", test_sample_chain);
  g_test_add_func ("/validation/hard-limits", test_hard_limits);
  g_test_add_func ("/validation/hard-limits-covered", test_hard_limits_covered);
  g_test_add_func ("/validation/rules", test_rules);
  g_test_add_func ("/validation/rules-accepted", test_rules_accepted);
  g_test_add_func ("/validation/rules-draft", test_rules_draft);
  g_test_add_func ("/validation/soft-limits", test_soft_limits);
  g_test_add_func ("/validation/required", test_required);
  g_test_add_func ("/validation/required-draft", test_required_draft);
  g_test_add_func ("/validation/enums", test_enums);
  g_test_add_func ("/validation/dates", test_dates);
  g_test_add_func ("/validation/partial-dates", test_partial_dates);
  g_test_add_func ("/validation/instants", test_instants);
  g_test_add_func ("/validation/not-future", test_not_future);
  g_test_add_func ("/validation/refs", test_refs);

  ret = g_test_run ();

  g_ptr_array_unref (chain);
  return ret;
}
