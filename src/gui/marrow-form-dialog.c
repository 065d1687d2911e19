/* marrow-form-dialog.c: the modal window that edits one record in its form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog picks the form of the record's type (forms[] below), shows a
 * copy of the record in it and owns what every form shares:
 *
 * - Save (Ctrl+S) is insensitive until the form is valid, every soft-limit
 *   warning has a reason, and something changed (a new record counts as
 *   changed).  Below the form, a line says what is still missing.
 * - Each warning gets a reason row.  The reasons are saved as limit_ack
 *   rows (domain model 4.14) in the same change set as the record, so the
 *   record is never stored without them.
 * - Every save goes through marrow_store_apply(), which writes the audit
 *   rows with the acting staff member as author.
 * - A stale row version (someone else saved first) never overwrites: a
 *   dialog offers to reload the record.
 * - Cancel, Escape and the window's close ask before unsaved changes are
 *   discarded.
 */
#define G_LOG_DOMAIN "marrow-form-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-adverse-event-form.h"
#include "marrow-assessment-form.h"
#include "marrow-case-form.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-form-labels.h"
#include "marrow-form-tree.h"
#include "marrow-harvest-form.h"
#include "marrow-injection-form.h"
#include "marrow-patient-form.h"
#include "marrow-processing-run-form.h"
#include "marrow-time.h"
#include "marrow-validate.h"
#include "marrow-weight-form.h"

typedef struct
{
  const char *entity;
  GType     (*get_type) (void);
  const char *new_title;
  const char *edit_title;
} FormKind;

static const FormKind forms[] = {
  { "patient", marrow_patient_form_get_type, N_("New Patient"), N_("Edit Patient") },
  { "patient_weight", marrow_weight_form_get_type, N_("New Weight"), N_("Edit Weight") },
  { "joint_case", marrow_case_form_get_type, N_("New Joint Case"), N_("Edit Joint Case") },
  { "harvest", marrow_harvest_form_get_type, N_("New Harvest"), N_("Edit Harvest") },
  { "adverse_event", marrow_adverse_event_form_get_type, N_("New Adverse Event"),
    N_("Edit Adverse Event") },
  { "assessment", marrow_assessment_form_get_type, N_("New Assessment"),
    N_("Edit Assessment") },
  { "processing_run", marrow_processing_run_form_get_type, N_("New Processing Run"),
    N_("Edit Processing Run") },
  { "injection", marrow_injection_form_get_type, N_("New Injection"), N_("Edit Injection") },
};

/* A warning of a form of the tree: the record it is about, and its code */
typedef struct
{
  MarrowRecord  *record;
  MarrowWarning *warning;
} Warned;

typedef struct
{
  char      *key;       /* record id and warning code */
  GtkWidget *message_row;
  GtkWidget *reason_row;
} AckRow;

struct _MarrowFormDialog
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkButton       *cancel_button;
  GtkButton       *save_button;
  GtkLabel        *error_label;
  AdwBin          *form_bin;
  AdwPreferencesGroup *ack_group;
  GtkLabel        *problem_label;

  MarrowStore     *store;
  MarrowForm      *form;
  GPtrArray       *ack_rows;     /* AckRow */
  GHashTable      *reasons;      /* record id and warning code -> reason typed */
  gboolean         is_new;
  gboolean         closing;
};

G_DEFINE_FINAL_TYPE (MarrowFormDialog, marrow_form_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ack_row_free (AckRow *row)
{
  g_free (row->key);
  g_free (row);
}

/* Every warning of the form and its children, in tree order */
static GArray *
collect_warnings (MarrowFormDialog *self)
{
  g_autoptr(GPtrArray) tree = marrow_form_tree_list (self->form);
  GArray *warned = g_array_new (FALSE, FALSE, sizeof (Warned));

  for (guint i = 0; i < tree->len; i++)
    {
      GPtrArray *warnings = marrow_form_get_warnings (tree->pdata[i]);

      /* A child that this save leaves as it is was acknowledged before */
      if (i > 0 && !marrow_form_get_is_new (tree->pdata[i]) &&
          !marrow_form_is_modified (tree->pdata[i]))
        continue;

      for (guint j = 0; j < warnings->len; j++)
        {
          Warned item = { marrow_form_get_record (tree->pdata[i]), warnings->pdata[j] };

          g_array_append_val (warned, item);
        }
    }
  return warned;
}

static char *
warning_key (const Warned *item)
{
  return g_strconcat (marrow_record_get_id (item->record), " ", item->warning->code, NULL);
}

static const FormKind *
find_form (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (strcmp (forms[i].entity, entity) == 0)
      return &forms[i];
  return NULL;
}

static void
show_error (MarrowFormDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Acknowledgements */

static gboolean
reasons_complete (MarrowFormDialog *self)
{
  for (guint i = 0; i < self->ack_rows->len; i++)
    {
      AckRow *row = self->ack_rows->pdata[i];
      const char *reason = g_hash_table_lookup (self->reasons, row->key);

      if (marrow_text_is_blank (reason))
        return FALSE;
    }
  return TRUE;
}

static void
update_save (MarrowFormDialog *self)
{
  gboolean ready = self->form != NULL && marrow_form_tree_is_valid (self->form) &&
                   reasons_complete (self) &&
                   (self->is_new || marrow_form_tree_is_modified (self->form));
  const char *problem = self->form != NULL ? marrow_form_tree_get_problem (self->form) : NULL;

  if (problem == NULL && self->form != NULL && marrow_form_tree_is_valid (self->form) &&
      !reasons_complete (self))
    problem = _("Give a reason for each value outside the usual range.");

  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.save", ready);
}

static void
on_reason_changed (GtkEditable      *editable,
                   MarrowFormDialog *self)
{
  const char *key = g_object_get_data (G_OBJECT (editable), "marrow-warning-key");

  g_hash_table_replace (self->reasons, g_strdup (key), g_strdup (gtk_editable_get_text (editable)));
  update_save (self);
}

static void
add_ack_row (MarrowFormDialog *self,
             const Warned     *item)
{
  const MarrowWarning *warning = item->warning;
  AckRow *row = g_new0 (AckRow, 1);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  const char *reason;
  g_autofree char *reason_label = NULL;

  row->key = warning_key (item);
  reason = g_hash_table_lookup (self->reasons, row->key);

  row->message_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->message_row), warning->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row->message_row), 0);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row->message_row), icon);

  row->reason_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->reason_row),
                                 _("Reason for saving it anyway"));
  /* Translators: accessible name of the reason entry, %s is the warning */
  reason_label = g_strdup_printf (_("Reason for saving anyway: %s"), warning->message);
  marrow_form_set_accessible_label (row->reason_row, reason_label);
  gtk_editable_set_text (GTK_EDITABLE (row->reason_row), reason ? reason : "");
  g_object_set_data_full (G_OBJECT (row->reason_row), "marrow-warning-key",
                          g_strdup (row->key), g_free);
  g_signal_connect (row->reason_row, "changed", G_CALLBACK (on_reason_changed), self);

  adw_preferences_group_add (self->ack_group, row->message_row);
  adw_preferences_group_add (self->ack_group, row->reason_row);
  g_ptr_array_add (self->ack_rows, row);
}

/* Rebuilds the rows only when the set of warnings changed, so that a
 * reason being typed keeps its focus */
static void
update_acknowledgements (MarrowFormDialog *self)
{
  g_autoptr(GArray) warned = collect_warnings (self);
  gboolean same = warned->len == self->ack_rows->len;

  for (guint i = 0; same && i < warned->len; i++)
    {
      g_autofree char *key = warning_key (&g_array_index (warned, Warned, i));

      same = strcmp (key, ((AckRow *)self->ack_rows->pdata[i])->key) == 0;
    }

  if (same)
    {
      /* The message quotes the value, which may have changed */
      for (guint i = 0; i < warned->len; i++)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (((AckRow *)self->ack_rows->pdata[i])->message_row),
                                       g_array_index (warned, Warned, i).warning->message);
      return;
    }

  for (guint i = 0; i < self->ack_rows->len; i++)
    {
      AckRow *row = self->ack_rows->pdata[i];

      adw_preferences_group_remove (self->ack_group, row->message_row);
      adw_preferences_group_remove (self->ack_group, row->reason_row);
    }
  g_ptr_array_set_size (self->ack_rows, 0);

  for (guint i = 0; i < warned->len; i++)
    add_ack_row (self, &g_array_index (warned, Warned, i));
  gtk_widget_set_visible (GTK_WIDGET (self->ack_group), warned->len > 0);
}

static void
on_form_changed (MarrowFormDialog *self)
{
  update_acknowledgements (self);
  update_save (self);
}

/* Saving */

/* The store registers the acting user as a staff member with the user's
 * first write only (docs/store.md §2.4).  An acknowledgement must name
 * its author before the save, so a user without a staff row is registered
 * first by a "login" event, as marrow_store_release_lot() does. */
static const char *
acknowledging_staff_id (MarrowStore  *store,
                        GError      **error)
{
  if (marrow_store_get_staff_id (store) == NULL &&
      !marrow_store_log_event (store, "login", NULL, NULL, NULL, error))
    return NULL;
  if (marrow_store_get_staff_id (store) == NULL)
    g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                 _("The current user could not be registered as a staff member"));
  return marrow_store_get_staff_id (store);
}

static gboolean
add_acknowledgements (MarrowFormDialog  *self,
                      MarrowChangeSet   *changes,
                      GError           **error)
{
  g_autoptr(GArray) warned = collect_warnings (self);
  g_autofree char *now = NULL;
  const char *staff_id;

  if (warned->len == 0)
    return TRUE;
  if ((staff_id = acknowledging_staff_id (self->store, error)) == NULL)
    return FALSE;

  now = marrow_instant_now ();
  for (guint i = 0; i < warned->len; i++)
    {
      MarrowWarning *warning = g_array_index (warned, Warned, i).warning;
      MarrowRecord *record = g_array_index (warned, Warned, i).record;
      g_autoptr(MarrowRecord) ack = marrow_record_new (&marrow_entity_limit_ack);
      g_autofree char *value = NULL;
      g_autofree char *key = warning_key (&g_array_index (warned, Warned, i));
      g_autofree char *reason = g_strdup (g_hash_table_lookup (self->reasons, key));

      marrow_record_set_text (ack, "table_name", marrow_record_get_entity_name (record));
      marrow_record_set_text (ack, "record_id", marrow_record_get_id (record));
      /* The version this save gives the record */
      marrow_record_set_int (ack, "record_row_version", marrow_record_get_row_version (record) + 1);
      marrow_record_set_text (ack, "limit_code", warning->code);
      if (warning->field != NULL && marrow_record_has_field (record, warning->field))
        {
          value = marrow_record_format_value (record, warning->field);
          marrow_record_set_text (ack, "value", value);
        }
      marrow_record_set_text (ack, "message", warning->message);
      marrow_record_set_text (ack, "reason", g_strstrip (reason));
      marrow_record_set_text (ack, "by", staff_id);
      marrow_record_set_text (ack, "at", now);
      marrow_change_set_add_insert (changes, ack);
    }
  return TRUE;
}

/* A question with "Keep Editing" (the default, also on Escape) and one
 * other answer; @on_response gets the response id */
static void
ask (MarrowFormDialog      *self,
     const char            *heading,
     const char            *body,
     const char            *response,
     const char            *label,
     AdwResponseAppearance  appearance,
     GCallback              on_response)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           appearance == ADW_RESPONSE_SUGGESTED ? response : "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", on_response, self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload (MarrowFormDialog *self)
{
  MarrowRecord *record = marrow_form_get_record (self->form);
  g_autoptr(MarrowRecord) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = marrow_store_lookup (self->store, marrow_record_get_entity (record),
                               marrow_record_get_id (record), &error);
  if (fresh == NULL || !marrow_form_set_record (self->form, self->store, fresh, FALSE, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_hash_table_remove_all (self->reasons);
  show_error (self, NULL);
  on_form_changed (self);
}

static void
on_stale_response (AdwMessageDialog *dialog,
                   const char       *response,
                   MarrowFormDialog *self)
{
  if (g_strcmp0 (response, "reload") == 0)
    reload (self);
}

static void
ask_reload (MarrowFormDialog *self)
{
  MarrowRecord *record = marrow_form_get_record (self->form);
  const char *type = _(marrow_record_get_entity (record)->label);
  g_autofree char *body = NULL;

  /* Translators: %s is a record type such as "Patient" */
  body = g_strdup_printf (_("This record (%s) was saved by someone else after you opened it, "
                            "so your changes were not saved. Reload it to see the other "
                            "changes, then make yours again."),
                          type);
  ask (self, _("Changed Elsewhere"), body, "reload", _("_Reload"), ADW_RESPONSE_SUGGESTED,
       G_CALLBACK (on_stale_response));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MarrowFormDialog *self = MARROW_FORM_DIALOG (widget);
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  MarrowFormClass *klass;

  if (self->form == NULL || !marrow_form_tree_is_valid (self->form) || !reasons_complete (self))
    {
      marrow_form_tree_show_all_errors (self->form);
      return;
    }

  /* A form that saves through a service gets only the acknowledgements */
  klass = MARROW_FORM_GET_CLASS (self->form);
  if (klass->save == NULL)
    marrow_form_add_changes (self->form, changes);
  if (!add_acknowledgements (self, changes, &error) ||
      !(klass->save != NULL ? klass->save (self->form, changes, &error)
                            : marrow_store_apply (self->store, changes, &error)))
    {
      if (g_error_matches (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE))
        ask_reload (self);
      else if (!marrow_form_tree_show_error (self->form, error))
        show_error (self, error->message);
      update_save (self);
      return;
    }

  self->is_new = FALSE;
  g_signal_emit (self, signals[SAVED], 0, marrow_form_get_record (self->form));
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing */

static gboolean
has_unsaved_changes (MarrowFormDialog *self)
{
  GHashTableIter iter;
  gpointer reason;

  if (self->form == NULL)
    return FALSE;
  if (marrow_form_tree_is_modified (self->form))
    return TRUE;
  g_hash_table_iter_init (&iter, self->reasons);
  while (g_hash_table_iter_next (&iter, NULL, &reason))
    if (!marrow_text_is_blank (reason))
      return TRUE;
  return FALSE;
}

static void
close_discarded (gpointer user_data)
{
  g_autoptr(MarrowFormDialog) self = user_data;

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     MarrowFormDialog *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  /* Closed once the message dialog, which is transient for this one, has
   * finished its response */
  self->closing = TRUE;
  g_idle_add_once (close_discarded, g_object_ref (self));
}

static gboolean
marrow_form_dialog_close_request (GtkWindow *window)
{
  MarrowFormDialog *self = MARROW_FORM_DIALOG (window);

  if (self->closing || !has_unsaved_changes (self))
    return GTK_WINDOW_CLASS (marrow_form_dialog_parent_class)->close_request (window);

  ask (self, _("Discard Changes?"), _("The changes in this form have not been saved."),
       "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE, G_CALLBACK (on_discard_response));
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* The window would focus its first control, the header's Cancel; a form
 * is filled from the keyboard, so the focus starts in its first field */
static void
marrow_form_dialog_map (GtkWidget *widget)
{
  MarrowFormDialog *self = MARROW_FORM_DIALOG (widget);
  GtkWidget *focus;

  GTK_WIDGET_CLASS (marrow_form_dialog_parent_class)->map (widget);

  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (self->form != NULL && gtk_widget_is_sensitive (GTK_WIDGET (self->form)) &&
      (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->form))))
    gtk_widget_child_focus (GTK_WIDGET (self->form), GTK_DIR_TAB_FORWARD);
}

static void
marrow_form_dialog_dispose (GObject *object)
{
  MarrowFormDialog *self = MARROW_FORM_DIALOG (object);

  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  self->form = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_FORM_DIALOG);

  G_OBJECT_CLASS (marrow_form_dialog_parent_class)->dispose (object);
}

static void
marrow_form_dialog_finalize (GObject *object)
{
  MarrowFormDialog *self = MARROW_FORM_DIALOG (object);

  g_clear_object (&self->store);
  g_ptr_array_unref (self->ack_rows);
  g_hash_table_unref (self->reasons);

  G_OBJECT_CLASS (marrow_form_dialog_parent_class)->finalize (object);
}

static void
marrow_form_dialog_class_init (MarrowFormDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = marrow_form_dialog_dispose;
  object_class->finalize = marrow_form_dialog_finalize;
  widget_class->map = marrow_form_dialog_map;
  window_class->close_request = marrow_form_dialog_close_request;

  /**
   * MarrowFormDialog::saved:
   * @saved_record: the record as stored, with its new row version
   *
   * The record (and the reasons for its warnings) were saved; the dialog
   * closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, MARROW_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-form-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, form_bin);
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, ack_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowFormDialog, problem_label);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "form.cancel", NULL);
}

static void
marrow_form_dialog_init (MarrowFormDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 names a button with a mnemonic by its raw text ("_Save") and
   * then by its label: the .ui's name, said once */
  marrow_form_set_accessible_label (GTK_WIDGET (self->cancel_button), NULL);
  marrow_form_set_accessible_label (GTK_WIDGET (self->save_button), NULL);
  self->ack_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)ack_row_free);
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.save", FALSE);
}

/* The patient a record belongs to, as the subtitle */
static void
set_subtitle (MarrowFormDialog *self,
              MarrowRecord     *record,
              const char       *patient_id)
{
  g_autoptr(MarrowRecord) patient = NULL;
  g_autofree char *name = NULL;

  if (patient_id == NULL && marrow_record_has_field (record, "patient_id"))
    patient_id = marrow_record_get_text (record, "patient_id");
  if (patient_id == NULL)
    return;
  patient = marrow_store_lookup (self->store, &marrow_entity_patient, patient_id, NULL);
  if (patient == NULL)
    return;
  name = marrow_form_describe_record (patient);
  adw_window_title_set_subtitle (self->window_title, name);
}

/**
 * marrow_form_dialog_has_form:
 * @entity_name: a record type such as "patient"
 *
 * Returns: whether marrow_form_dialog_new() has a form for records of this type
 */
gboolean
marrow_form_dialog_has_form (const char *entity_name)
{
  g_return_val_if_fail (entity_name != NULL, FALSE);

  return find_form (entity_name) != NULL;
}

/**
 * marrow_form_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 * @store: where the record is saved
 * @record: the record to edit (the dialog edits a copy), or for @is_new a
 *   new record of the type, with the fields preset that the caller knows
 *   (the patient_id of a weight or a case)
 * @is_new: whether @record is to be inserted rather than updated
 *
 * Makes the dialog with the form of @record's type; present it with
 * gtk_window_present().  On a successful save it emits
 * #MarrowFormDialog::saved and closes.
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows
 */
MarrowFormDialog *
marrow_form_dialog_new (GtkWindow    *parent,
                        MarrowStore  *store,
                        MarrowRecord *record,
                        gboolean      is_new)
{
  return marrow_form_dialog_new_for_patient (parent, store, record, is_new, NULL);
}

/**
 * marrow_form_dialog_new_for_patient:
 * @parent: (nullable): the window the dialog is modal to
 * @store: where the record is saved
 * @record: the record to edit, as for marrow_form_dialog_new()
 * @is_new: whether @record is to be inserted rather than updated
 * @patient_id: (nullable): the patient the record belongs to, for a record
 *   type that does not name its patient (a new processing run: the form
 *   offers this patient's harvests as its inputs)
 *
 * marrow_form_dialog_new() for a form with a "patient-id" property.
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows
 */
MarrowFormDialog *
marrow_form_dialog_new_for_patient (GtkWindow    *parent,
                                    MarrowStore  *store,
                                    MarrowRecord *record,
                                    gboolean      is_new,
                                    const char   *patient_id)
{
  MarrowFormDialog *self;
  const FormKind *kind;
  g_autoptr(MarrowRecord) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);
  kind = find_form (marrow_record_get_entity_name (record));
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (MARROW_TYPE_FORM_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->is_new = is_new;
  gtk_window_set_title (GTK_WINDOW (self), is_new ? _(kind->new_title) : _(kind->edit_title));
  adw_window_title_set_title (self->window_title,
                              is_new ? _(kind->new_title) : _(kind->edit_title));

  self->form = g_object_new (kind->get_type (), NULL);
  if (patient_id != NULL &&
      g_object_class_find_property (G_OBJECT_GET_CLASS (self->form), "patient-id") != NULL)
    g_object_set (self->form, "patient-id", patient_id, NULL);
  adw_bin_set_child (self->form_bin, GTK_WIDGET (self->form));
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (on_form_changed), self);

  copy = marrow_record_copy (record);
  if (!marrow_form_set_record (self->form, store, copy, is_new, &error))
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->form), FALSE);
    }
  set_subtitle (self, copy, patient_id);
  on_form_changed (self);
  return self;
}

/**
 * marrow_form_dialog_get_form:
 * @self: a #MarrowFormDialog
 *
 * Returns: (transfer none): the form the dialog shows
 */
MarrowForm *
marrow_form_dialog_get_form (MarrowFormDialog *self)
{
  g_return_val_if_fail (MARROW_IS_FORM_DIALOG (self), NULL);

  return self->form;
}
