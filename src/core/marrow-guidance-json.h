/* marrow-guidance-json.h: canonical JSON of a guidance snapshot and evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance.h"

G_BEGIN_DECLS

char *marrow_guidance_snapshot_to_canonical_json   (const MarrowGuidanceSnapshot *snapshot);
char *marrow_guidance_evaluation_to_canonical_json (MarrowGuidanceEvaluation     *evaluation);

G_END_DECLS
