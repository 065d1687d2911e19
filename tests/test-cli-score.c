/* test-cli-score.c: marrow-cli score and marrow-cli instruments, run as real
 * processes, against the scoring contract (instruments-contract.md, shared
 * docs) and prom-scoring.md section 13
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every marrow-cli gets its own $XDG_CONFIG_HOME (a fresh temporary folder),
 * so a developer's ~/.config/marrow/instruments/ never leaks in, and the
 * override tests write their definitions there.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "marrow-test-util.h"

/* ------------------------------------------------------------------------ */
/* The contract table (instruments-contract.md), in the order of the ids.
 * Item lists use "S1-7" for S1 … S7.  best/worst are answers that give the
 * listed scores (extremes of every scale). */

typedef struct
{
  const char *id;
  const char *items;
  const char *scores;
  const char *best;
  const char *best_scores;
  const char *worst;
  const char *worst_scores;
} Contract;

#define KOOS_ITEMS "S1-7 P1-9 A1-17 SP1-5 Q1-4"
#define HOOS_ITEMS "S1-5 P1-10 A1-17 SP1-4 Q1-4"
#define WOMAC_ITEMS "P1-5 S1-2 F1-17"
#define IKDC_ITEMS "1 2 3 4 5 6 7 8 9a 9b 9c 9d 9e 9f 9g 9h 9i 10"
#define SUBSCALES "symptoms pain adl sport_rec qol"

static const Contract contract[] = {
  { "ASES", "pain ADL1-10", "score",
    "pain=0 ADL1-10=3", "100", "pain=10 ADL1-10=0", "0" },
  { "GLOBAL_VAS", "global", "global", "global=0", "0", "global=100", "100" },
  { "HOOS", HOOS_ITEMS, SUBSCALES,
    HOOS_ITEMS "=0", "100 100 100 100 100", HOOS_ITEMS "=4", "0 0 0 0 0" },
  { "HOOS_JR", "P5 P10 A3 A5 A12 A14", "raw interval",
    "P5 P10 A3 A5 A12 A14=0", "0 100", "P5 P10 A3 A5 A12 A14=4", "24 0" },
  { "IKDC", IKDC_ITEMS, "score",
    "1=4 2=0 3=0 4=4 5=4 6=1 7=4 8=4 9a 9b 9c 9d 9e 9f 9g 9h 9i=4 10=10", "100",
    "1=0 2=10 3=10 4=0 5=0 6=0 7=0 8=0 9a 9b 9c 9d 9e 9f 9g 9h 9i=0 10=0", "0" },
  { "KOOS", KOOS_ITEMS, SUBSCALES,
    KOOS_ITEMS "=0", "100 100 100 100 100", KOOS_ITEMS "=4", "0 0 0 0 0" },
  { "KOOS_JR", "S6 P2 P3 P6 P9 A3 A5", "raw interval",
    "S6 P2 P3 P6 P9 A3 A5=0", "0 100", "S6 P2 P3 P6 P9 A3 A5=4", "28 0" },
  { "LYSHOLM", "limp support locking instability pain swelling stairs squatting", "score",
    "limp=5 support=5 locking=15 instability=25 pain=25 swelling=10 stairs=10 squatting=5", "100",
    "limp support locking instability pain swelling stairs squatting=0", "0" },
  { "OHS", "Q1-12", "total", "Q1-12=4", "48", "Q1-12=0", "0" },
  { "OKS", "Q1-12", "total", "Q1-12=4", "48", "Q1-12=0", "0" },
  { "OSS", "Q1-12", "total", "Q1-12=4", "48", "Q1-12=0", "0" },
  { "PAIN_NRS", "pain", "pain", "pain=0", "0", "pain=10", "10" },
  { "PAIN_VAS", "pain", "pain", "pain=0", "0", "pain=100", "100" },
  { "TEGNER", "level", "level", "level=10", "10", "level=0", "0" },
  { "WOMAC", WOMAC_ITEMS,
    "pain stiffness function total pain_pct stiffness_pct function_pct total_pct",
    WOMAC_ITEMS "=0", "0 0 0 0 0 0 0 0", WOMAC_ITEMS "=4", "20 8 68 96 100 100 100 100" },
};

static const Contract *
find_contract (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    if (strcmp (contract[i].id, id) == 0)
      return &contract[i];
  return NULL;
}

/* "S1-3 P1 9a" -> { "S1", "S2", "S3", "P1", "9a" } */
static GStrv
expand_ids (const char *list)
{
  g_auto(GStrv) tokens = g_strsplit_set (list, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *token = tokens[i];
      const char *dash = strchr (token, '-');

      if (*token == '\0')
        continue;
      if (dash != NULL)
        {
          const char *digits = dash;
          g_autofree char *prefix = NULL;
          int first;
          int last;

          while (digits > token && g_ascii_isdigit (digits[-1]))
            digits--;
          g_assert_true (digits < dash);
          prefix = g_strndup (token, (gsize)(digits - token));
          first = atoi (digits);
          last = atoi (dash + 1);
          g_assert_cmpint (first, <=, last);
          for (int n = first; n <= last; n++)
            {
              g_autofree char *id = g_strdup_printf ("%s%d", prefix, n);

              g_strv_builder_add (builder, id);
            }
        }
      else
        g_strv_builder_add (builder, token);
    }
  return g_strv_builder_end (builder);
}

/* Answers as JSON from "S1-3=2 P1=null P2=2.5": groups of ids (as in
 * expand_ids; several ids before one "=VALUE" share it), each followed by
 * the JSON text of the value.  A later value for an id replaces the
 * earlier one. */
static char *
answers_json (const char *spec)
{
  g_auto(GStrv) tokens = g_strsplit_set (spec, " ", -1);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) pending = g_string_new (NULL);
  GString *json = g_string_new ("{");

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *equals = strchr (tokens[i], '=');
      g_auto(GStrv) ids = NULL;

      if (*tokens[i] == '\0')
        continue;
      g_string_append_printf (pending, " %.*s",
                              equals != NULL ? (int)(equals - tokens[i]) : (int)strlen (tokens[i]),
                              tokens[i]);
      if (equals == NULL)
        continue;

      ids = expand_ids (pending->str);
      g_string_truncate (pending, 0);
      for (guint j = 0; ids[j] != NULL; j++)
        {
          if (!g_hash_table_contains (values, ids[j]))
            g_ptr_array_add (order, g_strdup (ids[j]));
          g_hash_table_insert (values, g_strdup (ids[j]), g_strdup (equals + 1));
        }
    }
  g_assert_cmpuint (pending->len, ==, 0);

  for (guint i = 0; i < order->len; i++)
    g_string_append_printf (json, "%s\"%s\": %s", i > 0 ? ", " : "", (char *)order->pdata[i],
                            (char *)g_hash_table_lookup (values, order->pdata[i]));
  g_string_append (json, "}");
  return g_string_free (json, FALSE);
}

/* The item ids answered in @spec, space separated, in the order given */
static char *
spec_ids (const char *spec)
{
  g_autofree char *json = answers_json (spec);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  GString *ids = g_string_new (NULL);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  members = json_object_get_members (json_node_get_object (json_parser_get_root (parser)));
  for (GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", (char *)l->data);
  return g_string_free (ids, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Fixture: a temporary folder used as $XDG_CONFIG_HOME */

typedef struct
{
  char *dir;
  char *config;
  char *instruments;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("marrow-cli-score-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config = g_build_filename (fixture->dir, "config", NULL);
  g_assert_cmpint (g_mkdir (fixture->config, 0700), ==, 0);
  fixture->instruments = g_build_filename (fixture->config, "marrow", "instruments", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  marrow_test_remove_tree (fixture->dir);
  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));
  g_free (fixture->instruments);
  g_free (fixture->config);
  g_free (fixture->dir);
}

static char *
write_override (Fixture    *fixture,
                const char *name,
                const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->instruments, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (fixture->instruments, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------------ */
/* Running marrow-cli */

typedef struct
{
  int   status;   /* the exit status, or -1 if it did not exit normally */
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = -1;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs marrow-cli ARGS with @input (NULL: standard input closed at once) or
 * the file @input_path on standard input */
static void
run_cli_argv (Fixture            *fixture,
              CliRun             *run,
              const char         *input,
              const char         *input_path,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  const char *cli = g_getenv ("MARROW_CLI");

  g_assert_nonnull (cli);
  g_assert_true (input == NULL || input_path == NULL);

  if (input_path == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  if (input_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->config, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", fixture->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  g_ptr_array_add (argv, (char *)cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  cli_run_clear (run);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run->out);
  g_assert_nonnull (run->err);
  if (g_subprocess_get_if_exited (process))
    run->status = g_subprocess_get_exit_status (process);
  if (run->status < 0)
    g_test_message ("marrow-cli %s did not exit normally; stderr: %s",
                    args[0], run->err);
}

static void run_cli (Fixture    *fixture,
                     CliRun     *run,
                     const char *input,
                     ...) G_GNUC_NULL_TERMINATED;

/* run_cli (fixture, &run, INPUT, "score", "KOOS", NULL) */
static void
run_cli (Fixture    *fixture,
         CliRun     *run,
         const char *input,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_cli_argv (fixture, run, input, NULL, (const char * const *)args->pdata);
}

static guint
count_newlines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    {
      g_test_message ("expected “%s” in: %s", needle, haystack);
      g_assert_nonnull (strstr (haystack, needle));
    }
}

static void
assert_success (const CliRun *run)
{
  if (run->status != 0 || run->err[0] != '\0')
    g_test_message ("exit status %d, stderr: %s", run->status, run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

/* Exit status 2, nothing on standard output, one line on standard error
 * holding every NULL-terminated needle */
static void
assert_failure (const CliRun *run,
                ...) G_GNUC_NULL_TERMINATED;

static void
assert_failure (const CliRun *run,
                ...)
{
  const char *needle;
  va_list ap;

  if (run->status != 2)
    g_test_message ("exit status %d, stdout: %s, stderr: %s", run->status, run->out, run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  if (count_newlines (run->err) != 1)
    g_test_message ("stderr: %s", run->err);
  g_assert_cmpuint (count_newlines (run->err), ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (g_str_has_prefix (run->err, "marrow-cli: "));
  g_assert_cmpuint (strlen (run->err), >, strlen ("marrow-cli: \n"));

  va_start (ap, run);
  while ((needle = va_arg (ap, const char *)) != NULL)
    assert_contains (run->err, needle);
  va_end (ap);
}

/* ------------------------------------------------------------------------ */
/* The output of marrow-cli score */

typedef struct
{
  JsonParser *parser;
  JsonObject *scores;
  char       *out;
} Scored;

static void
scored_free (Scored *scored)
{
  g_clear_object (&scored->parser);
  g_free (scored->out);
  g_free (scored);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scored, scored_free)

/* RFC 8259 number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
is_json_number (const char *text,
                gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  return p == end;
}

/* The text printed for @key in the scores object of @out */
static char *
score_text (const char *out,
            const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":", key);
  const char *scores = strstr (out, "\"scores\":");
  const char *start;
  const char *end;

  g_assert_nonnull (scores);
  start = strstr (scores, needle);
  g_assert_nonnull (start);
  start += strlen (needle);
  while (*start == ' ')
    start++;
  end = start;
  while (*end != '\0' && *end != ',' && *end != '}' && *end != ' ' && *end != '\n')
    end++;
  return g_strndup (start, (gsize)(end - start));
}

/* Checks the output of a successful score run against the contract and
 * returns it parsed */
static Scored *
parse_scores (const CliRun *run,
              const char   *id,
              const char   *keys)
{
  g_autoptr(Scored) scored = g_new0 (Scored, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) key_list = NULL;
  const char *scores_text;
  const char *previous;
  JsonNode *root;
  JsonObject *object;
  JsonNode *instrument;

  if (keys == NULL)
    {
      const Contract *entry = find_contract (id);

      g_assert (entry != NULL);
      keys = entry->scores;
    }
  key_list = expand_ids (keys);

  assert_success (run);
  /* exactly one line */
  g_assert_cmpuint (count_newlines (run->out), ==, 1);
  g_assert_true (g_str_has_suffix (run->out, "\n"));

  scored->out = g_strdup (run->out);
  scored->parser = json_parser_new ();
  json_parser_load_from_data (scored->parser, run->out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (scored->parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);

  /* exactly "instrument" and "scores" */
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  instrument = json_object_get_member (object, "instrument");
  g_assert_nonnull (instrument);
  g_assert_true (JSON_NODE_HOLDS_VALUE (instrument));
  g_assert_true (json_node_get_value_type (instrument) == G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (instrument), ==, id);
  g_assert_true (json_object_has_member (object, "scores"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "scores")));
  scored->scores = json_object_get_object_member (object, "scores");

  /* exactly the contract's keys, in its order; each a number or null,
   * printed as a JSON number that reads back as exactly the same double */
  g_assert_cmpuint (json_object_get_size (scored->scores), ==, g_strv_length (key_list));
  scores_text = strstr (run->out, "\"scores\":");
  g_assert_nonnull (scores_text);
  previous = scores_text;
  for (guint i = 0; key_list[i] != NULL; i++)
    {
      g_autofree char *needle = g_strdup_printf ("\"%s\":", key_list[i]);
      g_autofree char *text = score_text (run->out, key_list[i]);
      const char *at = strstr (scores_text, needle);
      JsonNode *node = json_object_get_member (scored->scores, key_list[i]);

      if (node == NULL)
        g_test_message ("score “%s” missing in %s", key_list[i], run->out);
      g_assert_nonnull (node);
      g_assert_nonnull (at);
      g_assert_true (at > previous);
      previous = at;

      if (JSON_NODE_HOLDS_NULL (node))
        {
          g_assert_cmpstr (text, ==, "null");
          continue;
        }
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64 ||
                     json_node_get_value_type (node) == G_TYPE_DOUBLE);
      if (!is_json_number (text, strlen (text)))
        g_test_message ("“%s” is not a JSON number", text);
      g_assert_true (is_json_number (text, strlen (text)));
      g_assert_true (g_ascii_strtod (text, NULL) == json_node_get_double (node));
    }

  return g_steal_pointer (&scored);
}

/* Scores the answers in @spec (see answers_json) with marrow-cli score ID
 * [OPTIONS…] and checks the shape of the output.  @keys: the score keys, or
 * NULL for the contract's. */
static Scored *
score_ok (Fixture    *fixture,
          const char *id,
          const char *keys,
          const char *spec,
          ...) G_GNUC_NULL_TERMINATED;

static Scored *
score_ok (Fixture    *fixture,
          const char *id,
          const char *keys,
          const char *spec,
          ...)
{
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *input = answers_json (spec);
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *)"score");
  g_ptr_array_add (args, (char *)id);
  va_start (ap, spec);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_cli_argv (fixture, &run, input, NULL, (const char * const *)args->pdata);
  if (run.status != 0)
    g_test_message ("input: %s", input);
  return parse_scores (&run, id, keys);
}

/* FALSE if the score is null */
static gboolean
scored_get (Scored     *scored,
            const char *key,
            double     *value)
{
  JsonNode *node = json_object_get_member (scored->scores, key);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

static void
assert_score (Scored     *scored,
              const char *key,
              double      expected,
              double      tolerance)
{
  double value = 0;

  if (!scored_get (scored, key, &value))
    g_test_message ("%s is null in %s", key, scored->out);
  g_assert_true (scored_get (scored, key, &value));
  g_assert_cmpfloat_with_epsilon (value, expected, tolerance);
}

/* The exact double, up to 1e-12 relative (the order of floating point
 * operations may differ from the engine's) */
static void
assert_score_exact (Scored     *scored,
                    const char *key,
                    double      expected)
{
  double value = 0;

  if (!scored_get (scored, key, &value))
    g_test_message ("%s is null in %s", key, scored->out);
  g_assert_true (scored_get (scored, key, &value));
  if (expected == 0)
    g_assert_cmpfloat (value, ==, 0);
  else
    g_assert_cmpfloat (ABS (value - expected) / ABS (expected), <=, 1e-12);
}

static void
assert_score_null (Scored     *scored,
                   const char *key)
{
  double value = 0;

  if (scored_get (scored, key, &value))
    g_test_message ("%s is %g, expected null, in %s", key, value, scored->out);
  g_assert_false (scored_get (scored, key, &value));
}

/* Every key in @keys has the value in the space-separated @values */
static void
assert_scores_list (Scored     *scored,
                    const char *keys,
                    const char *values)
{
  g_auto(GStrv) key_list = expand_ids (keys);
  g_auto(GStrv) value_list = g_strsplit (values, " ", -1);

  g_assert_cmpuint (g_strv_length (key_list), ==, g_strv_length (value_list));
  for (guint i = 0; key_list[i] != NULL; i++)
    assert_score (scored, key_list[i], g_ascii_strtod (value_list[i], NULL), 1e-9);
}

/* ------------------------------------------------------------------------ */
/* 1. Output shape for every instrument */

static void
test_shape (Fixture       *fixture,
            gconstpointer  data)
{
  const Contract *entry = data;
  g_auto(GStrv) keys = expand_ids (entry->scores);
  g_auto(GStrv) items = expand_ids (entry->items);
  g_autofree char *all_null = g_strdup_printf ("%s=null", entry->items);
  g_autoptr(Scored) empty = NULL;
  g_autoptr(Scored) nulls = NULL;
  g_autoptr(Scored) best = NULL;
  g_autoptr(Scored) worst = NULL;
  g_autofree char *item_list = g_strjoinv (" ", items);
  g_autofree char *best_ids = spec_ids (entry->best);
  g_autofree char *worst_ids = spec_ids (entry->worst);

  /* {}: nothing answered, nothing scorable */
  empty = score_ok (fixture, entry->id, NULL, "", NULL);
  g_assert_true (g_str_has_prefix (empty->out, "{\"instrument\": \""));
  for (guint i = 0; keys[i] != NULL; i++)
    assert_score_null (empty, keys[i]);

  /* an item that is null is missing, just as an absent one */
  nulls = score_ok (fixture, entry->id, NULL, all_null, NULL);
  g_assert_cmpstr (nulls->out, ==, empty->out);

  /* every item answered at the ends of the scales */
  best = score_ok (fixture, entry->id, NULL, entry->best, NULL);
  assert_scores_list (best, entry->scores, entry->best_scores);
  worst = score_ok (fixture, entry->id, NULL, entry->worst, NULL);
  assert_scores_list (worst, entry->scores, entry->worst_scores);

  /* best and worst answer exactly the contract's items */
  g_assert_cmpuint (g_strv_length (items), >, 0);
  g_assert_cmpstr (best_ids, ==, item_list);
  g_assert_cmpstr (worst_ids, ==, item_list);
}

/* ------------------------------------------------------------------------ */
/* 2. Values */

static void
test_values_jr (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(Scored) koos_jr_7 = NULL;
  g_autoptr(Scored) koos_jr_14 = NULL;
  g_autoptr(Scored) koos_jr_missing = NULL;
  g_autoptr(Scored) hoos_jr_6 = NULL;
  g_autoptr(Scored) hoos_jr_missing = NULL;

  /* prom-scoring.md §13: KOOS JR raw 7 -> 68.284, raw 14 -> 52.465 */
  koos_jr_7 = score_ok (fixture, "KOOS_JR", NULL, "S6 P2 P3 P6 P9 A3 A5=1", NULL);
  assert_score_exact (koos_jr_7, "raw", 7);
  assert_score (koos_jr_7, "interval", 68.284, 0.01);
  assert_score_exact (koos_jr_7, "interval", 68.284);

  koos_jr_14 = score_ok (fixture, "KOOS_JR", NULL, "S6=4 P2=0 P3=3 P6=1 P9=2 A3=2 A5=2", NULL);
  assert_score_exact (koos_jr_14, "raw", 14);
  assert_score (koos_jr_14, "interval", 52.465, 0.01);

  /* all items required */
  koos_jr_missing = score_ok (fixture, "KOOS_JR", NULL, "S6 P2 P3 P6 P9 A3=1 A5=null", NULL);
  assert_score_null (koos_jr_missing, "raw");
  assert_score_null (koos_jr_missing, "interval");

  /* HOOS JR raw 6 -> 70.426 */
  hoos_jr_6 = score_ok (fixture, "HOOS_JR", NULL, "P5 P10 A3 A5 A12 A14=1", NULL);
  assert_score_exact (hoos_jr_6, "raw", 6);
  assert_score (hoos_jr_6, "interval", 70.426, 0.01);

  hoos_jr_missing = score_ok (fixture, "HOOS_JR", NULL, "P5 P10 A3 A5 A12=1", NULL);
  assert_score_null (hoos_jr_missing, "raw");
  assert_score_null (hoos_jr_missing, "interval");
}

static void
test_values_ases (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Scored) example = NULL;
  g_autoptr(Scored) decimal = NULL;
  g_autoptr(Scored) missing_adl = NULL;
  g_autoptr(Scored) missing_pain = NULL;

  /* pain 3, ADL sum 21: (10 − 3) × 5 + (5/3) × 21 = 70 */
  example = score_ok (fixture, "ASES", NULL,
                      "pain=3 ADL1-5=3 ADL6-7=2 ADL8-9=1 ADL10=0", NULL);
  assert_score (example, "score", 70, 0.01);
  assert_score_exact (example, "score", (10 - 3) * 5 + 5.0 / 3.0 * 21);

  /* pain allows decimals; 5/3 kept exact: 50 − 5 × 2.5 + 5/3 × 20 */
  decimal = score_ok (fixture, "ASES", NULL, "pain=2.5 ADL1-10=2", NULL);
  assert_score_exact (decimal, "score", 50 - 5 * 2.5 + 5.0 / 3.0 * 20);

  /* a missing ADL item: not scorable */
  missing_adl = score_ok (fixture, "ASES", NULL, "pain=3 ADL1-9=3", NULL);
  assert_score_null (missing_adl, "score");
  missing_pain = score_ok (fixture, "ASES", NULL, "ADL1-10=3", NULL);
  assert_score_null (missing_pain, "score");
}

static void
test_values_ikdc (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Scored) example = NULL;
  g_autoptr(Scored) sixteen = NULL;
  g_autoptr(Scored) fifteen = NULL;

  /* prom-scoring.md §13: awell marks 1,4,7,2,1,0,1,2,3,1,0,2,1,1,0,0,4,2;
   * items 2 and 3 reversed to 6 and 3; 30/87 = 34.483 */
  example = score_ok (fixture, "IKDC", NULL,
                      "1=1 2=4 3=7 4=2 5=1 6=0 7=1 8=2 9a=3 9b=1 9c=0 9d=2 9e=1 9f=1 9g=0 "
                      "9h=0 9i=4 10=2", NULL);
  assert_score (example, "score", 34.483, 0.01);
  assert_score_exact (example, "score", 30.0 / 87.0 * 100.0);

  /* 16 of 18 answered: scorable over the answered items' maxima
   * (9i = 4 of 4 and 10 = 2 of 10 left out: 24 / 73) */
  sixteen = score_ok (fixture, "IKDC", NULL,
                      "1=1 2=4 3=7 4=2 5=1 6=0 7=1 8=2 9a=3 9b=1 9c=0 9d=2 9e=1 9f=1 9g=0 "
                      "9h=0", NULL);
  assert_score_exact (sixteen, "score", 24.0 / 73.0 * 100.0);

  /* 15 answered: not scorable */
  fifteen = score_ok (fixture, "IKDC", NULL,
                      "1=1 2=4 3=7 4=2 5=1 6=0 7=1 8=2 9a=3 9b=1 9c=0 9d=2 9e=1 9f=1 9g=0", NULL);
  assert_score_null (fifteen, "score");
}

/* One subscale of KOOS (or HOOS) */
typedef struct
{
  const char *key;
  const char *prefix;
  int         n;
  int         min_answered;
} Subscale;

static const Subscale koos_subscales[] = {
  { "symptoms", "S", 7, 4 },
  { "pain", "P", 9, 5 },
  { "adl", "A", 17, 9 },
  { "sport_rec", "SP", 5, 3 },
  { "qol", "Q", 4, 2 },
};

static const Subscale hoos_subscales[] = {
  { "symptoms", "S", 5, 3 },
  { "pain", "P", 10, 5 },
  { "adl", "A", 17, 9 },
  { "sport_rec", "SP", 4, 2 },
  { "qol", "Q", 4, 2 },
};

/* Answers the first @answered items of every subscale with 0..4 cycling
 * from @seed; returns the spec and puts the expected value per subscale in
 * @expected (the 0-100 subscale score; -1 when nothing is answered) */
static char *
subscale_spec (const Subscale *subscales,
               guint           n_subscales,
               const int      *answered,
               int             seed,
               double         *expected)
{
  GString *spec = g_string_new (NULL);

  for (guint s = 0; s < n_subscales; s++)
    {
      int sum = 0;

      for (int i = 1; i <= subscales[s].n; i++)
        {
          int value = (seed + 3 * i + (int)s) % 5;

          if (i <= answered[s])
            {
              g_string_append_printf (spec, " %s%d=%d", subscales[s].prefix, i, value);
              sum += value;
            }
          else if (i % 2 == 0)
            g_string_append_printf (spec, " %s%d=null", subscales[s].prefix, i);
        }
      expected[s] = answered[s] > 0 ? 100.0 - (double)sum / answered[s] / 4.0 * 100.0 : -1;
    }
  return g_string_free (spec, FALSE);
}

static void
check_subscale_boundaries (Fixture        *fixture,
                           const char     *id,
                           const Subscale *subscales,
                           guint           n_subscales)
{
  /* For each subscale: just scorable and just not, the others complete */
  for (guint s = 0; s < n_subscales; s++)
    for (int delta = 0; delta <= 1; delta++)
      {
        int answered[8];
        double expected[8];
        g_autofree char *spec = NULL;
        g_autoptr(Scored) scored = NULL;

        for (guint t = 0; t < n_subscales; t++)
          answered[t] = subscales[t].n;
        answered[s] = subscales[s].min_answered - delta;
        spec = subscale_spec (subscales, n_subscales, answered, (int)s + delta, expected);
        scored = score_ok (fixture, id, NULL, spec, NULL);

        for (guint t = 0; t < n_subscales; t++)
          if (t == s && delta == 1)
            assert_score_null (scored, subscales[t].key);
          else
            assert_score_exact (scored, subscales[t].key, expected[t]);
      }
}

static void
test_values_koos (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Scored) awell = NULL;

  /* prom-scoring.md §13 (awell "random response"): item sums Symptoms 16/7,
   * Pain 21/9, ADL 39/17, Sport/Rec 16/5, QOL 10/4 */
  awell = score_ok (fixture, "KOOS", NULL,
                    "S1-2=3 S3-7=2 P1-3=3 P4-9=2 A1-5=3 A6-17=2 SP1=4 SP2-5=3 Q1-2=3 Q3-4=2",
                    NULL);
  assert_score (awell, "symptoms", 42.857, 0.01);
  assert_score (awell, "pain", 41.667, 0.01);
  assert_score (awell, "adl", 42.647, 0.01);
  assert_score (awell, "sport_rec", 20.0, 0.01);
  assert_score (awell, "qol", 37.5, 0.01);
  assert_score_exact (awell, "symptoms", 100.0 - 16.0 / 7.0 * 25.0);
  assert_score_exact (awell, "pain", 100.0 - 21.0 / 9.0 * 25.0);
  assert_score_exact (awell, "adl", 100.0 - 39.0 / 17.0 * 25.0);

  /* full precision: 42.857142857142854, not 42.9 */
  {
    g_autofree char *text = score_text (awell->out, "symptoms");

    g_assert_cmpuint (strlen (text), >=, 16);
  }

  /* the 2012 rule (at least half answered), each subscale on its own */
  check_subscale_boundaries (fixture, "KOOS", koos_subscales, G_N_ELEMENTS (koos_subscales));
}

static void
test_values_hoos (Fixture       *fixture,
                  gconstpointer  data)
{
  /* the 2013 rule, each subscale on its own */
  check_subscale_boundaries (fixture, "HOOS", hoos_subscales, G_N_ELEMENTS (hoos_subscales));
}

static void
test_values_oxford (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *ids[] = { "OKS", "OHS", "OSS" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(Scored) complete = NULL;
      g_autoptr(Scored) one_missing = NULL;
      g_autoptr(Scored) two_missing = NULL;
      g_autoptr(Scored) three_missing = NULL;
      g_autofree char *text = NULL;
      double value = 0;

      complete = score_ok (fixture, ids[i], NULL, "Q1-6=4 Q7-12=1", NULL);
      assert_score_exact (complete, "total", 30);

      /* 2 missing: the mean of the 10 answered (sum 33) for each, unrounded */
      two_missing = score_ok (fixture, ids[i], NULL, "Q1-3=4 Q4-10=3 Q11=null", NULL);
      g_assert_true (scored_get (two_missing, "total", &value));
      g_assert_cmpfloat_with_epsilon (value, 33.0 / 10.0 * 12.0, 1e-9);
      g_assert_cmpfloat (value, !=, (double)(gint64)value);

      /* 1 missing: 35 + 35/11 = 38.181818…, printed in full precision */
      one_missing = score_ok (fixture, ids[i], NULL, "Q1-2=4 Q3-11=3", NULL);
      g_assert_true (scored_get (one_missing, "total", &value));
      g_assert_cmpfloat_with_epsilon (value, 35.0 / 11.0 * 12.0, 1e-9);
      assert_score_exact (one_missing, "total", 35.0 / 11.0 * 12.0);
      text = score_text (one_missing->out, "total");
      g_assert_true (g_str_has_prefix (text, "38.18181818181"));

      /* 3 missing: not scorable */
      three_missing = score_ok (fixture, ids[i], NULL, "Q1-9=4", NULL);
      assert_score_null (three_missing, "total");
    }
}

static void
test_values_womac (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Scored) complete = NULL;
  g_autoptr(Scored) imputed = NULL;
  g_autoptr(Scored) too_few = NULL;

  /* pain 1+2+3+4+0 = 10, stiffness 3+1 = 4, function 17 × 2 = 34 */
  complete = score_ok (fixture, "WOMAC", NULL, "P1=1 P2=2 P3=3 P4=4 P5=0 S1=3 S2=1 F1-17=2", NULL);
  assert_score_exact (complete, "pain", 10);
  assert_score_exact (complete, "stiffness", 4);
  assert_score_exact (complete, "function", 34);
  assert_score_exact (complete, "total", 48);
  assert_score_exact (complete, "pain_pct", 50);
  assert_score_exact (complete, "stiffness_pct", 50);
  assert_score_exact (complete, "function_pct", 50);
  assert_score_exact (complete, "total_pct", 50);

  /* pain 1 missing, stiffness 1 missing, function 3 missing: imputed */
  imputed = score_ok (fixture, "WOMAC", NULL, "P1=1 P2=2 P3=3 P4=1 S1=3 F1-14=1 F15=null", NULL);
  assert_score_exact (imputed, "pain", 7.0 + 7.0 / 4.0);
  assert_score_exact (imputed, "stiffness", 6);
  assert_score_exact (imputed, "function", 17);
  assert_score_exact (imputed, "total", 7.0 + 7.0 / 4.0 + 6 + 17);
  assert_score_exact (imputed, "pain_pct", (7.0 + 7.0 / 4.0) / 20.0 * 100.0);
  assert_score_exact (imputed, "total_pct", (7.0 + 7.0 / 4.0 + 6 + 17) / 96.0 * 100.0);

  /* pain 2 missing, function 4 missing: not scorable, nor the total */
  too_few = score_ok (fixture, "WOMAC", NULL, "P1=1 P2=2 P3=3 S1-2=2 F1-13=1", NULL);
  assert_score_null (too_few, "pain");
  assert_score_exact (too_few, "stiffness", 4);
  assert_score_null (too_few, "function");
  assert_score_null (too_few, "total");
  assert_score_null (too_few, "pain_pct");
  assert_score_exact (too_few, "stiffness_pct", 50);
  assert_score_null (too_few, "function_pct");
  assert_score_null (too_few, "total_pct");
}

static void
test_values_single (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(Scored) vas = NULL;
  g_autoptr(Scored) global = NULL;
  g_autoptr(Scored) nrs = NULL;
  g_autoptr(Scored) tegner = NULL;
  g_autoptr(Scored) lysholm = NULL;
  g_autoptr(Scored) lysholm_missing = NULL;
  g_autofree char *text = NULL;

  /* decimals allowed, kept as given: 0.1 prints as 0.1, not
   * 0.10000000000000001 */
  vas = score_ok (fixture, "PAIN_VAS", NULL, "pain=0.1", NULL);
  assert_score_exact (vas, "pain", 0.1);
  text = score_text (vas->out, "pain");
  g_assert_cmpstr (text, ==, "0.1");

  global = score_ok (fixture, "GLOBAL_VAS", NULL, "global=37.25", NULL);
  assert_score_exact (global, "global", 37.25);

  nrs = score_ok (fixture, "PAIN_NRS", NULL, "pain=7", NULL);
  assert_score_exact (nrs, "pain", 7);

  /* a whole number written with a fraction part is still whole */
  tegner = score_ok (fixture, "TEGNER", NULL, "level=4.0", NULL);
  assert_score_exact (tegner, "level", 4);

  lysholm = score_ok (fixture, "LYSHOLM", NULL,
                      "limp=3 support=2 locking=6 instability=10 pain=15 swelling=2 stairs=6 "
                      "squatting=4", NULL);
  assert_score_exact (lysholm, "score", 48);

  /* Marrow's policy: any missing item -> null */
  lysholm_missing = score_ok (fixture, "LYSHOLM", NULL,
                              "limp=3 support=2 locking=6 instability=10 pain=15 swelling=2 "
                              "stairs=6", NULL);
  assert_score_null (lysholm_missing, "score");
}

/* ------------------------------------------------------------------------ */
/* 3. Errors */

/* marrow-cli score ID < INPUT must fail, naming every needle */
static void
score_fails (Fixture    *fixture,
             const char *id,
             const char *input,
             ...) G_GNUC_NULL_TERMINATED;

static void
score_fails (Fixture    *fixture,
             const char *id,
             const char *input,
             ...)
{
  g_auto(CliRun) run = { -1, NULL, NULL };
  const char *needle;
  va_list ap;

  run_cli (fixture, &run, input, "score", id, NULL);
  if (run.status != 2)
    g_test_message ("input: %s", input);
  assert_failure (&run, NULL);

  va_start (ap, input);
  while ((needle = va_arg (ap, const char *)) != NULL)
    assert_contains (run.err, needle);
  va_end (ap);
}

/* The allowed values listed at the end of @err ("…; allowed: 0, 1, 2") are
 * exactly the space-separated @values, in any order */
static void
assert_allowed (const char *err,
                const char *values)
{
  const char *at = strstr (err, "allowed: ");
  g_autofree char *rest = NULL;
  g_auto(GStrv) listed = NULL;
  g_auto(GStrv) expected = g_strsplit (values, " ", -1);

  if (at == NULL)
    g_test_message ("no allowed values in: %s", err);
  g_assert_nonnull (at);
  rest = g_strchomp (g_strdup (at + strlen ("allowed: ")));
  listed = g_strsplit (rest, ", ", -1);
  if (g_strv_length (listed) != g_strv_length (expected))
    g_test_message ("expected allowed values %s in: %s", values, err);
  g_assert_cmpuint (g_strv_length (listed), ==, g_strv_length (expected));
  for (guint i = 0; expected[i] != NULL; i++)
    {
      if (!g_strv_contains ((const char * const *)listed, expected[i]))
        g_test_message ("expected allowed value %s in: %s", expected[i], err);
      g_assert_true (g_strv_contains ((const char * const *)listed, expected[i]));
    }
}

/* marrow-cli score ID < INPUT must fail naming @item and listing exactly
 * the allowed @values */
static void
score_fails_allowed (Fixture    *fixture,
                     const char *id,
                     const char *input,
                     const char *item,
                     const char *values)
{
  g_auto(CliRun) run = { -1, NULL, NULL };

  run_cli (fixture, &run, input, "score", id, NULL);
  assert_failure (&run, item, NULL);
  assert_allowed (run.err, values);
}

static void
test_error_values (Fixture       *fixture,
                   gconstpointer  data)
{
  /* echo '{"level": 11}' | marrow-cli score TEGNER */
  score_fails (fixture, "TEGNER", "{\"level\": 11}\n", "level", "11", NULL);
  score_fails (fixture, "TEGNER", "{\"level\": -1}", "level", NULL);

  /* a value not allowed: item named, allowed values given */
  score_fails (fixture, "KOOS", "{\"S1\": 1, \"P3\": 5}", "P3", "0, 1, 2, 3, 4", NULL);
  score_fails_allowed (fixture, "KOOS", "{\"S4\": -1}", "S4", "0 1 2 3 4");
  score_fails_allowed (fixture, "OKS", "{\"Q7\": 5}", "Q7", "0 1 2 3 4");
  score_fails_allowed (fixture, "WOMAC", "{\"F17\": 4.5}", "F17", "0 1 2 3 4");
  score_fails_allowed (fixture, "LYSHOLM", "{\"locking\": 3}", "locking", "0 2 6 10 15");
  score_fails_allowed (fixture, "LYSHOLM", "{\"instability\": 30}", "instability",
                       "0 5 10 15 20 25");
  score_fails_allowed (fixture, "LYSHOLM", "{\"squatting\": 3}", "squatting", "0 2 4 5");
  score_fails_allowed (fixture, "IKDC", "{\"6\": 2}", "“6”", "0 1");
  score_fails_allowed (fixture, "IKDC", "{\"9e\": 5}", "9e", "0 1 2 3 4");
  score_fails (fixture, "IKDC", "{\"2\": 11}", "“2”", "10", NULL);
  score_fails_allowed (fixture, "ASES", "{\"ADL4\": 4}", "ADL4", "0 1 2 3");
  score_fails (fixture, "ASES", "{\"pain\": 10.5}", "pain", "10", NULL);
  score_fails (fixture, "PAIN_VAS", "{\"pain\": 100.01}", "pain", "100", NULL);
  score_fails (fixture, "GLOBAL_VAS", "{\"global\": -0.5}", "global", "100", NULL);

  /* fractions where only whole numbers are allowed */
  score_fails (fixture, "PAIN_NRS", "{\"pain\": 2.5}", "pain", "2.5", NULL);
  score_fails (fixture, "TEGNER", "{\"level\": 2.5}", "level", "2.5", NULL);
  score_fails (fixture, "KOOS", "{\"S2\": 1.5}", "S2", NULL);
  score_fails (fixture, "KOOS_JR", "{\"S6\": 0.5}", "S6", NULL);

  /* too large to be a double */
  score_fails (fixture, "PAIN_VAS", "{\"pain\": 1e400}", NULL);
}

static void
test_error_items (Fixture       *fixture,
                  gconstpointer  data)
{
  /* unknown item ids are named, whatever their value */
  score_fails (fixture, "KOOS", "{\"S1\": 1, \"S8\": 1}", "S8", NULL);
  score_fails (fixture, "KOOS", "{\"S8\": null}", "S8", NULL);
  score_fails (fixture, "KOOS", "{\"s1\": 1}", "s1", NULL);
  score_fails (fixture, "WOMAC", "{\"A1\": 1}", "A1", NULL);
  score_fails (fixture, "TEGNER", "{\"Level\": \"x\"}", "Level", NULL);
  score_fails (fixture, "KOOS_JR", "{\"S1\": 1}", "S1", NULL);

  /* values that are not numbers */
  score_fails (fixture, "KOOS", "{\"S1\": \"2\"}", "S1", NULL);
  score_fails (fixture, "KOOS", "{\"S1\": true}", "S1", NULL);
  score_fails (fixture, "KOOS", "{\"S1\": false}", "S1", NULL);
  score_fails (fixture, "KOOS", "{\"S1\": [2]}", "S1", NULL);
  score_fails (fixture, "KOOS", "{\"S1\": {\"value\": 2}}", "S1", NULL);
  score_fails (fixture, "PAIN_NRS", "{\"pain\": \"\"}", "pain", NULL);
}

static void
test_error_not_object (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *inputs[] = {
    "[1, 2]", "[]", "42", "\"S1\"", "true", "null", "{not json", "{\"S1\": 1", "S1=1",
    "", "   \n", "{\"S1\": 1} {\"S2\": 1}", "{\"S1\": 1} [1]", "var answers = {\"S1\": 1};",
    "{\"S1\": 1}}", "{\"S1\": 1,}", "{'S1': 1}", "{S1: 1}", "\xef\xbb\xbf{\"S1\": 1}",
    /* numbers json-glib would read as something else, or not JSON */
    "{\"S1\": 010}", "{\"S1\": 0x1}", "{\"S1\": 01}", "{\"S1\": 1.}", "{\"S1\": .5}",
    "{\"S1\": +1}", "{\"S1\": NaN}", "{\"S1\": Infinity}", "{\"S1\": /* one */ 1}",
    "{\"S1\": 1} // one", "{\"S1\": \"\\x41\"}", "{\"S1\": \"\\u12\"}", "{\"S1\": tru}",
    "{\"S1\": 1, \"S2\": 2, }", "{\"S1\" 1}", "{\"S\x01\": 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    score_fails (fixture, "KOOS", inputs[i], "JSON object", NULL);

  /* white space around the one object is fine, as are braces in strings */
  {
    g_auto(CliRun) run = { -1, NULL, NULL };
    g_autoptr(Scored) scored = NULL;

    run_cli (fixture, &run, " \r\n\t{\"level\":\n3}\r\n\n ", "score", "TEGNER", NULL);
    scored = parse_scores (&run, "TEGNER", NULL);
    assert_score_exact (scored, "level", 3);
    score_fails (fixture, "TEGNER", "{\"level\": 3, \"x\\\"}\": 1}", "“x\"}”", NULL);
  }

  /* deep nesting is refused, not a crash */
  {
    g_autoptr(GString) deep = g_string_new ("{\"S1\": ");

    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    score_fails (fixture, "KOOS", deep->str, "JSON object", NULL);
  }
}

static void
test_error_arguments (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(CliRun) run = { -1, NULL, NULL };

  /* unknown instrument, named; standard input is not read */
  run_cli (fixture, &run, NULL, "score", "NOPE", NULL);
  assert_failure (&run, "NOPE", NULL);
  run_cli (fixture, &run, NULL, "score", "koos", NULL);
  assert_failure (&run, "koos", NULL);

  /* no INSTRUMENT, or two */
  run_cli (fixture, &run, NULL, "score", NULL);
  assert_failure (&run, "INSTRUMENT", NULL);
  run_cli (fixture, &run, NULL, "score", "KOOS", "HOOS", NULL);
  assert_failure (&run, "INSTRUMENT", NULL);

  /* an unknown option */
  run_cli (fixture, &run, NULL, "score", "KOOS", "--bogus", NULL);
  assert_failure (&run, "bogus", NULL);

  /* an unknown rule version, named */
  run_cli (fixture, &run, "{}", "score", "KOOS", "--scoring-version", "2099", NULL);
  assert_failure (&run, "2099", NULL);
  run_cli (fixture, &run, "{}", "score", "TEGNER", "--scoring-version", "1998", NULL);
  assert_failure (&run, "1998", NULL);

  /* --from an instrument that the target cannot be derived from */
  run_cli (fixture, &run, NULL, "score", "TEGNER", "--from", "KOOS", NULL);
  assert_failure (&run, "TEGNER", "KOOS", NULL);
  run_cli (fixture, &run, NULL, "score", "WOMAC", "--from", "HOOS", NULL);
  assert_failure (&run, "WOMAC", "HOOS", NULL);
  run_cli (fixture, &run, NULL, "score", "KOOS_JR", "--from", "WOMAC", NULL);
  assert_failure (&run, "KOOS_JR", "WOMAC", NULL);
  run_cli (fixture, &run, NULL, "score", "WOMAC", "--from", "NOPE", NULL);
  assert_failure (&run, "NOPE", NULL);
  run_cli (fixture, &run, NULL, "score", "NOPE", "--from", "KOOS", NULL);
  assert_failure (&run, "NOPE", NULL);
  run_cli (fixture, &run, NULL, "score", "NOPE", "--from", "NOPE2", NULL);
  assert_failure (&run, "NOPE", NULL);

  /* the answers to the long form are checked as the long form's */
  run_cli (fixture, &run, "{\"F1\": 1}", "score", "WOMAC", "--from", "KOOS", NULL);
  assert_failure (&run, "F1", NULL);
  run_cli (fixture, &run, "{\"P5\": 7}", "score", "WOMAC", "--from", "KOOS", NULL);
  assert_failure (&run, "P5", "0, 1, 2, 3, 4", NULL);
}

static void
test_error_large_input (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "large.json", NULL);
  g_autoptr(GString) input = g_string_new ("{\"S1\": 1");
  g_autoptr(GError) error = NULL;
  const char *args[] = { "score", "KOOS", NULL };

  /* well over 1 MiB of white space inside a valid object */
  while (input->len < 2 * 1024 * 1024)
    g_string_append (input, "                                                              \n");
  g_string_append (input, "}");
  g_file_set_contents (path, input->str, (gssize)input->len, &error);
  g_assert_no_error (error);

  run_cli_argv (fixture, &run, NULL, path, args);
  assert_failure (&run, "1 MiB", NULL);
}

/* ------------------------------------------------------------------------ */
/* 4. Options */

static void
test_option_scoring_version (Fixture       *fixture,
                             gconstpointer  data)
{
  /* Symptoms with 3 missing (4 of 7 answered): scorable under 2012, not
   * under 1998 (at most 2 missing); with 2 missing, scorable under both */
  const char *three_missing = "S1=1 S2=2 S3=3 S4=4 P1-9=1";
  const char *two_missing = "S1=1 S2=2 S3=3 S4=4 S5=0 P1-9=1";
  /* Pain with 3 missing (6 of 9) */
  const char *pain_three_missing = "S1-7=1 P1-6=2";
  double symptoms4 = 100.0 - 10.0 / 4.0 * 25.0;
  g_autoptr(Scored) v2012 = NULL;
  g_autoptr(Scored) v2012_explicit = NULL;
  g_autoptr(Scored) v1998 = NULL;
  g_autoptr(Scored) v1998_short = NULL;
  g_autoptr(Scored) v1998_two = NULL;
  g_autoptr(Scored) pain2012 = NULL;
  g_autoptr(Scored) pain1998 = NULL;
  g_autoptr(Scored) hoos2013 = NULL;
  g_autoptr(Scored) hoos2003 = NULL;

  v2012 = score_ok (fixture, "KOOS", NULL, three_missing, NULL);
  assert_score_exact (v2012, "symptoms", symptoms4);
  assert_score_exact (v2012, "pain", 75);

  v2012_explicit = score_ok (fixture, "KOOS", NULL, three_missing, "--scoring-version", "2012",
                             NULL);
  g_assert_cmpstr (v2012_explicit->out, ==, v2012->out);

  v1998 = score_ok (fixture, "KOOS", NULL, three_missing, "--scoring-version", "1998", NULL);
  assert_score_null (v1998, "symptoms");
  assert_score_exact (v1998, "pain", 75);
  assert_score_null (v1998, "adl");

  v1998_short = score_ok (fixture, "KOOS", NULL, three_missing, "-s", "1998", NULL);
  g_assert_cmpstr (v1998_short->out, ==, v1998->out);

  v1998_two = score_ok (fixture, "KOOS", NULL, two_missing, "--scoring-version=1998", NULL);
  assert_score_exact (v1998_two, "symptoms", 100.0 - 10.0 / 5.0 * 25.0);

  pain2012 = score_ok (fixture, "KOOS", NULL, pain_three_missing, NULL);
  assert_score_exact (pain2012, "pain", 50);
  pain1998 = score_ok (fixture, "KOOS", NULL, pain_three_missing, "--scoring-version", "1998",
                       NULL);
  assert_score_null (pain1998, "pain");
  assert_score_exact (pain1998, "symptoms", 75);

  /* HOOS: Pain with 3 of 10 missing: 2013 rule scores, the 2003 rule (at
   * least 8 answered) does not */
  hoos2013 = score_ok (fixture, "HOOS", NULL, "P1-7=2", NULL);
  assert_score_exact (hoos2013, "pain", 50);
  hoos2003 = score_ok (fixture, "HOOS", NULL, "P1-7=2", "--scoring-version", "2003", NULL);
  assert_score_null (hoos2003, "pain");
}

/* The KOOS answers for --from: item i of the KOOS list gets a value from
 * @seed, every @gap-th item is missing (null or absent) */
static char *
koos_answers (int seed,
              int gap)
{
  g_auto(GStrv) items = expand_ids (KOOS_ITEMS);
  GString *spec = g_string_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {
      if (gap > 0 && (int)i % gap == gap - 1)
        {
          if (i % 2 == 0)
            g_string_append_printf (spec, " %s=null", items[i]);
          continue;
        }
      g_string_append_printf (spec, " %s=%d", items[i], (seed + 7 * (int)i) % 5);
    }
  return g_string_free (spec, FALSE);
}

/* The same answers mapped to the short form's item ids: "P1=P5 …" */
static char *
map_answers (const char *koos_spec,
             const char *mapping)
{
  g_auto(GStrv) pairs = g_strsplit (mapping, " ", -1);
  g_auto(GStrv) answers = g_strsplit (koos_spec, " ", -1);
  GString *spec = g_string_new (NULL);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      g_autofree char *target = NULL;
      g_autofree char *prefix = NULL;

      g_assert_nonnull (equals);
      target = g_strndup (pairs[i], (gsize)(equals - pairs[i]));
      prefix = g_strdup_printf ("%s=", equals + 1);
      for (guint j = 0; answers[j] != NULL; j++)
        if (g_str_has_prefix (answers[j], prefix))
          g_string_append_printf (spec, " %s=%s", target, answers[j] + strlen (prefix));
    }
  return g_string_free (spec, FALSE);
}

static void
test_option_from (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *womac_map =
    "P1=P5 P2=P6 P3=P7 P4=P8 P5=P9 S1=S6 S2=S7 F1=A1 F2=A2 F3=A3 F4=A4 F5=A5 F6=A6 F7=A7 "
    "F8=A8 F9=A9 F10=A10 F11=A11 F12=A12 F13=A13 F14=A14 F15=A15 F16=A16 F17=A17";
  const char *koos_jr_map = "S6=S6 P2=P2 P3=P3 P6=P6 P9=P9 A3=A3 A5=A5";
  const struct { int seed; int gap; } cases[] = {
    { 0, 0 }, { 1, 0 }, { 3, 0 }, { 2, 11 }, { 4, 5 }, { 1, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *koos = koos_answers (cases[i].seed, cases[i].gap);
      g_autofree char *womac = map_answers (koos, womac_map);
      g_autofree char *koos_jr = map_answers (koos, koos_jr_map);
      g_autoptr(Scored) womac_derived = score_ok (fixture, "WOMAC", NULL, koos, "--from", "KOOS",
                                                  NULL);
      g_autoptr(Scored) womac_direct = score_ok (fixture, "WOMAC", NULL, womac, NULL);
      g_autoptr(Scored) jr_derived = score_ok (fixture, "KOOS_JR", NULL, koos, "-f", "KOOS",
                                               NULL);
      g_autoptr(Scored) jr_direct = score_ok (fixture, "KOOS_JR", NULL, koos_jr, NULL);

      g_assert_cmpstr (womac_derived->out, ==, womac_direct->out);
      g_assert_cmpstr (jr_derived->out, ==, jr_direct->out);
    }

  /* the derived scores are real numbers, not all null: complete answers */
  {
    g_autofree char *koos = koos_answers (1, 0);
    g_autoptr(Scored) womac = score_ok (fixture, "WOMAC", NULL, koos, "--from", "KOOS", NULL);
    g_autoptr(Scored) jr = score_ok (fixture, "KOOS_JR", NULL, koos, "--from", "KOOS", NULL);
    double value = 0;

    g_assert_true (scored_get (womac, "total", &value));
    g_assert_true (scored_get (jr, "interval", &value));
  }

  /* HOOS JR from HOOS */
  {
    g_autoptr(Scored) derived = score_ok (fixture, "HOOS_JR", NULL,
                                          "S1-5=2 P1-4=0 P5=1 P6-9=0 P10=2 A1-2=4 A3=0 A4=4 "
                                          "A5=1 A6-11=4 A12=1 A13=4 A14=1", "--from", "HOOS",
                                          NULL);
    g_autoptr(Scored) direct = score_ok (fixture, "HOOS_JR", NULL,
                                         "P5=1 P10=2 A3=0 A5=1 A12=1 A14=1", NULL);

    g_assert_cmpstr (derived->out, ==, direct->out);
    assert_score_exact (derived, "raw", 6);
  }
}

static void
test_option_pretty (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(Scored) compact = score_ok (fixture, "WOMAC", NULL, "P1-5=1 S1=2 F1-17=3", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *b;

  run_cli (fixture, &run, "{\"P1\": 1, \"P2\": 1, \"P3\": 1, \"P4\": 1, \"P5\": 1, \"S1\": 2, "
           "\"F1\": 3, \"F2\": 3, \"F3\": 3, \"F4\": 3, \"F5\": 3, \"F6\": 3, \"F7\": 3, "
           "\"F8\": 3, \"F9\": 3, \"F10\": 3, \"F11\": 3, \"F12\": 3, \"F13\": 3, \"F14\": 3, "
           "\"F15\": 3, \"F16\": 3, \"F17\": 3}", "score", "WOMAC", "--pretty", NULL);
  assert_success (&run);
  g_assert_cmpuint (count_newlines (run.out), >, 1);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  a = json_node_init_object (json_node_alloc (), compact->scores);
  b = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "scores");
  g_assert_nonnull (b);
  g_assert_true (json_node_equal (a, b));
}

/* ------------------------------------------------------------------------ */
/* 5. marrow-cli instruments */

/* Parses the output of marrow-cli instruments; returns the array */
static JsonArray *
parse_instruments (const CliRun *run,
                   JsonParser   *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *object;

  assert_success (run);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  g_assert_true (json_object_has_member (object, "instruments"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "instruments")));
  return json_object_get_array_member (object, "instruments");
}

/* The ids of the "id" (or @member) members of the objects in @array, space
 * separated */
static char *
member_list (JsonArray  *array,
             const char *member)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_true (json_object_has_member (json_node_get_object (node), member));
      g_string_append_printf (list, "%s%s", i > 0 ? " " : "",
                              json_object_get_string_member (json_node_get_object (node),
                                                             member));
    }
  return g_string_free (list, FALSE);
}

static void
check_listed_instrument (JsonObject *instrument)
{
  const char *id = json_object_get_string_member (instrument, "id");
  const Contract *entry = find_contract (id);
  g_auto(GStrv) items = NULL;
  g_auto(GStrv) scores = NULL;
  g_autofree char *expected_items = NULL;
  g_autofree char *expected_scores = NULL;
  g_autofree char *listed_items = NULL;
  g_autofree char *listed_scores = NULL;

  g_assert (entry != NULL);
  items = expand_ids (entry->items);
  scores = expand_ids (entry->scores);
  expected_items = g_strjoinv (" ", items);
  expected_scores = g_strjoinv (" ", scores);

  g_assert_true (json_object_has_member (instrument, "items"));
  g_assert_true (json_object_has_member (instrument, "scores"));
  listed_items = member_list (json_object_get_array_member (instrument, "items"), "id");
  listed_scores = member_list (json_object_get_array_member (instrument, "scores"), "key");
  g_assert_cmpstr (listed_items, ==, expected_items);
  g_assert_cmpstr (listed_scores, ==, expected_scores);
}

static void
test_instruments_list (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_auto(CliRun) compact = { -1, NULL, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) compact_parser = json_parser_new ();
  g_autoptr(GString) expected_ids = g_string_new (NULL);
  g_autofree char *ids = NULL;
  JsonArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    g_string_append_printf (expected_ids, "%s%s", i > 0 ? " " : "", contract[i].id);

  run_cli (fixture, &run, NULL, "instruments", NULL);
  list = parse_instruments (&run, parser);
  ids = member_list (list, "id");
  /* the 15 ids, sorted (the table is in strcmp order) */
  g_assert_cmpstr (ids, ==, expected_ids->str);
  for (guint i = 0; i < json_array_get_length (list); i++)
    check_listed_instrument (json_array_get_object_element (list, i));

  /* --compact: the same on one line */
  run_cli (fixture, &compact, NULL, "instruments", "--compact", NULL);
  parse_instruments (&compact, compact_parser);
  g_assert_cmpuint (count_newlines (compact.out), ==, 1);
  g_assert_true (json_node_equal (json_parser_get_root (parser),
                                  json_parser_get_root (compact_parser)));
}

static void
test_instruments_one (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) two_parser = json_parser_new ();
  g_autofree char *ids = NULL;
  g_autofree char *two_ids = NULL;
  JsonArray *list;

  run_cli (fixture, &run, NULL, "instruments", "TEGNER", NULL);
  list = parse_instruments (&run, parser);
  ids = member_list (list, "id");
  g_assert_cmpstr (ids, ==, "TEGNER");
  check_listed_instrument (json_array_get_object_element (list, 0));

  run_cli (fixture, &run, NULL, "instruments", "--compact", "KOOS", "HOOS_JR", NULL);
  list = parse_instruments (&run, two_parser);
  two_ids = member_list (list, "id");
  g_assert_cmpstr (two_ids, ==, "KOOS HOOS_JR");
  check_listed_instrument (json_array_get_object_element (list, 0));
  check_listed_instrument (json_array_get_object_element (list, 1));

  /* unknown: exit 2, named, nothing listed */
  run_cli (fixture, &run, NULL, "instruments", "NOPE", NULL);
  assert_failure (&run, "NOPE", NULL);
  run_cli (fixture, &run, NULL, "instruments", "TEGNER", "NOPE", NULL);
  assert_failure (&run, "NOPE", NULL);
  run_cli (fixture, &run, NULL, "instruments", "--bogus", NULL);
  assert_failure (&run, "bogus", NULL);
}

/* ------------------------------------------------------------------------ */
/* 6. The practice's own definitions ($XDG_CONFIG_HOME/marrow/instruments/) */

/* A new instrument: one whole-number item, scored as its value */
static const char sane_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<instrument xmlns=\"urn:marrow:instrument:1\" id=\"SANE\" version=\"1\" joint=\"any\">\n"
  "  <name>Single Assessment Numeric Evaluation</name>\n"
  "  <licence free-to-use=\"true\">Generic scale; free to use.</licence>\n"
  "  <scoring-versions>\n"
  "    <scoring-version id=\"1\" default=\"true\">The rating given, 0–100</scoring-version>\n"
  "  </scoring-versions>\n"
  "  <items>\n"
  "    <item id=\"rating\" min=\"0\" max=\"100\" whole=\"true\">\n"
  "      <label>Rating</label>\n"
  "      <text>How would you rate your knee today, from 0 to 100 (normal)?</text>\n"
  "      <anchor value=\"0\">Worst</anchor>\n"
  "      <anchor value=\"100\">Normal</anchor>\n"
  "    </item>\n"
  "  </items>\n"
  "  <scores>\n"
  "    <score key=\"rating\" method=\"value\" items=\"rating\" min=\"0\" max=\"100\" "
  "higher-is-better=\"true\" display=\"whole\">\n"
  "      <label>SANE rating</label>\n"
  "    </score>\n"
  "  </scores>\n"
  "</instrument>\n";

/* A new instrument: three items summed, one missing item imputed, and
 * derivable from KOOS */
static const char trio_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<instrument xmlns=\"urn:marrow:instrument:1\" id=\"TRIO\" version=\"2024\" joint=\"knee\">\n"
  "  <name>Three questions</name>\n"
  "  <licence free-to-use=\"true\">Made up for a test.</licence>\n"
  "  <scoring-versions>\n"
  "    <scoring-version id=\"a\" default=\"true\">Sum, one missing imputed</scoring-version>\n"
  "    <scoring-version id=\"strict\">Sum, every item required</scoring-version>\n"
  "  </scoring-versions>\n"
  "  <option-sets>\n"
  "    <option-set id=\"severity\">\n"
  "      <option value=\"0\">None</option>\n"
  "      <option value=\"1\">Mild</option>\n"
  "      <option value=\"2\">Moderate</option>\n"
  "      <option value=\"3\">Severe</option>\n"
  "      <option value=\"4\">Extreme</option>\n"
  "    </option-set>\n"
  "  </option-sets>\n"
  "  <items>\n"
  "    <item id=\"a\" options=\"severity\"><label>A</label></item>\n"
  "    <item id=\"b\" options=\"severity\"><label>B</label></item>\n"
  "    <item id=\"c\" options=\"severity\"><label>C</label></item>\n"
  "  </items>\n"
  "  <scores>\n"
  "    <score key=\"sum\" method=\"sum\" items=\"a b c\" min=\"0\" max=\"12\"\n"
  "           higher-is-better=\"false\">\n"
  "      <label>Sum</label>\n"
  "      <missing max-missing=\"1\" impute=\"mean\"/>\n"
  "      <missing scoring-version=\"strict\" max-missing=\"0\" impute=\"mean\"/>\n"
  "    </score>\n"
  "    <score key=\"pct\" method=\"score-percent\" scores=\"sum\" min=\"0\" max=\"100\"\n"
  "           higher-is-better=\"false\">\n"
  "      <label>Percent</label>\n"
  "    </score>\n"
  "  </scores>\n"
  "  <derive from=\"KOOS\">\n"
  "    <map item=\"a\" from=\"Q1\"/>\n"
  "    <map item=\"b\" from=\"Q2\"/>\n"
  "    <map item=\"c\" from=\"Q3\"/>\n"
  "  </derive>\n"
  "</instrument>\n";

/* The bundled PAIN_NRS, same id and version, but 0–20: the practice's
 * definition replaces the bundled one */
static const char nrs20_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<instrument xmlns=\"urn:marrow:instrument:1\" id=\"PAIN_NRS\" version=\"@VERSION@\" joint=\"any\">\n"
  "  <name>Practice pain scale 0–20</name>\n"
  "  <licence free-to-use=\"true\">Generic scale; free to use.</licence>\n"
  "  <scoring-versions>\n"
  "    <scoring-version id=\"1\" default=\"true\">The number chosen, 0–20</scoring-version>\n"
  "  </scoring-versions>\n"
  "  <items>\n"
  "    <item id=\"pain\" min=\"0\" max=\"20\" whole=\"true\"><label>Pain</label></item>\n"
  "  </items>\n"
  "  <scores>\n"
  "    <score key=\"pain\" method=\"value\" items=\"pain\" min=\"0\" max=\"20\"\n"
  "           higher-is-better=\"false\" display=\"whole\">\n"
  "      <label>Pain</label>\n"
  "    </score>\n"
  "  </scores>\n"
  "</instrument>\n";

static void
test_override_new_instrument (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *sane_path = write_override (fixture, "SANE.xml", sane_xml);
  g_autofree char *trio_path = write_override (fixture, "trio.xml", trio_xml);
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) one_parser = json_parser_new ();
  g_autoptr(GString) expected_ids = g_string_new (NULL);
  g_autofree char *ids = NULL;
  g_autofree char *sane_ids = NULL;
  g_autoptr(Scored) sane = NULL;
  g_autoptr(Scored) sane_empty = NULL;
  g_autoptr(Scored) trio = NULL;
  g_autoptr(Scored) trio_imputed = NULL;
  g_autoptr(Scored) trio_strict = NULL;
  g_autoptr(Scored) trio_too_few = NULL;
  g_autoptr(Scored) trio_derived = NULL;
  g_autoptr(Scored) koos = NULL;
  JsonArray *list;
  JsonObject *entry;

  /* listed with the bundled ones, in id order */
  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    {
      g_string_append_printf (expected_ids, "%s%s", i > 0 ? " " : "", contract[i].id);
      if (strcmp (contract[i].id, "PAIN_VAS") == 0)
        g_string_append (expected_ids, " SANE");
      if (strcmp (contract[i].id, "TEGNER") == 0)
        g_string_append (expected_ids, " TRIO");
    }
  run_cli (fixture, &run, NULL, "instruments", NULL);
  list = parse_instruments (&run, parser);
  ids = member_list (list, "id");
  g_assert_cmpstr (ids, ==, expected_ids->str);

  run_cli (fixture, &run, NULL, "instruments", "SANE", NULL);
  list = parse_instruments (&run, one_parser);
  sane_ids = member_list (list, "id");
  g_assert_cmpstr (sane_ids, ==, "SANE");
  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "source"), ==, sane_path);
  g_assert_cmpstr (json_object_get_string_member (entry, "version"), ==, "1");

  /* and scored */
  sane = score_ok (fixture, "SANE", "rating", "rating=85", NULL);
  assert_score_exact (sane, "rating", 85);
  sane_empty = score_ok (fixture, "SANE", "rating", "", NULL);
  assert_score_null (sane_empty, "rating");
  score_fails (fixture, "SANE", "{\"rating\": 101}", "rating", "100", NULL);
  score_fails (fixture, "SANE", "{\"rating\": 85.5}", "rating", NULL);
  score_fails (fixture, "SANE", "{\"pain\": 1}", "pain", NULL);

  trio = score_ok (fixture, "TRIO", "sum pct", "a=1 b=2 c=4", NULL);
  assert_score_exact (trio, "sum", 7);
  assert_score_exact (trio, "pct", 7.0 / 12.0 * 100.0);
  trio_imputed = score_ok (fixture, "TRIO", "sum pct", "a=1 b=2", NULL);
  assert_score_exact (trio_imputed, "sum", 4.5);
  trio_strict = score_ok (fixture, "TRIO", "sum pct", "a=1 b=2", "--scoring-version", "strict",
                          NULL);
  assert_score_null (trio_strict, "sum");
  assert_score_null (trio_strict, "pct");
  trio_too_few = score_ok (fixture, "TRIO", "sum pct", "a=1 c=null", NULL);
  assert_score_null (trio_too_few, "sum");
  score_fails_allowed (fixture, "TRIO", "{\"a\": 5}", "“a”", "0 1 2 3 4");

  /* a new definition can be derived from a bundled long form */
  trio_derived = score_ok (fixture, "TRIO", "sum pct", "Q1=3 Q2=3 Q3=2 Q4=0 P1=1",
                           "--from", "KOOS", NULL);
  assert_score_exact (trio_derived, "sum", 8);

  /* the bundled instruments are unaffected */
  koos = score_ok (fixture, "KOOS", NULL, "Q1-4=2", NULL);
  assert_score_exact (koos, "qol", 50);
}

static char *
nrs20 (const char *version)
{
  GString *xml = g_string_new (nrs20_xml);

  g_assert_cmpuint (g_string_replace (xml, "@VERSION@", version, 0), ==, 1);
  return g_string_free (xml, FALSE);
}

static void
test_override_bundled (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *xml = nrs20 ("1");
  g_autofree char *path = write_override (fixture, "pain-nrs.xml", xml);
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) all_parser = json_parser_new ();
  g_autoptr(GString) expected_ids = g_string_new (NULL);
  g_autofree char *ids = NULL;
  g_autoptr(Scored) scored = NULL;
  JsonArray *list;
  JsonObject *entry;
  JsonObject *item;

  /* the practice's 0–20 scale is what is scored */
  scored = score_ok (fixture, "PAIN_NRS", NULL, "pain=15", NULL);
  assert_score_exact (scored, "pain", 15);
  score_fails (fixture, "PAIN_NRS", "{\"pain\": 21}", "pain", "20", NULL);

  /* and listed, once, from its file */
  run_cli (fixture, &run, NULL, "instruments", "PAIN_NRS", NULL);
  list = parse_instruments (&run, parser);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "Practice pain scale 0–20");
  g_assert_cmpstr (json_object_get_string_member (entry, "source"), ==, path);
  item = json_array_get_object_element (json_object_get_array_member (entry, "items"), 0);
  g_assert_cmpfloat (json_object_get_double_member (item, "max"), ==, 20);

  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    g_string_append_printf (expected_ids, "%s%s", i > 0 ? " " : "", contract[i].id);
  run_cli (fixture, &run, NULL, "instruments", NULL);
  list = parse_instruments (&run, all_parser);
  ids = member_list (list, "id");
  g_assert_cmpstr (ids, ==, expected_ids->str);
}

static void
test_override_new_version (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *xml = nrs20 ("2");
  g_autofree char *path = write_override (fixture, "PAIN_NRS-2.xml", xml);
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Scored) scored = NULL;
  JsonObject *entry;
  JsonArray *list;

  /* a new version becomes the current one */
  scored = score_ok (fixture, "PAIN_NRS", NULL, "pain=20", NULL);
  assert_score_exact (scored, "pain", 20);

  run_cli (fixture, &run, NULL, "instruments", "PAIN_NRS", NULL);
  list = parse_instruments (&run, parser);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "version"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (entry, "source"), ==, path);
}

/* Both commands refuse to work while @name is broken, naming it and @line */
static void
assert_broken (Fixture    *fixture,
               const char *name,
               int         line)
{
  g_autofree char *path = g_build_filename (fixture->instruments, name, NULL);
  g_autofree char *located = g_strdup_printf ("%s:%d:", path, line);
  g_autofree char *any_line = g_strdup_printf ("%s:", path);
  g_auto(CliRun) run = { -1, NULL, NULL };
  const char *located_needle = line > 0 ? located : any_line;

  run_cli (fixture, &run, NULL, "instruments", NULL);
  assert_failure (&run, located_needle, NULL);
  run_cli (fixture, &run, NULL, "instruments", "TEGNER", NULL);
  assert_failure (&run, located_needle, NULL);
  run_cli (fixture, &run, NULL, "score", "TEGNER", NULL);
  assert_failure (&run, located_needle, NULL);
  run_cli (fixture, &run, NULL, "score", "SANE", NULL);
  assert_failure (&run, located_needle, NULL);
  if (line <= 0)
    {
      /* some line number */
      const char *after = strstr (run.err, any_line) + strlen (any_line);

      g_assert_true (g_ascii_isdigit (*after));
    }
}

static void
test_override_broken (Fixture       *fixture,
                      gconstpointer  data)
{
  struct
  {
    const char *what;
    const char *from;
    const char *to;
    int         line;
  } breaks[] = {
    /* not well-formed */
    { "mismatched tag", "<label>Rating</label>", "<label>Rating</lable>", 10 },
    /* schema: an unknown method */
    { "unknown method", "method=\"value\"", "method=\"median\"", 17 },
    /* schema: a number with an exponent */
    { "bad number", "max=\"100\" whole", "max=\"1e2\" whole", 9 },
    /* loader: min >= max */
    { "empty range", "min=\"0\" max=\"100\" whole", "min=\"100\" max=\"0\" whole", 9 },
    /* loader: a score naming an unknown item */
    { "unknown item", "items=\"rating\"", "items=\"ratings\"", 17 },
    /* loader: the declared range differs from the method's */
    { "wrong range", "max=\"100\" higher", "max=\"10\" higher", 17 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (breaks); i++)
    {
      g_autofree char *name = g_strdup_printf ("broken-%u.xml", i);
      g_autofree char *path = NULL;
      g_autoptr(GString) xml = g_string_new (sane_xml);

      g_test_message ("broken definition: %s", breaks[i].what);
      g_assert_cmpuint (g_string_replace (xml, breaks[i].from, breaks[i].to, 1), ==, 1);
      path = write_override (fixture, name, xml->str);
      assert_broken (fixture, name, breaks[i].line);
      g_assert_cmpint (g_remove (path), ==, 0);
    }

  /* the folder is fine again: SANE can be added and scored */
  {
    g_autofree char *path = write_override (fixture, "SANE.xml", sane_xml);
    g_autoptr(Scored) sane = score_ok (fixture, "SANE", "rating", "rating=1", NULL);

    assert_score_exact (sane, "rating", 1);
  }
}

static void
test_override_duplicate (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *first = write_override (fixture, "a-sane.xml", sane_xml);
  g_autofree char *second = write_override (fixture, "b-sane.xml", sane_xml);

  /* two overrides with the same id and version: the second is refused */
  assert_broken (fixture, "b-sane.xml", 1);
}

static void
test_override_ignored_files (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *readme = write_override (fixture, "README.txt", "not a definition <\n");
  g_autofree char *hidden = write_override (fixture, ".hidden.xml", "<broken\n");
  g_autofree char *backup = write_override (fixture, "SANE.xml~", "<broken\n");
  g_autoptr(Scored) scored = score_ok (fixture, "TEGNER", NULL, "level=3", NULL);
  g_auto(CliRun) run = { -1, NULL, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *ids = NULL;

  assert_score_exact (scored, "level", 3);
  run_cli (fixture, &run, NULL, "instruments", NULL);
  ids = member_list (parse_instruments (&run, parser), "id");
  g_assert_null (strstr (ids, "SANE"));
}

/* ------------------------------------------------------------------------ */

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* a marrow-cli that exits before reading its input must not kill us */
  signal (SIGPIPE, SIG_IGN);

  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli-score/shape/%s", contract[i].id);

      g_test_add (path, Fixture, &contract[i], fixture_setup, test_shape, fixture_teardown);
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-score/values/koos-jr-hoos-jr", test_values_jr);
  ADD ("/cli-score/values/ases", test_values_ases);
  ADD ("/cli-score/values/ikdc", test_values_ikdc);
  ADD ("/cli-score/values/koos", test_values_koos);
  ADD ("/cli-score/values/hoos", test_values_hoos);
  ADD ("/cli-score/values/oxford", test_values_oxford);
  ADD ("/cli-score/values/womac", test_values_womac);
  ADD ("/cli-score/values/single-item", test_values_single);
  ADD ("/cli-score/errors/values", test_error_values);
  ADD ("/cli-score/errors/items", test_error_items);
  ADD ("/cli-score/errors/not-an-object", test_error_not_object);
  ADD ("/cli-score/errors/arguments", test_error_arguments);
  ADD ("/cli-score/errors/large-input", test_error_large_input);
  ADD ("/cli-score/options/scoring-version", test_option_scoring_version);
  ADD ("/cli-score/options/from", test_option_from);
  ADD ("/cli-score/options/pretty", test_option_pretty);
  ADD ("/cli-score/instruments/list", test_instruments_list);
  ADD ("/cli-score/instruments/one", test_instruments_one);
  ADD ("/cli-score/override/new-instrument", test_override_new_instrument);
  ADD ("/cli-score/override/bundled", test_override_bundled);
  ADD ("/cli-score/override/new-version", test_override_new_version);
  ADD ("/cli-score/override/broken", test_override_broken);
  ADD ("/cli-score/override/duplicate", test_override_duplicate);
  ADD ("/cli-score/override/ignored-files", test_override_ignored_files);
#undef ADD

  return g_test_run ();
}
