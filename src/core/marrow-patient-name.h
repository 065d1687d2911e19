/* marrow-patient-name.h: how a patient's name reads in lists and reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record.h"

G_BEGIN_DECLS

char *marrow_patient_dup_display_name (MarrowRecord *patient);

G_END_DECLS
