/* marrow-form-tree.c: a form with the forms of its child records, as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A processing run is edited with its QC tests and product lots, and a lot
 * with its aliquots.  Each child record has a MarrowForm of its own, so it
 * is bound, validated and marked exactly like any other record; the parent
 * names its children through the collect_children vfunc.  The dialog asks
 * these functions instead of the single form: the tree is valid when every
 * form is, modified when any form is or a child is new, and its problem is
 * the first form's that has one.
 */
#define G_LOG_DOMAIN "marrow-form-tree"

#include "config.h"

#include "marrow-form-tree.h"

static void
collect (MarrowForm *form,
         GPtrArray  *forms)
{
  MarrowFormClass *klass = MARROW_FORM_GET_CLASS (form);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();

  g_ptr_array_add (forms, form);
  if (klass->collect_children == NULL)
    return;
  klass->collect_children (form, children);
  for (guint i = 0; i < children->len; i++)
    collect (children->pdata[i], forms);
}

/**
 * marrow_form_tree_list:
 * @root: a #MarrowForm
 *
 * Returns: (transfer container) (element-type MarrowForm): @root, then the
 *   forms of its children depth first (a lot before its aliquots)
 */
GPtrArray *
marrow_form_tree_list (MarrowForm *root)
{
  GPtrArray *forms = g_ptr_array_new ();

  g_return_val_if_fail (MARROW_IS_FORM (root), forms);

  collect (root, forms);
  return forms;
}

/**
 * marrow_form_tree_is_valid:
 * @root: a #MarrowForm
 *
 * Returns: whether no form of the tree breaks a hard limit
 */
gboolean
marrow_form_tree_is_valid (MarrowForm *root)
{
  g_autoptr(GPtrArray) forms = NULL;

  g_return_val_if_fail (MARROW_IS_FORM (root), FALSE);

  forms = marrow_form_tree_list (root);
  for (guint i = 0; i < forms->len; i++)
    if (!marrow_form_is_valid (forms->pdata[i]))
      return FALSE;
  return TRUE;
}

/**
 * marrow_form_tree_is_modified:
 * @root: a #MarrowForm
 *
 * Returns: whether a form of the tree was modified, or a child record is
 *   new (added since the tree was shown)
 */
gboolean
marrow_form_tree_is_modified (MarrowForm *root)
{
  g_autoptr(GPtrArray) forms = NULL;

  g_return_val_if_fail (MARROW_IS_FORM (root), FALSE);

  forms = marrow_form_tree_list (root);
  for (guint i = 0; i < forms->len; i++)
    if (marrow_form_is_modified (forms->pdata[i]) ||
        (i > 0 && marrow_form_get_is_new (forms->pdata[i])))
      return TRUE;
  return FALSE;
}

/**
 * marrow_form_tree_get_problem:
 * @root: a #MarrowForm
 *
 * Returns: (nullable): the first problem of a form of the tree
 *   (marrow_form_get_problem())
 */
const char *
marrow_form_tree_get_problem (MarrowForm *root)
{
  g_autoptr(GPtrArray) forms = NULL;

  g_return_val_if_fail (MARROW_IS_FORM (root), NULL);

  forms = marrow_form_tree_list (root);
  for (guint i = 0; i < forms->len; i++)
    if (marrow_form_get_problem (forms->pdata[i]) != NULL)
      return marrow_form_get_problem (forms->pdata[i]);
  return NULL;
}

/**
 * marrow_form_tree_show_all_errors:
 * @root: a #MarrowForm
 *
 * marrow_form_show_all_errors() on every form of the tree.
 */
void
marrow_form_tree_show_all_errors (MarrowForm *root)
{
  g_autoptr(GPtrArray) forms = NULL;

  g_return_if_fail (MARROW_IS_FORM (root));

  forms = marrow_form_tree_list (root);
  for (guint i = 0; i < forms->len; i++)
    marrow_form_show_all_errors (forms->pdata[i]);
}

/**
 * marrow_form_tree_show_error:
 * @root: a #MarrowForm
 * @error: an error the store returned on save
 *
 * Shows @error below its field in the first form of the tree whose record
 * has that field and binds it.
 *
 * Returns: %TRUE if a form shows @error
 */
gboolean
marrow_form_tree_show_error (MarrowForm   *root,
                             const GError *error)
{
  g_autoptr(GPtrArray) forms = NULL;

  g_return_val_if_fail (MARROW_IS_FORM (root), FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  forms = marrow_form_tree_list (root);
  for (guint i = 0; i < forms->len; i++)
    if (marrow_form_show_error (forms->pdata[i], error))
      return TRUE;
  return FALSE;
}
