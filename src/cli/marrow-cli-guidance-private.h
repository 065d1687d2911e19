/* marrow-cli-guidance-private.h: what the guidance and worklist commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-cli-private.h"
#include "marrow-guidance.h"
#include "marrow-guidance-protocol-registry.h"

G_BEGIN_DECLS

gboolean                  _marrow_cli_parse_day       (const char                      *text,
                                                       const char                      *option,
                                                       MarrowDay                       *day,
                                                       GError                         **error);
void                      _marrow_cli_add_day         (JsonBuilder                     *builder,
                                                       const char                      *member,
                                                       MarrowDay                        day);
void                      _marrow_cli_add_decision    (JsonBuilder                     *builder,
                                                       MarrowRecord                    *decision);
MarrowGuidanceEvaluation *_marrow_cli_evaluate_case   (const char                      *path,
                                                       const char                      *case_id,
                                                       MarrowDay                        as_of,
                                                       MarrowDay                        repeat_on,
                                                       MarrowStore                    **store,
                                                       MarrowGuidanceSnapshot         **snapshot,
                                                       GError                         **error);

G_END_DECLS
