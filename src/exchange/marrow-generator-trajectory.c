/* marrow-generator-trajectory.c: score trajectories, visits and questionnaire answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each joint case follows a course: a baseline "health" on a 0–1 scale
 * (1 = best) for function, pain and the patient global assessment, and an
 * effect that builds up over about six months after the injection
 * (guidance-evidence.md §2.2), may fade again from about eight months
 * (waning, §2.4) and comes back after a booster.  The effect sizes keep
 * every class clear of the MCIDs of prom-scoring.md: responders gain 22–36
 * points on a 0–100 subscale (MCID 10), waning cases lose at least 20 of
 * them, non-responders stay within 5.
 *
 * Questionnaires are answered by inverting the scoring: for a target
 * health, each item gets the answer that stands for that health (allowing
 * for its direction, which is found by asking the scoring engine), with a
 * little noise per item, and of a few such answer sets the one whose score
 * lies nearest the target is kept.  Nothing here knows KOOS or ASES: any
 * instrument definition works.
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include <string.h>

#include "marrow-generator-private.h"

/* ------------------------------------------------------------------------ */
/* Courses                                                                  */

/* The share of the full effect reached t days after an injection */
static double
ramp (gint64 t)
{
  static const struct { double day, share; } points[] = {
    { 0, 0 }, { 14, 0.12 }, { 42, 0.5 }, { 91, 0.8 }, { 182, 1.0 },
  };

  if (t <= 0)
    return 0;
  for (guint i = 1; i < G_N_ELEMENTS (points); i++)
    if (t <= points[i].day)
      return points[i - 1].share + (points[i].share - points[i - 1].share) *
             ((double)t - points[i - 1].day) / (points[i].day - points[i - 1].day);
  return 1.0;
}

static void
baseline (MarrowGenCourse *course,
          MarrowGenRng    *rng,
          int              kl_grade)
{
  double lo, hi;

  switch (kl_grade)
    {
    case 0:
    case 1:
      lo = 0.50, hi = 0.64;
      break;
    case 2:
      lo = 0.42, hi = 0.56;
      break;
    case 3:
      lo = 0.32, hi = 0.46;
      break;
    case 4:
      lo = 0.22, hi = 0.36;
      break;
    default:
      lo = 0.40, hi = 0.58;
      break;
    }

  course->function0 = marrow_gen_rng_uniform (rng, lo, hi);
  /* Pain is usually what brings the patient; it starts a little worse */
  course->pain0 = marrow_gen_clamp (course->function0 - marrow_gen_rng_uniform (rng, 0.02, 0.10),
                                    0.08, 0.90);
  course->global0 = marrow_gen_clamp (course->function0 + marrow_gen_rng_noise (rng, 0.04),
                                      0.08, 0.90);
}

/* A gain that keeps the best possible value below the ceiling and the worst
 * above the floor */
static double
fit_gain (double start,
          double gain)
{
  return marrow_gen_clamp (gain, 0.05 - start, 0.95 - start);
}

void
marrow_gen_course_init (MarrowGenCourse         *course,
                        MarrowGenRng            *rng,
                        const MarrowGenCasePlan *plan,
                        gint64                   today)
{
  memset (course, 0, sizeof *course);
  course->trajectory = plan->trajectory;
  course->index_day = marrow_gen_workday (today - plan->index_ago);
  baseline (course, rng, plan->kl_grade);

  switch (plan->trajectory)
    {
    case MARROW_GEN_RESPONDER:
    case MARROW_GEN_TOO_EARLY:
      course->gain = marrow_gen_rng_uniform (rng, 0.22, 0.36);
      break;
    case MARROW_GEN_PARTIAL:
      course->gain = marrow_gen_rng_uniform (rng, 0.12, 0.16);
      break;
    case MARROW_GEN_NON_RESPONDER:
      course->gain = marrow_gen_rng_uniform (rng, -0.03, 0.04);
      break;
    case MARROW_GEN_WORSENED:
      course->gain = marrow_gen_rng_uniform (rng, -0.16, -0.11);
      break;
    case MARROW_GEN_WANING:
    case MARROW_GEN_BOOSTED:
    default:
      course->gain = marrow_gen_rng_uniform (rng, 0.28, 0.38);
      course->wane = marrow_gen_rng_uniform (rng, 0.75, 0.95);
      course->wane_start = course->index_day + marrow_gen_rng_int (rng, 200, 250);
      /* The visit after the 12-month one that confirms the loss, at least
       * 28 days later (guidance G4) */
      course->confirm_day = marrow_gen_workday (course->index_day + 365 +
                                                marrow_gen_rng_int (rng, 60, 100));
      break;
    }

  course->gain = fit_gain (course->function0, course->gain);
  /* Pain moves more than function after these injections */
  course->pain_gain = fit_gain (course->pain0,
                                course->gain * marrow_gen_rng_uniform (rng, 1.25, 1.45));
  course->global_gain = fit_gain (course->global0,
                                  course->gain * marrow_gen_rng_uniform (rng, 0.95, 1.2));

  if (plan->trajectory == MARROW_GEN_BOOSTED)
    {
      gint64 earliest = course->confirm_day + 14;
      gint64 day = plan->booster_ago > 0 ? today - plan->booster_ago
                                         : course->confirm_day + marrow_gen_rng_int (rng, 14, 40);

      day = marrow_gen_workday (MAX (day, earliest));
      /* Too little history for a booster: the case stays waning */
      course->booster_day = day <= today - 1 ? day : 0;
      course->booster_gain = marrow_gen_rng_uniform (rng, 0.8, 1.05);
    }
}

/* The share of the full effect on @day: 0 before the first injection, 1 at
 * its best, less when it has waned */
double
marrow_gen_course_effect (const MarrowGenCourse *course,
                          gint64                 day)
{
  double effect = ramp (day - course->index_day);

  if (course->wane > 0 && day > course->wane_start)
    effect -= course->wane * marrow_gen_clamp ((double)(day - course->wane_start) / 120.0, 0, 1);
  if (course->booster_day > 0 && day > course->booster_day)
    effect += course->booster_gain * course->wane * ramp (day - course->booster_day);
  return effect;
}

/* ------------------------------------------------------------------------ */
/* Visits (guidance G1: baseline, 6 weeks, 3, 6 and 12 months, then yearly)  */

static void
add_visit (GArray   *visits,
           gint64    day,
           guint     priority,
           gboolean  remote)
{
  MarrowGenVisit visit = { marrow_gen_workday (day), priority, remote };

  g_array_append_val (visits, visit);
}

static int
compare_visits (gconstpointer a,
                gconstpointer b)
{
  const MarrowGenVisit *va = a;
  const MarrowGenVisit *vb = b;

  return va->day < vb->day ? -1 : va->day > vb->day ? 1 : 0;
}

/* The visits of a case whose questionnaires were answered, in day order:
 * between 3 and 8 */
GArray *
marrow_gen_course_visits (const MarrowGenCourse *course,
                          MarrowGenRng          *rng,
                          gint64                 today)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (MarrowGenVisit));
  GArray *visits = g_array_new (FALSE, FALSE, sizeof (MarrowGenVisit));
  gint64 index = course->index_day;
  gint64 booster = course->booster_day;

  add_visit (all, index - marrow_gen_rng_int (rng, 3, 21), 9, FALSE);

  if (course->trajectory == MARROW_GEN_TOO_EARLY)
    {
      add_visit (all, index + marrow_gen_rng_int (rng, 10, 14), 5, FALSE);
      add_visit (all, index + 42 + marrow_gen_rng_int (rng, -4, 4), 6, FALSE);
    }
  else
    {
      add_visit (all, index + 42 + marrow_gen_rng_int (rng, -5, 7), 3, FALSE);
      add_visit (all, index + 91 + marrow_gen_rng_int (rng, -7, 10), 6, FALSE);
      add_visit (all, index + 182 + marrow_gen_rng_int (rng, -10, 14), 8, FALSE);
      if (course->trajectory != MARROW_GEN_WORSENED)
        {
          add_visit (all, index + 365 + marrow_gen_rng_int (rng, -14, 14), 8,
                     marrow_gen_rng_chance (rng, 0.3));
          if (course->confirm_day > 0)
            add_visit (all, course->confirm_day, 9, FALSE);
          add_visit (all, index + 730 + marrow_gen_rng_int (rng, -20, 25), 4,
                     marrow_gen_rng_chance (rng, 0.5));
          add_visit (all, index + 1095 + marrow_gen_rng_int (rng, -25, 30), 2, TRUE);
        }
    }

  if (booster > 0)
    {
      /* Follow-up is anchored on the booster from then on (domain model 4.11) */
      for (guint i = all->len; i > 0; i--)
        if (g_array_index (all, MarrowGenVisit, i - 1).day >= booster)
          g_array_remove_index (all, i - 1);
      add_visit (all, booster + 42 + marrow_gen_rng_int (rng, -5, 7), 1, FALSE);
      add_visit (all, booster + 91 + marrow_gen_rng_int (rng, -7, 10), 7, FALSE);
      add_visit (all, booster + 182 + marrow_gen_rng_int (rng, -10, 14), 7, FALSE);
      add_visit (all, booster + 365 + marrow_gen_rng_int (rng, -14, 14), 6, TRUE);
    }

  for (guint i = 0; i < all->len; i++)
    if (g_array_index (all, MarrowGenVisit, i).day <= today - 1)
      g_array_append_val (visits, g_array_index (all, MarrowGenVisit, i));
  g_array_unref (all);
  g_array_sort (visits, compare_visits);

  /* At most 8 time points: the least informative go (the latest of equals) */
  while (visits->len > 8)
    {
      guint drop = 0;

      for (guint i = 1; i < visits->len; i++)
        if (g_array_index (visits, MarrowGenVisit, i).priority <=
            g_array_index (visits, MarrowGenVisit, drop).priority)
          drop = i;
      g_array_remove_index (visits, drop);
    }

  return visits;
}

/* ------------------------------------------------------------------------ */
/* Answering a questionnaire for a target health                            */

typedef struct
{
  MarrowInstrument *instrument;
  const char       *scoring;     /* the default scoring rule version */
  guint             n_items;
  int              *direction;   /* +1: a higher answer is better */
  double           *offset;      /* per item: the health offset of its subscale */
  guint             tracked;     /* the score the target is aimed at */
  double            tracked_offset;
  double            noise;       /* per-item noise */
} AnswerModel;

/* Subscales do not move together: sport and quality of life lag behind
 * daily living (KOOS/HOOS); other instruments have one score */
static double
subscale_offset (const char *key)
{
  static const struct { const char *key; double offset; } offsets[] = {
    { "symptoms", 0.05 }, { "adl", 0.06 }, { "sport_rec", -0.18 }, { "qol", -0.10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    if (g_strcmp0 (key, offsets[i].key) == 0)
      return offsets[i].offset;
  return 0;
}

void
marrow_gen_answer_model_free (gpointer data)
{
  AnswerModel *model = data;

  if (model == NULL)
    return;
  g_clear_object (&model->instrument);
  g_free (model->direction);
  g_free (model->offset);
  g_free (model);
}

static MarrowAnswers *
answers_at_min (MarrowInstrument *instrument,
                gint              raised)
{
  MarrowAnswers *answers = marrow_answers_new (instrument);

  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      const MarrowInstrumentItem *item = marrow_instrument_get_item (instrument, i);
      gboolean ok;

      ok = marrow_answers_set (answers, item->id, (gint)i == raised ? item->max : item->min, NULL);
      g_assert (ok);
    }
  return answers;
}

static gboolean
score_contains_item (const MarrowInstrumentScore *score,
                     guint                        item)
{
  for (guint i = 0; score->items != NULL && i < score->items->len; i++)
    if (g_array_index (score->items, guint, i) == item)
      return TRUE;
  return FALSE;
}

static AnswerModel *
answer_model_new (MarrowInstrument  *instrument,
                  GError           **error)
{
  g_autoptr(MarrowAnswers) low = NULL;
  g_autoptr(MarrowScores) low_scores = NULL;
  AnswerModel *model;
  guint n_scores = marrow_instrument_get_n_scores (instrument);

  model = g_new0 (AnswerModel, 1);
  model->instrument = g_object_ref (instrument);
  model->scoring = marrow_instrument_get_default_scoring (instrument)->id;
  model->n_items = marrow_instrument_get_n_items (instrument);
  model->direction = g_new0 (int, MAX (model->n_items, 1));
  model->offset = g_new0 (double, MAX (model->n_items, 1));
  model->noise = model->n_items > 1 ? 0.10 : 0.0;

  /* Which way is better for each item: raise it alone and see what the
   * engine makes of it */
  low = answers_at_min (instrument, -1);
  if (!(low_scores = marrow_instrument_score (low, model->scoring, error)))
    {
      marrow_gen_answer_model_free (model);
      return NULL;
    }

  for (guint i = 0; i < model->n_items; i++)
    {
      g_autoptr(MarrowAnswers) raised = answers_at_min (instrument, (gint)i);
      g_autoptr(MarrowScores) scores = NULL;
      double better = 0;

      if (!(scores = marrow_instrument_score (raised, model->scoring, error)))
        {
          marrow_gen_answer_model_free (model);
          return NULL;
        }
      for (guint s = 0; s < n_scores; s++)
        {
          const MarrowScoreValue *before = marrow_scores_get_value (low_scores, s);
          const MarrowScoreValue *after = marrow_scores_get_value (scores, s);
          const MarrowInstrumentScore *def = marrow_instrument_get_score (instrument, s);

          if (!before->scorable || !after->scorable || def->max <= def->min)
            continue;
          better += (after->value - before->value) / (def->max - def->min) *
                    (def->higher_is_better ? 1 : -1);
        }
      model->direction[i] = better >= 0 ? 1 : -1;

      for (guint s = 0; s < n_scores; s++)
        if (score_contains_item (marrow_instrument_get_score (instrument, s), i))
          {
            model->offset[i] = subscale_offset (marrow_instrument_get_score (instrument, s)->key);
            break;
          }
    }

  if (marrow_instrument_find_score (instrument, "pain", &model->tracked) == NULL)
    model->tracked = 0;
  model->tracked_offset = n_scores > 0 ?
    subscale_offset (marrow_instrument_get_score (instrument, model->tracked)->key) : 0;

  return model;
}

static AnswerModel *
answer_model_get (MarrowGen   *gen,
                  const char  *instrument_id,
                  GError     **error)
{
  AnswerModel *model = g_hash_table_lookup (gen->answer_models, instrument_id);
  MarrowInstrument *instrument;

  if (model != NULL)
    return model;

  instrument = marrow_instrument_registry_lookup_checked (gen->instruments, instrument_id, NULL,
                                                          error);
  if (instrument == NULL || !(model = answer_model_new (instrument, error)))
    return NULL;

  g_hash_table_insert (gen->answer_models, g_strdup (instrument_id), model);
  return model;
}

/* The allowed answer nearest to @raw */
static double
snap (const MarrowInstrumentItem *item,
      double                      raw)
{
  raw = marrow_gen_clamp (raw, item->min, item->max);

  if (item->options != NULL && item->options->len > 0)
    {
      double best = ((MarrowInstrumentOption *)item->options->pdata[0])->value;

      for (guint i = 1; i < item->options->len; i++)
        {
          double value = ((MarrowInstrumentOption *)item->options->pdata[i])->value;

          if ((value > raw ? value - raw : raw - value) < (best > raw ? best - raw : raw - best))
            best = value;
        }
      return best;
    }

  /* A line in mm is read to the mm; a 0–10 line to a tenth */
  if (item->whole || item->max - item->min >= 50)
    return marrow_gen_clamp (marrow_gen_round (raw, 0), item->min, item->max);
  return marrow_gen_clamp (marrow_gen_round (raw, 1), item->min, item->max);
}

static double
target_score (const MarrowInstrumentScore *def,
              double                       health)
{
  return def->higher_is_better ? def->min + health * (def->max - def->min)
                               : def->max - health * (def->max - def->min);
}

static MarrowAnswers *
answer (AnswerModel  *model,
        MarrowGenRng *rng,
        double        health)
{
  MarrowAnswers *best = NULL;
  double best_error = G_MAXDOUBLE;
  guint attempts = model->n_items > 1 ? 3 : 1;

  for (guint attempt = 0; attempt < attempts; attempt++)
    {
      g_autoptr(MarrowAnswers) answers = marrow_answers_new (model->instrument);
      g_autoptr(MarrowScores) scores = NULL;
      const MarrowScoreValue *value;
      double error;

      for (guint i = 0; i < model->n_items; i++)
        {
          const MarrowInstrumentItem *item = marrow_instrument_get_item (model->instrument, i);
          double x = marrow_gen_clamp (health + model->offset[i] +
                                       marrow_gen_rng_noise (rng, model->noise), 0, 1);
          double raw = model->direction[i] > 0 ? item->min + x * (item->max - item->min)
                                               : item->max - x * (item->max - item->min);
          gboolean ok;

          ok = marrow_answers_set (answers, item->id, snap (item, raw), NULL);
          g_assert (ok);
        }

      if (attempts == 1)
        return g_steal_pointer (&answers);

      scores = marrow_instrument_score (answers, model->scoring, NULL);
      if (scores == NULL || marrow_scores_get_n_values (scores) <= model->tracked)
        return g_steal_pointer (&answers);
      value = marrow_scores_get_value (scores, model->tracked);
      error = value->value - target_score (value->definition,
                                           marrow_gen_clamp (health + model->tracked_offset, 0, 1));
      error = error < 0 ? -error : error;
      if (value->scorable && error < best_error)
        {
          g_clear_pointer (&best, marrow_answers_unref);
          best = g_steal_pointer (&answers);
          best_error = error;
        }
    }

  return best;
}

/* ------------------------------------------------------------------------ */
/* Assessments                                                              */

static gboolean
record_assessment (MarrowGenPatient  *patient,
                   MarrowGenCase     *joint_case,
                   const char        *instrument_id,
                   double             health,
                   gint64             at,
                   const char        *mode,
                   GError           **error)
{
  MarrowGen *gen = patient->gen;
  g_autoptr(MarrowRecord) assessment = NULL;
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autofree char *completed = marrow_gen_instant_text (at);
  AnswerModel *model;

  if (!(model = answer_model_get (gen, instrument_id, error)))
    return FALSE;
  answers = answer (model, &gen->rng, health);

  /* What marrow_store_record_assessment() saves, gathered into the batch:
   * the store checks every answer against the instrument inside apply */
  assessment = marrow_gen_record (gen, &marrow_entity_assessment);
  marrow_record_set_text (assessment, "joint_case_id", marrow_record_get_id (joint_case->record));
  marrow_record_set_text (assessment, "instrument_code",
                          marrow_instrument_get_id (model->instrument));
  marrow_record_set_text (assessment, "instrument_version",
                          marrow_instrument_get_version (model->instrument));
  marrow_record_set_text (assessment, "scoring_version", model->scoring);
  marrow_record_set_text (assessment, "mode", mode);
  marrow_record_set_text (assessment, "respondent", "patient");
  marrow_record_set_text (assessment, "completed_at", completed);
  marrow_record_set_text (assessment, "entered_by",
                          marrow_gen_staff (gen, MARROW_GEN_STAFF_COORDINATOR));
  if (g_str_has_prefix (instrument_id, "PAIN_"))
    marrow_record_set_text (assessment, "recall_period", "past_week_average");
  marrow_record_set_bool (assessment, "is_valid", TRUE);
  marrow_gen_insert (gen, assessment, 0);

  for (guint i = 0; i < model->n_items; i++)
    {
      g_autoptr(MarrowRecord) item = marrow_gen_record (gen, &marrow_entity_assessment_item);
      double value;

      marrow_record_set_text (item, "assessment_id", marrow_record_get_id (assessment));
      marrow_record_set_text (item, "item_code",
                              marrow_instrument_get_item (model->instrument, i)->id);
      if (marrow_answers_get (answers, i, &value))
        marrow_record_set_real (item, "value_num", value);
      marrow_gen_insert (gen, item, 0);
    }

  return TRUE;
}

/* Every visit of the case: its joint instrument, the patient's pain scale
 * and the patient global assessment (guidance-evidence.md §3.1) */
gboolean
marrow_gen_case_assessments (MarrowGenPatient  *patient,
                             MarrowGenCase     *joint_case,
                             GError           **error)
{
  MarrowGen *gen = patient->gen;
  const MarrowGenCourse *course = &joint_case->course;
  gboolean primary_is_pain = g_str_has_prefix (joint_case->instrument, "PAIN_");

  for (guint v = 0; v < joint_case->visits->len; v++)
    {
      const MarrowGenVisit *visit = &g_array_index (joint_case->visits, MarrowGenVisit, v);
      double effect = marrow_gen_course_effect (course, visit->day);
      double function = marrow_gen_clamp (course->function0 + course->gain * effect +
                                          marrow_gen_rng_noise (&gen->rng, 0.02), 0.03, 0.97);
      double pain = marrow_gen_clamp (course->pain0 + course->pain_gain * effect +
                                      marrow_gen_rng_noise (&gen->rng, 0.025), 0.02, 0.98);
      double global = marrow_gen_clamp (course->global0 + course->global_gain * effect +
                                        marrow_gen_rng_noise (&gen->rng, 0.03), 0.02, 0.98);
      gint64 at = visit->day * MARROW_GEN_DAY +
                  (14 * 60 + marrow_gen_rng_int (&gen->rng, 0, 420)) * MARROW_GEN_MINUTE;
      const char *mode;

      if (visit->remote)
        mode = marrow_gen_rng_chance (&gen->rng, 0.5) ? "phone_interview" : "paper";
      else
        mode = marrow_gen_rng_chance (&gen->rng, 0.2) ? "paper" : "tablet_in_clinic";

      if (!record_assessment (patient, joint_case, joint_case->instrument,
                              primary_is_pain ? pain : function, at, mode, error))
        return FALSE;
      if (!primary_is_pain &&
          !record_assessment (patient, joint_case, patient->pain_instrument, pain,
                              at + MARROW_GEN_MINUTE, mode, error))
        return FALSE;
      if (!record_assessment (patient, joint_case, "GLOBAL_VAS", global,
                              at + 2 * MARROW_GEN_MINUTE, mode, error))
        return FALSE;
    }

  return TRUE;
}
