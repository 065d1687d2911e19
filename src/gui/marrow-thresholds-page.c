/* marrow-thresholds-page.c: the guidance protocols' MCIDs and the practice's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group per protocol, one expander row per score: the protocol's MCID
 * and PASS with their citations (read-only), and an entry for the
 * practice's own MCID, saved as the database setting
 * mcid_override.<protocol>.<instrument>.<score> (audited as a
 * config_change).  Guidance applies it (marrow_guidance_protocols_load()).
 */
#define G_LOG_DOMAIN "marrow-thresholds-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "marrow-field-message.h"
#include "marrow-form.h"
#include "marrow-guidance-overrides.h"
#include "marrow-guidance-settings.h"
#include "marrow-number.h"
#include "marrow-thresholds-page.h"

/* One score's override entry */
typedef struct
{
  MarrowThresholdsPage *page;           /* unowned */
  MarrowGuidanceSource  source;         /* unowned strings: the protocol outlives the page's rows */
  MarrowGuidanceProtocol *protocol;     /* owned */
  char                 *key;
  char                 *saved;          /* the stored value, "" for none */
  GtkWidget            *expander;
  GtkWidget            *entry;
  GtkWidget            *message;
} Threshold;

struct _MarrowThresholdsPage
{
  AdwPreferencesPage  parent_instance;

  MarrowStore        *store;
  GPtrArray          *groups;           /* AdwPreferencesGroup shown */
  GHashTable         *thresholds;       /* setting key -> Threshold */
};

G_DEFINE_FINAL_TYPE (MarrowThresholdsPage, marrow_thresholds_page, ADW_TYPE_PREFERENCES_PAGE)

static void
threshold_free (gpointer data)
{
  Threshold *threshold = data;

  marrow_guidance_protocol_unref (threshold->protocol);
  g_free (threshold->key);
  g_free (threshold->saved);
  g_free (threshold);
}

static char *
describe_value (const MarrowGuidanceValue *value)
{
  g_autofree char *number = marrow_number_to_string (value->value);

  /* Translators: a threshold, its evidence class and its source:
   * "10 (registry): Roos EM, Lohmander LS. …" */
  return g_strdup_printf (_("%s (%s): %s"), number,
                          marrow_guidance_evidence_get_label (value->citation.evidence),
                          value->citation.text != NULL ? value->citation.text : "");
}

static void
update_subtitle (Threshold *threshold)
{
  g_autofree char *mcid = marrow_number_to_string (threshold->source.mcid.value);
  g_autofree char *subtitle = NULL;

  if (*threshold->saved != '\0')
    /* Translators: the practice's MCID, then the protocol's */
    subtitle = g_strdup_printf (_("MCID %s (practice; protocol %s)"), threshold->saved, mcid);
  else
    subtitle = g_strdup_printf (_("MCID %s"), mcid);
  if (isfinite (threshold->source.pass.value))
    {
      g_autofree char *pass = marrow_number_to_string (threshold->source.pass.value);
      g_autofree char *both = g_strdup_printf (_("%s · PASS %s"), subtitle, pass);

      g_free (subtitle);
      subtitle = g_steal_pointer (&both);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (threshold->expander), subtitle);
}

/* The entry's value as a setting: "" for none, else the MCID as a number
 * that reads back exactly; NULL with the message shown when invalid */
static char *
read_entry (Threshold *threshold)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (threshold->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  double value;

  if (*stripped == '\0')
    {
      marrow_field_message_show (threshold->message, threshold->entry, NULL);
      return g_strdup ("");
    }
  if (!marrow_guidance_mcid_override_parse (&threshold->source, stripped, &value, &error))
    {
      marrow_field_message_show (threshold->message, threshold->entry, error->message);
      return NULL;
    }
  marrow_field_message_show (threshold->message, threshold->entry, NULL);
  return marrow_number_to_string (value);
}

static void
entry_changed_cb (GtkEditable *editable,
                  Threshold   *threshold)
{
  g_free (read_entry (threshold));
}

static void
entry_apply_cb (AdwEntryRow *entry,
                Threshold   *threshold)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = read_entry (threshold);
  GtkWidget *window;

  if (value == NULL || g_strcmp0 (value, threshold->saved) == 0)
    return;
  if (!marrow_store_set_setting (threshold->page->store, threshold->key, value, FALSE, &error))
    {
      marrow_field_message_show (threshold->message, threshold->entry, error->message);
      return;
    }
  g_free (threshold->saved);
  threshold->saved = g_steal_pointer (&value);
  update_subtitle (threshold);

  window = gtk_widget_get_ancestor (GTK_WIDGET (threshold->page), ADW_TYPE_PREFERENCES_WINDOW);
  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window),
                                      adw_toast_new (*threshold->saved != '\0'
                                                     ? _("Practice MCID saved")
                                                     : _("The protocol's MCID applies again")));
}

static GtkWidget *
citation_row (const char                *title,
              const MarrowGuidanceValue *value,
              gboolean                   reference_only)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = describe_value (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (reference_only)
    {
      g_autofree char *note = g_strdup_printf (_("%s Shown as a reference only: it comes from "
                                                 "another population."), text);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
add_source (MarrowThresholdsPage       *self,
            AdwPreferencesGroup        *group,
            MarrowGuidanceProtocol     *protocol,
            const MarrowGuidanceSource *source,
            GHashTable                 *settings)
{
  Threshold *threshold = g_new0 (Threshold, 1);
  const char *saved;
  g_autofree char *entry_name = NULL;

  threshold->page = self;
  threshold->source = *source;
  threshold->protocol = marrow_guidance_protocol_ref (protocol);
  threshold->key = marrow_guidance_mcid_override_key (protocol->id, source->instrument,
                                                      source->score);
  saved = g_hash_table_lookup (settings, threshold->key);
  threshold->saved = g_strdup (saved != NULL ? saved : "");

  threshold->expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (threshold->expander), source->label);
  adw_preferences_group_add (group, threshold->expander);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (threshold->expander),
                            citation_row (_("MCID of the Protocol"), &source->mcid, FALSE));
  if (isfinite (source->pass.value))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (threshold->expander),
                              citation_row (_("PASS of the Protocol"), &source->pass,
                                            source->pass_is_reference));

  threshold->entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (threshold->entry), _("Practice MCID"));
  /* Set before the apply button is on, which would otherwise show at once */
  gtk_editable_set_text (GTK_EDITABLE (threshold->entry), threshold->saved);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (threshold->entry), TRUE);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (threshold->entry), 8);
  entry_name = g_strdup_printf (_("Practice MCID for %s, protocol %s"), source->label,
                                protocol->id);
  marrow_form_set_accessible_label (threshold->entry, entry_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (threshold->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Leave empty to use the protocol's MCID"), -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (threshold->expander), threshold->entry);
  threshold->message = marrow_field_message_new ();
  adw_expander_row_add_row (ADW_EXPANDER_ROW (threshold->expander), threshold->message);

  g_signal_connect (threshold->entry, "changed", G_CALLBACK (entry_changed_cb), threshold);
  g_signal_connect (threshold->entry, "apply", G_CALLBACK (entry_apply_cb), threshold);
  update_subtitle (threshold);
  g_hash_table_insert (self->thresholds, threshold->key, threshold);
}

static void
clear_groups (MarrowThresholdsPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self), self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->thresholds);
}

/**
 * marrow_thresholds_page_set_store:
 * @self: the page
 * @store: (nullable): the database whose overrides to show and save
 * @error: return location for a #GError
 *
 * Shows every protocol (bundled and the practice's files) with the
 * database's overrides.
 *
 * Returns: %FALSE with @error set if the protocols or settings could not be
 *   read; the page is then empty
 */
gboolean
marrow_thresholds_page_set_store (MarrowThresholdsPage  *self,
                                  MarrowStore           *store,
                                  GError               **error)
{
  g_autoptr(MarrowGuidanceProtocolRegistry) registry = NULL;
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GPtrArray) protocols = NULL;

  g_return_val_if_fail (MARROW_IS_THRESHOLDS_PAGE (self), FALSE);
  g_return_val_if_fail (store == NULL || MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_groups (self);
  g_set_object (&self->store, store);
  if (store == NULL)
    return TRUE;

  /* The protocols' own values: the overrides are shown beside them */
  registry = marrow_guidance_protocol_registry_load_default (error);
  if (registry == NULL)
    return FALSE;
  settings = marrow_guidance_settings_read (store, registry, error);
  if (settings == NULL)
    return FALSE;

  protocols = marrow_guidance_protocol_registry_list (registry);
  for (guint p = 0; p < protocols->len; p++)
    {
      MarrowGuidanceProtocol *protocol = protocols->pdata[p];
      GtkWidget *group = adw_preferences_group_new ();
      g_autofree char *description = NULL;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), protocol->title);
      description = g_strdup_printf (_("Protocol “%s”, version %s. A practice MCID replaces the "
                                       "protocol's in guidance for every workstation; evaluations "
                                       "then record the version as “%s%s”."),
                                     protocol->id, protocol->version, protocol->version,
                                     MARROW_GUIDANCE_OVERRIDE_VERSION_SUFFIX);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        for (guint i = 0; i < protocol->sources[d]->len; i++)
          add_source (self, ADW_PREFERENCES_GROUP (group), protocol,
                      &g_array_index (protocol->sources[d], MarrowGuidanceSource, i), settings);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->groups, group);
    }
  return TRUE;
}

/**
 * marrow_thresholds_page_get_entry:
 * @self: the page
 * @setting_key: mcid_override.<protocol>.<instrument>.<score>
 *
 * Returns: (transfer none) (nullable): the practice MCID entry of that score
 */
GtkWidget *
marrow_thresholds_page_get_entry (MarrowThresholdsPage *self,
                                  const char           *setting_key)
{
  Threshold *threshold;

  g_return_val_if_fail (MARROW_IS_THRESHOLDS_PAGE (self), NULL);
  g_return_val_if_fail (setting_key != NULL, NULL);

  threshold = g_hash_table_lookup (self->thresholds, setting_key);
  return threshold != NULL ? threshold->entry : NULL;
}

static void
marrow_thresholds_page_dispose (GObject *object)
{
  MarrowThresholdsPage *self = MARROW_THRESHOLDS_PAGE (object);

  /* The rows go first: their handlers point into the thresholds */
  G_OBJECT_CLASS (marrow_thresholds_page_parent_class)->dispose (object);

  g_clear_pointer (&self->thresholds, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->store);
}

static void
marrow_thresholds_page_class_init (MarrowThresholdsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = marrow_thresholds_page_dispose;
}

static void
marrow_thresholds_page_init (MarrowThresholdsPage *self)
{
  self->groups = g_ptr_array_new ();
  self->thresholds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, threshold_free);
}
