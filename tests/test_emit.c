/*
 * test_emit.c: stage 8, the XML (lib/emit_xml.c). The exact output of tiny
 * documents, written by hand from the output contract (design.md) and the
 * schema (grammars/odihrx.rng): meta, front matter, sections, paragraphs,
 * tables, contents, footnotes, recommendations with their inline copy and
 * keys, follow-up. Overlapping marks still nest, special characters are
 * escaped in text and attributes, and every output here validates.
 */
#include <stdio.h>

#include "buf.h"
#include "helpers.h"

static odihrx_doc *parse_named(const char *input, const char *name)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_NO_HASH | ODIHRX_OPT_CHECK,
                          .source_name = name};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_parse(input, strlen(input), test_grammar, &opt, &doc), ODIHRX_OK);
    assert_non_null(doc);
    return doc;
}

static void assert_valid(const odihrx_buf *xml)
{
    char msg[1024] = "";
    odihrx_status st = odihrx_validate_xml(xml->data, xml->size, msg, sizeof msg);
    if (st != ODIHRX_OK)
        fail_msg("invalid XML: %s\n%s", msg, xml->data);
}

static void expect_named(const char *input, const char *name, const char *want)
{
    odihrx_doc *doc = parse_named(input, name);
    odihrx_buf xml = xml_of(doc);
    assert_string_equal(xml.data, want);
    assert_int_equal(xml.size, strlen(want));
    assert_valid(&xml);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void expect_xml(const char *input, const char *want)
{
    expect_named(input, "test.md", want);
}

/* The text content of the first element named tag (markup stripped). */
static void text_of(const char *xml, const char *tag, char *out, size_t cap)
{
    char open[32];
    snprintf(open, sizeof open, "<%s ", tag);
    const char *p = strstr(xml, open);
    assert_non_null(p);
    p = strchr(p, '>');
    assert_non_null(p);
    p++;
    char close[32];
    snprintf(close, sizeof close, "</%s>", tag);
    const char *e = strstr(p, close);
    assert_non_null(e);
    size_t o = 0;
    int depth = 0;
    for (; p < e && o + 1 < cap; p++) {
        if (*p == '<')
            depth++;
        else if (*p == '>')
            depth--;
        else if (depth == 0)
            out[o++] = *p;
    }
    out[o] = '\0';
}

/* ------------------------------------------------------ exact documents */

static void title_page_chapter_and_footnote(void **state)
{
    (void)state;
    expect_xml(
        "# REPUBLIC OF KAZAKHSTAN\n\n"
        "PARLIAMENTARY ELECTIONS  \n10 January 2021\n\n"
        "ODIHR Limited Election Observation Mission  \nFinal Report\n\n"
        "Warsaw  \n26 March 2021\n\n"
        "## I. EXECUTIVE SUMMARY\n\n"
        "Text.<sup>1</sup>\n\n"
        "---\n\n"
        "<sup>1</sup> A note.\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"final-report\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <title>REPUBLIC OF KAZAKHSTAN PARLIAMENTARY ELECTIONS 10 January 2021 ODIHR Limited "
        "Election Observation Mission Final Report</title>\n"
        "    <country code=\"KZ\">Kazakhstan</country>\n"
        "    <election type=\"parliamentary\" date=\"2021-01-10\"/>\n"
        "    <mission type=\"leom\">ODIHR Limited Election Observation Mission</mission>\n"
        "    <issued place=\"Warsaw\" date=\"2021-03-26\"/>\n"
        "    <source name=\"test.md\" format=\"markdown\" bytes=\"222\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <front id=\"front\" line=\"1\">\n"
        "      <subheading line=\"1\">REPUBLIC OF KAZAKHSTAN</subheading>\n"
        "      <p id=\"p1\" line=\"3\">PARLIAMENTARY ELECTIONS 10 January 2021</p>\n"
        "      <p id=\"p2\" line=\"6\">ODIHR Limited Election Observation Mission Final "
        "Report</p>\n"
        "      <p id=\"p3\" line=\"9\">Warsaw 26 March 2021</p>\n"
        "    </front>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"12\">\n"
        "      <heading>I. EXECUTIVE SUMMARY</heading>\n"
        "      <p id=\"p4\" line=\"14\">Text.<fnref n=\"1\"/></p>\n"
        "    </section>\n"
        "  </body>\n"
        "  <footnotes>\n"
        "    <footnote n=\"1\" id=\"fn1\" section=\"sec-I\" line=\"18\">A note.</footnote>\n"
        "  </footnotes>\n"
        "</report>\n");
}

static void table_between_paragraphs(void **state)
{
    (void)state;
    expect_xml(
        "## I. RESULTS\n\n"
        "The results were as follows.\n\n"
        "Party\tVotes\tShare\n"
        "Nur Otan\t5 148 073\t71.09%\n"
        "**Total**\t5 944 227\t100%\n\n"
        "Turnout was 63.3 per cent.\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <source name=\"test.md\" format=\"markdown\" bytes=\"142\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"1\">\n"
        "      <heading>I. RESULTS</heading>\n"
        "      <p id=\"p1\" line=\"3\">The results were as follows.</p>\n"
        "      <table>\n"
        "        <row line=\"5\"><cell>Party</cell><cell>Votes</cell><cell>Share</cell></row>\n"
        "        <row line=\"6\"><cell>Nur Otan</cell><cell>5 148 073</cell>"
        "<cell>71.09%</cell></row>\n"
        "        <row line=\"7\"><cell><strong>Total</strong></cell><cell>5 944 227</cell>"
        "<cell>100%</cell></row>\n"
        "      </table>\n"
        "      <p id=\"p2\" line=\"9\">Turnout was 63.3 per cent.</p>\n"
        "    </section>\n"
        "  </body>\n"
        "</report>\n");
}

static void recommendations_with_inline_copy_and_keys(void **state)
{
    (void)state;
    expect_xml(
        "## I. MEDIA\n\n"
        "Coverage was biased.\n\n"
        "*Broadcasters should give all contestants equal airtime.*\n\n"
        "## II. RECOMMENDATIONS\n\n"
        "### A. PRIORITY RECOMMENDATIONS\n\n"
        "1. Broadcasters should give all contestants equal airtime.\n\n"
        "### B. OTHER RECOMMENDATIONS\n\n"
        "### Observers\n\n"
        "2. Observers should be accredited.\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <source name=\"test.md\" format=\"markdown\" bytes=\"291\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"1\">\n"
        "      <heading>I. MEDIA</heading>\n"
        "      <p id=\"p1\" line=\"3\">Coverage was biased.</p>\n"
        "      <p id=\"p2\" line=\"5\"><em>Broadcasters should give all contestants equal "
        "airtime.</em></p>\n"
        "    </section>\n"
        "    <section id=\"sec-II\" num=\"II\" kind=\"chapter\" line=\"7\">\n"
        "      <heading>II. RECOMMENDATIONS</heading>\n"
        "      <section id=\"sec-II.A\" num=\"II.A\" kind=\"subsection\" line=\"9\">\n"
        "        <heading>A. PRIORITY RECOMMENDATIONS</heading>\n"
        "        <list type=\"ordered\">\n"
        "          <item id=\"li1\" n=\"1\" line=\"11\">Broadcasters should give all contestants "
        "equal airtime.</item>\n"
        "        </list>\n"
        "      </section>\n"
        "      <section id=\"sec-II.B\" num=\"II.B\" kind=\"subsection\" line=\"13\">\n"
        "        <heading>B. OTHER RECOMMENDATIONS</heading>\n"
        "        <subheading line=\"15\">Observers</subheading>\n"
        "        <list type=\"ordered\">\n"
        "          <item id=\"li2\" n=\"2\" line=\"17\">Observers should be accredited.</item>\n"
        "        </list>\n"
        "      </section>\n"
        "    </section>\n"
        "  </body>\n"
        "  <recommendations>\n"
        "    <recommendation n=\"1\" id=\"rec1\" priority=\"true\" line=\"11\" item=\"li1\">\n"
        "      <text>Broadcasters should give all contestants equal airtime.</text>\n"
        "      <inline section=\"sec-I\" p=\"p2\"/>\n"
        "      <key paragraph=\"7.8\" basis=\"lexicon\" via=\"topic:media\"/>\n"
        "      <key paragraph=\"9.1\" basis=\"lexicon\" via=\"topic:media\"/>\n"
        "    </recommendation>\n"
        "    <recommendation n=\"2\" id=\"rec2\" priority=\"false\" topic=\"Observers\" "
        "line=\"17\" item=\"li2\">\n"
        "      <text>Observers should be accredited.</text>\n"
        "      <key paragraph=\"8\" basis=\"lexicon\" via=\"topic:observers\"/>\n"
        "    </recommendation>\n"
        "  </recommendations>\n"
        "  <copenhagen>\n"
        "    <paragraph n=\"7.8\" subject=\"unimpeded, non-discriminatory access to the media for "
        "all contestants\">\n"
        "      <ref to=\"rec1\" basis=\"lexicon\"/>\n"
        "    </paragraph>\n"
        "    <paragraph n=\"8\" subject=\"foreign and domestic observers enhance the electoral "
        "process and are invited\">\n"
        "      <ref to=\"rec2\" basis=\"lexicon\"/>\n"
        "    </paragraph>\n"
        "    <paragraph n=\"9.1\" subject=\"freedom of expression, including to hold opinions and "
        "receive and impart information\">\n"
        "      <ref to=\"rec1\" basis=\"lexicon\"/>\n"
        "    </paragraph>\n"
        "  </copenhagen>\n"
        "</report>\n");
}

static void contents_entries_point_at_sections(void **state)
{
    (void)state;
    expect_xml(
        "## CONTENTS\n\n"
        "I. SUMMARY ........ 1\n"
        "II. MEDIA ........ 2\n\n"
        "## I. SUMMARY\n\nText.\n\n"
        "## II. MEDIA\n\nMore.\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <source name=\"test.md\" format=\"markdown\" bytes=\"99\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <front id=\"front\" line=\"1\">\n"
        "      <toc line=\"1\">\n"
        "        <title>CONTENTS</title>\n"
        "        <entry line=\"3\" num=\"I\" page=\"1\" section=\"sec-I\">SUMMARY</entry>\n"
        "        <entry line=\"4\" num=\"II\" page=\"2\" section=\"sec-II\">MEDIA</entry>\n"
        "      </toc>\n"
        "    </front>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"6\">\n"
        "      <heading>I. SUMMARY</heading>\n"
        "      <p id=\"p1\" line=\"8\">Text.</p>\n"
        "    </section>\n"
        "    <section id=\"sec-II\" num=\"II\" kind=\"chapter\" line=\"10\">\n"
        "      <heading>II. MEDIA</heading>\n"
        "      <p id=\"p2\" line=\"12\">More.</p>\n"
        "    </section>\n"
        "  </body>\n"
        "</report>\n");
}

/* Converters that flatten a page run the contents entries of a line
 * together; each entry is an element of its own, on the line it shares. */
static void contents_run_together_are_entries_of_their_own(void **state)
{
    (void)state;
    expect_named(
        "TABLE OF CONTENTS\n\n"
        "I. SUMMARY ...... 1 II. MEDIA...... 2\n"
        "A. LAW ...... 2 B. ARTICLE 10 AND 11 ...... 3\n\n"
        "I. SUMMARY\n\nText.\n\nII. MEDIA\n\nMore.\n",
        "test.txt",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <source name=\"test.txt\" format=\"text\" bytes=\"140\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <front id=\"front\" line=\"1\">\n"
        "      <toc line=\"1\">\n"
        "        <title>TABLE OF CONTENTS</title>\n"
        "        <entry line=\"3\" num=\"I\" page=\"1\" section=\"sec-I\">SUMMARY</entry>\n"
        "        <entry line=\"3\" num=\"II\" page=\"2\" section=\"sec-II\">MEDIA</entry>\n"
        "        <entry line=\"4\" num=\"II.A\" page=\"2\">LAW</entry>\n"
        "        <entry line=\"4\" num=\"II.B\" page=\"3\">ARTICLE 10 AND 11</entry>\n"
        "      </toc>\n"
        "    </front>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"6\">\n"
        "      <heading>I. SUMMARY</heading>\n"
        "      <p id=\"p1\" line=\"8\">Text.</p>\n"
        "    </section>\n"
        "    <section id=\"sec-II\" num=\"II\" kind=\"chapter\" line=\"10\">\n"
        "      <heading>II. MEDIA</heading>\n"
        "      <p id=\"p2\" line=\"12\">More.</p>\n"
        "    </section>\n"
        "  </body>\n"
        "</report>\n");
}

/* A second contents title after entries opens a contents table of its
 * own (a title after entries is schema-invalid; found by fuzzing). */
static void second_contents_title_opens_a_new_table(void **state)
{
    (void)state;
    expect_xml(
        "## CONTENTS\n\nI. SUMMARY ..... 1\n\n## CONTENTS\n\nII. MEDIA ..... 2\n\n"
        "## I. SUMMARY\n\nText.\n\n## II. MEDIA\n\nMore.\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <source name=\"test.md\" format=\"markdown\" bytes=\"107\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <front id=\"front\" line=\"1\">\n"
        "      <toc line=\"1\">\n"
        "        <title>CONTENTS</title>\n"
        "        <entry line=\"3\" num=\"I\" page=\"1\" section=\"sec-I\">SUMMARY</entry>\n"
        "      </toc>\n"
        "      <toc line=\"5\">\n"
        "        <title>CONTENTS</title>\n"
        "        <entry line=\"7\" num=\"II\" page=\"2\" section=\"sec-II\">MEDIA</entry>\n"
        "      </toc>\n"
        "    </front>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"9\">\n"
        "      <heading>I. SUMMARY</heading>\n"
        "      <p id=\"p1\" line=\"11\">Text.</p>\n"
        "    </section>\n"
        "    <section id=\"sec-II\" num=\"II\" kind=\"chapter\" line=\"13\">\n"
        "      <heading>II. MEDIA</heading>\n"
        "      <p id=\"p2\" line=\"15\">More.</p>\n"
        "    </section>\n"
        "  </body>\n"
        "</report>\n");
}

static void paragraph_joined_across_a_page(void **state)
{
    (void)state;
    expect_xml(
        "## I. ONE\n\n"
        "The measures applied to campaign and election\n\n"
        "---\n\n"
        "<sup>1</sup> A note.\n\n"
        "day procedures.<sup>1</sup>\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <source name=\"test.md\" format=\"markdown\" bytes=\"113\" encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"1\">\n"
        "      <heading>I. ONE</heading>\n"
        "      <p id=\"p1\" line=\"3\" joined=\"true\">The measures applied to campaign and "
        "election day procedures.<fnref n=\"1\"/></p>\n"
        "    </section>\n"
        "  </body>\n"
        "  <footnotes>\n"
        "    <footnote n=\"1\" id=\"fn1\" section=\"sec-I\" line=\"7\">A note.</footnote>\n"
        "  </footnotes>\n"
        "</report>\n");
}

static void special_characters_and_followup(void **state)
{
    (void)state;
    expect_named(
        "# ODIHR Election Observation Mission Final Report\n\n"
        "## I. FOLLOW-UP\n\n"
        "Seats & votes: 3 < 4 > 2, the \"Amanat\" party's list.\n\n"
        "The recommendations 4, 5 and 8 from the 2016 Final Report were mostly implemented.\n\n"
        "## II. RECOMMENDATIONS\n\n"
        "### Ballot & \"Envelope\" Design\n\n"
        "1. Ballot papers should carry serial numbers.\n",
        "a&b \"c\" <d>.md",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<report version=\"1\" kind=\"final-report\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
        "  <meta>\n"
        "    <title>ODIHR Election Observation Mission Final Report</title>\n"
        "    <mission type=\"eom\">ODIHR Election Observation Mission</mission>\n"
        "    <source name=\"a&amp;b &quot;c&quot; &lt;d&gt;.md\" format=\"markdown\" bytes=\"308\" "
        "encoding=\"UTF-8\"/>\n"
        "  </meta>\n"
        "  <body>\n"
        "    <front id=\"front\" line=\"1\">\n"
        "      <subheading line=\"1\">ODIHR Election Observation Mission Final "
        "Report</subheading>\n"
        "    </front>\n"
        "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"3\">\n"
        "      <heading>I. FOLLOW-UP</heading>\n"
        "      <p id=\"p1\" line=\"5\">Seats &amp; votes: 3 &lt; 4 &gt; 2, the &quot;Amanat&quot; "
        "party's list.</p>\n"
        "      <p id=\"p2\" line=\"7\">The recommendations 4, 5 and 8 from the 2016 Final Report "
        "were mostly implemented.</p>\n"
        "    </section>\n"
        "    <section id=\"sec-II\" num=\"II\" kind=\"chapter\" line=\"9\">\n"
        "      <heading>II. RECOMMENDATIONS</heading>\n"
        "      <subheading line=\"11\">Ballot &amp; &quot;Envelope&quot; Design</subheading>\n"
        "      <list type=\"ordered\">\n"
        "        <item id=\"li1\" n=\"1\" line=\"13\">Ballot papers should carry serial "
        "numbers.</item>\n"
        "      </list>\n"
        "    </section>\n"
        "  </body>\n"
        "  <recommendations>\n"
        "    <recommendation n=\"1\" id=\"rec1\" priority=\"false\" topic=\"Ballot &amp; "
        "&quot;Envelope&quot; Design\" line=\"13\" item=\"li1\">\n"
        "      <text>Ballot papers should carry serial numbers.</text>\n"
        "    </recommendation>\n"
        "  </recommendations>\n"
        "  <followup>\n"
        "    <prior report=\"2016 Final Report\" status=\"mostly\" recommendations=\"4 5 8\" "
        "p=\"p2\"/>\n"
        "  </followup>\n"
        "</report>\n");
}

/* ------------------------------------------------------------ properties */

static void overlapping_markdown_marks_nest(void **state)
{
    (void)state;
    /* strong over "bold both" and em over "both em" overlap (and the same
     * the other way round): however the stars pair up, the output nests,
     * validates, and keeps every word in its place */
    odihrx_doc *doc =
        parse_named("## I. ONE\n\n**bold *both** em* and *one **two* three**.\n", "test.md");
    odihrx_buf xml = xml_of(doc);
    assert_valid(&xml);
    char text[256], words[256];
    text_of(xml.data, "p", text, sizeof text);
    size_t o = 0;
    for (const char *t = text; *t; t++)
        if (*t != '*')
            words[o++] = *t;
    words[o] = '\0';
    assert_string_equal(words, "bold both em and one two three.");
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void deeply_crossed_tags_stay_well_formed(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_named("## I. ONE\n\n<b>a <i>b [c</b> d](http://x.org/?a=1&b=2) e</i> "
                                  "f<sup>1</sup>\n\n---\n\n<sup>1</sup> <i>N <b>o</i> te</b>.\n",
                                  "test.md");
    odihrx_buf xml = xml_of(doc);
    assert_valid(&xml);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void escaping_in_every_place(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_named("## I. A & B <C>\n\nText with \"quotes\" & 1 < 2 > 0.<sup>1</sup>\n\n"
                    "x\t<y>\t\"z\" & w\n\n---\n\n<sup>1</sup> Note & \"more\" <less>.\n",
                    "test.md");
    odihrx_buf xml = xml_of(doc);
    assert_valid(&xml);
    assert_non_null(strstr(xml.data, "Text with &quot;quotes&quot; &amp; 1 &lt; 2 &gt; 0."));
    assert_non_null(strstr(xml.data, "<cell>&quot;z&quot; &amp; w</cell>"));
    /* no raw '&' that does not start an entity, no raw '<' in text */
    for (const char *p = xml.data; (p = strchr(p, '&')) != NULL; p++)
        assert_true(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 ||
                    strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* Special bytes at every offset of a paragraph longer than the sixteen
 * bytes the escaper and the inline parser look at in one step: each one
 * escaped or parsed, whichever step it falls in. */
static void special_bytes_at_every_offset(void **state)
{
    (void)state;
    for (int k = 0; k < 40; k++) {
        char input[256], want[256];
        snprintf(input, sizeof input, "%.*sx & y < z *em* w%.*s\n", k,
                 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", 40 - k,
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ");
        snprintf(want, sizeof want,
                 "<p id=\"p1\" line=\"1\">%.*sx &amp; y &lt; z <em>em</em> w%.*s</p>", k,
                 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", 40 - k,
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ");
        odihrx_doc *doc = parse_named(input, "test.md");
        odihrx_buf xml = xml_of(doc);
        assert_valid(&xml);
        if (!strstr(xml.data, want))
            fail_msg("offset %d: %s not in\n%s", k, want, xml.data);
        odihrx_buf_free(&xml);
        odihrx_doc_free(doc);
    }
}

/* --------------------------------------- streamed XML, borrowed input */

static int collect_piece(void *ctx, const char *data, size_t len)
{
    odihrx_buf *all = ctx;
    assert_true(len > 0 && len <= 64 * 1024 + 4096);
    return odihrx_buf_append(all, data, len) == ODIHRX_OK ? 0 : -1;
}

static int refuse_piece(void *ctx, const char *data, size_t len)
{
    (void)data;
    (void)len;
    ++*(int *)ctx;
    return -1;
}

/* The same report written whole, and streamed from a document whose plain
 * paragraphs borrow their text from the input: the same bytes. */
static void streamed_xml_of_borrowed_input_is_the_same(void **state)
{
    (void)state;
    odihrx_buf in = {0};
    assert_int_equal(odihrx_buf_append(&in, "# REPORT\n\n## I. SUMMARY\n\n", 25), ODIHRX_OK);
    for (int i = 0; i < 6000; i++) {
        char line[200];
        int n = snprintf(line, sizeof line,
                         i % 3 ? "Paragraph %d is plain prose with single spaces.\n\n"
                               : "Paragraph %d has *emphasis* & a note.<sup>1</sup>\n\n",
                         i);
        assert_int_equal(odihrx_buf_append(&in, line, (size_t)n), ODIHRX_OK);
    }
    assert_int_equal(odihrx_buf_append(&in, "<sup>1</sup> The note.\n", 23), ODIHRX_OK);
    odihrx_options copied = {.abi_version = ODIHRX_OPTIONS_VERSION, .flags = ODIHRX_OPT_NO_HASH};
    odihrx_options borrowed = copied;
    borrowed.flags |= ODIHRX_OPT_INPUT_TERMINATED | ODIHRX_OPT_INPUT_BORROWED;
    odihrx_doc *a = NULL, *b = NULL;
    assert_int_equal(odihrx_doc_parse(in.data, in.size, test_grammar, &copied, &a), ODIHRX_OK);
    assert_int_equal(odihrx_doc_parse(in.data, in.size, test_grammar, &borrowed, &b), ODIHRX_OK);
    /* plain paragraphs point into the input, the others are copies */
    uint32_t inside = 0;
    for (uint32_t i = 0; i < b->nblocks; i++)
        inside += b->blocks[i].text >= in.data && b->blocks[i].text < in.data + in.size;
    assert_true(inside >= 4000);
    for (uint32_t i = 0; i < a->nblocks; i++)
        assert_false(a->blocks[i].text >= in.data && a->blocks[i].text < in.data + in.size);
    odihrx_buf whole = {0}, streamed = {0};
    assert_int_equal(odihrx_doc_write_xml(a, &whole), ODIHRX_OK);
    assert_true(whole.size > 3 * 64 * 1024); /* several pieces */
    assert_int_equal(odihrx_doc_write_xml_to(b, collect_piece, &streamed), ODIHRX_OK);
    assert_int_equal(streamed.size, whole.size);
    assert_memory_equal(streamed.data, whole.data, whole.size);
    /* a sink that refuses stops the write at once */
    int calls = 0;
    assert_int_equal(odihrx_doc_write_xml_to(b, refuse_piece, &calls), ODIHRX_ERR_IO);
    assert_int_equal(calls, 1);
    assert_int_equal(odihrx_doc_write_xml_to(b, NULL, NULL), ODIHRX_ERR_INPUT);
    odihrx_buf_free(&whole);
    odihrx_buf_free(&streamed);
    odihrx_doc_free(a);
    odihrx_doc_free(b);
    odihrx_buf_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(title_page_chapter_and_footnote),
        cmocka_unit_test(table_between_paragraphs),
        cmocka_unit_test(recommendations_with_inline_copy_and_keys),
        cmocka_unit_test(contents_entries_point_at_sections),
        cmocka_unit_test(contents_run_together_are_entries_of_their_own),
        cmocka_unit_test(second_contents_title_opens_a_new_table),
        cmocka_unit_test(paragraph_joined_across_a_page),
        cmocka_unit_test(special_characters_and_followup),
        cmocka_unit_test(overlapping_markdown_marks_nest),
        cmocka_unit_test(deeply_crossed_tags_stay_well_formed),
        cmocka_unit_test(escaping_in_every_place),
        cmocka_unit_test(special_bytes_at_every_offset),
        cmocka_unit_test(streamed_xml_of_borrowed_input_is_the_same),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
