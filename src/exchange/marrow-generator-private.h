/* marrow-generator-private.h: what the files of the practice generator share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * marrow-generator.c        the public entry, the batching of changes and the
 *                           chain-of-identity operations (services or core)
 * marrow-generator-util.c   seeded random numbers, ids, dates, names
 * marrow-generator-plan.c   who the patients are: the curated demo table and
 *                           random plans of the same shape
 * marrow-generator-patient.c a patient's records: identity, weights, cases,
 *                           prior treatments, treatments, adverse events
 * marrow-generator-product.c harvests, processing, QC, lots and aliquots
 * marrow-generator-injection.c treatments: injections from fresh lots and vials
 * marrow-generator-trajectory.c score trajectories, visits and questionnaire answers
 */
#pragma once

#include "marrow-entities.h"
#include "marrow-generator.h"
#include "marrow-instrument-registry.h"
#include "marrow-instrument-score.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Seeded random numbers (xoshiro256**, seeded with splitmix64).  Only
 * integer arithmetic and + − × ÷ on doubles are used, so the same seed gives
 * the same numbers on every platform. */

typedef struct
{
  guint64 s[4];
} MarrowGenRng;

void     marrow_gen_rng_init    (MarrowGenRng *rng,
                                 guint64       seed,
                                 guint64       stream);
guint64  marrow_gen_rng_next    (MarrowGenRng *rng);
double   marrow_gen_rng_double  (MarrowGenRng *rng);
double   marrow_gen_rng_uniform (MarrowGenRng *rng,
                                 double        lo,
                                 double        hi);
gint64   marrow_gen_rng_int     (MarrowGenRng *rng,
                                 gint64        lo,
                                 gint64        hi);
gboolean marrow_gen_rng_chance  (MarrowGenRng *rng,
                                 double        probability);
double   marrow_gen_rng_noise   (MarrowGenRng *rng,
                                 double        sd);
char    *marrow_gen_rng_uuid    (MarrowGenRng *rng);

#define MARROW_GEN_PICK(rng, array) \
  ((array)[marrow_gen_rng_int ((rng), 0, (gint64)G_N_ELEMENTS (array) - 1)])

/* ------------------------------------------------------------------------ */
/* Time: days and seconds since 1970-01-01 UTC */

/* The fictional practice is in the US (ICD-10-CM, FDA pathways); staff
 * saw local time there */
#define MARROW_GEN_TIME_ZONE "America/Chicago"

#define MARROW_GEN_DAY    ((gint64)86400)
#define MARROW_GEN_MINUTE ((gint64)60)

void   marrow_gen_civil         (gint64      day,
                                 int        *year,
                                 int        *month,
                                 int        *mday);
char  *marrow_gen_date_text     (gint64      day);
char  *marrow_gen_month_text    (gint64      day);
char  *marrow_gen_instant_text  (gint64      seconds);
gint64 marrow_gen_day_of        (gint64      seconds);
gint64 marrow_gen_workday       (gint64      day);
double marrow_gen_round         (double      value,
                                 int         decimals);
double marrow_gen_clamp         (double      value,
                                 double      lo,
                                 double      hi);
gint64 marrow_gen_minutes       (MarrowGenRng *rng,
                                 gint64        lo,
                                 gint64        hi);

/* ------------------------------------------------------------------------ */
/* Plans: who the patients are and what happens to them */

typedef enum
{
  MARROW_GEN_RESPONDER,      /* clear improvement that lasts */
  MARROW_GEN_PARTIAL,        /* improvement just above the MCID */
  MARROW_GEN_NON_RESPONDER,  /* no meaningful change */
  MARROW_GEN_WORSENED,       /* worse than before, then surgery */
  MARROW_GEN_WANING,         /* clear improvement, lost again after about 8 months */
  MARROW_GEN_BOOSTED,        /* waning, then a booster, then better again */
  MARROW_GEN_TOO_EARLY,      /* the first injection was less than 12 weeks ago */
} MarrowGenTrajectory;

typedef enum
{
  MARROW_GEN_BMAC,        /* fresh bone-marrow aspirate concentrate */
  MARROW_GEN_BMAC_BANK,   /* fresh BMAC, and expanded BM-MSC frozen in vials for boosters */
  MARROW_GEN_MFAT,        /* micro-fragmented adipose tissue */
  MARROW_GEN_SVF,         /* stromal vascular fraction (enzymatic digestion) */
  MARROW_GEN_ALLOGENEIC,  /* umbilical-cord MSC vials from a supplier */
} MarrowGenProduct;

typedef enum
{
  MARROW_GEN_KNEE,
  MARROW_GEN_HIP,
  MARROW_GEN_SHOULDER,
  MARROW_GEN_ANKLE,
} MarrowGenSite;

typedef enum
{
  MARROW_GEN_FLAG_FLARE             = 1 << 0,  /* pain flare right after the injection */
  MARROW_GEN_FLAG_VASOVAGAL         = 1 << 1,  /* fainting at the injection */
  MARROW_GEN_FLAG_EFFUSION          = 1 << 2,  /* joint effusion a few days later */
  MARROW_GEN_FLAG_HARVEST_PAIN      = 1 << 3,
  MARROW_GEN_FLAG_HARVEST_HAEMATOMA = 1 << 4,
  MARROW_GEN_FLAG_SERIOUS_UNRELATED = 1 << 5,  /* a hospital stay unrelated to the treatment */
  MARROW_GEN_FLAG_UNRESOLVED        = 1 << 6,  /* a recent effusion, still being followed */
  MARROW_GEN_FLAG_SURGERY           = 1 << 7,  /* the case ends in joint replacement */
  MARROW_GEN_FLAG_CLOSED            = 1 << 8,  /* the patient moved away */
  MARROW_GEN_FLAG_REJECTED_BANK     = 1 << 9,  /* the expanded lot fails its sterility test */
  MARROW_GEN_FLAG_MANUAL_SCAN       = 1 << 10, /* the product ID was typed, not scanned */
  MARROW_GEN_FLAG_DISCARD_VIAL      = 1 << 11, /* a vial breaks when it is thawed */
  MARROW_GEN_FLAG_PRP               = 1 << 12, /* PRP is given with the cells */
  MARROW_GEN_FLAG_OSS               = 1 << 13, /* shoulder followed with the Oxford score */
  MARROW_GEN_FLAG_DO_NOT_CONTACT    = 1 << 14,
} MarrowGenFlags;

typedef struct
{
  MarrowGenSite        site;
  gboolean             right;
  guint                diagnosis;    /* index into the site's diagnoses */
  int                  kl_grade;     /* -1: not graded */
  MarrowGenTrajectory  trajectory;
  MarrowGenProduct     product;
  int                  index_ago;    /* days from the first injection to today */
  int                  booster_ago;  /* days from the booster to today; 0: after the waning */
  guint                flags;
} MarrowGenCasePlan;

typedef struct
{
  gboolean           female;
  int                age;
  gboolean           pain_nrs;     /* pain on the 0–10 NRS instead of the VAS */
  guint              n_cases;
  MarrowGenCasePlan  cases[2];
} MarrowGenPatientPlan;

void        marrow_gen_demo_plan      (guint                 index,
                                       MarrowGenPatientPlan *plan);
void        marrow_gen_random_plan    (MarrowGenRng         *rng,
                                       MarrowGenPatientPlan *plan);
void        marrow_gen_patient_name   (gboolean              demo,
                                       guint                 index,
                                       gboolean              female,
                                       MarrowGenRng         *rng,
                                       const char          **given,
                                       const char          **family);
const char *marrow_gen_site_code      (MarrowGenSite         site);
void        marrow_gen_diagnosis      (const MarrowGenCasePlan *plan,
                                       const char          **code,
                                       const char          **text);
gboolean    marrow_gen_diagnosis_is_oa (const MarrowGenCasePlan *plan);

/* ------------------------------------------------------------------------ */
/* Trajectories: health on a 0–1 scale, 1 = best, for the joint instrument,
 * the pain scale and the patient global assessment */

typedef struct
{
  MarrowGenTrajectory trajectory;
  double              function0;     /* baseline */
  double              pain0;
  double              global0;
  double              gain;          /* full effect of the first injection */
  double              pain_gain;
  double              global_gain;
  double              wane;          /* part of the effect lost again (0–1) */
  gint64              wane_start;    /* the day the loss begins */
  double              booster_gain;  /* part of the effect regained after the booster */
  gint64              index_day;     /* the first injection */
  gint64              confirm_day;   /* the visit that confirms the waning; 0 if none */
  gint64              booster_day;   /* 0: no booster */
} MarrowGenCourse;

typedef struct
{
  gint64   day;
  guint    priority;   /* visits of low priority go first when there are too many */
  gboolean remote;     /* answered by phone or by post */
} MarrowGenVisit;

/* ------------------------------------------------------------------------ */
/* The generator */

typedef enum
{
  MARROW_GEN_STAFF_PHYSICIAN,
  MARROW_GEN_STAFF_PHYSICIAN_2,
  MARROW_GEN_STAFF_NURSE,
  MARROW_GEN_STAFF_LAB,
  MARROW_GEN_STAFF_QA,
  MARROW_GEN_STAFF_COORDINATOR,
  MARROW_GEN_N_STAFF,
} MarrowGenStaff;

/* Aliquots of one lot that can be given later: a patient's expanded-MSC
 * bank, or a supplier's lot of allogeneic vials */
typedef struct
{
  MarrowRecord *lot;
  MarrowRecord *run;        /* NULL for allogeneic */
  GPtrArray    *aliquots;
  guint         next;       /* the first aliquot not given yet */
  gboolean      usable;     /* released (not rejected) */
  gint64        released;
  gint64        expires;
} MarrowGenStock;

typedef struct _MarrowGen MarrowGen;

struct _MarrowGen
{
  MarrowStore               *store;
  gboolean                   demo;
  guint32                    seed;
  gint64                     today;        /* day */
  gint64                     now;          /* seconds: the end of the history */
  MarrowGenRng               rng;          /* the current patient's choices */
  MarrowGenRng               id_rng;       /* record ids */
  MarrowInstrumentRegistry  *instruments;
  GHashTable                *answer_models;
  char                      *staff_ids[MARROW_GEN_N_STAFF];
  const char                *facility;
  guint                      coi_sequence[200];   /* per year since 1900 */
  MarrowChangeSet           *pending;
  GHashTable                *pending_updates;
  guint64                    n_written;
  GPtrArray                 *allogeneic;   /* MarrowGenStock, the supplier's lots in stock */
  guint                      n_allogeneic;
  MarrowExchangeProgress     progress;
  gpointer                   progress_data;
  GCancellable              *cancellable;
  guint                      n_patients;
  guint                      patients_done;
};

typedef struct
{
  const MarrowGenCasePlan *plan;
  MarrowRecord            *record;
  const char              *instrument;   /* the primary instrument */
  MarrowGenCourse          course;
  GArray                  *visits;       /* MarrowGenVisit by day */
  GPtrArray               *performed;    /* (char *) performed_at of its injections */
  MarrowRecord            *last_injection;
} MarrowGenCase;

typedef struct
{
  MarrowGen                  *gen;
  const MarrowGenPatientPlan *plan;
  guint                       index;
  MarrowRecord               *record;
  GPtrArray                  *weights;
  double                      weight_kg;
  double                      height_cm;
  MarrowGenCase               cases[2];
  guint                       n_cases;
  MarrowGenStock             *bank;
  const char                 *pain_instrument;
  const char                 *physician;
} MarrowGenPatient;

/* One injection ready to be finalised */
typedef struct
{
  MarrowGenPatient *patient;
  MarrowGenCase    *joint_case;
  MarrowRecord     *injection;
  MarrowRecord     *product;
  MarrowRecord     *aliquot;
  MarrowRecord     *lot;
  gint64            at;          /* when it is finalised */
} MarrowGenInjection;

MarrowRecord *marrow_gen_record               (MarrowGen             *gen,
                                               const MarrowEntityDef *entity);
void          marrow_gen_set_ref              (MarrowRecord          *record,
                                               const char            *field,
                                               MarrowRecord          *target);
void          marrow_gen_set_date             (MarrowRecord          *record,
                                               const char            *field,
                                               gint64                 day);
void          marrow_gen_set_instant          (MarrowRecord          *record,
                                               const char            *field,
                                               gint64                 seconds);
const char   *marrow_gen_staff                (MarrowGen             *gen,
                                               MarrowGenStaff         staff);
void          marrow_gen_insert               (MarrowGen             *gen,
                                               MarrowRecord          *record,
                                               gint64                 at);
void          marrow_gen_touch                (MarrowGen             *gen,
                                               MarrowRecord          *record);
gboolean      marrow_gen_flush                (MarrowGen             *gen,
                                               GError               **error);
char         *marrow_gen_next_base            (MarrowGen             *gen,
                                               gint64                 day);
void          marrow_gen_acknowledge          (MarrowGen             *gen,
                                               MarrowRecord          *record,
                                               GPtrArray             *warnings,
                                               gint64                 at);
gboolean      marrow_gen_release_lot          (MarrowGen             *gen,
                                               MarrowGenStock        *stock,
                                               const char            *basis,
                                               const char            *note,
                                               gint64                 at,
                                               GError               **error);
gboolean      marrow_gen_reject_lot           (MarrowGen             *gen,
                                               MarrowGenStock        *stock,
                                               const char            *reason,
                                               gint64                 at,
                                               GError               **error);
gboolean      marrow_gen_transition_aliquot   (MarrowGen             *gen,
                                               MarrowGenStock        *stock,
                                               MarrowRecord          *aliquot,
                                               const char            *to,
                                               const char            *reason,
                                               gint64                 at,
                                               GError               **error);
gboolean      marrow_gen_finalise_injection   (MarrowGen             *gen,
                                               MarrowGenInjection    *injection,
                                               GError               **error);

MarrowGenStock *marrow_gen_stock_new          (void);
void            marrow_gen_stock_free         (MarrowGenStock        *stock);
gboolean        marrow_gen_stock_expire       (MarrowGen             *gen,
                                               MarrowGenStock        *stock,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowGenStock, marrow_gen_stock_free)

/* marrow-generator-patient.c */
gboolean marrow_gen_patient        (MarrowGen                  *gen,
                                    guint                       index,
                                    const MarrowGenPatientPlan *plan,
                                    GError                    **error);
void     marrow_gen_adverse_event  (MarrowGenPatient           *patient,
                                    MarrowGenCase              *joint_case,
                                    MarrowRecord               *injection,
                                    MarrowRecord               *harvest,
                                    const char                 *category,
                                    gint64                      onset_day,
                                    int                         severity,
                                    const char                 *relatedness,
                                    int                         days_to_resolve,
                                    const char                 *description,
                                    const char                 *action);
void     marrow_gen_add_weight     (MarrowGenPatient           *patient,
                                    gint64                      day);

/* marrow-generator-product.c */
MarrowGenStock *marrow_gen_fresh_lot          (MarrowGenPatient  *patient,
                                               MarrowGenProduct   product,
                                               guint              n_aliquots,
                                               guint              flags,
                                               gint64             day,
                                               GError           **error);
MarrowGenStock *marrow_gen_allogeneic_stock   (MarrowGen         *gen,
                                               gint64             day,
                                               GError           **error);

/* marrow-generator-injection.c */
gboolean        marrow_gen_treat_fresh        (MarrowGenPatient  *patient,
                                               MarrowGenProduct   product,
                                               MarrowGenCase    **cases,
                                               guint              n_cases,
                                               gint64             day,
                                               GError           **error);
gboolean        marrow_gen_treat_from_stock   (MarrowGenPatient  *patient,
                                               MarrowGenCase     *joint_case,
                                               MarrowGenStock    *stock,
                                               gint64             day,
                                               GError           **error);

/* marrow-generator-trajectory.c */
void     marrow_gen_course_init        (MarrowGenCourse         *course,
                                        MarrowGenRng            *rng,
                                        const MarrowGenCasePlan *plan,
                                        gint64                   today);
double   marrow_gen_course_effect      (const MarrowGenCourse   *course,
                                        gint64                   day);
GArray  *marrow_gen_course_visits      (const MarrowGenCourse   *course,
                                        MarrowGenRng            *rng,
                                        gint64                   today);
gboolean marrow_gen_case_assessments   (MarrowGenPatient        *patient,
                                        MarrowGenCase           *joint_case,
                                        GError                 **error);
void     marrow_gen_answer_model_free  (gpointer                 model);

G_END_DECLS
