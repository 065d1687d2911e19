/* marrow-store.h: the storage interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core and the UI talk to storage only through MarrowStore.  SQLite is
 * the first implementation (MarrowSqliteStore); a PostgreSQL one can follow
 * by implementing the same vfuncs, chosen by the URI scheme in
 * marrow_store_open().
 */
#pragma once

#include <gio/gio.h>

#include "marrow-change-set.h"
#include "marrow-instrument-registry.h"
#include "marrow-record.h"

G_BEGIN_DECLS

#define MARROW_STORE_ERROR (marrow_store_error_quark ())

/* The *_by value of a record checked before its author has a staff row
 * (marrow_store_register_staff()); never stored */
#define MARROW_STORE_PENDING_STAFF_ID "00000000-0000-0000-0000-000000000000"

/**
 * MarrowStoreError:
 * @MARROW_STORE_ERROR_FAILED: an unexpected database failure
 * @MARROW_STORE_ERROR_NOT_FOUND: no record (or no database file) of that name
 * @MARROW_STORE_ERROR_STALE: the record was changed by someone else since it
 *   was read (its row_version no longer matches); nothing was written
 * @MARROW_STORE_ERROR_CONSTRAINT: a unique or foreign key constraint failed
 * @MARROW_STORE_ERROR_CORRUPT: the file is not a Marrow database or is damaged
 * @MARROW_STORE_ERROR_TOO_NEW: the database was written by a newer Marrow
 * @MARROW_STORE_ERROR_EXISTS: a database already exists where one was to be created
 * @MARROW_STORE_ERROR_NOT_SUPPORTED: the URI names a backend this build lacks
 * @MARROW_STORE_ERROR_INVALID: the change was refused by the store's own
 *   rules (a void without a reason, an ID that cannot be issued).  A record
 *   that breaks a validation rule fails with its %MARROW_VALIDATION_ERROR
 *   instead, which names the field.
 */
typedef enum
{
  MARROW_STORE_ERROR_FAILED,
  MARROW_STORE_ERROR_NOT_FOUND,
  MARROW_STORE_ERROR_STALE,
  MARROW_STORE_ERROR_CONSTRAINT,
  MARROW_STORE_ERROR_CORRUPT,
  MARROW_STORE_ERROR_TOO_NEW,
  MARROW_STORE_ERROR_EXISTS,
  MARROW_STORE_ERROR_NOT_SUPPORTED,
  MARROW_STORE_ERROR_INVALID,
} MarrowStoreError;

GQuark marrow_store_error_quark (void);

/**
 * MarrowListQuery:
 * @order_by: (nullable): a field of the entity to sort by (ascending), %NULL for creation order
 * @descending: reverse the order
 * @filter_field: (nullable): only rows whose text field equals @filter_value
 * @filter_value: (nullable): the value for @filter_field
 * @include_voided: also list records entered in error
 */
typedef struct
{
  const char *order_by;
  gboolean    descending;
  const char *filter_field;
  const char *filter_value;
  gboolean    include_voided;
} MarrowListQuery;

/**
 * MarrowProblem:
 * @kind: "integrity", "foreign_key", "audit_chain" or "schema"
 * @message: one line that names the problem and where it is
 */
typedef struct
{
  char *kind;
  char *message;
} MarrowProblem;

MarrowProblem *marrow_problem_new       (const char    *kind,
                                         const char    *message);
void           marrow_problem_free      (MarrowProblem *problem);
GPtrArray     *marrow_problem_list_new  (void);

/**
 * MarrowRecordFunc:
 * @record: (transfer none): one record
 * @user_data: closure
 * @error: return location for a #GError
 *
 * Returns: %TRUE to go on, %FALSE with @error set to stop
 */
typedef gboolean (*MarrowRecordFunc) (MarrowRecord  *record,
                                      gpointer       user_data,
                                      GError       **error);

/**
 * MarrowImportOutcome:
 * @MARROW_IMPORT_ADDED: the record was new and has been written
 * @MARROW_IMPORT_SKIPPED: an identical record (same UUID, same content) exists
 * @MARROW_IMPORT_CONFLICT: a record with this UUID exists with other content;
 *   nothing was written
 */
typedef enum
{
  MARROW_IMPORT_ADDED,
  MARROW_IMPORT_SKIPPED,
  MARROW_IMPORT_CONFLICT,
} MarrowImportOutcome;

/**
 * MarrowAuditRow:
 * @origin: the `database_id` of the database whose audit log the row is in
 * @seq: its place in that log (from 1)
 * @at: the instant of the change
 * @staff_id: (nullable): who
 * @workstation: (nullable): where
 * @action: create, update, void, … (docs/store.md §5)
 * @table_name: (nullable): the record's table
 * @record_id: (nullable): the record
 * @row_version: the record's version after the change, if @has_row_version
 * @has_row_version: whether @row_version is set
 * @before_json: (nullable): the row before
 * @after_json: (nullable): the row after, or an event's detail
 * @reason: (nullable): why
 * @prev_hash: the hash of the row before it in its log
 * @hash: its own hash (docs/store.md §5.1)
 *
 * One row of an audit log, as a Marrow archive carries it.
 */
typedef struct
{
  const char *origin;
  gint64      seq;
  const char *at;
  const char *staff_id;
  const char *workstation;
  const char *action;
  const char *table_name;
  const char *record_id;
  gint64      row_version;
  gboolean    has_row_version;
  const char *before_json;
  const char *after_json;
  const char *reason;
  const char *prev_hash;
  const char *hash;
} MarrowAuditRow;

/**
 * MarrowAuditRowFunc:
 * @row: (transfer none): one audit row
 * @user_data: closure
 * @error: return location for a #GError
 *
 * Returns: %TRUE to go on, %FALSE with @error set to stop
 */
typedef gboolean (*MarrowAuditRowFunc) (const MarrowAuditRow  *row,
                                        gpointer               user_data,
                                        GError               **error);

/**
 * MarrowPatientOrder:
 * @MARROW_PATIENT_ORDER_NAME: by family name, then given names
 * @MARROW_PATIENT_ORDER_LAST_ACTIVITY: the most recently changed patient
 *   first: the latest change to the patient or to their weights, cases,
 *   harvests, injections, assessments or adverse events
 */
typedef enum
{
  MARROW_PATIENT_ORDER_NAME,
  MARROW_PATIENT_ORDER_LAST_ACTIVITY,
} MarrowPatientOrder;

#define MARROW_TYPE_STORE (marrow_store_get_type ())

G_DECLARE_INTERFACE (MarrowStore, marrow_store, MARROW, STORE, GObject)

struct _MarrowStoreInterface
{
  GTypeInterface parent_iface;

  gboolean      (*apply)         (MarrowStore           *self,
                                  MarrowChangeSet       *changes,
                                  GError               **error);
  MarrowRecord *(*lookup)        (MarrowStore           *self,
                                  const MarrowEntityDef *entity,
                                  const char            *id,
                                  GError               **error);
  GPtrArray    *(*find)          (MarrowStore           *self,
                                  const MarrowEntityDef *entity,
                                  const MarrowListQuery *query,
                                  GError               **error);
  GListModel   *(*list)          (MarrowStore           *self,
                                  const MarrowEntityDef *entity,
                                  const MarrowListQuery *query,
                                  GError               **error);
  gboolean      (*count)         (MarrowStore           *self,
                                  const MarrowEntityDef *entity,
                                  gboolean               include_voided,
                                  gint64                *count,
                                  GError               **error);
  gboolean      (*log_event)     (MarrowStore           *self,
                                  const char            *action,
                                  const char            *table_name,
                                  const char            *record_id,
                                  const char            *detail_json,
                                  GError               **error);
  GPtrArray    *(*check)         (MarrowStore           *self,
                                  GError               **error);
  gboolean      (*get_setting)   (MarrowStore           *self,
                                  const char            *key,
                                  char                 **value,
                                  GError               **error);
  gboolean      (*set_setting)   (MarrowStore           *self,
                                  const char            *key,
                                  const char            *value,
                                  gboolean               secret,
                                  GError               **error);
  gboolean      (*foreach)       (MarrowStore           *self,
                                  const MarrowEntityDef *entity,
                                  const MarrowListQuery *query,
                                  MarrowRecordFunc       func,
                                  gpointer               user_data,
                                  GError               **error);
  gboolean      (*import_begin)  (MarrowStore           *self,
                                  const char            *source,
                                  GError               **error);
  gboolean      (*import_record) (MarrowStore           *self,
                                  MarrowRecord          *record,
                                  MarrowImportOutcome   *outcome,
                                  GError               **error);
  gboolean      (*import_end)    (MarrowStore           *self,
                                  gboolean               commit,
                                  GError               **error);
  gboolean      (*foreach_audit) (MarrowStore           *self,
                                  MarrowAuditRowFunc     func,
                                  gpointer               user_data,
                                  GError               **error);
  gboolean      (*import_audit_row) (MarrowStore        *self,
                                     const MarrowAuditRow *row,
                                     MarrowImportOutcome  *outcome,
                                     GError              **error);
  const char   *(*get_staff_id)  (MarrowStore           *self);
  gboolean      (*set_acting_staff) (MarrowStore        *self,
                                     const char         *staff_id,
                                     GError            **error);
  const char   *(*get_location)  (MarrowStore           *self);
  GListModel   *(*list_patients) (MarrowStore           *self,
                                  const char            *search,
                                  MarrowPatientOrder     order,
                                  GError               **error);
};

MarrowStore  *marrow_store_open          (const char            *location,
                                          gboolean               create,
                                          GError               **error);
char         *marrow_store_default_path  (void);

gboolean      marrow_store_apply         (MarrowStore           *self,
                                          MarrowChangeSet       *changes,
                                          GError               **error);
gboolean      marrow_store_insert        (MarrowStore           *self,
                                          MarrowRecord          *record,
                                          GError               **error);
gboolean      marrow_store_update        (MarrowStore           *self,
                                          MarrowRecord          *record,
                                          GError               **error);
gboolean      marrow_store_void          (MarrowStore           *self,
                                          MarrowRecord          *record,
                                          const char            *reason,
                                          GError               **error);
MarrowRecord *marrow_store_lookup        (MarrowStore           *self,
                                          const MarrowEntityDef *entity,
                                          const char            *id,
                                          GError               **error);
GPtrArray    *marrow_store_find          (MarrowStore           *self,
                                          const MarrowEntityDef *entity,
                                          const MarrowListQuery *query,
                                          GError               **error);
GPtrArray    *marrow_store_find_by       (MarrowStore           *self,
                                          const MarrowEntityDef *entity,
                                          const char            *field,
                                          const char            *value,
                                          const char            *order_by,
                                          GError               **error);
GListModel   *marrow_store_list          (MarrowStore           *self,
                                          const MarrowEntityDef *entity,
                                          const MarrowListQuery *query,
                                          GError               **error);
GListModel   *marrow_store_list_patients (MarrowStore           *self,
                                          const char            *search,
                                          MarrowPatientOrder     order,
                                          GError               **error);
gboolean      marrow_store_count         (MarrowStore           *self,
                                          const MarrowEntityDef *entity,
                                          gboolean               include_voided,
                                          gint64                *count,
                                          GError               **error);
gboolean      marrow_store_log_event     (MarrowStore           *self,
                                          const char            *action,
                                          const char            *table_name,
                                          const char            *record_id,
                                          const char            *detail_json,
                                          GError               **error);
GPtrArray    *marrow_store_check         (MarrowStore           *self,
                                          GError               **error);
gboolean      marrow_store_get_setting   (MarrowStore           *self,
                                          const char            *key,
                                          char                 **value,
                                          GError               **error);
gboolean      marrow_store_set_setting   (MarrowStore           *self,
                                          const char            *key,
                                          const char            *value,
                                          gboolean               secret,
                                          GError               **error);
gboolean      marrow_store_foreach       (MarrowStore           *self,
                                          const MarrowEntityDef *entity,
                                          const MarrowListQuery *query,
                                          MarrowRecordFunc       func,
                                          gpointer               user_data,
                                          GError               **error);
gboolean      marrow_store_import_begin  (MarrowStore           *self,
                                          const char            *source,
                                          GError               **error);
gboolean      marrow_store_import_record (MarrowStore           *self,
                                          MarrowRecord          *record,
                                          MarrowImportOutcome   *outcome,
                                          GError               **error);
gboolean      marrow_store_import_end    (MarrowStore           *self,
                                          gboolean               commit,
                                          GError               **error);
gboolean      marrow_store_foreach_audit (MarrowStore           *self,
                                          MarrowAuditRowFunc     func,
                                          gpointer               user_data,
                                          GError               **error);
gboolean      marrow_store_import_audit_row (MarrowStore          *self,
                                             const MarrowAuditRow *row,
                                             MarrowImportOutcome  *outcome,
                                             GError              **error);
const char   *marrow_store_get_staff_id  (MarrowStore           *self);
const char   *marrow_store_register_staff (MarrowStore          *self,
                                           GError              **error);
gboolean      marrow_store_set_acting_staff (MarrowStore         *self,
                                             const char          *staff_id,
                                             GError             **error);
const char   *marrow_store_get_location  (MarrowStore           *self);

void                      marrow_store_set_instruments (MarrowStore              *self,
                                                        MarrowInstrumentRegistry *registry);
MarrowInstrumentRegistry *marrow_store_get_instruments (MarrowStore              *self,
                                                        GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowProblem, marrow_problem_free)

G_END_DECLS
