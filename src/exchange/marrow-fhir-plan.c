/* marrow-fhir-plan.c: which records of one patient go into a FHIR Bundle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export works one patient at a time, so that memory does not grow with
 * the database: a plan holds one patient, its joint cases, harvests,
 * injections, assessments and the product lots it received or gave, and the
 * links FHIR needs but Marrow keeps several tables apart:
 *
 *   injection → injection_product → product_aliquot → product_lot
 *   product_lot → processing_run → processing_input → harvest
 *   harvest → (the lots it became → the injections of this patient) → case
 *
 * Only records that are final, signed or amended are exported.  Entered in
 * error is excluded everywhere.  Drafts are excluded too: domain-model.md
 * 2.6 says drafts "are ignored by guidance, reports and export", and in FHIR
 * they would be preliminary data that a receiver may not tell apart from
 * results.  A record whose parent is not exported is not exported either
 * (an injection needs its case, a case its patient).
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include <string.h>

#include "marrow-entities.h"
#include "marrow-fhir-private.h"

MarrowFhirPlan *
marrow_fhir_plan_new (void)
{
  MarrowFhirPlan *plan = g_new0 (MarrowFhirPlan, 1);

  /* The arrays borrow their records from plan->records */
  plan->cases = g_ptr_array_new ();
  plan->harvests = g_ptr_array_new ();
  plan->lots = g_ptr_array_new ();
  plan->injections = g_ptr_array_new ();
  plan->assessments = g_ptr_array_new ();
  plan->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  plan->injection_lots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify)g_ptr_array_unref);
  plan->lot_harvests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_ptr_array_unref);
  plan->harvest_cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify)g_ptr_array_unref);
  plan->lot_units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return plan;
}

void
marrow_fhir_plan_free (MarrowFhirPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->cases);
  g_ptr_array_unref (plan->harvests);
  g_ptr_array_unref (plan->lots);
  g_ptr_array_unref (plan->injections);
  g_ptr_array_unref (plan->assessments);
  g_hash_table_unref (plan->injection_lots);
  g_hash_table_unref (plan->lot_harvests);
  g_hash_table_unref (plan->harvest_cases);
  g_hash_table_unref (plan->lot_units);
  g_hash_table_unref (plan->records);
  g_free (plan);
}

/* The number of records the plan will write, for progress */
guint
marrow_fhir_plan_size (MarrowFhirPlan *plan)
{
  return (plan->patient != NULL ? 1 : 0) + plan->cases->len + plan->harvests->len +
         plan->lots->len + plan->injections->len + plan->assessments->len;
}

MarrowRecord *
marrow_fhir_plan_get (MarrowFhirPlan *plan,
                      const char     *id)
{
  return id != NULL ? g_hash_table_lookup (plan->records, id) : NULL;
}

/**
 * marrow_fhir_plan_links:
 *
 * Returns: (transfer none) (nullable) (element-type utf8): the ids linked
 *   from @id in @links
 */
GPtrArray *
marrow_fhir_plan_links (GHashTable *links,
                        const char *id)
{
  return g_hash_table_lookup (links, id);
}

static void
add_link (GHashTable *links,
          const char *from,
          const char *to)
{
  GPtrArray *targets = g_hash_table_lookup (links, from);

  if (targets == NULL)
    {
      targets = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (links, g_strdup (from), targets);
    }
  for (guint i = 0; i < targets->len; i++)
    if (strcmp (targets->pdata[i], to) == 0)
      return;
  g_ptr_array_add (targets, g_strdup (to));
}

/* Keeps @record (taking the reference) and returns the kept copy */
static MarrowRecord *
keep (MarrowFhirPlan *plan,
      MarrowRecord   *record)
{
  const char *id = marrow_record_get_id (record);
  MarrowRecord *kept = g_hash_table_lookup (plan->records, id);

  if (kept != NULL)
    {
      g_object_unref (record);
      return kept;
    }
  g_hash_table_insert (plan->records, g_strdup (id), record);
  return record;
}

/* A record by id, from the plan or the store; NULL for a missing or
 * non-exportable one (and for a failure, with @error set) */
static MarrowRecord *
fetch (MarrowFhirExport      *ex,
       MarrowFhirPlan        *plan,
       const MarrowEntityDef *entity,
       const char            *id,
       GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  MarrowRecord *record;

  if (id == NULL)
    return NULL;
  record = marrow_fhir_plan_get (plan, id);
  if (record == NULL)
    {
      record = marrow_store_lookup (ex->store, entity, id, &local_error);
      if (record == NULL)
        {
          if (!g_error_matches (local_error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND))
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      record = keep (plan, record);
    }
  return marrow_exchange_is_exported (record) ? record : NULL;
}

/* The exportable records of @entity whose @field is @value, kept in the
 * plan; NULL with @error set on failure */
static GPtrArray *
find_by (MarrowFhirExport      *ex,
         MarrowFhirPlan        *plan,
         const MarrowEntityDef *entity,
         const char            *field,
         const char            *value,
         GError               **error)
{
  MarrowListQuery query = { .filter_field = field, .filter_value = value };
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *result;

  found = marrow_store_find (ex->store, entity, &query, error);
  if (found == NULL)
    return NULL;
  result = g_ptr_array_new ();
  for (guint i = 0; i < found->len; i++)
    if (marrow_exchange_is_exported (found->pdata[i]))
      g_ptr_array_add (result, keep (plan, g_object_ref (found->pdata[i])));
  return result;
}

static gboolean
plan_has (GPtrArray    *records,
          MarrowRecord *record)
{
  return g_ptr_array_find (records, record, NULL);
}

/* How many exportable aliquots the lot has, stored as count + 1 */
static gboolean
count_units (MarrowFhirExport *ex,
             MarrowFhirPlan   *plan,
             MarrowRecord     *lot,
             GError          **error)
{
  MarrowListQuery query = { .filter_field = "lot_id", .filter_value = NULL };
  g_autoptr(GPtrArray) aliquots = NULL;
  guint n = 0;

  query.filter_value = marrow_record_get_id (lot);
  aliquots = marrow_store_find (ex->store, &marrow_entity_product_aliquot, &query, error);
  if (aliquots == NULL)
    return FALSE;
  for (guint i = 0; i < aliquots->len; i++)
    n += marrow_exchange_is_exported (aliquots->pdata[i]) ? 1 : 0;
  g_hash_table_insert (plan->lot_units, g_strdup (marrow_record_get_id (lot)),
                       GUINT_TO_POINTER (n + 1));
  return TRUE;
}

/* The harvests a lot was made from: its run's inputs */
static gboolean
link_lot_harvests (MarrowFhirExport *ex,
                   MarrowFhirPlan   *plan,
                   MarrowRecord     *lot,
                   GError          **error)
{
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(GError) local_error = NULL;
  MarrowRecord *run;

  run = fetch (ex, plan, &marrow_entity_processing_run,
               marrow_record_get_text (lot, "processing_run_id"), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (run == NULL)
    return TRUE;
  inputs = find_by (ex, plan, &marrow_entity_processing_input, "processing_run_id",
                    marrow_record_get_id (run), error);
  if (inputs == NULL)
    return FALSE;
  for (guint i = 0; i < inputs->len; i++)
    {
      MarrowRecord *harvest;

      harvest = fetch (ex, plan, &marrow_entity_harvest,
                       marrow_record_get_text (inputs->pdata[i], "harvest_id"), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (harvest != NULL)
        add_link (plan->lot_harvests, marrow_record_get_id (lot), marrow_record_get_id (harvest));
    }
  return TRUE;
}

/**
 * marrow_fhir_plan_add_lot:
 *
 * Adds an exportable lot with what its BiologicallyDerivedProduct needs:
 * its processing run, the harvests it was made from and its aliquot count.
 */
gboolean
marrow_fhir_plan_add_lot (MarrowFhirExport *ex,
                          MarrowFhirPlan   *plan,
                          MarrowRecord     *lot,
                          GError          **error)
{
  g_assert (marrow_exchange_is_exported (lot));

  lot = keep (plan, g_object_ref (lot));
  if (plan_has (plan->lots, lot))
    return TRUE;
  g_ptr_array_add (plan->lots, lot);
  return count_units (ex, plan, lot, error) && link_lot_harvests (ex, plan, lot, error);
}

/* The lots given in an injection, through its products and their aliquots */
static gboolean
add_injection_lots (MarrowFhirExport *ex,
                    MarrowFhirPlan   *plan,
                    MarrowRecord     *injection,
                    GError          **error)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) local_error = NULL;

  products = find_by (ex, plan, &marrow_entity_injection_product, "injection_id",
                      marrow_record_get_id (injection), error);
  if (products == NULL)
    return FALSE;
  for (guint i = 0; i < products->len; i++)
    {
      MarrowRecord *aliquot, *lot = NULL;

      aliquot = fetch (ex, plan, &marrow_entity_product_aliquot,
                       marrow_record_get_text (products->pdata[i], "aliquot_id"), &local_error);
      if (aliquot != NULL)
        lot = fetch (ex, plan, &marrow_entity_product_lot,
                     marrow_record_get_text (aliquot, "lot_id"), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (lot == NULL)
        continue;
      add_link (plan->injection_lots, marrow_record_get_id (injection), marrow_record_get_id (lot));
      if (!marrow_fhir_plan_add_lot (ex, plan, lot, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_case (MarrowFhirExport *ex,
          MarrowFhirPlan   *plan,
          MarrowRecord     *jcase,
          GError          **error)
{
  g_autoptr(GPtrArray) injections = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  const char *id = marrow_record_get_id (jcase);

  g_ptr_array_add (plan->cases, keep (plan, g_object_ref (jcase)));

  injections = find_by (ex, plan, &marrow_entity_injection, "joint_case_id", id, error);
  if (injections == NULL)
    return FALSE;
  for (guint i = 0; i < injections->len; i++)
    {
      g_ptr_array_add (plan->injections, injections->pdata[i]);
      if (!add_injection_lots (ex, plan, injections->pdata[i], error))
        return FALSE;
    }

  assessments = find_by (ex, plan, &marrow_entity_assessment, "joint_case_id", id, error);
  if (assessments == NULL)
    return FALSE;
  g_ptr_array_extend (plan->assessments, assessments, NULL, NULL);
  return TRUE;
}

/* The whole patient: every case, harvest and the lots made from their own
 * tissue, whether or not they were given yet */
static gboolean
add_patient_records (MarrowFhirExport *ex,
                     MarrowFhirPlan   *plan,
                     GError          **error)
{
  const char *id = marrow_record_get_id (plan->patient);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GPtrArray) harvests = NULL;

  cases = find_by (ex, plan, &marrow_entity_joint_case, "patient_id", id, error);
  if (cases == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    if (!add_case (ex, plan, cases->pdata[i], error))
      return FALSE;

  lots = find_by (ex, plan, &marrow_entity_product_lot, "source_patient_id", id, error);
  if (lots == NULL)
    return FALSE;
  for (guint i = 0; i < lots->len; i++)
    if (!marrow_fhir_plan_add_lot (ex, plan, lots->pdata[i], error))
      return FALSE;

  harvests = find_by (ex, plan, &marrow_entity_harvest, "patient_id", id, error);
  if (harvests == NULL)
    return FALSE;
  g_ptr_array_extend (plan->harvests, harvests, NULL, NULL);
  return TRUE;
}

/* One case: only the harvests of this patient that its lots came from */
static void
add_case_harvests (MarrowFhirPlan *plan)
{
  const char *patient_id = marrow_record_get_id (plan->patient);

  for (guint i = 0; i < plan->lots->len; i++)
    {
      GPtrArray *harvests = marrow_fhir_plan_links (plan->lot_harvests,
                                                    marrow_record_get_id (plan->lots->pdata[i]));

      for (guint j = 0; harvests != NULL && j < harvests->len; j++)
        {
          MarrowRecord *harvest = marrow_fhir_plan_get (plan, harvests->pdata[j]);

          if (g_strcmp0 (marrow_record_get_text (harvest, "patient_id"), patient_id) == 0 &&
              !plan_has (plan->harvests, harvest))
            g_ptr_array_add (plan->harvests, harvest);
        }
    }
}

/* harvest → the cases of this patient that received a lot made from it,
 * which become the harvest Procedure's reasonReference */
static void
link_harvest_cases (MarrowFhirPlan *plan)
{
  for (guint i = 0; i < plan->injections->len; i++)
    {
      MarrowRecord *injection = plan->injections->pdata[i];
      const char *case_id = marrow_record_get_text (injection, "joint_case_id");
      GPtrArray *lots = marrow_fhir_plan_links (plan->injection_lots,
                                                marrow_record_get_id (injection));

      for (guint j = 0; lots != NULL && j < lots->len; j++)
        {
          GPtrArray *harvests = marrow_fhir_plan_links (plan->lot_harvests, lots->pdata[j]);

          for (guint k = 0; harvests != NULL && k < harvests->len; k++)
            {
              MarrowRecord *harvest = marrow_fhir_plan_get (plan, harvests->pdata[k]);

              if (plan_has (plan->harvests, harvest))
                add_link (plan->harvest_cases, harvests->pdata[k], case_id);
            }
        }
    }
}

/**
 * marrow_fhir_plan_gather:
 * @patient: an exportable patient
 * @only_case: (nullable): export only this case of @patient
 *
 * Fills @plan with what the Bundle holds of @patient.  For one case that is
 * the case, its injections and assessments, the lots given and the
 * patient's own harvests they were made from.
 */
gboolean
marrow_fhir_plan_gather (MarrowFhirExport *ex,
                         MarrowFhirPlan   *plan,
                         MarrowRecord     *patient,
                         MarrowRecord     *only_case,
                         GError          **error)
{
  g_assert (plan->patient == NULL);
  g_assert (marrow_exchange_is_exported (patient));

  plan->patient = keep (plan, g_object_ref (patient));
  if (only_case != NULL)
    {
      if (!add_case (ex, plan, only_case, error))
        return FALSE;
      add_case_harvests (plan);
    }
  else if (!add_patient_records (ex, plan, error))
    return FALSE;

  link_harvest_cases (plan);
  return TRUE;
}

/**
 * marrow_fhir_patient_in_bundle:
 *
 * Returns: %TRUE if the Bundle holds a Patient for @patient_id, so that a
 *   reference to it resolves.  Other patients (an allogeneic donor, the
 *   recipient of a shared lot) are never referenced from a one-patient
 *   export.
 */
gboolean
marrow_fhir_patient_in_bundle (MarrowFhirExport *ex,
                               const char       *patient_id)
{
  g_autoptr(MarrowRecord) patient = NULL;
  gpointer known;
  gboolean in_bundle;

  if (patient_id == NULL)
    return FALSE;
  if (ex->scope_patient_id != NULL)
    return strcmp (patient_id, ex->scope_patient_id) == 0;

  known = g_hash_table_lookup (ex->patient_in_bundle, patient_id);
  if (known != NULL)
    return GPOINTER_TO_INT (known) == 1;

  /* A failed lookup leaves the reference out rather than the export */
  patient = marrow_store_lookup (ex->store, &marrow_entity_patient, patient_id, NULL);
  in_bundle = patient != NULL && marrow_exchange_is_exported (patient);
  g_hash_table_insert (ex->patient_in_bundle, g_strdup (patient_id),
                       GINT_TO_POINTER (in_bundle ? 1 : 2));
  return in_bundle;
}

/**
 * marrow_fhir_harvest_in_bundle:
 *
 * An exportable harvest is in the Bundle exactly when its patient is: the
 * whole database and one patient hold all of a patient's harvests, and one
 * case holds the ones its lots were made from, which are the only harvests
 * a lot of that Bundle links to.
 */
gboolean
marrow_fhir_harvest_in_bundle (MarrowFhirExport *ex,
                               MarrowRecord     *harvest)
{
  return harvest != NULL && marrow_exchange_is_exported (harvest) &&
         marrow_fhir_patient_in_bundle (ex, marrow_record_get_text (harvest, "patient_id"));
}
