/* marrow-demo.c: the demo practice's own details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo practice's records come from an archive (data/demo/), but
 * archives do not carry a site's settings (docs/archive.md), so a demo
 * database would print its reports under "Practice name not set".  This
 * gives it the fictional practice's name, address and phone, the way a new
 * user would see a configured practice.  Settings already made are kept.
 */
#include "config.h"

#include "marrow-demo.h"

#include "marrow-validate.h"

static const struct
{
  const char *key;
  const char *value;
} practice[] = {
  /* Fictional, like every patient of the demo; 555-01xx numbers are reserved
   * for fiction */
  { "site_name", "Lakeside Orthobiologics (demo practice)" },
  { "practice_address", "120 Harbor Drive, Suite 4, Springfield, IL 62701" },
  { "practice_phone", "+1 312 555 0100" },
};

/**
 * marrow_demo_set_practice_details:
 * @store: the demo practice's database
 * @error: return location for an error
 *
 * Sets the demo practice's name, address and phone wherever the database
 * has none yet.  Each is one audited settings change.
 *
 * Returns: %TRUE on success
 */
gboolean
marrow_demo_set_practice_details (MarrowStore  *store,
                                  GError      **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (practice); i++)
    {
      g_autofree char *value = NULL;

      if (!marrow_store_get_setting (store, practice[i].key, &value, error))
        return FALSE;
      if (!marrow_text_is_blank (value))
        continue;
      if (!marrow_store_set_setting (store, practice[i].key, practice[i].value, FALSE, error))
        return FALSE;
    }
  return TRUE;
}
