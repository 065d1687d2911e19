/* marrow-injection-form.c: the form of a cell injection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller presets joint_case_id.  The form:
 *
 * - offers only the aliquots that may be given to this patient for this
 *   case at the injection's time, and lists every other lot with the
 *   reason it may not (marrow-lot-choice.c, which asks the core's
 *   finalisation check): the patient's own lots, the allogeneic lots, and
 *   any lot found by scanning or typing its ID;
 * - shows the cells injected and the viable cells per kg while the volume
 *   given is typed, from marrow_injection_preview_dose() (the dose
 *   arithmetic of the core, with the weight it picks: the latest on or
 *   before the injection date, flagged when older than 30 days);
 * - runs marrow_injection_check_finalise() on what is typed
 *   (check_composite), so its refusal (origin, release, expiry, the 28-day
 *   interval, a stale case …) shows beside the field it names and keeps
 *   Save insensitive, and its warnings (early repeat, volume, weight age)
 *   are acknowledged like any other;
 * - saves through marrow_store_finalise_injection_full(), which reads the
 *   records again inside the save, decides once more, moves the aliquot to
 *   administered and writes the acknowledgements in the same transaction.
 *   An injection of an unreleased or expired lot can therefore never be
 *   stored, whatever the form showed.
 *
 * A saved injection is shown with the product it used; its product cannot
 * change (the aliquot was administered).
 */
#define G_LOG_DOMAIN "marrow-injection-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "marrow-coi.h"
#include "marrow-date-entry.h"
#include "marrow-entities.h"
#include "marrow-error.h"
#include "marrow-form-labels.h"
#include "marrow-injection-check.h"
#include "marrow-injection-form-product.h"
#include "marrow-injection-form.h"
#include "marrow-injection-service.h"
#include "marrow-local-zone.h"
#include "marrow-time.h"
#include "marrow-units.h"
#include "marrow-validate.h"

struct _MarrowInjectionForm
{
  MarrowForm  parent_instance;

  GtkWidget  *case_row;
  GtkWidget  *performed_at_entry;
  GtkWidget  *operator_id_row;
  GtkWidget  *assistant_id_row;
  GtkWidget  *route_row;
  GtkWidget  *target_structure_row;
  GtkWidget  *image_guidance_row;
  GtkWidget  *image_saved_switch;
  GtkWidget  *needle_gauge_row;
  GtkWidget  *volume_injected_ml_row;
  GtkWidget  *aliquot_row;
  GtkWidget  *product_bin;
  GtkWidget  *product_message;
  GtkWidget  *scan_row;
  GtkWidget  *tnc_row;
  GtkWidget  *viable_row;
  GtkWidget  *per_kg_row;
  GtkWidget  *weight_row;
  GtkWidget  *weight_warning;
  GtkWidget  *other_lots_group;
  GtkWidget  *identity_check_done_switch;
  GtkWidget  *product_scan_result_row;
  GtkWidget  *scan_reason_row;
  GtkWidget  *thawed_at_entry;
  GtkWidget  *post_thaw_viability_pct_row;
  GtkWidget  *is_booster_switch;
  GtkWidget  *booster_reason_row;
  GtkWidget  *immediate_reaction_row;

  MarrowRecord *joint_case;
  char         *patient_id;
  GPtrArray    *weights;        /* MarrowRecord */
  GPtrArray    *other_times;    /* char *, performed_at of the case's other injections */
  GPtrArray    *choices;        /* MarrowLotChoice */
  GPtrArray    *offered;        /* MarrowRecord aliquots, parallel to the combo's items after the first */
  GPtrArray    *other_rows;     /* GtkWidget in other_lots_group */
  MarrowForm   *product;
  char         *judged_at;      /* performed_at the choices were judged for */
  gboolean      judged;
  gboolean      filling;
};

G_DEFINE_FINAL_TYPE (MarrowInjectionForm, marrow_injection_form, MARROW_TYPE_FORM)

static MarrowStore *
store_of (MarrowInjectionForm *self)
{
  return marrow_form_get_store (MARROW_FORM (self));
}

static MarrowRecord *
product_record (MarrowInjectionForm *self)
{
  return self->product != NULL ? marrow_form_get_record (self->product) : NULL;
}

/* Finds the records of @entity whose @field is @value */
static GPtrArray *
find_by (MarrowInjectionForm  *self,
         const MarrowEntityDef *entity,
         const char            *field,
         const char            *value,
         GError               **error)
{
  MarrowListQuery query = { .filter_field = field, .filter_value = value };

  return marrow_store_find (store_of (self), entity, &query, error);
}

static const char *
chosen_aliquot_id (MarrowInjectionForm *self)
{
  MarrowRecord *product = product_record (self);

  return product != NULL ? marrow_record_get_text (product, "aliquot_id") : NULL;
}

static MarrowRecord *
find_aliquot (MarrowInjectionForm  *self,
              const char           *aliquot_id,
              MarrowLotChoice     **choice_out)
{
  for (guint i = 0; aliquot_id != NULL && i < self->choices->len; i++)
    {
      MarrowLotChoice *choice = self->choices->pdata[i];

      for (guint j = 0; j < choice->aliquots->len; j++)
        if (g_strcmp0 (marrow_record_get_id (choice->aliquots->pdata[j]), aliquot_id) == 0)
          {
            if (choice_out != NULL)
              *choice_out = choice;
            return choice->aliquots->pdata[j];
          }
    }
  return NULL;
}

/* Lots */

static gboolean
add_choice (MarrowInjectionForm  *self,
            MarrowRecord         *lot,
            GError              **error)
{
  g_autoptr(GPtrArray) aliquots = NULL;

  for (guint i = 0; i < self->choices->len; i++)
    if (g_strcmp0 (marrow_record_get_id (((MarrowLotChoice *)self->choices->pdata[i])->lot),
                   marrow_record_get_id (lot)) == 0)
      return TRUE;
  if (marrow_record_is_voided (lot))
    return TRUE;
  if (!(aliquots = find_by (self, &marrow_entity_product_aliquot, "lot_id",
                            marrow_record_get_id (lot), error)))
    return FALSE;
  g_ptr_array_add (self->choices, marrow_lot_choice_new (lot, aliquots));
  return TRUE;
}

/* The patient's own lots and the allogeneic ones */
static gboolean
load_choices (MarrowInjectionForm  *self,
              GError              **error)
{
  static const struct { const char *field; gboolean patient; const char *value; } sources[] = {
    { "source_patient_id", TRUE, NULL },
    { "origin", FALSE, "allogeneic_related" },
    { "origin", FALSE, "allogeneic_unrelated" },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      g_autoptr(GPtrArray) lots = find_by (self, &marrow_entity_product_lot, sources[s].field,
                                           sources[s].patient ? self->patient_id : sources[s].value,
                                           error);

      if (lots == NULL)
        return FALSE;
      for (guint i = 0; i < lots->len; i++)
        if (!add_choice (self, lots->pdata[i], error))
          return FALSE;
    }
  return TRUE;
}

static char *
describe_aliquot (MarrowRecord *aliquot,
                  MarrowRecord *lot)
{
  const MarrowFieldDef *category = marrow_entity_find_field (&marrow_entity_product_lot, "category");
  g_autofree char *volume = marrow_record_format_value (aliquot, "volume_ml");

  /* Translators: an aliquot offered for an injection: its label, the product
   * category and its volume with its unit, "MRW0126000123W-L1-01 · BMAC · 8 mL" */
  return g_strdup_printf (_("%s · %s · %s"),
                          marrow_record_get_text_or_id (aliquot, "label"),
                          marrow_form_code_label (category, marrow_record_get_text (lot, "category") ?: ""),
                          volume != NULL ? volume : "?");
}

/* Offers the usable aliquots (and keeps the chosen one, so that its
 * refusal shows rather than silently emptying the choice); lists the
 * other lots with their reasons */
static void
show_choices (MarrowInjectionForm *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const char *chosen = chosen_aliquot_id (self);
  guint selected = 0;

  self->filling = TRUE;
  g_ptr_array_set_size (self->offered, 0);
  gtk_string_list_append (model, C_("choice", "Not chosen"));
  for (guint i = 0; i < self->choices->len; i++)
    {
      MarrowLotChoice *choice = self->choices->pdata[i];

      for (guint j = 0; j < choice->aliquots->len; j++)
        {
          MarrowRecord *aliquot = choice->aliquots->pdata[j];
          gboolean is_chosen = g_strcmp0 (marrow_record_get_id (aliquot), chosen) == 0;
          g_autofree char *label = NULL;

          if (!is_chosen && !g_ptr_array_find (choice->usable, aliquot, NULL))
            continue;
          label = describe_aliquot (aliquot, choice->lot);
          gtk_string_list_append (model, label);
          g_ptr_array_add (self->offered, aliquot);
          if (is_chosen)
            selected = self->offered->len;
        }
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->aliquot_row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->aliquot_row), selected);

  for (guint i = 0; i < self->other_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->other_lots_group),
                                  self->other_rows->pdata[i]);
  g_ptr_array_set_size (self->other_rows, 0);
  for (guint i = 0; i < self->choices->len; i++)
    {
      MarrowLotChoice *choice = self->choices->pdata[i];
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (choice->kind == MARROW_LOT_CHOICE_USABLE)
        continue;
      row = adw_action_row_new ();
      /* Translators: a lot that may not be given: its ID and why, "MRW…-L1 — Not released" */
      title = g_strdup_printf (_("%s — %s"), marrow_record_get_text_or_id (choice->lot, "coi_id"),
                               marrow_lot_choice_kind_get_label (choice->kind));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), choice->reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->other_lots_group), row);
      g_ptr_array_add (self->other_rows, row);
    }
  gtk_widget_set_visible (self->other_lots_group, self->other_rows->len > 0);
  self->filling = FALSE;
}

/* Judges every lot again when the injection time changed */
static void
judge_choices (MarrowInjectionForm *self,
               MarrowRecord        *record,
               gboolean             force)
{
  const char *at = marrow_record_get_text (record, "performed_at");

  if (self->joint_case == NULL || (!force && self->judged && g_strcmp0 (at, self->judged_at) == 0))
    return;
  g_free (self->judged_at);
  self->judged_at = g_strdup (at);
  self->judged = TRUE;
  for (guint i = 0; i < self->choices->len; i++)
    marrow_lot_choice_judge (self->choices->pdata[i], record, self->joint_case, self->patient_id);
  show_choices (self);
}

static void
on_aliquot_selected (MarrowInjectionForm *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->aliquot_row));
  MarrowRecord *product = product_record (self);
  MarrowRecord *aliquot = selected > 0 && selected <= self->offered->len
                          ? self->offered->pdata[selected - 1] : NULL;

  if (self->filling || product == NULL)
    return;
  if (aliquot == NULL)
    marrow_record_set_null (product, "aliquot_id");
  else
    marrow_record_set_text (product, "aliquot_id", marrow_record_get_id (aliquot));
  marrow_form_changed (self->product);
}

/**
 * marrow_injection_form_choose_aliquot:
 * @self: a #MarrowInjectionForm
 * @aliquot_id: an aliquot
 *
 * Chooses @aliquot_id as the product, if the form offers it.
 *
 * Returns: whether @aliquot_id is offered
 */
gboolean
marrow_injection_form_choose_aliquot (MarrowInjectionForm *self,
                                      const char          *aliquot_id)
{
  g_return_val_if_fail (MARROW_IS_INJECTION_FORM (self), FALSE);
  g_return_val_if_fail (aliquot_id != NULL, FALSE);

  for (guint i = 0; i < self->offered->len; i++)
    if (g_strcmp0 (marrow_record_get_id (self->offered->pdata[i]), aliquot_id) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->aliquot_row), i + 1);
        return TRUE;
      }
  return FALSE;
}

/**
 * marrow_injection_form_find_product:
 * @self: a #MarrowInjectionForm
 * @scanned_id: a lot's chain-of-identity ID or an aliquot's label, as
 *   scanned or typed
 *
 * Adds the lot that @scanned_id names to the lots the form judges, so that
 * a product from the shelf that belongs elsewhere shows why it may not be
 * given; a usable aliquot found by its label is chosen.
 *
 * Returns: whether a lot was found
 */
gboolean
marrow_injection_form_find_product (MarrowInjectionForm *self,
                                    const char          *scanned_id)
{
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GPtrArray) aliquots = NULL;
  g_autoptr(MarrowRecord) lot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (MARROW_IS_INJECTION_FORM (self), FALSE);
  g_return_val_if_fail (scanned_id != NULL, FALSE);

  id = marrow_coi_normalize (scanned_id);
  if ((lots = find_by (self, &marrow_entity_product_lot, "coi_id", id, &error)) != NULL &&
      lots->len > 0)
    lot = g_object_ref (lots->pdata[0]);
  else if (lots != NULL &&
           (aliquots = find_by (self, &marrow_entity_product_aliquot, "label", id, &error)) != NULL &&
           aliquots->len > 0)
    lot = marrow_store_lookup (store_of (self), &marrow_entity_product_lot,
                               marrow_record_get_text (aliquots->pdata[0], "lot_id"), &error);

  if (lot == NULL || !add_choice (self, lot, &error))
    {
      /* Translators: %s is an ID that was scanned or typed */
      message = error != NULL ? g_strdup (error->message)
                              : g_strdup_printf (_("No lot or aliquot has the ID “%s”"), id);
      gtk_label_set_text (GTK_LABEL (self->product_message), message);
      gtk_widget_set_visible (self->product_message, TRUE);
      return FALSE;
    }

  judge_choices (self, marrow_form_get_record (MARROW_FORM (self)), TRUE);
  if (aliquots != NULL && aliquots->len > 0)
    marrow_injection_form_choose_aliquot (self, marrow_record_get_id (aliquots->pdata[0]));
  marrow_form_changed (MARROW_FORM (self));
  return TRUE;
}

static void
on_scan_apply (MarrowInjectionForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->scan_row));

  if (!marrow_text_is_blank (text) && marrow_injection_form_find_product (self, text))
    gtk_editable_set_text (GTK_EDITABLE (self->scan_row), "");
}

/**
 * marrow_injection_form_get_lot_choices:
 * @self: a #MarrowInjectionForm
 *
 * Returns: (transfer none) (element-type MarrowLotChoice): the lots the
 *   form judged, with their verdicts
 */
GPtrArray *
marrow_injection_form_get_lot_choices (MarrowInjectionForm *self)
{
  g_return_val_if_fail (MARROW_IS_INJECTION_FORM (self), NULL);

  return self->choices;
}

/**
 * marrow_injection_form_get_product:
 * @self: a #MarrowInjectionForm
 *
 * Returns: (transfer none) (nullable): the form of the injection_product of
 *   a new injection
 */
MarrowForm *
marrow_injection_form_get_product (MarrowInjectionForm *self)
{
  g_return_val_if_fail (MARROW_IS_INJECTION_FORM (self), NULL);

  return self->product;
}

/* The snapshot of the core's checks and the dose */

typedef struct
{
  MarrowInjectionSnapshot        snapshot;
  MarrowInjectionProductSnapshot item;
} Snapshot;

static gboolean
fill_snapshot (MarrowInjectionForm *self,
               MarrowRecord        *injection,
               MarrowRecord        *product,
               Snapshot            *out)
{
  MarrowLotChoice *choice = NULL;
  MarrowRecord *aliquot = find_aliquot (self, marrow_record_get_text (product, "aliquot_id"), &choice);

  memset (out, 0, sizeof *out);
  out->snapshot.injection = injection;
  out->snapshot.joint_case = self->joint_case;
  out->snapshot.patient_id = self->patient_id;
  out->snapshot.weights = (MarrowRecord * const *)self->weights->pdata;
  out->snapshot.n_weights = self->weights->len;
  out->snapshot.other_performed_at = (const char * const *)self->other_times->pdata;
  out->snapshot.n_other = self->other_times->len;
  if (aliquot == NULL)
    return FALSE;
  out->item.injection_product = product;
  out->item.aliquot = aliquot;
  out->item.lot = choice->lot;
  out->snapshot.products = &out->item;
  out->snapshot.n_products = 1;
  return TRUE;
}

/* In the unit chosen in Preferences (marrow-units.c), like the timeline */
static char *
format_cells (double   cells,
              gboolean per_kg)
{
  g_autofree char *number = marrow_format_cells (cells, marrow_cell_unit_get_preferred ());

  /* Translators: viable cells per kg body weight, e.g. "0.7 × 10⁶ cells/kg" */
  if (per_kg)
    return g_strdup_printf (_("%s cells/kg"), number);
  /* Translators: cells injected, e.g. "52 × 10⁶ cells" */
  return g_strdup_printf (_("%s cells"), number);
}

static void
show_dose (MarrowInjectionForm *self,
           MarrowRecord        *injection)
{
  MarrowRecord *product = product_record (self);
  g_autoptr(MarrowRecord) trial = marrow_record_copy (injection);
  g_autofree char *tnc = NULL;
  g_autofree char *viable = NULL;
  g_autofree char *per_kg = NULL;
  g_autofree char *weight = NULL;
  g_autofree char *age = NULL;
  MarrowInjectionDose dose = { 0 };
  Snapshot snapshot;
  gboolean chosen;
  gboolean stale;

  if (product == NULL)
    return;
  /* The weight is chosen for the injection's day; until it has one, today */
  if (!marrow_instant_is_valid (marrow_record_get_text (trial, "performed_at")))
    {
      g_autofree char *now = marrow_instant_now ();

      marrow_record_set_text (trial, "performed_at", now);
    }
  chosen = fill_snapshot (self, trial, product, &snapshot);
  marrow_injection_preview_dose (&snapshot.snapshot, &dose);
  /* No cells before a product is chosen */
  dose.has_tnc = dose.has_tnc && chosen;
  dose.has_viable = dose.has_viable && chosen;
  dose.has_per_kg = dose.has_per_kg && chosen;

  tnc = dose.has_tnc ? format_cells (dose.tnc_injected_cells, FALSE)
                     : g_strdup (_("Not known yet"));
  viable = dose.has_viable ? format_cells (dose.viable_injected_cells, FALSE)
                           : g_strdup (_("Not known yet"));
  per_kg = dose.has_per_kg ? format_cells (dose.viable_cells_per_kg, TRUE)
                           : g_strdup (_("Not known yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tnc_row), tnc);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->viable_row), viable);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->per_kg_row), per_kg);

  if (dose.weight != NULL)
    {
      g_autofree char *kg = marrow_record_format_value (dose.weight, "weight_kg");
      g_autofree char *date = marrow_date_entry_format_date (marrow_record_get_text (dose.weight, "measured_on"));

      /* Translators: the weight used for the dose, "72.5 kg, measured 03/04/2026" */
      weight = g_strdup_printf (_("%s, measured %s"), kg, date);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->weight_row),
                               weight != NULL ? weight
                               : _("No weight on or before the injection date: record one"));
  stale = dose.weight != NULL && dose.weight_age_days > MARROW_INJECTION_WEIGHT_MAX_AGE_DAYS;
  if (stale)
    /* Translators: %d is a number of days, more than 30 */
    age = g_strdup_printf (_("The weight is %d days old at the injection date (more than %d): "
                             "weigh the patient again"),
                           (int)dose.weight_age_days, MARROW_INJECTION_WEIGHT_MAX_AGE_DAYS);
  gtk_label_set_text (GTK_LABEL (self->weight_warning), age ? age : "");
  gtk_widget_set_visible (self->weight_warning, stale);
}

/* MarrowForm */

static void
marrow_injection_form_read_record (MarrowForm   *form,
                                   MarrowRecord *record)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (form);
  g_autofree char *zone = NULL;

  if (marrow_record_is_null (record, "tz") && (zone = marrow_local_zone_name ()) != NULL)
    marrow_record_set_text (record, "tz", zone);
  gtk_widget_set_visible (self->scan_reason_row,
                          g_strcmp0 (marrow_record_get_text (record, "product_scan_result"),
                                     "manual_entry") == 0);
  gtk_widget_set_visible (self->booster_reason_row,
                          gtk_switch_get_active (GTK_SWITCH (self->is_booster_switch)));
  if (marrow_form_get_is_new (form))
    {
      judge_choices (self, record, FALSE);
      show_dose (self, record);
    }
}

static gboolean
marrow_injection_form_check_composite (MarrowForm  *form,
                                       GPtrArray   *warnings,
                                       GError     **error)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (form);
  MarrowRecord *product = product_record (self);
  g_autoptr(MarrowRecord) trial = NULL;
  g_autoptr(MarrowRecord) trial_product = NULL;
  g_autoptr(GError) failure = NULL;
  Snapshot snapshot;
  gboolean ok;

  if (!marrow_form_get_is_new (form) || product == NULL)
    return TRUE;

  /* The check fills the computed fields: on copies */
  trial = marrow_record_copy (marrow_form_get_record (form));
  trial_product = marrow_record_copy (product);
  if (!fill_snapshot (self, trial, trial_product, &snapshot))
    {
      marrow_validation_error_set (&failure, MARROW_VALIDATION_ERROR_REQUIRED, "aliquot_id",
                                   _("Choose the product (aliquot) given"));
      ok = FALSE;
    }
  else
    ok = marrow_injection_check_finalise (&snapshot.snapshot, warnings, &failure);

  /* A refusal about the product goes below the product; one about a
   * field of the injection goes below that field (the base class) */
  gtk_label_set_text (GTK_LABEL (self->product_message),
                      !ok && g_strcmp0 (marrow_validation_error_get_field (failure), "aliquot_id") == 0
                      ? failure->message : "");
  gtk_widget_set_visible (self->product_message,
                          *gtk_label_get_text (GTK_LABEL (self->product_message)) != '\0');
  /* Once the check passes, its weight-age warning shows below the weight
   * row (the base class); the form's own line is for the time before */
  for (guint i = 0; ok && i < warnings->len; i++)
    if (g_strcmp0 (((MarrowWarning *)warnings->pdata[i])->code, MARROW_INJECTION_WARN_WEIGHT_AGE) == 0)
      gtk_widget_set_visible (self->weight_warning, FALSE);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&failure));
  return ok;
}

static gboolean
marrow_injection_form_save (MarrowForm       *form,
                            MarrowChangeSet  *also,
                            GError          **error)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (form);
  g_autoptr(GPtrArray) products = g_ptr_array_new ();

  if (!marrow_form_get_is_new (form))
    {
      /* A finalised injection is corrected like any record; its product stays */
      marrow_change_set_add_update (also, marrow_form_get_record (form));
      return marrow_store_apply (store_of (self), also, error);
    }

  g_ptr_array_add (products, product_record (self));
  return marrow_store_finalise_injection_full (store_of (self), marrow_form_get_record (form),
                                               products, also, NULL, NULL, error);
}

static void
marrow_injection_form_collect_children (MarrowForm *form,
                                        GPtrArray  *children)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (form);

  if (self->product != NULL)
    g_ptr_array_add (children, self->product);
}

static void
on_product_changed (MarrowInjectionForm *self)
{
  marrow_form_changed (MARROW_FORM (self));
}

/* The case, its patient, the patient's weights and the case's other injections */
static gboolean
load_case (MarrowInjectionForm  *self,
           MarrowRecord         *record,
           GError              **error)
{
  const char *case_id = marrow_record_get_text (record, "joint_case_id");
  g_autoptr(GPtrArray) weights = NULL;
  g_autoptr(GPtrArray) injections = NULL;
  g_autofree char *title = NULL;

  if (case_id == NULL)
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_INVALID,
                   _("An injection is recorded for one joint case; open it from the case"));
      return FALSE;
    }
  if (!(self->joint_case = marrow_store_lookup (store_of (self), &marrow_entity_joint_case, case_id,
                                                error)))
    return FALSE;
  self->patient_id = g_strdup (marrow_record_get_text (self->joint_case, "patient_id"));
  title = marrow_form_describe_record (self->joint_case);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->case_row), title);

  if (!(weights = find_by (self, &marrow_entity_patient_weight, "patient_id", self->patient_id, error)) ||
      !(injections = find_by (self, &marrow_entity_injection, "joint_case_id", case_id, error)))
    return FALSE;
  g_ptr_array_extend_and_steal (self->weights, g_steal_pointer (&weights));
  for (guint i = 0; i < injections->len; i++)
    {
      MarrowRecord *other = injections->pdata[i];

      if (marrow_record_is_voided (other) ||
          g_strcmp0 (marrow_record_get_record_status (other), MARROW_STATUS_DRAFT) == 0 ||
          g_strcmp0 (marrow_record_get_id (other), marrow_record_get_id (record)) == 0 ||
          marrow_record_is_null (other, "performed_at"))
        continue;
      g_ptr_array_add (self->other_times, g_strdup (marrow_record_get_text (other, "performed_at")));
    }
  return TRUE;
}

/* A saved injection: the product it used, and its stored dose */
static gboolean
show_given (MarrowInjectionForm  *self,
            MarrowRecord         *record,
            GError              **error)
{
  g_autoptr(GPtrArray) products = find_by (self, &marrow_entity_injection_product, "injection_id",
                                           marrow_record_get_id (record), error);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const char *fields[] = { "tnc_injected_cells", "viable_injected_cells", "viable_cells_per_kg" };
  GtkWidget *rows[] = { self->tnc_row, self->viable_row, self->per_kg_row };

  if (products == NULL)
    return FALSE;
  for (guint i = 0; i < products->len; i++)
    {
      g_autoptr(MarrowRecord) aliquot = marrow_store_lookup (store_of (self),
                                                             &marrow_entity_product_aliquot,
                                                             marrow_record_get_text (products->pdata[i], "aliquot_id"),
                                                             NULL);

      gtk_string_list_append (model, aliquot != NULL ? marrow_record_get_text_or_id (aliquot, "label")
                                                     : marrow_record_get_text (products->pdata[i], "aliquot_id"));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->aliquot_row), G_LIST_MODEL (model));
  gtk_widget_set_sensitive (self->aliquot_row, FALSE);
  gtk_widget_set_visible (self->scan_row, FALSE);
  gtk_widget_set_visible (self->weight_row, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = marrow_record_format_value (record, fields[i]);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (rows[i]), value ? value : _("Not known"));
    }
  return TRUE;
}

static gboolean
marrow_injection_form_prepare (MarrowForm    *form,
                               MarrowStore   *store,
                               MarrowRecord  *record,
                               gboolean       is_new,
                               GError       **error)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (form);

  marrow_form_bind_message (form, "joint_case_id", self->case_row);
  marrow_form_bind (form, "performed_at", self->performed_at_entry);
  if (!marrow_form_bind_reference (form, "operator_id", ADW_COMBO_ROW (self->operator_id_row),
                                   "active", "1", error) ||
      !marrow_form_bind_reference (form, "assistant_id", ADW_COMBO_ROW (self->assistant_id_row),
                                   "active", "1", error))
    return FALSE;
  marrow_form_bind (form, "route", self->route_row);
  marrow_form_bind (form, "target_structure", self->target_structure_row);
  marrow_form_bind (form, "image_guidance", self->image_guidance_row);
  marrow_form_bind (form, "image_saved", self->image_saved_switch);
  marrow_form_bind (form, "needle_gauge", self->needle_gauge_row);
  marrow_form_bind (form, "volume_injected_ml", self->volume_injected_ml_row);
  marrow_form_bind (form, "identity_check_done", self->identity_check_done_switch);
  marrow_form_bind (form, "product_scan_result", self->product_scan_result_row);
  marrow_form_bind (form, "scan_reason", self->scan_reason_row);
  marrow_form_bind (form, "thawed_at", self->thawed_at_entry);
  marrow_form_bind (form, "post_thaw_viability_pct", self->post_thaw_viability_pct_row);
  marrow_form_bind (form, "is_booster", self->is_booster_switch);
  marrow_form_bind (form, "booster_reason", self->booster_reason_row);
  marrow_form_bind (form, "immediate_reaction", self->immediate_reaction_row);
  /* The check's messages about the weight go below the weight row */
  marrow_form_bind_message (form, "weight_id_used", self->weight_row);

  if (!load_case (self, record, error))
    return FALSE;

  if (!is_new)
    return show_given (self, record, error);

  if (!load_choices (self, error))
    return FALSE;
  if (marrow_record_is_null (record, "operator_id") && marrow_store_get_staff_id (store) != NULL)
    marrow_record_set_text (record, "operator_id", marrow_store_get_staff_id (store));
  if (marrow_record_is_null (record, "performed_at"))
    {
      g_autofree char *now = marrow_instant_now ();

      marrow_record_set_text (record, "performed_at", now);
    }

  {
    g_autoptr(MarrowRecord) product = marrow_record_new (&marrow_entity_injection_product);

    marrow_record_set_text (product, "injection_id", marrow_record_get_id (record));
    self->product = g_object_new (MARROW_TYPE_INJECTION_FORM_PRODUCT, NULL);
    adw_bin_set_child (ADW_BIN (self->product_bin), GTK_WIDGET (self->product));
    if (!marrow_form_set_record (self->product, store, product, TRUE, error))
      return FALSE;
    g_signal_connect_object (self->product, "changed", G_CALLBACK (on_product_changed), self,
                             G_CONNECT_SWAPPED);
  }
  return TRUE;
}

static void
marrow_injection_form_dispose (GObject *object)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (object);

  self->product = NULL;
  g_ptr_array_set_size (self->other_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), MARROW_TYPE_INJECTION_FORM);
  g_clear_object (&self->joint_case);

  G_OBJECT_CLASS (marrow_injection_form_parent_class)->dispose (object);
}

static void
marrow_injection_form_finalize (GObject *object)
{
  MarrowInjectionForm *self = MARROW_INJECTION_FORM (object);

  g_free (self->patient_id);
  g_free (self->judged_at);
  g_ptr_array_unref (self->weights);
  g_ptr_array_unref (self->other_times);
  g_ptr_array_unref (self->choices);
  g_ptr_array_unref (self->offered);
  g_ptr_array_unref (self->other_rows);

  G_OBJECT_CLASS (marrow_injection_form_parent_class)->finalize (object);
}

static void
marrow_injection_form_class_init (MarrowInjectionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MarrowFormClass *form_class = MARROW_FORM_CLASS (klass);

  object_class->dispose = marrow_injection_form_dispose;
  object_class->finalize = marrow_injection_form_finalize;
  form_class->prepare = marrow_injection_form_prepare;
  form_class->read_record = marrow_injection_form_read_record;
  form_class->check_composite = marrow_injection_form_check_composite;
  form_class->collect_children = marrow_injection_form_collect_children;
  form_class->save = marrow_injection_form_save;

  g_type_ensure (MARROW_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marrow/Marrow/ui/marrow-injection-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MarrowInjectionForm, name)
  BIND (case_row);
  BIND (performed_at_entry);
  BIND (operator_id_row);
  BIND (assistant_id_row);
  BIND (route_row);
  BIND (target_structure_row);
  BIND (image_guidance_row);
  BIND (image_saved_switch);
  BIND (needle_gauge_row);
  BIND (volume_injected_ml_row);
  BIND (aliquot_row);
  BIND (product_bin);
  BIND (product_message);
  BIND (scan_row);
  BIND (tnc_row);
  BIND (viable_row);
  BIND (per_kg_row);
  BIND (weight_row);
  BIND (weight_warning);
  BIND (other_lots_group);
  BIND (identity_check_done_switch);
  BIND (product_scan_result_row);
  BIND (scan_reason_row);
  BIND (thawed_at_entry);
  BIND (post_thaw_viability_pct_row);
  BIND (is_booster_switch);
  BIND (booster_reason_row);
  BIND (immediate_reaction_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_aliquot_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_apply);
}

static void
marrow_injection_form_init (MarrowInjectionForm *self)
{
  self->weights = g_ptr_array_new_with_free_func (g_object_unref);
  self->other_times = g_ptr_array_new_with_free_func (g_free);
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_lot_choice_free);
  self->offered = g_ptr_array_new ();
  self->other_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
