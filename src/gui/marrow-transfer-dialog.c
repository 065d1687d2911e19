/* marrow-transfer-dialog.c: an archive export or import, with progress and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The work runs in a GTask thread on a store connection of its own (SQLite
 * connections and MarrowStore objects are not shared between threads), so
 * the window stays responsive.  The thread only writes a progress number;
 * a timeout on the main thread shows it.  Cancel cancels the GCancellable:
 * an import then rolls back and an export leaves no partial file, so the
 * database and the disk are as they were.
 */
#define G_LOG_DOMAIN "marrow-transfer"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "marrow-archive.h"
#include "marrow-demo.h"
#include "marrow-form.h"
#include "marrow-transfer-dialog.h"

struct _MarrowTransferDialog
{
  AdwWindow           parent_instance;

  GtkLabel           *heading_label;
  GtkProgressBar     *progress_bar;
  GtkLabel           *detail_label;
  GtkButton          *action_button;

  MarrowTransferKind  kind;
  char               *database;
  GFile              *file;
  GCancellable       *cancellable;
  gint                permille;       /* written by the worker, atomically */
  guint               timeout_id;
  gboolean            running;
};

G_DEFINE_FINAL_TYPE (MarrowTransferDialog, marrow_transfer_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Worker thread */

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  MarrowTransferDialog *self = user_data;

  if (total > 0)
    g_atomic_int_set (&self->permille, (gint)MIN (1000, done * 1000 / total));
}

static char *
run_export (MarrowTransferDialog  *self,
            MarrowStore           *store,
            GCancellable          *cancellable,
            GError               **error)
{
  g_autoptr(GOutputStream) out = marrow_exchange_create_output (self->file, cancellable, error);
  g_autofree char *destination = g_file_get_parse_name (self->file);

  if (out == NULL)
    return NULL;
  if (!marrow_archive_export (store, NULL, out, on_progress, self, cancellable, error) ||
      !marrow_exchange_log_export (store, "archive", NULL, destination, FALSE, error))
    {
      marrow_exchange_abandon_output (out);
      return NULL;
    }
  if (!marrow_exchange_finish_output (out, cancellable, error))
    return NULL;
  return g_strdup (_("The whole database was exported."));
}

static char *
run_import (MarrowTransferDialog  *self,
            MarrowStore           *store,
            GCancellable          *cancellable,
            GError               **error)
{
  MarrowArchiveImportSummary summary;
  char *result = NULL;

  if (marrow_archive_import (store, self->file, NULL, &summary, on_progress, self, cancellable,
                             error) &&
      (self->kind != MARROW_TRANSFER_OPEN_DEMO || marrow_demo_set_practice_details (store, error)))
    result = g_strdup_printf (_("%" PRIu64 " records added, %" PRIu64
                                " already there."),
                              summary.added, summary.skipped);
  marrow_archive_import_summary_clear (&summary);
  return result;
}

static void
transfer_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  MarrowTransferDialog *self = source_object;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *result;

  store = marrow_store_open (self->database, self->kind == MARROW_TRANSFER_OPEN_DEMO, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->kind == MARROW_TRANSFER_EXPORT_ARCHIVE)
    result = run_export (self, store, cancellable, &error);
  else
    result = run_import (self, store, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, g_free);
}

/* Main thread */

static gboolean
update_progress_cb (gpointer user_data)
{
  MarrowTransferDialog *self = user_data;
  int permille = g_atomic_int_get (&self->permille);
  g_autofree char *text = g_strdup_printf (_("%d %%"), permille / 10);

  gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
finish (MarrowTransferDialog *self,
        gboolean              success,
        const char           *heading,
        const char           *detail)
{
  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (success)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_progress_bar_set_text (self->progress_bar, NULL);
    }
  gtk_label_set_text (self->heading_label, heading);
  gtk_label_set_text (self->detail_label, detail);
  gtk_button_set_label (self->action_button, _("_Close"));
  marrow_form_set_accessible_label (GTK_WIDGET (self->action_button), _("Close"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), "window.close");
  gtk_widget_grab_focus (GTK_WIDGET (self->action_button));
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  g_signal_emit (self, signals[FINISHED], 0, success);
}

static void
transfer_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MarrowTransferDialog *self = MARROW_TRANSFER_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_task_propagate_pointer (G_TASK (result), &error);

  if (summary != NULL)
    finish (self, TRUE, _("Done"), summary);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish (self, FALSE, _("Cancelled"),
            self->kind == MARROW_TRANSFER_EXPORT_ARCHIVE
              ? _("No file was written.")
              : _("Nothing was imported; the database is unchanged."));
  else
    finish (self, FALSE,
            self->kind == MARROW_TRANSFER_EXPORT_ARCHIVE ? _("The export failed")
                                                         : _("The import failed"),
            error->message);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MarrowTransferDialog *self = MARROW_TRANSFER_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->detail_label, _("Cancelling…"));
}

static gboolean
marrow_transfer_dialog_close_request (GtkWindow *window)
{
  MarrowTransferDialog *self = MARROW_TRANSFER_DIALOG (window);

  /* Closing while running means "cancel", and the window stays until the
   * work has stopped */
  if (self->running)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (marrow_transfer_dialog_parent_class)->close_request (window);
}

static void
marrow_transfer_dialog_dispose (GObject *object)
{
  MarrowTransferDialog *self = MARROW_TRANSFER_DIALOG (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_TRANSFER_DIALOG);

  G_OBJECT_CLASS (marrow_transfer_dialog_parent_class)->dispose (object);
}

static void
marrow_transfer_dialog_finalize (GObject *object)
{
  MarrowTransferDialog *self = MARROW_TRANSFER_DIALOG (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_free (self->database);

  G_OBJECT_CLASS (marrow_transfer_dialog_parent_class)->finalize (object);
}

static void
marrow_transfer_dialog_class_init (MarrowTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = marrow_transfer_dialog_dispose;
  object_class->finalize = marrow_transfer_dialog_finalize;
  window_class->close_request = marrow_transfer_dialog_close_request;

  /**
   * MarrowTransferDialog::finished:
   * @success: the work completed
   *
   * The export or import has ended; on success an import changed the
   * database.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowTransferDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowTransferDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MarrowTransferDialog, detail_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowTransferDialog, action_button);
  gtk_widget_class_install_action (widget_class, "transfer.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "transfer.cancel", NULL);
}

static void
marrow_transfer_dialog_init (MarrowTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  marrow_form_name_buttons_once (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * marrow_transfer_dialog_new:
 * @parent: the window it is modal to
 * @kind: export, import, or opening the demo practice
 * @database: the database file
 * @file: the archive to write or read
 *
 * Returns: (transfer full): the dialog; call marrow_transfer_dialog_start()
 */
MarrowTransferDialog *
marrow_transfer_dialog_new (GtkWindow          *parent,
                            MarrowTransferKind  kind,
                            const char         *database,
                            GFile              *file)
{
  MarrowTransferDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (database != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (MARROW_TYPE_TRANSFER_DIALOG, "transient-for", parent, NULL);
  self->kind = kind;
  self->database = g_strdup (database);
  self->file = g_object_ref (file);

  name = g_file_get_basename (file);
  switch (kind)
    {
    case MARROW_TRANSFER_EXPORT_ARCHIVE:
      heading = g_strdup_printf (_("Exporting to “%s”"), name);
      break;
    case MARROW_TRANSFER_IMPORT_ARCHIVE:
      heading = g_strdup_printf (_("Importing “%s”"), name);
      break;
    case MARROW_TRANSFER_OPEN_DEMO:
    default:
      heading = g_strdup (_("Preparing the demo practice"));
      break;
    }
  gtk_window_set_title (GTK_WINDOW (self), heading);
  gtk_label_set_text (self->heading_label, heading);
  return self;
}

/**
 * marrow_transfer_dialog_start:
 * @self: a #MarrowTransferDialog
 *
 * Shows the dialog and starts the work in a thread.
 */
void
marrow_transfer_dialog_start (MarrowTransferDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MARROW_IS_TRANSFER_DIALOG (self));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  gtk_label_set_text (self->detail_label,
                      self->kind == MARROW_TRANSFER_EXPORT_ARCHIVE
                        ? _("The database stays as it is; the file is written when the export is complete.")
                        : _("Nothing is changed unless the whole file can be imported."));
  self->timeout_id = g_timeout_add (100, update_progress_cb, self);
  gtk_window_present (GTK_WINDOW (self));

  task = g_task_new (self, self->cancellable, transfer_done_cb, NULL);
  g_task_set_source_tag (task, marrow_transfer_dialog_start);
  /* Report what the thread did: a Cancel pressed just after the file was
   * completed must not be told as "no file was written" */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, transfer_thread);
}
