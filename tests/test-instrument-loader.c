/* test-instrument-loader.c: broken and hostile instrument definitions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/instruments.md promises that a definition is either wholly right or
 * refused with one message "FILE:LINE: what is wrong", and that the XML is
 * read by the hardened path of interop.md 5.3.  These tests hold the loader,
 * the safe XML reader and the registry's override folder to that:
 *
 *  - every semantic check of docs/instruments.md, one mutation of a small
 *    valid definition per case, with the line of the offending element;
 *  - schema errors;
 *  - hostile XML (entities, XXE, XInclude, encodings, sizes, depth);
 *  - a seeded mini-fuzz over the bundled definitions (never a crash);
 *  - the override folder $XDG_CONFIG_HOME/marrow/instruments/.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "marrow-instrument.h"
#include "marrow-instrument-registry.h"
#include "marrow-safe-xml.h"
#include "marrow-test-util.h"


#define SOURCE "test.xml"
#define N_BUNDLED 15

/* --- the valid base definition ------------------------------------------- */

/* One enumerator per line, so that the expected line of every case below is
 * a name and cannot drift from the text.  The *_SLOT lines are empty in the
 * base and give a case room for one more element. */
enum
{
  L_XML = 1,
  L_ROOT,
  L_NAME,
  L_LICENCE,
  L_VERSIONS,
  L_VERSION_NEW,
  L_VERSION_OLD,
  L_VERSION_SLOT,
  L_VERSIONS_END,
  L_SETS,
  L_SET_SEV,
  L_SEV_0,
  L_SEV_1,
  L_SEV_2,
  L_SET_SEV_END,
  L_SET_SLOT,
  L_SETS_END,
  L_ITEMS,
  L_ITEM_A,
  L_ITEM_B,
  L_ITEM_C,
  L_ITEM_SLOT,
  L_ITEMS_END,
  L_SCORES,
  L_AB,
  L_AB_LABEL,
  L_AB_MISSING,
  L_AB_MISSING_OLD,
  L_AB_END,
  L_PCT,
  L_PCT_LABEL,
  L_PCT_MISSING,
  L_PCT_END,
  L_C,
  L_C_LABEL,
  L_C_END,
  L_TOTAL,
  L_TOTAL_LABEL,
  L_TOTAL_END,
  L_TOTAL_PCT,
  L_TOTAL_PCT_LABEL,
  L_TOTAL_PCT_END,
  L_W,
  L_W_LABEL,
  L_W_WEIGHT,
  L_W_END,
  L_LK,
  L_LK_LABEL,
  L_TABLE,
  L_ENTRY_0,
  L_ENTRY_1,
  L_ENTRY_2,
  L_ENTRY_3,
  L_ENTRY_4,
  L_TABLE_END,
  L_LK_END,
  L_SCORE_SLOT,
  L_SCORES_END,
  L_THRESHOLDS,
  L_THRESHOLD,
  L_THRESHOLDS_END,
  L_DERIVE,
  L_MAP_A,
  L_MAP_B,
  L_MAP_C,
  L_DERIVE_END,
  L_ROOT_END,
  N_LINES
};

/* Three items: A and B choose from a 0–2 set, C is a 0–10 whole-number
 * range.  Scores: ab (sum), ab_pct (mean-percent), c (value), total
 * (score-sum), total_pct (score-percent), w (weighted: 10 − C) and lk
 * (lookup of A + B). */
static const char * const base_lines[N_LINES] = {
  [L_XML] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
  [L_ROOT] = "<instrument xmlns=\"urn:marrow:instrument:1\" id=\"TEST\" version=\"1\" "
             "joint=\"knee\">",
  [L_NAME] = "  <name>Test instrument</name>",
  [L_LICENCE] = "  <licence free-to-use=\"true\">Free to use</licence>",
  [L_VERSIONS] = "  <scoring-versions>",
  [L_VERSION_NEW] = "    <scoring-version id=\"new\" default=\"true\">Current rule"
                    "</scoring-version>",
  [L_VERSION_OLD] = "    <scoring-version id=\"old\">Legacy rule</scoring-version>",
  [L_VERSION_SLOT] = "",
  [L_VERSIONS_END] = "  </scoring-versions>",
  [L_SETS] = "  <option-sets>",
  [L_SET_SEV] = "    <option-set id=\"sev\">",
  [L_SEV_0] = "      <option value=\"0\">None</option>",
  [L_SEV_1] = "      <option value=\"1\">Some</option>",
  [L_SEV_2] = "      <option value=\"2\">Much</option>",
  [L_SET_SEV_END] = "    </option-set>",
  [L_SET_SLOT] = "",
  [L_SETS_END] = "  </option-sets>",
  [L_ITEMS] = "  <items>",
  [L_ITEM_A] = "    <item id=\"A\" options=\"sev\"><label>Item A</label></item>",
  [L_ITEM_B] = "    <item id=\"B\" options=\"sev\"><label>Item B</label></item>",
  [L_ITEM_C] = "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"true\"><label>Item C</label>"
               "<anchor value=\"0\">None</anchor><anchor value=\"10\">Worst</anchor></item>",
  [L_ITEM_SLOT] = "",
  [L_ITEMS_END] = "  </items>",
  [L_SCORES] = "  <scores>",
  [L_AB] = "    <score key=\"ab\" method=\"sum\" items=\"A B\" min=\"0\" max=\"4\" "
           "higher-is-better=\"false\">",
  [L_AB_LABEL] = "      <label>A and B</label>",
  [L_AB_MISSING] = "      <missing max-missing=\"1\" impute=\"mean\"/>",
  [L_AB_MISSING_OLD] = "      <missing scoring-version=\"old\" max-missing=\"0\"/>",
  [L_AB_END] = "    </score>",
  [L_PCT] = "    <score key=\"ab_pct\" method=\"mean-percent\" items=\"A B\" min=\"0\" max=\"100\" "
            "higher-is-better=\"false\">",
  [L_PCT_LABEL] = "      <label>A and B, percent</label>",
  [L_PCT_MISSING] = "      <missing min-answered=\"1\"/>",
  [L_PCT_END] = "    </score>",
  [L_C] = "    <score key=\"c\" method=\"value\" items=\"C\" min=\"0\" max=\"10\" "
          "higher-is-better=\"false\">",
  [L_C_LABEL] = "      <label>C</label>",
  [L_C_END] = "    </score>",
  [L_TOTAL] = "    <score key=\"total\" method=\"score-sum\" scores=\"ab c\" min=\"0\" max=\"14\" "
              "higher-is-better=\"false\">",
  [L_TOTAL_LABEL] = "      <label>Total</label>",
  [L_TOTAL_END] = "    </score>",
  [L_TOTAL_PCT] = "    <score key=\"total_pct\" method=\"score-percent\" scores=\"total\" "
                  "min=\"0\" max=\"100\" higher-is-better=\"false\">",
  [L_TOTAL_PCT_LABEL] = "      <label>Total, percent</label>",
  [L_TOTAL_PCT_END] = "    </score>",
  [L_W] = "    <score key=\"w\" method=\"weighted\" offset=\"10\" min=\"0\" max=\"10\" "
          "higher-is-better=\"true\">",
  [L_W_LABEL] = "      <label>Weighted</label>",
  [L_W_WEIGHT] = "      <weight items=\"C\" value=\"-1\"/>",
  [L_W_END] = "    </score>",
  [L_LK] = "    <score key=\"lk\" method=\"lookup\" items=\"A B\" min=\"0\" max=\"100\" "
           "higher-is-better=\"true\">",
  [L_LK_LABEL] = "      <label>Lookup</label>",
  [L_TABLE] = "      <table source=\"made up for the test\">",
  [L_ENTRY_0] = "        <entry sum=\"0\" value=\"100\"/>",
  [L_ENTRY_1] = "        <entry sum=\"1\" value=\"75\"/>",
  [L_ENTRY_2] = "        <entry sum=\"2\" value=\"50\"/>",
  [L_ENTRY_3] = "        <entry sum=\"3\" value=\"25\"/>",
  [L_ENTRY_4] = "        <entry sum=\"4\" value=\"0\"/>",
  [L_TABLE_END] = "      </table>",
  [L_LK_END] = "    </score>",
  [L_SCORE_SLOT] = "",
  [L_SCORES_END] = "  </scores>",
  [L_THRESHOLDS] = "  <thresholds>",
  [L_THRESHOLD] = "    <threshold score=\"ab\" kind=\"mcid\" value=\"1\"><citation>Made up"
                  "</citation></threshold>",
  [L_THRESHOLDS_END] = "  </thresholds>",
  [L_DERIVE] = "  <derive from=\"LONG\">",
  [L_MAP_A] = "    <map item=\"A\" from=\"X1\"/>",
  [L_MAP_B] = "    <map item=\"B\" from=\"X2\"/>",
  [L_MAP_C] = "    <map item=\"C\" from=\"X3\"/>",
  [L_DERIVE_END] = "  </derive>",
  [L_ROOT_END] = "</instrument>",
};

/* Replaces one line.  The text never holds a newline, so no other line
 * moves. */
typedef struct
{
  int         line;
  const char *text;
} Edit;

#define MAX_EDITS 8

static char *
build_definition (const Edit *edits)
{
  const char *lines[N_LINES];
  GString *out = g_string_new (NULL);

  memcpy (lines, base_lines, sizeof lines);
  for (guint i = 0; edits != NULL && i < MAX_EDITS && edits[i].line != 0; i++)
    {
      g_assert_cmpint (edits[i].line, >, 0);
      g_assert_cmpint (edits[i].line, <, N_LINES);
      g_assert_null (strchr (edits[i].text, '\n'));
      lines[edits[i].line] = edits[i].text;
    }

  for (int line = 1; line < N_LINES; line++)
    {
      g_assert_nonnull (lines[line]);
      g_string_append (out, lines[line]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static MarrowInstrument *
load_text (const char  *text,
           gssize       len,
           const char  *source,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize)len);

  return marrow_instrument_new_from_bytes (bytes, source, error);
}

/* @text with the first @from replaced by @to */
static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);
  GString *out;

  g_assert_nonnull (at);
  out = g_string_new_len (text, at - text);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));
  return g_string_free (out, FALSE);
}

/* The message is "SOURCE:LINE: …" (or "SOURCE: …" when @line is 0) and
 * mentions @keyword (case-insensitive). */
static void
assert_definition_error (const GError *error,
                         const char   *source,
                         int           line,
                         const char   *keyword)
{
  g_autofree char *prefix = NULL;

  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION);

  prefix = line > 0 ? g_strdup_printf ("%s:%d: ", source, line) : g_strdup_printf ("%s:", source);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected the message to start with “%s”, got “%s”", prefix, error->message);

  if (keyword != NULL)
    {
      g_autofree char *message = g_ascii_strdown (error->message, -1);
      g_autofree char *word = g_ascii_strdown (keyword, -1);

      if (strstr (message, word) == NULL)
        g_error ("expected “%s” in “%s”", keyword, error->message);
    }
}

static void
test_base_is_valid (void)
{
  g_autofree char *text = build_definition (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (text, -1, SOURCE, &error);
  const MarrowInstrumentItem *item;
  const MarrowInstrumentScore *score;
  const MarrowDerivation *derivation;
  guint index;

  g_assert_no_error (error);
  g_assert_nonnull (instrument);
  g_assert_cmpstr (marrow_instrument_get_id (instrument), ==, "TEST");
  g_assert_cmpstr (marrow_instrument_get_source (instrument), ==, SOURCE);
  g_assert_cmpuint (marrow_instrument_get_n_items (instrument), ==, 3);
  g_assert_cmpuint (marrow_instrument_get_n_scores (instrument), ==, 7);
  g_assert_cmpuint (marrow_instrument_get_n_scoring_versions (instrument), ==, 2);
  g_assert_cmpstr (marrow_instrument_get_default_scoring (instrument)->id, ==, "new");

  /* The lines the enum names are the lines libxml2 sees */
  item = marrow_instrument_find_item (instrument, "C", &index);
  g_assert_nonnull (item);
  g_assert_cmpuint (index, ==, 2);
  g_assert_cmpint (item->line, ==, L_ITEM_C);
  g_assert_cmpint (marrow_instrument_find_item (instrument, "A", NULL)->line, ==, L_ITEM_A);
  g_assert_true (item->whole);
  g_assert_cmpuint (item->anchors->len, ==, 2);

  score = marrow_instrument_find_score (instrument, "w", NULL);
  g_assert_nonnull (score);
  g_assert_cmpint (score->method, ==, MARROW_SCORE_METHOD_WEIGHTED);
  g_assert_cmpfloat (score->offset, ==, 10);

  score = marrow_instrument_find_score (instrument, "lk", NULL);
  g_assert_cmpuint (score->table->len, ==, 5);
  g_assert_cmpint (score->table_first, ==, 0);

  derivation = marrow_instrument_find_derivation (instrument, "LONG");
  g_assert_nonnull (derivation);
  g_assert_cmpstr (derivation->source_items->pdata[2], ==, "X3");
}

/* --- semantic and schema errors ------------------------------------------ */

typedef struct
{
  const char *name;
  Edit        edits[MAX_EDITS];
  int         line;
  const char *keyword;
} ErrorCase;

static const ErrorCase semantic_cases[] = {
  /* ids and keys repeated */
  { "duplicate-item",
    { { L_ITEM_SLOT, "    <item id=\"A\" min=\"0\" max=\"1\"><label>A again</label></item>" } },
    L_ITEM_SLOT, "twice" },
  { "duplicate-option-in-set",
    { { L_SEV_2, "      <option value=\"1\">Much</option>" } },
    L_SEV_2, "twice" },
  { "duplicate-inline-option",
    { { L_ITEM_SLOT, "    <item id=\"D\"><label>D</label><option value=\"1\">x</option>"
                     "<option value=\"1.0\">y</option></item>" } },
    L_ITEM_SLOT, "twice" },
  { "duplicate-option-set",
    { { L_SET_SLOT, "    <option-set id=\"sev\"><option value=\"0\">a</option><option value=\"1\">b"
                    "</option></option-set>" } },
    L_SET_SLOT, "twice" },
  { "duplicate-score",
    { { L_SCORE_SLOT, "    <score key=\"ab\" method=\"value\" items=\"A\" min=\"0\" max=\"2\" "
                      "higher-is-better=\"false\"><label>Again</label></score>" } },
    L_SCORE_SLOT, "twice" },
  { "duplicate-scoring-version",
    { { L_VERSION_SLOT, "    <scoring-version id=\"old\">Again</scoring-version>" } },
    L_VERSION_SLOT, "twice" },
  { "duplicate-derivation",
    { { L_DERIVE_END, "  </derive><derive from=\"LONG\"><map item=\"A\" from=\"X1\"/></derive>" } },
    L_DERIVE_END, "twice" },
  { "duplicate-missing-rule",
    { { L_AB_MISSING_OLD, "      <missing max-missing=\"0\"/>" } },
    L_AB_MISSING_OLD, "two missing-item rules" },
  { "score-lists-item-twice",
    { { L_AB, "    <score key=\"ab\" method=\"sum\" items=\"A B A\" min=\"0\" max=\"4\" "
              "higher-is-better=\"false\">" } },
    L_AB, "twice" },

  /* scoring versions */
  { "no-default-scoring-version",
    { { L_VERSION_NEW, "    <scoring-version id=\"new\">Current rule</scoring-version>" } },
    L_VERSIONS, "default" },
  { "two-default-scoring-versions",
    { { L_VERSION_OLD, "    <scoring-version id=\"old\" default=\"true\">Legacy rule"
                       "</scoring-version>" } },
    L_VERSIONS, "default" },

  /* option sets and items */
  { "unknown-option-set",
    { { L_ITEM_B, "    <item id=\"B\" options=\"sevv\"><label>Item B</label></item>" } },
    L_ITEM_B, "sevv" },
  { "unused-option-set",
    { { L_SET_SLOT, "    <option-set id=\"spare\"><option value=\"0\">a</option><option "
                    "value=\"1\">b</option></option-set>" } },
    L_SET_SLOT, "not used" },
  { "item-options-and-min-max",
    { { L_ITEM_B, "    <item id=\"B\" options=\"sev\" min=\"0\" max=\"2\"><label>Item B</label>"
                  "</item>" } },
    L_ITEM_B, "min" },
  { "item-options-and-whole",
    { { L_ITEM_B, "    <item id=\"B\" options=\"sev\" whole=\"true\"><label>Item B</label>"
                  "</item>" } },
    L_ITEM_B, "whole" },
  { "item-set-and-inline-options",
    { { L_ITEM_SLOT, "    <item id=\"D\" options=\"sev\"><label>D</label><option value=\"0\">x"
                     "</option><option value=\"1\">y</option></item>" } },
    L_ITEM_SLOT, "both" },
  { "item-neither-options-nor-range",
    { { L_ITEM_SLOT, "    <item id=\"D\"><label>D</label></item>" } },
    L_ITEM_SLOT, "needs either" },
  { "item-min-only",
    { { L_ITEM_SLOT, "    <item id=\"D\" min=\"0\"><label>D</label></item>" } },
    L_ITEM_SLOT, "needs either" },
  { "item-min-equals-max",
    { { L_ITEM_SLOT, "    <item id=\"D\" min=\"5\" max=\"5\"><label>D</label></item>" } },
    L_ITEM_SLOT, "not below" },
  { "item-min-above-max",
    { { L_ITEM_C, "    <item id=\"C\" min=\"10\" max=\"0\" whole=\"true\"><label>Item C</label>"
                  "</item>" } },
    L_ITEM_C, "not below" },
  { "whole-item-fractional-min",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0.5\" max=\"10\" whole=\"true\"><label>Item C</label>"
                  "<anchor value=\"10\">Worst</anchor></item>" } },
    L_ITEM_C, "whole" },
  { "whole-item-fractional-max",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"9.5\" whole=\"1\"><label>Item C</label>"
                  "</item>" } },
    L_ITEM_C, "whole" },
  { "anchor-above-range",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"true\"><label>Item C</label>"
                  "<anchor value=\"0\">None</anchor><anchor value=\"10.5\">Worst</anchor>"
                  "</item>" } },
    L_ITEM_C, "outside" },
  { "anchor-below-range",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"true\"><label>Item C</label>"
                  "<anchor value=\"-1\">None</anchor></item>" } },
    L_ITEM_C, "outside" },
  { "anchor-outside-option-range",
    { { L_ITEM_B, "    <item id=\"B\" options=\"sev\"><label>Item B</label><anchor value=\"3\">x"
                  "</anchor></item>" } },
    L_ITEM_B, "outside" },

  /* scores: inputs */
  { "score-unknown-item",
    { { L_AB, "    <score key=\"ab\" method=\"sum\" items=\"A Z\" min=\"0\" max=\"4\" "
              "higher-is-better=\"false\">" } },
    L_AB, "“Z”" },
  { "score-unknown-score",
    { { L_TOTAL, "    <score key=\"total\" method=\"score-sum\" scores=\"ab nope\" min=\"0\" "
                 "max=\"14\" higher-is-better=\"false\">" } },
    L_TOTAL, "nope" },
  { "score-uses-later-score",
    { { L_TOTAL, "    <score key=\"total\" method=\"score-sum\" scores=\"ab c w\" min=\"0\" "
                 "max=\"24\" higher-is-better=\"false\">" } },
    L_TOTAL, "before" },
  { "score-uses-itself",
    { { L_TOTAL, "    <score key=\"total\" method=\"score-sum\" scores=\"ab total\" min=\"0\" "
                 "max=\"14\" higher-is-better=\"false\">" } },
    L_TOTAL, "before" },
  { "value-with-two-items",
    { { L_C, "    <score key=\"c\" method=\"value\" items=\"C A\" min=\"0\" max=\"12\" "
             "higher-is-better=\"false\">" } },
    L_C, "exactly one" },
  { "score-percent-with-two-scores",
    { { L_TOTAL_PCT, "    <score key=\"total_pct\" method=\"score-percent\" scores=\"total ab\" "
                     "min=\"0\" max=\"100\" higher-is-better=\"false\">" } },
    L_TOTAL_PCT, "exactly one" },
  { "score-sum-with-items",
    { { L_TOTAL, "    <score key=\"total\" method=\"score-sum\" scores=\"ab c\" items=\"A\" "
                 "min=\"0\" max=\"14\" higher-is-better=\"false\">" } },
    L_TOTAL, "no items" },
  { "sum-with-scores",
    { { L_C, "    <score key=\"c\" method=\"value\" items=\"C\" scores=\"ab\" min=\"0\" max=\"10\" "
             "higher-is-better=\"false\">" } },
    L_C, "not scores" },
  { "score-without-inputs",
    { { L_C, "    <score key=\"c\" method=\"value\" min=\"0\" max=\"10\" "
             "higher-is-better=\"false\">" } },
    L_C, "nothing to score" },
  { "mean-percent-different-ranges",
    { { L_PCT, "    <score key=\"ab_pct\" method=\"mean-percent\" items=\"A C\" min=\"0\" "
               "max=\"100\" higher-is-better=\"false\">" } },
    L_PCT, "same range" },
  { "invert-on-sum",
    { { L_AB, "    <score key=\"ab\" method=\"sum\" invert=\"true\" items=\"A B\" min=\"0\" "
              "max=\"4\" higher-is-better=\"false\">" } },
    L_AB, "invert" },

  /* lookup */
  { "lookup-table-missing-sum",
    { { L_ENTRY_3, "" } },
    L_TABLE, "no entry for the sum 3" },
  { "lookup-table-repeats-sum",
    { { L_ENTRY_3, "        <entry sum=\"2\" value=\"25\"/>" } },
    L_ENTRY_3, "listed twice" },
  { "lookup-table-sum-too-high",
    { { L_ENTRY_3, "        <entry sum=\"5\" value=\"25\"/>" } },
    L_ENTRY_3, "cannot occur" },
  { "lookup-table-sum-negative",
    { { L_ENTRY_0, "        <entry sum=\"-1\" value=\"100\"/>" } },
    L_ENTRY_0, "cannot occur" },
  { "lookup-table-sum-huge",
    { { L_ENTRY_0, "        <entry sum=\"99999999999999999999999\" value=\"100\"/>" } },
    L_ENTRY_0, "cannot occur" },
  { "lookup-without-table",
    { { L_TABLE, "" }, { L_ENTRY_0, "" }, { L_ENTRY_1, "" }, { L_ENTRY_2, "" }, { L_ENTRY_3, "" },
      { L_ENTRY_4, "" }, { L_TABLE_END, "" } },
    L_LK, "no table" },
  { "lookup-fractional-item",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"false\"><label>Item C</label>"
                  "</item>" },
      { L_LK, "    <score key=\"lk\" method=\"lookup\" items=\"C\" min=\"0\" max=\"100\" "
              "higher-is-better=\"true\">" } },
    L_LK, "whole numbers" },
  { "lookup-table-too-long",
    { { L_ITEM_SLOT, "    <item id=\"D\" min=\"0\" max=\"5000\" whole=\"true\"><label>D</label>"
                     "</item>" },
      { L_LK, "    <score key=\"lk\" method=\"lookup\" items=\"D\" min=\"0\" max=\"100\" "
              "higher-is-better=\"true\">" } },
    L_TABLE, "too long" },
  { "lookup-allows-missing",
    { { L_LK_LABEL, "      <label>Lookup</label><missing max-missing=\"1\" impute=\"mean\"/>" } },
    L_LK_LABEL, "complete sum" },
  { "table-on-sum",
    { { L_AB_MISSING_OLD, "      <missing scoring-version=\"old\" max-missing=\"0\"/>"
                          "<table><entry sum=\"0\" value=\"0\"/><entry sum=\"1\" value=\"1\"/>"
                          "</table>" } },
    L_AB, "table" },

  /* weighted */
  { "weighted-without-weights",
    { { L_W_WEIGHT, "" } },
    L_W, "nothing to score" },
  { "weighted-item-twice",
    { { L_W_WEIGHT, "      <weight items=\"C\" value=\"-1\"/><weight items=\"C\" value=\"1\"/>" } },
    L_W_WEIGHT, "twice" },
  { "weighted-with-items-attribute",
    { { L_W, "    <score key=\"w\" method=\"weighted\" items=\"C\" offset=\"10\" min=\"0\" "
             "max=\"10\" higher-is-better=\"true\">" } },
    L_W, "weight" },
  { "weighted-unknown-item",
    { { L_W_WEIGHT, "      <weight items=\"Q\" value=\"-1\"/>" } },
    L_W_WEIGHT, "“Q”" },
  { "offset-on-value",
    { { L_C, "    <score key=\"c\" method=\"value\" items=\"C\" offset=\"1\" min=\"0\" max=\"10\" "
             "higher-is-better=\"false\">" } },
    L_C, "offset" },
  { "weights-on-value",
    { { L_C_LABEL, "      <label>C</label><weight items=\"C\" value=\"1\"/>" } },
    L_C, "weight" },

  /* missing-item rules */
  { "missing-both-attributes",
    { { L_AB_MISSING, "      <missing min-answered=\"1\" max-missing=\"1\" impute=\"mean\"/>" } },
    L_AB_MISSING, "exactly one of" },
  { "missing-neither-attribute",
    { { L_AB_MISSING, "      <missing impute=\"mean\"/>" } },
    L_AB_MISSING, "exactly one of" },
  { "min-answered-above-item-count",
    { { L_PCT_MISSING, "      <missing min-answered=\"3\"/>" } },
    L_PCT_MISSING, "cannot apply" },
  { "min-answered-zero",
    { { L_PCT_MISSING, "      <missing min-answered=\"0\"/>" } },
    L_PCT_MISSING, "at least one" },
  { "max-missing-above-item-count",
    { { L_AB_MISSING, "      <missing max-missing=\"3\" impute=\"mean\"/>" } },
    L_AB_MISSING, "cannot apply" },
  { "max-missing-overflow",
    { { L_AB_MISSING, "      <missing max-missing=\"99999999999999999999999\" "
                      "impute=\"mean\"/>" } },
    L_AB_MISSING, "cannot apply" },
  { "missing-unknown-scoring-version",
    { { L_AB_MISSING_OLD, "      <missing scoring-version=\"older\" max-missing=\"0\"/>" } },
    L_AB_MISSING_OLD, "older" },
  { "sum-missing-without-impute",
    { { L_AB_MISSING, "      <missing max-missing=\"1\"/>" } },
    L_AB_MISSING, "impute" },
  { "sum-missing-without-impute-old-rule",
    { { L_AB_MISSING_OLD, "      <missing scoring-version=\"old\" min-answered=\"1\"/>" } },
    L_AB_MISSING_OLD, "impute" },
  { "weighted-missing-without-impute",
    { { L_W_LABEL, "      <label>Weighted</label><missing max-missing=\"1\"/>" } },
    L_W_LABEL, "impute" },
  { "value-missing-allowed",
    { { L_C_LABEL, "      <label>C</label><missing max-missing=\"1\"/>" } },
    L_C_LABEL, "single item" },
  { "missing-on-score-sum",
    { { L_TOTAL_LABEL, "      <label>Total</label><missing max-missing=\"0\"/>" } },
    L_TOTAL, "missing-item rule" },

  /* declared range against the method */
  { "sum-max-typo",
    { { L_AB, "    <score key=\"ab\" method=\"sum\" items=\"A B\" min=\"0\" max=\"5\" "
              "higher-is-better=\"false\">" } },
    L_AB, "declared" },
  { "value-min-typo",
    { { L_C, "    <score key=\"c\" method=\"value\" items=\"C\" min=\"1\" max=\"10\" "
             "higher-is-better=\"false\">" } },
    L_C, "declared" },
  { "percent-max-typo",
    { { L_PCT, "    <score key=\"ab_pct\" method=\"mean-percent\" items=\"A B\" min=\"0\" "
               "max=\"10\" higher-is-better=\"false\">" } },
    L_PCT, "declared" },
  { "table-value-typo",
    { { L_ENTRY_0, "        <entry sum=\"0\" value=\"10.0\"/>" } },
    L_LK, "declared" },
  { "wrong-weight",
    { { L_W_WEIGHT, "      <weight items=\"C\" value=\"-2\"/>" } },
    L_W, "declared" },
  { "wrong-offset",
    { { L_W, "    <score key=\"w\" method=\"weighted\" offset=\"11\" min=\"0\" max=\"10\" "
             "higher-is-better=\"true\">" } },
    L_W, "declared" },
  { "score-sum-typo",
    { { L_TOTAL, "    <score key=\"total\" method=\"score-sum\" scores=\"ab c\" min=\"0\" "
                 "max=\"15\" higher-is-better=\"false\">" } },
    L_TOTAL, "declared" },

  /* thresholds and derivations */
  { "threshold-unknown-score",
    { { L_THRESHOLD, "    <threshold score=\"zz\" kind=\"mcid\" value=\"1\"><citation>Made up"
                     "</citation></threshold>" } },
    L_THRESHOLD, "zz" },
  { "derivation-misses-item",
    { { L_MAP_C, "" } },
    L_DERIVE, "does not map item “C”" },
  { "derivation-maps-item-twice",
    { { L_MAP_C, "    <map item=\"B\" from=\"X3\"/>" } },
    L_MAP_C, "mapped twice" },
  { "derivation-same-source-twice",
    { { L_MAP_C, "    <map item=\"C\" from=\"X1\"/>" } },
    L_MAP_C, "X1" },
  { "derivation-unknown-item",
    { { L_MAP_C, "    <map item=\"Z\" from=\"X3\"/>" } },
    L_MAP_C, "“Z”" },
  { "derivation-from-itself",
    { { L_DERIVE, "  <derive from=\"TEST\">" } },
    L_DERIVE, "itself" },

  /* the root */
  { "wrong-root-namespace",
    { { L_ROOT, "<instrument xmlns=\"urn:marrow:instrument:2\" id=\"TEST\" version=\"1\" "
                "joint=\"knee\">" } },
    L_ROOT, "instrument" },
  { "root-namespace-with-trailing-slash",
    { { L_ROOT, "<instrument xmlns=\"urn:marrow:instrument:1/\" id=\"TEST\" version=\"1\" "
                "joint=\"knee\">" } },
    L_ROOT, "instrument" },
  { "root-without-namespace",
    { { L_ROOT, "<instrument id=\"TEST\" version=\"1\" joint=\"knee\">" } },
    L_ROOT, "instrument" },
};

static const ErrorCase schema_cases[] = {
  { "unknown-element",
    { { L_ITEM_SLOT, "    <widget/>" } },
    L_ITEM_SLOT, "widget" },
  { "unknown-element-other-namespace",
    { { L_ITEM_SLOT, "    <x:item xmlns:x=\"urn:example\" id=\"D\"/>" } },
    L_ITEM_SLOT, "item" },
  { "unknown-attribute",
    { { L_ITEM_A, "    <item id=\"A\" options=\"sev\" colour=\"red\"><label>Item A</label>"
                  "</item>" } },
    L_ITEM_A, "colour" },
  { "missing-required-attribute",
    { { L_C, "    <score key=\"c\" method=\"value\" items=\"C\" min=\"0\" max=\"10\">" } },
    L_C, "higher-is-better" },
  { "missing-item-label",
    { { L_ITEM_A, "    <item id=\"A\" options=\"sev\"></item>" } },
    L_ITEM_A, "label" },
  { "number-with-exponent",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"1e3\" whole=\"true\"><label>Item C</label>"
                  "</item>" } },
    L_ITEM_C, "1e3" },
  { "number-pattern-shown-whole",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"1e3\" whole=\"true\"><label>Item C</label>"
                  "</item>" } },
    L_ITEM_C, "[0-9]{1,9}" },
  { "number-nan",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"true\"><label>Item C</label>"
                  "<anchor value=\"NaN\">x</anchor></item>" } },
    L_ITEM_C, "NaN" },
  { "number-infinity",
    { { L_SEV_2, "      <option value=\"INF\">Much</option>" } },
    L_SEV_2, "INF" },
  { "number-hex",
    { { L_SEV_2, "      <option value=\"0x2\">Much</option>" } },
    L_SEV_2, "0x2" },
  { "number-with-space",
    { { L_SEV_2, "      <option value=\" 2\">Much</option>" } },
    L_SEV_2, "value" },
  { "number-too-long",
    { { L_SEV_2, "      <option value=\"12345678901\">Much</option>" } },
    L_SEV_2, "12345678901" },
  { "weight-divide-by-zero",
    { { L_W_WEIGHT, "      <weight items=\"C\" value=\"1/0\"/>" } },
    L_W_WEIGHT, "1/0" },
  { "instrument-id-lower-case",
    { { L_ROOT, "<instrument xmlns=\"urn:marrow:instrument:1\" id=\"test\" version=\"1\" "
                "joint=\"knee\">" } },
    L_ROOT, "test" },
  { "item-id-bad-character",
    { { L_ITEM_A, "    <item id=\"A-1\" options=\"sev\"><label>Item A</label></item>" } },
    L_ITEM_A, "A-1" },
  { "key-list-empty",
    { { L_AB, "    <score key=\"ab\" method=\"sum\" items=\"\" min=\"0\" max=\"4\" "
              "higher-is-better=\"false\">" } },
    L_AB, "items" },
  { "unknown-method",
    { { L_C, "    <score key=\"c\" method=\"median\" items=\"C\" min=\"0\" max=\"10\" "
             "higher-is-better=\"false\">" } },
    L_C, "median" },
  { "unknown-method-lists-methods",
    { { L_C, "    <score key=\"c\" method=\"median\" items=\"C\" min=\"0\" max=\"10\" "
             "higher-is-better=\"false\">" } },
    L_C, "'mean-percent'" },
  { "bad-boolean",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"yes\"><label>Item C</label>"
                  "</item>" } },
    L_ITEM_C, "yes" },
  { "elements-out-of-order",
    { { L_NAME, "" }, { L_VERSIONS_END, "  </scoring-versions><name>Test instrument</name>" } },
    L_LICENCE, "licence" },
  { "empty-label",
    { { L_ITEM_A, "    <item id=\"A\" options=\"sev\"><label></label></item>" } },
    L_ITEM_A, "label" },
  { "one-option-only",
    { { L_ITEM_SLOT, "    <item id=\"D\"><label>D</label><option value=\"0\">x</option></item>" } },
    L_ITEM_SLOT, "option" },
  { "xsi-type-override",
    { { L_ITEM_A, "    <item xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                  "xsi:type=\"Nope\" id=\"A\" options=\"sev\"><label>Item A</label></item>" } },
    L_ITEM_A, "type" },
};

static void
run_error_case (gpointer      fixture,
                gconstpointer data)
{
  const ErrorCase *test = data;
  g_autofree char *text = build_definition (test->edits);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (text, -1, SOURCE, &error);

  g_assert_null (instrument);
  assert_definition_error (error, SOURCE, test->line, test->keyword);
}

/* Cases that look odd but are right must still load */
typedef struct
{
  const char *name;
  Edit        edits[MAX_EDITS];
} ValidCase;

static const ValidCase valid_cases[] = {
  { "min-answered-all-items", { { L_PCT_MISSING, "      <missing min-answered=\"2\"/>" } } },
  { "max-missing-all-items", { { L_PCT_MISSING, "      <missing max-missing=\"2\"/>" } } },
  { "no-missing-rule", { { L_AB_MISSING, "" }, { L_AB_MISSING_OLD, "" } } },
  { "table-in-any-order",
    { { L_ENTRY_0, "        <entry sum=\"4\" value=\"0\"/>" },
      { L_ENTRY_4, "        <entry sum=\"0\" value=\"100\"/>" } } },
  { "fraction-weight",
    { { L_W, "    <score key=\"w\" method=\"weighted\" offset=\"0\" min=\"0\" max=\"50\" "
             "higher-is-better=\"true\">" },
      { L_W_WEIGHT, "      <weight items=\"C\" value=\"5/1\"/>" } } },
  { "whole-as-digit",
    { { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"1\"><label>Item C</label>"
                  "</item>" } } },
  { "comment-and-cdata",
    { { L_NAME, "  <!-- a comment --><name><![CDATA[Test & instrument]]></name>" } } },
  { "inline-options",
    { { L_ITEM_SLOT, "    <item id=\"D\"><label>D</label><option value=\"1\">x</option><option "
                     "value=\"2\">y</option></item>" },
      { L_MAP_C, "    <map item=\"C\" from=\"X3\"/><map item=\"D\" from=\"X4\"/>" } } },
  { "unused-item-with-derivation",
    { { L_ITEM_SLOT, "    <item id=\"D\" min=\"-5\" max=\"5\"><label>D</label></item>" },
      { L_MAP_C, "    <map item=\"C\" from=\"X3\"/><map item=\"D\" from=\"X4\"/>" } } },
  { "no-derivation",
    { { L_DERIVE, "" }, { L_MAP_A, "" }, { L_MAP_B, "" }, { L_MAP_C, "" }, { L_DERIVE_END, "" } } },
  { "xsi-schema-location-ignored",
    { { L_ROOT, "<instrument xmlns=\"urn:marrow:instrument:1\" "
                "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                "xsi:schemaLocation=\"urn:marrow:instrument:1 http://127.0.0.1:9/evil.xsd\" "
                "id=\"TEST\" version=\"1\" joint=\"knee\">" } } },
};

static void
run_valid_case (gpointer      fixture,
                gconstpointer data)
{
  const ValidCase *test = data;
  g_autofree char *text = build_definition (test->edits);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (text, -1, SOURCE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (instrument);
}

/* xs:boolean collapses white space, so the schema accepts " true "; the
 * loader must read it as the schema does, or a reversed item would silently
 * be scored the wrong way round. */
static void
test_boolean_white_space (void)
{
  static const Edit edits[] = {
    { L_VERSION_NEW, "    <scoring-version id=\"new\" default=\" true \">Current rule"
                     "</scoring-version>" },
    { L_ITEM_C, "    <item id=\"C\" min=\"0\" max=\"10\" whole=\"\ttrue\" reverse=\" true\">"
                "<label>Item C</label></item>" },
    { L_PCT, "    <score key=\"ab_pct\" method=\"mean-percent\" invert=\"true \" items=\"A B\" "
             "min=\"0\" max=\"100\" higher-is-better=\" false \">" },
    { 0 },
  };
  g_autofree char *text = build_definition (edits);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (text, -1, SOURCE, &error);
  const MarrowInstrumentItem *item;
  const MarrowInstrumentScore *score;

  g_assert_no_error (error);
  item = marrow_instrument_find_item (instrument, "C", NULL);
  g_assert_true (item->whole);
  g_assert_true (item->reverse);
  score = marrow_instrument_find_score (instrument, "ab_pct", NULL);
  g_assert_true (score->invert);
  g_assert_false (score->higher_is_better);
  g_assert_cmpstr (marrow_instrument_get_default_scoring (instrument)->id, ==, "new");
}

/* A UTF-8 byte order mark is UTF-8: accepted, and the lines still count */
static void
test_utf8_bom (void)
{
  static const Edit edits[] = { { L_MAP_C, "" }, { 0 } };
  g_autofree char *text = build_definition (NULL);
  g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", text, NULL);
  g_autofree char *broken = build_definition (edits);
  g_autofree char *broken_bom = g_strconcat ("\xef\xbb\xbf", broken, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (with_bom, -1, SOURCE, &error);
  g_autoptr(MarrowInstrument) none = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (instrument);

  none = load_text (broken_bom, -1, SOURCE, &error);
  g_assert_null (none);
  assert_definition_error (error, SOURCE, L_DERIVE, "does not map");
}

/* The source is used verbatim in the message, whatever it looks like */
static void
test_source_in_message (void)
{
  static const Edit edits[] = { { L_MAP_C, "" }, { 0 } };
  static const char source[] = "/home/dr o’brien/.config/marrow/instruments/my koos.xml";
  g_autofree char *text = build_definition (edits);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (text, -1, source, &error);

  g_assert_null (instrument);
  assert_definition_error (error, source, L_DERIVE, NULL);
}

/* libxml2 keeps the line of a node in 16 bits: a file of under 1 MiB
 * could have more lines than that, and its messages would name a wrong
 * line.  Such a file is refused as a whole; 65 535 lines are still read. */
static void
test_too_many_lines (void)
{
  static const Edit edits[] = {
    { L_ITEM_SLOT, "    <item id=\"A\" min=\"0\" max=\"1\"><label>A again</label></item>" },
    { 0 },
  };
  g_autofree char *text = build_definition (edits);
  const char *items = strstr (text, "  <items>");
  g_autoptr(GString) padded = g_string_new_len (text, items - text);
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = NULL;
  guint extra = 65535 - (N_LINES - 1);

  /* Exactly 65 535 lines (the last one ends in a newline): read, and the
   * error on the last lines is named right */
  for (guint i = 0; i < extra; i++)
    g_string_append_c (padded, '\n');
  g_string_append (padded, items);
  g_assert_cmpuint (padded->len, <, 1024 * 1024);

  instrument = load_text (padded->str, (gssize)padded->len, SOURCE, &error);
  g_assert_null (instrument);
  assert_definition_error (error, SOURCE, (int)(L_ITEM_SLOT + extra), "twice");
  g_clear_error (&error);

  /* One more line */
  g_string_insert_c (padded, 0, '\n');
  instrument = load_text (padded->str, (gssize)padded->len, SOURCE, &error);
  g_assert_null (instrument);
  assert_definition_error (error, SOURCE, 0, "65535 lines");
}

/* libxml2 dates an element by the line where its start tag ends; a tag
 * spread over several lines (as the bundled <score> tags are) must still be
 * named by one of its own lines */
static void
test_multi_line_start_tag (void)
{
  g_autofree char *text = build_definition (NULL);
  g_autofree char *spread = replace_once (text, "<score key=\"ab\" method=\"sum\" items=\"A B\"",
                                          "<score key=\"ab\"\n      method=\"sum\"\n      "
                                          "items=\"A Z\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = load_text (spread, -1, SOURCE, &error);
  g_auto(GStrv) parts = NULL;
  gint64 line;

  g_assert_null (instrument);
  assert_definition_error (error, SOURCE, 0, "“Z”");
  parts = g_strsplit (error->message, ":", 3);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  line = g_ascii_strtoll (parts[1], NULL, 10);
  g_assert_cmpint (line, >=, L_AB);
  g_assert_cmpint (line, <=, L_AB + 2);
}

/* --- hostile XML ---------------------------------------------------------- */

#define HOSTILE "hostile.xml"
#define ROOT_OPEN "<instrument xmlns=\"urn:marrow:instrument:1\" id=\"TEST\" version=\"1\">"
#define PASS_EXPECTED -1

/* The loader's own limits (marrow-instrument-loader.c) */
static const MarrowXmlLimits loader_limits = {
  .max_bytes = 1024 * 1024,
  .max_depth = 16,
  .max_nodes = 100000,
};

typedef struct
{
  const char *name;
  const char *text;
  gsize       len;     /* 0: strlen (text) */
  int         code;    /* MarrowXmlError from marrow_safe_xml_parse, or PASS_EXPECTED */
} HostileCase;

#define LEN(literal) (sizeof (literal) - 1)

#define LAUGHS \
  "<?xml version=\"1.0\"?>\n" \
  "<!DOCTYPE instrument [\n" \
  " <!ENTITY lol \"lol\">\n" \
  " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n" \
  " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n" \
  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n" \
  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" \
  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n" \
  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n" \
  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n" \
  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n" \
  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n" \
  "]>\n" \
  ROOT_OPEN "<name a=\"&lol9;\">&lol9;</name></instrument>\n"

#define END_ROOT "</instrument>\n"
#define NAMED(text) ROOT_OPEN "<name>" text "</name>" END_ROOT

static const HostileCase hostile_cases[] = {
  /* DOCTYPE and entities */
  { "doctype-internal-entity",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE instrument [<!ENTITY n \"Test\">]>\n" NAMED ("&n;"),
    0, MARROW_XML_ERROR_REFUSED },
  { "doctype-empty", "<!DOCTYPE instrument>\n" ROOT_OPEN END_ROOT, 0, MARROW_XML_ERROR_REFUSED },
  { "doctype-after-comment",
    "<?xml version=\"1.0\"?>\n<!-- hello -->\n<!DOCTYPE instrument [<!ENTITY n \"x\">]>\n"
    NAMED ("&n;"),
    0, MARROW_XML_ERROR_REFUSED },
  { "doctype-lower-case", "<!doctype instrument [<!ENTITY n \"x\">]>\n" NAMED ("&n;"),
    0, MARROW_XML_ERROR_MALFORMED },
  { "billion-laughs", LAUGHS, 0, MARROW_XML_ERROR_REFUSED },
  { "entity-loop", "<!DOCTYPE instrument [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]>\n" NAMED ("&a;"),
    0, MARROW_XML_ERROR_REFUSED },
  { "undeclared-entity", NAMED ("&xxe;"), 0, MARROW_XML_ERROR_MALFORMED },

  /* external entities and DTDs (XXE, SSRF) */
  { "xxe-file",
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE instrument [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" NAMED ("&xxe;"),
    0, MARROW_XML_ERROR_REFUSED },
  { "xxe-plain-path",
    "<!DOCTYPE instrument [<!ENTITY xxe SYSTEM \"/etc/passwd\">]>\n" NAMED ("&xxe;"),
    0, MARROW_XML_ERROR_REFUSED },
  { "xxe-http",
    "<!DOCTYPE instrument [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/x\">]>\n" NAMED ("&xxe;"),
    0, MARROW_XML_ERROR_REFUSED },
  { "xxe-error-based-parameter-entity",
    "<!DOCTYPE instrument [\n"
    " <!ENTITY % file SYSTEM \"file:///etc/passwd\">\n"
    " <!ENTITY % eval \"<!ENTITY &#x25; error SYSTEM 'file:///nonexistent/%file;'>\">\n"
    " %eval;\n %error;\n]>\n" ROOT_OPEN END_ROOT,
    0, MARROW_XML_ERROR_REFUSED },
  { "external-dtd-file",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE instrument SYSTEM \"file:///etc/passwd\">\n"
    ROOT_OPEN END_ROOT,
    0, MARROW_XML_ERROR_REFUSED },
  { "external-dtd-http",
    "<!DOCTYPE instrument PUBLIC \"-//EVIL//DTD x//EN\" \"http://127.0.0.1:9/x.dtd\">\n"
    ROOT_OPEN END_ROOT,
    0, MARROW_XML_ERROR_REFUSED },
  { "external-parameter-entity",
    "<!DOCTYPE instrument [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/x.dtd\"> %remote;]>\n"
    ROOT_OPEN END_ROOT,
    0, MARROW_XML_ERROR_REFUSED },

  /* XInclude is never processed: well-formed, then refused by the schema */
  { "xinclude-element",
    ROOT_OPEN "<name>x</name><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
    "href=\"file:///etc/passwd\" parse=\"text\"/>" END_ROOT,
    0, PASS_EXPECTED },
  { "xinclude-root",
    "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" "
    "parse=\"text\"/>\n",
    0, PASS_EXPECTED },

  /* processing instructions, wherever they are */
  { "processing-instruction-inside", ROOT_OPEN "<?evil payload?><name>x</name>" END_ROOT,
    0, MARROW_XML_ERROR_REFUSED },
  { "processing-instruction-before-root",
    "<?xml version=\"1.0\"?>\n"
    "<?xml-stylesheet type=\"text/xsl\" href=\"http://127.0.0.1:9/x.xsl\"?>\n" NAMED ("x"),
    0, MARROW_XML_ERROR_REFUSED },
  { "processing-instruction-after-root", NAMED ("x") "<?evil payload?>\n",
    0, MARROW_XML_ERROR_REFUSED },

  /* not UTF-8 text */
  { "gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xb3\xc9\xcc\x2b\x2e\x29\x2a\x05\x00", 19,
    MARROW_XML_ERROR_REFUSED },
  { "xz", "\xfd" "7zXZ\x00\x00\x04\xe6\xd6\xb4\x46", 12, MARROW_XML_ERROR_REFUSED },
  { "utf16-le-bom", "\xff\xfe<\0i\0n\0s\0t\0r\0u\0m\0e\0n\0t\0/\0>\0", 28,
    MARROW_XML_ERROR_REFUSED },
  { "utf16-be-bom", "\xfe\xff\0<\0i\0n\0s\0t\0r\0u\0m\0e\0n\0t\0/\0>", 28,
    MARROW_XML_ERROR_REFUSED },
  { "utf16-without-bom", "<\0?\0x\0m\0l\0 \0v\0", 14, MARROW_XML_ERROR_REFUSED },
  { "utf32-be-bom", "\0\0\xfe\xff\0\0\0<", 8, MARROW_XML_ERROR_REFUSED },
  { "nul-byte", NAMED ("a\0b"), LEN (NAMED ("a\0b")), MARROW_XML_ERROR_REFUSED },
  { "latin1-byte", NAMED ("Caf\xe9"), 0, MARROW_XML_ERROR_MALFORMED },
  /* A declared encoding other than UTF-8 is refused before parsing */
  { "latin1-declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" NAMED ("Caf\xe9"),
    0, MARROW_XML_ERROR_REFUSED },
  { "utf7-declared",
    "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n+ADw-+ACE-DOCTYPE instrument+AD4-\n"
    ROOT_OPEN END_ROOT,
    0, MARROW_XML_ERROR_REFUSED },
  { "overlong-utf8", NAMED ("\xc0\xbcscript"), 0, MARROW_XML_ERROR_MALFORMED },
  { "utf8-surrogate", NAMED ("\xed\xa0\x80"), 0, MARROW_XML_ERROR_MALFORMED },
  { "utf8-cut-off", NAMED ("\xe2\x82"), 0, MARROW_XML_ERROR_MALFORMED },
  { "control-character-reference", NAMED ("&#x1;"), 0, MARROW_XML_ERROR_MALFORMED },
  { "nul-character-reference", NAMED ("&#0;"), 0, MARROW_XML_ERROR_MALFORMED },
  { "raw-control-character", NAMED ("\x01"), 0, MARROW_XML_ERROR_MALFORMED },

  /* not a document */
  { "empty", "", 0, MARROW_XML_ERROR_MALFORMED },
  { "white-space-only", "  \n\t\n", 0, MARROW_XML_ERROR_MALFORMED },
  { "not-xml", "KOOS,LK1.0,knee\n", 0, MARROW_XML_ERROR_MALFORMED },
  { "truncated", "<?xml version=\"1.0\"?>\n" ROOT_OPEN "<name>Trunc", 0,
    MARROW_XML_ERROR_MALFORMED },
  { "unclosed-comment", ROOT_OPEN "<!-- never closed " END_ROOT, 0, MARROW_XML_ERROR_MALFORMED },
  { "two-roots", ROOT_OPEN END_ROOT ROOT_OPEN END_ROOT, 0, MARROW_XML_ERROR_MALFORMED },
};

/* What /etc/passwd holds must never reach a message or a document */
static void
assert_no_secret (const char *text)
{
  g_autofree char *passwd = NULL;

  g_assert_null (strstr (text, "root:"));
  if (g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL))
    {
      char *newline = strchr (passwd, '\n');

      if (newline != NULL)
        *newline = '\0';
      if (*passwd != '\0')
        g_assert_null (strstr (text, passwd));
    }
}

static void
assert_hostile_refused (GBytes *bytes,
                        int     code)
{
  g_autoptr(GError) xml_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = marrow_safe_xml_parse (bytes, HOSTILE, &loader_limits, &xml_error);
  g_autoptr(MarrowInstrument) instrument = NULL;

  if (code == PASS_EXPECTED)
    {
      /* Well-formed, so the parser hands it on; nothing was fetched or
       * included */
      xmlChar *dump = NULL;
      int size = 0;

      g_assert_no_error (xml_error);
      g_assert_nonnull (doc);
      xmlDocDumpMemory (doc, &dump, &size);
      g_assert_nonnull (dump);
      assert_no_secret ((const char *)dump);
      xmlFree (dump);
    }
  else
    {
      g_assert_null (doc);
      g_assert_nonnull (xml_error);
      g_test_message ("safe-xml: %s", xml_error->message);
      g_assert_error (xml_error, MARROW_XML_ERROR, code);
      g_assert_true (g_str_has_prefix (xml_error->message, HOSTILE ":"));
      assert_no_secret (xml_error->message);
    }

  /* The loader refuses all of them: hostile or not an instrument */
  instrument = marrow_instrument_new_from_bytes (bytes, HOSTILE, &error);
  g_assert_null (instrument);
  assert_definition_error (error, HOSTILE, 0, NULL);
  assert_no_secret (error->message);
}

static void
run_hostile_case (gpointer      fixture,
                  gconstpointer data)
{
  const HostileCase *test = data;
  gsize len = test->len > 0 ? test->len : strlen (test->text);
  g_autoptr(GBytes) bytes = g_bytes_new (test->text, len);

  assert_hostile_refused (bytes, test->code);
}

static GBytes *
nested (guint levels)
{
  GString *out = g_string_new (ROOT_OPEN "<name>x</name>");

  for (guint i = 0; i < levels; i++)
    g_string_append (out, "<d>");
  g_string_append (out, "deep");
  for (guint i = 0; i < levels; i++)
    g_string_append (out, "</d>");
  g_string_append (out, "</instrument>\n");
  return g_string_free_to_bytes (out);
}

static void
test_hostile_deep_nesting (void)
{
  g_autoptr(GBytes) deep = nested (300);
  g_autoptr(GBytes) medium = nested (40);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  /* libxml2 stops at 256 levels */
  assert_hostile_refused (deep, MARROW_XML_ERROR_MALFORMED);

  /* Marrow's own caps stop earlier */
  assert_hostile_refused (medium, MARROW_XML_ERROR_REFUSED);

  /* 40 levels are within the default limits (64) */
  doc = marrow_safe_xml_parse (medium, HOSTILE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
}

static void
test_hostile_depth_limit_exact (void)
{
  static const MarrowXmlLimits limits = { .max_bytes = 4096, .max_depth = 4, .max_nodes = 1000 };
  static const char at_limit[] = "<a><b><c><d>x</d></c></b></a>";    /* 4 levels with text */
  static const char over_limit[] =
    "<a>\n <b>\n  <c>\n   <d>\n    <e>x</e>\n   </d>\n  </c>\n </b>\n</a>\n";
  g_autoptr(GBytes) ok_bytes = g_bytes_new_static (at_limit, LEN (at_limit));
  g_autoptr(GBytes) bad_bytes = g_bytes_new_static (over_limit, LEN (over_limit));
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) ok = marrow_safe_xml_parse (ok_bytes, "depth.xml", &limits, &error);
  g_autoptr(xmlDoc) bad = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ok);

  bad = marrow_safe_xml_parse (bad_bytes, "depth.xml", &limits, &error);
  g_assert_null (bad);
  g_assert_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_REFUSED);
  /* The line of the first element too deep */
  g_assert_true (g_str_has_prefix (error->message, "depth.xml:5: "));
}

static void
test_hostile_too_many_nodes (void)
{
  static const MarrowXmlLimits small = {
    .max_bytes = 1024 * 1024,
    .max_depth = 16,
    .max_nodes = 50,
  };
  g_autofree char *text = build_definition (NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = marrow_safe_xml_parse (bytes, HOSTILE, &small, &error);
  g_autoptr(xmlDoc) fine = NULL;
  g_autoptr(GString) flood = g_string_new (ROOT_OPEN);
  g_autoptr(GBytes) flood_bytes = NULL;
  g_autoptr(MarrowInstrument) instrument = NULL;

  g_assert_null (doc);
  g_assert_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, HOSTILE ":"));
  g_assert_nonnull (strstr (error->message, "nodes"));
  g_clear_error (&error);

  /* The same document is fine with the loader's limits */
  fine = marrow_safe_xml_parse (bytes, HOSTILE, &loader_limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);

  /* Over the loader's 100 000 nodes in under 1 MiB (through the loader
   * only: a flood is slow under the sanitizers) */
  for (guint i = 0; i < 100001; i++)
    g_string_append (flood, "<a/>");
  g_string_append (flood, "</instrument>\n");
  g_assert_cmpuint (flood->len, <, 1024 * 1024);
  flood_bytes = g_bytes_new (flood->str, flood->len);
  instrument = marrow_instrument_new_from_bytes (flood_bytes, HOSTILE, &error);
  g_assert_null (instrument);
  assert_definition_error (error, HOSTILE, 1, "too many nodes");
}

static void
test_hostile_too_large (void)
{
  g_autofree char *valid = build_definition (NULL);
  GString *big = g_string_new (valid);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) exact = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrument) instrument = NULL;
  g_autoptr(GString) padded = NULL;

  /* 2 MiB: a valid definition followed by a comment */
  g_string_append (big, "<!--");
  while (big->len < 2 * 1024 * 1024)
    g_string_append (big, " padding padding padding padding padding padding padding padding\n");
  g_string_append (big, "-->\n");
  bytes = g_string_free_to_bytes (big);
  assert_hostile_refused (bytes, MARROW_XML_ERROR_REFUSED);

  instrument = marrow_instrument_new_from_bytes (bytes, HOSTILE, &error);
  g_assert_null (instrument);
  assert_definition_error (error, HOSTILE, 0, "larger than 1.0");
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_clear_error (&error);

  /* Exactly 1 MiB is still read */
  padded = g_string_new (valid);
  g_string_append (padded, "<!--");
  while (padded->len < 1024 * 1024 - 4)
    g_string_append_c (padded, ' ');
  g_string_append (padded, "-->\n");
  g_assert_cmpuint (padded->len, ==, 1024 * 1024);
  exact = g_bytes_new (padded->str, padded->len);
  instrument = marrow_instrument_new_from_bytes (exact, HOSTILE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (instrument);
}

static void
test_hostile_long_name (void)
{
  GString *text = g_string_new (ROOT_OPEN "<");
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 60000; i++)
    g_string_append_c (text, 'n');
  g_string_append (text, "/></instrument>\n");
  bytes = g_string_free_to_bytes (text);
  assert_hostile_refused (bytes, MARROW_XML_ERROR_MALFORMED);
}

/* Plain garbage of every byte value, seeded */
static void
test_hostile_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint round = 0; round < 50; round++)
    {
      gsize len = (gsize)g_rand_int_range (rand, 1, 2000);
      guint8 *data = g_malloc (len);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MarrowInstrument) instrument = NULL;

      for (gsize i = 0; i < len; i++)
        data[i] = (guint8)g_rand_int_range (rand, 0, 256);
      if (round % 2 == 0)
        data[0] = '<';
      bytes = g_bytes_new_take (data, len);
      instrument = marrow_instrument_new_from_bytes (bytes, HOSTILE, &error);
      g_assert_null (instrument);
      g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION);
      g_assert_true (g_str_has_prefix (error->message, HOSTILE ":"));
    }
}

/* --- mini-fuzz over the bundled definitions ------------------------------- */

#define FUZZ_ROUNDS_PER_FILE 30

typedef struct
{
  char   *name;
  char   *data;
  gsize   len;
} Definition;

static void
definition_free (gpointer data)
{
  Definition *definition = data;

  g_free (definition->name);
  g_free (definition->data);
  g_free (definition);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static GPtrArray *
read_bundled_definitions (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "instruments", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  GPtrArray *definitions = g_ptr_array_new_with_free_func (definition_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml") && !g_str_has_suffix (name, ".gresource.xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      Definition *definition = g_new0 (Definition, 1);
      g_autofree char *file = g_build_filename (path, names->pdata[i], NULL);

      definition->name = g_strdup (names->pdata[i]);
      g_file_get_contents (file, &definition->data, &definition->len, &error);
      g_assert_no_error (error);
      g_ptr_array_add (definitions, definition);
    }
  return definitions;
}

/* Start offsets of the lines of @data */
static GArray *
line_starts (const GByteArray *data)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint zero = 0;

  g_array_append_val (starts, zero);
  for (guint i = 0; i < data->len; i++)
    if (data->data[i] == '\n' && i + 1 < data->len)
      {
        guint next = i + 1;

        g_array_append_val (starts, next);
      }
  return starts;
}

static void
line_range (const GByteArray *data,
            GRand            *rand,
            guint            *start,
            guint            *end)
{
  g_autoptr(GArray) starts = line_starts (data);
  guint line = (guint)g_rand_int_range (rand, 0, (gint32)starts->len);

  *start = g_array_index (starts, guint, line);
  *end = line + 1 < starts->len ? g_array_index (starts, guint, line + 1) : data->len;
}

static void
mutate (GByteArray *data,
        GRand      *rand)
{
  guint start, end;

  if (data->len == 0)
    return;

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:   /* flip one bit */
      data->data[g_rand_int_range (rand, 0, (gint32)data->len)] ^=
        (guint8)(1u << g_rand_int_range (rand, 0, 8));
      break;

    case 1:   /* truncate */
      g_byte_array_set_size (data, (guint)g_rand_int_range (rand, 0, (gint32)data->len));
      break;

    case 2:   /* duplicate a line */
      line_range (data, rand, &start, &end);
      {
        guint n = end - start;
        guint old_len = data->len;
        g_autofree guint8 *copy = g_memdup2 (data->data + start, n);

        g_byte_array_set_size (data, old_len + n);
        memmove (data->data + end + n, data->data + end, old_len - end);
        memcpy (data->data + end, copy, n);
      }
      break;

    case 3:   /* delete a line */
      line_range (data, rand, &start, &end);
      g_byte_array_remove_range (data, start, end - start);
      break;

    case 4:   /* change a digit: reaches the semantic checks */
      for (guint tries = 0; tries < 100; tries++)
        {
          guint at = (guint)g_rand_int_range (rand, 0, (gint32)data->len);

          if (g_ascii_isdigit (data->data[at]))
            {
              data->data[at] = (guint8)('0' + g_rand_int_range (rand, 0, 10));
              break;
            }
        }
      break;

    default:  /* set one byte to anything */
      data->data[g_rand_int_range (rand, 0, (gint32)data->len)] =
        (guint8)g_rand_int_range (rand, 0, 256);
      break;
    }
}

/* An instrument that loads must be coherent */
static void
assert_coherent (MarrowInstrument *instrument)
{
  g_assert_nonnull (marrow_instrument_get_default_scoring (instrument));
  g_assert_cmpuint (marrow_instrument_get_n_items (instrument), >, 0);
  for (guint i = 0; i < marrow_instrument_get_n_items (instrument); i++)
    {
      const MarrowInstrumentItem *item = marrow_instrument_get_item (instrument, i);

      g_assert_cmpfloat (item->min, <, item->max);
      g_assert_true (marrow_instrument_find_item (instrument, item->id, NULL) == item);
    }
  for (guint i = 0; i < marrow_instrument_get_n_scores (instrument); i++)
    {
      const MarrowInstrumentScore *score = marrow_instrument_get_score (instrument, i);

      g_assert_cmpfloat (score->min, <=, score->max);
      for (guint j = 0; j < score->items->len; j++)
        g_assert_cmpuint (g_array_index (score->items, guint, j), <,
                          marrow_instrument_get_n_items (instrument));
      for (guint j = 0; j < score->scores->len; j++)
        g_assert_cmpuint (g_array_index (score->scores, guint, j), <, i);
    }
}

static void
test_fuzz_bundled (void)
{
  g_autoptr(GPtrArray) definitions = read_bundled_definitions ();
  guint n_loaded = 0, n_refused = 0;
  gint64 started = g_get_monotonic_time ();

  g_assert_cmpuint (definitions->len, ==, N_BUNDLED);

  for (guint f = 0; f < definitions->len; f++)
    {
      Definition *definition = definitions->pdata[f];
      g_autoptr(GBytes) original = g_bytes_new (definition->data, definition->len);
      g_autoptr(GError) error = NULL;
      g_autoptr(MarrowInstrument) instrument =
        marrow_instrument_new_from_bytes (original, definition->name, &error);

      /* Unchanged, every bundled file loads */
      g_assert_no_error (error);
      assert_coherent (instrument);

      for (guint round = 0; round < FUZZ_ROUNDS_PER_FILE; round++)
        {
          guint32 seed = f * 1000 + round;
          g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
          g_autoptr(GByteArray) data = g_byte_array_new ();
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) round_error = NULL;
          g_autoptr(MarrowInstrument) mutated = NULL;
          g_autofree char *prefix = g_strconcat (definition->name, ":", NULL);
          guint n_mutations = (guint)g_rand_int_range (rand, 1, 4);

          g_byte_array_append (data, (const guint8 *)definition->data, (guint)definition->len);
          for (guint m = 0; m < n_mutations; m++)
            mutate (data, rand);

          bytes = g_bytes_new (data->data, data->len);
          mutated = marrow_instrument_new_from_bytes (bytes, definition->name, &round_error);
          if (mutated != NULL)
            {
              g_assert_no_error (round_error);
              assert_coherent (mutated);
              n_loaded++;
            }
          else
            {
              if (round_error == NULL ||
                  !g_error_matches (round_error, MARROW_INSTRUMENT_ERROR,
                                    MARROW_INSTRUMENT_ERROR_DEFINITION) ||
                  !g_str_has_prefix (round_error->message, prefix))
                g_error ("%s, seed %u: unexpected result %s", definition->name, seed,
                         round_error != NULL ? round_error->message : "(no error)");
              n_refused++;
            }
        }
    }

  g_test_message ("fuzz: %u loaded, %u refused, %.2f s", n_loaded, n_refused,
                  (g_get_monotonic_time () - started) / 1e6);
  /* The mutations must reach the refusals, and some must be harmless */
  g_assert_cmpuint (n_refused, >, n_loaded);
  g_assert_cmpuint (n_loaded, >, 0);
}

/* --- the registry and the override folder --------------------------------- */

static char *
override_dir (void)
{
  g_autofree char *dir = marrow_instrument_registry_user_directory ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "marrow", "instruments",
                                                NULL);

  g_assert_cmpstr (dir, ==, expected);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_steal_pointer (&dir);
}

static char *
write_override (const char *name,
                const char *contents,
                gssize      len)
{
  g_autofree char *dir = override_dir ();
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
bundled_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "instruments", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

#define KOOS_NAME "<name>Knee injury and Osteoarthritis Outcome Score</name>"
#define KOOS_VERSION "id=\"KOOS\" version=\"LK1.0\""

static MarrowInstrumentRegistry *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  MarrowInstrumentRegistry *registry = marrow_instrument_registry_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (registry);
  return registry;
}

static void
assert_load_default_fails (const char *path,
                           int         line,
                           const char *keyword)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MarrowInstrumentRegistry) registry = marrow_instrument_registry_load_default (&error);

  g_assert_null (registry);
  assert_definition_error (error, path, line, keyword);
}

static void
test_registry_bundled_only (void)
{
  g_autoptr(MarrowInstrumentRegistry) registry = load_default ();
  g_autoptr(GPtrArray) list = marrow_instrument_registry_list (registry);
  g_autofree char *dir = marrow_instrument_registry_user_directory ();

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (list->len, ==, N_BUNDLED);
  for (guint i = 0; i < list->len; i++)
    {
      MarrowInstrument *instrument = list->pdata[i];
      const char *id = marrow_instrument_get_id (instrument);
      const char *version = marrow_instrument_get_version (instrument);
      g_autofree char *source = g_strdup_printf ("instruments/%s.xml", id);

      g_assert_cmpstr (marrow_instrument_get_source (instrument), ==, source);
      g_assert_true (marrow_instrument_registry_lookup (registry, id, NULL) == instrument);
      g_assert_true (marrow_instrument_registry_lookup (registry, id, version) == instrument);
      if (i > 0)
        g_assert_cmpstr (marrow_instrument_get_id (list->pdata[i - 1]), <, id);
    }

  /* An empty folder changes nothing */
  g_free (override_dir ());
  g_clear_object (&registry);
  registry = load_default ();
  g_clear_pointer (&list, g_ptr_array_unref);
  list = marrow_instrument_registry_list (registry);
  g_assert_cmpuint (list->len, ==, N_BUNDLED);
}

static void
test_registry_new_instrument (void)
{
  g_autofree char *text = build_definition (NULL);
  g_autofree char *path = write_override ("test.xml", text, -1);
  g_autoptr(MarrowInstrumentRegistry) registry = load_default ();
  g_autoptr(GPtrArray) list = marrow_instrument_registry_list (registry);
  g_autoptr(GError) error = NULL;
  MarrowInstrument *instrument;

  g_assert_cmpuint (list->len, ==, N_BUNDLED + 1);
  instrument = marrow_instrument_registry_lookup (registry, "TEST", NULL);
  g_assert_nonnull (instrument);
  g_assert_cmpstr (marrow_instrument_get_source (instrument), ==, path);
  g_assert_true (marrow_instrument_registry_lookup (registry, "TEST", "1") == instrument);
  g_assert_null (marrow_instrument_registry_lookup (registry, "TEST", "2"));
  g_assert_null (marrow_instrument_registry_lookup_checked (registry, "TEST", "2", &error));
  g_assert_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_UNKNOWN_INSTRUMENT);

  /* The bundled ones are still there */
  g_assert_nonnull (marrow_instrument_registry_lookup (registry, "KOOS", NULL));
  g_assert_nonnull (marrow_instrument_registry_lookup (registry, "WOMAC", "LK3.1"));
}

static void
test_registry_replace_bundled (void)
{
  g_autofree char *koos = bundled_text ("KOOS.xml");
  g_autofree char *changed = replace_once (koos, KOOS_NAME, "<name>KOOS (practice copy)</name>");
  g_autofree char *path = write_override ("koos-licensed.xml", changed, -1);
  g_autoptr(MarrowInstrumentRegistry) registry = load_default ();
  g_autoptr(GPtrArray) list = marrow_instrument_registry_list (registry);
  MarrowInstrument *instrument;

  g_assert_cmpuint (list->len, ==, N_BUNDLED);
  instrument = marrow_instrument_registry_lookup (registry, "KOOS", NULL);
  g_assert_cmpstr (marrow_instrument_get_name (instrument), ==, "KOOS (practice copy)");
  g_assert_cmpstr (marrow_instrument_get_source (instrument), ==, path);
  /* The bundled definition of that version is gone, not kept beside it */
  g_assert_true (marrow_instrument_registry_lookup (registry, "KOOS", "LK1.0") == instrument);
}

static void
test_registry_new_version (void)
{
  g_autofree char *koos = bundled_text ("KOOS.xml");
  g_autofree char *v2 = replace_once (koos, KOOS_VERSION, "id=\"KOOS\" version=\"LK2.0\"");
  g_autofree char *path = write_override ("koos2.xml", v2, -1);
  g_autoptr(MarrowInstrumentRegistry) registry = load_default ();
  g_autoptr(GPtrArray) list = marrow_instrument_registry_list (registry);
  MarrowInstrument *current, *old;

  g_assert_cmpuint (list->len, ==, N_BUNDLED);
  current = marrow_instrument_registry_lookup (registry, "KOOS", NULL);
  g_assert_cmpstr (marrow_instrument_get_version (current), ==, "LK2.0");
  g_assert_cmpstr (marrow_instrument_get_source (current), ==, path);
  g_assert_true (marrow_instrument_registry_lookup (registry, "KOOS", "LK2.0") == current);

  old = marrow_instrument_registry_lookup (registry, "KOOS", "LK1.0");
  g_assert_nonnull (old);
  g_assert_cmpstr (marrow_instrument_get_version (old), ==, "LK1.0");
  g_assert_cmpstr (marrow_instrument_get_source (old), ==, "instruments/KOOS.xml");
}

/* A new version and a replacement of the bundled version, in either file
 * name order: the new version is current either way */
static void
test_registry_new_version_and_replacement (void)
{
  g_autofree char *koos = bundled_text ("KOOS.xml");
  g_autofree char *v2 = replace_once (koos, KOOS_VERSION, "id=\"KOOS\" version=\"LK2.0\"");
  g_autofree char *text = replace_once (koos, KOOS_NAME, "<name>KOOS (practice copy)</name>");

  for (guint order = 0; order < 2; order++)
    {
      g_autofree char *v2_path =
        write_override (order == 0 ? "a-koos2.xml" : "b-koos2.xml", v2, -1);
      g_autofree char *text_path =
        write_override (order == 0 ? "b-koos-text.xml" : "a-koos-text.xml", text, -1);
      g_autoptr(MarrowInstrumentRegistry) registry = load_default ();
      MarrowInstrument *current, *old;

      current = marrow_instrument_registry_lookup (registry, "KOOS", NULL);
      g_assert_cmpstr (marrow_instrument_get_version (current), ==, "LK2.0");
      g_assert_cmpstr (marrow_instrument_get_source (current), ==, v2_path);
      old = marrow_instrument_registry_lookup (registry, "KOOS", "LK1.0");
      g_assert_cmpstr (marrow_instrument_get_source (old), ==, text_path);

      g_assert_cmpint (g_remove (v2_path), ==, 0);
      g_assert_cmpint (g_remove (text_path), ==, 0);
    }
}

static void
test_registry_duplicate_overrides (void)
{
  g_autofree char *koos = bundled_text ("KOOS.xml");
  g_autofree char *v2 = replace_once (koos, KOOS_VERSION, "id=\"KOOS\" version=\"LK2.0\"");
  g_autofree char *first = write_override ("a-koos.xml", v2, -1);
  g_autofree char *second = write_override ("b-koos.xml", v2, -1);

  assert_load_default_fails (second, 1, first);
  g_assert_cmpint (g_remove (first), ==, 0);
  g_assert_cmpint (g_remove (second), ==, 0);

  /* Two replacements of the bundled version are just as ambiguous */
  g_free (first);
  g_free (second);
  first = write_override ("a-koos.xml", koos, -1);
  second = write_override ("b-koos.xml", koos, -1);
  assert_load_default_fails (second, 1, "already defined");
}

static void
test_registry_broken_override (void)
{
  static const Edit edits[] = { { L_MAP_B, "    <map item=\"B\" from=\"X1\"/>" }, { 0 } };
  g_autofree char *text = build_definition (edits);
  g_autofree char *good = build_definition (NULL);
  g_autofree char *good_path = write_override ("a-good.xml", good, -1);
  g_autofree char *path = write_override ("b-broken.xml", text, -1);

  assert_load_default_fails (path, L_MAP_B, "X1");

  /* A hostile file in the folder is refused the same way */
  g_assert_cmpint (g_remove (path), ==, 0);
  g_free (path);
  path = write_override ("c-hostile.xml",
                         "<!DOCTYPE instrument [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                         ROOT_OPEN "<name>&xxe;</name></instrument>\n", -1);
  assert_load_default_fails (path, 0, "DOCTYPE");
}

static void
test_registry_ignores_other_files (void)
{
  g_autofree char *text = build_definition (NULL);
  g_autofree char *dir = override_dir ();
  g_autofree char *notes = write_override ("notes.txt", "not xml at all <", -1);
  g_autofree char *backup = write_override ("KOOS.xml.orig", "<broken", -1);
  g_autofree char *upper = write_override ("README", "<broken", -1);
  g_autofree char *hidden = write_override (".hidden.xml", "<broken", -1);
  g_autofree char *lock = g_build_filename (dir, ".#KOOS.xml", NULL);
  g_autofree char *sub = g_build_filename (dir, "drafts", NULL);
  g_autofree char *nested = g_build_filename (sub, "draft.xml", NULL);
  g_autofree char *path = write_override ("test.xml", text, -1);
  g_autoptr(MarrowInstrumentRegistry) registry = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  /* An editor's lock file: a dangling symbolic link */
  g_assert_cmpint (symlink ("user@host.1234:1700000000", lock), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_file_set_contents (nested, "<broken", -1, &error);
  g_assert_no_error (error);

  registry = load_default ();
  list = marrow_instrument_registry_list (registry);
  g_assert_cmpuint (list->len, ==, N_BUNDLED + 1);
  g_assert_nonnull (marrow_instrument_registry_lookup (registry, "TEST", "1"));
}

/* Not a regular file but named *.xml: refused by name, and nothing hangs
 * reading a pipe */
static void
test_registry_special_files (void)
{
  g_autofree char *dir = override_dir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.xml", NULL);
  g_autofree char *sub = g_build_filename (dir, "folder.xml", NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_load_default_fails (fifo, 0, "not a regular file");
  g_assert_cmpint (g_remove (fifo), ==, 0);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  assert_load_default_fails (sub, 0, "not a regular file");
}

static void
test_registry_too_large (void)
{
  g_autofree char *valid = build_definition (NULL);
  g_autoptr(GString) big = g_string_new (valid);
  g_autofree char *path = NULL;

  g_string_append (big, "<!--");
  while (big->len < 1024 * 1024 + 1)
    g_string_append (big, " padding");
  g_string_append (big, "-->\n");
  path = write_override ("big.xml", big->str, (gssize)big->len);

  assert_load_default_fails (path, 0, "1 MiB");
}

/* --- registration ---------------------------------------------------------- */

/* Every test's own user directories (G_TEST_OPTION_ISOLATE_DIRS) are no
 * leaks of ours: marrow_test_mark_user_dirs() */
static void
mark_user_dirs (gpointer      fixture,
                gconstpointer data)
{
  marrow_test_mark_user_dirs ();
}

static void
add_data_test (const char       *path,
               gconstpointer     data,
               GTestFixtureFunc  test)
{
  g_test_add_vtable (path, 0, data, mark_user_dirs, test, NULL);
}

static void
run_plain_test (gpointer      fixture,
                gconstpointer data)
{
  void (*test) (void) = (void (*) (void))data;

  test ();
}

static void
add_test (const char *path,
          void      (*test) (void))
{
  add_data_test (path, (gconstpointer)test, run_plain_test);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/instrument-loader/base-is-valid", test_base_is_valid);

#define ADD_CASES(group, cases, runner)                                          \
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)                                \
    {                                                                             \
      g_autofree char *path = g_strconcat ("/instrument-loader/" group "/",       \
                                           cases[i].name, NULL);                  \
                                                                                  \
      add_data_test (path, &cases[i], runner);                                    \
    }

  ADD_CASES ("semantic", semantic_cases, run_error_case);
  ADD_CASES ("schema", schema_cases, run_error_case);
  ADD_CASES ("valid", valid_cases, run_valid_case);
  add_test ("/instrument-loader/valid/boolean-white-space", test_boolean_white_space);
  add_test ("/instrument-loader/valid/utf8-bom", test_utf8_bom);
  add_test ("/instrument-loader/source-in-message", test_source_in_message);
  add_test ("/instrument-loader/too-many-lines", test_too_many_lines);
  add_test ("/instrument-loader/multi-line-start-tag", test_multi_line_start_tag);

  ADD_CASES ("hostile", hostile_cases, run_hostile_case);
  add_test ("/instrument-loader/hostile/deep-nesting", test_hostile_deep_nesting);
  add_test ("/instrument-loader/hostile/depth-limit-exact", test_hostile_depth_limit_exact);
  add_test ("/instrument-loader/hostile/too-many-nodes", test_hostile_too_many_nodes);
  add_test ("/instrument-loader/hostile/too-large", test_hostile_too_large);
  add_test ("/instrument-loader/hostile/long-name", test_hostile_long_name);
  add_test ("/instrument-loader/hostile/random-bytes", test_hostile_random_bytes);

  add_test ("/instrument-loader/fuzz/bundled", test_fuzz_bundled);

  add_test ("/instrument-loader/registry/bundled-only", test_registry_bundled_only);
  add_test ("/instrument-loader/registry/new-instrument", test_registry_new_instrument);
  add_test ("/instrument-loader/registry/replace-bundled", test_registry_replace_bundled);
  add_test ("/instrument-loader/registry/new-version", test_registry_new_version);
  add_test ("/instrument-loader/registry/new-version-and-replacement",
            test_registry_new_version_and_replacement);
  add_test ("/instrument-loader/registry/duplicate-overrides", test_registry_duplicate_overrides);
  add_test ("/instrument-loader/registry/broken-override", test_registry_broken_override);
  add_test ("/instrument-loader/registry/ignores-other-files", test_registry_ignores_other_files);
  add_test ("/instrument-loader/registry/special-files", test_registry_special_files);
  add_test ("/instrument-loader/registry/too-large", test_registry_too_large);

#undef ADD_CASES

  return g_test_run ();
}
