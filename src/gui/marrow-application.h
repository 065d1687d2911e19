/* marrow-application.h: the application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MARROW_TYPE_APPLICATION (marrow_application_get_type ())

G_DECLARE_FINAL_TYPE (MarrowApplication, marrow_application, MARROW, APPLICATION, AdwApplication)

MarrowApplication *marrow_application_new               (void);
void               marrow_application_set_start_time    (MarrowApplication *self,
                                                         gint64             monotonic_us);
int                marrow_application_get_exit_status   (MarrowApplication *self);
GtkWindow         *marrow_application_show_about        (MarrowApplication *self);
GtkWindow         *marrow_application_show_preferences  (MarrowApplication *self);

G_END_DECLS
