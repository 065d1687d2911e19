/* marrow-injection-check.c: the checks and computations when an injection is finalised
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure function over a snapshot of records (MarrowInjectionSnapshot): it
 * either fails with the first hard failure, changing nothing, or fills the
 * computed fields of the injection and appends the soft warnings.  The
 * order of the hard checks is deliberate: identity first (chain-of-identity
 * IDs, the links between the records, the origin check), because those can
 * never be overridden and must not hide behind a failure that can (expiry,
 * interval).
 *
 * The single-record rules of the injection (scan_reason for a manual entry,
 * thawed_at not after performed_at, the remainder of a partly given unit)
 * are in marrow-rules-injection.c and run with marrow_record_validate(); the
 * finalising code runs both.
 *
 * Not covered here because the snapshot lacks the records: endotoxin per kg
 * (needs the lot's qc_test rows), a corticosteroid injection within six
 * weeks (needs prior_treatment) and the SOP time limits (no shipped default,
 * so no check, domain model 4.9).
 */
#define G_LOG_DOMAIN "marrow-injection-check"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-error.h"
#include "marrow-injection-check.h"
#include "marrow-lot-state.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/* Shipped defaults of the configurable soft limits (domain model 4.9 ⚙) */
#define MSC_IA_VIABLE_MAX    150e6
#define MSC_IA_VIABLE_MIN    10e6
#define IV_PER_KG_MAX        5e6
#define POST_THAW_VIABILITY_MIN 70.0

static const struct
{
  const char *site;       /* joint_case.site, or a prefix ending in '_' */
  const char *route;      /* NULL = any route */
  const char *key;        /* the end of the warning code */
  double      max_ml;
} volume_limits[] = {
  { "knee", "intra_articular", "knee", 15 },
  { "hip", NULL, "hip", 8 },
  { "shoulder_gh", NULL, "shoulder", 12 },
  { "ankle", NULL, "ankle", 5 },
  { "tendon_", NULL, "tendon", 5 },
};

static const char * const expanded_msc_categories[] = {
  "bm_msc_expanded", "ad_msc_expanded", "uc_wj_msc_allogeneic",
};

typedef struct
{
  MarrowInjectionDose dose;
  gboolean            has_msc;       /* an expanded-MSC product was given */
  gboolean            msc_known;     /* ... and its viable cells are known */
  double              msc_viable;    /* viable cells of the expanded-MSC products */
} DoseWork;

static gboolean
is_expanded_msc (MarrowRecord *lot)
{
  const char *category = marrow_record_get_text (lot, "category");

  for (guint i = 0; i < G_N_ELEMENTS (expanded_msc_categories); i++)
    if (g_strcmp0 (category, expanded_msc_categories[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
text_is (MarrowRecord *record,
         const char   *field,
         const char   *value)
{
  return g_strcmp0 (marrow_record_get_text (record, field), value) == 0;
}

static double
real_or (MarrowRecord *record,
         const char   *field,
         double        fallback)
{
  return marrow_record_is_null (record, field) ? fallback : marrow_record_get_real (record, field);
}

/**
 * marrow_injection_local_date:
 * @performed_at: a UTC instant
 * @tz: (nullable): the IANA zone of the workstation, e.g. "Europe/Berlin";
 *   %NULL or an unknown zone means UTC
 *
 * The calendar day on which staff saw the injection happen.  Weight dates
 * and the day intervals between injections are counted in this calendar.
 *
 * Returns: (transfer full) (nullable): the local date YYYY-MM-DD, or %NULL
 *   if @performed_at is not a valid instant
 */
char *
marrow_injection_local_date (const char *performed_at,
                             const char *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  utc = marrow_instant_parse (performed_at);
  if (utc == NULL)
    return NULL;

  if (tz != NULL && *tz != '\0')
    zone = marrow_time_zone_new (tz);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  local = g_date_time_to_timezone (utc, zone);
  return marrow_date_format (local);
}

/**
 * marrow_injection_select_weight:
 * @weights: (array length=n_weights): patient_weight records
 * @n_weights: the number of @weights
 * @patient_id: the patient
 * @injection_date: the local date of the injection, YYYY-MM-DD
 *
 * The weight used for a dose (domain model 4.2): the latest weight of
 * @patient_id, not entered in error, measured on or before
 * @injection_date.  A weight measured after the injection is never used,
 * even if it is the only one.  Of two weights on the same day the one
 * entered later (created_at) wins.
 *
 * Returns: (transfer none) (nullable): the weight, or %NULL if there is none
 */
MarrowRecord *
marrow_injection_select_weight (MarrowRecord * const *weights,
                                guint                 n_weights,
                                const char           *patient_id,
                                const char           *injection_date)
{
  MarrowRecord *best = NULL;

  g_return_val_if_fail (n_weights == 0 || weights != NULL, NULL);

  if (patient_id == NULL || !marrow_date_is_valid (injection_date))
    return NULL;

  for (guint i = 0; i < n_weights; i++)
    {
      MarrowRecord *w = weights[i];
      const char *on;
      int cmp;

      g_return_val_if_fail (MARROW_IS_RECORD (w), NULL);

      if (marrow_record_is_voided (w) ||
          g_strcmp0 (marrow_record_get_record_status (w), MARROW_STATUS_DRAFT) == 0 ||
          !text_is (w, "patient_id", patient_id) ||
          marrow_record_is_null (w, "weight_kg") ||
          !(marrow_record_get_real (w, "weight_kg") > 0))
        continue;

      on = marrow_record_get_text (w, "measured_on");
      if (!marrow_date_is_valid (on) || strcmp (on, injection_date) > 0)
        continue;

      if (best == NULL)
        {
          best = w;
          continue;
        }

      cmp = strcmp (on, marrow_record_get_text (best, "measured_on"));
      if (cmp > 0 ||
          (cmp == 0 && g_strcmp0 (marrow_record_get_created_at (w),
                                  marrow_record_get_created_at (best)) >= 0))
        best = w;
    }

  return best;
}

/* The one code path of the dose arithmetic (domain model 4.9):
 *
 *   concentration        = total_cells / volume_ml of the lot
 *   viable concentration = concentration × post_thaw_viability_pct / 100 when
 *                          the injection records a post-thaw viability,
 *                          else viable_cells / volume_ml
 *   tnc_injected_cells   = round (Σ concentration × volume given)
 *   viable_injected_cells = round (Σ viable concentration × volume given)
 *   viable_cells_per_kg  = viable_injected_cells / weight_kg
 *
 * Products whose volume is not (yet) a positive number are skipped, which
 * is what the live preview needs while a volume is being typed; the
 * finalising check rejects them before it gets here. */
static void
compute_dose (const MarrowInjectionSnapshot *snapshot,
              const char                    *injection_date,
              DoseWork                      *work)
{
  MarrowRecord *injection = snapshot->injection;
  gboolean has_post_thaw = !marrow_record_is_null (injection, "post_thaw_viability_pct");
  double post_thaw = real_or (injection, "post_thaw_viability_pct", 0);
  double tnc = 0, viable = 0;
  gboolean tnc_known = TRUE, viable_known = TRUE;

  memset (work, 0, sizeof *work);
  work->msc_known = TRUE;

  for (guint i = 0; i < snapshot->n_products; i++)
    {
      const MarrowInjectionProductSnapshot *p = &snapshot->products[i];
      double volume, lot_volume, conc = 0, viable_conc = 0;
      gboolean conc_known, viable_conc_known;

      if (p->injection_product == NULL || p->lot == NULL ||
          marrow_record_is_voided (p->injection_product) ||
          marrow_record_is_null (p->injection_product, "volume_injected_ml"))
        continue;

      volume = marrow_record_get_real (p->injection_product, "volume_injected_ml");
      if (!(volume > 0))
        continue;

      work->dose.product_volume_ml += volume;

      lot_volume = real_or (p->lot, "volume_ml", 0);
      conc_known = lot_volume > 0 && !marrow_record_is_null (p->lot, "total_cells");
      if (conc_known)
        {
          conc = (double)marrow_record_get_int (p->lot, "total_cells") / lot_volume;
          tnc += conc * volume;
        }
      else
        tnc_known = FALSE;

      if (has_post_thaw)
        {
          viable_conc_known = conc_known;
          viable_conc = conc * post_thaw / 100.0;
        }
      else
        {
          viable_conc_known = lot_volume > 0 && !marrow_record_is_null (p->lot, "viable_cells");
          if (viable_conc_known)
            viable_conc = (double)marrow_record_get_int (p->lot, "viable_cells") / lot_volume;
        }

      if (viable_conc_known)
        viable += viable_conc * volume;
      else
        viable_known = FALSE;

      if (is_expanded_msc (p->lot))
        {
          work->has_msc = TRUE;
          if (viable_conc_known)
            work->msc_viable += viable_conc * volume;
          else
            work->msc_known = FALSE;
        }
    }

  work->dose.has_tnc = tnc_known;
  work->dose.tnc_injected_cells = tnc_known ? (gint64)llround (tnc) : 0;
  work->dose.has_viable = viable_known;
  work->dose.viable_injected_cells = viable_known ? (gint64)llround (viable) : 0;

  work->dose.weight = marrow_injection_select_weight (snapshot->weights, snapshot->n_weights,
                                                      snapshot->patient_id, injection_date);
  if (work->dose.weight != NULL)
    {
      work->dose.weight_age_days =
        marrow_days_between (marrow_record_get_text (work->dose.weight, "measured_on"),
                             injection_date);
      if (viable_known)
        {
          work->dose.has_per_kg = TRUE;
          work->dose.viable_cells_per_kg = (double)work->dose.viable_injected_cells /
                                           marrow_record_get_real (work->dose.weight, "weight_kg");
        }
    }
}

/* The injection date: the local date of performed_at, or of now when
 * performed_at is not set yet (preview only). */
static char *
injection_date_of (const MarrowInjectionSnapshot *snapshot)
{
  const char *tz = marrow_record_get_text (snapshot->injection, "tz");
  char *date = marrow_injection_local_date (marrow_record_get_text (snapshot->injection,
                                                                    "performed_at"), tz);

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = snapshot->now ? g_date_time_ref (snapshot->now)
                                               : g_date_time_new_now_utc ();
      g_autofree char *instant = marrow_instant_format (now);

      date = marrow_injection_local_date (instant, tz);
    }

  return date;
}

/**
 * marrow_injection_preview_dose:
 * @snapshot: the injection being edited and its products and weights
 * @dose: (out caller-allocates): the dose so far
 *
 * The dose for a form that shows cells and cells/kg while the volume is
 * typed.  It is the same arithmetic as marrow_injection_check_finalise()
 * (one code path), but it never fails: products without a volume yet are
 * skipped and unknown values are reported through the has_ fields.  Without
 * a performed_at the weight is chosen for today's date.
 */
void
marrow_injection_preview_dose (const MarrowInjectionSnapshot *snapshot,
                               MarrowInjectionDose           *dose)
{
  g_autofree char *date = NULL;
  DoseWork work;

  g_return_if_fail (dose != NULL);
  memset (dose, 0, sizeof *dose);
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (MARROW_IS_RECORD (snapshot->injection));
  g_return_if_fail (snapshot->n_products == 0 || snapshot->products != NULL);
  g_return_if_fail (snapshot->n_weights == 0 || snapshot->weights != NULL);

  date = injection_date_of (snapshot);
  compute_dose (snapshot, date, &work);
  *dose = work.dose;
}

static char *
format_millions (double cells)
{
  /* Cell counts are shown ×10⁶ (domain model 2.2) */
  return g_strdup_printf ("%.2f × 10⁶", cells / 1e6);
}

/* --- hard checks --------------------------------------------------------- */

/* The injection, its case and the patient belong together */
static gboolean
check_case_links (const MarrowInjectionSnapshot *s,
                  GError                       **error)
{
  MarrowRecord *c = s->joint_case;

  if (!text_is (s->injection, "joint_case_id", marrow_record_get_id (c)))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "joint_case_id",
                                   _("The injection does not belong to the joint case it is "
                                     "checked against"));
      return FALSE;
    }

  if (!text_is (c, "patient_id", s->patient_id))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "joint_case_id",
                                   _("The joint case does not belong to the patient it is "
                                     "checked against"));
      return FALSE;
    }

  return TRUE;
}

/* 4.9 #1 */
static gboolean
check_case_active (const MarrowInjectionSnapshot *s,
                   GError                       **error)
{
  MarrowRecord *c = s->joint_case;

  if (marrow_record_is_voided (c) || !text_is (c, "status", "active"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE, "joint_case_id",
                                   /* Translators: %s is a case status code such as "closed" */
                                   _("No injection can be recorded on this joint case: its status "
                                     "is “%s”, not “active”"),
                                   marrow_record_is_voided (c) ? MARROW_STATUS_ENTERED_IN_ERROR
                                   : marrow_record_get_text (c, "status") ?: "");
      return FALSE;
    }

  if (marrow_text_is_blank (marrow_record_get_text (c, "primary_instrument")))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_CASE_NOT_ACTIVE, "joint_case_id",
                                   _("The joint case needs a primary instrument (outcome "
                                     "questionnaire) before its first injection"));
      return FALSE;
    }

  return TRUE;
}

/* Links, labels and chain-of-identity IDs of one product */
static gboolean
check_product_identity (const MarrowInjectionSnapshot        *s,
                        const MarrowInjectionProductSnapshot *p,
                        GError                              **error)
{
  MarrowCoiParts lot_parts, aliquot_parts;
  g_autofree char *expected_label = NULL;
  const char *lot_coi;
  const char *label;

  if (!text_is (p->injection_product, "injection_id", marrow_record_get_id (s->injection)) ||
      !text_is (p->injection_product, "aliquot_id", marrow_record_get_id (p->aliquot)) ||
      !text_is (p->aliquot, "lot_id", marrow_record_get_id (p->lot)))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "aliquot_id",
                                   _("The records of aliquot %s do not link up (injection, "
                                     "aliquot and lot); reload the injection"),
                                   marrow_record_get_text_or_id (p->aliquot, "label"));
      return FALSE;
    }

  lot_coi = marrow_record_get_text (p->lot, "coi_id");
  if (!marrow_coi_parse (lot_coi, "aliquot_id", &lot_parts, error))
    {
      g_prefix_error (error, _("Lot of aliquot %s: "), marrow_record_get_text_or_id (p->aliquot, "label"));
      return FALSE;
    }
  if (lot_parts.kind != MARROW_COI_KIND_LOT)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "aliquot_id",
                                   _("“%s” is not the ID of a product lot ({base}-L{n})"), lot_coi);
      return FALSE;
    }

  label = marrow_record_get_text (p->aliquot, "label");
  if (!marrow_coi_parse (label, "aliquot_id", &aliquot_parts, error))
    {
      g_prefix_error (error, _("Aliquot of lot %s: "), lot_coi);
      return FALSE;
    }

  expected_label = marrow_coi_derive_aliquot (lot_coi,
                                              (guint)CLAMP (marrow_record_get_int (p->aliquot, "aliquot_no"),
                                                            0, G_MAXUINT),
                                              NULL);
  if (aliquot_parts.kind != MARROW_COI_KIND_ALIQUOT || g_strcmp0 (label, expected_label) != 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "aliquot_id",
                                   _("The label “%s” does not match aliquot number %d of lot %s"),
                                   label, (int)CLAMP (marrow_record_get_int (p->aliquot, "aliquot_no"),
                                                      G_MININT, G_MAXINT),
                                   lot_coi);
      return FALSE;
    }

  return TRUE;
}

/* Origin check (4.9 #4): hard and never overridable */
static gboolean
check_origin (const MarrowInjectionSnapshot        *s,
              const MarrowInjectionProductSnapshot *p,
              GError                              **error)
{
  if (!text_is (p->lot, "origin", "autologous"))
    return TRUE;

  if (!text_is (p->lot, "source_patient_id", s->patient_id))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_WRONG_PATIENT, "aliquot_id",
                                   _("Aliquot %s of autologous lot %s was made from another "
                                     "patient's cells and must not be given to this patient"),
                                   marrow_record_get_text_or_id (p->aliquot, "label"), marrow_record_get_text_or_id (p->lot, "coi_id"));
      return FALSE;
    }

  return TRUE;
}

/* Release (4.9 #2) and expiry (4.9 #3) */
static gboolean
check_release (const MarrowInjectionSnapshot        *s,
               const MarrowInjectionProductSnapshot *p,
               const char                           *performed_at,
               GError                              **error)
{
  const char *lot_coi = marrow_record_get_text_or_id (p->lot, "coi_id");
  const char *release_status = marrow_record_get_text (p->lot, "release_status");
  const char *aliquot_status = marrow_record_get_text (p->aliquot, "status");
  const char *released_at = marrow_record_get_text (p->lot, "released_at");
  const char *expires_at = marrow_record_get_text (p->lot, "expires_at");

  if (marrow_record_is_voided (p->lot) || g_strcmp0 (release_status, MARROW_LOT_RELEASED) != 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_NOT_RELEASED, "aliquot_id",
                                   /* Translators: "Lot X is not released (release status “quarantine”)" */
                                   _("Lot %s is not released for use (release status “%s”)"),
                                   lot_coi,
                                   marrow_record_is_voided (p->lot) ? MARROW_STATUS_ENTERED_IN_ERROR
                                   : release_status ?: "");
      return FALSE;
    }

  if (marrow_record_is_voided (p->aliquot) ||
      (g_strcmp0 (aliquot_status, MARROW_ALIQUOT_RELEASED) != 0 &&
       g_strcmp0 (aliquot_status, MARROW_ALIQUOT_ISSUED) != 0))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_NOT_RELEASED, "aliquot_id",
                                   _("Aliquot %s of lot %s cannot be given: its status is “%s”; only "
                                     "released or issued aliquots can be administered"),
                                   marrow_record_get_text_or_id (p->aliquot, "label"), lot_coi,
                                   marrow_record_is_voided (p->aliquot) ? MARROW_STATUS_ENTERED_IN_ERROR
                                   : aliquot_status ?: "");
      return FALSE;
    }

  /* To the minute: an injection entered for the minute of the release is
   * after it (marrow_lot_is_released_by()) */
  if (!marrow_lot_is_released_by (p->lot, performed_at))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_NOT_RELEASED, "performed_at",
                                   _("Lot %s was released at %s, after the injection time %s"),
                                   lot_coi, released_at ? released_at : _("(no release time)"),
                                   performed_at);
      return FALSE;
    }

  if (marrow_lot_is_expired_at (p->lot, performed_at))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_EXPIRED, "aliquot_id",
                                   _("Lot %s expired at %s; the injection time %s is not before "
                                     "its expiry"),
                                   lot_coi, expires_at ? expires_at : _("(no expiry recorded)"),
                                   performed_at);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_product_volume (const MarrowInjectionProductSnapshot *p,
                      GError                              **error)
{
  double given, held;

  if (marrow_record_is_null (p->injection_product, "volume_injected_ml") ||
      !(marrow_record_get_real (p->injection_product, "volume_injected_ml") > 0))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "volume_injected_ml",
                                   _("The volume given from aliquot %s is required and must be "
                                     "greater than 0 mL"),
                                   marrow_record_get_text_or_id (p->aliquot, "label"));
      return FALSE;
    }

  /* An aliquot without a recorded volume cannot be compared */
  given = marrow_record_get_real (p->injection_product, "volume_injected_ml");
  held = real_or (p->aliquot, "volume_ml", G_MAXDOUBLE);
  if (given > held)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_VOLUME, "volume_injected_ml",
                                   _("%.2f mL were recorded from aliquot %s, which holds only %.2f mL"),
                                   given, marrow_record_get_text_or_id (p->aliquot, "label"), held);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_products_identity (const MarrowInjectionSnapshot *s,
                         GError                       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_live = 0;

  for (guint i = 0; i < s->n_products; i++)
    {
      const MarrowInjectionProductSnapshot *p = &s->products[i];

      g_return_val_if_fail (MARROW_IS_RECORD (p->injection_product), FALSE);
      g_return_val_if_fail (MARROW_IS_RECORD (p->aliquot), FALSE);
      g_return_val_if_fail (MARROW_IS_RECORD (p->lot), FALSE);

      if (marrow_record_is_voided (p->injection_product))
        continue;
      n_live++;

      if (!check_product_identity (s, p, error))
        return FALSE;

      if (!g_hash_table_add (seen, (gpointer)marrow_record_get_id (p->aliquot)))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "aliquot_id",
                                       _("Aliquot %s is listed twice in this injection"),
                                       marrow_record_get_text_or_id (p->aliquot, "label"));
          return FALSE;
        }

      if (!check_origin (s, p, error))
        return FALSE;
    }

  if (n_live == 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "aliquot_id",
                                   _("A cell injection needs at least one product aliquot"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_products_release (const MarrowInjectionSnapshot *s,
                        const char                    *performed_at,
                        GError                       **error)
{
  for (guint i = 0; i < s->n_products; i++)
    {
      const MarrowInjectionProductSnapshot *p = &s->products[i];

      if (marrow_record_is_voided (p->injection_product))
        continue;

      if (!check_release (s, p, performed_at, error) ||
          !check_product_volume (p, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_bedside (const MarrowInjectionSnapshot *s,
               const char                    *performed_at,
               GError                       **error)
{
  MarrowRecord *inj = s->injection;

  /* 4.9 #6: product scan and identity check */
  if (marrow_record_is_null (inj, "product_scan_result"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "product_scan_result",
                                   _("The result of the bedside product scan is required"));
      return FALSE;
    }
  if (text_is (inj, "product_scan_result", "mismatch"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "product_scan_result",
                                   _("The bedside product scan did not match the scheduled product; "
                                     "the injection cannot be finalised"));
      return FALSE;
    }
  if (marrow_record_is_null (inj, "identity_check_done") ||
      !marrow_record_get_bool (inj, "identity_check_done"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "identity_check_done",
                                   _("The patient's identity must be confirmed with two identifiers "
                                     "before the injection is finalised"));
      return FALSE;
    }

  /* Cryopreserved products record when they were thawed */
  for (guint i = 0; i < s->n_products; i++)
    {
      const MarrowInjectionProductSnapshot *p = &s->products[i];

      if (marrow_record_is_voided (p->injection_product) ||
          !text_is (p->lot, "storage", "cryopreserved"))
        continue;

      if (!marrow_instant_is_valid (marrow_record_get_text (inj, "thawed_at")))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "thawed_at",
                                       _("Lot %s is cryopreserved: the thaw time is required"),
                                       marrow_record_get_text_or_id (p->lot, "coi_id"));
          return FALSE;
        }
      if (strcmp (marrow_record_get_text (inj, "thawed_at"), performed_at) > 0)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "thawed_at",
                                       _("The thaw time %s is after the injection time %s"),
                                       marrow_record_get_text (inj, "thawed_at"), performed_at);
          return FALSE;
        }
    }

  return TRUE;
}

/* --- the whole check ----------------------------------------------------- */

/**
 * marrow_injection_check_finalise:
 * @snapshot: the injection and every record the checks read
 * @warnings: (nullable) (element-type MarrowWarning): soft warnings are appended
 * @error: the first hard failure
 *
 * Runs the checks of domain model 4.9 for finalising an injection and, when
 * they pass, fills the computed fields of @snapshot->injection:
 * course_no, is_booster (when unset: TRUE from the second injection on),
 * weight_id_used, tnc_injected_cells, viable_injected_cells,
 * viable_cells_per_kg, release_to_injection_min and thaw_to_injection_min.
 *
 * Hard failures, in the order they are checked:
 *
 * - performed_at missing, malformed or in the future (REQUIRED, FORMAT, FUTURE)
 * - an injection, case and patient that do not belong together (RULE)
 * - a chain-of-identity ID of a lot or aliquot that is malformed or fails
 *   its check character (FORMAT, CHECK_CHARACTER), records that do not link
 *   up, an aliquot label that is not `{lot COI}-{NN}`, an aliquot listed
 *   twice (RULE)
 * - an autologous lot made from another patient's cells (WRONG_PATIENT)
 * - a case that is not active or has no primary instrument (CASE_NOT_ACTIVE)
 * - no product; a lot not released, an aliquot neither released nor
 *   issued, or an injection before the lot's release time (NOT_RELEASED)
 * - a lot expired at performed_at (EXPIRED)
 * - a product volume missing or more than its aliquot holds, or more
 *   product than the injection's total volume (REQUIRED, VOLUME)
 * - no scan result, a mismatching scan, identity not confirmed, no thaw
 *   time for a cryopreserved product (REQUIRED, RULE)
 * - an intravenous injection without a usable weight (NO_WEIGHT)
 * - less than 28 days from another cell injection into the case (RULE)
 * - a booster without a reason or guidance evaluation (RULE)
 *
 * On failure @snapshot->injection is not changed and no warning is added.
 *
 * Returns: %TRUE if the injection may be finalised
 */
gboolean
marrow_injection_check_finalise (const MarrowInjectionSnapshot *snapshot,
                                 GPtrArray                     *warnings,
                                 GError                       **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) performed = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *date = NULL;
  const char *performed_at;
  const char *route;
  const char *site;
  const char *nearest_other = NULL;
  const char *earliest_release = NULL;
  gint64 nearest_days = G_MAXINT64;
  gint64 course_no = 1;
  gboolean is_booster;
  MarrowRecord *inj;
  DoseWork work;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (snapshot->injection), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (snapshot->joint_case), FALSE);
  g_return_val_if_fail (snapshot->patient_id != NULL, FALSE);
  g_return_val_if_fail (snapshot->n_products == 0 || snapshot->products != NULL, FALSE);
  g_return_val_if_fail (snapshot->n_weights == 0 || snapshot->weights != NULL, FALSE);
  g_return_val_if_fail (snapshot->n_other == 0 || snapshot->other_performed_at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  inj = snapshot->injection;
  route = marrow_record_get_text (inj, "route");
  site = marrow_record_get_text (snapshot->joint_case, "site");
  now = snapshot->now ? g_date_time_ref (snapshot->now) : g_date_time_new_now_utc ();
  now_text = marrow_instant_format (now);

  /* When */
  performed_at = marrow_record_get_text (inj, "performed_at");
  if (performed_at == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "performed_at",
                                   _("The time of the injection is required"));
      return FALSE;
    }
  performed = marrow_instant_parse (performed_at);
  if (performed == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "performed_at",
                                   _("The injection time “%s” is not an instant of the form "
                                     "YYYY-MM-DDTHH:MM:SS.sssZ"),
                                   performed_at);
      return FALSE;
    }
  if (strcmp (performed_at, now_text) > 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FUTURE, "performed_at",
                                   _("The injection time %s is in the future"), performed_at);
      return FALSE;
    }
  date = injection_date_of (snapshot);

  /* Identity and origin of every product (never overridable), then the
   * case, then release, expiry and volume of every product */
  if (!check_case_links (snapshot, error) ||
      !check_products_identity (snapshot, error) ||
      !check_case_active (snapshot, error) ||
      !check_products_release (snapshot, performed_at, error))
    return FALSE;

  compute_dose (snapshot, date, &work);

  if (marrow_record_is_null (inj, "volume_injected_ml"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "volume_injected_ml",
                                   _("The total volume injected is required"));
      return FALSE;
    }
  /* volume_injected_ml is the total including co-injectates; allow for the
   * rounding of typed decimals */
  if (work.dose.product_volume_ml > marrow_record_get_real (inj, "volume_injected_ml") + 1e-9)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_VOLUME, "volume_injected_ml",
                                   _("The products given add up to %.2f mL, more than the total "
                                     "volume injected of %.2f mL"),
                                   work.dose.product_volume_ml,
                                   marrow_record_get_real (inj, "volume_injected_ml"));
      return FALSE;
    }

  if (!check_bedside (snapshot, performed_at, error))
    return FALSE;

  /* 4.9 #5 */
  if (g_strcmp0 (route, "intravenous") == 0 && work.dose.weight == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_NO_WEIGHT, "weight_id_used",
                                   _("An intravenous injection is dosed per kg: record a weight "
                                     "measured on or before %s"),
                                   date);
      return FALSE;
    }

  /* 4.9 #8 and #9: the interval to the nearest other cell injection, in
   * calendar days of the injection's time zone; course_no counts the
   * earlier ones */
  for (guint i = 0; i < snapshot->n_other; i++)
    {
      const char *other = snapshot->other_performed_at[i];
      g_autofree char *other_date = NULL;
      gint64 days;

      other_date = marrow_injection_local_date (other, marrow_record_get_text (inj, "tz"));
      if (other_date == NULL)
        continue;

      if (strcmp (other, performed_at) < 0)
        course_no++;

      days = ABS (marrow_days_between (other_date, date));
      if (days < nearest_days)
        {
          nearest_days = days;
          nearest_other = other;
        }
    }

  if (nearest_other != NULL && nearest_days < MARROW_INJECTION_BLOCK_INTERVAL_DAYS)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "performed_at",
                                   _("Only %d days lie between this injection and the cell injection "
                                     "of %s into the same case; at least %d days are required"),
                                   (int)nearest_days, nearest_other, MARROW_INJECTION_BLOCK_INTERVAL_DAYS);
      return FALSE;
    }

  /* 4.9 #7 */
  is_booster = marrow_record_is_null (inj, "is_booster") ? course_no > 1
                                                         : marrow_record_get_bool (inj, "is_booster");
  if (is_booster &&
      marrow_text_is_blank (marrow_record_get_text (inj, "booster_reason")) &&
      (!marrow_record_has_field (inj, "guidance_evaluation_id") ||
       marrow_record_is_null (inj, "guidance_evaluation_id")))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "booster_reason",
                                   _("This is injection number %d into the case: a booster needs a "
                                     "reason or a guidance evaluation"),
                                   (int)course_no);
      return FALSE;
    }

  /* --- every hard check passed: warnings ------------------------------- */

  found = marrow_warning_list_new ();

  if (nearest_other != NULL && nearest_days < MARROW_INJECTION_EARLY_REPEAT_DAYS)
    g_ptr_array_add (found,
                     marrow_warning_new ("injection", "performed_at", MARROW_INJECTION_WARN_EARLY_REPEAT,
                                         _("Only %d days lie between this injection and the cell "
                                           "injection of %s into the same case; repeat injections "
                                           "are usually at least %d days apart"),
                                         (int)nearest_days, nearest_other,
                                         MARROW_INJECTION_EARLY_REPEAT_DAYS));

  if (!marrow_record_is_null (inj, "volume_injected_ml"))
    {
      double volume = marrow_record_get_real (inj, "volume_injected_ml");

      for (guint i = 0; i < G_N_ELEMENTS (volume_limits); i++)
        {
          gboolean site_matches = g_str_has_suffix (volume_limits[i].site, "_")
                                  ? (site != NULL && g_str_has_prefix (site, volume_limits[i].site))
                                  : g_strcmp0 (site, volume_limits[i].site) == 0;
          g_autofree char *code = NULL;

          if (!site_matches ||
              (volume_limits[i].route != NULL && g_strcmp0 (route, volume_limits[i].route) != 0) ||
              !(volume > volume_limits[i].max_ml))
            continue;

          code = g_strconcat (MARROW_INJECTION_WARN_VOLUME_PREFIX, volume_limits[i].key, NULL);
          g_ptr_array_add (found,
                           marrow_warning_new ("injection", "volume_injected_ml", code,
                                               /* Translators: the last %s is a site code such as "knee" */
                                               _("The volume injected is %.1f mL, above the usual "
                                                 "maximum of %.0f mL for the site %s"),
                                               volume, volume_limits[i].max_ml, volume_limits[i].key));
        }
    }

  if (work.has_msc && work.msc_known && g_strcmp0 (route, "intra_articular") == 0)
    {
      /* compared as a whole number of cells, like viable_injected_cells */
      double msc_viable = (double)llround (work.msc_viable);
      g_autofree char *dose = format_millions (msc_viable);

      if (msc_viable > MSC_IA_VIABLE_MAX)
        {
          g_autofree char *limit = format_millions (MSC_IA_VIABLE_MAX);

          g_ptr_array_add (found,
                           marrow_warning_new ("injection", "viable_injected_cells",
                                               MARROW_INJECTION_WARN_MSC_DOSE_MAX,
                                               _("The intra-articular dose of expanded MSC is %s "
                                                 "viable cells, above the usual maximum of %s"),
                                               dose, limit));
        }
      else if (msc_viable < MSC_IA_VIABLE_MIN)
        {
          g_autofree char *limit = format_millions (MSC_IA_VIABLE_MIN);

          g_ptr_array_add (found,
                           marrow_warning_new ("injection", "viable_injected_cells",
                                               MARROW_INJECTION_WARN_MSC_DOSE_MIN,
                                               _("The intra-articular dose of expanded MSC is %s "
                                                 "viable cells, below the usual minimum of %s"),
                                               dose, limit));
        }
    }

  if (g_strcmp0 (route, "intravenous") == 0 && work.dose.has_per_kg &&
      work.dose.viable_cells_per_kg > IV_PER_KG_MAX)
    {
      g_autofree char *dose = format_millions (work.dose.viable_cells_per_kg);
      g_autofree char *limit = format_millions (IV_PER_KG_MAX);

      g_ptr_array_add (found,
                       marrow_warning_new ("injection", "viable_cells_per_kg",
                                           MARROW_INJECTION_WARN_PER_KG_MAX,
                                           _("The intravenous dose is %s viable cells/kg, above the "
                                             "usual maximum of %s cells/kg"),
                                           dose, limit));
    }

  if (work.dose.weight != NULL && work.dose.weight_age_days > MARROW_INJECTION_WEIGHT_MAX_AGE_DAYS)
    g_ptr_array_add (found,
                     marrow_warning_new ("injection", "weight_id_used", MARROW_INJECTION_WARN_WEIGHT_AGE,
                                         _("The latest weight (%.1f kg, measured on %s) is %d days old; "
                                           "weights older than %d days may not reflect the "
                                           "patient's weight for a per-kg dose"),
                                         marrow_record_get_real (work.dose.weight, "weight_kg"),
                                         marrow_record_get_text (work.dose.weight, "measured_on"),
                                         (int)work.dose.weight_age_days,
                                         MARROW_INJECTION_WEIGHT_MAX_AGE_DAYS));

  if (!marrow_record_is_null (inj, "post_thaw_viability_pct") &&
      marrow_record_get_real (inj, "post_thaw_viability_pct") < POST_THAW_VIABILITY_MIN)
    g_ptr_array_add (found,
                     marrow_warning_new ("injection", "post_thaw_viability_pct",
                                         MARROW_INJECTION_WARN_VIABILITY_MIN,
                                         _("The post-thaw viability is %.1f %%, below the usual "
                                           "minimum of %.0f %%"),
                                         marrow_record_get_real (inj, "post_thaw_viability_pct"),
                                         POST_THAW_VIABILITY_MIN));

  for (guint i = 0; i < snapshot->n_products; i++)
    {
      const MarrowInjectionProductSnapshot *p = &snapshot->products[i];

      if (marrow_record_is_voided (p->injection_product))
        continue;

      if (earliest_release == NULL ||
          strcmp (marrow_record_get_text (p->lot, "released_at"), earliest_release) < 0)
        earliest_release = marrow_record_get_text (p->lot, "released_at");

      if (text_is (p->lot, "storage", "cryopreserved") &&
          marrow_record_is_null (inj, "post_thaw_viability_pct"))
        {
          g_ptr_array_add (found,
                           marrow_warning_new ("injection", "post_thaw_viability_pct",
                                               MARROW_INJECTION_WARN_VIABILITY_MISSING,
                                               _("Lot %s is cryopreserved but no post-thaw viability "
                                                 "was recorded; the viable dose is taken from the "
                                                 "lot's count before freezing"),
                                               marrow_record_get_text_or_id (p->lot, "coi_id")));
          break;
        }
    }

  if (text_is (inj, "image_guidance", "none"))
    {
      const char *why = g_strcmp0 (site, "hip") == 0 ? "hip"
                        : g_strcmp0 (site, "ligament_acl") == 0 ? "ligament_acl"
                        : g_strcmp0 (route, "subchondral") == 0 ? "subchondral"
                        : NULL;

      if (why != NULL)
        {
          g_autofree char *code = g_strconcat (MARROW_INJECTION_WARN_GUIDANCE_PREFIX, why, NULL);

          g_ptr_array_add (found,
                           marrow_warning_new ("injection", "image_guidance", code,
                                               /* Translators: %s is "hip", "ligament_acl" or "subchondral" */
                                               _("No image guidance was used; injections for %s are "
                                                 "usually guided by ultrasound or fluoroscopy"),
                                               why));
        }
    }

  /* --- computed fields --------------------------------------------------- */

  marrow_record_set_int (inj, "course_no", course_no);
  if (marrow_record_is_null (inj, "is_booster"))
    marrow_record_set_bool (inj, "is_booster", is_booster);

  if (work.dose.weight != NULL)
    marrow_record_set_text (inj, "weight_id_used", marrow_record_get_id (work.dose.weight));
  else
    marrow_record_set_null (inj, "weight_id_used");

  if (work.dose.has_tnc)
    marrow_record_set_int (inj, "tnc_injected_cells", work.dose.tnc_injected_cells);
  else
    marrow_record_set_null (inj, "tnc_injected_cells");

  if (work.dose.has_viable)
    marrow_record_set_int (inj, "viable_injected_cells", work.dose.viable_injected_cells);
  else
    marrow_record_set_null (inj, "viable_injected_cells");

  if (work.dose.has_per_kg)
    marrow_record_set_real (inj, "viable_cells_per_kg", work.dose.viable_cells_per_kg);
  else
    marrow_record_set_null (inj, "viable_cells_per_kg");

  /* From the earliest release among the lots: the longest time a product
   * waited, which is what an SOP maximum is about */
  {
    g_autoptr(GDateTime) released = marrow_instant_parse (earliest_release);

    marrow_record_set_int (inj, "release_to_injection_min",
                           g_date_time_difference (performed, released) / G_TIME_SPAN_MINUTE);
  }

  {
    g_autoptr(GDateTime) thawed = marrow_instant_parse (marrow_record_get_text (inj, "thawed_at"));

    if (thawed != NULL && g_date_time_compare (thawed, performed) <= 0)
      marrow_record_set_int (inj, "thaw_to_injection_min",
                             g_date_time_difference (performed, thawed) / G_TIME_SPAN_MINUTE);
    else
      marrow_record_set_null (inj, "thaw_to_injection_min");
  }

  if (warnings != NULL)
    g_ptr_array_extend_and_steal (warnings, g_steal_pointer (&found));

  return TRUE;
}
