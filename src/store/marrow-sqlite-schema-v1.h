/* marrow-sqlite-schema-v1.h: the tables of the record types, schema version 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CREATE TABLE and CREATE INDEX statements for every entity of
 * marrow_entity_all(), parents first; part of migration 1 */
extern const char marrow_sqlite_schema_v1_entities[];

G_END_DECLS
