/* marrow-record-list-model-private.h: construction by the store, and test hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record-list-model.h"
#include "marrow-sqlite-store.h"

G_BEGIN_DECLS

/* Rows of one page, and the most pages kept in memory */
#define MARROW_RECORD_LIST_MODEL_PAGE_SIZE  64
#define MARROW_RECORD_LIST_MODEL_MAX_PAGES  16
/* Pages a list with its own SQL (the patient list) reads together when the
 * ones after the page asked for are not cached yet: a list view's first
 * 200 rows are one query */
#define MARROW_RECORD_LIST_MODEL_READ_AHEAD 4

MarrowRecordListModel *marrow_record_list_model_new_for_store (MarrowSqliteStore      *store,
                                                               const MarrowEntityDef  *entity,
                                                               const MarrowListQuery  *query,
                                                               GError                **error);
MarrowRecordListModel *marrow_record_list_model_new_for_sql   (MarrowSqliteStore            *store,
                                                               const MarrowEntityDef        *entity,
                                                               const char                   *count_sql,
                                                               const char                   *page_sql,
                                                               const char                   *match,
                                                               const MarrowEntityDef *const *depends,
                                                               gint64                        n_items,
                                                               GError                      **error);
gboolean               marrow_record_list_model_depends_on    (MarrowRecordListModel        *self,
                                                               GHashTable                   *touched);

/* For tests: how many rows were read from the database so far, and how many
 * pages are cached now. */
guint64                marrow_record_list_model_get_rows_fetched   (MarrowRecordListModel *self);
guint                  marrow_record_list_model_get_n_cached_pages (MarrowRecordListModel *self);

G_END_DECLS
