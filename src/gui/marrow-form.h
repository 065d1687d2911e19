/* marrow-form.h: the base of every record form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-change-set.h"
#include "marrow-store.h"

G_BEGIN_DECLS

#define MARROW_TYPE_FORM (marrow_form_get_type ())

G_DECLARE_DERIVABLE_TYPE (MarrowForm, marrow_form, MARROW, FORM, AdwBin)

/**
 * MarrowFormClass:
 * @prepare: called once when the record is set, before its values are
 *   shown: fill choices that come from the store (staff, the patient's
 *   cases …) and, for a new record, preset defaults in @record
 * @show_record: show the fields the form binds by hand
 *   (marrow_form_bind_message()) from @record
 * @read_record: write the fields bound by hand into @record; called on
 *   every change, after the bound controls have been read
 * @add_changes: add what one save writes to @changes; the default inserts
 *   or updates the record.  A form that saves several records (a
 *   processing run with its tests and lots) adds them here.
 * @collect_children: append the forms of child records that this form
 *   shows (a run's QC tests and lots, a lot's aliquots) to @children; the
 *   dialog validates, acknowledges and saves them with the form
 *   (marrow-form-tree.h)
 * @check_composite: the checks across records, run after the record's own
 *   rules passed (a run needs an input harvest, an injection the core's
 *   finalisation checks); append soft warnings to @warnings, return
 *   %FALSE with a #MARROW_VALIDATION_ERROR naming the field for a hard one
 * @save: save through a service instead of marrow_store_apply(); @also
 *   holds the acknowledgements, to be written in the same transaction
 * @is_modified: whether something the form holds outside its record
 *   changed (an assessment's answers); marrow_form_is_modified() asks it
 *   after comparing the record
 */
struct _MarrowFormClass
{
  AdwBinClass parent_class;

  gboolean (*prepare)     (MarrowForm       *self,
                           MarrowStore      *store,
                           MarrowRecord     *record,
                           gboolean          is_new,
                           GError          **error);
  void     (*show_record) (MarrowForm       *self,
                           MarrowRecord     *record);
  void     (*read_record) (MarrowForm       *self,
                           MarrowRecord     *record);
  void     (*add_changes) (MarrowForm       *self,
                           MarrowChangeSet  *changes,
                           gboolean          is_new);
  void     (*collect_children) (MarrowForm     *self,
                                GPtrArray      *children);
  gboolean (*check_composite)  (MarrowForm     *self,
                                GPtrArray      *warnings,
                                GError        **error);
  gboolean (*save)             (MarrowForm      *self,
                                MarrowChangeSet *also,
                                GError         **error);
  gboolean (*is_modified)      (MarrowForm      *self);

  /*< private >*/
  gpointer padding[4];
};

void           marrow_form_bind             (MarrowForm          *self,
                                             const char          *field,
                                             GtkWidget           *control);
void           marrow_form_bind_choices     (MarrowForm          *self,
                                             const char          *field,
                                             AdwComboRow         *row,
                                             const char * const  *codes,
                                             const char * const  *labels);
gboolean       marrow_form_bind_reference   (MarrowForm          *self,
                                             const char          *field,
                                             AdwComboRow         *row,
                                             const char          *filter_field,
                                             const char          *filter_value,
                                             GError             **error);
void           marrow_form_bind_message     (MarrowForm          *self,
                                             const char          *field,
                                             GtkWidget           *anchor);

gboolean       marrow_form_set_record       (MarrowForm          *self,
                                             MarrowStore         *store,
                                             MarrowRecord        *record,
                                             gboolean             is_new,
                                             GError             **error);
MarrowRecord  *marrow_form_get_record       (MarrowForm          *self);
MarrowStore   *marrow_form_get_store        (MarrowForm          *self);
gboolean       marrow_form_get_is_new       (MarrowForm          *self);
void           marrow_form_changed          (MarrowForm          *self);

gboolean       marrow_form_is_valid         (MarrowForm          *self);
gboolean       marrow_form_is_modified      (MarrowForm          *self);
const char    *marrow_form_get_problem      (MarrowForm          *self);
GPtrArray     *marrow_form_get_warnings     (MarrowForm          *self);
const char    *marrow_form_get_message      (MarrowForm          *self,
                                             const char          *field);
void           marrow_form_show_all_errors  (MarrowForm          *self);
gboolean       marrow_form_show_error       (MarrowForm          *self,
                                             const GError        *error);
void           marrow_form_add_changes      (MarrowForm          *self,
                                             MarrowChangeSet     *changes);

void           marrow_form_set_accessible_label (GtkWidget       *control,
                                                 const char      *label);
void           marrow_form_name_buttons_once    (GtkWidget       *root);

G_END_DECLS
