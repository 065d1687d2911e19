/* test-preferences.c: Preferences and the staff member working (suite 'display')
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under tests/xvfb-run.sh with GDK_BACKEND=x11 GSK_RENDERER=cairo
 * GTK_A11Y=test GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8.  Each test gets a
 * temporary database; fields are typed and applied as a user would, and
 * the result is read back through the store and its audit log.
 *
 * With MARROW_PREFERENCES_SCREENSHOT_DIR set, the tests write PNGs of the
 * windows there, for looking at the layout.
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "marrow-acting-staff.h"
#include "marrow-application.h"
#include "marrow-entities.h"
#include "marrow-preferences-window.h"
#include "marrow-settings.h"
#include "marrow-staff-chooser.h"
#include "marrow-store.h"
#include "marrow-test-util.h"
#include "marrow-thresholds-page.h"
#include "marrow-units.h"

static MarrowApplication *app;

typedef struct
{
  char                    *tmpdir;
  char                    *db_path;
  MarrowStore             *store;
  MarrowPreferencesWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = marrow_settings_new ();

  g_assert_nonnull (settings);
  g_settings_reset (settings, "acting-staff");
  g_settings_reset (settings, "cell-unit");

  fixture->tmpdir = g_dir_make_tmp ("marrow-test-preferences-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->tmpdir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->db_path, TRUE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (MARROW_IS_PREFERENCES_WINDOW (l->data) || MARROW_IS_STAFF_CHOOSER (l->data) ||
        ADW_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->db_path);
}

static GtkWidget *
template_child (Fixture    *fixture,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                  MARROW_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("MARROW_PREFERENCES_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  gtk_test_widget_wait_for_draw (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  renderer = gsk_cairo_renderer_new ();
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
open_window (Fixture *fixture)
{
  fixture->window = marrow_preferences_window_new (NULL, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

/* Types @text into an entry row and presses Enter */
static void
type_and_apply (GtkWidget  *row,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static char *
get_setting (Fixture    *fixture,
             const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value = NULL;

  g_assert_true (marrow_store_get_setting (fixture->store, key, &value, &error));
  g_assert_no_error (error);
  return value;
}

typedef struct
{
  guint  n_rows;
  char  *action;
  char  *staff_id;
  char  *after_json;
} AuditTail;

static gboolean
keep_tail (const MarrowAuditRow  *row,
           gpointer               user_data,
           GError               **error)
{
  AuditTail *tail = user_data;

  tail->n_rows++;
  g_free (tail->action);
  g_free (tail->staff_id);
  g_free (tail->after_json);
  tail->action = g_strdup (row->action);
  tail->staff_id = g_strdup (row->staff_id);
  tail->after_json = g_strdup (row->after_json);
  return TRUE;
}

static void
read_tail (Fixture   *fixture,
           AuditTail *tail)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&tail->action, g_free);
  g_clear_pointer (&tail->staff_id, g_free);
  g_clear_pointer (&tail->after_json, g_free);
  tail->n_rows = 0;
  g_assert_true (marrow_store_foreach_audit (fixture->store, keep_tail, tail, &error));
  g_assert_no_error (error);
}

static void
audit_tail_clear (AuditTail *tail)
{
  g_free (tail->action);
  g_free (tail->staff_id);
  g_free (tail->after_json);
}

static MarrowRecord *
add_staff (MarrowStore *store,
           const char  *login,
           const char  *name,
           const char  *profession)
{
  g_autoptr(GError) error = NULL;
  MarrowRecord *staff = marrow_record_new (&marrow_entity_staff);

  marrow_record_set_text (staff, "login", login);
  marrow_record_set_text (staff, "display_name", name);
  marrow_record_set_text (staff, "profession", profession);
  marrow_record_set_bool (staff, "active", TRUE);
  g_assert_true (marrow_store_insert (store, staff, &error));
  g_assert_no_error (error);
  return staff;
}

static void
test_practice (Fixture       *fixture,
               gconstpointer  data)
{
  AuditTail tail = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *address = NULL;

  open_window (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "name_row"))),
                   ==, "");

  type_and_apply (template_child (fixture, "name_row"), "  Riverside Orthopedics ");
  type_and_apply (template_child (fixture, "address_row"), "1 River Road, Springfield");
  type_and_apply (template_child (fixture, "phone_row"), "+1 (555) 010-0199");

  name = get_setting (fixture, "site_name");
  address = get_setting (fixture, "practice_address");
  phone = get_setting (fixture, "practice_phone");
  g_assert_cmpstr (name, ==, "Riverside Orthopedics");
  g_assert_cmpstr (address, ==, "1 River Road, Springfield");
  g_assert_cmpstr (phone, ==, "+1 (555) 010-0199");

  read_tail (fixture, &tail);
  g_assert_cmpstr (tail.action, ==, "config_change");
  g_assert_cmpstr (tail.after_json, ==,
                   "{\"setting\":\"practice_phone\",\"value\":\"+1 (555) 010-0199\"}");
  g_assert_cmpstr (tail.staff_id, ==, marrow_store_get_staff_id (fixture->store));

  /* Applying the same text again writes nothing */
  {
    guint before = tail.n_rows;

    type_and_apply (template_child (fixture, "phone_row"), "+1 (555) 010-0199");
    read_tail (fixture, &tail);
    g_assert_cmpuint (tail.n_rows, ==, before);
  }

  /* A new window shows what is stored */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  open_window (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "name_row"))),
                   ==, "Riverside Orthopedics");
  screenshot (GTK_WIDGET (fixture->window), "preferences-practice.png");
  audit_tail_clear (&tail);
}

static void
test_phone_invalid (Fixture       *fixture,
                    gconstpointer  data)
{
  AuditTail before = { 0 };
  AuditTail after = { 0 };
  g_autofree char *phone = NULL;
  GtkWidget *row;
  GtkWidget *message_row;
  GtkWidget *label;

  g_assert_true (marrow_store_set_setting (fixture->store, "practice_phone", "555 0100", FALSE,
                                           NULL));
  read_tail (fixture, &before);
  open_window (fixture);
  row = template_child (fixture, "phone_row");
  message_row = template_child (fixture, "phone_message_row");
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message_row));
  g_assert_false (gtk_widget_get_visible (message_row));

  gtk_editable_set_text (GTK_EDITABLE (row), "555-CALL-NOW");
  g_assert_true (gtk_widget_get_visible (message_row));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "A phone number may hold only digits, spaces and + - ( )");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_test_accessible_assert_state (row, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  screenshot (GTK_WIDGET (fixture->window), "preferences-phone-invalid.png");

  g_signal_emit_by_name (row, "apply");
  phone = get_setting (fixture, "practice_phone");
  g_assert_cmpstr (phone, ==, "555 0100");
  read_tail (fixture, &after);
  g_assert_cmpuint (after.n_rows, ==, before.n_rows);

  /* Too long */
  gtk_editable_set_text (GTK_EDITABLE (row), "1234567890 1234567890 1234567890 1234567890");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "longer than 40"));

  /* Corrected: the message goes */
  gtk_editable_set_text (GTK_EDITABLE (row), "555 0101");
  g_assert_false (gtk_widget_get_visible (message_row));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  audit_tail_clear (&before);
  audit_tail_clear (&after);
}

static guint
find_in_combo (GtkWidget  *combo,
               const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      return i;
  g_assert_not_reached ();
}

static void
test_staff (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(MarrowRecord) ana = add_staff (fixture->store, "ana", "Ana Okoye", "nurse");
  g_autoptr(MarrowRecord) ben = add_staff (fixture->store, "ben", "Dr. Ben Marsh", "physician");
  g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
  g_autoptr(GSettings) settings = marrow_settings_new ();
  g_autoptr(GVariant) chosen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remembered = NULL;
  AuditTail tail = { 0 };
  GtkWidget *combo;

  open_window (fixture);
  combo = template_child (fixture, "staff_row");
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), find_in_combo (combo, "Dr. Ben Marsh"));
  g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, marrow_record_get_id (ben));
  read_tail (fixture, &tail);
  g_assert_cmpstr (tail.action, ==, "login");
  g_assert_cmpstr (tail.staff_id, ==, marrow_record_get_id (ben));

  /* The next write is by him */
  marrow_record_set_text (patient, "local_id", "000777");
  marrow_record_set_text (patient, "family_name", "Lindqvist");
  marrow_record_set_text (patient, "dob", "1955-05-05");
  marrow_record_set_text (patient, "sex", "female");
  g_assert_true (marrow_store_insert (fixture->store, patient, &error));
  g_assert_no_error (error);
  read_tail (fixture, &tail);
  g_assert_cmpstr (tail.action, ==, "create");
  g_assert_cmpstr (tail.staff_id, ==, marrow_record_get_id (ben));
  g_assert_cmpstr (marrow_record_get_created_by (patient), ==, marrow_record_get_id (ben));

  /* Remembered for this database, and applied when it is opened again */
  chosen = g_settings_get_value (settings, "acting-staff");
  g_assert_true (g_variant_lookup (chosen, fixture->db_path, "s", &remembered));
  g_assert_cmpstr (remembered, ==, marrow_record_get_id (ben));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
  fixture->store = marrow_store_open (fixture->db_path, FALSE, &error);
  g_assert_no_error (error);
  {
    gboolean needs_choice = TRUE;

    g_assert_true (marrow_acting_staff_restore (fixture->store, &needs_choice, &error));
    g_assert_no_error (error);
    g_assert_false (needs_choice);
    g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, marrow_record_get_id (ben));
  }
  open_window (fixture);
  combo = template_child (fixture, "staff_row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==,
                    find_in_combo (combo, "Dr. Ben Marsh"));
  gtk_test_accessible_assert_property (combo, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Staff member working now");
  screenshot (GTK_WIDGET (fixture->window), "preferences-staff.png");
  audit_tail_clear (&tail);
}


/* The button below @root whose label is @label */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}
static void
test_chooser (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MarrowRecord) ana = add_staff (fixture->store, "ana", "Ana Okoye", "nurse");
  g_autoptr(MarrowRecord) ben = add_staff (fixture->store, "ben", "Dr. Ben Marsh", "physician");
  g_autoptr(GError) error = NULL;
  MarrowStaffChooser *chooser;
  GtkListBox *list;
  GtkListBoxRow *row = NULL;
  gboolean needs_choice = FALSE;

  g_assert_true (marrow_acting_staff_restore (fixture->store, &needs_choice, &error));
  g_assert_no_error (error);
  g_assert_true (needs_choice);

  chooser = marrow_staff_chooser_new (NULL, fixture->store, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (chooser));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (chooser));
  list = marrow_staff_chooser_get_list (chooser);
  gtk_test_accessible_assert_property (list, GTK_ACCESSIBLE_PROPERTY_LABEL, "Staff members");
  /* "_Later" is read once, without its underscore */
  {
    GtkWidget *later = find_button (GTK_WIDGET (chooser), "_Later");
    g_autofree char *labelled_by = NULL;

    g_assert_nonnull (later);
    gtk_test_accessible_assert_property (later, GTK_ACCESSIBLE_PROPERTY_LABEL, "Later");
    labelled_by = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (later),
                                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
    g_assert_null (labelled_by);
  }
  /* The login that inserted them, and the two */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Ana Okoye"))
      break;
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Nurse");
  screenshot (GTK_WIDGET (chooser), "staff-chooser.png");

  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, marrow_record_get_id (ana));

  /* Chosen: not asked again */
  g_clear_object (&fixture->store);
  fixture->store = marrow_store_open (fixture->db_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (marrow_acting_staff_restore (fixture->store, &needs_choice, &error));
  g_assert_false (needs_choice);
  g_assert_cmpstr (marrow_store_get_staff_id (fixture->store), ==, marrow_record_get_id (ana));
}

static void
test_units (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GSettings) settings = marrow_settings_new ();
  g_autofree char *millions = marrow_format_cells (12.5e6, MARROW_CELL_UNIT_MILLIONS);
  g_autofree char *small = marrow_format_cells (185000, MARROW_CELL_UNIT_MILLIONS);
  g_autofree char *round = marrow_format_cells (1e8, MARROW_CELL_UNIT_MILLIONS);
  g_autofree char *count = marrow_format_cells (12.5e6, MARROW_CELL_UNIT_COUNT);
  g_autofree char *missing = marrow_format_cells (NAN, MARROW_CELL_UNIT_COUNT);
  GtkWidget *combo;

  g_assert_cmpstr (millions, ==, "12.5 × 10⁶");
  g_assert_cmpstr (small, ==, "0.185 × 10⁶");
  g_assert_cmpstr (round, ==, "100 × 10⁶");
  g_assert_cmpstr (count, ==, "12500000");
  g_assert_cmpstr (missing, ==, "—");

  g_assert_cmpint (marrow_cell_unit_get_preferred (), ==, MARROW_CELL_UNIT_MILLIONS);
  open_window (fixture);
  combo = template_child (fixture, "cell_unit_row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  g_assert_cmpstr (g_settings_get_string (settings, "cell-unit"), ==, "count");
  g_assert_cmpint (marrow_cell_unit_get_preferred (), ==, MARROW_CELL_UNIT_COUNT);
  g_settings_set_string (settings, "cell-unit", "millions");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);
}

static void
test_thresholds (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *stored = NULL;
  MarrowThresholdsPage *page;
  GtkWidget *entry;
  AuditTail tail = { 0 };

  open_window (fixture);
  page = MARROW_THRESHOLDS_PAGE (template_child (fixture, "thresholds_page"));
  entry = marrow_thresholds_page_get_entry (page, "mcid_override.knee.KOOS.pain");
  g_assert_nonnull (entry);
  gtk_test_accessible_assert_property (entry, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Practice MCID for KOOS Pain, protocol knee");

  /* Refused: nothing stored */
  type_and_apply (entry, "0");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  stored = get_setting (fixture, "mcid_override.knee.KOOS.pain");
  g_assert_null (stored);

  type_and_apply (entry, "8,5");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  stored = get_setting (fixture, "mcid_override.knee.KOOS.pain");
  g_assert_cmpstr (stored, ==, "8.5");
  read_tail (fixture, &tail);
  g_assert_cmpstr (tail.action, ==, "config_change");
  g_assert_cmpstr (tail.after_json, ==,
                   "{\"setting\":\"mcid_override.knee.KOOS.pain\",\"value\":\"8.5\"}");

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (fixture->window),
                                           ADW_PREFERENCES_PAGE (page));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (entry,
                                                     ADW_TYPE_EXPANDER_ROW)), TRUE);
  screenshot (GTK_WIDGET (fixture->window), "preferences-guidance.png");

  /* Emptied: the protocol's value applies again */
  g_clear_pointer (&stored, g_free);
  type_and_apply (entry, "");
  stored = get_setting (fixture, "mcid_override.knee.KOOS.pain");
  g_assert_cmpstr (stored, ==, "");
  audit_tail_clear (&tail);
}

static void
test_no_database (void)
{
  MarrowPreferencesWindow *window = marrow_preferences_window_new (NULL, NULL);
  GObject *practice = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                     MARROW_TYPE_PREFERENCES_WINDOW,
                                                     "practice_page");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (practice)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = marrow_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("/preferences/practice", test_practice);
  ADD_TEST ("/preferences/phone-invalid", test_phone_invalid);
  ADD_TEST ("/preferences/staff", test_staff);
  ADD_TEST ("/preferences/chooser", test_chooser);
  ADD_TEST ("/preferences/units", test_units);
  ADD_TEST ("/preferences/thresholds", test_thresholds);
  g_test_add_func ("/preferences/no-database", test_no_database);

#undef ADD_TEST

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
