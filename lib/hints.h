/*
 * hints.h: word prefixes that gate expensive patterns. A pattern that can
 * only match where one of a few words stands ("paragraph", "article";
 * "Copenhagen", "Covenant") is not run over a block that has none of them:
 * one pass over the words is far cheaper than a regex search that must try
 * every capital letter and digit. The prefixes come from the grammar files,
 * next to the patterns they gate; a pattern without them is always run.
 *
 * One table serves up to 64 gates ("sets"), so a block is read once
 * whatever the number of patterns it decides for.
 */
#ifndef ODIHRX_HINTS_H
#define ODIHRX_HINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "odihrx.h"

enum { ODIHRX_HINT_MAX_BYTES = 32, ODIHRX_HINT_MAX_COUNT = 4096 };

typedef struct odihrx_hint {
    char prefix[ODIHRX_HINT_MAX_BYTES]; /* case-folded UTF-8, len bytes */
    uint8_t len;
    uint16_t next; /* next prefix with the same first byte, +1; 0 ends */
    uint64_t sets; /* the sets the prefix opens */
} odihrx_hint;

typedef struct odihrx_hints {
    odihrx_hint *items;
    uint32_t count, cap;
    uint16_t head[256];    /* first prefix starting with this byte, +1; 0: none */
    uint64_t given;        /* sets with at least one prefix */
    uint64_t always;       /* sets with a row that gave none: never gated */
    uint64_t first[256];   /* sets with a prefix starting with this byte */
    uint64_t pair[1024];   /* bit b0 << 8 | b1: a prefix starts with bytes b0 b1 */
    uint64_t short_pair[1024]; /* the same, for prefixes shorter than four bytes */
    uint64_t quad[1024];   /* bit quad_bit(first four bytes) of the longer prefixes */
} odihrx_hints;

/* Adds the space-separated words of s[0..n) as prefixes opening the sets
 * of `sets`; an empty list makes those sets always open. */
odihrx_status odihrx_hints_add(odihrx_hints *h, uint64_t sets, const char *s, size_t n);
void odihrx_hints_free(odihrx_hints *h);

/* Which of the sets in `want` may match in s[0..n): those always open,
 * never given prefixes, or with a prefix that starts a word of s (letters
 * and digits; letters compared in Unicode lower case). Linear in n; stops
 * as soon as every wanted set is open. */
uint64_t odihrx_hints_scan(const odihrx_hints *h, uint64_t want, const char *s, size_t n);

/* Whether every set of `sets` has prefixes and no row that gave none, so
 * that odihrx_hints_next can say where their words stand. */
bool odihrx_hints_gated(const odihrx_hints *h, uint64_t sets);

/* The start of the first word of s[from..n) that one of the prefixes of
 * `sets` starts, n if none; a word already under way at `from` is not
 * one. For patterns whose every match begins with such a word: they need
 * to be tried there only. Linear in the bytes read. */
size_t odihrx_hints_next(const odihrx_hints *h, uint64_t sets, const char *s, size_t n,
                         size_t from);

#endif
