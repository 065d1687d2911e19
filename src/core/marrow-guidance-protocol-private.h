/* marrow-guidance-protocol-private.h: construction of a protocol, for its loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-protocol.h"

G_BEGIN_DECLS

MarrowGuidanceProtocol *_marrow_guidance_protocol_new (void);

G_END_DECLS
