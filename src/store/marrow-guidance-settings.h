/* marrow-guidance-settings.h: the guidance protocols with a database's overrides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-protocol-registry.h"
#include "marrow-store.h"

G_BEGIN_DECLS

GHashTable                     *marrow_guidance_settings_read  (MarrowStore                     *store,
                                                                MarrowGuidanceProtocolRegistry  *registry,
                                                                GError                         **error);
MarrowGuidanceProtocolRegistry *marrow_guidance_protocols_load (MarrowStore                     *store,
                                                                GError                         **error);

G_END_DECLS
