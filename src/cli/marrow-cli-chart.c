/* marrow-cli-chart.c: marrow-cli chart DATABASE --case UUID -o FILE.png|.svg|.pdf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders a case's score chart without a display, with the renderer the
 * window uses (src/chart), for letters and presentations.  The format
 * follows the file name; PNG sizes are pixels, PDF and SVG sizes points.
 */
#define G_LOG_DOMAIN "marrow-cli-chart"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "marrow-chart-data.h"
#include "marrow-chart-render.h"
#include "marrow-cli-private.h"

#define DEFAULT_PNG_WIDTH   800
#define DEFAULT_PNG_HEIGHT  450
#define DEFAULT_PAGE_WIDTH  600   /* points: about the text width of an A4 letter */
#define DEFAULT_PAGE_HEIGHT 340
#define MIN_SIZE            100
#define MAX_SIZE            10000

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

static gboolean
format_of (const char *path,
           Format     *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
write_chart (const MarrowChartData  *data,
             const char             *path,
             Format                  format,
             double                  width,
             double                  height,
             GError                **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)width, (int)height);
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    }
  cr = cairo_create (surface);
  marrow_chart_render (cr, data, marrow_chart_style_get_print (), width, height);
  cairo_destroy (cr);
  if (format == FORMAT_PNG)
    {
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png (surface, path);
    }
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

int
_marrow_cli_chart (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MarrowStore) store = NULL;
  g_autoptr(MarrowChartData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *instrument = NULL;
  g_autofree char *subscales = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) keys = NULL;
  int width = 0, height = 0;
  Format format;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The joint case to chart"), N_("UUID") },
    { "instrument", 0, 0, G_OPTION_ARG_STRING, &instrument,
      N_("The instrument (default: the case's primary instrument, or its most used one)"), N_("ID") },
    { "subscales", 0, 0, G_OPTION_ARG_STRING, &subscales,
      N_("Comma-separated score keys to draw (default: the ones the guidance judges)"), N_("KEY,…") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the chart to FILE; the format follows the name: .png, .svg or .pdf"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width,
      N_("Width: pixels for PNG (default 800), points for PDF and SVG (default 600)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height,
      N_("Height: pixels for PNG (default 450), points for PDF and SVG (default 340)"), N_("H") },
    { NULL }
  };

  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_summary (context,
                                _("Draw a joint case's scores over time, with its injections, harvests, "
                                  "baseline, MCID band and PASS, as PNG, SVG or PDF. The same chart "
                                  "as in the window; no display is needed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_marrow_cli_parse (context, &argc, &argv, "chart"))
    return MARROW_CLI_EXIT_ERROR;

  if (argc != 2)
    return _marrow_cli_fail (_("chart: expected exactly one DATABASE argument"));
  if (case_id == NULL)
    return _marrow_cli_fail (_("chart: --case UUID is required"));
  if (output == NULL)
    return _marrow_cli_fail (_("chart: -o FILE is required (.png, .svg or .pdf)"));
  if (!format_of (output, &format))
    return _marrow_cli_fail (_("chart: -o: “%s” does not end in .png, .svg or .pdf"), output);
  if (width == 0)
    width = format == FORMAT_PNG ? DEFAULT_PNG_WIDTH : DEFAULT_PAGE_WIDTH;
  if (height == 0)
    height = format == FORMAT_PNG ? DEFAULT_PNG_HEIGHT : DEFAULT_PAGE_HEIGHT;
  if (width < MIN_SIZE || width > MAX_SIZE)
    return _marrow_cli_fail (_("chart: --width: %d is not between %d and %d"), width, MIN_SIZE, MAX_SIZE);
  if (height < MIN_SIZE || height > MAX_SIZE)
    return _marrow_cli_fail (_("chart: --height: %d is not between %d and %d"), height, MIN_SIZE, MAX_SIZE);
  if (subscales != NULL)
    {
      keys = g_strsplit (subscales, ",", -1);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          g_strstrip (keys[i]);
          if (keys[i][0] == '\0')
            return _marrow_cli_fail (_("chart: --subscales: an empty score key in “%s”"), subscales);
        }
      if (keys[0] == NULL)
        return _marrow_cli_fail (_("chart: --subscales: no score key given"));
    }

  store = _marrow_cli_open_database (argv[1], FALSE, &error);
  if (store == NULL)
    return _marrow_cli_fail ("chart: %s: %s", argv[1], error->message);

  data = marrow_chart_data_load (store, case_id, instrument, (const char * const *)keys, &error);
  if (data == NULL)
    {
      if (g_error_matches (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND))
        return _marrow_cli_fail (_("chart: no joint case %s: %s"), case_id, error->message);
      if (g_error_matches (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT))
        return _marrow_cli_fail ("chart: --instrument: %s", error->message);
      if (g_error_matches (error, MARROW_CHART_ERROR, MARROW_CHART_ERROR_UNKNOWN_SCORE))
        return _marrow_cli_fail ("chart: --subscales: %s", error->message);
      return _marrow_cli_fail ("chart: %s: %s", case_id, error->message);
    }

  if (!write_chart (data, output, format, width, height, &error))
    return _marrow_cli_fail ("chart: %s", error->message);
  return MARROW_CLI_EXIT_OK;
}
