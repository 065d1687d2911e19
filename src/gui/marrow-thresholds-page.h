/* marrow-thresholds-page.h: the guidance protocols' MCIDs and the practice's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_THRESHOLDS_PAGE (marrow_thresholds_page_get_type ())

G_DECLARE_FINAL_TYPE (MarrowThresholdsPage, marrow_thresholds_page, MARROW, THRESHOLDS_PAGE,
                      AdwPreferencesPage)

gboolean   marrow_thresholds_page_set_store (MarrowThresholdsPage  *self,
                                             MarrowStore           *store,
                                             GError               **error);
GtkWidget *marrow_thresholds_page_get_entry (MarrowThresholdsPage  *self,
                                             const char            *setting_key);

G_END_DECLS
