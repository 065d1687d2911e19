/* marrow-archive-writer.c: the database as a Marrow archive, streamed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Canonical output, so export -> import -> export is byte-identical:
 * record types in the order of marrow_entity_all() (references point
 * backwards), rows in UUID order, fields in declared order, NULL fields
 * left out, reals in the shortest text that reads back as the same double,
 * booleans as true/false.  There is deliberately no export timestamp in the
 * file: it would make two exports of the same data differ.
 */
#define G_LOG_DOMAIN "marrow-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/xmlwriter.h>

#include "marrow-archive.h"
#include "marrow-archive-scope.h"
#include "marrow-entities.h"
#include "marrow-number.h"

typedef struct
{
  GOutputStream          *out;
  char                   *origin;        /* of the <audit> being written */
  GCancellable           *cancellable;
  GError                 *error;         /* the first write error */
  xmlTextWriter          *writer;
  MarrowExchangeProgress  progress;
  gpointer                progress_data;
  guint64                 done;
  guint64                 total;
} Writer;

static int
write_callback (void       *context,
                const char *buffer,
                int         len)
{
  Writer *w = context;
  gsize written = 0;

  if (w->error != NULL)
    return -1;
  if (!g_output_stream_write_all (w->out, buffer, (gsize)len, &written, w->cancellable,
                                  &w->error))
    return -1;
  return len;
}

static int
close_callback (void *context)
{
  return 0;
}

/* libxml2 reports a failed write as -1; the reason is in w->error */
static gboolean
check (Writer  *w,
       int      rc,
       GError **error)
{
  if (rc >= 0)
    return TRUE;
  if (w->error != NULL)
    g_propagate_error (error, g_steal_pointer (&w->error));
  else
    g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                 _("Could not write the archive"));
  return FALSE;
}

static char *
format_field (MarrowRecord         *record,
              guint                 index,
              const MarrowFieldDef *def)
{
  switch (def->kind)
    {
    case MARROW_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, marrow_record_get_int_at (record, index));
    case MARROW_FIELD_REAL:
      return marrow_number_to_string (marrow_record_get_real_at (record, index));
    case MARROW_FIELD_BOOL:
      return g_strdup (marrow_record_get_int_at (record, index) ? "true" : "false");
    default:
      return g_strdup (marrow_record_get_text_at (record, index));
    }
}

static gboolean
attribute (Writer      *w,
           const char  *name,
           const char  *value,
           GError     **error)
{
  if (value == NULL)
    return TRUE;
  return check (w, xmlTextWriterWriteAttribute (w->writer, (const xmlChar *)name,
                                                (const xmlChar *)value), error);
}

static gboolean
write_record (MarrowRecord  *record,
              gpointer       user_data,
              GError       **error)
{
  Writer *w = user_data;
  const MarrowEntityDef *entity = marrow_record_get_entity (record);
  g_autofree char *row_version = NULL;

  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;

  row_version = g_strdup_printf ("%" G_GINT64_FORMAT, marrow_record_get_row_version (record));
  if (!check (w, xmlTextWriterStartElement (w->writer, (const xmlChar *)"record"), error) ||
      !attribute (w, "id", marrow_record_get_id (record), error) ||
      !attribute (w, "rowVersion", row_version, error) ||
      !attribute (w, "status", marrow_record_get_record_status (record), error) ||
      !attribute (w, "createdAt", marrow_record_get_created_at (record), error) ||
      !attribute (w, "createdBy", marrow_record_get_created_by (record), error) ||
      !attribute (w, "updatedAt", marrow_record_get_updated_at (record), error) ||
      !attribute (w, "updatedBy", marrow_record_get_updated_by (record), error) ||
      !attribute (w, "errorReason", marrow_record_get_error_reason (record), error))
    return FALSE;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      g_autofree char *value = NULL;

      if (marrow_record_is_null_at (record, i))
        continue;
      value = format_field (record, i, &entity->fields[i]);
      if (!check (w, xmlTextWriterStartElement (w->writer, (const xmlChar *)"f"), error) ||
          !attribute (w, "n", entity->fields[i].name, error) ||
          !check (w, xmlTextWriterWriteString (w->writer, (const xmlChar *)value), error) ||
          !check (w, xmlTextWriterEndElement (w->writer), error))
        return FALSE;
    }

  if (!check (w, xmlTextWriterEndElement (w->writer), error))
    return FALSE;

  if (w->progress != NULL && ++w->done % 500 == 0)
    w->progress (w->done, w->total, w->progress_data);
  return TRUE;
}

static gboolean
element (Writer      *w,
         const char  *name,
         const char  *text,
         GError     **error)
{
  if (text == NULL)
    return TRUE;
  return check (w, xmlTextWriterWriteElement (w->writer, (const xmlChar *)name,
                                              (const xmlChar *)text), error);
}

/* One audit row; an <audit> element per origin (rows come grouped) */
static gboolean
write_audit_row (const MarrowAuditRow  *row,
                 gpointer               user_data,
                 GError               **error)
{
  Writer *w = user_data;
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, row->seq);
  g_autofree char *row_version = NULL;

  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;

  if (g_strcmp0 (w->origin, row->origin) != 0)
    {
      if ((w->origin != NULL && !check (w, xmlTextWriterEndElement (w->writer), error)) ||
          !check (w, xmlTextWriterStartElement (w->writer, (const xmlChar *)"audit"), error) ||
          !attribute (w, "origin", row->origin, error))
        return FALSE;
      g_free (w->origin);
      w->origin = g_strdup (row->origin);
    }

  if (row->has_row_version)
    row_version = g_strdup_printf ("%" G_GINT64_FORMAT, row->row_version);
  return check (w, xmlTextWriterStartElement (w->writer, (const xmlChar *)"entry"), error) &&
         attribute (w, "seq", seq, error) &&
         attribute (w, "at", row->at, error) &&
         attribute (w, "action", row->action, error) &&
         attribute (w, "staff", row->staff_id, error) &&
         attribute (w, "workstation", row->workstation, error) &&
         attribute (w, "table", row->table_name, error) &&
         attribute (w, "record", row->record_id, error) &&
         attribute (w, "rowVersion", row_version, error) &&
         attribute (w, "reason", row->reason, error) &&
         attribute (w, "prevHash", row->prev_hash, error) &&
         attribute (w, "hash", row->hash, error) &&
         element (w, "before", row->before_json, error) &&
         element (w, "after", row->after_json, error) &&
         check (w, xmlTextWriterEndElement (w->writer), error);
}

static gboolean
count_records (MarrowStore  *store,
               guint64      *total,
               GError      **error)
{
  const MarrowEntityDef * const *entities;
  guint n_entities;

  *total = 0;
  entities = marrow_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      gint64 n = 0;

      if (!marrow_store_count (store, entities[i], TRUE, &n, error))
        return FALSE;
      *total += (guint64)n;
    }
  return TRUE;
}

/* The records of one type: all of them streamed, or those gathered */
static gboolean
write_records (Writer                 *w,
               MarrowStore            *store,
               const MarrowEntityDef  *entity,
               GHashTable             *gathered,
               GError                **error)
{
  const MarrowListQuery query = { .order_by = "id", .include_voided = TRUE };
  GPtrArray *records;

  if (gathered == NULL)
    return marrow_store_foreach (store, entity, &query, write_record, w, error);

  records = g_hash_table_lookup (gathered, entity);
  for (guint i = 0; records != NULL && i < records->len; i++)
    if (!write_record (records->pdata[i], w, error))
      return FALSE;
  return TRUE;
}

/**
 * marrow_archive_export:
 * @store: the database
 * @scope: (nullable): one patient or one case; %NULL for the whole database
 * @out: where the archive goes
 * @progress: (nullable): called now and then with records written
 * @progress_data: closure for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every record of every type, voided ones with their reasons, in
 * the canonical order (see the top of this file).  Memory use does not
 * grow with the database: rows are read and written one at a time.  An
 * archive of one patient or case holds their records and every record
 * those refer to (marrow-archive-scope.c), so it imports on its own.
 *
 * Returns: %TRUE if the whole archive was written
 */
gboolean
marrow_archive_export (MarrowStore                *store,
                       const MarrowExchangeScope  *scope,
                       GOutputStream              *out,
                       MarrowExchangeProgress      progress,
                       gpointer                    progress_data,
                       GCancellable               *cancellable,
                       GError                    **error)
{
  const MarrowEntityDef * const *entities;
  g_autoptr(GHashTable) gathered = NULL;
  xmlOutputBuffer *buffer;
  Writer w = { out, NULL, cancellable, NULL, NULL, progress, progress_data, 0, 0 };
  gboolean with_audit = scope != NULL && scope->with_audit;
  guint n_entities;
  gboolean ok = FALSE;

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (scope != NULL && (scope->patient_id != NULL || scope->case_id != NULL))
    {
      /* A part of the log could not be verified: its chain would have gaps */
      if (with_audit)
        {
          g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID,
                       _("The audit log travels only in an archive of the whole database"));
          return FALSE;
        }
      g_autoptr(MarrowRecord) patient = NULL;
      g_autoptr(MarrowRecord) jcase = NULL;
      GHashTableIter iter;
      gpointer records;

      if (!marrow_exchange_resolve_scope (store, scope, TRUE, &patient, &jcase, error) ||
          !(gathered = marrow_archive_gather_scope (store, patient, jcase, error)))
        return FALSE;
      g_hash_table_iter_init (&iter, gathered);
      while (g_hash_table_iter_next (&iter, NULL, &records))
        w.total += ((GPtrArray *)records)->len;
    }
  else if (progress != NULL && !count_records (store, &w.total, error))
    return FALSE;

  buffer = xmlOutputBufferCreateIO (write_callback, close_callback, &w, NULL);
  w.writer = xmlNewTextWriter (buffer);   /* owns the buffer */
  if (w.writer == NULL)
    {
      g_set_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                   _("Could not start writing the archive"));
      return FALSE;
    }
  xmlTextWriterSetIndent (w.writer, 1);
  xmlTextWriterSetIndentString (w.writer, (const xmlChar *)"  ");

  if (!check (&w, xmlTextWriterStartDocument (w.writer, "1.0", "UTF-8", NULL), error) ||
      !check (&w, xmlTextWriterStartElementNS (w.writer, NULL, (const xmlChar *)"archive",
                                               (const xmlChar *)MARROW_ARCHIVE_NAMESPACE), error) ||
      !attribute (&w, "formatVersion",
                  with_audit ? MARROW_ARCHIVE_FORMAT_VERSION_AUDIT : MARROW_ARCHIVE_FORMAT_VERSION,
                  error) ||
      !attribute (&w, "generator", PACKAGE_NAME " " PACKAGE_VERSION, error))
    goto out;

  entities = marrow_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      if (!check (&w, xmlTextWriterStartElement (w.writer, (const xmlChar *)"records"), error) ||
          !attribute (&w, "table", entities[i]->name, error) ||
          !write_records (&w, store, entities[i], gathered, error) ||
          !check (&w, xmlTextWriterEndElement (w.writer), error))
        goto out;
    }

  if (with_audit && !marrow_store_foreach_audit (store, write_audit_row, &w, error))
    goto out;

  if (!check (&w, xmlTextWriterEndDocument (w.writer), error) ||
      !check (&w, xmlTextWriterFlush (w.writer), error))
    goto out;

  if (progress != NULL)
    progress (w.done, w.total, progress_data);
  ok = TRUE;

out:
  xmlFreeTextWriter (w.writer);
  g_free (w.origin);
  g_clear_error (&w.error);
  return ok;
}
