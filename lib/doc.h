/*
 * doc.h: the document model every stage reads and extends, and the stage
 * entry points. Text lives once in the decoded buffer or, when a stage had
 * to change it (joined lines, markup removed), once in the arena; everything
 * else refers to it by index or offset.
 */
#ifndef ODIHRX_DOC_H
#define ODIHRX_DOC_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "odihrx.h"

#define ODIHRX_NONE UINT32_MAX

/* ------------------------------------------------------------------ blocks */

typedef enum odihrx_block_kind {
    ODIHRX_BLOCK_PARA = 0,
    ODIHRX_BLOCK_HEADING,   /* '#' line or a short line that is all bold */
    ODIHRX_BLOCK_LIST_ITEM, /* numbered or bulleted */
    ODIHRX_BLOCK_FOOTNOTE,  /* a footnote body, number in .number */
    ODIHRX_BLOCK_TABLE_ROW, /* cells separated by TAB in .text */
    ODIHRX_BLOCK_TOC_ENTRY  /* table of contents line */
} odihrx_block_kind;

enum {
    ODIHRX_BF_ITALIC = 1u << 0,  /* the whole text is emphasised */
    ODIHRX_BF_BOLD = 1u << 1,    /* the whole text is strong */
    ODIHRX_BF_JOINED = 1u << 2,  /* re-joined across a page or wrap break */
    ODIHRX_BF_BULLET = 1u << 3,  /* list item with a bullet, not a number */
    ODIHRX_BF_SECTION = 1u << 4, /* heading that opens a section */
    ODIHRX_BF_RECOMMENDATION = 1u << 5,
    ODIHRX_BF_GROUP_START = 1u << 6, /* first row of a table, item of a list */
    ODIHRX_BF_TITLE = 1u << 7,       /* the title line of a table of contents */
    ODIHRX_BF_FURNITURE = 1u << 8    /* page or web furniture ("Skip Links", "ENGLISH
                                      * only", a symbol line told in meta): not written */
};

typedef struct odihrx_block {
    uint8_t kind;
    uint8_t level;  /* heading '#' count (0: bold line); list indent */
    uint16_t flags; /* ODIHRX_BF_* */
    uint32_t line;  /* 0-based index of the first line */
    uint32_t line_last;
    uint32_t number; /* footnote or list item number, 0 if none */
    uint32_t len;
    /* plain text, markup removed; NUL-terminated when copied, but may
     * point into the caller's input (ODIHRX_OPT_INPUT_BORROWED): always
     * bounded by len */
    const char *text;
    uint32_t mark_first, mark_count; /* inline marks in doc->marks */
    uint32_t cite_first, cite_count; /* citations in doc->cites */
    uint32_t section;                /* innermost section, or NONE (front) */
    uint32_t ordinal;                /* p / item number for ids, 1-based */
} odihrx_block;

/* Inline annotations over a block's plain text: [start, end) in bytes. */
typedef enum odihrx_mark_kind {
    ODIHRX_MARK_EM = 0,
    ODIHRX_MARK_STRONG,
    ODIHRX_MARK_LINK,  /* value: index into doc->strings (the URL) */
    ODIHRX_MARK_FNREF, /* empty range; value: footnote number */
    ODIHRX_MARK_CITE,  /* value: index into doc->cites */
    ODIHRX_MARK_MOVED  /* superseded copy of a mark moved with its block */
} odihrx_mark_kind;

typedef struct odihrx_mark {
    uint32_t block;
    uint32_t start, end;
    uint32_t value;
    uint8_t kind;
} odihrx_mark;

/* --------------------------------------------------------------- citations */

typedef enum odihrx_locator {
    ODIHRX_LOC_NONE = 0, /* the instrument is only named */
    ODIHRX_LOC_PARAGRAPH,
    ODIHRX_LOC_ARTICLE,
    ODIHRX_LOC_SECTION
} odihrx_locator;

typedef struct odihrx_cite {
    uint32_t block;
    uint32_t start, end; /* cited words in the block's text */
    uint32_t instrument; /* row of grammar->instruments */
    const char *loc;     /* "7.6"; a range expands to "9.1 9.2 9.3"; NULL */
    uint8_t locator;     /* odihrx_locator */
    bool implied;        /* instrument named only in an earlier sentence */
    bool unknown;        /* a Copenhagen paragraph the catalog lacks */
} odihrx_cite;

/* -------------------------------------------------------------------- keys */

typedef enum odihrx_basis {
    ODIHRX_BASIS_CITED = 0,
    ODIHRX_BASIS_SECTION,
    ODIHRX_BASIS_LEXICON
} odihrx_basis;

typedef struct odihrx_key {
    uint32_t rec;       /* index in doc->recs */
    uint32_t paragraph; /* row of grammar->catalog */
    uint8_t basis;
    const char *via; /* id of the p, footnote or item, or "topic:ID" */
} odihrx_key;

/* One line of the copenhagen index: who refers to a catalog paragraph. */
typedef struct odihrx_ref {
    uint32_t paragraph; /* row of grammar->catalog */
    const char *to;     /* rec, p or footnote id */
    uint8_t basis;
    uint32_t order; /* document order, for a stable index */
} odihrx_ref;

/* ---------------------------------------------------------------- sections */

typedef enum odihrx_section_kind {
    ODIHRX_SECTION_CHAPTER = 0, /* I., II., ... */
    ODIHRX_SECTION_LETTERED,    /* A., B., ... under a chapter */
    ODIHRX_SECTION_ANNEX,
    ODIHRX_SECTION_UNNUMBERED /* e.g. ABOUT ODIHR */
} odihrx_section_kind;

typedef struct odihrx_section {
    uint8_t kind;
    uint8_t depth;      /* 0 for top level */
    uint32_t parent;    /* NONE for top level */
    uint32_t heading;   /* block index */
    uint32_t block_end; /* one past the last block it holds */
    const char *num;    /* "XI.A", "Annex I", or NULL */
    const char *id;     /* "sec-XI.A", "annex-I", "sec-about-odihr" */
    const char *title;  /* heading text without its number */
} odihrx_section;

typedef struct odihrx_toc_entry {
    uint32_t block;
    const char *num;   /* as a section's num, or NULL */
    const char *title; /* without number, leader and page */
    uint32_t page;     /* 0 if none */
    uint32_t section;  /* matched section, or NONE */
} odihrx_toc_entry;

/* --------------------------------------------------------------- footnotes */

typedef struct odihrx_footnote {
    uint32_t n;
    uint32_t block;       /* the body block */
    uint32_t ref_block;   /* first block that references it, or NONE */
    uint32_t ref_section; /* section of ref_block (NONE: front matter) */
    uint32_t nrefs;
} odihrx_footnote;

/* --------------------------------------------------------- recommendations */

typedef struct odihrx_recommendation {
    uint32_t n;
    const char *id;        /* "rec7"; "rec7-2" for a number seen before */
    uint32_t block;        /* the list item */
    uint32_t more_end;     /* one past the paragraphs that go on with it, or block + 1 */
    bool priority;         /* under a "priority" subsection */
    bool key;              /* a news item's key recommendation */
    const char *topic;     /* topic subheading, or NULL */
    uint32_t inline_block; /* italic copy in the body, or NONE */
} odihrx_recommendation;

typedef enum odihrx_followup_status {
    ODIHRX_FOLLOWUP_FULLY = 0,
    ODIHRX_FOLLOWUP_MOSTLY,
    ODIHRX_FOLLOWUP_PARTIALLY,
    ODIHRX_FOLLOWUP_NOT
} odihrx_followup_status;

typedef struct odihrx_prior {
    const char *report;  /* "2016 Final Report" */
    const char *numbers; /* "4 5 8", possibly empty */
    uint32_t numbers_len, numbers_cap, numbers_count; /* bytes, room, numbers */
    uint32_t block; /* where ODIHR says it */
    uint8_t status;
} odihrx_prior;

/* -------------------------------------------------------------------- meta */

/* A paragraph that quotes a speaker ("..." said NAME, ROLE.): press releases. */
typedef struct odihrx_quote {
    uint32_t block;
    const char *speaker, *role; /* role may be NULL */
} odihrx_quote;

typedef struct odihrx_meta {
    const char *kind;          /* final-report, ... */
    const char *lang;          /* "en", "ru" */
    const char *title;
    const char *country;       /* short name */
    const char *country_code;  /* ISO 3166-1 alpha-2 */
    const char *election_type; /* parliamentary, presidential, ... */
    const char *election_date; /* ISO 8601 */
    bool election_early;
    const char *mission_type; /* eom, leom, eam, ... */
    const char *mission_name;
    const char *issued_place;
    const char *issued_date;
    const char *symbol; /* OSCE document symbol, e.g. PC.DEL/80/21/Rev.1 */
    const char *issued_by; /* "Issued by:" of a web page */
    uint32_t title_block, election_block, mission_block, issued_block;
} odihrx_meta;

/* ------------------------------------------------------------- diagnostics */

typedef struct odihrx_diag_list {
    odihrx_diag *items;
    size_t count, cap;
    size_t warnings; /* kept warnings and notes, at most ODIHRX_MAX_DIAGNOSTICS + 1 */
    size_t dropped;  /* past ODIHRX_MAX_DIAGNOSTICS, the limit's own warning included */
} odihrx_diag_list;

/* ---------------------------------------------------------------- document */

struct odihrx_doc {
    odihrx_arena arena;
    const odihrx_grammar *grammar;
    void *match_data; /* pcre2_match_data of this document's thread */
    unsigned flags;
    const char *name;

    /* source */
    size_t raw_bytes;
    char sha256[65];
    odihrx_format format;
    bool had_bom;
    const char *encoding;
    const char *forced_encoding; /* options->encoding, normalised, or NULL */
    const char *forced_kind;

    /* decoded NFC UTF-8 text with LF line ends (NUL-terminated) */
    const char *text; /* decoded; NULL once segmentation is done */
    char *text_owned; /* == text when decode made a copy, else NULL */
    size_t text_len;
    uint32_t *line_start; /* nlines + 1 entries */
    uint64_t *line_raw;   /* byte offset of each line in the raw input */
    uint32_t nlines;
    /* pdftotext separates pages with form feeds: first line of each page
     * after the first (empty when the input has none) */
    uint32_t *page_start;
    uint32_t npages, cap_pages;

    odihrx_block *blocks;
    uint32_t nblocks, cap_blocks;
    odihrx_mark *marks;
    uint32_t nmarks, cap_marks;
    const char **strings;
    uint32_t nstrings, cap_strings;

    odihrx_section *sections;
    uint32_t nsections, cap_sections;
    odihrx_toc_entry *toc;
    uint32_t ntoc, cap_toc;

    odihrx_footnote *footnotes; /* sorted by n */
    uint32_t nfootnotes, cap_footnotes;

    odihrx_recommendation *recs;
    uint32_t nrecs, cap_recs;
    uint32_t rec_section; /* the RECOMMENDATIONS chapter, or NONE */
    odihrx_prior *priors;
    uint32_t npriors, cap_priors;

    odihrx_cite *cites;
    uint32_t ncites, cap_cites;
    odihrx_key *keys; /* grouped by rec, in rec order */
    uint32_t nkeys, cap_keys;
    odihrx_ref *refs; /* sorted by catalog row */
    uint32_t nrefs, cap_refs;

    odihrx_meta meta;
    odihrx_quote *quotes; /* in block order */
    uint32_t nquotes, cap_quotes;
    odihrx_diag_list diags;
};

/* ------------------------------------------------------------ model helpers */

/* Grow *arr (malloc-owned: the model's arrays, the grammar's hint table) to
 * hold one more, doubling; ODIHRX_ERR_LIMIT once *count reaches limit. */
odihrx_status odihrx_vec_grow(void **arr, uint32_t *count, uint32_t *cap, size_t elem,
                              uint32_t limit);

/* Append a diagnostic at 0-based line index (ODIHRX_NONE: no line). The
 * message is printf-formatted into the arena. Returns NOMEM only. */
odihrx_status odihrx_diag_add(odihrx_doc *doc, odihrx_severity sev, const char *code,
                              uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

odihrx_block *odihrx_block_add(odihrx_doc *doc);

/* Line i of the decoded text (while it is kept: decode to segment), and
 * its length without the line end. */
static inline const char *odihrx_line_ptr(const odihrx_doc *doc, uint32_t i)
{
    return doc->text + doc->line_start[i];
}

static inline uint32_t odihrx_line_len(const odihrx_doc *doc, uint32_t i)
{
    return doc->line_start[i + 1] - 1 - doc->line_start[i];
}
odihrx_status odihrx_mark_add(odihrx_doc *doc, uint32_t block, uint8_t kind, uint32_t start,
                              uint32_t end, uint32_t value);
/* Store a string (copied into the arena); its index in *index. */
odihrx_status odihrx_string_add(odihrx_doc *doc, const char *s, size_t len, uint32_t *index);

/* Whether block j, between a recommendation's item and its more_end, is a
 * paragraph of its text (not a page's foot printed between them). */
static inline bool odihrx_rec_goes_on(const odihrx_doc *doc, uint32_t j)
{
    const odihrx_block *b = &doc->blocks[j];
    return b->kind == ODIHRX_BLOCK_PARA && b->len && !(b->flags & ODIHRX_BF_FURNITURE);
}

/* The footnote numbered n (doc->footnotes is sorted), or NULL. */
odihrx_footnote *odihrx_footnote_find(const odihrx_doc *doc, uint32_t n);
/* Whether block is the body of a listed footnote: not a second body of a
 * number printed twice, nor one past the footnote limit. Only these have
 * an id ("fn7") another element may refer to. */
bool odihrx_footnote_listed(const odihrx_doc *doc, uint32_t block);

/* The section id a block belongs to ("front" for front matter). */
const char *odihrx_block_section_id(const odihrx_doc *doc, uint32_t block);
/* The id of a body block: "p12" for paragraphs, "li3" for list items,
 * written to out (returned); odihrx_block_id copies it into the arena. */
enum { ODIHRX_BLOCK_ID_SIZE = 16 };
const char *odihrx_block_id_in(const odihrx_doc *doc, uint32_t block,
                               char out[ODIHRX_BLOCK_ID_SIZE]);
const char *odihrx_block_id(odihrx_doc *doc, uint32_t block);

/* --------------------------------------------------------------- the stages */

odihrx_status odihrx_stage_decode(odihrx_doc *doc, const char *data, size_t len);

/* Stage 1 alone, with doc->text kept (odihrx_doc_parse releases it after
 * segmentation): what the decoding tests look at. */
odihrx_status odihrx_doc_decode_only(const char *data, size_t len, const odihrx_grammar *grammar,
                                     const odihrx_options *options, odihrx_doc **out);
odihrx_status odihrx_stage_segment(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_sections(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_meta(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_footnotes(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_recommendations(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_citations(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_keys(odihrx_doc *doc, const odihrx_grammar *g);
odihrx_status odihrx_stage_emit_xml(const odihrx_doc *doc, odihrx_buf *out);
odihrx_status odihrx_stage_emit_xml_to(const odihrx_doc *doc, odihrx_write_fn sink, void *ctx);

/* Stage 2 for HTML input (html.c), called by odihrx_stage_segment. */
odihrx_status odihrx_html_segment(odihrx_doc *doc);

/* Inline markup of one block's source text: plain text into the arena and
 * marks appended to doc->marks. Used by segment. */
odihrx_status odihrx_inlines_parse(odihrx_doc *doc, uint32_t block, const char *src,
                                   size_t len);

/* Values accepted by odihrx_options.encoding and .kind. */
bool odihrx_encoding_known(const char *name);
bool odihrx_kind_known(const char *kind);

/* Debug-build invariant checker; returns false and records an error
 * diagnostic when the model is inconsistent. */
bool odihrx_doc_check(odihrx_doc *doc);

#endif
