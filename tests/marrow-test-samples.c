/* marrow-test-samples.c: a complete, valid treatment chain for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One autologous BMAC treatment of a left knee in January 2026: a harvest
 * from the left PSIS, one density-gradient run, a released fresh lot with
 * one syringe, its injection with a local anaesthetic, a mild post-procedure
 * pain event, a baseline KOOS, the physician's decision on the guidance
 * during that event and the acknowledgement of the one soft limit the chain
 * passes (a 130 mL bone-marrow harvest).
 */
#define G_LOG_DOMAIN "marrow-test-samples"

#include "config.h"

#include "marrow-entities.h"
#include "marrow-test-samples.h"

static MarrowRecord *
add (GPtrArray             *chain,
     const MarrowEntityDef *entity)
{
  MarrowRecord *record = marrow_record_new (entity);

  g_ptr_array_add (chain, record);
  return record;
}

#define TEXT(r, f, v) marrow_record_set_text (r, f, v)
#define INT(r, f, v)  marrow_record_set_int (r, f, v)
#define BOOL(r, f, v) marrow_record_set_bool (r, f, v)
#define REAL(r, f, v) marrow_record_set_real (r, f, v)
#define REF(r, f, p)  marrow_record_set_text (r, f, marrow_record_get_id (p))

/**
 * marrow_test_sample_chain:
 *
 * Returns: (transfer full) (element-type MarrowRecord): at least one valid
 *   record of every entity, in an order that can be inserted (parents first)
 */
GPtrArray *
marrow_test_sample_chain (void)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);
  MarrowRecord *physician, *technologist, *patient, *weight, *jcase, *prior;
  MarrowRecord *harvest, *run, *input, *lot, *qc, *aliquot, *injection, *product, *coinjectate;
  MarrowRecord *ae, *assessment, *item, *decision, *ack;
  g_autofree char *inputs = NULL;
  g_autofree char *concluded = NULL;

  physician = add (chain, &marrow_entity_staff);
  TEXT (physician, "login", "dr.sample");
  TEXT (physician, "display_name", "Dr. Robin Sample");
  TEXT (physician, "profession", "physician");
  BOOL (physician, "can_sign_clinical", TRUE);
  BOOL (physician, "can_release", FALSE);
  BOOL (physician, "is_admin", FALSE);
  BOOL (physician, "active", TRUE);

  technologist = add (chain, &marrow_entity_staff);
  TEXT (technologist, "login", "lab.sample");
  TEXT (technologist, "display_name", "Kim Sample");
  TEXT (technologist, "profession", "lab_technologist");
  BOOL (technologist, "can_sign_clinical", FALSE);
  BOOL (technologist, "can_release", TRUE);
  BOOL (technologist, "is_admin", FALSE);
  BOOL (technologist, "active", TRUE);

  patient = add (chain, &marrow_entity_patient);
  TEXT (patient, "local_id", "MRN-000123");
  TEXT (patient, "family_name", "Example");
  TEXT (patient, "given_names", "Alex Jordan");
  TEXT (patient, "dob", "1968-04-17");
  TEXT (patient, "sex", "female");
  TEXT (patient, "phone", "+49 30 1234567");
  TEXT (patient, "email", "alex.example@example.org");
  TEXT (patient, "address_line", "Musterweg 1");
  TEXT (patient, "address_city", "Berlin");
  TEXT (patient, "address_postal_code", "10115");
  TEXT (patient, "address_country", "DE");
  BOOL (patient, "do_not_contact", FALSE);

  weight = add (chain, &marrow_entity_patient_weight);
  REF (weight, "patient_id", patient);
  TEXT (weight, "measured_on", "2026-01-05");
  REAL (weight, "weight_kg", 72.5);
  REAL (weight, "height_cm", 168.0);
  TEXT (weight, "method", "measured");

  jcase = add (chain, &marrow_entity_joint_case);
  REF (jcase, "patient_id", patient);
  TEXT (jcase, "site", "knee");
  TEXT (jcase, "side", "left");
  TEXT (jcase, "diagnosis_system", "ICD-10-CM");
  TEXT (jcase, "diagnosis_code", "M17.12");
  TEXT (jcase, "diagnosis_text", "Unilateral primary osteoarthritis, left knee");
  INT (jcase, "kl_grade", 2);
  TEXT (jcase, "onset_date", "2023-05");
  TEXT (jcase, "primary_instrument", "KOOS");
  TEXT (jcase, "status", "active");

  prior = add (chain, &marrow_entity_prior_treatment);
  REF (prior, "joint_case_id", jcase);
  TEXT (prior, "kind", "ha_injection");
  TEXT (prior, "date", "2025-03");
  TEXT (prior, "detail", "Three weekly hyaluronic acid injections");

  harvest = add (chain, &marrow_entity_harvest);
  TEXT (harvest, "coi_id", "MRW0126000123W");
  REF (harvest, "patient_id", patient);
  TEXT (harvest, "tissue", "bone_marrow");
  TEXT (harvest, "anatomic_site", "psis");
  TEXT (harvest, "harvest_side", "left");
  TEXT (harvest, "started_at", "2026-01-12T08:00:00.000Z");
  TEXT (harvest, "ended_at", "2026-01-12T08:25:00.000Z");
  TEXT (harvest, "tz", "Europe/Berlin");
  REF (harvest, "operator_id", physician);
  TEXT (harvest, "anesthesia", "local");
  TEXT (harvest, "anticoagulant", "heparin");
  REAL (harvest, "heparin_u_per_ml", 1000.0);
  REAL (harvest, "volume_collected_ml", 130.0);
  TEXT (harvest, "received_by_lab_at", "2026-01-12T08:35:00.000Z");

  run = add (chain, &marrow_entity_processing_run);
  TEXT (run, "run_code", "MRW0126000123W-P1");
  TEXT (run, "method", "density_gradient");
  TEXT (run, "device_name", "Sample BMAC system");
  TEXT (run, "device_model", "S-60");
  TEXT (run, "kit_lot", "KIT-2025-0815");
  TEXT (run, "kit_expiry", "2027-06-30");
  TEXT (run, "facility", "Point-of-care laboratory");
  REF (run, "operator_id", technologist);
  TEXT (run, "started_at", "2026-01-12T08:40:00.000Z");
  TEXT (run, "ended_at", "2026-01-12T09:10:00.000Z");
  TEXT (run, "tz", "Europe/Berlin");
  REAL (run, "input_volume_ml", 130.0);
  REAL (run, "output_volume_ml", 8.0);
  INT (run, "tnc_pre_cells", G_GINT64_CONSTANT (2600000000));
  INT (run, "tnc_post_cells", G_GINT64_CONSTANT (800000000));
  REAL (run, "tnc_post_per_ml", 1.0e8);
  REAL (run, "cfu_f_per_ml", 21000.0);
  REAL (run, "viability_pct", 93.5);
  TEXT (run, "viability_method", "7aad");
  BOOL (run, "has_deviation", FALSE);
  REF (run, "qa_reviewed_by", technologist);
  TEXT (run, "qa_reviewed_at", "2026-01-12T09:15:00.000Z");

  input = add (chain, &marrow_entity_processing_input);
  REF (input, "processing_run_id", run);
  REF (input, "harvest_id", harvest);

  lot = add (chain, &marrow_entity_product_lot);
  TEXT (lot, "coi_id", "MRW0126000123W-L1");
  TEXT (lot, "category", "bmac");
  TEXT (lot, "origin", "autologous");
  REF (lot, "source_patient_id", patient);
  REF (lot, "processing_run_id", run);
  INT (lot, "total_cells", G_GINT64_CONSTANT (800000000));
  INT (lot, "viable_cells", G_GINT64_CONSTANT (748000000));
  REAL (lot, "volume_ml", 8.0);
  REAL (lot, "conc_per_ml", 1.0e8);
  TEXT (lot, "storage", "fresh");
  REAL (lot, "storage_temp_c", 21.0);
  TEXT (lot, "expires_at", "2099-12-31T23:59:59.000Z");
  TEXT (lot, "release_status", "released");
  TEXT (lot, "release_basis", "conditional");
  TEXT (lot, "release_note", "Released on negative Gram stain, 14-day culture pending");
  REF (lot, "released_by", technologist);
  TEXT (lot, "released_at", "2026-01-12T09:20:00.000Z");
  TEXT (lot, "regulatory_pathway", "361_hctp");

  qc = add (chain, &marrow_entity_qc_test);
  REF (qc, "processing_run_id", run);
  REF (qc, "product_lot_id", lot);
  TEXT (qc, "test_code", "gram");
  TEXT (qc, "method", "Gram stain");
  TEXT (qc, "spec_text", "No organisms seen");
  TEXT (qc, "unit", "text");
  TEXT (qc, "result_text", "No organisms seen");
  TEXT (qc, "sampled_at", "2026-01-12T09:10:00.000Z");
  TEXT (qc, "read_at", "2026-01-12T09:18:00.000Z");
  INT (qc, "read_day", 0);
  TEXT (qc, "state", "final");
  TEXT (qc, "pass_fail", "pass");
  REF (qc, "reader_id", technologist);

  aliquot = add (chain, &marrow_entity_product_aliquot);
  REF (aliquot, "lot_id", lot);
  INT (aliquot, "aliquot_no", 1);
  TEXT (aliquot, "label", "MRW0126000123W-L1-01");
  TEXT (aliquot, "container", "syringe");
  REAL (aliquot, "volume_ml", 8.0);
  TEXT (aliquot, "status", "administered");
  TEXT (aliquot, "status_changed_at", "2026-01-12T09:45:00.000Z");
  REF (aliquot, "status_changed_by", physician);
  TEXT (aliquot, "storage_location", "Procedure room 1");

  injection = add (chain, &marrow_entity_injection);
  REF (injection, "joint_case_id", jcase);
  TEXT (injection, "performed_at", "2026-01-12T09:45:00.000Z");
  TEXT (injection, "tz", "Europe/Berlin");
  REF (injection, "operator_id", physician);
  TEXT (injection, "route", "intra_articular");
  TEXT (injection, "target_structure", "Knee joint, superolateral approach");
  TEXT (injection, "image_guidance", "ultrasound");
  BOOL (injection, "image_saved", TRUE);
  INT (injection, "needle_gauge", 21);
  REAL (injection, "volume_injected_ml", 10.0);
  INT (injection, "course_no", 1);
  BOOL (injection, "is_booster", FALSE);
  BOOL (injection, "identity_check_done", TRUE);
  TEXT (injection, "product_scan_result", "match");
  TEXT (injection, "immediate_reaction", "none");
  REF (injection, "weight_id_used", weight);
  INT (injection, "tnc_injected_cells", G_GINT64_CONSTANT (800000000));
  INT (injection, "viable_injected_cells", G_GINT64_CONSTANT (748000000));
  REAL (injection, "viable_cells_per_kg", 748000000.0 / 72.5);
  INT (injection, "release_to_injection_min", 25);

  product = add (chain, &marrow_entity_injection_product);
  REF (product, "injection_id", injection);
  REF (product, "aliquot_id", aliquot);
  REAL (product, "volume_injected_ml", 8.0);
  BOOL (product, "entire_unit_given", TRUE);

  coinjectate = add (chain, &marrow_entity_injection_coinjectate);
  REF (coinjectate, "injection_id", injection);
  TEXT (coinjectate, "kind", "local_anaesthetic");
  BOOL (coinjectate, "administered", TRUE);
  TEXT (coinjectate, "product_name", "Lidocaine 1 %");
  TEXT (coinjectate, "lot_no", "LID-24-3311");
  TEXT (coinjectate, "expiry", "2027-03-31");
  REAL (coinjectate, "volume_ml", 2.0);

  ae = add (chain, &marrow_entity_adverse_event);
  REF (ae, "patient_id", patient);
  REF (ae, "joint_case_id", jcase);
  REF (ae, "injection_id", injection);
  BOOL (ae, "unrelated_general", FALSE);
  TEXT (ae, "onset_date", "2026-01-13");
  TEXT (ae, "detected_via", "phone");
  TEXT (ae, "category", "post_procedure_pain");
  TEXT (ae, "description", "Knee pain and stiffness for three days after the injection");
  INT (ae, "severity_ctcae", 1);
  BOOL (ae, "serious", FALSE);
  TEXT (ae, "relatedness", "probable");
  REF (ae, "adjudicated_by", physician);
  TEXT (ae, "adjudicated_at", "2026-01-20T10:00:00.000Z");
  TEXT (ae, "expectedness", "expected");
  TEXT (ae, "action_taken", "Ice and paracetamol");
  TEXT (ae, "outcome", "recovered");
  TEXT (ae, "resolved_date", "2026-01-16");

  assessment = add (chain, &marrow_entity_assessment);
  REF (assessment, "joint_case_id", jcase);
  TEXT (assessment, "instrument_code", "KOOS");
  TEXT (assessment, "instrument_version", "LK1.0");
  TEXT (assessment, "scoring_version", "2012");
  TEXT (assessment, "mode", "paper");
  TEXT (assessment, "respondent", "patient");
  TEXT (assessment, "completed_at", "2026-01-08T09:30:00.000Z");
  REF (assessment, "entered_by", physician);
  BOOL (assessment, "is_valid", TRUE);

  item = add (chain, &marrow_entity_assessment_item);
  REF (item, "assessment_id", assessment);
  TEXT (item, "item_code", "P1");
  REAL (item, "value_num", 2.0);

  /* The physician overrides "monitor" during the early pain flare; the JSON
   * texts are short versions of what marrow-guidance-json.c writes */
  decision = add (chain, &marrow_entity_guidance_decision);
  inputs = g_strdup_printf ("{\"case\":\"%s\",\"joint\":\"knee\",\"kl_grade\":2,"
                            "\"injections\":[{\"day\":\"2026-01-12\",\"product\":\"bmac\"}]}",
                            marrow_record_get_id (jcase));
  concluded = g_strdup_printf ("{\"case\":\"%s\",\"as_of\":\"2026-01-20\","
                               "\"classification\":\"TOO_EARLY\",\"recommendation\":\"MONITOR\"}",
                               marrow_record_get_id (jcase));
  REF (decision, "joint_case_id", jcase);
  TEXT (decision, "as_of", "2026-01-20");
  TEXT (decision, "decision", "override");
  TEXT (decision, "reason", "Post-procedure pain still rising on day 8; review the knee in clinic");
  TEXT (decision, "recommendation", "MONITOR");
  TEXT (decision, "classification", "TOO_EARLY");
  TEXT (decision, "chosen_action", "HOLD_CLINICAL_REVIEW");
  TEXT (decision, "protocol_id", "knee");
  TEXT (decision, "protocol_version", "1");
  TEXT (decision, "inputs_json", inputs);
  TEXT (decision, "evaluation_json", concluded);
  REF (decision, "decided_by", physician);
  TEXT (decision, "decided_at", "2026-01-20T10:15:00.000Z");

  ack = add (chain, &marrow_entity_limit_ack);
  TEXT (ack, "table_name", "harvest");
  REF (ack, "record_id", harvest);
  INT (ack, "record_row_version", 1);
  TEXT (ack, "limit_code", "harvest.volume_collected_ml.max_bone_marrow");
  TEXT (ack, "value", "130");
  TEXT (ack, "message", "Volume collected is 130 mL, above the usual maximum of 120 mL for bone marrow");
  TEXT (ack, "reason", "Larger aspirate planned for a high-dose protocol");
  REF (ack, "by", physician);
  TEXT (ack, "at", "2026-01-12T08:30:00.000Z");

  return chain;
}

/**
 * marrow_test_sample_find:
 *
 * Returns: (transfer none) (nullable): the first record of @entity_name in @chain
 */
MarrowRecord *
marrow_test_sample_find (GPtrArray  *chain,
                         const char *entity_name)
{
  for (guint i = 0; i < chain->len; i++)
    if (g_strcmp0 (marrow_record_get_entity_name (chain->pdata[i]), entity_name) == 0)
      return chain->pdata[i];
  return NULL;
}
