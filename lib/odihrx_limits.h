/*
 * limits.h: every limit of libodihrx in one place. Hitting one records a
 * diagnostic that names it; nothing is cut silently.
 */
#ifndef ODIHRX_LIMITS_H
#define ODIHRX_LIMITS_H

/* Offsets are uint32_t; 256 MiB keeps every derived size far from overflow. */
#define ODIHRX_MAX_INPUT_BYTES (256u * 1024u * 1024u)
/* Blocks joined into one paragraph across lines or page breaks. */
#define ODIHRX_MAX_BLOCK_BYTES (4u * 1024u * 1024u)
#define ODIHRX_MAX_BLOCKS 2000000u
#define ODIHRX_MAX_SECTIONS 100000u
/* Emphasis, links and citations nested deeper than this inside one block
 * are written flat (the text is kept; only the extra elements go). */
#define ODIHRX_MAX_INLINE_DEPTH 64
#define ODIHRX_MAX_FOOTNOTES 100000u
#define ODIHRX_MAX_FOOTNOTE_NUMBER 99999u
#define ODIHRX_MAX_RECOMMENDATIONS 100000u
#define ODIHRX_MAX_MARKS 8000000u
#define ODIHRX_MAX_DIAGNOSTICS 1000u
/* Bounded look-ahead for link syntax keeps inline parsing linear. */
#define ODIHRX_MAX_LINK_TEXT 2000u
#define ODIHRX_MAX_LINK_URL 4000u
/* PCRE2 match limit (JIT honours it; the depth limit is ignored under JIT). */
#define ODIHRX_PCRE2_MATCH_LIMIT 1000000u
/* Longer words are not in the vocabulary that mends words broken at line
 * ends (segment.c); such a break takes the default rule, no text is lost. */
#define ODIHRX_MAX_WORD_BYTES 64u
/* Fuzzy inline-copy matching compares at most this many pairs per document. */
#define ODIHRX_MAX_FUZZY_PAIRS 200000u
/* Follow-up of earlier reports: reports named, with each status (a report
 * names a few), and the numbers listed for one of them (a report has a
 * few dozen recommendations): past them a warning, not a slower parse. */
#define ODIHRX_MAX_PRIORS 64u
#define ODIHRX_MAX_PRIOR_NUMBERS 2000u

#endif
