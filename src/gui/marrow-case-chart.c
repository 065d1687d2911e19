/* marrow-case-chart.c: one score chart of a case with its instrument and score choosers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's chart (issue 7, point 3): above MarrowScoreChart (the
 * chart engineer's widget, src/chart) a drop-down of the instruments the
 * case has assessments of, and a "Scores" button whose popover has a check
 * button per subscale of the instrument.  Changing either reads the chart's
 * data again with marrow_chart_data_load(), which also gives the choices,
 * so the choosers always show what the data has.  By default the chart
 * shows the case's primary instrument and the subscales its guidance
 * protocol judges, the same chart "marrow-cli chart" draws.  A click on a
 * point is passed on as ::assessment-activated.
 */
#define G_LOG_DOMAIN "marrow-case-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-case-chart.h"
#include "marrow-score-chart.h"

struct _MarrowCaseChart
{
  AdwBin           parent_instance;

  MarrowStore     *store;
  char            *case_id;
  MarrowChartData *data;
  GPtrArray       *instrument_ids;   /* char *, in the drop-down's order */
  gboolean         filling;

  /* template children */
  GtkDropDown     *instrument_dropdown;
  GtkMenuButton   *scores_button;
  GtkBox          *scores_box;
  GtkLabel        *error_label;
  MarrowScoreChart *chart;
};

G_DEFINE_FINAL_TYPE (MarrowCaseChart, marrow_case_chart, ADW_TYPE_BIN)

enum {
  ASSESSMENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error (MarrowCaseChart *self,
           const char      *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
has_series (MarrowChartData *data,
            const char      *key)
{
  for (guint s = 0; s < marrow_chart_data_get_n_series (data); s++)
    if (g_strcmp0 (marrow_chart_data_get_series (data, s)->key, key) == 0)
      return TRUE;
  return FALSE;
}

static void score_toggled_cb (MarrowCaseChart *self,
                              GtkCheckButton  *check);

static gboolean
same_instruments (MarrowCaseChart *self)
{
  guint n = marrow_chart_data_get_n_instrument_choices (self->data);

  if (n != self->instrument_ids->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (marrow_chart_data_get_instrument_choice (self->data, i)->id, self->instrument_ids->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_scores (MarrowCaseChart *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->scores_box));

  for (guint i = 0; i < marrow_chart_data_get_n_score_choices (self->data); i++)
    {
      if (child == NULL ||
          g_strcmp0 (gtk_widget_get_name (child), marrow_chart_data_get_score_choice (self->data, i)->key) != 0)
        return FALSE;
      child = gtk_widget_get_next_sibling (child);
    }
  return child == NULL;
}

/* The choosers from the data's choices.  The drop-down's model is replaced
 * only when the case's instruments changed: this runs from the drop-down's
 * own notify::selected, and replacing its model there frees the selection
 * that is emitting */
static void
fill_choosers (MarrowCaseChart *self)
{
  const char *current = marrow_chart_data_get_instrument_id (self->data);
  guint selected = GTK_INVALID_LIST_POSITION;
  GtkWidget *child;

  self->filling = TRUE;
  if (!same_instruments (self))
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      g_ptr_array_set_size (self->instrument_ids, 0);
      for (guint i = 0; i < marrow_chart_data_get_n_instrument_choices (self->data); i++)
        {
          const MarrowChartInstrumentChoice *choice = marrow_chart_data_get_instrument_choice (self->data, i);

          g_ptr_array_add (self->instrument_ids, g_strdup (choice->id));
          gtk_string_list_append (names, choice->name != NULL ? choice->name : choice->id);
        }
      gtk_drop_down_set_model (self->instrument_dropdown, G_LIST_MODEL (names));
    }
  for (guint i = 0; i < self->instrument_ids->len; i++)
    if (g_strcmp0 (self->instrument_ids->pdata[i], current) == 0)
      selected = i;
  if (gtk_drop_down_get_selected (self->instrument_dropdown) != selected)
    gtk_drop_down_set_selected (self->instrument_dropdown, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->instrument_dropdown), self->instrument_ids->len > 1);

  if (same_scores (self))
    {
      /* Only the states: this runs from a check button's own ::toggled */
      for (child = gtk_widget_get_first_child (GTK_WIDGET (self->scores_box)); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child), has_series (self->data, gtk_widget_get_name (child)));
    }
  else
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scores_box))) != NULL)
        gtk_box_remove (self->scores_box, child);
      for (guint i = 0; i < marrow_chart_data_get_n_score_choices (self->data); i++)
        {
          const MarrowChartScoreChoice *choice = marrow_chart_data_get_score_choice (self->data, i);
          GtkWidget *check = gtk_check_button_new_with_label (choice->label);

          gtk_widget_set_name (check, choice->key);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), has_series (self->data, choice->key));
          g_signal_connect_object (check, "toggled", G_CALLBACK (score_toggled_cb), self, G_CONNECT_SWAPPED);
          gtk_box_append (self->scores_box, check);
        }
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->scores_button),
                            marrow_chart_data_get_n_score_choices (self->data) > 1);
  self->filling = FALSE;
}

/* The data read again; with the case's guidance @evaluation when the caller
 * has it, else the loader evaluates the case itself */
static gboolean
load (MarrowCaseChart              *self,
      MarrowGuidanceEvaluation     *evaluation,
      const MarrowGuidanceSnapshot *snapshot,
      const char                   *instrument_id,
      const char * const           *score_keys,
      GError                      **error)
{
  g_autoptr(MarrowChartData) data = NULL;
  g_autoptr(GError) local_error = NULL;

  if (evaluation != NULL)
    data = marrow_chart_data_load_for_evaluation (self->store, evaluation, snapshot, instrument_id, score_keys,
                                                  &local_error);
  else
    data = marrow_chart_data_load (self->store, self->case_id, instrument_id, score_keys, &local_error);
  if (data == NULL)
    {
      set_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_error (self, NULL);
  g_clear_pointer (&self->data, marrow_chart_data_unref);
  self->data = g_steal_pointer (&data);
  marrow_score_chart_set_data (self->chart, self->data);
  fill_choosers (self);
  return TRUE;
}

static void
instrument_selected_cb (MarrowCaseChart *self)
{
  guint selected = gtk_drop_down_get_selected (self->instrument_dropdown);
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_CASE_CHART (self));

  if (self->filling || self->data == NULL || selected >= self->instrument_ids->len)
    return;
  if (g_strcmp0 (self->instrument_ids->pdata[selected], marrow_chart_data_get_instrument_id (self->data)) == 0)
    return;
  /* Shown in the chart's error label; nothing more to do here */
  marrow_case_chart_set_instrument (self, self->instrument_ids->pdata[selected], &error);
}

static void
score_toggled_cb (MarrowCaseChart *self,
                  GtkCheckButton  *check)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert (MARROW_IS_CASE_CHART (self));

  if (self->filling)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->scores_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      g_ptr_array_add (keys, (gpointer)gtk_widget_get_name (child));
  if (keys->len == 0)
    {
      /* A chart without a score says nothing: the last one stays */
      self->filling = TRUE;
      gtk_check_button_set_active (check, TRUE);
      self->filling = FALSE;
      return;
    }
  g_ptr_array_add (keys, NULL);
  marrow_case_chart_set_scores (self, (const char * const *)keys->pdata, &error);
}

static void
assessment_activated_cb (MarrowCaseChart  *self,
                         const char       *assessment_id,
                         MarrowScoreChart *chart)
{
  g_assert (MARROW_IS_CASE_CHART (self));

  g_signal_emit (self, signals[ASSESSMENT_ACTIVATED], 0, assessment_id);
}

static void
marrow_case_chart_dispose (GObject *object)
{
  MarrowCaseChart *self = MARROW_CASE_CHART (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_CASE_CHART);
  g_clear_pointer (&self->data, marrow_chart_data_unref);
  g_clear_pointer (&self->instrument_ids, g_ptr_array_unref);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_case_chart_parent_class)->dispose (object);
}

static void
marrow_case_chart_class_init (MarrowCaseChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_case_chart_dispose;

  /**
   * MarrowCaseChart::assessment-activated:
   * @assessment_id: the UUID of the assessment of the point clicked
   */
  signals[ASSESSMENT_ACTIVATED] = g_signal_new ("assessment-activated", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                                G_TYPE_STRING);

  g_type_ensure (MARROW_TYPE_SCORE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-case-chart.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseChart, instrument_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseChart, scores_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseChart, scores_box);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseChart, error_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseChart, chart);
}

static void
marrow_case_chart_init (MarrowCaseChart *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->instrument_ids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (self->instrument_dropdown, "notify::selected", G_CALLBACK (instrument_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart, "assessment-activated", G_CALLBACK (assessment_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
marrow_case_chart_new (void)
{
  return g_object_new (MARROW_TYPE_CASE_CHART, NULL);
}

/**
 * marrow_case_chart_show:
 * @store: the store
 * @case_id: a joint case
 * @instrument_id: (nullable): the instrument; %NULL for the case's primary
 *   one (or its most used)
 * @error: return location for a #GError
 *
 * Charts the case with the instrument's default scores.
 *
 * Returns: %FALSE with @error set (and shown) if the data could not be read
 */
gboolean
marrow_case_chart_show (MarrowCaseChart  *self,
                        MarrowStore      *store,
                        const char       *case_id,
                        const char       *instrument_id,
                        GError          **error)
{
  g_return_val_if_fail (MARROW_IS_CASE_CHART (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  return load (self, NULL, NULL, instrument_id, NULL, error);
}

/**
 * marrow_case_chart_show_for_evaluation:
 * @store: the store
 * @evaluation: the guidance evaluation of a joint case for today
 * @snapshot: what @evaluation was computed from
 * @instrument_id: (nullable): the instrument; %NULL for the case's primary
 *   one (or its most used)
 * @error: return location for a #GError
 *
 * marrow_case_chart_show() for the case of @evaluation, without evaluating
 * its guidance again (marrow_chart_data_load_for_evaluation()): the case
 * page evaluates once for the guidance panel and both charts.  Neither
 * argument is kept; choosing another instrument or score later reads the
 * case again as marrow_case_chart_set_instrument() does.
 *
 * Returns: %FALSE with @error set (and shown) if the data could not be read
 */
gboolean
marrow_case_chart_show_for_evaluation (MarrowCaseChart              *self,
                                       MarrowStore                  *store,
                                       MarrowGuidanceEvaluation     *evaluation,
                                       const MarrowGuidanceSnapshot *snapshot,
                                       const char                   *instrument_id,
                                       GError                      **error)
{
  g_return_val_if_fail (MARROW_IS_CASE_CHART (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (evaluation != NULL, FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_strdup (marrow_guidance_evaluation_get_case_id (evaluation));
  return load (self, evaluation, snapshot, instrument_id, NULL, error);
}

/**
 * marrow_case_chart_set_instrument:
 * @instrument_id: an instrument of the case
 * @error: return location for a #GError
 *
 * Charts another instrument of the case, with its default scores.
 *
 * Returns: %FALSE with @error set (and shown) if the data could not be read
 */
gboolean
marrow_case_chart_set_instrument (MarrowCaseChart  *self,
                                  const char       *instrument_id,
                                  GError          **error)
{
  g_return_val_if_fail (MARROW_IS_CASE_CHART (self), FALSE);
  g_return_val_if_fail (instrument_id != NULL, FALSE);
  g_return_val_if_fail (self->case_id != NULL, FALSE);

  return load (self, NULL, NULL, instrument_id, NULL, error);
}

/**
 * marrow_case_chart_set_scores:
 * @score_keys: (array zero-terminated=1): scores of the instrument shown
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error set (and shown) if the data could not be read
 */
gboolean
marrow_case_chart_set_scores (MarrowCaseChart     *self,
                              const char * const  *score_keys,
                              GError             **error)
{
  g_autofree char *instrument_id = NULL;

  g_return_val_if_fail (MARROW_IS_CASE_CHART (self), FALSE);
  g_return_val_if_fail (score_keys != NULL && score_keys[0] != NULL, FALSE);
  g_return_val_if_fail (self->data != NULL, FALSE);

  /* The data is replaced, and its instrument id with it */
  instrument_id = g_strdup (marrow_chart_data_get_instrument_id (self->data));
  return load (self, NULL, NULL, instrument_id, score_keys, error);
}

/**
 * marrow_case_chart_get_data:
 *
 * Returns: (transfer none) (nullable): what the chart shows
 */
MarrowChartData *
marrow_case_chart_get_data (MarrowCaseChart *self)
{
  g_return_val_if_fail (MARROW_IS_CASE_CHART (self), NULL);

  return self->data;
}

/**
 * marrow_case_chart_clear:
 *
 * Shows nothing, for a case that could not be read.
 */
void
marrow_case_chart_clear (MarrowCaseChart *self)
{
  g_return_if_fail (MARROW_IS_CASE_CHART (self));

  g_clear_pointer (&self->data, marrow_chart_data_unref);
  marrow_score_chart_set_data (self->chart, NULL);
}
