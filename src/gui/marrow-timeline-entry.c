/* marrow-timeline-entry.c: one record on a case's or a patient's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record, its kind, the local day it happened on (and the stored
 * instant, which orders a day's entries) and the one-line summary that
 * marrow-timeline.c wrote for it.  Immutable: a timeline is read again
 * after a change.
 */
#define G_LOG_DOMAIN "marrow-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-timeline-entry.h"

struct _MarrowTimelineEntry
{
  GObject             parent_instance;

  MarrowTimelineKind  kind;
  MarrowRecord       *record;
  MarrowDay           day;
  char               *instant;
  char               *summary;
};

G_DEFINE_FINAL_TYPE (MarrowTimelineEntry, marrow_timeline_entry, G_TYPE_OBJECT)

static const struct
{
  const char *icon_name;
  const char *label;
} kinds[] = {
  [MARROW_TIMELINE_HARVEST] = { "mark-location-symbolic", N_("Harvest") },
  [MARROW_TIMELINE_PROCESSING_RUN] = { "applications-science-symbolic", N_("Processing run") },
  [MARROW_TIMELINE_PRODUCT_LOT] = { "package-x-generic-symbolic", N_("Product lot") },
  [MARROW_TIMELINE_INJECTION] = { "go-jump-symbolic", N_("Injection") },
  [MARROW_TIMELINE_ADVERSE_EVENT] = { "dialog-warning-symbolic", N_("Adverse event") },
  [MARROW_TIMELINE_ASSESSMENT] = { "x-office-document-symbolic", N_("Assessment") },
};

static void
marrow_timeline_entry_finalize (GObject *object)
{
  MarrowTimelineEntry *self = MARROW_TIMELINE_ENTRY (object);

  g_clear_object (&self->record);
  g_clear_pointer (&self->instant, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (marrow_timeline_entry_parent_class)->finalize (object);
}

static void
marrow_timeline_entry_class_init (MarrowTimelineEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = marrow_timeline_entry_finalize;
}

static void
marrow_timeline_entry_init (MarrowTimelineEntry *self)
{
}

/**
 * marrow_timeline_entry_new:
 * @kind: what @record is
 * @record: the record
 * @day: the local day it happened on, or 0 if unknown
 * @instant: (nullable): the stored instant or date, orders entries of a day
 * @summary: one line for the timeline
 *
 * Returns: (transfer full): a new entry
 */
MarrowTimelineEntry *
marrow_timeline_entry_new (MarrowTimelineKind  kind,
                           MarrowRecord       *record,
                           MarrowDay           day,
                           const char         *instant,
                           const char         *summary)
{
  MarrowTimelineEntry *self;

  g_return_val_if_fail (kind <= MARROW_TIMELINE_ASSESSMENT, NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (MARROW_TYPE_TIMELINE_ENTRY, NULL);
  self->kind = kind;
  self->record = g_object_ref (record);
  self->day = day;
  self->instant = g_strdup (instant);
  self->summary = g_strdup (summary);
  return self;
}

MarrowTimelineKind
marrow_timeline_entry_get_kind (MarrowTimelineEntry *self)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (self), MARROW_TIMELINE_HARVEST);

  return self->kind;
}

/**
 * marrow_timeline_entry_get_record:
 *
 * Returns: (transfer none): the record as it was read
 */
MarrowRecord *
marrow_timeline_entry_get_record (MarrowTimelineEntry *self)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (self), NULL);

  return self->record;
}

MarrowDay
marrow_timeline_entry_get_day (MarrowTimelineEntry *self)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (self), 0);

  return self->day;
}

const char *
marrow_timeline_entry_get_summary (MarrowTimelineEntry *self)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (self), NULL);

  return self->summary;
}

const char *
marrow_timeline_entry_get_icon_name (MarrowTimelineEntry *self)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (self), NULL);

  return kinds[self->kind].icon_name;
}

/**
 * marrow_timeline_entry_get_kind_label:
 *
 * Returns: (transfer none): the translated name of the entry's kind
 */
const char *
marrow_timeline_entry_get_kind_label (MarrowTimelineEntry *self)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (self), NULL);

  return _(kinds[self->kind].label);
}

/**
 * marrow_timeline_entry_compare:
 *
 * A #GCompareDataFunc: by day (unknown days last), then by the stored
 * instant, then by kind, then by id, so the order is total.
 */
int
marrow_timeline_entry_compare (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  MarrowTimelineEntry *x = MARROW_TIMELINE_ENTRY ((gpointer)a);
  MarrowTimelineEntry *y = MARROW_TIMELINE_ENTRY ((gpointer)b);
  int order;

  if (x->day != y->day)
    {
      if (x->day == 0 || y->day == 0)
        return x->day == 0 ? 1 : -1;
      return x->day < y->day ? -1 : 1;
    }
  if (x->kind != y->kind &&
      (x->instant == NULL || y->instant == NULL || strlen (x->instant) != strlen (y->instant)))
    return (int)x->kind - (int)y->kind;
  if ((order = g_strcmp0 (x->instant, y->instant)) != 0)
    return order;
  if (x->kind != y->kind)
    return (int)x->kind - (int)y->kind;
  return g_strcmp0 (marrow_record_get_id (x->record), marrow_record_get_id (y->record));
}
