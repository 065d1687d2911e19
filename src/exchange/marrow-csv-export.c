/* marrow-csv-export.c: scores in long format, for analysis in R or Python
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 4, point 5.  One row per score per assessment ("long" or "tidy"
 * format), so that read.csv() / readr::read_csv() / pandas.read_csv() give a
 * data frame that can be filtered by instrument and score and pivoted as
 * needed.
 *
 * Format
 *
 * - UTF-8 without a byte order mark.  R (read.csv with
 *   fileEncoding = "UTF-8", readr) and pandas read UTF-8 by default, and a
 *   BOM would end up in the first column name of several readers
 *   ("\ufeffpatient_id").  Text that is not valid UTF-8 in the database is
 *   written with U+FFFD in place of the broken bytes.
 * - RFC 4180: a header row, fields separated by ',', every line (the last
 *   one too) ending in CRLF.  A field holding ',', '"', CR or LF is put in
 *   double quotes, with '"' doubled; no other field is quoted.
 * - An empty field is a missing value (NA in R, NaN/None in pandas).
 * - Numbers use '.' as the decimal point whatever the locale, without
 *   thousands separators.  Scores are written in full precision as the
 *   shortest text that reads back as exactly the same double (44.4, not
 *   44.399999999999999; 75, not 75.000000); very large or small numbers may
 *   use exponent notation (1e-05), which every CSV reader understands.
 * - Booleans are 1 and 0.
 * - Formula injection: a TEXT field (see the column table) whose first
 *   character is '=', '+', '-', '@', TAB or CR gets a leading apostrophe
 *   ("'=HYPERLINK(…)"), so that a spreadsheet opening the file does not
 *   run it as a formula (OWASP "CSV injection").  Statisticians who read
 *   the file with R or Python and need the original text remove one leading
 *   apostrophe from such values.  Number columns are never changed, so a
 *   negative score stays "-0.25".
 *
 * Columns, in this order (T = text, N = number; * = left out when
 * pseudonymised, see below):
 *
 *   patient_id                   T  patient UUID (pseudonym when pseudonymised)
 *   patient_local_id *           T  the practice's medical record number
 *   case_id                      T  joint case UUID (pseudonym when pseudonymised)
 *   joint                        T  joint_case.site code: knee, hip, shoulder_gh, tendon_achilles …
 *   side                         T  left, right or none
 *   diagnosis_system             T  e.g. ICD-10-CM
 *   diagnosis_code               T  e.g. M17.12
 *   diagnosis_text               T  free text as entered
 *   kl_grade                     N  Kellgren-Lawrence grade 0–4 of the case; empty if not recorded
 *   assessment_id                T  assessment UUID (pseudonym when pseudonymised)
 *   assessment_date *            T  YYYY-MM-DD, local calendar date (see "Days")
 *   completed_at *               T  the stored instant, UTC, YYYY-MM-DDTHH:MM:SS.sssZ
 *   days_since_first_assessment  N  days since the case's first exported assessment (0 for it)
 *   days_since_first_injection   N  days since the case's first injection; empty when none yet
 *   days_since_latest_injection  N  days since the latest injection on or before the
 *                                   assessment; empty when none
 *   injection_count              N  injections into the case on or before the assessment (0 …)
 *   instrument                   T  instrument code (KOOS, OKS, PAIN_VAS …)
 *   instrument_version           T  the questionnaire version the answers were given to
 *   scoring_version              T  the scoring-rule version the scores were computed by
 *   mode                         T  paper, tablet_in_clinic, phone_interview or proxy
 *   respondent                   T  patient, proxy or clinician
 *   is_valid                     N  1, 0 (marked not valid by staff) or empty (not stated)
 *   score                        T  score key of the instrument (pain, symptoms, adl, total …)
 *   score_label                  T  the score's label from the instrument definition
 *   value                        N  the score, full precision; empty when not scorable
 *   scorable                     N  1, or 0 when the instrument's missing-item rule
 *                                   says the score cannot be computed
 *   n_answered                   N  answered items among the score's items
 *   n_imputed                    N  missing items filled in by the instrument's rule
 *   score_min, score_max         N  the range of the score
 *   higher_is_better             N  1 when a higher value is a better state
 *
 * Scores are computed by the engine from the stored answers with each
 * assessment's own instrument version and scoring-rule version
 * (marrow_store_score_assessment()), exactly as the application shows them.
 * An assessment that cannot be scored at all (its instrument version is no
 * longer defined) stops the export with an error naming it: leaving it out
 * silently would bias an analysis.
 *
 * Which records
 *
 * Only records that are neither drafts nor entered in error (domain model
 * 2.6): patients, joint cases and assessments.  A draft or voided parent
 * hides its children.  Assessments marked not valid are exported, with
 * is_valid = 0, so that the analysis decides.  Rows come patient by
 * patient in the order they were registered, then case by case in the
 * order they were opened, then by completed_at, then in the instrument's
 * score order.
 *
 * Injections
 *
 * An injection counts when it is a cell injection record of the same joint
 * case that was given: finalised (final, signed or amended; a draft is
 * planned, not given) and not entered in error, with its performed_at on
 * or before the assessment's completed_at.  The comparison is of instants,
 * not of days: a baseline questionnaire filled in on the morning of the
 * injection is a pre-treatment assessment (count 0, days empty), one filled
 * in after it on the same day has count 1 and 0 days.  Prior treatments
 * (earlier HA or steroid injections, prior_treatment) are not counted.
 *
 * Days
 *
 * Days are whole calendar days between local dates, as the injection
 * checks count the interval between injections.  Every date of one case is
 * taken in one time zone: the zone (tz) of the case's first counted
 * injection that has a known zone, otherwise UTC.  assessment_date is in
 * the same zone.  An assessment at 00:30 in Berlin on the day after the
 * injection is 1 day after it, although the UTC dates are the same.
 *
 * Pseudonymised export
 *
 * - patient_local_id, assessment_date and completed_at are left out (the
 *   columns are not in the file).  Names, date of birth and contact details
 *   are never exported.  Time survives only as the relative days columns,
 *   which is what an analysis of follow-up needs; days_since_first_assessment
 *   places pre-treatment assessments in time.
 * - patient_id, case_id and assessment_id become
 *     lowercase hex (HMAC-SHA256 (key, KIND ":" UUID)), first 32 characters
 *   with KIND "patient", "case" or "assessment" and the lowercase UUID, key
 *   the UTF-8 bytes of MarrowCsvOptions.pseudonym_key.  The same key gives
 *   the same pseudonyms in every export of the same data (and in any other
 *   database holding the same records, e.g. after an archive import), so
 *   follow-up exports can be merged; without the key, a pseudonym cannot
 *   be linked back to the UUID, even by someone who has an unpseudonymised
 *   export.  128 bits leave no practical chance of two ids colliding.
 * - The key is the caller's: it must stay the same between exports and be
 *   kept secret, like a password.  marrow_csv_site_pseudonym_key() gives
 *   the database's own: made from the system's random source the first time
 *   and kept in the settings (csv_pseudonym_key), so marrow-cli's
 *   pseudonyms are stable across exports without a --key.  Keys shorter than
 *   MARROW_CSV_PSEUDONYM_KEY_MIN_LENGTH bytes are refused, because a short
 *   key could be guessed from one pseudonym whose UUID is known.
 * - Without a key (NULL), a random key is made for this one export and
 *   forgotten: its pseudonyms are stable within the file and match no other
 *   export.
 * - Left as they are: the diagnosis text (free text: check it before
 *   sharing data outside the practice), the instrument columns and the
 *   scores.
 *
 * Streaming
 *
 * Rows go to the output stream in blocks of about 64 KiB; patients are read
 * through the lazy list model page by page, and each case's injections and
 * assessments when the case is written, so memory does not grow with the
 * database.  Progress is reported at the start, after every 100
 * assessments read and at the end (then done = total); total is the number
 * of non-voided assessments in the scope, drafts included.  Cancellation
 * is checked before each assessment and by every write; it fails with
 * G_IO_ERROR_CANCELLED and leaves a partial file, which the caller
 * deletes.  The stream is flushed but not closed.
 */
#define G_LOG_DOMAIN "marrow-csv-export"

#include "config.h"

#include <sys/random.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-assessment-service.h"
#include "marrow-csv-export.h"
#include "marrow-entities.h"
#include "marrow-number.h"
#include "marrow-time.h"

#define SITE_KEY_SETTING     "csv_pseudonym_key"
#define FLUSH_SIZE           (64 * 1024)
#define PROGRESS_EVERY       100
#define PSEUDONYM_HEX_LENGTH 32
#define RANDOM_KEY_LENGTH    32

typedef enum
{
  COL_PATIENT_ID,
  COL_PATIENT_LOCAL_ID,
  COL_CASE_ID,
  COL_JOINT,
  COL_SIDE,
  COL_DIAGNOSIS_SYSTEM,
  COL_DIAGNOSIS_CODE,
  COL_DIAGNOSIS_TEXT,
  COL_KL_GRADE,
  COL_ASSESSMENT_ID,
  COL_ASSESSMENT_DATE,
  COL_COMPLETED_AT,
  COL_DAYS_SINCE_FIRST_ASSESSMENT,
  COL_DAYS_SINCE_FIRST_INJECTION,
  COL_DAYS_SINCE_LATEST_INJECTION,
  COL_INJECTION_COUNT,
  COL_INSTRUMENT,
  COL_INSTRUMENT_VERSION,
  COL_SCORING_VERSION,
  COL_MODE,
  COL_RESPONDENT,
  COL_IS_VALID,
  COL_SCORE,
  COL_SCORE_LABEL,
  COL_VALUE,
  COL_SCORABLE,
  COL_N_ANSWERED,
  COL_N_IMPUTED,
  COL_SCORE_MIN,
  COL_SCORE_MAX,
  COL_HIGHER_IS_BETTER,
  N_COLUMNS
} Column;

typedef enum
{
  CELL_TEXT,    /* quoted as needed, formula defence */
  CELL_NUMBER,  /* written as formatted here */
} CellKind;

typedef struct
{
  const char *name;
  CellKind    kind;
  gboolean    identifying;  /* left out when pseudonymised */
} ColumnDef;

static const ColumnDef columns[N_COLUMNS] = {
  [COL_PATIENT_ID]                  = { "patient_id", CELL_TEXT, FALSE },
  [COL_PATIENT_LOCAL_ID]            = { "patient_local_id", CELL_TEXT, TRUE },
  [COL_CASE_ID]                     = { "case_id", CELL_TEXT, FALSE },
  [COL_JOINT]                       = { "joint", CELL_TEXT, FALSE },
  [COL_SIDE]                        = { "side", CELL_TEXT, FALSE },
  [COL_DIAGNOSIS_SYSTEM]            = { "diagnosis_system", CELL_TEXT, FALSE },
  [COL_DIAGNOSIS_CODE]              = { "diagnosis_code", CELL_TEXT, FALSE },
  [COL_DIAGNOSIS_TEXT]              = { "diagnosis_text", CELL_TEXT, FALSE },
  [COL_KL_GRADE]                    = { "kl_grade", CELL_NUMBER, FALSE },
  [COL_ASSESSMENT_ID]               = { "assessment_id", CELL_TEXT, FALSE },
  [COL_ASSESSMENT_DATE]             = { "assessment_date", CELL_TEXT, TRUE },
  [COL_COMPLETED_AT]                = { "completed_at", CELL_TEXT, TRUE },
  [COL_DAYS_SINCE_FIRST_ASSESSMENT] = { "days_since_first_assessment", CELL_NUMBER, FALSE },
  [COL_DAYS_SINCE_FIRST_INJECTION]  = { "days_since_first_injection", CELL_NUMBER, FALSE },
  [COL_DAYS_SINCE_LATEST_INJECTION] = { "days_since_latest_injection", CELL_NUMBER, FALSE },
  [COL_INJECTION_COUNT]             = { "injection_count", CELL_NUMBER, FALSE },
  [COL_INSTRUMENT]                  = { "instrument", CELL_TEXT, FALSE },
  [COL_INSTRUMENT_VERSION]          = { "instrument_version", CELL_TEXT, FALSE },
  [COL_SCORING_VERSION]             = { "scoring_version", CELL_TEXT, FALSE },
  [COL_MODE]                        = { "mode", CELL_TEXT, FALSE },
  [COL_RESPONDENT]                  = { "respondent", CELL_TEXT, FALSE },
  [COL_IS_VALID]                    = { "is_valid", CELL_NUMBER, FALSE },
  [COL_SCORE]                       = { "score", CELL_TEXT, FALSE },
  [COL_SCORE_LABEL]                 = { "score_label", CELL_TEXT, FALSE },
  [COL_VALUE]                       = { "value", CELL_NUMBER, FALSE },
  [COL_SCORABLE]                    = { "scorable", CELL_NUMBER, FALSE },
  [COL_N_ANSWERED]                  = { "n_answered", CELL_NUMBER, FALSE },
  [COL_N_IMPUTED]                   = { "n_imputed", CELL_NUMBER, FALSE },
  [COL_SCORE_MIN]                   = { "score_min", CELL_NUMBER, FALSE },
  [COL_SCORE_MAX]                   = { "score_max", CELL_NUMBER, FALSE },
  [COL_HIGHER_IS_BETTER]            = { "higher_is_better", CELL_NUMBER, FALSE },
};

typedef struct
{
  MarrowStore            *store;
  GOutputStream          *out;
  GCancellable           *cancellable;
  MarrowExchangeProgress  progress;
  gpointer                progress_data;

  gboolean                pseudonymise;
  const guint8           *key;
  gsize                   key_length;
  guint8                  random_key[RANDOM_KEY_LENGTH];

  GString                *buffer;
  guint64                 done;
  guint64                 total;
  guint64                 reported;
} CsvExport;

/* A counted injection of the case being written */
typedef struct
{
  const char *performed_at;  /* owned by the injection records */
  guint32     day;           /* Julian day in the case's zone */
} InjectionTime;

/* What the rows of one case share */
typedef struct
{
  GTimeZone *zone;
  GArray    *injections;          /* InjectionTime, by performed_at */
  gboolean   has_first_assessment;
  guint32    first_assessment_day;
} CaseContext;

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */

/* The shortest text that reads back as exactly @value, never "-0" */
static char *
format_double (double value)
{
  return marrow_number_to_string (value == 0 ? 0 : value);
}

static char *
format_int (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static const char *
format_bool (gboolean value)
{
  return value ? "1" : "0";
}

static void
append_cell (GString    *buffer,
             const char *value,
             CellKind    kind)
{
  g_autofree char *valid = NULL;
  gboolean quote;

  if (value == NULL || *value == '\0')
    return;

  if (kind == CELL_NUMBER)
    {
      g_string_append (buffer, value);
      return;
    }

  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  quote = strpbrk (value, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (buffer, '"');
  if (strchr ("=+-@\t\r", value[0]) != NULL)
    g_string_append_c (buffer, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (buffer, '"');
      g_string_append_c (buffer, *p);
    }
  if (quote)
    g_string_append_c (buffer, '"');
}

/* ------------------------------------------------------------------------ */
/* Output and progress                                                      */

static gboolean
flush_buffer (CsvExport  *self,
              GError    **error)
{
  gboolean ok;

  if (self->buffer->len == 0)
    return TRUE;
  ok = g_output_stream_write_all (self->out, self->buffer->str, self->buffer->len, NULL,
                                  self->cancellable, error);
  g_string_truncate (self->buffer, 0);
  return ok;
}

/* @cells: one value per column, or %NULL for the header row */
static gboolean
write_row (CsvExport          *self,
           const char * const *cells,
           GError            **error)
{
  gboolean first = TRUE;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (self->pseudonymise && columns[i].identifying)
        continue;
      if (!first)
        g_string_append_c (self->buffer, ',');
      first = FALSE;
      if (cells == NULL)
        g_string_append (self->buffer, columns[i].name);
      else
        append_cell (self->buffer, cells[i], columns[i].kind);
    }
  g_string_append (self->buffer, "\r\n");

  if (self->buffer->len >= FLUSH_SIZE)
    return flush_buffer (self, error);
  return TRUE;
}

static void
report_progress (CsvExport *self,
                 gboolean   force)
{
  if (self->progress == NULL)
    return;
  if (!force && self->done - self->reported < PROGRESS_EVERY)
    return;
  self->reported = self->done;
  self->progress (self->done, MAX (self->total, self->done), self->progress_data);
}

/* ------------------------------------------------------------------------ */
/* Identifiers                                                              */

static char *
pseudonym (CsvExport  *self,
           const char *kind,
           const char *id)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *lower = NULL;

  g_assert (self->key != NULL);

  if (id == NULL)
    return NULL;

  lower = g_ascii_strdown (id, -1);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, self->key, self->key_length);
  g_hmac_update (hmac, (const guchar *)kind, -1);
  g_hmac_update (hmac, (const guchar *)":", 1);
  g_hmac_update (hmac, (const guchar *)lower, -1);
  return g_strndup (g_hmac_get_string (hmac), PSEUDONYM_HEX_LENGTH);
}

/* The id as written: the UUID, or its pseudonym */
static char *
export_id (CsvExport  *self,
           const char *kind,
           const char *id)
{
  if (self->pseudonymise)
    return pseudonym (self, kind, id);
  return g_strdup (id);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

static GPtrArray *
find_children (MarrowStore            *store,
               const MarrowEntityDef  *entity,
               const char             *parent_field,
               const char             *parent_id,
               const char             *order_by,
               GError                **error)
{
  MarrowListQuery query = {
    .order_by = order_by,
    .filter_field = parent_field,
    .filter_value = parent_id,
  };

  return marrow_store_find (store, entity, &query, error);
}

/* ------------------------------------------------------------------------ */
/* Days                                                                     */

static gboolean
local_day (const char  *instant,
           GTimeZone   *zone,
           guint32     *julian,
           char       **date_text)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;
  int year, month, day;

  utc = marrow_instant_parse (instant);
  if (utc == NULL)
    return FALSE;

  local = g_date_time_to_timezone (utc, zone);
  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *julian = g_date_get_julian (&date);
  if (date_text != NULL)
    *date_text = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  return TRUE;
}

static gboolean
injection_counts (MarrowRecord *injection)
{
  return marrow_exchange_is_exported (injection) &&
         marrow_instant_is_valid (marrow_record_get_text (injection, "performed_at"));
}

/* @injections: the case's non-voided injections, by performed_at */
static void
case_context_init (CaseContext *context,
                   GPtrArray   *injections)
{
  context->zone = NULL;
  context->injections = g_array_new (FALSE, FALSE, sizeof (InjectionTime));
  context->has_first_assessment = FALSE;
  context->first_assessment_day = 0;

  for (guint i = 0; i < injections->len && context->zone == NULL; i++)
    {
      MarrowRecord *injection = injections->pdata[i];
      const char *tz = marrow_record_get_text (injection, "tz");

      if (injection_counts (injection) && tz != NULL && *tz != '\0')
        context->zone = marrow_time_zone_new (tz);
    }
  if (context->zone == NULL)
    context->zone = g_time_zone_new_utc ();

  for (guint i = 0; i < injections->len; i++)
    {
      MarrowRecord *injection = injections->pdata[i];
      InjectionTime time;

      if (!injection_counts (injection))
        continue;
      time.performed_at = marrow_record_get_text (injection, "performed_at");
      if (!local_day (time.performed_at, context->zone, &time.day, NULL))
        continue;
      g_array_append_val (context->injections, time);
    }
}

static void
case_context_clear (CaseContext *context)
{
  g_clear_pointer (&context->zone, g_time_zone_unref);
  g_clear_pointer (&context->injections, g_array_unref);
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                     */

static gboolean
export_assessment (CsvExport     *self,
                   CaseContext   *context,
                   const char   **cells,
                   MarrowRecord  *assessment,
                   GError       **error)
{
  g_autoptr(MarrowScores) scores = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *assessment_id = NULL;
  g_autofree char *date = NULL;
  g_autofree char *since_first_assessment = NULL;
  g_autofree char *since_first = NULL;
  g_autofree char *since_latest = NULL;
  g_autofree char *count = NULL;
  const char *completed_at = marrow_record_get_text (assessment, "completed_at");
  guint32 day;

  scores = marrow_store_score_assessment (self->store, assessment, &local_error);
  if (scores == NULL)
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                   _("Could not score assessment %s: %s"),
                   marrow_record_get_id (assessment), local_error->message);
      return FALSE;
    }

  if (local_day (completed_at, context->zone, &day, &date))
    {
      guint n = 0;

      if (!context->has_first_assessment)
        {
          context->has_first_assessment = TRUE;
          context->first_assessment_day = day;
        }
      since_first_assessment = format_int ((gint64)day - context->first_assessment_day);

      /* Both instants have the store's fixed format, so text order is time order */
      while (n < context->injections->len &&
             strcmp (g_array_index (context->injections, InjectionTime, n).performed_at,
                     completed_at) <= 0)
        n++;
      count = format_int (n);
      if (n > 0)
        {
          guint32 first = g_array_index (context->injections, InjectionTime, 0).day;
          guint32 latest = g_array_index (context->injections, InjectionTime, n - 1).day;

          since_first = format_int ((gint64)day - first);
          since_latest = format_int ((gint64)day - latest);
        }
    }

  assessment_id = export_id (self, "assessment", marrow_record_get_id (assessment));

  cells[COL_ASSESSMENT_ID] = assessment_id;
  cells[COL_ASSESSMENT_DATE] = date;
  cells[COL_COMPLETED_AT] = completed_at;
  cells[COL_DAYS_SINCE_FIRST_ASSESSMENT] = since_first_assessment;
  cells[COL_DAYS_SINCE_FIRST_INJECTION] = since_first;
  cells[COL_DAYS_SINCE_LATEST_INJECTION] = since_latest;
  cells[COL_INJECTION_COUNT] = count;
  cells[COL_INSTRUMENT] = marrow_record_get_text (assessment, "instrument_code");
  cells[COL_INSTRUMENT_VERSION] = marrow_record_get_text (assessment, "instrument_version");
  cells[COL_SCORING_VERSION] = marrow_record_get_text (assessment, "scoring_version");
  cells[COL_MODE] = marrow_record_get_text (assessment, "mode");
  cells[COL_RESPONDENT] = marrow_record_get_text (assessment, "respondent");
  cells[COL_IS_VALID] = marrow_record_is_null (assessment, "is_valid")
                        ? NULL
                        : format_bool (marrow_record_get_bool (assessment, "is_valid"));

  for (guint i = 0; i < marrow_scores_get_n_values (scores); i++)
    {
      const MarrowScoreValue *value = marrow_scores_get_value (scores, i);
      const MarrowInstrumentScore *definition = value->definition;
      g_autofree char *number = NULL;
      g_autofree char *n_answered = format_int (value->n_answered);
      g_autofree char *n_imputed = format_int (value->n_imputed);
      g_autofree char *min = format_double (definition->min);
      g_autofree char *max = format_double (definition->max);

      if (value->scorable && isfinite (value->value))
        number = format_double (value->value);

      cells[COL_SCORE] = definition->key;
      cells[COL_SCORE_LABEL] = definition->label;
      cells[COL_VALUE] = number;
      cells[COL_SCORABLE] = format_bool (number != NULL);
      cells[COL_N_ANSWERED] = n_answered;
      cells[COL_N_IMPUTED] = n_imputed;
      cells[COL_SCORE_MIN] = min;
      cells[COL_SCORE_MAX] = max;
      cells[COL_HIGHER_IS_BETTER] = format_bool (definition->higher_is_better);

      if (!write_row (self, cells, error))
        return FALSE;
    }

  return TRUE;
}

/* @assessments: (nullable): the case's assessments by completed_at, or
 *   %NULL to read them here */
static gboolean
export_case (CsvExport     *self,
             const char   **cells,
             MarrowRecord  *joint_case,
             GPtrArray     *assessments,
             GError       **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) injections = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *kl_grade = NULL;
  CaseContext context;
  gboolean ok = TRUE;

  if (assessments == NULL)
    {
      found = find_children (self->store, &marrow_entity_assessment, "joint_case_id",
                             marrow_record_get_id (joint_case), "completed_at", error);
      if (found == NULL)
        return FALSE;
      assessments = found;
    }

  if (!marrow_exchange_is_exported (joint_case))
    {
      self->done += assessments->len;
      report_progress (self, FALSE);
      return TRUE;
    }

  injections = find_children (self->store, &marrow_entity_injection, "joint_case_id",
                              marrow_record_get_id (joint_case), "performed_at", error);
  if (injections == NULL)
    return FALSE;

  case_id = export_id (self, "case", marrow_record_get_id (joint_case));
  if (!marrow_record_is_null (joint_case, "kl_grade"))
    kl_grade = format_int (marrow_record_get_int (joint_case, "kl_grade"));

  cells[COL_CASE_ID] = case_id;
  cells[COL_JOINT] = marrow_record_get_text (joint_case, "site");
  cells[COL_SIDE] = marrow_record_get_text (joint_case, "side");
  cells[COL_DIAGNOSIS_SYSTEM] = marrow_record_get_text (joint_case, "diagnosis_system");
  cells[COL_DIAGNOSIS_CODE] = marrow_record_get_text (joint_case, "diagnosis_code");
  cells[COL_DIAGNOSIS_TEXT] = marrow_record_get_text (joint_case, "diagnosis_text");
  cells[COL_KL_GRADE] = kl_grade;

  case_context_init (&context, injections);
  for (guint i = 0; ok && i < assessments->len; i++)
    {
      MarrowRecord *assessment = assessments->pdata[i];

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        ok = FALSE;
      else if (marrow_exchange_is_exported (assessment))
        ok = export_assessment (self, &context, cells, assessment, error);

      self->done++;
      report_progress (self, FALSE);
    }
  case_context_clear (&context);

  return ok;
}

/* @assessments: (nullable) (element-type GPtrArray): for each of @cases,
 *   its assessments; %NULL to read them case by case */
static gboolean
export_patient (CsvExport     *self,
                MarrowRecord  *patient,
                GPtrArray     *cases,
                GPtrArray     *assessments,
                GError       **error)
{
  g_autofree char *patient_id = NULL;
  const char *cells[N_COLUMNS] = { NULL };

  if (!marrow_exchange_is_exported (patient))
    {
      for (guint i = 0; assessments != NULL && i < assessments->len; i++)
        self->done += ((GPtrArray *)assessments->pdata[i])->len;
      report_progress (self, FALSE);
      return TRUE;
    }

  patient_id = export_id (self, "patient", marrow_record_get_id (patient));
  cells[COL_PATIENT_ID] = patient_id;
  cells[COL_PATIENT_LOCAL_ID] = marrow_record_get_text (patient, "local_id");

  for (guint i = 0; i < cases->len; i++)
    if (!export_case (self, cells, cases->pdata[i],
                      assessments != NULL ? assessments->pdata[i] : NULL, error))
      return FALSE;

  return TRUE;
}

/* One patient, or one of its cases: everything is read first, so that
 * the progress total is known */
static gboolean
export_scoped (CsvExport     *self,
               MarrowRecord  *patient,
               GPtrArray     *cases,
               GError       **error)
{
  g_autoptr(GPtrArray) assessments = g_ptr_array_new_with_free_func (
    (GDestroyNotify)g_ptr_array_unref);

  for (guint i = 0; i < cases->len; i++)
    {
      GPtrArray *found = find_children (self->store, &marrow_entity_assessment,
                                        "joint_case_id",
                                        marrow_record_get_id (cases->pdata[i]),
                                        "completed_at", error);
      if (found == NULL)
        return FALSE;
      g_ptr_array_add (assessments, found);
      self->total += found->len;
    }

  report_progress (self, TRUE);
  if (!write_row (self, NULL, error))
    return FALSE;
  return export_patient (self, patient, cases, assessments, error);
}

static gboolean
export_all (CsvExport  *self,
            GError    **error)
{
  g_autoptr(GListModel) patients = NULL;
  MarrowListQuery query = { 0 };
  gint64 total = 0;
  guint n_patients;

  if (!marrow_store_count (self->store, &marrow_entity_assessment, FALSE, &total, error))
    return FALSE;
  self->total = MAX (total, 0);

  /* Registration order: ORDER BY rowid needs neither a sort nor an index */
  patients = marrow_store_list (self->store, &marrow_entity_patient, &query, error);
  if (patients == NULL)
    return FALSE;

  report_progress (self, TRUE);
  if (!write_row (self, NULL, error))
    return FALSE;

  n_patients = g_list_model_get_n_items (patients);
  for (guint i = 0; i < n_patients; i++)
    {
      g_autoptr(MarrowRecord) patient = g_list_model_get_item (patients, i);
      g_autoptr(GPtrArray) cases = NULL;

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return FALSE;
      if (patient == NULL)  /* the table shrank under the model */
        break;
      if (!marrow_exchange_is_exported (patient))
        continue;

      cases = find_children (self->store, &marrow_entity_joint_case, "patient_id",
                             marrow_record_get_id (patient), NULL, error);
      if (cases == NULL)
        return FALSE;
      if (!export_patient (self, patient, cases, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
run_export (CsvExport                  *self,
            const MarrowExchangeScope  *scope,
            GError                    **error)
{
  g_autoptr(MarrowRecord) patient = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  /* A draft patient or case gives a file with the header only */
  if (!marrow_exchange_resolve_scope (self->store, scope, TRUE, &patient, &joint_case, error))
    return FALSE;
  if (patient == NULL)
    return export_all (self, error);

  if (joint_case != NULL)
    {
      cases = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (cases, g_steal_pointer (&joint_case));
    }
  else
    {
      cases = find_children (self->store, &marrow_entity_joint_case, "patient_id",
                             marrow_record_get_id (patient), NULL, error);
      if (cases == NULL)
        return FALSE;
    }

  return export_scoped (self, patient, cases, error);
}

/**
 * marrow_csv_export:
 * @store: a #MarrowStore
 * @scope: (nullable): the patient or case to export; %NULL for the whole
 *   database
 * @options: (nullable): pseudonymisation; %NULL for a plain export
 * @out: where the CSV text goes; flushed, not closed
 * @progress: (nullable) (scope call): called at the start, every 100
 *   assessments and at the end
 * @progress_data: (closure): data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the scores of every finalised assessment in @scope as CSV in long
 * format, one row per score, for statistics software.  The columns and the
 * format are described at the top of marrow-csv-export.c.
 *
 * Errors: %MARROW_EXCHANGE_ERROR_NOT_FOUND when the patient or case of
 * @scope does not exist, is entered in error, or the case is not the
 * patient's; %MARROW_EXCHANGE_ERROR_FAILED for a pseudonym key that is too
 * short or an assessment that cannot be scored; %G_IO_ERROR_CANCELLED;
 * errors of @out and of @store as they are.  After a failure @out may hold
 * part of the file.  A patient or case of @scope that is a draft gives a
 * file with the header only, as drafts are never exported.
 *
 * Call it from the thread that uses @store.
 *
 * Returns: %TRUE if the whole file was written
 */
gboolean
marrow_csv_export (MarrowStore                *store,
                   const MarrowExchangeScope  *scope,
                   const MarrowCsvOptions     *options,
                   GOutputStream              *out,
                   MarrowExchangeProgress      progress,
                   gpointer                    progress_data,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  CsvExport self = { 0 };
  gboolean ok;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  self.store = store;
  self.out = out;
  self.cancellable = cancellable;
  self.progress = progress;
  self.progress_data = progress_data;
  self.pseudonymise = options != NULL && options->pseudonymise;

  if (self.pseudonymise && options->pseudonym_key != NULL)
    {
      self.key = (const guint8 *)options->pseudonym_key;
      self.key_length = strlen (options->pseudonym_key);
      if (self.key_length < MARROW_CSV_PSEUDONYM_KEY_MIN_LENGTH)
        {
          g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                       _("The pseudonym key is too short: it needs at least %d characters"),
                       MARROW_CSV_PSEUDONYM_KEY_MIN_LENGTH);
          return FALSE;
        }
    }
  else if (self.pseudonymise)
    {
      /* g_rand_new() seeds from /dev/urandom where there is one */
      g_autoptr(GRand) rand = g_rand_new ();

      for (guint i = 0; i < RANDOM_KEY_LENGTH; i += 4)
        {
          guint32 word = g_rand_int (rand);

          memcpy (self.random_key + i, &word, 4);
        }
      self.key = self.random_key;
      self.key_length = RANDOM_KEY_LENGTH;
    }

  self.buffer = g_string_sized_new (FLUSH_SIZE + 4096);

  ok = run_export (&self, scope, error) &&
       flush_buffer (&self, error) &&
       g_output_stream_flush (out, cancellable, error);
  if (ok)
    {
      self.total = self.done;
      report_progress (&self, TRUE);
    }

  /* Forget the one-off key; volatile, so the stores are not optimised away */
  {
    volatile guint8 *key = self.random_key;

    for (gsize i = 0; i < sizeof self.random_key; i++)
      key[i] = 0;
  }
  g_string_free (self.buffer, TRUE);
  return ok;
}

/**
 * marrow_csv_site_pseudonym_key:
 * @store: the database
 * @key: (out) (transfer full): the database's pseudonym key
 * @error: return location for a #GError
 *
 * The key that makes this database's pseudonyms stable across exports: 32
 * bytes from getrandom(), as hex, made on first use and kept in the setting
 * "csv_pseudonym_key" (its creation is audited without the value).
 *
 * Returns: %TRUE with @key set
 */
gboolean
marrow_csv_site_pseudonym_key (MarrowStore  *store,
                               char        **key,
                               GError      **error)
{
  guint8 bytes[32];
  GString *hex;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!marrow_store_get_setting (store, SITE_KEY_SETTING, key, error))
    return FALSE;
  if (*key != NULL)
    return TRUE;

  if (getrandom (bytes, sizeof bytes, 0) != (gssize)sizeof bytes)
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                   _("Could not make a pseudonym key: the system's random source failed"));
      return FALSE;
    }
  hex = g_string_sized_new (2 * sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  memset (bytes, 0, sizeof bytes);
  *key = g_string_free (hex, FALSE);
  if (!marrow_store_set_setting (store, SITE_KEY_SETTING, *key, TRUE, error))
    {
      g_clear_pointer (key, g_free);
      return FALSE;
    }
  return TRUE;
}
