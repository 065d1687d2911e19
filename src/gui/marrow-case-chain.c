/* marrow-case-chain.c: a case's treatment chain, harvest to lot to injection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard's "Treatment" list (issue 7, point 3): one row per
 * injection of the case, with its dose, and the lots and harvests its
 * cells came from.  Read from the injection back, through its injected
 * products, their aliquots, the lots, the lots' processing runs and the
 * runs' inputs: a few indexed lookups per injection, nothing of other
 * cases.  The timeline (marrow-timeline.c) lists the same records one by
 * one, with harvests still waiting for an injection.
 */
#define G_LOG_DOMAIN "marrow-case-chain"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-assessment-time-point.h"
#include "marrow-case-chain.h"
#include "marrow-dashboard-row.h"
#include "marrow-date-entry.h"
#include "marrow-code-labels.h"
#include "marrow-entities.h"
#include "marrow-form-labels.h"
#include "marrow-timeline.h"

void
marrow_case_chain_link_free (MarrowCaseChainLink *link)
{
  if (link == NULL)
    return;
  g_clear_object (&link->injection);
  g_clear_pointer (&link->lots, g_ptr_array_unref);
  g_clear_pointer (&link->harvests, g_ptr_array_unref);
  g_free (link);
}

static gboolean
contains (GPtrArray  *records,
          const char *id)
{
  for (guint i = 0; i < records->len; i++)
    if (g_strcmp0 (marrow_record_get_id (records->pdata[i]), id) == 0)
      return TRUE;
  return FALSE;
}

/* The harvests that went into @lot's processing run */
static gboolean
add_harvests (MarrowStore   *store,
              MarrowRecord  *lot,
              GPtrArray     *harvests,
              GError       **error)
{
  g_autoptr(GPtrArray) inputs = NULL;

  if (marrow_record_is_null (lot, "processing_run_id"))
    return TRUE;
  inputs = marrow_store_find_by (store, &marrow_entity_processing_input, "processing_run_id",
                                 marrow_record_get_text (lot, "processing_run_id"), NULL, error);
  if (inputs == NULL)
    return FALSE;
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *harvest_id = marrow_record_get_text (inputs->pdata[i], "harvest_id");
      MarrowRecord *harvest;

      if (contains (harvests, harvest_id))
        continue;
      harvest = marrow_store_lookup (store, &marrow_entity_harvest, harvest_id, error);
      if (harvest == NULL)
        return FALSE;
      if (marrow_record_is_voided (harvest))
        g_object_unref (harvest);
      else
        g_ptr_array_add (harvests, harvest);
    }
  return TRUE;
}

static MarrowCaseChainLink *
read_link (MarrowStore   *store,
           MarrowRecord  *injection,
           GError       **error)
{
  g_autoptr(MarrowCaseChainLink) link = g_new0 (MarrowCaseChainLink, 1);
  g_autoptr(GPtrArray) products = NULL;

  link->injection = g_object_ref (injection);
  link->lots = g_ptr_array_new_with_free_func (g_object_unref);
  link->harvests = g_ptr_array_new_with_free_func (g_object_unref);
  products = marrow_store_find_by (store, &marrow_entity_injection_product, "injection_id",
                                   marrow_record_get_id (injection), NULL, error);
  if (products == NULL)
    return NULL;
  for (guint p = 0; p < products->len; p++)
    {
      g_autoptr(MarrowRecord) aliquot = NULL;
      MarrowRecord *lot;
      const char *lot_id;

      aliquot = marrow_store_lookup (store, &marrow_entity_product_aliquot,
                                     marrow_record_get_text (products->pdata[p], "aliquot_id"), error);
      if (aliquot == NULL)
        return NULL;
      lot_id = marrow_record_get_text (aliquot, "lot_id");
      if (contains (link->lots, lot_id))
        continue;
      lot = marrow_store_lookup (store, &marrow_entity_product_lot, lot_id, error);
      if (lot == NULL)
        return NULL;
      g_ptr_array_add (link->lots, lot);
      if (!add_harvests (store, lot, link->harvests, error))
        return NULL;
    }
  return g_steal_pointer (&link);
}

/**
 * marrow_case_chain_read:
 * @store: the store
 * @joint_case: a stored joint case
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type MarrowCaseChainLink) (nullable):
 *   one link per injection of @joint_case that is not voided, the earliest
 *   first, or %NULL with @error set
 */
GPtrArray *
marrow_case_chain_read (MarrowStore   *store,
                        MarrowRecord  *joint_case,
                        GError       **error)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) injections = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);
  g_return_val_if_fail (MARROW_IS_RECORD (joint_case), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  injections = marrow_store_find_by (store, &marrow_entity_injection, "joint_case_id",
                                     marrow_record_get_id (joint_case), "performed_at", error);
  if (injections == NULL)
    return NULL;
  links = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_case_chain_link_free);
  for (guint i = 0; i < injections->len; i++)
    {
      MarrowCaseChainLink *link = read_link (store, injections->pdata[i], error);

      if (link == NULL)
        return NULL;
      g_ptr_array_add (links, link);
    }
  return g_steal_pointer (&links);
}

static char *
describe (const char *kind,
          const char *code,
          const char *detail)
{
  if (code == NULL || *code == '\0')
    code = C_("treatment chain", "without ID");
  if (detail == NULL || *detail == '\0')
    /* Translators: a step of a treatment chain: what it is and its ID, e.g. "Lot MRW-26-0007-L1" */
    return g_strdup_printf (C_("treatment chain", "%s %s"), kind, code);
  /* Translators: a step of a treatment chain with a detail, e.g.
   * "Harvest MRW-26-0007, Bone marrow" */
  return g_strdup_printf (C_("treatment chain", "%s %s, %s"), kind, code, detail);
}

/**
 * marrow_case_chain_describe_source:
 * @link: a link
 *
 * Returns: (transfer full): where the injection's cells came from, e.g.
 *   "Harvest MRW0126000123W, Bone marrow → Lot MRW0126000123W-L1, Bone
 *   marrow aspirate concentrate (BMAC)"
 */
char *
marrow_case_chain_describe_source (const MarrowCaseChainLink *link)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (link != NULL, NULL);

  for (guint h = 0; h < link->harvests->len; h++)
    {
      MarrowRecord *harvest = link->harvests->pdata[h];
      g_autofree char *step = describe (C_("treatment chain", "Harvest"),
                                        marrow_record_get_text (harvest, "coi_id"),
                                        marrow_record_code_label (harvest, "tissue"));

      if (text->len > 0)
        g_string_append (text, C_("treatment chain", " + "));
      g_string_append (text, step);
    }
  for (guint l = 0; l < link->lots->len; l++)
    {
      MarrowRecord *lot = link->lots->pdata[l];
      g_autofree char *step = describe (C_("treatment chain", "Lot"), marrow_record_get_text (lot, "coi_id"),
                                        marrow_record_code_label (lot, "category"));

      if (text->len > 0)
        g_string_append (text, l == 0 ? C_("treatment chain", " → ") : C_("treatment chain", " + "));
      g_string_append (text, step);
    }
  if (text->len == 0)
    g_string_append (text, _("No product recorded"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * marrow_case_chain_row_new:
 * @link: a link of marrow_case_chain_read()
 *
 * Returns: (transfer floating): a row with the injection's day, dose and
 *   source; its name is the injection's UUID
 */
GtkWidget *
marrow_case_chain_row_new (const MarrowCaseChainLink *link)
{
  g_autofree char *title = NULL;
  g_autofree char *source = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *accessible = NULL;
  const char *performed_at;
  GtkWidget *row;
  GtkWidget *date;

  g_return_val_if_fail (link != NULL, NULL);

  title = marrow_timeline_describe_injection (link->injection);
  source = marrow_case_chain_describe_source (link);
  performed_at = marrow_record_get_text (link->injection, "performed_at");
  if (performed_at != NULL)
    {
      g_autofree char *iso = marrow_day_format (marrow_instant_local_day (performed_at));

      day_text = marrow_date_entry_format_date (iso);
    }
  else
    day_text = g_strdup (_("No date"));

  row = marrow_dashboard_row_new (title, source);
  marrow_dashboard_row_set_title_lines (MARROW_DASHBOARD_ROW (row), 2);
  marrow_dashboard_row_set_subtitle_lines (MARROW_DASHBOARD_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, marrow_record_get_id (link->injection));
  date = g_object_new (GTK_TYPE_LABEL,
                       "label", day_text,
                       "width-chars", 10,
                       "xalign", 0.0f,
                       "css-classes", (const char *[]) { "numeric", "dim-label", NULL },
                       NULL);
  marrow_dashboard_row_add_prefix (MARROW_DASHBOARD_ROW (row), date);
  marrow_dashboard_row_add_suffix (MARROW_DASHBOARD_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "go-next-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  /* Translators: a treatment chain row for a screen reader: day, injection
   * with its dose, where its cells came from */
  accessible = g_strdup_printf (_("%s, %s, from %s"), day_text, title, source);
  marrow_dashboard_row_set_accessible_label (MARROW_DASHBOARD_ROW (row), accessible);
  return row;
}
