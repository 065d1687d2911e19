/* marrow-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_WINDOW (marrow_window_get_type ())

G_DECLARE_FINAL_TYPE (MarrowWindow, marrow_window, MARROW, WINDOW, AdwApplicationWindow)

MarrowWindow *marrow_window_new             (GtkApplication *application);
MarrowStore  *marrow_window_get_store       (MarrowWindow   *self);
void          marrow_window_set_store       (MarrowWindow   *self,
                                             MarrowStore    *store);
const char   *marrow_window_get_patient_order (MarrowWindow *self);
void          marrow_window_set_patient_order (MarrowWindow *self,
                                               const char   *order);
void          marrow_window_set_demo        (MarrowWindow   *self,
                                             gboolean        demo);
void          marrow_window_show_open_error (MarrowWindow   *self,
                                             const char     *location,
                                             const GError   *error);

G_END_DECLS
