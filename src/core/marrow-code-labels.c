/* marrow-code-labels.c: translated names of the coded values of the entity tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entity tables hold the stored codes ("shoulder_gh", "acd_a"); people
 * read these names instead (domain model 2.8: "labels are translated in the
 * UI").  Most codes mean the same wherever they appear; the few that do
 * not ("none" as a side or as an anticoagulant) are named per field first.
 * A form for a new record type adds the codes of its fields here, and
 * tests/test-forms.c checks that every code of a form's fields has a name.
 * The names live in the core because the forms, the pages and the printed
 * reports (which marrow-cli writes without GTK) all show them.
 */
#define G_LOG_DOMAIN "marrow-code-labels"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-code-labels.h"

typedef struct
{
  const char *field;  /* NULL: any field */
  const char *code;
  const char *label;
} CodeLabel;

static const CodeLabel code_labels[] = {
  /* Codes whose name depends on the field */
  { "side", "none", N_("None (midline site)") },
  { "harvest_side", "none", N_("None") },
  { "anticoagulant", "none", N_("None") },
  { "closed_reason", "completed", N_("Treatment completed") },
  { "closed_reason", "lost_to_follow_up", N_("Lost to follow-up") },
  { "serious_criteria", "other", N_("Other important medical event") },
  { "image_guidance", "none", N_("None") },
  { "immediate_reaction", "none", N_("None") },
  { "unit", "text", N_("Text result") },

  /* Shared */
  { NULL, "other", N_("Other") },
  { NULL, "left", N_("Left") },
  { NULL, "right", N_("Right") },

  /* staff.profession */
  { NULL, "physician", N_("Physician") },
  { NULL, "nurse", N_("Nurse") },
  { NULL, "medical_assistant", N_("Medical assistant") },
  { NULL, "lab_technologist", N_("Laboratory technologist") },
  { NULL, "coordinator", N_("Coordinator") },
  { NULL, "front_desk", N_("Front desk") },
  { NULL, "manager", N_("Manager") },

  /* patient.sex */
  { NULL, "female", N_("Female") },
  { NULL, "male", N_("Male") },
  { NULL, "unknown", N_("Unknown") },

  /* patient_weight.method */
  { NULL, "measured", N_("Measured") },
  { NULL, "reported", N_("Reported by the patient") },

  /* joint_case.site */
  { NULL, "knee", N_("Knee") },
  { NULL, "hip", N_("Hip") },
  { NULL, "shoulder_gh", N_("Shoulder (glenohumeral)") },
  { NULL, "ac_joint", N_("Acromioclavicular joint") },
  { NULL, "ankle", N_("Ankle") },
  { NULL, "subtalar", N_("Subtalar joint") },
  { NULL, "elbow", N_("Elbow") },
  { NULL, "wrist", N_("Wrist") },
  { NULL, "hand_cmc1", N_("Thumb base (CMC 1)") },
  { NULL, "spine_facet", N_("Spine facet joint") },
  { NULL, "tendon_achilles", N_("Achilles tendon") },
  { NULL, "tendon_patellar", N_("Patellar tendon") },
  { NULL, "tendon_rotator_cuff", N_("Rotator cuff") },
  { NULL, "tendon_common_extensor", N_("Common extensor tendon (elbow)") },
  { NULL, "tendon_gluteal", N_("Gluteal tendon") },
  { NULL, "tendon_hamstring", N_("Hamstring tendon") },
  { NULL, "ligament_acl", N_("Anterior cruciate ligament") },
  { NULL, "ligament_mcl", N_("Medial collateral ligament") },
  { NULL, "ligament_pcl", N_("Posterior cruciate ligament") },
  { NULL, "ligament_lcl", N_("Lateral collateral ligament") },
  { NULL, "ligament_atfl", N_("Anterior talofibular ligament") },

  /* assessment.mode, respondent, recall_period, timepoint */
  { "mode", "proxy", N_("Filled in by a proxy") },
  { "respondent", "proxy", N_("A proxy (relative or carer)") },
  { NULL, "paper", N_("Paper form") },
  { NULL, "tablet_in_clinic", N_("Tablet in the clinic") },
  { NULL, "phone_interview", N_("Phone interview") },
  { "respondent", "patient", N_("The patient") },
  { "respondent", "clinician", N_("A clinician") },
  { NULL, "past_week_average", N_("Average over the past week") },
  { NULL, "past_24_hours_average", N_("Average over the past 24 hours") },
  { NULL, "now", N_("Right now") },
  { NULL, "baseline", N_("Baseline") },
  { NULL, "6w", N_("6 weeks") },
  { NULL, "3m", N_("3 months") },
  { NULL, "6m", N_("6 months") },
  { NULL, "12m", N_("12 months") },
  { NULL, "yearly", N_("Yearly") },

  /* joint_case.status, surgery_type */
  { NULL, "active", N_("Active") },
  { NULL, "closed", N_("Closed") },
  { NULL, "converted_to_surgery", N_("Converted to surgery") },
  { NULL, "arthroplasty", N_("Joint replacement (arthroplasty)") },
  { NULL, "osteotomy", N_("Osteotomy") },
  { NULL, "arthroscopy", N_("Arthroscopy") },

  /* prior_treatment.kind */
  { NULL, "corticosteroid_injection", N_("Corticosteroid injection") },
  { NULL, "ha_injection", N_("Hyaluronic acid injection") },
  { NULL, "prp_injection", N_("PRP injection") },
  { NULL, "other_ia_injection", N_("Other intra-articular injection") },
  { NULL, "surgery", N_("Surgery") },
  { NULL, "physiotherapy", N_("Physiotherapy") },

  /* harvest */
  { NULL, "bone_marrow", N_("Bone marrow") },
  { NULL, "adipose", N_("Adipose tissue") },
  { NULL, "peripheral_blood", N_("Peripheral blood") },
  { NULL, "psis", N_("Posterior superior iliac spine") },
  { NULL, "posterior_iliac_crest", N_("Posterior iliac crest") },
  { NULL, "anterior_iliac_crest", N_("Anterior iliac crest") },
  { NULL, "proximal_tibia", N_("Proximal tibia") },
  { NULL, "proximal_humerus", N_("Proximal humerus") },
  { NULL, "calcaneus", N_("Calcaneus") },
  { NULL, "abdomen", N_("Abdomen") },
  { NULL, "flank", N_("Flank") },
  { NULL, "thigh", N_("Thigh") },
  { NULL, "peripheral_vein", N_("Peripheral vein") },
  { NULL, "local", N_("Local") },
  { NULL, "sedation", N_("Sedation") },
  { NULL, "general", N_("General") },
  { NULL, "heparin", N_("Heparin") },
  { NULL, "acd_a", N_("ACD-A") },

  /* adverse_event */
  { NULL, "registry_questionnaire", N_("Registry questionnaire") },
  { NULL, "phone", N_("Phone call") },
  { NULL, "visit", N_("Visit") },
  { NULL, "injection_site_pain", N_("Injection site pain") },
  { NULL, "injection_site_swelling", N_("Injection site swelling") },
  { NULL, "effusion", N_("Joint effusion") },
  { NULL, "post_procedure_pain", N_("Post-procedure pain") },
  { NULL, "progressive_djd_pain", N_("Progressive degenerative joint pain") },
  { NULL, "septic_arthritis", N_("Septic arthritis") },
  { NULL, "harvest_site_pain", N_("Harvest site pain") },
  { NULL, "harvest_site_haematoma", N_("Harvest site haematoma") },
  { NULL, "vasovagal", N_("Vasovagal reaction") },
  { NULL, "allergic", N_("Allergic reaction") },
  { NULL, "infusion_reaction", N_("Infusion reaction (chills, fever, hypertension)") },
  { NULL, "thromboembolism", N_("Thromboembolism") },
  { NULL, "neoplasm", N_("Neoplasm") },
  { NULL, "unrelated", N_("Unrelated") },
  { NULL, "unlikely", N_("Unlikely") },
  { NULL, "possible", N_("Possible") },
  { NULL, "probable", N_("Probable") },
  { NULL, "definite", N_("Definite") },
  { NULL, "expected", N_("Expected") },
  { NULL, "unexpected", N_("Unexpected") },
  { NULL, "recovered", N_("Recovered") },
  { NULL, "recovering", N_("Recovering") },
  { NULL, "not_recovered", N_("Not recovered") },
  { NULL, "sequelae", N_("Recovered with sequelae") },
  { NULL, "fatal", N_("Fatal") },
  { NULL, "death", N_("Death") },
  { NULL, "life_threatening", N_("Life-threatening") },
  { NULL, "hospitalisation", N_("Hospitalisation") },
  { NULL, "disability", N_("Disability") },
  /* processing_run */
  { NULL, "density_gradient", N_("Density gradient") },
  { NULL, "filtration", N_("Filtration") },
  { NULL, "enzymatic_digestion", N_("Enzymatic digestion") },
  { NULL, "micro_fragmentation", N_("Micro-fragmentation") },
  { NULL, "culture_expansion", N_("Culture expansion") },
  { NULL, "cryopreservation", N_("Cryopreservation") },
  { NULL, "thaw_wash", N_("Thaw and wash") },
  { NULL, "trypan_blue", N_("Trypan blue") },
  { NULL, "7aad", N_("7-AAD (flow cytometry)") },
  { NULL, "ao_pi", N_("Acridine orange / propidium iodide") },

  /* qc_test */
  { NULL, "gram", N_("Gram stain") },
  { NULL, "sterility_aerobic", N_("Sterility, aerobic culture") },
  { NULL, "sterility_anaerobic", N_("Sterility, anaerobic culture") },
  { NULL, "fungal", N_("Fungal culture") },
  { NULL, "endotoxin", N_("Endotoxin") },
  { NULL, "viability", N_("Viability") },
  { NULL, "cell_count", N_("Cell count") },
  { NULL, "EU/mL", N_("EU/mL") },
  { NULL, "EU/kg", N_("EU/kg") },
  { NULL, "%", N_("%") },
  { NULL, "cells", N_("cells") },
  { NULL, "cells/mL", N_("cells/mL") },
  { NULL, "pending", N_("Pending") },
  { NULL, "final", N_("Final") },
  { NULL, "pass", N_("Pass") },
  { NULL, "fail", N_("Fail") },
  { NULL, "not_applicable", N_("Not applicable") },

  /* product_lot, product_aliquot */
  { NULL, "bmac", N_("Bone marrow aspirate concentrate (BMAC)") },
  { NULL, "svf", N_("Stromal vascular fraction (SVF)") },
  { NULL, "mfat", N_("Micro-fragmented adipose tissue") },
  { NULL, "bm_msc_expanded", N_("Culture-expanded bone marrow MSC") },
  { NULL, "ad_msc_expanded", N_("Culture-expanded adipose MSC") },
  { NULL, "uc_wj_msc_allogeneic", N_("Umbilical cord (Wharton's jelly) MSC, allogeneic") },
  { NULL, "prp_pl_adjunct", N_("PRP or platelet lysate (adjunct)") },
  { NULL, "autologous", N_("Autologous") },
  { NULL, "allogeneic_related", N_("Allogeneic, related donor") },
  { NULL, "allogeneic_unrelated", N_("Allogeneic, unrelated donor") },
  { NULL, "fresh", N_("Fresh") },
  { NULL, "refrigerated", N_("Refrigerated (2–8 °C)") },
  { NULL, "cryopreserved", N_("Cryopreserved (≤ −150 °C)") },
  { NULL, "quarantine", N_("Quarantine") },
  { NULL, "released", N_("Released") },
  { NULL, "rejected", N_("Rejected") },
  { NULL, "all_tests_pass", N_("All tests pass") },
  { NULL, "conditional", N_("Conditional") },
  { NULL, "361_hctp", N_("361 HCT/P") },
  { NULL, "ssp_exception", N_("Same surgical procedure exception") },
  { NULL, "ind_351", N_("IND (351)") },
  { NULL, "hospital_exemption", N_("Hospital exemption") },
  { NULL, "syringe", N_("Syringe") },
  { NULL, "bag", N_("Bag") },
  { NULL, "vial", N_("Vial") },
  { NULL, "issued", N_("Issued") },
  { NULL, "administered", N_("Administered") },
  { NULL, "expired", N_("Expired") },
  { NULL, "discarded", N_("Discarded") },
  { NULL, "recalled", N_("Recalled") },

  /* injection, injection_product */
  { NULL, "intra_articular", N_("Intra-articular") },
  { NULL, "peri_articular", N_("Peri-articular") },
  { NULL, "intra_tendinous", N_("Intra-tendinous") },
  { NULL, "peritendinous", N_("Peritendinous") },
  { NULL, "intra_ligamentous", N_("Intra-ligamentous") },
  { NULL, "subchondral", N_("Subchondral (intra-osseous)") },
  { NULL, "intramedullary", N_("Intramedullary") },
  { NULL, "intravenous", N_("Intravenous") },
  { NULL, "ultrasound", N_("Ultrasound") },
  { NULL, "fluoroscopy", N_("Fluoroscopy") },
  { NULL, "match", N_("Scan matches") },
  { NULL, "mismatch", N_("Scan does not match") },
  { NULL, "manual_entry", N_("Entered by hand") },
  { NULL, "pain_flare", N_("Pain flare") },
  { NULL, "fever", N_("Fever") },
  { NULL, "chills", N_("Chills") },
  { NULL, "hypertension", N_("Hypertension") },
  { NULL, "returned", N_("Returned to storage") },
};

static const CodeLabel *
find_label (const MarrowFieldDef *field,
            const char           *code)
{
  const CodeLabel *shared = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (code_labels); i++)
    {
      const CodeLabel *entry = &code_labels[i];

      if (strcmp (entry->code, code) != 0)
        continue;
      if (entry->field == NULL)
        shared = shared != NULL ? shared : entry;
      else if (field != NULL && strcmp (entry->field, field->name) == 0)
        return entry;
    }
  return shared;
}

/**
 * marrow_code_label:
 * @field: (nullable): the field the code belongs to
 * @code: a stored code
 *
 * Returns: (transfer none): the translated name of @code, or @code itself
 *   when it has none
 */
const char *
marrow_code_label (const MarrowFieldDef *field,
                        const char           *code)
{
  const CodeLabel *entry;

  g_return_val_if_fail (code != NULL, NULL);

  entry = find_label (field, code);
  return entry != NULL ? _(entry->label) : code;
}

/**
 * marrow_code_has_label:
 * @field: (nullable): the field the code belongs to
 * @code: a stored code
 *
 * Returns: whether @code has a translated name
 */
gboolean
marrow_code_has_label (const MarrowFieldDef *field,
                            const char           *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  return find_label (field, code) != NULL;
}

/**
 * marrow_record_code_label:
 * @record: a record
 * @field: one of its coded fields
 *
 * Returns: (nullable): the translated name of @record's code in @field, or
 *   %NULL when the field is empty
 */
const char *
marrow_record_code_label (MarrowRecord *record,
                          const char   *field)
{
  const char *code;

  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  code = marrow_record_get_text (record, field);
  if (code == NULL || *code == '\0')
    return NULL;
  return marrow_code_label (marrow_entity_find_field (marrow_record_get_entity (record), field), code);
}
