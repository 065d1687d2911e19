/* marrow-sqlite-schema-decision.h: the table of guidance decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CREATE TABLE guidance_decision and its indexes; part of the migration
 * that added the table (marrow-sqlite-migrations.c) */
extern const char marrow_sqlite_schema_guidance_decision[];

G_END_DECLS
