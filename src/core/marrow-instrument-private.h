/* marrow-instrument-private.h: what the loader fills in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only marrow-instrument*.c include this.
 */
#pragma once

#include "marrow-instrument.h"

G_BEGIN_DECLS

struct _MarrowInstrument
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *description;
  char       *version;
  char       *joint;
  char       *source;
  char       *licence;
  gboolean    free_to_use;

  GPtrArray  *items;              /* MarrowInstrumentItem */
  GHashTable *item_index;         /* id -> index + 1 */
  GPtrArray  *scores;             /* MarrowInstrumentScore */
  GPtrArray  *scoring_versions;   /* MarrowScoringVersion */
  GPtrArray  *thresholds;         /* MarrowThreshold */
  GPtrArray  *derivations;        /* MarrowDerivation */
};

MarrowInstrumentItem  *_marrow_instrument_item_new        (void);
MarrowInstrumentScore *_marrow_instrument_score_new       (void);
MarrowInstrumentOption *_marrow_instrument_option_new     (double       value,
                                                           const char  *label);
void                   _marrow_instrument_option_free     (gpointer     data);
MarrowMissingRule     *_marrow_missing_rule_new           (void);
MarrowScoringVersion  *_marrow_scoring_version_new        (void);
MarrowThreshold       *_marrow_threshold_new              (void);
MarrowDerivation      *_marrow_derivation_new             (void);
void                   _marrow_instrument_index_items     (MarrowInstrument *self);

void                   _marrow_instrument_error_set       (GError     **error,
                                                           MarrowInstrumentError code,
                                                           const char  *item,
                                                           const char  *format,
                                                           ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
