/*
 * fuzz_convert.c: any bytes through the whole pipeline and back through the
 * schema. The first byte picks the options (format, hashing), the rest is
 * the input. A conversion may report problems, but it must never crash and
 * its XML must always be valid: an invalid output aborts, since it is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "odihrx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static odihrx_grammar *grammar; /* compiled once per process, read-only after */
    if (!grammar && odihrx_grammar_new(NULL, &grammar, NULL, 0) != ODIHRX_OK)
        abort();
    if (size == 0)
        return 0;
    static const odihrx_format formats[] = {ODIHRX_FORMAT_AUTO, ODIHRX_FORMAT_MARKDOWN,
                                            ODIHRX_FORMAT_TEXT, ODIHRX_FORMAT_HTML};
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .format = formats[data[0] & 3],
                          .flags = (data[0] & 4) ? ODIHRX_OPT_NO_HASH : 0,
                          .source_name = "fuzz"};
    odihrx_doc *doc = NULL;
    odihrx_status st = odihrx_doc_parse((const char *)data + 1, size - 1, grammar, &opt, &doc);
    if (st == ODIHRX_OK) {
        odihrx_buf xml = {0};
        if (odihrx_doc_write_xml(doc, &xml) == ODIHRX_OK) {
            char msg[2048];
            if (odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg) != ODIHRX_OK) {
                fprintf(stderr, "invalid output:\n%s\n", msg);
                abort();
            }
        }
        odihrx_buf_free(&xml);
    }
    odihrx_doc_free(doc);
    return 0;
}
