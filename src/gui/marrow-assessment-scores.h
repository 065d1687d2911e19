/* marrow-assessment-scores.h: the scores of the answers so far, one tile per score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-instrument-score.h"

G_BEGIN_DECLS

#define MARROW_TYPE_ASSESSMENT_SCORES (marrow_assessment_scores_get_type ())

G_DECLARE_FINAL_TYPE (MarrowAssessmentScores, marrow_assessment_scores, MARROW, ASSESSMENT_SCORES,
                      AdwBin)

GtkWidget  *marrow_assessment_scores_new        (void);
void        marrow_assessment_scores_set_scores (MarrowAssessmentScores *self,
                                                 MarrowScores           *scores);
const char *marrow_assessment_scores_get_text   (MarrowAssessmentScores *self,
                                                 const char             *key);

G_END_DECLS
