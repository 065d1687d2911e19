/* marrow-instrument-registry.c: every instrument Marrow knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bundled definitions come from the GResource; a practice's own files
 * from $XDG_CONFIG_HOME/marrow/instruments/ override or extend them
 * (docs/instruments.md, "Loading").  Each id keeps every version loaded, so
 * an assessment recorded with an older version is still scored by the
 * definition it was recorded with.
 */
#define G_LOG_DOMAIN "marrow-instrument"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "marrow-instrument-registry.h"
#include "marrow-instrument-resources.h"

#define BUNDLED_PATH "/io/github/marrow/Marrow/instruments/"
#define MAX_FILE_BYTES (1024 * 1024)

struct _MarrowInstrumentRegistry
{
  GObject     parent_instance;

  /* id -> GPtrArray of MarrowInstrument, the current version first */
  GHashTable *by_id;
  /* instruments that came from override files: (id, version) -> TRUE */
  GHashTable *overridden;
};

G_DEFINE_FINAL_TYPE (MarrowInstrumentRegistry, marrow_instrument_registry, G_TYPE_OBJECT)

static void
marrow_instrument_registry_finalize (GObject *object)
{
  MarrowInstrumentRegistry *self = MARROW_INSTRUMENT_REGISTRY (object);

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->overridden);

  G_OBJECT_CLASS (marrow_instrument_registry_parent_class)->finalize (object);
}

static void
marrow_instrument_registry_class_init (MarrowInstrumentRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = marrow_instrument_registry_finalize;
}

static void
marrow_instrument_registry_init (MarrowInstrumentRegistry *self)
{
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_ptr_array_unref);
  self->overridden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * marrow_instrument_registry_new:
 *
 * Returns: (transfer full): an empty registry
 */
MarrowInstrumentRegistry *
marrow_instrument_registry_new (void)
{
  return g_object_new (MARROW_TYPE_INSTRUMENT_REGISTRY, NULL);
}

/**
 * marrow_instrument_registry_user_directory:
 *
 * Returns: (transfer full): the folder a practice puts its own definitions in
 */
char *
marrow_instrument_registry_user_directory (void)
{
  return g_build_filename (g_get_user_config_dir (), "marrow", "instruments", NULL);
}

/**
 * marrow_instrument_registry_load_default:
 * @error: return location for a #GError
 *
 * Loads the bundled definitions and then the practice's own folder.  A
 * broken file anywhere fails the whole load: scoring with the bundled KOOS
 * when the practice meant its own would be silently wrong.
 *
 * Returns: (transfer full): the registry, or %NULL with @error naming the
 *   file and line
 */
MarrowInstrumentRegistry *
marrow_instrument_registry_load_default (GError **error)
{
  g_autoptr(MarrowInstrumentRegistry) self = marrow_instrument_registry_new ();
  g_autofree char *user_dir = marrow_instrument_registry_user_directory ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!marrow_instrument_registry_load_bundled (self, error) ||
      !marrow_instrument_registry_load_directory (self, user_dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

static char *
version_key (const char *id,
             const char *version)
{
  return g_strconcat (id, "\n", version, NULL);
}

/**
 * marrow_instrument_registry_add:
 * @self: a registry
 * @instrument: a loaded definition
 * @is_override: it comes from the practice's folder
 * @error: return location for a #GError
 *
 * A bundled definition may not repeat an (id, version) pair.  An override
 * with the (id, version) of a bundled definition replaces it; an override
 * with a new version becomes the current version.  Two overrides with the
 * same (id, version) are an error.
 *
 * Returns: %TRUE if @instrument was added
 */
gboolean
marrow_instrument_registry_add (MarrowInstrumentRegistry  *self,
                                MarrowInstrument          *instrument,
                                gboolean                   is_override,
                                GError                   **error)
{
  const char *id;
  const char *version;
  GPtrArray *versions;
  g_autofree char *key = NULL;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (self), FALSE);
  g_return_val_if_fail (MARROW_IS_INSTRUMENT (instrument), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = marrow_instrument_get_id (instrument);
  version = marrow_instrument_get_version (instrument);
  key = version_key (id, version);

  versions = g_hash_table_lookup (self->by_id, id);
  if (versions == NULL)
    {
      versions = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->by_id, g_strdup (id), versions);
    }

  for (guint i = 0; i < versions->len; i++)
    {
      MarrowInstrument *existing = versions->pdata[i];

      if (strcmp (marrow_instrument_get_version (existing), version) != 0)
        continue;

      if (!is_override || g_hash_table_contains (self->overridden, key))
        {
          g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION,
                       _("%s:1: %s version %s is already defined by %s"),
                       marrow_instrument_get_source (instrument), id, version,
                       marrow_instrument_get_source (existing));
          return FALSE;
        }
      /* A replacement takes the bundled one's place: it must not push a
       * newer version from an earlier override file off the front */
      g_object_unref (existing);
      versions->pdata[i] = g_object_ref (instrument);
      g_hash_table_add (self->overridden, g_steal_pointer (&key));
      return TRUE;
    }

  if (is_override)
    {
      g_ptr_array_insert (versions, 0, g_object_ref (instrument));
      g_hash_table_add (self->overridden, g_steal_pointer (&key));
    }
  else
    g_ptr_array_add (versions, g_object_ref (instrument));

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * marrow_instrument_registry_load_bundled:
 * @self: a registry
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every bundled definition loaded
 */
gboolean
marrow_instrument_registry_load_bundled (MarrowInstrumentRegistry  *self,
                                         GError                   **error)
{
  GResource *resource = marrow_instrument_get_resource ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  names = g_resource_enumerate_children (resource, BUNDLED_PATH, 0, error);
  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), compare_strings);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *source = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(MarrowInstrument) instrument = NULL;

      if (!g_str_has_suffix (names[i], ".xml"))
        continue;

      path = g_strconcat (BUNDLED_PATH, names[i], NULL);
      source = g_strconcat ("instruments/", names[i], NULL);
      bytes = g_resource_lookup_data (resource, path, 0, error);
      if (bytes == NULL)
        return FALSE;
      instrument = marrow_instrument_new_from_bytes (bytes, source, error);
      if (instrument == NULL || !marrow_instrument_registry_add (self, instrument, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
read_capped (const char  *path,
             GError     **error)
{
  GStatBuf st;
  char *contents = NULL;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION,
                   _("%s: not a regular file"), path);
      return NULL;
    }
  if (st.st_size > MAX_FILE_BYTES)
    {
      g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION,
                   _("%s: larger than 1 MiB, which no questionnaire definition needs"), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return g_bytes_new_take (contents, length);
}

/**
 * marrow_instrument_registry_load_directory:
 * @self: a registry
 * @path: a folder of *.xml definition files; a missing folder is empty
 * @error: return location for a #GError
 *
 * Loads the practice's own definitions, in file name order, as overrides.
 *
 * Returns: %TRUE if every file loaded
 */
gboolean
marrow_instrument_registry_load_directory (MarrowInstrumentRegistry  *self,
                                           const char                *path,
                                           GError                   **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, names->pdata[i], NULL);
      g_autoptr(GBytes) bytes = read_capped (file, error);
      g_autoptr(MarrowInstrument) instrument = NULL;

      if (bytes == NULL)
        return FALSE;
      instrument = marrow_instrument_new_from_bytes (bytes, file, error);
      if (instrument == NULL || !marrow_instrument_registry_add (self, instrument, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * marrow_instrument_registry_lookup:
 * @self: a registry
 * @id: an instrument id
 * @version: (nullable): a version, or %NULL for the current one
 *
 * Returns: (transfer none) (nullable): the definition, or %NULL
 */
MarrowInstrument *
marrow_instrument_registry_lookup (MarrowInstrumentRegistry *self,
                                   const char               *id,
                                   const char               *version)
{
  GPtrArray *versions;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  versions = g_hash_table_lookup (self->by_id, id);
  if (versions == NULL || versions->len == 0)
    return NULL;
  if (version == NULL)
    return versions->pdata[0];

  for (guint i = 0; i < versions->len; i++)
    if (strcmp (marrow_instrument_get_version (versions->pdata[i]), version) == 0)
      return versions->pdata[i];
  return NULL;
}

/**
 * marrow_instrument_registry_lookup_checked:
 * @self: a registry
 * @id: an instrument id
 * @version: (nullable): a version, or %NULL for the current one
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the definition, or %NULL with
 *   %MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT
 */
MarrowInstrument *
marrow_instrument_registry_lookup_checked (MarrowInstrumentRegistry  *self,
                                           const char                *id,
                                           const char                *version,
                                           GError                   **error)
{
  MarrowInstrument *instrument;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  instrument = marrow_instrument_registry_lookup (self, id, version);
  if (instrument != NULL)
    return instrument;

  if (version != NULL && marrow_instrument_registry_lookup (self, id, NULL) != NULL)
    g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT,
                 _("instrument %s has no version “%s”"), id, version);
  else
    g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT,
                 _("unknown instrument “%s”"), id);
  return NULL;
}

static int
compare_instruments (gconstpointer a,
                     gconstpointer b)
{
  return strcmp (marrow_instrument_get_id (*(MarrowInstrument * const *)a),
                 marrow_instrument_get_id (*(MarrowInstrument * const *)b));
}

/**
 * marrow_instrument_registry_list:
 * @self: a registry
 *
 * Returns: (transfer container) (element-type MarrowInstrument): the current
 *   version of every instrument, by id
 */
GPtrArray *
marrow_instrument_registry_list (MarrowInstrumentRegistry *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (MARROW_IS_INSTRUMENT_REGISTRY (self), NULL);

  list = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *versions = value;

      if (versions->len > 0)
        g_ptr_array_add (list, g_object_ref (versions->pdata[0]));
    }
  g_ptr_array_sort (list, compare_instruments);
  return list;
}
