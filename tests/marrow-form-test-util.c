/* marrow-form-test-util.c: the harness of the form display tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by test-forms.c and test-forms-treatment.c: a temporary database
 * with one patient per test, the dialog opened on a record, controls
 * filled as a user would, and screenshots of the dialog when
 * MARROW_FORMS_SCREENSHOT_DIR is set.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "marrow-application.h"
#include "marrow-archive.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-form-test-util.h"
#include "marrow-test-util.h"



void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("marrow-test-forms-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->tmpdir, "marrow.db", NULL);
  fixture->store = marrow_store_open (fixture->db_path, TRUE, &error);
  g_assert_no_error (error);

  /* A patient for the forms of records that belong to one */
  fixture->patient = marrow_record_new (&marrow_entity_patient);
  marrow_record_set_text (fixture->patient, "local_id", "000042");
  marrow_record_set_text (fixture->patient, "family_name", "Adebayo");
  marrow_record_set_text (fixture->patient, "given_names", "Grace");
  marrow_record_set_text (fixture->patient, "dob", "1970-03-03");
  marrow_record_set_text (fixture->patient, "sex", "female");
  marrow_store_insert (fixture->store, fixture->patient, &error);
  g_assert_no_error (error);
}

void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GList *windows = gtk_window_list_toplevels ();

  /* The dialog and any message dialog it left */
  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) || MARROW_IS_FORM_DIALOG (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);

  g_clear_object (&fixture->saved);
  g_clear_object (&fixture->patient);
  g_clear_object (&fixture->store);
  marrow_test_remove_tree (fixture->tmpdir);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->tmpdir, g_free);
}

/* Helpers */

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @check (data) holds, at most two seconds */
gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer   data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (2000, timeout_cb, &timed_out);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static void
on_saved (MarrowFormDialog *dialog,
          MarrowRecord     *record,
          Fixture          *fixture)
{
  g_set_object (&fixture->saved, record);
}

gboolean
dialog_gone (gpointer data)
{
  Fixture *fixture = data;

  return fixture->dialog == NULL;
}

MarrowForm *
open_dialog_for_patient (Fixture      *fixture,
                         MarrowRecord *record,
                         gboolean      is_new,
                         const char   *patient_id)
{
  fixture->dialog = marrow_form_dialog_new_for_patient (NULL, fixture->store, record, is_new,
                                                        patient_id);
  g_assert_true (MARROW_IS_FORM_DIALOG (fixture->dialog));
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *)&fixture->dialog);
  g_signal_connect (fixture->dialog, "saved", G_CALLBACK (on_saved), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
  return marrow_form_dialog_get_form (fixture->dialog);
}

MarrowForm *
open_dialog (Fixture      *fixture,
             MarrowRecord *record,
             gboolean      is_new)
{
  return open_dialog_for_patient (fixture, record, is_new, NULL);
}

GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

GtkWidget *
dialog_child (Fixture    *fixture,
              const char *name)
{
  return child (fixture->dialog, MARROW_TYPE_FORM_DIALOG, name);
}

gboolean
save_enabled (Fixture *fixture)
{
  return gtk_widget_is_sensitive (dialog_child (fixture, "save_button"));
}

void
type_text (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

void
type_date (GtkWidget  *date_entry,
           const char *date,
           const char *time)
{
  MarrowDateEntry *entry = MARROW_DATE_ENTRY (date_entry);

  gtk_editable_set_text (marrow_date_entry_get_date_editable (entry), date);
  if (time != NULL)
    gtk_editable_set_text (marrow_date_entry_get_time_editable (entry), time);
}

/* Chooses the item of @code in a combo row bound to @field of @entity */
void
choose (GtkWidget             *combo,
        const MarrowEntityDef *entity,
        const char            *field,
        const char            *code)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  const char *label = marrow_form_code_label (marrow_entity_find_field (entity, field), code);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (strcmp (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        return;
      }
  g_error ("“%s” is not offered for %s", label, field);
}

/* Chooses the item whose label starts with @prefix (references) */
void
choose_label (GtkWidget  *combo,
              const char *prefix)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), prefix))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        return;
      }
  g_error ("no choice starts with “%s”", prefix);
}

void
assert_message (MarrowForm *form,
                const char *field,
                const char *part)
{
  const char *message = marrow_form_get_message (form, field);

  if (message == NULL || strstr (message, part) == NULL)
    g_error ("the message of %s is “%s”, expected it to contain “%s”", field,
             message ? message : "(none)", part);
}

void
assert_row_marked (GtkWidget *control,
                   gboolean   marked)
{
  GtkWidget *row = gtk_widget_get_ancestor (control, GTK_TYPE_LIST_BOX_ROW);

  g_assert_nonnull (row);
  g_assert_cmpint (gtk_widget_has_css_class (row, "error"), ==, marked);
}

/* The reason entry of the first warning in the dialog */
GtkWidget *
first_reason_row (Fixture *fixture)
{
  GtkWidget *group = dialog_child (fixture, "ack_group");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *found = NULL;
  GtkWidget *widget = group;

  /* Depth-first for the first AdwEntryRow */
  while (widget != NULL && found == NULL)
    {
      if (ADW_IS_ENTRY_ROW (widget))
        found = widget;
      else if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != group && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == group ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }
  g_assert_nonnull (found);
  return found;
}

void
save (Fixture *fixture)
{
  g_assert_true (save_enabled (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "form.save", NULL));
  g_assert_true (wait_for (dialog_gone, fixture));
  g_assert_nonnull (fixture->saved);
}

MarrowRecord *
lookup (Fixture               *fixture,
        const MarrowEntityDef *entity,
        const char            *id)
{
  g_autoptr(GError) error = NULL;
  MarrowRecord *record = marrow_store_lookup (fixture->store, entity, id, &error);

  g_assert_no_error (error);
  return record;
}

GPtrArray *
acknowledgements_of (Fixture      *fixture,
                     MarrowRecord *record)
{
  MarrowListQuery query = { .filter_field = "record_id",
                            .filter_value = marrow_record_get_id (record) };
  g_autoptr(GError) error = NULL;
  GPtrArray *acks = marrow_store_find (fixture->store, &marrow_entity_limit_ack, &query, &error);

  g_assert_no_error (error);
  return acks;
}

static void
save_png (GtkWidget  *widget,
          const char *folder,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Fails for a widget below @root that has an accessible label and is also
 * labelled by other widgets: GTK 4.8 reads both, "Family name Family name"
 * (marrow_form_set_accessible_label()).  Returns how many labelled widgets
 * it saw, so a caller can tell that it looked at something. */
guint
assert_named_once (GtkWidget *root)
{
  guint n_named = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_named += assert_named_once (child);

  {
    gboolean has_label = gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                           GTK_ACCESSIBLE_PROPERTY_LABEL);
    /* NULL when the relation is empty, else the widgets ("GtkLabel<0x…>") */
    g_autofree char *labelled_by =
      gtk_test_accessible_check_relation (GTK_ACCESSIBLE (root),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);

    /* An icon is no second name: only labels are read */
    if (has_label && labelled_by != NULL && strstr (labelled_by, "GtkLabel") != NULL)
      g_error ("%s “%s” (%s) has an accessible label and is labelled by %s: read twice",
               G_OBJECT_TYPE_NAME (root),
               ADW_IS_PREFERENCES_ROW (root)
               ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root))
               : GTK_IS_BUTTON (root) ? gtk_button_get_label (GTK_BUTTON (root)) : "",
               gtk_widget_get_name (root), labelled_by);
    n_named += has_label || labelled_by != NULL;

    /* GTK's own label of a mnemonic button is its raw text, "Add _Lot" */
    if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
        gtk_button_get_label (GTK_BUTTON (root)) != NULL && labelled_by == NULL)
      {
        g_autofree char *differs =
          gtk_test_accessible_check_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              gtk_button_get_label (GTK_BUTTON (root)));

        if (differs == NULL)
          g_error ("button “%s” is read with its underscore", gtk_button_get_label (GTK_BUTTON (root)));
      }
  }
  return n_named;
}

/* The dialog as it appears, and its whole scrolled content */
void
screenshot (Fixture    *fixture,
            const char *name)
{
  const char *folder = g_getenv ("MARROW_FORMS_SCREENSHOT_DIR");
  g_autofree char *content_name = NULL;

  if (folder == NULL)
    return;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
  save_png (GTK_WIDGET (fixture->dialog), folder, name);
  content_name = g_strconcat ("content-", name, NULL);
  save_png (gtk_widget_get_parent (dialog_child (fixture, "form_bin")), folder, content_name);
}

AdwMessageDialog *
find_message_dialog (void)
{
  GList *windows = gtk_window_list_toplevels ();
  AdwMessageDialog *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

AdwMessageDialog *
wait_for_message_dialog (void)
{
  g_assert_true (wait_for (message_dialog_shown, NULL));
  return find_message_dialog ();
}

void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}


MarrowRecord *
new_child_of_patient (Fixture               *fixture,
                      const MarrowEntityDef *entity)
{
  MarrowRecord *record = marrow_record_new (entity);

  marrow_record_set_text (record, "patient_id", marrow_record_get_id (fixture->patient));
  return record;
}

MarrowRecord *
insert_case (Fixture *fixture)
{
  MarrowRecord *joint_case = new_child_of_patient (fixture, &marrow_entity_joint_case);
  g_autoptr(GError) error = NULL;

  marrow_record_set_text (joint_case, "site", "knee");
  marrow_record_set_text (joint_case, "side", "left");
  marrow_record_set_text (joint_case, "diagnosis_code", "M17.12");
  marrow_record_set_text (joint_case, "diagnosis_text", "Primary osteoarthritis, left knee");
  marrow_record_set_text (joint_case, "status", "active");
  marrow_store_insert (fixture->store, joint_case, &error);
  g_assert_no_error (error);
  return joint_case;
}

#define DEMO_PRACTICE_URI "resource:///io/github/marrow/Marrow/exchange/demo-practice.xml"

/* The database of the fixture becomes the demo practice: the archive the
 * window's "Explore the Demo Practice" imports, in a database of its own
 * (the fixture's first patient stays behind in the old one).  Its patient
 * @local_id becomes the fixture's patient; returns that patient's case of
 * @site and @side.  For the pictures in data/screenshots. */
MarrowRecord *
fixture_open_demo (Fixture    *fixture,
                   const char *local_id,
                   const char *site,
                   const char *side)
{
  g_autoptr(GFile) demo = g_file_new_for_uri (DEMO_PRACTICE_URI);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "demo.db", NULL);
  MarrowArchiveImportOptions options = { FALSE, FALSE };
  MarrowArchiveImportSummary summary = { 0 };
  MarrowListQuery by_local_id = { .filter_field = "local_id", .filter_value = local_id };
  MarrowListQuery of_patient = { .filter_field = "patient_id" };
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  marrow_archive_import (fixture->store, demo, &options, &summary, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  marrow_archive_import_summary_clear (&summary);

  patients = marrow_store_find (fixture->store, &marrow_entity_patient, &by_local_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);
  g_set_object (&fixture->patient, patients->pdata[0]);

  of_patient.filter_value = marrow_record_get_id (fixture->patient);
  cases = marrow_store_find (fixture->store, &marrow_entity_joint_case, &of_patient, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    if (g_strcmp0 (marrow_record_get_text (cases->pdata[i], "site"), site) == 0 &&
        g_strcmp0 (marrow_record_get_text (cases->pdata[i], "side"), side) == 0)
      return g_object_ref (cases->pdata[i]);
  g_error ("the demo patient %s has no %s %s case", local_id, side, site);
}

/* GTK for the tests, in the locale the expectations are written for, and
 * the application that loads libadwaita and style.css (NON_UNIQUE: it
 * never owns a bus name) */
MarrowApplication *
form_test_init (int    *argc,
                char ***argv)
{
  MarrowApplication *app;
  g_autoptr(GError) error = NULL;

  gtk_test_init (argc, argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  /* Rows show their final state at once (and in screenshots) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = marrow_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}
