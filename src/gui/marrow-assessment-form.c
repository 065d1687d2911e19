/* marrow-assessment-form.c: a questionnaire transcribed into a joint case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller presets joint_case_id.  The form offers every instrument the
 * store knows, with the case's primary instrument chosen for a new
 * assessment, and builds one MarrowAssessmentItemRow per item of the chosen
 * instrument's definition.  Transcribing a paper form is done with the
 * keyboard: the current item shows its options, a digit answers it and
 * moves on, Enter moves on without an answer, Backspace goes back to the
 * previous item and clears it (marrow-assessment-item-row.c).  The line
 * above the items counts the answers; the scores below them are computed
 * by the core's engine on every answer.
 *
 * The time point is suggested from the days since the case's latest
 * injection (marrow-assessment-time-point.c) and follows the date until the
 * user chooses one.
 *
 * A new assessment is saved through the assessment service
 * (marrow_assessment_add_changes()): the assessment and one
 * assessment_item per item, missing answers as NULL, in the dialog's change
 * set; the store checks every answer against the instrument.  A stored
 * assessment shows its answers read-only: its header fields can be
 * corrected, its answers only by voiding it and entering it again.
 */
#define G_LOG_DOMAIN "marrow-assessment-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-assessment-form.h"
#include "marrow-assessment-history.h"
#include "marrow-assessment-instruments.h"
#include "marrow-assessment-scores.h"
#include "marrow-assessment-service.h"
#include "marrow-assessment-time-point.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-form-labels.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/* The codes of assessment.recall_period the form offers */
static const char * const recall_period_codes[] = {
  "past_week_average", "past_24_hours_average", "now", NULL
};

struct _MarrowAssessmentForm
{
  MarrowForm               parent_instance;

  GtkWidget               *instrument_row;
  GtkWidget               *completed_at_entry;
  GtkWidget               *timepoint_row;
  GtkWidget               *details_row;
  GtkWidget               *mode_row;
  GtkWidget               *respondent_row;
  GtkWidget               *recall_period_row;
  GtkWidget               *entered_by_row;
  GtkLabel                *progress_label;
  GtkLabel                *hint_label;
  GtkScrolledWindow       *items_scroller;
  GtkListBox              *items_list;
  MarrowAssessmentScores  *scores;
  MarrowAssessmentHistory *history;

  MarrowInstrument        *instrument;
  GPtrArray               *rows;        /* MarrowAssessmentItemRow, owned by items_list */
  GArray                  *sections;    /* guint per item: the score that heads it */
  MarrowAnswers           *answers;
  MarrowScores            *live_scores;
  const char              *suggested;
  int                      current;
  gboolean                 answers_changed;
  gboolean                 timepoint_chosen;
  gboolean                 setting_timepoint;
  guint                    scroll_tick;
  guint                    scroll_frames;
};

G_DEFINE_FINAL_TYPE (MarrowAssessmentForm, marrow_assessment_form, MARROW_TYPE_FORM)

static const MarrowFieldDef *
timepoint_field (void)
{
  return marrow_entity_find_field (&marrow_entity_assessment, "timepoint");
}

/* Items, answers and scores */

static void
update_answers (MarrowAssessmentForm *self)
{
  MarrowRecord *record = marrow_form_get_record (MARROW_FORM (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  guint n_items = self->rows->len;
  const char *scoring;

  g_clear_pointer (&self->answers, marrow_answers_unref);
  g_clear_pointer (&self->live_scores, marrow_scores_unref);
  if (self->instrument != NULL)
    {
      self->answers = marrow_answers_new (self->instrument);
      for (guint i = 0; i < self->rows->len; i++)
        {
          double value;

          /* The rows only hold answers the item allows */
          if (marrow_assessment_item_row_get_value (self->rows->pdata[i], &value) &&
              !marrow_answers_set (self->answers,
                                   marrow_assessment_item_row_get_item (self->rows->pdata[i])->id,
                                   value, &error))
            g_critical ("%s", error->message);
        }
      /* The record's rule version (a stored assessment's own), or the
       * default while a new instrument's is not filled in yet */
      scoring = marrow_record_get_text (record, "scoring_version");
      if (scoring != NULL && marrow_instrument_find_scoring_version (self->instrument, scoring) == NULL)
        scoring = NULL;
      self->live_scores = marrow_instrument_score (self->answers, scoring, &error);
      if (self->live_scores == NULL)
        g_warning ("Could not score the answers: %s", error->message);
    }
  marrow_assessment_scores_set_scores (self->scores, self->live_scores);

  /* Translators: how many items of the questionnaire have an answer */
  progress = g_strdup_printf (g_dngettext (NULL, "%u of %u item answered",
                                           "%u of %u items answered", n_items),
                              self->answers ? marrow_answers_get_n_answered (self->answers) : 0,
                              n_items);
  gtk_label_set_text (self->progress_label, progress);
}

static gboolean
scroll_to_current_cb (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->items_scroller);
  GtkWidget *row;
  graphene_rect_t bounds;
  double top, bottom, page;

  /* Twice: the viewport scrolls to the focused row on its own, and the
   * row grows when its options open */
  if (--self->scroll_frames == 0)
    self->scroll_tick = 0;
  if (self->current < 0 || (guint)self->current >= self->rows->len)
    return self->scroll_tick != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
  row = self->rows->pdata[self->current];
  if (!gtk_widget_compute_bounds (row, GTK_WIDGET (self->items_list), &bounds))
    return self->scroll_tick != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;

  /* The whole row with a little of its neighbours, when it fits */
  top = bounds.origin.y - 24;
  bottom = bounds.origin.y + bounds.size.height + 24;
  page = gtk_adjustment_get_page_size (adjustment);
  if (top < gtk_adjustment_get_value (adjustment) || bottom - top > page)
    gtk_adjustment_set_value (adjustment, top);
  else if (bottom > gtk_adjustment_get_value (adjustment) + page)
    gtk_adjustment_set_value (adjustment, bottom - page);
  return self->scroll_tick != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* After the next layout, when the current row has its options open */
static void
queue_scroll (MarrowAssessmentForm *self)
{
  self->scroll_frames = 2;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->items_list),
                                                      scroll_to_current_cb, self, NULL);
}

static void
make_current (MarrowAssessmentForm *self,
              int                   index)
{
  if (index == self->current)
    return;
  if (self->current >= 0 && (guint)self->current < self->rows->len)
    marrow_assessment_item_row_set_current (self->rows->pdata[self->current], FALSE);
  self->current = index;
  if (index >= 0)
    marrow_assessment_item_row_set_current (self->rows->pdata[index], TRUE);
  queue_scroll (self);
}

static void
on_row_changed (MarrowAssessmentItemRow *row,
                MarrowAssessmentForm    *self)
{
  self->answers_changed = TRUE;
  update_answers (self);
  marrow_form_changed (MARROW_FORM (self));
}

static void
on_row_advance (MarrowAssessmentItemRow *row,
                MarrowAssessmentForm    *self)
{
  guint index = marrow_assessment_item_row_get_position (row);

  if (index + 1 < self->rows->len)
    marrow_assessment_form_set_current (self, index + 1);
  else
    /* The last item: on to the scores and Save */
    gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))),
                            GTK_DIR_TAB_FORWARD);
}

static void
on_row_back (MarrowAssessmentItemRow *row,
             MarrowAssessmentForm    *self)
{
  guint index = marrow_assessment_item_row_get_position (row);
  guint previous = index > 0 ? index - 1 : 0;

  marrow_assessment_form_set_current (self, previous);
  marrow_assessment_item_row_clear (self->rows->pdata[previous]);
}

static void
on_row_entered (MarrowAssessmentItemRow *row,
                MarrowAssessmentForm    *self)
{
  make_current (self, marrow_assessment_item_row_get_position (row));
}

/* The section an item is listed under: the first score over items that
 * counts it (KOOS: Symptoms, Pain, ADL …) */
static guint
section_of (MarrowInstrument *instrument,
            guint             item)
{
  for (guint s = 0; s < marrow_instrument_get_n_scores (instrument); s++)
    {
      const MarrowInstrumentScore *score = marrow_instrument_get_score (instrument, s);

      for (guint i = 0; i < score->items->len; i++)
        if (g_array_index (score->items, guint, i) == item)
          return s;
    }
  return G_MAXUINT;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  MarrowAssessmentForm *self = user_data;
  guint index = marrow_assessment_item_row_get_position (MARROW_ASSESSMENT_ITEM_ROW (row));
  guint section;
  GtkWidget *header;

  /* Rows of the instrument before are being removed */
  if (self->instrument == NULL || index >= self->sections->len ||
      marrow_assessment_item_row_get_item (MARROW_ASSESSMENT_ITEM_ROW (row)) !=
      marrow_instrument_get_item (self->instrument, index))
    return;
  section = g_array_index (self->sections, guint, index);
  if (section == G_MAXUINT ||
      (before != NULL &&
       g_array_index (self->sections, guint,
                      marrow_assessment_item_row_get_position (MARROW_ASSESSMENT_ITEM_ROW (before))) ==
       section))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) != NULL)
    return;
  header = gtk_label_new (marrow_instrument_get_score (self->instrument, section)->label);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "item-section");
  gtk_list_box_row_set_header (row, header);
}

static void
update_hint (MarrowAssessmentForm *self)
{
  guint most = 0;
  gboolean ranges = FALSE;
  g_autofree char *hint = NULL;

  for (guint i = 0; self->instrument != NULL && i < marrow_instrument_get_n_items (self->instrument); i++)
    {
      const MarrowInstrumentItem *item = marrow_instrument_get_item (self->instrument, i);

      if (item->options->len > 0)
        most = MAX (most, MIN (item->options->len, 10));
      else
        ranges = TRUE;
    }

  if (most > 0 && ranges)
    /* Translators: keyboard help above the items; %u is the highest digit key */
    hint = g_strdup_printf (_("Keys: 0–%u answer the current item and move on; for a number, "
                              "type it and press Enter. Enter skips, Backspace goes back, "
                              "Delete clears."), most - 1);
  else if (most > 0)
    /* Translators: keyboard help above the items; %u is the highest digit key */
    hint = g_strdup_printf (_("Keys: 0–%u answer the current item and move on. Enter skips, "
                              "Backspace goes back, Delete clears."), most - 1);
  else
    hint = g_strdup (_("Type the number and press Enter to move on. Backspace in an empty "
                       "field goes back."));
  gtk_label_set_text (self->hint_label, hint);
}

/* Shows the items of @instrument, unanswered */
static void
set_instrument (MarrowAssessmentForm *self,
                MarrowInstrument     *instrument)
{
  GtkWidget *child;

  if (instrument == self->instrument)
    return;
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->items_list), self->scroll_tick);
  self->scroll_tick = 0;
  self->current = -1;
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->sections, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_list))) != NULL)
    gtk_list_box_remove (self->items_list, child);
  g_set_object (&self->instrument, instrument);

  for (guint i = 0; instrument != NULL && i < marrow_instrument_get_n_items (instrument); i++)
    {
      GtkWidget *row = marrow_assessment_item_row_new (instrument, i);
      guint section = section_of (instrument, i);

      g_array_append_val (self->sections, section);
      g_signal_connect (row, "changed", G_CALLBACK (on_row_changed), self);
      g_signal_connect (row, "advance", G_CALLBACK (on_row_advance), self);
      g_signal_connect (row, "back", G_CALLBACK (on_row_back), self);
      g_signal_connect (row, "entered", G_CALLBACK (on_row_entered), self);
      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->items_list, row);
    }
  if (self->rows->len > 0)
    make_current (self, 0);
  gtk_list_box_invalidate_headers (self->items_list);
  update_hint (self);
  update_answers (self);
}

/* Time point */

static void
select_timepoint (MarrowAssessmentForm *self,
                  const char           *code)
{
  const char * const *codes = timepoint_field ()->enum_values;
  guint selected = 0;

  for (guint i = 0; code != NULL && codes[i] != NULL; i++)
    if (strcmp (codes[i], code) == 0)
      selected = i + 1;
  self->setting_timepoint = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->timepoint_row), selected);
  self->setting_timepoint = FALSE;
}

static const char *
selected_timepoint (MarrowAssessmentForm *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->timepoint_row));

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return timepoint_field ()->enum_values[selected - 1];
}

static void
on_timepoint_selected (MarrowAssessmentForm *self)
{
  if (self->setting_timepoint)
    return;
  self->timepoint_chosen = TRUE;
  marrow_form_changed (MARROW_FORM (self));
}

/* The suggestion for the record's date, and the row's subtitle that
 * explains it */
static void
suggest_timepoint (MarrowAssessmentForm *self,
                   MarrowRecord         *record)
{
  MarrowDay day = marrow_instant_local_day (marrow_record_get_text (record, "completed_at"));
  MarrowDay injection_day = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  const char *label;

  self->suggested = NULL;
  if (day == 0)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->timepoint_row),
                                   _("Suggested from the date once it is filled in"));
      return;
    }
  if (!marrow_assessment_latest_injection (marrow_form_get_store (MARROW_FORM (self)),
                                           marrow_record_get_text (record, "joint_case_id"),
                                           day, &injection_day, &error))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->timepoint_row), error->message);
      return;
    }

  self->suggested = marrow_assessment_time_point_suggest (
    injection_day != 0 ? (gint64)day - injection_day : MARROW_ASSESSMENT_NO_INJECTION);
  label = marrow_form_code_label (timepoint_field (), self->suggested);
  if (injection_day == 0)
    /* Translators: %s is a time point such as "Baseline" */
    subtitle = g_strdup_printf (_("Suggested: %s (no injection in this case before this date)"),
                                label);
  else
    {
      g_autofree char *iso = marrow_day_format (injection_day);
      g_autofree char *shown = marrow_date_entry_format_date (iso);
      guint days = day - injection_day;

      /* Translators: %s is a time point such as "6 weeks", %u a number of
       * days and the last %s the date of the injection */
      subtitle = g_strdup_printf (g_dngettext (NULL,
                                               "Suggested: %s (%u day after the injection of %s)",
                                               "Suggested: %s (%u days after the injection of %s)",
                                               days),
                                  label, days, shown);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->timepoint_row), subtitle);
}

/* How it was filled in, summed up on the collapsed row */
static void
update_details (MarrowAssessmentForm *self,
                MarrowRecord         *record)
{
  static const char * const fields[] = { "mode", "respondent", "recall_period", "entered_by" };
  g_autoptr(GString) summary = g_string_new (NULL);
  MarrowForm *form = MARROW_FORM (self);

  for (guint i = 0; i < 2; i++)
    if (!marrow_record_is_null (record, fields[i]))
      {
        if (summary->len > 0)
          g_string_append (summary, " · ");
        g_string_append (summary,
                         marrow_form_code_label (marrow_entity_find_field (&marrow_entity_assessment,
                                                                           fields[i]),
                                                 marrow_record_get_text (record, fields[i])));
      }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->details_row), summary->str);

  /* A message about one of them must not hide in the collapsed row */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (marrow_form_get_message (form, fields[i]) != NULL)
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->details_row), TRUE);
}

/* MarrowForm */

static void
marrow_assessment_form_read_record (MarrowForm   *form,
                                    MarrowRecord *record)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (form);
  const char *code = marrow_record_get_text (record, "instrument_code");

  if (marrow_form_get_is_new (form))
    {
      if (g_strcmp0 (code, self->instrument ? marrow_instrument_get_id (self->instrument) : NULL) != 0)
        {
          MarrowInstrumentRegistry *registry =
            marrow_store_get_instruments (marrow_form_get_store (form), NULL);

          set_instrument (self, code != NULL && registry != NULL
                                  ? marrow_instrument_registry_lookup (registry, code, NULL)
                                  : NULL);
        }
      if (self->instrument != NULL)
        {
          marrow_record_set_text (record, "instrument_version",
                                  marrow_instrument_get_version (self->instrument));
          marrow_record_set_text (record, "scoring_version",
                                  marrow_instrument_get_default_scoring (self->instrument)->id);
        }
      else
        {
          marrow_record_set_null (record, "instrument_version");
          marrow_record_set_null (record, "scoring_version");
        }
    }

  suggest_timepoint (self, record);
  if (!self->timepoint_chosen && self->suggested != NULL)
    select_timepoint (self, self->suggested);
  if (selected_timepoint (self) != NULL)
    marrow_record_set_text (record, "timepoint", selected_timepoint (self));
  else
    marrow_record_set_null (record, "timepoint");
}

static void
marrow_assessment_form_show_record (MarrowForm   *form,
                                    MarrowRecord *record)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (form);
  MarrowStore *store = marrow_form_get_store (form);
  gboolean is_new = marrow_form_get_is_new (form);
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autoptr(GError) error = NULL;

  self->timepoint_chosen = !marrow_record_is_null (record, "timepoint");
  select_timepoint (self, marrow_record_get_text (record, "timepoint"));
  suggest_timepoint (self, record);
  self->answers_changed = FALSE;

  gtk_widget_set_sensitive (self->instrument_row, is_new);
  if (is_new)
    {
      MarrowInstrumentRegistry *registry = marrow_store_get_instruments (store, NULL);
      const char *code = marrow_record_get_text (record, "instrument_code");

      set_instrument (self, code != NULL && registry != NULL
                              ? marrow_instrument_registry_lookup (registry, code, NULL)
                              : NULL);
      update_details (self, record);
      return;
    }

  /* A stored assessment: its own instrument version and answers */
  answers = marrow_store_load_answers (store, record, &error);
  set_instrument (self, answers != NULL ? marrow_answers_get_instrument (answers) : NULL);
  for (guint i = 0; answers != NULL && i < self->rows->len; i++)
    {
      double value;

      if (marrow_answers_get (answers, i, &value))
        marrow_assessment_item_row_set_value (self->rows->pdata[i], value);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->items_list), FALSE);
  if (answers == NULL)
    gtk_label_set_text (self->hint_label, error->message);
  else
    gtk_label_set_text (self->hint_label,
                        _("The answers of a saved assessment cannot be changed. If they are "
                          "wrong, mark the assessment as entered in error and enter it again."));
  update_answers (self);
  update_details (self, record);
}

static gboolean
marrow_assessment_form_check_composite (MarrowForm  *form,
                                        GPtrArray   *warnings,
                                        GError     **error)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (form);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *problem = marrow_assessment_item_row_get_problem (self->rows->pdata[i]);

      if (problem != NULL)
        {
          /* Translators: an item id (e.g. "P3"), then what is wrong with its answer */
          g_set_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE,
                       _("Item %s: %s"),
                       marrow_assessment_item_row_get_item (self->rows->pdata[i])->id, problem);
          return FALSE;
        }
    }
  if (self->answers == NULL || marrow_answers_get_n_answered (self->answers) == 0)
    {
      g_set_error_literal (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RULE,
                           _("Answer at least one item."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
marrow_assessment_form_is_modified (MarrowForm *form)
{
  return MARROW_ASSESSMENT_FORM (form)->answers_changed;
}

static void
marrow_assessment_form_add_changes (MarrowForm      *form,
                                    MarrowChangeSet *changes,
                                    gboolean         is_new)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (form);
  g_autoptr(GError) error = NULL;

  if (!is_new)
    {
      MARROW_FORM_CLASS (marrow_assessment_form_parent_class)->add_changes (form, changes, is_new);
      return;
    }
  /* The answers are those of the record's instrument, so this cannot fail */
  if (!marrow_assessment_add_changes (changes, marrow_form_get_record (form), self->answers,
                                      &error))
    g_critical ("%s", error->message);
}

static gboolean
marrow_assessment_form_prepare (MarrowForm    *form,
                                MarrowStore   *store,
                                MarrowRecord  *record,
                                gboolean       is_new,
                                GError       **error)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (form);
  const char *case_id = marrow_record_get_text (record, "joint_case_id");
  g_autoptr(GtkStringList) timepoints = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) recall_labels = g_ptr_array_new ();
  const MarrowFieldDef *field = timepoint_field ();

  g_return_val_if_fail (case_id != NULL, FALSE);

  if (!marrow_assessment_bind_instruments (form, "instrument_code",
                                           ADW_COMBO_ROW (self->instrument_row), store, error))
    return FALSE;
  marrow_form_bind (form, "completed_at", self->completed_at_entry);
  marrow_form_bind (form, "mode", self->mode_row);
  marrow_form_bind (form, "respondent", self->respondent_row);
  for (guint i = 0; recall_period_codes[i] != NULL; i++)
    g_ptr_array_add (recall_labels,
                     (gpointer)marrow_form_code_label (NULL, recall_period_codes[i]));
  g_ptr_array_add (recall_labels, NULL);
  marrow_form_bind_choices (form, "recall_period", ADW_COMBO_ROW (self->recall_period_row),
                            recall_period_codes, (const char * const *)recall_labels->pdata);
  if (!marrow_form_bind_reference (form, "entered_by", ADW_COMBO_ROW (self->entered_by_row),
                                   "active", "1", error))
    return FALSE;

  /* The time point is read by hand: it follows the date until chosen */
  gtk_string_list_append (timepoints, C_("choice", "Not recorded"));
  for (guint i = 0; field->enum_values[i] != NULL; i++)
    gtk_string_list_append (timepoints, marrow_form_code_label (field, field->enum_values[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->timepoint_row), G_LIST_MODEL (timepoints));
  g_signal_connect_swapped (self->timepoint_row, "notify::selected",
                            G_CALLBACK (on_timepoint_selected), self);
  marrow_form_bind_message (form, "timepoint", self->timepoint_row);

  if (!marrow_assessment_history_set_case (self->history, store, case_id, error))
    return FALSE;

  if (is_new)
    {
      g_autoptr(MarrowRecord) joint_case = marrow_store_lookup (store, &marrow_entity_joint_case,
                                                                case_id, error);
      MarrowInstrumentRegistry *registry = marrow_store_get_instruments (store, error);
      const char *primary;

      if (joint_case == NULL || registry == NULL)
        return FALSE;
      primary = marrow_record_get_text (joint_case, "primary_instrument");
      if (marrow_record_is_null (record, "instrument_code") && primary != NULL &&
          marrow_instrument_registry_lookup (registry, primary, NULL) != NULL)
        marrow_record_set_text (record, "instrument_code", primary);
      if (marrow_record_is_null (record, "mode"))
        marrow_record_set_text (record, "mode", "paper");
      if (marrow_record_is_null (record, "respondent"))
        marrow_record_set_text (record, "respondent", "patient");
      if (marrow_record_is_null (record, "completed_at"))
        {
          g_autofree char *now = marrow_instant_now ();

          marrow_record_set_text (record, "completed_at", now);
        }
      if (marrow_record_is_null (record, "entered_by") && marrow_store_get_staff_id (store) != NULL)
        marrow_record_set_text (record, "entered_by", marrow_store_get_staff_id (store));
    }
  return TRUE;
}

/* Actions */

static void
next_unanswered_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (widget);
  guint n = self->rows->len;
  guint start = self->current >= 0 ? (guint)self->current + 1 : 0;

  for (guint k = 0; k < n; k++)
    {
      guint i = (start + k) % n;

      if (!marrow_assessment_item_row_get_value (self->rows->pdata[i], NULL))
        {
          marrow_assessment_form_set_current (self, i);
          return;
        }
    }
  gtk_widget_error_bell (widget);
}

static void
marrow_assessment_form_dispose (GObject *object)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (object);

  if (self->scroll_tick != 0 && self->items_list != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->items_list), self->scroll_tick);
  self->scroll_tick = 0;
  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_ASSESSMENT_FORM);
  g_clear_object (&self->instrument);
  g_clear_pointer (&self->answers, marrow_answers_unref);
  g_clear_pointer (&self->live_scores, marrow_scores_unref);

  G_OBJECT_CLASS (marrow_assessment_form_parent_class)->dispose (object);
}

static void
marrow_assessment_form_finalize (GObject *object)
{
  MarrowAssessmentForm *self = MARROW_ASSESSMENT_FORM (object);

  g_ptr_array_unref (self->rows);
  g_array_unref (self->sections);

  G_OBJECT_CLASS (marrow_assessment_form_parent_class)->finalize (object);
}

static void
marrow_assessment_form_class_init (MarrowAssessmentFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_assessment_form_dispose;
  object_class->finalize = marrow_assessment_form_finalize;
  form_class->prepare = marrow_assessment_form_prepare;
  form_class->show_record = marrow_assessment_form_show_record;
  form_class->read_record = marrow_assessment_form_read_record;
  form_class->add_changes = marrow_assessment_form_add_changes;
  form_class->check_composite = marrow_assessment_form_check_composite;
  form_class->is_modified = marrow_assessment_form_is_modified;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  g_type_ensure (MARROW_TYPE_ASSESSMENT_SCORES);
  g_type_ensure (MARROW_TYPE_ASSESSMENT_HISTORY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-assessment-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, instrument_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, completed_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, timepoint_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, details_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, mode_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, respondent_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, recall_period_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, entered_by_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, hint_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, items_scroller);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, items_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, scores);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentForm, history);

  gtk_widget_class_install_action (widget_class, "assessment.next-unanswered", NULL,
                                   next_unanswered_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "assessment.next-unanswered", NULL);
}

static void
marrow_assessment_form_init (MarrowAssessmentForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->sections = g_array_new (FALSE, FALSE, sizeof (guint));
  self->current = -1;
  gtk_list_box_set_header_func (self->items_list, update_header, self, NULL);
}

/**
 * marrow_assessment_form_get_instrument:
 * @self: a #MarrowAssessmentForm
 *
 * Returns: (transfer none) (nullable): the instrument whose items are shown
 */
MarrowInstrument *
marrow_assessment_form_get_instrument (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), NULL);

  return self->instrument;
}

guint
marrow_assessment_form_get_n_items (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), 0);

  return self->rows->len;
}

guint
marrow_assessment_form_get_n_answered (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), 0);

  return self->answers != NULL ? marrow_answers_get_n_answered (self->answers) : 0;
}

/**
 * marrow_assessment_form_get_row:
 * @self: a #MarrowAssessmentForm
 * @index: an item index
 *
 * Returns: (transfer none): the row of the item
 */
MarrowAssessmentItemRow *
marrow_assessment_form_get_row (MarrowAssessmentForm *self,
                                guint                 index)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return self->rows->pdata[index];
}

/**
 * marrow_assessment_form_get_current:
 * @self: a #MarrowAssessmentForm
 *
 * Returns: the index of the current item, or -1 when there are no items
 */
int
marrow_assessment_form_get_current (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), -1);

  return self->current;
}

/**
 * marrow_assessment_form_set_current:
 * @self: a #MarrowAssessmentForm
 * @index: an item index
 *
 * Makes the item current and gives it the keyboard focus.
 */
void
marrow_assessment_form_set_current (MarrowAssessmentForm *self,
                                    guint                 index)
{
  g_return_if_fail (MARROW_IS_ASSESSMENT_FORM (self));
  g_return_if_fail (index < self->rows->len);

  make_current (self, index);
  marrow_assessment_item_row_focus (self->rows->pdata[index]);
}

/**
 * marrow_assessment_form_get_answers:
 * @self: a #MarrowAssessmentForm
 *
 * Returns: (transfer none) (nullable): the answers so far
 */
MarrowAnswers *
marrow_assessment_form_get_answers (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), NULL);

  return self->answers;
}

/**
 * marrow_assessment_form_get_scores:
 * @self: a #MarrowAssessmentForm
 *
 * Returns: (transfer none) (nullable): the scores shown, of the answers so far
 */
MarrowScores *
marrow_assessment_form_get_scores (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), NULL);

  return self->live_scores;
}

/**
 * marrow_assessment_form_get_suggested_time_point:
 * @self: a #MarrowAssessmentForm
 *
 * Returns: (nullable): the code of the time point suggested for the date,
 *   or %NULL while the date is not filled in
 */
const char *
marrow_assessment_form_get_suggested_time_point (MarrowAssessmentForm *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_FORM (self), NULL);

  return self->suggested;
}
