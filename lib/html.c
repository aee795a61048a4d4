/*
 * html.c: stage 2 for HTML input. libxml2's HTML parser builds the tree;
 * one iterative walk (no recursion the input could deepen) turns it into
 * the same blocks and marks that segment.c makes from text: h1-h6 headings,
 * p and text-holding div paragraphs, li list items, tr table rows, pandoc's
 * end-note footnotes (section.footnotes li#fnN) and page-bottom notes
 * (elements with class "footnote" holding a leading number), em/i, strong/b,
 * links and <sup>N</sup> or pandoc footnote-ref markers.
 * Reads: doc->text. Writes: doc->blocks, doc->marks.
 */
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "buf.h"
#include "grammar.h"
#include "leader.h"
#include "odihrx_limits.h"

typedef struct open_mark {
    uint8_t kind;
    uint32_t start;
    uint32_t value;
    const xmlNode *node; /* closes when the walk leaves this element */
} open_mark;

typedef struct builder {
    odihrx_doc *doc;
    odihrx_buf text;
    bool space; /* a space is pending before the next word */
    open_mark marks[ODIHRX_MAX_INLINE_DEPTH];
    int nmarks;
    /* finished marks of the current block, offsets into text */
    odihrx_mark *done;
    uint32_t ndone, capdone;
    uint32_t para_no, item_no;
} builder;

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

static const char *attr_of(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0 && a->children &&
            a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static bool has_class(const xmlNode *n, const char *cls)
{
    const char *c = attr_of(n, "class");
    if (!c)
        return false;
    size_t k = strlen(cls);
    for (const char *p = c; (p = strstr(p, cls)); p += k)
        if ((p == c || p[-1] == ' ') && (p[k] == '\0' || p[k] == ' '))
            return true;
    return false;
}

static bool block_element(const xmlNode *n)
{
    static const char *const names[] = {"p",  "h1", "h2",    "h3",    "h4",      "h5",
                                        "h6", "li", "tr",    "div",   "section", "ul",
                                        "ol", "table", "tbody", "thead", "article", "main",
                                        "blockquote", "header", "footer", "nav", "aside",
                                        "figure", "dl", "dt", "dd", "hr", "body", "html"};
    if (n->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (name_is(n, names[i]))
            return true;
    return false;
}

static bool skipped(const xmlNode *n)
{
    return name_is(n, "script") || name_is(n, "style") || name_is(n, "nav") ||
           name_is(n, "head") || name_is(n, "noscript") || name_is(n, "template");
}

/* ------------------------------------------------------------- text */

static odihrx_status add_text(builder *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            b->space = b->text.size > 0;
            continue;
        }
        /* U+00A0 no-break space counts as space */
        if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
            b->space = b->text.size > 0;
            s++;
            continue;
        }
        if (b->space && odihrx_buf_putc(&b->text, ' '))
            return ODIHRX_ERR_NOMEM;
        b->space = false;
        if (odihrx_buf_putc(&b->text, (char)c))
            return ODIHRX_ERR_NOMEM;
        if (b->text.size > ODIHRX_MAX_BLOCK_BYTES)
            return ODIHRX_ERR_LIMIT;
    }
    return ODIHRX_OK;
}

static odihrx_status finish_mark(builder *b, uint8_t kind, uint32_t start, uint32_t end,
                                 uint32_t value)
{
    if (end <= start && kind != ODIHRX_MARK_FNREF)
        return ODIHRX_OK;
    odihrx_status st = odihrx_vec_grow((void **)&b->done, &b->ndone, &b->capdone,
                                       sizeof *b->done, ODIHRX_MAX_MARKS);
    if (st)
        return st;
    b->done[b->ndone++] =
        (odihrx_mark){.start = start, .end = end, .value = value, .kind = kind};
    return ODIHRX_OK;
}

/* Footnote numbers inside <sup> or a footnote-ref link: "12". */
static uint32_t number_in(const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    uint32_t v = 0;
    bool digits = t && t[0];
    for (const xmlChar *p = t; p && *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (v < 1000000)
                v = v * 10 + (uint32_t)(*p - '0');
        } else if (*p != ' ' && *p != '[' && *p != ']') {
            digits = false;
        }
    }
    xmlFree(t);
    return digits ? v : 0;
}

/* --------------------------------------------------------- blocks */

static bool starts_lowercase(const char *s, size_t n)
{
    if (n == 0)
        return false;
    unsigned char c = (unsigned char)s[0];
    if (c >= 'a' && c <= 'z')
        return true;
    return n > 1 && ((c == 0xD0 && (unsigned char)s[1] >= 0xB0) ||
                     (c == 0xD1 && (unsigned char)s[1] <= 0x9F));
}

/* A paragraph that starts mid-sentence continues the last paragraph or
 * list item (page breaks of the PDF the HTML was made from); footnote
 * bodies may stand between. ODIHRX_ERR_INPUT: nothing to join to. */
static odihrx_status join_previous(builder *b)
{
    odihrx_doc *doc = b->doc;
    uint32_t i = doc->nblocks;
    while (i > 0 && doc->blocks[i - 1].kind == ODIHRX_BLOCK_FOOTNOTE)
        i--;
    if (i == 0 || (doc->blocks[i - 1].kind != ODIHRX_BLOCK_PARA &&
                   doc->blocks[i - 1].kind != ODIHRX_BLOCK_LIST_ITEM))
        return ODIHRX_ERR_INPUT;
    odihrx_block *prev = &doc->blocks[i - 1];
    size_t len = (size_t)prev->len + 1 + b->text.size;
    char *t = odihrx_arena_alloc(&doc->arena, len + 1);
    if (!t)
        return ODIHRX_ERR_NOMEM;
    memcpy(t, prev->text, prev->len);
    t[prev->len] = ' ';
    memcpy(t + prev->len + 1, b->text.data, b->text.size);
    t[len] = '\0';
    /* the block's marks move to the end so they stay contiguous */
    uint32_t first = doc->nmarks, shift = prev->len + 1;
    for (uint32_t k = 0; k < prev->mark_count; k++) {
        odihrx_mark m = doc->marks[prev->mark_first + k];
        doc->marks[prev->mark_first + k].kind = ODIHRX_MARK_MOVED;
        odihrx_status st = odihrx_mark_add(doc, i - 1, m.kind, m.start, m.end, m.value);
        if (st)
            return st;
    }
    for (uint32_t k = 0; k < b->ndone; k++) {
        const odihrx_mark *m = &b->done[k];
        odihrx_status st = odihrx_mark_add(doc, i - 1, m->kind, m->start + shift, m->end + shift,
                                           m->value);
        if (st)
            return st;
    }
    prev = &doc->blocks[i - 1];
    prev->text = t;
    prev->len = (uint32_t)len;
    prev->mark_first = first;
    prev->mark_count = doc->nmarks - first;
    prev->flags |= ODIHRX_BF_JOINED;
    prev->flags &= (uint16_t)~(ODIHRX_BF_ITALIC | ODIHRX_BF_BOLD);
    b->text.size = 0;
    b->ndone = 0;
    b->space = false;
    return ODIHRX_OK;
}

static bool contents_entry(const odihrx_block *blk)
{
    return blk->kind == ODIHRX_BLOCK_PARA && odihrx_ends_in_leader_page(blk->text, blk->len);
}

/* The second line of a contents entry that the converter made a paragraph
 * of its own ("XVII. ANNOUNCEMENT OF RESULTS AND POST-ELECTION" /
 * "DEVELOPMENTS ..... 32"): it ends in the page, the line before it has
 * none (not even one without a leader: "... MISSION 31") and no full stop,
 * and the entry before that ends in its page. */
static bool wrapped_entry(const odihrx_doc *doc, const char *s, size_t n)
{
    if (doc->nblocks < 2 || n > 400 || !odihrx_ends_in_leader_page(s, (uint32_t)n))
        return false;
    const odihrx_block *prev = &doc->blocks[doc->nblocks - 1];
    return prev->kind == ODIHRX_BLOCK_PARA && prev->len && prev->len <= 150 &&
           prev->text[prev->len - 1] != '.' &&
           (prev->text[prev->len - 1] < '0' || prev->text[prev->len - 1] > '9') &&
           !contents_entry(prev) &&
           contents_entry(&doc->blocks[doc->nblocks - 2]);
}

/* A paragraph that is a chapter's or an annex's title as the text formats
 * print one: short, numbered, no full stop at its end, no contents leader. */
static bool numbered_title(odihrx_doc *doc, const odihrx_block *blk)
{
    const odihrx_grammar *g = doc->grammar;
    uint32_t e;
    if (!g || blk->len > 150 || blk->text[blk->len - 1] == '.' ||
        odihrx_leader_page(blk->text, blk->len, 0, &e) < blk->len)
        return false;
    return odihrx_match(doc, g->pat[ODIHRX_PAT_HEADING_CHAPTER], blk->text, blk->len, 0,
                        blk->line) > 0 ||
           odihrx_match(doc, g->pat[ODIHRX_PAT_HEADING_ANNEX], blk->text, blk->len, 0,
                        blk->line) > 0;
}

static odihrx_status flush(builder *b, uint8_t kind, uint32_t line, uint32_t number,
                           uint16_t flags, uint8_t level)
{
    odihrx_doc *doc = b->doc;
    /* trailing spaces, and the separator after a row's last cell */
    while (b->text.size && (b->text.data[b->text.size - 1] == ' ' ||
                            (kind == ODIHRX_BLOCK_TABLE_ROW && b->text.data[b->text.size - 1] == '\t')))
        b->text.size--;
    if (b->text.size == 0 && b->ndone == 0) {
        b->space = false;
        return ODIHRX_OK;
    }
    if (kind == ODIHRX_BLOCK_PARA && (starts_lowercase(b->text.data, b->text.size) ||
                                      wrapped_entry(doc, b->text.data, b->text.size))) {
        odihrx_status st = join_previous(b);
        if (st != ODIHRX_ERR_INPUT)
            return st;
    }
    bool after_entry = doc->nblocks && contents_entry(&doc->blocks[doc->nblocks - 1]);
    odihrx_block *blk = odihrx_block_add(doc);
    if (!blk)
        return doc->nblocks >= ODIHRX_MAX_BLOCKS ? ODIHRX_ERR_LIMIT : ODIHRX_ERR_NOMEM;
    uint32_t index = doc->nblocks - 1;
    blk->kind = kind;
    blk->line = blk->line_last = line;
    blk->number = number;
    blk->flags = flags;
    blk->level = level;
    if (kind == ODIHRX_BLOCK_PARA)
        blk->ordinal = ++b->para_no;
    else if (kind == ODIHRX_BLOCK_LIST_ITEM)
        blk->ordinal = ++b->item_no;
    char *t = odihrx_arena_strndup(&doc->arena, b->text.data ? b->text.data : "", b->text.size);
    if (!t)
        return ODIHRX_ERR_NOMEM;
    blk->text = t;
    blk->len = (uint32_t)b->text.size;
    blk->mark_first = doc->nmarks;
    for (uint32_t k = 0; k < b->ndone; k++) {
        odihrx_mark *m = &b->done[k];
        uint32_t end = m->end > blk->len ? blk->len : m->end;
        uint32_t start = m->start > end ? end : m->start;
        odihrx_status st = odihrx_mark_add(doc, index, m->kind, start, end, m->value);
        if (st)
            return st;
        if (m->kind == ODIHRX_MARK_EM && start == 0 && end == blk->len)
            blk->flags |= ODIHRX_BF_ITALIC;
        if (m->kind == ODIHRX_MARK_STRONG && start == 0 && end == blk->len)
            blk->flags |= ODIHRX_BF_BOLD;
    }
    blk->mark_count = doc->nmarks - blk->mark_first;
    /* a short paragraph all in bold is a heading ("**I. SUMMARY**"), and
     * so is a numbered title in plain type ("VI. VOTER REGISTRATION") */
    if (kind == ODIHRX_BLOCK_PARA && blk->len &&
        (((blk->flags & ODIHRX_BF_BOLD) && blk->len < 300 && blk->text[blk->len - 1] != '.') ||
         (!after_entry && numbered_title(doc, blk)))) {
        blk->kind = ODIHRX_BLOCK_HEADING;
        blk->ordinal = 0;
        b->para_no--;
    }
    b->text.size = 0;
    b->ndone = 0;
    b->space = false;
    return ODIHRX_OK;
}

typedef struct frame {
    const xmlNode *node;
    bool entered;
} frame;

typedef struct context {
    uint8_t kind;    /* block kind the current text belongs to */
    uint32_t number; /* list item / footnote number */
    uint16_t flags;
    uint8_t level;
    uint32_t line;
    const xmlNode *owner; /* the element whose end flushes the block */
    char label[16];       /* "VI. ": the number an <ol type="I"> prints */
} context;

/* The label of item number v (1 to 399) of a list numbered in upper-case
 * Roman numerals or letters ("VI. ", "B. "), as the report printed it. */
static void upper_label(char out[16], char type, uint32_t v)
{
    static const struct {
        uint32_t value;
        const char *digits;
    } roman[] = {{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"},
                 {9, "IX"},  {5, "V"},   {4, "IV"},  {1, "I"}};
    size_t o = 0;
    if (type == 'A') {
        out[o++] = (char)('A' + (v - 1) % 26);
    } else {
        for (size_t k = 0; k < sizeof roman / sizeof roman[0]; k++)
            for (; v >= roman[k].value; v -= roman[k].value) /* 399: CCCXCIX */
                for (const char *d = roman[k].digits; *d; d++)
                    out[o++] = *d;
    }
    memcpy(out + o, ". ", 3);
}

static uint32_t line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (uint32_t)l - 1 : 0;
}

/* What block an element starts, if any. */
/* Is tr the first row of its table: no row before it in the table, nor in
 * an earlier thead or tbody of it? */
static bool first_row(const xmlNode *tr)
{
    for (const xmlNode *n = tr; n && !name_is(n, "table"); n = n->parent) {
        for (const xmlNode *p = n->prev; p; p = p->prev) {
            if (name_is(p, "tr"))
                return false;
            if (name_is(p, "thead") || name_is(p, "tbody") || name_is(p, "tfoot"))
                for (const xmlNode *q = p->children; q; q = q->next)
                    if (name_is(q, "tr"))
                        return false;
        }
    }
    return true;
}

static bool starts_block(const xmlNode *n, bool in_notes, context *c, uint32_t *ol_counter)
{
    c->flags = 0;
    c->number = 0;
    c->level = 0;
    c->line = line_of(n);
    c->owner = n;
    c->label[0] = '\0';
    if (n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && n->name[2] == '\0') {
        c->kind = ODIHRX_BLOCK_HEADING;
        c->level = (uint8_t)(n->name[1] - '0');
        return true;
    }
    if (name_is(n, "li")) {
        const char *id = attr_of(n, "id");
        if (in_notes || (id && strncmp(id, "fn", 2) == 0 && id[2] >= '0' && id[2] <= '9')) {
            c->kind = ODIHRX_BLOCK_FOOTNOTE;
            /* the number in id="fnN", else the note's place in its list;
             * never 0, and never past the largest footnote number */
            uint32_t v = 0;
            if (id && strncmp(id, "fn", 2) == 0)
                for (const char *p = id + 2; *p >= '0' && *p <= '9'; p++)
                    v = v < ODIHRX_MAX_FOOTNOTE_NUMBER ? v * 10 + (uint32_t)(*p - '0') : v;
            if (v == 0 || v > ODIHRX_MAX_FOOTNOTE_NUMBER)
                v = ++*ol_counter;
            c->number = v;
            return true;
        }
        c->kind = ODIHRX_BLOCK_LIST_ITEM;
        if (n->parent && name_is(n->parent, "ol"))
            c->number = ++*ol_counter;
        else
            c->flags |= ODIHRX_BF_BULLET;
        /* A word processor numbers chapters and their contents entries
         * as lists ("VI." before "VOTER REGISTRATION"): with its label the
         * item reads as the line the report printed, and the later stages
         * take it for the heading or entry it is. */
        const char *type = n->parent && name_is(n->parent, "ol") ? attr_of(n->parent, "type") : NULL;
        if (type && (type[0] == 'I' || type[0] == 'A') && type[1] == '\0' && c->number &&
            c->number <= 399) {
            c->kind = ODIHRX_BLOCK_PARA;
            upper_label(c->label, type[0], c->number);
        }
        return true;
    }
    if (name_is(n, "tr")) {
        c->kind = ODIHRX_BLOCK_TABLE_ROW;
        if (first_row(n))
            c->flags |= ODIHRX_BF_GROUP_START; /* two tables in a row stay two */
        return true;
    }
    if (name_is(n, "p") || name_is(n, "dt") || name_is(n, "dd") || name_is(n, "blockquote")) {
        c->kind = ODIHRX_BLOCK_PARA;
        /* "<p><sup>12</sup> Text</p>": a footnote body printed as a paragraph */
        const xmlNode *first = n->children;
        while (first && first->type == XML_TEXT_NODE && first->content &&
               strspn((const char *)first->content, " \t\r\n") == strlen((const char *)first->content))
            first = first->next;
        uint32_t v = first && name_is(first, "sup") ? number_in(first) : 0;
        if (v && v <= ODIHRX_MAX_FOOTNOTE_NUMBER) {
            c->kind = ODIHRX_BLOCK_FOOTNOTE;
            c->number = v;
        }
        return true;
    }
    if (has_class(n, "footnote") && !name_is(n, "a") && !name_is(n, "sup")) {
        uint32_t v = number_in(n->children ? n->children : n);
        if (v == 0 || v > ODIHRX_MAX_FOOTNOTE_NUMBER)
            return false; /* no number: an ordinary block */
        c->kind = ODIHRX_BLOCK_FOOTNOTE;
        c->number = v;
        return true;
    }
    return false;
}

static odihrx_status open_inline(builder *b, const xmlNode *n)
{
    uint8_t kind;
    uint32_t value = 0;
    if (name_is(n, "em") || name_is(n, "i"))
        kind = ODIHRX_MARK_EM;
    else if (name_is(n, "strong") || name_is(n, "b"))
        kind = ODIHRX_MARK_STRONG;
    else if (name_is(n, "a") && attr_of(n, "href") && attr_of(n, "href")[0] != '#') {
        kind = ODIHRX_MARK_LINK;
        const char *href = attr_of(n, "href");
        odihrx_status st = odihrx_string_add(b->doc, href, strlen(href), &value);
        if (st)
            return st;
    } else
        return ODIHRX_OK;
    if (b->nmarks == ODIHRX_MAX_INLINE_DEPTH)
        return ODIHRX_OK; /* deeper emphasis is flattened; the text stays */
    uint32_t start = (uint32_t)b->text.size + (b->space ? 1 : 0);
    b->marks[b->nmarks++] = (open_mark){.kind = kind, .start = start, .value = value, .node = n};
    return ODIHRX_OK;
}

static odihrx_status close_inline(builder *b, const xmlNode *n)
{
    if (b->nmarks && b->marks[b->nmarks - 1].node == n) {
        open_mark *m = &b->marks[--b->nmarks];
        return finish_mark(b, m->kind, m->start, (uint32_t)b->text.size, m->value);
    }
    return ODIHRX_OK;
}

static odihrx_status reserve_frames(frame **stack, uint32_t *cap, uint32_t need)
{
    if (need <= *cap)
        return ODIHRX_OK;
    uint32_t ncap = *cap ? *cap : 64;
    while (ncap < need) {
        if (ncap > UINT32_MAX / 2)
            return ODIHRX_ERR_LIMIT;
        ncap *= 2;
    }
    frame *p = odihrx_realloc(*stack, sizeof *p * ncap);
    if (!p)
        return ODIHRX_ERR_NOMEM;
    *stack = p;
    *cap = ncap;
    return ODIHRX_OK;
}

static odihrx_status walk(builder *b, const xmlNode *root)
{
    frame *stack = NULL;
    uint32_t depth = 0, cap = 0;
    context ctx = {.kind = ODIHRX_BLOCK_PARA, .owner = NULL};
    uint32_t ol_counter = 0, notes_depth = 0;
    odihrx_status st = ODIHRX_OK;
    st = reserve_frames(&stack, &cap, 64);
    if (st)
        return st;
    stack[depth++] = (frame){.node = root};
    while (depth && !st) {
        frame *f = &stack[depth - 1];
        const xmlNode *n = f->node;
        if (f->entered) {
            /* leaving n */
            depth--;
            if (n->type != XML_ELEMENT_NODE)
                continue;
            st = close_inline(b, n);
            if (!st && ctx.owner == n) {
                st = flush(b, ctx.kind, ctx.line, ctx.number, ctx.flags, ctx.level);
                ctx.owner = NULL;
                ctx.kind = ODIHRX_BLOCK_PARA;
            } else if (!st && ctx.kind == ODIHRX_BLOCK_TABLE_ROW && ctx.owner &&
                       (name_is(n, "td") || name_is(n, "th"))) {
                st = odihrx_buf_putc(&b->text, '\t');
                b->space = false;
            } else if (!st && !ctx.owner && block_element(n)) {
                st = flush(b, ODIHRX_BLOCK_PARA, line_of(n), 0, 0, 0); /* loose text */
            }
            if (name_is(n, "ol") || name_is(n, "ul"))
                ol_counter = 0;
            if (notes_depth && notes_depth == depth + 1)
                notes_depth = 0;
            continue;
        }
        f->entered = true;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            st = n->content ? add_text(b, (const char *)n->content) : ODIHRX_OK;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE && n->type != XML_HTML_DOCUMENT_NODE &&
            n->type != XML_DOCUMENT_NODE)
            continue;
        if (n->type == XML_ELEMENT_NODE) {
            if (skipped(n))
                continue;
            if ((name_is(n, "section") || name_is(n, "div") || name_is(n, "ol")) &&
                (has_class(n, "footnotes") || has_class(n, "endnotes")))
                notes_depth = depth;
            if (name_is(n, "ol")) {
                const char *start = attr_of(n, "start");
                ol_counter = start ? (uint32_t)strtoul(start, NULL, 10) - 1 : 0;
            }
            if (name_is(n, "li") && attr_of(n, "value"))
                ol_counter = (uint32_t)strtoul(attr_of(n, "value"), NULL, 10) - 1;
            if (name_is(n, "br")) {
                b->space = b->text.size > 0;
                /* "<sup>74</sup> ...<br><sup>75</sup> ...": two footnotes */
                const xmlNode *nx = n->next;
                while (nx && nx->type == XML_TEXT_NODE && nx->content &&
                       strspn((const char *)nx->content, " \t\r\n") ==
                           strlen((const char *)nx->content))
                    nx = nx->next;
                uint32_t v = nx && name_is(nx, "sup") ? number_in(nx) : 0;
                if (ctx.kind == ODIHRX_BLOCK_FOOTNOTE && ctx.owner && v &&
                    v <= ODIHRX_MAX_FOOTNOTE_NUMBER) {
                    st = flush(b, ctx.kind, ctx.line, ctx.number, ctx.flags, ctx.level);
                    ctx.number = v;
                    ctx.line = line_of(nx);
                }
                continue;
            }
            if (name_is(n, "hr"))
                continue;
            /* a footnote body's own number is not text */
            if (ctx.kind == ODIHRX_BLOCK_FOOTNOTE && b->text.size == 0 && name_is(n, "sup") &&
                number_in(n) == ctx.number)
                continue;
            /* a footnote marker: <sup>N</sup> or pandoc's a.footnote-ref */
            if ((name_is(n, "sup") || has_class(n, "footnote-ref")) && ctx.kind != ODIHRX_BLOCK_FOOTNOTE) {
                uint32_t v = number_in(n);
                if (v) {
                    st = finish_mark(b, ODIHRX_MARK_FNREF, (uint32_t)b->text.size,
                                     (uint32_t)b->text.size, v);
                    continue;
                }
            }
            /* pandoc's back-link inside a footnote is not text */
            if (has_class(n, "footnote-back"))
                continue;
            context c;
            if (!ctx.owner && starts_block(n, notes_depth != 0, &c, &ol_counter)) {
                st = flush(b, ODIHRX_BLOCK_PARA, line_of(n), 0, 0, 0);
                ctx = c;
                if (!st && c.kind == ODIHRX_BLOCK_PARA && c.label[0])
                    st = add_text(b, c.label);
            } else if (!ctx.owner && block_element(n)) {
                st = flush(b, ODIHRX_BLOCK_PARA, line_of(n), 0, 0, 0);
            }
            if (!st)
                st = open_inline(b, n);
        }
        /* children in document order: push them reversed */
        uint32_t count = 0;
        for (const xmlNode *ch = n->children; ch; ch = ch->next)
            count++;
        st = reserve_frames(&stack, &cap, depth + count + 1);
        if (st)
            break;
        uint32_t at = depth + count;
        for (const xmlNode *ch = n->children; ch; ch = ch->next)
            stack[--at] = (frame){.node = ch};
        depth += count;
    }
    if (!st)
        st = flush(b, ctx.owner ? ctx.kind : ODIHRX_BLOCK_PARA, ctx.line, ctx.number, ctx.flags,
                   ctx.level);
    odihrx_free(stack);
    return st;
}

odihrx_status odihrx_html_segment(odihrx_doc *doc)
{
    if (doc->text_len > INT32_MAX)
        return ODIHRX_ERR_LIMIT;
    htmlDocPtr tree = htmlReadMemory(doc->text, (int)doc->text_len, doc->name, "UTF-8",
                                     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                         HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                         HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
    if (!tree)
        return odihrx_diag_add(doc, ODIHRX_WARNING, "html", ODIHRX_NONE,
                               "the HTML could not be parsed; nothing converted");
    builder b = {.doc = doc};
    odihrx_status st = walk(&b, (const xmlNode *)tree);
    if (st == ODIHRX_ERR_LIMIT)
        st = odihrx_diag_add(doc, ODIHRX_ERROR, "limit-html", ODIHRX_NONE,
                             "the HTML exceeds a size limit (blocks or nesting)")
                 ? ODIHRX_ERR_NOMEM
                 : ODIHRX_ERR_LIMIT;
    odihrx_buf_free(&b.text);
    odihrx_free(b.done);
    xmlFreeDoc(tree);
    return st;
}
