/* marrow-generator.c: a fictional practice, for demonstrations and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * marrow_generate_practice() fills an empty store with fictional patients
 * (issue 4, point 6, and `marrow-cli generate DB --patients N`).  Every
 * record goes through the store's own checks: marrow_store_apply()
 * validates each record and its questionnaire answers, and the chain of
 * identity goes through the rules of the core.
 *
 * Two ways of saving:
 *
 * - The demo practice (small) releases lots, changes aliquots and
 *   finalises injections with the store's services
 *   (marrow_store_release_lot(), marrow_store_transition_aliquot(),
 *   marrow_store_finalise_injection()), exactly as the forms will, so its
 *   audit trail shows each step (a conditional release, the cultures read
 *   14 days later).  Everything else is gathered into change sets.
 * - Synthetic practices (any size) call the same core decisions
 *   (marrow_lot_apply_release_status(), marrow_aliquot_apply_transition(),
 *   marrow_injection_check_finalise()) on the records in memory and save
 *   whole patients in change sets of about a thousand records, so a
 *   million records take minutes, not hours of one transaction per record.
 *
 * Determinism: every choice comes from a generator seeded with
 * options->seed (each patient has its own stream), record ids are version 4
 * UUIDs drawn from a separate seeded stream, and chain-of-identity IDs are
 * given by the generator under a fixed facility code (DEMO1, or SYNTH for
 * synthetic data) instead of the store's random one.  The same seed and
 * the same day therefore give the same records with the same ids.  What
 * differs between two runs is only what the store adds: created/updated
 * times and the staff row of the user who runs the generator (the demo's
 * releases and injections are recorded under that user, as services do).
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-coi.h"
#include "marrow-generator-private.h"
#include "marrow-injection-check.h"
#include "marrow-injection-service.h"
#include "marrow-lot-state.h"
#include "marrow-validate.h"

/* Records per change set: large enough that the commit (an fsync with
 * synchronous = FULL) is not the bottleneck, small enough that the store's
 * per-set searches stay cheap */
#define BATCH_SIZE 1000

/* ------------------------------------------------------------------------ */
/* Records                                                                  */

MarrowRecord *
marrow_gen_record (MarrowGen             *gen,
                   const MarrowEntityDef *entity)
{
  MarrowRecord *record = marrow_record_new (entity);
  g_autofree char *id = marrow_gen_rng_uuid (&gen->id_rng);

  marrow_record_set_id (record, id);
  return record;
}

void
marrow_gen_set_ref (MarrowRecord *record,
                    const char   *field,
                    MarrowRecord *target)
{
  marrow_record_set_text (record, field, marrow_record_get_id (target));
}

void
marrow_gen_set_date (MarrowRecord *record,
                     const char   *field,
                     gint64        day)
{
  g_autofree char *text = marrow_gen_date_text (day);

  marrow_record_set_text (record, field, text);
}

void
marrow_gen_set_instant (MarrowRecord *record,
                        const char   *field,
                        gint64        seconds)
{
  g_autofree char *text = marrow_gen_instant_text (seconds);

  marrow_record_set_text (record, field, text);
}

static GDateTime *
date_time (gint64 seconds)
{
  return g_date_time_new_from_unix_utc (seconds);
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                    */

static const struct
{
  const char *login;
  const char *name;
  const char *profession;
  gboolean    can_sign_clinical;
  gboolean    can_release;
} staff_members[MARROW_GEN_N_STAFF] = {
  [MARROW_GEN_STAFF_PHYSICIAN] = { "avery", "Dr. Avery Fictional", "physician", TRUE, FALSE },
  [MARROW_GEN_STAFF_PHYSICIAN_2] = { "jordan", "Dr. Jordan Placeholder", "physician", TRUE, FALSE },
  [MARROW_GEN_STAFF_NURSE] = { "riley", "Riley Example, RN", "nurse", FALSE, FALSE },
  [MARROW_GEN_STAFF_LAB] = { "casey", "Casey Samplewell", "lab_technologist", FALSE, TRUE },
  [MARROW_GEN_STAFF_QA] = { "quinn", "Quinn Testperson", "lab_technologist", FALSE, TRUE },
  [MARROW_GEN_STAFF_COORDINATOR] = { "morgan", "Morgan Mockridge", "coordinator", FALSE, FALSE },
};

const char *
marrow_gen_staff (MarrowGen      *gen,
                  MarrowGenStaff  staff)
{
  return gen->staff_ids[staff];
}

static void
add_staff (MarrowGen *gen)
{
  for (guint i = 0; i < MARROW_GEN_N_STAFF; i++)
    {
      g_autoptr(MarrowRecord) member = marrow_gen_record (gen, &marrow_entity_staff);
      g_autofree char *login = g_strdup_printf ("%s.%s", gen->demo ? "demo" : "synthetic",
                                                staff_members[i].login);

      marrow_record_set_text (member, "login", login);
      marrow_record_set_text (member, "display_name", staff_members[i].name);
      marrow_record_set_text (member, "profession", staff_members[i].profession);
      marrow_record_set_bool (member, "can_sign_clinical", staff_members[i].can_sign_clinical);
      marrow_record_set_bool (member, "can_release", staff_members[i].can_release);
      marrow_record_set_bool (member, "is_admin", FALSE);
      marrow_record_set_bool (member, "active", TRUE);
      gen->staff_ids[i] = g_strdup (marrow_record_get_id (member));
      marrow_gen_insert (gen, member, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Batches                                                                  */

/**
 * marrow_gen_insert:
 * @at: when the record was made, for acknowledging its soft limits; 0 for
 *   records that have none (questionnaire items) or whose warnings are
 *   handled elsewhere (injections)
 *
 * Adds an insert of @record to the batch.  A soft limit that @record passes
 * (a KL 4 case, say) is acknowledged by the treating physician with a
 * limit_ack, as domain model 2.5 asks of a user who saves it.
 */
void
marrow_gen_insert (MarrowGen    *gen,
                   MarrowRecord *record,
                   gint64        at)
{
  marrow_change_set_add_insert (gen->pending, record);

  if (at > 0)
    {
      g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();

      /* A hard failure is reported by the store when the batch is saved */
      if (marrow_record_validate (record, NULL, warnings, NULL) && warnings->len > 0)
        marrow_gen_acknowledge (gen, record, warnings, at);
    }
}

/* The caller changed @record after it was saved: save the change with the
 * batch.  A record still waiting in the batch needs nothing: its insert
 * carries the change. */
void
marrow_gen_touch (MarrowGen    *gen,
                  MarrowRecord *record)
{
  if (marrow_record_get_row_version (record) == 0 ||
      g_hash_table_contains (gen->pending_updates, record))
    return;

  marrow_change_set_add_update (gen->pending, record);
  g_hash_table_add (gen->pending_updates, g_object_ref (record));
}

static void
report_progress (MarrowGen *gen)
{
  guint64 total = 0;

  if (gen->progress == NULL)
    return;
  /* The total is not known in advance: extrapolate from the patients done */
  if (gen->patients_done > 0)
    total = MAX (gen->n_written, gen->n_written * gen->n_patients / gen->patients_done);
  gen->progress (gen->n_written, total, gen->progress_data);
}

gboolean
marrow_gen_flush (MarrowGen  *gen,
                  GError    **error)
{
  guint n = marrow_change_set_get_length (gen->pending);
  gboolean ok;

  if (n == 0)
    return TRUE;

  ok = marrow_store_apply (gen->store, gen->pending, error);
  marrow_change_set_free (gen->pending);
  gen->pending = marrow_change_set_new ();
  g_hash_table_remove_all (gen->pending_updates);
  if (!ok)
    return FALSE;

  gen->n_written += n;
  report_progress (gen);
  return TRUE;
}

/* A new base chain-of-identity ID under the generator's facility code */
char *
marrow_gen_next_base (MarrowGen *gen,
                      gint64     day)
{
  int year, month, mday;
  guint slot;

  marrow_gen_civil (day, &year, &month, &mday);
  slot = (guint)CLAMP (year - 1900, 0, (int)G_N_ELEMENTS (gen->coi_sequence) - 1);
  return marrow_coi_make_base (gen->facility, (guint)year, ++gen->coi_sequence[slot], NULL);
}

/* ------------------------------------------------------------------------ */
/* Acknowledged warnings                                                    */

static const char *
acknowledgement_reason (const char *code)
{
  static const struct { const char *prefix; const char *reason; } reasons[] = {
    { "joint_case.kl_grade", "Lower expected benefit in end-stage disease explained; the patient "
                             "declines joint replacement for now" },
    { "injection.interval_days", "Booster brought forward by the treating physician; see the "
                                 "booster reason" },
    { "injection.post_thaw_viability_pct", "Viability checked twice; product used after "
                                           "discussion with the laboratory" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_str_has_prefix (code, reasons[i].prefix))
      return reasons[i].reason;
  return "Reviewed by the treating physician; acceptable for this patient";
}

static void
acknowledge_records (MarrowGen     *gen,
                     MarrowRecord **records,
                     guint          n_records,
                     GPtrArray     *warnings,
                     gint64         at)
{
  for (guint i = 0; i < warnings->len; i++)
    {
      MarrowWarning *warning = warnings->pdata[i];
      g_autoptr(MarrowRecord) ack = marrow_gen_record (gen, &marrow_entity_limit_ack);
      MarrowRecord *record = records[0];

      for (guint r = 0; r < n_records; r++)
        if (g_strcmp0 (marrow_record_get_entity_name (records[r]), warning->entity) == 0)
          record = records[r];

      marrow_record_set_text (ack, "table_name", marrow_record_get_entity_name (record));
      marrow_record_set_text (ack, "record_id", marrow_record_get_id (record));
      marrow_record_set_int (ack, "record_row_version",
                             MAX (marrow_record_get_row_version (record), 1));
      marrow_record_set_text (ack, "limit_code", warning->code);
      marrow_record_set_text (ack, "message", warning->message);
      marrow_record_set_text (ack, "reason", acknowledgement_reason (warning->code));
      marrow_record_set_text (ack, "by", marrow_gen_staff (gen, MARROW_GEN_STAFF_PHYSICIAN));
      marrow_gen_set_instant (ack, "at", at);
      marrow_change_set_add_insert (gen->pending, ack);
    }
}

void
marrow_gen_acknowledge (MarrowGen    *gen,
                        MarrowRecord *record,
                        GPtrArray    *warnings,
                        gint64        at)
{
  acknowledge_records (gen, &record, 1, warnings, at);
}

/* ------------------------------------------------------------------------ */
/* The chain of identity                                                    */

MarrowGenStock *
marrow_gen_stock_new (void)
{
  MarrowGenStock *stock = g_new0 (MarrowGenStock, 1);

  stock->aliquots = g_ptr_array_new_with_free_func (g_object_unref);
  return stock;
}

void
marrow_gen_stock_free (MarrowGenStock *stock)
{
  if (stock == NULL)
    return;
  g_clear_object (&stock->lot);
  g_clear_object (&stock->run);
  g_ptr_array_unref (stock->aliquots);
  g_free (stock);
}

gboolean
marrow_gen_release_lot (MarrowGen       *gen,
                        MarrowGenStock  *stock,
                        const char      *basis,
                        const char      *note,
                        gint64           at,
                        GError         **error)
{
  if (gen->demo)
    {
      g_autoptr(GDateTime) now = date_time (at);

      if (!marrow_gen_flush (gen, error) ||
          !marrow_store_release_lot (gen->store, stock->lot, basis, note, now, error))
        return FALSE;
      gen->n_written += 1 + stock->aliquots->len;
    }
  else
    {
      g_autofree char *text = marrow_gen_instant_text (at);

      if (!marrow_lot_apply_release_status (stock->lot, stock->run, stock->aliquots,
                                            MARROW_LOT_RELEASED, basis, note,
                                            marrow_gen_staff (gen, MARROW_GEN_STAFF_QA), text,
                                            error))
        return FALSE;
      marrow_gen_touch (gen, stock->lot);
      for (guint i = 0; i < stock->aliquots->len; i++)
        marrow_gen_touch (gen, stock->aliquots->pdata[i]);
    }

  stock->usable = TRUE;
  stock->released = at;
  return TRUE;
}

/* No service rejects a lot yet, so both ways use the core's decision and
 * save the lot and its (now discarded) aliquots together */
gboolean
marrow_gen_reject_lot (MarrowGen       *gen,
                       MarrowGenStock  *stock,
                       const char      *reason,
                       gint64           at,
                       GError         **error)
{
  g_autofree char *text = marrow_gen_instant_text (at);

  if (gen->demo && !marrow_gen_flush (gen, error))
    return FALSE;
  if (!marrow_lot_apply_release_status (stock->lot, stock->run, stock->aliquots,
                                        MARROW_LOT_REJECTED, NULL, reason,
                                        marrow_gen_staff (gen, MARROW_GEN_STAFF_QA), text, error))
    return FALSE;

  marrow_gen_touch (gen, stock->lot);
  for (guint i = 0; i < stock->aliquots->len; i++)
    marrow_gen_touch (gen, stock->aliquots->pdata[i]);
  stock->usable = FALSE;
  return TRUE;
}

gboolean
marrow_gen_transition_aliquot (MarrowGen       *gen,
                               MarrowGenStock  *stock,
                               MarrowRecord    *aliquot,
                               const char      *to,
                               const char      *reason,
                               gint64           at,
                               GError         **error)
{
  if (gen->demo)
    {
      g_autoptr(GDateTime) now = date_time (at);
      g_autoptr(MarrowRecord) stored = NULL;

      /* The services changed the stored aliquot since it was made here */
      if (!marrow_gen_flush (gen, error) ||
          !(stored = marrow_store_lookup (gen->store, &marrow_entity_product_aliquot,
                                          marrow_record_get_id (aliquot), error)) ||
          !marrow_store_transition_aliquot (gen->store, stored, to, reason, now, error))
        return FALSE;
      gen->n_written++;
      return TRUE;
    }
  else
    {
      g_autofree char *text = marrow_gen_instant_text (at);

      if (!marrow_aliquot_apply_transition (aliquot, stock->lot, to,
                                            marrow_gen_staff (gen, MARROW_GEN_STAFF_LAB), text,
                                            reason, MARROW_TRANSITION_FLAG_NONE, error))
        return FALSE;
      marrow_gen_touch (gen, aliquot);
      return TRUE;
    }
}

/* Vials left in a lot that expired before the end of the history */
gboolean
marrow_gen_stock_expire (MarrowGen       *gen,
                         MarrowGenStock  *stock,
                         GError         **error)
{
  gint64 at = stock->expires + MARROW_GEN_MINUTE;

  if (!stock->usable || at > gen->now)
    return TRUE;

  for (; stock->next < stock->aliquots->len; stock->next++)
    if (!marrow_gen_transition_aliquot (gen, stock, stock->aliquots->pdata[stock->next],
                                        MARROW_ALIQUOT_EXPIRED, NULL, at, error))
      return FALSE;
  return TRUE;
}

/* The same checks as marrow_store_finalise_injection(), on the records in
 * memory: the record rules, then marrow_injection_check_finalise() */
static gboolean
finalise_in_memory (MarrowGen           *gen,
                    MarrowGenInjection  *work,
                    GPtrArray           *warnings,
                    GError             **error)
{
  g_autoptr(GDateTime) now = date_time (work->at);
  g_autoptr(GPtrArray) checked = marrow_warning_list_new ();
  g_autofree char *at = marrow_gen_instant_text (work->at);
  MarrowInjectionProductSnapshot product = { work->product, work->aliquot, work->lot };
  MarrowInjectionSnapshot snapshot = { 0 };
  GPtrArray *weights = work->patient->weights;
  GPtrArray *other = work->joint_case->performed;

  if (!marrow_record_validate (work->injection, now, warnings, error) ||
      !marrow_record_validate (work->product, now, warnings, error))
    return FALSE;

  snapshot.injection = work->injection;
  snapshot.joint_case = work->joint_case->record;
  snapshot.patient_id = marrow_record_get_id (work->patient->record);
  snapshot.products = &product;
  snapshot.n_products = 1;
  snapshot.weights = (MarrowRecord * const *)weights->pdata;
  snapshot.n_weights = weights->len;
  snapshot.other_performed_at = (const char * const *)other->pdata;
  snapshot.n_other = other->len;
  snapshot.now = now;
  if (!marrow_injection_check_finalise (&snapshot, checked, error))
    return FALSE;

  for (guint i = 0; i < checked->len; i++)
    {
      MarrowWarning *warning = checked->pdata[i];
      gboolean seen = FALSE;

      for (guint j = 0; j < warnings->len && !seen; j++)
        seen = g_strcmp0 (((MarrowWarning *)warnings->pdata[j])->code, warning->code) == 0;
      if (!seen)
        g_ptr_array_add (warnings, g_steal_pointer (&checked->pdata[i]));
    }

  if (!marrow_aliquot_apply_transition (work->aliquot, work->lot, MARROW_ALIQUOT_ADMINISTERED,
                                        marrow_record_get_text (work->injection, "operator_id"),
                                        at, NULL, MARROW_TRANSITION_FLAG_NONE, error))
    return FALSE;

  marrow_gen_insert (gen, work->injection, 0);
  marrow_gen_insert (gen, work->product, 0);
  marrow_gen_touch (gen, work->aliquot);
  return TRUE;
}

gboolean
marrow_gen_finalise_injection (MarrowGen           *gen,
                               MarrowGenInjection  *work,
                               GError             **error)
{
  g_autoptr(GPtrArray) warnings = marrow_warning_list_new ();
  MarrowRecord *records[2] = { work->injection, work->product };

  if (gen->demo)
    {
      g_autoptr(GDateTime) now = date_time (work->at);
      g_autoptr(GPtrArray) products = g_ptr_array_new ();

      g_ptr_array_add (products, work->product);
      if (!marrow_gen_flush (gen, error) ||
          !marrow_store_finalise_injection (gen->store, work->injection, products, now, warnings,
                                            error))
        return FALSE;
      gen->n_written += 3;
    }
  else if (!finalise_in_memory (gen, work, warnings, error))
    return FALSE;

  acknowledge_records (gen, records, G_N_ELEMENTS (records), warnings, work->at);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The practice                                                             */

static void
gen_free (MarrowGen *gen)
{
  for (guint i = 0; i < MARROW_GEN_N_STAFF; i++)
    g_free (gen->staff_ids[i]);
  g_clear_pointer (&gen->answer_models, g_hash_table_unref);
  g_clear_pointer (&gen->pending, marrow_change_set_free);
  g_clear_pointer (&gen->pending_updates, g_hash_table_unref);
  g_clear_pointer (&gen->allogeneic, g_ptr_array_unref);
  g_clear_object (&gen->store);
  g_clear_object (&gen->cancellable);
  g_free (gen);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowGen, gen_free)

/* The end of the history: @today, or now; never in the future, because the
 * store refuses records dated after its clock */
static gboolean
end_of_history (const MarrowGeneratorOptions  *options,
                gint64                        *now,
                GError                       **error)
{
  gint64 clock = g_get_real_time () / G_USEC_PER_SEC;

  *now = options->today != NULL ? g_date_time_to_unix (options->today) : clock;
  if (*now > clock)
    {
      g_autofree char *text = g_date_time_format_iso8601 (options->today);

      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                   _("Cannot generate a practice up to %s: that lies in the future"), text);
      return FALSE;
    }
  return TRUE;
}

/**
 * marrow_generate_practice:
 * @store: an empty #MarrowStore (no patients yet)
 * @options: what to generate
 * @progress: (nullable) (scope call): told after each saved batch, with the
 *   records saved so far and an estimate of the total
 * @progress_data: closure for @progress
 * @cancellable: (nullable): checked between patients
 * @error: return location for a #GError
 *
 * Fills @store with a fictional practice: the curated demo practice
 * (options->demo: 44 patients, 64 joint cases over knee, hip, shoulder and
 * ankle, both sides) or options->n_patients synthetic patients of the same
 * shape.  Every patient comes with weights, joint cases and prior
 * treatments, harvests, processing runs with cell counts and QC tests,
 * lots and aliquots (fresh, banked frozen, allogeneic), injections with
 * their doses, adverse events, and 3 to 8 visits of questionnaires per
 * case whose scores follow the case's trajectory.  Fictional staff members
 * are added too.  The same options give the same records, ids included.
 *
 * Records are saved patient by patient.  When @cancellable is cancelled,
 * the patients made so far are saved whole and the call fails with
 * %G_IO_ERROR_CANCELLED.  On any other failure the patients saved before
 * it stay, and the error says what was refused.
 *
 * Returns: %TRUE if the whole practice was saved
 */
gboolean
marrow_generate_practice (MarrowStore                  *store,
                          const MarrowGeneratorOptions *options,
                          MarrowExchangeProgress        progress,
                          gpointer                      progress_data,
                          GCancellable                 *cancellable,
                          GError                      **error)
{
  g_autoptr(MarrowGen) gen = NULL;
  gint64 n_existing = 0;
  gint64 now;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (options->demo || options->n_patients > 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !end_of_history (options, &now, error))
    return FALSE;

  if (!marrow_store_count (store, &marrow_entity_patient, TRUE, &n_existing, error))
    return FALSE;
  if (n_existing > 0)
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                   _("The database already holds patients; fictional patients are only "
                     "generated into an empty database"));
      return FALSE;
    }

  gen = g_new0 (MarrowGen, 1);
  gen->store = g_object_ref (store);
  gen->demo = options->demo;
  gen->seed = options->seed;
  /* History ends when @today begins, so that the time of day changes nothing */
  gen->today = marrow_gen_day_of (now);
  gen->now = gen->today * MARROW_GEN_DAY;
  gen->facility = gen->demo ? "DEMO1" : "SYNTH";
  gen->n_patients = gen->demo ? MARROW_GENERATOR_DEMO_PATIENTS : options->n_patients;
  gen->pending = marrow_change_set_new ();
  gen->pending_updates = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  gen->answer_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              marrow_gen_answer_model_free);
  gen->allogeneic = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_gen_stock_free);
  gen->progress = progress;
  gen->progress_data = progress_data;
  gen->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  marrow_gen_rng_init (&gen->id_rng, options->seed, G_MAXUINT64);

  if (!(gen->instruments = marrow_store_get_instruments (store, error)))
    return FALSE;

  add_staff (gen);

  for (guint i = 0; i < gen->n_patients; i++)
    {
      MarrowGenPatientPlan plan;

      if (g_cancellable_is_cancelled (cancellable))
        {
          /* Keep what was made: whole patients */
          if (!marrow_gen_flush (gen, error))
            return FALSE;
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }

      marrow_gen_rng_init (&gen->rng, options->seed, i + 1);
      if (gen->demo)
        marrow_gen_demo_plan (i, &plan);
      else
        marrow_gen_random_plan (&gen->rng, &plan);

      if (!marrow_gen_patient (gen, i, &plan, error))
        return FALSE;
      gen->patients_done = i + 1;

      if (marrow_change_set_get_length (gen->pending) >= BATCH_SIZE &&
          !marrow_gen_flush (gen, error))
        return FALSE;
    }

  /* Allogeneic vials that expired on the shelf */
  marrow_gen_rng_init (&gen->rng, options->seed, 0);
  for (guint i = 0; i < gen->allogeneic->len; i++)
    if (!marrow_gen_stock_expire (gen, gen->allogeneic->pdata[i], error))
      return FALSE;

  if (!marrow_gen_flush (gen, error))
    return FALSE;

  if (progress != NULL)
    progress (gen->n_written, gen->n_written, progress_data);
  return TRUE;
}
