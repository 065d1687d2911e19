/* marrow-preferences-window.h: Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_PREFERENCES_WINDOW (marrow_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MarrowPreferencesWindow, marrow_preferences_window, MARROW,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

MarrowPreferencesWindow *marrow_preferences_window_new (GtkWindow   *parent,
                                                        MarrowStore *store);

G_END_DECLS
