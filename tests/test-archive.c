/* test-archive.c: the Marrow archive: round trip, merge, hostile files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-archive"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "marrow-archive.h"
#include "marrow-assessment-service.h"
#include "marrow-entities.h"
#include "marrow-fhir-export.h"
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>
#include "marrow-sqlite-store-private.h"
#include "marrow-test-samples.h"
#include "marrow-test-util.h"

typedef struct
{
  char        *dir;
  MarrowStore *source;   /* the sample chain, a voided record, assessments */
  MarrowStore *target;   /* empty */
  GPtrArray   *chain;
} Fixture;

static MarrowStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  MarrowStore *store = marrow_store_open (path, TRUE, &error);

  g_assert_no_error (error);
  return store;
}

static void
fill_source (Fixture *fixture)
{
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  MarrowRecord *assessment = marrow_test_sample_find (fixture->chain, "assessment");
  g_autoptr(MarrowInstrumentRegistry) registry = NULL;
  g_autoptr(MarrowAnswers) answers = NULL;
  g_autoptr(MarrowRecord) second = NULL;
  g_autofree char *new_id = g_uuid_string_random ();

  for (guint i = 0; i < fixture->chain->len; i++)
    marrow_change_set_add_insert (changes, fixture->chain->pdata[i]);
  g_assert_true (marrow_store_apply (fixture->source, changes, &error));
  g_assert_no_error (error);

  /* A voided record keeps its reason through the round trip */
  g_assert_true (marrow_store_void (fixture->source,
                                    marrow_test_sample_find (fixture->chain, "limit_ack"),
                                    "Entered twice, <see> \"note\" & more", &error));
  g_assert_no_error (error);

  /* A full questionnaire with a missing answer (NULL) and fractions */
  registry = g_object_ref (marrow_store_get_instruments (fixture->source, &error));
  g_assert_no_error (error);
  answers = marrow_answers_new (marrow_instrument_registry_lookup (registry, "ASES", NULL));
  g_assert_true (marrow_answers_set (answers, "pain", 3.3, &error));
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *item = g_strdup_printf ("ADL%u", i);

      g_assert_true (marrow_answers_set (answers, item, i % 4, &error));
    }
  second = marrow_record_copy (assessment);
  marrow_record_set_id (second, new_id);
  marrow_record_set_null (second, "instrument_code");
  marrow_record_set_null (second, "instrument_version");
  marrow_record_set_null (second, "scoring_version");
  g_assert_true (marrow_store_record_assessment (fixture->source, second, answers, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-test-archive-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->source = open_store (fixture, "source.db");
  fixture->target = open_store (fixture, "target.db");
  fixture->chain = marrow_test_sample_chain ();
  fill_source (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->chain, g_ptr_array_unref);
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->target);
  marrow_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static GBytes *
export_bytes (MarrowStore *store)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_archive_export (store, NULL, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const void *data,
            gsize       len)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize)len, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
import_file (MarrowStore                      *store,
             GFile                            *file,
             const MarrowArchiveImportOptions *options,
             MarrowArchiveImportSummary       *summary,
             GError                          **error)
{
  return marrow_archive_import (store, file, options, summary, NULL, NULL, NULL, error);
}

/* Row counts of every table and of the audit log: "unchanged" means these */
static char *
fingerprint (MarrowStore *store)
{
  GString *out = g_string_new (NULL);
  const MarrowEntityDef * const *entities;
  sqlite3 *db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (store));
  sqlite3_stmt *stmt = NULL;
  guint n;

  entities = marrow_entity_all (&n);
  for (guint i = 0; i < n; i++)
    {
      gint64 count = 0;

      g_assert_true (marrow_store_count (store, entities[i], TRUE, &count, NULL));
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT " ", entities[i]->name, count);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), max(seq) FROM audit_log", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (out, "audit=%lld/%lld", (long long)sqlite3_column_int64 (stmt, 0),
                          (long long)sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) first = export_bytes (fixture->source);
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GFile) file = write_file (fixture, "a.xml", g_bytes_get_data (first, NULL),
                                      g_bytes_get_size (first));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  MarrowArchiveImportSummary summary;
  gint64 n_records = 0;

  g_assert_true (import_file (fixture->target, file, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.skipped, ==, 0);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_cmpuint (summary.added, >, 0);

  /* The audit log names every record written, in rows of at most 256 */
  {
    sqlite3 *db = marrow_sqlite_store_get_db (MARROW_SQLITE_STORE (fixture->target));
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "SELECT count(*), count(DISTINCT json_extract(r.value, '$[1]')), "
                                         "(SELECT max(json_array_length(after_json, '$.records')) "
                                         " FROM audit_log WHERE action = 'import') "
                                         "FROM audit_log, json_each(after_json, '$.records') AS r "
                                         "WHERE action = 'import'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, (gint64)summary.added);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, (gint64)summary.added);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 2), <=, 256);
    sqlite3_finalize (stmt);
  }
  marrow_archive_import_summary_clear (&summary);

  second = export_bytes (fixture->target);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (second, NULL), g_bytes_get_size (second));

  /* The imported database is sound, audit chain included */
  problems = marrow_store_check (fixture->target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (marrow_store_count (fixture->target, &marrow_entity_limit_ack, TRUE, &n_records,
                                     NULL));
  g_assert_cmpint (n_records, ==, 1);
  /* The physician's guidance decision, with its inputs snapshot */
  {
    MarrowRecord *decision = marrow_test_sample_find (fixture->chain, "guidance_decision");
    g_autoptr(MarrowRecord) imported = marrow_store_lookup (fixture->target,
                                                            &marrow_entity_guidance_decision,
                                                            marrow_record_get_id (decision), &error);

    g_assert_no_error (error);
    g_assert_true (marrow_record_equal (imported, decision));
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                                    "<records table=\"guidance_decision\">"));
  }
}

static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = export_bytes (fixture->source);
  g_autoptr(GFile) file = write_file (fixture, "a.xml", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  MarrowArchiveImportOptions dry = { TRUE, FALSE };
  MarrowArchiveImportOptions skip = { FALSE, TRUE };
  MarrowArchiveImportSummary summary;

  /* Into the database it came from: everything is already there */
  before = fingerprint (fixture->source);
  g_assert_true (import_file (fixture->source, file, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.skipped, >, 20);
  marrow_archive_import_summary_clear (&summary);
  after = fingerprint (fixture->source);
  g_assert_cmpstr (before, ==, after);

  /* One record changed: a conflict stops the import, nothing is written */
  parts = g_strsplit (text, "Dr. Robin Sample", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_free (text);
  text = g_strjoinv ("Dr. Robin Changed", parts);
  changed = write_file (fixture, "changed.xml", text, strlen (text));

  g_assert_false (import_file (fixture->source, changed, NULL, &summary, &error));
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_CONFLICT);
  g_assert_cmpuint (summary.conflicts, ==, 1);
  g_assert_cmpuint (summary.conflict_lines->len, ==, 1);
  marrow_archive_import_summary_clear (&summary);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = fingerprint (fixture->source);
  g_assert_cmpstr (before, ==, after);

  /* A dry run into the empty database counts and writes nothing */
  g_clear_pointer (&before, g_free);
  before = fingerprint (fixture->target);
  g_assert_true (import_file (fixture->target, changed, &dry, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, >, 20);
  marrow_archive_import_summary_clear (&summary);
  g_clear_pointer (&after, g_free);
  after = fingerprint (fixture->target);
  g_assert_cmpstr (before, ==, after);

  /* Skipping conflicts imports the rest and leaves the conflict untouched */
  g_assert_true (import_file (fixture->source, changed, &skip, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.conflicts, ==, 1);
  g_assert_cmpuint (summary.added, ==, 0);
  marrow_archive_import_summary_clear (&summary);
}

typedef struct
{
  const char *name;
  const char *content;
  const char *expect;    /* in the message */
  gboolean    has_line;
  gsize       len;       /* 0: up to the first NUL */
} Hostile;

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT "<archive xmlns=\"urn:marrow:archive:1\" formatVersion=\"1.0\">\n"

static const Hostile hostile[] = {
  { "doctype-entity", HEAD "<!DOCTYPE archive [<!ENTITY x \"y\">]>\n" ROOT "</archive>\n",
    "DOCTYPE", TRUE },
  { "billion-laughs", HEAD "<!DOCTYPE a [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>\n"
    ROOT "<records table=\"staff\">&b;</records></archive>\n", "DOCTYPE", TRUE },
  { "xxe-file", HEAD "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" ROOT "&x;</archive>",
    "DOCTYPE", TRUE },
  { "external-dtd", HEAD "<!DOCTYPE archive SYSTEM \"http://127.0.0.1:9/a.dtd\">\n" ROOT "</archive>",
    "DOCTYPE", TRUE },
  { "xinclude", HEAD ROOT "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
    "href=\"/etc/passwd\" parse=\"text\"/></archive>\n", "", TRUE },
  { "processing-instruction", HEAD "<?xml-stylesheet href=\"http://127.0.0.1:9/x.xsl\"?>\n" ROOT
    "</archive>\n", "processing instructions", TRUE },
  { "gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00", "compressed", FALSE, 8 },
  { "xz", "\xfd" "7zXZ\0\0", "compressed", FALSE, 7 },
  { "utf16", "\xff\xfe<\0?\0x\0m\0l\0", "UTF-16", FALSE, 12 },
  { "nul-byte", HEAD ROOT "\0</archive>", "NUL", TRUE, sizeof (HEAD ROOT) + 11 },
  { "latin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" ROOT "</archive>\n", "UTF-8",
    FALSE },
  { "deep", HEAD ROOT "<records table=\"staff\"><record><f><x><y>1</y></x></f></record></records>"
    "</archive>\n", "", TRUE },
  { "wrong-namespace", HEAD "<archive xmlns=\"urn:marrow:archive:2\" formatVersion=\"1.0\"/>\n", "",
    TRUE },
  { "truncated", HEAD ROOT "<records table=\"staff\">\n<rec", "", TRUE },
  { "not-xml", "this is not xml", "", TRUE },
  { "empty", "", "empty", FALSE },
  { "unknown-table", HEAD ROOT "<records table=\"secrets\"/>\n</archive>\n", "secrets", TRUE },
  { "bad-uuid", HEAD ROOT "<records table=\"staff\">\n<record id=\"1\" rowVersion=\"1\" status=\"final\" "
    "createdAt=\"2026-01-01T00:00:00.000Z\" createdBy=\"x\" updatedAt=\"2026-01-01T00:00:00.000Z\" "
    "updatedBy=\"x\"/>\n</records>\n</archive>\n", "", TRUE },
};

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *before = fingerprint (fixture->target);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const Hostile *h = &hostile[i];
      gsize len = h->len > 0 ? h->len : strlen (h->content);
      g_autoptr(GFile) file = write_file (fixture, "hostile.xml", h->content, len);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      MarrowArchiveImportSummary summary;

      g_test_message ("%s", h->name);
      g_assert_false (import_file (fixture->target, file, NULL, &summary, &error));
      g_assert_nonnull (error);
      g_test_message ("  %s", error->message);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (strstr (error->message, "root:"));
      g_assert_nonnull (strstr (error->message, h->expect));
      g_assert_nonnull (strstr (error->message, "hostile.xml"));
      if (h->has_line)
        g_assert_nonnull (strstr (error->message, "hostile.xml:"));
      marrow_archive_import_summary_clear (&summary);

      after = fingerprint (fixture->target);
      g_assert_cmpstr (before, ==, after);
    }
}

/* A record that breaks a hard rule, or points nowhere, fails the import at
 * its line and writes nothing */
static void
test_invalid_record (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) bytes = export_bytes (fixture->source);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *before = fingerprint (fixture->target);
  static const struct { const char *from, *to, *expect; } cases[] = {
    { "<f n=\"profession\">physician</f>", "<f n=\"profession\">wizard</f>", "profession" },
    { "<f n=\"can_release\">false</f>", "<f n=\"can_release\">maybe</f>", "can_release" },
    { "<f n=\"login\">dr.sample</f>", "<f n=\"login\">dr.sample</f><f n=\"login\">x</f>", "twice" },
    { "<f n=\"login\">dr.sample</f>", "<f n=\"shoe_size\">44</f>", "shoe_size" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) parts = g_strsplit (text, cases[i].from, 2);
      g_autofree char *broken = g_strjoinv (cases[i].to, parts);
      g_autoptr(GFile) file = write_file (fixture, "broken.xml", broken, strlen (broken));
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      MarrowArchiveImportSummary summary;

      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      g_assert_false (import_file (fixture->target, file, NULL, &summary, &error));
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "broken.xml:"));
      g_assert_nonnull (strstr (error->message, cases[i].expect));
      marrow_archive_import_summary_clear (&summary);
      after = fingerprint (fixture->target);
      g_assert_cmpstr (before, ==, after);
    }
}

/* Errors past line 65535 still name their line (libxml2 keeps node lines
 * in 16 bits unless asked otherwise); both the schema and the decoder */
static void
test_far_line (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) bytes = export_bytes (fixture->source);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *padding = g_strnfill (70000, '\n');
  static const struct { const char *from, *to; } cases[] = {
    { "<f n=\"profession\">physician</f>", "<f n=\"profession\">wizard</f>" },   /* store */
    { "rowVersion=\"1\"", "rowVersion=\"one\"" },                                /* schema */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) head = g_strsplit (text, "<records ", 2);
      g_autofree char *padded = g_strconcat (head[0], padding, "<records ", head[1], NULL);
      g_auto(GStrv) parts = g_strsplit (padded, cases[i].from, 2);
      g_autofree char *broken = g_strjoinv (cases[i].to, parts);
      g_autoptr(GFile) file = write_file (fixture, "far.xml", broken, strlen (broken));
      g_autoptr(GError) error = NULL;
      MarrowArchiveImportSummary summary;
      const char *line;

      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      g_assert_false (import_file (fixture->target, file, NULL, &summary, &error));
      g_test_message ("%s", error->message);
      line = strstr (error->message, "far.xml:");
      g_assert_nonnull (line);
      g_assert_cmpint (atoi (line + strlen ("far.xml:")), >, 70000);
      marrow_archive_import_summary_clear (&summary);
    }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) bytes = export_bytes (fixture->source);
  g_autoptr(GFile) file = write_file (fixture, "a.xml", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = fingerprint (fixture->target);
  g_autofree char *after = NULL;
  MarrowArchiveImportSummary summary;

  g_cancellable_cancel (cancellable);
  g_assert_false (marrow_archive_import (fixture->target, file, NULL, &summary, NULL, NULL,
                                         cancellable, &error));
  g_assert_nonnull (error);
  marrow_archive_import_summary_clear (&summary);
  after = fingerprint (fixture->target);
  g_assert_cmpstr (before, ==, after);
}

static gboolean
count_audit_row (const MarrowAuditRow  *row,
                 gpointer               user_data,
                 GError               **error)
{
  (*(guint64 *)user_data)++;
  return TRUE;
}

static GBytes *
export_with_audit (MarrowStore *store)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  MarrowExchangeScope whole = { .with_audit = TRUE };

  g_assert_true (marrow_archive_export (store, &whole, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Imports @text and expects it refused with @message; nothing changes */
static void
assert_refused (Fixture    *fixture,
                const char *text,
                const char *message)
{
  g_autoptr(GFile) file = write_file (fixture, "bad.xml", text, strlen (text));
  g_autofree char *before = fingerprint (fixture->target);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  MarrowArchiveImportSummary summary;

  g_assert_false (import_file (fixture->target, file, NULL, &summary, &error));
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID);
  if (strstr (error->message, message) == NULL)
    g_error ("expected “%s” in “%s”", message, error->message);
  marrow_archive_import_summary_clear (&summary);
  after = fingerprint (fixture->target);
  g_assert_cmpstr (before, ==, after);
}

/* The audit log travels with a whole-database archive: its chain is
 * verified on import, kept apart, skipped when already there, and a log
 * that was edited or shortened is refused */
static void
test_audit_log (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = export_with_audit (fixture->source);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GFile) file = write_file (fixture, "a.xml", text, strlen (text));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  MarrowExchangeScope one = { .patient_id = NULL, .with_audit = TRUE };
  MarrowArchiveImportSummary summary;
  guint64 n_source = 0;
  guint64 n_target = 0;
  char *second;
  char *third;

  g_assert_true (marrow_store_foreach_audit (fixture->source, count_audit_row, &n_source, NULL));
  g_assert_cmpuint (n_source, >, 2);
  g_assert_nonnull (strstr (text, "formatVersion=\"1.1\""));

  /* A tampered entry: the second one's time is changed */
  second = strstr (text, "<entry seq=\"2\" at=\"");
  g_assert_nonnull (second);
  {
    g_autofree char *tampered = g_strdup (text);
    char *at = tampered + (second - text) + strlen ("<entry seq=\"2\" at=\"");

    at[3] = at[3] == '0' ? '1' : '0';
    assert_refused (fixture, tampered, "was altered");
  }

  /* A missing entry: the second one cut out */
  third = strstr (text, "<entry seq=\"3\"");
  g_assert_nonnull (third);
  {
    g_autofree char *head = g_strndup (text, (gsize)(second - text));
    g_autofree char *cut = g_strconcat (head, third, NULL);

    assert_refused (fixture, cut, "out of sequence");
  }

  /* The whole log: kept, then skipped */
  g_assert_true (import_file (fixture->target, file, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.audit_added, ==, n_source);
  g_assert_cmpuint (summary.audit_skipped, ==, 0);
  marrow_archive_import_summary_clear (&summary);
  g_assert_true (import_file (fixture->target, file, NULL, &summary, &error));
  g_assert_cmpuint (summary.audit_added, ==, 0);
  g_assert_cmpuint (summary.audit_skipped, ==, n_source);
  marrow_archive_import_summary_clear (&summary);

  /* The target's own log and the kept one, both verified */
  g_assert_true (marrow_store_foreach_audit (fixture->target, count_audit_row, &n_target, NULL));
  g_assert_cmpuint (n_target, >, n_source);
  problems = marrow_store_check (fixture->target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Only the whole database carries its log */
  one.patient_id = marrow_record_get_id (marrow_test_sample_find (fixture->chain, "patient"));
  g_assert_false (marrow_archive_export (fixture->source, &one, out, NULL, NULL, NULL, &error));
  g_assert_error (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_INVALID);
}

/* A cancelled export removes a file it created and leaves a file
 * that was there before exactly as it was */
static void
test_cancel_export (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) old_file = write_file (fixture, "old.xml", "old", 3);
  g_autofree char *new_path = g_build_filename (fixture->dir, "new.xml", NULL);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  GFile *files[] = { new_file, old_file };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GOutputStream) out = NULL;
      g_autoptr(GError) error = NULL;

      out = marrow_exchange_create_output (files[i], NULL, &error);
      g_assert_no_error (error);
      g_cancellable_cancel (cancellable);
      g_assert_false (marrow_archive_export (fixture->source, NULL, out, NULL, NULL, cancellable,
                                             &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      marrow_exchange_abandon_output (out);
    }
  g_assert_false (g_file_query_exists (new_file, NULL));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_load_contents (old_file, NULL, &contents, NULL, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old");
  }
}

/* A record the store refuses near the start of a large archive: the
 * writer gives up while the reader still has thousands of records to hand
 * on; the import fails cleanly, naming the record, and changes nothing */
static void
test_refused_early (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) demo = g_file_new_for_uri ("resource:///io/github/marrow/Marrow/exchange/"
                                              "demo-practice.xml");
  g_autoptr(GBytes) shipped = g_file_load_bytes (demo, NULL, NULL, NULL);
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  g_autofree char *bad = NULL;
  const char *profession;

  g_assert_nonnull (shipped);
  text = g_strndup (g_bytes_get_data (shipped, NULL), g_bytes_get_size (shipped));
  profession = strstr (text, "<f n=\"profession\">");
  g_assert_nonnull (profession);
  /* Valid for the XSD (any text), not for the domain model */
  head = g_strndup (text, (gsize)(profession - text));
  bad = g_strconcat (head, "<f n=\"profession\">wizard", strstr (profession, "</f>"), NULL);
  assert_refused (fixture, bad, "profession");
}

/* The demo practice: import -> export gives back exactly the shipped file,
 * and every FHIR bundle of it (the whole practice and each patient)
 * validates against the official R4 schema */
static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GFile) demo = g_file_new_for_uri ("resource:///io/github/marrow/Marrow/exchange/"
                                              "demo-practice.xml");
  g_autoptr(GBytes) shipped = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "fhir-r4-xsd", "fhir-single.xsd",
                                                NULL);
  xmlSchemaParserCtxt *parser;
  xmlExternalEntityLoader loader;
  xmlSchema *schema;
  MarrowArchiveImportSummary summary;

  shipped = g_file_load_bytes (demo, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (import_file (fixture->target, demo, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, >, 10000);
  marrow_archive_import_summary_clear (&summary);

  exported = export_bytes (fixture->target);
  g_assert_true (g_bytes_equal (shipped, exported));

  /* Marrow denies every external entity; the FHIR schema, trusted and local,
   * includes two more files */
  loader = xmlGetExternalEntityLoader ();
  xmlSetExternalEntityLoader (xmlNoNetExternalEntityLoader);
  parser = xmlSchemaNewParserCtxt (xsd);
  schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  xmlSetExternalEntityLoader (loader);
  g_assert_nonnull (schema);

  patients = marrow_store_find (fixture->target, &marrow_entity_patient, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, >=, 40);
  for (guint i = 0; i <= patients->len; i++)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) bundle = NULL;
      MarrowExchangeScope scope = { NULL, NULL };
      xmlSchemaValidCtxt *valid;
      xmlDoc *doc;

      /* i == len: the whole practice in one bundle */
      if (i < patients->len)
        scope.patient_id = marrow_record_get_id (patients->pdata[i]);
      g_assert_true (marrow_fhir_export (fixture->target, &scope, out, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_output_stream_close (out, NULL, NULL);
      bundle = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

      doc = xmlReadMemory (g_bytes_get_data (bundle, NULL), (int)g_bytes_get_size (bundle),
                           "bundle.xml", "UTF-8", XML_PARSE_NONET);
      g_assert_nonnull (doc);
      valid = xmlSchemaNewValidCtxt (schema);
      g_assert_cmpint (xmlSchemaValidateDoc (valid, doc), ==, 0);
      xmlSchemaFreeValidCtxt (valid);
      xmlFreeDoc (doc);
    }
  xmlSchemaFree (schema);
}

static GBytes *
export_scope_bytes (MarrowStore               *store,
                    const MarrowExchangeScope *scope)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (marrow_archive_export (store, scope, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* An archive of one patient or one case imports on its own into an empty
 * database, brings exactly that patient, and exports again byte for byte:
 * the records gathered are complete (references resolve) and no more */
static void
test_scope (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GFile) demo = g_file_new_for_uri ("resource:///io/github/marrow/Marrow/exchange/"
                                              "demo-practice.xml");
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  MarrowArchiveImportSummary summary;
  guint n_allogeneic = 0;

  g_assert_true (import_file (fixture->target, demo, NULL, &summary, &error));
  g_assert_no_error (error);
  marrow_archive_import_summary_clear (&summary);
  cases = marrow_store_find (fixture->target, &marrow_entity_joint_case, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < cases->len; i += 4)
    {
      MarrowRecord *jcase = cases->pdata[i];
      gboolean by_case = (i / 4) % 2 == 1;
      MarrowExchangeScope scope = {
        by_case ? NULL : marrow_record_get_text (jcase, "patient_id"),
        by_case ? marrow_record_get_id (jcase) : NULL,
      };
      g_autofree char *name = g_strdup_printf ("scope-%u.db", i);
      g_autoptr(MarrowStore) alone = open_store (fixture, name);
      g_autoptr(GBytes) first = export_scope_bytes (fixture->target, &scope);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GFile) file = write_file (fixture, "scope.xml", g_bytes_get_data (first, NULL),
                                          g_bytes_get_size (first));
      gint64 n = 0;

      g_test_message ("%s %s: %" G_GSIZE_FORMAT " bytes", by_case ? "case" : "patient",
                      by_case ? scope.case_id : scope.patient_id, g_bytes_get_size (first));
      g_assert_true (import_file (alone, file, NULL, &summary, &error));
      g_assert_no_error (error);
      marrow_archive_import_summary_clear (&summary);

      g_assert_true (marrow_store_count (alone, &marrow_entity_patient, TRUE, &n, NULL));
      g_assert_cmpint (n, ==, 1);
      {
        g_autoptr(MarrowRecord) found = marrow_store_lookup (alone, &marrow_entity_joint_case,
                                                             marrow_record_get_id (jcase), NULL);

        g_assert_nonnull (found);
      }
      if (by_case)
        {
          g_assert_true (marrow_store_count (alone, &marrow_entity_joint_case, TRUE, &n, NULL));
          g_assert_cmpint (n, ==, 1);
        }
      g_assert_true (marrow_store_count (alone, &marrow_entity_product_lot, TRUE, &n, NULL));
      {
        gint64 autologous = 0;
        g_autoptr(GPtrArray) lots = marrow_store_find (alone, &marrow_entity_product_lot, NULL,
                                                       NULL);

        for (guint l = 0; l < lots->len; l++)
          if (marrow_record_get_text (lots->pdata[l], "source_patient_id") != NULL)
            autologous++;
        n_allogeneic += (guint)(n - autologous);
      }

      again = export_scope_bytes (alone, &scope);
      g_assert_true (g_bytes_equal (first, again));
    }
  /* The demo injects allogeneic lots: some archive carried one along */
  g_assert_cmpuint (n_allogeneic, >, 0);
}

static gint64
count_of (MarrowStore           *store,
          const MarrowEntityDef *entity)
{
  gint64 n = 0;

  g_assert_true (marrow_store_count (store, entity, TRUE, &n, NULL));
  return n;
}

/* A case's archive carries the decisions on that case (and the physician
 * who made them), not those on the patient's other cases; the patient's
 * archive carries both */
static void
test_scope_decisions (Fixture       *fixture,
                      gconstpointer  data)
{
  MarrowRecord *jcase = marrow_test_sample_find (fixture->chain, "joint_case");
  MarrowRecord *decision = marrow_test_sample_find (fixture->chain, "guidance_decision");
  g_autoptr(MarrowRecord) other_case = marrow_record_copy (jcase);
  g_autoptr(MarrowRecord) other_decision = marrow_record_copy (decision);
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *decision_id = g_uuid_string_random ();
  g_autoptr(MarrowChangeSet) changes = marrow_change_set_new ();
  g_autoptr(GError) error = NULL;
  const char *scopes[][2] = {
    { NULL, marrow_record_get_id (jcase) },
    { marrow_record_get_text (jcase, "patient_id"), NULL },
  };

  marrow_record_set_id (other_case, case_id);
  marrow_record_set_row_version (other_case, 0);
  marrow_record_set_text (other_case, "side", "right");
  marrow_record_set_id (other_decision, decision_id);
  marrow_record_set_row_version (other_decision, 0);
  marrow_record_set_text (other_decision, "joint_case_id", case_id);
  marrow_record_set_text (other_decision, "decision", "accept");
  marrow_record_set_null (other_decision, "chosen_action");
  marrow_change_set_add_insert (changes, other_case);
  marrow_change_set_add_insert (changes, other_decision);
  g_assert_true (marrow_store_apply (fixture->source, changes, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      MarrowExchangeScope scope = { scopes[i][0], scopes[i][1] };
      g_autofree char *name = g_strdup_printf ("decisions-%u.db", i);
      g_autoptr(MarrowStore) alone = open_store (fixture, name);
      g_autoptr(GBytes) bytes = export_scope_bytes (fixture->source, &scope);
      g_autoptr(GFile) file = write_file (fixture, "decisions.xml", g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes));
      g_autoptr(MarrowRecord) found = NULL;
      g_autoptr(MarrowRecord) author = NULL;
      MarrowArchiveImportSummary summary;

      g_assert_true (import_file (alone, file, NULL, &summary, &error));
      g_assert_no_error (error);
      marrow_archive_import_summary_clear (&summary);

      found = marrow_store_lookup (alone, &marrow_entity_guidance_decision,
                                   marrow_record_get_id (decision), &error);
      g_assert_no_error (error);
      g_assert_true (marrow_record_equal (found, decision));
      author = marrow_store_lookup (alone, &marrow_entity_staff,
                                    marrow_record_get_text (decision, "decided_by"), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (marrow_record_get_text (author, "login"), ==, "dr.sample");
      g_assert_cmpint (count_of (alone, &marrow_entity_guidance_decision), ==, i == 0 ? 1 : 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/archive/round-trip", test_round_trip);
  ADD ("/archive/merge", test_merge);
  ADD ("/archive/hostile", test_hostile);
  ADD ("/archive/invalid-record", test_invalid_record);
  ADD ("/archive/cancel", test_cancel);
  ADD ("/archive/far-line", test_far_line);
  ADD ("/archive/scope", test_scope);
  ADD ("/archive/scope-decisions", test_scope_decisions);
  ADD ("/archive/cancel-export", test_cancel_export);
  ADD ("/archive/audit-log", test_audit_log);
  ADD ("/archive/refused-early", test_refused_early);
  ADD ("/archive/demo", test_demo);

#undef ADD

  return g_test_run ();
}
