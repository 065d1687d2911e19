/* marrow-assessment-item-row.c: one question of an assessment, answered by a key or a click
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row shows the item's id, label and (where licensed) its full question,
 * and beside it the answer so far, or "Not answered".  The current row (the
 * one the assessment form is at) also shows the response options:
 *
 * - a choice item: one toggle button per option, in the order of the paper
 *   form, each with its key.  Digit N answers with the option at position N
 *   (0 is the first, so KOOS's 0–4 keys are its 0–4 values); digits reach
 *   the first ten options, the others are clicked;
 * - a range item (0–10, 0–100): a number entry; the number is typed and
 *   Enter moves on.  Text that is not an allowed answer is marked and
 *   blocks saving (marrow_assessment_item_row_get_problem()).
 *
 * Keys (actions of the row): a digit answers and moves on ("advance"),
 * Enter moves on without answering, Backspace goes back ("back": the form
 * clears the previous item), Delete clears this item.
 */
#define G_LOG_DOMAIN "marrow-assessment"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "marrow-assessment-item-row.h"
#include "marrow-instrument-score.h"
#include "marrow-units.h"

/* Longest option label that still fits beside four others in one line */
#define MAX_INLINE_LABEL 14
#define MAX_INLINE_OPTIONS 5

struct _MarrowAssessmentItemRow
{
  GtkListBoxRow               parent_instance;

  GtkLabel                   *id_label;
  GtkLabel                   *title_label;
  GtkLabel                   *text_label;
  GtkLabel                   *answer_label;
  GtkRevealer                *options_revealer;
  GtkBox                     *options_box;
  GtkBox                     *range_box;
  GtkEntry                   *value_entry;
  GtkLabel                   *range_label;

  MarrowInstrument           *instrument;
  const MarrowInstrumentItem *item;
  guint                       position;
  GPtrArray                  *option_buttons;
  char                       *range_hint;
  char                       *problem;
  double                      value;
  gboolean                    answered;
  gboolean                    current;
  gboolean                    updating;
};

G_DEFINE_FINAL_TYPE (MarrowAssessmentItemRow, marrow_assessment_item_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  ADVANCE,
  BACK,
  ENTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_choice (MarrowAssessmentItemRow *self)
{
  return self->item->options->len > 0;
}

static const MarrowInstrumentOption *
option_at (MarrowAssessmentItemRow *self,
           guint                    position)
{
  return self->item->options->pdata[position];
}

/* The position of the option with @value, or -1 */
static int
option_position (MarrowAssessmentItemRow *self,
                 double                   value)
{
  for (guint i = 0; i < self->item->options->len; i++)
    if (option_at (self, i)->value == value)
      return (int)i;
  return -1;
}

/* In the locale's format: answers are whole numbers or have a decimal or
 * two, which %g shows exactly */
static char *
format_value (double value)
{
  return g_strdup_printf ("%g", value);
}

/* A number as typed, spaces around it allowed */
static gboolean
parse_value (const char *text,
             double     *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return marrow_parse_number (stripped, value);
}

static void
update_display (MarrowAssessmentItemRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *answer = NULL;

  if (self->answered && is_choice (self))
    {
      int position = option_position (self, self->value);

      /* Translators: the answer of an item: the option's key, then its label */
      answer = g_strdup_printf (_("%d · %s"), position, option_at (self, position)->label);
    }
  else if (self->answered)
    answer = format_value (self->value);

  if (self->problem != NULL)
    gtk_label_set_text (self->answer_label, _("Not an allowed answer"));
  else
    gtk_label_set_text (self->answer_label, answer != NULL ? answer : _("Not answered"));

  if (self->answered)
    gtk_widget_remove_css_class (widget, "unanswered");
  else
    gtk_widget_add_css_class (widget, "unanswered");
  if (self->problem != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");

  if (!is_choice (self))
    {
      gtk_label_set_text (self->range_label, self->problem ? self->problem : self->range_hint);
      if (self->problem != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->value_entry), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->value_entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->value_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   self->problem ? GTK_ACCESSIBLE_INVALID_TRUE
                                                 : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }

  self->updating = TRUE;
  for (guint i = 0; i < self->option_buttons->len; i++)
    gtk_toggle_button_set_active (self->option_buttons->pdata[i],
                                  self->answered && option_at (self, i)->value == self->value);
  self->updating = FALSE;
}

static void
set_answer (MarrowAssessmentItemRow *self,
            gboolean                 answered,
            double                   value)
{
  self->answered = answered;
  self->value = answered ? value : 0;
  update_display (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Choice items */

static void
on_option_toggled (GtkToggleButton         *button,
                   MarrowAssessmentItemRow *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "marrow-position"));

  if (self->updating)
    return;
  if (gtk_toggle_button_get_active (button))
    {
      set_answer (self, TRUE, option_at (self, position)->value);
      g_signal_emit (self, signals[ADVANCE], 0);
    }
  else
    /* A click on the chosen option takes it back */
    set_answer (self, FALSE, 0);
}

static GtkWidget *
make_option_button (MarrowAssessmentItemRow *self,
                    guint                    position,
                    gboolean                 inline_layout)
{
  const MarrowInstrumentOption *option = option_at (self, position);
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (inline_layout ? GTK_ORIENTATION_VERTICAL
                                              : GTK_ORIENTATION_HORIZONTAL,
                                inline_layout ? 2 : 12);
  GtkWidget *key = NULL;
  GtkWidget *label = gtk_label_new (option->label);
  g_autofree char *key_text = NULL;
  g_autofree char *description = NULL;

  if (position < 10)
    {
      key_text = g_strdup_printf ("%u", position);
      key = gtk_label_new (key_text);
      gtk_widget_add_css_class (key, "option-key");
      gtk_widget_set_halign (key, inline_layout ? GTK_ALIGN_CENTER : GTK_ALIGN_START);
      gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), key);
      /* Translators: accessible description of an answer button, %u is a digit */
      description = g_strdup_printf (_("Key %u"), position);
    }
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), inline_layout ? GTK_JUSTIFY_CENTER : GTK_JUSTIFY_LEFT);
  gtk_label_set_xalign (GTK_LABEL (label), inline_layout ? 0.5 : 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "option");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, option->label, -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  g_object_set_data (G_OBJECT (button), "marrow-position", GUINT_TO_POINTER (position));
  g_signal_connect (button, "toggled", G_CALLBACK (on_option_toggled), self);
  return button;
}

static void
build_options (MarrowAssessmentItemRow *self)
{
  gboolean inline_layout = self->item->options->len <= MAX_INLINE_OPTIONS;

  for (guint i = 0; i < self->item->options->len; i++)
    if (g_utf8_strlen (option_at (self, i)->label, -1) > MAX_INLINE_LABEL)
      inline_layout = FALSE;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->options_box),
                                  inline_layout ? GTK_ORIENTATION_HORIZONTAL
                                                : GTK_ORIENTATION_VERTICAL);
  gtk_box_set_homogeneous (self->options_box, inline_layout);
  for (guint i = 0; i < self->item->options->len; i++)
    {
      GtkWidget *button = make_option_button (self, i, inline_layout);

      g_ptr_array_add (self->option_buttons, button);
      gtk_box_append (self->options_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->options_box), TRUE);
}

/* Range items */

static void
read_entry (MarrowAssessmentItemRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
  g_autoptr(GError) error = NULL;
  double value;

  g_clear_pointer (&self->problem, g_free);
  if (text[strspn (text, " ")] == '\0')
    {
      set_answer (self, FALSE, 0);
      return;
    }
  if (!parse_value (text, &value))
    {
      g_autofree char *allowed = marrow_instrument_describe_allowed (self->item);

      /* Translators: %s is e.g. "whole numbers from 0 to 10" */
      self->problem = g_strdup_printf (_("Type one of the %s"), allowed);
      set_answer (self, FALSE, 0);
      return;
    }
  if (!marrow_instrument_check_answer (self->instrument, self->item->id, value, &error))
    {
      g_autofree char *allowed = marrow_instrument_describe_allowed (self->item);

      self->problem = g_strdup_printf (_("Type one of the %s"), allowed);
      set_answer (self, FALSE, 0);
      return;
    }
  set_answer (self, TRUE, value);
}

static void
on_entry_changed (MarrowAssessmentItemRow *self)
{
  if (!self->updating)
    read_entry (self);
}

static void
on_entry_activate (MarrowAssessmentItemRow *self)
{
  if (self->problem != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_signal_emit (self, signals[ADVANCE], 0);
}

/* Backspace in an empty entry goes back, as on a choice item */
static gboolean
on_entry_key_pressed (GtkEventControllerKey   *controller,
                      guint                    keyval,
                      guint                    keycode,
                      GdkModifierType          state,
                      MarrowAssessmentItemRow *self)
{
  if (keyval == GDK_KEY_BackSpace && (state & GDK_MODIFIER_MASK) == 0 &&
      *gtk_editable_get_text (GTK_EDITABLE (self->value_entry)) == '\0')
    return gtk_widget_activate_action (GTK_WIDGET (self), "item.back", NULL);
  return FALSE;
}

static char *
describe_range (const MarrowInstrumentItem *item)
{
  g_autofree char *allowed = marrow_instrument_describe_allowed (item);
  GString *hint = g_string_new (NULL);

  /* Translators: %s is e.g. "whole numbers from 0 to 10" */
  g_string_append_printf (hint, _("Type one of the %s, then Enter."), allowed);
  for (guint i = 0; i < item->anchors->len; i++)
    {
      const MarrowInstrumentOption *anchor = item->anchors->pdata[i];
      g_autofree char *number = format_value (anchor->value);

      /* Translators: an anchor of a scale, e.g. "0 = No pain" */
      g_string_append_printf (hint, i == 0 ? _(" %s = %s") : _(", %s = %s"), number,
                              anchor->label);
    }
  return g_string_free (hint, FALSE);
}

static void
build_range (MarrowAssessmentItemRow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->range_hint = describe_range (self->item);
  gtk_widget_set_visible (GTK_WIDGET (self->range_box), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->value_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->item->label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->range_hint,
                                  -1);
  g_signal_connect_swapped (self->value_entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect_swapped (self->value_entry, "activate", G_CALLBACK (on_entry_activate), self);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->value_entry), keys);
}

/* Actions */

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MarrowAssessmentItemRow *self = MARROW_ASSESSMENT_ITEM_ROW (widget);
  guint position = g_variant_get_uint32 (parameter);

  if (!is_choice (self))
    {
      g_autofree char *digit = g_strdup_printf ("%u", position);

      /* A digit typed while the row (not its entry) has the focus starts
       * the number */
      gtk_widget_grab_focus (GTK_WIDGET (self->value_entry));
      gtk_editable_set_text (GTK_EDITABLE (self->value_entry), digit);
      gtk_editable_set_position (GTK_EDITABLE (self->value_entry), -1);
      return;
    }
  if (position >= self->item->options->len)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  set_answer (self, TRUE, option_at (self, position)->value);
  g_signal_emit (self, signals[ADVANCE], 0);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[ADVANCE], 0);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  marrow_assessment_item_row_clear (MARROW_ASSESSMENT_ITEM_ROW (widget));
}

static void
on_focus_enter (MarrowAssessmentItemRow *self)
{
  g_signal_emit (self, signals[ENTERED], 0);
}

static void
marrow_assessment_item_row_dispose (GObject *object)
{
  MarrowAssessmentItemRow *self = MARROW_ASSESSMENT_ITEM_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_ASSESSMENT_ITEM_ROW);
  g_clear_object (&self->instrument);
  self->item = NULL;

  G_OBJECT_CLASS (marrow_assessment_item_row_parent_class)->dispose (object);
}

static void
marrow_assessment_item_row_finalize (GObject *object)
{
  MarrowAssessmentItemRow *self = MARROW_ASSESSMENT_ITEM_ROW (object);

  g_ptr_array_unref (self->option_buttons);
  g_free (self->range_hint);
  g_free (self->problem);

  G_OBJECT_CLASS (marrow_assessment_item_row_parent_class)->finalize (object);
}

static void
marrow_assessment_item_row_class_init (MarrowAssessmentItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_assessment_item_row_dispose;
  object_class->finalize = marrow_assessment_item_row_finalize;

  /**
   * MarrowAssessmentItemRow::changed:
   *
   * The answer was set, changed or cleared by the user.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MarrowAssessmentItemRow::advance:
   *
   * The user is done with this item (answered it by key or click, or
   * pressed Enter): the next item should take the focus.
   */
  signals[ADVANCE] = g_signal_new ("advance", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MarrowAssessmentItemRow::back:
   *
   * Backspace: the previous item should take the focus, cleared.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MarrowAssessmentItemRow::entered:
   *
   * The focus moved into the row.
   */
  signals[ENTERED] = g_signal_new ("entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-assessment-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, id_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, answer_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, options_revealer);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, options_box);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, range_box);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, value_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowAssessmentItemRow, range_label);

  gtk_widget_class_install_action (widget_class, "item.answer", "u", answer_action);
  gtk_widget_class_install_action (widget_class, "item.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "item.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "item.clear", NULL, clear_action);
  for (guint digit = 0; digit <= 9; digit++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + digit, 0,
                                           "item.answer", "u", digit);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + digit, 0,
                                           "item.answer", "u", digit);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "item.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "item.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "item.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "item.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "item.clear", NULL);
}

static void
marrow_assessment_item_row_init (MarrowAssessmentItemRow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->option_buttons = g_ptr_array_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_enter), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

/**
 * marrow_assessment_item_row_new:
 * @instrument: the instrument
 * @index: the index of the item in @instrument
 *
 * Returns: (transfer floating): a row for the item, unanswered
 */
GtkWidget *
marrow_assessment_item_row_new (MarrowInstrument *instrument,
                                guint             index)
{
  MarrowAssessmentItemRow *self;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT (instrument), NULL);
  g_return_val_if_fail (index < marrow_instrument_get_n_items (instrument), NULL);

  self = g_object_new (MARROW_TYPE_ASSESSMENT_ITEM_ROW, NULL);
  self->instrument = g_object_ref (instrument);
  self->item = marrow_instrument_get_item (instrument, index);
  self->position = index;

  gtk_label_set_text (self->id_label, self->item->id);
  gtk_label_set_text (self->title_label, self->item->label);
  if (self->item->text != NULL)
    {
      gtk_label_set_text (self->text_label, self->item->text);
      gtk_widget_set_visible (GTK_WIDGET (self->text_label), TRUE);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->item->label, -1);
  if (self->item->text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    self->item->text, -1);

  if (is_choice (self))
    build_options (self);
  else
    build_range (self);
  update_display (self);
  return GTK_WIDGET (self);
}

/**
 * marrow_assessment_item_row_get_item:
 * @self: a #MarrowAssessmentItemRow
 *
 * Returns: (transfer none): the item the row asks
 */
const MarrowInstrumentItem *
marrow_assessment_item_row_get_item (MarrowAssessmentItemRow *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), NULL);

  return self->item;
}

/**
 * marrow_assessment_item_row_get_position:
 * @self: a #MarrowAssessmentItemRow
 *
 * Returns: the index of the item in its instrument
 */
guint
marrow_assessment_item_row_get_position (MarrowAssessmentItemRow *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), 0);

  return self->position;
}

/**
 * marrow_assessment_item_row_get_value:
 * @self: a #MarrowAssessmentItemRow
 * @value: (out) (optional): the answer, as marked
 *
 * Returns: whether the item is answered
 */
gboolean
marrow_assessment_item_row_get_value (MarrowAssessmentItemRow *self,
                                      double                  *value)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), FALSE);

  if (value != NULL)
    *value = self->value;
  return self->answered;
}

/**
 * marrow_assessment_item_row_set_value:
 * @self: a #MarrowAssessmentItemRow
 * @value: an answer the item allows
 *
 * Shows @value as the answer (a stored assessment); emits no signal.
 */
void
marrow_assessment_item_row_set_value (MarrowAssessmentItemRow *self,
                                      double                   value)
{
  g_return_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self));
  g_return_if_fail (!is_choice (self) || option_position (self, value) >= 0);

  self->answered = TRUE;
  self->value = value;
  g_clear_pointer (&self->problem, g_free);
  if (!is_choice (self))
    {
      g_autofree char *text = format_value (value);

      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->value_entry), text);
      self->updating = FALSE;
    }
  update_display (self);
}

/**
 * marrow_assessment_item_row_clear:
 * @self: a #MarrowAssessmentItemRow
 *
 * Takes the answer back, as the user did it: emits
 * #MarrowAssessmentItemRow::changed.
 */
void
marrow_assessment_item_row_clear (MarrowAssessmentItemRow *self)
{
  g_return_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self));

  g_clear_pointer (&self->problem, g_free);
  if (!is_choice (self))
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->value_entry), "");
      self->updating = FALSE;
    }
  set_answer (self, FALSE, 0);
}

/**
 * marrow_assessment_item_row_get_problem:
 * @self: a #MarrowAssessmentItemRow
 *
 * Returns: (nullable): why the text typed for a range item is not an
 *   answer, or %NULL
 */
const char *
marrow_assessment_item_row_get_problem (MarrowAssessmentItemRow *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), NULL);

  return self->problem;
}

gboolean
marrow_assessment_item_row_get_current (MarrowAssessmentItemRow *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), FALSE);

  return self->current;
}

/**
 * marrow_assessment_item_row_set_current:
 * @self: a #MarrowAssessmentItemRow
 * @current: whether the form is at this item
 *
 * The current row is highlighted and shows its response options.
 */
void
marrow_assessment_item_row_set_current (MarrowAssessmentItemRow *self,
                                        gboolean                 current)
{
  g_return_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self));

  self->current = !!current;
  gtk_revealer_set_reveal_child (self->options_revealer, self->current);
  if (self->current)
    gtk_widget_add_css_class (GTK_WIDGET (self), "current");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "current");
}

/**
 * marrow_assessment_item_row_focus:
 * @self: a #MarrowAssessmentItemRow
 *
 * Gives the keyboard focus to the row, or to the number entry of a range
 * item (its text selected, so that typing replaces it).
 */
void
marrow_assessment_item_row_focus (MarrowAssessmentItemRow *self)
{
  g_return_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self));

  if (is_choice (self))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  else
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->value_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->value_entry), 0, -1);
    }
}

/**
 * marrow_assessment_item_row_get_option:
 * @self: a #MarrowAssessmentItemRow
 * @position: the position of an option
 *
 * Returns: (transfer none) (nullable): the button of the option, or %NULL
 *   for a range item
 */
GtkWidget *
marrow_assessment_item_row_get_option (MarrowAssessmentItemRow *self,
                                       guint                    position)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), NULL);

  return position < self->option_buttons->len ? self->option_buttons->pdata[position] : NULL;
}

/**
 * marrow_assessment_item_row_get_entry:
 * @self: a #MarrowAssessmentItemRow
 *
 * Returns: (transfer none) (nullable): the number entry of a range item,
 *   or %NULL for a choice item
 */
GtkEditable *
marrow_assessment_item_row_get_entry (MarrowAssessmentItemRow *self)
{
  g_return_val_if_fail (MARROW_IS_ASSESSMENT_ITEM_ROW (self), NULL);

  return is_choice (self) ? NULL : GTK_EDITABLE (self->value_entry);
}
