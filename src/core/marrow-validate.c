/* marrow-validate.c: generic per-field validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-field checks (required, coded values, formats, hard ranges, not in
 * the future, soft ranges) are driven by the MarrowFieldDef tables; rules
 * across fields are the entity's rules function.  Every failure names the
 * field by its label and its column and quotes the limit, so a message
 * read out of context (an import log, the command line) still says what to
 * fix.
 */
#define G_LOG_DOMAIN "marrow-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-error.h"
#include "marrow-record-private.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/**
 * marrow_warning_new:
 *
 * Returns: (transfer full): a new warning
 */
MarrowWarning *
marrow_warning_new (const char *entity,
                    const char *field,
                    const char *code,
                    const char *format,
                    ...)
{
  MarrowWarning *warning;
  va_list args;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  warning = g_new0 (MarrowWarning, 1);
  warning->entity = g_strdup (entity);
  warning->field = g_strdup (field);
  warning->code = g_strdup (code);
  va_start (args, format);
  warning->message = g_strdup_vprintf (format, args);
  va_end (args);

  return warning;
}

void
marrow_warning_free (MarrowWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->entity);
  g_free (warning->field);
  g_free (warning->code);
  g_free (warning->message);
  g_free (warning);
}

/**
 * marrow_warning_list_new:
 *
 * Returns: (transfer full) (element-type MarrowWarning): an empty list that frees its warnings
 */
GPtrArray *
marrow_warning_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_warning_free);
}

/**
 * marrow_text_is_blank:
 *
 * Returns: %TRUE if @text is %NULL, empty or only white space
 */
gboolean
marrow_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/**
 * marrow_field_label:
 *
 * Returns: the translated label of @field, or the field name
 */
const char *
marrow_field_label (MarrowRecord *record,
                    const char   *field)
{
  const MarrowFieldDef *def;

  g_return_val_if_fail (MARROW_IS_RECORD (record), field);

  def = marrow_entity_find_field (marrow_record_get_entity (record), field);
  if (def == NULL || def->label == NULL)
    return field;
  return _(def->label);
}

/**
 * marrow_validate_require:
 * @why: (nullable): a translated condition such as "when the lot is autologous"
 *
 * Fails when @field is NULL (or empty text).
 */
gboolean
marrow_validate_require (MarrowRecord  *record,
                         const char    *field,
                         const char    *why,
                         GError       **error)
{
  const MarrowFieldDef *def;
  gboolean missing;

  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);

  def = marrow_entity_find_field (marrow_record_get_entity (record), field);
  g_return_val_if_fail (def != NULL, FALSE);

  missing = marrow_record_is_null (record, field);
  if (!missing && def->kind == MARROW_FIELD_TEXT)
    {
      missing = marrow_text_is_blank (marrow_record_get_text (record, field));
    }

  if (!missing)
    return TRUE;

  if (why != NULL)
    marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, field,
                                 /* Translators: "Weight (weight_kg) is required when ..." */
                                 _("%s (%s) is required %s"),
                                 marrow_field_label (record, field), field, why);
  else
    marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, field,
                                 _("%s (%s) is required"),
                                 marrow_field_label (record, field), field);
  return FALSE;
}

static char *
format_limit (const MarrowFieldDef *def,
              double                limit)
{
  if (def->unit != NULL)
    return g_strdup_printf ("%g %s", limit, def->unit);
  return g_strdup_printf ("%g", limit);
}

static gboolean
check_number (MarrowRecord         *record,
              const MarrowFieldDef *def,
              double                value,
              GPtrArray            *warnings,
              GError              **error)
{
  const char *entity = marrow_record_get_entity_name (record);
  const char *label = def->label ? _(def->label) : def->name;

  if ((def->flags & MARROW_FIELD_HAS_MIN) != 0)
    {
      gboolean bad = (def->flags & MARROW_FIELD_MIN_EXCLUSIVE) != 0
                     ? !(value > def->hard_min)
                     : value < def->hard_min;
      if (bad)
        {
          g_autofree char *v = format_limit (def, value);
          g_autofree char *l = format_limit (def, def->hard_min);

          if ((def->flags & MARROW_FIELD_MIN_EXCLUSIVE) != 0)
            marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, def->name,
                                         _("%s (%s) is %s; it must be greater than %s"),
                                         label, def->name, v, l);
          else
            marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, def->name,
                                         _("%s (%s) is %s, below the hard limit of %s"),
                                         label, def->name, v, l);
          return FALSE;
        }
    }

  if ((def->flags & MARROW_FIELD_HAS_MAX) != 0 && value > def->hard_max)
    {
      g_autofree char *v = format_limit (def, value);
      g_autofree char *l = format_limit (def, def->hard_max);

      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RANGE, def->name,
                                   _("%s (%s) is %s, above the hard limit of %s"),
                                   label, def->name, v, l);
      return FALSE;
    }

  if (warnings != NULL && (def->flags & MARROW_FIELD_HAS_SOFT_MIN) != 0 && value < def->soft_min)
    {
      g_autofree char *v = format_limit (def, value);
      g_autofree char *l = format_limit (def, def->soft_min);
      g_autofree char *code = g_strdup_printf ("%s.%s.min", entity, def->name);

      g_ptr_array_add (warnings,
                       marrow_warning_new (entity, def->name, code,
                                           _("%s is %s, below the usual minimum of %s"),
                                           label, v, l));
    }

  if (warnings != NULL && (def->flags & MARROW_FIELD_HAS_SOFT_MAX) != 0 && value > def->soft_max)
    {
      g_autofree char *v = format_limit (def, value);
      g_autofree char *l = format_limit (def, def->soft_max);
      g_autofree char *code = g_strdup_printf ("%s.%s.max", entity, def->name);

      g_ptr_array_add (warnings,
                       marrow_warning_new (entity, def->name, code,
                                           _("%s is %s, above the usual maximum of %s"),
                                           label, v, l));
    }

  return TRUE;
}

static gboolean
is_uuid (const char *text)
{
  /* lowercase canonical form, as g_uuid_string_random() writes it */
  if (!g_uuid_string_is_valid (text))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

#define COI_FLAGS (MARROW_FIELD_COI_BASE | MARROW_FIELD_COI_RUN | \
                   MARROW_FIELD_COI_LOT | MARROW_FIELD_COI_ALIQUOT)

/* A chain-of-identity ID must have the shape its record type calls for and
 * a correct check character; a typed or scanned ID that fails is refused. */
static gboolean
check_coi (const MarrowFieldDef  *def,
           const char            *text,
           GError               **error)
{
  static const struct { MarrowFieldFlags flag; MarrowCoiKind kind; const char *shape; } kinds[] = {
    { MARROW_FIELD_COI_BASE, MARROW_COI_KIND_BASE, "FFFFFYYSSSSSSC" },
    { MARROW_FIELD_COI_RUN, MARROW_COI_KIND_RUN, "FFFFFYYSSSSSSC-Pn" },
    { MARROW_FIELD_COI_LOT, MARROW_COI_KIND_LOT, "FFFFFYYSSSSSSC-Ln" },
    { MARROW_FIELD_COI_ALIQUOT, MARROW_COI_KIND_ALIQUOT, "FFFFFYYSSSSSSC-Ln-NN" },
  };
  MarrowCoiParts parts;

  if (!marrow_coi_parse (text, def->name, &parts, error))
    {
      g_prefix_error (error, "%s (%s): ", def->label ? _(def->label) : def->name, def->name);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if ((def->flags & kinds[i].flag) != 0 && parts.kind != kinds[i].kind)
      {
        marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, def->name,
                                     _("%s (%s) is “%s”; it must have the form %s"),
                                     def->label ? _(def->label) : def->name, def->name,
                                     text, kinds[i].shape);
        return FALSE;
      }

  return TRUE;
}

static gboolean
validate_field_at (MarrowRecord  *record,
                   guint          index,
                   GDateTime     *now,
                   GPtrArray     *warnings,
                   GError       **error)
{
  const MarrowFieldDef *def = &marrow_record_get_entity (record)->fields[index];
  const char *label = def->label ? _(def->label) : def->name;
  const char *text;

  if (marrow_record_is_null_at (record, index))
    {
      if ((def->flags & MARROW_FIELD_REQUIRED) != 0 && (def->flags & MARROW_FIELD_COMPUTED) == 0)
        return marrow_validate_require (record, def->name, NULL, error);
      return TRUE;
    }

  switch (def->kind)
    {
    case MARROW_FIELD_TEXT:
      text = marrow_record_get_text_at (record, index);
      if (!g_utf8_validate (text, -1, NULL))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, def->name,
                                       _("%s (%s) is not valid UTF-8 text"), label, def->name);
          return FALSE;
        }
      if ((def->flags & COI_FLAGS) != 0 && !check_coi (def, text, error))
        return FALSE;
      if ((def->flags & MARROW_FIELD_REQUIRED) != 0)
        return marrow_validate_require (record, def->name, NULL, error);
      return TRUE;

    case MARROW_FIELD_ENUM:
      text = marrow_record_get_text_at (record, index);
      if (!marrow_field_enum_contains (def, text))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **)def->enum_values);

          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, def->name,
                                       _("%s (%s) is “%s”; allowed values are %s"),
                                       label, def->name, text, allowed);
          return FALSE;
        }
      return TRUE;

    case MARROW_FIELD_REF:
      text = marrow_record_get_text_at (record, index);
      if (!is_uuid (text))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, def->name,
                                       _("%s (%s) is “%s”, which is not a record identifier (UUID)"),
                                       label, def->name, text);
          return FALSE;
        }
      return TRUE;

    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
      text = marrow_record_get_text_at (record, index);
      if ((def->kind == MARROW_FIELD_DATE && !marrow_date_is_valid (text)) ||
          (def->kind == MARROW_FIELD_PARTIAL_DATE && !marrow_partial_date_is_valid (text)) ||
          (def->kind == MARROW_FIELD_INSTANT && !marrow_instant_is_valid (text)))
        {
          const char *shape = def->kind == MARROW_FIELD_DATE ? "YYYY-MM-DD"
                            : def->kind == MARROW_FIELD_PARTIAL_DATE ? "YYYY, YYYY-MM or YYYY-MM-DD"
                            : "YYYY-MM-DDTHH:MM:SS.sssZ";
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, def->name,
                                       _("%s (%s) is “%s”, which is not a valid date in the form %s"),
                                       label, def->name, text, shape);
          return FALSE;
        }
      if ((def->flags & MARROW_FIELD_NOT_FUTURE) != 0)
        {
          g_autofree char *limit = NULL;
          g_autoptr(GDateTime) local_now = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();

          /* Dates compare with the local calendar day, instants with the instant */
          if (def->kind == MARROW_FIELD_INSTANT)
            {
              limit = marrow_instant_format (local_now);
              if (strcmp (text, limit) > 0)
                {
                  marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FUTURE, def->name,
                                               _("%s (%s) is %s, which is in the future"),
                                               label, def->name, text);
                  return FALSE;
                }
            }
          else
            {
              g_autoptr(GDateTime) local = g_date_time_to_local (local_now);

              limit = marrow_date_format (local);
              if (strncmp (text, limit, strlen (text)) > 0)
                {
                  marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FUTURE, def->name,
                                               _("%s (%s) is %s, after today (%s)"),
                                               label, def->name, text, limit);
                  return FALSE;
                }
            }
        }
      return TRUE;

    case MARROW_FIELD_BOOL:
      return TRUE;

    case MARROW_FIELD_INT:
      return check_number (record, def, (double)marrow_record_get_int_at (record, index),
                           warnings, error);

    case MARROW_FIELD_REAL:
      return check_number (record, def, marrow_record_get_real_at (record, index),
                           warnings, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * marrow_record_validate_field:
 * @record: a record
 * @field: the field to check
 * @now: (nullable): the current time, %NULL for the clock
 * @warnings: (nullable) (element-type MarrowWarning): receives soft-limit warnings
 * @error: return location for the hard-limit failure
 *
 * Checks one field on its own, for inline validation in forms.
 *
 * Returns: %FALSE if the field breaks a hard limit
 */
gboolean
marrow_record_validate_field (MarrowRecord  *record,
                              const char    *field,
                              GDateTime     *now,
                              GPtrArray     *warnings,
                              GError       **error)
{
  int index;

  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  index = marrow_entity_field_index (marrow_record_get_entity (record), field);
  g_return_val_if_fail (index >= 0, FALSE);

  return validate_field_at (record, index, now, warnings, error);
}

/**
 * marrow_record_validate:
 * @record: a record
 * @now: (nullable): the current time, %NULL for the clock
 * @warnings: (nullable) (element-type MarrowWarning): receives soft-limit warnings
 * @error: return location for the first hard-limit failure
 *
 * Checks every field, then the entity's cross-field rules.  A voided record
 * must carry its reason.
 *
 * Returns: %TRUE if the record may be saved (it may still have warnings)
 */
gboolean
marrow_record_validate (MarrowRecord  *record,
                        GDateTime     *now,
                        GPtrArray     *warnings,
                        GError       **error)
{
  const MarrowEntityDef *entity;
  const char *status;
  const char *reason;

  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Passed before, unchanged since (every setter forgets it), and nobody
   * asks for warnings: the answer is the same.  An archive import checks
   * each record in its reader thread, so the store's check of the same
   * record in the writing thread costs nothing. */
  if (now == NULL && warnings == NULL && _marrow_record_get_validated (record))
    return TRUE;

  entity = marrow_record_get_entity (record);

  if (!is_uuid (marrow_record_get_id (record)))
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_FORMAT, "id",
                                   _("The record identifier “%s” is not a UUID"),
                                   marrow_record_get_id (record));
      return FALSE;
    }

  status = marrow_record_get_record_status (record);
  if (g_strcmp0 (status, MARROW_STATUS_DRAFT) != 0 &&
      g_strcmp0 (status, MARROW_STATUS_FINAL) != 0 &&
      g_strcmp0 (status, MARROW_STATUS_SIGNED) != 0 &&
      g_strcmp0 (status, MARROW_STATUS_AMENDED) != 0 &&
      g_strcmp0 (status, MARROW_STATUS_ENTERED_IN_ERROR) != 0)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_ENUM, "record_status",
                                   _("Record status (record_status) is “%s”; allowed values are "
                                     "draft, final, signed, amended, entered_in_error"), status);
      return FALSE;
    }

  reason = marrow_record_get_error_reason (record);
  if (marrow_record_is_voided (record))
    {
      if (!entity->clinical)
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "record_status",
                                       _("A %s cannot be entered in error"), _(entity->label));
          return FALSE;
        }
      if (marrow_text_is_blank (reason))
        {
          marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_REQUIRED, "error_reason",
                                       _("A reason (error_reason) is required to enter a record in error"));
          return FALSE;
        }
    }
  else if (reason != NULL)
    {
      marrow_validation_error_set (error, MARROW_VALIDATION_ERROR_RULE, "error_reason",
                                   _("A reason for error (error_reason) is only allowed on a record "
                                     "entered in error"));
      return FALSE;
    }

  /* Drafts may be incomplete (domain model 2.6): skip required checks but
   * still refuse impossible values. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      if (g_strcmp0 (status, MARROW_STATUS_DRAFT) == 0 && marrow_record_is_null_at (record, i))
        continue;
      if (!validate_field_at (record, i, now, warnings, error))
        return FALSE;
    }

  if (entity->rules != NULL && g_strcmp0 (status, MARROW_STATUS_DRAFT) != 0)
    {
      g_autoptr(GDateTime) clock = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();

      if (!entity->rules (record, clock, warnings, error))
        return FALSE;
    }

  if (now == NULL && warnings == NULL)
    _marrow_record_set_validated (record);
  return TRUE;
}
