/* marrow-stable-list.c: a list view's model whose rows survive a new list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every keystroke in the patient search gives a new list of up to 100 000
 * patients.  Handed to a GtkListView as it is, each new list costs the view
 * all of its rows: GTK 4.8 keeps up to 200 row widgets around the visible
 * ones, throws them away when every item changes and builds 200 new ones
 * (about 30 ms), and before that it looks for the old rows' items among all
 * the new items, which calls get_item() on every position of the new list.
 *
 * MarrowStableList stands between the two.  Its items are slots, one
 * object per position, which stay the same objects when the list behind
 * them is replaced (marrow_stable_list_set_model(), or an items-changed of
 * that list, such as the store's reload after a save): the slots alive
 * take the new list's items at their positions and notify "item", and the
 * view is told only that the list got longer or shorter at its end.  Rows
 * relabel themselves from the slot's "item"; none is rebuilt.  Slots are
 * made on demand, so only the rows the view holds ever have one.
 *
 * Two things keep a keystroke cheap (issue 5: the list follows within
 * 16 ms of a key on 100 000 patients):
 *
 * - the slots take their new items in the order of their positions, so a
 *   lazy list (MarrowRecordListModel) reads the ~200 rows the view holds
 *   with one query from the first of them; in the hash table's order it
 *   started in the middle and read the pages before it with a second and
 *   third query, each of which runs the whole search again;
 * - with marrow_stable_list_set_same_func(), a slot whose new item shows
 *   the same as its old one (the same patient, unchanged) keeps the old
 *   one and does not notify, so its row is not relabelled.
 */
#define G_LOG_DOMAIN "marrow-stable-list"

#include "config.h"

#include "marrow-stable-list.h"

struct _MarrowListSlot
{
  GObject   parent_instance;

  GObject  *item;
};

G_DEFINE_FINAL_TYPE (MarrowListSlot, marrow_list_slot, G_TYPE_OBJECT)

enum {
  SLOT_PROP_0,
  SLOT_PROP_ITEM,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

static void
marrow_list_slot_set_item (MarrowListSlot *self,
                           GObject        *item)
{
  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), slot_properties[SLOT_PROP_ITEM]);
}

static void
marrow_list_slot_dispose (GObject *object)
{
  MarrowListSlot *self = MARROW_LIST_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (marrow_list_slot_parent_class)->dispose (object);
}

static void
marrow_list_slot_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MarrowListSlot *self = MARROW_LIST_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_ITEM:
      g_value_set_object (value, marrow_list_slot_get_item (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
marrow_list_slot_class_init (MarrowListSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = marrow_list_slot_dispose;
  object_class->get_property = marrow_list_slot_get_property;

  /**
   * MarrowListSlot:item: (nullable)
   *
   * The item of the list at the slot's position.
   */
  slot_properties[SLOT_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
marrow_list_slot_init (MarrowListSlot *self)
{
}

/**
 * marrow_list_slot_get_item:
 *
 * Returns: (transfer none) (nullable) (type GObject): the item at the
 *   slot's position now
 */
gpointer
marrow_list_slot_get_item (MarrowListSlot *self)
{
  g_return_val_if_fail (MARROW_IS_LIST_SLOT (self), NULL);

  return self->item;
}

/* ------------------------------------------------------------------------ */

struct _MarrowStableList
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
  GHashTable *slots;     /* position -> MarrowListSlot, not owned */
  GEqualFunc  same;      /* nullable */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MarrowStableList, marrow_stable_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

#define SLOT_POSITION "marrow-slot-position"

static void
slot_finalized_cb (gpointer  data,
                   GObject  *where_the_slot_was)
{
  MarrowStableList *self = data;
  gpointer position = g_object_get_data (where_the_slot_was, SLOT_POSITION);

  /* Another slot may hold the position since (after the list shrank) */
  if (g_hash_table_lookup (self->slots, position) == (gpointer)where_the_slot_was)
    g_hash_table_remove (self->slots, position);
}

static void
forget_slot (gpointer key,
             gpointer value,
             gpointer user_data)
{
  g_object_weak_unref (value, slot_finalized_cb, user_data);
}

static GType
marrow_stable_list_get_item_type (GListModel *list)
{
  return MARROW_TYPE_LIST_SLOT;
}

static guint
marrow_stable_list_get_n_items (GListModel *list)
{
  return MARROW_STABLE_LIST (list)->n_items;
}

static gpointer
marrow_stable_list_get_item (GListModel *list,
                             guint       position)
{
  MarrowStableList *self = MARROW_STABLE_LIST (list);
  g_autoptr(GObject) item = NULL;
  MarrowListSlot *slot;

  if (position >= self->n_items)
    return NULL;

  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);

  item = g_list_model_get_item (self->model, position);
  slot = g_object_new (MARROW_TYPE_LIST_SLOT, NULL);
  slot->item = g_steal_pointer (&item);
  g_object_set_data (G_OBJECT (slot), SLOT_POSITION, GUINT_TO_POINTER (position));
  g_object_weak_ref (G_OBJECT (slot), slot_finalized_cb, self);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = marrow_stable_list_get_item_type;
  iface->get_n_items = marrow_stable_list_get_n_items;
  iface->get_item = marrow_stable_list_get_item;
}

/* The list behind changed, in any way: every slot takes what is at its
 * position now, and the view hears only of the new length */
static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *)a;
  guint y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

static void
marrow_stable_list_refill (MarrowStableList *self)
{
  g_autoptr(GPtrArray) beyond = g_ptr_array_new ();
  g_autoptr(GArray) positions = NULL;
  guint old_n_items = self->n_items;
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  self->n_items = n_items;

  /* Slots past the new end are removed from the view below; forget them
   * now, so that a new slot can take their position */
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_UINT (key) >= n_items)
        {
          g_object_weak_unref (value, slot_finalized_cb, self);
          g_ptr_array_add (beyond, value);
          g_hash_table_iter_remove (&iter);
        }
    }
  for (guint i = 0; i < beyond->len; i++)
    marrow_list_slot_set_item (beyond->pdata[i], NULL);

  /* In the order of the positions: see the top of the file */
  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), g_hash_table_size (self->slots));
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (positions, (guint) { GPOINTER_TO_UINT (key) });
  g_array_sort (positions, compare_positions);

  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      MarrowListSlot *slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
      g_autoptr(GObject) item = g_list_model_get_item (self->model, position);

      if (item != NULL && slot->item != NULL && self->same != NULL && self->same (slot->item, item))
        continue;
      marrow_list_slot_set_item (slot, item);
    }

  if (n_items < old_n_items)
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old_n_items - n_items, 0);
  else if (n_items > old_n_items)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n_items, 0, n_items - old_n_items);
}

static void
model_items_changed_cb (MarrowStableList *self,
                        guint             position,
                        guint             removed,
                        guint             added,
                        GListModel       *model)
{
  marrow_stable_list_refill (self);
}

static void
marrow_stable_list_dispose (GObject *object)
{
  MarrowStableList *self = MARROW_STABLE_LIST (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  if (self->slots != NULL)
    g_hash_table_foreach (self->slots, forget_slot, self);
  g_clear_pointer (&self->slots, g_hash_table_unref);

  G_OBJECT_CLASS (marrow_stable_list_parent_class)->dispose (object);
}

static void
marrow_stable_list_class_init (MarrowStableListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = marrow_stable_list_dispose;
}

static void
marrow_stable_list_init (MarrowStableList *self)
{
  self->slots = g_hash_table_new (NULL, NULL);
}

/**
 * marrow_stable_list_new:
 *
 * Returns: (transfer full): an empty list
 */
MarrowStableList *
marrow_stable_list_new (void)
{
  return g_object_new (MARROW_TYPE_STABLE_LIST, NULL);
}

/**
 * marrow_stable_list_get_model:
 *
 * Returns: (transfer none) (nullable): the list shown
 */
GListModel *
marrow_stable_list_get_model (MarrowStableList *self)
{
  g_return_val_if_fail (MARROW_IS_STABLE_LIST (self), NULL);

  return self->model;
}

/**
 * marrow_stable_list_set_model:
 * @model: (nullable): the list to show
 *
 * Shows @model in place of the list shown so far.  The slots keep their
 * positions and take @model's items.
 */
void
marrow_stable_list_set_model (MarrowStableList *self,
                              GListModel       *model)
{
  g_return_if_fail (MARROW_IS_STABLE_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (model_items_changed_cb), self,
                             G_CONNECT_SWAPPED);
  marrow_stable_list_refill (self);
}

/**
 * marrow_stable_list_set_same_func:
 * @same: (nullable): whether two items show the same, so that a slot can
 *   keep its item (and its row its labels) when a new list has an equal
 *   item at its position; %NULL to give every slot the new item
 *
 * Patient records, for instance, show the same when they have the same id
 * and row version.
 */
void
marrow_stable_list_set_same_func (MarrowStableList *self,
                                  GEqualFunc        same)
{
  g_return_if_fail (MARROW_IS_STABLE_LIST (self));

  self->same = same;
}
