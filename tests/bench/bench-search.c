/* bench-search.c: how fast the patient list follows typing in its search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens DATABASE in a real MarrowWindow (under a display: run it through
 * tests/xvfb-run.sh) and types search terms into the sidebar, one character
 * per keystroke, the way a receptionist does: the beginnings of family
 * names of patients taken from the database, medical record numbers and
 * dates of birth.  For each keystroke it measures
 *
 *   update: from the text change to the list model replaced (the search
 *           ran, the new list is counted and set on the list view);
 *   frame:  from the text change to the end of the next frame that shows
 *           the updated rows (GdkFrameClock::after-paint);
 *   query:  the store's part alone: marrow_store_list_patients() with the
 *           same text, counted and its first page read (measured apart,
 *           after the frame).
 *
 * Keystrokes come --interval milliseconds apart (default 120, a fast
 * typist): GTK paints at most one frame per refresh, so keys sent right
 * after a frame would measure the frame clock's pacing instead.
 *
 * It prints one JSON object with every sample and the medians.  Issue 5's
 * target is a median of at most 16 ms.  tests/bench/bench-startup.py runs
 * it; it is a benchmark, not a test.
 *
 *   bench-search DATABASE [--terms N] [--seed S] [--interval MS]
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "marrow-store.h"
#include "marrow-window.h"

typedef struct
{
  gboolean painted;
  gboolean timed_out;
} FrameWait;

static void
after_paint_cb (GdkFrameClock *clock,
                FrameWait     *wait)
{
  wait->painted = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  FrameWait *wait = data;

  wait->painted = wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until a frame was painted (or 500 ms passed, when
 * nothing on screen changed) */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  FrameWait wait = { FALSE, FALSE };
  gulong handler;
  guint timeout;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  timeout = g_timeout_add (500, timeout_cb, &wait);
  while (!wait.painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  if (!wait.timed_out)
    g_source_remove (timeout);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms, as between two keystrokes */
static void
idle_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
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

/* What to type: from patients spread over the list, the first letters of
 * the family name, of "family given" and the record number, and dates of
 * birth in ISO form */
static GPtrArray *
pick_terms (MarrowStore *store,
            guint        n_terms,
            guint32      seed)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  guint n_items;

  all = marrow_store_list_patients (store, NULL, MARROW_PATIENT_ORDER_NAME, &error);
  if (all == NULL)
    g_error ("%s", error->message);
  n_items = g_list_model_get_n_items (all);
  if (n_items == 0)
    g_error ("The database has no patients");

  for (guint i = 0; i < n_terms; i++)
    {
      g_autoptr(MarrowRecord) patient = g_list_model_get_item (all,
                                                               g_rand_int_range (rand, 0,
                                                                                 n_items));
      const char *family = marrow_record_get_text (patient, "family_name");
      const char *given = marrow_record_get_text (patient, "given_names");

      switch (i % 4)
        {
        case 0:
          g_ptr_array_add (terms, g_utf8_substring (family, 0, MIN (g_utf8_strlen (family, -1),
                                                                    6)));
          break;
        case 1:
          g_ptr_array_add (terms, g_strdup_printf ("%.4s %.3s", family, given));
          break;
        case 2:
          /* The digits of the record number, as people read them off a
           * label: the last six */
          g_ptr_array_add (terms,
                           g_strdup (marrow_record_get_text (patient, "local_id") +
                                     MAX (0, (int)strlen (marrow_record_get_text (patient,
                                                                                  "local_id")) - 6)));
          break;
        default:
          g_ptr_array_add (terms, g_strdup (marrow_record_get_text (patient, "dob")));
          break;
        }
    }
  return terms;
}

/* The store's part of a keystroke: the search, its count and first page */
static double
time_query (MarrowStore *store,
            const char  *text)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  list = marrow_store_list_patients (store, text, MARROW_PATIENT_ORDER_NAME, &error);
  if (list == NULL)
    g_error ("%s", error->message);
  first = g_list_model_get_item (list, 0);
  return (g_get_monotonic_time () - start) / 1000.0;
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GArray) update = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_key = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) query = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GtkEditable *entry;
  MarrowWindow *window;
  guint n_terms = 20;
  guint32 seed = 5;
  guint interval = 120;

  if (argc < 2)
    {
      g_printerr ("usage: %s DATABASE [--terms N] [--seed S] [--interval MS]\n", argv[0]);
      return 2;
    }
  for (int i = 2; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--terms") == 0)
        n_terms = (guint)atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--seed") == 0)
        seed = (guint32)atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--interval") == 0)
        interval = (guint)atoi (argv[i + 1]);
    }

  gtk_init ();
  adw_init ();

  store = marrow_store_open (argv[1], FALSE, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 2;
    }
  terms = pick_terms (store, n_terms, seed);

  window = marrow_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  marrow_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), MARROW_TYPE_WINDOW,
                                                       "search_entry"));

  for (guint t = 0; t < terms->len; t++)
    {
      const char *term = terms->pdata[t];
      glong length = g_utf8_strlen (term, -1);

      for (glong k = 1; k <= length; k++)
        {
          g_autofree char *typed = g_utf8_substring (term, 0, k);
          g_autofree char *key = g_utf8_substring (term, k - 1, k);
          int position = -1;
          gint64 start;
          double update_ms;
          double frame_ms;

          idle_for (interval);
          /* One keystroke is one insertion at the end, one "changed"
           * (gtk_editable_set_text() would delete and insert: two) */
          start = g_get_monotonic_time ();
          gtk_editable_insert_text (entry, key, -1, &position);
          update_ms = (g_get_monotonic_time () - start) / 1000.0;
          wait_for_frame (GTK_WIDGET (window));
          frame_ms = (g_get_monotonic_time () - start) / 1000.0;

          g_array_append_val (update, update_ms);
          g_array_append_val (frame, frame_ms);
          if (k == 1)
            g_array_append_val (first_key, frame_ms);
          g_array_append_val (query, (double) { time_query (store, typed) });
        }

      /* Clearing the field is a keystroke too (Escape) */
      {
        gint64 start;
        double update_ms;
        double frame_ms;

        idle_for (interval);
        start = g_get_monotonic_time ();
        gtk_editable_delete_text (entry, 0, -1);
        update_ms = (g_get_monotonic_time () - start) / 1000.0;
        wait_for_frame (GTK_WIDGET (window));
        frame_ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (update, update_ms);
        g_array_append_val (frame, frame_ms);
      }
    }

  g_print ("{\n  \"terms\": [");
  for (guint t = 0; t < terms->len; t++)
    {
      g_autofree char *escaped = g_strescape (terms->pdata[t], NULL);

      g_print ("%s\"%s\"", t > 0 ? ", " : "", escaped);
    }
  g_print ("],\n");
  print_samples ("update_ms", update);
  print_samples ("frame_ms", frame);
  print_samples ("first_key_frame_ms", first_key);
  print_samples ("query_ms", query);
  g_print ("  \"keystrokes\": %u,\n", update->len);
  g_print ("  \"median_update_ms\": %.2f,\n", median (update));
  g_print ("  \"median_frame_ms\": %.2f,\n", median (frame));
  g_print ("  \"median_query_ms\": %.2f,\n", median (query));
  g_print ("  \"median_first_key_frame_ms\": %.2f\n}\n", median (first_key));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
