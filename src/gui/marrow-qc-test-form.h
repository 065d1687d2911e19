/* marrow-qc-test-form.h: one QC test of a processing run, edited inside the run's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_QC_TEST_FORM (marrow_qc_test_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowQcTestForm, marrow_qc_test_form, MARROW, QC_TEST_FORM, MarrowForm)

MarrowForm *marrow_qc_test_form_new (void);

G_END_DECLS
