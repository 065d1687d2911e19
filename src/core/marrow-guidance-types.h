/* marrow-guidance-types.h: the codes of repeat-treatment guidance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every enum of the guidance engine (guidance-evidence.md section 3), with
 * the names the issue uses for them.  marrow_guidance_*_to_string() gives
 * the stable code ("RESPONDER", "CONSIDER_REPEAT" …) used in JSON and CSV.
 */
#pragma once

#include "marrow-day.h"

G_BEGIN_DECLS

/**
 * MarrowGuidanceClassification:
 *
 * The response of the current treatment course (rules G2 and G3).
 */
typedef enum
{
  MARROW_GUIDANCE_CLASS_TOO_EARLY,
  MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET,
  MARROW_GUIDANCE_CLASS_RESPONDER,
  MARROW_GUIDANCE_CLASS_PARTIAL,
  MARROW_GUIDANCE_CLASS_NON_RESPONDER,
  MARROW_GUIDANCE_CLASS_WORSENED,
  MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA,
} MarrowGuidanceClassification;

/**
 * MarrowGuidanceDurability:
 * @MARROW_GUIDANCE_DURABILITY_NONE: not a responder, so not assessed
 *
 * Whether a response lasts (rule G4).
 */
typedef enum
{
  MARROW_GUIDANCE_DURABILITY_NONE,
  MARROW_GUIDANCE_DURABILITY_STABLE,
  MARROW_GUIDANCE_DURABILITY_WANING,
  MARROW_GUIDANCE_DURABILITY_RELAPSED,
} MarrowGuidanceDurability;

/**
 * MarrowGuidanceRecommendation:
 *
 * The one recommendation of an evaluation (rules G5 and G7).
 */
typedef enum
{
  MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW,
  MARROW_GUIDANCE_REC_CONSIDER_REPEAT,
  MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE,
  MARROW_GUIDANCE_REC_REPEAT_NOT_SUPPORTED,
  MARROW_GUIDANCE_REC_NO_REPEAT_NEEDED,
  MARROW_GUIDANCE_REC_MONITOR,
  MARROW_GUIDANCE_REC_INSUFFICIENT_DATA,
} MarrowGuidanceRecommendation;

/**
 * MarrowGuidanceFlags:
 *
 * Flags raised beside the recommendation (rules G2, G5, G6).
 */
typedef enum
{
  MARROW_GUIDANCE_FLAG_EARLY_WORSENING      = 1 << 0,
  MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING = 1 << 1,
  MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL       = 1 << 2,
  MARROW_GUIDANCE_FLAG_CUMULATIVE_REVIEW    = 1 << 3,
  MARROW_GUIDANCE_FLAG_LOW_EVIDENCE         = 1 << 4,
  MARROW_GUIDANCE_FLAG_SEVERE_DISEASE       = 1 << 5,
  MARROW_GUIDANCE_FLAG_DOSE_CONTEXT         = 1 << 6,
  MARROW_GUIDANCE_FLAG_IV_ROUTE             = 1 << 7,
  MARROW_GUIDANCE_FLAG_COMPLIANCE_WARNING   = 1 << 8,
} MarrowGuidanceFlags;

#define MARROW_GUIDANCE_N_FLAGS 9

/**
 * MarrowGuidanceRedFlags:
 *
 * The items of the red-flag checklist of rule G7 that a clinician records.
 * Adverse events and earlier intra-articular injections are inputs of their
 * own; the engine derives G7.2 and G7.4 from them.
 */
typedef enum
{
  MARROW_GUIDANCE_RED_FEVER_HOT_JOINT     = 1 << 0,   /* G7.1 */
  MARROW_GUIDANCE_RED_RISING_PAIN         = 1 << 1,   /* G7.1: flare > 7 days */
  MARROW_GUIDANCE_RED_POSITIVE_CULTURE    = 1 << 2,   /* G7.1 */
  MARROW_GUIDANCE_RED_MALIGNANCY          = 1 << 3,   /* G7.3 */
  MARROW_GUIDANCE_RED_IMMUNOSUPPRESSION   = 1 << 4,   /* G7.3 */
  MARROW_GUIDANCE_RED_PREGNANCY           = 1 << 5,   /* G7.3 */
  MARROW_GUIDANCE_RED_INFECTION_ELSEWHERE = 1 << 6,   /* G7.3: skin or systemic */
  MARROW_GUIDANCE_RED_TRAUMA_LOCKING      = 1 << 7,   /* G7.5 */
  MARROW_GUIDANCE_RED_ANTICOAGULANT       = 1 << 8,   /* G7.6, BMAC only */
  MARROW_GUIDANCE_RED_NSAID               = 1 << 9,   /* G7.7, informational */
} MarrowGuidanceRedFlags;

#define MARROW_GUIDANCE_N_RED_FLAGS 10

typedef enum
{
  MARROW_GUIDANCE_JOINT_OTHER,
  MARROW_GUIDANCE_JOINT_KNEE,
  MARROW_GUIDANCE_JOINT_HIP,
  MARROW_GUIDANCE_JOINT_SHOULDER,
} MarrowGuidanceJoint;

/**
 * MarrowGuidanceProduct:
 *
 * Product classes of guidance-evidence.md section 3.1.
 */
typedef enum
{
  MARROW_GUIDANCE_PRODUCT_UNKNOWN,
  MARROW_GUIDANCE_PRODUCT_BMAC,
  MARROW_GUIDANCE_PRODUCT_SVF,
  MARROW_GUIDANCE_PRODUCT_MFAT,
  MARROW_GUIDANCE_PRODUCT_EXPANDED_AUTOLOGOUS,
  MARROW_GUIDANCE_PRODUCT_EXPANDED_ALLOGENEIC,
  MARROW_GUIDANCE_PRODUCT_UC_MSC,
  MARROW_GUIDANCE_PRODUCT_PRP_ONLY,
} MarrowGuidanceProduct;

#define MARROW_GUIDANCE_N_PRODUCTS 8

typedef enum
{
  MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR,
  MARROW_GUIDANCE_ROUTE_PERI_ARTICULAR,
  MARROW_GUIDANCE_ROUTE_INTRAVENOUS,
  MARROW_GUIDANCE_ROUTE_OTHER,
} MarrowGuidanceRoute;

/**
 * MarrowGuidanceDomain:
 *
 * The OMERACT-OARSI domains.
 */
typedef enum
{
  MARROW_GUIDANCE_DOMAIN_PAIN,
  MARROW_GUIDANCE_DOMAIN_FUNCTION,
  MARROW_GUIDANCE_DOMAIN_GLOBAL,
} MarrowGuidanceDomain;

#define MARROW_GUIDANCE_N_DOMAINS 3

/**
 * MarrowGuidanceEvidence:
 *
 * Evidence classes of guidance-evidence.md; %REGULATORY is Marrow's own
 * addition for labels, agency statements and surveillance reports.
 */
typedef enum
{
  MARROW_GUIDANCE_EVIDENCE_RCT,
  MARROW_GUIDANCE_EVIDENCE_PHASE_I_II,
  MARROW_GUIDANCE_EVIDENCE_REGISTRY,
  MARROW_GUIDANCE_EVIDENCE_CONSENSUS,
  MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM,
  MARROW_GUIDANCE_EVIDENCE_REGULATORY,
  MARROW_GUIDANCE_EVIDENCE_PROPOSED,
} MarrowGuidanceEvidence;

#define MARROW_GUIDANCE_N_EVIDENCE 7

/**
 * MarrowGuidanceTimePointStatus:
 * @MARROW_GUIDANCE_TP_UPCOMING: the window has not opened yet
 * @MARROW_GUIDANCE_TP_DUE: the window is open and the target day not passed
 * @MARROW_GUIDANCE_TP_OVERDUE: past the target day, the window still open
 * @MARROW_GUIDANCE_TP_DONE: an assessment lies inside the window
 * @MARROW_GUIDANCE_TP_MISSED: the window closed without an assessment
 * @MARROW_GUIDANCE_TP_SUPERSEDED: a later injection re-anchored the schedule
 */
typedef enum
{
  MARROW_GUIDANCE_TP_UPCOMING,
  MARROW_GUIDANCE_TP_DUE,
  MARROW_GUIDANCE_TP_OVERDUE,
  MARROW_GUIDANCE_TP_DONE,
  MARROW_GUIDANCE_TP_MISSED,
  MARROW_GUIDANCE_TP_SUPERSEDED,
} MarrowGuidanceTimePointStatus;

const char *marrow_guidance_classification_to_string (MarrowGuidanceClassification  value);
const char *marrow_guidance_durability_to_string     (MarrowGuidanceDurability      value);
const char *marrow_guidance_recommendation_to_string (MarrowGuidanceRecommendation  value);
const char *marrow_guidance_flag_to_string           (MarrowGuidanceFlags           flag);
const char *marrow_guidance_red_flag_to_string       (MarrowGuidanceRedFlags        flag);
gboolean    marrow_guidance_red_flag_from_string     (const char                   *code,
                                                      MarrowGuidanceRedFlags       *flag);
const char *marrow_guidance_joint_to_string          (MarrowGuidanceJoint           joint);
gboolean    marrow_guidance_joint_from_string        (const char                   *code,
                                                      MarrowGuidanceJoint          *joint);
const char *marrow_guidance_product_to_string        (MarrowGuidanceProduct         product);
gboolean    marrow_guidance_product_from_string      (const char                   *code,
                                                      MarrowGuidanceProduct        *product);
const char *marrow_guidance_domain_to_string         (MarrowGuidanceDomain          domain);
const char *marrow_guidance_evidence_to_string       (MarrowGuidanceEvidence        evidence);
gboolean    marrow_guidance_evidence_from_string     (const char                   *code,
                                                      MarrowGuidanceEvidence       *evidence);
const char *marrow_guidance_evidence_get_label       (MarrowGuidanceEvidence        evidence);
const char *marrow_guidance_time_point_status_to_string (MarrowGuidanceTimePointStatus status);
gboolean    marrow_guidance_recommendation_needs_physician (MarrowGuidanceRecommendation value);

G_END_DECLS
