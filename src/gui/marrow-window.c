/* marrow-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the window proves the path from the database to the screen: it
 * lists the patients of the store, shows an empty state when there are none
 * and the error when the database could not be opened.  The case-management
 * pages come later.
 */
#define G_LOG_DOMAIN "marrow-window"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-entities.h"
#include "marrow-time.h"
#include "marrow-window-private.h"

struct _MarrowWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  MarrowStore          *store;
  GListModel           *patients;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GtkStack             *stack;
  GtkListView          *patient_list;
  GtkLabel             *count_label;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (MarrowWindow, marrow_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Widgets of one row, kept on the row box so bind does not search for them. */
#define ROW_NAME_LABEL "marrow-name-label"
#define ROW_MRN_LABEL  "marrow-mrn-label"
#define ROW_DOB_LABEL  "marrow-dob-label"

static char *
format_patient_name (MarrowRecord *patient)
{
  const char *family = marrow_record_get_text (patient, "family_name");
  const char *given = marrow_record_get_text (patient, "given_names");

  if (family == NULL || *family == '\0')
    family = _("Unnamed");
  if (given == NULL || *given == '\0')
    return g_strdup (family);

  /* Translators: a patient's name in the patient list: family name, then
   * given names.  Reorder with %1$s and %2$s if your language needs it. */
  return g_strdup_printf (C_("patient name", "%1$s, %2$s"), family, given);
}

static char *
format_date_of_birth (const char *text)
{
  g_autoptr(GDateTime) datetime = NULL;
  GDate *date;

  if (text == NULL || *text == '\0')
    return NULL;

  date = marrow_date_parse (text);
  if (date == NULL)
    return g_strdup (text);

  datetime = g_date_time_new_utc (g_date_get_year (date),
                                  g_date_get_month (date),
                                  g_date_get_day (date),
                                  0, 0, 0);
  g_date_free (date);
  if (datetime == NULL)
    return g_strdup (text);

  /* Translators: how a date of birth is shown in the patient list, as a
   * g_date_time_format() string (see "man strftime").  Keep the four-digit
   * year (%Y): a two-digit year is ambiguous for a date of birth. */
  return g_date_time_format (datetime, _("%-d %b %Y"));
}

static void
patient_row_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *row;
  GtkWidget *details;
  GtkWidget *name_label;
  GtkWidget *mrn_label;
  GtkWidget *dob_label;

  g_assert (GTK_IS_LIST_ITEM (list_item));

  row = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_VERTICAL,
                      "spacing", 2,
                      "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                      "css-classes", (const char *[]) { "patient-row", NULL },
                      NULL);

  name_label = g_object_new (GTK_TYPE_LABEL,
                             "xalign", 0.0f,
                             "ellipsize", PANGO_ELLIPSIZE_END,
                             "css-classes", (const char *[]) { "heading", "patient-name", NULL },
                             NULL);
  gtk_box_append (GTK_BOX (row), name_label);

  details = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_append (GTK_BOX (row), details);

  mrn_label = g_object_new (GTK_TYPE_LABEL,
                            "xalign", 0.0f,
                            "ellipsize", PANGO_ELLIPSIZE_END,
                            "css-classes", (const char *[]) { "dim-label", "patient-mrn", NULL },
                            NULL);
  gtk_box_append (GTK_BOX (details), mrn_label);

  dob_label = g_object_new (GTK_TYPE_LABEL,
                            "xalign", 0.0f,
                            "ellipsize", PANGO_ELLIPSIZE_END,
                            "css-classes", (const char *[]) { "dim-label", "patient-dob", NULL },
                            NULL);
  gtk_box_append (GTK_BOX (details), dob_label);

  g_object_set_data (G_OBJECT (row), ROW_NAME_LABEL, name_label);
  g_object_set_data (G_OBJECT (row), ROW_MRN_LABEL, mrn_label);
  g_object_set_data (G_OBJECT (row), ROW_DOB_LABEL, dob_label);

  gtk_list_item_set_child (list_item, row);
}

static void
patient_row_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  g_autofree char *name = NULL;
  g_autofree char *mrn = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *born = NULL;
  g_autofree char *accessible = NULL;
  MarrowRecord *patient;
  const char *local_id;
  GtkWidget *row;

  g_assert (GTK_IS_LIST_ITEM (list_item));

  row = gtk_list_item_get_child (list_item);
  patient = gtk_list_item_get_item (list_item);
  if (row == NULL || !MARROW_IS_RECORD (patient))
    return;

  name = format_patient_name (patient);
  local_id = marrow_record_get_text (patient, "local_id");
  if (local_id == NULL || *local_id == '\0')
    local_id = "—";
  /* Translators: MRN is the medical record number of a patient */
  mrn = g_strdup_printf (_("MRN %s"), local_id);

  dob = format_date_of_birth (marrow_record_get_text (patient, "dob"));
  if (dob != NULL)
    /* Translators: %s is a date of birth */
    born = g_strdup_printf (_("Born %s"), dob);
  else
    born = g_strdup (_("Date of birth unknown"));

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), ROW_NAME_LABEL), name);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), ROW_MRN_LABEL), mrn);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), ROW_DOB_LABEL), born);

  /* Translators: what a screen reader says for a row of the patient list:
   * the name, the medical record number and the date of birth */
  accessible = g_strdup_printf (_("%s, medical record number %s, %s"), name, local_id, born);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
marrow_window_show_page (MarrowWindow *self,
                         const char   *name)
{
  GtkWidget *page;

  g_assert (MARROW_IS_WINDOW (self));

  page = gtk_stack_get_child_by_name (self->stack, name);
  g_assert (page != NULL);

  /* Hide the other pages too, not only unmap them: GTK 4.8 reports unmapped
   * stack pages to AT-SPI as visible, so a screen reader would find the
   * empty state and the list at the same time. */
  gtk_widget_set_visible (page, TRUE);
  gtk_stack_set_visible_child (self->stack, page);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child != page)
        gtk_widget_set_visible (child, FALSE);
    }
}

static void
marrow_window_update_state (MarrowWindow *self)
{
  g_autofree char *count = NULL;
  guint n_items;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->patients == NULL)
    return;

  n_items = g_list_model_get_n_items (self->patients);
  count = g_strdup_printf (ngettext ("%u patient", "%u patients", n_items), n_items);
  gtk_label_set_label (self->count_label, count);
  marrow_window_show_page (self, n_items > 0 ? "patients" : "empty");
}

static void
patients_items_changed_cb (MarrowWindow *self,
                           guint         position,
                           guint         removed,
                           guint         added,
                           GListModel   *model)
{
  g_assert (MARROW_IS_WINDOW (self));

  marrow_window_update_state (self);
}

static void
marrow_window_set_patients (MarrowWindow *self,
                            GListModel   *patients)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->patients != NULL)
    g_signal_handlers_disconnect_by_func (self->patients, patients_items_changed_cb, self);

  g_set_object (&self->patients, patients);

  if (patients == NULL)
    {
      gtk_list_view_set_model (self->patient_list, NULL);
      return;
    }

  /* Nothing to select yet: the case pages come in a later issue. */
  selection = gtk_no_selection_new (g_object_ref (patients));
  gtk_list_view_set_model (self->patient_list, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (patients, "items-changed",
                           G_CALLBACK (patients_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  marrow_window_update_state (self);
}

static void
marrow_window_restore_size (MarrowWindow *self)
{
  g_assert (MARROW_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "default-width"),
                               g_settings_get_int (self->settings, "default-height"));
  if (g_settings_get_boolean (self->settings, "is-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
marrow_window_save_size (MarrowWindow *self)
{
  int width = 0;
  int height = 0;

  g_assert (MARROW_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  /* The default size tracks the unmaximized size, so a maximized window
   * comes back at the size it had before it was maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "default-width", width);
      g_settings_set_int (self->settings, "default-height", height);
    }
  g_settings_set_boolean (self->settings, "is-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
marrow_window_close_request (GtkWindow *window)
{
  MarrowWindow *self = MARROW_WINDOW (window);

  marrow_window_save_size (self);

  return GTK_WINDOW_CLASS (marrow_window_parent_class)->close_request (window);
}

static void
marrow_window_dispose (GObject *object)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  if (self->patients != NULL)
    g_signal_handlers_disconnect_by_func (self->patients, patients_items_changed_cb, self);
  g_clear_object (&self->patients);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (marrow_window_parent_class)->dispose (object);
}

static void
marrow_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, marrow_window_get_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MarrowWindow *self = MARROW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      marrow_window_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_window_class_init (MarrowWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = marrow_window_dispose;
  object_class->get_property = marrow_window_get_property;
  object_class->set_property = marrow_window_set_property;

  window_class->close_request = marrow_window_close_request;

  /**
   * MarrowWindow:store: (nullable)
   *
   * The store whose patients the window lists.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MARROW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, patient_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MarrowWindow, error_page);

  _marrow_window_class_add_exchange_actions (widget_class);
}

static void
marrow_window_init (MarrowWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (patient_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (patient_row_bind_cb), NULL);
  gtk_list_view_set_factory (self->patient_list, factory);

  /* Running uninstalled without GSETTINGS_SCHEMA_DIR must not abort: the
   * window then simply does not remember its size. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_message ("GSettings schema %s is not installed; the window size is not saved", APP_ID);

  marrow_window_restore_size (self);
  marrow_window_show_page (self, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-archive", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-archive", FALSE);
}

/**
 * marrow_window_new:
 * @application: (nullable): the application
 *
 * Returns: (transfer full): a new window without a store
 */
MarrowWindow *
marrow_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (MARROW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * marrow_window_get_store:
 *
 * Returns: (transfer none) (nullable): the store the window shows
 */
MarrowStore *
marrow_window_get_store (MarrowWindow *self)
{
  g_return_val_if_fail (MARROW_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * marrow_window_set_store:
 * @store: (nullable): the store to show
 *
 * Lists the patients of @store.  If the list cannot be read, the window
 * shows the error instead.
 */
void
marrow_window_set_store (MarrowWindow *self,
                         MarrowStore  *store)
{
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(GError) error = NULL;
  MarrowListQuery query = { .order_by = "family_name" };

  g_return_if_fail (MARROW_IS_WINDOW (self));
  g_return_if_fail (store == NULL || MARROW_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-archive", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-archive", store != NULL);

  if (store != NULL)
    {
      patients = marrow_store_list (store, &marrow_entity_patient, &query, &error);
      if (patients == NULL)
        {
          marrow_window_set_patients (self, NULL);
          marrow_window_show_open_error (self, NULL, error);
        }
      else
        {
          marrow_window_set_patients (self, patients);
        }
    }
  else
    {
      marrow_window_set_patients (self, NULL);
      marrow_window_show_page (self, "empty");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * marrow_window_show_open_error:
 * @location: (nullable): the database that could not be opened
 * @error: (nullable): why
 *
 * Shows that the database could not be opened or read, in place of the list.
 */
void
marrow_window_show_open_error (MarrowWindow *self,
                               const char   *location,
                               const GError *error)
{
  g_autofree char *description = NULL;
  const char *message;

  g_return_if_fail (MARROW_IS_WINDOW (self));

  message = error != NULL ? error->message : _("Unknown error");

  /* The status page description is markup. */
  if (location != NULL)
    description = g_markup_printf_escaped ("%s\n\n<tt>%s</tt>", message, location);
  else
    description = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, description);
  marrow_window_show_page (self, "error");
}

/**
 * marrow_window_set_demo:
 * @demo: the window shows the demo practice
 *
 * Says so in the title bar, so fictional data is never taken for real.
 */
void
marrow_window_set_demo (MarrowWindow *self,
                        gboolean      demo)
{
  g_return_if_fail (MARROW_IS_WINDOW (self));

  adw_window_title_set_subtitle (self->window_title,
                                 demo ? _("Demo practice: fictional patients") : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", !demo);
}
