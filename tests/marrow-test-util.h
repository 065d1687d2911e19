/* marrow-test-util.h: small helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-store.h"

G_BEGIN_DECLS

void marrow_test_remove_tree     (const char  *path);
void marrow_test_mark_user_dirs  (void);
void marrow_test_insert_patients (MarrowStore *store,
                                  guint        n_patients,
                                  const char  *family_prefix,
                                  guint        first_number);

G_END_DECLS
