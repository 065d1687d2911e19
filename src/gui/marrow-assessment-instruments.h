/* marrow-assessment-instruments.h: the questionnaires the store knows, as form choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-form.h"

G_BEGIN_DECLS

gboolean marrow_assessment_bind_instruments (MarrowForm   *form,
                                             const char   *field,
                                             AdwComboRow  *row,
                                             MarrowStore  *store,
                                             GError      **error);

G_END_DECLS
