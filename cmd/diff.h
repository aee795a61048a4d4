/*
 * diff.h: the model shared by the files of `odihrx diff`.
 *   diff.c        the verb: options, reading two reports into dx_report
 *   diff_text.c   texts as weighted stem vectors; word-level changes
 *   diff_match.c  similarity, one-to-one assignment, entries:
 *                 dx_report x 2 -> dx_result
 *   diff_out.c    the result as text, XML (grammars/diff.rng), JSON, HTML
 * Everything here is private to the CLI; the library knows nothing of it.
 */
#ifndef ODIHRX_DIFF_H
#define ODIHRX_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* XML namespace of the diff output (grammars/diff.rng). */
#define DX_NAMESPACE "urn:odihrx:diff:1"

/* Default thresholds; see usage_diff in diff.c. same applies to the
 * wording (the cosine of the two texts), similar to the combined score. */
#define DX_SAME_MIN 0.80
#define DX_SIMILAR_MIN 0.35

/* Where a report's recommendations came from. */
typedef enum dx_origin {
    DX_ORIGIN_NONE = 0,        /* the report has none */
    DX_ORIGIN_RECOMMENDATIONS, /* recommendations/recommendation elements */
    DX_ORIGIN_KEY_LIST         /* fallback: bullets after "... recommendations include:" */
} dx_origin;

/* A row of the topic lexicon (grammars/topics.tsv) that a text matches:
 * the concepts the library keys recommendations with, used by the diff to
 * see "defamation" and "freedom of expression" as one concern. */
typedef struct dx_concept {
    uint32_t row;  /* index into dx_params.concept_names */
    uint32_t hits; /* matches in the text */
} dx_concept;

/* One recommendation as read from a report. Strings are owned (malloc). */
typedef struct dx_rec {
    unsigned n;     /* its number; for key lists the position in the list */
    char *id;       /* "rec3", "li5"; never NULL */
    char *priority; /* "true" | "false" | "key"; NULL for fallback items */
    char *topic;    /* NULL when the report gives none */
    char *text;     /* white space collapsed to single spaces */
    char **keys;    /* Copenhagen paragraphs, sorted, unique */
    size_t nkeys;
    dx_concept *concepts; /* by row */
    size_t nconcepts;
    /* n is the report's own recommendation number, the one a later report's
     * follow-up ("recommendations 4, 5, 8 ...") refers to; false for key
     * recommendations, which are numbered by position only. */
    bool numbered;
} dx_rec;

/* One followup/prior element: what a report says about an earlier one. */
typedef struct dx_prior {
    char *report; /* "2016 Final Report" */
    char *status; /* fully | mostly | partially | not */
    unsigned *nums;
    size_t nnums;
    int year; /* the first year in report, 0 when none */
} dx_prior;

typedef struct dx_report {
    char *path;                                 /* as given on the command line */
    char *title;                                /* meta/title or NULL */
    char *kind;                                 /* report/@kind or NULL */
    int election_year, issued_year, title_year; /* 0 when unknown */
    dx_origin origin;
    dx_rec *recs;
    size_t nrecs;
    dx_prior *priors;
    size_t npriors;
} dx_report;

void dx_report_free(dx_report *r);

typedef enum dx_status { DX_SAME, DX_SIMILAR, DX_DROPPED, DX_NEW, DX_NSTATUS } dx_status;

/* A run of words of a word-level diff: '=' in both, '-' old only, '+' new
 * only. An equal run is text as NEW writes it; old_text is OLD's spelling
 * when it differs in case or punctuation, else NULL. */
typedef struct dx_seg {
    char op;
    char *text;
    char *old_text;
} dx_seg;

/* A recommendation of one of the two reports and its score. */
typedef struct dx_link {
    bool in_new; /* index is into new->recs, else into old->recs */
    size_t index;
    double score;
} dx_link;

typedef struct dx_entry {
    dx_status status;
    size_t old_index, new_index; /* SIZE_MAX where absent */
    double score;                /* same / similar only: the combined score */
    double wording;              /* same / similar only: cosine of the texts */
    char **shared_keys;          /* borrowed from the old rec's keys */
    size_t nshared;
    const char **shared_topics; /* lexicon topics both texts hit (names borrowed) */
    size_t nshared_topics;
    dx_seg *segs; /* same / similar only */
    size_t nsegs;
    /* Others above the similar threshold that the one-to-one assignment gave
     * to someone else: a key recommendation summarising two numbered ones
     * pairs with one and lists the other here. Best first. */
    dx_link *related;
    size_t nrelated;
    bool has_nearest; /* new / dropped: the best candidate, even below threshold */
    dx_link nearest;
    size_t *followup; /* indexes into the new report's priors naming the old rec */
    size_t nfollowup;
} dx_entry;

typedef struct dx_result {
    const dx_report *old, *new;
    double same_min, similar_min;
    const char *const *concept_names; /* borrowed from dx_params */
    dx_entry *entries;                /* same, similar, dropped (old order), new (new order) */
    size_t nentries;
    size_t count[DX_NSTATUS];
    bool *prior_applies; /* per new->priors: its year is the old report's */
    bool approximated;   /* a huge tie-heavy component was assigned greedily */
} dx_result;

typedef struct dx_params {
    double same_min, similar_min;
    /* Names of the topic lexicon rows that dx_concept.row refers to; must
     * outlive the result. */
    const char *const *concept_names;
    size_t nconcept_names;
} dx_params;

/* Match the recommendations of old and new. Returns 0, or -1 when out of
 * memory (with *out freed). Both reports must outlive the result. */
int dx_match(const dx_report *old, const dx_report *new, const dx_params *params, dx_result *out);
void dx_result_free(dx_result *res);

const char *dx_status_name(dx_status s);

/* ------------------------------------------ diff_text.c, for diff_match.c */

/* Unit-length sparse vectors of the recommendations of both reports, old
 * ones first: rec r has count[r] (term, weight) pairs from start[r], terms
 * ascending. */
typedef struct dx_vectors {
    size_t nrecs;
    size_t *start, *count;
    uint32_t *term;
    double *weight;
    uint32_t nterms;
} dx_vectors;

/* Returns 0, or -1 when out of memory (v freed). */
int dx_vectors_build(const dx_report *old, const dx_report *new, dx_vectors *v);
void dx_vectors_free(dx_vectors *v);

/* The word-level changes from old_text to new_text as runs (malloc'd, the
 * caller frees each text and old_text, then the array). Returns 0 or -1
 * when out of memory (what was built is still handed over). */
int dx_word_diff(const char *old_text, const char *new_text, dx_seg **segs, size_t *nsegs);

/* The square root of x >= 0 (the CLI links no libm). */
double dx_sqrt(double x);

typedef enum dx_format { DX_FORMAT_TEXT, DX_FORMAT_XML, DX_FORMAT_JSON, DX_FORMAT_HTML } dx_format;

/* Write the result; returns 0, or -1 on a write or memory failure. */
int dx_write_text(const dx_result *res, bool color, FILE *out);
int dx_write_xml(const dx_result *res, FILE *out);
int dx_write_json(const dx_result *res, FILE *out);
int dx_write_html(const dx_result *res, FILE *out);

#endif
