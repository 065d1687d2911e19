/* marrow-guidance-protocol-registry.c: every guidance protocol Marrow knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bundled protocols come from the GResource (data/protocols/); a
 * practice's own files in $XDG_CONFIG_HOME/marrow/protocols/ replace a
 * bundled protocol of the same id or add new ones, as for instruments.  A
 * case is evaluated with the most specific protocol that covers its joint
 * and product.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-guidance-overrides.h"
#include "marrow-guidance-protocol-registry.h"
#include "marrow-protocol-resources.h"

#define BUNDLED_PATH "/io/github/marrow/Marrow/protocols/"
#define MAX_FILE_BYTES (256 * 1024)

struct _MarrowGuidanceProtocolRegistry
{
  GObject    parent_instance;

  /* MarrowGuidanceProtocol, overrides that add an id first */
  GPtrArray *protocols;
  /* ids that came from override files */
  GHashTable *overridden;
};

G_DEFINE_FINAL_TYPE (MarrowGuidanceProtocolRegistry, marrow_guidance_protocol_registry,
                     G_TYPE_OBJECT)

static void
marrow_guidance_protocol_registry_finalize (GObject *object)
{
  MarrowGuidanceProtocolRegistry *self = MARROW_GUIDANCE_PROTOCOL_REGISTRY (object);

  g_ptr_array_unref (self->protocols);
  g_hash_table_unref (self->overridden);

  G_OBJECT_CLASS (marrow_guidance_protocol_registry_parent_class)->finalize (object);
}

static void
marrow_guidance_protocol_registry_class_init (MarrowGuidanceProtocolRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = marrow_guidance_protocol_registry_finalize;
}

static void
marrow_guidance_protocol_registry_init (MarrowGuidanceProtocolRegistry *self)
{
  self->protocols = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_guidance_protocol_unref);
  self->overridden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * marrow_guidance_protocol_registry_new:
 *
 * Returns: (transfer full): an empty registry
 */
MarrowGuidanceProtocolRegistry *
marrow_guidance_protocol_registry_new (void)
{
  return g_object_new (MARROW_TYPE_GUIDANCE_PROTOCOL_REGISTRY, NULL);
}

/**
 * marrow_guidance_protocol_registry_user_directory:
 *
 * Returns: (transfer full): the folder a practice puts its own protocols in
 */
char *
marrow_guidance_protocol_registry_user_directory (void)
{
  return g_build_filename (g_get_user_config_dir (), "marrow", "protocols", NULL);
}

/**
 * marrow_guidance_protocol_registry_load_default:
 * @error: return location for a #GError
 *
 * Loads the bundled protocols, then the practice's folder.  A broken file
 * fails the whole load: guidance by the bundled thresholds when the practice
 * meant its own would be silently wrong.
 *
 * Returns: (transfer full): the registry, or %NULL with @error naming the
 *   file and line
 */
MarrowGuidanceProtocolRegistry *
marrow_guidance_protocol_registry_load_default (GError **error)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) self = marrow_guidance_protocol_registry_new ();
  g_autofree char *user_dir = marrow_guidance_protocol_registry_user_directory ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!marrow_guidance_protocol_registry_load_bundled (self, error) ||
      !marrow_guidance_protocol_registry_load_directory (self, user_dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * marrow_guidance_protocol_registry_add:
 * @self: a registry
 * @protocol: a loaded protocol
 * @is_override: it comes from the practice's folder
 * @error: return location for a #GError
 *
 * Two bundled protocols, or two overrides, may not share an id; an override
 * replaces the bundled protocol of its id.
 *
 * Returns: %TRUE if @protocol was added
 */
gboolean
marrow_guidance_protocol_registry_add (MarrowGuidanceProtocolRegistry  *self,
                                       MarrowGuidanceProtocol          *protocol,
                                       gboolean                         is_override,
                                       GError                         **error)
{
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), FALSE);
  g_return_val_if_fail (protocol != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < self->protocols->len; i++)
    {
      MarrowGuidanceProtocol *existing = self->protocols->pdata[i];

      if (strcmp (existing->id, protocol->id) != 0)
        continue;
      if (!is_override || g_hash_table_contains (self->overridden, protocol->id))
        {
          g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR,
                       MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
                       _("%s:1: protocol %s is already defined by %s"), protocol->source,
                       protocol->id, existing->source);
          return FALSE;
        }
      marrow_guidance_protocol_unref (existing);
      self->protocols->pdata[i] = marrow_guidance_protocol_ref (protocol);
      g_hash_table_add (self->overridden, g_strdup (protocol->id));
      return TRUE;
    }

  if (is_override)
    {
      g_ptr_array_insert (self->protocols, 0, marrow_guidance_protocol_ref (protocol));
      g_hash_table_add (self->overridden, g_strdup (protocol->id));
    }
  else
    g_ptr_array_add (self->protocols, marrow_guidance_protocol_ref (protocol));
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * marrow_guidance_protocol_registry_load_bundled:
 * @self: a registry
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every bundled protocol loaded
 */
gboolean
marrow_guidance_protocol_registry_load_bundled (MarrowGuidanceProtocolRegistry  *self,
                                                GError                         **error)
{
  GResource *resource = marrow_protocol_get_resource ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  names = g_resource_enumerate_children (resource, BUNDLED_PATH, 0, error);
  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *source = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(MarrowGuidanceProtocol) protocol = NULL;

      if (!g_str_has_suffix (names[i], ".xml"))
        continue;
      path = g_strconcat (BUNDLED_PATH, names[i], NULL);
      source = g_strconcat ("protocols/", names[i], NULL);
      bytes = g_resource_lookup_data (resource, path, 0, error);
      if (bytes == NULL)
        return FALSE;
      protocol = marrow_guidance_protocol_new_from_bytes (bytes, source, error);
      if (protocol == NULL || !marrow_guidance_protocol_registry_add (self, protocol, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

/* The file's bytes if it is a regular file of at most MAX_FILE_BYTES */
static GBytes *
load_protocol_file (GFile   *file,
                    GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = g_file_get_path (file);
  char *contents = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_size (info) > MAX_FILE_BYTES)
    {
      g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR,
                   MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
                   _("%s: not a regular file of at most 256 KiB"), path);
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return g_bytes_new_take (contents, length);
}

/**
 * marrow_guidance_protocol_registry_load_directory:
 * @self: a registry
 * @path: a folder of *.xml protocol files; a missing folder is empty
 * @error: return location for a #GError
 *
 * Loads the practice's own protocols, in file name order, as overrides.
 *
 * Returns: %TRUE if every file loaded
 */
gboolean
marrow_guidance_protocol_registry_load_directory (MarrowGuidanceProtocolRegistry  *self,
                                                  const char                      *path,
                                                  GError                         **error)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) local_error = NULL;
  GFileInfo *info;

  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  folder = g_file_new_for_path (path);
  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (children == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((info = g_file_enumerator_next_file (children, NULL, error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_str_has_suffix (name, ".xml") && name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (folder, names->pdata[i]);
      g_autofree char *file_path = g_file_get_path (file);
      g_autoptr(GBytes) bytes = load_protocol_file (file, error);
      g_autoptr(MarrowGuidanceProtocol) protocol = NULL;

      if (bytes == NULL)
        return FALSE;
      protocol = marrow_guidance_protocol_new_from_bytes (bytes, file_path, error);
      if (protocol == NULL || !marrow_guidance_protocol_registry_add (self, protocol, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * marrow_guidance_protocol_registry_lookup:
 * @self: a registry
 * @id: a protocol id
 *
 * Returns: (transfer none) (nullable): the protocol, or %NULL
 */
MarrowGuidanceProtocol *
marrow_guidance_protocol_registry_lookup (MarrowGuidanceProtocolRegistry *self,
                                          const char                     *id)
{
  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->protocols->len; i++)
    if (strcmp (((MarrowGuidanceProtocol *)self->protocols->pdata[i])->id, id) == 0)
      return self->protocols->pdata[i];
  return NULL;
}

/* 2 for a named joint, +1 for a named product list */
static int
specificity (MarrowGuidanceProtocol *protocol)
{
  return (protocol->any_joint ? 0 : 2) + (protocol->products != 0 ? 1 : 0);
}

/**
 * marrow_guidance_protocol_registry_select:
 * @self: a registry
 * @joint: the case's joint
 * @product: the product class of the case's treatment
 * @error: return location for a #GError
 *
 * Picks the protocol that covers @joint and @product most specifically (a
 * named joint before "any", a product list before "every product"); among
 * equals, a practice's own protocol, then the first by file name.
 *
 * Returns: (transfer none): the protocol, or %NULL with
 *   %MARROW_GUIDANCE_PROTOCOL_ERROR_NO_PROTOCOL
 */
MarrowGuidanceProtocol *
marrow_guidance_protocol_registry_select (MarrowGuidanceProtocolRegistry  *self,
                                          MarrowGuidanceJoint              joint,
                                          MarrowGuidanceProduct            product,
                                          GError                         **error)
{
  MarrowGuidanceProtocol *best = NULL;

  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < self->protocols->len; i++)
    {
      MarrowGuidanceProtocol *protocol = self->protocols->pdata[i];

      if (marrow_guidance_protocol_covers (protocol, joint, product) &&
          (best == NULL || specificity (protocol) > specificity (best)))
        best = protocol;
    }
  if (best == NULL)
    g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_NO_PROTOCOL,
                 _("no guidance protocol covers the %s with %s products"),
                 marrow_guidance_joint_to_string (joint), marrow_guidance_product_to_string (product));
  return best;
}

/**
 * marrow_guidance_protocol_registry_list:
 * @self: a registry
 *
 * Returns: (transfer container) (element-type MarrowGuidanceProtocol): every
 *   protocol, in the order select() prefers them among equals
 */
GPtrArray *
marrow_guidance_protocol_registry_list (MarrowGuidanceProtocolRegistry *self)
{
  GPtrArray *list;

  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_guidance_protocol_unref);
  for (guint i = 0; i < self->protocols->len; i++)
    g_ptr_array_add (list, marrow_guidance_protocol_ref (self->protocols->pdata[i]));
  return list;
}

/**
 * marrow_guidance_protocol_registry_apply_overrides:
 * @self: a registry
 * @settings: (element-type utf8 utf8): the database's settings, key to
 *   value; the MCID overrides among them apply
 *   (marrow_guidance_protocol_apply_overrides())
 * @error: return location for a #GError
 *
 * Replaces each protocol that a setting overrides by its overridden copy.
 * On failure nothing is replaced.
 *
 * Returns: %TRUE if every override applied
 */
gboolean
marrow_guidance_protocol_registry_apply_overrides (MarrowGuidanceProtocolRegistry  *self,
                                                   GHashTable                      *settings,
                                                   GError                         **error)
{
  g_autoptr(GPtrArray) applied = NULL;

  g_return_val_if_fail (MARROW_IS_GUIDANCE_PROTOCOL_REGISTRY (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  applied = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_guidance_protocol_unref);
  for (guint i = 0; i < self->protocols->len; i++)
    {
      MarrowGuidanceProtocol *protocol;

      protocol = marrow_guidance_protocol_apply_overrides (self->protocols->pdata[i], settings,
                                                           error);
      if (protocol == NULL)
        return FALSE;
      g_ptr_array_add (applied, protocol);
    }

  g_ptr_array_unref (self->protocols);
  self->protocols = g_steal_pointer (&applied);
  return TRUE;
}
