/*
 * footnotes.c: stage 4. Footnote bodies are numbered and linked to their
 * markers; each footnote belongs to the section whose text first refers to
 * it, wherever the page put its body. Gaps, duplicates, markers without a
 * body and bodies without a marker are diagnostics.
 * Reads: blocks, FNREF marks. Writes: doc->footnotes.
 */
#include <stdlib.h>
#include <string.h>

#include "grammar.h"
#include "odihrx_limits.h"

static int cmp_footnote(const void *a, const void *b)
{
    const odihrx_footnote *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->block < y->block ? -1 : x->block > y->block;
}

odihrx_footnote *odihrx_footnote_find(const odihrx_doc *doc, uint32_t n)
{
    uint32_t lo = 0, hi = doc->nfootnotes;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->footnotes[mid].n < n)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->nfootnotes && doc->footnotes[lo].n == n ? &doc->footnotes[lo] : NULL;
}

bool odihrx_footnote_listed(const odihrx_doc *doc, uint32_t block)
{
    const odihrx_block *b = &doc->blocks[block];
    if (b->kind != ODIHRX_BLOCK_FOOTNOTE)
        return false;
    const odihrx_footnote *f = odihrx_footnote_find(doc, b->number);
    return f && f->block == block;
}

static odihrx_status collect(odihrx_doc *doc)
{
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->kind != ODIHRX_BLOCK_FOOTNOTE)
            continue;
        odihrx_status st = odihrx_vec_grow((void **)&doc->footnotes, &doc->nfootnotes,
                                           &doc->cap_footnotes, sizeof *doc->footnotes,
                                           ODIHRX_MAX_FOOTNOTES);
        if (st == ODIHRX_ERR_LIMIT)
            return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-footnotes", b->line,
                                   "more than %u footnotes; the rest are not linked",
                                   ODIHRX_MAX_FOOTNOTES);
        if (st)
            return st;
        doc->footnotes[doc->nfootnotes++] = (odihrx_footnote){
            .n = b->number, .block = i, .ref_block = ODIHRX_NONE, .ref_section = ODIHRX_NONE};
    }
    if (doc->nfootnotes > 1) /* qsort(NULL, 0) is undefined */
        qsort(doc->footnotes, doc->nfootnotes, sizeof *doc->footnotes, cmp_footnote);
    /* Keep the first body of a number printed twice. */
    uint32_t out = 0;
    for (uint32_t i = 0; i < doc->nfootnotes; i++) {
        if (out && doc->footnotes[out - 1].n == doc->footnotes[i].n) {
            odihrx_status st = odihrx_diag_add(
                doc, ODIHRX_WARNING, "footnote-duplicate", doc->blocks[doc->footnotes[i].block].line,
                "footnote %u is printed twice (first at line %u); the second is dropped",
                doc->footnotes[i].n, doc->blocks[doc->footnotes[out - 1].block].line + 1);
            if (st)
                return st;
            doc->blocks[doc->footnotes[i].block].number = 0;
            continue;
        }
        doc->footnotes[out++] = doc->footnotes[i];
    }
    doc->nfootnotes = out;
    return ODIHRX_OK;
}

static odihrx_status link_markers(odihrx_doc *doc)
{
    for (uint32_t k = 0; k < doc->nmarks; k++) {
        const odihrx_mark *m = &doc->marks[k];
        if (m->kind != ODIHRX_MARK_FNREF)
            continue;
        const odihrx_block *b = &doc->blocks[m->block];
        odihrx_footnote *f = odihrx_footnote_find(doc, m->value);
        if (!f) {
            odihrx_status st = odihrx_diag_add(doc, ODIHRX_WARNING, "footnote-missing", b->line,
                                               "footnote marker %u has no footnote text",
                                               m->value);
            if (st)
                return st;
            continue;
        }
        if (f->nrefs++ == 0) {
            f->ref_block = m->block;
            f->ref_section = b->section;
        }
    }
    return ODIHRX_OK;
}

static odihrx_status report_gaps(odihrx_doc *doc)
{
    uint32_t expect = 1;
    for (uint32_t i = 0; i < doc->nfootnotes; i++) {
        const odihrx_footnote *f = &doc->footnotes[i];
        uint32_t line = doc->blocks[f->block].line;
        odihrx_status st = ODIHRX_OK;
        if (f->n > expect)
            st = f->n == expect + 1
                     ? odihrx_diag_add(doc, ODIHRX_WARNING, "footnote-gap", line,
                                       "footnote %u is missing", expect)
                     : odihrx_diag_add(doc, ODIHRX_WARNING, "footnote-gap", line,
                                       "footnotes %u to %u are missing", expect, f->n - 1);
        if (!st && f->nrefs == 0)
            st = odihrx_diag_add(doc, ODIHRX_WARNING, "footnote-orphan", line,
                                 "footnote %u is never referenced in the text", f->n);
        if (st)
            return st;
        expect = f->n + 1;
    }
    return ODIHRX_OK;
}

odihrx_status odihrx_stage_footnotes(odihrx_doc *doc, const odihrx_grammar *g)
{
    (void)g;
    odihrx_status st = collect(doc);
    if (!st)
        st = link_markers(doc);
    if (!st)
        st = report_gaps(doc);
    return st;
}
