/* marrow-assessment-history.h: the assessments of one joint case with their scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_ASSESSMENT_HISTORY (marrow_assessment_history_get_type ())

G_DECLARE_FINAL_TYPE (MarrowAssessmentHistory, marrow_assessment_history, MARROW,
                      ASSESSMENT_HISTORY, AdwBin)

GtkWidget  *marrow_assessment_history_new         (void);
gboolean    marrow_assessment_history_set_case    (MarrowAssessmentHistory  *self,
                                                   MarrowStore              *store,
                                                   const char               *joint_case_id,
                                                   GError                  **error);
GtkListBox *marrow_assessment_history_get_list    (MarrowAssessmentHistory  *self);
char       *marrow_assessment_history_describe    (MarrowStore              *store,
                                                   MarrowRecord             *assessment,
                                                   char                    **scores);

G_END_DECLS
