/* marrow-processing-run-form.h: a processing run with its inputs, QC tests and lots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_PROCESSING_RUN_FORM (marrow_processing_run_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowProcessingRunForm, marrow_processing_run_form, MARROW,
                      PROCESSING_RUN_FORM, MarrowForm)

const char *marrow_processing_run_form_get_patient_id (MarrowProcessingRunForm *self);
void        marrow_processing_run_form_set_patient_id (MarrowProcessingRunForm *self,
                                                       const char              *patient_id);
MarrowForm *marrow_processing_run_form_add_qc_test    (MarrowProcessingRunForm *self);
MarrowForm *marrow_processing_run_form_add_lot        (MarrowProcessingRunForm *self);
GPtrArray  *marrow_processing_run_form_get_lots       (MarrowProcessingRunForm *self);

G_END_DECLS
