/* marrow-chart-data.h: what a score chart shows, as plain data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One instrument of one joint case: its visits (assessments) in day order,
 * one series per selected score with a value per visit (NAN where the
 * score was not scorable), the baseline, MCID and PASS of each series, and
 * the case's injections and harvests.  No store and no GTK: the loader
 * (marrow_chart_data_load()) fills it from a store, tests and previews fill
 * it with the builder functions.  Build it, then treat it as immutable; it
 * is shared by reference counting.
 */
#pragma once

#include <glib-object.h>

#include "marrow-day.h"
#include "marrow-guidance.h"
#include "marrow-guidance-snapshot.h"
#include "marrow-instrument.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_CHART_ERROR (marrow_chart_error_quark ())

/**
 * MarrowChartError:
 * @MARROW_CHART_ERROR_UNKNOWN_SCORE: a score key the instrument does not have
 */
typedef enum
{
  MARROW_CHART_ERROR_UNKNOWN_SCORE,
} MarrowChartError;

GQuark marrow_chart_error_quark (void);

/**
 * MarrowChartVisit:
 * @day: the day the questionnaire was completed
 * @assessment_id: (nullable): the assessment's UUID
 * @time_point: (nullable): its time point id ("baseline", "6w", "3m", "12m",
 *   "Ny" …), or %NULL when it has none
 */
typedef struct
{
  MarrowDay   day;
  const char *assessment_id;
  const char *time_point;
} MarrowChartVisit;

/**
 * MarrowChartSeries:
 * @key: the score key ("pain")
 * @label: for people ("KOOS Pain")
 * @min: lowest value of the score
 * @max: highest value of the score
 * @higher_is_better: the direction of improvement
 * @whole: values are shown as whole numbers
 * @baseline: the baseline value, or NAN when there is none
 * @baseline_day: its day, or 0
 * @mcid: the minimal clinically important difference, or NAN
 * @pass: the patient acceptable symptom state, or NAN
 * @pass_is_reference: the PASS comes from another population; shown as a
 *   reference only
 * @values: (array length=n_visits): one value per visit, NAN where the score
 *   was not scorable (or not asked)
 * @imputed: (array length=n_visits): the value used imputed items
 */
typedef struct
{
  const char *key;
  const char *label;
  double      min;
  double      max;
  gboolean    higher_is_better;
  gboolean    whole;
  double      baseline;
  MarrowDay   baseline_day;
  double      mcid;
  double      pass;
  gboolean    pass_is_reference;
  const double   *values;
  const gboolean *imputed;
} MarrowChartSeries;

typedef enum
{
  MARROW_CHART_EVENT_INJECTION,
  MARROW_CHART_EVENT_HARVEST,
} MarrowChartEventKind;

/**
 * MarrowChartEvent:
 * @kind: an injection or a harvest
 * @day: its day
 * @id: (nullable): the record's UUID
 * @number: the injection's number in the case (1, 2 …); 0 for a harvest
 * @booster: the injection is a booster
 * @cell_product: the injection gave cells (not PRP alone)
 * @dose: (nullable): the dose as people read it ("48 M cells", "4 mL")
 */
typedef struct
{
  MarrowChartEventKind  kind;
  MarrowDay             day;
  const char           *id;
  guint                 number;
  gboolean              booster;
  gboolean              cell_product;
  const char           *dose;
} MarrowChartEvent;

/**
 * MarrowChartInstrumentChoice:
 * @id: an instrument the case has assessments of
 * @name: its name
 * @n_assessments: how many
 */
typedef struct
{
  const char *id;
  const char *name;
  guint       n_assessments;
} MarrowChartInstrumentChoice;

/**
 * MarrowChartScoreChoice:
 * @key: a score key of the instrument
 * @label: its label
 */
typedef struct
{
  const char *key;
  const char *label;
} MarrowChartScoreChoice;

typedef struct _MarrowChartData MarrowChartData;

#define MARROW_TYPE_CHART_DATA (marrow_chart_data_get_type ())

GType                  marrow_chart_data_get_type      (void) G_GNUC_CONST;

/* Loading from a store (marrow-chart-loader.c) */
MarrowChartData       *marrow_chart_data_load          (MarrowStore             *store,
                                                        const char              *case_uuid,
                                                        const char              *instrument_id,
                                                        const char * const      *score_keys,
                                                        GError                 **error);
MarrowChartData       *marrow_chart_data_load_for_evaluation (MarrowStore                  *store,
                                                              MarrowGuidanceEvaluation     *evaluation,
                                                              const MarrowGuidanceSnapshot *snapshot,
                                                              const char                   *instrument_id,
                                                              const char * const           *score_keys,
                                                              GError                      **error);

/* Building */
MarrowChartData       *marrow_chart_data_new           (const char              *instrument_id,
                                                        const char              *instrument_name);
MarrowChartData       *marrow_chart_data_ref           (MarrowChartData         *self);
void                   marrow_chart_data_unref         (MarrowChartData         *self);
void                   marrow_chart_data_set_case_id   (MarrowChartData         *self,
                                                        const char              *case_id);
guint                  marrow_chart_data_add_visit     (MarrowChartData         *self,
                                                        MarrowDay                day,
                                                        const char              *assessment_id,
                                                        const char              *time_point);
guint                  marrow_chart_data_add_series    (MarrowChartData         *self,
                                                        const char              *key,
                                                        const char              *label,
                                                        double                   min,
                                                        double                   max,
                                                        gboolean                 higher_is_better,
                                                        gboolean                 whole);
void                   marrow_chart_data_set_value     (MarrowChartData         *self,
                                                        guint                    series,
                                                        guint                    visit,
                                                        double                   value,
                                                        gboolean                 imputed);
void                   marrow_chart_data_set_reference (MarrowChartData         *self,
                                                        guint                    series,
                                                        double                   baseline,
                                                        MarrowDay                baseline_day,
                                                        double                   mcid,
                                                        double                   pass,
                                                        gboolean                 pass_is_reference);
void                   marrow_chart_data_add_event     (MarrowChartData         *self,
                                                        const MarrowChartEvent  *event);
void                   marrow_chart_data_add_instrument_choice (MarrowChartData *self,
                                                        const char              *id,
                                                        const char              *name,
                                                        guint                    n_assessments);
void                   marrow_chart_data_add_score_choice (MarrowChartData      *self,
                                                        const char              *key,
                                                        const char              *label);

/* Reading */
const char            *marrow_chart_data_get_case_id         (const MarrowChartData *self);
const char            *marrow_chart_data_get_instrument_id   (const MarrowChartData *self);
const char            *marrow_chart_data_get_instrument_name (const MarrowChartData *self);
guint                  marrow_chart_data_get_n_visits        (const MarrowChartData *self);
const MarrowChartVisit *marrow_chart_data_get_visit          (const MarrowChartData *self,
                                                              guint                  index);
guint                  marrow_chart_data_get_n_series        (const MarrowChartData *self);
const MarrowChartSeries *marrow_chart_data_get_series        (const MarrowChartData *self,
                                                              guint                  index);
guint                  marrow_chart_data_get_n_events        (const MarrowChartData *self);
const MarrowChartEvent *marrow_chart_data_get_event          (const MarrowChartData *self,
                                                              guint                  index);
guint                  marrow_chart_data_get_n_instrument_choices (const MarrowChartData *self);
const MarrowChartInstrumentChoice *marrow_chart_data_get_instrument_choice (const MarrowChartData *self,
                                                              guint                  index);
guint                  marrow_chart_data_get_n_score_choices (const MarrowChartData *self);
const MarrowChartScoreChoice *marrow_chart_data_get_score_choice (const MarrowChartData *self,
                                                              guint                  index);
guint                  marrow_chart_data_count_points        (const MarrowChartData *self);
gboolean               marrow_chart_data_get_day_range       (const MarrowChartData *self,
                                                              MarrowDay             *first,
                                                              MarrowDay             *last);
const MarrowChartEvent *marrow_chart_data_find_last_injection (const MarrowChartData *self,
                                                              MarrowDay              day);

/* Words */
char                  *marrow_chart_data_describe            (const MarrowChartData *data);
char                  *marrow_chart_format_value             (const MarrowChartSeries *series,
                                                              double                 value);
const char            *marrow_chart_time_point_label         (const char            *id);
char                  *marrow_chart_format_day               (MarrowDay              day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowChartData, marrow_chart_data_unref)

G_END_DECLS
