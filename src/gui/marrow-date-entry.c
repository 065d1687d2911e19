/* marrow-date-entry.c: a date (or date and time) typed in the locale's format or picked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkEntry for the date, a GtkMenuButton whose popover holds a
 * GtkCalendar, and with "with-time" a second entry for the time of day.
 *
 * - Typed dates are read with g_date_set_parse(), which follows the locale's
 *   order of day, month and year, and as ISO 8601 (YYYY-MM-DD) in every
 *   locale.  Two-number texts such as "1/2" are refused: g_date_set_parse()
 *   would guess a year for them.
 * - Dates are shown in the locale's date format (nl_langinfo (D_FMT), what
 *   strftime's %x uses) with the year written in full, because a
 *   two-digit year cannot tell a date of birth in 1924 from one in 2024.
 * - "allow-partial" also accepts YYYY and YYYY-MM (onset dates).
 * - With "with-time" the value is an instant: the typed local time of the
 *   workstation, converted to UTC in the store's format.
 *
 * The value is NULL when both entries are empty, and also when the text
 * cannot be read; then "valid" is FALSE, the entry that is wrong has the
 * "error" style class and marrow_date_entry_get_error() says what to type.
 */
#define G_LOG_DOMAIN "marrow-date-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <string.h>

#include "marrow-date-entry.h"
#include "marrow-time.h"

struct _MarrowDateEntry
{
  GtkWidget       parent_instance;

  GtkEntry       *date_entry;
  GtkEntry       *time_entry;
  GtkMenuButton  *calendar_button;
  GtkCalendar    *calendar;

  char           *value;
  char           *error;
  gboolean        with_time;
  gboolean        allow_partial;
  gboolean        picking;
};

G_DEFINE_FINAL_TYPE (MarrowDateEntry, marrow_date_entry, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_VALID,
  PROP_WITH_TIME,
  PROP_ALLOW_PARTIAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Parsing and formatting */

/* The locale's date format with the year in full */
static char *
display_format (void)
{
  g_autoptr(GString) format = g_string_new (nl_langinfo (D_FMT));

  if (format->len == 0)
    g_string_assign (format, "%Y-%m-%d");
  g_string_replace (format, "%y", "%Y", 0);
  return g_string_free (g_steal_pointer (&format), FALSE);
}

static gboolean
scan_number (const char **p,
             guint        max_digits,
             guint        min_digits,
             int         *value)
{
  guint n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return n >= min_digits && !g_ascii_isdigit (**p);
}

/* YYYY-MM-DD, and with @allow_partial YYYY or YYYY-MM; month and day may
 * have one digit */
static gboolean
parse_iso (const char  *text,
           gboolean     allow_partial,
           char       **iso)
{
  const char *p = text;
  int year, month, day;

  if (!scan_number (&p, 4, 4, &year) || year < 1)
    return FALSE;
  if (*p == '\0' && allow_partial)
    {
      *iso = g_strdup_printf ("%04d", year);
      return TRUE;
    }
  if (*p++ != '-' || !scan_number (&p, 2, 1, &month) || month < 1 || month > 12)
    return FALSE;
  if (*p == '\0' && allow_partial)
    {
      *iso = g_strdup_printf ("%04d-%02d", year, month);
      return TRUE;
    }
  if (*p++ != '-' || !scan_number (&p, 2, 1, &day) || *p != '\0' ||
      !g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return FALSE;
  *iso = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  return TRUE;
}

static guint
count_parts (const char *text)
{
  guint parts = 0;
  gboolean in_part = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gboolean part_char = g_unichar_isalnum (g_utf8_get_char (p));

      if (part_char && !in_part)
        parts++;
      in_part = part_char;
    }
  return parts;
}

/**
 * marrow_date_entry_parse_date:
 * @text: what was typed
 * @allow_partial: also accept YYYY and YYYY-MM
 * @iso: (out) (transfer full) (nullable): the date as YYYY-MM-DD (or
 *   partial), %NULL for an empty text
 *
 * Reads a date typed in the locale's format (g_date_set_parse()) or as
 * ISO 8601.
 *
 * Returns: %FALSE if @text is not a date
 */
gboolean
marrow_date_entry_parse_date (const char  *text,
                              gboolean     allow_partial,
                              char       **iso)
{
  g_autofree char *trimmed = NULL;
  GDate date;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (iso != NULL, FALSE);

  *iso = NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return TRUE;
  if (g_ascii_isdigit (trimmed[0]) && parse_iso (trimmed, allow_partial, iso))
    return TRUE;

  /* Day, month and year must all be there */
  if (count_parts (trimmed) < 3)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, trimmed);
  if (!g_date_valid (&date))
    return FALSE;

  *iso = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
  return TRUE;
}

/**
 * marrow_date_entry_format_date:
 * @iso: a date YYYY-MM-DD, or a partial date YYYY or YYYY-MM
 *
 * Returns: (transfer full): a full date in the locale's format with a
 *   four-digit year; a partial date as it is
 */
char *
marrow_date_entry_format_date (const char *iso)
{
  g_autofree char *format = NULL;
  GDate *date;
  char buffer[128];
  gsize length;

  g_return_val_if_fail (iso != NULL, NULL);

  if (!marrow_date_is_valid (iso))
    return g_strdup (iso);

  date = marrow_date_parse (iso);
  format = display_format ();
  length = g_date_strftime (buffer, sizeof buffer, format, date);
  g_date_free (date);
  return length > 0 ? g_strdup (buffer) : g_strdup (iso);
}

/**
 * marrow_date_entry_format_day:
 * @day: a calendar day, not 0
 *
 * Returns: (transfer full): @day in the locale's format with a four-digit
 *   year, as marrow_date_entry_format_date() shows a stored date
 */
char *
marrow_date_entry_format_day (MarrowDay day)
{
  g_autofree char *iso = marrow_day_format (day);

  return marrow_date_entry_format_date (iso);
}

/**
 * marrow_date_entry_parse_time:
 * @text: a time of day as H:MM or HH:MM (a dot is accepted for the colon)
 * @hour: (out): 0 to 23
 * @minute: (out): 0 to 59
 *
 * Returns: %FALSE if @text is not a time of day
 */
gboolean
marrow_date_entry_parse_time (const char *text,
                              int        *hour,
                              int        *minute)
{
  g_autofree char *trimmed = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (hour != NULL && minute != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  p = trimmed;
  if (!scan_number (&p, 2, 1, hour) || (*p != ':' && *p != '.'))
    return FALSE;
  p++;
  if (!scan_number (&p, 2, 2, minute) || *p != '\0')
    return FALSE;
  return *hour <= 23 && *minute <= 59;
}

/* The widget */

static char *
example_date (void)
{
  return marrow_date_entry_format_date ("2024-03-31");
}

static gboolean
text_is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
set_error_class (GtkEntry *entry,
                 gboolean  error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* Reads both entries into value and error */
static void
update_value (MarrowDateEntry *self)
{
  const char *date_text = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_entry));
  g_autofree char *date = NULL;
  g_autofree char *value = NULL;
  g_autofree char *error = NULL;
  gboolean date_ok, time_empty;
  gboolean was_valid = self->error == NULL;
  int hour = 0, minute = 0;

  date_ok = marrow_date_entry_parse_date (date_text, self->allow_partial, &date);
  time_empty = !self->with_time || text_is_blank (time_text);

  if (!date_ok)
    {
      g_autofree char *example = example_date ();

      if (self->allow_partial)
        error = g_strdup_printf (_("Type a date such as %s or 2024-03-31, or only 2024-03 or 2024"),
                                 example);
      else
        error = g_strdup_printf (_("Type a date such as %s or 2024-03-31"), example);
    }
  else if (self->with_time)
    {
      if (date == NULL && !time_empty)
        error = g_strdup (_("Type the date too"));
      else if (date != NULL && time_empty)
        error = g_strdup (_("Type the time too, as HH:MM"));
      else if (!time_empty && !marrow_date_entry_parse_time (time_text, &hour, &minute))
        error = g_strdup (_("Type a time of day between 00:00 and 23:59"));
      else if (date != NULL)
        {
          GDate *day = marrow_date_parse (date);
          g_autoptr(GDateTime) local = g_date_time_new_local (g_date_get_year (day),
                                                              g_date_get_month (day),
                                                              g_date_get_day (day),
                                                              hour, minute, 0);
          g_date_free (day);
          if (local != NULL)
            value = marrow_instant_format (local);
          else
            error = g_strdup (_("This time does not exist on that day"));
        }
    }
  else
    value = g_steal_pointer (&date);

  set_error_class (self->date_entry, !date_ok || (error != NULL && date == NULL && !time_empty));
  set_error_class (self->time_entry, date_ok && error != NULL && !(date == NULL && !time_empty));

  g_free (self->value);
  self->value = g_steal_pointer (&value);
  g_free (self->error);
  self->error = g_steal_pointer (&error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
  if (was_valid != (self->error == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_entry_changed (MarrowDateEntry *self)
{
  update_value (self);
}

/* A readable date is shown in the locale's format once the user leaves it */
static void
normalise_date_text (MarrowDateEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  g_autofree char *iso = NULL;
  g_autofree char *shown = NULL;

  if (!marrow_date_entry_parse_date (text, self->allow_partial, &iso) || iso == NULL)
    return;
  shown = marrow_date_entry_format_date (iso);
  if (strcmp (shown, text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->date_entry), shown);
}

static void
normalise_time_text (MarrowDateEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_entry));
  g_autofree char *shown = NULL;
  int hour, minute;

  if (!marrow_date_entry_parse_time (text, &hour, &minute))
    return;
  shown = g_strdup_printf ("%02d:%02d", hour, minute);
  if (strcmp (shown, text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->time_entry), shown);
}

static void
on_date_focus_leave (MarrowDateEntry *self)
{
  normalise_date_text (self);
}

static void
on_time_focus_leave (MarrowDateEntry *self)
{
  normalise_time_text (self);
}

static void
on_popover_show (MarrowDateEntry *self)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) shown = NULL;

  marrow_date_entry_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)), FALSE,
                                &iso);
  if (iso != NULL)
    {
      GDate *date = marrow_date_parse (iso);

      shown = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                     g_date_get_day (date), 12, 0, 0);
      g_date_free (date);
    }
  if (shown == NULL)
    shown = g_date_time_new_now_local ();

  self->picking = TRUE;
  gtk_calendar_select_day (self->calendar, shown);
  self->picking = FALSE;
}

static void
on_day_selected (MarrowDateEntry *self)
{
  g_autoptr(GDateTime) picked = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *shown = NULL;

  if (self->picking)
    return;

  picked = gtk_calendar_get_date (self->calendar);
  iso = g_date_time_format (picked, "%Y-%m-%d");
  shown = marrow_date_entry_format_date (iso);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), shown);
  gtk_menu_button_popdown (self->calendar_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->with_time ? self->time_entry : self->date_entry));
}

static void
add_focus_leave (GtkEntry  *entry,
                 GCallback  callback,
                 gpointer   user_data)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (focus, "leave", callback, user_data);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
  g_signal_connect_swapped (entry, "activate", callback, user_data);
}

static gboolean
marrow_date_entry_grab_focus (GtkWidget *widget)
{
  MarrowDateEntry *self = MARROW_DATE_ENTRY (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
}

/* Tab and Shift+Tab walk the date, the time and the calendar button in
 * order and then leave.  GTK's default (gtk_widget_real_focus) grabs the
 * focus of the widget itself when Shift+Tab leaves its first child, and
 * grab_focus above hands it to the date again: Shift+Tab never got out of
 * a date field.  Other directions (arrows) keep GTK's geometric order. */
static gboolean
marrow_date_entry_focus (GtkWidget        *widget,
                         GtkDirectionType  direction)
{
  MarrowDateEntry *self = MARROW_DATE_ENTRY (widget);
  GtkWidget *children[] = {
    GTK_WIDGET (self->date_entry),
    GTK_WIDGET (self->time_entry),
    GTK_WIDGET (self->calendar_button),
  };
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  int n = G_N_ELEMENTS (children);
  int step;
  int i;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (marrow_date_entry_parent_class)->focus (widget, direction);

  step = direction == GTK_DIR_TAB_FORWARD ? 1 : -1;
  i = step > 0 ? 0 : n - 1;
  if (focus_child != NULL)
    {
      /* Inside a child first (a menu button's inner button) */
      if (gtk_widget_child_focus (focus_child, direction))
        return TRUE;
      for (i = 0; i < n && children[i] != focus_child; i++)
        ;
      i += step;
    }

  for (; i >= 0 && i < n; i += step)
    if (gtk_widget_get_visible (children[i]) && gtk_widget_child_focus (children[i], direction))
      return TRUE;
  return FALSE;
}

static void
marrow_date_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MarrowDateEntry *self = MARROW_DATE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->error == NULL);
      break;
    case PROP_WITH_TIME:
      g_value_set_boolean (value, self->with_time);
      break;
    case PROP_ALLOW_PARTIAL:
      g_value_set_boolean (value, self->allow_partial);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_date_entry_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MarrowDateEntry *self = MARROW_DATE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      marrow_date_entry_set_value (self, g_value_get_string (value));
      break;
    case PROP_WITH_TIME:
      marrow_date_entry_set_with_time (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOW_PARTIAL:
      marrow_date_entry_set_allow_partial (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_date_entry_dispose (GObject *object)
{
  MarrowDateEntry *self = MARROW_DATE_ENTRY (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (marrow_date_entry_parent_class)->dispose (object);
}

static void
marrow_date_entry_finalize (GObject *object)
{
  MarrowDateEntry *self = MARROW_DATE_ENTRY (object);

  g_free (self->value);
  g_free (self->error);

  G_OBJECT_CLASS (marrow_date_entry_parent_class)->finalize (object);
}

static void
marrow_date_entry_class_init (MarrowDateEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = marrow_date_entry_get_property;
  object_class->set_property = marrow_date_entry_set_property;
  object_class->dispose = marrow_date_entry_dispose;
  object_class->finalize = marrow_date_entry_finalize;
  widget_class->grab_focus = marrow_date_entry_grab_focus;
  widget_class->focus = marrow_date_entry_focus;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WITH_TIME] =
    g_param_spec_boolean ("with-time", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_PARTIAL] =
    g_param_spec_boolean ("allow-partial", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MarrowDateEntry::changed:
   *
   * The text of either entry changed; read the value and the validity.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "marrow-date-entry");
}

static void
marrow_date_entry_init (MarrowDateEntry *self)
{
  g_autofree char *placeholder = NULL;
  g_autoptr(GString) hint = NULL;
  g_autofree char *format = display_format ();
  GtkWidget *popover;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  /* The placeholder spells the locale's order: DD.MM.YYYY, MM/DD/YYYY … */
  hint = g_string_new (format);
  /* Translators: placeholders of a date entry, for day, month and year */
  g_string_replace (hint, "%d", C_("date placeholder", "DD"), 0);
  g_string_replace (hint, "%m", C_("date placeholder", "MM"), 0);
  g_string_replace (hint, "%Y", C_("date placeholder", "YYYY"), 0);
  placeholder = strchr (hint->str, '%') == NULL ? g_strdup (hint->str) : example_date ();

  self->date_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->date_entry, placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->date_entry), 11);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->date_entry), 11);
  gtk_widget_set_parent (GTK_WIDGET (self->date_entry), GTK_WIDGET (self));

  self->time_entry = GTK_ENTRY (gtk_entry_new ());
  /* Translators: placeholder of a time entry, hours and minutes */
  gtk_entry_set_placeholder_text (self->time_entry, _("HH:MM"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->time_entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->time_entry), 5);
  gtk_entry_set_input_purpose (self->time_entry, GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_set_visible (GTK_WIDGET (self->time_entry), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->time_entry), GTK_WIDGET (self));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  self->calendar_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->calendar_button, "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (self->calendar_button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->calendar_button), _("Choose from a calendar"));
  gtk_widget_add_css_class (GTK_WIDGET (self->calendar_button), "flat");
  gtk_widget_set_parent (GTK_WIDGET (self->calendar_button), GTK_WIDGET (self));

  g_signal_connect_swapped (self->date_entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect_swapped (self->time_entry, "changed", G_CALLBACK (on_entry_changed), self);
  add_focus_leave (self->date_entry, G_CALLBACK (on_date_focus_leave), self);
  add_focus_leave (self->time_entry, G_CALLBACK (on_time_focus_leave), self);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (on_popover_show), self);
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);

  marrow_date_entry_set_label (self, _("Date"));
}

/**
 * marrow_date_entry_new:
 *
 * Returns: (transfer floating): a new, empty date entry
 */
GtkWidget *
marrow_date_entry_new (void)
{
  return g_object_new (MARROW_TYPE_DATE_ENTRY, NULL);
}

/**
 * marrow_date_entry_get_value:
 * @self: a #MarrowDateEntry
 *
 * Returns: (nullable): the date as YYYY-MM-DD (or YYYY, YYYY-MM with
 *   "allow-partial"), with "with-time" the instant as
 *   YYYY-MM-DDTHH:MM:SS.sssZ; %NULL when empty or not readable
 */
const char *
marrow_date_entry_get_value (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), NULL);

  return self->value;
}

/**
 * marrow_date_entry_set_value:
 * @self: a #MarrowDateEntry
 * @value: (nullable): a date, partial date or instant as marrow_date_entry_get_value()
 *   returns it, or %NULL to empty the entry
 *
 * Shows @value in the locale's format (an instant in local time).
 */
void
marrow_date_entry_set_value (MarrowDateEntry *self,
                             const char      *value)
{
  g_autofree char *date_text = NULL;
  g_autofree char *time_text = NULL;

  g_return_if_fail (MARROW_IS_DATE_ENTRY (self));

  if (value != NULL && self->with_time)
    {
      g_autoptr(GDateTime) instant = marrow_instant_parse (value);
      g_autoptr(GDateTime) local = instant != NULL ? g_date_time_to_local (instant) : NULL;

      if (local != NULL)
        {
          g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");

          date_text = marrow_date_entry_format_date (iso);
          time_text = g_date_time_format (local, "%H:%M");
        }
      else
        date_text = g_strdup (value);
    }
  else if (value != NULL)
    date_text = marrow_date_entry_format_date (value);

  g_signal_handlers_block_by_func (self->date_entry, on_entry_changed, self);
  g_signal_handlers_block_by_func (self->time_entry, on_entry_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), date_text ? date_text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time_text ? time_text : "");
  g_signal_handlers_unblock_by_func (self->date_entry, on_entry_changed, self);
  g_signal_handlers_unblock_by_func (self->time_entry, on_entry_changed, self);
  update_value (self);
}

/**
 * marrow_date_entry_get_valid:
 * @self: a #MarrowDateEntry
 *
 * Returns: %TRUE if the entries are empty or hold a readable value
 */
gboolean
marrow_date_entry_get_valid (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), FALSE);

  return self->error == NULL;
}

/**
 * marrow_date_entry_get_error:
 * @self: a #MarrowDateEntry
 *
 * Returns: (nullable): what to type instead, when the text cannot be read
 */
const char *
marrow_date_entry_get_error (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), NULL);

  return self->error;
}

gboolean
marrow_date_entry_get_with_time (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), FALSE);

  return self->with_time;
}

/**
 * marrow_date_entry_set_with_time:
 * @self: a #MarrowDateEntry
 * @with_time: whether the value is an instant with a time of day
 */
void
marrow_date_entry_set_with_time (MarrowDateEntry *self,
                                 gboolean         with_time)
{
  g_return_if_fail (MARROW_IS_DATE_ENTRY (self));

  with_time = !!with_time;
  if (self->with_time == with_time)
    return;
  self->with_time = with_time;
  gtk_widget_set_visible (GTK_WIDGET (self->time_entry), with_time);
  update_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WITH_TIME]);
}

gboolean
marrow_date_entry_get_allow_partial (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), FALSE);

  return self->allow_partial;
}

/**
 * marrow_date_entry_set_allow_partial:
 * @self: a #MarrowDateEntry
 * @allow_partial: whether a year (YYYY) or a month (YYYY-MM) is enough
 */
void
marrow_date_entry_set_allow_partial (MarrowDateEntry *self,
                                     gboolean         allow_partial)
{
  g_return_if_fail (MARROW_IS_DATE_ENTRY (self));

  allow_partial = !!allow_partial;
  if (self->allow_partial == allow_partial)
    return;
  self->allow_partial = allow_partial;
  update_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_PARTIAL]);
}

/**
 * marrow_date_entry_set_label:
 * @self: a #MarrowDateEntry
 * @label: the name of the date, such as "Date of birth"
 *
 * Names the entries and the calendar button for assistive technologies.
 */
void
marrow_date_entry_set_label (MarrowDateEntry *self,
                             const char      *label)
{
  g_autofree char *time_label = NULL;
  g_autofree char *button_label = NULL;

  g_return_if_fail (MARROW_IS_DATE_ENTRY (self));
  g_return_if_fail (label != NULL);

  /* Translators: accessible name of the time entry beside a date, e.g. "Started at, time" */
  time_label = g_strdup_printf (_("%s, time of day"), label);
  /* Translators: accessible name of the calendar button beside a date entry */
  button_label = g_strdup_printf (_("Choose %s from a calendar"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, time_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
}

/**
 * marrow_date_entry_get_date_editable:
 * @self: a #MarrowDateEntry
 *
 * Returns: (transfer none): the entry of the date
 */
GtkEditable *
marrow_date_entry_get_date_editable (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), NULL);

  return GTK_EDITABLE (self->date_entry);
}

/**
 * marrow_date_entry_get_time_editable:
 * @self: a #MarrowDateEntry
 *
 * Returns: (transfer none): the entry of the time of day
 */
GtkEditable *
marrow_date_entry_get_time_editable (MarrowDateEntry *self)
{
  g_return_val_if_fail (MARROW_IS_DATE_ENTRY (self), NULL);

  return GTK_EDITABLE (self->time_entry);
}
