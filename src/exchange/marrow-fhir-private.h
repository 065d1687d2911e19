/* marrow-fhir-private.h: the pieces of the FHIR R4 export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * marrow-fhir-writer.c     the XML writer on a GOutputStream, FHIR primitives
 * marrow-fhir-codes.c      code systems, local codes, LOINC and SNOMED CT tables
 * marrow-fhir-plan.c       which records of one patient go into the Bundle
 * marrow-fhir-resources.c  entries, Patient, BodyStructure, Condition, Procedures
 * marrow-fhir-product.c    BiologicallyDerivedProduct
 * marrow-fhir-survey.c     QuestionnaireResponse and Observations
 * marrow-fhir-export.c     scope, Bundle, progress and cancellation
 */
#pragma once

#include <gio/gio.h>
#include <libxml/xmlwriter.h>

#include "marrow-exchange.h"
#include "marrow-instrument-score.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_FHIR_NS "http://hl7.org/fhir"

/* Local code systems and identifiers (interop.md §3/§4: a Marrow-specific
 * URI wherever no checked standard code exists). */
#define MARROW_FHIR_SYSTEM_MRN              "urn:marrow:identifier:mrn"
#define MARROW_FHIR_SYSTEM_COI              "urn:marrow:identifier:coi"
#define MARROW_FHIR_SYSTEM_JOINT            "urn:marrow:codes:joint-site"
#define MARROW_FHIR_SYSTEM_PROCEDURE        "urn:marrow:codes:procedure"
#define MARROW_FHIR_SYSTEM_HARVEST_SITE     "urn:marrow:codes:harvest-site"
#define MARROW_FHIR_SYSTEM_PRODUCT          "urn:marrow:codes:product-category"
#define MARROW_FHIR_SYSTEM_PROCESSING       "urn:marrow:codes:processing-method"
#define MARROW_FHIR_SYSTEM_SCORE            "urn:marrow:codes:score"
#define MARROW_FHIR_SYSTEM_DIAGNOSIS        "urn:marrow:codes:diagnosis"
#define MARROW_FHIR_SYSTEM_KL               "urn:marrow:codes:kellgren-lawrence"
#define MARROW_FHIR_QUESTIONNAIRE_PREFIX    "urn:marrow:questionnaire:"
#define MARROW_FHIR_EXT_ADMINISTERED        "urn:marrow:fhir:extension:administered-product"
#define MARROW_FHIR_EXT_HARVEST             "urn:marrow:fhir:extension:harvest-procedure"
#define MARROW_FHIR_EXT_BODY_SITE           "http://hl7.org/fhir/StructureDefinition/bodySite"

#define MARROW_FHIR_SYSTEM_SNOMED           "http://snomed.info/sct"
#define MARROW_FHIR_SYSTEM_LOINC            "http://loinc.org"
#define MARROW_FHIR_SYSTEM_UCUM             "http://unitsofmeasure.org"

/* ---- marrow-fhir-writer.c ---------------------------------------------- */

/*
 * MarrowFhirWriter: an xmlTextWriter whose bytes go to a GOutputStream.
 *
 * The element helpers do nothing once something failed; the first failure
 * is kept in @error and reported by marrow_fhir_writer_check(), so resource
 * code need not test every call.
 */
typedef struct
{
  xmlTextWriterPtr  xml;
  GOutputStream    *out;
  GCancellable     *cancellable;
  GError           *error;
} MarrowFhirWriter;

gboolean  marrow_fhir_writer_init      (MarrowFhirWriter *w,
                                        GOutputStream    *out,
                                        GCancellable     *cancellable,
                                        GError          **error);
gboolean  marrow_fhir_writer_finish    (MarrowFhirWriter *w,
                                        GError          **error);
void      marrow_fhir_writer_clear     (MarrowFhirWriter *w);
gboolean  marrow_fhir_writer_check     (MarrowFhirWriter *w,
                                        GError          **error);

void      marrow_fhir_start            (MarrowFhirWriter *w,
                                        const char       *name);
void      marrow_fhir_end              (MarrowFhirWriter *w);
void      marrow_fhir_attribute        (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *value);
void      marrow_fhir_string           (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *value);
void      marrow_fhir_code             (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *value);
void      marrow_fhir_uri              (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *value);
void      marrow_fhir_date             (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *value);
void      marrow_fhir_date_time        (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *value);
void      marrow_fhir_integer          (MarrowFhirWriter *w,
                                        const char       *name,
                                        gint64            value);
void      marrow_fhir_decimal          (MarrowFhirWriter *w,
                                        const char       *name,
                                        double            value);
void      marrow_fhir_boolean          (MarrowFhirWriter *w,
                                        const char       *name,
                                        gboolean          value);
void      marrow_fhir_reference        (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *uuid);
void      marrow_fhir_coding           (MarrowFhirWriter *w,
                                        const char       *system,
                                        const char       *code,
                                        const char       *display);
void      marrow_fhir_codeable         (MarrowFhirWriter *w,
                                        const char       *name,
                                        const char       *system,
                                        const char       *code,
                                        const char       *display);
void      marrow_fhir_extension_reference (MarrowFhirWriter *w,
                                           const char       *url,
                                           const char       *uuid);

char     *marrow_fhir_clean_text       (const char       *text);
char     *marrow_fhir_format_decimal   (double            value);
char     *marrow_fhir_derive_uuid      (const char       *kind,
                                        const char       *id,
                                        const char       *key);
char     *marrow_fhir_uuid_for         (const char       *entity_name,
                                        const char       *id);

/* ---- marrow-fhir-codes.c ----------------------------------------------- */

/*
 * MarrowFhirCode: one code of a code system with the text people read.
 */
typedef struct
{
  const char *system;
  const char *code;
  const char *display;
} MarrowFhirCode;

const char           *marrow_fhir_joint_display      (const char *site);
const MarrowFhirCode *marrow_fhir_joint_snomed       (const char *site);
const MarrowFhirCode *marrow_fhir_side_snomed        (const char *side);
char                 *marrow_fhir_joint_text         (const char *site,
                                                      const char *side);
const char           *marrow_fhir_route_display      (const char *route);
const char           *marrow_fhir_tissue_display     (const char *tissue);
const char           *marrow_fhir_harvest_site_display (const char *site);
const char           *marrow_fhir_product_display    (const char *category);
const char           *marrow_fhir_product_category   (const char *category);
const char           *marrow_fhir_processing_display (const char *method);
const char           *marrow_fhir_storage_display    (const char *storage);
char                 *marrow_fhir_diagnosis_system   (const char *system);
const MarrowFhirCode *marrow_fhir_diagnosis_snomed   (const char *system,
                                                      const char *code);
const MarrowFhirCode *marrow_fhir_score_loinc        (const char *instrument,
                                                      const char *score_key);

/* ---- marrow-fhir-plan.c ------------------------------------------------ */

/*
 * MarrowFhirExport: the state of one export run.
 */
typedef struct
{
  MarrowStore            *store;
  GCancellable           *cancellable;
  MarrowExchangeProgress  progress;
  gpointer                progress_data;
  MarrowFhirWriter        writer;
  /* The one patient of a patient or case scope; NULL for the whole database */
  char                   *scope_patient_id;
  /* patient id → GINT_TO_POINTER (1 in the Bundle, 2 not), whole database */
  GHashTable             *patient_in_bundle;
  /* ids of the lots already written (a lot can serve several patients) */
  GHashTable             *written_lots;
  char                   *now;            /* the export's instant */
  guint64                 done;
  guint64                 total;
} MarrowFhirExport;

/*
 * MarrowFhirPlan: the records of one patient that go into the Bundle, and the
 * links between them that the FHIR resources need.
 */
typedef struct
{
  MarrowRecord *patient;        /* NULL for lots that belong to no patient */
  GPtrArray    *cases;
  GPtrArray    *harvests;
  GPtrArray    *lots;
  GPtrArray    *injections;
  GPtrArray    *assessments;
  GHashTable   *records;        /* id → MarrowRecord: everything looked up */
  GHashTable   *injection_lots; /* injection id → GPtrArray of lot ids */
  GHashTable   *lot_harvests;   /* lot id → GPtrArray of harvest ids */
  GHashTable   *harvest_cases;  /* harvest id → GPtrArray of case ids */
  GHashTable   *lot_units;      /* lot id → GUINT_TO_POINTER (aliquots + 1) */
} MarrowFhirPlan;

MarrowFhirPlan *marrow_fhir_plan_new             (void);
void            marrow_fhir_plan_free            (MarrowFhirPlan   *plan);
guint           marrow_fhir_plan_size            (MarrowFhirPlan   *plan);
gboolean        marrow_fhir_plan_gather          (MarrowFhirExport *ex,
                                                  MarrowFhirPlan   *plan,
                                                  MarrowRecord     *patient,
                                                  MarrowRecord     *only_case,
                                                  GError          **error);
gboolean        marrow_fhir_plan_add_lot         (MarrowFhirExport *ex,
                                                  MarrowFhirPlan   *plan,
                                                  MarrowRecord     *lot,
                                                  GError          **error);
MarrowRecord   *marrow_fhir_plan_get             (MarrowFhirPlan   *plan,
                                                  const char       *id);
GPtrArray      *marrow_fhir_plan_links           (GHashTable       *links,
                                                  const char       *id);

gboolean        marrow_fhir_patient_in_bundle    (MarrowFhirExport *ex,
                                                  const char       *patient_id);
gboolean        marrow_fhir_harvest_in_bundle    (MarrowFhirExport *ex,
                                                  MarrowRecord     *harvest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowFhirPlan, marrow_fhir_plan_free)

/* ---- marrow-fhir-resources.c, -product.c, -survey.c --------------------- */

#define MARROW_FHIR_HL7_TERMINOLOGY "http://terminology.hl7.org/CodeSystem/"

gboolean  marrow_fhir_write_plan          (MarrowFhirExport *ex,
                                           MarrowFhirPlan   *plan,
                                           GError          **error);
gboolean  marrow_fhir_tick                (MarrowFhirExport *ex,
                                           GError          **error);
void      marrow_fhir_write_lot           (MarrowFhirExport *ex,
                                           MarrowFhirPlan   *plan,
                                           MarrowRecord     *lot);
gboolean  marrow_fhir_write_assessment    (MarrowFhirExport *ex,
                                           MarrowFhirPlan   *plan,
                                           MarrowRecord     *assessment,
                                           GError          **error);

/* Pieces of entries, shared by the resource writers */
char     *marrow_fhir_record_uuid         (MarrowRecord     *record);
void      marrow_fhir_ref                 (MarrowFhirExport *ex,
                                           const char       *name,
                                           const char       *entity_name,
                                           const char       *id);
void      marrow_fhir_begin_entry         (MarrowFhirExport *ex,
                                           const char       *type,
                                           const char       *uuid);
void      marrow_fhir_begin_record_entry  (MarrowFhirExport *ex,
                                           const char       *type,
                                           MarrowRecord     *record);
void      marrow_fhir_end_entry           (MarrowFhirExport *ex);
void      marrow_fhir_identifier          (MarrowFhirExport *ex,
                                           const char       *system,
                                           const char       *value);
void      marrow_fhir_joint_site          (MarrowFhirExport *ex,
                                           const char       *name,
                                           MarrowRecord     *jcase);

G_END_DECLS
