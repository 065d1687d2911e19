/* marrow-strict-json.h: is the input one RFC 8259 JSON text?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run before json-glib on every JSON marrow-cli reads (see the .c file for
 * what json-glib 1.6 would otherwise accept).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean marrow_strict_json_check (const char  *data,
                                   gsize        len,
                                   GError     **error);

G_END_DECLS
