/* marrow-generator-plan.c: who the fictional patients are and what happens to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo practice is a table written by hand, so that every feature the
 * issue asks for is there on every seed: each joint on both sides, several
 * diagnoses and Kellgren-Lawrence grades, bone-marrow and adipose harvests,
 * expanded cells banked for boosters, allogeneic lots, adverse events, and
 * the trajectories a physician must tell apart (responder, partial,
 * non-responder, worsened, waning, boosted, too early).  The seed still
 * chooses every date, count and answer around that frame.
 *
 * Synthetic practices of any size draw plans of the same shape at random.
 *
 * All names are invented and look it; local ids start with DEMO- or SYN-.
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include <string.h>

#include "marrow-generator-private.h"

/* ------------------------------------------------------------------------ */
/* Sites and diagnoses (ICD-10-CM)                                          */

typedef struct
{
  const char *code_left;
  const char *code_right;
  const char *text_left;
  const char *text_right;
  gboolean    osteoarthritis;
} Diagnosis;

static const Diagnosis knee_diagnoses[] = {
  { "M17.12", "M17.11", "Unilateral primary osteoarthritis, left knee",
    "Unilateral primary osteoarthritis, right knee", TRUE },
  { "M17.32", "M17.31", "Unilateral post-traumatic osteoarthritis, left knee",
    "Unilateral post-traumatic osteoarthritis, right knee", TRUE },
  { "M22.42", "M22.41", "Chondromalacia patellae, left knee",
    "Chondromalacia patellae, right knee", FALSE },
  { "M23.222", "M23.221",
    "Derangement of posterior horn of medial meniscus due to old tear or injury, left knee",
    "Derangement of posterior horn of medial meniscus due to old tear or injury, right knee",
    FALSE },
};

static const Diagnosis hip_diagnoses[] = {
  { "M16.12", "M16.11", "Unilateral primary osteoarthritis, left hip",
    "Unilateral primary osteoarthritis, right hip", TRUE },
  { "M87.052", "M87.051", "Idiopathic aseptic necrosis of left femur",
    "Idiopathic aseptic necrosis of right femur", FALSE },
  { "M16.52", "M16.51", "Unilateral post-traumatic osteoarthritis, left hip",
    "Unilateral post-traumatic osteoarthritis, right hip", TRUE },
};

static const Diagnosis shoulder_diagnoses[] = {
  { "M19.012", "M19.011", "Primary osteoarthritis, left shoulder",
    "Primary osteoarthritis, right shoulder", TRUE },
  { "M19.112", "M19.111", "Post-traumatic osteoarthritis, left shoulder",
    "Post-traumatic osteoarthritis, right shoulder", TRUE },
  { "M19.212", "M19.211", "Secondary osteoarthritis, left shoulder",
    "Secondary osteoarthritis, right shoulder", TRUE },
};

static const Diagnosis ankle_diagnoses[] = {
  { "M19.072", "M19.071", "Primary osteoarthritis, left ankle and foot",
    "Primary osteoarthritis, right ankle and foot", TRUE },
  { "M19.172", "M19.171", "Post-traumatic osteoarthritis, left ankle and foot",
    "Post-traumatic osteoarthritis, right ankle and foot", TRUE },
  { "M93.272", "M93.271", "Osteochondritis dissecans, left ankle and joints of left foot",
    "Osteochondritis dissecans, right ankle and joints of right foot", FALSE },
};

static const Diagnosis *
site_diagnoses (MarrowGenSite  site,
                guint         *n)
{
  switch (site)
    {
    case MARROW_GEN_KNEE:
      *n = G_N_ELEMENTS (knee_diagnoses);
      return knee_diagnoses;
    case MARROW_GEN_HIP:
      *n = G_N_ELEMENTS (hip_diagnoses);
      return hip_diagnoses;
    case MARROW_GEN_SHOULDER:
      *n = G_N_ELEMENTS (shoulder_diagnoses);
      return shoulder_diagnoses;
    case MARROW_GEN_ANKLE:
    default:
      *n = G_N_ELEMENTS (ankle_diagnoses);
      return ankle_diagnoses;
    }
}

static const Diagnosis *
plan_diagnosis (const MarrowGenCasePlan *plan)
{
  guint n;
  const Diagnosis *list = site_diagnoses (plan->site, &n);

  return &list[MIN (plan->diagnosis, n - 1)];
}

/* The joint_case.site code */
const char *
marrow_gen_site_code (MarrowGenSite site)
{
  switch (site)
    {
    case MARROW_GEN_KNEE:
      return "knee";
    case MARROW_GEN_HIP:
      return "hip";
    case MARROW_GEN_SHOULDER:
      return "shoulder_gh";
    case MARROW_GEN_ANKLE:
    default:
      return "ankle";
    }
}

void
marrow_gen_diagnosis (const MarrowGenCasePlan  *plan,
                      const char              **code,
                      const char              **text)
{
  const Diagnosis *diagnosis = plan_diagnosis (plan);

  *code = plan->right ? diagnosis->code_right : diagnosis->code_left;
  *text = plan->right ? diagnosis->text_right : diagnosis->text_left;
}

gboolean
marrow_gen_diagnosis_is_oa (const MarrowGenCasePlan *plan)
{
  return plan_diagnosis (plan)->osteoarthritis;
}

/* ------------------------------------------------------------------------ */
/* The demo practice                                                        */

#define L FALSE
#define R TRUE
#define KNEE MARROW_GEN_KNEE
#define HIP MARROW_GEN_HIP
#define SHOULDER MARROW_GEN_SHOULDER
#define ANKLE MARROW_GEN_ANKLE
#define RESP MARROW_GEN_RESPONDER
#define PART MARROW_GEN_PARTIAL
#define NONR MARROW_GEN_NON_RESPONDER
#define WORSE MARROW_GEN_WORSENED
#define WANE MARROW_GEN_WANING
#define BOOST MARROW_GEN_BOOSTED
#define EARLY MARROW_GEN_TOO_EARLY
#define BMAC MARROW_GEN_BMAC
#define BANK MARROW_GEN_BMAC_BANK
#define MFAT MARROW_GEN_MFAT
#define SVF MARROW_GEN_SVF
#define ALLO MARROW_GEN_ALLOGENEIC
#define F(x) MARROW_GEN_FLAG_##x
/* site, right, diagnosis, KL grade, trajectory, product, index_ago, booster_ago, flags */
#define C(s, r, dx, kl, t, p, ago, boost, fl) { s, r, dx, kl, t, p, ago, boost, fl }
#define NO_CASE C (KNEE, L, 0, 0, RESP, BMAC, 0, 0, 0)

/* Two cases with the same site, index_ago and product are treated on the
 * same day from the same harvest (both knees from one aspirate). */
static const MarrowGenPatientPlan demo_patients[MARROW_GENERATOR_DEMO_PATIENTS] = {
  { TRUE, 62, FALSE, 2, { C (KNEE, L, 0, 2, RESP, BMAC, 420, 0, 0),
                          C (KNEE, R, 0, 2, RESP, BMAC, 420, 0, 0) } },
  { FALSE, 58, FALSE, 1, { C (KNEE, R, 0, 3, WANE, BANK, 520, 0, 0), NO_CASE } },
  { TRUE, 67, FALSE, 2, { C (HIP, L, 0, 2, RESP, BMAC, 300, 0, 0),
                          C (HIP, R, 0, 2, RESP, BMAC, 300, 0, 0) } },
  { FALSE, 49, FALSE, 1, { C (SHOULDER, R, 0, 2, RESP, ALLO, 380, 0, 0), NO_CASE } },
  { TRUE, 71, FALSE, 1, { C (KNEE, L, 0, 4, NONR, BMAC, 400, 0, F (SURGERY)), NO_CASE } },
  { FALSE, 45, FALSE, 1, { C (ANKLE, R, 1, 2, RESP, BMAC, 260, 0, 0), NO_CASE } },
  { TRUE, 55, FALSE, 1, { C (KNEE, R, 3, 1, EARLY, MFAT, 60, 0, 0), NO_CASE } },
  { FALSE, 63, FALSE, 2, { C (HIP, R, 0, 3, BOOST, BANK, 700, 0, 0),
                           C (KNEE, R, 0, 2, RESP, ALLO, 200, 0, 0) } },
  { TRUE, 59, TRUE, 1, { C (KNEE, L, 0, 3, BOOST, ALLO, 650, 0, 0), NO_CASE } },
  { FALSE, 38, FALSE, 1, { C (ANKLE, L, 2, -1, PART, SVF, 330, 0, 0), NO_CASE } },
  { TRUE, 74, FALSE, 1, { C (SHOULDER, L, 0, 3, WANE, ALLO, 480, 0, 0), NO_CASE } },
  { FALSE, 66, FALSE, 2, { C (KNEE, L, 0, 2, RESP, MFAT, 540, 0, 0),
                           C (KNEE, R, 0, 2, NONR, MFAT, 540, 0, 0) } },
  { TRUE, 52, FALSE, 2, { C (HIP, L, 1, -1, NONR, BMAC, 250, 0, 0),
                          C (HIP, R, 1, -1, NONR, BMAC, 250, 0, 0) } },
  { FALSE, 70, FALSE, 1, { C (KNEE, R, 0, 3, EARLY, ALLO, 70, 0, F (UNRESOLVED)), NO_CASE } },
  { TRUE, 47, FALSE, 1, { C (KNEE, L, 2, 1, RESP, SVF, 610, 0, 0), NO_CASE } },
  { FALSE, 57, TRUE, 2, { C (SHOULDER, R, 1, 2, PART, BMAC, 200, 0, 0),
                          C (SHOULDER, L, 0, 2, PART, BMAC, 200, 0, 0) } },
  { TRUE, 64, FALSE, 2, { C (KNEE, R, 0, 2, BOOST, BMAC, 760, 0, 0),
                          C (KNEE, L, 0, 2, RESP, BMAC, 760, 0, 0) } },
  { FALSE, 69, FALSE, 1, { C (HIP, R, 0, 4, WORSE, MFAT, 300, 0, F (SURGERY)), NO_CASE } },
  { TRUE, 53, FALSE, 2, { C (ANKLE, R, 0, 2, WANE, BMAC, 480, 0, 0),
                          C (ANKLE, L, 0, 2, RESP, BMAC, 480, 0, 0) } },
  { FALSE, 60, FALSE, 1, { C (KNEE, L, 1, 3, RESP, BANK, 830, 0, 0), NO_CASE } },
  { TRUE, 72, FALSE, 2, { C (KNEE, L, 0, 3, NONR, ALLO, 230, 0, F (EFFUSION)),
                          C (KNEE, R, 0, 3, NONR, ALLO, 230, 0, 0) } },
  { FALSE, 51, FALSE, 1, { C (SHOULDER, L, 0, 2, EARLY, BMAC, 55, 0, 0), NO_CASE } },
  { TRUE, 61, FALSE, 1, { C (HIP, L, 0, 2, WANE, BANK, 500, 0, F (REJECTED_BANK)), NO_CASE } },
  { FALSE, 44, FALSE, 2, { C (KNEE, R, 3, 2, RESP, BMAC, 360, 0, F (HARVEST_PAIN)),
                           C (KNEE, L, 3, 0, RESP, BMAC, 360, 0, 0) } },
  { TRUE, 68, TRUE, 2, { C (KNEE, R, 0, 3, RESP, ALLO, 290, 0, 0),
                         C (SHOULDER, R, 0, 2, EARLY, ALLO, 65, 0, 0) } },
  { FALSE, 73, FALSE, 1, { C (ANKLE, L, 1, 3, NONR, ALLO, 280, 0, 0), NO_CASE } },
  { TRUE, 56, FALSE, 1, { C (KNEE, L, 0, 2, BOOST, BANK, 720, 60, 0), NO_CASE } },
  { FALSE, 48, FALSE, 2, { C (HIP, L, 2, 2, RESP, SVF, 470, 0, 0),
                           C (HIP, R, 0, 2, NONR, SVF, 470, 0, 0) } },
  { TRUE, 65, FALSE, 1, { C (SHOULDER, R, 0, 3, BOOST, ALLO, 690, 0, F (OSS)), NO_CASE } },
  { FALSE, 54, FALSE, 2, { C (KNEE, L, 0, 2, PART, BMAC, 210, 0, 0),
                           C (KNEE, R, 0, 2, RESP, BMAC, 210, 0, 0) } },
  { TRUE, 77, FALSE, 2, { C (KNEE, R, 0, 4, WANE, ALLO, 480, 0, F (SERIOUS_UNRELATED)),
                          C (KNEE, L, 0, 3, WANE, ALLO, 480, 0, 0) } },
  { FALSE, 42, FALSE, 1, { C (ANKLE, R, 2, -1, RESP, BMAC, 390, 0, F (HARVEST_HAEMATOMA)),
                           NO_CASE } },
  { TRUE, 60, FALSE, 2, { C (HIP, R, 0, 3, EARLY, BMAC, 75, 0, F (VASOVAGAL)),
                          C (HIP, L, 0, 3, EARLY, BMAC, 75, 0, 0) } },
  { FALSE, 67, FALSE, 1, { C (KNEE, L, 0, 3, NONR, BMAC, 520, 0, F (CLOSED)), NO_CASE } },
  { TRUE, 50, FALSE, 1, { C (SHOULDER, L, 1, 2, RESP, MFAT, 350, 0, F (OSS)), NO_CASE } },
  { FALSE, 62, FALSE, 2, { C (KNEE, R, 0, 2, WANE, MFAT, 480, 0, 0),
                           C (HIP, R, 0, 2, RESP, BMAC, 180, 0, 0) } },
  { TRUE, 58, FALSE, 1, { C (ANKLE, L, 0, 2, EARLY, ALLO, 62, 0, F (DISCARD_VIAL)), NO_CASE } },
  { FALSE, 71, FALSE, 1, { C (HIP, L, 0, 3, BOOST, ALLO, 640, 0, 0), NO_CASE } },
  { TRUE, 46, FALSE, 2, { C (KNEE, L, 1, 2, RESP, BMAC, 300, 0, F (FLARE) | F (PRP)),
                          C (KNEE, R, 1, 2, RESP, BMAC, 300, 0, 0) } },
  { FALSE, 55, FALSE, 1, { C (SHOULDER, R, 0, 3, NONR, SVF, 270, 0, 0), NO_CASE } },
  { TRUE, 63, FALSE, 2, { C (KNEE, R, 0, 3, EARLY, BANK, 58, 0, 0),
                          C (KNEE, L, 0, 3, EARLY, BANK, 58, 0, 0) } },
  { FALSE, 59, FALSE, 2, { C (ANKLE, R, 1, 2, BOOST, BMAC, 740, 0, 0),
                           C (KNEE, R, 0, 2, PART, ALLO, 150, 0, 0) } },
  { TRUE, 69, FALSE, 1, { C (HIP, R, 1, -1, PART, ALLO, 330, 0, 0), NO_CASE } },
  { FALSE, 64, FALSE, 2, { C (KNEE, L, 0, 2, RESP, BMAC, 1000, 0,
                              F (MANUAL_SCAN) | F (DO_NOT_CONTACT)),
                           C (SHOULDER, R, 0, 2, RESP, BMAC, 560, 0, 0) } },
};

void
marrow_gen_demo_plan (guint                 index,
                      MarrowGenPatientPlan *plan)
{
  g_assert (index < G_N_ELEMENTS (demo_patients));
  *plan = demo_patients[index];
}

/* ------------------------------------------------------------------------ */
/* Random plans of the same shape                                           */

typedef struct
{
  int    value;
  double weight;
} Weighted;

static int
pick_weighted (MarrowGenRng   *rng,
               const Weighted *table,
               guint           n)
{
  double total = 0;
  double x;

  for (guint i = 0; i < n; i++)
    total += table[i].weight;
  x = marrow_gen_rng_uniform (rng, 0, total);
  for (guint i = 0; i < n; i++)
    {
      if (x < table[i].weight)
        return table[i].value;
      x -= table[i].weight;
    }
  return table[n - 1].value;
}

static const Weighted site_weights[] = {
  { KNEE, 0.55 }, { HIP, 0.20 }, { SHOULDER, 0.15 }, { ANKLE, 0.10 },
};

static const Weighted trajectory_weights[] = {
  { RESP, 0.32 }, { PART, 0.10 }, { NONR, 0.18 }, { WORSE, 0.03 },
  { WANE, 0.14 }, { BOOST, 0.10 }, { EARLY, 0.13 },
};

static const Weighted product_weights[] = {
  { BMAC, 0.40 }, { BANK, 0.12 }, { MFAT, 0.15 }, { SVF, 0.08 }, { ALLO, 0.25 },
};

static const Weighted kl_weights[] = {
  { 1, 0.10 }, { 2, 0.35 }, { 3, 0.40 }, { 4, 0.15 },
};

static int
random_index_ago (MarrowGenRng        *rng,
                  MarrowGenTrajectory  trajectory)
{
  switch (trajectory)
    {
    case MARROW_GEN_TOO_EARLY:
      return (int)marrow_gen_rng_int (rng, 50, 83);
    case MARROW_GEN_WANING:
      return (int)marrow_gen_rng_int (rng, 470, 900);
    case MARROW_GEN_BOOSTED:
      return (int)marrow_gen_rng_int (rng, 540, 1000);
    case MARROW_GEN_RESPONDER:
    case MARROW_GEN_PARTIAL:
    case MARROW_GEN_NON_RESPONDER:
    case MARROW_GEN_WORSENED:
    default:
      return (int)marrow_gen_rng_int (rng, 190, 1100);
    }
}

static void
random_case (MarrowGenRng      *rng,
             MarrowGenCasePlan *plan,
             MarrowGenSite      site)
{
  guint n_diagnoses;

  site_diagnoses (site, &n_diagnoses);
  plan->site = site;
  plan->right = marrow_gen_rng_chance (rng, 0.5);
  /* Most patients have osteoarthritis (the first diagnosis of each site) */
  plan->diagnosis = marrow_gen_rng_chance (rng, 0.6) ? 0
                  : (guint)marrow_gen_rng_int (rng, 0, n_diagnoses - 1);
  plan->trajectory = pick_weighted (rng, trajectory_weights, G_N_ELEMENTS (trajectory_weights));
  plan->product = pick_weighted (rng, product_weights, G_N_ELEMENTS (product_weights));
  plan->index_ago = random_index_ago (rng, plan->trajectory);
  plan->booster_ago = 0;
  plan->flags = 0;

  if (marrow_gen_diagnosis_is_oa (plan))
    plan->kl_grade = pick_weighted (rng, kl_weights, G_N_ELEMENTS (kl_weights));
  else if (site == MARROW_GEN_KNEE)
    plan->kl_grade = (int)marrow_gen_rng_int (rng, 0, 2);
  else
    plan->kl_grade = -1;

  if (plan->trajectory == MARROW_GEN_WORSENED ||
      (plan->trajectory == MARROW_GEN_NON_RESPONDER && marrow_gen_rng_chance (rng, 0.15)))
    plan->flags |= MARROW_GEN_FLAG_SURGERY;
  else if (plan->trajectory != MARROW_GEN_TOO_EARLY && marrow_gen_rng_chance (rng, 0.03))
    plan->flags |= MARROW_GEN_FLAG_CLOSED;

  if (marrow_gen_rng_chance (rng, 0.04))
    plan->flags |= MARROW_GEN_FLAG_FLARE;
  if (marrow_gen_rng_chance (rng, 0.02))
    plan->flags |= MARROW_GEN_FLAG_VASOVAGAL;
  if (marrow_gen_rng_chance (rng, 0.04))
    plan->flags |= MARROW_GEN_FLAG_EFFUSION;
  if (marrow_gen_rng_chance (rng, 0.04))
    plan->flags |= MARROW_GEN_FLAG_HARVEST_PAIN;
  if (marrow_gen_rng_chance (rng, 0.02))
    plan->flags |= MARROW_GEN_FLAG_HARVEST_HAEMATOMA;
  if (marrow_gen_rng_chance (rng, 0.03))
    plan->flags |= MARROW_GEN_FLAG_MANUAL_SCAN;
  if (site == MARROW_GEN_KNEE && marrow_gen_rng_chance (rng, 0.10))
    plan->flags |= MARROW_GEN_FLAG_PRP;
  if (site == MARROW_GEN_SHOULDER && marrow_gen_rng_chance (rng, 0.30))
    plan->flags |= MARROW_GEN_FLAG_OSS;
  if (plan->product == MARROW_GEN_BMAC_BANK && marrow_gen_rng_chance (rng, 0.05))
    plan->flags |= MARROW_GEN_FLAG_REJECTED_BANK;
  if (plan->product == MARROW_GEN_ALLOGENEIC && marrow_gen_rng_chance (rng, 0.03))
    plan->flags |= MARROW_GEN_FLAG_DISCARD_VIAL;
  if (plan->trajectory == MARROW_GEN_TOO_EARLY && marrow_gen_rng_chance (rng, 0.05))
    plan->flags |= MARROW_GEN_FLAG_UNRESOLVED;
  if (marrow_gen_rng_chance (rng, 0.01))
    plan->flags |= MARROW_GEN_FLAG_SERIOUS_UNRELATED;
  if (marrow_gen_rng_chance (rng, 0.02))
    plan->flags |= MARROW_GEN_FLAG_DO_NOT_CONTACT;
}

void
marrow_gen_random_plan (MarrowGenRng         *rng,
                        MarrowGenPatientPlan *plan)
{
  MarrowGenCasePlan *first = &plan->cases[0];

  memset (plan, 0, sizeof *plan);
  plan->female = marrow_gen_rng_chance (rng, 0.55);
  plan->n_cases = marrow_gen_rng_chance (rng, 0.3) ? 2 : 1;
  random_case (rng, first, pick_weighted (rng, site_weights, G_N_ELEMENTS (site_weights)));

  if (plan->n_cases == 2)
    {
      MarrowGenCasePlan *second = &plan->cases[1];

      if (marrow_gen_rng_chance (rng, 0.6))
        {
          /* The other side, treated the same day from the same harvest */
          random_case (rng, second, first->site);
          second->right = !first->right;
          second->diagnosis = first->diagnosis;
          second->kl_grade = first->kl_grade;
          second->product = first->product;
          second->index_ago = first->index_ago;
          if (marrow_gen_rng_chance (rng, 0.7))
            second->trajectory = first->trajectory;
          if (second->trajectory == MARROW_GEN_TOO_EARLY ||
              first->trajectory == MARROW_GEN_TOO_EARLY)
            second->trajectory = first->trajectory;
          second->index_ago = first->index_ago;
          /* A booster needs time after the waning */
          if (second->trajectory == MARROW_GEN_BOOSTED && second->index_ago < 540)
            second->trajectory = MARROW_GEN_WANING;
          if (second->trajectory == MARROW_GEN_WANING && second->index_ago < 470)
            second->trajectory = MARROW_GEN_RESPONDER;
        }
      else
        {
          MarrowGenSite site;

          do
            site = pick_weighted (rng, site_weights, G_N_ELEMENTS (site_weights));
          while (site == first->site);
          random_case (rng, second, site);
          /* A second treatment day for the same product would need its own
           * harvest; that is what happens, so nothing to adjust */
          if (second->index_ago == first->index_ago)
            second->index_ago++;
        }
    }

  /* Ages: osteochondritis of the talus is a disease of the young */
  if (first->site == MARROW_GEN_ANKLE && first->diagnosis == 2)
    plan->age = (int)marrow_gen_rng_int (rng, 19, 45);
  else
    plan->age = (int)marrow_gen_rng_int (rng, 35, 84);

  /* A patient keeps one pain scale; the ankle's primary instrument is the VAS */
  plan->pain_nrs = marrow_gen_rng_chance (rng, 0.2) &&
                   first->site != MARROW_GEN_ANKLE &&
                   (plan->n_cases == 1 || plan->cases[1].site != MARROW_GEN_ANKLE);
}

/* ------------------------------------------------------------------------ */
/* Names: invented, and meant to look invented                              */

static const char * const female_names[] = {
  "Ada", "Beatrix", "Clara", "Delia", "Edith", "Flora", "Greta", "Hazel", "Iris", "June",
  "Katya", "Lena", "Mabel", "Nora", "Opal", "Petra", "Rosa", "Sylvia", "Thea", "Una",
  "Vera", "Wilma", "Yara", "Zelda",
};

static const char * const male_names[] = {
  "Albert", "Bruno", "Cyril", "Desmond", "Emil", "Felix", "Gus", "Horace", "Ivo", "Jasper",
  "Kurt", "Leon", "Milo", "Nils", "Otto", "Percy", "Quentin", "Rufus", "Silas", "Tobias",
  "Ulrich", "Victor", "Walter", "Xaver",
};

static const char * const family_names[] = {
  "Testperson", "Samplewell", "Mockridge", "Demoray", "Fictorius", "Placebury",
  "Dummyfield", "Exampleton", "Notreal", "Pretendsworth", "Madeupson", "Syntheticus",
  "Imaginova", "Fabricato", "Inventhorpe", "Hypothetico", "Specimenko", "Trialsworth",
  "Placeholder", "Simulacrum", "Loremson", "Ipsumova", "Dolorsit", "Mockingdale",
};

void
marrow_gen_patient_name (gboolean       demo,
                         guint          index,
                         gboolean       female,
                         MarrowGenRng  *rng,
                         const char   **given,
                         const char   **family)
{
  if (demo)
    {
      /* Fixed by the patient's place in the table, so that the demo
       * patients keep their names whatever the seed; the second round of
       * family names gets other given names, so no two demo patients share
       * a whole name */
      guint round = index / G_N_ELEMENTS (family_names);

      *given = female ? female_names[(index * 7 + round) % G_N_ELEMENTS (female_names)]
                      : male_names[(index * 5 + round) % G_N_ELEMENTS (male_names)];
      *family = family_names[index % G_N_ELEMENTS (family_names)];
      return;
    }

  *given = female ? MARROW_GEN_PICK (rng, female_names) : MARROW_GEN_PICK (rng, male_names);
  *family = MARROW_GEN_PICK (rng, family_names);
}
