/* marrow-generator-patient.c: one fictional patient and everything that happens to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order of events for a patient: identity, weights (at the first
 * consultation and on each treatment day, so that a dose per kg always has
 * a weight of the same day), joint cases with their prior treatments, then
 * the treatments in day order (a first treatment per case, bilateral cases
 * on the same day from one harvest, boosters later), the questionnaires of
 * every visit, and finally what became of the case (joint replacement,
 * moved away).
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include <string.h>

#include "marrow-generator-private.h"

#define RNG (&patient->gen->rng)

/* ------------------------------------------------------------------------ */
/* Adverse events                                                           */

/**
 * marrow_gen_adverse_event:
 * @days_to_resolve: days from onset to resolution; -1 when still unresolved
 *
 * An adverse event, adjudicated by the treating physician a few days after
 * its onset.  Events that would lie after the end of the history are left
 * out; resolutions after it leave the event open.
 */
void
marrow_gen_adverse_event (MarrowGenPatient *patient,
                          MarrowGenCase    *joint_case,
                          MarrowRecord     *injection,
                          MarrowRecord     *harvest,
                          const char       *category,
                          gint64            onset_day,
                          int               severity,
                          const char       *relatedness,
                          int               days_to_resolve,
                          const char       *description,
                          const char       *action)
{
  MarrowGen *gen = patient->gen;
  g_autoptr(MarrowRecord) event = NULL;
  gint64 adjudicated = (onset_day + marrow_gen_rng_int (RNG, 2, 7)) * MARROW_GEN_DAY +
                       marrow_gen_rng_int (RNG, 19 * 60, 21 * 60) * MARROW_GEN_MINUTE;

  if (onset_day > gen->today - 1)
    return;

  event = marrow_gen_record (gen, &marrow_entity_adverse_event);
  marrow_record_set_text (event, "patient_id", marrow_record_get_id (patient->record));
  if (joint_case != NULL)
    marrow_record_set_text (event, "joint_case_id", marrow_record_get_id (joint_case->record));
  if (injection != NULL)
    marrow_record_set_text (event, "injection_id", marrow_record_get_id (injection));
  if (harvest != NULL)
    marrow_record_set_text (event, "harvest_id", marrow_record_get_id (harvest));
  marrow_record_set_bool (event, "unrelated_general", joint_case == NULL && injection == NULL &&
                                                     harvest == NULL);
  marrow_gen_set_date (event, "onset_date", onset_day);
  marrow_record_set_text (event, "detected_via",
                          days_to_resolve == 0 ? "visit"
                          : marrow_gen_rng_chance (RNG, 0.6) ? "phone" : "visit");
  marrow_record_set_text (event, "category", category);
  marrow_record_set_text (event, "description", description);
  marrow_record_set_int (event, "severity_ctcae", severity);
  marrow_record_set_bool (event, "serious", severity >= 3);
  if (severity >= 3)
    marrow_record_set_text (event, "serious_criteria", "hospitalisation");
  marrow_record_set_text (event, "relatedness", relatedness);
  if (adjudicated <= gen->now)
    {
      marrow_record_set_text (event, "adjudicated_by", patient->physician);
      marrow_gen_set_instant (event, "adjudicated_at", adjudicated);
    }
  marrow_record_set_text (event, "expectedness",
                          strcmp (relatedness, "unrelated") == 0 ? "unexpected" : "expected");
  if (action != NULL)
    marrow_record_set_text (event, "action_taken", action);

  if (days_to_resolve >= 0 && onset_day + days_to_resolve <= gen->today - 1)
    {
      marrow_record_set_text (event, "outcome", "recovered");
      marrow_gen_set_date (event, "resolved_date", onset_day + days_to_resolve);
    }
  else
    marrow_record_set_text (event, "outcome",
                            strcmp (category, "progressive_djd_pain") == 0 ? "not_recovered"
                                                                           : "recovering");

  marrow_gen_insert (gen, event, onset_day * MARROW_GEN_DAY + 20 * 3600);
}

/* ------------------------------------------------------------------------ */
/* Identity and weights                                                     */

static void
add_patient_record (MarrowGenPatient *patient)
{
  MarrowGen *gen = patient->gen;
  const MarrowGenPatientPlan *plan = patient->plan;
  MarrowRecord *record = marrow_gen_record (gen, &marrow_entity_patient);
  g_autofree char *local_id = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *address = NULL;
  g_autofree char *mixed = NULL;
  const char *given;
  const char *family;
  gboolean do_not_contact = FALSE;

  for (guint i = 0; i < plan->n_cases; i++)
    do_not_contact |= (plan->cases[i].flags & MARROW_GEN_FLAG_DO_NOT_CONTACT) != 0;

  marrow_gen_patient_name (gen->demo, patient->index, plan->female, RNG, &given, &family);
  local_id = gen->demo ? g_strdup_printf ("DEMO-%04u", patient->index + 1)
                       : g_strdup_printf ("SYN-%06u", patient->index + 1);
  /* 555-0100 to 555-0199 are reserved for fiction in the North American plan */
  phone = g_strdup_printf ("+1 312 555 01%02u", patient->index % 100);
  mixed = g_strdup_printf ("%s.%s.%u@example.org", given, family, patient->index + 1);
  email = g_ascii_strdown (mixed, -1);
  address = g_strdup_printf ("%u Example Street", 1 + patient->index % 250);

  marrow_record_set_text (record, "local_id", local_id);
  marrow_record_set_text (record, "family_name", family);
  marrow_record_set_text (record, "given_names", given);
  marrow_gen_set_date (record, "dob",
                       gen->today - (gint64)plan->age * 365 - plan->age / 4 -
                       marrow_gen_rng_int (RNG, 1, 364));
  marrow_record_set_text (record, "sex", plan->female ? "female" : "male");
  marrow_record_set_text (record, "phone", phone);
  marrow_record_set_text (record, "email", email);
  marrow_record_set_text (record, "address_line", address);
  marrow_record_set_text (record, "address_city", "Sampleton");
  marrow_record_set_text (record, "address_postal_code", "99999");
  marrow_record_set_text (record, "address_country", "US");
  marrow_record_set_bool (record, "do_not_contact", do_not_contact);
  marrow_record_set_text (record, "note",
                          gen->demo ? "Fictional demo patient: not a real person."
                                    : "Synthetic patient made by marrow-cli generate: not a "
                                      "real person.");
  patient->record = record;
}

void
marrow_gen_add_weight (MarrowGenPatient *patient,
                       gint64            day)
{
  MarrowGen *gen = patient->gen;
  MarrowRecord *weight = marrow_gen_record (gen, &marrow_entity_patient_weight);

  marrow_record_set_text (weight, "patient_id", marrow_record_get_id (patient->record));
  marrow_gen_set_date (weight, "measured_on", day);
  marrow_record_set_real (weight, "weight_kg",
                          marrow_gen_round (patient->weight_kg +
                                            marrow_gen_rng_noise (RNG, 0.8), 1));
  marrow_record_set_real (weight, "height_cm", patient->height_cm);
  marrow_record_set_text (weight, "method", "measured");
  g_ptr_array_add (patient->weights, weight);
}

/* ------------------------------------------------------------------------ */
/* Joint cases                                                              */

static const char *
primary_instrument (const MarrowGenCasePlan *plan)
{
  switch (plan->site)
    {
    case MARROW_GEN_KNEE:
      return "KOOS";
    case MARROW_GEN_HIP:
      return "HOOS";
    case MARROW_GEN_SHOULDER:
      return (plan->flags & MARROW_GEN_FLAG_OSS) ? "OSS" : "ASES";
    case MARROW_GEN_ANKLE:
    default:
      /* No ankle instrument ships yet (FAOS/FAAM are later): pain VAS */
      return "PAIN_VAS";
    }
}

static void
add_case (MarrowGenPatient *patient,
          guint             i)
{
  MarrowGen *gen = patient->gen;
  MarrowGenCase *joint_case = &patient->cases[i];
  const MarrowGenCasePlan *plan = &patient->plan->cases[i];
  MarrowRecord *record = marrow_gen_record (gen, &marrow_entity_joint_case);
  const char *code, *text;

  joint_case->plan = plan;
  joint_case->record = record;
  joint_case->instrument = primary_instrument (plan);
  joint_case->performed = g_ptr_array_new_with_free_func (g_free);
  marrow_gen_course_init (&joint_case->course, RNG, plan, gen->today);
  joint_case->visits = marrow_gen_course_visits (&joint_case->course, RNG, gen->today);

  marrow_gen_diagnosis (plan, &code, &text);
  marrow_record_set_text (record, "patient_id", marrow_record_get_id (patient->record));
  marrow_record_set_text (record, "site", marrow_gen_site_code (plan->site));
  marrow_record_set_text (record, "side", plan->right ? "right" : "left");
  marrow_record_set_text (record, "diagnosis_system", "ICD-10-CM");
  marrow_record_set_text (record, "diagnosis_code", code);
  marrow_record_set_text (record, "diagnosis_text", text);
  if (plan->kl_grade >= 0)
    marrow_record_set_int (record, "kl_grade", plan->kl_grade);
  {
    g_autofree char *onset = marrow_gen_month_text (joint_case->course.index_day -
                                                    marrow_gen_rng_int (RNG, 365, 3650));
    marrow_record_set_text (record, "onset_date", onset);
  }
  marrow_record_set_text (record, "primary_instrument", joint_case->instrument);
  marrow_record_set_text (record, "status", "active");
}

static void
add_prior_treatment (MarrowGenPatient *patient,
                     MarrowGenCase    *joint_case,
                     const char       *kind,
                     gint64            day,
                     const char       *detail)
{
  MarrowGen *gen = patient->gen;
  g_autoptr(MarrowRecord) prior = marrow_gen_record (gen, &marrow_entity_prior_treatment);
  g_autofree char *month = marrow_gen_month_text (day);

  marrow_record_set_text (prior, "joint_case_id", marrow_record_get_id (joint_case->record));
  marrow_record_set_text (prior, "kind", kind);
  marrow_record_set_text (prior, "date", month);
  marrow_record_set_text (prior, "detail", detail);
  marrow_gen_insert (gen, prior, 0);
}

static const char *
prior_surgery (const MarrowGenCasePlan *plan)
{
  switch (plan->site)
    {
    case MARROW_GEN_KNEE:
      return plan->diagnosis == 1 ? "Arthroscopic reconstruction of the anterior cruciate ligament"
                                  : "Arthroscopic partial medial meniscectomy";
    case MARROW_GEN_HIP:
      return "Arthroscopic labral repair";
    case MARROW_GEN_SHOULDER:
      return "Arthroscopic debridement and subacromial decompression";
    case MARROW_GEN_ANKLE:
    default:
      return "Open reduction and internal fixation of an ankle fracture";
    }
}

/* Conservative care before the cell therapy; intra-articular steroids end
 * at least four months before it (guidance G7.4 holds for three) */
static void
add_prior_treatments (MarrowGenPatient *patient,
                      MarrowGenCase    *joint_case)
{
  const MarrowGenCasePlan *plan = joint_case->plan;
  gint64 index = joint_case->course.index_day;

  add_prior_treatment (patient, joint_case, "physiotherapy",
                       index - marrow_gen_rng_int (RNG, 200, 900),
                       "Supervised exercise therapy, 12 sessions");
  if (marrow_gen_rng_chance (RNG, 0.5))
    add_prior_treatment (patient, joint_case, "corticosteroid_injection",
                         index - marrow_gen_rng_int (RNG, 120, 600),
                         "Triamcinolone acetonide 40 mg, intra-articular");
  if ((plan->site == MARROW_GEN_KNEE || plan->site == MARROW_GEN_HIP) &&
      marrow_gen_rng_chance (RNG, 0.4))
    add_prior_treatment (patient, joint_case, "ha_injection",
                         index - marrow_gen_rng_int (RNG, 150, 800),
                         "Hyaluronic acid, three weekly injections");
  if (marrow_gen_rng_chance (RNG, 0.15))
    add_prior_treatment (patient, joint_case, "prp_injection",
                         index - marrow_gen_rng_int (RNG, 150, 500),
                         "Leukocyte-poor PRP, two injections four weeks apart");
  if ((plan->diagnosis == 1 || plan->diagnosis == 3 ||
       (plan->site == MARROW_GEN_SHOULDER && marrow_gen_rng_chance (RNG, 0.3))))
    add_prior_treatment (patient, joint_case, "surgery",
                         index - marrow_gen_rng_int (RNG, 900, 5000), prior_surgery (plan));
}

/* What became of the case after its last visit */
static void
close_case (MarrowGenPatient *patient,
            MarrowGenCase    *joint_case)
{
  MarrowGen *gen = patient->gen;
  const MarrowGenCasePlan *plan = joint_case->plan;
  MarrowRecord *record = joint_case->record;
  gint64 last = g_array_index (joint_case->visits, MarrowGenVisit, joint_case->visits->len - 1).day;
  gint64 day = MIN (last + marrow_gen_rng_int (RNG, 14, 45), gen->today - 1);

  if (plan->flags & MARROW_GEN_FLAG_SURGERY)
    {
      if (day <= last)
        return;
      marrow_record_set_text (record, "status", "converted_to_surgery");
      marrow_gen_set_date (record, "surgery_date", day);
      marrow_record_set_text (record, "surgery_type",
                              plan->site == MARROW_GEN_ANKLE ? "other" : "arthroplasty");
      marrow_gen_touch (gen, record);
    }
  else if (plan->flags & MARROW_GEN_FLAG_CLOSED)
    {
      marrow_record_set_text (record, "status", "closed");
      marrow_record_set_text (record, "closed_reason",
                              "The patient moved out of the area; follow-up continues with "
                              "another practice");
      marrow_gen_touch (gen, record);
    }
}

/* ------------------------------------------------------------------------ */
/* Treatments                                                               */

typedef struct
{
  gint64 day;
  guint  cases;     /* bit i: case i */
  gboolean booster;
} Treatment;

static int
compare_treatments (gconstpointer a,
                    gconstpointer b)
{
  const Treatment *ta = a;
  const Treatment *tb = b;

  return ta->day < tb->day ? -1 : ta->day > tb->day ? 1 : (int)ta->booster - (int)tb->booster;
}

static gboolean
treat (MarrowGenPatient  *patient,
       const Treatment   *treatment,
       GError           **error)
{
  MarrowGen *gen = patient->gen;
  MarrowGenCase *cases[2];
  guint n = 0;
  MarrowGenProduct product;
  MarrowGenStock *stock;

  for (guint i = 0; i < patient->n_cases; i++)
    if (treatment->cases & (1u << i))
      cases[n++] = &patient->cases[i];
  g_assert (n > 0);
  product = cases[0]->plan->product;

  if (treatment->booster)
    {
      MarrowGenCase *joint_case = cases[0];
      MarrowGenStock *bank = patient->bank;

      /* A booster from the patient's own frozen vials when there are any */
      if (product == MARROW_GEN_BMAC_BANK && bank != NULL && bank->usable &&
          bank->next < bank->aliquots->len &&
          bank->released <= treatment->day * MARROW_GEN_DAY &&
          bank->expires > (treatment->day + 1) * MARROW_GEN_DAY)
        return marrow_gen_treat_from_stock (patient, joint_case, bank, treatment->day, error);

      if (product == MARROW_GEN_ALLOGENEIC)
        {
          if (!(stock = marrow_gen_allogeneic_stock (gen, treatment->day, error)))
            return FALSE;
          return marrow_gen_treat_from_stock (patient, joint_case, stock, treatment->day, error);
        }

      /* Otherwise a new harvest */
      return marrow_gen_treat_fresh (patient,
                                     product == MARROW_GEN_BMAC_BANK ? MARROW_GEN_BMAC : product,
                                     cases, 1, treatment->day, error);
    }

  if (product == MARROW_GEN_ALLOGENEIC)
    {
      for (guint i = 0; i < n; i++)
        {
          if (!(stock = marrow_gen_allogeneic_stock (gen, treatment->day, error)) ||
              !marrow_gen_treat_from_stock (patient, cases[i], stock, treatment->day, error))
            return FALSE;
        }
      return TRUE;
    }

  return marrow_gen_treat_fresh (patient, product, cases, n, treatment->day, error);
}

static GArray *
plan_treatments (MarrowGenPatient *patient)
{
  GArray *treatments = g_array_new (FALSE, TRUE, sizeof (Treatment));

  for (guint i = 0; i < patient->n_cases; i++)
    {
      const MarrowGenCourse *course = &patient->cases[i].course;
      const MarrowGenCasePlan *plan = patient->cases[i].plan;
      gboolean joined = FALSE;
      Treatment first = { course->index_day, 1u << i, FALSE };

      /* Both sides of a joint on the same day with the same product: one
       * harvest for both */
      for (guint t = 0; t < treatments->len && !joined; t++)
        {
          Treatment *other = &g_array_index (treatments, Treatment, t);
          const MarrowGenCasePlan *other_plan =
            patient->cases[g_bit_nth_lsf (other->cases, -1)].plan;

          if (!other->booster && other->day == first.day &&
              other_plan->product == plan->product && other_plan->site == plan->site)
            {
              other->cases |= first.cases;
              joined = TRUE;
            }
        }
      if (!joined)
        g_array_append_val (treatments, first);

      if (course->booster_day > 0)
        {
          Treatment booster = { course->booster_day, 1u << i, TRUE };

          g_array_append_val (treatments, booster);
        }
    }

  g_array_sort (treatments, compare_treatments);
  return treatments;
}

static void
add_weights (MarrowGenPatient *patient,
             GArray           *treatments)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 consult = G_MAXINT64;

  for (guint i = 0; i < patient->n_cases; i++)
    consult = MIN (consult, g_array_index (patient->cases[i].visits, MarrowGenVisit, 0).day);
  g_array_append_val (days, consult);

  for (guint t = 0; t < treatments->len; t++)
    {
      gint64 day = g_array_index (treatments, Treatment, t).day;
      gboolean seen = FALSE;

      for (guint d = 0; d < days->len; d++)
        seen |= g_array_index (days, gint64, d) == day;
      if (!seen)
        g_array_append_val (days, day);
    }

  for (guint d = 0; d < days->len; d++)
    marrow_gen_add_weight (patient, g_array_index (days, gint64, d));
}

static void
patient_clear (MarrowGenPatient *patient)
{
  for (guint i = 0; i < patient->n_cases; i++)
    {
      MarrowGenCase *joint_case = &patient->cases[i];

      g_clear_object (&joint_case->record);
      g_clear_object (&joint_case->last_injection);
      g_clear_pointer (&joint_case->visits, g_array_unref);
      g_clear_pointer (&joint_case->performed, g_ptr_array_unref);
    }
  g_clear_object (&patient->record);
  g_clear_pointer (&patient->weights, g_ptr_array_unref);
  g_clear_pointer (&patient->bank, marrow_gen_stock_free);
}

/**
 * marrow_gen_patient:
 * @index: the patient's number, from 0
 *
 * Makes one patient of @plan with everything that happens to them.  The
 * records go into the generator's batch; treatments may save it first
 * (marrow_gen_flush()) when they go through the store's services.
 */
gboolean
marrow_gen_patient (MarrowGen                  *gen,
                    guint                       index,
                    const MarrowGenPatientPlan *plan,
                    GError                    **error)
{
  MarrowGenPatient patient_data = { 0 };
  MarrowGenPatient *patient = &patient_data;
  g_autoptr(GArray) treatments = NULL;
  gint64 consult;
  gboolean ok = FALSE;

  patient->gen = gen;
  patient->plan = plan;
  patient->index = index;
  patient->n_cases = plan->n_cases;
  patient->weights = g_ptr_array_new_with_free_func (g_object_unref);
  patient->physician = marrow_gen_staff (gen, index % 3 == 2 ? MARROW_GEN_STAFF_PHYSICIAN_2
                                                              : MARROW_GEN_STAFF_PHYSICIAN);
  patient->pain_instrument = plan->pain_nrs ? "PAIN_NRS" : "PAIN_VAS";
  patient->weight_kg = plan->female ? marrow_gen_rng_uniform (RNG, 55, 95)
                                    : marrow_gen_rng_uniform (RNG, 68, 115);
  patient->height_cm = marrow_gen_round (plan->female ? marrow_gen_rng_uniform (RNG, 155, 178)
                                                      : marrow_gen_rng_uniform (RNG, 167, 195), 0);

  add_patient_record (patient);
  for (guint i = 0; i < plan->n_cases; i++)
    add_case (patient, i);
  treatments = plan_treatments (patient);
  add_weights (patient, treatments);

  consult = g_array_index (patient->cases[0].visits, MarrowGenVisit, 0).day * MARROW_GEN_DAY +
            15 * 3600;
  marrow_gen_insert (gen, patient->record, consult);
  for (guint i = 0; i < patient->weights->len; i++)
    marrow_gen_insert (gen, patient->weights->pdata[i], consult);
  for (guint i = 0; i < patient->n_cases; i++)
    {
      marrow_gen_insert (gen, patient->cases[i].record, consult);
      add_prior_treatments (patient, &patient->cases[i]);
    }

  for (guint t = 0; t < treatments->len; t++)
    if (!treat (patient, &g_array_index (treatments, Treatment, t), error))
      goto out;

  for (guint i = 0; i < patient->n_cases; i++)
    {
      MarrowGenCase *joint_case = &patient->cases[i];

      if (!marrow_gen_case_assessments (patient, joint_case, error))
        goto out;

      if (joint_case->plan->trajectory == MARROW_GEN_WORSENED)
        marrow_gen_adverse_event (patient, joint_case, joint_case->last_injection, NULL,
                                  "progressive_djd_pain",
                                  joint_case->course.index_day + marrow_gen_rng_int (RNG, 100, 150),
                                  2, "possible", -1,
                                  "Pain and stiffness increasing over weeks, worse than before the "
                                  "injection; radiographs show progression",
                                  "Referred for a joint replacement opinion");
      close_case (patient, joint_case);
    }

  for (guint i = 0; i < plan->n_cases; i++)
    if (plan->cases[i].flags & MARROW_GEN_FLAG_SERIOUS_UNRELATED)
      marrow_gen_adverse_event (patient, NULL, NULL, NULL, "other",
                                patient->cases[i].course.index_day +
                                marrow_gen_rng_int (RNG, 60, 120),
                                3, "unrelated", (int)marrow_gen_rng_int (RNG, 10, 20),
                                "Admitted to hospital for three days with community-acquired "
                                "pneumonia; unrelated to the joint treatment",
                                "Antibiotics in hospital; no change to the joint plan");

  /* Banked vials that outlived their expiry */
  if (patient->bank != NULL && !marrow_gen_stock_expire (gen, patient->bank, error))
    goto out;

  ok = TRUE;

out:
  patient_clear (patient);
  return ok;
}
