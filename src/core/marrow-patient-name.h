/* marrow-patient-name.h: how a patient and a joint case are named in lists and reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record.h"

G_BEGIN_DECLS

char *marrow_patient_dup_display_name (MarrowRecord *patient);
char *marrow_joint_case_dup_title     (MarrowRecord *joint_case);

G_END_DECLS
