/* marrow-guidance-snapshot.c: the inputs of one guidance evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Strings are interned, so the engine compares instrument and score names
 * by pointer and a snapshot copies nothing but numbers.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <math.h>

#include "marrow-guidance-snapshot.h"

/**
 * marrow_guidance_snapshot_new:
 * @case_id: the joint case's UUID
 * @joint: the joint
 *
 * Returns: (transfer full): an empty snapshot: no injections, no scores,
 *   KL grade, age and BMI unknown
 */
MarrowGuidanceSnapshot *
marrow_guidance_snapshot_new (const char          *case_id,
                              MarrowGuidanceJoint  joint)
{
  MarrowGuidanceSnapshot *self;

  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_new0 (MarrowGuidanceSnapshot, 1);
  self->case_id = g_strdup (case_id);
  self->joint = joint;
  self->kl_grade = -1;
  self->age_years = -1;
  self->bmi = NAN;
  self->injections = g_array_new (FALSE, FALSE, sizeof (MarrowGuidanceInjection));
  self->scores = g_array_new (FALSE, FALSE, sizeof (MarrowGuidanceScore));
  self->adverse_events = g_array_new (FALSE, FALSE, sizeof (MarrowGuidanceAdverseEvent));
  self->checklists = g_array_new (FALSE, FALSE, sizeof (MarrowGuidanceChecklist));
  self->other_injections = g_array_new (FALSE, FALSE, sizeof (MarrowGuidanceOtherInjection));
  return self;
}

void
marrow_guidance_snapshot_free (MarrowGuidanceSnapshot *self)
{
  if (self == NULL)
    return;
  g_free (self->case_id);
  g_array_unref (self->injections);
  g_array_unref (self->scores);
  g_array_unref (self->adverse_events);
  g_array_unref (self->checklists);
  g_array_unref (self->other_injections);
  g_free (self);
}

/* Inserts @item after every element whose day is not later: the array stays
 * in day order and equal days keep their order of addition.  The day is the
 * first member of every snapshot item. */
static void
insert_by_day (GArray        *array,
               gconstpointer  item)
{
  guint size = g_array_get_element_size (array);
  MarrowDay day = *(const MarrowDay *)item;
  guint at = array->len;

  while (at > 0 && *(const MarrowDay *)(array->data + (at - 1) * size) > day)
    at--;
  g_array_insert_vals (array, at, item, 1);
}

void
marrow_guidance_snapshot_add_injection (MarrowGuidanceSnapshot        *self,
                                        const MarrowGuidanceInjection *injection)
{
  MarrowGuidanceInjection copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (injection != NULL && injection->day > 0);

  copy = *injection;
  copy.id = g_intern_string (injection->id);
  insert_by_day (self->injections, &copy);
}

void
marrow_guidance_snapshot_add_score (MarrowGuidanceSnapshot *self,
                                    MarrowDay               day,
                                    const char             *instrument,
                                    const char             *score,
                                    double                  value)
{
  MarrowGuidanceScore item = { day, g_intern_string (instrument), g_intern_string (score), value };

  g_return_if_fail (self != NULL);
  g_return_if_fail (day > 0 && instrument != NULL && score != NULL);
  g_return_if_fail (isfinite (value));

  insert_by_day (self->scores, &item);
}

void
marrow_guidance_snapshot_add_adverse_event (MarrowGuidanceSnapshot           *self,
                                            const MarrowGuidanceAdverseEvent *event)
{
  MarrowGuidanceAdverseEvent copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (event != NULL && event->onset > 0 && event->category != NULL);

  copy = *event;
  copy.category = g_intern_string (event->category);
  insert_by_day (self->adverse_events, &copy);
}

void
marrow_guidance_snapshot_add_checklist (MarrowGuidanceSnapshot *self,
                                        MarrowDay               day,
                                        MarrowGuidanceRedFlags  flags)
{
  MarrowGuidanceChecklist item = { day, flags };

  g_return_if_fail (self != NULL);
  g_return_if_fail (day > 0);

  insert_by_day (self->checklists, &item);
}

void
marrow_guidance_snapshot_add_other_injection (MarrowGuidanceSnapshot *self,
                                              MarrowDay               day,
                                              const char             *kind)
{
  MarrowGuidanceOtherInjection item = { day, g_intern_string (kind) };

  g_return_if_fail (self != NULL);
  g_return_if_fail (day > 0 && kind != NULL);

  insert_by_day (self->other_injections, &item);
}

/**
 * marrow_guidance_snapshot_get_product:
 * @snapshot: a snapshot
 * @as_of: the evaluation day
 *
 * Returns: the product class of the last cell injection on or before
 *   @as_of, which picks the protocol; %MARROW_GUIDANCE_PRODUCT_UNKNOWN if
 *   there is none
 */
MarrowGuidanceProduct
marrow_guidance_snapshot_get_product (const MarrowGuidanceSnapshot *snapshot,
                                      MarrowDay                     as_of)
{
  MarrowGuidanceProduct product = MARROW_GUIDANCE_PRODUCT_UNKNOWN;

  g_return_val_if_fail (snapshot != NULL, MARROW_GUIDANCE_PRODUCT_UNKNOWN);

  for (guint i = 0; i < snapshot->injections->len; i++)
    {
      const MarrowGuidanceInjection *injection = &g_array_index (snapshot->injections,
                                                                 MarrowGuidanceInjection, i);

      if (injection->day <= as_of && injection->product != MARROW_GUIDANCE_PRODUCT_PRP_ONLY)
        product = injection->product;
    }
  return product;
}
