/* marrow-lot-state.h: release of product lots and the aliquot state machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Domain model 4.7 and 6; the rules are explained in docs/chain-of-identity.md.
 */
#pragma once

#include <glib.h>

#include "marrow-record.h"

G_BEGIN_DECLS

/* product_aliquot.status */
#define MARROW_ALIQUOT_QUARANTINE    "quarantine"
#define MARROW_ALIQUOT_RELEASED      "released"
#define MARROW_ALIQUOT_ISSUED        "issued"
#define MARROW_ALIQUOT_ADMINISTERED  "administered"
#define MARROW_ALIQUOT_DISCARDED     "discarded"
#define MARROW_ALIQUOT_EXPIRED       "expired"
#define MARROW_ALIQUOT_RECALLED      "recalled"

/* product_lot.release_status */
#define MARROW_LOT_QUARANTINE        "quarantine"
#define MARROW_LOT_RELEASED          "released"
#define MARROW_LOT_REJECTED          "rejected"

/* product_lot.release_basis */
#define MARROW_RELEASE_ALL_TESTS_PASS "all_tests_pass"
#define MARROW_RELEASE_CONDITIONAL    "conditional"

/**
 * MarrowTransitionRule:
 * @MARROW_TRANSITION_RULE_NONE: no condition
 * @MARROW_TRANSITION_RULE_REASON: a reason is required
 * @MARROW_TRANSITION_RULE_CORRECTION: only allowed as a correction after the
 *   administering injection was entered in error (%MARROW_TRANSITION_FLAG_CORRECTION)
 * @MARROW_TRANSITION_RULE_LOT_RELEASED: the lot's release_status must be released
 * @MARROW_TRANSITION_RULE_LOT_UNEXPIRED: the lot must not have expired at the time of the change
 * @MARROW_TRANSITION_RULE_LOT_EXPIRED: the lot must have expired at the time of the change
 *
 * Conditions attached to one row of a state machine.
 */
typedef enum
{
  MARROW_TRANSITION_RULE_NONE          = 0,
  MARROW_TRANSITION_RULE_REASON        = 1 << 0,
  MARROW_TRANSITION_RULE_CORRECTION    = 1 << 1,
  MARROW_TRANSITION_RULE_LOT_RELEASED  = 1 << 2,
  MARROW_TRANSITION_RULE_LOT_UNEXPIRED = 1 << 3,
  MARROW_TRANSITION_RULE_LOT_EXPIRED   = 1 << 4,
} MarrowTransitionRule;

/**
 * MarrowTransitionFlags:
 * @MARROW_TRANSITION_FLAG_NONE: an ordinary change
 * @MARROW_TRANSITION_FLAG_CORRECTION: the caller corrects an aliquot whose
 *   injection was entered in error; a physician decided it and gave a reason
 */
typedef enum
{
  MARROW_TRANSITION_FLAG_NONE       = 0,
  MARROW_TRANSITION_FLAG_CORRECTION = 1 << 0,
} MarrowTransitionFlags;

/**
 * MarrowTransition:
 * @from: the state before, %NULL for a new record
 * @to: the state after
 * @rules: conditions that must hold
 * @trigger: N_()-marked description of when the change happens
 *
 * One allowed row of a state machine.  Every change not in the table is
 * rejected.
 */
typedef struct
{
  const char           *from;
  const char           *to;
  MarrowTransitionRule  rules;
  const char           *trigger;
} MarrowTransition;

/**
 * MarrowLotStatus:
 * @MARROW_LOT_STATUS_QUARANTINE: not yet released
 * @MARROW_LOT_STATUS_RELEASED: released, with at least one usable aliquot and none issued
 * @MARROW_LOT_STATUS_ISSUED: at least one aliquot is issued for an injection
 * @MARROW_LOT_STATUS_ADMINISTERED: no usable aliquot is left and at least one was administered
 * @MARROW_LOT_STATUS_DISCARDED: every aliquot was discarded
 * @MARROW_LOT_STATUS_EXPIRED: no aliquot is usable because the lot expired
 * @MARROW_LOT_STATUS_RECALLED: the lot was recalled (at least one aliquot is recalled)
 * @MARROW_LOT_STATUS_REJECTED: release was refused (release_status rejected)
 *
 * A lot's effective status, derived by marrow_lot_effective_status().
 */
typedef enum
{
  MARROW_LOT_STATUS_QUARANTINE,
  MARROW_LOT_STATUS_RELEASED,
  MARROW_LOT_STATUS_ISSUED,
  MARROW_LOT_STATUS_ADMINISTERED,
  MARROW_LOT_STATUS_DISCARDED,
  MARROW_LOT_STATUS_EXPIRED,
  MARROW_LOT_STATUS_RECALLED,
  MARROW_LOT_STATUS_REJECTED,
} MarrowLotStatus;

const MarrowTransition *marrow_aliquot_transitions         (guint                  *n_transitions);
const MarrowTransition *marrow_aliquot_transition_lookup   (const char             *from,
                                                            const char             *to);
gboolean                marrow_aliquot_transition_check    (const char             *from,
                                                            const char             *to,
                                                            const char             *reason,
                                                            MarrowTransitionFlags   flags,
                                                            GError                **error);
gboolean                marrow_aliquot_apply_transition    (MarrowRecord           *aliquot,
                                                            MarrowRecord           *lot,
                                                            const char             *to,
                                                            const char             *by,
                                                            const char             *at,
                                                            const char             *reason,
                                                            MarrowTransitionFlags   flags,
                                                            GError                **error);

const MarrowTransition *marrow_lot_release_transitions     (guint                  *n_transitions);
gboolean                marrow_lot_release_transition_check (const char            *from,
                                                             const char            *to,
                                                             GError               **error);
gboolean                marrow_lot_apply_release_status    (MarrowRecord           *lot,
                                                            MarrowRecord           *run,
                                                            GPtrArray              *aliquots,
                                                            const char             *to,
                                                            const char             *basis,
                                                            const char             *note,
                                                            const char             *by,
                                                            const char             *at,
                                                            GError                **error);

gboolean                marrow_lot_is_released_by          (MarrowRecord           *lot,
                                                            const char             *at);
gboolean                marrow_lot_is_expired_at           (MarrowRecord           *lot,
                                                            const char             *at);
MarrowLotStatus         marrow_lot_effective_status        (MarrowRecord           *lot,
                                                            GPtrArray              *aliquots,
                                                            const char             *now);
guint                   marrow_lot_aliquots_remaining      (MarrowRecord           *lot,
                                                            GPtrArray              *aliquots,
                                                            const char             *now);
const char             *marrow_lot_status_to_string        (MarrowLotStatus         status);
const char             *marrow_lot_status_get_label        (MarrowLotStatus         status);

G_END_DECLS
