/* marrow-demo.h: the demo practice's own details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_DEMO_PRACTICE_URI "resource:///io/github/marrow/Marrow/exchange/demo-practice.xml"

gboolean marrow_demo_set_practice_details (MarrowStore  *store,
                                           GError      **error);

G_END_DECLS
