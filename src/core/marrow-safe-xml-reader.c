/* marrow-safe-xml-reader.c: hostile-proof XML, streamed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The streaming twin of marrow_safe_xml_parse() for files too large to hold
 * in memory (archives).  The same rules (interop.md 5.3), applied as the
 * bytes flow instead of up front:
 *
 *  - the bytes come from a GInputStream Marrow opened itself, so libxml2
 *    never opens a path (no silent gunzip, no catalogs); gzip/xz magic,
 *    UTF-16/32 byte-order marks, a non-UTF-8 encoding declaration, NUL bytes
 *    and input beyond the size cap stop the read;
 *  - "<!DOCTYPE" and "<!ENTITY" anywhere stop the read before libxml2 sees
 *    them (the reader reads ahead; this is the belt to its braces);
 *  - NONET | NOCDATA only, never NOENT, DTDLOAD, XINCLUDE or HUGE;
 *  - document-type, entity-reference and processing-instruction nodes, and
 *    nesting beyond the cap, are refused;
 *  - errors go to a structured handler; the first one, with its line, is
 *    what the person sees.
 */
#define G_LOG_DOMAIN "marrow-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "marrow-safe-xml-reader.h"

#define CHUNK 65536
/* Long enough to hold "<!DOCTYPE" split across two chunks */
#define OVERLAP 9

struct _MarrowXmlReader
{
  GInputStream    *in;
  GCancellable    *cancellable;
  char            *name;
  MarrowXmlLimits  limits;
  xmlTextReader   *reader;
  gboolean         validating;

  guint64          bytes;
  guint            lines;          /* newlines seen so far, for refusals */
  char             tail[OVERLAP];  /* end of the previous chunk */
  gsize            tail_len;
  char             head[256];      /* read ahead of libxml2, see guard_head() */
  gsize            head_len;
  gsize            head_pos;

  GError          *refusal;        /* why the byte guard stopped the read */
  int              error_line;
  char            *error_message;  /* libxml2's first error */
};

static void
refuse (MarrowXmlReader *self,
        int              code,
        const char      *message)
{
  if (self->refusal != NULL)
    return;
  if (self->lines > 0)
    self->refusal = g_error_new (MARROW_XML_ERROR, code, "%s:%u: %s", self->name,
                                 self->lines + 1, message);
  else
    self->refusal = g_error_new (MARROW_XML_ERROR, code, "%s: %s", self->name, message);
}

/* The first bytes, read before libxml2 asks for any (it may ask for only
 * four): magic numbers, byte-order marks and the encoding declaration */
static gboolean
guard_head (MarrowXmlReader *self,
            const char      *data,
            gsize            len)
{
  const char *problem = marrow_safe_xml_check_head ((const guint8 *)data, len);

  if (problem != NULL)
    refuse (self, MARROW_XML_ERROR_REFUSED, problem);
  return problem == NULL;
}

/* Where "<!DOCTYPE" or "<!ENTITY" starts in data, or NULL.  '!' is rare in
 * XML outside such declarations, comments and CDATA, so one memchr() pass
 * finds every candidate; this runs over every byte of a large import. */
static const char *
find_declaration (const char *data,
                  gsize       len)
{
  const char *end = data + len;

  for (const char *p = data; p < end && (p = memchr (p, '!', (gsize)(end - p))) != NULL; p++)
    {
      const char *lt = p - 1;
      gsize rest;

      if (lt < data || *lt != '<')
        continue;
      rest = (gsize)(end - lt);
      if ((rest >= 9 && memcmp (lt, "<!DOCTYPE", 9) == 0) ||
          (rest >= 8 && memcmp (lt, "<!ENTITY", 8) == 0))
        return lt;
    }
  return NULL;
}

/* Checks one chunk; FALSE stops the read */
static gboolean
guard_chunk (MarrowXmlReader *self,
             const char      *data,
             gsize            len)
{
  char seam[2 * OVERLAP];
  gsize head = MIN (len, (gsize)OVERLAP);
  const char *nul, *decl, *stop;

  self->bytes += len;
  if (self->bytes > self->limits.max_bytes)
    {
      g_autofree char *size = g_format_size_full (self->limits.max_bytes,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *message = g_strdup_printf (_("the file is larger than %s"), size);

      refuse (self, MARROW_XML_ERROR_REFUSED, message);
      return FALSE;
    }

  /* A declaration may straddle two chunks: look across the seam first.  One
   * that starts before this chunk names the line this chunk starts on. */
  memcpy (seam, self->tail, self->tail_len);
  memcpy (seam + self->tail_len, data, head);
  decl = find_declaration (seam, self->tail_len + head);
  if (decl != NULL && decl < seam + self->tail_len)
    decl = data;
  else
    decl = find_declaration (data, len);
  nul = memchr (data, '\0', len);

  /* Count lines up to the problem, so the refusal names its line */
  stop = data + len;
  if (nul != NULL)
    stop = nul;
  if (decl != NULL)
    stop = MIN (stop, decl);
  for (const char *p = data; p < stop && (p = memchr (p, '\n', (gsize)(stop - p))) != NULL; p++)
    self->lines++;

  if (decl != NULL)
    {
      refuse (self, MARROW_XML_ERROR_REFUSED, _("a DOCTYPE or entity declaration is not allowed"));
      return FALSE;
    }
  if (nul != NULL)
    {
      refuse (self, MARROW_XML_ERROR_REFUSED, _("the file contains NUL bytes; it is not a text file"));
      return FALSE;
    }

  /* Keep the last OVERLAP bytes of what has been read so far */
  if (len >= OVERLAP)
    {
      memcpy (self->tail, data + len - OVERLAP, OVERLAP);
      self->tail_len = OVERLAP;
    }
  else
    {
      gsize total = self->tail_len + len;
      gsize keep = MIN (total, (gsize)OVERLAP);

      memcpy (self->tail, seam + total - keep, keep);
      self->tail_len = keep;
    }
  return TRUE;
}

static int
read_callback (void *context,
               char *buffer,
               int   len)
{
  MarrowXmlReader *self = context;
  gssize n;

  if (self->refusal != NULL)
    return -1;

  if (self->head_pos < self->head_len)
    {
      n = (gssize)MIN ((gsize)len, self->head_len - self->head_pos);
      memcpy (buffer, self->head + self->head_pos, (gsize)n);
      self->head_pos += (gsize)n;
    }
  else
    n = g_input_stream_read (self->in, buffer, (gsize)MIN (len, CHUNK), self->cancellable,
                             &self->refusal);
  if (n < 0)
    return -1;
  if (n > 0 && !guard_chunk (self, buffer, (gsize)n))
    return -1;
  return (int)n;
}

static int
close_callback (void *context)
{
  return 0;
}

static void
on_error (void        *data,
          xmlErrorPtr  error)
{
  MarrowXmlReader *self = data;
  if (error == NULL || error->level < XML_ERR_ERROR || self->error_message != NULL)
    return;

  self->error_line = error->line;
  self->error_message = marrow_safe_xml_tidy_message (error->message);
}

/**
 * marrow_xml_reader_new:
 * @in: the bytes; read to the end by the reader
 * @name: the file's name, for messages
 * @limits: size and depth caps (max_nodes is not used when streaming)
 * @schema: (nullable): validate while reading
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reader, or %NULL
 */
MarrowXmlReader *
marrow_xml_reader_new (GInputStream           *in,
                       const char             *name,
                       const MarrowXmlLimits  *limits,
                       xmlSchema              *schema,
                       GCancellable           *cancellable,
                       GError                **error)
{
  MarrowXmlReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  marrow_safe_xml_init ();

  self = g_new0 (MarrowXmlReader, 1);
  self->in = g_object_ref (in);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->name = g_strdup (name);
  self->limits = *limits;

  if (!g_input_stream_read_all (in, self->head, sizeof self->head, &self->head_len, cancellable,
                                error))
    {
      marrow_xml_reader_free (self);
      return NULL;
    }
  if (self->head_len == 0)
    {
      g_set_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_MALFORMED, _("%s: the file is empty"),
                   name);
      marrow_xml_reader_free (self);
      return NULL;
    }
  guard_head (self, self->head, self->head_len);

  self->reader = xmlReaderForIO (read_callback, close_callback, self, name, "UTF-8",
                                 XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
  if (self->reader == NULL)
    {
      g_set_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_MALFORMED,
                   _("%s: cannot start reading"), name);
      marrow_xml_reader_free (self);
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (self->reader, on_error, self);
  self->validating = schema != NULL;
  if (schema != NULL && xmlTextReaderSetSchema (self->reader, schema) != 0)
    {
      g_set_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_SCHEMA,
                   _("%s: cannot validate while reading"), name);
      marrow_xml_reader_free (self);
      return NULL;
    }
  return self;
}

void
marrow_xml_reader_free (MarrowXmlReader *self)
{
  if (self == NULL)
    return;
  if (self->reader != NULL)
    xmlFreeTextReader (self->reader);
  g_clear_object (&self->in);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->refusal);
  g_free (self->error_message);
  g_free (self->name);
  g_free (self);
}

xmlTextReader *
marrow_xml_reader_get_reader (MarrowXmlReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reader;
}

guint64
marrow_xml_reader_get_bytes_read (MarrowXmlReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes;
}

int
marrow_xml_reader_get_line (MarrowXmlReader *self)
{
  xmlNode *node;

  g_return_val_if_fail (self != NULL, 0);

  /* The node's own line: the parser reads ahead of the reader.  libxml2
   * keeps node lines in 16 bits, and past 65535 it recovers an element's
   * line only from children it may not have parsed yet; there the
   * parser's line, at most a chunk ahead, is the steadier answer. */
  node = xmlTextReaderCurrentNode (self->reader);
  if (node != NULL && xmlGetLineNo (node) > 0 && xmlGetLineNo (node) < 65535)
    return (int)xmlGetLineNo (node);
  return xmlTextReaderGetParserLineNumber (self->reader);
}

/* The reason reading stopped: the guard, libxml2's first error, or the
 * schema */
static void
set_stop_error (MarrowXmlReader  *self,
                int               fallback_code,
                GError          **error)
{
  if (self->refusal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->refusal));
      return;
    }
  if (self->error_message != NULL)
    {
      int line = self->error_line > 0 ? self->error_line : marrow_xml_reader_get_line (self);

      g_set_error (error, MARROW_XML_ERROR, fallback_code, "%s:%d: %s", self->name, line,
                   self->error_message);
      return;
    }
  g_set_error (error, MARROW_XML_ERROR, fallback_code, "%s:%d: %s", self->name,
               marrow_xml_reader_get_line (self), _("not well-formed XML"));
}

/**
 * marrow_xml_reader_next:
 * @self: a reader
 * @error: return location for a #GError
 *
 * Moves to the next node.
 *
 * Returns: 1 on a node, 0 at a valid end, -1 with @error set
 */
int
marrow_xml_reader_next (MarrowXmlReader  *self,
                        GError          **error)
{
  int rc;
  int type;

  g_return_val_if_fail (self != NULL, -1);

  rc = xmlTextReaderRead (self->reader);
  if (rc < 0 || self->refusal != NULL)
    {
      set_stop_error (self, MARROW_XML_ERROR_MALFORMED, error);
      return -1;
    }
  if (rc == 0)
    {
      if (self->bytes == 0)
        {
          g_set_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_MALFORMED, _("%s: the file is empty"),
                       self->name);
          return -1;
        }
      /* Without a schema libxml2 calls every document "not valid" */
      if ((self->validating && xmlTextReaderIsValid (self->reader) != 1) ||
          self->error_message != NULL)
        {
          set_stop_error (self, MARROW_XML_ERROR_INVALID, error);
          return -1;
        }
      return 0;
    }

  type = xmlTextReaderNodeType (self->reader);
  if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
      type == XML_READER_TYPE_ENTITY || type == XML_READER_TYPE_PROCESSING_INSTRUCTION)
    {
      g_set_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_REFUSED, "%s:%d: %s", self->name,
                   marrow_xml_reader_get_line (self),
                   _("DOCTYPEs, entities and processing instructions are not allowed"));
      return -1;
    }
  if ((guint)xmlTextReaderDepth (self->reader) >= self->limits.max_depth)
    {
      g_set_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_REFUSED, "%s:%d: %s", self->name,
                   marrow_xml_reader_get_line (self), _("elements are nested too deeply"));
      return -1;
    }
  if (self->error_message != NULL)
    {
      set_stop_error (self, MARROW_XML_ERROR_INVALID, error);
      return -1;
    }
  return 1;
}
