/* marrow-guidance-overrides.c: a practice's own MCID thresholds over a protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A practice may replace the MCID of a score of a protocol (Preferences, or
 * the database setting mcid_override.<protocol>.<instrument>.<score>).  The
 * protocol itself stays immutable: applying overrides gives a copy whose
 * thresholds, citations and version say what the practice changed
 * (docs/guidance.md).
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-guidance-overrides.h"
#include "marrow-guidance-protocol-private.h"
#include "marrow-number.h"

/**
 * marrow_guidance_mcid_override_key:
 * @protocol_id: a protocol id ("knee")
 * @instrument: the source's instrument ("KOOS")
 * @score: the source's score ("pain")
 *
 * Returns: (transfer full): the database setting that overrides the MCID of
 *   that score in that protocol: "mcid_override.knee.KOOS.pain"
 */
char *
marrow_guidance_mcid_override_key (const char *protocol_id,
                                   const char *instrument,
                                   const char *score)
{
  g_return_val_if_fail (protocol_id != NULL, NULL);
  g_return_val_if_fail (instrument != NULL, NULL);
  g_return_val_if_fail (score != NULL, NULL);

  return g_strconcat (MARROW_GUIDANCE_MCID_OVERRIDE_PREFIX, protocol_id, ".", instrument, ".",
                      score, NULL);
}

/**
 * marrow_guidance_mcid_override_parse:
 * @source: the score the MCID is for
 * @text: the practice's value, with a point or a comma as decimal separator
 * @value: (out): the MCID
 * @error: return location for a #GError
 *
 * The same limits as a protocol file's <mcid>: a number above 0 and no
 * larger than the score's range.
 *
 * Returns: %TRUE if @text is a usable MCID for @source
 */
gboolean
marrow_guidance_mcid_override_parse (const MarrowGuidanceSource  *source,
                                     const char                  *text,
                                     double                      *value,
                                     GError                     **error)
{
  g_autofree char *c_text = NULL;
  g_autofree char *range = NULL;
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c_text = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  parsed = g_ascii_strtod (c_text, &end);
  if (*c_text == '\0' || end == c_text || *end != '\0' || !isfinite (parsed))
    {
      g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
                   _("The MCID of %s must be a number"), source->label);
      return FALSE;
    }
  if (!(parsed > 0 && parsed <= source->max - source->min))
    {
      range = marrow_number_to_string (source->max - source->min);
      g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
                   _("The MCID of %s must be above 0 and at most %s, the score's range"),
                   source->label, range);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

static char *
dup_citation (const MarrowGuidanceCitation *citation)
{
  return g_strdup (citation->text);
}

/* A deep copy: protocols are shared and never change once loaded */
static MarrowGuidanceProtocol *
copy_protocol (MarrowGuidanceProtocol *self)
{
  MarrowGuidanceProtocol *copy = _marrow_guidance_protocol_new ();

  copy->id = g_strdup (self->id);
  copy->version = g_strdup (self->version);
  copy->title = g_strdup (self->title);
  copy->source = g_strdup (self->source);
  copy->any_joint = self->any_joint;
  copy->joint = self->joint;
  copy->products = self->products;
  copy->us_compliance = self->us_compliance;

  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    for (guint i = 0; i < self->sources[d]->len; i++)
      {
        MarrowGuidanceSource source = g_array_index (self->sources[d], MarrowGuidanceSource, i);

        source.label = g_strdup (source.label);
        source.mcid.citation.text = dup_citation (&source.mcid.citation);
        source.pass.citation.text = dup_citation (&source.pass.citation);
        g_array_append_val (copy->sources[d], source);
      }
  for (guint i = 0; i < MARROW_GUIDANCE_N_PARAMS; i++)
    {
      copy->params[i] = self->params[i];
      copy->params[i].citation.text = dup_citation (&self->params[i].citation);
    }
  copy->second_dose = self->second_dose;
  copy->second_dose.citation.text = dup_citation (&self->second_dose.citation);
  copy->clinic_booster = self->clinic_booster;
  copy->clinic_booster.citation.text = dup_citation (&self->clinic_booster.citation);
  g_array_append_vals (copy->time_points, self->time_points->data, self->time_points->len);
  copy->yearly_minus = self->yearly_minus;
  copy->yearly_plus = self->yearly_plus;
  copy->schedule_citation.text = dup_citation (&self->schedule_citation);
  return copy;
}

/* The setting's text for @source, or NULL: a missing or empty setting is no
 * override (clearing a value in Preferences writes "") */
static const char *
lookup_override (GHashTable                 *settings,
                 MarrowGuidanceProtocol     *protocol,
                 const MarrowGuidanceSource *source,
                 char                      **key)
{
  const char *text;

  *key = marrow_guidance_mcid_override_key (protocol->id, source->instrument, source->score);
  text = g_hash_table_lookup (settings, *key);
  return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * marrow_guidance_protocol_apply_overrides:
 * @self: a loaded protocol
 * @settings: (element-type utf8 utf8): database settings, key to value;
 *   those named by marrow_guidance_mcid_override_key() for the scores of
 *   @self are read, every other one is ignored
 * @error: return location for a #GError
 *
 * Overrides for scores the protocol does not list are ignored: they change
 * no threshold in use.  A value that is not a usable MCID fails, naming the
 * setting: guidance by the default when the practice meant its own would be
 * silently wrong.
 *
 * Returns: (transfer full): @self itself (a new reference) when no setting
 *   applies; otherwise a copy with the practice's MCIDs, each cited as a
 *   practice override of the default, and its version suffixed with
 *   %MARROW_GUIDANCE_OVERRIDE_VERSION_SUFFIX.  %NULL with @error set.
 */
MarrowGuidanceProtocol *
marrow_guidance_protocol_apply_overrides (MarrowGuidanceProtocol  *self,
                                          GHashTable              *settings,
                                          GError                 **error)
{
  g_autoptr(MarrowGuidanceProtocol) copy = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
    for (guint i = 0; i < self->sources[d]->len; i++)
      {
        const MarrowGuidanceSource *source = &g_array_index (self->sources[d],
                                                             MarrowGuidanceSource, i);
        MarrowGuidanceSource *target;
        g_autoptr(GError) local_error = NULL;
        g_autofree char *key = NULL;
        g_autofree char *was = NULL;
        const char *text = lookup_override (settings, self, source, &key);
        double value;

        if (text == NULL)
          continue;
        if (!marrow_guidance_mcid_override_parse (source, text, &value, &local_error))
          {
            g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR,
                         MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
                         _("setting %s: %s"), key, local_error->message);
            return NULL;
          }

        if (copy == NULL)
          copy = copy_protocol (self);
        target = &g_array_index (copy->sources[d], MarrowGuidanceSource, i);
        was = marrow_number_to_string (source->mcid.value);
        target->mcid.value = value;
        g_free (target->mcid.citation.text);
        target->mcid.citation.text =
          g_strdup_printf (_("Practice override (setting %s); the protocol's default is %s: %s"),
                           key, was, source->mcid.citation.text ? source->mcid.citation.text : "");
        target->mcid.citation.evidence = MARROW_GUIDANCE_EVIDENCE_CLINIC_CLAIM;
      }

  if (copy == NULL)
    return marrow_guidance_protocol_ref (self);

  g_free (copy->version);
  copy->version = g_strconcat (self->version, MARROW_GUIDANCE_OVERRIDE_VERSION_SUFFIX, NULL);
  return g_steal_pointer (&copy);
}

/**
 * marrow_guidance_protocol_is_overridden:
 * @self: a protocol
 *
 * Returns: %TRUE if @self carries a practice's overrides
 */
gboolean
marrow_guidance_protocol_is_overridden (MarrowGuidanceProtocol *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->version != NULL &&
         g_str_has_suffix (self->version, MARROW_GUIDANCE_OVERRIDE_VERSION_SUFFIX);
}
