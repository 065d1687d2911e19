/* marrow-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "marrow-test-util.h"

/**
 * marrow_test_remove_tree:
 * @path: a file or a folder made by a test
 *
 * Removes @path and, for a folder, everything below it.
 */
void
marrow_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }
  if ((dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          marrow_test_remove_tree (child);
        }
    }
  g_rmdir (path);
}
