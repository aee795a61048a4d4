/*
 * grammar.h: compiled patterns and catalogs from grammars/. Built once,
 * immutable afterwards, shared read-only between threads; every document
 * brings its own match data.
 */
#ifndef ODIHRX_GRAMMAR_H
#define ODIHRX_GRAMMAR_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>

#include "doc.h"
#include "hints.h"
#include "odihrx.h"

/* Named patterns of grammars/structure.pcre; the names are the file's keys. */
#define ODIHRX_PATTERNS(X)                                                                     \
    X(HEADING_CHAPTER, "heading-chapter")                                                      \
    X(HEADING_LETTERED, "heading-lettered")                                                    \
    X(HEADING_ANNEX, "heading-annex")                                                          \
    X(TOC_HEADING, "toc-heading")                                                              \
    X(TOC_LEADER, "toc-leader")                                                                \
    X(RECS_SECTION, "recommendations-section")                                                 \
    X(RECS_PRIORITY, "recommendations-priority")                                               \
    X(DATE, "date")                                                                            \
    X(ISSUED, "issued")                                                                        \
    X(FOLLOWUP_STATUS, "followup-status")                                                      \
    X(FOLLOWUP_NUMBERS, "followup-numbers")                                                    \
    X(FOLLOWUP_REPORT, "followup-report")                                                      \
    X(FOLLOWUP_NONE, "followup-none")                                                          \
    X(SENTENCE_END, "sentence-end")                                                            \
    X(CITE_LOCATOR, "cite-locator")                                                            \
    X(CITE_CONNECTOR, "cite-connector")                                                        \
    X(DATELINE, "dateline")                                                                    \
    X(ELECTION_DAY, "election-day")                                                            \
    X(DOCUMENT_SYMBOL, "document-symbol")                                                      \
    X(KEY_RECOMMENDATIONS, "key-recommendations")                                            \
    X(FURNITURE, "furniture")                                                                  \
    X(ISSUED_BY, "issued-by")                                                                  \
    X(PAGE_FOOTER, "page-footer")                                                              \
    X(QUOTE_ATTRIBUTION, "quote-attribution")

typedef enum odihrx_pattern {
#define X(id, name) ODIHRX_PAT_##id,
    ODIHRX_PATTERNS(X)
#undef X
        ODIHRX_PAT_COUNT
} odihrx_pattern;

/* Sets of the `gates` table: one per pattern in the low half, and the
 * instrument rows in the high half, row r in set 32 + r % 32 (rows that
 * share a set are run together). */
#define ODIHRX_GATE_PATTERN(p) (UINT64_C(1) << (p))
#define ODIHRX_GATE_INSTRUMENT(row) (UINT64_C(1) << (32 + (row) % 32))
#define ODIHRX_GATE_INSTRUMENTS (UINT64_C(0xFFFFFFFF) << 32)
_Static_assert(ODIHRX_PAT_COUNT <= 32, "one hint set per pattern in the low half of the gates");

/* A row of a TSV lexicon: a value and the pattern that signals it. */
typedef struct odihrx_lexeme {
    const char *cls;   /* class column (kinds.tsv) or NULL */
    const char *value; /* e.g. "final-report", "KZ" */
    const char *extra; /* e.g. the country's short name */
    pcre2_code *re;
    pcre2_code *at; /* topics with hints: re anchored, tried where they start words */
} odihrx_lexeme;

typedef struct odihrx_lexicon {
    odihrx_lexeme *rows;
    uint32_t count;
} odihrx_lexicon;

/* The instrument whose paragraphs the catalog describes (contract id). */
#define ODIHRX_COPENHAGEN_ID "osce-copenhagen-1990"

typedef struct odihrx_instrument {
    const char *id;  /* e.g. "iccpr" */
    uint8_t locator; /* odihrx_locator its citations usually use */
    pcre2_code *re;  /* the row's own pattern, for mentions */
} odihrx_instrument;

typedef struct odihrx_catalog_row {
    const char *paragraph; /* "7.6" */
    const char *subject;
    bool election; /* election-related */
    bool certain;
} odihrx_catalog_row;

struct odihrx_grammar {
    pcre2_code *pat[ODIHRX_PAT_COUNT];
    /* cite-locator compiled anchored, when its hints name the words every
     * locator begins with (NULL without hints: it is searched for) */
    pcre2_code *locator_at;
    /* instruments.tsv: after a locator, every row's pattern joined into one
     * anchored alternation with (*MARK:row) (\G: one match attempt says
     * which instrument stands there); elsewhere, each row whose hints the
     * block has is searched alone (see citations.c) */
    odihrx_instrument *instruments;
    uint32_t ninstruments;
    uint32_t copenhagen; /* row of ODIHRX_COPENHAGEN_ID */
    pcre2_code *inst_anchored;
    /* gates from the HINTS columns: ODIHRX_GATE_PATTERN(p) for pattern p,
     * ODIHRX_GATE_INSTRUMENT(r) for instrument row r */
    odihrx_hints gates;
    odihrx_catalog_row *catalog; /* copenhagen.tsv, in document order */
    uint32_t ncatalog;
    odihrx_lexicon topics; /* topics.tsv: value id, extra paragraphs */
    odihrx_hints topic_gates; /* set 1 << t for topic row t < 64 (HINTS column) */
    odihrx_lexicon kinds;     /* report-kind / mission / election rows */
    odihrx_lexicon countries; /* code, short name, pattern */
    pcre2_match_context *mctx; /* match limit; read-only once built */
    bool sha_ni;               /* odihrx_sha256_accelerated(), asked once */
    char *strings;             /* storage for lexeme strings */
};

/* The first match in s[from..len) of re, found by trying its anchored
 * twin where a word of `sets` starts (the words every match begins with),
 * or by searching with re when there is no twin: the pattern that matched
 * (the match data holds the match), NULL for none. */
const pcre2_code *odihrx_match_at_words(odihrx_doc *doc, const pcre2_code *re,
                                        const pcre2_code *twin, const odihrx_hints *h,
                                        uint64_t sets, const char *s, size_t len, size_t from,
                                        uint32_t line);

/* One match of pattern p in s[start..len); rc > 0 on a match, 0 on none.
 * A limit error is recorded as a diagnostic at line (0-based) and counts
 * as no match. */
int odihrx_match(odihrx_doc *doc, const pcre2_code *re, const char *s, size_t len,
                 size_t start, uint32_t line);
/* Offsets of group `name` (or number when name is NULL) of the last match;
 * false when the group did not take part. */
bool odihrx_group(const odihrx_doc *doc, const pcre2_code *re, const char *name,
                  uint32_t number, size_t *start, size_t *end);

/* Built-in grammar files (grammars.c, generated by grammars/embed.py). */
typedef struct odihrx_builtin_file {
    const char *name;
    const char *data;
    size_t len;
} odihrx_builtin_file;
extern const odihrx_builtin_file odihrx_builtin_files[];
extern const size_t odihrx_builtin_file_count;

#endif
