/* marrow-guidance-snapshot-builder.c: one joint case from a store, as the guidance engine reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only place where guidance meets the store: it reads the case's
 * injections (with their products' lots), scored assessments, adverse
 * events and earlier intra-articular injections into a
 * MarrowGuidanceSnapshot, which the pure engine in src/core evaluates.
 * Records entered in error and invalid assessments are left out.  Days are
 * the local date of an instant in its record's time zone, or else UTC.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-guidance-snapshot-builder.h"
#include "marrow-time.h"

/* "2025", "2025-03" or "2025-03-14": the latest day it can mean */
static MarrowDay
day_of_partial_date (const char *text)
{
  int year = 0, month = 12;
  GDate date;

  if (text == NULL)
    return 0;
  if (strlen (text) == 10)
    return marrow_day_parse (text);
  if (sscanf (text, "%4d-%2d", &year, &month) < 1 || year < 1 || month < 1 || month > 12)
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_get_days_in_month (month, year), month, year);
  return g_date_get_julian (&date);
}

static MarrowGuidanceProduct
product_of_lot (MarrowRecord *lot,
                gboolean     *ind_recorded)
{
  const char *category = marrow_record_get_text (lot, "category");
  const char *origin = marrow_record_get_text (lot, "origin");

  *ind_recorded = g_strcmp0 (marrow_record_get_text (lot, "regulatory_pathway"), "ind_351") == 0 ||
                  marrow_record_get_text (lot, "ind_number") != NULL;
  if (g_strcmp0 (category, "bmac") == 0)
    return MARROW_GUIDANCE_PRODUCT_BMAC;
  if (g_strcmp0 (category, "svf") == 0)
    return MARROW_GUIDANCE_PRODUCT_SVF;
  if (g_strcmp0 (category, "mfat") == 0)
    return MARROW_GUIDANCE_PRODUCT_MFAT;
  if (g_strcmp0 (category, "uc_wj_msc_allogeneic") == 0)
    return MARROW_GUIDANCE_PRODUCT_UC_MSC;
  if (g_strcmp0 (category, "prp_pl_adjunct") == 0)
    return MARROW_GUIDANCE_PRODUCT_PRP_ONLY;
  if (g_strcmp0 (category, "bm_msc_expanded") == 0 || g_strcmp0 (category, "ad_msc_expanded") == 0)
    return g_strcmp0 (origin, "autologous") == 0 ? MARROW_GUIDANCE_PRODUCT_EXPANDED_AUTOLOGOUS
                                                 : MARROW_GUIDANCE_PRODUCT_EXPANDED_ALLOGENEIC;
  return MARROW_GUIDANCE_PRODUCT_UNKNOWN;
}

static MarrowGuidanceRoute
route_of (const char *route)
{
  if (g_strcmp0 (route, "intra_articular") == 0)
    return MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR;
  if (g_strcmp0 (route, "peri_articular") == 0)
    return MARROW_GUIDANCE_ROUTE_PERI_ARTICULAR;
  if (g_strcmp0 (route, "intravenous") == 0)
    return MARROW_GUIDANCE_ROUTE_INTRAVENOUS;
  return MARROW_GUIDANCE_ROUTE_OTHER;
}

static double
real_or_nan (MarrowRecord *record,
             const char   *field)
{
  return marrow_record_is_null (record, field) ? NAN : marrow_record_get_real (record, field);
}

static double
int_or_nan (MarrowRecord *record,
            const char   *field)
{
  return marrow_record_is_null (record, field) ? NAN : (double)marrow_record_get_int (record, field);
}

static gboolean
add_injections (MarrowStore             *store,
                MarrowGuidanceSnapshot  *snapshot,
                GError                 **error)
{
  g_autoptr(GPtrArray) injections = marrow_store_find_by (store, &marrow_entity_injection,
                                                          "joint_case_id", snapshot->case_id, NULL,
                                                          error);

  if (injections == NULL)
    return FALSE;
  for (guint i = 0; i < injections->len; i++)
    {
      MarrowRecord *record = injections->pdata[i];
      g_autoptr(GPtrArray) products = marrow_store_find_by (store, &marrow_entity_injection_product,
                                                            "injection_id",
                                                            marrow_record_get_id (record), NULL,
                                                            error);
      MarrowGuidanceInjection injection = {
        marrow_instant_day_in_zone (marrow_record_get_text (record, "performed_at"),
                                    marrow_record_get_text (record, "tz")),
        MARROW_GUIDANCE_PRODUCT_UNKNOWN, route_of (marrow_record_get_text (record, "route")), FALSE,
        int_or_nan (record, "tnc_injected_cells"), int_or_nan (record, "viable_injected_cells"),
        real_or_nan (record, "viable_cells_per_kg"), marrow_record_get_id (record),
      };

      if (products == NULL)
        return FALSE;
      /* The first cell product decides; PRP alone makes a non-cell injection */
      for (guint p = 0; p < products->len; p++)
        {
          g_autoptr(MarrowRecord) aliquot = NULL;
          g_autoptr(MarrowRecord) lot = NULL;
          MarrowGuidanceProduct product;
          gboolean ind;

          aliquot = marrow_store_lookup (store, &marrow_entity_product_aliquot,
                                         marrow_record_get_text (products->pdata[p], "aliquot_id"), error);
          if (aliquot == NULL)
            return FALSE;
          lot = marrow_store_lookup (store, &marrow_entity_product_lot,
                                     marrow_record_get_text (aliquot, "lot_id"), error);
          if (lot == NULL)
            return FALSE;
          product = product_of_lot (lot, &ind);
          if (injection.product == MARROW_GUIDANCE_PRODUCT_UNKNOWN ||
              injection.product == MARROW_GUIDANCE_PRODUCT_PRP_ONLY)
            {
              injection.product = product;
              injection.ind_recorded = ind;
            }
        }
      if (injection.day > 0)
        marrow_guidance_snapshot_add_injection (snapshot, &injection);
    }
  return TRUE;
}

static gboolean
add_scores (MarrowStore             *store,
            MarrowGuidanceSnapshot  *snapshot,
            GError                 **error)
{
  g_autoptr(GPtrArray) assessments = marrow_store_find_by (store, &marrow_entity_assessment,
                                                           "joint_case_id", snapshot->case_id, NULL,
                                                           error);

  if (assessments == NULL)
    return FALSE;
  for (guint i = 0; i < assessments->len; i++)
    {
      MarrowRecord *assessment = assessments->pdata[i];
      MarrowDay day = marrow_instant_day_in_zone (marrow_record_get_text (assessment, "completed_at"),
                                                  NULL);
      g_autoptr(MarrowScores) scores = NULL;

      if (day == 0 || (!marrow_record_is_null (assessment, "is_valid") &&
                       !marrow_record_get_bool (assessment, "is_valid")))
        continue;
      scores = marrow_store_score_assessment (store, assessment, error);
      if (scores == NULL)
        return FALSE;
      for (guint s = 0; s < marrow_scores_get_n_values (scores); s++)
        {
          const MarrowScoreValue *value = marrow_scores_get_value (scores, s);

          if (value->scorable)
            marrow_guidance_snapshot_add_score (snapshot, day,
                                                marrow_record_get_text (assessment, "instrument_code"),
                                                value->definition->key, value->value);
        }
    }
  return TRUE;
}

static gboolean
add_adverse_events (MarrowStore             *store,
                    MarrowGuidanceSnapshot  *snapshot,
                    GError                 **error)
{
  g_autoptr(GPtrArray) events = marrow_store_find_by (store, &marrow_entity_adverse_event,
                                                      "joint_case_id", snapshot->case_id, NULL,
                                                      error);

  if (events == NULL)
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      MarrowRecord *record = events->pdata[i];
      const char *relatedness = marrow_record_get_text (record, "relatedness");
      MarrowGuidanceAdverseEvent event = {
        marrow_day_parse (marrow_record_get_text (record, "onset_date")),
        marrow_record_is_null (record, "resolved_date") ? 0
          : marrow_day_parse (marrow_record_get_text (record, "resolved_date")),
        marrow_record_get_text (record, "category"),
        (int)marrow_record_get_int (record, "severity_ctcae"),
        !marrow_record_is_null (record, "serious") && marrow_record_get_bool (record, "serious"),
        /* not yet adjudicated counts as related: the safe side */
        relatedness == NULL || g_strcmp0 (relatedness, "possible") == 0 ||
          g_strcmp0 (relatedness, "probable") == 0 || g_strcmp0 (relatedness, "definite") == 0,
      };

      if (event.onset > 0 && event.category != NULL)
        marrow_guidance_snapshot_add_adverse_event (snapshot, &event);
    }
  return TRUE;
}

static gboolean
add_other_injections (MarrowStore             *store,
                      MarrowGuidanceSnapshot  *snapshot,
                      GError                 **error)
{
  static const char * const kinds[] = {
    "corticosteroid_injection", "ha_injection", "other_ia_injection",
  };
  g_autoptr(GPtrArray) treatments = marrow_store_find_by (store, &marrow_entity_prior_treatment,
                                                          "joint_case_id", snapshot->case_id, NULL,
                                                          error);

  if (treatments == NULL)
    return FALSE;
  for (guint i = 0; i < treatments->len; i++)
    {
      const char *kind = marrow_record_get_text (treatments->pdata[i], "kind");
      MarrowDay day = day_of_partial_date (marrow_record_get_text (treatments->pdata[i], "date"));

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (day > 0 && g_strcmp0 (kind, kinds[k]) == 0)
          marrow_guidance_snapshot_add_other_injection (snapshot, day, kind);
    }
  return TRUE;
}

/* Age and BMI on the evaluation day, from the latest weight with a height */
static gboolean
add_patient (MarrowStore             *store,
             MarrowGuidanceSnapshot  *snapshot,
             MarrowRecord            *patient,
             MarrowDay                as_of,
             GError                 **error)
{
  g_autoptr(GPtrArray) weights = marrow_store_find_by (store, &marrow_entity_patient_weight,
                                                       "patient_id", marrow_record_get_id (patient),
                                                       NULL, error);
  MarrowDay born = marrow_day_parse (marrow_record_get_text_or_id (patient, "dob"));
  MarrowDay latest = 0;

  if (weights == NULL)
    return FALSE;
  if (born > 0 && born <= as_of)
    snapshot->age_years = (int)((as_of - born) / 365.25);
  for (guint i = 0; i < weights->len; i++)
    {
      MarrowRecord *weight = weights->pdata[i];
      MarrowDay day = marrow_day_parse (marrow_record_get_text (weight, "measured_on"));
      double height;

      if (day == 0 || day > as_of || day < latest || marrow_record_is_null (weight, "height_cm"))
        continue;
      height = marrow_record_get_real (weight, "height_cm") / 100;
      snapshot->bmi = marrow_record_get_real (weight, "weight_kg") / (height * height);
      latest = day;
    }
  return TRUE;
}

static MarrowGuidanceJoint
joint_of (const char *site)
{
  if (g_strcmp0 (site, "knee") == 0)
    return MARROW_GUIDANCE_JOINT_KNEE;
  if (g_strcmp0 (site, "hip") == 0)
    return MARROW_GUIDANCE_JOINT_HIP;
  if (g_strcmp0 (site, "shoulder_gh") == 0)
    return MARROW_GUIDANCE_JOINT_SHOULDER;
  return MARROW_GUIDANCE_JOINT_OTHER;
}

/**
 * marrow_guidance_snapshot_build:
 * @store: a store
 * @joint_case: a joint case of @store
 * @as_of: the evaluation day (for the weight and age only: the engine
 *   itself ignores what comes after it)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the case as the guidance engine reads it, or
 *   %NULL with @error set
 */
MarrowGuidanceSnapshot *
marrow_guidance_snapshot_build (MarrowStore   *store,
                                MarrowRecord  *joint_case,
                                MarrowDay      as_of,
                                GError       **error)
{
  g_autoptr(MarrowGuidanceSnapshot) snapshot = NULL;
  g_autoptr(MarrowRecord) patient = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);
  g_return_val_if_fail (marrow_record_get_entity (joint_case) == &marrow_entity_joint_case, NULL);
  g_return_val_if_fail (as_of > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  snapshot = marrow_guidance_snapshot_new (marrow_record_get_id (joint_case),
                                           joint_of (marrow_record_get_text (joint_case, "site")));
  if (!marrow_record_is_null (joint_case, "kl_grade"))
    snapshot->kl_grade = (int)marrow_record_get_int (joint_case, "kl_grade");

  patient = marrow_store_lookup (store, &marrow_entity_patient,
                                 marrow_record_get_text (joint_case, "patient_id"), error);
  if (patient == NULL ||
      !add_patient (store, snapshot, patient, as_of, error) ||
      !add_injections (store, snapshot, error) ||
      !add_scores (store, snapshot, error) ||
      !add_adverse_events (store, snapshot, error) ||
      !add_other_injections (store, snapshot, error))
    return NULL;
  return g_steal_pointer (&snapshot);
}
