/* marrow-adverse-event-form.h: the form of an adverse event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

#define MARROW_TYPE_ADVERSE_EVENT_FORM (marrow_adverse_event_form_get_type ())

G_DECLARE_FINAL_TYPE (MarrowAdverseEventForm, marrow_adverse_event_form, MARROW,
                      ADVERSE_EVENT_FORM, MarrowForm)

G_END_DECLS
