/* marrow-exchange.c: what every import and export shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "marrow-exchange.h"

G_DEFINE_QUARK (marrow-exchange-error-quark, marrow_exchange_error)

/**
 * marrow_exchange_create_output:
 * @file: where an export goes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens @file for an export.  An existing file is replaced only when the
 * stream is closed after a complete export (see
 * marrow_exchange_abandon_output()); the new file is readable by its owner
 * only, since exports hold patient data.
 *
 * Returns: (transfer full): the stream, or %NULL
 */
GOutputStream *
marrow_exchange_create_output (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  GOutputStream *out;
  gboolean existed;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* GIO writes a new file in place and only an existing one through a
   * temporary copy: remember which, so an abandoned export can be removed */
  existed = g_file_query_exists (file, cancellable);
  out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                         G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                         cancellable, error));
  if (out != NULL && !existed)
    g_object_set_data_full (G_OBJECT (out), "marrow-new-file", g_object_ref (file),
                            g_object_unref);
  return out;
}

/**
 * marrow_exchange_abandon_output:
 * @out: a stream from marrow_exchange_create_output()
 *
 * Drops an export that failed: an earlier file stays as it was (closing
 * with a cancelled cancellable drops GIO's temporary copy), and a file
 * that did not exist before is removed.
 */
void
marrow_exchange_abandon_output (GOutputStream *out)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  GFile *new_file;

  g_return_if_fail (G_IS_OUTPUT_STREAM (out));

  g_cancellable_cancel (cancelled);
  g_output_stream_close (out, cancelled, NULL);

  new_file = g_object_get_data (G_OBJECT (out), "marrow-new-file");
  if (new_file != NULL)
    g_file_delete (new_file, NULL, NULL);
}
