/* marrow-preferences-window.c: Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is the practice's goes into the database, audited, and is the same on
 * every workstation: its name, address and phone (settings site_name,
 * practice_address, practice_phone, docs/store.md §5.3) and its MCID
 * thresholds (MarrowThresholdsPage).  What is the user's goes into
 * GSettings: the unit of cell counts, and who is working (remembered per
 * database, marrow-acting-staff.c).  Text settings are saved when applied
 * (Enter or the row's apply button), never on each keystroke, so the audit
 * log holds one change per decision.
 */
#define G_LOG_DOMAIN "marrow-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-acting-staff.h"
#include "marrow-entities.h"
#include "marrow-field-message.h"
#include "marrow-form-dialog.h"
#include "marrow-form-labels.h"
#include "marrow-preferences-window.h"
#include "marrow-settings.h"
#include "marrow-thresholds-page.h"
#include "marrow-units.h"
#include "marrow-error.h"

typedef gboolean (*TextCheck) (const char  *text,
                               GError     **error);

/* A practice setting edited in an entry row */
typedef struct
{
  const char *key;
  const char *label;       /* for messages */
  glong       max_chars;
  TextCheck   check;       /* nullable: more than the length */
  const char *saved_toast;
} PracticeField;

typedef struct
{
  const PracticeField *field;
  GtkWidget           *row;
  GtkWidget           *message_row;
  char                *saved;
} FieldState;

struct _MarrowPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkWidget            *practice_page;
  GtkWidget            *name_row;
  GtkWidget            *name_message_row;
  GtkWidget            *address_row;
  GtkWidget            *address_message_row;
  GtkWidget            *phone_row;
  GtkWidget            *phone_message_row;
  GtkWidget            *staff_row;
  GtkWidget            *add_staff_row;
  GtkWidget            *cell_unit_row;
  MarrowThresholdsPage *thresholds_page;

  MarrowStore          *store;
  GSettings            *settings;
  FieldState            fields[3];
  GPtrArray            *staff_ids;      /* char*, parallel to the staff combo; "" = not chosen */
  gboolean              filling_staff;
};

G_DEFINE_FINAL_TYPE (MarrowPreferencesWindow, marrow_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
check_phone (const char  *text,
             GError     **error)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != ' ' && *p != '+' && *p != '-' && *p != '(' && *p != ')')
      {
        g_set_error_literal (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_FORMAT,
                             _("A phone number may hold only digits, spaces and + - ( )"));
        return FALSE;
      }
  return TRUE;
}

static const PracticeField practice_fields[] = {
  /* The practice name is migration 2's site_name (docs/store.md §5.3) */
  { "site_name", N_("The practice name"), 120, NULL, N_("Practice name saved") },
  { "practice_address", N_("The address"), 300, NULL, N_("Address saved") },
  { "practice_phone", N_("The phone number"), 40, check_phone, N_("Phone saved") },
};

/* Checks @state's text; shows or clears the message.  Returns the value to
 * store (stripped), or NULL when it is refused */
static char *
read_field (FieldState *state)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (state->row));
  g_autofree char *value = g_strstrip (g_strdup (text));

  if (g_utf8_strlen (value, -1) > state->field->max_chars)
    g_set_error (&error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RANGE,
                 /* Translators: "The phone number is longer than 40 characters" */
                 _("%s is longer than %ld characters"), _(state->field->label),
                 state->field->max_chars);
  else if (state->field->check != NULL)
    state->field->check (value, &error);

  marrow_field_message_show (state->message_row, state->row,
                             error != NULL ? error->message : NULL);
  return error != NULL ? NULL : g_steal_pointer (&value);
}

static void
field_changed_cb (GtkEditable *editable,
                  FieldState  *state)
{
  g_free (read_field (state));
}

static void
field_apply_cb (AdwEntryRow *row,
                FieldState  *state)
{
  MarrowPreferencesWindow *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = read_field (state);

  if (value == NULL || g_strcmp0 (value, state->saved) == 0)
    return;

  self = MARROW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (row)));
  if (self->store == NULL)
    return;
  if (!marrow_store_set_setting (self->store, state->field->key, value, FALSE, &error))
    {
      marrow_field_message_show (state->message_row, state->row, error->message);
      return;
    }
  g_free (state->saved);
  state->saved = g_steal_pointer (&value);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_(state->field->saved_toast)));
}

static gboolean
load_practice_fields (MarrowPreferencesWindow  *self,
                      GError                  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    {
      FieldState *state = &self->fields[i];
      g_autofree char *value = NULL;

      if (!marrow_store_get_setting (self->store, state->field->key, &value, error))
        return FALSE;
      g_free (state->saved);
      state->saved = g_strdup (value != NULL ? value : "");
      /* With the apply button off: setting the text would show it */
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (state->row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (state->row), state->saved);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (state->row), TRUE);
    }
  return TRUE;
}

/* Staff */

static gboolean
fill_staff (MarrowPreferencesWindow  *self,
            GError                  **error)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *acting = marrow_store_get_staff_id (self->store);
  guint selected = GTK_INVALID_LIST_POSITION;

  staff = marrow_acting_staff_list_active (self->store, error);
  if (staff == NULL)
    return FALSE;

  g_ptr_array_set_size (self->staff_ids, 0);
  for (guint i = 0; i < staff->len; i++)
    {
      MarrowRecord *member = staff->pdata[i];

      if (g_strcmp0 (marrow_record_get_id (member), acting) == 0)
        selected = i;
      gtk_string_list_append (names, marrow_record_get_text (member, "display_name"));
      g_ptr_array_add (self->staff_ids, g_strdup (marrow_record_get_id (member)));
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      /* Nobody chosen, and the login has no staff row yet */
      gtk_string_list_splice (names, 0, 0, (const char *[]) { _("Not chosen"), NULL });
      g_ptr_array_insert (self->staff_ids, 0, g_strdup (""));
      selected = 0;
    }

  self->filling_staff = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (self->staff_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->staff_row), selected);
  self->filling_staff = FALSE;
  return TRUE;
}

static void
refill_staff_idle_cb (gpointer user_data)
{
  g_autoptr(MarrowPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !fill_staff (self, &error))
    g_warning ("Could not read the staff list: %s", error->message);
}

static void
staff_selected_cb (MarrowPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->staff_row));
  const char *staff_id;

  if (self->filling_staff || self->store == NULL || selected >= self->staff_ids->len)
    return;
  staff_id = self->staff_ids->pdata[selected];
  if (*staff_id == '\0' || g_strcmp0 (staff_id, marrow_store_get_staff_id (self->store)) == 0)
    return;

  if (!marrow_acting_staff_choose (self->store, staff_id, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }
  /* "Not chosen" has gone; the list is replaced once the combo's own
   * selection change is over (it holds the model meanwhile) */
  if (*(const char *)self->staff_ids->pdata[0] == '\0')
    g_idle_add_once (refill_staff_idle_cb, g_object_ref (self));
}

static void
staff_saved_cb (MarrowFormDialog        *dialog,
                MarrowRecord            *staff,
                MarrowPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!fill_staff (self, &error))
    g_warning ("Could not read the staff list: %s", error->message);
}

static void
add_staff_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MarrowPreferencesWindow *self = MARROW_PREFERENCES_WINDOW (widget);
  g_autoptr(MarrowRecord) staff = NULL;
  MarrowFormDialog *dialog;

  if (self->store == NULL)
    return;
  staff = marrow_record_new (&marrow_entity_staff);
  marrow_record_set_bool (staff, "active", TRUE);
  dialog = marrow_form_dialog_new (GTK_WINDOW (self), self->store, staff, TRUE);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (staff_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Units: the combo's position is the enum's value */

static gboolean
unit_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "count") == 0
                             ? MARROW_CELL_UNIT_COUNT : MARROW_CELL_UNIT_MILLIONS);
  return TRUE;
}

static GVariant *
unit_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == MARROW_CELL_UNIT_COUNT
                                 ? "count" : "millions");
}

static void
set_store (MarrowPreferencesWindow *self,
           MarrowStore             *store)
{
  g_autoptr(GError) error = NULL;

  g_set_object (&self->store, store);
  /* Without a database only the user's own preferences are there to set */
  gtk_widget_set_visible (self->practice_page, store != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->thresholds_page), store != NULL);
  /* Staff are added through their record form, once there is one */
  gtk_widget_set_visible (self->add_staff_row, marrow_form_dialog_has_form ("staff"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-staff",
                                 store != NULL && marrow_form_dialog_has_form ("staff"));
  if (store == NULL)
    return;

  if (!load_practice_fields (self, &error) || !fill_staff (self, &error) ||
      !marrow_thresholds_page_set_store (self->thresholds_page, store, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
}

/**
 * marrow_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @store: (nullable): the open database, if any
 *
 * Returns: (transfer none): a new Preferences window; present it
 */
MarrowPreferencesWindow *
marrow_preferences_window_new (GtkWindow   *parent,
                               MarrowStore *store)
{
  MarrowPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || MARROW_IS_STORE (store), NULL);

  self = g_object_new (MARROW_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  set_store (self, store);
  return self;
}

static void
marrow_preferences_window_dispose (GObject *object)
{
  MarrowPreferencesWindow *self = MARROW_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_PREFERENCES_WINDOW);
  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    g_clear_pointer (&self->fields[i].saved, g_free);
  g_clear_pointer (&self->staff_ids, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_preferences_window_parent_class)->dispose (object);
}

static void
marrow_preferences_window_class_init (MarrowPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_preferences_window_dispose;

  g_type_ensure (MARROW_TYPE_THRESHOLDS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/"
                                               "marrow-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, practice_page);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, name_message_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow,
                                        address_message_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, phone_message_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, staff_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, add_staff_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, cell_unit_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowPreferencesWindow, thresholds_page);

  gtk_widget_class_install_action (widget_class, "prefs.add-staff", NULL, add_staff_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
marrow_preferences_window_init (MarrowPreferencesWindow *self)
{
  GtkWidget *rows[] = { NULL, NULL, NULL };
  GtkWidget *messages[] = { NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The .ui names these rows more fully than their titles; said once */
  marrow_form_set_accessible_label (self->name_row, NULL);
  marrow_form_set_accessible_label (self->address_row, NULL);
  marrow_form_set_accessible_label (self->phone_row, NULL);

  rows[0] = self->name_row;
  rows[1] = self->address_row;
  rows[2] = self->phone_row;
  messages[0] = self->name_message_row;
  messages[1] = self->address_message_row;
  messages[2] = self->phone_message_row;
  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    {
      self->fields[i].field = &practice_fields[i];
      self->fields[i].row = rows[i];
      self->fields[i].message_row = messages[i];
      g_signal_connect (rows[i], "changed", G_CALLBACK (field_changed_cb), &self->fields[i]);
      g_signal_connect (rows[i], "apply", G_CALLBACK (field_apply_cb), &self->fields[i]);
    }

  self->staff_ids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (self->staff_row, "notify::selected",
                           G_CALLBACK (staff_selected_cb), self, G_CONNECT_SWAPPED);

  self->settings = marrow_settings_new ();
  if (self->settings != NULL)
    g_settings_bind_with_mapping (self->settings, "cell-unit", self->cell_unit_row, "selected",
                                  G_SETTINGS_BIND_DEFAULT, unit_get_mapping, unit_set_mapping,
                                  NULL, NULL);
  else
    gtk_widget_set_sensitive (self->cell_unit_row, FALSE);
}
