/* marrow-guidance-protocol.h: a practice protocol for repeat-treatment guidance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A protocol holds every threshold the rules use, each with its citation
 * and evidence class (guidance-evidence.md section 3.2).  It is loaded from
 * the XML files in data/protocols/ (docs/guidance.md) and never changes afterwards.
 */
#pragma once

#include <glib-object.h>

#include "marrow-guidance-types.h"

G_BEGIN_DECLS

#define MARROW_GUIDANCE_PROTOCOL_ERROR (marrow_guidance_protocol_error_quark ())

/**
 * MarrowGuidanceProtocolError:
 * @MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION: a protocol file is broken;
 *   the message starts with "FILE:LINE: "
 * @MARROW_GUIDANCE_PROTOCOL_ERROR_NO_PROTOCOL: no protocol covers a case
 */
typedef enum
{
  MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
  MARROW_GUIDANCE_PROTOCOL_ERROR_NO_PROTOCOL,
} MarrowGuidanceProtocolError;

GQuark marrow_guidance_protocol_error_quark (void);

/**
 * MarrowGuidanceCitation:
 * @text: the source, as written in the protocol file
 * @evidence: its evidence class
 */
typedef struct
{
  char                   *text;
  MarrowGuidanceEvidence  evidence;
} MarrowGuidanceCitation;

/**
 * MarrowGuidanceValue:
 * @value: the number, or NAN when the protocol leaves it unset
 * @citation: where it comes from
 */
typedef struct
{
  double                 value;
  MarrowGuidanceCitation citation;
} MarrowGuidanceValue;

/**
 * MarrowGuidanceSource:
 * @instrument: instrument id; interned
 * @score: score key; interned
 * @label: how statements name it ("KOOS Pain")
 * @min: lowest value of the score
 * @max: highest value of the score
 * @higher_is_better: direction of the score
 * @mcid: minimal clinically important difference, on the score's own scale
 * @pass: patient acceptable symptom state, or NAN
 * @pass_is_reference: the PASS comes from another population (for example
 *   arthroplasty) and is shown as a reference only
 *
 * One score that can measure a domain.
 */
typedef struct
{
  const char          *instrument;
  const char          *score;
  char                *label;
  double               min;
  double               max;
  gboolean             higher_is_better;
  MarrowGuidanceValue  mcid;
  MarrowGuidanceValue  pass;
  gboolean             pass_is_reference;
} MarrowGuidanceSource;

/**
 * MarrowGuidanceTimePointDef:
 * @id: "baseline", "6w", "3m" …; interned
 * @months: calendar months after the anchor injection
 * @days: days after the anchor, added to @months
 * @minus: window before the target day
 * @plus: window after the target day
 */
typedef struct
{
  const char *id;
  guint       months;
  guint       days;
  guint       minus;
  guint       plus;
} MarrowGuidanceTimePointDef;

/**
 * MarrowGuidanceParameter:
 *
 * The named numbers of a protocol's <parameters>.
 */
typedef enum
{
  MARROW_GUIDANCE_PARAM_EARLIEST_JUDGEMENT_DAYS,
  MARROW_GUIDANCE_PARAM_PRIMARY_FROM_DAYS,
  MARROW_GUIDANCE_PARAM_PRIMARY_TO_DAYS,
  MARROW_GUIDANCE_PARAM_FINAL_JUDGEMENT_DAYS,
  MARROW_GUIDANCE_PARAM_PEAK_FROM_DAYS,
  MARROW_GUIDANCE_PARAM_CONFIRMATION_GAP_DAYS,
  MARROW_GUIDANCE_PARAM_VISIT_SPAN_DAYS,
  MARROW_GUIDANCE_PARAM_BASELINE_WARN_DAYS,
  MARROW_GUIDANCE_PARAM_BASELINE_MAX_DAYS,
  MARROW_GUIDANCE_PARAM_BOOSTER_MIN_INTERVAL_DAYS,
  MARROW_GUIDANCE_PARAM_ABSOLUTE_MIN_INTERVAL_DAYS,
  MARROW_GUIDANCE_PARAM_CUMULATIVE_COUNT,
  MARROW_GUIDANCE_PARAM_CUMULATIVE_MONTHS,
  MARROW_GUIDANCE_PARAM_OTHER_INJECTION_DAYS,
  MARROW_GUIDANCE_PARAM_PERSISTING_EVENT_DAYS,
  MARROW_GUIDANCE_PARAM_BMI_NOTE,
  MARROW_GUIDANCE_PARAM_EXPANDED_DOSE_MIN,
  MARROW_GUIDANCE_PARAM_EXPANDED_DOSE_MAX,
  MARROW_GUIDANCE_PARAM_BMAC_TNC,
  MARROW_GUIDANCE_N_PARAMS
} MarrowGuidanceParameter;

/**
 * MarrowGuidanceOption:
 * @enabled: the clinic switched it on
 * @from: start of the window (days for the second dose, months for the
 *   clinic booster)
 * @to: end of the window, inclusive
 * @citation: its source
 *
 * An optional protocol step: the planned second dose (G5b) or a clinic
 * booster window (G5i).
 */
typedef struct
{
  gboolean               enabled;
  guint                  from;
  guint                  to;
  MarrowGuidanceCitation citation;
} MarrowGuidanceOption;

typedef struct _MarrowGuidanceProtocol MarrowGuidanceProtocol;

/**
 * MarrowGuidanceProtocol:
 *
 * Immutable once loaded; shared by reference counting.  The fields are
 * public so that the engine reads them without calls.
 */
struct _MarrowGuidanceProtocol
{
  gatomicrefcount         ref_count;
  char                   *id;
  char                   *version;
  char                   *title;
  char                   *source;
  gboolean                any_joint;
  MarrowGuidanceJoint     joint;
  guint                   products;        /* 1 << MarrowGuidanceProduct; 0: every cell product */
  gboolean                us_compliance;   /* rule G6 regulatory flag */

  GArray                 *sources[MARROW_GUIDANCE_N_DOMAINS];  /* MarrowGuidanceSource */
  MarrowGuidanceValue     params[MARROW_GUIDANCE_N_PARAMS];
  MarrowGuidanceOption    second_dose;
  MarrowGuidanceOption    clinic_booster;

  GArray                 *time_points;     /* MarrowGuidanceTimePointDef */
  guint                   yearly_minus;
  guint                   yearly_plus;
  MarrowGuidanceCitation  schedule_citation;
};

#define MARROW_TYPE_GUIDANCE_PROTOCOL (marrow_guidance_protocol_get_type ())

GType                   marrow_guidance_protocol_get_type       (void) G_GNUC_CONST;
MarrowGuidanceProtocol *marrow_guidance_protocol_new_from_bytes (GBytes                  *xml,
                                                                 const char              *source,
                                                                 GError                 **error);
MarrowGuidanceProtocol *marrow_guidance_protocol_ref            (MarrowGuidanceProtocol  *self);
void                    marrow_guidance_protocol_unref          (MarrowGuidanceProtocol  *self);
gboolean                marrow_guidance_protocol_covers         (MarrowGuidanceProtocol  *self,
                                                                 MarrowGuidanceJoint      joint,
                                                                 MarrowGuidanceProduct    product);
double                  marrow_guidance_protocol_get            (MarrowGuidanceProtocol  *self,
                                                                 MarrowGuidanceParameter  param);
const char             *marrow_guidance_parameter_to_string     (MarrowGuidanceParameter  param);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowGuidanceProtocol, marrow_guidance_protocol_unref)

G_END_DECLS
