/* marrow-chart-loader.c: a joint case's scores from a store, as a chart shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart must agree with the guidance panel, so it reads the case the
 * way the guidance does: marrow_guidance_evaluate_case() (the same protocol
 * with the practice's MCID overrides, the same snapshot of injections)
 * gives the baseline and MCID of every score the guidance judged.  A score
 * the guidance did not judge gets its baseline by the engine's own rule
 * (the latest score on or before the first cell injection, no older than
 * the protocol's baseline-max-days) and its MCID and PASS from the
 * protocol's source for it, or else from the instrument's thresholds for
 * the joint.  Scores are computed from the answers by the store's scoring
 * service, as everywhere else; no SQL here.
 */
#define G_LOG_DOMAIN "marrow-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "marrow-assessment-service.h"
#include "marrow-cell-format.h"
#include "marrow-chart-data.h"
#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-settings.h"
#include "marrow-guidance-snapshot-builder.h"
#include "marrow-time.h"

/* Without a protocol: the engine's default baseline age limit (rule G1) */
#define DEFAULT_BASELINE_MAX_DAYS 90

typedef struct
{
  MarrowRecord *record;
  MarrowDay     day;
} Assessment;

typedef struct
{
  MarrowStore                  *store;
  MarrowRecord                 *joint_case;
  MarrowInstrumentRegistry     *instruments;
  const MarrowGuidanceSnapshot *snapshot;
  MarrowGuidanceEvaluation     *evaluation;      /* nullable: no protocol covers the case */
  MarrowGuidanceProtocol       *protocol;        /* nullable */
  MarrowGuidanceSnapshot       *own_snapshot;    /* what the loader evaluated itself, else NULL */
  MarrowGuidanceEvaluation     *own_evaluation;
  GArray                       *assessments;     /* Assessment, valid ones of every instrument */
} Loader;

static void
loader_clear (Loader *loader)
{
  g_clear_object (&loader->joint_case);
  g_clear_pointer (&loader->own_snapshot, marrow_guidance_snapshot_free);
  g_clear_pointer (&loader->own_evaluation, marrow_guidance_evaluation_free);
  if (loader->assessments != NULL)
    {
      for (guint i = 0; i < loader->assessments->len; i++)
        g_object_unref (g_array_index (loader->assessments, Assessment, i).record);
      g_array_unref (loader->assessments);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

static int
compare_assessments (gconstpointer a,
                     gconstpointer b)
{
  const Assessment *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return g_strcmp0 (marrow_record_get_text (x->record, "completed_at"),
                    marrow_record_get_text (y->record, "completed_at"));
}

static gboolean
read_assessments (Loader  *loader,
                  GError **error)
{
  g_autoptr(GPtrArray) records = marrow_store_find_by (loader->store, &marrow_entity_assessment,
                                                       "joint_case_id",
                                                       marrow_record_get_id (loader->joint_case),
                                                       NULL, error);

  if (records == NULL)
    return FALSE;
  loader->assessments = g_array_new (FALSE, FALSE, sizeof (Assessment));
  for (guint i = 0; i < records->len; i++)
    {
      MarrowRecord *record = records->pdata[i];
      /* The day of an assessment as the guidance snapshot counts it: the UTC
       * date of completed_at (marrow-guidance-snapshot-builder.c) */
      Assessment assessment = {
        NULL, marrow_instant_day_in_zone (marrow_record_get_text (record, "completed_at"), NULL)
      };

      /* What the guidance leaves out, the chart leaves out */
      if (assessment.day == 0 ||
          (!marrow_record_is_null (record, "is_valid") && !marrow_record_get_bool (record, "is_valid")))
        continue;
      assessment.record = g_object_ref (record);
      g_array_append_val (loader->assessments, assessment);
    }
  g_array_sort (loader->assessments, compare_assessments);
  return TRUE;
}

/* The case's instruments, most used first, and the one to draw */
static const char *
choose_instrument (Loader          *loader,
                   MarrowChartData *data_for_choices,
                   const char      *wanted)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  const char *primary = marrow_record_get_text (loader->joint_case, "primary_instrument");
  const char *best = NULL;

  for (guint i = 0; i < loader->assessments->len; i++)
    {
      const char *code = marrow_record_get_text (g_array_index (loader->assessments, Assessment, i).record,
                                                 "instrument_code");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, code));

      if (n == 0)
        g_ptr_array_add (order, (gpointer)code);
      g_hash_table_insert (counts, (gpointer)code, GUINT_TO_POINTER (n + 1));
    }
  for (guint i = 0; i < order->len; i++)
    {
      const char *code = order->pdata[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, code));
      MarrowInstrument *instrument = marrow_instrument_registry_lookup (loader->instruments, code, NULL);

      if (data_for_choices != NULL)
        marrow_chart_data_add_instrument_choice (data_for_choices, code,
                                                 instrument != NULL ? marrow_instrument_get_name (instrument) : code,
                                                 n);
      if (best == NULL || n > GPOINTER_TO_UINT (g_hash_table_lookup (counts, best)))
        best = code;
    }
  if (wanted != NULL)
    return wanted;
  if (primary != NULL && g_hash_table_contains (counts, primary))
    return primary;
  return best != NULL ? best : primary;
}

/* The protocol's source for a score, and whether the guidance judged a
 * domain by it */
static const MarrowGuidanceSource *
find_source (Loader                            *loader,
             const char                        *instrument,
             const char                        *key,
             const MarrowGuidanceDomainResult **judged)
{
  const MarrowGuidanceSource *found = NULL;

  *judged = NULL;
  if (loader->protocol == NULL)
    return NULL;
  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    {
      const MarrowGuidanceDomainResult *result = marrow_guidance_evaluation_get_domain (loader->evaluation, d);

      if (result->source != NULL && g_strcmp0 (result->source->instrument, instrument) == 0 &&
          g_strcmp0 (result->source->score, key) == 0)
        {
          *judged = result;
          return result->source;
        }
      for (guint s = 0; s < loader->protocol->sources[d]->len && found == NULL; s++)
        {
          const MarrowGuidanceSource *source = &g_array_index (loader->protocol->sources[d],
                                                               MarrowGuidanceSource, s);

          if (g_strcmp0 (source->instrument, instrument) == 0 && g_strcmp0 (source->score, key) == 0)
            found = source;
        }
    }
  return found;
}

/* Without a protocol source: the protocol's scores of this instrument, in
 * domain order; else every score of the instrument */
static GPtrArray *
default_score_keys (Loader           *loader,
                    MarrowInstrument *instrument)
{
  GPtrArray *keys = g_ptr_array_new ();

  if (loader->protocol != NULL)
    for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
      for (guint s = 0; s < loader->protocol->sources[d]->len; s++)
        {
          const MarrowGuidanceSource *source = &g_array_index (loader->protocol->sources[d],
                                                               MarrowGuidanceSource, s);

          if (g_strcmp0 (source->instrument, marrow_instrument_get_id (instrument)) == 0 &&
              marrow_instrument_find_score (instrument, source->score, NULL) != NULL &&
              !g_ptr_array_find_with_equal_func (keys, source->score, g_str_equal, NULL))
            g_ptr_array_add (keys, (gpointer)source->score);
        }
  if (keys->len == 0)
    for (guint i = 0; i < marrow_instrument_get_n_scores (instrument); i++)
      g_ptr_array_add (keys, marrow_instrument_get_score (instrument, i)->key);
  return keys;
}

static const char *
threshold_joint (MarrowRecord *joint_case)
{
  const char *site = marrow_record_get_text (joint_case, "site");

  if (g_strcmp0 (site, "shoulder_gh") == 0)
    return "shoulder";
  return site;
}

/* The first cell injection's day (the engine's index day), or 0 */
static MarrowDay
first_cell_day (const MarrowGuidanceSnapshot *snapshot)
{
  for (guint i = 0; i < snapshot->injections->len; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (snapshot->injections,
                                                                 MarrowGuidanceInjection, i);

      if (injection->product != MARROW_GUIDANCE_PRODUCT_PRP_ONLY)
        return injection->day;
    }
  return 0;
}

static void
set_references (Loader           *loader,
                MarrowChartData  *data,
                MarrowInstrument *instrument,
                guint             series_index)
{
  const MarrowChartSeries *series = marrow_chart_data_get_series (data, series_index);
  const MarrowGuidanceDomainResult *judged = NULL;
  const MarrowGuidanceSource *source = find_source (loader, marrow_instrument_get_id (instrument),
                                                   series->key, &judged);
  double baseline = NAN, mcid = NAN, pass = NAN;
  MarrowDay baseline_day = 0;
  gboolean pass_is_reference = FALSE;

  if (judged != NULL)
    {
      baseline = judged->baseline;
      baseline_day = judged->baseline_day;
    }
  else
    {
      MarrowDay index = first_cell_day (loader->snapshot);
      double max_age = loader->protocol != NULL
                       ? marrow_guidance_protocol_get (loader->protocol, MARROW_GUIDANCE_PARAM_BASELINE_MAX_DAYS)
                       : DEFAULT_BASELINE_MAX_DAYS;

      for (guint v = 0; index > 0 && v < marrow_chart_data_get_n_visits (data); v++)
        {
          MarrowDay day = marrow_chart_data_get_visit (data, v)->day;

          if (day > index)
            break;
          if (!isnan (series->values[v]) && index - day <= max_age)
            {
              baseline = series->values[v];
              baseline_day = day;
            }
        }
    }

  if (source != NULL)
    {
      mcid = source->mcid.value;
      pass = source->pass.value;
      pass_is_reference = source->pass_is_reference;
    }
  else
    {
      const char *joint = threshold_joint (loader->joint_case);
      const MarrowThreshold *t_mcid = marrow_instrument_find_threshold (instrument, series->key,
                                                                        MARROW_THRESHOLD_MCID, joint);
      const MarrowThreshold *t_pass = marrow_instrument_find_threshold (instrument, series->key,
                                                                        MARROW_THRESHOLD_PASS, joint);

      mcid = t_mcid != NULL ? t_mcid->value : NAN;
      pass = t_pass != NULL ? t_pass->value : NAN;
    }
  marrow_chart_data_set_reference (data, series_index, baseline, baseline_day, mcid, pass,
                                   pass_is_reference);
}

/* The time point an assessment was recorded for, else the schedule's time
 * point that this day fulfilled */
static const char *
time_point_of (Loader       *loader,
               MarrowRecord *assessment,
               MarrowDay     day)
{
  if (!marrow_record_is_null (assessment, "timepoint"))
    return marrow_record_get_text (assessment, "timepoint");
  if (loader->evaluation == NULL)
    return NULL;
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (loader->evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (loader->evaluation, i);

      if (tp->done_on == day && tp->status == MARROW_GUIDANCE_TP_DONE)
        return tp->id;
    }
  return NULL;
}

static gboolean
add_scores (Loader             *loader,
            MarrowChartData    *data,
            MarrowInstrument   *instrument,
            const char * const *keys,
            GError            **error)
{
  const char *id = marrow_instrument_get_id (instrument);
  g_autoptr(GPtrArray) scores = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_scores_unref);

  for (guint i = 0; i < loader->assessments->len; i++)
    {
      const Assessment *assessment = &g_array_index (loader->assessments, Assessment, i);
      MarrowScores *scored;

      if (g_strcmp0 (marrow_record_get_text (assessment->record, "instrument_code"), id) != 0)
        continue;
      scored = marrow_store_score_assessment (loader->store, assessment->record, error);
      if (scored == NULL)
        return FALSE;
      g_ptr_array_add (scores, scored);
      marrow_chart_data_add_visit (data, assessment->day, marrow_record_get_id (assessment->record),
                                   time_point_of (loader, assessment->record, assessment->day));
    }

  for (guint k = 0; keys[k] != NULL; k++)
    {
      const MarrowInstrumentScore *definition = marrow_instrument_find_score (instrument, keys[k], NULL);
      const MarrowGuidanceDomainResult *judged = NULL;
      const MarrowGuidanceSource *source = find_source (loader, id, definition->key, &judged);
      /* The guidance panel's name for it where the protocol has one ("KOOS ADL") */
      g_autofree char *label = source != NULL ? g_strdup (source->label)
                                              : g_strdup_printf ("%s %s", id, definition->label);
      guint series = marrow_chart_data_add_series (data, definition->key, label, definition->min,
                                                   definition->max, definition->higher_is_better,
                                                   definition->display == MARROW_SCORE_DISPLAY_WHOLE);

      for (guint v = 0; v < scores->len; v++)
        {
          const MarrowScoreValue *value = marrow_scores_find_value (scores->pdata[v], definition->key);

          if (value != NULL && value->scorable)
            marrow_chart_data_set_value (data, series, v, value->value, value->n_imputed > 0);
        }
      set_references (loader, data, instrument, series);
    }
  return TRUE;
}

/* "48 × 10⁶ cells" (as the injection form writes cell counts), or "4 mL" */
static char *
format_dose (double cells,
             double volume_ml)
{
  if (!isnan (cells) && cells > 0)
    {
      g_autofree char *count = marrow_format_cells (cells, MARROW_CELL_UNIT_MILLIONS);

      /* Translators: a cell dose beside an injection marker, "48 × 10⁶ cells" */
      return g_strdup_printf (_("%s cells"), count);
    }
  if (!isnan (volume_ml))
    /* Translators: an injected volume, beside an injection marker */
    return g_strdup_printf (_("%.1f mL"), volume_ml);
  return NULL;
}

/* The harvests behind an injection: product → aliquot → lot → processing
 * run → its inputs */
static gboolean
add_harvests_of (Loader          *loader,
                 MarrowChartData *data,
                 const char      *injection_id,
                 GHashTable      *seen,
                 GError         **error)
{
  g_autoptr(GPtrArray) products = marrow_store_find_by (loader->store,
                                                        &marrow_entity_injection_product,
                                                        "injection_id", injection_id, NULL, error);

  if (products == NULL)
    return FALSE;
  for (guint p = 0; p < products->len; p++)
    {
      g_autoptr(MarrowRecord) aliquot = NULL;
      g_autoptr(MarrowRecord) lot = NULL;
      g_autoptr(GPtrArray) inputs = NULL;
      const char *run;

      aliquot = marrow_store_lookup (loader->store, &marrow_entity_product_aliquot,
                                     marrow_record_get_text (products->pdata[p], "aliquot_id"), error);
      if (aliquot == NULL)
        return FALSE;
      lot = marrow_store_lookup (loader->store, &marrow_entity_product_lot,
                                 marrow_record_get_text (aliquot, "lot_id"), error);
      if (lot == NULL)
        return FALSE;
      run = marrow_record_get_text (lot, "processing_run_id");
      if (run == NULL)
        continue;
      inputs = marrow_store_find_by (loader->store, &marrow_entity_processing_input,
                                     "processing_run_id", run, NULL, error);
      if (inputs == NULL)
        return FALSE;
      for (guint i = 0; i < inputs->len; i++)
        {
          const char *harvest_id = marrow_record_get_text (inputs->pdata[i], "harvest_id");
          g_autoptr(MarrowRecord) harvest = NULL;
          MarrowChartEvent event = { MARROW_CHART_EVENT_HARVEST, 0, harvest_id, 0, FALSE, FALSE, NULL };

          if (harvest_id == NULL || g_hash_table_contains (seen, harvest_id))
            continue;
          harvest = marrow_store_lookup (loader->store, &marrow_entity_harvest, harvest_id, error);
          if (harvest == NULL)
            return FALSE;
          g_hash_table_add (seen, g_strdup (harvest_id));
          if (marrow_record_is_voided (harvest))
            continue;
          event.day = marrow_instant_day_in_zone (marrow_record_get_text (harvest, "started_at"),
                                                  marrow_record_get_text (harvest, "tz"));
          if (event.day > 0)
            marrow_chart_data_add_event (data, &event);
        }
    }
  return TRUE;
}

static gboolean
add_events (Loader          *loader,
            MarrowChartData *data,
            GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *injections = loader->snapshot->injections;

  for (guint i = 0; i < injections->len; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (injections, MarrowGuidanceInjection, i);
      g_autoptr(MarrowRecord) record = NULL;
      g_autofree char *dose = NULL;
      MarrowChartEvent event = {
        MARROW_CHART_EVENT_INJECTION, injection->day, injection->id, i + 1, FALSE,
        injection->product != MARROW_GUIDANCE_PRODUCT_PRP_ONLY, NULL,
      };

      record = marrow_store_lookup (loader->store, &marrow_entity_injection, injection->id, error);
      if (record == NULL)
        return FALSE;
      event.booster = !marrow_record_is_null (record, "is_booster") &&
                      marrow_record_get_bool (record, "is_booster");
      dose = format_dose (!isnan (injection->viable_cells) ? injection->viable_cells : injection->tnc_cells,
                          marrow_record_is_null (record, "volume_injected_ml")
                            ? NAN : marrow_record_get_real (record, "volume_injected_ml"));
      event.dose = dose;
      marrow_chart_data_add_event (data, &event);
      if (!add_harvests_of (loader, data, injection->id, seen, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
evaluate (Loader  *loader,
          GError **error)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GError) local_error = NULL;
  MarrowDay today = marrow_guidance_today ();

  protocols = marrow_guidance_protocols_load (loader->store, error);
  if (protocols == NULL)
    return FALSE;
  loader->own_evaluation = marrow_guidance_evaluate_case (loader->store, protocols, loader->joint_case, today, 0,
                                                          &loader->own_snapshot, &local_error);
  if (loader->own_evaluation != NULL)
    {
      loader->evaluation = loader->own_evaluation;
      loader->snapshot = loader->own_snapshot;
      loader->protocol = marrow_guidance_evaluation_get_protocol (loader->evaluation);
      return TRUE;
    }
  if (!g_error_matches (local_error, MARROW_GUIDANCE_PROTOCOL_ERROR,
                        MARROW_GUIDANCE_PROTOCOL_ERROR_NO_PROTOCOL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* No protocol covers the case: still chart it, with the instrument's
   * thresholds */
  loader->own_snapshot = marrow_guidance_snapshot_build (loader->store, loader->joint_case, today, error);
  loader->snapshot = loader->own_snapshot;
  return loader->snapshot != NULL;
}

/* marrow_chart_data_load(), with the case's guidance @evaluation and its
 * @snapshot when the caller has them, else evaluated here */
static MarrowChartData *
load (MarrowStore                  *store,
      const char                   *case_uuid,
      MarrowGuidanceEvaluation     *evaluation,
      const MarrowGuidanceSnapshot *snapshot,
      const char                   *instrument_id,
      const char * const           *score_keys,
      GError                      **error)
{
  g_auto(Loader) loader = { store, NULL };
  g_autoptr(MarrowChartData) data = NULL;
  g_autoptr(GPtrArray) default_keys = NULL;
  MarrowInstrument *instrument = NULL;
  const char *chosen;

  loader.joint_case = marrow_store_lookup (store, &marrow_entity_joint_case, case_uuid, error);
  if (loader.joint_case == NULL)
    return NULL;
  loader.instruments = marrow_store_get_instruments (store, error);
  if (loader.instruments == NULL || !read_assessments (&loader, error))
    return NULL;

  chosen = choose_instrument (&loader, NULL, instrument_id);
  if (chosen != NULL)
    {
      instrument = marrow_instrument_registry_lookup_checked (loader.instruments, chosen, NULL, error);
      if (instrument == NULL)
        return NULL;
    }
  data = marrow_chart_data_new (chosen, instrument != NULL ? marrow_instrument_get_name (instrument) : NULL);
  marrow_chart_data_set_case_id (data, case_uuid);
  choose_instrument (&loader, data, instrument_id);

  if (evaluation != NULL)
    {
      loader.evaluation = evaluation;
      loader.snapshot = snapshot;
      loader.protocol = marrow_guidance_evaluation_get_protocol (evaluation);
    }
  else if (!evaluate (&loader, error))
    return NULL;

  if (instrument != NULL)
    {
      for (guint i = 0; i < marrow_instrument_get_n_scores (instrument); i++)
        {
          const MarrowInstrumentScore *score = marrow_instrument_get_score (instrument, i);

          marrow_chart_data_add_score_choice (data, score->key, score->label);
        }
      if (score_keys == NULL)
        {
          default_keys = default_score_keys (&loader, instrument);
          g_ptr_array_add (default_keys, NULL);
          score_keys = (const char * const *)default_keys->pdata;
        }
      for (guint k = 0; score_keys[k] != NULL; k++)
        if (marrow_instrument_find_score (instrument, score_keys[k], NULL) == NULL)
          {
            g_set_error (error, MARROW_CHART_ERROR, MARROW_CHART_ERROR_UNKNOWN_SCORE,
                         _("%s has no score “%s”"), marrow_instrument_get_id (instrument), score_keys[k]);
            return NULL;
          }
      if (!add_scores (&loader, data, instrument, score_keys, error))
        return NULL;
    }
  if (!add_events (&loader, data, error))
    return NULL;
  return g_steal_pointer (&data);
}

/**
 * marrow_chart_data_load:
 * @store: a store
 * @case_uuid: a joint case
 * @instrument_id: (nullable): the instrument to chart; %NULL for the case's
 *   primary instrument when it has scores, else its most used one
 * @score_keys: (nullable) (array zero-terminated=1): the scores to draw;
 *   %NULL for the ones the case's guidance protocol judges (the
 *   instrument's main subscales), or all of the instrument's when the
 *   protocol uses none
 * @error: return location for a #GError
 *
 * Reads what the chart of one case shows, evaluating the case's guidance
 * for today for its baselines and MCIDs.  A case without scores gives an
 * empty chart, not an error.
 *
 * Returns: (transfer full): the chart's data, or %NULL with @error set: the
 *   case does not exist (%MARROW_STORE_ERROR_NOT_FOUND), the instrument is
 *   unknown (%MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT), a score key is
 *   not the instrument's (%MARROW_CHART_ERROR_UNKNOWN_SCORE), or the store
 *   failed
 */
MarrowChartData *
marrow_chart_data_load (MarrowStore        *store,
                        const char         *case_uuid,
                        const char         *instrument_id,
                        const char * const *score_keys,
                        GError            **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (case_uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (store, case_uuid, NULL, NULL, instrument_id, score_keys, error);
}

/**
 * marrow_chart_data_load_for_evaluation:
 * @store: a store
 * @evaluation: the guidance evaluation of a joint case for today, from
 *   marrow_guidance_evaluate_case()
 * @snapshot: what @evaluation was computed from (its snapshot out
 *   parameter)
 * @instrument_id: (nullable): as for marrow_chart_data_load()
 * @score_keys: (nullable) (array zero-terminated=1): as for
 *   marrow_chart_data_load()
 * @error: return location for a #GError
 *
 * marrow_chart_data_load() for the case of @evaluation, with its baselines,
 * MCIDs and time points taken from @evaluation instead of evaluating the
 * case again.  The evaluation reads and scores every assessment of the
 * case, so the dashboard, which shows the guidance beside two charts,
 * evaluates once and hands the evaluation to both (docs/dashboard.md).
 * Neither argument is kept.
 *
 * Returns: (transfer full): the chart's data, or %NULL with @error set as
 *   for marrow_chart_data_load()
 */
MarrowChartData *
marrow_chart_data_load_for_evaluation (MarrowStore                  *store,
                                       MarrowGuidanceEvaluation     *evaluation,
                                       const MarrowGuidanceSnapshot *snapshot,
                                       const char                   *instrument_id,
                                       const char * const           *score_keys,
                                       GError                      **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (evaluation != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (snapshot->case_id, marrow_guidance_evaluation_get_case_id (evaluation)) == 0,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (store, marrow_guidance_evaluation_get_case_id (evaluation), evaluation, snapshot, instrument_id,
               score_keys, error);
}
