/* marrow-settings.h: the user's GSettings, when the schema is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *marrow_settings_new (void);

G_END_DECLS
