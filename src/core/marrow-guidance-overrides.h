/* marrow-guidance-overrides.h: a practice's own MCID thresholds over a protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-protocol.h"

G_BEGIN_DECLS

/**
 * MARROW_GUIDANCE_OVERRIDE_VERSION_SUFFIX:
 *
 * Appended to the version of a protocol whose thresholds a practice changed,
 * so that every evaluation and decision that records the protocol's version
 * also records the override ("1+practice-override").
 */
#define MARROW_GUIDANCE_OVERRIDE_VERSION_SUFFIX "+practice-override"

/**
 * MARROW_GUIDANCE_MCID_OVERRIDE_PREFIX:
 *
 * The start of the database setting of an MCID override:
 * `mcid_override.<protocol>.<instrument>.<score>`.
 */
#define MARROW_GUIDANCE_MCID_OVERRIDE_PREFIX "mcid_override."

char                   *marrow_guidance_mcid_override_key        (const char                  *protocol_id,
                                                                  const char                  *instrument,
                                                                  const char                  *score);
gboolean                marrow_guidance_mcid_override_parse      (const MarrowGuidanceSource  *source,
                                                                  const char                  *text,
                                                                  double                      *value,
                                                                  GError                     **error);
MarrowGuidanceProtocol *marrow_guidance_protocol_apply_overrides (MarrowGuidanceProtocol      *self,
                                                                  GHashTable                  *settings,
                                                                  GError                     **error);
gboolean                marrow_guidance_protocol_is_overridden   (MarrowGuidanceProtocol      *self);

G_END_DECLS
