/* marrow-case-form.c: the form of a joint case, including closing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller presets patient_id.  Most rows map to one field of
 * "joint_case"; the Status row does not.  It offers what the practice
 * means by closing a case, and writes the three fields the core keeps for
 * it (status, closed_reason, surgery_date/surgery_type):
 *
 * | Status row                    | status               | closed_reason       |
 * |-------------------------------|----------------------|---------------------|
 * | Active                        | active               | —                   |
 * | Closed: treatment completed   | closed               | "completed"         |
 * | Closed: converted to surgery  | converted_to_surgery | — (date and type)   |
 * | Closed: lost to follow-up     | closed               | "lost_to_follow_up" |
 * | Closed: other reason          | closed               | the text typed      |
 *
 * closed_reason is free text in the core (older records and imports hold
 * prose); the two codes are what this form writes for the fixed reasons,
 * and marrow_form_code_label() names them.
 */
#define G_LOG_DOMAIN "marrow-case-form"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-instruments.h"
#include "marrow-case-form.h"
#include "marrow-date-entry.h"
#include "marrow-instrument.h"

typedef enum
{
  CLOSING_ACTIVE,
  CLOSING_COMPLETED,
  CLOSING_SURGERY,
  CLOSING_LOST,
  CLOSING_OTHER,
} Closing;

#define REASON_COMPLETED "completed"
#define REASON_LOST      "lost_to_follow_up"

struct _MarrowCaseForm
{
  MarrowForm  parent_instance;

  GtkWidget  *site_row;
  GtkWidget  *side_row;
  GtkWidget  *diagnosis_code_row;
  GtkWidget  *diagnosis_text_row;
  GtkWidget  *diagnosis_system_row;
  GtkWidget  *kl_grade_row;
  GtkWidget  *onset_date_entry;
  GtkWidget  *primary_instrument_row;
  GtkWidget  *closing_row;
  GtkWidget  *closed_reason_row;
  GtkWidget  *surgery_date_row;
  GtkWidget  *surgery_date_entry;
  GtkWidget  *surgery_type_row;
};

G_DEFINE_FINAL_TYPE (MarrowCaseForm, marrow_case_form, MARROW_TYPE_FORM)

static Closing
get_closing (MarrowCaseForm *self)
{
  return (Closing)adw_combo_row_get_selected (ADW_COMBO_ROW (self->closing_row));
}

/* Shows the rows the chosen status needs and empties the others, so that
 * nothing hidden can hold the form back */
static void
show_closing_rows (MarrowCaseForm *self)
{
  Closing closing = get_closing (self);

  gtk_widget_set_visible (self->closed_reason_row, closing == CLOSING_OTHER);
  gtk_widget_set_visible (self->surgery_date_row, closing == CLOSING_SURGERY);
  gtk_widget_set_visible (self->surgery_type_row, closing == CLOSING_SURGERY);

  if (closing != CLOSING_OTHER)
    gtk_editable_set_text (GTK_EDITABLE (self->closed_reason_row), "");
  if (closing != CLOSING_SURGERY)
    {
      marrow_date_entry_set_value (MARROW_DATE_ENTRY (self->surgery_date_entry), NULL);
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->surgery_type_row), 0);
    }
}

static void
on_closing_changed (MarrowCaseForm *self)
{
  show_closing_rows (self);
  marrow_form_changed (MARROW_FORM (self));
}

static void
marrow_case_form_show_record (MarrowForm   *form,
                              MarrowRecord *record)
{
  MarrowCaseForm *self = MARROW_CASE_FORM (form);
  const char *status = marrow_record_get_text (record, "status");
  const char *reason = marrow_record_get_text (record, "closed_reason");
  Closing closing = CLOSING_ACTIVE;

  if (g_strcmp0 (status, "converted_to_surgery") == 0)
    closing = CLOSING_SURGERY;
  else if (g_strcmp0 (status, "closed") == 0 && g_strcmp0 (reason, REASON_COMPLETED) == 0)
    closing = CLOSING_COMPLETED;
  else if (g_strcmp0 (status, "closed") == 0 && g_strcmp0 (reason, REASON_LOST) == 0)
    closing = CLOSING_LOST;
  else if (g_strcmp0 (status, "closed") == 0)
    closing = CLOSING_OTHER;

  g_signal_handlers_block_by_func (self->closing_row, on_closing_changed, self);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->closing_row), closing);
  g_signal_handlers_unblock_by_func (self->closing_row, on_closing_changed, self);
  gtk_widget_set_visible (self->closed_reason_row, closing == CLOSING_OTHER);
  gtk_widget_set_visible (self->surgery_date_row, closing == CLOSING_SURGERY);
  gtk_widget_set_visible (self->surgery_type_row, closing == CLOSING_SURGERY);
  /* The reason row shows only a reason in words, never a code */
  if (closing != CLOSING_OTHER)
    gtk_editable_set_text (GTK_EDITABLE (self->closed_reason_row), "");
}

static void
marrow_case_form_read_record (MarrowForm   *form,
                              MarrowRecord *record)
{
  MarrowCaseForm *self = MARROW_CASE_FORM (form);
  Closing closing = get_closing (self);

  switch (closing)
    {
    case CLOSING_SURGERY:
      marrow_record_set_text (record, "status", "converted_to_surgery");
      marrow_record_set_null (record, "closed_reason");
      return;
    case CLOSING_COMPLETED:
      marrow_record_set_text (record, "status", "closed");
      marrow_record_set_text (record, "closed_reason", REASON_COMPLETED);
      break;
    case CLOSING_LOST:
      marrow_record_set_text (record, "status", "closed");
      marrow_record_set_text (record, "closed_reason", REASON_LOST);
      break;
    case CLOSING_OTHER:
      /* closed_reason is the text typed, read by its binding */
      marrow_record_set_text (record, "status", "closed");
      break;
    case CLOSING_ACTIVE:
    default:
      marrow_record_set_text (record, "status", "active");
      marrow_record_set_null (record, "closed_reason");
      break;
    }
  marrow_record_set_null (record, "surgery_date");
  marrow_record_set_null (record, "surgery_type");
}

/* The Kellgren-Lawrence grades with their meaning */
static void
bind_kl_grade (MarrowCaseForm *self)
{
  static const char * const codes[] = { "0", "1", "2", "3", "4", NULL };
  const char *labels[] = {
    _("0 — none"),
    _("1 — doubtful narrowing"),
    _("2 — minimal, definite osteophytes"),
    _("3 — moderate, multiple osteophytes"),
    _("4 — severe, bone deformity"),
    NULL
  };

  marrow_form_bind_choices (MARROW_FORM (self), "kl_grade", ADW_COMBO_ROW (self->kl_grade_row),
                            codes, labels);
}

static gboolean
marrow_case_form_prepare (MarrowForm    *form,
                          MarrowStore   *store,
                          MarrowRecord  *record,
                          gboolean       is_new,
                          GError       **error)
{
  MarrowCaseForm *self = MARROW_CASE_FORM (form);

  marrow_form_bind (form, "site", self->site_row);
  marrow_form_bind (form, "side", self->side_row);
  marrow_form_bind (form, "diagnosis_code", self->diagnosis_code_row);
  marrow_form_bind (form, "diagnosis_text", self->diagnosis_text_row);
  marrow_form_bind (form, "diagnosis_system", self->diagnosis_system_row);
  bind_kl_grade (self);
  marrow_form_bind (form, "onset_date", self->onset_date_entry);
  if (!marrow_assessment_bind_instruments (form, "primary_instrument",
                                           ADW_COMBO_ROW (self->primary_instrument_row), store,
                                           error))
    return FALSE;
  marrow_form_bind_message (form, "status", self->closing_row);
  marrow_form_bind (form, "closed_reason", self->closed_reason_row);
  marrow_form_bind (form, "surgery_date", self->surgery_date_entry);
  marrow_form_bind (form, "surgery_type", self->surgery_type_row);

  if (is_new && marrow_record_is_null (record, "status"))
    marrow_record_set_text (record, "status", "active");
  return TRUE;
}

static void
marrow_case_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_CASE_FORM);

  G_OBJECT_CLASS (marrow_case_form_parent_class)->dispose (object);
}

static void
marrow_case_form_class_init (MarrowCaseFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_case_form_dispose;
  form_class->prepare = marrow_case_form_prepare;
  form_class->show_record = marrow_case_form_show_record;
  form_class->read_record = marrow_case_form_read_record;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-case-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, site_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, side_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, diagnosis_code_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, diagnosis_text_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, diagnosis_system_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, kl_grade_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, onset_date_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, primary_instrument_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, closing_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, closed_reason_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, surgery_date_row);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, surgery_date_entry);
  gtk_widget_class_bind_template_child (widget_class, MarrowCaseForm, surgery_type_row);
}

static void
marrow_case_form_init (MarrowCaseForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->closing_row, "notify::selected",
                            G_CALLBACK (on_closing_changed), self);
}
