/* marrow-record.h: one row of any record type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "marrow-entity.h"

G_BEGIN_DECLS

#define MARROW_TYPE_RECORD (marrow_record_get_type ())

G_DECLARE_FINAL_TYPE (MarrowRecord, marrow_record, MARROW, RECORD, GObject)

/* record_status values (domain model 2.4 and 2.6) */
#define MARROW_STATUS_DRAFT             "draft"
#define MARROW_STATUS_FINAL             "final"
#define MARROW_STATUS_SIGNED            "signed"
#define MARROW_STATUS_AMENDED           "amended"
#define MARROW_STATUS_ENTERED_IN_ERROR  "entered_in_error"

MarrowRecord          *marrow_record_new               (const MarrowEntityDef *entity);
MarrowRecord          *marrow_record_new_by_name       (const char            *entity_name);
MarrowRecord          *marrow_record_copy              (MarrowRecord          *self);
void                   marrow_record_assign            (MarrowRecord          *dest,
                                                        MarrowRecord          *src);
gboolean               marrow_record_equal             (MarrowRecord          *a,
                                                        MarrowRecord          *b);
gboolean               marrow_record_fields_equal      (MarrowRecord          *a,
                                                        MarrowRecord          *b);

const MarrowEntityDef *marrow_record_get_entity        (MarrowRecord          *self);
const char            *marrow_record_get_entity_name   (MarrowRecord          *self);

/* Metadata that every record has (domain model 2.4).  The store sets the
 * created/updated columns and the row version; callers only read them. */
const char            *marrow_record_get_id            (MarrowRecord          *self);
void                   marrow_record_set_id            (MarrowRecord          *self,
                                                        const char            *id);
gint64                 marrow_record_get_row_version   (MarrowRecord          *self);
void                   marrow_record_set_row_version   (MarrowRecord          *self,
                                                        gint64                 row_version);
const char            *marrow_record_get_record_status (MarrowRecord          *self);
void                   marrow_record_set_record_status (MarrowRecord          *self,
                                                        const char            *status);
const char            *marrow_record_get_error_reason  (MarrowRecord          *self);
void                   marrow_record_set_error_reason  (MarrowRecord          *self,
                                                        const char            *reason);
const char            *marrow_record_get_created_at    (MarrowRecord          *self);
const char            *marrow_record_get_created_by    (MarrowRecord          *self);
const char            *marrow_record_get_updated_at    (MarrowRecord          *self);
const char            *marrow_record_get_updated_by    (MarrowRecord          *self);
void                   marrow_record_set_created       (MarrowRecord          *self,
                                                        const char            *at,
                                                        const char            *by);
void                   marrow_record_set_updated       (MarrowRecord          *self,
                                                        const char            *at,
                                                        const char            *by);
gboolean               marrow_record_is_voided         (MarrowRecord          *self);

/* Field values.  Text-like kinds (TEXT, DATE, PARTIAL_DATE, INSTANT, ENUM,
 * REF) use the text accessors; INT and BOOL the int accessors; REAL the real
 * ones.  Using an unknown field name or the wrong accessor is a programming
 * error and emits a critical. */
gboolean               marrow_record_has_field         (MarrowRecord          *self,
                                                        const char            *field);
gboolean               marrow_record_is_null           (MarrowRecord          *self,
                                                        const char            *field);
void                   marrow_record_set_null          (MarrowRecord          *self,
                                                        const char            *field);
const char            *marrow_record_get_text          (MarrowRecord          *self,
                                                        const char            *field);
void                   marrow_record_set_text          (MarrowRecord          *self,
                                                        const char            *field,
                                                        const char            *value);
gint64                 marrow_record_get_int           (MarrowRecord          *self,
                                                        const char            *field);
void                   marrow_record_set_int           (MarrowRecord          *self,
                                                        const char            *field,
                                                        gint64                 value);
gboolean               marrow_record_get_bool          (MarrowRecord          *self,
                                                        const char            *field);
void                   marrow_record_set_bool          (MarrowRecord          *self,
                                                        const char            *field,
                                                        gboolean               value);
double                 marrow_record_get_real          (MarrowRecord          *self,
                                                        const char            *field);
void                   marrow_record_set_real          (MarrowRecord          *self,
                                                        const char            *field,
                                                        double                 value);

/* Index-based access for generic code (store, exchange) that walks
 * entity->fields in order. */
gboolean               marrow_record_is_null_at        (MarrowRecord          *self,
                                                        guint                  index);
const char            *marrow_record_get_text_at       (MarrowRecord          *self,
                                                        guint                  index);
gint64                 marrow_record_get_int_at        (MarrowRecord          *self,
                                                        guint                  index);
double                 marrow_record_get_real_at       (MarrowRecord          *self,
                                                        guint                  index);
void                   marrow_record_set_null_at       (MarrowRecord          *self,
                                                        guint                  index);
void                   marrow_record_set_text_at       (MarrowRecord          *self,
                                                        guint                  index,
                                                        const char            *value);
void                   marrow_record_set_int_at        (MarrowRecord          *self,
                                                        guint                  index,
                                                        gint64                 value);
void                   marrow_record_set_real_at       (MarrowRecord          *self,
                                                        guint                  index,
                                                        double                 value);

const char            *marrow_record_get_text_or_id    (MarrowRecord          *self,
                                                        const char            *field);
char                  *marrow_record_format_value      (MarrowRecord          *self,
                                                        const char            *field);

G_END_DECLS
