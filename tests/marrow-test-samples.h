/* marrow-test-samples.h: valid sample records for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record.h"

G_BEGIN_DECLS

GPtrArray    *marrow_test_sample_chain (void);
MarrowRecord *marrow_test_sample_find  (GPtrArray  *chain,
                                        const char *entity_name);

G_END_DECLS
