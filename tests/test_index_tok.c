/*
 * test_index_tok.c: the tokens a worker of `odihrx index` records
 * (cmd/index_tok.c, which remembers the token of each word) against
 * SQLite's tokenizer run over the whole text: the same tokens, flags and
 * byte offsets, in the same order. Checked on words in many scripts, case
 * and width forms, combining marks next to ASCII letters, words around the
 * longest length remembered, every ASCII byte as a separator, and on random
 * texts with more distinct words than the memory holds, so that it is
 * emptied and filled again while a text is tokenized.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "index.h"

/* ------------------------------------------------------------ tokens */

typedef struct token_list {
    ix_buf text; /* the tokens' bytes, NUL after each */
    struct one {
        int flags, start, end;
        size_t at, n;
    } *v;
    size_t len, cap;
} token_list;

static int collect(void *ctx, int flags, const char *token, int n, int start, int end)
{
    token_list *l = ctx;
    if (l->len == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    l->v[l->len++] = (struct one){flags, start, end, l->text.len, (size_t)n};
    odihrx_index_buf_put(&l->text, token, (size_t)n);
    odihrx_index_buf_put(&l->text, "", 1);
    return SQLITE_OK;
}

static void list_free(token_list *l)
{
    odihrx_index_buf_free(&l->text);
    free(l->v);
}

/* SQLite's own tokenizer, as the schema names it, over the whole text. */
static void reference_tokens(const char *text, token_list *out)
{
    static const char *const args[] = {ODIHRX_INDEX_TOKENIZER_ARGV};
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    fts5_api *api = odihrx_index_fts5_api(db);
    assert_non_null(api);
    void *data = NULL;
    fts5_tokenizer impl;
    Fts5Tokenizer *tok = NULL;
    assert_int_equal(api->xFindTokenizer(api, ODIHRX_INDEX_TOKENIZER, &data, &impl), SQLITE_OK);
    assert_int_equal(impl.xCreate(data, (const char **)args, sizeof args / sizeof args[0], &tok),
                     SQLITE_OK);
    assert_int_equal(impl.xTokenize(tok, out, FTS5_TOKENIZE_DOCUMENT, text, (int)strlen(text),
                                    collect),
                     SQLITE_OK);
    impl.xDelete(tok);
    sqlite3_close(db);
}

/* The worker's tokens of text as the text column of one document (and of
 * a heading and a topic, so that columns do not run into each other). */
static void worker_tokens(ix_tokenizer *t, const char *text, token_list *out)
{
    ix_doc doc = {.text = text, .section_heading = "Recommendations", .topic = NULL};
    ix_report r = {.docs = &doc, .ndocs = 1};
    assert_int_equal(odihrx_index_tokenize(t, &r), 0);
    assert_true(r.tokenized);
    assert_true(doc.tok[0] <= doc.tok[1] && doc.tok[1] <= doc.tok[2] && doc.tok[2] <= doc.tok[3]);
    assert_int_equal(odihrx_index_tokens_replay(r.tokens.data + doc.tok[0],
                                                r.tokens.data + doc.tok[1], out, collect),
                     SQLITE_OK);
    token_list heading = {0};
    assert_int_equal(odihrx_index_tokens_replay(r.tokens.data + doc.tok[1],
                                                r.tokens.data + doc.tok[2], &heading, collect),
                     SQLITE_OK);
    assert_int_equal(heading.len, 1);
    assert_string_equal(heading.text.data, "recommend");
    assert_int_equal(heading.v[0].start, 0);
    assert_int_equal(heading.v[0].end, 15);
    assert_int_equal(doc.tok[2], doc.tok[3]); /* no topic, no tokens */
    list_free(&heading);
    odihrx_index_buf_free(&r.tokens);
}

static void same_tokens(ix_tokenizer *t, const char *text)
{
    token_list want = {0}, got = {0};
    reference_tokens(text, &want);
    worker_tokens(t, text, &got);
    for (size_t i = 0; i < want.len && i < got.len; i++) {
        const struct one *a = &want.v[i], *b = &got.v[i];
        if (a->flags != b->flags || a->start != b->start || a->end != b->end || a->n != b->n ||
            memcmp(want.text.data + a->at, got.text.data + b->at, a->n) != 0)
            fail_msg("token %zu: want '%s' %d..%d flags %d, got '%s' %d..%d flags %d", i,
                     want.text.data + a->at, a->start, a->end, a->flags, got.text.data + b->at,
                     b->start, b->end, b->flags);
    }
    assert_int_equal(got.len, want.len);
    list_free(&want);
    list_free(&got);
}

static int setup(void **state)
{
    char msg[256];
    ix_tokenizer *t = NULL;
    if (odihrx_index_tokenizer_new(&t, msg, sizeof msg)) {
        fprintf(stderr, "%s\n", msg);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    odihrx_index_tokenizer_free(*state);
    return 0;
}

/* ------------------------------------------------------------- tests */

static void words_in_many_forms(void **state)
{
    ix_tokenizer *t = *state;
    static const char *const texts[] = {
        "The Law on Peaceful Assemblies restricts peaceful assemblies; ASSEMBLIES, assembly.",
        "Recommendations 7.6 and 24 of the 1990 OSCE Copenhagen Document (paragraph 7.6).",
        "café cafe\xcc\x81 CAFÉ naïve Ærø straße STRASSE İstanbul ǅemal ﬁnancial ＦＵＬＬ",
        "Выборы в Мажилис Казахстана, ЦИК; 選挙 監視; مراقبة الانتخابات; εκλογές",
        "emoji 🗳️ votes 🇰🇿 and a tab\tand\nnewline and NBSP\xc2\xa0here",
        "don't can’t e-mail self-nomination co-operate C++ x86_64 a/b a.b.c 1,000,000 3.14",
        "hyphen‐dash–em—dash minus−sign ‘quotes’ “double” «guillemets» …ellipsis",
        "a ab abc abcd connect connected connecting connection connections relational",
        "generalizations oscillators hopefulness formality sensitivity adjustable",
        /* around the longest word remembered (24 bytes) */
        "abcdefghijklmnopqrstuvw abcdefghijklmnopqrstuvwx abcdefghijklmnopqrstuvwxy "
        "internationalisations counterrevolutionaries antidisestablishmentarianism "
        "pneumonoultramicroscopicsilicovolcanoconiosis",
        "12345678901234567890123 123456789012345678901234 1234567890123456789012345",
        "MiXeD CaSe WORDS Words words wORDS",
        "", " ", "...", "x", "é", "\xcc\x81", "a\xcc\x81", ("\xcc\x81" "a"),
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        same_tokens(t, texts[i]);
}

static void every_ascii_byte_between_words(void **state)
{
    ix_tokenizer *t = *state;
    char text[64];
    for (int c = 1; c < 0x80; c++) {
        snprintf(text, sizeof text, "vote%cCounting%cé%c1990%c", c, c, c, c);
        same_tokens(t, text);
    }
}

/* xorshift: the same texts on every run */
static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_texts_beyond_the_memory(void **state)
{
    ix_tokenizer *t = *state;
    static const char *const pieces[] = {
        "a", "e", "i", "o", "u", "y", "s", "t", "ing", "ed", "ation", "ness", "ly", "ment",
        "IZE", "Al", "9", "0", "é", "ß", "ﬁ", "\xcc\x81", "Ж", "中", " ", " ", " ", " ", ", ",
        ". ", "-", "'", "’", "\t", "\n", "—", "_", "(", ")",
    };
    enum { NPIECES = sizeof pieces / sizeof pieces[0] };
    uint32_t seed = 2463534242u;
    for (int round = 0; round < 40; round++) {
        ix_buf text = {0};
        /* some rounds make most words distinct: more than the memory holds */
        size_t nwords = round % 4 == 0 ? 30000 : 2000;
        for (size_t w = 0; w < nwords; w++) {
            if (round % 4 == 0) {
                char word[16];
                uint32_t r = next_random(&seed);
                snprintf(word, sizeof word, "w%c%c%c%c ", 'a' + r % 26, 'a' + (r >> 5) % 26,
                         'a' + (r >> 10) % 26, 'a' + (r >> 15) % 26);
                odihrx_index_buf_puts(&text, word);
            }
            unsigned len = 1 + next_random(&seed) % 6;
            for (unsigned k = 0; k < len; k++)
                odihrx_index_buf_puts(&text, pieces[next_random(&seed) % NPIECES]);
        }
        assert_false(text.failed);
        same_tokens(t, text.data);
        odihrx_index_buf_free(&text);
    }
}

static void tokens_replay_in_order_across_documents(void **state)
{
    /* a report of several documents: each column's records are its own */
    ix_tokenizer *t = *state;
    ix_doc docs[3] = {
        {.text = "Voter lists were accurate.", .section_heading = "Voter Registration"},
        {.text = "Candidates registered", .topic = "candidate registration"},
        {.text = "registered REGISTERED", .section_heading = NULL},
    };
    ix_report r = {.docs = docs, .ndocs = 3};
    assert_int_equal(odihrx_index_tokenize(t, &r), 0);
    token_list l = {0};
    for (int d = 0; d < 3; d++)
        for (int c = 0; c < ODIHRX_INDEX_FTS_COLUMNS; c++)
            assert_int_equal(odihrx_index_tokens_replay(r.tokens.data + docs[d].tok[c],
                                                        r.tokens.data + docs[d].tok[c + 1], &l,
                                                        collect),
                             SQLITE_OK);
    static const char *const want[] = {"voter", "list", "were", "accur", "voter", "registr",
                                       "candid", "regist", "candid", "registr", "regist",
                                       "regist"};
    assert_int_equal(l.len, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < l.len; i++)
        assert_string_equal(l.text.data + l.v[i].at, want[i]);
    assert_int_equal(l.v[11].start, 11); /* "REGISTERED" in "registered REGISTERED" */
    assert_int_equal(l.v[11].end, 21);
    list_free(&l);
    odihrx_index_buf_free(&r.tokens);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_in_many_forms),
        cmocka_unit_test(every_ascii_byte_between_words),
        cmocka_unit_test(random_texts_beyond_the_memory),
        cmocka_unit_test(tokens_replay_in_order_across_documents),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
