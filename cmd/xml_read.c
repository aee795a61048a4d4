/*
 * xml_read.c: odihrx XML read back by diff and index. libxml2 reports
 * encoding and I/O failures through its global handlers, around the parser
 * context's own; they reached stderr as "encoding error : ..." lines
 * without the file's name. The thread's structured handler takes them for
 * the length of one parse, and the first problem, usually the cause of
 * the rest, is the message.
 */
#include "xml_read.h"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct first_error {
    char text[512];
    int line;
    unsigned count;
} first_error;

static void keep_first(void *ctx, xmlErrorPtr e)
{
    first_error *f = ctx;
    if (!e || e->level < XML_ERR_ERROR || f->count++)
        return;
    const char *m = e->message ? e->message : "parse error";
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    if (n >= sizeof f->text)
        n = sizeof f->text - 1;
    /* libxml2 continues some messages on a second line ("Bytes: 0xFF") */
    for (size_t k = 0; k < n; k++)
        f->text[k] = m[k] == '\n' ? ' ' : m[k];
    f->text[n] = '\0';
    f->line = e->line;
}

xmlDoc *odihrx_cli_read_xml(const char *data, size_t len, const char *name, int options,
                            char *msg, size_t msglen)
{
    if (len > (size_t)INT32_MAX) { /* libxml2 takes the length as an int */
        snprintf(msg, msglen, "%s: XML larger than 2 GiB", name);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        snprintf(msg, msglen, "%s: out of memory", name);
        return NULL;
    }
    first_error first = {.line = 0};
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&first, keep_first);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
                                    options | XML_PARSE_NONET | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    xmlFreeParserCtxt(ctxt);
    if (doc)
        return doc;
    if (!first.count)
        snprintf(msg, msglen, "%s: not well-formed XML", name);
    else if (first.line > 0)
        snprintf(msg, msglen, "%s:%d: not well-formed XML: %s", name, first.line, first.text);
    else
        snprintf(msg, msglen, "%s: not well-formed XML: %s", name, first.text);
    return NULL;
}
