/* marrow-rules-common.c: helpers shared by the cross-field rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-error.h"
#include "marrow-rules-private.h"

/* %TRUE if the coded @field holds @code */
gboolean
_marrow_rules_is (MarrowRecord *record,
                  const char   *field,
                  const char   *code)
{
  return !marrow_record_is_null (record, field) &&
         g_strcmp0 (marrow_record_get_text (record, field), code) == 0;
}

/* %TRUE if the boolean @field is set and true */
gboolean
_marrow_rules_flag (MarrowRecord *record,
                    const char   *field)
{
  return !marrow_record_is_null (record, field) && marrow_record_get_bool (record, field);
}

/* Dates and instants sort as text, so "@later ≥ @earlier" is a string
 * comparison; a NULL on either side passes. */
gboolean
_marrow_rules_not_before (MarrowRecord  *record,
                          const char    *later,
                          const char    *earlier,
                          GError       **error)
{
  const char *a;
  const char *b;

  if (marrow_record_is_null (record, later) || marrow_record_is_null (record, earlier))
    return TRUE;

  a = marrow_record_get_text (record, later);
  b = marrow_record_get_text (record, earlier);
  if (strcmp (a, b) >= 0)
    return TRUE;

  marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, later,
                               /* Translators: "Ended at (ended_at) is 2026-01-01T…, before Started at (started_at), 2026-01-02T…" */
                               _("%s (%s) is %s, before %s (%s), %s"),
                               marrow_field_label (record, later), later, a,
                               marrow_field_label (record, earlier), earlier, b);
  return FALSE;
}

/* Appends a warning with the stable code "<table>.<field>.<rule>" */
void
_marrow_rules_warn (MarrowRecord *record,
                    GPtrArray    *warnings,
                    const char   *field,
                    const char   *rule,
                    const char   *format,
                    ...)
{
  const char *entity = marrow_record_get_entity_name (record);
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  va_list args;

  if (warnings == NULL)
    return;

  code = g_strdup_printf ("%s.%s.%s", entity, field, rule);
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (warnings, marrow_warning_new (entity, field, code, "%s", message));
}
