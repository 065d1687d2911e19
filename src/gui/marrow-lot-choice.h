/* marrow-lot-choice.h: whether a lot may be given in an injection, and why not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record.h"

G_BEGIN_DECLS

/**
 * MarrowLotChoiceKind:
 * @MARROW_LOT_CHOICE_USABLE: at least one aliquot may be given
 * @MARROW_LOT_CHOICE_NOT_RELEASED: the lot is in quarantine or rejected
 * @MARROW_LOT_CHOICE_EXPIRED: the lot has expired at the injection time
 * @MARROW_LOT_CHOICE_OTHER_PATIENT: an autologous product of another patient
 * @MARROW_LOT_CHOICE_NONE_LEFT: released, but no aliquot is left to give
 * @MARROW_LOT_CHOICE_REFUSED: another check of the core refuses it (the
 *   reason says which)
 */
typedef enum
{
  MARROW_LOT_CHOICE_USABLE,
  MARROW_LOT_CHOICE_NOT_RELEASED,
  MARROW_LOT_CHOICE_EXPIRED,
  MARROW_LOT_CHOICE_OTHER_PATIENT,
  MARROW_LOT_CHOICE_NONE_LEFT,
  MARROW_LOT_CHOICE_REFUSED,
} MarrowLotChoiceKind;

/**
 * MarrowLotChoice:
 * @lot: the product_lot
 * @aliquots: (element-type MarrowRecord): its aliquots, not entered in error
 * @usable: (element-type MarrowRecord): those that may be given
 * @kind: the verdict of marrow_lot_choice_judge()
 * @reason: (nullable): the core's message when the lot may not be given
 */
typedef struct
{
  MarrowRecord        *lot;
  GPtrArray           *aliquots;
  GPtrArray           *usable;
  MarrowLotChoiceKind  kind;
  char                *reason;
} MarrowLotChoice;

MarrowLotChoice *marrow_lot_choice_new            (MarrowRecord        *lot,
                                                   GPtrArray           *aliquots);
void             marrow_lot_choice_free           (MarrowLotChoice     *self);
void             marrow_lot_choice_judge          (MarrowLotChoice     *self,
                                                   MarrowRecord        *injection,
                                                   MarrowRecord        *joint_case,
                                                   const char          *patient_id);
const char      *marrow_lot_choice_kind_get_label (MarrowLotChoiceKind  kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowLotChoice, marrow_lot_choice_free)

G_END_DECLS
