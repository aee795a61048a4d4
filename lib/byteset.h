/*
 * byteset.h: the next byte of a small set, sixteen bytes at a time.
 *
 * Prose is long runs of letters between the few bytes a stage cares about
 * (markup in the inline parser, '&' '<' '>' '"' in the XML writer). A table
 * lookup per byte made those loops a tenth of a run; SSE2, which every
 * x86-64 processor has, compares sixteen bytes with each member at once.
 * Elsewhere the same answer comes a byte at a time.
 */
#ifndef ODIHRX_BYTESET_H
#define ODIHRX_BYTESET_H

#include <stddef.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Up to eight bytes; fewer are padded by repeating one of them. */
enum { ODIHRX_BYTESET_SIZE = 8 };

/* The index of the first byte of s[i..n) that is in set, n if none. */
static inline size_t odihrx_byteset_next(const char *s, size_t i, size_t n,
                                         const char set[ODIHRX_BYTESET_SIZE])
{
#if defined(__SSE2__)
    if (i + 16 <= n) {
        __m128i member[ODIHRX_BYTESET_SIZE];
        for (int k = 0; k < ODIHRX_BYTESET_SIZE; k++)
            member[k] = _mm_set1_epi8(set[k]);
        for (; i + 16 <= n; i += 16) {
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
    for (; i < n; i++)
        for (int k = 0; k < ODIHRX_BYTESET_SIZE; k++)
            if (s[i] == set[k])
                return i;
    return n;
}

#endif
