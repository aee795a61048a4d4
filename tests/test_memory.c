/*
 * test_memory.c: the memory primitives under the stages. The arena keeps
 * every byte it hands out, across chunks of every size; odihrx_prefault
 * makes pages resident without changing them; large arrays and arena
 * chunks are made resident a slice at a time as they fill, never more (peak memory
 * on a 12 MB input is a benchmark target, see bench/RESULTS.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cmocka.h>

#include "alloc.h"
#include "arena.h"
#include "doc.h"
#include "under_valgrind.h"


static size_t page_size(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

/* Resident pages among those wholly inside [p, p + n). */
static size_t resident_pages(const void *p, size_t n)
{
    size_t ps = page_size();
    uintptr_t from = ((uintptr_t)p + ps - 1) / ps * ps, to = ((uintptr_t)p + n) / ps * ps;
    if (to <= from)
        return 0;
    size_t pages = (to - from) / ps, resident = 0;
    unsigned char vec[4096];
    for (size_t done = 0; done < pages; done += sizeof vec) {
        size_t now = pages - done < sizeof vec ? pages - done : sizeof vec;
        assert_int_equal(mincore((void *)(from + done * ps), now * ps, vec), 0);
        for (size_t k = 0; k < now; k++)
            resident += vec[k] & 1;
    }
    return resident;
}

/* Whether this system populates pages on request and leaves untouched
 * ones alone, so residency says what odihrx asked for. Transparent huge
 * pages for every mapping ("always") make 2 MB resident on one touch;
 * valgrind's allocator is not malloc's. */
static bool residency_observable(void)
{
    if (UNDER_VALGRIND())
        return false;
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        char line[128] = "";
        bool always = fgets(line, sizeof line, f) && strstr(line, "[always]");
        fclose(f);
        if (always)
            return false;
    }
    size_t n = 16 * page_size();
    void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    bool works = false;
#ifdef MADV_POPULATE_WRITE
    works = madvise(m, n, MADV_POPULATE_WRITE) == 0 && resident_pages(m, n) == 16;
#endif
    munmap(m, n);
    return works;
}

static unsigned char byte_at(size_t alloc, size_t k)
{
    return (unsigned char)(alloc * 31 + k * 7);
}

static void arena_keeps_every_byte(void **state)
{
    (void)state;
    odihrx_arena arena;
    odihrx_arena_init(&arena);
    /* small, medium and chunk-sized requests, some shrunk back */
    static const size_t sizes[] = {1, 7, 64, 4095, 70000, 300000, 1, 2 << 20, 33, 5 << 20, 9};
    enum { ROUNDS = 40, N = sizeof sizes / sizeof sizes[0] };
    unsigned char *got[ROUNDS * N];
    size_t len[ROUNDS * N];
    for (size_t i = 0; i < ROUNDS * N; i++) {
        size_t want = sizes[i % N] + i % 5;
        got[i] = odihrx_arena_alloc(&arena, want);
        assert_non_null(got[i]);
        assert_int_equal((uintptr_t)got[i] % _Alignof(max_align_t), 0);
        len[i] = i % 3 == 0 ? want / 2 + 1 : want;
        odihrx_arena_shrink_last(&arena, got[i], want, len[i]);
        for (size_t k = 0; k < len[i]; k++)
            got[i][k] = byte_at(i, k);
    }
    for (size_t i = 0; i < ROUNDS * N; i++)
        for (size_t k = 0; k < len[i]; k++)
            if (got[i][k] != byte_at(i, k))
                fail_msg("allocation %zu byte %zu changed", i, k);
    odihrx_arena_free(&arena);
    assert_null(arena.head);
}

static void prefault_keeps_contents(void **state)
{
    (void)state;
    size_t n = 3 * 1024 * 1024 + 123;
    unsigned char *p = odihrx_malloc(n);
    assert_non_null(p);
    for (size_t k = 0; k < n; k += 4093)
        p[k] = (unsigned char)k;
    /* unaligned ends, an empty range, a range inside one page */
    odihrx_prefault(p + 17, n - 17);
    odihrx_prefault(p + 5, 0);
    odihrx_prefault(p + 5, 100);
    for (size_t k = 0; k < n; k += 4093)
        assert_int_equal(p[k], (unsigned char)k);
    odihrx_free(p);
}

/* An array of 24-byte elements (slices do not end on element bounds)
 * grown to 3 MB: before an element is written, the slice it ends in is
 * resident, and nothing beyond that slice is. (From 4 MiB on, arrays are
 * advised to use huge pages, resident 2 MB at a time by design.) */
static void large_array_is_resident_one_slice_ahead(void **state)
{
    (void)state;
    /* where residency cannot be seen (valgrind, huge pages for all), the
     * array is still grown and its contents checked */
    bool observable = residency_observable();
    typedef struct {
        uint64_t a, b, c;
    } elem;
    const size_t slice = ODIHRX_PREFAULT_SLICE, ps = page_size();
    elem *arr = NULL;
    uint32_t count = 0, cap = 0;
    const uint32_t total = 120000; /* 2.9 MB, capacity 3 MiB */
    size_t checked = 0;
    for (uint32_t i = 0; i < total; i++) {
        assert_int_equal(odihrx_vec_grow((void **)&arr, &count, &cap, sizeof *arr, UINT32_MAX),
                         ODIHRX_OK);
        size_t bytes = (size_t)cap * sizeof *arr;
        if (observable && bytes >= ODIHRX_PREFAULT_FROM && i % 1000 == 0) {
            size_t last = ((size_t)count + 1) * sizeof *arr - 1; /* of the next element */
            size_t from = last / slice * slice;
            size_t to = from + slice < bytes ? from + slice : bytes;
            size_t whole = ((uintptr_t)arr + to) / ps - ((uintptr_t)arr + from + ps - 1) / ps;
            assert_int_equal(resident_pages((char *)arr + from, to - from), whole);
            /* the array's unused tail costs no memory */
            if (to < bytes)
                assert_int_equal(resident_pages((char *)arr + to, bytes - to), 0);
            checked++;
        }
        arr[count++] = (elem){i, i + 1, i + 2};
    }
    assert_true(!observable || checked >= 70); /* every 1000th push from 1 MiB on */
    for (uint32_t i = 0; i < total; i += 997)
        assert_true(arr[i].a == i && arr[i].c == i + 2);
    odihrx_free(arr);
}

int main(void)
{
#ifdef M_MMAP_THRESHOLD
    /* as cmd/main.c does: large blocks are fresh mappings, never heap
     * memory that an earlier test has already touched */
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
#endif
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_keeps_every_byte),
        cmocka_unit_test(prefault_keeps_contents),
        cmocka_unit_test(large_array_is_resident_one_slice_ahead),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
