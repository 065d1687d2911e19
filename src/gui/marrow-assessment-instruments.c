/* marrow-assessment-instruments.c: the questionnaires the store knows, as form choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the assessment form (which instrument was filled in) and the
 * joint case form (the case's primary instrument).
 */
#define G_LOG_DOMAIN "marrow-assessment"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-instruments.h"

static int
compare_instruments (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 (marrow_instrument_get_id (*(MarrowInstrument **)a),
                    marrow_instrument_get_id (*(MarrowInstrument **)b));
}

/**
 * marrow_assessment_bind_instruments:
 * @form: a #MarrowForm, in its prepare vfunc
 * @field: a text field holding an instrument id
 * @row: the combo row
 * @store: the store whose instruments are offered
 * @error: return location for a #GError
 *
 * Binds @row to @field with the current version of every instrument of
 * @store, by id, each shown as "KOOS — Knee injury and Osteoarthritis …".
 *
 * Returns: %FALSE with @error set if the instruments could not be loaded
 */
gboolean
marrow_assessment_bind_instruments (MarrowForm   *form,
                                    const char   *field,
                                    AdwComboRow  *row,
                                    MarrowStore  *store,
                                    GError      **error)
{
  MarrowInstrumentRegistry *registry;
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (MARROW_IS_FORM (form), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  registry = marrow_store_get_instruments (store, error);
  if (registry == NULL)
    return FALSE;
  instruments = marrow_instrument_registry_list (registry);
  g_ptr_array_sort (instruments, compare_instruments);
  for (guint i = 0; i < instruments->len; i++)
    {
      MarrowInstrument *instrument = instruments->pdata[i];

      g_ptr_array_add (codes, (gpointer)marrow_instrument_get_id (instrument));
      /* Translators: an instrument in a list: its id and its name */
      g_ptr_array_add (labels, g_strdup_printf (_("%s — %s"), marrow_instrument_get_id (instrument),
                                                marrow_instrument_get_name (instrument)));
    }
  g_ptr_array_add (codes, NULL);
  g_ptr_array_add (labels, NULL);
  marrow_form_bind_choices (form, field, row, (const char * const *)codes->pdata,
                            (const char * const *)labels->pdata);
  return TRUE;
}
