/* test-window-print.c: Print and Export as PDF from the window (suite 'display')
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window builds the report in a thread and writes it through the same
 * render code as marrow-cli report: Export as PDF with its own PDF writer,
 * Print through GtkPrintOperation (here its PDF export, so no dialog and no
 * printer are needed).  Both files must be real multi-page PDFs of the
 * case, both must be in the audit log, and the window must stay
 * responsive (its main loop keeps running) while the report is made.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "marrow-application.h"
#include "marrow-entities.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"
#include "marrow-window-private.h"

static MarrowApplication *app;

typedef struct
{
  char         *tmpdir;
  char         *db_path;
  MarrowStore  *store;
  GPtrArray    *chain;
  MarrowWindow *window;
  gboolean      done;
  gboolean      success;
  guint         ticks;      /* main loop iterations while the report was made */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();

  fixture->tmpdir = g_dir_make_tmp ("marrow-test-window-print-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->tmpdir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->db_path, TRUE, &error);
  g_assert_no_error (error);
  fixture->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < fixture->chain->len; i++)
    marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);

  fixture->window = marrow_window_new (GTK_APPLICATION (app));
  marrow_window_set_store (fixture->window, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->tmpdir);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->tmpdir, g_free);
}

static void
report_done_cb (MarrowWindow *window,
                gboolean      success,
                Fixture      *fixture)
{
  fixture->done = TRUE;
  fixture->success = success;
}

/* Runs the window's main loop until the report is done */
static void
wait_for_report (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!fixture->done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      fixture->ticks++;
    }
  g_assert_true (fixture->done);
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint pages = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* One "/Type /Page" per page (and "/Type /Pages" for the tree) */
  for (gsize i = 0; i + 11 < length; i++)
    if (memcmp (contents + i, "/Type /Page", 11) == 0 && contents[i + 11] != 's')
      pages++;
  return pages;
}

typedef struct
{
  guint prints;
  guint exports;
} Events;

static gboolean
count_cb (const MarrowAuditRow  *row,
          gpointer               user_data,
          GError               **error)
{
  Events *events = user_data;

  if (g_strcmp0 (row->table_name, "joint_case") != 0 || row->after_json == NULL ||
      strstr (row->after_json, "\"report\":\"case\"") == NULL)
    return TRUE;
  if (g_strcmp0 (row->action, "print") == 0)
    events->prints++;
  else if (g_strcmp0 (row->action, "export") == 0)
    events->exports++;
  return TRUE;
}

static void
test_export_and_print (Fixture       *fixture,
                       gconstpointer  data)
{
  MarrowRecord *joint_case = marrow_test_sample_find (fixture->chain, "joint_case");
  g_autofree char *exported = g_build_filename (fixture->tmpdir, "exported.pdf", NULL);
  g_autofree char *printed = g_build_filename (fixture->tmpdir, "printed.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (exported);
  g_autoptr(GError) error = NULL;
  Events events = { 0 };
  guint exported_pages;

  g_signal_connect (fixture->window, "report-done", G_CALLBACK (report_done_cb), fixture);

  _marrow_window_make_report (fixture->window, "case", joint_case, file, NULL);
  wait_for_report (fixture);
  g_assert_true (fixture->success);
  /* The window's loop ran while the thread worked */
  g_assert_cmpuint (fixture->ticks, >, 1);
  exported_pages = pdf_pages (exported);
  g_assert_cmpuint (exported_pages, >=, 2);

  fixture->done = FALSE;
  fixture->ticks = 0;
  _marrow_window_make_report (fixture->window, "case", joint_case, NULL, printed);
  wait_for_report (fixture);
  g_assert_true (fixture->success);
  /* The print path draws the same pages */
  g_assert_cmpuint (pdf_pages (printed), ==, exported_pages);

  g_assert_true (marrow_store_foreach_audit (fixture->store, count_cb, &events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events.exports, ==, 1);
  g_assert_cmpuint (events.prints, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (&argc, &argv, NULL);
  app = marrow_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/window-print/export-and-print", Fixture, NULL, fixture_setup, test_export_and_print,
              fixture_teardown);

  return g_test_run ();
}
