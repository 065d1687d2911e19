/* marrow-instrument.c: one questionnaire definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object and its read-only accessors.  Reading the XML is in
 * marrow-instrument-loader.c, scoring in marrow-instrument-score.c.
 */
#define G_LOG_DOMAIN "marrow-instrument"

#include "config.h"

#include <string.h>

#include "marrow-error.h"
#include "marrow-instrument-private.h"

G_DEFINE_FINAL_TYPE (MarrowInstrument, marrow_instrument, G_TYPE_OBJECT)

/* An answer error carries the item it is about */
MARROW_DEFINE_SUBJECT_ERROR (MarrowInstrumentError, marrow_instrument_error)

void
_marrow_instrument_error_set (GError                **error,
                              MarrowInstrumentError   code,
                              const char             *item,
                              const char             *format,
                              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  marrow_instrument_error_set_subject (error, code, item, message);
}

/**
 * marrow_instrument_error_get_item:
 * @error: a #GError
 *
 * Returns: (nullable): the item an answer error is about
 */
const char *
marrow_instrument_error_get_item (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return marrow_instrument_error_get_subject (error);
}

/* Constructors and destructors of the parts */

MarrowInstrumentOption *
_marrow_instrument_option_new (double      value,
                               const char *label)
{
  MarrowInstrumentOption *option = g_new0 (MarrowInstrumentOption, 1);

  option->value = value;
  option->label = g_strdup (label);
  return option;
}

void
_marrow_instrument_option_free (gpointer data)
{
  MarrowInstrumentOption *option = data;

  g_free (option->label);
  g_free (option);
}

static void
item_free (gpointer data)
{
  MarrowInstrumentItem *item = data;

  g_free (item->id);
  g_free (item->label);
  g_free (item->text);
  g_ptr_array_unref (item->options);
  g_ptr_array_unref (item->anchors);
  g_free (item);
}

MarrowInstrumentItem *
_marrow_instrument_item_new (void)
{
  MarrowInstrumentItem *item = g_new0 (MarrowInstrumentItem, 1);

  item->options = g_ptr_array_new_with_free_func (_marrow_instrument_option_free);
  item->anchors = g_ptr_array_new_with_free_func (_marrow_instrument_option_free);
  return item;
}

static void
missing_rule_free (gpointer data)
{
  MarrowMissingRule *rule = data;

  g_free (rule->scoring_version);
  g_free (rule);
}

MarrowMissingRule *
_marrow_missing_rule_new (void)
{
  return g_new0 (MarrowMissingRule, 1);
}

static void
score_free (gpointer data)
{
  MarrowInstrumentScore *score = data;

  g_free (score->key);
  g_free (score->label);
  g_array_unref (score->items);
  g_array_unref (score->scores);
  g_array_unref (score->weights);
  g_array_unref (score->table);
  g_ptr_array_unref (score->missing);
  g_free (score);
}

MarrowInstrumentScore *
_marrow_instrument_score_new (void)
{
  MarrowInstrumentScore *score = g_new0 (MarrowInstrumentScore, 1);

  score->items = g_array_new (FALSE, FALSE, sizeof (guint));
  score->scores = g_array_new (FALSE, FALSE, sizeof (guint));
  score->weights = g_array_new (FALSE, FALSE, sizeof (double));
  score->table = g_array_new (FALSE, FALSE, sizeof (double));
  score->missing = g_ptr_array_new_with_free_func (missing_rule_free);
  return score;
}

static void
scoring_version_free (gpointer data)
{
  MarrowScoringVersion *version = data;

  g_free (version->id);
  g_free (version->label);
  g_free (version);
}

MarrowScoringVersion *
_marrow_scoring_version_new (void)
{
  return g_new0 (MarrowScoringVersion, 1);
}

static void
threshold_free (gpointer data)
{
  MarrowThreshold *threshold = data;

  g_free (threshold->joint);
  g_free (threshold->population);
  g_free (threshold->citation);
  g_free (threshold);
}

MarrowThreshold *
_marrow_threshold_new (void)
{
  return g_new0 (MarrowThreshold, 1);
}

static void
derivation_free (gpointer data)
{
  MarrowDerivation *derivation = data;

  g_free (derivation->from);
  g_ptr_array_unref (derivation->source_items);
  g_free (derivation);
}

MarrowDerivation *
_marrow_derivation_new (void)
{
  MarrowDerivation *derivation = g_new0 (MarrowDerivation, 1);

  derivation->source_items = g_ptr_array_new_with_free_func (g_free);
  return derivation;
}

void
_marrow_instrument_index_items (MarrowInstrument *self)
{
  g_hash_table_remove_all (self->item_index);
  for (guint i = 0; i < self->items->len; i++)
    {
      MarrowInstrumentItem *item = self->items->pdata[i];

      g_hash_table_insert (self->item_index, item->id, GUINT_TO_POINTER (i + 1));
    }
}

/* The object */

static void
marrow_instrument_finalize (GObject *object)
{
  MarrowInstrument *self = MARROW_INSTRUMENT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->version);
  g_free (self->joint);
  g_free (self->source);
  g_free (self->licence);
  g_hash_table_unref (self->item_index);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->scores);
  g_ptr_array_unref (self->scoring_versions);
  g_ptr_array_unref (self->thresholds);
  g_ptr_array_unref (self->derivations);

  G_OBJECT_CLASS (marrow_instrument_parent_class)->finalize (object);
}

static void
marrow_instrument_class_init (MarrowInstrumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = marrow_instrument_finalize;
}

static void
marrow_instrument_init (MarrowInstrument *self)
{
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->item_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->scores = g_ptr_array_new_with_free_func (score_free);
  self->scoring_versions = g_ptr_array_new_with_free_func (scoring_version_free);
  self->thresholds = g_ptr_array_new_with_free_func (threshold_free);
  self->derivations = g_ptr_array_new_with_free_func (derivation_free);
}

/* Accessors */

#define GETTER(type, field)                                        \
  type                                                             \
  marrow_instrument_get_##field (MarrowInstrument *self)           \
  {                                                                \
    g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), 0);         \
    return self->field;                                            \
  }

GETTER (const char *, id)
GETTER (const char *, name)
GETTER (const char *, description)
GETTER (const char *, version)
GETTER (const char *, joint)
GETTER (const char *, source)
GETTER (const char *, licence)

#undef GETTER

gboolean
marrow_instrument_is_free_to_use (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), FALSE);

  return self->free_to_use;
}

guint
marrow_instrument_get_n_items (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), 0);

  return self->items->len;
}

const MarrowInstrumentItem *
marrow_instrument_get_item (MarrowInstrument *self,
                            guint             index)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return self->items->pdata[index];
}

/**
 * marrow_instrument_find_item:
 * @self: a #MarrowInstrument
 * @id: an item id
 * @index: (out) (optional): where the item's index goes
 *
 * Returns: (nullable): the item, or %NULL if the instrument has none called @id
 */
const MarrowInstrumentItem *
marrow_instrument_find_item (MarrowInstrument *self,
                             const char       *id,
                             guint            *index)
{
  guint position;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  position = GPOINTER_TO_UINT (g_hash_table_lookup (self->item_index, id));
  if (position == 0)
    return NULL;
  if (index != NULL)
    *index = position - 1;
  return self->items->pdata[position - 1];
}

guint
marrow_instrument_get_n_scores (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), 0);

  return self->scores->len;
}

const MarrowInstrumentScore *
marrow_instrument_get_score (MarrowInstrument *self,
                             guint             index)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (index < self->scores->len, NULL);

  return self->scores->pdata[index];
}

/**
 * marrow_instrument_find_score:
 * @self: a #MarrowInstrument
 * @key: a score key
 * @index: (out) (optional): where the score's index goes
 *
 * Returns: (nullable): the score definition, or %NULL
 */
const MarrowInstrumentScore *
marrow_instrument_find_score (MarrowInstrument *self,
                              const char       *key,
                              guint            *index)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < self->scores->len; i++)
    {
      MarrowInstrumentScore *score = self->scores->pdata[i];

      if (strcmp (score->key, key) == 0)
        {
          if (index != NULL)
            *index = i;
          return score;
        }
    }
  return NULL;
}

guint
marrow_instrument_get_n_scoring_versions (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), 0);

  return self->scoring_versions->len;
}

const MarrowScoringVersion *
marrow_instrument_get_scoring_version (MarrowInstrument *self,
                                       guint             index)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (index < self->scoring_versions->len, NULL);

  return self->scoring_versions->pdata[index];
}

/**
 * marrow_instrument_find_scoring_version:
 * @self: a #MarrowInstrument
 * @id: (nullable): a scoring version id, or %NULL for the default
 *
 * Returns: (nullable): the scoring version, or %NULL if there is none
 *   called @id
 */
const MarrowScoringVersion *
marrow_instrument_find_scoring_version (MarrowInstrument *self,
                                        const char       *id)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);

  if (id == NULL)
    return marrow_instrument_get_default_scoring (self);

  for (guint i = 0; i < self->scoring_versions->len; i++)
    {
      MarrowScoringVersion *version = self->scoring_versions->pdata[i];

      if (strcmp (version->id, id) == 0)
        return version;
    }
  return NULL;
}

const MarrowScoringVersion *
marrow_instrument_get_default_scoring (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);

  for (guint i = 0; i < self->scoring_versions->len; i++)
    {
      MarrowScoringVersion *version = self->scoring_versions->pdata[i];

      if (version->is_default)
        return version;
    }
  g_return_val_if_reached (NULL);   /* the loader guarantees one */
}

guint
marrow_instrument_get_n_thresholds (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), 0);

  return self->thresholds->len;
}

const MarrowThreshold *
marrow_instrument_get_threshold (MarrowInstrument *self,
                                 guint             index)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (index < self->thresholds->len, NULL);

  return self->thresholds->pdata[index];
}

/**
 * marrow_instrument_find_threshold:
 * @self: a #MarrowInstrument
 * @score_key: a score key
 * @kind: MCID, PASS …
 * @joint: (nullable): "knee", "hip" …, or %NULL for any
 *
 * The default threshold is the first of its kind for that score whose joint
 * is @joint; failing that, the first for "any" joint.
 *
 * Returns: (nullable): the threshold, or %NULL when the file defines none
 */
const MarrowThreshold *
marrow_instrument_find_threshold (MarrowInstrument    *self,
                                  const char          *score_key,
                                  MarrowThresholdKind  kind,
                                  const char          *joint)
{
  const MarrowThreshold *fallback = NULL;
  guint score;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (score_key != NULL, NULL);

  if (marrow_instrument_find_score (self, score_key, &score) == NULL)
    return NULL;

  for (guint i = 0; i < self->thresholds->len; i++)
    {
      const MarrowThreshold *threshold = self->thresholds->pdata[i];

      if (threshold->score != score || threshold->kind != kind)
        continue;
      if (joint == NULL || g_strcmp0 (threshold->joint, joint) == 0)
        return threshold;
      if (fallback == NULL && g_strcmp0 (threshold->joint, "any") == 0)
        fallback = threshold;
    }
  return fallback;
}

guint
marrow_instrument_get_n_derivations (MarrowInstrument *self)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), 0);

  return self->derivations->len;
}

const MarrowDerivation *
marrow_instrument_get_derivation (MarrowInstrument *self,
                                  guint             index)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (index < self->derivations->len, NULL);

  return self->derivations->pdata[index];
}

/**
 * marrow_instrument_find_derivation:
 * @self: a #MarrowInstrument
 * @from: the id of a long-form instrument
 *
 * Returns: (nullable): how to take this instrument's answers from @from
 */
const MarrowDerivation *
marrow_instrument_find_derivation (MarrowInstrument *self,
                                   const char       *from)
{
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);

  for (guint i = 0; i < self->derivations->len; i++)
    {
      MarrowDerivation *derivation = self->derivations->pdata[i];

      if (strcmp (derivation->from, from) == 0)
        return derivation;
    }
  return NULL;
}

const char *
marrow_score_method_to_string (MarrowScoreMethod method)
{
  static const char * const names[] = {
    "value", "sum", "mean-percent", "sum-percent", "lookup", "weighted", "score-sum",
    "score-percent",
  };

  g_return_val_if_fail ((guint)method < G_N_ELEMENTS (names), NULL);
  return names[method];
}

const char *
marrow_threshold_kind_to_string (MarrowThresholdKind kind)
{
  static const char * const names[] = { "mcid", "pass", "treatment-failure", "mdc" };

  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}
