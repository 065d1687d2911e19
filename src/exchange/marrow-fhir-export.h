/* marrow-fhir-export.h: HL7 FHIR R4 (4.0.1) XML export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "marrow-exchange.h"
#include "marrow-store.h"

G_BEGIN_DECLS

gboolean marrow_fhir_export (MarrowStore                *store,
                             const MarrowExchangeScope  *scope,
                             GOutputStream              *out,
                             MarrowExchangeProgress      progress,
                             gpointer                    progress_data,
                             GCancellable               *cancellable,
                             GError                    **error);

G_END_DECLS
