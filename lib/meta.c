/*
 * meta.c: stage 3b. Report metadata from the front matter: kind, title,
 * country, election type and date, mission, place and date of issue. The
 * words that signal each come from grammars/kinds.tsv and countries.tsv.
 * Reads: front-matter blocks (section NONE), the first body blocks as a
 * fallback. Writes: doc->meta.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "grammar.h"

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

typedef struct meta_ctx {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    odihrx_buf title;
    uint32_t title_from; /* first block of the title, NONE until found */
} meta_ctx;

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

static odihrx_status look(meta_ctx *c, uint32_t i)
{
    odihrx_doc *doc = c->doc;
    odihrx_meta *m = &doc->meta;
    const odihrx_block *b = &doc->blocks[i];
    size_t a, e;
    const odihrx_lexeme *hit;
    bool title_part = false;
    if (!m->country && (hit = lexicon_hit(c, &c->g->countries, NULL, b, &a, &e))) {
        m->country_code = hit->value;
        m->country = hit->extra;
        title_part = true;
    }
    if (!m->election_type && (hit = lexicon_hit(c, &c->g->kinds, "election", b, &a, &e))) {
        m->election_type = hit->value;
        m->election_block = i;
        size_t x, y;
        m->election_early = lexicon_hit(c, &c->g->kinds, "early", b, &x, &y) != NULL;
        if (odihrx_match(doc, c->g->pat[ODIHRX_PAT_DATE], b->text, b->len, 0, b->line) > 0)
            m->election_date = iso_date(doc, c->g->pat[ODIHRX_PAT_DATE], b->text);
        title_part = true;
    } else if (m->election_type && !m->election_date && i == m->election_block + 1 &&
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
    if (!m->kind && (hit = lexicon_hit(c, &c->g->kinds, "report", b, &a, &e))) {
        m->kind = hit->value;
        title_part = true;
    }
    if (!m->issued_place && m->election_block != i &&
        odihrx_match(doc, c->g->pat[ODIHRX_PAT_ISSUED], b->text, b->len, 0, b->line) > 0) {
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
        if (c->title.size)
            if (odihrx_buf_putc(&c->title, ' '))
                return ODIHRX_ERR_NOMEM;
        if (odihrx_buf_append(&c->title, b->text, b->len))
            return ODIHRX_ERR_NOMEM;
        if (c->title_from == ODIHRX_NONE)
            c->title_from = i;
        if (m->kind)
            m->title_block = c->title_from;
    }
    return ODIHRX_OK;
}

odihrx_status odihrx_stage_meta(odihrx_doc *doc, const odihrx_grammar *g)
{
    meta_ctx c = {.doc = doc, .g = g, .title_from = ODIHRX_NONE};
    odihrx_status st = ODIHRX_OK;
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
        st = look(&c, i);
    }
    if (!st && c.title.size) {
        doc->meta.title = odihrx_arena_strndup(&doc->arena, c.title.data, c.title.size);
        if (!doc->meta.title)
            st = ODIHRX_ERR_NOMEM;
    }
    odihrx_buf_free(&c.title);
    if (st)
        return st;
    if (!doc->meta.kind)
        doc->meta.kind = "other";
    if (!doc->meta.country)
        st = odihrx_diag_add(doc, ODIHRX_NOTE, "meta-country", ODIHRX_NONE,
                             "no OSCE participating State is named in the front matter");
    if (!st && !doc->meta.election_date)
        st = odihrx_diag_add(doc, ODIHRX_NOTE, "meta-election", ODIHRX_NONE,
                             "no election date found in the front matter");
    return st;
}
