/* marrow-safe-xml-reader.h: hostile-proof XML, streamed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libxml/xmlreader.h>

#include "marrow-safe-xml.h"

G_BEGIN_DECLS

typedef struct _MarrowXmlReader MarrowXmlReader;

MarrowXmlReader *marrow_xml_reader_new            (GInputStream           *in,
                                                   const char             *name,
                                                   const MarrowXmlLimits  *limits,
                                                   xmlSchema              *schema,
                                                   GCancellable           *cancellable,
                                                   GError                **error);
void             marrow_xml_reader_free           (MarrowXmlReader        *self);
int              marrow_xml_reader_next           (MarrowXmlReader        *self,
                                                   GError                **error);
xmlTextReader   *marrow_xml_reader_get_reader     (MarrowXmlReader        *self);
int              marrow_xml_reader_get_line       (MarrowXmlReader        *self);
guint64          marrow_xml_reader_get_bytes_read (MarrowXmlReader        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MarrowXmlReader, marrow_xml_reader_free)

G_END_DECLS
