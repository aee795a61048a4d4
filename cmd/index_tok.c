/*
 * index_tok.c: the FTS5 tokens of a report's documents, made by a worker
 * thread so that the single writer only replays them (index_db.c).
 *
 * The tokenizer is SQLite's own, the one the schema names. What a worker
 * adds is memory. unicode61 ends a token at every ASCII byte that is not
 * a token character (UTF-8 puts no ASCII byte inside another character),
 * and porter stems each token alone, so the tokens of a word, a run of
 * bytes between two such separators, depend on the word alone. A worker
 * remembers the token of each word it has met that is one token from its
 * first byte to its last: a report of 20,000 words has a few thousand
 * distinct ones, so most words are looked up instead of folded and stemmed
 * again (on 1000 reports the workers' tokenising fell from 1.15 s to
 * 0.62 s of CPU). Any other word (longer than the memory keeps, or not one
 * token, like "x86_64" or a word that opens with a combining mark) goes
 * to the tokenizer alone, its offsets moved: the same tokens, since the
 * separators around it end tokens whatever comes before or after.
 * Which ASCII bytes are separators is asked of the tokenizer when a
 * worker's copy is created, not assumed; tests/test_index_tok.c checks the
 * tokens against the tokenizer run over the whole text.
 */
#include "index.h"

#include <limits.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tok_args[] = {ODIHRX_INDEX_TOKENIZER_ARGV};
enum { TOK_NARGS = sizeof tok_args / sizeof tok_args[0] };

struct fts5_api *odihrx_index_fts5_api(struct sqlite3 *s)
{
    /* the documented way: SELECT fts5(?1) hands the pointer over */
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

/* ------------------------------------------------------------ records */

/* A recorded token: four varints (flags, start as a zigzag delta from the
 * previous token's start, end - start as zigzag, the token's length n),
 * then the n bytes of the token. Most tokens take 4 header bytes instead of
 * 16 for four int32s: the buffer is a third of the size, which is what the
 * workers spent most of their recording time on (growing it, copying it,
 * faulting its pages in). Zigzag keeps any order of offsets exact. */
enum { VARINT_MAX = 5, TOK_HEAD_MAX = 4 * VARINT_MAX };

static size_t put_varint(unsigned char *p, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static const unsigned char *get_varint(const unsigned char *p, uint32_t *v)
{
    uint32_t r = 0;
    for (unsigned shift = 0;; shift += 7) {
        unsigned char c = *p++;
        r |= (uint32_t)(c & 0x7F) << shift;
        if (!(c & 0x80) || shift >= 28)
            break;
    }
    *v = r;
    return p;
}

static uint32_t zigzag(int64_t v)
{
    return (uint32_t)(v < 0 ? ((uint64_t)(-v) << 1) - 1 : (uint64_t)v << 1);
}

static int32_t unzigzag(uint32_t u)
{
    return (u & 1) ? -(int32_t)(u >> 1) - 1 : (int32_t)(u >> 1);
}

/* Where one column's records go, and the start of the token before. */
typedef struct recorder {
    ix_buf *b;
    int32_t start;
} recorder;

static int record(recorder *rc, int flags, const char *token, int n, int start, int end)
{
    ix_buf *b = rc->b;
    if (n < 0 || (size_t)n > SIZE_MAX - TOK_HEAD_MAX)
        return SQLITE_NOMEM;
    /* the buffer was reserved for the whole report: test before calling */
    if (b->cap - b->len <= TOK_HEAD_MAX + (size_t)n &&
        odihrx_index_buf_reserve(b, TOK_HEAD_MAX + (size_t)n))
        return SQLITE_NOMEM;
    unsigned char *p = (unsigned char *)b->data + b->len, *p0 = p;
    p += put_varint(p, (uint32_t)flags);
    p += put_varint(p, zigzag((int64_t)start - rc->start));
    p += put_varint(p, zigzag((int64_t)end - start));
    p += put_varint(p, (uint32_t)n);
    memcpy(p, token, (size_t)n);
    b->len += (size_t)(p - p0) + (size_t)n;
    b->data[b->len] = '\0';
    rc->start = start;
    return SQLITE_OK;
}

int odihrx_index_tokens_replay(const char *from, const char *to, void *ctx,
                               int (*token)(void *, int, const char *, int, int, int))
{
    const unsigned char *p = (const unsigned char *)from, *end = (const unsigned char *)to;
    int32_t prev = 0;
    while (p < end) {
        uint32_t flags, dstart, dlen, n;
        p = get_varint(p, &flags);
        p = get_varint(p, &dstart);
        p = get_varint(p, &dlen);
        p = get_varint(p, &n);
        int32_t start = prev + unzigzag(dstart);
        int rc = token(ctx, (int)flags, (const char *)p, (int)n, start, start + unzigzag(dlen));
        if (rc != SQLITE_OK)
            return rc;
        prev = start;
        p += n;
    }
    return SQLITE_OK;
}

/* ------------------------------------------------------------- memory */

/* The remembered tokens of words up to WORD_MAX bytes: open addressing
 * over SLOTS slots, at most half of them used. When it is full it is
 * emptied and filled again, so its size stays fixed whatever the input
 * and no lookup costs more than with a fresh table. A word is its key:
 * its bytes in three 64-bit integers, zero after its end (no word holds a
 * NUL, so lengths need no comparing); hashing and comparing three
 * integers took a third of the time of a byte loop and memcmp. */
enum { WORD_MAX = 24, KEY_WORDS = WORD_MAX / 8, SLOTS = 1 << 14, ENTRIES = SLOTS / 2 };

typedef struct word_key {
    uint64_t w[KEY_WORDS];
} word_key;

typedef struct word_entry {
    word_key key;
    uint8_t token_len;
    char token[WORD_MAX];
} word_entry;

struct ix_tokenizer {
    sqlite3 *db; /* in memory, only to reach the built-in tokenizers */
    fts5_tokenizer impl;
    Fts5Tokenizer *tok;
    bool separator[256]; /* the bytes between words */
    uint32_t nentries;
    uint16_t slot[SLOTS]; /* entry index + 1; 0 is empty */
    word_entry entry[ENTRIES];
};

/* What the tokenizer makes of one word: kept when it is one token. */
typedef struct one_token {
    int count, flags, n, start, end;
    char text[WORD_MAX];
} one_token;

static int catch_one(void *ctx, int flags, const char *token, int n, int start, int end)
{
    one_token *o = ctx;
    if (o->count++ == 0) {
        o->flags = flags;
        o->n = n;
        o->start = start;
        o->end = end;
        if (n >= 0 && n <= WORD_MAX)
            memcpy(o->text, token, (size_t)n);
    }
    return SQLITE_OK;
}

/* The ASCII bytes the tokenizer makes no token of when alone: bytes it
 * keeps in a token it keeps alone too (unicode61 asks each byte the same
 * question wherever it stands). */
static int learn_separators(ix_tokenizer *t)
{
    t->separator[0] = true;
    for (int c = 1; c < 0x80; c++) {
        char one = (char)c;
        one_token o = {0};
        if (t->impl.xTokenize(t->tok, &o, FTS5_TOKENIZE_DOCUMENT, &one, 1, catch_one) !=
            SQLITE_OK)
            return -1;
        t->separator[c] = o.count == 0;
    }
    return 0;
}

int odihrx_index_tokenizer_new(ix_tokenizer **out, char *msg, size_t msglen)
{
    void *data = NULL;
    *out = NULL;
    ix_tokenizer *t = calloc(1, sizeof *t);
    if (!t || sqlite3_open_v2(":memory:", &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                              NULL) != SQLITE_OK) {
        snprintf(msg, msglen, "cannot open an in-memory database");
        goto fail;
    }
    fts5_api *api = odihrx_index_fts5_api(t->db);
    if (!api || api->xFindTokenizer(api, ODIHRX_INDEX_TOKENIZER, &data, &t->impl) != SQLITE_OK ||
        t->impl.xCreate(data, (const char **)tok_args, TOK_NARGS, &t->tok) != SQLITE_OK) {
        snprintf(msg, msglen, "no FTS5 tokenizer " ODIHRX_INDEX_TOKENIZER);
        goto fail;
    }
    if (learn_separators(t)) {
        snprintf(msg, msglen, "the FTS5 tokenizer " ODIHRX_INDEX_TOKENIZER " failed");
        goto fail;
    }
    *out = t;
    return 0;
fail:
    odihrx_index_tokenizer_free(t);
    return -1;
}

void odihrx_index_tokenizer_free(ix_tokenizer *t)
{
    if (!t)
        return;
    if (t->tok)
        t->impl.xDelete(t->tok);
    sqlite3_close(t->db);
    free(t);
}

/* The key of word w (n <= WORD_MAX bytes, `room` bytes readable at w). */
static word_key key_of(const char *w, size_t n, size_t room)
{
    word_key k = {{0}};
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (room >= WORD_MAX) {
        /* one fixed-size load, then the bytes after the word cleared */
        memcpy(k.w, w, WORD_MAX);
        for (size_t j = 0; j < KEY_WORDS; j++) {
            size_t left = n > 8 * j ? n - 8 * j : 0;
            if (left < 8)
                k.w[j] &= left ? ~UINT64_C(0) >> (64 - 8 * left) : 0;
        }
        return k;
    }
#endif
    (void)room;
    memcpy(k.w, w, n);
    return k;
}

static size_t slot_of(const word_key *k)
{
    uint64_t h = k->w[0];
    for (size_t j = 1; j < KEY_WORDS; j++)
        h = (h ^ k->w[j]) * UINT64_C(0x9E3779B97F4A7C15);
    h *= UINT64_C(0xFF51AFD7ED558CCD);
    return (size_t)(h >> 50); /* the top 14 bits: SLOTS */
}

/* The slot of key k: its entry's, or the empty one where it would go. */
static uint16_t *find_slot(ix_tokenizer *t, const word_key *k)
{
    for (size_t i = slot_of(k);; i = (i + 1) & (SLOTS - 1)) {
        uint16_t *s = &t->slot[i];
        if (!*s)
            return s;
        const word_key *e = &t->entry[*s - 1].key;
        uint64_t differ = 0;
        for (size_t j = 0; j < KEY_WORDS; j++)
            differ |= e->w[j] ^ k->w[j];
        if (!differ)
            return s;
    }
}

static const word_entry *remember(ix_tokenizer *t, uint16_t *s, const word_key *k,
                                  const one_token *o)
{
    if (t->nentries == ENTRIES) {
        memset(t->slot, 0, sizeof t->slot);
        t->nentries = 0;
        s = find_slot(t, k);
    }
    word_entry *e = &t->entry[t->nentries++];
    e->key = *k;
    e->token_len = (uint8_t)o->n;
    memcpy(e->token, o->text, (size_t)o->n);
    *s = (uint16_t)t->nentries;
    return e;
}

/* The tokenizer over one word at offset `at`, its offsets moved there. */
typedef struct moved {
    recorder *rc;
    int at;
} moved;

static int record_moved(void *ctx, int flags, const char *token, int n, int start, int end)
{
    moved *m = ctx;
    return record(m->rc, flags, token, n, m->at + start, m->at + end);
}

static int tokenize_word(ix_tokenizer *t, recorder *rc, const char *w, size_t n, int at)
{
    moved m = {rc, at};
    return t->impl.xTokenize(t->tok, &m, FTS5_TOKENIZE_DOCUMENT, w, (int)n, record_moved);
}

/* A word (room: bytes readable from w): its remembered token, else the
 * tokenizer's, remembered when it is one token over the whole word. */
static int word(ix_tokenizer *t, recorder *rc, const char *w, size_t n, size_t room, int at)
{
    if (n > WORD_MAX)
        return tokenize_word(t, rc, w, n, at);
    word_key k = key_of(w, n, room);
    uint16_t *s = find_slot(t, &k);
    const word_entry *e = *s ? &t->entry[*s - 1] : NULL;
    if (!e) {
        one_token o = {0};
        int rc2 = t->impl.xTokenize(t->tok, &o, FTS5_TOKENIZE_DOCUMENT, w, (int)n, catch_one);
        if (rc2 != SQLITE_OK)
            return rc2;
        if (o.count != 1 || o.flags || o.start || o.end != (int)n || o.n < 0 || o.n > WORD_MAX)
            return tokenize_word(t, rc, w, n, at);
        e = remember(t, s, &k, &o);
    }
    return record(rc, 0, e->token, e->token_len, at, at + (int)n);
}

static int tokenize_column(ix_tokenizer *t, ix_buf *b, const char *text, size_t n)
{
    const unsigned char *u = (const unsigned char *)text;
    const bool *sep = t->separator;
    recorder rc = {b, 0};
    size_t i = 0;
    for (;;) {
        while (i < n && sep[u[i]])
            i++;
        if (i == n)
            return SQLITE_OK;
        size_t start = i;
        while (i < n && !sep[u[i]])
            i++;
        int r = word(t, &rc, text + start, i - start, n - start, (int)start);
        if (r != SQLITE_OK)
            return r;
    }
}

/* ------------------------------------------------------------ reports */

/* Text bytes of the FTS columns of a report: the records take about as
 * many bytes (a token of 5 to 6 letters and its 4 header bytes stand for
 * about 7 bytes of text), so reserving that once saves most regrowth. */
static size_t fts_text_bytes(const ix_report *r)
{
    size_t total = 0;
    for (size_t i = 0; i < r->ndocs; i++) {
        const ix_doc *d = &r->docs[i];
        const char *col[ODIHRX_INDEX_FTS_COLUMNS] = {d->text, d->section_heading, d->topic};
        for (int c = 0; c < ODIHRX_INDEX_FTS_COLUMNS; c++)
            if (col[c] && total < SIZE_MAX / 4)
                total += strlen(col[c]);
    }
    return total;
}

int odihrx_index_tokenize(ix_tokenizer *t, ix_report *r)
{
    ix_buf *b = &r->tokens;
    if (odihrx_index_buf_reserve(b, fts_text_bytes(r) + 64))
        return -1;
    for (size_t i = 0; i < r->ndocs; i++) {
        ix_doc *d = &r->docs[i];
        const char *col[ODIHRX_INDEX_FTS_COLUMNS] = {d->text, d->section_heading, d->topic};
        for (int c = 0; c < ODIHRX_INDEX_FTS_COLUMNS; c++) {
            d->tok[c] = b->len;
            size_t n = col[c] ? strlen(col[c]) : 0;
            if (n > INT_MAX || (n && tokenize_column(t, b, col[c], n) != SQLITE_OK))
                return -1;
        }
        d->tok[ODIHRX_INDEX_FTS_COLUMNS] = b->len;
    }
    if (b->failed)
        return -1;
    r->tokenized = 1;
    return 0;
}
