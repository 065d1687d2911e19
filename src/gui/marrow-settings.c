/* marrow-settings.c: the user's GSettings, when the schema is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-settings"

#include "config.h"

#include "marrow-settings.h"

/**
 * marrow_settings_new:
 *
 * g_settings_new() aborts when the schema is missing, as it is when Marrow
 * runs uninstalled without GSETTINGS_SCHEMA_DIR; the per-user preferences
 * (units, the staff member last chosen) then keep their defaults.
 *
 * Returns: (transfer full) (nullable): the settings of APP_ID, or %NULL
 */
GSettings *
marrow_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}
