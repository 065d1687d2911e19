/* marrow-guidance-labels.c: the guidance engine's codes in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core keeps stable codes (RESPONDER, CONSIDER_REPEAT …, which the
 * CLI prints and decisions store); people read these names.  The guidance
 * panel, the worklist page and the printed reports share them; they live
 * in the core so that marrow-cli can print them without GTK.
 */
#define G_LOG_DOMAIN "marrow-guidance-labels"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-guidance-labels.h"

const char *
marrow_guidance_classification_label (MarrowGuidanceClassification value)
{
  static const char * const labels[] = {
    [MARROW_GUIDANCE_CLASS_TOO_EARLY] = N_("Too early to judge"),
    [MARROW_GUIDANCE_CLASS_NO_RESPONSE_YET] = N_("No response yet"),
    [MARROW_GUIDANCE_CLASS_RESPONDER] = N_("Responder"),
    [MARROW_GUIDANCE_CLASS_PARTIAL] = N_("Partial response"),
    [MARROW_GUIDANCE_CLASS_NON_RESPONDER] = N_("Non-responder"),
    [MARROW_GUIDANCE_CLASS_WORSENED] = N_("Worsened"),
    [MARROW_GUIDANCE_CLASS_INSUFFICIENT_DATA] = N_("Insufficient data"),
  };

  g_return_val_if_fail ((guint)value < G_N_ELEMENTS (labels), NULL);

  return _(labels[value]);
}

const char *
marrow_guidance_durability_label (MarrowGuidanceDurability value)
{
  static const char * const labels[] = {
    [MARROW_GUIDANCE_DURABILITY_NONE] = N_("Not judged"),
    [MARROW_GUIDANCE_DURABILITY_STABLE] = N_("Stable"),
    [MARROW_GUIDANCE_DURABILITY_WANING] = N_("Waning"),
    [MARROW_GUIDANCE_DURABILITY_RELAPSED] = N_("Relapsed"),
  };

  g_return_val_if_fail ((guint)value < G_N_ELEMENTS (labels), NULL);

  return _(labels[value]);
}

const char *
marrow_guidance_recommendation_label (MarrowGuidanceRecommendation value)
{
  static const char * const labels[] = {
    [MARROW_GUIDANCE_REC_HOLD_CLINICAL_REVIEW] = N_("Hold: clinical review"),
    [MARROW_GUIDANCE_REC_CONSIDER_REPEAT] = N_("Consider a repeat injection"),
    [MARROW_GUIDANCE_REC_PROTOCOL_SECOND_DOSE_DUE] = N_("Protocol second dose due"),
    [MARROW_GUIDANCE_REC_REPEAT_NOT_SUPPORTED] = N_("Repeat not supported"),
    [MARROW_GUIDANCE_REC_NO_REPEAT_NEEDED] = N_("No repeat needed"),
    [MARROW_GUIDANCE_REC_MONITOR] = N_("Monitor"),
    [MARROW_GUIDANCE_REC_INSUFFICIENT_DATA] = N_("Insufficient data"),
  };

  g_return_val_if_fail ((guint)value < G_N_ELEMENTS (labels), NULL);

  return _(labels[value]);
}

const char *
marrow_guidance_flag_label (MarrowGuidanceFlags flag)
{
  switch (flag)
    {
    case MARROW_GUIDANCE_FLAG_EARLY_WORSENING:
      return _("Early worsening");
    case MARROW_GUIDANCE_FLAG_EARLY_REPEAT_WARNING:
      return _("Repeat earlier than usual");
    case MARROW_GUIDANCE_FLAG_BLOCK_INTERVAL:
      return _("Interval too short for a repeat");
    case MARROW_GUIDANCE_FLAG_CUMULATIVE_REVIEW:
      return _("Cumulative injections: review");
    case MARROW_GUIDANCE_FLAG_LOW_EVIDENCE:
      return _("Low evidence");
    case MARROW_GUIDANCE_FLAG_SEVERE_DISEASE:
      return _("Severe disease");
    case MARROW_GUIDANCE_FLAG_DOSE_CONTEXT:
      return _("Dose context");
    case MARROW_GUIDANCE_FLAG_IV_ROUTE:
      return _("Intravenous route");
    case MARROW_GUIDANCE_FLAG_COMPLIANCE_WARNING:
      return _("Regulatory compliance");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * marrow_guidance_time_point_label:
 * @id: a protocol's time point id: "baseline", "6w", "3m", "12m", or "Ny"
 *
 * Returns: (transfer none): e.g. "6 weeks", "12 months", "Year 3"; @id
 *   itself when it has another form
 */
const char *
marrow_guidance_time_point_label (const char *id)
{
  static GHashTable *labels;
  char *label;
  char unit = '\0';
  guint64 n = 0;
  const char *end = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  if (g_strcmp0 (id, "baseline") == 0)
    return _("Baseline");
  if (g_ascii_isdigit (id[0]))
    {
      n = g_ascii_strtoull (id, (char **)&end, 10);
      unit = end != NULL ? end[0] : '\0';
      if (end == NULL || end[0] == '\0' || end[1] != '\0')
        unit = '\0';
    }
  if (unit != 'w' && unit != 'm' && unit != 'y')
    return id;

  /* Interned per id, so callers need not free; few ids exist */
  if (labels == NULL)
    labels = g_hash_table_new (g_str_hash, g_str_equal);
  label = g_hash_table_lookup (labels, id);
  if (label != NULL)
    return label;
  if (unit == 'w')
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", (gulong)n), (guint)n);
  else if (unit == 'm')
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", (gulong)n), (guint)n);
  else
    /* Translators: a yearly follow-up, e.g. "Year 3" */
    label = g_strdup_printf (_("Year %u"), (guint)n);
  g_hash_table_insert (labels, (char *)g_intern_string (id), label);
  return label;
}

/**
 * marrow_guidance_dup_response_label:
 *
 * Returns: (transfer full): the classification with its durability when it
 *   has one, e.g. "Responder (Waning)", as the panel and reports show it
 */
char *
marrow_guidance_dup_response_label (MarrowGuidanceClassification classification,
                                    MarrowGuidanceDurability     durability)
{
  if (durability == MARROW_GUIDANCE_DURABILITY_NONE)
    return g_strdup (marrow_guidance_classification_label (classification));
  /* Translators: a classification and its durability, e.g. "Responder (waning)" */
  return g_strdup_printf (_("%s (%s)"), marrow_guidance_classification_label (classification),
                          marrow_guidance_durability_label (durability));
}

/**
 * marrow_guidance_dup_flags_label:
 *
 * Returns: (transfer full) (nullable): the flags in words, separated by
 *   commas, or %NULL when none is set
 */
char *
marrow_guidance_dup_flags_label (MarrowGuidanceFlags flags)
{
  GString *text = NULL;

  for (guint i = 0; i < MARROW_GUIDANCE_N_FLAGS; i++)
    if (flags & (1u << i))
      {
        if (text == NULL)
          text = g_string_new (NULL);
        else
          g_string_append (text, ", ");
        g_string_append (text, marrow_guidance_flag_label (1u << i));
      }
  return text != NULL ? g_string_free (text, FALSE) : NULL;
}
