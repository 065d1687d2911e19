/* marrow-assessment-service.h: questionnaires in and scores out, over any MarrowStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An assessment keeps its instrument id and version, its scoring-rule
 * version and the raw answers, one assessment_item per item with NULL for a
 * missing answer (prom-scoring.md §0).  Scores are never stored as the only
 * truth: they are computed by the engine from the answers when read.
 */
#pragma once

#include "marrow-instrument-score.h"
#include "marrow-store.h"

G_BEGIN_DECLS

gboolean       marrow_assessment_add_changes  (MarrowChangeSet   *changes,
                                               MarrowRecord      *assessment,
                                               MarrowAnswers     *answers,
                                               GError           **error);
gboolean       marrow_store_record_assessment (MarrowStore       *store,
                                               MarrowRecord      *assessment,
                                               MarrowAnswers     *answers,
                                               GError           **error);
MarrowAnswers *marrow_store_load_answers      (MarrowStore       *store,
                                               MarrowRecord      *assessment,
                                               GError           **error);
MarrowScores  *marrow_store_score_assessment  (MarrowStore       *store,
                                               MarrowRecord      *assessment,
                                               GError           **error);

G_END_DECLS
