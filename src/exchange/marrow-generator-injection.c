/* marrow-generator-injection.c: treatments of the fictional practice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A treatment gives each joint one aliquot: a syringe of a fresh lot made
 * the same day (both knees from one aspirate when both are treated), or a
 * frozen vial (the patient's banked cells, an allogeneic lot).  Product
 * volumes keep the total under the soft limit of each joint (domain model
 * 4.9: knee 15 mL, hip 8, shoulder 12, ankle 5), a local anaesthetic is
 * always given with the cells and PRP sometimes, and every injection is
 * finalised through the chain-of-identity rules
 * (marrow_gen_finalise_injection()).  Immediate reactions and the effusions
 * of the following days become adverse events.
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include <string.h>

#include "marrow-generator-private.h"
#include "marrow-lot-state.h"


#define RNG (&patient->gen->rng)

typedef struct
{
  double      max_product_ml;
  double      anaesthetic_ml;
  const char *target;
} SiteInjection;

/* Product volumes keep the total under the soft limit of each joint */
static const SiteInjection site_injection[] = {
  [MARROW_GEN_KNEE] = { 10.0, 2.0, "Knee joint, superolateral approach" },
  [MARROW_GEN_HIP] = { 5.0, 1.5, "Hip joint, anterior approach" },
  [MARROW_GEN_SHOULDER] = { 8.0, 2.0, "Glenohumeral joint, posterior approach" },
  [MARROW_GEN_ANKLE] = { 3.0, 1.0, "Tibiotalar joint, anteromedial approach" },
};

static gboolean
inject (MarrowGenPatient  *patient,
        MarrowGenCase     *joint_case,
        MarrowGenStock    *stock,
        MarrowRecord      *aliquot,
        gint64             performed,
        gboolean           thawed,
        GError           **error)
{
  MarrowGen *gen = patient->gen;
  const MarrowGenCasePlan *plan = joint_case->plan;
  const SiteInjection *site = &site_injection[plan->site];
  g_autoptr(MarrowRecord) injection = marrow_gen_record (gen, &marrow_entity_injection);
  g_autoptr(MarrowRecord) product = marrow_gen_record (gen, &marrow_entity_injection_product);
  g_autoptr(MarrowRecord) anaesthetic =
    marrow_gen_record (gen, &marrow_entity_injection_coinjectate);
  g_autoptr(MarrowRecord) prp = NULL;
  double available = marrow_record_get_real (aliquot, "volume_ml");
  double given = MIN (available, site->max_product_ml);
  double total = given + site->anaesthetic_ml;
  gboolean first = joint_case->performed->len == 0;
  const char *reaction = "none";
  const char *guidance;
  g_autofree char *lidocaine_lot =
    g_strdup_printf ("LID-%04u", (guint)marrow_gen_rng_int (RNG, 1, 9999));
  MarrowGenInjection work = { 0 };

  switch (plan->site)
    {
    case MARROW_GEN_KNEE:
      guidance = marrow_gen_rng_chance (RNG, 0.8) ? "ultrasound" : "none";
      break;
    case MARROW_GEN_HIP:
      guidance = marrow_gen_rng_chance (RNG, 0.6) ? "fluoroscopy" : "ultrasound";
      break;
    case MARROW_GEN_ANKLE:
      guidance = marrow_gen_rng_chance (RNG, 0.5) ? "fluoroscopy" : "ultrasound";
      break;
    case MARROW_GEN_SHOULDER:
    default:
      guidance = "ultrasound";
      break;
    }

  if (first && (plan->flags & MARROW_GEN_FLAG_FLARE))
    reaction = "pain_flare";
  else if (first && (plan->flags & MARROW_GEN_FLAG_VASOVAGAL))
    reaction = "vasovagal";

  if (first && (plan->flags & MARROW_GEN_FLAG_PRP) && plan->site == MARROW_GEN_KNEE)
    {
      g_autofree char *kit = g_strdup_printf ("PRP-%04u", (guint)marrow_gen_rng_int (RNG, 1, 9999));

      prp = marrow_gen_record (gen, &marrow_entity_injection_coinjectate);
      marrow_gen_set_ref (prp, "injection_id", injection);
      marrow_record_set_text (prp, "kind", "prp");
      marrow_record_set_bool (prp, "administered", TRUE);
      marrow_record_set_text (prp, "product_name", "Autologous PRP (Demo PRP kit)");
      marrow_record_set_text (prp, "lot_no", kit);
      marrow_gen_set_date (prp, "expiry",
                           marrow_gen_day_of (performed) + marrow_gen_rng_int (RNG, 90, 400));
      marrow_record_set_real (prp, "volume_ml", 3.0);
      total += 3.0;
    }

  marrow_gen_set_ref (injection, "joint_case_id", joint_case->record);
  marrow_gen_set_instant (injection, "performed_at", performed);
  marrow_record_set_text (injection, "tz", MARROW_GEN_TIME_ZONE);
  marrow_record_set_text (injection, "operator_id", patient->physician);
  marrow_record_set_text (injection, "assistant_id",
                          marrow_gen_staff (gen, MARROW_GEN_STAFF_NURSE));
  marrow_record_set_text (injection, "route", "intra_articular");
  marrow_record_set_text (injection, "target_structure", site->target);
  marrow_record_set_text (injection, "image_guidance", guidance);
  marrow_record_set_bool (injection, "image_saved", strcmp (guidance, "none") != 0);
  /* Wide needles for the viscous fresh products */
  marrow_record_set_int (injection, "needle_gauge", thawed ? 22 : 18);
  marrow_record_set_real (injection, "volume_injected_ml", marrow_gen_round (total, 1));
  if (!first)
    marrow_record_set_text (injection, "booster_reason",
                            "Benefit waning on two visits at least 28 days apart; a repeat "
                            "injection was discussed and agreed (guidance G5a)");
  marrow_record_set_bool (injection, "identity_check_done", TRUE);
  if (first && (plan->flags & MARROW_GEN_FLAG_MANUAL_SCAN))
    {
      marrow_record_set_text (injection, "product_scan_result", "manual_entry");
      marrow_record_set_text (injection, "scan_reason",
                              "Label scanner out of order; the ID was typed and read back by a "
                              "second person");
    }
  else
    marrow_record_set_text (injection, "product_scan_result", "match");
  if (thawed)
    {
      marrow_gen_set_instant (injection, "thawed_at", performed - marrow_gen_minutes (RNG, 20, 40));
      marrow_record_set_real (injection, "post_thaw_viability_pct",
                              marrow_gen_round (marrow_gen_rng_uniform (RNG, 78, 93), 1));
    }
  marrow_record_set_text (injection, "immediate_reaction", reaction);

  marrow_gen_set_ref (product, "injection_id", injection);
  marrow_gen_set_ref (product, "aliquot_id", aliquot);
  marrow_record_set_real (product, "volume_injected_ml", given);
  marrow_record_set_bool (product, "entire_unit_given", given >= available);
  if (given < available)
    {
      marrow_record_set_text (product, "remainder_fate", "discarded");
      marrow_record_set_text (product, "remainder_reason",
                              "More than the volume planned for this joint");
    }

  marrow_gen_set_ref (anaesthetic, "injection_id", injection);
  marrow_record_set_text (anaesthetic, "kind", "local_anaesthetic");
  marrow_record_set_bool (anaesthetic, "administered", TRUE);
  marrow_record_set_text (anaesthetic, "product_name", "Lidocaine 1 %");
  marrow_record_set_text (anaesthetic, "lot_no", lidocaine_lot);
  marrow_gen_set_date (anaesthetic, "expiry",
                       marrow_gen_day_of (performed) + marrow_gen_rng_int (RNG, 200, 600));
  marrow_record_set_real (anaesthetic, "volume_ml", site->anaesthetic_ml);

  work.patient = patient;
  work.joint_case = joint_case;
  work.injection = injection;
  work.product = product;
  work.aliquot = aliquot;
  work.lot = stock->lot;
  work.at = performed + 2 * MARROW_GEN_MINUTE;
  if (!marrow_gen_finalise_injection (gen, &work, error))
    return FALSE;

  marrow_gen_insert (gen, anaesthetic, 0);
  if (prp != NULL)
    marrow_gen_insert (gen, prp, 0);

  g_ptr_array_add (joint_case->performed, marrow_gen_instant_text (performed));
  g_set_object (&joint_case->last_injection, injection);

  /* Adverse events after the injection */
  if (strcmp (reaction, "pain_flare") == 0)
    marrow_gen_adverse_event (patient, joint_case, injection, NULL, "post_procedure_pain",
                              marrow_gen_day_of (performed), 2, "probable",
                              (int)marrow_gen_rng_int (RNG, 3, 6),
                              "Marked pain and stiffness of the joint in the evening after the "
                              "injection", "Ice, rest and paracetamol for three days");
  else if (strcmp (reaction, "vasovagal") == 0)
    marrow_gen_adverse_event (patient, joint_case, injection, NULL, "vasovagal",
                              marrow_gen_day_of (performed), 1, "definite", 0,
                              "Brief faint with pallor and sweating during the injection",
                              "Supine position and oral fluids; observed for one hour");

  if (first && (plan->flags & MARROW_GEN_FLAG_UNRESOLVED))
    marrow_gen_adverse_event (patient, joint_case, injection, NULL, "effusion",
                              gen->today - marrow_gen_rng_int (RNG, 5, 12), 2, "possible", -1,
                              "Warm swollen joint with a moderate effusion; no fever; "
                              "aspiration planned",
                              "Rest, ice and review in clinic within a week");
  else if (first && ((plan->flags & MARROW_GEN_FLAG_EFFUSION) ||
                     marrow_gen_rng_chance (RNG, stock->run == NULL ? 0.10 : 0.03)))
    marrow_gen_adverse_event (patient, joint_case, injection, NULL, "effusion",
                              marrow_gen_day_of (performed) + marrow_gen_rng_int (RNG, 1, 3),
                              (int)marrow_gen_rng_int (RNG, 1, 2), "possible",
                              (int)marrow_gen_rng_int (RNG, 5, 14),
                              "Swelling of the joint with a small effusion, settling without "
                              "aspiration", "Ice and rest; NSAIDs avoided");

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Treatments                                                               */

/**
 * marrow_gen_treat_fresh:
 *
 * A harvest on @day, processed at once into a fresh lot with one syringe
 * per case, injected the same day.
 */
gboolean
marrow_gen_treat_fresh (MarrowGenPatient  *patient,
                        MarrowGenProduct   product,
                        MarrowGenCase    **cases,
                        guint              n_cases,
                        gint64             day,
                        GError           **error)
{
  g_autoptr(MarrowGenStock) stock = NULL;

  stock = marrow_gen_fresh_lot (patient, product, n_cases, cases[0]->plan->flags, day, error);
  if (stock == NULL)
    return FALSE;

  for (guint i = 0; i < n_cases; i++)
    if (!inject (patient, cases[i], stock, stock->aliquots->pdata[i],
                 stock->released + marrow_gen_minutes (RNG, 15, 30) +
                 (gint64)i * 12 * MARROW_GEN_MINUTE, FALSE, error))
      return FALSE;

  return TRUE;
}

/**
 * marrow_gen_treat_from_stock:
 *
 * One injection from a frozen vial: the patient's own banked cells, or an
 * allogeneic vial.
 */
gboolean
marrow_gen_treat_from_stock (MarrowGenPatient  *patient,
                             MarrowGenCase     *joint_case,
                             MarrowGenStock    *stock,
                             gint64             day,
                             GError           **error)
{
  MarrowGen *gen = patient->gen;
  gint64 performed = day * MARROW_GEN_DAY + marrow_gen_minutes (RNG, 15 * 60, 20 * 60);

  g_assert (stock->next < stock->aliquots->len);

  /* A vial that cracks on thawing is discarded and the next one is used */
  if ((joint_case->plan->flags & MARROW_GEN_FLAG_DISCARD_VIAL) && joint_case->performed->len == 0 &&
      stock->next + 1 < stock->aliquots->len)
    {
      if (!marrow_gen_transition_aliquot (gen, stock, stock->aliquots->pdata[stock->next],
                                          MARROW_ALIQUOT_DISCARDED,
                                          "Vial cracked during thawing; contents discarded",
                                          performed - 50 * MARROW_GEN_MINUTE, error))
        return FALSE;
      stock->next++;
    }

  return inject (patient, joint_case, stock, stock->aliquots->pdata[stock->next++], performed,
                 TRUE, error);
}
