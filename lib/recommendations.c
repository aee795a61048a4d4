/*
 * recommendations.c: stage 5. The numbered recommendations of the
 * RECOMMENDATIONS chapter, with priority and topic; for each, the body
 * paragraph holding its italic copy, found by comparing normalised text
 * (italics are lost in plain-text conversions, so markup only breaks ties);
 * and what ODIHR says about the follow-up of earlier reports.
 * Reads: sections, blocks. Writes: doc->recs, doc->priors, block flags.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"
#include "fnv.h"
#include "grammar.h"
#include "odihrx_limits.h"

enum { KEY_BYTES = 64 };

/* Case-folded letters and digits, one space between words. At most max
 * bytes are written (max 0: no bound). */
static odihrx_status normalise(const char *s, size_t n, odihrx_buf *out, size_t max)
{
    odihrx_buf_clear(out);
    /* ASCII output never outgrows the input it comes from: room for the
     * rest of the input is kept, and ASCII is written without checks */
    if (odihrx_buf_reserve(out, n + 1))
        return ODIHRX_ERR_NOMEM;
    bool space = false;
    size_t k = 0;
    while (k < n && (max == 0 || out->size < max)) {
        unsigned char c = (unsigned char)s[k];
        if (c < 0x80) { /* ASCII, most of the text: no table lookups */
            k++;
            bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
            /* a hyphen joins: text from PDFs has compounds broken at a
             * line end with the hyphen lost ("Internetbased") */
            if (c == '-')
                continue;
            if (!alnum) {
                space = out->size > 0;
                continue;
            }
            if (space)
                out->data[out->size++] = ' ';
            space = false;
            out->data[out->size++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + k,
                                                (utf8proc_ssize_t)(n - k), &cp);
        if (len <= 0) {
            k++;
            continue;
        }
        k += (size_t)len;
        if (cp == 0xAD || cp == 0x2010 || cp == 0x2011) /* soft, Unicode hyphens */
            continue;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (!word) {
            space = out->size > 0;
            continue;
        }
        if (space && odihrx_buf_putc(out, ' '))
            return ODIHRX_ERR_NOMEM;
        space = false;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        /* a lower case may take more bytes than its capital: room again */
        if (odihrx_buf_append(out, (const char *)enc, (size_t)el) ||
            odihrx_buf_reserve(out, n - k + 1))
            return ODIHRX_ERR_NOMEM;
    }
    out->data[out->size] = '\0';
    return ODIHRX_OK;
}

/* Whether w[0..wn) occurs in s[0..n) (block texts are not C strings;
 * memmem is not in C11 or POSIX). */
static bool contains(const char *s, size_t n, const char *w, size_t wn)
{
    for (const char *p = s; n - (size_t)(p - s) >= wn;) {
        p = memchr(p, w[0], n - (size_t)(p - s) - wn + 1);
        if (!p)
            return false;
        if (memcmp(p, w, wn) == 0)
            return true;
        p++;
    }
    return false;
}

/* Does a subsection's title name recommendations ("OTHER
 * RECOMMENDATIONS", "Рекомендации") rather than a topic? */
static bool names_recommendations(const char *title)
{
    static const char word[] = "recommendation";
    size_t n = strlen(title), wn = sizeof word - 1;
    for (size_t k = 0; k + wn <= n; k++)
        if (strncasecmp(title + k, word, wn) == 0)
            return true;
    return contains(title, n, "екомендац", sizeof "екомендац" - 1);
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = ODIHRX_FNV1A_START;
    for (size_t k = 0; k < n; k++)
        h = odihrx_fnv1a(h, (unsigned char)s[k]);
    return h;
}

/* ------------------------------------------------------------ the list */

static odihrx_status find_section(odihrx_doc *doc, const odihrx_grammar *g)
{
    for (uint32_t s = 0; s < doc->nsections; s++) {
        const odihrx_section *sec = &doc->sections[s];
        if (sec->depth != 0)
            continue;
        if (odihrx_match(doc, g->pat[ODIHRX_PAT_RECS_SECTION], sec->title, strlen(sec->title), 0,
                         doc->blocks[sec->heading].line) > 0)
            doc->rec_section = s;
    }
    return ODIHRX_OK;
}

/* News items list "Key recommendations include:" and bullets: those are
 * the document's recommendations, numbered in order, priority "key". */
static odihrx_status key_recommendations(odihrx_doc *doc, const odihrx_grammar *g)
{
    const pcre2_code *re = g->pat[ODIHRX_PAT_KEY_RECOMMENDATIONS];
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if ((b->kind != ODIHRX_BLOCK_PARA && b->kind != ODIHRX_BLOCK_HEADING) || b->len > 200 ||
            odihrx_match(doc, re, b->text, b->len, 0, b->line) <= 0)
            continue;
        uint32_t n = 0;
        for (uint32_t j = i + 1; j < doc->nblocks && doc->blocks[j].kind == ODIHRX_BLOCK_LIST_ITEM;
             j++) {
            odihrx_status st = odihrx_vec_grow((void **)&doc->recs, &doc->nrecs, &doc->cap_recs,
                                               sizeof *doc->recs, ODIHRX_MAX_RECOMMENDATIONS);
            if (st == ODIHRX_ERR_LIMIT)
                return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-recommendations",
                                       doc->blocks[j].line,
                                       "more than %u recommendations; the rest are not listed",
                                       ODIHRX_MAX_RECOMMENDATIONS);
            if (st)
                return st;
            doc->blocks[j].flags |= ODIHRX_BF_RECOMMENDATION;
            doc->recs[doc->nrecs++] = (odihrx_recommendation){
                .n = ++n, .block = j, .more_end = j + 1, .key = true, .inline_block = ODIHRX_NONE};
        }
        if (n)
            return ODIHRX_OK;
    }
    return ODIHRX_OK;
}

/* A topic subheading that plain text (pdftotext) gives as a paragraph: one
 * short line, no sentence end, right before a numbered item. */
static bool topic_line(const odihrx_doc *doc, uint32_t i, uint32_t end)
{
    const odihrx_block *b = &doc->blocks[i];
    if (b->kind != ODIHRX_BLOCK_PARA || b->line != b->line_last || b->len == 0 || b->len > 80 ||
        i + 1 >= end)
        return false;
    char last = b->text[b->len - 1];
    unsigned char first = (unsigned char)b->text[0];
    const odihrx_block *next = &doc->blocks[i + 1];
    return !strchr(".,;:!?", last) && ((first >= 'A' && first <= 'Z') || first >= 0xC0) &&
           next->kind == ODIHRX_BLOCK_LIST_ITEM && next->number != 0 &&
           !(next->flags & ODIHRX_BF_BULLET);
}

static odihrx_status collect(odihrx_doc *doc, const odihrx_grammar *g)
{
    if (doc->rec_section == ODIHRX_NONE)
        return key_recommendations(doc, g);
    const odihrx_section *sec = &doc->sections[doc->rec_section];
    bool priority = false;
    const char *topic = NULL;
    uint32_t expect = 1;
    /* Paragraphs right after an item go on with it ("Such publication
     * should ..."); after the last item they may be the chapter's closing
     * words, so they count only once another item comes (a subheading may
     * stand between: the paragraphs after it are its own). */
    uint32_t more_end = ODIHRX_NONE;
    bool going_on = false;
    for (uint32_t i = sec->heading + 1; i < sec->block_end; i++) {
        odihrx_block *b = &doc->blocks[i];
        if (going_on && odihrx_rec_goes_on(doc, i) && !topic_line(doc, i, sec->block_end)) {
            more_end = i + 1;
            continue;
        }
        if (b->kind == ODIHRX_BLOCK_FOOTNOTE || (b->flags & ODIHRX_BF_FURNITURE))
            continue; /* a page's foot between an item and its next page */
        going_on = false;
        if (b->kind == ODIHRX_BLOCK_HEADING) {
            if (b->flags & ODIHRX_BF_SECTION) {
                const odihrx_section *sub = &doc->sections[b->section];
                priority = odihrx_match(doc, g->pat[ODIHRX_PAT_RECS_PRIORITY], sub->title,
                                        strlen(sub->title), 0, b->line) > 0;
                /* "B. OTHER RECOMMENDATIONS" parts the list; "A. Legal
                 * Framework" (reports without the priority split) names
                 * the topic of the items under it */
                topic = priority || names_recommendations(sub->title) ? NULL : sub->title;
            } else {
                /* a C string: block texts may be borrowed, unterminated */
                topic = odihrx_arena_strndup(&doc->arena, b->text, b->len);
                if (!topic)
                    return ODIHRX_ERR_NOMEM;
            }
            continue;
        }
        if (topic_line(doc, i, sec->block_end)) {
            topic = odihrx_arena_strndup(&doc->arena, b->text, b->len);
            if (!topic)
                return ODIHRX_ERR_NOMEM;
            continue;
        }
        if (b->kind != ODIHRX_BLOCK_LIST_ITEM || (b->flags & ODIHRX_BF_BULLET) || b->number == 0)
            continue;
        odihrx_status st = odihrx_vec_grow((void **)&doc->recs, &doc->nrecs, &doc->cap_recs,
                                           sizeof *doc->recs, ODIHRX_MAX_RECOMMENDATIONS);
        if (st == ODIHRX_ERR_LIMIT)
            return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-recommendations", b->line,
                                   "more than %u recommendations; the rest are not listed",
                                   ODIHRX_MAX_RECOMMENDATIONS);
        if (st)
            return st;
        if (b->number != expect) {
            st = odihrx_diag_add(doc, ODIHRX_WARNING, "recommendation-order", b->line,
                                 "recommendation %u follows recommendation %u", b->number,
                                 expect - 1);
            if (st)
                return st;
        }
        expect = b->number + 1;
        b->flags |= ODIHRX_BF_RECOMMENDATION;
        if (more_end != ODIHRX_NONE && doc->nrecs)
            doc->recs[doc->nrecs - 1].more_end = more_end;
        more_end = i + 1;
        going_on = true;
        doc->recs[doc->nrecs++] = (odihrx_recommendation){
            .n = b->number, .block = i, .more_end = i + 1, .priority = priority, .topic = topic,
            .inline_block = ODIHRX_NONE};
    }
    if (doc->nrecs == 0)
        return odihrx_diag_add(doc, ODIHRX_WARNING, "recommendations-none",
                               doc->blocks[sec->heading].line,
                               "the recommendations chapter holds no numbered list");
    return ODIHRX_OK;
}

/* ------------------------------------------------------ inline copies */

typedef struct rec_index {
    uint64_t *key;  /* hash of the first KEY_BYTES normalised bytes */
    uint32_t *slot; /* open addressing: rec index + 1, 0 = empty */
    uint32_t cap;
    char **norm; /* full normalised text per rec */
    size_t *norm_len;
} rec_index;

static bool in_rec_section(const odihrx_doc *doc, uint32_t block)
{
    if (doc->rec_section == ODIHRX_NONE)
        return false;
    const odihrx_section *s = &doc->sections[doc->rec_section];
    return block >= s->heading && block < s->block_end;
}

/* A paragraph of the body outside the recommendations chapter, where a
 * copy may stand: not furniture, which is not written. */
static bool copy_candidate(const odihrx_doc *doc, uint32_t block)
{
    const odihrx_block *b = &doc->blocks[block];
    return b->kind == ODIHRX_BLOCK_PARA && !(b->flags & ODIHRX_BF_FURNITURE) &&
           !in_rec_section(doc, block);
}

/* Same text, or one a prefix of the other covering most of it (a copy
 * with a trailing sentence added or lost). */
static bool texts_match(const char *a, size_t an, const char *b, size_t bn)
{
    size_t m = an < bn ? an : bn, mx = an < bn ? bn : an;
    if (memcmp(a, b, m) != 0)
        return false;
    return m == mx || m * 10 >= mx * 7;
}

static odihrx_status index_recs(odihrx_doc *doc, rec_index *ix, odihrx_buf *tmp)
{
    uint32_t cap = 16;
    while (cap < doc->nrecs * 2 + 2)
        cap *= 2;
    ix->cap = cap;
    ix->slot = odihrx_arena_calloc(&doc->arena, cap, sizeof *ix->slot);
    ix->key = odihrx_arena_calloc(&doc->arena, cap, sizeof *ix->key);
    ix->norm = odihrx_arena_calloc(&doc->arena, doc->nrecs + 1, sizeof *ix->norm);
    ix->norm_len = odihrx_arena_calloc(&doc->arena, doc->nrecs + 1, sizeof *ix->norm_len);
    if (!ix->slot || !ix->key || !ix->norm || !ix->norm_len)
        return ODIHRX_ERR_NOMEM;
    for (uint32_t r = 0; r < doc->nrecs; r++) {
        const odihrx_block *b = &doc->blocks[doc->recs[r].block];
        if (normalise(b->text, b->len, tmp, 0))
            return ODIHRX_ERR_NOMEM;
        ix->norm[r] = odihrx_arena_strndup(&doc->arena, tmp->data, tmp->size);
        if (!ix->norm[r])
            return ODIHRX_ERR_NOMEM;
        ix->norm_len[r] = tmp->size;
        size_t kl = tmp->size < KEY_BYTES ? tmp->size : KEY_BYTES;
        uint64_t h = hash_bytes(tmp->data, kl);
        uint32_t i = (uint32_t)h & (cap - 1);
        while (ix->slot[i])
            i = (i + 1) & (cap - 1);
        ix->slot[i] = r + 1;
        ix->key[i] = h;
    }
    return ODIHRX_OK;
}

static bool better_copy(const odihrx_doc *doc, uint32_t current, uint32_t candidate)
{
    if (current == ODIHRX_NONE)
        return true;
    bool ci = doc->blocks[current].flags & ODIHRX_BF_ITALIC;
    bool ni = doc->blocks[candidate].flags & ODIHRX_BF_ITALIC;
    return ni && !ci;
}

static odihrx_status exact_copies(odihrx_doc *doc, rec_index *ix, odihrx_buf *tmp)
{
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (!copy_candidate(doc, i))
            continue;
        /* Only the first KEY_BYTES are needed to look the paragraph up; the
         * whole text is normalised for the few that hit. */
        if (normalise(b->text, b->len, tmp, KEY_BYTES))
            return ODIHRX_ERR_NOMEM;
        size_t kl = tmp->size < KEY_BYTES ? tmp->size : KEY_BYTES;
        uint64_t h = hash_bytes(tmp->data, kl);
        bool full = false;
        for (uint32_t s = (uint32_t)h & (ix->cap - 1); ix->slot[s]; s = (s + 1) & (ix->cap - 1)) {
            if (ix->key[s] != h)
                continue;
            if (!full && normalise(b->text, b->len, tmp, 0))
                return ODIHRX_ERR_NOMEM;
            full = true;
            uint32_t r = ix->slot[s] - 1;
            if (texts_match(ix->norm[r], ix->norm_len[r], tmp->data, tmp->size) &&
                better_copy(doc, doc->recs[r].inline_block, i))
                doc->recs[r].inline_block = i;
        }
    }
    return ODIHRX_OK;
}

/* The sentence of block b that starts at `from`: where it ends (*end, after
 * its full stop) and where the next one starts (returned), by the
 * grammar's sentence-end pattern; b->len for both past the last one. */
static size_t next_sentence(odihrx_doc *doc, const odihrx_grammar *g, const odihrx_block *b,
                            size_t from, size_t *end)
{
    const pcre2_code *re = g->pat[ODIHRX_PAT_SENTENCE_END];
    *end = b->len;
    if (odihrx_match(doc, re, b->text, b->len, from, b->line) <= 0)
        return b->len;
    size_t a, e;
    odihrx_group(doc, re, NULL, 0, &a, &e);
    *end = a + 1;
    return e > from ? e : from + 1;
}

/* The normalised text of blocks[i] from byte `off`, and of the paragraphs
 * after it while the text so far is a proper prefix of want[0..wn): a
 * copy that a page break or a lost line end split in two. No more is read
 * than texts_match can accept (want plus three sevenths). */
static odihrx_status continued_text(odihrx_doc *doc, uint32_t i, size_t off, const char *want,
                                    size_t wn, odihrx_buf *out, odihrx_buf *part)
{
    const odihrx_block *b = &doc->blocks[i];
    size_t most = wn + wn * 3 / 7 + 1;
    odihrx_status st = normalise(b->text + off, b->len - off, out, most);
    for (uint32_t j = i + 1; !st && j < doc->nblocks && out->size < wn; j++) {
        const odihrx_block *next = &doc->blocks[j];
        if (!copy_candidate(doc, j) || next->section != b->section ||
            memcmp(out->data, want, out->size) != 0 || want[out->size] != ' ')
            break;
        if ((st = normalise(next->text, next->len, part, most - out->size)))
            break;
        if (odihrx_buf_putc(out, ' ') || odihrx_buf_append(out, part->data, part->size))
            st = ODIHRX_ERR_NOMEM;
    }
    return st;
}

/* Are the whole sentences of block b from `off` the recommendation want,
 * with more text after them? A copy whose paragraph break the converter
 * lost (PDFs of word processors set paragraphs with no space between
 * them), so that the body's next paragraph runs on after it. */
static odihrx_status sentences_match(odihrx_doc *doc, const odihrx_grammar *g,
                                     const odihrx_block *b, size_t off, const char *want,
                                     size_t wn, odihrx_buf *tmp, bool *match)
{
    enum { MAX_SENTENCES = 16 };
    *match = false;
    size_t at = off, end;
    for (int k = 0; k < MAX_SENTENCES && at < b->len; k++) {
        at = next_sentence(doc, g, b, at, &end);
        if (at >= b->len)
            break; /* no text after it: texts_match has judged this */
        if (normalise(b->text + off, end - off, tmp, wn + 1))
            return ODIHRX_ERR_NOMEM;
        if (tmp->size >= wn) {
            *match = tmp->size == wn && memcmp(tmp->data, want, wn) == 0;
            break;
        }
    }
    return ODIHRX_OK;
}

/* Copies not standing as paragraphs of their own, in text with no italics
 * to tell them (pdftotext): one that starts in the middle of a paragraph
 * (joined to the text before it) or goes on in the next paragraph. Tried
 * at every sentence start, looked up by its first KEY_BYTES; only for the
 * recommendations the exact pass left without a copy. */
static odihrx_status split_or_joined_copies(odihrx_doc *doc, const odihrx_grammar *g,
                                            rec_index *ix, odihrx_buf *tmp, odihrx_buf *part)
{
    /* each recommendation is compared in full a few times at most: text
     * repeating its first words over and over stays linear */
    enum { MAX_TRIES = 8 };
    uint32_t missing = 0;
    for (uint32_t r = 0; r < doc->nrecs; r++)
        missing += doc->recs[r].inline_block == ODIHRX_NONE;
    if (missing == 0) /* every sentence would be looked up for nothing */
        return ODIHRX_OK;
    uint8_t *tries = odihrx_arena_calloc(&doc->arena, doc->nrecs + 1, 1);
    if (!tries)
        return ODIHRX_ERR_NOMEM;
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (!copy_candidate(doc, i))
            continue;
        size_t end;
        for (size_t off = 0; off < b->len; off = next_sentence(doc, g, b, off, &end)) {
            if (normalise(b->text + off, b->len - off, tmp, KEY_BYTES))
                return ODIHRX_ERR_NOMEM;
            size_t kl = tmp->size < KEY_BYTES ? tmp->size : KEY_BYTES;
            uint64_t h = hash_bytes(tmp->data, kl);
            for (uint32_t s = (uint32_t)h & (ix->cap - 1); ix->slot[s];
                 s = (s + 1) & (ix->cap - 1)) {
                uint32_t r = ix->slot[s] - 1;
                if (ix->key[s] != h || doc->recs[r].inline_block != ODIHRX_NONE ||
                    tries[r] == MAX_TRIES)
                    continue;
                tries[r]++;
                odihrx_status st =
                    continued_text(doc, i, off, ix->norm[r], ix->norm_len[r], tmp, part);
                if (st)
                    return st;
                /* the probe goes on by the hash alone, so every recommendation
                 * opening with the same words is tried, though tmp now holds
                 * more than the key */
                bool whole = texts_match(ix->norm[r], ix->norm_len[r], tmp->data, tmp->size);
                if (!whole && (st = sentences_match(doc, g, b, off, ix->norm[r],
                                                    ix->norm_len[r], tmp, &whole)))
                    return st;
                if (whole) {
                    doc->recs[r].inline_block = i;
                    if (--missing == 0)
                        return ODIHRX_OK;
                }
            }
        }
    }
    return ODIHRX_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Word hashes, sorted, for a Dice coefficient between two texts. */
static uint32_t *word_set(odihrx_doc *doc, const char *s, size_t n, uint32_t *count)
{
    uint32_t words = 1;
    for (size_t k = 0; k < n; k++)
        words += s[k] == ' ';
    uint32_t *w = odihrx_malloc(sizeof *w * words);
    if (!w)
        return NULL;
    uint32_t c = 0;
    size_t start = 0;
    for (size_t k = 0; k <= n; k++) {
        if (k == n || s[k] == ' ') {
            if (k > start)
                w[c++] = (uint32_t)hash_bytes(s + start, k - start);
            start = k + 1;
        }
    }
    (void)doc;
    if (c > 1)
        qsort(w, c, sizeof *w, cmp_u32);
    uint32_t u = 0;
    for (uint32_t a = 0; a < c; a++)
        if (u == 0 || w[u - 1] != w[a])
            w[u++] = w[a];
    *count = u;
    return w;
}

static double dice(const uint32_t *a, uint32_t an, const uint32_t *b, uint32_t bn)
{
    uint32_t i = 0, j = 0, common = 0;
    while (i < an && j < bn) {
        if (a[i] == b[j]) {
            common++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return an + bn ? 2.0 * common / (an + bn) : 0.0;
}

/* An italic paragraph where a reworded copy may stand, by length; its
 * words once a recommendation has looked at it (each candidate is read
 * once, not once per recommendation). */
typedef struct italic_para {
    uint32_t len, block;
    uint32_t *words, nwords;
} italic_para;

static int cmp_italic_para(const void *a, const void *b)
{
    const italic_para *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->block < y->block ? -1 : x->block > y->block;
}

/* The italic copy candidates, shortest first: each recommendation then
 * visits only those short enough to be its copy, and a document where
 * none qualifies costs nothing per recommendation (the scan over every
 * block for every recommendation took 12 s with 80,000 of them). A text
 * without any italics (plain text of the PDF) offers every paragraph,
 * which *plain says. */
static italic_para *italic_paras(odihrx_doc *doc, uint32_t *n, bool *plain)
{
    italic_para *v = odihrx_arena_calloc(&doc->arena, doc->nblocks + 1, sizeof *v);
    if (!v)
        return NULL;
    *n = 0;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (copy_candidate(doc, i) && (doc->blocks[i].flags & ODIHRX_BF_ITALIC))
            v[(*n)++] = (italic_para){.len = doc->blocks[i].len, .block = i};
    *plain = *n == 0 && doc->format == ODIHRX_FORMAT_TEXT;
    for (uint32_t i = 0; *plain && i < doc->nblocks; i++)
        if (copy_candidate(doc, i))
            v[(*n)++] = (italic_para){.len = doc->blocks[i].len, .block = i};
    if (*n > 1) /* qsort(NULL, 0) is undefined */
        qsort(v, *n, sizeof *v, cmp_italic_para);
    return v;
}

/* Copies reworded a little: the best italic paragraph by word overlap
 * (the first in the text of those that score the same). */
static odihrx_status fuzzy_copies(odihrx_doc *doc, rec_index *ix, odihrx_buf *tmp)
{
    uint32_t pairs = 0, ncand;
    bool plain;
    italic_para *cand = italic_paras(doc, &ncand, &plain);
    if (!cand)
        return ODIHRX_ERR_NOMEM;
    odihrx_status st = ODIHRX_OK;
    for (uint32_t r = 0; r < doc->nrecs && !st; r++) {
        odihrx_recommendation *rec = &doc->recs[r];
        if (rec->inline_block != ODIHRX_NONE)
            continue;
        uint32_t rn;
        uint32_t *rw = word_set(doc, ix->norm[r], ix->norm_len[r], &rn);
        if (!rw) {
            st = ODIHRX_ERR_NOMEM;
            break;
        }
        /* An italic copy is at most eight times as long as the
         * recommendation. Without italics any paragraph may be the copy,
         * and one on the same matter shares many words: only a paragraph
         * of about the recommendation's length and almost all its words
         * (reworded copies score 0.89-0.96 against at most 0.51 for
         * another paragraph in the test reports) */
        double best = plain ? 0.85 : 0.75;
        size_t rlen = doc->blocks[rec->block].len;
        size_t longest = plain ? rlen + rlen / 2 + 64 : 8 * rlen + 64;
        for (uint32_t k = 0; k < ncand && cand[k].len <= longest && pairs < ODIHRX_MAX_FUZZY_PAIRS;
             k++) {
            uint32_t i = cand[k].block;
            const odihrx_block *b = &doc->blocks[i];
            pairs++;
            if (!cand[k].words) {
                if ((st = normalise(b->text, b->len, tmp, 0)))
                    break;
                cand[k].words = word_set(doc, tmp->data, tmp->size, &cand[k].nwords);
                if (!cand[k].words) {
                    st = ODIHRX_ERR_NOMEM;
                    break;
                }
            }
            double d = dice(rw, rn, cand[k].words, cand[k].nwords);
            bool earlier_tie =
                d == best && rec->inline_block != ODIHRX_NONE && i < rec->inline_block;
            if (d > best || earlier_tie) {
                best = d;
                rec->inline_block = i;
            }
        }
        odihrx_free(rw);
        if (!st && rec->inline_block == ODIHRX_NONE)
            st = odihrx_diag_add(doc, ODIHRX_NOTE, "recommendation-inline",
                                 doc->blocks[rec->block].line,
                                 "recommendation %u has no copy in the body text", rec->n);
    }
    if (!st && pairs >= ODIHRX_MAX_FUZZY_PAIRS)
        st = odihrx_diag_add(doc, ODIHRX_WARNING, "limit-fuzzy", ODIHRX_NONE,
                             "inline-copy search stopped after %u comparisons",
                             ODIHRX_MAX_FUZZY_PAIRS);
    for (uint32_t k = 0; k < ncand; k++)
        odihrx_free(cand[k].words);
    return st;
}

/* ------------------------------------------------------------ follow-up */

/* Appends " nums" to a prior's numbers in room that doubles (in the
 * arena): a follow-up that lists numbers clause after clause costs time in
 * proportion to them. */
static odihrx_status append_numbers(odihrx_doc *doc, odihrx_prior *x, const char *nums)
{
    size_t n = strlen(nums), need = (size_t)x->numbers_len + 1 + n + 1;
    if (need > x->numbers_cap) {
        size_t cap = need > 2 * (size_t)x->numbers_cap ? need : 2 * (size_t)x->numbers_cap;
        char *room = odihrx_arena_alloc(&doc->arena, cap);
        if (!room)
            return ODIHRX_ERR_NOMEM;
        memcpy(room, x->numbers, x->numbers_len);
        x->numbers = room;
        x->numbers_cap = (uint32_t)cap;
    }
    char *room = (char *)x->numbers; /* our own room, made above */
    room[x->numbers_len] = ' ';
    memcpy(room + x->numbers_len + 1, nums, n + 1);
    x->numbers_len += (uint32_t)(1 + n);
    return ODIHRX_OK;
}

static uint32_t count_numbers(const char *nums)
{
    uint32_t count = *nums != '\0';
    for (; *nums; nums++)
        count += *nums == ' ';
    return count;
}

static odihrx_status add_prior(odihrx_doc *doc, const char *report, size_t rlen, uint8_t status,
                               const char *nums, uint32_t block)
{
    uint32_t line = doc->blocks[block].line;
    /* One prior per report and status: later numbers join the earlier. */
    for (uint32_t p = 0; p < doc->npriors; p++) {
        odihrx_prior *x = &doc->priors[p];
        if (x->status != status || strlen(x->report) != rlen || memcmp(x->report, report, rlen))
            continue;
        if (!*nums || x->numbers_count > ODIHRX_MAX_PRIOR_NUMBERS)
            return ODIHRX_OK; /* nothing to add, or warned already */
        uint32_t more = count_numbers(nums);
        if (x->numbers_count + more > ODIHRX_MAX_PRIOR_NUMBERS) {
            x->numbers_count = ODIHRX_MAX_PRIOR_NUMBERS + 1;
            return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-followup", line,
                                   "more than %u recommendations of %s listed; the rest are "
                                   "left out", ODIHRX_MAX_PRIOR_NUMBERS, x->report);
        }
        x->numbers_count += more;
        if (!*x->numbers) {
            x->numbers = nums;
            x->numbers_len = (uint32_t)strlen(nums);
            x->numbers_cap = 0; /* not ours to write into */
            return ODIHRX_OK;
        }
        return append_numbers(doc, x, nums);
    }
    if (doc->npriors == ODIHRX_MAX_PRIORS)
        return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-followup", line,
                               "follow-up of more than %u earlier reports and statuses; the "
                               "rest are left out", ODIHRX_MAX_PRIORS);
    odihrx_status st = odihrx_vec_grow((void **)&doc->priors, &doc->npriors, &doc->cap_priors,
                                       sizeof *doc->priors, ODIHRX_MAX_PRIORS);
    if (st)
        return st == ODIHRX_ERR_LIMIT ? ODIHRX_OK : st;
    const char *r = odihrx_arena_strndup(&doc->arena, report, rlen);
    if (!r)
        return ODIHRX_ERR_NOMEM;
    doc->priors[doc->npriors++] =
        (odihrx_prior){.report = r, .numbers = nums, .numbers_len = (uint32_t)strlen(nums),
                       .numbers_count = count_numbers(nums), .block = block, .status = status};
    return ODIHRX_OK;
}

/* "4, 5, 8, 14 and 21" -> "4 5 8 14 21"; numbers without their leading
 * zeros, and no 0, which numbers no recommendation (the schema's list is
 * of positive integers). "" when no number is left. */
static const char *number_list(odihrx_doc *doc, const char *s, size_t n)
{
    char *out = odihrx_arena_alloc(&doc->arena, n + 1);
    if (!out)
        return NULL;
    size_t o = 0, k = 0;
    while (k < n) {
        if (s[k] < '0' || s[k] > '9') {
            k++;
            continue;
        }
        while (k < n && s[k] == '0')
            k++;
        size_t from = k;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k == from)
            continue; /* all zeros */
        if (o)
            out[o++] = ' ';
        memcpy(out + o, s + from, k - from);
        o += k - from;
    }
    out[o] = '\0';
    return out;
}

static uint8_t status_of(const char *s, size_t n)
{
    if (n >= 5 && (strncasecmp(s, "fully", 5) == 0))
        return ODIHRX_FOLLOWUP_FULLY;
    if (n >= 6 && (strncasecmp(s, "mostly", 6) == 0 || strncasecmp(s, "largely", 7) == 0))
        return ODIHRX_FOLLOWUP_MOSTLY;
    if (n >= 9 && strncasecmp(s, "partially", 9) == 0)
        return ODIHRX_FOLLOWUP_PARTIALLY;
    return ODIHRX_FOLLOWUP_NOT;
}

/* What the follow-up reader knows while it goes through one paragraph:
 * the report last named (later clauses that name none mean it), and the
 * next report's name ahead of the reader, found once per name so that a
 * paragraph of many number lists is read in one pass. */
typedef struct followup_ctx {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    uint32_t block, line;
    const char *s; /* the paragraph */
    size_t n;
    const char *current; /* the report last named, or NULL */
    size_t passed;       /* reports named before this offset are read */
    size_t ahead_from;   /* where the search for *ahead started */
    size_t ahead_at, ahead_end; /* the name found; n if none */
    const char *ahead;
} followup_ctx;

/* The report's name as the follow-up gives it: the short name in brackets
 * after a long one ("... 2016 parliamentary elections (2016 Final Report)"),
 * white space made single spaces. */
static const char *report_name(followup_ctx *c, size_t a, size_t e)
{
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_FOLLOWUP_REPORT];
    size_t sa, se;
    if (odihrx_group(c->doc, re, "abbr", 0, &sa, &se))
        a = sa, e = se;
    char *out = odihrx_arena_alloc(&c->doc->arena, e - a + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t k = a; k < e; k++) {
        bool space = c->s[k] == ' ' || c->s[k] == '\t' || c->s[k] == '\n' || c->s[k] == '\r';
        if (!space)
            out[o++] = c->s[k];
        else if (o && out[o - 1] != ' ')
            out[o++] = ' ';
    }
    out[o] = '\0';
    return out;
}

/* The first report's name at or after offset from (ahead_at == n if none). */
static odihrx_status report_ahead(followup_ctx *c, size_t from)
{
    if (c->ahead_from <= from && (c->ahead_at >= from || c->ahead_at == c->n))
        return ODIHRX_OK;
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_FOLLOWUP_REPORT];
    size_t a, e, ms, me;
    c->ahead_from = from;
    c->ahead_at = c->ahead_end = c->n;
    c->ahead = NULL;
    if (odihrx_match(c->doc, re, c->s, c->n, from, c->line) > 0 &&
        odihrx_group(c->doc, re, "report", 0, &a, &e) && odihrx_group(c->doc, re, NULL, 0, &ms, &me)) {
        c->ahead = report_name(c, a, e);
        if (!c->ahead)
            return ODIHRX_ERR_NOMEM;
        c->ahead_at = a;
        c->ahead_end = me;
    }
    return ODIHRX_OK;
}

/* The report named last before offset upto, if any, becomes the current
 * one ("Of the 2013 Final Report's recommendations, recommendations 4 and
 * 9 were partially implemented"). Each offset is read once: the search
 * stops at upto and the next one starts there. */
static odihrx_status reports_before(followup_ctx *c, size_t upto)
{
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_FOLLOWUP_REPORT];
    size_t a, e, ms, me;
    while (c->passed < upto && odihrx_match(c->doc, re, c->s, upto, c->passed, c->line) > 0 &&
           odihrx_group(c->doc, re, "report", 0, &a, &e) &&
           odihrx_group(c->doc, re, NULL, 0, &ms, &me)) {
        c->current = report_name(c, a, e);
        if (!c->current)
            return ODIHRX_ERR_NOMEM;
        c->passed = me > c->passed ? me : c->passed + 1;
    }
    c->passed = upto > c->passed ? upto : c->passed;
    return ODIHRX_OK;
}

/* "none of the recommendations from A and from B were fully implemented":
 * every report named in the clause, with no numbers. */
static odihrx_status clause_none(followup_ctx *c, size_t from, size_t to, uint8_t status)
{
    for (size_t at = from;;) {
        odihrx_status st = report_ahead(c, at);
        if (st || c->ahead_at >= to)
            return st;
        c->current = c->ahead;
        c->passed = c->ahead_end > c->passed ? c->ahead_end : c->passed;
        st = add_prior(c->doc, c->ahead, strlen(c->ahead), status, "", c->block);
        if (st)
            return st;
        at = c->ahead_end > at ? c->ahead_end : at + 1;
    }
}

/* The numbers of the clause s[from, to) whose status is given: a list that
 * "recommendation(s)" opens, or that the name of a report follows. */
static odihrx_status clause_numbers(followup_ctx *c, size_t from, size_t to, uint8_t status)
{
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_FOLLOWUP_NUMBERS];
    for (size_t at = from; at < to && odihrx_match(c->doc, re, c->s, to, at, c->line) > 0;) {
        size_t ns, ne, ms, me, x, y;
        if (!odihrx_group(c->doc, re, "nums", 0, &ns, &ne) ||
            !odihrx_group(c->doc, re, NULL, 0, &ms, &me))
            break;
        bool opened = odihrx_group(c->doc, re, "rec", 0, &x, &y);
        bool tail = odihrx_group(c->doc, re, "tail", 0, &x, &y);
        at = me > at ? me : at + 1;
        const char *report = NULL;
        if (tail) {
            odihrx_status st = report_ahead(c, me);
            if (st)
                return st;
            if (c->ahead_at != me)
                continue; /* "paragraph 25 of the 1999 OSCE Istanbul Document" */
            report = c->current = c->ahead;
            at = c->passed = c->ahead_end;
        } else if (opened) {
            odihrx_status st = reports_before(c, ms);
            if (st)
                return st;
            report = c->current;
        }
        if (!report)
            continue;
        const char *nums = number_list(c->doc, c->s + ns, ne - ns);
        if (!nums)
            return ODIHRX_ERR_NOMEM;
        if (!*nums)
            continue; /* "0 from the 2019 Final Report": no recommendation */
        odihrx_status st = add_prior(c->doc, report, strlen(report), status, nums, c->block);
        if (st)
            return st;
    }
    return ODIHRX_OK;
}

/* One sentence: each clause ends with its status ("... were partially
 * implemented, recommendations 6 and 11 were mostly implemented"). */
static odihrx_status sentence(followup_ctx *c, size_t from, size_t to)
{
    const pcre2_code *re_status = c->g->pat[ODIHRX_PAT_FOLLOWUP_STATUS];
    const pcre2_code *re_none = c->g->pat[ODIHRX_PAT_FOLLOWUP_NONE];
    size_t clause = from;
    while (clause < to && odihrx_match(c->doc, re_status, c->s, to, clause, c->line) > 0) {
        size_t a, e, ms, me;
        if (!odihrx_group(c->doc, re_status, "status", 0, &a, &e) ||
            !odihrx_group(c->doc, re_status, NULL, 0, &ms, &me))
            break;
        uint8_t status = status_of(c->s + a, e - a);
        odihrx_status st;
        if (odihrx_match(c->doc, re_none, c->s, ms, clause, c->line) > 0)
            st = clause_none(c, clause, ms, status);
        else
            st = clause_numbers(c, clause, ms, status);
        if (st)
            return st;
        clause = me > clause ? me : clause + 1;
    }
    return ODIHRX_OK;
}

static odihrx_status followup(odihrx_doc *doc, const odihrx_grammar *g)
{
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        /* a footnote body that is not listed has no id to point at */
        if ((b->kind != ODIHRX_BLOCK_PARA && !odihrx_footnote_listed(doc, i)) ||
            (b->flags & ODIHRX_BF_FURNITURE))
            continue;
        /* Cheap filter before sentence splitting. */
        if (!b->len || !contains(b->text, b->len, "mplemented", 10))
            continue;
        followup_ctx c = {.doc = doc, .g = g, .block = i, .line = b->line, .s = b->text,
                          .n = b->len, .ahead_from = b->len + 1};
        size_t start = 0;
        while (start < b->len) {
            size_t end, next = next_sentence(doc, g, b, start, &end);
            odihrx_status st = sentence(&c, start, end);
            if (st)
                return st;
            start = next;
        }
    }
    return ODIHRX_OK;
}

/* Ids stay unique when a list restarts its numbering or repeats a number:
 * the first recommendation n is "recN", a later one "recN-2", "recN-3". */
static int cmp_rec_n(const void *a, const void *b)
{
    const odihrx_recommendation *const *x = a, *const *y = b;
    if ((*x)->n != (*y)->n)
        return (*x)->n < (*y)->n ? -1 : 1;
    return (*x)->block < (*y)->block ? -1 : (*x)->block > (*y)->block;
}

static odihrx_status assign_ids(odihrx_doc *doc)
{
    if (doc->nrecs == 0)
        return ODIHRX_OK;
    odihrx_recommendation **order = odihrx_malloc(sizeof *order * doc->nrecs);
    if (!order)
        return ODIHRX_ERR_NOMEM;
    for (uint32_t i = 0; i < doc->nrecs; i++)
        order[i] = &doc->recs[i];
    if (doc->nrecs > 1)
        qsort(order, doc->nrecs, sizeof *order, cmp_rec_n);
    odihrx_status st = ODIHRX_OK;
    uint32_t seen = 0;
    for (uint32_t i = 0; i < doc->nrecs && !st; i++) {
        seen = i && order[i - 1]->n == order[i]->n ? seen + 1 : 1;
        order[i]->id = seen == 1 ? odihrx_arena_printf(&doc->arena, "rec%u", order[i]->n)
                                 : odihrx_arena_printf(&doc->arena, "rec%u-%u", order[i]->n, seen);
        if (!order[i]->id)
            st = ODIHRX_ERR_NOMEM;
    }
    odihrx_free(order);
    return st;
}

odihrx_status odihrx_stage_recommendations(odihrx_doc *doc, const odihrx_grammar *g)
{
    odihrx_buf tmp = {0}, part = {0};
    rec_index ix = {0};
    odihrx_status st = find_section(doc, g);
    if (!st)
        st = collect(doc, g);
    if (!st && doc->nrecs && doc->rec_section != ODIHRX_NONE) {
        st = index_recs(doc, &ix, &tmp);
        if (!st)
            st = exact_copies(doc, &ix, &tmp);
        if (!st)
            st = split_or_joined_copies(doc, g, &ix, &tmp, &part);
        if (!st)
            st = fuzzy_copies(doc, &ix, &tmp);
    }
    if (!st)
        st = assign_ids(doc);
    if (!st)
        st = followup(doc, g);
    odihrx_buf_free(&tmp);
    odihrx_buf_free(&part);
    return st;
}
