/* marrow-assessment-scores.c: the scores of the answers so far, one tile per score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each score of the instrument is a tile: its value as the instrument
 * displays it (marrow_score_value_format()), or "not scorable yet" while
 * the missing-item rule says it cannot be computed, its label, and how many
 * of its items are answered.  The assessment form gives it new scores on
 * every answer.
 */
#define G_LOG_DOMAIN "marrow-assessment"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-scores.h"

struct _MarrowAssessmentScores
{
  AdwBin      parent_instance;

  GtkFlowBox *tiles;
  GHashTable *texts;   /* score key -> the value as shown */
};

G_DEFINE_FINAL_TYPE (MarrowAssessmentScores, marrow_assessment_scores, ADW_TYPE_BIN)

static GtkWidget *
make_tile (const MarrowScoreValue *value,
           const char             *shown)
{
  const MarrowInstrumentScore *score = value->definition;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (shown);
  GtkWidget *label = gtk_label_new (score->label);
  GtkWidget *detail = NULL;
  GtkWidget *child = gtk_flow_box_child_new ();
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (box, "score-tile");
  gtk_widget_add_css_class (number, value->scorable ? "title-2" : "dim-label");
  if (!value->scorable)
    gtk_widget_add_css_class (box, "not-scorable");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), label);

  if (score->items->len > 0)
    {
      g_autofree char *answered = NULL;

      /* Translators: items of a score answered so far, e.g. "7 of 9 answered" */
      answered = g_strdup_printf (_("%u of %u answered"), value->n_answered, score->items->len);
      detail = gtk_label_new (answered);
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (box), detail);
    }

  /* Translators: accessible name of a score tile, e.g. "Pain: 72.2" */
  accessible = g_strdup_printf (_("%s: %s"), score->label, shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_widget_set_focusable (child, FALSE);
  return child;
}

static void
marrow_assessment_scores_finalize (GObject *object)
{
  MarrowAssessmentScores *self = MARROW_ASSESSMENT_SCORES (object);

  g_hash_table_unref (self->texts);

  G_OBJECT_CLASS (marrow_assessment_scores_parent_class)->finalize (object);
}

static void
marrow_assessment_scores_class_init (MarrowAssessmentScoresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = marrow_assessment_scores_finalize;
}

static void
marrow_assessment_scores_init (MarrowAssessmentScores *self)
{
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tiles = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->tiles, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->tiles, TRUE);
  gtk_flow_box_set_min_children_per_line (self->tiles, 3);
  gtk_flow_box_set_max_children_per_line (self->tiles, 7);
  gtk_flow_box_set_column_spacing (self->tiles, 6);
  gtk_flow_box_set_row_spacing (self->tiles, 6);
  gtk_widget_set_focusable (GTK_WIDGET (self->tiles), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tiles), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Scores"), -1);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->tiles));
}

GtkWidget *
marrow_assessment_scores_new (void)
{
  return g_object_new (MARROW_TYPE_ASSESSMENT_SCORES, NULL);
}

/**
 * marrow_assessment_scores_set_scores:
 * @self: a #MarrowAssessmentScores
 * @scores: (nullable): the scores to show, or %NULL for none
 */
void
marrow_assessment_scores_set_scores (MarrowAssessmentScores *self,
                                     MarrowScores           *scores)
{
  GtkWidget *child;

  g_return_if_fail (MARROW_IS_ASSESSMENT_SCORES (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);
  g_hash_table_remove_all (self->texts);

  for (guint i = 0; scores != NULL && i < marrow_scores_get_n_values (scores); i++)
    {
      const MarrowScoreValue *value = marrow_scores_get_value (scores, i);
      g_autofree char *shown = value->scorable ? marrow_score_value_format (value)
                                               : g_strdup (_("not scorable yet"));

      gtk_flow_box_append (self->tiles, make_tile (value, shown));
      g_hash_table_replace (self->texts, g_strdup (value->definition->key),
                            g_steal_pointer (&shown));
    }
}

/**
 * marrow_assessment_scores_get_text:
 * @self: a #MarrowAssessmentScores
 * @key: a score key
 *
 * Returns: (nullable): the value of the score as shown, or %NULL when the
 *   instrument has no such score
 */
const char *
marrow_assessment_scores_get_text (MarrowAssessmentScores *self,
                                   const char             *key)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_SCORES (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->texts, key);
}
