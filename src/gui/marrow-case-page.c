/* marrow-case-page.c: one joint case: its dashboard, timeline and what to record next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 5, point 3, issue 6, point 7 and issue 7, point 3.  Above both
 * views: the case's joint, diagnosis and status, "Record Injection",
 * "Record Assessment" and "Report Adverse Event".
 *
 * The Dashboard view: the scores over time (marrow-case-chart.c: the
 * primary instrument, and a second chart when the case has another) beside
 * the guidance of today with Accept and Override (marrow-guidance-panel.c),
 * stacked when the page is narrow (marrow-dashboard-layout.c); below them
 * the treatment chain, one row per injection with its dose and where its
 * cells came from (marrow-case-chain.c), and the follow-up schedule of the
 * same evaluation (marrow-case-schedule.c).
 *
 * The Timeline view (marrow-timeline.c): one row per harvest, processing
 * run, product lot, injection, adverse event and assessment, the earliest
 * first, with a header per year.  A row opens its form; its button enters
 * the record in error (marrow-timeline-voids.c).  The timeline is a view of
 * its own, not the end of the dashboard, so the dashboard fits a 1280×800
 * window and the long list keeps its own scroll position; it is read when
 * it is first looked at (and again after a change only while shown or when
 * shown next), since it scores every assessment once more.
 *
 * The page reads the case again after each save of a form it opened, each
 * decision and each void.
 */
#define G_LOG_DOMAIN "marrow-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-time-point.h"
#include "marrow-case-chain.h"
#include "marrow-case-chart.h"
#include "marrow-case-page.h"
#include "marrow-case-schedule.h"
#include "marrow-dashboard-box.h"
#include "marrow-dashboard-layout.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-form-labels.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-panel.h"
#include "marrow-guidance-settings.h"
#include "marrow-patient-name.h"
#include "marrow-row-layout.h"
#include "marrow-timeline.h"
#include "marrow-timeline-row.h"
#include "marrow-wrap-layout.h"

struct _MarrowCasePage
{
  AdwBin                          parent_instance;

  MarrowStore                    *store;
  MarrowRecord                   *joint_case;
  MarrowGuidanceProtocolRegistry *protocols;
  MarrowTimelineVoids            *voids;
  GListModel                     *entries;
  GPtrArray                      *chain;          /* MarrowCaseChainLink */
  gboolean                        timeline_stale;

  /* template children */
  GtkLabel                       *title_label;
  GtkLabel                       *subtitle_label;
  GtkStack                       *view_stack;
  GtkScrolledWindow              *dashboard_scroller;
  GtkScrolledWindow              *timeline_scroller;
  GtkWidget                      *top_row;
  GtkBox                         *chart_column;
  MarrowCaseChart                *chart;
  MarrowCaseChart                *second_chart;
  MarrowGuidancePanel            *guidance_panel;
  AdwPreferencesGroup            *chain_group;
  GtkListBox                     *chain_list;
  AdwPreferencesGroup            *schedule_group;
  GtkListBox                     *schedule_list;
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
  g_autofree char *title = marrow_joint_case_dup_title (self->joint_case);
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
read_timeline (MarrowCasePage  *self,
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
  self->timeline_stale = FALSE;

  n = g_list_model_get_n_items (self->entries);
  count = g_strdup_printf (ngettext ("%u entry, the earliest first", "%u entries, the earliest first", n),
                           n);
  adw_preferences_group_set_description (self->timeline_group, n > 0 ? count : NULL);
  return TRUE;
}

static gboolean
timeline_shown (MarrowCasePage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "timeline") == 0;
}

/* The timeline now if it is shown, else when it is shown next */
static gboolean
show_timeline (MarrowCasePage  *self,
               GError         **error)
{
  self->timeline_stale = TRUE;
  if (!timeline_shown (self))
    return TRUE;
  return read_timeline (self, error);
}

static void
view_changed_cb (MarrowCasePage *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_CASE_PAGE (self));

  if (self->joint_case == NULL || !self->timeline_stale || !timeline_shown (self))
    return;
  if (!read_timeline (self, &error))
    {
      adw_preferences_group_set_description (self->timeline_group, error->message);
      g_warning ("Could not read the timeline: %s", error->message);
    }
}

static gboolean
show_chain (MarrowCasePage  *self,
            GError         **error)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *count = NULL;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->chain_list, 0)) != NULL)
    gtk_list_box_remove (self->chain_list, GTK_WIDGET (row));
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  chain = marrow_case_chain_read (self->store, self->joint_case, &local_error);
  if (chain == NULL)
    {
      /* Said where the chain would be, and told the caller */
      adw_preferences_group_set_description (self->chain_group, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; i < chain->len; i++)
    gtk_list_box_append (self->chain_list, marrow_case_chain_row_new (chain->pdata[i]));
  if (chain->len > 0)
    /* Translators: the description of the treatment chain list */
    count = g_strdup_printf (ngettext ("%u injection, with its dose and where its cells came from",
                                       "%u injections, with their doses and where their cells came from",
                                       chain->len), chain->len);
  adw_preferences_group_set_description (self->chain_group, count);
  self->chain = g_steal_pointer (&chain);
  return TRUE;
}

static void
show_schedule (MarrowCasePage *self)
{
  MarrowGuidanceEvaluation *evaluation = marrow_guidance_panel_get_evaluation (self->guidance_panel);
  g_autofree char *description = NULL;
  guint n_due = 0;
  guint n_overdue = 0;

  marrow_case_schedule_fill (self->schedule_list, evaluation,
                             marrow_guidance_panel_get_snapshot (self->guidance_panel));
  for (guint i = 0; evaluation != NULL && i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      n_due += tp->status == MARROW_GUIDANCE_TP_DUE;
      n_overdue += tp->status == MARROW_GUIDANCE_TP_OVERDUE;
    }
  if (n_overdue > 0 && n_due > 0)
    /* Translators: the follow-up schedule's summary; both numbers are at least one */
    description = g_strdup_printf (_("%u overdue, %u due"), n_overdue, n_due);
  else if (n_overdue > 0)
    description = g_strdup_printf (ngettext ("%u time point overdue", "%u time points overdue", n_overdue),
                                   n_overdue);
  else if (n_due > 0)
    description = g_strdup_printf (ngettext ("%u time point due now", "%u time points due now", n_due),
                                   n_due);
  adw_preferences_group_set_description (self->schedule_group, description);
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
          marrow_case_schedule_fill (self->schedule_list, NULL, NULL);
          return;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_panel), TRUE);
  /* The panel says itself why there is no guidance */
  marrow_guidance_panel_show (self->guidance_panel, self->store, self->protocols, self->joint_case,
                              marrow_guidance_today (), NULL);
  show_schedule (self);
}

/* @chart with @instrument (NULL for the case's primary one), from the
 * guidance panel's evaluation when there is one: the case is evaluated
 * once per page, not once more per chart (docs/dashboard.md, "Speed") */
static gboolean
show_chart (MarrowCasePage   *self,
            MarrowCaseChart  *chart,
            const char       *instrument,
            GError          **error)
{
  MarrowGuidanceEvaluation *evaluation = marrow_guidance_panel_get_evaluation (self->guidance_panel);
  const MarrowGuidanceSnapshot *snapshot = marrow_guidance_panel_get_snapshot (self->guidance_panel);

  if (evaluation != NULL && snapshot != NULL &&
      g_strcmp0 (marrow_guidance_evaluation_get_case_id (evaluation), marrow_record_get_id (self->joint_case)) == 0)
    return marrow_case_chart_show_for_evaluation (chart, self->store, evaluation, snapshot, instrument, error);
  return marrow_case_chart_show (chart, self->store, marrow_record_get_id (self->joint_case), instrument, error);
}

/* The case's primary instrument (or the one chosen before), and beside it
 * the first other instrument the case has scores of */
static gboolean
show_charts (MarrowCasePage  *self,
             gboolean         keep_choice,
             GError         **error)
{
  MarrowChartData *data = marrow_case_chart_get_data (self->chart);
  MarrowChartData *second_data = marrow_case_chart_get_data (self->second_chart);
  g_autofree char *instrument = NULL;
  g_autofree char *second = NULL;
  const char *case_id = marrow_record_get_id (self->joint_case);

  if (keep_choice && data != NULL && g_strcmp0 (marrow_chart_data_get_case_id (data), case_id) == 0)
    instrument = g_strdup (marrow_chart_data_get_instrument_id (data));
  if (keep_choice && second_data != NULL && g_strcmp0 (marrow_chart_data_get_case_id (second_data), case_id) == 0)
    second = g_strdup (marrow_chart_data_get_instrument_id (second_data));

  if (!show_chart (self, self->chart, instrument, error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->second_chart), FALSE);
      return FALSE;
    }
  data = marrow_case_chart_get_data (self->chart);
  if (second == NULL)
    for (guint i = 0; i < marrow_chart_data_get_n_instrument_choices (data); i++)
      {
        const MarrowChartInstrumentChoice *choice = marrow_chart_data_get_instrument_choice (data, i);

        if (g_strcmp0 (choice->id, marrow_chart_data_get_instrument_id (data)) != 0)
          {
            second = g_strdup (choice->id);
            break;
          }
      }
  if (second == NULL)
    {
      marrow_case_chart_clear (self->second_chart);
      gtk_widget_set_visible (GTK_WIDGET (self->second_chart), FALSE);
      return TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->second_chart), TRUE);
  return show_chart (self, self->second_chart, second, error);
}

/* Everything but the header; the first error is returned, the rest is
 * shown all the same */
static gboolean
show_case (MarrowCasePage  *self,
           gboolean         keep_choice,
           GError         **error)
{
  g_autoptr(GError) chain_error = NULL;
  g_autoptr(GError) chart_error = NULL;
  gboolean ok = TRUE;

  show_header (self);
  /* The guidance first: the charts take its evaluation */
  show_guidance (self);
  if (!show_charts (self, keep_choice, &chart_error))
    {
      /* Said above the chart */
      g_warning ("Could not chart the case: %s", chart_error->message);
      g_propagate_error (error, g_steal_pointer (&chart_error));
      ok = FALSE;
    }
  if (!show_chain (self, &chain_error))
    {
      g_warning ("Could not read the treatment chain: %s", chain_error->message);
      if (ok)
        g_propagate_error (error, g_steal_pointer (&chain_error));
      ok = FALSE;
    }
  if (!show_timeline (self, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

/**
 * marrow_case_page_reload:
 * @error: return location for a #GError
 *
 * Reads the case, its guidance, treatment chain and timeline again,
 * keeping the scroll positions.
 *
 * Returns: %FALSE with @error set if the case or a part of it could not be
 *   read
 */
gboolean
marrow_case_page_reload (MarrowCasePage  *self,
                         GError         **error)
{
  g_autoptr(MarrowRecord) fresh = NULL;
  GtkAdjustment *dashboard, *timeline;
  double dashboard_position, timeline_position;
  gboolean ok;

  g_return_val_if_fail (MARROW_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->joint_case == NULL)
    return TRUE;

  dashboard = gtk_scrolled_window_get_vadjustment (self->dashboard_scroller);
  timeline = gtk_scrolled_window_get_vadjustment (self->timeline_scroller);
  dashboard_position = gtk_adjustment_get_value (dashboard);
  timeline_position = gtk_adjustment_get_value (timeline);
  fresh = marrow_store_lookup (self->store, &marrow_entity_joint_case,
                               marrow_record_get_id (self->joint_case), error);
  if (fresh == NULL)
    return FALSE;
  g_set_object (&self->joint_case, fresh);
  ok = show_case (self, TRUE, error);
  gtk_adjustment_set_value (dashboard, dashboard_position);
  gtk_adjustment_set_value (timeline, timeline_position);
  return ok;
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

/* A point of a chart opens its assessment */
static void
assessment_activated_cb (MarrowCasePage  *self,
                         const char      *assessment_id,
                         MarrowCaseChart *chart)
{
  g_autoptr(MarrowRecord) assessment = NULL;
  g_autoptr(GError) error = NULL;
  MarrowFormDialog *dialog;

  g_assert (MARROW_IS_CASE_PAGE (self));

  if (self->store == NULL || assessment_id == NULL)
    return;
  assessment = marrow_store_lookup (self->store, &marrow_entity_assessment, assessment_id, &error);
  if (assessment == NULL)
    {
      g_warning ("Could not open the assessment: %s", error->message);
      return;
    }
  dialog = marrow_form_dialog_new (parent_window (self), self->store, assessment, FALSE);
  watch_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A treatment chain row opens its injection */
static void
chain_activated_cb (MarrowCasePage *self,
                    GtkListBoxRow  *row,
                    GtkListBox     *list)
{
  g_autoptr(MarrowRecord) injection = NULL;
  g_autoptr(GError) error = NULL;
  MarrowFormDialog *dialog;

  g_assert (MARROW_IS_CASE_PAGE (self));

  if (self->store == NULL)
    return;
  injection = marrow_store_lookup (self->store, &marrow_entity_injection, gtk_widget_get_name (GTK_WIDGET (row)),
                                   &error);
  if (injection == NULL)
    {
      g_warning ("Could not open the injection: %s", error->message);
      return;
    }
  dialog = marrow_form_dialog_new (parent_window (self), self->store, injection, FALSE);
  watch_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_clear_pointer (&self->chain, g_ptr_array_unref);
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
  g_type_ensure (MARROW_TYPE_CASE_CHART);
  g_type_ensure (MARROW_TYPE_DASHBOARD_BOX);
  g_type_ensure (MARROW_TYPE_DASHBOARD_LAYOUT);
  g_type_ensure (MARROW_TYPE_ROW_LAYOUT);
  g_type_ensure (MARROW_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, dashboard_scroller);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, top_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, chart_column);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, chart);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, second_chart);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, guidance_panel);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, chain_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, chain_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, schedule_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowCasePage, timeline_list);
  gtk_widget_class_bind_template_child_full (widget_class, "bottom_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "view_switcher", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "actions_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "header_box", FALSE, 0);
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

static GtkWidget *
new_placeholder (const char *text)
{
  return g_object_new (GTK_TYPE_LABEL,
                       "label", text,
                       "wrap", TRUE,
                       "justify", GTK_JUSTIFY_CENTER,
                       "margin-top", 18,
                       "margin-bottom", 18,
                       "margin-start", 12,
                       "margin-end", 12,
                       "css-classes", (const char *[]) { "dim-label", NULL },
                       NULL);
}

static void
marrow_case_page_init (MarrowCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->timeline_list, new_placeholder (_("Nothing recorded for this case yet")));
  gtk_list_box_set_placeholder (self->chain_list, new_placeholder (_("No injection yet")));
  gtk_list_box_set_placeholder (self->schedule_list,
                                new_placeholder (_("Follow-ups are scheduled from the first cell injection "
                                                   "into the joint")));
  gtk_list_box_set_header_func (self->timeline_list, marrow_timeline_year_header, NULL, NULL);
  g_signal_connect_object (self->timeline_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chain_list, "row-activated", G_CALLBACK (chain_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart, "assessment-activated", G_CALLBACK (assessment_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->second_chart, "assessment-activated", G_CALLBACK (assessment_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guidance_panel, "decided", G_CALLBACK (reload_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (view_changed_cb), self,
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
 * Shows @joint_case from the top, on its dashboard.
 *
 * Returns: %FALSE with @error set if a part of the case could not be read
 *   (the rest is shown all the same)
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
  gtk_stack_set_visible_child_name (self->view_stack, "dashboard");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->dashboard_scroller), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->timeline_scroller), 0);
  return show_case (self, FALSE, error);
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
