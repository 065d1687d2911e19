/* marrow-guidance-labels.h: the guidance engine's codes in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-types.h"

G_BEGIN_DECLS

const char *marrow_guidance_classification_label (MarrowGuidanceClassification  value);
const char *marrow_guidance_durability_label     (MarrowGuidanceDurability      value);
const char *marrow_guidance_recommendation_label (MarrowGuidanceRecommendation  value);
const char *marrow_guidance_flag_label           (MarrowGuidanceFlags           flag);
const char *marrow_guidance_time_point_label     (const char                   *id);
char       *marrow_guidance_dup_response_label   (MarrowGuidanceClassification  classification,
                                                  MarrowGuidanceDurability      durability);
char       *marrow_guidance_dup_flags_label      (MarrowGuidanceFlags           flags);

G_END_DECLS
