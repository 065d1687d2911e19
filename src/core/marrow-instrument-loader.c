/* marrow-instrument-loader.c: an instrument definition from XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes go through the hardened XML path and the XSD
 * (data/marrow-instrument.xsd); then this file checks what a schema cannot
 * say and builds the MarrowInstrument.  docs/instruments.md lists every
 * check.  A definition is either wholly right or refused with "FILE:LINE:
 * what is wrong": a half-loaded questionnaire would score wrongly.
 */
#define G_LOG_DOMAIN "marrow-instrument"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "marrow-instrument-private.h"
#include "marrow-instrument-resources.h"
#include "marrow-safe-xml.h"

#define NAMESPACE "urn:marrow:instrument:1"
#define SCHEMA_PATH "/io/github/marrow/Marrow/instruments/marrow-instrument.xsd"
#define MAX_DEFINITION_BYTES (1024 * 1024)
/* libxml2 keeps the line of a node in 16 bits: beyond this, messages would
 * name the wrong line */
#define MAX_DEFINITION_LINES 65535

/* Declared and actual score ranges may differ by rounding only */
#define RANGE_TOLERANCE 1e-6

typedef struct
{
  const char       *source;
  MarrowInstrument *instrument;
  GHashTable       *option_sets;   /* id -> OptionSet */
  xmlNode          *option_set_parent;
} Loader;

typedef struct
{
  xmlNode  *node;
  gboolean  used;
} OptionSet;

static gboolean G_GNUC_PRINTF (4, 5)
fail (Loader      *loader,
      xmlNode     *node,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION,
               "%s:%ld: %s", loader->source, node != NULL ? xmlGetLineNo (node) : 0L, message);
  return FALSE;
}

static gboolean
has_too_many_lines (GBytes *xml)
{
  gsize len;
  const char *p = g_bytes_get_data (xml, &len);
  const char *end;
  guint lines = 1;

  if (len == 0 || len > MAX_DEFINITION_BYTES)
    return FALSE;   /* refused as empty or for its size instead */
  end = p + len;
  while (p < end && (p = memchr (p, '\n', (gsize)(end - p))) != NULL)
    {
      p++;
      if (p < end && ++lines > MAX_DEFINITION_LINES)
        return TRUE;
    }
  return FALSE;
}

static xmlSchema *
get_schema (GError **error)
{
  return marrow_safe_xml_resource_schema (marrow_instrument_get_resource (), SCHEMA_PATH, "marrow-instrument.xsd", error);
}

/* Attribute helpers.  The schema has checked the syntax already. */

static char *
prop (xmlNode    *node,
      const char *name)
{
  return marrow_safe_xml_prop (node, name);
}

static gboolean
prop_number (xmlNode    *node,
             const char *name,
             double     *number)
{
  g_autofree char *value = prop (node, name);

  if (value == NULL)
    return FALSE;
  *number = g_ascii_strtod (value, NULL);
  return TRUE;
}

/* "5/3" or "1.5"; full double precision for fractions */
static double
parse_weight (const char *text)
{
  const char *slash = strchr (text, '/');
  double numerator = g_ascii_strtod (text, NULL);

  if (slash == NULL)
    return numerator;
  return numerator / g_ascii_strtod (slash + 1, NULL);
}

static char *
child_text (xmlNode    *parent,
            const char *name)
{
  xmlNode *child = marrow_safe_xml_first_element (parent, name);

  return child != NULL ? marrow_safe_xml_text (child) : NULL;
}

static gboolean
is_whole (double value)
{
  return floor (value) == value;
}

/* Scoring versions */

static gboolean
load_scoring_versions (Loader   *loader,
                       xmlNode  *parent,
                       GError  **error)
{
  MarrowInstrument *self = loader->instrument;
  guint n_default = 0;

  for (xmlNode *node = marrow_safe_xml_first_element (parent, "scoring-version");
       node != NULL; node = marrow_safe_xml_next_element (node, "scoring-version"))
    {
      MarrowScoringVersion *version = _marrow_scoring_version_new ();

      version->id = prop (node, "id");
      version->label = marrow_safe_xml_text (node);
      version->is_default = marrow_safe_xml_prop_bool (node, "default", FALSE);
      g_ptr_array_add (self->scoring_versions, version);

      if (marrow_instrument_find_scoring_version (self, version->id) != version)
        return fail (loader, node, error, _("scoring version “%s” is defined twice"),
                     version->id);
      if (version->is_default)
        n_default++;
    }

  if (n_default != 1)
    return fail (loader, parent, error,
                 _("exactly one scoring version must be marked default=\"true\" (found %u)"),
                 n_default);
  return TRUE;
}

/* Options and items */

static gboolean
load_options (Loader     *loader,
              xmlNode    *parent,
              GPtrArray  *options,
              GError    **error)
{
  for (xmlNode *node = marrow_safe_xml_first_element (parent, "option");
       node != NULL; node = marrow_safe_xml_next_element (node, "option"))
    {
      g_autofree char *label = marrow_safe_xml_text (node);
      double value = 0;

      prop_number (node, "value", &value);
      for (guint i = 0; i < options->len; i++)
        if (((MarrowInstrumentOption *)options->pdata[i])->value == value)
          return fail (loader, node, error, _("the value %g is listed twice"), value);
      g_ptr_array_add (options, _marrow_instrument_option_new (value, label));
    }
  return TRUE;
}

static gboolean
load_option_sets (Loader   *loader,
                  xmlNode  *parent,
                  GError  **error)
{
  loader->option_set_parent = parent;
  if (parent == NULL)
    return TRUE;

  for (xmlNode *node = marrow_safe_xml_first_element (parent, "option-set");
       node != NULL; node = marrow_safe_xml_next_element (node, "option-set"))
    {
      g_autofree char *id = prop (node, "id");
      g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (_marrow_instrument_option_free);
      OptionSet *set;

      if (g_hash_table_contains (loader->option_sets, id))
        return fail (loader, node, error, _("option set “%s” is defined twice"), id);
      if (!load_options (loader, node, scratch, error))
        return FALSE;

      set = g_new0 (OptionSet, 1);
      set->node = node;
      g_hash_table_insert (loader->option_sets, g_steal_pointer (&id), set);
    }
  return TRUE;
}

static void
range_of_options (MarrowInstrumentItem *item)
{
  item->min = G_MAXDOUBLE;
  item->max = -G_MAXDOUBLE;
  item->whole = TRUE;
  for (guint i = 0; i < item->options->len; i++)
    {
      MarrowInstrumentOption *option = item->options->pdata[i];

      item->min = MIN (item->min, option->value);
      item->max = MAX (item->max, option->value);
      item->whole = item->whole && is_whole (option->value);
    }
}

static gboolean
load_item (Loader   *loader,
           xmlNode  *node,
           GError  **error)
{
  MarrowInstrument *self = loader->instrument;
  MarrowInstrumentItem *item = _marrow_instrument_item_new ();
  g_autofree char *set_id = prop (node, "options");
  gboolean has_min, has_max;
  gboolean inline_options = marrow_safe_xml_first_element (node, "option") != NULL;

  g_ptr_array_add (self->items, item);
  item->id = prop (node, "id");
  item->label = child_text (node, "label");
  item->text = child_text (node, "text");
  item->reverse = marrow_safe_xml_prop_bool (node, "reverse", FALSE);
  item->line = (int)xmlGetLineNo (node);

  if (marrow_instrument_find_item (self, item->id, NULL) != NULL)
    return fail (loader, node, error, _("item “%s” is defined twice"), item->id);
  g_hash_table_insert (self->item_index, item->id, GUINT_TO_POINTER (self->items->len));

  has_min = prop_number (node, "min", &item->min);
  has_max = prop_number (node, "max", &item->max);

  if (set_id != NULL || inline_options)
    {
      if (set_id != NULL && inline_options)
        return fail (loader, node, error,
                     _("item “%s” has both options=\"%s\" and its own options"), item->id, set_id);
      if (has_min || has_max || xmlHasProp (node, (const xmlChar *)"whole") != NULL)
        return fail (loader, node, error,
                     _("item “%s” has options, so it cannot also have min, max or whole"),
                     item->id);
      if (set_id != NULL)
        {
          OptionSet *set = g_hash_table_lookup (loader->option_sets, set_id);

          if (set == NULL)
            return fail (loader, node, error, _("item “%s” uses option set “%s”, which is not defined"),
                         item->id, set_id);
          set->used = TRUE;
          if (!load_options (loader, set->node, item->options, error))
            return FALSE;
        }
      else if (!load_options (loader, node, item->options, error))
        return FALSE;
      range_of_options (item);
    }
  else
    {
      if (!has_min || !has_max)
        return fail (loader, node, error,
                     _("item “%s” needs either options or both min and max"), item->id);
      if (item->min >= item->max)
        return fail (loader, node, error, _("item “%s” has min %g not below max %g"),
                     item->id, item->min, item->max);
      item->whole = marrow_safe_xml_prop_bool (node, "whole", FALSE);
      if (item->whole && (!is_whole (item->min) || !is_whole (item->max)))
        return fail (loader, node, error,
                     _("item “%s” allows whole numbers only, so min and max must be whole"),
                     item->id);
    }

  for (xmlNode *anchor = marrow_safe_xml_first_element (node, "anchor");
       anchor != NULL; anchor = marrow_safe_xml_next_element (anchor, "anchor"))
    {
      g_autofree char *label = marrow_safe_xml_text (anchor);
      double value = 0;

      prop_number (anchor, "value", &value);
      if (value < item->min || value > item->max)
        return fail (loader, anchor, error, _("anchor %g of item “%s” lies outside %g to %g"),
                     value, item->id, item->min, item->max);
      g_ptr_array_add (item->anchors, _marrow_instrument_option_new (value, label));
    }

  return TRUE;
}

static gboolean
load_items (Loader   *loader,
            xmlNode  *parent,
            GError  **error)
{
  for (xmlNode *node = marrow_safe_xml_first_element (parent, "item");
       node != NULL; node = marrow_safe_xml_next_element (node, "item"))
    if (!load_item (loader, node, error))
      return FALSE;

  /* In file order, so the message names the first unused set */
  for (xmlNode *node = loader->option_set_parent != NULL
                         ? marrow_safe_xml_first_element (loader->option_set_parent, "option-set")
                         : NULL;
       node != NULL; node = marrow_safe_xml_next_element (node, "option-set"))
    {
      g_autofree char *id = prop (node, "id");
      OptionSet *set = g_hash_table_lookup (loader->option_sets, id);

      if (set != NULL && !set->used)
        return fail (loader, node, error, _("option set “%s” is not used by any item"), id);
    }
  return TRUE;
}

/* Scores */

static gboolean
resolve_items (Loader                *loader,
               xmlNode               *node,
               const char            *list,
               MarrowInstrumentScore *score,
               GError               **error)
{
  g_auto(GStrv) ids = g_strsplit_set (list, " \t\r\n", -1);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      guint index;

      if (*ids[i] == '\0')
        continue;
      if (marrow_instrument_find_item (loader->instrument, ids[i], &index) == NULL)
        return fail (loader, node, error, _("score “%s” uses item “%s”, which is not defined"),
                     score->key, ids[i]);
      for (guint j = 0; j < score->items->len; j++)
        if (g_array_index (score->items, guint, j) == index)
          return fail (loader, node, error, _("score “%s” lists item “%s” twice"),
                       score->key, ids[i]);
      g_array_append_val (score->items, index);
    }
  return TRUE;
}

static gboolean
resolve_scores (Loader                *loader,
                xmlNode               *node,
                const char            *list,
                MarrowInstrumentScore *score,
                GError               **error)
{
  g_auto(GStrv) keys = g_strsplit_set (list, " \t\r\n", -1);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      guint index;

      if (*keys[i] == '\0')
        continue;
      /* Only scores defined earlier: this also rules out cycles */
      if (marrow_instrument_find_score (loader->instrument, keys[i], &index) == NULL ||
          index >= loader->instrument->scores->len - 1)
        return fail (loader, node, error,
                     _("score “%s” uses score “%s”, which is not defined before it"),
                     score->key, keys[i]);
      g_array_append_val (score->scores, index);
    }
  return TRUE;
}

static gboolean
load_weights (Loader                *loader,
              xmlNode               *node,
              MarrowInstrumentScore *score,
              GError               **error)
{
  for (xmlNode *weight = marrow_safe_xml_first_element (node, "weight");
       weight != NULL; weight = marrow_safe_xml_next_element (weight, "weight"))
    {
      g_autofree char *items = prop (weight, "items");
      g_autofree char *value = prop (weight, "value");
      guint before = score->items->len;
      double w = parse_weight (value);

      if (!resolve_items (loader, weight, items, score, error))
        return FALSE;
      for (guint i = before; i < score->items->len; i++)
        g_array_append_val (score->weights, w);
    }
  return TRUE;
}

static gboolean
load_missing_rules (Loader                *loader,
                    xmlNode               *node,
                    MarrowInstrumentScore *score,
                    guint                  n_inputs,
                    GError               **error)
{
  for (xmlNode *child = marrow_safe_xml_first_element (node, "missing");
       child != NULL; child = marrow_safe_xml_next_element (child, "missing"))
    {
      MarrowMissingRule *rule = _marrow_missing_rule_new ();
      g_autofree char *min_answered = prop (child, "min-answered");
      g_autofree char *max_missing = prop (child, "max-missing");
      g_autofree char *impute = prop (child, "impute");
      guint64 n;

      g_ptr_array_add (score->missing, rule);
      rule->scoring_version = prop (child, "scoring-version");
      rule->impute_mean = g_strcmp0 (impute, "mean") == 0;

      if ((min_answered == NULL) == (max_missing == NULL))
        return fail (loader, child, error,
                     _("a missing-item rule needs exactly one of min-answered and max-missing"));

      n = g_ascii_strtoull (min_answered != NULL ? min_answered : max_missing, NULL, 10);
      if (n > n_inputs)
        return fail (loader, child, error,
                     _("score “%s” has %u items, so this missing-item rule cannot apply"),
                     score->key, n_inputs);
      rule->max_missing = min_answered != NULL ? n_inputs - (guint)n : (guint)n;
      if (min_answered != NULL && n == 0)
        return fail (loader, child, error,
                     _("score “%s” needs at least one answered item"), score->key);

      if (rule->scoring_version != NULL &&
          marrow_instrument_find_scoring_version (loader->instrument, rule->scoring_version) == NULL)
        return fail (loader, child, error, _("scoring version “%s” is not defined"),
                     rule->scoring_version);

      for (guint i = 0; i + 1 < score->missing->len; i++)
        if (g_strcmp0 (((MarrowMissingRule *)score->missing->pdata[i])->scoring_version,
                       rule->scoring_version) == 0)
          return fail (loader, child, error,
                       _("score “%s” has two missing-item rules for the same scoring version"),
                       score->key);

      if (rule->max_missing > 0)
        switch (score->method)
          {
          case MARROW_SCORE_METHOD_LOOKUP:
            return fail (loader, child, error,
                         _("score “%s” looks up a complete sum, so no item may be missing"),
                         score->key);
          case MARROW_SCORE_METHOD_VALUE:
            return fail (loader, child, error,
                         _("score “%s” is a single item, so it cannot be missing"), score->key);
          case MARROW_SCORE_METHOD_SUM:
          case MARROW_SCORE_METHOD_WEIGHTED:
            if (!rule->impute_mean)
              return fail (loader, child, error,
                           _("score “%s” allows missing items, so it needs impute=\"mean\" "
                             "(a partial sum would be a wrong number)"), score->key);
            break;
          default:
            break;
          }
    }
  return TRUE;
}

static gboolean
load_table (Loader                *loader,
            xmlNode               *node,
            MarrowInstrumentScore *score,
            GError               **error)
{
  MarrowInstrument *self = loader->instrument;
  xmlNode *table = marrow_safe_xml_first_element (node, "table");
  g_autoptr(GArray) seen = NULL;
  double lo = 0, hi = 0;
  gint64 first, last;

  if (table == NULL)
    return fail (loader, node, error, _("score “%s” uses lookup but has no table"), score->key);

  for (guint i = 0; i < score->items->len; i++)
    {
      MarrowInstrumentItem *item = self->items->pdata[g_array_index (score->items, guint, i)];

      if (!item->whole)
        return fail (loader, node, error,
                     _("score “%s” looks up a sum, so item “%s” must allow whole numbers only"),
                     score->key, item->id);
      lo += item->min;
      hi += item->max;
    }

  first = (gint64)lo;
  last = (gint64)hi;
  if (last - first > 1000)
    return fail (loader, table, error, _("the table of score “%s” would be too long"), score->key);

  score->table_first = first;
  g_array_set_size (score->table, (guint)(last - first + 1));
  seen = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_set_size (seen, score->table->len);

  for (xmlNode *entry = marrow_safe_xml_first_element (table, "entry");
       entry != NULL; entry = marrow_safe_xml_next_element (entry, "entry"))
    {
      g_autofree char *sum_text = prop (entry, "sum");
      gint64 sum = g_ascii_strtoll (sum_text, NULL, 10);
      double value = 0;

      prop_number (entry, "value", &value);
      if (sum < first || sum > last)
        return fail (loader, entry, error,
                     _("the sum %" PRId64 " cannot occur: the items add up to %"
                       PRId64 " to %" PRId64),
                     sum, first, last);
      if (g_array_index (seen, gboolean, sum - first))
        return fail (loader, entry, error, _("the sum %" PRId64 " is listed twice"), sum);
      g_array_index (seen, gboolean, sum - first) = TRUE;
      g_array_index (score->table, double, sum - first) = value;
    }

  for (guint i = 0; i < seen->len; i++)
    if (!g_array_index (seen, gboolean, i))
      return fail (loader, table, error, _("the table of score “%s” has no entry for the sum %"
                                           PRId64),
                   score->key, first + (gint64)i);
  return TRUE;
}

static gboolean
check_inputs (Loader                *loader,
              xmlNode               *node,
              MarrowInstrumentScore *score,
              GError               **error)
{
  MarrowInstrument *self = loader->instrument;
  gboolean on_scores = score->method == MARROW_SCORE_METHOD_SCORE_SUM ||
                       score->method == MARROW_SCORE_METHOD_SCORE_PERCENT;
  guint n = on_scores ? score->scores->len : score->items->len;

  if (on_scores && score->items->len > 0)
    return fail (loader, node, error, _("score “%s” combines scores, so it takes no items"),
                 score->key);
  if (!on_scores && score->scores->len > 0)
    return fail (loader, node, error, _("score “%s” takes items, not scores"), score->key);
  if (n == 0)
    return fail (loader, node, error, _("score “%s” has nothing to score"), score->key);
  if ((score->method == MARROW_SCORE_METHOD_VALUE ||
       score->method == MARROW_SCORE_METHOD_SCORE_PERCENT) && n != 1)
    return fail (loader, node, error, _("score “%s” takes exactly one input, not %u"),
                 score->key, n);
  if (score->method != MARROW_SCORE_METHOD_WEIGHTED &&
      marrow_safe_xml_first_element (node, "weight") != NULL)
    return fail (loader, node, error, _("only a weighted score has weights"));
  if (score->method != MARROW_SCORE_METHOD_LOOKUP &&
      marrow_safe_xml_first_element (node, "table") != NULL)
    return fail (loader, node, error, _("only a lookup score has a table"));
  if (on_scores && marrow_safe_xml_first_element (node, "missing") != NULL)
    return fail (loader, node, error,
                 _("score “%s” follows the scores it combines, so it has no missing-item rule"),
                 score->key);

  if (score->method == MARROW_SCORE_METHOD_MEAN_PERCENT)
    {
      MarrowInstrumentItem *first = self->items->pdata[g_array_index (score->items, guint, 0)];

      for (guint i = 1; i < score->items->len; i++)
        {
          MarrowInstrumentItem *item = self->items->pdata[g_array_index (score->items, guint, i)];

          if (item->min != first->min || item->max != first->max)
            return fail (loader, node, error,
                         _("score “%s” averages items, so they need the same range; “%s” and "
                           "“%s” differ"), score->key, first->id, item->id);
        }
    }
  return TRUE;
}

/* The range each method can produce, to catch typos in tables and weights */
static void
natural_range (MarrowInstrument      *self,
               MarrowInstrumentScore *score,
               double                *lo,
               double                *hi)
{
  *lo = 0;
  *hi = 0;

  switch (score->method)
    {
    case MARROW_SCORE_METHOD_VALUE:
    case MARROW_SCORE_METHOD_SUM:
      for (guint i = 0; i < score->items->len; i++)
        {
          MarrowInstrumentItem *item = self->items->pdata[g_array_index (score->items, guint, i)];

          *lo += item->min;
          *hi += item->max;
        }
      break;

    case MARROW_SCORE_METHOD_MEAN_PERCENT:
    case MARROW_SCORE_METHOD_SUM_PERCENT:
    case MARROW_SCORE_METHOD_SCORE_PERCENT:
      *hi = 100;
      break;

    case MARROW_SCORE_METHOD_LOOKUP:
      *lo = G_MAXDOUBLE;
      *hi = -G_MAXDOUBLE;
      for (guint i = 0; i < score->table->len; i++)
        {
          *lo = MIN (*lo, g_array_index (score->table, double, i));
          *hi = MAX (*hi, g_array_index (score->table, double, i));
        }
      break;

    case MARROW_SCORE_METHOD_WEIGHTED:
      *lo = *hi = score->offset;
      for (guint i = 0; i < score->items->len; i++)
        {
          MarrowInstrumentItem *item = self->items->pdata[g_array_index (score->items, guint, i)];
          double w = g_array_index (score->weights, double, i);

          *lo += w >= 0 ? w * item->min : w * item->max;
          *hi += w >= 0 ? w * item->max : w * item->min;
        }
      break;

    case MARROW_SCORE_METHOD_SCORE_SUM:
      for (guint i = 0; i < score->scores->len; i++)
        {
          MarrowInstrumentScore *source = self->scores->pdata[g_array_index (score->scores, guint, i)];

          *lo += source->min;
          *hi += source->max;
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse_method (const char        *text,
              MarrowScoreMethod *method)
{
  for (guint m = MARROW_SCORE_METHOD_VALUE; m <= MARROW_SCORE_METHOD_SCORE_PERCENT; m++)
    if (g_strcmp0 (text, marrow_score_method_to_string (m)) == 0)
      {
        *method = m;
        return TRUE;
      }
  return FALSE;
}

static gboolean
load_score (Loader   *loader,
            xmlNode  *node,
            GError  **error)
{
  MarrowInstrument *self = loader->instrument;
  MarrowInstrumentScore *score = _marrow_instrument_score_new ();
  g_autofree char *method = prop (node, "method");
  g_autofree char *items = prop (node, "items");
  g_autofree char *scores = prop (node, "scores");
  g_autofree char *display = prop (node, "display");
  double lo, hi;

  g_ptr_array_add (self->scores, score);
  score->key = prop (node, "key");
  score->label = child_text (node, "label");

  if (marrow_instrument_find_score (self, score->key, NULL) != score)
    return fail (loader, node, error, _("score “%s” is defined twice"), score->key);
  if (!parse_method (method, &score->method))
    return fail (loader, node, error, _("unknown scoring method “%s”"), method);

  prop_number (node, "min", &score->min);
  prop_number (node, "max", &score->max);
  score->higher_is_better = marrow_safe_xml_prop_bool (node, "higher-is-better", TRUE);
  score->invert = marrow_safe_xml_prop_bool (node, "invert", FALSE);
  if (g_strcmp0 (display, "whole") == 0)
    score->display = MARROW_SCORE_DISPLAY_WHOLE;
  else if (g_strcmp0 (display, "whole-if-complete") == 0)
    score->display = MARROW_SCORE_DISPLAY_WHOLE_IF_COMPLETE;
  else
    score->display = MARROW_SCORE_DISPLAY_ONE_DECIMAL;

  if (xmlHasProp (node, (const xmlChar *)"offset") != NULL &&
      score->method != MARROW_SCORE_METHOD_WEIGHTED)
    return fail (loader, node, error, _("only a weighted score has an offset"));
  prop_number (node, "offset", &score->offset);

  if (score->invert && score->method != MARROW_SCORE_METHOD_MEAN_PERCENT &&
      score->method != MARROW_SCORE_METHOD_SUM_PERCENT &&
      score->method != MARROW_SCORE_METHOD_SCORE_PERCENT)
    return fail (loader, node, error, _("only a percent score can be inverted"));

  if (score->method == MARROW_SCORE_METHOD_WEIGHTED)
    {
      if (items != NULL)
        return fail (loader, node, error,
                     _("score “%s” is weighted: list its items in weight elements"), score->key);
      if (!load_weights (loader, node, score, error))
        return FALSE;
    }
  else if (items != NULL && !resolve_items (loader, node, items, score, error))
    return FALSE;

  if (scores != NULL && !resolve_scores (loader, node, scores, score, error))
    return FALSE;

  if (!check_inputs (loader, node, score, error) ||
      !load_missing_rules (loader, node, score, score->items->len, error))
    return FALSE;

  if (score->method == MARROW_SCORE_METHOD_LOOKUP && !load_table (loader, node, score, error))
    return FALSE;

  if (score->min >= score->max)
    return fail (loader, node, error, _("score “%s” has min %g not below max %g"),
                 score->key, score->min, score->max);

  natural_range (self, score, &lo, &hi);
  if (fabs (lo - score->min) > RANGE_TOLERANCE || fabs (hi - score->max) > RANGE_TOLERANCE)
    return fail (loader, node, error,
                 _("score “%s” is declared as %g to %g, but its method gives %.10g to %.10g"),
                 score->key, score->min, score->max, lo, hi);
  return TRUE;
}

/* Thresholds and derivations */

static gboolean
load_thresholds (Loader   *loader,
                 xmlNode  *parent,
                 GError  **error)
{
  static const char * const kinds[] = { "mcid", "pass", "treatment-failure", "mdc" };

  if (parent == NULL)
    return TRUE;

  for (xmlNode *node = marrow_safe_xml_first_element (parent, "threshold");
       node != NULL; node = marrow_safe_xml_next_element (node, "threshold"))
    {
      MarrowThreshold *threshold = _marrow_threshold_new ();
      g_autofree char *key = prop (node, "score");
      g_autofree char *kind = prop (node, "kind");

      g_ptr_array_add (loader->instrument->thresholds, threshold);
      if (marrow_instrument_find_score (loader->instrument, key, &threshold->score) == NULL)
        return fail (loader, node, error, _("the threshold is for score “%s”, which is not defined"),
                     key);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (g_strcmp0 (kind, kinds[k]) == 0)
          threshold->kind = (MarrowThresholdKind)k;
      prop_number (node, "value", &threshold->value);
      threshold->joint = prop (node, "joint");
      if (threshold->joint == NULL)
        threshold->joint = g_strdup ("any");
      threshold->population = prop (node, "population");
      threshold->citation = child_text (node, "citation");
    }
  return TRUE;
}

static gboolean
load_derivation (Loader   *loader,
                 xmlNode  *node,
                 GError  **error)
{
  MarrowInstrument *self = loader->instrument;
  MarrowDerivation *derivation = _marrow_derivation_new ();
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_add (self->derivations, derivation);
  derivation->from = prop (node, "from");
  g_ptr_array_set_size (derivation->source_items, (int)self->items->len);

  if (marrow_instrument_find_derivation (self, derivation->from) != derivation)
    return fail (loader, node, error, _("the derivation from “%s” is defined twice"),
                 derivation->from);
  if (strcmp (derivation->from, self->id) == 0)
    return fail (loader, node, error, _("an instrument cannot be derived from itself"));

  for (xmlNode *map = marrow_safe_xml_first_element (node, "map");
       map != NULL; map = marrow_safe_xml_next_element (map, "map"))
    {
      g_autofree char *item = prop (map, "item");
      g_autofree char *from = prop (map, "from");
      guint index;

      if (marrow_instrument_find_item (self, item, &index) == NULL)
        return fail (loader, map, error, _("item “%s” is not defined"), item);
      if (derivation->source_items->pdata[index] != NULL)
        return fail (loader, map, error, _("item “%s” is mapped twice"), item);
      if (!g_hash_table_add (sources, g_strdup (from)))
        return fail (loader, map, error, _("item “%s” of %s is mapped twice"), from,
                     derivation->from);
      derivation->source_items->pdata[index] = g_steal_pointer (&from);
    }

  for (guint i = 0; i < self->items->len; i++)
    if (derivation->source_items->pdata[i] == NULL)
      return fail (loader, node, error, _("the derivation from %s does not map item “%s”"),
                   derivation->from, ((MarrowInstrumentItem *)self->items->pdata[i])->id);
  return TRUE;
}

static gboolean
load_document (Loader   *loader,
               xmlNode  *root,
               GError  **error)
{
  MarrowInstrument *self = loader->instrument;
  xmlNode *licence = marrow_safe_xml_first_element (root, "licence");
  xmlNode *scores = marrow_safe_xml_first_element (root, "scores");

  self->id = prop (root, "id");
  self->version = prop (root, "version");
  self->joint = prop (root, "joint");
  if (self->joint == NULL)
    self->joint = g_strdup ("any");
  self->name = child_text (root, "name");
  self->description = child_text (root, "description");
  self->licence = marrow_safe_xml_text (licence);
  self->free_to_use = marrow_safe_xml_prop_bool (licence, "free-to-use", FALSE);

  if (!load_scoring_versions (loader, marrow_safe_xml_first_element (root, "scoring-versions"),
                              error) ||
      !load_option_sets (loader, marrow_safe_xml_first_element (root, "option-sets"), error) ||
      !load_items (loader, marrow_safe_xml_first_element (root, "items"), error))
    return FALSE;

  for (xmlNode *node = marrow_safe_xml_first_element (scores, "score");
       node != NULL; node = marrow_safe_xml_next_element (node, "score"))
    if (!load_score (loader, node, error))
      return FALSE;

  if (!load_thresholds (loader, marrow_safe_xml_first_element (root, "thresholds"), error))
    return FALSE;

  for (xmlNode *node = marrow_safe_xml_first_element (root, "derive");
       node != NULL; node = marrow_safe_xml_next_element (node, "derive"))
    if (!load_derivation (loader, node, error))
      return FALSE;

  return TRUE;
}

/**
 * marrow_instrument_new_from_bytes:
 * @xml: the definition file's bytes
 * @source: the file's name, for messages and marrow_instrument_get_source()
 * @error: return location for a #GError
 *
 * Reads and checks one definition (docs/instruments.md).
 *
 * Returns: (transfer full): the instrument, or %NULL with @error set to a
 *   message "SOURCE:LINE: what is wrong"
 */
MarrowInstrument *
marrow_instrument_new_from_bytes (GBytes      *xml,
                                  const char  *source,
                                  GError     **error)
{
  static const MarrowXmlLimits limits = {
    .max_bytes = MAX_DEFINITION_BYTES,
    .max_depth = 16,
    .max_nodes = 100000,
  };
  g_autoptr(MarrowInstrument) self = NULL;
  g_autoptr(GHashTable) option_sets = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlSchema *schema;
  xmlNode *root;
  Loader loader;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  schema = get_schema (error);
  if (schema == NULL)
    return NULL;

  if (has_too_many_lines (xml))
    {
      g_set_error (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION,
                   _("%s: the file has more than %d lines"), source, MAX_DEFINITION_LINES);
      return NULL;
    }

  doc = marrow_safe_xml_parse (xml, source, &limits, &local_error);
  if (doc == NULL || !marrow_safe_xml_validate (schema, doc, source, &local_error))
    {
      g_set_error_literal (error, MARROW_INSTRUMENT_ERROR, MARROW_INSTRUMENT_ERROR_DEFINITION,
                           local_error->message);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (root->ns == NULL || strcmp ((const char *)root->ns->href, NAMESPACE) != 0)
    {
      loader.source = source;
      fail (&loader, root, error, _("the root element must be in the namespace %s"), NAMESPACE);
      return NULL;
    }

  self = g_object_new (MARROW_TYPE_INSTRUMENT, NULL);
  self->source = g_strdup (source);
  option_sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader = (Loader) { source, self, option_sets, NULL };

  if (!load_document (&loader, root, error))
    return NULL;

  _marrow_instrument_index_items (self);
  return g_steal_pointer (&self);
}
