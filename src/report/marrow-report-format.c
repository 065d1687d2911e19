/* marrow-report-format.c: values of records as printed reports show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates in the locale's format with the year in full (as the window shows
 * them), instants in local time, coded values by their translated names
 * (marrow-code-labels.c), cell counts in the unit chosen in Preferences
 * (marrow-cell-format.c), and the frame every page repeats: the practice
 * (settings site_name, practice_address, practice_phone, which Preferences
 * writes), the patient, and who printed the report when.
 */
#define G_LOG_DOMAIN "marrow-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>

#include "marrow-code-labels.h"
#include "marrow-entities.h"
#include "marrow-patient-name.h"
#include "marrow-report-format.h"
#include "marrow-time.h"
#include "marrow-validate.h"

/* The locale's date format with the year in full */
static char *
date_format (void)
{
  g_autoptr(GString) format = g_string_new (nl_langinfo (D_FMT));

  if (format->len == 0)
    g_string_assign (format, "%Y-%m-%d");
  g_string_replace (format, "%y", "%Y", 0);
  return g_string_free (g_steal_pointer (&format), FALSE);
}

/**
 * marrow_report_format_day:
 * @day: a day, or 0
 *
 * Returns: (transfer full): the day in the locale's format; "—" for 0
 */
char *
marrow_report_format_day (MarrowDay day)
{
  g_autofree char *format = NULL;
  g_autofree char *iso = NULL;
  GDate date;
  char buffer[128];

  if (day == 0)
    return g_strdup ("—");
  iso = marrow_day_format (day);
  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  if (!g_date_valid (&date))
    return g_steal_pointer (&iso);
  format = date_format ();
  if (g_date_strftime (buffer, sizeof buffer, format, &date) == 0)
    return g_steal_pointer (&iso);
  return g_strdup (buffer);
}

/**
 * marrow_report_format_date:
 * @iso: (nullable): a date YYYY-MM-DD, or a partial date YYYY or YYYY-MM
 *
 * Returns: (transfer full): a full date in the locale's format; a partial
 *   date as it is; "—" for none
 */
char *
marrow_report_format_date (const char *iso)
{
  MarrowDay day;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("—");
  if (strlen (iso) != 10 || (day = marrow_day_parse (iso)) == 0)
    return g_strdup (iso);
  return marrow_report_format_day (day);
}

/**
 * marrow_report_format_instant:
 * @instant: (nullable): a stored instant (UTC)
 *
 * Returns: (transfer full): its local date and time ("12/01/2026 09:45"),
 *   or "—"
 */
char *
marrow_report_format_instant (const char *instant)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (instant == NULL || (utc = marrow_instant_parse (instant)) == NULL)
    return g_strdup (instant != NULL ? instant : "—");
  local = g_date_time_to_local (utc);
  date = marrow_report_format_day (marrow_day_from_ymd (g_date_time_get_year (local),
                                                        g_date_time_get_month (local),
                                                        g_date_time_get_day_of_month (local)));
  time = g_date_time_format (local, "%H:%M");
  return g_strdup_printf ("%s %s", date, time);
}

/**
 * marrow_report_number:
 * @decimals: digits after the decimal separator
 * @unit: (nullable): a unit after the number, e.g. "mL"
 *
 * Returns: (transfer full): "12.5 mL", or "—" when the field is empty
 */
char *
marrow_report_number (MarrowRecord *record,
                      const char   *field,
                      int           decimals,
                      const char   *unit)
{
  double value;

  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);

  if (marrow_record_is_null (record, field))
    return g_strdup ("—");
  value = marrow_record_get_real (record, field);
  if (unit == NULL)
    return g_strdup_printf ("%.*f", decimals, value);
  /* Translators: a number and its unit, e.g. "12.5 mL" */
  return g_strdup_printf (C_("number with unit", "%.*f %s"), decimals, value, unit);
}

/**
 * marrow_report_cells:
 *
 * Returns: (transfer full): the cell count of @field in @unit, or "—"
 */
char *
marrow_report_cells (MarrowRecord   *record,
                     const char     *field,
                     MarrowCellUnit  unit)
{
  const MarrowFieldDef *def;

  g_return_val_if_fail (MARROW_IS_RECORD (record), NULL);

  if (marrow_record_is_null (record, field))
    return g_strdup ("—");
  def = marrow_entity_find_field (marrow_record_get_entity (record), field);
  if (def != NULL && def->kind == MARROW_FIELD_INT)
    return marrow_format_cells ((double)marrow_record_get_int (record, field), unit);
  return marrow_format_cells (marrow_record_get_real (record, field), unit);
}

/**
 * marrow_report_staff_name:
 * @cache: (nullable): staff id → name, filled as names are read
 * @staff_id: (nullable): a staff member
 *
 * Returns: (transfer full): the staff member's name, or "—"
 */
char *
marrow_report_staff_name (MarrowStore *store,
                          GHashTable  *cache,
                          const char  *staff_id)
{
  g_autoptr(MarrowRecord) staff = NULL;
  const char *name;

  g_return_val_if_fail (MARROW_IS_STORE (store), NULL);

  if (staff_id == NULL || *staff_id == '\0')
    return g_strdup ("—");
  if (cache != NULL && (name = g_hash_table_lookup (cache, staff_id)) != NULL)
    return g_strdup (name);
  staff = marrow_store_lookup (store, &marrow_entity_staff, staff_id, NULL);
  name = staff != NULL ? marrow_record_get_text_or_id (staff, "display_name") : staff_id;
  if (cache != NULL)
    g_hash_table_insert (cache, g_strdup (staff_id), g_strdup (name));
  return g_strdup (name);
}

/**
 * marrow_report_options_as_of:
 * @options: (nullable): options
 *
 * Returns: the day of @options, or today
 */
MarrowDay
marrow_report_options_as_of (const MarrowReportOptions *options)
{
  g_autoptr(GDateTime) now = NULL;

  if (options != NULL && options->as_of != 0)
    return options->as_of;
  now = g_date_time_new_now_local ();
  return marrow_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now));
}

/* Who prints: the acting staff member, or the operating-system user the
 * store writes as */
static char *
printed_by (MarrowStore *store)
{
  const char *staff_id = marrow_store_get_staff_id (store);
  const char *real_name = g_get_real_name ();

  if (staff_id != NULL)
    return marrow_report_staff_name (store, NULL, staff_id);
  if (marrow_text_is_blank (real_name) || g_strcmp0 (real_name, "Unknown") == 0)
    real_name = g_get_user_name ();
  return g_strdup (real_name);
}

static char *
read_setting (MarrowStore  *store,
              const char   *key,
              GError      **error)
{
  char *value = NULL;

  if (!marrow_store_get_setting (store, key, &value, error))
    return NULL;
  return value != NULL ? value : g_strdup ("");
}

/**
 * marrow_report_set_frame:
 * @report: a report
 * @store: the store it is made from
 * @patient: (nullable): the patient every page names
 * @options: (nullable): when it is printed
 * @error: return location for a #GError
 *
 * Fills what every page repeats: the practice (from the settings
 * Preferences writes), the patient, and when and by whom it is printed.
 *
 * Returns: %FALSE with @error set if the settings could not be read
 */
gboolean
marrow_report_set_frame (MarrowReport               *report,
                         MarrowStore                *store,
                         MarrowRecord               *patient,
                         const MarrowReportOptions  *options,
                         GError                    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *by = NULL;
  g_autofree char *when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (MARROW_IS_REPORT (report), FALSE);
  g_return_val_if_fail (MARROW_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient == NULL || MARROW_IS_RECORD (patient), FALSE);

  if ((name = read_setting (store, "site_name", error)) == NULL ||
      (address = read_setting (store, "practice_address", error)) == NULL ||
      (phone = read_setting (store, "practice_phone", error)) == NULL)
    return FALSE;
  marrow_report_set_practice (report, *name != '\0' ? name : _("Practice name not set"), address,
                              phone);

  if (patient != NULL)
    {
      g_autofree char *patient_name = marrow_patient_dup_display_name (patient);
      g_autofree char *born = marrow_report_format_date (marrow_record_get_text (patient, "dob"));

      marrow_report_set_patient (report, patient_name, born,
                                 marrow_record_get_text (patient, "local_id"));
    }

  now = options != NULL && options->printed_at != NULL ? g_date_time_ref (options->printed_at)
                                                      : g_date_time_new_now_utc ();
  local = g_date_time_to_local (now);
  date = marrow_report_format_day (marrow_day_from_ymd (g_date_time_get_year (local),
                                                        g_date_time_get_month (local),
                                                        g_date_time_get_day_of_month (local)));
  time = g_date_time_format (local, "%H:%M");
  when = g_strdup_printf ("%s %s", date, time);
  by = options != NULL && options->printed_by != NULL ? g_strdup (options->printed_by)
                                                     : printed_by (store);
  marrow_report_set_printed (report, when, by);
  return TRUE;
}
