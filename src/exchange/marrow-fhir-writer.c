/* marrow-fhir-writer.c: FHIR XML primitives on an xmlTextWriter over a GOutputStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FHIR XML (R4 xml.html) puts every primitive in a value attribute, never
 * writes an empty element or attribute, and is UTF-8 without a DOCTYPE.  The
 * helpers here enforce that: a NULL or blank value writes nothing, text is
 * made valid UTF-8 without the control characters XML 1.0 forbids, codes get
 * single inner spaces (the code-primitive pattern), and dates that do not
 * match the FHIR formats are left out rather than written invalid.
 */
#define G_LOG_DOMAIN "marrow-fhir"

#include "config.h"

#include <math.h>
#include <string.h>

#include "marrow-fhir-private.h"
#include "marrow-time.h"

/* The RFC 4122 name-space for the version-5 UUIDs of resources that have no
 * record of their own (BodyStructure per case, Observation per score), so
 * that exporting the same data twice gives the same fullUrls.  Never change
 * it: references made by receivers of earlier exports would break. */
static const guint8 marrow_fhir_namespace[16] = {
  0x6f, 0x1c, 0x2d, 0x84, 0x93, 0xb5, 0x4e, 0x7a,
  0x8c, 0x0d, 0x5a, 0x4b, 0x3e, 0x2f, 0x1d, 0x60,
};

/* libxml2 calls this with each full buffer.  A stream error (including
 * cancellation) is kept and the bytes are dropped; returning -1 would make
 * libxml2 print "I/O error" on stderr, and the writer helpers stop anyway
 * once w->error is set. */
static int
write_cb (void       *context,
          const char *buffer,
          int         len)
{
  MarrowFhirWriter *w = context;
  gsize written = 0;

  g_assert (w != NULL);

  if (w->error == NULL && len > 0)
    g_output_stream_write_all (w->out, buffer, (gsize)len, &written, w->cancellable, &w->error);
  return len;
}

/* The stream belongs to the caller: libxml2 must not close it */
static int
close_cb (void *context)
{
  return 0;
}

static void
check_rc (MarrowFhirWriter *w,
          int               rc)
{
  if (rc < 0 && w->error == NULL)
    w->error = g_error_new_literal (MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                                    "libxml2 could not write the FHIR document");
}

static gboolean
can_write (MarrowFhirWriter *w)
{
  return w->xml != NULL && w->error == NULL;
}

/**
 * marrow_fhir_writer_init:
 *
 * Starts a UTF-8 document (XML declaration, no DOCTYPE) on @out.
 */
gboolean
marrow_fhir_writer_init (MarrowFhirWriter *w,
                         GOutputStream    *out,
                         GCancellable     *cancellable,
                         GError          **error)
{
  xmlOutputBufferPtr buffer;

  g_assert (w != NULL);
  g_assert (G_IS_OUTPUT_STREAM (out));

  memset (w, 0, sizeof *w);
  w->out = g_object_ref (out);
  w->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  buffer = xmlOutputBufferCreateIO (write_cb, close_cb, w, NULL);
  if (buffer != NULL)
    w->xml = xmlNewTextWriter (buffer);
  if (w->xml == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      g_set_error_literal (error, MARROW_EXCHANGE_ERROR, MARROW_EXCHANGE_ERROR_FAILED,
                           "libxml2 could not create an XML writer");
      return FALSE;
    }

  check_rc (w, xmlTextWriterSetIndent (w->xml, 1));
  check_rc (w, xmlTextWriterSetIndentString (w->xml, BAD_CAST "  "));
  check_rc (w, xmlTextWriterStartDocument (w->xml, "1.0", "UTF-8", NULL));
  return marrow_fhir_writer_check (w, error);
}

/**
 * marrow_fhir_writer_check:
 *
 * Returns: %FALSE, with the first failure in @error, once anything failed
 */
gboolean
marrow_fhir_writer_check (MarrowFhirWriter *w,
                          GError          **error)
{
  g_assert (w != NULL);

  if (w->error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (w->error));
  return FALSE;
}

/**
 * marrow_fhir_writer_finish:
 *
 * Closes every open element, ends the document and flushes it to the stream.
 */
gboolean
marrow_fhir_writer_finish (MarrowFhirWriter *w,
                           GError          **error)
{
  g_assert (w != NULL);

  if (can_write (w))
    check_rc (w, xmlTextWriterEndDocument (w->xml));
  if (can_write (w))
    check_rc (w, xmlTextWriterFlush (w->xml));
  if (w->error == NULL)
    g_output_stream_flush (w->out, w->cancellable, &w->error);
  return marrow_fhir_writer_check (w, error);
}

/**
 * marrow_fhir_writer_clear:
 *
 * Frees the writer.  Whatever an unfinished document still holds in
 * libxml2's buffer is dropped, not written.
 */
void
marrow_fhir_writer_clear (MarrowFhirWriter *w)
{
  g_assert (w != NULL);

  if (w->xml != NULL)
    {
      if (w->error == NULL)
        w->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, "closed");
      xmlFreeTextWriter (w->xml);
      w->xml = NULL;
    }
  g_clear_error (&w->error);
  g_clear_object (&w->out);
  g_clear_object (&w->cancellable);
}

void
marrow_fhir_start (MarrowFhirWriter *w,
                   const char       *name)
{
  if (can_write (w))
    check_rc (w, xmlTextWriterStartElement (w->xml, BAD_CAST name));
}

void
marrow_fhir_end (MarrowFhirWriter *w)
{
  if (can_write (w))
    check_rc (w, xmlTextWriterEndElement (w->xml));
}

/* @value must already be clean (marrow_fhir_clean_text) and non-empty */
void
marrow_fhir_attribute (MarrowFhirWriter *w,
                       const char       *name,
                       const char       *value)
{
  g_assert (value != NULL && *value != '\0');

  if (can_write (w))
    check_rc (w, xmlTextWriterWriteAttribute (w->xml, BAD_CAST name, BAD_CAST value));
}

static void
value_element (MarrowFhirWriter *w,
               const char       *name,
               const char       *value)
{
  if (value == NULL || *value == '\0')
    return;
  marrow_fhir_start (w, name);
  marrow_fhir_attribute (w, "value", value);
  marrow_fhir_end (w);
}

/**
 * marrow_fhir_clean_text:
 *
 * Returns: (transfer full) (nullable): @text as valid UTF-8 without the
 *   control characters XML 1.0 forbids and without surrounding white space;
 *   %NULL when nothing is left
 */
char *
marrow_fhir_clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *clean;
  char *result;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  clean = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        continue;
      g_string_append_unichar (clean, c);
    }
  result = g_strstrip (g_string_free (clean, FALSE));
  if (*result == '\0')
    g_clear_pointer (&result, g_free);
  return result;
}

/* FHIR string (and markdown): any clean, non-blank text */
void
marrow_fhir_string (MarrowFhirWriter *w,
                    const char       *name,
                    const char       *value)
{
  g_autofree char *clean = marrow_fhir_clean_text (value);

  value_element (w, name, clean);
}

/* FHIR code: no leading or trailing white space, single inner spaces */
void
marrow_fhir_code (MarrowFhirWriter *w,
                  const char       *name,
                  const char       *value)
{
  g_autofree char *clean = marrow_fhir_clean_text (value);
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) code = NULL;

  if (clean == NULL)
    return;
  words = g_strsplit_set (clean, " \t\r\n", -1);
  code = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (code->len > 0)
        g_string_append_c (code, ' ');
      g_string_append (code, words[i]);
    }
  value_element (w, name, code->str);
}

/* FHIR uri, canonical: no white space at all; anything else is left out */
void
marrow_fhir_uri (MarrowFhirWriter *w,
                 const char       *name,
                 const char       *value)
{
  g_autofree char *clean = marrow_fhir_clean_text (value);

  if (clean == NULL || strpbrk (clean, " \t\r\n") != NULL)
    return;
  value_element (w, name, clean);
}

/* FHIR date: YYYY, YYYY-MM or YYYY-MM-DD (Marrow's partial and full dates) */
void
marrow_fhir_date (MarrowFhirWriter *w,
                  const char       *name,
                  const char       *value)
{
  if (marrow_partial_date_is_valid (value))
    value_element (w, name, value);
}

/* FHIR dateTime: a date as above, or an instant (which always has its "Z") */
void
marrow_fhir_date_time (MarrowFhirWriter *w,
                       const char       *name,
                       const char       *value)
{
  if (marrow_partial_date_is_valid (value) || marrow_instant_is_valid (value))
    value_element (w, name, value);
}

/* FHIR integer is 32-bit (xs:int); larger values are left out */
void
marrow_fhir_integer (MarrowFhirWriter *w,
                     const char       *name,
                     gint64            value)
{
  char text[32];

  if (value < G_MININT32 || value > G_MAXINT32)
    return;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  value_element (w, name, text);
}

void
marrow_fhir_decimal (MarrowFhirWriter *w,
                     const char       *name,
                     double            value)
{
  g_autofree char *text = marrow_fhir_format_decimal (value);

  value_element (w, name, text);
}

void
marrow_fhir_boolean (MarrowFhirWriter *w,
                     const char       *name,
                     gboolean          value)
{
  value_element (w, name, value ? "true" : "false");
}

/* <name><reference value="urn:uuid:…"/></name> */
void
marrow_fhir_reference (MarrowFhirWriter *w,
                       const char       *name,
                       const char       *uuid)
{
  g_autofree char *urn = NULL;

  g_assert (uuid != NULL);

  urn = g_strconcat ("urn:uuid:", uuid, NULL);
  marrow_fhir_start (w, name);
  marrow_fhir_uri (w, "reference", urn);
  marrow_fhir_end (w);
}

/* <coding> with system, code and display */
void
marrow_fhir_coding (MarrowFhirWriter *w,
                    const char       *system,
                    const char       *code,
                    const char       *display)
{
  g_autofree char *clean = marrow_fhir_clean_text (code);

  if (clean == NULL)
    return;
  marrow_fhir_start (w, "coding");
  marrow_fhir_uri (w, "system", system);
  marrow_fhir_code (w, "code", clean);
  marrow_fhir_string (w, "display", display);
  marrow_fhir_end (w);
}

/* A CodeableConcept of one coding, with its display as the text; nothing
 * when there is neither */
void
marrow_fhir_codeable (MarrowFhirWriter *w,
                      const char       *name,
                      const char       *system,
                      const char       *code,
                      const char       *display)
{
  g_autofree char *clean_code = marrow_fhir_clean_text (code);
  g_autofree char *clean_display = marrow_fhir_clean_text (display);

  if (clean_code == NULL && clean_display == NULL)
    return;
  marrow_fhir_start (w, name);
  marrow_fhir_coding (w, system, code, display);
  marrow_fhir_string (w, "text", display);
  marrow_fhir_end (w);
}

/* <extension url="…"><valueReference>…</valueReference></extension> */
void
marrow_fhir_extension_reference (MarrowFhirWriter *w,
                                 const char       *url,
                                 const char       *uuid)
{
  marrow_fhir_start (w, "extension");
  marrow_fhir_attribute (w, "url", url);
  marrow_fhir_reference (w, "valueReference", uuid);
  marrow_fhir_end (w);
}

static gboolean
round_trips (const char *text,
             double      value)
{
  return g_ascii_strtod (text, NULL) == value;
}

/**
 * marrow_fhir_format_decimal:
 *
 * Scores and measurements are kept in full double precision (domain model
 * 2.2), so the export writes the shortest decimal that reads back as exactly
 * the same double: 75 → "75", 0.1 → "0.1", 100/3 → "33.333333333333336".
 * Plain notation between 1e-4 and 1e15, exponent notation outside it (both
 * are valid FHIR decimals).
 *
 * Returns: (transfer full) (nullable): the text, %NULL for NaN or infinity
 */
char *
marrow_fhir_format_decimal (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  double magnitude = fabs (value);

  if (!isfinite (value))
    return NULL;
  if (value == 0)
    return g_strdup ("0");

  if (magnitude >= 1e-4 && magnitude < 1e15)
    for (int decimals = 0; decimals <= 21; decimals++)
      {
        g_snprintf (format, sizeof format, "%%.%df", decimals);
        g_ascii_formatd (text, sizeof text, format, value);
        if (round_trips (text, value))
          return g_strdup (text);
      }

  for (int digits = 1; digits <= 17; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (text, sizeof text, format, value);
      if (round_trips (text, value))
        break;
    }
  return g_strdup (text);
}

/**
 * marrow_fhir_derive_uuid:
 * @kind: what the resource is ("body-structure", "observation")
 * @id: the UUID of the record it is derived from
 * @key: (nullable): what tells several derived resources apart (a score key)
 *
 * Returns: (transfer full): a version-5 (SHA-1, name-based) UUID of
 *   "@kind/@id[/@key]" in Marrow's name-space, lower case
 */
char *
marrow_fhir_derive_uuid (const char *kind,
                         const char *id,
                         const char *key)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *name = NULL;
  guint8 digest[20];
  gsize length = sizeof digest;
  const guint8 *b = digest;

  name = g_strconcat (kind, "/", id, key != NULL ? "/" : NULL, key, NULL);
  g_checksum_update (sha1, marrow_fhir_namespace, sizeof marrow_fhir_namespace);
  g_checksum_update (sha1, (const guchar *)name, -1);
  g_checksum_get_digest (sha1, digest, &length);

  digest[6] = (digest[6] & 0x0f) | 0x50;   /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/**
 * marrow_fhir_uuid_for:
 * @entity_name: the table of the record
 * @id: the record's id
 *
 * Records are keyed by UUIDs (domain model 2.1), which become the resource
 * id and the urn:uuid: fullUrl.  Should a record ever carry another kind of
 * id, a name-based UUID stands in for it, so the Bundle stays valid and its
 * references still meet.
 *
 * Returns: (transfer full): the UUID for the record, lower case
 */
char *
marrow_fhir_uuid_for (const char *entity_name,
                      const char *id)
{
  if (id != NULL && g_uuid_string_is_valid (id))
    return g_ascii_strdown (id, -1);
  return marrow_fhir_derive_uuid (entity_name, id != NULL ? id : "", NULL);
}
