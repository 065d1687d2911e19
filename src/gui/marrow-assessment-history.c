/* marrow-assessment-history.c: the assessments of one joint case with their scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per assessment, the latest first: its day, time point and
 * instrument as the title, its scores (computed from the stored answers by
 * marrow_store_score_assessment()) as the subtitle.  The list is the
 * store's lazily loaded model, so an assessment saved elsewhere in the
 * program appears at once.  The assessment form shows it below the items;
 * the case page can show it as it is.
 */
#define G_LOG_DOMAIN "marrow-assessment"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-history.h"
#include "marrow-assessment-service.h"
#include "marrow-assessment-time-point.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"

struct _MarrowAssessmentHistory
{
  AdwBin       parent_instance;

  GtkListBox  *list;

  MarrowStore *store;
  GListModel  *assessments;
};

G_DEFINE_FINAL_TYPE (MarrowAssessmentHistory, marrow_assessment_history, ADW_TYPE_BIN)

/**
 * marrow_assessment_history_describe:
 * @store: the store of @assessment
 * @assessment: a stored assessment
 * @scores: (out) (transfer full): its scores as "Symptoms 67.9 · Pain 72.2 …",
 *   or why they cannot be computed
 *
 * Returns: (transfer full): its day, time point and instrument, e.g.
 *   "03/14/2026 · 6 weeks · KOOS"
 */
char *
marrow_assessment_history_describe (MarrowStore   *store,
                                    MarrowRecord  *assessment,
                                    char         **scores)
{
  g_autoptr(MarrowScores) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  MarrowDay day;
  const char *time_point;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (assessment), NULL);
  g_return_val_if_fail (scores != NULL, NULL);

  day = marrow_instant_local_day (marrow_record_get_text (assessment, "completed_at"));
  if (day != 0)
    {
      g_autofree char *shown = marrow_date_entry_format_day (day);

      g_string_append (title, shown);
    }
  time_point = marrow_record_get_text (assessment, "timepoint");
  if (time_point != NULL)
    g_string_append_printf (title, " · %s",
                            marrow_form_code_label (marrow_entity_find_field (&marrow_entity_assessment,
                                                                              "timepoint"),
                                                    time_point));
  g_string_append_printf (title, " · %s", marrow_record_get_text_or_id (assessment,
                                                                        "instrument_code"));

  values = marrow_store_score_assessment (store, assessment, &error);
  if (values == NULL)
    {
      /* Translators: %s says why the scores of a stored assessment cannot be shown */
      *scores = g_strdup_printf (_("Scores not available: %s"), error->message);
    }
  else
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < marrow_scores_get_n_values (values); i++)
        {
          const MarrowScoreValue *value = marrow_scores_get_value (values, i);
          g_autofree char *shown = marrow_score_value_format (value);

          if (i > 0)
            g_string_append (text, " · ");
          /* Translators: a score and its value in a list, e.g. "Pain 72.2" */
          g_string_append_printf (text, _("%s %s"), value->definition->label, shown);
        }
      *scores = g_string_free (text, FALSE);
    }
  return g_string_free (g_steal_pointer (&title), FALSE);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  MarrowAssessmentHistory *self = user_data;
  MarrowRecord *assessment = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *scores = NULL;
  g_autofree char *title = marrow_assessment_history_describe (self->store, assessment, &scores);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), scores);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
marrow_assessment_history_dispose (GObject *object)
{
  MarrowAssessmentHistory *self = MARROW_ASSESSMENT_HISTORY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_ASSESSMENT_HISTORY);
  g_clear_object (&self->assessments);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_assessment_history_parent_class)->dispose (object);
}

static void
marrow_assessment_history_class_init (MarrowAssessmentHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_assessment_history_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-assessment-history.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentHistory, list);
}

static void
marrow_assessment_history_init (MarrowAssessmentHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
marrow_assessment_history_new (void)
{
  return g_object_new (MARROW_TYPE_ASSESSMENT_HISTORY, NULL);
}

/**
 * marrow_assessment_history_set_case:
 * @self: a #MarrowAssessmentHistory
 * @store: the store
 * @joint_case_id: the case whose assessments are listed
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error set if the list could not be read
 */
gboolean
marrow_assessment_history_set_case (MarrowAssessmentHistory  *self,
                                    MarrowStore              *store,
                                    const char               *joint_case_id,
                                    GError                  **error)
{
  MarrowListQuery query = {
    .order_by = "completed_at",
    .descending = TRUE,
    .filter_field = "joint_case_id",
    .filter_value = joint_case_id,
  };
  g_autoptr(GListModel) assessments = NULL;

  g_return_val_if_fail (MARROW_IS_ASSESSMENT_HISTORY (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (joint_case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  assessments = marrow_store_list (store, &marrow_entity_assessment, &query, error);
  if (assessments == NULL)
    return FALSE;
  g_set_object (&self->store, store);
  g_set_object (&self->assessments, assessments);
  gtk_list_box_bind_model (self->list, self->assessments, create_row, self, NULL);
  return TRUE;
}

/**
 * marrow_assessment_history_get_list:
 * @self: a #MarrowAssessmentHistory
 *
 * Returns: (transfer none): the list box, one row per assessment
 */
GtkListBox *
marrow_assessment_history_get_list (MarrowAssessmentHistory *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_HISTORY (self), NULL);

  return self->list;
}
