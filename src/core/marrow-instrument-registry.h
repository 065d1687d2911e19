/* marrow-instrument-registry.h: every instrument Marrow knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-instrument.h"

G_BEGIN_DECLS

#define MARROW_TYPE_INSTRUMENT_REGISTRY (marrow_instrument_registry_get_type ())

G_DECLARE_FINAL_TYPE (MarrowInstrumentRegistry, marrow_instrument_registry, MARROW,
                      INSTRUMENT_REGISTRY, GObject)

MarrowInstrumentRegistry *marrow_instrument_registry_new            (void);
MarrowInstrumentRegistry *marrow_instrument_registry_load_default   (GError                  **error);
char                     *marrow_instrument_registry_user_directory (void);

gboolean                  marrow_instrument_registry_load_bundled   (MarrowInstrumentRegistry *self,
                                                                     GError                  **error);
gboolean                  marrow_instrument_registry_load_directory (MarrowInstrumentRegistry *self,
                                                                     const char               *path,
                                                                     GError                  **error);
gboolean                  marrow_instrument_registry_add            (MarrowInstrumentRegistry *self,
                                                                     MarrowInstrument         *instrument,
                                                                     gboolean                  is_override,
                                                                     GError                  **error);

MarrowInstrument         *marrow_instrument_registry_lookup         (MarrowInstrumentRegistry *self,
                                                                     const char               *id,
                                                                     const char               *version);
MarrowInstrument         *marrow_instrument_registry_lookup_checked (MarrowInstrumentRegistry *self,
                                                                     const char               *id,
                                                                     const char               *version,
                                                                     GError                  **error);
GPtrArray                *marrow_instrument_registry_list           (MarrowInstrumentRegistry *self);

G_END_DECLS
