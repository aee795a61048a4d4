/*
 * test_index_xml.c: the strict reader of cmd/index_xml.c, which `odihrx
 * index` uses on the XML of a report it has just converted, against
 * libxml2, which reads every other XML file. Whatever the strict reader
 * accepts, libxml2 reads to the same tree (names, attributes, text); what it
 * declines it leaves byte for byte as it was, for libxml2. Checked on the
 * XML of converted reports full of characters that need escaping, on
 * hand-written documents at every rule the reader checks, and on 20,000
 * random documents mixing good and bad markup, references and bytes.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>

#include "index.h"
#include "tree_compare.h"

/* 1 when the strict reader took xml (and libxml2 reads the same tree), 0
 * when it declined it untouched; fails when it took what libxml2 rejects. */
static int check_doc(const char *xml, size_t len)
{
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, xml, len);
    copy[len] = '\0';
    ix_tree strict, lib;
    char msg[512];
    int lib_rc = odihrx_index_tree_read(xml, len, "t.xml", &lib, msg, sizeof msg);
    int rc = odihrx_index_tree_read_written(copy, len, &strict);
    if (rc == 0) {
        if (lib_rc != 0)
            fail_msg("strict reader took what libxml2 rejects (%s):\n%.*s", msg, (int)len, xml);
        const ix_node *d = tree_first_difference(strict.root, lib.root);
        if (d)
            fail_msg("the readers differ at a %s node (%.*s):\n%.*s", d->text ? "text" : "element",
                     d->text ? (int)d->len : 0, d->text ? d->text : "", (int)len, xml);
        odihrx_index_tree_free(&strict);
    } else {
        assert_memory_equal(copy, xml, len);
    }
    if (lib_rc == 0)
        odihrx_index_tree_free(&lib);
    free(copy);
    return rc == 0;
}

static int check_str(const char *xml)
{
    return check_doc(xml, strlen(xml));
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT "<report version=\"1\" kind=\"statement\" xmlns=\"urn:odihrx:report:1\">"

/* Reports with every character that XML writers and readers get wrong,
 * converted by the library: the strict reader takes their XML. */
static void converted_reports(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "# REPORT & <TITLE> \"quoted\"\n\n## I. SUMMARY\n\n"
        "Tom & Jerry's <b>bold</b> \"claim\" ]]> done\t\ttabbed \xE2\x80\xA8 sep "
        "\xF0\x9F\x98\x80 \xC2\x85 C1 \xEF\xBF\xBD end.<sup>1</sup>\n\n"
        "A line with a CR\r in it, and *emphasis* and **strong** and "
        "[a link](http://example.org/?a=1&b=2).\n\n"
        "| Party | Seats |\n|---|---|\n| A & B | 1 |\n| <C> | 2 |\n\n"
        "- item \"one\"\n- item 'two' & three\n\n"
        "## II. RECOMMENDATIONS\n\n"
        "1. Authorities should review the law & practice, consistent with paragraph 7.6 "
        "of the 1990 OSCE Copenhagen Document.\n\n---\n\n"
        "<sup>1</sup> See Article 25 of the ICCPR & paragraph 7.3 of the 1990 OSCE "
        "Copenhagen Document.\n",
        "plain text, one line, & nothing else <>\n",
        "",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        odihrx_doc *doc = parse_str(inputs[i]);
        odihrx_buf xml = xml_of(doc);
        assert_int_equal(check_doc(xml.data, xml.size), 1);
        odihrx_buf_free(&xml);
        odihrx_doc_free(doc);
    }
}

static void references_and_spacing_are_read_as_libxml2_does(void **state)
{
    (void)state;
    static const char *const taken[] = {
        HEAD ROOT "<p a=\"&lt;&gt;&amp;&quot;&apos;&#9;&#10;&#13;&#x1F600;&#65;\">"
                  "x&#13;y&#xd;&#X41;</p></report>",
        HEAD ROOT "<p a=\"&lt;&gt;&amp;&quot;&apos;&#9;&#10;&#13;&#x1F600;&#65;\">"
                  "&lt;&gt;&amp;&quot;&apos;&#9;&#10;&#13;&#x1f600;&#0065; ]] ]>"
                  "</p></report>",
        HEAD ROOT "</report>",
        HEAD "<report xmlns=\"urn:odihrx:report:1\"/>",
        HEAD "<report xmlns=\"urn:odihrx:report:1\"/>\n\n",
        HEAD "\n\n<report   kind = \"x\"\n\txmlns=\"urn:odihrx:report:1\" >\n"
             "  <p id=\"a]]>b\" n=\"1\"/>\n  <q>  </q ></report\n>",
        HEAD ROOT "<unknown-el x.y=\"1\" _z=\"&#xFFFD;\">t</unknown-el><text>a</text>"
                  "<p/><p></p></report>",
    };
    int n = 0;
    for (size_t i = 0; i < sizeof taken / sizeof *taken; i++)
        n += check_str(taken[i]);
    /* the first has "&#X41;" (an upper-case X makes no reference): declined,
     * and libxml2 rejects it */
    assert_int_equal(n, 6);
}

/* Everything the reader leaves to libxml2; some of it libxml2 takes, some
 * it rejects, none of it is touched. */
static void declined_untouched(void **state)
{
    (void)state;
    static const char *const declined[] = {
        /* not the declaration emit_xml.c writes */
        "<report xmlns=\"urn:odihrx:report:1\"/>",
        "\xEF\xBB\xBF" HEAD "<report xmlns=\"urn:odihrx:report:1\"/>",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><report xmlns=\"urn:odihrx:report:1\"/>",
        "<?xml version=\"1.0\"?><report xmlns=\"urn:odihrx:report:1\"/>",
        /* other markup */
        HEAD ROOT "<!-- c --></report>",
        HEAD ROOT "<?pi x?></report>",
        HEAD ROOT "<![CDATA[x]]></report>",
        HEAD "<!DOCTYPE report>" ROOT "</report>",
        HEAD "<!-- c -->" ROOT "</report>",
        /* namespaces */
        HEAD "<report/>",
        HEAD "<report xmlns=\"urn:other\"/>",
        HEAD "<report xmlns=\"urn:odihrx:report:&#49;\"/>",
        /* the namespace declared twice (found by fuzz_index_xml) */
        HEAD "<report xmlns=\"urn:odihrx:report:1\" xmlns=\"urn:odihrx:report:1\"/>",
        HEAD "<o:report xmlns:o=\"urn:odihrx:report:1\"/>",
        HEAD ROOT "<p xmlns=\"urn:odihrx:report:1\"/></report>",
        HEAD ROOT "<p xml:lang=\"en\"/></report>",
        HEAD "<other xmlns=\"urn:odihrx:report:1\"/>",
        /* characters */
        HEAD ROOT "a\rb</report>",
        HEAD ROOT "<p a=\"x\ty\"/></report>",
        HEAD ROOT "<p a=\"x\ny\"/></report>",
        HEAD ROOT "<p a=\"x\ry\"/></report>",
        HEAD ROOT "a\x01z</report>",
        HEAD ROOT "a\x7F\xC2z</report>",
        HEAD ROOT "\xC0\x80</report>",
        HEAD ROOT "\xED\xA0\x80</report>",
        HEAD ROOT "\xF4\x90\x80\x80</report>",
        HEAD ROOT "\xEF\xBF\xBE</report>",
        HEAD ROOT "\xEF\xBF\xBF</report>",
        HEAD ROOT "a]]>b</report>",
        HEAD ROOT "&nbsp;</report>",
        HEAD ROOT "&#0;</report>",
        HEAD ROOT "&#xD800;</report>",
        HEAD ROOT "&#x110000;</report>",
        HEAD ROOT "&#;</report>",
        HEAD ROOT "&#x;</report>",
        HEAD ROOT "&#x0000000041;</report>",
        HEAD ROOT "& </report>",
        HEAD ROOT "&lt</report>",
        HEAD ROOT "<p a=\"<\"/></report>",
        HEAD ROOT "<p a=\"&bogus;\"/></report>",
        /* structure */
        HEAD ROOT "<p a=\"1\" a=\"2\"/></report>",
        HEAD ROOT "<p a=\"1\"b=\"2\"/></report>",
        HEAD ROOT "<p a=1/></report>",
        HEAD ROOT "<p a='1'/></report>",
        HEAD ROOT "<p a/></report>",
        HEAD ROOT "<p></q></report>",
        HEAD ROOT "<p>",
        HEAD ROOT "</report>x",
        HEAD ROOT "</report><report/>",
        HEAD "x" ROOT "</report>",
        HEAD ROOT "< p/></report>",
        HEAD ROOT "<1p/></report>",
        HEAD ROOT "<p\xC3\xA9/></report>",
        HEAD ROOT "<p / ></report>",
        HEAD ROOT "</report >x",
        "",
        HEAD,
    };
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
        if (check_str(declined[i]))
            fail_msg("taken: %s", declined[i]);
}

/* Depths and lengths near libxml2's limits are its to judge. */
static void deep_and_long(void **state)
{
    (void)state;
    for (int depth = 195; depth <= 260; depth += 5) {
        size_t cap = (size_t)depth * 16 + 256, len = 0;
        char *x = malloc(cap);
        assert_non_null(x);
        len += (size_t)snprintf(x + len, cap - len, "%s", HEAD ROOT);
        for (int i = 1; i < depth; i++)
            len += (size_t)snprintf(x + len, cap - len, "<p>");
        for (int i = 1; i < depth; i++)
            len += (size_t)snprintf(x + len, cap - len, "</p>");
        len += (size_t)snprintf(x + len, cap - len, "</report>");
        assert_int_equal(check_doc(x, len), depth <= 200);
        free(x);
    }
    size_t n = 9000000;
    char *x = malloc(n + 256);
    assert_non_null(x);
    size_t len = (size_t)snprintf(x, 256, "%s", HEAD ROOT);
    memset(x + len, 'a', n);
    len += n;
    len += (size_t)snprintf(x + len, 256, "</report>");
    assert_int_equal(check_doc(x, len), 0);
    free(x);
}

/* ------------------------------------------------------------- random */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

typedef struct sbuf {
    char *d;
    size_t n, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->d = realloc(b->d, b->cap);
        assert_non_null(b->d);
    }
    memcpy(b->d + b->n, s, n);
    b->n += n;
    b->d[b->n] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Mostly good pieces, now and then a bad one. */
static void chars(sbuf *b)
{
    static const char *const good[] = {"a",
                                       "Zz",
                                       " ",
                                       "0.9",
                                       "&amp;",
                                       "&lt;",
                                       "&gt;",
                                       "&quot;",
                                       "&apos;",
                                       "&#13;",
                                       "&#9;",
                                       "&#10;",
                                       "&#x1F600;",
                                       "&#233;",
                                       "\xC3\xA9",
                                       "\xE2\x80\xA8",
                                       "\xF0\x9F\x98\x80",
                                       ">",
                                       "]",
                                       "]]",
                                       "'",
                                       "-",
                                       "\xC2\x85",
                                       "\xEF\xBF\xBD",
                                       "\x7F"};
    static const char *const bad[] = {
        "<",   "&",    "&x;",      "\r",           "\x01", "\xC3", "\x80", "\xEF\xBF\xBE",
        "]]>", "&#0;", "&#xD800;", "\xED\xA0\x80", "\t",   "\n",   "\""};
    int n = (int)rnd(6);
    for (int i = 0; i < n; i++) {
        if (rnd(40) == 0)
            puts_(b, bad[rnd(sizeof bad / sizeof *bad)]);
        else
            puts_(b, good[rnd(sizeof good / sizeof *good)]);
    }
}

static void element(sbuf *b, int depth)
{
    static const char *const names[] = {"p", "section", "cite", "fnref", "text", "x-y", "Q"};
    const char *name = names[rnd(sizeof names / sizeof *names)];
    puts_(b, "<");
    puts_(b, name);
    int nattrs = (int)rnd(4);
    for (int i = 0; i < nattrs; i++) {
        static const char *const an[] = {"id", "n", "kind", "a.b", "_c"};
        puts_(b, rnd(30) ? " " : rnd(2) ? "\n" : "");
        puts_(b, an[rnd(sizeof an / sizeof *an)]);
        puts_(b, rnd(20) ? "=\"" : " = \"");
        chars(b);
        puts_(b, "\"");
    }
    if (rnd(4) == 0 || depth > 6) {
        puts_(b, "/>");
        return;
    }
    puts_(b, ">");
    int kids = (int)rnd(5);
    for (int i = 0; i < kids; i++) {
        if (rnd(2))
            chars(b);
        else
            element(b, depth + 1);
    }
    if (rnd(200) == 0)
        puts_(b, "<!-- c -->");
    puts_(b, "</");
    puts_(b, rnd(300) ? name : "px");
    puts_(b, ">");
}

static void random_documents(void **state)
{
    (void)state;
    sbuf b = {0};
    int taken = 0, total = 20000;
    for (int i = 0; i < total; i++) {
        b.n = 0;
        puts_(&b, HEAD);
        puts_(&b, rnd(100) ? ROOT : "<report>");
        int kids = (int)rnd(6);
        for (int k = 0; k < kids; k++) {
            if (rnd(2))
                chars(&b);
            else
                element(&b, 1);
        }
        puts_(&b, "</report>");
        if (rnd(50) == 0)
            puts_(&b, rnd(2) ? "\n" : "x");
        taken += check_doc(b.d, b.n);
    }
    free(b.d);
    /* most are good: the comparison is not empty */
    assert_true(taken > total / 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(converted_reports),
        cmocka_unit_test(references_and_spacing_are_read_as_libxml2_does),
        cmocka_unit_test(declined_untouched),
        cmocka_unit_test(deep_and_long),
        cmocka_unit_test(random_documents),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
