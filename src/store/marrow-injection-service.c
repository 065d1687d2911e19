/* marrow-injection-service.c: chain-of-identity operations over any MarrowStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Domain model 6 ("Release a lot", "Finalise an injection") and the aliquot
 * state machine of 4.7, as store operations.  Every function follows the
 * same three steps:
 *
 * 1. read the records it needs through the MarrowStore interface only
 *    (lookup and find), never through SQL, so that a PostgreSQL store gets
 *    the same behaviour for free;
 * 2. let the pure core decide on copies of those records
 *    (marrow-lot-state.c, marrow-injection-check.c); a refusal returns the
 *    core's MARROW_VALIDATION_ERROR and nothing has been written;
 * 3. save every changed record in ONE change set (marrow_store_apply()),
 *    which writes the audit rows in the same transaction.  Updates carry
 *    the row_version that was read, so if any of those records was changed
 *    by another workstation in the meantime the whole operation fails with
 *    MARROW_STORE_ERROR_STALE and nothing is written.
 *
 * The caller's records are changed only when the save succeeded: they then
 * hold what was stored (new field values, row version and metadata).
 */
#define G_LOG_DOMAIN "marrow-injection-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-coi.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-injection-check.h"
#include "marrow-injection-service.h"
#include "marrow-lot-state.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static GDateTime *
clock_ref (GDateTime *now)
{
  return now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
}

static gboolean
is_entity (MarrowRecord          *record,
           const MarrowEntityDef *entity)
{
  return MARROW_IS_RECORD (record) && marrow_record_get_entity (record) == entity;
}

/* A record that was never saved is inserted, one that was read is updated
 * (with its row version, so a stale copy fails). */
static void
add_save (MarrowChangeSet *changes,
          MarrowRecord    *record)
{
  if (marrow_record_get_row_version (record) == 0)
    marrow_change_set_add_insert (changes, record);
  else
    marrow_change_set_add_update (changes, record);
}

/* The record that @field of @from points at */
static MarrowRecord *
lookup_ref (MarrowStore            *store,
            const MarrowEntityDef  *entity,
            MarrowRecord           *from,
            const char             *field,
            GError                **error)
{
  const char *id = marrow_record_get_text (from, field);

  if (marrow_text_is_blank (id))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, field,
                                   _("%s (%s) is required"),
                                   marrow_field_label (from, field), field);
      return NULL;
    }

  return marrow_store_lookup (store, entity, id, error);
}

/* Appends the warnings of @from to @to, leaving out a code that @to holds
 * already: the field validation and the injection check both warn about a
 * low post-thaw viability under the same code. */
static void
merge_warnings (GPtrArray *to,
                GPtrArray *from)
{
  g_autofree gpointer *items = NULL;
  gsize n_items = 0;

  items = g_ptr_array_steal (from, &n_items);
  for (gsize i = 0; i < n_items; i++)
    {
      MarrowWarning *warning = items[i];
      gboolean seen = FALSE;

      for (guint j = 0; j < to->len && !seen; j++)
        seen = g_strcmp0 (((MarrowWarning *)to->pdata[j])->code, warning->code) == 0;

      if (seen)
        marrow_warning_free (warning);
      else
        g_ptr_array_add (to, warning);
    }
}

/* ------------------------------------------------------------------------ */
/* Releasing a lot                                                          */

/* The chain-of-identity IDs of a lot and its aliquots, checked before the
 * lot is released, so that a mistyped ID is caught in the laboratory and
 * not at the bedside.  A lot without a COI yet is left to the injection
 * check, which refuses it. */
static gboolean
check_lot_identity (MarrowRecord  *lot,
                    GPtrArray     *aliquots,
                    GError       **error)
{
  const char *coi = marrow_record_get_text (lot, "coi_id");
  MarrowCoiParts parts;

  if (coi == NULL)
    return TRUE;

  if (!marrow_coi_parse (coi, "coi_id", &parts, error))
    return FALSE;
  if (parts.kind != MARROW_COI_KIND_LOT)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "coi_id",
                                   _("“%s” is not the ID of a product lot ({base}-L{n})"), coi);
      return FALSE;
    }

  for (guint i = 0; i < aliquots->len; i++)
    {
      MarrowRecord *aliquot = g_ptr_array_index (aliquots, i);
      const char *label = marrow_record_get_text (aliquot, "label");
      g_autofree char *expected = NULL;
      gint64 aliquot_no;

      if (label == NULL || marrow_record_is_voided (aliquot))
        continue;

      aliquot_no = marrow_record_get_int (aliquot, "aliquot_no");
      expected = marrow_coi_derive_aliquot (coi, (guint)CLAMP (aliquot_no, 0, G_MAXUINT), NULL);
      if (g_strcmp0 (label, expected) != 0)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "label",
                                       _("The label “%s” does not match aliquot number %d of "
                                         "lot %s"),
                                       label, (int)CLAMP (aliquot_no, G_MININT, G_MAXINT), coi);
          return FALSE;
        }
    }

  return TRUE;
}

/* Domain model 6: "check the required tests (pass, or pending with
 * conditional)".  Until spec_limit says which tests a category requires,
 * every QC test recorded for the lot or its run counts: a failed one blocks
 * the release, a pending one allows only a conditional release. */
static gboolean
check_lot_tests (MarrowRecord  *lot,
                 GPtrArray     *tests,
                 const char    *basis,
                 GError       **error)
{
  const char *coi = marrow_record_get_text_or_id (lot, "coi_id");

  for (guint i = 0; i < tests->len; i++)
    {
      MarrowRecord *test = g_ptr_array_index (tests, i);
      const char *code = marrow_record_get_text (test, "test_code");
      const char *pass_fail = marrow_record_get_text (test, "pass_fail");

      if (marrow_record_is_voided (test) ||
          g_strcmp0 (marrow_record_get_record_status (test), MARROW_STATUS_DRAFT) == 0)
        continue;

      if (g_strcmp0 (pass_fail, "fail") == 0)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "release_status",
                                       /* Translators: the first %s is a QC test code (gram) */
                                       _("The QC test “%s” failed: lot %s cannot be released"),
                                       code ? code : "", coi);
          return FALSE;
        }

      if ((g_strcmp0 (marrow_record_get_text (test, "state"), "pending") == 0 ||
           g_strcmp0 (pass_fail, "pending") == 0) &&
          g_strcmp0 (basis, MARROW_RELEASE_CONDITIONAL) != 0)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "release_basis",
                                       _("The QC test “%s” of lot %s is still pending: release the "
                                         "lot conditionally and say what is pending"),
                                       code ? code : "", coi);
          return FALSE;
        }
    }

  return TRUE;
}

/* The release (or rejection, @to) decided on copies.  On success *lot_out
 * is the changed lot and @changed_out holds the aliquots that changed
 * status. */
static gboolean
decide_release (MarrowRecord  *lot,
                MarrowRecord  *run,
                GPtrArray     *aliquots,
                const char    *to,
                const char    *basis,
                const char    *note,
                const char    *by,
                const char    *at,
                MarrowRecord **lot_out,
                GPtrArray     *changed_out,
                GError       **error)
{
  g_autoptr(MarrowRecord) lot_copy = marrow_record_copy (lot);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < aliquots->len; i++)
    g_ptr_array_add (copies, marrow_record_copy (g_ptr_array_index (aliquots, i)));

  if (!marrow_lot_apply_release_status (lot_copy, run, copies, to, basis, note, by, at, error))
    return FALSE;

  for (guint i = 0; i < copies->len; i++)
    if (g_strcmp0 (marrow_record_get_text (g_ptr_array_index (copies, i), "status"),
                   marrow_record_get_text (g_ptr_array_index (aliquots, i), "status")) != 0)
      g_ptr_array_add (changed_out, g_object_ref (g_ptr_array_index (copies, i)));

  *lot_out = g_steal_pointer (&lot_copy);
  return TRUE;
}

/* The lot's processing run (none for a received allogeneic lot) and its aliquots */
static gboolean
read_lot (MarrowStore   *store,
          MarrowRecord  *lot,
          MarrowRecord **run_out,
          GPtrArray    **aliquots_out,
          GError       **error)
{
  if (!marrow_record_is_null (lot, "processing_run_id") &&
      !(*run_out = lookup_ref (store, &marrow_entity_processing_run, lot, "processing_run_id",
                               error)))
    return FALSE;

  *aliquots_out = marrow_store_find_by (store, &marrow_entity_product_aliquot, "lot_id",
                                        marrow_record_get_id (lot), NULL, error);
  return *aliquots_out != NULL;
}

/* Decides the release or rejection (@to) of @lot and saves the lot and its
 * changed aliquots in one change set; @lot then holds the stored lot */
static gboolean
save_lot_decision (MarrowStore   *store,
                   MarrowRecord  *lot,
                   MarrowRecord  *run,
                   GPtrArray     *aliquots,
                   const char    *to,
                   const char    *basis,
                   const char    *note,
                   const char    *at,
                   GError       **error)
{
  g_autoptr(MarrowRecord) decided = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MarrowChangeSet) changes = NULL;
  const char *staff_id;

  /* Try the decision out before a new user is registered, so that a
   * refused one writes nothing */
  if (marrow_store_get_staff_id (store) == NULL &&
      !decide_release (lot, run, aliquots, to, basis, note, MARROW_STORE_PENDING_STAFF_ID, at,
                       &decided, changed, error))
    return FALSE;
  g_clear_object (&decided);
  g_ptr_array_set_size (changed, 0);

  if (!(staff_id = marrow_store_register_staff (store, error)))
    return FALSE;
  if (!decide_release (lot, run, aliquots, to, basis, note, staff_id, at, &decided, changed,
                       error))
    return FALSE;

  changes = marrow_change_set_new ();
  marrow_change_set_add_update (changes, decided);
  for (guint i = 0; i < changed->len; i++)
    marrow_change_set_add_update (changes, g_ptr_array_index (changed, i));

  if (!marrow_store_apply (store, changes, error))
    return FALSE;

  marrow_record_assign (lot, decided);
  return TRUE;
}

/**
 * marrow_store_release_lot:
 * @store: a #MarrowStore
 * @lot: a product_lot in quarantine, as read from @store
 * @basis: %MARROW_RELEASE_ALL_TESTS_PASS or %MARROW_RELEASE_CONDITIONAL
 * @note: (nullable): what is still pending; required for a conditional release
 * @now: (nullable): the time of the release, %NULL for the clock
 * @error: return location for a #GError
 *
 * Releases a lot (domain model 6, "Release a lot"): the lot becomes
 * released, with the acting staff member and @now as released_by and
 * released_at, and its quarantine aliquots become released, all in one
 * transaction with its audit rows.
 *
 * Before anything is written: the lot's chain-of-identity ID and its
 * aliquots' labels must be valid (FORMAT, CHECK_CHARACTER, RULE); no QC
 * test of the lot or its run may have failed, and a pending one needs a
 * conditional release (RULE); and marrow_lot_apply_release_status() checks
 * the state machine, the basis and note and the QA review of the run.
 *
 * If @lot was changed by someone else since it was read, or one of its
 * aliquots changes while the release is saved, the release fails with
 * %MARROW_STORE_ERROR_STALE and nothing is written.
 *
 * Returns: %TRUE if the lot was released; @lot then holds the stored lot
 */
gboolean
marrow_store_release_lot (MarrowStore   *store,
                          MarrowRecord  *lot,
                          const char    *basis,
                          const char    *note,
                          GDateTime     *now,
                          GError       **error)
{
  g_autoptr(GDateTime) clock = NULL;
  g_autoptr(MarrowRecord) run = NULL;
  g_autoptr(GPtrArray) aliquots = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_entity (lot, &marrow_entity_product_lot), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clock = clock_ref (now);
  at = marrow_instant_format (clock);

  /* Read */
  if (!read_lot (store, lot, &run, &aliquots, error))
    return FALSE;

  if (!(tests = marrow_store_find_by (store, &marrow_entity_qc_test, "product_lot_id",
                                      marrow_record_get_id (lot), NULL, error)))
    return FALSE;
  if (run != NULL)
    {
      g_autoptr(GPtrArray) run_tests = NULL;

      if (!(run_tests = marrow_store_find_by (store, &marrow_entity_qc_test, "processing_run_id",
                                              marrow_record_get_id (run), NULL, error)))
        return FALSE;
      /* A test may name both the run and the lot; checking it twice is harmless */
      g_ptr_array_extend_and_steal (tests, g_steal_pointer (&run_tests));
    }

  /* Decide */
  if (!check_lot_identity (lot, aliquots, error) ||
      !check_lot_tests (lot, tests, basis, error))
    return FALSE;

  return save_lot_decision (store, lot, run, aliquots, MARROW_LOT_RELEASED, basis, note, at,
                            error);
}

/**
 * marrow_store_reject_lot:
 * @store: a #MarrowStore
 * @lot: a product_lot in quarantine, as read from @store
 * @reason: why the lot is rejected (a failed test, a damaged unit)
 * @now: (nullable): the time of the rejection, %NULL for the clock
 * @error: return location for a #GError
 *
 * Rejects a lot: its release_status becomes rejected with @reason as its
 * release_note, and its quarantine aliquots become discarded by the acting
 * staff member at @now (status_changed_by and status_changed_at), with
 * @reason as their status_reason; all in one transaction, whose audit rows
 * name the staff member and time of the rejection of the lot itself.
 * marrow_lot_apply_release_status() decides.
 *
 * If @lot or one of its aliquots was changed by someone else since it was
 * read, the rejection fails with %MARROW_STORE_ERROR_STALE and nothing is
 * written.
 *
 * Returns: %TRUE if the lot was rejected; @lot then holds the stored lot
 */
gboolean
marrow_store_reject_lot (MarrowStore   *store,
                         MarrowRecord  *lot,
                         const char    *reason,
                         GDateTime     *now,
                         GError       **error)
{
  g_autoptr(GDateTime) clock = NULL;
  g_autoptr(MarrowRecord) run = NULL;
  g_autoptr(GPtrArray) aliquots = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_entity (lot, &marrow_entity_product_lot), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clock = clock_ref (now);
  at = marrow_instant_format (clock);

  if (!read_lot (store, lot, &run, &aliquots, error))
    return FALSE;

  return save_lot_decision (store, lot, run, aliquots, MARROW_LOT_REJECTED, NULL, reason, at,
                            error);
}

/* ------------------------------------------------------------------------ */
/* Changing an aliquot's status                                             */

static MarrowRecord *
decide_transition (MarrowRecord  *aliquot,
                   MarrowRecord  *lot,
                   const char    *to_state,
                   const char    *by,
                   const char    *at,
                   const char    *reason,
                   GError       **error)
{
  g_autoptr(MarrowRecord) copy = marrow_record_copy (aliquot);

  if (!marrow_aliquot_apply_transition (copy, lot, to_state, by, at, reason,
                                        MARROW_TRANSITION_FLAG_NONE, error))
    return NULL;
  return g_steal_pointer (&copy);
}

/**
 * marrow_store_transition_aliquot:
 * @store: a #MarrowStore
 * @aliquot: a product_aliquot, as read from @store
 * @to_state: the new status, e.g. %MARROW_ALIQUOT_ISSUED or %MARROW_ALIQUOT_DISCARDED
 * @reason: (nullable): why; required for discarded, recalled and issued → released
 * @now: (nullable): the time of the change, %NULL for the clock
 * @error: return location for a #GError
 *
 * Changes the status of one aliquot along the state machine of domain
 * model 4.7 (marrow_aliquot_apply_transition() with the aliquot's lot read
 * from @store), recording the acting staff member and @now, in one
 * transaction with its audit row.
 *
 * An aliquot becomes %MARROW_ALIQUOT_ADMINISTERED only together with the
 * injection that uses it (marrow_store_finalise_injection()); asking for
 * that state here fails with %MARROW_VALIDATION_ERROR_TRANSITION.  The
 * corrections after an injection was entered in error are not offered
 * here either.
 *
 * If @aliquot was changed by someone else since it was read, the change
 * fails with %MARROW_STORE_ERROR_STALE and nothing is written.
 *
 * Returns: %TRUE if the status was changed; @aliquot then holds the stored aliquot
 */
gboolean
marrow_store_transition_aliquot (MarrowStore   *store,
                                 MarrowRecord  *aliquot,
                                 const char    *to_state,
                                 const char    *reason,
                                 GDateTime     *now,
                                 GError       **error)
{
  g_autoptr(GDateTime) clock = NULL;
  g_autoptr(MarrowRecord) lot = NULL;
  g_autoptr(MarrowRecord) changed = NULL;
  g_autofree char *at = NULL;
  const char *staff_id;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_entity (aliquot, &marrow_entity_product_aliquot), FALSE);
  g_return_val_if_fail (to_state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (to_state, MARROW_ALIQUOT_ADMINISTERED) == 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_TRANSITION, "status",
                                   _("Aliquot %s becomes “%s” only when the injection that uses it "
                                     "is finalised"),
                                   marrow_record_get_text_or_id (aliquot, "label"), MARROW_ALIQUOT_ADMINISTERED);
      return FALSE;
    }

  clock = clock_ref (now);
  at = marrow_instant_format (clock);

  if (!(lot = lookup_ref (store, &marrow_entity_product_lot, aliquot, "lot_id", error)))
    return FALSE;

  if (marrow_store_get_staff_id (store) == NULL)
    {
      g_autoptr(MarrowRecord) trial = NULL;

      trial = decide_transition (aliquot, lot, to_state, MARROW_STORE_PENDING_STAFF_ID, at, reason,
                                 error);
      if (trial == NULL)
        return FALSE;
    }

  if (!(staff_id = marrow_store_register_staff (store, error)))
    return FALSE;
  if (!(changed = decide_transition (aliquot, lot, to_state, staff_id, at, reason, error)))
    return FALSE;

  if (!marrow_store_update (store, changed, error))
    return FALSE;

  marrow_record_assign (aliquot, changed);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Finalising an injection                                                  */

/* The case's other cell injections that count for course_no and the
 * interval: not entered in error, not a draft (not given yet), and not the
 * injection being finalised (a saved draft of it). */
static GPtrArray *
other_injection_times (GPtrArray    *injections,
                       MarrowRecord *injection)
{
  GPtrArray *times = g_ptr_array_new ();

  for (guint i = 0; i < injections->len; i++)
    {
      MarrowRecord *other = g_ptr_array_index (injections, i);
      const char *performed_at = marrow_record_get_text (other, "performed_at");

      if (marrow_record_is_voided (other) ||
          g_strcmp0 (marrow_record_get_record_status (other), MARROW_STATUS_DRAFT) == 0 ||
          g_strcmp0 (marrow_record_get_id (other), marrow_record_get_id (injection)) == 0 ||
          performed_at == NULL)
        continue;

      g_ptr_array_add (times, (gpointer)performed_at);
    }

  return times;
}

/**
 * marrow_store_finalise_injection:
 * @store: a #MarrowStore
 * @injection: the injection to finalise: a new record, or a saved draft
 * @products: (element-type MarrowRecord): its injection_product records,
 *   one per aliquot given, new or saved with the draft
 * @now: (nullable): the current time, %NULL for the clock
 * @warnings: (nullable) (element-type MarrowWarning): soft warnings are
 *   appended here when the injection was saved
 * @error: return location for a #GError
 *
 * Finalises a cell injection (domain model 6, "Finalise an injection"):
 *
 * 1. validates the injection and its products as records
 *    (marrow_record_validate());
 * 2. reads the joint case, the weights of the case's patient, every aliquot
 *    and its lot, and the case's other injections that were given and not
 *    entered in error, all through the #MarrowStore interface;
 * 3. runs marrow_injection_check_finalise() on them, which either refuses
 *    with its first hard failure (WRONG_PATIENT, NOT_RELEASED, EXPIRED,
 *    CHECK_CHARACTER, NO_WEIGHT, ... in the %MARROW_VALIDATION_ERROR
 *    domain) or fills the computed fields (doses, course number, weight
 *    used, times);
 * 4. saves in one change set, and so in one transaction with the audit
 *    rows: the injection (a draft becomes final), its products, and every
 *    aliquot moved to %MARROW_ALIQUOT_ADMINISTERED by the acting staff
 *    member at @now.
 *
 * On a hard failure nothing is written and @injection is unchanged.  If an
 * aliquot was changed by another workstation after it was read here, the
 * save fails with %MARROW_STORE_ERROR_STALE and nothing is written either.
 *
 * Returns: %TRUE if the injection was finalised; @injection and @products
 *   then hold the stored records
 */
gboolean
marrow_store_finalise_injection (MarrowStore   *store,
                                 MarrowRecord  *injection,
                                 GPtrArray     *products,
                                 GDateTime     *now,
                                 GPtrArray     *warnings,
                                 GError       **error)
{
  return marrow_store_finalise_injection_full (store, injection, products, NULL, now, warnings,
                                               error);
}

/* Copies the changes of @from to the end of @to */
static void
append_changes (MarrowChangeSet *to,
                MarrowChangeSet *from)
{
  for (guint i = 0; from != NULL && i < marrow_change_set_get_length (from); i++)
    {
      const MarrowChange *change = marrow_change_set_get (from, i);

      switch (change->kind)
        {
        case MARROW_CHANGE_INSERT:
          marrow_change_set_add_insert (to, change->record);
          break;
        case MARROW_CHANGE_UPDATE:
          marrow_change_set_add_update (to, change->record);
          break;
        case MARROW_CHANGE_VOID:
          marrow_change_set_add_void (to, change->record, change->reason);
          break;
        case MARROW_CHANGE_CHECK:
        default:
          marrow_change_set_add_check (to, change->record);
          break;
        }
    }
}

/**
 * marrow_store_finalise_injection_full:
 * @store: a #MarrowStore
 * @injection: the injection to finalise: a new record, or a saved draft
 * @products: (element-type MarrowRecord): its injection_product records
 * @also: (nullable): more changes to save in the same transaction, after
 *   the injection's: the limit_ack rows of the warnings the user
 *   acknowledged in the injection form
 * @now: (nullable): the current time, %NULL for the clock
 * @warnings: (nullable) (element-type MarrowWarning): soft warnings are
 *   appended here when the injection was saved
 * @error: return location for a #GError
 *
 * marrow_store_finalise_injection() with @also saved in its change set, so
 * that the injection is never stored without the reasons given for its
 * warnings, nor the reasons without the injection.
 *
 * Returns: %TRUE if the injection was finalised
 */
gboolean
marrow_store_finalise_injection_full (MarrowStore     *store,
                                      MarrowRecord    *injection,
                                      GPtrArray       *products,
                                      MarrowChangeSet *also,
                                      GDateTime       *now,
                                      GPtrArray       *warnings,
                                      GError         **error)
{
  g_autoptr(GDateTime) clock = NULL;
  g_autoptr(MarrowRecord) inj = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GPtrArray) weights = NULL;
  g_autoptr(GPtrArray) injections = NULL;
  g_autoptr(GPtrArray) other_times = NULL;
  g_autoptr(GPtrArray) product_copies = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GHashTable) lots = NULL;
  g_autoptr(GArray) given = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  g_autoptr(MarrowChangeSet) changes = NULL;
  g_autofree char *at = NULL;
  MarrowInjectionSnapshot snapshot = { 0 };
  const char *patient_id;
  const char *staff_id;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_entity (injection, &marrow_entity_injection), FALSE);
  g_return_val_if_fail (products != NULL, FALSE);
  for (guint i = 0; i < products->len; i++)
    g_return_val_if_fail (is_entity (g_ptr_array_index (products, i),
                                     &marrow_entity_injection_product), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clock = clock_ref (now);
  at = marrow_instant_format (clock);
  found = marrow_warning_list_new ();
  checked = marrow_warning_list_new ();

  /* 1. The records themselves.  The injection and its products are worked
   * on as copies, so that the caller's records change only once they are
   * saved. */
  inj = marrow_record_copy (injection);
  if (marrow_record_is_voided (inj))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "record_status",
                                   _("An injection entered in error cannot be finalised"));
      return FALSE;
    }
  if (g_strcmp0 (marrow_record_get_record_status (inj), MARROW_STATUS_DRAFT) == 0)
    marrow_record_set_record_status (inj, MARROW_STATUS_FINAL);

  if (!marrow_record_validate (inj, clock, found, error))
    return FALSE;

  product_copies = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < products->len; i++)
    {
      MarrowRecord *product = marrow_record_copy (g_ptr_array_index (products, i));

      g_ptr_array_add (product_copies, product);
      if (marrow_record_is_voided (product))
        continue;
      if (g_strcmp0 (marrow_record_get_record_status (product), MARROW_STATUS_DRAFT) == 0)
        marrow_record_set_record_status (product, MARROW_STATUS_FINAL);
      if (!marrow_record_validate (product, clock, found, error))
        return FALSE;
    }

  /* 2. Read what the checks need */
  if (!(joint_case = lookup_ref (store, &marrow_entity_joint_case, inj, "joint_case_id", error)))
    return FALSE;

  patient_id = marrow_record_get_text (joint_case, "patient_id");
  if (patient_id == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "joint_case_id",
                                   _("The joint case of the injection has no patient"));
      return FALSE;
    }

  if (!(weights = marrow_store_find_by (store, &marrow_entity_patient_weight, "patient_id",
                                        patient_id, NULL, error)))
    return FALSE;

  if (!(injections = marrow_store_find_by (store, &marrow_entity_injection, "joint_case_id",
                                           marrow_record_get_id (joint_case), NULL, error)))
    return FALSE;
  other_times = other_injection_times (injections, inj);

  held = g_ptr_array_new_with_free_func (g_object_unref);
  lots = g_hash_table_new (g_str_hash, g_str_equal);
  given = g_array_sized_new (FALSE, TRUE, sizeof (MarrowInjectionProductSnapshot), products->len);

  for (guint i = 0; i < products->len; i++)
    {
      MarrowInjectionProductSnapshot item = { g_ptr_array_index (product_copies, i), NULL, NULL };
      g_autoptr(MarrowRecord) aliquot = NULL;

      if (!(aliquot = lookup_ref (store, &marrow_entity_product_aliquot, item.injection_product,
                                  "aliquot_id", error)))
        return FALSE;

      item.lot = g_hash_table_lookup (lots, marrow_record_get_text (aliquot, "lot_id") ?: "");
      if (item.lot == NULL)
        {
          MarrowRecord *lot;

          if (!(lot = lookup_ref (store, &marrow_entity_product_lot, aliquot, "lot_id", error)))
            return FALSE;
          g_ptr_array_add (held, lot);
          g_hash_table_insert (lots, (gpointer)marrow_record_get_id (lot), lot);
          item.lot = lot;
        }

      item.aliquot = aliquot;
      g_ptr_array_add (held, g_steal_pointer (&aliquot));
      g_array_append_val (given, item);
    }

  /* 3. Decide */
  snapshot.injection = inj;
  snapshot.joint_case = joint_case;
  snapshot.patient_id = patient_id;
  snapshot.products = (const MarrowInjectionProductSnapshot *)(gpointer)given->data;
  snapshot.n_products = given->len;
  snapshot.weights = (MarrowRecord * const *)weights->pdata;
  snapshot.n_weights = weights->len;
  snapshot.other_performed_at = (const char * const *)other_times->pdata;
  snapshot.n_other = other_times->len;
  snapshot.now = clock;

  if (!marrow_injection_check_finalise (&snapshot, checked, error))
    return FALSE;

  /* 4. Save: the injection, its products and the aliquots, together */
  if (!(staff_id = marrow_store_register_staff (store, error)))
    return FALSE;

  changes = marrow_change_set_new ();
  add_save (changes, inj);

  /* What the decision rested on was read before the transaction: if the
   * case, a lot or the weight used changed since, the whole save fails
   * STALE instead of acting on an outdated check. */
  {
    const char *weight_id = marrow_record_get_text (inj, "weight_id_used");
    GHashTableIter iter;
    gpointer lot;

    marrow_change_set_add_check (changes, joint_case);
    g_hash_table_iter_init (&iter, lots);
    while (g_hash_table_iter_next (&iter, NULL, &lot))
      marrow_change_set_add_check (changes, lot);
    for (guint i = 0; weight_id != NULL && i < weights->len; i++)
      if (g_strcmp0 (marrow_record_get_id (g_ptr_array_index (weights, i)), weight_id) == 0)
        marrow_change_set_add_check (changes, g_ptr_array_index (weights, i));
  }

  for (guint i = 0; i < given->len; i++)
    {
      const MarrowInjectionProductSnapshot *item =
        &g_array_index (given, MarrowInjectionProductSnapshot, i);

      if (marrow_record_is_voided (item->injection_product))
        continue;

      add_save (changes, item->injection_product);

      /* The check has made sure that this change is allowed: the aliquot
       * is released or issued and its lot released */
      if (!marrow_aliquot_apply_transition (item->aliquot, item->lot, MARROW_ALIQUOT_ADMINISTERED,
                                            staff_id, at, NULL, MARROW_TRANSITION_FLAG_NONE,
                                            error))
        return FALSE;
      marrow_change_set_add_update (changes, item->aliquot);
    }
  append_changes (changes, also);

  if (!marrow_store_apply (store, changes, error))
    return FALSE;

  marrow_record_assign (injection, inj);
  for (guint i = 0; i < products->len; i++)
    marrow_record_assign (g_ptr_array_index (products, i), g_ptr_array_index (product_copies, i));

  if (warnings != NULL)
    {
      merge_warnings (found, checked);
      g_ptr_array_extend_and_steal (warnings, g_steal_pointer (&found));
    }

  return TRUE;
}
