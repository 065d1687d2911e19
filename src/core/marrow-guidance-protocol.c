/* marrow-guidance-protocol.c: a practice protocol for repeat-treatment guidance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>

#include "marrow-guidance-protocol-private.h"

G_DEFINE_QUARK (marrow-guidance-protocol-error-quark, marrow_guidance_protocol_error)

G_DEFINE_BOXED_TYPE (MarrowGuidanceProtocol, marrow_guidance_protocol,
                     marrow_guidance_protocol_ref, marrow_guidance_protocol_unref)

/* The names of <parameter name="…">, in MarrowGuidanceParameter order */
static const char * const parameter_names[MARROW_GUIDANCE_N_PARAMS] = {
  "earliest-judgement-days",
  "primary-from-days",
  "primary-to-days",
  "final-judgement-days",
  "peak-from-days",
  "confirmation-gap-days",
  "visit-span-days",
  "baseline-warn-days",
  "baseline-max-days",
  "booster-min-interval-days",
  "absolute-min-interval-days",
  "cumulative-count",
  "cumulative-months",
  "other-injection-days",
  "persisting-event-days",
  "bmi-note",
  "expanded-dose-min",
  "expanded-dose-max",
  "bmac-tnc",
};

static void
clear_source (gpointer data)
{
  MarrowGuidanceSource *source = data;

  g_free (source->label);
  g_free (source->mcid.citation.text);
  g_free (source->pass.citation.text);
}

MarrowGuidanceProtocol *
_marrow_guidance_protocol_new (void)
{
  MarrowGuidanceProtocol *self = g_new0 (MarrowGuidanceProtocol, 1);

  g_atomic_ref_count_init (&self->ref_count);
  for (guint i = 0; i < MARROW_GUIDANCE_N_DOMAINS; i++)
    {
      self->sources[i] = g_array_new (FALSE, TRUE, sizeof (MarrowGuidanceSource));
      g_array_set_clear_func (self->sources[i], clear_source);
    }
  for (guint i = 0; i < MARROW_GUIDANCE_N_PARAMS; i++)
    self->params[i].value = NAN;
  self->time_points = g_array_new (FALSE, TRUE, sizeof (MarrowGuidanceTimePointDef));
  return self;
}

MarrowGuidanceProtocol *
marrow_guidance_protocol_ref (MarrowGuidanceProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
marrow_guidance_protocol_unref (MarrowGuidanceProtocol *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->version);
  g_free (self->title);
  g_free (self->source);
  for (guint i = 0; i < MARROW_GUIDANCE_N_DOMAINS; i++)
    g_array_unref (self->sources[i]);
  for (guint i = 0; i < MARROW_GUIDANCE_N_PARAMS; i++)
    g_free (self->params[i].citation.text);
  g_free (self->second_dose.citation.text);
  g_free (self->clinic_booster.citation.text);
  g_array_unref (self->time_points);
  g_free (self->schedule_citation.text);
  g_free (self);
}

/**
 * marrow_guidance_protocol_covers:
 * @self: a protocol
 * @joint: the case's joint
 * @product: the product class of the case's treatment
 *
 * Returns: %TRUE if @self is written for @joint and @product
 */
gboolean
marrow_guidance_protocol_covers (MarrowGuidanceProtocol *self,
                                 MarrowGuidanceJoint     joint,
                                 MarrowGuidanceProduct   product)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->any_joint && self->joint != joint)
    return FALSE;
  return self->products == 0 || (self->products & (1u << product)) != 0;
}

/**
 * marrow_guidance_protocol_get:
 * @self: a protocol
 * @param: a parameter
 *
 * Returns: the parameter's value (every parameter is set once loaded)
 */
double
marrow_guidance_protocol_get (MarrowGuidanceProtocol  *self,
                              MarrowGuidanceParameter  param)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (param < MARROW_GUIDANCE_N_PARAMS, NAN);

  return self->params[param].value;
}

/**
 * marrow_guidance_parameter_to_string:
 *
 * Returns: the parameter's name in protocol files ("booster-min-interval-days")
 */
const char *
marrow_guidance_parameter_to_string (MarrowGuidanceParameter param)
{
  g_return_val_if_fail (param < MARROW_GUIDANCE_N_PARAMS, NULL);

  return parameter_names[param];
}
