/*
 * inlines.c: inline markup of one block. The block's source (markdown-like:
 * *em*, **strong**, <i>, <b>, <sup>N</sup>, [text](url), \-escapes, HTML
 * entities) becomes plain text in the arena plus marks over it, so later
 * stages match patterns on clean text and emit rebuilds the elements.
 *
 * Two passes over the source: the first finds the ranges to drop and where
 * marks open and close (delimiter runs matched with one stack per delimiter
 * character, so matching is linear); the second copies the kept bytes,
 * collapses white space and translates mark positions.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "byteset.h"
#include "doc.h"
#include "odihrx_limits.h"

typedef enum ev_type { EV_OPEN, EV_CLOSE, EV_FNREF, EV_CHAR } ev_type;

typedef struct event {
    uint32_t pos;   /* source offset */
    uint32_t seq;   /* creation order, to keep sorting stable */
    uint32_t value; /* mark id (OPEN/CLOSE), footnote number, or code point */
    uint8_t type;
} event;

typedef struct pending_mark {
    uint8_t kind;
    uint32_t value;
    uint32_t out_start, out_end;
    bool opened, closed;
} pending_mark;

typedef struct delim {
    uint32_t pos; /* first byte of the run still available to openers */
    uint32_t count;
} delim;

typedef struct drop {
    uint32_t from, to;
} drop;

typedef struct tagopen {
    uint32_t mark;
    uint8_t kind;
} tagopen;

typedef struct ctx {
    odihrx_doc *doc;
    uint32_t block;
    const char *src;
    size_t len;
    bool keep_tabs;
    drop *drops; /* source ranges that print nothing: delimiters, tags, ... */
    uint32_t ndrops, capdrops;
    event *ev;
    uint32_t nev, capev;
    pending_mark *pm;
    uint32_t npm, cappm;
    delim *stack[2];
    uint32_t nstack[2], capstack[2];
    tagopen *tags;
    uint32_t ntags, captags;
} ctx;

static odihrx_status grow(void **arr, uint32_t *n, uint32_t *cap, size_t elem)
{
    return odihrx_vec_grow(arr, n, cap, elem, ODIHRX_MAX_MARKS);
}

static odihrx_status add_event(ctx *c, uint32_t pos, uint8_t type, uint32_t value)
{
    odihrx_status st = grow((void **)&c->ev, &c->nev, &c->capev, sizeof *c->ev);
    if (st)
        return st;
    c->ev[c->nev] = (event){.pos = pos, .seq = c->nev, .value = value, .type = type};
    c->nev++;
    return ODIHRX_OK;
}

static odihrx_status new_mark(ctx *c, uint8_t kind, uint32_t value, uint32_t *id)
{
    odihrx_status st = grow((void **)&c->pm, &c->npm, &c->cappm, sizeof *c->pm);
    if (st)
        return st;
    c->pm[c->npm] = (pending_mark){.kind = kind, .value = value};
    *id = c->npm++;
    return ODIHRX_OK;
}

/* A mark spanning source [open_pos, close_pos). */
static odihrx_status span(ctx *c, uint8_t kind, uint32_t value, uint32_t open_pos,
                          uint32_t close_pos)
{
    uint32_t id;
    odihrx_status st = new_mark(c, kind, value, &id);
    if (!st)
        st = add_event(c, open_pos, EV_OPEN, id);
    if (!st)
        st = add_event(c, close_pos, EV_CLOSE, id);
    return st;
}

static odihrx_status drop_range(ctx *c, size_t from, size_t to)
{
    /* at most one range per source byte: the block length bounds them */
    odihrx_status st = odihrx_vec_grow((void **)&c->drops, &c->ndrops, &c->capdrops,
                                       sizeof *c->drops, UINT32_MAX - 1);
    if (!st)
        c->drops[c->ndrops++] = (drop){(uint32_t)from, (uint32_t)to};
    return st;
}

static bool is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool is_punct(unsigned char ch)
{
    return (ch >= '!' && ch <= '/') || (ch >= ':' && ch <= '@') || (ch >= '[' && ch <= '`') ||
           (ch >= '{' && ch <= '~');
}

/* What a source byte is to the copying paths: plain text copied as it is,
 * or white space collapsed (the bytes that may start markup are
 * odihrx_markup_bytes, byteset.c). */
enum { C_TEXT = 0, C_SPACE = 1, C_TAB = 2 };

static const unsigned char char_class[256] = {
    [' '] = C_SPACE, ['\n'] = C_SPACE, ['\r'] = C_SPACE, ['\t'] = C_TAB};

/* ----------------------------------------------------------- emphasis */

static odihrx_status delim_run(ctx *c, size_t i, size_t n)
{
    const char *s = c->src;
    char ch = s[i];
    unsigned char before = i ? (unsigned char)s[i - 1] : ' ';
    unsigned char after = i + n < c->len ? (unsigned char)s[i + n] : ' ';
    bool left = !is_space(after) && (!is_punct(after) || is_space(before) || is_punct(before));
    bool right = !is_space(before) && (!is_punct(before) || is_space(after) || is_punct(after));
    bool can_open = left, can_close = right;
    if (ch == '_') {
        can_open = left && (!right || is_punct(before));
        can_close = right && (!left || is_punct(after));
    }
    int which = ch == '*' ? 0 : 1;
    uint32_t pos = (uint32_t)i, count = (uint32_t)n;
    while (can_close && count > 0 && c->nstack[which] > 0) {
        delim *op = &c->stack[which][c->nstack[which] - 1];
        uint32_t use = count >= 2 && op->count >= 2 ? 2 : 1;
        /* The opener's innermost chars pair with the closer's first chars. */
        uint32_t open_at = op->pos + op->count - use;
        odihrx_status st = drop_range(c, open_at, open_at + use);
        if (!st)
            st = drop_range(c, pos, pos + use);
        if (!st)
            st = span(c, use == 2 ? ODIHRX_MARK_STRONG : ODIHRX_MARK_EM, 0, open_at + use, pos);
        if (st)
            return st;
        op->count -= use;
        if (op->count == 0)
            c->nstack[which]--;
        pos += use;
        count -= use;
    }
    if (can_open && count > 0) {
        odihrx_status st = grow((void **)&c->stack[which], &c->nstack[which],
                                &c->capstack[which], sizeof(delim));
        if (st)
            return st;
        c->stack[which][c->nstack[which]++] = (delim){.pos = pos, .count = count};
    }
    return ODIHRX_OK;
}

/* ---------------------------------------------------------- HTML tags */

static bool tag_name_is(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n == k && strncasecmp(s, name, k) == 0;
}

/* Length of a tag-like "<...>" at i, 0 when it is not one. */
static size_t tag_len(const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    if (j < len && s[j] == '/')
        j++;
    if (j >= len || !((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
        return 0;
    for (size_t k = j; k < len && k < i + 200; k++) {
        if (s[k] == '>')
            return k - i + 1;
        if (s[k] == '<' || s[k] == '\n')
            return 0;
    }
    return 0;
}

/* Footnote numbers inside <sup>...</sup>: "12" or "3, 4". */
static bool fn_numbers(const char *s, size_t n)
{
    bool digit = false;
    for (size_t k = 0; k < n; k++) {
        if (s[k] >= '0' && s[k] <= '9')
            digit = true;
        else if (s[k] != ',' && s[k] != ' ')
            return false;
    }
    return digit && n <= 24;
}

static odihrx_status html_tag(ctx *c, size_t i, size_t tl, size_t *advance)
{
    const char *s = c->src;
    bool closing = s[i + 1] == '/';
    size_t name_at = i + 1 + (closing ? 1 : 0);
    size_t name_end = name_at;
    while (name_end < i + tl && ((s[name_end] | 0x20) >= 'a' && (s[name_end] | 0x20) <= 'z'))
        name_end++;
    size_t nlen = name_end - name_at;
    *advance = tl;
    odihrx_status dst = drop_range(c, i, i + tl);
    if (dst)
        return dst;
    if (!closing && tag_name_is(s + name_at, nlen, "sup")) {
        /* <sup>N</sup> is a footnote marker when it holds only numbers. */
        const char *close = NULL;
        for (size_t k = i + tl; k + 6 <= c->len && k < i + tl + 40; k++)
            if (strncasecmp(s + k, "</sup>", 6) == 0) {
                close = s + k;
                break;
            }
        if (close && fn_numbers(s + i + tl, (size_t)(close - (s + i + tl)))) {
            size_t k = i + tl, end = (size_t)(close - s);
            while (k < end) {
                while (k < end && (s[k] < '0' || s[k] > '9'))
                    k++;
                uint32_t n = 0;
                while (k < end && s[k] >= '0' && s[k] <= '9') {
                    if (n < 10000000)
                        n = n * 10 + (uint32_t)(s[k] - '0');
                    k++;
                }
                if (n) {
                    odihrx_status st = add_event(c, (uint32_t)i, EV_FNREF, n);
                    if (st)
                        return st;
                }
            }
            *advance = end + 6 - i;
            return drop_range(c, i, end + 6);
        }
        return ODIHRX_OK;
    }
    uint8_t kind;
    if (tag_name_is(s + name_at, nlen, "b") || tag_name_is(s + name_at, nlen, "strong"))
        kind = ODIHRX_MARK_STRONG;
    else if (tag_name_is(s + name_at, nlen, "i") || tag_name_is(s + name_at, nlen, "em"))
        kind = ODIHRX_MARK_EM;
    else {
        if (tag_name_is(s + name_at, nlen, "br"))
            return add_event(c, (uint32_t)i, EV_CHAR, ' ');
        return ODIHRX_OK; /* other tags carry nothing we keep */
    }
    if (!closing) {
        uint32_t id;
        odihrx_status st = new_mark(c, kind, 0, &id);
        if (!st)
            st = add_event(c, (uint32_t)(i + tl), EV_OPEN, id);
        if (!st)
            st = grow((void **)&c->tags, &c->ntags, &c->captags, sizeof *c->tags);
        if (!st)
            c->tags[c->ntags++] = (tagopen){.mark = id, .kind = kind};
        return st;
    }
    /* Close the nearest open tag of this kind only: "<b>x <i>y</b> z</i>"
     * leaves the <i> open, as browsers do; emit splits what overlaps. */
    for (uint32_t k = c->ntags; k-- > 0;) {
        if (c->tags[k].kind == kind) {
            odihrx_status st = add_event(c, (uint32_t)i, EV_CLOSE, c->tags[k].mark);
            if (st)
                return st;
            memmove(&c->tags[k], &c->tags[k + 1], (c->ntags - k - 1) * sizeof *c->tags);
            c->ntags--;
            break;
        }
    }
    return ODIHRX_OK;
}

/* ------------------------------------------------------------ entities */

static size_t entity(const char *s, size_t len, size_t i, uint32_t *cp)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {{"amp", '&'},     {"lt", '<'},      {"gt", '>'},      {"quot", '"'},
                 {"apos", '\''},   {"nbsp", ' '},    {"ndash", 0x2013}, {"mdash", 0x2014},
                 {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
                 {"hellip", 0x2026}};
    size_t j = i + 1;
    size_t end = 0;
    for (size_t k = j; k < len && k < i + 12; k++)
        if (s[k] == ';') {
            end = k;
            break;
        }
    if (!end)
        return 0;
    if (s[j] == '#') {
        uint32_t v = 0;
        bool hex = j + 1 < end && (s[j + 1] | 0x20) == 'x';
        size_t k = j + (hex ? 2 : 1);
        if (k >= end)
            return 0;
        for (; k < end; k++) {
            char ch = s[k];
            int d = ch >= '0' && ch <= '9' ? ch - '0'
                    : hex && (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f' ? (ch | 0x20) - 'a' + 10
                                                                       : -1;
            if (d < 0)
                return 0;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
            if (v > 0x10FFFF)
                return 0;
        }
        /* Controls and surrogates would break the XML: they become U+FFFD. */
        if (v == 0 || (v < 0x20 && v != '\t' && v != '\n') || (v >= 0xD800 && v <= 0xDFFF) ||
            v == 0xFFFE || v == 0xFFFF)
            v = 0xFFFD;
        *cp = v;
        return end - i + 1;
    }
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t n = strlen(named[k].name);
        if (end - j == n && memcmp(s + j, named[k].name, n) == 0) {
            *cp = named[k].cp;
            return end - i + 1;
        }
    }
    return 0;
}

/* --------------------------------------------------------------- links */

/* [text](url): returns the length of the whole construct, or 0. */
static size_t link_at(const char *s, size_t len, size_t i, size_t *text_end, size_t *url_at,
                      size_t *url_end, size_t *work)
{
    size_t k = i + 1;
    int depth = 0;
    for (; k < len && k < i + 1 + ODIHRX_MAX_LINK_TEXT; k++) {
        ++*work;
        if (s[k] == '\\') {
            k++;
            continue;
        }
        if (s[k] == '[')
            depth++;
        else if (s[k] == ']') {
            if (depth == 0)
                break;
            depth--;
        } else if (s[k] == '\n' && k + 1 < len && s[k + 1] == '\n')
            return 0;
    }
    if (k + 1 >= len || s[k] != ']' || s[k + 1] != '(')
        return 0;
    *text_end = k;
    size_t u = k + 2;
    for (size_t m = u; m < len && m < u + ODIHRX_MAX_LINK_URL; m++) {
        if (s[m] == ')') {
            *url_at = u;
            *url_end = m;
            return m + 1 - i;
        }
        if (s[m] == ' ' || s[m] == '\n' || s[m] == '(')
            return 0;
    }
    return 0;
}

/* "[^12]", a footnote reference of pandoc and GitHub markdown: the
 * length of the construct, or 0. */
static size_t caret_marker(const char *s, size_t len, size_t i, uint32_t *n)
{
    size_t k = i + 2;
    uint32_t v = 0;
    while (k < len && k < i + 7 && s[k] >= '0' && s[k] <= '9')
        v = v * 10 + (uint32_t)(s[k++] - '0');
    if (k == i + 2 || k >= len || s[k] != ']' || v == 0 || v > ODIHRX_MAX_FOOTNOTE_NUMBER)
        return 0;
    *n = v;
    return k + 1 - i;
}

/* -------------------------------------------------------------- pass 1 */

static odihrx_status scan(ctx *c)
{
    const char *s = c->src;
    size_t len = c->len;
    size_t i = 0, link_work = 0;
    while ((i = odihrx_byteset_next(s, i, len, &odihrx_markup_bytes)) < len) {
        unsigned char ch = (unsigned char)s[i];
        /* a backslash before a line end is pandoc's hard line break */
        if (ch == '\\' && i + 1 < len && s[i + 1] == '\n') {
            odihrx_status st = drop_range(c, i, i + 1);
            if (st)
                return st;
            i++;
            continue;
        }
        if (ch == '\\' && i + 1 < len && is_punct((unsigned char)s[i + 1])) {
            odihrx_status st = drop_range(c, i, i + 1);
            if (st)
                return st;
            i += 2;
            continue;
        }
        if (ch == '*' || ch == '_') {
            size_t n = 1;
            while (i + n < len && s[i + n] == (char)ch)
                n++;
            odihrx_status st = delim_run(c, i, n);
            if (st)
                return st;
            i += n;
            continue;
        }
        if (ch == '<') {
            size_t tl = tag_len(s, len, i);
            if (tl) {
                size_t adv;
                odihrx_status st = html_tag(c, i, tl, &adv);
                if (st)
                    return st;
                i += adv;
                continue;
            }
        }
        if (ch == '&') {
            uint32_t cp;
            size_t el = entity(s, len, i, &cp);
            if (el) {
                odihrx_status st = drop_range(c, i, i + el);
                if (!st)
                    st = add_event(c, (uint32_t)i, EV_CHAR, cp);
                if (st)
                    return st;
                i += el;
                continue;
            }
        }
        uint32_t fn;
        size_t ml = ch == '[' && i + 1 < len && s[i + 1] == '^' ? caret_marker(s, len, i, &fn) : 0;
        if (ml) {
            odihrx_status st = drop_range(c, i, i + ml);
            if (!st)
                st = add_event(c, (uint32_t)i, EV_FNREF, fn);
            if (st)
                return st;
            i += ml;
            continue;
        }
        if (ch == '[' || (ch == '!' && i + 1 < len && s[i + 1] == '[')) {
            size_t at = ch == '!' ? i + 1 : i;
            size_t text_end, url_at, url_end;
            /* Each '[' may look ahead a bounded distance; the total look-ahead
             * of a block is capped at a few times its length, so a run of
             * unclosed brackets stays linear. */
            size_t ll = link_work <= 4 * len + 4096
                            ? link_at(s, len, at, &text_end, &url_at, &url_end, &link_work)
                            : 0;
            if (ll) {
                odihrx_status dst = drop_range(c, i, at + 1);
                if (!dst)
                    dst = drop_range(c, text_end, at + ll);
                if (dst)
                    return dst;
                bool empty_url = url_end == url_at || (url_end - url_at == 1 && s[url_at] == '#');
                if (!empty_url && ch == '[') {
                    uint32_t sidx;
                    odihrx_status st = odihrx_string_add(c->doc, s + url_at, url_end - url_at, &sidx);
                    if (!st)
                        st = span(c, ODIHRX_MARK_LINK, sidx, (uint32_t)(at + 1), (uint32_t)text_end);
                    if (st)
                        return st;
                }
                /* The link text is scanned like any other text. */
                i = at + 1;
                continue;
            }
        }
        i++;
    }
    return ODIHRX_OK;
}

/* A lone opening '*' at the very start of a block was meant to emphasise the
 * whole paragraph (the closing one lost in conversion). */
static odihrx_status unclosed_start(ctx *c)
{
    for (uint32_t k = 0; k < c->nstack[0]; k++) {
        delim *d = &c->stack[0][k];
        size_t lead = 0;
        while (lead < c->len && is_space((unsigned char)c->src[lead]))
            lead++;
        if (d->pos == lead && d->count == 1) {
            odihrx_status st = drop_range(c, d->pos, d->pos + 1);
            if (!st)
                st = span(c, ODIHRX_MARK_EM, 0, d->pos + 1, (uint32_t)c->len);
            if (!st)
                st = odihrx_diag_add(c->doc, ODIHRX_WARNING, "unclosed-emphasis",
                                     c->doc->blocks[c->block].line,
                                     "emphasis opened at the start of the paragraph is never "
                                     "closed; it is taken to cover the paragraph");
            return st;
        }
    }
    return ODIHRX_OK;
}

static int cmp_event(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    /* At one position: closes first, then the rest in creation order. */
    int cx = x->type == EV_CLOSE ? 0 : 1, cy = y->type == EV_CLOSE ? 0 : 1;
    if (cx != cy)
        return cx - cy;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* -------------------------------------------------------------- pass 2 */

static int cmp_drop(const void *a, const void *b)
{
    const drop *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

/* Dropped ranges in source order, overlapping ones merged. */
static uint32_t merge_drops(ctx *c)
{
    if (c->ndrops < 2)
        return c->ndrops;
    qsort(c->drops, c->ndrops, sizeof *c->drops, cmp_drop);
    uint32_t n = 0;
    for (uint32_t k = 1; k < c->ndrops; k++) {
        if (c->drops[k].from <= c->drops[n].to) {
            if (c->drops[k].to > c->drops[n].to)
                c->drops[n].to = c->drops[k].to;
        } else {
            c->drops[++n] = c->drops[k];
        }
    }
    return n + 1;
}

/* The end of the text run starting at src[k] (a text byte): single
 * spaces between words stay inside it, so a paragraph of ordinary prose is
 * one copy, not one per word. */
static size_t text_run_end(const char *src, size_t k, size_t to)
{
    size_t run = k + 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Eight bytes at a time: stop at a byte up to 0x20 that is not a space
     * followed by a byte above 0x20. That also stops at other control
     * bytes, harmlessly: the caller resumes at whatever is there. */
    const uint64_t ones = UINT64_C(0x0101010101010101), high = ones * 0x80, low7 = ones * 0x7F;
    while (run + 9 <= to) {
        uint64_t x, y;
        memcpy(&x, src + run, 8);
        memcpy(&y, src + run + 1, 8);
        uint64_t x_low = ~(((x & low7) + ones * (0x7F - 0x20)) | x) & high; /* <= 0x20 */
        uint64_t y_above = (((y & low7) + ones * (0x7F - 0x20)) | y) & high; /* > 0x20 */
        uint64_t z = x ^ ones * ' ';
        uint64_t x_space = ~(((z & low7) + low7) | z) & high;
        uint64_t stop = x_low & ~(x_space & y_above);
        if (stop)
            return run + ((unsigned)__builtin_ctzll(stop) >> 3);
        run += 8;
    }
#endif
    for (;;) {
        while (run < to && char_class[(unsigned char)src[run]] != C_SPACE &&
               char_class[(unsigned char)src[run]] != C_TAB)
            run++;
        if (run + 1 < to && src[run] == ' ' &&
            char_class[(unsigned char)src[run + 1]] != C_SPACE &&
            char_class[(unsigned char)src[run + 1]] != C_TAB) {
            run += 2;
            continue;
        }
        return run;
    }
}

/* Whether the block's TABs separate cells and are kept. */
static bool keeps_tabs(const odihrx_block *b)
{
    return b->kind == ODIHRX_BLOCK_TABLE_ROW || b->kind == ODIHRX_BLOCK_TOC_ENTRY;
}

/* Source bytes src[from, to), none dropped, appended at out[o]: white
 * space collapsed (a space owed from before is written before the next
 * text), runs of text copied whole. Returns the new output length. */
static size_t copy_kept(const char *src, bool keep_tabs, char *out, size_t o, bool *space_pending,
                        size_t from, size_t to)
{
    size_t k = from;
    while (k < to) {
        unsigned char cls = char_class[(unsigned char)src[k]];
        if (cls == C_TAB && keep_tabs) {
            out[o++] = '\t';
            *space_pending = false;
            k++;
            continue;
        }
        if (cls == C_SPACE || cls == C_TAB) {
            *space_pending = true;
            k++;
            continue;
        }
        if (*space_pending && o > 0 && out[o - 1] != '\t')
            out[o++] = ' ';
        *space_pending = false;
        size_t run = text_run_end(src, k, to);
        memcpy(out + o, src + k, run - k);
        o += run - k;
        k = run;
    }
    return o;
}

static odihrx_status build(ctx *c)
{
    odihrx_doc *doc = c->doc;
    /* Entities shrink; each EV_CHAR (at most 4 bytes) replaces at least 4
     * dropped bytes ("&lt;"), or "<br>" (4 bytes), so len bounds the output. */
    char *out = odihrx_arena_alloc(&doc->arena, c->len + 1);
    if (!out)
        return ODIHRX_ERR_NOMEM;
    if (c->nev > 1) /* qsort(NULL, 0) is undefined */
        qsort(c->ev, c->nev, sizeof *c->ev, cmp_event);
    uint32_t nd = merge_drops(c), d = 0;
    size_t o = 0;
    bool space_pending = false;
    uint32_t e = 0;
    size_t i = 0;
    for (;;) {
        for (; e < c->nev && c->ev[e].pos == i; e++) {
            event *ev = &c->ev[e];
            uint32_t at = (uint32_t)(o + (space_pending && o > 0 ? 1 : 0));
            switch (ev->type) {
            case EV_OPEN:
                c->pm[ev->value].out_start = at;
                c->pm[ev->value].opened = true;
                break;
            case EV_CLOSE:
                c->pm[ev->value].out_end = (uint32_t)o;
                c->pm[ev->value].closed = true;
                break;
            case EV_FNREF: {
                odihrx_status st = odihrx_mark_add(doc, c->block, ODIHRX_MARK_FNREF, (uint32_t)o,
                                                   (uint32_t)o, ev->value);
                if (st)
                    return st;
                break;
            }
            case EV_CHAR:
                if (ev->value == ' ' || ev->value == 0xA0) {
                    space_pending = true;
                } else {
                    if (space_pending && o > 0)
                        out[o++] = ' ';
                    space_pending = false;
                    o += put_utf8(out + o, ev->value);
                }
                break;
            }
        }
        if (i == c->len)
            break;
        /* the bytes up to the next event: kept runs and dropped ranges */
        size_t stop = e < c->nev && c->ev[e].pos < c->len ? c->ev[e].pos : c->len;
        while (i < stop) {
            while (d < nd && c->drops[d].to <= i)
                d++;
            if (d < nd && c->drops[d].from <= i) {
                i = c->drops[d].to < stop ? c->drops[d].to : stop;
                continue;
            }
            size_t kept_end = d < nd && c->drops[d].from < stop ? c->drops[d].from : stop;
            o = copy_kept(c->src, c->keep_tabs, out, o, &space_pending, i, kept_end);
            i = kept_end;
        }
    }
    out[o] = '\0';
    odihrx_arena_shrink_last(&doc->arena, out, c->len + 1, o + 1);
    odihrx_block *b = &doc->blocks[c->block];
    b->text = out;
    b->len = (uint32_t)o;
    for (uint32_t k = 0; k < c->npm; k++) {
        pending_mark *m = &c->pm[k];
        if (!m->opened)
            continue;
        if (!m->closed)
            m->out_end = (uint32_t)o; /* an unclosed <i> runs to the end */
        if (m->out_start > o)
            m->out_start = (uint32_t)o;
        if (m->out_end > o)
            m->out_end = (uint32_t)o;
        if (m->out_end <= m->out_start)
            continue;
        odihrx_status st =
            odihrx_mark_add(doc, c->block, m->kind, m->out_start, m->out_end, m->value);
        if (st)
            return st;
    }
    return ODIHRX_OK;
}

/* Most lines of a report carry no markup at all: copy them with white
 * space collapsed, without the two-pass machinery. */
static bool plain(const char *src, size_t len)
{
    size_t k = 0;
    while ((k = odihrx_byteset_next(src, k, len, &odihrx_markup_bytes)) < len)
        if (src[k++] != '!')
            return false;
    return true;
}

/* Whether src[0..len) is the caller's input, which outlives the document
 * (ODIHRX_OPT_INPUT_BORROWED), so a block may point into it. */
static bool borrowable(const odihrx_doc *doc, const char *src, size_t len)
{
    const unsigned both = ODIHRX_OPT_INPUT_TERMINATED | ODIHRX_OPT_INPUT_BORROWED;
    return (doc->flags & both) == both && doc->text && !doc->text_owned && src >= doc->text &&
           len <= doc->text_len && (size_t)(src - doc->text) <= doc->text_len - len;
}

static odihrx_status copy_plain(odihrx_doc *doc, uint32_t block, const char *src, size_t len)
{
    /* A paragraph whose white space needs no change is its own text: no
     * copy when the input stays alive as long as the document. */
    if (len > 0 && len <= UINT32_MAX && char_class[(unsigned char)src[0]] != C_SPACE &&
        char_class[(unsigned char)src[0]] != C_TAB && text_run_end(src, 0, len) == len &&
        borrowable(doc, src, len)) {
        odihrx_block *b = &doc->blocks[block];
        b->text = src;
        b->len = (uint32_t)len;
        b->mark_first = doc->nmarks;
        b->mark_count = 0;
        return ODIHRX_OK;
    }
    char *out = odihrx_arena_alloc(&doc->arena, len + 1);
    if (!out)
        return ODIHRX_ERR_NOMEM;
    odihrx_block *b = &doc->blocks[block];
    bool space = false;
    size_t o = copy_kept(src, keeps_tabs(b), out, 0, &space, 0, len);
    out[o] = '\0';
    odihrx_arena_shrink_last(&doc->arena, out, len + 1, o + 1);
    b->text = out;
    b->len = (uint32_t)o;
    b->mark_first = doc->nmarks;
    b->mark_count = 0;
    return ODIHRX_OK;
}

odihrx_status odihrx_inlines_parse(odihrx_doc *doc, uint32_t block, const char *src, size_t len)
{
    if (plain(src, len))
        return copy_plain(doc, block, src, len);
    ctx c = {.doc = doc, .block = block, .src = src, .len = len};
    c.keep_tabs = keeps_tabs(&doc->blocks[block]);
    uint32_t first_mark = doc->nmarks;
    odihrx_status st = scan(&c);
    if (!st)
        st = unclosed_start(&c);
    if (!st)
        st = build(&c);
    if (!st) {
        odihrx_block *b = &doc->blocks[block];
        b->mark_first = first_mark;
        b->mark_count = doc->nmarks - first_mark;
        /* Whole-block emphasis tells headings and inline recommendations. */
        for (uint32_t k = first_mark; k < doc->nmarks; k++) {
            const odihrx_mark *m = &doc->marks[k];
            uint32_t tail = b->len - m->end;
            bool whole = m->start == 0 && (tail == 0 || (tail <= 2 && !((b->text[m->end] | 0x20) >= 'a' && (b->text[m->end] | 0x20) <= 'z')));
            if (whole && m->kind == ODIHRX_MARK_EM)
                b->flags |= ODIHRX_BF_ITALIC;
            if (whole && m->kind == ODIHRX_MARK_STRONG)
                b->flags |= ODIHRX_BF_BOLD;
        }
    }
    odihrx_free(c.drops);
    odihrx_free(c.ev);
    odihrx_free(c.pm);
    odihrx_free(c.stack[0]);
    odihrx_free(c.stack[1]);
    odihrx_free(c.tags);
    return st;
}
