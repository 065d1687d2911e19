/* marrow-fhir-codes.c: the codes the FHIR export writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Standard codes are used only where interop.md §4 rates them **High**
 * (two or more independent sources, or an official artefact); everything
 * else is written in a local code system (urn:marrow:codes:…), which is
 * always present so that no concept depends on an unverified code:
 *
 * - LOINC (§4.1): KOOS JR and HOOS JR interval scores, the five HOOS
 *   subscales, pain VAS and pain NRS.  The KOOS subscale codes (72098-7 …
 *   72102-7) rest on one secondary source (Medium) and are not written;
 *   WOMAC, Oxford and IKDC have no verified code.
 * - SNOMED CT (§4.2): knee 49076000, hip 24136001 and glenohumeral
 *   85537004 joint structures; left 7771000 and right 24028007.  Shoulder
 *   region (31398001) is Medium and not used; harvest sites and procedures
 *   are unverified and local only.  The one Medium–high code used is
 *   239873007 "Osteoarthritis of knee", which interop.md §3 names as the
 *   Condition code; it is added only beside an ICD-10 M17 diagnosis (every
 *   M17 code is gonarthrosis), never instead of the recorded code.
 *
 * Displays are English and not translated: they are part of the exchanged
 * data, not of Marrow's user interface, and a receiving system must get the
 * same text whatever the exporting workstation's language.
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include <string.h>

#include "marrow-fhir-private.h"

typedef struct
{
  const char *value;
  const char *display;
} Display;

typedef struct
{
  const char     *value;
  MarrowFhirCode  code;
} Mapped;

static const char *
lookup_or_null (const Display *table,
                const char    *value)
{
  if (value == NULL)
    return NULL;
  for (guint i = 0; table[i].value != NULL; i++)
    if (strcmp (table[i].value, value) == 0)
      return table[i].display;
  return NULL;
}

/* The display of a Marrow value, or the value itself for one this table
 * does not know (a value list that grew before this table did) */
static const char *
lookup (const Display *table,
        const char    *value)
{
  const char *display = lookup_or_null (table, value);

  return display != NULL ? display : value;
}

static const MarrowFhirCode *
find_mapped (const Mapped *table,
             guint         n,
             const char   *value)
{
  if (value == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (strcmp (table[i].value, value) == 0)
      return &table[i].code;
  return NULL;
}

static const Display joint_displays[] = {
  { "knee", "Knee" },
  { "hip", "Hip" },
  { "shoulder_gh", "Glenohumeral joint" },
  { "ac_joint", "Acromioclavicular joint" },
  { "ankle", "Ankle" },
  { "subtalar", "Subtalar joint" },
  { "elbow", "Elbow" },
  { "wrist", "Wrist" },
  { "hand_cmc1", "First carpometacarpal joint" },
  { "spine_facet", "Spinal facet joint" },
  { "tendon_achilles", "Achilles tendon" },
  { "tendon_patellar", "Patellar tendon" },
  { "tendon_rotator_cuff", "Rotator cuff" },
  { "tendon_common_extensor", "Common extensor tendon" },
  { "tendon_gluteal", "Gluteal tendon" },
  { "tendon_hamstring", "Hamstring tendon" },
  { "ligament_acl", "Anterior cruciate ligament" },
  { "ligament_mcl", "Medial collateral ligament" },
  { "ligament_pcl", "Posterior cruciate ligament" },
  { "ligament_lcl", "Lateral collateral ligament" },
  { "ligament_atfl", "Anterior talofibular ligament" },
  { "other", "Other site" },
  { NULL, NULL }
};

#define SCT(v, c, d) { v, { MARROW_FHIR_SYSTEM_SNOMED, c, d } }

static const Mapped joint_snomed[] = {
  SCT ("knee", "49076000", "Knee joint structure"),
  SCT ("hip", "24136001", "Hip joint structure"),
  SCT ("shoulder_gh", "85537004", "Glenohumeral joint structure"),
};

static const Mapped side_snomed[] = {
  SCT ("left", "7771000", "Left"),
  SCT ("right", "24028007", "Right"),
};

static const Display route_displays[] = {
  { "intra_articular", "Intra-articular injection" },
  { "peri_articular", "Peri-articular injection" },
  { "intra_tendinous", "Intratendinous injection" },
  { "peritendinous", "Peritendinous injection" },
  { "intra_ligamentous", "Intraligamentous injection" },
  { "subchondral", "Subchondral injection" },
  { "intramedullary", "Intramedullary injection" },
  { "intravenous", "Intravenous administration" },
  { NULL, NULL }
};

static const Display tissue_displays[] = {
  { "bone_marrow", "Bone marrow harvest" },
  { "adipose", "Adipose tissue harvest" },
  { "peripheral_blood", "Peripheral blood collection" },
  { NULL, NULL }
};

static const Display harvest_site_displays[] = {
  { "psis", "Posterior superior iliac spine" },
  { "posterior_iliac_crest", "Posterior iliac crest" },
  { "anterior_iliac_crest", "Anterior iliac crest" },
  { "proximal_tibia", "Proximal tibia" },
  { "proximal_humerus", "Proximal humerus" },
  { "calcaneus", "Calcaneus" },
  { "abdomen", "Abdomen" },
  { "flank", "Flank" },
  { "thigh", "Thigh" },
  { "peripheral_vein", "Peripheral vein" },
  { NULL, NULL }
};

static const Display product_displays[] = {
  { "bmac", "Bone marrow aspirate concentrate (BMAC)" },
  { "svf", "Stromal vascular fraction (SVF)" },
  { "mfat", "Micro-fragmented adipose tissue" },
  { "bm_msc_expanded", "Culture-expanded bone marrow MSC" },
  { "ad_msc_expanded", "Culture-expanded adipose MSC" },
  { "uc_wj_msc_allogeneic", "Allogeneic umbilical cord (Wharton's jelly) MSC" },
  { "prp_pl_adjunct", "PRP or platelet lysate adjunct" },
  { NULL, NULL }
};

/* R4 BiologicallyDerivedProduct.productCategory: organ | tissue | fluid |
 * cells | biologicalAgent.  Micro-fragmented fat is tissue and PRP or
 * platelet lysate a fluid; every other category is a cell product. */
static const Display product_categories[] = {
  { "mfat", "tissue" },
  { "prp_pl_adjunct", "fluid" },
  { NULL, NULL }
};

static const Display processing_displays[] = {
  { "density_gradient", "Density-gradient centrifugation" },
  { "filtration", "Filtration" },
  { "enzymatic_digestion", "Enzymatic digestion" },
  { "micro_fragmentation", "Micro-fragmentation" },
  { "culture_expansion", "Culture expansion" },
  { "cryopreservation", "Cryopreservation" },
  { "thaw_wash", "Thaw and wash" },
  { NULL, NULL }
};

static const Display storage_displays[] = {
  { "fresh", "Fresh" },
  { "refrigerated", "Refrigerated" },
  { "cryopreserved", "Cryopreserved" },
  { NULL, NULL }
};

/* Recorded diagnosis code systems (value) and their FHIR system URIs
 * (display) */
static const Display diagnosis_systems[] = {
  { "ICD-10", "http://hl7.org/fhir/sid/icd-10" },
  { "ICD-10-CM", "http://hl7.org/fhir/sid/icd-10-cm" },
  { "SNOMED", MARROW_FHIR_SYSTEM_SNOMED },
  { "SNOMED CT", MARROW_FHIR_SYSTEM_SNOMED },
  { "SNOMED-CT", MARROW_FHIR_SYSTEM_SNOMED },
  { "SCT", MARROW_FHIR_SYSTEM_SNOMED },
  { NULL, NULL }
};

static const MarrowFhirCode knee_oa = {
  MARROW_FHIR_SYSTEM_SNOMED, "239873007", "Osteoarthritis of knee"
};

/* instrument id, score key → LOINC (interop.md §4.1, High only) */
typedef struct
{
  const char     *instrument;
  const char     *score;
  MarrowFhirCode  loinc;
} ScoreLoinc;

#define LOINC(i, s, c, d) { i, s, { MARROW_FHIR_SYSTEM_LOINC, c, d } }

static const ScoreLoinc score_loinc[] = {
  LOINC ("KOOS_JR", "interval", "82324-5",
         "Knee injury and osteoarthritis outcome score for joint replacement [KOOSJR]"),
  LOINC ("HOOS_JR", "interval", "82323-7", "Total interval score [HOOSJR]"),
  LOINC ("HOOS", "pain", "72097-9", "Pain score [HOOS]"),
  LOINC ("HOOS", "symptoms", "72096-1", "Symptoms score [HOOS]"),
  LOINC ("HOOS", "adl", "72095-3", "Activities of daily living score [HOOS]"),
  LOINC ("HOOS", "sport_rec", "72094-6", "Sport-recreation score [HOOS]"),
  LOINC ("HOOS", "qol", "72093-8", "Quality of life score [HOOS]"),
  LOINC ("PAIN_VAS", "pain", "38214-3", "Pain severity [Score] Visual analog score"),
  LOINC ("PAIN_NRS", "pain", "72514-3",
         "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
};

const char *
marrow_fhir_joint_display (const char *site)
{
  return lookup (joint_displays, site);
}

/**
 * marrow_fhir_joint_snomed:
 *
 * Returns: (nullable): the SNOMED CT joint structure of a case site, where
 *   interop.md rates it High
 */
const MarrowFhirCode *
marrow_fhir_joint_snomed (const char *site)
{
  return find_mapped (joint_snomed, G_N_ELEMENTS (joint_snomed), site);
}

/**
 * marrow_fhir_side_snomed:
 *
 * Returns: (nullable): the SNOMED CT laterality qualifier of a side ("none"
 *   has none)
 */
const MarrowFhirCode *
marrow_fhir_side_snomed (const char *side)
{
  return find_mapped (side_snomed, G_N_ELEMENTS (side_snomed), side);
}

/**
 * marrow_fhir_joint_text:
 *
 * Returns: (transfer full): "Left knee", "Right hip", "Spinal facet joint"
 */
char *
marrow_fhir_joint_text (const char *site,
                        const char *side)
{
  const char *joint = marrow_fhir_joint_display (site);
  g_autofree char *lower = NULL;

  if (joint == NULL)
    return NULL;
  if (g_strcmp0 (side, "left") != 0 && g_strcmp0 (side, "right") != 0)
    return g_strdup (joint);

  /* "Left knee": the joint in lower case, except its abbreviations */
  lower = g_strdup (joint);
  if (!g_ascii_isupper (lower[1]))
    lower[0] = g_ascii_tolower (lower[0]);
  return g_strdup_printf ("%s %s", strcmp (side, "left") == 0 ? "Left" : "Right", lower);
}

const char *
marrow_fhir_route_display (const char *route)
{
  return lookup (route_displays, route);
}

const char *
marrow_fhir_tissue_display (const char *tissue)
{
  return lookup (tissue_displays, tissue);
}

const char *
marrow_fhir_harvest_site_display (const char *site)
{
  return lookup (harvest_site_displays, site);
}

const char *
marrow_fhir_product_display (const char *category)
{
  return lookup (product_displays, category);
}

const char *
marrow_fhir_product_category (const char *category)
{
  const char *mapped = lookup_or_null (product_categories, category);

  return mapped != NULL ? mapped : "cells";
}

const char *
marrow_fhir_processing_display (const char *method)
{
  return lookup (processing_displays, method);
}

const char *
marrow_fhir_storage_display (const char *storage)
{
  return lookup (storage_displays, storage);
}

/**
 * marrow_fhir_diagnosis_system:
 * @system: (nullable): a joint case's diagnosis_system
 *
 * Known names map to their FHIR URIs, a URI is kept as it is, and any other
 * name becomes a local system "urn:marrow:codes:diagnosis:NAME" (NAME reduced
 * to letters, digits, '.' and '-'), so that codes of different systems never
 * look alike.
 *
 * Returns: (transfer full): the system URI
 */
char *
marrow_fhir_diagnosis_system (const char *system)
{
  g_autofree char *clean = marrow_fhir_clean_text (system);

  if (clean == NULL)
    return g_strdup (MARROW_FHIR_SYSTEM_DIAGNOSIS);
  for (guint i = 0; diagnosis_systems[i].value != NULL; i++)
    if (g_ascii_strcasecmp (diagnosis_systems[i].value, clean) == 0)
      return g_strdup (diagnosis_systems[i].display);
  if (strchr (clean, ':') != NULL && strpbrk (clean, " \t\r\n") == NULL)
    return g_steal_pointer (&clean);

  for (char *p = clean; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      *p = '-';
  return g_strconcat (MARROW_FHIR_SYSTEM_DIAGNOSIS ":", clean, NULL);
}

/**
 * marrow_fhir_diagnosis_snomed:
 *
 * Returns: (nullable): a SNOMED CT coding to add beside the recorded
 *   diagnosis, where one is certain (ICD-10 M17: osteoarthritis of knee)
 */
const MarrowFhirCode *
marrow_fhir_diagnosis_snomed (const char *system,
                              const char *code)
{
  if (system == NULL || code == NULL)
    return NULL;
  if (g_ascii_strncasecmp (system, "ICD-10", 6) != 0 &&
      !g_str_has_prefix (system, "http://hl7.org/fhir/sid/icd-10"))
    return NULL;
  if (g_ascii_strncasecmp (code, "M17", 3) != 0)
    return NULL;
  return &knee_oa;
}

/**
 * marrow_fhir_score_loinc:
 *
 * Returns: (nullable): the LOINC code of a score, where interop.md rates it
 *   High
 */
const MarrowFhirCode *
marrow_fhir_score_loinc (const char *instrument,
                         const char *score_key)
{
  for (guint i = 0; i < G_N_ELEMENTS (score_loinc); i++)
    if (g_strcmp0 (score_loinc[i].instrument, instrument) == 0 &&
        g_strcmp0 (score_loinc[i].score, score_key) == 0)
      return &score_loinc[i].loinc;
  return NULL;
}
