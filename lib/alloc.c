/* alloc.c: allocation wrappers, with failure injection in test builds. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

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

/* Buffers of many megabytes (the decoded text, block texts, the XML of a
 * large input) are written once from end to end. With 4 KiB pages every
 * page is a fault on first touch, and under virtualisation faults took a
 * quarter of the run time on a 12 MB input; transparent huge pages, where
 * the system offers them on request, cut the faults 512-fold. */
enum { HUGE_PAGE = 2 * 1024 * 1024, SMALL_PAGE = 4096 };

static void *advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    /* The advice covers the whole pages of the block, which for a block
     * this large are malloc's own mapping: advising only the aligned
     * interior would split the mapping in three, and realloc could then
     * no longer grow it with mremap but would copy it. */
    if (p && n >= 2 * (size_t)HUGE_PAGE) {
        uintptr_t from = (uintptr_t)p & ~(uintptr_t)(SMALL_PAGE - 1);
        uintptr_t to = ((uintptr_t)p + n + SMALL_PAGE - 1) & ~(uintptr_t)(SMALL_PAGE - 1);
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE); /* advice only */
    }
#else
    (void)n;
#endif
    return p;
}

/* Only buffers that grow by realloc are advised: an input read whole, an
 * XML buffer, a long array. Arena chunks are not: the last one is mostly
 * unused, and a huge page would make its untouched part resident too
 * (0.8 MB of peak memory on a 12.5 MB input, no speed lost). */
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
    return advise_huge(realloc(p, n ? n : 1), n);
}

void odihrx_free(void *p)
{
    free(p);
}

/* A page written for the first time traps into the kernel; under
 * virtualisation each trap cost about 5 microseconds, more than clearing
 * the page, and the arena of a 12 MB input touched 2000 pages one by one.
 * Only whole pages inside the range are populated: the partial pages at
 * its ends may belong to someone else's allocation (harmless, but not
 * ours to make resident). */
void odihrx_prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t from = ((uintptr_t)p + SMALL_PAGE - 1) & ~(uintptr_t)(SMALL_PAGE - 1);
    uintptr_t to = ((uintptr_t)p + n) & ~(uintptr_t)(SMALL_PAGE - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* advice only */
#else
    (void)p;
    (void)n;
#endif
}
