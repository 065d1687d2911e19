/* marrow-change-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-change-set"

#include "config.h"

#include "marrow-change-set.h"

struct _MarrowChangeSet
{
  GArray *changes;
};

static void
change_clear (gpointer data)
{
  MarrowChange *change = data;

  g_clear_object (&change->record);
  g_clear_pointer (&change->reason, g_free);
}

/**
 * marrow_change_set_new:
 *
 * Returns: (transfer full): an empty change set
 */
MarrowChangeSet *
marrow_change_set_new (void)
{
  MarrowChangeSet *self = g_new0 (MarrowChangeSet, 1);

  self->changes = g_array_new (FALSE, TRUE, sizeof (MarrowChange));
  g_array_set_clear_func (self->changes, change_clear);
  return self;
}

void
marrow_change_set_free (MarrowChangeSet *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->changes);
  g_free (self);
}

static void
add (MarrowChangeSet  *self,
     MarrowChangeKind  kind,
     MarrowRecord     *record,
     const char       *reason)
{
  MarrowChange change = { kind, g_object_ref (record), g_strdup (reason) };

  g_array_append_val (self->changes, change);
}

void
marrow_change_set_add_insert (MarrowChangeSet *self,
                              MarrowRecord    *record)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (MARROW_IS_RECORD (record));
  add (self, MARROW_CHANGE_INSERT, record, NULL);
}

void
marrow_change_set_add_update (MarrowChangeSet *self,
                              MarrowRecord    *record)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (MARROW_IS_RECORD (record));
  add (self, MARROW_CHANGE_UPDATE, record, NULL);
}

void
marrow_change_set_add_void (MarrowChangeSet *self,
                            MarrowRecord    *record,
                            const char      *reason)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (MARROW_IS_RECORD (record));
  add (self, MARROW_CHANGE_VOID, record, reason);
}

/**
 * marrow_change_set_add_check:
 * @record: a record the change depends on, as it was read
 *
 * Makes the whole change set fail with %MARROW_STORE_ERROR_STALE when
 * @record was changed by someone else since it was read, without writing
 * it.  Decisions taken on records read before the transaction (an active
 * case, a released lot, the weight a dose used) are so re-checked inside it.
 */
void
marrow_change_set_add_check (MarrowChangeSet *self,
                             MarrowRecord    *record)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (MARROW_IS_RECORD (record));
  add (self, MARROW_CHANGE_CHECK, record, NULL);
}

guint
marrow_change_set_get_length (MarrowChangeSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->changes->len;
}

/**
 * marrow_change_set_get:
 *
 * Returns: (transfer none): the change at @index
 */
const MarrowChange *
marrow_change_set_get (MarrowChangeSet *self,
                       guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->changes->len, NULL);
  return &g_array_index (self->changes, MarrowChange, index);
}
