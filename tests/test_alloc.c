/*
 * test_alloc.c: allocation failure. Allocation n of a whole conversion
 * (grammar, parse, XML) fails, for n = 0, 1, 2, ... until a run needs no
 * more allocations than were allowed; every run must end in a clean error
 * or success, and leak nothing (ASan and valgrind run this program in CI).
 * Only odihrx's own allocations fail: PCRE2, libxml2 and utf8proc allocate
 * with their own malloc, which this hook does not reach.
 */
/* the library under test is built with the same switch (lib/meson.build) */
#define ODIHRX_ALLOC_TESTING 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "doc.h"
#include "odihrx.h"

static const char report[] =
    "# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS  \n10 January 2021\n\n"
    "ODIHR Limited Election Observation Mission  \nFinal Report\n\nWarsaw  \n26 March 2021\n\n"
    "## TABLE OF CONTENTS\n\nI.\tSUMMARY .....\t1\nII.\tRECOMMENDATIONS .....\t2\n\n"
    "## I. SUMMARY\n\nParties were restricted, contrary to Paragraph 7.6 of the 1990 OSCE "
    "Copenhagen Document.<sup>1</sup> The *Majilis* met in [Astana](http://x).\n\n"
    "*Parties should register freely.*\n\n"
    "\"Parties should register,\" said Ann Lee, Head of the mission. \"Soon.\"\n\n"
    "Issued by:\n\nODIHR\n\nParty\tVotes\nA\t10\n\n---\n\n"
    "<sup>1</sup> The recommendations 4 and 5 from the 2016 Final Report were mostly "
    "implemented.\n\n## II. RECOMMENDATIONS\n\n1. Parties should register freely.\n"
    "2. Observers should be accredited.\n";

/* Plain text as pdftotext writes it: words broken at line ends (the
 * vocabulary is built, and grown past its first table by many distinct
 * words), a glued marker, a footnote that goes on overleaf, and a table
 * printed as columns that goes on overleaf with a column missing. */
static char text_report[16384];

static size_t make_text_report(void)
{
    size_t o = 0;
    o += (size_t)snprintf(text_report + o, sizeof text_report - o,
                          "The elec-\ntion was held1 on time and the election was calm.\n");
    for (int i = 0; i < 1200; i++) {
        char w[4] = {(char)('a' + i % 26), (char)('a' + i / 26 % 26), (char)('a' + i / 676), 0};
        o += (size_t)snprintf(text_report + o, sizeof text_report - o, "%s%s", w,
                              i % 8 == 7 ? ".\n" : " ");
    }
    o += (size_t)snprintf(text_report + o, sizeof text_report - o,
                          "\n1 The law of 2020 sets the date of the elections and the long-\n"
                          "standing rules for the long-standing practice of the\n\f"
                          "Voting was calm and orderly in all the polling stations.\n\n"
                          "observers, which were accredited in time by the election commission.\n"
                          "\nName               Role          Country\n"
                          "Anna Smith         MP            Finland\n"
                          "Bo Lee                           France\n\f"
                          "Cy Ray                           Italy\n");
    assert_true(o < sizeof text_report);
    return o;
}

static int to_buf(void *ctx, const char *data, size_t len)
{
    return odihrx_buf_append(ctx, data, len) == ODIHRX_OK ? 0 : -1;
}

/* One conversion with allocation n failing; true when it succeeded. The
 * streamed way parses the input in place, borrowing its text, and writes
 * the XML through a sink (the path odihrx convert takes); input[len] must
 * be a NUL. */
static bool convert_failing_at(long n, const char *input, size_t len, const char *want,
                               const char *want_too, bool streamed)
{
    odihrx_alloc_fail_at(n);
    odihrx_grammar *g = NULL;
    char msg[256];
    odihrx_status st = odihrx_grammar_new(NULL, &g, msg, sizeof msg);
    if (st) {
        odihrx_alloc_fail_at(-1);
        assert_int_equal(st, ODIHRX_ERR_NOMEM);
        assert_null(g);
        return false;
    }
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .source_name = "r.md"};
    if (streamed)
        opt.flags = ODIHRX_OPT_INPUT_TERMINATED | ODIHRX_OPT_INPUT_BORROWED;
    odihrx_doc *doc = NULL;
    st = odihrx_doc_parse(input, len, g, &opt, &doc);
    bool ok = false;
    if (st == ODIHRX_OK) {
        odihrx_buf xml = {0};
        odihrx_status w = streamed ? odihrx_doc_write_xml_to(doc, to_buf, &xml)
                                   : odihrx_doc_write_xml(doc, &xml);
        long made = odihrx_alloc_count();
        odihrx_alloc_fail_at(-1);
        if (w == ODIHRX_OK) {
            assert_non_null(strstr(xml.data, want));
            if (want_too)
                assert_non_null(strstr(xml.data, want_too));
            ok = made <= n; /* the failure point was never reached */
        } else {
            /* streamed, the sink's buffer may be the one that fails */
            assert_true(w == ODIHRX_ERR_NOMEM || w == ODIHRX_ERR_XML ||
                        (streamed && w == ODIHRX_ERR_IO));
        }
        odihrx_buf_free(&xml);
    } else {
        odihrx_alloc_fail_at(-1);
        assert_int_equal(st, ODIHRX_ERR_NOMEM);
        assert_null(doc);
    }
    odihrx_doc_free(doc);
    odihrx_grammar_free(g);
    return ok;
}

static void every_allocation_can_fail(void **state)
{
    (void)state;
    for (int streamed = 0; streamed < 2; streamed++) {
        long n = 0;
        while (!convert_failing_at(n, report, sizeof report - 1, "<recommendation n=\"2\"", NULL,
                                   streamed)) {
            n++;
            assert_true(n < 100000); /* a conversion makes far fewer allocations */
        }
        /* the small report exercised a real number of failure points */
        assert_true(n >= 50);
    }
}

static void every_allocation_can_fail_in_plain_text(void **state)
{
    (void)state;
    size_t len = make_text_report();
    for (int streamed = 0; streamed < 2; streamed++) {
        long n = 0;
        while (!convert_failing_at(n, text_report, len, "long-standing rules",
                                   "<cell>Cy Ray</cell><cell/>", streamed)) {
            n++;
            assert_true(n < 100000);
        }
        assert_true(n >= 50);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_can_fail),
        cmocka_unit_test(every_allocation_can_fail_in_plain_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
