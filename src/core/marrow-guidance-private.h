/* marrow-guidance-private.h: the state of one evaluation, shared by the rule files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * marrow-guidance.c runs the steps in order: schedule (G1), response (G2,
 * G3), durability (G4), red flags (G7), repeat guidance (G5) and dose and
 * route context (G6).  Each step reads the work state and adds to the
 * evaluation.
 */
#pragma once

#include "marrow-guidance.h"

G_BEGIN_DECLS

struct _MarrowGuidanceEvaluation
{
  char                         *case_id;
  MarrowDay                     as_of;
  MarrowGuidanceProtocol       *protocol;
  MarrowGuidanceClassification  classification;
  MarrowGuidanceDurability      durability;
  MarrowGuidanceRecommendation  recommendation;
  MarrowGuidanceFlags           flags;
  MarrowDay                     next_review;
  GArray                       *statements;    /* MarrowGuidanceStatement */
  GArray                       *time_points;   /* MarrowGuidanceTimePoint */
  MarrowGuidanceDomainResult    domains[MARROW_GUIDANCE_N_DOMAINS];
};

/* One day with scores: the values of the chosen source of each domain */
typedef struct
{
  MarrowDay day;
  guint     has;                                /* 1 << MarrowGuidanceDomain */
  double    value[MARROW_GUIDANCE_N_DOMAINS];
} MarrowGuidanceVisit;

/* The label of one visit against the baseline (rule G3) */
typedef struct
{
  MarrowGuidanceClassification label;
  gboolean                     oarsi;
  gboolean                     oarsi_high;      /* criterion A */
  guint                        oarsi_domains;   /* domains meeting criterion B */
} MarrowGuidanceVisitLabel;

#define MARROW_GUIDANCE_STACK_VISITS 32

typedef struct
{
  const MarrowGuidanceSnapshot *snapshot;
  MarrowGuidanceProtocol       *protocol;
  MarrowGuidanceEvaluation     *eval;
  MarrowDay                     as_of;

  guint                         n_injections;    /* those on or before as_of */
  guint                         n_scores;        /* those on or before as_of */
  int                           first_cell;      /* injection indices, -1 for none */
  int                           last_cell;
  int                           previous_cell;
  MarrowGuidanceProduct         product;         /* of the last cell injection */

  /* Visits of the current course (after the last cell injection) */
  MarrowGuidanceVisit          *visits;
  guint                         n_visits;
  MarrowGuidanceVisit           stack_visits[MARROW_GUIDANCE_STACK_VISITS];

  gboolean                      ever_responded;  /* RESPONDER or PARTIAL in this course */
  gboolean                      ever_oarsi;
  gboolean                      hold;            /* a G7 red flag */
} MarrowGuidanceWork;

void     _marrow_guidance_add_statement       (MarrowGuidanceWork          *work,
                                               MarrowGuidanceStatementCode  code,
                                               const char                  *str0,
                                               const char                  *str1,
                                               guint                        n_numbers,
                                               ...);
double   _marrow_guidance_param               (MarrowGuidanceWork          *work,
                                               MarrowGuidanceParameter      param);
double   _marrow_guidance_improvement         (const MarrowGuidanceSource  *source,
                                               double                       from,
                                               double                       to);
void     _marrow_guidance_label_visit         (MarrowGuidanceWork          *work,
                                               const MarrowGuidanceVisit   *visit,
                                               MarrowGuidanceVisitLabel    *label);

void     _marrow_guidance_schedule            (MarrowGuidanceWork          *work);
void     _marrow_guidance_response            (MarrowGuidanceWork          *work);
void     _marrow_guidance_durability          (MarrowGuidanceWork          *work);
void     _marrow_guidance_red_flags           (MarrowGuidanceWork          *work);
void     _marrow_guidance_repeat              (MarrowGuidanceWork          *work);
void     _marrow_guidance_context             (MarrowGuidanceWork          *work);

#define MARROW_GUIDANCE_IS_CELL(injection) ((injection)->product != MARROW_GUIDANCE_PRODUCT_PRP_ONLY)

G_END_DECLS
