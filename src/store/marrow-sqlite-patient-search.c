/* marrow-sqlite-patient-search.c: the patient list, sorted and searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar lists every patient by name or by last activity, and narrows
 * the list as the user types part of a name, a medical record number or a
 * date of birth.  Every list is a lazy MarrowRecordListModel whose SQL is
 * built here, and every search runs on an index (migration 6,
 * docs/store.md §4.1):
 *
 * - patient_search, an FTS5 table over patient (external content: it holds
 *   only the index) of family_name, given_names, local_id, dob and
 *   record_status, tokenized by unicode61 without diacritics, so "muller"
 *   finds "Müller" and case never matters;
 * - patient_activity, one row per patient with the latest updated_at of the
 *   patient and of its weights, cases, harvests, injections, assessments and
 *   adverse events, kept by triggers and indexed in that order.
 *
 * The typed text becomes an FTS5 query (marrow_sqlite_patient_search_match()):
 * every term must match, as the prefix of a name, of the medical record
 * number (only for terms with a digit, so that the letters every record
 * number of a practice shares do not match every patient) or, for a term
 * that reads as a date, as the date of birth.  Dates are read in ISO form
 * (1950-12-10, or its beginning: 1950, 1950-12) and in the locale's form
 * (g_date_set_parse(): 10.12.1950 in German, 12/10/1950 in US English).
 * No user text ever becomes SQL: the query is one bound parameter.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <string.h>

#include "marrow-entities.h"
#include "marrow-record-list-model-private.h"
#include "marrow-sqlite-patient-search.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-sqlite-util.h"

/* More terms than anyone types; keeps a pasted paragraph cheap */
#define MAX_TERMS 8

#define NAME_ORDER \
  " ORDER BY \"family_name\" COLLATE NOCASE, \"given_names\" COLLATE NOCASE, \"id\""

/* Record types whose changes move a patient in the last-activity order */
static const MarrowEntityDef *const activity_entities[] = {
  &marrow_entity_patient_weight,
  &marrow_entity_joint_case,
  &marrow_entity_harvest,
  &marrow_entity_injection,
  &marrow_entity_assessment,
  &marrow_entity_adverse_event,
  NULL
};

static void
append_fts_string (GString    *query,
                   const char *text)
{
  g_string_append_c (query, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');
}

static gboolean
has_alnum (const char *text,
           gboolean   *has_digit)
{
  gboolean alnum = FALSE;

  *has_digit = FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      alnum |= g_unichar_isalnum (c);
      *has_digit |= g_unichar_isdigit (c);
    }
  return alnum;
}

/* The beginning of an ISO date: 1950, 1950-1, 1950-12-1 …  Writes the
 * typed parts as an FTS phrase ("1950 12 1"), which unicode61 tokenizes as
 * it tokenized the stored date.  A year of birth starts with 1 or 2, so
 * "0042" stays a record number. */
static gboolean
parse_iso_prefix (const char *term,
                  GString    *phrase)
{
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (term[0] != '1' && term[0] != '2')
    return FALSE;
  parts = g_strsplit (term, "-", 3);
  n_parts = g_strv_length (parts);
  if (strlen (parts[0]) != 4)
    return FALSE;
  for (guint i = 0; i < n_parts; i++)
    {
      gsize length = strlen (parts[i]);

      if (length > (i == 0 ? 4 : 2))
        return FALSE;
      for (gsize j = 0; j < length; j++)
        if (!g_ascii_isdigit (parts[i][j]))
          return FALSE;
    }

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (phrase->len > 0)
        g_string_append_c (phrase, ' ');
      g_string_append (phrase, parts[i]);
    }
  return TRUE;
}

/* A whole date in the locale's order: three groups of digits separated by
 * '.', '/' or '-' (10.12.1950, 12/10/1950) */
static gboolean
parse_locale_date (const char *term,
                   GString    *phrase)
{
  GDate date;
  guint n_groups = 0;
  gboolean in_group = FALSE;

  for (const char *p = term; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          n_groups += in_group ? 0 : 1;
          in_group = TRUE;
        }
      else if (*p == '.' || *p == '/' || *p == '-')
        in_group = FALSE;
      else
        return FALSE;
    }
  if (n_groups != 3)
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, term);
  if (!g_date_valid (&date))
    return FALSE;

  g_string_append_printf (phrase, "%04u %02u %02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
  return TRUE;
}

static void
append_term (GString    *query,
             const char *term,
             gboolean    has_digit)
{
  g_autoptr(GString) date = g_string_new (NULL);
  gboolean is_date;
  gboolean prefix;

  is_date = (prefix = parse_iso_prefix (term, date)) || parse_locale_date (term, date);

  if (is_date)
    g_string_append_c (query, '(');
  g_string_append (query, has_digit ? "{family_name given_names local_id} : "
                                    : "{family_name given_names} : ");
  append_fts_string (query, term);
  g_string_append_c (query, '*');
  if (is_date)
    {
      /* ^: the year is the first token of the date, so "1950" is a year of
       * birth and never a day or month */
      g_string_append (query, " OR dob : ^");
      append_fts_string (query, date->str);
      if (prefix)
        g_string_append_c (query, '*');
      g_string_append_c (query, ')');
    }
}

/**
 * marrow_sqlite_patient_search_match:
 * @text: (nullable): what the user typed
 *
 * Turns search text into an FTS5 query for the patient_search table: every
 * term must match, voided patients never do.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL if @text has no
 *   term to search for (empty, blanks, punctuation): then every patient is
 *   listed
 */
char *
marrow_sqlite_patient_search_match (const char *text)
{
  g_autoptr(GString) query = NULL;
  g_auto(GStrv) terms = NULL;
  guint n_terms = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  terms = g_strsplit_set (text, " \t\n\r,;", -1);
  query = g_string_new ("(");
  for (guint i = 0; terms[i] != NULL && n_terms < MAX_TERMS; i++)
    {
      gboolean has_digit;

      if (!has_alnum (terms[i], &has_digit))
        continue;
      if (n_terms++ > 0)
        g_string_append (query, " AND ");
      append_term (query, terms[i], has_digit);
    }
  if (n_terms == 0)
    return NULL;

  /* unicode61 splits "entered_in_error" at the underscores */
  g_string_append (query, ") NOT record_status : entered");
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static char *
build_page_sql (const char *from_and_order)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  marrow_sqlite_append_columns (sql, &marrow_entity_patient);
  g_string_append (sql, from_and_order);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Whether @match is matched by more than BROAD_MIN patients and by at
 * least one in BROAD_FRACTION.  Rows are never deleted, so max(rowid)
 * counts the patients, for nothing.  The count of matches is the list's
 * length too, which the list then need not count again (a keystroke's
 * full-text count is a few milliseconds on 100 000 patients). */
#define BROAD_MIN      1024
#define BROAD_FRACTION 8

static gboolean
is_broad (MarrowSqliteStore  *store,
          const char         *match,
          gboolean           *broad,
          gint64             *n_matches,
          GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = marrow_sqlite_store_get_db (store);
  gint64 n_patients = 0;
  int rc;

  if (!marrow_sqlite_get_int (db, "SELECT coalesce(max(rowid), 0) FROM patient", &n_patients,
                              error))
    return FALSE;
  stmt = marrow_sqlite_prepare (db,
                                "SELECT count(*) FROM patient_search WHERE patient_search MATCH ?1",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;
  marrow_sqlite_bind_text (stmt, 1, match);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      marrow_sqlite_set_error (error, db, rc, "Could not search the patients");
      return FALSE;
    }
  *n_matches = sqlite3_column_int64 (stmt, 0);
  *broad = *n_matches > BROAD_MIN && *n_matches * BROAD_FRACTION >= n_patients;
  return TRUE;
}

/**
 * marrow_sqlite_patient_search:
 * @store: the store
 * @text: (nullable): search text, %NULL or empty for every patient
 * @order: the order of the list
 * @error: return location for a #GError
 *
 * Lists the patients that are not entered in error, narrowed to those
 * that match @text.  The pages are read from the indexes of migration 6;
 * nothing is scanned or filtered in C.
 *
 * Returns: (transfer full) (nullable): a lazy list of patient records
 */
MarrowRecordListModel *
marrow_sqlite_patient_search (MarrowSqliteStore   *store,
                              const char          *text,
                              MarrowPatientOrder   order,
                              GError             **error)
{
  g_autofree char *match = NULL;
  g_autofree char *page_sql = NULL;
  const char *count_sql;
  gboolean by_activity;
  gint64 n_items = -1;

  g_return_val_if_fail (MARROW_IS_SQLITE_STORE (store), NULL);

  by_activity = order == MARROW_PATIENT_ORDER_LAST_ACTIVITY;
  match = marrow_sqlite_patient_search_match (text);

  if (match == NULL && !by_activity)
    {
      /* patient_name_order_idx holds the order and the status */
      count_sql = "SELECT count(*) FROM patient WHERE record_status <> 'entered_in_error'";
      page_sql = build_page_sql (" FROM patient WHERE record_status <> 'entered_in_error'"
                                 NAME_ORDER " LIMIT :limit OFFSET :offset");
    }
  else if (match == NULL)
    {
      /* Pages through patient_activity_order_idx alone; only the page's
       * own rows are looked up in patient */
      count_sql = "SELECT count(*) FROM patient_activity WHERE listed = 1";
      page_sql = build_page_sql (" FROM (SELECT patient_id AS pid, last_activity AS act"
                                 " FROM patient_activity WHERE listed = 1"
                                 " ORDER BY last_activity DESC, patient_id DESC"
                                 " LIMIT :limit OFFSET :offset)"
                                 " CROSS JOIN patient ON patient.id = pid"
                                 " ORDER BY act DESC, pid DESC");
    }
  else
    {
      gboolean broad = FALSE;

      if (!by_activity && !is_broad (store, match, &broad, &n_items, error))
        return NULL;

      count_sql = "SELECT count(*) FROM patient_search WHERE patient_search MATCH :match";
      if (broad)
        /* A term that many patients match (the first letter of a name):
         * walk the name index and keep the rows whose rowid the match gave,
         * rather than read and sort every match for every page */
        page_sql = build_page_sql (" FROM patient INDEXED BY patient_name_order_idx"
                                   " WHERE record_status <> 'entered_in_error'"
                                   " AND rowid IN (SELECT rowid FROM patient_search"
                                   " WHERE patient_search MATCH :match)"
                                   NAME_ORDER " LIMIT :limit OFFSET :offset");
      else
        /* CROSS JOIN keeps the full-text match the outer loop: the other
         * way round would run the match once per patient */
        page_sql = build_page_sql (by_activity
                                   ? " FROM (SELECT rowid AS hit FROM patient_search"
                                     " WHERE patient_search MATCH :match)"
                                     " CROSS JOIN patient ON patient.rowid = hit"
                                     " LEFT JOIN patient_activity"
                                     " ON patient_activity.patient_id = patient.id"
                                     " ORDER BY patient_activity.last_activity DESC, patient.id DESC"
                                     " LIMIT :limit OFFSET :offset"
                                   : " FROM (SELECT rowid AS hit FROM patient_search"
                                     " WHERE patient_search MATCH :match)"
                                     " CROSS JOIN patient ON patient.rowid = hit"
                                     NAME_ORDER " LIMIT :limit OFFSET :offset");
    }

  return marrow_record_list_model_new_for_sql (store, &marrow_entity_patient, count_sql, page_sql,
                                               match, by_activity ? activity_entities : NULL,
                                               n_items, error);
}
