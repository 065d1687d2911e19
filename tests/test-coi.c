/* test-coi.c: chain-of-identity IDs and their check character
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "marrow-coi.h"
#include "marrow-error.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

/* The worked example of domain model section 5 */
#define EXAMPLE_BODY "MRW0126000123"
#define EXAMPLE      "MRW0126000123W"

static void
test_coi_worked_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  g_assert_cmpint (marrow_coi_check_character (EXAMPLE_BODY, -1), ==, 'W');
  g_assert_cmpint (marrow_coi_check_character (EXAMPLE, 13), ==, 'W');
  g_assert_true (marrow_coi_check_passes (EXAMPLE, -1));

  made = marrow_coi_make_base ("MRW01", 2026, 123, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (made, ==, EXAMPLE);

  g_assert_true (marrow_coi_validate (EXAMPLE, &error));
  g_assert_no_error (error);
}

/* An independent implementation of the check, written from the textual
 * definition, for comparison over many inputs. */
static char
reference_check (const char *body)
{
  int p = 0;

  for (const char *c = body; *c; c++)
    p = ((p + (int)(strchr (alphabet, *c) - alphabet)) * 2) % 37;
  return alphabet[(38 - p) % 37];
}

static void
test_coi_matches_reference (void)
{
  GRand *rand = g_rand_new_with_seed (7064);

  for (guint n = 0; n < 2000; n++)
    {
      char body[14];
      char check;

      for (guint i = 0; i < 13; i++)
        body[i] = alphabet[g_rand_int_range (rand, 0, 36)];
      body[13] = '\0';

      check = marrow_coi_check_character (body, -1);
      g_assert_cmpint (check, ==, reference_check (body));

      {
        char full[15];

        memcpy (full, body, 13);
        full[13] = check;
        full[14] = '\0';
        g_assert_true (marrow_coi_check_passes (full, -1));
      }
    }

  g_rand_free (rand);

  /* Characters outside the alphabet */
  g_assert_cmpint (marrow_coi_check_character ("mrw0126000123", -1), ==, '\0');
  g_assert_cmpint (marrow_coi_check_character ("MRW01-26", -1), ==, '\0');
  g_assert_false (marrow_coi_check_passes ("W", -1));
}

/* Some valid bases: letters and digits everywhere, and check characters
 * that are digits, letters and '*'. */
static GPtrArray *
sample_bases (void)
{
  static const struct { const char *facility; guint year; guint seq; } samples[] = {
    { "MRW01", 2026, 123 },
    { "ZZ9A0", 2031, 999999 },
    { "00000", 2000, 1 },
    { "A1B2C", 2099, 424242 },
    { "QX7K3", 2027, 77 },
  };
  GPtrArray *bases = g_ptr_array_new_with_free_func (g_free);
  gboolean star = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_ptr_array_add (bases, marrow_coi_make_base (samples[i].facility, samples[i].year,
                                                  samples[i].seq, NULL));

  /* Find a base whose check character is '*' */
  for (guint seq = 1; seq < 1000 && !star; seq++)
    {
      char *base = marrow_coi_make_base ("STAR1", 2026, seq, NULL);

      if (base[13] == '*')
        {
          g_ptr_array_add (bases, base);
          star = TRUE;
        }
      else
        g_free (base);
    }
  g_assert_true (star);

  for (guint i = 0; i < bases->len; i++)
    g_assert_true (marrow_coi_validate (bases->pdata[i], NULL));

  return bases;
}

/* Whether @c may stand at @pos of a base ID (shape only) */
static gboolean
fits_shape (guint pos,
            char  c)
{
  if (pos < 5)
    return g_ascii_isdigit (c) || g_ascii_isupper (c);
  if (pos < 13)
    return g_ascii_isdigit (c);
  return TRUE;
}

static void
test_coi_single_substitutions (void)
{
  g_autoptr(GPtrArray) bases = sample_bases ();
  guint n_checked = 0;

  for (guint b = 0; b < bases->len; b++)
    {
      const char *base = bases->pdata[b];
      g_autofree char *lot = g_strconcat (base, "-L2-03", NULL);

      for (guint pos = 0; pos < 14; pos++)
        for (guint k = 0; k < 37; k++)
          {
            char copy[15];
            char lot_copy[32];
            g_autoptr(GError) error = NULL;
            g_autoptr(GError) lot_error = NULL;

            if (alphabet[k] == base[pos])
              continue;

            memcpy (copy, base, 15);
            copy[pos] = alphabet[k];
            g_strlcpy (lot_copy, lot, sizeof lot_copy);
            lot_copy[pos] = alphabet[k];

            /* The algorithm alone catches every substitution ... */
            g_assert_false (marrow_coi_check_passes (copy, -1));

            /* ... and validation rejects it: as a wrong check character when
             * the shape still fits, as a format error otherwise */
            g_assert_false (marrow_coi_validate (copy, &error));
            g_assert_false (marrow_coi_validate (lot_copy, &lot_error));
            if (fits_shape (pos, alphabet[k]) && !(pos >= 7 && pos < 13 && strncmp (copy + 7, "000000", 6) == 0))
              {
                g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
                g_assert_error (lot_error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
              }
            else
              g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_FORMAT);
            n_checked++;
          }
    }

  g_assert_cmpuint (n_checked, ==, bases->len * 14 * 36);
}

static void
test_coi_adjacent_transpositions (void)
{
  g_autoptr(GPtrArray) bases = sample_bases ();
  guint n_checked = 0;

  for (guint b = 0; b < bases->len; b++)
    {
      const char *base = bases->pdata[b];

      for (guint pos = 0; pos + 1 < 14; pos++)
        {
          char copy[15];
          g_autoptr(GError) error = NULL;

          if (base[pos] == base[pos + 1])
            continue;

          memcpy (copy, base, 15);
          copy[pos] = base[pos + 1];
          copy[pos + 1] = base[pos];

          g_assert_false (marrow_coi_check_passes (copy, -1));
          g_assert_false (marrow_coi_validate (copy, &error));
          g_assert_nonnull (error);
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 40);

  /* Exhaustively over the alphabet: every pair of different characters
   * swapped at every adjacent position of a 13-character body. */
  for (guint pos = 0; pos + 1 < 13; pos++)
    for (guint a = 0; a < 37; a++)
      for (guint c = 0; c < 37; c++)
        {
          char body[14] = "MRW0126000123";
          char swapped[14];
          char full[15], wrong[15];

          if (a == c)
            continue;

          body[pos] = alphabet[a];
          body[pos + 1] = alphabet[c];
          memcpy (swapped, body, 14);
          swapped[pos] = alphabet[c];
          swapped[pos + 1] = alphabet[a];

          memcpy (full, body, 13);
          full[13] = marrow_coi_check_character (body, -1);
          full[14] = '\0';
          memcpy (wrong, swapped, 13);
          wrong[13] = full[13];
          wrong[14] = '\0';

          g_assert_false (marrow_coi_check_passes (wrong, -1));
        }

  /* ... and the last data character swapped with the check character */
  for (guint a = 0; a < 37; a++)
    {
      char full[15] = "MRW0126000123?";
      char check;

      full[12] = alphabet[a];
      check = marrow_coi_check_character (full, 13);
      full[13] = check;
      g_assert_true (marrow_coi_check_passes (full, -1));
      if (check == full[12])
        continue;
      full[13] = full[12];
      full[12] = check;
      g_assert_false (marrow_coi_check_passes (full, -1));
    }
}

static void
test_coi_message_hides_check_character (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (marrow_coi_validate ("MRW0126000123X", &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "coi_id");
  /* The message quotes the ID but not the right check character */
  g_assert_nonnull (strstr (error->message, "MRW0126000123X"));
  g_assert_null (strstr (error->message, "MRW0126000123W"));
  g_assert_null (strstr (error->message, "“W”"));
}

static void
test_coi_derived (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *run = NULL;
  g_autofree char *lot = NULL;
  g_autofree char *lot12 = NULL;
  g_autofree char *aliquot = NULL;
  g_autofree char *aliquot99 = NULL;
  MarrowCoiParts parts;

  run = marrow_coi_derive_run (EXAMPLE, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (run, ==, "MRW0126000123W-P1");

  lot = marrow_coi_derive_lot (EXAMPLE, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lot, ==, "MRW0126000123W-L1");

  lot12 = marrow_coi_derive_lot (EXAMPLE, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lot12, ==, "MRW0126000123W-L12");

  aliquot = marrow_coi_derive_aliquot (lot, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aliquot, ==, "MRW0126000123W-L1-02");

  aliquot99 = marrow_coi_derive_aliquot (lot12, 99, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aliquot99, ==, "MRW0126000123W-L12-99");

  g_assert_true (marrow_coi_parse (EXAMPLE, NULL, &parts, &error));
  g_assert_cmpint (parts.kind, ==, MARROW_COI_KIND_BASE);
  g_assert_cmpstr (parts.base, ==, EXAMPLE);

  g_assert_true (marrow_coi_parse (run, NULL, &parts, &error));
  g_assert_cmpint (parts.kind, ==, MARROW_COI_KIND_RUN);
  g_assert_cmpuint (parts.run_no, ==, 1);

  g_assert_true (marrow_coi_parse (lot12, NULL, &parts, &error));
  g_assert_cmpint (parts.kind, ==, MARROW_COI_KIND_LOT);
  g_assert_cmpuint (parts.lot_no, ==, 12);
  g_assert_cmpstr (parts.base, ==, EXAMPLE);

  g_assert_true (marrow_coi_parse (aliquot99, NULL, &parts, &error));
  g_assert_cmpint (parts.kind, ==, MARROW_COI_KIND_ALIQUOT);
  g_assert_cmpuint (parts.lot_no, ==, 12);
  g_assert_cmpuint (parts.aliquot_no, ==, 99);
  g_assert_no_error (error);

  /* The base must pass its check before anything is derived from it */
  g_assert_null (marrow_coi_derive_lot ("MRW0126000123X", 1, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_CHECK_CHARACTER);
  g_clear_error (&error);

  /* Derive from the right kind of ID only, within the number ranges */
  g_assert_null (marrow_coi_derive_lot (lot, 2, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_null (marrow_coi_derive_aliquot (EXAMPLE, 1, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_null (marrow_coi_derive_run (EXAMPLE, 0, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (marrow_coi_derive_lot (EXAMPLE, 1000, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (marrow_coi_derive_aliquot (lot, 0, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (marrow_coi_derive_aliquot (lot, 100, &error));
  g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
}

static void
test_coi_make_base_limits (void)
{
  static const struct
  {
    const char *facility;
    guint       year;
    guint       sequence;
    int         code;       /* -1: valid */
    const char *expected;
  } cases[] = {
    { "MRW01", 2026, 123, -1, EXAMPLE },
    { "MRW01", 26, 123, -1, EXAMPLE },
    { "MRW01", 2026, 1, -1, NULL },
    { "MRW01", 2026, 999999, -1, NULL },
    { "MRW01", 2026, 0, MARROW_VALIDATION_ERROR_RANGE, NULL },
    { "MRW01", 2026, 1000000, MARROW_VALIDATION_ERROR_RANGE, NULL },
    { "MRW0", 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { "MRW012", 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { "mrw01", 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { "MRW-1", 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { "MRW*1", 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { "", 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { NULL, 2026, 1, MARROW_VALIDATION_ERROR_FORMAT, NULL },
    { "MRW01", 10000, 1, MARROW_VALIDATION_ERROR_RANGE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *base = marrow_coi_make_base (cases[i].facility, cases[i].year,
                                                    cases[i].sequence, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (base);
          g_assert_cmpuint (strlen (base), ==, 14);
          g_assert_true (marrow_coi_validate (base, NULL));
          if (cases[i].expected)
            g_assert_cmpstr (base, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (base);
          g_assert_error (error, MARROW_VALIDATION_ERROR, cases[i].code);
        }
    }
}

static void
test_coi_malformed (void)
{
  static const struct
  {
    const char *text;
    int         code;
  } cases[] = {
    { "", MARROW_VALIDATION_ERROR_REQUIRED },
    { "MRW0126000123", MARROW_VALIDATION_ERROR_FORMAT },          /* no check character */
    { "MRW0126000123W ", MARROW_VALIDATION_ERROR_FORMAT },        /* trailing space */
    { " MRW0126000123W", MARROW_VALIDATION_ERROR_FORMAT },
    { "mrw0126000123w", MARROW_VALIDATION_ERROR_FORMAT },         /* lower case */
    { "MRW01 26 000123 W", MARROW_VALIDATION_ERROR_FORMAT },      /* spaces */
    { "MRW012600012W", MARROW_VALIDATION_ERROR_FORMAT },          /* 13 characters */
    { "MRW01AB000123W", MARROW_VALIDATION_ERROR_FORMAT },         /* year not digits */
    { "MRW0126A00123W", MARROW_VALIDATION_ERROR_FORMAT },         /* sequence not digits */
    { "MRW0126000000W", MARROW_VALIDATION_ERROR_FORMAT },         /* sequence 0 */
    { "MRW*126000123W", MARROW_VALIDATION_ERROR_FORMAT },         /* '*' only as check */
    { "MRW0126000123w", MARROW_VALIDATION_ERROR_FORMAT },         /* lower-case check */
    { "MRW0126000123W1", MARROW_VALIDATION_ERROR_FORMAT },        /* stray character */
    { "MRW0126000123W-", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-P", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-P0", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-P01", MARROW_VALIDATION_ERROR_FORMAT },     /* leading zero */
    { "MRW0126000123W-P1000", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-P1-01", MARROW_VALIDATION_ERROR_FORMAT },   /* runs have no aliquots */
    { "MRW0126000123W-p1", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-X1", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L0", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1-", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1-2", MARROW_VALIDATION_ERROR_FORMAT },    /* NN is two digits */
    { "MRW0126000123W-L1-002", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1-00", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1-AB", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1-02-01", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1-02x", MARROW_VALIDATION_ERROR_FORMAT },
    { "MRW0126000123W-L1P1", MARROW_VALIDATION_ERROR_FORMAT },
    /* well-formed, wrong check character: the suffix does not hide it */
    { "MRW0126000123X", MARROW_VALIDATION_ERROR_CHECK_CHARACTER },
    { "MRW0126000123X-P1", MARROW_VALIDATION_ERROR_CHECK_CHARACTER },
    { "MRW0126000123X-L1", MARROW_VALIDATION_ERROR_CHECK_CHARACTER },
    { "MRW0126000123X-L1-02", MARROW_VALIDATION_ERROR_CHECK_CHARACTER },
    { "MRW0126000132W-L1-02", MARROW_VALIDATION_ERROR_CHECK_CHARACTER }, /* transposed digits */
    /* valid */
    { "MRW0126000123W", -1 },
    { "MRW0126000123W-P1", -1 },
    { "MRW0126000123W-P999", -1 },
    { "MRW0126000123W-L3", -1 },
    { "MRW0126000123W-L3-01", -1 },
    { "MRW0126000123W-L999-99", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = marrow_coi_validate (cases[i].text, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          if (error == NULL || error->code != cases[i].code)
            g_test_message ("case %u: “%s”", i, cases[i].text);
          g_assert_false (ok);
          g_assert_error (error, MARROW_VALIDATION_ERROR, cases[i].code);
        }
    }

  /* NULL is missing, not malformed */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (marrow_coi_validate (NULL, &error));
    g_assert_error (error, MARROW_VALIDATION_ERROR, MARROW_VALIDATION_ERROR_REQUIRED);
  }

  /* The field named by the error is the caller's */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (marrow_coi_parse ("MRW0126000123X-L1-02", "label", NULL, &error));
    g_assert_cmpstr (marrow_validation_error_get_field (error), ==, "label");
  }
}

static void
test_coi_normalize (void)
{
  g_autofree char *typed = marrow_coi_normalize ("  mrw0126000123w-l1-02\n");
  g_autofree char *misread = marrow_coi_normalize ("mrw0126000l23w");

  g_assert_cmpstr (typed, ==, "MRW0126000123W-L1-02");
  g_assert_true (marrow_coi_validate (typed, NULL));
  /* Normalising never repairs a misread character (l for 1) */
  g_assert_false (marrow_coi_validate (misread, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/coi/worked-example", test_coi_worked_example);
  g_test_add_func ("/coi/matches-reference", test_coi_matches_reference);
  g_test_add_func ("/coi/single-substitutions", test_coi_single_substitutions);
  g_test_add_func ("/coi/adjacent-transpositions", test_coi_adjacent_transpositions);
  g_test_add_func ("/coi/message-hides-check-character", test_coi_message_hides_check_character);
  g_test_add_func ("/coi/derived", test_coi_derived);
  g_test_add_func ("/coi/make-base-limits", test_coi_make_base_limits);
  g_test_add_func ("/coi/malformed", test_coi_malformed);
  g_test_add_func ("/coi/normalize", test_coi_normalize);

  return g_test_run ();
}
