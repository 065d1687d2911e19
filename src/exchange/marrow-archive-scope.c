/* marrow-archive-scope.c: the records an archive of one patient or one case holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An archive of one patient must import into another database on its own,
 * so besides the patient's records it carries everything they point to.
 * Two closures over the references of the domain model:
 *
 *  - down, "belongs to": starting from the patient (or the one case), every
 *    record whose reference points at a record already taken, except
 *    references to staff.  This brings the weights, cases, harvests, the
 *    patient's own (autologous) lots with their aliquots and QC, injections,
 *    assessments with their answers, adverse events, and the soft-limit
 *    acknowledgements of any of them.
 *  - up, "points to": every record a taken record refers to, fields and
 *    metadata (created_by, updated_by) alike, and what those refer to: the
 *    staff, an allogeneic lot that was injected and its processing run.
 *    Nothing is taken down from these: another patient's records never come
 *    along through a shared lot.
 *
 * Voided records are taken like the others: the archive is lossless.
 */
#define G_LOG_DOMAIN "marrow-exchange"

#include "config.h"

#include <string.h>

#include "marrow-archive-scope.h"
#include "marrow-entities.h"

typedef struct
{
  MarrowStore *store;
  GHashTable  *taken;    /* entity -> (id -> MarrowRecord) */
  GQueue       pending;  /* records taken whose references are to follow */
} Gather;

static GHashTable *
taken_of (Gather                *g,
          const MarrowEntityDef *entity)
{
  GHashTable *ids = g_hash_table_lookup (g->taken, entity);

  if (ids == NULL)
    {
      ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
      g_hash_table_insert (g->taken, (gpointer)entity, ids);
    }
  return ids;
}

static gboolean
is_taken (Gather                *g,
          const MarrowEntityDef *entity,
          const char            *id)
{
  GHashTable *ids = g_hash_table_lookup (g->taken, entity);

  return ids != NULL && g_hash_table_contains (ids, id);
}

static void
take (Gather       *g,
      MarrowRecord *record)
{
  GHashTable *ids = taken_of (g, marrow_record_get_entity (record));

  if (g_hash_table_contains (ids, marrow_record_get_id (record)))
    return;
  g_hash_table_insert (ids, (gpointer)marrow_record_get_id (record), g_object_ref (record));
  g_queue_push_tail (&g->pending, record);
}

static gboolean
take_cb (MarrowRecord  *record,
         gpointer       user_data,
         GError       **error)
{
  take (user_data, record);
  return TRUE;
}

/* Everything whose reference (other than to staff) points at @record */
static gboolean
take_belonging (Gather        *g,
                MarrowRecord  *record,
                GError       **error)
{
  const char *name = marrow_record_get_entity_name (record);
  const MarrowEntityDef * const *entities;
  guint n_entities;

  entities = marrow_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    for (guint f = 0; f < entities[i]->n_fields; f++)
      {
        const MarrowFieldDef *field = &entities[i]->fields[f];
        MarrowListQuery query = {
          .order_by = "id",
          .filter_field = field->name,
          .filter_value = marrow_record_get_id (record),
          .include_voided = TRUE,
        };

        if (field->kind != MARROW_FIELD_REF || g_strcmp0 (field->ref_entity, name) != 0 ||
            entities[i] == &marrow_entity_staff)
          continue;
        if (!marrow_store_foreach (g->store, entities[i], &query, take_cb, g, error))
          return FALSE;
      }

  /* Acknowledgements name their record by table and id */
  {
    MarrowListQuery query = {
      .order_by = "id",
      .filter_field = "record_id",
      .filter_value = marrow_record_get_id (record),
      .include_voided = TRUE,
    };

    return marrow_store_foreach (g->store, &marrow_entity_limit_ack, &query, take_cb, g, error);
  }
}

static gboolean
take_referred (Gather                *g,
               const MarrowEntityDef *entity,
               const char            *id,
               GError               **error)
{
  g_autoptr(MarrowRecord) found = NULL;
  g_autoptr(GError) local_error = NULL;

  if (id == NULL || entity == NULL || is_taken (g, entity, id))
    return TRUE;
  found = marrow_store_lookup (g->store, entity, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* A dangling reference stays dangling; the check reports it, not this */
  if (found != NULL)
    take (g, found);
  return TRUE;
}

/* Everything @record refers to */
static gboolean
take_referred_by (Gather        *g,
                  MarrowRecord  *record,
                  GError       **error)
{
  const MarrowEntityDef *entity = marrow_record_get_entity (record);

  if (!take_referred (g, &marrow_entity_staff, marrow_record_get_created_by (record), error) ||
      !take_referred (g, &marrow_entity_staff, marrow_record_get_updated_by (record), error))
    return FALSE;
  for (guint f = 0; f < entity->n_fields; f++)
    if (entity->fields[f].kind == MARROW_FIELD_REF &&
        !take_referred (g, marrow_entity_lookup (entity->fields[f].ref_entity),
                        marrow_record_get_text_at (record, f), error))
      return FALSE;
  return TRUE;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  MarrowRecord *ra = *(MarrowRecord **)a;
  MarrowRecord *rb = *(MarrowRecord **)b;

  /* SQLite's BINARY collation, as the whole-database export orders rows */
  return strcmp (marrow_record_get_id (ra), marrow_record_get_id (rb));
}

/**
 * marrow_archive_gather_scope:
 * @store: the database
 * @patient: the patient whose records to take
 * @jcase: (nullable): only this case of @patient
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): per record type (a #MarrowEntityDef
 *   pointer) a #GPtrArray of its records in UUID order; types without
 *   records are absent
 */
GHashTable *
marrow_archive_gather_scope (MarrowStore   *store,
                             MarrowRecord  *patient,
                             MarrowRecord  *jcase,
                             GError       **error)
{
  g_autoptr(GHashTable) taken = NULL;
  GHashTable *sorted;
  GHashTableIter iter;
  gpointer key, value;
  GList *belonging = NULL;
  Gather g;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (patient), NULL);

  taken = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_hash_table_unref);
  g = (Gather) { .store = store, .taken = taken, .pending = G_QUEUE_INIT };

  /* Down from the root: the pending queue then holds what belongs */
  take (&g, jcase != NULL ? jcase : patient);
  while (!g_queue_is_empty (&g.pending))
    {
      MarrowRecord *record = g_queue_pop_head (&g.pending);

      belonging = g_list_prepend (belonging, record);
      if (!take_belonging (&g, record, error))
        {
          g_list_free (belonging);
          return NULL;
        }
    }

  /* Up from everything that belongs, and from what that brings */
  for (GList *l = belonging; l != NULL; l = l->next)
    g_queue_push_tail (&g.pending, l->data);
  g_list_free (belonging);
  while (!g_queue_is_empty (&g.pending))
    if (!take_referred_by (&g, g_queue_pop_head (&g.pending), error))
      {
        g_queue_clear (&g.pending);
        return NULL;
      }

  sorted = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_hash_table_iter_init (&iter, taken);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
      GHashTableIter ids;
      gpointer record;

      g_hash_table_iter_init (&ids, value);
      while (g_hash_table_iter_next (&ids, NULL, &record))
        g_ptr_array_add (records, g_object_ref (record));
      g_ptr_array_sort (records, compare_ids);
      g_hash_table_insert (sorted, key, records);
    }
  return sorted;
}
