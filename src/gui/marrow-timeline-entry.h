/* marrow-timeline-entry.h: one record on a case's or a patient's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "marrow-day.h"
#include "marrow-record.h"

G_BEGIN_DECLS

/**
 * MarrowTimelineKind:
 *
 * The kinds of record a timeline shows, in the order that breaks ties on
 * one day (the chain before the injection, the injection before what
 * follows it).
 */
typedef enum
{
  MARROW_TIMELINE_HARVEST,
  MARROW_TIMELINE_PROCESSING_RUN,
  MARROW_TIMELINE_PRODUCT_LOT,
  MARROW_TIMELINE_INJECTION,
  MARROW_TIMELINE_ADVERSE_EVENT,
  MARROW_TIMELINE_ASSESSMENT,
} MarrowTimelineKind;

#define MARROW_TYPE_TIMELINE_ENTRY (marrow_timeline_entry_get_type ())

G_DECLARE_FINAL_TYPE (MarrowTimelineEntry, marrow_timeline_entry, MARROW, TIMELINE_ENTRY, GObject)

MarrowTimelineEntry *marrow_timeline_entry_new         (MarrowTimelineKind   kind,
                                                        MarrowRecord        *record,
                                                        MarrowDay            day,
                                                        const char          *instant,
                                                        const char          *summary);
MarrowTimelineKind   marrow_timeline_entry_get_kind    (MarrowTimelineEntry *self);
MarrowRecord        *marrow_timeline_entry_get_record  (MarrowTimelineEntry *self);
MarrowDay            marrow_timeline_entry_get_day     (MarrowTimelineEntry *self);
const char          *marrow_timeline_entry_get_summary (MarrowTimelineEntry *self);
const char          *marrow_timeline_entry_get_icon_name (MarrowTimelineEntry *self);
const char          *marrow_timeline_entry_get_kind_label (MarrowTimelineEntry *self);
int                  marrow_timeline_entry_compare     (gconstpointer        a,
                                                        gconstpointer        b,
                                                        gpointer             user_data);

G_END_DECLS
