/*
 * arena.c: chunked bump allocator. Chunks grow geometrically so a document
 * of any size needs O(log n) mallocs; a request larger than the next chunk
 * gets a chunk of its own.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct odihrx_arena_chunk {
    odihrx_arena_chunk *next;
    size_t used, cap;
    size_t ready; /* bytes from data made resident ahead of use */
    max_align_t data[];
};

enum { FIRST_CHUNK = 16 * 1024, MAX_CHUNK = 16 * 1024 * 1024 };
/* Large chunks are fresh mappings whose pages fault one at a time on first
 * write. They are made resident a slice at a time as the bump pointer
 * reaches them: one system call per slice, and at most one slice beyond
 * what is used (the last chunk is mostly unused; making all of it resident
 * would add megabytes to the peak memory). */

static void make_ready(odihrx_arena_chunk *c, size_t end)
{
    if (c->cap < ODIHRX_PREFAULT_FROM || end <= c->ready)
        return;
    const size_t slice = ODIHRX_PREFAULT_SLICE;
    size_t to = (end + slice - 1) / slice * slice;
    if (to > c->cap)
        to = c->cap;
    odihrx_prefault((char *)c->data + c->ready, to - c->ready);
    c->ready = to;
}

void odihrx_arena_init(odihrx_arena *arena)
{
    arena->head = NULL;
    arena->total = 0;
}

void odihrx_arena_free(odihrx_arena *arena)
{
    if (!arena)
        return;
    odihrx_arena_chunk *c = arena->head;
    while (c) {
        odihrx_arena_chunk *next = c->next;
        odihrx_free(c);
        c = next;
    }
    arena->head = NULL;
    arena->total = 0;
}

static size_t align_up(size_t n)
{
    size_t a = sizeof(max_align_t);
    return (n + a - 1) / a * a;
}

void *odihrx_arena_alloc(odihrx_arena *arena, size_t n)
{
    if (n == 0 || n > SIZE_MAX / 2)
        return NULL;
    n = align_up(n);
    odihrx_arena_chunk *c = arena->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = c ? c->cap * 2 : FIRST_CHUNK;
        if (cap > MAX_CHUNK)
            cap = MAX_CHUNK;
        if (cap < n)
            cap = n;
        odihrx_arena_chunk *fresh = odihrx_malloc(sizeof(*fresh) + cap);
        if (!fresh)
            return NULL;
        fresh->used = 0;
        fresh->ready = 0;
        fresh->cap = cap;
        /* A chunk made for one large request goes behind the head so the
         * head's free space stays usable for small requests. */
        if (c && cap == n && c->cap - c->used > 0) {
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            arena->head = fresh;
        }
        c = fresh;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    make_ready(c, c->used);
    arena->total += n;
    return p;
}

void odihrx_arena_shrink_last(odihrx_arena *arena, void *p, size_t n, size_t keep)
{
    odihrx_arena_chunk *c = arena->head;
    size_t had = align_up(n), now = align_up(keep ? keep : 1);
    /* only the newest allocation of the head chunk can give bytes back */
    if (!c || now >= had || (char *)p + had != (char *)c->data + c->used)
        return;
    c->used -= had - now;
    arena->total -= had - now;
}

void *odihrx_arena_calloc(odihrx_arena *arena, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = odihrx_arena_alloc(arena, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *odihrx_arena_strndup(odihrx_arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = odihrx_arena_alloc(arena, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *odihrx_arena_printf(odihrx_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = odihrx_arena_alloc(arena, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
