/* marrow-lot-form.c: a product lot with its aliquots, edited inside the run's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lot's fields in an expander row, its release status in a row of its
 * own with two explicit actions, and its aliquots below, each in a
 * MarrowLotAliquotForm (the lot's children in marrow-form-tree.h).
 *
 * Release and rejection are decisions about the stored lot, not edits:
 * "lot.release" and "lot.reject" ask first, then call
 * marrow_store_release_lot() or marrow_store_reject_lot(), which read the
 * lot, its aliquots, its run and its QC tests from the store, let the core
 * decide (marrow-lot-state.c: the run's QA review, a failed or pending
 * test) and save the lot and its aliquots with the acting staff member and
 * the time, in one transaction.  So they are offered only for a saved lot
 * in quarantine while the run form holds no unsaved change
 * (marrow_lot_form_set_decisions_enabled()); a refusal shows the core's
 * message below the status row.
 */
#define G_LOG_DOMAIN "marrow-lot-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-injection-service.h"
#include "marrow-lot-aliquot-form.h"
#include "marrow-lot-form.h"
#include "marrow-lot-state.h"
#include "marrow-time.h"
#include "marrow-validate.h"

struct _MarrowLotForm
{
  MarrowForm  parent_instance;

  GtkWidget  *expander;
  GtkWidget  *category_row;
  GtkWidget  *storage_row;
  GtkWidget  *storage_temp_c_row;
  GtkWidget  *dmso_pct_row;
  GtkWidget  *frozen_at_entry;
  GtkWidget  *expires_at_entry;
  GtkWidget  *total_cells_row;
  GtkWidget  *viable_cells_row;
  GtkWidget  *volume_ml_row;
  GtkWidget  *regulatory_pathway_row;
  GtkWidget  *ind_number_row;
  GtkWidget  *status_row;
  GtkWidget  *decision_error_label;
  GtkWidget  *aliquot_box;
  GtkWidget  *add_aliquot_button;

  GPtrArray  *aliquots;   /* MarrowForm */
  gboolean    decisions_enabled;
};

G_DEFINE_FINAL_TYPE (MarrowLotForm, marrow_lot_form, MARROW_TYPE_FORM)

static gboolean
in_quarantine (MarrowLotForm *self)
{
  MarrowRecord *lot = marrow_form_get_record (MARROW_FORM (self));

  return lot != NULL && g_strcmp0 (marrow_record_get_text (lot, "release_status"),
                                    MARROW_LOT_QUARANTINE) == 0;
}

static void
show_decision_error (MarrowLotForm *self,
                     const char    *message)
{
  gtk_label_set_text (GTK_LABEL (self->decision_error_label), message ? message : "");
  gtk_widget_set_visible (self->decision_error_label, message != NULL);
}

static void
update_actions (MarrowLotForm *self)
{
  gboolean can_decide = self->decisions_enabled && in_quarantine (self) &&
                        !marrow_form_get_is_new (MARROW_FORM (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lot.release", can_decide);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lot.reject", can_decide);
}

static char *
describe_status (MarrowLotForm *self,
                 MarrowRecord  *lot)
{
  MarrowStore *store = marrow_form_get_store (MARROW_FORM (self));
  const char *status = marrow_record_get_text (lot, "release_status");
  g_autoptr(MarrowRecord) staff = NULL;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (g_strcmp0 (status, MARROW_LOT_REJECTED) == 0)
    /* Translators: %s is the reason a lot was rejected */
    return g_strdup_printf (_("Rejected: %s"), marrow_record_get_text_or_id (lot, "release_note"));

  if (g_strcmp0 (status, MARROW_LOT_RELEASED) != 0)
    return g_strdup (self->decisions_enabled || marrow_form_get_is_new (MARROW_FORM (self))
                     ? _("In quarantine")
                     : _("In quarantine · save the run before releasing or rejecting it"));

  if (!marrow_record_is_null (lot, "released_by"))
    staff = marrow_store_lookup (store, &marrow_entity_staff,
                                 marrow_record_get_text (lot, "released_by"), NULL);
  who = staff != NULL ? marrow_form_describe_record (staff)
                      : g_strdup (marrow_record_get_text_or_id (lot, "released_by"));
  at = marrow_instant_parse (marrow_record_get_text (lot, "released_at"));
  local = at != NULL ? g_date_time_to_local (at) : NULL;
  when = local != NULL ? g_date_time_format (local, "%x %H:%M") : g_strdup ("");
  /* Translators: "Released by Dr Weber, 03/04/2026 14:05" */
  return g_strdup_printf (_("Released by %s, %s"), who, when);
}

/* Aliquots */

static void
on_aliquot_changed (MarrowLotForm *self)
{
  marrow_form_changed (MARROW_FORM (self));
}

static void
add_aliquot_form (MarrowLotForm *self,
                  MarrowRecord  *aliquot,
                  gboolean       is_new)
{
  MarrowForm *form = marrow_lot_aliquot_form_new ();
  g_autoptr(GError) error = NULL;

  gtk_box_append (GTK_BOX (self->aliquot_box), GTK_WIDGET (form));
  if (!marrow_form_set_record (form, marrow_form_get_store (MARROW_FORM (self)), aliquot, is_new,
                               &error))
    g_warning ("Could not show aliquot %s: %s", marrow_record_get_id (aliquot), error->message);
  g_signal_connect_object (form, "changed", G_CALLBACK (on_aliquot_changed), self,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (self->aliquots, form);
}

static void
clear_aliquots (MarrowLotForm *self)
{
  for (guint i = 0; i < self->aliquots->len; i++)
    gtk_box_remove (GTK_BOX (self->aliquot_box), self->aliquots->pdata[i]);
  g_ptr_array_set_size (self->aliquots, 0);
}

static void
load_aliquots (MarrowLotForm *self,
               MarrowRecord  *lot)
{
  MarrowListQuery query = { .filter_field = "lot_id", .filter_value = marrow_record_get_id (lot),
                            .order_by = "aliquot_no" };
  g_autoptr(GPtrArray) aliquots = NULL;
  g_autoptr(GError) error = NULL;

  clear_aliquots (self);
  aliquots = marrow_store_find (marrow_form_get_store (MARROW_FORM (self)),
                                &marrow_entity_product_aliquot, &query, &error);
  if (aliquots == NULL)
    {
      show_decision_error (self, error->message);
      return;
    }
  for (guint i = 0; i < aliquots->len; i++)
    add_aliquot_form (self, aliquots->pdata[i], FALSE);
}

/**
 * marrow_lot_form_add_aliquot:
 * @self: a #MarrowLotForm
 *
 * Adds a new aliquot, numbered after the lot's others, in quarantine.
 */
void
marrow_lot_form_add_aliquot (MarrowLotForm *self)
{
  MarrowRecord *lot;
  g_autoptr(MarrowRecord) aliquot = NULL;
  gint64 number = 0;

  g_return_if_fail (MARROW_IS_LOT_FORM (self));
  lot = marrow_form_get_record (MARROW_FORM (self));
  g_return_if_fail (lot != NULL);

  for (guint i = 0; i < self->aliquots->len; i++)
    number = MAX (number, marrow_record_get_int (marrow_form_get_record (self->aliquots->pdata[i]),
                                                 "aliquot_no"));
  aliquot = marrow_record_new (&marrow_entity_product_aliquot);
  marrow_record_set_text (aliquot, "lot_id", marrow_record_get_id (lot));
  marrow_record_set_int (aliquot, "aliquot_no", number + 1);
  marrow_record_set_text (aliquot, "status", MARROW_ALIQUOT_QUARANTINE);
  add_aliquot_form (self, aliquot, TRUE);
  marrow_form_changed (MARROW_FORM (self));
}

static void
add_aliquot_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  marrow_lot_form_add_aliquot (MARROW_LOT_FORM (widget));
}

/* Release and rejection */

typedef struct
{
  MarrowLotForm *self;
  GtkEditable   *note;
  gboolean       release;
} Decision;

static void
decision_free (gpointer  data,
               GClosure *closure)
{
  Decision *decision = data;

  g_object_unref (decision->self);
  g_object_unref (decision->note);
  g_free (decision);
}

/* Applies a decision to the stored lot and shows the result */
static void
decide (MarrowLotForm *self,
        gboolean       release,
        const char    *note)
{
  MarrowForm *form = MARROW_FORM (self);
  MarrowStore *store = marrow_form_get_store (form);
  MarrowRecord *record = marrow_form_get_record (form);
  g_autoptr(MarrowRecord) lot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (note ? note : ""));
  gboolean done;

  lot = marrow_store_lookup (store, &marrow_entity_product_lot, marrow_record_get_id (record),
                             &error);
  if (lot != NULL && marrow_record_get_row_version (lot) != marrow_record_get_row_version (record))
    g_set_error (&error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE,
                 _("Lot %s was changed elsewhere; close the form and open it again"),
                 marrow_record_get_text_or_id (record, "coi_id"));
  if (error != NULL)
    {
      show_decision_error (self, error->message);
      return;
    }

  if (release)
    done = marrow_store_release_lot (store, lot,
                                     *text != '\0' ? MARROW_RELEASE_CONDITIONAL
                                                   : MARROW_RELEASE_ALL_TESTS_PASS,
                                     *text != '\0' ? text : NULL, NULL, &error);
  else
    done = marrow_store_reject_lot (store, lot, text, NULL, &error);

  if (!done)
    {
      show_decision_error (self, error->message);
      return;
    }
  show_decision_error (self, NULL);
  /* Shows the stored lot and its aliquots, and tells the run form */
  if (!marrow_form_set_record (form, store, lot, FALSE, &error))
    show_decision_error (self, error->message);
}

static void
on_decision_response (AdwMessageDialog *dialog,
                      const char       *response,
                      Decision         *decision)
{
  if (g_strcmp0 (response, "release") == 0 || g_strcmp0 (response, "reject") == 0)
    decide (decision->self, decision->release, gtk_editable_get_text (decision->note));
}

static void
on_reason_changed (GtkEditable      *note,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "reject",
                                           !marrow_text_is_blank (gtk_editable_get_text (note)));
}

static void
ask_decision (MarrowLotForm *self,
              gboolean       release)
{
  MarrowRecord *lot = marrow_form_get_record (MARROW_FORM (self));
  const char *coi = marrow_record_get_text_or_id (lot, "coi_id");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *note = gtk_entry_new ();
  Decision *decision = g_new0 (Decision, 1);
  g_autofree char *heading = NULL;

  /* Translators: %s is the chain-of-identity ID of a lot */
  heading = g_strdup_printf (release ? _("Release Lot %s?") : _("Reject Lot %s?"), coi);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   release
                                   ? _("The lot and its aliquots in quarantine become usable for "
                                       "injections. You are recorded as the person who released "
                                       "it, now. Leave the note empty when every QC test passed; "
                                       "for a conditional release, say what is still pending.")
                                   : _("The lot can never be released afterwards, and its aliquots "
                                       "in quarantine are discarded. You are recorded as the person "
                                       "who rejected it, now."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), release ? _("Pending tests (conditional release only)")
                                                            : _("Reason for the rejection"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  release ? _("What is still pending, for a conditional release")
                                          : _("Reason for the rejection"),
                                  -1);
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), note);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    release ? "release" : "reject",
                                    release ? _("_Release") : _("Re_ject"),
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (release)
    {
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "release",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "release");
    }
  else
    {
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
      g_signal_connect_object (note, "changed", G_CALLBACK (on_reason_changed), dialog, 0);
    }

  decision->self = g_object_ref (self);
  decision->note = g_object_ref (GTK_EDITABLE (note));
  decision->release = release;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_decision_response), decision,
                         decision_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask_decision (MARROW_LOT_FORM (widget), TRUE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_decision (MARROW_LOT_FORM (widget), FALSE);
}

/**
 * marrow_lot_form_set_decisions_enabled:
 * @self: a #MarrowLotForm
 * @enabled: whether the form holding the lot has no unsaved change
 *
 * Release and rejection work on the stored lot; the run form allows them
 * only while nothing it shows differs from what is stored.
 */
void
marrow_lot_form_set_decisions_enabled (MarrowLotForm *self,
                                       gboolean       enabled)
{
  MarrowRecord *lot;
  g_autofree char *status = NULL;

  g_return_if_fail (MARROW_IS_LOT_FORM (self));

  self->decisions_enabled = enabled;
  update_actions (self);
  if ((lot = marrow_form_get_record (MARROW_FORM (self))) != NULL)
    {
      status = describe_status (self, lot);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), status);
    }
}

/**
 * marrow_lot_form_get_decision_error:
 * @self: a #MarrowLotForm
 *
 * Returns: (nullable): why the last release or rejection was refused
 */
const char *
marrow_lot_form_get_decision_error (MarrowLotForm *self)
{
  g_return_val_if_fail (MARROW_IS_LOT_FORM (self), NULL);

  if (!gtk_widget_get_visible (self->decision_error_label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->decision_error_label));
}

/* MarrowForm */

static void
marrow_lot_form_show_record (MarrowForm   *form,
                             MarrowRecord *record)
{
  MarrowLotForm *self = MARROW_LOT_FORM (form);
  GtkWidget *rows[] = {
    self->category_row, self->storage_row, self->storage_temp_c_row, self->dmso_pct_row,
    self->frozen_at_entry, self->expires_at_entry, self->total_cells_row, self->viable_cells_row,
    self->volume_ml_row, self->regulatory_pathway_row, self->ind_number_row,
  };
  gboolean open = in_quarantine (self);
  g_autofree char *status = describe_status (self, record);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander),
                                 marrow_record_get_text (record, "coi_id") ?: _("New product lot"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->expander),
                                 marrow_record_get_text (record, "coi_id") != NULL
                                 ? "" : _("The lot ID is issued when the run is saved"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), status);
  /* A released or rejected lot is decided: its data stay as they were */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], open);
  gtk_widget_set_visible (self->add_aliquot_button, open);
  if (!marrow_form_get_is_new (form))
    load_aliquots (self, record);
  update_actions (self);
}

static void
marrow_lot_form_collect_children (MarrowForm *form,
                                  GPtrArray  *children)
{
  MarrowLotForm *self = MARROW_LOT_FORM (form);

  g_ptr_array_extend (children, self->aliquots, NULL, NULL);
}

static gboolean
marrow_lot_form_prepare (MarrowForm    *form,
                         MarrowStore   *store,
                         MarrowRecord  *record,
                         gboolean       is_new,
                         GError       **error)
{
  MarrowLotForm *self = MARROW_LOT_FORM (form);

  marrow_form_bind (form, "category", self->category_row);
  marrow_form_bind (form, "storage", self->storage_row);
  marrow_form_bind (form, "storage_temp_c", self->storage_temp_c_row);
  marrow_form_bind (form, "dmso_pct", self->dmso_pct_row);
  marrow_form_bind (form, "frozen_at", self->frozen_at_entry);
  marrow_form_bind (form, "expires_at", self->expires_at_entry);
  marrow_form_bind (form, "total_cells", self->total_cells_row);
  marrow_form_bind (form, "viable_cells", self->viable_cells_row);
  marrow_form_bind (form, "volume_ml", self->volume_ml_row);
  marrow_form_bind (form, "regulatory_pathway", self->regulatory_pathway_row);
  marrow_form_bind (form, "ind_number", self->ind_number_row);
  marrow_form_bind_message (form, "release_status", self->status_row);

  if (is_new)
    {
      if (marrow_record_is_null (record, "origin"))
        marrow_record_set_text (record, "origin", "autologous");
      if (marrow_record_is_null (record, "release_status"))
        marrow_record_set_text (record, "release_status", MARROW_LOT_QUARANTINE);
      if (marrow_record_is_null (record, "regulatory_pathway"))
        marrow_record_set_text (record, "regulatory_pathway", "361_hctp");
    }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->expander), is_new);
  return TRUE;
}

static void
marrow_lot_form_dispose (GObject *object)
{
  MarrowLotForm *self = MARROW_LOT_FORM (object);

  g_ptr_array_set_size (self->aliquots, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_LOT_FORM);

  G_OBJECT_CLASS (marrow_lot_form_parent_class)->dispose (object);
}

static void
marrow_lot_form_finalize (GObject *object)
{
  MarrowLotForm *self = MARROW_LOT_FORM (object);

  g_ptr_array_unref (self->aliquots);

  G_OBJECT_CLASS (marrow_lot_form_parent_class)->finalize (object);
}

static void
marrow_lot_form_class_init (MarrowLotFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_lot_form_dispose;
  object_class->finalize = marrow_lot_form_finalize;
  form_class->prepare = marrow_lot_form_prepare;
  form_class->show_record = marrow_lot_form_show_record;
  form_class->collect_children = marrow_lot_form_collect_children;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-lot-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, expander);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, category_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, storage_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, storage_temp_c_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, dmso_pct_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, frozen_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, expires_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, total_cells_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, viable_cells_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, volume_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, regulatory_pathway_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, ind_number_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, decision_error_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, aliquot_box);
  gtk_widget_class_bind_template_child (widget_class, MarrowLotForm, add_aliquot_button);

  gtk_widget_class_install_action (widget_class, "lot.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "lot.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "lot.add-aliquot", NULL, add_aliquot_action);
}

static void
marrow_lot_form_init (MarrowLotForm *self)
{
  self->aliquots = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/**
 * marrow_lot_form_new:
 *
 * Returns: (transfer floating): a form for one product_lot and its aliquots
 */
MarrowForm *
marrow_lot_form_new (void)
{
  return g_object_new (MARROW_TYPE_LOT_FORM, NULL);
}
