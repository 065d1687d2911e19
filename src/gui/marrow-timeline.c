/* marrow-timeline.c: a case's records in the order they happened, each in one line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case page lists the harvests, processing runs, product lots,
 * injections, adverse events and assessments of one joint case; the
 * patient page lists the patient's harvests and lots.  Everything is read
 * through MarrowStore with queries filtered on indexed references: the
 * patient's harvests, then for each its runs (processing_input), their lots,
 * their aliquots and the injections that used them; the case's injections,
 * assessments and adverse events.  Nothing of other patients is read.
 *
 * Which harvests, runs and lots belong to a case: a harvest is the
 * patient's, not a joint's.  One goes on a case's timeline when a lot made
 * from it was injected into that case, or, while no lot of it has been
 * injected anywhere yet, on the timeline of every active case of the
 * patient (it is being prepared for one of them).  An allogeneic lot
 * appears on the cases it was injected into.
 */
#define G_LOG_DOMAIN "marrow-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-assessment-service.h"
#include "marrow-assessment-time-point.h"
#include "marrow-code-labels.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-timeline.h"
#include "marrow-units.h"

typedef struct
{
  GPtrArray  *harvests;       /* MarrowRecord, in started_at order */
  GPtrArray  *runs;
  GPtrArray  *lots;
  GHashTable *run_harvests;   /* run id → GPtrArray of harvest ids */
  GHashTable *reached;        /* record id → GHashTable (set) of case ids */
} Chain;

static void
chain_free (Chain *chain)
{
  g_clear_pointer (&chain->harvests, g_ptr_array_unref);
  g_clear_pointer (&chain->runs, g_ptr_array_unref);
  g_clear_pointer (&chain->lots, g_ptr_array_unref);
  g_clear_pointer (&chain->run_harvests, g_hash_table_unref);
  g_clear_pointer (&chain->reached, g_hash_table_unref);
  g_free (chain);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Chain, chain_free)

static void
mark_reached (Chain      *chain,
              const char *id,
              const char *case_id)
{
  GHashTable *cases = g_hash_table_lookup (chain->reached, id);

  if (cases == NULL)
    {
      cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (chain->reached, g_strdup (id), cases);
    }
  g_hash_table_add (cases, g_strdup (case_id));
}

/* The cases the lot's injections went into, marked on the lot, its run and
 * the run's harvests */
static gboolean
read_lot_uses (MarrowStore   *store,
               Chain         *chain,
               MarrowRecord  *lot,
               const char    *run_id,
               GError       **error)
{
  g_autoptr(GPtrArray) aliquots = NULL;

  aliquots = marrow_store_find_by (store, &marrow_entity_product_aliquot, "lot_id",
                                   marrow_record_get_id (lot), NULL, error);
  if (aliquots == NULL)
    return FALSE;
  for (guint a = 0; a < aliquots->len; a++)
    {
      g_autoptr(GPtrArray) uses = NULL;

      uses = marrow_store_find_by (store, &marrow_entity_injection_product, "aliquot_id",
                                   marrow_record_get_id (aliquots->pdata[a]), NULL, error);
      if (uses == NULL)
        return FALSE;
      for (guint u = 0; u < uses->len; u++)
        {
          g_autoptr(MarrowRecord) injection = NULL;
          const char *case_id;
          GPtrArray *harvest_ids;

          injection = marrow_store_lookup (store, &marrow_entity_injection,
                                           marrow_record_get_text (uses->pdata[u], "injection_id"),
                                           error);
          if (injection == NULL)
            return FALSE;
          if (marrow_record_is_voided (injection))
            continue;
          case_id = marrow_record_get_text (injection, "joint_case_id");
          mark_reached (chain, marrow_record_get_id (lot), case_id);
          if (run_id == NULL)
            continue;
          mark_reached (chain, run_id, case_id);
          harvest_ids = g_hash_table_lookup (chain->run_harvests, run_id);
          for (guint h = 0; harvest_ids != NULL && h < harvest_ids->len; h++)
            mark_reached (chain, harvest_ids->pdata[h], case_id);
        }
    }
  return TRUE;
}

/* The patient's harvests, the runs they went into, the lots of those runs,
 * and which cases each reached */
static Chain *
read_chain (MarrowStore   *store,
            const char    *patient_id,
            GError       **error)
{
  g_autoptr(Chain) chain = g_new0 (Chain, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  chain->runs = g_ptr_array_new_with_free_func (g_object_unref);
  chain->lots = g_ptr_array_new_with_free_func (g_object_unref);
  chain->run_harvests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify)g_ptr_array_unref);
  chain->reached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_hash_table_unref);
  chain->harvests = marrow_store_find_by (store, &marrow_entity_harvest, "patient_id", patient_id,
                                          "started_at", error);
  if (chain->harvests == NULL)
    return NULL;

  for (guint h = 0; h < chain->harvests->len; h++)
    {
      MarrowRecord *harvest = chain->harvests->pdata[h];
      g_autoptr(GPtrArray) inputs = NULL;

      inputs = marrow_store_find_by (store, &marrow_entity_processing_input, "harvest_id",
                                     marrow_record_get_id (harvest), NULL, error);
      if (inputs == NULL)
        return NULL;
      for (guint i = 0; i < inputs->len; i++)
        {
          const char *run_id = marrow_record_get_text (inputs->pdata[i], "processing_run_id");
          GPtrArray *harvest_ids = g_hash_table_lookup (chain->run_harvests, run_id);
          MarrowRecord *run;

          if (harvest_ids == NULL)
            {
              harvest_ids = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (chain->run_harvests, g_strdup (run_id), harvest_ids);
            }
          g_ptr_array_add (harvest_ids, g_strdup (marrow_record_get_id (harvest)));
          if (g_hash_table_contains (seen, run_id))
            continue;
          run = marrow_store_lookup (store, &marrow_entity_processing_run, run_id, error);
          if (run == NULL)
            return NULL;
          if (marrow_record_is_voided (run))
            {
              g_object_unref (run);
              continue;
            }
          g_ptr_array_add (chain->runs, run);
          g_hash_table_add (seen, (char *)marrow_record_get_id (run));
        }
    }

  for (guint r = 0; r < chain->runs->len; r++)
    {
      const char *run_id = marrow_record_get_id (chain->runs->pdata[r]);
      g_autoptr(GPtrArray) lots = NULL;

      lots = marrow_store_find_by (store, &marrow_entity_product_lot, "processing_run_id", run_id,
                                   NULL, error);
      if (lots == NULL)
        return NULL;
      for (guint l = 0; l < lots->len; l++)
        {
          if (!read_lot_uses (store, chain, lots->pdata[l], run_id, error))
            return NULL;
          g_ptr_array_add (chain->lots, g_object_ref (lots->pdata[l]));
        }
    }
  return g_steal_pointer (&chain);
}

static gboolean
belongs_to_case (Chain        *chain,
                 MarrowRecord *record,
                 MarrowRecord *joint_case)
{
  GHashTable *cases = g_hash_table_lookup (chain->reached, marrow_record_get_id (record));

  if (cases == NULL)
    return g_strcmp0 (marrow_record_get_text (joint_case, "status"), "active") == 0;
  return g_hash_table_contains (cases, marrow_record_get_id (joint_case));
}

/* Summaries */

static void
append_detail (GString    *details,
               const char *detail)
{
  if (detail == NULL || *detail == '\0')
    return;
  if (details->len > 0)
    /* Translators: separates the details of a timeline entry, e.g. "Bone marrow, 60 mL" */
    g_string_append (details, _(", "));
  g_string_append (details, detail);
}

static char *
format_ml (MarrowRecord *record,
           const char   *field)
{
  if (marrow_record_is_null (record, field))
    return NULL;
  /* Translators: a volume in millilitres */
  return g_strdup_printf (_("%.1f mL"), marrow_record_get_real (record, field));
}

/* "Title — details", or the title alone */
static char *
join_summary (const char *title,
              GString    *details)
{
  if (details->len == 0)
    return g_strdup (title);
  /* Translators: a timeline entry: what it is, then its details, e.g.
   * "Injection #2 — 4.0 mL, 52 × 10⁶ cells" */
  return g_strdup_printf (_("%s — %s"), title, details->str);
}

static char *
titled (const char *kind,
        const char *code)
{
  if (code == NULL || *code == '\0')
    return g_strdup (kind);
  /* Translators: a kind of record and its chain-of-identity ID, e.g. "Harvest MRW-26-0007" */
  return g_strdup_printf (_("%s %s"), kind, code);
}

static char *
describe_harvest (MarrowRecord *harvest)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = titled (_("Harvest"), marrow_record_get_text (harvest, "coi_id"));
  g_autofree char *volume = format_ml (harvest, "volume_collected_ml");

  append_detail (details, marrow_record_code_label (harvest, "tissue"));
  append_detail (details, marrow_record_code_label (harvest, "anatomic_site"));
  append_detail (details, volume);
  return join_summary (title, details);
}

static char *
describe_run (MarrowRecord *run)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = titled (_("Processing run"), marrow_record_get_text (run, "run_code"));
  g_autofree char *output = NULL;
  g_autofree char *viability = NULL;

  append_detail (details, marrow_record_code_label (run, "method"));
  if (!marrow_record_is_null (run, "output_volume_ml"))
    /* Translators: the volume a processing run gave, in millilitres */
    output = g_strdup_printf (_("%.1f mL out"), marrow_record_get_real (run, "output_volume_ml"));
  append_detail (details, output);
  if (!marrow_record_is_null (run, "viability_pct"))
    /* Translators: the viability of a processing run's cells, in per cent */
    viability = g_strdup_printf (_("%.0f %% viable"), marrow_record_get_real (run, "viability_pct"));
  append_detail (details, viability);
  return join_summary (title, details);
}

static char *
describe_lot (MarrowRecord *lot)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = titled (_("Product lot"), marrow_record_get_text (lot, "coi_id"));
  g_autofree char *volume = format_ml (lot, "volume_ml");
  g_autofree char *cells = NULL;

  append_detail (details, marrow_record_code_label (lot, "release_status"));
  append_detail (details, marrow_record_code_label (lot, "category"));
  if (!marrow_record_is_null (lot, "viable_cells"))
    {
      g_autofree char *count = marrow_format_cells ((double)marrow_record_get_int (lot, "viable_cells"),
                                                    marrow_cell_unit_get_preferred ());

      /* Translators: the viable cells of a product lot, e.g. "52 × 10⁶ viable cells" */
      cells = g_strdup_printf (_("%s viable cells"), count);
    }
  append_detail (details, cells);
  append_detail (details, volume);
  return join_summary (title, details);
}

/**
 * marrow_timeline_describe_injection:
 * @injection: an injection record
 *
 * Returns: (transfer full): e.g. "Injection #2 — 4.0 mL, 52 × 10⁶ cells
 *   (0.7 × 10⁶/kg)"
 */
char *
marrow_timeline_describe_injection (MarrowRecord *injection)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *cells = NULL;
  MarrowCellUnit unit = marrow_cell_unit_get_preferred ();

  g_return_val_if_fail (MARROW_IS_RECORD (injection), NULL);

  if (!marrow_record_is_null (injection, "course_no"))
    /* Translators: an injection and its number in the case's course, e.g. "Injection #2" */
    title = g_strdup_printf (_("Injection #%d"), (int)marrow_record_get_int (injection, "course_no"));
  else
    title = g_strdup (_("Injection"));
  volume = format_ml (injection, "volume_injected_ml");
  append_detail (details, volume);
  if (!marrow_record_is_null (injection, "viable_injected_cells"))
    {
      g_autofree char *count = marrow_format_cells ((double)marrow_record_get_int (injection,
                                                                                  "viable_injected_cells"),
                                                    unit);

      if (!marrow_record_is_null (injection, "viable_cells_per_kg"))
        {
          g_autofree char *per_kg = marrow_format_cells (marrow_record_get_real (injection,
                                                                                 "viable_cells_per_kg"),
                                                         unit);

          /* Translators: cells injected and per kg of body weight, e.g.
           * "52 × 10⁶ cells (0.7 × 10⁶/kg)" */
          cells = g_strdup_printf (_("%s cells (%s/kg)"), count, per_kg);
        }
      else
        /* Translators: cells injected, e.g. "52 × 10⁶ cells" */
        cells = g_strdup_printf (_("%s cells"), count);
    }
  append_detail (details, cells);
  if (!marrow_record_is_null (injection, "is_booster") &&
      marrow_record_get_bool (injection, "is_booster"))
    append_detail (details, _("booster"));
  return join_summary (title, details);
}

static char *
describe_adverse_event (MarrowRecord *event)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *grade = NULL;

  append_detail (details, marrow_record_get_text (event, "description"));
  if (!marrow_record_is_null (event, "severity_ctcae"))
    /* Translators: the CTCAE severity grade of an adverse event */
    grade = g_strdup_printf (_("grade %d"), (int)marrow_record_get_int (event, "severity_ctcae"));
  append_detail (details, grade);
  if (!marrow_record_is_null (event, "serious") && marrow_record_get_bool (event, "serious"))
    append_detail (details, _("serious"));
  return join_summary (_("Adverse event"), details);
}

/* The scores the protocols judge pain and function by, for this instrument */
static gboolean
is_headline_score (MarrowGuidanceProtocolRegistry *protocols,
                   const char                     *instrument,
                   const char                     *score)
{
  g_autoptr(GPtrArray) list = NULL;

  if (protocols == NULL)
    return FALSE;
  list = marrow_guidance_protocol_registry_list (protocols);
  for (guint p = 0; p < list->len; p++)
    {
      MarrowGuidanceProtocol *protocol = list->pdata[p];

      for (guint d = MARROW_GUIDANCE_DOMAIN_PAIN; d <= MARROW_GUIDANCE_DOMAIN_FUNCTION; d++)
        for (guint s = 0; protocol->sources[d] != NULL && s < protocol->sources[d]->len; s++)
          {
            const MarrowGuidanceSource *source = &g_array_index (protocol->sources[d],
                                                                 MarrowGuidanceSource, s);

            if (g_strcmp0 (source->instrument, instrument) == 0 &&
                g_strcmp0 (source->score, score) == 0)
              return TRUE;
          }
    }
  return FALSE;
}

/**
 * marrow_timeline_describe_assessment:
 * @store: the store of @assessment
 * @assessment: a stored assessment
 * @protocols: (nullable): the guidance protocols, which name the scores
 *   that judge pain and function
 *
 * Returns: (transfer full): e.g. "KOOS 6 months — Pain 72.2, ADL 80.1":
 *   the scores the protocols judge by, or every score of an instrument they
 *   do not name
 */
char *
marrow_timeline_describe_assessment (MarrowStore                    *store,
                                     MarrowRecord                   *assessment,
                                     MarrowGuidanceProtocolRegistry *protocols)
{
  g_autoptr(MarrowScores) scores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char *instrument;
  const char *time_point;
  gboolean headline_only = FALSE;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (assessment), NULL);

  instrument = marrow_record_get_text_or_id (assessment, "instrument_code");
  time_point = marrow_record_code_label (assessment, "timepoint");
  if (time_point != NULL)
    /* Translators: an assessment: instrument and time point, e.g. "KOOS 6 months" */
    title = g_strdup_printf (_("%s %s"), instrument, time_point);
  else
    title = g_strdup (instrument);

  scores = marrow_store_score_assessment (store, assessment, &error);
  if (scores == NULL)
    {
      /* Translators: %s says why the scores of a stored assessment cannot be shown */
      g_autofree char *why = g_strdup_printf (_("scores not available: %s"), error->message);

      append_detail (details, why);
      return join_summary (title, details);
    }

  for (guint i = 0; i < marrow_scores_get_n_values (scores) && !headline_only; i++)
    headline_only = is_headline_score (protocols, instrument,
                                       marrow_scores_get_value (scores, i)->definition->key);
  for (guint i = 0; i < marrow_scores_get_n_values (scores); i++)
    {
      const MarrowScoreValue *value = marrow_scores_get_value (scores, i);
      g_autofree char *shown = NULL;
      g_autofree char *detail = NULL;

      if (headline_only && !is_headline_score (protocols, instrument, value->definition->key))
        continue;
      shown = value->scorable ? marrow_score_value_format (value) : g_strdup (_("not scorable"));
      /* Translators: a score and its value, e.g. "Pain 72.2" */
      detail = g_strdup_printf (_("%s %s"), value->definition->label, shown);
      append_detail (details, detail);
    }
  return join_summary (title, details);
}

static void
add_entry (GListStore         *entries,
           MarrowTimelineKind  kind,
           MarrowRecord       *record,
           const char         *field,
           char               *summary)
{
  g_autoptr(MarrowTimelineEntry) entry = NULL;
  const char *when = marrow_record_is_null (record, field) ? NULL : marrow_record_get_text (record, field);
  MarrowDay day;

  /* A lot not received yet counts from when it was entered */
  if (when == NULL)
    when = marrow_record_get_created_at (record);
  day = when == NULL ? 0 : (strlen (when) == 10 ? marrow_day_parse (when)
                                                : marrow_instant_local_day (when));
  entry = marrow_timeline_entry_new (kind, record, day, when, summary);
  g_list_store_append (entries, entry);
  g_free (summary);
}

/* When a lot came to be: received (allogeneic), else released, else
 * frozen; a lot with none of them counts from when it was entered */
static const char *
lot_time_field (MarrowRecord *lot)
{
  static const char * const fields[] = { "received_at", "released_at", "frozen_at" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!marrow_record_is_null (lot, fields[i]))
      return fields[i];
  return fields[0];
}

static void
add_chain_entries (GListStore   *entries,
                   Chain        *chain,
                   MarrowRecord *joint_case,
                   GHashTable   *lots_shown)
{
  for (guint i = 0; i < chain->harvests->len; i++)
    if (joint_case == NULL || belongs_to_case (chain, chain->harvests->pdata[i], joint_case))
      add_entry (entries, MARROW_TIMELINE_HARVEST, chain->harvests->pdata[i], "started_at",
                 describe_harvest (chain->harvests->pdata[i]));
  for (guint i = 0; i < chain->runs->len; i++)
    if (joint_case == NULL || belongs_to_case (chain, chain->runs->pdata[i], joint_case))
      add_entry (entries, MARROW_TIMELINE_PROCESSING_RUN, chain->runs->pdata[i], "started_at",
                 describe_run (chain->runs->pdata[i]));
  for (guint i = 0; i < chain->lots->len; i++)
    if (joint_case == NULL || belongs_to_case (chain, chain->lots->pdata[i], joint_case))
      {
        add_entry (entries, MARROW_TIMELINE_PRODUCT_LOT, chain->lots->pdata[i],
                   lot_time_field (chain->lots->pdata[i]), describe_lot (chain->lots->pdata[i]));
        if (lots_shown != NULL)
          g_hash_table_add (lots_shown, g_strdup (marrow_record_get_id (chain->lots->pdata[i])));
      }
}

/* Lots injected into the case that are not the patient's own (allogeneic) */
static gboolean
add_other_lots (MarrowStore  *store,
                GListStore   *entries,
                GPtrArray    *injections,
                GHashTable   *lots_shown,
                GError      **error)
{
  for (guint i = 0; i < injections->len; i++)
    {
      g_autoptr(GPtrArray) products = NULL;

      products = marrow_store_find_by (store, &marrow_entity_injection_product, "injection_id",
                                       marrow_record_get_id (injections->pdata[i]), NULL, error);
      if (products == NULL)
        return FALSE;
      for (guint p = 0; p < products->len; p++)
        {
          g_autoptr(MarrowRecord) aliquot = NULL;
          g_autoptr(MarrowRecord) lot = NULL;
          const char *lot_id;

          aliquot = marrow_store_lookup (store, &marrow_entity_product_aliquot,
                                         marrow_record_get_text (products->pdata[p], "aliquot_id"),
                                         error);
          if (aliquot == NULL)
            return FALSE;
          lot_id = marrow_record_get_text (aliquot, "lot_id");
          if (g_hash_table_contains (lots_shown, lot_id))
            continue;
          lot = marrow_store_lookup (store, &marrow_entity_product_lot, lot_id, error);
          if (lot == NULL)
            return FALSE;
          g_hash_table_add (lots_shown, g_strdup (lot_id));
          if (!marrow_record_is_voided (lot))
            add_entry (entries, MARROW_TIMELINE_PRODUCT_LOT, lot, lot_time_field (lot), describe_lot (lot));
        }
    }
  return TRUE;
}

/**
 * marrow_timeline_read_case:
 * @store: the store
 * @joint_case: a stored joint case
 * @protocols: (nullable): names the scores an assessment's line shows
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a #GListModel of
 *   #MarrowTimelineEntry, the earliest first, or %NULL with @error set
 */
GListModel *
marrow_timeline_read_case (MarrowStore                     *store,
                           MarrowRecord                    *joint_case,
                           MarrowGuidanceProtocolRegistry  *protocols,
                           GError                         **error)
{
  g_autoptr(GListStore) entries = g_list_store_new (MARROW_TYPE_TIMELINE_ENTRY);
  g_autoptr(GHashTable) lots_shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(Chain) chain = NULL;
  g_autoptr(GPtrArray) injections = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *case_id;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  case_id = marrow_record_get_id (joint_case);
  chain = read_chain (store, marrow_record_get_text (joint_case, "patient_id"), error);
  if (chain == NULL)
    return NULL;
  injections = marrow_store_find_by (store, &marrow_entity_injection, "joint_case_id", case_id,
                                     "performed_at", error);
  if (injections == NULL)
    return NULL;
  assessments = marrow_store_find_by (store, &marrow_entity_assessment, "joint_case_id", case_id,
                                      "completed_at", error);
  if (assessments == NULL)
    return NULL;
  events = marrow_store_find_by (store, &marrow_entity_adverse_event, "joint_case_id", case_id,
                                 "onset_date", error);
  if (events == NULL)
    return NULL;

  add_chain_entries (entries, chain, joint_case, lots_shown);
  if (!add_other_lots (store, entries, injections, lots_shown, error))
    return NULL;
  for (guint i = 0; i < injections->len; i++)
    add_entry (entries, MARROW_TIMELINE_INJECTION, injections->pdata[i], "performed_at",
               marrow_timeline_describe_injection (injections->pdata[i]));
  for (guint i = 0; i < events->len; i++)
    add_entry (entries, MARROW_TIMELINE_ADVERSE_EVENT, events->pdata[i], "onset_date",
               describe_adverse_event (events->pdata[i]));
  for (guint i = 0; i < assessments->len; i++)
    add_entry (entries, MARROW_TIMELINE_ASSESSMENT, assessments->pdata[i], "completed_at",
               marrow_timeline_describe_assessment (store, assessments->pdata[i], protocols));

  g_list_store_sort (entries, marrow_timeline_entry_compare, NULL);
  return G_LIST_MODEL (g_steal_pointer (&entries));
}

/**
 * marrow_timeline_read_patient_chain:
 * @store: the store
 * @patient: a stored patient
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the patient's harvests, processing
 *   runs and product lots as #MarrowTimelineEntry, the earliest first
 */
GListModel *
marrow_timeline_read_patient_chain (MarrowStore   *store,
                                    MarrowRecord  *patient,
                                    GError       **error)
{
  g_autoptr(GListStore) entries = g_list_store_new (MARROW_TYPE_TIMELINE_ENTRY);
  g_autoptr(Chain) chain = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (patient), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  chain = read_chain (store, marrow_record_get_id (patient), error);
  if (chain == NULL)
    return NULL;
  add_chain_entries (entries, chain, NULL, NULL);
  g_list_store_sort (entries, marrow_timeline_entry_compare, NULL);
  return G_LIST_MODEL (g_steal_pointer (&entries));
}
