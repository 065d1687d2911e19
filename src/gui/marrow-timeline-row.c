/* marrow-timeline-row.c: a timeline entry as a list row, and the form it opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AdwActionRow per entry: the day, the kind's icon, the one-line
 * summary as title and the kind as subtitle, and a button that enters the
 * record in error (the page's action, with the record's id as target).
 * Activating the row opens the record's form; a product lot opens the
 * processing run it came from, whose form edits its lots.  Rows of a new
 * year get a header with the year, so a long case reads by year.
 */
#define G_LOG_DOMAIN "marrow-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-form.h"
#include "marrow-timeline-row.h"

#define ENTRY_KEY "marrow-timeline-entry"

/**
 * marrow_timeline_entry_can_open:
 *
 * Returns: whether the entry has a form (an allogeneic lot, received
 *   without a processing run here, has none)
 */
gboolean
marrow_timeline_entry_can_open (MarrowTimelineEntry *entry)
{
  MarrowRecord *record;

  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (entry), FALSE);

  record = marrow_timeline_entry_get_record (entry);
  if (marrow_timeline_entry_get_kind (entry) == MARROW_TIMELINE_PRODUCT_LOT)
    return !marrow_record_is_null (record, "processing_run_id");
  return marrow_form_dialog_has_form (marrow_record_get_entity (record)->name);
}

/**
 * marrow_timeline_entry_open:
 * @entry: an entry that can be opened
 * @parent: (nullable): the window of the dialog
 * @store: the store
 * @error: return location for a #GError
 *
 * Opens the form of the entry's record as stored now (or of the lot's
 * processing run) and presents it.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL with @error set
 */
MarrowFormDialog *
marrow_timeline_entry_open (MarrowTimelineEntry  *entry,
                            GtkWindow            *parent,
                            MarrowStore          *store,
                            GError              **error)
{
  MarrowRecord *record;
  g_autoptr(MarrowRecord) stored = NULL;
  MarrowFormDialog *dialog;

  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (entry), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (marrow_timeline_entry_can_open (entry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record = marrow_timeline_entry_get_record (entry);
  if (marrow_timeline_entry_get_kind (entry) == MARROW_TIMELINE_PRODUCT_LOT)
    stored = marrow_store_lookup (store, &marrow_entity_processing_run,
                                  marrow_record_get_text (record, "processing_run_id"), error);
  else
    stored = marrow_store_lookup (store, marrow_record_get_entity (record),
                                  marrow_record_get_id (record), error);
  if (stored == NULL)
    return NULL;
  dialog = marrow_form_dialog_new (parent, store, stored, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * marrow_timeline_row_new:
 * @entry: the entry
 * @void_action: (nullable): the action that enters a record in error,
 *   called with the record's id; %NULL for no such button
 *
 * Returns: (transfer floating): an #AdwActionRow for @entry
 */
GtkWidget *
marrow_timeline_row_new (MarrowTimelineEntry *entry,
                         const char          *void_action)
{
  MarrowRecord *record;
  GtkWidget *row;
  GtkWidget *date;
  GtkWidget *icon;
  g_autofree char *day_text = NULL;
  g_autofree char *accessible = NULL;
  MarrowDay day;

  g_return_val_if_fail (MARROW_IS_TIMELINE_ENTRY (entry), NULL);

  record = marrow_timeline_entry_get_record (entry);
  day = marrow_timeline_entry_get_day (entry);
  if (day != 0)
    day_text = marrow_date_entry_format_day (day);
  else
    day_text = g_strdup (_("No date"));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), marrow_timeline_entry_get_summary (entry));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), marrow_timeline_entry_get_kind_label (entry));
  gtk_widget_set_name (row, marrow_record_get_id (record));
  g_object_set_data_full (G_OBJECT (row), ENTRY_KEY, g_object_ref (entry), g_object_unref);

  date = g_object_new (GTK_TYPE_LABEL,
                       "label", day_text,
                       "width-chars", 10,
                       "xalign", 0.0f,
                       "css-classes", (const char *[]) { "numeric", "dim-label", NULL },
                       NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), date);
  icon = gtk_image_new_from_icon_name (marrow_timeline_entry_get_icon_name (entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  marrow_timeline_entry_get_kind_label (entry), -1);
  gtk_widget_add_css_class (icon, "timeline-kind");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (void_action != NULL)
    {
      GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                        "icon-name", "edit-delete-symbolic",
                                        "valign", GTK_ALIGN_CENTER,
                                        "tooltip-text", _("Enter in Error…"),
                                        "action-name", void_action,
                                        "css-classes", (const char *[]) { "flat", NULL },
                                        NULL);
      g_autofree char *label = NULL;

      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", marrow_record_get_id (record));
      /* Translators: the button that enters a record in error; %s is the record's summary */
      label = g_strdup_printf (_("Enter in Error: %s"), marrow_timeline_entry_get_summary (entry));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_name (button, "void_button");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  if (marrow_timeline_entry_can_open (entry))
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 g_object_new (GTK_TYPE_IMAGE,
                                               "icon-name", "go-next-symbolic",
                                               "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                               NULL));
    }

  /* Translators: what a screen reader says for a timeline row: day, kind, summary */
  accessible = g_strdup_printf (_("%s, %s: %s"), day_text, marrow_timeline_entry_get_kind_label (entry),
                                marrow_timeline_entry_get_summary (entry));
  /* Said once: not also by the row's title (marrow_form_set_accessible_label()) */
  marrow_form_set_accessible_label (row, accessible);
  return row;
}

/**
 * marrow_timeline_row_get_entry:
 * @row: a row of marrow_timeline_row_new()
 *
 * Returns: (transfer none) (nullable): its entry
 */
MarrowTimelineEntry *
marrow_timeline_row_get_entry (GtkWidget *row)
{
  g_return_val_if_fail (GTK_IS_WIDGET (row), NULL);

  return g_object_get_data (G_OBJECT (row), ENTRY_KEY);
}

/**
 * marrow_timeline_year_header:
 *
 * A #GtkListBoxUpdateHeaderFunc: the year above the first row of each year.
 */
void
marrow_timeline_year_header (GtkListBoxRow *row,
                             GtkListBoxRow *before,
                             gpointer       user_data)
{
  MarrowTimelineEntry *entry = marrow_timeline_row_get_entry (GTK_WIDGET (row));
  MarrowTimelineEntry *previous = before != NULL ? marrow_timeline_row_get_entry (GTK_WIDGET (before)) : NULL;
  GDate date;
  int year = 0;
  int previous_year = 0;

  if (entry != NULL && marrow_timeline_entry_get_day (entry) != 0)
    {
      g_date_set_julian (&date, marrow_timeline_entry_get_day (entry));
      year = g_date_get_year (&date);
    }
  if (previous != NULL && marrow_timeline_entry_get_day (previous) != 0)
    {
      g_date_set_julian (&date, marrow_timeline_entry_get_day (previous));
      previous_year = g_date_get_year (&date);
    }

  if (year != 0 && year != previous_year)
    {
      g_autofree char *text = g_strdup_printf ("%d", year);
      GtkWidget *header = g_object_new (GTK_TYPE_LABEL,
                                        "label", text,
                                        "xalign", 0.0f,
                                        "css-classes", (const char *[]) { "heading", "timeline-year", NULL },
                                        NULL);

      gtk_list_box_row_set_header (row, header);
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}
