/* marrow-instrument.h: one questionnaire definition, read from XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file format is described in docs/instruments.md.  A MarrowInstrument is
 * immutable once loaded; the structures it hands out are owned by it and
 * read-only.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MARROW_INSTRUMENT_ERROR (marrow_instrument_error_quark ())

/**
 * MarrowInstrumentError:
 * @MARROW_INSTRUMENT_ERROR_DEFINITION: a definition file is broken (the
 *   message starts with "FILE:LINE: ")
 * @MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT: no instrument has that id or
 *   version
 * @MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM: an answer names an item the
 *   instrument does not have
 * @MARROW_INSTRUMENT_ERROR_VALUE: a value the item does not allow
 * @MARROW_INSTRUMENT_ERROR_NOT_WHOLE: a fraction where only whole numbers
 *   are allowed
 * @MARROW_INSTRUMENT_ERROR_UNKNOWN_SCORING: no scoring version has that id
 * @MARROW_INSTRUMENT_ERROR_NO_DERIVATION: the instrument cannot be derived
 *   from the answers given
 *
 * Answer errors (UNKNOWN_ITEM, VALUE, NOT_WHOLE) name the item; see
 * marrow_instrument_error_get_item().
 */
typedef enum
{
  MARROW_INSTRUMENT_ERROR_DEFINITION,
  MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT,
  MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM,
  MARROW_INSTRUMENT_ERROR_VALUE,
  MARROW_INSTRUMENT_ERROR_NOT_WHOLE,
  MARROW_INSTRUMENT_ERROR_UNKNOWN_SCORING,
  MARROW_INSTRUMENT_ERROR_NO_DERIVATION,
} MarrowInstrumentError;

typedef enum
{
  MARROW_SCORE_METHOD_VALUE,
  MARROW_SCORE_METHOD_SUM,
  MARROW_SCORE_METHOD_MEAN_PERCENT,
  MARROW_SCORE_METHOD_SUM_PERCENT,
  MARROW_SCORE_METHOD_LOOKUP,
  MARROW_SCORE_METHOD_WEIGHTED,
  MARROW_SCORE_METHOD_SCORE_SUM,
  MARROW_SCORE_METHOD_SCORE_PERCENT,
} MarrowScoreMethod;

typedef enum
{
  MARROW_SCORE_DISPLAY_ONE_DECIMAL,
  MARROW_SCORE_DISPLAY_WHOLE,
  MARROW_SCORE_DISPLAY_WHOLE_IF_COMPLETE,
} MarrowScoreDisplay;

typedef enum
{
  MARROW_THRESHOLD_MCID,
  MARROW_THRESHOLD_PASS,
  MARROW_THRESHOLD_TREATMENT_FAILURE,
  MARROW_THRESHOLD_MDC,
} MarrowThresholdKind;

/**
 * MarrowInstrumentOption:
 * @value: the item score this answer stands for
 * @label: the answer as printed
 *
 * For a choice item, one answer; for a range item, an anchor (a labelled
 * point of the scale).
 */
typedef struct
{
  double  value;
  char   *label;
} MarrowInstrumentOption;

/**
 * MarrowInstrumentItem:
 * @id: the item id (instruments-contract.md)
 * @label: short label
 * @text: (nullable): the full question, only where licensed
 * @min: lowest allowed answer
 * @max: highest allowed answer
 * @whole: only whole numbers are allowed
 * @reverse: the item score is @min + @max − answer
 * @options: (element-type MarrowInstrumentOption): the allowed answers of a
 *   choice item; empty for a range item
 * @anchors: (element-type MarrowInstrumentOption): labelled points of a
 *   range item
 * @line: the line of the definition, for messages
 */
typedef struct
{
  char      *id;
  char      *label;
  char      *text;
  double     min;
  double     max;
  gboolean   whole;
  gboolean   reverse;
  GPtrArray *options;
  GPtrArray *anchors;
  int        line;
} MarrowInstrumentItem;

/**
 * MarrowMissingRule:
 * @scoring_version: (nullable): the rule version this rule is for, or %NULL
 *   for the default rule
 * @max_missing: most missing items allowed
 * @impute_mean: a sum counts each missing item as the mean of the others
 */
typedef struct
{
  char     *scoring_version;
  guint     max_missing;
  gboolean  impute_mean;
} MarrowMissingRule;

/**
 * MarrowInstrumentScore:
 * @key: the score key (instruments-contract.md)
 * @label: for people
 * @method: how it is computed
 * @items: (element-type guint): indexes into the instrument's items
 * @scores: (element-type guint): indexes of earlier scores
 * @weights: one weight per entry of @items (weighted method)
 * @offset: the constant of the weighted method
 * @table: the lookup table, indexed by sum − @table_first
 * @table_first: the smallest sum in @table
 * @min: lowest possible score
 * @max: highest possible score
 * @higher_is_better: the direction of improvement
 * @invert: mean-percent gives 100 − percent
 * @display: how many decimals people see
 * @missing: (element-type MarrowMissingRule): the missing-item rules; the one
 *   without a scoring version is the default
 */
typedef struct
{
  char               *key;
  char               *label;
  MarrowScoreMethod   method;
  GArray             *items;
  GArray             *scores;
  GArray             *weights;
  double              offset;
  GArray             *table;
  gint64              table_first;
  double              min;
  double              max;
  gboolean            higher_is_better;
  gboolean            invert;
  MarrowScoreDisplay  display;
  GPtrArray          *missing;
} MarrowInstrumentScore;

/**
 * MarrowScoringVersion:
 * @id: what an assessment stores (e.g. "2012")
 * @label: what it means
 * @is_default: the rule for new assessments
 */
typedef struct
{
  char     *id;
  char     *label;
  gboolean  is_default;
} MarrowScoringVersion;

/**
 * MarrowThreshold:
 * @score: index of the score
 * @kind: MCID, PASS …
 * @value: on the score's own scale
 * @joint: "knee", "hip", "shoulder" or "any"
 * @population: (nullable): where the value was measured
 * @citation: its source
 */
typedef struct
{
  guint                score;
  MarrowThresholdKind  kind;
  double               value;
  char                *joint;
  char                *population;
  char                *citation;
} MarrowThreshold;

/**
 * MarrowDerivation:
 * @from: the id of the long-form instrument
 * @source_items: (element-type utf8): for each item of this instrument, the
 *   id of the long-form item it is taken from
 */
typedef struct
{
  char      *from;
  GPtrArray *source_items;
} MarrowDerivation;

#define MARROW_TYPE_INSTRUMENT (marrow_instrument_get_type ())

G_DECLARE_FINAL_TYPE (MarrowInstrument, marrow_instrument, MARROW, INSTRUMENT, GObject)

GQuark                       marrow_instrument_error_quark      (void);
const char                  *marrow_instrument_error_get_item   (const GError *error);

MarrowInstrument            *marrow_instrument_new_from_bytes   (GBytes           *xml,
                                                                 const char       *source,
                                                                 GError          **error);

const char                  *marrow_instrument_get_id           (MarrowInstrument *self);
const char                  *marrow_instrument_get_name         (MarrowInstrument *self);
const char                  *marrow_instrument_get_description  (MarrowInstrument *self);
const char                  *marrow_instrument_get_version      (MarrowInstrument *self);
const char                  *marrow_instrument_get_joint        (MarrowInstrument *self);
const char                  *marrow_instrument_get_source       (MarrowInstrument *self);
gboolean                     marrow_instrument_is_free_to_use   (MarrowInstrument *self);
const char                  *marrow_instrument_get_licence      (MarrowInstrument *self);

guint                        marrow_instrument_get_n_items      (MarrowInstrument *self);
const MarrowInstrumentItem  *marrow_instrument_get_item         (MarrowInstrument *self,
                                                                 guint             index);
const MarrowInstrumentItem  *marrow_instrument_find_item        (MarrowInstrument *self,
                                                                 const char       *id,
                                                                 guint            *index);

guint                        marrow_instrument_get_n_scores     (MarrowInstrument *self);
const MarrowInstrumentScore *marrow_instrument_get_score        (MarrowInstrument *self,
                                                                 guint             index);
const MarrowInstrumentScore *marrow_instrument_find_score       (MarrowInstrument *self,
                                                                 const char       *key,
                                                                 guint            *index);

guint                        marrow_instrument_get_n_scoring_versions (MarrowInstrument *self);
const MarrowScoringVersion  *marrow_instrument_get_scoring_version    (MarrowInstrument *self,
                                                                       guint             index);
const MarrowScoringVersion  *marrow_instrument_find_scoring_version   (MarrowInstrument *self,
                                                                       const char       *id);
const MarrowScoringVersion  *marrow_instrument_get_default_scoring    (MarrowInstrument *self);

guint                        marrow_instrument_get_n_thresholds (MarrowInstrument *self);
const MarrowThreshold       *marrow_instrument_get_threshold    (MarrowInstrument *self,
                                                                 guint             index);
const MarrowThreshold       *marrow_instrument_find_threshold   (MarrowInstrument *self,
                                                                 const char       *score_key,
                                                                 MarrowThresholdKind kind,
                                                                 const char       *joint);

guint                        marrow_instrument_get_n_derivations (MarrowInstrument *self);
const MarrowDerivation      *marrow_instrument_get_derivation    (MarrowInstrument *self,
                                                                  guint             index);
const MarrowDerivation      *marrow_instrument_find_derivation   (MarrowInstrument *self,
                                                                  const char       *from);

const char                  *marrow_score_method_to_string      (MarrowScoreMethod   method);
const char                  *marrow_threshold_kind_to_string    (MarrowThresholdKind kind);

G_END_DECLS
