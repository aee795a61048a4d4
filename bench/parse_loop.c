/*
 * parse_loop.c: the CPU time of converting one report, in-process.
 *
 *   parse_loop FILE [RUNS]
 *
 * Parses FILE and writes its XML RUNS times (default 300) in one process
 * and prints the minimum, 25th percentile and median thread CPU time of a
 * run. On a shared machine wall-clock comparisons of two builds drift with
 * whatever else runs; the low percentiles of thread CPU time over hundreds
 * of runs do not, so this is how one change is weighed against another
 * (build both, run each a few times, alternating). bench/run.py measures
 * the tool as users run it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "odihrx.h"

static double thread_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The whole file, NUL-terminated as ODIHRX_OPT_INPUT_TERMINATED needs. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (cap - n < 65536) {
            char *grown = realloc(data, cap = cap * 2 + 65536);
            if (!grown) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        return NULL;
    }
    data[n] = '\0';
    *len = n;
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: parse_loop FILE [RUNS]\n");
        return 2;
    }
    int runs = argc == 3 ? atoi(argv[2]) : 300;
    if (runs < 1) {
        fprintf(stderr, "parse_loop: RUNS must be a positive number\n");
        return 2;
    }
    size_t len = 0;
    char *data = read_file(argv[1], &len);
    if (!data) {
        perror(argv[1]);
        return 1;
    }
    char err[512];
    odihrx_grammar *g = NULL;
    if (odihrx_grammar_new(NULL, &g, err, sizeof err) != ODIHRX_OK) {
        fprintf(stderr, "parse_loop: %s\n", err);
        free(data);
        return 1;
    }
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_INPUT_TERMINATED | ODIHRX_OPT_INPUT_BORROWED,
                          .source_name = argv[1]};
    double *seconds = malloc(sizeof *seconds * (size_t)runs);
    odihrx_buf xml = {0};
    int rc = seconds ? 0 : 1;
    for (int r = 0; r < runs && rc == 0; r++) {
        double t0 = thread_seconds();
        odihrx_doc *doc = NULL;
        xml.size = 0;
        odihrx_status st = odihrx_doc_parse(data, len, g, &opt, &doc);
        if (st == ODIHRX_OK)
            st = odihrx_doc_write_xml(doc, &xml);
        odihrx_doc_free(doc);
        seconds[r] = thread_seconds() - t0;
        if (st != ODIHRX_OK) {
            fprintf(stderr, "%s: %s\n", argv[1], odihrx_status_string(st));
            rc = 1;
        }
    }
    if (rc == 0) {
        qsort(seconds, (size_t)runs, sizeof *seconds, cmp_double);
        printf("%s: %d runs, thread CPU per run: min %.1f us, p25 %.1f us, median %.1f us; "
               "%zu bytes in, %zu bytes of XML\n",
               argv[1], runs, seconds[0] * 1e6, seconds[runs / 4] * 1e6, seconds[runs / 2] * 1e6,
               len, xml.size);
    }
    odihrx_buf_free(&xml);
    free(seconds);
    odihrx_grammar_free(g);
    free(data);
    return rc;
}
