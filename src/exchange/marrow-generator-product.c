/* marrow-generator-product.c: harvests, processing, QC, lots and aliquots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The numbers follow the clinical background of the seeds and the domain
 * model: 45–110 mL of bone marrow (4.4) concentrated to 6–10 mL holding
 * 3–15 × 10⁸ nucleated cells (4 × 10⁸ split in the Centeno registry), CFU-F
 * around the 18 × 10³/mL responder threshold, viabilities of 86–98 %;
 * adipose harvests of 50–250 mL, micro-fragmented (no cell count) or
 * digested to an SVF of 2–6 × 10⁵ cells per mL of lipoaspirate; expanded
 * BM-MSC frozen in 1.5 mL vials of about 40 × 10⁶ cells and allogeneic
 * umbilical-cord MSC vials of 40 × 10⁶ cells, inside the 10–150 × 10⁶ range
 * of the IA trials.
 *
 * A fresh lot is released on a negative Gram stain with its cultures
 * pending (the CCTRN pattern); the cultures are read 14 days later.  Frozen
 * lots are released once every test has passed; one expanded lot in the
 * demo fails its fungal culture and is rejected.  Chain-of-identity IDs
 * follow docs/chain-of-identity.md: the harvest's base, -P1/-L1 for the
 * fresh product, -P2/-L2 for the expanded one, a new base per allogeneic
 * lot received.
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include <string.h>

#include "marrow-coi.h"
#include "marrow-generator-private.h"
#include "marrow-lot-state.h"

#define FACILITY "Demo Orthobiologics Clinic, point-of-care laboratory (fictional)"
#define IND_NUMBER "IND 000000 (fictional)"
#define SUPPLIER "Fictional Cord Cell Supply Inc."

#define RNG (&patient->gen->rng)

static char *
derive (const char *base,
        char        kind,
        guint       n)
{
  return kind == 'P' ? marrow_coi_derive_run (base, n, NULL)
                     : marrow_coi_derive_lot (base, n, NULL);
}

/* ------------------------------------------------------------------------ */
/* QC tests                                                                 */

typedef struct
{
  const char *code;
  const char *method;
  const char *unit;
  const char *spec_text;
} TestKind;

static MarrowRecord *
qc_test (MarrowGen        *gen,
         MarrowRecord     *run,
         MarrowRecord     *lot,
         const TestKind   *kind,
         gint64            sampled,
         gint64            read,
         int               read_day)
{
  MarrowRecord *test = marrow_gen_record (gen, &marrow_entity_qc_test);

  if (run != NULL)
    marrow_gen_set_ref (test, "processing_run_id", run);
  if (lot != NULL)
    marrow_gen_set_ref (test, "product_lot_id", lot);
  marrow_record_set_text (test, "test_code", kind->code);
  marrow_record_set_text (test, "method", kind->method);
  if (kind->spec_text != NULL)
    marrow_record_set_text (test, "spec_text", kind->spec_text);
  marrow_record_set_text (test, "unit", kind->unit);
  marrow_gen_set_instant (test, "sampled_at", sampled);
  marrow_record_set_int (test, "read_day", read_day);

  /* A culture read after the end of the history is still pending */
  if (read > gen->now)
    {
      marrow_record_set_text (test, "state", "pending");
      marrow_record_set_text (test, "pass_fail", "pending");
    }
  else
    {
      marrow_gen_set_instant (test, "read_at", read);
      marrow_record_set_text (test, "state", "final");
      marrow_record_set_text (test, "pass_fail", "pass");
      marrow_record_set_text (test, "reader_id", marrow_gen_staff (gen, MARROW_GEN_STAFF_LAB));
    }
  return test;
}

static void
set_result (MarrowRecord *test,
            double        value,
            const char   *text)
{
  if (g_strcmp0 (marrow_record_get_text (test, "state"), "final") != 0)
    return;
  if (text != NULL)
    marrow_record_set_text (test, "result_text", text);
  else
    marrow_record_set_real (test, "result_value", value);
}

static const TestKind gram_test = { "gram", "Gram stain", "text", "No organisms seen" };
static const TestKind aerobic_test = { "sterility_aerobic", "BacT/ALERT aerobic culture", "text",
                                       "No growth at 14 days" };
static const TestKind anaerobic_test = { "sterility_anaerobic", "BacT/ALERT anaerobic culture",
                                         "text", "No growth at 14 days" };
static const TestKind fungal_test = { "fungal", "Fungal culture (Sabouraud)", "text",
                                      "No growth at 14 days" };
static const TestKind endotoxin_test = { "endotoxin", "Kinetic chromogenic LAL (Endosafe-PTS)",
                                         "EU/mL", "≤ 0.5 EU/mL" };
static const TestKind count_test = { "cell_count", "Automated haematology analyser", "cells",
                                     NULL };
static const TestKind viability_test = { "viability", "7-AAD flow cytometry", "%", "≥ 70 %" };

/* The cultures of a fresh lot: pending at release, read 14 days later.  In
 * the demo practice they are saved pending and completed afterwards, so
 * their history shows the conditional release; in synthetic data they are
 * saved as they end up. */
typedef struct
{
  MarrowRecord *test;
  gint64        read;
} PendingCulture;

static void
complete_cultures (MarrowGenPatient *patient,
                   PendingCulture   *cultures,
                   guint             n)
{
  MarrowGen *gen = patient->gen;

  for (guint i = 0; i < n; i++)
    {
      MarrowRecord *test = cultures[i].test;

      if (cultures[i].read > gen->now)
        continue;
      marrow_gen_set_instant (test, "read_at", cultures[i].read);
      marrow_record_set_text (test, "state", "final");
      marrow_record_set_text (test, "pass_fail", "pass");
      marrow_record_set_text (test, "result_text", "No growth at 14 days");
      marrow_record_set_text (test, "reader_id", marrow_gen_staff (gen, MARROW_GEN_STAFF_LAB));
      marrow_gen_touch (gen, test);
    }
}

/* ------------------------------------------------------------------------ */
/* Harvest and processing                                                   */

static MarrowRecord *
harvest_new (MarrowGenPatient *patient,
             MarrowGenProduct  product,
             gint64            start,
             double            volume_ml,
             char            **base)
{
  MarrowGen *gen = patient->gen;
  MarrowRecord *harvest = marrow_gen_record (gen, &marrow_entity_harvest);
  gint64 end = start + marrow_gen_minutes (RNG, 20, 35);
  static const char * const adipose_sites[] = { "abdomen", "abdomen", "abdomen", "flank", "thigh" };

  *base = marrow_gen_next_base (gen, marrow_gen_day_of (start));
  marrow_record_set_text (harvest, "coi_id", *base);
  marrow_gen_set_ref (harvest, "patient_id", patient->record);

  if (product == MARROW_GEN_BMAC || product == MARROW_GEN_BMAC_BANK)
    {
      marrow_record_set_text (harvest, "tissue", "bone_marrow");
      marrow_record_set_text (harvest, "anatomic_site",
                              marrow_gen_rng_chance (RNG, 0.7) ? "psis" : "posterior_iliac_crest");
      marrow_record_set_text (harvest, "harvest_side",
                              marrow_gen_rng_chance (RNG, 0.5) ? "left" : "right");
      marrow_record_set_text (harvest, "anesthesia",
                              marrow_gen_rng_chance (RNG, 0.85) ? "local" : "sedation");
      if (marrow_gen_rng_chance (RNG, 0.7))
        {
          marrow_record_set_text (harvest, "anticoagulant", "heparin");
          marrow_record_set_real (harvest, "heparin_u_per_ml", 1000.0);
        }
      else
        {
          marrow_record_set_text (harvest, "anticoagulant", "acd_a");
          marrow_record_set_text (harvest, "acd_ratio", "1:9");
        }
    }
  else
    {
      const char *site = MARROW_GEN_PICK (RNG, adipose_sites);

      marrow_record_set_text (harvest, "tissue", "adipose");
      marrow_record_set_text (harvest, "anatomic_site", site);
      marrow_record_set_text (harvest, "harvest_side",
                              strcmp (site, "abdomen") == 0 ? "none"
                              : marrow_gen_rng_chance (RNG, 0.5) ? "left" : "right");
      marrow_record_set_text (harvest, "anesthesia", "local");
      marrow_record_set_text (harvest, "anticoagulant", "none");
    }

  marrow_gen_set_instant (harvest, "started_at", start);
  marrow_gen_set_instant (harvest, "ended_at", end);
  marrow_record_set_text (harvest, "tz", MARROW_GEN_TIME_ZONE);
  marrow_record_set_text (harvest, "operator_id", patient->physician);
  marrow_record_set_text (harvest, "assistant_id", marrow_gen_staff (gen, MARROW_GEN_STAFF_NURSE));
  marrow_record_set_real (harvest, "volume_collected_ml", volume_ml);
  marrow_gen_set_instant (harvest, "received_by_lab_at", end + marrow_gen_minutes (RNG, 5, 12));
  return harvest;
}

static MarrowRecord *
run_new (MarrowGenPatient *patient,
         const char       *code,
         const char       *method,
         const char       *device,
         const char       *model,
         gint64            start,
         gint64            end,
         double            input_ml,
         double            output_ml)
{
  MarrowGen *gen = patient->gen;
  MarrowRecord *run = marrow_gen_record (gen, &marrow_entity_processing_run);
  g_autofree char *kit_lot = g_strdup_printf ("DK-%05u", (guint)marrow_gen_rng_int (RNG, 1, 99999));

  marrow_record_set_text (run, "run_code", code);
  marrow_record_set_text (run, "method", method);
  marrow_record_set_text (run, "device_name", device);
  marrow_record_set_text (run, "device_model", model);
  marrow_record_set_text (run, "kit_lot", kit_lot);
  marrow_gen_set_date (run, "kit_expiry",
                       marrow_gen_day_of (start) + marrow_gen_rng_int (RNG, 120, 540));
  marrow_record_set_text (run, "facility", FACILITY);
  marrow_record_set_text (run, "operator_id", marrow_gen_staff (gen, MARROW_GEN_STAFF_LAB));
  marrow_gen_set_instant (run, "started_at", start);
  marrow_gen_set_instant (run, "ended_at", end);
  marrow_record_set_text (run, "tz", MARROW_GEN_TIME_ZONE);
  marrow_record_set_real (run, "input_volume_ml", input_ml);
  marrow_record_set_real (run, "output_volume_ml", output_ml);
  marrow_record_set_bool (run, "has_deviation", FALSE);
  marrow_record_set_text (run, "qa_reviewed_by", marrow_gen_staff (gen, MARROW_GEN_STAFF_QA));
  return run;
}

static void
set_counts (MarrowRecord *run,
            gint64        pre,
            gint64        post,
            double        output_ml,
            double        viability,
            const char   *viability_method)
{
  if (pre > 0)
    marrow_record_set_int (run, "tnc_pre_cells", pre);
  marrow_record_set_int (run, "tnc_post_cells", post);
  marrow_record_set_real (run, "tnc_post_per_ml", marrow_gen_round ((double)post / output_ml, 0));
  marrow_record_set_real (run, "viability_pct", viability);
  marrow_record_set_text (run, "viability_method", viability_method);
}

static MarrowRecord *
lot_new (MarrowGenPatient *patient,
         MarrowRecord     *run,
         const char       *code,
         const char       *category,
         gint64            total_cells,
         double            viability,
         double            volume_ml)
{
  MarrowRecord *lot = marrow_gen_record (patient->gen, &marrow_entity_product_lot);

  marrow_record_set_text (lot, "coi_id", code);
  marrow_record_set_text (lot, "category", category);
  marrow_record_set_text (lot, "origin", "autologous");
  marrow_gen_set_ref (lot, "source_patient_id", patient->record);
  marrow_gen_set_ref (lot, "processing_run_id", run);
  if (total_cells > 0)
    {
      marrow_record_set_int (lot, "total_cells", total_cells);
      marrow_record_set_int (lot, "viable_cells",
                             (gint64)marrow_gen_round ((double)total_cells * viability / 100.0, 0));
      marrow_record_set_real (lot, "conc_per_ml", (double)total_cells / volume_ml);
    }
  marrow_record_set_real (lot, "volume_ml", volume_ml);
  marrow_record_set_text (lot, "release_status", MARROW_LOT_QUARANTINE);
  return lot;
}

static void
add_aliquots (MarrowGenPatient *patient,
              MarrowGenStock   *stock,
              guint             n,
              const char       *container,
              double            volume_ml,
              const char       *location)
{
  const char *lot_coi = marrow_record_get_text (stock->lot, "coi_id");

  for (guint i = 0; i < n; i++)
    {
      MarrowRecord *aliquot = marrow_gen_record (patient->gen, &marrow_entity_product_aliquot);
      g_autofree char *label = marrow_coi_derive_aliquot (lot_coi, i + 1, NULL);

      marrow_gen_set_ref (aliquot, "lot_id", stock->lot);
      marrow_record_set_int (aliquot, "aliquot_no", i + 1);
      marrow_record_set_text (aliquot, "label", label);
      marrow_record_set_text (aliquot, "container", container);
      marrow_record_set_real (aliquot, "volume_ml", volume_ml);
      marrow_record_set_text (aliquot, "status", MARROW_ALIQUOT_QUARANTINE);
      marrow_record_set_text (aliquot, "storage_location", location);
      g_ptr_array_add (stock->aliquots, aliquot);
    }
}

static void
insert_stock (MarrowGen      *gen,
              MarrowGenStock *stock,
              GPtrArray      *tests,
              gint64          at)
{
  marrow_gen_insert (gen, stock->lot, at);
  for (guint i = 0; i < tests->len; i++)
    marrow_gen_insert (gen, tests->pdata[i], at);
  for (guint i = 0; i < stock->aliquots->len; i++)
    marrow_gen_insert (gen, stock->aliquots->pdata[i], at);
}

/* Expanded BM-MSC from part of the aspirate, frozen in four vials for
 * boosters; the expansion takes three to four weeks */
static gboolean
bank_cells (MarrowGenPatient  *patient,
            MarrowRecord      *harvest,
            const char        *base,
            double             input_ml,
            guint              flags,
            gint64             start,
            GError           **error)
{
  MarrowGen *gen = patient->gen;
  gboolean rejected = (flags & MARROW_GEN_FLAG_REJECTED_BANK) != 0;
  g_autoptr(MarrowRecord) input = marrow_gen_record (gen, &marrow_entity_processing_input);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *run_code = derive (base, 'P', 2);
  g_autofree char *lot_code = derive (base, 'L', 2);
  MarrowGenStock *stock = marrow_gen_stock_new ();
  gint64 end = start + marrow_gen_rng_int (RNG, 21, 28) * MARROW_GEN_DAY +
               marrow_gen_minutes (RNG, 0, 120);
  gint64 frozen = end + marrow_gen_minutes (RNG, 60, 180);
  gint64 cells = (gint64)marrow_gen_round (marrow_gen_rng_uniform (RNG, 1.2e8, 2.0e8), -5);
  double viability = marrow_gen_round (marrow_gen_rng_uniform (RNG, 90, 97), 1);
  gint64 read = frozen + 14 * MARROW_GEN_DAY + marrow_gen_minutes (RNG, 60, 240);
  MarrowRecord *test;

  patient->bank = stock;
  stock->run = run_new (patient, run_code, "culture_expansion", "Demo Cell Expansion Incubator",
                        "DCX-5", start, end, input_ml, 6.0);
  set_counts (stock->run,
              (gint64)marrow_gen_round (input_ml * marrow_gen_rng_uniform (RNG, 18e6, 35e6), -5),
              cells, 6.0, viability, "trypan_blue");
  marrow_gen_set_instant (stock->run, "qa_reviewed_at", end + MARROW_GEN_DAY);
  marrow_gen_set_ref (input, "processing_run_id", stock->run);
  marrow_gen_set_ref (input, "harvest_id", harvest);

  stock->lot = lot_new (patient, stock->run, lot_code, "bm_msc_expanded", cells, viability, 6.0);
  marrow_record_set_text (stock->lot, "storage", "cryopreserved");
  marrow_record_set_real (stock->lot, "storage_temp_c", -185.0);
  marrow_record_set_real (stock->lot, "dmso_pct", 5.0);
  marrow_gen_set_instant (stock->lot, "frozen_at", frozen);
  stock->expires = frozen + 1095 * MARROW_GEN_DAY;
  marrow_gen_set_instant (stock->lot, "expires_at", stock->expires);
  marrow_record_set_text (stock->lot, "regulatory_pathway", "ind_351");
  marrow_record_set_text (stock->lot, "ind_number", IND_NUMBER);
  add_aliquots (patient, stock, 4, "vial", 1.5, "LN2 freezer 1, rack B");

  g_ptr_array_add (tests, qc_test (gen, stock->run, stock->lot, &aerobic_test, frozen, read, 14));
  set_result (tests->pdata[tests->len - 1], 0, "No growth at 14 days");
  g_ptr_array_add (tests, qc_test (gen, stock->run, stock->lot, &anaerobic_test, frozen, read, 14));
  set_result (tests->pdata[tests->len - 1], 0, "No growth at 14 days");
  test = qc_test (gen, stock->run, stock->lot, &fungal_test, frozen, read, 14);
  g_ptr_array_add (tests, test);
  if (rejected && g_strcmp0 (marrow_record_get_text (test, "state"), "final") == 0)
    {
      /* Read on day 9, when the yeast grew */
      marrow_gen_set_instant (test, "read_at", frozen + 9 * MARROW_GEN_DAY);
      marrow_record_set_int (test, "read_day", 9);
      marrow_record_set_text (test, "pass_fail", "fail");
      set_result (test, 0, "Growth of yeast on day 9");
      read = frozen + 9 * MARROW_GEN_DAY;
    }
  else
    set_result (test, 0, "No growth at 14 days");
  test = qc_test (gen, stock->run, stock->lot, &endotoxin_test, frozen,
                  frozen + marrow_gen_minutes (RNG, 60, 120), 0);
  marrow_record_set_real (test, "spec_max", 0.5);
  set_result (test, marrow_gen_round (marrow_gen_rng_uniform (RNG, 0.05, 0.4), 2), NULL);
  g_ptr_array_add (tests, test);
  test = qc_test (gen, stock->run, stock->lot, &viability_test, frozen,
                  frozen + marrow_gen_minutes (RNG, 30, 60), 0);
  marrow_record_set_real (test, "spec_min", 70);
  set_result (test, viability, NULL);
  g_ptr_array_add (tests, test);

  marrow_gen_insert (gen, stock->run, start);
  marrow_gen_insert (gen, input, 0);
  insert_stock (gen, stock, tests, start);

  /* Still in quarantine at the end of the history */
  if (read + MARROW_GEN_DAY > gen->now)
    return TRUE;

  if (rejected)
    return marrow_gen_reject_lot (gen, stock,
                                  "Fungal culture positive (yeast) on day 9; the lot is "
                                  "rejected and "
                                  "its vials destroyed", read + 2 * 3600, error);

  return marrow_gen_release_lot (gen, stock, MARROW_RELEASE_ALL_TESTS_PASS, NULL,
                                 read + MARROW_GEN_DAY, error);
}

/* ------------------------------------------------------------------------ */
/* Fresh products                                                           */

/**
 * marrow_gen_fresh_lot:
 * @n_aliquots: one syringe per joint treated
 * @flags: the case's MarrowGenFlags (harvest-site events, a rejected bank)
 *
 * A harvest on @day, processed at once into a fresh lot that is released on
 * its Gram stain.  A BMAC_BANK patient's first harvest also feeds a
 * culture-expanded lot frozen in vials for later boosters (patient->bank).
 *
 * Returns: (transfer full): the released lot and its syringes
 */
MarrowGenStock *
marrow_gen_fresh_lot (MarrowGenPatient  *patient,
                      MarrowGenProduct   product,
                      guint              n_aliquots,
                      guint              flags,
                      gint64             day,
                      GError           **error)
{
  MarrowGen *gen = patient->gen;
  gboolean bank = product == MARROW_GEN_BMAC_BANK && patient->bank == NULL;
  gboolean marrow = product == MARROW_GEN_BMAC || product == MARROW_GEN_BMAC_BANK;
  gint64 start = day * MARROW_GEN_DAY + marrow_gen_minutes (RNG, 14 * 60, 15 * 60 + 30);
  double bank_ml = bank ? marrow_gen_round (marrow_gen_rng_uniform (RNG, 10, 15), 0) : 0;
  double volume_ml;
  g_autofree char *base = NULL;
  g_autofree char *run_code = NULL;
  g_autofree char *lot_code = NULL;
  g_autoptr(MarrowRecord) harvest = NULL;
  g_autoptr(MarrowRecord) input = marrow_gen_record (gen, &marrow_entity_processing_input);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MarrowGenStock) stock = marrow_gen_stock_new ();
  PendingCulture cultures[2];
  MarrowRecord *test;
  gint64 run_start, run_end, released;
  double output_ml, viability = 0;
  gint64 total = 0;
  const char *category;

  switch (product)
    {
    case MARROW_GEN_BMAC:
    case MARROW_GEN_BMAC_BANK:
      volume_ml = marrow_gen_round (marrow_gen_rng_uniform (RNG, 45, 90), 0) + bank_ml;
      break;
    case MARROW_GEN_SVF:
      volume_ml = marrow_gen_round (marrow_gen_rng_uniform (RNG, 100, 250), 0);
      break;
    case MARROW_GEN_MFAT:
    case MARROW_GEN_ALLOGENEIC:
    default:
      volume_ml = marrow_gen_round (marrow_gen_rng_uniform (RNG, 50, 120), 0);
      break;
    }

  harvest = harvest_new (patient, product, start, volume_ml, &base);
  run_code = derive (base, 'P', 1);
  lot_code = derive (base, 'L', 1);
  run_start = start + marrow_gen_minutes (RNG, 45, 60);

  if (marrow)
    {
      double input_ml = volume_ml - bank_ml;
      gint64 pre = (gint64)marrow_gen_round (input_ml * marrow_gen_rng_uniform (RNG, 18e6, 40e6),
                                             -5);

      output_ml = marrow_gen_round (marrow_gen_rng_uniform (RNG, 6, 10), 1);
      run_end = run_start + marrow_gen_minutes (RNG, 25, 35);
      total = (gint64)marrow_gen_round ((double)pre * marrow_gen_rng_uniform (RNG, 0.45, 0.7), -5);
      viability = marrow_gen_round (marrow_gen_rng_uniform (RNG, 86, 98), 1);
      stock->run = run_new (patient, run_code, "density_gradient", "Demo Marrow Concentrator",
                            "DMC-60", run_start, run_end, input_ml, output_ml);
      set_counts (stock->run, pre, total, output_ml, viability, "7aad");
      marrow_record_set_real (stock->run, "cfu_f_per_ml",
                              marrow_gen_round (marrow_gen_rng_uniform (RNG, 3000, 40000), -2));
      category = "bmac";
    }
  else if (product == MARROW_GEN_SVF)
    {
      output_ml = marrow_gen_round (marrow_gen_rng_uniform (RNG, 4, 6), 1);
      run_end = run_start + marrow_gen_minutes (RNG, 70, 100);
      total = (gint64)marrow_gen_round (volume_ml * marrow_gen_rng_uniform (RNG, 2e5, 6e5), -4);
      viability = marrow_gen_round (marrow_gen_rng_uniform (RNG, 75, 90), 1);
      stock->run = run_new (patient, run_code, "enzymatic_digestion", "Demo SVF Isolation System",
                            "DSV-2", run_start, run_end, volume_ml, output_ml);
      set_counts (stock->run, 0, total, output_ml, viability, "ao_pi");
      category = "svf";
    }
  else
    {
      /* Micro-fragmented fat is not counted */
      output_ml = marrow_gen_round (marrow_gen_rng_uniform (RNG, 8, 12), 1);
      run_end = run_start + marrow_gen_minutes (RNG, 20, 30);
      stock->run = run_new (patient, run_code, "micro_fragmentation", "Demo Microfragmentation Kit",
                            "DMF-10", run_start, run_end, volume_ml, output_ml);
      category = "mfat";
    }

  marrow_gen_set_instant (stock->run, "qa_reviewed_at", run_end + marrow_gen_minutes (RNG, 4, 8));
  marrow_gen_set_ref (input, "processing_run_id", stock->run);
  marrow_gen_set_ref (input, "harvest_id", harvest);

  stock->lot = lot_new (patient, stock->run, lot_code, category, total, viability, output_ml);
  marrow_record_set_text (stock->lot, "storage", "fresh");
  marrow_record_set_real (stock->lot, "storage_temp_c",
                          marrow_gen_round (marrow_gen_rng_uniform (RNG, 20, 24), 1));
  stock->expires = run_end + 6 * 3600;
  marrow_gen_set_instant (stock->lot, "expires_at", stock->expires);
  if (product == MARROW_GEN_SVF)
    {
      marrow_record_set_text (stock->lot, "regulatory_pathway", "ind_351");
      marrow_record_set_text (stock->lot, "ind_number", IND_NUMBER);
    }
  else
    marrow_record_set_text (stock->lot, "regulatory_pathway", "361_hctp");
  add_aliquots (patient, stock, n_aliquots, "syringe",
                (double)(gint64)(output_ml * 10 / n_aliquots) / 10.0, "Procedure room 1");

  /* QC: a Gram stain read before release, counts, and cultures read later */
  released = run_end + marrow_gen_minutes (RNG, 15, 20);
  test = qc_test (gen, stock->run, stock->lot, &gram_test, run_end,
                  run_end + marrow_gen_minutes (RNG, 8, 12), 0);
  set_result (test, 0, "No organisms seen");
  g_ptr_array_add (tests, test);
  if (total > 0)
    {
      test = qc_test (gen, stock->run, stock->lot, &count_test, run_end,
                      run_end + marrow_gen_minutes (RNG, 5, 10), 0);
      marrow_record_set_real (test, "spec_min", marrow ? 1e8 : 1e7);
      set_result (test, (double)total, NULL);
      g_ptr_array_add (tests, test);
      test = qc_test (gen, stock->run, stock->lot, &viability_test, run_end,
                      run_end + marrow_gen_minutes (RNG, 5, 12), 0);
      marrow_record_set_real (test, "spec_min", 70);
      set_result (test, viability, NULL);
      g_ptr_array_add (tests, test);
    }
  for (guint i = 0; i < 2; i++)
    {
      gint64 read = run_end + 14 * MARROW_GEN_DAY + marrow_gen_minutes (RNG, 60, 240);

      test = qc_test (gen, stock->run, stock->lot, i == 0 ? &aerobic_test : &anaerobic_test,
                      run_end, gen->demo ? G_MAXINT64 : read, 14);
      set_result (test, 0, "No growth at 14 days");
      g_ptr_array_add (tests, test);
      cultures[i] = (PendingCulture) { test, gen->demo ? read : G_MAXINT64 };
    }

  marrow_gen_insert (gen, harvest, start);
  marrow_gen_insert (gen, stock->run, start);
  marrow_gen_insert (gen, input, 0);
  insert_stock (gen, stock, tests, start);

  if (flags & MARROW_GEN_FLAG_HARVEST_PAIN)
    marrow_gen_adverse_event (patient, NULL, NULL, harvest, "harvest_site_pain", day, 1, "definite",
                              (int)marrow_gen_rng_int (RNG, 4, 10),
                              "Aching at the harvest site for about a week",
                              "Paracetamol; no further action");
  if (flags & MARROW_GEN_FLAG_HARVEST_HAEMATOMA)
    marrow_gen_adverse_event (patient, NULL, NULL, harvest, "harvest_site_haematoma",
                              day + 1, 1, "definite", (int)marrow_gen_rng_int (RNG, 7, 14),
                              "Bruise of about 5 cm over the harvest site",
                              "Reassurance and a pressure dressing");

  if (bank && !bank_cells (patient, harvest, base, bank_ml, flags,
                           run_start + marrow_gen_minutes (RNG, 10, 30), error))
    return NULL;

  if (!marrow_gen_release_lot (gen, stock, MARROW_RELEASE_CONDITIONAL,
                               "Released on a negative Gram stain; aerobic and anaerobic cultures "
                               "pending (14 days)", released, error))
    return NULL;

  complete_cultures (patient, cultures, 2);
  return g_steal_pointer (&stock);
}

/* ------------------------------------------------------------------------ */
/* The supplier's allogeneic lots                                           */

static MarrowGenStock *
receive_allogeneic (MarrowGen  *gen,
                    gint64      day,
                    GError    **error)
{
  MarrowGenRng *rng = &gen->rng;
  g_autoptr(MarrowGenStock) stock = marrow_gen_stock_new ();
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 received_day = marrow_gen_workday (day - marrow_gen_rng_int (rng, 7, 45));
  gint64 received = received_day * MARROW_GEN_DAY + marrow_gen_minutes (rng, 15 * 60, 17 * 60);
  gint64 frozen = received - marrow_gen_rng_int (rng, 30, 120) * MARROW_GEN_DAY;
  g_autofree char *base = marrow_gen_next_base (gen, received_day);
  g_autofree char *code = derive (base, 'L', 1);
  g_autofree char *supplier_lot = NULL;
  gint64 total = G_GINT64_CONSTANT (400000000);
  double viability = marrow_gen_round (marrow_gen_rng_uniform (rng, 90, 95), 1);
  MarrowRecord *lot;
  MarrowRecord *test;
  int year, month, mday;

  marrow_gen_civil (received_day, &year, &month, &mday);
  supplier_lot = g_strdup_printf ("FCS%02d-%04u", year % 100, ++gen->n_allogeneic);

  lot = stock->lot = marrow_gen_record (gen, &marrow_entity_product_lot);
  marrow_record_set_text (lot, "coi_id", code);
  marrow_record_set_text (lot, "category", "uc_wj_msc_allogeneic");
  marrow_record_set_text (lot, "origin", "allogeneic_unrelated");
  marrow_record_set_text (lot, "supplier_name", SUPPLIER);
  marrow_record_set_text (lot, "supplier_product_code", "FCS-UCMSC-40");
  marrow_record_set_text (lot, "supplier_lot_no", supplier_lot);
  marrow_gen_set_instant (lot, "received_at", received);
  marrow_record_set_text (lot, "received_by", marrow_gen_staff (gen, MARROW_GEN_STAFF_LAB));
  marrow_record_set_int (lot, "total_cells", total);
  marrow_record_set_int (lot, "viable_cells",
                         (gint64)marrow_gen_round ((double)total * viability / 100, 0));
  marrow_record_set_real (lot, "volume_ml", 20.0);
  marrow_record_set_real (lot, "conc_per_ml", (double)total / 20.0);
  marrow_record_set_text (lot, "storage", "cryopreserved");
  marrow_record_set_real (lot, "storage_temp_c", -190.0);
  marrow_record_set_real (lot, "dmso_pct", 5.0);
  marrow_gen_set_instant (lot, "frozen_at", frozen);
  stock->expires = frozen + 730 * MARROW_GEN_DAY;
  marrow_gen_set_instant (lot, "expires_at", stock->expires);
  marrow_record_set_text (lot, "release_status", MARROW_LOT_QUARANTINE);
  marrow_record_set_text (lot, "regulatory_pathway", "ind_351");
  marrow_record_set_text (lot, "ind_number", IND_NUMBER);

  for (guint i = 0; i < 10; i++)
    {
      MarrowRecord *aliquot = marrow_gen_record (gen, &marrow_entity_product_aliquot);
      g_autofree char *label = marrow_coi_derive_aliquot (code, i + 1, NULL);

      marrow_gen_set_ref (aliquot, "lot_id", lot);
      marrow_record_set_int (aliquot, "aliquot_no", i + 1);
      marrow_record_set_text (aliquot, "label", label);
      marrow_record_set_text (aliquot, "container", "vial");
      marrow_record_set_real (aliquot, "volume_ml", 2.0);
      marrow_record_set_text (aliquot, "status", MARROW_ALIQUOT_QUARANTINE);
      marrow_record_set_text (aliquot, "storage_location", "LN2 dewar 2, rack A");
      g_ptr_array_add (stock->aliquots, aliquot);
    }

  /* The supplier's certificate of analysis, and a viability on receipt */
  {
    static const TestKind certificate[] = {
      { "sterility_aerobic", "Supplier certificate of analysis (USP <71>)", "text",
        "No growth at 14 days" },
      { "endotoxin", "Supplier certificate of analysis (USP <85>)", "EU/mL", "≤ 0.5 EU/mL" },
    };
    static const TestKind receipt = { "viability", "Trypan blue exclusion on a retention vial",
                                      "%", "≥ 70 %" };

    test = qc_test (gen, NULL, lot, &certificate[0], received, received + 3600, 14);
    set_result (test, 0, "No growth at 14 days");
    g_ptr_array_add (tests, test);
    test = qc_test (gen, NULL, lot, &certificate[1], received, received + 3600, 0);
    marrow_record_set_real (test, "spec_max", 0.5);
    set_result (test, marrow_gen_round (marrow_gen_rng_uniform (rng, 0.1, 0.3), 2), NULL);
    g_ptr_array_add (tests, test);
    test = qc_test (gen, NULL, lot, &receipt, received, received + 2 * 3600, 0);
    marrow_record_set_real (test, "spec_min", 70);
    set_result (test, marrow_gen_round (marrow_gen_rng_uniform (rng, 86, 94), 1), NULL);
    g_ptr_array_add (tests, test);
  }

  insert_stock (gen, stock, tests, received);
  if (!marrow_gen_release_lot (gen, stock, MARROW_RELEASE_ALL_TESTS_PASS, NULL,
                               received + MARROW_GEN_DAY, error))
    return NULL;

  return g_steal_pointer (&stock);
}

/**
 * marrow_gen_allogeneic_stock:
 *
 * Returns: (transfer none): a released allogeneic lot with a vial left
 *   that may be given on @day; a new lot is received when none is in stock
 */
MarrowGenStock *
marrow_gen_allogeneic_stock (MarrowGen  *gen,
                             gint64      day,
                             GError    **error)
{
  gint64 clinic_opens = day * MARROW_GEN_DAY + 14 * 3600;
  MarrowGenStock *stock;

  for (guint i = 0; i < gen->allogeneic->len; i++)
    {
      stock = gen->allogeneic->pdata[i];
      if (stock->usable && stock->next < stock->aliquots->len &&
          stock->released <= clinic_opens && stock->expires > (day + 1) * MARROW_GEN_DAY)
        return stock;
    }

  if (!(stock = receive_allogeneic (gen, day, error)))
    return NULL;
  g_ptr_array_add (gen->allogeneic, stock);
  return stock;
}
