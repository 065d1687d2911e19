/* marrow-guidance-context.c: dose, route and regulatory context (rule G6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Informational only: nothing here changes the classification or the
 * recommendation (guidance-evidence.md 2.6: there is no validated minimum
 * or optimal dose).
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>

#include "marrow-guidance-private.h"

static gboolean
is_expanded (MarrowGuidanceProduct product)
{
  return product == MARROW_GUIDANCE_PRODUCT_EXPANDED_AUTOLOGOUS ||
         product == MARROW_GUIDANCE_PRODUCT_EXPANDED_ALLOGENEIC ||
         product == MARROW_GUIDANCE_PRODUCT_UC_MSC;
}

static void
dose_context (MarrowGuidanceWork *work)
{
  const MarrowGuidanceInjection *last;
  double low = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_EXPANDED_DOSE_MIN);
  double high = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_EXPANDED_DOSE_MAX);
  double tnc = _marrow_guidance_param (work, MARROW_GUIDANCE_PARAM_BMAC_TNC);

  if (work->last_cell < 0)
    return;
  last = &g_array_index (work->snapshot->injections, MarrowGuidanceInjection, work->last_cell);

  if (is_expanded (last->product) && last->route == MARROW_GUIDANCE_ROUTE_INTRA_ARTICULAR &&
      !isnan (last->viable_cells) && (last->viable_cells < low || last->viable_cells > high))
    {
      work->eval->flags |= MARROW_GUIDANCE_FLAG_DOSE_CONTEXT;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_DOSE_EXPANDED, NULL, NULL, 3,
                                      last->viable_cells, low, high);
    }
  else if (last->product == MARROW_GUIDANCE_PRODUCT_BMAC && !isnan (last->tnc_cells))
    {
      if (last->tnc_cells <= tnc)
        {
          work->eval->flags |= MARROW_GUIDANCE_FLAG_DOSE_CONTEXT;
          _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_DOSE_BMAC_LOW, NULL, NULL, 2,
                                          last->tnc_cells, tnc);
        }
      else
        _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_DOSE_BMAC, NULL, NULL, 2,
                                        last->tnc_cells, tnc);
    }
}

void
_marrow_guidance_context (MarrowGuidanceWork *work)
{
  const GArray *injections = work->snapshot->injections;
  const MarrowGuidanceInjection *unauthorised = NULL;
  const MarrowGuidanceInjection *last_iv = NULL;
  guint n_iv = 0;

  dose_context (work);

  for (guint i = 0; i < work->n_injections; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (injections,
                                                                 MarrowGuidanceInjection, i);

      if (injection->route == MARROW_GUIDANCE_ROUTE_INTRAVENOUS)
        {
          last_iv = injection;
          n_iv++;
        }
      /* allogeneic, UC-derived and culture-expanded products are all expanded */
      if (unauthorised == NULL && !injection->ind_recorded && is_expanded (injection->product))
        unauthorised = injection;
    }

  if (last_iv != NULL)
    {
      work->eval->flags |= MARROW_GUIDANCE_FLAG_IV_ROUTE;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_IV_ROUTE, NULL, NULL, 2,
                                      (double)n_iv, last_iv->cells_per_kg);
    }
  if (unauthorised != NULL && work->protocol->us_compliance)
    {
      work->eval->flags |= MARROW_GUIDANCE_FLAG_COMPLIANCE_WARNING;
      _marrow_guidance_add_statement (work, MARROW_GUIDANCE_STMT_COMPLIANCE,
                                      marrow_guidance_product_to_string (unauthorised->product),
                                      NULL, 0);
    }
}
