/* marrow-sqlite-assessment.h: answers are checked against their instrument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "marrow-change-set.h"
#include "marrow-instrument-registry.h"

G_BEGIN_DECLS

gboolean marrow_sqlite_assessment_needs_instruments (MarrowChangeSet           *changes);
gboolean marrow_sqlite_assessment_check_change      (sqlite3                   *db,
                                                     MarrowChangeSet           *changes,
                                                     guint                      index,
                                                     MarrowInstrumentRegistry  *registry,
                                                     GHashTable                *cache,
                                                     GError                   **error);

G_END_DECLS
