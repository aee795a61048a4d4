/*
 * doc.c: the document's life cycle and the stage order. Owns: odihrx_doc,
 * its arena, vectors and diagnostics. The pipeline is a flat list of checked
 * stage calls (md4c md_process_doc style).
 */
#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "grammar.h"
#include "odihrx_limits.h"
#include "utf8.h"

const char *odihrx_version(void)
{
    return ODIHRX_VERSION_STRING;
}

const char *odihrx_status_string(odihrx_status status)
{
    switch (status) {
    case ODIHRX_OK:
        return "success";
    case ODIHRX_ERR_NOMEM:
        return "out of memory";
    case ODIHRX_ERR_LIMIT:
        return "a size limit was reached";
    case ODIHRX_ERR_INPUT:
        return "the input cannot be converted";
    case ODIHRX_ERR_GRAMMAR:
        return "the grammar files are invalid";
    case ODIHRX_ERR_IO:
        return "input/output error";
    case ODIHRX_ERR_XML:
        return "XML error";
    case ODIHRX_ERR_INVALID:
        return "the XML does not match the schema";
    }
    return "unknown status";
}

/* Arrays of a large document (blocks, marks, lines) grow by doubling and
 * are then filled from front to back, one fresh page at a time. Entering
 * a new slice of a large array makes that slice resident in one go (see
 * odihrx_prefault); with no state to keep, as slot `count` is the next
 * one written. Never more than one slice ahead of use. */

static void prefault_slice(void *arr, uint32_t count, uint32_t cap, size_t elem)
{
    const size_t slice = ODIHRX_PREFAULT_SLICE;
    size_t start = (size_t)count * elem, last = start + elem - 1, bytes = (size_t)cap * elem;
    bool enters_slice = start % slice == 0 || start / slice != last / slice;
    if (bytes < ODIHRX_PREFAULT_FROM || !enters_slice)
        return;
    size_t from = last / slice * slice;
    size_t to = from + slice < bytes ? from + slice : bytes;
    odihrx_prefault((char *)arr + from, to - from);
}

odihrx_status odihrx_vec_grow(void **arr, uint32_t *count, uint32_t *cap, size_t elem,
                              uint32_t limit)
{
    if (*count >= limit)
        return ODIHRX_ERR_LIMIT;
    if (*count < *cap) {
        prefault_slice(*arr, *count, *cap, elem);
        return ODIHRX_OK;
    }
    size_t ncap = *cap ? (size_t)*cap * 2 : 16;
    if (ncap > limit)
        ncap = limit;
    if (ncap > SIZE_MAX / elem)
        return ODIHRX_ERR_NOMEM;
    void *p = odihrx_realloc(*arr, ncap * elem);
    if (!p)
        return ODIHRX_ERR_NOMEM;
    *arr = p;
    *cap = (uint32_t)ncap;
    prefault_slice(*arr, *count, *cap, elem);
    return ODIHRX_OK;
}

odihrx_status odihrx_diag_add(odihrx_doc *doc, odihrx_severity sev, const char *code,
                              uint32_t line, const char *fmt, ...)
{
    odihrx_diag_list *d = &doc->diags;
    /* Past the limit, one last warning says so and the others are counted
     * only: nobody reads a thousand more, and each would be kept until the
     * document is freed. An error (it ends the parse) is always kept. */
    bool limit_reached = sev != ODIHRX_ERROR && d->warnings >= ODIHRX_MAX_DIAGNOSTICS;
    if (limit_reached) {
        if (d->dropped++)
            return ODIHRX_OK;
        sev = ODIHRX_WARNING;
        code = "limit-diagnostics";
        line = ODIHRX_NONE;
    }
    if (d->count == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        odihrx_diag *p = odihrx_realloc(d->items, ncap * sizeof *p);
        if (!p)
            return ODIHRX_ERR_NOMEM;
        d->items = p;
        d->cap = ncap;
    }
    char tmp[1024];
    if (limit_reached) {
        snprintf(tmp, sizeof tmp, "more than %u warnings and notes; the rest are not reported",
                 ODIHRX_MAX_DIAGNOSTICS);
    } else {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(tmp, sizeof tmp, fmt, ap);
        va_end(ap);
    }
    char *msg = odihrx_arena_strndup(&doc->arena, tmp, odihrx_utf8_whole(tmp, strlen(tmp)));
    if (!msg)
        return ODIHRX_ERR_NOMEM;
    odihrx_diag *x = &d->items[d->count++];
    d->warnings += sev != ODIHRX_ERROR;
    x->severity = sev;
    x->code = code;
    x->message = msg;
    x->file = doc->name;
    x->line = 0;
    x->column = 0;
    x->offset = 0;
    if (line != ODIHRX_NONE && line < doc->nlines) {
        x->line = line + 1;
        x->offset = doc->line_raw ? doc->line_raw[line] : 0;
    }
    return ODIHRX_OK;
}

odihrx_block *odihrx_block_add(odihrx_doc *doc)
{
    if (odihrx_vec_grow((void **)&doc->blocks, &doc->nblocks, &doc->cap_blocks,
                        sizeof *doc->blocks, ODIHRX_MAX_BLOCKS))
        return NULL;
    odihrx_block *b = &doc->blocks[doc->nblocks++];
    memset(b, 0, sizeof *b);
    b->section = ODIHRX_NONE;
    b->text = "";
    return b;
}

odihrx_status odihrx_mark_add(odihrx_doc *doc, uint32_t block, uint8_t kind, uint32_t start,
                              uint32_t end, uint32_t value)
{
    odihrx_status st = odihrx_vec_grow((void **)&doc->marks, &doc->nmarks, &doc->cap_marks,
                                       sizeof *doc->marks, ODIHRX_MAX_MARKS);
    if (st)
        return st;
    doc->marks[doc->nmarks++] =
        (odihrx_mark){.block = block, .start = start, .end = end, .value = value, .kind = kind};
    return ODIHRX_OK;
}

odihrx_status odihrx_string_add(odihrx_doc *doc, const char *s, size_t len, uint32_t *index)
{
    odihrx_status st = odihrx_vec_grow((void **)&doc->strings, &doc->nstrings,
                                       &doc->cap_strings, sizeof *doc->strings, ODIHRX_MAX_MARKS);
    if (st)
        return st;
    const char *copy = odihrx_arena_strndup(&doc->arena, s, len);
    if (!copy)
        return ODIHRX_ERR_NOMEM;
    *index = doc->nstrings;
    doc->strings[doc->nstrings++] = copy;
    return ODIHRX_OK;
}

const char *odihrx_block_section_id(const odihrx_doc *doc, uint32_t block)
{
    uint32_t s = block < doc->nblocks ? doc->blocks[block].section : ODIHRX_NONE;
    return s == ODIHRX_NONE ? "front" : doc->sections[s].id;
}

/* Without printf: the XML writer asks for an id per paragraph, and two
 * vsnprintf calls each (size, then text) were a hundredth of a run. */
const char *odihrx_block_id_in(const odihrx_doc *doc, uint32_t block,
                               char out[ODIHRX_BLOCK_ID_SIZE])
{
    const odihrx_block *b = &doc->blocks[block];
    char digits[10];
    int nd = 0;
    uint32_t v = b->ordinal;
    do
        digits[nd++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    size_t o = 0;
    if (b->kind == ODIHRX_BLOCK_LIST_ITEM)
        out[o++] = 'l', out[o++] = 'i';
    else
        out[o++] = 'p';
    while (nd > 0)
        out[o++] = digits[--nd];
    out[o] = '\0';
    return out;
}

const char *odihrx_block_id(odihrx_doc *doc, uint32_t block)
{
    char id[ODIHRX_BLOCK_ID_SIZE];
    odihrx_block_id_in(doc, block, id);
    return odihrx_arena_strndup(&doc->arena, id, strlen(id));
}

static void free_vectors(odihrx_doc *doc)
{
    odihrx_free(doc->blocks);
    odihrx_free(doc->quotes);
    odihrx_free(doc->marks);
    odihrx_free(doc->strings);
    odihrx_free(doc->sections);
    odihrx_free(doc->toc);
    odihrx_free(doc->footnotes);
    odihrx_free(doc->recs);
    odihrx_free(doc->priors);
    odihrx_free(doc->cites);
    odihrx_free(doc->keys);
    odihrx_free(doc->refs);
    odihrx_free(doc->line_start);
    odihrx_free(doc->line_raw);
    odihrx_free(doc->page_start);
    odihrx_free(doc->text_owned);
    odihrx_free(doc->diags.items);
}

void odihrx_doc_free(odihrx_doc *doc)
{
    if (!doc)
        return;
    free_vectors(doc);
    pcre2_match_data_free(doc->match_data);
    odihrx_arena_free(&doc->arena);
    odihrx_free(doc);
}

static odihrx_doc *doc_new(const odihrx_grammar *g, const odihrx_options *opt)
{
    odihrx_doc *doc = odihrx_malloc(sizeof *doc);
    if (!doc)
        return NULL;
    memset(doc, 0, sizeof *doc);
    odihrx_arena_init(&doc->arena);
    doc->grammar = g;
    doc->rec_section = ODIHRX_NONE;
    doc->meta.title_block = doc->meta.election_block = ODIHRX_NONE;
    doc->meta.mission_block = doc->meta.issued_block = ODIHRX_NONE;
    doc->match_data = pcre2_match_data_create(32, NULL);
    const char *name = opt && opt->source_name ? opt->source_name : "<input>";
    doc->name = odihrx_arena_strndup(&doc->arena, name, strlen(name));
    if (!doc->match_data || !doc->name) {
        odihrx_doc_free(doc);
        return NULL;
    }
    if (opt) {
        doc->flags = opt->flags;
        doc->format = opt->format;
        doc->forced_kind = opt->kind;
        doc->forced_encoding = opt->encoding;
    }
    return doc;
}

#define CHECK(call)                                                                            \
    do {                                                                                       \
        st = (call);                                                                           \
        if (st)                                                                                \
            goto abort;                                                                        \
    } while (0)

static odihrx_status parse(const char *data, size_t len, const odihrx_grammar *grammar,
                           const odihrx_options *options, bool decode_only, odihrx_doc **out)
{
    *out = NULL;
    if (options && options->abi_version != ODIHRX_OPTIONS_VERSION)
        return ODIHRX_ERR_INPUT;
    if (!grammar || (!data && len))
        return ODIHRX_ERR_INPUT;
    if (options && options->encoding && !odihrx_encoding_known(options->encoding))
        return ODIHRX_ERR_INPUT;
    if (options && options->kind && !odihrx_kind_known(options->kind))
        return ODIHRX_ERR_INPUT;
    odihrx_doc *doc = doc_new(grammar, options);
    if (!doc)
        return ODIHRX_ERR_NOMEM;
    odihrx_status st;
    CHECK(odihrx_stage_decode(doc, data, len));
    if (decode_only) {
        *out = doc;
        return ODIHRX_OK;
    }
    CHECK(odihrx_stage_segment(doc, grammar));
    /* Every later stage reads blocks, never the decoded text: releasing it
     * takes a whole copy of the input out of the peak memory. (Blocks
     * borrow from the text only when it is the caller's, never from a
     * copy; see odihrx_inlines_parse.) */
    odihrx_free(doc->text_owned);
    doc->text = doc->text_owned = NULL;
    CHECK(odihrx_stage_sections(doc, grammar));
    CHECK(odihrx_stage_meta(doc, grammar));
    CHECK(odihrx_stage_footnotes(doc, grammar));
    CHECK(odihrx_stage_recommendations(doc, grammar));
    CHECK(odihrx_stage_citations(doc, grammar));
    CHECK(odihrx_stage_keys(doc, grammar));
#ifndef NDEBUG
    odihrx_doc_check(doc);
#else
    if (doc->flags & ODIHRX_OPT_CHECK)
        odihrx_doc_check(doc);
#endif
    *out = doc;
    return ODIHRX_OK;
abort:
    if (st == ODIHRX_ERR_NOMEM) {
        odihrx_doc_free(doc);
        return st;
    }
    /* A limit or unusable input: the document and its diagnostics say why. */
    *out = doc;
    return st;
}

odihrx_status odihrx_doc_parse(const char *data, size_t len, const odihrx_grammar *grammar,
                               const odihrx_options *options, odihrx_doc **out)
{
    return parse(data, len, grammar, options, false, out);
}

odihrx_status odihrx_doc_decode_only(const char *data, size_t len, const odihrx_grammar *grammar,
                                     const odihrx_options *options, odihrx_doc **out)
{
    return parse(data, len, grammar, options, true, out);
}

static const char *const known_kinds[] = {"final-report", "interim-report", "preliminary-statement",
                                          "press-release", "news-item", "statement",
                                          "needs-assessment-report", "other"};

bool odihrx_kind_known(const char *kind)
{
    for (size_t i = 0; i < sizeof known_kinds / sizeof known_kinds[0]; i++)
        if (strcmp(kind, known_kinds[i]) == 0)
            return true;
    return false;
}

size_t odihrx_doc_diag_count(const odihrx_doc *doc)
{
    return doc ? doc->diags.count : 0;
}

const odihrx_diag *odihrx_doc_diag_at(const odihrx_doc *doc, size_t i)
{
    if (!doc || i >= doc->diags.count)
        return NULL;
    return &doc->diags.items[i];
}

void odihrx_doc_counts(const odihrx_doc *doc, odihrx_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!doc)
        return;
    out->sections = doc->nsections;
    out->footnotes = doc->nfootnotes;
    out->recommendations = doc->nrecs;
    out->citations = doc->ncites;
    out->keys = doc->nkeys;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == ODIHRX_BLOCK_PARA)
            out->paragraphs++;
}

const char *odihrx_doc_sha256(const odihrx_doc *doc)
{
    return doc ? doc->sha256 : "";
}

odihrx_status odihrx_doc_write_xml(const odihrx_doc *doc, odihrx_buf *out)
{
    if (!doc || !out)
        return ODIHRX_ERR_INPUT;
    return odihrx_stage_emit_xml(doc, out);
}

odihrx_status odihrx_doc_write_xml_to(const odihrx_doc *doc, odihrx_write_fn write, void *ctx)
{
    if (!doc || !write)
        return ODIHRX_ERR_INPUT;
    return odihrx_stage_emit_xml_to(doc, write, ctx);
}

/* Invariants every stage relies on; cheap enough to run in debug builds. */
bool odihrx_doc_check(odihrx_doc *doc)
{
    bool ok = true;
    for (uint32_t i = 0; i < doc->nmarks; i++) {
        const odihrx_mark *m = &doc->marks[i];
        if (m->block >= doc->nblocks || m->start > m->end ||
            m->end > doc->blocks[m->block].len) {
            odihrx_diag_add(doc, ODIHRX_ERROR, "internal", ODIHRX_NONE,
                            "internal error: inline mark %u out of its block", i);
            ok = false;
            break;
        }
    }
    for (uint32_t i = 0; i < doc->nsections; i++) {
        const odihrx_section *s = &doc->sections[i];
        if (s->heading >= doc->nblocks || s->block_end > doc->nblocks ||
            (s->parent != ODIHRX_NONE && s->parent >= i)) {
            odihrx_diag_add(doc, ODIHRX_ERROR, "internal", ODIHRX_NONE,
                            "internal error: section %u is inconsistent", i);
            ok = false;
            break;
        }
    }
    for (uint32_t i = 1; i < doc->nfootnotes; i++) {
        if (doc->footnotes[i - 1].n >= doc->footnotes[i].n) {
            odihrx_diag_add(doc, ODIHRX_ERROR, "internal", ODIHRX_NONE,
                            "internal error: footnotes not sorted");
            ok = false;
            break;
        }
    }
    return ok;
}
