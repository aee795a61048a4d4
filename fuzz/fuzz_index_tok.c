/*
 * fuzz_index_tok.c: the tokens a worker of `odihrx index` records for a
 * text (cmd/index_tok.c, which remembers the token of each word) against
 * SQLite's tokenizer run over the whole text, on arbitrary bytes (up to
 * the first NUL, as a column's text ends there). One tokenizer of each
 * lives for the whole run, so the memory fills, empties and fills again as
 * it would over many reports. Any difference in a token, its flags or its
 * offsets aborts.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A token list, flattened: flags, start, end, length, then the bytes. */
static int append(void *ctx, int flags, const char *token, int n, int start, int end)
{
    ix_buf *b = ctx;
    int head[4] = {flags, start, end, n};
    odihrx_index_buf_put(b, (const char *)head, sizeof head);
    odihrx_index_buf_put(b, token, (size_t)n);
    return SQLITE_OK;
}

typedef struct reference {
    sqlite3 *db;
    fts5_tokenizer impl;
    Fts5Tokenizer *tok;
} reference;

static reference *reference_tokenizer(void)
{
    static reference ref;
    static const char *const args[] = {ODIHRX_INDEX_TOKENIZER_ARGV};
    if (ref.tok)
        return &ref;
    void *data = NULL;
    fts5_api *api = NULL;
    if (sqlite3_open(":memory:", &ref.db) != SQLITE_OK ||
        !(api = odihrx_index_fts5_api(ref.db)) ||
        api->xFindTokenizer(api, ODIHRX_INDEX_TOKENIZER, &data, &ref.impl) != SQLITE_OK ||
        ref.impl.xCreate(data, (const char **)args, sizeof args / sizeof args[0], &ref.tok) !=
            SQLITE_OK)
        abort();
    return &ref;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ix_tokenizer *worker;
    char msg[256];
    if (!worker && odihrx_index_tokenizer_new(&worker, msg, sizeof msg))
        abort();
    reference *ref = reference_tokenizer();

    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t n = strlen(text);

    ix_buf want = {0}, got = {0};
    if (ref->impl.xTokenize(ref->tok, &want, FTS5_TOKENIZE_DOCUMENT, text, (int)n, append) !=
        SQLITE_OK)
        abort();
    ix_doc doc = {.text = text};
    ix_report r = {.docs = &doc, .ndocs = 1};
    if (odihrx_index_tokenize(worker, &r) ||
        odihrx_index_tokens_replay(r.tokens.data + doc.tok[0], r.tokens.data + doc.tok[1], &got,
                                   append) != SQLITE_OK)
        abort();
    if (want.failed || got.failed || want.len != got.len ||
        (want.len && memcmp(want.data, got.data, want.len) != 0))
        abort();
    odihrx_index_buf_free(&want);
    odihrx_index_buf_free(&got);
    odihrx_index_buf_free(&r.tokens);
    free(text);
    return 0;
}
