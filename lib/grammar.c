/*
 * grammar.c: loads grammars/ (built-in copies, or files from a directory
 * that override them one by one) and compiles every pattern once with JIT.
 * Owns: odihrx_grammar. Reads: grammar files. Writes: nothing shared.
 */
#include "grammar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "odihrx_limits.h"
#include "sha256.h"

/* Code that PCRE2's JIT generates has no symbols and reads memory in ways
 * memcheck cannot follow: under valgrind the interpreter runs instead, so
 * a memcheck run reports only our own errors. */
#include "under_valgrind.h"

static const char *const pattern_names[ODIHRX_PAT_COUNT] = {
#define X(id, name) name,
    ODIHRX_PATTERNS(X)
#undef X
};

typedef struct loaded_file {
    const char *name;
    char *owned; /* read from a directory, or NULL for the built-in copy */
    const char *data;
    size_t len;
} loaded_file;

typedef struct inst_acc inst_acc;

typedef struct loader {
    odihrx_grammar *g;
    inst_acc *acc; /* while instruments.tsv is read */
    char *err;
    size_t errlen;
    size_t strings_used, strings_cap;
    bool jit; /* compile each pattern to machine code too */
} loader;

static uint32_t count_rows(const loaded_file *f);

static void fail(loader *ld, const char *file, unsigned line, const char *fmt, ...)
{
    if (!ld->err || ld->errlen == 0)
        return;
    int n = snprintf(ld->err, ld->errlen, "%s:%u: ", file, line);
    if (n < 0 || (size_t)n >= ld->errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

static odihrx_status load_file(loader *ld, const char *dir, const char *name, loaded_file *out)
{
    out->name = name;
    out->owned = NULL;
    for (size_t i = 0; i < odihrx_builtin_file_count; i++) {
        if (strcmp(odihrx_builtin_files[i].name, name) == 0) {
            out->data = odihrx_builtin_files[i].data;
            out->len = odihrx_builtin_files[i].len;
        }
    }
    if (!dir)
        return ODIHRX_OK;
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        fail(ld, name, 0, "grammar directory path too long");
        return ODIHRX_ERR_GRAMMAR;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return ODIHRX_OK; /* the built-in copy stands */
        fail(ld, path, 0, "cannot open: %s", strerror(errno));
        return ODIHRX_ERR_IO;
    }
    odihrx_buf b = {0};
    char chunk[8192];
    size_t got;
    odihrx_status st = ODIHRX_OK;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.size + got > ODIHRX_MAX_INPUT_BYTES) {
            fail(ld, path, 0, "grammar file larger than %u bytes", ODIHRX_MAX_INPUT_BYTES);
            st = ODIHRX_ERR_LIMIT;
            break;
        }
        char *p = odihrx_realloc(b.data, b.size + got + 1);
        if (!p) {
            st = ODIHRX_ERR_NOMEM;
            break;
        }
        b.data = p;
        memcpy(b.data + b.size, chunk, got);
        b.size += got;
        b.data[b.size] = '\0';
    }
    if (st == ODIHRX_OK && ferror(f)) {
        fail(ld, path, 0, "read error");
        st = ODIHRX_ERR_IO;
    }
    fclose(f);
    if (st) {
        odihrx_free(b.data);
        return st;
    }
    out->owned = b.data ? b.data : NULL;
    out->data = b.data ? b.data : "";
    out->len = b.size;
    return ODIHRX_OK;
}

/* Strings of lexicon rows are packed into one allocation sized up front. */
static const char *keep(loader *ld, const char *s, size_t len)
{
    if (ld->strings_used + len + 1 > ld->strings_cap)
        return NULL;
    char *p = ld->g->strings + ld->strings_used;
    memcpy(p, s, len);
    p[len] = '\0';
    ld->strings_used += len + 1;
    return p;
}

static pcre2_code *compile(loader *ld, const char *file, unsigned line, const char *pat,
                           size_t len, uint32_t flags)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF | PCRE2_UCP | flags, &errcode,
                                   &erroff, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        fail(ld, file, line, "pattern does not compile at offset %zu: %s", (size_t)erroff,
             (const char *)msg);
        return NULL;
    }
    /* JIT is an optimisation: where it is unavailable the interpreter runs. */
    if (ld->jit && !UNDER_VALGRIND())
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* The anchored twin of a pattern whose hints are the words every match
 * begins with: tried only where one of them starts a word (odihrx_match_at
 * _words), when `sets` are gated at all; *twin stays NULL otherwise. */
static odihrx_status anchored_twin(loader *ld, const char *file, unsigned line,
                                   const odihrx_hints *h, uint64_t sets, const char *pat,
                                   size_t len, uint32_t flags, pcre2_code **twin)
{
    if (!odihrx_hints_gated(h, sets))
        return ODIHRX_OK;
    *twin = compile(ld, file, line, pat, len, flags | PCRE2_ANCHORED);
    return *twin ? ODIHRX_OK : ODIHRX_ERR_GRAMMAR;
}

/* Calls fn for each non-comment line split at TABs into mincols to
 * maxcols columns (the last one takes the rest of the line). */
typedef odihrx_status (*row_fn)(loader *ld, const loaded_file *f, unsigned line,
                                const char **col, const size_t *collen, int ncols);

static odihrx_status each_row(loader *ld, const loaded_file *f, int mincols, int ncols,
                              row_fn fn)
{
    const char *p = f->data, *end = f->data + f->len;
    unsigned line = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        line++;
        const char *e = eol;
        if (e > p && e[-1] == '\r')
            e--;
        if (e > p && *p != '#') {
            const char *col[8] = {0}; /* columns past n stay NULL */
            size_t collen[8] = {0};
            int n = 0;
            const char *c = p;
            while (n < ncols) {
                const char *tab = n == ncols - 1 ? NULL : memchr(c, '\t', (size_t)(e - c));
                const char *ce = tab ? tab : e;
                col[n] = c;
                collen[n] = (size_t)(ce - c);
                n++;
                if (!tab)
                    break;
                c = tab + 1;
            }
            if (n < mincols) {
                if (mincols == ncols)
                    fail(ld, f->name, line, "expected %d TAB-separated columns, found %d", ncols,
                         n);
                else
                    fail(ld, f->name, line, "expected %d to %d TAB-separated columns, found %d",
                         mincols, ncols, n);
                return ODIHRX_ERR_GRAMMAR;
            }
            odihrx_status st = fn(ld, f, line, col, collen, n);
            if (st)
                return st;
        }
        p = eol < end ? eol + 1 : end;
    }
    return ODIHRX_OK;
}

/* The optional hints column: word prefixes without which the row's
 * pattern cannot match; a row without it is always tried. */
static odihrx_status row_hints(loader *ld, const loaded_file *f, unsigned line, odihrx_hints *h,
                               uint64_t set, const char *col, size_t len)
{
    /* an absent column is NULL (each_row): no hints, the row always runs */
    odihrx_status st = odihrx_hints_add(h, set, col ? col : "", col ? len : 0);
    if (st == ODIHRX_ERR_NOMEM)
        fail(ld, f->name, line, "out of memory while loading hints");
    else if (st == ODIHRX_ERR_LIMIT)
        fail(ld, f->name, line, "more than %d hints in all", ODIHRX_HINT_MAX_COUNT);
    return st;
}

static odihrx_status pattern_row(loader *ld, const loaded_file *f, unsigned line,
                                 const char **col, const size_t *collen, int ncols)
{
    (void)ncols; /* an absent optional column is NULL */
    for (int i = 0; i < ODIHRX_PAT_COUNT; i++) {
        if (strlen(pattern_names[i]) == collen[0] &&
            memcmp(pattern_names[i], col[0], collen[0]) == 0) {
            if (ld->g->pat[i]) {
                fail(ld, f->name, line, "pattern '%s' defined twice", pattern_names[i]);
                return ODIHRX_ERR_GRAMMAR;
            }
            ld->g->pat[i] = compile(ld, f->name, line, col[1], collen[1], 0);
            if (!ld->g->pat[i])
                return ODIHRX_ERR_GRAMMAR;
            odihrx_status st = row_hints(ld, f, line, &ld->g->gates, ODIHRX_GATE_PATTERN(i),
                                         col[2], collen[2]);
            /* the locator's hints are the words it begins with (see
             * citations.pcre) */
            if (!st && i == ODIHRX_PAT_CITE_LOCATOR)
                st = anchored_twin(ld, f->name, line, &ld->g->gates, ODIHRX_GATE_PATTERN(i),
                                   col[1], collen[1], 0, &ld->g->locator_at);
            return st;
        }
    }
    fail(ld, f->name, line, "unknown pattern name '%.*s'", (int)collen[0], col[0]);
    return ODIHRX_ERR_GRAMMAR;
}

static odihrx_status lexicon_row(loader *ld, odihrx_lexicon *lex, const loaded_file *f,
                                 unsigned line, const char *cls, size_t clslen,
                                 const char *value, size_t valuelen, const char *extra,
                                 size_t extralen, const char *pat, size_t patlen,
                                 uint32_t flags)
{
    odihrx_lexeme *row = &lex->rows[lex->count];
    row->cls = cls ? keep(ld, cls, clslen) : NULL;
    row->value = keep(ld, value, valuelen);
    row->extra = extra ? keep(ld, extra, extralen) : NULL;
    row->re = compile(ld, f->name, line, pat, patlen, flags);
    if (!row->re)
        return ODIHRX_ERR_GRAMMAR;
    lex->count++;
    return ODIHRX_OK;
}

static odihrx_status kinds_row(loader *ld, const loaded_file *f, unsigned line,
                               const char **col, const size_t *collen, int ncols)
{
    (void)ncols;
    return lexicon_row(ld, &ld->g->kinds, f, line, col[0], collen[0], col[1], collen[1], NULL, 0,
                       col[2], collen[2], 0);
}

static odihrx_status country_row(loader *ld, const loaded_file *f, unsigned line,
                                 const char **col, const size_t *collen, int ncols)
{
    (void)ncols;
    return lexicon_row(ld, &ld->g->countries, f, line, NULL, 0, col[0], collen[0], col[1],
                       collen[1], col[2], collen[2], PCRE2_CASELESS);
}

static odihrx_status topic_row(loader *ld, const loaded_file *f, unsigned line,
                               const char **col, const size_t *collen, int ncols)
{
    (void)ncols; /* an absent optional column is NULL */
    uint32_t t = ld->g->topics.count;
    odihrx_status st = lexicon_row(ld, &ld->g->topics, f, line, NULL, 0, col[0], collen[0],
                                   col[1], collen[1], col[2], collen[2], PCRE2_CASELESS);
    /* one gate per row for the first 64 rows; later rows always run */
    if (st || t >= 64)
        return st;
    uint64_t gate = UINT64_C(1) << t;
    st = row_hints(ld, f, line, &ld->g->topic_gates, gate, col[3], collen[3]);
    /* a topic's hints are the words its matches begin with (topics.tsv) */
    if (!st)
        st = anchored_twin(ld, f->name, line, &ld->g->topic_gates, gate, col[2], collen[2],
                           PCRE2_CASELESS, &ld->g->topics.rows[t].at);
    return st;
}

/* Instruments: each row's own pattern, and the anchored alternation of
 * all of them, collected row by row. */
struct inst_acc {
    odihrx_buf anchored;
};

static odihrx_status instrument_row(loader *ld, const loaded_file *f, unsigned line,
                                    const char **col, const size_t *collen, int ncols)
{
    (void)ncols; /* an absent optional column is NULL */
    odihrx_grammar *g = ld->g;
    static const char *const kinds[] = {"none", "paragraph", "article", "section"};
    int kind = -1;
    for (int k = 0; k < 4; k++)
        if (strlen(kinds[k]) == collen[1] && memcmp(kinds[k], col[1], collen[1]) == 0)
            kind = k;
    if (kind < 0) {
        fail(ld, f->name, line, "locator must be none, paragraph, article or section");
        return ODIHRX_ERR_GRAMMAR;
    }
    /* Each row compiles alone, so an error names its own line. */
    pcre2_code *re = compile(ld, f->name, line, col[2], collen[2], 0);
    if (!re)
        return ODIHRX_ERR_GRAMMAR;
    uint32_t groups = 0;
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &groups);
    if (groups) {
        pcre2_code_free(re);
        fail(ld, f->name, line, "instrument patterns may not use named groups");
        return ODIHRX_ERR_GRAMMAR;
    }
    uint32_t r = g->ninstruments++; /* from here the grammar owns the pattern */
    odihrx_instrument *row = &g->instruments[r];
    row->re = re;
    row->id = keep(ld, col[0], collen[0]);
    row->locator = (uint8_t)kind;
    if (!row->id)
        return ODIHRX_ERR_NOMEM;
    if (strcmp(row->id, ODIHRX_COPENHAGEN_ID) == 0)
        g->copenhagen = r;
    odihrx_buf *b = &ld->acc->anchored;
    char mark[32];
    int ml = snprintf(mark, sizeof mark, ")(*MARK:%u)", r);
    if ((b->size && odihrx_buf_putc(b, '|')) || odihrx_buf_append(b, "(?:", 3) ||
        odihrx_buf_append(b, col[2], collen[2]) || odihrx_buf_append(b, mark, (size_t)ml))
        return ODIHRX_ERR_NOMEM;
    return row_hints(ld, f, line, &g->gates, ODIHRX_GATE_INSTRUMENT(r), col[3], collen[3]);
}

static odihrx_status load_instruments(loader *ld, const loaded_file *f)
{
    odihrx_grammar *g = ld->g;
    inst_acc acc = {{0}};
    odihrx_status st = ODIHRX_OK;
    g->instruments = odihrx_malloc(sizeof *g->instruments * count_rows(f));
    g->copenhagen = UINT32_MAX;
    if (!g->instruments)
        return ODIHRX_ERR_NOMEM;
    ld->acc = &acc;
    st = each_row(ld, f, 3, 4, instrument_row);
    ld->acc = NULL;
    if (!st && g->copenhagen == UINT32_MAX) {
        fail(ld, f->name, 0, "no row for %s, the instrument of copenhagen.tsv", ODIHRX_COPENHAGEN_ID);
        st = ODIHRX_ERR_GRAMMAR;
    }
    if (!st) {
        odihrx_buf full = {0};
        if (odihrx_buf_append(&full, "\\G(?:", 5) ||
            odihrx_buf_append(&full, acc.anchored.data, acc.anchored.size) ||
            odihrx_buf_putc(&full, ')'))
            st = ODIHRX_ERR_NOMEM;
        if (!st)
            g->inst_anchored = compile(ld, f->name, 0, full.data, full.size, 0);
        if (!st && !g->inst_anchored)
            st = ODIHRX_ERR_GRAMMAR;
        odihrx_buf_free(&full);
    }
    odihrx_buf_free(&acc.anchored);
    return st;
}

static odihrx_status catalog_row(loader *ld, const loaded_file *f, unsigned line,
                                 const char **col, const size_t *collen, int ncols)
{
    (void)ncols;
    odihrx_catalog_row *row = &ld->g->catalog[ld->g->ncatalog];
    bool yes = collen[1] == 3 && memcmp(col[1], "yes", 3) == 0;
    bool no = collen[1] == 2 && memcmp(col[1], "no", 2) == 0;
    bool certain = collen[2] == 7 && memcmp(col[2], "certain", 7) == 0;
    bool uncertain = collen[2] == 9 && memcmp(col[2], "uncertain", 9) == 0;
    if ((!yes && !no) || (!certain && !uncertain)) {
        fail(ld, f->name, line, "columns 2 and 3 must be yes|no and certain|uncertain");
        return ODIHRX_ERR_GRAMMAR;
    }
    row->paragraph = keep(ld, col[0], collen[0]);
    row->subject = keep(ld, col[3], collen[3]);
    row->election = yes;
    row->certain = certain;
    if (!row->paragraph || !row->subject)
        return ODIHRX_ERR_NOMEM;
    ld->g->ncatalog++;
    return ODIHRX_OK;
}

static odihrx_status load_catalog(loader *ld, const loaded_file *f)
{
    ld->g->catalog = odihrx_malloc(sizeof *ld->g->catalog * count_rows(f));
    if (!ld->g->catalog)
        return ODIHRX_ERR_NOMEM;
    return each_row(ld, f, 4, 4, catalog_row);
}

static uint32_t count_rows(const loaded_file *f)
{
    uint32_t n = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->data[i] == '\n')
            n++;
    return n + 1;
}

static odihrx_status load_lexicon(loader *ld, const loaded_file *f, odihrx_lexicon *lex,
                                  int mincols, int ncols, row_fn fn)
{
    lex->rows = odihrx_malloc(sizeof(*lex->rows) * count_rows(f));
    if (!lex->rows)
        return ODIHRX_ERR_NOMEM;
    memset(lex->rows, 0, sizeof(*lex->rows) * count_rows(f));
    return each_row(ld, f, mincols, ncols, fn);
}

odihrx_status odihrx_grammar_new(const char *dir, odihrx_grammar **out, char *errbuf,
                                 size_t errlen)
{
    return odihrx_grammar_new_mode(dir, ODIHRX_GRAMMAR_JIT, out, errbuf, errlen);
}

odihrx_status odihrx_grammar_new_mode(const char *dir, odihrx_grammar_mode mode,
                                      odihrx_grammar **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    if (errbuf && errlen)
        errbuf[0] = '\0';
    odihrx_status st = ODIHRX_OK;
    enum { NFILES = 7 };
    loaded_file files[NFILES] = {{0}};
    static const char *const names[NFILES] = {"structure.pcre", "citations.pcre", "kinds.tsv",
                                              "countries.tsv",  "instruments.tsv",
                                              "copenhagen.tsv", "topics.tsv"};
    odihrx_grammar *g = odihrx_malloc(sizeof *g);
    if (!g)
        return ODIHRX_ERR_NOMEM;
    memset(g, 0, sizeof *g);
    loader ld = {.g = g, .err = errbuf, .errlen = errlen, .jit = mode == ODIHRX_GRAMMAR_JIT};

    for (int i = 0; i < NFILES; i++) {
        st = load_file(&ld, dir, names[i], &files[i]);
        if (st)
            goto abort;
        if (!files[i].data) {
            fail(&ld, names[i], 0, "grammar file missing");
            st = ODIHRX_ERR_GRAMMAR;
            goto abort;
        }
    }
    for (int i = 2; i < NFILES; i++)
        ld.strings_cap += files[i].len + 2 * count_rows(&files[i]);
    ld.strings_cap += 64;
    g->strings = odihrx_malloc(ld.strings_cap);
    g->mctx = pcre2_match_context_create(NULL);
    if (!g->strings || !g->mctx) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    pcre2_set_match_limit(g->mctx, ODIHRX_PCRE2_MATCH_LIMIT);
    g->sha_ni = odihrx_sha256_accelerated();

    st = each_row(&ld, &files[0], 2, 3, pattern_row);
    if (!st)
        st = each_row(&ld, &files[1], 2, 3, pattern_row);
    if (st)
        goto abort;
    for (int i = 0; i < ODIHRX_PAT_COUNT; i++) {
        if (!g->pat[i]) {
            fail(&ld, files[0].name, 0, "pattern '%s' is not defined", pattern_names[i]);
            st = ODIHRX_ERR_GRAMMAR;
            goto abort;
        }
    }
    st = load_lexicon(&ld, &files[2], &g->kinds, 3, 3, kinds_row);
    if (!st)
        st = load_lexicon(&ld, &files[3], &g->countries, 3, 3, country_row);
    if (!st)
        st = load_instruments(&ld, &files[4]);
    if (!st)
        st = load_catalog(&ld, &files[5]);
    if (!st)
        st = load_lexicon(&ld, &files[6], &g->topics, 3, 4, topic_row);
    if (st)
        goto abort;

abort:
    for (int i = 0; i < NFILES; i++)
        odihrx_free(files[i].owned);
    if (st) {
        if (st == ODIHRX_ERR_NOMEM && errbuf && errlen && !errbuf[0])
            snprintf(errbuf, errlen, "out of memory while loading grammars");
        odihrx_grammar_free(g);
        return st;
    }
    *out = g;
    return ODIHRX_OK;
}

static void free_lexicon(odihrx_lexicon *lex)
{
    for (uint32_t i = 0; i < lex->count; i++) {
        pcre2_code_free(lex->rows[i].re);
        pcre2_code_free(lex->rows[i].at);
    }
    odihrx_free(lex->rows);
}

void odihrx_grammar_free(odihrx_grammar *g)
{
    if (!g)
        return;
    for (int i = 0; i < ODIHRX_PAT_COUNT; i++) {
        pcre2_code_free(g->pat[i]);
    }
    pcre2_code_free(g->locator_at);
    odihrx_hints_free(&g->gates);
    free_lexicon(&g->kinds);
    free_lexicon(&g->countries);
    free_lexicon(&g->topics);
    odihrx_hints_free(&g->topic_gates);
    for (uint32_t i = 0; i < g->ninstruments; i++)
        pcre2_code_free(g->instruments[i].re);
    odihrx_free(g->instruments);
    odihrx_free(g->catalog);
    pcre2_code_free(g->inst_anchored);
    pcre2_match_context_free(g->mctx);
    odihrx_free(g->strings);
    odihrx_free(g);
}

size_t odihrx_grammar_catalog_count(const odihrx_grammar *g)
{
    return g ? g->ncatalog : 0;
}

int odihrx_grammar_catalog_at(const odihrx_grammar *g, size_t i, odihrx_catalog_entry *out)
{
    if (!g || i >= g->ncatalog)
        return 0;
    out->paragraph = g->catalog[i].paragraph;
    out->subject = g->catalog[i].subject;
    out->election = g->catalog[i].election;
    out->certain = g->catalog[i].certain;
    return 1;
}

int odihrx_match(odihrx_doc *doc, const pcre2_code *re, const char *s, size_t len,
                 size_t start, uint32_t line)
{
    pcre2_match_data *md = doc->match_data;
    if (start > len)
        return 0;
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, md,
                         doc->grammar->mctx);
    if (rc >= 0)
        return rc == 0 ? 1 : rc;
    if (rc != PCRE2_ERROR_NOMATCH) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(rc, msg, sizeof msg);
        odihrx_diag_add(doc, ODIHRX_WARNING, "pattern-limit", line,
                        "pattern matching stopped: %s (limit %u)", (const char *)msg,
                        ODIHRX_PCRE2_MATCH_LIMIT);
    }
    return 0;
}

const pcre2_code *odihrx_match_at_words(odihrx_doc *doc, const pcre2_code *re,
                                        const pcre2_code *twin, const odihrx_hints *h,
                                        uint64_t sets, const char *s, size_t len, size_t from,
                                        uint32_t line)
{
    if (!twin)
        return odihrx_match(doc, re, s, len, from, line) > 0 ? re : NULL;
    for (size_t at = odihrx_hints_next(h, sets, s, len, from); at < len;
         at = odihrx_hints_next(h, sets, s, len, at + 1))
        if (odihrx_match(doc, twin, s, len, at, line) > 0)
            return twin;
    return NULL;
}

bool odihrx_group(const odihrx_doc *doc, const pcre2_code *re, const char *name,
                  uint32_t number, size_t *start, size_t *end)
{
    pcre2_match_data *md = doc->match_data;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t count = pcre2_get_ovector_count(md);
    if (name) {
        /* With (?J) a name may stand for several groups: take the one set. */
        PCRE2_SPTR first, last;
        int entry = pcre2_substring_nametable_scan(re, (PCRE2_SPTR)name, &first, &last);
        if (entry < 0)
            return false;
        uint32_t esize;
        pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &esize);
        for (PCRE2_SPTR e = first; e <= last; e += esize) {
            uint32_t g = (uint32_t)(e[0] << 8 | e[1]);
            if (g < count && ov[2 * g] != PCRE2_UNSET) {
                *start = ov[2 * g];
                *end = ov[2 * g + 1];
                return true;
            }
        }
        return false;
    }
    if (number >= count)
        return false;
    if (ov[2 * number] == PCRE2_UNSET)
        return false;
    *start = ov[2 * number];
    *end = ov[2 * number + 1];
    return true;
}
