/* marrow-guidance-panel-labels.h: the guidance engine's codes in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names live in the core (marrow-guidance-labels.c), where the
 * printed reports find them too.
 */
#pragma once

#include "marrow-guidance-labels.h"
