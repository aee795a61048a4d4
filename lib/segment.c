/*
 * segment.c: stage 2. Lines become blocks: headings, paragraphs, list
 * items, footnote bodies, table rows and table-of-contents entries; page
 * separators are dropped. Paragraphs that a page break or the page's
 * footnote block cut in two are joined again.
 * Reads: doc->text and the line table. Writes: doc->blocks and, through
 * inlines.c, each block's plain text and marks.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "fnv.h"
#include "leader.h"
#include "buf.h"
#include "grammar.h"
#include "odihrx_limits.h"
#include "table.h"

typedef enum line_kind {
    L_BLANK,
    L_RULE,
    L_HEADING,
    L_FOOTNOTE,
    L_ITEM,
    L_BULLET,
    L_ROW,
    L_TEXT
} line_kind;

/* A run of lines before joins: one contiguous range of the decoded text. */
typedef struct raw {
    uint8_t kind; /* odihrx_block_kind */
    uint8_t level;
    uint16_t flags;
    uint32_t line, line_last;
    uint32_t src, src_end; /* byte range in doc->text, prefix removed */
    uint32_t number;
    uint32_t next; /* next part of a joined block, or NONE */
    uint32_t tail; /* last part (valid on heads) */
    bool part;     /* continues another raw block */
    bool columns;  /* a title whose pieces pdftotext printed as columns */
    uint32_t row;  /* a table row rebuilt from columns: 1 + its index in seg.tables */
} raw;

typedef struct seg {
    odihrx_doc *doc;
    const odihrx_grammar *g;
    /* Plain text only: the usual line width (95th percentile), 0 for
     * markdown. Text copied from web pages has no wrap width: each line is
     * a paragraph of its own. */
    uint32_t wrap_width;
    uint32_t median_width; /* body lines; footnotes in small type run longer */
    /* Paged plain text: the median number of lines of a page (the last
     * page aside), to tell a page that text filled from one that a chapter
     * or the end of the document cut short. */
    uint32_t page_lines;
    bool unwrapped;
    /* Statements circulated as PDFs put a blank line after every wrapped
     * line: there a blank line ends a paragraph only after a sentence. */
    bool double_spaced;
    /* Paged plain text (pdftotext): lines that are page furniture, and the
     * running state of footnote numbering (bodies and glued markers). */
    uint8_t *furniture;
    uint32_t fn_expected, marker_seen;
    uint32_t marker_next; /* build pass: the next glued marker to mark up */
    /* A footnote body that ended its page may go on in the footnote area of
     * the next page, before that page's first numbered note: the last
     * footnote (head), the one that ended the previous page, the first raw
     * block of the page, and the marker count before the latest paragraph
     * (markers counted in text that turns out to be a footnote are undone). */
    uint32_t fn_head, fn_pending, page_raw, para_markers;
    /* A note whose number pdftotext set on a line of its own: one whose
     * text goes on after a blank line (note_rest, a raw), one whose text
     * follows after a blank line (note_next, its number); NONE and 0 if
     * none. */
    uint32_t note_rest, note_next;
    uint32_t toc_page; /* page number of the last contents entry, 0 if none */
    uint32_t toc_first, toc_last; /* raws of the contents entries, NONE if none */
    /* The contents entries' title keys (title_key, page dropped), sorted,
     * built on first need and again when the entries have doubled. */
    struct toc_key *toc_keys;
    char *toc_key_text;
    uint32_t ntoc_keys, toc_keys_for; /* entries they were built for */
    bool paged;
    /* the contents or a full line of text seen: the title page is over */
    bool past_title_page;
    /* Plain text: the document's words, built on the first word broken
     * with a hyphen at a line end (see "hyphenation" below). */
    struct vocab *vocab;
    /* Paged text: the tables that pdftotext -layout printed as columns */
    odihrx_layout_tables tables;
    raw *r;
    uint32_t nr, capr;
} seg;

static bool blank(const char *s, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++)
        if (s[k] != ' ' && s[k] != '\t' && s[k] != '\f')
            return false;
    return true;
}

static uint32_t skip_spaces(const char *s, uint32_t n, uint32_t k)
{
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k;
}

static bool is_rule(const char *s, uint32_t n)
{
    uint32_t k = skip_spaces(s, n, 0);
    if (k >= n || (s[k] != '-' && s[k] != '*' && s[k] != '_'))
        return false;
    char c = s[k];
    uint32_t count = 0;
    for (; k < n; k++) {
        if (s[k] == c)
            count++;
        else if (s[k] != ' ' && s[k] != '\t')
            return false;
    }
    return count >= 3;
}

/* Bytes of a bullet at k ("-", "*", "•", "–", "▪", "●", "◦", "·"), or 0. */
static uint32_t bullet_len(const char *s, uint32_t n, uint32_t k)
{
    static const char *const bullets[] = {"-", "*", "+", "\xE2\x80\xA2", "\xE2\x80\x93",
                                          "\xE2\x96\xAA", "\xE2\x97\x8F", "\xE2\x97\xA6",
                                          "\xC2\xB7", "\xEF\x82\xB7"};
    for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++) {
        uint32_t bl = (uint32_t)strlen(bullets[b]);
        if (k + bl < n && memcmp(s + k, bullets[b], bl) == 0 && (s[k + bl] == ' ' || s[k + bl] == '\t'))
            return bl;
    }
    return 0;
}

/* Classify one line; *content is where the block text starts. `margin` is
 * the indent of the text of the page (paged text), which list numbers may
 * stand at or a little right of. */
static line_kind classify(const char *s, uint32_t n, uint32_t margin, uint32_t *content,
                          uint32_t *number, uint8_t *level)
{
    *content = 0;
    *number = 0;
    *level = 0;
    if (blank(s, n))
        return L_BLANK;
    if (is_rule(s, n))
        return L_RULE;
    uint32_t k = skip_spaces(s, n, 0);
    uint32_t indent = k;
    if (s[k] == '#') {
        uint32_t h = k;
        while (h < n && s[h] == '#')
            h++;
        if (h - k <= 6 && (h == n || s[h] == ' ' || s[h] == '\t')) {
            *level = (uint8_t)(h - k);
            *content = skip_spaces(s, n, h);
            return L_HEADING;
        }
    }
    if (n - k > 11 && strncasecmp(s + k, "<sup>", 5) == 0) {
        uint32_t d = k + 5, v = 0;
        while (d < n && s[d] >= '0' && s[d] <= '9' && d < k + 10)
            v = v * 10 + (uint32_t)(s[d++] - '0');
        if (d > k + 5 && d + 6 <= n && strncasecmp(s + d, "</sup>", 6) == 0 && v > 0 &&
            d - (k + 5) <= 5 && v <= ODIHRX_MAX_FOOTNOTE_NUMBER) {
            *number = v;
            *content = skip_spaces(s, n, d + 6);
            return L_FOOTNOTE;
        }
    }
    /* "[^12]: text", the footnote definitions of pandoc and GitHub markdown */
    if (indent <= 3 && n - k > 4 && s[k] == '[' && s[k + 1] == '^') {
        uint32_t d = k + 2, v = 0;
        while (d < n && s[d] >= '0' && s[d] <= '9' && d < k + 7)
            v = v * 10 + (uint32_t)(s[d++] - '0');
        if (d > k + 2 && d + 1 < n && s[d] == ']' && s[d + 1] == ':' && v > 0 &&
            v <= ODIHRX_MAX_FOOTNOTE_NUMBER) {
            *number = v;
            *content = skip_spaces(s, n, d + 2);
            return L_FOOTNOTE;
        }
    }
    if (indent <= 8 + margin) {
        uint32_t d = k, v = 0;
        while (d < n && s[d] >= '0' && s[d] <= '9' && d < k + 5)
            v = v * 10 + (uint32_t)(s[d++] - '0');
        if (d > k && d + 1 < n && (s[d] == '.' || s[d] == ')') && (s[d + 1] == ' ' || s[d + 1] == '\t') &&
            d + 2 < n && !blank(s + d + 1, n - d - 1)) {
            *number = v;
            *level = (uint8_t)((indent >= margin ? indent - margin : 0) / 2);
            *content = skip_spaces(s, n, d + 1);
            return L_ITEM;
        }
    }
    /* bullets at any depth: nesting is kept as the level */
    uint32_t bl = bullet_len(s, n, k);
    if (bl && !blank(s + k + bl, n - k - bl)) {
        *level = (uint8_t)(indent / 2 > 255 ? 255 : indent / 2);
        *content = skip_spaces(s, n, k + bl);
        return L_BULLET;
    }
    /* Two or more cells, or an indented cell (sub-entries of a contents table). */
    const char *tab = memchr(s + k, '\t', n - k);
    if (tab && !blank(tab, (uint32_t)(n - (uint32_t)(tab - s)))) {
        *content = 0;
        return L_ROW;
    }
    if (s[0] == '\t' && k < n) {
        *content = 0;
        return L_ROW;
    }
    *content = indent;
    return L_TEXT;
}

/* ------------------------------------------------------------ raw blocks */

/* Why raw_add gave NULL: the block limit, or memory. */
static odihrx_status raw_failure(const seg *sg)
{
    return sg->nr >= ODIHRX_MAX_BLOCKS ? ODIHRX_ERR_LIMIT : ODIHRX_ERR_NOMEM;
}

static raw *raw_add(seg *sg, uint8_t kind, uint32_t line, uint32_t src, uint32_t src_end)
{
    if (odihrx_vec_grow((void **)&sg->r, &sg->nr, &sg->capr, sizeof *sg->r, ODIHRX_MAX_BLOCKS))
        return NULL;
    raw *r = &sg->r[sg->nr];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->line = r->line_last = line;
    r->src = src;
    r->src_end = src_end;
    r->next = ODIHRX_NONE;
    r->tail = sg->nr;
    sg->nr++;
    if (kind == ODIHRX_BLOCK_TOC_ENTRY)
        sg->past_title_page = true;
    return r;
}

/* Skip markup at the start of a raw text: *, _, [, quotes, tags. */
static uint32_t text_start(const char *s, uint32_t n)
{
    uint32_t k = 0;
    while (k < n) {
        char c = s[k];
        if (c == ' ' || c == '*' || c == '_' || c == '[' || c == '\t') {
            k++;
        } else if (c == '<') {
            uint32_t j = k;
            while (j < n && s[j] != '>' && j < k + 20)
                j++;
            if (j < n && s[j] == '>')
                k = j + 1;
            else
                break;
        } else {
            break;
        }
    }
    return k;
}

static bool starts_lowercase(const odihrx_doc *doc, const raw *r)
{
    const char *s = doc->text + r->src;
    uint32_t n = r->src_end - r->src;
    uint32_t k = text_start(s, n);
    if (k >= n)
        return false;
    unsigned char c = (unsigned char)s[k];
    if (c >= 'a' && c <= 'z')
        return true;
    /* Cyrillic lowercase: U+0430..U+045F is D0 B0..D1 9F. */
    if (c == 0xD0 && k + 1 < n && (unsigned char)s[k + 1] >= 0xB0)
        return true;
    if (c == 0xD1 && k + 1 < n && (unsigned char)s[k + 1] <= 0x9F)
        return true;
    return false;
}

/* Does the raw text end a sentence (after trailing markup and markers)? */
static bool ends_sentence(const odihrx_doc *doc, const raw *r)
{
    const char *s = doc->text + r->src;
    uint32_t n = r->src_end - r->src;
    while (n > 0) {
        char c = s[n - 1];
        if (c == ' ' || c == '*' || c == '_' || c == '\t' || c == '\n') {
            n--;
        } else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x86 &&
                   (unsigned char)c == 0xA9) {
            n -= 3; /* "↩": a note's link back to its marker (pandoc's HTML) */
        } else if (c == '>') {
            /* strip a tag, and a <sup>...</sup> footnote marker as a whole */
            uint32_t j = n;
            while (j > 0 && s[j - 1] != '<' && n - j < 20)
                j--;
            if (j == 0 || s[j - 1] != '<')
                break;
            n = j - 1;
            if (n >= 5 && strncasecmp(s + n, "</sup>", 6) == 0) {
                uint32_t m = n;
                while (m > 0 && s[m - 1] != '<' && n - m < 20)
                    m--;
                if (m > 0)
                    n = m - 1;
            }
        } else if ((c >= '0' && c <= '9') && n > 1) {
            /* a footnote marker glued to the end of a sentence by
             * pdftotext ("commissions.82", "(IDPs).12"): a letter or a
             * closing bracket or quote, a full stop, one to three digits;
             * never a number ("63.2", "2021.") */
            uint32_t d = n;
            while (d > 0 && n - d < 4 && s[d - 1] >= '0' && s[d - 1] <= '9')
                d--;
            uint32_t digits = n - d;
            unsigned char before = d >= 2 ? (unsigned char)s[d - 2] : 0;
            bool letter = (before | 0x20) >= 'a' && (before | 0x20) <= 'z';
            if (digits <= 3 && d >= 2 && s[d - 1] == '.' &&
                (letter || before >= 0x80 || before == ')' || before == '"')) {
                n = d;
                break;
            }
            /* ... or set off by the spaces of a justified line
             * ("emergency. 4"), its full stop right after a word */
            uint32_t b = d;
            while (b > 0 && s[b - 1] == ' ')
                b--;
            unsigned char word = b >= 2 ? (unsigned char)s[b - 2] : 0;
            if (digits <= 3 && b < d && b >= 2 && s[b - 1] == '.' &&
                (word | 0x20) >= 'a' && (word | 0x20) <= 'z')
                n = b;
            break;
        } else {
            break;
        }
    }
    if (n == 0)
        return true;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';')
        return true;
    /* A closing quote or bracket ends a sentence only after . ! or ? */
    uint32_t q = 0;
    if (c == '"' || c == ')' || c == '\'')
        q = 1;
    else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
             (c == 0x9D || c == 0x99))
        q = 3; /* ” ’ */
    else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB)
        q = 2; /* » */
    else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
             c == 0xA6)
        return true; /* … */
    if (q && n > q) {
        unsigned char p = (unsigned char)s[n - q - 1];
        return p == '.' || p == '!' || p == '?';
    }
    return false;
}

/* Was the last line of this block filled to near the wrap width (so the
 * line after it is a continuation, not a new short item)? */
static uint32_t last_line_len(const seg *sg, uint32_t head)
{
    const raw *t = &sg->r[sg->r[head].tail];
    uint32_t ls = t->src_end;
    while (ls > t->src && sg->doc->text[ls - 1] != '\n')
        ls--;
    return t->src_end - ls;
}

static bool long_last_line(const seg *sg, uint32_t head)
{
    const raw *t = &sg->r[sg->r[head].tail];
    uint32_t ls = t->src_end;
    while (ls > t->src && sg->doc->text[ls - 1] != '\n')
        ls--;
    return (t->src_end - ls) * 10 >= sg->wrap_width * 6;
}

/* Paged text: does the last line of this block run to the full width of
 * the body lines? Justified text stops short only on the last line of a
 * paragraph, so a full line is rarely a paragraph's last, even when it
 * ends a sentence. The measure is the median line, not the wrap width
 * (footnotes in small type make the longest lines), and a line must reach
 * it: the characters of full lines vary around it with the letters, and
 * a last line that stops a little short (94% on the corpus report) ended
 * its paragraph more often than not. */
static bool runs_full(const seg *sg, uint32_t head)
{
    return (uint64_t)last_line_len(sg, head) * 10 >= (uint64_t)sg->median_width * 10;
}

/* Link part `p` behind head `h`. */
static void append_part(seg *sg, uint32_t h, uint32_t p)
{
    raw *head = &sg->r[h];
    sg->r[head->tail].next = p;
    head->tail = p;
    sg->r[p].part = true;
    head->line_last = sg->r[p].line_last;
    head->flags |= ODIHRX_BF_JOINED;
}

/* A dotted leader and a number after it anywhere in the line: a piece of
 * a table of contents that the converter ran together. */
static bool has_leader(const char *s, uint32_t n)
{
    for (uint32_t k = 1; k < n; k++)
        if (s[k] >= '0' && s[k] <= '9' && (s[k - 1] < '0' || s[k - 1] > '9') && odihrx_leader_before(s, k))
            return true;
    return false;
}

/* Heading-like single lines that carry no '#': all bold, or a numbered
 * chapter title written on a line of its own. */
static bool bold_line(const odihrx_doc *doc, const raw *r)
{
    const char *s = doc->text + r->src;
    uint32_t n = r->src_end - r->src;
    if (n < 5 || n > 300 || r->line_last - r->line > 2)
        return false;
    bool open = (s[0] == '*' && s[1] == '*') || strncasecmp(s, "<b>", 3) == 0;
    if (!open)
        return false;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    /* a trailing footnote marker may follow the closing markup */
    if (n > 6 && strncasecmp(s + n - 6, "</sup>", 6) == 0) {
        uint32_t m = n - 6;
        while (m > 0 && s[m - 1] != '<')
            m--;
        if (m > 0)
            n = m - 1;
    }
    if (n >= 4 && s[n - 1] == '*' && s[n - 2] == '*') {
        if (s[n - 3] == '.' && s[n - 4] != '.')
            return false; /* a sentence in bold, not a title */
        return true;
    }
    return n >= 4 && strncasecmp(s + n - 4, "</b>", 4) == 0;
}

static bool numbered_title(seg *sg, const raw *r)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t n = r->src_end - r->src;
    if (n > 150 || r->line != r->line_last || ends_sentence(doc, r))
        return false;
    const char *s = doc->text + r->src;
    if (has_leader(s, n))
        return false;
    uint32_t k = text_start(s, n);
    return odihrx_match(sg->doc, sg->g->pat[ODIHRX_PAT_HEADING_CHAPTER], s + k, n - k, 0,
                        r->line) > 0 ||
           odihrx_match(sg->doc, sg->g->pat[ODIHRX_PAT_HEADING_ANNEX], s + k, n - k, 0,
                        r->line) > 0;
}

static bool toc_heading(seg *sg, const raw *r)
{
    const char *s = sg->doc->text + r->src;
    uint32_t n = r->src_end - r->src;
    uint32_t k = text_start(s, n);
    return n - k < 80 &&
           odihrx_match(sg->doc, sg->g->pat[ODIHRX_PAT_TOC_HEADING], s + k, n - k, 0, r->line) > 0;
}

/* Plain text has no heading markup: the line "TABLE OF CONTENTS" right
 * before the first contents entry is the contents table's title. */
static void contents_title_before(seg *sg)
{
    if (sg->nr < 2)
        return;
    raw *r = &sg->r[sg->nr - 2];
    if (r->kind == ODIHRX_BLOCK_PARA && !r->part && r->line == r->line_last && toc_heading(sg, r)) {
        r->kind = ODIHRX_BLOCK_TOC_ENTRY;
        r->flags |= ODIHRX_BF_TITLE;
    }
}

/* "... Warsaw / 2 August 2011 / TABLE OF CONTENTS" with no blank line
 * before the first contents entry (plain text of a title page): the
 * title's line leaves the paragraph it was run into. False on failure. */
static bool split_contents_title(seg *sg)
{
    const odihrx_doc *doc = sg->doc;
    if (sg->nr == 0)
        return true;
    raw *r = &sg->r[sg->nr - 1];
    if (r->kind != ODIHRX_BLOCK_PARA || r->part || r->next != ODIHRX_NONE ||
        r->line == r->line_last)
        return true;
    uint32_t last = r->line_last;
    raw title = {.kind = ODIHRX_BLOCK_PARA, .line = last, .line_last = last,
                 .src = doc->line_start[last],
                 .src_end = doc->line_start[last] + odihrx_line_len(doc, last)};
    if (title.src < r->src || title.src_end != r->src_end || !toc_heading(sg, &title))
        return true;
    r->line_last = last - 1;
    r->src_end = doc->line_start[last - 1] + odihrx_line_len(doc, last - 1);
    return raw_add(sg, ODIHRX_BLOCK_PARA, last, title.src, title.src_end) != NULL;
}

static uint32_t upper_letters(const char *s, uint32_t n);

/* A page number s[d, e) after a title whose leader a converter lost
 * ("OBSERVATION MISSION 31"): set apart, three digits at most, going on
 * from the last entry's page (so "10 January 2021" after the contents is
 * no entry), after a title in capitals. */
static bool leaderless_page(const char *s, uint32_t d, uint32_t e, uint32_t last)
{
    if (d == 0 || e == d || e - d > 3 || (s[d - 1] != ' ' && s[d - 1] != '\t' && s[d - 1] != '\n'))
        return false;
    uint32_t page = 0;
    for (uint32_t k = d; k < e; k++)
        page = page * 10 + (uint32_t)(s[k] - '0');
    return page >= last && page <= last + 100 && upper_letters(s, d) >= 2;
}

/* Inside the contents, a line of entries that a converter ran together
 * and wrapped anywhere ("... 35 ANNEX I: FINAL" / "RESULTS ..... 38 ANNEX
 * II: LIST OF OBSERVERS IN" / "... MISSION ....." / "39 ABOUT ODIHR .....
 * 43"): a page after a leader with more text after it, or a leader that
 * ends the line (its page opens the next). */
static bool run_on_contents_line(const char *s, uint32_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    uint32_t end;
    if (odihrx_leader_page(s, n, 0, &end) < n && end < n)
        return true;
    return n > 0 && (s[n - 1] == '.' || (unsigned char)s[n - 1] == 0xA6) &&
           odihrx_leader_before(s, n);
}

/* A contents line: a dotted leader and a page number, or, right after a
 * contents heading, any cells ending in a page number. */
static bool toc_line(seg *sg, uint32_t line, const char *s, uint32_t n, bool in_toc)
{
    if (in_toc && run_on_contents_line(s, n))
        return true;
    /* cheap filter before the pattern: a page number ends the line, perhaps
     * inside closing markup such as "</b>" or "**" */
    uint32_t e = n;
    while (e > 0) {
        char c = s[e - 1];
        if (c == ' ' || c == '*' || c == '\t') {
            e--;
        } else if (c == '>') {
            while (e > 0 && s[e - 1] != '<')
                e--;
            if (e > 0)
                e--;
        } else {
            break;
        }
    }
    if (e == 0 || s[e - 1] < '0' || s[e - 1] > '9')
        return false;
    if (in_toc && memchr(s, '\t', n))
        return true;
    if (odihrx_match(sg->doc, sg->g->pat[ODIHRX_PAT_TOC_LEADER], s, n, 0, line) > 0)
        return true;
    /* Inside the contents a converter may lose the leader ("OBSERVATION
     * MISSION 31"): a title ending in a page number that goes on from the
     * last entry's ("10 January 2021" after the contents is no entry). */
    uint32_t d = e;
    while (d > 0 && e - d < 5 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    return in_toc && leaderless_page(s, d, e, sg->toc_page);
}

/* The page number a contents line ends with, 0 if none. */
static uint32_t toc_line_page(const char *s, uint32_t n)
{
    for (;;) { /* spaces and closing markup: "<b>31</b>", "**31**" */
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '*')) {
            n--;
        } else if (n > 0 && s[n - 1] == '>') {
            while (n > 0 && s[n - 1] != '<')
                n--;
            if (n > 0)
                n--;
        } else {
            break;
        }
    }
    uint32_t d = n, page = 0;
    while (d > 0 && n - d < 4 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    for (uint32_t k = d; k < n; k++)
        page = page * 10 + (uint32_t)(s[k] - '0');
    return page;
}

static void note_contents_raw(seg *sg)
{
    if (sg->toc_first == ODIHRX_NONE)
        sg->toc_first = sg->nr - 1;
    sg->toc_last = sg->nr - 1;
}

/* Titles compared with contents entries: ASCII letters (upper case) and
 * digits, and the bytes of other letters; spaces, punctuation, leaders
 * ("…", U+2000-U+203F) and no-break spaces dropped. Appends s[0..n) to
 * out[*len..cap). */
static void title_key(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    for (size_t k = 0; k < n && *len < cap; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == 0xE2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80) {
            k += 2; /* general punctuation */
            continue;
        }
        if (c == 0xC2 && k + 1 < n && (unsigned char)s[k + 1] == 0xA0) {
            k++;
            continue;
        }
        if (c >= 'a' && c <= 'z')
            out[(*len)++] = (char)(c - 32);
        else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[(*len)++] = (char)c;
    }
}

enum { TITLE_KEY = 256 };

typedef struct toc_key {
    const char *text; /* in seg.toc_key_text */
    uint32_t len;
} toc_key;

static int cmp_toc_key(const void *a, const void *b)
{
    const toc_key *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The key of the contents entry s[0..n), page dropped, into out
 * (TITLE_KEY). */
static uint32_t entry_key(const char *s, uint32_t n, char *out)
{
    size_t m = 0;
    title_key(out, TITLE_KEY, &m, s, n);
    while (m > 0 && out[m - 1] >= '0' && out[m - 1] <= '9')
        m--; /* the page */
    return (uint32_t)m;
}

/* Calls each(ctx, key, len) for every entry of contents raw r: entries that
 * a converter ran together ("... 35 ANNEX I: FINAL RESULTS ..... 38") part
 * after each leader's page. */
static void entry_keys(const seg *sg, const raw *r, void (*each)(void *, const char *, uint32_t),
                       void *ctx)
{
    const char *s = sg->doc->text + r->src;
    uint32_t n = r->src_end - r->src;
    char key[TITLE_KEY];
    for (uint32_t from = 0, end; from < n; from = end) {
        odihrx_leader_page(s, n, from + 1, &end); /* end: n past the last page */
        uint32_t m = entry_key(s + from, end - from, key);
        if (m)
            each(ctx, key, m);
    }
}

typedef struct key_sink {
    seg *sg;
    size_t bytes, count;
} key_sink;

static void count_key(void *ctx, const char *key, uint32_t m)
{
    (void)key;
    key_sink *k = ctx;
    k->bytes += m;
    k->count++;
}

static void store_key(void *ctx, const char *key, uint32_t m)
{
    key_sink *k = ctx;
    seg *sg = k->sg;
    memcpy(sg->toc_key_text + k->bytes, key, m);
    sg->toc_keys[sg->ntoc_keys++] = (toc_key){sg->toc_key_text + k->bytes, m};
    k->bytes += m;
}

/* (Re)builds sg->toc_keys when the entries have doubled since the last
 * build: a body's titles are compared with a sorted list, not with every
 * entry each time. False when out of memory (no keys, no comparison). */
static bool contents_keys(seg *sg)
{
    uint32_t entries = sg->toc_last - sg->toc_first + 1;
    if (sg->toc_keys && entries < 2 * sg->toc_keys_for)
        return true;
    odihrx_free(sg->toc_keys);
    odihrx_free(sg->toc_key_text);
    sg->toc_key_text = NULL;
    sg->ntoc_keys = 0;
    sg->toc_keys_for = entries;
    key_sink sink = {.sg = sg};
    for (uint32_t t = sg->toc_first; t <= sg->toc_last; t++)
        if (sg->r[t].kind == ODIHRX_BLOCK_TOC_ENTRY && !(sg->r[t].flags & ODIHRX_BF_TITLE))
            entry_keys(sg, &sg->r[t], count_key, &sink);
    sg->toc_keys = odihrx_malloc(sizeof *sg->toc_keys * (sink.count + 1));
    sg->toc_key_text = odihrx_malloc(sink.bytes + 1);
    if (!sg->toc_keys || !sg->toc_key_text)
        return false;
    sink.bytes = 0;
    for (uint32_t t = sg->toc_first; t <= sg->toc_last; t++)
        if (sg->r[t].kind == ODIHRX_BLOCK_TOC_ENTRY && !(sg->r[t].flags & ODIHRX_BF_TITLE))
            entry_keys(sg, &sg->r[t], store_key, &sink);
    qsort(sg->toc_keys, sg->ntoc_keys, sizeof *sg->toc_keys, cmp_toc_key);
    /* each key once: a lookup then looks at two entries at most */
    uint32_t kept = 0;
    for (uint32_t k = 0; k < sg->ntoc_keys; k++)
        if (kept == 0 || cmp_toc_key(&sg->toc_keys[kept - 1], &sg->toc_keys[k]) != 0)
            sg->toc_keys[kept++] = sg->toc_keys[k];
    sg->ntoc_keys = kept;
    return true;
}

/* Where key[0..n) would stand among the sorted contents keys: the first
 * entry not less than it (ntoc_keys if none). */
static uint32_t contents_lower(const seg *sg, const char *key, size_t n)
{
    uint32_t lo = 0, hi = sg->ntoc_keys;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const toc_key *k = &sg->toc_keys[mid];
        int c = memcmp(k->text, key, k->len < n ? k->len : n);
        if (c < 0 || (c == 0 && k->len < n))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool contents_ready(seg *sg, size_t n)
{
    return sg->toc_first != ODIHRX_NONE && n > 0 && n < TITLE_KEY && contents_keys(sg);
}

/* The first contents entry (in key order) whose key starts with
 * key[0..n), or NULL. */
static const toc_key *contents_find(seg *sg, const char *key, size_t n)
{
    if (!contents_ready(sg, n))
        return NULL;
    uint32_t m = contents_lower(sg, key, n);
    if (m == sg->ntoc_keys || sg->toc_keys[m].len < n ||
        memcmp(sg->toc_keys[m].text, key, n) != 0)
        return NULL;
    return &sg->toc_keys[m];
}

/* Is key[0..n) the start of a contents entry's number and title (leader
 * and page dropped), or, with whole, all of it? */
static bool contents_has(seg *sg, const char *key, size_t n, bool whole)
{
    if (!contents_ready(sg, n))
        return false;
    /* the first entry not less than key starts with it, if any does */
    uint32_t lo = contents_lower(sg, key, n);
    for (uint32_t m = lo; m < sg->ntoc_keys && m < lo + 2; m++) {
        const toc_key *k = &sg->toc_keys[m];
        if (k->len < n || memcmp(k->text, key, n) != 0)
            return false;
        if (whole ? k->len == n : k->len > n)
            return true;
    }
    return false;
}

/* The length of a title's leading number ("XIV. ", "A. "), 0 if none: a
 * converter may have printed the contents' numbers apart from their
 * titles, and the titles are then listed without them. */
static uint32_t leading_title_number(const char *s, uint32_t n)
{
    uint32_t k = 0;
    while (k < n && k < 8 && s[k] && strchr("IVXLC", s[k]))
        k++;
    if (k == 0 && n > 0 && s[0] >= 'A' && s[0] <= 'Z')
        k = 1;
    if (k == 0 || k + 1 >= n || s[k] != '.' || (s[k + 1] != ' ' && s[k + 1] != '\t'))
        return 0;
    return k + 2;
}

/* Is line l a piece of the contents entry that title t opens, its pieces
 * in another order ("IV. ELECTORAL" / "FRAMEWORK" / "SYSTEM" / "AND" /
 * "LEGAL": raw pdftotext prints a justified title's wide-spaced words as
 * columns)? The title's first line opens the entry, line l stands in it,
 * and the title with it (its key total long) is no longer than the
 * entry. (The title's other pieces were checked as they joined.) */
static bool pieces_of_entry(seg *sg, const raw *t, uint32_t l, uint32_t skip, size_t total)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t line_end = doc->line_start[t->line] + odihrx_line_len(doc, t->line);
    uint32_t first_end = line_end < t->src_end ? line_end : t->src_end;
    if (t->src + skip >= first_end)
        return false;
    char key[TITLE_KEY];
    size_t n = 0;
    title_key(key, sizeof key, &n, doc->text + t->src + skip, first_end - t->src - skip);
    const toc_key *e = contents_find(sg, key, n);
    if (!e || n >= e->len)
        return false;
    size_t pn = 0;
    char piece[TITLE_KEY];
    title_key(piece, sizeof piece, &pn, odihrx_line_ptr(doc, l), odihrx_line_len(doc, l));
    if (pn == 0 || total + pn > e->len)
        return false;
    for (uint32_t k = 0; k + pn <= e->len; k++)
        if (memcmp(e->text + k, piece, pn) == 0)
            return true;
    return false;
}

/* Does line l go on with the title of raw t, though a blank line parts
 * them ("XII. PARTICIPATION OF NATIONAL" / "" / "MINORITIES" where every
 * line is followed by a blank one)? Only where the contents say so:
 * with or without the title's number, or as pieces in another order. */
static bool title_goes_on(seg *sg, const raw *t, uint32_t l)
{
    const char *s = sg->doc->text + t->src;
    uint32_t tn = t->src_end - t->src;
    uint32_t skips[2] = {0, leading_title_number(s, tn)};
    for (int v = 0; v < 2; v++) {
        if (v == 1 && skips[1] == 0)
            break;
        char key[TITLE_KEY];
        size_t n = 0;
        title_key(key, sizeof key, &n, s + skips[v], tn - skips[v]);
        size_t title = n;
        title_key(key, sizeof key, &n, odihrx_line_ptr(sg->doc, l), odihrx_line_len(sg->doc, l));
        if (n == title || n >= sizeof key)
            return false;
        if (contents_has(sg, key, n, false) || contents_has(sg, key, n, true) ||
            pieces_of_entry(sg, t, l, skips[v], title))
            return true;
    }
    return false;
}

/* Line i of the contents: a new entry, or the page line of an entry too
 * long for one line; or the first line of such an entry, when the next
 * line is a contents line. 1 when it was one, 0 when not, -1 on failure. */
static int contents_line(seg *sg, uint32_t i, line_kind lk, bool *in_toc, uint32_t *toc_open)
{
    const odihrx_doc *doc = sg->doc;
    const char *s = odihrx_line_ptr(doc, i);
    uint32_t n = odihrx_line_len(doc, i), base = doc->line_start[i];
    if (lk == L_BLANK)
        return 0; /* converters that double-space put blank lines inside an entry */
    if (lk != L_ROW && lk != L_TEXT) {
        *toc_open = ODIHRX_NONE;
        return 0;
    }
    if (toc_line(sg, i, s, n, *in_toc)) {
        uint32_t page = toc_line_page(s, n);
        if (page >= sg->toc_page && page <= sg->toc_page + 100)
            sg->toc_page = page;
        /* a line of entries run on without a page at its end goes on in
         * the next line */
        if (*toc_open != ODIHRX_NONE) {
            sg->r[*toc_open].src_end = base + n;
            sg->r[*toc_open].line_last = i;
            if (page)
                *toc_open = ODIHRX_NONE;
            return 1;
        }
        if (!*in_toc && !split_contents_title(sg))
            return -1;
        if (!raw_add(sg, ODIHRX_BLOCK_TOC_ENTRY, i, base, base + n))
            return -1;
        note_contents_raw(sg);
        contents_title_before(sg);
        *in_toc = true;
        if (!page)
            *toc_open = sg->nr - 1;
        return 1;
    }
    uint32_t next = i + 1; /* the next line, past one blank line */
    if (next + 1 < doc->nlines && blank(odihrx_line_ptr(doc, next), odihrx_line_len(doc, next)))
        next++;
    bool starts_entry = *in_toc && *toc_open == ODIHRX_NONE && toc_line_page(s, n) == 0 &&
                        next < doc->nlines &&
                        toc_line(sg, next, odihrx_line_ptr(doc, next), odihrx_line_len(doc, next),
                                 true);
    *toc_open = ODIHRX_NONE;
    if (!starts_entry)
        return 0;
    if (!raw_add(sg, ODIHRX_BLOCK_TOC_ENTRY, i, base, base + n))
        return -1;
    note_contents_raw(sg);
    *toc_open = sg->nr - 1;
    return 1;
}

/* "12." (or "12)") alone: the number of an item whose text the converter
 * printed apart (a column of list numbers), else 0. */
static uint32_t bare_item_number(const char *s, uint32_t n)
{
    uint32_t k = skip_spaces(s, n, 0), d = k, v = 0;
    while (d < n && d - k < 3 && s[d] >= '0' && s[d] <= '9')
        v = v * 10 + (uint32_t)(s[d++] - '0');
    if (d == k || d >= n || (s[d] != '.' && s[d] != ')') || skip_spaces(s, n, d + 1) != n)
        return 0;
    return v;
}

/* Does a text line continue the open block? Paragraphs and footnotes take
 * every following line; a list item only an indented line or one that
 * carries on its sentence, so the paragraph after a list is not swallowed
 * by the last item ("- Last point" / "ODIHR deployed ..."). */
static bool continues(seg *sg, uint32_t open, const char *s, uint32_t n, uint32_t indent)
{
    const raw *o = &sg->r[open];
    /* a column of list numbers ("6." / "7.") is a number a line */
    uint32_t v = o->line == o->line_last ? bare_item_number(sg->doc->text + o->src, o->src_end - o->src)
                                         : 0;
    if (v && bare_item_number(s, n) == v + 1)
        return false;
    if (o->kind == ODIHRX_BLOCK_PARA && sg->wrap_width) {
        if (sg->unwrapped)
            return false;
        /* a short last line that ends its sentence ends the paragraph */
        const char *text = sg->doc->text;
        uint32_t ls = o->src_end;
        while (ls > o->src && text[ls - 1] != '\n')
            ls--;
        raw last = {.src = ls, .src_end = o->src_end};
        raw probe = {.src = (uint32_t)(s - text), .src_end = (uint32_t)(s - text) + n};
        bool short_last = (o->src_end - ls) * 4 < sg->wrap_width * 3;
        /* ... and on a title page (before the contents and the first line
         * of body width) a short line ends its paragraph without a full
         * stop: each line says one thing ("GEORGIA" / "PRESIDENTIAL
         * ELECTION" / "4 October 2015" / "Final Report" / "Warsaw") */
        if (sg->paged && !sg->past_title_page) {
            if ((uint64_t)(o->src_end - ls) * 10 >= (uint64_t)sg->median_width * 9)
                sg->past_title_page = true;
            else if (!starts_lowercase(sg->doc, &probe))
                return false;
        }
        return !(ends_sentence(sg->doc, &last) && short_last && !starts_lowercase(sg->doc, &probe));
    }
    if (o->kind != ODIHRX_BLOCK_LIST_ITEM)
        return true;
    if (indent >= 2)
        return true;
    /* hard-wrapped text: an item whose full-width line stops mid-sentence
     * goes on below, whatever the case of the next word */
    if (sg->paged && !ends_sentence(sg->doc, o) &&
        last_line_len(sg, open) * 10 >= sg->median_width * 8)
        return true;
    /* ... and so does one whose line ends a sentence at the full width:
     * raw pdftotext drops the hanging indent of the item's lines, but a
     * paragraph after the list would stand after a blank line or stop its
     * item short ("... disputes." / "In line with good practice ...") */
    if (sg->paged && runs_full(sg, open))
        return true;
    raw probe = {.src = (uint32_t)(s - sg->doc->text), .src_end = (uint32_t)(s - sg->doc->text) + n};
    return starts_lowercase(sg->doc, &probe) && !ends_sentence(sg->doc, o);
}

/* A paragraph line; one longer than a block may be is cut into several
 * paragraphs at spaces (or at a character boundary), with a diagnostic. */
static raw *add_long_line(seg *sg, uint32_t line, uint32_t from, uint32_t to)
{
    const char *t = sg->doc->text;
    raw *r = NULL;
    bool cut = false;
    while (to - from > ODIHRX_MAX_BLOCK_BYTES) {
        uint32_t end = from + ODIHRX_MAX_BLOCK_BYTES;
        uint32_t sp = end;
        while (sp > from + ODIHRX_MAX_BLOCK_BYTES / 2 && t[sp] != ' ')
            sp--;
        if (t[sp] == ' ')
            end = sp;
        else
            while (end > from && ((unsigned char)t[end] & 0xC0) == 0x80)
                end--; /* never inside a UTF-8 sequence */
        if (!(r = raw_add(sg, ODIHRX_BLOCK_PARA, line, from, end)))
            return NULL;
        from = end;
        cut = true;
    }
    if (cut && odihrx_diag_add(sg->doc, ODIHRX_WARNING, "limit-block", line,
                               "line longer than %u bytes; it is split into paragraphs",
                               ODIHRX_MAX_BLOCK_BYTES))
        return NULL;
    return raw_add(sg, ODIHRX_BLOCK_PARA, line, from, to);
}

/* ------------------------------------------------------------ line pass */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The wrap width of plain text: lines of a hard-wrapped text stop near one
 * width; a text with lines far longer than any page was not wrapped. */
static odihrx_status measure_width(seg *sg)
{
    odihrx_doc *doc = sg->doc;
    if (doc->format != ODIHRX_FORMAT_TEXT || doc->nlines == 0)
        return ODIHRX_OK;
    uint32_t *len = odihrx_malloc(sizeof *len * doc->nlines);
    if (!len)
        return ODIHRX_ERR_NOMEM;
    uint32_t n = 0;
    for (uint32_t i = 0; i < doc->nlines; i++) {
        uint32_t l = odihrx_line_len(doc, i);
        if (!blank(odihrx_line_ptr(doc, i), l))
            len[n++] = l;
    }
    if (n > 1)
        qsort(len, n, sizeof *len, cmp_u32);
    sg->wrap_width = n ? len[n - 1 - n / 20] : 0;
    sg->median_width = n ? len[n / 2] : 0;
    sg->unwrapped = sg->wrap_width > 200;
    /* lines that are followed by a blank line although their sentence goes on */
    uint32_t gaps = 0, cut = 0;
    for (uint32_t i = 0; i + 2 < doc->nlines; i++) {
        uint32_t l = odihrx_line_len(doc, i);
        if (blank(odihrx_line_ptr(doc, i), l) ||
            !blank(odihrx_line_ptr(doc, i + 1), odihrx_line_len(doc, i + 1)) ||
            blank(odihrx_line_ptr(doc, i + 2), odihrx_line_len(doc, i + 2)))
            continue;
        gaps++;
        raw r = {.src = doc->line_start[i], .src_end = doc->line_start[i] + l};
        cut += !ends_sentence(doc, &r);
    }
    sg->double_spaced = gaps >= 4 && cut * 10 >= gaps * 4;
    if (sg->wrap_width == 0)
        sg->wrap_width = 1;
    odihrx_free(len);
    return ODIHRX_OK;
}

/* The median length in lines of the pages of paged text (the last page,
 * which the end of the document cuts short, aside). */
static odihrx_status measure_pages(seg *sg)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t *len = odihrx_malloc(sizeof *len * (size_t)doc->npages);
    if (!len)
        return ODIHRX_ERR_NOMEM;
    for (uint32_t p = 0; p < doc->npages; p++)
        len[p] = doc->page_start[p] - (p ? doc->page_start[p - 1] : 0);
    if (doc->npages > 1)
        qsort(len, doc->npages, sizeof *len, cmp_u32);
    /* two or three pages tell too little about what a full page is */
    sg->page_lines = doc->npages >= 3 ? len[doc->npages / 2] : 0;
    odihrx_free(len);
    return ODIHRX_OK;
}

/* ---------------------------------------------------- paged plain text */

/* No lowercase ASCII letters: "IV. ELECTORAL SYSTEM" yes, a sentence no. */
static bool all_upper_words(const char *s, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++)
        if (s[k] >= 'a' && s[k] <= 'z')
            return false;
    return true;
}

/* "Page: 7", "7", "- 7 -", "7 of 32": a page number standing alone; its
 * number in *value. */
static bool page_number_line(const char *s, uint32_t n, uint32_t *value)
{
    uint32_t k = skip_spaces(s, n, 0);
    if (n - k >= 5 && strncasecmp(s + k, "page", 4) == 0) {
        k += 4;
        while (k < n && (s[k] == ':' || s[k] == ' ' || s[k] == '.'))
            k++;
    }
    if (k < n && s[k] == '-')
        k = skip_spaces(s, n, k + 1);
    uint32_t d = k;
    *value = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9' && d - k < 5)
        *value = *value * 10 + (uint32_t)(s[d++] - '0');
    if (d == k || d - k > 4)
        return false;
    d = skip_spaces(s, n, d);
    if (d < n && s[d] == '-')
        d = skip_spaces(s, n, d + 1);
    if (d + 2 < n && strncasecmp(s + d, "of", 2) == 0) {
        d = skip_spaces(s, n, d + 2);
        while (d < n && s[d] >= '0' && s[d] <= '9')
            d++;
    }
    return skip_spaces(s, n, d) == n;
}

static uint64_t furniture_key(const char *s, uint32_t n)
{
    uint64_t h = ODIHRX_FNV1A_START;
    for (uint32_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == ' ' || c == '\t')
            continue;
        h = odihrx_fnv1a(h, c >= '0' && c <= '9' ? '#' : c);
    }
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A bare number at the top or the foot of a page, and how far its value
 * is from the page's index. */
typedef struct page_number {
    uint32_t line;
    int64_t offset;
} page_number;

static int cmp_page_number_offset(const void *a, const void *b)
{
    const page_number *x = a, *y = b;
    return (x->offset > y->offset) - (x->offset < y->offset);
}

/* Marks the bare numbers that are page numbers: those whose value runs
 * with the page's index, as most of them do. A word processor's PDF
 * without page numbers ends pages with the number of the last footnote
 * instead (pdftotext sets it below the note), and those do not keep step
 * with the pages. With fewer than three such numbers each is taken for a
 * page number. */
static void page_numbers_mark(seg *sg, page_number *numbers, uint32_t nn)
{
    if (nn < 3) {
        for (uint32_t k = 0; k < nn; k++)
            sg->furniture[numbers[k].line] = 1;
        return;
    }
    qsort(numbers, nn, sizeof *numbers, cmp_page_number_offset);
    uint32_t best = 0, best_count = 0;
    for (uint32_t k = 0; k < nn;) {
        uint32_t e = k;
        while (e < nn && numbers[e].offset == numbers[k].offset)
            e++;
        if (e - k > best_count) {
            best = k;
            best_count = e - k;
        }
        k = e;
    }
    if ((uint64_t)best_count * 2 < nn)
        return; /* no run of page numbers */
    for (uint32_t k = best; k < nn && numbers[k].offset == numbers[best].offset; k++)
        sg->furniture[numbers[k].line] = 1;
}

/* Running headers and footers: the first and last lines of pages that
 * repeat (digits aside) on a third of the pages or more; and page numbers
 * standing alone at the top or foot of a page that keep step with the
 * pages. */
static odihrx_status find_furniture(seg *sg)
{
    odihrx_doc *doc = sg->doc;
    uint32_t pages = doc->npages + 1;
    sg->furniture = odihrx_arena_calloc(&doc->arena, doc->nlines + 1, 1);
    uint64_t *keys = odihrx_malloc(sizeof *keys * (size_t)pages * 4);
    uint32_t *lines = odihrx_malloc(sizeof *lines * (size_t)pages * 4);
    page_number *numbers = odihrx_malloc(sizeof *numbers * (size_t)pages * 2);
    odihrx_status st = ODIHRX_OK;
    if (!sg->furniture || !keys || !lines || !numbers) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    uint32_t nk = 0, nn = 0;
    for (uint32_t p = 0; p < pages; p++) {
        uint32_t a = p ? doc->page_start[p - 1] : 0;
        uint32_t b = p < doc->npages ? doc->page_start[p] : doc->nlines;
        /* two lines from the top, two from the foot */
        uint32_t got = 0;
        for (uint32_t i = a; i < b && got < 2; i++)
            if (!blank(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i)))
                lines[nk + got++] = i;
        for (uint32_t i = b; i > a && got < 4; i--)
            if (!blank(odihrx_line_ptr(doc, i - 1), odihrx_line_len(doc, i - 1)) &&
                (got < 1 || lines[nk] != i - 1) && (got < 2 || lines[nk + 1] != i - 1))
                lines[nk + got++] = i - 1;
        for (uint32_t g = 0; g < got; g++) {
            uint32_t i = lines[nk + g], value;
            bool number =
                page_number_line(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i), &value);
            /* only the outermost lines may be a bare page number: a lone
             * number above the footer is a footnote marker pushed down */
            if (number && (g == 0 || g == 2))
                numbers[nn++] = (page_number){.line = i, .offset = (int64_t)value - p};
            keys[nk + g] = number ? 0 : furniture_key(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i));
        }
        nk += got;
    }
    page_numbers_mark(sg, numbers, nn);
    /* a key seen on a third of the pages is furniture wherever it stands */
    uint64_t *sorted = odihrx_malloc(sizeof *sorted * (nk ? nk : 1));
    if (!sorted) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    memcpy(sorted, keys, sizeof *sorted * nk);
    if (nk > 1)
        qsort(sorted, nk, sizeof *sorted, cmp_u64);
    uint32_t need = pages / 3 > 2 ? pages / 3 : 2;
    for (uint32_t k = 0; k < nk; k++) {
        uint64_t key = keys[k];
        if (key == 0)
            continue;
        uint32_t lo = 0, hi = nk;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t count = 0;
        while (lo + count < nk && sorted[lo + count] == key)
            count++;
        if (count >= need)
            sg->furniture[lines[k]] = 1;
    }
    odihrx_free(sorted);
abort:
    odihrx_free(keys);
    odihrx_free(lines);
    odihrx_free(numbers);
    return st;
}

/* Where a footnote marker printed as plain digits stands: "freedoms.16",
 * "2021.3"; not "Article 21", "63.2 per cent" or "7.6". Returns the
 * offset of the digits, or n when the expected number is not there. */
/* The last byte of line i that is not a space, 0 for a blank line. */
static unsigned char last_byte_of_line(const odihrx_doc *doc, uint32_t i)
{
    const char *s = odihrx_line_ptr(doc, i);
    uint32_t n = odihrx_line_len(doc, i);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n ? (unsigned char)s[n - 1] : 0;
}

/* Ends a clause: a marker may follow ("stand." / "32 The law ..."). */
static bool clause_end(unsigned char c)
{
    return c == '.' || c == ')' || c == ',' || c == ';' || c == ':' || c == '"' || c == 0x9D;
}

/* line_before: the last byte of the line before s when s is one line of
 * a block (0 when unknown); within a block's text the lines are there. */
static uint32_t glued_marker(const char *s, uint32_t n, uint32_t from, uint32_t expected,
                             unsigned char line_before, bool strict, uint32_t *end)
{
    for (uint32_t k = from; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            continue;
        unsigned char prev = k ? (unsigned char)s[k - 1] : '\n';
        uint32_t e = k, v = 0;
        while (e < n && s[e] >= '0' && s[e] <= '9' && e - k < 4)
            v = v * 10 + (uint32_t)(s[e++] - '0');
        bool after_ok = e == n || s[e] == ' ' || s[e] == '\n' || s[e] == ',' || s[e] == ';' ||
                        s[e] == ':' ||
                        s[e] == ')' || (s[e] == '.' && (e + 1 == n || s[e + 1] == ' '));
        bool before_ok = (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') ||
                         prev == ')' || prev == ',' ||
                         prev == ';' || prev == ':' || prev == '"' || prev == 0x9D ||
                         prev == 0x99 || prev == ']';
        /* spaces before the digits: pdftotext -layout keeps indentation
         * and the runs of spaces of justified lines */
        uint32_t b = k;
        while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        uint32_t a = e;
        while (a < n && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if ((b == 0 || s[b - 1] == '\n') && (a == n || s[a] == '\n'))
            before_ok = true; /* justified text pushed the marker onto a line alone */
        /* pdfminer puts a marker that ended a line at the start of the next
         * ("to stand." / "32  The Election Law ...") */
        unsigned char ended = b == 0 ? line_before : 0;
        if (b > 0 && s[b - 1] == '\n') {
            uint32_t q = b - 1;
            while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t'))
                q--;
            ended = q > 0 ? (unsigned char)s[q - 1] : 0;
        }
        if (ended && clause_end(ended) && a > e && a < n && s[a] != '\n')
            before_ok = true;
        /* "(Senate). 10": justification may put spaces after the full stop */
        if (b < k && b > 0 &&
            (s[b - 1] == '.' || s[b - 1] == ')' || s[b - 1] == ',' || s[b - 1] == ';' ||
             (unsigned char)s[b - 1] == 0x9D))
            before_ok = true;
        if (prev == '.') {
            /* after a year ("2021.3") yes; after a short number ("7.6") no */
            uint32_t d = k - 1;
            while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
                d--;
            /* ... or after a number with thousands ("to 20,000.35"), or
             * where a sentence starts after it ("fines in 16.35 However") */
            before_ok = k - 1 - d == 0 || k - 1 - d == 4 ||
                        (k - 1 - d == 3 && d > 0 && s[d - 1] == ',') ||
                        (a > e && a + 1 < n && s[a] >= 'A' && s[a] <= 'Z' && s[a + 1] >= 'a' &&
                         s[a + 1] <= 'z');
        }
        if (strict) { /* glued to a word, its closing quote or its full stop */
            unsigned char word = prev;
            if ((prev == '.' || prev == ',' || prev == ';') && k >= 2)
                word = (unsigned char)s[k - 2];
            before_ok = (word >= 'a' && word <= 'z') || (word >= 'A' && word <= 'Z') ||
                        prev == ')' || prev == '"' || prev == 0x9D || prev == 0x99;
        }
        if (v == expected && before_ok && after_ok && !odihrx_leader_before(s, k)) {
            *end = e;
            return k;
        }
        k = e;
    }
    return n;
}

/* The next marker in s[from, n): the one expected, or else the one after
 * it glued to a word ("organizations52"). A marker the text made look like
 * part of a number ("annulled the results in 4.51") is passed over then,
 * instead of every marker after it being lost. *value is its number. */
static uint32_t next_marker(const char *s, uint32_t n, uint32_t from, uint32_t expected,
                            unsigned char line_before, uint32_t *end, uint32_t *value)
{
    uint32_t at = glued_marker(s, n, from, expected, line_before, false, end);
    *value = expected;
    if (at == n) {
        at = glued_marker(s, n, from, expected + 1, line_before, true, end);
        *value = expected + 1;
    }
    return at;
}

/* A line with a dotted leader: before a number, or at its start or end
 * (contents entries that the converter broke around the leader). */
static bool leader_piece(const char *s, uint32_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    uint32_t k = skip_spaces(s, n, 0);
    if (k == n)
        return false;
    bool starts = s[k] == '.' && k + 1 < n && s[k + 1] == '.';
    starts = starts || (k + 3 <= n && (unsigned char)s[k] == 0xE2 &&
                        (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] == 0xA6);
    return starts || odihrx_leader_before(s, n) || has_leader(s, n);
}

/* Capital ASCII letters in s. */
static uint32_t upper_letters(const char *s, uint32_t n)
{
    uint32_t c = 0;
    for (uint32_t k = 0; k < n; k++)
        c += s[k] >= 'A' && s[k] <= 'Z';
    return c;
}

/* Is every word of s capitalised, but for the small words of a title
 * ("Campaign and Media")? */
static bool title_case_words(const char *s, uint32_t n)
{
    static const char *const small[] = {"a", "an", "and", "for", "in", "of", "on", "the", "to",
                                        "with"};
    for (uint32_t k = 0; k < n;) {
        uint32_t e = k;
        while (e < n && s[e] != ' ')
            e++;
        unsigned char c = (unsigned char)s[k];
        bool ok = (c >= 'A' && c <= 'Z') || c >= 0xC0;
        for (size_t w = 0; !ok && w < sizeof small / sizeof small[0]; w++)
            ok = strlen(small[w]) == e - k && memcmp(small[w], s + k, e - k) == 0;
        if (!ok)
            return false;
        k = e;
        while (k < n && s[k] == ' ')
            k++;
    }
    return true;
}

/* The number of the item that line i opens: "14. The authorities ...",
 * or "14." alone (the first of a column of list numbers); 0 if none. */
static uint32_t numbered_item_at(const odihrx_doc *doc, uint32_t i)
{
    if (i >= doc->nlines)
        return 0;
    const char *t = odihrx_line_ptr(doc, i);
    uint32_t tn = odihrx_line_len(doc, i), k = skip_spaces(t, tn, 0), d = k, v = 0;
    while (d < tn && d - k < 3 && t[d] >= '0' && t[d] <= '9')
        v = v * 10 + (uint32_t)(t[d++] - '0');
    return d > k && d < tn && t[d] == '.' && (d + 1 == tn || t[d + 1] == ' ') ? v : 0;
}

/* "A. Legal Framework" in title case with a numbered item right below (a
 * blank line may stand between): a lettered subsection of recommendations
 * that the typesetter set in bold, which plain text no longer shows. */
static bool lettered_over_items(seg *sg, uint32_t i, const char *s, uint32_t n)
{
    const odihrx_doc *doc = sg->doc;
    if (n >= 60 || n < 4 || !(s[0] >= 'A' && s[0] <= 'Z') || s[1] != '.' || s[2] != ' ' ||
        !title_case_words(s + 3, n - 3) || strchr(".,;:", s[n - 1]))
        return false;
    for (uint32_t j = i + 1; j < doc->nlines && j <= i + 2; j++) {
        if (blank(odihrx_line_ptr(doc, j), odihrx_line_len(doc, j)))
            continue;
        return numbered_item_at(doc, j) != 0;
    }
    return false;
}

/* A chapter or lettered title on a line of its own in paged text: short,
 * in capitals, no contents leader. */
static bool title_line(seg *sg, uint32_t i, const char *s, uint32_t n, uint32_t content)
{
    if (n < 100 && lettered_over_items(sg, i, s + content, n - content))
        return true;
    if (n >= 100 || !all_upper_words(s, n) || has_leader(s, n))
        return false;
    raw probe = {.kind = ODIHRX_BLOCK_PARA, .line = i, .line_last = i,
                 .src = sg->doc->line_start[i] + content, .src_end = sg->doc->line_start[i] + n};
    return numbered_title(sg, &probe) ||
           (n - content < 80 && odihrx_match(sg->doc, sg->g->pat[ODIHRX_PAT_HEADING_LETTERED],
                                             s + content, n - content, 0, i) > 0);
}

/* Does line i start a paragraph of body text: not blank, not in capitals,
 * and opening with a capital letter (or any non-ASCII letter)? */
static bool starts_body_text(const odihrx_doc *doc, uint32_t i)
{
    if (i >= doc->nlines)
        return false;
    const char *s = odihrx_line_ptr(doc, i);
    uint32_t n = odihrx_line_len(doc, i);
    uint32_t k = skip_spaces(s, n, 0);
    if (k == n || all_upper_words(s, n))
        return false;
    unsigned char c = (unsigned char)s[k];
    return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

/* Does a page start at line i? (page_start is sorted) */
static bool is_page_start(const odihrx_doc *doc, uint32_t i)
{
    uint32_t lo = 0, hi = doc->npages;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->page_start[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->npages && doc->page_start[lo] == i;
}

static bool starts_body_text(const odihrx_doc *doc, uint32_t i);
static raw raw_line(const seg *sg, const raw *r, uint32_t l);
static bool opens_note(const char *s, uint32_t n, uint32_t v);
static bool note_opens_at(const odihrx_doc *doc, uint32_t i, uint32_t v);

/* Is line i, of at least half the body's width, a line of text and no
 * table's cell? */
static bool wide_line(const seg *sg, uint32_t i)
{
    return (uint64_t)odihrx_line_len(sg->doc, i) * 2 >= sg->median_width;
}

/* "Background", "Electoral System and Legal Framework": a subheading set
 * in bold title case, which plain text no longer shows. A short line in
 * title case, no number and no closing punctuation, after the end of a
 * sentence (or a blank line), with a line of body text or a numbered item
 * below it (one blank line may stand between), or, at_page_foot, the
 * page's foot. */
static bool subheading_line(seg *sg, uint32_t open, uint32_t i, const char *s, uint32_t n,
                            uint32_t content, bool at_page_foot, bool after_title)
{
    const odihrx_doc *doc = sg->doc;
    while (n > content && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!sg->past_title_page || n - content < 3 || n - content > 60 || strchr(".,;:", s[n - 1]) ||
        all_upper_words(s + content, n - content) || !title_case_words(s + content, n - content))
        return false;
    for (uint32_t k = content; k < n; k++)
        if (s[k] >= '0' && s[k] <= '9')
            return false;
    if (open != ODIHRX_NONE && sg->r[open].kind != ODIHRX_BLOCK_PARA &&
        sg->r[open].kind != ODIHRX_BLOCK_LIST_ITEM)
        return false;
    /* the line before (past blank lines) ends a sentence or is a title
     * ("PRELIMINARY FINDINGS" / "Background"): not an entry of a list of
     * names ("United Kingdom" / "United States of America") */
    uint32_t before = i;
    while (before > 0 && i - before < 3 &&
           blank(odihrx_line_ptr(doc, before - 1), odihrx_line_len(doc, before - 1)))
        before--;
    const raw *last_raw = sg->nr ? &sg->r[sg->nr - 1] : NULL;
    after_title = after_title || (last_raw && last_raw->kind == ODIHRX_BLOCK_HEADING &&
                                  last_raw->line_last + 1 == before);
    if (before > 0 && !after_title && !is_page_start(doc, i) && !sg->furniture[before - 1]) {
        uint32_t bn = odihrx_line_len(doc, before - 1);
        raw last = {.src = doc->line_start[before - 1], .src_end = doc->line_start[before - 1] + bn};
        if (!ends_sentence(doc, &last))
            return false;
    }
    uint32_t body = i + 1, foot = i + 1;
    if (body + 1 < doc->nlines && blank(odihrx_line_ptr(doc, body), odihrx_line_len(doc, body)))
        body++;
    while (foot < doc->nlines && foot < i + 5 &&
           blank(odihrx_line_ptr(doc, foot), odihrx_line_len(doc, foot)))
        foot++; /* -layout keeps the blank lines above the notes */
    if (at_page_foot && foot < doc->nlines &&
        (is_page_start(doc, foot) ||
         note_opens_at(doc, foot, sg->fn_expected)))
        return true; /* at the foot of a page: its text is overleaf */
    /* the body below may be a numbered item: "Voter Registration" / "14. The
     * authorities should ..." (a topic over recommendations) */
    return (starts_body_text(doc, body) || numbered_item_at(doc, body)) && wide_line(sg, body);
}

/* An unnumbered title of paged text: a short line of capitals at the start
 * of a block (after a blank line or a page break), no digits, no sentence
 * end, no leader, with body text right below it ("ABOUT ODIHR" / "The
 * Office for ..."), a line of at least half the body width (not a table
 * cell printed on a line of its own: "OSCE PA" / "Secretariat"). The lines
 * that pdftotext breaks out of a justified line or a contents page stand
 * inside a block or before a blank line. */
static bool unnumbered_title(seg *sg, uint32_t i, const char *s, uint32_t n, uint32_t content)
{
    if (n - content > 80 || !all_upper_words(s, n) || upper_letters(s, n) < 4 || has_leader(s, n))
        return false;
    /* where a blank line follows every line, one that the contents list
     * (a document without contents: any, past its title page) */
    uint32_t body = i + 1;
    if (body + 1 < sg->doc->nlines &&
        blank(odihrx_line_ptr(sg->doc, body), odihrx_line_len(sg->doc, body))) {
        char key[TITLE_KEY];
        size_t kn = 0;
        title_key(key, sizeof key, &kn, s + content, n - content);
        if (sg->toc_first == ODIHRX_NONE ? !sg->past_title_page
                                         : !contents_has(sg, key, kn, true))
            return false;
        body++;
    }
    if (!sg->past_title_page && sg->toc_first == ODIHRX_NONE)
        return false; /* the title page's lines in capitals are no titles */
    /* body text below, or a subheading over body text ("PRELIMINARY
     * FINDINGS" / "Background" / "On 16 August ...") */
    if ((!starts_body_text(sg->doc, body) || !wide_line(sg, body)) &&
        !(body < sg->doc->nlines &&
          subheading_line(sg, ODIHRX_NONE, body, odihrx_line_ptr(sg->doc, body),
                          odihrx_line_len(sg->doc, body),
                          skip_spaces(odihrx_line_ptr(sg->doc, body), odihrx_line_len(sg->doc, body),
                                      0),
                          false, true)))
        return false;
    for (uint32_t k = content; k < n; k++)
        if (s[k] >= '0' && s[k] <= '9')
            return false;
    raw probe = {.src = sg->doc->line_start[i] + content, .src_end = sg->doc->line_start[i] + n};
    return !ends_sentence(sg->doc, &probe);
}

/* Is s[0..n) an entry of the contents, whole? Such a line is a title even
 * right below other text (pdftotext -raw prints no blank lines). */
static bool listed_whole(seg *sg, const char *s, uint32_t n)
{
    char key[TITLE_KEY];
    size_t kn = 0;
    title_key(key, sizeof key, &kn, s, n);
    return kn > 0 && contents_has(sg, key, kn, true);
}

/* "XII." alone: a Roman chapter number without its title. */
static bool chapter_number_alone(const char *s, uint32_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n < 2 || n > 9 || s[n - 1] != '.')
        return false;
    for (uint32_t k = 0; k + 1 < n; k++)
        if (!strchr("IVXLC", s[k]))
            return false;
    return true;
}

/* The indent of the text of the page that starts at line i: the least
 * indent of its first three lines (furniture aside). pdftotext -layout
 * counts columns from the leftmost text of the page, and a page whose
 * footnotes stand left of the body (a wide table) indents the whole body. */
static uint32_t measure_margin(const seg *sg, uint32_t from)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t margin = UINT32_MAX, seen = 0;
    for (uint32_t i = from; i < doc->nlines && seen < 3; i++) {
        if (i > from && is_page_start(doc, i))
            break; /* the page ended: never look past it (linear) */
        const char *s = odihrx_line_ptr(doc, i);
        uint32_t n = odihrx_line_len(doc, i);
        if (sg->furniture[i] || blank(s, n))
            continue;
        uint32_t k = skip_spaces(s, n, 0);
        margin = k < margin ? k : margin;
        seen++;
    }
    return margin == UINT32_MAX ? 0 : margin;
}

/* The number a line opens with (after its indent), 0 if none; *end is
 * where the digits end. */
static uint32_t leading_number(const char *s, uint32_t n, uint32_t *end)
{
    uint32_t k = skip_spaces(s, n, 0), d = k, v = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9' && d - k < 5)
        v = v * 10 + (uint32_t)(s[d++] - '0');
    *end = d;
    return d > k ? v : 0;
}

/* The number that stands alone on a line ("16"), else 0. */
static uint32_t number_alone(const char *s, uint32_t n)
{
    uint32_t d, v = leading_number(s, n, &d);
    return v && skip_spaces(s, n, d) == n ? v : 0;
}

/* Does the line open like the body of footnote v: "16 The OSCE ..."? */
static bool opens_note(const char *s, uint32_t n, uint32_t v)
{
    uint32_t d;
    return v && leading_number(s, n, &d) == v && d < n && s[d] == ' ';
}

/* "16" alone on line i, the note's text on the next line: pdftotext may
 * set a note's raised number on a line of its own (PDFs from word
 * processors, -layout and -raw). A text that opens with a number ("2011
 * UN General Assembly ...") only where digits_ok (a column of numbers
 * looks the same). */
static bool note_number_alone(const odihrx_doc *doc, uint32_t i, uint32_t v, bool digits_ok)
{
    if (!v || i + 1 >= doc->nlines || is_page_start(doc, i + 1))
        return false;
    if (number_alone(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i)) != v)
        return false;
    const char *t = odihrx_line_ptr(doc, i + 1);
    uint32_t tn = odihrx_line_len(doc, i + 1), k = skip_spaces(t, tn, 0);
    return k < tn && (digits_ok || !(t[k] >= '0' && t[k] <= '9'));
}

/* Does the note numbered v open at line i, its number before its text on
 * the line or on a line of its own? */
static bool note_opens_at(const odihrx_doc *doc, uint32_t i, uint32_t v)
{
    return opens_note(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i), v) ||
           note_number_alone(doc, i, v, false);
}

/* Footnote body at the foot of a page: "16 The OSCE participating ...",
 * numbered as the next footnote and after its marker was seen. */
static bool footnote_body_line(seg *sg, const char *s, uint32_t n, uint32_t *content)
{
    uint32_t d;
    if (!opens_note(s, n, sg->fn_expected) || sg->fn_expected > sg->marker_seen)
        return false;
    leading_number(s, n, &d);
    *content = skip_spaces(s, n, d);
    return *content < n;
}

/* Does the footnote area of the page start at line i, right below body
 * text (no blank line, a footnote no longer than a body line)? Either the
 * next footnote's body follows on the next line, or the lines from i run
 * to the foot of the page. Looks at most 60 lines ahead: a line that
 * merely starts with the expected number costs a bounded scan. */
static bool footnote_area_from(const seg *sg, uint32_t i)
{
    const odihrx_doc *doc = sg->doc;
    if (i + 1 >= doc->nlines)
        return true;
    if (sg->fn_expected + 1 <= sg->marker_seen && note_opens_at(doc, i + 1, sg->fn_expected + 1))
        return true;
    bool gap = false;
    uint32_t j = i + 1;
    for (; j < doc->nlines && j <= i + 60; j++) {
        if (is_page_start(doc, j))
            return true;
        const char *t = odihrx_line_ptr(doc, j);
        uint32_t tn = odihrx_line_len(doc, j);
        bool empty = blank(t, tn) || sg->furniture[j];
        if (gap && !empty)
            return false; /* text after a blank line: the body goes on */
        gap = gap || empty;
        /* the note of this number stands further down: line i is text */
        if (note_opens_at(doc, j, sg->fn_expected))
            return false;
    }
    return j == doc->nlines; /* the end of the text is the foot of its page */
}

/* The note whose number stands alone on line i, its text on the next line
 * (0 if none): the next note once its marker was seen. A bare number is
 * sign enough where that line is a line of text (a table's cells, "76" /
 * "Ak Zhol", are short), else as for "N text" (open: the block the line
 * would go on with). One note that the converter printed out of place
 * (its number after its text) costs only itself: a later note whose
 * marker was seen opens so as well, on a line of text. */
static uint32_t lone_note_number(const seg *sg, uint32_t i, uint32_t open)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t v = sg->fn_expected;
    if (v > sg->marker_seen || i + 1 >= doc->nlines || sg->furniture[i + 1] ||
        sg->tables.row_at[i + 1])
        return 0;
    /* (a line of text may open with a number: "2011 UN General ...") */
    bool line_of_text = wide_line(sg, i + 1);
    if (note_number_alone(doc, i, v, line_of_text))
        return open == ODIHRX_NONE || sg->r[open].kind == ODIHRX_BLOCK_FOOTNOTE ||
                       (i > 0 && blank(odihrx_line_ptr(doc, i - 1), odihrx_line_len(doc, i - 1))) ||
                       line_of_text || footnote_area_from(sg, i + 1)
                   ? v
                   : 0;
    if (!line_of_text)
        return 0;
    uint32_t w = number_alone(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i));
    return w > v && w <= sg->marker_seen && note_number_alone(doc, i, w, true) ? w : 0;
}

/* The note whose number stands alone on line i below the first line of its
 * text, a blank line and the rest of the text after it ("The CEC
 * organized ... PEC" / "57" / "" / "members on 14 and 15 October."): the
 * number, else 0. That first line is the open block, of one line, after a
 * blank line; or it follows a line that ends a sentence, the rest opening
 * in lower case: the open block or its last line (*split then). */
static uint32_t note_number_below(const seg *sg, uint32_t i, uint32_t open, bool *split)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t v = sg->fn_expected;
    if (open == ODIHRX_NONE || i < 2 || i + 2 >= doc->nlines)
        return 0;
    const raw *o = &sg->r[open];
    if (o->kind != ODIHRX_BLOCK_PARA || o->next != ODIHRX_NONE || o->line_last != i - 1 ||
        !blank(odihrx_line_ptr(doc, i + 1), odihrx_line_len(doc, i + 1)))
        return 0;
    uint32_t w = number_alone(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i));
    if (w < v || w > sg->marker_seen)
        return 0;
    *split = o->line != i - 1;
    if (!*split && blank(odihrx_line_ptr(doc, i - 2), odihrx_line_len(doc, i - 2)))
        return w;
    raw above = {.src = doc->line_start[i - 2]}, rest = {.src = doc->line_start[i + 2]};
    above.src_end = above.src + odihrx_line_len(doc, i - 2);
    rest.src_end = rest.src + odihrx_line_len(doc, i + 2);
    return ends_sentence(doc, &above) && starts_lowercase(doc, &rest) ? w : 0;
}

/* The number of a note alone on line i that may stand below or above its
 * text (pdftotext without -layout, a word processor's PDF): one whose
 * marker was seen, no note of it yet, a blank line or the page's end
 * (next_page: the line where the next page starts) after it. Else 0. */
static uint32_t note_number_apart(const seg *sg, uint32_t i, uint32_t next_page)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t w = number_alone(odihrx_line_ptr(doc, i), odihrx_line_len(doc, i));
    if (!w || w < sg->fn_expected || w > sg->marker_seen)
        return 0;
    return i + 1 == doc->nlines || i + 1 == next_page ||
                   blank(odihrx_line_ptr(doc, i + 1), odihrx_line_len(doc, i + 1))
               ? w
               : 0;
}

/* Does the text of the next page (from line page_end) open in lower
 * case, going on with a sentence of this one? */
static bool goes_on_overleaf(const seg *sg, uint32_t page_end)
{
    const odihrx_doc *doc = sg->doc;
    for (uint32_t j = page_end; j < doc->nlines && j < page_end + 10; j++) {
        if (sg->furniture[j] || blank(odihrx_line_ptr(doc, j), odihrx_line_len(doc, j)))
            continue;
        raw probe = {.src = doc->line_start[j], .src_end = doc->line_start[j] + odihrx_line_len(doc, j)};
        return starts_lowercase(doc, &probe);
    }
    return false;
}

/* Does s open with a capital ASCII letter (after its indent)? */
static bool opens_in_capital(const char *s, uint32_t n)
{
    uint32_t k = skip_spaces(s, n, 0);
    return k < n && s[k] >= 'A' && s[k] <= 'Z';
}

/* Where the text of the note w whose number stands below it on line i
 * begins ("Article 190 of the Election Code ..." / "Appeals." / "11"), in
 * the open block: the whole block after the note before it; else (the
 * page's first note follows the body with no blank line) a line that
 * opens after one that ends a sentence, or the block's first line; when
 * the body goes on overleaf in mid-sentence (page_end: where the next page
 * starts), the first line in capitals after a line that ends no sentence.
 * At most 12 lines, one of body width (a table's cells are short), without
 * a marker of this note or a later one. ODIHRX_NONE if there is no such
 * note. */
static uint32_t note_text_above(const seg *sg, uint32_t i, uint32_t open, uint32_t w,
                                uint32_t page_end)
{
    const odihrx_doc *doc = sg->doc;
    enum { MOST_LINES = 12 };
    if (open == ODIHRX_NONE || i == 0)
        return ODIHRX_NONE;
    const raw *o = &sg->r[open];
    if (o->kind != ODIHRX_BLOCK_PARA || o->next != ODIHRX_NONE || o->line_last != i - 1)
        return ODIHRX_NONE;
    /* after the note before it, the block is the note's: no body stands
     * between notes */
    bool after_note = open > 0 && sg->r[open - 1].kind == ODIHRX_BLOCK_FOOTNOTE;
    /* the body's last sentence most often ends in a marker ("... of
     * emergency.4" / "All previous reports ..."), a note's own sentences
     * rarely: the nearest sentence end with a marker, else the nearest
     * sentence end */
    bool wide = false, marked = false;
    uint32_t l = i - 1, capital = ODIHRX_NONE, nearest = ODIHRX_NONE;
    for (;; l--) {
        wide = wide || (nearest == ODIHRX_NONE && wide_line(sg, l));
        if (l == o->line || i - l >= MOST_LINES)
            break;
        if (after_note)
            continue;
        raw above = raw_line(sg, o, l - 1);
        bool opens = starts_body_text(doc, l);
        if (ends_sentence(doc, &above) && opens) {
            unsigned char last = last_byte_of_line(doc, l - 1);
            marked = last >= '0' && last <= '9';
            if (marked)
                break;
            if (nearest == ODIHRX_NONE)
                nearest = l;
        } else if (nearest == ODIHRX_NONE &&
                   opens_in_capital(odihrx_line_ptr(doc, l), odihrx_line_len(doc, l))) {
            capital = l;
        }
    }
    if (nearest != ODIHRX_NONE && !marked)
        l = nearest;
    /* the body goes on overleaf in mid-sentence: the note opens at the
     * first line in capitals after the body's last, unfinished line (in a
     * block of the body: one that opens in lower case is the rest of a
     * note from the page before) */
    if (capital != ODIHRX_NONE && capital > l && !starts_lowercase(doc, o) &&
        goes_on_overleaf(sg, page_end))
        l = capital;
    if (!wide || (l == o->line && i - l >= MOST_LINES))
        return ODIHRX_NONE;
    /* a whole block: after the note before it, or a block that began
     * after the note's marker and holds none (a body paragraph holding
     * markers is the body, and its note follows after the blank line) */
    if (l == o->line && !after_note && (sg->para_markers < w || sg->marker_seen > sg->para_markers))
        return ODIHRX_NONE;
    /* no marker of this note or of a later one seen so far is in its text:
     * such a line is the body's */
    for (uint32_t k = l; k < i; k++) {
        const char *t = odihrx_line_ptr(doc, k);
        uint32_t end, n = odihrx_line_len(doc, k);
        for (uint32_t v = w; v <= sg->marker_seen && v < w + 16; v++)
            if (glued_marker(t, n, 0, v, 0, true, &end) < n)
                return ODIHRX_NONE;
    }
    return l;
}

/* Counts the markers of a line of body text; true when one opens the
 * line (its sentence is on the line above). */
static bool note_markers(seg *sg, const char *s, uint32_t n, unsigned char line_before)
{
    uint32_t k = skip_spaces(s, n, 0);
    uint32_t v = number_alone(s, n);
    if (v && v == sg->marker_seen + 1) {
        sg->marker_seen++; /* a marker alone on its line */
        return true;
    }
    uint32_t at = 0, end, value;
    bool opens = false;
    while ((at = next_marker(s, n, at, sg->marker_seen + 1, line_before, &end, &value)) < n) {
        opens = opens || at == k;
        sg->marker_seen = value;
        at = end;
    }
    return opens;
}

/* Is raw block b set in the small type of footnotes: its lines longer
 * than body lines (pdftotext keeps the width of the smaller type), all
 * but the last one, which may stop short? One long line in a body
 * paragraph (a table run into the text) is not enough. */
static bool footnote_width(const seg *sg, const raw *b)
{
    uint32_t wide = 0;
    for (uint32_t l = b->line; l <= b->line_last; l++)
        wide += (uint64_t)odihrx_line_len(sg->doc, l) * 10 >= (uint64_t)sg->median_width * 13;
    return wide > 0 && wide >= b->line_last - b->line;
}

/* The footnote that ended the previous page goes on in the last block of
 * this page's text, which stands right before the page's first numbered
 * note (before_note) or at the foot of a page without one: that block is
 * the rest of the footnote when it is set in footnote width, or when it is
 * at most two lines that carry on the unfinished note in lowercase. */
/* Is block b set apart, a blank line above it and the next note below?
 * Such a rest of a note may be longer (a word processor's PDF: "proper,
 * membership of ..." / "... election." / "11 Article 190 ...", or "11" on
 * its own line). */
static bool set_apart(const seg *sg, const raw *b)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t below = b->line_last + 1;
    while (below < doc->nlines && below <= b->line_last + 2 &&
           blank(odihrx_line_ptr(doc, below), odihrx_line_len(doc, below)))
        below++;
    return b->line > 0 && below < doc->nlines &&
           blank(odihrx_line_ptr(doc, b->line - 1), odihrx_line_len(doc, b->line - 1)) &&
           note_opens_at(doc, below, sg->fn_expected);
}

static void continue_footnote(seg *sg, bool before_note)
{
    if (sg->fn_pending == ODIHRX_NONE || sg->nr == 0)
        return;
    uint32_t bi = sg->nr - 1;
    raw *b = &sg->r[bi];
    if (b->kind != ODIHRX_BLOCK_PARA || b->part || bi <= sg->page_raw)
        return;
    /* at the foot of a page the footnote area follows a body paragraph */
    if (!before_note && (bi == sg->page_raw + 1 || sg->r[bi - 1].kind != ODIHRX_BLOCK_PARA))
        return;
    const raw *tail = &sg->r[sg->r[sg->fn_pending].tail];
    bool unfinished = !ends_sentence(sg->doc, tail);
    bool lower = starts_lowercase(sg->doc, b);
    if (!(unfinished || lower))
        return;
    if (!footnote_width(sg, b) &&
        !(before_note && unfinished && lower && b->line_last - b->line < (set_apart(sg, b) ? 8 : 2)))
        return;
    b->kind = ODIHRX_BLOCK_FOOTNOTE;
    append_part(sg, sg->fn_pending, bi);
    sg->marker_seen = sg->para_markers;
    sg->fn_pending = ODIHRX_NONE;
}

/* The note's lines [from, last] off the end of the open paragraph: a raw
 * of their own (NONE when out of memory). */
static uint32_t split_off(seg *sg, uint32_t open, uint32_t from, uint32_t last)
{
    const odihrx_doc *doc = sg->doc;
    raw *o = &sg->r[open];
    o->src_end = doc->line_start[from - 1] + odihrx_line_len(doc, from - 1);
    o->line_last = from - 1;
    const char *t = odihrx_line_ptr(doc, from);
    raw *r = raw_add(sg, ODIHRX_BLOCK_PARA, from,
                     doc->line_start[from] + skip_spaces(t, odihrx_line_len(doc, from), 0),
                     doc->line_start[last] + odihrx_line_len(doc, last));
    if (!r)
        return ODIHRX_NONE;
    r->line_last = last;
    return sg->nr - 1;
}

/* Makes raw r the note numbered v, the latest note. */
static void make_note(seg *sg, uint32_t r, uint32_t v)
{
    sg->r[r].kind = ODIHRX_BLOCK_FOOTNOTE;
    sg->r[r].number = v;
    sg->fn_expected = v + 1;
    sg->fn_head = r;
}

/* Line i (of kind lk, text from content) in the light of a note's number
 * that pdftotext set on a line of its own, next to its text rather than
 * before it on the same line: the rest of such a note, its text after its
 * number, or the number itself below or above its text. next_page: the
 * index of the next page in doc->page_start. *open is the block that
 * lines go on with. 1 if the line was taken, 2 if the next one was too,
 * 0 if neither, -1 when out of memory. */
static int note_number_lines(seg *sg, uint32_t i, line_kind lk, uint32_t content,
                             uint32_t next_page, uint32_t *open)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t base = doc->line_start[i], n = odihrx_line_len(doc, i);
    /* the rest of a note whose number stood below its first line */
    if (sg->note_rest != ODIHRX_NONE) {
        uint32_t head = sg->note_rest;
        sg->note_rest = ODIHRX_NONE;
        raw probe = {.src = base + content, .src_end = base + n};
        if (lk == L_TEXT && starts_lowercase(doc, &probe)) {
            if (!raw_add(sg, ODIHRX_BLOCK_FOOTNOTE, i, base + content, base + n))
                return -1;
            append_part(sg, head, sg->nr - 1);
            *open = sg->nr - 1;
            return 1;
        }
    }
    /* a note whose number stood apart above it: its text */
    if (sg->note_next) {
        continue_footnote(sg, true);
        sg->fn_pending = ODIHRX_NONE;
        if (!raw_add(sg, ODIHRX_BLOCK_FOOTNOTE, i, base + content, base + n))
            return -1;
        make_note(sg, sg->nr - 1, sg->note_next);
        sg->note_next = 0;
        *open = sg->nr - 1;
        return 1;
    }
    bool split = false;
    uint32_t below = note_number_below(sg, i, *open, &split);
    if (below) {
        continue_footnote(sg, true);
        sg->fn_pending = ODIHRX_NONE;
        uint32_t r = split ? split_off(sg, *open, i - 1, i - 1) : *open;
        if (r == ODIHRX_NONE)
            return -1;
        make_note(sg, r, below);
        sg->note_rest = r;
        *open = ODIHRX_NONE;
        return 1;
    }
    uint32_t page_end = next_page < doc->npages ? doc->page_start[next_page] : doc->nlines;
    uint32_t apart = note_number_apart(sg, i, page_end);
    uint32_t from = apart ? note_text_above(sg, i, *open, apart, page_end) : ODIHRX_NONE;
    if (from != ODIHRX_NONE) {
        continue_footnote(sg, true);
        sg->fn_pending = ODIHRX_NONE;
        uint32_t r = from > sg->r[*open].line ? split_off(sg, *open, from, i - 1) : *open;
        if (r == ODIHRX_NONE)
            return -1;
        make_note(sg, r, apart);
        *open = ODIHRX_NONE;
        return 1;
    }
    /* else its text may follow after the blank line: a line of text of
     * body width (a table's cells, "47" / "" / "27", are no note and stay
     * as they are) */
    if (apart && i + 2 < doc->nlines && i + 2 < page_end && !sg->furniture[i + 2] &&
        !sg->tables.row_at[i + 2] && wide_line(sg, i + 2) && starts_body_text(doc, i + 2)) {
        sg->note_next = apart;
        *open = ODIHRX_NONE;
        return 1;
    }
    uint32_t alone = lone_note_number(sg, i, *open);
    if (alone) {
        continue_footnote(sg, true);
        sg->fn_pending = ODIHRX_NONE;
        const char *t = odihrx_line_ptr(doc, i + 1);
        uint32_t tn = odihrx_line_len(doc, i + 1);
        if (!raw_add(sg, ODIHRX_BLOCK_FOOTNOTE, i + 1,
                     doc->line_start[i + 1] + skip_spaces(t, tn, 0), doc->line_start[i + 1] + tn))
            return -1;
        make_note(sg, sg->nr - 1, alone);
        *open = sg->nr - 1;
        return 2;
    }
    return 0;
}

/* s[0..n): the text of a topic line ("Election campaign"): short (less
 * than three quarters of the body's width, 60 bytes at most), opening in
 * capitals, no closing punctuation. */
static bool topic_text(const seg *sg, const char *s, uint32_t n)
{
    uint32_t k = skip_spaces(s, n, 0);
    while (n > k && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n - k >= 3 && n - k <= 60 && (uint64_t)n * 4 < (uint64_t)sg->median_width * 3 &&
           opens_in_capital(s, n) && !strchr(".,;:", s[n - 1]);
}

/* Line i, right below item n of the open list with item n + 1 right
 * below it, short, in capitals at its start and with no closing
 * punctuation ("... clear legal grounds" / "Election campaign" / "17. To
 * comply ..."): the topic of the items that follow, which plain text with
 * no space between paragraphs runs into the item above. */
static bool topic_over_item(const seg *sg, uint32_t i, uint32_t open)
{
    const odihrx_doc *doc = sg->doc;
    const raw *o = &sg->r[open];
    if (o->kind != ODIHRX_BLOCK_LIST_ITEM || !o->number || i + 1 >= doc->nlines || !sg->paged)
        return false;
    return topic_text(sg, odihrx_line_ptr(doc, i), odihrx_line_len(doc, i)) &&
           numbered_item_at(doc, i + 1) == o->number + 1;
}

static odihrx_status collect(seg *sg)
{
    odihrx_doc *doc = sg->doc;
    odihrx_status st0 = measure_width(sg);
    if (st0)
        return st0;
    bool paged = doc->format == ODIHRX_FORMAT_TEXT && doc->npages > 0;
    sg->paged = paged;
    if (paged && ((st0 = find_furniture(sg)) || (st0 = measure_pages(sg)) ||
                  (st0 = odihrx_layout_tables_find(doc, sg->furniture, &sg->tables))))
        return st0;
    sg->fn_expected = 1;
    sg->fn_head = sg->fn_pending = sg->note_rest = ODIHRX_NONE;
    sg->note_next = 0;
    uint32_t next_page = 0, page_from = 0;
    uint32_t page_margin = paged ? measure_margin(sg, 0) : 0;
    uint32_t open = ODIHRX_NONE; /* raw block that text lines continue */
    bool in_toc = false;
    /* Paged text: the heading that following all-capitals lines may still
     * continue ("II. INTRODUCTION AND" / "ACKNOWLEDGMENTS"), and whether it
     * is a chapter number alone on its line, which is a heading only once
     * such a line follows. */
    uint32_t title_open = ODIHRX_NONE;
    bool title_gaps = false; /* blank lines may part its pieces */
    bool row_run = false;        /* previous line was a table row */
    uint32_t caret_note = ODIHRX_NONE; /* a "[^N]:" note further paragraphs may follow */
    uint32_t toc_open = ODIHRX_NONE;   /* a contents entry whose page is on the next line */
    for (uint32_t i = 0; i < doc->nlines; i++) {
        const char *s = odihrx_line_ptr(doc, i);
        uint32_t n = odihrx_line_len(doc, i);
        uint32_t content, number;
        uint8_t level;
        line_kind lk = classify(s, n, page_margin, &content, &number, &level);
        uint32_t base = doc->line_start[i];
        uint32_t markers_at_line = sg->marker_seen;
        if (paged) {
            if (next_page < doc->npages && doc->page_start[next_page] == i) {
                next_page++;
                page_margin = measure_margin(sg, i);
                open = ODIHRX_NONE; /* a page ends every block; joins mend it */
                title_open = ODIHRX_NONE;
                continue_footnote(sg, false);
                /* the page ended with a footnote: it may go on overleaf */
                sg->fn_pending = sg->fn_head != ODIHRX_NONE &&
                                         sg->r[sg->fn_head].tail == sg->nr - 1
                                     ? sg->fn_head
                                     : ODIHRX_NONE;
                sg->page_raw = sg->nr;
                raw *sep = raw_add(sg, 0xFF, i, base, base);
                if (!sep)
                    return raw_failure(sg);
                sep->number = i - page_from; /* lines of the page that ended */
                page_from = i;
            }
            if (sg->furniture[i])
                continue;
            if (sg->tables.row_at[i]) {
                /* a line of a table printed as columns: its row stands at
                 * its first line; markers in cells are counted as in text */
                note_markers(sg, s, n, 0);
                const odihrx_table_row *tr = &sg->tables.rows[sg->tables.row_at[i] - 1];
                if (tr->line == i) {
                    raw *r = raw_add(sg, ODIHRX_BLOCK_TABLE_ROW, i, base, base);
                    if (!r)
                        return raw_failure(sg);
                    r->line_last = tr->line_last;
                    r->row = sg->tables.row_at[i];
                    if (tr->group_start)
                        r->flags |= ODIHRX_BF_GROUP_START;
                }
                open = title_open = ODIHRX_NONE;
                row_run = false;
                continue;
            }
            /* contents lines before the titles they look like ("ANNEX II: ...") */
            int in_contents = contents_line(sg, i, lk, &in_toc, &toc_open);
            if (in_contents < 0)
                return raw_failure(sg);
            if (in_contents) {
                open = title_open = ODIHRX_NONE;
                row_run = false;
                continue;
            }
            int noted = lk != L_BLANK ? note_number_lines(sg, i, lk, content, next_page, &open) : 0;
            if (noted < 0)
                return raw_failure(sg);
            if (noted) {
                row_run = false;
                i = noted == 2 ? i + 1 : i;
                continue;
            }
            uint32_t fc;
            if (lk != L_BLANK && footnote_body_line(sg, s, n, &fc) &&
                (open == ODIHRX_NONE || sg->r[open].kind == ODIHRX_BLOCK_FOOTNOTE ||
                 (i > 0 && blank(odihrx_line_ptr(doc, i - 1), odihrx_line_len(doc, i - 1))) ||
                 (uint64_t)n * 10 >= (uint64_t)sg->median_width * 13 ||
                 footnote_area_from(sg, i))) {
                continue_footnote(sg, true);
                sg->fn_pending = ODIHRX_NONE;
                raw *r = raw_add(sg, ODIHRX_BLOCK_FOOTNOTE, i, base + fc, base + n);
                if (!r)
                    return raw_failure(sg);
                r->number = sg->fn_expected++;
                open = sg->fn_head = sg->nr - 1;
                row_run = false;
                continue;
            }
            if (lk == L_TEXT && (open == ODIHRX_NONE || sg->r[open].kind != ODIHRX_BLOCK_FOOTNOTE)) {
                bool opens = note_markers(
                    sg, s, n, open != ODIHRX_NONE ? last_byte_of_line(doc, i - 1) : 0);
                /* a marker pushed onto a line of its own, or to the start of
                 * the next line, belongs to the text above */
                if (opens && open != ODIHRX_NONE && sg->r[open].kind == ODIHRX_BLOCK_PARA) {
                    sg->r[open].src_end = base + n;
                    sg->r[open].line_last = i;
                    continue;
                }
            }
            /* A justified title that the converter broke into pieces: the
             * words go on on the next lines, in capitals, perhaps with blank
             * lines between them (pdftotext without -layout even prints the
             * chapter number alone and the words out of order). */
            /* after a title with words of its own the rest follows at once
             * (an unnumbered subheading after a blank line is no piece) */
            if (title_open != ODIHRX_NONE && lk == L_BLANK && !title_gaps) {
                if (i + 1 < doc->nlines && title_goes_on(sg, &sg->r[title_open], i + 1))
                    sg->r[title_open].columns = true; /* pieces parted by blank lines */
                else
                    title_open = ODIHRX_NONE;
            }
            if (title_open != ODIHRX_NONE && lk != L_BLANK) {
                raw *t = &sg->r[title_open];
                bool leader = leader_piece(s, n);
                bool more = lk == L_TEXT && !leader && n - content <= 100 &&
                            base + n - t->src <= 200 && all_upper_words(s, n) &&
                            upper_letters(s + content, n - content) >= 2 &&
                            !title_line(sg, i, s, n, content);
                if (more) {
                    t->kind = ODIHRX_BLOCK_HEADING;
                    t->src_end = base + n;
                    t->line_last = i;
                    t->columns = t->columns || title_gaps;
                    continue;
                }
                /* pieces that run into a dotted leader are a contents entry */
                if (leader)
                    t->kind = ODIHRX_BLOCK_PARA;
                title_open = ODIHRX_NONE;
            }
            /* a chapter number alone ("XII."), a heading if words follow */
            if (lk == L_TEXT && chapter_number_alone(s + content, n - content)) {
                raw *r = raw_add(sg, ODIHRX_BLOCK_PARA, i, base + content, base + n);
                if (!r)
                    return raw_failure(sg);
                open = title_open = sg->nr - 1;
                title_gaps = true;
                row_run = false;
                continue;
            }
            /* a chapter title on a line of its own, with text right below;
             * or an unnumbered one ("ABOUT ODIHR"), which sections makes
             * back matter after the annexes and a subheading elsewhere */
            if (lk == L_TEXT && (title_line(sg, i, s, n, content) ||
                                 ((open == ODIHRX_NONE || listed_whole(sg, s + content, n - content)) &&
                                  unnumbered_title(sg, i, s, n, content)) ||
                                 subheading_line(sg, open, i, s, n, content, true, false))) {
                raw *r = raw_add(sg, ODIHRX_BLOCK_HEADING, i, base + content, base + n);
                if (!r)
                    return raw_failure(sg);
                open = ODIHRX_NONE;
                title_open = sg->nr - 1;
                title_gaps = false;
                row_run = false;
                continue;
            }
        }
        /* "2021. The next sentence" in a wrapped paragraph is not item 2021:
         * large numbers start an item only after a blank line or an item */
        if (lk == L_ITEM && number >= 1000 && open != ODIHRX_NONE &&
            sg->r[open].kind != ODIHRX_BLOCK_LIST_ITEM) {
            lk = L_TEXT;
            content = 0;
        }
        int in_contents = contents_line(sg, i, lk, &in_toc, &toc_open);
        if (in_contents < 0)
            return raw_failure(sg);
        if (in_contents) {
            open = ODIHRX_NONE;
            continue;
        }
        if (in_toc && lk != L_BLANK)
            in_toc = false;
        if (lk == L_BLANK || lk == L_RULE) {
            open = ODIHRX_NONE;
            if (lk == L_RULE)
                row_run = false;
            else if (row_run && i + 1 < doc->nlines) {
                /* a blank line ends a table */
                row_run = false;
            }
            if (lk == L_RULE && !raw_add(sg, 0xFF, i, base, base))
                return raw_failure(sg);
            continue;
        }
        /* pandoc indents the further paragraphs of a "[^N]:" note by four
         * spaces; they are the note's, not the body's */
        if (caret_note != ODIHRX_NONE && open == ODIHRX_NONE) {
            uint32_t indent = skip_spaces(s, n, 0);
            if (lk == L_TEXT && indent >= 4) {
                if (!raw_add(sg, ODIHRX_BLOCK_FOOTNOTE, i, base + indent, base + n))
                    return raw_failure(sg);
                append_part(sg, caret_note, sg->nr - 1);
                open = sg->nr - 1;
                continue;
            }
            caret_note = ODIHRX_NONE;
        }
        if (lk == L_TEXT && open != ODIHRX_NONE && topic_over_item(sg, i, open))
            open = ODIHRX_NONE; /* a paragraph of its own, the topic of the items below */
        if (lk == L_TEXT && open != ODIHRX_NONE && continues(sg, open, s, n, content)) {
            raw *o = &sg->r[open];
            if ((size_t)(base + n - o->src) <= ODIHRX_MAX_BLOCK_BYTES) {
                o->src_end = base + n;
                o->line_last = i;
                continue;
            }
            /* a paragraph past the limit goes on in a new one, nothing is lost */
            odihrx_status st = odihrx_diag_add(doc, ODIHRX_WARNING, "limit-block", i,
                                               "paragraph longer than %u bytes; it is split here",
                                               ODIHRX_MAX_BLOCK_BYTES);
            if (st)
                return st;
            lk = L_TEXT;
            open = ODIHRX_NONE;
        }

        raw *r;
        switch (lk) {
        case L_HEADING:
            r = raw_add(sg, ODIHRX_BLOCK_HEADING, i, base + content, base + n);
            if (r) {
                r->level = level;
                if (toc_heading(sg, r)) {
                    in_toc = true;
                    r->kind = ODIHRX_BLOCK_TOC_ENTRY;
                    r->flags |= ODIHRX_BF_TITLE;
                }
            }
            open = ODIHRX_NONE;
            break;
        case L_FOOTNOTE:
            r = raw_add(sg, ODIHRX_BLOCK_FOOTNOTE, i, base + content, base + n);
            if (r)
                r->number = number;
            open = sg->nr - 1;
            caret_note = s[skip_spaces(s, n, 0)] == '[' ? open : ODIHRX_NONE;
            break;
        case L_ITEM:
        case L_BULLET:
            r = raw_add(sg, ODIHRX_BLOCK_LIST_ITEM, i, base + content, base + n);
            if (r) {
                r->number = number;
                r->level = level;
                if (lk == L_BULLET)
                    r->flags |= ODIHRX_BF_BULLET;
            }
            open = sg->nr - 1;
            break;
        case L_ROW:
            r = raw_add(sg, ODIHRX_BLOCK_TABLE_ROW, i, base, base + n);
            if (r && !row_run)
                r->flags |= ODIHRX_BF_GROUP_START;
            open = ODIHRX_NONE;
            break;
        default:
            r = add_long_line(sg, i, base + content, base + n);
            open = sg->nr - 1;
            sg->para_markers = markers_at_line;
            break;
        }
        if (!r)
            return raw_failure(sg);
        row_run = lk == L_ROW;
    }
    if (sg->paged)
        continue_footnote(sg, false);
    return ODIHRX_OK;
}

/* ------------------------------------------------------- number columns */

/* pdfminer (and the tools built on it) takes the hanging numbers of a list
 * for a column of their own: "1." / "2." / "3." each alone, then the texts
 * of the items run together in one block, or several where a page or a
 * blank line parts them. The count of numbers says how many items the text
 * holds; they end where a sentence ends a block, or else at the shortest
 * lines that end a sentence before a capital (the last line of a justified
 * paragraph stops short). */

/* "12." alone on its line: the number of such an item, else 0. */
static uint32_t lone_number(const seg *sg, const raw *r)
{
    if (r->kind != ODIHRX_BLOCK_PARA || r->part || r->next != ODIHRX_NONE || r->line != r->line_last)
        return 0;
    return bare_item_number(sg->doc->text + r->src, r->src_end - r->src);
}

/* A place where an item may end: after line `line` of the text raw
 * texts[t]. */
typedef struct item_end {
    uint32_t t, line;
    uint32_t rank; /* 0: a block ends there; 1: a body paragraph opens after it; else
                      the line's length + 2 */
} item_end;

/* The text of line l of raw r, within the raw's range. */
static raw raw_line(const seg *sg, const raw *r, uint32_t l)
{
    const odihrx_doc *doc = sg->doc;
    raw piece = *r;
    piece.src = l == r->line ? r->src : doc->line_start[l];
    piece.src_end = l == r->line_last ? r->src_end : doc->line_start[l] + odihrx_line_len(doc, l);
    piece.line = piece.line_last = l;
    piece.next = ODIHRX_NONE;
    return piece;
}

static int cmp_place(const item_end *x, const item_end *y)
{
    return x->t != y->t ? (x->t < y->t ? -1 : 1) : (x->line > y->line) - (x->line < y->line);
}

static int cmp_item_end_rank(const void *a, const void *b)
{
    const item_end *x = a, *y = b;
    return x->rank != y->rank ? (x->rank < y->rank ? -1 : 1) : cmp_place(x, y);
}

static int cmp_item_end_place(const void *a, const void *b)
{
    return cmp_place(a, b);
}

/* Adds the lines [from, to] of raw t to the item whose head is h (the
 * head itself takes its first piece). */
static odihrx_status item_piece(seg *sg, uint32_t h, bool first, uint32_t t, uint32_t from,
                                uint32_t to)
{
    raw a = raw_line(sg, &sg->r[t], from), b = raw_line(sg, &sg->r[t], to);
    if (first) {
        raw *head = &sg->r[h];
        head->kind = ODIHRX_BLOCK_LIST_ITEM;
        head->line = from;
        head->line_last = to;
        head->src = a.src;
        head->src_end = b.src_end;
        head->tail = h;
        return ODIHRX_OK;
    }
    if (!raw_add(sg, ODIHRX_BLOCK_LIST_ITEM, from, a.src, b.src_end))
        return ODIHRX_ERR_NOMEM;
    uint32_t pi = sg->nr - 1;
    sg->r[pi].line_last = to;
    sg->r[pi].part = true;
    sg->r[sg->r[h].tail].next = pi;
    sg->r[h].tail = pi;
    return ODIHRX_OK;
}

/* The items of the numbers r[i, i + count), first number v, from the text
 * raws texts[0, ntexts); ends holds at least count places, the text's own
 * end last and the others best first. The numbers from `later` on stand
 * in r[later_at, ...) instead: a column printed after the texts. */
static odihrx_status split_items(seg *sg, uint32_t i, uint32_t count, uint32_t later,
                                 uint32_t later_at, uint32_t v, const uint32_t *texts,
                                 uint32_t ntexts, item_end *ends, uint32_t nends)
{
    ends[count - 1] = ends[nends - 1];
    qsort(ends, count - 1, sizeof *ends, cmp_item_end_place);
    uint32_t t = 0, line = sg->r[texts[0]].line;
    for (uint32_t k = 0; k < count; k++) {
        uint32_t h = k < later ? i + k : later_at + (k - later);
        sg->r[h].number = v + k;
        for (bool first = true;; first = false) {
            const raw *r = &sg->r[texts[t]];
            bool here = t == ends[k].t;
            uint32_t last = here ? ends[k].line : r->line_last;
            odihrx_status st = item_piece(sg, h, first, texts[t], line, last);
            if (st)
                return st;
            if (here && last < sg->r[texts[t]].line_last) {
                line = last + 1;
                break;
            }
            if (++t < ntexts)
                line = sg->r[texts[t]].line;
            if (here)
                break;
        }
    }
    for (uint32_t k = 0; k < ntexts; k++)
        sg->r[texts[k]].part = true; /* their text is the items' now */
    return ODIHRX_OK;
}

/* The opening of a text: its first 40 letters and digits, ASCII folded,
 * hashed; 0 when it has fewer than 24 (too short to tell texts apart).
 * Markup and punctuation are skipped, so an italic copy ("*The law ...")
 * opens as the text does. */
static uint64_t opening_hash(const char *s, uint32_t n)
{
    uint64_t h = ODIHRX_FNV1A_START;
    uint32_t taken = 0;
    for (uint32_t k = 0; k < n && taken < 40; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80))
            continue;
        h = odihrx_fnv1a(h, c);
        taken++;
    }
    return taken >= 24 ? (h ? h : 1) : 0;
}

/* The openings of the document's paragraphs, as a set. A report repeats
 * each recommendation in its body: a place in a run-together list where
 * such a paragraph's opening begins is where an item begins. */
typedef struct opening {
    uint64_t h; /* 0: an empty slot */
    uint32_t raw, count; /* the first raw that opens so, and how many do */
} opening;

typedef struct opening_set {
    opening *slot;
    uint32_t mask;
} opening_set;

static opening *opening_slot(const opening_set *o, uint64_t h)
{
    uint32_t k = (uint32_t)h & o->mask;
    while (o->slot[k].h && o->slot[k].h != h)
        k = (k + 1) & o->mask;
    return &o->slot[k];
}

static odihrx_status openings_build(const seg *sg, uint32_t nr, opening_set *o)
{
    uint32_t cap = 16;
    while (cap < 2 * nr + 2 && cap < (1u << 30))
        cap *= 2;
    o->slot = odihrx_malloc(sizeof *o->slot * (size_t)cap);
    if (!o->slot)
        return ODIHRX_ERR_NOMEM;
    memset(o->slot, 0, sizeof *o->slot * (size_t)cap);
    o->mask = cap - 1;
    for (uint32_t i = 0; i < nr; i++) {
        const raw *r = &sg->r[i];
        if (r->kind != ODIHRX_BLOCK_PARA || r->part)
            continue;
        uint64_t h = opening_hash(sg->doc->text + r->src, r->src_end - r->src);
        if (!h)
            continue;
        opening *at = opening_slot(o, h);
        if (!at->h)
            *at = (opening){.h = h, .raw = i};
        at->count++;
    }
    return ODIHRX_OK;
}

/* Does a paragraph outside the raws [first, last] open with text[0..n)? */
static bool opens_elsewhere(const opening_set *o, const char *text, uint32_t n, uint32_t first,
                            uint32_t last)
{
    uint64_t h = opening_hash(text, n);
    if (!h)
        return false;
    const opening *at = opening_slot(o, h);
    return at->h && (at->count > 1 || at->raw < first || at->raw > last);
}

/* A raw the number columns look past: a part joined elsewhere, a page
 * separator, a footnote. */
static bool passed_over(const raw *r)
{
    return r->part || r->kind == 0xFF || r->kind == ODIHRX_BLOCK_FOOTNOTE;
}

/* Does a text raw end where an item may end: a sentence ends it, or what
 * follows (past notes and page breaks) is no lowercase going on of it? */
static bool ends_item(const seg *sg, uint32_t t)
{
    raw last = raw_line(sg, &sg->r[t], sg->r[t].line_last);
    if (ends_sentence(sg->doc, &last))
        return true;
    for (uint32_t k = t + 1; k < sg->nr; k++) {
        const raw *r = &sg->r[k];
        /* (a page's column of numbers may stand inside an item's text) */
        if (passed_over(r) || lone_number(sg, r))
            continue;
        return r->kind != ODIHRX_BLOCK_PARA || !starts_lowercase(sg->doc, r);
    }
    return true;
}

/* The text that goes on with an item past the column of numbers at r[c]
 * (pdfminer prints the next page's column first: "... a mechanism for
 * addressing the" / "10." / "11." / "inclusion in the lists ... to
 * vote." / "The blanket restriction ..."): the raw after the column when
 * it opens in lower case, and in *line the line where the item ends in
 * it. NONE if there is none. */
static uint32_t text_past_column(const seg *sg, uint32_t c, uint32_t nr, uint32_t *line)
{
    const odihrx_doc *doc = sg->doc;
    uint32_t t = c;
    while (t < nr && (passed_over(&sg->r[t]) || lone_number(sg, &sg->r[t])))
        t++;
    if (t == nr || sg->r[t].kind != ODIHRX_BLOCK_PARA || sg->r[t].next != ODIHRX_NONE ||
        !starts_lowercase(doc, &sg->r[t]))
        return ODIHRX_NONE;
    const raw *r = &sg->r[t];
    for (uint32_t l = r->line; l <= r->line_last; l++) {
        raw piece = raw_line(sg, r, l);
        if (ends_sentence(doc, &piece) && (l == r->line_last || starts_body_text(doc, l + 1))) {
            *line = l;
            return t;
        }
    }
    return ODIHRX_NONE;
}

/* Ranks the places where items may end (rank holds the line's length):
 * 0 where a blank line, a page or notes follow (the items' text was
 * printed as one block, so a gap ends an item); 1 where the next line
 * opens as a paragraph of the body does; else 2 + the line's length, as
 * the last line of a justified paragraph stops short. */
static void rank_item_ends(const seg *sg, const opening_set *openings, const uint32_t *texts,
                           uint32_t ntexts, item_end *ends, uint32_t nends)
{
    const odihrx_doc *doc = sg->doc;
    for (uint32_t e = 0; e < nends; e++) {
        const raw *r = &sg->r[texts[ends[e].t]];
        uint32_t l = ends[e].line;
        bool gap = l == r->line_last &&
                   (ends[e].t + 1 >= ntexts || sg->r[texts[ends[e].t + 1]].line > l + 1);
        if (gap) {
            ends[e].rank = 0;
            continue;
        }
        uint32_t from = doc->line_start[l + 1];
        uint32_t n = (uint32_t)(doc->text_len - from < 200 ? doc->text_len - from : 200);
        bool opens = opens_elsewhere(openings, doc->text + from, n, texts[0], texts[ntexts - 1]);
        ends[e].rank = opens ? 1 : ends[e].rank + 2;
    }
}

static odihrx_status number_columns(seg *sg)
{
    const odihrx_doc *doc = sg->doc;
    item_end *ends = NULL;
    uint32_t *texts = NULL;
    uint32_t cap = 0, cap_texts = 0;
    opening_set openings = {0};
    odihrx_status st = ODIHRX_OK;
    uint32_t nr = sg->nr; /* raws added for pieces are parts, never numbers */
    for (uint32_t i = 0; i < nr && !st;) {
        uint32_t v = lone_number(sg, &sg->r[i]);
        if (!v) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < nr && j - i < 200 && lone_number(sg, &sg->r[j]) == v + (j - i))
            j++;
        uint32_t count = j - i, later = count, later_at = j, later_end = j;
        if (!openings.slot && (st = openings_build(sg, nr, &openings)))
            break;
        /* pdfminer prints each page's column before or after that page's
         * texts: a column that goes on with these numbers after the texts,
         * with no text of its own after it, numbers them too */
        uint32_t k = j;
        while (k < nr && k - j < 4 * count + 4 &&
               (passed_over(&sg->r[k]) ||
                (sg->r[k].kind == ODIHRX_BLOCK_PARA && sg->r[k].next == ODIHRX_NONE &&
                 !lone_number(sg, &sg->r[k]))))
            k++;
        if (k > j && k < nr && lone_number(sg, &sg->r[k]) == v + count) {
            uint32_t k2 = k;
            while (k2 < nr && k2 - k < 200 && lone_number(sg, &sg->r[k2]) == v + count + (k2 - k))
                k2++;
            uint32_t after = k2;
            while (after < nr && passed_over(&sg->r[after]))
                after++;
            if (after == nr || sg->r[after].kind != ODIHRX_BLOCK_PARA) {
                later_at = k;
                later_end = k2;
                count += k2 - k;
            }
        }
        /* the text raws after the numbers (past notes and page breaks):
         * the longest run that holds enough places to end the items, up to
         * the blank line that ends the block they were printed in */
        uint32_t nends = 0, ntexts = 0, ok_texts = 0, ok_ends = 0, next = j;
        uint32_t trim = ODIHRX_NONE, trim_line = 0;
        bool closed = true;
        for (uint32_t t = j; t < nr && ntexts < 4 * count + 4 && !st; t++) {
            const raw *r = &sg->r[t];
            if (passed_over(r))
                continue;
            if (t >= later_at && t < later_end)
                break;
            uint32_t past, line;
            if (lone_number(sg, r) && ntexts && !closed && nends + 1 >= count &&
                (past = text_past_column(sg, t, nr, &line)) != ODIHRX_NONE &&
                !(st = odihrx_vec_grow((void **)&texts, &ntexts, &cap_texts, sizeof *texts,
                                       ODIHRX_MAX_BLOCKS)) &&
                !(st = odihrx_vec_grow((void **)&ends, &nends, &cap, sizeof *ends,
                                       ODIHRX_MAX_BLOCKS))) {
                /* the last item goes on past the next page's column */
                texts[ntexts++] = past;
                ends[nends++] = (item_end){.t = ntexts - 1, .line = line, .rank = 0};
                ok_texts = ntexts;
                ok_ends = nends;
                next = t;
                trim = past;
                trim_line = line;
                break;
            }
            if (r->kind != ODIHRX_BLOCK_PARA || r->next != ODIHRX_NONE || lone_number(sg, r))
                break;
            if ((st = odihrx_vec_grow((void **)&texts, &ntexts, &cap_texts, sizeof *texts,
                                      ODIHRX_MAX_BLOCKS)))
                break;
            texts[ntexts++] = t;
            bool closes = ends_item(sg, t);
            closed = closes;
            for (uint32_t l = r->line; l <= r->line_last && !st; l++) {
                raw piece = raw_line(sg, r, l);
                if (l == r->line_last ? !closes
                                      : !ends_sentence(doc, &piece) || !starts_body_text(doc, l + 1))
                    continue;
                if ((st = odihrx_vec_grow((void **)&ends, &nends, &cap, sizeof *ends,
                                          ODIHRX_MAX_BLOCKS)))
                    break;
                ends[nends++] = (item_end){.t = ntexts - 1, .line = l,
                                           .rank = piece.src_end - piece.src};
            }
            if (closes && nends >= count) {
                ok_texts = ntexts;
                ok_ends = nends;
                next = t + 1;
                trim = ODIHRX_NONE;
                if (!(t + 1 < nr && sg->r[t + 1].kind == ODIHRX_BLOCK_PARA &&
                      sg->r[t + 1].line == r->line_last + 1))
                    break;
            }
        }
        if (!st && ok_texts) {
            rank_item_ends(sg, &openings, texts, ok_texts, ends, ok_ends);
            /* the text's own end (the last place) ends the last item; the
             * others are the best places */
            qsort(ends, ok_ends - 1, sizeof *ends, cmp_item_end_rank);
            st = split_items(sg, i, count, later, later_at, v, texts, ok_texts, ends, ok_ends);
            raw *r = trim != ODIHRX_NONE ? &sg->r[trim] : NULL;
            if (!st && r && trim_line < r->line_last) {
                /* the rest of that text is the next column's */
                r->part = false;
                r->line = trim_line + 1;
                r->src = doc->line_start[r->line];
            }
        }
        i = ok_texts ? (later_end > next ? later_end : next) : j;
    }
    odihrx_free(ends);
    odihrx_free(texts);
    odihrx_free(openings.slot);
    return st;
}

/* ------------------------------------------------------------ join pass */

/* Raw i, one short line in capitals at its start with no closing
 * punctuation, right before a numbered item (past page breaks and notes):
 * the topic of the items below it ("Election campaign" / "17. To comply
 * ..."), set apart by a blank line (MuPDF) or a line of its own. */
static bool topic_raw(const seg *sg, uint32_t i)
{
    const raw *r = &sg->r[i];
    if (!sg->paged || r->line != r->line_last || r->next != ODIHRX_NONE)
        return false;
    if (!topic_text(sg, sg->doc->text + r->src, r->src_end - r->src))
        return false;
    for (uint32_t k = i + 1; k < sg->nr && k <= i + 8; k++) {
        const raw *next = &sg->r[k];
        if (passed_over(next))
            continue;
        return next->kind == ODIHRX_BLOCK_LIST_ITEM && next->number != 0 &&
               !(next->flags & ODIHRX_BF_BULLET);
    }
    return false;
}

static odihrx_status join(seg *sg)
{
    odihrx_doc *doc = sg->doc;
    uint32_t last_body = ODIHRX_NONE; /* last paragraph or list item */
    uint32_t last_fn = ODIHRX_NONE;
    bool fn_after_body = false, break_after_body = false, barrier = false;
    /* the page that ended ran to its foot: paged text, and as long as most
     * pages (a page that a chapter or a forced break cut short is not) */
    bool full_page = false;
    for (uint32_t i = 0; i < sg->nr; i++) {
        raw *r = &sg->r[i];
        if (r->part)
            continue; /* a footnote's rest overleaf, joined by collect */
        if (r->kind == 0xFF) { /* page separator */
            break_after_body = true;
            full_page = sg->paged && sg->page_lines &&
                        (uint64_t)r->number * 10 >= (uint64_t)sg->page_lines * 9;
            continue;
        }
        if (r->kind == ODIHRX_BLOCK_PARA && (bold_line(doc, r) || numbered_title(sg, r)))
            r->kind = ODIHRX_BLOCK_HEADING;
        switch (r->kind) {
        case ODIHRX_BLOCK_FOOTNOTE:
            last_fn = i;
            fn_after_body = true;
            break_after_body = true;
            break;
        case ODIHRX_BLOCK_PARA: {
            if (topic_raw(sg, i)) { /* the topic of the items below ends the item above */
                barrier = true;
                fn_after_body = break_after_body = full_page = false;
                break;
            }
            bool lower = starts_lowercase(doc, r);
            bool body_open = last_body != ODIHRX_NONE && !barrier;
            bool body_ends = body_open && ends_sentence(doc, &sg->r[sg->r[last_body].tail]);
            if (lower && fn_after_body && last_fn != ODIHRX_NONE &&
                !ends_sentence(doc, &sg->r[sg->r[last_fn].tail]) && (!body_open || body_ends)) {
                append_part(sg, last_fn, i);
                break;
            }
            /* a page break right after a full line that ends a sentence,
             * at the foot of a full page: the paragraph or item most likely
             * goes on overleaf, as it would have on the same page; unless
             * what stands overleaf is one line that ends no sentence (a
             * subheading such as "Complaints and appeals") */
            bool cut_at_sentence = body_ends && break_after_body && full_page &&
                                   runs_full(sg, last_body) &&
                                   (r->line_last > r->line || ends_sentence(doc, r));
            /* a page break cuts a paragraph after a line of the full
             * width; a short line before it is a piece of its own (a table
             * cell that raw pdftotext printed on a line of its own) */
            bool cut_by_page =
                body_open && break_after_body &&
                (!sg->paged || (uint64_t)last_line_len(sg, last_body) * 2 >= sg->median_width);
            if (body_open && (lower || cut_at_sentence ||
                              (!body_ends && (cut_by_page || (sg->double_spaced &&
                                                              long_last_line(sg, last_body)))))) {
                if (body_ends && lower) {
                    odihrx_status st = odihrx_diag_add(
                        doc, ODIHRX_WARNING, "mid-sentence", r->line,
                        "paragraph starts in the middle of a sentence; joined to the paragraph "
                        "at line %u, whose end may be missing text",
                        sg->r[last_body].line + 1);
                    if (st)
                        return st;
                }
                append_part(sg, last_body, i);
                fn_after_body = break_after_body = full_page = false;
                break;
            }
            if (lower) {
                odihrx_status st =
                    odihrx_diag_add(doc, ODIHRX_WARNING, "mid-sentence", r->line,
                                    "paragraph starts in the middle of a sentence");
                if (st)
                    return st;
            }
            last_body = i;
            barrier = false;
            fn_after_body = break_after_body = full_page = false;
            break;
        }
        case ODIHRX_BLOCK_LIST_ITEM:
            last_body = i;
            barrier = false;
            fn_after_body = break_after_body = full_page = false;
            break;
        default: /* headings, rows and contents end the running paragraph */
            barrier = true;
            fn_after_body = break_after_body = full_page = false;
            break;
        }
    }
    return ODIHRX_OK;
}

/* ----------------------------------------------------------- hyphenation */

/* A word broken at a line end keeps its hyphen in plain text ("elec-" /
 * "tion"), and so does a compound that the line broke at its own hyphen
 * ("long-" / "standing", "COVID-" / "19"). Which one it is comes from the
 * document's own vocabulary: a hash set of its words and hyphenated
 * compounds with their counts, built once in one pass over the text (no
 * external word list, so any language works). Words longer than
 * ODIHRX_MAX_WORD_BYTES are not counted: nothing is lost, such a break
 * only falls back to the default rule. */

typedef struct vocab_entry {
    uint32_t off, len; /* bytes in doc->text; len 0 is an empty slot */
    uint32_t count;
} vocab_entry;

typedef struct vocab {
    vocab_entry *slot;
    uint32_t cap, used; /* cap is a power of two, used <= cap / 2 */
    /* The typesetter's habit, from the breaks that the vocabulary settles:
     * words broken inside (the whole word is the more frequent spelling)
     * and compounds broken at their own hyphen. */
    uint32_t word_breaks, compound_breaks;
} vocab;

/* A line-end break seen while the vocabulary is built: the two halves, as
 * offsets in the text. */
typedef struct line_break {
    uint32_t a, an, b, bn;
} line_break;

/* A piece of a word being looked up: the joined word is two pieces, the
 * hyphenated form three, and they are not contiguous in memory. */
typedef struct piece {
    const char *s;
    uint32_t n;
} piece;

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static uint32_t utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Bytes of the word character at s[k] (letters and digits of any script),
 * or 0 for space, punctuation and symbols. */
static uint32_t word_char(const char *s, uint32_t n, uint32_t k)
{
    unsigned char c = (unsigned char)s[k];
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    /* U+0080..U+00BF (NBSP, «, »), U+2000..U+2FFF (quotes, dashes,
     * arrows), and a continuation byte out of place */
    if (c == 0xC2 || c == 0xE2 || c < 0xC0)
        return 0;
    uint32_t len = utf8_len(c);
    return k + len <= n ? len : 0;
}

/* Bytes to step over a character that is not a word character. */
static uint32_t skip_char(const char *s, uint32_t n, uint32_t k)
{
    uint32_t len = utf8_len((unsigned char)s[k]);
    return k + len <= n ? len : 1;
}

static uint64_t pieces_hash(const piece *p, int np)
{
    uint64_t h = ODIHRX_FNV1A_START;
    for (int i = 0; i < np; i++)
        for (uint32_t k = 0; k < p[i].n; k++)
            h = odihrx_fnv1a(h, fold((unsigned char)p[i].s[k]));
    return h;
}

static bool pieces_equal(const char *w, uint32_t wn, const piece *p, int np)
{
    uint32_t at = 0;
    for (int i = 0; i < np; i++) {
        if (p[i].n > wn - at)
            return false;
        for (uint32_t k = 0; k < p[i].n; k++)
            if (fold((unsigned char)w[at + k]) != fold((unsigned char)p[i].s[k]))
                return false;
        at += p[i].n;
    }
    return at == wn;
}

/* The slot of a word: its entry, or the empty slot where it would go. */
static vocab_entry *vocab_slot(const vocab *v, const char *text, const piece *p, int np)
{
    uint32_t mask = v->cap - 1;
    uint32_t i = (uint32_t)pieces_hash(p, np) & mask;
    while (v->slot[i].len && !pieces_equal(text + v->slot[i].off, v->slot[i].len, p, np))
        i = (i + 1) & mask;
    return &v->slot[i];
}

static uint32_t vocab_count(const vocab *v, const char *text, const piece *p, int np)
{
    uint32_t len = 0;
    for (int i = 0; i < np; i++)
        len += p[i].n;
    if (v->cap == 0 || len == 0 || len > ODIHRX_MAX_WORD_BYTES)
        return 0; /* (a text whose every word is broken has no vocabulary) */
    return vocab_slot(v, text, p, np)->count;
}

static odihrx_status vocab_add(vocab *v, const char *text, uint32_t off, uint32_t len)
{
    if (len == 0 || len > ODIHRX_MAX_WORD_BYTES)
        return ODIHRX_OK;
    if (v->used + 1 > v->cap / 2) {
        /* double the table; at most one slot per word of the text */
        uint32_t cap = v->cap ? v->cap * 2 : 1024;
        vocab_entry *slot = cap > v->cap ? odihrx_malloc(sizeof *slot * (size_t)cap) : NULL;
        if (!slot)
            return ODIHRX_ERR_NOMEM;
        memset(slot, 0, sizeof *slot * (size_t)cap);
        vocab old = *v;
        v->slot = slot;
        v->cap = cap;
        for (uint32_t i = 0; i < old.cap; i++) {
            if (!old.slot[i].len)
                continue;
            piece w = {text + old.slot[i].off, old.slot[i].len};
            *vocab_slot(v, text, &w, 1) = old.slot[i];
        }
        odihrx_free(old.slot);
    }
    piece w = {text + off, len};
    vocab_entry *e = vocab_slot(v, text, &w, 1);
    if (!e->len) {
        e->off = off;
        e->len = len;
        v->used++;
    }
    e->count++;
    return ODIHRX_OK;
}

/* After a hyphen at k: spaces, a line end, spaces. Where the next line's
 * text starts, or 0 when the hyphen does not end its line. */
static uint32_t after_line_break(const char *s, uint32_t n, uint32_t k)
{
    k = skip_spaces(s, n, k + 1);
    if (k >= n || s[k] != '\n')
        return 0;
    return skip_spaces(s, n, k + 1);
}

/* One pass over the whole text: every word, every part of a compound and
 * every compound ("long-standing") is counted; the two halves of a word
 * broken at a line end are not words of their own and are left out, but
 * they are noted in *breaks for vocab_learn_habit. */
static odihrx_status vocab_scan(vocab *v, const char *s, uint32_t n, line_break **breaks,
                                uint32_t *nbreaks, uint32_t *capbreaks)
{
    bool continuation = false; /* the next word is the rest of a broken one */
    uint32_t k = 0;
    while (k < n) {
        uint32_t wl = word_char(s, n, k);
        if (!wl) {
            k += skip_char(s, n, k);
            continue;
        }
        uint32_t start = k, part = k;
        bool first = true, compound = false;
        odihrx_status st;
        for (;;) {
            while (k < n && (wl = word_char(s, n, k)) != 0)
                k += wl;
            if (k + 1 < n && s[k] == '-' && word_char(s, n, k + 1)) {
                if (!(first && continuation) && (st = vocab_add(v, s, part, k - part)))
                    return st;
                first = false;
                compound = true;
                part = ++k;
                continue;
            }
            break;
        }
        uint32_t next = k < n && s[k] == '-' ? after_line_break(s, n, k) : 0;
        bool broken = next != 0;
        if (broken && next < n && word_char(s, n, next)) {
            uint32_t b = next, bl;
            while (b < n && (bl = word_char(s, n, b)) != 0)
                b += bl;
            if ((st = odihrx_vec_grow((void **)breaks, nbreaks, capbreaks, sizeof **breaks,
                                      UINT32_MAX - 1)))
                return st;
            (*breaks)[(*nbreaks)++] = (line_break){part, k - part, next, b - next};
        }
        if (!broken && !(first && continuation) && (st = vocab_add(v, s, part, k - part)))
            return st;
        if (compound && !broken && !continuation && (st = vocab_add(v, s, start, k - start)))
            return st;
        continuation = broken;
    }
    return ODIHRX_OK;
}

/* How often the document spells the halves of a break elsewhere as one
 * word (*joined) and as a hyphenated compound (*compound). */
static void spellings(const vocab *v, const char *text, piece first, piece second,
                      uint32_t *joined, uint32_t *compound)
{
    static const char hyphen[] = "-";
    piece whole[2] = {first, second};
    piece hyphenated[3] = {first, {hyphen, 1}, second};
    *joined = vocab_count(v, text, whole, 2);
    *compound = vocab_count(v, text, hyphenated, 3);
}

/* The typesetter's habit: of the line-end breaks whose word the document
 * spells elsewhere, how many cut a word and how many a compound at its
 * own hyphen. */
static void vocab_learn_habit(vocab *v, const char *text, const line_break *br, uint32_t nbr)
{
    for (uint32_t i = 0; i < nbr; i++) {
        uint32_t j, h;
        spellings(v, text, (piece){text + br[i].a, br[i].an}, (piece){text + br[i].b, br[i].bn},
                  &j, &h);
        v->word_breaks += j > h;
        v->compound_breaks += h > 0 && h >= j;
    }
}

static odihrx_status vocab_build(vocab *v, const char *s, uint32_t n)
{
    line_break *breaks = NULL;
    uint32_t nbreaks = 0, capbreaks = 0;
    odihrx_status st = vocab_scan(v, s, n, &breaks, &nbreaks, &capbreaks);
    if (!st)
        vocab_learn_habit(v, s, breaks, nbreaks);
    odihrx_free(breaks);
    return st;
}

/* Keep the hyphen of "first-" / "second" (a compound broken at its own
 * hyphen) or drop it (a word the line end cut in two)? */
static bool keep_hyphen(const vocab *v, const char *text, piece first, piece second)
{
    uint32_t j, h;
    spellings(v, text, first, second, &j, &h);
    /* the document spells the word elsewhere: the more frequent spelling */
    if (j > h)
        return false;
    if (h > 0)
        return true;
    /* "COVID-" / "19", "anti-" / "Semitism": a number or a name goes on */
    unsigned char c = (unsigned char)second.s[0];
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
        return true;
    if (c == 0xD0 && second.n > 1 && (unsigned char)second.s[1] < 0xB0)
        return true; /* Cyrillic capital */
    /* Neither spelling occurs elsewhere: the word is rare in this document.
     * A typesetter that does not hyphenate words breaks lines only at the
     * hyphens of compounds: when the breaks the vocabulary settles are
     * compounds, at least three and four times as many as words cut
     * inside, this one is a compound too ("mask-" / "wearing", neither
     * half a word elsewhere). With no such evidence, or where words are
     * hyphenated ("elec-" / "tion" elsewhere), the default follows. */
    if (v->compound_breaks >= 3 && v->word_breaks * 4 < v->compound_breaks)
        return true;
    /* Default: keep the hyphen when either half is a word of the document
     * (alone or in another compound: "Internet-" / "based", "non-" /
     * "authorized" after "non-registered"); join only when both halves are
     * fragments that occur nowhere else ("parlia-" / "mentary"). Frequent
     * words broken by soft hyphenation are mended by the rules above; a
     * wrong join would hide a compound, a kept hyphen loses nothing. */
    return vocab_count(v, text, &first, 1) > 0 || vocab_count(v, text, &second, 1) > 0;
}

/* Mend the words that plain text breaks at line ends inside one block's
 * text: "elec-\n   tion" becomes "election", "long-\n standing" becomes
 * "long-standing". Builds the vocabulary on first need. */
static odihrx_status mend_hyphens(seg *sg, odihrx_buf *src, odihrx_buf *tmp)
{
    const char *s = src->data;
    uint32_t n = (uint32_t)src->size;
    uint32_t copied = 0;
    bool any = false;
    odihrx_status st;
    for (uint32_t k = 1; k + 1 < n; k++) {
        if (s[k] != '-')
            continue;
        uint32_t next = after_line_break(s, n, k);
        if (!next || next >= n || !word_char(s, n, next) ||
            ((unsigned char)s[k - 1] < 0x80 && !word_char(s, n, k - 1)))
            continue;
        /* the halves: the word characters on each side of the break */
        uint32_t a = k;
        while (a > copied && k - a < ODIHRX_MAX_WORD_BYTES &&
               ((unsigned char)s[a - 1] >= 0x80 || word_char(s, n, a - 1)))
            a--;
        for (uint32_t t = a, wl; t < k; t += wl) { /* no punctuation in the half */
            if (!(wl = word_char(s, n, t))) {
                wl = skip_char(s, n, t);
                a = t + wl;
            }
        }
        if (a >= k)
            continue;
        uint32_t b = next, wl;
        while (b < n && (wl = word_char(s, n, b)) != 0)
            b += wl;
        if (!sg->vocab) {
            sg->vocab = odihrx_malloc(sizeof *sg->vocab);
            if (!sg->vocab)
                return ODIHRX_ERR_NOMEM;
            memset(sg->vocab, 0, sizeof *sg->vocab);
            if ((st = vocab_build(sg->vocab, sg->doc->text, (uint32_t)sg->doc->text_len)))
                return st;
        }
        if (!any)
            odihrx_buf_clear(tmp);
        any = true;
        bool keep = keep_hyphen(sg->vocab, sg->doc->text, (piece){s + a, k - a},
                                (piece){s + next, b - next});
        if ((st = odihrx_buf_append(tmp, s + copied, k + keep - copied)))
            return st;
        copied = next;
        k = next;
    }
    if (!any)
        return ODIHRX_OK;
    if ((st = odihrx_buf_append(tmp, s + copied, n - copied)))
        return st;
    odihrx_buf_clear(src);
    return odihrx_buf_append(src, tmp->data, tmp->size);
}

static void vocab_free(vocab *v)
{
    if (v)
        odihrx_free(v->slot);
    odihrx_free(v);
}

/* ----------------------------------------------------------- emit blocks */

/* The last number v in s[from, to) glued to a number's full stop and
 * followed by a space or a line end ("annulled the results in 4.51"): a
 * marker that read as a decimal, once the next marker shows it was one.
 * Returns where its digits start and sets *end; to if there is none. */
static uint32_t decimal_marker(const char *s, uint32_t from, uint32_t to, uint32_t v,
                               uint32_t *end)
{
    uint32_t found = to;
    for (uint32_t k = from; k < to; k++) {
        if (s[k] < '0' || s[k] > '9' || (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9'))
            continue;
        uint32_t e = k, x = 0;
        while (e < to && s[e] >= '0' && s[e] <= '9' && e - k < 6)
            x = x * 10 + (uint32_t)(s[e++] - '0');
        if (x == v && k >= 2 && s[k - 1] == '.' && s[k - 2] >= '0' && s[k - 2] <= '9' &&
            (e == to || s[e] == ' ' || s[e] == '\n')) {
            found = k;
            *end = e;
        }
        k = e - 1;
    }
    return found;
}

/* Paged plain text prints footnote markers as digits glued to the word
 * before them; in document order they count up from 1, which tells them
 * from numbers. They become <sup>N</sup> for the inline parser. */
static odihrx_status mark_glued_markers(seg *sg, odihrx_buf *src, odihrx_buf *tmp)
{
    if (src->size == 0)
        return ODIHRX_OK;
    odihrx_buf_clear(tmp);
    uint32_t at = 0, copied = 0, end, value;
    uint32_t n = (uint32_t)src->size;
    bool any = false;
    while ((at = next_marker(src->data, n, at, sg->marker_next + 1, 0, &end, &value)) < n) {
        if (value == sg->marker_next + 2) {
            /* the one passed over stands in this paragraph as a decimal */
            uint32_t lost_end = 0, lost = decimal_marker(src->data, copied, at, value - 1, &lost_end);
            if (lost < at) {
                char sup[32];
                int sl = snprintf(sup, sizeof sup, "<sup>%u</sup>", value - 1);
                if (odihrx_buf_append(tmp, src->data + copied, lost - copied) ||
                    odihrx_buf_append(tmp, sup, (size_t)sl))
                    return ODIHRX_ERR_NOMEM;
                copied = lost_end;
                any = true;
            }
        }
        char sup[32];
        int sl = snprintf(sup, sizeof sup, "<sup>%u</sup>", value);
        if (odihrx_buf_append(tmp, src->data + copied, at - copied) ||
            odihrx_buf_append(tmp, sup, (size_t)sl))
            return ODIHRX_ERR_NOMEM;
        sg->marker_next = value;
        copied = at = end;
        any = true;
    }
    if (!any)
        return ODIHRX_OK;
    if (odihrx_buf_append(tmp, src->data + copied, n - copied))
        return ODIHRX_ERR_NOMEM;
    odihrx_buf_clear(src);
    return odihrx_buf_append(src, tmp->data, tmp->size);
}

/* pdftotext without -layout takes the wide word gaps of a justified title
 * for columns and prints it as blocks: the words at the left margin, top
 * to bottom ("XII." / "PARTICIPATION" / "MINORITIES"), then each word set
 * apart, after a blank line ("OF", "NATIONAL"). Justification stretches
 * every line but the last, so the words set apart belong to the first
 * line: "XII. PARTICIPATION OF NATIONAL MINORITIES" ("IV. ELECTORAL" /
 * "FRAMEWORK" / "SYSTEM" / "AND" / "LEGAL" likewise). Only a title of two
 * lines (a number alone aside) is put back in order (which line the loose
 * words of a longer title come from is unknown): the printed order stays. */
static odihrx_status append_title_rows(const seg *sg, const raw *r, odihrx_buf *out)
{
    const odihrx_doc *doc = sg->doc;
    /* the title's own lines: a part joined to it (a paragraph after a
     * title that turned out to be text) moved line_last past them */
    uint32_t own_last = r->line;
    while (own_last < r->line_last && doc->line_start[own_last + 1] < r->src_end)
        own_last++;
    uint32_t margin[3], nmargin = 0, loose = 0;
    bool gap = false;
    for (uint32_t l = r->line; l <= own_last; l++) {
        if (blank(odihrx_line_ptr(doc, l), odihrx_line_len(doc, l)))
            gap = true;
        else if (gap)
            loose++;
        else if (nmargin < 3)
            margin[nmargin++] = l;
        else
            nmargin = 4; /* more lines at the margin than the order knows */
    }
    /* the title's lines at the margin: a number alone opens the first */
    uint32_t number_alone = nmargin > 0 && chapter_number_alone(odihrx_line_ptr(doc, margin[0]),
                                                                 odihrx_line_len(doc, margin[0]));
    bool reorder = nmargin - number_alone == 2 && nmargin <= 3 && loose > 0;
    odihrx_status st = ODIHRX_OK;
    gap = false;
    for (uint32_t l = r->line; l <= own_last && !st; l++) {
        bool is_blank = blank(odihrx_line_ptr(doc, l), odihrx_line_len(doc, l));
        gap = gap || is_blank;
        if (is_blank || (reorder && l == margin[nmargin - 1]))
            continue;
        uint32_t from = l == r->line ? r->src : doc->line_start[l];
        uint32_t to = l == own_last ? r->src_end : doc->line_start[l] + odihrx_line_len(doc, l);
        if (out->size)
            st = odihrx_buf_putc(out, '\n');
        if (!st)
            st = odihrx_buf_append(out, doc->text + from, to - from);
    }
    if (reorder && !st) {
        uint32_t l = margin[nmargin - 1];
        st = odihrx_buf_putc(out, '\n');
        if (!st)
            st = odihrx_buf_append(out, odihrx_line_ptr(doc, l), odihrx_line_len(doc, l));
    }
    return st;
}

static odihrx_status build_blocks(seg *sg)
{
    odihrx_doc *doc = sg->doc;
    odihrx_buf src = {0}, marked = {0};
    odihrx_status st = ODIHRX_OK;
    uint32_t para_no = 0, item_no = 0;
    for (uint32_t i = 0; i < sg->nr && st == ODIHRX_OK; i++) {
        raw *r = &sg->r[i];
        if (r->part || r->kind == 0xFF)
            continue;
        odihrx_buf_clear(&src);
        /* plain text may have words broken at line ends to mend */
        bool mend = doc->format == ODIHRX_FORMAT_TEXT && r->kind != ODIHRX_BLOCK_TOC_ENTRY &&
                    r->kind != ODIHRX_BLOCK_TABLE_ROW;
        /* a paragraph in one piece is parsed where it stands, not copied */
        bool in_place = r->next == ODIHRX_NONE && !sg->paged && !mend &&
                        r->src_end - r->src <= ODIHRX_MAX_BLOCK_BYTES;
        if (r->columns)
            st = append_title_rows(sg, r, &src);
        if (r->row) {
            const odihrx_table_row *tr = &sg->tables.rows[r->row - 1];
            st = odihrx_buf_append(&src, sg->tables.text.data + tr->off, tr->len);
        }
        /* the pieces: after a title's rows, only the parts joined to it */
        for (uint32_t p = r->columns ? r->next : i;
             !in_place && !r->row && p != ODIHRX_NONE && st == ODIHRX_OK; p = sg->r[p].next) {
            if (src.size + (sg->r[p].src_end - sg->r[p].src) > ODIHRX_MAX_BLOCK_BYTES) {
                st = odihrx_diag_add(doc, ODIHRX_WARNING, "limit-block", sg->r[p].line,
                                     "paragraph longer than %u bytes; the rest starts a new "
                                     "paragraph",
                                     ODIHRX_MAX_BLOCK_BYTES);
                sg->r[p].part = false;
                break;
            }
            if (p != i || src.size)
                st = odihrx_buf_putc(&src, '\n');
            if (!st)
                st = odihrx_buf_append(&src, doc->text + sg->r[p].src,
                                       sg->r[p].src_end - sg->r[p].src);
        }
        if (st)
            break;
        odihrx_block *b = odihrx_block_add(doc);
        if (!b) {
            if (doc->nblocks < ODIHRX_MAX_BLOCKS) {
                st = ODIHRX_ERR_NOMEM;
                break;
            }
            st = odihrx_diag_add(doc, ODIHRX_ERROR, "limit-blocks", r->line,
                                 "more than %u blocks", ODIHRX_MAX_BLOCKS);
            st = st ? st : ODIHRX_ERR_LIMIT;
            break;
        }
        if (mend)
            st = mend_hyphens(sg, &src, &marked);
        if (!st && sg->paged && r->kind != ODIHRX_BLOCK_FOOTNOTE &&
            r->kind != ODIHRX_BLOCK_TOC_ENTRY)
            st = mark_glued_markers(sg, &src, &marked);
        if (st)
            break;
        b->kind = r->kind;
        b->level = r->level;
        b->flags = r->flags;
        b->line = r->line;
        b->line_last = r->line_last;
        b->number = r->number;
        if (b->kind == ODIHRX_BLOCK_PARA)
            b->ordinal = ++para_no;
        else if (b->kind == ODIHRX_BLOCK_LIST_ITEM)
            b->ordinal = ++item_no;
        if (in_place)
            st = odihrx_inlines_parse(doc, doc->nblocks - 1, doc->text + r->src,
                                      r->src_end - r->src);
        else
            st = odihrx_inlines_parse(doc, doc->nblocks - 1, src.data ? src.data : "", src.size);
    }
    odihrx_buf_free(&src);
    odihrx_buf_free(&marked);
    return st;
}

static odihrx_status segment_blocks(odihrx_doc *doc, const odihrx_grammar *g);

/* ------------------------------------------------ contents in paragraphs */

/* How many page numbers after a dotted leader a text holds. */
static uint32_t leader_pages(const char *s, uint32_t n)
{
    uint32_t count = 0;
    for (uint32_t k = 1, e; (k = odihrx_leader_page(s, n, k, &e)) < n; k = e)
        count++;
    return count;
}

/* Does a paragraph end like a contents entry: a page number after a
 * leader, or, where the converter lost the leader ("... OBSERVATION
 * MISSION 31"), one that goes on from the last entry's page? *page is it. */
static bool ends_in_page(const char *s, uint32_t n, uint32_t last, uint32_t *page_out)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    uint32_t d = n, page = 0;
    while (d > 0 && n - d < 5 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    if (d == n || n - d > 4 || (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9'))
        return false;
    for (uint32_t k = d; k < n; k++)
        page = page * 10 + (uint32_t)(s[k] - '0');
    *page_out = page;
    return odihrx_leader_before(s, d) || leaderless_page(s, d, n, last);
}

/* A contents table that a converter printed as paragraphs: HTML (one <p>
 * per entry, or all entries in one), or markdown that joined the lines of
 * the table into one wrapped paragraph. Right after a contents title, the
 * paragraphs that end in a page number after a leader, or hold several,
 * are contents entries (sections splits entries run together); the
 * paragraphs after them are numbered without the gap. */
static void contents_paragraphs(odihrx_doc *doc, const odihrx_grammar *g)
{
    bool changed = false;
    for (uint32_t i = 0; i + 1 < doc->nblocks; i++) {
        odihrx_block *t = &doc->blocks[i];
        bool titled = t->kind == ODIHRX_BLOCK_TOC_ENTRY && (t->flags & ODIHRX_BF_TITLE);
        if (!titled && ((t->kind != ODIHRX_BLOCK_HEADING && t->kind != ODIHRX_BLOCK_PARA) ||
                        t->len > 80 ||
                        odihrx_match(doc, g->pat[ODIHRX_PAT_TOC_HEADING], t->text, t->len, 0,
                                     t->line) <= 0))
            continue;
        uint32_t k = i + 1, last = 0;
        for (; k < doc->nblocks; k++) {
            odihrx_block *b = &doc->blocks[k];
            if (b->kind == ODIHRX_BLOCK_TOC_ENTRY && !(b->flags & ODIHRX_BF_TITLE))
                continue;
            uint32_t page = 0;
            bool entry = b->kind == ODIHRX_BLOCK_PARA &&
                         (ends_in_page(b->text, b->len, last, &page) ||
                          leader_pages(b->text, b->len) >= 2);
            if (!entry)
                break;
            if (page >= last)
                last = page;
            b->kind = ODIHRX_BLOCK_TOC_ENTRY;
            b->ordinal = 0;
            changed = true;
        }
        if (k > i + 1 && !titled) {
            t->kind = ODIHRX_BLOCK_TOC_ENTRY;
            t->flags |= ODIHRX_BF_TITLE;
            t->ordinal = 0;
            changed = true;
        }
        i = k - 1;
    }
    if (!changed)
        return;
    uint32_t para_no = 0;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == ODIHRX_BLOCK_PARA)
            doc->blocks[i].ordinal = ++para_no;
}

odihrx_status odihrx_stage_segment(odihrx_doc *doc, const odihrx_grammar *g)
{
    odihrx_status st = segment_blocks(doc, g);
    if (!st)
        contents_paragraphs(doc, g);
    return st;
}

static odihrx_status segment_blocks(odihrx_doc *doc, const odihrx_grammar *g)
{
    if (doc->format == ODIHRX_FORMAT_HTML)
        return odihrx_html_segment(doc);
    seg sg = {.doc = doc, .g = g, .toc_first = ODIHRX_NONE, .toc_last = ODIHRX_NONE};
    odihrx_status st = collect(&sg);
    if (st == ODIHRX_ERR_LIMIT) {
        odihrx_status d = odihrx_diag_add(doc, ODIHRX_ERROR, "limit-blocks", ODIHRX_NONE,
                                          "more than %u blocks", ODIHRX_MAX_BLOCKS);
        st = d ? d : ODIHRX_ERR_LIMIT;
    }
    if (!st)
        st = number_columns(&sg);
    if (!st)
        st = join(&sg);
    if (!st)
        st = build_blocks(&sg);
    vocab_free(sg.vocab);
    odihrx_free(sg.toc_keys);
    odihrx_free(sg.toc_key_text);
    odihrx_layout_tables_free(&sg.tables);
    odihrx_free(sg.r);
    return st;
}
