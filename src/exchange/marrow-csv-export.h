/* marrow-csv-export.h: scores in long format, for analysis in R or Python
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The columns, the format and the pseudonyms are described at the top of
 * marrow-csv-export.c.
 */
#pragma once

#include <gio/gio.h>

#include "marrow-exchange.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/* The shortest key marrow_csv_export() accepts for pseudonyms, in bytes */
#define MARROW_CSV_PSEUDONYM_KEY_MIN_LENGTH 16

/**
 * MarrowCsvOptions:
 * @pseudonymise: drop the local patient id and the calendar dates, and
 *   replace the patient, case and assessment ids by keyed hashes
 * @pseudonym_key: (nullable): the secret key of the hashes, at least
 *   %MARROW_CSV_PSEUDONYM_KEY_MIN_LENGTH bytes.  The same key gives the same
 *   pseudonyms in every export, so follow-up exports can be merged.  %NULL
 *   uses a random key for this export only: its pseudonyms match nothing
 *   else.  Ignored unless @pseudonymise is set.
 */
typedef struct
{
  gboolean    pseudonymise;
  const char *pseudonym_key;
} MarrowCsvOptions;

gboolean marrow_csv_export (MarrowStore                *store,
                            const MarrowExchangeScope  *scope,
                            const MarrowCsvOptions     *options,
                            GOutputStream              *out,
                            MarrowExchangeProgress      progress,
                            gpointer                    progress_data,
                            GCancellable               *cancellable,
                            GError                    **error);

gboolean marrow_csv_site_pseudonym_key (MarrowStore  *store,
                                       char        **key,
                                       GError      **error);

G_END_DECLS
