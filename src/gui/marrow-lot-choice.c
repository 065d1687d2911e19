/* marrow-lot-choice.c: whether a lot may be given in an injection, and why not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The injection form offers only the aliquots that may be given and names
 * the reason for every other lot.  The rules are not written again here:
 * each aliquot is tried in the core's finalisation check
 * (marrow_injection_check_finalise()) as the only product of a trial copy
 * of the injection, at its time (or now while it has none).  The check
 * tests the product's origin, release and expiry before anything about the
 * injection itself (scan, volume, weight, interval), so an aliquot is
 * usable unless it fails one of those product checks; the first aliquot's
 * failure gives the lot its reason.  A released lot whose aliquots are all
 * used up fails as "not released" at the aliquot: that is "no aliquots
 * left".
 */
#define G_LOG_DOMAIN "marrow-lot-choice"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-injection-check.h"
#include "marrow-lot-choice.h"
#include "marrow-lot-state.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/**
 * marrow_lot_choice_new:
 * @lot: a product_lot
 * @aliquots: (element-type MarrowRecord): its aliquots
 *
 * Returns: (transfer full): a choice not judged yet
 */
MarrowLotChoice *
marrow_lot_choice_new (MarrowRecord *lot,
                       GPtrArray    *aliquots)
{
  MarrowLotChoice *self;

  g_return_val_if_fail (MARROW_IS_RECORD (lot), NULL);
  g_return_val_if_fail (aliquots != NULL, NULL);

  self = g_new0 (MarrowLotChoice, 1);
  self->lot = g_object_ref (lot);
  self->aliquots = g_ptr_array_new_with_free_func (g_object_unref);
  self->usable = g_ptr_array_new ();
  for (guint i = 0; i < aliquots->len; i++)
    if (!marrow_record_is_voided (aliquots->pdata[i]))
      g_ptr_array_add (self->aliquots, g_object_ref (aliquots->pdata[i]));
  return self;
}

void
marrow_lot_choice_free (MarrowLotChoice *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->lot);
  g_ptr_array_unref (self->usable);
  g_ptr_array_unref (self->aliquots);
  g_free (self->reason);
  g_free (self);
}

/* Whether @error is about the product rather than the injection */
static gboolean
is_product_failure (const GError *error)
{
  return g_error_matches (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_WRONG_PATIENT) ||
         g_error_matches (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_NOT_RELEASED) ||
         g_error_matches (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_EXPIRED) ||
         g_strcmp0 (marrow_validation_error_get_field (error), "aliquot_id") == 0;
}

static MarrowLotChoiceKind
kind_of (MarrowLotChoice *self,
         const GError    *error)
{
  if (g_error_matches (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_WRONG_PATIENT))
    return MARROW_LOT_CHOICE_OTHER_PATIENT;
  if (g_error_matches (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_EXPIRED))
    return MARROW_LOT_CHOICE_EXPIRED;
  if (g_error_matches (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_NOT_RELEASED))
    return g_strcmp0 (marrow_record_get_text (self->lot, "release_status"), MARROW_LOT_RELEASED) == 0 &&
           g_strcmp0 (marrow_validation_error_get_field (error), "aliquot_id") == 0
           ? MARROW_LOT_CHOICE_NONE_LEFT : MARROW_LOT_CHOICE_NOT_RELEASED;
  return MARROW_LOT_CHOICE_REFUSED;
}

/**
 * marrow_lot_choice_judge:
 * @self: a #MarrowLotChoice
 * @injection: the injection being entered (its joint_case_id, performed_at,
 *   tz and route are read)
 * @joint_case: its joint case
 * @patient_id: the case's patient
 *
 * Fills @usable, @kind and @reason.
 */
void
marrow_lot_choice_judge (MarrowLotChoice *self,
                         MarrowRecord    *injection,
                         MarrowRecord    *joint_case,
                         const char      *patient_id)
{
  g_autoptr(MarrowRecord) trial = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) first = NULL;
  g_autofree char *now_text = marrow_instant_format (now);
  const char *at;

  g_return_if_fail (self != NULL);
  g_return_if_fail (MARROW_IS_RECORD (injection) && MARROW_IS_RECORD (joint_case));

  g_ptr_array_set_size (self->usable, 0);
  g_clear_pointer (&self->reason, g_free);

  /* At the injection's time; while it has none (or one still to come), now */
  at = marrow_record_get_text (injection, "performed_at");
  if (!marrow_instant_is_valid (at) || g_strcmp0 (at, now_text) > 0)
    at = now_text;
  trial = marrow_record_copy (injection);
  marrow_record_set_text (trial, "performed_at", at);

  for (guint i = 0; i < self->aliquots->len; i++)
    {
      MarrowRecord *aliquot = self->aliquots->pdata[i];
      g_autoptr(MarrowRecord) product = marrow_record_new (&marrow_entity_injection_product);
      g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
      g_autoptr(GError) error = NULL;
      MarrowInjectionProductSnapshot item = { product, aliquot, self->lot };
      MarrowInjectionSnapshot snapshot = { 0 };

      marrow_record_set_text (product, "injection_id", marrow_record_get_id (trial));
      marrow_record_set_text (product, "aliquot_id", marrow_record_get_id (aliquot));
      snapshot.injection = trial;
      snapshot.joint_case = joint_case;
      snapshot.patient_id = patient_id;
      snapshot.products = &item;
      snapshot.n_products = 1;
      snapshot.now = now;

      if (marrow_injection_check_finalise (&snapshot, warnings, &error) ||
          !is_product_failure (error))
        g_ptr_array_add (self->usable, aliquot);
      else if (first == NULL)
        first = g_steal_pointer (&error);
    }

  if (self->usable->len > 0)
    self->kind = MARROW_LOT_CHOICE_USABLE;
  else if (first != NULL)
    {
      self->kind = kind_of (self, first);
      self->reason = g_strdup (first->message);
    }
  else
    {
      self->kind = MARROW_LOT_CHOICE_NONE_LEFT;
      /* Translators: %s is the chain-of-identity ID of a lot */
      self->reason = g_strdup_printf (_("Lot %s has no aliquots"),
                                      marrow_record_get_text_or_id (self->lot, "coi_id"));
    }
}

/**
 * marrow_lot_choice_kind_get_label:
 * @kind: a #MarrowLotChoiceKind
 *
 * Returns: the translated name of the verdict, e.g. "Not released"
 */
const char *
marrow_lot_choice_kind_get_label (MarrowLotChoiceKind kind)
{
  switch (kind)
    {
    case MARROW_LOT_CHOICE_USABLE:
      return _("May be given");
    case MARROW_LOT_CHOICE_NOT_RELEASED:
      return _("Not released");
    case MARROW_LOT_CHOICE_EXPIRED:
      return _("Expired at the injection time");
    case MARROW_LOT_CHOICE_OTHER_PATIENT:
      return _("Another patient's autologous product");
    case MARROW_LOT_CHOICE_NONE_LEFT:
      return _("No aliquots left");
    case MARROW_LOT_CHOICE_REFUSED:
    default:
      return _("Refused by the chain-of-identity check");
    }
}
