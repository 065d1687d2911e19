/* marrow-guidance-protocol-registry.h: every guidance protocol Marrow knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-protocol.h"

G_BEGIN_DECLS

#define MARROW_TYPE_GUIDANCE_PROTOCOL_REGISTRY (marrow_guidance_protocol_registry_get_type ())

G_DECLARE_FINAL_TYPE (MarrowGuidanceProtocolRegistry, marrow_guidance_protocol_registry, MARROW,
                      GUIDANCE_PROTOCOL_REGISTRY, GObject)

MarrowGuidanceProtocolRegistry *marrow_guidance_protocol_registry_new            (void);
MarrowGuidanceProtocolRegistry *marrow_guidance_protocol_registry_load_default   (GError                         **error);
char                           *marrow_guidance_protocol_registry_user_directory (void);
gboolean                        marrow_guidance_protocol_registry_load_bundled   (MarrowGuidanceProtocolRegistry  *self,
                                                                                  GError                         **error);
gboolean                        marrow_guidance_protocol_registry_load_directory (MarrowGuidanceProtocolRegistry  *self,
                                                                                  const char                      *path,
                                                                                  GError                         **error);
gboolean                        marrow_guidance_protocol_registry_add            (MarrowGuidanceProtocolRegistry  *self,
                                                                                  MarrowGuidanceProtocol          *protocol,
                                                                                  gboolean                         is_override,
                                                                                  GError                         **error);
MarrowGuidanceProtocol         *marrow_guidance_protocol_registry_lookup         (MarrowGuidanceProtocolRegistry  *self,
                                                                                  const char                      *id);
MarrowGuidanceProtocol         *marrow_guidance_protocol_registry_select         (MarrowGuidanceProtocolRegistry  *self,
                                                                                  MarrowGuidanceJoint              joint,
                                                                                  MarrowGuidanceProduct            product,
                                                                                  GError                         **error);
GPtrArray                      *marrow_guidance_protocol_registry_list           (MarrowGuidanceProtocolRegistry  *self);
gboolean                        marrow_guidance_protocol_registry_apply_overrides (MarrowGuidanceProtocolRegistry *self,
                                                                                   GHashTable                     *settings,
                                                                                   GError                        **error);

G_END_DECLS
