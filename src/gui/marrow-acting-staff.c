/* marrow-acting-staff.c: who is working, remembered per database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store writes as the operating-system login until someone chooses the
 * staff member at work (docs/store.md §2.4).  The choice is the user's, per
 * database, so it lives in GSettings (key acting-staff: database path to
 * staff id) and is applied whenever that database is opened.
 */
#define G_LOG_DOMAIN "marrow-acting-staff"

#include "config.h"

#include "marrow-acting-staff.h"
#include "marrow-entities.h"
#include "marrow-settings.h"

/**
 * marrow_acting_staff_list_active:
 * @store: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type MarrowRecord): the active staff
 *   members by name, or %NULL with @error set
 */
GPtrArray *
marrow_acting_staff_list_active (MarrowStore  *store,
                                 GError      **error)
{
  MarrowListQuery query = { .order_by = "display_name" };
  g_autoptr(GPtrArray) staff = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A practice has a handful of staff rows: no index is worth a query */
  staff = marrow_store_find (store, &marrow_entity_staff, &query, error);
  if (staff == NULL)
    return NULL;
  for (guint i = staff->len; i > 0; i--)
    if (!marrow_record_get_bool (staff->pdata[i - 1], "active"))
      g_ptr_array_remove_index (staff, i - 1);
  return g_steal_pointer (&staff);
}

/* Remembers (or with NULL forgets) the choice for the store's database */
static void
remember (MarrowStore *store,
          const char  *staff_id)
{
  g_autoptr(GSettings) settings = marrow_settings_new ();
  g_autoptr(GVariant) old = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  const char *location = marrow_store_get_location (store);
  GVariantIter iter;
  const char *key;
  const char *value;

  if (settings == NULL || location == NULL)
    return;

  old = g_settings_get_value (settings, "acting-staff");
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (g_strcmp0 (key, location) != 0)
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (staff_id != NULL)
    g_variant_builder_add (&builder, "{ss}", location, staff_id);
  g_settings_set_value (settings, "acting-staff", g_variant_builder_end (&builder));
}

/**
 * marrow_acting_staff_choose:
 * @store: a store
 * @staff_id: an active staff member's id
 * @error: return location for a #GError
 *
 * Makes @staff_id the author of the next writes
 * (marrow_store_set_acting_staff(), a `login` audit event) and remembers the
 * choice for this database.
 *
 * Returns: %TRUE on success
 */
gboolean
marrow_acting_staff_choose (MarrowStore  *store,
                            const char   *staff_id,
                            GError      **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (staff_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!marrow_store_set_acting_staff (store, staff_id, error))
    return FALSE;
  remember (store, staff_id);
  return TRUE;
}

/**
 * marrow_acting_staff_restore:
 * @store: a store just opened
 * @needs_choice: (out): set when nobody was chosen for this database (or the
 *   one chosen is no longer active) and more than one staff member is
 *   active: the application then asks who is working
 * @error: return location for a #GError
 *
 * Applies the staff member last chosen for this database.
 *
 * Returns: %FALSE with @error set if the staff list could not be read
 */
gboolean
marrow_acting_staff_restore (MarrowStore  *store,
                             gboolean     *needs_choice,
                             GError      **error)
{
  g_autoptr(GSettings) settings = marrow_settings_new ();
  g_autoptr(GPtrArray) active = NULL;
  g_autofree char *staff_id = NULL;
  const char *location = marrow_store_get_location (store);

  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (needs_choice != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *needs_choice = FALSE;
  if (settings != NULL && location != NULL)
    {
      g_autoptr(GVariant) chosen = g_settings_get_value (settings, "acting-staff");

      g_variant_lookup (chosen, location, "s", &staff_id);
    }
  if (staff_id != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (marrow_store_set_acting_staff (store, staff_id, &local_error))
        return TRUE;
      /* Deactivated since, or another database at the same path */
      g_message ("Staff member %s is not active in %s any more: %s", staff_id, location,
                 local_error->message);
      remember (store, NULL);
    }

  active = marrow_acting_staff_list_active (store, error);
  if (active == NULL)
    return FALSE;
  *needs_choice = active->len > 1;
  return TRUE;
}
