/* marrow-window-print.c: Print (Ctrl+P) and Export as PDF (Ctrl+Shift+P)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page shown decides the report: the case page prints the case
 * report, the patient page the patient summary, the worklist the call list
 * (docs/report.md).  The report is built and paginated in a thread, on a
 * store connection of its own (a store is used from one thread, docs/
 * store.md §8), while a toast says so and the window stays usable.  Then:
 *
 * - Print runs a GtkPrintOperation with the print dialog and its preview;
 *   draw-page calls marrow_report_render_page() on the print context's
 *   cairo context in points, so preview, paper and PDF are drawn by the
 *   same code.  A paper chosen in the dialog other than the one laid out
 *   is laid out again in begin-print.
 * - Export as PDF asks for a file (GtkFileChooserNative) and the thread
 *   writes it with marrow_report_write_pdf(), as marrow-cli report does.
 *
 * Either is logged in the audit log on the window's own connection, as
 * the staff member acting (action "print" when the print operation
 * applies, "export" before an exported file is put in place).
 */
#define G_LOG_DOMAIN "marrow-window"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-call-list.h"
#include "marrow-case-report.h"
#include "marrow-entities.h"
#include "marrow-exchange.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-settings.h"
#include "marrow-patient-summary.h"
#include "marrow-report-audit.h"
#include "marrow-units.h"
#include "marrow-window-private.h"
#include "marrow-worklist.h"

typedef struct
{
  /* Read on the main thread, used in the worker */
  char           *location;
  char           *kind;        /* "case", "summary", "call-list" */
  MarrowRecord   *record;      /* the case or patient; NULL for the call list */
  MarrowPaper     paper;
  MarrowCellUnit  cell_unit;
  char           *printed_by;
  GFile          *file;        /* Export as PDF: where to */
  char           *print_export_name;

  /* Made in the worker */
  MarrowReport   *report;
  GOutputStream  *out;         /* the PDF, written but not yet in place */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  if (job->out != NULL)
    marrow_exchange_abandon_output (job->out);
  g_clear_object (&job->out);
  g_clear_object (&job->report);
  g_clear_object (&job->record);
  g_clear_object (&job->file);
  g_free (job->location);
  g_free (job->kind);
  g_free (job->printed_by);
  g_free (job->print_export_name);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintJob, print_job_free)

static MarrowReport *
build_report (PrintJob     *job,
              MarrowStore  *store,
              GError      **error)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  MarrowReportOptions options = { job->cell_unit, 0, NULL, job->printed_by };

  protocols = marrow_guidance_protocols_load (store, error);
  if (protocols == NULL)
    return NULL;
  if (g_str_equal (job->kind, "case"))
    return marrow_case_report_new (store, protocols, job->record, &options, error);
  if (g_str_equal (job->kind, "summary"))
    return marrow_patient_summary_new (store, protocols, job->record, &options, error);
  {
    g_autoptr(GPtrArray) entries = marrow_worklist_collect (store, protocols, marrow_guidance_today (),
                                                            NULL, NULL, NULL, error);

    if (entries == NULL)
      return NULL;
    return marrow_call_list_new (store, entries, &options, error);
  }
}

static void
build_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PrintJob *job = task_data;
  g_autoptr(MarrowStore) store = NULL;
  GError *error = NULL;

  store = marrow_store_open (job->location, FALSE, &error);
  if (store == NULL || (job->report = build_report (job, store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  marrow_report_paginate (job->report, job->paper);
  if (job->file != NULL)
    {
      job->out = marrow_exchange_create_output (job->file, cancellable, &error);
      if (job->out == NULL || !marrow_report_write_pdf (job->report, job->out, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
show_toast (MarrowWindow *self,
            const char   *text)
{
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                               MARROW_TYPE_WINDOW,
                                                                               "toast_overlay"));

  adw_toast_overlay_add_toast (overlay, adw_toast_new (text));
}

static void
show_error (MarrowWindow *self,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Print */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                MarrowReport      *report)
{
  MarrowPaper paper = marrow_paper_for_size (gtk_print_context_get_width (context),
                                             gtk_print_context_get_height (context));

  /* The dialog's paper, if another was chosen */
  if (paper != marrow_report_get_paper (report))
    marrow_report_paginate (report, paper);
  gtk_print_operation_set_n_pages (operation, (int)marrow_report_get_n_pages (report));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              MarrowReport      *report)
{
  marrow_report_render_page (report, gtk_print_context_get_cairo_context (context), (guint)page);
}

/* The print operation is over: log it, tell the window's listeners.
 * Runs once per operation, from "done" or after a run that returned. */
static void
print_finished (GtkPrintOperation       *operation,
                GtkPrintOperationResult  result,
                MarrowWindow            *self)
{
  MarrowReport *report = g_object_get_data (G_OBJECT (operation), "marrow-report");
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (operation), "marrow-finished") != NULL)
    return;
  g_object_set_data (G_OBJECT (operation), "marrow-finished", GINT_TO_POINTER (TRUE));

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        show_error (self, _("Could Not Print"), error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
      const char *printer = settings != NULL ? gtk_print_settings_get_printer (settings) : NULL;
      g_autofree char *export_name = NULL;

      g_object_get (operation, "export-filename", &export_name, NULL);
      if (!marrow_report_log (marrow_window_get_store (self), report, MARROW_REPORT_PRINTED,
                              export_name != NULL ? export_name : printer, &error))
        show_error (self, _("The Printing Was Not Recorded"), error);
    }
  g_signal_emit_by_name (self, "report-done", result == GTK_PRINT_OPERATION_RESULT_APPLY);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               MarrowWindow            *self)
{
  print_finished (operation, result, self);
  /* An asynchronous run holds its operation until here */
  if (g_object_get_data (G_OBJECT (operation), "marrow-async") != NULL)
    g_object_unref (operation);
}

/* Prints @report with the print dialog, or, with @export_name, through
 * GtkPrintOperation's own PDF export without a dialog (tests) */
static void
print_report (MarrowWindow *self,
              MarrowReport *report,
              const char   *export_name)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GtkPaperSize *paper;
  GtkPrintOperationResult result;

  paper = gtk_paper_size_new (marrow_report_get_paper (report) == MARROW_PAPER_LETTER
                              ? GTK_PAPER_NAME_LETTER : GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The report draws its own margins, header and footer: the whole page,
   * in points, as on a PDF surface */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, (int)marrow_report_get_n_pages (report));
  gtk_print_operation_set_job_name (operation, marrow_report_get_title (report));
  gtk_print_operation_set_allow_async (operation, export_name == NULL);
  g_object_set_data_full (G_OBJECT (operation), "marrow-report", g_object_ref (report), g_object_unref);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), report, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), report, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (export_name != NULL)
    gtk_print_operation_set_export_filename (operation, export_name);

  result = gtk_print_operation_run (operation,
                                    export_name != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                        : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), NULL);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      g_object_set_data (G_OBJECT (operation), "marrow-async", GINT_TO_POINTER (TRUE));
      return;
    }
  print_finished (operation, result, self);
  g_object_unref (operation);
}

/* Built: print it, or put the exported file in place */
static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  MarrowWindow *self = MARROW_WINDOW (source);
  PrintJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, job->file != NULL ? _("Could Not Export the Report") : _("Could Not Print"),
                  error);
      g_signal_emit_by_name (self, "report-done", FALSE);
      return;
    }
  if (job->file == NULL)
    {
      print_report (self, job->report, job->print_export_name);
      return;
    }

  /* Logged before the file is in place: an export not logged is not written */
  {
    g_autofree char *name = g_file_get_parse_name (job->file);

    if (!marrow_report_log (marrow_window_get_store (self), job->report, MARROW_REPORT_EXPORTED, name,
                            &error) ||
        !marrow_exchange_finish_output (job->out, NULL, &error))
      {
        g_clear_object (&job->out);
        show_error (self, _("Could Not Export the Report"), error);
        g_signal_emit_by_name (self, "report-done", FALSE);
        return;
      }
    g_clear_object (&job->out);
  }
  {
    g_autofree char *basename = g_file_get_basename (job->file);
    /* Translators: a toast; %s is the PDF file written */
    g_autofree char *text = g_strdup_printf (_("Saved “%s”"), basename);

    show_toast (self, text);
  }
  g_signal_emit_by_name (self, "report-done", TRUE);
}

/**
 * _marrow_window_make_report:
 * @kind: "case", "summary" or "call-list"
 * @record: (nullable): the case or patient
 * @file: (nullable): export as PDF to this file; %NULL to print
 * @print_export_name: (nullable): print through GtkPrintOperation's PDF
 *   export to this file, without a dialog (for tests)
 *
 * Builds the report in a thread, then prints or exports it.  The window
 * emits ::report-done when it is over.
 */
void
_marrow_window_make_report (MarrowWindow *self,
                            const char   *kind,
                            MarrowRecord *record,
                            GFile        *file,
                            const char   *print_export_name)
{
  MarrowStore *store = marrow_window_get_store (self);
  g_autoptr(PrintJob) job = NULL;
  g_autoptr(GTask) task = NULL;
  const char *staff_id;

  g_return_if_fail (MARROW_IS_WINDOW (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (store != NULL);

  job = g_new0 (PrintJob, 1);
  job->location = g_strdup (marrow_store_get_location (store));
  job->kind = g_strdup (kind);
  job->record = record != NULL ? g_object_ref (record) : NULL;
  job->paper = marrow_paper_get_default ();
  job->cell_unit = marrow_cell_unit_get_preferred ();
  job->file = file != NULL ? g_object_ref (file) : NULL;
  job->print_export_name = g_strdup (print_export_name);
  staff_id = marrow_store_get_staff_id (store);
  if (staff_id != NULL)
    job->printed_by = marrow_report_staff_name (store, NULL, staff_id);

  /* Translators: a toast while a report is made for printing or export */
  show_toast (self, _("Preparing the report…"));

  task = g_task_new (self, NULL, built_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&job), (GDestroyNotify)print_job_free);
  g_task_set_source_tag (task, _marrow_window_make_report);
  g_task_run_in_thread (task, build_in_thread);
}

/* Export as PDF… */

static char *
suggested_name (const char   *kind,
                MarrowRecord *record)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  const char *id = NULL;

  if (record != NULL && g_strcmp0 (kind, "summary") == 0)
    id = marrow_record_get_text (record, "local_id");
  if (g_strcmp0 (kind, "case") == 0)
    /* Translators: the suggested file name of a case report; %s is today's date */
    return g_strdup_printf (_("case-report-%s.pdf"), date);
  if (g_strcmp0 (kind, "summary") == 0)
    /* Translators: the suggested file name of a patient summary: record number, date */
    return g_strdup_printf (_("patient-summary-%s-%s.pdf"), id != NULL ? id : "", date);
  /* Translators: the suggested file name of the call list; %s is today's date */
  return g_strdup_printf (_("call-list-%s.pdf"), date);
}

static void
export_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            MarrowWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  const char *kind = g_object_get_data (G_OBJECT (chooser), "marrow-kind");
  MarrowRecord *record = g_object_get_data (G_OBJECT (chooser), "marrow-record");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    _marrow_window_make_report (self, kind, record, file, NULL);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);
  MarrowRecord *record = NULL;
  const char *kind = _marrow_window_get_report_target (self, &record);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (kind == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export as PDF"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = suggested_name (kind, record);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "marrow-kind", g_strdup (kind), g_free);
  if (record != NULL)
    g_object_set_data_full (G_OBJECT (chooser), "marrow-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MarrowWindow *self = MARROW_WINDOW (widget);
  MarrowRecord *record = NULL;
  const char *kind = _marrow_window_get_report_target (self, &record);

  if (kind != NULL)
    _marrow_window_make_report (self, kind, record, NULL, NULL);
}

/**
 * _marrow_window_update_report_actions:
 *
 * Enables Print and Export as PDF on the pages that have a report.
 */
void
_marrow_window_update_report_actions (MarrowWindow *self)
{
  MarrowRecord *record = NULL;
  gboolean enabled = marrow_window_get_store (self) != NULL &&
                     _marrow_window_get_report_target (self, &record) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pdf", enabled);
}

void
_marrow_window_class_add_print_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-pdf", NULL);

  /**
   * MarrowWindow::report-done:
   * @success: the report was printed or exported
   *
   * A Print or Export as PDF is over.
   */
  g_signal_new ("report-done", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}
