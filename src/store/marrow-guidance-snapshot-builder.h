/* marrow-guidance-snapshot-builder.h: one joint case from a store, as the guidance engine reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-snapshot.h"
#include "marrow-store.h"

G_BEGIN_DECLS

MarrowGuidanceSnapshot *marrow_guidance_snapshot_build (MarrowStore  *store,
                                                        MarrowRecord *joint_case,
                                                        MarrowDay     as_of,
                                                        GError      **error);

G_END_DECLS
