/*
 * byteset.h: the next byte of a small set, sixteen bytes at a time.
 *
 * Prose is long runs of letters between the few bytes a stage cares about
 * (markup in the inline parser, '&' '<' '>' '"' in the XML writer). A table
 * lookup per byte made those loops a tenth of a run; SSE2, which every
 * x86-64 processor has, compares sixteen bytes with each member at once.
 * What is left after the last sixteen, and every byte on other targets, is
 * looked up in the set's table.
 */
#ifndef ODIHRX_BYTESET_H
#define ODIHRX_BYTESET_H

#include <stddef.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { ODIHRX_BYTESET_SIZE = 8 };

typedef struct odihrx_byteset {
    /* the members, a set of fewer padded by repeating one of them */
    char bytes[ODIHRX_BYTESET_SIZE];
    /* 1 for a member: the same set (test_inlines checks that it is) */
    unsigned char member[256];
} odihrx_byteset;

/* The sets of the stages (byteset.c). */
extern const odihrx_byteset odihrx_markup_bytes; /* bytes that may start inline markup */
extern const odihrx_byteset odihrx_text_escapes; /* what XML text escapes */
extern const odihrx_byteset odihrx_attr_escapes; /* what XML attribute values escape */

/* The index of the first byte of s[i..n) that is in set, n if none. */
static inline size_t odihrx_byteset_next(const char *s, size_t i, size_t n,
                                         const odihrx_byteset *set)
{
#if defined(__SSE2__)
    if (n - i >= 16) {
        __m128i member[ODIHRX_BYTESET_SIZE];
        for (int k = 0; k < ODIHRX_BYTESET_SIZE; k++)
            member[k] = _mm_set1_epi8(set->bytes[k]);
        for (; n - i >= 16; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i hit = _mm_cmpeq_epi8(x, member[0]);
            for (int k = 1; k < ODIHRX_BYTESET_SIZE; k++)
                hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, member[k]));
            unsigned bits = (unsigned)_mm_movemask_epi8(hit);
            if (bits)
                return i + (unsigned)__builtin_ctz(bits);
        }
    }
#endif
    while (i < n && !set->member[(unsigned char)s[i]])
        i++;
    return i;
}

#endif
