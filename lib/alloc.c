/* alloc.c: allocation wrappers, with failure injection in test builds. */
#include "alloc.h"

#include <stdlib.h>

#ifdef ODIHRX_ALLOC_TESTING
static _Thread_local long fail_at = -1;
static _Thread_local long counter;

void odihrx_alloc_fail_at(long n)
{
    fail_at = n;
    counter = 0;
}

long odihrx_alloc_count(void)
{
    return counter;
}

static int should_fail(void)
{
    return fail_at >= 0 && counter++ == fail_at;
}
#else
static int should_fail(void)
{
    return 0;
}
#endif

void *odihrx_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *odihrx_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void odihrx_free(void *p)
{
    free(p);
}
