/* bench-case-page.c: how fast the case dashboard opens a case with 100 assessments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 7, point 3: "It opens in under 50 ms for a case with 100
 * assessments".  Imports the demo practice into a temporary database,
 * takes its active case with the most injections, and adds to it copies of
 * its own assessments (same answers, other days) until it has 100, and
 * copies of its injections (with their injected products) until it has at
 * least --injections.  Then it opens that case in a real MarrowWindow of
 * 1280 × 800, the way the patient page does (MarrowPatientPage::open-case),
 * --runs times, alternating with another case so that every run reads
 * everything again, and measures per run
 *
 *   show:  from asking the window to open the case ("show this case")
 *          until the call returns: the case, its guidance, its treatment
 *          chain and its charts read from the store and put into widgets
 *          (load), wall clock (show_ms) and CPU (show_cpu_ms);
 *   frame: from the same start to the end of the first frame that shows
 *          the dashboard (GdkFrameClock::after-paint, the frame handed to
 *          the display): load, layout at 1280 × 800 and drawing, wall
 *          clock (frame_ms) and CPU (frame_cpu_ms);
 *   frame_cpu: the CPU time of the main thread, the one that loads, lays
 *          out and draws, which a busy machine does not inflate.
 *
 * Everything the user sees of the dashboard at 1280 × 800 is in that first
 * frame: nothing is built after it (the rows below the fold included).
 *
 * Run it under a display, as the display tests run:
 *
 *   GTK_A11Y=none GSK_RENDERER=cairo tests/xvfb-run.sh build/tests/bench-case-page
 *
 * It prints one JSON object with every sample, the medians, the load
 * average before and after the runs (the wall clock of a shared machine
 * depends on it) and whether the medians meet the target of 50 ms;
 * then one line to read.  A benchmark, not a test: it never fails on the
 * numbers.
 *
 *   bench-case-page [--runs N] [--assessments N] [--injections N]
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <time.h>

#include "marrow-archive.h"
#include "marrow-assessment-service.h"
#include "marrow-case-page.h"
#include "marrow-entities.h"
#include "marrow-store.h"
#include "marrow-window.h"

#define DEMO_URI "resource:///io/github/marrow/Marrow/exchange/demo-practice.xml"

/* Issue 7, point 3 */
#define TARGET_MS 50.0

typedef struct
{
  gboolean painted;
  gint64   at;
  gint64   cpu_at;
} FrameWait;

/* Microseconds of CPU this thread used: on a busy machine the wall clock
 * also counts the time other processes had the CPU */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameWait     *wait)
{
  if (!wait->painted)
    {
      wait->at = g_get_monotonic_time ();
      wait->cpu_at = thread_cpu_time ();
    }
  wait->painted = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);

  if (sorted->len == 0)
    return 0;
  g_array_sort (sorted, compare_doubles);
  if (sorted->len % 2 == 1)
    return g_array_index (sorted, double, sorted->len / 2);
  return (g_array_index (sorted, double, sorted->len / 2 - 1) +
          g_array_index (sorted, double, sorted->len / 2)) / 2;
}

static GPtrArray *
find_by (MarrowStore           *store,
         const MarrowEntityDef *entity,
         const char            *field,
         const char            *value,
         const char            *order_by)
{
  MarrowListQuery query = { .order_by = order_by, .filter_field = field, .filter_value = value };
  g_autoptr(GError) error = NULL;
  GPtrArray *found = marrow_store_find (store, entity, &query, &error);

  if (found == NULL)
    g_error ("%s", error->message);
  return found;
}

/* The active case with the most injections, then the most assessments */
static MarrowRecord *
pick_case (MarrowStore  *store,
           MarrowRecord *other_than)
{
  g_autoptr(GPtrArray) cases = find_by (store, &marrow_entity_joint_case, "status", "active", "created_at");
  MarrowRecord *best = NULL;
  guint best_score = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GPtrArray) injections = NULL;
      g_autoptr(GPtrArray) assessments = NULL;
      const char *id = marrow_record_get_id (cases->pdata[i]);
      guint score;

      if (other_than != NULL && g_strcmp0 (id, marrow_record_get_id (other_than)) == 0)
        continue;
      injections = find_by (store, &marrow_entity_injection, "joint_case_id", id, NULL);
      assessments = find_by (store, &marrow_entity_assessment, "joint_case_id", id, NULL);
      score = injections->len * 1000 + assessments->len;
      if (score > best_score)
        {
          best = cases->pdata[i];
          best_score = score;
        }
    }
  if (best == NULL)
    g_error ("The demo practice has no active case");
  return g_object_ref (best);
}

/* A new record with @template's values */
static MarrowRecord *
copy_record (MarrowRecord *template)
{
  MarrowRecord *copy = marrow_record_copy (template);
  g_autofree char *id = g_uuid_string_random ();

  marrow_record_set_id (copy, id);
  marrow_record_set_row_version (copy, 0);
  return copy;
}

static char *
instant_of_day (GDateTime *base,
                int        days)
{
  g_autoptr(GDateTime) at = g_date_time_add_days (base, days);

  return g_date_time_format (at, "%Y-%m-%dT%H:%M:%S.000Z");
}

/* Copies of the case's assessments, one every few days before today, until
 * it has @n */
static void
add_assessments (MarrowStore  *store,
                 MarrowRecord *joint_case,
                 guint         n)
{
  g_autoptr(GPtrArray) existing = find_by (store, &marrow_entity_assessment, "joint_case_id",
                                           marrow_record_get_id (joint_case), "completed_at");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) base = g_date_time_add_days (now, -3 * (int)n - 10);
  guint have = existing->len;

  if (have == 0)
    g_error ("Case %s has no assessment to copy", marrow_record_get_id (joint_case));
  for (guint i = 0; have < n; i++, have++)
    {
      MarrowRecord *template = existing->pdata[i % existing->len];
      g_autoptr(MarrowRecord) copy = copy_record (template);
      g_autoptr(MarrowAnswers) answers = NULL;
      g_autofree char *completed = instant_of_day (base, 3 * (int)i);
      g_autoptr(GError) error = NULL;

      marrow_record_set_null (copy, "timepoint");
      marrow_record_set_text (copy, "completed_at", completed);
      answers = marrow_store_load_answers (store, template, &error);
      if (answers == NULL || !marrow_store_record_assessment (store, copy, answers, &error))
        g_error ("%s", error->message);
    }
}

/* Copies of the case's injections with their products, until it has @n */
static void
add_injections (MarrowStore  *store,
                MarrowRecord *joint_case,
                guint         n)
{
  g_autoptr(GPtrArray) existing = find_by (store, &marrow_entity_injection, "joint_case_id",
                                           marrow_record_get_id (joint_case), "performed_at");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint have = existing->len;

  if (have == 0)
    g_error ("Case %s has no injection to copy", marrow_record_get_id (joint_case));
  for (guint i = 0; have < n; i++, have++)
    {
      MarrowRecord *template = existing->pdata[i % existing->len];
      g_autoptr(MarrowRecord) copy = copy_record (template);
      g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
      g_autoptr(GPtrArray) products = find_by (store, &marrow_entity_injection_product, "injection_id",
                                               marrow_record_get_id (template), NULL);
      g_autofree char *performed = instant_of_day (now, -200 * (int)(n - have));
      g_autoptr(GError) error = NULL;

      marrow_record_set_text (copy, "performed_at", performed);
      marrow_change_set_add_insert (changes, copy);
      for (guint p = 0; p < products->len; p++)
        {
          g_autoptr(MarrowRecord) product = copy_record (products->pdata[p]);

          marrow_record_set_text (product, "injection_id", marrow_record_get_id (copy));
          marrow_change_set_add_insert (changes, product);
        }
      if (!marrow_store_apply (store, changes, &error))
        g_error ("%s", error->message);
    }
}

static void
count (MarrowStore  *store,
       MarrowRecord *joint_case,
       guint        *n_assessments,
       guint        *n_injections)
{
  g_autoptr(GPtrArray) assessments = find_by (store, &marrow_entity_assessment, "joint_case_id",
                                              marrow_record_get_id (joint_case), NULL);
  g_autoptr(GPtrArray) injections = find_by (store, &marrow_entity_injection, "joint_case_id",
                                             marrow_record_get_id (joint_case), NULL);

  *n_assessments = assessments->len;
  *n_injections = injections->len;
}

/* Opens @joint_case as the patient page does; returns the milliseconds
 * until the call returned (@show, @show_cpu) and until the next frame ended
 * (@frame, @frame_cpu) */
static void
open_case (MarrowWindow *window,
           GtkWidget    *patient_page,
           MarrowRecord *joint_case,
           double       *show,
           double       *show_cpu,
           double       *frame,
           double       *frame_cpu)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  FrameWait wait = { FALSE, 0, 0 };
  gulong handler;
  gint64 start, shown, cpu_start, cpu_shown;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  cpu_start = thread_cpu_time ();
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (patient_page, "open-case", joint_case);
  shown = g_get_monotonic_time ();
  cpu_shown = thread_cpu_time ();
  while (!wait.painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  *show = (shown - start) / 1000.0;
  *show_cpu = (cpu_shown - cpu_start) / 1000.0;
  *frame = (wait.at - start) / 1000.0;
  *frame_cpu = (wait.cpu_at - cpu_start) / 1000.0;
}

static void
print_load (const char *name)
{
  double load[3] = { -1, -1, -1 };

  if (getloadavg (load, 3) < 3)
    g_print ("  \"%s\": null,\n", name);
  else
    g_print ("  \"%s\": [%.2f, %.2f, %.2f],\n", name, load[0], load[1], load[2]);
}

static void
print_samples (const char *name,
               GArray     *samples)
{
  g_print ("  \"%s\": [", name);
  for (guint i = 0; i < samples->len; i++)
    g_print ("%s%.2f", i > 0 ? ", " : "", g_array_index (samples, double, i));
  g_print ("],\n");
}

static gboolean
settle_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets pending work (idle handlers, the first frames) finish */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, settle_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) demo = g_file_new_for_uri (DEMO_URI);
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowRecord) joint_case = NULL;
  g_autoptr(MarrowRecord) other_case = NULL;
  g_autoptr(GArray) shows = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) show_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) other_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  MarrowArchiveImportOptions options = { FALSE, FALSE };
  MarrowArchiveImportSummary summary = { 0 };
  MarrowWindow *window;
  GtkWidget *patient_page;
  int runs = 20;
  int n_assessments = 100;
  int n_injections = 4;
  guint have_assessments, have_injections;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "How many times to open the case", "N" },
    { "assessments", 0, 0, G_OPTION_ARG_INT, &n_assessments, "Assessments of the case", "N" },
    { "injections", 0, 0, G_OPTION_ARG_INT, &n_injections, "Injections of the case, at least", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1 || n_assessments < 1)
    {
      g_printerr ("bench-case-page: %s\n", error != NULL ? error->message : "bad arguments");
      return 2;
    }

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  tmpdir = g_dir_make_tmp ("marrow-bench-case-page-XXXXXX", &error);
  if (tmpdir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (tmpdir, "demo.db", NULL);
  store = marrow_store_open (path, TRUE, &error);
  if (store == NULL ||
      !marrow_archive_import (store, demo, &options, &summary, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  marrow_archive_import_summary_clear (&summary);

  joint_case = pick_case (store, NULL);
  other_case = pick_case (store, joint_case);
  add_assessments (store, joint_case, n_assessments);
  add_injections (store, joint_case, n_injections);
  count (store, joint_case, &have_assessments, &have_injections);

  window = marrow_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  marrow_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  settle (300);
  patient_page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), MARROW_TYPE_WINDOW,
                                                            "patient_page"));

  g_print ("{\n");
  print_load ("load_average_before");
  for (int i = 0; i < runs; i++)
    {
      double show, show_cpu, frame, frame_cpu, other_show, other_show_cpu, other_frame, other_cpu;

      open_case (window, patient_page, joint_case, &show, &show_cpu, &frame, &frame_cpu);
      g_array_append_val (shows, show);
      g_array_append_val (show_cpus, show_cpu);
      g_array_append_val (frames, frame);
      g_array_append_val (frame_cpus, frame_cpu);
      settle (50);
      /* Another case in between, so that every run reads everything again */
      open_case (window, patient_page, other_case, &other_show, &other_show_cpu, &other_frame, &other_cpu);
      g_array_append_val (other_frames, other_frame);
      settle (50);
    }

  print_load ("load_average_after");
  g_print ("  \"case\": \"%s\",\n", marrow_record_get_id (joint_case));
  g_print ("  \"assessments\": %u,\n", have_assessments);
  g_print ("  \"injections\": %u,\n", have_injections);
  g_print ("  \"runs\": %d,\n", runs);
  print_samples ("show_ms", shows);
  print_samples ("show_cpu_ms", show_cpus);
  print_samples ("frame_ms", frames);
  print_samples ("frame_cpu_ms", frame_cpus);
  print_samples ("other_case_frame_ms", other_frames);
  g_print ("  \"median_show_ms\": %.2f,\n", median (shows));
  g_print ("  \"median_show_cpu_ms\": %.2f,\n", median (show_cpus));
  g_print ("  \"median_frame_ms\": %.2f,\n", median (frames));
  g_print ("  \"median_frame_cpu_ms\": %.2f,\n", median (frame_cpus));
  g_print ("  \"median_other_case_frame_ms\": %.2f,\n", median (other_frames));
  g_print ("  \"target_ms\": %.0f,\n", TARGET_MS);
  g_print ("  \"frame_meets_target\": %s,\n", median (frames) < TARGET_MS ? "true" : "false");
  g_print ("  \"frame_cpu_meets_target\": %s\n", median (frame_cpus) < TARGET_MS ? "true" : "false");
  g_print ("}\n");
  {
    double load[3] = { -1, -1, -1 };

    getloadavg (load, 3);
    g_print ("First frame of a case with %u assessments at 1280×800, median of %d: %.1f ms wall, %.1f ms CPU "
             "(target %.0f ms; load average %.2f)\n",
             have_assessments, runs, median (frames), median (frame_cpus), TARGET_MS, load[0]);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                      G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) file = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (file, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  return 0;
}
