/* marrow-number.h: numbers as text that reads back exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *marrow_number_to_string (double value);

G_END_DECLS
