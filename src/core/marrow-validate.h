/* marrow-validate.h: hard and soft limits of every record type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "marrow-record.h"

G_BEGIN_DECLS

/**
 * MarrowWarning:
 * @entity: the record type
 * @field: the field the warning is about (may be %NULL for record-wide rules)
 * @code: a stable limit code such as "patient_weight.weight_kg.soft"
 *   (what limit_ack rows reference)
 * @message: a translated sentence that quotes the value and the limit
 *
 * A soft limit that was passed: the record may be saved, but the user must
 * see the message and give a reason.
 */
struct _MarrowWarning
{
  char *entity;
  char *field;
  char *code;
  char *message;
};

MarrowWarning *marrow_warning_new          (const char    *entity,
                                            const char    *field,
                                            const char    *code,
                                            const char    *format,
                                            ...) G_GNUC_PRINTF (4, 5);
void           marrow_warning_free         (MarrowWarning *warning);
GPtrArray     *marrow_warning_list_new     (void);

gboolean       marrow_record_validate      (MarrowRecord  *record,
                                            GDateTime     *now,
                                            GPtrArray     *warnings,
                                            GError       **error);
gboolean       marrow_record_validate_field (MarrowRecord *record,
                                             const char   *field,
                                             GDateTime    *now,
                                             GPtrArray    *warnings,
                                             GError      **error);

/* Helpers for entity rule functions */
gboolean       marrow_validate_require     (MarrowRecord  *record,
                                            const char    *field,
                                            const char    *why,
                                            GError       **error);
gboolean       marrow_text_is_blank        (const char    *text);
const char    *marrow_field_label          (MarrowRecord  *record,
                                            const char    *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowWarning, marrow_warning_free)

G_END_DECLS
