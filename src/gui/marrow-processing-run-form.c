/* marrow-processing-run-form.c: a processing run with its inputs, QC tests and lots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One form for what the laboratory records about one run (domain model
 * 4.5 to 4.7), saved in one change set:
 *
 * - the processing_run itself (bound rows);
 * - its inputs: the patient's harvests, one check row each; a new run
 *   needs at least one (check_composite).  The chain-of-identity IDs of the
 *   run and its lots derive from the first input, so the inputs of a saved
 *   run are shown but not changed;
 * - its QC tests, each in a MarrowQcTestForm, and its product lots with
 *   their aliquots, each lot in a MarrowLotForm.  These are the form's
 *   children (marrow-form-tree.h): the dialog validates them, asks for
 *   the reasons of their warnings and saves each new or changed one with
 *   the run (add_changes).
 *
 * The patient: a new run is opened for one (the "patient-id" property,
 * marrow_form_dialog_new_for_patient()); a saved run finds it through its
 * first input.  Lots made here are autologous, of that patient.
 */
#define G_LOG_DOMAIN "marrow-processing-run-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-form-labels.h"
#include "marrow-form-tree.h"
#include "marrow-local-zone.h"
#include "marrow-lot-form.h"
#include "marrow-lot-state.h"
#include "marrow-processing-run-form.h"
#include "marrow-qc-test-form.h"
#include "marrow-validate.h"

struct _MarrowProcessingRunForm
{
  MarrowForm  parent_instance;

  GtkWidget  *run_code_row;
  GtkWidget  *method_row;
  GtkWidget  *started_at_entry;
  GtkWidget  *ended_at_entry;
  GtkWidget  *facility_row;
  GtkWidget  *device_name_row;
  GtkWidget  *device_model_row;
  GtkWidget  *kit_lot_row;
  GtkWidget  *kit_expiry_entry;
  GtkWidget  *inputs_group;
  GtkWidget  *inputs_message;
  GtkWidget  *input_volume_ml_row;
  GtkWidget  *output_volume_ml_row;
  GtkWidget  *tnc_pre_cells_row;
  GtkWidget  *tnc_post_cells_row;
  GtkWidget  *tnc_post_per_ml_row;
  GtkWidget  *cfu_f_per_ml_row;
  GtkWidget  *viability_pct_row;
  GtkWidget  *viability_method_row;
  GtkWidget  *operator_id_row;
  GtkWidget  *has_deviation_switch;
  GtkWidget  *deviation_text_row;
  GtkWidget  *qa_reviewed_by_row;
  GtkWidget  *qa_reviewed_at_entry;
  GtkWidget  *qc_box;
  GtkWidget  *lot_box;

  char       *patient_id;
  GPtrArray  *harvests;   /* MarrowRecord, the patient's, each with its check button */
  GPtrArray  *checks;     /* GtkCheckButton, parallel to harvests */
  GPtrArray  *qc_tests;   /* MarrowForm */
  GPtrArray  *lots;       /* MarrowForm */
};

G_DEFINE_FINAL_TYPE (MarrowProcessingRunForm, marrow_processing_run_form, MARROW_TYPE_FORM)

enum {
  PROP_0,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MarrowStore *
store_of (MarrowProcessingRunForm *self)
{
  return marrow_form_get_store (MARROW_FORM (self));
}

static const char *
run_id (MarrowProcessingRunForm *self)
{
  return marrow_record_get_id (marrow_form_get_record (MARROW_FORM (self)));
}

static GPtrArray *
find_of_run (MarrowProcessingRunForm  *self,
             const MarrowEntityDef    *entity,
             GError                  **error)
{
  MarrowListQuery query = { .filter_field = "processing_run_id", .filter_value = run_id (self) };

  return marrow_store_find (store_of (self), entity, &query, error);
}

/* Children */

static void
on_child_changed (MarrowProcessingRunForm *self)
{
  marrow_form_changed (MARROW_FORM (self));
}

static MarrowForm *
add_child (MarrowProcessingRunForm *self,
           MarrowForm              *form,
           GtkWidget               *box,
           GPtrArray               *list,
           MarrowRecord            *record,
           gboolean                 is_new)
{
  g_autoptr(GError) error = NULL;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form));
  if (!marrow_form_set_record (form, store_of (self), record, is_new, &error))
    g_warning ("Could not show %s %s: %s", marrow_record_get_entity_name (record),
               marrow_record_get_id (record), error->message);
  g_signal_connect_object (form, "changed", G_CALLBACK (on_child_changed), self,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (list, form);
  return form;
}

static void
on_qc_test_remove (MarrowProcessingRunForm *self,
                   MarrowForm              *form)
{
  gtk_box_remove (GTK_BOX (self->qc_box), GTK_WIDGET (form));
  g_ptr_array_remove (self->qc_tests, form);
  marrow_form_changed (MARROW_FORM (self));
}

static MarrowForm *
add_qc_test_form (MarrowProcessingRunForm *self,
                  MarrowRecord            *test,
                  gboolean                 is_new)
{
  MarrowForm *form = marrow_qc_test_form_new ();

  g_signal_connect_object (form, "remove", G_CALLBACK (on_qc_test_remove), self,
                           G_CONNECT_SWAPPED);
  return add_child (self, form, self->qc_box, self->qc_tests, test, is_new);
}

static void
clear_children (MarrowProcessingRunForm *self)
{
  for (guint i = 0; i < self->qc_tests->len; i++)
    gtk_box_remove (GTK_BOX (self->qc_box), self->qc_tests->pdata[i]);
  g_ptr_array_set_size (self->qc_tests, 0);
  for (guint i = 0; i < self->lots->len; i++)
    gtk_box_remove (GTK_BOX (self->lot_box), self->lots->pdata[i]);
  g_ptr_array_set_size (self->lots, 0);
}

/* The stored tests and lots of a saved run */
static void
load_children (MarrowProcessingRunForm *self)
{
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GError) error = NULL;

  clear_children (self);
  if (!(tests = find_of_run (self, &marrow_entity_qc_test, &error)) ||
      !(lots = find_of_run (self, &marrow_entity_product_lot, &error)))
    {
      g_warning ("Could not read the tests and lots of run %s: %s", run_id (self), error->message);
      return;
    }
  for (guint i = 0; i < tests->len; i++)
    add_qc_test_form (self, tests->pdata[i], FALSE);
  for (guint i = 0; i < lots->len; i++)
    add_child (self, marrow_lot_form_new (), self->lot_box, self->lots, lots->pdata[i], FALSE);
}

/**
 * marrow_processing_run_form_add_qc_test:
 * @self: a #MarrowProcessingRunForm
 *
 * Adds a new QC test of the run, final and read by the acting user unless
 * changed.
 *
 * Returns: (transfer none): its form
 */
MarrowForm *
marrow_processing_run_form_add_qc_test (MarrowProcessingRunForm *self)
{
  g_autoptr(MarrowRecord) test = marrow_record_new (&marrow_entity_qc_test);
  MarrowForm *form;

  g_return_val_if_fail (MARROW_IS_PROCESSING_RUN_FORM (self), NULL);

  marrow_record_set_text (test, "processing_run_id", run_id (self));
  form = add_qc_test_form (self, test, TRUE);
  marrow_form_changed (MARROW_FORM (self));
  return form;
}

/**
 * marrow_processing_run_form_add_lot:
 * @self: a #MarrowProcessingRunForm
 *
 * Adds a new autologous lot of the run's patient, in quarantine, with one
 * aliquot (a fresh product is one syringe; add more for vials).
 *
 * Returns: (transfer none): its form
 */
MarrowForm *
marrow_processing_run_form_add_lot (MarrowProcessingRunForm *self)
{
  g_autoptr(MarrowRecord) lot = marrow_record_new (&marrow_entity_product_lot);
  MarrowForm *form;

  g_return_val_if_fail (MARROW_IS_PROCESSING_RUN_FORM (self), NULL);

  marrow_record_set_text (lot, "processing_run_id", run_id (self));
  if (self->patient_id != NULL)
    marrow_record_set_text (lot, "source_patient_id", self->patient_id);
  form = add_child (self, marrow_lot_form_new (), self->lot_box, self->lots, lot, TRUE);
  marrow_lot_form_add_aliquot (MARROW_LOT_FORM (form));
  marrow_form_changed (MARROW_FORM (self));
  return form;
}

/**
 * marrow_processing_run_form_get_lots:
 * @self: a #MarrowProcessingRunForm
 *
 * Returns: (transfer none) (element-type MarrowLotForm): the forms of the run's lots
 */
GPtrArray *
marrow_processing_run_form_get_lots (MarrowProcessingRunForm *self)
{
  g_return_val_if_fail (MARROW_IS_PROCESSING_RUN_FORM (self), NULL);

  return self->lots;
}

/* The buttons sit above the tests and lots they add: the focus moves into
 * the new one, so the keyboard does not have to pass every earlier one */
static void
add_qc_test_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MarrowForm *test = marrow_processing_run_form_add_qc_test (MARROW_PROCESSING_RUN_FORM (widget));

  if (test != NULL)
    gtk_widget_child_focus (GTK_WIDGET (test), GTK_DIR_TAB_FORWARD);
}

static void
add_lot_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MarrowForm *lot = marrow_processing_run_form_add_lot (MARROW_PROCESSING_RUN_FORM (widget));

  if (lot != NULL)
    gtk_widget_child_focus (GTK_WIDGET (lot), GTK_DIR_TAB_FORWARD);
}

/* Inputs */

static guint
n_checked (MarrowProcessingRunForm *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (self->checks->pdata[i]);
  return n;
}

/* A run processes at least one harvest of the patient */
static const char *
inputs_problem (MarrowProcessingRunForm *self)
{
  if (n_checked (self) > 0)
    return NULL;
  return self->checks->len > 0 ? _("Choose the harvest (or harvests) processed in this run")
                               : _("The patient has no harvest yet; record the harvest first");
}

static void
on_input_toggled (MarrowProcessingRunForm *self)
{
  marrow_form_changed (MARROW_FORM (self));
}

/* The patient of a saved run: the patient of its first input's harvest */
static gboolean
find_patient (MarrowProcessingRunForm  *self,
              GError                  **error)
{
  g_autoptr(GPtrArray) inputs = find_of_run (self, &marrow_entity_processing_input, error);
  g_autoptr(MarrowRecord) harvest = NULL;

  if (inputs == NULL)
    return FALSE;
  if (inputs->len == 0)
    return TRUE;
  harvest = marrow_store_lookup (store_of (self), &marrow_entity_harvest,
                                 marrow_record_get_text (inputs->pdata[0], "harvest_id"), error);
  if (harvest == NULL)
    return FALSE;
  marrow_processing_run_form_set_patient_id (self, marrow_record_get_text (harvest, "patient_id"));
  return TRUE;
}

static gboolean
load_harvests (MarrowProcessingRunForm  *self,
               GError                  **error)
{
  MarrowListQuery query = { .filter_field = "patient_id", .filter_value = self->patient_id,
                            .order_by = "started_at", .descending = TRUE };
  g_autoptr(GPtrArray) harvests = NULL;

  if (self->patient_id == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("A processing run is recorded for one patient; open it from the patient"));
      return FALSE;
    }
  if (!(harvests = marrow_store_find (store_of (self), &marrow_entity_harvest, &query, error)))
    return FALSE;

  for (guint i = 0; i < harvests->len; i++)
    {
      g_autofree char *title = marrow_form_describe_record (harvests->pdata[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      /* The row's title labels its activatable widget: no label of its own,
       * which GTK 4.8 would read as well */
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_input_toggled), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->inputs_group), row);
      g_ptr_array_add (self->harvests, g_object_ref (harvests->pdata[i]));
      g_ptr_array_add (self->checks, check);
    }
  return TRUE;
}

/* Checks the stored inputs of a saved run, which stay as they are */
static void
show_inputs (MarrowProcessingRunForm *self,
             gboolean                 is_new)
{
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->checks->len; i++)
    {
      gtk_widget_set_sensitive (self->checks->pdata[i], is_new);
      gtk_check_button_set_active (self->checks->pdata[i], is_new && i == 0);
    }
  if (is_new)
    return;
  if (!(inputs = find_of_run (self, &marrow_entity_processing_input, &error)))
    {
      g_warning ("Could not read the inputs of run %s: %s", run_id (self), error->message);
      return;
    }
  for (guint i = 0; i < inputs->len; i++)
    for (guint j = 0; j < self->harvests->len; j++)
      if (g_strcmp0 (marrow_record_get_text (inputs->pdata[i], "harvest_id"),
                     marrow_record_get_id (self->harvests->pdata[j])) == 0)
        gtk_check_button_set_active (self->checks->pdata[j], TRUE);
}

/* MarrowForm */

static void
marrow_processing_run_form_show_record (MarrowForm   *form,
                                        MarrowRecord *record)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (form);
  const char *code = marrow_record_get_text (record, "run_code");
  gboolean is_new = marrow_form_get_is_new (form);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->run_code_row),
                               code != NULL ? code : _("Issued when the run is saved"));
  show_inputs (self, is_new);
  if (!is_new)
    load_children (self);
}

static void
marrow_processing_run_form_read_record (MarrowForm   *form,
                                        MarrowRecord *record)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (form);
  g_autofree char *zone = NULL;
  gboolean decided = !marrow_form_get_is_new (form) && !marrow_form_tree_is_modified (form);

  if (marrow_record_is_null (record, "tz") && (zone = marrow_local_zone_name ()) != NULL)
    marrow_record_set_text (record, "tz", zone);
  gtk_label_set_text (GTK_LABEL (self->inputs_message), inputs_problem (self) ?: "");
  gtk_widget_set_visible (self->inputs_message, inputs_problem (self) != NULL);
  gtk_widget_set_visible (self->deviation_text_row,
                          gtk_switch_get_active (GTK_SWITCH (self->has_deviation_switch)));
  for (guint i = 0; i < self->lots->len; i++)
    marrow_lot_form_set_decisions_enabled (self->lots->pdata[i], decided);
}

static gboolean
marrow_processing_run_form_check_composite (MarrowForm  *form,
                                            GPtrArray   *warnings,
                                            GError     **error)
{
  const char *problem = inputs_problem (MARROW_PROCESSING_RUN_FORM (form));

  if (problem != NULL)
    marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "", "%s", problem);
  return problem == NULL;
}

static void
marrow_processing_run_form_collect_children (MarrowForm *form,
                                             GPtrArray  *children)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (form);

  g_ptr_array_extend (children, self->qc_tests, NULL, NULL);
  g_ptr_array_extend (children, self->lots, NULL, NULL);
}

static void
marrow_processing_run_form_add_changes (MarrowForm      *form,
                                        MarrowChangeSet *changes,
                                        gboolean         is_new)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (form);
  g_autoptr(GPtrArray) forms = marrow_form_tree_list (form);

  MARROW_FORM_CLASS (marrow_processing_run_form_parent_class)->add_changes (form, changes, is_new);

  /* The inputs of a new run, before its lots: their IDs derive from the
   * first input's harvest */
  for (guint i = 0; is_new && i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      {
        g_autoptr(MarrowRecord) input = marrow_record_new (&marrow_entity_processing_input);

        marrow_record_set_text (input, "processing_run_id", run_id (self));
        marrow_record_set_text (input, "harvest_id", marrow_record_get_id (self->harvests->pdata[i]));
        marrow_change_set_add_insert (changes, input);
      }

  /* Every new or changed child, a lot before its aliquots */
  for (guint i = 1; i < forms->len; i++)
    if (marrow_form_get_is_new (forms->pdata[i]) || marrow_form_is_modified (forms->pdata[i]))
      marrow_form_add_changes (forms->pdata[i], changes);
}

static gboolean
marrow_processing_run_form_prepare (MarrowForm    *form,
                                    MarrowStore   *store,
                                    MarrowRecord  *record,
                                    gboolean       is_new,
                                    GError       **error)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (form);

  marrow_form_bind (form, "method", self->method_row);
  marrow_form_bind (form, "started_at", self->started_at_entry);
  marrow_form_bind (form, "ended_at", self->ended_at_entry);
  marrow_form_bind (form, "facility", self->facility_row);
  marrow_form_bind (form, "device_name", self->device_name_row);
  marrow_form_bind (form, "device_model", self->device_model_row);
  marrow_form_bind (form, "kit_lot", self->kit_lot_row);
  marrow_form_bind (form, "kit_expiry", self->kit_expiry_entry);
  marrow_form_bind (form, "input_volume_ml", self->input_volume_ml_row);
  marrow_form_bind (form, "output_volume_ml", self->output_volume_ml_row);
  marrow_form_bind (form, "tnc_pre_cells", self->tnc_pre_cells_row);
  marrow_form_bind (form, "tnc_post_cells", self->tnc_post_cells_row);
  marrow_form_bind (form, "tnc_post_per_ml", self->tnc_post_per_ml_row);
  marrow_form_bind (form, "cfu_f_per_ml", self->cfu_f_per_ml_row);
  marrow_form_bind (form, "viability_pct", self->viability_pct_row);
  marrow_form_bind (form, "viability_method", self->viability_method_row);
  marrow_form_bind (form, "has_deviation", self->has_deviation_switch);
  marrow_form_bind (form, "deviation_text", self->deviation_text_row);
  if (!marrow_form_bind_reference (form, "operator_id", ADW_COMBO_ROW (self->operator_id_row),
                                   "active", "1", error) ||
      !marrow_form_bind_reference (form, "qa_reviewed_by", ADW_COMBO_ROW (self->qa_reviewed_by_row),
                                   "active", "1", error))
    return FALSE;
  marrow_form_bind (form, "qa_reviewed_at", self->qa_reviewed_at_entry);

  if (self->patient_id == NULL && !is_new && !find_patient (self, error))
    return FALSE;
  if (!load_harvests (self, error))
    return FALSE;

  if (is_new && marrow_record_is_null (record, "operator_id") &&
      marrow_store_get_staff_id (store) != NULL)
    marrow_record_set_text (record, "operator_id", marrow_store_get_staff_id (store));
  if (is_new && marrow_record_is_null (record, "facility"))
    {
      g_autofree char *site = NULL;

      if (marrow_store_get_setting (store, "site_name", &site, NULL) && !marrow_text_is_blank (site))
        marrow_record_set_text (record, "facility", site);
    }
  return TRUE;
}

static void
marrow_processing_run_form_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (object);

  switch (prop_id)
    {
    case PROP_PATIENT_ID:
      g_value_set_string (value, marrow_processing_run_form_get_patient_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_processing_run_form_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (object);

  switch (prop_id)
    {
    case PROP_PATIENT_ID:
      marrow_processing_run_form_set_patient_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_processing_run_form_dispose (GObject *object)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (object);

  g_ptr_array_set_size (self->qc_tests, 0);
  g_ptr_array_set_size (self->lots, 0);
  g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_PROCESSING_RUN_FORM);

  G_OBJECT_CLASS (marrow_processing_run_form_parent_class)->dispose (object);
}

static void
marrow_processing_run_form_finalize (GObject *object)
{
  MarrowProcessingRunForm *self = MARROW_PROCESSING_RUN_FORM (object);

  g_free (self->patient_id);
  g_ptr_array_unref (self->harvests);
  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->qc_tests);
  g_ptr_array_unref (self->lots);

  G_OBJECT_CLASS (marrow_processing_run_form_parent_class)->finalize (object);
}

static void
marrow_processing_run_form_class_init (MarrowProcessingRunFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_processing_run_form_dispose;
  object_class->finalize = marrow_processing_run_form_finalize;
  object_class->get_property = marrow_processing_run_form_get_property;
  object_class->set_property = marrow_processing_run_form_set_property;
  form_class->prepare = marrow_processing_run_form_prepare;
  form_class->show_record = marrow_processing_run_form_show_record;
  form_class->read_record = marrow_processing_run_form_read_record;
  form_class->check_composite = marrow_processing_run_form_check_composite;
  form_class->collect_children = marrow_processing_run_form_collect_children;
  form_class->add_changes = marrow_processing_run_form_add_changes;

  /**
   * MarrowProcessingRunForm:patient-id:
   *
   * The patient whose harvests the run processes.
   */
  properties[PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-processing-run-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, run_code_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, method_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, started_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, ended_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, facility_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, device_name_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, device_model_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, kit_lot_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, kit_expiry_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, inputs_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, inputs_message);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, input_volume_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, output_volume_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, tnc_pre_cells_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, tnc_post_cells_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, tnc_post_per_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, cfu_f_per_ml_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, viability_pct_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, viability_method_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, operator_id_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, has_deviation_switch);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, deviation_text_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, qa_reviewed_by_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, qa_reviewed_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, qc_box);
  gtk_widget_class_bind_template_child (widget_class, MarrowProcessingRunForm, lot_box);

  gtk_widget_class_install_action (widget_class, "run.add-qc-test", NULL, add_qc_test_action);
  gtk_widget_class_install_action (widget_class, "run.add-lot", NULL, add_lot_action);
}

static void
marrow_processing_run_form_init (MarrowProcessingRunForm *self)
{
  self->harvests = g_ptr_array_new_with_free_func (g_object_unref);
  self->checks = g_ptr_array_new ();
  self->qc_tests = g_ptr_array_new ();
  self->lots = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * marrow_processing_run_form_get_patient_id:
 * @self: a #MarrowProcessingRunForm
 *
 * Returns: (nullable): the id of the patient whose harvests the run processes
 */
const char *
marrow_processing_run_form_get_patient_id (MarrowProcessingRunForm *self)
{
  g_return_val_if_fail (MARROW_IS_PROCESSING_RUN_FORM (self), NULL);

  return self->patient_id;
}

/**
 * marrow_processing_run_form_set_patient_id:
 * @self: a #MarrowProcessingRunForm
 * @patient_id: (nullable): the patient, before the form gets its record
 */
void
marrow_processing_run_form_set_patient_id (MarrowProcessingRunForm *self,
                                           const char              *patient_id)
{
  g_return_if_fail (MARROW_IS_PROCESSING_RUN_FORM (self));

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    return;
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ID]);
}
