/* marrow-patient-page.h: a patient's summary in the window's content area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"
#include "marrow-timeline-voids.h"

G_BEGIN_DECLS

#define MARROW_TYPE_PATIENT_PAGE (marrow_patient_page_get_type ())

G_DECLARE_FINAL_TYPE (MarrowPatientPage, marrow_patient_page, MARROW, PATIENT_PAGE, AdwBin)

GtkWidget    *marrow_patient_page_new         (void);
MarrowRecord *marrow_patient_page_get_patient (MarrowPatientPage  *self);
void          marrow_patient_page_set_voids   (MarrowPatientPage   *self,
                                               MarrowTimelineVoids *voids);
gboolean      marrow_patient_page_show        (MarrowPatientPage  *self,
                                               MarrowStore        *store,
                                               MarrowRecord       *patient,
                                               GError            **error);

G_END_DECLS
