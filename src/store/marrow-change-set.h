/* marrow-change-set.h: several record changes saved in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "marrow-record.h"

G_BEGIN_DECLS

typedef enum
{
  MARROW_CHANGE_INSERT,
  MARROW_CHANGE_UPDATE,   /* carries the row_version that was read: a stale one fails */
  MARROW_CHANGE_VOID,     /* "entered in error" with a reason; never a DELETE */
  MARROW_CHANGE_CHECK,    /* writes nothing: fails STALE if the record changed since it was read */
} MarrowChangeKind;

typedef struct
{
  MarrowChangeKind  kind;
  MarrowRecord     *record;
  char             *reason;
} MarrowChange;

typedef struct _MarrowChangeSet MarrowChangeSet;

MarrowChangeSet    *marrow_change_set_new         (void);
void                marrow_change_set_free        (MarrowChangeSet *self);
void                marrow_change_set_add_insert  (MarrowChangeSet *self,
                                                   MarrowRecord    *record);
void                marrow_change_set_add_update  (MarrowChangeSet *self,
                                                   MarrowRecord    *record);
void                marrow_change_set_add_void    (MarrowChangeSet *self,
                                                   MarrowRecord    *record,
                                                   const char      *reason);
void                marrow_change_set_add_check   (MarrowChangeSet *self,
                                                   MarrowRecord    *record);
guint               marrow_change_set_get_length  (MarrowChangeSet *self);
const MarrowChange *marrow_change_set_get         (MarrowChangeSet *self,
                                                   guint            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowChangeSet, marrow_change_set_free)

G_END_DECLS
