/* marrow-form-test-util.h: the harness of the form display tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "marrow-application.h"
#include "marrow-date-entry.h"
#include "marrow-form-dialog.h"
#include "marrow-store.h"

G_BEGIN_DECLS

typedef struct
{
  char             *tmpdir;
  char             *db_path;
  MarrowStore      *store;
  MarrowRecord     *patient;
  MarrowFormDialog *dialog;
  MarrowRecord     *saved;
} Fixture;

void              fixture_setup           (Fixture               *fixture,
                                           gconstpointer          data);
void              fixture_teardown        (Fixture               *fixture,
                                           gconstpointer          data);
gboolean          wait_for                (gboolean             (*check) (gpointer),
                                           gpointer               data);
gboolean          dialog_gone             (gpointer               data);
MarrowForm       *open_dialog             (Fixture               *fixture,
                                           MarrowRecord          *record,
                                           gboolean               is_new);
MarrowForm       *open_dialog_for_patient (Fixture               *fixture,
                                           MarrowRecord          *record,
                                           gboolean               is_new,
                                           const char            *patient_id);
GtkWidget        *child                   (gpointer               widget,
                                           GType                  type,
                                           const char            *name);
GtkWidget        *dialog_child            (Fixture               *fixture,
                                           const char            *name);
gboolean          save_enabled            (Fixture               *fixture);
void              type_text               (GtkWidget             *editable,
                                           const char            *text);
void              type_date               (GtkWidget             *date_entry,
                                           const char            *date,
                                           const char            *time);
void              choose                  (GtkWidget             *combo,
                                           const MarrowEntityDef *entity,
                                           const char            *field,
                                           const char            *code);
void              choose_label            (GtkWidget             *combo,
                                           const char            *prefix);
void              assert_message          (MarrowForm            *form,
                                           const char            *field,
                                           const char            *part);
void              assert_row_marked       (GtkWidget             *control,
                                           gboolean               marked);
GtkWidget        *first_reason_row        (Fixture               *fixture);
void              save                    (Fixture               *fixture);
MarrowRecord     *lookup                  (Fixture               *fixture,
                                           const MarrowEntityDef *entity,
                                           const char            *id);
GPtrArray        *acknowledgements_of     (Fixture               *fixture,
                                           MarrowRecord          *record);
void              screenshot              (Fixture               *fixture,
                                           const char            *name);
guint             assert_named_once       (GtkWidget             *root);
AdwMessageDialog *find_message_dialog     (void);
AdwMessageDialog *wait_for_message_dialog (void);
void              answer                  (AdwMessageDialog      *dialog,
                                           const char            *response);
MarrowRecord     *new_child_of_patient    (Fixture               *fixture,
                                           const MarrowEntityDef *entity);
MarrowRecord     *insert_case             (Fixture               *fixture);
MarrowRecord     *fixture_open_demo       (Fixture               *fixture,
                                           const char            *local_id,
                                           const char            *site,
                                           const char            *side);

MarrowApplication *form_test_init          (int                   *argc,
                                           char                ***argv);

G_END_DECLS
