/* marrow-guidance-case.h: one joint case of a store, evaluated by the guidance engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance.h"
#include "marrow-guidance-protocol-registry.h"
#include "marrow-store.h"

G_BEGIN_DECLS

MarrowGuidanceEvaluation *marrow_guidance_evaluate_case (MarrowStore                     *store,
                                                         MarrowGuidanceProtocolRegistry  *protocols,
                                                         MarrowRecord                    *joint_case,
                                                         MarrowDay                        as_of,
                                                         MarrowDay                        repeat_on,
                                                         MarrowGuidanceSnapshot         **snapshot,
                                                         GError                         **error);
MarrowDay                 marrow_guidance_today         (void);

G_END_DECLS
