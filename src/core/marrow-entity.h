/* marrow-entity.h: data-driven descriptions of the record types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every record type (patient, joint case, harvest, ...) is described once,
 * by a static MarrowEntityDef table: its fields, their kinds, required-ness,
 * coded values and hard and soft limits.  Generic code then validates,
 * stores, audits and exports every type the same way; only rules that span
 * several fields are written as C functions (MarrowEntityRulesFunc).
 */
#pragma once

#include <glib.h>

#include "marrow-types.h"

G_BEGIN_DECLS

typedef enum
{
  MARROW_FIELD_TEXT,          /* free text */
  MARROW_FIELD_INT,           /* 64-bit integer */
  MARROW_FIELD_REAL,          /* double */
  MARROW_FIELD_BOOL,          /* 0/1 */
  MARROW_FIELD_DATE,          /* calendar date YYYY-MM-DD */
  MARROW_FIELD_PARTIAL_DATE,  /* YYYY, YYYY-MM or YYYY-MM-DD */
  MARROW_FIELD_INSTANT,       /* UTC instant YYYY-MM-DDTHH:MM:SS.sssZ */
  MARROW_FIELD_ENUM,          /* one code of a fixed list */
  MARROW_FIELD_REF,           /* UUID of a record of ref_entity */
} MarrowFieldKind;

typedef enum
{
  MARROW_FIELD_FLAG_NONE       = 0,
  MARROW_FIELD_REQUIRED        = 1 << 0,
  MARROW_FIELD_NOT_FUTURE      = 1 << 1,  /* date/instant must not lie after now */
  MARROW_FIELD_COMPUTED        = 1 << 2,  /* set by the core, never typed in */
  MARROW_FIELD_UNIQUE          = 1 << 3,  /* unique over the table (store enforces) */
  MARROW_FIELD_HAS_MIN         = 1 << 4,  /* hard_min applies */
  MARROW_FIELD_HAS_MAX         = 1 << 5,  /* hard_max applies */
  MARROW_FIELD_MIN_EXCLUSIVE   = 1 << 6,  /* value must be > hard_min */
  MARROW_FIELD_HAS_SOFT_MIN    = 1 << 7,  /* below soft_min warns */
  MARROW_FIELD_HAS_SOFT_MAX    = 1 << 8,  /* above soft_max warns */
  MARROW_FIELD_INDEXED         = 1 << 9,  /* the store keeps an index on it */
  /* chain-of-identity IDs (docs/chain-of-identity.md): the shape and the
   * MOD 37-2 check character are verified on every save */
  MARROW_FIELD_COI_BASE        = 1 << 10, /* FFFFFYYSSSSSSC */
  MARROW_FIELD_COI_RUN         = 1 << 11, /* {base}-P{n} */
  MARROW_FIELD_COI_LOT         = 1 << 12, /* {base}-L{n} */
  MARROW_FIELD_COI_ALIQUOT     = 1 << 13, /* {base}-L{n}-{NN} */
} MarrowFieldFlags;

struct _MarrowFieldDef
{
  const char         *name;         /* column name, snake_case */
  const char         *label;        /* N_()-marked, translate with _() when shown */
  MarrowFieldKind     kind;
  MarrowFieldFlags    flags;
  const char * const *enum_values;  /* NULL-terminated, for MARROW_FIELD_ENUM */
  const char         *ref_entity;   /* entity name, for MARROW_FIELD_REF */
  double              hard_min;
  double              hard_max;
  double              soft_min;
  double              soft_max;
  const char         *unit;         /* shown after numbers in messages, e.g. "kg" */
};

/**
 * MarrowEntityRulesFunc:
 * @record: the record to check; its fields already passed the per-field checks
 * @now: the current time (injectable for tests)
 * @warnings: (element-type MarrowWarning): soft-limit warnings are appended here
 * @error: hard-limit failures
 *
 * Rules across several fields of one record.
 *
 * Returns: %FALSE with @error set when a hard rule fails
 */
typedef gboolean (*MarrowEntityRulesFunc) (MarrowRecord  *record,
                                           GDateTime     *now,
                                           GPtrArray     *warnings,
                                           GError       **error);

struct _MarrowEntityDef
{
  const char            *name;        /* table name, e.g. "joint_case" */
  const char            *label;       /* N_()-marked, e.g. "Joint case" */
  gboolean               clinical;    /* can be voided ("entered in error") */
  const MarrowFieldDef  *fields;
  guint                  n_fields;
  MarrowEntityRulesFunc  rules;       /* nullable */
};

const MarrowEntityDef  *marrow_entity_lookup       (const char            *name);
const MarrowEntityDef *const *marrow_entity_all    (guint                 *n_entities);
const MarrowFieldDef   *marrow_entity_find_field   (const MarrowEntityDef *entity,
                                                    const char            *name);
int                     marrow_entity_field_index  (const MarrowEntityDef *entity,
                                                    const char            *name);
gboolean                marrow_field_enum_contains (const MarrowFieldDef  *field,
                                                    const char            *code);

G_END_DECLS
