/*
 * fuzz_grammar.c: arbitrary bytes as a grammar file. The first byte picks
 * which file of the grammar directory they replace; loading must succeed or
 * fail with a message, never crash. The directory is made once per process.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "odihrx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64];
    static const char *const files[] = {"structure.pcre", "citations.pcre", "kinds.tsv",
                                        "countries.tsv",  "instruments.tsv", "copenhagen.tsv",
                                        "topics.tsv"};
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/odihrx-fuzz-grammar-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    if (size == 0)
        return 0;
    const char *name = files[data[0] % (sizeof files / sizeof files[0])];
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    odihrx_grammar *g = NULL;
    char msg[512];
    odihrx_status st = odihrx_grammar_new(dir, &g, msg, sizeof msg);
    if (st == ODIHRX_OK) {
        /* a grammar that loads must convert a small report */
        static const char in[] = "## I. RECOMMENDATIONS\n\n1. Paragraph 7.6 of the 1990 OSCE "
                                 "Copenhagen Document.\n";
        odihrx_doc *doc = NULL;
        odihrx_doc_parse(in, sizeof in - 1, g, NULL, &doc);
        odihrx_doc_free(doc);
    } else if (!msg[0] && st != ODIHRX_ERR_NOMEM) {
        abort(); /* a refusal must say why */
    }
    odihrx_grammar_free(g);
    unlink(path);
    return 0;
}
