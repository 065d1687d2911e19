/* marrow-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "marrow-entities.h"
#include "marrow-test-util.h"

#if defined(__SANITIZE_ADDRESS__)
# define HAVE_LSAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HAVE_LSAN 1
# endif
#endif
#ifdef HAVE_LSAN
# include <sanitizer/lsan_interface.h>
#endif

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

/**
 * marrow_test_insert_patients:
 * @store: a store
 * @n_patients: how many
 * @family_prefix: their family names are this and their index on three
 *   digits ("Family007")
 * @first_number: the medical record number of the first, on six digits
 *
 * Saves @n_patients patients, born 1960-01-01, in one change set.
 */
void
marrow_test_insert_patients (MarrowStore *store,
                             guint        n_patients,
                             const char  *family_prefix,
                             guint        first_number)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_patients; i++)
    {
      g_autoptr(MarrowRecord) patient = marrow_record_new (&marrow_entity_patient);
      g_autofree char *mrn = g_strdup_printf ("%06u", first_number + i);
      g_autofree char *family = g_strdup_printf ("%s%03u", family_prefix, i);

      marrow_record_set_text (patient, "local_id", mrn);
      marrow_record_set_text (patient, "family_name", family);
      marrow_record_set_text (patient, "dob", "1960-01-01");
      marrow_record_set_text (patient, "sex", "unknown");
      marrow_change_set_add_insert (changes, patient);
    }
  g_assert_true (marrow_store_apply (store, changes, &error));
  g_assert_no_error (error);
}

/**
 * marrow_test_mark_user_dirs:
 *
 * G_TEST_OPTION_ISOLATE_DIRS gives every test its own user directories, and
 * g_set_user_dirs() keeps the previous test's strings alive on purpose (a
 * caller may still hold them).  LeakSanitizer would report them as leaks of
 * the test program; they are GLib's, so a test that reads the user
 * directories marks the current ones at its start.
 */
void
marrow_test_mark_user_dirs (void)
{
#ifdef HAVE_LSAN
  const char * const *lists[] = { g_get_system_config_dirs (), g_get_system_data_dirs () };

  __lsan_ignore_object (g_get_home_dir ());
  __lsan_ignore_object (g_get_user_cache_dir ());
  __lsan_ignore_object (g_get_user_config_dir ());
  __lsan_ignore_object (g_get_user_data_dir ());
  __lsan_ignore_object (g_get_user_state_dir ());
  __lsan_ignore_object (g_get_user_runtime_dir ());
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      __lsan_ignore_object (lists[i]);
      for (guint j = 0; lists[i][j] != NULL; j++)
        __lsan_ignore_object (lists[i][j]);
    }
#endif
}
