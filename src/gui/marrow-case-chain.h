/* marrow-case-chain.h: a case's treatment chain, harvest to lot to injection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

/**
 * MarrowCaseChainLink:
 * @injection: an injection of the case
 * @lots: (element-type MarrowRecord): the product lots it gave, in the
 *   order of its injected products
 * @harvests: (element-type MarrowRecord): the harvests those lots were
 *   made from (none for an allogeneic lot)
 *
 * One injection of a case and where its cells came from.
 */
typedef struct
{
  MarrowRecord *injection;
  GPtrArray    *lots;
  GPtrArray    *harvests;
} MarrowCaseChainLink;

void       marrow_case_chain_link_free (MarrowCaseChainLink  *link);
GPtrArray *marrow_case_chain_read      (MarrowStore          *store,
                                        MarrowRecord         *joint_case,
                                        GError              **error);
char      *marrow_case_chain_describe_source (const MarrowCaseChainLink *link);
GtkWidget *marrow_case_chain_row_new   (const MarrowCaseChainLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowCaseChainLink, marrow_case_chain_link_free)

G_END_DECLS
