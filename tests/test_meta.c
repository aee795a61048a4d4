/*
 * test_meta.c: stage 3b, report metadata (lib/meta.c) from the title page:
 * kind of report, country, election type, date and whether it was early,
 * mission type, place and date of issue, and the title. Every expectation
 * is what a reader of the title page would write on a catalogue card.
 * grammars/countries.tsv may hold only Kazakhstan for now, so every named
 * country here is Kazakhstan.
 */
#include "helpers.h"

#include <stdio.h>


static const char final_report[] = "# REPUBLIC OF KAZAKHSTAN\n\n"
                                   "PARLIAMENTARY ELECTIONS  \n10 January 2021\n\n"
                                   "ODIHR Limited Election Observation Mission  \nFinal Report\n\n"
                                   "Warsaw  \n26 March 2021\n\n"
                                   "## I. EXECUTIVE SUMMARY\n\n"
                                   "The 10 January 2021 parliamentary elections were held.\n";

static void title_page_of_a_final_report(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(final_report);
    const odihrx_meta *m = &doc->meta;
    assert_string_equal(m->kind, "final-report");
    assert_string_equal(m->country, "Kazakhstan");
    assert_string_equal(m->country_code, "KZ");
    assert_string_equal(m->election_type, "parliamentary");
    assert_string_equal(m->election_date, "2021-01-10");
    assert_false(m->election_early);
    assert_string_equal(m->mission_type, "leom");
    assert_string_equal(m->mission_name, "ODIHR Limited Election Observation Mission");
    assert_string_equal(m->issued_place, "Warsaw");
    assert_string_equal(m->issued_date, "2021-03-26");
    /* the title runs over the title page up to the kind of report; the
     * place and date of issue are not part of it */
    assert_string_equal(m->title, "REPUBLIC OF KAZAKHSTAN PARLIAMENTARY ELECTIONS 10 January 2021 "
                                  "ODIHR Limited Election Observation Mission Final Report");
    assert_int_equal(m->title_block, 0);
    assert_null(m->symbol);
    assert_int_equal(diag_count(doc, "meta-country"), 0);
    assert_int_equal(diag_count(doc, "meta-election"), 0);
    odihrx_doc_free(doc);
}

static void meta_in_the_xml(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(final_report);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<report version=\"1\" kind=\"final-report\""));
    assert_non_null(strstr(xml.data, "<country code=\"KZ\">Kazakhstan</country>"));
    assert_non_null(strstr(xml.data, "<election type=\"parliamentary\" date=\"2021-01-10\"/>"));
    assert_non_null(strstr(xml.data, "<mission type=\"leom\">ODIHR Limited Election Observation "
                                     "Mission</mission>"));
    assert_non_null(strstr(xml.data, "<issued place=\"Warsaw\" date=\"2021-03-26\"/>"));
    char msg[512];
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void interim_report_of_an_early_presidential_election(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\n"
                               "EARLY PRESIDENTIAL ELECTION  \n9 June 2019\n\n"
                               "ODIHR Election Observation Mission  \nInterim Report\n\n"
                               "## I. EXECUTIVE SUMMARY\n\nText.\n");
    const odihrx_meta *m = &doc->meta;
    assert_string_equal(m->kind, "interim-report");
    assert_string_equal(m->country_code, "KZ");
    assert_string_equal(m->election_type, "presidential");
    assert_true(m->election_early);
    assert_string_equal(m->election_date, "2019-06-09");
    /* an Election Observation Mission, not a limited one */
    assert_string_equal(m->mission_type, "eom");
    assert_string_equal(m->mission_name, "ODIHR Election Observation Mission");
    assert_null(m->issued_place);
    assert_null(m->issued_date);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<election type=\"presidential\" date=\"2019-06-09\" "
                                     "early=\"true\"/>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void statement_of_preliminary_findings(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_md("# INTERNATIONAL ELECTION OBSERVATION MISSION\n\n"
                 "Republic of Kazakhstan – Early Parliamentary Elections, "
                 "19 March 2023\n\n"
                 "## STATEMENT OF PRELIMINARY FINDINGS AND CONCLUSIONS\n\n"
                 "Astana, 20 March 2023 – The elections were efficiently prepared.\n");
    const odihrx_meta *m = &doc->meta;
    assert_string_equal(m->kind, "preliminary-statement");
    assert_string_equal(m->country, "Kazakhstan");
    assert_string_equal(m->election_type, "parliamentary");
    assert_true(m->election_early);
    assert_string_equal(m->election_date, "2023-03-19");
    assert_string_equal(m->mission_type, "ieom");
    odihrx_doc_free(doc);
}

static void needs_assessment_mission_report(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS  \n"
                               "10 January 2021\n\nODIHR NEEDS ASSESSMENT MISSION REPORT\n\n"
                               "## I. INTRODUCTION\n\nText.\n");
    assert_string_equal(doc->meta.kind, "needs-assessment-report");
    assert_string_equal(doc->meta.mission_type, "nam");
    assert_string_equal(doc->meta.election_date, "2021-01-10");
    odihrx_doc_free(doc);
}

static void date_written_month_first(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS  \n"
                               "January 10, 2021\n\nODIHR Limited Election Observation Mission  \n"
                               "Final Report\n\n## I. SUMMARY\n\nText.\n");
    assert_string_equal(doc->meta.election_date, "2021-01-10");
    assert_string_equal(doc->meta.election_type, "parliamentary");
    odihrx_doc_free(doc);
}

static void date_in_the_paragraph_after_the_election(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPRESIDENTIAL ELECTION\n\n"
                               "9 June 2019\n\nODIHR Election Observation Mission\n\n"
                               "Final Report\n\n## I. SUMMARY\n\nText.\n");
    assert_string_equal(doc->meta.election_type, "presidential");
    assert_false(doc->meta.election_early);
    assert_string_equal(doc->meta.election_date, "2019-06-09");
    assert_string_equal(doc->meta.kind, "final-report");
    assert_string_equal(doc->meta.mission_type, "eom");
    odihrx_doc_free(doc);
}

static void place_and_date_with_comma(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS  \n"
                               "10 January 2021\n\nODIHR Limited Election Observation Mission  \n"
                               "Final Report\n\nWarsaw, 26 March 2021\n\n## I. SUMMARY\n\nText.\n");
    assert_string_equal(doc->meta.issued_place, "Warsaw");
    assert_string_equal(doc->meta.issued_date, "2021-03-26");
    /* the election's day is not the day of issue */
    assert_string_equal(doc->meta.election_date, "2021-01-10");
    odihrx_doc_free(doc);
}

static void document_of_no_known_kind(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# Notes\n\nSome thoughts on elections in general.\n\n"
                               "## I. THOUGHTS\n\nMore thoughts.\n");
    const odihrx_meta *m = &doc->meta;
    assert_string_equal(m->kind, "other");
    assert_null(m->country);
    assert_null(m->country_code);
    assert_null(m->mission_type);
    assert_null(m->election_date);
    assert_null(m->issued_place);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "kind=\"other\""));
    assert_null(strstr(xml.data, "<country"));
    assert_null(strstr(xml.data, "<mission"));
    assert_null(strstr(xml.data, "<issued"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void earlier_report_named_in_the_body_is_not_the_kind(void **state)
{
    (void)state;
    /* the title page names no kind of report; the body names an earlier
     * one, which says nothing about what this document is */
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS  \n"
                               "10 January 2021\n\n## I. INTRODUCTION\n\n"
                               "The recommendations 4, 5 and 8 from the 2016 Final Report were "
                               "mostly implemented.\n");
    assert_string_equal(doc->meta.kind, "other");
    assert_string_equal(doc->meta.country_code, "KZ");
    assert_string_equal(doc->meta.election_date, "2021-01-10");
    /* a sentence of chapter I is no part of the title */
    if (doc->meta.title)
        assert_null(strstr(doc->meta.title, "implemented"));
    odihrx_doc_free(doc);
}

static void no_country_named(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# THE REPUBLIC\n\nPARLIAMENTARY ELECTIONS  \n10 January 2021\n\n"
                               "ODIHR Limited Election Observation Mission  \nFinal Report\n\n"
                               "## I. SUMMARY\n\nText.\n");
    assert_null(doc->meta.country);
    assert_null(doc->meta.country_code);
    /* the rest of the title page is read all the same */
    assert_string_equal(doc->meta.kind, "final-report");
    assert_string_equal(doc->meta.election_date, "2021-01-10");
    assert_int_equal(diag_count(doc, "meta-country"), 1);
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++)
        if (strcmp(odihrx_doc_diag_at(doc, i)->code, "meta-country") == 0)
            assert_int_equal(odihrx_doc_diag_at(doc, i)->severity, ODIHRX_NOTE);
    assert_int_equal(diag_count(doc, "meta-election"), 0);
    odihrx_doc_free(doc);
}

static void no_election_date(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS\n\n"
                               "ODIHR Limited Election Observation Mission  \nFinal Report\n\n"
                               "## I. SUMMARY\n\nText.\n");
    assert_string_equal(doc->meta.election_type, "parliamentary");
    assert_null(doc->meta.election_date);
    assert_int_equal(diag_count(doc, "meta-election"), 1);
    assert_int_equal(diag_count(doc, "meta-country"), 0);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<election type=\"parliamentary\"/>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* The value after a field label is furniture too, and no later stage may
 * point at it: a citation there would give a key whose ref names a
 * paragraph that is not written (schema: unknown IDREF). */
static void furniture_is_cited_by_nothing(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text("Fields of work:\n\n"
                                 "Paragraph 7.3 of the 1990 OSCE Copenhagen Document\n\n"
                                 "The elections were held on 5 May 2024 in Moldova.\n");
    assert_true(doc->nblocks >= 2);
    assert_true(doc->blocks[1].flags & ODIHRX_BF_FURNITURE);
    assert_int_equal(doc->ncites, 0);
    odihrx_buf xml = xml_of(doc);
    assert_null(strstr(xml.data, "Document</p>")); /* not written as text */
    assert_null(strstr(xml.data, "<ref "));
    char msg[512] = "";
    if (odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg) != ODIHRX_OK)
        fail_msg("invalid XML: %s\n%s", msg, xml.data);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A web page's navigation and field labels are furniture, not text: they
 * are not written, and "Issued by:" gives the issuing body. A paragraph
 * that only mentions such words is text. */
static void web_page_furniture_is_not_text(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text("Skip Links\n\nNews Item\n\n"
                                 "Moldova local elections 2023: ODIHR final report\n\n"
                                 "Issued on:\n\nIssued by:\n\nOSCE Office for Democratic "
                                 "Institutions and Human Rights\n\nFields of work:\n\nElections\n\n"
                                 "Following the local elections on 5 November 2023, ODIHR has "
                                 "published its final report. Read more on this topic below.\n\n"
                                 "Read more on this topic\n\nFields of work: Elections, Democratic "
                                 "governance.\n");
    assert_string_equal(doc->meta.issued_by,
                        "OSCE Office for Democratic Institutions and Human Rights");
    odihrx_buf xml = xml_of(doc);
    static const char *const gone[] = {"Skip Links", "News Item", "Issued on:", "Issued by:",
                                       ">Elections<", ">Fields of work:<",
                                       ">Read more on this topic<"};
    for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++)
        if (strstr(xml.data, gone[k]))
            fail_msg("furniture \"%s\" written", gone[k]);
    assert_non_null(strstr(xml.data, "<issued by=\"OSCE Office for Democratic Institutions and "
                                     "Human Rights\"/>"));
    /* text that mentions the words stays */
    assert_non_null(strstr(xml.data, "Read more on this topic below."));
    assert_non_null(strstr(xml.data, "Fields of work: Elections, Democratic governance."));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A web page's footer, from the disclaimer on external links or the
 * "Contacts" label to the end, is furniture when only short lines follow;
 * a page whose text goes on after those words keeps them, and so does a
 * document that is not a web page. */
static void web_page_footer_is_furniture(void **state)
{
    (void)state;
    static const char head[] =
        "News Item\n\nMoldova local elections 2023: ODIHR final report\n\n"
        "Following the local elections in Moldova on 5 November 2023, ODIHR has published its "
        "final report.\n\n";
    static const char footer[] =
        "The OSCE bears no responsibility for the accuracy, legality or content of the external "
        "links provided.\n\nReport\n\nMoldova, Local Elections, 5 November 2023: Final "
        "Report\n\nContacts\n\nPublic Affairs Unit, OSCE Office for Democratic Institutions "
        "and Human Rights\n";
    char text[2048];
    snprintf(text, sizeof text, "%s%s", head, footer);
    odihrx_doc *doc = parse_text(text);
    assert_string_equal(doc->meta.kind, "news-item");
    odihrx_buf xml = xml_of(doc);
    static const char *const gone[] = {"bears no responsibility", ">Report<", "Final Report<",
                                       ">Contacts<", "Public Affairs Unit"};
    for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++)
        if (strstr(xml.data, gone[k]))
            fail_msg("footer \"%s\" written", gone[k]);
    assert_non_null(strstr(xml.data, "ODIHR has published its final report.</p>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);

    /* a long paragraph after "Contacts": the page goes on, all is text */
    snprintf(text, sizeof text,
             "%sContacts\n\nThe mission met representatives of the Central Election Commission, "
             "the Ministry of Foreign Affairs, political parties, civil society and the media, and "
             "the diplomatic community, in Chisinau and in the regions.\n",
             head);
    doc = parse_text(text);
    xml = xml_of(doc);
    assert_non_null(strstr(xml.data, ">Contacts</p>"));
    assert_non_null(strstr(xml.data, "in Chisinau and in the regions.</p>"));
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);

    /* not a web page: the same lines stay */
    snprintf(text, sizeof text,
             "The elections in Moldova were held on 5 November 2023 and observed by ODIHR.\n\n%s",
             footer);
    doc = parse_text(text);
    assert_string_not_equal(doc->meta.kind, "news-item");
    assert_string_not_equal(doc->meta.kind, "press-release");
    xml = xml_of(doc);
    assert_non_null(strstr(xml.data, ">Contacts</p>"));
    assert_non_null(strstr(xml.data, "bears no responsibility"));
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A circulated statement's symbol and date, each on a line of its own,
 * are told in the meta; "Issued by: ODIHR" gives its body on one line. */
static void statement_symbol_lines_are_meta(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text("The Delegation welcomes the elections in Georgia held on 26 "
                                 "October 2024.\n\nPC.DEL/1234/24\n\n30 October 2024\n\n"
                                 "ENGLISH only\n\nIssued by: ODIHR\n");
    assert_string_equal(doc->meta.symbol, "PC.DEL/1234/24");
    assert_string_equal(doc->meta.issued_date, "2024-10-30");
    assert_string_equal(doc->meta.issued_by, "ODIHR");
    odihrx_buf xml = xml_of(doc);
    const char *body = strstr(xml.data, "<body>");
    assert_non_null(body);
    assert_null(strstr(body, "PC.DEL/1234/24"));
    assert_null(strstr(body, "30 October 2024<"));
    assert_null(strstr(body, "ENGLISH only"));
    assert_null(strstr(body, "Issued by"));
    assert_non_null(strstr(body, "The Delegation welcomes"));
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A list item that is a symbol alone, and the date after it, are content:
 * a recommendation may be made of them, and it must find its item in the
 * XML (dropping them left an IDREF to nothing; found by fuzzing). */
static void symbol_in_a_list_item_is_kept(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\n"
                               "1. PC.DEL/1234/24\n"
                               "2. 30 October 2024\n");
    assert_string_equal(doc->meta.symbol, "PC.DEL/1234/24");
    assert_int_equal(doc->nrecs, 2);
    for (uint32_t k = 0; k < 2; k++)
        assert_false(nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, k)->flags & ODIHRX_BF_FURNITURE);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<item id=\"li1\" n=\"1\" line=\"3\">PC.DEL/1234/24</item>"));
    assert_non_null(strstr(xml.data, "<item id=\"li2\" n=\"2\" line=\"4\">30 October 2024</item>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A paragraph that opens with a quotation and says who said it gives
 * its speaker and role; a paragraph that reports what someone said
 * without quoting does not. */
static void quotations_name_speaker_and_role(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "VIENNA, 2 May 2024 – Observers presented their findings.\n\n"
        "\xE2\x80\x9CThe vote was calm,\xE2\x80\x9D said Jane Q. Doe, Head of the mission. "
        "\xE2\x80\x9C" "Counting was not.\xE2\x80\x9D\n\n"
        "\"Turnout was high.\" said John Smith.\n\n"
        "The head of mission said the vote was calm, said Anna Lee, Observer.\n");
    assert_int_equal(doc->nquotes, 1);
    assert_string_equal(doc->quotes[0].speaker, "Jane Q. Doe");
    assert_string_equal(doc->quotes[0].role, "Head of the mission");
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "speaker=\"Jane Q. Doe\" role=\"Head of the mission\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void forced_kind_wins(void **state)
{
    (void)state;
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_NO_HASH,
                          .format = ODIHRX_FORMAT_MARKDOWN,
                          .kind = "interim-report"};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_parse(final_report, strlen(final_report), test_grammar, &opt, &doc),
                     ODIHRX_OK);
    assert_string_equal(doc->meta.kind, "interim-report");
    assert_string_equal(doc->meta.country_code, "KZ");
    odihrx_doc_free(doc);
}

/* Two rounds on the title page: the election's date is the first. */
static void election_of_two_rounds(void **state)
{
    (void)state;
    static const char *const lines[] = {"4 October and 18 October 2015", "4 and 18 October 2015",
                                        "4 - 18 October 2015"};
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        char in[512];
        snprintf(in, sizeof in,
                 "# GEORGIA\n\nPRESIDENTIAL ELECTION  \n%s\n\n"
                 "ODIHR Election Observation Mission  \nFinal Report\n\n"
                 "Warsaw  \n12 February 2016\n\n## I. EXECUTIVE SUMMARY\n\nText.\n",
                 lines[k]);
        odihrx_doc *doc = parse_md(in);
        assert_string_equal(doc->meta.country_code, "GE");
        assert_string_equal(doc->meta.election_date, "2015-10-04");
        assert_string_equal(doc->meta.issued_place, "Warsaw");
        assert_string_equal(doc->meta.issued_date, "2016-02-12");
        odihrx_doc_free(doc);
    }
}

/* Plain text of a PDF runs the title page into one paragraph: the title
 * is its part from the country (with the capitals before it) to the kind
 * of report, the election's date follows its name, and the place and date
 * of issue close it. */
static void title_page_run_into_one_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "Office for Democratic Institutions and Human Rights\n"
        "REPUBLIC OF ARMENIA\nPARLIAMENTARY ELECTIONS\n15 May 2011\n"
        "OSCE/ODIHR Election Observation Mission\nFinal Report\nWarsaw\n2 August 2011\n\n"
        "I. EXECUTIVE SUMMARY\n\n"
        "The 19 February 2008 presidential election was held in a tense climate.\n");
    const odihrx_meta *m = &doc->meta;
    assert_string_equal(m->title, "REPUBLIC OF ARMENIA PARLIAMENTARY ELECTIONS 15 May 2011 "
                                  "OSCE/ODIHR Election Observation Mission Final Report");
    assert_string_equal(m->country_code, "AM");
    assert_string_equal(m->election_date, "2011-05-15");
    assert_string_equal(m->issued_place, "Warsaw");
    assert_string_equal(m->issued_date, "2011-08-02");
    odihrx_doc_free(doc);
}

/* An interim report gives its date of issue alone after its period; a
 * title page may give the place and the date on lines of their own; a
 * statement opens with a dateline whose place is in title case. */
static void dates_of_issue_in_other_documents(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("ODIHR Election Observation Mission\n\n"
                               "Georgia – Presidential Election, 4 October 2015\n\n"
                               "INTERIM REPORT\n\n16 – 29 September 2015\n\n30 September 2015\n\n"
                               "## I. EXECUTIVE SUMMARY\n\nText.\n");
    assert_string_equal(doc->meta.kind, "interim-report");
    assert_string_equal(doc->meta.election_date, "2015-10-04");
    assert_string_equal(doc->meta.issued_date, "2015-09-30");
    assert_null(doc->meta.issued_place);
    odihrx_doc_free(doc);
    doc = parse_md("# GEORGIA\n\nPRESIDENTIAL ELECTION\n\n4 October 2015\n\n"
                   "ODIHR Election Observation Mission\n\nFinal Report\n\nWarsaw\n\n"
                   "12 February 2016\n\n## I. EXECUTIVE SUMMARY\n\nText.\n");
    assert_string_equal(doc->meta.issued_place, "Warsaw");
    assert_string_equal(doc->meta.issued_date, "2016-02-12");
    odihrx_doc_free(doc);
    doc = parse_md("INTERNATIONAL ELECTION OBSERVATION MISSION\n\n"
                   "Georgia – Presidential Election, 4 October 2015\n\n"
                   "STATEMENT OF PRELIMINARY FINDINGS AND CONCLUSIONS\n\n"
                   "Tbilisi, 5 October 2015 – This Statement of Preliminary Findings and "
                   "Conclusions is the result of a common endeavour.\n");
    assert_string_equal(doc->meta.kind, "preliminary-statement");
    assert_string_equal(doc->meta.issued_place, "Tbilisi");
    assert_string_equal(doc->meta.issued_date, "2015-10-05");
    odihrx_doc_free(doc);
}

/* An HTML page whose title names the election has the title page's own
 * election line after it: "PARLIAMENTARY ELECTIONS 10 January 2021" is
 * not a place and date of issue. */
static void election_line_is_not_the_place_of_issue(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_as(
        "<html><head><title>Kazakhstan, Parliamentary Elections, 10 January 2021</title></head>"
        "<body><h1>Kazakhstan, Parliamentary Elections, 10 January 2021</h1>"
        "<p>PARLIAMENTARY ELECTIONS<br/>10 January 2021</p>"
        "<p>ODIHR Limited Election Observation Mission<br/>Final Report</p>"
        "<p>Warsaw<br/>26 March 2021</p><h2>I. EXECUTIVE SUMMARY</h2><p>Text.</p></body></html>",
        ODIHRX_FORMAT_HTML, "test.html");
    assert_string_equal(doc->meta.election_date, "2021-01-10");
    assert_string_equal(doc->meta.issued_place, "Warsaw");
    assert_string_equal(doc->meta.issued_date, "2021-03-26");
    odihrx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(title_page_of_a_final_report),
        cmocka_unit_test(election_of_two_rounds),
        cmocka_unit_test(title_page_run_into_one_paragraph),
        cmocka_unit_test(dates_of_issue_in_other_documents),
        cmocka_unit_test(election_line_is_not_the_place_of_issue),
        cmocka_unit_test(meta_in_the_xml),
        cmocka_unit_test(interim_report_of_an_early_presidential_election),
        cmocka_unit_test(statement_of_preliminary_findings),
        cmocka_unit_test(needs_assessment_mission_report),
        cmocka_unit_test(date_written_month_first),
        cmocka_unit_test(date_in_the_paragraph_after_the_election),
        cmocka_unit_test(place_and_date_with_comma),
        cmocka_unit_test(document_of_no_known_kind),
        cmocka_unit_test(earlier_report_named_in_the_body_is_not_the_kind),
        cmocka_unit_test(no_country_named),
        cmocka_unit_test(no_election_date),
        cmocka_unit_test(web_page_furniture_is_not_text),
        cmocka_unit_test(web_page_footer_is_furniture),
        cmocka_unit_test(furniture_is_cited_by_nothing),
        cmocka_unit_test(statement_symbol_lines_are_meta),
        cmocka_unit_test(symbol_in_a_list_item_is_kept),
        cmocka_unit_test(quotations_name_speaker_and_role),
        cmocka_unit_test(forced_kind_wins),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
