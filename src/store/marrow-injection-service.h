/* marrow-injection-service.h: chain-of-identity operations over any MarrowStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cross-entity operations of domain model 6 that move products along
 * the chain of identity: releasing a lot, changing an aliquot's status and
 * finalising an injection.  Each one reads through the MarrowStore
 * interface, lets the pure core decide (marrow-lot-state.h,
 * marrow-injection-check.h) and saves its changes with their audit rows in
 * one marrow_store_apply(), so they work on every store implementation.
 */
#pragma once

#include "marrow-store.h"

G_BEGIN_DECLS

gboolean marrow_store_finalise_injection (MarrowStore   *store,
                                          MarrowRecord  *injection,
                                          GPtrArray     *products,
                                          GDateTime     *now,
                                          GPtrArray     *warnings,
                                          GError       **error);
gboolean marrow_store_finalise_injection_full (MarrowStore     *store,
                                               MarrowRecord    *injection,
                                               GPtrArray       *products,
                                               MarrowChangeSet *also,
                                               GDateTime       *now,
                                               GPtrArray       *warnings,
                                               GError         **error);
gboolean marrow_store_release_lot        (MarrowStore   *store,
                                          MarrowRecord  *lot,
                                          const char    *basis,
                                          const char    *note,
                                          GDateTime     *now,
                                          GError       **error);
gboolean marrow_store_reject_lot         (MarrowStore   *store,
                                          MarrowRecord  *lot,
                                          const char    *reason,
                                          GDateTime     *now,
                                          GError       **error);
gboolean marrow_store_transition_aliquot (MarrowStore   *store,
                                          MarrowRecord  *aliquot,
                                          const char    *to_state,
                                          const char    *reason,
                                          GDateTime     *now,
                                          GError       **error);

G_END_DECLS
