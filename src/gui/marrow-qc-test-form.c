/* marrow-qc-test-form.c: one QC test of a processing run, edited inside the run's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A qc_test record in an expander row: collapsed, it reads "Endotoxin ·
 * Pass"; expanded, it shows the test's fields.  The run form makes one per
 * test (marrow-processing-run-form.c) and saves them with the run.
 *
 * pass_fail is computed here, because the spec is copied into the test:
 * a pending test is "pending"; a final result with a numeric spec is "pass"
 * inside spec_min…spec_max and "fail" outside; a test without a numeric
 * spec (a Gram stain read as "no organisms seen") is judged by the reader,
 * who picks pass or fail.  A new test can be removed again before it is
 * saved ("qc.remove", which emits MarrowQcTestForm::remove).
 */
#define G_LOG_DOMAIN "marrow-qc-test-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-qc-test-form.h"

struct _MarrowQcTestForm
{
  MarrowForm  parent_instance;

  GtkWidget  *expander;
  GtkWidget  *remove_button;
  GtkWidget  *test_code_row;
  GtkWidget  *method_row;
  GtkWidget  *state_row;
  GtkWidget  *result_value_row;
  GtkWidget  *unit_row;
  GtkWidget  *result_text_row;
  GtkWidget  *spec_min_row;
  GtkWidget  *spec_max_row;
  GtkWidget  *spec_text_row;
  GtkWidget  *pass_fail_row;
  GtkWidget  *sampled_at_entry;
  GtkWidget  *read_at_entry;
  GtkWidget  *reader_id_row;
};

G_DEFINE_FINAL_TYPE (MarrowQcTestForm, marrow_qc_test_form, MARROW_TYPE_FORM)

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "pass" or "fail" when a numeric spec decides it, else NULL */
static const char *
judge_by_spec (MarrowRecord *record)
{
  double value;

  if (marrow_record_is_null (record, "result_value") ||
      (marrow_record_is_null (record, "spec_min") && marrow_record_is_null (record, "spec_max")))
    return NULL;
  value = marrow_record_get_real (record, "result_value");
  if ((!marrow_record_is_null (record, "spec_min") && value < marrow_record_get_real (record, "spec_min")) ||
      (!marrow_record_is_null (record, "spec_max") && value > marrow_record_get_real (record, "spec_max")))
    return "fail";
  return "pass";
}

/* The item of @code in the pass/fail row: "not recorded", then the codes */
static guint
choice_of (const char *code)
{
  const MarrowFieldDef *field = marrow_entity_find_field (&marrow_entity_qc_test, "pass_fail");

  for (guint i = 0; field->enum_values[i] != NULL; i++)
    if (g_strcmp0 (field->enum_values[i], code) == 0)
      return i + 1;
  return 0;
}

static void
update_title (MarrowQcTestForm *self,
              MarrowRecord     *record)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  const char *code = marrow_record_get_text (record, "test_code");
  const char *pass_fail = marrow_record_get_text (record, "pass_fail");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander),
                                 code != NULL ? marrow_form_code_label (marrow_entity_find_field (entity, "test_code"), code)
                                              : _("New QC test"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->expander),
                                 pass_fail != NULL ? marrow_form_code_label (marrow_entity_find_field (entity, "pass_fail"), pass_fail)
                                                   : "");
}

static void
marrow_qc_test_form_read_record (MarrowForm   *form,
                                 MarrowRecord *record)
{
  MarrowQcTestForm *self = MARROW_QC_TEST_FORM (form);
  const char *judged = judge_by_spec (record);
  gboolean pending = g_strcmp0 (marrow_record_get_text (record, "state"), "pending") == 0;

  if (pending)
    marrow_record_set_text (record, "pass_fail", "pending");
  else if (judged != NULL)
    marrow_record_set_text (record, "pass_fail", judged);
  else if (g_strcmp0 (marrow_record_get_text (record, "pass_fail"), "pending") == 0)
    marrow_record_set_null (record, "pass_fail");
  /* The reader picks pass or fail only where no numeric spec decides; the
   * row shows what was decided (reading it back gives the same value) */
  gtk_widget_set_sensitive (self->pass_fail_row, !pending && judged == NULL);
  if (pending || judged != NULL)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->pass_fail_row),
                                choice_of (marrow_record_get_text (record, "pass_fail")));
  update_title (self, record);
}

static void
marrow_qc_test_form_show_record (MarrowForm   *form,
                                 MarrowRecord *record)
{
  MarrowQcTestForm *self = MARROW_QC_TEST_FORM (form);

  gtk_widget_set_visible (self->remove_button, marrow_form_get_is_new (form));
  update_title (self, record);
}

static gboolean
marrow_qc_test_form_prepare (MarrowForm    *form,
                             MarrowStore   *store,
                             MarrowRecord  *record,
                             gboolean       is_new,
                             GError       **error)
{
  MarrowQcTestForm *self = MARROW_QC_TEST_FORM (form);

  marrow_form_bind (form, "test_code", self->test_code_row);
  marrow_form_bind (form, "method", self->method_row);
  marrow_form_bind (form, "state", self->state_row);
  marrow_form_bind (form, "result_value", self->result_value_row);
  marrow_form_bind (form, "unit", self->unit_row);
  marrow_form_bind (form, "result_text", self->result_text_row);
  marrow_form_bind (form, "spec_min", self->spec_min_row);
  marrow_form_bind (form, "spec_max", self->spec_max_row);
  marrow_form_bind (form, "spec_text", self->spec_text_row);
  marrow_form_bind (form, "pass_fail", self->pass_fail_row);
  marrow_form_bind (form, "sampled_at", self->sampled_at_entry);
  marrow_form_bind (form, "read_at", self->read_at_entry);
  if (!marrow_form_bind_reference (form, "reader_id", ADW_COMBO_ROW (self->reader_id_row),
                                   "active", "1", error))
    return FALSE;

  if (is_new && marrow_record_is_null (record, "state"))
    marrow_record_set_text (record, "state", "final");
  if (is_new && marrow_record_is_null (record, "reader_id") &&
      marrow_store_get_staff_id (store) != NULL)
    marrow_record_set_text (record, "reader_id", marrow_store_get_staff_id (store));
  /* A new test is filled in at once; a stored one is read at a glance */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->expander), is_new);
  return TRUE;
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
marrow_qc_test_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_QC_TEST_FORM);

  G_OBJECT_CLASS (marrow_qc_test_form_parent_class)->dispose (object);
}

static void
marrow_qc_test_form_class_init (MarrowQcTestFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_qc_test_form_dispose;
  form_class->prepare = marrow_qc_test_form_prepare;
  form_class->show_record = marrow_qc_test_form_show_record;
  form_class->read_record = marrow_qc_test_form_read_record;

  /**
   * MarrowQcTestForm::remove:
   *
   * The user removed this new, unsaved test; the run form drops it.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-qc-test-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, expander);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, remove_button);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, test_code_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, method_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, state_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, result_value_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, unit_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, result_text_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, spec_min_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, spec_max_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, spec_text_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, pass_fail_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, sampled_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, read_at_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowQcTestForm, reader_id_row);

  gtk_widget_class_install_action (widget_class, "qc.remove", NULL, remove_action);
}

static void
marrow_qc_test_form_init (MarrowQcTestForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * marrow_qc_test_form_new:
 *
 * Returns: (transfer floating): a form for one qc_test; give it its record
 *   with marrow_form_set_record()
 */
MarrowForm *
marrow_qc_test_form_new (void)
{
  return g_object_new (MARROW_TYPE_QC_TEST_FORM, NULL);
}
