/*
 * emit_xml.c: stage 8. The document model as XML (contract version 1,
 * namespace urn:odihrx:report:1), written straight into the caller's
 * buffer. Mixed content is rebuilt from each block's plain text and its
 * marks; overlapping marks are split so the output always nests. White
 * space is written only between elements that hold no text, never inside
 * mixed content.
 * Reads: the whole model. Writes: the caller's buffer, or the caller's
 * sink in pieces of 64 KiB (odihrx_doc_write_xml_to), so a large
 * document's XML is never held whole.
 *
 * The writer is a few lines rather than libxml2's xmlTextWriter: that one
 * copied every byte twice (its own buffer, then ours) and took a seventh
 * of the run time. The output is byte for byte what xmlTextWriter wrote
 * (the golden files hold it): text escapes & < > " and CR; attribute
 * values also TAB and LF; an element without content closes as "<x/>";
 * the root's namespace is declared after its attributes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "byteset.h"
#include "doc.h"
#include "grammar.h"
#include "odihrx_limits.h"

/* Open elements: sections, their blocks and the nested inline marks. */
enum { MAX_OPEN = ODIHRX_MAX_INLINE_DEPTH + 64 };

/* Streamed output is handed over in pieces of about this size. */
enum { STREAM_PIECE = 64 * 1024 };

typedef struct writer {
    odihrx_buf *out;
    odihrx_write_fn sink; /* NULL: the whole XML stays in out */
    void *sink_ctx;
    const odihrx_doc *doc;
    const char *open[MAX_OPEN];
    int depth;
    bool tag_open;  /* "<name attrs" written, its ">" not yet */
    const char *ns; /* the root's namespace, declared when its tag closes */
    int rc;         /* -1 out of memory, -2 the sink failed; sticky */
} writer;

static void flush(writer *wr)
{
    odihrx_buf *o = wr->out;
    if (wr->rc == 0 && o->size && wr->sink(wr->sink_ctx, o->data, o->size) != 0)
        wr->rc = -2;
    o->size = 0;
}

static void put(writer *wr, const char *s, size_t n)
{
    odihrx_buf *o = wr->out;
    if (wr->rc < 0 || n == 0)
        return;
    if (o->cap - o->size <= n && odihrx_buf_reserve(o, n)) {
        wr->rc = -1;
        return;
    }
    memcpy(o->data + o->size, s, n);
    o->size += n;
    if (wr->sink && o->size >= STREAM_PIECE)
        flush(wr);
}

static void puts_(writer *wr, const char *s)
{
    put(wr, s, strlen(s));
}


static const char *reference(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\t':
        return "&#9;";
    case '\n':
        return "&#10;";
    default:
        return "&#13;";
    }
}

/* s[0..n) with the bytes of `set` (odihrx_text_escapes or
 * odihrx_attr_escapes) written as references. */
static void escaped(writer *wr, const char *s, size_t n, const odihrx_byteset *set)
{
    size_t from = 0, k;
    while ((k = odihrx_byteset_next(s, from, n, set)) < n) {
        put(wr, s + from, k - from);
        puts_(wr, reference((unsigned char)s[k]));
        from = k + 1;
    }
    put(wr, s + from, n - from);
}

static void close_start_tag(writer *wr, const char *ending)
{
    if (!wr->tag_open)
        return;
    if (wr->ns) {
        puts_(wr, " xmlns=\"");
        escaped(wr, wr->ns, strlen(wr->ns), &odihrx_attr_escapes);
        put(wr, "\"", 1);
        wr->ns = NULL;
    }
    puts_(wr, ending);
    wr->tag_open = false;
}

static void start(writer *wr, const char *name)
{
    close_start_tag(wr, ">");
    if (wr->depth == MAX_OPEN) {
        wr->rc = -1; /* unreachable: marks nest at most ODIHRX_MAX_INLINE_DEPTH */
        return;
    }
    wr->open[wr->depth++] = name;
    put(wr, "<", 1);
    puts_(wr, name);
    wr->tag_open = true;
}

static void end(writer *wr)
{
    if (wr->depth == 0) {
        wr->rc = -1;
        return;
    }
    const char *name = wr->open[--wr->depth];
    if (wr->tag_open) {
        close_start_tag(wr, "/>");
        return;
    }
    put(wr, "</", 2);
    puts_(wr, name);
    put(wr, ">", 1);
}

static void attr(writer *wr, const char *name, const char *value)
{
    if (!value || !wr->tag_open)
        return;
    put(wr, " ", 1);
    puts_(wr, name);
    put(wr, "=\"", 2);
    escaped(wr, value, strlen(value), &odihrx_attr_escapes);
    put(wr, "\"", 1);
}

static void attr_u(writer *wr, const char *name, unsigned long long v)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    attr(wr, name, p);
}

static void indent(writer *wr, int depth)
{
    static const char spaces[] = "\n                                ";
    int n = depth * 2 + 1;
    if (n > (int)sizeof spaces - 1)
        n = (int)sizeof spaces - 1;
    close_start_tag(wr, ">");
    put(wr, spaces, (size_t)n);
}

static void text(writer *wr, const char *s, size_t n)
{
    if (n == 0)
        return;
    close_start_tag(wr, ">");
    escaped(wr, s, n, &odihrx_text_escapes);
}

/* ------------------------------------------------------- mixed content */

typedef struct span {
    uint32_t start, end, value;
    uint8_t kind;
} span;

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1; /* outer first */
    return (int)x->kind - (int)y->kind;
}

static const char *locator_attr(uint8_t locator)
{
    switch (locator) {
    case ODIHRX_LOC_PARAGRAPH:
        return "paragraph";
    case ODIHRX_LOC_ARTICLE:
        return "article";
    case ODIHRX_LOC_SECTION:
        return "section";
    default:
        return NULL;
    }
}

static void open_mark(writer *wr, const span *m)
{
    if (m->kind == ODIHRX_MARK_CITE) {
        const odihrx_cite *c = &wr->doc->cites[m->value];
        start(wr, "cite");
        attr(wr, "instrument", wr->doc->grammar->instruments[c->instrument].id);
        const char *la = locator_attr(c->locator);
        if (la && c->loc)
            attr(wr, la, c->loc);
        if (c->implied)
            attr(wr, "implied", "true");
        if (c->unknown)
            attr(wr, "unknown", "true");
        return;
    }
    switch (m->kind) {
    case ODIHRX_MARK_EM:
        start(wr, "em");
        break;
    case ODIHRX_MARK_STRONG:
        start(wr, "strong");
        break;
    case ODIHRX_MARK_LINK:
        start(wr, "link");
        attr(wr, "href", wr->doc->strings[m->value]);
        break;
    default:
        start(wr, "span");
        break;
    }
}

/* A mark boundary inside a UTF-8 sequence would split a character between
 * two elements and make the XML invalid: move it to the next character.
 * Stages keep boundaries on characters; this is the last line of defence. */
static uint32_t char_boundary(const odihrx_block *b, uint32_t at)
{
    while (at < b->len && ((unsigned char)b->text[at] & 0xC0) == 0x80)
        at++;
    return at;
}

/* Write text[from, to) of block b with its marks clipped to the range. */
static void mixed(writer *wr, uint32_t block, uint32_t from, uint32_t to)
{
    const odihrx_doc *doc = wr->doc;
    const odihrx_block *b = &doc->blocks[block];
    uint32_t n = 0;
    for (uint32_t k = 0; k < b->mark_count; k++) {
        const odihrx_mark *m = &doc->marks[b->mark_first + k];
        if (m->kind == ODIHRX_MARK_FNREF ? m->start >= from && m->start <= to
                                         : m->start < to && m->end > from)
            n++;
    }
    for (uint32_t k = 0; k < b->cite_count; k++) {
        const odihrx_cite *c = &doc->cites[b->cite_first + k];
        if (c->start < to && c->end > from)
            n++;
    }
    if (n == 0) {
        text(wr, b->text + from, to - from);
        return;
    }
    span *sp = malloc(sizeof *sp * n);
    if (!sp) {
        wr->rc = -1;
        return;
    }
    n = 0;
    for (uint32_t k = 0; k < b->mark_count; k++) {
        const odihrx_mark *m = &doc->marks[b->mark_first + k];
        bool in = m->kind == ODIHRX_MARK_FNREF ? m->start >= from && m->start <= to
                                               : m->start < to && m->end > from;
        if (!in)
            continue;
        span s = {.start = char_boundary(b, m->start < from ? from : m->start),
                  .end = char_boundary(b, m->end > to ? to : m->end),
                  .value = m->value,
                  .kind = m->kind};
        if (s.start > to)
            s.start = to;
        if (s.end > to)
            s.end = to;
        if (s.end < s.start)
            s.end = s.start;
        sp[n++] = s;
    }
    for (uint32_t k = 0; k < b->cite_count; k++) {
        const odihrx_cite *c = &doc->cites[b->cite_first + k];
        if (!(c->start < to && c->end > from))
            continue;
        span s = {.start = char_boundary(b, c->start < from ? from : c->start),
                  .end = char_boundary(b, c->end > to ? to : c->end),
                  .value = b->cite_first + k,
                  .kind = ODIHRX_MARK_CITE};
        if (s.start > to)
            s.start = to;
        if (s.end > to)
            s.end = to;
        if (s.end < s.start)
            s.end = s.start;
        sp[n++] = s;
    }
    qsort(sp, n, sizeof *sp, cmp_span);
    const span *stack[ODIHRX_MAX_INLINE_DEPTH];
    int depth = 0;
    uint32_t pos = from;
    uint32_t next = 0;
    while (pos < to || next < n || depth > 0) {
        /* the next boundary: a mark's end on the stack, or the next start */
        uint32_t until = to;
        for (int d = 0; d < depth; d++)
            if (stack[d]->end < until)
                until = stack[d]->end;
        if (next < n && sp[next].start < until)
            until = sp[next].start;
        text(wr, b->text + pos, until - pos);
        pos = until;
        /* close marks ending here; reopen the ones above that go on */
        int lowest = -1;
        for (int d = 0; d < depth; d++)
            if (stack[d]->end <= pos) {
                lowest = d;
                break;
            }
        if (lowest >= 0) {
            const span *keep[ODIHRX_MAX_INLINE_DEPTH];
            int nkeep = 0;
            for (int d = depth - 1; d >= lowest; d--) {
                end(wr);
                if (stack[d]->end > pos)
                    keep[nkeep++] = stack[d];
            }
            depth = lowest;
            for (int k = nkeep - 1; k >= 0; k--) {
                open_mark(wr, keep[k]);
                stack[depth++] = keep[k];
            }
        }
        while (next < n && sp[next].start == pos) {
            const span *m = &sp[next++];
            if (m->kind == ODIHRX_MARK_FNREF) {
                start(wr, "fnref");
                attr_u(wr, "n", m->value);
                end(wr);
            } else if (m->end > m->start && depth < ODIHRX_MAX_INLINE_DEPTH) {
                open_mark(wr, m);
                stack[depth++] = m;
            }
        }
        if (pos >= to && next >= n) {
            while (depth > 0) {
                end(wr);
                depth--;
            }
            break;
        }
    }
    free(sp);
}

static void block_text(writer *wr, uint32_t block)
{
    mixed(wr, block, 0, wr->doc->blocks[block].len);
}

/* ----------------------------------------------------------------- meta */

static const char *format_name(odihrx_format f)
{
    switch (f) {
    case ODIHRX_FORMAT_MARKDOWN:
        return "markdown";
    case ODIHRX_FORMAT_HTML:
        return "html";
    default:
        return "text";
    }
}

static void meta(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    const odihrx_meta *m = &doc->meta;
    indent(wr, 1);
    start(wr, "meta");
    if (m->title) {
        indent(wr, 2);
        start(wr, "title");
        text(wr, m->title, strlen(m->title));
        end(wr);
    }
    if (m->country) {
        indent(wr, 2);
        start(wr, "country");
        attr(wr, "code", m->country_code);
        text(wr, m->country, strlen(m->country));
        end(wr);
    }
    if (m->election_type || m->election_date) {
        indent(wr, 2);
        start(wr, "election");
        attr(wr, "type", m->election_type);
        attr(wr, "date", m->election_date);
        if (m->election_early)
            attr(wr, "early", "true");
        end(wr);
    }
    if (m->mission_type) {
        indent(wr, 2);
        start(wr, "mission");
        attr(wr, "type", m->mission_type);
        text(wr, m->mission_name, strlen(m->mission_name));
        end(wr);
    }
    if (m->issued_place || m->issued_date || m->issued_by) {
        indent(wr, 2);
        start(wr, "issued");
        attr(wr, "place", m->issued_place);
        attr(wr, "date", m->issued_date);
        attr(wr, "by", m->issued_by);
        end(wr);
    }
    if (m->symbol) {
        indent(wr, 2);
        start(wr, "symbol");
        text(wr, m->symbol, strlen(m->symbol));
        end(wr);
    }
    indent(wr, 2);
    start(wr, "source");
    attr(wr, "name", doc->name);
    if (doc->sha256[0])
        attr(wr, "sha256", doc->sha256);
    attr(wr, "format", format_name(doc->format));
    attr_u(wr, "bytes", doc->raw_bytes);
    attr(wr, "encoding", doc->encoding);
    end(wr);
    indent(wr, 1);
    end(wr);
}

/* ----------------------------------------------------------------- body */

typedef struct body_state {
    int depth;          /* element depth of the current container */
    bool in_list, in_table, in_toc;
    uint32_t list_level;
    uint32_t quote; /* next doc->quotes entry to consider */
} body_state;

static void close_groups(writer *wr, body_state *bs)
{
    if (bs->in_list || bs->in_table || bs->in_toc) {
        indent(wr, bs->depth + 1);
        end(wr);
    }
    bs->in_list = bs->in_table = bs->in_toc = false;
}

static void line_attr(writer *wr, uint32_t line)
{
    attr_u(wr, "line", (unsigned long long)line + 1);
}

static void table_row(writer *wr, body_state *bs, uint32_t i)
{
    const odihrx_block *b = &wr->doc->blocks[i];
    if (!bs->in_table || (b->flags & ODIHRX_BF_GROUP_START)) {
        close_groups(wr, bs);
        indent(wr, bs->depth + 1);
        start(wr, "table");
        bs->in_table = true;
    }
    indent(wr, bs->depth + 2);
    start(wr, "row");
    line_attr(wr, b->line);
    uint32_t from = 0;
    for (uint32_t k = 0; k <= b->len; k++) {
        if (k == b->len || b->text[k] == '\t') {
            start(wr, "cell");
            mixed(wr, i, from, k);
            end(wr);
            from = k + 1;
        }
    }
    end(wr);
}

static void toc_entry(writer *wr, body_state *bs, uint32_t i, uint32_t *t)
{
    const odihrx_doc *doc = wr->doc;
    const odihrx_block *b = &doc->blocks[i];
    /* a title after entries opens a contents table of its own */
    if (!bs->in_toc || (b->flags & ODIHRX_BF_TITLE)) {
        close_groups(wr, bs);
        indent(wr, bs->depth + 1);
        start(wr, "toc");
        line_attr(wr, b->line);
        bs->in_toc = true;
    }
    if (b->flags & ODIHRX_BF_TITLE) {
        indent(wr, bs->depth + 2);
        start(wr, "title");
        block_text(wr, i);
        end(wr);
        return;
    }
    while (*t < doc->ntoc && doc->toc[*t].block < i)
        (*t)++;
    if (*t == doc->ntoc || doc->toc[*t].block != i) {
        indent(wr, bs->depth + 2);
        start(wr, "entry");
        line_attr(wr, b->line);
        block_text(wr, i);
        end(wr);
        return;
    }
    /* a line the converter ran several entries into holds them all */
    for (; *t < doc->ntoc && doc->toc[*t].block == i; (*t)++) {
        const odihrx_toc_entry *e = &doc->toc[*t];
        indent(wr, bs->depth + 2);
        start(wr, "entry");
        line_attr(wr, b->line);
        attr(wr, "num", e->num);
        if (e->page)
            attr_u(wr, "page", e->page);
        if (e->section != ODIHRX_NONE)
            attr(wr, "section", doc->sections[e->section].id);
        text(wr, e->title, strlen(e->title));
        end(wr);
    }
}

static void body_block(writer *wr, body_state *bs, uint32_t i, uint32_t *toc_at)
{
    const odihrx_doc *doc = wr->doc;
    char id[ODIHRX_BLOCK_ID_SIZE];
    const odihrx_block *b = &doc->blocks[i];
    if (b->flags & ODIHRX_BF_FURNITURE)
        return; /* navigation, labels, lines told in <meta> */
    switch (b->kind) {
    case ODIHRX_BLOCK_FOOTNOTE:
        return; /* in <footnotes> */
    case ODIHRX_BLOCK_TABLE_ROW:
        table_row(wr, bs, i);
        return;
    case ODIHRX_BLOCK_TOC_ENTRY:
        toc_entry(wr, bs, i, toc_at);
        return;
    case ODIHRX_BLOCK_LIST_ITEM:
        if (!bs->in_list) {
            close_groups(wr, bs);
            indent(wr, bs->depth + 1);
            start(wr, "list");
            attr(wr, "type", b->flags & ODIHRX_BF_BULLET ? "bullet" : "ordered");
            bs->in_list = true;
        }
        indent(wr, bs->depth + 2);
        start(wr, "item");
        attr(wr, "id", odihrx_block_id_in(doc, i, id));
        if (b->number)
            attr_u(wr, "n", b->number);
        line_attr(wr, b->line);
        block_text(wr, i);
        end(wr);
        return;
    case ODIHRX_BLOCK_HEADING:
        close_groups(wr, bs);
        indent(wr, bs->depth + 1);
        start(wr, b->flags & ODIHRX_BF_SECTION ? "heading" : "subheading");
        if (!(b->flags & ODIHRX_BF_SECTION))
            line_attr(wr, b->line);
        block_text(wr, i);
        end(wr);
        return;
    default:
        close_groups(wr, bs);
        indent(wr, bs->depth + 1);
        start(wr, "p");
        attr(wr, "id", odihrx_block_id_in(doc, i, id));
        line_attr(wr, b->line);
        if (b->flags & ODIHRX_BF_JOINED)
            attr(wr, "joined", "true");
        /* quotes are in block order, and so are the paragraphs */
        while (bs->quote < doc->nquotes && doc->quotes[bs->quote].block < i)
            bs->quote++;
        if (bs->quote < doc->nquotes && doc->quotes[bs->quote].block == i) {
            attr(wr, "speaker", doc->quotes[bs->quote].speaker);
            attr(wr, "role", doc->quotes[bs->quote].role);
        }
        block_text(wr, i);
        end(wr);
        return;
    }
}

static const char *section_kind(uint8_t k)
{
    switch (k) {
    case ODIHRX_SECTION_CHAPTER:
        return "chapter";
    case ODIHRX_SECTION_LETTERED:
        return "subsection";
    case ODIHRX_SECTION_ANNEX:
        return "annex";
    default:
        return "unnumbered";
    }
}

static void open_section(writer *wr, body_state *bs, uint32_t s)
{
    const odihrx_doc *doc = wr->doc;
    const odihrx_section *sec = &doc->sections[s];
    close_groups(wr, bs);
    indent(wr, bs->depth + 1);
    start(wr, "section");
    attr(wr, "id", sec->id);
    attr(wr, "num", sec->num);
    attr(wr, "kind", section_kind(sec->kind));
    line_attr(wr, doc->blocks[sec->heading].line);
    bs->depth++;
}

static void close_section(writer *wr, body_state *bs)
{
    close_groups(wr, bs);
    indent(wr, bs->depth);
    end(wr);
    bs->depth--;
}

static void body(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    body_state bs = {.depth = 1};
    uint32_t toc_at = 0;
    indent(wr, 1);
    start(wr, "body");
    /* Front matter: blocks before the first section. */
    uint32_t first = doc->nsections ? doc->sections[0].heading : doc->nblocks;
    bool front_open = false;
    for (uint32_t i = 0; i < first; i++) {
        if (doc->blocks[i].kind == ODIHRX_BLOCK_FOOTNOTE)
            continue;
        if (!front_open) {
            indent(wr, bs.depth + 1);
            start(wr, "front");
            attr(wr, "id", "front");
            line_attr(wr, doc->blocks[i].line);
            bs.depth++;
            front_open = true;
        }
        body_block(wr, &bs, i, &toc_at);
    }
    if (front_open)
        close_section(wr, &bs);
    /* Each block knows its innermost section; moving to another section
     * closes what the new one is not inside of and opens the rest. */
    uint32_t path[8];
    int npath = 0;
    for (uint32_t i = first; i < doc->nblocks; i++) {
        uint32_t want[8];
        int nwant = 0;
        for (uint32_t s = doc->blocks[i].section; s != ODIHRX_NONE && nwant < 8;
             s = doc->sections[s].parent)
            want[nwant++] = s;
        /* want[] runs innermost first; compare from the outside in */
        int common = 0;
        while (common < npath && common < nwant && path[common] == want[nwant - 1 - common])
            common++;
        while (npath > common) {
            close_section(wr, &bs);
            npath--;
        }
        while (npath < nwant) {
            path[npath] = want[nwant - 1 - npath];
            open_section(wr, &bs, path[npath]);
            npath++;
        }
        body_block(wr, &bs, i, &toc_at);
    }
    int nopen = npath;
    while (nopen-- > 0)
        close_section(wr, &bs);
    close_groups(wr, &bs);
    indent(wr, 1);
    end(wr);
}

/* ------------------------------------------------------------ footnotes */

static void footnotes(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    if (doc->nfootnotes == 0)
        return;
    indent(wr, 1);
    start(wr, "footnotes");
    for (uint32_t k = 0; k < doc->nfootnotes; k++) {
        const odihrx_footnote *f = &doc->footnotes[k];
        const odihrx_block *b = &doc->blocks[f->block];
        char id[24];
        snprintf(id, sizeof id, "fn%u", f->n);
        indent(wr, 2);
        start(wr, "footnote");
        attr_u(wr, "n", f->n);
        attr(wr, "id", id);
        if (f->ref_block != ODIHRX_NONE)
            attr(wr, "section", odihrx_block_section_id(doc, f->ref_block));
        line_attr(wr, b->line);
        block_text(wr, f->block);
        end(wr);
    }
    indent(wr, 1);
    end(wr);
}

/* ------------------------------------------------------ recommendations */

static const char *basis_name(uint8_t b)
{
    return b == ODIHRX_BASIS_CITED ? "cited" : b == ODIHRX_BASIS_SECTION ? "section" : "lexicon";
}

static void recommendations(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    char id[ODIHRX_BLOCK_ID_SIZE];
    uint32_t key_storage = 0, *key_at = &key_storage;
    if (doc->nrecs == 0)
        return;
    indent(wr, 1);
    start(wr, "recommendations");
    for (uint32_t k = 0; k < doc->nrecs; k++) {
        const odihrx_recommendation *r = &doc->recs[k];
        indent(wr, 2);
        start(wr, "recommendation");
        attr_u(wr, "n", r->n);
        attr(wr, "id", r->id);
        attr(wr, "priority", r->key ? "key" : r->priority ? "true" : "false");
        attr(wr, "topic", r->topic);
        line_attr(wr, doc->blocks[r->block].line);
        attr(wr, "item", odihrx_block_id_in(doc, r->block, id));
        indent(wr, 3);
        start(wr, "text");
        block_text(wr, r->block);
        for (uint32_t j = r->block + 1; j < r->more_end; j++) {
            if (odihrx_rec_goes_on(doc, j)) {
                text(wr, " ", 1);
                block_text(wr, j);
            }
        }
        end(wr);
        if (r->inline_block != ODIHRX_NONE) {
            indent(wr, 3);
            start(wr, "inline");
            attr(wr, "section", odihrx_block_section_id(doc, r->inline_block));
            attr(wr, "p", odihrx_block_id_in(doc, r->inline_block, id));
            end(wr);
        }
        /* keys are grouped by recommendation, in recommendation order */
        while (*key_at < doc->nkeys && doc->keys[*key_at].rec < k)
            (*key_at)++;
        for (; *key_at < doc->nkeys && doc->keys[*key_at].rec == k; (*key_at)++) {
            const odihrx_key *key = &doc->keys[*key_at];
            indent(wr, 3);
            start(wr, "key");
            attr(wr, "paragraph", doc->grammar->catalog[key->paragraph].paragraph);
            attr(wr, "basis", basis_name(key->basis));
            attr(wr, "via", key->via);
            end(wr);
        }
        indent(wr, 2);
        end(wr);
    }
    indent(wr, 1);
    end(wr);
}

static const char *status_name(uint8_t s)
{
    static const char *const names[] = {"fully", "mostly", "partially", "not"};
    return s < 4 ? names[s] : "not";
}

static void followup(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    if (doc->npriors == 0)
        return;
    indent(wr, 1);
    start(wr, "followup");
    for (uint32_t k = 0; k < doc->npriors; k++) {
        const odihrx_prior *p = &doc->priors[k];
        const odihrx_block *b = &doc->blocks[p->block];
        indent(wr, 2);
        start(wr, "prior");
        attr(wr, "report", p->report);
        attr(wr, "status", status_name(p->status));
        attr(wr, "recommendations", p->numbers);
        char id[24];
        if (b->kind == ODIHRX_BLOCK_FOOTNOTE) {
            snprintf(id, sizeof id, "fn%u", b->number);
            attr(wr, "footnote", id);
        } else {
            attr(wr, "p", odihrx_block_id_in(doc, p->block, id));
        }
        end(wr);
    }
    indent(wr, 1);
    end(wr);
}

/* The index by Copenhagen paragraph: refs are sorted by catalog row. */
static void copenhagen(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    if (doc->nrefs == 0)
        return;
    indent(wr, 1);
    start(wr, "copenhagen");
    for (uint32_t i = 0; i < doc->nrefs;) {
        uint32_t row = doc->refs[i].paragraph;
        const odihrx_catalog_row *cat = &doc->grammar->catalog[row];
        indent(wr, 2);
        start(wr, "paragraph");
        attr(wr, "n", cat->paragraph);
        attr(wr, "subject", cat->subject);
        for (; i < doc->nrefs && doc->refs[i].paragraph == row; i++) {
            indent(wr, 3);
            start(wr, "ref");
            attr(wr, "to", doc->refs[i].to);
            attr(wr, "basis", basis_name(doc->refs[i].basis));
            end(wr);
        }
        indent(wr, 2);
        end(wr);
    }
    indent(wr, 1);
    end(wr);
}

static void document(writer *wr)
{
    const odihrx_doc *doc = wr->doc;
    puts_(wr, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    start(wr, "report");
    wr->ns = ODIHRX_NAMESPACE;
    attr(wr, "version", "1");
    attr(wr, "kind", doc->meta.kind);
    attr(wr, "lang", doc->meta.lang);
    meta(wr);
    body(wr);
    footnotes(wr);
    recommendations(wr);
    followup(wr);
    copenhagen(wr);
    indent(wr, 0);
    while (wr->depth > 0)
        end(wr);
    put(wr, "\n", 1);
}

odihrx_status odihrx_stage_emit_xml(const odihrx_doc *doc, odihrx_buf *out)
{
    size_t start_size = out->size;
    /* the XML is about twice the text; reserving it spares regrowth */
    if (odihrx_buf_reserve(out, doc->text_len * 2 + 4096))
        return ODIHRX_ERR_NOMEM;
    writer wrs = {.out = out, .doc = doc, .rc = 0};
    document(&wrs);
    if (wrs.rc < 0 || odihrx_buf_reserve(out, 0)) {
        out->size = start_size;
        if (out->data)
            out->data[start_size] = '\0';
        return ODIHRX_ERR_NOMEM;
    }
    out->data[out->size] = '\0';
    return ODIHRX_OK;
}

odihrx_status odihrx_stage_emit_xml_to(const odihrx_doc *doc, odihrx_write_fn sink, void *ctx)
{
    odihrx_buf piece = {0};
    if (odihrx_buf_reserve(&piece, STREAM_PIECE + 4096))
        return ODIHRX_ERR_NOMEM;
    writer wrs = {.out = &piece, .sink = sink, .sink_ctx = ctx, .doc = doc, .rc = 0};
    document(&wrs);
    flush(&wrs);
    odihrx_buf_free(&piece);
    return wrs.rc == 0 ? ODIHRX_OK : wrs.rc == -2 ? ODIHRX_ERR_IO : ODIHRX_ERR_NOMEM;
}
