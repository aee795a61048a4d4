/*
 * diff_match.c: the recommendations of two reports matched one to one.
 *
 * 1. Texts become unit vectors of weighted stems (diff_text.c).
 * 2. Pairs come from an inverted index of NEW, so only pairs that share a
 *    stem cost anything (and texts that share none are never paired). A
 *    pair's wording is the cosine; its text score the mean of the cosine
 *    and the coverage of the shorter text by the longer (summaries); its
 *    score half text, half topic agreement (the cosine of topic lexicon hit
 *    counts: the same concern in other words), and where both carry keys or
 *    a subheading topic, their agreement scales it (0.8x to 1x).
 * 3. Candidate pairs (score >= similar threshold, or wording >= same
 *    threshold; the best DX_MAX_CANDIDATES of each old one) form a bipartite
 *    graph; each connected component is assigned by the Hungarian method,
 *    which maximises the total score. Components are small in practice, so
 *    the cost stays close to the number of candidate pairs; a component too
 *    big for O(k^3) is assigned greedily and the result says so.
 * 4. Entries: status, shared keys and topics, word-level changes
 *    (diff_text.c), related and nearest candidates, follow-up statements.
 * Reads: two dx_report. Writes: a dx_result.
 */
#include "diff.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Context (keys, topic) scales a score by at least this much. */
#define DX_CONTEXT_FLOOR 0.8
/* The share of topic agreement in the score, where both texts hit topics. */
#define DX_TOPIC_WEIGHT 0.5
/* Beyond rows*rows*cols of this, a component is assigned greedily. */
#define DX_HUNGARIAN_MAX_OPS 3e8
/* At most this many related recommendations per entry. */
#define DX_MAX_RELATED 5
/* Each old recommendation keeps its best this-many candidates: an optimal
 * assignment practically never reaches further down a list, and it bounds
 * memory and time by n * DX_MAX_CANDIDATES where every text resembles every
 * other (boilerplate recommendations), instead of n * m. */
#define DX_MAX_CANDIDATES 64

/* ------------------------------------------------------------ scores */

typedef struct edge {
    uint32_t old, new;
    double score, wording;
} edge;

typedef struct edges {
    edge *v;
    size_t n, cap;
} edges;

static int edges_push(edges *e, uint32_t old, uint32_t new, double score, double wording)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 256;
        edge *v = realloc(e->v, cap * sizeof *v);
        if (!v)
            return -1;
        e->v = v;
        e->cap = cap;
    }
    e->v[e->n++] = (edge){old, new, score, wording};
    return 0;
}

static size_t count_shared_keys(const dx_rec *a, const dx_rec *b)
{
    size_t shared = 0;
    for (size_t i = 0; i < a->nkeys; i++)
        for (size_t j = 0; j < b->nkeys; j++)
            shared += strcmp(a->keys[i], b->keys[j]) == 0;
    return shared;
}

/* Cosine of the topic lexicon hit counts; -1 when a text hits no topic
 * (the lexicon does not know its subject: no evidence either way). */
static double topic_agreement(const dx_rec *a, const dx_rec *b)
{
    if (!a->nconcepts || !b->nconcepts)
        return -1.0;
    double dot = 0.0, na = 0.0, nb = 0.0;
    size_t i = 0, j = 0;
    while (i < a->nconcepts && j < b->nconcepts) { /* both sorted by row */
        if (a->concepts[i].row == b->concepts[j].row)
            dot += (double)a->concepts[i++].hits * b->concepts[j++].hits;
        else if (a->concepts[i].row < b->concepts[j].row)
            i++;
        else
            j++;
    }
    for (i = 0; i < a->nconcepts; i++)
        na += (double)a->concepts[i].hits * a->concepts[i].hits;
    for (j = 0; j < b->nconcepts; j++)
        nb += (double)b->concepts[j].hits * b->concepts[j].hits;
    return dot / dx_sqrt(na * nb);
}

/* The score of a pair from its text score: topics mixed in, then scaled
 * by the agreement of Copenhagen keys and subheading topics where both
 * recommendations carry them. */
static double combine(double text, const dx_rec *a, const dx_rec *b)
{
    double topics = topic_agreement(a, b);
    if (topics >= 0.0)
        text = (1.0 - DX_TOPIC_WEIGHT) * text + DX_TOPIC_WEIGHT * topics;
    double agreement = 0.0;
    int signals = 0;
    if (a->nkeys && b->nkeys) {
        size_t shared = count_shared_keys(a, b);
        agreement += (double)shared / (double)(a->nkeys + b->nkeys - shared);
        signals++;
    }
    if (a->topic && b->topic) {
        agreement += strcasecmp(a->topic, b->topic) == 0;
        signals++;
    }
    if (!signals)
        return text;
    return text * (DX_CONTEXT_FLOOR + (1.0 - DX_CONTEXT_FLOOR) * agreement / signals);
}

/* Scores of every pair that shares a stem, from an inverted index of the
 * new recommendations. */
typedef struct scorer {
    const dx_report *old, *new;
    const dx_vectors *v;
    size_t *post_start; /* per term, into post_rec / post_w */
    uint32_t *post_rec;
    double *post_w;
    double *acc;                   /* per new rec, the dot product so far */
    double *cover_old, *cover_new; /* per new rec, squared weights shared so far */
    uint32_t *shared;              /* per new rec, shared stems so far; 0: untouched */
    uint32_t *touched;
    dx_link *nearest_old, *nearest_new;
} scorer;

static int build_index(scorer *s)
{
    const dx_vectors *v = s->v;
    size_t n0 = s->old->nrecs, total = 0;
    s->post_start = calloc((size_t)v->nterms + 2, sizeof *s->post_start);
    if (!s->post_start)
        return -1;
    for (size_t r = n0; r < v->nrecs; r++)
        for (size_t i = 0; i < v->count[r]; i++, total++)
            s->post_start[v->term[v->start[r] + i] + 2]++;
    for (uint32_t t = 0; t < v->nterms; t++)
        s->post_start[t + 2] += s->post_start[t + 1];
    s->post_rec = malloc((total + 1) * sizeof *s->post_rec);
    s->post_w = malloc((total + 1) * sizeof *s->post_w);
    if (!s->post_rec || !s->post_w)
        return -1;
    for (size_t r = n0; r < v->nrecs; r++)
        for (size_t i = 0; i < v->count[r]; i++) {
            size_t at = s->post_start[v->term[v->start[r] + i] + 1]++;
            s->post_rec[at] = (uint32_t)(r - n0);
            s->post_w[at] = v->weight[v->start[r] + i];
        }
    return 0;
}

static void note_nearest(dx_link *l, bool in_new, size_t index, double score)
{
    if (score > l->score) {
        l->in_new = in_new;
        l->index = index;
        l->score = score;
    }
}

static double at_most_one(double x)
{
    return x > 1.0 ? 1.0 : x;
}

/* One candidate pair: scored, kept as an edge when it may be assigned. */
static int consider_pair(scorer *s, const dx_params *p, uint32_t i, uint32_t j, edges *out)
{
    const dx_rec *a = &s->old->recs[i], *b = &s->new->recs[j];
    bool identical = strcmp(a->text, b->text) == 0;
    double wording = identical ? 1.0 : at_most_one(s->acc[j]);
    double cover =
        at_most_one(s->cover_old[j] > s->cover_new[j] ? s->cover_old[j] : s->cover_new[j]);
    double text = identical ? 1.0 : (wording + cover) / 2.0;
    double score = combine(text, a, b);
    note_nearest(&s->nearest_old[i], true, j, score);
    note_nearest(&s->nearest_new[j], false, i, score);
    if (score > 0.0 && (score >= p->similar_min || wording >= p->same_min))
        return edges_push(out, i, j, score, wording);
    return 0;
}

/* Best first; ties in a fixed order so that the output is reproducible. */
static int cmp_edge_best_first(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->old != y->old)
        return x->old < y->old ? -1 : 1;
    return x->new < y->new ? -1 : x->new > y->new;
}

static int score_row(scorer *s, const dx_params *p, uint32_t i, edges *out)
{
    size_t first = out->n;
    const dx_vectors *v = s->v;
    size_t ntouched = 0;
    for (size_t k = 0; k < v->count[i]; k++) {
        uint32_t t = v->term[v->start[i] + k];
        double w = v->weight[v->start[i] + k];
        for (size_t q = s->post_start[t]; q < s->post_start[t + 1]; q++) {
            uint32_t j = s->post_rec[q];
            if (!s->shared[j])
                s->touched[ntouched++] = j;
            s->acc[j] += w * s->post_w[q];
            s->cover_old[j] += w * w;
            s->cover_new[j] += s->post_w[q] * s->post_w[q];
            s->shared[j]++;
        }
    }
    int rc = 0;
    for (size_t k = 0; k < ntouched && rc == 0; k++)
        rc = consider_pair(s, p, i, s->touched[k], out);
    for (size_t k = 0; k < ntouched; k++) {
        s->acc[s->touched[k]] = 0.0;
        s->cover_old[s->touched[k]] = 0.0;
        s->cover_new[s->touched[k]] = 0.0;
        s->shared[s->touched[k]] = 0;
    }
    /* Texts without a single content word meet no one through the index;
     * an identical one on the other side is still the same. */
    for (uint32_t j = 0; rc == 0 && v->count[i] == 0 && j < s->new->nrecs; j++)
        if (v->count[s->old->nrecs + j] == 0 &&
            strcmp(s->old->recs[i].text, s->new->recs[j].text) == 0)
            rc = consider_pair(s, p, i, j, out);
    if (out->n - first > DX_MAX_CANDIDATES) {
        qsort(out->v + first, out->n - first, sizeof *out->v, cmp_edge_best_first);
        out->n = first + DX_MAX_CANDIDATES;
    }
    return rc;
}

static void scorer_free(scorer *s)
{
    free(s->post_start);
    free(s->post_rec);
    free(s->post_w);
    free(s->acc);
    free(s->cover_old);
    free(s->cover_new);
    free(s->shared);
    free(s->touched);
}

static int score_pairs(scorer *s, const dx_params *p, edges *out)
{
    size_t m = s->new->nrecs + 1;
    s->acc = calloc(m, sizeof *s->acc);
    s->cover_old = calloc(m, sizeof *s->cover_old);
    s->cover_new = calloc(m, sizeof *s->cover_new);
    s->shared = calloc(m, sizeof *s->shared);
    s->touched = malloc(m * sizeof *s->touched);
    if (!s->acc || !s->cover_old || !s->cover_new || !s->shared || !s->touched || build_index(s))
        return -1;
    for (uint32_t i = 0; i < s->old->nrecs; i++)
        if (score_row(s, p, i, out))
            return -1;
    return 0;
}

/* -------------------------------------------------------- assignment */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

typedef struct assigner {
    size_t nold, nnew;
    uint32_t *partner_old; /* per old, the new it pairs with, or UINT32_MAX */
    uint32_t *partner_new;
    double *pair_score, *pair_wording; /* per old */
    uint32_t *local_old, *local_new;   /* global index -> row / column */
    bool approximated;
} assigner;

/* Hungarian method (Kuhn-Munkres with potentials, O(rows^2 cols)) on
 * cost = -score, rows <= cols; col_of[r] receives the column of row r. */
static int hungarian(const double *score, size_t rows, size_t cols, size_t *col_of)
{
    size_t n1 = rows + 1, m1 = cols + 1;
    double *u = calloc(n1, sizeof *u), *v = calloc(m1, sizeof *v);
    double *minv = malloc(m1 * sizeof *minv);
    size_t *p = calloc(m1, sizeof *p), *way = calloc(m1, sizeof *way);
    bool *used = malloc(m1 * sizeof *used);
    int rc = -1;
    if (!u || !v || !minv || !p || !way || !used)
        goto done;
    for (size_t i = 1; i <= rows; i++) {
        size_t j0 = 0;
        p[0] = i;
        for (size_t j = 0; j < m1; j++) {
            minv[j] = 1e300;
            used[j] = false;
        }
        do {
            used[j0] = true;
            size_t i0 = p[j0], j1 = 0;
            double delta = 1e300;
            for (size_t j = 1; j <= cols; j++) {
                if (used[j])
                    continue;
                double cur = -score[(i0 - 1) * cols + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (size_t j = 0; j <= cols; j++) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    for (size_t j = 1; j <= cols; j++)
        if (p[j])
            col_of[p[j] - 1] = j - 1;
    rc = 0;
done:
    free(u);
    free(v);
    free(minv);
    free(p);
    free(way);
    free(used);
    return rc;
}

static void take_pair(assigner *a, const edge *e)
{
    a->partner_old[e->old] = e->new;
    a->partner_new[e->new] = e->old;
    a->pair_score[e->old] = e->score;
    a->pair_wording[e->old] = e->wording;
}

/* Edges sorted best first: take each whose ends are both still free. */
static void assign_greedy(assigner *a, const edge *e, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (a->partner_old[e[k].old] == UINT32_MAX && a->partner_new[e[k].new] == UINT32_MAX)
            take_pair(a, &e[k]);
}

/* One connected component's edges e[0..n): an optimal assignment. */
static int assign_component(assigner *a, const edge *e, size_t n)
{
    size_t rows = 0, cols = 0;
    for (size_t k = 0; k < n; k++) {
        if (a->local_old[e[k].old] == UINT32_MAX)
            a->local_old[e[k].old] = (uint32_t)rows++;
        if (a->local_new[e[k].new] == UINT32_MAX)
            a->local_new[e[k].new] = (uint32_t)cols++;
    }
    bool transpose = rows > cols;
    size_t r = transpose ? cols : rows, c = transpose ? rows : cols;
    double *score = NULL;
    size_t *col_of = NULL;
    int rc = 0;
    if ((double)r * (double)r * (double)c > DX_HUNGARIAN_MAX_OPS) {
        a->approximated = true;
        assign_greedy(a, e, n);
        goto done;
    }
    score = calloc(r * c, sizeof *score);
    col_of = malloc(r * sizeof *col_of);
    rc = !score || !col_of ? -1 : 0;
    for (size_t k = 0; rc == 0 && k < n; k++) {
        size_t lo = a->local_old[e[k].old], ln = a->local_new[e[k].new];
        score[transpose ? ln * c + lo : lo * c + ln] = e[k].score;
    }
    if (rc == 0)
        rc = hungarian(score, r, c, col_of);
    for (size_t k = 0; rc == 0 && k < n; k++) {
        size_t lo = a->local_old[e[k].old], ln = a->local_new[e[k].new];
        if (transpose ? col_of[ln] == lo : col_of[lo] == ln)
            take_pair(a, &e[k]);
    }
done:
    for (size_t k = 0; k < n; k++) {
        a->local_old[e[k].old] = UINT32_MAX;
        a->local_new[e[k].new] = UINT32_MAX;
    }
    free(score);
    free(col_of);
    return rc;
}

typedef struct ranked {
    uint32_t root;
    edge e;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->root != y->root)
        return x->root < y->root ? -1 : 1;
    return cmp_edge_best_first(&x->e, &y->e);
}

/* Edges grouped by connected component (union-find), each group best first
 * and assigned on its own. */
static int assign(assigner *a, const edges *es)
{
    size_t nodes = a->nold + a->nnew;
    uint32_t *parent = malloc((nodes + 1) * sizeof *parent);
    ranked *rk = malloc((es->n + 1) * sizeof *rk);
    edge *run = malloc((es->n + 1) * sizeof *run);
    int rc = -1;
    if (!parent || !rk || !run)
        goto done;
    for (size_t x = 0; x < nodes; x++)
        parent[x] = (uint32_t)x;
    for (size_t k = 0; k < es->n; k++) {
        uint32_t x = uf_find(parent, es->v[k].old);
        uint32_t y = uf_find(parent, (uint32_t)a->nold + es->v[k].new);
        if (x != y)
            parent[x] = y;
    }
    for (size_t k = 0; k < es->n; k++)
        rk[k] = (ranked){uf_find(parent, es->v[k].old), es->v[k]};
    if (es->n > 1)
        qsort(rk, es->n, sizeof *rk, cmp_ranked);
    rc = 0;
    for (size_t k = 0; k < es->n && rc == 0;) {
        size_t n = 0;
        uint32_t root = rk[k].root;
        while (k < es->n && rk[k].root == root)
            run[n++] = rk[k++].e;
        rc = assign_component(a, run, n);
    }
done:
    free(parent);
    free(rk);
    free(run);
    return rc;
}

/* ----------------------------------------------------------- entries */

const char *dx_status_name(dx_status s)
{
    static const char *const names[] = {"same", "similar", "dropped", "new"};
    return s < DX_NSTATUS ? names[s] : "?";
}

/* Did the new report's follow-up statement p speak of the old report? Its
 * year must be the old report's election or issue year (the title's year
 * when the old report has neither date). */
static bool prior_applies(const dx_prior *p, const dx_report *old)
{
    if (!p->year)
        return false;
    if (old->election_year || old->issued_year)
        return p->year == old->election_year || p->year == old->issued_year;
    return p->year == old->title_year;
}

static int add_followup(dx_result *res, dx_entry *e)
{
    const dx_rec *rec = &res->old->recs[e->old_index];
    if (!rec->numbered)
        return 0;
    for (size_t p = 0; p < res->new->npriors; p++) {
        const dx_prior *pr = &res->new->priors[p];
        bool named = false;
        for (size_t k = 0; k < pr->nnums; k++)
            named |= pr->nums[k] == rec->n;
        if (!named || !res->prior_applies[p])
            continue;
        size_t *f = realloc(e->followup, (e->nfollowup + 1) * sizeof *f);
        if (!f)
            return -1;
        e->followup = f;
        e->followup[e->nfollowup++] = p;
    }
    return 0;
}

static int add_shared_keys(const dx_rec *a, const dx_rec *b, dx_entry *e)
{
    size_t n = count_shared_keys(a, b);
    if (!n)
        return 0;
    e->shared_keys = calloc(n, sizeof *e->shared_keys);
    if (!e->shared_keys)
        return -1;
    for (size_t i = 0; i < a->nkeys; i++)
        for (size_t j = 0; j < b->nkeys; j++)
            if (strcmp(a->keys[i], b->keys[j]) == 0)
                e->shared_keys[e->nshared++] = a->keys[i];
    return 0;
}

static int add_shared_topics(const dx_result *res, const dx_rec *a, const dx_rec *b, dx_entry *e)
{
    size_t n = a->nconcepts < b->nconcepts ? a->nconcepts : b->nconcepts;
    if (!n || !res->concept_names)
        return 0;
    e->shared_topics = calloc(n, sizeof *e->shared_topics);
    if (!e->shared_topics)
        return -1;
    for (size_t i = 0; i < a->nconcepts; i++)
        for (size_t j = 0; j < b->nconcepts; j++)
            if (a->concepts[i].row == b->concepts[j].row)
                e->shared_topics[e->nshared_topics++] = res->concept_names[a->concepts[i].row];
    return 0;
}

static int cmp_link(const void *x, const void *y)
{
    const dx_link *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->in_new != b->in_new)
        return a->in_new ? 1 : -1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The candidate edges of each old and each new recommendation: edges
 * come out of scoring in old order, so by_old only needs the run starts;
 * by_new is a counting sort of edge numbers. */
typedef struct adjacency {
    size_t *old_start; /* nold + 1 */
    size_t *new_start; /* nnew + 1 */
    size_t *by_new;    /* edge numbers grouped by new */
} adjacency;

static void adjacency_free(adjacency *adj)
{
    free(adj->old_start);
    free(adj->new_start);
    free(adj->by_new);
}

static int adjacency_build(adjacency *adj, const edges *es, size_t nold, size_t nnew)
{
    adj->old_start = calloc(nold + 2, sizeof *adj->old_start);
    adj->new_start = calloc(nnew + 2, sizeof *adj->new_start);
    adj->by_new = malloc((es->n + 1) * sizeof *adj->by_new);
    if (!adj->old_start || !adj->new_start || !adj->by_new)
        return -1;
    for (size_t k = 0; k < es->n; k++) {
        adj->old_start[es->v[k].old + 1]++;
        adj->new_start[es->v[k].new + 1]++;
    }
    for (size_t i = 0; i < nold; i++)
        adj->old_start[i + 1] += adj->old_start[i];
    for (size_t j = 0; j < nnew; j++)
        adj->new_start[j + 1] += adj->new_start[j];
    size_t *fill = malloc((nnew + 1) * sizeof *fill);
    if (!fill)
        return -1;
    memcpy(fill, adj->new_start, (nnew + 1) * sizeof *fill);
    for (size_t k = 0; k < es->n; k++)
        adj->by_new[fill[es->v[k].new]++] = k;
    free(fill);
    return 0;
}

static int push_link(dx_entry *e, size_t *cap, dx_link l)
{
    if (e->nrelated == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        dx_link *p = realloc(e->related, ncap * sizeof *p);
        if (!p)
            return -1;
        e->related = p;
        *cap = ncap;
    }
    e->related[e->nrelated++] = l;
    return 0;
}

/* Candidates of this entry's old and new recommendations that the
 * assignment gave to others (or to no one), best first. */
static int add_related(const edges *es, const adjacency *adj, dx_entry *e)
{
    size_t cap = 0;
    int rc = 0;
    if (e->old_index != SIZE_MAX)
        for (size_t k = adj->old_start[e->old_index];
             rc == 0 && k < adj->old_start[e->old_index + 1]; k++)
            if (es->v[k].new != e->new_index)
                rc = push_link(e, &cap, (dx_link){true, es->v[k].new, es->v[k].score});
    if (e->new_index != SIZE_MAX)
        for (size_t q = adj->new_start[e->new_index];
             rc == 0 && q < adj->new_start[e->new_index + 1]; q++) {
            const edge *g = &es->v[adj->by_new[q]];
            if (g->old != e->old_index)
                rc = push_link(e, &cap, (dx_link){false, g->old, g->score});
        }
    if (e->nrelated)
        qsort(e->related, e->nrelated, sizeof *e->related, cmp_link);
    if (e->nrelated > DX_MAX_RELATED)
        e->nrelated = DX_MAX_RELATED;
    return rc;
}

typedef struct builder {
    dx_result *res;
    const assigner *a;
    const edges *es;
    const adjacency *adj;
    const scorer *s;
} builder;

static int fill_entry(builder *b, dx_entry *e)
{
    const dx_report *old = b->res->old, *new = b->res->new;
    bool paired = e->status == DX_SAME || e->status == DX_SIMILAR;
    if (paired) {
        const dx_rec *ro = &old->recs[e->old_index], *rn = &new->recs[e->new_index];
        if (add_shared_keys(ro, rn, e) || add_shared_topics(b->res, ro, rn, e) ||
            dx_word_diff(ro->text, rn->text, &e->segs, &e->nsegs))
            return -1;
    } else {
        const dx_link *near = e->status == DX_DROPPED ? &b->s->nearest_old[e->old_index]
                                                      : &b->s->nearest_new[e->new_index];
        /* Far below the threshold a nearest one explains nothing. */
        e->has_nearest = near->score > 0.0 && near->score >= b->res->similar_min / 2.0;
        e->nearest = *near;
    }
    if ((e->old_index != SIZE_MAX && add_followup(b->res, e)) || add_related(b->es, b->adj, e))
        return -1;
    e->has_nearest &= e->nrelated == 0; /* the best related one is the nearest */
    return 0;
}

static dx_entry *next_entry(builder *b, dx_status st, size_t old, size_t new)
{
    dx_entry *e = &b->res->entries[b->res->nentries++];
    memset(e, 0, sizeof *e);
    e->status = st;
    e->old_index = old;
    e->new_index = new;
    b->res->count[st]++;
    return e;
}

/* Entries in the order of the output: same, similar, dropped (in old
 * order), new (in new order). */
static int build_entries(builder *b, const dx_params *p)
{
    dx_result *res = b->res;
    const assigner *a = b->a;
    res->entries = calloc(a->nold + a->nnew + 1, sizeof *res->entries);
    if (!res->entries)
        return -1;
    for (int pass = DX_SAME; pass <= DX_DROPPED; pass++)
        for (size_t i = 0; i < a->nold; i++) {
            uint32_t j = a->partner_old[i];
            dx_status st = j == UINT32_MAX                     ? DX_DROPPED
                           : a->pair_wording[i] >= p->same_min ? DX_SAME
                                                               : DX_SIMILAR;
            if ((int)st != pass)
                continue;
            dx_entry *e = next_entry(b, st, i, j == UINT32_MAX ? SIZE_MAX : j);
            e->score = j == UINT32_MAX ? 0.0 : a->pair_score[i];
            e->wording = j == UINT32_MAX ? 0.0 : a->pair_wording[i];
            if (fill_entry(b, e))
                return -1;
        }
    for (size_t j = 0; j < a->nnew; j++)
        if (a->partner_new[j] == UINT32_MAX && fill_entry(b, next_entry(b, DX_NEW, SIZE_MAX, j)))
            return -1;
    return 0;
}

void dx_result_free(dx_result *res)
{
    if (!res)
        return;
    for (size_t k = 0; k < res->nentries; k++) {
        dx_entry *e = &res->entries[k];
        for (size_t i = 0; i < e->nsegs; i++) {
            free(e->segs[i].text);
            free(e->segs[i].old_text);
        }
        free(e->segs);
        free(e->shared_keys);
        free(e->shared_topics);
        free(e->related);
        free(e->followup);
    }
    free(res->entries);
    free(res->prior_applies);
    memset(res, 0, sizeof *res);
}

static void assigner_free(assigner *a)
{
    free(a->partner_old);
    free(a->partner_new);
    free(a->pair_score);
    free(a->pair_wording);
    free(a->local_old);
    free(a->local_new);
}

static int assigner_init(assigner *a, size_t nold, size_t nnew)
{
    a->nold = nold;
    a->nnew = nnew;
    a->partner_old = malloc((nold + 1) * sizeof *a->partner_old);
    a->partner_new = malloc((nnew + 1) * sizeof *a->partner_new);
    a->pair_score = calloc(nold + 1, sizeof *a->pair_score);
    a->pair_wording = calloc(nold + 1, sizeof *a->pair_wording);
    a->local_old = malloc((nold + 1) * sizeof *a->local_old);
    a->local_new = malloc((nnew + 1) * sizeof *a->local_new);
    if (!a->partner_old || !a->partner_new || !a->pair_score || !a->pair_wording || !a->local_old ||
        !a->local_new)
        return -1;
    memset(a->partner_old, 0xFF, (nold + 1) * sizeof *a->partner_old);
    memset(a->partner_new, 0xFF, (nnew + 1) * sizeof *a->partner_new);
    memset(a->local_old, 0xFF, (nold + 1) * sizeof *a->local_old);
    memset(a->local_new, 0xFF, (nnew + 1) * sizeof *a->local_new);
    return 0;
}

static int mark_priors(dx_result *res)
{
    res->prior_applies = calloc(res->new->npriors + 1, sizeof *res->prior_applies);
    if (!res->prior_applies)
        return -1;
    for (size_t p = 0; p < res->new->npriors; p++)
        res->prior_applies[p] = prior_applies(&res->new->priors[p], res->old);
    return 0;
}

int dx_match(const dx_report *old, const dx_report *new, const dx_params *params, dx_result *out)
{
    dx_vectors v = {0};
    scorer s = {.old = old, .new = new, .v = &v};
    edges es = {0};
    assigner a = {0};
    adjacency adj = {0};
    int rc = -1;
    memset(out, 0, sizeof *out);
    out->old = old;
    out->new = new;
    out->same_min = params->same_min;
    out->similar_min = params->similar_min;
    out->concept_names = params->concept_names;
    s.nearest_old = calloc(old->nrecs + 1, sizeof *s.nearest_old);
    s.nearest_new = calloc(new->nrecs + 1, sizeof *s.nearest_new);
    if (!s.nearest_old || !s.nearest_new || dx_vectors_build(old, new, &v) ||
        score_pairs(&s, params, &es) || assigner_init(&a, old->nrecs, new->nrecs) ||
        assign(&a, &es) || mark_priors(out) || adjacency_build(&adj, &es, old->nrecs, new->nrecs))
        goto done;
    out->approximated = a.approximated;
    builder b = {out, &a, &es, &adj, &s};
    if (build_entries(&b, params))
        goto done;
    rc = 0;
done:
    if (rc)
        dx_result_free(out);
    free(s.nearest_old);
    free(s.nearest_new);
    scorer_free(&s);
    free(es.v);
    assigner_free(&a);
    adjacency_free(&adj);
    dx_vectors_free(&v);
    return rc;
}
