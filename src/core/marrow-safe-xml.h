/* marrow-safe-xml.h: the one hardened way Marrow reads XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

G_BEGIN_DECLS

#define MARROW_XML_ERROR (marrow_xml_error_quark ())

/**
 * MarrowXmlError:
 * @MARROW_XML_ERROR_REFUSED: the input breaks a safety rule (size, encoding,
 *   compression, DOCTYPE, depth or node count)
 * @MARROW_XML_ERROR_MALFORMED: the input is not well-formed XML
 * @MARROW_XML_ERROR_INVALID: the document does not match its schema
 * @MARROW_XML_ERROR_SCHEMA: a schema shipped with Marrow does not compile
 *
 * Every message starts with "NAME:LINE: " (or "NAME: " when there is no
 * line), so that a person can find the place.
 */
typedef enum
{
  MARROW_XML_ERROR_REFUSED,
  MARROW_XML_ERROR_MALFORMED,
  MARROW_XML_ERROR_INVALID,
  MARROW_XML_ERROR_SCHEMA,
} MarrowXmlError;

/**
 * MarrowXmlLimits:
 * @max_bytes: largest input accepted
 * @max_depth: deepest element nesting accepted
 * @max_nodes: most nodes (elements, attributes, text) accepted
 */
typedef struct
{
  gsize max_bytes;
  guint max_depth;
  guint max_nodes;
} MarrowXmlLimits;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlSchema, xmlSchemaFree)

GQuark     marrow_xml_error_quark        (void);
void       marrow_safe_xml_init          (void);
char      *marrow_safe_xml_tidy_message  (const char            *raw);
const char *marrow_safe_xml_check_head  (const guint8          *data,
                                         gsize                  len);

xmlSchema *marrow_safe_xml_compile_schema (GBytes                *xsd,
                                           const char            *name,
                                           GError               **error);
xmlDoc    *marrow_safe_xml_parse         (GBytes                *data,
                                          const char            *name,
                                          const MarrowXmlLimits *limits,
                                          GError               **error);
xmlSchema *marrow_safe_xml_resource_schema (GResource         *resource,
                                            const char        *path,
                                            const char        *name,
                                            GError           **error);
gboolean   marrow_safe_xml_validate      (xmlSchema             *schema,
                                          xmlDoc                *doc,
                                          const char            *name,
                                          GError               **error);
char      *marrow_safe_xml_text          (xmlNode               *node);
char      *marrow_safe_xml_prop          (xmlNode               *node,
                                          const char            *name);
gboolean   marrow_safe_xml_prop_bool     (xmlNode               *node,
                                          const char            *name,
                                          gboolean               fallback);
xmlNode   *marrow_safe_xml_first_element (xmlNode               *parent,
                                          const char            *name);
xmlNode   *marrow_safe_xml_next_element  (xmlNode               *node,
                                          const char            *name);

G_END_DECLS
