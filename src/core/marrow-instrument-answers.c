/* marrow-instrument-answers.c: checked raw answers to one instrument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every path that takes answers in (the form, the command line, the store,
 * imports) checks them here, so the messages are the same everywhere and
 * always name the item.
 */
#define G_LOG_DOMAIN "marrow-instrument"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "marrow-instrument-private.h"
#include "marrow-instrument-score.h"

struct _MarrowAnswers
{
  gatomicrefcount   ref_count;
  MarrowInstrument *instrument;
  double           *values;
  gboolean         *present;
};

G_DEFINE_BOXED_TYPE (MarrowAnswers, marrow_answers, marrow_answers_ref, marrow_answers_unref)

/**
 * marrow_answers_new:
 * @instrument: the instrument answered
 *
 * Returns: (transfer full): answers with every item missing
 */
MarrowAnswers *
marrow_answers_new (MarrowInstrument *instrument)
{
  MarrowAnswers *self;
  guint n;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT (instrument), NULL);

  n = marrow_instrument_get_n_items (instrument);
  self = g_new0 (MarrowAnswers, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->instrument = g_object_ref (instrument);
  self->values = g_new0 (double, MAX (n, 1));
  self->present = g_new0 (gboolean, MAX (n, 1));
  return self;
}

MarrowAnswers *
marrow_answers_ref (MarrowAnswers *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
marrow_answers_unref (MarrowAnswers *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_object_unref (self->instrument);
  g_free (self->values);
  g_free (self->present);
  g_free (self);
}

/**
 * marrow_answers_get_instrument:
 * @self: answers
 *
 * Returns: (transfer none): the instrument answered
 */
MarrowInstrument *
marrow_answers_get_instrument (MarrowAnswers *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->instrument;
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

/**
 * marrow_instrument_describe_allowed:
 * @item: an item
 *
 * Returns: (transfer full): the allowed answers for a message, e.g.
 *   "0, 1, 2, 3, 4" or "whole numbers from 0 to 10"
 */
char *
marrow_instrument_describe_allowed (const MarrowInstrumentItem *item)
{
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  if (item->options->len > 0)
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < item->options->len; i++)
        {
          g_autofree char *number = format_number (((MarrowInstrumentOption *)item->options->pdata[i])->value);

          if (i > 0)
            g_string_append (list, ", ");
          g_string_append (list, number);
        }
      return g_string_free (list, FALSE);
    }

  min = format_number (item->min);
  max = format_number (item->max);
  if (item->whole)
    return g_strdup_printf (_("whole numbers from %s to %s"), min, max);
  return g_strdup_printf (_("numbers from %s to %s"), min, max);
}

/* The error for a value @item does not allow; the message texts are built
 * only here, since most answers are fine */
static gboolean
value_error (MarrowInstrument           *instrument,
             const MarrowInstrumentItem *item,
             MarrowInstrumentError       code,
             double                      value,
             GError                    **error)
{
  g_autofree char *allowed = marrow_instrument_describe_allowed (item);
  g_autofree char *shown = format_number (value);
  const char *id = marrow_instrument_get_id (instrument);

  if (!isfinite (value))
    _marrow_instrument_error_set (error, code, item->id,
                                  _("item “%s” of %s: the value is not a number; allowed: %s"),
                                  item->id, id, allowed);
  else if (code == MARROW_INSTRUMENT_ERROR_NOT_WHOLE)
    _marrow_instrument_error_set (error, code, item->id,
                                  _("item “%s” of %s: %s is not a whole number; allowed: %s"),
                                  item->id, id, shown, allowed);
  else
    _marrow_instrument_error_set (error, code, item->id,
                                  _("item “%s” of %s: %s is not allowed; allowed: %s"),
                                  item->id, id, shown, allowed);
  return FALSE;
}

static gboolean
check_value (MarrowInstrument            *instrument,
             const MarrowInstrumentItem  *item,
             double                       value,
             GError                     **error)
{
  gboolean ok;

  if (!isfinite (value))
    return value_error (instrument, item, MARROW_INSTRUMENT_ERROR_VALUE, value, error);
  if (item->whole && floor (value) != value)
    return value_error (instrument, item, MARROW_INSTRUMENT_ERROR_NOT_WHOLE, value, error);

  if (item->options->len > 0)
    {
      ok = FALSE;
      for (guint i = 0; i < item->options->len && !ok; i++)
        ok = ((MarrowInstrumentOption *)item->options->pdata[i])->value == value;
    }
  else
    ok = value >= item->min && value <= item->max;

  if (!ok)
    return value_error (instrument, item, MARROW_INSTRUMENT_ERROR_VALUE, value, error);
  return TRUE;
}

/**
 * marrow_instrument_check_item:
 * @instrument: an instrument
 * @item_id: an item id
 * @error: return location for %MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM naming
 *   the item
 *
 * Returns: (nullable): the item, or %NULL if @instrument has none called
 *   @item_id
 */
const MarrowInstrumentItem *
marrow_instrument_check_item (MarrowInstrument  *instrument,
                              const char        *item_id,
                              GError           **error)
{
  const MarrowInstrumentItem *item;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT (instrument), NULL);
  g_return_val_if_fail (item_id != NULL, NULL);

  item = marrow_instrument_find_item (instrument, item_id, NULL);
  if (item == NULL)
    _marrow_instrument_error_set (error, MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM, item_id,
                                  _("%s has no item “%s”"),
                                  marrow_instrument_get_id (instrument), item_id);
  return item;
}

static const MarrowInstrumentItem *
find_item_or_fail (MarrowInstrument  *instrument,
                   const char        *item_id,
                   guint             *index,
                   GError           **error)
{
  const MarrowInstrumentItem *item = marrow_instrument_find_item (instrument, item_id, index);

  /* Unknown: marrow_instrument_check_item() says so */
  return item != NULL ? item : marrow_instrument_check_item (instrument, item_id, error);
}

/**
 * marrow_instrument_check_answer:
 * @instrument: an instrument
 * @item_id: an item id
 * @value: an answer as marked
 * @error: return location for a #MARROW_INSTRUMENT_ERROR naming the item
 *
 * Returns: %TRUE if @item_id is an item of @instrument and @value one of
 *   its allowed answers
 */
gboolean
marrow_instrument_check_answer (MarrowInstrument  *instrument,
                                const char        *item_id,
                                double             value,
                                GError           **error)
{
  const MarrowInstrumentItem *item;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT (instrument), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  item = find_item_or_fail (instrument, item_id, NULL, error);
  return item != NULL && check_value (instrument, item, value, error);
}

/**
 * marrow_answers_set:
 * @self: answers
 * @item_id: an item id
 * @value: the answer as marked on the form
 * @error: return location for a #MARROW_INSTRUMENT_ERROR naming the item
 *
 * Returns: %TRUE if the answer is allowed and was recorded; otherwise
 *   nothing changes
 */
gboolean
marrow_answers_set (MarrowAnswers  *self,
                    const char     *item_id,
                    double          value,
                    GError        **error)
{
  const MarrowInstrumentItem *item;
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  item = find_item_or_fail (self->instrument, item_id, &index, error);
  if (item == NULL || !check_value (self->instrument, item, value, error))
    return FALSE;

  self->values[index] = value;
  self->present[index] = TRUE;
  return TRUE;
}

/**
 * marrow_answers_set_missing:
 * @self: answers
 * @item_id: an item id
 * @error: return location for a #MARROW_INSTRUMENT_ERROR naming the item
 *
 * Marks the item as not answered.
 *
 * Returns: %FALSE if the instrument has no such item
 */
gboolean
marrow_answers_set_missing (MarrowAnswers  *self,
                            const char     *item_id,
                            GError        **error)
{
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  if (find_item_or_fail (self->instrument, item_id, &index, error) == NULL)
    return FALSE;
  self->present[index] = FALSE;
  self->values[index] = 0;
  return TRUE;
}

/**
 * marrow_answers_get:
 * @self: answers
 * @index: an item index of the instrument
 * @value: (out) (optional): the answer as marked
 *
 * Returns: %TRUE if the item is answered
 */
gboolean
marrow_answers_get (MarrowAnswers *self,
                    guint          index,
                    double        *value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < marrow_instrument_get_n_items (self->instrument), FALSE);

  if (value != NULL)
    *value = self->values[index];
  return self->present[index];
}

guint
marrow_answers_get_n_answered (MarrowAnswers *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < marrow_instrument_get_n_items (self->instrument); i++)
    n += self->present[i] ? 1 : 0;
  return n;
}

/**
 * marrow_answers_derive:
 * @source: answers to a long form (e.g. KOOS)
 * @target: a short form defined as derivable from it (e.g. KOOS JR)
 * @error: return location for a #GError
 *
 * Takes the short form's answers out of the long form's, by the item mapping
 * in @target's definition (prom-scoring.md §1 "Derived instruments").
 *
 * Returns: (transfer full): answers to @target, or %NULL with @error set
 */
MarrowAnswers *
marrow_answers_derive (MarrowAnswers     *source,
                       MarrowInstrument  *target,
                       GError           **error)
{
  const char *from;
  const MarrowDerivation *derivation;
  g_autoptr(MarrowAnswers) answers = NULL;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (target), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  from = marrow_instrument_get_id (source->instrument);
  derivation = marrow_instrument_find_derivation (target, from);
  if (derivation == NULL)
    {
      _marrow_instrument_error_set (error, MARROW_INSTRUMENT_ERROR_NO_DERIVATION, NULL,
                                    _("%s cannot be derived from %s"),
                                    marrow_instrument_get_id (target), from);
      return NULL;
    }

  answers = marrow_answers_new (target);
  for (guint i = 0; i < derivation->source_items->len; i++)
    {
      const char *source_id = derivation->source_items->pdata[i];
      const MarrowInstrumentItem *item = marrow_instrument_get_item (target, i);
      guint source_index;

      if (marrow_instrument_find_item (source->instrument, source_id, &source_index) == NULL)
        {
          _marrow_instrument_error_set (error, MARROW_INSTRUMENT_ERROR_NO_DERIVATION, source_id,
                                        _("%s is derived from item “%s”, which %s does not have"),
                                        marrow_instrument_get_id (target), source_id, from);
          return NULL;
        }
      if (source->present[source_index] &&
          !marrow_answers_set (answers, item->id, source->values[source_index], error))
        return NULL;
    }

  return g_steal_pointer (&answers);
}
