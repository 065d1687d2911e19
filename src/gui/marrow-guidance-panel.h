/* marrow-guidance-panel.h: a case's repeat-treatment guidance and the physician's decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-guidance.h"
#include "marrow-guidance-protocol-registry.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_GUIDANCE_PANEL (marrow_guidance_panel_get_type ())

G_DECLARE_FINAL_TYPE (MarrowGuidancePanel, marrow_guidance_panel, MARROW, GUIDANCE_PANEL, AdwBin)

GtkWidget                *marrow_guidance_panel_new            (void);
gboolean                  marrow_guidance_panel_show           (MarrowGuidancePanel             *self,
                                                                MarrowStore                     *store,
                                                                MarrowGuidanceProtocolRegistry  *protocols,
                                                                MarrowRecord                    *joint_case,
                                                                MarrowDay                        as_of,
                                                                GError                         **error);
MarrowGuidanceEvaluation *marrow_guidance_panel_get_evaluation (MarrowGuidancePanel             *self);
const MarrowGuidanceSnapshot *
                          marrow_guidance_panel_get_snapshot   (MarrowGuidancePanel             *self);
void                      marrow_guidance_panel_decide         (MarrowGuidancePanel             *self,
                                                                const char                      *decision,
                                                                const char                      *reason);

G_END_DECLS
