/* marrow-store.c: the storage interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wrappers check their arguments and dispatch to the implementation;
 * marrow_store_open() picks the implementation from the location, as
 * GnuCash's backend providers do by URI scheme (style.md section 8).
 */
#define G_LOG_DOMAIN "marrow-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-sqlite-store.h"
#include "marrow-store.h"

G_DEFINE_QUARK (marrow-store-error-quark, marrow_store_error)

G_DEFINE_INTERFACE (MarrowStore, marrow_store, G_TYPE_OBJECT)

static void
marrow_store_default_init (MarrowStoreInterface *iface)
{
}

/**
 * marrow_problem_new:
 * @kind: "integrity", "foreign_key", "audit_chain" or "schema"
 * @message: one line naming the problem and where it is
 *
 * Returns: (transfer full): a new problem
 */
MarrowProblem *
marrow_problem_new (const char *kind,
                    const char *message)
{
  MarrowProblem *problem;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (MarrowProblem, 1);
  problem->kind = g_strdup (kind);
  problem->message = g_strdup (message);
  return problem;
}

void
marrow_problem_free (MarrowProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->kind);
  g_free (problem->message);
  g_free (problem);
}

/**
 * marrow_problem_list_new:
 *
 * Returns: (transfer full) (element-type MarrowProblem): an empty list that
 *   frees its problems
 */
GPtrArray *
marrow_problem_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)marrow_problem_free);
}

/**
 * marrow_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/marrow/marrow.db`
 */
char *
marrow_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "marrow", "marrow.db", NULL);
}

/**
 * marrow_store_open:
 * @location: a file path, `sqlite:PATH` (also `sqlite:///abs/path`),
 *   a `file://` URI, or (later) a `postgresql://` URI
 * @create: create the database if it does not exist yet
 * @error: return location for a #GError
 *
 * Opens (and upgrades, see docs/store.md) the database at @location.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
MarrowStore *
marrow_store_open (const char  *location,
                   gboolean     create,
                   GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_SUPPORTED,
                   _("PostgreSQL databases are not supported by this version of Marrow yet; "
                     "use a local SQLite database file"));
      return NULL;
    }

  if (g_str_has_prefix (location, "sqlite:"))
    {
      const char *rest = location + strlen ("sqlite:");

      /* sqlite:///abs/path is the URL spelling of sqlite:/abs/path */
      if (g_str_has_prefix (rest, "//"))
        rest += 2;
      path = g_strdup (rest);
    }
  else if (g_str_has_prefix (location, "file://"))
    {
      path = g_filename_from_uri (location, NULL, error);
      if (path == NULL)
        return NULL;
    }
  else if (strstr (location, "://") != NULL)
    {
      g_autofree char *scheme = g_uri_parse_scheme (location);

      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_SUPPORTED,
                   _("Unknown kind of database location “%s:”; use a file path"),
                   scheme != NULL ? scheme : location);
      return NULL;
    }
  else
    path = g_strdup (location);

  if (*path == '\0')
    {
      g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_FOUND,
                   _("No database file was named"));
      return NULL;
    }

  return MARROW_STORE (marrow_sqlite_store_new_for_path (path, create, error));
}

static gboolean
not_supported (MarrowStore  *self,
               const char   *what,
               GError      **error)
{
  g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_NOT_SUPPORTED,
               "%s does not implement %s", G_OBJECT_TYPE_NAME (self), what);
  return FALSE;
}

/**
 * marrow_store_apply:
 * @self: a #MarrowStore
 * @changes: the changes to save together
 * @error: return location for a #GError
 *
 * Saves every change of @changes, with its audit rows, in one transaction:
 * either all of them are written or none.  On success the records in
 * @changes get their new row version and created/updated metadata.
 */
gboolean
marrow_store_apply (MarrowStore      *self,
                    MarrowChangeSet  *changes,
                    GError          **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->apply == NULL)
    return not_supported (self, "apply", error);
  return iface->apply (self, changes, error);
}

/**
 * marrow_store_insert:
 *
 * Saves one new record (a change set of one insert).
 */
gboolean
marrow_store_insert (MarrowStore   *self,
                     MarrowRecord  *record,
                     GError       **error)
{
  g_autoptr(MarrowChangeSet) changes = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);

  changes = marrow_change_set_new ();
  marrow_change_set_add_insert (changes, record);
  return marrow_store_apply (self, changes, error);
}

/**
 * marrow_store_update:
 *
 * Saves the changed fields of @record, provided nobody else saved it since
 * it was read (else %MARROW_STORE_ERROR_STALE).
 */
gboolean
marrow_store_update (MarrowStore   *self,
                     MarrowRecord  *record,
                     GError       **error)
{
  g_autoptr(MarrowChangeSet) changes = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);

  changes = marrow_change_set_new ();
  marrow_change_set_add_update (changes, record);
  return marrow_store_apply (self, changes, error);
}

/**
 * marrow_store_void:
 * @reason: (nullable): why the record is entered in error; a missing
 *   reason is refused with %MARROW_STORE_ERROR_INVALID
 *
 * Marks @record as entered in error.  Nothing is ever deleted.
 */
gboolean
marrow_store_void (MarrowStore   *self,
                   MarrowRecord  *record,
                   const char    *reason,
                   GError       **error)
{
  g_autoptr(MarrowChangeSet) changes = NULL;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);

  changes = marrow_change_set_new ();
  marrow_change_set_add_void (changes, record, reason);
  return marrow_store_apply (self, changes, error);
}

/**
 * marrow_store_lookup:
 *
 * Returns: (transfer full) (nullable): the record with @id (voided ones
 *   too), or %NULL with %MARROW_STORE_ERROR_NOT_FOUND
 */
MarrowRecord *
marrow_store_lookup (MarrowStore            *self,
                     const MarrowEntityDef  *entity,
                     const char             *id,
                     GError                **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->lookup == NULL)
    {
      not_supported (self, "lookup", error);
      return NULL;
    }
  return iface->lookup (self, entity, id, error);
}

/**
 * marrow_store_find:
 * @query: (nullable): what to list; %NULL lists every record that is not
 *   voided, in creation order
 *
 * Loads every matching record at once; use marrow_store_list() for lists
 * that can be long.
 *
 * Returns: (transfer full) (element-type MarrowRecord) (nullable): the records
 */
GPtrArray *
marrow_store_find (MarrowStore            *self,
                   const MarrowEntityDef  *entity,
                   const MarrowListQuery  *query,
                   GError                **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->find == NULL)
    {
      not_supported (self, "find", error);
      return NULL;
    }
  return iface->find (self, entity, query, error);
}

/**
 * marrow_store_find_by:
 * @field: the field to match
 * @value: the value it must have
 * @order_by: (nullable): the field to sort by; %NULL for creation order
 *
 * marrow_store_find() for the common query: the records, not voided, whose
 * @field is @value (the harvests of a case, the lots of a run …).
 *
 * Returns: (transfer full) (element-type MarrowRecord) (nullable): the records
 */
GPtrArray *
marrow_store_find_by (MarrowStore            *self,
                      const MarrowEntityDef  *entity,
                      const char             *field,
                      const char             *value,
                      const char             *order_by,
                      GError                **error)
{
  MarrowListQuery query = {
    .order_by = order_by,
    .filter_field = field,
    .filter_value = value,
  };

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  return marrow_store_find (self, entity, &query, error);
}

/**
 * marrow_store_list:
 * @query: (nullable): what to list
 *
 * Returns: (transfer full) (nullable): a #GListModel of #MarrowRecord that
 *   loads its rows on demand and reloads itself after this store saves a
 *   change to the table
 */
GListModel *
marrow_store_list (MarrowStore            *self,
                   const MarrowEntityDef  *entity,
                   const MarrowListQuery  *query,
                   GError                **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->list == NULL)
    {
      not_supported (self, "list", error);
      return NULL;
    }
  return iface->list (self, entity, query, error);
}

/**
 * marrow_store_list_patients:
 * @self: a #MarrowStore
 * @search: (nullable): what the user typed to find a patient: parts of
 *   names, a medical record number, a date of birth (ISO or the locale's
 *   format); %NULL or empty for every patient
 * @order: the order of the list
 * @error: return location for a #GError
 *
 * The patients that are not entered in error and match @search, as a
 * lazily loaded list that the store reloads after a save.  The search runs
 * on the store's indexes (docs/store.md §4.1).
 *
 * Returns: (transfer full) (nullable): a #GListModel of patient
 *   #MarrowRecord<!-- -->s
 */
GListModel *
marrow_store_list_patients (MarrowStore         *self,
                            const char          *search,
                            MarrowPatientOrder   order,
                            GError             **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (order == MARROW_PATIENT_ORDER_NAME ||
                        order == MARROW_PATIENT_ORDER_LAST_ACTIVITY, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->list_patients == NULL)
    {
      not_supported (self, "list_patients", error);
      return NULL;
    }
  return iface->list_patients (self, search, order, error);
}

/**
 * marrow_store_count:
 * @count: (out): the number of records
 */
gboolean
marrow_store_count (MarrowStore            *self,
                    const MarrowEntityDef  *entity,
                    gboolean                include_voided,
                    gint64                 *count,
                    GError                **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->count == NULL)
    return not_supported (self, "count", error);
  return iface->count (self, entity, include_voided, count, error);
}

/**
 * marrow_store_log_event:
 * @action: print, export, import, sign, login, logout, role_change or
 *   config_change (create, update and void are written by apply)
 * @table_name: (nullable): the table the event is about
 * @record_id: (nullable): the record the event is about
 * @detail_json: (nullable): a JSON text with details (stored as after_json)
 *
 * Appends an event to the audit log (its own transaction).
 */
gboolean
marrow_store_log_event (MarrowStore  *self,
                        const char   *action,
                        const char   *table_name,
                        const char   *record_id,
                        const char   *detail_json,
                        GError      **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->log_event == NULL)
    return not_supported (self, "log_event", error);
  return iface->log_event (self, action, table_name, record_id, detail_json, error);
}

/**
 * marrow_store_get_setting:
 * @key: the setting, e.g. "facility_code"
 * @value: (out) (transfer full) (nullable): its value, %NULL when unset
 *
 * Returns: %FALSE with @error set if the database could not be read
 */
gboolean
marrow_store_get_setting (MarrowStore  *self,
                          const char   *key,
                          char        **value,
                          GError      **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *value = NULL;
  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->get_setting == NULL)
    return not_supported (self, "get_setting", error);
  return iface->get_setting (self, key, value, error);
}

/**
 * marrow_store_set_setting:
 * @key: the setting
 * @value: its new value
 * @secret: keep the value out of the audit log (a key, a password)
 *
 * Sets a site setting and logs a "config_change" event in the same
 * transaction; the event names the setting and, unless @secret, the value.
 *
 * Returns: %TRUE on success
 */
gboolean
marrow_store_set_setting (MarrowStore  *self,
                          const char   *key,
                          const char   *value,
                          gboolean      secret,
                          GError      **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->set_setting == NULL)
    return not_supported (self, "set_setting", error);
  return iface->set_setting (self, key, value, secret, error);
}

/**
 * marrow_store_check:
 *
 * Checks the database (integrity, foreign keys, audit chain, row versions)
 * without changing it.
 *
 * Returns: (transfer full) (element-type MarrowProblem) (nullable): the
 *   problems found (empty when healthy), or %NULL with @error set if the
 *   check itself could not run
 */
GPtrArray *
marrow_store_check (MarrowStore  *self,
                    GError      **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->check == NULL)
    {
      not_supported (self, "check", error);
      return NULL;
    }
  return iface->check (self, error);
}

/**
 * marrow_store_get_staff_id:
 *
 * Returns: (nullable): staff.id of the acting user (the member chosen with
 *   marrow_store_set_acting_staff(), else the operating-system login), or
 *   %NULL before the login's first save created its staff row
 */
const char *
marrow_store_get_staff_id (MarrowStore *self)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  return iface->get_staff_id != NULL ? iface->get_staff_id (self) : NULL;
}

/**
 * marrow_store_register_staff:
 * @self: a #MarrowStore
 * @error: return location for a #GError
 *
 * The staff id of the acting user, for the `*_by` fields a service fills
 * itself.  The store creates a user's staff row with their first write
 * only, and until then has no id to give; a "login" event is then that
 * first write.  Call this only once every check has passed, so that a
 * refused operation writes nothing (checks before it can use
 * %MARROW_STORE_PENDING_STAFF_ID in the fields).
 *
 * Returns: (nullable): the acting user's staff.id, or %NULL with @error set
 */
const char *
marrow_store_register_staff (MarrowStore  *self,
                             GError      **error)
{
  const char *staff_id;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  staff_id = marrow_store_get_staff_id (self);
  if (staff_id != NULL)
    return staff_id;

  if (!marrow_store_log_event (self, "login", NULL, NULL, NULL, error))
    return NULL;

  staff_id = marrow_store_get_staff_id (self);
  if (staff_id == NULL)
    g_set_error (error, MARROW_STORE_ERROR, MARROW_STORE_ERROR_FAILED,
                 _("The current user could not be registered as a staff member"));
  return staff_id;
}

/**
 * marrow_store_set_acting_staff:
 * @self: a #MarrowStore
 * @staff_id: (nullable): the id of an active staff row, or %NULL for the
 *   operating-system login (docs/store.md §2.4)
 * @error: return location for a #GError
 *
 * Chooses who the next writes are by: their audit rows, `created_by`,
 * `updated_by` and acknowledgements name this member from now on.  The
 * switch itself is a `login` audit event written by the member chosen.
 * A member who is not an active staff row is refused
 * (%MARROW_STORE_ERROR_NOT_FOUND, %MARROW_STORE_ERROR_INVALID) and the
 * acting member stays as it was.
 *
 * Returns: %TRUE if @staff_id acts from now on
 */
gboolean
marrow_store_set_acting_staff (MarrowStore  *self,
                               const char   *staff_id,
                               GError      **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->set_acting_staff == NULL)
    {
      not_supported (self, "set_acting_staff", error);
      return FALSE;
    }
  return iface->set_acting_staff (self, staff_id, error);
}

/**
 * marrow_store_get_location:
 *
 * Returns: the location the store was opened from (for SQLite the
 *   absolute file path)
 */
const char *
marrow_store_get_location (MarrowStore *self)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);

  iface = MARROW_STORE_GET_IFACE (self);
  return iface->get_location != NULL ? iface->get_location (self) : NULL;
}

/* The instrument definitions are the same for every storage backend, so
 * they hang off the interface, not a vfunc. */
static GQuark
instruments_quark (void)
{
  return g_quark_from_static_string ("marrow-store-instruments");
}

/**
 * marrow_store_set_instruments:
 * @self: a #MarrowStore
 * @registry: (nullable): the definitions to check and score assessments
 *   with, or %NULL to load the default ones when first needed
 *
 * Tests and the application set this; otherwise the store loads the
 * bundled definitions and the practice's own on first use.
 */
void
marrow_store_set_instruments (MarrowStore              *self,
                              MarrowInstrumentRegistry *registry)
{
  g_return_if_fail (MARROW_IS_STORE (self));
  g_return_if_fail (registry == NULL || MARROW_IS_INSTRUMENT_REGISTRY (registry));

  g_object_set_qdata_full (G_OBJECT (self), instruments_quark (),
                           registry != NULL ? g_object_ref (registry) : NULL, g_object_unref);
}

/**
 * marrow_store_get_instruments:
 * @self: a #MarrowStore
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the instrument definitions, or %NULL with
 *   @error naming a broken definition file
 */
MarrowInstrumentRegistry *
marrow_store_get_instruments (MarrowStore  *self,
                              GError      **error)
{
  MarrowInstrumentRegistry *registry;

  g_return_val_if_fail (MARROW_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  registry = g_object_get_qdata (G_OBJECT (self), instruments_quark ());
  if (registry == NULL)
    {
      registry = marrow_instrument_registry_load_default (error);
      if (registry == NULL)
        return NULL;
      g_object_set_qdata_full (G_OBJECT (self), instruments_quark (), registry, g_object_unref);
    }
  return registry;
}

/**
 * marrow_store_foreach:
 * @self: a #MarrowStore
 * @entity: the record type
 * @query: (nullable): what to visit and in which order
 * @func: called for each record, one at a time
 * @user_data: closure for @func
 * @error: return location for a #GError
 *
 * Visits records without holding them all in memory: the way to stream a
 * large table (export).  The records handed to @func are only borrowed.
 *
 * Returns: %TRUE if every record was visited
 */
gboolean
marrow_store_foreach (MarrowStore            *self,
                      const MarrowEntityDef  *entity,
                      const MarrowListQuery  *query,
                      MarrowRecordFunc        func,
                      gpointer                user_data,
                      GError                **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->foreach == NULL)
    {
      not_supported (self, "foreach", error);
      return FALSE;
    }
  return iface->foreach (self, entity, query, func, user_data, error);
}

/**
 * marrow_store_import_begin:
 * @self: a #MarrowStore
 * @source: what is imported (a file name), for the audit trail
 * @error: return location for a #GError
 *
 * Starts an import: one write transaction until marrow_store_import_end().
 * Records keep their UUIDs and metadata; ordinary saves are refused while
 * the import runs.
 *
 * Returns: %TRUE if the import may go on
 */
gboolean
marrow_store_import_begin (MarrowStore  *self,
                           const char   *source,
                           GError      **error)
{
  MarrowStoreInterface *iface;

  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MARROW_STORE_GET_IFACE (self);
  if (iface->import_begin == NULL)
    {
      not_supported (self, "import", error);
      return FALSE;
    }
  return iface->import_begin (self, source, error);
}

/**
 * marrow_store_import_record:
 * @self: a #MarrowStore inside marrow_store_import_begin()
 * @record: a record as exported, with its UUID and metadata
 * @outcome: (out): added, skipped (identical) or in conflict
 * @error: return location for a #GError
 *
 * Checks the record as a save would (hard limits, instrument answers) and
 * writes it unless a record with its UUID exists.  References must point to
 * records imported earlier or already stored.
 *
 * Returns: %FALSE with @error set if the record is invalid or cannot be
 *   written; the import must then be ended without commit
 */
gboolean
marrow_store_import_record (MarrowStore          *self,
                            MarrowRecord         *record,
                            MarrowImportOutcome  *outcome,
                            GError              **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (MARROW_IS_RECORD (record), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (MARROW_STORE_GET_IFACE (self)->import_record != NULL, FALSE);

  return MARROW_STORE_GET_IFACE (self)->import_record (self, record, outcome, error);
}

/**
 * marrow_store_import_end:
 * @self: a #MarrowStore inside marrow_store_import_begin()
 * @commit: %TRUE to keep what was imported, %FALSE to drop all of it
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the import was committed (or, without @commit, rolled
 *   back)
 */
gboolean
marrow_store_import_end (MarrowStore  *self,
                         gboolean      commit,
                         GError      **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (MARROW_STORE_GET_IFACE (self)->import_end != NULL, FALSE);

  return MARROW_STORE_GET_IFACE (self)->import_end (self, commit, error);
}

/**
 * marrow_store_foreach_audit:
 * @self: a #MarrowStore
 * @func: (scope call): called for every row
 * @user_data: closure for @func
 * @error: return location for a #GError
 *
 * Calls @func for every row of this database's own audit log, in seq
 * order, then for the audit logs of other databases that imports brought
 * in, by origin and seq.  Memory does not grow with the log.
 *
 * Returns: %TRUE if every row was visited
 */
gboolean
marrow_store_foreach_audit (MarrowStore         *self,
                            MarrowAuditRowFunc   func,
                            gpointer             user_data,
                            GError             **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (MARROW_STORE_GET_IFACE (self)->foreach_audit != NULL, FALSE);

  return MARROW_STORE_GET_IFACE (self)->foreach_audit (self, func, user_data, error);
}

/**
 * marrow_store_import_audit_row:
 * @self: a #MarrowStore inside marrow_store_import_begin()
 * @row: a row of some database's audit log
 * @outcome: (out): added, skipped (already there, identical) or conflict
 * @error: return location for a #GError
 *
 * Keeps @row of another database's audit log (or checks it against this
 * database's own log when @row->origin is this database).  The rows of one
 * origin must come in seq order from 1, each linked to the one before and
 * with a hash that matches its content: a log that was edited, shortened
 * in the middle or reordered is refused.
 *
 * Returns: %FALSE if the row is refused or could not be written
 */
gboolean
marrow_store_import_audit_row (MarrowStore           *self,
                               const MarrowAuditRow  *row,
                               MarrowImportOutcome   *outcome,
                               GError               **error)
{
  g_return_val_if_fail (MARROW_IS_STORE (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (MARROW_STORE_GET_IFACE (self)->import_audit_row != NULL, FALSE);

  return MARROW_STORE_GET_IFACE (self)->import_audit_row (self, row, outcome, error);
}
