/* marrow-archive-reader.c: a Marrow archive into the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One streaming pass, in two threads, so memory does not grow with the
 * file and both cores work:
 *
 *  - a reader thread streams the file through the hardened reader with the
 *    XSD and decodes every record (known types and fields, numbers,
 *    booleans).  A record is handed on only once the reader has moved past
 *    its end tag without an error, that is once the XSD has accepted it.
 *  - the calling thread takes the records in file order and gives them to
 *    the store inside one import transaction (marrow_store_import_begin()),
 *    which checks each as a save would.  Records whose UUID exists are
 *    skipped when identical and counted as conflicts otherwise.  COMMIT
 *    comes only after the reader has reached the end of a valid file.
 *
 * At most PIPE_CAPACITY records wait between the two.  Any error in
 * either thread, a conflict without --skip-conflicts, cancellation or a
 * dry run rolls the whole transaction back: the database is as it was.
 * The file is read once, so what was validated is what is imported.
 */
#define G_LOG_DOMAIN "marrow-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "marrow-archive.h"
#include "marrow-entities.h"
#include "marrow-exchange-resources.h"
#include "marrow-record-private.h"
#include "marrow-safe-xml-reader.h"
#include "marrow-validate.h"

#define SCHEMA_PATH "/io/github/marrow/Marrow/exchange/marrow-archive-1.xsd"
#define MAX_CONFLICT_LINES 20
#define BATCH_SIZE 256     /* records handed over at once */
#define PIPE_CAPACITY 8    /* batches waiting at most */

static const MarrowXmlLimits archive_limits = {
  .max_bytes = G_GUINT64_CONSTANT (8) * 1024 * 1024 * 1024,
  .max_depth = 5,          /* archive / records / record / f / its text */
  .max_nodes = 0,
};

/* An audit entry as read: MarrowAuditRow with strings of its own */
typedef struct
{
  MarrowAuditRow row;
  char          *strings[13];
} AuditEntry;

/* One decoded record or audit entry on its way to the store; both NULL
 * ends the file */
typedef struct
{
  MarrowRecord *record;
  AuditEntry   *entry;
  int           line;
  guint64       offset;   /* bytes read when it was decoded */
} Item;

/* Between the reader thread and the writing thread: batches of Items, so
 * that the two threads meet once per BATCH_SIZE records, not per record */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  GQueue   batches;    /* of GArray of Item */
  gboolean stop;       /* the writer gave up */
  GError  *error;      /* why the reader failed */
} Pipe;

/* The reader thread's state */
typedef struct
{
  GFile                 *file;
  const char            *name;
  GCancellable          *cancellable;
  Pipe                  *pipe;
  MarrowXmlReader       *xml;
  const MarrowEntityDef *entity;        /* of the current <records> */
  GHashTable            *tables_seen;
  MarrowRecord          *record;        /* being read */
  AuditEntry            *entry;         /* being read */
  char                  *origin;        /* of the current <audit> */
  int                    record_line;
  Item                   done;          /* read to its end tag, not yet passed on */
  GArray                *batch;         /* of Item, being filled */
} Import;

static xmlSchema *
get_schema (GError **error)
{
  return marrow_safe_xml_resource_schema (marrow_exchange_get_resource (), SCHEMA_PATH, "marrow-archive-1.xsd", error);
}

static void
audit_entry_free (AuditEntry *entry)
{
  for (guint i = 0; i < G_N_ELEMENTS (entry->strings); i++)
    g_free (entry->strings[i]);
  g_free (entry);
}

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->record);
  g_clear_pointer (&item->entry, audit_entry_free);
}

static GArray *
batch_new (void)
{
  GArray *batch = g_array_sized_new (FALSE, FALSE, sizeof (Item), BATCH_SIZE);

  g_array_set_clear_func (batch, item_clear);
  return batch;
}

/* Reader side: waits while the pipe is full; FALSE when the writer gave up */
static gboolean
pipe_push (Pipe   *pipe,
           GArray *batch)
{
  gboolean stop;

  g_mutex_lock (&pipe->mutex);
  while (!pipe->stop && pipe->batches.length >= PIPE_CAPACITY)
    g_cond_wait (&pipe->cond, &pipe->mutex);
  stop = pipe->stop;
  if (!stop)
    {
      g_queue_push_tail (&pipe->batches, batch);
      g_cond_broadcast (&pipe->cond);
    }
  g_mutex_unlock (&pipe->mutex);
  if (stop)
    g_array_unref (batch);
  return !stop;
}

/* Reader side: the reader's error ends the stream */
static void
pipe_fail (Pipe   *pipe,
           GError *error)
{
  g_mutex_lock (&pipe->mutex);
  pipe->error = error;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->mutex);
}

/* Writer side: the next batch, or NULL with @error set when the reader
 * failed */
static GArray *
pipe_pop (Pipe    *pipe,
          GError **error)
{
  GArray *batch = NULL;

  g_mutex_lock (&pipe->mutex);
  while (pipe->batches.length == 0 && pipe->error == NULL)
    g_cond_wait (&pipe->cond, &pipe->mutex);
  /* A failed read never hands on what it had left */
  if (pipe->error != NULL)
    g_propagate_error (error, g_error_copy (pipe->error));
  else
    batch = g_queue_pop_head (&pipe->batches);
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->mutex);
  return batch;
}

/* Writer side: tells the reader to stop */
static void
pipe_stop (Pipe *pipe)
{
  g_mutex_lock (&pipe->mutex);
  pipe->stop = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->mutex);
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
  /* The XSD judges an element only as its end is parsed: nothing here may
   * assume its guarantees */
  if (row_version == NULL ||
      !g_ascii_string_to_unsigned (row_version, 10, 1, G_MAXINT64, &version, NULL))
    return fail_at (import, import->record_line, error, _("rowVersion “%s” is not a version"),
                    row_version);
  if (id == NULL || status == NULL || created_at == NULL || created_by == NULL ||
      updated_at == NULL || updated_by == NULL)
    return fail_at (import, import->record_line, error, _("a record lacks its metadata"));

  import->record = _marrow_record_new_with_id (import->entity, id);
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

/* The text of the <f> element the reader is on.  The schema check has
 * expanded it already, so the usual single text child is read in place;
 * xmlTextReaderReadString() would build a buffer and a copy for each of
 * the million fields of a large import. */
static const char *
field_text (xmlTextReader  *reader,
            xmlChar       **owned)
{
  xmlNode *node = xmlTextReaderExpand (reader);

  if (node != NULL && node->children == NULL)
    return "";
  if (node != NULL && node->children->type == XML_TEXT_NODE && node->children->next == NULL &&
      node->children->content != NULL)
    return (const char *)node->children->content;
  *owned = xmlTextReaderReadString (reader);
  return *owned != NULL ? (const char *)*owned : "";
}

static gboolean
read_field (Import   *import,
            GError  **error)
{
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  int line = marrow_xml_reader_get_line (import->xml);
  g_autofree char *name = attr (reader, "n");
  xmlChar *owned = NULL;
  const char *text;
  gboolean ok;
  const MarrowFieldDef *def;
  int index;

  if (import->record == NULL)
    return fail_at (import, line, error, _("a field outside <record>"));

  index = name != NULL ? marrow_entity_field_index (import->entity, name) : -1;
  if (index < 0)
    return fail_at (import, line, error, _("%s has no field “%s”"), import->entity->name, name);
  def = &import->entity->fields[index];
  if (!marrow_record_is_null_at (import->record, (guint)index))
    return fail_at (import, line, error, _("%s.%s is given twice"), import->entity->name, name);

  text = field_text (reader, &owned);
  if (!g_utf8_validate (text, -1, NULL))
    ok = fail_at (import, line, error, _("%s.%s is not valid UTF-8"), import->entity->name, name);
  else
    ok = parse_field (import, (guint)index, def, text, line, error);
  xmlFree (owned);
  return ok;
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

/* A record whose end tag the reader has passed has been accepted by the
 * XSD (the parser validates ahead of the node it returns, and every
 * libxml2 error stops marrow_xml_reader_next()); it goes on one node
 * later, for good measure */
static gboolean
pass_on_done (Import *import)
{
  if (import->done.record == NULL && import->done.entry == NULL)
    return TRUE;
  g_array_append_val (import->batch, import->done);
  import->done.record = NULL;
  import->done.entry = NULL;
  if (import->batch->len < BATCH_SIZE)
    return TRUE;
  if (!pipe_push (import->pipe, g_steal_pointer (&import->batch)))
    return FALSE;
  import->batch = batch_new ();
  return TRUE;
}

static gboolean
end_record (Import   *import,
            GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (import->record == NULL)
    return TRUE;
  /* The domain model's checks, here rather than in the writing thread
   * (the store's own check then finds the record checked already) */
  if (!marrow_record_validate (import->record, NULL, NULL, &local_error))
    return fail_at (import, import->record_line, error, "%s %s: %s",
                    marrow_record_get_entity_name (import->record),
                    marrow_record_get_id (import->record), local_error->message);
  import->done = (Item) {
    g_steal_pointer (&import->record),
    NULL,
    import->record_line,
    marrow_xml_reader_get_bytes_read (import->xml),
  };
  return TRUE;
}

/* <audit origin="…">: the entries of one database's log follow */
static gboolean
start_audit (Import   *import,
             GError  **error)
{
  g_free (import->origin);
  import->origin = attr (marrow_xml_reader_get_reader (import->xml), "origin");
  if (import->origin == NULL)
    return fail_at (import, marrow_xml_reader_get_line (import->xml), error,
                    _("an audit log without its origin"));
  return TRUE;
}

static gboolean
start_entry (Import   *import,
             GError  **error)
{
  static const char * const names[] = {
    "at", "staff", "workstation", "action", "table", "record", "reason", "prevHash", "hash",
  };
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  g_autofree char *seq = attr (reader, "seq");
  g_autofree char *row_version = attr (reader, "rowVersion");
  AuditEntry *entry;
  guint64 value = 0;
  char **s;

  import->record_line = marrow_xml_reader_get_line (import->xml);
  if (import->origin == NULL)
    return fail_at (import, import->record_line, error, _("an audit entry outside <audit>"));
  if (seq == NULL || !g_ascii_string_to_unsigned (seq, 10, 1, G_MAXINT64, &value, NULL))
    return fail_at (import, import->record_line, error, _("seq “%s” is not a sequence number"),
                    seq);

  entry = g_new0 (AuditEntry, 1);
  s = entry->strings;
  s[0] = g_strdup (import->origin);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    s[i + 1] = attr (reader, names[i]);
  entry->row = (MarrowAuditRow) {
    .origin = s[0], .seq = (gint64)value, .at = s[1], .staff_id = s[2], .workstation = s[3],
    .action = s[4], .table_name = s[5], .record_id = s[6], .reason = s[7], .prev_hash = s[8],
    .hash = s[9],
  };
  import->entry = entry;
  if (row_version != NULL)
    {
      if (!g_ascii_string_to_unsigned (row_version, 10, 0, G_MAXINT64, &value, NULL))
        return fail_at (import, import->record_line, error,
                        _("rowVersion “%s” is not a version"), row_version);
      entry->row.row_version = (gint64)value;
      entry->row.has_row_version = TRUE;
    }
  return TRUE;
}

/* <before> or <after> of the entry being read */
static gboolean
read_json (Import   *import,
           gboolean  after,
           GError  **error)
{
  xmlChar *value;
  char **text;

  if (import->entry == NULL)
    return fail_at (import, marrow_xml_reader_get_line (import->xml), error,
                    _("JSON outside an audit entry"));
  text = &import->entry->strings[after ? 11 : 10];
  if (*text != NULL)
    return fail_at (import, marrow_xml_reader_get_line (import->xml), error,
                    _("an audit entry with two <%s>"), after ? "after" : "before");
  value = xmlTextReaderReadString (marrow_xml_reader_get_reader (import->xml));
  *text = g_strdup (value != NULL ? (const char *)value : "");
  xmlFree (value);
  if (after)
    import->entry->row.after_json = *text;
  else
    import->entry->row.before_json = *text;
  return TRUE;
}

static gboolean
end_entry (Import *import)
{
  if (import->entry == NULL)
    return TRUE;
  import->done = (Item) {
    NULL,
    g_steal_pointer (&import->entry),
    import->record_line,
    marrow_xml_reader_get_bytes_read (import->xml),
  };
  return TRUE;
}

/* Returns FALSE with @error set, or FALSE without when the writer gave up */
static gboolean
read_node (Import   *import,
           gboolean *root_seen,
           GError  **error)
{
  xmlTextReader *reader = marrow_xml_reader_get_reader (import->xml);
  int type = xmlTextReaderNodeType (reader);

  if (!pass_on_done (import))
    return FALSE;

  if (type == XML_READER_TYPE_ELEMENT && !*root_seen)
    {
      *root_seen = TRUE;
      return check_root (import, error);
    }
  if (type == XML_READER_TYPE_ELEMENT)
    {
      if (is_element (reader, "records"))
        return start_records (import, error);
      if (is_element (reader, "record"))
        return start_record (import, error) &&
               (!xmlTextReaderIsEmptyElement (reader) || end_record (import, error));
      if (is_element (reader, "f"))
        return read_field (import, error);
      if (is_element (reader, "audit"))
        return start_audit (import, error);
      if (is_element (reader, "entry"))
        return start_entry (import, error) &&
               (!xmlTextReaderIsEmptyElement (reader) || end_entry (import));
      if (is_element (reader, "before") || is_element (reader, "after"))
        return read_json (import, is_element (reader, "after"), error);
    }
  else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "entry"))
    return end_entry (import);
  else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "record"))
    return end_record (import, error);
  else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "records"))
    import->entity = NULL;
  return TRUE;
}

/* The reader thread: the file through the XSD, decoded record by record */
static gpointer
read_thread (gpointer data)
{
  Import *import = data;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(MarrowXmlReader) xml = NULL;
  g_autoptr(GError) error = NULL;
  gboolean root_seen = FALSE;
  xmlSchema *schema;
  guint64 n_nodes = 0;
  int rc = -1;

  if ((schema = get_schema (&error)) &&
      (in = g_file_read (import->file, import->cancellable, &error)) &&
      (xml = marrow_xml_reader_new (G_INPUT_STREAM (in), import->name, &archive_limits, schema,
                                    import->cancellable, &error)))
    {
      import->xml = xml;
      while ((rc = marrow_xml_reader_next (xml, &error)) == 1)
        {
          if (++n_nodes % 4096 == 0 &&
              g_cancellable_set_error_if_cancelled (import->cancellable, &error))
            rc = -1;
          else if (!read_node (import, &root_seen, &error))
            rc = error != NULL ? -1 : 2;   /* 2: the writer gave up */
          if (rc != 1)
            break;
        }
      import->xml = NULL;
    }

  g_clear_object (&import->record);
  /* rc 0 is the end of a valid file; after rc 2 nobody reads the pipe */
  if (rc == 0 && pass_on_done (import))
    {
      /* The end of the file: the last batch ends with a NULL record */
      Item end = { NULL, NULL, 0, 0 };

      g_array_append_val (import->batch, end);
      pipe_push (import->pipe, g_steal_pointer (&import->batch));
    }
  g_clear_object (&import->done.record);
  g_clear_pointer (&import->done.entry, audit_entry_free);
  g_clear_pointer (&import->entry, audit_entry_free);
  g_clear_pointer (&import->origin, g_free);
  g_clear_pointer (&import->batch, g_array_unref);
  if (rc < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      error->domain != MARROW_EXCHANGE_ERROR)
    {
      /* The reader's errors name the file and line already */
      GError *invalid = g_error_new_literal (MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                                             error->message);
      g_clear_error (&error);
      error = invalid;
    }
  if (rc < 0)
    pipe_fail (import->pipe, g_steal_pointer (&error));
  return NULL;
}

static void
note_conflict (MarrowArchiveImportSummary *summary,
               const char                 *name,
               const Item                 *item)
{
  if (summary->conflict_lines->len >= MAX_CONFLICT_LINES)
    return;
  g_ptr_array_add (summary->conflict_lines,
                   g_strdup_printf (_("%s:%d: %s %s exists with other content"), name, item->line,
                                    marrow_record_get_entity_name (item->record),
                                    marrow_record_get_id (item->record)));
}

/* One record to the store; FALSE with @error set if it cannot go in */
static gboolean
write_entry (MarrowStore                *store,
             const char                 *name,
             MarrowArchiveImportSummary *summary,
             const Item                 *item,
             GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  MarrowImportOutcome outcome;

  if (!marrow_store_import_audit_row (store, &item->entry->row, &outcome, &local_error))
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID, "%s:%d: %s",
                   name, item->line, local_error->message);
      return FALSE;
    }
  if (outcome == MARROW_IMPORT_ADDED)
    summary->audit_added++;
  else if (outcome == MARROW_IMPORT_SKIPPED)
    summary->audit_skipped++;
  else
    {
      summary->conflicts++;
      if (summary->conflict_lines->len < MAX_CONFLICT_LINES)
        g_ptr_array_add (summary->conflict_lines,
                         g_strdup_printf (_("%s:%d: audit entry %s/%" PRId64
                                            " differs from the one kept"),
                                          name, item->line, item->entry->row.origin,
                                          item->entry->row.seq));
    }
  return TRUE;
}

static gboolean
write_record (MarrowStore                *store,
              const char                 *name,
              MarrowArchiveImportSummary *summary,
              const Item                 *item,
              GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  MarrowImportOutcome outcome;

  if (item->entry != NULL)
    return write_entry (store, name, summary, item, error);

  if (!marrow_store_import_record (store, item->record, &outcome, &local_error))
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                   "%s:%d: %s %s: %s", name, item->line,
                   marrow_record_get_entity_name (item->record),
                   marrow_record_get_id (item->record), local_error->message);
      return FALSE;
    }
  switch (outcome)
    {
    case MARROW_IMPORT_ADDED:
      summary->added++;
      break;
    case MARROW_IMPORT_SKIPPED:
      summary->skipped++;
      break;
    case MARROW_IMPORT_CONFLICT:
    default:
      summary->conflicts++;
      note_conflict (summary, name, item);
      break;
    }
  return TRUE;
}

/* The calling thread: every record the reader passes on, to the store */
static gboolean
write_records (MarrowStore                *store,
               Pipe                       *pipe,
               const char                 *name,
               MarrowArchiveImportSummary *summary,
               MarrowExchangeProgress      progress,
               gpointer                    progress_data,
               guint64                     size,
               GCancellable               *cancellable,
               GError                    **error)
{
  for (;;)
    {
      g_autoptr(GArray) batch = NULL;

      if (!(batch = pipe_pop (pipe, error)) ||
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint i = 0; i < batch->len; i++)
        {
          const Item *item = &g_array_index (batch, Item, i);

          if (item->record == NULL && item->entry == NULL)
            return TRUE;
          if (!write_record (store, name, summary, item, error))
            return FALSE;
        }
      if (progress != NULL && batch->len > 0)
        progress (g_array_index (batch, Item, batch->len - 1).offset, size, progress_data);
    }
}

/**
 * marrow_archive_import:
 * @store: the database
 * @file: the archive
 * @options: (nullable): dry run, skip conflicts
 * @summary: (out caller-allocates): counts; clear with
 *   marrow_archive_import_summary_clear()
 * @progress: (nullable): called now and then (bytes imported), from the
 *   calling thread
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
  Pipe pipe = { 0 };
  GThread *thread;
  Import import;
  guint64 size;
  gboolean ok;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->conflict_lines = g_ptr_array_new_with_free_func (g_free);
  options = options != NULL ? options : &defaults;

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                   _("%s: not a regular file"), name);
      return FALSE;
    }
  size = (guint64)g_file_info_get_size (info);

  if (!marrow_store_import_begin (store, name, error))
    return FALSE;

  g_mutex_init (&pipe.mutex);
  g_cond_init (&pipe.cond);
  import = (Import) {
    .file = file,
    .name = name,
    .cancellable = cancellable,
    .pipe = &pipe,
    .tables_seen = tables_seen,
    .batch = batch_new (),
  };
  thread = g_thread_new ("marrow-import-read", read_thread, &import);

  if (progress != NULL)
    progress (0, size, progress_data);
  ok = write_records (store, &pipe, name, summary, progress, progress_data, size, cancellable,
                      error);
  pipe_stop (&pipe);
  g_thread_join (thread);
  g_queue_clear_full (&pipe.batches, (GDestroyNotify)g_array_unref);
  g_clear_error (&pipe.error);
  g_mutex_clear (&pipe.mutex);
  g_cond_clear (&pipe.cond);

  if (!ok)
    {
      marrow_store_import_end (store, FALSE, NULL);
      return FALSE;
    }

  if (summary->conflicts > 0 && !options->skip_conflicts)
    {
      marrow_store_import_end (store, FALSE, NULL);
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %" PRIu64 " record exists with other content; "
                                "nothing was imported (skip conflicts to import the rest)",
                                "%s: %" PRIu64 " records exist with other content; "
                                "nothing was imported (skip conflicts to import the rest)",
                                summary->conflicts),
                   name, summary->conflicts);
      return FALSE;
    }

  if (!marrow_store_import_end (store, !options->dry_run, error))
    return FALSE;
  if (progress != NULL)
    progress (size, size, progress_data);
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
