/* marrow-assessment-item-row.h: one question of an assessment, answered by a key or a click
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "marrow-instrument.h"

G_BEGIN_DECLS

#define MARROW_TYPE_ASSESSMENT_ITEM_ROW (marrow_assessment_item_row_get_type ())

G_DECLARE_FINAL_TYPE (MarrowAssessmentItemRow, marrow_assessment_item_row, MARROW,
                      ASSESSMENT_ITEM_ROW, GtkListBoxRow)

GtkWidget                  *marrow_assessment_item_row_new          (MarrowInstrument        *instrument,
                                                                     guint                    index);
const MarrowInstrumentItem *marrow_assessment_item_row_get_item     (MarrowAssessmentItemRow *self);
guint                       marrow_assessment_item_row_get_position (MarrowAssessmentItemRow *self);
gboolean                    marrow_assessment_item_row_get_value    (MarrowAssessmentItemRow *self,
                                                                     double                  *value);
void                        marrow_assessment_item_row_set_value    (MarrowAssessmentItemRow *self,
                                                                     double                   value);
void                        marrow_assessment_item_row_clear        (MarrowAssessmentItemRow *self);
const char                 *marrow_assessment_item_row_get_problem  (MarrowAssessmentItemRow *self);
gboolean                    marrow_assessment_item_row_get_current  (MarrowAssessmentItemRow *self);
void                        marrow_assessment_item_row_set_current  (MarrowAssessmentItemRow *self,
                                                                     gboolean                 current);
void                        marrow_assessment_item_row_focus        (MarrowAssessmentItemRow *self);
GtkWidget                  *marrow_assessment_item_row_get_option   (MarrowAssessmentItemRow *self,
                                                                     guint                    position);
GtkEditable                *marrow_assessment_item_row_get_entry    (MarrowAssessmentItemRow *self);

G_END_DECLS
