/* marrow-rules-private.h: cross-field rules of the record types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One MarrowEntityRulesFunc per entity that has rules spanning several of
 * its fields (domain model section 4).  Rules that need other records (chain
 * of identity, lot state, injection checks) live elsewhere.
 */
#pragma once

#include "marrow-record.h"
#include "marrow-validate.h"

G_BEGIN_DECLS

#define MARROW_RULES_DECLARE(name) \
  gboolean name (MarrowRecord *record, GDateTime *now, GPtrArray *warnings, GError **error)

MARROW_RULES_DECLARE (_marrow_rules_patient);
MARROW_RULES_DECLARE (_marrow_rules_joint_case);
MARROW_RULES_DECLARE (_marrow_rules_harvest);
MARROW_RULES_DECLARE (_marrow_rules_processing_run);
MARROW_RULES_DECLARE (_marrow_rules_product_lot);
MARROW_RULES_DECLARE (_marrow_rules_qc_test);
MARROW_RULES_DECLARE (_marrow_rules_product_aliquot);
MARROW_RULES_DECLARE (_marrow_rules_injection);
MARROW_RULES_DECLARE (_marrow_rules_injection_product);
MARROW_RULES_DECLARE (_marrow_rules_injection_coinjectate);
MARROW_RULES_DECLARE (_marrow_rules_adverse_event);
MARROW_RULES_DECLARE (_marrow_rules_assessment);
MARROW_RULES_DECLARE (_marrow_rules_guidance_decision);
MARROW_RULES_DECLARE (_marrow_rules_limit_ack);

/* Helpers shared by the rules files (marrow-rules-common.c) */
gboolean _marrow_rules_is (MarrowRecord *record,
                           const char   *field,
                           const char   *code);
gboolean _marrow_rules_flag (MarrowRecord *record,
                             const char   *field);
gboolean _marrow_rules_not_before (MarrowRecord  *record,
                                   const char    *later,
                                   const char    *earlier,
                                   GError       **error);
void     _marrow_rules_warn (MarrowRecord *record,
                             GPtrArray    *warnings,
                             const char   *field,
                             const char   *rule,
                             const char   *format,
                             ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
