/*
 * citations.c: stage 6. Citations of international instruments in every
 * block: a locator phrase ("Paragraphs 3 and 7.6") followed by a known
 * instrument ("of the 1990 OSCE Copenhagen Document"), a locator whose
 * instrument was named in an earlier sentence of the block (implied), and
 * plain mentions of an instrument ("the Copenhagen Document"). A locator
 * followed by a name the table does not know ("of the Criminal Code") is
 * not a citation: a paragraph of one instrument is never reported as a
 * paragraph of another.
 * Reads: blocks, grammar (citations.pcre, instruments.tsv, copenhagen.tsv).
 * Writes: doc->cites and each block's cite range.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "grammar.h"
#include "odihrx_limits.h"

typedef struct loc_token {
    uint32_t start, end; /* in the block text */
    uint32_t range_end;  /* end of the range's last locator, or 0 */
    uint32_t last_start; /* start of the range's last locator */
} loc_token;

static bool loc_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.';
}

/* Split "3, 7.5 and 9.1-9.3" into locators; ranges kept together. */
static uint32_t split_locators(const char *s, uint32_t from, uint32_t to, loc_token *out,
                               uint32_t max)
{
    uint32_t n = 0;
    uint32_t k = from;
    while (k < to && n < max) {
        while (k < to && !loc_char(s[k]))
            k++;
        uint32_t a = k;
        while (k < to && loc_char(s[k]))
            k++;
        uint32_t e = k;
        while (e > a && s[e - 1] == '.')
            e--;
        if (e <= a)
            break;
        /* "and"/"or"/"и" are separators, not locators */
        if ((e - a == 3 && memcmp(s + a, "and", 3) == 0) || (e - a == 2 && memcmp(s + a, "or", 2) == 0))
            continue;
        /* a dash joins this locator and the next into a range */
        uint32_t j = k;
        while (j < to && s[j] == ' ')
            j++;
        bool dash = j < to && (s[j] == '-' || ((unsigned char)s[j] == 0xE2 && j + 2 < to &&
                                               (unsigned char)s[j + 1] == 0x80 &&
                                               (unsigned char)s[j + 2] == 0x93));
        out[n] = (loc_token){.start = a, .end = e};
        if (dash) {
            j += s[j] == '-' ? 1 : 3;
            while (j < to && s[j] == ' ')
                j++;
            uint32_t b = j;
            while (j < to && loc_char(s[j]))
                j++;
            uint32_t be = j;
            while (be > b && s[be - 1] == '.')
                be--;
            if (be > b) {
                out[n].range_end = be;
                out[n].last_start = b;
                k = j;
            }
        }
        n++;
    }
    return n;
}

/* "9.1-9.3" -> "9.1 9.2 9.3" and "51-54" -> "51 52 53 54" when the two ends
 * differ only in their last number; otherwise "9.1-9.3" as written. */
static const char *expand_range(odihrx_doc *doc, const char *a, size_t an, const char *b,
                                size_t bn)
{
    size_t pa = an, pb = bn;
    while (pa > 0 && a[pa - 1] >= '0' && a[pa - 1] <= '9')
        pa--;
    while (pb > 0 && b[pb - 1] >= '0' && b[pb - 1] <= '9')
        pb--;
    if (pa == pb && memcmp(a, b, pa) == 0 && pa < an && pb < bn && an - pa <= 3 && bn - pb <= 3) {
        unsigned lo = 0, hi = 0;
        for (size_t k = pa; k < an; k++)
            lo = lo * 10 + (unsigned)(a[k] - '0');
        for (size_t k = pb; k < bn; k++)
            hi = hi * 10 + (unsigned)(b[k] - '0');
        if (lo < hi && hi - lo <= 50) {
            char buf[1024];
            size_t o = 0;
            for (unsigned v = lo; v <= hi && o + pa + 6 < sizeof buf; v++) {
                int w = snprintf(buf + o, sizeof buf - o, "%s%.*s%u", o ? " " : "", (int)pa, a, v);
                if (w < 0)
                    break;
                o += (size_t)w;
            }
            return odihrx_arena_strndup(&doc->arena, buf, o);
        }
    }
    return odihrx_arena_printf(&doc->arena, "%.*s-%.*s", (int)an, a, (int)bn, b);
}

static uint8_t locator_kind(const char *kw)
{
    unsigned char c = (unsigned char)kw[0];
    if (c == 'p' || c == 'P')
        return ODIHRX_LOC_PARAGRAPH;
    if (c == 'a' || c == 'A')
        return ODIHRX_LOC_ARTICLE;
    if (c == 's' || c == 'S')
        return ODIHRX_LOC_SECTION;
    /* Cyrillic: п (D0 BF / D0 9F) paragraph, с (D1 81 / D0 A1) article, р section */
    if (c == 0xD0 && ((unsigned char)kw[1] == 0xBF || (unsigned char)kw[1] == 0x9F))
        return ODIHRX_LOC_PARAGRAPH;
    if ((c == 0xD1 && (unsigned char)kw[1] == 0x81) || (c == 0xD0 && (unsigned char)kw[1] == 0xA1))
        return ODIHRX_LOC_ARTICLE;
    return ODIHRX_LOC_SECTION;
}

/* One instrument row's next match in a block, found by searching from
 * some position; valid while `search` is the current search's number. */
typedef struct row_next {
    uint32_t start, end; /* start NONE: the row matches nowhere further on */
    uint32_t search;
} row_next;

typedef struct scan {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    uint32_t block;
    const char *text;
    uint32_t len;
    uint32_t last_instrument; /* for implied locators, NONE at block start */
    uint64_t inst_open;       /* the instrument rows' gates the block opens */
    row_next *next;           /* one per instrument row (odihrx_stage_citations) */
    uint32_t *searches;       /* numbers the searches that use `next` */
} scan;

/* The leftmost instrument named in text[from, to), as one alternation of
 * all rows in table order would find it (the earliest start; at one start,
 * the first row), but searching only the rows whose hint words the block
 * has. Each row's match is kept until a later search passes its start, so
 * rows scan disjoint stretches of the text: linear in the block. A search
 * that goes on from an earlier one passes the same `search` number. */
static bool next_instrument(scan *sc, uint32_t search, uint32_t from, uint32_t to, uint32_t *row,
                            uint32_t *start, uint32_t *end)
{
    const odihrx_grammar *g = sc->g;
    uint32_t line = sc->doc->blocks[sc->block].line;
    uint32_t best = ODIHRX_NONE;
    for (uint32_t r = 0; r < g->ninstruments; r++) {
        if (!(sc->inst_open & ODIHRX_GATE_INSTRUMENT(r)))
            continue;
        row_next *n = &sc->next[r];
        if (n->search != search || (n->start != ODIHRX_NONE && n->start < from)) {
            size_t a, e;
            n->search = search;
            n->start = ODIHRX_NONE;
            /* an empty match names nothing: the row is done */
            if (odihrx_match(sc->doc, g->instruments[r].re, sc->text, to, from, line) > 0 &&
                odihrx_group(sc->doc, g->instruments[r].re, NULL, 0, &a, &e) && e > a) {
                n->start = (uint32_t)a;
                n->end = (uint32_t)e;
            }
        }
        if (n->start != ODIHRX_NONE && (best == ODIHRX_NONE || n->start < sc->next[best].start))
            best = r;
    }
    if (best == ODIHRX_NONE)
        return false;
    *row = best;
    *start = sc->next[best].start;
    *end = sc->next[best].end;
    return true;
}

static odihrx_status add_cite(scan *sc, uint32_t start, uint32_t end, uint32_t instrument,
                              uint8_t locator, const char *loc, bool implied)
{
    odihrx_doc *doc = sc->doc;
    odihrx_status st = odihrx_vec_grow((void **)&doc->cites, &doc->ncites, &doc->cap_cites,
                                       sizeof *doc->cites, ODIHRX_MAX_MARKS);
    if (st == ODIHRX_ERR_LIMIT)
        return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-citations",
                               doc->blocks[sc->block].line, "more than %u citations",
                               ODIHRX_MAX_MARKS);
    if (st)
        return st;
    bool unknown = false;
    if (loc && instrument == sc->g->copenhagen) {
        /* every paragraph of a list or range must be in the catalog */
        const char *p = loc;
        while (*p && !unknown) {
            const char *e = strchr(p, ' ');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            bool found = false;
            for (uint32_t r = 0; r < sc->g->ncatalog && !found; r++)
                found = strlen(sc->g->catalog[r].paragraph) == n &&
                        memcmp(sc->g->catalog[r].paragraph, p, n) == 0;
            unknown = !found;
            p = e ? e + 1 : p + n;
        }
        if (unknown) {
            st = odihrx_diag_add(doc, ODIHRX_WARNING, "cite-unknown", doc->blocks[sc->block].line,
                                 "Paragraph %s of the Copenhagen Document is not in the catalog",
                                 loc);
            if (st)
                return st;
        }
    }
    doc->cites[doc->ncites++] = (odihrx_cite){.block = sc->block,
                                              .start = start,
                                              .end = end,
                                              .instrument = instrument,
                                              .loc = loc,
                                              .locator = locator,
                                              .implied = implied,
                                              .unknown = unknown};
    return ODIHRX_OK;
}

/* The instrument named at `at` (anchored), its row and end; NONE if none. */
static uint32_t instrument_at(scan *sc, uint32_t at, uint32_t *end)
{
    if (!sc->inst_open ||
        odihrx_match(sc->doc, sc->g->inst_anchored, sc->text, sc->len, at,
                     sc->doc->blocks[sc->block].line) <= 0)
        return ODIHRX_NONE;
    PCRE2_SPTR mark = pcre2_get_mark(sc->doc->match_data);
    size_t a, e;
    if (!mark || !odihrx_group(sc->doc, sc->g->inst_anchored, NULL, 0, &a, &e))
        return ODIHRX_NONE;
    *end = (uint32_t)e;
    return (uint32_t)strtoul((const char *)mark, NULL, 10);
}

/* An instrument named right before a locator, separated only by a comma,
 * spaces or an opening bracket; NONE otherwise. The window is bounded, so
 * the look-back costs a constant per locator. */
static uint32_t instrument_before(scan *sc, uint32_t kw_start)
{
    uint32_t from = kw_start > 160 ? kw_start - 160 : 0;
    uint32_t found = ODIHRX_NONE;
    uint32_t at = from, search = ++*sc->searches, row, a, e;
    while (sc->inst_open && at < kw_start &&
           next_instrument(sc, search, at, kw_start, &row, &a, &e)) {
        uint32_t k = e;
        while (k < kw_start && (sc->text[k] == ' ' || sc->text[k] == ',' || sc->text[k] == '('))
            k++;
        found = k == kw_start ? row : ODIHRX_NONE;
        at = e;
    }
    return found;
}

static odihrx_status locator_phrase(scan *sc, uint32_t kw_start, uint32_t kw_end,
                                    uint32_t locs_start, uint32_t locs_end)
{
    const odihrx_grammar *g = sc->g;
    uint32_t line = sc->doc->blocks[sc->block].line;
    (void)kw_end;
    /* the instrument right after the locators, with or without "of the" */
    uint32_t inst_end = 0, name_start = locs_end;
    uint32_t inst = ODIHRX_NONE;
    bool names_other = false;
    uint32_t after = locs_end;
    while (after < sc->len && sc->text[after] == ' ')
        after++;
    inst = instrument_at(sc, after, &inst_end);
    if (inst != ODIHRX_NONE) {
        name_start = after;
    } else if (odihrx_match(sc->doc, g->pat[ODIHRX_PAT_CITE_CONNECTOR], sc->text, sc->len,
                            locs_end, line) > 0) {
        size_t a, e;
        odihrx_group(sc->doc, g->pat[ODIHRX_PAT_CITE_CONNECTOR], NULL, 0, &a, &e);
        if (e > locs_end) {
            inst = instrument_at(sc, (uint32_t)e, &inst_end);
            name_start = (uint32_t)e;
            /* "of the Criminal Code": a name we do not know */
            unsigned char c = e < sc->len ? (unsigned char)sc->text[e] : ' ';
            names_other = inst == ODIHRX_NONE &&
                          ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0xC0);
        }
    }
    uint8_t kind = locator_kind(sc->text + kw_start);
    bool implied = false;
    if (inst == ODIHRX_NONE && !names_other) {
        /* "Copenhagen 1990, paragraph 9.2": the name just before */
        uint32_t before = instrument_before(sc, kw_start);
        if (before != ODIHRX_NONE) {
            inst = before;
            inst_end = locs_end;
        }
    }
    if (inst == ODIHRX_NONE) {
        if (names_other || sc->last_instrument == ODIHRX_NONE ||
            g->instruments[sc->last_instrument].locator != kind)
            return ODIHRX_OK;
        inst = sc->last_instrument;
        implied = true;
    }
    loc_token toks[64];
    uint32_t n = split_locators(sc->text, locs_start, locs_end, toks, 64);
    odihrx_status st = ODIHRX_OK;
    for (uint32_t t = 0; t < n && !st; t++) {
        const loc_token *tk = &toks[t];
        const char *loc = tk->range_end
                              ? expand_range(sc->doc, sc->text + tk->start, tk->end - tk->start,
                                             sc->text + tk->last_start,
                                             tk->range_end - tk->last_start)
                              : odihrx_arena_strndup(&sc->doc->arena, sc->text + tk->start,
                                                     tk->end - tk->start);
        if (!loc)
            return ODIHRX_ERR_NOMEM;
        /* One locator: the cite holds the whole phrase; several: each its own. */
        uint32_t start = n == 1 ? kw_start : tk->start;
        uint32_t end = n == 1 ? (implied ? (tk->range_end ? tk->range_end : tk->end) : inst_end)
                              : (tk->range_end ? tk->range_end : tk->end);
        st = add_cite(sc, start, end, inst, kind, loc, implied);
    }
    if (!st && n > 1 && !implied)
        st = add_cite(sc, name_start, inst_end, inst, ODIHRX_LOC_NONE, NULL, false);
    sc->last_instrument = inst;
    return st;
}

static int cmp_cite(const void *a, const void *b)
{
    const odihrx_cite *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

/* Instrument names standing alone, outside the locator citations. */
static odihrx_status mentions(scan *sc, uint32_t first)
{
    odihrx_doc *doc = sc->doc;
    uint32_t located_end = doc->ncites; /* cites of locator phrases: [first, located_end) */
    uint32_t c = first;                 /* they are in text order: one forward pointer */
    uint32_t at = 0, search = ++*sc->searches, inst, a, e;
    while (sc->inst_open && at < sc->len &&
           next_instrument(sc, search, at, sc->len, &inst, &a, &e)) {
        while (c < located_end && doc->cites[c].end <= a)
            c++;
        bool inside = c < located_end && doc->cites[c].start < e;
        if (!inside) {
            odihrx_status st = add_cite(sc, a, e, inst, ODIHRX_LOC_NONE, NULL, false);
            if (st)
                return st;
        }
        at = e;
    }
    return ODIHRX_OK;
}

/* Matches the next locator phrase from `at` on and returns the pattern
 * that matched (its groups are in the match data), NULL if none. Where the
 * hints name the words a locator begins with, the anchored pattern is
 * tried at those words only: a search would try every a, p and s. */
static const pcre2_code *next_locator(scan *sc, size_t at)
{
    const odihrx_grammar *g = sc->g;
    return odihrx_match_at_words(sc->doc, g->pat[ODIHRX_PAT_CITE_LOCATOR], g->locator_at, &g->gates,
                                 ODIHRX_GATE_PATTERN(ODIHRX_PAT_CITE_LOCATOR), sc->text, sc->len,
                                 at, sc->doc->blocks[sc->block].line);
}

static odihrx_status scan_block(odihrx_doc *doc, const odihrx_grammar *g, uint32_t i,
                                row_next *next, uint32_t *searches)
{
    odihrx_block *b = &doc->blocks[i];
    scan sc = {.doc = doc,
               .g = g,
               .block = i,
               .text = b->text,
               .len = b->len,
               .last_instrument = ODIHRX_NONE,
               .next = next,
               .searches = searches};
    /* most blocks name neither a locator word nor an instrument: one pass
     * over the words spares them the regex searches, and says which
     * instruments may be named */
    const uint64_t loc_gate = ODIHRX_GATE_PATTERN(ODIHRX_PAT_CITE_LOCATOR);
    uint64_t open = odihrx_hints_scan(&g->gates, loc_gate | ODIHRX_GATE_INSTRUMENTS, b->text,
                                      b->len);
    bool locators = open & loc_gate;
    sc.inst_open = open & ODIHRX_GATE_INSTRUMENTS;
    uint32_t first = doc->ncites;
    const pcre2_code *re = NULL;
    size_t at = 0;
    odihrx_status st = ODIHRX_OK;
    while (!st && locators && at < b->len && (re = next_locator(&sc, at))) {
        size_t ks, ke, ls, le, ms, me;
        if (!odihrx_group(doc, re, "kw", 0, &ks, &ke) ||
            !odihrx_group(doc, re, "locs", 0, &ls, &le) ||
            !odihrx_group(doc, re, NULL, 0, &ms, &me))
            break;
        st = locator_phrase(&sc, (uint32_t)ks, (uint32_t)ke, (uint32_t)ls, (uint32_t)le);
        at = me > at ? me : at + 1;
    }
    if (!st)
        st = mentions(&sc, first);
    if (st)
        return st;
    b->cite_first = first;
    b->cite_count = doc->ncites - first;
    if (b->cite_count > 1)
        qsort(doc->cites + first, b->cite_count, sizeof *doc->cites, cmp_cite);
    return ODIHRX_OK;
}

odihrx_status odihrx_stage_citations(odihrx_doc *doc, const odihrx_grammar *g)
{
    row_next *next = odihrx_malloc(sizeof *next * (g->ninstruments ? g->ninstruments : 1));
    if (!next)
        return ODIHRX_ERR_NOMEM;
    memset(next, 0, sizeof *next * g->ninstruments); /* search 0: none yet */
    uint32_t searches = 0;
    odihrx_status st = ODIHRX_OK;
    for (uint32_t i = 0; i < doc->nblocks && !st; i++) {
        /* contents entries repeat headings; furniture is not written */
        const odihrx_block *b = &doc->blocks[i];
        if (b->kind != ODIHRX_BLOCK_TOC_ENTRY && !(b->flags & ODIHRX_BF_FURNITURE))
            st = scan_block(doc, g, i, next, &searches);
    }
    odihrx_free(next);
    return st;
}
