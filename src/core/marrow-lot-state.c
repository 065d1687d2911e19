/* marrow-lot-state.c: release of product lots and the aliquot state machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both state machines are static tables (domain model 4.7): a change is
 * allowed only if its (from, to) pair is a row of the table, and then only
 * if the row's conditions hold.  The functions that apply a change check
 * everything first and modify the records only when every check passed, so
 * a failed change leaves the records as they were.
 *
 * A lot's "effective status" (what lists and the booster panel show) is
 * derived from its release status and its aliquots; the rule is documented
 * at marrow_lot_effective_status() and in docs/chain-of-identity.md.
 */
#define G_LOG_DOMAIN "marrow-lot-state"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-error.h"
#include "marrow-lot-state.h"
#include "marrow-time.h"
#include "marrow-validate.h"

#define R_REASON     MARROW_TRANSITION_RULE_REASON
#define R_CORRECTION MARROW_TRANSITION_RULE_CORRECTION
#define R_RELEASED   MARROW_TRANSITION_RULE_LOT_RELEASED
#define R_UNEXPIRED  MARROW_TRANSITION_RULE_LOT_UNEXPIRED
#define R_EXPIRED    MARROW_TRANSITION_RULE_LOT_EXPIRED

/* Domain model 4.7, "Aliquot state machine".  Keep in the order of the doc. */
static const MarrowTransition aliquot_transitions[] = {
  { NULL, MARROW_ALIQUOT_QUARANTINE, 0,
    N_("aliquot created with its lot") },
  { MARROW_ALIQUOT_QUARANTINE, MARROW_ALIQUOT_RELEASED, R_RELEASED,
    N_("lot released") },
  { MARROW_ALIQUOT_QUARANTINE, MARROW_ALIQUOT_DISCARDED, R_REASON,
    N_("lot rejected or unit damaged") },
  { MARROW_ALIQUOT_RELEASED, MARROW_ALIQUOT_ISSUED, R_RELEASED | R_UNEXPIRED,
    N_("issued for a scheduled injection") },
  { MARROW_ALIQUOT_ISSUED, MARROW_ALIQUOT_RELEASED, R_REASON | R_RELEASED | R_UNEXPIRED,
    N_("returned unused within storage conditions") },
  { MARROW_ALIQUOT_ISSUED, MARROW_ALIQUOT_ADMINISTERED, R_RELEASED,
    N_("the injection that uses it is finalised") },
  { MARROW_ALIQUOT_RELEASED, MARROW_ALIQUOT_ADMINISTERED, R_RELEASED,
    N_("the injection that uses it is finalised") },
  { MARROW_ALIQUOT_RELEASED, MARROW_ALIQUOT_EXPIRED, R_EXPIRED,
    N_("the lot's expiry passed") },
  { MARROW_ALIQUOT_ISSUED, MARROW_ALIQUOT_EXPIRED, R_EXPIRED,
    N_("the lot's expiry passed") },
  { MARROW_ALIQUOT_RELEASED, MARROW_ALIQUOT_DISCARDED, R_REASON,
    N_("discarded") },
  { MARROW_ALIQUOT_ISSUED, MARROW_ALIQUOT_DISCARDED, R_REASON,
    N_("discarded") },
  { MARROW_ALIQUOT_QUARANTINE, MARROW_ALIQUOT_RECALLED, R_REASON,
    N_("lot recall") },
  { MARROW_ALIQUOT_RELEASED, MARROW_ALIQUOT_RECALLED, R_REASON,
    N_("lot recall") },
  { MARROW_ALIQUOT_ISSUED, MARROW_ALIQUOT_RECALLED, R_REASON,
    N_("lot recall") },
  /* The one exception to "administered is final" (proposed in 4.7): the
   * injection was entered in error and a physician corrects the aliquot. */
  { MARROW_ALIQUOT_ADMINISTERED, MARROW_ALIQUOT_RELEASED,
    R_CORRECTION | R_REASON | R_RELEASED | R_UNEXPIRED,
    N_("correction: the injection was entered in error and the unit is physically unused") },
  { MARROW_ALIQUOT_ADMINISTERED, MARROW_ALIQUOT_DISCARDED, R_CORRECTION | R_REASON,
    N_("correction: the injection was entered in error") },
};

/* product_lot.release_status: quarantine -> released | rejected; both final */
static const MarrowTransition lot_transitions[] = {
  { NULL, MARROW_LOT_QUARANTINE, 0,
    N_("lot created") },
  { MARROW_LOT_QUARANTINE, MARROW_LOT_RELEASED, 0,
    N_("QA release: release basis, who and when recorded; the run was QA-reviewed") },
  { MARROW_LOT_QUARANTINE, MARROW_LOT_REJECTED, R_REASON,
    N_("QA rejection (failed QC)") },
};

static const char * const aliquot_states[] = {
  MARROW_ALIQUOT_QUARANTINE, MARROW_ALIQUOT_RELEASED, MARROW_ALIQUOT_ISSUED,
  MARROW_ALIQUOT_ADMINISTERED, MARROW_ALIQUOT_DISCARDED, MARROW_ALIQUOT_EXPIRED,
  MARROW_ALIQUOT_RECALLED,
};

static const char * const lot_states[] = {
  MARROW_LOT_QUARANTINE, MARROW_LOT_RELEASED, MARROW_LOT_REJECTED,
};

static gboolean
state_is_known (const char         *state,
                const char * const *states,
                guint               n_states)
{
  for (guint i = 0; i < n_states; i++)
    if (g_strcmp0 (state, states[i]) == 0)
      return TRUE;
  return FALSE;
}

static const MarrowTransition *
lookup (const MarrowTransition *table,
        guint                   n,
        const char             *from,
        const char             *to)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (table[i].from, from) == 0 && g_strcmp0 (table[i].to, to) == 0)
      return &table[i];
  return NULL;
}

/**
 * marrow_aliquot_transitions:
 * @n_transitions: (out): the number of rows
 *
 * Returns: (array length=n_transitions) (transfer none): the aliquot state machine
 */
const MarrowTransition *
marrow_aliquot_transitions (guint *n_transitions)
{
  g_return_val_if_fail (n_transitions != NULL, NULL);

  *n_transitions = G_N_ELEMENTS (aliquot_transitions);
  return aliquot_transitions;
}

/**
 * marrow_aliquot_transition_lookup:
 * @from: (nullable): the current status, %NULL for a new aliquot
 * @to: the new status
 *
 * Returns: (nullable) (transfer none): the row allowing the change, or %NULL
 */
const MarrowTransition *
marrow_aliquot_transition_lookup (const char *from,
                                  const char *to)
{
  g_return_val_if_fail (to != NULL, NULL);

  return lookup (aliquot_transitions, G_N_ELEMENTS (aliquot_transitions), from, to);
}

/**
 * marrow_lot_release_transitions:
 * @n_transitions: (out): the number of rows
 *
 * Returns: (array length=n_transitions) (transfer none): the release_status state machine
 */
const MarrowTransition *
marrow_lot_release_transitions (guint *n_transitions)
{
  g_return_val_if_fail (n_transitions != NULL, NULL);

  *n_transitions = G_N_ELEMENTS (lot_transitions);
  return lot_transitions;
}

/* Checks a change against @table.  @is_lot selects the messages of the
 * lot release_status machine instead of the aliquot machine; the reason of
 * a lot rejection is checked where it is given (release_note), so
 * @check_reason is FALSE there. */
static gboolean
check_row (gboolean                 is_lot,
           const char              *from,
           const char              *to,
           gboolean                 check_reason,
           const char              *reason,
           MarrowTransitionFlags    flags,
           const MarrowTransition **row_out,
           GError                 **error)
{
  const MarrowTransition *table = is_lot ? lot_transitions : aliquot_transitions;
  guint n = is_lot ? G_N_ELEMENTS (lot_transitions) : G_N_ELEMENTS (aliquot_transitions);
  const char * const *states = is_lot ? lot_states : aliquot_states;
  guint n_states = is_lot ? G_N_ELEMENTS (lot_states) : G_N_ELEMENTS (aliquot_states);
  const char *field = is_lot ? "release_status" : "status";
  const char *from_text = from != NULL ? from : _("(new)");
  const MarrowTransition *row;

  if (to == NULL || !state_is_known (to, states, n_states) ||
      (from != NULL && !state_is_known (from, states, n_states)))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, field,
                                   is_lot
                                   ? _("Unknown lot release status in the change from “%s” to “%s”")
                                   : _("Unknown aliquot status in the change from “%s” to “%s”"),
                                   from_text, to != NULL ? to : "");
      return FALSE;
    }

  row = lookup (table, n, from, to);
  if (row == NULL)
    {
      if (from == NULL)
        marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, field,
                                     is_lot
                                     ? _("A new lot must start in release status “%s”, not “%s”")
                                     : _("A new aliquot must start in status “%s”, not “%s”"),
                                     table[0].to, to);
      else
        marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, field,
                                     is_lot
                                     ? _("The release status of a lot cannot change from “%s” to “%s”")
                                     : _("The status of an aliquot cannot change from “%s” to “%s”"),
                                     from, to);
      return FALSE;
    }

  if ((row->rules & MARROW_TRANSITION_RULE_CORRECTION) != 0 &&
      (flags & MARROW_TRANSITION_FLAG_CORRECTION) == 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, field,
                                   _("The status of an aliquot can change from “%s” to “%s” only as "
                                     "a physician's correction after the injection that used it was "
                                     "entered in error"),
                                   from_text, to);
      return FALSE;
    }

  if (check_reason && (row->rules & MARROW_TRANSITION_RULE_REASON) != 0 &&
      marrow_text_is_blank (reason))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "status_reason",
                                   _("A reason is required to change the status of an aliquot "
                                     "from “%s” to “%s”"),
                                   from_text, to);
      return FALSE;
    }

  if (row_out != NULL)
    *row_out = row;

  return TRUE;
}

/**
 * marrow_aliquot_transition_check:
 * @from: (nullable): the current status, %NULL for a new aliquot
 * @to: the new status
 * @reason: (nullable): the reason given by the user
 * @flags: %MARROW_TRANSITION_FLAG_CORRECTION for the physician's correction
 * @error: %MARROW_VALIDATION_ERROR_TRANSITION naming both states,
 *   %MARROW_VALIDATION_ERROR_REQUIRED for a missing reason
 *
 * Checks a change against the table alone, without the lot conditions.
 *
 * Returns: %TRUE if the table allows the change
 */
gboolean
marrow_aliquot_transition_check (const char             *from,
                                 const char             *to,
                                 const char             *reason,
                                 MarrowTransitionFlags   flags,
                                 GError                **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_row (FALSE, from, to, TRUE, reason, flags, NULL, error);
}

/**
 * marrow_lot_release_transition_check:
 * @from: (nullable): the current release_status, %NULL for a new lot
 * @to: the new release_status
 * @error: %MARROW_VALIDATION_ERROR_TRANSITION naming both states
 *
 * Returns: %TRUE if the release_status table has the row (quarantine →
 *   released or rejected; both are final)
 */
gboolean
marrow_lot_release_transition_check (const char  *from,
                                     const char  *to,
                                     GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_row (TRUE, from, to, FALSE, NULL, MARROW_TRANSITION_FLAG_NONE, NULL, error);
}

/**
 * marrow_lot_is_released_by:
 * @lot: a product_lot
 * @at: an instant, YYYY-MM-DDTHH:MM:SS.sssZ
 *
 * Whether @lot was released by @at, to the minute.  Injection times are
 * entered to the minute (the form's time field has no seconds), while a
 * release is stamped with the clock's seconds: a lot released at 10:30:27
 * may be given at 10:30, the minute it was released in
 * (docs/chain-of-identity.md §4, decision).  A release status other than
 * released, or no valid release time, is never released.
 *
 * Returns: %TRUE if @lot is released and its release is not in a later
 *   minute than @at
 */
gboolean
marrow_lot_is_released_by (MarrowRecord *lot,
                           const char   *at)
{
  const char *released_at;

  g_return_val_if_fail (MARROW_IS_RECORD (lot), FALSE);

  released_at = marrow_record_get_text (lot, "released_at");
  if (g_strcmp0 (marrow_record_get_text (lot, "release_status"), MARROW_LOT_RELEASED) != 0 ||
      !marrow_instant_is_valid (released_at) || !marrow_instant_is_valid (at))
    return FALSE;

  /* Both are UTC in the same fixed format: "YYYY-MM-DDTHH:MM" is the
   * minute, and text order is time order */
  return strncmp (at, released_at, strlen ("YYYY-MM-DDTHH:MM")) >= 0;
}

/**
 * marrow_lot_is_expired_at:
 * @lot: a product_lot
 * @at: (nullable): an instant, %NULL for now
 *
 * A lot is expired from its `expires_at` instant on: at that very instant
 * it may no longer be used.  A lot without a valid expiry counts as expired,
 * because nobody can tell that it is still usable.
 *
 * Returns: %TRUE if @lot may not be used at @at
 */
gboolean
marrow_lot_is_expired_at (MarrowRecord *lot,
                          const char   *at)
{
  g_autofree char *clock = NULL;
  const char *expires_at;

  g_return_val_if_fail (MARROW_IS_RECORD (lot), TRUE);

  if (at == NULL)
    at = clock = marrow_instant_now ();

  expires_at = marrow_record_get_text (lot, "expires_at");
  if (!marrow_instant_is_valid (expires_at) || !marrow_instant_is_valid (at))
    return TRUE;

  return strcmp (at, expires_at) >= 0;
}

static gboolean
check_lot_rules (const MarrowTransition *row,
                 MarrowRecord           *lot,
                 const char             *release_status,
                 const char             *from,
                 const char             *at,
                 GError                **error)
{
  const char *coi = marrow_record_get_text (lot, "coi_id");

  if (coi == NULL)
    coi = marrow_record_get_id (lot);

  if ((row->rules & MARROW_TRANSITION_RULE_LOT_RELEASED) != 0 &&
      g_strcmp0 (release_status, MARROW_LOT_RELEASED) != 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_NOT_RELEASED, "status",
                                   _("An aliquot cannot change from “%s” to “%s” while its lot %s "
                                     "has release status “%s”"),
                                   from, row->to, coi, release_status ? release_status : "");
      return FALSE;
    }

  if ((row->rules & MARROW_TRANSITION_RULE_LOT_UNEXPIRED) != 0 && marrow_lot_is_expired_at (lot, at))
    {
      const char *expires_at = marrow_record_get_text (lot, "expires_at");

      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_EXPIRED, "status",
                                   _("An aliquot cannot change from “%s” to “%s”: its lot %s "
                                     "expired at %s"),
                                   from, row->to, coi, expires_at ? expires_at : _("(no expiry recorded)"));
      return FALSE;
    }

  if ((row->rules & MARROW_TRANSITION_RULE_LOT_EXPIRED) != 0 && !marrow_lot_is_expired_at (lot, at))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, "status",
                                   _("An aliquot of lot %s cannot be marked expired at %s: the "
                                     "lot expires at %s"),
                                   coi, at, marrow_record_get_text (lot, "expires_at"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_actor (const char  *by,
             const char  *at,
             GError     **error)
{
  if (marrow_text_is_blank (by))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "status_changed_by",
                                   _("The staff member who changes a status is required"));
      return FALSE;
    }

  if (!marrow_instant_is_valid (at))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "status_changed_at",
                                   _("The time of a status change “%s” is not an instant of the form "
                                     "YYYY-MM-DDTHH:MM:SS.sssZ"),
                                   at);
      return FALSE;
    }

  return TRUE;
}

/* Checks one aliquot change, with the lot's release_status given
 * separately so that a lot release can check its aliquots before it
 * changes the lot. */
static gboolean
check_aliquot_change (MarrowRecord           *aliquot,
                      MarrowRecord           *lot,
                      const char             *release_status,
                      const char             *to,
                      const char             *at,
                      const char             *reason,
                      MarrowTransitionFlags   flags,
                      GError                **error)
{
  const MarrowTransition *row = NULL;
  const char *from = marrow_record_get_text (aliquot, "status");

  if (g_strcmp0 (marrow_record_get_text (aliquot, "lot_id"), marrow_record_get_id (lot)) != 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "lot_id",
                                   _("Aliquot %s does not belong to lot %s"),
                                   marrow_record_get_text (aliquot, "label") ?: marrow_record_get_id (aliquot),
                                   marrow_record_get_text (lot, "coi_id") ?: marrow_record_get_id (lot));
      return FALSE;
    }

  if (marrow_record_is_voided (aliquot))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, "status",
                                   _("Aliquot %s was entered in error; its status cannot change"),
                                   marrow_record_get_text (aliquot, "label") ?: marrow_record_get_id (aliquot));
      return FALSE;
    }

  if (!check_row (FALSE, from, to, TRUE, reason, flags, &row, error))
    return FALSE;

  return check_lot_rules (row, lot, release_status, from, at, error);
}

static void
set_aliquot_status (MarrowRecord *aliquot,
                    const char   *to,
                    const char   *by,
                    const char   *at,
                    const char   *reason)
{
  marrow_record_set_text (aliquot, "status", to);
  marrow_record_set_text (aliquot, "status_changed_at", at);
  marrow_record_set_text (aliquot, "status_changed_by", by);
  if (marrow_text_is_blank (reason))
    marrow_record_set_null (aliquot, "status_reason");
  else
    marrow_record_set_text (aliquot, "status_reason", reason);
}

/**
 * marrow_aliquot_apply_transition:
 * @aliquot: a product_aliquot; a new aliquot has a NULL status
 * @lot: the aliquot's lot
 * @to: the new status
 * @by: the staff member's id
 * @at: (nullable): the instant of the change, %NULL for now
 * @reason: (nullable): the reason, required for discarded, recalled,
 *   issued → released and the corrections
 * @flags: %MARROW_TRANSITION_FLAG_CORRECTION for administered → released or
 *   discarded after the injection was entered in error
 * @error: %MARROW_VALIDATION_ERROR_TRANSITION naming both states for a
 *   change the table forbids; REQUIRED, NOT_RELEASED or EXPIRED when a
 *   condition of the row fails
 *
 * Changes the aliquot's status and records status_changed_at,
 * status_changed_by and status_reason.  On failure @aliquot is unchanged.
 *
 * Returns: %TRUE if the change was applied
 */
gboolean
marrow_aliquot_apply_transition (MarrowRecord           *aliquot,
                                 MarrowRecord           *lot,
                                 const char             *to,
                                 const char             *by,
                                 const char             *at,
                                 const char             *reason,
                                 MarrowTransitionFlags   flags,
                                 GError                **error)
{
  g_autofree char *clock = NULL;

  g_return_val_if_fail (MARROW_IS_RECORD (aliquot), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (lot), FALSE);
  g_return_val_if_fail (to != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (at == NULL)
    at = clock = marrow_instant_now ();

  if (!check_actor (by, at, error))
    return FALSE;

  if (!check_aliquot_change (aliquot, lot, marrow_record_get_text (lot, "release_status"),
                             to, at, reason, flags, error))
    return FALSE;

  set_aliquot_status (aliquot, to, by, at, reason);
  return TRUE;
}

/**
 * marrow_lot_apply_release_status:
 * @lot: a product_lot in quarantine
 * @run: (nullable): the lot's processing_run; required when the lot has a
 *   processing_run_id
 * @aliquots: (nullable) (element-type MarrowRecord): the lot's aliquots
 * @to: %MARROW_LOT_RELEASED or %MARROW_LOT_REJECTED
 * @basis: (nullable): for a release, all_tests_pass or conditional
 * @note: (nullable): for a conditional release what is pending (required);
 *   for a rejection the reason (required)
 * @by: the staff member who releases or rejects (stand-in for the QA signature)
 * @at: (nullable): the instant, %NULL for now
 * @error: TRANSITION, REQUIRED, ENUM, RULE or FORMAT
 *
 * Releases or rejects a lot (domain model 6, "Release a lot").  A release
 * needs a release basis, a note when conditional, the releasing person and
 * time, and a QA review of the processing run (qa_reviewed_by and
 * qa_reviewed_at).  The lot's aliquots that are in quarantine follow in the
 * same step: to released on release, to discarded on rejection (with the
 * rejection note as their reason).  A rejection stores its reason in
 * release_note and leaves released_by/released_at empty; who rejected it
 * and when is in the audit row of the change.
 *
 * The checks that need other records (the required QC tests and the
 * deviation sign-off) are the caller's.  Nothing is changed on failure.
 *
 * Returns: %TRUE if the lot and its aliquots were changed
 */
gboolean
marrow_lot_apply_release_status (MarrowRecord  *lot,
                                 MarrowRecord  *run,
                                 GPtrArray     *aliquots,
                                 const char    *to,
                                 const char    *basis,
                                 const char    *note,
                                 const char    *by,
                                 const char    *at,
                                 GError       **error)
{
  g_autofree char *clock = NULL;
  const char *from;
  const char *coi;
  gboolean releasing;

  g_return_val_if_fail (MARROW_IS_RECORD (lot), FALSE);
  g_return_val_if_fail (run == NULL || MARROW_IS_RECORD (run), FALSE);
  g_return_val_if_fail (to != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (at == NULL)
    at = clock = marrow_instant_now ();

  from = marrow_record_get_text (lot, "release_status");
  coi = marrow_record_get_text (lot, "coi_id") ?: marrow_record_get_id (lot);
  releasing = g_strcmp0 (to, MARROW_LOT_RELEASED) == 0;

  if (marrow_record_is_voided (lot))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, "release_status",
                                   _("Lot %s was entered in error; it cannot be released or rejected"),
                                   coi);
      return FALSE;
    }

  /* (new) -> quarantine is the creation of the lot, not a decision */
  if (from == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, "release_status",
                                   _("Lot %s has no release status yet; a new lot starts in “%s”"),
                                   coi, MARROW_LOT_QUARANTINE);
      return FALSE;
    }

  if (!marrow_lot_release_transition_check (from, to, error))
    return FALSE;

  if (marrow_text_is_blank (by))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "released_by",
                                   _("The staff member who releases or rejects lot %s is required"),
                                   coi);
      return FALSE;
    }

  if (!marrow_instant_is_valid (at))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "released_at",
                                   _("The release time “%s” is not an instant of the form "
                                     "YYYY-MM-DDTHH:MM:SS.sssZ"),
                                   at);
      return FALSE;
    }

  if (releasing)
    {
      if (marrow_text_is_blank (basis))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "release_basis",
                                       _("A release basis (all tests pass, or conditional) is "
                                         "required to release lot %s"),
                                       coi);
          return FALSE;
        }
      if (g_strcmp0 (basis, MARROW_RELEASE_ALL_TESTS_PASS) != 0 &&
          g_strcmp0 (basis, MARROW_RELEASE_CONDITIONAL) != 0)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "release_basis",
                                       _("Release basis (release_basis) is “%s”; allowed values are "
                                         "all_tests_pass, conditional"),
                                       basis);
          return FALSE;
        }
      if (g_strcmp0 (basis, MARROW_RELEASE_CONDITIONAL) == 0 && marrow_text_is_blank (note))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "release_note",
                                       _("A conditional release of lot %s must say what is pending "
                                         "(release note)"),
                                       coi);
          return FALSE;
        }

      if (!marrow_record_is_null (lot, "processing_run_id"))
        {
          if (run == NULL ||
              g_strcmp0 (marrow_record_get_id (run), marrow_record_get_text (lot, "processing_run_id")) != 0)
            {
              marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "processing_run_id",
                                           _("Lot %s cannot be released without its processing run"),
                                           coi);
              return FALSE;
            }
          if (marrow_record_is_null (run, "qa_reviewed_by") ||
              marrow_record_is_null (run, "qa_reviewed_at"))
            {
              marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "processing_run_id",
                                           _("Lot %s cannot be released before its processing run "
                                             "%s has been reviewed by QA"),
                                           coi,
                                           marrow_record_get_text (run, "run_code") ?: marrow_record_get_id (run));
              return FALSE;
            }
        }
    }
  else if (marrow_text_is_blank (note))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "release_note",
                                   _("A reason is required to reject lot %s"), coi);
      return FALSE;
    }

  /* Check every aliquot that follows the lot before changing anything */
  for (guint i = 0; aliquots != NULL && i < aliquots->len; i++)
    {
      MarrowRecord *aliquot = g_ptr_array_index (aliquots, i);

      g_return_val_if_fail (MARROW_IS_RECORD (aliquot), FALSE);

      if (marrow_record_is_voided (aliquot) ||
          g_strcmp0 (marrow_record_get_text (aliquot, "status"), MARROW_ALIQUOT_QUARANTINE) != 0)
        continue;

      if (!check_aliquot_change (aliquot, lot, to,
                                 releasing ? MARROW_ALIQUOT_RELEASED : MARROW_ALIQUOT_DISCARDED,
                                 at, note, MARROW_TRANSITION_FLAG_NONE, error))
        return FALSE;
    }

  marrow_record_set_text (lot, "release_status", to);
  if (releasing)
    {
      marrow_record_set_text (lot, "release_basis", basis);
      if (marrow_text_is_blank (note))
        marrow_record_set_null (lot, "release_note");
      else
        marrow_record_set_text (lot, "release_note", note);
      marrow_record_set_text (lot, "released_by", by);
      marrow_record_set_text (lot, "released_at", at);
    }
  else
    {
      marrow_record_set_text (lot, "release_note", note);
    }

  for (guint i = 0; aliquots != NULL && i < aliquots->len; i++)
    {
      MarrowRecord *aliquot = g_ptr_array_index (aliquots, i);

      if (marrow_record_is_voided (aliquot) ||
          g_strcmp0 (marrow_record_get_text (aliquot, "status"), MARROW_ALIQUOT_QUARANTINE) != 0)
        continue;

      if (releasing)
        set_aliquot_status (aliquot, MARROW_ALIQUOT_RELEASED, by, at, NULL);
      else
        set_aliquot_status (aliquot, MARROW_ALIQUOT_DISCARDED, by, at, note);
    }

  return TRUE;
}

/**
 * marrow_lot_effective_status:
 * @lot: a product_lot
 * @aliquots: (nullable) (element-type MarrowRecord): the lot's aliquots
 * @now: (nullable): the instant to judge expiry at, %NULL for now
 *
 * Sums a lot up as one status, for lists and reports:
 *
 * 1. release_status quarantine → quarantine; rejected → rejected.
 * 2. For a released lot, aliquots entered in error are ignored, and an
 *    aliquot still released or issued after the lot's expiry counts as
 *    expired (the start-up sweep may not have run yet).  Then the first
 *    that applies wins: any aliquot recalled → recalled; any issued →
 *    issued; any released → released; any in quarantine → quarantine;
 *    any administered → administered; any expired → expired; any
 *    discarded → discarded.
 * 3. A released lot without aliquots is released, or expired after its
 *    expiry.
 *
 * So usable stock (released) outranks the final states, a unit out for an
 * injection (issued) outranks stock, and a recall outranks everything,
 * because it must be acted on (linked injections need clinical review).
 *
 * Returns: the effective status
 */
MarrowLotStatus
marrow_lot_effective_status (MarrowRecord *lot,
                             GPtrArray    *aliquots,
                             const char   *now)
{
  g_autofree char *clock = NULL;
  const char *release_status;
  gboolean expired;
  guint n_recalled = 0, n_issued = 0, n_released = 0, n_quarantine = 0;
  guint n_administered = 0, n_expired = 0, n_discarded = 0;

  g_return_val_if_fail (MARROW_IS_RECORD (lot), MARROW_LOT_STATUS_QUARANTINE);

  release_status = marrow_record_get_text (lot, "release_status");
  if (g_strcmp0 (release_status, MARROW_LOT_REJECTED) == 0)
    return MARROW_LOT_STATUS_REJECTED;
  if (g_strcmp0 (release_status, MARROW_LOT_RELEASED) != 0)
    return MARROW_LOT_STATUS_QUARANTINE;

  if (now == NULL)
    now = clock = marrow_instant_now ();
  expired = marrow_lot_is_expired_at (lot, now);

  for (guint i = 0; aliquots != NULL && i < aliquots->len; i++)
    {
      MarrowRecord *aliquot = g_ptr_array_index (aliquots, i);
      const char *status;

      if (marrow_record_is_voided (aliquot))
        continue;

      status = marrow_record_get_text (aliquot, "status");
      if (g_strcmp0 (status, MARROW_ALIQUOT_RECALLED) == 0)
        n_recalled++;
      else if (expired && (g_strcmp0 (status, MARROW_ALIQUOT_ISSUED) == 0 ||
                           g_strcmp0 (status, MARROW_ALIQUOT_RELEASED) == 0))
        n_expired++;
      else if (g_strcmp0 (status, MARROW_ALIQUOT_ISSUED) == 0)
        n_issued++;
      else if (g_strcmp0 (status, MARROW_ALIQUOT_RELEASED) == 0)
        n_released++;
      else if (g_strcmp0 (status, MARROW_ALIQUOT_QUARANTINE) == 0)
        n_quarantine++;
      else if (g_strcmp0 (status, MARROW_ALIQUOT_ADMINISTERED) == 0)
        n_administered++;
      else if (g_strcmp0 (status, MARROW_ALIQUOT_EXPIRED) == 0)
        n_expired++;
      else if (g_strcmp0 (status, MARROW_ALIQUOT_DISCARDED) == 0)
        n_discarded++;
    }

  if (n_recalled > 0)
    return MARROW_LOT_STATUS_RECALLED;
  if (n_issued > 0)
    return MARROW_LOT_STATUS_ISSUED;
  if (n_released > 0)
    return MARROW_LOT_STATUS_RELEASED;
  if (n_quarantine > 0)
    return MARROW_LOT_STATUS_QUARANTINE;
  if (n_administered > 0)
    return MARROW_LOT_STATUS_ADMINISTERED;
  if (n_expired > 0)
    return MARROW_LOT_STATUS_EXPIRED;
  if (n_discarded > 0)
    return MARROW_LOT_STATUS_DISCARDED;

  return expired ? MARROW_LOT_STATUS_EXPIRED : MARROW_LOT_STATUS_RELEASED;
}

/**
 * marrow_lot_aliquots_remaining:
 * @lot: a product_lot
 * @aliquots: (nullable) (element-type MarrowRecord): the lot's aliquots
 * @now: (nullable): the instant, %NULL for now
 *
 * The `aliquots_remaining` view of domain model 4.7: the number of the
 * lot's aliquots in released whose lot is released and not expired.
 *
 * Returns: the number of aliquots available for a booster
 */
guint
marrow_lot_aliquots_remaining (MarrowRecord *lot,
                               GPtrArray    *aliquots,
                               const char   *now)
{
  guint n = 0;

  g_return_val_if_fail (MARROW_IS_RECORD (lot), 0);

  if (aliquots == NULL ||
      marrow_record_is_voided (lot) ||
      g_strcmp0 (marrow_record_get_text (lot, "release_status"), MARROW_LOT_RELEASED) != 0 ||
      marrow_lot_is_expired_at (lot, now))
    return 0;

  for (guint i = 0; i < aliquots->len; i++)
    {
      MarrowRecord *aliquot = g_ptr_array_index (aliquots, i);

      if (!marrow_record_is_voided (aliquot) &&
          g_strcmp0 (marrow_record_get_text (aliquot, "lot_id"), marrow_record_get_id (lot)) == 0 &&
          g_strcmp0 (marrow_record_get_text (aliquot, "status"), MARROW_ALIQUOT_RELEASED) == 0)
        n++;
    }

  return n;
}

static const struct
{
  const char *code;
  const char *label;
} lot_status_names[] = {
  [MARROW_LOT_STATUS_QUARANTINE]   = { "quarantine", N_("Quarantine") },
  [MARROW_LOT_STATUS_RELEASED]     = { "released", N_("Released") },
  [MARROW_LOT_STATUS_ISSUED]       = { "issued", N_("Issued") },
  [MARROW_LOT_STATUS_ADMINISTERED] = { "administered", N_("Administered") },
  [MARROW_LOT_STATUS_DISCARDED]    = { "discarded", N_("Discarded") },
  [MARROW_LOT_STATUS_EXPIRED]      = { "expired", N_("Expired") },
  [MARROW_LOT_STATUS_RECALLED]     = { "recalled", N_("Recalled") },
  [MARROW_LOT_STATUS_REJECTED]     = { "rejected", N_("Rejected") },
};

/**
 * marrow_lot_status_to_string:
 *
 * Returns: the stable code of @status, e.g. "administered"
 */
const char *
marrow_lot_status_to_string (MarrowLotStatus status)
{
  g_return_val_if_fail ((guint)status < G_N_ELEMENTS (lot_status_names), NULL);

  return lot_status_names[status].code;
}

/**
 * marrow_lot_status_get_label:
 *
 * Returns: the translated label of @status
 */
const char *
marrow_lot_status_get_label (MarrowLotStatus status)
{
  g_return_val_if_fail ((guint)status < G_N_ELEMENTS (lot_status_names), NULL);

  return _(lot_status_names[status].label);
}
