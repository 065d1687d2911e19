/* marrow-instrument-score.h: answers to a questionnaire, and their scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-instrument.h"

G_BEGIN_DECLS

/**
 * MarrowAnswers:
 *
 * The raw answers to one instrument, each either a checked value or missing.
 * Answers are stored as marked; reversal and imputation happen only while
 * scoring (prom-scoring.md §0.3).
 */
typedef struct _MarrowAnswers MarrowAnswers;

/**
 * MarrowScoreValue:
 * @definition: the score's definition
 * @scorable: %FALSE when the missing-item rule says the score cannot be
 *   computed (shown as "not scorable", stored as NULL)
 * @value: the score in full double precision; 0 when not scorable
 * @n_answered: items answered among the score's items
 * @n_imputed: missing items the rule filled in (0 for a complete form)
 */
typedef struct
{
  const MarrowInstrumentScore *definition;
  gboolean                     scorable;
  double                       value;
  guint                        n_answered;
  guint                        n_imputed;
} MarrowScoreValue;

/**
 * MarrowScores:
 *
 * Every score of an instrument for one set of answers, in definition order.
 */
typedef struct _MarrowScores MarrowScores;

#define MARROW_TYPE_ANSWERS (marrow_answers_get_type ())
#define MARROW_TYPE_SCORES (marrow_scores_get_type ())

GType             marrow_answers_get_type          (void) G_GNUC_CONST;
MarrowAnswers    *marrow_answers_new               (MarrowInstrument  *instrument);
MarrowAnswers    *marrow_answers_ref               (MarrowAnswers     *self);
void              marrow_answers_unref             (MarrowAnswers     *self);
MarrowInstrument *marrow_answers_get_instrument    (MarrowAnswers     *self);
gboolean          marrow_answers_set               (MarrowAnswers     *self,
                                                    const char        *item_id,
                                                    double             value,
                                                    GError           **error);
gboolean          marrow_answers_set_missing       (MarrowAnswers     *self,
                                                    const char        *item_id,
                                                    GError           **error);
gboolean          marrow_answers_get               (MarrowAnswers     *self,
                                                    guint              index,
                                                    double            *value);
guint             marrow_answers_get_n_answered    (MarrowAnswers     *self);
MarrowAnswers    *marrow_answers_derive            (MarrowAnswers     *source,
                                                    MarrowInstrument  *target,
                                                    GError           **error);

const MarrowInstrumentItem *marrow_instrument_check_item (MarrowInstrument *instrument,
                                                          const char       *item_id,
                                                          GError          **error);
gboolean          marrow_instrument_check_answer   (MarrowInstrument  *instrument,
                                                    const char        *item_id,
                                                    double             value,
                                                    GError           **error);
char             *marrow_instrument_describe_allowed (const MarrowInstrumentItem *item);

GType             marrow_scores_get_type           (void) G_GNUC_CONST;
MarrowScores     *marrow_instrument_score          (MarrowAnswers     *answers,
                                                    const char        *scoring_version,
                                                    GError           **error);
MarrowScores     *marrow_scores_ref                (MarrowScores      *self);
void              marrow_scores_unref              (MarrowScores      *self);
const char       *marrow_scores_get_scoring_version (MarrowScores     *self);
guint             marrow_scores_get_n_values       (MarrowScores      *self);
const MarrowScoreValue *marrow_scores_get_value    (MarrowScores      *self,
                                                    guint              index);
const MarrowScoreValue *marrow_scores_find_value   (MarrowScores      *self,
                                                    const char        *key);

char             *marrow_score_value_format        (const MarrowScoreValue *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowAnswers, marrow_answers_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowScores, marrow_scores_unref)

G_END_DECLS
