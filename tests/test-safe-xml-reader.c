/* test-safe-xml-reader.c: the streaming reader's guard, at every chunk size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader refuses DOCTYPE and entity declarations and NUL bytes as the
 * bytes arrive, chunk by chunk, before libxml2 parses them.  A declaration
 * may straddle two chunks, so these tests feed documents through a stream
 * that hands out at most N bytes per read, for N from 1 up, and check that
 * every refusal happens and names the right line, and that harmless "<!"
 * (comments, CDATA) and "!" in text pass.
 */
#include "config.h"

#include <string.h>

#include "marrow-safe-xml-reader.h"

/* A GInputStream that returns at most @chunk bytes per read */
#define TEST_TYPE_TRICKLE_STREAM (test_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, TEST, TRICKLE_STREAM, GInputStream)

struct _TestTrickleStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  gsize         chunk;
};

G_DEFINE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
test_trickle_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (stream);
  gsize size = g_bytes_get_size (self->bytes);
  gsize n = MIN (MIN (count, self->chunk), size - self->pos);

  memcpy (buffer, (const char *)g_bytes_get_data (self->bytes, NULL) + self->pos, n);
  self->pos += n;
  return (gssize)n;
}

static gboolean
test_trickle_stream_close (GInputStream  *stream,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return TRUE;
}

static void
test_trickle_stream_finalize (GObject *object)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (test_trickle_stream_parent_class)->finalize (object);
}

static void
test_trickle_stream_class_init (TestTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_trickle_stream_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = test_trickle_stream_close;
}

static void
test_trickle_stream_init (TestTrickleStream *self)
{
}

static GInputStream *
trickle_new (const char *text,
             gsize       len,
             gsize       chunk)
{
  TestTrickleStream *self = g_object_new (TEST_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_new (text, len);
  self->chunk = chunk;
  return G_INPUT_STREAM (self);
}

/* Reads the whole document; returns the error, or NULL when it was read */
static GError *
read_all (const char *text,
          gsize       len,
          gsize       chunk)
{
  static const MarrowXmlLimits limits = { 1 << 20, 64, 100000 };
  g_autoptr(GInputStream) in = trickle_new (text, len, chunk);
  g_autoptr(MarrowXmlReader) reader = NULL;
  GError *error = NULL;
  int rc;

  reader = marrow_xml_reader_new (in, "t.xml", &limits, NULL, NULL, &error);
  if (reader == NULL)
    return error;
  while ((rc = marrow_xml_reader_next (reader, &error)) == 1)
    ;
  return error;
}

/* 300 bytes of harmless lines first, so that the declaration comes after
 * the reader's 256-byte look-ahead, in the chunked part of the stream */
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n"                 /* lines 1-2 */
#define FILL "<b>Hello! <![CDATA[x < y]]> <!-- a comment! --></b>\n"           /* 53 bytes */
#define FILL6 FILL FILL FILL FILL FILL FILL                                      /* lines 3-8 */

static const struct
{
  const char *name;
  const char *text;
  gsize       len;        /* 0: strlen */
  const char *message;    /* NULL: accepted */
} documents[] = {
  { "harmless", HEAD FILL6 "</a>\n", 0, NULL },
  { "doctype", HEAD FILL6 "<!DOCTYPE a [<!ENTITY x \"y\">]>\n</a>\n", 0,
    "t.xml:9: a DOCTYPE or entity declaration is not allowed" },
  { "entity", HEAD FILL6 "\n<!ENTITY x \"y\">\n</a>\n", 0,
    "t.xml:10: a DOCTYPE or entity declaration is not allowed" },
  { "nul", HEAD FILL6 "\n\n<b>x\0y</b>\n</a>\n", sizeof (HEAD FILL6 "\n\n<b>x\0y</b>\n</a>\n") - 1,
    "t.xml:11: the file contains NUL bytes; it is not a text file" },
};

static void
test_chunks (void)
{
  static const gsize chunks[] = { 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 17, 31, 64, 4096 };

  for (guint d = 0; d < G_N_ELEMENTS (documents); d++)
    for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
      {
        gsize len = documents[d].len ? documents[d].len : strlen (documents[d].text);
        g_autoptr(GError) error = read_all (documents[d].text, len, chunks[c]);

        g_test_message ("%s, chunks of %" G_GSIZE_FORMAT ": %s", documents[d].name, chunks[c],
                        error ? error->message : "read");
        if (documents[d].message == NULL)
          g_assert_no_error (error);
        else
          {
            g_assert_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_REFUSED);
            g_assert_cmpstr (error->message, ==, documents[d].message);
          }
      }
}

/* A declaration at every offset across a chunk seam */
static void
test_seams (void)
{
  for (gsize pad = 0; pad < 24; pad++)
    {
      g_autofree char *spaces = g_strnfill (pad, ' ');
      g_autofree char *text = g_strconcat (HEAD FILL6, spaces, "<!DOCTYPE a>\n</a>\n", NULL);
      g_autoptr(GError) error = read_all (text, strlen (text), 16);

      g_assert_error (error, MARROW_XML_ERROR, MARROW_XML_ERROR_REFUSED);
      g_assert_cmpstr (error->message, ==, "t.xml:9: a DOCTYPE or entity declaration is not allowed");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/safe-xml-reader/chunks", test_chunks);
  g_test_add_func ("/safe-xml-reader/seams", test_seams);

  return g_test_run ();
}
