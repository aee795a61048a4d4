/*
 * sections.c: stage 3. Headings become the section tree: Roman chapters,
 * lettered subsections, annexes and unnumbered back matter ("ABOUT ODIHR").
 * The tree comes from the numbering, never from '#' levels, which PDF
 * converters assign at random. Everything before the first chapter is front
 * matter. The table of contents is parsed and checked against the tree.
 * Reads: blocks. Writes: doc->sections, doc->toc, block.section, flags.
 */
#include <string.h>

#include "grammar.h"
#include "leader.h"
#include "odihrx_limits.h"
#include "utf8.h"

typedef struct id_slot {
    const char *id;
    uint32_t next_suffix; /* for "id-N" when id comes again; 0: 2 */
} id_slot;

typedef struct ids {
    id_slot *slot; /* open addressing over section ids */
    uint32_t cap;
} ids;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot holding id, or the empty slot where it would go. */
static id_slot *ids_find(ids *t, const char *id)
{
    uint32_t i = hash_str(id) & (t->cap - 1);
    while (t->slot[i].id && strcmp(t->slot[i].id, id) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->slot[i];
}

/* Roman numeral value, or 0 when s is not a canonical numeral. */
static unsigned roman_value(const char *s, size_t n)
{
    static const struct {
        const char *sym;
        unsigned val;
    } table[] = {{"M", 1000}, {"CM", 900}, {"D", 500}, {"CD", 400}, {"C", 100},
                 {"XC", 90},  {"L", 50},   {"XL", 40}, {"X", 10},   {"IX", 9},
                 {"V", 5},    {"IV", 4},   {"I", 1}};
    unsigned v = 0;
    size_t k = 0;
    for (size_t t = 0; t < sizeof table / sizeof table[0] && k < n; t++) {
        size_t sl = strlen(table[t].sym);
        int reps = 0;
        while (k + sl <= n && memcmp(s + k, table[t].sym, sl) == 0 && reps < 3) {
            v += table[t].val;
            k += sl;
            reps++;
            if (sl == 2 || table[t].val == 5 || table[t].val == 50 || table[t].val == 500)
                break;
        }
    }
    return k == n ? v : 0;
}

/* Uppercase test over letters only: "ABOUT ODIHR" yes, "Media" no. */
static bool all_caps(const char *s, size_t n)
{
    size_t upper = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 'a' && c <= 'z')
            return false;
        if (c >= 'A' && c <= 'Z')
            upper++;
        if (c == 0xD0 && k + 1 < n && (unsigned char)s[k + 1] >= 0xB0)
            return false; /* Cyrillic lowercase */
        if (c == 0xD1 && k + 1 < n && (unsigned char)s[k + 1] <= 0x9F)
            return false;
        if (c == 0xD0 && k + 1 < n && (unsigned char)s[k + 1] < 0xB0)
            upper++;
    }
    return upper >= 2;
}

/* "about-odihr" from "ABOUT ODIHR": ASCII letters and digits, lowercased. */
static char *slug(odihrx_doc *doc, const char *s, size_t n)
{
    char tmp[64];
    size_t o = 0;
    bool dash = false;
    for (size_t k = 0; k < n && o < sizeof tmp - 2; k++) {
        char c = s[k];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && o)
                tmp[o++] = '-';
            tmp[o++] = c;
            dash = false;
        } else if (c >= 'A' && c <= 'Z') {
            if (dash && o)
                tmp[o++] = '-';
            tmp[o++] = (char)(c + 32);
            dash = false;
        } else {
            dash = true;
        }
    }
    if (o == 0)
        tmp[o++] = 'x';
    return odihrx_arena_strndup(&doc->arena, tmp, o);
}

typedef struct parsed {
    uint8_t kind;
    const char *num; /* own numbering: "XI", "A", "I" */
    size_t num_len;
    const char *title;
    size_t title_len;
    unsigned value; /* roman or letter ordinal */
} parsed;

/* What kind of heading a text is; false for a plain subheading. */
static bool parse_heading(odihrx_doc *doc, const odihrx_grammar *g, const char *s, size_t n,
                          uint32_t line, parsed *p)
{
    size_t a, b, c, d;
    if (odihrx_match(doc, g->pat[ODIHRX_PAT_HEADING_ANNEX], s, n, 0, line) > 0) {
        /* the only annex of a report may have no number */
        if (!odihrx_group(doc, g->pat[ODIHRX_PAT_HEADING_ANNEX], "num", 0, &a, &b))
            a = b = 0;
        p->kind = ODIHRX_SECTION_ANNEX;
        p->num = s + a;
        p->num_len = b - a;
        if (!odihrx_group(doc, g->pat[ODIHRX_PAT_HEADING_ANNEX], "title", 0, &c, &d))
            c = d = n;
        p->title = s + c;
        p->title_len = d - c;
        p->value = 0;
        return true;
    }
    if (odihrx_match(doc, g->pat[ODIHRX_PAT_HEADING_CHAPTER], s, n, 0, line) > 0 &&
        odihrx_group(doc, g->pat[ODIHRX_PAT_HEADING_CHAPTER], "num", 0, &a, &b) &&
        odihrx_group(doc, g->pat[ODIHRX_PAT_HEADING_CHAPTER], "title", 0, &c, &d)) {
        unsigned v = roman_value(s + a, b - a);
        if (v) {
            p->kind = ODIHRX_SECTION_CHAPTER;
            p->num = s + a;
            p->num_len = b - a;
            p->title = s + c;
            p->title_len = d - c;
            p->value = v;
            return true;
        }
    }
    if (odihrx_match(doc, g->pat[ODIHRX_PAT_HEADING_LETTERED], s, n, 0, line) > 0 &&
        odihrx_group(doc, g->pat[ODIHRX_PAT_HEADING_LETTERED], "num", 0, &a, &b) &&
        odihrx_group(doc, g->pat[ODIHRX_PAT_HEADING_LETTERED], "title", 0, &c, &d) && b - a == 1) {
        p->kind = ODIHRX_SECTION_LETTERED;
        p->num = s + a;
        p->num_len = 1;
        p->title = s + c;
        p->title_len = d - c;
        p->value = (unsigned)(s[a] - 'A' + 1);
        return true;
    }
    p->kind = ODIHRX_SECTION_UNNUMBERED;
    p->num = NULL;
    p->num_len = 0;
    p->title = s;
    p->title_len = n;
    p->value = 0;
    return false;
}

/* "C." is Roman 100 and the third letter: it is a subsection when it
 * continues the letters of an open chapter and does not continue the
 * chapters. */
static void disambiguate(parsed *p, unsigned last_chapter, unsigned last_letter,
                         bool chapter_open)
{
    if (p->kind != ODIHRX_SECTION_CHAPTER || p->num_len != 1 || !chapter_open)
        return;
    unsigned letter = (unsigned)(p->num[0] - 'A' + 1);
    /* a letter after the open chapter's letters, where the Roman reading
     * would not continue the chapters (a missing "B." leaves "C." a letter) */
    if (letter > last_letter && p->value != last_chapter + 1) {
        p->kind = ODIHRX_SECTION_LETTERED;
        p->value = letter;
    }
}

/* "Annex II", or "Annex" for the only, unnumbered one. */
static const char *annex_num(odihrx_doc *doc, const parsed *p)
{
    if (!p->num_len)
        return "Annex";
    return odihrx_arena_printf(&doc->arena, "Annex %.*s", (int)p->num_len, p->num);
}

typedef struct builder {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    ids used;
    uint32_t top, sub;        /* open sections, or NONE */
    unsigned last_chapter;    /* numbering checks */
    unsigned last_letter;
    bool front;
} builder;

static void close_section(builder *bd, uint32_t *s, uint32_t at)
{
    if (*s != ODIHRX_NONE)
        bd->doc->sections[*s].block_end = at;
    *s = ODIHRX_NONE;
}

static odihrx_status open_section(builder *bd, uint32_t block, const parsed *p)
{
    odihrx_doc *doc = bd->doc;
    odihrx_status st = odihrx_vec_grow((void **)&doc->sections, &doc->nsections,
                                       &doc->cap_sections, sizeof *doc->sections,
                                       ODIHRX_MAX_SECTIONS);
    if (st == ODIHRX_ERR_LIMIT)
        return odihrx_diag_add(doc, ODIHRX_WARNING, "limit-sections", doc->blocks[block].line,
                               "more than %u sections; later headings are subheadings",
                               ODIHRX_MAX_SECTIONS);
    if (st)
        return st;
    odihrx_section *s = &doc->sections[doc->nsections];
    memset(s, 0, sizeof *s);
    s->kind = p->kind;
    s->heading = block;
    s->block_end = doc->nblocks;
    s->parent = ODIHRX_NONE;
    const char *num = NULL, *id;
    if (p->kind == ODIHRX_SECTION_LETTERED) {
        const odihrx_section *up = &doc->sections[bd->top];
        s->parent = bd->top;
        s->depth = 1;
        num = odihrx_arena_printf(&doc->arena, "%s.%.*s", up->num, (int)p->num_len, p->num);
        id = num ? odihrx_arena_printf(&doc->arena, "sec-%s", num) : NULL;
    } else if (p->kind == ODIHRX_SECTION_CHAPTER) {
        num = odihrx_arena_strndup(&doc->arena, p->num, p->num_len);
        id = num ? odihrx_arena_printf(&doc->arena, "sec-%s", num) : NULL;
    } else if (p->kind == ODIHRX_SECTION_ANNEX) {
        num = annex_num(doc, p);
        id = p->num_len ? odihrx_arena_printf(&doc->arena, "annex-%.*s", (int)p->num_len, p->num)
                        : "annex";
    } else {
        const char *sl = slug(doc, p->title, p->title_len);
        id = sl ? odihrx_arena_printf(&doc->arena, "sec-%s", sl) : NULL;
    }
    if ((p->kind != ODIHRX_SECTION_UNNUMBERED && !num) || !id)
        return ODIHRX_ERR_NOMEM;
    /* Ids stay unique even when a report repeats a number: the second
     * "sec-I" is "sec-I-2". Each id remembers the suffix to try next, so
     * a heading repeated n times costs n tries, not n squared. */
    id_slot *at = ids_find(&bd->used, id);
    if (at->id) {
        id_slot *base = at;
        for (;;) {
            uint32_t k = base->next_suffix ? base->next_suffix : 2;
            base->next_suffix = k + 1;
            const char *alt = odihrx_arena_printf(&doc->arena, "%s-%u", base->id, k);
            if (!alt)
                return ODIHRX_ERR_NOMEM;
            at = ids_find(&bd->used, alt);
            if (!at->id) {
                id = alt;
                break;
            }
        }
    }
    at->id = id;
    s->num = num;
    s->id = id;
    s->title = odihrx_arena_strndup(&doc->arena, p->title, p->title_len);
    if (!s->title)
        return ODIHRX_ERR_NOMEM;
    doc->blocks[block].flags |= ODIHRX_BF_SECTION;
    uint32_t index = doc->nsections++;
    if (p->kind == ODIHRX_SECTION_LETTERED)
        bd->sub = index;
    else
        bd->top = index;
    return ODIHRX_OK;
}

static odihrx_status check_order(builder *bd, const parsed *p, uint32_t line)
{
    odihrx_doc *doc = bd->doc;
    if (p->kind == ODIHRX_SECTION_CHAPTER) {
        unsigned want = bd->last_chapter + 1;
        bd->last_chapter = p->value;
        bd->last_letter = 0;
        if (p->value != want)
            return odihrx_diag_add(doc, ODIHRX_WARNING, "section-order", line,
                                   "chapter %.*s follows chapter number %u", (int)p->num_len,
                                   p->num, want - 1);
    } else if (p->kind == ODIHRX_SECTION_LETTERED) {
        unsigned want = bd->last_letter + 1;
        bd->last_letter = p->value;
        if (p->value != want)
            return odihrx_diag_add(doc, ODIHRX_WARNING, "section-order", line,
                                   "subsection %.*s is out of sequence", (int)p->num_len,
                                   p->num);
    }
    return ODIHRX_OK;
}

static odihrx_status heading(builder *bd, uint32_t i)
{
    odihrx_doc *doc = bd->doc;
    odihrx_block *b = &doc->blocks[i];
    parsed p;
    bool numbered = parse_heading(doc, bd->g, b->text, b->len, b->line, &p);
    disambiguate(&p, bd->last_chapter, bd->last_letter,
                 bd->top != ODIHRX_NONE && doc->sections[bd->top].kind == ODIHRX_SECTION_CHAPTER);
    if (numbered && p.kind == ODIHRX_SECTION_LETTERED && bd->top == ODIHRX_NONE)
        numbered = false; /* "A." with no chapter above it */
    if (numbered && p.kind == ODIHRX_SECTION_LETTERED &&
        doc->sections[bd->top].kind != ODIHRX_SECTION_CHAPTER)
        numbered = false;
    if (!numbered) {
        /* Uppercase headings after the annexes are back matter of their own;
         * anything else is a subheading of the open section. */
        bool back = !bd->front && bd->top != ODIHRX_NONE &&
                    doc->sections[bd->top].kind != ODIHRX_SECTION_CHAPTER &&
                    all_caps(b->text, b->len);
        if (!back)
            return ODIHRX_OK;
        p.kind = ODIHRX_SECTION_UNNUMBERED;
    }
    if (p.kind == ODIHRX_SECTION_LETTERED) {
        close_section(bd, &bd->sub, i);
    } else {
        close_section(bd, &bd->sub, i);
        close_section(bd, &bd->top, i);
        bd->front = false;
    }
    odihrx_status st = check_order(bd, &p, b->line);
    if (!st)
        st = open_section(bd, i, &p);
    return st;
}

/* ------------------------------------------------------------ contents */

typedef struct toc_state {
    const char *chapter; /* num of the last chapter entry */
    unsigned chapter_value, letter_value;
} toc_state;

/* One entry of a contents block: label cells, then the page number. */
static odihrx_status toc_piece(builder *bd, uint32_t i, const char *s, size_t n, toc_state *ts)
{
    odihrx_doc *doc = bd->doc;
    const odihrx_block *b = &doc->blocks[i];
    uint32_t page = 0;
    size_t e = n;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    size_t d = e;
    while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    if (d < e && e - d <= 4 && (d == 0 || s[d - 1] == '\t' || s[d - 1] == ' ' || s[d - 1] == '.')) {
        for (size_t k = d; k < e; k++)
            page = page * 10 + (uint32_t)(s[k] - '0');
        e = d;
    }
    /* drop the leader: dots, ellipses, spaces, tabs */
    while (e > 0) {
        unsigned char c = (unsigned char)s[e - 1];
        if (c == '.' || c == ' ' || c == '\t')
            e--;
        else if (e >= 3 && c == 0xA6 && (unsigned char)s[e - 2] == 0x80 &&
                 (unsigned char)s[e - 3] == 0xE2)
            e -= 3;
        else
            break;
    }
    size_t a = 0;
    while (a < e && (s[a] == ' ' || s[a] == '\t'))
        a++;
    /* "I.\tEXECUTIVE SUMMARY": the number may stand in a cell of its own */
    char label[512];
    size_t ln = 0;
    for (size_t k = a; k < e && ln < sizeof label - 1; k++)
        label[ln++] = s[k] == '\t' || s[k] == '\n' ? ' ' : s[k];
    ln = odihrx_utf8_whole(label, ln);
    label[ln] = '\0';
    parsed p;
    bool numbered = parse_heading(doc, bd->g, label, ln, b->line, &p);
    disambiguate(&p, ts->chapter_value, ts->letter_value, ts->chapter != NULL);
    odihrx_status st = odihrx_vec_grow((void **)&doc->toc, &doc->ntoc, &doc->cap_toc,
                                       sizeof *doc->toc, ODIHRX_MAX_SECTIONS);
    if (st == ODIHRX_ERR_LIMIT)
        return ODIHRX_OK;
    if (st)
        return st;
    odihrx_toc_entry *t = &doc->toc[doc->ntoc];
    t->block = i;
    t->page = page;
    t->section = ODIHRX_NONE;
    t->num = NULL;
    t->title = odihrx_arena_strndup(&doc->arena, p.title, p.title_len);
    if (!t->title)
        return ODIHRX_ERR_NOMEM;
    /* a lettered entry before any chapter's has no number to go under */
    bool named = numbered && (p.kind != ODIHRX_SECTION_LETTERED || ts->chapter);
    if (named && p.kind == ODIHRX_SECTION_CHAPTER) {
        t->num = odihrx_arena_strndup(&doc->arena, p.num, p.num_len);
        ts->chapter = t->num;
        ts->chapter_value = p.value;
        ts->letter_value = 0;
    } else if (named && p.kind == ODIHRX_SECTION_LETTERED) {
        t->num = odihrx_arena_printf(&doc->arena, "%s.%.*s", ts->chapter, (int)p.num_len, p.num);
        ts->letter_value = p.value;
    } else if (named && p.kind == ODIHRX_SECTION_ANNEX) {
        t->num = annex_num(doc, &p);
    }
    if (named && !t->num)
        return ODIHRX_ERR_NOMEM;
    doc->ntoc++;
    return ODIHRX_OK;
}

/* Where the contents entry starting at s[from] ends: after a leader and
 * its page number that more text follows ("I. INTRODUCTION ...... 1 II.
 * EXECUTIVE SUMMARY ...... 1"), as converters that flatten a page print
 * a contents table, or else at n. *next is where the following entry
 * starts. */
static size_t toc_piece_end(const char *s, size_t n, size_t from, size_t *next)
{
    uint32_t e;
    for (uint32_t k = (uint32_t)from + 1; (k = odihrx_leader_page(s, (uint32_t)n, k, &e)) < n; k = e) {
        size_t t = e;
        while (t < n && (s[t] == ' ' || s[t] == '\t' || s[t] == '\n'))
            t++;
        if (t < n) {
            *next = t;
            return e;
        }
    }
    *next = n;
    return n;
}

static odihrx_status toc_entry(builder *bd, uint32_t i, toc_state *ts)
{
    const odihrx_block *b = &bd->doc->blocks[i];
    if (b->flags & ODIHRX_BF_TITLE)
        return ODIHRX_OK;
    odihrx_status st = ODIHRX_OK;
    for (size_t from = 0, next; from < b->len && !st; from = next) {
        size_t end = toc_piece_end(b->text, b->len, from, &next);
        st = toc_piece(bd, i, b->text + from, end - from, ts);
    }
    return st;
}

/* Titles compared on ASCII letters and digits, case folded. */
static bool same_title(const char *x, const char *y)
{
    for (;;) {
        while (*x && !((*x | 0x20) >= 'a' && (*x | 0x20) <= 'z') && !(*x >= '0' && *x <= '9') &&
               !((unsigned char)*x >= 0x80))
            x++;
        while (*y && !((*y | 0x20) >= 'a' && (*y | 0x20) <= 'z') && !(*y >= '0' && *y <= '9') &&
               !((unsigned char)*y >= 0x80))
            y++;
        if (!*x || !*y)
            return !*x && !*y;
        char cx = (*x >= 'A' && *x <= 'Z') ? (char)(*x + 32) : *x;
        char cy = (*y >= 'A' && *y <= 'Z') ? (char)(*y + 32) : *y;
        if (cx != cy)
            return false;
        x++;
        y++;
    }
}

static odihrx_status check_toc(builder *bd)
{
    odihrx_doc *doc = bd->doc;
    if (doc->ntoc == 0)
        return ODIHRX_OK;
    odihrx_status st = ODIHRX_OK;
    /* Both lists are in document order, so one forward walk pairs them. */
    uint32_t next = 0;
    for (uint32_t t = 0; t < doc->ntoc && !st; t++) {
        odihrx_toc_entry *e = &doc->toc[t];
        uint32_t found = ODIHRX_NONE;
        /* forward only, so the walk stays linear for contents that match;
         * the window is wide enough for chapters with many subsections */
        for (uint32_t s = next; s < doc->nsections && s < next + 4096; s++) {
            const odihrx_section *sec = &doc->sections[s];
            bool hit = e->num ? sec->num && strcmp(sec->num, e->num) == 0
                              : !sec->num && same_title(sec->title, e->title);
            if (hit) {
                found = s;
                break;
            }
        }
        uint32_t line = doc->blocks[e->block].line;
        if (found == ODIHRX_NONE) {
            st = odihrx_diag_add(doc, ODIHRX_WARNING, "toc-missing", line,
                                 "contents entry %s%s\"%s\" has no matching section heading",
                                 e->num ? e->num : "", e->num ? " " : "", e->title);
            continue;
        }
        for (uint32_t s = next; s < found && !st; s++)
            st = odihrx_diag_add(doc, ODIHRX_WARNING, "toc-unlisted",
                                 doc->blocks[doc->sections[s].heading].line,
                                 "section %s is not in the table of contents",
                                 doc->sections[s].num ? doc->sections[s].num
                                                      : doc->sections[s].title);
        e->section = found;
        next = found + 1;
        if (!st && !same_title(doc->sections[found].title, e->title))
            st = odihrx_diag_add(doc, ODIHRX_WARNING, "toc-mismatch",
                                 doc->blocks[doc->sections[found].heading].line,
                                 "heading \"%s\" differs from its contents entry \"%s\" (line %u)",
                                 doc->sections[found].title, e->title, line + 1);
    }
    for (uint32_t s = next; s < doc->nsections && !st; s++)
        st = odihrx_diag_add(doc, ODIHRX_WARNING, "toc-unlisted",
                             doc->blocks[doc->sections[s].heading].line,
                             "section %s is not in the table of contents",
                             doc->sections[s].num ? doc->sections[s].num : doc->sections[s].title);
    return st;
}

odihrx_status odihrx_stage_sections(odihrx_doc *doc, const odihrx_grammar *g)
{
    builder bd = {.doc = doc, .g = g, .top = ODIHRX_NONE, .sub = ODIHRX_NONE, .front = true};
    uint32_t heads = 0;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        heads += doc->blocks[i].kind == ODIHRX_BLOCK_HEADING;
    uint32_t cap = 16;
    while (cap < heads * 2 + 2)
        cap *= 2;
    bd.used.cap = cap;
    bd.used.slot = odihrx_arena_calloc(&doc->arena, cap, sizeof *bd.used.slot);
    if (!bd.used.slot)
        return ODIHRX_ERR_NOMEM;
    odihrx_status st = ODIHRX_OK;
    toc_state ts = {0};
    for (uint32_t i = 0; i < doc->nblocks && !st; i++) {
        odihrx_block *b = &doc->blocks[i];
        if (b->kind == ODIHRX_BLOCK_HEADING)
            st = heading(&bd, i);
        else if (b->kind == ODIHRX_BLOCK_TOC_ENTRY && bd.front)
            st = toc_entry(&bd, i, &ts);
        b->section = bd.sub != ODIHRX_NONE ? bd.sub : bd.top;
    }
    close_section(&bd, &bd.sub, doc->nblocks);
    close_section(&bd, &bd.top, doc->nblocks);
    if (!st)
        st = check_toc(&bd);
    return st;
}
