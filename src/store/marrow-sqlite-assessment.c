/* marrow-sqlite-assessment.c: answers are checked against their instrument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run inside the write transaction for every assessment and assessment_item
 * change (domain-model.md 4.12: "the item code belongs to the instrument and
 * the value is one of the item's allowed values").  Doing it here, and not
 * only in the form, means no path (form, import, command line) can store an
 * answer that would score wrongly.  Drafts may leave fields empty, but what
 * they hold is checked like any other impossible value (marrow-validate.c).
 * A joint case's primary instrument is checked here too.
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-instrument-score.h"
#include "marrow-sqlite-assessment.h"
#include "marrow-sqlite-util.h"

/* The stored instrument of an assessment; found is FALSE without a row */
static gboolean
stored_instrument (sqlite3     *db,
                   const char  *assessment_id,
                   gboolean    *found,
                   char       **code,
                   char       **version,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *found = FALSE;
  stmt = marrow_sqlite_prepare (db,
                                "SELECT instrument_code, instrument_version FROM assessment "
                                "WHERE id = ?1",
                                FALSE, error);
  if (stmt == NULL)
    return FALSE;
  marrow_sqlite_bind_text (stmt, 1, assessment_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *code = g_strdup (marrow_sqlite_column_text (stmt, 0));
      *version = g_strdup (marrow_sqlite_column_text (stmt, 1));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      marrow_sqlite_set_error (error, db, rc, "assessment");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_assessment (sqlite3                   *db,
                  const MarrowChange        *change,
                  MarrowInstrumentRegistry  *registry,
                  GError                   **error)
{
  MarrowRecord *record = change->record;
  const char *code = marrow_record_get_text (record, "instrument_code");
  const char *version = marrow_record_get_text (record, "instrument_version");
  const char *scoring = marrow_record_get_text (record, "scoring_version");
  MarrowInstrument *instrument;

  if (change->kind == MARROW_CHANGE_UPDATE)
    {
      g_autofree char *old_code = NULL;
      g_autofree char *old_version = NULL;
      gboolean found;

      /* The answers were checked against this instrument: changing it would
       * leave them unchecked.  A wrong instrument is corrected by entering
       * the assessment in error and recording it again. */
      if (!stored_instrument (db, marrow_record_get_id (record), &found, &old_code,
                              &old_version, error))
        return FALSE;
      if (found && old_code != NULL &&
          (g_strcmp0 (old_code, code) != 0 || g_strcmp0 (old_version, version) != 0))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "instrument_code",
                                       _("The instrument of an assessment (%s %s) cannot be "
                                         "changed; enter the assessment in error and record it "
                                         "again"), old_code, old_version);
          return FALSE;
        }
    }

  if (code == NULL)
    return TRUE;

  instrument = marrow_instrument_registry_lookup (registry, code, version);
  if (instrument == NULL)
    {
      if (marrow_instrument_registry_lookup (registry, code, NULL) != NULL)
        marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "instrument_version",
                                     _("Instrument %s has no version “%s”"), code, version);
      else
        marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "instrument_code",
                                     _("“%s” is not a known instrument"), code);
      return FALSE;
    }

  if (scoring != NULL && marrow_instrument_find_scoring_version (instrument, scoring) == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "scoring_version",
                                   _("%s has no scoring version “%s”"), code, scoring);
      return FALSE;
    }
  return TRUE;
}

/* The assessment an item belongs to: its last change in this set (it is
 * usually inserted together with its items), else the stored row. */
static gboolean
parent_instrument (sqlite3          *db,
                   MarrowChangeSet  *changes,
                   GHashTable       *cache,
                   const char       *assessment_id,
                   gboolean         *found,
                   char            **code,
                   char            **version,
                   GError          **error)
{
  const char *cached = cache != NULL ? g_hash_table_lookup (cache, assessment_id) : NULL;

  /* "CODE\nVERSION" of a stored assessment seen before */
  if (cached != NULL)
    {
      const char *newline = strchr (cached, '\n');

      *found = TRUE;
      *code = g_strndup (cached, (gsize)(newline - cached));
      *version = g_strdup (newline + 1);
      return TRUE;
    }

  for (guint i = marrow_change_set_get_length (changes); i > 0; i--)
    {
      MarrowRecord *record = marrow_change_set_get (changes, i - 1)->record;

      if (marrow_record_get_entity (record) == &marrow_entity_assessment &&
          g_strcmp0 (marrow_record_get_id (record), assessment_id) == 0)
        {
          *found = TRUE;
          *code = g_strdup (marrow_record_get_text (record, "instrument_code"));
          *version = g_strdup (marrow_record_get_text (record, "instrument_version"));
          return TRUE;
        }
    }
  if (!stored_instrument (db, assessment_id, found, code, version, error))
    return FALSE;
  if (cache != NULL && *found && *code != NULL && *version != NULL)
    g_hash_table_insert (cache, g_strdup (assessment_id), g_strconcat (*code, "\n", *version, NULL));
  return TRUE;
}

static gboolean
check_item (sqlite3                   *db,
            MarrowChangeSet           *changes,
            GHashTable                *cache,
            guint                      index,
            MarrowInstrumentRegistry  *registry,
            GError                   **error)
{
  MarrowRecord *record = marrow_change_set_get (changes, index)->record;
  const char *assessment_id = marrow_record_get_text (record, "assessment_id");
  const char *item_code = marrow_record_get_text (record, "item_code");
  g_autofree char *code = NULL;
  g_autofree char *version = NULL;
  MarrowInstrument *instrument;
  gboolean found;

  if (assessment_id == NULL || item_code == NULL)
    return TRUE;

  if (!parent_instrument (db, changes, cache, assessment_id, &found, &code, &version, error))
    return FALSE;
  /* No such assessment: the foreign key reports it */
  if (!found || code == NULL)
    return TRUE;

  instrument = marrow_instrument_registry_lookup (registry, code, version);
  if (instrument == NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "assessment_id",
                                   _("The assessment is of %s %s, which is not a known "
                                     "instrument"), code, version);
      return FALSE;
    }

  if (!marrow_record_is_null (record, "value_text"))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "value_text",
                                   _("Item “%s” of %s takes a number, not text"), item_code, code);
      return FALSE;
    }

  /* A missing answer is NULL (prom-scoring.md §0.3), but the item must exist */
  if (marrow_record_is_null (record, "value_num"))
    return marrow_instrument_check_item (instrument, item_code, error) != NULL;

  return marrow_instrument_check_answer (instrument, item_code,
                                         marrow_record_get_real (record, "value_num"), error);
}

/* A case's primary instrument is the one its guidance is judged by */
static gboolean
check_joint_case (MarrowRecord              *record,
                  MarrowInstrumentRegistry  *registry,
                  GError                   **error)
{
  const char *code = marrow_record_get_text (record, "primary_instrument");

  if (code == NULL ||
      marrow_instrument_registry_lookup (registry, code, NULL) != NULL)
    return TRUE;

  marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "primary_instrument",
                               _("“%s” is not a known instrument"), code);
  return FALSE;
}

/**
 * marrow_sqlite_assessment_check_change:
 * @db: the database, inside the write transaction
 * @changes: the change set being applied
 * @index: the change to check
 * @registry: the instrument definitions
 * @cache: (nullable): assessment id -> its stored instrument, kept by a
 *   caller that checks many items (an import); %NULL to always ask SQLite
 * @error: return location for a #GError
 *
 * Answer errors come back as %MARROW_INSTRUMENT_ERROR naming the item
 * (marrow_instrument_error_get_item()); assessment errors as
 * %MARROW_VALIDATION_ERROR naming the field.
 *
 * Returns: %TRUE if the change may be written
 */
gboolean
marrow_sqlite_assessment_check_change (sqlite3                   *db,
                                       MarrowChangeSet           *changes,
                                       guint                      index,
                                       MarrowInstrumentRegistry  *registry,
                                       GHashTable                *cache,
                                       GError                   **error)
{
  const MarrowChange *change;
  const MarrowEntityDef *entity;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (index < marrow_change_set_get_length (changes), FALSE);
  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (registry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  change = marrow_change_set_get (changes, index);
  if (change->kind != MARROW_CHANGE_INSERT && change->kind != MARROW_CHANGE_UPDATE)
    return TRUE;

  entity = marrow_record_get_entity (change->record);
  if (entity == &marrow_entity_assessment)
    return check_assessment (db, change, registry, error);
  if (entity == &marrow_entity_assessment_item)
    return check_item (db, changes, cache, index, registry, error);
  if (entity == &marrow_entity_joint_case)
    return check_joint_case (change->record, registry, error);
  return TRUE;
}

/**
 * marrow_sqlite_assessment_needs_instruments:
 * @changes: a change set
 *
 * Returns: %TRUE if applying @changes needs the instrument definitions
 */
gboolean
marrow_sqlite_assessment_needs_instruments (MarrowChangeSet *changes)
{
  g_return_val_if_fail (changes != NULL, FALSE);

  for (guint i = 0; i < marrow_change_set_get_length (changes); i++)
    {
      const MarrowEntityDef *entity =
        marrow_record_get_entity (marrow_change_set_get (changes, i)->record);

      if (entity == &marrow_entity_assessment || entity == &marrow_entity_assessment_item ||
          entity == &marrow_entity_joint_case)
        return TRUE;
    }
  return FALSE;
}
