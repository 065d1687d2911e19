/* marrow-archive.h: the Marrow archive (urn:marrow:archive:1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lossless backup, move and merge of a whole database; docs/archive.md.
 */
#pragma once

#include "marrow-exchange.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_ARCHIVE_NAMESPACE      "urn:marrow:archive:1"
#define MARROW_ARCHIVE_FORMAT_VERSION "1.0"
/* An archive that carries audit logs (minor version 1 added them) */
#define MARROW_ARCHIVE_FORMAT_VERSION_AUDIT "1.1"

/**
 * MarrowArchiveImportOptions:
 * @dry_run: check and count everything, write nothing
 * @skip_conflicts: import the rest when some records conflict
 */
typedef struct
{
  gboolean dry_run;
  gboolean skip_conflicts;
} MarrowArchiveImportOptions;

/**
 * MarrowArchiveImportSummary:
 * @added: records new to the database
 * @skipped: records already there, identical
 * @conflicts: records whose UUID exists with other content (left untouched)
 * @conflict_lines: (element-type utf8): the first conflicts, one line each
 * @audit_added: audit entries of other databases kept
 * @audit_skipped: audit entries already there, identical
 *
 * Audit entries that conflict count in @conflicts.
 */
typedef struct
{
  guint64    added;
  guint64    skipped;
  guint64    conflicts;
  GPtrArray *conflict_lines;
  guint64    audit_added;
  guint64    audit_skipped;
} MarrowArchiveImportSummary;

gboolean marrow_archive_export               (MarrowStore                      *store,
                                              const MarrowExchangeScope        *scope,
                                              GOutputStream                    *out,
                                              MarrowExchangeProgress            progress,
                                              gpointer                          progress_data,
                                              GCancellable                     *cancellable,
                                              GError                          **error);
gboolean marrow_archive_import               (MarrowStore                      *store,
                                              GFile                            *file,
                                              const MarrowArchiveImportOptions *options,
                                              MarrowArchiveImportSummary       *summary,
                                              MarrowExchangeProgress            progress,
                                              gpointer                          progress_data,
                                              GCancellable                     *cancellable,
                                              GError                          **error);
void     marrow_archive_import_summary_clear (MarrowArchiveImportSummary       *summary);

G_END_DECLS
