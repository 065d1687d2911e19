/* test-dashboard.c: the case dashboard and the patient page's sparklines, in a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 7, points 3 and 4: the chart beside the guidance at 1280×800 and
 * stacked on a narrow window, the chooser that changes the chart's
 * instrument, the treatment chain and the follow-up schedule of a known
 * case, a decision recorded from the dashboard, and the sparkline of each
 * case on the patient page with its accessible description.  The records
 * come from marrow-test-samples.c (one complete treatment chain of a left
 * knee) or from the demo practice.  With MARROW_DASHBOARD_SCREENSHOT_DIR
 * set, /dashboard/screenshots saves the dashboards of a responder, a
 * waning case and a non-responder of the demo practice there.
 * /dashboard/row-layout and /dashboard/row check the rows of the
 * dashboard's lists: laid out without asking a child for its width at a
 * height (the cost that made the dashboard slow, docs/dashboard.md).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-archive.h"
#include "marrow-case-chart.h"
#include "marrow-case-page.h"
#include "marrow-case-sparkline.h"
#include "marrow-chart-data.h"
#include "marrow-dashboard-box.h"
#include "marrow-dashboard-row.h"
#include "marrow-entities.h"
#include "marrow-form-test-util.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-settings.h"
#include "marrow-patient-page.h"
#include "marrow-row-layout.h"
#include "marrow-score-chart.h"
#include "marrow-stable-list.h"
#include "marrow-test-samples.h"
#include "marrow-window.h"

#define DEMO_URI "resource:///io/github/marrow/Marrow/exchange/demo-practice.xml"

static MarrowApplication *app;

typedef struct
{
  Fixture       base;
  MarrowWindow *window;
  GPtrArray    *chain;
} Dashboard;

static void
dashboard_setup (Dashboard     *dashboard,
                 gconstpointer  data)
{
  fixture_setup (&dashboard->base, data);
  dashboard->window = g_object_ref_sink (marrow_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (dashboard->window), 1280, 800);
}

static void
dashboard_teardown (Dashboard     *dashboard,
                    gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (dashboard->window));
  g_clear_object (&dashboard->window);
  g_clear_pointer (&dashboard->chain, g_ptr_array_unref);
  fixture_teardown (&dashboard->base, data);
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
window_child (Dashboard  *dashboard,
              const char *name)
{
  return child (dashboard->window, MARROW_TYPE_WINDOW, name);
}

static MarrowCasePage *
case_page (Dashboard *dashboard)
{
  return MARROW_CASE_PAGE (window_child (dashboard, "case_page"));
}

static GtkWidget *
case_page_child (Dashboard  *dashboard,
                 const char *name)
{
  return child (case_page (dashboard), MARROW_TYPE_CASE_PAGE, name);
}

/* A height-for-width widget, like a wrapping label, that counts how often
 * it is asked for its width at a height: 200 px wide at most, 50 at least,
 * and as tall as 8000 square pixels need */
#define PROBE_TYPE (probe_get_type ())
G_DECLARE_FINAL_TYPE (Probe, probe, TEST, PROBE, GtkWidget)

struct _Probe
{
  GtkWidget parent_instance;
  guint     width_for_height;
};

G_DEFINE_FINAL_TYPE (Probe, probe, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
probe_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
probe_measure (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      TEST_PROBE (widget)->width_for_height += for_size >= 0;
      *minimum = 50;
      *natural = 200;
    }
  else
    *minimum = *natural = 8000 / (for_size > 0 ? MAX (for_size, 50) : 200);
}

static void
probe_class_init (ProbeClass *klass)
{
  GTK_WIDGET_CLASS (klass)->get_request_mode = probe_get_request_mode;
  GTK_WIDGET_CLASS (klass)->measure = probe_measure;
}

static void
probe_init (Probe *self)
{
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

/* MarrowRowLayout shares the width out as a horizontal GtkBox would, centres
 * each child at its natural height for its width, and never asks a child
 * for its width at a height (which a GtkBox does on every allocation) */
static void
test_row_layout (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = marrow_dashboard_box_new ();
  GtkWidget *probe = g_object_new (PROBE_TYPE, "hexpand", TRUE, NULL);
  GtkWidget *tall = g_object_new (PROBE_TYPE, NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");
  graphene_rect_t probe_bounds, tall_bounds, icon_bounds;
  int spacing = 6;
  int icon_width;

  gtk_widget_set_layout_manager (row, marrow_row_layout_new ());
  gtk_widget_set_parent (probe, row);
  gtk_widget_set_parent (tall, row);
  gtk_widget_set_parent (icon, row);
  g_assert_cmpint (marrow_row_layout_get_spacing (MARROW_ROW_LAYOUT (gtk_widget_get_layout_manager (row))), ==,
                   spacing);
  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 300);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_assert_cmpuint (TEST_PROBE (probe)->width_for_height, ==, 0);
  g_assert_cmpuint (TEST_PROBE (tall)->width_for_height, ==, 0);

  /* The one that does not expand at its natural width, the icon at its
   * own, the rest to the one that expands */
  probe_bounds = bounds_in (probe, row);
  tall_bounds = bounds_in (tall, row);
  icon_bounds = bounds_in (icon, row);
  gtk_widget_measure (icon, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &icon_width, NULL, NULL);
  g_assert_cmpfloat (tall_bounds.size.width, ==, 200);
  g_assert_cmpfloat (icon_bounds.size.width, ==, icon_width);
  g_assert_cmpfloat (probe_bounds.origin.x, ==, 0);
  g_assert_cmpfloat (probe_bounds.size.width, ==, gtk_widget_get_width (row) - 200 - icon_width - 2 * spacing);
  g_assert_cmpfloat (tall_bounds.origin.x, ==, probe_bounds.size.width + spacing);
  /* The row is as tall as its tallest child; the others are centred at
   * their own height for their width */
  g_assert_cmpint (gtk_widget_get_height (row), >=, 8000 / 200);
  g_assert_cmpfloat (tall_bounds.size.height, ==, 8000 / 200);
  g_assert_cmpfloat (probe_bounds.size.height, ==, 8000 / (int)probe_bounds.size.width);
  g_assert_cmpfloat (fabs (probe_bounds.origin.y * 2 + probe_bounds.size.height - gtk_widget_get_height (row)), <=, 1);

  /* Narrower: the expanding child gives way down to its minimum and grows
   * taller, still without a width-for-height request */
  gtk_widget_set_size_request (row, 280, -1);
  gtk_window_set_default_size (GTK_WINDOW (window), 280, 300);
  gtk_widget_queue_resize (row);
  gtk_test_widget_wait_for_draw (window);
  probe_bounds = bounds_in (probe, row);
  g_assert_cmpfloat (probe_bounds.size.width, >=, 50);
  g_assert_cmpfloat (probe_bounds.size.height, ==, 8000 / (int)probe_bounds.size.width);
  g_assert_cmpuint (TEST_PROBE (probe)->width_for_height, ==, 0);

  /* Right to left: the first child on the right */
  gtk_widget_set_direction (row, GTK_TEXT_DIR_RTL);
  gtk_widget_queue_allocate (row);
  gtk_test_widget_wait_for_draw (window);
  probe_bounds = bounds_in (probe, row);
  icon_bounds = bounds_in (icon, row);
  g_assert_cmpfloat (icon_bounds.origin.x, ==, 0);
  g_assert_cmpfloat (probe_bounds.origin.x + probe_bounds.size.width, ==, gtk_widget_get_width (row));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A dashboard row: its title and subtitle, its prefix before and suffix
 * after them, and no width-for-height request on the wrapping text */
static void
test_row (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = marrow_dashboard_row_new ("A title long enough to wrap onto a second line in a narrow row, "
                                             "and then onto a third one",
                                             "Its subtitle, which says where the title comes from");
  GtkWidget *bare = marrow_dashboard_row_new ("Next review", NULL);
  GtkWidget *prefix = gtk_label_new ("01/12/2026");
  GtkWidget *suffix = g_object_new (PROBE_TYPE, NULL);
  GtkWidget *title = NULL;
  graphene_rect_t prefix_bounds, suffix_bounds, title_bounds;

  marrow_dashboard_row_add_prefix (MARROW_DASHBOARD_ROW (row), prefix);
  marrow_dashboard_row_add_suffix (MARROW_DASHBOARD_ROW (row), suffix);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_list_box_append (GTK_LIST_BOX (list), bare);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 300);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_assert_cmpstr (marrow_dashboard_row_get_subtitle (MARROW_DASHBOARD_ROW (row)), ==,
                   "Its subtitle, which says where the title comes from");
  g_assert_cmpstr (marrow_dashboard_row_get_title (MARROW_DASHBOARD_ROW (bare)), ==, "Next review");
  g_assert_cmpstr (marrow_dashboard_row_get_subtitle (MARROW_DASHBOARD_ROW (bare)), ==, "");
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpuint (TEST_PROBE (suffix)->width_for_height, ==, 0);

  /* The title's label: the first label in the row after the prefix */
  for (GtkWidget *w = gtk_widget_get_next_sibling (prefix); w != NULL && title == NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BOX (w))
      title = gtk_widget_get_first_child (w);
  g_assert_true (GTK_IS_LABEL (title));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, marrow_dashboard_row_get_title (MARROW_DASHBOARD_ROW (row)));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (title)));

  prefix_bounds = bounds_in (prefix, row);
  title_bounds = bounds_in (title, row);
  suffix_bounds = bounds_in (suffix, row);
  g_assert_cmpfloat (prefix_bounds.origin.x + prefix_bounds.size.width, <, title_bounds.origin.x);
  g_assert_cmpfloat (title_bounds.origin.x + title_bounds.size.width, <, suffix_bounds.origin.x);
  /* The wrapped title fits its width, on more than one line */
  {
    int one_line, height;

    gtk_widget_measure (title, GTK_ORIENTATION_VERTICAL, -1, &one_line, NULL, NULL, NULL);
    gtk_widget_measure (title, GTK_ORIENTATION_VERTICAL, (int)title_bounds.size.width, &height, NULL, NULL, NULL);
    g_assert_cmpint (height, >, one_line);
    g_assert_cmpfloat (title_bounds.size.height, ==, height);
  }
  /* Towards their natural widths, the narrower need first */
  g_assert_cmpfloat (suffix_bounds.size.width, >=, 50);
  g_assert_cmpfloat (suffix_bounds.size.width, <=, 200);
  g_assert_cmpfloat (title_bounds.size.width, >, suffix_bounds.size.width);

  gtk_window_destroy (GTK_WINDOW (window));
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

static void
insert_chain (Dashboard *dashboard)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  dashboard->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < dashboard->chain->len; i++)
    marrow_change_set_add_insert (changes, dashboard->chain->pdata[i]);
  marrow_store_apply (dashboard->base.store, changes, &error);
  g_assert_no_error (error);
}

static MarrowRecord *
sample (Dashboard  *dashboard,
        const char *entity)
{
  return marrow_test_sample_find (dashboard->chain, entity);
}

/* Opens @joint_case as the patient page would, in a window of @width × @height */
static void
open_case (Dashboard    *dashboard,
           MarrowRecord *joint_case,
           int           width,
           int           height)
{
  gtk_window_set_default_size (GTK_WINDOW (dashboard->window), width, height);
  marrow_window_set_store (dashboard->window, dashboard->base.store);
  gtk_window_present (GTK_WINDOW (dashboard->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dashboard->window));
  g_signal_emit_by_name (window_child (dashboard, "patient_page"), "open-case", joint_case);
  spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (window_child (dashboard, "content_stack"))), ==,
                   "case");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dashboard->window));
  spin ();
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

/* @widget's bounds in the window's coordinates */
static graphene_rect_t
bounds_in_window (Dashboard *dashboard,
                  GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (dashboard->window), &bounds));
  g_test_message ("%s: %.0f,%.0f %.0f×%.0f", gtk_widget_get_name (widget), bounds.origin.x, bounds.origin.y,
                  bounds.size.width, bounds.size.height);
  return bounds;
}

static void
assert_inside_window (Dashboard             *dashboard,
                      const graphene_rect_t *bounds)
{
  graphene_rect_t window = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (dashboard->window)),
                                                gtk_widget_get_height (GTK_WIDGET (dashboard->window)));

  g_assert_true (graphene_rect_contains_rect (&window, bounds));
}

static void
test_side_by_side (Dashboard     *dashboard,
                   gconstpointer  data)
{
  graphene_rect_t chart, guidance, intersection;

  insert_chain (dashboard);
  open_case (dashboard, sample (dashboard, "joint_case"), 1280, 800);

  g_test_message ("window: %d×%d", gtk_widget_get_width (GTK_WIDGET (dashboard->window)),
                  gtk_widget_get_height (GTK_WIDGET (dashboard->window)));
  chart = bounds_in_window (dashboard, case_page_child (dashboard, "chart_column"));
  guidance = bounds_in_window (dashboard, case_page_child (dashboard, "guidance_panel"));

  /* Both in the window without scrolling, side by side, not overlapping */
  assert_inside_window (dashboard, &chart);
  assert_inside_window (dashboard, &guidance);
  g_assert_false (graphene_rect_intersection (&chart, &guidance, &intersection));
  g_assert_cmpfloat (chart.origin.x + chart.size.width, <=, guidance.origin.x);
  g_assert_cmpfloat (chart.size.width, >=, 400);
  g_assert_cmpfloat (chart.size.height, >=, 300);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (
                       GTK_SCROLLED_WINDOW (case_page_child (dashboard, "dashboard_scroller")))), ==, 0);
}

/* Every control and row of the dashboard is read once: a row with a
 * label of its own is not labelled by its title as well */
static void
test_named_once (Dashboard     *dashboard,
                 gconstpointer  data)
{
  insert_chain (dashboard);
  open_case (dashboard, sample (dashboard, "joint_case"), 1280, 800);
  g_assert_cmpuint (assert_named_once (case_page_child (dashboard, "guidance_panel")), >, 3);
  g_assert_cmpuint (assert_named_once (case_page_child (dashboard, "dashboard_scroller")), >, 3);
}

/* The Dashboard / Timeline tabs are read by their names, not their
 * mnemonics: GTK 4.8's switcher gives its buttons the raw title */
static void
test_view_switcher_names (Dashboard     *dashboard,
                          gconstpointer  data)
{
  static const char *const names[] = { "Dashboard", "Timeline" };
  GtkWidget *switcher;
  guint n = 0;

  insert_chain (dashboard);
  open_case (dashboard, sample (dashboard, "joint_case"), 1280, 800);
  switcher = case_page_child (dashboard, "view_switcher");
  for (GtkWidget *button = gtk_widget_get_first_child (switcher);
       button != NULL;
       button = gtk_widget_get_next_sibling (button), n++)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (names));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           names[n]);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
}

static void
test_stacked (Dashboard     *dashboard,
              gconstpointer  data)
{
  graphene_rect_t chart, guidance;

  insert_chain (dashboard);
  open_case (dashboard, sample (dashboard, "joint_case"), 700, 800);

  /* On a narrow window the chart comes first, full width, then the guidance */
  chart = bounds_in_window (dashboard, case_page_child (dashboard, "chart_column"));
  guidance = bounds_in_window (dashboard, case_page_child (dashboard, "guidance_panel"));
  g_assert_cmpfloat (chart.origin.y + chart.size.height, <=, guidance.origin.y);
  g_assert_cmpfloat (chart.origin.x, ==, guidance.origin.x);
  g_assert_cmpfloat (chart.size.width, ==, guidance.size.width);
  g_assert_cmpfloat (chart.size.width, ==, gtk_widget_get_width (case_page_child (dashboard, "top_row")));

  /* Wider again: side by side */
  gtk_window_set_default_size (GTK_WINDOW (dashboard->window), 1280, 800);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dashboard->window));
  spin ();
  chart = bounds_in_window (dashboard, case_page_child (dashboard, "chart_column"));
  guidance = bounds_in_window (dashboard, case_page_child (dashboard, "guidance_panel"));
  g_assert_cmpfloat (chart.origin.x + chart.size.width, <=, guidance.origin.x);
  g_assert_cmpfloat (chart.origin.y, ==, guidance.origin.y);
}

static void
test_chain_and_schedule (Dashboard     *dashboard,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GPtrArray) schedule = NULL;
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  MarrowFormDialog *dialog;
  const char *subtitle;
  guint expected = 0;
  guint row = 0;

  insert_chain (dashboard);
  open_case (dashboard, sample (dashboard, "joint_case"), 1280, 800);

  /* The sample's one injection with its dose, from its harvest and lot */
  chain = rows_of (case_page_child (dashboard, "chain_list"));
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_cmpstr (gtk_widget_get_name (chain->pdata[0]), ==, marrow_record_get_id (sample (dashboard, "injection")));
  g_assert_cmpstr (marrow_dashboard_row_get_title (chain->pdata[0]), ==,
                   "Injection #1 — 10.0 mL, 748 × 10⁶ cells (10.3 × 10⁶/kg)");
  subtitle = marrow_dashboard_row_get_subtitle (chain->pdata[0]);
  g_test_message ("chain: %s", subtitle);
  g_assert_cmpstr (subtitle, ==, "Harvest MRW0126000123W, Bone marrow → Lot MRW0126000123W-L1, "
                   "Bone marrow aspirate concentrate (BMAC)");

  /* The row opens the injection */
  g_signal_emit_by_name (case_page_child (dashboard, "chain_list"), "row-activated", chain->pdata[0]);
  g_assert_true (wait_for (form_dialog_shown, NULL));
  dialog = find_form_dialog ();
  g_assert_cmpstr (marrow_record_get_id (marrow_form_get_record (marrow_form_dialog_get_form (dialog))), ==,
                   marrow_record_get_id (sample (dashboard, "injection")));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The schedule is the evaluation's, superseded time points left out,
   * each with its status */
  protocols = marrow_guidance_protocols_load (dashboard->base.store, &error);
  g_assert_no_error (error);
  evaluation = marrow_guidance_evaluate_case (dashboard->base.store, protocols, sample (dashboard, "joint_case"),
                                              marrow_guidance_today (), 0, NULL, &error);
  g_assert_no_error (error);
  schedule = rows_of (case_page_child (dashboard, "schedule_list"));
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    if (marrow_guidance_evaluation_get_time_point (evaluation, i)->status != MARROW_GUIDANCE_TP_SUPERSEDED)
      expected++;
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (schedule->len, ==, expected);
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_time_points (evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (evaluation, i);

      if (tp->status == MARROW_GUIDANCE_TP_SUPERSEDED)
        continue;
      g_test_message ("schedule %s: %s, %s", tp->id, marrow_dashboard_row_get_title (schedule->pdata[row]),
                      marrow_dashboard_row_get_subtitle (schedule->pdata[row]));
      g_assert_cmpstr (gtk_widget_get_name (schedule->pdata[row]), ==,
                       marrow_guidance_time_point_status_to_string (tp->status));
      row++;
    }
  /* Counted from the sample's injection on 12 January 2026 */
  g_assert_cmpstr (marrow_dashboard_row_get_title (schedule->pdata[0]), ==, "Baseline");
  g_assert_cmpstr (marrow_dashboard_row_get_title (schedule->pdata[1]), ==, "6 weeks");
  g_assert_true (g_str_has_prefix (marrow_dashboard_row_get_subtitle (schedule->pdata[1]),
                                   "02/23/2026 (window 02/09/2026 – 03/09/2026)"));
}

static void
test_decision (Dashboard     *dashboard,
               gconstpointer  data)
{
  g_autoptr(MarrowRecord) decision = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *panel;
  AdwMessageDialog *dialog;
  MarrowRecord *joint_case;

  insert_chain (dashboard);
  joint_case = sample (dashboard, "joint_case");
  open_case (dashboard, joint_case, 1280, 800);
  panel = case_page_child (dashboard, "guidance_panel");

  /* Accept and Override are in view on the dashboard */
  {
    graphene_rect_t accept = bounds_in_window (dashboard, child (panel, g_type_from_name ("MarrowGuidancePanel"),
                                                                 "accept_button"));

    assert_inside_window (dashboard, &accept);
  }

  g_assert_true (gtk_widget_activate_action (panel, "guidance.override", NULL));
  dialog = wait_for_message_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Wants to wait for winter");
  answer (dialog, "override");
  spin ();
  decision = marrow_guidance_decision_find_latest (dashboard->base.store, marrow_record_get_id (joint_case),
                                                   marrow_guidance_today (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (decision);
  g_assert_cmpstr (marrow_record_get_text (decision, "decision"), ==, "override");
  g_assert_cmpstr (marrow_record_get_text (decision, "reason"), ==, "Wants to wait for winter");
  /* The dashboard was read again: still the case, on the dashboard */
  g_assert_cmpstr (marrow_record_get_id (marrow_case_page_get_case (case_page (dashboard))), ==,
                   marrow_record_get_id (joint_case));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (case_page_child (dashboard, "view_stack"))), ==,
                   "dashboard");
}

static void
import_demo (Dashboard *dashboard)
{
  g_autoptr(GFile) demo = g_file_new_for_uri (DEMO_URI);
  MarrowArchiveImportOptions options = { FALSE, FALSE };
  MarrowArchiveImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dashboard->base.tmpdir, "demo.db", NULL);

  g_clear_object (&dashboard->base.store);
  dashboard->base.store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  marrow_archive_import (dashboard->base.store, demo, &options, &summary, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  marrow_archive_import_summary_clear (&summary);
}

/* The demo practice's first active case evaluated as @classification (and
 * @durability), the one with the most statements */
static MarrowRecord *
find_demo_case (Dashboard                    *dashboard,
                MarrowGuidanceProtocolRegistry *protocols,
                MarrowGuidanceClassification  classification,
                MarrowGuidanceDurability      durability)
{
  MarrowListQuery query = { .order_by = "created_at" };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  MarrowRecord *found = NULL;
  guint most = 0;

  cases = marrow_store_find (dashboard->base.store, &marrow_entity_joint_case, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(MarrowGuidanceEvaluation) evaluation = NULL;

      if (g_strcmp0 (marrow_record_get_text (cases->pdata[i], "status"), "active") != 0)
        continue;
      evaluation = marrow_guidance_evaluate_case (dashboard->base.store, protocols, cases->pdata[i],
                                                  marrow_guidance_today (), 0, NULL, NULL);
      if (evaluation == NULL ||
          marrow_guidance_evaluation_get_classification (evaluation) != classification ||
          marrow_guidance_evaluation_get_durability (evaluation) != durability)
        continue;
      if (found == NULL || marrow_guidance_evaluation_get_n_statements (evaluation) > most)
        {
          found = cases->pdata[i];
          most = marrow_guidance_evaluation_get_n_statements (evaluation);
        }
    }
  return found != NULL ? g_object_ref (found) : NULL;
}

static void
save_shot (GtkWidget  *widget,
           const char *folder,
           const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  spin ();
  gtk_test_widget_wait_for_draw (widget);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The demo patient with the most cases */
static MarrowRecord *
find_demo_patient (Dashboard *dashboard,
                   guint     *n_cases)
{
  MarrowListQuery query = { .order_by = "created_at" };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *best = NULL;

  cases = marrow_store_find (dashboard->base.store, &marrow_entity_joint_case, &query, &error);
  g_assert_no_error (error);
  *n_cases = 0;
  for (guint i = 0; i < cases->len; i++)
    {
      const char *patient_id = marrow_record_get_text (cases->pdata[i], "patient_id");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, patient_id)) + 1;

      g_hash_table_insert (counts, (char *)patient_id, GUINT_TO_POINTER (n));
      if (n > *n_cases)
        {
          *n_cases = n;
          best = patient_id;
        }
    }
  g_assert_nonnull (best);
  return lookup (&dashboard->base, &marrow_entity_patient, best);
}

/* Every case row of a patient with several cases has a sparkline that
 * says what it shows */
static void
test_sparklines (Dashboard     *dashboard,
                 gconstpointer  data)
{
  g_autoptr(MarrowRecord) patient = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  guint n_cases = 0;
  guint n_trends = 0;

  import_demo (dashboard);
  patient = find_demo_patient (dashboard, &n_cases);
  g_assert_cmpuint (n_cases, >=, 2);
  marrow_window_set_store (dashboard->window, dashboard->base.store);
  gtk_window_present (GTK_WINDOW (dashboard->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dashboard->window));
  page = window_child (dashboard, "patient_page");
  /* Selected in the list, as a user would */
  {
    GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (window_child (dashboard, "patient_list")));

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
      {
        g_autoptr(MarrowListSlot) slot = g_list_model_get_item (G_LIST_MODEL (model), i);
        MarrowRecord *item = marrow_list_slot_get_item (slot);

        if (item != NULL && g_strcmp0 (marrow_record_get_id (item), marrow_record_get_id (patient)) == 0)
          gtk_selection_model_select_item (model, i, TRUE);
      }
  }
  spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (window_child (dashboard, "content_stack"))), ==,
                   "patient");
  g_assert_cmpstr (marrow_record_get_id (marrow_patient_page_get_patient (MARROW_PATIENT_PAGE (page))), ==,
                   marrow_record_get_id (patient));

  rows = rows_of (child (page, MARROW_TYPE_PATIENT_PAGE, "cases_list"));
  g_assert_cmpuint (rows->len, ==, n_cases);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *sparkline = find_descendant (rows->pdata[i], MARROW_TYPE_CASE_SPARKLINE);
      g_autoptr(MarrowChartData) expected = NULL;
      g_autofree char *description = NULL;
      MarrowChartData *shown;
      const MarrowChartSeries *series;

      g_assert_nonnull (sparkline);
      shown = marrow_case_sparkline_get_data (MARROW_CASE_SPARKLINE (sparkline));
      g_assert_nonnull (shown);
      /* The case's own primary score */
      g_assert_cmpstr (marrow_chart_data_get_case_id (shown), ==, gtk_widget_get_name (rows->pdata[i]));
      expected = marrow_chart_data_load (dashboard->base.store, gtk_widget_get_name (rows->pdata[i]), NULL, NULL,
                                         &error);
      g_assert_no_error (error);
      g_assert_cmpstr (marrow_chart_data_get_instrument_id (shown), ==,
                       marrow_chart_data_get_instrument_id (expected));
      description = marrow_case_sparkline_describe (shown);
      g_test_message ("%s: %s", adw_preferences_row_get_title (rows->pdata[i]), description);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (sparkline), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                           description);
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (sparkline), GTK_ACCESSIBLE_ROLE_IMG);

      /* "KOOS Pain from 45 to 72": the first and the latest value */
      g_assert_cmpuint (marrow_chart_data_get_n_series (shown), >, 0);
      series = marrow_chart_data_get_series (shown, 0);
      if (marrow_chart_data_count_points (shown) > 1)
        {
          g_autofree char *first = NULL;
          g_autofree char *last = NULL;
          g_autofree char *words = NULL;
          int a = -1, b = -1;

          for (guint v = 0; v < marrow_chart_data_get_n_visits (shown); v++)
            if (!isnan (series->values[v]))
              {
                if (a < 0)
                  a = v;
                b = v;
              }
          if (a != b)
            {
              first = marrow_chart_format_value (series, series->values[a]);
              last = marrow_chart_format_value (series, series->values[b]);
              words = g_strdup_printf ("%s from %s to %s", series->label, first, last);
              g_assert_cmpstr (description, ==, words);
              n_trends++;
            }
        }
    }
  g_assert_cmpuint (n_trends, >, 0);

  if (g_getenv ("MARROW_DASHBOARD_SCREENSHOT_DIR") != NULL)
    {
      save_shot (GTK_WIDGET (dashboard->window), g_getenv ("MARROW_DASHBOARD_SCREENSHOT_DIR"),
                 "patient-sparklines.png");
    }
}

/* The instrument chooser changes the chart's instrument, the score chooser
 * its subscales, and a point opens its assessment */
static void
test_chooser (Dashboard     *dashboard,
              gconstpointer  data)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GError) error = NULL;
  MarrowCaseChart *chart;
  MarrowChartData *shown;
  GtkDropDown *dropdown;
  GtkWidget *scores_box;
  GtkWidget *check;
  MarrowFormDialog *dialog;
  g_autofree char *first_instrument = NULL;
  const char *assessment_id = NULL;
  guint other = G_MAXUINT;
  guint n_series;

  import_demo (dashboard);
  protocols = marrow_guidance_protocols_load (dashboard->base.store, &error);
  g_assert_no_error (error);
  joint_case = find_demo_case (dashboard, protocols, MARROW_GUIDANCE_CLASS_RESPONDER,
                               MARROW_GUIDANCE_DURABILITY_WANING);
  g_assert_nonnull (joint_case);
  open_case (dashboard, joint_case, 1280, 800);

  chart = MARROW_CASE_CHART (case_page_child (dashboard, "chart"));
  shown = marrow_case_chart_get_data (chart);
  g_assert_nonnull (shown);
  g_assert_cmpuint (marrow_chart_data_get_n_instrument_choices (shown), >=, 2);
  first_instrument = g_strdup (marrow_chart_data_get_instrument_id (shown));
  g_assert_cmpstr (first_instrument, ==, marrow_record_get_text (joint_case, "primary_instrument"));
  /* The second instrument has a chart of its own */
  g_assert_true (gtk_widget_get_visible (case_page_child (dashboard, "second_chart")));
  g_assert_cmpstr (marrow_chart_data_get_instrument_id (marrow_case_chart_get_data (
                     MARROW_CASE_CHART (case_page_child (dashboard, "second_chart")))), !=, first_instrument);

  /* Choose another instrument in the drop-down: the chart shows it */
  dropdown = GTK_DROP_DOWN (child (chart, MARROW_TYPE_CASE_CHART, "instrument_dropdown"));
  for (guint i = 0; i < marrow_chart_data_get_n_instrument_choices (shown); i++)
    if (g_strcmp0 (marrow_chart_data_get_instrument_choice (shown, i)->id, first_instrument) != 0)
      other = i;
  g_assert_cmpuint (other, !=, G_MAXUINT);
  {
    g_autofree char *expected = g_strdup (marrow_chart_data_get_instrument_choice (shown, other)->id);

    gtk_drop_down_set_selected (dropdown, other);
    shown = marrow_case_chart_get_data (chart);
    g_assert_cmpstr (marrow_chart_data_get_instrument_id (shown), ==, expected);
    g_assert_true (marrow_score_chart_get_data (MARROW_SCORE_CHART (child (chart, MARROW_TYPE_CASE_CHART,
                                                                           "chart"))) == shown);
  }

  /* Back to the first, then one subscale less */
  g_assert_true (marrow_case_chart_set_instrument (chart, first_instrument, &error));
  g_assert_no_error (error);
  shown = marrow_case_chart_get_data (chart);
  n_series = marrow_chart_data_get_n_series (shown);
  g_assert_cmpuint (n_series, >=, 2);
  scores_box = child (chart, MARROW_TYPE_CASE_CHART, "scores_box");
  check = NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (scores_box); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      check = c;
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  shown = marrow_case_chart_get_data (chart);
  g_assert_cmpuint (marrow_chart_data_get_n_series (shown), ==, n_series - 1);
  for (guint s = 0; s < marrow_chart_data_get_n_series (shown); s++)
    g_assert_cmpstr (marrow_chart_data_get_series (shown, s)->key, !=, gtk_widget_get_name (check));

  /* A point opens its assessment */
  for (guint v = 0; v < marrow_chart_data_get_n_visits (shown) && assessment_id == NULL; v++)
    assessment_id = marrow_chart_data_get_visit (shown, v)->assessment_id;
  g_assert_nonnull (assessment_id);
  g_signal_emit_by_name (child (chart, MARROW_TYPE_CASE_CHART, "chart"), "assessment-activated", assessment_id);
  g_assert_true (wait_for (form_dialog_shown, NULL));
  dialog = find_form_dialog ();
  g_assert_cmpstr (marrow_record_get_id (marrow_form_get_record (marrow_form_dialog_get_form (dialog))), ==,
                   assessment_id);
}

/* The dashboards of a responder, a waning case and a non-responder of the
 * demo practice, for data/screenshots (not a check) */
static void
test_screenshots (Dashboard     *dashboard,
                  gconstpointer  data)
{
  static const struct {
    MarrowGuidanceClassification classification;
    MarrowGuidanceDurability     durability;
    const char                  *file;
  } shots[] = {
    { MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_STABLE, "dashboard-responder.png" },
    { MARROW_GUIDANCE_CLASS_RESPONDER, MARROW_GUIDANCE_DURABILITY_WANING, "dashboard-waning.png" },
    { MARROW_GUIDANCE_CLASS_NON_RESPONDER, MARROW_GUIDANCE_DURABILITY_NONE, "dashboard-non-responder.png" },
  };
  const char *folder = g_getenv ("MARROW_DASHBOARD_SCREENSHOT_DIR");
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GError) error = NULL;

  if (folder == NULL)
    {
      g_test_skip ("MARROW_DASHBOARD_SCREENSHOT_DIR is not set");
      return;
    }

  import_demo (dashboard);
  protocols = marrow_guidance_protocols_load (dashboard->base.store, &error);
  g_assert_no_error (error);
  marrow_window_set_demo (dashboard->window, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autoptr(MarrowRecord) joint_case = find_demo_case (dashboard, protocols, shots[i].classification,
                                                           shots[i].durability);

      g_assert_nonnull (joint_case);
      g_test_message ("%s: case %s", shots[i].file, marrow_record_get_id (joint_case));
      open_case (dashboard, joint_case, 1280, 800);
      save_shot (GTK_WIDGET (dashboard->window), folder, shots[i].file);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = form_test_init (&argc, &argv);

  g_test_add_func ("/dashboard/row-layout", test_row_layout);
  g_test_add_func ("/dashboard/row", test_row);
  g_test_add ("/dashboard/side-by-side", Dashboard, NULL, dashboard_setup, test_side_by_side, dashboard_teardown);
  g_test_add ("/dashboard/stacked", Dashboard, NULL, dashboard_setup, test_stacked, dashboard_teardown);
  g_test_add ("/dashboard/named-once", Dashboard, NULL, dashboard_setup, test_named_once,
              dashboard_teardown);
  g_test_add ("/dashboard/view-switcher-names", Dashboard, NULL, dashboard_setup,
              test_view_switcher_names, dashboard_teardown);
  g_test_add ("/dashboard/chain-and-schedule", Dashboard, NULL, dashboard_setup, test_chain_and_schedule,
              dashboard_teardown);
  g_test_add ("/dashboard/decision", Dashboard, NULL, dashboard_setup, test_decision, dashboard_teardown);
  g_test_add ("/dashboard/chooser", Dashboard, NULL, dashboard_setup, test_chooser, dashboard_teardown);
  g_test_add ("/dashboard/sparklines", Dashboard, NULL, dashboard_setup, test_sparklines, dashboard_teardown);
  g_test_add ("/dashboard/screenshots", Dashboard, NULL, dashboard_setup, test_screenshots, dashboard_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
