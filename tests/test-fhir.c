/* test-fhir.c: the FHIR R4 XML export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 4, point 4.  Every Bundle written here is validated against the
 * official R4 schema (tests/fhir-r4-xsd/fhir-single.xsd) with libxml2, and
 * then checked for what a schema cannot see: the number of resources of each
 * type per scope, references that resolve to entries of the Bundle, records
 * entered in error and drafts left out, laterality, and score Observations
 * equal to the scoring engine's values.
 */
#define G_LOG_DOMAIN "test-fhir"

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-fhir-export.h"
#include "marrow-fhir-private.h"
#include "marrow-store.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"

#define FHIR_NS "http://hl7.org/fhir"

/* Compiled once: the 2.6 MB schema takes most of a validation's time */
static xmlSchemaPtr fhir_schema;

typedef struct
{
  char                     *dir;
  MarrowStore              *store;
  MarrowInstrumentRegistry *registry;
  GPtrArray                *chain;
  MarrowRecord             *patient;       /* A: the sample patient */
  MarrowRecord             *knee;          /* A: the sample case, left knee */
  MarrowRecord             *right_knee;    /* A: a second case, right knee */
  MarrowRecord             *other;         /* B: another patient, right hip */
  MarrowRecord             *hip;
  MarrowRecord             *allogeneic;    /* a lot nobody received */
  GPtrArray                *absent_ids;    /* voided and draft records */
  char                     *invalid_id;    /* an assessment marked invalid */
  char                     *voided_patient_id;
  char                     *draft_patient_id;
} Fixture;

/* ---- building the database ---------------------------------------------- */

static void
insert (Fixture      *fixture,
        MarrowRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_insert (fixture->store, record, &error));
  g_assert_no_error (error);
}

static void
void_record (Fixture      *fixture,
             MarrowRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_store_void (fixture->store, record, "entered for the wrong patient",
                                    &error));
  g_assert_no_error (error);
  g_ptr_array_add (fixture->absent_ids, g_strdup (marrow_record_get_id (record)));
}

static MarrowRecord *
new_patient (const char *local_id,
             const char *family,
             const char *sex)
{
  MarrowRecord *patient = marrow_record_new (&marrow_entity_patient);

  marrow_record_set_text (patient, "local_id", local_id);
  marrow_record_set_text (patient, "family_name", family);
  marrow_record_set_text (patient, "given_names", "Sam  Lee");
  marrow_record_set_text (patient, "dob", "1971-09-30");
  marrow_record_set_text (patient, "sex", sex);
  return patient;
}

static MarrowRecord *
new_case (MarrowRecord *patient,
          const char   *site,
          const char   *side,
          const char   *code)
{
  MarrowRecord *jcase = marrow_record_new (&marrow_entity_joint_case);

  marrow_record_set_text (jcase, "patient_id", marrow_record_get_id (patient));
  marrow_record_set_text (jcase, "site", site);
  marrow_record_set_text (jcase, "side", side);
  marrow_record_set_text (jcase, "diagnosis_system", "ICD-10");
  marrow_record_set_text (jcase, "diagnosis_code", code);
  marrow_record_set_text (jcase, "diagnosis_text", "Primary osteoarthritis");
  marrow_record_set_text (jcase, "primary_instrument", "PAIN_VAS");
  marrow_record_set_text (jcase, "status", "active");
  return jcase;
}

/* Records an assessment of @code on @jcase; every item gets @value (or,
 * for VARIED, its index modulo 4) except those in @skip (left missing) */
#define VARIED (-1.0)

static MarrowRecord *
record_assessment (Fixture      *fixture,
                   MarrowRecord *jcase,
                   const char   *code,
                   double        value,
                   const char  **skip,
                   const char   *status)
{
  MarrowInstrument *instrument = marrow_instrument_registry_lookup (fixture->registry, code,
                                                                    NULL);
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);
  MarrowRecord *assessment = marrow_record_new (&marrow_entity_assessment);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      const char *id = marrow_instrument_get_item (instrument, i)->id;

      if (skip != NULL && g_strv_contains (skip, id))
        continue;
      g_assert_true (marrow_answers_set (answers, id, value == VARIED ? i % 4 : value, &error));
      g_assert_no_error (error);
    }

  marrow_record_set_text (assessment, "joint_case_id", marrow_record_get_id (jcase));
  marrow_record_set_text (assessment, "entered_by",
                          marrow_record_get_id (marrow_test_sample_find (fixture->chain,
                                                                         "staff")));
  marrow_record_set_text (assessment, "mode", "tablet_in_clinic");
  marrow_record_set_text (assessment, "respondent", "patient");
  marrow_record_set_text (assessment, "completed_at", "2026-03-02T10:00:00.000Z");
  marrow_record_set_text (assessment, "recall_period", "past_week_average");
  if (status != NULL)
    marrow_record_set_record_status (assessment, status);
  g_assert_true (marrow_store_record_assessment (fixture->store, assessment, answers, &error));
  g_assert_no_error (error);
  return assessment;
}

static MarrowRecord *
new_allogeneic_lot (Fixture *fixture)
{
  MarrowRecord *lot = marrow_record_new (&marrow_entity_product_lot);
  MarrowRecord *staff = marrow_test_sample_find (fixture->chain, "staff");

  marrow_record_set_text (lot, "category", "uc_wj_msc_allogeneic");
  marrow_record_set_text (lot, "origin", "allogeneic_unrelated");
  marrow_record_set_text (lot, "supplier_name", "Sample Cell Bank");
  marrow_record_set_text (lot, "supplier_product_code", "WJ-MSC-25");
  marrow_record_set_text (lot, "supplier_lot_no", "SCB-2026-0042");
  marrow_record_set_text (lot, "received_at", "2026-02-01T10:00:00.000Z");
  marrow_record_set_text (lot, "received_by", marrow_record_get_id (staff));
  marrow_record_set_text (lot, "storage", "refrigerated");
  marrow_record_set_real (lot, "storage_temp_c", 4.5);
  marrow_record_set_text (lot, "expires_at", "2026-02-10T10:00:00.000Z");
  marrow_record_set_text (lot, "release_status", "quarantine");
  marrow_record_set_text (lot, "regulatory_pathway", "other");
  return lot;
}

/* The sample patient A gets a second case and more assessments; patient B
 * a hip case; and records that must not appear: a voided patient with a
 * case, a draft patient, a voided case, a voided and a draft assessment. */
static void
add_more (Fixture *fixture)
{
  static const char *symptoms[] = { "S1", "S2", "S3", "S4", NULL };
  g_autoptr(MarrowRecord) voided_patient = new_patient ("MRN-VOID", "Voided", "male");
  g_autoptr(MarrowRecord) voided_patient_case = NULL;
  g_autoptr(MarrowRecord) draft_patient = new_patient ("MRN-DRAFT", "Draft", "other");
  g_autoptr(MarrowRecord) voided_case = new_case (fixture->patient, "hip", "left", "M16.12");
  g_autoptr(MarrowRecord) a = NULL;

  fixture->right_knee = new_case (fixture->patient, "knee", "right", "M17.11");
  insert (fixture, fixture->right_knee);
  fixture->other = new_patient ("MRN-000456", "O'Brien & <Söhne>", "male");
  insert (fixture, fixture->other);
  fixture->hip = new_case (fixture->other, "hip", "right", "M16.11");
  insert (fixture, fixture->hip);
  fixture->allogeneic = new_allogeneic_lot (fixture);
  insert (fixture, fixture->allogeneic);

  /* A: complete KOOS, KOOS with symptoms not scorable, KOOS JR, pain VAS
   * (a fraction), an invalid pain NRS; on the right knee a pain VAS */
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "KOOS", VARIED, NULL, NULL);
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "KOOS", 2, symptoms, NULL);
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "KOOS_JR", 2, NULL, NULL);
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "PAIN_VAS", 35.5, NULL, NULL);
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "PAIN_NRS", 6, NULL, NULL);
  marrow_record_set_bool (a, "is_valid", FALSE);
  marrow_record_set_text (a, "invalid_reason", "Patient answered for the other knee");
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (marrow_store_update (fixture->store, a, &error));
    g_assert_no_error (error);
  }
  fixture->invalid_id = g_strdup (marrow_record_get_id (a));
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->right_knee, "PAIN_VAS", 12, NULL, NULL);

  /* B: one pain NRS */
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->hip, "PAIN_NRS", 3, NULL, NULL);

  /* Left out: a voided and a draft assessment, a voided case, a voided
   * patient (and its case), a draft patient */
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "PAIN_VAS", 80, NULL, NULL);
  void_record (fixture, a);
  g_clear_object (&a);
  a = record_assessment (fixture, fixture->knee, "PAIN_VAS", 70, NULL, MARROW_STATUS_DRAFT);
  g_ptr_array_add (fixture->absent_ids, g_strdup (marrow_record_get_id (a)));
  insert (fixture, voided_case);
  void_record (fixture, voided_case);
  insert (fixture, voided_patient);
  voided_patient_case = new_case (voided_patient, "knee", "left", "M17.12");
  insert (fixture, voided_patient_case);
  g_ptr_array_add (fixture->absent_ids, g_strdup (marrow_record_get_id (voided_patient_case)));
  void_record (fixture, voided_patient);
  fixture->voided_patient_id = g_strdup (marrow_record_get_id (voided_patient));
  marrow_record_set_record_status (draft_patient, MARROW_STATUS_DRAFT);
  insert (fixture, draft_patient);
  g_ptr_array_add (fixture->absent_ids, g_strdup (marrow_record_get_id (draft_patient)));
  fixture->draft_patient_id = g_strdup (marrow_record_get_id (draft_patient));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-fhir-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "marrow.db", NULL);
  fixture->store = marrow_store_open (path, TRUE, &error);
  g_assert_no_error (error);

  fixture->registry = marrow_instrument_registry_new ();
  g_assert_true (marrow_instrument_registry_load_bundled (fixture->registry, &error));
  g_assert_no_error (error);
  marrow_store_set_instruments (fixture->store, fixture->registry);

  fixture->chain = marrow_test_sample_chain ();
  for (guint i = 0; i < fixture->chain->len; i++)
    marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);

  fixture->patient = marrow_test_sample_find (fixture->chain, "patient");
  fixture->knee = marrow_test_sample_find (fixture->chain, "joint_case");
  fixture->absent_ids = g_ptr_array_new_with_free_func (g_free);
  add_more (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_pointer (&fixture->absent_ids, g_ptr_array_unref);
  g_clear_object (&fixture->right_knee);
  g_clear_object (&fixture->other);
  g_clear_object (&fixture->hip);
  g_clear_object (&fixture->allogeneic);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->registry);
  g_clear_pointer (&fixture->invalid_id, g_free);
  g_clear_pointer (&fixture->voided_patient_id, g_free);
  g_clear_pointer (&fixture->draft_patient_id, g_free);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* ---- exporting and reading back ----------------------------------------- */

static GBytes *
try_export (Fixture                *fixture,
            const char             *patient_id,
            const char             *case_id,
            MarrowExchangeProgress  progress,
            gpointer                progress_data,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  MarrowExchangeScope scope = { patient_id, case_id };
  GBytes *bytes;

  if (!marrow_fhir_export (fixture->store, &scope, out, progress, progress_data, cancellable,
                           error))
    return NULL;
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  /* MARROW_TEST_FHIR_DUMP=DIR keeps every Bundle, to check it by hand:
   * xmllint --noout --schema tests/fhir-r4-xsd/fhir-single.xsd DIR/bundle-NNN.xml */
  if (g_getenv ("MARROW_TEST_FHIR_DUMP") != NULL)
    {
      static guint n_dumped;
      g_autofree char *name = g_strdup_printf ("bundle-%03u.xml", n_dumped++);
      g_autofree char *path = g_build_filename (g_getenv ("MARROW_TEST_FHIR_DUMP"), name, NULL);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                          (gssize)g_bytes_get_size (bytes), NULL));
    }
  return bytes;
}

static void
collect_error (void     *data,
               xmlError *error)
{
  g_string_append_printf (data, "line %d: %s", error->line, error->message);
}

/* Parses and validates against fhir-single.xsd; fails the test otherwise */
static xmlDocPtr
parse_valid (GBytes *bytes)
{
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);
  g_autoptr(GString) messages = g_string_new (NULL);
  xmlSchemaValidCtxtPtr validator;
  xmlDocPtr doc;
  int rc;

  doc = xmlReadMemory (text, (int)size, "bundle.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);

  validator = xmlSchemaNewValidCtxt (fhir_schema);
  xmlSchemaSetValidStructuredErrors (validator, collect_error, messages);
  rc = xmlSchemaValidateDoc (validator, doc);
  xmlSchemaFreeValidCtxt (validator);
  if (rc != 0)
    {
      g_test_message ("%.*s", (int)MIN (size, 20000), text);
      g_test_message ("%s", messages->str);
    }
  g_assert_cmpint (rc, ==, 0);
  return doc;
}

typedef struct
{
  xmlDocPtr          doc;
  xmlXPathContextPtr xpath;
  char              *text;
} Bundle;

static void
bundle_free (Bundle *bundle)
{
  xmlXPathFreeContext (bundle->xpath);
  xmlFreeDoc (bundle->doc);
  g_free (bundle->text);
  g_free (bundle);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bundle, bundle_free)

static Bundle *
bundle_new (GBytes *bytes)
{
  Bundle *bundle = g_new0 (Bundle, 1);

  bundle->text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  bundle->doc = parse_valid (bytes);
  bundle->xpath = xmlXPathNewContext (bundle->doc);
  xmlXPathRegisterNs (bundle->xpath, BAD_CAST "f", BAD_CAST FHIR_NS);
  return bundle;
}

static Bundle *
export_bundle (Fixture    *fixture,
               const char *patient_id,
               const char *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = try_export (fixture, patient_id, case_id, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bundle_new (bytes);
}

/* The @value attributes of the nodes @expr selects, below @node (or the
 * document) */
static GPtrArray *
values (Bundle     *bundle,
        xmlNodePtr  node,
        const char *expr)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  xmlXPathObjectPtr found;

  bundle->xpath->node = node != NULL ? node : xmlDocGetRootElement (bundle->doc);
  found = xmlXPathEvalExpression (BAD_CAST expr, bundle->xpath);
  g_assert_nonnull (found);
  for (int i = 0; found->nodesetval != NULL && i < found->nodesetval->nodeNr; i++)
    {
      xmlNodePtr hit = found->nodesetval->nodeTab[i];
      xmlChar *value = hit->type == XML_ATTRIBUTE_NODE ? xmlNodeGetContent (hit)
                                                       : xmlGetProp (hit, BAD_CAST "value");

      g_ptr_array_add (result, g_strdup ((const char *)value));
      xmlFree (value);
    }
  xmlXPathFreeObject (found);
  return result;
}

static char *
value (Bundle     *bundle,
       xmlNodePtr  node,
       const char *expr)
{
  g_autoptr(GPtrArray) found = values (bundle, node, expr);

  return found->len > 0 ? g_strdup (found->pdata[0]) : NULL;
}

static GPtrArray *
nodes (Bundle     *bundle,
       const char *expr)
{
  GPtrArray *result = g_ptr_array_new ();
  xmlXPathObjectPtr found;

  bundle->xpath->node = xmlDocGetRootElement (bundle->doc);
  found = xmlXPathEvalExpression (BAD_CAST expr, bundle->xpath);
  g_assert_nonnull (found);
  for (int i = 0; found->nodesetval != NULL && i < found->nodesetval->nodeNr; i++)
    g_ptr_array_add (result, found->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (found);
  return result;
}

static guint
count_type (Bundle     *bundle,
            const char *type)
{
  g_autofree char *expr = g_strdup_printf ("/f:Bundle/f:entry/f:resource/f:%s", type);
  g_autoptr(GPtrArray) found = nodes (bundle, expr);

  return found->len;
}

typedef struct
{
  guint patients, body_structures, conditions, procedures, products, responses, observations;
} Counts;

static void
assert_counts (Bundle       *bundle,
               const Counts *expected)
{
  g_assert_cmpuint (count_type (bundle, "Patient"), ==, expected->patients);
  g_assert_cmpuint (count_type (bundle, "BodyStructure"), ==, expected->body_structures);
  g_assert_cmpuint (count_type (bundle, "Condition"), ==, expected->conditions);
  g_assert_cmpuint (count_type (bundle, "Procedure"), ==, expected->procedures);
  g_assert_cmpuint (count_type (bundle, "BiologicallyDerivedProduct"), ==, expected->products);
  g_assert_cmpuint (count_type (bundle, "QuestionnaireResponse"), ==, expected->responses);
  g_assert_cmpuint (count_type (bundle, "Observation"), ==, expected->observations);
  g_assert_cmpuint (count_type (bundle, "*"), ==,
                    expected->patients + expected->body_structures + expected->conditions +
                    expected->procedures + expected->products + expected->responses +
                    expected->observations);
}

/* The document shape FHIR XML requires (R4 xml.html) */
static void
assert_document_rules (Bundle *bundle)
{
  xmlNodePtr root = xmlDocGetRootElement (bundle->doc);
  g_autofree char *type = value (bundle, NULL, "/f:Bundle/f:type");

  g_assert_true (g_str_has_prefix (bundle->text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  g_assert_null (strstr (bundle->text, "<!DOCTYPE"));
  g_assert_null (strstr (bundle->text, "xsi:"));
  g_assert_null (bundle->doc->intSubset);
  g_assert_cmpstr ((const char *)root->name, ==, "Bundle");
  g_assert_cmpstr ((const char *)root->ns->href, ==, FHIR_NS);
  g_assert_cmpstr (type, ==, "collection");
  /* Elements never empty, attributes never empty */
  g_assert_null (strstr (bundle->text, "value=\"\""));
}

/* fullUrl = urn:uuid:<id>, unique; every reference names a fullUrl */
static void
assert_references_resolve (Bundle *bundle)
{
  g_autoptr(GPtrArray) entries = nodes (bundle, "/f:Bundle/f:entry");
  g_autoptr(GPtrArray) references = values (bundle, NULL, "//f:reference");
  g_autoptr(GHashTable) urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *url = value (bundle, entries->pdata[i], "f:fullUrl");
      g_autofree char *id = value (bundle, entries->pdata[i], "f:resource/*/f:id");
      g_autofree char *expected = g_strconcat ("urn:uuid:", id, NULL);

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpstr (url, ==, expected);
      g_assert_true (g_hash_table_add (urls, g_steal_pointer (&url)));
    }
  g_assert_cmpuint (references->len, >, 0);
  for (guint i = 0; i < references->len; i++)
    {
      if (!g_hash_table_contains (urls, references->pdata[i]))
        g_test_message ("unresolved reference %s", (char *)references->pdata[i]);
      g_assert_true (g_hash_table_contains (urls, references->pdata[i]));
    }
}

static void
assert_absent (Fixture *fixture,
               Bundle  *bundle)
{
  for (guint i = 0; i < fixture->absent_ids->len; i++)
    g_assert_null (strstr (bundle->text, fixture->absent_ids->pdata[i]));
}

static xmlNodePtr
find_observation (Bundle     *bundle,
                  const char *assessment_id,
                  const char *local_code)
{
  g_autofree char *expr = g_strdup_printf (
    "/f:Bundle/f:entry/f:resource/f:Observation"
    "[f:derivedFrom/f:reference/@value='urn:uuid:%s']"
    "[f:code/f:coding[f:system/@value='urn:marrow:codes:score']/f:code/@value='%s']",
    assessment_id, local_code);
  g_autoptr(GPtrArray) found = nodes (bundle, expr);

  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

/* Every QuestionnaireResponse's Observations hold the engine's scores:
 * full precision, or dataAbsentReason when not scorable */
static guint
assert_scores (Fixture *fixture,
               Bundle  *bundle)
{
  g_autoptr(GPtrArray) responses = values (bundle, NULL,
                                           "/f:Bundle/f:entry/f:resource/"
                                           "f:QuestionnaireResponse/f:id");
  guint n_checked = 0;

  for (guint i = 0; i < responses->len; i++)
    {
      const char *id = responses->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(MarrowRecord) assessment = NULL;
      g_autoptr(MarrowScores) scores = NULL;
      const char *code;

      assessment = marrow_store_lookup (fixture->store, &marrow_entity_assessment, id, &error);
      g_assert_no_error (error);
      scores = marrow_store_score_assessment (fixture->store, assessment, &error);
      g_assert_no_error (error);
      code = marrow_record_get_text (assessment, "instrument_code");
      if (g_strcmp0 (id, fixture->invalid_id) == 0)
        {
          g_autofree char *expr = g_strdup_printf (
            "//f:Observation[f:derivedFrom/f:reference/@value='urn:uuid:%s']", id);
          g_autoptr(GPtrArray) none = nodes (bundle, expr);

          g_assert_cmpuint (none->len, ==, 0);
          continue;
        }
      for (guint j = 0; j < marrow_scores_get_n_values (scores); j++)
        {
          const MarrowScoreValue *score = marrow_scores_get_value (scores, j);
          g_autofree char *local = g_strconcat (code, ".", score->definition->key, NULL);
          xmlNodePtr observation = find_observation (bundle, id, local);
          g_autofree char *number = value (bundle, observation, "f:valueQuantity/f:value");
          g_autofree char *absent = value (bundle, observation,
                                           "f:dataAbsentReason/f:coding/f:code");

          if (score->scorable)
            {
              g_assert_nonnull (number);
              g_assert_null (absent);
              g_assert_true (g_ascii_strtod (number, NULL) == score->value);
            }
          else
            {
              g_assert_null (number);
              g_assert_cmpstr (absent, ==, "unknown");
            }
          n_checked++;
        }
    }
  return n_checked;
}

static void
assert_bundle (Fixture      *fixture,
               Bundle       *bundle,
               const Counts *expected)
{
  assert_document_rules (bundle);
  assert_counts (bundle, expected);
  assert_references_resolve (bundle);
  assert_absent (fixture, bundle);
  g_assert_cmpuint (assert_scores (fixture, bundle), ==, expected->observations);
}

/* ---- tests ------------------------------------------------------------- */

/* KOOS has 5 scores, KOOS JR 2, pain VAS and NRS 1 each */
static void
test_whole_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(Bundle) bundle = export_bundle (fixture, NULL, NULL);
  /* A: sample KOOS, KOOS, KOOS (partial), KOOS JR, VAS, invalid NRS; right
   * knee VAS.  B: NRS.  The invalid NRS has a response but no scores. */
  Counts expected = { 2, 3, 3, 2, 2, 8, 5 + 5 + 5 + 2 + 1 + 1 + 1 };

  assert_bundle (fixture, bundle, &expected);
  g_assert_nonnull (strstr (bundle->text, marrow_record_get_id (fixture->allogeneic)));
  g_assert_null (strstr (bundle->text, fixture->voided_patient_id));
}

static void
test_patient (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(Bundle) a = export_bundle (fixture, marrow_record_get_id (fixture->patient), NULL);
  g_autoptr(Bundle) b = export_bundle (fixture, marrow_record_get_id (fixture->other), NULL);
  Counts expected_a = { 1, 2, 2, 2, 1, 7, 5 + 5 + 5 + 2 + 1 + 1 };
  Counts expected_b = { 1, 1, 1, 0, 0, 1, 1 };

  assert_bundle (fixture, a, &expected_a);
  assert_bundle (fixture, b, &expected_b);
  g_assert_null (strstr (a->text, marrow_record_get_id (fixture->other)));
  g_assert_null (strstr (b->text, marrow_record_get_id (fixture->patient)));
  /* The name is escaped, and the double space between given names is not a name */
  g_assert_nonnull (strstr (b->text, "O'Brien &amp; &lt;Söhne&gt;"));
  {
    g_autoptr(GPtrArray) given = values (b, NULL, "//f:Patient/f:name/f:given");

    g_assert_cmpuint (given->len, ==, 2);
  }
}

static void
test_case (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(Bundle) knee = export_bundle (fixture, NULL, marrow_record_get_id (fixture->knee));
  g_autoptr(Bundle) right = export_bundle (fixture, NULL,
                                           marrow_record_get_id (fixture->right_knee));
  g_autoptr(Bundle) both = export_bundle (fixture, marrow_record_get_id (fixture->patient),
                                          marrow_record_get_id (fixture->knee));
  Counts expected_knee = { 1, 1, 1, 2, 1, 6, 5 + 5 + 5 + 2 + 1 };
  Counts expected_right = { 1, 1, 1, 0, 0, 1, 1 };

  assert_bundle (fixture, knee, &expected_knee);
  assert_bundle (fixture, right, &expected_right);
  assert_bundle (fixture, both, &expected_knee);
  g_assert_null (strstr (right->text, marrow_record_get_id (fixture->knee)));
}

/* Laterality: BodyStructure locationQualifier, referenced from every joint
 * bodySite through the R4 bodySite extension, and the side in the text */
static void
test_laterality (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Bundle) bundle = export_bundle (fixture, marrow_record_get_id (fixture->patient),
                                            NULL);
  g_autoptr(GPtrArray) qualifiers = values (bundle, NULL,
                                            "//f:BodyStructure/f:locationQualifier/f:coding/"
                                            "f:code");
  g_autoptr(GPtrArray) joints = values (bundle, NULL,
                                        "//f:BodyStructure/f:location/f:coding"
                                        "[f:system/@value='http://snomed.info/sct']/f:code");
  g_autoptr(GPtrArray) texts = values (bundle, NULL, "//f:Condition/f:bodySite/f:text");
  g_autoptr(GPtrArray) sites = nodes (bundle, "//f:bodySite");
  g_autoptr(GPtrArray) extensions = nodes (
    bundle, "//f:bodySite/f:extension"
    "[@url='http://hl7.org/fhir/StructureDefinition/bodySite']/f:valueReference");
  g_autoptr(GPtrArray) knee_oa = values (bundle, NULL,
                                         "//f:Condition/f:code/f:coding"
                                         "[f:system/@value='http://snomed.info/sct']/f:code");

  g_assert_cmpuint (qualifiers->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (qualifiers, "7771000", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (qualifiers, "24028007", g_str_equal, NULL));
  g_assert_cmpuint (joints->len, ==, 2);
  g_assert_cmpstr (joints->pdata[0], ==, "49076000");
  g_assert_true (g_ptr_array_find_with_equal_func (texts, "Left knee", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (texts, "Right knee", g_str_equal, NULL));
  /* one harvest-site bodySite has no BodyStructure; every joint one does */
  g_assert_cmpuint (extensions->len, ==, sites->len - 1);
  /* ICD-10 M17 also gets SNOMED CT "Osteoarthritis of knee" */
  g_assert_cmpuint (knee_oa->len, ==, 2);
  g_assert_cmpstr (knee_oa->pdata[0], ==, "239873007");
}

/* Codes: LOINC only where interop.md rates it High, the local code always */
static void
test_codes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Bundle) bundle = export_bundle (fixture, NULL, NULL);
  g_autoptr(GPtrArray) loinc = values (bundle, NULL,
                                       "//f:Observation/f:code/f:coding"
                                       "[f:system/@value='http://loinc.org']/f:code");
  g_autoptr(GPtrArray) local = values (bundle, NULL,
                                       "//f:Observation/f:code/f:coding"
                                       "[f:system/@value='urn:marrow:codes:score']/f:code");
  g_autoptr(GPtrArray) units = values (bundle, NULL,
                                       "//f:Observation/f:valueQuantity"
                                       "[f:system/@value='http://unitsofmeasure.org']/f:code");
  g_autoptr(GPtrArray) categories = values (bundle, NULL, "//f:Observation/f:category/f:coding/"
                                                          "f:code");
  g_autofree char *canonical = value (bundle, NULL, "//f:QuestionnaireResponse/f:questionnaire");
  g_autofree char *vas = value (bundle, NULL,
                                "//f:QuestionnaireResponse"
                                "[f:questionnaire/@value='urn:marrow:questionnaire:PAIN_VAS|1']"
                                "/f:item[f:linkId/@value='pain']/f:answer/f:valueDecimal");
  g_autofree char *koos = value (bundle, NULL,
                                 "//f:QuestionnaireResponse/f:item[f:linkId/@value='P1']"
                                 "/f:answer/f:valueInteger");

  /* KOOS JR interval 82324-5; VAS 38214-3 (two scores); NRS 72514-3 (B) */
  g_assert_cmpuint (loinc->len, ==, 4);
  g_assert_true (g_ptr_array_find_with_equal_func (loinc, "82324-5", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (loinc, "38214-3", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (loinc, "72514-3", g_str_equal, NULL));
  g_assert_cmpuint (local->len, ==, count_type (bundle, "Observation"));
  g_assert_cmpuint (categories->len, ==, count_type (bundle, "Observation"));
  for (guint i = 0; i < categories->len; i++)
    g_assert_cmpstr (categories->pdata[i], ==, "survey");
  g_assert_cmpuint (units->len, >, 0);
  for (guint i = 0; i < units->len; i++)
    g_assert_cmpstr (units->pdata[i], ==, "{score}");
  g_assert_cmpstr (canonical, ==, "urn:marrow:questionnaire:KOOS|LK1.0");
  g_assert_cmpstr (vas, ==, "35.5");
  g_assert_cmpstr (koos, ==, "2");
}

/* Injection and harvest Procedures, the product, and the links between
 * them (local extensions, see marrow-fhir-resources.c) */
static void
test_chain (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Bundle) bundle = export_bundle (fixture, NULL, marrow_record_get_id (fixture->knee));
  MarrowRecord *lot = marrow_test_sample_find (fixture->chain, "product_lot");
  MarrowRecord *harvest = marrow_test_sample_find (fixture->chain, "harvest");
  MarrowRecord *injection = marrow_test_sample_find (fixture->chain, "injection");
  g_autofree char *lot_url = g_strconcat ("urn:uuid:", marrow_record_get_id (lot), NULL);
  g_autofree char *harvest_url = g_strconcat ("urn:uuid:", marrow_record_get_id (harvest), NULL);
  g_autofree char *case_url = g_strconcat ("urn:uuid:", marrow_record_get_id (fixture->knee),
                                           NULL);
  g_autofree char *expr = NULL;
  g_autofree char *administered = NULL;
  g_autofree char *made_from = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *coi = NULL;
  g_autofree char *category = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *status = NULL;

  expr = g_strdup_printf ("//f:Procedure[f:id/@value='%s']/f:extension"
                          "[@url='urn:marrow:fhir:extension:administered-product']"
                          "/f:valueReference/f:reference", marrow_record_get_id (injection));
  administered = value (bundle, NULL, expr);
  g_assert_cmpstr (administered, ==, lot_url);

  made_from = value (bundle, NULL,
                     "//f:BiologicallyDerivedProduct/f:extension"
                     "[@url='urn:marrow:fhir:extension:harvest-procedure']"
                     "/f:valueReference/f:reference");
  g_assert_cmpstr (made_from, ==, harvest_url);

  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("//f:Procedure[f:id/@value='%s']/f:reasonReference/f:reference",
                          marrow_record_get_id (harvest));
  reason = value (bundle, NULL, expr);
  g_assert_cmpstr (reason, ==, case_url);

  coi = value (bundle, NULL, "//f:BiologicallyDerivedProduct/f:identifier/f:value");
  g_assert_cmpstr (coi, ==, marrow_record_get_text (lot, "coi_id"));
  g_assert_nonnull (coi);
  category = value (bundle, NULL, "//f:BiologicallyDerivedProduct/f:productCategory");
  g_assert_cmpstr (category, ==, "cells");
  quantity = value (bundle, NULL, "//f:BiologicallyDerivedProduct/f:quantity");
  g_assert_cmpstr (quantity, ==, "1");
  status = value (bundle, NULL, "//f:BiologicallyDerivedProduct/f:status");
  g_assert_cmpstr (status, ==, "available");
}

/* Exporting twice gives the same fullUrls, derived ones included */
static void
test_stable_ids (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Bundle) first = export_bundle (fixture, NULL, NULL);
  g_autoptr(Bundle) second = export_bundle (fixture, NULL, NULL);
  g_autoptr(GPtrArray) a = values (first, NULL, "/f:Bundle/f:entry/f:fullUrl");
  g_autoptr(GPtrArray) b = values (second, NULL, "/f:Bundle/f:entry/f:fullUrl");

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
}

static void
assert_not_found (Fixture    *fixture,
                  const char *patient_id,
                  const char *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = try_export (fixture, patient_id, case_id, NULL, NULL, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *unknown = g_uuid_string_random ();

  assert_not_found (fixture, unknown, NULL);
  assert_not_found (fixture, NULL, unknown);
  assert_not_found (fixture, fixture->voided_patient_id, NULL);
  assert_not_found (fixture, fixture->draft_patient_id, NULL);
  /* a case of another patient */
  assert_not_found (fixture, marrow_record_get_id (fixture->other),
                    marrow_record_get_id (fixture->knee));
}

typedef struct
{
  GArray       *done;
  GArray       *total;
  GCancellable *cancel_at_first;
} ProgressLog;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->done, done);
  g_array_append_val (log->total, total);
  if (log->cancel_at_first != NULL)
    g_cancellable_cancel (log->cancel_at_first);
}

/* 150 more patients, each with a case: over 300 records */
static void
add_many_patients (Fixture *fixture)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *mrn = g_strdup_printf ("MRN-BULK-%03u", i);
      g_autoptr(MarrowRecord) patient = new_patient (mrn, "Bulk", "female");
      g_autoptr(MarrowRecord) jcase = new_case (patient, "knee", "left", "M17.12");

      marrow_change_set_add_insert (changes, patient);
      marrow_change_set_add_insert (changes, jcase);
    }
  g_assert_true (marrow_store_apply (fixture->store, changes, &error));
  g_assert_no_error (error);
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (guint64)),
                      g_array_new (FALSE, FALSE, sizeof (guint64)), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Bundle) bundle = NULL;
  guint64 last;

  add_many_patients (fixture);
  bytes = try_export (fixture, NULL, NULL, on_progress, &log, NULL, &error);
  g_assert_no_error (error);
  bundle = bundle_new (bytes);
  g_assert_cmpuint (count_type (bundle, "Patient"), ==, 152);

  /* every 100 records, then once at the end with done == total */
  g_assert_cmpuint (log.done->len, >=, 4);
  for (guint i = 0; i + 1 < log.done->len; i++)
    {
      g_assert_cmpuint (g_array_index (log.done, guint64, i), ==, 100 * (i + 1));
      g_assert_cmpuint (g_array_index (log.total, guint64, i), >=,
                        g_array_index (log.done, guint64, i));
    }
  last = g_array_index (log.done, guint64, log.done->len - 1);
  g_assert_cmpuint (last, ==, g_array_index (log.total, guint64, log.total->len - 1));
  g_assert_cmpuint (last, >=, 300);
  g_array_unref (log.done);
  g_array_unref (log.total);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (guint64)),
                      g_array_new (FALSE, FALSE, sizeof (guint64)), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* Cancelled before: nothing is written */
  g_cancellable_cancel (cancellable);
  g_assert_false (marrow_fhir_export (fixture->store, NULL, out, NULL, NULL, cancellable,
                                      &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
  g_clear_error (&error);

  /* Cancelled while running, from the first progress report */
  add_many_patients (fixture);
  g_cancellable_reset (cancellable);
  log.cancel_at_first = cancellable;
  bytes = try_export (fixture, NULL, NULL, on_progress, &log, cancellable, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.done->len, ==, 1);
  g_array_unref (log.done);
  g_array_unref (log.total);
}

/* A stream that fails (full after 300 bytes) fails the export with its error */
static void
test_stream_error (Fixture       *fixture,
                   gconstpointer  data)
{
  static char buffer[300];
  g_autoptr(GOutputStream) out = g_memory_output_stream_new (buffer, sizeof buffer, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (marrow_fhir_export (fixture->store, NULL, out, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

/* The validator itself must refuse a broken Bundle (a negative control) */
static void
test_schema_rejects (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = try_export (fixture, NULL, marrow_record_get_id (fixture->right_knee),
                                        NULL, NULL, NULL, &error);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GString) messages = g_string_new (NULL);
  const char *broken[][2] = {
    { "<type value=\"collection\"/>", "<type value=\"collected\"/>" },
    { "<gender value=\"female\"/>", "<gender value=\"F\"/>" },
    { "<status value=\"final\"/>", "" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_auto(GStrv) parts = g_strsplit (text, broken[i][0], 2);
      g_autofree char *bad = NULL;
      xmlDocPtr doc;
      xmlSchemaValidCtxtPtr validator;

      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      bad = g_strjoin (broken[i][1], parts[0], parts[1], NULL);
      doc = xmlReadMemory (bad, (int)strlen (bad), "broken.xml", NULL, XML_PARSE_NONET);
      g_assert_nonnull (doc);
      validator = xmlSchemaNewValidCtxt (fhir_schema);
      xmlSchemaSetValidStructuredErrors (validator, collect_error, messages);
      g_assert_cmpint (xmlSchemaValidateDoc (validator, doc), >, 0);
      xmlSchemaFreeValidCtxt (validator);
      xmlFreeDoc (doc);
      g_test_message ("%s", messages->str);
      g_string_truncate (messages, 0);
    }
}

/* ---- the writer's primitives ------------------------------------------- */

static void
test_primitives (void)
{
  struct { double value; const char *text; } decimals[] = {
    { 75, "75" }, { 0.1, "0.1" }, { 35.5, "35.5" }, { -196, "-196" }, { 0, "0" },
    { -0.0, "0" }, { 100.0 / 3, "33.333333333333336" },
  };
  double round_trip[] = { 1e20, 1.5e-7, 2.0 / 3, 1e15, 123456789.123 };
  g_autofree char *a = marrow_fhir_derive_uuid ("observation", "x", "pain");
  g_autofree char *b = marrow_fhir_derive_uuid ("observation", "x", "pain");
  g_autofree char *c = marrow_fhir_derive_uuid ("observation", "x", "adl");
  g_autofree char *clean = marrow_fhir_clean_text (" a\x01" "b\xff c\t ");
  g_autofree char *blank = marrow_fhir_clean_text (" \x02 ");
  g_autofree char *icd = marrow_fhir_diagnosis_system ("ICD-10-CM");
  g_autofree char *other = marrow_fhir_diagnosis_system ("ICD 10 GM");
  g_autofree char *uri = marrow_fhir_diagnosis_system ("http://fhir.de/CodeSystem/icd-10-gm");
  g_autofree char *not_uuid = marrow_fhir_uuid_for ("patient", "pat_1");
  g_autofree char *upper = marrow_fhir_uuid_for ("patient",
                                                 "5D2F4C1A-8B3E-4F60-9D7A-1E2B3C4D5E6F");

  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    {
      g_autofree char *text = marrow_fhir_format_decimal (decimals[i].value);

      g_assert_cmpstr (text, ==, decimals[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (round_trip); i++)
    {
      g_autofree char *text = marrow_fhir_format_decimal (round_trip[i]);

      g_assert_true (g_ascii_strtod (text, NULL) == round_trip[i]);
    }

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpint (a[14], ==, '5');
  g_assert_true (strchr ("89ab", a[19]) != NULL);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);

  g_assert_cmpstr (clean, ==, "a" "b\xef\xbf\xbd" " c");
  g_assert_null (blank);
  g_assert_cmpstr (icd, ==, "http://hl7.org/fhir/sid/icd-10-cm");
  g_assert_cmpstr (other, ==, "urn:marrow:codes:diagnosis:ICD-10-GM");
  g_assert_cmpstr (uri, ==, "http://fhir.de/CodeSystem/icd-10-gm");
  g_assert_true (g_uuid_string_is_valid (not_uuid));
  g_assert_cmpstr (upper, ==, "5d2f4c1a-8b3e-4f60-9d7a-1e2b3c4d5e6f");
}

static void
load_schema (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fhir-r4-xsd", "fhir-single.xsd",
                                                 NULL);
  /* The schema imports fhir-xhtml.xsd and xml.xsd by relative path, so it
   * is read from its file (trusted test data) rather than from memory */
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt (path);

  g_assert_nonnull (parser);
  fhir_schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  g_assert_nonnull (fhir_schema);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  xmlInitParser ();
  load_schema ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fhir/whole-database", test_whole_database);
  ADD ("/fhir/patient", test_patient);
  ADD ("/fhir/case", test_case);
  ADD ("/fhir/laterality", test_laterality);
  ADD ("/fhir/codes", test_codes);
  ADD ("/fhir/chain", test_chain);
  ADD ("/fhir/stable-ids", test_stable_ids);
  ADD ("/fhir/not-found", test_not_found);
  ADD ("/fhir/progress", test_progress);
  ADD ("/fhir/cancel", test_cancel);
  ADD ("/fhir/stream-error", test_stream_error);
  ADD ("/fhir/schema-rejects", test_schema_rejects);
  g_test_add_func ("/fhir/primitives", test_primitives);

  status = g_test_run ();
  xmlSchemaFree (fhir_schema);
  xmlCleanupParser ();
  return status;
}
