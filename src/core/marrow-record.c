/* marrow-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "marrow-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-entity.h"
#include "marrow-record.h"
#include "marrow-record-private.h"

typedef struct
{
  gboolean is_null;
  union
  {
    char   *s;
    gint64  i;
    double  d;
  } v;
} MarrowValue;

struct _MarrowRecord
{
  GObject                parent_instance;

  const MarrowEntityDef *entity;
  MarrowValue           *values;

  char                  *id;
  gint64                 row_version;
  char                  *record_status;
  char                  *error_reason;
  char                  *created_at;
  char                  *created_by;
  char                  *updated_at;
  char                  *updated_by;

  /* marrow_record_validate() passed (without a clock or warnings) and
   * nothing changed since: every setter clears it */
  gboolean               validated;
};

G_DEFINE_FINAL_TYPE (MarrowRecord, marrow_record, G_TYPE_OBJECT)

static gboolean
kind_is_text (MarrowFieldKind kind)
{
  switch (kind)
    {
    case MARROW_FIELD_TEXT:
    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
    case MARROW_FIELD_ENUM:
    case MARROW_FIELD_REF:
      return TRUE;
    case MARROW_FIELD_INT:
    case MARROW_FIELD_REAL:
    case MARROW_FIELD_BOOL:
    default:
      return FALSE;
    }
}

static void
clear_value (const MarrowFieldDef *field,
             MarrowValue          *value)
{
  if (kind_is_text (field->kind) && !value->is_null)
    g_clear_pointer (&value->v.s, g_free);
  value->is_null = TRUE;
  memset (&value->v, 0, sizeof value->v);
}

static void
marrow_record_finalize (GObject *object)
{
  MarrowRecord *self = (MarrowRecord *)object;

  for (guint i = 0; i < self->entity->n_fields; i++)
    clear_value (&self->entity->fields[i], &self->values[i]);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->record_status, g_free);
  g_clear_pointer (&self->error_reason, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->updated_by, g_free);

  G_OBJECT_CLASS (marrow_record_parent_class)->finalize (object);
}

static void
marrow_record_class_init (MarrowRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = marrow_record_finalize;
}

static void
marrow_record_init (MarrowRecord *self)
{
}

static MarrowRecord *
record_new (const MarrowEntityDef *entity,
            char                  *id)
{
  MarrowRecord *self;

  self = g_object_new (MARROW_TYPE_RECORD, NULL);
  self->entity = entity;
  self->values = g_new0 (MarrowValue, MAX (entity->n_fields, 1));
  for (guint i = 0; i < entity->n_fields; i++)
    self->values[i].is_null = TRUE;
  self->id = id;
  self->row_version = 0;
  self->record_status = g_strdup (MARROW_STATUS_FINAL);

  return self;
}

/**
 * marrow_record_new:
 * @entity: the record type
 *
 * Creates an empty record with a fresh version-4 UUID, row version 0 (not
 * yet stored) and status "final".  Every field is NULL.
 *
 * Returns: (transfer full): a new record
 */
MarrowRecord *
marrow_record_new (const MarrowEntityDef *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);

  return record_new (entity, g_uuid_string_random ());
}

/*
 * _marrow_record_new_with_id:
 *
 * Like marrow_record_new() with the record's UUID given: an import makes a
 * million records whose UUIDs come from the file, and a random UUID made only
 * to be replaced costs a formatted print each.
 */
MarrowRecord *
_marrow_record_new_with_id (const MarrowEntityDef *entity,
                            const char            *id)
{
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return record_new (entity, g_strdup (id));
}

/**
 * marrow_record_new_by_name:
 * @entity_name: a table name such as "patient"
 *
 * Returns: (transfer full) (nullable): a new record, or %NULL for an unknown type
 */
MarrowRecord *
marrow_record_new_by_name (const char *entity_name)
{
  const MarrowEntityDef *entity;

  g_return_val_if_fail (entity_name != NULL, NULL);

  entity = marrow_entity_lookup (entity_name);
  if (entity == NULL)
    return NULL;
  return marrow_record_new (entity);
}

/**
 * marrow_record_assign:
 * @dest: a record
 * @src: a record of the same type
 *
 * Makes @dest a deep copy of @src: every field value, the id and the
 * metadata.  Used to hand a caller's object what was saved.
 */
void
marrow_record_assign (MarrowRecord *dest,
                      MarrowRecord *src)
{
  g_return_if_fail (MARROW_IS_RECORD (dest));
  g_return_if_fail (MARROW_IS_RECORD (src));
  g_return_if_fail (dest->entity == src->entity);

  if (dest == src)
    return;
  dest->validated = FALSE;

  for (guint i = 0; i < src->entity->n_fields; i++)
    {
      clear_value (&src->entity->fields[i], &dest->values[i]);
      dest->values[i] = src->values[i];
      if (kind_is_text (src->entity->fields[i].kind) && !src->values[i].is_null)
        dest->values[i].v.s = g_strdup (src->values[i].v.s);
    }

#define ASSIGN_STRING(member) \
  G_STMT_START { g_free (dest->member); dest->member = g_strdup (src->member); } G_STMT_END

  ASSIGN_STRING (id);
  ASSIGN_STRING (record_status);
  ASSIGN_STRING (error_reason);
  ASSIGN_STRING (created_at);
  ASSIGN_STRING (created_by);
  ASSIGN_STRING (updated_at);
  ASSIGN_STRING (updated_by);
  dest->row_version = src->row_version;

#undef ASSIGN_STRING
}

/**
 * marrow_record_copy:
 * @self: a #MarrowRecord
 *
 * Returns: (transfer full): a deep copy with the same id and metadata
 */
MarrowRecord *
marrow_record_copy (MarrowRecord *self)
{
  MarrowRecord *copy;

  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);

  copy = marrow_record_new (self->entity);
  marrow_record_assign (copy, self);
  return copy;
}

/**
 * marrow_record_fields_equal:
 *
 * Returns: %TRUE when both records are of the same type and every field
 *   value is the same (metadata is not compared)
 */
gboolean
marrow_record_fields_equal (MarrowRecord *a,
                            MarrowRecord *b)
{
  g_return_val_if_fail (MARROW_IS_RECORD (a), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (b), FALSE);

  if (a->entity != b->entity)
    return FALSE;

  for (guint i = 0; i < a->entity->n_fields; i++)
    {
      const MarrowValue *va = &a->values[i];
      const MarrowValue *vb = &b->values[i];

      if (va->is_null != vb->is_null)
        return FALSE;
      if (va->is_null)
        continue;

      if (kind_is_text (a->entity->fields[i].kind))
        {
          if (g_strcmp0 (va->v.s, vb->v.s) != 0)
            return FALSE;
        }
      else if (a->entity->fields[i].kind == MARROW_FIELD_REAL)
        {
          /* bitwise-equal doubles; NaN never reaches a record */
          if (va->v.d != vb->v.d)
            return FALSE;
        }
      else if (va->v.i != vb->v.i)
        return FALSE;
    }

  return TRUE;
}

/**
 * marrow_record_equal:
 *
 * Returns: %TRUE when fields, id, row version and status are all the same
 */
gboolean
marrow_record_equal (MarrowRecord *a,
                     MarrowRecord *b)
{
  g_return_val_if_fail (MARROW_IS_RECORD (a), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (b), FALSE);

  return marrow_record_fields_equal (a, b) &&
         g_strcmp0 (a->id, b->id) == 0 &&
         a->row_version == b->row_version &&
         g_strcmp0 (a->record_status, b->record_status) == 0 &&
         g_strcmp0 (a->error_reason, b->error_reason) == 0;
}

const MarrowEntityDef *
marrow_record_get_entity (MarrowRecord *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);
  return self->entity;
}

const char *
marrow_record_get_entity_name (MarrowRecord *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);
  return self->entity->name;
}

#define STRING_ACCESSORS(member)                                        \
const char *                                                            \
marrow_record_get_##member (MarrowRecord *self)                         \
{                                                                       \
  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);                 \
  return self->member;                                                  \
}

STRING_ACCESSORS (id)
STRING_ACCESSORS (record_status)
STRING_ACCESSORS (error_reason)
STRING_ACCESSORS (created_at)
STRING_ACCESSORS (created_by)
STRING_ACCESSORS (updated_at)
STRING_ACCESSORS (updated_by)

#undef STRING_ACCESSORS

void
marrow_record_set_id (MarrowRecord *self,
                      const char   *id)
{
  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (id != NULL);

  self->validated = FALSE;
  g_free (self->id);
  self->id = g_strdup (id);
}

gint64
marrow_record_get_row_version (MarrowRecord *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), 0);
  return self->row_version;
}

void
marrow_record_set_row_version (MarrowRecord *self,
                               gint64        row_version)
{
  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (row_version >= 0);
  self->validated = FALSE;
  self->row_version = row_version;
}

void
marrow_record_set_record_status (MarrowRecord *self,
                                 const char   *status)
{
  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (status != NULL);

  self->validated = FALSE;
  g_free (self->record_status);
  self->record_status = g_strdup (status);
}

void
marrow_record_set_error_reason (MarrowRecord *self,
                                const char   *reason)
{
  g_return_if_fail (MARROW_IS_RECORD (self));

  self->validated = FALSE;
  g_free (self->error_reason);
  self->error_reason = g_strdup (reason);
}

void
marrow_record_set_created (MarrowRecord *self,
                           const char   *at,
                           const char   *by)
{
  g_return_if_fail (MARROW_IS_RECORD (self));

  self->validated = FALSE;
  g_free (self->created_at);
  g_free (self->created_by);
  self->created_at = g_strdup (at);
  self->created_by = g_strdup (by);
}

void
marrow_record_set_updated (MarrowRecord *self,
                           const char   *at,
                           const char   *by)
{
  g_return_if_fail (MARROW_IS_RECORD (self));

  self->validated = FALSE;
  g_free (self->updated_at);
  g_free (self->updated_by);
  self->updated_at = g_strdup (at);
  self->updated_by = g_strdup (by);
}

gboolean
marrow_record_is_voided (MarrowRecord *self)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), FALSE);
  return g_strcmp0 (self->record_status, MARROW_STATUS_ENTERED_IN_ERROR) == 0;
}

static int
lookup_field (MarrowRecord *self,
              const char   *field)
{
  int index = marrow_entity_field_index (self->entity, field);

  if (index < 0)
    g_critical ("%s has no field '%s'", self->entity->name, field);
  return index;
}

static gboolean
check_index (MarrowRecord    *self,
             guint            index,
             MarrowFieldKind  want)
{
  MarrowFieldKind kind;

  if (index >= self->entity->n_fields)
    {
      g_critical ("%s has no field #%u", self->entity->name, index);
      return FALSE;
    }

  kind = self->entity->fields[index].kind;
  switch (want)
    {
    case MARROW_FIELD_TEXT:
      if (kind_is_text (kind))
        return TRUE;
      break;
    case MARROW_FIELD_INT:
      if (kind == MARROW_FIELD_INT || kind == MARROW_FIELD_BOOL)
        return TRUE;
      break;
    case MARROW_FIELD_REAL:
      if (kind == MARROW_FIELD_REAL)
        return TRUE;
      break;
    case MARROW_FIELD_BOOL:
    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
    case MARROW_FIELD_ENUM:
    case MARROW_FIELD_REF:
    default:
      return TRUE;
    }

  g_critical ("%s.%s is accessed with the wrong type",
              self->entity->name, self->entity->fields[index].name);
  return FALSE;
}

gboolean
marrow_record_has_field (MarrowRecord *self,
                         const char   *field)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return marrow_entity_field_index (self->entity, field) >= 0;
}

gboolean
marrow_record_is_null_at (MarrowRecord *self,
                          guint         index)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), TRUE);
  g_return_val_if_fail (index < self->entity->n_fields, TRUE);

  return self->values[index].is_null;
}

void
marrow_record_set_null_at (MarrowRecord *self,
                           guint         index)
{
  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (index < self->entity->n_fields);

  self->validated = FALSE;
  clear_value (&self->entity->fields[index], &self->values[index]);
}

const char *
marrow_record_get_text_at (MarrowRecord *self,
                           guint         index)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);

  if (!check_index (self, index, MARROW_FIELD_TEXT) || self->values[index].is_null)
    return NULL;
  return self->values[index].v.s;
}

void
marrow_record_set_text_at (MarrowRecord *self,
                           guint         index,
                           const char   *value)
{
  char *copy;

  g_return_if_fail (MARROW_IS_RECORD (self));

  self->validated = FALSE;
  if (!check_index (self, index, MARROW_FIELD_TEXT))
    return;

  copy = g_strdup (value);
  clear_value (&self->entity->fields[index], &self->values[index]);
  if (copy != NULL)
    {
      self->values[index].is_null = FALSE;
      self->values[index].v.s = copy;
    }
}

gint64
marrow_record_get_int_at (MarrowRecord *self,
                          guint         index)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), 0);

  if (!check_index (self, index, MARROW_FIELD_INT) || self->values[index].is_null)
    return 0;
  return self->values[index].v.i;
}

void
marrow_record_set_int_at (MarrowRecord *self,
                          guint         index,
                          gint64        value)
{
  g_return_if_fail (MARROW_IS_RECORD (self));

  self->validated = FALSE;
  if (!check_index (self, index, MARROW_FIELD_INT))
    return;

  if (self->entity->fields[index].kind == MARROW_FIELD_BOOL)
    value = value != 0;
  self->values[index].is_null = FALSE;
  self->values[index].v.i = value;
}

double
marrow_record_get_real_at (MarrowRecord *self,
                           guint         index)
{
  g_return_val_if_fail (MARROW_IS_RECORD (self), NAN);

  if (!check_index (self, index, MARROW_FIELD_REAL) || self->values[index].is_null)
    return NAN;
  return self->values[index].v.d;
}

void
marrow_record_set_real_at (MarrowRecord *self,
                           guint         index,
                           double        value)
{
  g_return_if_fail (MARROW_IS_RECORD (self));

  self->validated = FALSE;
  if (!check_index (self, index, MARROW_FIELD_REAL))
    return;

  /* NaN and infinities have no place in clinical data: store NULL instead */
  if (!isfinite (value))
    {
      clear_value (&self->entity->fields[index], &self->values[index]);
      return;
    }
  self->values[index].is_null = FALSE;
  self->values[index].v.d = value;
}

gboolean
marrow_record_is_null (MarrowRecord *self,
                       const char   *field)
{
  int index;

  g_return_val_if_fail (MARROW_IS_RECORD (self), TRUE);
  g_return_val_if_fail (field != NULL, TRUE);

  if ((index = lookup_field (self, field)) < 0)
    return TRUE;
  return self->values[index].is_null;
}

void
marrow_record_set_null (MarrowRecord *self,
                        const char   *field)
{
  int index;

  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  if ((index = lookup_field (self, field)) >= 0)
    marrow_record_set_null_at (self, index);
}

const char *
marrow_record_get_text (MarrowRecord *self,
                        const char   *field)
{
  int index;

  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if ((index = lookup_field (self, field)) < 0)
    return NULL;
  return marrow_record_get_text_at (self, index);
}

void
marrow_record_set_text (MarrowRecord *self,
                        const char   *field,
                        const char   *value)
{
  int index;

  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  if ((index = lookup_field (self, field)) >= 0)
    marrow_record_set_text_at (self, index, value);
}

gint64
marrow_record_get_int (MarrowRecord *self,
                       const char   *field)
{
  int index;

  g_return_val_if_fail (MARROW_IS_RECORD (self), 0);
  g_return_val_if_fail (field != NULL, 0);

  if ((index = lookup_field (self, field)) < 0)
    return 0;
  return marrow_record_get_int_at (self, index);
}

void
marrow_record_set_int (MarrowRecord *self,
                       const char   *field,
                       gint64        value)
{
  int index;

  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  if ((index = lookup_field (self, field)) >= 0)
    marrow_record_set_int_at (self, index, value);
}

gboolean
marrow_record_get_bool (MarrowRecord *self,
                        const char   *field)
{
  return marrow_record_get_int (self, field) != 0;
}

void
marrow_record_set_bool (MarrowRecord *self,
                        const char   *field,
                        gboolean      value)
{
  marrow_record_set_int (self, field, value ? 1 : 0);
}

double
marrow_record_get_real (MarrowRecord *self,
                        const char   *field)
{
  int index;

  g_return_val_if_fail (MARROW_IS_RECORD (self), NAN);
  g_return_val_if_fail (field != NULL, NAN);

  if ((index = lookup_field (self, field)) < 0)
    return NAN;
  return marrow_record_get_real_at (self, index);
}

void
marrow_record_set_real (MarrowRecord *self,
                        const char   *field,
                        double        value)
{
  int index;

  g_return_if_fail (MARROW_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  if ((index = lookup_field (self, field)) >= 0)
    marrow_record_set_real_at (self, index, value);
}

/**
 * marrow_record_get_text_or_id:
 * @self: a #MarrowRecord
 * @field: a text field, usually a human-readable identifier (COI, label)
 *
 * Returns: (transfer none): the value of @field, or the record's UUID when
 *   it is NULL, for messages that must name the record somehow
 */
const char *
marrow_record_get_text_or_id (MarrowRecord *self,
                              const char   *field)
{
  const char *text;

  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);

  text = marrow_record_get_text (self, field);
  return text != NULL ? text : self->id;
}

/**
 * marrow_record_format_value:
 * @self: a #MarrowRecord
 * @field: a field name
 *
 * Formats a value for messages: numbers with %g and the field's unit.
 *
 * Returns: (transfer full): the formatted value, or "—" for NULL
 */
char *
marrow_record_format_value (MarrowRecord *self,
                            const char   *field)
{
  const MarrowFieldDef *def;
  int index;

  g_return_val_if_fail (MARROW_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if ((index = lookup_field (self, field)) < 0 || self->values[index].is_null)
    return g_strdup ("—");

  def = &self->entity->fields[index];
  switch (def->kind)
    {
    case MARROW_FIELD_INT:
      return def->unit ? g_strdup_printf ("%" G_GINT64_FORMAT " %s", self->values[index].v.i, def->unit)
                       : g_strdup_printf ("%" G_GINT64_FORMAT, self->values[index].v.i);
    case MARROW_FIELD_BOOL:
      return g_strdup (self->values[index].v.i ? "1" : "0");
    case MARROW_FIELD_REAL:
      return def->unit ? g_strdup_printf ("%g %s", self->values[index].v.d, def->unit)
                       : g_strdup_printf ("%g", self->values[index].v.d);
    case MARROW_FIELD_TEXT:
    case MARROW_FIELD_DATE:
    case MARROW_FIELD_PARTIAL_DATE:
    case MARROW_FIELD_INSTANT:
    case MARROW_FIELD_ENUM:
    case MARROW_FIELD_REF:
    default:
      return g_strdup (self->values[index].v.s);
    }
}

/* For marrow_record_validate() only (marrow-record-private.h) */
gboolean
_marrow_record_get_validated (MarrowRecord *self)
{
  return self->validated;
}

void
_marrow_record_set_validated (MarrowRecord *self)
{
  self->validated = TRUE;
}
