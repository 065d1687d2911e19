/* marrow-timeline.h: a case's records in the order they happened, each in one line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "marrow-guidance-protocol-registry.h"
#include "marrow-store.h"
#include "marrow-timeline-entry.h"

G_BEGIN_DECLS

GListModel *marrow_timeline_read_case           (MarrowStore                    *store,
                                                 MarrowRecord                   *joint_case,
                                                 MarrowGuidanceProtocolRegistry *protocols,
                                                 GError                        **error);
GListModel *marrow_timeline_read_patient_chain  (MarrowStore                    *store,
                                                 MarrowRecord                   *patient,
                                                 GError                        **error);
char       *marrow_timeline_describe_assessment (MarrowStore                    *store,
                                                 MarrowRecord                   *assessment,
                                                 MarrowGuidanceProtocolRegistry *protocols);
char       *marrow_timeline_describe_injection  (MarrowRecord                   *injection);

G_END_DECLS
