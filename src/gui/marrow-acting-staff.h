/* marrow-acting-staff.h: who is working, remembered per database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-store.h"

G_BEGIN_DECLS

GPtrArray *marrow_acting_staff_list_active (MarrowStore  *store,
                                            GError      **error);
gboolean   marrow_acting_staff_choose      (MarrowStore  *store,
                                            const char   *staff_id,
                                            GError      **error);
gboolean   marrow_acting_staff_restore     (MarrowStore  *store,
                                            gboolean     *needs_choice,
                                            GError      **error);

G_END_DECLS
