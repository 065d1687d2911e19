/* test-chart-widget.c: MarrowScoreChart in a window: hover, click, keyboard focus,
 * accessible description, dark style, 200 points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "marrow-chart-layout.h"
#include "marrow-score-chart.h"

#define WIDTH  640
#define HEIGHT 400

typedef struct
{
  GtkWindow        *window;
  MarrowScoreChart *chart;
  MarrowChartData  *data;
  char             *activated;
} Fixture;

/* Two scores at four visits; KOOS ADL was not scorable at the third */
static MarrowChartData *
sample_data (void)
{
  MarrowChartData *data = marrow_chart_data_new ("KOOS", "Knee injury and Osteoarthritis Outcome Score");
  MarrowDay start = marrow_day_parse ("2025-02-20");
  MarrowChartEvent injection = { MARROW_CHART_EVENT_INJECTION, start + 11, "inj-1", 1, FALSE, TRUE, NULL };

  marrow_chart_data_add_visit (data, start, "a-base", "baseline");
  marrow_chart_data_add_visit (data, start + 60, "a-3m", "3m");
  marrow_chart_data_add_visit (data, start + 190, "a-6m", "6m");
  marrow_chart_data_add_visit (data, start + 375, "a-12m", "12m");
  marrow_chart_data_add_series (data, "pain", "KOOS Pain", 0, 100, TRUE, FALSE);
  marrow_chart_data_add_series (data, "adl", "KOOS ADL", 0, 100, TRUE, FALSE);
  marrow_chart_data_set_value (data, 0, 0, 45, FALSE);
  marrow_chart_data_set_value (data, 0, 1, 70, FALSE);
  marrow_chart_data_set_value (data, 0, 2, 75, FALSE);
  marrow_chart_data_set_value (data, 0, 3, 62, TRUE);
  marrow_chart_data_set_value (data, 1, 0, 50, FALSE);
  marrow_chart_data_set_value (data, 1, 1, 66, FALSE);
  marrow_chart_data_set_value (data, 1, 3, 70, FALSE);
  marrow_chart_data_set_reference (data, 0, 45, start, 10, NAN, FALSE);
  marrow_chart_data_add_event (data, &injection);
  return data;
}

static void
on_activated (MarrowScoreChart *chart,
              const char       *assessment_id,
              Fixture          *fixture)
{
  g_free (fixture->activated);
  fixture->activated = g_strdup (assessment_id);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->chart = MARROW_SCORE_CHART (marrow_score_chart_new ());
  fixture->data = sample_data ();
  marrow_score_chart_set_data (fixture->chart, fixture->data);
  g_signal_connect (fixture->chart, "assessment-activated", G_CALLBACK (on_activated), fixture);
  gtk_window_set_default_size (fixture->window, WIDTH, HEIGHT);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->chart));
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->chart));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  g_clear_pointer (&fixture->data, marrow_chart_data_unref);
  g_clear_pointer (&fixture->activated, g_free);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

/* Where the widget draws a point: the layout the renderer used */
static void
point_at (Fixture *fixture,
          guint    series,
          guint    visit,
          double  *x,
          double  *y)
{
  GtkWidget *widget = GTK_WIDGET (fixture->chart);
  g_autoptr(MarrowChartLayout) layout =
    marrow_chart_layout_new_for_style (fixture->data, marrow_score_chart_get_style (fixture->chart),
                                       gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  g_assert_true (marrow_chart_layout_get_point (layout, series, visit, x, y));
}

static gboolean
press (Fixture *fixture,
       guint    keyval)
{
  GtkEventController *keys = find_controller (GTK_WIDGET (fixture->chart), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

static void
assert_focus (Fixture *fixture,
              guint    series,
              guint    visit)
{
  guint s, v;

  g_assert_true (marrow_score_chart_get_focus_point (fixture->chart, &s, &v));
  g_assert_cmpuint (s, ==, series);
  g_assert_cmpuint (v, ==, visit);
}

/* With MARROW_SCREENSHOT_DIR set, the widget as drawn, to look at */
static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("MARROW_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *words = marrow_chart_data_describe (fixture->data);
  g_autoptr(MarrowChartData) empty = marrow_chart_data_new ("OKS", NULL);

  gtk_test_accessible_assert_role (fixture->chart, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (fixture->chart, GTK_ACCESSIBLE_PROPERTY_LABEL, "KOOS score chart");
  gtk_test_accessible_assert_property (fixture->chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words);
  g_assert_cmpstr (words, ==,
                   "KOOS Pain: 45 at baseline, 70 at 3 months, 75 at 6 months, 62 at 12 months; higher is better. "
                   "KOOS ADL: 50 at baseline, 66 at 3 months, 70 at 12 months; higher is better. "
                   "Injections: #1 on 3 Mar 2025.");
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->chart)));

  /* new data, new words */
  marrow_score_chart_set_data (fixture->chart, empty);
  gtk_test_accessible_assert_property (fixture->chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "No scores yet for OKS.");
  gtk_test_accessible_assert_property (fixture->chart, GTK_ACCESSIBLE_PROPERTY_LABEL, "OKS score chart");
}

static void
test_hover (Fixture       *fixture,
            gconstpointer  user_data)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (fixture->chart), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_autofree char *text = NULL;
  double x, y;
  guint series, visit;

  /* near the 6-month KOOS Pain point */
  point_at (fixture, 0, 2, &x, &y);
  g_signal_emit_by_name (motion, "motion", x + 5, y - 4);
  g_assert_true (marrow_score_chart_get_hover (fixture->chart, &series, &visit));
  g_assert_cmpuint (series, ==, 0);
  g_assert_cmpuint (visit, ==, 2);
  text = marrow_score_chart_dup_point_text (fixture->chart, series, visit);
  g_assert_cmpstr (text, ==,
                   "29 Aug 2025 · 6 months\n"
                   "KOOS Pain: 75\n"
                   "KOOS ADL: not scorable\n"
                   "179 days since injection #1");
  g_clear_pointer (&text, g_free);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->chart));

  /* the imputed score says so */
  text = marrow_score_chart_dup_point_text (fixture->chart, 0, 3);
  g_assert_nonnull (strstr (text, "KOOS Pain: 62 (imputed items)"));

  /* far from every point: nothing */
  g_signal_emit_by_name (motion, "motion", 2.0, 2.0);
  g_assert_false (marrow_score_chart_get_hover (fixture->chart, NULL, NULL));

  /* a click on a point opens its assessment */
  point_at (fixture, 1, 1, &x, &y);
  g_signal_emit_by_name (find_controller (GTK_WIDGET (fixture->chart), GTK_TYPE_GESTURE_CLICK),
                         "released", 1, x, y);
  g_assert_cmpstr (fixture->activated, ==, "a-3m");
  assert_focus (fixture, 1, 1);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  gtk_widget_grab_focus (GTK_WIDGET (fixture->chart));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->chart)));
  g_assert_false (marrow_score_chart_get_focus_point (fixture->chart, NULL, NULL));

  /* the first key lands on the first point */
  g_assert_true (press (fixture, GDK_KEY_Right));
  assert_focus (fixture, 0, 0);
  g_assert_true (press (fixture, GDK_KEY_Right));
  assert_focus (fixture, 0, 1);
  g_assert_true (press (fixture, GDK_KEY_Right));
  assert_focus (fixture, 0, 2);
  /* to KOOS ADL: not scorable at 6 months, so the nearest visit in time
   * where it was (3 months, 130 days away, before 12 months, 185) */
  g_assert_true (press (fixture, GDK_KEY_Down));
  assert_focus (fixture, 1, 1);
  /* along KOOS ADL, the gap is skipped */
  g_assert_true (press (fixture, GDK_KEY_Right));
  assert_focus (fixture, 1, 3);
  /* the end of the line: not handled, so focus can leave the chart */
  g_assert_false (press (fixture, GDK_KEY_Right));
  assert_focus (fixture, 1, 3);
  g_assert_true (press (fixture, GDK_KEY_Up));
  assert_focus (fixture, 0, 3);
  g_assert_true (press (fixture, GDK_KEY_Home));
  assert_focus (fixture, 0, 0);
  g_assert_true (press (fixture, GDK_KEY_End));
  assert_focus (fixture, 0, 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->chart));
  maybe_screenshot (GTK_WIDGET (fixture->chart), "chart-widget-focus.png");

  /* Enter opens the focused point's assessment */
  g_assert_true (press (fixture, GDK_KEY_Return));
  g_assert_cmpstr (fixture->activated, ==, "a-12m");
}

static void
test_dark (Fixture       *fixture,
           gconstpointer  user_data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (marrow_score_chart_get_style (fixture->chart) == marrow_chart_style_get_print ());
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (marrow_score_chart_get_style (fixture->chart) == marrow_chart_style_get_dark ());
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->chart));
  maybe_screenshot (GTK_WIDGET (fixture->chart), "chart-widget-dark.png");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* 200 visits of two scores: every redraw stays well inside a frame */
static void
test_many_points (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(MarrowChartData) data = marrow_chart_data_new ("KOOS", NULL);
  GtkWidget *widget = GTK_WIDGET (fixture->chart);
  GtkEventController *motion = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  MarrowDay start = marrow_day_parse ("2020-01-01");
  gint64 begin;
  double ms;

  for (guint v = 0; v < 200; v++)
    marrow_chart_data_add_visit (data, start + v * 11, NULL, NULL);
  marrow_chart_data_add_series (data, "pain", "KOOS Pain", 0, 100, TRUE, FALSE);
  marrow_chart_data_add_series (data, "adl", "KOOS ADL", 0, 100, TRUE, FALSE);
  for (guint v = 0; v < 200; v++)
    {
      marrow_chart_data_set_value (data, 0, v, 50 + 40 * sin (v / 5.0), FALSE);
      marrow_chart_data_set_value (data, 1, v, 50 + 30 * cos (v / 8.0), FALSE);
    }
  marrow_score_chart_set_data (fixture->chart, data);
  g_assert_cmpuint (marrow_chart_data_count_points (data), ==, 400);
  gtk_test_widget_wait_for_draw (widget);

  begin = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    {
      /* the pointer sweeps across, as a hover does */
      g_signal_emit_by_name (motion, "motion", 60.0 + i * 25, 200.0);
      gtk_widget_queue_draw (widget);
      gtk_test_widget_wait_for_draw (widget);
    }
  ms = (g_get_monotonic_time () - begin) / 1000.0 / 20;
  maybe_screenshot (widget, "chart-widget-200.png");
  g_test_message ("200 visits x 2 scores: %.1f ms per redraw (snapshot and paint)", ms);
  g_assert_cmpfloat (ms, <, 100);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD_TEST(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("/chart-widget/accessible", test_accessible);
  ADD_TEST ("/chart-widget/hover", test_hover);
  ADD_TEST ("/chart-widget/keyboard", test_keyboard);
  ADD_TEST ("/chart-widget/dark", test_dark);
  ADD_TEST ("/chart-widget/many-points", test_many_points);

  return g_test_run ();
}
