/* marrow-window-exchange.c: the window's Import, Export and demo actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * File choosers are GtkFileChooserNative (GTK 4.8 has no GtkFileDialog;
 * style.md), so a sandboxed or portal-using desktop shows its own dialog.
 * The work itself is a MarrowTransferDialog.
 */
#define G_LOG_DOMAIN "marrow-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "marrow-demo.h"
#include "marrow-transfer-dialog.h"
#include "marrow-window-private.h"


/* After an import the window's own connection does not know the new rows:
 * open the database again */
static void
import_finished_cb (MarrowTransferDialog *dialog,
                    gboolean              success,
                    MarrowWindow         *self)
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  if (!success || marrow_window_get_store (self) == NULL)
    return;

  location = g_strdup (marrow_store_get_location (marrow_window_get_store (self)));
  store = marrow_store_open (location, FALSE, &error);
  marrow_window_set_store (self, NULL);
  if (store == NULL)
    marrow_window_show_open_error (self, location, error);
  else
    marrow_window_set_store (self, store);
}

static void
start_transfer (MarrowWindow       *self,
                MarrowTransferKind  kind,
                GFile              *file)
{
  MarrowStore *store = marrow_window_get_store (self);
  MarrowTransferDialog *dialog;

  g_return_if_fail (store != NULL);

  dialog = marrow_transfer_dialog_new (GTK_WINDOW (self), kind, marrow_store_get_location (store),
                                       file);
  if (kind == MARROW_TRANSFER_IMPORT_ARCHIVE)
    g_signal_connect_object (dialog, "finished", G_CALLBACK (import_finished_cb), self, 0);
  marrow_transfer_dialog_start (dialog);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     MarrowWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  MarrowTransferKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    start_transfer (self, kind, file);
}

static void
choose_file (MarrowWindow       *self,
             MarrowTransferKind  kind)
{
  gboolean saving = kind == MARROW_TRANSFER_EXPORT_ARCHIVE;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (saving ? _("Export Archive") : _("Import Archive"),
                                         GTK_WINDOW (self),
                                         saving ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         saving ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Marrow archives"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  if (saving)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      /* TRANSLATORS: the suggested file name of an export; %s is today's date */
      g_autofree char *name = g_strdup_printf (_("marrow-archive-%s.xml"), date);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }

  g_object_set_data (G_OBJECT (chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_file (MARROW_WINDOW (widget), MARROW_TRANSFER_EXPORT_ARCHIVE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_file (MARROW_WINDOW (widget), MARROW_TRANSFER_IMPORT_ARCHIVE);
}

/* The demo practice lives in a database of its own, never in real data */
static char *
demo_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "marrow", "demo-practice.db", NULL);
}

static void
open_demo_window (MarrowWindow *self,
                  const char   *path)
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  MarrowWindow *window = marrow_window_new (app);

  marrow_window_set_demo (window, TRUE);
  store = marrow_store_open (path, FALSE, &error);
  if (store == NULL)
    marrow_window_show_open_error (window, path, error);
  else
    marrow_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
}

static void
demo_finished_cb (MarrowTransferDialog *dialog,
                  gboolean              success,
                  MarrowWindow         *self)
{
  g_autofree char *path = demo_database_path ();

  if (!success)
    {
      /* A half-made demo database is worth nothing: start over next time */
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      return;
    }
  gtk_window_close (GTK_WINDOW (dialog));
  open_demo_window (self, path);
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);
  g_autofree char *path = demo_database_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) demo = NULL;
  MarrowTransferDialog *dialog;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      open_demo_window (self, path);
      return;
    }

  g_mkdir_with_parents (dir, 0700);
  demo = g_file_new_for_uri (MARROW_DEMO_PRACTICE_URI);
  dialog = marrow_transfer_dialog_new (GTK_WINDOW (self), MARROW_TRANSFER_OPEN_DEMO, path, demo);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (demo_finished_cb), self, 0);
  marrow_transfer_dialog_start (dialog);
}

void
_marrow_window_class_add_exchange_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-archive", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.import-archive", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-archive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-archive", NULL);
}
