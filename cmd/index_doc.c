/*
 * index_doc.c: odihrx XML -> search documents, and the two bulk writers.
 *
 * Walks an odihrx XML document (namespace urn:odihrx:report:1), as the tree
 * of index_xml.c, and builds one search document per section,
 * recommendation and footnote (index.h). It reads only the published XML
 * contract, never the library's internals, so any odihrx XML file, from
 * this or an older run, indexes the same way as a report converted on the
 * fly.
 *
 * Writes: NDJSON for the Elasticsearch/OpenSearch _bulk API and Solr XML
 * update messages. Both escape strictly (every control character, invalid
 * UTF-8 replaced), so one odd byte in a report never breaks a bulk load.
 *
 * Every walk is iterative: the nesting depth of the input never sets the
 * depth of our stack.
 */
#include "index.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odihrx.h"

/* ------------------------------------------------------------- buffers */

int odihrx_index_buf_reserve(ix_buf *b, size_t n)
{
    if (b->failed)
        return -1;
    if (b->data && n < b->cap - b->len)
        return 0;
    if (n > SIZE_MAX / 2 - b->len - 1) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + n + 1, ncap = b->cap ? b->cap : 256;
    while (ncap < need)
        ncap += ncap / 2;
    char *p = realloc(b->data, ncap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = ncap;
    return 0;
}

void odihrx_index_buf_put(ix_buf *b, const char *s, size_t n)
{
    if (odihrx_index_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void odihrx_index_buf_puts(ix_buf *b, const char *s)
{
    odihrx_index_buf_put(b, s, strlen(s));
}

void odihrx_index_buf_printf(ix_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof small) {
        odihrx_index_buf_put(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            b->failed = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        odihrx_index_buf_put(b, big, (size_t)n);
        free(big);
    }
}

void odihrx_index_buf_free(ix_buf *b)
{
    free(b->data);
    *b = (ix_buf){0};
}

/* ---------------------------------------------------------------- UTF-8 */

/* Decode one UTF-8 sequence at s[0..n): its length, and the code point in
 * *cp, or U+FFFD for a byte that starts no valid sequence (overlong forms,
 * surrogates and values past U+10FFFF included), consuming that one byte. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n)
        goto bad;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return len;
bad:
    *cp = 0xFFFD;
    return 1;
}

void odihrx_index_json_string(ix_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), run = 0;
    odihrx_index_buf_put(b, "\"", 1);
    /* Copy runs of plain bytes at once; stop at anything to escape. */
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++, run++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);
        if (c >= 0x80 && cp != 0xFFFD && cp != 0x2028 && cp != 0x2029) {
            i += len, run += len;
            continue;
        }
        odihrx_index_buf_put(b, (const char *)p + i - run, run);
        run = 0;
        /* the two-character escapes JSON has, else \uXXXX: controls, DEL,
         * U+2028/9 (line breaks to JavaScript) and U+FFFD for a bad byte */
        static const char two[] = {['"'] = '"',  ['\\'] = '\\', ['\n'] = 'n', ['\r'] = 'r',
                                   ['\t'] = 't', ['\b'] = 'b',  ['\f'] = 'f'};
        char esc[8] = {'\\', 'u', 0};
        size_t elen = 2;
        if (cp < sizeof two && two[cp]) {
            esc[1] = two[cp];
        } else {
            esc[2] = hex[(cp >> 12) & 15], esc[3] = hex[(cp >> 8) & 15];
            esc[4] = hex[(cp >> 4) & 15], esc[5] = hex[cp & 15];
            elen = 6;
        }
        odihrx_index_buf_put(b, esc, elen);
        i += len;
    }
    odihrx_index_buf_put(b, (const char *)p + n - run, run);
    odihrx_index_buf_put(b, "\"", 1);
}

/* s as XML character data: markup characters escaped, CR kept as a
 * reference (a parser would turn a raw CR into LF), and characters that XML
 * 1.0 forbids (controls, U+FFFE/U+FFFF, invalid UTF-8) replaced by U+FFFD. */
static void xml_text(ix_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if ((c >= 0x20 && c < 0x80 && c != '<' && c != '>' && c != '&' && c != '"') || c == '\n' ||
            c == '\t') {
            i++, run++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);
        if (c >= 0x80 && cp != 0xFFFD && cp != 0xFFFE && cp != 0xFFFF) {
            i += len, run += len;
            continue;
        }
        odihrx_index_buf_put(b, (const char *)p + i - run, run);
        run = 0;
        const char *rep = c == '<'    ? "&lt;"
                          : c == '>'  ? "&gt;"
                          : c == '&'  ? "&amp;"
                          : c == '"'  ? "&quot;"
                          : c == '\r' ? "&#13;"
                                      : "\xEF\xBF\xBD";
        odihrx_index_buf_puts(b, rep);
        i += len;
    }
    odihrx_index_buf_put(b, (const char *)p + n - run, run);
}

/* ---------------------------------------------------------------- arena */

/* Every string of a report lives in one arena, freed at once with it. */
typedef struct ix_chunk {
    struct ix_chunk *next;
    size_t used, cap;
    max_align_t data[];
} ix_chunk;

struct ix_arena {
    ix_chunk *head;
};

static void *arena_alloc(struct ix_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    ix_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        if (cap > SIZE_MAX - sizeof *c)
            return NULL;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

static char *arena_strndup(struct ix_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void arena_free(struct ix_arena *a)
{
    while (a && a->head) {
        ix_chunk *c = a->head;
        a->head = c->next;
        free(c);
    }
}

/* -------------------------------------------------------- sets and maps */

/* String -> int map with open addressing, for element ids (section and list
 * item ids to their section) and, with a generation counter that empties it
 * in O(1), for the per-document sets that keep keys and instruments unique:
 * a section with 10^5 citations stays linear. */
typedef struct ix_slot {
    const char *s;
    uint32_t hash, gen;
    int value;
} ix_slot;

typedef struct ix_map {
    ix_slot *slots;
    size_t cap, count;
    uint32_t gen;
} ix_map;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void map_clear(ix_map *m)
{
    m->gen++;
    m->count = 0;
}

static ix_slot *map_find(const ix_map *m, const char *s, uint32_t h)
{
    if (!m->cap)
        return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        ix_slot *sl = &m->slots[i];
        if (sl->gen != m->gen)
            return sl; /* empty: where s would go */
        if (sl->hash == h && strcmp(sl->s, s) == 0)
            return sl;
    }
}

static int map_grow(ix_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    ix_slot *old = m->slots;
    size_t ocap = m->cap;
    uint32_t ogen = m->gen;
    m->slots = calloc(ncap, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return -1;
    }
    m->cap = ncap;
    m->gen = 1;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].gen == ogen) {
            ix_slot *sl = map_find(m, old[i].s, old[i].hash);
            *sl = old[i];
            sl->gen = m->gen;
        }
    free(old);
    return 0;
}

/* Insert s -> value unless present. Returns 1 inserted, 0 present, -1 NOMEM.
 * s must outlive the map (arena or DOM strings). */
static int map_add(ix_map *m, const char *s, int value)
{
    if (m->gen == 0)
        m->gen = 1;
    if ((m->count + 1) * 2 > m->cap && map_grow(m))
        return -1;
    uint32_t h = hash_str(s);
    ix_slot *sl = map_find(m, s, h);
    if (sl->gen == m->gen)
        return 0;
    *sl = (ix_slot){.s = s, .hash = h, .gen = m->gen, .value = value};
    m->count++;
    return 1;
}

static int map_get(const ix_map *m, const char *s)
{
    ix_slot *sl = s ? map_find(m, s, hash_str(s)) : NULL;
    return sl && sl->gen == m->gen ? sl->value : -1;
}

/* ----------------------------------------------------------------- walk */

#define NS_REPORT ODIHRX_NAMESPACE
#define COPENHAGEN "osce-copenhagen-1990"

typedef struct section_info {
    const char *id, *num, *heading;
} section_info;

/* State of one walk: the report being built, the sections seen so far, and
 * the accumulators of the current document, reused between documents. */
typedef struct walk {
    ix_report *r;
    section_info *secs;
    size_t nsecs, capsecs;
    ix_map ids; /* section and item ids -> index in secs */
    ix_buf text;
    ix_key *keys;
    size_t nkeys, capkeys;
    const char **insts;
    size_t ninsts, capinsts;
    uint32_t *fns;
    size_t nfns, capfns;
    ix_map seen_keys, seen_insts, seen_fns;
    const char *prefix; /* of document ids */
    bool nomem;
} walk;

static bool is_el(const ix_node *n, ix_el el)
{
    return !n->text && n->el == el;
}

/* An attribute's value as it stands in the tree (no copy); NULL when
 * absent. */
static const char *attr(const ix_node *n, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < n->nattrs; i++)
        if (n->attrs[i].name_len == len && memcmp(n->attrs[i].name, name, len) == 0)
            return n->attrs[i].value;
    return NULL;
}

static char *dup(walk *w, const char *s)
{
    if (!s)
        return NULL;
    char *p = arena_strndup(w->r->arena, s, strlen(s));
    if (!p)
        w->nomem = true;
    return p;
}

static uint32_t to_u32(const char *s)
{
    if (!s)
        return 0;
    unsigned long v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > UINT32_MAX)
            return 0;
    }
    return *s ? 0 : (uint32_t)v;
}

/* Grow a vector of n elements to hold one more. */
static bool reserve(walk *w, void **v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = ncap < SIZE_MAX / size ? realloc(*v, ncap * size) : NULL;
    if (!p) {
        w->nomem = true;
        return false;
    }
    *v = p;
    *cap = ncap;
    return true;
}

static void add_key(walk *w, const char *paragraph, const char *basis, const char *via)
{
    if (!paragraph || !*paragraph)
        return;
    int added = map_add(&w->seen_keys, paragraph, 0);
    if (added < 0)
        w->nomem = true;
    if (added <= 0 || !reserve(w, (void **)&w->keys, w->nkeys, &w->capkeys, sizeof *w->keys))
        return;
    w->keys[w->nkeys++] = (ix_key){.paragraph = paragraph, .basis = basis, .via = via};
}

static void add_instrument(walk *w, const char *inst)
{
    if (!inst || !*inst)
        return;
    int added = map_add(&w->seen_insts, inst, 0);
    if (added < 0)
        w->nomem = true;
    if (added <= 0 || !reserve(w, (void **)&w->insts, w->ninsts, &w->capinsts, sizeof *w->insts))
        return;
    w->insts[w->ninsts++] = inst;
}

static void add_footnote(walk *w, const char *n)
{
    uint32_t v = to_u32(n);
    if (!v)
        return;
    int added = map_add(&w->seen_fns, n, 0);
    if (added < 0)
        w->nomem = true;
    if (added <= 0 || !reserve(w, (void **)&w->fns, w->nfns, &w->capfns, sizeof *w->fns))
        return;
    w->fns[w->nfns++] = v;
}

/* A Copenhagen citation keys the document that holds it: basis "cited",
 * via the block it stands in. @paragraph may list several ("7.3 7.4"). */
static void cite_keys(walk *w, const char *paragraphs, const char *via)
{
    if (!paragraphs)
        return;
    for (const char *p = paragraphs; *p;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len) {
            char *one = arena_strndup(w->r->arena, p, len);
            if (!one) {
                w->nomem = true;
                return;
            }
            add_key(w, one, "cited", via);
        }
        p += len;
    }
}

/* Next node of a preorder walk below top, or NULL when the walk is done;
 * descend says whether to enter n's children. */
static const ix_node *next_node(const ix_node *n, const ix_node *top, bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n != top) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* Append the text of mixed content (p, heading, text, footnote, cell...) and
 * note its footnote markers and citations; with keys_from_cites, Copenhagen
 * citations become keys (sections and footnotes; recommendations carry their
 * keys as elements). */
static void collect(walk *w, const ix_node *top, bool keys_from_cites, const char *via)
{
    for (const ix_node *n = top->children; n;) {
        if (n->text) {
            odihrx_index_buf_put(&w->text, n->text, n->len);
        } else if (is_el(n, IX_EL_FNREF)) {
            add_footnote(w, attr(n, "n"));
        } else if (is_el(n, IX_EL_CITE)) {
            const char *inst = attr(n, "instrument");
            add_instrument(w, inst);
            if (keys_from_cites && inst && strcmp(inst, COPENHAGEN) == 0)
                cite_keys(w, attr(n, "paragraph"), via);
        }
        n = next_node(n, top, !n->text);
    }
}

/* Separate blocks of a section's text by a line break. */
static void block_break(walk *w)
{
    if (w->text.len && w->text.data[w->text.len - 1] != '\n')
        odihrx_index_buf_put(&w->text, "\n", 1);
}

static void begin_doc(walk *w)
{
    w->text.len = 0;
    if (w->text.data)
        w->text.data[0] = '\0';
    w->nkeys = w->ninsts = w->nfns = 0;
    map_clear(&w->seen_keys);
    map_clear(&w->seen_insts);
    map_clear(&w->seen_fns);
}

/* A key in the arena, with its facet value "7.6:section" made once for
 * every writer. */
static ix_key key_copy(walk *w, const ix_key *k)
{
    const char *basis = k->basis ? k->basis : "";
    size_t plen = strlen(k->paragraph), blen = strlen(basis);
    char *facet = arena_alloc(w->r->arena, plen + blen + 2);
    if (!facet) {
        w->nomem = true;
        return (ix_key){0};
    }
    memcpy(facet, k->paragraph, plen);
    facet[plen] = ':';
    memcpy(facet + plen + 1, basis, blen + 1);
    return (ix_key){dup(w, k->paragraph), dup(w, k->basis), dup(w, k->via), facet};
}

/* Trim the accumulated text and move the current document into the report's
 * arena. */
static ix_doc *finish_doc(walk *w, ix_kind kind, const char *elem)
{
    ix_report *r = w->r;
    if (w->text.failed)
        w->nomem = true;
    if (w->nomem || !reserve(w, (void **)&r->docs, r->ndocs, &r->capdocs, sizeof *r->docs))
        return NULL;
    const char *t = w->text.data ? w->text.data : "";
    size_t len = w->text.len;
    while (len && (t[len - 1] == '\n' || t[len - 1] == ' '))
        len--;
    while (len && (*t == '\n' || *t == ' '))
        t++, len--;
    ix_doc *d = &r->docs[r->ndocs];
    *d = (ix_doc){.kind = kind, .elem = dup(w, elem)};
    d->text = arena_strndup(r->arena, t, len);
    size_t idlen = strlen(w->prefix) + 1 + strlen(elem ? elem : "");
    char *id = arena_alloc(r->arena, idlen + 1);
    ix_key *keys = arena_alloc(r->arena, w->nkeys * sizeof *keys + 1);
    const char **insts = arena_alloc(r->arena, w->ninsts * sizeof *insts + 1);
    uint32_t *fns = arena_alloc(r->arena, w->nfns * sizeof *fns + 1);
    if (!d->text || !id || !keys || !insts || !fns || (elem && !d->elem)) {
        w->nomem = true;
        return NULL;
    }
    snprintf(id, idlen + 1, "%s-%s", w->prefix, elem ? elem : "");
    d->id = id;
    /* key, instrument and via strings point into the DOM or the arena;
     * copy the DOM ones so the tree can be freed before writing */
    for (size_t i = 0; i < w->nkeys; i++)
        keys[i] = key_copy(w, &w->keys[i]);
    for (size_t i = 0; i < w->ninsts; i++)
        insts[i] = dup(w, w->insts[i]);
    if (w->nfns) /* memcpy from NULL is undefined, even for 0 bytes */
        memcpy(fns, w->fns, w->nfns * sizeof *fns);
    d->keys = keys, d->nkeys = w->nkeys;
    d->instruments = insts, d->ninstruments = w->ninsts;
    d->footnotes = fns, d->nfootnotes = w->nfns;
    if (w->nomem)
        return NULL;
    r->ndocs++;
    return d;
}

static void set_section(walk *w, ix_doc *d, int index)
{
    if (!d || index < 0)
        return;
    d->section_id = w->secs[index].id;
    d->section_num = w->secs[index].num;
    d->section_heading = w->secs[index].heading;
}

static int add_section_info(walk *w, const char *id, const char *num, const char *heading)
{
    if (!reserve(w, (void **)&w->secs, w->nsecs, &w->capsecs, sizeof *w->secs))
        return -1;
    section_info *s = &w->secs[w->nsecs];
    *s = (section_info){dup(w, id), dup(w, num), heading};
    if (!s->id || (num && !s->num))
        return -1;
    if (map_add(&w->ids, s->id, (int)w->nsecs) < 0)
        w->nomem = true;
    return (int)w->nsecs++;
}

/* Text of one heading-like element on its own, trimmed, into the arena. */
static const char *element_text(walk *w, const ix_node *el)
{
    size_t mark = w->text.len;
    collect(w, el, false, NULL);
    if (w->text.failed) {
        w->nomem = true;
        return NULL;
    }
    const char *t = w->text.data ? w->text.data + mark : "";
    size_t len = w->text.len - mark;
    while (len && *t == ' ')
        t++, len--;
    while (len && t[len - 1] == ' ')
        len--;
    char *p = arena_strndup(w->r->arena, t, len);
    if (!p)
        w->nomem = true;
    w->text.len = mark;
    if (w->text.data)
        w->text.data[mark] = '\0';
    return p;
}

/* The own content of a section (or front) in document order: paragraphs,
 * subheadings, list items, table rows. Child sections are documents of
 * their own; the table of contents is navigation, not text. */
static void section_flow(walk *w, const ix_node *sec, int index)
{
    for (const ix_node *c = sec->children; c; c = c->next) {
        if (is_el(c, IX_EL_P) || is_el(c, IX_EL_SUBHEADING)) {
            block_break(w);
            collect(w, c, true, attr(c, "id") ? attr(c, "id") : w->secs[index].id);
        } else if (is_el(c, IX_EL_LIST)) {
            for (const ix_node *it = c->children; it; it = it->next)
                if (is_el(it, IX_EL_ITEM)) {
                    const char *id = attr(it, "id");
                    if (id) {
                        const char *copy = dup(w, id);
                        if (copy && map_add(&w->ids, copy, index) < 0)
                            w->nomem = true;
                    }
                    block_break(w);
                    collect(w, it, true, id ? id : w->secs[index].id);
                }
        } else if (is_el(c, IX_EL_TABLE)) {
            for (const ix_node *row = c->children; row; row = row->next) {
                if (!is_el(row, IX_EL_ROW))
                    continue;
                block_break(w);
                bool first = true;
                for (const ix_node *cell = row->children; cell; cell = cell->next)
                    if (is_el(cell, IX_EL_CELL)) {
                        if (!first)
                            odihrx_index_buf_put(&w->text, " | ", 3);
                        first = false;
                        collect(w, cell, true, w->secs[index].id);
                    }
            }
        }
    }
}

static void one_section(walk *w, const ix_node *sec)
{
    /* the heading's footnote markers and citations belong to the section */
    begin_doc(w);
    const char *heading = NULL;
    for (const ix_node *c = sec->children; c; c = c->next)
        if (is_el(c, IX_EL_HEADING)) {
            heading = element_text(w, c);
            break;
        }
    const char *id = attr(sec, "id");
    int index = add_section_info(w, id ? id : "", attr(sec, "num"), heading);
    if (index < 0) {
        w->nomem = true;
        return;
    }
    section_flow(w, sec, index);
    ix_doc *d = finish_doc(w, IX_SECTION, w->secs[index].id);
    set_section(w, d, index);
    if (d)
        d->line = to_u32(attr(sec, "line"));
}

/* Every section of body, nested ones included, in document order. */
static void sections(walk *w, const ix_node *body)
{
    const ix_node *front = NULL;
    bool any = false;
    for (const ix_node *n = body->children; n && !w->nomem;) {
        bool sec = is_el(n, IX_EL_SECTION);
        if (sec) {
            any = true;
            one_section(w, n);
        } else if (n->parent == body && is_el(n, IX_EL_FRONT)) {
            front = n;
        }
        /* descend into sections only: their children hold the subsections */
        n = next_node(n, body, sec);
    }
    /* The front matter (title page, contents) is a document only when there
     * is nothing else: a news item or press release without sections stays
     * findable. Footnotes may still point at it. */
    int index = add_section_info(w, "front", NULL, NULL);
    if (index < 0 || !front || any)
        return;
    w->secs[index].heading = w->r->title;
    begin_doc(w);
    section_flow(w, front, index);
    ix_doc *d = finish_doc(w, IX_SECTION, "front");
    set_section(w, d, index);
    if (d)
        d->line = to_u32(attr(front, "line"));
}

static void recommendation(walk *w, const ix_node *rec)
{
    begin_doc(w);
    int index = -1;
    for (const ix_node *c = rec->children; c; c = c->next) {
        if (is_el(c, IX_EL_TEXT))
            collect(w, c, false, NULL);
        else if (is_el(c, IX_EL_INLINE))
            index = map_get(&w->ids, attr(c, "section"));
        else if (is_el(c, IX_EL_KEY))
            add_key(w, attr(c, "paragraph"), attr(c, "basis"), attr(c, "via"));
    }
    /* where the italic copy stands, else where the list item stands */
    if (index < 0)
        index = map_get(&w->ids, attr(rec, "item"));
    const char *id = attr(rec, "id");
    ix_doc *d = finish_doc(w, IX_RECOMMENDATION, id ? id : "rec");
    if (!d)
        return;
    set_section(w, d, index);
    d->recommendation = to_u32(attr(rec, "n"));
    d->priority = dup(w, attr(rec, "priority"));
    d->topic = dup(w, attr(rec, "topic"));
    d->line = to_u32(attr(rec, "line"));
}

static void footnote(walk *w, const ix_node *fn)
{
    begin_doc(w);
    const char *id = attr(fn, "id");
    collect(w, fn, true, id);
    const char *n = attr(fn, "n");
    add_footnote(w, n);
    ix_doc *d = finish_doc(w, IX_FOOTNOTE, id ? id : "fn");
    if (!d)
        return;
    set_section(w, d, map_get(&w->ids, attr(fn, "section")));
    d->footnote = to_u32(n);
    d->line = to_u32(attr(fn, "line"));
}

/* Report-level fields from meta. */
static void meta(walk *w, const ix_node *m)
{
    ix_report *r = w->r;
    for (const ix_node *c = m->children; c; c = c->next) {
        if (is_el(c, IX_EL_TITLE)) {
            r->title = element_text(w, c);
        } else if (is_el(c, IX_EL_COUNTRY)) {
            r->country = element_text(w, c);
            r->country_code = dup(w, attr(c, "code"));
        } else if (is_el(c, IX_EL_ELECTION)) {
            r->election_type = dup(w, attr(c, "type"));
            r->election_date = dup(w, attr(c, "date"));
        } else if (is_el(c, IX_EL_ISSUED)) {
            r->report_date = dup(w, attr(c, "date"));
        } else if (is_el(c, IX_EL_SOURCE)) {
            r->source = dup(w, attr(c, "name"));
            const char *sha = attr(c, "sha256");
            r->sha256 = sha && strlen(sha) == 64 ? dup(w, sha) : NULL;
        }
    }
    const char *date = r->election_date ? r->election_date : r->report_date;
    if (date && strlen(date) >= 4)
        r->year = (int)to_u32((char[5]){date[0], date[1], date[2], date[3], 0});
}

/* Document ids: the first 16 hex digits of the source's SHA-256 (64 bits:
 * no collision in any real archive), so the same report gets the same ids
 * wherever it is stored; without a hash, the source's file name, reduced to
 * characters that every engine takes in an id. */
static const char *id_prefix(walk *w)
{
    const ix_report *r = w->r;
    if (r->sha256)
        return arena_strndup(r->arena, r->sha256, 16);
    const char *name = r->source && *r->source ? r->source : r->input;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t len = strlen(base);
    if (len > 200)
        len = 200; /* ids stay far below Elasticsearch's 512 bytes */
    char *p = arena_strndup(r->arena, base, len);
    for (char *c = p; c && *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '.' || *c == '_' || *c == '-'))
            *c = '_';
    return p;
}

static void walk_free(walk *w)
{
    free(w->secs);
    free(w->keys);
    free(w->insts);
    free(w->fns);
    free(w->ids.slots);
    free(w->seen_keys.slots);
    free(w->seen_insts.slots);
    free(w->seen_fns.slots);
    odihrx_index_buf_free(&w->text);
}

/* The parts of report in contract order; anything else is ignored so a
 * later version's additions do not stop indexing. */
static void walk_report(walk *w, const ix_node *root)
{
    for (const ix_node *c = root->children; c; c = c->next)
        if (is_el(c, IX_EL_META))
            meta(w, c);
    w->prefix = id_prefix(w);
    if (!w->prefix) {
        w->nomem = true;
        return;
    }
    for (const ix_node *c = root->children; c && !w->nomem; c = c->next) {
        if (is_el(c, IX_EL_BODY)) {
            sections(w, c);
        } else if (is_el(c, IX_EL_FOOTNOTES)) {
            for (const ix_node *f = c->children; f && !w->nomem; f = f->next)
                if (is_el(f, IX_EL_FOOTNOTE))
                    footnote(w, f);
        } else if (is_el(c, IX_EL_RECOMMENDATIONS)) {
            for (const ix_node *rec = c->children; rec && !w->nomem; rec = rec->next)
                if (is_el(rec, IX_EL_RECOMMENDATION))
                    recommendation(w, rec);
        }
    }
}

/* The documents of a tree that a reader built (rc 0), freeing it. */
static int report_from_tree(int rc, ix_tree *t, const char *input, ix_report **out, char *msg,
                            size_t msglen)
{
    walk w = {0};
    ix_report *r = NULL;
    struct ix_arena *arena = NULL;
    *out = NULL;
    if (rc)
        goto done; /* the reader said why */
    rc = -1;
    const ix_node *root = t->root;
    if (!root || !is_el(root, IX_EL_REPORT)) {
        snprintf(msg, msglen, "%s: not odihrx XML (no report element in namespace %s)", input,
                 NS_REPORT);
        goto done;
    }
    r = calloc(1, sizeof *r);
    arena = calloc(1, sizeof *arena);
    if (!r || !arena) {
        snprintf(msg, msglen, "%s: out of memory", input);
        goto done;
    }
    r->arena = arena;
    arena = NULL;
    w.r = r;
    r->input = dup(&w, input);
    r->report_kind = dup(&w, attr(root, "kind"));
    walk_report(&w, root);
    if (w.nomem) {
        snprintf(msg, msglen, "%s: out of memory", input);
        goto done;
    }
    *out = r;
    r = NULL;
    rc = 0;
done:
    walk_free(&w);
    odihrx_index_tree_free(t);
    free(arena);
    odihrx_index_report_free(r);
    return rc;
}

int odihrx_index_report_from_xml(const char *xml, size_t len, const char *input, ix_report **out,
                                 char *msg, size_t msglen)
{
    ix_tree t;
    int rc = odihrx_index_tree_read(xml, len, input, &t, msg, msglen);
    return report_from_tree(rc, &t, input, out, msg, msglen);
}

int odihrx_index_report_from_written_xml(char *xml, size_t len, const char *input, ix_report **out,
                                         char *msg, size_t msglen)
{
    ix_tree t;
    /* what the strict reader declines, it left as it was for libxml2 */
    int rc = odihrx_index_tree_read_written(xml, len, &t) == 0
                 ? 0
                 : odihrx_index_tree_read(xml, len, input, &t, msg, msglen);
    return report_from_tree(rc, &t, input, out, msg, msglen);
}

void odihrx_index_report_free(ix_report *r)
{
    if (!r)
        return;
    arena_free(r->arena);
    free(r->arena);
    free(r->docs);
    odihrx_index_buf_free(&r->tokens);
    free(r);
}

const char *odihrx_index_kind_name(ix_kind kind)
{
    return kind == IX_RECOMMENDATION ? "recommendation"
           : kind == IX_SECTION      ? "section"
                                     : "footnote";
}

/* --------------------------------------------------------------- NDJSON */

static void json_field(ix_buf *b, const char *name, const char *value)
{
    odihrx_index_buf_printf(b, ",\"%s\":", name);
    if (value)
        odihrx_index_json_string(b, value);
    else
        odihrx_index_buf_put(b, "null", 4);
}

static void json_number(ix_buf *b, const char *name, long long v)
{
    if (v)
        odihrx_index_buf_printf(b, ",\"%s\":%lld", name, v);
    else
        odihrx_index_buf_printf(b, ",\"%s\":null", name);
}

static void json_doc(ix_buf *b, const ix_report *r, const ix_doc *d)
{
    odihrx_index_buf_puts(b, "{\"id\":");
    odihrx_index_json_string(b, d->id);
    json_field(b, "kind", odihrx_index_kind_name(d->kind));
    json_field(b, "country", r->country);
    json_field(b, "country_code", r->country_code);
    json_field(b, "election_type", r->election_type);
    json_field(b, "election_date", r->election_date);
    json_number(b, "year", r->year);
    json_field(b, "report_kind", r->report_kind);
    json_field(b, "report_date", r->report_date);
    json_field(b, "title", r->title);
    json_field(b, "section_id", d->section_id);
    json_field(b, "section_num", d->section_num);
    json_field(b, "section_heading", d->section_heading);
    json_number(b, "recommendation", d->recommendation);
    json_field(b, "priority", d->priority);
    json_field(b, "topic", d->topic);
    json_number(b, "footnote", d->footnote);
    json_field(b, "text", d->text);
    odihrx_index_buf_puts(b, ",\"keys\":[");
    for (size_t i = 0; i < d->nkeys; i++) {
        if (i)
            odihrx_index_buf_put(b, ",", 1);
        odihrx_index_json_string(b, d->keys[i].paragraph);
    }
    odihrx_index_buf_puts(b, "],\"key_bases\":[");
    for (size_t i = 0; i < d->nkeys; i++) {
        if (i)
            odihrx_index_buf_put(b, ",", 1);
        odihrx_index_json_string(b, d->keys[i].facet);
    }
    odihrx_index_buf_puts(b, "],\"instruments\":[");
    for (size_t i = 0; i < d->ninstruments; i++) {
        if (i)
            odihrx_index_buf_put(b, ",", 1);
        odihrx_index_json_string(b, d->instruments[i]);
    }
    odihrx_index_buf_puts(b, "],\"footnotes\":[");
    for (size_t i = 0; i < d->nfootnotes; i++)
        odihrx_index_buf_printf(b, i ? ",%u" : "%u", (unsigned)d->footnotes[i]);
    odihrx_index_buf_put(b, "]", 1);
    json_field(b, "source", r->source);
    json_number(b, "line", d->line);
    json_field(b, "input", r->input);
    json_field(b, "sha256", r->sha256);
    odihrx_index_buf_put(b, "}", 1);
}

int odihrx_index_write_ndjson(const ix_report *r, const char *es_index, ix_buf *out)
{
    for (size_t i = 0; i < r->ndocs && !out->failed; i++) {
        odihrx_index_buf_puts(out, "{\"index\":{");
        if (es_index) {
            odihrx_index_buf_puts(out, "\"_index\":");
            odihrx_index_json_string(out, es_index);
            odihrx_index_buf_put(out, ",", 1);
        }
        odihrx_index_buf_puts(out, "\"_id\":");
        odihrx_index_json_string(out, r->docs[i].id);
        odihrx_index_buf_puts(out, "}}\n");
        json_doc(out, r, &r->docs[i]);
        odihrx_index_buf_put(out, "\n", 1);
    }
    return out->failed ? -1 : 0;
}

/* ----------------------------------------------------------------- Solr */

static void solr_field(ix_buf *b, const char *name, const char *value)
{
    if (!value)
        return; /* Solr has no null: an absent value is an absent field */
    odihrx_index_buf_printf(b, "<field name=\"%s\">", name);
    xml_text(b, value);
    odihrx_index_buf_puts(b, "</field>\n");
}

static void solr_number(ix_buf *b, const char *name, unsigned long v)
{
    if (v)
        odihrx_index_buf_printf(b, "<field name=\"%s\">%lu</field>\n", name, v);
}

/* Solr date fields take instants only: 2021-01-10 -> 2021-01-10T00:00:00Z.
 * A value that is not a plain ISO date is left out rather than rejected by
 * Solr with the whole batch. */
static void solr_date(ix_buf *b, const char *name, const char *date)
{
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return;
    odihrx_index_buf_printf(b, "<field name=\"%s\">%sT00:00:00Z</field>\n", name, date);
}

int odihrx_index_write_solr(const ix_report *r, ix_buf *out)
{
    for (size_t i = 0; i < r->ndocs && !out->failed; i++) {
        const ix_doc *d = &r->docs[i];
        odihrx_index_buf_puts(out, "<doc>\n");
        solr_field(out, "id", d->id);
        solr_field(out, "kind", odihrx_index_kind_name(d->kind));
        solr_field(out, "country", r->country);
        solr_field(out, "country_code", r->country_code);
        solr_field(out, "election_type", r->election_type);
        solr_date(out, "election_date", r->election_date);
        solr_number(out, "year", (unsigned long)(r->year > 0 ? r->year : 0));
        solr_field(out, "report_kind", r->report_kind);
        solr_date(out, "report_date", r->report_date);
        solr_field(out, "title", r->title);
        solr_field(out, "section_id", d->section_id);
        solr_field(out, "section_num", d->section_num);
        solr_field(out, "section_heading", d->section_heading);
        solr_number(out, "recommendation", d->recommendation);
        solr_field(out, "priority", d->priority);
        solr_field(out, "topic", d->topic);
        solr_number(out, "footnote", d->footnote);
        solr_field(out, "text", d->text);
        for (size_t k = 0; k < d->nkeys; k++)
            solr_field(out, "keys", d->keys[k].paragraph);
        for (size_t k = 0; k < d->nkeys; k++)
            solr_field(out, "key_bases", d->keys[k].facet);
        for (size_t k = 0; k < d->ninstruments; k++)
            solr_field(out, "instruments", d->instruments[k]);
        for (size_t k = 0; k < d->nfootnotes; k++)
            solr_number(out, "footnotes", d->footnotes[k]);
        solr_field(out, "source", r->source);
        solr_number(out, "line", d->line);
        solr_field(out, "input", r->input);
        solr_field(out, "sha256", r->sha256);
        odihrx_index_buf_puts(out, "</doc>\n");
    }
    return out->failed ? -1 : 0;
}
