/*
 * meta.c: stage 3b. Report metadata from the front matter: kind, title,
 * country, election type and date, mission, place and date of issue. The
 * words that signal each come from grammars/kinds.tsv and countries.tsv.
 * Reads: front-matter blocks (section NONE), the first body blocks as a
 * fallback. Writes: doc->meta.
 */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "grammar.h"
#include "odihrx_limits.h"

static const char *const months[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};

/* Month number from an English or Russian month name, 0 if unknown. */
static int month_number(const char *s, size_t n)
{
    char low[16];
    if (n >= sizeof low)
        return 0;
    for (size_t k = 0; k < n; k++)
        low[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] + 32) : s[k];
    low[n] = '\0';
    for (int m = 0; m < 12; m++)
        if (strcmp(low, months[m]) == 0)
            return m + 1;
    return 0;
}

/* ISO 8601 date from the groups d, m, y of the last match. */
static const char *iso_date(odihrx_doc *doc, const pcre2_code *re, const char *s)
{
    size_t ds, de, ms, me, ys, ye;
    if (!odihrx_group(doc, re, "d", 0, &ds, &de) || !odihrx_group(doc, re, "m", 0, &ms, &me) ||
        !odihrx_group(doc, re, "y", 0, &ys, &ye))
        return NULL;
    int day = 0, year = 0;
    for (size_t k = ds; k < de; k++)
        day = day * 10 + (s[k] - '0');
    for (size_t k = ys; k < ye; k++)
        year = year * 10 + (s[k] - '0');
    int month = month_number(s + ms, me - ms);
    if (!month || day < 1 || day > 31 || year < 1900 || year > 2999)
        return NULL;
    return odihrx_arena_printf(&doc->arena, "%04d-%02d-%02d", year, month, day);
}

/* Furniture is a short paragraph: a label, a navigation link. */
enum { FURNITURE_BYTES = 80 };
/* The disclaimer that opens a web page's footer is one sentence. */
enum { FOOTER_OPENER_BYTES = 400 };

typedef struct meta_ctx {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    odihrx_buf title;
    uint32_t title_from; /* first block of the title, NONE until found */
} meta_ctx;

/* Does a date follow right after offset e ("PARLIAMENTARY ELECTIONS 15
 * May 2011" in a title page that plain text ran into one paragraph)? */
static bool date_right_after(meta_ctx *c, const odihrx_block *b, size_t e)
{
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_DATE];
    size_t ms, me;
    if (odihrx_match(c->doc, re, b->text, b->len, e, b->line) <= 0 ||
        !odihrx_group(c->doc, re, NULL, 0, &ms, &me))
        return false;
    for (size_t k = e; k < ms; k++)
        if (b->text[k] != ' ' && b->text[k] != '\n' && b->text[k] != '\t')
            return false;
    return true;
}

static const odihrx_lexeme *lexicon_hit(meta_ctx *c, const odihrx_lexicon *lex, const char *cls,
                                        const odihrx_block *b, size_t *ms, size_t *me)
{
    /* The earliest match in the text wins; ties go to the earlier row. */
    const odihrx_lexeme *best = NULL;
    size_t best_at = SIZE_MAX;
    for (uint32_t r = 0; r < lex->count; r++) {
        const odihrx_lexeme *row = &lex->rows[r];
        if (cls && (!row->cls || strcmp(row->cls, cls) != 0))
            continue;
        if (odihrx_match(c->doc, row->re, b->text, b->len, 0, b->line) > 0) {
            size_t a, e;
            odihrx_group(c->doc, row->re, NULL, 0, &a, &e);
            if (a < best_at) {
                best_at = a;
                best = row;
                *ms = a;
                *me = e;
            }
        }
    }
    return best;
}

/* Is the block one capitalised word, the name of a place ("Warsaw")? */
static bool place_alone(const odihrx_block *b)
{
    if (b->len < 3 || b->len > 30 || b->text[0] < 'A' || b->text[0] > 'Z')
        return false;
    for (uint32_t k = 1; k < b->len; k++) {
        unsigned char ch = (unsigned char)b->text[k];
        if (!((ch >= 'a' && ch <= 'z') || ch == '-' || ch >= 0x80))
            return false;
    }
    return true;
}

/* Is the block one date and nothing else (not a period: "16 – 29
 * September 2015", "4 and 18 October")? The match data is left for the
 * caller. */
static bool date_alone(meta_ctx *c, const odihrx_block *b)
{
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_DATE];
    size_t ms, me, n = b->len;
    while (n > 0 && (b->text[n - 1] == ' ' || b->text[n - 1] == '.'))
        n--;
    if (n == 0 || n > 40 || memchr(b->text, '-', n) || memchr(b->text, '&', n))
        return false;
    for (size_t k = 0; k + 3 <= n; k++) /* " and ", an en or em dash */
        if ((k + 5 <= n && memcmp(b->text + k, " and ", 5) == 0) ||
            ((unsigned char)b->text[k] == 0xE2 && (unsigned char)b->text[k + 1] == 0x80 &&
             ((unsigned char)b->text[k + 2] == 0x93 || (unsigned char)b->text[k + 2] == 0x94)))
            return false;
    return odihrx_match(c->doc, re, b->text, n, 0, b->line) > 0 &&
           odihrx_group(c->doc, re, NULL, 0, &ms, &me) && ms == 0 && me == n;
}

/* Does block i give the place and date of issue (the match data left for
 * the caller)? A line of its own, "Warsaw 26 March 2021", but never a
 * second copy of the election's line ("PARLIAMENTARY ELECTIONS 10 January
 * 2021" after an HTML page's title named the election first); or, after
 * "Report", the end of a title page that plain text ran into one
 * paragraph. */
static bool issued_here(meta_ctx *c, uint32_t i, const odihrx_block *b)
{
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_ISSUED];
    size_t ps, pe, x, y;
    if (odihrx_match(c->doc, re, b->text, b->len, 0, b->line) <= 0 ||
        !odihrx_group(c->doc, re, "place", 0, &ps, &pe))
        return false;
    if (ps > 0)
        return true;
    if (c->doc->meta.election_block == i || lexicon_hit(c, &c->g->kinds, "election", b, &x, &y))
        return false;
    return odihrx_match(c->doc, re, b->text, b->len, 0, b->line) > 0;
}

/* Where the title opens in a block whose name of the country or election
 * starts at offset at: the capitals before it are the title's too
 * ("REPUBLIC OF ARMENIA"), the words before those are not ("Human Rights").
 * SIZE_MAX where the block names neither: all of it. */
static size_t title_opening(const char *s, size_t at)
{
    if (at == SIZE_MAX)
        return 0;
    size_t from = at;
    for (;;) {
        size_t e = from;
        while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\n'))
            e--;
        if (e == from || e == 0)
            return from;
        size_t w = e;
        while (w > 0 && s[w - 1] != ' ' && s[w - 1] != '\n')
            w--;
        for (size_t k = w; k < e; k++)
            if ((s[k] < 'A' || s[k] > 'Z') && s[k] != '-')
                return from;
        from = w;
    }
}

static odihrx_status look(meta_ctx *c, uint32_t i, bool front)
{
    odihrx_doc *doc = c->doc;
    odihrx_meta *m = &doc->meta;
    const odihrx_block *b = &doc->blocks[i];
    size_t a, e;
    const odihrx_lexeme *hit;
    bool title_part = false;
    /* the part of the block in the title: a title page that plain text ran
     * into one paragraph has more around it ("Office for ... REPUBLIC OF
     * ARMENIA ... Final Report Warsaw 2 August 2011") */
    size_t title_from = SIZE_MAX, title_to = b->len;
    if (!m->country && (hit = lexicon_hit(c, &c->g->countries, NULL, b, &a, &e))) {
        m->country_code = hit->value;
        m->country = hit->extra;
        title_part = true;
        title_from = a;
    }
    if (!m->election_type && (hit = lexicon_hit(c, &c->g->kinds, "election", b, &a, &e))) {
        title_from = a < title_from ? a : title_from;
        m->election_type = hit->value;
        m->election_block = i;
        size_t x, y;
        m->election_early = lexicon_hit(c, &c->g->kinds, "early", b, &x, &y) != NULL;
        /* a title-page line names the day outright; in running text only a
         * date tied to the election counts (the signals pass finds it) */
        if (b->len < 120 &&
            odihrx_match(doc, c->g->pat[ODIHRX_PAT_DATE], b->text, b->len, 0, b->line) > 0)
            m->election_date = iso_date(doc, c->g->pat[ODIHRX_PAT_DATE], b->text);
        else if (date_right_after(c, b, e))
            m->election_date = iso_date(doc, c->g->pat[ODIHRX_PAT_DATE], b->text);
        title_part = true;
    } else if (m->election_type && !m->election_date && i == m->election_block + 1 &&
               b->len < 120 &&
               odihrx_match(doc, c->g->pat[ODIHRX_PAT_DATE], b->text, b->len, 0, b->line) > 0) {
        m->election_date = iso_date(doc, c->g->pat[ODIHRX_PAT_DATE], b->text);
        title_part = true;
    }
    if (!m->mission_type && (hit = lexicon_hit(c, &c->g->kinds, "mission", b, &a, &e))) {
        m->mission_type = hit->value;
        m->mission_block = i;
        /* "ODIHR Limited Election Observation Mission": keep the issuer. */
        size_t from = a;
        if (from >= 6 && memcmp(b->text + from - 6, "ODIHR ", 6) == 0)
            from -= 6;
        m->mission_name = odihrx_arena_strndup(&doc->arena, b->text + from, e - from);
        if (!m->mission_name)
            return ODIHRX_ERR_NOMEM;
        title_part = true;
    }
    /* the body names other reports ("the 2016 Final Report"): only the
     * front matter tells what this document is, and only it makes the title */
    if (!front)
        return ODIHRX_OK;
    if (!m->kind && (hit = lexicon_hit(c, &c->g->kinds, "report", b, &a, &e))) {
        m->kind = hit->value;
        title_part = true;
        title_to = e;
    }
    /* an interim report's date of issue stands alone after its period
     * ("INTERIM REPORT" / "16 – 29 September 2015" / "30 September 2015") */
    if (m->kind && !m->issued_date && date_alone(c, b)) {
        m->issued_date = iso_date(doc, c->g->pat[ODIHRX_PAT_DATE], b->text);
        if (m->issued_date)
            m->issued_block = i;
        /* "Warsaw" on the line before ("Warsaw" / "26 March 2021") */
        const odihrx_block *p = i > 0 ? &doc->blocks[i - 1] : NULL;
        if (m->issued_date && !m->issued_place && p && p->kind == ODIHRX_BLOCK_PARA &&
            place_alone(p)) {
            m->issued_place = odihrx_arena_strndup(&doc->arena, p->text, p->len);
            if (!m->issued_place)
                return ODIHRX_ERR_NOMEM;
        }
    }
    if (!m->issued_place && issued_here(c, i, b)) {
        const pcre2_code *re = c->g->pat[ODIHRX_PAT_ISSUED];
        size_t ps, pe;
        if (odihrx_group(doc, re, "place", 0, &ps, &pe)) {
            m->issued_place = odihrx_arena_strndup(&doc->arena, b->text + ps, pe - ps);
            m->issued_date = iso_date(doc, re, b->text);
            m->issued_block = i;
            if (!m->issued_place)
                return ODIHRX_ERR_NOMEM;
        }
    }
    /* The title runs from the first block naming the country or election to
     * the block naming the kind of report. */
    if (title_part && c->title.size < 400 && m->title_block == ODIHRX_NONE) {
        size_t from = c->title.size ? 0 : title_opening(b->text, title_from);
        if (c->title.size)
            if (odihrx_buf_putc(&c->title, ' '))
                return ODIHRX_ERR_NOMEM;
        if (title_to > from && odihrx_buf_append(&c->title, b->text + from, title_to - from))
            return ODIHRX_ERR_NOMEM;
        if (c->title_from == ODIHRX_NONE)
            c->title_from = i;
        if (m->kind)
            m->title_block = c->title_from;
    }
    return ODIHRX_OK;
}

/* Kinds told by a signal anywhere near the top (a document symbol, a
 * dateline, web-page furniture) outrank the title page's words. */
static const char *signalled_kind(meta_ctx *c, uint32_t limit)
{
    const odihrx_lexicon *lex = &c->g->kinds;
    for (uint32_t r = 0; r < lex->count; r++) {
        const odihrx_lexeme *row = &lex->rows[r];
        if (!row->cls || strcmp(row->cls, "kind") != 0)
            continue;
        for (uint32_t i = 0; i < limit; i++) {
            const odihrx_block *b = &c->doc->blocks[i];
            if (b->len && b->len < 4000 &&
                odihrx_match(c->doc, row->re, b->text, b->len, 0, b->line) > 0)
                return row->value;
        }
    }
    return NULL;
}

/* First block that reads like a title: a few words, not a label. */
static uint32_t first_title_block(const odihrx_doc *doc, uint32_t limit)
{
    for (uint32_t i = 0; i < limit; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->kind != ODIHRX_BLOCK_PARA && b->kind != ODIHRX_BLOCK_HEADING)
            continue;
        unsigned words = 1;
        for (uint32_t k = 0; k < b->len; k++)
            words += b->text[k] == ' ';
        if (words >= 4 && b->len <= 400 && b->text[b->len - 1] != ':')
            return i;
    }
    return ODIHRX_NONE;
}

static odihrx_status set_date(meta_ctx *c, const pcre2_code *re, const odihrx_block *b,
                              const char **out, const char *year_from)
{
    odihrx_doc *doc = c->doc;
    size_t ys, ye;
    if (odihrx_group(doc, re, "y", 0, &ys, &ye)) {
        *out = iso_date(doc, re, b->text);
        return ODIHRX_OK;
    }
    if (!year_from)
        return ODIHRX_OK;
    /* "19 March" in a release of 20 March 2023: the release's year */
    size_t ds, de, ms, me;
    if (!odihrx_group(doc, re, "d", 0, &ds, &de) || !odihrx_group(doc, re, "m", 0, &ms, &me))
        return ODIHRX_OK;
    int day = 0, month = month_number(b->text + ms, me - ms);
    for (size_t k = ds; k < de; k++)
        day = day * 10 + (b->text[k] - '0');
    if (!month || day < 1 || day > 31)
        return ODIHRX_OK;
    *out = odihrx_arena_printf(&doc->arena, "%.4s-%02d-%02d", year_from, month, day);
    return *out ? ODIHRX_OK : ODIHRX_ERR_NOMEM;
}

/* "ASTANA" -> "Astana", "NUR-SULTAN" -> "Nur-Sultan". */
static const char *title_case(odihrx_doc *doc, const char *s, size_t n)
{
    char *out = odihrx_arena_alloc(&doc->arena, n * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0, k = 0;
    bool word_start = true;
    while (k < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + k,
                                                (utf8proc_ssize_t)(n - k), &cp);
        if (len <= 0)
            break;
        k += (size_t)len;
        bool letter = utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO && cp > 0x40;
        int32_t v = letter ? (word_start ? utf8proc_toupper(cp) : utf8proc_tolower(cp)) : cp;
        word_start = !letter;
        o += (size_t)utf8proc_encode_char(v, (utf8proc_uint8_t *)out + o);
    }
    out[o] = '\0';
    return out;
}

/* Dateline, document symbol and the election's day, searched in the first
 * blocks of any kind of document. */
static odihrx_status signals(meta_ctx *c, uint32_t limit)
{
    odihrx_doc *doc = c->doc;
    odihrx_meta *m = &doc->meta;
    const odihrx_grammar *g = c->g;
    odihrx_status st = ODIHRX_OK;
    for (uint32_t i = 0; i < limit && !st; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->len == 0 || b->len > 4000)
            continue;
        size_t a, e;
        if (!m->issued_place &&
            odihrx_match(doc, g->pat[ODIHRX_PAT_DATELINE], b->text, b->len, 0, b->line) > 0 &&
            odihrx_group(doc, g->pat[ODIHRX_PAT_DATELINE], "place", 0, &a, &e)) {
            m->issued_place = title_case(doc, b->text + a, e - a);
            if (!m->issued_place)
                return ODIHRX_ERR_NOMEM;
            st = set_date(c, g->pat[ODIHRX_PAT_DATELINE], b, &m->issued_date, NULL);
        }
        if (!st && !m->symbol &&
            odihrx_match(doc, g->pat[ODIHRX_PAT_DOCUMENT_SYMBOL], b->text, b->len, 0, b->line) > 0 &&
            odihrx_group(doc, g->pat[ODIHRX_PAT_DOCUMENT_SYMBOL], "symbol", 0, &a, &e)) {
            m->symbol = odihrx_arena_strndup(&doc->arena, b->text + a, e - a);
            if (!m->symbol)
                return ODIHRX_ERR_NOMEM;
            /* a paragraph that is the symbol alone is told in the meta only
             * (a list item is content: a recommendation may be made of it) */
            if (a == 0 && e == b->len && b->kind == ODIHRX_BLOCK_PARA)
                doc->blocks[i].flags |= ODIHRX_BF_FURNITURE;
            /* a circulated statement gives its date on the next line */
            if (i + 1 < doc->nblocks && !m->issued_date) {
                odihrx_block *nb = &doc->blocks[i + 1];
                if (nb->len < 40 &&
                    odihrx_match(doc, g->pat[ODIHRX_PAT_DATE], nb->text, nb->len, 0, nb->line) > 0) {
                    st = set_date(c, g->pat[ODIHRX_PAT_DATE], nb, &m->issued_date, NULL);
                    if (!st && m->issued_date && (doc->blocks[i].flags & ODIHRX_BF_FURNITURE) &&
                        nb->kind == ODIHRX_BLOCK_PARA)
                        nb->flags |= ODIHRX_BF_FURNITURE;
                }
            }
        }
    }
    for (uint32_t i = 0; i < limit && !st && !m->election_date; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->len == 0 || b->len > 4000)
            continue;
        if (odihrx_match(doc, g->pat[ODIHRX_PAT_ELECTION_DAY], b->text, b->len, 0, b->line) <= 0)
            continue;
        size_t a, e;
        odihrx_group(doc, g->pat[ODIHRX_PAT_ELECTION_DAY], NULL, 0, &a, &e);
        st = set_date(c, g->pat[ODIHRX_PAT_ELECTION_DAY], b, &m->election_date, m->issued_date);
        /* "the 19 March early parliamentary elections" */
        odihrx_block part = *b;
        part.text = b->text + a;
        part.len = (uint32_t)(e - a);
        size_t x, y;
        if (!st && lexicon_hit(c, &g->kinds, "early", &part, &x, &y))
            m->election_early = true;
    }
    return st;
}

static bool short_para(const odihrx_block *b)
{
    return b->kind == ODIHRX_BLOCK_PARA && b->len > 0 && b->len <= FURNITURE_BYTES;
}

/* Whether block i is a short paragraph that the pattern matches whole. */
static bool short_para_matches(meta_ctx *c, uint32_t i, odihrx_pattern p)
{
    const odihrx_block *b = &c->doc->blocks[i];
    return short_para(b) && odihrx_match(c->doc, c->g->pat[p], b->text, b->len, 0, b->line) > 0;
}

/* The value of a web page's field label ("Fields of work:" / "Elections"):
 * the short paragraph right after it, unless that is a label itself. */
static bool field_value(meta_ctx *c, uint32_t label)
{
    uint32_t i = label + 1;
    return i < c->doc->nblocks && short_para(&c->doc->blocks[i]) &&
           !short_para_matches(c, i, ODIHRX_PAT_FURNITURE) &&
           !short_para_matches(c, i, ODIHRX_PAT_ISSUED_BY);
}

/* Paragraphs that are furniture of a web page or a circulated PDF, not
 * text: navigation, labels and their values, and the lines that only gave
 * the meta their symbol and date. "Issued by:" gives the issuing body. */
static odihrx_status mark_furniture(meta_ctx *c)
{
    odihrx_doc *doc = c->doc;
    const odihrx_grammar *g = c->g;
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        odihrx_block *b = &doc->blocks[i];
        if (short_para_matches(c, i, ODIHRX_PAT_FURNITURE)) {
            b->flags |= ODIHRX_BF_FURNITURE;
            if (b->text[b->len - 1] == ':' && field_value(c, i))
                doc->blocks[++i].flags |= ODIHRX_BF_FURNITURE;
        } else if (!doc->meta.issued_by && short_para_matches(c, i, ODIHRX_PAT_ISSUED_BY)) {
            size_t a = 0, e = 0;
            odihrx_group(doc, g->pat[ODIHRX_PAT_ISSUED_BY], "by", 0, &a, &e);
            b->flags |= ODIHRX_BF_FURNITURE;
            const odihrx_block *v = b;
            if (e == a && field_value(c, i)) {
                v = &doc->blocks[++i];
                doc->blocks[i].flags |= ODIHRX_BF_FURNITURE;
                a = 0;
                e = v->len;
            }
            if (e > a && !(doc->meta.issued_by =
                               odihrx_arena_strndup(&doc->arena, v->text + a, e - a)))
                return ODIHRX_ERR_NOMEM;
        }
    }
    return ODIHRX_OK;
}

/* A web page's footer: from a paragraph that opens one (the disclaimer on
 * external links, "Contacts") to the end, when every block after it is a
 * short paragraph. Only on web pages: elsewhere such words are text. */
static void mark_page_footer(meta_ctx *c)
{
    odihrx_doc *doc = c->doc;
    const char *kind = doc->meta.kind;
    if (strcmp(kind, "news-item") != 0 && strcmp(kind, "press-release") != 0)
        return;
    uint32_t run = doc->nblocks; /* the trailing short paragraphs start here */
    while (run > 0 && (short_para(&doc->blocks[run - 1]) ||
                       (doc->blocks[run - 1].flags & ODIHRX_BF_FURNITURE)))
        run--;
    for (uint32_t i = run > 0 ? run - 1 : 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->kind == ODIHRX_BLOCK_PARA && b->len > 0 && b->len <= FOOTER_OPENER_BYTES &&
            odihrx_match(doc, c->g->pat[ODIHRX_PAT_PAGE_FOOTER], b->text, b->len, 0, b->line) >
                0) {
            for (; i < doc->nblocks; i++)
                doc->blocks[i].flags |= ODIHRX_BF_FURNITURE;
            return;
        }
    }
}

/* Paragraphs that open with a quotation mark and name who said it. */
static odihrx_status find_quotes(meta_ctx *c)
{
    odihrx_doc *doc = c->doc;
    const pcre2_code *re = c->g->pat[ODIHRX_PAT_QUOTE_ATTRIBUTION];
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        bool opens = b->len > 2 && (b->text[0] == '"' || memcmp(b->text, "\xE2\x80\x9C", 3) == 0);
        if (b->kind != ODIHRX_BLOCK_PARA || !opens || (b->flags & ODIHRX_BF_FURNITURE) ||
            odihrx_match(doc, re, b->text, b->len, 0, b->line) <= 0)
            continue;
        size_t sa, se, ra = 0, re_ = 0;
        if (!odihrx_group(doc, re, "speaker", 0, &sa, &se))
            continue;
        bool has_role = odihrx_group(doc, re, "role", 0, &ra, &re_) && re_ > ra;
        odihrx_status st = odihrx_vec_grow((void **)&doc->quotes, &doc->nquotes, &doc->cap_quotes,
                                           sizeof *doc->quotes, ODIHRX_MAX_BLOCKS);
        if (st == ODIHRX_ERR_LIMIT)
            return ODIHRX_OK;
        if (st)
            return st;
        odihrx_quote *q = &doc->quotes[doc->nquotes];
        q->block = i;
        q->speaker = odihrx_arena_strndup(&doc->arena, b->text + sa, se - sa);
        q->role = has_role ? odihrx_arena_strndup(&doc->arena, b->text + ra, re_ - ra) : NULL;
        if (!q->speaker || (has_role && !q->role))
            return ODIHRX_ERR_NOMEM;
        doc->nquotes++;
    }
    return ODIHRX_OK;
}

odihrx_status odihrx_stage_meta(odihrx_doc *doc, const odihrx_grammar *g)
{
    meta_ctx c = {.doc = doc, .g = g, .title_from = ODIHRX_NONE};
    odihrx_status st = ODIHRX_OK;
    uint32_t near_top = doc->nblocks < 80 ? doc->nblocks : 80;
    const char *kind = signalled_kind(&c, near_top);
    /* Front matter first; reports without one name themselves early on. */
    uint32_t limit = 0;
    for (uint32_t i = 0; i < doc->nblocks && !st; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->section != ODIHRX_NONE && ++limit > 12)
            break;
        if (b->kind == ODIHRX_BLOCK_TOC_ENTRY || b->kind == ODIHRX_BLOCK_FOOTNOTE ||
            b->kind == ODIHRX_BLOCK_TABLE_ROW)
            continue;
        if (b->len > 2000)
            continue;
        st = look(&c, i, b->section == ODIHRX_NONE);
    }
    if (!st)
        st = signals(&c, near_top);
    if (!st && kind) {
        /* not a report: its title is its first line of words */
        doc->meta.kind = kind;
        uint32_t t = first_title_block(doc, near_top);
        doc->meta.title = t == ODIHRX_NONE || strcmp(kind, "statement") == 0
                              ? NULL
                              : odihrx_arena_strndup(&doc->arena, doc->blocks[t].text,
                                                     doc->blocks[t].len);
        doc->meta.title_block = t;
    } else if (!st && c.title.size) {
        doc->meta.title = odihrx_arena_strndup(&doc->arena, c.title.data, c.title.size);
        if (!doc->meta.title)
            st = ODIHRX_ERR_NOMEM;
    }
    odihrx_buf_free(&c.title);
    if (st)
        return st;
    if (doc->forced_kind)
        doc->meta.kind = doc->forced_kind;
    if (!doc->meta.kind)
        doc->meta.kind = "other";
    st = mark_furniture(&c);
    if (!st)
        mark_page_footer(&c);
    if (!st)
        st = find_quotes(&c);
    if (!st && !doc->meta.country)
        st = odihrx_diag_add(doc, ODIHRX_NOTE, "meta-country", ODIHRX_NONE,
                             "no OSCE participating State is named in the front matter");
    if (!st && !doc->meta.election_date)
        st = odihrx_diag_add(doc, ODIHRX_NOTE, "meta-election", ODIHRX_NONE,
                             "no election date found in the front matter");
    return st;
}
