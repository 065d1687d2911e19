/* marrow-case-page.h: one joint case: its timeline, guidance and what to record next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"
#include "marrow-timeline-voids.h"

G_BEGIN_DECLS

#define MARROW_TYPE_CASE_PAGE (marrow_case_page_get_type ())

G_DECLARE_FINAL_TYPE (MarrowCasePage, marrow_case_page, MARROW, CASE_PAGE, AdwBin)

GtkWidget    *marrow_case_page_new       (void);
void          marrow_case_page_set_voids (MarrowCasePage       *self,
                                          MarrowTimelineVoids  *voids);
gboolean      marrow_case_page_show      (MarrowCasePage       *self,
                                          MarrowStore          *store,
                                          MarrowRecord         *joint_case,
                                          GError              **error);
gboolean      marrow_case_page_reload    (MarrowCasePage       *self,
                                          GError              **error);
MarrowRecord *marrow_case_page_get_case  (MarrowCasePage       *self);

G_END_DECLS
