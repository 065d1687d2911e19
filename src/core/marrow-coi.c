/* marrow-coi.c: chain-of-identity identifiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A base ID is FFFFF YY SSSSSS C (facility, year, sequence, check
 * character), modelled on the ISBT 128 donation identification number.  The
 * check character is ISO/IEC 7064 MOD 37-2 over the 13 characters before
 * it.  Runs, lots and aliquots carry derived IDs ({base}-P{n}, {base}-L{n},
 * {base}-L{n}-{NN}) whose check character stays on the base part.
 * docs/chain-of-identity.md explains the scheme and why.
 */
#define G_LOG_DOMAIN "marrow-coi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-error.h"

#define COI_FIELD "coi_id"
#define MOD 37

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

/* The value of @c in the MOD 37-2 alphabet, or -1 */
static int
char_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  if (c == '*')
    return 36;
  return -1;
}

/* The running MOD 37-2 state after @length characters, or -1 when a
 * character is outside the alphabet. */
static int
mod37_2_state (const char *text,
               gsize       length)
{
  int p = 0;

  for (gsize i = 0; i < length; i++)
    {
      int v = char_value (text[i]);

      if (v < 0)
        return -1;
      p = ((p + v) * 2) % MOD;
    }

  return p;
}

/**
 * marrow_coi_check_character:
 * @text: the characters to protect
 * @length: the number of bytes of @text to use, or -1 for all of it
 *
 * Computes the ISO/IEC 7064 MOD 37-2 check character: with p = 0, for each
 * character p = ((p + value) × 2) mod 37; the check value is
 * (38 − p) mod 37, written in the alphabet 0–9, A–Z, `*`.
 *
 * Returns: the check character, or `'\0'` if @text holds a character
 *   outside the alphabet (lower-case letters included)
 */
char
marrow_coi_check_character (const char *text,
                            gssize      length)
{
  int p;

  g_return_val_if_fail (text != NULL, '\0');

  p = mod37_2_state (text, length < 0 ? strlen (text) : (gsize)length);
  if (p < 0)
    return '\0';

  return alphabet[(38 - p) % MOD];
}

/**
 * marrow_coi_check_passes:
 * @text: data followed by its check character
 * @length: the number of bytes of @text to use, or -1 for all of it
 *
 * Verifies a string whose last character is its MOD 37-2 check character:
 * running the loop over all but the last character and adding the last
 * character's value must give 1 (mod 37).
 *
 * Returns: %TRUE if the check passes
 */
gboolean
marrow_coi_check_passes (const char *text,
                         gssize      length)
{
  gsize len;
  int p;
  int last;

  g_return_val_if_fail (text != NULL, FALSE);

  len = length < 0 ? strlen (text) : (gsize)length;
  if (len < 2)
    return FALSE;

  p = mod37_2_state (text, len - 1);
  last = char_value (text[len - 1]);
  if (p < 0 || last < 0)
    return FALSE;

  return (p + last) % MOD == 1;
}

static gboolean
is_upper_alnum (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static gboolean
all_digits (const char *p,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static gboolean
facility_is_valid (const char *facility)
{
  if (facility == NULL || strlen (facility) != MARROW_COI_FACILITY_LENGTH)
    return FALSE;
  for (guint i = 0; i < MARROW_COI_FACILITY_LENGTH; i++)
    if (!is_upper_alnum (facility[i]))
      return FALSE;
  return TRUE;
}

static void
set_format_error (GError     **error,
                  const char  *field,
                  const char  *text,
                  const char  *problem)
{
  marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, field,
                               /* Translators: the first %s is the ID as typed or scanned,
                                * the second says what is wrong with it */
                               _("“%s” is not a chain-of-identity ID: %s. The expected form is "
                                 "FFFFFYYSSSSSSC (facility code of 5 capital letters or digits, "
                                 "2-digit year, 6-digit sequence, check character), for a run "
                                 "followed by -P and a number, for a lot by -L and a number, "
                                 "and for an aliquot by -L, a number, - and two digits"),
                               text, problem);
}

/* Parses "1".."999" without a leading zero from @p up to a '-' or the end.
 * Returns the number of characters used, or 0. */
static gsize
parse_child_number (const char *p,
                    guint      *value)
{
  gsize n = 0;
  guint v = 0;

  while (g_ascii_isdigit (p[n]) && n < 4)
    {
      v = v * 10 + (guint)(p[n] - '0');
      n++;
    }

  if (n == 0 || p[0] == '0' || v > MARROW_COI_CHILD_MAX)
    return 0;

  *value = v;
  return n;
}

/**
 * marrow_coi_parse:
 * @text: an ID as stored, scanned or typed (exact case: see marrow_coi_normalize())
 * @field: (nullable): the field the error names; %NULL for "coi_id"
 * @parts: (out caller-allocates) (optional): the parsed parts
 * @error: %MARROW_VALIDATION_ERROR_FORMAT for a malformed ID,
 *   %MARROW_VALIDATION_ERROR_CHECK_CHARACTER when the base fails its check
 *
 * Accepts a base ID and the three derived shapes.  The check character is
 * verified on the base part; the message of a failed check never says which
 * character would have been right, so that a typing error is corrected by
 * reading the label again, not by adjusting the check character.
 *
 * Returns: %TRUE if @text is a well-formed ID whose check character passes
 */
gboolean
marrow_coi_parse (const char      *text,
                  const char      *field,
                  MarrowCoiParts  *parts,
                  GError         **error)
{
  MarrowCoiParts local = { 0 };
  const char *p;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    field = COI_FIELD;

  if (text == NULL || *text == '\0')
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, field,
                                   _("A chain-of-identity ID is required"));
      return FALSE;
    }

  len = strlen (text);
  if (len < MARROW_COI_BASE_LENGTH)
    {
      set_format_error (error, field, text, _("it is shorter than 14 characters"));
      return FALSE;
    }

  for (guint i = 0; i < MARROW_COI_FACILITY_LENGTH; i++)
    if (!is_upper_alnum (text[i]))
      {
        set_format_error (error, field, text,
                          _("the facility code (characters 1–5) may only hold capital letters and digits"));
        return FALSE;
      }

  if (!all_digits (text + 5, 2))
    {
      set_format_error (error, field, text, _("the year (characters 6–7) must be two digits"));
      return FALSE;
    }

  if (!all_digits (text + 7, 6))
    {
      set_format_error (error, field, text, _("the sequence (characters 8–13) must be six digits"));
      return FALSE;
    }

  if (char_value (text[13]) < 0)
    {
      set_format_error (error, field, text,
                        _("the check character (character 14) must be a capital letter, a digit or *"));
      return FALSE;
    }

  if (strncmp (text + 7, "000000", 6) == 0)
    {
      set_format_error (error, field, text, _("the sequence 000000 is never issued"));
      return FALSE;
    }

  /* The suffix */
  p = text + MARROW_COI_BASE_LENGTH;
  if (*p == '\0')
    {
      local.kind = MARROW_COI_KIND_BASE;
    }
  else if (p[0] == '-' && p[1] == 'P')
    {
      gsize n = parse_child_number (p + 2, &local.run_no);

      if (n == 0 || p[2 + n] != '\0')
        {
          set_format_error (error, field, text,
                            _("a run suffix is -P followed by a number from 1 to 999 without leading zeros"));
          return FALSE;
        }
      local.kind = MARROW_COI_KIND_RUN;
    }
  else if (p[0] == '-' && p[1] == 'L')
    {
      gsize n = parse_child_number (p + 2, &local.lot_no);

      if (n == 0 || (p[2 + n] != '\0' && p[2 + n] != '-'))
        {
          set_format_error (error, field, text,
                            _("a lot suffix is -L followed by a number from 1 to 999 without leading zeros"));
          return FALSE;
        }

      p += 2 + n;
      if (*p == '\0')
        {
          local.kind = MARROW_COI_KIND_LOT;
        }
      else
        {
          /* p[0] == '-': the aliquot number, exactly two digits, 01..99 */
          if (!g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || p[3] != '\0' ||
              (p[1] == '0' && p[2] == '0'))
            {
              set_format_error (error, field, text,
                                _("an aliquot suffix is - followed by two digits from 01 to 99"));
              return FALSE;
            }
          local.aliquot_no = (guint)((p[1] - '0') * 10 + (p[2] - '0'));
          local.kind = MARROW_COI_KIND_ALIQUOT;
        }
    }
  else
    {
      set_format_error (error, field, text,
                        _("after the 14th character only -P{n}, -L{n} or -L{n}-{NN} may follow"));
      return FALSE;
    }

  if (!marrow_coi_check_passes (text, MARROW_COI_BASE_LENGTH))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_CHECK_CHARACTER, field,
                                   /* Translators: %s is the ID as typed or scanned */
                                   _("“%s” fails its check character: at least one character was "
                                     "mistyped or misread. Scan the label again or retype the ID "
                                     "exactly as printed"),
                                   text);
      return FALSE;
    }

  memcpy (local.base, text, MARROW_COI_BASE_LENGTH);
  local.base[MARROW_COI_BASE_LENGTH] = '\0';

  if (parts != NULL)
    *parts = local;

  return TRUE;
}

/**
 * marrow_coi_validate:
 * @text: an ID
 * @error: see marrow_coi_parse()
 *
 * Returns: %TRUE if @text is a well-formed base or derived ID whose check
 *   character passes
 */
gboolean
marrow_coi_validate (const char  *text,
                     GError     **error)
{
  return marrow_coi_parse (text, NULL, NULL, error);
}

/**
 * marrow_coi_normalize:
 * @text: an ID as typed
 *
 * Removes leading and trailing white space and turns lower-case letters
 * into capitals, so that a typed ID can be checked.  Nothing else is
 * changed: a misread character stays wrong and fails the check.
 *
 * Returns: (transfer full): the normalised copy
 */
char *
marrow_coi_normalize (const char *text)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  copy = g_strdup (text);
  g_strstrip (copy);
  return g_ascii_strup (copy, -1);
}

/**
 * marrow_coi_make_base:
 * @facility: the facility code: 5 capital letters or digits
 * @year: the year of issue (its last two digits are used, so 2026 and 26 give the same ID)
 * @sequence: the number within the facility and year, 1 to 999999
 * @error: %MARROW_VALIDATION_ERROR_FORMAT or %MARROW_VALIDATION_ERROR_RANGE
 *
 * Returns: (transfer full) (nullable): the 14-character base ID with its check character
 */
char *
marrow_coi_make_base (const char  *facility,
                      guint        year,
                      guint        sequence,
                      GError     **error)
{
  char body[MARROW_COI_BASE_LENGTH + 1];

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!facility_is_valid (facility))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "facility",
                                   _("The facility code “%s” must be exactly 5 capital letters or digits"),
                                   facility != NULL ? facility : "");
      return NULL;
    }

  if (year > 9999)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, "year",
                                   _("The year %u is not a calendar year"), year);
      return NULL;
    }

  if (sequence < 1 || sequence > MARROW_COI_SEQUENCE_MAX)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, "sequence",
                                   _("The sequence number %u is outside 1 to %u"),
                                   sequence, (guint)MARROW_COI_SEQUENCE_MAX);
      return NULL;
    }

  g_snprintf (body, sizeof body, "%s%02u%06u", facility, year % 100, sequence);
  body[MARROW_COI_BASE_LENGTH - 1] = marrow_coi_check_character (body, MARROW_COI_BASE_LENGTH - 1);
  body[MARROW_COI_BASE_LENGTH] = '\0';

  return g_strdup (body);
}

static gboolean
require_kind (const char     *text,
              MarrowCoiKind   kind,
              MarrowCoiParts *parts,
              GError        **error)
{
  if (!marrow_coi_parse (text, NULL, parts, error))
    return FALSE;

  if (parts->kind != kind)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, COI_FIELD,
                                   kind == MARROW_COI_KIND_BASE
                                   ? _("“%s” is not a base chain-of-identity ID (14 characters without suffix)")
                                   : _("“%s” is not a lot ID ({base}-L{n})"),
                                   text);
      return FALSE;
    }

  return TRUE;
}

static char *
derive_child (const char  *base,
              char         letter,
              guint        n,
              GError     **error)
{
  MarrowCoiParts parts;

  if (!require_kind (base, MARROW_COI_KIND_BASE, &parts, error))
    return NULL;

  if (n < 1 || n > MARROW_COI_CHILD_MAX)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, COI_FIELD,
                                   letter == 'P'
                                   ? _("The run number %u is outside 1 to %u")
                                   : _("The lot number %u is outside 1 to %u"),
                                   n, (guint)MARROW_COI_CHILD_MAX);
      return NULL;
    }

  return g_strdup_printf ("%s-%c%u", parts.base, letter, n);
}

/**
 * marrow_coi_derive_run:
 * @base: a base ID (its check character is verified)
 * @run_no: 1 to 999
 *
 * Returns: (transfer full) (nullable): `{base}-P{run_no}`
 */
char *
marrow_coi_derive_run (const char  *base,
                       guint        run_no,
                       GError     **error)
{
  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return derive_child (base, 'P', run_no, error);
}

/**
 * marrow_coi_derive_lot:
 * @base: a base ID (its check character is verified); for a lot made from
 *   pooled harvests, the base of the first harvest
 * @lot_no: 1 to 999
 *
 * Returns: (transfer full) (nullable): `{base}-L{lot_no}`
 */
char *
marrow_coi_derive_lot (const char  *base,
                       guint        lot_no,
                       GError     **error)
{
  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return derive_child (base, 'L', lot_no, error);
}

/**
 * marrow_coi_derive_aliquot:
 * @lot_coi: a lot ID `{base}-L{n}` (its base check character is verified)
 * @aliquot_no: 1 to 99 (product_aliquot.aliquot_no)
 *
 * Returns: (transfer full) (nullable): the aliquot label `{lot_coi}-{NN}`
 */
char *
marrow_coi_derive_aliquot (const char  *lot_coi,
                           guint        aliquot_no,
                           GError     **error)
{
  MarrowCoiParts parts;

  g_return_val_if_fail (lot_coi != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_kind (lot_coi, MARROW_COI_KIND_LOT, &parts, error))
    return NULL;

  if (aliquot_no < 1 || aliquot_no > MARROW_COI_ALIQUOT_MAX)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, "aliquot_no",
                                   _("The aliquot number %u is outside 1 to %u"),
                                   aliquot_no, (guint)MARROW_COI_ALIQUOT_MAX);
      return NULL;
    }

  return g_strdup_printf ("%s-%02u", lot_coi, aliquot_no);
}
