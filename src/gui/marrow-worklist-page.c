/* marrow-worklist-page.c: due and overdue follow-ups and the cases that need review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6, point 7: the list "marrow-cli worklist" prints
 * (marrow_worklist_collect(), src/store/marrow-worklist.c), as three groups:
 * the cases whose recommendation needs a physician, the overdue and the due
 * follow-ups.  A row emits ::open-case.
 *
 * Evaluating every active case of a large practice takes seconds, so the
 * list is made in a thread with a store connection of its own (a store is
 * used from one thread, docs/store.md §8; SQLite's WAL lets it read while
 * the window's connection writes).  The page shows a spinner and how many
 * cases are done, polled from the thread's counters; leaving the database
 * or asking again cancels the run.
 */
#define G_LOG_DOMAIN "marrow-worklist"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-date-entry.h"
#include "marrow-guidance-panel-labels.h"
#include "marrow-guidance-settings.h"
#include "marrow-list-box.h"
#include "marrow-patient-row.h"
#include "marrow-timeline-row.h"
#include "marrow-worklist.h"
#include "marrow-worklist-page.h"

typedef struct
{
  char      *location;
  MarrowDay  as_of;
  guint      done;    /* atomic */
  guint      total;   /* atomic */
} Job;

struct _MarrowWorklistPage
{
  AdwBin         parent_instance;

  GCancellable  *cancellable;
  Job           *job;           /* owned by the running task */
  guint          progress_id;

  /* template children */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkLabel      *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel      *as_of_label;
  AdwPreferencesGroup *review_group;
  AdwPreferencesGroup *overdue_group;
  AdwPreferencesGroup *due_group;
  GtkListBox    *review_list;
  GtkListBox    *overdue_list;
  GtkListBox    *due_list;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (MarrowWorklistPage, marrow_worklist_page, ADW_TYPE_BIN)

enum {
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
job_free (Job *job)
{
  g_free (job->location);
  g_free (job);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Job *job = user_data;

  g_atomic_int_set (&job->total, total);
  g_atomic_int_set (&job->done, done);
}

static void
collect_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  GPtrArray *entries;
  GError *error = NULL;

  store = marrow_store_open (job->location, FALSE, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  protocols = marrow_guidance_protocols_load (store, &error);
  if (protocols == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  entries = marrow_worklist_collect (store, protocols, job->as_of, progress_cb, job, cancellable, &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify)g_ptr_array_unref);
}

static void
show_stack_child (MarrowWorklistPage *self,
                  const char         *name)
{
  gboolean loading = g_strcmp0 (name, "loading") == 0;

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->spinner, loading);
}

static gboolean
update_progress_cb (gpointer user_data)
{
  MarrowWorklistPage *self = user_data;
  guint done;
  guint total;
  g_autofree char *text = NULL;

  if (self->job == NULL)
    return G_SOURCE_CONTINUE;
  done = g_atomic_int_get (&self->job->done);
  total = g_atomic_int_get (&self->job->total);
  if (total == 0)
    return G_SOURCE_CONTINUE;
  gtk_progress_bar_set_fraction (self->progress_bar, (double)done / total);
  /* Translators: progress of the worklist: cases evaluated of all active cases */
  text = g_strdup_printf (ngettext ("%u of %u active case evaluated", "%u of %u active cases evaluated",
                                    total),
                          done, total);
  gtk_label_set_label (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
new_row (const MarrowWorklistEntry *entry)
{
  g_autofree char *name = marrow_patient_dup_display_name (entry->patient);
  g_autofree char *joint = marrow_joint_case_dup_title (entry->joint_case);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *phone = marrow_record_get_text (entry->patient, "phone");
  GtkWidget *row;

  /* Translators: a worklist row: the patient, then the joint, e.g. "Adebayo, Grace — Left Knee" */
  title = g_strdup_printf (_("%s — %s"), name, joint);
  if (entry->review)
    {
      /* Translators: a case to review: the recommendation, then the response, e.g.
       * "Consider a repeat injection · Responder" */
      subtitle = g_strdup_printf (_("%s · %s"), marrow_guidance_recommendation_label (entry->recommendation),
                                  marrow_guidance_classification_label (entry->classification));
    }
  else
    {
      g_autofree char *target = marrow_date_entry_format_day (entry->target);
      g_autofree char *opens = marrow_date_entry_format_day (entry->opens);
      g_autofree char *closes = marrow_date_entry_format_day (entry->closes);

      /* Translators: a follow-up: the time point, its target day and its window, e.g.
       * "6 months follow-up, target 14/09/2026 (window 01/09/2026 – 28/09/2026)" */
      subtitle = g_strdup_printf (_("%s follow-up, target %s (window %s – %s)"),
                                  marrow_guidance_time_point_label (entry->time_point), target, opens,
                                  closes);
      if (phone != NULL)
        {
          char *with_phone = g_strdup_printf ("%s · %s", subtitle, phone);

          g_free (subtitle);
          subtitle = with_phone;
        }
    }

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title,
                      "subtitle", subtitle,
                      "subtitle-lines", 2,
                      "use-markup", FALSE,
                      "activatable", TRUE,
                      NULL);
  gtk_widget_set_name (row, entry->case_id);
  g_object_set_data_full (G_OBJECT (row), "marrow-case-id", g_strdup (entry->case_id), g_free);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "go-next-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  accessible = g_strdup_printf ("%s, %s", title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
show_entries (MarrowWorklistPage *self,
              GPtrArray          *entries,
              MarrowDay           as_of)
{
  g_autofree char *day = marrow_date_entry_format_day (as_of);
  g_autofree char *as_of_text = NULL;
  guint n_review = 0;
  guint n_overdue = 0;
  guint n_due = 0;

  marrow_list_box_remove_rows (self->review_list);
  marrow_list_box_remove_rows (self->overdue_list);
  marrow_list_box_remove_rows (self->due_list);
  for (guint i = 0; i < entries->len; i++)
    {
      const MarrowWorklistEntry *entry = entries->pdata[i];
      GtkListBox *list;

      if (entry->review)
        list = self->review_list, n_review++;
      else if (entry->status == MARROW_GUIDANCE_TP_OVERDUE)
        list = self->overdue_list, n_overdue++;
      else
        list = self->due_list, n_due++;
      gtk_list_box_append (list, new_row (entry));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->review_group), n_review > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_group), n_overdue > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->due_group), n_due > 0);

  /* Translators: the worklist's day and how many entries it has */
  as_of_text = g_strdup_printf (ngettext ("As of %s: %u entry", "As of %s: %u entries", entries->len),
                                day, entries->len);
  gtk_label_set_label (self->as_of_label, as_of_text);
  show_stack_child (self, entries->len > 0 ? "list" : "empty");
}

static void
collected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MarrowWorklistPage) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));

  entries = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Only the latest run speaks */
  if (self->job != job)
    return;
  self->job = NULL;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->cancellable);

  if (entries == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_stack_child (self, "error");
      return;
    }
  show_entries (self, entries, job->as_of);
}

/**
 * marrow_worklist_page_refresh:
 * @store: the store whose cases are listed
 * @as_of: the day of the list (today)
 *
 * Makes the list again in a thread; the page shows the progress meanwhile.
 */
void
marrow_worklist_page_refresh (MarrowWorklistPage *self,
                              MarrowStore        *store,
                              MarrowDay           as_of)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (MARROW_IS_WORKLIST_PAGE (self));
  g_return_if_fail (MARROW_IS_STORE (store));
  g_return_if_fail (as_of != 0);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);

  job = g_new0 (Job, 1);
  job->location = g_strdup (marrow_store_get_location (store));
  job->as_of = as_of;
  self->job = job;
  self->cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, _("Evaluating the active cases…"));
  show_stack_child (self, "loading");
  self->progress_id = g_timeout_add (100, update_progress_cb, self);

  task = g_task_new (NULL, self->cancellable, collected_cb, g_object_ref (self));
  g_task_set_source_tag (task, marrow_worklist_page_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, collect_in_thread);
}

/**
 * marrow_worklist_page_is_loading:
 *
 * Returns: whether the list is being made
 */
gboolean
marrow_worklist_page_is_loading (MarrowWorklistPage *self)
{
  g_return_val_if_fail (MARROW_IS_WORKLIST_PAGE (self), FALSE);

  return self->job != NULL;
}

static void
row_activated_cb (MarrowWorklistPage *self,
                  GtkListBoxRow      *row,
                  GtkListBox         *list)
{
  const char *case_id = g_object_get_data (G_OBJECT (row), "marrow-case-id");

  g_assert (MARROW_IS_WORKLIST_PAGE (self));

  if (case_id != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, case_id);
}

static void
marrow_worklist_page_dispose (GObject *object)
{
  MarrowWorklistPage *self = MARROW_WORKLIST_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  self->job = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), MARROW_TYPE_WORKLIST_PAGE);

  G_OBJECT_CLASS (marrow_worklist_page_parent_class)->dispose (object);
}

static void
marrow_worklist_page_class_init (MarrowWorklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = marrow_worklist_page_dispose;

  /**
   * MarrowWorklistPage::open-case:
   * @case_id: the joint case of the row the user opened
   */
  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-worklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, review_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, overdue_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, due_group);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, review_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, due_list);
  gtk_widget_class_bind_template_child (widget_class, MarrowWorklistPage, error_page);
}

static void
marrow_worklist_page_init (MarrowWorklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child: not a bound template child, which
   * gtk_widget_dispose_template() would drop under AdwBin */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  g_signal_connect_object (self->review_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overdue_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->due_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
marrow_worklist_page_new (void)
{
  return g_object_new (MARROW_TYPE_WORKLIST_PAGE, NULL);
}
