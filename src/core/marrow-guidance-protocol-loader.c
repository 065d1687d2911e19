/* marrow-guidance-protocol-loader.c: a guidance protocol from XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes go through the hardened XML path and the XSD
 * (data/marrow-protocol.xsd); then this file checks what a schema cannot
 * say (every parameter exactly once, windows in order, an MCID for every
 * pain and function score) and builds the protocol.  A protocol is either
 * wholly right or refused with "FILE:LINE: what is wrong": guidance from a
 * half-read protocol would be silently wrong.
 */
#define G_LOG_DOMAIN "marrow-guidance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "marrow-guidance-protocol-private.h"
#include "marrow-protocol-resources.h"
#include "marrow-safe-xml.h"

#define NAMESPACE "urn:marrow:protocol:1"
#define SCHEMA_PATH "/io/github/marrow/Marrow/protocols/marrow-protocol.xsd"
#define MAX_PROTOCOL_BYTES (256 * 1024)

typedef struct
{
  const char             *source;
  MarrowGuidanceProtocol *protocol;
} Loader;

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

  g_set_error (error, MARROW_GUIDANCE_PROTOCOL_ERROR, MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION,
               "%s:%ld: %s", loader->source, node != NULL ? xmlGetLineNo (node) : 0L, message);
  return FALSE;
}

/* Attribute helpers: the schema has checked the syntax already */

static double
prop_number (xmlNode    *node,
             const char *name,
             double      fallback)
{
  g_autofree char *value = marrow_safe_xml_prop (node, name);

  return value != NULL ? g_ascii_strtod (value, NULL) : fallback;
}

static guint
prop_count (xmlNode    *node,
            const char *name)
{
  return (guint)prop_number (node, name, 0);
}

static void
read_citation (xmlNode                *node,
               MarrowGuidanceCitation *citation)
{
  g_autofree char *evidence = marrow_safe_xml_prop (node, "evidence");

  citation->text = marrow_safe_xml_text (node);
  g_strstrip (citation->text);
  if (!marrow_guidance_evidence_from_string (g_strstrip (evidence), &citation->evidence))
    g_assert_not_reached ();   /* the schema lists the classes */
}

static void
read_value (xmlNode             *node,
            MarrowGuidanceValue *value)
{
  value->value = prop_number (node, "value", NAN);
  read_citation (node, &value->citation);
}

static gboolean
load_source (Loader                *loader,
             xmlNode               *node,
             MarrowGuidanceDomain   domain,
             GError               **error)
{
  GArray *sources = loader->protocol->sources[domain];
  MarrowGuidanceSource source = { 0 };
  xmlNode *mcid = marrow_safe_xml_first_element (node, "mcid");
  xmlNode *pass = marrow_safe_xml_first_element (node, "pass");
  g_autofree char *instrument = marrow_safe_xml_prop (node, "instrument");
  g_autofree char *score = marrow_safe_xml_prop (node, "score");

  source.instrument = g_intern_string (instrument);
  source.score = g_intern_string (score);
  source.min = prop_number (node, "min", 0);
  source.max = prop_number (node, "max", 0);
  source.higher_is_better = marrow_safe_xml_prop_bool (node, "higher-is-better", TRUE);
  source.mcid.value = NAN;
  source.pass.value = NAN;

  for (guint i = 0; i < sources->len; i++)
    {
      const MarrowGuidanceSource *other = &g_array_index (sources, MarrowGuidanceSource, i);

      if (other->instrument == source.instrument && other->score == source.score)
        return fail (loader, node, error, _("%s %s is listed twice for the %s domain"),
                     instrument, score, marrow_guidance_domain_to_string (domain));
    }
  if (!(source.min < source.max))
    return fail (loader, node, error, _("min must be less than max"));

  if (mcid != NULL)
    {
      read_value (mcid, &source.mcid);
      if (!(source.mcid.value > 0 && source.mcid.value <= source.max - source.min))
        {
          g_free (source.mcid.citation.text);
          return fail (loader, mcid, error, _("the MCID must be above 0 and within the score's range"));
        }
    }
  else if (domain != MARROW_GUIDANCE_DOMAIN_GLOBAL)
    return fail (loader, node, error,
                 _("a %s score needs an <mcid>: response and waning are judged by it"),
                 marrow_guidance_domain_to_string (domain));

  source.label = marrow_safe_xml_prop (node, "label");
  if (pass != NULL)
    {
      read_value (pass, &source.pass);
      source.pass_is_reference = marrow_safe_xml_prop_bool (pass, "reference-only", FALSE);
    }
  /* From here on the array owns the strings */
  g_array_append_val (sources, source);

  if (pass != NULL && (source.pass.value < source.min || source.pass.value > source.max))
    return fail (loader, pass, error, _("the PASS value must lie within the score's range"));
  return TRUE;
}

static gboolean
load_domains (Loader   *loader,
              xmlNode  *parent,
              GError  **error)
{
  gboolean seen[MARROW_GUIDANCE_N_DOMAINS] = { FALSE };

  for (xmlNode *node = marrow_safe_xml_first_element (parent, "domain");
       node != NULL; node = marrow_safe_xml_next_element (node, "domain"))
    {
      g_autofree char *kind = marrow_safe_xml_prop (node, "kind");
      MarrowGuidanceDomain domain = MARROW_GUIDANCE_DOMAIN_PAIN;

      g_strstrip (kind);
      for (guint d = 0; d < MARROW_GUIDANCE_N_DOMAINS; d++)
        if (strcmp (kind, marrow_guidance_domain_to_string (d)) == 0)
          domain = d;
      if (seen[domain])
        return fail (loader, node, error, _("the %s domain is defined twice"), kind);
      seen[domain] = TRUE;

      for (xmlNode *child = marrow_safe_xml_first_element (node, "source");
           child != NULL; child = marrow_safe_xml_next_element (child, "source"))
        if (!load_source (loader, child, domain, error))
          return FALSE;
    }

  if (!seen[MARROW_GUIDANCE_DOMAIN_PAIN] && !seen[MARROW_GUIDANCE_DOMAIN_FUNCTION])
    return fail (loader, parent, error, _("a protocol needs a pain or a function domain"));
  return TRUE;
}

static gboolean
load_parameters (Loader   *loader,
                 xmlNode  *parent,
                 GError  **error)
{
  MarrowGuidanceProtocol *self = loader->protocol;

  for (xmlNode *node = marrow_safe_xml_first_element (parent, "parameter");
       node != NULL; node = marrow_safe_xml_next_element (node, "parameter"))
    {
      g_autofree char *name = marrow_safe_xml_prop (node, "name");
      guint param = 0;

      g_strstrip (name);
      while (strcmp (marrow_guidance_parameter_to_string (param), name) != 0)
        param++;   /* the schema lists the names */
      if (!isnan (self->params[param].value))
        return fail (loader, node, error, _("parameter “%s” is given twice"), name);
      read_value (node, &self->params[param]);
      if (self->params[param].value < 0)
        return fail (loader, node, error, _("parameter “%s” must not be negative"), name);
    }

  for (guint i = 0; i < MARROW_GUIDANCE_N_PARAMS; i++)
    if (isnan (self->params[i].value))
      return fail (loader, parent, error, _("parameter “%s” is missing"),
                   marrow_guidance_parameter_to_string (i));

#define P(name) self->params[MARROW_GUIDANCE_PARAM_##name].value
  if (!(P (EARLIEST_JUDGEMENT_DAYS) <= P (PRIMARY_FROM_DAYS) &&
        P (PRIMARY_FROM_DAYS) <= P (PRIMARY_TO_DAYS) &&
        P (PRIMARY_TO_DAYS) <= P (FINAL_JUDGEMENT_DAYS)))
    return fail (loader, parent, error,
                 _("the judgement days must be in order: earliest ≤ primary from ≤ primary to ≤ final"));
  if (!(P (ABSOLUTE_MIN_INTERVAL_DAYS) <= P (BOOSTER_MIN_INTERVAL_DAYS)))
    return fail (loader, parent, error,
                 _("the absolute minimum interval must not exceed the booster interval"));
  if (!(P (BASELINE_WARN_DAYS) <= P (BASELINE_MAX_DAYS)))
    return fail (loader, parent, error, _("baseline-warn-days must not exceed baseline-max-days"));
  if (!(P (EXPANDED_DOSE_MIN) <= P (EXPANDED_DOSE_MAX)))
    return fail (loader, parent, error, _("expanded-dose-min must not exceed expanded-dose-max"));
  if (P (CUMULATIVE_COUNT) < 1)
    return fail (loader, parent, error, _("cumulative-count must be at least 1"));
#undef P
  return TRUE;
}

static gboolean
load_option (Loader                *loader,
             xmlNode               *node,
             MarrowGuidanceOption  *option,
             GError               **error)
{
  option->enabled = marrow_safe_xml_prop_bool (node, "enabled", FALSE);
  option->from = prop_count (node, "from");
  option->to = prop_count (node, "to");
  read_citation (node, &option->citation);
  if (option->from > option->to)
    return fail (loader, node, error, _("“from” must not be after “to”"));
  return TRUE;
}

static gboolean
load_schedule (Loader   *loader,
               xmlNode  *parent,
               GError  **error)
{
  MarrowGuidanceProtocol *self = loader->protocol;
  xmlNode *yearly = marrow_safe_xml_first_element (parent, "yearly");
  guint last_offset = 0;

  for (xmlNode *node = marrow_safe_xml_first_element (parent, "time-point");
       node != NULL; node = marrow_safe_xml_next_element (node, "time-point"))
    {
      g_autofree char *id = marrow_safe_xml_prop (node, "id");
      MarrowGuidanceTimePointDef def;
      /* months as 31 days: only for the order check */
      guint offset;

      def.id = g_intern_string (g_strstrip (id));
      def.months = prop_count (node, "months");
      def.days = prop_count (node, "days");
      def.minus = prop_count (node, "minus");
      def.plus = prop_count (node, "plus");
      offset = def.months * 31 + def.days;

      for (guint i = 0; i < self->time_points->len; i++)
        if (g_array_index (self->time_points, MarrowGuidanceTimePointDef, i).id == def.id)
          return fail (loader, node, error, _("time point “%s” is defined twice"), id);
      if (self->time_points->len > 0 && offset <= last_offset)
        return fail (loader, node, error, _("time point “%s” must come after the one before it"),
                     id);
      if (def.months > 1200)
        return fail (loader, node, error, _("time point “%s” lies more than 100 years ahead"), id);
      last_offset = offset;
      g_array_append_val (self->time_points, def);
    }

  self->yearly_minus = prop_count (yearly, "minus");
  self->yearly_plus = prop_count (yearly, "plus");
  read_citation (marrow_safe_xml_first_element (parent, "citation"), &self->schedule_citation);
  return TRUE;
}

static gboolean
load_document (Loader   *loader,
               xmlNode  *root,
               GError  **error)
{
  MarrowGuidanceProtocol *self = loader->protocol;
  g_autofree char *joint = marrow_safe_xml_prop (root, "joint");
  g_autofree char *products = marrow_safe_xml_prop (root, "products");

  self->id = marrow_safe_xml_prop (root, "id");
  self->version = marrow_safe_xml_prop (root, "version");
  self->title = marrow_safe_xml_text (marrow_safe_xml_first_element (root, "title"));
  self->us_compliance = marrow_safe_xml_prop_bool (root, "us-compliance", TRUE);
  g_strstrip (joint);
  self->any_joint = strcmp (joint, "any") == 0;
  if (!self->any_joint && !marrow_guidance_joint_from_string (joint, &self->joint))
    g_assert_not_reached ();   /* the schema lists the joints */

  if (products != NULL)
    {
      g_auto(GStrv) list = g_strsplit_set (g_strstrip (products), " \t\r\n", -1);

      for (guint i = 0; list[i] != NULL; i++)
        {
          MarrowGuidanceProduct product;

          if (list[i][0] != '\0' && marrow_guidance_product_from_string (list[i], &product))
            self->products |= 1u << product;
        }
    }

  return load_domains (loader, marrow_safe_xml_first_element (root, "domains"), error) &&
         load_parameters (loader, marrow_safe_xml_first_element (root, "parameters"), error) &&
         load_option (loader, marrow_safe_xml_first_element (root, "second-dose"),
                      &self->second_dose, error) &&
         load_option (loader, marrow_safe_xml_first_element (root, "clinic-booster"),
                      &self->clinic_booster, error) &&
         load_schedule (loader, marrow_safe_xml_first_element (root, "schedule"), error);
}

/**
 * marrow_guidance_protocol_new_from_bytes:
 * @xml: the protocol file's bytes
 * @source: the file's name, for messages
 * @error: return location for a #GError
 *
 * Reads and checks one protocol (docs/guidance.md).
 *
 * Returns: (transfer full): the protocol, or %NULL with @error set to a
 *   message "SOURCE:LINE: what is wrong"
 */
MarrowGuidanceProtocol *
marrow_guidance_protocol_new_from_bytes (GBytes      *xml,
                                         const char  *source,
                                         GError     **error)
{
  static const MarrowXmlLimits limits = {
    .max_bytes = MAX_PROTOCOL_BYTES,
    .max_depth = 8,
    .max_nodes = 20000,
  };
  g_autoptr(MarrowGuidanceProtocol) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlSchema *schema;
  xmlNode *root;
  Loader loader = { source, NULL };

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  schema = marrow_safe_xml_resource_schema (marrow_protocol_get_resource (), SCHEMA_PATH,
                                            "marrow-protocol.xsd", error);
  if (schema == NULL)
    return NULL;

  doc = marrow_safe_xml_parse (xml, source, &limits, &local_error);
  if (doc == NULL || !marrow_safe_xml_validate (schema, doc, source, &local_error))
    {
      g_set_error_literal (error, MARROW_GUIDANCE_PROTOCOL_ERROR,
                           MARROW_GUIDANCE_PROTOCOL_ERROR_DEFINITION, local_error->message);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (root->ns == NULL || strcmp ((const char *)root->ns->href, NAMESPACE) != 0)
    {
      fail (&loader, root, error, _("the root element must be in the namespace %s"), NAMESPACE);
      return NULL;
    }

  self = _marrow_guidance_protocol_new ();
  self->source = g_strdup (source);
  loader.protocol = self;
  if (!load_document (&loader, root, error))
    return NULL;
  return g_steal_pointer (&self);
}
