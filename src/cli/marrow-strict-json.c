/* marrow-strict-json.c: is the input one RFC 8259 JSON text?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "marrow-strict-json.h"

/* json-glib 1.6 parses more than RFC 8259 allows, and some of it would
 * silently change what marrow-cli reads: "010" is read as octal 8, "0x0A" as 10, a second
 * value after the object ("{…} {…}") and a JavaScript assignment
 * ("var x = {…};") are dropped, and deep nesting overflows its recursive
 * parser.  So the input is first checked against the RFC 8259 grammar, with
 * a small nesting limit (answers are one flat object). */
#define MAX_INPUT_DEPTH 32

typedef struct
{
  const char *p;
  const char *end;
  int         depth;
  const char *problem;
} JsonCheck;

static gboolean check_value (JsonCheck *check);

static gboolean
check_fail (JsonCheck  *check,
            const char *problem)
{
  check->problem = problem;
  return FALSE;
}

static void
skip_space (JsonCheck *check)
{
  while (check->p < check->end &&
         (*check->p == ' ' || *check->p == '\t' || *check->p == '\n' || *check->p == '\r'))
    check->p++;
}

static gboolean
skip_digits (JsonCheck *check)
{
  const char *first = check->p;

  while (check->p < check->end && g_ascii_isdigit (*check->p))
    check->p++;
  return check->p > first;
}

static gboolean
check_string (JsonCheck *check)
{
  for (check->p++; check->p < check->end; check->p++)
    {
      guchar c = (guchar)*check->p;

      if (c == '"')
        {
          check->p++;
          return TRUE;
        }
      if (c < 0x20)
        return check_fail (check, _("a control character in a string"));
      if (c != '\\')
        continue;

      if (++check->p == check->end)
        break;
      if (*check->p == 'u')
        {
          for (int i = 0; i < 4; i++)
            if (++check->p == check->end || !g_ascii_isxdigit (*check->p))
              return check_fail (check, _("an invalid \\u escape"));
        }
      else if (*check->p == '\0' || strchr ("\"\\/bfnrt", *check->p) == NULL)
        return check_fail (check, _("an invalid escape"));
    }
  return check_fail (check, _("a string without its closing quote"));
}

static gboolean
check_number (JsonCheck *check)
{
  if (*check->p == '-')
    check->p++;
  if (check->p < check->end && *check->p == '0')
    check->p++;
  else if (!skip_digits (check))
    return check_fail (check, _("an invalid number"));
  if (check->p < check->end && *check->p == '.')
    {
      check->p++;
      if (!skip_digits (check))
        return check_fail (check, _("an invalid number"));
    }
  if (check->p < check->end && (*check->p == 'e' || *check->p == 'E'))
    {
      check->p++;
      if (check->p < check->end && (*check->p == '+' || *check->p == '-'))
        check->p++;
      if (!skip_digits (check))
        return check_fail (check, _("an invalid number"));
    }
  return TRUE;
}

static gboolean
check_literal (JsonCheck  *check,
               const char *word)
{
  gsize len = strlen (word);

  if ((gsize)(check->end - check->p) < len || memcmp (check->p, word, len) != 0)
    return check_fail (check, _("an unexpected character"));
  check->p += len;
  return TRUE;
}

/* An object or an array, after its opening bracket */
static gboolean
check_members (JsonCheck *check,
               gboolean   object)
{
  char close = object ? '}' : ']';

  if (++check->depth > MAX_INPUT_DEPTH)
    return check_fail (check, _("nested too deeply"));
  check->p++;
  skip_space (check);
  if (check->p < check->end && *check->p == close)
    {
      check->p++;
      check->depth--;
      return TRUE;
    }

  for (;;)
    {
      if (object)
        {
          skip_space (check);
          if (check->p == check->end || *check->p != '"')
            return check_fail (check, _("a member name that is not a string"));
          if (!check_string (check))
            return FALSE;
          skip_space (check);
          if (check->p == check->end || *check->p != ':')
            return check_fail (check, _("a missing “:”"));
          check->p++;
        }
      if (!check_value (check))
        return FALSE;
      skip_space (check);
      if (check->p < check->end && *check->p == ',')
        {
          check->p++;
          continue;
        }
      if (check->p < check->end && *check->p == close)
        {
          check->p++;
          check->depth--;
          return TRUE;
        }
      return check_fail (check, object ? _("a missing “,” or “}”") : _("a missing “,” or “]”"));
    }
}

static gboolean
check_value (JsonCheck *check)
{
  skip_space (check);
  if (check->p == check->end)
    return check_fail (check, _("an unexpected end"));

  switch (*check->p)
    {
    case '{':
      return check_members (check, TRUE);
    case '[':
      return check_members (check, FALSE);
    case '"':
      return check_string (check);
    case 't':
      return check_literal (check, "true");
    case 'f':
      return check_literal (check, "false");
    case 'n':
      return check_literal (check, "null");
    default:
      if (*check->p == '-' || g_ascii_isdigit (*check->p))
        return check_number (check);
      return check_fail (check, _("an unexpected character"));
    }
}

/**
 * marrow_strict_json_check:
 * @data: the input
 * @len: its length in bytes
 * @error: return location for a #GError (G_IO_ERROR_INVALID_DATA) naming
 *   the line and byte of the first problem
 *
 * Returns: %TRUE if @data is exactly one RFC 8259 JSON text
 */
gboolean
marrow_strict_json_check (const char  *data,
                          gsize        len,
                          GError     **error)
{
  JsonCheck check = { data, data + len, 0, NULL };
  int line = 1;
  const char *line_start = data;

  if (check_value (&check))
    {
      skip_space (&check);
      if (check.p == check.end)
        return TRUE;
      check.problem = _("more after the first value");
    }

  for (const char *q = data; q < check.p; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("the input is not a JSON object (line %d, byte %d: %s)"), line,
               (int)(check.p - line_start) + 1, check.problem);
  return FALSE;
}
