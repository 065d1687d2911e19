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
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                          G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                          cancellable, error));
}

/**
 * marrow_exchange_abandon_output:
 * @out: a stream from marrow_exchange_create_output()
 *
 * Drops an export that failed: closing with a cancelled cancellable leaves
 * any earlier file in place and removes the partial one.
 */
void
marrow_exchange_abandon_output (GOutputStream *out)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_return_if_fail (G_IS_OUTPUT_STREAM (out));

  g_cancellable_cancel (cancelled);
  g_output_stream_close (out, cancelled, NULL);
}
