/* test-scoring.c: the questionnaire scoring engine, for every bundled instrument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven: every case below is written out by hand from the scoring rules
 * in prom-scoring.md (the authority) and the item ids and values in
 * instruments-contract.md, not from the definition files or the engine.  The
 * arithmetic of each hand-computed case is in a comment or in the expected
 * expression itself; those compare with EXACT (1e-9).  The published worked
 * examples of prom-scoring.md §13 compare with PUBLISHED (0.01, §0.5).
 *
 * Answers are written as "ID=VALUE ..." and applied in order: "*=V" sets every
 * item to V, "ID=-" marks the item missing again (marrow_answers_set_missing).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-instrument-registry.h"
#include "marrow-instrument-score.h"

#define EXACT      1e-9
#define PUBLISHED  0.01
/* The KOOS JR and HOOS JR tables are printed with three decimals, so a
 * transcription error in the last digit must show: half the last digit */
#define TABLE      0.0005
#define NULL_SCORE NAN   /* the missing-item rule says: not scorable */

#define MAX_KEYS 8

/* --- the registry ----------------------------------------------------------- */

static MarrowInstrumentRegistry *registry;

/* The bundled definitions only: a practice's override folder must not leak
 * into the definitions under test. */
static MarrowInstrumentRegistry *
get_registry (void)
{
  if (registry == NULL)
    {
      g_autoptr(GError) error = NULL;

      registry = marrow_instrument_registry_new ();
      g_assert_true (marrow_instrument_registry_load_bundled (registry, &error));
      g_assert_no_error (error);
    }
  return registry;
}

static MarrowInstrument *
get_instrument (const char *id)
{
  g_autoptr(GError) error = NULL;
  MarrowInstrument *instrument;

  instrument = marrow_instrument_registry_lookup_checked (get_registry (), id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (instrument);
  return instrument;
}

/* "S1=0 S2=1 P3=-": see the top of the file */
static MarrowAnswers *
make_answers (MarrowInstrument *instrument,
              const char       *spec)
{
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);
  g_auto(GStrv) tokens = g_strsplit_set (spec, " \n\t", -1);

  for (guint t = 0; tokens[t] != NULL; t++)
    {
      const char *token = tokens[t];
      const char *eq = strchr (token, '=');
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;
      const char *text;
      char *end = NULL;
      double value;

      if (*token == '\0')
        continue;
      g_assert_nonnull (eq);
      id = g_strndup (token, (gsize)(eq - token));
      text = eq + 1;

      if (strcmp (text, "-") == 0)
        {
          g_assert_cmpstr (id, !=, "*");
          g_assert_true (marrow_answers_set_missing (answers, id, &error));
          g_assert_no_error (error);
          continue;
        }

      value = g_ascii_strtod (text, &end);
      g_assert_true (end != text && *end == '\0');

      if (strcmp (id, "*") == 0)
        {
          for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
            {
              const MarrowInstrumentItem *item = marrow_instrument_get_item (instrument, i);

              g_assert_true (marrow_answers_set (answers, item->id, value, &error));
              g_assert_no_error (error);
            }
        }
      else
        {
          g_assert_true (marrow_answers_set (answers, id, value, &error));
          g_assert_no_error (error);
        }
    }
  return g_steal_pointer (&answers);
}

static MarrowScores *
score_answers (MarrowAnswers *answers,
               const char    *scoring)
{
  g_autoptr(GError) error = NULL;
  MarrowScores *scores = marrow_instrument_score (answers, scoring, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scores);
  return scores;
}

#define assert_score(where, value, expected, tolerance) \
  assert_score_impl (__FILE__, __LINE__, G_STRFUNC, where, value, expected, tolerance)

/* One score against its expectation, naming the case and the key on failure */
static void
assert_score_impl (const char             *file,
                   int                     line,
                   const char             *func,
                   const char             *where,
                   const MarrowScoreValue *value,
                   double                  expected,
                   double                  tolerance)
{
  g_autofree char *message = NULL;

  if (value == NULL)
    message = g_strdup_printf ("%s: no such score", where);
  else if (isnan (expected) && value->scorable)
    message = g_strdup_printf ("%s: expected not scorable, got %.17g", where, value->value);
  else if (isnan (expected) && value->value != 0.0)
    message = g_strdup_printf ("%s: not scorable, but the value is %.17g, not 0",
                               where, value->value);
  else if (!isnan (expected) && !value->scorable)
    message = g_strdup_printf ("%s: expected %.17g, got not scorable", where, expected);
  else if (!isnan (expected) && !(fabs (value->value - expected) <= tolerance))
    message = g_strdup_printf ("%s: expected %.17g ± %g, got %.17g",
                               where, expected, tolerance, value->value);

  if (message != NULL)
    g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

/* --- what each instrument is (instruments-contract.md) ---------------------- */

typedef enum
{
  TEXT_ALL,    /* free to use: every item carries its question */
  TEXT_NONE,   /* licensed: short labels only */
  TEXT_SOME,   /* only the items listed in text_items */
} TextPolicy;

typedef struct
{
  const char *id;
  const char *items;        /* in the contract's order */
  const char *keys;         /* the score keys, in the contract's order */
  const char *scoring;      /* the rule versions, the default first */
  gboolean    free_to_use;
  TextPolicy  text;
  const char *text_items;
} InstrumentSpec;

#define KOOS_A "A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15 A16 A17"
#define OXFORD_ITEMS "Q1 Q2 Q3 Q4 Q5 Q6 Q7 Q8 Q9 Q10 Q11 Q12"

/* Sorted by id: the registry lists them so */
static const InstrumentSpec specs[] = {
  { "ASES", "pain ADL1 ADL2 ADL3 ADL4 ADL5 ADL6 ADL7 ADL8 ADL9 ADL10", "score", "1994",
    TRUE, TEXT_SOME, "pain" },
  { "GLOBAL_VAS", "global", "global", "1", TRUE, TEXT_ALL },
  { "HOOS",
    "S1 S2 S3 S4 S5 P1 P2 P3 P4 P5 P6 P7 P8 P9 P10 " KOOS_A " SP1 SP2 SP3 SP4 Q1 Q2 Q3 Q4",
    "symptoms pain adl sport_rec qol", "2013 2003", TRUE, TEXT_ALL },
  { "HOOS_JR", "P5 P10 A3 A5 A12 A14", "raw interval", "1", TRUE, TEXT_ALL },
  { "IKDC", "1 2 3 4 5 6 7 8 9a 9b 9c 9d 9e 9f 9g 9h 9i 10", "score", "2000", TRUE, TEXT_ALL },
  { "KOOS",
    "S1 S2 S3 S4 S5 S6 S7 P1 P2 P3 P4 P5 P6 P7 P8 P9 " KOOS_A " SP1 SP2 SP3 SP4 SP5 Q1 Q2 Q3 Q4",
    "symptoms pain adl sport_rec qol", "2012 1998", TRUE, TEXT_ALL },
  { "KOOS_JR", "S6 P2 P3 P6 P9 A3 A5", "raw interval", "1", TRUE, TEXT_ALL },
  { "LYSHOLM", "limp support locking instability pain swelling stairs squatting", "score",
    "1985", TRUE, TEXT_ALL },
  { "OHS", OXFORD_ITEMS, "total", "2007", FALSE, TEXT_NONE },
  { "OKS", OXFORD_ITEMS, "total", "2007", FALSE, TEXT_NONE },
  { "OSS", OXFORD_ITEMS, "total", "2007", FALSE, TEXT_NONE },
  { "PAIN_NRS", "pain", "pain", "1", TRUE, TEXT_ALL },
  { "PAIN_VAS", "pain", "pain", "1", TRUE, TEXT_ALL },
  { "TEGNER", "level", "level", "1985", TRUE, TEXT_ALL },
  { "WOMAC",
    "P1 P2 P3 P4 P5 S1 S2 F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 F13 F14 F15 F16 F17",
    "pain stiffness function total pain_pct stiffness_pct function_pct total_pct", "1",
    FALSE, TEXT_NONE },
};

static const InstrumentSpec *
find_spec (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (strcmp (specs[i].id, id) == 0)
      return &specs[i];
  g_assert_not_reached ();
}

static const char *
default_scoring (const char *id)
{
  static char buffer[G_N_ELEMENTS (specs)][16];
  const InstrumentSpec *spec = find_spec (id);
  guint n = (guint)(spec - specs);
  const char *space = strchr (spec->scoring, ' ');

  g_strlcpy (buffer[n], spec->scoring,
             space != NULL ? (gsize)(space - spec->scoring + 1) : sizeof buffer[n]);
  return buffer[n];
}

static void
test_registry_ids (void)
{
  g_autoptr(GPtrArray) list = marrow_instrument_registry_list (get_registry ());
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (specs));
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpstr (marrow_instrument_get_id (list->pdata[i]), ==, specs[i].id);

  g_assert_null (marrow_instrument_registry_lookup (get_registry (), "KOOS_PS", NULL));
  g_assert_null (marrow_instrument_registry_lookup_checked (get_registry (), "koos", NULL,
                                                            &error));
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT);
}

/* Items, score keys, rule versions and the licence rule (prom-scoring.md §0.7):
 * an instrument that is not free to use ships no question text. */
static void
test_definition (gconstpointer data)
{
  const InstrumentSpec *spec = data;
  MarrowInstrument *instrument = get_instrument (spec->id);
  g_auto(GStrv) items = g_strsplit (spec->items, " ", -1);
  g_auto(GStrv) keys = g_strsplit (spec->keys, " ", -1);
  g_auto(GStrv) versions = g_strsplit (spec->scoring, " ", -1);
  g_auto(GStrv) text_items = g_strsplit (spec->text_items != NULL ? spec->text_items : "", " ", -1);

  g_assert_cmpstr (marrow_instrument_get_id (instrument), ==, spec->id);

  g_assert_cmpuint (marrow_instrument_get_n_items (instrument), ==, g_strv_length (items));
  for (guint i = 0; items[i] != NULL; i++)
    {
      const MarrowInstrumentItem *item = marrow_instrument_get_item (instrument, i);
      gboolean want_text;
      guint index = G_MAXUINT;

      g_assert_cmpstr (item->id, ==, items[i]);
      g_assert_true (marrow_instrument_find_item (instrument, items[i], &index) == item);
      g_assert_cmpuint (index, ==, i);
      g_assert_nonnull (item->label);
      g_assert_cmpstr (item->label, !=, "");

      switch (spec->text)
        {
        case TEXT_ALL:
          want_text = TRUE;
          break;
        case TEXT_NONE:
          want_text = FALSE;
          break;
        case TEXT_SOME:
        default:
          want_text = g_strv_contains ((const char * const *)text_items, item->id);
          break;
        }
      if (want_text)
        {
          g_assert_nonnull (item->text);
          g_assert_cmpstr (item->text, !=, "");
        }
      else
        g_assert_null (item->text);

      /* The licence rule, whatever the table above says */
      if (!marrow_instrument_is_free_to_use (instrument))
        g_assert_null (item->text);
    }

  g_assert_cmpuint (marrow_instrument_get_n_scores (instrument), ==, g_strv_length (keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (marrow_instrument_get_score (instrument, i)->key, ==, keys[i]);

  g_assert_cmpuint (marrow_instrument_get_n_scoring_versions (instrument), ==,
                    g_strv_length (versions));
  g_assert_cmpstr (marrow_instrument_get_default_scoring (instrument)->id, ==, versions[0]);
  for (guint i = 0; versions[i] != NULL; i++)
    {
      const MarrowScoringVersion *version =
        marrow_instrument_find_scoring_version (instrument, versions[i]);

      g_assert_nonnull (version);
      g_assert_cmpint (version->is_default, ==, i == 0);
    }

  g_assert_cmpint (marrow_instrument_is_free_to_use (instrument), ==, spec->free_to_use);
}

/* KOOS S4 and S5 are reverse-worded: the label of item score 0 is "Always"
 * (prom-scoring.md §1), while S1 keeps "Never" = 0. */
static void
test_koos_reverse_worded (void)
{
  MarrowInstrument *instrument = get_instrument ("KOOS");
  static const char * const items[] = { "S1", "S4", "S5" };
  static const char * const zero[] = { "Never", "Always", "Always" };
  static const char * const four[] = { "Always", "Never", "Never" };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const MarrowInstrumentItem *item = marrow_instrument_find_item (instrument, items[i], NULL);

      g_assert_nonnull (item);
      g_assert_false (item->reverse);
      g_assert_cmpuint (item->options->len, ==, 5);
      for (guint j = 0; j < item->options->len; j++)
        {
          const MarrowInstrumentOption *option = item->options->pdata[j];

          if (option->value == 0)
            g_assert_cmpstr (option->label, ==, zero[i]);
          else if (option->value == 4)
            g_assert_cmpstr (option->label, ==, four[i]);
        }
    }
}

/* --- allowed values (instruments-contract.md, "Item values") ------------------ */

typedef struct
{
  const char *instrument;
  const char *items;     /* "*": every item not listed in another row */
  const char *values;    /* whole numbers allowed, or "LO..HI" for a range with decimals */
} AllowedSpec;

#define ZERO_TO_TEN "0 1 2 3 4 5 6 7 8 9 10"

static const AllowedSpec allowed_specs[] = {
  { "KOOS", "*", "0 1 2 3 4" },
  { "KOOS_JR", "*", "0 1 2 3 4" },
  { "HOOS", "*", "0 1 2 3 4" },
  { "HOOS_JR", "*", "0 1 2 3 4" },
  { "WOMAC", "*", "0 1 2 3 4" },
  { "OKS", "*", "0 1 2 3 4" },
  { "OHS", "*", "0 1 2 3 4" },
  { "OSS", "*", "0 1 2 3 4" },
  { "IKDC", "2 3 10", ZERO_TO_TEN },
  { "IKDC", "6", "0 1" },
  { "IKDC", "*", "0 1 2 3 4" },
  { "LYSHOLM", "limp", "0 3 5" },
  { "LYSHOLM", "support", "0 2 5" },
  { "LYSHOLM", "locking", "0 2 6 10 15" },
  { "LYSHOLM", "instability", "0 5 10 15 20 25" },
  { "LYSHOLM", "pain", "0 5 10 15 20 25" },
  { "LYSHOLM", "swelling", "0 2 6 10" },
  { "LYSHOLM", "stairs", "0 2 6 10" },
  { "LYSHOLM", "squatting", "0 2 4 5" },
  { "TEGNER", "level", ZERO_TO_TEN },
  { "ASES", "pain", "0..10" },
  { "ASES", "*", "0 1 2 3" },
  { "PAIN_VAS", "pain", "0..100" },
  { "PAIN_NRS", "pain", ZERO_TO_TEN },
  { "GLOBAL_VAS", "global", "0..100" },
};

static void
expect_accepted (MarrowInstrument *instrument,
                 const char       *item_id,
                 double            value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);
  guint index;
  double stored = -1;

  if (!marrow_instrument_check_answer (instrument, item_id, value, &error))
    g_error ("%s %s=%.17g refused: %s", marrow_instrument_get_id (instrument), item_id, value,
             error->message);
  g_assert_true (marrow_answers_set (answers, item_id, value, &error));
  g_assert_no_error (error);

  /* Stored as marked */
  g_assert_nonnull (marrow_instrument_find_item (instrument, item_id, &index));
  g_assert_true (marrow_answers_get (answers, index, &stored));
  g_assert_cmpfloat (stored, ==, value);
  g_assert_cmpuint (marrow_answers_get_n_answered (answers), ==, 1);
}

static void
expect_refused (MarrowInstrument *instrument,
                const char       *item_id,
                double            value,
                int               code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);

  if (marrow_instrument_check_answer (instrument, item_id, value, &error))
    g_error ("%s %s=%.17g accepted", marrow_instrument_get_id (instrument), item_id, value);
  if (!g_error_matches (error, MARROW_INSTRUMENT_ERROR, code))
    g_error ("%s %s=%.17g: expected error code %d, got %d (%s)",
             marrow_instrument_get_id (instrument), item_id, value, code, error->code,
             error->message);
  g_assert_cmpstr (marrow_instrument_error_get_item (error), ==, item_id);

  g_assert_false (marrow_answers_set (answers, item_id, value, &error2));
  g_assert_error (error2, MARROW_INSTRUMENT_ERROR, code);
  g_assert_cmpstr (marrow_instrument_error_get_item (error2), ==, item_id);
  g_assert_cmpuint (marrow_answers_get_n_answered (answers), ==, 0);
}

/* Every allowed value is accepted; every whole number around the set that is
 * not in it is refused with _VALUE, every fraction with _NOT_WHOLE; NaN and
 * the infinities with _VALUE.  A range with decimals accepts its ends and
 * fractions inside, and refuses anything just outside. */
static void
test_allowed (gconstpointer data)
{
  const char *id = data;
  MarrowInstrument *instrument = get_instrument (id);
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);

  /* Named items first, then "*" takes the rest */
  for (guint pass = 0; pass < 2; pass++)
    for (guint s = 0; s < G_N_ELEMENTS (allowed_specs); s++)
      {
        const AllowedSpec *spec = &allowed_specs[s];
        g_autoptr(GPtrArray) item_ids = g_ptr_array_new ();
        const char *dots = strstr (spec->values, "..");
        g_auto(GStrv) named = NULL;

        if (strcmp (spec->instrument, id) != 0 ||
            (pass == 0) == (strcmp (spec->items, "*") == 0))
          continue;

        if (strcmp (spec->items, "*") == 0)
          {
            for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
              {
                const char *item_id = marrow_instrument_get_item (instrument, i)->id;

                if (!g_hash_table_contains (covered, item_id))
                  g_ptr_array_add (item_ids, (gpointer)item_id);
              }
          }
        else
          {
            named = g_strsplit (spec->items, " ", -1);
            for (guint i = 0; named[i] != NULL; i++)
              {
                const MarrowInstrumentItem *item =
                  marrow_instrument_find_item (instrument, named[i], NULL);

                /* The instrument's own id string outlives this row */
                g_assert_nonnull (item);
                g_ptr_array_add (item_ids, item->id);
              }
          }

        for (guint i = 0; i < item_ids->len; i++)
          {
            const char *item_id = item_ids->pdata[i];
            const double odd[] = { NAN, INFINITY, -INFINITY };

            g_assert_nonnull (marrow_instrument_find_item (instrument, item_id, NULL));
            g_assert_true (g_hash_table_add (covered, (gpointer)item_id));

            for (guint j = 0; j < G_N_ELEMENTS (odd); j++)
              expect_refused (instrument, item_id, odd[j], MARROW_INSTRUMENT_ERROR_VALUE);

            if (dots != NULL)
              {
                double lo = g_ascii_strtod (spec->values, NULL);
                double hi = g_ascii_strtod (dots + 2, NULL);
                const double inside[] = { lo, hi, lo + 0.25, (lo + hi) / 2 + 0.1, hi - 0.001 };
                const double outside[] = { lo - 0.001, hi + 0.001, lo - 1, hi + 1, -1e300, 1e300 };

                for (guint j = 0; j < G_N_ELEMENTS (inside); j++)
                  expect_accepted (instrument, item_id, inside[j]);
                for (guint j = 0; j < G_N_ELEMENTS (outside); j++)
                  expect_refused (instrument, item_id, outside[j], MARROW_INSTRUMENT_ERROR_VALUE);
              }
            else
              {
                g_auto(GStrv) values = g_strsplit (spec->values, " ", -1);
                guint n = g_strv_length (values);
                double lo = g_ascii_strtod (values[0], NULL);
                double hi = g_ascii_strtod (values[n - 1], NULL);

                for (double v = lo - 2; v <= hi + 2; v += 0.5)
                  {
                    gboolean in_set = FALSE;

                    for (guint k = 0; k < n; k++)
                      in_set = in_set || g_ascii_strtod (values[k], NULL) == v;

                    if (in_set)
                      expect_accepted (instrument, item_id, v);
                    else if (floor (v) != v)
                      expect_refused (instrument, item_id, v, MARROW_INSTRUMENT_ERROR_NOT_WHOLE);
                    else
                      expect_refused (instrument, item_id, v, MARROW_INSTRUMENT_ERROR_VALUE);
                  }
                expect_refused (instrument, item_id, 1e300, MARROW_INSTRUMENT_ERROR_VALUE);
              }
          }
      }

  /* The table above covers every item of the instrument */
  g_assert_cmpuint (g_hash_table_size (covered), ==, marrow_instrument_get_n_items (instrument));
}

/* --- scores ----------------------------------------------------------------- */

typedef enum
{
  PLAIN,
  BEST,    /* every key at the end its direction calls best */
  WORST,   /* every key at the other end */
} CaseKind;

typedef struct
{
  const char *key;
  double      value;      /* NULL_SCORE: not scorable */
} Expected;

/* Every case lists every score key of its instrument */
typedef struct
{
  const char *instrument;
  const char *name;
  const char *scoring;    /* NULL: the instrument's default rule */
  CaseKind    kind;
  double      tolerance;
  const char *answers;
  Expected    expected[MAX_KEYS + 1];
} ScoreCase;

/* A mixed KOOS answer set.  Sums: S 1+0+2+1+0+3+1 = 8 (7 items);
 * P 2+1+1+0+2+3+1+0+1 = 11 (9); A 1+1+2+0+1+1+2+3+1+0+0+1+2+1+1+4+0 = 21 (17);
 * SP 2+4+3+1+3 = 13 (5); Q 2+1+3+2 = 8 (4). */
#define KOOS_MIXED \
  "S1=1 S2=0 S3=2 S4=1 S5=0 S6=3 S7=1 " \
  "P1=2 P2=1 P3=1 P4=0 P5=2 P6=3 P7=1 P8=0 P9=1 " \
  "A1=1 A2=1 A3=2 A4=0 A5=1 A6=1 A7=2 A8=3 A9=1 A10=0 A11=0 A12=1 A13=2 A14=1 A15=1 " \
  "A16=4 A17=0 SP1=2 SP2=4 SP3=3 SP4=1 SP5=3 Q1=2 Q2=1 Q3=3 Q4=2"

/* awell-score's "random response" (prom-scoring.md §13), rebuilt from its sums:
 * S 2+3+2+2+3+2+2 = 16; P 3+2+2+3+2+2+3+2+2 = 21; A five 3s and twelve 2s = 39;
 * SP 4+3+3+3+3 = 16; Q 3+2+3+2 = 10. */
#define KOOS_AWELL \
  "S1=2 S2=3 S3=2 S4=2 S5=3 S6=2 S7=2 " \
  "P1=3 P2=2 P3=2 P4=3 P5=2 P6=2 P7=3 P8=2 P9=2 " \
  "A1=3 A2=2 A3=2 A4=2 A5=3 A6=2 A7=2 A8=2 A9=3 A10=2 A11=2 A12=2 A13=3 A14=2 A15=2 " \
  "A16=2 A17=3 SP1=4 SP2=3 SP3=3 SP4=3 SP5=3 Q1=3 Q2=2 Q3=3 Q4=2"

/* A mixed HOOS answer set.  Sums: S 2+1+0+3+1 = 7 (5 items);
 * P 1+2+0+1+3+2+1+0+2+1 = 13 (10); A 0+1+1+2+3+1+0+0+2+1+1+4+0+1+2+3+1 = 23 (17);
 * SP 3+2+4+1 = 10 (4); Q 1+3+2+2 = 8 (4). */
#define HOOS_MIXED \
  "S1=2 S2=1 S3=0 S4=3 S5=1 P1=1 P2=2 P3=0 P4=1 P5=3 P6=2 P7=1 P8=0 P9=2 P10=1 " \
  "A1=0 A2=1 A3=1 A4=2 A5=3 A6=1 A7=0 A8=0 A9=2 A10=1 A11=1 A12=4 A13=0 A14=1 A15=2 " \
  "A16=3 A17=1 SP1=3 SP2=2 SP3=4 SP4=1 Q1=1 Q2=3 Q3=2 Q4=2"

/* KOOS and HOOS subscales: 100 − mean × 100 / 4, the mean over answered items */
#define KS(mean) (100.0 - (mean) * 25.0)

#define ALL_KOOS(v) { { "symptoms", v }, { "pain", v }, { "adl", v }, { "sport_rec", v }, \
                      { "qol", v } }

/* The missing-item boundaries of a KOOS/HOOS subscale: "*=1" puts every other
 * subscale at 100 − 1 × 25 = 75, and the answered items of the subscale
 * under test are varied so that the mean is over the answered items only (a
 * missing item counted as 0 would give a different number). */
#define SUBSCALE(key, v) { { "symptoms", 75 }, { "pain", 75 }, { "adl", 75 }, \
                           { "sport_rec", 75 }, { "qol", 75 }, { key, v } }

/* WOMAC mixed: P 1+2+0+3+1 = 7; S 2+1 = 3;
 * F 1+2+1+0+3+2+1+1+0+2+1+1+2+0+4+1+1 = 23; total 33 */
#define WOMAC_MIXED \
  "P1=1 P2=2 P3=0 P4=3 P5=1 S1=2 S2=1 F1=1 F2=2 F3=1 F4=0 F5=3 F6=2 F7=1 F8=1 F9=0 " \
  "F10=2 F11=1 F12=1 F13=2 F14=0 F15=4 F16=1 F17=1"

#define WOMAC(p, s, f, t) { { "pain", p }, { "stiffness", s }, { "function", f }, \
                            { "total", t }, { "pain_pct", (p) / 20.0 * 100 }, \
                            { "stiffness_pct", (s) / 8.0 * 100 }, \
                            { "function_pct", (f) / 68.0 * 100 }, \
                            { "total_pct", (t) / 96.0 * 100 } }

/* One subscale not scorable: its percent score and both totals are not
 * scorable either (NULL_SCORE / 20 × 100 is NULL_SCORE) */
#define WOMAC_NULL(p, s, f) { { "pain", p }, { "stiffness", s }, { "function", f }, \
                              { "total", NULL_SCORE }, { "total_pct", NULL_SCORE }, \
                              { "pain_pct", (p) / 20.0 * 100 }, \
                              { "stiffness_pct", (s) / 8.0 * 100 }, \
                              { "function_pct", (f) / 68.0 * 100 } }

/* IKDC marks of awell-score's test (prom-scoring.md §13), in the contract's
 * item order 1, 2, 3, 4, 5, 6, 7, 8, 9a…9i, 10.  Items 2 and 3 are entered as
 * marked (0 = never / no pain) and reversed in scoring: 10 − 4 = 6 and
 * 10 − 7 = 3, as §13 says.  Item scores: 1 + 6 + 3 + 2 + 1 + 0 + 1 + 2 = 16;
 * 9a…9i 3+1+0+2+1+1+0+0+4 = 12; item 10: 2; sum 30, and with every item
 * answered the denominator is the full 4+10+10+4+4+1+4+4+9×4+10 = 87:
 * 30/87 × 100 = 34.483.  So the marks as given, with the contract's item
 * order and prom-scoring.md §7's reversal of items 2 and 3 only, reproduce
 * the published 30/87. */
#define IKDC_AWELL \
  "1=1 2=4 3=7 4=2 5=1 6=0 7=1 8=2 9a=3 9b=1 9c=0 9d=2 9e=1 9f=1 9g=0 9h=0 9i=4 10=2"

#define LYSHOLM_BEST \
  "limp=5 support=5 locking=15 instability=25 pain=25 swelling=10 stairs=10 squatting=5"

#define OXFORD_CASES(ID) \
  { ID, "best", NULL, BEST, EXACT, "*=4", { { "total", 48 } } }, \
  { ID, "worst", NULL, WORST, EXACT, "*=0", { { "total", 0 } } }, \
  /* 4+3+3+2+4+1+0+2+3+4+3+2 = 31 */ \
  { ID, "mixed", NULL, PLAIN, EXACT, \
    "Q1=4 Q2=3 Q3=3 Q4=2 Q5=4 Q6=1 Q7=0 Q8=2 Q9=3 Q10=4 Q11=3 Q12=2", { { "total", 31 } } }, \
  /* One missing: 11 answered, 4 + 10 × 3 = 34, mean 34/11, total 34/11 × 12 = 37.09… */ \
  { ID, "missing-1", NULL, PLAIN, EXACT, "*=3 Q1=- Q2=4", { { "total", 34.0 / 11 * 12 } } }, \
  /* Two missing: 10 answered, 0 + 9 × 3 = 27, mean 2.7, total 32.4 (no rounding) */ \
  { ID, "missing-2", NULL, PLAIN, EXACT, "*=3 Q1=- Q2=- Q3=0", { { "total", 32.4 } } }, \
  { ID, "missing-2-last", NULL, PLAIN, EXACT, "*=1 Q11=- Q12=-", { { "total", 12 } } }, \
  /* Three missing: not scorable */ \
  { ID, "missing-3", NULL, PLAIN, EXACT, "*=3 Q1=- Q2=- Q3=-", { { "total", NULL_SCORE } } }, \
  { ID, "empty", NULL, PLAIN, EXACT, "", { { "total", NULL_SCORE } } }

static const ScoreCase score_cases[] = {
  /* --- KOOS (prom-scoring.md §1) --- */
  { "KOOS", "best", NULL, BEST, EXACT, "*=0", ALL_KOOS (100) },
  { "KOOS", "worst", NULL, WORST, EXACT, "*=4", ALL_KOOS (0) },
  { "KOOS", "best-1998", "1998", BEST, EXACT, "*=0", ALL_KOOS (100) },
  { "KOOS", "worst-1998", "1998", WORST, EXACT, "*=4", ALL_KOOS (0) },
  { "KOOS", "all-2", "2012", PLAIN, EXACT, "*=2", ALL_KOOS (50) },
  { "KOOS", "empty", NULL, PLAIN, EXACT, "", ALL_KOOS (NULL_SCORE) },
  { "KOOS", "empty-1998", "1998", PLAIN, EXACT, "", ALL_KOOS (NULL_SCORE) },
  { "KOOS", "mixed", NULL, PLAIN, EXACT, KOOS_MIXED,
    { { "symptoms", KS (8.0 / 7) },     /* 100 − 8/7 × 25 = 71.428… */
      { "pain", KS (11.0 / 9) },        /* 100 − 11/9 × 25 = 69.444… */
      { "adl", KS (21.0 / 17) },        /* 100 − 21/17 × 25 = 69.117… */
      { "sport_rec", 35 },              /* 100 − 13/5 × 25 */
      { "qol", 50 } } },                /* 100 − 8/4 × 25 */
  { "KOOS", "mixed-1998", "1998", PLAIN, EXACT, KOOS_MIXED,
    { { "symptoms", KS (8.0 / 7) }, { "pain", KS (11.0 / 9) }, { "adl", KS (21.0 / 17) },
      { "sport_rec", 35 }, { "qol", 50 } } },
  /* §13: awell-score */
  { "KOOS", "awell", NULL, PLAIN, PUBLISHED, KOOS_AWELL,
    { { "symptoms", 42.857 }, { "pain", 41.667 }, { "adl", 42.647 }, { "sport_rec", 20.0 },
      { "qol", 37.5 } } },

  /* KOOS 2012: at least half the items (S 4/7, P 5/9, A 9/17, SP 3/5, Q 2/4) */
  /* S4..S7 = 4, 1, 1, 1: mean 7/4 */
  { "KOOS", "2012/symptoms/scorable", "2012", PLAIN, EXACT, "*=1 S1=- S2=- S3=- S4=4",
    SUBSCALE ("symptoms", KS (7.0 / 4)) },
  { "KOOS", "2012/symptoms/not-scorable", "2012", PLAIN, EXACT,
    "*=1 S1=- S2=- S3=- S4=- S5=4", SUBSCALE ("symptoms", NULL_SCORE) },
  /* P5..P9 = 3, 1, 1, 1, 1: mean 7/5 → 65 */
  { "KOOS", "2012/pain/scorable", "2012", PLAIN, EXACT, "*=1 P1=- P2=- P3=- P4=- P5=3",
    SUBSCALE ("pain", 65) },
  { "KOOS", "2012/pain/not-scorable", "2012", PLAIN, EXACT,
    "*=1 P1=- P2=- P3=- P4=- P5=- P6=3", SUBSCALE ("pain", NULL_SCORE) },
  /* A9..A17 = 3 and eight 1s: mean 11/9 */
  { "KOOS", "2012/adl/scorable", "2012", PLAIN, EXACT,
    "*=1 A1=- A2=- A3=- A4=- A5=- A6=- A7=- A8=- A9=3", SUBSCALE ("adl", KS (11.0 / 9)) },
  { "KOOS", "2012/adl/not-scorable", "2012", PLAIN, EXACT,
    "*=1 A1=- A2=- A3=- A4=- A5=- A6=- A7=- A8=- A9=- A10=3", SUBSCALE ("adl", NULL_SCORE) },
  /* SP3..SP5 = 0, 1, 1: mean 2/3 */
  { "KOOS", "2012/sport_rec/scorable", "2012", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=0",
    SUBSCALE ("sport_rec", KS (2.0 / 3)) },
  { "KOOS", "2012/sport_rec/not-scorable", "2012", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=-",
    SUBSCALE ("sport_rec", NULL_SCORE) },
  /* Q3, Q4 = 4, 1: mean 5/2 → 37.5 */
  { "KOOS", "2012/qol/scorable", "2012", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=4",
    SUBSCALE ("qol", 37.5) },
  { "KOOS", "2012/qol/not-scorable", "2012", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=-",
    SUBSCALE ("qol", NULL_SCORE) },
  /* The default rule is 2012 */
  { "KOOS", "default/symptoms/scorable", NULL, PLAIN, EXACT, "*=1 S1=- S2=- S3=- S4=4",
    SUBSCALE ("symptoms", KS (7.0 / 4)) },

  /* KOOS 1998: at most two missing (S 5/7, P 7/9, A 15/17, SP 3/5, Q 2/4) */
  /* S3..S7 = 4, 1, 1, 1, 1: mean 8/5 → 60 */
  { "KOOS", "1998/symptoms/scorable", "1998", PLAIN, EXACT, "*=1 S1=- S2=- S3=4",
    SUBSCALE ("symptoms", 60) },
  /* 4 of 7 answered: scorable by 2012 (above), not by 1998 */
  { "KOOS", "1998/symptoms/not-scorable", "1998", PLAIN, EXACT, "*=1 S1=- S2=- S3=- S4=4",
    SUBSCALE ("symptoms", NULL_SCORE) },
  /* P3..P9 = 0 and six 1s: mean 6/7 */
  { "KOOS", "1998/pain/scorable", "1998", PLAIN, EXACT, "*=1 P1=- P2=- P3=0",
    SUBSCALE ("pain", KS (6.0 / 7)) },
  { "KOOS", "1998/pain/not-scorable", "1998", PLAIN, EXACT, "*=1 P1=- P2=- P3=-",
    SUBSCALE ("pain", NULL_SCORE) },
  { "KOOS", "2012/pain/6-of-9", "2012", PLAIN, EXACT, "*=1 P1=- P2=- P3=-",
    SUBSCALE ("pain", 75) },
  /* A3..A17 = 3 and fourteen 1s: mean 17/15 */
  { "KOOS", "1998/adl/scorable", "1998", PLAIN, EXACT, "*=1 A1=- A2=- A3=3",
    SUBSCALE ("adl", KS (17.0 / 15)) },
  { "KOOS", "1998/adl/not-scorable", "1998", PLAIN, EXACT, "*=1 A1=- A2=- A3=-",
    SUBSCALE ("adl", NULL_SCORE) },
  /* SP3..SP5 = 4, 1, 1: mean 2 → 50 */
  { "KOOS", "1998/sport_rec/scorable", "1998", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=4",
    SUBSCALE ("sport_rec", 50) },
  { "KOOS", "1998/sport_rec/not-scorable", "1998", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=-",
    SUBSCALE ("sport_rec", NULL_SCORE) },
  /* Q3, Q4 = 0, 1: mean 1/2 → 87.5 */
  { "KOOS", "1998/qol/scorable", "1998", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=0",
    SUBSCALE ("qol", 87.5) },
  { "KOOS", "1998/qol/not-scorable", "1998", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=-",
    SUBSCALE ("qol", NULL_SCORE) },

  /* --- KOOS JR (§2): raw sum → HSS table; every item required --- */
  { "KOOS_JR", "best", NULL, BEST, EXACT, "*=0", { { "raw", 0 }, { "interval", 100 } } },
  { "KOOS_JR", "worst", NULL, WORST, EXACT, "*=4", { { "raw", 28 }, { "interval", 0 } } },
  /* 1 + 2 + 0 + 3 + 1 + 2 + 1 = 10 → 61.583 */
  { "KOOS_JR", "mixed", NULL, PLAIN, EXACT, "S6=1 P2=2 P3=0 P6=3 P9=1 A3=2 A5=1",
    { { "raw", 10 }, { "interval", 61.583 } } },
  /* §13: raw 7 → 68.284; raw 14 → 52.465 */
  { "KOOS_JR", "published-raw-7", NULL, PLAIN, PUBLISHED, "*=1",
    { { "raw", 7 }, { "interval", 68.284 } } },
  { "KOOS_JR", "published-raw-14", NULL, PLAIN, PUBLISHED, "*=2",
    { { "raw", 14 }, { "interval", 52.465 } } },
  { "KOOS_JR", "missing-1", NULL, PLAIN, EXACT, "*=0 A5=-",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
  { "KOOS_JR", "missing-1-first", NULL, PLAIN, EXACT, "*=2 S6=-",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
  { "KOOS_JR", "empty", NULL, PLAIN, EXACT, "",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },

  /* --- HOOS (§3) --- */
  { "HOOS", "best", NULL, BEST, EXACT, "*=0", ALL_KOOS (100) },
  { "HOOS", "worst", NULL, WORST, EXACT, "*=4", ALL_KOOS (0) },
  { "HOOS", "best-2003", "2003", BEST, EXACT, "*=0", ALL_KOOS (100) },
  { "HOOS", "worst-2003", "2003", WORST, EXACT, "*=4", ALL_KOOS (0) },
  { "HOOS", "empty", NULL, PLAIN, EXACT, "", ALL_KOOS (NULL_SCORE) },
  { "HOOS", "mixed", NULL, PLAIN, EXACT, HOOS_MIXED,
    { { "symptoms", 65 },               /* 100 − 7/5 × 25 */
      { "pain", 67.5 },                 /* 100 − 13/10 × 25 */
      { "adl", KS (23.0 / 17) },        /* 100 − 23/17 × 25 = 66.176… */
      { "sport_rec", 37.5 },            /* 100 − 10/4 × 25 */
      { "qol", 50 } } },                /* 100 − 8/4 × 25 */
  { "HOOS", "mixed-2003", "2003", PLAIN, EXACT, HOOS_MIXED,
    { { "symptoms", 65 }, { "pain", 67.5 }, { "adl", KS (23.0 / 17) }, { "sport_rec", 37.5 },
      { "qol", 50 } } },

  /* HOOS 2013: at least half (S 3/5, P 5/10, A 9/17, SP 2/4, Q 2/4) */
  /* S3..S5 = 4, 1, 1: mean 2 → 50 */
  { "HOOS", "2013/symptoms/scorable", "2013", PLAIN, EXACT, "*=1 S1=- S2=- S3=4",
    SUBSCALE ("symptoms", 50) },
  { "HOOS", "2013/symptoms/not-scorable", "2013", PLAIN, EXACT, "*=1 S1=- S2=- S3=- S4=4",
    SUBSCALE ("symptoms", NULL_SCORE) },
  /* P6..P10 = 3, 1, 1, 1, 1: mean 7/5 → 65 */
  { "HOOS", "2013/pain/scorable", "2013", PLAIN, EXACT, "*=1 P1=- P2=- P3=- P4=- P5=- P6=3",
    SUBSCALE ("pain", 65) },
  { "HOOS", "2013/pain/not-scorable", "2013", PLAIN, EXACT,
    "*=1 P1=- P2=- P3=- P4=- P5=- P6=- P7=3", SUBSCALE ("pain", NULL_SCORE) },
  /* A9..A17 = 0 and eight 1s: mean 8/9 */
  { "HOOS", "2013/adl/scorable", "2013", PLAIN, EXACT,
    "*=1 A1=- A2=- A3=- A4=- A5=- A6=- A7=- A8=- A9=0", SUBSCALE ("adl", KS (8.0 / 9)) },
  { "HOOS", "2013/adl/not-scorable", "2013", PLAIN, EXACT,
    "*=1 A1=- A2=- A3=- A4=- A5=- A6=- A7=- A8=- A9=- A10=0", SUBSCALE ("adl", NULL_SCORE) },
  /* SP3, SP4 = 4, 1: mean 5/2 → 37.5 */
  { "HOOS", "2013/sport_rec/scorable", "2013", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=4",
    SUBSCALE ("sport_rec", 37.5) },
  { "HOOS", "2013/sport_rec/not-scorable", "2013", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=-",
    SUBSCALE ("sport_rec", NULL_SCORE) },
  /* Q3, Q4 = 2, 1: mean 3/2 → 62.5 */
  { "HOOS", "2013/qol/scorable", "2013", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=2",
    SUBSCALE ("qol", 62.5) },
  { "HOOS", "2013/qol/not-scorable", "2013", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=-",
    SUBSCALE ("qol", NULL_SCORE) },
  { "HOOS", "default/pain/scorable", NULL, PLAIN, EXACT, "*=1 P1=- P2=- P3=- P4=- P5=- P6=3",
    SUBSCALE ("pain", 65) },

  /* HOOS 2003: at most two missing (S 3/5, P 8/10, A 15/17, SP 2/4, Q 2/4) */
  /* S3..S5 = 0, 1, 1: mean 2/3 */
  { "HOOS", "2003/symptoms/scorable", "2003", PLAIN, EXACT, "*=1 S1=- S2=- S3=0",
    SUBSCALE ("symptoms", KS (2.0 / 3)) },
  { "HOOS", "2003/symptoms/not-scorable", "2003", PLAIN, EXACT, "*=1 S1=- S2=- S3=-",
    SUBSCALE ("symptoms", NULL_SCORE) },
  /* P3..P10 = 4 and seven 1s: mean 11/8 → 65.625 */
  { "HOOS", "2003/pain/scorable", "2003", PLAIN, EXACT, "*=1 P1=- P2=- P3=4",
    SUBSCALE ("pain", 65.625) },
  /* 7 of 10 answered: not by 2003, but by 2013 (next case) */
  { "HOOS", "2003/pain/not-scorable", "2003", PLAIN, EXACT, "*=1 P1=- P2=- P3=- P4=4",
    SUBSCALE ("pain", NULL_SCORE) },
  /* P4..P10 = 4 and six 1s: mean 10/7 */
  { "HOOS", "2013/pain/7-of-10", "2013", PLAIN, EXACT, "*=1 P1=- P2=- P3=- P4=4",
    SUBSCALE ("pain", KS (10.0 / 7)) },
  /* A3..A17 = 2 and fourteen 1s: mean 16/15 */
  { "HOOS", "2003/adl/scorable", "2003", PLAIN, EXACT, "*=1 A1=- A2=- A3=2",
    SUBSCALE ("adl", KS (16.0 / 15)) },
  { "HOOS", "2003/adl/not-scorable", "2003", PLAIN, EXACT, "*=1 A1=- A2=- A3=-",
    SUBSCALE ("adl", NULL_SCORE) },
  /* SP3, SP4 = 0, 1: mean 1/2 → 87.5 */
  { "HOOS", "2003/sport_rec/scorable", "2003", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=0",
    SUBSCALE ("sport_rec", 87.5) },
  { "HOOS", "2003/sport_rec/not-scorable", "2003", PLAIN, EXACT, "*=1 SP1=- SP2=- SP3=-",
    SUBSCALE ("sport_rec", NULL_SCORE) },
  /* Q3, Q4 = 4, 1: mean 5/2 → 37.5 */
  { "HOOS", "2003/qol/scorable", "2003", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=4",
    SUBSCALE ("qol", 37.5) },
  { "HOOS", "2003/qol/not-scorable", "2003", PLAIN, EXACT, "*=1 Q1=- Q2=- Q3=-",
    SUBSCALE ("qol", NULL_SCORE) },

  /* --- HOOS JR (§4) --- */
  { "HOOS_JR", "best", NULL, BEST, EXACT, "*=0", { { "raw", 0 }, { "interval", 100 } } },
  { "HOOS_JR", "worst", NULL, WORST, EXACT, "*=4", { { "raw", 24 }, { "interval", 0 } } },
  /* 2 + 1 + 3 + 0 + 1 + 2 = 9 → 61.815 */
  { "HOOS_JR", "mixed", NULL, PLAIN, EXACT, "P5=2 P10=1 A3=3 A5=0 A12=1 A14=2",
    { { "raw", 9 }, { "interval", 61.815 } } },
  /* §13: raw 6 → 70.426 */
  { "HOOS_JR", "published-raw-6", NULL, PLAIN, PUBLISHED, "*=1",
    { { "raw", 6 }, { "interval", 70.426 } } },
  { "HOOS_JR", "missing-1", NULL, PLAIN, EXACT, "*=0 P10=-",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
  { "HOOS_JR", "missing-1-last", NULL, PLAIN, EXACT, "*=4 A14=-",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
  { "HOOS_JR", "empty", NULL, PLAIN, EXACT, "",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },

  /* --- WOMAC LK3.1 (§5): raw sums and raw / max × 100, higher = worse --- */
  { "WOMAC", "best", NULL, BEST, EXACT, "*=0", WOMAC (0, 0, 0, 0) },
  { "WOMAC", "worst", NULL, WORST, EXACT, "*=4", WOMAC (20, 8, 68, 96) },
  /* 7, 3, 23, 33 → 35 %, 37.5 %, 33.82… %, 34.375 % */
  { "WOMAC", "mixed", NULL, PLAIN, EXACT, WOMAC_MIXED, WOMAC (7, 3, 23, 33) },
  /* "*=1" gives pain 5, stiffness 2, function 17.
   * Pain, 1 missing: P2..P5 = 4, 1, 1, 1 = 7, mean 7/4; 7 + 7/4 = 8.75;
   * total 8.75 + 2 + 17 = 27.75 */
  { "WOMAC", "pain/missing-1", NULL, PLAIN, EXACT, "*=1 P1=- P2=4",
    WOMAC (8.75, 2, 17, 27.75) },
  { "WOMAC", "pain/missing-2", NULL, PLAIN, EXACT, "*=1 P1=- P2=-",
    WOMAC_NULL (NULL_SCORE, 2, 17) },
  /* Stiffness, 1 missing: replaced by the other item, 3 + 3 = 6; total 5 + 6 + 17 */
  { "WOMAC", "stiffness/missing-1", NULL, PLAIN, EXACT, "*=1 S1=- S2=3",
    WOMAC (5, 6, 17, 28) },
  { "WOMAC", "stiffness/missing-2", NULL, PLAIN, EXACT, "*=1 S1=- S2=-",
    WOMAC_NULL (5, NULL_SCORE, 17) },
  /* Function, 3 missing: F4..F17 = 4 and thirteen 1s = 17 over 14, mean 17/14;
   * 17 + 3 × 17/14 = 289/14 = 20.64…; total 5 + 2 + 289/14 */
  { "WOMAC", "function/missing-3", NULL, PLAIN, EXACT, "*=1 F1=- F2=- F3=- F4=4",
    WOMAC (5, 2, 289.0 / 14, 7 + 289.0 / 14) },
  { "WOMAC", "function/missing-4", NULL, PLAIN, EXACT, "*=1 F1=- F2=- F3=- F4=- F5=4",
    WOMAC_NULL (5, 2, NULL_SCORE) },
  /* All three imputed at once: pain 8.75, stiffness 6, function 289/14 */
  { "WOMAC", "all/missing-max", NULL, PLAIN, EXACT,
    "*=1 P1=- P2=4 S1=- S2=3 F1=- F2=- F3=- F4=4",
    WOMAC (8.75, 6, 289.0 / 14, 14.75 + 289.0 / 14) },
  { "WOMAC", "empty", NULL, PLAIN, EXACT, "",
    { { "pain", NULL_SCORE }, { "stiffness", NULL_SCORE }, { "function", NULL_SCORE },
      { "total", NULL_SCORE }, { "pain_pct", NULL_SCORE }, { "stiffness_pct", NULL_SCORE },
      { "function_pct", NULL_SCORE }, { "total_pct", NULL_SCORE } } },

  /* --- Oxford scores (§6): 0–4 per item, 48 = best; 1–2 missing → mean × 12 --- */
  OXFORD_CASES ("OKS"),
  OXFORD_CASES ("OHS"),
  OXFORD_CASES ("OSS"),

  /* --- IKDC 2000 (§7) --- */
  { "IKDC", "best", NULL, BEST, EXACT,
    "1=4 2=0 3=0 4=4 5=4 6=1 7=4 8=4 9a=4 9b=4 9c=4 9d=4 9e=4 9f=4 9g=4 9h=4 9i=4 10=10",
    { { "score", 100 } } },
  { "IKDC", "worst", NULL, WORST, EXACT, "*=0 2=10 3=10", { { "score", 0 } } },
  /* §13 */
  { "IKDC", "awell", NULL, PLAIN, PUBLISHED, IKDC_AWELL, { { "score", 34.483 } } },
  { "IKDC", "awell-exact", NULL, PLAIN, EXACT, IKDC_AWELL, { { "score", 30.0 / 87 * 100 } } },
  /* 3 + (10−2) + (10−3) + 3 + 3 + 1 + 4 + 2 = 31; 9a…9i 4+3+2+2+4+4+3+2+3 = 27;
   * item 10: 8; 66/87 */
  { "IKDC", "mixed", NULL, PLAIN, EXACT,
    "1=3 2=2 3=3 4=3 5=3 6=1 7=4 8=2 9a=4 9b=3 9c=2 9d=2 9e=4 9f=4 9g=3 9h=2 9i=3 10=8",
    { { "score", 66.0 / 87 * 100 } } },
  /* 16 of 18: awell without 9i (score 4, max 4) and 10 (score 2, max 10):
   * (30 − 4 − 2) / (87 − 4 − 10) = 24/73 */
  { "IKDC", "missing-2", NULL, PLAIN, EXACT, IKDC_AWELL " 9i=- 10=-",
    { { "score", 24.0 / 73 * 100 } } },
  /* 16 of 18, the reversed items missing: (30 − 6 − 3) / (87 − 10 − 10) = 21/67 */
  { "IKDC", "missing-2-reversed", NULL, PLAIN, EXACT, IKDC_AWELL " 2=- 3=-",
    { { "score", 21.0 / 67 * 100 } } },
  /* 16 of 18, item 6 (max 1) and item 1 missing: (30 − 0 − 1) / (87 − 1 − 4) = 29/82 */
  { "IKDC", "missing-2-small", NULL, PLAIN, EXACT, IKDC_AWELL " 1=- 6=-",
    { { "score", 29.0 / 82 * 100 } } },
  { "IKDC", "missing-3", NULL, PLAIN, EXACT, IKDC_AWELL " 2=- 3=- 10=-",
    { { "score", NULL_SCORE } } },
  { "IKDC", "missing-3-best", NULL, PLAIN, EXACT,
    "1=4 2=0 3=0 4=4 5=4 6=1 7=4 8=4 9a=4 9b=4 9c=4 9d=4 9e=4 9f=4 9g=4 9h=4 9i=4 10=10 "
    "9a=- 9b=- 9c=-",
    { { "score", NULL_SCORE } } },
  { "IKDC", "empty", NULL, PLAIN, EXACT, "", { { "score", NULL_SCORE } } },

  /* --- Lysholm (§8): sum of points; any missing → not scorable --- */
  { "LYSHOLM", "best", NULL, BEST, EXACT,
    "limp=5 support=5 locking=15 instability=25 pain=25 swelling=10 stairs=10 squatting=5",
    { { "score", 100 } } },
  { "LYSHOLM", "worst", NULL, WORST, EXACT, "*=0", { { "score", 0 } } },
  /* 3 + 5 + 10 + 20 + 15 + 6 + 6 + 4 = 69 */
  { "LYSHOLM", "mixed", NULL, PLAIN, EXACT,
    "limp=3 support=5 locking=10 instability=20 pain=15 swelling=6 stairs=6 squatting=4",
    { { "score", 69 } } },
  { "LYSHOLM", "missing/limp", NULL, PLAIN, EXACT, LYSHOLM_BEST " limp=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/support", NULL, PLAIN, EXACT, LYSHOLM_BEST " support=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/locking", NULL, PLAIN, EXACT, LYSHOLM_BEST " locking=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/instability", NULL, PLAIN, EXACT, LYSHOLM_BEST " instability=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/pain", NULL, PLAIN, EXACT, LYSHOLM_BEST " pain=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/swelling", NULL, PLAIN, EXACT, LYSHOLM_BEST " swelling=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/stairs", NULL, PLAIN, EXACT, LYSHOLM_BEST " stairs=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "missing/squatting", NULL, PLAIN, EXACT, LYSHOLM_BEST " squatting=-",
    { { "score", NULL_SCORE } } },
  { "LYSHOLM", "empty", NULL, PLAIN, EXACT, "", { { "score", NULL_SCORE } } },

  /* --- Tegner (§9) --- */
  { "TEGNER", "best", NULL, BEST, EXACT, "level=10", { { "level", 10 } } },
  { "TEGNER", "worst", NULL, WORST, EXACT, "level=0", { { "level", 0 } } },
  { "TEGNER", "mixed", NULL, PLAIN, EXACT, "level=6", { { "level", 6 } } },
  { "TEGNER", "empty", NULL, PLAIN, EXACT, "", { { "level", NULL_SCORE } } },

  /* --- ASES (§11): (10 − pain) × 5 + 5/3 × ADL sum --- */
  { "ASES", "best", NULL, BEST, EXACT, "*=3 pain=0", { { "score", 100 } } },
  { "ASES", "worst", NULL, WORST, EXACT, "*=0 pain=10", { { "score", 0 } } },
  /* §13: pain 3, ADL 3 + 9 × 2 = 21: (10 − 3) × 5 + 5/3 × 21 = 35 + 35 = 70 */
  { "ASES", "published", NULL, PLAIN, PUBLISHED, "*=2 pain=3 ADL1=3", { { "score", 70 } } },
  { "ASES", "published-exact", NULL, PLAIN, EXACT, "*=2 pain=3 ADL1=3", { { "score", 70 } } },
  /* Pain 2.5 (decimals allowed); ADL 3+3+2+2+1+3+0+1+2+3 = 20:
   * 7.5 × 5 + 5/3 × 20 = 37.5 + 33.33… */
  { "ASES", "mixed", NULL, PLAIN, EXACT,
    "pain=2.5 ADL1=3 ADL2=3 ADL3=2 ADL4=2 ADL5=1 ADL6=3 ADL7=0 ADL8=1 ADL9=2 ADL10=3",
    { { "score", 37.5 + 100.0 / 3 } } },
  { "ASES", "missing/ADL1", NULL, PLAIN, EXACT, "*=3 pain=0 ADL1=-",
    { { "score", NULL_SCORE } } },
  { "ASES", "missing/ADL10", NULL, PLAIN, EXACT, "*=3 pain=0 ADL10=-",
    { { "score", NULL_SCORE } } },
  { "ASES", "missing/pain", NULL, PLAIN, EXACT, "*=3 pain=-", { { "score", NULL_SCORE } } },
  { "ASES", "empty", NULL, PLAIN, EXACT, "", { { "score", NULL_SCORE } } },

  /* --- Pain VAS / NRS and patient global (§10): the value, higher = worse --- */
  { "PAIN_VAS", "best", NULL, BEST, EXACT, "pain=0", { { "pain", 0 } } },
  { "PAIN_VAS", "worst", NULL, WORST, EXACT, "pain=100", { { "pain", 100 } } },
  { "PAIN_VAS", "mixed", NULL, PLAIN, EXACT, "pain=37.26", { { "pain", 37.26 } } },
  { "PAIN_VAS", "empty", NULL, PLAIN, EXACT, "", { { "pain", NULL_SCORE } } },
  { "PAIN_NRS", "best", NULL, BEST, EXACT, "pain=0", { { "pain", 0 } } },
  { "PAIN_NRS", "worst", NULL, WORST, EXACT, "pain=10", { { "pain", 10 } } },
  { "PAIN_NRS", "mixed", NULL, PLAIN, EXACT, "pain=7", { { "pain", 7 } } },
  { "PAIN_NRS", "empty", NULL, PLAIN, EXACT, "", { { "pain", NULL_SCORE } } },
  { "GLOBAL_VAS", "best", NULL, BEST, EXACT, "global=0", { { "global", 0 } } },
  { "GLOBAL_VAS", "worst", NULL, WORST, EXACT, "global=100", { { "global", 100 } } },
  { "GLOBAL_VAS", "mixed", NULL, PLAIN, EXACT, "global=55.5", { { "global", 55.5 } } },
  { "GLOBAL_VAS", "empty", NULL, PLAIN, EXACT, "", { { "global", NULL_SCORE } } },
};

static void
test_score_case (gconstpointer data)
{
  const ScoreCase *c = data;
  MarrowInstrument *instrument = get_instrument (c->instrument);
  g_autoptr(MarrowAnswers) answers = make_answers (instrument, c->answers);
  g_autoptr(MarrowScores) scores = score_answers (answers, c->scoring);
  guint n_expected = 0;

  g_assert_cmpstr (marrow_scores_get_scoring_version (scores), ==,
                   c->scoring != NULL ? c->scoring : default_scoring (c->instrument));
  g_assert_cmpuint (marrow_scores_get_n_values (scores), ==,
                    marrow_instrument_get_n_scores (instrument));

  for (const Expected *e = c->expected; e->key != NULL; e++)
    {
      const MarrowScoreValue *value = marrow_scores_find_value (scores, e->key);
      g_autofree char *where = g_strdup_printf ("%s %s: %s", c->instrument, c->name, e->key);
      gboolean repeated = FALSE;

      /* A later entry for the same key overrides (SUBSCALE) */
      for (const Expected *f = e + 1; f->key != NULL; f++)
        repeated = repeated || strcmp (f->key, e->key) == 0;
      if (repeated)
        continue;

      n_expected++;
      assert_score (where, value, e->value, c->tolerance);
      g_assert_nonnull (value);

      if (c->kind != PLAIN)
        {
          const MarrowInstrumentScore *def = value->definition;
          gboolean want_max = def->higher_is_better == (c->kind == BEST);

          g_assert_true (value->scorable);
          g_assert_cmpfloat (value->value, ==, want_max ? def->max : def->min);
          g_assert_cmpuint (value->n_imputed, ==, 0);
        }
    }

  /* Every score of the instrument is covered */
  g_assert_cmpuint (n_expected, ==, marrow_instrument_get_n_scores (instrument));

  /* Scoring imputes nothing into the answers (prom-scoring.md §0.3) */
  {
    g_autoptr(MarrowAnswers) again = make_answers (instrument, c->answers);

    for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
      {
        double a = -1, b = -1;
        gboolean has_a = marrow_answers_get (answers, i, &a);
        gboolean has_b = marrow_answers_get (again, i, &b);

        g_assert_cmpint (has_a, ==, has_b);
        g_assert_cmpfloat (a, ==, b);
      }
  }
}

/* --- the whole KOOS JR and HOOS JR tables ------------------------------------ */

/* prom-scoring.md §2, raw sum 0…28 */
static const double koos_jr_table[] = {
  100.000, 91.975, 84.600, 79.914, 76.332, 73.342, 70.704, 68.284, 65.994, 63.776,
  61.583, 59.381, 57.140, 54.840, 52.465, 50.012, 47.487, 44.905, 42.281, 39.625,
  36.931, 34.174, 31.307, 28.251, 24.875, 20.941, 15.939, 8.291, 0.000,
};

/* prom-scoring.md §4, raw sum 0…24 */
static const double hoos_jr_table[] = {
  100.000, 92.340, 85.257, 80.550, 76.776, 73.472, 70.426, 67.516, 64.664,
  61.815, 58.930, 55.985, 52.965, 49.858, 46.652, 43.335, 39.902, 36.363,
  32.735, 29.009, 25.103, 20.805, 15.633, 8.104, 0.000,
};

typedef struct
{
  const char   *instrument;
  const double *table;
  guint         raw;
} LookupCase;

static LookupCase lookup_cases[G_N_ELEMENTS (koos_jr_table) + G_N_ELEMENTS (hoos_jr_table)];

/* Spreads the raw sum over the items, up to 4 each, starting at a different
 * item for each sum so that every item carries weight somewhere. */
static void
test_lookup_case (gconstpointer data)
{
  const LookupCase *c = data;
  MarrowInstrument *instrument = get_instrument (c->instrument);
  g_autoptr(MarrowAnswers) answers = marrow_answers_new (instrument);
  g_autoptr(MarrowScores) scores = NULL;
  guint n = marrow_instrument_get_n_items (instrument);
  guint left = c->raw;
  g_autofree char *where = g_strdup_printf ("%s raw %u", c->instrument, c->raw);

  for (guint k = 0; k < n; k++)
    {
      guint i = (k + c->raw) % n;
      guint v = MIN (left, 4);
      g_autoptr(GError) error = NULL;

      g_assert_true (marrow_answers_set (answers, marrow_instrument_get_item (instrument, i)->id,
                                         v, &error));
      g_assert_no_error (error);
      left -= v;
    }
  g_assert_cmpuint (left, ==, 0);

  scores = score_answers (answers, NULL);
  assert_score (where, marrow_scores_find_value (scores, "raw"), c->raw, EXACT);
  assert_score (where, marrow_scores_find_value (scores, "interval"), c->table[c->raw], TABLE);
}

/* --- display ---------------------------------------------------------------- */

typedef struct
{
  const char *instrument;
  const char *name;
  const char *answers;
  const char *key;
  double      value;
  guint       n_imputed;
  const char *text;
} FormatCase;

#define OXFORD_FORMATS(ID) \
  { ID, "complete", "Q1=4 Q2=3 Q3=3 Q4=2 Q5=4 Q6=1 Q7=0 Q8=2 Q9=3 Q10=4 Q11=3 Q12=2", \
    "total", 31, 0, "31" }, \
  { ID, "complete-max", "*=4", "total", 48, 0, "48" }, \
  { ID, "complete-min", "*=0", "total", 0, 0, "0" }, \
  /* 34/11 × 12 = 37.0909… */ \
  { ID, "imputed-1", "*=3 Q1=- Q2=4", "total", 34.0 / 11 * 12, 1, "37.1" }, \
  { ID, "imputed-2", "*=3 Q1=- Q2=- Q3=0", "total", 32.4, 2, "32.4" }, \
  /* Imputed but a whole number: still one decimal, so people see it was imputed */ \
  { ID, "imputed-whole", "*=2 Q5=-", "total", 24, 1, "24.0" }, \
  { ID, "not-scorable", "*=2 Q1=- Q2=- Q3=-", "total", NULL_SCORE, 0, "not scorable" }

static const FormatCase format_cases[] = {
  OXFORD_FORMATS ("OKS"),
  OXFORD_FORMATS ("OHS"),
  OXFORD_FORMATS ("OSS"),
  /* KOOS symptoms 100 − 8/7 × 25 = 71.43 */
  { "KOOS", "one-decimal", KOOS_MIXED, "symptoms", KS (8.0 / 7), 0, "71.4" },
  /* Three missing S items, mean of S4..S7 = 3, 1, 1, 1 = 1.5: 100 − 37.5 */
  { "KOOS", "imputed", "*=1 S1=- S2=- S3=- S4=3", "symptoms", 62.5, 3, "62.5" },
  { "KOOS_JR", "raw-whole", "*=2", "raw", 14, 0, "14" },
  { "KOOS_JR", "interval", "*=2", "interval", 52.465, 0, "52.5" },
  { "HOOS_JR", "raw-whole", "*=1", "raw", 6, 0, "6" },
  /* P2..P5 = 3, 1, 1, 1 = 6, mean 1.5: 6 + 1.5 */
  { "WOMAC", "raw", "*=1 P1=- P2=3", "pain", 7.5, 1, "7.5" },
  { "WOMAC", "total", "*=1 F1=- F2=- F3=- F4=4", "total", 7 + 289.0 / 14, 3, "27.6" },
  { "IKDC", "one-decimal", IKDC_AWELL, "score", 30.0 / 87 * 100, 0, "34.5" },
  { "LYSHOLM", "whole", LYSHOLM_BEST, "score", 100, 0, "100" },
  { "TEGNER", "whole", "level=6", "level", 6, 0, "6" },
  { "PAIN_NRS", "whole", "pain=7", "pain", 7, 0, "7" },
  { "PAIN_VAS", "one-decimal", "pain=37.26", "pain", 37.26, 0, "37.3" },
  { "GLOBAL_VAS", "one-decimal", "global=55", "global", 55, 0, "55.0" },
  { "ASES", "one-decimal", "*=2 pain=3 ADL1=3", "score", 70, 0, "70.0" },
  { "ASES", "not-scorable", "*=2 pain=-", "score", NULL_SCORE, 0, "not scorable" },
};

static void
test_format_case (gconstpointer data)
{
  const FormatCase *c = data;
  MarrowInstrument *instrument = get_instrument (c->instrument);
  g_autoptr(MarrowAnswers) answers = make_answers (instrument, c->answers);
  guint n_answered = marrow_answers_get_n_answered (answers);
  g_autoptr(MarrowScores) scores = score_answers (answers, NULL);
  const MarrowScoreValue *value = marrow_scores_find_value (scores, c->key);
  g_autofree char *where = g_strdup_printf ("%s %s: %s", c->instrument, c->name, c->key);
  g_autofree char *text = NULL;

  assert_score (where, value, c->value, EXACT);
  g_assert_nonnull (value);
  g_assert_cmpuint (value->n_imputed, ==, c->n_imputed);
  text = marrow_score_value_format (value);
  g_assert_cmpstr (text, ==, c->text);

  /* The imputed items stay missing in the answers */
  g_assert_cmpuint (marrow_answers_get_n_answered (answers), ==, n_answered);
}

/* --- invalid answers --------------------------------------------------------- */

typedef struct
{
  const char *instrument;
  const char *item;
  double      value;
  int         code;
} InvalidCase;

#define VALUE     MARROW_INSTRUMENT_ERROR_VALUE
#define NOT_WHOLE MARROW_INSTRUMENT_ERROR_NOT_WHOLE
#define UNKNOWN   MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM

static const InvalidCase invalid_cases[] = {
  { "KOOS", "S1", 5, VALUE },
  { "KOOS", "S4", -1, VALUE },
  { "KOOS", "P1", 1.5, NOT_WHOLE },
  { "KOOS", "A17", NAN, VALUE },
  { "KOOS", "SP5", INFINITY, VALUE },
  { "KOOS", "Q4", -INFINITY, VALUE },
  { "KOOS", "S8", 1, UNKNOWN },
  { "KOOS", "P10", 1, UNKNOWN },
  { "KOOS", "A18", 1, UNKNOWN },
  { "KOOS", "SP6", 1, UNKNOWN },
  { "KOOS", "Q5", 1, UNKNOWN },
  { "KOOS", "s1", 1, UNKNOWN },
  { "KOOS", "", 1, UNKNOWN },
  { "KOOS_JR", "S6", 5, VALUE },
  { "KOOS_JR", "A5", 0.5, NOT_WHOLE },
  { "KOOS_JR", "P9", NAN, VALUE },
  { "KOOS_JR", "P1", 1, UNKNOWN },
  { "KOOS_JR", "S1", 1, UNKNOWN },
  { "HOOS", "P10", 5, VALUE },
  { "HOOS", "A17", 2.5, NOT_WHOLE },
  { "HOOS", "Q1", -INFINITY, VALUE },
  { "HOOS", "S6", 1, UNKNOWN },
  { "HOOS", "SP5", 1, UNKNOWN },
  { "HOOS_JR", "P10", -1, VALUE },
  { "HOOS_JR", "A14", 3.5, NOT_WHOLE },
  { "HOOS_JR", "A12", INFINITY, VALUE },
  { "HOOS_JR", "P1", 1, UNKNOWN },
  { "WOMAC", "F17", 5, VALUE },
  { "WOMAC", "S2", 4.5, NOT_WHOLE },
  { "WOMAC", "P1", NAN, VALUE },
  { "WOMAC", "P6", 1, UNKNOWN },
  { "WOMAC", "F18", 1, UNKNOWN },
  { "WOMAC", "A1", 1, UNKNOWN },
  { "OKS", "Q1", 5, VALUE },
  { "OKS", "Q12", -1, VALUE },
  { "OKS", "Q6", 3.5, NOT_WHOLE },
  { "OKS", "Q7", NAN, VALUE },
  { "OKS", "Q13", 1, UNKNOWN },
  { "OKS", "Q0", 1, UNKNOWN },
  { "OHS", "Q2", 5, VALUE },
  { "OHS", "Q3", 0.5, NOT_WHOLE },
  { "OHS", "Q4", INFINITY, VALUE },
  { "OHS", "Q13", 1, UNKNOWN },
  { "OSS", "Q11", 6, VALUE },
  { "OSS", "Q10", 2.25, NOT_WHOLE },
  { "OSS", "Q9", -INFINITY, VALUE },
  { "OSS", "Q13", 1, UNKNOWN },
  { "IKDC", "1", 5, VALUE },
  { "IKDC", "2", 11, VALUE },
  { "IKDC", "3", -1, VALUE },
  { "IKDC", "2", 2.5, NOT_WHOLE },
  { "IKDC", "10", 9.5, NOT_WHOLE },
  { "IKDC", "6", 2, VALUE },
  { "IKDC", "9i", NAN, VALUE },
  { "IKDC", "9j", 1, UNKNOWN },
  { "IKDC", "9", 1, UNKNOWN },
  { "IKDC", "11", 1, UNKNOWN },
  { "LYSHOLM", "limp", 4, VALUE },
  { "LYSHOLM", "support", 3, VALUE },
  { "LYSHOLM", "locking", 16, VALUE },
  { "LYSHOLM", "instability", 12, VALUE },
  { "LYSHOLM", "pain", 30, VALUE },
  { "LYSHOLM", "swelling", 2.5, NOT_WHOLE },
  { "LYSHOLM", "squatting", 3, VALUE },
  { "LYSHOLM", "stairs", INFINITY, VALUE },
  { "LYSHOLM", "effusion", 0, UNKNOWN },
  { "TEGNER", "level", 11, VALUE },
  { "TEGNER", "level", -1, VALUE },
  { "TEGNER", "level", 5.5, NOT_WHOLE },
  { "TEGNER", "level", NAN, VALUE },
  { "TEGNER", "pre_injury", 5, UNKNOWN },
  { "ASES", "pain", 10.5, VALUE },
  { "ASES", "pain", -0.1, VALUE },
  { "ASES", "pain", NAN, VALUE },
  { "ASES", "ADL1", 4, VALUE },
  { "ASES", "ADL10", 1.5, NOT_WHOLE },
  { "ASES", "ADL11", 1, UNKNOWN },
  { "ASES", "ADL0", 1, UNKNOWN },
  { "PAIN_VAS", "pain", 100.5, VALUE },
  { "PAIN_VAS", "pain", -1, VALUE },
  { "PAIN_VAS", "pain", INFINITY, VALUE },
  { "PAIN_VAS", "global", 1, UNKNOWN },
  { "PAIN_NRS", "pain", 7.5, NOT_WHOLE },
  { "PAIN_NRS", "pain", 11, VALUE },
  { "PAIN_NRS", "pain", NAN, VALUE },
  { "PAIN_NRS", "nrs", 1, UNKNOWN },
  { "GLOBAL_VAS", "global", 101, VALUE },
  { "GLOBAL_VAS", "global", NAN, VALUE },
  { "GLOBAL_VAS", "global", -INFINITY, VALUE },
  { "GLOBAL_VAS", "pain", 1, UNKNOWN },
};

/* A complete, valid answer set for each instrument: the state that a failed
 * set must leave as it was */
static const char *
complete_answers (const char *id)
{
  static const struct { const char *id; const char *answers; } complete[] = {
    { "ASES", "*=2 pain=3 ADL1=3" },
    { "GLOBAL_VAS", "global=55.5" },
    { "HOOS", HOOS_MIXED },
    { "HOOS_JR", "P5=2 P10=1 A3=3 A5=0 A12=1 A14=2" },
    { "IKDC", IKDC_AWELL },
    { "KOOS", KOOS_MIXED },
    { "KOOS_JR", "S6=1 P2=2 P3=0 P6=3 P9=1 A3=2 A5=1" },
    { "LYSHOLM",
      "limp=3 support=5 locking=10 instability=20 pain=15 swelling=6 stairs=6 squatting=4" },
    { "OHS", "Q1=4 Q2=3 Q3=3 Q4=2 Q5=4 Q6=1 Q7=0 Q8=2 Q9=3 Q10=4 Q11=3 Q12=2" },
    { "OKS", "Q1=4 Q2=3 Q3=3 Q4=2 Q5=4 Q6=1 Q7=0 Q8=2 Q9=3 Q10=4 Q11=3 Q12=2" },
    { "OSS", "Q1=4 Q2=3 Q3=3 Q4=2 Q5=4 Q6=1 Q7=0 Q8=2 Q9=3 Q10=4 Q11=3 Q12=2" },
    { "PAIN_NRS", "pain=7" },
    { "PAIN_VAS", "pain=37.26" },
    { "TEGNER", "level=6" },
    { "WOMAC", WOMAC_MIXED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (complete); i++)
    if (strcmp (complete[i].id, id) == 0)
      return complete[i].answers;
  g_assert_not_reached ();
}

static void
assert_same_answers (MarrowAnswers *a,
                     MarrowAnswers *b)
{
  MarrowInstrument *instrument = marrow_answers_get_instrument (a);

  g_assert_true (marrow_answers_get_instrument (b) == instrument);
  g_assert_cmpuint (marrow_answers_get_n_answered (a), ==, marrow_answers_get_n_answered (b));
  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      double va = -1, vb = -1;
      gboolean has_a = marrow_answers_get (a, i, &va);
      gboolean has_b = marrow_answers_get (b, i, &vb);

      g_assert_cmpint (has_a, ==, has_b);
      if (has_a)
        g_assert_cmpfloat (va, ==, vb);
    }
}

static void
assert_same_scores (MarrowScores *a,
                    MarrowScores *b)
{
  g_assert_cmpstr (marrow_scores_get_scoring_version (a), ==,
                   marrow_scores_get_scoring_version (b));
  g_assert_cmpuint (marrow_scores_get_n_values (a), ==, marrow_scores_get_n_values (b));
  for (guint i = 0; i < marrow_scores_get_n_values (a); i++)
    {
      const MarrowScoreValue *va = marrow_scores_get_value (a, i);
      const MarrowScoreValue *vb = marrow_scores_get_value (b, i);

      g_assert_cmpstr (va->definition->key, ==, vb->definition->key);
      g_assert_cmpint (va->scorable, ==, vb->scorable);
      g_assert_cmpfloat (va->value, ==, vb->value);
      g_assert_cmpuint (va->n_answered, ==, vb->n_answered);
      g_assert_cmpuint (va->n_imputed, ==, vb->n_imputed);
    }
}

static void
check_invalid (MarrowAnswers     *answers,
               const InvalidCase *c)
{
  MarrowInstrument *instrument = marrow_answers_get_instrument (answers);
  const MarrowInstrumentItem *item = marrow_instrument_find_item (instrument, c->item, NULL);
  g_autoptr(MarrowAnswers) before = make_answers (instrument, "");
  g_autoptr(MarrowScores) scores_before = score_answers (answers, NULL);
  g_autoptr(MarrowScores) scores_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;

  /* A copy of the answers as they are */
  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      double v;

      if (marrow_answers_get (answers, i, &v))
        g_assert_true (marrow_answers_set (before, marrow_instrument_get_item (instrument, i)->id,
                                           v, NULL));
    }

  g_assert_false (marrow_answers_set (answers, c->item, c->value, &error));
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, c->code);
  g_assert_cmpstr (marrow_instrument_error_get_item (error), ==, c->item);
  g_assert_nonnull (strstr (error->message, marrow_instrument_get_id (instrument)));
  if (*c->item != '\0')
    g_assert_nonnull (strstr (error->message, c->item));

  if (c->code == MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM)
    g_assert_null (item);
  else
    {
      g_autofree char *allowed = NULL;

      /* The message gives the allowed values */
      g_assert_nonnull (item);
      allowed = marrow_instrument_describe_allowed (item);
      g_assert_nonnull (strstr (error->message, allowed));
    }

  /* The same verdict from the checker alone */
  g_assert_false (marrow_instrument_check_answer (instrument, c->item, c->value, &check_error));
  g_assert_error (check_error, MARROW_INSTRUMENT_ERROR, c->code);
  g_assert_cmpstr (marrow_instrument_error_get_item (check_error), ==, c->item);

  /* A failed set changes nothing */
  assert_same_answers (answers, before);
  scores_after = score_answers (answers, NULL);
  assert_same_scores (scores_before, scores_after);
}

static void
test_invalid_case (gconstpointer data)
{
  const InvalidCase *c = data;
  MarrowInstrument *instrument = get_instrument (c->instrument);
  g_autoptr(MarrowAnswers) complete = make_answers (instrument, complete_answers (c->instrument));
  g_autoptr(MarrowAnswers) empty = make_answers (instrument, "");

  /* Over a complete form: the item keeps its answer */
  check_invalid (complete, c);
  /* Over an empty form: the item stays missing */
  check_invalid (empty, c);
  g_assert_cmpuint (marrow_answers_get_n_answered (empty), ==, 0);

  if (c->code == MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (marrow_answers_set_missing (complete, c->item, &error));
      g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_ITEM);
      g_assert_cmpstr (marrow_instrument_error_get_item (error), ==, c->item);
    }
}

/* Answers are stored as marked; the IKDC reversal happens only in scoring */
static void
test_ikdc_stored_as_marked (void)
{
  MarrowInstrument *instrument = get_instrument ("IKDC");
  g_autoptr(MarrowAnswers) answers = make_answers (instrument, IKDC_AWELL);
  const MarrowInstrumentItem *item;
  guint index;
  double value = -1;

  item = marrow_instrument_find_item (instrument, "2", &index);
  g_assert_nonnull (item);
  g_assert_true (item->reverse);
  g_assert_true (marrow_answers_get (answers, index, &value));
  g_assert_cmpfloat (value, ==, 4);

  item = marrow_instrument_find_item (instrument, "3", &index);
  g_assert_true (item->reverse);
  g_assert_true (marrow_answers_get (answers, index, &value));
  g_assert_cmpfloat (value, ==, 7);

  /* Item 10 (current function, 10 = normal) is not reversed */
  item = marrow_instrument_find_item (instrument, "10", &index);
  g_assert_false (item->reverse);
}

/* --- rule versions ----------------------------------------------------------- */

typedef struct
{
  const char *instrument;
  const char *scoring;
} UnknownScoringCase;

static const UnknownScoringCase unknown_scoring_cases[] = {
  { "KOOS", "2013" },       /* HOOS's version, not KOOS's */
  { "KOOS", "2012 " },
  { "HOOS", "2012" },
  { "HOOS", "1998" },
  { "KOOS_JR", "2012" },
  { "WOMAC", "LK3.1" },     /* the questionnaire version, not a rule version */
  { "OKS", "1998" },        /* the legacy 1–5 scoring is not offered */
  { "OHS", "1996" },
  { "OSS", "" },
  { "IKDC", "pediatric" },
  { "LYSHOLM", "1982" },
  { "TEGNER", "1" },
  { "ASES", "2002" },
  { "PAIN_VAS", "2" },
  { "PAIN_NRS", "0" },
  { "GLOBAL_VAS", "default" },
  { "HOOS_JR", "2" },
};

static void
test_unknown_scoring (gconstpointer data)
{
  const UnknownScoringCase *c = data;
  MarrowInstrument *instrument = get_instrument (c->instrument);
  g_autoptr(MarrowAnswers) answers = make_answers (instrument, complete_answers (c->instrument));
  g_autoptr(MarrowScores) scores = NULL;
  g_autoptr(GError) error = NULL;

  scores = marrow_instrument_score (answers, c->scoring, &error);
  g_assert_null (scores);
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_SCORING);
  g_assert_null (marrow_instrument_error_get_item (error));
}

/* --- derived short forms ----------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *from;
  const char *from_answers;
  const char *to;
  const char *to_answers;   /* the answers the short form must get */
  Expected    expected[MAX_KEYS + 1];
} DeriveCase;

static const DeriveCase derive_cases[] = {
  /* KOOS mixed: S6 3, P2 1, P3 1, P6 3, P9 1, A3 2, A5 1 = 12 → 57.140 */
  { "KOOS-to-KOOS_JR", "KOOS", KOOS_MIXED, "KOOS_JR", "S6=3 P2=1 P3=1 P6=3 P9=1 A3=2 A5=1",
    { { "raw", 12 }, { "interval", 57.140 } } },
  { "KOOS-to-KOOS_JR/missing", "KOOS", KOOS_MIXED " S6=-", "KOOS_JR",
    "P2=1 P3=1 P6=3 P9=1 A3=2 A5=1", { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
  /* Missing items outside the short form do not matter */
  { "KOOS-to-KOOS_JR/other-missing", "KOOS", KOOS_MIXED " S1=- P1=- A1=- SP1=- Q1=-",
    "KOOS_JR", "S6=3 P2=1 P3=1 P6=3 P9=1 A3=2 A5=1",
    { { "raw", 12 }, { "interval", 57.140 } } },
  /* KOOS mixed: pain P5..P9 = 2, 3, 1, 0, 1 = 7; stiffness S6, S7 = 3, 1 = 4;
   * function A1..A17 = 21; total 32 */
  { "KOOS-to-WOMAC", "KOOS", KOOS_MIXED, "WOMAC",
    "P1=2 P2=3 P3=1 P4=0 P5=1 S1=3 S2=1 "
    "F1=1 F2=1 F3=2 F4=0 F5=1 F6=1 F7=2 F8=3 F9=1 F10=0 F11=0 F12=1 F13=2 F14=1 F15=1 "
    "F16=4 F17=0",
    WOMAC (7, 4, 21, 32) },
  /* KOOS P5, A1, A2 missing: pain 3+1+0+1 = 5 over 4, 5 + 5/4 = 6.25;
   * function 21 − 1 − 1 = 19 over 15, 19 + 2 × 19/15 = 323/15; stiffness 4 */
  { "KOOS-to-WOMAC/imputed", "KOOS", KOOS_MIXED " P5=- A1=- A2=-", "WOMAC",
    "P2=3 P3=1 P4=0 P5=1 S1=3 S2=1 "
    "F3=2 F4=0 F5=1 F6=1 F7=2 F8=3 F9=1 F10=0 F11=0 F12=1 F13=2 F14=1 F15=1 F16=4 F17=0",
    WOMAC (6.25, 4, 323.0 / 15, 10.25 + 323.0 / 15) },
  /* HOOS mixed: P5 3, P10 1, A3 1, A5 3, A12 4, A14 1 = 13 → 49.858 */
  { "HOOS-to-HOOS_JR", "HOOS", HOOS_MIXED, "HOOS_JR", "P5=3 P10=1 A3=1 A5=3 A12=4 A14=1",
    { { "raw", 13 }, { "interval", 49.858 } } },
  { "HOOS-to-HOOS_JR/missing", "HOOS", HOOS_MIXED " A12=-", "HOOS_JR",
    "P5=3 P10=1 A3=1 A5=3 A14=1", { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
  { "KOOS-to-KOOS_JR/empty", "KOOS", "", "KOOS_JR", "",
    { { "raw", NULL_SCORE }, { "interval", NULL_SCORE } } },
};

static void
test_derive_case (gconstpointer data)
{
  const DeriveCase *c = data;
  MarrowInstrument *from = get_instrument (c->from);
  MarrowInstrument *to = get_instrument (c->to);
  g_autoptr(MarrowAnswers) source = make_answers (from, c->from_answers);
  g_autoptr(MarrowAnswers) direct = make_answers (to, c->to_answers);
  g_autoptr(MarrowAnswers) derived = NULL;
  g_autoptr(MarrowScores) derived_scores = NULL;
  g_autoptr(MarrowScores) direct_scores = NULL;
  g_autoptr(GError) error = NULL;
  guint n_expected = 0;

  derived = marrow_answers_derive (source, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (derived);
  g_assert_true (marrow_answers_get_instrument (derived) == to);

  /* The short form gets exactly the mapped answers … */
  assert_same_answers (derived, direct);

  /* … so it scores as if it had been filled in directly */
  derived_scores = score_answers (derived, NULL);
  direct_scores = score_answers (direct, NULL);
  assert_same_scores (derived_scores, direct_scores);

  for (const Expected *e = c->expected; e->key != NULL; e++)
    {
      g_autofree char *where = g_strdup_printf ("%s: %s", c->name, e->key);

      assert_score (where, marrow_scores_find_value (derived_scores, e->key), e->value, EXACT);
      n_expected++;
    }
  g_assert_cmpuint (n_expected, ==, marrow_instrument_get_n_scores (to));
}

/* The item mapping, written from prom-scoring.md §1, §2, §4 and
 * instruments-contract.md: "short<long" */
typedef struct
{
  const char *from;
  const char *to;
  const char *map;
} DeriveMap;

static const DeriveMap derive_maps[] = {
  { "KOOS", "KOOS_JR", "S6<S6 P2<P2 P3<P3 P6<P6 P9<P9 A3<A3 A5<A5" },
  { "KOOS", "WOMAC",
    "P1<P5 P2<P6 P3<P7 P4<P8 P5<P9 S1<S6 S2<S7 F1<A1 F2<A2 F3<A3 F4<A4 F5<A5 F6<A6 F7<A7 "
    "F8<A8 F9<A9 F10<A10 F11<A11 F12<A12 F13<A13 F14<A14 F15<A15 F16<A16 F17<A17" },
  { "HOOS", "HOOS_JR", "P5<P5 P10<P10 A3<A3 A5<A5 A12<A12 A14<A14" },
};

/* Each long-form item alone: it lands on exactly its short-form item, and an
 * item outside the mapping lands nowhere */
static void
test_derive_map (gconstpointer data)
{
  const DeriveMap *m = data;
  MarrowInstrument *from = get_instrument (m->from);
  MarrowInstrument *to = get_instrument (m->to);
  g_auto(GStrv) pairs = g_strsplit (m->map, " ", -1);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpuint (g_strv_length (pairs), ==, marrow_instrument_get_n_items (to));
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *lt = strchr (pairs[i], '<');

      g_assert_nonnull (lt);
      g_hash_table_insert (sources, g_strdup (lt + 1),
                           g_strndup (pairs[i], (gsize)(lt - pairs[i])));
    }

  for (guint i = 0; i < marrow_instrument_get_n_items (from); i++)
    {
      const char *source_id = marrow_instrument_get_item (from, i)->id;
      const char *target_id = g_hash_table_lookup (sources, source_id);
      g_autofree char *spec = g_strdup_printf ("%s=3", source_id);
      g_autoptr(MarrowAnswers) source = make_answers (from, spec);
      g_autoptr(MarrowAnswers) derived = NULL;
      g_autoptr(GError) error = NULL;

      derived = marrow_answers_derive (source, to, &error);
      g_assert_no_error (error);
      g_assert_nonnull (derived);

      if (target_id == NULL)
        g_assert_cmpuint (marrow_answers_get_n_answered (derived), ==, 0);
      else
        {
          guint index;
          double value = -1;

          g_assert_cmpuint (marrow_answers_get_n_answered (derived), ==, 1);
          g_assert_nonnull (marrow_instrument_find_item (to, target_id, &index));
          if (!marrow_answers_get (derived, index, &value))
            g_error ("%s %s should give %s %s", m->from, source_id, m->to, target_id);
          g_assert_cmpfloat (value, ==, 3);
        }
    }
}

typedef struct
{
  const char *from;
  const char *to;
} NoDerivationCase;

static const NoDerivationCase no_derivation_cases[] = {
  { "HOOS", "KOOS_JR" },
  { "KOOS", "HOOS_JR" },
  { "KOOS_JR", "KOOS" },      /* a short form does not give the long one */
  { "WOMAC", "KOOS" },
  { "OKS", "WOMAC" },
  { "KOOS", "KOOS" },
  { "KOOS", "IKDC" },
  { "KOOS_JR", "WOMAC" },
};

static void
test_no_derivation (gconstpointer data)
{
  const NoDerivationCase *c = data;
  MarrowInstrument *from = get_instrument (c->from);
  MarrowInstrument *to = get_instrument (c->to);
  g_autoptr(MarrowAnswers) source = make_answers (from, complete_answers (c->from));
  g_autoptr(MarrowAnswers) derived = NULL;
  g_autoptr(GError) error = NULL;

  derived = marrow_answers_derive (source, to, &error);
  g_assert_null (derived);
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_NO_DERIVATION);
}

/* --- main ------------------------------------------------------------------- */

static char *
path_part (const char *text)
{
  /* "" would make an empty path component */
  return g_strdup (*text != '\0' ? text : "(empty)");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scoring/registry/ids", test_registry_ids);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scoring/%s/definition", specs[i].id);
      g_autofree char *allowed = g_strdup_printf ("/scoring/%s/allowed", specs[i].id);

      g_test_add_data_func (path, &specs[i], test_definition);
      g_test_add_data_func (allowed, specs[i].id, test_allowed);
    }
  g_test_add_func ("/scoring/KOOS/reverse-worded", test_koos_reverse_worded);
  g_test_add_func ("/scoring/IKDC/stored-as-marked", test_ikdc_stored_as_marked);

  for (guint i = 0; i < G_N_ELEMENTS (score_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scoring/%s/%s", score_cases[i].instrument,
                                               score_cases[i].name);

      g_test_add_data_func (path, &score_cases[i], test_score_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (lookup_cases); i++)
    {
      LookupCase *c = &lookup_cases[i];
      g_autofree char *path = NULL;

      if (i < G_N_ELEMENTS (koos_jr_table))
        *c = (LookupCase){ "KOOS_JR", koos_jr_table, i };
      else
        *c = (LookupCase){ "HOOS_JR", hoos_jr_table, i - G_N_ELEMENTS (koos_jr_table) };
      path = g_strdup_printf ("/scoring/%s/table/%02u", c->instrument, c->raw);
      g_test_add_data_func (path, c, test_lookup_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scoring/%s/format/%s",
                                               format_cases[i].instrument, format_cases[i].name);

      g_test_add_data_func (path, &format_cases[i], test_format_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *item = path_part (invalid_cases[i].item);
      g_autofree char *path = g_strdup_printf ("/scoring/%s/invalid/%s=%g",
                                               invalid_cases[i].instrument, item,
                                               invalid_cases[i].value);

      g_test_add_data_func (path, &invalid_cases[i], test_invalid_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown_scoring_cases); i++)
    {
      g_autofree char *version = path_part (unknown_scoring_cases[i].scoring);
      g_autofree char *path = g_strdup_printf ("/scoring/%s/unknown-scoring/%s",
                                               unknown_scoring_cases[i].instrument, version);

      g_test_add_data_func (path, &unknown_scoring_cases[i], test_unknown_scoring);
    }

  for (guint i = 0; i < G_N_ELEMENTS (derive_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scoring/derive/%s", derive_cases[i].name);

      g_test_add_data_func (path, &derive_cases[i], test_derive_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (derive_maps); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scoring/derive/%s-to-%s/map",
                                               derive_maps[i].from, derive_maps[i].to);

      g_test_add_data_func (path, &derive_maps[i], test_derive_map);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no_derivation_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scoring/derive/none/%s-to-%s",
                                               no_derivation_cases[i].from,
                                               no_derivation_cases[i].to);

      g_test_add_data_func (path, &no_derivation_cases[i], test_no_derivation);
    }

  status = g_test_run ();
  g_clear_object (&registry);
  return status;
}
