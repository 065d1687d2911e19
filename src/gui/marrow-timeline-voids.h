/* marrow-timeline-voids.h: "entered in error" from a timeline, with Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_TIMELINE_VOIDS (marrow_timeline_voids_get_type ())

G_DECLARE_FINAL_TYPE (MarrowTimelineVoids, marrow_timeline_voids, MARROW, TIMELINE_VOIDS, GObject)

MarrowTimelineVoids *marrow_timeline_voids_new        (void);
void                 marrow_timeline_voids_ask        (MarrowTimelineVoids *self,
                                                       GtkWindow           *parent,
                                                       AdwToastOverlay     *overlay,
                                                       MarrowStore         *store,
                                                       MarrowRecord        *record,
                                                       const char          *description);
void                 marrow_timeline_voids_ask_all    (MarrowTimelineVoids *self,
                                                       GtkWindow           *parent,
                                                       AdwToastOverlay     *overlay,
                                                       MarrowStore         *store,
                                                       MarrowRecord        *record,
                                                       GPtrArray           *also,
                                                       const char          *description);
gboolean             marrow_timeline_voids_is_pending (MarrowTimelineVoids *self,
                                                       const char          *record_id);
AdwToast            *marrow_timeline_voids_get_toast  (MarrowTimelineVoids *self,
                                                       const char          *record_id);
void                 marrow_timeline_voids_flush      (MarrowTimelineVoids *self);

G_END_DECLS
