/* marrow-record-list-model.c: a lazily loaded list of stored records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A practice may hold 100 000 patients, so the list never loads a whole
 * table: get_n_items() answers from a cached COUNT(*), and get_item() reads
 * the page of MARROW_RECORD_LIST_MODEL_PAGE_SIZE rows around the position
 * (ORDER BY <field>, id LIMIT ? OFFSET ?).  At most
 * MARROW_RECORD_LIST_MODEL_MAX_PAGES pages stay in memory; the least
 * recently used one goes first.
 *
 * The store that made the model calls marrow_record_list_model_reload()
 * after it saved a change to the model's table.  Changes saved by other
 * workstations show after the next reload.
 */
#define G_LOG_DOMAIN "marrow-record-list-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "marrow-record-list-model-private.h"
#include "marrow-sqlite-store-private.h"
#include "marrow-sqlite-util.h"

typedef struct
{
  guint      index;
  GPtrArray *items;
} Page;

struct _MarrowRecordListModel
{
  GObject                parent_instance;

  MarrowSqliteStore     *store;
  const MarrowEntityDef *entity;
  MarrowListQuery        query;        /* its strings are owned */

  sqlite3_stmt          *count_stmt;
  sqlite3_stmt          *page_stmt;

  guint                  n_items;
  GHashTable            *pages;        /* page index -> Page* (owned) */
  GQueue                 lru;          /* Page*, most recently used first */

  guint64                rows_fetched;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MarrowRecordListModel, marrow_record_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static void
clear_pages (MarrowRecordListModel *self)
{
  g_queue_clear (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static gboolean
count_rows (MarrowRecordListModel  *self,
            guint                  *n_items,
            GError                **error)
{
  g_autoptr(MarrowBorrowedStmt) stmt = self->count_stmt;
  int rc;

  marrow_sqlite_bind_query (stmt, &self->query);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      g_autofree char *what = g_strdup_printf (_("Could not count %s"), self->entity->name);

      marrow_sqlite_set_error (error, marrow_sqlite_store_get_db (self->store), rc, what);
      return FALSE;
    }
  *n_items = (guint)CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
  return TRUE;
}

static Page *
fetch_page (MarrowRecordListModel  *self,
            guint                   index,
            GError                **error)
{
  g_autoptr(MarrowBorrowedStmt) stmt = self->page_stmt;
  g_autoptr(GPtrArray) items = NULL;
  Page *page;
  int rc;

  marrow_sqlite_bind_query (stmt, &self->query);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                      MARROW_RECORD_LIST_MODEL_PAGE_SIZE);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"),
                      (gint64)index * MARROW_RECORD_LIST_MODEL_PAGE_SIZE);

  items = g_ptr_array_new_full (MARROW_RECORD_LIST_MODEL_PAGE_SIZE, g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, marrow_sqlite_read_record (self->entity, stmt));

  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read %s"), self->entity->name);

      marrow_sqlite_set_error (error, marrow_sqlite_store_get_db (self->store), rc, what);
      return NULL;
    }

  self->rows_fetched += items->len;

  page = g_new0 (Page, 1);
  page->index = index;
  page->items = g_steal_pointer (&items);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head (&self->lru, page);

  while (self->lru.length > MARROW_RECORD_LIST_MODEL_MAX_PAGES)
    {
      Page *oldest = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }

  return page;
}

static GType
marrow_record_list_model_get_item_type (GListModel *list)
{
  return MARROW_TYPE_RECORD;
}

static guint
marrow_record_list_model_get_n_items (GListModel *list)
{
  return MARROW_RECORD_LIST_MODEL (list)->n_items;
}

static gpointer
marrow_record_list_model_get_item (GListModel *list,
                                   guint       position)
{
  MarrowRecordListModel *self = MARROW_RECORD_LIST_MODEL (list);
  guint index = position / MARROW_RECORD_LIST_MODEL_PAGE_SIZE;
  guint offset = position % MARROW_RECORD_LIST_MODEL_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      /* Most recently used goes to the head */
      if (self->lru.head->data != page)
        {
          g_queue_remove (&self->lru, page);
          g_queue_push_head (&self->lru, page);
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;

      if (!(page = fetch_page (self, index, &error)))
        {
          g_warning ("%s", error->message);
          return NULL;
        }
    }

  /* Another workstation may have shortened the table since the count */
  if (offset >= page->items->len)
    return NULL;
  return g_object_ref (page->items->pdata[offset]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = marrow_record_list_model_get_item_type;
  iface->get_n_items = marrow_record_list_model_get_n_items;
  iface->get_item = marrow_record_list_model_get_item;
}

static void
marrow_record_list_model_dispose (GObject *object)
{
  MarrowRecordListModel *self = (MarrowRecordListModel *)object;

  clear_pages (self);

  G_OBJECT_CLASS (marrow_record_list_model_parent_class)->dispose (object);
}

static void
marrow_record_list_model_finalize (GObject *object)
{
  MarrowRecordListModel *self = (MarrowRecordListModel *)object;

  g_clear_pointer (&self->count_stmt, sqlite3_finalize);
  g_clear_pointer (&self->page_stmt, sqlite3_finalize);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer ((char **)&self->query.order_by, g_free);
  g_clear_pointer ((char **)&self->query.filter_field, g_free);
  g_clear_pointer ((char **)&self->query.filter_value, g_free);
  /* Last: the statements above belong to the store's connection */
  g_clear_object (&self->store);

  G_OBJECT_CLASS (marrow_record_list_model_parent_class)->finalize (object);
}

static void
marrow_record_list_model_class_init (MarrowRecordListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = marrow_record_list_model_dispose;
  object_class->finalize = marrow_record_list_model_finalize;
}

static void
marrow_record_list_model_init (MarrowRecordListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

/**
 * marrow_record_list_model_new_for_store:
 * @store: the store whose connection the model reads
 * @entity: the record type
 * @query: (nullable): order, filter and whether voided records show
 * @error: return location for a #GError
 *
 * For MarrowSqliteStore's list() only.  The model keeps @store alive.
 *
 * Returns: (transfer full) (nullable): the model, counted but with no row
 *   loaded yet
 */
MarrowRecordListModel *
marrow_record_list_model_new_for_store (MarrowSqliteStore      *store,
                                        const MarrowEntityDef  *entity,
                                        const MarrowListQuery  *query,
                                        GError                **error)
{
  g_autoptr(MarrowRecordListModel) self = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *page_sql = NULL;
  sqlite3 *db;

  g_return_val_if_fail (MARROW_IS_SQLITE_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (MARROW_TYPE_RECORD_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  if (query != NULL)
    {
      self->query.order_by = g_strdup (query->order_by);
      self->query.descending = query->descending;
      self->query.filter_field = g_strdup (query->filter_field);
      self->query.filter_value = g_strdup (query->filter_value);
      self->query.include_voided = query->include_voided;
    }

  if (!(count_sql = marrow_sqlite_build_select (entity, &self->query, TRUE, FALSE, error)) ||
      !(page_sql = marrow_sqlite_build_select (entity, &self->query, FALSE, TRUE, error)))
    return NULL;

  db = marrow_sqlite_store_get_db (store);
  if (!(self->count_stmt = marrow_sqlite_prepare (db, count_sql, TRUE, error)) ||
      !(self->page_stmt = marrow_sqlite_prepare (db, page_sql, TRUE, error)))
    return NULL;

  if (!count_rows (self, &self->n_items, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * marrow_record_list_model_get_entity:
 *
 * Returns: the record type of the items
 */
const MarrowEntityDef *
marrow_record_list_model_get_entity (MarrowRecordListModel *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD_LIST_MODEL (self), NULL);
  return self->entity;
}

/**
 * marrow_record_list_model_reload:
 * @self: a #MarrowRecordListModel
 * @error: return location for a #GError
 *
 * Forgets the loaded pages, counts the rows again and emits
 * #GListModel::items-changed for the whole list.
 *
 * Returns: %FALSE if the rows could not be counted (the list then keeps
 *   its old length)
 */
gboolean
marrow_record_list_model_reload (MarrowRecordListModel  *self,
                                 GError                **error)
{
  guint old_n_items;
  guint n_items = 0;

  g_return_val_if_fail (MARROW_IS_RECORD_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_pages (self);
  if (!count_rows (self, &n_items, error))
    return FALSE;

  old_n_items = self->n_items;
  self->n_items = n_items;
  if (old_n_items > 0 || n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, n_items);
  return TRUE;
}

/**
 * marrow_record_list_model_get_rows_fetched:
 *
 * Returns: the number of rows read from the database so far (for tests)
 */
guint64
marrow_record_list_model_get_rows_fetched (MarrowRecordListModel *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD_LIST_MODEL (self), 0);
  return self->rows_fetched;
}

/**
 * marrow_record_list_model_get_n_cached_pages:
 *
 * Returns: the number of pages in memory now (for tests)
 */
guint
marrow_record_list_model_get_n_cached_pages (MarrowRecordListModel *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD_LIST_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}
