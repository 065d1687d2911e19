/* marrow-entities.c: field tables of every record type (domain model section 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One MarrowEntityDef per table.  Field names are the column names of
 * domain-model.md section 4; other parts of Marrow (store, exchange, chain of
 * identity, injection checks) address fields by these names.  Hard limits are
 * the fixed "Hard" columns, soft limits the shipped ⚙ defaults of the "Soft"
 * columns.  Rules across several fields live in marrow-rules-*.c.
 *
 * Until e-signatures exist, every "*_signature_id" of the document is a
 * "*_by" (staff) plus "*_at" (instant) pair.
 */
#define G_LOG_DOMAIN "marrow-entities"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-rules-private.h"

#define REQ       MARROW_FIELD_REQUIRED
#define NOT_FUT   MARROW_FIELD_NOT_FUTURE
#define COMPUTED  MARROW_FIELD_COMPUTED
#define UNIQUE    MARROW_FIELD_UNIQUE
#define INDEXED   MARROW_FIELD_INDEXED
#define HMIN      MARROW_FIELD_HAS_MIN
#define HMAX      MARROW_FIELD_HAS_MAX
#define MIN_EXCL  (MARROW_FIELD_HAS_MIN | MARROW_FIELD_MIN_EXCLUSIVE)
#define SOFT_MIN  MARROW_FIELD_HAS_SOFT_MIN
#define SOFT_MAX  MARROW_FIELD_HAS_SOFT_MAX

/* Shorthands for the common field shapes.  Positional initialisers follow
 * the order of struct _MarrowFieldDef. */
#define F_TEXT(n, l, fl)            { n, l, MARROW_FIELD_TEXT, fl }
#define F_BOOL(n, l, fl)            { n, l, MARROW_FIELD_BOOL, fl }
#define F_DATE(n, l, fl)            { n, l, MARROW_FIELD_DATE, fl }
#define F_PDATE(n, l, fl)           { n, l, MARROW_FIELD_PARTIAL_DATE, fl }
#define F_INSTANT(n, l, fl)         { n, l, MARROW_FIELD_INSTANT, fl }
#define F_ENUM(n, l, fl, v)         { n, l, MARROW_FIELD_ENUM, fl, v }
#define F_REF(n, l, fl, e)          { n, l, MARROW_FIELD_REF, fl, NULL, e }
#define F_INT(n, l, fl, lo, hi, u)  { n, l, MARROW_FIELD_INT, fl, NULL, NULL, lo, hi, 0, 0, u }
#define F_REAL(n, l, fl, lo, hi, u) { n, l, MARROW_FIELD_REAL, fl, NULL, NULL, lo, hi, 0, 0, u }
#define F_REAL_SOFT(n, l, fl, lo, hi, slo, shi, u) \
                                    { n, l, MARROW_FIELD_REAL, fl, NULL, NULL, lo, hi, slo, shi, u }
#define F_INT_SOFT(n, l, fl, lo, hi, slo, shi, u) \
                                    { n, l, MARROW_FIELD_INT, fl, NULL, NULL, lo, hi, slo, shi, u }

#define ENTITY(var, n, l, clinical, fields, rules) \
  const MarrowEntityDef var = { n, l, clinical, fields, G_N_ELEMENTS (fields), rules }

/* Shared value lists */

static const char * const side_values[] = { "left", "right", "none", NULL };
static const char * const image_guidance_values[] = { "ultrasound", "fluoroscopy", "none", NULL };

/* 4.1 staff */

static const char * const profession_values[] = {
  "physician", "nurse", "medical_assistant", "lab_technologist", "coordinator",
  "front_desk", "manager", "other", NULL
};

static const MarrowFieldDef staff_fields[] = {
  F_TEXT ("login", N_("Login"), REQ | UNIQUE),
  F_TEXT ("display_name", N_("Name"), REQ),
  F_ENUM ("profession", N_("Profession"), REQ, profession_values),
  F_BOOL ("can_sign_clinical", N_("Can sign clinical decisions"), 0),
  F_BOOL ("can_release", N_("Can release product lots"), 0),
  F_BOOL ("is_admin", N_("Administrator"), 0),
  F_BOOL ("active", N_("Active"), 0),
};

ENTITY (marrow_entity_staff, "staff", N_("Staff member"), FALSE, staff_fields, NULL);

/* 4.2 patient, patient_weight */

static const char * const sex_values[] = { "female", "male", "other", "unknown", NULL };

static const MarrowFieldDef patient_fields[] = {
  F_TEXT ("local_id", N_("Medical record number"), REQ | UNIQUE),
  F_TEXT ("family_name", N_("Family name"), REQ | INDEXED),
  F_TEXT ("given_names", N_("Given names"), 0),
  F_DATE ("dob", N_("Date of birth"), REQ | NOT_FUT),
  F_ENUM ("sex", N_("Sex"), REQ, sex_values),
  F_TEXT ("phone", N_("Phone"), 0),
  F_TEXT ("email", N_("Email"), 0),
  F_TEXT ("address_line", N_("Address"), 0),
  F_TEXT ("address_city", N_("City"), 0),
  F_TEXT ("address_postal_code", N_("Postal code"), 0),
  F_TEXT ("address_country", N_("Country"), 0),
  F_BOOL ("do_not_contact", N_("Do not contact"), 0),
  F_TEXT ("note", N_("Note"), 0),
};

ENTITY (marrow_entity_patient, "patient", N_("Patient"), TRUE, patient_fields,
        _marrow_rules_patient);

static const char * const weight_method_values[] = { "measured", "reported", NULL };

static const MarrowFieldDef patient_weight_fields[] = {
  F_REF ("patient_id", N_("Patient"), REQ, "patient"),
  F_DATE ("measured_on", N_("Measured on"), REQ | NOT_FUT | INDEXED),
  F_REAL ("weight_kg", N_("Weight"), REQ | HMIN | HMAX, 20, 300, "kg"),
  F_REAL ("height_cm", N_("Height"), HMIN | HMAX, 50, 250, "cm"),
  F_ENUM ("method", N_("Method"), REQ, weight_method_values),
};

ENTITY (marrow_entity_patient_weight, "patient_weight", N_("Weight"), TRUE,
        patient_weight_fields, NULL);

/* 4.3 joint_case, prior_treatment */

static const char * const joint_site_values[] = {
  "knee", "hip", "shoulder_gh", "ac_joint", "ankle", "subtalar", "elbow", "wrist",
  "hand_cmc1", "spine_facet",
  "tendon_achilles", "tendon_patellar", "tendon_rotator_cuff", "tendon_common_extensor",
  "tendon_gluteal", "tendon_hamstring",
  "ligament_acl", "ligament_mcl", "ligament_pcl", "ligament_lcl", "ligament_atfl",
  "other", NULL
};

static const char * const case_status_values[] = {
  "active", "closed", "converted_to_surgery", NULL
};

static const char * const surgery_type_values[] = {
  "arthroplasty", "osteotomy", "arthroscopy", "other", NULL
};

static const MarrowFieldDef joint_case_fields[] = {
  F_REF ("patient_id", N_("Patient"), REQ, "patient"),
  F_ENUM ("site", N_("Site"), REQ, joint_site_values),
  F_ENUM ("side", N_("Side"), REQ, side_values),
  F_TEXT ("diagnosis_system", N_("Diagnosis code system"), 0),
  F_TEXT ("diagnosis_code", N_("Diagnosis code"), REQ),
  F_TEXT ("diagnosis_text", N_("Diagnosis"), REQ),
  /* KL 4 is a soft limit for a cell therapy (site SOP, guidance G5j) */
  F_INT_SOFT ("kl_grade", N_("Kellgren-Lawrence grade"), HMIN | HMAX | SOFT_MAX, 0, 4, 0, 3, NULL),
  F_PDATE ("onset_date", N_("Onset date"), NOT_FUT),
  F_TEXT ("primary_instrument", N_("Primary instrument"), 0),
  F_ENUM ("status", N_("Status"), REQ | INDEXED, case_status_values),
  F_DATE ("surgery_date", N_("Surgery date"), 0),
  F_ENUM ("surgery_type", N_("Surgery type"), 0, surgery_type_values),
  F_TEXT ("closed_reason", N_("Reason for closing"), 0),
};

ENTITY (marrow_entity_joint_case, "joint_case", N_("Joint case"), TRUE, joint_case_fields,
        _marrow_rules_joint_case);

static const char * const prior_treatment_kind_values[] = {
  "corticosteroid_injection", "ha_injection", "prp_injection", "other_ia_injection",
  "surgery", "physiotherapy", "other", NULL
};

static const MarrowFieldDef prior_treatment_fields[] = {
  F_REF ("joint_case_id", N_("Joint case"), REQ, "joint_case"),
  F_ENUM ("kind", N_("Kind of treatment"), REQ, prior_treatment_kind_values),
  F_PDATE ("date", N_("Date"), NOT_FUT),
  F_TEXT ("detail", N_("Detail"), 0),
};

ENTITY (marrow_entity_prior_treatment, "prior_treatment", N_("Prior treatment"), TRUE,
        prior_treatment_fields, NULL);

/* 4.4 harvest */

static const char * const tissue_values[] = {
  "bone_marrow", "adipose", "peripheral_blood", NULL
};

static const char * const harvest_site_values[] = {
  "psis", "posterior_iliac_crest", "anterior_iliac_crest", "proximal_tibia",
  "proximal_humerus", "calcaneus",
  "abdomen", "flank", "thigh",
  "peripheral_vein",
  NULL
};

static const char * const anesthesia_values[] = { "local", "sedation", "general", NULL };
static const char * const anticoagulant_values[] = { "heparin", "acd_a", "none", NULL };

static const MarrowFieldDef harvest_fields[] = {
  F_TEXT ("coi_id", N_("Chain-of-identity ID"), UNIQUE | MARROW_FIELD_COI_BASE),
  F_REF ("patient_id", N_("Patient"), REQ, "patient"),
  F_ENUM ("tissue", N_("Tissue"), REQ, tissue_values),
  F_ENUM ("anatomic_site", N_("Harvest site"), REQ, harvest_site_values),
  F_ENUM ("harvest_side", N_("Harvest side"), 0, side_values),
  F_INSTANT ("started_at", N_("Started at"), REQ | NOT_FUT | INDEXED),
  F_INSTANT ("ended_at", N_("Ended at"), NOT_FUT),
  F_TEXT ("tz", N_("Time zone"), 0),
  F_REF ("operator_id", N_("Operator"), REQ, "staff"),
  F_REF ("assistant_id", N_("Assistant"), 0, "staff"),
  F_ENUM ("anesthesia", N_("Anaesthesia"), 0, anesthesia_values),
  F_ENUM ("anticoagulant", N_("Anticoagulant"), 0, anticoagulant_values),
  F_REAL ("heparin_u_per_ml", N_("Heparin concentration"), MIN_EXCL, 0, 0, "U/mL"),
  F_TEXT ("acd_ratio", N_("ACD-A ratio"), 0),
  F_REAL ("volume_collected_ml", N_("Volume collected"), HMIN | HMAX, 1, 500, "mL"),
  F_INSTANT ("received_by_lab_at", N_("Received by the laboratory at"), NOT_FUT),
};

ENTITY (marrow_entity_harvest, "harvest", N_("Harvest"), TRUE, harvest_fields,
        _marrow_rules_harvest);

/* 4.5 processing_run, processing_input */

static const char * const processing_method_values[] = {
  "density_gradient", "filtration", "enzymatic_digestion", "micro_fragmentation",
  "culture_expansion", "cryopreservation", "thaw_wash", NULL
};

static const char * const viability_method_values[] = {
  "trypan_blue", "7aad", "ao_pi", NULL
};

static const MarrowFieldDef processing_run_fields[] = {
  F_TEXT ("run_code", N_("Run code"), UNIQUE | MARROW_FIELD_COI_RUN),
  F_ENUM ("method", N_("Method"), REQ, processing_method_values),
  F_TEXT ("device_name", N_("Device"), 0),
  F_TEXT ("device_model", N_("Device model"), 0),
  F_TEXT ("kit_lot", N_("Kit lot"), 0),
  F_DATE ("kit_expiry", N_("Kit expiry"), 0),
  F_TEXT ("facility", N_("Facility"), REQ),
  F_REF ("operator_id", N_("Operator"), REQ, "staff"),
  F_INSTANT ("started_at", N_("Started at"), REQ | NOT_FUT | INDEXED),
  F_INSTANT ("ended_at", N_("Ended at"), REQ | NOT_FUT),
  F_TEXT ("tz", N_("Time zone"), 0),
  F_REAL ("input_volume_ml", N_("Input volume"), MIN_EXCL, 0, 0, "mL"),
  F_REAL ("output_volume_ml", N_("Output volume"), MIN_EXCL, 0, 0, "mL"),
  F_INT ("tnc_pre_cells", N_("TNC before processing"), HMIN, 0, 0, "cells"),
  F_INT ("tnc_post_cells", N_("TNC after processing"), HMIN, 0, 0, "cells"),
  F_REAL ("tnc_post_per_ml", N_("TNC concentration after processing"), HMIN, 0, 0, "cells/mL"),
  F_REAL ("cfu_f_per_ml", N_("CFU-F concentration"), HMIN | HMAX, 0, 1e6, "CFU-F/mL"),
  /* below spec ⚙ (default 70 %) */
  F_REAL_SOFT ("viability_pct", N_("Viability"), HMIN | HMAX | SOFT_MIN, 0, 100, 70, 0, "%"),
  F_ENUM ("viability_method", N_("Viability method"), 0, viability_method_values),
  F_BOOL ("has_deviation", N_("Deviation"), 0),
  F_TEXT ("deviation_text", N_("Deviation description"), 0),
  /* stand-in for qa_signature_id */
  F_REF ("qa_reviewed_by", N_("QA reviewed by"), 0, "staff"),
  F_INSTANT ("qa_reviewed_at", N_("QA reviewed at"), NOT_FUT),
};

ENTITY (marrow_entity_processing_run, "processing_run", N_("Processing run"), TRUE,
        processing_run_fields, _marrow_rules_processing_run);

static const MarrowFieldDef processing_input_fields[] = {
  F_REF ("processing_run_id", N_("Processing run"), REQ, "processing_run"),
  F_REF ("harvest_id", N_("Harvest"), REQ, "harvest"),
};

ENTITY (marrow_entity_processing_input, "processing_input", N_("Processing input"), TRUE,
        processing_input_fields, NULL);

/* 4.7 product_lot (before qc_test, which may point at a lot) */

static const char * const lot_category_values[] = {
  "bmac", "svf", "mfat", "bm_msc_expanded", "ad_msc_expanded", "uc_wj_msc_allogeneic",
  "prp_pl_adjunct", NULL
};

static const char * const lot_origin_values[] = {
  "autologous", "allogeneic_related", "allogeneic_unrelated", NULL
};

static const char * const storage_values[] = {
  "fresh", "refrigerated", "cryopreserved", NULL
};

static const char * const release_status_values[] = {
  "quarantine", "released", "rejected", NULL
};

static const char * const release_basis_values[] = { "all_tests_pass", "conditional", NULL };

static const char * const regulatory_pathway_values[] = {
  "361_hctp", "ssp_exception", "ind_351", "hospital_exemption", "other", NULL
};

static const MarrowFieldDef product_lot_fields[] = {
  F_TEXT ("coi_id", N_("Chain-of-identity ID"), UNIQUE | MARROW_FIELD_COI_LOT),
  F_ENUM ("category", N_("Product category"), REQ, lot_category_values),
  F_ENUM ("origin", N_("Origin"), REQ, lot_origin_values),
  F_REF ("source_patient_id", N_("Source patient"), 0, "patient"),
  F_REF ("processing_run_id", N_("Processing run"), 0, "processing_run"),
  F_TEXT ("supplier_name", N_("Supplier"), 0),
  F_TEXT ("supplier_product_code", N_("Supplier product code"), 0),
  F_TEXT ("supplier_lot_no", N_("Supplier lot number"), 0),
  F_INSTANT ("received_at", N_("Received at"), NOT_FUT),
  F_REF ("received_by", N_("Received by"), 0, "staff"),
  F_INT ("total_cells", N_("Total cells"), HMIN, 0, 0, "cells"),
  F_INT ("viable_cells", N_("Viable cells"), HMIN, 0, 0, "cells"),
  F_REAL ("volume_ml", N_("Volume"), MIN_EXCL, 0, 0, "mL"),
  F_REAL ("conc_per_ml", N_("Cell concentration"), COMPUTED, 0, 0, "cells/mL"),
  F_ENUM ("storage", N_("Storage"), REQ, storage_values),
  F_REAL ("storage_temp_c", N_("Storage temperature"), HMIN | HMAX, -200, 40, "°C"),
  F_REAL ("dmso_pct", N_("DMSO"), HMIN | HMAX, 0, 10, "%"),
  F_INSTANT ("frozen_at", N_("Frozen at"), NOT_FUT),
  F_INSTANT ("expires_at", N_("Expires at"), REQ | INDEXED),
  F_ENUM ("release_status", N_("Release status"), REQ | INDEXED, release_status_values),
  F_ENUM ("release_basis", N_("Release basis"), 0, release_basis_values),
  F_TEXT ("release_note", N_("Release note"), 0),
  /* stand-in for release_signature_id */
  F_REF ("released_by", N_("Released by"), 0, "staff"),
  F_INSTANT ("released_at", N_("Released at"), NOT_FUT),
  F_ENUM ("regulatory_pathway", N_("Regulatory pathway"), REQ, regulatory_pathway_values),
  F_TEXT ("ind_number", N_("IND number"), 0),
};

ENTITY (marrow_entity_product_lot, "product_lot", N_("Product lot"), TRUE, product_lot_fields,
        _marrow_rules_product_lot);

/* 4.6 qc_test */

static const char * const qc_test_code_values[] = {
  "gram", "sterility_aerobic", "sterility_anaerobic", "fungal", "endotoxin", "viability",
  "cell_count", NULL
};

static const char * const qc_unit_values[] = {
  "EU/mL", "EU/kg", "%", "cells", "cells/mL", "text", NULL
};

static const char * const qc_state_values[] = { "pending", "final", NULL };

static const char * const qc_pass_fail_values[] = {
  "pass", "fail", "pending", "not_applicable", NULL
};

static const MarrowFieldDef qc_test_fields[] = {
  F_REF ("processing_run_id", N_("Processing run"), 0, "processing_run"),
  F_REF ("product_lot_id", N_("Product lot"), 0, "product_lot"),
  F_ENUM ("test_code", N_("Test"), REQ, qc_test_code_values),
  F_TEXT ("method", N_("Method"), REQ),
  F_REAL ("spec_min", N_("Specification minimum"), 0, 0, 0, NULL),
  F_REAL ("spec_max", N_("Specification maximum"), 0, 0, 0, NULL),
  F_TEXT ("spec_text", N_("Specification"), 0),
  F_REAL ("result_value", N_("Result"), 0, 0, 0, NULL),
  F_ENUM ("unit", N_("Unit"), 0, qc_unit_values),
  F_TEXT ("result_text", N_("Result text"), 0),
  F_INSTANT ("sampled_at", N_("Sampled at"), NOT_FUT),
  F_INSTANT ("read_at", N_("Read at"), NOT_FUT),
  F_INT ("read_day", N_("Read on day"), HMIN, 0, 0, NULL),
  F_ENUM ("state", N_("State"), REQ, qc_state_values),
  { "pass_fail", N_("Pass or fail"), MARROW_FIELD_ENUM, COMPUTED, qc_pass_fail_values },
  F_REF ("reader_id", N_("Read by"), 0, "staff"),
};

ENTITY (marrow_entity_qc_test, "qc_test", N_("QC test"), TRUE, qc_test_fields,
        _marrow_rules_qc_test);

/* 4.7 product_aliquot */

static const char * const container_values[] = { "syringe", "bag", "vial", NULL };

static const char * const aliquot_status_values[] = {
  "quarantine", "released", "issued", "administered", "expired", "discarded", "recalled", NULL
};

static const MarrowFieldDef product_aliquot_fields[] = {
  F_REF ("lot_id", N_("Product lot"), REQ, "product_lot"),
  F_INT ("aliquot_no", N_("Aliquot number"), REQ | HMIN | HMAX, 1, 99, NULL),
  F_TEXT ("label", N_("Label"), UNIQUE | MARROW_FIELD_COI_ALIQUOT),
  F_ENUM ("container", N_("Container"), REQ, container_values),
  F_REAL ("volume_ml", N_("Volume"), MIN_EXCL, 0, 0, "mL"),
  F_ENUM ("status", N_("Status"), REQ | INDEXED, aliquot_status_values),
  F_INSTANT ("status_changed_at", N_("Status changed at"), NOT_FUT),
  F_REF ("status_changed_by", N_("Status changed by"), 0, "staff"),
  F_TEXT ("status_reason", N_("Reason for the status"), 0),
  F_TEXT ("storage_location", N_("Storage location"), 0),
};

ENTITY (marrow_entity_product_aliquot, "product_aliquot", N_("Product aliquot"), TRUE,
        product_aliquot_fields, _marrow_rules_product_aliquot);

/* 4.9 injection, injection_product, injection_coinjectate */

static const char * const route_values[] = {
  "intra_articular", "peri_articular", "intra_tendinous", "peritendinous",
  "intra_ligamentous", "subchondral", "intramedullary", "intravenous", NULL
};

static const char * const scan_result_values[] = { "match", "mismatch", "manual_entry", NULL };

static const char * const immediate_reaction_values[] = {
  "none", "vasovagal", "pain_flare", "fever", "chills", "hypertension", "other", NULL
};

static const MarrowFieldDef injection_fields[] = {
  F_REF ("joint_case_id", N_("Joint case"), REQ, "joint_case"),
  F_INSTANT ("performed_at", N_("Performed at"), REQ | NOT_FUT | INDEXED),
  F_TEXT ("tz", N_("Time zone"), 0),
  F_REF ("operator_id", N_("Operator"), REQ, "staff"),
  F_REF ("assistant_id", N_("Assistant"), 0, "staff"),
  F_ENUM ("route", N_("Route"), REQ, route_values),
  F_TEXT ("target_structure", N_("Target structure"), 0),
  F_ENUM ("image_guidance", N_("Image guidance"), REQ, image_guidance_values),
  F_BOOL ("image_saved", N_("Image saved"), 0),
  F_INT ("needle_gauge", N_("Needle gauge"), HMIN | HMAX, 18, 30, "G"),
  F_REAL ("volume_injected_ml", N_("Volume injected"), HMIN | HMAX, 0.1, 60, "mL"),
  F_INT ("course_no", N_("Course number"), COMPUTED, 0, 0, NULL),
  F_BOOL ("is_booster", N_("Booster"), 0),
  F_TEXT ("booster_reason", N_("Reason for the booster"), 0),
  F_BOOL ("identity_check_done", N_("Patient identity checked"), 0),
  F_ENUM ("product_scan_result", N_("Product scan result"), 0, scan_result_values),
  F_TEXT ("scan_reason", N_("Reason for manual entry"), 0),
  F_INSTANT ("thawed_at", N_("Thawed at"), NOT_FUT),
  /* below spec ⚙ (default 70 %, as for processing) */
  F_REAL_SOFT ("post_thaw_viability_pct", N_("Post-thaw viability"), HMIN | HMAX | SOFT_MIN,
               0, 100, 70, 0, "%"),
  F_ENUM ("immediate_reaction", N_("Immediate reaction"), REQ, immediate_reaction_values),
  F_REF ("weight_id_used", N_("Weight used"), COMPUTED, "patient_weight"),
  F_INT ("tnc_injected_cells", N_("TNC injected"), COMPUTED, 0, 0, "cells"),
  F_INT ("viable_injected_cells", N_("Viable cells injected"), COMPUTED, 0, 0, "cells"),
  F_REAL ("viable_cells_per_kg", N_("Viable cells per kg"), COMPUTED, 0, 0, "cells/kg"),
  F_REAL ("endotoxin_eu_per_kg", N_("Endotoxin per kg"), COMPUTED, 0, 0, "EU/kg"),
  F_INT ("release_to_injection_min", N_("Release to injection"), COMPUTED, 0, 0, "min"),
  F_INT ("thaw_to_injection_min", N_("Thaw to injection"), COMPUTED, 0, 0, "min"),
};

ENTITY (marrow_entity_injection, "injection", N_("Injection"), TRUE, injection_fields,
        _marrow_rules_injection);

static const char * const remainder_fate_values[] = { "discarded", "returned", "other", NULL };

static const MarrowFieldDef injection_product_fields[] = {
  F_REF ("injection_id", N_("Injection"), REQ, "injection"),
  F_REF ("aliquot_id", N_("Aliquot"), REQ, "product_aliquot"),
  F_REAL ("volume_injected_ml", N_("Volume injected"), REQ | MIN_EXCL, 0, 0, "mL"),
  F_BOOL ("entire_unit_given", N_("Entire unit given"), REQ),
  F_ENUM ("remainder_fate", N_("Fate of the remainder"), 0, remainder_fate_values),
  F_TEXT ("remainder_reason", N_("Reason for the remainder"), 0),
};

ENTITY (marrow_entity_injection_product, "injection_product", N_("Injected product"), TRUE,
        injection_product_fields, _marrow_rules_injection_product);

static const char * const coinjectate_kind_values[] = {
  "prp", "platelet_lysate", "hyaluronic_acid", "local_anaesthetic", "other", NULL
};

static const MarrowFieldDef injection_coinjectate_fields[] = {
  F_REF ("injection_id", N_("Injection"), REQ, "injection"),
  F_ENUM ("kind", N_("Kind of co-injectate"), REQ, coinjectate_kind_values),
  F_BOOL ("administered", N_("Administered"), REQ),
  F_TEXT ("product_name", N_("Product name"), 0),
  F_TEXT ("lot_no", N_("Lot number"), 0),
  F_DATE ("expiry", N_("Expiry"), 0),
  F_REAL ("volume_ml", N_("Volume"), HMIN, 0, 0, "mL"),
};

ENTITY (marrow_entity_injection_coinjectate, "injection_coinjectate", N_("Co-injectate"), TRUE,
        injection_coinjectate_fields, _marrow_rules_injection_coinjectate);

/* 4.10 adverse_event */

static const char * const detected_via_values[] = {
  "registry_questionnaire", "phone", "visit", "other", NULL
};

static const char * const ae_category_values[] = {
  "injection_site_pain", "injection_site_swelling", "effusion", "post_procedure_pain",
  "progressive_djd_pain", "septic_arthritis", "harvest_site_pain", "harvest_site_haematoma",
  "vasovagal", "allergic", "infusion_reaction", "thromboembolism", "neoplasm", "other", NULL
};

static const char * const relatedness_values[] = {
  "unrelated", "unlikely", "possible", "probable", "definite", NULL
};

static const char * const expectedness_values[] = { "expected", "unexpected", NULL };

static const char * const ae_outcome_values[] = {
  "recovered", "recovering", "not_recovered", "sequelae", "fatal", NULL
};

static const MarrowFieldDef adverse_event_fields[] = {
  F_REF ("patient_id", N_("Patient"), REQ, "patient"),
  F_REF ("joint_case_id", N_("Joint case"), 0, "joint_case"),
  F_REF ("injection_id", N_("Injection"), 0, "injection"),
  F_REF ("harvest_id", N_("Harvest"), 0, "harvest"),
  F_REF ("product_lot_id", N_("Product lot"), 0, "product_lot"),
  F_BOOL ("unrelated_general", N_("Unrelated general event"), 0),
  F_DATE ("onset_date", N_("Onset date"), REQ | NOT_FUT | INDEXED),
  F_ENUM ("detected_via", N_("Detected via"), REQ, detected_via_values),
  F_ENUM ("category", N_("Category"), REQ, ae_category_values),
  F_TEXT ("description", N_("Description"), REQ),
  F_INT ("severity_ctcae", N_("Severity (CTCAE grade)"), REQ | HMIN | HMAX, 1, 5, NULL),
  F_BOOL ("serious", N_("Serious"), 0),
  /* a set: comma-separated codes of marrow_ae_serious_criteria_values */
  F_TEXT ("serious_criteria", N_("Seriousness criteria"), 0),
  F_ENUM ("relatedness", N_("Relatedness"), 0, relatedness_values),
  /* stand-in for adjudication_signature_id */
  F_REF ("adjudicated_by", N_("Adjudicated by"), 0, "staff"),
  F_INSTANT ("adjudicated_at", N_("Adjudicated at"), NOT_FUT),
  F_ENUM ("expectedness", N_("Expectedness"), 0, expectedness_values),
  F_TEXT ("action_taken", N_("Action taken"), 0),
  F_ENUM ("outcome", N_("Outcome"), 0, ae_outcome_values),
  F_DATE ("resolved_date", N_("Resolved on"), NOT_FUT),
};

ENTITY (marrow_entity_adverse_event, "adverse_event", N_("Adverse event"), TRUE,
        adverse_event_fields, _marrow_rules_adverse_event);

/* 4.12 assessment, assessment_item */

static const char * const assessment_mode_values[] = {
  "paper", "tablet_in_clinic", "phone_interview", "proxy", NULL
};

static const char * const respondent_values[] = { "patient", "proxy", "clinician", NULL };

/* The follow-up visit an assessment belongs to (issue 5: baseline, 6 weeks,
 * 3, 6, 12 months, yearly; the ids of the default schedule in
 * data/protocols).  Optional: older and imported assessments have none. */
static const char * const assessment_timepoint_values[] = {
  "baseline", "6w", "3m", "6m", "12m", "yearly", NULL
};

static const MarrowFieldDef assessment_fields[] = {
  F_REF ("joint_case_id", N_("Joint case"), REQ, "joint_case"),
  F_TEXT ("instrument_code", N_("Instrument"), REQ | INDEXED),
  F_TEXT ("instrument_version", N_("Instrument version"), REQ),
  F_TEXT ("scoring_version", N_("Scoring version"), REQ),
  F_TEXT ("form_variant", N_("Form variant"), 0),
  F_ENUM ("mode", N_("Mode"), REQ, assessment_mode_values),
  F_ENUM ("respondent", N_("Respondent"), REQ, respondent_values),
  F_INSTANT ("completed_at", N_("Completed at"), REQ | NOT_FUT | INDEXED),
  F_REF ("entered_by", N_("Entered by"), REQ, "staff"),
  F_TEXT ("recall_period", N_("Recall period"), 0),
  F_BOOL ("is_valid", N_("Valid"), 0),
  F_TEXT ("invalid_reason", N_("Reason for invalidity"), 0),
  F_ENUM ("timepoint", N_("Time point"), 0, assessment_timepoint_values),
};

ENTITY (marrow_entity_assessment, "assessment", N_("Assessment"), TRUE, assessment_fields,
        _marrow_rules_assessment);

static const MarrowFieldDef assessment_item_fields[] = {
  F_REF ("assessment_id", N_("Assessment"), REQ, "assessment"),
  F_TEXT ("item_code", N_("Item"), REQ),
  F_REAL ("value_num", N_("Value"), 0, 0, 0, NULL),
  F_TEXT ("value_text", N_("Text value"), 0),
};

ENTITY (marrow_entity_assessment_item, "assessment_item", N_("Assessment item"), TRUE,
        assessment_item_fields, NULL);

/* 4.13 guidance_decision: the physician's decision on one guidance
 * evaluation, stored with what the engine read and said.  The codes are
 * the engine's (marrow-guidance-codes.c); a test keeps the lists equal. */

static const char * const guidance_decision_values[] = { "accept", "override", NULL };

static const char * const guidance_classification_values[] = {
  "TOO_EARLY", "NO_RESPONSE_YET", "RESPONDER", "PARTIAL", "NON_RESPONDER", "WORSENED",
  "INSUFFICIENT_DATA", NULL
};

static const char * const guidance_recommendation_values[] = {
  "HOLD_CLINICAL_REVIEW", "CONSIDER_REPEAT", "PROTOCOL_SECOND_DOSE_DUE", "REPEAT_NOT_SUPPORTED",
  "NO_REPEAT_NEEDED", "MONITOR", "INSUFFICIENT_DATA", NULL
};

static const MarrowFieldDef guidance_decision_fields[] = {
  F_REF ("joint_case_id", N_("Joint case"), REQ, "joint_case"),
  F_DATE ("as_of", N_("Evaluated as of"), REQ),
  F_ENUM ("decision", N_("Decision"), REQ, guidance_decision_values),
  F_TEXT ("reason", N_("Reason"), 0),
  F_ENUM ("recommendation", N_("Recommendation"), REQ, guidance_recommendation_values),
  F_ENUM ("classification", N_("Classification"), REQ, guidance_classification_values),
  F_ENUM ("chosen_action", N_("Chosen action"), 0, guidance_recommendation_values),
  F_TEXT ("protocol_id", N_("Protocol"), REQ),
  F_TEXT ("protocol_version", N_("Protocol version"), REQ),
  F_TEXT ("inputs_json", N_("Inputs of the evaluation"), REQ),
  F_TEXT ("evaluation_json", N_("Evaluation"), REQ),
  /* stand-in for decision_signature_id */
  F_REF ("decided_by", N_("Decided by"), REQ, "staff"),
  F_INSTANT ("decided_at", N_("Decided at"), REQ | NOT_FUT),
};

ENTITY (marrow_entity_guidance_decision, "guidance_decision", N_("Guidance decision"), TRUE,
        guidance_decision_fields, _marrow_rules_guidance_decision);

/* 4.14 limit_ack */

static const MarrowFieldDef limit_ack_fields[] = {
  F_TEXT ("table_name", N_("Table"), REQ),
  F_TEXT ("record_id", N_("Record"), REQ | INDEXED),
  F_INT ("record_row_version", N_("Row version of the record"), REQ | HMIN, 1, 0, NULL),
  F_TEXT ("limit_code", N_("Limit"), REQ),
  F_TEXT ("value", N_("Value"), 0),
  F_TEXT ("message", N_("Message"), REQ),
  F_TEXT ("reason", N_("Reason"), REQ),
  F_REF ("by", N_("Acknowledged by"), REQ, "staff"),
  F_INSTANT ("at", N_("Acknowledged at"), REQ | NOT_FUT),
};

ENTITY (marrow_entity_limit_ack, "limit_ack", N_("Acknowledged limit"), TRUE, limit_ack_fields,
        _marrow_rules_limit_ack);

/* Parents before children: the order in which a store can insert rows and an
 * archive can be written. */
static const MarrowEntityDef * const all_entities[] = {
  &marrow_entity_staff,
  &marrow_entity_patient,
  &marrow_entity_patient_weight,
  &marrow_entity_joint_case,
  &marrow_entity_prior_treatment,
  &marrow_entity_harvest,
  &marrow_entity_processing_run,
  &marrow_entity_processing_input,
  &marrow_entity_product_lot,
  &marrow_entity_qc_test,
  &marrow_entity_product_aliquot,
  &marrow_entity_injection,
  &marrow_entity_injection_product,
  &marrow_entity_injection_coinjectate,
  &marrow_entity_adverse_event,
  &marrow_entity_assessment,
  &marrow_entity_assessment_item,
  &marrow_entity_guidance_decision,
  &marrow_entity_limit_ack,
};

/**
 * marrow_entity_all:
 * @n_entities: (out): the number of entities
 *
 * Returns: (array length=n_entities) (transfer none): every record type, parents before children
 */
const MarrowEntityDef * const *
marrow_entity_all (guint *n_entities)
{
  g_return_val_if_fail (n_entities != NULL, NULL);

  *n_entities = G_N_ELEMENTS (all_entities);
  return all_entities;
}

/**
 * marrow_entity_lookup:
 * @name: a table name
 *
 * Returns: (nullable) (transfer none): the entity called @name
 */
const MarrowEntityDef *
marrow_entity_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_entities); i++)
    if (strcmp (all_entities[i]->name, name) == 0)
      return all_entities[i];
  return NULL;
}
