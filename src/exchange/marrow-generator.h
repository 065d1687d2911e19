/* marrow-generator.h: a fictional practice, for demonstrations and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "marrow-exchange.h"
#include "marrow-store.h"

G_BEGIN_DECLS

/* The patients of the curated demo practice (options->n_patients is ignored) */
#define MARROW_GENERATOR_DEMO_PATIENTS 44

/**
 * MarrowGeneratorOptions:
 * @n_patients: how many synthetic patients to make; ignored when @demo is set
 * @seed: the seed of every random choice: the same seed and the same @today
 *   give the same records, with the same ids
 * @demo: make the curated demo practice instead of @n_patients random ones
 * @today: (nullable): the last day of the generated history, %NULL for now;
 *   it may not lie in the future
 */
typedef struct
{
  guint      n_patients;
  guint32    seed;
  gboolean   demo;
  GDateTime *today;
} MarrowGeneratorOptions;

gboolean marrow_generate_practice (MarrowStore                  *store,
                                   const MarrowGeneratorOptions *options,
                                   MarrowExchangeProgress        progress,
                                   gpointer                      progress_data,
                                   GCancellable                 *cancellable,
                                   GError                      **error);

G_END_DECLS
