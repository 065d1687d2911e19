/* marrow-guidance-snapshot.h: everything the guidance engine reads about one case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-guidance-types.h"

G_BEGIN_DECLS

/**
 * MarrowGuidanceInjection:
 * @day: the day of the injection (local date)
 * @product: the product class; %MARROW_GUIDANCE_PRODUCT_PRP_ONLY is not a
 *   cell injection
 * @route: the route
 * @ind_recorded: an IND (or other trial authorisation) is recorded
 * @tnc_cells: total nucleated cells given, or NAN
 * @viable_cells: viable cells given, or NAN
 * @cells_per_kg: viable cells per kg, or NAN
 * @id: (nullable): the record's UUID, for the schedule's anchors; interned
 */
typedef struct
{
  MarrowDay              day;
  MarrowGuidanceProduct  product;
  MarrowGuidanceRoute    route;
  gboolean               ind_recorded;
  double                 tnc_cells;
  double                 viable_cells;
  double                 cells_per_kg;
  const char            *id;
} MarrowGuidanceInjection;

/**
 * MarrowGuidanceScore:
 * @day: the day the questionnaire was completed
 * @instrument: instrument id (KOOS, PAIN_VAS …); interned
 * @score: score key (pain, adl …); interned
 * @value: the score on the instrument's own scale
 */
typedef struct
{
  MarrowDay   day;
  const char *instrument;
  const char *score;
  double      value;
} MarrowGuidanceScore;

/**
 * MarrowGuidanceAdverseEvent:
 * @onset: day of onset
 * @resolved: day it resolved, or 0 while unresolved
 * @category: the domain model's category code (septic_arthritis,
 *   effusion …); interned
 * @severity: CTCAE grade 1-5
 * @serious: reported as serious (for example hospitalisation)
 * @related: relatedness possible, probable or definite
 */
typedef struct
{
  MarrowDay   onset;
  MarrowDay   resolved;
  const char *category;
  int         severity;
  gboolean    serious;
  gboolean    related;
} MarrowGuidanceAdverseEvent;

/**
 * MarrowGuidanceChecklist:
 * @day: the day the red-flag checklist was filled in
 * @flags: the items found present
 */
typedef struct
{
  MarrowDay              day;
  MarrowGuidanceRedFlags flags;
} MarrowGuidanceChecklist;

/**
 * MarrowGuidanceOtherInjection:
 * @day: the (latest possible) day of an intra-articular injection of
 *   another drug, such as a corticosteroid (rule G7.4)
 * @kind: what was injected (the prior-treatment kind); interned
 */
typedef struct
{
  MarrowDay   day;
  const char *kind;
} MarrowGuidanceOtherInjection;

/**
 * MarrowGuidanceSnapshot:
 *
 * The inputs of one evaluation: plain data, no store and no clock.  Every
 * list is kept in day order as items are added (equal days keep the order
 * they were added in), so the engine never sorts.
 */
typedef struct _MarrowGuidanceSnapshot MarrowGuidanceSnapshot;

struct _MarrowGuidanceSnapshot
{
  char                *case_id;
  MarrowGuidanceJoint  joint;
  int                  kl_grade;         /* -1 when not recorded */
  int                  age_years;        /* -1 when not known */
  double               bmi;              /* NAN when not known */
  MarrowDay            planned_repeat;   /* a repeat requested for this day, or 0 */

  GArray              *injections;       /* MarrowGuidanceInjection */
  GArray              *scores;           /* MarrowGuidanceScore */
  GArray              *adverse_events;   /* MarrowGuidanceAdverseEvent */
  GArray              *checklists;       /* MarrowGuidanceChecklist */
  GArray              *other_injections; /* MarrowGuidanceOtherInjection */
};

MarrowGuidanceSnapshot *marrow_guidance_snapshot_new                  (const char                       *case_id,
                                                                       MarrowGuidanceJoint               joint);
void                    marrow_guidance_snapshot_free                 (MarrowGuidanceSnapshot           *self);
void                    marrow_guidance_snapshot_add_injection        (MarrowGuidanceSnapshot           *self,
                                                                       const MarrowGuidanceInjection    *injection);
void                    marrow_guidance_snapshot_add_score            (MarrowGuidanceSnapshot           *self,
                                                                       MarrowDay                         day,
                                                                       const char                       *instrument,
                                                                       const char                       *score,
                                                                       double                            value);
void                    marrow_guidance_snapshot_add_adverse_event    (MarrowGuidanceSnapshot           *self,
                                                                       const MarrowGuidanceAdverseEvent *event);
void                    marrow_guidance_snapshot_add_checklist        (MarrowGuidanceSnapshot           *self,
                                                                       MarrowDay                         day,
                                                                       MarrowGuidanceRedFlags            flags);
void                    marrow_guidance_snapshot_add_other_injection  (MarrowGuidanceSnapshot           *self,
                                                                       MarrowDay                         day,
                                                                       const char                       *kind);

MarrowGuidanceProduct   marrow_guidance_snapshot_get_product          (const MarrowGuidanceSnapshot     *snapshot,
                                                                       MarrowDay                         as_of);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowGuidanceSnapshot, marrow_guidance_snapshot_free)

G_END_DECLS
