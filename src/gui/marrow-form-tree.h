/* marrow-form-tree.h: a form with the forms of its child records, as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

GPtrArray  *marrow_form_tree_list            (MarrowForm   *root);
gboolean    marrow_form_tree_is_valid        (MarrowForm   *root);
gboolean    marrow_form_tree_is_modified     (MarrowForm   *root);
const char *marrow_form_tree_get_problem     (MarrowForm   *root);
void        marrow_form_tree_show_all_errors (MarrowForm   *root);
gboolean    marrow_form_tree_show_error      (MarrowForm   *root,
                                              const GError *error);

G_END_DECLS
