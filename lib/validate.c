/*
 * validate.c: RELAX NG validation of odihrx XML against the schema built
 * into the library (grammars/odihrx.rng). Network access is disabled for
 * both the schema and the document.
 */
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "grammar.h"

typedef struct errsink {
    char *buf;
    size_t len, used;
    unsigned count;
} errsink;

enum { SHOWN_ERRORS = 20 };

static void sink_printf(errsink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sink_printf(errsink *s, const char *fmt, ...)
{
    if (!s->buf || s->used + 1 >= s->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->buf + s->used, s->len - s->used, fmt, ap);
    va_end(ap);
    if (n > 0)
        s->used += (size_t)n < s->len - s->used ? (size_t)n : s->len - s->used - 1;
}

/* Each problem is one line, "line N: what: message", where what tells a
 * document that is not XML at all from one the schema rejects. */
static void collect(void *ctx, xmlErrorPtr e)
{
    errsink *s = ctx;
    if (e && e->level == XML_ERR_WARNING)
        return;
    if (++s->count > SHOWN_ERRORS)
        return;
    const char *msg = e && e->message ? e->message : "unknown error\n";
    bool schema = e && (e->domain == XML_FROM_RELAXNGV || e->domain == XML_FROM_RELAXNGP ||
                          e->domain == XML_FROM_VALID);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    size_t at = s->used;
    sink_printf(s, "line %d: %s: ", e ? e->line : 0, schema ? "schema" : "not well-formed");
    /* libxml2 continues some messages on a second line ("Bytes: 0xFF") */
    for (const char *end = msg + n; msg < end;) {
        const char *eol = memchr(msg, '\n', (size_t)(end - msg));
        const char *stop = eol ? eol : end;
        sink_printf(s, "%.*s%s", (int)(stop - msg), msg, eol ? "; " : "");
        msg = eol ? eol + 1 : end;
    }
    sink_printf(s, "\n");
    /* the encoding converter reports one failure several times over */
    if (s->buf && at > 0 && s->used - at <= at && s->buf[s->used - 1] == '\n') {
        size_t len = s->used - at, prev = at - 1;
        while (prev > 0 && s->buf[prev - 1] != '\n')
            prev--;
        if (at - prev == len && memcmp(s->buf + prev, s->buf + at, len) == 0) {
            s->used = at;
            s->buf[at] = '\0';
            s->count--;
        }
    }
}

const char *odihrx_schema_rng(void)
{
    for (size_t i = 0; i < odihrx_builtin_file_count; i++)
        if (strcmp(odihrx_builtin_files[i].name, "odihrx.rng") == 0)
            return odihrx_builtin_files[i].data;
    return "";
}

odihrx_status odihrx_validate_xml(const char *data, size_t len, char *errbuf, size_t errlen)
{
    errsink sink = {.buf = errbuf, .len = errlen};
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (len > INT32_MAX)
        return ODIHRX_ERR_LIMIT;
    odihrx_status st = ODIHRX_OK;
    xmlDocPtr doc = NULL;
    xmlRelaxNGParserCtxtPtr pctx = NULL;
    xmlRelaxNGPtr schema = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    const char *rng = odihrx_schema_rng();
    pctx = xmlRelaxNGNewMemParserCtxt(rng, (int)strlen(rng));
    if (!pctx) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    xmlRelaxNGSetParserStructuredErrors(pctx, collect, &sink);
    schema = xmlRelaxNGParse(pctx);
    if (!schema) {
        st = ODIHRX_ERR_XML;
        goto abort;
    }
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    /* Encoding and I/O errors bypass the parser context's handlers and
     * went to stderr: the (thread-local) structured handler takes them
     * for the parse, and the caller's handler comes back after it. */
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&sink, collect);
    doc = xmlCtxtReadMemory(parser, data, (int)len, "document.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOWARNING);
    xmlFreeParserCtxt(parser);
    if (!doc || sink.count) {
        if (!sink.count)
            collect(&sink, NULL);
        st = ODIHRX_ERR_INVALID;
    } else if (!(vctx = xmlRelaxNGNewValidCtxt(schema))) {
        st = ODIHRX_ERR_NOMEM;
    } else {
        /* the ID/IDREF check reports through the thread's handler too */
        xmlRelaxNGSetValidStructuredErrors(vctx, collect, &sink);
        if (xmlRelaxNGValidateDoc(vctx, doc) != 0)
            st = ODIHRX_ERR_INVALID;
    }
    xmlSetStructuredErrorFunc(saved_ctx, saved);
abort:
    if (sink.count > SHOWN_ERRORS)
        sink_printf(&sink, "%u more problems not shown\n", sink.count - SHOWN_ERRORS);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlFreeDoc(doc);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctx);
    return st;
}
