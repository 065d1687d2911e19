/* marrow-canonical-json.h: the one JSON form used for hashing and audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "marrow-record.h"

G_BEGIN_DECLS

void  marrow_json_append_string  (GString      *out,
                                  const char   *value);
void  marrow_json_append_int     (GString      *out,
                                  gint64        value);
void  marrow_json_append_real    (GString      *out,
                                  double        value);
char *marrow_record_to_canonical_json (MarrowRecord *record);

G_END_DECLS
