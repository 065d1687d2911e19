/* marrow-fhir-resources.c: one FHIR R4 resource per Marrow record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mapping (interop.md §3, domain-model.md §7).  Elements are written in the
 * order of the R4 XSD sequences (fhir-single.xsd); tests/test-fhir.c
 * validates every Bundle against it.
 *
 *   patient        Patient
 *   joint_case     BodyStructure (joint + laterality) and Condition
 *   harvest        Procedure
 *   product_lot    BiologicallyDerivedProduct
 *   injection      Procedure
 *   assessment     QuestionnaireResponse, and one Observation per score
 *
 * Resources of a record use its UUID as id and fullUrl (urn:uuid:…).  The
 * BodyStructure of a case and the Observation of a score have no record of
 * their own; they get name-based UUIDs, stable from one export to the next.
 *
 * Laterality: R4 has no laterality element.  As interop.md §3 recommends,
 * every bodySite of a joint (Condition, injection Procedure, Observation)
 * carries the core extension
 * http://hl7.org/fhir/StructureDefinition/bodySite pointing at the case's
 * BodyStructure, whose location is the joint and whose locationQualifier is
 * SNOMED CT left/right; the bodySite's text names the side as well.
 *
 * Product links: R4 has no element from a Procedure to the
 * BiologicallyDerivedProduct it used or made.  Procedure.usedReference
 * allows only Device, Medication and Substance: a reference to a
 * BiologicallyDerivedProduct passes the XSD but fails the HL7 validator
 * (interop.md §1.4, §3).  The export therefore uses the local extensions
 * interop.md §3 recommends: urn:marrow:fhir:extension:administered-product on
 * the injection Procedure and urn:marrow:fhir:extension:harvest-procedure on
 * the product.  Both hold a valueReference to an entry of the Bundle.
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include "marrow-fhir-private.h"
#include "marrow-time.h"

char *
marrow_fhir_record_uuid (MarrowRecord *record)
{
  return marrow_fhir_uuid_for (marrow_record_get_entity_name (record),
                               marrow_record_get_id (record));
}

void
marrow_fhir_ref (MarrowFhirExport *ex,
                 const char       *name,
                 const char       *entity_name,
                 const char       *id)
{
  g_autofree char *uuid = NULL;

  if (id == NULL)
    return;
  uuid = marrow_fhir_uuid_for (entity_name, id);
  marrow_fhir_reference (&ex->writer, name, uuid);
}

static char *
body_structure_uuid (MarrowRecord *jcase)
{
  g_autofree char *case_uuid = marrow_fhir_record_uuid (jcase);

  return marrow_fhir_derive_uuid ("body-structure", case_uuid, NULL);
}

/* <entry><fullUrl/><resource><TYPE><id/> */
void
marrow_fhir_begin_entry (MarrowFhirExport *ex,
                         const char       *type,
                         const char       *uuid)
{
  MarrowFhirWriter *w = &ex->writer;
  g_autofree char *url = g_strconcat ("urn:uuid:", uuid, NULL);

  marrow_fhir_start (w, "entry");
  marrow_fhir_uri (w, "fullUrl", url);
  marrow_fhir_start (w, "resource");
  marrow_fhir_start (w, type);
  marrow_fhir_uri (w, "id", uuid);
}

/* …and meta: the record's row version and last change */
void
marrow_fhir_begin_record_entry (MarrowFhirExport *ex,
                                const char       *type,
                                MarrowRecord     *record)
{
  MarrowFhirWriter *w = &ex->writer;
  g_autofree char *uuid = marrow_fhir_record_uuid (record);
  const char *updated = marrow_record_get_updated_at (record);
  gint64 version = marrow_record_get_row_version (record);

  marrow_fhir_begin_entry (ex, type, uuid);
  if (version < 1 && !marrow_instant_is_valid (updated))
    return;
  marrow_fhir_start (w, "meta");
  if (version >= 1)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      marrow_fhir_uri (w, "versionId", text);
    }
  if (marrow_instant_is_valid (updated))
    marrow_fhir_date_time (w, "lastUpdated", updated);
  marrow_fhir_end (w);
}

void
marrow_fhir_end_entry (MarrowFhirExport *ex)
{
  marrow_fhir_end (&ex->writer);   /* TYPE */
  marrow_fhir_end (&ex->writer);   /* resource */
  marrow_fhir_end (&ex->writer);   /* entry */
}

void
marrow_fhir_identifier (MarrowFhirExport *ex,
                        const char       *system,
                        const char       *value)
{
  g_autofree char *clean = marrow_fhir_clean_text (value);

  if (clean == NULL)
    return;
  marrow_fhir_start (&ex->writer, "identifier");
  marrow_fhir_uri (&ex->writer, "system", system);
  marrow_fhir_string (&ex->writer, "value", clean);
  marrow_fhir_end (&ex->writer);
}

static void
note (MarrowFhirExport *ex,
      const char       *text)
{
  g_autofree char *clean = marrow_fhir_clean_text (text);

  if (clean == NULL)
    return;
  marrow_fhir_start (&ex->writer, "note");
  marrow_fhir_string (&ex->writer, "text", clean);
  marrow_fhir_end (&ex->writer);
}

/* "Volume collected: 130 mL" */
static void
volume_note (MarrowFhirExport *ex,
             MarrowRecord     *record,
             const char       *field,
             const char       *what)
{
  g_autofree char *volume = NULL;
  g_autofree char *text = NULL;

  if (marrow_record_is_null (record, field))
    return;
  volume = marrow_fhir_format_decimal (marrow_record_get_real (record, field));
  text = g_strdup_printf ("%s: %s mL", what, volume);
  note (ex, text);
}

/* A CodeableConcept for a joint: bodySite extension → BodyStructure, the
 * SNOMED CT joint where checked, Marrow's site code, and the side in text */
void
marrow_fhir_joint_site (MarrowFhirExport *ex,
                        const char       *name,
                        MarrowRecord     *jcase)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *site = marrow_record_get_text (jcase, "site");
  const MarrowFhirCode *snomed = marrow_fhir_joint_snomed (site);
  g_autofree char *body = body_structure_uuid (jcase);
  g_autofree char *text = marrow_fhir_joint_text (site, marrow_record_get_text (jcase, "side"));

  marrow_fhir_start (w, name);
  marrow_fhir_extension_reference (w, MARROW_FHIR_EXT_BODY_SITE, body);
  if (snomed != NULL)
    marrow_fhir_coding (w, snomed->system, snomed->code, snomed->display);
  marrow_fhir_coding (w, MARROW_FHIR_SYSTEM_JOINT, site, marrow_fhir_joint_display (site));
  marrow_fhir_string (w, "text", text);
  marrow_fhir_end (w);
}

static void
write_patient (MarrowFhirExport *ex,
               MarrowRecord     *patient)
{
  MarrowFhirWriter *w = &ex->writer;
  g_autofree char *given = marrow_fhir_clean_text (marrow_record_get_text (patient, "given_names"));

  /* Contact details (phone, e-mail, address) are left out: the export is
   * for clinical exchange, and a receiver gets them from its own master
   * patient index.  See the report of issue 4. */
  marrow_fhir_begin_record_entry (ex, "Patient", patient);
  marrow_fhir_start (w, "identifier");
  marrow_fhir_code (w, "use", "usual");
  marrow_fhir_start (w, "type");
  marrow_fhir_coding (w, MARROW_FHIR_HL7_TERMINOLOGY "v2-0203", "MR", "Medical record number");
  marrow_fhir_end (w);
  marrow_fhir_uri (w, "system", MARROW_FHIR_SYSTEM_MRN);
  marrow_fhir_string (w, "value", marrow_record_get_text (patient, "local_id"));
  marrow_fhir_end (w);

  marrow_fhir_start (w, "name");
  marrow_fhir_code (w, "use", "official");
  marrow_fhir_string (w, "family", marrow_record_get_text (patient, "family_name"));
  if (given != NULL)
    {
      g_auto(GStrv) names = g_strsplit_set (given, " \t\r\n", -1);

      for (guint i = 0; names[i] != NULL; i++)
        marrow_fhir_string (w, "given", names[i]);
    }
  marrow_fhir_end (w);

  /* sex uses the FHIR AdministrativeGender values */
  marrow_fhir_code (w, "gender", marrow_record_get_text (patient, "sex"));
  marrow_fhir_date (w, "birthDate", marrow_record_get_text (patient, "dob"));
  marrow_fhir_end_entry (ex);
}

static void
write_body_structure (MarrowFhirExport *ex,
                      MarrowRecord     *jcase)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *site = marrow_record_get_text (jcase, "site");
  const char *side = marrow_record_get_text (jcase, "side");
  const MarrowFhirCode *joint = marrow_fhir_joint_snomed (site);
  const MarrowFhirCode *laterality = marrow_fhir_side_snomed (side);
  g_autofree char *uuid = body_structure_uuid (jcase);
  g_autofree char *text = marrow_fhir_joint_text (site, side);

  marrow_fhir_begin_entry (ex, "BodyStructure", uuid);
  marrow_fhir_boolean (w, "active", TRUE);
  marrow_fhir_start (w, "location");
  if (joint != NULL)
    marrow_fhir_coding (w, joint->system, joint->code, joint->display);
  marrow_fhir_coding (w, MARROW_FHIR_SYSTEM_JOINT, site, marrow_fhir_joint_display (site));
  marrow_fhir_string (w, "text", marrow_fhir_joint_display (site));
  marrow_fhir_end (w);
  if (laterality != NULL)
    marrow_fhir_codeable (w, "locationQualifier", laterality->system, laterality->code,
                          laterality->display);
  marrow_fhir_string (w, "description", text);
  marrow_fhir_ref (ex, "patient", "patient", marrow_record_get_text (jcase, "patient_id"));
  marrow_fhir_end_entry (ex);
}

static void
diagnosis (MarrowFhirExport *ex,
           MarrowRecord     *jcase)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *code = marrow_record_get_text (jcase, "diagnosis_code");
  g_autofree char *system = marrow_fhir_diagnosis_system (
    marrow_record_get_text (jcase, "diagnosis_system"));
  const MarrowFhirCode *snomed = marrow_fhir_diagnosis_snomed (system, code);

  /* The recorded code as it is, a SNOMED CT coding beside it where certain;
   * the recorded wording is the text, not the coding's display */
  marrow_fhir_start (w, "code");
  marrow_fhir_coding (w, system, code, NULL);
  if (snomed != NULL)
    marrow_fhir_coding (w, snomed->system, snomed->code, snomed->display);
  marrow_fhir_string (w, "text", marrow_record_get_text (jcase, "diagnosis_text"));
  marrow_fhir_end (w);
}

static void
kl_stage (MarrowFhirExport *ex,
          MarrowRecord     *jcase)
{
  MarrowFhirWriter *w = &ex->writer;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  if (marrow_record_is_null (jcase, "kl_grade"))
    return;
  code = g_strdup_printf ("%" G_GINT64_FORMAT, marrow_record_get_int (jcase, "kl_grade"));
  text = g_strdup_printf ("Kellgren-Lawrence grade %s", code);
  marrow_fhir_start (w, "stage");
  marrow_fhir_codeable (w, "summary", MARROW_FHIR_SYSTEM_KL, code, text);
  marrow_fhir_end (w);
}

/* Condition.clinicalStatus is always "active".  Marrow records the status
 * of the treatment episode (active, closed, converted to surgery), not of
 * the disease, and a closed case does not mean the arthritis resolved. */
static void
write_condition (MarrowFhirExport *ex,
                 MarrowRecord     *jcase)
{
  MarrowFhirWriter *w = &ex->writer;

  marrow_fhir_begin_record_entry (ex, "Condition", jcase);
  marrow_fhir_start (w, "clinicalStatus");
  marrow_fhir_coding (w, MARROW_FHIR_HL7_TERMINOLOGY "condition-clinical", "active", "Active");
  marrow_fhir_end (w);
  marrow_fhir_start (w, "verificationStatus");
  marrow_fhir_coding (w, MARROW_FHIR_HL7_TERMINOLOGY "condition-ver-status", "confirmed",
                      "Confirmed");
  marrow_fhir_end (w);
  marrow_fhir_start (w, "category");
  marrow_fhir_coding (w, MARROW_FHIR_HL7_TERMINOLOGY "condition-category", "problem-list-item",
                      "Problem List Item");
  marrow_fhir_end (w);
  diagnosis (ex, jcase);
  marrow_fhir_joint_site (ex, "bodySite", jcase);
  marrow_fhir_ref (ex, "subject", "patient", marrow_record_get_text (jcase, "patient_id"));
  marrow_fhir_date_time (w, "onsetDateTime", marrow_record_get_text (jcase, "onset_date"));
  kl_stage (ex, jcase);
  marrow_fhir_end_entry (ex);
}

static void
local_code (MarrowFhirExport *ex,
            const char       *name,
            const char       *system,
            const char       *prefix,
            const char       *value,
            const char       *display)
{
  g_autofree char *code = value != NULL ? g_strconcat (prefix, value, NULL) : NULL;

  marrow_fhir_codeable (&ex->writer, name, system, code, display);
}

static void
write_harvest (MarrowFhirExport *ex,
               MarrowFhirPlan   *plan,
               MarrowRecord     *harvest)
{
  MarrowFhirWriter *w = &ex->writer;
  const char *site = marrow_record_get_text (harvest, "anatomic_site");
  const char *side = marrow_record_get_text (harvest, "harvest_side");
  const char *ended = marrow_record_get_text (harvest, "ended_at");
  GPtrArray *cases = marrow_fhir_plan_links (plan->harvest_cases, marrow_record_get_id (harvest));
  g_autofree char *site_text = NULL;

  marrow_fhir_begin_record_entry (ex, "Procedure", harvest);
  marrow_fhir_identifier (ex, MARROW_FHIR_SYSTEM_COI, marrow_record_get_text (harvest, "coi_id"));
  marrow_fhir_code (w, "status", "completed");
  local_code (ex, "code", MARROW_FHIR_SYSTEM_PROCEDURE, "harvest.",
              marrow_record_get_text (harvest, "tissue"),
              marrow_fhir_tissue_display (marrow_record_get_text (harvest, "tissue")));
  marrow_fhir_ref (ex, "subject", "patient", marrow_record_get_text (harvest, "patient_id"));
  /* performedPeriod when the end is known (interop.md §3), else the start */
  if (marrow_instant_is_valid (ended))
    {
      marrow_fhir_start (w, "performedPeriod");
      marrow_fhir_date_time (w, "start", marrow_record_get_text (harvest, "started_at"));
      marrow_fhir_date_time (w, "end", ended);
      marrow_fhir_end (w);
    }
  else
    marrow_fhir_date_time (w, "performedDateTime", marrow_record_get_text (harvest, "started_at"));
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    marrow_fhir_ref (ex, "reasonReference", "joint_case", cases->pdata[i]);

  /* The harvest site has no checked SNOMED CT code (interop.md §4.2) */
  if (g_strcmp0 (side, "left") == 0 || g_strcmp0 (side, "right") == 0)
    site_text = g_strdup_printf ("%s, %s side", marrow_fhir_harvest_site_display (site), side);
  else
    site_text = g_strdup (marrow_fhir_harvest_site_display (site));
  marrow_fhir_start (w, "bodySite");
  marrow_fhir_coding (w, MARROW_FHIR_SYSTEM_HARVEST_SITE, site,
                      marrow_fhir_harvest_site_display (site));
  marrow_fhir_string (w, "text", site_text);
  marrow_fhir_end (w);
  volume_note (ex, harvest, "volume_collected_ml", "Volume collected");
  marrow_fhir_end_entry (ex);
}

static void
write_injection (MarrowFhirExport *ex,
                 MarrowFhirPlan   *plan,
                 MarrowRecord     *injection)
{
  MarrowFhirWriter *w = &ex->writer;
  MarrowRecord *jcase = marrow_fhir_plan_get (plan, marrow_record_get_text (injection,
                                                                            "joint_case_id"));
  GPtrArray *lots = marrow_fhir_plan_links (plan->injection_lots,
                                            marrow_record_get_id (injection));
  const char *route = marrow_record_get_text (injection, "route");

  g_assert (jcase != NULL);

  marrow_fhir_begin_record_entry (ex, "Procedure", injection);
  for (guint i = 0; lots != NULL && i < lots->len; i++)
    {
      g_autofree char *uuid = marrow_fhir_uuid_for ("product_lot", lots->pdata[i]);

      marrow_fhir_extension_reference (w, MARROW_FHIR_EXT_ADMINISTERED, uuid);
    }
  marrow_fhir_code (w, "status", "completed");
  local_code (ex, "code", MARROW_FHIR_SYSTEM_PROCEDURE, "injection.", route,
              marrow_fhir_route_display (route));
  marrow_fhir_ref (ex, "subject", "patient", marrow_record_get_text (jcase, "patient_id"));
  marrow_fhir_date_time (w, "performedDateTime", marrow_record_get_text (injection,
                                                                         "performed_at"));
  marrow_fhir_ref (ex, "reasonReference", "joint_case", marrow_record_get_id (jcase));
  marrow_fhir_joint_site (ex, "bodySite", jcase);
  note (ex, marrow_record_get_text (injection, "target_structure"));
  volume_note (ex, injection, "volume_injected_ml", "Volume injected");
  marrow_fhir_end_entry (ex);
}

/**
 * marrow_fhir_tick:
 *
 * Counts one record written, reports progress every 100 records and stops
 * on cancellation or a writer failure.
 */
gboolean
marrow_fhir_tick (MarrowFhirExport *ex,
                  GError          **error)
{
  ex->done++;
  if (ex->progress != NULL && ex->done % 100 == 0)
    ex->progress (ex->done, MAX (ex->total, ex->done), ex->progress_data);
  if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
    return FALSE;
  return marrow_fhir_writer_check (&ex->writer, error);
}

static gboolean
write_lots (MarrowFhirExport *ex,
            MarrowFhirPlan   *plan,
            GError          **error)
{
  for (guint i = 0; i < plan->lots->len; i++)
    {
      MarrowRecord *lot = plan->lots->pdata[i];

      /* A lot given to several patients is written once */
      if (!g_hash_table_add (ex->written_lots, g_strdup (marrow_record_get_id (lot))))
        continue;
      marrow_fhir_write_lot (ex, plan, lot);
      if (!marrow_fhir_tick (ex, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * marrow_fhir_write_plan:
 *
 * Writes the entries of one plan: Patient, BodyStructure and Condition per
 * case, harvest Procedures, BiologicallyDerivedProducts (each lot once per
 * export), injection Procedures, and per assessment its
 * QuestionnaireResponse and Observations.
 */
gboolean
marrow_fhir_write_plan (MarrowFhirExport *ex,
                        MarrowFhirPlan   *plan,
                        GError          **error)
{
  if (plan->patient != NULL)
    {
      write_patient (ex, plan->patient);
      if (!marrow_fhir_tick (ex, error))
        return FALSE;
    }
  for (guint i = 0; i < plan->cases->len; i++)
    {
      write_body_structure (ex, plan->cases->pdata[i]);
      write_condition (ex, plan->cases->pdata[i]);
      if (!marrow_fhir_tick (ex, error))
        return FALSE;
    }
  for (guint i = 0; i < plan->harvests->len; i++)
    {
      write_harvest (ex, plan, plan->harvests->pdata[i]);
      if (!marrow_fhir_tick (ex, error))
        return FALSE;
    }
  if (!write_lots (ex, plan, error))
    return FALSE;
  for (guint i = 0; i < plan->injections->len; i++)
    {
      write_injection (ex, plan, plan->injections->pdata[i]);
      if (!marrow_fhir_tick (ex, error))
        return FALSE;
    }
  for (guint i = 0; i < plan->assessments->len; i++)
    if (!marrow_fhir_write_assessment (ex, plan, plan->assessments->pdata[i], error) ||
        !marrow_fhir_tick (ex, error))
      return FALSE;
  return TRUE;
}
