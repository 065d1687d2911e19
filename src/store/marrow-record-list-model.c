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
 * after it saved a change to the model's table (or to one of the tables
 * its order depends on).  Changes saved by other workstations show after
 * the next reload.
 *
 * Most lists are built from a MarrowListQuery.  The patient list and its
 * search (marrow-sqlite-patient-search.c) bring their own SQL instead,
 * with the same parameters (:limit, :offset) and an optional :match.
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
  char                  *match;        /* bound to :match, nullable */
  guint                  read_ahead;   /* pages read by one query, at most */
  const MarrowEntityDef *const *depends; /* NULL-terminated, nullable */

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

static void
bind_parameters (MarrowRecordListModel *self,
                 sqlite3_stmt          *stmt)
{
  int index;

  marrow_sqlite_bind_query (stmt, &self->query);
  if (self->match != NULL && (index = sqlite3_bind_parameter_index (stmt, ":match")) > 0)
    marrow_sqlite_bind_text (stmt, index, self->match);
}

static gboolean
count_rows (MarrowRecordListModel  *self,
            guint                  *n_items,
            GError                **error)
{
  g_autoptr(MarrowBorrowedStmt) stmt = self->count_stmt;
  int rc;

  bind_parameters (self, stmt);
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

static void
cache_page (MarrowRecordListModel *self,
            guint                  index,
            GPtrArray             *items)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->items = items;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head (&self->lru, page);

  while (self->lru.length > MARROW_RECORD_LIST_MODEL_MAX_PAGES)
    {
      Page *oldest = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }
}

/* Reads page @index and the uncached pages after it, up to read_ahead
 * pages in all, with one query.  Lists with their own SQL (the patient
 * list) read MARROW_RECORD_LIST_MODEL_READ_AHEAD pages: a list view asks
 * for its 200 rows at once, and a search costs about as much for 256 rows
 * as for 64 (it sorts every match either way). */
static Page *
fetch_page (MarrowRecordListModel  *self,
            guint                   index,
            GError                **error)
{
  g_autoptr(MarrowBorrowedStmt) stmt = self->page_stmt;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *items = NULL;
  guint last_page = self->n_items > 0 ? (self->n_items - 1) / MARROW_RECORD_LIST_MODEL_PAGE_SIZE
                                      : 0;
  guint n_pages = 1;
  int rc;

  while (n_pages < self->read_ahead && index + n_pages <= last_page &&
         !g_hash_table_contains (self->pages, GUINT_TO_POINTER (index + n_pages)))
    n_pages++;

  bind_parameters (self, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                      (gint64)n_pages * MARROW_RECORD_LIST_MODEL_PAGE_SIZE);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"),
                      (gint64)index * MARROW_RECORD_LIST_MODEL_PAGE_SIZE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (items == NULL || items->len == MARROW_RECORD_LIST_MODEL_PAGE_SIZE)
        {
          items = g_ptr_array_new_full (MARROW_RECORD_LIST_MODEL_PAGE_SIZE, g_object_unref);
          g_ptr_array_add (pages, items);
        }
      g_ptr_array_add (items, marrow_sqlite_read_record (self->entity, stmt));
      self->rows_fetched++;
    }

  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read %s"), self->entity->name);

      marrow_sqlite_set_error (error, marrow_sqlite_store_get_db (self->store), rc, what);
      return NULL;
    }
  /* Another workstation may have shortened the table since the count */
  if (pages->len == 0)
    g_ptr_array_add (pages, g_ptr_array_new_with_free_func (g_object_unref));

  /* The later pages first: the one asked for ends most recently used */
  for (guint i = pages->len; i > 0; i--)
    cache_page (self, index + i - 1, g_ptr_array_ref (pages->pdata[i - 1]));

  return g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
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
  g_clear_pointer (&self->match, g_free);
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
  self->read_ahead = 1;
  g_queue_init (&self->lru);
}

/* Prepares the two statements and takes the first count, unless the
 * caller counted already (@n_items ≥ 0) */
static gboolean
prepare (MarrowRecordListModel  *self,
         const char             *count_sql,
         const char             *page_sql,
         gint64                  n_items,
         GError                **error)
{
  sqlite3 *db = marrow_sqlite_store_get_db (self->store);

  if (!(self->count_stmt = marrow_sqlite_prepare (db, count_sql, TRUE, error)) ||
      !(self->page_stmt = marrow_sqlite_prepare (db, page_sql, TRUE, error)))
    return FALSE;

  if (n_items >= 0)
    {
      self->n_items = (guint)MIN (n_items, G_MAXUINT);
      return TRUE;
    }
  return count_rows (self, &self->n_items, error);
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
      !(page_sql = marrow_sqlite_build_select (entity, &self->query, FALSE, TRUE, error)) ||
      !prepare (self, count_sql, page_sql, -1, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * marrow_record_list_model_new_for_sql:
 * @store: the store whose connection the model reads
 * @entity: the record type; @page_sql selects its columns in the order of
 *   marrow_sqlite_append_columns()
 * @count_sql: counts the rows of the list
 * @page_sql: reads one page, with the parameters :limit and :offset, in an
 *   order that is total (pages never overlap)
 * @match: (nullable): bound to the parameter :match of both statements
 * @depends: (nullable) (array zero-terminated=1): the record types whose
 *   changes can change the list besides @entity (its order may come from
 *   them)
 * @n_items: what @count_sql counts now, if the caller has just counted it
 *   (the patient search does, to choose its plan); -1 to count it here
 * @error: return location for a #GError
 *
 * For lists whose SQL is not a #MarrowListQuery (the patient list and its
 * search).  The model keeps @store alive.
 *
 * Returns: (transfer full) (nullable): the model, counted but with no row
 *   loaded yet
 */
MarrowRecordListModel *
marrow_record_list_model_new_for_sql (MarrowSqliteStore            *store,
                                      const MarrowEntityDef        *entity,
                                      const char                   *count_sql,
                                      const char                   *page_sql,
                                      const char                   *match,
                                      const MarrowEntityDef *const *depends,
                                      gint64                        n_items,
                                      GError                      **error)
{
  g_autoptr(MarrowRecordListModel) self = NULL;

  g_return_val_if_fail (MARROW_IS_SQLITE_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (count_sql != NULL, NULL);
  g_return_val_if_fail (page_sql != NULL, NULL);

  self = g_object_new (MARROW_TYPE_RECORD_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->match = g_strdup (match);
  self->depends = depends;
  self->read_ahead = MARROW_RECORD_LIST_MODEL_READ_AHEAD;
  if (!prepare (self, count_sql, page_sql, n_items, error))
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
 * marrow_record_list_model_depends_on:
 * @touched: a set of #MarrowEntityDef pointers, the tables a save changed
 *
 * Returns: whether a change to one of @touched can change the list
 */
gboolean
marrow_record_list_model_depends_on (MarrowRecordListModel *self,
                                     GHashTable            *touched)
{
  g_return_val_if_fail (MARROW_IS_RECORD_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (touched != NULL, FALSE);

  if (g_hash_table_contains (touched, self->entity))
    return TRUE;
  for (guint i = 0; self->depends != NULL && self->depends[i] != NULL; i++)
    if (g_hash_table_contains (touched, self->depends[i]))
      return TRUE;
  return FALSE;
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
