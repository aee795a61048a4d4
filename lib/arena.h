/*
 * arena.h: bump allocation for everything a document owns. Memory is
 * released all at once by odihrx_arena_free, so stages never free nodes one
 * by one and no error path can leak a node.
 */
#ifndef ODIHRX_ARENA_H
#define ODIHRX_ARENA_H

#include <stddef.h>

typedef struct odihrx_arena_chunk odihrx_arena_chunk;

typedef struct odihrx_arena {
    odihrx_arena_chunk *head;
    size_t total; /* bytes handed out, for limits and statistics */
} odihrx_arena;

void odihrx_arena_init(odihrx_arena *arena);
void odihrx_arena_free(odihrx_arena *arena);
/* NULL on failure or when n is 0; memory is aligned for any scalar type. */
void *odihrx_arena_alloc(odihrx_arena *arena, size_t n);
/* Zeroed array of count elements of size bytes; NULL on overflow. */
/* Give back the tail of p, allocated with n bytes, beyond its first keep
 * bytes; a no-op unless p is the arena's newest allocation. For buffers
 * sized for the worst case and filled with less. */
void odihrx_arena_shrink_last(odihrx_arena *arena, void *p, size_t n, size_t keep);

void *odihrx_arena_calloc(odihrx_arena *arena, size_t count, size_t size);
/* Copy of s[0..len) with a terminating NUL. */
char *odihrx_arena_strndup(odihrx_arena *arena, const char *s, size_t len);
/* printf into the arena; NULL on failure. */
char *odihrx_arena_printf(odihrx_arena *arena, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
