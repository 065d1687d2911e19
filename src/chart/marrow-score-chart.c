/* marrow-score-chart.c: a case's score chart as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sysprof-style (style.md 3.1) but with one drawing routine: snapshot()
 * hands a cairo context from gtk_snapshot_append_cairo() to
 * marrow_chart_render_layout(), the renderer that printing and marrow-cli
 * use, so the window and the paper agree.  The layout (marrow-chart-layout.c)
 * is kept until the size, data or style change, and it answers which point
 * lies under the pointer.  Hover shows the nearest point's visit in a
 * tooltip; a click or Enter on a point emits ::assessment-activated; the
 * arrow keys move the focused point (Left/Right along a score, Up/Down
 * between scores), and the chart's accessible description is the chart in
 * words (marrow_chart_data_describe()).  Colours follow the light or dark
 * style of AdwStyleManager.
 */
#define G_LOG_DOMAIN "marrow-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "marrow-chart-layout.h"
#include "marrow-chart-render.h"
#include "marrow-score-chart.h"

/* How near the pointer must be to a point to pick it, in pixels */
#define NEAR_DISTANCE 24

struct _MarrowScoreChart
{
  GtkWidget          parent_instance;

  MarrowChartData   *data;
  MarrowChartLayout *layout;     /* for the current size and style, or NULL */
  gboolean           dark;

  gboolean           has_hover;
  guint              hover_series;
  guint              hover_visit;
  gboolean           has_focus_point;
  guint              focus_series;
  guint              focus_visit;
};

G_DEFINE_FINAL_TYPE (MarrowScoreChart, marrow_score_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATA,
  N_PROPS
};

enum
{
  ASSESSMENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const MarrowChartStyle *
marrow_score_chart_get_style (MarrowScoreChart *self)
{
  g_return_val_if_fail (MARROW_IS_SCORE_CHART (self), NULL);

  return self->dark ? marrow_chart_style_get_dark () : marrow_chart_style_get_print ();
}

static void
drop_layout (MarrowScoreChart *self)
{
  g_clear_pointer (&self->layout, marrow_chart_layout_free);
}

static const MarrowChartLayout *
ensure_layout (MarrowScoreChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->data == NULL || width <= 0 || height <= 0)
    return NULL;
  if (self->layout != NULL &&
      marrow_chart_layout_get_width (self->layout) == width &&
      marrow_chart_layout_get_height (self->layout) == height &&
      marrow_chart_layout_get_style (self->layout) == marrow_score_chart_get_style (self))
    return self->layout;
  drop_layout (self);
  self->layout = marrow_chart_layout_new_for_style (self->data, marrow_score_chart_get_style (self), width, height);
  return self->layout;
}

static void
update_accessible (MarrowScoreChart *self)
{
  g_autofree char *description = self->data != NULL ? marrow_chart_data_describe (self->data) : g_strdup ("");
  const char *instrument = self->data != NULL ? marrow_chart_data_get_instrument_id (self->data) : NULL;
  g_autofree char *label = instrument != NULL
                           /* Translators: the accessible name of a chart, "KOOS score chart" */
                           ? g_strdup_printf (_("%s score chart"), instrument)
                           : g_strdup (_("Score chart"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/**
 * marrow_score_chart_dup_point_text:
 * @series: a series
 * @visit: a visit
 *
 * What the tooltip says about a point: the visit's date and time point,
 * every score at that visit, and the days since the last injection.
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
marrow_score_chart_dup_point_text (MarrowScoreChart *self,
                                   guint             series,
                                   guint             visit)
{
  const MarrowChartVisit *v;
  const MarrowChartEvent *injection;
  g_autofree char *day = NULL;
  GString *text;

  g_return_val_if_fail (MARROW_IS_SCORE_CHART (self), NULL);

  if (self->data == NULL || visit >= marrow_chart_data_get_n_visits (self->data) ||
      series >= marrow_chart_data_get_n_series (self->data))
    return NULL;

  v = marrow_chart_data_get_visit (self->data, visit);
  day = marrow_chart_format_day (v->day);
  text = g_string_new (day);
  if (v->time_point != NULL)
    g_string_append_printf (text, " · %s", marrow_chart_time_point_label (v->time_point));
  for (guint s = 0; s < marrow_chart_data_get_n_series (self->data); s++)
    {
      const MarrowChartSeries *chart_series = marrow_chart_data_get_series (self->data, s);
      g_autofree char *value = marrow_chart_format_value (chart_series, chart_series->values[visit]);

      g_string_append_c (text, '\n');
      if (chart_series->imputed[visit])
        /* Translators: a score in a chart's tooltip, "KOOS Pain: 62 (imputed items)" */
        g_string_append_printf (text, _("%s: %s (imputed items)"), chart_series->label, value);
      else
        /* Translators: a score in a chart's tooltip, "KOOS Pain: 62" */
        g_string_append_printf (text, _("%s: %s"), chart_series->label, value);
    }
  injection = marrow_chart_data_find_last_injection (self->data, v->day);
  if (injection != NULL)
    {
      guint days = v->day - injection->day;

      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u day since injection #%u",
                                                 "%u days since injection #%u", days),
                              days, injection->number);
    }
  return g_string_free (text, FALSE);
}

static void
marrow_score_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MarrowScoreChart *self = MARROW_SCORE_CHART (widget);
  const MarrowChartLayout *layout = ensure_layout (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (layout == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  marrow_chart_render_layout (cr, layout);
  if (self->has_hover)
    marrow_chart_render_highlight (cr, layout, self->hover_series, self->hover_visit, FALSE);
  if (self->has_focus_point && gtk_widget_has_focus (widget))
    marrow_chart_render_highlight (cr, layout, self->focus_series, self->focus_visit, TRUE);
  cairo_destroy (cr);
}

static void
marrow_score_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 160;
      *natural = 320;
    }
}

static void
marrow_score_chart_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  drop_layout (MARROW_SCORE_CHART (widget));
}

static gboolean
pick (MarrowScoreChart *self,
      double            x,
      double            y,
      guint            *series,
      guint            *visit)
{
  const MarrowChartLayout *layout = ensure_layout (self);

  return layout != NULL && marrow_chart_layout_nearest_point (layout, x, y, NEAR_DISTANCE, series, visit);
}

static void
on_motion (MarrowScoreChart *self,
           double            x,
           double            y)
{
  guint series = 0, visit = 0;
  gboolean found = pick (self, x, y, &series, &visit);

  if (found == self->has_hover && series == self->hover_series && visit == self->hover_visit)
    return;
  self->has_hover = found;
  self->hover_series = series;
  self->hover_visit = visit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (MarrowScoreChart *self)
{
  if (!self->has_hover)
    return;
  self->has_hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
activate_point (MarrowScoreChart *self,
                guint             visit)
{
  const MarrowChartVisit *v = marrow_chart_data_get_visit (self->data, visit);

  if (v->assessment_id != NULL)
    g_signal_emit (self, signals[ASSESSMENT_ACTIVATED], 0, v->assessment_id);
}

static void
set_focus_point (MarrowScoreChart *self,
                 guint             series,
                 guint             visit)
{
  self->has_focus_point = TRUE;
  self->focus_series = series;
  self->focus_visit = visit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_released (GtkGestureClick  *gesture,
             int               n_press,
             double            x,
             double            y,
             MarrowScoreChart *self)
{
  guint series, visit;

  if (!pick (self, x, y, &series, &visit))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_focus_point (self, series, visit);
  activate_point (self, visit);
}

static gboolean
has_value (MarrowScoreChart *self,
           guint             series,
           guint             visit)
{
  return !isnan (marrow_chart_data_get_series (self->data, series)->values[visit]);
}

/* The first (or, with @last, the last) point of the chart */
static gboolean
end_point (MarrowScoreChart *self,
           gboolean          last,
           guint            *series,
           guint            *visit)
{
  guint n_visits = marrow_chart_data_get_n_visits (self->data);

  for (guint i = 0; i < n_visits; i++)
    {
      guint v = last ? n_visits - 1 - i : i;

      for (guint s = 0; s < marrow_chart_data_get_n_series (self->data); s++)
        if (has_value (self, s, v))
          {
            *series = s;
            *visit = v;
            return TRUE;
          }
    }
  return FALSE;
}

/* Along the focused score (Left/Right), or to the next score's point
 * nearest in time (Up/Down) */
static gboolean
move_focus (MarrowScoreChart *self,
            guint             keyval)
{
  guint n_series = marrow_chart_data_get_n_series (self->data);
  guint n_visits = marrow_chart_data_get_n_visits (self->data);
  guint series = self->focus_series, visit = self->focus_visit;

  /* The first key press lands on the first point (End: the last) */
  if (!self->has_focus_point)
    {
      if (!end_point (self, keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End, &series, &visit))
        return FALSE;
      set_focus_point (self, series, visit);
      return TRUE;
    }

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      for (guint v = visit; v-- > 0;)
        if (has_value (self, series, v))
          {
            set_focus_point (self, series, v);
            return TRUE;
          }
      return FALSE;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      for (guint v = visit + 1; v < n_visits; v++)
        if (has_value (self, series, v))
          {
            set_focus_point (self, series, v);
            return TRUE;
          }
      return FALSE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      for (guint step = 1; step < n_series; step++)
        {
          gboolean up = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up;
          guint s = up ? (series + n_series - step) % n_series : (series + step) % n_series;
          MarrowDay day = marrow_chart_data_get_visit (self->data, visit)->day;
          guint best = G_MAXUINT, best_distance = G_MAXUINT;

          for (guint v = 0; v < n_visits; v++)
            {
              MarrowDay other = marrow_chart_data_get_visit (self->data, v)->day;
              guint distance = other > day ? other - day : day - other;

              if (has_value (self, s, v) && distance < best_distance)
                {
                  best = v;
                  best_distance = distance;
                }
            }
          if (best != G_MAXUINT)
            {
              set_focus_point (self, s, best);
              return TRUE;
            }
        }
      return FALSE;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      if (end_point (self, keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End, &series, &visit))
        set_focus_point (self, series, visit);
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MarrowScoreChart      *self)
{
  gboolean moved;

  if (self->data == NULL || marrow_chart_data_count_points (self->data) == 0)
    return FALSE;
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_space)
    {
      if (!self->has_focus_point)
        return FALSE;
      activate_point (self, self->focus_visit);
      return TRUE;
    }
  moved = move_focus (self, keyval);
  if (moved)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      /* the tooltip follows the keyboard */
      gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
    }
  return moved;
}

static gboolean
marrow_score_chart_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  MarrowScoreChart *self = MARROW_SCORE_CHART (widget);
  g_autofree char *text = NULL;
  guint series, visit;

  if (keyboard_mode)
    {
      if (!self->has_focus_point)
        return FALSE;
      series = self->focus_series;
      visit = self->focus_visit;
    }
  else if (!pick (self, x, y, &series, &visit))
    return FALSE;

  text = marrow_score_chart_dup_point_text (self, series, visit);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  if (self->layout != NULL)
    {
      double px, py;

      if (marrow_chart_layout_get_point (self->layout, series, visit, &px, &py))
        gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int)px - 6, (int)py - 6, 12, 12 });
    }
  return TRUE;
}

static void
on_dark_changed (MarrowScoreChart *self,
                 GParamSpec       *pspec,
                 AdwStyleManager  *manager)
{
  self->dark = adw_style_manager_get_dark (manager);
  drop_layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
marrow_score_chart_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MarrowScoreChart *self = MARROW_SCORE_CHART (object);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_score_chart_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MarrowScoreChart *self = MARROW_SCORE_CHART (object);

  switch (prop_id)
    {
    case PROP_DATA:
      marrow_score_chart_set_data (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_score_chart_finalize (GObject *object)
{
  MarrowScoreChart *self = MARROW_SCORE_CHART (object);

  drop_layout (self);
  g_clear_pointer (&self->data, marrow_chart_data_unref);

  G_OBJECT_CLASS (marrow_score_chart_parent_class)->finalize (object);
}

static void
marrow_score_chart_class_init (MarrowScoreChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = marrow_score_chart_finalize;
  object_class->get_property = marrow_score_chart_get_property;
  object_class->set_property = marrow_score_chart_set_property;

  widget_class->snapshot = marrow_score_chart_snapshot;
  widget_class->measure = marrow_score_chart_measure;
  widget_class->size_allocate = marrow_score_chart_size_allocate;
  widget_class->query_tooltip = marrow_score_chart_query_tooltip;

  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, MARROW_TYPE_CHART_DATA,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MarrowScoreChart::assessment-activated:
   * @self: the chart
   * @assessment_id: the UUID of the assessment of the point
   *
   * A point was clicked, or Enter was pressed on the focused point.
   */
  signals[ASSESSMENT_ACTIVATED] =
    g_signal_new ("assessment-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
marrow_score_chart_init (MarrowScoreChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->dark = adw_style_manager_get_dark (manager);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

/**
 * marrow_score_chart_new:
 *
 * Returns: (transfer full): an empty chart; give it data with
 *   marrow_score_chart_set_data()
 */
GtkWidget *
marrow_score_chart_new (void)
{
  return g_object_new (MARROW_TYPE_SCORE_CHART, NULL);
}

/**
 * marrow_score_chart_set_data:
 * @data: (nullable): what to show
 *
 * Shows @data; the hover and the focused point start afresh, and the
 * accessible description is the new chart in words.
 */
void
marrow_score_chart_set_data (MarrowScoreChart *self,
                             MarrowChartData  *data)
{
  g_return_if_fail (MARROW_IS_SCORE_CHART (self));

  if (self->data == data)
    return;
  g_clear_pointer (&self->data, marrow_chart_data_unref);
  if (data != NULL)
    self->data = marrow_chart_data_ref (data);
  drop_layout (self);
  self->has_hover = FALSE;
  self->has_focus_point = FALSE;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

/**
 * marrow_score_chart_get_data:
 *
 * Returns: (transfer none) (nullable): what the chart shows
 */
MarrowChartData *
marrow_score_chart_get_data (MarrowScoreChart *self)
{
  g_return_val_if_fail (MARROW_IS_SCORE_CHART (self), NULL);

  return self->data;
}

/**
 * marrow_score_chart_get_hover:
 * @series: (out) (optional): the series of the point under the pointer
 * @visit: (out) (optional): its visit
 *
 * Returns: whether the pointer is near a point
 */
gboolean
marrow_score_chart_get_hover (MarrowScoreChart *self,
                              guint            *series,
                              guint            *visit)
{
  g_return_val_if_fail (MARROW_IS_SCORE_CHART (self), FALSE);

  if (series != NULL)
    *series = self->hover_series;
  if (visit != NULL)
    *visit = self->hover_visit;
  return self->has_hover;
}

/**
 * marrow_score_chart_get_focus_point:
 * @series: (out) (optional): the series of the point the keyboard is on
 * @visit: (out) (optional): its visit
 *
 * Returns: whether a point has the keyboard focus
 */
gboolean
marrow_score_chart_get_focus_point (MarrowScoreChart *self,
                                    guint            *series,
                                    guint            *visit)
{
  g_return_val_if_fail (MARROW_IS_SCORE_CHART (self), FALSE);

  if (series != NULL)
    *series = self->focus_series;
  if (visit != NULL)
    *visit = self->focus_visit;
  return self->has_focus_point;
}
