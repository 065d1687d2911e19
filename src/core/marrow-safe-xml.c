/* marrow-safe-xml.c: the one hardened way Marrow reads XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every XML file Marrow reads (instrument definitions now, archives and FHIR
 * later) may come from outside and may be hostile.  This follows the import
 * configuration tested against libxml2 2.9.14 in interop.md 5.3:
 *
 *  1. the bytes are in memory with a size cap; compressed input, NUL bytes
 *     and UTF-16/32 are refused (libxml2 would gunzip a path silently);
 *  2. xmlCtxtReadMemory() with NONET | NOCDATA only: never NOENT, DTDLOAD,
 *     DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER;
 *  3. any DOCTYPE stops the parser before an entity can be used;
 *  4. a deny-all external entity loader is installed once;
 *  5. schemas are compiled from memory, from files shipped with Marrow;
 *  6. the tree is walked iteratively with depth and node caps;
 *  7. libxml2's errors go to a structured handler, never to stderr.
 */
#define G_LOG_DOMAIN "marrow-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "marrow-safe-xml.h"

G_DEFINE_QUARK (marrow-xml-error-quark, marrow_xml_error)

static const MarrowXmlLimits default_limits = {
  .max_bytes = 32 * 1024 * 1024,
  .max_depth = 64,
  .max_nodes = 200000,
};

/* The first error libxml2 reported, and whether a DOCTYPE was seen. */
typedef struct
{
  int       line;
  char     *message;
  gboolean  doctype;
} Collector;

static void
collector_clear (Collector *collector)
{
  g_clear_pointer (&collector->message, g_free);
}

/* libxml2 messages end in a newline and name elements as
 * {namespace-uri}name; people need one short line.  Only a brace group that
 * looks like a URI (a colon, no spaces or quotes) is dropped: enumeration
 * sets {'a', 'b'} and pattern quantifiers {1,9} stay. */
static gboolean
is_namespace_group (const char *open)
{
  const char *close = strchr (open, '}');

  if (close == NULL)
    return FALSE;
  for (const char *p = open + 1; p < close; p++)
    if (g_ascii_isspace (*p) || *p == '\'' || *p == '"')
      return FALSE;
  return memchr (open, ':', (size_t)(close - open)) != NULL;
}

/**
 * marrow_safe_xml_tidy_message:
 * @raw: a libxml2 error message
 *
 * Returns: (transfer full): the message on one line, without namespace URIs
 */
char *
marrow_safe_xml_tidy_message (const char *raw)
{
  GString *out = g_string_new (NULL);

  for (const char *p = raw; p != NULL && *p != '\0'; p++)
    {
      if (*p == '{' && is_namespace_group (p))
        p = strchr (p, '}');
      else
        g_string_append_c (out, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
    }

  g_strstrip (out->str);
  if (out->len > 300)
    {
      g_string_truncate (out, 300);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

static void
on_structured_error (void        *data,
                     xmlErrorPtr  error)
{
  Collector *collector = data;

  if (error == NULL || error->level < XML_ERR_ERROR || collector->message != NULL)
    return;

  collector->line = error->line;
  collector->message = marrow_safe_xml_tidy_message (error->message);
}

static void
on_parser_error (void        *data,
                 xmlErrorPtr  error)
{
  xmlParserCtxt *ctxt = data;

  on_structured_error (ctxt->_private, error);
}

static void
reject_internal_subset (void          *data,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = data;
  Collector *collector = ctxt->_private;

  collector->doctype = TRUE;
  xmlStopParser (ctxt);
}

static xmlParserInput *
deny_entity_loader (const char    *url,
                    const char    *id,
                    xmlParserCtxt *ctxt)
{
  return NULL;
}

/**
 * marrow_safe_xml_init:
 *
 * Initialises libxml2 once and installs the deny-all external entity loader.
 * Every XML entry point calls it.
 */
void
marrow_safe_xml_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      /* Process-global; nothing in Marrow loads external XML resources */
      xmlSetExternalEntityLoader (deny_entity_loader);
      g_once_init_leave (&initialized, 1);
    }
}

static void
set_located_error (GError     **error,
                   int          code,
                   const char  *name,
                   int          line,
                   const char  *message)
{
  if (line > 0)
    g_set_error (error, MARROW_XML_ERROR, code, "%s:%d: %s", name, line, message);
  else
    g_set_error (error, MARROW_XML_ERROR, code, "%s: %s", name, message);
}

static gboolean
has_prefix (const guint8 *data,
            gsize         len,
            const char   *prefix,
            gsize         prefix_len)
{
  return len >= prefix_len && memcmp (data, prefix, prefix_len) == 0;
}

/* The XML declaration may name an encoding; only UTF-8 is read */
static gboolean
declares_other_encoding (const char *data,
                         gsize       len)
{
  g_autofree char *head = NULL;
  const char *end, *enc;

  if (!has_prefix ((const guint8 *)data, len, "<?xml", 5))
    return FALSE;
  end = memchr (data, '>', MIN (len, 200));
  if (end == NULL)
    return FALSE;
  head = g_ascii_strdown (data, end - data);
  enc = strstr (head, "encoding");
  if (enc == NULL)
    return FALSE;
  enc += strlen ("encoding");
  while (*enc == ' ' || *enc == '=' || *enc == '"' || *enc == '\'')
    enc++;
  return !g_str_has_prefix (enc, "utf-8") && !g_str_has_prefix (enc, "utf8");
}

/**
 * marrow_safe_xml_check_head:
 * @data: the first bytes of a document (a few hundred are enough)
 * @len: how many
 *
 * Step 1 of interop.md 5.3 for what the start of a file can tell:
 * compressed data, UTF-16/32 and an encoding declaration other than UTF-8
 * are refused.
 *
 * Returns: (nullable): %NULL if the start is acceptable, else why not
 */
const char *
marrow_safe_xml_check_head (const guint8 *data,
                            gsize         len)
{
  gsize bom = has_prefix (data, len, "\xef\xbb\xbf", 3) ? 3 : 0;

  if (has_prefix (data, len, "\x1f\x8b", 2) || has_prefix (data, len, "\xfd" "7zXZ\0", 6))
    return _("compressed files are not read; decompress it first");
  if (has_prefix (data, len, "\xfe\xff", 2) || has_prefix (data, len, "\xff\xfe", 2) ||
      has_prefix (data, len, "\0\0\xfe\xff", 4))
    return _("the file is UTF-16 or UTF-32; only UTF-8 is read");
  if (declares_other_encoding ((const char *)data + bom, len - bom))
    return _("the file declares an encoding other than UTF-8; only UTF-8 is read");
  return NULL;
}

/* The line of a byte, for refusals made before libxml2 counts lines */
static int
line_at (const guint8 *data,
         const guint8 *at)
{
  int line = 1;

  for (const guint8 *p = data; p < at; p++)
    line += *p == '\n' ? 1 : 0;
  return line;
}

/* Step 1 of interop.md 5.3: what the bytes may be before libxml2 sees them */
static gboolean
precheck_bytes (const guint8           *data,
                gsize                   len,
                const char             *name,
                const MarrowXmlLimits  *limits,
                GError                **error)
{
  const guint8 *found;
  const char *problem;

  if (len == 0)
    {
      set_located_error (error, MARROW_XML_ERROR_MALFORMED, name, 0, _("the file is empty"));
      return FALSE;
    }
  if (len > limits->max_bytes)
    {
      g_autofree char *size = g_format_size_full (limits->max_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *message = g_strdup_printf (_("the file is larger than %s"), size);

      set_located_error (error, MARROW_XML_ERROR_REFUSED, name, 0, message);
      return FALSE;
    }
  if ((problem = marrow_safe_xml_check_head (data, MIN (len, (gsize)256))) != NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_REFUSED, name, 0, problem);
      return FALSE;
    }
  if ((found = memchr (data, '\0', len)) != NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_REFUSED, name, line_at (data, found),
                         _("the file contains NUL bytes; it is not a text file"));
      return FALSE;
    }
  /* Belt and braces: the SAX hook below stops the parser at a DOCTYPE too */
  if ((found = (const guint8 *)g_strstr_len ((const char *)data, (gssize)len, "<!DOCTYPE")) != NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_REFUSED, name, line_at (data, found),
                         _("a DOCTYPE is not allowed"));
      return FALSE;
    }
  return TRUE;
}

/* Step 6: iterative walk, never recursion over an untrusted tree */
static gboolean
check_tree (xmlDoc                 *doc,
            const char             *name,
            const MarrowXmlLimits  *limits,
            GError                **error)
{
  xmlNode *node = xmlDocGetRootElement (doc);
  guint depth = 1;
  guint nodes = 0;

  /* The walk below starts at the root; a PI before it is refused too */
  for (xmlNode *top = doc->children; top != NULL; top = top->next)
    if (top->type == XML_PI_NODE)
      {
        set_located_error (error, MARROW_XML_ERROR_REFUSED, name, (int)xmlGetLineNo (top),
                           _("processing instructions and entity references are not allowed"));
        return FALSE;
      }

  while (node != NULL)
    {
      if (node->type == XML_PI_NODE || node->type == XML_ENTITY_REF_NODE ||
          node->type == XML_XINCLUDE_START || node->type == XML_DTD_NODE)
        {
          set_located_error (error, MARROW_XML_ERROR_REFUSED, name, (int)xmlGetLineNo (node),
                             _("processing instructions and entity references are not allowed"));
          return FALSE;
        }

      nodes++;
      if (node->type == XML_ELEMENT_NODE)
        for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
          nodes++;

      if (nodes > limits->max_nodes)
        {
          set_located_error (error, MARROW_XML_ERROR_REFUSED, name, (int)xmlGetLineNo (node),
                             _("the document has too many nodes"));
          return FALSE;
        }

      /* @depth is the element nesting of @node; text is not a level */
      if (node->type == XML_ELEMENT_NODE && depth > limits->max_depth)
        {
          set_located_error (error, MARROW_XML_ERROR_REFUSED, name,
                             (int)xmlGetLineNo (node), _("elements are nested too deeply"));
          return FALSE;
        }

      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          depth++;
          node = node->children;
          continue;
        }

      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          depth--;
          if (node == NULL || node->type == XML_DOCUMENT_NODE)
            return TRUE;
        }
      if (node != NULL)
        node = node->next;
    }

  return TRUE;
}

/**
 * marrow_safe_xml_parse:
 * @data: the whole document
 * @name: how the document is named in messages (a file name)
 * @limits: (nullable): caps, or %NULL for the defaults (32 MiB, depth 64,
 *   200 000 nodes)
 * @error: return location for a #MARROW_XML_ERROR
 *
 * Parses untrusted XML (see the top of this file for the rules).
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
xmlDoc *
marrow_safe_xml_parse (GBytes                *data,
                       const char            *name,
                       const MarrowXmlLimits *limits,
                       GError               **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlParserCtxt *ctxt;
  Collector collector = { 0 };
  const guint8 *bytes;
  gsize len;
  gboolean well_formed;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    limits = &default_limits;

  marrow_safe_xml_init ();

  bytes = g_bytes_get_data (data, &len);
  if (!precheck_bytes (bytes, len, name, limits, error))
    return NULL;
  if (len > G_MAXINT)
    return NULL;   /* unreachable: max_bytes is far smaller */

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_REFUSED, name, 0, _("out of memory"));
      return NULL;
    }
  ctxt->_private = &collector;
  ctxt->sax->serror = on_parser_error;
  ctxt->sax->internalSubset = reject_internal_subset;
  ctxt->sax->externalSubset = reject_internal_subset;

  doc = xmlCtxtReadMemory (ctxt, (const char *)bytes, (int)len, name, "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOCDATA);
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (collector.doctype || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
    {
      set_located_error (error, MARROW_XML_ERROR_REFUSED, name, collector.line,
                         _("a DOCTYPE is not allowed"));
      collector_clear (&collector);
      return NULL;
    }

  if (doc == NULL || !well_formed || xmlDocGetRootElement (doc) == NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_MALFORMED, name, collector.line,
                         collector.message ? collector.message : _("not well-formed XML"));
      collector_clear (&collector);
      return NULL;
    }
  collector_clear (&collector);

  if (!check_tree (doc, name, limits, error))
    return NULL;

  return g_steal_pointer (&doc);
}

/**
 * marrow_safe_xml_compile_schema:
 * @xsd: the schema document, shipped with Marrow
 * @name: its name for messages
 * @error: return location for a #MARROW_XML_ERROR
 *
 * Returns: (transfer full): the compiled schema, or %NULL with @error set
 */
xmlSchema *
marrow_safe_xml_compile_schema (GBytes      *xsd,
                                const char  *name,
                                GError     **error)
{
  xmlSchemaParserCtxt *ctxt;
  xmlSchema *schema;
  Collector collector = { 0 };
  const char *bytes;
  gsize len;

  g_return_val_if_fail (xsd != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  marrow_safe_xml_init ();

  bytes = g_bytes_get_data (xsd, &len);
  ctxt = xmlSchemaNewMemParserCtxt (bytes, (int)MIN (len, (gsize)G_MAXINT));
  if (ctxt == NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_SCHEMA, name, 0, _("cannot read the schema"));
      return NULL;
    }
  xmlSchemaSetParserStructuredErrors (ctxt, on_structured_error, &collector);
  schema = xmlSchemaParse (ctxt);
  xmlSchemaFreeParserCtxt (ctxt);

  if (schema == NULL)
    set_located_error (error, MARROW_XML_ERROR_SCHEMA, name, collector.line,
                       collector.message ? collector.message : _("the schema does not compile"));
  collector_clear (&collector);
  return schema;
}

/**
 * marrow_safe_xml_resource_schema:
 * @resource: a resource shipped with Marrow
 * @path: the schema's path in it
 * @name: its name for messages
 * @error: return location for a #GError
 *
 * Compiles a schema once per process and keeps it.
 *
 * Returns: (transfer none): the schema, or %NULL with @error set
 */
xmlSchema *
marrow_safe_xml_resource_schema (GResource   *resource,
                                 const char  *path,
                                 const char  *name,
                                 GError     **error)
{
  static GHashTable *schemas = NULL;   /* path -> xmlSchema, never freed */
  static GMutex lock;
  xmlSchema *schema;

  g_return_val_if_fail (resource != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_mutex_lock (&lock);
  if (schemas == NULL)
    schemas = g_hash_table_new (g_str_hash, g_str_equal);
  schema = g_hash_table_lookup (schemas, path);
  if (schema == NULL)
    {
      g_autoptr(GBytes) xsd = g_resource_lookup_data (resource, path, 0, error);

      if (xsd != NULL && (schema = marrow_safe_xml_compile_schema (xsd, name, error)) != NULL)
        g_hash_table_insert (schemas, g_strdup (path), schema);
    }
  g_mutex_unlock (&lock);
  return schema;
}

/**
 * marrow_safe_xml_validate:
 * @schema: a schema from marrow_safe_xml_compile_schema()
 * @doc: a document from marrow_safe_xml_parse()
 * @name: the document's name for messages
 * @error: return location for a #MARROW_XML_ERROR
 *
 * Returns: %TRUE if @doc is valid; otherwise %FALSE with the first problem
 *   and its line in @error
 */
gboolean
marrow_safe_xml_validate (xmlSchema   *schema,
                          xmlDoc      *doc,
                          const char  *name,
                          GError     **error)
{
  xmlSchemaValidCtxt *ctxt;
  Collector collector = { 0 };
  int rc;

  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctxt = xmlSchemaNewValidCtxt (schema);
  if (ctxt == NULL)
    {
      set_located_error (error, MARROW_XML_ERROR_INVALID, name, 0, _("out of memory"));
      return FALSE;
    }
  xmlSchemaSetValidStructuredErrors (ctxt, on_structured_error, &collector);
  rc = xmlSchemaValidateDoc (ctxt, doc);
  xmlSchemaFreeValidCtxt (ctxt);

  if (rc != 0)
    set_located_error (error, MARROW_XML_ERROR_INVALID, name, collector.line,
                       collector.message ? collector.message
                                         : _("the document does not match its schema"));
  collector_clear (&collector);
  return rc == 0;
}

/* Collapses runs of white space, as a line-wrapped XML text needs. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * marrow_safe_xml_text:
 * @node: an element
 *
 * Returns: (transfer full): the element's text with white space collapsed
 */
char *
marrow_safe_xml_text (xmlNode *node)
{
  xmlChar *content;
  char *text;

  g_return_val_if_fail (node != NULL, NULL);

  content = xmlNodeGetContent (node);
  text = normalize_space (content != NULL ? (const char *)content : "");
  xmlFree (content);
  return text;
}

/**
 * marrow_safe_xml_prop:
 * @node: an element
 * @name: an attribute without namespace
 *
 * Returns: (transfer full) (nullable): the attribute's value, or %NULL
 */
char *
marrow_safe_xml_prop (xmlNode    *node,
                      const char *name)
{
  xmlChar *value;
  char *copy;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = xmlGetNoNsProp (node, (const xmlChar *)name);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *)value);
  xmlFree (value);
  return copy;
}

/**
 * marrow_safe_xml_prop_bool:
 * @node: an element
 * @name: an xs:boolean attribute without namespace
 * @fallback: the value when the attribute is absent
 *
 * Returns: the attribute as xs:boolean reads it ("true" or "1"; the schema
 *   collapses white space, so " true " is true too)
 */
gboolean
marrow_safe_xml_prop_bool (xmlNode    *node,
                           const char *name,
                           gboolean    fallback)
{
  g_autofree char *value = marrow_safe_xml_prop (node, name);

  if (value == NULL)
    return fallback;
  g_strstrip (value);
  return strcmp (value, "true") == 0 || strcmp (value, "1") == 0;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         (name == NULL || strcmp ((const char *)node->name, name) == 0);
}

/**
 * marrow_safe_xml_first_element:
 * @parent: an element
 * @name: (nullable): the local name wanted, or %NULL for any
 *
 * Returns: (transfer none) (nullable): the first child element called @name
 */
xmlNode *
marrow_safe_xml_first_element (xmlNode    *parent,
                               const char *name)
{
  g_return_val_if_fail (parent != NULL, NULL);

  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    if (is_element (node, name))
      return node;
  return NULL;
}

/**
 * marrow_safe_xml_next_element:
 * @node: an element
 * @name: (nullable): the local name wanted, or %NULL for any
 *
 * Returns: (transfer none) (nullable): the next sibling element called @name
 */
xmlNode *
marrow_safe_xml_next_element (xmlNode    *node,
                              const char *name)
{
  g_return_val_if_fail (node != NULL, NULL);

  for (node = node->next; node != NULL; node = node->next)
    if (is_element (node, name))
      return node;
  return NULL;
}
