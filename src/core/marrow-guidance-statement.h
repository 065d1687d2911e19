/* marrow-guidance-statement.h: what an evaluation says, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A statement is a code and the numbers it quotes; its plain-language text
 * is rendered (and translated) only when someone reads it, so evaluating a
 * whole practice for a worklist formats no text at all.  Every code has a
 * rule, a citation and an evidence class (marrow-guidance-statement.c).
 */
#pragma once

#include "marrow-guidance-types.h"

G_BEGIN_DECLS

typedef enum
{
  /* G1: schedule */
  MARROW_GUIDANCE_STMT_SCHEDULE,
  MARROW_GUIDANCE_STMT_NO_SCHEDULE_IV,
  /* Inputs */
  MARROW_GUIDANCE_STMT_NO_INJECTION,
  MARROW_GUIDANCE_STMT_NO_BASELINE,
  MARROW_GUIDANCE_STMT_BASELINE_OLD,
  MARROW_GUIDANCE_STMT_NO_FOLLOWUP,
  /* G2 */
  MARROW_GUIDANCE_STMT_TOO_EARLY,
  MARROW_GUIDANCE_STMT_EARLY_WORSENING,
  /* G3 */
  MARROW_GUIDANCE_STMT_OARSI_HIGH,
  MARROW_GUIDANCE_STMT_OARSI_DOMAINS,
  MARROW_GUIDANCE_STMT_DOMAIN_CHANGE,
  MARROW_GUIDANCE_STMT_PARTIAL,
  MARROW_GUIDANCE_STMT_NO_RESPONSE_YET,
  MARROW_GUIDANCE_STMT_NON_RESPONDER,
  MARROW_GUIDANCE_STMT_WORSENED,
  MARROW_GUIDANCE_STMT_FINAL,
  MARROW_GUIDANCE_STMT_GLOBAL_NOT_COLLECTED,
  MARROW_GUIDANCE_STMT_PASS_MET,
  MARROW_GUIDANCE_STMT_PASS_NOT_MET,
  MARROW_GUIDANCE_STMT_PASS_UNKNOWN,
  /* G4 */
  MARROW_GUIDANCE_STMT_STABLE,
  MARROW_GUIDANCE_STMT_WANING,
  MARROW_GUIDANCE_STMT_WANING_UNCONFIRMED,
  MARROW_GUIDANCE_STMT_RELAPSED,
  /* G5 */
  MARROW_GUIDANCE_STMT_CONSIDER_REPEAT,
  MARROW_GUIDANCE_STMT_FADING_TOO_SOON,
  MARROW_GUIDANCE_STMT_SECOND_DOSE_DUE,
  MARROW_GUIDANCE_STMT_CLINIC_BOOSTER_DUE,
  MARROW_GUIDANCE_STMT_REPEAT_NOT_SUPPORTED,
  MARROW_GUIDANCE_STMT_NO_REPEAT_NEEDED,
  MARROW_GUIDANCE_STMT_MONITOR,
  MARROW_GUIDANCE_STMT_EARLY_REPEAT,
  MARROW_GUIDANCE_STMT_BLOCK_INTERVAL,
  MARROW_GUIDANCE_STMT_CUMULATIVE,
  MARROW_GUIDANCE_STMT_HIP_LOW_EVIDENCE,
  MARROW_GUIDANCE_STMT_SEVERE_DISEASE,
  MARROW_GUIDANCE_STMT_HOLD_SUPPRESSES,
  /* G6 */
  MARROW_GUIDANCE_STMT_DOSE_EXPANDED,
  MARROW_GUIDANCE_STMT_DOSE_BMAC_LOW,
  MARROW_GUIDANCE_STMT_DOSE_BMAC,
  MARROW_GUIDANCE_STMT_IV_ROUTE,
  MARROW_GUIDANCE_STMT_COMPLIANCE,
  /* G7 */
  MARROW_GUIDANCE_STMT_RED_INFECTION,
  MARROW_GUIDANCE_STMT_RED_RISING_PAIN,
  MARROW_GUIDANCE_STMT_RED_CULTURE,
  MARROW_GUIDANCE_STMT_RED_SEPTIC_ARTHRITIS,
  MARROW_GUIDANCE_STMT_RED_SERIOUS_EVENT,
  MARROW_GUIDANCE_STMT_RED_UNRESOLVED_EVENT,
  MARROW_GUIDANCE_STMT_RED_PERSISTING_EVENT,
  MARROW_GUIDANCE_STMT_RED_MALIGNANCY,
  MARROW_GUIDANCE_STMT_RED_IMMUNOSUPPRESSION,
  MARROW_GUIDANCE_STMT_RED_PREGNANCY,
  MARROW_GUIDANCE_STMT_RED_INFECTION_ELSEWHERE,
  MARROW_GUIDANCE_STMT_RED_OTHER_INJECTION,
  MARROW_GUIDANCE_STMT_RED_TRAUMA,
  MARROW_GUIDANCE_STMT_RED_ANTICOAGULANT,
  MARROW_GUIDANCE_STMT_INFO_NSAID,
  MARROW_GUIDANCE_STMT_INFO_BMI,
  MARROW_GUIDANCE_N_STATEMENTS
} MarrowGuidanceStatementCode;

#define MARROW_GUIDANCE_STATEMENT_N_NUMBERS 6

/**
 * MarrowGuidanceStatement:
 * @code: what is said
 * @num: the numbers it quotes, in the order of its text
 * @str: names it quotes (score labels, categories); interned or owned by the
 *   protocol, which the evaluation keeps alive
 */
typedef struct
{
  MarrowGuidanceStatementCode code;
  double                      num[MARROW_GUIDANCE_STATEMENT_N_NUMBERS];
  const char                 *str[2];
} MarrowGuidanceStatement;

const char             *marrow_guidance_statement_code_to_string (MarrowGuidanceStatementCode     code);
const char             *marrow_guidance_statement_code_get_rule  (MarrowGuidanceStatementCode     code);
const char             *marrow_guidance_statement_code_get_citation (MarrowGuidanceStatementCode  code);
MarrowGuidanceEvidence  marrow_guidance_statement_code_get_evidence (MarrowGuidanceStatementCode  code);
char                   *marrow_guidance_statement_dup_text       (const MarrowGuidanceStatement  *statement);

G_END_DECLS
