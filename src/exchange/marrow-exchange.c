/* marrow-exchange.c: what every import and export shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "marrow-exchange.h"

G_DEFINE_QUARK (marrow-exchange-error-quark, marrow_exchange_error)
