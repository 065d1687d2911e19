/* marrow-case-report.c: the case report of one joint case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What leaves the practice about one treated joint (issue 8, point 2):
 * the patient and the case, diagnosis and severity, prior treatments, the
 * treatment chain (harvests, processing runs with their QC results against
 * specification, product lots with their release decision, injections
 * with dose per kg), adverse events, the assessments with their scores and
 * the days since the injection before them, the score chart, the guidance
 * evaluation with every statement, its citation and the physician's
 * decision, and a signature line.
 *
 * The chain is read from the case's injections back: injected products,
 * their aliquots, lots, the lots' processing runs, the runs' inputs and
 * harvests, each by an indexed reference; nothing of other patients is
 * read.  Records entered in error are left out (the store's lists leave
 * them out).
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "marrow-assessment-service.h"
#include "marrow-case-report.h"
#include "marrow-entities.h"
#include "marrow-guidance-case.h"
#include "marrow-guidance-decision.h"
#include "marrow-guidance-labels.h"
#include "marrow-report-figures.h"
#include "marrow-report-format.h"

typedef struct
{
  MarrowStore                    *store;
  MarrowGuidanceProtocolRegistry *protocols;
  const MarrowReportOptions      *options;
  MarrowReport                   *report;
  MarrowRecord                   *joint_case;
  MarrowRecord                   *patient;
  GHashTable                     *staff;        /* id → name */

  GPtrArray                      *injections;   /* in performed_at order */
  GPtrArray                      *lots;
  GPtrArray                      *runs;
  GPtrArray                      *harvests;
  GHashTable                     *seen;         /* ids of lots, runs, harvests */

  MarrowGuidanceEvaluation       *evaluation;   /* NULL: see evaluation_error */
  MarrowGuidanceSnapshot         *snapshot;
  GError                         *evaluation_error;
} CaseReport;

static void
case_report_clear (CaseReport *self)
{
  g_clear_pointer (&self->staff, g_hash_table_unref);
  g_clear_pointer (&self->injections, g_ptr_array_unref);
  g_clear_pointer (&self->lots, g_ptr_array_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->harvests, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_object (&self->patient);
  g_clear_pointer (&self->evaluation, marrow_guidance_evaluation_free);
  g_clear_pointer (&self->snapshot, marrow_guidance_snapshot_free);
  g_clear_error (&self->evaluation_error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseReport, case_report_clear)

/* Adds @id's record to @list once; voided records are left out */
static gboolean
add_once (CaseReport             *self,
          GPtrArray              *list,
          const MarrowEntityDef  *entity,
          const char             *id,
          MarrowRecord          **record,
          GError                **error)
{
  MarrowRecord *found;

  *record = NULL;
  if (id == NULL || g_hash_table_contains (self->seen, id))
    return TRUE;
  found = marrow_store_lookup (self->store, entity, id, error);
  if (found == NULL)
    return FALSE;
  g_hash_table_add (self->seen, g_strdup (id));
  if (marrow_record_is_voided (found))
    {
      g_object_unref (found);
      return TRUE;
    }
  g_ptr_array_add (list, found);
  *record = found;
  return TRUE;
}

static gint
compare_text_field (MarrowRecord *a,
                    MarrowRecord *b,
                    const char   *field)
{
  return g_strcmp0 (marrow_record_get_text (a, field), marrow_record_get_text (b, field));
}

static gint
compare_started (gconstpointer a,
                 gconstpointer b)
{
  return compare_text_field (*(MarrowRecord **)a, *(MarrowRecord **)b, "started_at");
}

/* The case's injections and, from them back, its lots, runs and harvests */
static gboolean
read_chain (CaseReport  *self,
            GError     **error)
{
  self->injections = marrow_store_find_by (self->store, &marrow_entity_injection, "joint_case_id",
                                           marrow_record_get_id (self->joint_case), "performed_at",
                                           error);
  if (self->injections == NULL)
    return FALSE;
  self->lots = g_ptr_array_new_with_free_func (g_object_unref);
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->harvests = g_ptr_array_new_with_free_func (g_object_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->injections->len; i++)
    {
      g_autoptr(GPtrArray) products = NULL;

      products = marrow_store_find_by (self->store, &marrow_entity_injection_product,
                                       "injection_id",
                                       marrow_record_get_id (self->injections->pdata[i]), NULL,
                                       error);
      if (products == NULL)
        return FALSE;
      for (guint p = 0; p < products->len; p++)
        {
          g_autoptr(MarrowRecord) aliquot = NULL;
          g_autoptr(GPtrArray) inputs = NULL;
          MarrowRecord *lot;
          MarrowRecord *run;
          const char *run_id;

          aliquot = marrow_store_lookup (self->store, &marrow_entity_product_aliquot,
                                         marrow_record_get_text (products->pdata[p], "aliquot_id"),
                                         error);
          if (aliquot == NULL)
            return FALSE;
          if (!add_once (self, self->lots, &marrow_entity_product_lot,
                         marrow_record_get_text (aliquot, "lot_id"), &lot, error))
            return FALSE;
          if (lot == NULL)
            continue;
          run_id = marrow_record_get_text (lot, "processing_run_id");
          if (!add_once (self, self->runs, &marrow_entity_processing_run, run_id, &run, error))
            return FALSE;
          if (run == NULL)
            continue;
          inputs = marrow_store_find_by (self->store, &marrow_entity_processing_input,
                                         "processing_run_id", run_id, NULL, error);
          if (inputs == NULL)
            return FALSE;
          for (guint h = 0; h < inputs->len; h++)
            {
              MarrowRecord *harvest;

              if (!add_once (self, self->harvests, &marrow_entity_harvest,
                             marrow_record_get_text (inputs->pdata[h], "harvest_id"), &harvest,
                             error))
                return FALSE;
            }
        }
    }
  g_ptr_array_sort (self->harvests, compare_started);
  g_ptr_array_sort (self->runs, compare_started);
  return TRUE;
}

static void
add_none (MarrowReport *report,
          const char   *text)
{
  marrow_report_add_note (report, text);
}

static void
add_identification (CaseReport *self)
{
  g_autofree char *name = marrow_patient_dup_display_name (self->patient);
  g_autofree char *born = marrow_report_format_date (marrow_record_get_text (self->patient, "dob"));
  g_autofree char *joint = marrow_joint_case_dup_title (self->joint_case);
  g_autofree char *opened = marrow_report_format_instant (marrow_record_get_created_at (self->joint_case));
  const char *pairs[] = {
    _("Patient"), name,
    _("Date of birth"), born,
    _("Medical record number"), marrow_record_get_text (self->patient, "local_id"),
    _("Sex"), marrow_record_code_label (self->patient, "sex"),
    _("Joint"), joint,
    _("Status"), marrow_record_code_label (self->joint_case, "status"),
    _("Case opened"), opened,
    _("Case ID"), marrow_record_get_id (self->joint_case),
    NULL
  };

  marrow_report_add_heading (self->report, _("Patient and case"));
  marrow_report_add_key_values (self->report, pairs, 2);
}

static void
add_diagnosis (CaseReport  *self,
               GError     **error)
{
  g_autofree char *code = NULL;
  g_autofree char *grade = NULL;
  g_autofree char *onset = marrow_report_format_date (marrow_record_get_text (self->joint_case,
                                                                              "onset_date"));
  g_autofree char *surgery = NULL;
  g_autoptr(GPtrArray) prior = NULL;
  const char *system = marrow_record_get_text (self->joint_case, "diagnosis_system");
  const char *pairs[12] = { NULL };
  guint n = 0;

  if (system != NULL)
    /* Translators: a diagnosis code and its code system, e.g. "M17.12 (ICD-10-CM)" */
    code = g_strdup_printf (_("%s (%s)"), marrow_record_get_text_or_id (self->joint_case, "diagnosis_code"),
                            system);
  else
    code = g_strdup (marrow_record_get_text (self->joint_case, "diagnosis_code"));
  if (!marrow_record_is_null (self->joint_case, "kl_grade"))
    /* Translators: the Kellgren-Lawrence grade of a joint, 0 to 4 */
    grade = g_strdup_printf (_("KL %d"), (int)marrow_record_get_int (self->joint_case, "kl_grade"));

  pairs[n++] = _("Diagnosis"), pairs[n++] = marrow_record_get_text (self->joint_case, "diagnosis_text");
  pairs[n++] = _("Diagnosis code"), pairs[n++] = code;
  pairs[n++] = _("Severity"), pairs[n++] = grade;
  pairs[n++] = _("Onset"), pairs[n++] = onset;
  if (!marrow_record_is_null (self->joint_case, "surgery_date"))
    {
      surgery = marrow_report_format_date (marrow_record_get_text (self->joint_case, "surgery_date"));
      pairs[n++] = _("Surgery"), pairs[n++] = surgery;
    }

  marrow_report_add_heading (self->report, _("Diagnosis and severity"));
  marrow_report_add_key_values (self->report, pairs, 2);

  prior = marrow_store_find_by (self->store, &marrow_entity_prior_treatment, "joint_case_id",
                                marrow_record_get_id (self->joint_case), "date", error);
  if (prior != NULL && prior->len > 0)
    {
      static const MarrowReportColumn columns[] = {
        { N_("Prior treatment"), 3, MARROW_REPORT_ALIGN_START },
        { N_("Date"), 1.5, MARROW_REPORT_ALIGN_START },
        { N_("Detail"), 5, MARROW_REPORT_ALIGN_START },
      };
      MarrowReportColumn translated[G_N_ELEMENTS (columns)];
      MarrowReportTable *table;

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        translated[c] = (MarrowReportColumn) { _(columns[c].title), columns[c].weight, columns[c].align };
      table = marrow_report_add_table (self->report, translated, G_N_ELEMENTS (translated));
      for (guint i = 0; i < prior->len; i++)
        {
          g_autofree char *date = marrow_report_format_date (marrow_record_get_text (prior->pdata[i], "date"));
          const char *cells[] = {
            marrow_record_code_label (prior->pdata[i], "kind"), date,
            marrow_record_get_text (prior->pdata[i], "detail"),
          };

          marrow_report_table_add_row (table, cells);
        }
    }
}

/* The columns of a table, with their titles translated */
static MarrowReportTable *
add_table (MarrowReport             *report,
           const MarrowReportColumn *columns,
           guint                     n_columns)
{
  g_autofree MarrowReportColumn *translated = g_new (MarrowReportColumn, n_columns);

  for (guint c = 0; c < n_columns; c++)
    translated[c] = (MarrowReportColumn) { _(columns[c].title), columns[c].weight, columns[c].align };
  return marrow_report_add_table (report, translated, n_columns);
}

static void
add_harvests (CaseReport *self)
{
  static const MarrowReportColumn columns[] = {
    { N_("Date"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Chain-of-identity ID"), 2.6, MARROW_REPORT_ALIGN_START },
    { N_("Tissue"), 1.8, MARROW_REPORT_ALIGN_START },
    { N_("Site"), 2.4, MARROW_REPORT_ALIGN_START },
    { N_("Volume"), 1.2, MARROW_REPORT_ALIGN_END },
    { N_("Operator"), 2, MARROW_REPORT_ALIGN_START },
  };
  MarrowReportTable *table;

  marrow_report_add_subheading (self->report, _("Harvests"));
  if (self->harvests->len == 0)
    {
      add_none (self->report, _("No harvest: the case's lots were not made from this patient's cells."));
      return;
    }
  table = add_table (self->report, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < self->harvests->len; i++)
    {
      MarrowRecord *harvest = self->harvests->pdata[i];
      g_autofree char *when = marrow_report_format_instant (marrow_record_get_text (harvest, "started_at"));
      g_autofree char *volume = marrow_report_number (harvest, "volume_collected_ml", 1, "mL");
      g_autofree char *operator = marrow_report_staff_name (self->store, self->staff,
                                                            marrow_record_get_text (harvest, "operator_id"));
      g_autofree char *site = NULL;
      const char *side = marrow_record_code_label (harvest, "harvest_side");

      if (side != NULL && g_strcmp0 (marrow_record_get_text (harvest, "harvest_side"), "none") != 0)
        /* Translators: a harvest site and its side, e.g. "Posterior iliac crest, left" */
        site = g_strdup_printf (_("%s, %s"), marrow_record_code_label (harvest, "anatomic_site"), side);
      else
        site = g_strdup (marrow_record_code_label (harvest, "anatomic_site"));
      {
        const char *cells[] = {
          when, marrow_record_get_text (harvest, "coi_id"), marrow_record_code_label (harvest, "tissue"),
          site, volume, operator,
        };

        marrow_report_table_add_row (table, cells);
      }
    }
}

static void
add_runs (CaseReport *self)
{
  static const MarrowReportColumn columns[] = {
    { N_("Run"), 2.6, MARROW_REPORT_ALIGN_START },
    { N_("Date"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Method"), 2, MARROW_REPORT_ALIGN_START },
    { N_("Output"), 1.2, MARROW_REPORT_ALIGN_END },
    { N_("TNC after"), 1.6, MARROW_REPORT_ALIGN_END },
    { N_("Viability"), 1.2, MARROW_REPORT_ALIGN_END },
    { N_("Operator"), 2, MARROW_REPORT_ALIGN_START },
  };
  MarrowReportTable *table;

  marrow_report_add_subheading (self->report, _("Processing runs"));
  if (self->runs->len == 0)
    {
      add_none (self->report, _("No processing run recorded for the case's lots."));
      return;
    }
  table = add_table (self->report, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < self->runs->len; i++)
    {
      MarrowRecord *run = self->runs->pdata[i];
      g_autofree char *when = marrow_report_format_instant (marrow_record_get_text (run, "started_at"));
      g_autofree char *output = marrow_report_number (run, "output_volume_ml", 1, "mL");
      g_autofree char *cells = marrow_report_cells (run, "tnc_post_cells", self->options->cell_unit);
      g_autofree char *viability = marrow_report_number (run, "viability_pct", 1, "%");
      g_autofree char *operator = marrow_report_staff_name (self->store, self->staff,
                                                            marrow_record_get_text (run, "operator_id"));
      const char *row[] = {
        marrow_record_get_text (run, "run_code"), when, marrow_record_code_label (run, "method"), output,
        cells, viability, operator,
      };

      marrow_report_table_add_row (table, row);
    }
}

/* A QC value in its unit: cell counts as everywhere else, other numbers
 * with up to two decimals */
static char *
qc_value (CaseReport *self,
          double      value,
          const char *unit)
{
  g_autofree char *number = NULL;

  if (g_strcmp0 (unit, "cells") == 0)
    return marrow_format_cells (value, self->options->cell_unit);
  if (g_strcmp0 (unit, "cells/mL") == 0)
    {
      g_autofree char *cells = marrow_format_cells (value, self->options->cell_unit);

      return g_strdup_printf ("%s/mL", cells);
    }
  number = g_strdup_printf (fabs (value - round (value)) < 1e-9 ? "%.0f" : "%.2f", value);
  if (unit == NULL || g_strcmp0 (unit, "text") == 0)
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}

static char *
qc_specification (CaseReport   *self,
                  MarrowRecord *test)
{
  const char *text = marrow_record_get_text (test, "spec_text");
  const char *unit = marrow_record_get_text (test, "unit");
  gboolean has_min = !marrow_record_is_null (test, "spec_min");
  gboolean has_max = !marrow_record_is_null (test, "spec_max");
  g_autofree char *min = has_min ? qc_value (self, marrow_record_get_real (test, "spec_min"), unit) : NULL;
  g_autofree char *max = has_max ? qc_value (self, marrow_record_get_real (test, "spec_max"), unit) : NULL;

  if (has_min && has_max)
    return g_strdup_printf ("%s – %s", min, max);
  if (has_min)
    return g_strdup_printf ("≥ %s", min);
  if (has_max)
    return g_strdup_printf ("≤ %s", max);
  return g_strdup (text != NULL ? text : "—");
}

static char *
qc_result (CaseReport   *self,
           MarrowRecord *test)
{
  const char *text = marrow_record_get_text (test, "result_text");

  if (!marrow_record_is_null (test, "result_value"))
    return qc_value (self, marrow_record_get_real (test, "result_value"),
                     marrow_record_get_text (test, "unit"));
  return g_strdup (text != NULL ? text : "—");
}

/* QC tests of the case's runs and lots, once each */
static gboolean
add_qc (CaseReport  *self,
        GError     **error)
{
  static const MarrowReportColumn columns[] = {
    { N_("Of"), 2.6, MARROW_REPORT_ALIGN_START },
    { N_("Test"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Result"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Specification"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Outcome"), 1.4, MARROW_REPORT_ALIGN_START },
    { N_("State"), 1.2, MARROW_REPORT_ALIGN_START },
  };
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  MarrowReportTable *table;

  for (int pass = 0; pass < 2; pass++)
    {
      GPtrArray *list = pass == 0 ? self->runs : self->lots;
      const char *field = pass == 0 ? "processing_run_id" : "product_lot_id";
      const char *code_field = pass == 0 ? "run_code" : "coi_id";

      for (guint i = 0; i < list->len; i++)
        {
          g_autoptr(GPtrArray) found = marrow_store_find_by (self->store, &marrow_entity_qc_test,
                                                             field,
                                                             marrow_record_get_id (list->pdata[i]),
                                                             NULL, error);

          if (found == NULL)
            return FALSE;
          for (guint t = 0; t < found->len; t++)
            {
              if (!g_hash_table_add (shown, (char *)marrow_record_get_id (found->pdata[t])))
                continue;
              g_ptr_array_add (tests, g_object_ref (found->pdata[t]));
              g_ptr_array_add (owners, (char *)marrow_record_get_text_or_id (list->pdata[i], code_field));
            }
        }
    }

  marrow_report_add_subheading (self->report, _("Quality control"));
  if (tests->len == 0)
    {
      add_none (self->report, _("No QC test recorded."));
      return TRUE;
    }
  table = add_table (self->report, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < tests->len; i++)
    {
      MarrowRecord *test = tests->pdata[i];
      g_autofree char *result = qc_result (self, test);
      g_autofree char *spec = qc_specification (self, test);
      const char *row[] = {
        owners->pdata[i], marrow_record_code_label (test, "test_code"), result, spec,
        marrow_record_code_label (test, "pass_fail"), marrow_record_code_label (test, "state"),
      };

      marrow_report_table_add_row (table, row);
    }
  return TRUE;
}

static void
add_lots (CaseReport *self)
{
  static const MarrowReportColumn columns[] = {
    { N_("Lot"), 2.6, MARROW_REPORT_ALIGN_START },
    { N_("Product"), 2.6, MARROW_REPORT_ALIGN_START },
    { N_("Viable cells"), 1.6, MARROW_REPORT_ALIGN_END },
    { N_("Volume"), 1.1, MARROW_REPORT_ALIGN_END },
    { N_("Release"), 1.5, MARROW_REPORT_ALIGN_START },
    { N_("Released by"), 2.6, MARROW_REPORT_ALIGN_START },
  };
  MarrowReportTable *table;

  marrow_report_add_subheading (self->report, _("Product lots"));
  if (self->lots->len == 0)
    {
      add_none (self->report, _("No product lot was injected."));
      return;
    }
  table = add_table (self->report, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < self->lots->len; i++)
    {
      MarrowRecord *lot = self->lots->pdata[i];
      g_autofree char *cells = marrow_report_cells (lot, "viable_cells", self->options->cell_unit);
      g_autofree char *volume = marrow_report_number (lot, "volume_ml", 1, "mL");
      g_autofree char *by = marrow_report_staff_name (self->store, self->staff,
                                                      marrow_record_get_text (lot, "released_by"));
      g_autofree char *when = marrow_report_format_instant (marrow_record_get_text (lot, "released_at"));
      g_autofree char *released = NULL;
      g_autofree char *decision = NULL;
      const char *basis = marrow_record_code_label (lot, "release_basis");

      if (!marrow_record_is_null (lot, "released_by"))
        /* Translators: who released a product lot, and when */
        released = g_strdup_printf (_("%s, %s"), by, when);
      if (basis != NULL)
        /* Translators: a lot's release status and its basis, e.g. "Released (conditional)" */
        decision = g_strdup_printf (_("%s (%s)"), marrow_record_code_label (lot, "release_status"), basis);
      else
        decision = g_strdup (marrow_record_code_label (lot, "release_status"));
      {
        const char *row[] = {
          marrow_record_get_text (lot, "coi_id"), marrow_record_code_label (lot, "category"), cells, volume,
          decision, released,
        };

        marrow_report_table_add_row (table, row);
      }
    }

  /* The release notes follow the table, so that the lots stay one table */
  for (guint i = 0; i < self->lots->len; i++)
    {
      MarrowRecord *lot = self->lots->pdata[i];

      if (!marrow_record_is_null (lot, "release_note"))
        {
          /* Translators: the note a product lot was released with; %s is the lot's ID */
          g_autofree char *note = g_strdup_printf (_("Release note on %s: %s"),
                                                   marrow_record_get_text_or_id (lot, "coi_id"),
                                                   marrow_record_get_text (lot, "release_note"));

          marrow_report_add_note (self->report, note);
        }
    }
}

static void
add_injections (CaseReport *self)
{
  static const MarrowReportColumn columns[] = {
    { N_("No."), 0.7, MARROW_REPORT_ALIGN_END },
    { N_("Date"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Route"), 1.8, MARROW_REPORT_ALIGN_START },
    { N_("Guidance"), 1.5, MARROW_REPORT_ALIGN_START },
    { N_("Volume"), 1.1, MARROW_REPORT_ALIGN_END },
    { N_("Viable cells"), 1.6, MARROW_REPORT_ALIGN_END },
    { N_("Cells/kg"), 1.5, MARROW_REPORT_ALIGN_END },
    { N_("Operator"), 2, MARROW_REPORT_ALIGN_START },
  };
  MarrowReportTable *table;
  gboolean boosters = FALSE;

  marrow_report_add_subheading (self->report, _("Injections"));
  if (self->injections->len == 0)
    {
      add_none (self->report, _("No injection yet."));
      return;
    }
  table = add_table (self->report, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < self->injections->len; i++)
    {
      MarrowRecord *injection = self->injections->pdata[i];
      g_autofree char *number = NULL;
      g_autofree char *when = marrow_report_format_instant (marrow_record_get_text (injection, "performed_at"));
      g_autofree char *volume = marrow_report_number (injection, "volume_injected_ml", 1, "mL");
      g_autofree char *cells = marrow_report_cells (injection, "viable_injected_cells",
                                                    self->options->cell_unit);
      g_autofree char *per_kg = marrow_report_cells (injection, "viable_cells_per_kg",
                                                     self->options->cell_unit);
      g_autofree char *operator = marrow_report_staff_name (self->store, self->staff,
                                                            marrow_record_get_text (injection, "operator_id"));

      if (!marrow_record_is_null (injection, "course_no"))
        number = g_strdup_printf ("%d%s", (int)marrow_record_get_int (injection, "course_no"),
                                  !marrow_record_is_null (injection, "is_booster") &&
                                  marrow_record_get_bool (injection, "is_booster") ? "B" : "");
      else
        number = g_strdup_printf ("%u", i + 1);
      {
        const char *row[] = {
          number, when, marrow_record_code_label (injection, "route"),
          marrow_record_code_label (injection, "image_guidance"), volume, cells, per_kg, operator,
        };

        marrow_report_table_add_row (table, row);
        if (g_str_has_suffix (number, "B"))
          boosters = TRUE;
      }
    }
  if (boosters)
    marrow_report_add_note (self->report, _("B: a booster injection."));
}

static gboolean
add_adverse_events (CaseReport  *self,
                    GError     **error)
{
  static const MarrowReportColumn columns[] = {
    { N_("Onset"), 1.6, MARROW_REPORT_ALIGN_START },
    { N_("Event"), 2.2, MARROW_REPORT_ALIGN_START },
    { N_("Description"), 3.8, MARROW_REPORT_ALIGN_START },
    { N_("Grade"), 0.9, MARROW_REPORT_ALIGN_END },
    { N_("Relatedness"), 1.5, MARROW_REPORT_ALIGN_START },
    { N_("Outcome"), 1.6, MARROW_REPORT_ALIGN_START },
  };
  g_autoptr(GPtrArray) events = NULL;
  MarrowReportTable *table;

  events = marrow_store_find_by (self->store, &marrow_entity_adverse_event, "joint_case_id",
                                 marrow_record_get_id (self->joint_case), "onset_date", error);
  if (events == NULL)
    return FALSE;
  marrow_report_add_heading (self->report, _("Adverse events"));
  if (events->len == 0)
    {
      add_none (self->report, _("No adverse event recorded."));
      return TRUE;
    }
  table = add_table (self->report, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < events->len; i++)
    {
      MarrowRecord *event = events->pdata[i];
      g_autofree char *onset = marrow_report_format_date (marrow_record_get_text (event, "onset_date"));
      g_autofree char *grade = NULL;
      g_autofree char *description = NULL;

      grade = marrow_record_is_null (event, "severity_ctcae")
        ? g_strdup ("—") : g_strdup_printf ("%d", (int)marrow_record_get_int (event, "severity_ctcae"));
      if (!marrow_record_is_null (event, "serious") && marrow_record_get_bool (event, "serious"))
        /* Translators: an adverse event's description, marked serious */
        description = g_strdup_printf (_("%s (serious)"), marrow_record_get_text (event, "description"));
      else
        description = g_strdup (marrow_record_get_text (event, "description"));
      {
        const char *row[] = {
          onset, marrow_record_code_label (event, "category"), description, grade,
          marrow_record_code_label (event, "relatedness"), marrow_record_code_label (event, "outcome"),
        };

        marrow_report_table_add_row (table, row);
      }
    }
  return TRUE;
}

typedef struct
{
  MarrowRecord *assessment;
  MarrowScores *scores;     /* NULL: could not be scored */
  char         *why;        /* why not */
} Scored;

static void
scored_free (Scored *scored)
{
  g_clear_object (&scored->assessment);
  g_clear_pointer (&scored->scores, marrow_scores_unref);
  g_free (scored->why);
  g_free (scored);
}

/* The day of the case's latest injection on or before @day, or 0 */
static MarrowDay
injection_before (CaseReport *self,
                  MarrowDay   day)
{
  MarrowDay latest = 0;

  for (guint i = 0; i < self->injections->len; i++)
    {
      MarrowDay performed = marrow_instant_local_day (marrow_record_get_text (self->injections->pdata[i],
                                                                          "performed_at"));

      if (performed != 0 && performed <= day && performed > latest)
        latest = performed;
    }
  return latest;
}

/* The follow-up an assessment of @day fulfilled, by the guidance's
 * schedule, for assessments recorded without a time point */
static const char *
fulfilled_time_point (CaseReport *self,
                      MarrowDay   day)
{
  for (guint i = 0; self->evaluation != NULL &&
                    i < marrow_guidance_evaluation_get_n_time_points (self->evaluation); i++)
    {
      const MarrowGuidanceTimePoint *tp = marrow_guidance_evaluation_get_time_point (self->evaluation, i);

      if (tp->done_on == day && day != 0)
        return marrow_guidance_time_point_label (tp->id);
    }
  return NULL;
}

/* One table per instrument: date, time point, days since the injection
 * before it, then every score of the instrument */
static void
add_instrument_table (CaseReport *self,
                      const char *instrument_id,
                      GPtrArray  *scored)
{
  MarrowInstrumentRegistry *registry;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (MarrowReportColumn));
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  MarrowInstrument *instrument = NULL;
  g_autofree char *title = NULL;
  MarrowReportTable *table;
  MarrowReportColumn column;

  registry = marrow_store_get_instruments (self->store, NULL);
  if (registry != NULL)
    instrument = marrow_instrument_registry_lookup (registry, instrument_id, NULL);
  if (instrument != NULL && g_strcmp0 (marrow_instrument_get_name (instrument), instrument_id) != 0)
    /* Translators: an instrument's code and its name, e.g. "KOOS — Knee injury and …" */
    title = g_strdup_printf (_("%s — %s"), instrument_id, marrow_instrument_get_name (instrument));
  else
    title = g_strdup (instrument_id);
  marrow_report_add_subheading (self->report, title);

  column = (MarrowReportColumn) { _("Date"), 1.7, MARROW_REPORT_ALIGN_START };
  g_array_append_val (columns, column);
  column = (MarrowReportColumn) { _("Time point"), 1.5, MARROW_REPORT_ALIGN_START };
  g_array_append_val (columns, column);
  column = (MarrowReportColumn) { _("Days since injection"), 1.3, MARROW_REPORT_ALIGN_END };
  g_array_append_val (columns, column);
  /* The scores of the first scored assessment name the columns */
  for (guint i = 0; i < scored->len; i++)
    {
      Scored *first = scored->pdata[i];

      if (first->scores == NULL)
        continue;
      for (guint s = 0; s < marrow_scores_get_n_values (first->scores); s++)
        {
          const MarrowScoreValue *value = marrow_scores_get_value (first->scores, s);

          column = (MarrowReportColumn) { value->definition->label, 1.2, MARROW_REPORT_ALIGN_END };
          g_array_append_val (columns, column);
          g_ptr_array_add (keys, value->definition->key);
        }
      break;
    }
  table = marrow_report_add_table (self->report, (MarrowReportColumn *)(gpointer)columns->data,
                                   columns->len);

  for (guint i = 0; i < scored->len; i++)
    {
      Scored *entry = scored->pdata[i];
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      MarrowDay day = marrow_instant_local_day (marrow_record_get_text (entry->assessment, "completed_at"));
      MarrowDay injected = injection_before (self, day);
      const char *time_point = marrow_record_code_label (entry->assessment, "timepoint");

      if (time_point == NULL)
        time_point = fulfilled_time_point (self, day);

      g_ptr_array_add (cells, marrow_report_format_day (day));
      g_ptr_array_add (cells, g_strdup (time_point != NULL ? time_point : "—"));
      g_ptr_array_add (cells, injected != 0 ? g_strdup_printf ("%d", day - injected) : g_strdup ("—"));
      for (guint k = 0; k < keys->len; k++)
        {
          const MarrowScoreValue *value = entry->scores != NULL
            ? marrow_scores_find_value (entry->scores, keys->pdata[k]) : NULL;

          if (value == NULL)
            g_ptr_array_add (cells, g_strdup ("—"));
          else if (!value->scorable)
            /* Translators: a score that cannot be computed from the answers given, in a
             * narrow table cell */
            g_ptr_array_add (cells, g_strdup (C_("score", "n/s")));
          else
            g_ptr_array_add (cells, marrow_score_value_format (value));
        }
      marrow_report_table_add_row (table, (const char * const *)cells->pdata);
    }
}

static gboolean
add_assessments (CaseReport  *self,
                 GError     **error)
{
  g_autoptr(GPtrArray) assessments = NULL;
  g_autoptr(GHashTable) by_instrument = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                               (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean unscored = FALSE;

  assessments = marrow_store_find_by (self->store, &marrow_entity_assessment, "joint_case_id",
                                      marrow_record_get_id (self->joint_case), "completed_at", error);
  if (assessments == NULL)
    return FALSE;

  marrow_report_add_heading (self->report, _("Assessments"));
  if (assessments->len == 0)
    {
      add_none (self->report, _("No questionnaire recorded yet."));
      return TRUE;
    }
  for (guint i = 0; i < assessments->len; i++)
    {
      MarrowRecord *assessment = assessments->pdata[i];
      const char *instrument = marrow_record_get_text_or_id (assessment, "instrument_code");
      GPtrArray *list = g_hash_table_lookup (by_instrument, instrument);
      Scored *scored = g_new0 (Scored, 1);
      g_autoptr(GError) local_error = NULL;

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify)scored_free);
          g_hash_table_insert (by_instrument, (char *)instrument, list);
          g_ptr_array_add (order, (char *)instrument);
        }
      scored->assessment = g_object_ref (assessment);
      scored->scores = marrow_store_score_assessment (self->store, assessment, &local_error);
      if (scored->scores == NULL)
        {
          scored->why = g_strdup (local_error->message);
          unscored = TRUE;
        }
      g_ptr_array_add (list, scored);
    }
  for (guint i = 0; i < order->len; i++)
    add_instrument_table (self, order->pdata[i], g_hash_table_lookup (by_instrument, order->pdata[i]));
  if (unscored)
    add_none (self->report, _("“—”: the assessment's scores could not be computed (its instrument "
                              "definition is not installed here)."));
  return TRUE;
}

static char *
describe_decision (CaseReport   *self,
                   MarrowRecord *decision)
{
  g_autofree char *by = marrow_report_staff_name (self->store, self->staff,
                                                  marrow_record_get_text (decision, "decided_by"));
  g_autofree char *when = marrow_report_format_instant (marrow_record_get_text (decision, "decided_at"));
  const char *reason = marrow_record_get_text (decision, "reason");

  if (g_strcmp0 (marrow_record_get_text (decision, "decision"), MARROW_GUIDANCE_DECISION_ACCEPT) == 0)
    /* Translators: the decision on the guidance: who accepted it and when */
    return g_strdup_printf (_("Accepted by %s, %s"), by, when);
  /* Translators: the decision on the guidance: who overrode it, when and why */
  return g_strdup_printf (_("Overridden by %s, %s: %s"), by, when, reason != NULL ? reason : "");
}

static gboolean
add_guidance (CaseReport  *self,
              GError     **error)
{
  MarrowGuidanceEvaluation *evaluation = self->evaluation;
  g_autoptr(MarrowRecord) decision = NULL;
  g_autofree char *flags_text = NULL;
  g_autofree char *classification = NULL;
  g_autofree char *next_review = NULL;
  g_autofree char *evaluated = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *as_of_text = NULL;
  MarrowGuidanceProtocol *protocol;
  MarrowDay as_of = marrow_report_options_as_of (self->options);
  const char *pairs[16] = { NULL };
  guint n = 0;

  marrow_report_add_heading (self->report, _("Repeat-treatment guidance"));
  if (self->protocols == NULL)
    {
      add_none (self->report, _("No guidance: the guidance protocols could not be loaded."));
      return TRUE;
    }
  if (evaluation == NULL)
    {
      /* Translators: %s says why the guidance could not be computed */
      g_autofree char *message = g_strdup_printf (_("No guidance: %s"), self->evaluation_error->message);

      add_none (self->report, message);
      return TRUE;
    }
  decision = marrow_guidance_decision_find_latest (self->store, marrow_record_get_id (self->joint_case),
                                                   as_of, error);
  if (decision == NULL && error != NULL && *error != NULL)
    return FALSE;

  protocol = marrow_guidance_evaluation_get_protocol (evaluation);
  classification = marrow_guidance_dup_response_label (marrow_guidance_evaluation_get_classification (evaluation),
                                                       marrow_guidance_evaluation_get_durability (evaluation));
  flags_text = marrow_guidance_dup_flags_label (marrow_guidance_evaluation_get_flags (evaluation));
  next_review = marrow_report_format_day (marrow_guidance_evaluation_get_next_review (evaluation));
  as_of_text = marrow_report_format_day (marrow_guidance_evaluation_get_as_of (evaluation));
  /* Translators: the day of a guidance evaluation and the protocol it used */
  evaluated = g_strdup_printf (_("%s, %s %s"), as_of_text,
                               protocol->title != NULL ? protocol->title : protocol->id,
                               protocol->version);
  decided = decision != NULL ? describe_decision (self, decision) : g_strdup (_("Not decided yet"));

  pairs[n++] = _("Recommendation");
  pairs[n++] = marrow_guidance_recommendation_label (marrow_guidance_evaluation_get_recommendation (evaluation));
  pairs[n++] = _("Response"), pairs[n++] = classification;
  if (flags_text != NULL)
    pairs[n++] = _("Flags"), pairs[n++] = flags_text;
  pairs[n++] = _("Next review"), pairs[n++] = next_review;
  pairs[n++] = _("Evaluated"), pairs[n++] = evaluated;
  pairs[n++] = _("Physician's decision"), pairs[n++] = decided;
  marrow_report_add_key_values (self->report, pairs, 1);

  marrow_report_add_subheading (self->report, _("Statements and evidence"));
  for (guint i = 0; i < marrow_guidance_evaluation_get_n_statements (evaluation); i++)
    {
      const MarrowGuidanceStatement *statement = marrow_guidance_evaluation_get_statement (evaluation, i);
      MarrowGuidanceEvidence evidence = marrow_guidance_statement_code_get_evidence (statement->code);
      g_autofree char *text = marrow_guidance_statement_dup_text (statement);
      g_autofree char *source = NULL;

      /* Translators: a statement's evidence: its class, then its citation */
      source = g_strdup_printf (_("%s · %s"), marrow_guidance_evidence_get_label (evidence),
                                marrow_guidance_statement_code_get_citation (statement->code));
      marrow_report_add_paragraph (self->report, text);
      marrow_report_add_note (self->report, source);
    }
  marrow_report_add_note (self->report,
                          _("Decision support for an investigational therapy: the physician decides."));
  return TRUE;
}

/**
 * marrow_case_report_new:
 * @store: the store
 * @protocols: (nullable): the guidance protocols (marrow_guidance_protocols_load());
 *   %NULL prints no guidance
 * @joint_case: a stored joint case
 * @options: (nullable): cell unit, the day guidance is judged on, when it is printed
 * @error: return location for a #GError
 *
 * Builds the case report; paginate it for a paper before rendering.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
MarrowReport *
marrow_case_report_new (MarrowStore                     *store,
                        MarrowGuidanceProtocolRegistry  *protocols,
                        MarrowRecord                    *joint_case,
                        const MarrowReportOptions       *options,
                        GError                         **error)
{
  g_auto(CaseReport) self = { 0 };
  g_autoptr(MarrowReport) report = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *physician = NULL;
  MarrowReportOptions defaults = { MARROW_CELL_UNIT_MILLIONS, 0, NULL };

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self.store = store;
  self.protocols = protocols;
  self.options = options != NULL ? options : &defaults;
  self.joint_case = joint_case;
  self.staff = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.patient = marrow_store_lookup (store, &marrow_entity_patient,
                                      marrow_record_get_text (joint_case, "patient_id"), error);
  if (self.patient == NULL)
    return NULL;

  report = marrow_report_new (_("Case report"));
  self.report = report;
  marrow_report_set_subject (report, "case", "joint_case", marrow_record_get_id (joint_case));
  if (!marrow_report_set_frame (report, store, self.patient, self.options, error))
    return NULL;

  title = marrow_joint_case_dup_title (joint_case);
  /* Translators: the subtitle of a case report: the joint, then the diagnosis */
  subtitle = g_strdup_printf (_("%s — %s"), title,
                              marrow_record_get_text_or_id (joint_case, "diagnosis_text"));
  marrow_report_add_title (report, _("Case report"), subtitle);
  add_identification (&self);
  add_diagnosis (&self, NULL);

  if (!read_chain (&self, error))
    return NULL;
  /* The guidance, also for the time points the assessments fulfilled */
  if (protocols != NULL)
    self.evaluation = marrow_guidance_evaluate_case (store, protocols, joint_case,
                                                     marrow_report_options_as_of (self.options), 0,
                                                     &self.snapshot, &self.evaluation_error);
  marrow_report_add_heading (report, _("Treatment"));
  add_harvests (&self);
  add_runs (&self);
  if (!add_qc (&self, error))
    return NULL;
  add_lots (&self);
  add_injections (&self);
  if (!add_adverse_events (&self, error) || !add_assessments (&self, error) ||
      !marrow_report_add_figures_for_case (report, store, joint_case, error))
    return NULL;
  if (!add_guidance (&self, error))
    return NULL;

  if (self.injections->len > 0)
    physician = marrow_report_staff_name (store, self.staff,
                                          marrow_record_get_text (self.injections->pdata[self.injections->len - 1],
                                                                  "operator_id"));
  marrow_report_add_signature (report, _("Treating physician"), physician);
  return g_steal_pointer (&report);
}
