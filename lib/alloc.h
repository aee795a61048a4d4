/*
 * alloc.h: the only place libodihrx calls malloc. Tests build the library
 * with ODIHRX_ALLOC_TESTING to fail the n-th allocation (expat alloc_tests.c
 * style); the counter is per thread so the library stays free of shared
 * mutable state even in that build.
 */
#ifndef ODIHRX_ALLOC_H
#define ODIHRX_ALLOC_H

#include <stddef.h>

void *odihrx_malloc(size_t n);
void *odihrx_realloc(void *p, size_t n);
void odihrx_free(void *p);
/* Make the pages of [p, p + n) resident before they are written, in one
 * system call instead of one fault per page; advice only, never fails. */
void odihrx_prefault(void *p, size_t n);
/* Buffers of ODIHRX_PREFAULT_FROM bytes or more (arena chunks, arrays of
 * odihrx_vec_grow) are made resident one slice ahead of use, never more. */
enum { ODIHRX_PREFAULT_FROM = 1024 * 1024, ODIHRX_PREFAULT_SLICE = 256 * 1024 };

#ifdef ODIHRX_ALLOC_TESTING
/* Fail allocation number n (0-based) counted from now; -1 disables. */
void odihrx_alloc_fail_at(long n);
long odihrx_alloc_count(void);
#endif

#endif
