/* marrow-cli-report.c: marrow-cli report DATABASE --case UUID | --patient UUID | --all-due …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes the printable reports of src/report as PDF without a display, for
 * batch use, through the same layout and render code as the window's Print
 * and Export as PDF (docs/report.md):
 *
 *   report DB --case UUID [--kind case|summary|letter] -o FILE.pdf
 *   report DB --patient UUID [--kind summary|letter] -o FILE.pdf
 *   report DB --kind call-list -o FILE.pdf
 *   report DB --all-due --kind letter -o DIR/
 *
 * A letter of --case or --patient holds one page per follow-up of theirs
 * that is due; --all-due writes one file per due follow-up into DIR and
 * prints the names written.  Every file written is recorded in the audit
 * log as an export (who, which report, which patient or case) before it is
 * put in place: a report that cannot be logged is not written.
 */
#define G_LOG_DOMAIN "marrow-cli-report"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "marrow-call-list.h"
#include "marrow-case-report.h"
#include "marrow-cli-guidance-private.h"
#include "marrow-entities.h"
#include "marrow-exchange.h"
#include "marrow-followup-letter.h"
#include "marrow-guidance-settings.h"
#include "marrow-patient-summary.h"
#include "marrow-report-audit.h"
#include "marrow-worklist.h"

typedef struct
{
  MarrowStore                    *store;
  MarrowGuidanceProtocolRegistry *protocols;
  MarrowReportOptions             options;
  MarrowPaper                     paper;
} Run;

/* Paginates @report, writes it to @path, logs the export, puts the file in place */
static gboolean
write_report (Run           *run,
              MarrowReport  *report,
              const char    *path,
              GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GOutputStream) out = NULL;

  marrow_report_paginate (report, run->paper);
  out = marrow_exchange_create_output (file, NULL, error);
  if (out == NULL)
    return FALSE;
  if (!marrow_report_write_pdf (report, out, NULL, error) ||
      !marrow_report_log (run->store, report, MARROW_REPORT_EXPORTED, path, error))
    {
      marrow_exchange_abandon_output (out);
      return FALSE;
    }
  return marrow_exchange_finish_output (out, NULL, error);
}

static MarrowRecord *
lookup (MarrowStore            *store,
        const MarrowEntityDef  *entity,
        const char             *id,
        const char             *option,
        GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  MarrowRecord *record = marrow_store_lookup (store, entity, id, &local_error);

  if (record == NULL && g_error_matches (local_error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND))
    {
      /* Translators: an option of marrow-cli report and the UUID it names */
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("%s: no record %s"), option, id);
      return NULL;
    }
  if (record == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (marrow_record_is_voided (record))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("%s: %s was entered in error"), option, id);
      g_object_unref (record);
      return NULL;
    }
  return record;
}

/* The due follow-ups of one case, or of every active case of a patient */
static GPtrArray *
due_followups (Run           *run,
               MarrowRecord  *joint_case,
               MarrowRecord  *patient,
               GError       **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_worklist_entry_free);
  MarrowDay as_of = marrow_report_options_as_of (&run->options);

  if (joint_case != NULL)
    {
      cases = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (cases, g_object_ref (joint_case));
    }
  else
    {
      MarrowListQuery query = { NULL, FALSE, "patient_id", marrow_record_get_id (patient), FALSE };

      cases = marrow_store_find (run->store, &marrow_entity_joint_case, &query, error);
      if (cases == NULL)
        return NULL;
    }
  for (guint c = 0; c < cases->len; c++)
    {
      g_autoptr(GPtrArray) entries = NULL;

      if (g_strcmp0 (marrow_record_get_text (cases->pdata[c], "status"), "active") != 0)
        continue;
      entries = marrow_worklist_collect_case (run->store, run->protocols, cases->pdata[c], as_of, error);
      if (entries == NULL)
        return NULL;
      for (guint i = 0; i < entries->len; i++)
        if (!((MarrowWorklistEntry *)entries->pdata[i])->review)
          g_ptr_array_add (due, g_steal_pointer (&entries->pdata[i]));
    }
  return g_steal_pointer (&due);
}

/* A file name for the letter of @entry: record number, joint, time point */
static char *
letter_file_name (const MarrowWorklistEntry *entry)
{
  g_autofree char *name = NULL;
  const char *local_id = marrow_record_get_text (entry->patient, "local_id");

  name = g_strdup_printf ("letter-%s-%s-%s-%s-%.8s.pdf",
                          local_id != NULL ? local_id : "patient",
                          marrow_record_get_text_or_id (entry->joint_case, "site"),
                          marrow_record_get_text_or_id (entry->joint_case, "side"),
                          entry->time_point, entry->case_id);
  /* Safe in any file system */
  g_strcanon (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", '_');
  return g_steal_pointer (&name);
}

static int
write_all_due (Run        *run,
               const char *directory)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    return _marrow_cli_fail ("report: %s: %s", directory, g_strerror (errno));
  entries = marrow_worklist_collect (run->store, run->protocols, marrow_report_options_as_of (&run->options),
                                     NULL, NULL, NULL, &error);
  if (entries == NULL)
    return _marrow_cli_fail ("report: %s", error->message);
  for (guint i = 0; i < entries->len; i++)
    {
      const MarrowWorklistEntry *entry = entries->pdata[i];
      g_autoptr(MarrowReport) report = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      GPtrArray one = { (gpointer *)&entries->pdata[i], 1 };

      if (entry->review)
        continue;
      report = marrow_followup_letter_new (run->store, &one, &run->options, &error);
      name = letter_file_name (entry);
      path = g_build_filename (directory, name, NULL);
      if (report == NULL || !write_report (run, report, path, &error))
        return _marrow_cli_fail ("report: %s: %s", path, error->message);
      g_print ("%s\n", path);
    }
  return MARROW_CLI_EXIT_OK;
}

static int
fail_usage (const char *message)
{
  return _marrow_cli_fail ("report: %s", message);
}

int
_marrow_cli_report (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(MarrowRecord) patient = NULL;
  g_autoptr(MarrowReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *output = NULL;
  g_autofree char *at = NULL;
  g_autofree char *cells = NULL;
  gboolean all_due = FALSE;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The joint case to report on"), N_("UUID") },
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient_id, N_("The patient to report on"), N_("UUID") },
    { "all-due", 0, 0, G_OPTION_ARG_NONE, &all_due,
      N_("With --kind letter: one letter per due follow-up of the practice, into the folder "
         "given by --output"), NULL },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
      N_("case (case report; the default with --case), summary (patient summary; the default "
         "with --patient), letter (follow-up letters) or call-list (the due follow-ups)"),
      N_("KIND") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper,
      N_("a4 or letter (default: the locale's paper)"), N_("PAPER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The PDF file to write; with --all-due, the folder"), N_("FILE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Judge guidance and due follow-ups as of this day (default: today)"), N_("YYYY-MM-DD") },
    { "cells", 0, 0, G_OPTION_ARG_STRING, &cells,
      N_("Cell counts as millions (default) or count"), N_("UNIT") },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Write a printable report as PDF: the case report of a joint case, "
                                  "the summary of a patient, follow-up letters or the call list."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "report"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return fail_usage (_("expected exactly one DATABASE argument"));
  if (output == NULL)
    return fail_usage (_("--output: give the file to write"));
  if (kind == NULL)
    kind = g_strdup (case_id != NULL ? "case" : patient_id != NULL ? "summary" : all_due ? "letter" : "");
  if (!g_str_equal (kind, "case") && !g_str_equal (kind, "summary") &&
      !g_str_equal (kind, "letter") && !g_str_equal (kind, "call-list"))
    return *kind == '\0'
      ? fail_usage (_("give --case, --patient, --all-due or --kind call-list"))
      : _marrow_cli_fail (_("report: --kind: unknown kind “%s”; use case, summary, letter or "
                            "call-list"), kind);
  run.paper = marrow_paper_get_default ();
  if (paper != NULL && !marrow_paper_from_string (paper, &run.paper))
    return _marrow_cli_fail (_("report: --paper: unknown paper “%s”; use a4 or letter"), paper);
  run.options.cell_unit = MARROW_CELL_UNIT_MILLIONS;
  if (cells != NULL && g_str_equal (cells, "count"))
    run.options.cell_unit = MARROW_CELL_UNIT_COUNT;
  else if (cells != NULL && !g_str_equal (cells, "millions"))
    return _marrow_cli_fail (_("report: --cells: unknown unit “%s”; use millions or count"), cells);
  if (!_marrow_cli_parse_day (at, "--at", &run.options.as_of, &error))
    return _marrow_cli_fail ("report: %s", error->message);
  if ((case_id != NULL) + (patient_id != NULL) + (all_due != FALSE) > 1)
    return fail_usage (_("give only one of --case, --patient and --all-due"));
  if (all_due && !g_str_equal (kind, "letter"))
    return fail_usage (_("--all-due writes letters: use it with --kind letter"));
  if (g_str_equal (kind, "case") && case_id == NULL)
    return fail_usage (_("--kind case needs --case"));
  if (g_str_equal (kind, "summary") && case_id == NULL && patient_id == NULL)
    return fail_usage (_("--kind summary needs --patient or --case"));
  if (g_str_equal (kind, "letter") && case_id == NULL && patient_id == NULL && !all_due)
    return fail_usage (_("--kind letter needs --case, --patient or --all-due"));
  if (g_str_equal (kind, "call-list") && (case_id != NULL || patient_id != NULL))
    return fail_usage (_("--kind call-list is of the whole practice: leave out --case and --patient"));

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("report: %s: %s", argv[1], error->message);
  protocols = marrow_guidance_protocols_load (store, &error);
  if (protocols == NULL)
    return _marrow_cli_fail ("report: %s", error->message);
  run.store = store;
  run.protocols = protocols;

  if (all_due)
    return write_all_due (&run, output);

  if (case_id != NULL &&
      (joint_case = lookup (store, &marrow_entity_joint_case, case_id, "--case", &error)) == NULL)
    return _marrow_cli_fail ("report: %s", error->message);
  if (patient_id != NULL &&
      (patient = lookup (store, &marrow_entity_patient, patient_id, "--patient", &error)) == NULL)
    return _marrow_cli_fail ("report: %s", error->message);
  if (patient == NULL && joint_case != NULL &&
      (patient = lookup (store, &marrow_entity_patient, marrow_record_get_text (joint_case, "patient_id"),
                         "--case", &error)) == NULL)
    return _marrow_cli_fail ("report: %s", error->message);

  if (g_str_equal (kind, "case"))
    report = marrow_case_report_new (store, protocols, joint_case, &run.options, &error);
  else if (g_str_equal (kind, "summary"))
    report = marrow_patient_summary_new (store, protocols, patient, &run.options, &error);
  else if (g_str_equal (kind, "call-list"))
    {
      g_autoptr(GPtrArray) list = marrow_worklist_collect (store, protocols,
                                                           marrow_report_options_as_of (&run.options),
                                                           NULL, NULL, NULL, &error);

      if (list == NULL)
        return _marrow_cli_fail ("report: %s", error->message);
      report = marrow_call_list_new (store, list, &run.options, &error);
    }
  else
    {
      g_autoptr(GPtrArray) due = due_followups (&run, joint_case, patient, &error);

      if (due == NULL)
        return _marrow_cli_fail ("report: %s", error->message);
      if (due->len == 0)
        {
          if (joint_case != NULL)
            _marrow_cli_fail (_("report: no follow-up of this case is due; no letter written"));
          else
            _marrow_cli_fail (_("report: no follow-up of this patient is due; no letter written"));
          return MARROW_CLI_EXIT_PROBLEMS;
        }
      report = marrow_followup_letter_new (store, due, &run.options, &error);
    }
  if (report == NULL || !write_report (&run, report, output, &error))
    return _marrow_cli_fail ("report: %s: %s", output, error->message);
  return MARROW_CLI_EXIT_OK;
}
