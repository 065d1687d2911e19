/* marrow-worklist-page.h: due and overdue follow-ups and the cases that need review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-day.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_WORKLIST_PAGE (marrow_worklist_page_get_type ())

G_DECLARE_FINAL_TYPE (MarrowWorklistPage, marrow_worklist_page, MARROW, WORKLIST_PAGE, AdwBin)

GtkWidget *marrow_worklist_page_new        (void);
void       marrow_worklist_page_refresh    (MarrowWorklistPage *self,
                                            MarrowStore        *store,
                                            MarrowDay           as_of);
gboolean   marrow_worklist_page_is_loading (MarrowWorklistPage *self);

G_END_DECLS
