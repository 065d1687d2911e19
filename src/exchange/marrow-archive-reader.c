/* marrow-archive-reader.c: a Marrow archive into the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two streaming passes over the file at once, so memory does not grow with
 * it and both cores work:
 *
 *  1. a thread reads everything through the hardened reader with the XSD
 *     and publishes how far the file is valid.
 *  2. meanwhile the same reader without the XSD (validating costs as much
 *     as the rest of the pass) decodes every record (known types and
 *     fields, numbers, booleans); once pass 1 has validated past the
 *     record, it goes to the store inside one import transaction
 *     (marrow_store_import_begin()), which checks it against the domain
 *     model as a save would.  Records whose UUID exists are skipped when
 *     identical and counted as conflicts otherwise.  COMMIT waits for pass
 *     1 to accept the whole file, and for the file's identity and times to
 *     be those seen at the start.  Any error, a conflict without
 *     --skip-conflicts, cancellation or a dry run rolls the whole
 *     transaction back: the database is as it was.
 */
#define G_LOG_DOMAIN "marrow-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-archive.h"
#include "marrow-entities.h"
#include "marrow-exchange-resources.h"
#include "marrow-safe-xml-reader.h"

#define SCHEMA_PATH "/io/github/marrow/Marrow/exchange/marrow-archive-1.xsd"
#define MAX_CONFLICT_LINES 20

static const MarrowXmlLimits archive_limits = {
  .max_bytes = G_GUINT64_CONSTANT (8) * 1024 * 1024 * 1024,
  .max_depth = 5,          /* archive / records / record / f / its text */
  .max_nodes = 0,
};

/* Pass 1, run in a thread beside pass 2 */
typedef struct
{
  GFile        *file;
  const char   *name;
  GCancellable *cancellable;   /* the caller's */
  GMutex        mutex;
  GCond         cond;
  int           line;          /* every node before this line is valid */
  gboolean      done;
  gboolean      stop;          /* pass 2 gave up */
  GError       *error;         /* why pass 1 failed */
} Validation;

typedef struct
{
  MarrowStore                      *store;
  const char                       *name;
  const MarrowArchiveImportOptions *options;
  MarrowArchiveImportSummary       *summary;
  Validation                       *validation;
  MarrowXmlReader                  *xml;
  const MarrowEntityDef            *entity;    /* of the current <records> */
  GHashTable                       *tables_seen;
  MarrowRecord                     *record;    /* being read */
  int                               record_line;
  MarrowExchangeProgress            progress;
  gpointer                          progress_data;
  guint64                           size;
} Import;

static xmlSchema *
get_schema (GError **error)
{
  return marrow_safe_xml_resource_schema (marrow_exchange_get_resource (), SCHEMA_PATH, "marrow-archive-1.xsd", error);
}

/* Pass 1: the whole file through the XSD; publishes how far it got */
static gpointer
validate_thread (gpointer data)
{
  Validation *v = data;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(MarrowXmlReader) xml = NULL;
  g_autoptr(GError) error = NULL;
  xmlSchema *schema;
  guint64 n_nodes = 0;
  int rc = -1;

  if ((schema = get_schema (&error)) && (in = g_file_read (v->file, v->cancellable, &error)) &&
      (xml = marrow_xml_reader_new (G_INPUT_STREAM (in), v->name, &archive_limits, schema,
                                    v->cancellable, &error)))
    {
      while ((rc = marrow_xml_reader_next (xml, &error)) == 1)
        {
          /* Publish the line of an element: everything before it is valid */
          if (++n_nodes < 64 ||
              xmlTextReaderNodeType (marrow_xml_reader_get_reader (xml)) != XML_READER_TYPE_ELEMENT)
            continue;
          n_nodes = 0;
          if (g_cancellable_set_error_if_cancelled (v->cancellable, &error))
            {
              rc = -1;
              break;
            }
          g_mutex_lock (&v->mutex);
          v->line = marrow_xml_reader_get_line (xml);
          rc = v->stop ? 0 : 1;
          g_cond_broadcast (&v->cond);
          g_mutex_unlock (&v->mutex);
          if (rc == 0)
            break;
        }
    }

  g_mutex_lock (&v->mutex);
  v->done = TRUE;
  /* The reader's errors name the file and line already */
  if (rc < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    v->error = g_steal_pointer (&error);
  else if (rc < 0)
    v->error = g_error_new_literal (MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                                    error->message);
  g_cond_broadcast (&v->cond);
  g_mutex_unlock (&v->mutex);
  return NULL;
}

/* Pass 2 writes a record only once pass 1 has validated past it, so no
 * record reaches the database before the XSD has accepted it */
static gboolean
wait_validated (Validation  *v,
                int          line,
                GError     **error)
{
  gboolean ok;

  g_mutex_lock (&v->mutex);
  while (!v->done && v->line <= line)
    g_cond_wait (&v->cond, &v->mutex);
  ok = v->error == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (v->error));
  g_mutex_unlock (&v->mutex);
  return ok;
}

/* Stops pass 1 early (pass 2 failed) or waits for its end; returns its
 * verdict */
static gboolean
finish_validation (Validation  *v,
                   GThread     *thread,
                   gboolean     stop,
                   GError     **error)
{
  g_mutex_lock (&v->mutex);
  v->stop = stop;
  g_mutex_unlock (&v->mutex);
  g_thread_join (thread);

  if (v->error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&v->error));
  return FALSE;
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (Import      *import,
         int          line,
         GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID, "%s:%d: %s",
               import->name, line, message);
  return FALSE;
}

static char *
attr (xmlTextReader *reader,
      const char    *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *)name);
  char *copy = value != NULL ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

static gboolean
is_element (xmlTextReader *reader,
            const char    *name)
{
  return g_strcmp0 ((const char *)xmlTextReaderConstLocalName (reader), name) == 0;
}

static gboolean
start_records (Import   *import,
               GError  **error)
{
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  int line = marrow_xml_reader_get_line (import->xml);
  g_autofree char *table = attr (reader, "table");

  import->entity = table != NULL ? marrow_entity_lookup (table) : NULL;
  if (import->entity == NULL)
    return fail_at (import, line, error, _("“%s” is not a record type of this version of Marrow"),
                    table);
  if (!g_hash_table_add (import->tables_seen, (gpointer)import->entity))
    return fail_at (import, line, error, _("the records of “%s” appear twice"), table);
  return TRUE;
}

static gboolean
start_record (Import   *import,
              GError  **error)
{
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  g_autofree char *id = attr (reader, "id");
  g_autofree char *row_version = attr (reader, "rowVersion");
  g_autofree char *status = attr (reader, "status");
  g_autofree char *created_at = attr (reader, "createdAt");
  g_autofree char *created_by = attr (reader, "createdBy");
  g_autofree char *updated_at = attr (reader, "updatedAt");
  g_autofree char *updated_by = attr (reader, "updatedBy");
  g_autofree char *error_reason = attr (reader, "errorReason");
  guint64 version = 0;

  import->record_line = marrow_xml_reader_get_line (import->xml);
  if (import->entity == NULL)
    return fail_at (import, import->record_line, error, _("a record outside <records>"));
  /* Pass 2 decodes before pass 1 has judged the record: nothing here may
   * assume the XSD's guarantees */
  if (row_version == NULL ||
      !g_ascii_string_to_unsigned (row_version, 10, 1, G_MAXINT64, &version, NULL))
    return fail_at (import, import->record_line, error, _("rowVersion “%s” is not a version"),
                    row_version);
  if (id == NULL || status == NULL || created_at == NULL || created_by == NULL ||
      updated_at == NULL || updated_by == NULL)
    return fail_at (import, import->record_line, error, _("a record lacks its metadata"));

  import->record = marrow_record_new (import->entity);
  marrow_record_set_id (import->record, id);
  marrow_record_set_row_version (import->record, (gint64)version);
  marrow_record_set_record_status (import->record, status);
  marrow_record_set_error_reason (import->record, error_reason);
  marrow_record_set_created (import->record, created_at, created_by);
  marrow_record_set_updated (import->record, updated_at, updated_by);
  return TRUE;
}

static gboolean
parse_field (Import               *import,
             guint                 index,
             const MarrowFieldDef *def,
             const char           *text,
             int                   line,
             GError              **error)
{
  switch (def->kind)
    {
    case MARROW_FIELD_INT:
      {
        gint64 value;

        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
          return fail_at (import, line, error, _("%s.%s: “%s” is not a whole number"),
                          import->entity->name, def->name, text);
        marrow_record_set_int_at (import->record, index, value);
        return TRUE;
      }

    case MARROW_FIELD_REAL:
      {
        char *end = NULL;
        double value = g_ascii_strtod (text, &end);

        if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (value) ||
            g_ascii_isspace (*text))
          return fail_at (import, line, error, _("%s.%s: “%s” is not a number"),
                          import->entity->name, def->name, text);
        marrow_record_set_real_at (import->record, index, value);
        return TRUE;
      }

    case MARROW_FIELD_BOOL:
      if (strcmp (text, "true") != 0 && strcmp (text, "false") != 0)
        return fail_at (import, line, error, _("%s.%s: “%s” is not true or false"),
                        import->entity->name, def->name, text);
      marrow_record_set_int_at (import->record, index, strcmp (text, "true") == 0);
      return TRUE;

    default:
      marrow_record_set_text_at (import->record, index, text);
      return TRUE;
    }
}

static gboolean
read_field (Import   *import,
            GError  **error)
{
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  int line = marrow_xml_reader_get_line (import->xml);
  g_autofree char *name = attr (reader, "n");
  g_autofree char *text = NULL;
  const MarrowFieldDef *def;
  xmlChar *value;
  int index;

  if (import->record == NULL)
    return fail_at (import, line, error, _("a field outside <record>"));

  index = name != NULL ? marrow_entity_field_index (import->entity, name) : -1;
  if (index < 0)
    return fail_at (import, line, error, _("%s has no field “%s”"), import->entity->name, name);
  def = &import->entity->fields[index];
  if (!marrow_record_is_null_at (import->record, (guint)index))
    return fail_at (import, line, error, _("%s.%s is given twice"), import->entity->name, name);

  value = xmlTextReaderReadString (reader);
  text = g_strdup (value != NULL ? (const char *)value : "");
  xmlFree (value);

  if (!g_utf8_validate (text, -1, NULL))
    return fail_at (import, line, error, _("%s.%s is not valid UTF-8"), import->entity->name, name);
  return parse_field (import, (guint)index, def, text, line, error);
}

static void
note_conflict (Import       *import,
               MarrowRecord *record)
{
  if (import->summary->conflict_lines->len >= MAX_CONFLICT_LINES)
    return;
  g_ptr_array_add (import->summary->conflict_lines,
                   g_strdup_printf (_("%s:%d: %s %s exists with other content"), import->name,
                                    import->record_line, marrow_record_get_entity_name (record),
                                    marrow_record_get_id (record)));
}

static gboolean
end_record (Import   *import,
            GError  **error)
{
  g_autoptr(MarrowRecord) record = g_steal_pointer (&import->record);
  g_autoptr(GError) local_error = NULL;
  MarrowImportOutcome outcome;

  if (record == NULL)
    return TRUE;
  if (!wait_validated (import->validation, marrow_xml_reader_get_line (import->xml), error))
    return FALSE;

  if (!marrow_store_import_record (import->store, record, &outcome, &local_error))
    return fail_at (import, import->record_line, error, "%s %s: %s",
                    marrow_record_get_entity_name (record), marrow_record_get_id (record),
                    local_error->message);
  switch (outcome)
    {
    case MARROW_IMPORT_ADDED:
      import->summary->added++;
      break;
    case MARROW_IMPORT_SKIPPED:
      import->summary->skipped++;
      break;
    case MARROW_IMPORT_CONFLICT:
    default:
      import->summary->conflicts++;
      note_conflict (import, record);
      break;
    }
  return TRUE;
}

static gboolean
check_root (Import   *import,
            GError  **error)
{
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  const char *ns = (const char *)xmlTextReaderConstNamespaceUri (reader);

  if (!is_element (reader, "archive") || g_strcmp0 (ns, MARROW_ARCHIVE_NAMESPACE) != 0)
    return fail_at (import, marrow_xml_reader_get_line (import->xml), error,
                    _("this is not a Marrow archive (expected <archive> in %s)"),
                    MARROW_ARCHIVE_NAMESPACE);
  return TRUE;
}

/* Pass 2: decode every record and hand it to the store */
static gboolean
run_pass (Import        *import,
          GFile         *file,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(MarrowXmlReader) xml = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean root_seen = FALSE;
  guint64 n_nodes = 0;
  int rc;

  if (!(in = g_file_read (file, cancellable, error)))
    return FALSE;

  /* No schema: pass 1 validates, and records wait for it (end_record()) */
  xml = marrow_xml_reader_new (G_INPUT_STREAM (in), import->name, &archive_limits, NULL,
                               cancellable, error);
  if (xml == NULL)
    return FALSE;
  import->xml = xml;
  import->entity = NULL;

  while ((rc = marrow_xml_reader_next (xml, &local_error)) == 1)
    {
      xmlTextReader *reader = marrow_xml_reader_get_reader (xml);
      int type = xmlTextReaderNodeType (reader);
      gboolean ok = TRUE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (import->progress != NULL && ++n_nodes % 4096 == 0)
        import->progress (marrow_xml_reader_get_bytes_read (xml), import->size,
                          import->progress_data);

      if (type == XML_READER_TYPE_ELEMENT && !root_seen)
        {
          root_seen = TRUE;
          ok = check_root (import, error);
        }
      else if (type == XML_READER_TYPE_ELEMENT)
        {
          if (is_element (reader, "records"))
            ok = start_records (import, error);
          else if (is_element (reader, "record"))
            ok = start_record (import, error) &&
                 (!xmlTextReaderIsEmptyElement (reader) || end_record (import, error));
          else if (is_element (reader, "f"))
            ok = read_field (import, error);
        }
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "record"))
        ok = end_record (import, error);
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "records"))
        import->entity = NULL;

      if (!ok)
        goto fail;
    }

  if (rc < 0)
    {
      /* The reader's errors name the file and line already */
      g_set_error_literal (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                           local_error->message);
      goto fail;
    }

  import->xml = NULL;
  return TRUE;

fail:
  g_clear_object (&import->record);
  import->xml = NULL;
  return FALSE;
}

#define IDENTITY_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_UNIX_DEVICE "," G_FILE_ATTRIBUTE_UNIX_INODE "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," \
  G_FILE_ATTRIBUTE_TIME_CHANGED "," G_FILE_ATTRIBUTE_TIME_CHANGED_USEC

/* What changes when the file is rewritten or replaced */
static char *
file_identity (GFileInfo *info)
{
  return g_strdup_printf ("%u:%" G_GUINT64_FORMAT ":%" G_GOFFSET_FORMAT ":%" G_GUINT64_FORMAT
                          ".%u:%" G_GUINT64_FORMAT ".%u",
                          g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE),
                          g_file_info_get_size (info),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                          g_file_info_get_attribute_uint32 (info,
                                                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_CHANGED),
                          g_file_info_get_attribute_uint32 (info,
                                                            G_FILE_ATTRIBUTE_TIME_CHANGED_USEC));
}

/* Pass 2 read the file that pass 1 validated */
static gboolean
check_unchanged (Import        *import,
                 GFile         *file,
                 const char    *identity,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, IDENTITY_ATTRIBUTES,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, error);
  g_autofree char *now = NULL;

  if (info == NULL)
    return FALSE;
  now = file_identity (info);
  if (strcmp (now, identity) == 0)
    return TRUE;
  g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
               _("%s: the file changed while it was being imported; nothing was imported"),
               import->name);
  return FALSE;
}

/**
 * marrow_archive_import:
 * @store: the database
 * @file: the archive
 * @options: (nullable): dry run, skip conflicts
 * @summary: (out caller-allocates): counts; clear with
 *   marrow_archive_import_summary_clear()
 * @progress: (nullable): called now and then (bytes imported)
 * @progress_data: closure for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports all or nothing (see the top of this file).
 *
 * Returns: %TRUE if the archive was imported (or, in a dry run, would be)
 */
gboolean
marrow_archive_import (MarrowStore                       *store,
                       GFile                             *file,
                       const MarrowArchiveImportOptions  *options,
                       MarrowArchiveImportSummary        *summary,
                       MarrowExchangeProgress             progress,
                       gpointer                           progress_data,
                       GCancellable                      *cancellable,
                       GError                           **error)
{
  static const MarrowArchiveImportOptions defaults = { FALSE, FALSE };
  g_autoptr(GHashTable) tables_seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  g_autofree char *identity = NULL;
  g_autoptr(GError) local_error = NULL;
  Validation validation;
  GThread *thread;
  gboolean ok = TRUE;
  Import import;
  gboolean commit;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->conflict_lines = g_ptr_array_new_with_free_func (g_free);
  options = options != NULL ? options : &defaults;

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable,
                            error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                   _("%s: not a regular file"), name);
      return FALSE;
    }

  import = (Import) {
    .store = store,
    .name = name,
    .options = options,
    .summary = summary,
    .tables_seen = tables_seen,
    .progress = progress,
    .progress_data = progress_data,
    .size = (guint64)g_file_info_get_size (info),
  };

  identity = file_identity (info);

  /* Pass 1 in a thread; pass 2 follows it in one transaction */
  validation = (Validation) { .file = file, .name = name, .cancellable = cancellable };
  g_mutex_init (&validation.mutex);
  g_cond_init (&validation.cond);
  import.validation = &validation;
  thread = g_thread_new ("marrow-validate", validate_thread, &validation);

  if (progress != NULL)
    progress (0, import.size, progress_data);
  if (!marrow_store_import_begin (store, name, &local_error))
    ok = FALSE;
  else if (!run_pass (&import, file, cancellable, &local_error) ||
           !check_unchanged (&import, file, identity, cancellable, &local_error))
    {
      marrow_store_import_end (store, FALSE, NULL);
      ok = FALSE;
    }

  /* A file that fails the XSD is reported as such, whatever pass 2 met */
  if (!finish_validation (&validation, thread, !ok, error))
    {
      if (ok)
        marrow_store_import_end (store, FALSE, NULL);
      ok = FALSE;
    }
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  g_mutex_clear (&validation.mutex);
  g_cond_clear (&validation.cond);
  if (!ok)
    return FALSE;

  if (summary->conflicts > 0 && !options->skip_conflicts)
    {
      marrow_store_import_end (store, FALSE, NULL);
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %" G_GUINT64_FORMAT " record exists with other content; "
                                "nothing was imported (skip conflicts to import the rest)",
                                "%s: %" G_GUINT64_FORMAT " records exist with other content; "
                                "nothing was imported (skip conflicts to import the rest)",
                                summary->conflicts),
                   name, summary->conflicts);
      return FALSE;
    }

  commit = !options->dry_run;
  if (!marrow_store_import_end (store, commit, error))
    return FALSE;
  if (progress != NULL)
    progress (import.size, import.size, progress_data);
  return TRUE;
}

/**
 * marrow_archive_import_summary_clear:
 * @summary: a summary filled by marrow_archive_import()
 */
void
marrow_archive_import_summary_clear (MarrowArchiveImportSummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&summary->conflict_lines, g_ptr_array_unref);
}
