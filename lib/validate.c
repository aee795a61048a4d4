/*
 * validate.c: RELAX NG validation of odihrx XML against the schema built
 * into the library (grammars/odihrx.rng). Network access is disabled for
 * both the schema and the document.
 */
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "grammar.h"

typedef struct errsink {
    char *buf;
    size_t len, used;
    unsigned count;
} errsink;

static void collect(void *ctx, xmlErrorPtr e)
{
    errsink *s = ctx;
    s->count++;
    if (!s->buf || s->used + 1 >= s->len || s->count > 20)
        return;
    const char *msg = e && e->message ? e->message : "unknown error\n";
    int n = snprintf(s->buf + s->used, s->len - s->used, "line %d: %s", e ? e->line : 0, msg);
    if (n > 0)
        s->used += (size_t)n < s->len - s->used ? (size_t)n : s->len - s->used - 1;
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
    xmlSetStructuredErrorFunc(NULL, NULL);
    doc = xmlCtxtReadMemory(parser, data, (int)len, "document.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        xmlErrorPtr e = xmlCtxtGetLastError(parser);
        collect(&sink, e);
        xmlFreeParserCtxt(parser);
        st = ODIHRX_ERR_INVALID;
        goto abort;
    }
    xmlFreeParserCtxt(parser);
    vctx = xmlRelaxNGNewValidCtxt(schema);
    if (!vctx) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    xmlRelaxNGSetValidStructuredErrors(vctx, collect, &sink);
    if (xmlRelaxNGValidateDoc(vctx, doc) != 0)
        st = ODIHRX_ERR_INVALID;
abort:
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlFreeDoc(doc);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctx);
    return st;
}
