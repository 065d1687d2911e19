/* marrow-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sidebar of patients beside the selected patient (an AdwLeaflet: on a
 * narrow window the two are pages, with a back button).  The sidebar
 * searches as the user types (name, medical record number, date of birth)
 * and sorts by name or by last activity; the store answers both from its
 * indexes with a lazily loaded list (marrow_store_list_patients()).  The
 * list widget lives as long as the window, so going back to it finds the
 * selection and the scroll position as they were.  A database without
 * patients shows a welcome with "Add Patient" and the demo practice, and
 * a database that could not be opened shows why.
 *
 * The content area shows the patient, one of the patient's joint cases
 * (marrow-case-page.c) or the worklist (marrow-worklist-page.c, Ctrl+L).
 * Back (the header's button, Alt+Left, Escape) goes from a case to where it
 * was opened from (the patient or the worklist), from the worklist to the
 * patient, and on a narrow window from the content to the list.  The pages
 * stay alive, so going back finds their scroll position as it was.  Voids
 * wait for their toast's Undo (marrow-timeline-voids.c); closing the window
 * writes the pending ones.
 */
#define G_LOG_DOMAIN "marrow-window"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-case-page.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-guidance-case.h"
#include "marrow-patient-page.h"
#include "marrow-patient-row.h"
#include "marrow-stable-list.h"
#include "marrow-timeline-row.h"
#include "marrow-timeline-voids.h"
#include "marrow-window-private.h"
#include "marrow-worklist-page.h"

#define ORDER_NAME          "name"
#define ORDER_LAST_ACTIVITY "last-activity"

struct _MarrowWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  MarrowStore          *store;
  GListModel           *patients;      /* the list shown: all, or the search's */
  MarrowStableList     *rows;          /* what the list view shows of it */
  GtkSingleSelection   *selection;
  char                 *selected_id;   /* the patient selected, by id */
  char                 *patient_order;
  MarrowTimelineVoids  *voids;
  char                 *case_return;   /* the content page a case was opened from */

  /* template children */
  GtkStack             *stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *sort_button;
  GtkStack             *list_stack;
  GtkListView          *patient_list;
  AdwStatusPage        *no_results_page;
  GtkLabel             *count_label;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  MarrowPatientPage    *patient_page;
  MarrowCasePage       *case_page;
  MarrowWorklistPage   *worklist_page;
  GtkWidget            *back_button;
  GtkWidget            *refresh_button;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (MarrowWindow, marrow_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PATIENT_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Shows one child of @stack and hides the others: GTK 4.8 reports unmapped
 * stack pages to AT-SPI as visible, so a screen reader would find the empty
 * state and the list at the same time. */
static void
show_stack_child (GtkStack   *stack,
                  const char *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (stack, name);

  g_assert (page != NULL);

  gtk_widget_set_visible (page, TRUE);
  gtk_stack_set_visible_child (stack, page);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child != page)
        gtk_widget_set_visible (child, FALSE);
    }
}

static void
marrow_window_show_page (MarrowWindow *self,
                         const char   *name)
{
  g_assert (MARROW_IS_WINDOW (self));

  show_stack_child (self->stack, name);
}

static const char *
marrow_window_get_content (MarrowWindow *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

/* Shows a page of the content area; a case and the worklist have a way
 * back even side by side with the list */
static void
marrow_window_show_content (MarrowWindow *self,
                            const char   *name)
{
  gboolean deeper = g_strcmp0 (name, "case") == 0 || g_strcmp0 (name, "worklist") == 0;

  g_assert (MARROW_IS_WINDOW (self));

  show_stack_child (self->content_stack, name);
  gtk_widget_set_visible (self->back_button, deeper || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_set_visible (self->refresh_button, g_strcmp0 (name, "worklist") == 0);
  if (g_strcmp0 (name, "worklist") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Worklist"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  _marrow_window_update_report_actions (self);
}

/**
 * _marrow_window_get_report_target:
 * @record: (out) (transfer none): the case or patient shown, or %NULL
 *
 * What Print and Export as PDF make of the page shown
 * (marrow-window-print.c).
 *
 * Returns: (nullable): "case" for the case page, "summary" for the patient
 *   page, "call-list" for the worklist, %NULL for the others
 */
const char *
_marrow_window_get_report_target (MarrowWindow  *self,
                                  MarrowRecord **record)
{
  const char *content = marrow_window_get_content (self);

  *record = NULL;
  if (g_strcmp0 (content, "case") == 0)
    *record = marrow_case_page_get_case (self->case_page);
  else if (g_strcmp0 (content, "patient") == 0)
    *record = marrow_patient_page_get_patient (self->patient_page);
  else if (g_strcmp0 (content, "worklist") == 0)
    return "call-list";
  if (*record == NULL)
    return NULL;
  return g_strcmp0 (content, "case") == 0 ? "case" : "summary";
}

static gboolean
marrow_window_is_searching (MarrowWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return TRUE;
  return FALSE;
}

static void
marrow_window_update_state (MarrowWindow *self)
{
  g_autofree char *count = NULL;
  gboolean searching;
  guint n_items;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->patients == NULL)
    return;

  searching = marrow_window_is_searching (self);
  n_items = g_list_model_get_n_items (self->patients);
  if (searching)
    count = g_strdup_printf (ngettext ("%u patient found", "%u patients found", n_items), n_items);
  else
    count = g_strdup_printf (ngettext ("%u patient", "%u patients", n_items), n_items);
  gtk_label_set_label (self->count_label, count);

  if (n_items == 0 && searching)
    {
      g_autofree char *title = NULL;

      /* Translators: %s is what the user typed in the patient search */
      title = g_strdup_printf (_("No patients match “%s”"),
                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      adw_status_page_set_title (self->no_results_page, title);
      show_stack_child (self->list_stack, "no-results");
    }
  else
    {
      show_stack_child (self->list_stack, "list");
    }

  marrow_window_show_page (self, n_items > 0 || searching ? "patients" : "empty");
}

static void marrow_window_show_patient (MarrowWindow *self,
                                        MarrowRecord *patient);

static MarrowRecord *
marrow_window_get_selected_patient (MarrowWindow *self)
{
  MarrowListSlot *slot = gtk_single_selection_get_selected_item (self->selection);

  return slot != NULL ? marrow_list_slot_get_item (slot) : NULL;
}

/* The list changed behind the rows: after a search, or when the store
 * reloaded it after a save.  The selection stays on its row only while
 * that row still shows the same patient, whose page is then read again. */
static void
patients_items_changed_cb (MarrowWindow *self,
                           guint         position,
                           guint         removed,
                           guint         added,
                           GListModel   *model)
{
  MarrowRecord *selected;

  g_assert (MARROW_IS_WINDOW (self));

  selected = marrow_window_get_selected_patient (self);
  if (selected != NULL &&
      g_strcmp0 (marrow_record_get_id (selected), self->selected_id) == 0 &&
      g_strcmp0 (marrow_window_get_content (self), "patient") == 0)
    marrow_window_show_patient (self, selected);
  else if (selected != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  marrow_window_update_state (self);
}

static void
marrow_window_set_patients (MarrowWindow *self,
                            GListModel   *patients)
{
  g_assert (MARROW_IS_WINDOW (self));

  if (self->patients != NULL)
    g_signal_handlers_disconnect_by_func (self->patients, patients_items_changed_cb, self);

  /* A new list: nothing selected, back at the top.  The rows stay and
   * show the new list's patients (marrow-stable-list.c) */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_set_object (&self->patients, patients);
  marrow_stable_list_set_model (self->rows, patients);
  if (patients == NULL)
    return;

  g_signal_connect_object (patients, "items-changed",
                           G_CALLBACK (patients_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (g_list_model_get_n_items (patients) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->patient_list), "list.scroll-to-item", "u", 0);
  marrow_window_update_state (self);
}

/* Asks the store for the list that the search text and the order give */
static void
marrow_window_reload_patients (MarrowWindow *self)
{
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(GError) error = NULL;
  MarrowPatientOrder order;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->store == NULL)
    {
      marrow_window_set_patients (self, NULL);
      marrow_window_show_page (self, "empty");
      return;
    }

  order = g_strcmp0 (self->patient_order, ORDER_LAST_ACTIVITY) == 0
          ? MARROW_PATIENT_ORDER_LAST_ACTIVITY : MARROW_PATIENT_ORDER_NAME;
  patients = marrow_store_list_patients (self->store,
                                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                         order, &error);
  if (patients == NULL)
    {
      marrow_window_set_patients (self, NULL);
      marrow_window_show_open_error (self, marrow_store_get_location (self->store), error);
      return;
    }
  marrow_window_set_patients (self, patients);
}

static void
marrow_window_show_patient (MarrowWindow *self,
                            MarrowRecord *patient)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_assert (MARROW_IS_WINDOW (self));
  g_assert (MARROW_IS_RECORD (patient));

  if (self->store == NULL)
    return;

  /* The page shows what it could not read where the cases would be */
  if (!marrow_patient_page_show (self->patient_page, self->store, patient, &error))
    g_warning ("Could not read the cases of patient %s: %s", marrow_record_get_id (patient),
               error->message);

  name = marrow_patient_dup_display_name (patient);
  adw_window_title_set_title (self->content_title, name);
  adw_window_title_set_subtitle (self->content_title, NULL);
  marrow_window_show_content (self, "patient");
}

/* Opens @joint_case on the case page; @from is the page Back returns to */
static void
marrow_window_open_case (MarrowWindow *self,
                         MarrowRecord *joint_case,
                         const char   *from)
{
  g_autoptr(MarrowRecord) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  if (!marrow_case_page_show (self->case_page, self->store, joint_case, &error))
    g_warning ("Could not read the timeline of case %s: %s", marrow_record_get_id (joint_case),
               error->message);
  g_clear_error (&error);

  title = marrow_joint_case_dup_title (joint_case);
  adw_window_title_set_title (self->content_title, title);
  patient = marrow_store_lookup (self->store, &marrow_entity_patient,
                                 marrow_record_get_text (joint_case, "patient_id"), &error);
  if (patient != NULL)
    {
      g_autofree char *name = marrow_patient_dup_display_name (patient);

      adw_window_title_set_subtitle (self->content_title, name);
    }
  g_free (self->case_return);
  self->case_return = g_strdup (from);
  marrow_window_show_content (self, "case");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_grab_focus (GTK_WIDGET (self->case_page));
}

static void
patient_open_case_cb (MarrowWindow      *self,
                      MarrowRecord      *joint_case,
                      MarrowPatientPage *page)
{
  g_assert (MARROW_IS_WINDOW (self));

  marrow_window_open_case (self, joint_case, "patient");
}

static void
worklist_open_case_cb (MarrowWindow       *self,
                       const char         *case_id,
                       MarrowWorklistPage *page)
{
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  joint_case = marrow_store_lookup (self->store, &marrow_entity_joint_case, case_id, &error);
  if (joint_case == NULL)
    {
      g_warning ("Could not read case %s: %s", case_id, error->message);
      return;
    }
  marrow_window_open_case (self, joint_case, "worklist");
}

static void
show_worklist_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);

  if (self->store == NULL)
    return;
  marrow_worklist_page_refresh (self->worklist_page, self->store, marrow_guidance_today ());
  marrow_window_show_content (self, "worklist");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
selection_changed_cb (MarrowWindow       *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  MarrowRecord *patient = marrow_window_get_selected_patient (self);

  g_assert (MARROW_IS_WINDOW (self));

  g_free (self->selected_id);
  self->selected_id = patient != NULL ? g_strdup (marrow_record_get_id (patient)) : NULL;

  /* On a narrow window the content is a page of its own: it is read when
   * the row is activated, not while the pointer hovers the rows */
  if (patient != NULL && !adw_leaflet_get_folded (self->leaflet))
    marrow_window_show_patient (self, patient);
}

static void
marrow_window_open_position (MarrowWindow *self,
                             guint         position)
{
  g_autoptr(MarrowRecord) patient = NULL;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->patients == NULL ||
      (patient = g_list_model_get_item (self->patients, position)) == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  marrow_window_show_patient (self, patient);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
patient_list_activate_cb (MarrowWindow *self,
                          guint         position,
                          GtkListView  *list)
{
  g_assert (MARROW_IS_WINDOW (self));

  marrow_window_open_position (self, position);
}

static void
search_changed_cb (MarrowWindow   *self,
                   GtkSearchEntry *entry)
{
  g_assert (MARROW_IS_WINDOW (self));

  marrow_window_reload_patients (self);
}

/* Enter in the search field opens the first patient found */
static void
search_activate_cb (MarrowWindow   *self,
                    GtkSearchEntry *entry)
{
  g_assert (MARROW_IS_WINDOW (self));

  if (self->patients == NULL || g_list_model_get_n_items (self->patients) == 0)
    return;
  marrow_window_open_position (self, 0);
  if (!adw_leaflet_get_folded (self->leaflet))
    gtk_widget_grab_focus (GTK_WIDGET (self->patient_list));
}

/* Escape in the search field: an empty search lists everyone again */
static void
search_stop_cb (MarrowWindow   *self,
                GtkSearchEntry *entry)
{
  g_assert (MARROW_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
leaflet_folded_cb (MarrowWindow *self,
                   GParamSpec   *pspec,
                   AdwLeaflet   *leaflet)
{
  MarrowRecord *selected = marrow_window_get_selected_patient (self);
  gboolean folded = adw_leaflet_get_folded (leaflet);

  g_assert (MARROW_IS_WINDOW (self));

  /* Folded, a click opens the patient's page; side by side, a click (or
   * the arrow keys) selects and the content follows the selection */
  gtk_list_view_set_single_click_activate (self->patient_list, folded);
  gtk_widget_set_visible (self->back_button,
                          folded || g_strcmp0 (marrow_window_get_content (self), "patient") != 0);
  if (!folded && selected != NULL && g_strcmp0 (marrow_window_get_content (self), "none") == 0)
    marrow_window_show_patient (self, selected);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);
  const char *content = marrow_window_get_content (self);
  gboolean on_content = !adw_leaflet_get_folded (self->leaflet) ||
                        adw_leaflet_get_visible_child (self->leaflet) != self->sidebar;

  /* A case goes back to where it was opened from, the worklist to the
   * patient; the pages kept their scroll position */
  if (on_content && g_strcmp0 (content, "case") == 0)
    {
      if (g_strcmp0 (self->case_return, "worklist") == 0)
        marrow_window_show_content (self, "worklist");
      else
        {
          MarrowRecord *patient = marrow_patient_page_get_patient (self->patient_page);

          if (patient != NULL)
            marrow_window_show_patient (self, patient);
          else
            marrow_window_show_content (self, "none");
        }
      return;
    }
  if (on_content && g_strcmp0 (content, "worklist") == 0)
    {
      MarrowRecord *patient = marrow_patient_page_get_patient (self->patient_page);

      if (patient != NULL)
        marrow_window_show_patient (self, patient);
      else
        {
          marrow_window_show_content (self, "none");
          adw_window_title_set_title (self->content_title, NULL);
        }
      if (!adw_leaflet_get_folded (self->leaflet))
        return;
    }

  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != self->sidebar)
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      gtk_widget_grab_focus (GTK_WIDGET (self->patient_list));
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "patients") != 0)
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
new_patient_saved_cb (MarrowWindow     *self,
                      MarrowRecord     *patient,
                      MarrowFormDialog *dialog)
{
  g_assert (MARROW_IS_WINDOW (self));

  marrow_window_show_patient (self, patient);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
new_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);
  g_autoptr(MarrowRecord) patient = NULL;
  MarrowFormDialog *dialog;

  if (self->store == NULL)
    return;

  /* The store reloads the list when the dialog saves; the new patient is
   * shown at once */
  patient = marrow_record_new (&marrow_entity_patient);
  dialog = marrow_form_dialog_new (GTK_WINDOW (self), self->store, patient, TRUE);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (new_patient_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_worklist_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);

  if (self->store != NULL)
    marrow_worklist_page_refresh (self->worklist_page, self->store, marrow_guidance_today ());
}

static void
marrow_window_restore_size (MarrowWindow *self)
{
  g_assert (MARROW_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "default-width"),
                               g_settings_get_int (self->settings, "default-height"));
  if (g_settings_get_boolean (self->settings, "is-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
marrow_window_save_size (MarrowWindow *self)
{
  int width = 0;
  int height = 0;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  /* The default size tracks the unmaximized size, so a maximized window
   * comes back at the size it had before it was maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "default-width", width);
      g_settings_set_int (self->settings, "default-height", height);
    }
  g_settings_set_boolean (self->settings, "is-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
marrow_window_close_request (GtkWindow *window)
{
  MarrowWindow *self = MARROW_WINDOW (window);

  marrow_window_save_size (self);
  /* What waits for its Undo is meant: write it before the window goes */
  marrow_timeline_voids_flush (self->voids);

  return GTK_WINDOW_CLASS (marrow_window_parent_class)->close_request (window);
}

static void
marrow_window_dispose (GObject *object)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  if (self->patients != NULL)
    g_signal_handlers_disconnect_by_func (self->patients, patients_items_changed_cb, self);
  g_clear_object (&self->patients);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  if (self->voids != NULL)
    marrow_timeline_voids_flush (self->voids);
  g_clear_object (&self->voids);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (marrow_window_parent_class)->dispose (object);
}

static void
marrow_window_finalize (GObject *object)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  g_clear_pointer (&self->patient_order, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->case_return, g_free);

  G_OBJECT_CLASS (marrow_window_parent_class)->finalize (object);
}

static void
marrow_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, marrow_window_get_store (self));
      break;

    case PROP_PATIENT_ORDER:
      g_value_set_string (value, marrow_window_get_patient_order (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      marrow_window_set_store (self, g_value_get_object (value));
      break;

    case PROP_PATIENT_ORDER:
      marrow_window_set_patient_order (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_window_class_init (MarrowWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = marrow_window_dispose;
  object_class->finalize = marrow_window_finalize;
  object_class->get_property = marrow_window_get_property;
  object_class->set_property = marrow_window_set_property;

  window_class->close_request = marrow_window_close_request;

  /**
   * MarrowWindow:store: (nullable)
   *
   * The store whose patients the window lists.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MARROW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MarrowWindow:patient-order:
   *
   * The order of the patient list: "name" or "last-activity".  The sort
   * menu changes it through the action win.patient-order.
   */
  properties[PROP_PATIENT_ORDER] =
    g_param_spec_string ("patient-order", NULL, NULL,
                         ORDER_NAME,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MARROW_TYPE_PATIENT_PAGE);
  g_type_ensure (MARROW_TYPE_CASE_PAGE);
  g_type_ensure (MARROW_TYPE_WORKLIST_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, sort_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, patient_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, patient_page);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, case_page);
    gtk_widget_class_bind_template_child (widget_class, MarrowWindow, worklist_page);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, error_page);
  /* Named for the tests, held by no field */
  gtk_widget_class_bind_template_child_full (widget_class, "add_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "worklist_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "toast_overlay", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "empty_add_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "demo_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, new_patient_action);
  gtk_widget_class_install_action (widget_class, "win.show-worklist", NULL, show_worklist_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-worklist", NULL, refresh_worklist_action);
  gtk_widget_class_install_property_action (widget_class, "win.patient-order", "patient-order");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-patient", NULL);
  /* AdwLeaflet itself goes back on Alt+Left and the mouse's back button
   * while the focus is inside it; this covers the rest of the window */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);
  /* Escape reaches the window only when the focused widget (a search
   * field, a dialog) did not use it */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.go-back", NULL);
  /* Ctrl+W closes the window, so the worklist is Ctrl+L (for "list") */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.show-worklist", NULL);

  _marrow_window_class_add_exchange_actions (widget_class);
  _marrow_window_class_add_print_actions (widget_class);
}

static void
marrow_window_init (MarrowWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  self->patient_order = g_strdup (ORDER_NAME);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Buttons with a mnemonic (Add Patient, the demo) are read once, by
   * their .ui names; the pages in the window name their own */
  marrow_form_name_buttons_once (GTK_WIDGET (self));

  self->voids = marrow_timeline_voids_new ();
  marrow_patient_page_set_voids (self->patient_page, self->voids);
  marrow_case_page_set_voids (self->case_page, self->voids);
  g_signal_connect_object (self->patient_page, "open-case", G_CALLBACK (patient_open_case_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->worklist_page, "open-case", G_CALLBACK (worklist_open_case_cb), self,
                           G_CONNECT_SWAPPED);

  factory = marrow_patient_row_factory_new ();
  gtk_list_view_set_factory (self->patient_list, factory);

  /* Nothing is selected until the user picks a patient */
  self->rows = marrow_stable_list_new ();
  marrow_stable_list_set_same_func (self->rows, marrow_patient_row_same_patient);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->patient_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->patient_list, "activate",
                           G_CALLBACK (patient_list_activate_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->search_entry, "changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (search_stop_cb), self, G_CONNECT_SWAPPED);
  /* Typing anywhere in the list starts a search */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->patient_list));

  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (leaflet_folded_cb), self, G_CONNECT_SWAPPED);
  leaflet_folded_cb (self, NULL, self->leaflet);

  /* Running uninstalled without GSETTINGS_SCHEMA_DIR must not abort: the
   * window then simply does not remember its size. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      /* The sort menu's choice, kept for the next start (the nick of the
       * enum key is the property's value) */
      g_settings_bind (self->settings, "patient-order", self, "patient-order",
                       G_SETTINGS_BIND_DEFAULT);
    }
  else
    g_message ("GSettings schema %s is not installed; the window size and the list's order are "
               "not saved", APP_ID);

  marrow_window_restore_size (self);
  marrow_window_show_page (self, "empty");
  marrow_window_show_content (self, "none");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-worklist", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-archive", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-archive", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-patient", FALSE);
}

/**
 * marrow_window_new:
 * @application: (nullable): the application
 *
 * Returns: (transfer full): a new window without a store
 */
MarrowWindow *
marrow_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (MARROW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * marrow_window_get_store:
 *
 * Returns: (transfer none) (nullable): the store the window shows
 */
MarrowStore *
marrow_window_get_store (MarrowWindow *self)
{
  g_return_val_if_fail (MARROW_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * marrow_window_set_store:
 * @store: (nullable): the store to show
 *
 * Lists the patients of @store.  If the list cannot be read, the window
 * shows the error instead.
 */
void
marrow_window_set_store (MarrowWindow *self,
                         MarrowStore  *store)
{
  g_return_if_fail (MARROW_IS_WINDOW (self));
  g_return_if_fail (store == NULL || MARROW_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-archive", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-archive", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-patient", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-worklist", store != NULL);

  /* Another database: nothing of the last one stays on screen, and what
   * waits for its Undo is written to the database it belongs to */
  marrow_timeline_voids_flush (self->voids);
  marrow_window_show_content (self, "none");
  adw_window_title_set_title (self->content_title, NULL);
  adw_window_title_set_subtitle (self->content_title, NULL);
  marrow_window_reload_patients (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * marrow_window_get_patient_order:
 *
 * Returns: (transfer none): "name" or "last-activity"
 */
const char *
marrow_window_get_patient_order (MarrowWindow *self)
{
  g_return_val_if_fail (MARROW_IS_WINDOW (self), NULL);

  return self->patient_order;
}

/**
 * marrow_window_set_patient_order:
 * @order: "name" or "last-activity"
 *
 * Sorts the patient list (and the search's results) by name or by last
 * activity, the most recent first.
 */
void
marrow_window_set_patient_order (MarrowWindow *self,
                                 const char   *order)
{
  g_return_if_fail (MARROW_IS_WINDOW (self));
  g_return_if_fail (g_strcmp0 (order, ORDER_NAME) == 0 ||
                    g_strcmp0 (order, ORDER_LAST_ACTIVITY) == 0);

  if (g_strcmp0 (self->patient_order, order) == 0)
    return;

  g_free (self->patient_order);
  self->patient_order = g_strdup (order);
  gtk_menu_button_set_icon_name (self->sort_button,
                                 g_strcmp0 (order, ORDER_NAME) == 0
                                 ? "view-sort-ascending-symbolic"
                                 : "view-sort-descending-symbolic");
  if (self->store != NULL)
    marrow_window_reload_patients (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ORDER]);
}

/**
 * marrow_window_show_open_error:
 * @location: (nullable): the database that could not be opened
 * @error: (nullable): why
 *
 * Shows that the database could not be opened or read, in place of the list.
 */
void
marrow_window_show_open_error (MarrowWindow *self,
                               const char   *location,
                               const GError *error)
{
  g_autofree char *description = NULL;
  const char *message;

  g_return_if_fail (MARROW_IS_WINDOW (self));

  message = error != NULL ? error->message : _("Unknown error");

  /* The status page description is markup. */
  if (location != NULL)
    description = g_markup_printf_escaped ("%s\n\n<tt>%s</tt>", message, location);
  else
    description = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, description);
  marrow_window_show_page (self, "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-patient", FALSE);
}

/**
 * marrow_window_set_demo:
 * @demo: the window shows the demo practice
 *
 * Says so in the title bar, so fictional data is never taken for real.
 */
void
marrow_window_set_demo (MarrowWindow *self,
                        gboolean      demo)
{
  g_return_if_fail (MARROW_IS_WINDOW (self));

  adw_window_title_set_subtitle (self->window_title,
                                 demo ? _("Demo practice: fictional patients") : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", !demo);
}
