/* marrow-guidance-settings.c: the guidance protocols with a database's overrides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A practice's MCID overrides are practice-wide, so they live in the
 * database's settings (docs/store.md §5.3) and reach every workstation, the
 * window and marrow-cli alike.  The core applies them
 * (marrow-guidance-overrides.c); this file only reads them.
 */
#define G_LOG_DOMAIN "marrow-guidance-settings"

#include "config.h"

#include "marrow-guidance-overrides.h"
#include "marrow-guidance-settings.h"

/**
 * marrow_guidance_settings_read:
 * @store: a store
 * @registry: the protocols whose scores may be overridden
 * @error: return location for a #GError
 *
 * Reads the setting mcid_override.<protocol>.<instrument>.<score> of every
 * score of every protocol in @registry.
 *
 * Returns: (transfer full) (element-type utf8 utf8): the settings found,
 *   key to value, or %NULL with @error set
 */
GHashTable *
marrow_guidance_settings_read (MarrowStore                     *store,
                               MarrowGuidanceProtocolRegistry  *registry,
                               GError                         **error)
{
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GPtrArray) protocols = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (registry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  protocols = marrow_guidance_protocol_registry_list (registry);
  for (guint p = 0; p < protocols->len; p++)
    {
      MarrowGuidanceProtocol *protocol = protocols->pdata[p];

      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        for (guint i = 0; i < protocol->sources[d]->len; i++)
          {
            const MarrowGuidanceSource *source = &g_array_index (protocol->sources[d],
                                                                 MarrowGuidanceSource, i);
            g_autofree char *key = NULL;
            g_autofree char *value = NULL;

            key = marrow_guidance_mcid_override_key (protocol->id, source->instrument,
                                                     source->score);
            if (!marrow_store_get_setting (store, key, &value, error))
              return NULL;
            if (value != NULL)
              g_hash_table_insert (settings, g_steal_pointer (&key), g_steal_pointer (&value));
          }
    }
  return g_steal_pointer (&settings);
}

/**
 * marrow_guidance_protocols_load:
 * @store: the database whose practice overrides apply
 * @error: return location for a #GError
 *
 * The bundled protocols and the practice's protocol files
 * (marrow_guidance_protocol_registry_load_default()), with the database's
 * MCID overrides applied.  What the window and marrow-cli evaluate with.
 *
 * Returns: (transfer full): the registry, or %NULL with @error set
 */
MarrowGuidanceProtocolRegistry *
marrow_guidance_protocols_load (MarrowStore  *store,
                                GError      **error)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = NULL;
  g_autoptr(GHashTable) settings = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  registry = marrow_guidance_protocol_registry_load_default (error);
  if (registry == NULL)
    return NULL;
  settings = marrow_guidance_settings_read (store, registry, error);
  if (settings == NULL ||
      !marrow_guidance_protocol_registry_apply_overrides (registry, settings, error))
    return NULL;
  return g_steal_pointer (&registry);
}
