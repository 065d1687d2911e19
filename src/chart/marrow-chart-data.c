/* marrow-chart-data.c: what a score chart shows, as plain data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "marrow-chart-data.h"
#include "marrow-guidance-labels.h"

typedef struct
{
  MarrowChartSeries  pub;
  char              *key;
  char              *label;
  GArray            *values;   /* double */
  GArray            *imputed;  /* gboolean */
} Series;

struct _MarrowChartData
{
  gatomicrefcount  ref_count;
  char            *case_id;
  char            *instrument_id;
  char            *instrument_name;
  GStringChunk    *strings;
  GArray          *visits;       /* MarrowChartVisit */
  GPtrArray       *series;       /* Series */
  GArray          *events;       /* MarrowChartEvent, in day order */
  GArray          *instruments;  /* MarrowChartInstrumentChoice */
  GArray          *scores;       /* MarrowChartScoreChoice */
};

G_DEFINE_BOXED_TYPE (MarrowChartData, marrow_chart_data, marrow_chart_data_ref, marrow_chart_data_unref)

G_DEFINE_QUARK (marrow-chart-error-quark, marrow_chart_error)

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->key);
  g_free (series->label);
  g_array_unref (series->values);
  g_array_unref (series->imputed);
  g_free (series);
}

static const char *
intern (MarrowChartData *self,
        const char      *text)
{
  return text != NULL ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

/**
 * marrow_chart_data_new:
 * @instrument_id: (nullable): the instrument, or %NULL when the case has no
 *   scores at all
 * @instrument_name: (nullable): its name for people; defaults to the id
 *
 * Returns: (transfer full): an empty chart of @instrument_id
 */
MarrowChartData *
marrow_chart_data_new (const char *instrument_id,
                       const char *instrument_name)
{
  MarrowChartData *self = g_new0 (MarrowChartData, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->instrument_id = g_strdup (instrument_id);
  self->instrument_name = g_strdup (instrument_name != NULL ? instrument_name : instrument_id);
  self->strings = g_string_chunk_new (256);
  self->visits = g_array_new (FALSE, FALSE, sizeof (MarrowChartVisit));
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->events = g_array_new (FALSE, FALSE, sizeof (MarrowChartEvent));
  self->instruments = g_array_new (FALSE, FALSE, sizeof (MarrowChartInstrumentChoice));
  self->scores = g_array_new (FALSE, FALSE, sizeof (MarrowChartScoreChoice));
  return self;
}

MarrowChartData *
marrow_chart_data_ref (MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
marrow_chart_data_unref (MarrowChartData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->case_id);
  g_free (self->instrument_id);
  g_free (self->instrument_name);
  g_array_unref (self->visits);
  g_ptr_array_unref (self->series);
  g_array_unref (self->events);
  g_array_unref (self->instruments);
  g_array_unref (self->scores);
  g_string_chunk_free (self->strings);
  g_free (self);
}

void
marrow_chart_data_set_case_id (MarrowChartData *self,
                               const char      *case_id)
{
  g_return_if_fail (self != NULL);

  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
}

/**
 * marrow_chart_data_add_visit:
 * @self: a chart without series yet
 * @day: the day, not before the previous visit's
 * @assessment_id: (nullable): the assessment
 * @time_point: (nullable): its time point id
 *
 * Visits come first, in day order; series follow.
 *
 * Returns: the visit's index
 */
guint
marrow_chart_data_add_visit (MarrowChartData *self,
                             MarrowDay        day,
                             const char      *assessment_id,
                             const char      *time_point)
{
  MarrowChartVisit visit = { day, intern (self, assessment_id), intern (self, time_point) };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (day > 0, 0);
  g_return_val_if_fail (self->series->len == 0, 0);
  g_return_val_if_fail (self->visits->len == 0 ||
                        g_array_index (self->visits, MarrowChartVisit, self->visits->len - 1).day <= day, 0);

  g_array_append_val (self->visits, visit);
  return self->visits->len - 1;
}

/**
 * marrow_chart_data_add_series:
 *
 * Adds a score with no values yet (NAN at every visit), no baseline, MCID
 * or PASS.
 *
 * Returns: the series' index
 */
guint
marrow_chart_data_add_series (MarrowChartData *self,
                              const char      *key,
                              const char      *label,
                              double           min,
                              double           max,
                              gboolean         higher_is_better,
                              gboolean         whole)
{
  Series *series;
  double nan = NAN;
  gboolean no = FALSE;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);
  g_return_val_if_fail (max > min, 0);

  series = g_new0 (Series, 1);
  series->key = g_strdup (key);
  series->label = g_strdup (label != NULL ? label : key);
  series->values = g_array_sized_new (FALSE, FALSE, sizeof (double), self->visits->len);
  series->imputed = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), self->visits->len);
  for (guint i = 0; i < self->visits->len; i++)
    {
      g_array_append_val (series->values, nan);
      g_array_append_val (series->imputed, no);
    }
  series->pub = (MarrowChartSeries) {
    series->key, series->label, min, max, higher_is_better, whole,
    NAN, 0, NAN, NAN, FALSE,
    (const double *)(gpointer)series->values->data, (const gboolean *)(gpointer)series->imputed->data,
  };
  g_ptr_array_add (self->series, series);
  return self->series->len - 1;
}

void
marrow_chart_data_set_value (MarrowChartData *self,
                             guint            series,
                             guint            visit,
                             double           value,
                             gboolean         imputed)
{
  Series *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (visit < self->visits->len);

  s = self->series->pdata[series];
  g_array_index (s->values, double, visit) = value;
  g_array_index (s->imputed, gboolean, visit) = imputed && !isnan (value);
}

/**
 * marrow_chart_data_set_reference:
 * @baseline: the baseline value, or NAN
 * @baseline_day: its day, or 0
 * @mcid: the MCID, or NAN
 * @pass: the PASS, or NAN
 * @pass_is_reference: the PASS is a reference from another population
 */
void
marrow_chart_data_set_reference (MarrowChartData *self,
                                 guint            series,
                                 double           baseline,
                                 MarrowDay        baseline_day,
                                 double           mcid,
                                 double           pass,
                                 gboolean         pass_is_reference)
{
  Series *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);

  s = self->series->pdata[series];
  s->pub.baseline = baseline;
  s->pub.baseline_day = isnan (baseline) ? 0 : baseline_day;
  s->pub.mcid = mcid;
  s->pub.pass = pass;
  s->pub.pass_is_reference = pass_is_reference;
}

/**
 * marrow_chart_data_add_event:
 *
 * Adds an injection or harvest; events are kept in day order (equal days in
 * the order added).
 */
void
marrow_chart_data_add_event (MarrowChartData        *self,
                             const MarrowChartEvent *event)
{
  MarrowChartEvent copy;
  guint at;

  g_return_if_fail (self != NULL);
  g_return_if_fail (event != NULL);
  g_return_if_fail (event->day > 0);

  copy = *event;
  copy.id = intern (self, event->id);
  copy.dose = intern (self, event->dose);
  for (at = self->events->len; at > 0; at--)
    if (g_array_index (self->events, MarrowChartEvent, at - 1).day <= copy.day)
      break;
  g_array_insert_val (self->events, at, copy);
}

void
marrow_chart_data_add_instrument_choice (MarrowChartData *self,
                                         const char      *id,
                                         const char      *name,
                                         guint            n_assessments)
{
  MarrowChartInstrumentChoice choice;

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  choice = (MarrowChartInstrumentChoice) { intern (self, id), intern (self, name != NULL ? name : id),
                                           n_assessments };
  g_array_append_val (self->instruments, choice);
}

void
marrow_chart_data_add_score_choice (MarrowChartData *self,
                                    const char      *key,
                                    const char      *label)
{
  MarrowChartScoreChoice choice;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  choice = (MarrowChartScoreChoice) { intern (self, key), intern (self, label != NULL ? label : key) };
  g_array_append_val (self->scores, choice);
}

const char *
marrow_chart_data_get_case_id (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_id;
}

const char *
marrow_chart_data_get_instrument_id (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->instrument_id;
}

const char *
marrow_chart_data_get_instrument_name (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->instrument_name;
}

guint
marrow_chart_data_get_n_visits (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->visits->len;
}

const MarrowChartVisit *
marrow_chart_data_get_visit (const MarrowChartData *self,
                             guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->visits->len, NULL);
  return &g_array_index (self->visits, MarrowChartVisit, index);
}

guint
marrow_chart_data_get_n_series (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->series->len;
}

const MarrowChartSeries *
marrow_chart_data_get_series (const MarrowChartData *self,
                              guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->series->len, NULL);
  return &((Series *)self->series->pdata[index])->pub;
}

guint
marrow_chart_data_get_n_events (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->events->len;
}

const MarrowChartEvent *
marrow_chart_data_get_event (const MarrowChartData *self,
                             guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->events->len, NULL);
  return &g_array_index (self->events, MarrowChartEvent, index);
}

guint
marrow_chart_data_get_n_instrument_choices (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->instruments->len;
}

const MarrowChartInstrumentChoice *
marrow_chart_data_get_instrument_choice (const MarrowChartData *self,
                                         guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->instruments->len, NULL);
  return &g_array_index (self->instruments, MarrowChartInstrumentChoice, index);
}

guint
marrow_chart_data_get_n_score_choices (const MarrowChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->scores->len;
}

const MarrowChartScoreChoice *
marrow_chart_data_get_score_choice (const MarrowChartData *self,
                                    guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->scores->len, NULL);
  return &g_array_index (self->scores, MarrowChartScoreChoice, index);
}

/**
 * marrow_chart_data_count_points:
 *
 * Returns: how many values the chart draws (visits × series, not counting
 *   the gaps)
 */
guint
marrow_chart_data_count_points (const MarrowChartData *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint s = 0; s < self->series->len; s++)
    {
      const MarrowChartSeries *series = &((Series *)self->series->pdata[s])->pub;

      for (guint v = 0; v < self->visits->len; v++)
        if (!isnan (series->values[v]))
          n++;
    }
  return n;
}

/**
 * marrow_chart_data_get_day_range:
 * @first: (out): the first day with a visit or an event
 * @last: (out): the last one
 *
 * Returns: %FALSE when the chart has neither visits nor events
 */
gboolean
marrow_chart_data_get_day_range (const MarrowChartData *self,
                                 MarrowDay             *first,
                                 MarrowDay             *last)
{
  MarrowDay lo = G_MAXUINT32, hi = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->visits->len > 0)
    {
      lo = g_array_index (self->visits, MarrowChartVisit, 0).day;
      hi = g_array_index (self->visits, MarrowChartVisit, self->visits->len - 1).day;
    }
  if (self->events->len > 0)
    {
      lo = MIN (lo, g_array_index (self->events, MarrowChartEvent, 0).day);
      hi = MAX (hi, g_array_index (self->events, MarrowChartEvent, self->events->len - 1).day);
    }
  if (hi == 0)
    return FALSE;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  return TRUE;
}

/**
 * marrow_chart_data_find_last_injection:
 * @day: a day
 *
 * Returns: (nullable): the latest injection on or before @day
 */
const MarrowChartEvent *
marrow_chart_data_find_last_injection (const MarrowChartData *self,
                                       MarrowDay              day)
{
  const MarrowChartEvent *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->events->len; i++)
    {
      const MarrowChartEvent *event = &g_array_index (self->events, MarrowChartEvent, i);

      if (event->day > day)
        break;
      if (event->kind == MARROW_CHART_EVENT_INJECTION)
        found = event;
    }
  return found;
}

/**
 * marrow_chart_format_value:
 * @series: the series the value belongs to
 * @value: a value, or NAN
 *
 * Returns: (transfer full): the value as people read it ("45", "45.3"), or
 *   "not scorable"
 */
char *
marrow_chart_format_value (const MarrowChartSeries *series,
                           double                   value)
{
  g_return_val_if_fail (series != NULL, NULL);

  if (isnan (value))
    return g_strdup (_("not scorable"));
  if (series->whole || fabs (value - round (value)) < 0.05)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.1f", value);
}

/**
 * marrow_chart_time_point_label:
 * @id: a time point id: "baseline", "6w", "3m", "12m", "Ny", or the
 *   assessment's "yearly"
 *
 * Returns: (transfer none): the guidance panel's words for it ("6 weeks",
 *   "Year 3"), or "Yearly"
 */
const char *
marrow_chart_time_point_label (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  if (g_strcmp0 (id, "yearly") == 0)
    return _("Yearly");
  return marrow_guidance_time_point_label (id);
}

/**
 * marrow_chart_format_day:
 *
 * Returns: (transfer full): @day in the locale's words ("14 Mar 2025")
 */
char *
marrow_chart_format_day (MarrowDay day)
{
  g_autoptr(GDateTime) date = NULL;
  GDate gdate;

  g_return_val_if_fail (day > 0, NULL);

  g_date_clear (&gdate, 1);
  g_date_set_julian (&gdate, day);
  date = g_date_time_new_utc (g_date_get_year (&gdate), g_date_get_month (&gdate),
                              g_date_get_day (&gdate), 0, 0, 0);
  /* Translators: a day in a chart's tooltip and description, in
   * g_date_time_format() notation; "%-d %b %Y" gives "14 Mar 2025" */
  return g_date_time_format (date, C_("chart date", "%-d %b %Y"));
}

/* "45 at baseline", "75 at 6 months", "62 on 14 Mar 2025" */
static char *
describe_value (const MarrowChartData   *self,
                const MarrowChartSeries *series,
                guint                    visit)
{
  const MarrowChartVisit *v = &g_array_index (self->visits, MarrowChartVisit, visit);
  g_autofree char *value = marrow_chart_format_value (series, series->values[visit]);
  g_autofree char *day = NULL;

  if (g_strcmp0 (v->time_point, "baseline") == 0)
    /* Translators: a score at the baseline visit, e.g. "45 at baseline" */
    return g_strdup_printf (_("%s at baseline"), value);
  if (v->time_point != NULL)
    /* Translators: a score at a follow-up visit, e.g. "75 at 6 months" */
    return g_strdup_printf (_("%s at %s"), value, marrow_chart_time_point_label (v->time_point));
  day = marrow_chart_format_day (v->day);
  /* Translators: a score on a day, e.g. "62 on 14 Mar 2025" */
  return g_strdup_printf (_("%s on %s"), value, day);
}

/* Up to this many values are listed one by one; more are summarised */
#define DESCRIBE_MAX_LISTED 8

static void
describe_series (const MarrowChartData   *self,
                 const MarrowChartSeries *series,
                 GString                 *text)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  guint n = 0, first = 0, last = 0, best = 0;

  for (guint v = 0; v < self->visits->len; v++)
    {
      double value = series->values[v];

      if (isnan (value))
        continue;
      if (n == 0)
        first = best = v;
      last = v;
      if (series->higher_is_better ? value > series->values[best] : value < series->values[best])
        best = v;
      n++;
    }

  if (n == 0)
    {
      /* Translators: "KOOS Pain: no scores" */
      g_string_append_printf (text, _("%s: no scores."), series->label);
      return;
    }
  if (n <= DESCRIBE_MAX_LISTED)
    {
      for (guint v = 0; v < self->visits->len; v++)
        if (!isnan (series->values[v]))
          g_ptr_array_add (parts, describe_value (self, series, v));
    }
  else
    {
      g_autofree char *a = describe_value (self, series, first);
      g_autofree char *b = describe_value (self, series, best);
      g_autofree char *c = describe_value (self, series, last);

      /* Translators: the first score of many */
      g_ptr_array_add (parts, g_strdup_printf (_("first %s"), a));
      if (best != first && best != last)
        /* Translators: the best score of many */
        g_ptr_array_add (parts, g_strdup_printf (_("best %s"), b));
      /* Translators: the latest score of many */
      g_ptr_array_add (parts, g_strdup_printf (_("latest %s"), c));
    }
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (_(", "), (char **)parts->pdata);
  /* Translators: a score's values in a chart description, e.g.
   * "KOOS Pain: 45 at baseline, 75 at 6 months, 62 at 12 months" */
  g_string_append_printf (text, _("%s: %s"), series->label, joined);
  if (n > DESCRIBE_MAX_LISTED)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " (%u score)", " (%u scores)", n), n);
  g_string_append (text, series->higher_is_better ? _("; higher is better.") : _("; lower is better."));
}

/**
 * marrow_chart_data_describe:
 * @data: a chart
 *
 * The chart in words, for its accessible description and for text-only
 * output: each score's values at its time points, and the injections.
 *
 * Returns: (transfer full): e.g. "KOOS Pain: 45 at baseline, 75 at 6 months,
 *   62 at 12 months; higher is better. Injections: #1 on 3 Mar 2025."
 */
char *
marrow_chart_data_describe (const MarrowChartData *data)
{
  GString *text;
  g_autoptr(GPtrArray) injections = g_ptr_array_new_with_free_func (g_free);
  guint n_harvests = 0;

  g_return_val_if_fail (data != NULL, NULL);

  text = g_string_new (NULL);
  if (data->series->len == 0 || marrow_chart_data_count_points (data) == 0)
    {
      if (data->instrument_id != NULL)
        /* Translators: %s is an instrument such as KOOS */
        g_string_append_printf (text, _("No scores yet for %s."), data->instrument_id);
      else
        g_string_append (text, _("No scores yet."));
    }
  else
    for (guint s = 0; s < data->series->len; s++)
      {
        if (s > 0)
          g_string_append_c (text, ' ');
        describe_series (data, &((Series *)data->series->pdata[s])->pub, text);
      }

  for (guint i = 0; i < data->events->len; i++)
    {
      const MarrowChartEvent *event = &g_array_index (data->events, MarrowChartEvent, i);
      g_autofree char *day = marrow_chart_format_day (event->day);

      if (event->kind == MARROW_CHART_EVENT_HARVEST)
        {
          n_harvests++;
          continue;
        }
      if (event->booster)
        /* Translators: an injection in a chart description, "#2 (booster) on 3 Mar 2025" */
        g_ptr_array_add (injections, g_strdup_printf (_("#%u (booster) on %s"), event->number, day));
      else
        /* Translators: an injection in a chart description, "#1 on 3 Mar 2025" */
        g_ptr_array_add (injections, g_strdup_printf (_("#%u on %s"), event->number, day));
    }
  if (injections->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (injections, NULL);
      joined = g_strjoinv (_(", "), (char **)injections->pdata);
      /* Translators: the list of injections in a chart description */
      g_string_append_printf (text, _(" Injections: %s."), joined);
    }
  if (n_harvests > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %u harvest.", " %u harvests.",
                                               n_harvests), n_harvests);
  return g_string_free (text, FALSE);
}
