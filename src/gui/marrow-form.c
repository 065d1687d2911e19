/* marrow-form.c: the base of every record form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form is a composite template of rows (AdwEntryRow, AdwComboRow,
 * AdwActionRow with a switch or a MarrowDateEntry) whose class binds each
 * control to a field of the record it edits (marrow_form_bind()).  This
 * base class then does for every form what would otherwise be written once
 * per form (and drift apart):
 *
 * - shows the record's values in the controls and reads them back, with
 *   the conversions of each field kind (numbers in the locale's format,
 *   coded values through their translated names, dates via MarrowDateEntry);
 * - validates on every change with the core's rules
 *   (marrow_record_validate_field() per field, then marrow_record_validate()
 *   for the rules across fields) and puts each message in a row below the
 *   field it names, with the "error" style class on the control.  A field
 *   left empty is only marked once it was touched; until then
 *   marrow_form_get_problem() says what is still missing;
 * - collects the soft-limit warnings (MarrowWarning), shown below their
 *   field; the dialog asks for the reasons;
 * - knows whether the record was modified since it was shown.
 *
 * This is why MarrowForm is a derivable type rather than an interface: the
 * bindings, the validation state and the message rows are state that every
 * form needs in the same shape.  Subclasses stay small: a template, the
 * bindings, and the few fields that do not map to one control.
 */
#define G_LOG_DOMAIN "marrow-form"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "marrow-date-entry.h"
#include "marrow-error.h"
#include "marrow-form-labels.h"
#include "marrow-form.h"
#include "marrow-units.h"
#include "marrow-validate.h"

typedef enum
{
  BINDING_EDITABLE,
  BINDING_CHOICES,
  BINDING_SWITCH,
  BINDING_CHECK,
  BINDING_DATE,
  BINDING_MESSAGE,
} BindingKind;

typedef struct
{
  MarrowForm           *form;
  BindingKind           kind;
  const MarrowFieldDef *def;
  GtkWidget            *control;
  GtkWidget            *message_row;
  GtkLabel             *message_label;
  GPtrArray            *codes;        /* choices: the code of each item, "" for none */
  char                 *parse_error;
  gboolean              touched;
} Binding;

typedef struct
{
  char     *message;
  gboolean  missing;  /* a required field is empty */
} FieldError;

typedef struct
{
  MarrowStore  *store;
  MarrowRecord *record;
  MarrowRecord *snapshot;
  gboolean      is_new;
  gboolean      prepared;
  gboolean      loading;
  gboolean      show_all;

  GPtrArray    *bindings;
  GHashTable   *errors;      /* field name -> FieldError */
  GPtrArray    *warnings;    /* MarrowWarning */
  char         *problem;
} MarrowFormPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MarrowForm, marrow_form, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
binding_free (Binding *binding)
{
  g_clear_pointer (&binding->codes, g_ptr_array_unref);
  g_free (binding->parse_error);
  g_free (binding);
}

static void
field_error_free (FieldError *error)
{
  g_free (error->message);
  g_free (error);
}

static Binding *
find_binding (MarrowForm *self,
              const char *field)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  for (guint i = 0; i < priv->bindings->len; i++)
    {
      Binding *binding = priv->bindings->pdata[i];

      if (strcmp (binding->def->name, field) == 0)
        return binding;
    }
  return NULL;
}

/* Numbers */

static char *
format_real (double value)
{
  /* %g follows LC_NUMERIC, so a German workstation shows a comma */
  return g_strdup_printf ("%.15g", value);
}

/* Showing values */

static GtkWidget *
binding_row (Binding *binding)
{
  GtkWidget *row = gtk_widget_get_ancestor (binding->control, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? row : binding->control;
}

static guint
choice_index (Binding    *binding,
              const char *code)
{
  g_autoptr(GString) label = NULL;
  GtkStringList *model;

  for (guint i = 0; i < binding->codes->len; i++)
    if (strcmp (binding->codes->pdata[i], code ? code : "") == 0)
      return i;

  /* A stored value the list does not offer (a staff member who left, a
   * code of a newer version): keep it selectable rather than lose it */
  model = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (binding->control)));
  gtk_string_list_append (model, marrow_form_code_label (binding->def, code));
  g_ptr_array_add (binding->codes, g_strdup (code));
  return binding->codes->len - 1;
}

static void
show_binding (Binding      *binding,
              MarrowRecord *record)
{
  const char *field = binding->def->name;
  gboolean is_null = marrow_record_is_null (record, field);
  g_autofree char *text = NULL;

  switch (binding->kind)
    {
    case BINDING_EDITABLE:
      if (is_null)
        text = g_strdup ("");
      else if (binding->def->kind == MARROW_FIELD_INT)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, marrow_record_get_int (record, field));
      else if (binding->def->kind == MARROW_FIELD_REAL)
        text = format_real (marrow_record_get_real (record, field));
      else
        text = g_strdup (marrow_record_get_text (record, field));
      gtk_editable_set_text (GTK_EDITABLE (binding->control), text);
      break;

    case BINDING_CHOICES:
      if (!is_null && binding->def->kind == MARROW_FIELD_INT)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, marrow_record_get_int (record, field));
      else if (!is_null)
        text = g_strdup (marrow_record_get_text (record, field));
      adw_combo_row_set_selected (ADW_COMBO_ROW (binding->control), choice_index (binding, text));
      break;

    case BINDING_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (binding->control),
                             !is_null && marrow_record_get_bool (record, field));
      break;

    case BINDING_CHECK:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (binding->control),
                                   !is_null && marrow_record_get_bool (record, field));
      break;

    case BINDING_DATE:
      marrow_date_entry_set_value (MARROW_DATE_ENTRY (binding->control),
                                   is_null ? NULL : marrow_record_get_text (record, field));
      break;

    case BINDING_MESSAGE:
    default:
      break;
    }
}

/* Reading values */

static void
set_number (Binding      *binding,
            MarrowRecord *record,
            const char   *text)
{
  const char *field = binding->def->name;

  if (binding->def->kind == MARROW_FIELD_INT)
    {
      gint64 value;

      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        marrow_record_set_int (record, field, value);
      else
        binding->parse_error = g_strdup (_("Type a whole number"));
    }
  else
    {
      double value;

      if (marrow_parse_number (text, &value))
        marrow_record_set_real (record, field, value);
      else
        {
          g_autofree char *example = format_real (72.5);

          binding->parse_error = g_strdup_printf (_("Type a number such as %s"), example);
        }
    }
}

static void
read_binding (Binding      *binding,
              MarrowRecord *record)
{
  const char *field = binding->def->name;
  g_autofree char *text = NULL;
  const char *code;
  guint selected;

  if (binding->kind == BINDING_MESSAGE)
    return;

  g_clear_pointer (&binding->parse_error, g_free);
  marrow_record_set_null (record, field);

  switch (binding->kind)
    {
    case BINDING_EDITABLE:
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (binding->control))));
      if (*text == '\0')
        break;
      if (binding->def->kind == MARROW_FIELD_INT || binding->def->kind == MARROW_FIELD_REAL)
        set_number (binding, record, text);
      else
        marrow_record_set_text (record, field, text);
      break;

    case BINDING_CHOICES:
      selected = adw_combo_row_get_selected (ADW_COMBO_ROW (binding->control));
      code = selected < binding->codes->len ? binding->codes->pdata[selected] : "";
      if (*code == '\0')
        break;
      if (binding->def->kind == MARROW_FIELD_INT)
        marrow_record_set_int (record, field, g_ascii_strtoll (code, NULL, 10));
      else
        marrow_record_set_text (record, field, code);
      break;

    case BINDING_SWITCH:
      marrow_record_set_bool (record, field, gtk_switch_get_active (GTK_SWITCH (binding->control)));
      break;

    case BINDING_CHECK:
      marrow_record_set_bool (record, field,
                              gtk_check_button_get_active (GTK_CHECK_BUTTON (binding->control)));
      break;

    case BINDING_DATE:
      if (!marrow_date_entry_get_valid (MARROW_DATE_ENTRY (binding->control)))
        binding->parse_error =
          g_strdup (marrow_date_entry_get_error (MARROW_DATE_ENTRY (binding->control)));
      else if (marrow_date_entry_get_value (MARROW_DATE_ENTRY (binding->control)) != NULL)
        marrow_record_set_text (record, field,
                                marrow_date_entry_get_value (MARROW_DATE_ENTRY (binding->control)));
      break;

    case BINDING_MESSAGE:
    default:
      g_assert_not_reached ();
    }
}

/* Validation */

/* @from_field: the error comes from the field's own check, so an empty
 * required field is "missing" (marked only once touched).  A rule across
 * fields that requires a field ("required for bone marrow") is always
 * shown: it tells what another choice implies. */
static void
add_error (MarrowForm   *self,
           const char   *field,
           const GError *error,
           gboolean      from_field)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  FieldError *entry;

  if (g_hash_table_contains (priv->errors, field))
    return;
  entry = g_new0 (FieldError, 1);
  entry->message = g_strdup (error->message);
  entry->missing = from_field && g_error_matches (error, MARROW_VALIDATION_ERROR,
                                                  MARROW_VALIDATION_ERROR_REQUIRED);
  g_hash_table_insert (priv->errors, g_strdup (field), entry);
}

/* A value of a UNIQUE field that another record holds already.  The store
 * would refuse it on save; saying so at the field is kinder. */
static void
check_unique (MarrowForm *self,
              Binding    *binding)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  const char *field = binding->def->name;
  const char *value;
  MarrowListQuery query = { 0 };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  if ((binding->def->flags & MARROW_FIELD_UNIQUE) == 0 || binding->def->kind != MARROW_FIELD_TEXT ||
      priv->store == NULL || marrow_record_is_null (priv->record, field) ||
      g_hash_table_contains (priv->errors, field))
    return;

  value = marrow_record_get_text (priv->record, field);
  /* An existing record keeps its own value; before the snapshot is taken,
   * the value is the stored one */
  if (!priv->is_new && (priv->snapshot == NULL ||
                        g_strcmp0 (value, marrow_record_get_text (priv->snapshot, field)) == 0))
    return;

  query.filter_field = field;
  query.filter_value = value;
  query.include_voided = TRUE;
  found = marrow_store_find (priv->store, marrow_record_get_entity (priv->record), &query, &error);
  if (found == NULL)
    {
      g_warning ("Could not check %s for duplicates: %s", field, error->message);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    if (strcmp (marrow_record_get_id (found->pdata[i]), marrow_record_get_id (priv->record)) != 0)
      {
        g_autoptr(GError) duplicate = NULL;

        marrow_validation_error_set (&duplicate, MARROW_VALIDATION_ERROR_RULE, field,
                                     /* Translators: "Medical record number “000042” is already
                                      * used by another record" */
                                     _("%s “%s” is already used by another record"),
                                     _(binding->def->label), value);
        add_error (self, field, duplicate, FALSE);
        return;
      }
}

static gboolean
has_warning (GPtrArray  *warnings,
             const char *code)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strcmp (((MarrowWarning *)warnings->pdata[i])->code, code) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
only_missing (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, priv->errors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!((FieldError *)value)->missing)
      return FALSE;
  return TRUE;
}

static void
validate (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  const MarrowEntityDef *entity = marrow_record_get_entity (priv->record);
  g_autoptr(GPtrArray) field_warnings = marrow_warning_list_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_hash_table_remove_all (priv->errors);
  g_ptr_array_set_size (priv->warnings, 0);

  for (guint i = 0; i < priv->bindings->len; i++)
    {
      Binding *binding = priv->bindings->pdata[i];

      if (binding->parse_error != NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (MARROW_VALIDATION_ERROR,
                                                         MARROW_VALIDATION_ERROR_FORMAT,
                                                         binding->parse_error);
          add_error (self, binding->def->name, error, TRUE);
        }
    }

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *field = entity->fields[i].name;
      g_autoptr(GError) error = NULL;

      if (g_hash_table_contains (priv->errors, field))
        continue;
      if (!marrow_record_validate_field (priv->record, field, now, field_warnings, &error))
        add_error (self, field, error, TRUE);
    }

  for (guint i = 0; i < priv->bindings->len; i++)
    check_unique (self, priv->bindings->pdata[i]);

  if (g_hash_table_size (priv->errors) == 0)
    {
      g_autoptr(GError) error = NULL;

      /* The rules across fields; the warnings of the whole record */
      if (!marrow_record_validate (priv->record, now, priv->warnings, &error))
        {
          const char *field = marrow_validation_error_get_field (error);

          add_error (self, field != NULL ? field : "", error, FALSE);
        }
      /* Then the subclass's checks across records */
      else if (MARROW_FORM_GET_CLASS (self)->check_composite != NULL &&
               !MARROW_FORM_GET_CLASS (self)->check_composite (self, priv->warnings, &error))
        add_error (self, marrow_validation_error_get_field (error) ?: "", error, FALSE);
    }
  else if (only_missing (self) && entity->rules != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Every value given is valid, some are still empty: the rules
       * (which read only the fields that are set) say early what a choice
       * implies, such as the side a site allows */
      if (!entity->rules (priv->record, now, field_warnings, &error))
        {
          const char *field = marrow_validation_error_get_field (error);

          add_error (self, field != NULL ? field : "", error, FALSE);
        }
    }

  /* While a field is wrong the rules do not run: keep the field warnings */
  for (guint i = 0; i < field_warnings->len; i++)
    {
      MarrowWarning *warning = field_warnings->pdata[i];

      if (!has_warning (priv->warnings, warning->code))
        g_ptr_array_add (priv->warnings,
                         marrow_warning_new (warning->entity, warning->field, warning->code,
                                             "%s", warning->message));
    }
}

/* Display */

static gboolean
error_is_shown (MarrowForm *self,
                Binding    *binding,
                FieldError *error)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  return !error->missing || binding->touched || priv->show_all ||
         binding->kind == BINDING_MESSAGE;
}

static const MarrowWarning *
find_field_warning (MarrowForm *self,
                    const char *field)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  for (guint i = 0; i < priv->warnings->len; i++)
    {
      MarrowWarning *warning = priv->warnings->pdata[i];

      if (g_strcmp0 (warning->field, field) == 0)
        return warning;
    }
  return NULL;
}

static void
show_message (Binding    *binding,
              const char *message,
              gboolean    is_error)
{
  GtkWidget *row = binding_row (binding);

  gtk_widget_set_visible (binding->message_row, message != NULL);
  gtk_label_set_text (binding->message_label, message ? message : "");
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (binding->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (binding->message_label), "warning");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (binding->message_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (binding->message_label), "error");
    }

  if (message != NULL && is_error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (binding->control),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL && is_error ? GTK_ACCESSIBLE_INVALID_TRUE
                                                           : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
update_display (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  const char *unshown = NULL;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < priv->bindings->len; i++)
    {
      Binding *binding = priv->bindings->pdata[i];
      FieldError *error = g_hash_table_lookup (priv->errors, binding->def->name);
      const MarrowWarning *warning = find_field_warning (self, binding->def->name);

      if (error != NULL && error_is_shown (self, binding, error))
        show_message (binding, error->message, TRUE);
      else if (error == NULL && warning != NULL)
        show_message (binding, warning->message, FALSE);
      else
        show_message (binding, NULL, FALSE);

      if (error != NULL && !error_is_shown (self, binding, error))
        g_ptr_array_add (missing, (gpointer)_(binding->def->label));
    }

  /* An error about a field that no control shows */
  g_hash_table_iter_init (&iter, priv->errors);
  while (unshown == NULL && g_hash_table_iter_next (&iter, &key, &value))
    if (find_binding (self, key) == NULL)
      unshown = ((FieldError *)value)->message;

  g_clear_pointer (&priv->problem, g_free);
  if (unshown != NULL)
    priv->problem = g_strdup (unshown);
  else if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      /* Translators: the list separator of "Still to fill in: A, B, C" */
      list = g_strjoinv (C_("list separator", ", "), (char **)missing->pdata);
      /* Translators: shown below a form whose Save button is insensitive */
      priv->problem = g_strdup_printf (_("Still to fill in: %s"), list);
    }
}

static void
refresh (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  MarrowFormClass *klass = MARROW_FORM_GET_CLASS (self);

  for (guint i = 0; i < priv->bindings->len; i++)
    read_binding (priv->bindings->pdata[i], priv->record);
  if (klass->read_record != NULL)
    klass->read_record (self, priv->record);
  validate (self);
  update_display (self);
}

/* Binding */

static void
on_control_changed (Binding *binding)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (binding->form);

  if (priv->loading || priv->record == NULL)
    return;
  binding->touched = TRUE;
  marrow_form_changed (binding->form);
}

static const char *
row_title (GtkWidget *row)
{
  if (ADW_IS_PREFERENCES_ROW (row))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  return NULL;
}

/* The message goes into a row of its own below the field's row */
static void
add_message_row (Binding *binding)
{
  GtkWidget *row = binding_row (binding);
  GtkWidget *parent = gtk_widget_get_parent (row);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "caption");
  binding->message_label = GTK_LABEL (label);

  if (GTK_IS_LIST_BOX_ROW (row) && GTK_IS_LIST_BOX (parent))
    {
      binding->message_row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (binding->message_row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (binding->message_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (binding->message_row), FALSE);
      /* A Tab stop while it shows: GtkListBox moves Tab only to the next
       * visible row, and a row that cannot take the focus would end the
       * group there, skipping the fields below it.  A screen reader reads
       * the message on the way. */
      gtk_widget_set_focusable (binding->message_row, TRUE);
      gtk_list_box_insert (GTK_LIST_BOX (parent), binding->message_row,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
    }
  else
    {
      g_return_if_fail (GTK_IS_BOX (parent));
      binding->message_row = label;
      gtk_box_insert_child_after (GTK_BOX (parent), label, row);
    }
  gtk_widget_add_css_class (binding->message_row, "form-message");
  gtk_widget_set_visible (binding->message_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (binding->control),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, label, -1);
}

static Binding *
add_binding (MarrowForm  *self,
             const char  *field,
             GtkWidget   *control,
             BindingKind  kind)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  const MarrowFieldDef *def = NULL;
  Binding *binding;

  def = marrow_entity_find_field (marrow_record_get_entity (priv->record), field);
  g_return_val_if_fail (def != NULL, NULL);
  g_return_val_if_fail (find_binding (self, field) == NULL, NULL);

  binding = g_new0 (Binding, 1);
  binding->form = self;
  binding->kind = kind;
  binding->def = def;
  binding->control = control;
  g_ptr_array_add (priv->bindings, binding);
  add_message_row (binding);
  return binding;
}

/**
 * marrow_form_bind:
 * @self: a #MarrowForm
 * @field: a field of the form's record type
 * @control: an AdwEntryRow or other #GtkEditable (text and numbers), an
 *   #AdwComboRow (a coded value: its items are made from the field's codes,
 *   after an item for "not recorded"), a #GtkSwitch or #GtkCheckButton (a
 *   yes/no field) or a #MarrowDateEntry (dates and instants)
 *
 * Binds @control to @field: it shows the field's value, writes it back on
 * every change, and its row gets the field's messages.  Call it from the
 * prepare vfunc, when the record (and so the field table) is known.
 */
void
marrow_form_bind (MarrowForm *self,
                  const char *field,
                  GtkWidget  *control)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  const MarrowFieldDef *def;
  GtkWidget *row;
  const char *title;
  Binding *binding;

  g_return_if_fail (MARROW_IS_FORM (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (GTK_IS_WIDGET (control));
  g_return_if_fail (priv->record != NULL);

  def = marrow_entity_find_field (marrow_record_get_entity (priv->record), field);
  g_return_if_fail (def != NULL);

  if (ADW_IS_COMBO_ROW (control))
    {
      g_autoptr(GPtrArray) codes = g_ptr_array_new ();
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      g_return_if_fail (def->kind == MARROW_FIELD_ENUM);
      for (guint i = 0; def->enum_values[i] != NULL; i++)
        {
          g_ptr_array_add (codes, (gpointer)def->enum_values[i]);
          g_ptr_array_add (labels, (gpointer)marrow_form_code_label (def, def->enum_values[i]));
        }
      g_ptr_array_add (codes, NULL);
      g_ptr_array_add (labels, NULL);
      marrow_form_bind_choices (self, field, ADW_COMBO_ROW (control),
                                (const char * const *)codes->pdata,
                                (const char * const *)labels->pdata);
      return;
    }

  /* A row without a title of its own is named after the field, with its
   * unit: "Weight (kg)" */
  row = gtk_widget_get_ancestor (control, ADW_TYPE_PREFERENCES_ROW);
  if (row != NULL && (row_title (row) == NULL || *row_title (row) == '\0'))
    {
      g_autofree char *with_unit = NULL;

      if (def->unit != NULL)
        /* Translators: a field and its unit, e.g. "Weight (kg)" */
        with_unit = g_strdup_printf (_("%s (%s)"), _(def->label), def->unit);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     with_unit != NULL ? with_unit : _(def->label));
    }
  title = row_title (row);

  if (MARROW_IS_DATE_ENTRY (control))
    {
      g_return_if_fail (def->kind == MARROW_FIELD_DATE || def->kind == MARROW_FIELD_PARTIAL_DATE ||
                        def->kind == MARROW_FIELD_INSTANT);
      marrow_date_entry_set_with_time (MARROW_DATE_ENTRY (control),
                                       def->kind == MARROW_FIELD_INSTANT);
      marrow_date_entry_set_allow_partial (MARROW_DATE_ENTRY (control),
                                           def->kind == MARROW_FIELD_PARTIAL_DATE);
      marrow_date_entry_set_label (MARROW_DATE_ENTRY (control), title ? title : _(def->label));
      binding = add_binding (self, field, control, BINDING_DATE);
      g_signal_connect_swapped (control, "changed", G_CALLBACK (on_control_changed), binding);
    }
  else if (GTK_IS_SWITCH (control) || GTK_IS_CHECK_BUTTON (control))
    {
      gboolean is_switch = GTK_IS_SWITCH (control);

      g_return_if_fail (def->kind == MARROW_FIELD_BOOL);
      binding = add_binding (self, field, control, is_switch ? BINDING_SWITCH : BINDING_CHECK);
      /* The row's title may label the switch already (its activatable
       * widget): named once */
      if (is_switch && title != NULL)
        marrow_form_set_accessible_label (control, title);
      g_signal_connect_swapped (control, is_switch ? "notify::active" : "toggled",
                                G_CALLBACK (on_control_changed), binding);
    }
  else if (GTK_IS_EDITABLE (control))
    {
      g_return_if_fail (def->kind == MARROW_FIELD_TEXT || def->kind == MARROW_FIELD_INT ||
                        def->kind == MARROW_FIELD_REAL);
      binding = add_binding (self, field, control, BINDING_EDITABLE);
      /* An AdwEntryRow is labelled by its title already: a label of its
       * own as well was read twice (marrow_form_set_accessible_label()) */
      if (title != NULL && !ADW_IS_ENTRY_ROW (control))
        gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      g_signal_connect_swapped (control, "changed", G_CALLBACK (on_control_changed), binding);
    }
  else
    g_return_if_reached ();
}

/**
 * marrow_form_bind_choices:
 * @self: a #MarrowForm
 * @field: a coded, reference or whole-number field
 * @row: the combo row
 * @codes: (array zero-terminated=1): the stored value of each choice (a
 *   whole number as text for an integer field)
 * @labels: (array zero-terminated=1): the translated name of each choice
 *
 * Binds @row to @field with these choices, after a first item for "not
 * recorded" (a required field then reports itself missing).
 */
void
marrow_form_bind_choices (MarrowForm         *self,
                          const char         *field,
                          AdwComboRow        *row,
                          const char * const *codes,
                          const char * const *labels)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  g_autoptr(GtkStringList) model = NULL;
  const MarrowFieldDef *def;
  Binding *binding;

  g_return_if_fail (MARROW_IS_FORM (self));
  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (codes != NULL && labels != NULL);
  g_return_if_fail (priv->record != NULL);

  def = marrow_entity_find_field (marrow_record_get_entity (priv->record), field);
  g_return_if_fail (def != NULL);

  binding = add_binding (self, field, GTK_WIDGET (row), BINDING_CHOICES);
  g_return_if_fail (binding != NULL);

  if (row_title (GTK_WIDGET (row)) == NULL || *row_title (GTK_WIDGET (row)) == '\0')
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(def->label));

  binding->codes = g_ptr_array_new_with_free_func (g_free);
  model = gtk_string_list_new (NULL);
  g_ptr_array_add (binding->codes, g_strdup (""));
  gtk_string_list_append (model, (def->flags & MARROW_FIELD_REQUIRED) != 0
                                   ? C_("choice", "Not chosen")
                                   : C_("choice", "Not recorded"));
  for (guint i = 0; codes[i] != NULL && labels[i] != NULL; i++)
    {
      g_ptr_array_add (binding->codes, g_strdup (codes[i]));
      gtk_string_list_append (model, labels[i]);
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_control_changed), binding);
}

/**
 * marrow_form_bind_reference:
 * @self: a #MarrowForm
 * @field: a reference field
 * @row: the combo row
 * @filter_field: (nullable): offer only records whose @filter_field ...
 * @filter_value: (nullable): ... equals this value
 * @error: return location for a store error
 *
 * Binds @row to the reference @field, offering the records of the
 * referenced type from the form's store (call it from the prepare vfunc),
 * each described by marrow_form_describe_record().  Voided records are
 * not offered.
 *
 * Returns: %FALSE if the records could not be read
 */
gboolean
marrow_form_bind_reference (MarrowForm   *self,
                            const char   *field,
                            AdwComboRow  *row,
                            const char   *filter_field,
                            const char   *filter_value,
                            GError      **error)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  const MarrowFieldDef *def;
  const MarrowEntityDef *target;
  MarrowListQuery query = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (MARROW_IS_FORM (self), FALSE);
  g_return_val_if_fail (priv->store != NULL && priv->record != NULL, FALSE);

  def = marrow_entity_find_field (marrow_record_get_entity (priv->record), field);
  g_return_val_if_fail (def != NULL && def->kind == MARROW_FIELD_REF, FALSE);
  target = marrow_entity_lookup (def->ref_entity);
  g_return_val_if_fail (target != NULL, FALSE);

  query.filter_field = filter_field;
  query.filter_value = filter_value;
  records = marrow_store_find (priv->store, target, &query, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      g_ptr_array_add (codes, (gpointer)marrow_record_get_id (records->pdata[i]));
      g_ptr_array_add (labels, marrow_form_describe_record (records->pdata[i]));
    }
  g_ptr_array_add (codes, NULL);
  g_ptr_array_add (labels, NULL);
  marrow_form_bind_choices (self, field, row, (const char * const *)codes->pdata,
                            (const char * const *)labels->pdata);
  return TRUE;
}

/**
 * marrow_form_bind_message:
 * @self: a #MarrowForm
 * @field: a field the form shows and reads itself (read_record vfunc)
 * @anchor: the control, or a widget in the row, below which the field's
 *   messages go
 *
 * Shows the messages of @field below @anchor's row, always (not only once
 * the control was touched).
 */
void
marrow_form_bind_message (MarrowForm *self,
                          const char *field,
                          GtkWidget  *anchor)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_if_fail (MARROW_IS_FORM (self));
  g_return_if_fail (GTK_IS_WIDGET (anchor));
  g_return_if_fail (priv->record != NULL);

  add_binding (self, field, anchor, BINDING_MESSAGE);
}

/* Records */

/**
 * marrow_form_set_record:
 * @self: a #MarrowForm
 * @store: the store the choices come from
 * @record: the record to edit; the form edits this object itself, so pass
 *   a copy
 * @is_new: whether @record is yet to be inserted
 * @error: return location for an error of the prepare vfunc
 *
 * Shows @record.  The first call runs the prepare vfunc; a later call (a
 * record reloaded after someone else changed it) only shows the new values.
 *
 * Returns: %FALSE if the form could not be prepared
 */
gboolean
marrow_form_set_record (MarrowForm    *self,
                        MarrowStore   *store,
                        MarrowRecord  *record,
                        gboolean       is_new,
                        GError       **error)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  MarrowFormClass *klass = MARROW_FORM_GET_CLASS (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);
  g_return_val_if_fail (priv->record == NULL ||
                        marrow_record_get_entity (priv->record) == marrow_record_get_entity (record),
                        FALSE);

  g_set_object (&priv->store, store);
  g_set_object (&priv->record, record);
  g_clear_object (&priv->snapshot);
  priv->is_new = is_new;
  priv->show_all = FALSE;

  priv->loading = TRUE;
  if (!priv->prepared)
    {
      if (klass->prepare != NULL && !klass->prepare (self, store, record, is_new, error))
        {
          priv->loading = FALSE;
          return FALSE;
        }
      priv->prepared = TRUE;
    }

  for (guint i = 0; i < priv->bindings->len; i++)
    {
      Binding *binding = priv->bindings->pdata[i];

      binding->touched = FALSE;
      show_binding (binding, record);
    }
  if (klass->show_record != NULL)
    klass->show_record (self, record);
  priv->loading = FALSE;

  refresh (self);
  /* What the form shows is the starting point of "modified" (a switch
   * reads an unset yes/no field as "no") */
  priv->snapshot = marrow_record_copy (record);
  /* The duplicate check compares with the snapshot */
  validate (self);
  update_display (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * marrow_form_get_record:
 * @self: a #MarrowForm
 *
 * Returns: (transfer none) (nullable): the record as edited so far
 */
MarrowRecord *
marrow_form_get_record (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), NULL);

  return priv->record;
}

/**
 * marrow_form_get_store:
 * @self: a #MarrowForm
 *
 * Returns: (transfer none) (nullable): the store of marrow_form_set_record()
 */
MarrowStore *
marrow_form_get_store (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), NULL);

  return priv->store;
}

gboolean
marrow_form_get_is_new (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), FALSE);

  return priv->is_new;
}

/**
 * marrow_form_changed:
 * @self: a #MarrowForm
 *
 * Reads the controls into the record, validates it and updates the
 * messages, then emits #MarrowForm::changed.  Bound controls call it
 * themselves; a subclass calls it when a control it handles itself
 * changed.
 */
void
marrow_form_changed (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_if_fail (MARROW_IS_FORM (self));

  if (priv->loading || priv->record == NULL)
    return;
  refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * marrow_form_is_valid:
 * @self: a #MarrowForm
 *
 * Returns: %TRUE if the record breaks no hard limit (it may have warnings)
 */
gboolean
marrow_form_is_valid (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), FALSE);

  return priv->record != NULL && g_hash_table_size (priv->errors) == 0;
}

/**
 * marrow_form_is_modified:
 * @self: a #MarrowForm
 *
 * Returns: %TRUE if a field differs from what the form first showed, a
 *   control holds text that could not be read, or the subclass's
 *   is_modified vfunc says so
 */
gboolean
marrow_form_is_modified (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), FALSE);

  if (priv->record == NULL || priv->snapshot == NULL)
    return FALSE;
  for (guint i = 0; i < priv->bindings->len; i++)
    if (((Binding *)priv->bindings->pdata[i])->parse_error != NULL)
      return TRUE;
  if (!marrow_record_fields_equal (priv->record, priv->snapshot))
    return TRUE;
  return MARROW_FORM_GET_CLASS (self)->is_modified != NULL &&
         MARROW_FORM_GET_CLASS (self)->is_modified (self);
}

/**
 * marrow_form_get_problem:
 * @self: a #MarrowForm
 *
 * Returns: (nullable): why the record cannot be saved, when no message
 *   beside a field says so: the required fields still empty, or a rule
 *   about a field the form does not show
 */
const char *
marrow_form_get_problem (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), NULL);

  return priv->problem;
}

/**
 * marrow_form_get_warnings:
 * @self: a #MarrowForm
 *
 * Returns: (transfer none) (element-type MarrowWarning): the soft limits the
 *   record passes
 */
GPtrArray *
marrow_form_get_warnings (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_val_if_fail (MARROW_IS_FORM (self), NULL);

  return priv->warnings;
}

/**
 * marrow_form_get_message:
 * @self: a #MarrowForm
 * @field: a field name
 *
 * Returns: (nullable): the message shown below @field's control, if any
 */
const char *
marrow_form_get_message (MarrowForm *self,
                         const char *field)
{
  Binding *binding;

  g_return_val_if_fail (MARROW_IS_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  binding = find_binding (self, field);
  if (binding == NULL || !gtk_widget_get_visible (binding->message_row))
    return NULL;
  return gtk_label_get_text (binding->message_label);
}

/**
 * marrow_form_show_all_errors:
 * @self: a #MarrowForm
 *
 * Marks the required fields that are still empty too, as if each had been
 * touched.
 */
void
marrow_form_show_all_errors (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_if_fail (MARROW_IS_FORM (self));

  priv->show_all = TRUE;
  update_display (self);
}

/**
 * marrow_form_show_error:
 * @self: a #MarrowForm
 * @error: an error the store returned on save
 *
 * Puts a #MARROW_VALIDATION_ERROR (the store validates again) below the
 * field it names.
 *
 * Returns: %TRUE if a field of the form shows @error
 */
gboolean
marrow_form_show_error (MarrowForm   *self,
                        const GError *error)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);
  const char *field;
  Binding *binding;

  g_return_val_if_fail (MARROW_IS_FORM (self), FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  field = marrow_validation_error_get_field (error);
  if (field == NULL || (binding = find_binding (self, field)) == NULL)
    return FALSE;
  add_error (self, field, error, FALSE);
  binding->touched = TRUE;
  update_display (self);
  gtk_widget_grab_focus (binding->control);
  return priv->record != NULL;
}

static void
marrow_form_real_add_changes (MarrowForm      *self,
                              MarrowChangeSet *changes,
                              gboolean         is_new)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  if (is_new)
    marrow_change_set_add_insert (changes, priv->record);
  else
    marrow_change_set_add_update (changes, priv->record);
}

/**
 * marrow_form_add_changes:
 * @self: a #MarrowForm
 * @changes: the change set of the save
 *
 * Adds what saving the form writes: the record's insert or update, and
 * what the form's add_changes vfunc adds.
 */
void
marrow_form_add_changes (MarrowForm      *self,
                         MarrowChangeSet *changes)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_return_if_fail (MARROW_IS_FORM (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (priv->record != NULL);

  MARROW_FORM_GET_CLASS (self)->add_changes (self, changes, priv->is_new);
}

static void
marrow_form_dispose (GObject *object)
{
  MarrowForm *self = MARROW_FORM (object);
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_ptr_array_set_size (priv->bindings, 0);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (marrow_form_parent_class)->dispose (object);
}

static void
marrow_form_finalize (GObject *object)
{
  MarrowForm *self = MARROW_FORM (object);
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  g_ptr_array_unref (priv->bindings);
  g_hash_table_unref (priv->errors);
  g_ptr_array_unref (priv->warnings);
  g_clear_object (&priv->record);
  g_clear_object (&priv->snapshot);
  g_free (priv->problem);

  G_OBJECT_CLASS (marrow_form_parent_class)->finalize (object);
}

static void
marrow_form_constructed (GObject *object)
{
  G_OBJECT_CLASS (marrow_form_parent_class)->constructed (object);

  /* After the subclass's template */
  marrow_form_name_buttons_once (GTK_WIDGET (object));
}

static void
marrow_form_class_init (MarrowFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = marrow_form_constructed;
  object_class->dispose = marrow_form_dispose;
  object_class->finalize = marrow_form_finalize;
  klass->add_changes = marrow_form_real_add_changes;

  /**
   * MarrowForm::changed:
   *
   * The record, its validity, its warnings or its problem changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
marrow_form_init (MarrowForm *self)
{
  MarrowFormPrivate *priv = marrow_form_get_instance_private (self);

  priv->bindings = g_ptr_array_new_with_free_func ((GDestroyNotify)binding_free);
  priv->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)field_error_free);
  priv->warnings = marrow_warning_list_new ();
}

/**
 * marrow_form_set_accessible_label:
 * @control: a control; often a row that shows a title of its own
 * @label: (nullable): what a screen reader calls @control, or %NULL to
 *   keep the label given in the .ui file
 *
 * Names @control once.  GTK 4.8 reads an accessible label and then the
 * labels of the "labelled-by" relation, one after the other, and an
 * AdwEntryRow (like the rows whose title is a label) is labelled by its
 * title: a row with a label of its own was read "Family name Family name".
 * This sets @label and drops the relation.  A row whose title says enough
 * needs neither: marrow_form_bind() leaves entry rows to their title.
 */
void
marrow_form_set_accessible_label (GtkWidget  *control,
                                  const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (control));

  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (control),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/**
 * marrow_form_name_buttons_once:
 * @root: a widget, often a page or a form
 *
 * GTK 4.8 names a button whose label has a mnemonic ("Add _Lot", also in
 * an AdwButtonContent) by its label's text and then again by that label,
 * as labelled-by ("Add Lot Add _Lot").  Every such button below @root is
 * named once, by the accessible label its .ui file must give it (without
 * the underscore).  Call it after the template is built.
 */
void
marrow_form_name_buttons_once (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    {
      GtkWidget *content = gtk_button_get_child (GTK_BUTTON (root));

      if (gtk_button_get_use_underline (GTK_BUTTON (root)) ||
          (ADW_IS_BUTTON_CONTENT (content) &&
           adw_button_content_get_use_underline (ADW_BUTTON_CONTENT (content))))
        marrow_form_set_accessible_label (root, NULL);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    marrow_form_name_buttons_once (child);
}
