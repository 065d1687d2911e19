/* marrow-rules-harvest.c: rules of harvest and processing_run (domain model 4.4, 4.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-error.h"
#include "marrow-rules-private.h"
#include "marrow-time.h"

/* Soft limits (⚙ defaults of spec_limit) */
#define BONE_MARROW_VOLUME_SOFT_MIN_ML 20.0
#define BONE_MARROW_VOLUME_SOFT_MAX_ML 120.0
#define ADIPOSE_VOLUME_SOFT_MIN_ML     20.0
#define COLLECTION_TO_LAB_SOFT_MAX_H   24

static const char * const bone_marrow_sites[] = {
  "psis", "posterior_iliac_crest", "anterior_iliac_crest", "proximal_tibia",
  "proximal_humerus", "calcaneus", NULL
};

static const char * const adipose_sites[] = { "abdomen", "flank", "thigh", NULL };

static const char * const peripheral_blood_sites[] = { "peripheral_vein", NULL };

static gboolean
in_list (const char         *code,
         const char * const *list)
{
  return code != NULL && g_strv_contains ((const char * const *)list, code);
}

static gboolean
check_site (MarrowRecord  *record,
            GError       **error)
{
  const char *tissue = marrow_record_get_text (record, "tissue");
  const char *site = marrow_record_get_text (record, "anatomic_site");
  const char * const *sites;

  if (tissue == NULL || site == NULL)
    return TRUE;

  if (strcmp (tissue, "bone_marrow") == 0)
    sites = bone_marrow_sites;
  else if (strcmp (tissue, "adipose") == 0)
    sites = adipose_sites;
  else
    sites = peripheral_blood_sites;

  if (!in_list (site, sites))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **)sites);

      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "anatomic_site",
                                   _("%s (%s) “%s” does not fit the tissue “%s”; allowed sites are %s"),
                                   marrow_field_label (record, "anatomic_site"), "anatomic_site",
                                   site, tissue, allowed);
      return FALSE;
    }

  /* The paired sites of domain model 4.4 (iliac crest, PSIS, tibia,
   * humerus, calcaneus) are exactly the bone-marrow sites */
  if (in_list (site, bone_marrow_sites))
    {
      if (!marrow_validate_require (record, "harvest_side",
                                    _("for a paired harvest site"), error))
        return FALSE;
      if (_marrow_rules_is (record, "harvest_side", "none"))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "harvest_side",
                                       _("%s (%s) must be left or right for the paired site “%s”"),
                                       marrow_field_label (record, "harvest_side"), "harvest_side",
                                       site);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
acd_ratio_is_valid (const char *text)
{
  const char *p = text;

  /* "1:9": digits, a colon, digits */
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p++ != ':' || !g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

static gboolean
only_with (MarrowRecord  *record,
           const char    *field,
           const char    *anticoagulant,
           GError       **error)
{
  if (marrow_record_is_null (record, field) ||
      _marrow_rules_is (record, "anticoagulant", anticoagulant))
    return TRUE;

  marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, field,
                               _("%s (%s) is recorded only when %s (%s) is “%s”"),
                               marrow_field_label (record, field), field,
                               marrow_field_label (record, "anticoagulant"), "anticoagulant",
                               anticoagulant);
  return FALSE;
}

static gboolean
check_anticoagulant (MarrowRecord  *record,
                     GError       **error)
{
  if (_marrow_rules_is (record, "tissue", "bone_marrow"))
    {
      if (!marrow_validate_require (record, "anticoagulant", _("for bone marrow"), error))
        return FALSE;
      if (_marrow_rules_is (record, "anticoagulant", "none"))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "anticoagulant",
                                       _("%s (%s) cannot be “none” for bone marrow"),
                                       marrow_field_label (record, "anticoagulant"),
                                       "anticoagulant");
          return FALSE;
        }
    }

  if (_marrow_rules_is (record, "anticoagulant", "heparin") &&
      !marrow_validate_require (record, "heparin_u_per_ml", _("with heparin"), error))
    return FALSE;
  if (_marrow_rules_is (record, "anticoagulant", "acd_a") &&
      !marrow_validate_require (record, "acd_ratio", _("with ACD-A"), error))
    return FALSE;

  if (!only_with (record, "heparin_u_per_ml", "heparin", error) ||
      !only_with (record, "acd_ratio", "acd_a", error))
    return FALSE;

  if (!marrow_record_is_null (record, "acd_ratio") &&
      !acd_ratio_is_valid (marrow_record_get_text (record, "acd_ratio")))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "acd_ratio",
                                   _("%s (%s) is “%s”, which is not a ratio such as 1:9"),
                                   marrow_field_label (record, "acd_ratio"), "acd_ratio",
                                   marrow_record_get_text (record, "acd_ratio"));
      return FALSE;
    }

  return TRUE;
}

static void
warn_volume (MarrowRecord *record,
             GPtrArray    *warnings)
{
  const char *label = marrow_field_label (record, "volume_collected_ml");
  double volume;

  if (marrow_record_is_null (record, "volume_collected_ml"))
    return;
  volume = marrow_record_get_real (record, "volume_collected_ml");

  if (_marrow_rules_is (record, "tissue", "bone_marrow"))
    {
      if (volume < BONE_MARROW_VOLUME_SOFT_MIN_ML)
        _marrow_rules_warn (record, warnings, "volume_collected_ml", "min_bone_marrow",
                            _("%s is %g mL, below the usual minimum of %g mL for bone marrow"),
                            label, volume, BONE_MARROW_VOLUME_SOFT_MIN_ML);
      else if (volume > BONE_MARROW_VOLUME_SOFT_MAX_ML)
        _marrow_rules_warn (record, warnings, "volume_collected_ml", "max_bone_marrow",
                            _("%s is %g mL, above the usual maximum of %g mL for bone marrow"),
                            label, volume, BONE_MARROW_VOLUME_SOFT_MAX_ML);
    }
  else if (_marrow_rules_is (record, "tissue", "adipose") && volume < ADIPOSE_VOLUME_SOFT_MIN_ML)
    {
      _marrow_rules_warn (record, warnings, "volume_collected_ml", "min_adipose",
                          _("%s is %g mL, below the usual minimum of %g mL for lipoaspirate"),
                          label, volume, ADIPOSE_VOLUME_SOFT_MIN_ML);
    }
}

static void
warn_transport (MarrowRecord *record,
                GPtrArray    *warnings)
{
  const char *from_field = marrow_record_is_null (record, "ended_at") ? "started_at" : "ended_at";
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  GTimeSpan span;

  if (marrow_record_is_null (record, "received_by_lab_at") ||
      marrow_record_is_null (record, from_field))
    return;

  from = marrow_instant_parse (marrow_record_get_text (record, from_field));
  to = marrow_instant_parse (marrow_record_get_text (record, "received_by_lab_at"));
  if (from == NULL || to == NULL)
    return;

  span = g_date_time_difference (to, from);
  if (span > (GTimeSpan)COLLECTION_TO_LAB_SOFT_MAX_H * G_TIME_SPAN_HOUR)
    _marrow_rules_warn (record, warnings, "received_by_lab_at", "max_delay",
                        _("The laboratory received the harvest %.1f h after collection, "
                          "later than the usual limit of %d h"),
                        (double)span / G_TIME_SPAN_HOUR, COLLECTION_TO_LAB_SOFT_MAX_H);
}

gboolean
_marrow_rules_harvest (MarrowRecord  *record,
                       GDateTime     *now,
                       GPtrArray     *warnings,
                       GError       **error)
{
  if (!_marrow_rules_not_before (record, "ended_at", "started_at", error) ||
      !_marrow_rules_not_before (record, "received_by_lab_at", "ended_at", error) ||
      !_marrow_rules_not_before (record, "received_by_lab_at", "started_at", error))
    return FALSE;

  if (!check_site (record, error) || !check_anticoagulant (record, error))
    return FALSE;

  warn_volume (record, warnings);
  warn_transport (record, warnings);

  return TRUE;
}

static gboolean
is_concentration_method (MarrowRecord *record)
{
  return _marrow_rules_is (record, "method", "density_gradient") ||
         _marrow_rules_is (record, "method", "filtration") ||
         _marrow_rules_is (record, "method", "micro_fragmentation");
}

/* The calendar day on which the run started, in the zone the staff saw */
static char *
processing_date (MarrowRecord *record)
{
  g_autoptr(GDateTime) started = marrow_instant_parse (marrow_record_get_text (record, "started_at"));
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (started == NULL)
    return NULL;

  if (!marrow_record_is_null (record, "tz"))
    zone = marrow_time_zone_new (marrow_record_get_text (record, "tz"));
  if (zone == NULL)
    return g_strndup (marrow_record_get_text (record, "started_at"), 10);

  local = g_date_time_to_timezone (started, zone);
  return marrow_date_format (local);
}

gboolean
_marrow_rules_processing_run (MarrowRecord  *record,
                              GDateTime     *now,
                              GPtrArray     *warnings,
                              GError       **error)
{
  if (!_marrow_rules_not_before (record, "ended_at", "started_at", error))
    return FALSE;

  if (_marrow_rules_flag (record, "has_deviation") &&
      !marrow_validate_require (record, "deviation_text", _("when a deviation is flagged"), error))
    return FALSE;

  if (is_concentration_method (record) &&
      !marrow_record_is_null (record, "input_volume_ml") &&
      !marrow_record_is_null (record, "output_volume_ml"))
    {
      double in = marrow_record_get_real (record, "input_volume_ml");
      double out = marrow_record_get_real (record, "output_volume_ml");

      if (out > in)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "output_volume_ml",
                                       _("%s (%s) is %g mL, more than the input volume of %g mL, "
                                         "which a concentration method (%s) cannot yield"),
                                       marrow_field_label (record, "output_volume_ml"),
                                       "output_volume_ml", out, in,
                                       marrow_record_get_text (record, "method"));
          return FALSE;
        }
    }

  if (!marrow_record_is_null (record, "kit_expiry") && !marrow_record_is_null (record, "started_at"))
    {
      g_autofree char *date = processing_date (record);
      const char *expiry = marrow_record_get_text (record, "kit_expiry");

      if (date != NULL && strcmp (expiry, date) < 0)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "kit_expiry",
                                       _("%s (%s) is %s, before the processing date %s"),
                                       marrow_field_label (record, "kit_expiry"), "kit_expiry",
                                       expiry, date);
          return FALSE;
        }
    }

  /* The QA review (stand-in for qa_signature_id) names a person and a time */
  if (!marrow_record_is_null (record, "qa_reviewed_by") &&
      !marrow_validate_require (record, "qa_reviewed_at", _("when a QA reviewer is named"), error))
    return FALSE;
  if (!marrow_record_is_null (record, "qa_reviewed_at") &&
      !marrow_validate_require (record, "qa_reviewed_by", _("when a QA review time is given"), error))
    return FALSE;
  if (!_marrow_rules_not_before (record, "qa_reviewed_at", "ended_at", error))
    return FALSE;

  return TRUE;
}
