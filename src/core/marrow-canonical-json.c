/* marrow-canonical-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Canonical JSON (domain model 4.16): UTF-8, keys in a fixed order, no
 * insignificant white space, integers as integers, reals with %.17g so that
 * they read back bit for bit, NULL as null.  The audit hash chain and
 * later e-signatures hash this text, so its shape must never change
 * silently: docs/audit-trail.md describes it and a test pins an example.
 *
 * Key order: "table", "id", then the entity's fields in their declared
 * order, then "row_version", "record_status", "error_reason", "created_at",
 * "created_by", "updated_at", "updated_by".
 */
#define G_LOG_DOMAIN "marrow-canonical-json"

#include "config.h"

#include <math.h>

#include "marrow-canonical-json.h"

void
marrow_json_append_string (GString    *out,
                           const char *value)
{
  g_return_if_fail (out != NULL);

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *)value; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char)*p);
        }
    }
  g_string_append_c (out, '"');
}

void
marrow_json_append_int (GString *out,
                        gint64   value)
{
  g_return_if_fail (out != NULL);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
marrow_json_append_real (GString *out,
                         double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  /* g_ascii_formatd ignores the locale, so a German desktop still writes '.' */
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

static void
append_key (GString    *out,
            const char *key)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  marrow_json_append_string (out, key);
  g_string_append_c (out, ':');
}

/**
 * marrow_record_to_canonical_json:
 * @record: a record
 *
 * Returns: (transfer full): the canonical JSON text of @record
 */
char *
marrow_record_to_canonical_json (MarrowRecord *record)
{
  const MarrowEntityDef *entity;
  GString *out;

  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);

  entity = marrow_record_get_entity (record);
  out = g_string_new ("{");

  append_key (out, "table");
  marrow_json_append_string (out, entity->name);
  append_key (out, "id");
  marrow_json_append_string (out, marrow_record_get_id (record));

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const MarrowFieldDef *def = &entity->fields[i];

      append_key (out, def->name);
      if (marrow_record_is_null_at (record, i))
        {
          g_string_append (out, "null");
          continue;
        }
      switch (def->kind)
        {
        case MARROW_FIELD_INT:
        case MARROW_FIELD_BOOL:
          marrow_json_append_int (out, marrow_record_get_int_at (record, i));
          break;
        case MARROW_FIELD_REAL:
          marrow_json_append_real (out, marrow_record_get_real_at (record, i));
          break;
        case MARROW_FIELD_TEXT:
        case MARROW_FIELD_DATE:
        case MARROW_FIELD_PARTIAL_DATE:
        case MARROW_FIELD_INSTANT:
        case MARROW_FIELD_ENUM:
        case MARROW_FIELD_REF:
        default:
          marrow_json_append_string (out, marrow_record_get_text_at (record, i));
          break;
        }
    }

  append_key (out, "row_version");
  marrow_json_append_int (out, marrow_record_get_row_version (record));
  append_key (out, "record_status");
  marrow_json_append_string (out, marrow_record_get_record_status (record));
  append_key (out, "error_reason");
  marrow_json_append_string (out, marrow_record_get_error_reason (record));
  append_key (out, "created_at");
  marrow_json_append_string (out, marrow_record_get_created_at (record));
  append_key (out, "created_by");
  marrow_json_append_string (out, marrow_record_get_created_by (record));
  append_key (out, "updated_at");
  marrow_json_append_string (out, marrow_record_get_updated_at (record));
  append_key (out, "updated_by");
  marrow_json_append_string (out, marrow_record_get_updated_by (record));

  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
