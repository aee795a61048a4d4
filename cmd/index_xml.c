/*
 * index_xml.c: the tree that index_doc.c walks to build search documents.
 *
 * Two readers give the same tree (index.h: elements of the odihrx namespace
 * by name, their attributes without a prefix, text and CDATA):
 *
 *   odihrx_index_tree_read          libxml2, for any XML file. The DOM is
 *                                   copied into the tree, which borrows its
 *                                   strings until odihrx_index_tree_free.
 *   odihrx_index_tree_read_written  for the XML that odihrx_doc_write_xml has
 *                                   just written (a report converted on the
 *                                   fly): read in place, no DOM.
 *
 * Indexing a report used to write its XML and parse it again with libxml2
 * into a DOM: that parse took about a third of a worker's time, more than
 * the conversion itself (mostly allocating and copying a node per piece of
 * text). The strict reader knows only what emit_xml.c writes: the XML
 * declaration it writes, elements whose names are ASCII without a prefix,
 * the default namespace declared on the root alone, attributes in double
 * quotes, text, the five predefined entities and character references.
 * It checks everything libxml2 would check of that subset (names, quoting,
 * nesting, UTF-8, characters XML forbids, "]]>", duplicate attributes) and
 * declines anything else (a comment, a CR, a prefix, a depth or a length
 * near one of libxml2's limits ...) untouched, for libxml2 to read: it never
 * accepts a document that libxml2 rejects, and never reads one differently
 * (tests/test_index.py compares the documents from reports and from their
 * XML files, which libxml2 reads).
 *
 * Every walk is iterative: the nesting depth of the input never sets the
 * depth of our stack.
 */
#include "index.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "odihrx.h"
#include "xml_read.h"

#define NS_REPORT ODIHRX_NAMESPACE

/* --------------------------------------------------------------- names */

#define EL(e, s) [e] = {s, sizeof s - 1}
static const struct {
    const char *name;
    size_t len;
} el_names[IX_EL_COUNT] = {
    EL(IX_EL_BODY, "body"),
    EL(IX_EL_CELL, "cell"),
    EL(IX_EL_CITE, "cite"),
    EL(IX_EL_COUNTRY, "country"),
    EL(IX_EL_ELECTION, "election"),
    EL(IX_EL_FNREF, "fnref"),
    EL(IX_EL_FOOTNOTE, "footnote"),
    EL(IX_EL_FOOTNOTES, "footnotes"),
    EL(IX_EL_FRONT, "front"),
    EL(IX_EL_HEADING, "heading"),
    EL(IX_EL_INLINE, "inline"),
    EL(IX_EL_ISSUED, "issued"),
    EL(IX_EL_ITEM, "item"),
    EL(IX_EL_KEY, "key"),
    EL(IX_EL_LIST, "list"),
    EL(IX_EL_META, "meta"),
    EL(IX_EL_P, "p"),
    EL(IX_EL_RECOMMENDATION, "recommendation"),
    EL(IX_EL_RECOMMENDATIONS, "recommendations"),
    EL(IX_EL_REPORT, "report"),
    EL(IX_EL_ROW, "row"),
    EL(IX_EL_SECTION, "section"),
    EL(IX_EL_SOURCE, "source"),
    EL(IX_EL_SUBHEADING, "subheading"),
    EL(IX_EL_TABLE, "table"),
    EL(IX_EL_TEXT, "text"),
    EL(IX_EL_TITLE, "title"),
};
#undef EL

/* The element of our namespace called name[0..len), IX_EL_OTHER if none. */
static ix_el el_of(const char *name, size_t len)
{
    for (int e = IX_EL_OTHER + 1; e < IX_EL_COUNT; e++)
        if (el_names[e].len == len && memcmp(el_names[e].name, name, len) == 0)
            return (ix_el)e;
    return IX_EL_OTHER;
}

/* ---------------------------------------------------------------- tree */

void odihrx_index_tree_free(ix_tree *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->attrs);
    xmlFreeDoc(t->dom);
    *t = (ix_tree){0};
}

/* A new node, linked as the last child of parent (NULL for the root); the
 * array was sized beforehand, so the pointers into it stay valid. */
static ix_node *add_node(ix_tree *t, ix_node *parent)
{
    ix_node *n = &t->nodes[t->nnodes++];
    *n = (ix_node){.parent = parent};
    if (parent) {
        if (parent->last)
            parent->last->next = n;
        else
            parent->children = n;
        parent->last = n;
    }
    return n;
}

/* ------------------------------------------------------------- libxml2 */

/* Preorder over the elements, texts and CDATA below top; the other nodes
 * (comments, processing instructions, entity references) hold nothing the
 * walk reads, and it never entered them. */
static const xmlNode *dom_next(const xmlNode *n, const xmlNode *top)
{
    if (n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    while (n != top) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

static bool dom_kept(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE ||
           ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content);
}

/* An attribute's value as it stands in the DOM: parsed documents hold it as
 * one text node. */
static const char *dom_attr_value(const xmlAttr *a)
{
    const xmlNode *t = a->children;
    if (!t)
        return "";
    return t->type == XML_TEXT_NODE && !t->next && t->content ? (const char *)t->content : NULL;
}

/* Copy the DOM below root into t; each element's ix_node is found through
 * its _private field while its children are added. */
static int tree_from_dom(ix_tree *t, xmlNode *root)
{
    size_t nodes = 0, attrs = 0;
    for (const xmlNode *n = root; n; n = dom_next(n, root)) {
        if (!dom_kept(n))
            continue;
        nodes++;
        if (n->type == XML_ELEMENT_NODE)
            for (const xmlAttr *a = n->properties; a; a = a->next)
                attrs += !a->ns;
    }
    t->nodes = malloc(nodes * sizeof *t->nodes);
    t->attrs = malloc((attrs ? attrs : 1) * sizeof *t->attrs);
    if (!t->nodes || !t->attrs)
        return -1;
    t->capattrs = attrs;
    for (xmlNode *n = root; n; n = (xmlNode *)dom_next(n, root)) {
        if (!dom_kept(n))
            continue;
        ix_node *x = add_node(t, n == root ? NULL : n->parent->_private);
        if (n->type != XML_ELEMENT_NODE) {
            x->text = (const char *)n->content;
            x->len = strlen(x->text);
            continue;
        }
        n->_private = x;
        if (n->ns && strcmp((const char *)n->ns->href, NS_REPORT) == 0)
            x->el = el_of((const char *)n->name, strlen((const char *)n->name));
        x->attrs = t->attrs + t->nattrs;
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            if (a->ns)
                continue;
            ix_attr *xa = &t->attrs[t->nattrs++];
            xa->name = (const char *)a->name;
            xa->name_len = strlen(xa->name);
            xa->value = dom_attr_value(a);
            xa->value_len = xa->value ? strlen(xa->value) : 0;
            x->nattrs++;
        }
    }
    t->root = t->nodes;
    return 0;
}

int odihrx_index_tree_read(const char *xml, size_t len, const char *input, ix_tree *t, char *msg,
                           size_t msglen)
{
    *t = (ix_tree){0};
    /* an index run never fetches anything an input names */
    xmlDocPtr doc = odihrx_cli_read_xml(xml, len, input, XML_PARSE_COMPACT, msg, msglen);
    if (!doc)
        return -1;
    t->dom = doc;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root && tree_from_dom(t, root)) {
        snprintf(msg, msglen, "%s: out of memory", input);
        odihrx_index_tree_free(t);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------ the strict reader */

/* Deeper elements, longer names or texts are left to libxml2: it stops at
 * a depth of 256 and at 10,000,000 bytes of text in one node. */
enum { MAX_DEPTH = 200, MAX_NAME = 64 };
#define MAX_TEXT ((size_t)8000000)

/* The declaration emit_xml.c writes. */
static const char prolog[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/* Byte classes: PLAIN bytes stand for themselves in text (T) or in an
 * attribute value (A); the others end the run or need a look ('<', '&',
 * ']' in text, a quote in a value, controls, a CR, any byte of UTF-8). A
 * TAB or LF in a value would become a space: emit_xml.c writes them as
 * references. */
enum { PLAIN_T = 1, PLAIN_A = 2, PLAIN_TA = 3 };
/* clang-format off */
#define TA16 PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, \
             PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA
static const unsigned char byte_class[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, PLAIN_T, PLAIN_T, 0, 0, 0, 0, 0,
    /* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x20   ! " # $ % & ' ( ) * + , - . / */
    PLAIN_TA, PLAIN_TA, PLAIN_T, PLAIN_TA, PLAIN_TA, PLAIN_TA, 0, PLAIN_TA, PLAIN_TA, PLAIN_TA,
    PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA,
    /* 0x30 0-9 : ; < = > ? */
    PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA,
    PLAIN_TA, PLAIN_TA, PLAIN_TA, 0, PLAIN_TA, PLAIN_TA, PLAIN_TA,
    /* 0x40 */ TA16,
    /* 0x50 P-Z [ \ ] ^ _ */
    PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA,
    PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_TA, PLAIN_A, PLAIN_TA, PLAIN_TA,
    /* 0x60 */ TA16,
    /* 0x70 */ TA16,
    /* 0x80 to 0xFF: UTF-8, checked */
};
#undef TA16
/* clang-format on */

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n'; /* a CR is declined: libxml2 changes it */
}

static bool name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* A character XML 1.0 allows. */
static bool xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Length of the UTF-8 sequence of an allowed character at p (p < end), or
 * 0: utf8proc_iterate refuses overlong forms, surrogates and values past
 * U+10FFFF; XML also refuses U+FFFE and U+FFFF. */
static size_t utf8_char(const unsigned char *p, const unsigned char *end)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &cp);
    return n > 1 && xml_char((uint32_t)cp) ? (size_t)n : 0;
}

/* A reference at p ('&'): its length, and the character in *cp; 0 for
 * anything but the five predefined entities and character references of
 * allowed characters. */
static size_t reference(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
    static const struct {
        const char *s;
        size_t len;
        char c;
    } named[] = {{"&lt;", 4, '<'},
                 {"&gt;", 4, '>'},
                 {"&amp;", 5, '&'},
                 {"&quot;", 6, '"'},
                 {"&apos;", 6, '\''}};
    size_t avail = (size_t)(end - p);
    if (avail >= 2 && p[1] != '#') {
        for (size_t i = 0; i < sizeof named / sizeof *named; i++)
            if (avail >= named[i].len && memcmp(p, named[i].s, named[i].len) == 0) {
                *cp = (unsigned char)named[i].c;
                return named[i].len;
            }
        return 0;
    }
    bool hex = avail >= 3 && p[2] == 'x';
    size_t i = hex ? 3 : 2, digits = 0;
    uint32_t v = 0;
    for (; i < avail && digits < 8; i++, digits++) {
        unsigned c = p[i];
        unsigned d = c >= '0' && c <= '9'          ? c - '0'
                     : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                   : 16;
        if (d == 16)
            break;
        v = v * (hex ? 16 : 10) + d;
    }
    if (!digits || i >= avail || p[i] != ';' || !xml_char(v))
        return 0;
    *cp = v;
    return i + 1;
}

/* Replace the references in s[0..len) by their characters, in place (a
 * reference is never shorter than its character's UTF-8); returns the new
 * length. Only for runs the reader accepted. */
static size_t decode(char *s, size_t len)
{
    const unsigned char *end = (const unsigned char *)s + len;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '&') {
            s[o++] = s[i++];
            continue;
        }
        uint32_t cp = 0;
        size_t n = reference((const unsigned char *)s + i, end, &cp);
        o += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)s + o);
        i += n;
    }
    return o;
}

/* Eight bytes at a time: whether any is outside printable ASCII, or is
 * '<', '&' or c (a byte-wise test may pass a few more than the ones it
 * flags, which only sends them to the byte loop). */
#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

static uint64_t has_zero(uint64_t v)
{
    return (v - ONES) & ~v & HIGHS;
}

/* How many bytes of v are c, exactly. */
static unsigned count8(uint64_t v, unsigned char c)
{
    uint64_t t = v ^ (ONES * c), low = ONES * 0x7F;
    uint64_t hits = ~(((t & low) + low) | t | low) >> 7; /* 1 in each such byte */
    return (unsigned)((hits * ONES) >> 56);
}

static bool plain8(const unsigned char *p, unsigned char c)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return !((v & HIGHS) | ((v - ONES * 0x20) & ~v & HIGHS) | has_zero(v ^ (ONES * '<')) |
             has_zero(v ^ (ONES * '&')) | has_zero(v ^ (ONES * c)));
}

/* A run of character data from p up to (not including) the first byte of
 * class 0 for `plain`; returns its end, or NULL when it holds something
 * declined. Sets *refs when it holds a reference. */
static const unsigned char *scan_run(const unsigned char *p, const unsigned char *end,
                                     unsigned plain, unsigned char stop, bool *refs)
{
    unsigned char other = plain == PLAIN_T ? ']' : '"';
    for (;;) {
        while (end - p >= 8 && plain8(p, other))
            p += 8;
        while (p < end && (byte_class[*p] & plain))
            p++;
        if (p >= end)
            return NULL;
        unsigned c = *p;
        if (c == stop)
            return p;
        if (c == '&') {
            uint32_t cp;
            size_t n = reference(p, end, &cp);
            if (!n)
                return NULL;
            *refs = true;
            p += n;
        } else if (c == ']') { /* text only: "]]>" ends nothing here */
            if (end - p >= 3 && p[1] == ']' && p[2] == '>')
                return NULL;
            p++;
        } else if (c >= 0x80) {
            size_t n = utf8_char(p, end);
            if (!n)
                return NULL;
            p += n;
        } else {
            return NULL; /* '<' in a value, a control character, a CR */
        }
    }
}

static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end && is_ws(*p))
        p++;
    return p;
}

static const unsigned char *scan_name(const unsigned char *p, const unsigned char *end)
{
    if (p >= end || !name_start(*p))
        return NULL;
    const unsigned char *s = p;
    while (p < end && name_char(*p))
        p++;
    /* a ':' (a prefix) or any other name character is libxml2's to read */
    return p < end && p - s <= MAX_NAME && *p != ':' && *p < 0x80 ? p : NULL;
}

/* One start tag at *pp ('<'), below parent: the element and its
 * attributes, *pp moved past the tag, *empty for "/>", the name's length in
 * *name_len. NULL when declined. */
static ix_node *start_tag(ix_tree *t, ix_node *parent, const unsigned char **pp,
                          const unsigned char *end, bool *empty, size_t *name_len)
{
    const unsigned char *p = *pp + 1, *name = p;
    if (!(p = scan_name(p, end)))
        return NULL;
    *name_len = (size_t)(p - name);
    ix_node *x = add_node(t, parent);
    x->attrs = t->attrs + t->nattrs;
    bool ns_declared = false;
    for (;;) {
        const unsigned char *q = skip_ws(p, end);
        if (q >= end)
            return NULL;
        if (*q == '>' || (*q == '/' && end - q >= 2 && q[1] == '>')) {
            *empty = *q == '/';
            p = q + (*empty ? 2 : 1);
            break;
        }
        if (q == p) /* attributes are separated by white space */
            return NULL;
        const unsigned char *an = q;
        if (!(q = scan_name(q, end)))
            return NULL;
        size_t an_len = (size_t)(q - an);
        q = skip_ws(q, end);
        if (q >= end || *q != '=')
            return NULL;
        q = skip_ws(q + 1, end);
        if (q >= end || *q != '"')
            return NULL;
        const unsigned char *v = q + 1;
        bool refs = false;
        if (!(q = scan_run(v, end, PLAIN_A, '"', &refs)) || (size_t)(q - v) > MAX_TEXT)
            return NULL;
        p = q + 1;
        if (an_len == 5 && memcmp(an, "xmlns", 5) == 0) {
            /* the root's default namespace, as written, once, and nothing
             * else (libxml2 rejects a second xmlns as a redefinition) */
            if (parent || refs || ns_declared || (size_t)(q - v) != sizeof NS_REPORT - 1 ||
                memcmp(v, NS_REPORT, sizeof NS_REPORT - 1) != 0)
                return NULL;
            ns_declared = true;
            continue;
        }
        for (size_t i = 0; i < x->nattrs; i++)
            if (x->attrs[i].name_len == an_len && memcmp(x->attrs[i].name, an, an_len) == 0)
                return NULL; /* an attribute given twice: not well-formed */
        if (t->nattrs == t->capattrs)
            return NULL; /* cannot be: two quotes each */
        t->attrs[t->nattrs++] = (ix_attr){.name = (const char *)an,
                                          .value = (const char *)v,
                                          .name_len = an_len,
                                          .value_len = (size_t)(q - v)};
        x->decode |= refs;
        x->nattrs++;
    }
    if (!parent && !ns_declared)
        return NULL; /* a root without our namespace: libxml2 says what it is */
    /* every element is in the root's default namespace */
    x->el = el_of((const char *)name, *name_len);
    if (!parent && x->el != IX_EL_REPORT)
        return NULL;
    *pp = p;
    return x;
}

/* Phase two, once all is accepted: decode, and end every string with a
 * NUL where a byte of markup stood (the '<' after a text, the '=' after an
 * attribute's name, the quote after its value). */
static void finish_written(ix_tree *t)
{
    for (size_t i = 0; i < t->nnodes; i++) {
        ix_node *x = &t->nodes[i];
        if (x->text) {
            char *s = (char *)x->text;
            if (x->decode)
                x->len = decode(s, x->len);
            s[x->len] = '\0';
            continue;
        }
        for (size_t k = 0; k < x->nattrs; k++) {
            ix_attr *a = (ix_attr *)&x->attrs[k];
            char *name = (char *)a->name, *value = (char *)a->value;
            name[a->name_len] = '\0';
            if (x->decode)
                a->value_len = decode(value, a->value_len);
            value[a->value_len] = '\0';
        }
    }
    t->root = t->nodes;
}

/* An element whose end tag is still to come. */
typedef struct open_el {
    ix_node *el;
    const unsigned char *name;
    size_t len;
} open_el;

/* Phase one: read without writing; -1 declines. */
static int read_written(const char *xml, size_t len, ix_tree *t)
{
    const unsigned char *p = (const unsigned char *)xml, *end = p + len;
    if (len < sizeof prolog - 1 || memcmp(p, prolog, sizeof prolog - 1) != 0)
        return -1;
    /* at most one element and one text per '<', one attribute per two
     * quotes: the arrays never move, nor the pointers into them */
    size_t tags = 0, quotes = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        tags += count8(v, '<');
        quotes += count8(v, '"');
    }
    for (; i < len; i++) {
        tags += p[i] == '<';
        quotes += p[i] == '"';
    }
    if (tags > SIZE_MAX / 2 / sizeof *t->nodes ||
        !(t->nodes = malloc(2 * tags * sizeof *t->nodes)) ||
        !(t->attrs = malloc((quotes / 2 + 1) * sizeof *t->attrs)))
        return -1;
    t->capattrs = quotes / 2 + 1;
    open_el open[MAX_DEPTH];
    int depth = 0;
    p = skip_ws(p + sizeof prolog - 1, end);
    if (p >= end || *p != '<')
        return -1;
    for (;;) {
        /* at '<' */
        if (end - p < 2)
            return -1;
        if (p[1] == '/') {
            const unsigned char *name = p + 2, *q = scan_name(name, end);
            if (!q || depth == 0 || (size_t)(q - name) != open[depth - 1].len ||
                memcmp(name, open[depth - 1].name, open[depth - 1].len) != 0)
                return -1;
            q = skip_ws(q, end);
            if (q >= end || *q != '>')
                return -1;
            p = q + 1;
            if (--depth == 0)
                break;
        } else {
            if (depth == MAX_DEPTH || !name_start(p[1]))
                return -1; /* comments, CDATA, processing instructions, ... */
            bool empty = false;
            const unsigned char *name = p + 1;
            size_t name_len;
            ix_node *x =
                start_tag(t, depth ? open[depth - 1].el : NULL, &p, end, &empty, &name_len);
            if (!x)
                return -1;
            if (!empty)
                open[depth++] = (open_el){x, name, name_len};
            else if (depth == 0)
                break;
        }
        /* character data up to the next '<' */
        const unsigned char *s = p;
        bool refs = false;
        if (!(p = scan_run(s, end, PLAIN_T, '<', &refs)) || (size_t)(p - s) > MAX_TEXT)
            return -1;
        if (p > s) {
            ix_node *x = add_node(t, open[depth - 1].el);
            x->text = (const char *)s;
            x->len = (size_t)(p - s);
            x->decode = refs;
        }
    }
    /* after the root: white space only */
    return skip_ws(p, end) == end ? 0 : -1;
}

int odihrx_index_tree_read_written(char *xml, size_t len, ix_tree *t)
{
    *t = (ix_tree){0};
    if (read_written(xml, len, t)) {
        odihrx_index_tree_free(t);
        return -1;
    }
    finish_written(t);
    return 0;
}
