/* marrow-guidance-panel.c: a case's repeat-treatment guidance and the physician's decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6, point 7: the case page shows the engine's evaluation of the case
 * on a day (today), as "marrow-cli guidance" prints it: classification and
 * durability, recommendation, flags, next review, and every statement with
 * its citation and evidence class.  Accept and Override (with a reason)
 * store the physician's decision with marrow_guidance_decision_record(),
 * which keeps the inputs snapshot the panel evaluated; the decision that
 * stands for the day is shown below the recommendation.
 */
#define G_LOG_DOMAIN "marrow-guidance-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-dashboard-row.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-panel.h"
#include "marrow-guidance-panel-labels.h"
#include "marrow-list-box.h"
#include "marrow-validate.h"

struct _MarrowGuidancePanel
{
  AdwBin                          parent_instance;

  MarrowStore                    *store;
  MarrowGuidanceProtocolRegistry *protocols;
  MarrowRecord                   *joint_case;
  MarrowDay                       as_of;
  MarrowGuidanceEvaluation       *evaluation;
  MarrowGuidanceSnapshot         *snapshot;

  /* template children */
  AdwPreferencesGroup            *summary_group;
  GtkListBox                     *summary_list;
  GtkListBox                     *statements_list;
  GtkLabel                       *evaluated_label;
  GtkLabel                       *error_label;
};

G_DEFINE_FINAL_TYPE (MarrowGuidancePanel, marrow_guidance_panel, ADW_TYPE_BIN)

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = marrow_dashboard_row_new (title, NULL);
  GtkWidget *label = gtk_label_new (value);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", title, value);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (row, title);
  marrow_dashboard_row_add_suffix (MARROW_DASHBOARD_ROW (row), label);
  marrow_dashboard_row_set_accessible_label (MARROW_DASHBOARD_ROW (row), accessible);
  gtk_list_box_append (list, row);
}

/* The recommendation as the list's headline, the response and the flags
 * below it */
static void
add_recommendation (MarrowGuidancePanel *self,
                    const char          *recommendation,
                    const char          *response,
                    const char          *flags)
{
  GtkWidget *row;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;

  if (flags != NULL)
    /* Translators: below the recommendation: the response, then the flags */
    details = g_strdup_printf (_("%s · %s"), response, flags);
  else
    details = g_strdup (response);
  row = marrow_dashboard_row_new (recommendation, details);
  gtk_widget_set_name (row, "Recommendation");
  gtk_widget_add_css_class (row, "guidance-recommendation");
  /* Translators: the recommendation row for a screen reader */
  accessible = g_strdup_printf (_("Recommendation: %s; response: %s"), recommendation, details);
  marrow_dashboard_row_set_accessible_label (MARROW_DASHBOARD_ROW (row), accessible);
  gtk_list_box_append (self->summary_list, row);
}

static char *
format_day (MarrowDay day)
{
  if (day == 0)
    return g_strdup (_("None"));
  return marrow_date_entry_format_day (day);
}

static char *
describe_decision (MarrowGuidancePanel *self,
                   MarrowRecord        *decision)
{
  g_autoptr(MarrowRecord) staff = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *when = NULL;
  const char *by;
  const char *reason = marrow_record_get_text (decision, "reason");

  if (!marrow_record_is_null (decision, "decided_by"))
    staff = marrow_store_lookup (self->store, &marrow_entity_staff,
                                 marrow_record_get_text (decision, "decided_by"), NULL);
  by = staff != NULL ? marrow_record_get_text_or_id (staff, "display_name") : _("unknown");
  at = g_date_time_new_from_iso8601 (marrow_record_get_text (decision, "decided_at"), NULL);
  if (at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (at);

      when = g_date_time_format (local, "%x %H:%M");
    }
  if (g_strcmp0 (marrow_record_get_text (decision, "decision"), MARROW_GUIDANCE_DECISION_ACCEPT) == 0)
    /* Translators: the decision on the guidance: who accepted it and when */
    return g_strdup_printf (_("Accepted by %s, %s"), by, when != NULL ? when : "");
  /* Translators: the decision on the guidance: who overrode it, when and why */
  return g_strdup_printf (_("Overridden by %s, %s: %s"), by, when != NULL ? when : "",
                          reason != NULL ? reason : "");
}

static void
show_evaluation (MarrowGuidancePanel *self,
                 MarrowRecord        *decision)
{
  MarrowGuidanceEvaluation *evaluation = self->evaluation;
  MarrowGuidanceProtocol *protocol = marrow_guidance_evaluation_get_protocol (evaluation);
  g_autofree char *classification =
    marrow_guidance_dup_response_label (marrow_guidance_evaluation_get_classification (evaluation),
                                        marrow_guidance_evaluation_get_durability (evaluation));
  g_autofree char *flag_text = marrow_guidance_dup_flags_label (marrow_guidance_evaluation_get_flags (evaluation));
  g_autofree char *next_review = format_day (marrow_guidance_evaluation_get_next_review (evaluation));
  g_autofree char *as_of = format_day (marrow_guidance_evaluation_get_as_of (evaluation));
  g_autofree char *protocol_text = NULL;

  marrow_list_box_remove_rows (self->summary_list);
  marrow_list_box_remove_rows (self->statements_list);

  add_recommendation (self, marrow_guidance_recommendation_label (
                              marrow_guidance_evaluation_get_recommendation (evaluation)),
                      classification, flag_text);
  add_row (self->summary_list, _("Next review"), next_review);
  if (decision != NULL)
    {
      g_autofree char *text = describe_decision (self, decision);

      add_row (self->summary_list, _("Decision"), text);
    }
  else
    add_row (self->summary_list, _("Decision"), _("Not decided yet"));
  /* Translators: the day of a guidance evaluation and the protocol it used,
   * below the guidance's notice, e.g. "Evaluated on 11/21/2026 with Knee:
   * cell-based injections 1." */
  protocol_text = g_strdup_printf (_("Evaluated on %s with %s %s."), as_of,
                                   protocol->title != NULL ? protocol->title : protocol->id, protocol->version);
  gtk_label_set_label (self->evaluated_label, protocol_text);

  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);
      MarrowGuidanceEvidence evidence = marrow_guidance_statement_code_get_evidence (statement->code);
      g_autofree char *text = marrow_guidance_statement_dup_text (statement);
      g_autofree char *source = NULL;
      GtkWidget *row;

      /* Translators: a statement's evidence: its class, then its citation */
      source = g_strdup_printf (_("%s · %s"), marrow_guidance_evidence_get_label (evidence),
                                marrow_guidance_statement_code_get_citation (statement->code));
      row = marrow_dashboard_row_new (text, source);
      gtk_widget_set_name (row, marrow_guidance_statement_code_to_string (statement->code));
      gtk_widget_add_css_class (row, "guidance-statement");
      gtk_list_box_append (self->statements_list, row);
    }
}

static void
set_error (MarrowGuidancePanel *self,
           const char          *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
evaluate (MarrowGuidancePanel  *self,
          GError              **error)
{
  g_autoptr(MarrowRecord) decision = NULL;
  g_autoptr(GError) local_error = NULL;

  g_clear_pointer (&self->evaluation, marrow_guidance_evaluation_free);
  g_clear_pointer (&self->snapshot, marrow_guidance_snapshot_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guidance.accept", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guidance.override", FALSE);
  set_error (self, NULL);

  self->evaluation = marrow_guidance_evaluate_case (self->store, self->protocols, self->joint_case,
                                                    self->as_of, 0, &self->snapshot, &local_error);
  if (self->evaluation == NULL)
    {
      /* Translators: %s says why the guidance could not be computed */
      g_autofree char *message = g_strdup_printf (_("No guidance: %s"), local_error->message);

      marrow_list_box_remove_rows (self->summary_list);
      marrow_list_box_remove_rows (self->statements_list);
      gtk_label_set_label (self->evaluated_label, NULL);
      set_error (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  decision = marrow_guidance_decision_find_latest (self->store, marrow_record_get_id (self->joint_case),
                                                   self->as_of, &local_error);
  if (local_error != NULL)
    {
      set_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_evaluation (self, decision);
  /* Only an active case is decided on; the store refuses a voided one */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guidance.accept",
                                 !marrow_record_is_voided (self->joint_case));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guidance.override",
                                 !marrow_record_is_voided (self->joint_case));
  return TRUE;
}

static void
show_stale (MarrowGuidancePanel *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Changed Elsewhere"),
                                   _("The case was changed by someone else since its guidance was "
                                     "computed, so the decision was not saved. The guidance has been "
                                     "computed again; decide on it once more."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "reload", _("_Reload"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload",
                                              ADW_RESPONSE_SUGGESTED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * marrow_guidance_panel_decide:
 * @decision: %MARROW_GUIDANCE_DECISION_ACCEPT or %MARROW_GUIDANCE_DECISION_OVERRIDE
 * @reason: (nullable): required for an override
 *
 * Stores the physician's decision on the evaluation shown, then shows the
 * case's guidance again with it.  A refusal is shown in the panel.
 */
void
marrow_guidance_panel_decide (MarrowGuidancePanel *self,
                              const char          *decision,
                              const char          *reason)
{
  g_autoptr(MarrowRecord) stored = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MARROW_IS_GUIDANCE_PANEL (self));
  g_return_if_fail (decision != NULL);

  if (self->evaluation == NULL)
    return;

  now = g_date_time_new_now_utc ();
  stored = marrow_guidance_decision_record (self->store, self->evaluation, self->snapshot, decision,
                                            reason, NULL, now, &error);
  if (stored == NULL)
    {
      if (g_error_matches (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_STALE))
        {
          g_autoptr(MarrowRecord) fresh = NULL;

          show_stale (self);
          fresh = marrow_store_lookup (self->store, &marrow_entity_joint_case,
                                       marrow_record_get_id (self->joint_case), NULL);
          if (fresh != NULL)
            g_set_object (&self->joint_case, fresh);
          evaluate (self, NULL);
          return;
        }
      set_error (self, error->message);
      return;
    }
  evaluate (self, NULL);
  g_signal_emit (self, signals[DECIDED], 0, stored);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  marrow_guidance_panel_decide (MARROW_GUIDANCE_PANEL (widget), MARROW_GUIDANCE_DECISION_ACCEPT, NULL);
}

static void
reason_changed_cb (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "override",
                                           !marrow_text_is_blank (gtk_editable_get_text (reason)));
}

static void
override_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      MarrowGuidancePanel *self)
{
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "override") == 0 &&
      !marrow_text_is_blank (gtk_editable_get_text (reason)))
    marrow_guidance_panel_decide (self, MARROW_GUIDANCE_DECISION_OVERRIDE,
                                  gtk_editable_get_text (reason));
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MarrowGuidancePanel *self = MARROW_GUIDANCE_PANEL (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->evaluation == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Override the Recommendation?"),
                                   _("The guidance and your reason are kept with the case. Why do "
                                     "you decide otherwise?"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "override", _("_Override"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "override",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "override", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for the override"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (override_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
marrow_guidance_panel_dispose (GObject *object)
{
  MarrowGuidancePanel *self = MARROW_GUIDANCE_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_GUIDANCE_PANEL);
  g_clear_pointer (&self->evaluation, marrow_guidance_evaluation_free);
  g_clear_pointer (&self->snapshot, marrow_guidance_snapshot_free);
  g_clear_object (&self->joint_case);
  g_clear_object (&self->protocols);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_guidance_panel_parent_class)->dispose (object);
}

static void
marrow_guidance_panel_class_init (MarrowGuidancePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_guidance_panel_dispose;

  /**
   * MarrowGuidancePanel::decided:
   * @decision: the stored guidance_decision
   */
  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, MARROW_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-guidance-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowGuidancePanel, summary_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowGuidancePanel, summary_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowGuidancePanel, statements_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowGuidancePanel, evaluated_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowGuidancePanel, error_label);
  gtk_widget_class_bind_template_child_full (widget_class, "accept_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "override_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "guidance.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "guidance.override", NULL, override_action);
}

static void
marrow_guidance_panel_init (MarrowGuidancePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guidance.accept", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guidance.override", FALSE);
}

GtkWidget *
marrow_guidance_panel_new (void)
{
  return g_object_new (MARROW_TYPE_GUIDANCE_PANEL, NULL);
}

/**
 * marrow_guidance_panel_show:
 * @store: the store of @joint_case
 * @protocols: the protocols with the database's overrides
 * @joint_case: a stored joint case
 * @as_of: the evaluation day (today)
 * @error: return location for a #GError
 *
 * Evaluates @joint_case and shows the result with the decision that stands
 * for @as_of.
 *
 * Returns: %FALSE with @error set (and the reason shown) if no evaluation
 *   could be made
 */
gboolean
marrow_guidance_panel_show (MarrowGuidancePanel             *self,
                            MarrowStore                     *store,
                            MarrowGuidanceProtocolRegistry  *protocols,
                            MarrowRecord                    *joint_case,
                            MarrowDay                        as_of,
                            GError                         **error)
{
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PANEL (self), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (protocols), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), FALSE);
  g_return_val_if_fail (as_of != 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_set_object (&self->store, store);
  g_set_object (&self->protocols, protocols);
  g_set_object (&self->joint_case, joint_case);
  self->as_of = as_of;
  return evaluate (self, error);
}

/**
 * marrow_guidance_panel_get_evaluation:
 *
 * Returns: (transfer none) (nullable): the evaluation shown
 */
MarrowGuidanceEvaluation *
marrow_guidance_panel_get_evaluation (MarrowGuidancePanel *self)
{
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PANEL (self), NULL);

  return self->evaluation;
}

/**
 * marrow_guidance_panel_get_snapshot:
 *
 * Returns: (transfer none) (nullable): what the evaluation shown was
 *   computed from
 */
const MarrowGuidanceSnapshot *
marrow_guidance_panel_get_snapshot (MarrowGuidancePanel *self)
{
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PANEL (self), NULL);

  return self->snapshot;
}
