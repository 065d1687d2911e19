/* marrow-injection-check.h: the checks and computations when an injection is finalised
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Domain model 4.9, "Computations" and "Checks when an injection is
 * finalised"; the chain-of-identity rules are in docs/chain-of-identity.md.
 */
#pragma once

#include <glib.h>

#include "marrow-record.h"

G_BEGIN_DECLS

/* Minimum interval between two cell injections into one case, in days
 * (guidance_config absolute_min_interval_days and booster_min_interval_days) */
#define MARROW_INJECTION_BLOCK_INTERVAL_DAYS   28
#define MARROW_INJECTION_EARLY_REPEAT_DAYS     180
/* A weight older than this (days before the injection date) is flagged */
#define MARROW_INJECTION_WEIGHT_MAX_AGE_DAYS   30

/* Stable warning codes (MarrowWarning.code, referenced by limit_ack rows).
 * The volume code ends in the site key: knee, hip, shoulder, ankle, tendon;
 * the image-guidance code in hip, ligament_acl or subchondral. */
#define MARROW_INJECTION_WARN_EARLY_REPEAT          "injection.interval_days.early_repeat"
#define MARROW_INJECTION_WARN_VOLUME_PREFIX         "injection.volume_ml.max."
#define MARROW_INJECTION_WARN_MSC_DOSE_MAX          "injection.viable_cells.max.expanded_msc_ia"
#define MARROW_INJECTION_WARN_MSC_DOSE_MIN          "injection.viable_cells.min.expanded_msc_ia"
#define MARROW_INJECTION_WARN_PER_KG_MAX            "injection.viable_cells_per_kg.max.intravenous"
#define MARROW_INJECTION_WARN_VIABILITY_MIN         "injection.post_thaw_viability_pct.min"
#define MARROW_INJECTION_WARN_VIABILITY_MISSING     "injection.post_thaw_viability_pct.missing"
#define MARROW_INJECTION_WARN_GUIDANCE_PREFIX       "injection.image_guidance.none."
#define MARROW_INJECTION_WARN_WEIGHT_AGE            "injection.weight_age_days.max"

/**
 * MarrowInjectionProductSnapshot:
 * @injection_product: the injection_product row (volume given from one aliquot)
 * @aliquot: the product_aliquot it names
 * @lot: the product_lot of that aliquot
 *
 * One product given in the injection, with the records it points at.
 */
typedef struct
{
  MarrowRecord *injection_product;
  MarrowRecord *aliquot;
  MarrowRecord *lot;
} MarrowInjectionProductSnapshot;

/**
 * MarrowInjectionSnapshot:
 * @injection: the injection to finalise; its computed fields are filled in
 * @joint_case: the injection's joint_case
 * @patient_id: the id of the case's patient
 * @products: (array length=n_products): the products given
 * @n_products: the number of @products
 * @weights: (array length=n_weights): the patient's patient_weight records
 *   (any order; those entered in error are ignored)
 * @n_weights: the number of @weights
 * @other_performed_at: (array length=n_other): performed_at of the case's
 *   other cell injections that are not entered in error (not this one)
 * @n_other: the number of @other_performed_at
 * @now: (nullable): the current time, %NULL for the clock
 *
 * Everything the checks read.  The store gathers it inside the finalising
 * transaction; the core only decides.  All records are borrowed.
 */
typedef struct
{
  MarrowRecord                         *injection;
  MarrowRecord                         *joint_case;
  const char                           *patient_id;
  const MarrowInjectionProductSnapshot *products;
  guint                                 n_products;
  MarrowRecord * const                 *weights;
  guint                                 n_weights;
  const char * const                   *other_performed_at;
  guint                                 n_other;
  GDateTime                            *now;
} MarrowInjectionSnapshot;

/**
 * MarrowInjectionDose:
 * @product_volume_ml: the volume of cell product given (sum over the products)
 * @has_tnc: whether @tnc_injected_cells is known
 * @tnc_injected_cells: total (nucleated) cells given
 * @has_viable: whether @viable_injected_cells is known
 * @viable_injected_cells: viable cells given
 * @weight: (nullable): the weight used for @viable_cells_per_kg, borrowed
 *   from the snapshot
 * @weight_age_days: days from the weight's date to the injection date
 * @has_per_kg: whether @viable_cells_per_kg is known
 * @viable_cells_per_kg: viable cells per kg body weight
 *
 * The dose arithmetic of domain model 4.9, "Computations".
 */
typedef struct
{
  double        product_volume_ml;
  gboolean      has_tnc;
  gint64        tnc_injected_cells;
  gboolean      has_viable;
  gint64        viable_injected_cells;
  MarrowRecord *weight;
  gint64        weight_age_days;
  gboolean      has_per_kg;
  double        viable_cells_per_kg;
} MarrowInjectionDose;

gboolean      marrow_injection_check_finalise (const MarrowInjectionSnapshot *snapshot,
                                               GPtrArray                     *warnings,
                                               GError                       **error);
void          marrow_injection_preview_dose   (const MarrowInjectionSnapshot *snapshot,
                                               MarrowInjectionDose           *dose);
MarrowRecord *marrow_injection_select_weight  (MarrowRecord * const          *weights,
                                               guint                          n_weights,
                                               const char                    *patient_id,
                                               const char                    *injection_date);
char         *marrow_injection_local_date     (const char                    *performed_at,
                                               const char                    *tz);

G_END_DECLS
