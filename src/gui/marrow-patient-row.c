/* marrow-patient-row.c: rows of the patient list, and how a patient reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row shows the name, the medical record number and the date of birth:
 * what a receptionist compares with the chart in front of them.  The list
 * holds up to 100 000 patients and recycles its rows, so a row is built
 * once (setup) and only relabelled: when it is bound to a slot of the
 * MarrowStableList, and when a new search puts another patient in the slot.
 */
#define G_LOG_DOMAIN "marrow-patient-row"

#include "config.h"

#include <glib/gi18n.h>

#include "marrow-patient-row.h"
#include "marrow-stable-list.h"
#include "marrow-time.h"

/* Widgets of one row, kept on the row box so bind does not search for them. */
#define ROW_NAME_LABEL    "marrow-name-label"
#define ROW_DETAILS_LABEL "marrow-details-label"

/**
 * marrow_patient_format_date:
 * @date: (nullable): a stored date, YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): the date as people read it, %NULL
 *   for no date
 */
char *
marrow_patient_format_date (const char *date)
{
  g_autoptr(GDateTime) datetime = NULL;
  GDate *parsed;

  if (date == NULL || *date == '\0')
    return NULL;

  parsed = marrow_date_parse (date);
  if (parsed == NULL)
    return g_strdup (date);

  datetime = g_date_time_new_utc (g_date_get_year (parsed),
                                  g_date_get_month (parsed),
                                  g_date_get_day (parsed),
                                  0, 0, 0);
  g_date_free (parsed);
  if (datetime == NULL)
    return g_strdup (date);

  /* Translators: how a date of birth is shown in the patient list, as a
   * g_date_time_format() string (see "man strftime").  Keep the four-digit
   * year (%Y): a two-digit year is ambiguous for a date of birth. */
  return g_date_time_format (datetime, _("%-d %b %Y"));
}

/**
 * marrow_patient_row_same_patient:
 * @a: (type MarrowRecord): a patient record
 * @b: (type MarrowRecord): another
 *
 * A #GEqualFunc for marrow_stable_list_set_same_func(): a new search's
 * record of the patient a row shows already, unchanged since (the same
 * row version), reads the same, so the row keeps its labels.
 *
 * Returns: whether @a and @b are the same version of the same patient
 */
gboolean
marrow_patient_row_same_patient (gconstpointer a,
                                 gconstpointer b)
{
  MarrowRecord *x = (MarrowRecord *)a;
  MarrowRecord *y = (MarrowRecord *)b;

  g_return_val_if_fail (MARROW_IS_RECORD (x) && MARROW_IS_RECORD (y), FALSE);

  return marrow_record_get_row_version (x) == marrow_record_get_row_version (y) &&
         g_strcmp0 (marrow_record_get_id (x), marrow_record_get_id (y)) == 0;
}

/* GtkInscription rather than GtkLabel: its size comes from the font, not
 * from its text, so a new search relabels the list's 200 rows without
 * laying out 600 texts again (only the rows on screen are drawn) */
static GtkWidget *
new_text (const char *const *css_classes,
          guint              nat_chars)
{
  return g_object_new (GTK_TYPE_INSCRIPTION,
                       "xalign", 0.0f,
                       "min-chars", 4,
                       "nat-chars", nat_chars,
                       "text-overflow", GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END,
                       "css-classes", css_classes,
                       NULL);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row;
  GtkWidget *name_label;
  GtkWidget *details_label;

  g_assert (GTK_IS_LIST_ITEM (list_item));

  /* Three widgets: the list keeps up to 200 rows, and builds them at
   * start-up and whenever a search makes the list longer */
  row = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_VERTICAL,
                      "spacing", 2,
                      "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                      "css-classes", (const char *[]) { "patient-row", NULL },
                      NULL);

  name_label = new_text ((const char *[]) { "heading", "patient-name", NULL }, 28);
  gtk_box_append (GTK_BOX (row), name_label);

  details_label = new_text ((const char *[]) { "dim-label", "patient-details", NULL }, 34);
  gtk_box_append (GTK_BOX (row), details_label);

  g_object_set_data (G_OBJECT (row), ROW_NAME_LABEL, name_label);
  g_object_set_data (G_OBJECT (row), ROW_DETAILS_LABEL, details_label);

  gtk_list_item_set_child (list_item, row);
}

static void
relabel_row (GtkWidget    *row,
             MarrowRecord *patient)
{
  g_autofree char *name = NULL;
  g_autofree char *mrn = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *born = NULL;
  g_autofree char *accessible = NULL;
  const char *local_id;

  g_autofree char *details = NULL;

  if (patient == NULL)
    {
      /* A slot past the end of a shorter list, about to go */
      gtk_inscription_set_text (g_object_get_data (G_OBJECT (row), ROW_NAME_LABEL), NULL);
      gtk_inscription_set_text (g_object_get_data (G_OBJECT (row), ROW_DETAILS_LABEL), NULL);
      return;
    }

  name = marrow_patient_dup_display_name (patient);
  local_id = marrow_record_get_text (patient, "local_id");
  if (local_id == NULL || *local_id == '\0')
    local_id = "—";
  /* Translators: MRN is the medical record number of a patient */
  mrn = g_strdup_printf (_("MRN %s"), local_id);

  dob = marrow_patient_format_date (marrow_record_get_text (patient, "dob"));
  if (dob != NULL)
    /* Translators: %s is a date of birth */
    born = g_strdup_printf (_("Born %s"), dob);
  else
    born = g_strdup (_("Date of birth unknown"));

  /* Translators: the second line of a row of the patient list: "MRN 000042"
   * and "Born 3 Mar 1970" */
  details = g_strdup_printf (C_("patient row", "%1$s · %2$s"), mrn, born);
  gtk_inscription_set_text (g_object_get_data (G_OBJECT (row), ROW_NAME_LABEL), name);
  gtk_inscription_set_text (g_object_get_data (G_OBJECT (row), ROW_DETAILS_LABEL), details);

  /* Translators: what a screen reader says for a row of the patient list:
   * the name, the medical record number and the date of birth */
  accessible = g_strdup_printf (_("%s, medical record number %s, %s"), name, local_id, born);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
slot_item_changed_cb (MarrowListSlot *slot,
                      GParamSpec     *pspec,
                      GtkListItem    *list_item)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);

  if (row != NULL)
    relabel_row (row, marrow_list_slot_get_item (slot));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  MarrowListSlot *slot;

  g_assert (GTK_IS_LIST_ITEM (list_item));

  slot = gtk_list_item_get_item (list_item);
  if (!MARROW_IS_LIST_SLOT (slot))
    return;

  /* A new search gives the slot another patient, and the row follows */
  g_signal_connect_object (slot, "notify::item", G_CALLBACK (slot_item_changed_cb), list_item, 0);
  slot_item_changed_cb (slot, NULL, list_item);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gpointer slot = gtk_list_item_get_item (list_item);

  if (slot != NULL)
    g_signal_handlers_disconnect_by_func (slot, slot_item_changed_cb, list_item);
}

/**
 * marrow_patient_row_factory_new:
 *
 * Returns: (transfer full): a factory of patient list rows, for a
 *   #MarrowStableList of patient records
 */
GtkListItemFactory *
marrow_patient_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), NULL);
  return factory;
}
