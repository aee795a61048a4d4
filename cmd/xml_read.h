/* xml_read.h: XML read from memory for the verbs that take odihrx XML. */
#ifndef ODIHRX_XML_READ_H
#define ODIHRX_XML_READ_H

#include <libxml/tree.h>
#include <stddef.h>

/* Parse data[0..len) without network access, DTD loading or entity
 * expansion (options adds XML_PARSE_* flags). Every libxml2 message of the
 * parse, encoding and I/O errors included, is kept off stderr: on failure
 * returns NULL with "NAME:LINE: not well-formed XML: first problem" in msg. */
xmlDoc *odihrx_cli_read_xml(const char *data, size_t len, const char *name, int options,
                            char *msg, size_t msglen);

#endif
