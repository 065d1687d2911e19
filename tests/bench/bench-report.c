/* bench-report.c: how long case reports take (a benchmark, not a test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-report DATABASE [N]
 *
 * Times (1) one case report of the database's case with the most
 * assessments, from the store to a finished PDF in memory, as the median
 * of 9 runs, and (2) a batch of N case reports (default 100) of its cases
 * in turn, as marrow-cli report does them, but in one process.  Issue 8
 * asks for under 300 ms and under 20 s; docs/report.md has the numbers.
 */
#include "config.h"

#include <stdlib.h>

#include "marrow-case-report.h"
#include "marrow-entities.h"
#include "marrow-guidance-settings.h"

static double
one_report (MarrowStore                    *store,
            MarrowGuidanceProtocolRegistry *protocols,
            MarrowRecord                   *joint_case,
            guint                          *pages)
{
  g_autoptr(MarrowReport) report = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  MarrowReportOptions options = { MARROW_CELL_UNIT_MILLIONS, 0, NULL, "Benchmark" };
  gint64 start = g_get_monotonic_time ();

  report = marrow_case_report_new (store, protocols, joint_case, &options, &error);
  if (report == NULL)
    g_error ("%s", error->message);
  *pages = marrow_report_paginate (report, MARROW_PAPER_A4);
  if (!marrow_report_write_pdf (report, out, NULL, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowGuidanceProtocolRegistry) protocols = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  MarrowListQuery all = { 0 };
  MarrowRecord *busiest = NULL;
  gint64 most = -1;
  double times[9];
  guint pages = 0;
  guint n = argc > 2 ? (guint)atoi (argv[2]) : 100;
  gint64 start;

  if (argc < 2)
    {
      g_printerr ("usage: bench-report DATABASE [N]\n");
      return 2;
    }
  store = marrow_store_open (argv[1], FALSE, &error);
  if (store == NULL || (protocols = marrow_guidance_protocols_load (store, &error)) == NULL)
    g_error ("%s", error->message);
  cases = marrow_store_find (store, &marrow_entity_joint_case, &all, &error);
  if (cases == NULL || cases->len == 0)
    g_error ("no joint case in %s", argv[1]);
  for (guint i = 0; i < cases->len; i++)
    {
      MarrowListQuery query = { NULL, FALSE, "joint_case_id", marrow_record_get_id (cases->pdata[i]), FALSE };
      g_autoptr(GPtrArray) assessments = marrow_store_find (store, &marrow_entity_assessment, &query, NULL);

      if (assessments != NULL && (gint64)assessments->len > most)
        most = assessments->len, busiest = cases->pdata[i];
    }

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    times[i] = one_report (store, protocols, busiest, &pages);
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], (GCompareFunc)compare_double);
  g_print ("one case report (%" G_GINT64_FORMAT " assessments, %u pages): median %.1f ms, "
           "min %.1f ms, max %.1f ms\n", most, pages, times[4], times[0], times[8]);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    one_report (store, protocols, cases->pdata[i % cases->len], &pages);
  g_print ("%u case reports in a batch: %.2f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
