/* marrow-staff-chooser.c: "Who is working?" at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown over a window when its database has more than one active staff
 * member and this user has not chosen one for it yet
 * (marrow_acting_staff_restore()).  Arrow keys and Enter choose; Escape or
 * "Later" keeps the operating-system login as the author.  The choice is
 * remembered (marrow_acting_staff_choose()) and can be changed in
 * Preferences.
 */
#define G_LOG_DOMAIN "marrow-staff-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-acting-staff.h"
#include "marrow-entities.h"
#include "marrow-form.h"
#include "marrow-form-labels.h"
#include "marrow-staff-chooser.h"

struct _MarrowStaffChooser
{
  AdwWindow    parent_instance;

  GtkListBox  *list;
  GtkWidget   *error_label;

  MarrowStore *store;
};

G_DEFINE_FINAL_TYPE (MarrowStaffChooser, marrow_staff_chooser, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated_cb (MarrowStaffChooser *self,
                  GtkListBoxRow      *row)
{
  g_autoptr(GError) error = NULL;
  const char *staff_id = g_object_get_data (G_OBJECT (row), "staff-id");

  if (!marrow_acting_staff_choose (self->store, staff_id, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, staff_id);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
fill (MarrowStaffChooser  *self,
      GError             **error)
{
  const MarrowFieldDef *profession = marrow_entity_find_field (&marrow_entity_staff, "profession");
  g_autoptr(GPtrArray) staff = marrow_acting_staff_list_active (self->store, error);

  if (staff == NULL)
    return FALSE;
  for (guint i = 0; i < staff->len; i++)
    {
      MarrowRecord *member = staff->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      const char *code = marrow_record_get_text (member, "profession");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     marrow_record_get_text (member, "display_name"));
      if (code != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     marrow_form_code_label (profession, code));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "staff-id",
                              g_strdup (marrow_record_get_id (member)), g_free);
      gtk_list_box_append (self->list, row);
    }
  return TRUE;
}

/**
 * marrow_staff_chooser_new:
 * @parent: the window whose database it is
 * @store: that database
 * @error: return location for a #GError
 *
 * Signal "chosen" (const char *staff_id) after the store acts as the member
 * chosen.
 *
 * Returns: (transfer none): the chooser to present, or %NULL with @error set
 *   when the staff list could not be read
 */
MarrowStaffChooser *
marrow_staff_chooser_new (GtkWindow    *parent,
                          MarrowStore  *store,
                          GError      **error)
{
  MarrowStaffChooser *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MARROW_TYPE_STAFF_CHOOSER, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (!fill (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}

/**
 * marrow_staff_chooser_get_list:
 *
 * Returns: (transfer none): the list of staff rows
 */
GtkListBox *
marrow_staff_chooser_get_list (MarrowStaffChooser *self)
{
  g_return_val_if_fail (MARROW_IS_STAFF_CHOOSER (self), NULL);

  return self->list;
}

static void
marrow_staff_chooser_dispose (GObject *object)
{
  MarrowStaffChooser *self = MARROW_STAFF_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_STAFF_CHOOSER);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_staff_chooser_parent_class)->dispose (object);
}

static void
marrow_staff_chooser_class_init (MarrowStaffChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_staff_chooser_dispose;

  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/"
                                               "marrow-staff-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowStaffChooser, list);
  gtk_widget_class_bind_template_child (widget_class, MarrowStaffChooser, error_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
marrow_staff_chooser_init (MarrowStaffChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  marrow_form_name_buttons_once (GTK_WIDGET (self));
}
