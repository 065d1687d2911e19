/* fuzz-archive.c: libFuzzer target for the archive importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input is imported (as a dry run, so the database stays small) into
 * one database created at start-up.  Any crash, leak, hang or sanitizer
 * report is a bug.  How to build and run: tests/fuzz/README.md.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "marrow-archive.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static MarrowStore *store;
static GFile *input;
static char *input_path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("marrow-fuzz-XXXXXX", &error);
  g_autofree char *db = NULL;

  g_assert_no_error (error);
  db = g_build_filename (dir, "fuzz.db", NULL);
  input_path = g_build_filename (dir, "input.xml", NULL);
  input = g_file_new_for_path (input_path);
  store = marrow_store_open (db, TRUE, &error);
  g_assert_no_error (error);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const MarrowArchiveImportOptions options = { TRUE, TRUE };
  MarrowArchiveImportSummary summary;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (input_path, (const char *)data, (gssize)size, NULL))
    return 0;
  marrow_archive_import (store, input, &options, &summary, NULL, NULL, NULL, &error);
  marrow_archive_import_summary_clear (&summary);
  return 0;
}
