/*
 * test_xml.c: stage 8. The exact XML of small documents, written by hand
 * from the output contract (design.md) and grammars/odihrx.rng, and schema
 * validity of each; overlapping marks must still nest; special characters
 * are escaped.
 */
#include "helpers.h"

static void expect_xml(const char *input, const char *want)
{
    odihrx_doc *doc = parse_str(input);
    odihrx_buf xml = xml_of(doc);
    assert_string_equal(xml.data, want);
    char msg[1024];
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void chapter_paragraph_footnote(void **state)
{
    (void)state;
    expect_xml("## I. SUMMARY\n\nThe *Majilis* met.<sup>1</sup>\n\n---\n\n"
               "<sup>1</sup> See [the report](http://example.org/r).\n",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
               "  <meta>\n"
               "    <source name=\"test.md\" format=\"markdown\" bytes=\"105\" encoding=\"UTF-8\"/>\n"
               "  </meta>\n"
               "  <body>\n"
               "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"1\">\n"
               "      <heading>I. SUMMARY</heading>\n"
               "      <p id=\"p1\" line=\"3\">The <em>Majilis</em> met.<fnref n=\"1\"/></p>\n"
               "    </section>\n"
               "  </body>\n"
               "  <footnotes>\n"
               "    <footnote n=\"1\" id=\"fn1\" section=\"sec-I\" line=\"7\">See "
               "<link href=\"http://example.org/r\">the report</link>.</footnote>\n"
               "  </footnotes>\n"
               "</report>\n");
}

static void table_and_list(void **state)
{
    (void)state;
    expect_xml("## ANNEX I: RESULTS\n\nParty\tVotes\nA & B\t<10\n\n- one\n- two\n",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
               "  <meta>\n"
               "    <source name=\"test.md\" format=\"markdown\" bytes=\"56\" encoding=\"UTF-8\"/>\n"
               "  </meta>\n"
               "  <body>\n"
               "    <section id=\"annex-I\" num=\"Annex I\" kind=\"annex\" line=\"1\">\n"
               "      <heading>ANNEX I: RESULTS</heading>\n"
               "      <table>\n"
               "        <row line=\"3\"><cell>Party</cell><cell>Votes</cell></row>\n"
               "        <row line=\"4\"><cell>A &amp; B</cell><cell>&lt;10</cell></row>\n"
               "      </table>\n"
               "      <list type=\"bullet\">\n"
               "        <item id=\"li1\" line=\"6\">one</item>\n"
               "        <item id=\"li2\" line=\"7\">two</item>\n"
               "      </list>\n"
               "    </section>\n"
               "  </body>\n"
               "</report>\n");
}

static void recommendation_with_copy_and_key(void **state)
{
    (void)state;
    expect_xml("## I. OBSERVERS\n\n*Observers should be accredited.*\n\n"
               "## II. RECOMMENDATIONS\n\n1. Observers should be accredited.\n",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<report version=\"1\" kind=\"other\" lang=\"en\" xmlns=\"urn:odihrx:report:1\">\n"
               "  <meta>\n"
               "    <source name=\"test.md\" format=\"markdown\" bytes=\"111\" encoding=\"UTF-8\"/>\n"
               "  </meta>\n"
               "  <body>\n"
               "    <section id=\"sec-I\" num=\"I\" kind=\"chapter\" line=\"1\">\n"
               "      <heading>I. OBSERVERS</heading>\n"
               "      <p id=\"p1\" line=\"3\"><em>Observers should be accredited.</em></p>\n"
               "    </section>\n"
               "    <section id=\"sec-II\" num=\"II\" kind=\"chapter\" line=\"5\">\n"
               "      <heading>II. RECOMMENDATIONS</heading>\n"
               "      <list type=\"ordered\">\n"
               "        <item id=\"li1\" n=\"1\" line=\"7\">Observers should be accredited.</item>\n"
               "      </list>\n"
               "    </section>\n"
               "  </body>\n"
               "  <recommendations>\n"
               "    <recommendation n=\"1\" id=\"rec1\" priority=\"false\" line=\"7\" item=\"li1\">\n"
               "      <text>Observers should be accredited.</text>\n"
               "      <inline section=\"sec-I\" p=\"p1\"/>\n"
               "      <key paragraph=\"8\" basis=\"lexicon\" via=\"topic:observers\"/>\n"
               "    </recommendation>\n"
               "  </recommendations>\n"
               "  <copenhagen>\n"
               "    <paragraph n=\"8\" subject=\"foreign and domestic observers enhance the "
               "electoral process and are invited\">\n"
               "      <ref to=\"rec1\" basis=\"lexicon\"/>\n"
               "    </paragraph>\n"
               "  </copenhagen>\n"
               "</report>\n");
}

static void overlapping_marks_nest(void **state)
{
    (void)state;
    /* strong [0,9) and em [5,14) overlap: em is closed and reopened */
    odihrx_doc *doc = parse_str("<b>bold <i>both</b> em</i> \"q\" 'a' &lt;\n");
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<strong>bold <em>both</em></strong><em> em</em>"));
    /* libxml2's writer escapes quotes in text too */
    assert_non_null(strstr(xml.data, "&quot;q&quot; 'a' &lt;"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A grammar whose patterns run in PCRE2's interpreter (what the CLI takes
 * for a few small inputs) writes the same XML as the JIT-compiled one. */
static void interpreted_grammar_writes_the_same_xml(void **state)
{
    (void)state;
    static const char input[] =
        "# Kazakhstan\n\nPresidential Election\n\n9 June 2019\n\n"
        "## I. EXECUTIVE SUMMARY\n\nThe election was held on 9 June 2019 in Kazakhstan. "
        "Paragraph 7.6 of the 1990 OSCE Copenhagen Document and Article 25 of the ICCPR "
        "guarantee the right to stand.<sup>1</sup> Peaceful assemblies were restricted.\n\n"
        "## XIV. RECOMMENDATIONS\n\n### A. PRIORITY RECOMMENDATIONS\n\n"
        "1. The Law on Peaceful Assemblies should be amended to require a simple notification.\n"
        "2. Restrictions on candidate eligibility should be lifted, in line with paragraph 7.5 "
        "of the OSCE Copenhagen Document.\n\n---\n\n"
        "<sup>1</sup> See also General Comment No. 25 of the UN Human Rights Committee.\n";
    char msg[256];
    odihrx_grammar *slow = NULL;
    assert_int_equal(odihrx_grammar_new_mode(NULL, ODIHRX_GRAMMAR_INTERPRETED, &slow, msg,
                                             sizeof msg),
                     ODIHRX_OK);
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_NO_HASH | ODIHRX_OPT_CHECK,
                          .source_name = "test.md"};
    odihrx_doc *a = parse_str(input), *b = NULL;
    assert_int_equal(odihrx_doc_parse(input, strlen(input), slow, &opt, &b), ODIHRX_OK);
    odihrx_buf xa = xml_of(a), xb = xml_of(b);
    assert_string_equal(xa.data, xb.data);
    /* the text exercised the patterns: citations, keys, recommendations */
    assert_non_null(strstr(xa.data, "<cite "));
    assert_non_null(strstr(xa.data, "<recommendation n=\"2\""));
    assert_non_null(strstr(xa.data, "paragraph=\"7.5\""));
    odihrx_buf_free(&xa);
    odihrx_buf_free(&xb);
    odihrx_doc_free(a);
    odihrx_doc_free(b);
    odihrx_grammar_free(slow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chapter_paragraph_footnote),
        cmocka_unit_test(table_and_list),
        cmocka_unit_test(recommendation_with_copy_and_key),
        cmocka_unit_test(overlapping_marks_nest),
        cmocka_unit_test(interpreted_grammar_writes_the_same_xml),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
