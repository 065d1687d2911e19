/* marrow-case-page.c: one joint case: its timeline, guidance and what to record next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 5, point 3 and issue 6, point 7.  The case's joint, diagnosis and
 * status; "Record Injection", "Record Assessment" and "Report Adverse
 * Event"; the guidance of today with Accept and Override
 * (marrow-guidance-panel.c); and the timeline (marrow-timeline.c): one row
 * per harvest, processing run, product lot, injection, adverse event and
 * assessment, the earliest first, with a header per year.  A row opens its
 * form; its button enters the record in error (marrow-timeline-voids.c).
 * The page reads the case again after each save of a form it opened, each
 * decision and each void.
 */
#define G_LOG_DOMAIN "marrow-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-case-page.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-form-labels.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-panel.h"
#include "marrow-guidance-settings.h"
#include "marrow-timeline.h"
#include "marrow-timeline-row.h"

struct _MarrowCasePage
{
  AdwBin                          parent_instance;

  MarrowStore                    *store;
  MarrowRecord                   *joint_case;
  MarrowGuidanceProtocolRegistry *protocols;
  MarrowTimelineVoids            *voids;
  GListModel                     *entries;

  /* template children */
  GtkScrolledWindow              *scroller;
  GtkLabel                       *title_label;
  GtkLabel                       *subtitle_label;
  MarrowGuidancePanel            *guidance_panel;
  AdwPreferencesGroup            *timeline_group;
  GtkListBox                     *timeline_list;
};

G_DEFINE_FINAL_TYPE (MarrowCasePage, marrow_case_page, ADW_TYPE_BIN)

static GtkWindow *
parent_window (MarrowCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_header (MarrowCasePage *self)
{
  g_autofree char *title = marrow_timeline_case_title (self->joint_case);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *code = marrow_record_get_text (self->joint_case, "diagnosis_code");
  const char *text = marrow_record_get_text (self->joint_case, "diagnosis_text");
  const char *status = marrow_record_get_text (self->joint_case, "status");
  gboolean active = g_strcmp0 (status, "active") == 0;

  gtk_label_set_label (self->title_label, title);
  if (code != NULL)
    g_string_append (subtitle, code);
  if (text != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", text);
  if (status != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "",
                            marrow_form_code_label (marrow_entity_find_field (&marrow_entity_joint_case,
                                                                              "status"), status));
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle->str);

  /* A closed case takes no new treatment; assessments and events still come */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.record-injection", active);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return marrow_timeline_row_new (item, "case.void-entry");
}

static gboolean
not_pending (gpointer item,
             gpointer user_data)
{
  MarrowCasePage *self = user_data;
  MarrowRecord *record = marrow_timeline_entry_get_record (item);

  return self->voids == NULL ||
         !marrow_timeline_voids_is_pending (self->voids, marrow_record_get_id (record));
}

static gboolean
show_timeline (MarrowCasePage  *self,
               GError         **error)
{
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GtkFilterListModel) shown = NULL;
  g_autofree char *count = NULL;
  guint n;

  entries = marrow_timeline_read_case (self->store, self->joint_case, self->protocols, error);
  if (entries == NULL)
    return FALSE;
  shown = gtk_filter_list_model_new (g_object_ref (entries),
                                     GTK_FILTER (gtk_custom_filter_new (not_pending, self, NULL)));
  g_set_object (&self->entries, G_LIST_MODEL (shown));
  gtk_list_box_bind_model (self->timeline_list, self->entries, create_row, self, NULL);

  n = g_list_model_get_n_items (self->entries);
  count = g_strdup_printf (ngettext ("%u entry, the earliest first", "%u entries, the earliest first", n),
                           n);
  adw_preferences_group_set_description (self->timeline_group, n > 0 ? count : NULL);
  return TRUE;
}

static void
show_guidance (MarrowCasePage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->protocols == NULL)
    {
      self->protocols = marrow_guidance_protocols_load (self->store, &error);
      if (self->protocols == NULL)
        {
          g_warning ("Could not load the guidance protocols: %s", error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->guidance_panel), FALSE);
          return;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_panel), TRUE);
  /* The panel says itself why there is no guidance */
  marrow_guidance_panel_show (self->guidance_panel, self->store, self->protocols, self->joint_case,
                              marrow_guidance_today (), NULL);
}

/**
 * marrow_case_page_reload:
 * @error: return location for a #GError
 *
 * Reads the case, its guidance and its timeline again, keeping the scroll
 * position.
 *
 * Returns: %FALSE with @error set if the case or its timeline could not be read
 */
gboolean
marrow_case_page_reload (MarrowCasePage  *self,
                         GError         **error)
{
  g_autoptr(MarrowRecord) fresh = NULL;
  GtkAdjustment *adjustment;
  double position;

  g_return_val_if_fail (MARROW_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->joint_case == NULL)
    return TRUE;

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  position = gtk_adjustment_get_value (adjustment);
  fresh = marrow_store_lookup (self->store, &marrow_entity_joint_case,
                               marrow_record_get_id (self->joint_case), error);
  if (fresh == NULL)
    return FALSE;
  g_set_object (&self->joint_case, fresh);
  show_header (self);
  show_guidance (self);
  if (!show_timeline (self, error))
    return FALSE;
  gtk_adjustment_set_value (adjustment, position);
  return TRUE;
}

static void
reload_cb (MarrowCasePage *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_CASE_PAGE (self));

  if (!marrow_case_page_reload (self, &error))
    g_warning ("Could not read the case again: %s", error->message);
}

static void
watch_dialog (MarrowCasePage   *self,
              MarrowFormDialog *dialog)
{
  if (dialog != NULL)
    g_signal_connect_object (dialog, "saved", G_CALLBACK (reload_cb), self, G_CONNECT_SWAPPED);
}

static void
open_new (MarrowCasePage        *self,
          const MarrowEntityDef *entity)
{
  g_autoptr(MarrowRecord) record = marrow_record_new (entity);
  MarrowFormDialog *dialog;

  if (self->joint_case == NULL)
    return;
  marrow_record_set_text (record, "joint_case_id", marrow_record_get_id (self->joint_case));
  if (marrow_entity_find_field (entity, "patient_id") != NULL)
    marrow_record_set_text (record, "patient_id", marrow_record_get_text (self->joint_case, "patient_id"));
  dialog = marrow_form_dialog_new (parent_window (self), self->store, record, TRUE);
  watch_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_injection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  open_new (MARROW_CASE_PAGE (widget), &marrow_entity_injection);
}

static void
record_assessment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_new (MARROW_CASE_PAGE (widget), &marrow_entity_assessment);
}

static void
report_adverse_event_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  open_new (MARROW_CASE_PAGE (widget), &marrow_entity_adverse_event);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MarrowCasePage *self = MARROW_CASE_PAGE (widget);
  MarrowFormDialog *dialog;

  if (self->joint_case == NULL)
    return;
  dialog = marrow_form_dialog_new (parent_window (self), self->store, self->joint_case, FALSE);
  watch_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static MarrowTimelineEntry *
find_entry (MarrowCasePage *self,
            const char     *record_id)
{
  for (guint i = 0; self->entries != NULL && i < g_list_model_get_n_items (self->entries); i++)
    {
      g_autoptr(MarrowTimelineEntry) entry = g_list_model_get_item (self->entries, i);

      if (g_strcmp0 (marrow_record_get_id (marrow_timeline_entry_get_record (entry)), record_id) == 0)
        return g_steal_pointer (&entry);
    }
  return NULL;
}

static void
void_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MarrowCasePage *self = MARROW_CASE_PAGE (widget);
  g_autoptr(MarrowTimelineEntry) entry = find_entry (self, g_variant_get_string (parameter, NULL));
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (entry == NULL || self->voids == NULL || overlay == NULL)
    return;
  marrow_timeline_voids_ask (self->voids, parent_window (self), ADW_TOAST_OVERLAY (overlay), self->store,
                             marrow_timeline_entry_get_record (entry),
                             marrow_timeline_entry_get_summary (entry));
}

static void
row_activated_cb (MarrowCasePage *self,
                  GtkListBoxRow  *row,
                  GtkListBox     *list)
{
  MarrowTimelineEntry *entry = marrow_timeline_row_get_entry (GTK_WIDGET (row));
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_CASE_PAGE (self));

  if (entry == NULL || !marrow_timeline_entry_can_open (entry))
    return;
  watch_dialog (self, marrow_timeline_entry_open (entry, parent_window (self), self->store, &error));
  if (error != NULL)
    g_warning ("Could not open %s: %s", marrow_timeline_entry_get_summary (entry), error->message);
}

static void
marrow_case_page_dispose (GObject *object)
{
  MarrowCasePage *self = MARROW_CASE_PAGE (object);

  if (self->voids != NULL)
    g_signal_handlers_disconnect_by_func (self->voids, reload_cb, self);
  if (self->timeline_list != NULL)
    gtk_list_box_bind_model (self->timeline_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_CASE_PAGE);
  g_clear_object (&self->entries);
  g_clear_object (&self->voids);
  g_clear_object (&self->protocols);
  g_clear_object (&self->joint_case);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_case_page_parent_class)->dispose (object);
}

static void
marrow_case_page_class_init (MarrowCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_case_page_dispose;

  g_type_ensure (MARROW_TYPE_GUIDANCE_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, guidance_panel);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, timeline_list);
  gtk_widget_class_bind_template_child_full (widget_class, "edit_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "injection_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "assessment_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "adverse_event_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "case.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "case.record-injection", NULL, record_injection_action);
  gtk_widget_class_install_action (widget_class, "case.record-assessment", NULL, record_assessment_action);
  gtk_widget_class_install_action (widget_class, "case.report-adverse-event", NULL,
                                   report_adverse_event_action);
  gtk_widget_class_install_action (widget_class, "case.void-entry", "s", void_entry_action);
}

static void
marrow_case_page_init (MarrowCasePage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child: not a bound template child, which
   * gtk_widget_dispose_template() would drop under AdwBin */
  self->scroller = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)));

  placeholder = g_object_new (GTK_TYPE_LABEL,
                              "label", _("Nothing recorded for this case yet"),
                              "margin-top", 18,
                              "margin-bottom", 18,
                              "css-classes", (const char *[]) { "dim-label", NULL },
                              NULL);
  gtk_list_box_set_placeholder (self->timeline_list, placeholder);
  gtk_list_box_set_header_func (self->timeline_list, marrow_timeline_year_header, NULL, NULL);
  g_signal_connect_object (self->timeline_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guidance_panel, "decided", G_CALLBACK (reload_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
marrow_case_page_new (void)
{
  return g_object_new (MARROW_TYPE_CASE_PAGE, NULL);
}

/**
 * marrow_case_page_set_voids:
 * @voids: (nullable): the window's pending voids
 *
 * Rows get a button that enters their record in error through @voids.
 */
void
marrow_case_page_set_voids (MarrowCasePage      *self,
                            MarrowTimelineVoids *voids)
{
  g_return_if_fail (MARROW_IS_CASE_PAGE (self));
  g_return_if_fail (voids == NULL || MARROW_IS_TIMELINE_VOIDS (voids));

  if (self->voids != NULL)
    g_signal_handlers_disconnect_by_func (self->voids, reload_cb, self);
  g_set_object (&self->voids, voids);
  if (voids != NULL)
    g_signal_connect_object (voids, "changed", G_CALLBACK (reload_cb), self, G_CONNECT_SWAPPED);
}

/**
 * marrow_case_page_show:
 * @store: the store
 * @joint_case: a stored joint case
 * @error: return location for a #GError
 *
 * Shows @joint_case from the top.
 *
 * Returns: %FALSE with @error set if the timeline could not be read
 */
gboolean
marrow_case_page_show (MarrowCasePage  *self,
                       MarrowStore     *store,
                       MarrowRecord    *joint_case,
                       GError         **error)
{
  g_return_val_if_fail (MARROW_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), FALSE);
  g_return_val_if_fail (marrow_record_get_entity (joint_case) == &marrow_entity_joint_case, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store != store)
    {
      g_clear_object (&self->protocols);
      g_set_object (&self->store, store);
    }
  g_set_object (&self->joint_case, joint_case);
  show_header (self);
  show_guidance (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  return show_timeline (self, error);
}

/**
 * marrow_case_page_get_case:
 *
 * Returns: (transfer none) (nullable): the case shown
 */
MarrowRecord *
marrow_case_page_get_case (MarrowCasePage *self)
{
  g_return_val_if_fail (MARROW_IS_CASE_PAGE (self), NULL);

  return self->joint_case;
}
