/*
 * keys.c: stage 7. Every recommendation keyed to the Copenhagen paragraphs
 * it serves, each key with its basis, strongest first:
 *   cited    its own text, its inline copy, or that copy's footnotes cite it;
 *   section  cited elsewhere in the section holding its inline copy (body
 *            or footnotes referenced from there);
 *   lexicon  the topic lexicon (topics.tsv) maps its words to it.
 * A paragraph reached twice keeps the strongest basis. Also builds the
 * copenhagen index: per catalog paragraph, every recommendation, paragraph
 * and footnote that refers to it.
 * Reads: recs, cites, footnotes, sections. Writes: doc->keys, doc->refs.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "grammar.h"
#include "odihrx_limits.h"

/* Catalog row of a paragraph number, NONE when the catalog lacks it. */
static uint32_t catalog_row(const odihrx_grammar *g, const char *p, size_t n)
{
    for (uint32_t r = 0; r < g->ncatalog; r++)
        if (strlen(g->catalog[r].paragraph) == n && memcmp(g->catalog[r].paragraph, p, n) == 0)
            return r;
    return ODIHRX_NONE;
}

/* Calls fn for each catalog row named by a Copenhagen cite's locator. */
typedef odihrx_status (*row_fn)(void *ctx, uint32_t row);

static odihrx_status each_row(const odihrx_grammar *g, const odihrx_cite *c, row_fn fn, void *ctx)
{
    if (c->instrument != g->copenhagen || !c->loc || c->unknown)
        return ODIHRX_OK;
    const char *p = c->loc;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        uint32_t row = catalog_row(g, p, n);
        if (row != ODIHRX_NONE) {
            odihrx_status st = fn(ctx, row);
            if (st)
                return st;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    return ODIHRX_OK;
}

/* The id a block is referred to by: p12, li3, fn7; NULL for others. */
static const char *ref_id(odihrx_doc *doc, uint32_t block)
{
    const odihrx_block *b = &doc->blocks[block];
    if (b->kind == ODIHRX_BLOCK_PARA || b->kind == ODIHRX_BLOCK_LIST_ITEM)
        return odihrx_block_id(doc, block);
    if (odihrx_footnote_listed(doc, block))
        return odihrx_arena_printf(&doc->arena, "fn%u", b->number);
    return NULL;
}

/* ----------------------------------------------------------- key sets */

typedef struct keyer {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    uint32_t rec;
    uint32_t first; /* this rec's keys start here */
    uint8_t basis;
    const char *via;
} keyer;

static odihrx_status add_key(void *ctx, uint32_t row)
{
    keyer *k = ctx;
    odihrx_doc *doc = k->doc;
    for (uint32_t i = k->first; i < doc->nkeys; i++) {
        odihrx_key *x = &doc->keys[i];
        if (x->paragraph == row) {
            if (k->basis < x->basis) {
                x->basis = k->basis;
                x->via = k->via;
            }
            return ODIHRX_OK;
        }
    }
    odihrx_status st = odihrx_vec_grow((void **)&doc->keys, &doc->nkeys, &doc->cap_keys,
                                       sizeof *doc->keys, ODIHRX_MAX_MARKS);
    if (st)
        return st;
    doc->keys[doc->nkeys++] =
        (odihrx_key){.rec = k->rec, .paragraph = row, .basis = k->basis, .via = k->via};
    return ODIHRX_OK;
}

static odihrx_status key_block_cites(keyer *k, uint32_t block)
{
    const odihrx_block *b = &k->doc->blocks[block];
    if (b->cite_count == 0)
        return ODIHRX_OK;
    k->via = ref_id(k->doc, block);
    if (!k->via)
        return ODIHRX_ERR_NOMEM;
    for (uint32_t c = 0; c < b->cite_count; c++) {
        odihrx_status st = each_row(k->g, &k->doc->cites[b->cite_first + c], add_key, k);
        if (st)
            return st;
    }
    return ODIHRX_OK;
}

/* Copenhagen paragraphs cited in each section, once per paragraph, with
 * the first block that cites it: built in one pass over all cites. */
typedef struct section_cite {
    uint32_t section, row, block;
} section_cite;

typedef struct section_index {
    section_cite *items;
    uint32_t count, cap;
    uint32_t block; /* while collecting */
    uint32_t section;
    odihrx_doc *doc;
} section_index;

static odihrx_status collect_section_cite(void *ctx, uint32_t row)
{
    section_index *ix = ctx;
    odihrx_status st = odihrx_vec_grow((void **)&ix->items, &ix->count, &ix->cap,
                                       sizeof *ix->items, ODIHRX_MAX_MARKS);
    if (st)
        return st;
    ix->items[ix->count++] = (section_cite){.section = ix->section, .row = row, .block = ix->block};
    return ODIHRX_OK;
}

static int cmp_section_cite(const void *a, const void *b)
{
    const section_cite *x = a, *y = b;
    if (x->section != y->section)
        return x->section < y->section ? -1 : 1;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->block < y->block ? -1 : x->block > y->block;
}

static odihrx_status build_section_index(odihrx_doc *doc, const odihrx_grammar *g,
                                         section_index *ix)
{
    ix->doc = doc;
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->cite_count == 0)
            continue;
        uint32_t section = b->section;
        if (b->kind == ODIHRX_BLOCK_FOOTNOTE) {
            const odihrx_footnote *f = b->number ? odihrx_footnote_find(doc, b->number) : NULL;
            if (!f || f->ref_block == ODIHRX_NONE)
                continue;
            section = f->ref_section;
        } else if (b->kind != ODIHRX_BLOCK_PARA && b->kind != ODIHRX_BLOCK_LIST_ITEM) {
            continue;
        }
        if (section == ODIHRX_NONE || (b->flags & ODIHRX_BF_RECOMMENDATION))
            continue;
        ix->block = i;
        ix->section = section;
        for (uint32_t c = 0; c < b->cite_count; c++) {
            odihrx_status st = each_row(g, &doc->cites[b->cite_first + c], collect_section_cite, ix);
            if (st)
                return st;
        }
    }
    if (ix->count > 1) /* qsort(NULL, 0) is undefined */
        qsort(ix->items, ix->count, sizeof *ix->items, cmp_section_cite);
    /* keep the first block per (section, paragraph) */
    uint32_t out = 0;
    for (uint32_t k = 0; k < ix->count; k++)
        if (!out || ix->items[out - 1].section != ix->items[k].section ||
            ix->items[out - 1].row != ix->items[k].row)
            ix->items[out++] = ix->items[k];
    ix->count = out;
    return ODIHRX_OK;
}

static odihrx_status key_section(keyer *k, const section_index *ix, uint32_t section)
{
    uint32_t lo = 0, hi = ix->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix->items[mid].section < section)
            lo = mid + 1;
        else
            hi = mid;
    }
    k->basis = ODIHRX_BASIS_SECTION;
    for (uint32_t i = lo; i < ix->count && ix->items[i].section == section; i++) {
        k->via = ref_id(k->doc, ix->items[i].block);
        if (!k->via)
            return ODIHRX_ERR_NOMEM;
        odihrx_status st = add_key(k, ix->items[i].row);
        if (st)
            return st;
    }
    return ODIHRX_OK;
}

/* Whether topic row t matches in text: tried where its hint words start
 * when it has them (each try is short, where a search reads the whole
 * text at every letter a topic word may begin with), searched for
 * otherwise. */
static bool topic_matches(keyer *k, uint32_t t, const char *text, size_t len, uint32_t line)
{
    const odihrx_lexeme *row = &k->g->topics.rows[t];
    return odihrx_match_at_words(k->doc, row->re, row->at, &k->g->topic_gates, UINT64_C(1) << t,
                                 text, len, 0, line) != NULL;
}

static odihrx_status key_lexicon(keyer *k, const char *text, size_t len, uint32_t line)
{
    const odihrx_lexicon *topics = &k->g->topics;
    k->basis = ODIHRX_BASIS_LEXICON;
    /* one pass over the words rules out the topics none of whose hint
     * words the text has: most of them, for most recommendations */
    uint64_t open = odihrx_hints_scan(&k->g->topic_gates, UINT64_MAX, text, len);
    for (uint32_t t = 0; t < topics->count; t++) {
        const odihrx_lexeme *row = &topics->rows[t];
        if ((t < 64 && !(open >> t & 1)) || !topic_matches(k, t, text, len, line))
            continue;
        k->via = odihrx_arena_printf(&k->doc->arena, "topic:%s", row->value);
        if (!k->via)
            return ODIHRX_ERR_NOMEM;
        const char *p = row->extra;
        while (*p) {
            while (*p == ',' || *p == ' ')
                p++;
            const char *e = p;
            while (*e && *e != ',' && *e != ' ')
                e++;
            if (e > p) {
                uint32_t r = catalog_row(k->g, p, (size_t)(e - p));
                if (r != ODIHRX_NONE) {
                    odihrx_status st = add_key(k, r);
                    if (st)
                        return st;
                }
            }
            p = e;
        }
    }
    return ODIHRX_OK;
}

static int cmp_key(const void *a, const void *b)
{
    const odihrx_key *x = a, *y = b;
    return x->paragraph < y->paragraph ? -1 : x->paragraph > y->paragraph;
}

/* The cites of a block and of the footnotes its markers refer to: a
 * recommendation's note citing a paragraph cites it for the text. */
static odihrx_status key_cites_and_notes(keyer *k, uint32_t block)
{
    const odihrx_doc *doc = k->doc;
    const odihrx_block *b = &doc->blocks[block];
    odihrx_status st = key_block_cites(k, block);
    for (uint32_t m = 0; m < b->mark_count && !st; m++) {
        const odihrx_mark *mk = &doc->marks[b->mark_first + m];
        if (mk->kind != ODIHRX_MARK_FNREF)
            continue;
        const odihrx_footnote *f = odihrx_footnote_find(doc, mk->value);
        if (f)
            st = key_block_cites(k, f->block);
    }
    return st;
}

static odihrx_status key_recommendation(odihrx_doc *doc, const odihrx_grammar *g,
                                        const section_index *ix, uint32_t r)
{
    const odihrx_recommendation *rec = &doc->recs[r];
    keyer k = {.doc = doc, .g = g, .rec = r, .first = doc->nkeys, .basis = ODIHRX_BASIS_CITED};
    odihrx_status st = key_cites_and_notes(&k, rec->block);
    for (uint32_t j = rec->block + 1; j < rec->more_end && !st; j++)
        if (odihrx_rec_goes_on(doc, j))
            st = key_cites_and_notes(&k, j);
    if (!st && rec->inline_block != ODIHRX_NONE) {
        const odihrx_block *ib = &doc->blocks[rec->inline_block];
        k.basis = ODIHRX_BASIS_CITED;
        st = key_cites_and_notes(&k, rec->inline_block);
        if (!st && ib->section != ODIHRX_NONE)
            st = key_section(&k, ix, ib->section);
    }
    const odihrx_block *b = &doc->blocks[rec->block];
    if (!st)
        st = key_lexicon(&k, b->text, b->len, b->line);
    for (uint32_t j = rec->block + 1; j < rec->more_end && !st; j++)
        if (odihrx_rec_goes_on(doc, j))
            st = key_lexicon(&k, doc->blocks[j].text, doc->blocks[j].len, doc->blocks[j].line);
    if (!st && rec->topic)
        st = key_lexicon(&k, rec->topic, strlen(rec->topic), b->line);
    if (st)
        return st;
    if (doc->nkeys - k.first > 1)
        qsort(doc->keys + k.first, doc->nkeys - k.first, sizeof *doc->keys, cmp_key);
    if (doc->nkeys == k.first)
        return odihrx_diag_add(doc, ODIHRX_NOTE, "recommendation-unkeyed", b->line,
                               "recommendation %u is keyed to no Copenhagen paragraph", rec->n);
    return ODIHRX_OK;
}

/* ------------------------------------------------------------ the index */

typedef struct refs_ctx {
    odihrx_doc *doc;
    const char *to;
    uint8_t basis;
    uint32_t order;
} refs_ctx;

static odihrx_status add_ref(void *ctx, uint32_t row)
{
    refs_ctx *c = ctx;
    odihrx_doc *doc = c->doc;
    odihrx_status st = odihrx_vec_grow((void **)&doc->refs, &doc->nrefs, &doc->cap_refs,
                                       sizeof *doc->refs, ODIHRX_MAX_MARKS);
    if (st)
        return st;
    doc->refs[doc->nrefs++] =
        (odihrx_ref){.paragraph = row, .to = c->to, .basis = c->basis, .order = c->order};
    return ODIHRX_OK;
}

static int cmp_ref(const void *a, const void *b)
{
    const odihrx_ref *x = a, *y = b;
    if (x->paragraph != y->paragraph)
        return x->paragraph < y->paragraph ? -1 : 1;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->to, y->to);
}

static odihrx_status build_index(odihrx_doc *doc, const odihrx_grammar *g)
{
    refs_ctx c = {.doc = doc};
    odihrx_status st = ODIHRX_OK;
    /* recommendations first, through their keys */
    uint32_t last_rec = ODIHRX_NONE;
    for (uint32_t i = 0; i < doc->nkeys && !st; i++) {
        const odihrx_key *k = &doc->keys[i];
        if (k->rec != last_rec) {
            c.to = doc->recs[k->rec].id;
            if (!c.to)
                return ODIHRX_ERR_NOMEM;
            last_rec = k->rec;
        }
        c.basis = k->basis;
        c.order = k->rec;
        st = add_ref(&c, k->paragraph);
    }
    /* then the findings: paragraphs and footnotes that cite it */
    for (uint32_t i = 0; i < doc->nblocks && !st; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->cite_count == 0 || (b->flags & ODIHRX_BF_RECOMMENDATION))
            continue;
        if (b->kind != ODIHRX_BLOCK_PARA && b->kind != ODIHRX_BLOCK_LIST_ITEM &&
            b->kind != ODIHRX_BLOCK_FOOTNOTE)
            continue;
        c.to = NULL;
        c.basis = ODIHRX_BASIS_CITED;
        c.order = doc->nrecs + i;
        for (uint32_t k = 0; k < b->cite_count && !st; k++) {
            const odihrx_cite *ct = &doc->cites[b->cite_first + k];
            if (ct->instrument != g->copenhagen || !ct->loc || ct->unknown)
                continue;
            if (!c.to && !(c.to = ref_id(doc, i)))
                break; /* a duplicate footnote body has no id */
            st = each_row(g, ct, add_ref, &c);
        }
    }
    if (st)
        return st;
    if (doc->nrefs > 1)
        qsort(doc->refs, doc->nrefs, sizeof *doc->refs, cmp_ref);
    uint32_t out = 0;
    for (uint32_t i = 0; i < doc->nrefs; i++)
        if (!out || doc->refs[out - 1].paragraph != doc->refs[i].paragraph ||
            strcmp(doc->refs[out - 1].to, doc->refs[i].to) != 0)
            doc->refs[out++] = doc->refs[i];
    doc->nrefs = out;
    return ODIHRX_OK;
}

odihrx_status odihrx_stage_keys(odihrx_doc *doc, const odihrx_grammar *g)
{
    section_index ix = {0};
    odihrx_status st = build_section_index(doc, g, &ix);
    for (uint32_t r = 0; r < doc->nrecs && !st; r++)
        st = key_recommendation(doc, g, &ix, r);
    odihrx_free(ix.items);
    if (!st)
        st = build_index(doc, g);
    return st;
}
