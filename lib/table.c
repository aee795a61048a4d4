/*
 * table.c: the tables of paged plain text that pdftotext -layout printed as
 * columns, for segment.c. A table is a block of lines (between blank lines,
 * on one page) whose pieces of text, set apart by two spaces or more, start
 * in the same columns from line to line; its rows are rebuilt with empty
 * cells kept, and the lines of a cell that wrapped joined again. A table
 * that runs on overleaf goes on in the same table.
 * Reads: doc->text, the line and page tables. Writes: the rows, each as
 * TAB-joined cells like a markdown table row, and which lines print them.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "odihrx_limits.h"
#include "table.h"

/* Justified text whose word gaps come out at ever new columns is no table;
 * nor is anything with more columns than a page has room for. */
#define MAX_COLUMNS 32
/* pdftotext places a piece at the column nearest its x position: the
 * pieces of one column start within this many columns of each other. */
#define COLUMN_SLACK 2
/* How far the columns of a table may shift from one page to the next. */
#define PAGE_SHIFT_SLACK 3

/* A piece of a line: text between gaps of two spaces or more. */
typedef struct chunk {
    uint32_t from, to;   /* bytes in doc->text */
    uint32_t col, width; /* display column and width, in characters */
    uint32_t first_word; /* width of its first word */
    uint8_t column;      /* the table column it starts in */
    bool crosses;        /* runs over the start of a later column */
} chunk;

typedef struct columns {
    uint32_t n;
    uint32_t pos[MAX_COLUMNS];
} columns;

/* What a table at the foot of a page leaves for the next page. */
typedef struct carry {
    columns cols;  /* the columns of the open table */
    uint32_t page; /* the page whose body it ended */
    bool open;     /* a table ended the body of `page` */
    bool lone;     /* ... or a lone line of cells did */
    uint32_t lone_line;
} carry;

typedef struct finder {
    const odihrx_doc *doc;
    odihrx_layout_tables *t;
    chunk *ch;
    uint32_t nch, cap_ch;
    uint32_t *line_ch; /* per line of the block: its first chunk, and a sentinel */
    uint32_t nlc, cap_lc;
    uint32_t *starts;
    uint32_t nst, cap_st;
    uint32_t a, b; /* the block: lines [a, b) */
    columns cols;
    uint32_t support[MAX_COLUMNS]; /* lines with a piece starting in the column */
    uint32_t widest[MAX_COLUMNS];  /* widest piece in the column */
} finder;

/* Per column of the row being built: the line and the piece it last had. */
typedef struct row_state {
    uint32_t first;
    uint32_t last_line[MAX_COLUMNS];
    uint32_t last_piece[MAX_COLUMNS];
} row_state;

static bool blank_line(const odihrx_doc *doc, uint32_t i)
{
    const char *s = odihrx_line_ptr(doc, i);
    for (uint32_t k = 0, n = odihrx_line_len(doc, i); k < n; k++)
        if (s[k] != ' ' && s[k] != '\t')
            return false;
    return true;
}

static bool is_gap(const char *s, uint32_t n, uint32_t k)
{
    return s[k] == '\t' || (s[k] == ' ' && (k + 1 >= n || s[k + 1] == ' ' || s[k + 1] == '\t'));
}

/* The pieces of line i, appended to f->ch; columns count characters, not
 * bytes, since pdftotext lines text up by characters. */
static odihrx_status chunk_line(finder *f, uint32_t i)
{
    const char *s = odihrx_line_ptr(f->doc, i);
    uint32_t n = odihrx_line_len(f->doc, i), base = f->doc->line_start[i];
    uint32_t col = 0, k = 0;
    for (;;) {
        while (k < n && (s[k] == ' ' || s[k] == '\t')) {
            col += s[k] == '\t' ? 2 : 1;
            k++;
        }
        if (k >= n)
            return ODIHRX_OK;
        if (odihrx_vec_grow((void **)&f->ch, &f->nch, &f->cap_ch, sizeof *f->ch, UINT32_MAX - 1))
            return ODIHRX_ERR_NOMEM;
        chunk c = {.from = base + k, .col = col};
        bool first = true;
        for (; k < n && !is_gap(s, n, k); k++) {
            if (s[k] == ' ')
                first = false;
            if (((unsigned char)s[k] & 0xC0) != 0x80) {
                c.width++;
                c.first_word += first;
            }
        }
        c.to = base + k;
        col += c.width;
        f->ch[f->nch++] = c;
    }
}

/* Chunks the lines [a, b) into f->ch, line by line. */
static odihrx_status load_block(finder *f, uint32_t a, uint32_t b)
{
    f->a = a;
    f->b = b;
    f->nch = f->nlc = 0;
    for (uint32_t i = a; i <= b; i++) {
        if (odihrx_vec_grow((void **)&f->line_ch, &f->nlc, &f->cap_lc, sizeof *f->line_ch,
                            UINT32_MAX - 1))
            return ODIHRX_ERR_NOMEM;
        f->line_ch[f->nlc++] = f->nch;
        if (i < b) {
            odihrx_status st = chunk_line(f, i);
            if (st)
                return st;
        }
    }
    return ODIHRX_OK;
}

static uint32_t first_chunk(const finder *f, uint32_t line)
{
    return f->line_ch[line - f->a];
}

static uint32_t end_chunk(const finder *f, uint32_t line)
{
    return f->line_ch[line - f->a + 1];
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The columns of the block: the places where its pieces start, those within
 * COLUMN_SLACK of the first of a group counted as one. False when there
 * are more than a table has. */
static odihrx_status find_columns(finder *f, bool *ok)
{
    *ok = false;
    f->nst = 0;
    for (uint32_t c = 0; c < f->nch; c++) {
        if (odihrx_vec_grow((void **)&f->starts, &f->nst, &f->cap_st, sizeof *f->starts,
                            UINT32_MAX - 1))
            return ODIHRX_ERR_NOMEM;
        f->starts[f->nst++] = f->ch[c].col;
    }
    if (f->nst > 1)
        qsort(f->starts, f->nst, sizeof *f->starts, cmp_u32);
    columns *cols = &f->cols;
    cols->n = 0;
    for (uint32_t k = 0; k < f->nst; k++) {
        if (cols->n == 0 || f->starts[k] > cols->pos[cols->n - 1] + COLUMN_SLACK) {
            if (cols->n == MAX_COLUMNS)
                return ODIHRX_OK;
            cols->pos[cols->n] = f->starts[k];
            f->support[cols->n] = f->widest[cols->n] = 0;
            cols->n++;
        }
        f->support[cols->n - 1]++;
    }
    for (uint32_t c = 0; c < f->nch; c++) {
        chunk *p = &f->ch[c];
        uint32_t j = cols->n - 1;
        while (j > 0 && cols->pos[j] > p->col)
            j--;
        p->column = (uint8_t)j;
        p->crosses = false;
        for (uint32_t k = j + 1; k < cols->n && cols->pos[k] < p->col + p->width; k++)
            p->crosses = p->crosses || f->support[k] >= 2;
        if (!p->crosses && p->width > f->widest[j])
            f->widest[j] = p->width;
    }
    *ok = true;
    return ODIHRX_OK;
}

/* "12.", "a)", "(iv)", "•": the number or bullet of a list item. */
static bool list_marker(const odihrx_doc *doc, const chunk *c)
{
    const char *s = doc->text + c->from;
    uint32_t n = c->to - c->from;
    if (c->width > 5 || n == 0)
        return false;
    return s[n - 1] == '.' || s[n - 1] == ')' || (unsigned char)s[0] >= 0xC2 || s[0] == '-' ||
           s[0] == '*';
}

/* Is the loaded block a table? At least two lines of several pieces, most
 * of their pieces starting where a piece of another line starts, and few
 * lines whose text runs over such a shared column start. Justified text
 * fails the last two: its widened word gaps fall at other columns from line
 * to line, and its full lines run over any column the gaps of two lines
 * may share by chance. Items whose number stands apart from their text are
 * a list, not a table. */
/* A justified line of prose that a converter printed with every word gap
 * widened (pdfminer: "recommendations.   The   reform   should   be"): four
 * pieces or more, each one word, most of them lowercase. */
static bool widened_prose(const finder *f, uint32_t c0, uint32_t c1)
{
    if (c1 - c0 < 4)
        return false;
    uint32_t lower = 0;
    for (uint32_t c = c0; c < c1; c++) {
        const char *s = f->doc->text + f->ch[c].from;
        uint32_t n = f->ch[c].to - f->ch[c].from;
        if (memchr(s, ' ', n))
            return false;
        lower += s[0] >= 'a' && s[0] <= 'z';
    }
    return lower * 2 > c1 - c0;
}

static bool looks_like_table(const finder *f)
{
    uint32_t multi = 0, markers = 0, later = 0, aligned = 0, crossing = 0, prose = 0;
    for (uint32_t l = f->a; l < f->b; l++) {
        uint32_t c0 = first_chunk(f, l), c1 = end_chunk(f, l);
        prose += widened_prose(f, c0, c1);
        bool crosses = false;
        for (uint32_t c = c0; c < c1; c++) {
            crosses = crosses || f->ch[c].crosses;
            if (c > c0) {
                later++;
                aligned += f->support[f->ch[c].column] >= 2;
            }
        }
        crossing += crosses;
        if (c1 - c0 >= 2) {
            multi++;
            markers += list_marker(f->doc, &f->ch[c0]);
        }
    }
    return multi >= 2 && markers < multi && aligned * 2 >= later && prose * 2 < multi &&
           (uint64_t)crossing * 4 < (uint64_t)(f->b - f->a);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static uint32_t capacity(const finder *f, uint32_t j)
{
    if (j + 1 < f->cols.n && f->cols.pos[j + 1] > f->cols.pos[j] + 2)
        return f->cols.pos[j + 1] - f->cols.pos[j] - 2;
    return f->widest[j];
}

static bool ends_with_hyphen(const odihrx_doc *doc, const chunk *c)
{
    return c->to > c->from && doc->text[c->to - 1] == '-';
}

/* Is the piece a cell's next line for sure: it goes on in lowercase, the
 * line before ended with a hyphen, or that line was near the full width of
 * the column? */
static bool surely_goes_on(const odihrx_doc *doc, const chunk *prev, const chunk *p,
                           uint64_t joined, uint32_t cap)
{
    char c = doc->text[p->from];
    return (c >= 'a' && c <= 'z') || ends_with_hyphen(doc, prev) ||
           joined * 20 >= (uint64_t)cap * 17;
}

/* Does line l go on with the row above: is every piece of it the rest of a
 * cell that wrapped? A cell wraps where its next word does not fit: the
 * last line of the cell with that word would be wider than any piece the
 * column holds, and near the width the column has. The cell's lines follow
 * one another (cells are set at the top of the row, as word processors set
 * them). A line with a piece in every column the row has so far may as well
 * be the next row, and so may one with a piece in the last column (the row
 * above may have an empty cell): those go on only where each of their
 * pieces surely does (two rows of short cells look like one wrapped row). */
static bool continues_row(const finder *f, const row_state *rs, uint32_t l)
{
    uint32_t c0 = first_chunk(f, l), c1 = end_chunk(f, l);
    if (c0 == c1)
        return false;
    bool sure = true;
    for (uint32_t c = c0; c < c1; c++) {
        const chunk *p = &f->ch[c];
        uint32_t j = p->column;
        if (rs->last_line[j] != l - 1)
            return false;
        const chunk *prev = &f->ch[rs->last_piece[j]];
        /* a number never wraps onto a number: "7,539,280" / "63.2" are
         * the cells of two rows */
        if (is_digit(f->doc->text[prev->to - 1]) && is_digit(f->doc->text[p->from]))
            return false;
        uint64_t joined = (uint64_t)prev->width + !ends_with_hyphen(f->doc, prev) + p->first_word;
        uint32_t cap = capacity(f, j);
        if (joined <= f->widest[j] || joined * 10 < (uint64_t)cap * 6)
            return false;
        sure = sure && surely_goes_on(f->doc, prev, p, joined, cap);
    }
    uint32_t filled = 0;
    for (uint32_t j = 0; j < f->cols.n; j++)
        filled += rs->last_line[j] != ODIHRX_NONE;
    bool reaches_last = f->ch[c1 - 1].column == f->cols.n - 1;
    return sure || (c1 - c0 < filled && !reaches_last);
}

static void note_line(const finder *f, row_state *rs, uint32_t l)
{
    for (uint32_t c = first_chunk(f, l); c < end_chunk(f, l); c++) {
        rs->last_line[f->ch[c].column] = l;
        rs->last_piece[f->ch[c].column] = c;
    }
}

static void reset_row(row_state *rs, uint32_t first)
{
    rs->first = first;
    for (uint32_t j = 0; j < MAX_COLUMNS; j++)
        rs->last_line[j] = ODIHRX_NONE;
}

/* Appends the row printed by lines [first, last] of the loaded block: for
 * each of the nout columns of the table, the pieces that map[] puts there,
 * joined by a space (none after a hyphen: a word processor breaks a cell
 * line after the hyphen of a compound, "Co-" / "Ordinator"). */
static odihrx_status emit_row(finder *f, uint32_t first, uint32_t last, const uint8_t *map,
                              uint32_t nout, bool group_start)
{
    odihrx_layout_tables *t = f->t;
    odihrx_status st = odihrx_vec_grow((void **)&t->rows, &t->nrows, &t->cap_rows, sizeof *t->rows,
                                       ODIHRX_MAX_BLOCKS);
    if (st)
        return st;
    size_t off = t->text.size;
    uint32_t c0 = first_chunk(f, first), c1 = end_chunk(f, last);
    for (uint32_t k = 0; k < nout && !st; k++) {
        if (k)
            st = odihrx_buf_putc(&t->text, '\t');
        const chunk *prev = NULL;
        for (uint32_t c = c0; c < c1 && !st; c++) {
            const chunk *p = &f->ch[c];
            if (map[p->column] != k)
                continue;
            if (prev && !ends_with_hyphen(f->doc, prev))
                st = odihrx_buf_putc(&t->text, ' ');
            if (!st)
                st = odihrx_buf_append(&t->text, f->doc->text + p->from, p->to - p->from);
            prev = p;
        }
    }
    if (st)
        return st;
    if (t->text.size - off > ODIHRX_MAX_BLOCK_BYTES) {
        t->text.size = off; /* too long for a block: its lines stay text */
        return ODIHRX_OK;
    }
    t->rows[t->nrows] = (odihrx_table_row){.line = first,
                                           .line_last = last,
                                           .off = (uint32_t)off,
                                           .len = (uint32_t)(t->text.size - off),
                                           .group_start = group_start};
    t->nrows++;
    for (uint32_t l = first; l <= last; l++)
        t->row_at[l] = t->nrows;
    return ODIHRX_OK;
}

/* The rows of the loaded table block. */
static odihrx_status emit_rows(finder *f, const uint8_t *map, uint32_t nout, bool group_start)
{
    row_state rs;
    reset_row(&rs, f->a);
    odihrx_status st = ODIHRX_OK;
    for (uint32_t l = f->a; l < f->b && !st; l++) {
        if (l > f->a && !continues_row(f, &rs, l)) {
            st = emit_row(f, rs.first, l - 1, map, nout, group_start);
            group_start = false;
            reset_row(&rs, l);
        }
        note_line(f, &rs, l);
    }
    return st ? st : emit_row(f, rs.first, f->b - 1, map, nout, group_start);
}

static void identity(uint8_t *map)
{
    for (uint32_t j = 0; j < MAX_COLUMNS; j++)
        map[j] = (uint8_t)j;
}

/* Maps the columns of a table's part overleaf onto the table's columns:
 * one to one when as many, else by position (a column empty on the whole
 * page is missing there), the pages' left edges lined up. */
static bool map_columns(const columns *table, const columns *part, uint8_t *map)
{
    identity(map);
    if (part->n == table->n)
        return true;
    if (part->n > table->n || part->n == 0)
        return false;
    int64_t shift = (int64_t)table->pos[0] - part->pos[0];
    uint32_t k = 0;
    for (uint32_t j = 0; j < part->n; j++) {
        int64_t want = part->pos[j] + shift;
        while (k < table->n && table->pos[k] + PAGE_SHIFT_SLACK < want)
            k++;
        if (k == table->n || table->pos[k] > want + PAGE_SHIFT_SLACK)
            return false;
        map[j] = (uint8_t)k++;
    }
    return true;
}

/* A lone line's pieces as columns of their own. */
static void lone_columns(finder *f)
{
    f->cols.n = 0;
    for (uint32_t c = 0; c < f->nch && c < MAX_COLUMNS; c++) {
        f->ch[c].column = (uint8_t)c;
        f->cols.pos[f->cols.n++] = f->ch[c].col;
    }
}

/* The first chunk of the block is the number of a footnote at the foot of
 * the page ("105 As officially published ..."). */
static bool footnote_like(const finder *f)
{
    if (f->nch == 0)
        return false;
    return is_digit(f->doc->text[f->ch[0].from]);
}

static odihrx_status table_block(finder *f, carry *cy, uint32_t page, bool first_on_page)
{
    uint8_t map[MAX_COLUMNS];
    identity(map);
    bool goes_on = false;
    uint32_t nout = f->cols.n;
    odihrx_status st = ODIHRX_OK;
    if (first_on_page && cy->open && cy->page + 1 == page &&
        map_columns(&cy->cols, &f->cols, map)) {
        goes_on = true;
        nout = cy->cols.n;
    } else if (first_on_page && cy->lone && cy->page + 1 == page) {
        /* the first row stood alone at the foot of the page before: its
         * pieces are the columns, if as many */
        columns cols = f->cols;
        uint32_t a = f->a, b = f->b;
        st = load_block(f, cy->lone_line, cy->lone_line + 1);
        if (!st && f->nch == cols.n) {
            lone_columns(f);
            st = emit_row(f, f->a, f->a, map, cols.n, true);
            goes_on = true;
        }
        if (!st)
            st = load_block(f, a, b);
        bool ok = false;
        if (!st)
            st = find_columns(f, &ok);
        if (st)
            return st;
    }
    if (!goes_on)
        cy->cols = f->cols;
    cy->open = true;
    cy->lone = false;
    cy->page = page;
    return emit_rows(f, map, nout, !goes_on);
}

/* One line of several pieces between blank lines: a row of a table that
 * a page break cut off, before or after the rest. */
static odihrx_status lone_block(finder *f, carry *cy, uint32_t page, bool first_on_page)
{
    uint8_t map[MAX_COLUMNS];
    if (first_on_page && cy->open && cy->page + 1 == page) {
        lone_columns(f);
        if (map_columns(&cy->cols, &f->cols, map)) {
            cy->page = page;
            return emit_row(f, f->a, f->a, map, cy->cols.n, false);
        }
    }
    cy->open = false;
    cy->lone = true;
    cy->lone_line = f->a;
    cy->page = page;
    return ODIHRX_OK;
}

/* Line i a title in capitals in one piece at the margin ("ANNEX I: FINAL
 * RESULTS105"): no lower-case letter, no gap between columns. A word processor sets the
 * title right above its table, with no blank line: its lines are no rows. */
static bool title_above(const odihrx_doc *doc, uint32_t i)
{
    const char *s = odihrx_line_ptr(doc, i);
    uint32_t n = odihrx_line_len(doc, i), k = 0, upper = 0;
    while (k < n && s[k] == ' ')
        k++;
    while (n > k && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (k > 4)
        return false; /* a header cell over its column */
    for (; k < n; k++) {
        if ((s[k] >= 'a' && s[k] <= 'z') || is_gap(s, n, k))
            return false;
        upper += s[k] >= 'A' && s[k] <= 'Z';
    }
    return upper >= 4;
}

/* Line i a short heading in one piece at the margin ("OSCE Parliamentary
 * Assembly", no digits) over a line of several pieces: the subheading the
 * table stands under, not its first row. */
static bool caption_above(const odihrx_doc *doc, uint32_t i)
{
    const char *s = odihrx_line_ptr(doc, i), *t = odihrx_line_ptr(doc, i + 1);
    uint32_t n = odihrx_line_len(doc, i), tn = odihrx_line_len(doc, i + 1), k = 0, gaps = 0;
    while (k < n && s[k] == ' ')
        k++;
    while (n > k && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (k == n || k > 4 || n - k > 60 || s[k] < 'A' || s[k] > 'Z')
        return false; /* (a header cell stands over its column) */
    for (uint32_t j = k; j < n; j++)
        if (is_digit(s[j]) || is_gap(s, n, j))
            return false;
    for (uint32_t j = 1; j < tn; j++)
        gaps += is_gap(t, tn, j) && t[j - 1] != ' ' && t[j - 1] != '\t';
    return gaps > 0;
}

static odihrx_status block(finder *f, carry *cy, uint32_t a, uint32_t b, uint32_t page,
                           uint32_t *body_blocks)
{
    while (b - a >= 3 && (title_above(f->doc, a) || caption_above(f->doc, a)))
        a++;
    odihrx_status st = load_block(f, a, b);
    bool ok = false;
    if (!st && b - a >= 2)
        st = find_columns(f, &ok);
    if (st)
        return st;
    bool first_on_page = *body_blocks == 0;
    if (ok && looks_like_table(f))
        st = table_block(f, cy, page, first_on_page);
    else if (b - a == 1 && f->nch >= 2 && f->nch <= MAX_COLUMNS && !footnote_like(f))
        st = lone_block(f, cy, page, first_on_page);
    else if (footnote_like(f))
        return ODIHRX_OK; /* the foot of the page: a table may still go on overleaf */
    else
        cy->open = cy->lone = false;
    ++*body_blocks;
    return st;
}

odihrx_status odihrx_layout_tables_find(const odihrx_doc *doc, const uint8_t *skip,
                                        odihrx_layout_tables *t)
{
    memset(t, 0, sizeof *t);
    t->row_at = odihrx_malloc(sizeof *t->row_at * ((size_t)doc->nlines + 1));
    if (!t->row_at)
        return ODIHRX_ERR_NOMEM;
    memset(t->row_at, 0, sizeof *t->row_at * ((size_t)doc->nlines + 1));
    finder f = {.doc = doc, .t = t};
    carry cy = {0};
    odihrx_status st = ODIHRX_OK;
    uint32_t page = 0, body_blocks = 0, from = ODIHRX_NONE;
    for (uint32_t i = 0; i <= doc->nlines && !st; i++) {
        bool new_page = page < doc->npages && doc->page_start[page] == i;
        bool gap = i == doc->nlines || new_page || (skip && skip[i]) || blank_line(doc, i);
        if (gap && from != ODIHRX_NONE) {
            st = block(&f, &cy, from, i, page, &body_blocks);
            from = ODIHRX_NONE;
        }
        if (new_page) {
            page++;
            body_blocks = 0;
        }
        if (i < doc->nlines && from == ODIHRX_NONE && !((skip && skip[i]) || blank_line(doc, i)))
            from = i;
    }
    odihrx_free(f.ch);
    odihrx_free(f.line_ch);
    odihrx_free(f.starts);
    return st;
}

void odihrx_layout_tables_free(odihrx_layout_tables *t)
{
    odihrx_free(t->row_at);
    odihrx_free(t->rows);
    odihrx_buf_free(&t->text);
    memset(t, 0, sizeof *t);
}
