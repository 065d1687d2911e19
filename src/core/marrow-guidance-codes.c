/* marrow-guidance-codes.c: the stable codes of the guidance enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The codes are what JSON, CSV, protocol files and (later) stored decisions
 * carry; they never change once shipped.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-guidance-types.h"

static const char * const classification_codes[] = {
  "TOO_EARLY", "NO_RESPONSE_YET", "RESPONDER", "PARTIAL", "NON_RESPONDER", "WORSENED",
  "INSUFFICIENT_DATA",
};

static const char * const durability_codes[] = { "NONE", "STABLE", "WANING", "RELAPSED" };

static const char * const recommendation_codes[] = {
  "HOLD_CLINICAL_REVIEW", "CONSIDER_REPEAT", "PROTOCOL_SECOND_DOSE_DUE", "REPEAT_NOT_SUPPORTED",
  "NO_REPEAT_NEEDED", "MONITOR", "INSUFFICIENT_DATA",
};

static const char * const flag_codes[MARROW_GUIDANCE_N_FLAGS] = {
  "EARLY_WORSENING", "EARLY_REPEAT_WARNING", "BLOCK_INTERVAL", "CUMULATIVE_REVIEW",
  "LOW_EVIDENCE", "SEVERE_DISEASE", "DOSE_CONTEXT", "IV_ROUTE", "COMPLIANCE_WARNING",
};

static const char * const red_flag_codes[MARROW_GUIDANCE_N_RED_FLAGS] = {
  "fever_hot_joint", "rising_pain", "positive_culture", "malignancy", "immunosuppression",
  "pregnancy", "infection_elsewhere", "trauma_locking", "anticoagulant", "nsaid",
};

static const char * const joint_codes[] = { "other", "knee", "hip", "shoulder" };

static const char * const product_codes[MARROW_GUIDANCE_N_PRODUCTS] = {
  "unknown", "bmac", "svf", "mfat", "expanded_autologous", "expanded_allogeneic", "uc_msc",
  "prp_only",
};

static const char * const domain_codes[] = { "pain", "function", "global" };

static const char * const evidence_codes[MARROW_GUIDANCE_N_EVIDENCE] = {
  "rct", "phase_i_ii", "registry", "consensus", "clinic_claim", "regulatory", "proposed",
};

static const char * const time_point_codes[] = {
  "UPCOMING", "DUE", "OVERDUE", "DONE", "MISSED", "SUPERSEDED",
};

static gboolean
lookup (const char * const *codes,
        guint               n_codes,
        const char         *code,
        guint              *index)
{
  for (guint i = 0; i < n_codes; i++)
    if (strcmp (codes[i], code) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

/* The index of the single bit of @flag, or -1 */
static int
bit_index (guint flag)
{
  if (flag == 0 || (flag & (flag - 1)) != 0)
    return -1;
  return g_bit_nth_lsf (flag, -1);
}

const char *
marrow_guidance_classification_to_string (MarrowGuidanceClassification value)
{
  g_return_val_if_fail (value < G_N_ELEMENTS (classification_codes), NULL);
  return classification_codes[value];
}

const char *
marrow_guidance_durability_to_string (MarrowGuidanceDurability value)
{
  g_return_val_if_fail (value < G_N_ELEMENTS (durability_codes), NULL);
  return durability_codes[value];
}

const char *
marrow_guidance_recommendation_to_string (MarrowGuidanceRecommendation value)
{
  g_return_val_if_fail (value < G_N_ELEMENTS (recommendation_codes), NULL);
  return recommendation_codes[value];
}

/**
 * marrow_guidance_recommendation_needs_physician:
 * @value: a recommendation
 *
 * Returns: %TRUE for the recommendations that put a case on the
 *   physician's worklist
 */
gboolean
marrow_guidance_recommendation_needs_physician (MarrowGuidanceRecommendation value)
{
  return value == MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW ||
         value == MARROW_GUIDANCE_REC_CONSIDER_REPEAT ||
         value == MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE ||
         value == MARROW_GUIDANCE_REC_REPEAT_NOT_SUPPORTED;
}

const char *
marrow_guidance_flag_to_string (MarrowGuidanceFlags flag)
{
  int index = bit_index (flag);

  g_return_val_if_fail (index >= 0 && index < MARROW_GUIDANCE_N_FLAGS, NULL);
  return flag_codes[index];
}

const char *
marrow_guidance_red_flag_to_string (MarrowGuidanceRedFlags flag)
{
  int index = bit_index (flag);

  g_return_val_if_fail (index >= 0 && index < MARROW_GUIDANCE_N_RED_FLAGS, NULL);
  return red_flag_codes[index];
}

gboolean
marrow_guidance_red_flag_from_string (const char             *code,
                                      MarrowGuidanceRedFlags *flag)
{
  guint index;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (flag != NULL, FALSE);

  if (!lookup (red_flag_codes, MARROW_GUIDANCE_N_RED_FLAGS, code, &index))
    return FALSE;
  *flag = 1u << index;
  return TRUE;
}

const char *
marrow_guidance_joint_to_string (MarrowGuidanceJoint joint)
{
  g_return_val_if_fail (joint < G_N_ELEMENTS (joint_codes), NULL);
  return joint_codes[joint];
}

gboolean
marrow_guidance_joint_from_string (const char          *code,
                                   MarrowGuidanceJoint *joint)
{
  guint index;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (joint != NULL, FALSE);

  if (!lookup (joint_codes, G_N_ELEMENTS (joint_codes), code, &index))
    return FALSE;
  *joint = index;
  return TRUE;
}

const char *
marrow_guidance_product_to_string (MarrowGuidanceProduct product)
{
  g_return_val_if_fail (product < MARROW_GUIDANCE_N_PRODUCTS, NULL);
  return product_codes[product];
}

gboolean
marrow_guidance_product_from_string (const char            *code,
                                     MarrowGuidanceProduct *product)
{
  guint index;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (product != NULL, FALSE);

  if (!lookup (product_codes, MARROW_GUIDANCE_N_PRODUCTS, code, &index))
    return FALSE;
  *product = index;
  return TRUE;
}

const char *
marrow_guidance_domain_to_string (MarrowGuidanceDomain domain)
{
  g_return_val_if_fail (domain < MARROW_GUIDANCE_N_DOMAINS, NULL);
  return domain_codes[domain];
}

const char *
marrow_guidance_evidence_to_string (MarrowGuidanceEvidence evidence)
{
  g_return_val_if_fail (evidence < MARROW_GUIDANCE_N_EVIDENCE, NULL);
  return evidence_codes[evidence];
}

gboolean
marrow_guidance_evidence_from_string (const char             *code,
                                      MarrowGuidanceEvidence *evidence)
{
  guint index;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (evidence != NULL, FALSE);

  if (!lookup (evidence_codes, MARROW_GUIDANCE_N_EVIDENCE, code, &index))
    return FALSE;
  *evidence = index;
  return TRUE;
}

/**
 * marrow_guidance_evidence_get_label:
 * @evidence: an evidence class
 *
 * Returns: (transfer none): the class as a person reads it, translated
 */
const char *
marrow_guidance_evidence_get_label (MarrowGuidanceEvidence evidence)
{
  switch (evidence)
    {
    case MARROW_GUIDANCE_EVIDENCE_RCT:
      return _("randomised controlled trial");
    case MARROW_GUIDANCE_EVIDENCE_PHASE_I_II:
      return _("phase I/II trial");
    case MARROW_GUIDANCE_EVIDENCE_REGISTRY:
      return _("registry or case series");
    case MARROW_GUIDANCE_EVIDENCE_CONSENSUS:
      return _("expert consensus");
    case MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM:
      return _("clinic claim");
    case MARROW_GUIDANCE_EVIDENCE_REGULATORY:
      return _("regulatory or safety report");
    case MARROW_GUIDANCE_EVIDENCE_PROPOSED:
      return _("proposed (no direct evidence)");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
marrow_guidance_time_point_status_to_string (MarrowGuidanceTimePointStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (time_point_codes), NULL);
  return time_point_codes[status];
}
