/* marrow-assessment-form.h: a questionnaire transcribed into a joint case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-assessment-item-row.h"
#include "marrow-form.h"
#include "marrow-instrument-score.h"

G_BEGIN_DECLS

#define MARROW_TYPE_ASSESSMENT_FORM (marrow_assessment_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowAssessmentForm, marrow_assessment_form, MARROW, ASSESSMENT_FORM,
                      MarrowForm)

MarrowInstrument        *marrow_assessment_form_get_instrument   (MarrowAssessmentForm *self);
guint                    marrow_assessment_form_get_n_items      (MarrowAssessmentForm *self);
guint                    marrow_assessment_form_get_n_answered   (MarrowAssessmentForm *self);
MarrowAssessmentItemRow *marrow_assessment_form_get_row          (MarrowAssessmentForm *self,
                                                                  guint                 index);
int                      marrow_assessment_form_get_current      (MarrowAssessmentForm *self);
void                     marrow_assessment_form_set_current      (MarrowAssessmentForm *self,
                                                                  guint                 index);
MarrowAnswers           *marrow_assessment_form_get_answers      (MarrowAssessmentForm *self);
MarrowScores            *marrow_assessment_form_get_scores       (MarrowAssessmentForm *self);
const char              *marrow_assessment_form_get_suggested_time_point (MarrowAssessmentForm *self);

G_END_DECLS
