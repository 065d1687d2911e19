/* test-cli-chart.c: marrow-cli chart as a real process: exit codes, messages, files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "marrow-entities.h"
#include "marrow-store.h"
#include "marrow-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *case_id;    /* a demo case with scores */
} Fixture;

static int
run_cli (char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dropped_err = NULL;
  const char *cli = g_getenv ("MARROW_CLI");
  const char *arg;
  int status = -1;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                err != NULL ? err : &dropped_err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  MarrowListQuery all = { NULL };

  fixture->dir = g_dir_make_tmp ("marrow-test-cli-chart-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "demo.db", NULL);
  g_assert_cmpint (run_cli (NULL, "demo", fixture->db, NULL), ==, 0);

  store = marrow_store_open (fixture->db, FALSE, &error);
  g_assert_no_error (error);
  assessments = marrow_store_find (store, &marrow_entity_assessment, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assessments->len, >, 0);
  fixture->case_id = g_strdup (marrow_record_get_text (assessments->pdata[0], "joint_case_id"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  marrow_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->case_id);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "chart.png", NULL);
  g_autofree char *small = g_build_filename (fixture->dir, "small.PNG", NULL);
  cairo_surface_t *surface;

  g_assert_cmpint (run_cli (NULL, "chart", fixture->db, "--case", fixture->case_id, "-o", path, NULL), ==, 0);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 450);
  cairo_surface_destroy (surface);

  g_assert_cmpint (run_cli (NULL, "chart", fixture->db, "--case", fixture->case_id, "--width", "320",
                            "--height", "200", "-o", small, NULL), ==, 0);
  surface = cairo_image_surface_create_from_png (small);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 320);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 200);
  cairo_surface_destroy (surface);
}

/* Binary-safe: a PDF holds NUL bytes, where g_strstr_len() stops */
static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_svg_pdf (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *svg = g_build_filename (fixture->dir, "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "chart.pdf", NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_cmpint (run_cli (NULL, "chart", fixture->db, "--case", fixture->case_id, "-o", svg, NULL), ==, 0);
  text = read_file (svg, &length);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "width=\"600pt\" height=\"340pt\""));
  g_assert_nonnull (strstr (text, "</svg>"));
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (run_cli (NULL, "chart", fixture->db, "--case", fixture->case_id, "-o", pdf,
                            "--width", "400", "--height", "250", NULL), ==, 0);
  text = read_file (pdf, &length);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  g_assert_true (contains (text, length, "/MediaBox [ 0 0 400 250 ]"));
  g_assert_true (contains (text + length - 8, 8, "%%EOF"));
}

/* Bad arguments: exit status 2 and one line that names the option */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "x.png", NULL);
  g_autofree char *jpg = g_build_filename (fixture->dir, "x.jpg", NULL);
  static const struct
  {
    const char *option;
    const char *value;
    const char *message;
  } rows[] = {
    { "--width", "5", "--width" },
    { "--height", "99999", "--height" },
    { "--subscales", "pain,no_such_score", "--subscales" },
    { "--subscales", ",", "--subscales" },
    { "--instrument", "NO_SUCH", "--instrument" },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (&err, "chart", fixture->db, "--case", fixture->case_id, rows[r].option,
                                rows[r].value, "-o", png, NULL), ==, 2);
      g_assert_nonnull (strstr (err, rows[r].message));
      g_assert_cmpint (strchr (err, '\n') - err, ==, (int)strlen (err) - 1);
    }

  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (&err, "chart", fixture->db, "--case", fixture->case_id, "-o", jpg, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "-o"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (&err, "chart", fixture->db, "-o", png, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--case"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (&err, "chart", fixture->db, "--case", fixture->case_id, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "-o"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (&err, "chart", fixture->db, "--case", "00000000-0000-4000-8000-000000000000",
                              "-o", png, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "no joint case 00000000-0000-4000-8000-000000000000"));
  }
  /* nothing was written by any of them */
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (jpg, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-chart/png", Fixture, NULL, fixture_set_up, test_png, fixture_tear_down);
  g_test_add ("/cli-chart/svg-pdf", Fixture, NULL, fixture_set_up, test_svg_pdf, fixture_tear_down);
  g_test_add ("/cli-chart/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);

  return g_test_run ();
}
