/* marrow-archive-scope.h: the records an archive of one patient or one case holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-store.h"

G_BEGIN_DECLS

GHashTable *marrow_archive_gather_scope (MarrowStore   *store,
                                         MarrowRecord  *patient,
                                         MarrowRecord  *jcase,
                                         GError       **error);

G_END_DECLS
