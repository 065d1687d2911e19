/* test-window.c: in-process tests of the main window (suite 'display')
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under tests/xvfb-run.sh with GDK_BACKEND=x11 GSK_RENDERER=cairo
 * GTK_A11Y=test GSETTINGS_BACKEND=memory (test-harness.md, section 6).  Each
 * test gets a temporary database, filled through the store.
 *
 * With "--seed-database PATH" the program only creates PATH with the sample
 * patients and exits; tests/test_e2e_window.py uses that to start the real
 * program on a filled database.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "marrow-application.h"
#include "marrow-entities.h"
#include "marrow-form-dialog.h"
#include "marrow-patient-form.h"
#include "marrow-patient-page.h"
#include "marrow-patient-row.h"
#include "marrow-stable-list.h"
#include "marrow-store.h"
#include "marrow-test-util.h"
#include "marrow-transfer-dialog.h"
#include "marrow-window.h"

static MarrowApplication *app;

typedef struct
{
  const char *local_id;
  const char *family_name;
  const char *given_names;
  const char *dob;
  const char *sex;
} SamplePatient;

/* Inserted in this order; the window lists them by family name. */
static const SamplePatient sample_patients[] = {
  { "000317", "Okafor", "Chidi", "1968-11-04", "male" },
  { "000042", "Adebayo", "Grace Funmilayo", "1970-03-03", "female" },
  { "001205", "Lindqvist", "Maja", "1982-07-19", "female" },
};

typedef struct
{
  char         *tmpdir;
  char         *db_path;
  MarrowStore  *store;
  MarrowWindow *window;
} Fixture;

static void
insert_samples (MarrowStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (sample_patients); i++)
    {
      const SamplePatient *sample = &sample_patients[i];
      g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
      g_autoptr(GError) error = NULL;

      marrow_record_set_text (patient, "local_id", sample->local_id);
      marrow_record_set_text (patient, "family_name", sample->family_name);
      marrow_record_set_text (patient, "given_names", sample->given_names);
      marrow_record_set_text (patient, "dob", sample->dob);
      marrow_record_set_text (patient, "sex", sample->sex);
      marrow_store_insert (store, patient, &error);
      g_assert_no_error (error);
      /* Apart in time, so that the order by last activity is theirs */
      g_usleep (2000);
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("marrow-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->tmpdir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->db_path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (MARROW_IS_STORE (fixture->store));

  if (GPOINTER_TO_INT (data))
    insert_samples (fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  g_clear_object (&fixture->store);

  /* The database, and its -wal/-shm files if any. */
  dir = g_dir_open (fixture->tmpdir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->tmpdir);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->tmpdir, g_free);
}

static MarrowWindow *
fixture_show_window (Fixture *fixture)
{
  fixture->window = marrow_window_new (GTK_APPLICATION (app));
  marrow_window_set_store (fixture->window, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  return fixture->window;
}

static GtkWidget *
template_child (MarrowWindow *window,
                const char   *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), MARROW_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The patient at @position of @model, a list of the list view's slots */
static MarrowRecord *
patient_in_slot (GListModel *model,
                 guint       position)
{
  g_autoptr(MarrowListSlot) slot = g_list_model_get_item (model, position);

  g_assert_true (MARROW_IS_LIST_SLOT (slot));
  g_assert_true (MARROW_IS_RECORD (marrow_list_slot_get_item (slot)));
  return g_object_ref (marrow_list_slot_get_item (slot));
}

/* The first top-level window of @type */
static gpointer
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }
  return NULL;
}

static void
collect_widgets_with_class (GtkWidget  *widget,
                            const char *css_class,
                            GPtrArray  *found)
{
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets_with_class (child, css_class, found);
}

/* The text of a label, or of an inscription (the patient rows) */
static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return gtk_label_get_label (GTK_LABEL (widget));
}

static gboolean
labels_contain (GPtrArray  *labels,
                const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (widget_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

static void
test_window_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  GtkStack *stack = GTK_STACK (template_child (window, "stack"));
  AdwStatusPage *empty_page = ADW_STATUS_PAGE (template_child (window, "empty_page"));
  GtkListView *list = GTK_LIST_VIEW (template_child (window, "patient_list"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_page)));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "No Patients Yet");
  g_assert_nonnull (adw_status_page_get_description (empty_page));
  g_assert_nonnull (gtk_list_view_get_model (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, 0);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (list)));

  /* A new database offers to add a patient or to explore the demo */
  g_assert_true (gtk_widget_get_mapped (template_child (window, "empty_add_button")));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (window, "empty_add_button"))),
                   ==, "win.new-patient");
  g_assert_true (gtk_widget_get_mapped (template_child (window, "demo_button")));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (window, "demo_button"))),
                   ==, "win.open-demo");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_child (window, "empty_add_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Add Patient");
  /* Named once: not also by their mnemonic labels ("Add Patient Add Patient") */
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (template_child (window, "empty_add_button")),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (template_child (window, "demo_button")),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
}

static void
test_window_patients (Fixture       *fixture,
                      gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  GtkStack *stack = GTK_STACK (template_child (window, "stack"));
  GtkListView *list = GTK_LIST_VIEW (template_child (window, "patient_list"));
  GtkLabel *count_label = GTK_LABEL (template_child (window, "count_label"));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(MarrowRecord) first = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "patients");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (sample_patients));
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "3 patients");

  /* Sorted by family name. */
  first = patient_in_slot (model, 0);
  g_assert_true (MARROW_IS_RECORD (first));
  g_assert_cmpstr (marrow_record_get_text (first, "family_name"), ==, "Adebayo");

  collect_widgets_with_class (GTK_WIDGET (list), "patient-name", names);
  collect_widgets_with_class (GTK_WIDGET (list), "patient-details", details);
  collect_widgets_with_class (GTK_WIDGET (list), "patient-row", rows);
  g_assert_cmpuint (names->len, >=, G_N_ELEMENTS (sample_patients));

  g_assert_true (labels_contain (names, "Adebayo, Grace Funmilayo"));
  g_assert_true (labels_contain (names, "Okafor, Chidi"));
  g_assert_true (labels_contain (names, "Lindqvist, Maja"));
  /* LC_ALL=C.UTF-8 in the test environment */
  g_assert_true (labels_contain (details, "MRN 000042 · Born 3 Mar 1970"));
  g_assert_true (labels_contain (details, "MRN 001205 · Born 19 Jul 1982"));

  /* Every row has an accessible label that says all of it. */
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      GtkWidget *name_label = gtk_widget_get_first_child (row);

      if (g_strcmp0 (widget_text (name_label), "Adebayo, Grace Funmilayo") == 0)
        gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "Adebayo, Grace Funmilayo, medical record number "
                                             "000042, Born 3 Mar 1970");
    }
}

static void
test_window_updates (Fixture       *fixture,
                     gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  GtkStack *stack = GTK_STACK (template_child (window, "stack"));
  GtkLabel *count_label = GTK_LABEL (template_child (window, "count_label"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  /* The store reloads its lists after a save: items-changed flips the page. */
  insert_samples (fixture->store);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "patients");
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "3 patients");
  g_assert_true (gtk_widget_is_visible (template_child (window, "patient_list")));
  g_assert_false (gtk_widget_is_visible (template_child (window, "empty_page")));

  /* Without a store the window is empty; a store set later is listed. */
  marrow_window_set_store (window, NULL);
  g_assert_null (marrow_window_get_store (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  marrow_window_set_store (window, fixture->store);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "patients");
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "3 patients");
  g_assert_true (marrow_window_get_store (window) == fixture->store);
}

static void
test_window_accessible (Fixture       *fixture,
                        gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  GtkWidget *list = template_child (window, "patient_list");
  GtkWidget *menu_button = template_child (window, "primary_menu_button");
  GMenuModel *menu;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_ROLE_LIST);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Patients");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Main Menu");

  /* The primary menu offers a new patient, import, export, the demo, the shortcuts and About. */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          char *action = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            g_ptr_array_add (actions, action);
        }
    }
  /* New patient first, then import, export, the demo, the shortcuts and
   * About, in this order (other items may come between) */
  {
    static const char *expected[] = {
      "win.new-patient", "win.import-archive", "win.export-archive", "win.open-demo",
      "win.show-help-overlay", "app.about",
    };
    guint found = 0;

    for (guint i = 0; i < actions->len && found < G_N_ELEMENTS (expected); i++)
      if (g_strcmp0 (actions->pdata[i], expected[found]) == 0)
        found++;
    g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));
    g_assert_cmpstr (actions->pdata[0], ==, "win.new-patient");
  }

  /* The sidebar's controls have names too */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_child (window, "search_entry")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Search Patients");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_child (window, "sort_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Sort Patients");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_child (window, "add_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Add Patient");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_child (window, "back_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");
}

static void
test_window_open_error (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *bogus = g_build_filename (fixture->tmpdir, "not-a-database.db", NULL);
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MarrowWindow *window;
  GtkStack *stack;
  AdwStatusPage *error_page;
  const char *description;

  /* A file that is not a database must give an error, never a crash. */
  g_assert_true (g_file_set_contents (bogus, "this is <not> & an SQLite file, padded to be long "
                                      "enough to have a header of its own ..........", -1, NULL));
  store = marrow_store_open (bogus, FALSE, &error);
  g_assert_null (store);
  g_assert_nonnull (error);

  fixture->window = window = marrow_window_new (GTK_APPLICATION (app));
  marrow_window_show_open_error (window, bogus, error);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  stack = GTK_STACK (template_child (window, "stack"));
  error_page = ADW_STATUS_PAGE (template_child (window, "error_page"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
  description = adw_status_page_get_description (error_page);
  g_assert_nonnull (strstr (description, bogus));
  g_assert_nonnull (strstr (description, "<tt>"));
}

static void
test_window_about (Fixture       *fixture,
                   gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  AdwAboutWindow *about = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);

  g_assert_nonnull (about);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (about)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Marrow");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "The Marrow developers");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_website (about));
  g_assert_nonnull (adw_about_window_get_issue_url (about));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (about));
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_window_shortcuts (Fixture       *fixture,
                       gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  GtkShortcutsWindow *overlay;

  /* GtkApplication loads gtk/help-overlay.ui from the resource base path. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpuint (g_strv_length (quit_accels), ==, 1);
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                       "win.show-help-overlay");
  g_assert_cmpuint (g_strv_length (help_accels), >=, 1);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
}

static void
test_window_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  MarrowWindow *window;
  int width = 0;
  int height = 0;

  /* Restored from the settings... */
  g_settings_set_int (settings, "default-width", 812);
  g_settings_set_int (settings, "default-height", 577);
  g_settings_set_boolean (settings, "is-maximized", FALSE);
  window = fixture_show_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 812);
  g_assert_cmpint (height, ==, 577);

  /* ...and written back on close. */
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 520);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "default-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "default-height"), ==, 520);
  g_assert_false (g_settings_get_boolean (settings, "is-maximized"));
  g_object_unref (window);
  fixture->window = NULL;

  g_settings_reset (settings, "default-width");
  g_settings_reset (settings, "default-height");
  g_settings_reset (settings, "is-maximized");
}

static void
transfer_finished_cb (MarrowTransferDialog *dialog,
                      gboolean              success,
                      int                  *result)
{
  *result = success ? 1 : 0;
}

/* Runs one transfer to its end; returns whether it succeeded */
static gboolean
run_transfer (MarrowWindow       *window,
              MarrowTransferKind  kind,
              const char         *database,
              GFile              *file,
              gboolean            cancel)
{
  MarrowTransferDialog *dialog = marrow_transfer_dialog_new (GTK_WINDOW (window), kind, database,
                                                             file);
  int result = -1;

  g_signal_connect (dialog, "finished", G_CALLBACK (transfer_finished_cb), &result);
  marrow_transfer_dialog_start (dialog);
  if (cancel)
    gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.cancel", NULL);
  while (result < 0)
    g_main_context_iteration (NULL, TRUE);

  /* The work is over: Close now closes */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  return result == 1;
}

/* Export and import run off the main thread with progress; an import into
 * another database brings the patients along; a cancelled export writes no
 * file (the archive tests cancel deterministically) */
static void
test_window_transfer (Fixture       *fixture,
                      gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  g_autofree char *archive = g_build_filename (fixture->tmpdir, "export.xml", NULL);
  g_autofree char *cancelled = g_build_filename (fixture->tmpdir, "cancelled.xml", NULL);
  g_autofree char *other = g_build_filename (fixture->tmpdir, "other.db", NULL);
  g_autoptr(GFile) archive_file = g_file_new_for_path (archive);
  g_autoptr(GFile) cancelled_file = g_file_new_for_path (cancelled);
  g_autoptr(MarrowStore) other_store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (run_transfer (window, MARROW_TRANSFER_EXPORT_ARCHIVE, fixture->db_path,
                               archive_file, FALSE));
  g_assert_true (g_file_test (archive, G_FILE_TEST_IS_REGULAR));

  other_store = marrow_store_open (other, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (run_transfer (window, MARROW_TRANSFER_IMPORT_ARCHIVE, other, archive_file, FALSE));
  g_assert_true (marrow_store_count (other_store, &marrow_entity_patient, FALSE, &n, NULL));
  g_assert_cmpint (n, ==, G_N_ELEMENTS (sample_patients));

  /* Cancel is pressed at once, but a busy machine may let the small export
   * finish first: the outcome told must match the file on disk either way */
  g_assert_cmpint (run_transfer (window, MARROW_TRANSFER_EXPORT_ARCHIVE, fixture->db_path,
                                 cancelled_file, TRUE),
                   ==, g_file_test (cancelled, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------------ */
/* Sidebar: search, sort, selection, navigation                             */

/* Types @text into the search field, as keystrokes do: each change runs
 * the search at once */
/* A list that records the positions asked of it, for the stable list */
#define TEST_TYPE_LOGGED_LIST (test_logged_list_get_type ())
G_DECLARE_FINAL_TYPE (TestLoggedList, test_logged_list, TEST, LOGGED_LIST, GObject)

struct _TestLoggedList
{
  GObject    parent_instance;
  GPtrArray *items;
  GArray    *asked;
};

static GType
test_logged_list_get_item_type (GListModel *list)
{
  return MARROW_TYPE_RECORD;
}

static guint
test_logged_list_get_n_items (GListModel *list)
{
  return TEST_LOGGED_LIST (list)->items->len;
}

static gpointer
test_logged_list_get_item (GListModel *list,
                           guint       position)
{
  TestLoggedList *self = TEST_LOGGED_LIST (list);

  g_array_append_val (self->asked, position);
  return position < self->items->len ? g_object_ref (self->items->pdata[position]) : NULL;
}

static void
test_logged_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = test_logged_list_get_item_type;
  iface->get_n_items = test_logged_list_get_n_items;
  iface->get_item = test_logged_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestLoggedList, test_logged_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, test_logged_list_iface_init))

static void
test_logged_list_finalize (GObject *object)
{
  TestLoggedList *self = TEST_LOGGED_LIST (object);

  g_ptr_array_unref (self->items);
  g_array_unref (self->asked);
  G_OBJECT_CLASS (test_logged_list_parent_class)->finalize (object);
}

static void
test_logged_list_class_init (TestLoggedListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_logged_list_finalize;
}

static void
test_logged_list_init (TestLoggedList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->asked = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Patients "P0" … with the ids of @ids; a NULL id is a new one */
static TestLoggedList *
logged_patients (const char * const *ids,
                 guint               n)
{
  TestLoggedList *list = g_object_new (TEST_TYPE_LOGGED_LIST, NULL);

  for (guint i = 0; i < n; i++)
    {
      MarrowRecord *patient = marrow_record_new (&marrow_entity_patient);
      g_autofree char *name = g_strdup_printf ("P%u", i);

      if (ids[i] != NULL)
        marrow_record_set_id (patient, ids[i]);
      marrow_record_set_row_version (patient, 1);
      marrow_record_set_text (patient, "family_name", name);
      g_ptr_array_add (list->items, patient);
    }
  return list;
}

static void
count_notify_cb (GObject    *slot,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A new list reaches the slots in the order of their positions (a lazy
 * list then reads its rows with one query), and a slot whose patient did
 * not change keeps its record, so its row is not relabelled */
static void
test_window_stable_list (void)
{
  static const char * const ids[] = {
    "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003",
    "00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-000000000005",
  };
  /* The same first three, then other patients */
  static const char * const next_ids[] = {
    "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-000000000002", NULL, NULL, NULL,
  };
  static const guint held[] = { 5, 0, 3, 1, 4, 2 };
  g_autoptr(MarrowStableList) rows = marrow_stable_list_new ();
  g_autoptr(TestLoggedList) first = logged_patients (ids, G_N_ELEMENTS (ids));
  g_autoptr(TestLoggedList) next = logged_patients (next_ids, G_N_ELEMENTS (next_ids));
  MarrowListSlot *slots[G_N_ELEMENTS (held)];
  guint notified[G_N_ELEMENTS (held)] = { 0 };

  marrow_stable_list_set_same_func (rows, marrow_patient_row_same_patient);
  marrow_stable_list_set_model (rows, G_LIST_MODEL (first));
  /* The view holds its rows in its own order */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      slots[held[i]] = g_list_model_get_item (G_LIST_MODEL (rows), held[i]);
      g_signal_connect (slots[held[i]], "notify::item", G_CALLBACK (count_notify_cb),
                        &notified[held[i]]);
    }

  marrow_stable_list_set_model (rows, G_LIST_MODEL (next));
  g_assert_cmpuint (next->asked->len, ==, G_N_ELEMENTS (held));
  for (guint i = 0; i < next->asked->len; i++)
    g_assert_cmpuint (g_array_index (next->asked, guint, i), ==, i);

  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      MarrowRecord *shown = marrow_list_slot_get_item (slots[i]);

      g_test_message ("slot %u: notified %u times", i, notified[i]);
      g_assert_cmpuint (notified[i], ==, next_ids[i] != NULL ? 0 : 1);
      g_assert_true (shown == (next_ids[i] != NULL ? first->items->pdata[i] : next->items->pdata[i]));
    }

  /* A changed record of the same patient is shown (the store's reload
   * after a save) */
  marrow_record_set_row_version (next->items->pdata[0], 2);
  g_list_model_items_changed (G_LIST_MODEL (next), 0, G_N_ELEMENTS (next_ids), G_N_ELEMENTS (next_ids));
  g_assert_cmpuint (notified[0], ==, 1);
  g_assert_true (marrow_list_slot_get_item (slots[0]) == next->items->pdata[0]);
  g_assert_cmpuint (notified[1], ==, 0);

  marrow_stable_list_set_model (rows, NULL);
  g_assert_null (marrow_list_slot_get_item (slots[0]));
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    g_object_unref (slots[i]);
}

static void
type_search (MarrowWindow *window,
             const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (template_child (window, "search_entry")), text);
}

static GListModel *
shown_patients (MarrowWindow *window)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (template_child (window,
                                                                               "patient_list"))));
}

static const char *
family_name_at (MarrowWindow *window,
                guint         position)
{
  g_autoptr(MarrowRecord) patient = patient_in_slot (shown_patients (window), position);

  /* The list's records live as long as its page is cached */
  return g_intern_string (marrow_record_get_text (patient, "family_name"));
}

static void
test_window_search (Fixture       *fixture,
                    gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  GtkStack *list_stack = GTK_STACK (template_child (window, "list_stack"));
  GtkLabel *count_label = GTK_LABEL (template_child (window, "count_label"));
  AdwStatusPage *no_results = ADW_STATUS_PAGE (template_child (window, "no_results_page"));

  /* Part of a name, any case */
  type_search (window, "OKA");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==, 1);
  g_assert_cmpstr (family_name_at (window, 0), ==, "Okafor");
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "1 patient found");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "list");

  /* A record number, a date of birth */
  type_search (window, "0012");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==, 1);
  g_assert_cmpstr (family_name_at (window, 0), ==, "Lindqvist");
  type_search (window, "1970-03");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==, 1);
  g_assert_cmpstr (family_name_at (window, 0), ==, "Adebayo");

  /* Nothing found: said so, with what was typed; the window stays */
  type_search (window, "Zyx");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "no-results");
  g_assert_cmpstr (adw_status_page_get_title (no_results), ==, "No patients match “Zyx”");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (template_child (window, "stack"))),
                   ==, "patients");
  g_assert_false (gtk_widget_is_visible (template_child (window, "patient_list")));

  /* Clearing the field lists everyone again */
  type_search (window, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==,
                    G_N_ELEMENTS (sample_patients));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "list");
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "3 patients");

  /* Escape clears it too */
  type_search (window, "Zyx");
  g_signal_emit_by_name (template_child (window, "search_entry"), "stop-search");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==,
                    G_N_ELEMENTS (sample_patients));

  /* Ctrl+F's action puts the focus in the search field */
  gtk_widget_grab_focus (template_child (window, "patient_list"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         template_child (window, "search_entry")));
}

static void
test_window_sort (Fixture       *fixture,
                  gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);

  g_assert_cmpstr (marrow_window_get_patient_order (window), ==, "name");
  g_assert_cmpstr (family_name_at (window, 0), ==, "Adebayo");
  g_assert_cmpstr (family_name_at (window, 2), ==, "Okafor");

  /* The sort menu's action: the most recently changed first, here the
   * last one inserted */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.patient-order", "s", "last-activity");
  g_assert_cmpstr (marrow_window_get_patient_order (window), ==, "last-activity");
  g_assert_cmpstr (family_name_at (window, 0), ==, "Lindqvist");
  g_assert_cmpstr (family_name_at (window, 2), ==, "Okafor");

  /* A search keeps the order */
  type_search (window, "000");
  g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==, 2);
  g_assert_cmpstr (family_name_at (window, 0), ==, "Adebayo");
  g_assert_cmpstr (family_name_at (window, 1), ==, "Okafor");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.patient-order", "s", "name");
  g_assert_cmpstr (family_name_at (window, 0), ==, "Adebayo");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (template_child (window,
                                                                                  "sort_button"))),
                   ==, "view-sort-ascending-symbolic");
}

/* The sort menu's choice is kept in GSettings for the next window */
static void
test_window_sort_remembered (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  MarrowWindow *window = fixture_show_window (fixture);

  g_assert_cmpstr (g_settings_get_string (settings, "patient-order"), ==, "name");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.patient-order", "s", "last-activity");
  g_assert_cmpstr (g_settings_get_string (settings, "patient-order"), ==, "last-activity");
  gtk_window_destroy (GTK_WINDOW (window));
  fixture->window = NULL;

  /* The next window sorts by last activity from the start */
  window = fixture_show_window (fixture);
  g_assert_cmpstr (marrow_window_get_patient_order (window), ==, "last-activity");
  g_assert_cmpstr (family_name_at (window, 0), ==, "Lindqvist");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (template_child (window,
                                                                                  "sort_button"))),
                   ==, "view-sort-descending-symbolic");

  /* A changed setting (another window) is followed */
  g_settings_set_string (settings, "patient-order", "name");
  g_assert_cmpstr (marrow_window_get_patient_order (window), ==, "name");
  g_assert_cmpstr (family_name_at (window, 0), ==, "Adebayo");

  g_settings_reset (settings, "patient-order");
}

static void
insert_joint_case (MarrowStore *store,
                   const char  *patient_id,
                   const char  *side,
                   const char  *status)
{
  g_autoptr(MarrowRecord) joint_case = marrow_record_new (&marrow_entity_joint_case);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (joint_case, "patient_id", patient_id);
  marrow_record_set_text (joint_case, "site", "knee");
  marrow_record_set_text (joint_case, "side", side);
  marrow_record_set_text (joint_case, "diagnosis_code", "M17.12");
  marrow_record_set_text (joint_case, "diagnosis_text", "Primary osteoarthritis, knee");
  marrow_record_set_text (joint_case, "status", status);
  if (g_strcmp0 (status, "closed") == 0)
    marrow_record_set_text (joint_case, "closed_reason", "completed");
  marrow_store_insert (store, joint_case, &error);
  g_assert_no_error (error);
}

static GtkWidget *
page_child (MarrowWindow *window,
            const char   *name)
{
  GtkWidget *page = template_child (window, "patient_page");
  GObject *child = gtk_widget_get_template_child (page, MARROW_TYPE_PATIENT_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
test_window_select_shows_patient (Fixture       *fixture,
                                  gconstpointer  data)
{
  MarrowWindow *window;
  GtkStack *content_stack;
  GtkSelectionModel *selection;
  g_autoptr(MarrowRecord) adebayo = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *dob = NULL;
  GtkWidget *cases;

  window = fixture_show_window (fixture);
  content_stack = GTK_STACK (template_child (window, "content_stack"));
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (template_child (window, "patient_list")));
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (template_child (window, "leaflet"))));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "none");

  adebayo = patient_in_slot (G_LIST_MODEL (selection), 0);
  insert_joint_case (fixture->store, marrow_record_get_id (adebayo), "left", "closed");
  insert_joint_case (fixture->store, marrow_record_get_id (adebayo), "right", "active");

  /* Selecting a row shows that patient beside the list */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "patient");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (template_child (window,
                                                                                "content_title"))),
                   ==, "Adebayo, Grace Funmilayo");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "name_label"))), ==,
                   "Adebayo, Grace Funmilayo");
  dob = g_strdup (gtk_label_get_label (GTK_LABEL (page_child (window, "dob_label"))));
  g_assert_true (g_str_has_prefix (dob, "3 Mar 1970 ("));
  g_assert_true (g_str_has_suffix (dob, " years)"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "sex_label"))), ==,
                   "Female");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "mrn_label"))), ==,
                   "000042");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (window, "mrn_row")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "000042");

  /* The cases, the active one first, with joint, side, diagnosis, status,
   * last injection and latest score (test-pages.c shows those filled) */
  cases = page_child (window, "cases_list");
  for (GtkWidget *row = gtk_widget_get_first_child (cases); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_ptr_array_add (rows, row);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Right Knee");
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[0]), ==,
                   "M17.12 · Primary osteoarthritis, knee\nNo injection yet");
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "Left Knee");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (rows->pdata[0]),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Right Knee, M17.12 · Primary osteoarthritis, knee, Active, No injection yet");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (rows->pdata[1]),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Left Knee, M17.12 · Primary osteoarthritis, knee, Closed, No injection yet");

  /* Another patient replaces it; one without cases says so */
  gtk_selection_model_select_item (selection, 2, TRUE);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "name_label"))), ==,
                   "Okafor, Chidi");
  g_assert_null (gtk_widget_get_first_child (cases) != NULL &&
                 ADW_IS_ACTION_ROW (gtk_widget_get_first_child (cases))
                 ? "a case row" : NULL);
}

static void
spin_until_drawn (MarrowWindow *window)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Activates row @position of the narrow window's list, as a click does,
 * and checks that the patient's page shows @name */
static void
open_row (MarrowWindow *window,
          guint         position,
          const char   *name)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (template_child (window, "leaflet"));

  g_signal_emit_by_name (template_child (window, "patient_list"), "activate", position);
  spin_until_drawn (window);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == template_child (window, "content"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "name_label"))), ==, name);
}

/* On a narrow window the list and the patient are pages: opening a patient
 * and going back finds the list as it was, selection and scroll position */
static void
test_window_back_keeps_list (Fixture       *fixture,
                             gconstpointer  data)
{
  MarrowWindow *window;
  AdwLeaflet *leaflet;
  GtkWidget *list;
  GtkAdjustment *adjustment;
  GtkSelectionModel *selection;
  double scrolled;

  marrow_test_insert_patients (fixture->store, 80, "Patient", 500);

  fixture->window = window = marrow_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  marrow_window_set_store (window, fixture->store);
  gtk_window_present (GTK_WINDOW (window));
  spin_until_drawn (window);

  leaflet = ADW_LEAFLET (template_child (window, "leaflet"));
  list = template_child (window, "patient_list");
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == template_child (window, "sidebar"));
  g_assert_true (gtk_widget_get_visible (template_child (window, "back_button")));

  /* Scroll down to row 60 and open it */
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", 60);
  spin_until_drawn (window);
  scrolled = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled, >, 0);
  open_row (window, 60, "Patient060");

  /* Back (the button's action; Alt+Left and the mouse's back button are
   * AdwLeaflet's own) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  spin_until_drawn (window);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == template_child (window, "sidebar"));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 60);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 0.5);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), list));

  /* And forth again: the same patient */
  open_row (window, 60, "Patient060");

  /* Ctrl+F from the patient's page goes back to the search field */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == template_child (window, "sidebar"));
}

/* Ctrl+N: the patient form; its save lists and shows the new patient */
static void
test_window_new_patient (Fixture       *fixture,
                         gconstpointer  data)
{
  MarrowWindow *window = fixture_show_window (fixture);
  MarrowFormDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-patient", NULL);
  dialog = find_toplevel (MARROW_TYPE_FORM_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (MARROW_IS_PATIENT_FORM (marrow_form_dialog_get_form (dialog)));

  /* Once saved, the new patient is shown */
  {
    g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
    g_autoptr(GError) error = NULL;

    marrow_record_set_text (patient, "local_id", "000777");
    marrow_record_set_text (patient, "family_name", "Newcombe");
    marrow_record_set_text (patient, "dob", "1990-09-09");
    marrow_record_set_text (patient, "sex", "other");
    marrow_store_insert (fixture->store, patient, &error);
    g_assert_no_error (error);
    g_signal_emit_by_name (dialog, "saved", patient);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "name_label"))), ==,
                     "Newcombe");
    g_assert_cmpuint (g_list_model_get_n_items (shown_patients (window)), ==,
                      G_N_ELEMENTS (sample_patients) + 1);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static int
seed_database (const char *path)
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = marrow_store_open (path, TRUE, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  insert_samples (store);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (argc == 3 && strcmp (argv[1], "--seed-database") == 0)
    return seed_database (argv[2]);

  gtk_test_init (&argc, &argv, NULL);

  /* One application for all tests: it provides app.about, the accelerators
   * and the help overlay.  NON_UNIQUE: it never owns a bus name. */
  app = marrow_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD_TEST(path, filled, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (filled), fixture_setup, func, fixture_teardown)

  ADD_TEST ("/window/empty", FALSE, test_window_empty);
  ADD_TEST ("/window/patients", TRUE, test_window_patients);
  ADD_TEST ("/window/updates", FALSE, test_window_updates);
  ADD_TEST ("/window/accessible", FALSE, test_window_accessible);
  ADD_TEST ("/window/open-error", FALSE, test_window_open_error);
  ADD_TEST ("/window/about", FALSE, test_window_about);
  ADD_TEST ("/window/shortcuts", FALSE, test_window_shortcuts);
  ADD_TEST ("/window/settings", FALSE, test_window_settings);
  ADD_TEST ("/window/transfer", TRUE, test_window_transfer);
  ADD_TEST ("/window/search", TRUE, test_window_search);
  ADD_TEST ("/window/sort", TRUE, test_window_sort);
  ADD_TEST ("/window/sort-remembered", TRUE, test_window_sort_remembered);
  ADD_TEST ("/window/select-shows-patient", TRUE, test_window_select_shows_patient);
  ADD_TEST ("/window/back-keeps-list", FALSE, test_window_back_keeps_list);
  ADD_TEST ("/window/new-patient", TRUE, test_window_new_patient);
  g_test_add_func ("/window/stable-list", test_window_stable_list);

#undef ADD_TEST

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
