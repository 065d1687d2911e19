/* marrow-timeline-voids.c: "entered in error" from a timeline, with Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Voiding a record asks for the reason (an AdwMessageDialog with an
 * entry), then shows a toast with Undo.  The store never un-voids: an
 * update of a voided record is refused, and a second void too
 * (docs/store.md §2.1).  So Undo cannot be a later change; instead the
 * void waits: the record is hidden at once (pages ask
 * marrow_timeline_voids_is_pending()), and marrow_store_void() runs when
 * the toast goes away without Undo, or when the window closes
 * (marrow_timeline_voids_flush()).  Nothing is written before that, so the
 * audit log holds only voids that were meant.
 *
 * A record changed elsewhere since it was shown (a stale row_version, met
 * when asking or when the void runs) gives the "Changed Elsewhere" dialog
 * with Reload, as forms do; nothing is voided then.
 *
 * A whole joint case goes with the records entered in it
 * (marrow_timeline_voids_ask_all()): one reason, one toast, one Undo, and
 * one change set, so either all of them are entered in error or none.
 */
#define G_LOG_DOMAIN "marrow-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-timeline-voids.h"
#include "marrow-validate.h"

typedef struct
{
  MarrowTimelineVoids *self;       /* unowned */
  MarrowStore         *store;
  MarrowRecord        *record;
  GPtrArray           *also;       /* MarrowRecord: voided with @record */
  char                *reason;
  AdwToast            *toast;
  GtkWindow           *parent;     /* weak */
} Pending;

struct _MarrowTimelineVoids
{
  GObject     parent_instance;

  GHashTable *pending;   /* record id → Pending */
};

G_DEFINE_FINAL_TYPE (MarrowTimelineVoids, marrow_timeline_voids, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pending_free (Pending *pending)
{
  if (pending->toast != NULL)
    g_signal_handlers_disconnect_by_data (pending->toast, pending);
  g_clear_object (&pending->toast);
  g_clear_object (&pending->store);
  g_clear_object (&pending->record);
  g_clear_pointer (&pending->also, g_ptr_array_unref);
  g_clear_weak_pointer (&pending->parent);
  g_free (pending->reason);
  g_free (pending);
}

static void
show_stale (GtkWindow *parent)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Changed Elsewhere"),
                                   _("This record was changed by someone else after it was "
                                     "shown, so it was not entered in error. Reload to see the "
                                     "stored record, then decide again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "reload", _("_Reload"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_failure (GtkWindow    *parent,
              const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Could Not Enter in Error"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The void itself, once the Undo is gone */
static void
apply_pending (MarrowTimelineVoids *self,
               const char          *record_id)
{
  Pending *pending = g_hash_table_lookup (self->pending, record_id);
  g_autoptr(MarrowChangeSet) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) parent = NULL;

  if (pending == NULL)
    return;

  g_hash_table_steal (self->pending, record_id);
  if (pending->parent != NULL)
    parent = g_object_ref (pending->parent);
  changes = marrow_change_set_new ();
  marrow_change_set_add_void (changes, pending->record, pending->reason);
  for (guint i = 0; i < pending->also->len; i++)
    marrow_change_set_add_void (changes, pending->also->pdata[i], pending->reason);
  if (!marrow_store_apply (pending->store, changes, &error))
    {
      g_warning ("Could not void %s %s: %s", marrow_record_get_entity (pending->record)->name,
                 marrow_record_get_id (pending->record), error->message);
      if (g_error_matches (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE))
        show_stale (parent);
      else
        show_failure (parent, error);
    }
  pending_free (pending);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
toast_undo_cb (AdwToast *toast,
               Pending  *pending)
{
  MarrowTimelineVoids *self = pending->self;
  g_autofree char *id = g_strdup (marrow_record_get_id (pending->record));

  /* Frees pending: the void never happens */
  g_hash_table_remove (self->pending, id);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
toast_dismissed_cb (AdwToast *toast,
                    Pending  *pending)
{
  g_autofree char *id = g_strdup (marrow_record_get_id (pending->record));

  apply_pending (pending->self, id);
}

static void
start_pending (MarrowTimelineVoids *self,
               GtkWindow           *parent,
               AdwToastOverlay     *overlay,
               MarrowStore         *store,
               MarrowRecord        *record,
               GPtrArray           *also,
               const char          *description,
               const char          *reason)
{
  Pending *pending = g_new0 (Pending, 1);
  g_autofree char *title = NULL;

  pending->self = self;
  pending->store = g_object_ref (store);
  pending->record = g_object_ref (record);
  pending->also = g_ptr_array_ref (also);
  pending->reason = g_strstrip (g_strdup (reason));
  g_set_weak_pointer (&pending->parent, parent);

  /* Translators: a toast after a record was entered in error; %s describes it */
  title = g_strdup_printf (_("“%s” entered in error"), description);
  pending->toast = g_object_ref_sink (adw_toast_new (title));
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (toast_undo_cb), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), pending);

  g_hash_table_replace (self->pending, g_strdup (marrow_record_get_id (record)), pending);
  g_signal_emit (self, signals[CHANGED], 0);
  adw_toast_overlay_add_toast (overlay, g_object_ref (pending->toast));
}

typedef struct
{
  MarrowTimelineVoids *self;
  GtkWindow           *parent;
  AdwToastOverlay     *overlay;
  MarrowStore         *store;
  MarrowRecord        *record;
  GPtrArray           *also;
  char                *description;
  GtkEditable         *reason;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_object (&ask->self);
  g_clear_object (&ask->parent);
  g_clear_object (&ask->overlay);
  g_clear_object (&ask->store);
  g_clear_object (&ask->record);
  g_clear_pointer (&ask->also, g_ptr_array_unref);
  g_free (ask->description);
  g_free (ask);
}

static void
reason_changed_cb (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "void",
                                           !marrow_text_is_blank (gtk_editable_get_text (reason)));
}

static void
reason_activate_cb (GtkEntry         *entry,
                    AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "void"))
    {
      adw_message_dialog_response (dialog, "void");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

/* Whether @record is stored as it was shown: an error (shown) if it could
 * not be read, FALSE with *@stale when it changed since */
static gboolean
is_as_shown (Ask          *ask,
             MarrowRecord *record,
             gboolean     *stale)
{
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  *stale = FALSE;
  stored = marrow_store_lookup (ask->store, marrow_record_get_entity (record),
                                marrow_record_get_id (record), &error);
  if (stored == NULL)
    {
      show_failure (ask->parent, error);
      return FALSE;
    }
  *stale = marrow_record_get_row_version (stored) != marrow_record_get_row_version (record) ||
           marrow_record_is_voided (stored);
  return !*stale;
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Ask              *ask)
{
  const char *reason = gtk_editable_get_text (ask->reason);
  gboolean stale = FALSE;

  if (g_strcmp0 (response, "void") != 0 || marrow_text_is_blank (reason))
    return;

  /* Stale already?  Then say so now rather than after the toast */
  if (!is_as_shown (ask, ask->record, &stale))
    goto refused;
  for (guint i = 0; i < ask->also->len; i++)
    if (!is_as_shown (ask, ask->also->pdata[i], &stale))
      goto refused;
  start_pending (ask->self, ask->parent, ask->overlay, ask->store, ask->record, ask->also,
                 ask->description, reason);
  return;

refused:
  if (stale)
    {
      show_stale (ask->parent);
      g_signal_emit (ask->self, signals[CHANGED], 0);
    }
}

/**
 * marrow_timeline_voids_ask:
 * @self: the window's voids
 * @parent: (nullable): the window the dialogs belong to
 * @overlay: where the toast with Undo appears
 * @store: the store of @record
 * @record: a stored clinical record, as shown
 * @description: what the user knows it as, e.g. "Injection #2"
 *
 * Asks for the reason; then hides @record and voids it when the toast's
 * Undo is gone.
 */
void
marrow_timeline_voids_ask (MarrowTimelineVoids *self,
                           GtkWindow           *parent,
                           AdwToastOverlay     *overlay,
                           MarrowStore         *store,
                           MarrowRecord        *record,
                           const char          *description)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  marrow_timeline_voids_ask_all (self, parent, overlay, store, record, none, description);
}

/**
 * marrow_timeline_voids_ask_all:
 * @self: the window's voids
 * @parent: (nullable): the window the dialogs belong to
 * @overlay: where the toast with Undo appears
 * @store: the store of @record
 * @record: a stored clinical record, as shown: the one the user chose
 * @also: (element-type MarrowRecord): stored records that go with it (a
 *   joint case's injections, assessments …), as read
 * @description: what the user knows @record as, e.g. "Left Knee"
 *
 * Like marrow_timeline_voids_ask(), for @record and @also together: one
 * reason, one Undo, and one change set when the toast is gone.
 */
void
marrow_timeline_voids_ask_all (MarrowTimelineVoids *self,
                               GtkWindow           *parent,
                               AdwToastOverlay     *overlay,
                               MarrowStore         *store,
                               MarrowRecord        *record,
                               GPtrArray           *also,
                               const char          *description)
{
  Ask *ask;
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *body = NULL;

  g_return_if_fail (MARROW_IS_TIMELINE_VOIDS (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (MARROW_IS_STORE (store));
  g_return_if_fail (MARROW_IS_RECORD (record));
  g_return_if_fail (also != NULL);
  g_return_if_fail (description != NULL);

  if (also->len == 0)
    /* Translators: %s describes the record, e.g. "Injection #2 — 4.0 mL" */
    body = g_strdup_printf (_("“%s” stays in the records and in the audit log, marked as entered "
                              "in error, and is no longer counted. Why is it wrong?"),
                            description);
  else
    /* Translators: %1$s is a joint case, e.g. "Left Knee"; %2$u how many
     * records (injections, assessments …) were entered in it */
    body = g_strdup_printf (ngettext ("“%1$s” and the record entered in it stay in the records "
                                      "and in the audit log, marked as entered in error, and are "
                                      "no longer counted. Why are they wrong?",
                                      "“%1$s” and the %2$u records entered in it stay in the "
                                      "records and in the audit log, marked as entered in error, "
                                      "and are no longer counted. Why are they wrong?",
                                      also->len),
                            description, also->len);
  dialog = adw_message_dialog_new (parent, _("Enter in Error?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "void", _("_Enter in Error"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "void", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. entered for the wrong patient"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  ask = g_new0 (Ask, 1);
  ask->self = g_object_ref (self);
  ask->parent = parent != NULL ? g_object_ref (parent) : NULL;
  ask->overlay = g_object_ref (overlay);
  ask->store = g_object_ref (store);
  ask->record = g_object_ref (record);
  ask->also = g_ptr_array_ref (also);
  ask->description = g_strdup (description);
  ask->reason = GTK_EDITABLE (entry);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (reason_activate_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (ask_response_cb), ask,
                         (GClosureNotify)(void (*) (void))ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/**
 * marrow_timeline_voids_is_pending:
 *
 * Returns: whether @record_id waits for its toast to go (pages hide it)
 */
gboolean
marrow_timeline_voids_is_pending (MarrowTimelineVoids *self,
                                  const char          *record_id)
{
  g_return_val_if_fail (MARROW_IS_TIMELINE_VOIDS (self), FALSE);
  g_return_val_if_fail (record_id != NULL, FALSE);

  return g_hash_table_contains (self->pending, record_id);
}

/**
 * marrow_timeline_voids_get_toast:
 *
 * Returns: (transfer none) (nullable): the toast with Undo of a pending void
 */
AdwToast *
marrow_timeline_voids_get_toast (MarrowTimelineVoids *self,
                                 const char          *record_id)
{
  Pending *pending;

  g_return_val_if_fail (MARROW_IS_TIMELINE_VOIDS (self), NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  pending = g_hash_table_lookup (self->pending, record_id);
  return pending != NULL ? pending->toast : NULL;
}

/**
 * marrow_timeline_voids_flush:
 *
 * Voids every pending record now (the window closes).
 */
void
marrow_timeline_voids_flush (MarrowTimelineVoids *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (MARROW_IS_TIMELINE_VOIDS (self));

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  for (guint i = 0; i < ids->len; i++)
    apply_pending (self, ids->pdata[i]);
}

static void
marrow_timeline_voids_dispose (GObject *object)
{
  MarrowTimelineVoids *self = MARROW_TIMELINE_VOIDS (object);

  if (self->pending != NULL)
    marrow_timeline_voids_flush (self);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (marrow_timeline_voids_parent_class)->dispose (object);
}

static void
marrow_timeline_voids_class_init (MarrowTimelineVoidsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = marrow_timeline_voids_dispose;

  /**
   * MarrowTimelineVoids::changed:
   *
   * A void was asked for, undone or written: what pages show changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
marrow_timeline_voids_init (MarrowTimelineVoids *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)pending_free);
}

/**
 * marrow_timeline_voids_new:
 *
 * Returns: (transfer full): the pending voids of one window
 */
MarrowTimelineVoids *
marrow_timeline_voids_new (void)
{
  return g_object_new (MARROW_TYPE_TIMELINE_VOIDS, NULL);
}
