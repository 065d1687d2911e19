/* test-pages.c: the patient page, the case page with its timeline and
 * guidance, voids with Undo, and the worklist, in a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records come from marrow-test-samples.c (one complete treatment
 * chain of a left knee) or from the demo practice, imported from the same
 * archive the window's "Explore the demo practice" uses.  With
 * MARROW_PAGES_SCREENSHOT_DIR set, /pages/screenshots saves the main
 * window with a search, the patient page, the case timeline and the
 * worklist of the demo practice there.
 */
#include "config.h"

#include <string.h>

#include "marrow-archive.h"
#include "marrow-case-page.h"
#include "marrow-dashboard-row.h"
#include "marrow-entities.h"
#include "marrow-form-test-util.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-settings.h"
#include "marrow-patient-page.h"
#include "marrow-test-samples.h"
#include "marrow-timeline-entry.h"
#include "marrow-timeline-row.h"
#include "marrow-timeline-voids.h"
#include "marrow-window.h"
#include "marrow-worklist.h"
#include "marrow-worklist-page.h"

#define DEMO_URI "resource:///io/github/marrow/Marrow/exchange/demo-practice.xml"

static MarrowApplication *app;

typedef struct
{
  Fixture       base;
  MarrowWindow *window;
  GPtrArray    *chain;
} Pages;

static void
pages_setup (Pages         *pages,
             gconstpointer  data)
{
  fixture_setup (&pages->base, data);
  pages->window = g_object_ref_sink (marrow_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (pages->window), 1100, 900);
}

static void
pages_teardown (Pages         *pages,
                gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (pages->window));
  g_clear_object (&pages->window);
  g_clear_pointer (&pages->chain, g_ptr_array_unref);
  fixture_teardown (&pages->base, data);
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
window_child (Pages      *pages,
              const char *name)
{
  return child (pages->window, MARROW_TYPE_WINDOW, name);
}

static GtkWidget *
patient_page_child (Pages      *pages,
                    const char *name)
{
  return child (window_child (pages, "patient_page"), MARROW_TYPE_PATIENT_PAGE, name);
}

static GtkWidget *
case_page_child (Pages      *pages,
                 const char *name)
{
  return child (window_child (pages, "case_page"), MARROW_TYPE_CASE_PAGE, name);
}

/* The case page's Timeline view, read when it is first shown */
static void
show_timeline_view (Pages *pages)
{
  gtk_stack_set_visible_child_name (GTK_STACK (case_page_child (pages, "view_stack")), "timeline");
  spin ();
}

static const char *
content_page (Pages *pages)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (window_child (pages, "content_stack")));
}

/* The rows of a list box, placeholder left out */
static GPtrArray *
rows_of (GtkWidget *list)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    g_ptr_array_add (rows, row);
  return rows;
}

/* The sample chain in the fixture's database, and the window on it */
static void
insert_chain (Pages *pages)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  pages->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < pages->chain->len; i++)
    marrow_change_set_add_insert (changes, pages->chain->pdata[i]);
  marrow_store_apply (pages->base.store, changes, &error);
  g_assert_no_error (error);
}

static MarrowRecord *
sample (Pages      *pages,
        const char *entity)
{
  return marrow_test_sample_find (pages->chain, entity);
}

/* Shows the sample patient ("Example", after the fixture's "Adebayo") */
static void
show_sample_patient (Pages *pages)
{
  GtkListView *list = GTK_LIST_VIEW (window_child (pages, "patient_list"));

  marrow_window_set_store (pages->window, pages->base.store);
  gtk_window_present (GTK_WINDOW (pages->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pages->window));
  gtk_selection_model_select_item (gtk_list_view_get_model (list), 1, TRUE);
  spin ();
  g_assert_cmpstr (content_page (pages), ==, "patient");
  g_assert_true (marrow_record_get_id (marrow_patient_page_get_patient (
                   MARROW_PATIENT_PAGE (window_child (pages, "patient_page")))) != NULL);
}

static void
open_sample_case (Pages *pages)
{
  GPtrArray *rows;

  show_sample_patient (pages);
  rows = rows_of (patient_page_child (pages, "cases_list"));
  g_assert_cmpuint (rows->len, ==, 1);
  g_signal_emit_by_name (patient_page_child (pages, "cases_list"), "row-activated", rows->pdata[0]);
  g_ptr_array_unref (rows);
  spin ();
  g_assert_cmpstr (content_page (pages), ==, "case");
}

static MarrowFormDialog *
find_form_dialog (void)
{
  GList *windows = gtk_window_list_toplevels ();
  MarrowFormDialog *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (MARROW_IS_FORM_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
form_dialog_shown (gpointer data)
{
  return find_form_dialog () != NULL;
}

static MarrowFormDialog *
wait_for_form_dialog (void)
{
  g_assert_true (wait_for (form_dialog_shown, NULL));
  return find_form_dialog ();
}

static void
test_patient_page (Pages         *pages,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) weights = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  const char *subtitle;

  insert_chain (pages);
  show_sample_patient (pages);

  weights = rows_of (patient_page_child (pages, "weights_list"));
  g_assert_cmpuint (weights->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (weights->pdata[0]), ==, "72.5 kg · 168 cm");

  /* The harvest and its lot; the run is reached from the lot */
  chain = rows_of (patient_page_child (pages, "chain_list"));
  g_assert_cmpuint (chain->len, ==, 2);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (chain->pdata[0]),
                                   "Harvest MRW0126000123W — Bone marrow"));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (chain->pdata[1]),
                                   "Product lot MRW0126000123W-L1 — Released"));

  /* The case with its last injection and latest primary (KOOS) score */
  cases = rows_of (patient_page_child (pages, "cases_list"));
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (cases->pdata[0]), ==, "Left Knee");
  subtitle = adw_action_row_get_subtitle (cases->pdata[0]);
  g_test_message ("case subtitle: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "Last injection 01/12/2026"));
  g_assert_nonnull (strstr (subtitle, "· KOOS"));
  g_assert_nonnull (strstr (subtitle, "Pain not scorable, Activities of daily living not scorable"));

  /* Add Weight opens the weight form for this patient */
  g_assert_true (gtk_widget_activate_action (window_child (pages, "patient_page"), "patient.add-weight", NULL));
  g_assert_nonnull (wait_for_form_dialog ());
}

static void
test_timeline_order (Pages         *pages,
                     gconstpointer  data)
{
  static const MarrowTimelineKind expected[] = {
    MARROW_TIMELINE_HARVEST, MARROW_TIMELINE_PROCESSING_RUN, MARROW_TIMELINE_PRODUCT_LOT,
    MARROW_TIMELINE_INJECTION, MARROW_TIMELINE_ADVERSE_EVENT,
  };
  g_autoptr(GPtrArray) rows = NULL;
  guint found = 0;
  MarrowDay last = 0;

  insert_chain (pages);
  open_sample_case (pages);

  /* The case opens on its dashboard; the timeline is read when shown */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (case_page_child (pages, "view_stack"))), ==,
                   "dashboard");
  rows = rows_of (case_page_child (pages, "timeline_list"));
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  show_timeline_view (pages);
  rows = rows_of (case_page_child (pages, "timeline_list"));
  g_assert_cmpuint (rows->len, >=, 6);
  for (guint i = 0; i < rows->len; i++)
    {
      MarrowTimelineEntry *entry = marrow_timeline_row_get_entry (rows->pdata[i]);

      g_test_message ("row %u: %s", i, adw_preferences_row_get_title (rows->pdata[i]));
      g_assert_cmpuint (marrow_timeline_entry_get_day (entry), >=, last);
      last = marrow_timeline_entry_get_day (entry);
      if (found < G_N_ELEMENTS (expected) && marrow_timeline_entry_get_kind (entry) == expected[found])
        found++;
    }
  /* The chain comes in its order, then what followed the injection */
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (
                                     rows->pdata[4]), "Injection #1 — 10.0 mL, 748 × 10⁶ cells (10.3 × 10⁶/kg)"));
  /* One header, the year, above the first row */
  g_assert_nonnull (gtk_list_box_row_get_header (rows->pdata[0]));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_list_box_row_get_header (rows->pdata[0]))), ==,
                   "2026");
  g_assert_null (gtk_list_box_row_get_header (rows->pdata[1]));

  /* Back keeps the patient page; Escape goes back too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pages->window), "win.go-back", NULL));
  g_assert_cmpstr (content_page (pages), ==, "patient");
}

static void
test_timeline_fifty (Pages         *pages,
                     gconstpointer  data)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(MarrowRecord) joint_case = insert_case (&pages->base);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint headers = 0;

  /* Fifty events over five years, entered in no order */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(MarrowRecord) event = new_child_of_patient (&pages->base, &marrow_entity_adverse_event);
      g_autofree char *day = g_strdup_printf ("%04u-%02u-%02u", 2021 + (i * 7) % 5, 1 + (i * 5) % 12,
                                              1 + i % 28);

      marrow_record_set_text (event, "joint_case_id", marrow_record_get_id (joint_case));
      marrow_record_set_text (event, "onset_date", day);
      marrow_record_set_text (event, "detected_via", "phone");
      marrow_record_set_text (event, "category", "post_procedure_pain");
      marrow_record_set_text (event, "description", "Pain after the injection");
      marrow_record_set_int (event, "severity_ctcae", 1);
      marrow_change_set_add_insert (changes, event);
    }
  marrow_store_apply (pages->base.store, changes, &error);
  g_assert_no_error (error);

  marrow_window_set_store (pages->window, pages->base.store);
  gtk_window_present (GTK_WINDOW (pages->window));
  g_assert_true (marrow_case_page_show (MARROW_CASE_PAGE (window_child (pages, "case_page")),
                                        pages->base.store, joint_case, &error));
  g_assert_no_error (error);
  gtk_stack_set_visible_child_name (GTK_STACK (window_child (pages, "content_stack")), "case");
  show_timeline_view (pages);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pages->window));

  rows = rows_of (case_page_child (pages, "timeline_list"));
  g_assert_cmpuint (rows->len, ==, 50);
  for (guint i = 0; i < rows->len; i++)
    {
      if (gtk_list_box_row_get_header (rows->pdata[i]) != NULL)
        headers++;
      if (i > 0)
        g_assert_cmpint (marrow_timeline_entry_compare (marrow_timeline_row_get_entry (rows->pdata[i - 1]),
                                                        marrow_timeline_row_get_entry (rows->pdata[i]),
                                                        NULL), <, 0);
    }
  g_assert_cmpuint (headers, ==, 5);
  g_assert_cmpstr (adw_preferences_group_get_description (
                     ADW_PREFERENCES_GROUP (case_page_child (pages, "timeline_group"))), ==,
                   "50 entries, the earliest first");
}

static GtkWidget *
row_of_record (Pages        *pages,
               MarrowRecord *record)
{
  g_autoptr(GPtrArray) rows = rows_of (case_page_child (pages, "timeline_list"));

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (rows->pdata[i]), marrow_record_get_id (record)) == 0)
      return rows->pdata[i];
  return NULL;
}

static void
test_open_entry (Pages         *pages,
                 gconstpointer  data)
{
  MarrowRecord *injection;
  MarrowFormDialog *dialog;
  MarrowRecord *shown;
  GtkWidget *row;

  insert_chain (pages);
  open_sample_case (pages);
  show_timeline_view (pages);

  injection = sample (pages, "injection");
  row = row_of_record (pages, injection);
  g_assert_nonnull (row);
  g_signal_emit_by_name (case_page_child (pages, "timeline_list"), "row-activated", row);
  dialog = wait_for_form_dialog ();
  shown = marrow_form_get_record (marrow_form_dialog_get_form (dialog));
  g_assert_cmpstr (marrow_record_get_id (shown), ==, marrow_record_get_id (injection));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A lot opens the run it came from */
  row = row_of_record (pages, sample (pages, "product_lot"));
  g_signal_emit_by_name (case_page_child (pages, "timeline_list"), "row-activated", row);
  dialog = wait_for_form_dialog ();
  shown = marrow_form_get_record (marrow_form_dialog_get_form (dialog));
  g_assert_cmpstr (marrow_record_get_id (shown), ==, marrow_record_get_id (sample (pages, "processing_run")));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Record Injection opens a new injection of this case */
  g_assert_true (gtk_widget_activate_action (window_child (pages, "case_page"), "case.record-injection", NULL));
  dialog = wait_for_form_dialog ();
  shown = marrow_form_get_record (marrow_form_dialog_get_form (dialog));
  g_assert_cmpstr (marrow_record_get_text (shown, "joint_case_id"), ==,
                   marrow_record_get_id (sample (pages, "joint_case")));
}

static void
ask_void (Pages        *pages,
          MarrowRecord *record,
          const char   *reason)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (window_child (pages, "case_page"), "case.void-entry", "s",
                                             marrow_record_get_id (record)));
  dialog = wait_for_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "void"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "void"));
  answer (dialog, "void");
  spin ();
}

static void
test_void_undo (Pages         *pages,
                gconstpointer  data)
{
  g_autoptr(MarrowRecord) stored = NULL;
  MarrowRecord *event;
  MarrowTimelineVoids *voids;
  AdwToast *toast;

  insert_chain (pages);
  open_sample_case (pages);
  voids = marrow_timeline_voids_new ();
  marrow_case_page_set_voids (MARROW_CASE_PAGE (window_child (pages, "case_page")), voids);
  show_timeline_view (pages);

  event = sample (pages, "adverse_event");
  g_assert_nonnull (row_of_record (pages, event));

  /* Asked with a reason: hidden at once, written only when the toast goes */
  ask_void (pages, event, "Entered for the wrong case");
  g_assert_true (marrow_timeline_voids_is_pending (voids, marrow_record_get_id (event)));
  g_assert_null (row_of_record (pages, event));
  stored = lookup (&pages->base, &marrow_entity_adverse_event, marrow_record_get_id (event));
  g_assert_false (marrow_record_is_voided (stored));
  g_clear_object (&stored);

  /* Undo: back, and never written */
  toast = marrow_timeline_voids_get_toast (voids, marrow_record_get_id (event));
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  spin ();
  g_assert_false (marrow_timeline_voids_is_pending (voids, marrow_record_get_id (event)));
  g_assert_nonnull (row_of_record (pages, event));
  stored = lookup (&pages->base, &marrow_entity_adverse_event, marrow_record_get_id (event));
  g_assert_false (marrow_record_is_voided (stored));
  g_clear_object (&stored);

  /* Again, and the toast goes without Undo: voided with the reason */
  ask_void (pages, event, "Entered for the wrong case");
  adw_toast_dismiss (marrow_timeline_voids_get_toast (voids, marrow_record_get_id (event)));
  spin ();
  stored = lookup (&pages->base, &marrow_entity_adverse_event, marrow_record_get_id (event));
  g_assert_true (marrow_record_is_voided (stored));
  g_assert_cmpstr (marrow_record_get_error_reason (stored), ==, "Entered for the wrong case");
  g_assert_null (row_of_record (pages, event));
  g_clear_object (&stored);

  /* A record changed elsewhere since it was shown is not voided */
  {
    MarrowRecord *weight = sample (pages, "injection");
    g_autoptr(MarrowRecord) other = lookup (&pages->base, &marrow_entity_injection,
                                            marrow_record_get_id (weight));
    g_autoptr(GError) error = NULL;
    AdwMessageDialog *stale;

    marrow_record_set_text (other, "target_structure", "Knee joint, lateral approach");
    marrow_store_update (pages->base.store, other, &error);
    g_assert_no_error (error);
    ask_void (pages, weight, "Wrong day");
    stale = wait_for_message_dialog ();
    g_assert_cmpstr (adw_message_dialog_get_heading (stale), ==, "Changed Elsewhere");
    answer (stale, "reload");
    g_assert_false (marrow_timeline_voids_is_pending (voids, marrow_record_get_id (weight)));
    stored = lookup (&pages->base, &marrow_entity_injection, marrow_record_get_id (weight));
    g_assert_false (marrow_record_is_voided (stored));
  }
  g_object_unref (voids);
}

/* The first widget named @name below @widget */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A whole joint case entered in error from its row on the patient page:
 * with the records entered in it, under one reason and one Undo */
static void
test_void_case (Pages         *pages,
                gconstpointer  data)
{
  g_autoptr(MarrowTimelineVoids) voids = marrow_timeline_voids_new ();
  g_autoptr(GPtrArray) in_case = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *count = NULL;
  MarrowPatientPage *page;
  MarrowRecord *joint_case;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  GtkWidget *entry;
  AdwToast *toast;

  insert_chain (pages);
  show_sample_patient (pages);
  page = MARROW_PATIENT_PAGE (window_child (pages, "patient_page"));
  marrow_patient_page_set_voids (page, voids);
  /* Every control of the window, its pages included, is read once */
  g_assert_cmpuint (assert_named_once (GTK_WIDGET (pages->window)), >, 10);
  joint_case = sample (pages, "joint_case");
  for (guint i = 0; i < pages->chain->len; i++)
    if (marrow_entity_find_field (marrow_record_get_entity (pages->chain->pdata[i]), "joint_case_id") &&
        g_strcmp0 (marrow_record_get_text (pages->chain->pdata[i], "joint_case_id"),
                   marrow_record_get_id (joint_case)) == 0)
      g_ptr_array_add (in_case, pages->chain->pdata[i]);
  g_assert_cmpuint (in_case->len, >=, 3);

  /* The row's button, named for a screen reader */
  rows = rows_of (patient_page_child (pages, "cases_list"));
  g_assert_cmpuint (rows->len, ==, 1);
  button = find_named (rows->pdata[0], "void_case_button");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "patient.void-case");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Enter in Error: Left Knee");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Asked with a reason, saying that its records go with it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "patient.void-case", "s",
                                             marrow_record_get_id (joint_case)));
  dialog = wait_for_message_dialog ();
  count = g_strdup_printf ("and the %u records entered in it", in_case->len);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), count));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Entered for the wrong patient");
  answer (dialog, "void");
  spin ();

  /* Hidden at once; nothing written yet */
  g_assert_true (marrow_timeline_voids_is_pending (voids, marrow_record_get_id (joint_case)));
  rows = rows_of (patient_page_child (pages, "cases_list"));
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Undo: the case is back, and nothing was ever written */
  toast = marrow_timeline_voids_get_toast (voids, marrow_record_get_id (joint_case));
  g_assert_nonnull (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  spin ();
  rows = rows_of (patient_page_child (pages, "cases_list"));
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  for (guint i = 0; i < in_case->len; i++)
    {
      g_autoptr(MarrowRecord) stored = lookup (&pages->base, marrow_record_get_entity (in_case->pdata[i]),
                                               marrow_record_get_id (in_case->pdata[i]));

      g_assert_false (marrow_record_is_voided (stored));
    }

  /* Again, and the toast goes: the case and its records, with the reason */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "patient.void-case", "s",
                                             marrow_record_get_id (joint_case)));
  dialog = wait_for_message_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Entered for the wrong patient");
  answer (dialog, "void");
  spin ();
  adw_toast_dismiss (marrow_timeline_voids_get_toast (voids, marrow_record_get_id (joint_case)));
  spin ();
  g_ptr_array_add (in_case, joint_case);
  for (guint i = 0; i < in_case->len; i++)
    {
      g_autoptr(MarrowRecord) stored = lookup (&pages->base, marrow_record_get_entity (in_case->pdata[i]),
                                               marrow_record_get_id (in_case->pdata[i]));

      g_test_message ("%s voided", marrow_record_get_entity (stored)->name);
      g_assert_true (marrow_record_is_voided (stored));
      g_assert_cmpstr (marrow_record_get_error_reason (stored), ==, "Entered for the wrong patient");
    }
  rows = rows_of (patient_page_child (pages, "cases_list"));
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_guidance (Pages         *pages,
               gconstpointer  data)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(MarrowRecord) decision = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *panel;
  GtkWidget *statements_list;
  AdwMessageDialog *dialog;
  MarrowRecord *joint_case;

  insert_chain (pages);
  open_sample_case (pages);
  joint_case = sample (pages, "joint_case");

  /* The statements the engine gives for the case today, in its order */
  protocols = marrow_guidance_protocols_load (pages->base.store, &error);
  g_assert_no_error (error);
  evaluation = marrow_guidance_evaluate_case (pages->base.store, protocols, joint_case,
                                              marrow_guidance_today (), 0, NULL, &error);
  g_assert_no_error (error);
  panel = case_page_child (pages, "guidance_panel");
  statements_list = child (panel, g_type_from_name ("MarrowGuidancePanel"), "statements_list");
  statements = rows_of (statements_list);
  g_assert_cmpuint (statements->len, >, 0);
  g_assert_cmpuint (statements->len, ==, marrow_guidance_evaluation_get_n_statements (evaluation));
  for (guint i = 0; i < statements->len; i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);
      g_autofree char *text = marrow_guidance_statement_dup_text (statement);

      g_assert_cmpstr (gtk_widget_get_name (statements->pdata[i]), ==,
                       marrow_guidance_statement_code_to_string (statement->code));
      g_assert_cmpstr (marrow_dashboard_row_get_title (statements->pdata[i]), ==, text);
      g_assert_nonnull (strstr (marrow_dashboard_row_get_subtitle (statements->pdata[i]),
                                marrow_guidance_statement_code_get_citation (statement->code)));
    }

  /* Accept stores the decision on this evaluation */
  g_assert_true (gtk_widget_activate_action (panel, "guidance.accept", NULL));
  spin ();
  decision = marrow_guidance_decision_find_latest (pages->base.store, marrow_record_get_id (joint_case),
                                                   marrow_guidance_today (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (decision);
  g_assert_cmpstr (marrow_record_get_text (decision, "decision"), ==, "accept");
  g_assert_cmpstr (marrow_record_get_text (decision, "recommendation"), ==,
                   marrow_guidance_recommendation_to_string (
                     marrow_guidance_evaluation_get_recommendation (evaluation)));
  g_clear_object (&decision);

  /* Override asks for the reason, then stands as the latest decision */
  g_assert_true (gtk_widget_activate_action (panel, "guidance.override", NULL));
  dialog = wait_for_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "override"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Patient declines a repeat this year");
  answer (dialog, "override");
  spin ();
  decision = marrow_guidance_decision_find_latest (pages->base.store, marrow_record_get_id (joint_case),
                                                   marrow_guidance_today (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marrow_record_get_text (decision, "decision"), ==, "override");
  g_assert_cmpstr (marrow_record_get_text (decision, "reason"), ==, "Patient declines a repeat this year");
}

static void
import_demo (Pages *pages)
{
  g_autoptr(GFile) demo = g_file_new_for_uri (DEMO_URI);
  MarrowArchiveImportOptions options = { FALSE, FALSE };
  MarrowArchiveImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pages->base.tmpdir, "demo.db", NULL);

  /* A database of its own, as the window makes for the demo */
  g_clear_object (&pages->base.store);
  pages->base.store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  marrow_archive_import (pages->base.store, demo, &options, &summary, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, >, 1000);
  marrow_archive_import_summary_clear (&summary);
}

static gboolean
worklist_ready (gpointer data)
{
  return !marrow_worklist_page_is_loading (data);
}

static void
test_worklist (Pages         *pages,
               gconstpointer  data)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GError) error = NULL;
  MarrowWorklistPage *worklist;
  guint n_rows = 0;
  const char *lists[] = { "review_list", "overdue_list", "due_list" };
  const char *case_id;

  import_demo (pages);
  marrow_window_set_store (pages->window, pages->base.store);
  gtk_window_present (GTK_WINDOW (pages->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pages->window), "win.show-worklist", NULL));
  g_assert_cmpstr (content_page (pages), ==, "worklist");
  worklist = MARROW_WORKLIST_PAGE (window_child (pages, "worklist_page"));
  g_assert_true (marrow_worklist_page_is_loading (worklist));
  g_assert_true (wait_for (worklist_ready, worklist) || wait_for (worklist_ready, worklist) ||
                 wait_for (worklist_ready, worklist));

  /* The same list as marrow-cli worklist prints */
  protocols = marrow_guidance_protocols_load (pages->base.store, &error);
  g_assert_no_error (error);
  expected = marrow_worklist_collect (pages->base.store, protocols, marrow_guidance_today (), NULL, NULL,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, 0);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(GPtrArray) rows = rows_of (child (worklist, MARROW_TYPE_WORKLIST_PAGE, lists[l]));

      n_rows += rows->len;
    }
  g_assert_cmpuint (n_rows, ==, expected->len);

  /* A row opens its case; Back returns to the worklist */
  reviews = rows_of (child (worklist, MARROW_TYPE_WORKLIST_PAGE, "overdue_list"));
  if (reviews->len == 0)
    {
      g_clear_pointer (&reviews, g_ptr_array_unref);
      reviews = rows_of (child (worklist, MARROW_TYPE_WORKLIST_PAGE, "review_list"));
    }
  g_assert_cmpuint (reviews->len, >, 0);
  case_id = gtk_widget_get_name (reviews->pdata[0]);
  g_signal_emit_by_name (gtk_widget_get_parent (reviews->pdata[0]), "row-activated", reviews->pdata[0]);
  spin ();
  g_assert_cmpstr (content_page (pages), ==, "case");
  g_assert_cmpstr (marrow_record_get_id (marrow_case_page_get_case (
                     MARROW_CASE_PAGE (window_child (pages, "case_page")))), ==, case_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pages->window), "win.go-back", NULL));
  g_assert_cmpstr (content_page (pages), ==, "worklist");
}

static void
save_shot (GtkWidget  *widget,
           const char *folder,
           const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  spin ();
  gtk_test_widget_wait_for_draw (widget);
  /* Made after the frame: a widget paintable made while a redraw is
   * pending may hold an empty image */
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The pages of the demo practice, for data/screenshots (not a check) */
static void
test_screenshots (Pages         *pages,
                  gconstpointer  data)
{
  const char *folder = g_getenv ("MARROW_PAGES_SCREENSHOT_DIR");
  const char *patient_id = g_getenv ("MARROW_PAGES_SCREENSHOT_PATIENT");
  g_autoptr(MarrowRecord) patient = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  MarrowWorklistPage *worklist;

  if (folder == NULL)
    {
      g_test_skip ("MARROW_PAGES_SCREENSHOT_DIR is not set");
      return;
    }

  import_demo (pages);
  marrow_window_set_store (pages->window, pages->base.store);
  marrow_window_set_demo (pages->window, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (pages->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (pages->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pages->window));

  /* The list searched as the user types, the first patient found open */
  {
    GtkListView *list = GTK_LIST_VIEW (window_child (pages, "patient_list"));
    GtkEditable *search = GTK_EDITABLE (window_child (pages, "search_entry"));

    gtk_editable_set_text (search, "fab");
    spin ();
    gtk_selection_model_select_item (gtk_list_view_get_model (list), 1, TRUE);
    spin ();
    save_shot (GTK_WIDGET (pages->window), folder, "main-window.png");
    gtk_editable_set_text (search, "");
    spin ();
    gtk_test_widget_wait_for_draw (GTK_WIDGET (pages->window));
  }

  {
    GtkListView *list = GTK_LIST_VIEW (window_child (pages, "patient_list"));
    guint position = patient_id != NULL ? (guint)g_ascii_strtoull (patient_id, NULL, 10) : 3;

    gtk_selection_model_select_item (gtk_list_view_get_model (list), position, TRUE);
  }
  spin ();
  save_shot (GTK_WIDGET (pages->window), folder, "patient-page.png");

  patient = g_object_ref (marrow_patient_page_get_patient (MARROW_PATIENT_PAGE (window_child (pages,
                                                                                              "patient_page"))));
  {
    g_autoptr(GPtrArray) rows = rows_of (patient_page_child (pages, "cases_list"));

    g_assert_cmpuint (rows->len, >, 0);
    g_signal_emit_by_name (patient_page_child (pages, "cases_list"), "row-activated", rows->pdata[0]);
  }
  spin ();
  save_shot (GTK_WIDGET (pages->window), folder, "case-page.png");
  show_timeline_view (pages);
  save_shot (GTK_WIDGET (pages->window), folder, "case-timeline.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pages->window), "win.show-worklist", NULL));
  worklist = MARROW_WORKLIST_PAGE (window_child (pages, "worklist_page"));
  while (marrow_worklist_page_is_loading (worklist))
    g_main_context_iteration (NULL, TRUE);
  save_shot (GTK_WIDGET (pages->window), folder, "worklist.png");
  (void)cases;
  (void)error;
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = form_test_init (&argc, &argv);

  g_test_add ("/pages/patient-page", Pages, NULL, pages_setup, test_patient_page, pages_teardown);
  g_test_add ("/pages/timeline-order", Pages, NULL, pages_setup, test_timeline_order, pages_teardown);
  g_test_add ("/pages/timeline-fifty", Pages, NULL, pages_setup, test_timeline_fifty, pages_teardown);
  g_test_add ("/pages/open-entry", Pages, NULL, pages_setup, test_open_entry, pages_teardown);
  g_test_add ("/pages/void-undo", Pages, NULL, pages_setup, test_void_undo, pages_teardown);
  g_test_add ("/pages/void-case", Pages, NULL, pages_setup, test_void_case, pages_teardown);
  g_test_add ("/pages/guidance", Pages, NULL, pages_setup, test_guidance, pages_teardown);
  g_test_add ("/pages/worklist", Pages, NULL, pages_setup, test_worklist, pages_teardown);
  g_test_add ("/pages/screenshots", Pages, NULL, pages_setup, test_screenshots, pages_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
