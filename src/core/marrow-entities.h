/* marrow-entities.h: the record types of Marrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-entity.h"

G_BEGIN_DECLS

extern const MarrowEntityDef marrow_entity_staff;
extern const MarrowEntityDef marrow_entity_patient;

G_END_DECLS
