/*
 * diff_text.c: the texts of recommendations for `odihrx diff`.
 *   vectors    every text a bag of stems: NFKC and case folding (utf8proc),
 *              words of letters, marks and digits, stop words out
 *              (diff_stopwords.h, from grammars/stopwords.txt), numbers out
 *              (paragraph and page references more often than content),
 *              Snowball stems (English, or Russian for a word with Cyrillic
 *              letters); weighted (1 + ln tf) * ln(1 + N / df), N and df
 *              counted over the recommendations of both reports, so that what
 *              every recommendation says ("election", "law") weighs little;
 *              unit length.
 *   word diff  the changes between two texts, word by word (LCS over case-
 *              folded words without outer punctuation).
 * Reads: two dx_report, or two texts. Writes: dx_vectors, dx_seg arrays.
 */
#include "diff.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "diff_stopwords.h"

/* Word diffs of more cells than this (after trimming the common prefix and
 * suffix) show the middle as replaced whole: LCS is quadratic. */
#define DX_DIFF_MAX_CELLS ((size_t)4 << 20)

/* ------------------------------------------------- small numerics */

/* The CLI links no libm (the library does not need it), and IDF needs a
 * logarithm: x = m * 2^e with m in [1, 2), ln x = e ln 2 + 2 atanh(t),
 * t = (m - 1) / (m + 1) <= 1/3, so 20 terms of the series are exact to
 * double precision. x > 0. */
static double ln_pos(double x)
{
    int e = 0;
    while (x >= 2.0) {
        x /= 2.0;
        e++;
    }
    while (x < 1.0) {
        x *= 2.0;
        e--;
    }
    double t = (x - 1.0) / (x + 1.0), t2 = t * t, term = t, sum = 0.0;
    for (int k = 1; k < 40; k += 2) {
        sum += term / k;
        term *= t2;
    }
    return e * 0.69314718055994530942 + 2.0 * sum;
}

/* Newton's method from above decreases monotonically: stop when it stops. */
double dx_sqrt(double x)
{
    if (!(x > 0.0))
        return 0.0;
    double r = x > 1.0 ? x : 1.0;
    for (int i = 0; i < 200; i++) {
        double next = 0.5 * (r + x / r);
        if (next >= r)
            break;
        r = next;
    }
    return r;
}

/* -------------------------------------------------------- vocabulary */

/* Interned strings to dense ids: open addressing, power-of-two slots. */
typedef struct vocab {
    char *pool;
    size_t pool_len, pool_cap;
    uint32_t *off, *len;
    uint32_t count, cap;
    uint32_t *slots; /* id + 1; 0 is empty */
    uint32_t nslots;
} vocab;

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void vocab_free(vocab *v)
{
    free(v->pool);
    free(v->off);
    free(v->len);
    free(v->slots);
    memset(v, 0, sizeof *v);
}

static uint32_t vocab_find(const vocab *v, const char *s, size_t n)
{
    if (!v->nslots)
        return UINT32_MAX;
    for (uint32_t i = fnv1a(s, n) & (v->nslots - 1);; i = (i + 1) & (v->nslots - 1)) {
        uint32_t id = v->slots[i];
        if (!id)
            return UINT32_MAX;
        id--;
        if (v->len[id] == n && memcmp(v->pool + v->off[id], s, n) == 0)
            return id;
    }
}

static int vocab_rehash(vocab *v)
{
    uint32_t nslots = v->nslots ? v->nslots * 2 : 1024;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 0; id < v->count; id++) {
        uint32_t i = fnv1a(v->pool + v->off[id], v->len[id]) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = id + 1;
    }
    free(v->slots);
    v->slots = slots;
    v->nslots = nslots;
    return 0;
}

static int vocab_reserve(vocab *v, size_t n)
{
    if (v->count == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 1024;
        uint32_t *off = realloc(v->off, cap * sizeof *off);
        if (off)
            v->off = off;
        uint32_t *len = off ? realloc(v->len, cap * sizeof *len) : NULL;
        if (!len)
            return -1;
        v->len = len;
        v->cap = cap;
    }
    if (v->pool_cap - v->pool_len < n) {
        size_t cap = v->pool_cap ? v->pool_cap * 2 : 65536;
        while (cap - v->pool_len < n)
            cap *= 2;
        if (cap > UINT32_MAX)
            return -1;
        char *pool = realloc(v->pool, cap);
        if (!pool)
            return -1;
        v->pool = pool;
        v->pool_cap = cap;
    }
    return (v->count + 1) * 2 > v->nslots ? vocab_rehash(v) : 0;
}

/* The id of s[0..n), added when new; UINT32_MAX when out of memory. */
static uint32_t vocab_intern(vocab *v, const char *s, size_t n)
{
    uint32_t id = vocab_find(v, s, n);
    if (id != UINT32_MAX)
        return id;
    if (vocab_reserve(v, n))
        return UINT32_MAX;
    id = v->count++;
    v->off[id] = (uint32_t)v->pool_len;
    v->len[id] = (uint32_t)n;
    memcpy(v->pool + v->pool_len, s, n);
    v->pool_len += n;
    uint32_t i = fnv1a(s, n) & (v->nslots - 1);
    while (v->slots[i])
        i = (i + 1) & (v->nslots - 1);
    v->slots[i] = id + 1;
    return id;
}

/* ------------------------------------------------ words and stems */

typedef struct stemmers {
    struct sb_stemmer *en, *ru;
    vocab stop;  /* stop words and their stems */
    vocab terms; /* stems of both reports */
} stemmers;

/* A stem of the word w[0..n) (case folded), or NULL when out of memory. */
static const char *stem_of(const stemmers *st, const char *w, size_t n, bool cyrillic,
                           size_t *stem_len)
{
    struct sb_stemmer *sb = cyrillic ? st->ru : st->en;
    const sb_symbol *s = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)n);
    *stem_len = s ? (size_t)sb_stemmer_length(sb) : 0;
    return (const char *)s;
}

/* A lead byte 0xD0 or 0xD1 is U+0400..U+047F, every letter of Russian. */
static bool has_cyrillic(const char *w, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)w[i] == 0xD0 || (unsigned char)w[i] == 0xD1)
            return true;
    return false;
}

static int stemmers_init(stemmers *st)
{
    st->en = sb_stemmer_new("english", "UTF_8");
    st->ru = sb_stemmer_new("russian", "UTF_8");
    if (!st->en || !st->ru)
        return -1;
    for (size_t i = 0; i < sizeof dx_stopwords / sizeof dx_stopwords[0]; i++) {
        const char *w = dx_stopwords[i];
        size_t n = strlen(w), sn;
        if (vocab_intern(&st->stop, w, n) == UINT32_MAX)
            return -1;
        const char *s = stem_of(st, w, n, has_cyrillic(w, n), &sn);
        if (!s || vocab_intern(&st->stop, s, sn) == UINT32_MAX)
            return -1;
    }
    return 0;
}

static void stemmers_free(stemmers *st)
{
    if (st->en)
        sb_stemmer_delete(st->en);
    if (st->ru)
        sb_stemmer_delete(st->ru);
    vocab_free(&st->stop);
    vocab_free(&st->terms);
}

/* A growable array of term ids. */
typedef struct ids {
    uint32_t *v;
    size_t n, cap;
} ids;

static int ids_push(ids *a, uint32_t x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 4096;
        uint32_t *v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

/* One folded word: dropped when too short, a number, or a stop word. */
static int add_word(stemmers *st, const char *w, size_t n, size_t letters, ids *out)
{
    if (letters < 2 || vocab_find(&st->stop, w, n) != UINT32_MAX)
        return 0;
    size_t sn;
    const char *s = stem_of(st, w, n, has_cyrillic(w, n), &sn);
    if (!s)
        return -1;
    if (sn == 0 || vocab_find(&st->stop, s, sn) != UINT32_MAX)
        return 0;
    uint32_t id = vocab_intern(&st->terms, s, sn);
    return id == UINT32_MAX ? -1 : ids_push(out, id);
}

static bool is_word_char(utf8proc_int32_t cp, bool *letter)
{
    utf8proc_category_t c = utf8proc_category(cp);
    *letter = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
    return *letter || (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_NO);
}

/* The stems of text appended to out; -1 when out of memory. */
static int text_stems(stemmers *st, const char *text, ids *out)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)text, 0, &folded,
                                        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                            UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (len < 0) /* the library wrote valid UTF-8; this is out of memory */
        return -1;
    int rc = 0;
    size_t start = 0, letters = 0;
    for (utf8proc_ssize_t i = 0; i <= len && rc == 0;) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t k = i < len ? utf8proc_iterate(folded + i, len - i, &cp) : 1;
        bool letter = false;
        if (i < len && k > 0 && is_word_char(cp, &letter)) {
            letters += letter;
        } else {
            if ((size_t)i > start)
                rc = add_word(st, (const char *)folded + start, (size_t)i - start, letters, out);
            start = (size_t)i + (size_t)(k > 0 ? k : 1);
            letters = 0;
        }
        i += k > 0 ? k : 1;
    }
    free(folded);
    return rc;
}

/* ---------------------------------------------------------- vectors */

void dx_vectors_free(dx_vectors *v)
{
    free(v->start);
    free(v->count);
    free(v->term);
    free(v->weight);
    memset(v, 0, sizeof *v); /* freeing twice is harmless */
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort each rec's stems, fold repeats into (term, tf), count df. */
static void count_terms(dx_vectors *v, const ids *all, uint32_t *df)
{
    size_t o = 0;
    for (size_t r = 0; r < v->nrecs; r++) {
        size_t n = v->count[r], u = 0;
        uint32_t *s = n ? all->v + v->start[r] : NULL;
        if (n > 1) /* qsort(NULL, 0) is undefined */
            qsort(s, n, sizeof *s, cmp_u32);
        v->start[r] = o;
        for (size_t i = 0; i < n; i++) {
            if (u && v->term[o + u - 1] == s[i]) {
                v->weight[o + u - 1] += 1.0;
                continue;
            }
            v->term[o + u] = s[i];
            v->weight[o + u] = 1.0;
            df[s[i]]++;
            u++;
        }
        v->count[r] = u;
        o += u;
    }
}

static void weigh_terms(dx_vectors *v, const uint32_t *df)
{
    for (size_t r = 0; r < v->nrecs; r++) {
        double norm = 0.0;
        double *w = v->weight + v->start[r];
        const uint32_t *t = v->term + v->start[r];
        for (size_t i = 0; i < v->count[r]; i++) {
            w[i] = (1.0 + ln_pos(w[i])) * ln_pos(1.0 + (double)v->nrecs / df[t[i]]);
            norm += w[i] * w[i];
        }
        norm = dx_sqrt(norm);
        for (size_t i = 0; i < v->count[r] && norm > 0.0; i++)
            w[i] /= norm;
    }
}

static int stem_all(const dx_report *old, const dx_report *new, stemmers *st, dx_vectors *v)
{
    ids all = {0};
    uint32_t *df = NULL;
    int rc = -1;
    v->nrecs = old->nrecs + new->nrecs;
    v->start = calloc(v->nrecs + 1, sizeof *v->start);
    v->count = calloc(v->nrecs + 1, sizeof *v->count);
    if (!v->start || !v->count)
        goto done;
    for (size_t r = 0; r < v->nrecs; r++) {
        const dx_rec *rec = r < old->nrecs ? &old->recs[r] : &new->recs[r - old->nrecs];
        v->start[r] = all.n;
        if (text_stems(st, rec->text, &all))
            goto done;
        v->count[r] = all.n - v->start[r];
    }
    v->nterms = st->terms.count;
    v->term = malloc((all.n + 1) * sizeof *v->term);
    v->weight = malloc((all.n + 1) * sizeof *v->weight);
    df = calloc(v->nterms + 1, sizeof *df);
    if (!v->term || !v->weight || !df)
        goto done;
    count_terms(v, &all, df);
    weigh_terms(v, df);
    rc = 0;
done:
    free(all.v);
    free(df);
    return rc;
}

/* --------------------------------------------------------- word diff */

typedef struct word {
    const char *s; /* into a copy of the text, NUL-terminated */
    char *key;     /* case folded, outer punctuation stripped */
} word;

static void free_words(word *w, size_t n)
{
    for (size_t i = 0; w && i < n; i++)
        free(w[i].key);
    free(w);
}

/* The comparison key of a word: "(ODIHR)," and "odihr" are the same. */
static char *word_key(const char *s)
{
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t len =
        utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (len < 0)
        return NULL;
    utf8proc_ssize_t b = 0, e = len;
    for (;;) { /* leading punctuation */
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(f + b, e - b, &cp);
        if (k <= 0 || utf8proc_category(cp) < UTF8PROC_CATEGORY_PC ||
            utf8proc_category(cp) > UTF8PROC_CATEGORY_PO)
            break;
        b += k;
    }
    while (e > b) { /* trailing punctuation: step back to a lead byte */
        utf8proc_ssize_t s0 = e - 1;
        while (s0 > b && (f[s0] & 0xC0) == 0x80)
            s0--;
        utf8proc_int32_t cp;
        if (utf8proc_iterate(f + s0, e - s0, &cp) <= 0 ||
            utf8proc_category(cp) < UTF8PROC_CATEGORY_PC ||
            utf8proc_category(cp) > UTF8PROC_CATEGORY_PO)
            break;
        e = s0;
    }
    memmove(f, f + b, (size_t)(e - b));
    f[e - b] = '\0';
    return (char *)f;
}

/* Split text (single spaces, as read) into words in place. */
static word *split_words(char *text, size_t *n)
{
    size_t count = *text ? 1 : 0;
    for (const char *p = text; *p; p++)
        count += *p == ' ';
    word *w = calloc(count + 1, sizeof *w);
    if (!w)
        return NULL;
    *n = 0;
    for (char *p = text; *p;) {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = '\0';
        w[*n].s = p;
        w[*n].key = word_key(p);
        if (!w[*n].key) {
            free_words(w, *n);
            return NULL;
        }
        ++*n;
        p = sp ? sp + 1 : p + strlen(p);
    }
    return w;
}

/* A growable string of words joined by single spaces. */
typedef struct words_buf {
    char *s;
    size_t len, cap;
} words_buf;

static int words_add(words_buf *w, const char *word)
{
    size_t n = strlen(word), need = w->len + n + 2;
    if (need > w->cap) {
        char *p = realloc(w->s, need * 2);
        if (!p)
            return -1;
        w->s = p;
        w->cap = need * 2;
    }
    if (w->len)
        w->s[w->len++] = ' ';
    memcpy(w->s + w->len, word, n);
    w->len += n;
    w->s[w->len] = '\0';
    return 0;
}

/* Runs of words with the same op. An equal run keeps both spellings
 * ("Lifting" / "lifting"), so each side can be shown as it was written. */
typedef struct seg_builder {
    dx_seg *segs;
    size_t n, cap;
    words_buf cur, cur_old;
    char op;
    bool oom;
} seg_builder;

static char *take_words(words_buf *w)
{
    char *t = malloc(w->len + 1);
    if (t) {
        memcpy(t, w->s, w->len);
        t[w->len] = '\0';
    }
    w->len = 0;
    return t;
}

static void seg_flush(seg_builder *b)
{
    if (!b->cur.len || b->oom)
        return;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        dx_seg *s = realloc(b->segs, cap * sizeof *s);
        if (!s) {
            b->oom = true;
            return;
        }
        b->segs = s;
        b->cap = cap;
    }
    bool differs = b->op == '=' && strcmp(b->cur.s, b->cur_old.s) != 0;
    char *t = take_words(&b->cur), *o = differs ? take_words(&b->cur_old) : NULL;
    b->cur_old.len = 0;
    if (!t || (differs && !o)) {
        free(t);
        free(o);
        b->oom = true;
        return;
    }
    b->segs[b->n++] = (dx_seg){b->op, t, o};
}

/* One word: for '=' new_w is the new spelling and old_w the old one. */
static void seg_word(seg_builder *b, char op, const char *new_w, const char *old_w)
{
    if (op != b->op)
        seg_flush(b);
    b->op = op;
    if (words_add(&b->cur, new_w) || (op == '=' && words_add(&b->cur_old, old_w)))
        b->oom = true;
}

static bool same_word(const word *a, const word *b)
{
    return strcmp(a->key, b->key) == 0;
}

/* The middle a[0..n) x b[0..m) by LCS; when too big, replaced whole. */
static void diff_middle(seg_builder *sb, const word *a, size_t n, const word *b, size_t m)
{
    size_t cells = (n + 1) * (m + 1);
    uint32_t *L = cells <= DX_DIFF_MAX_CELLS ? calloc(cells, sizeof *L) : NULL;
    if (!L && cells <= DX_DIFF_MAX_CELLS)
        sb->oom = true;
    for (size_t i = n; L && i-- > 0;) /* L[i][j]: LCS of a[i..] and b[j..] */
        for (size_t j = m; j-- > 0;)
            L[i * (m + 1) + j] = same_word(&a[i], &b[j]) ? L[(i + 1) * (m + 1) + j + 1] + 1
                                 : L[(i + 1) * (m + 1) + j] > L[i * (m + 1) + j + 1]
                                     ? L[(i + 1) * (m + 1) + j]
                                     : L[i * (m + 1) + j + 1];
    size_t i = 0, j = 0;
    while (L && i < n && j < m) {
        if (same_word(&a[i], &b[j])) {
            seg_word(sb, '=', b[j].s, a[i].s);
            i++, j++;
        } else if (L[(i + 1) * (m + 1) + j] >= L[i * (m + 1) + j + 1]) {
            seg_word(sb, '-', a[i++].s, NULL);
        } else {
            seg_word(sb, '+', b[j++].s, NULL);
        }
    }
    while (i < n)
        seg_word(sb, '-', a[i++].s, NULL);
    while (j < m)
        seg_word(sb, '+', b[j++].s, NULL);
    free(L);
}

int dx_word_diff(const char *old_text, const char *new_text, dx_seg **segs, size_t *nsegs)
{
    char *ca = strdup(old_text), *cb = strdup(new_text);
    word *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    seg_builder sb = {.op = '='};
    int rc = -1;
    if (!ca || !cb || !(a = split_words(ca, &na)) || !(b = split_words(cb, &nb)))
        goto done;
    size_t pre = 0, suf = 0;
    for (; pre < na && pre < nb && same_word(&a[pre], &b[pre]); pre++)
        seg_word(&sb, '=', b[pre].s, a[pre].s);
    while (suf < na - pre && suf < nb - pre && same_word(&a[na - 1 - suf], &b[nb - 1 - suf]))
        suf++;
    diff_middle(&sb, a + pre, na - pre - suf, b + pre, nb - pre - suf);
    for (size_t k = 0; k < suf; k++)
        seg_word(&sb, '=', b[nb - suf + k].s, a[na - suf + k].s);
    seg_flush(&sb);
    if (!sb.oom)
        rc = 0;
done:
    *segs = sb.segs;
    *nsegs = sb.n;
    free(sb.cur.s);
    free(sb.cur_old.s);
    free_words(a, na);
    free_words(b, nb);
    free(ca);
    free(cb);
    return rc;
}

int dx_vectors_build(const dx_report *old, const dx_report *new, dx_vectors *v)
{
    stemmers st = {0};
    int rc = -1;
    memset(v, 0, sizeof *v);
    if (stemmers_init(&st) == 0 && stem_all(old, new, &st, v) == 0)
        rc = 0;
    stemmers_free(&st);
    if (rc)
        dx_vectors_free(v);
    return rc;
}
