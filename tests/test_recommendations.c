/*
 * test_recommendations.c: stage 5 (lib/recommendations.c). The numbered
 * list of the RECOMMENDATIONS chapter with priority and topic; each
 * recommendation's copy in the body, found by its text whether or not it
 * kept its italics; and what ODIHR says about the follow-up of earlier
 * reports' recommendations (doc->priors). Each expectation is what a reader
 * of the small report would list.
 */
#include <stdio.h>

#include "helpers.h"
#include "odihrx_limits.h"

#include <stdio.h>
#include <stdlib.h>



static uint32_t section_by_num(const odihrx_doc *doc, const char *num)
{
    for (uint32_t s = 0; s < doc->nsections; s++)
        if (doc->sections[s].num && strcmp(doc->sections[s].num, num) == 0)
            return s;
    fail_msg("no section %s", num);
    return ODIHRX_NONE;
}



/* Copies of the recommendations stand in the chapters before, as italic
 * paragraphs; one lost its italics, one its closing '*'; recommendation 3
 * has no copy at all. */
static const char report[] =
    "## I. MEDIA\n\n"                                                            /* line 1 */
    "Coverage favoured the ruling party.\n\n"                                    /* 3 */
    "*The media law should be revised to guarantee editorial independence.*\n\n" /* 5 */
    "## II. ELECTION DISPUTES\n\n"                                               /* 7 */
    "Courts decided late.\n\n"                                                   /* 9 */
    "Complaints should be decided within three days.\n\n"                        /* 11 */
    "*Deadlines for appeals against results should be extended.\n\n"             /* 13 */
    "Citizen observers were not admitted.\n\n"                                   /* 15 */
    "*Citizen observers should be accredited without delay.*\n\n"                /* 17 */
    "## III. RECOMMENDATIONS\n\n"                                                /* 19 */
    "These recommendations are offered to the authorities.\n\n"                  /* 21 */
    "### A. PRIORITY RECOMMENDATIONS\n\n"                                        /* 23 */
    "1. The media law should be revised to guarantee editorial independence.\n"  /* 25 */
    "2. Complaints should be decided within three days.\n\n"                     /* 26 */
    "### B. OTHER RECOMMENDATIONS\n\n"                                           /* 28 */
    "**Media**\n\n"                                                              /* 30 */
    "3. The public broadcaster should be governed by an independent board.\n\n"  /* 32 */
    "**Complaints and appeals**\n\n"                                             /* 34 */
    "4. Deadlines for appeals against results should be extended.\n"             /* 36 */
    "5. Citizen observers should be accredited without delay.\n\n"               /* 37 */
    "The following were also noted:\n\n"                                         /* 39 */
    "- a bulleted remark\n"                                                      /* 41 */
    "- another remark\n";                                                        /* 42 */

static void numbered_list_of_the_chapter(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    assert_int_equal(doc->rec_section, section_by_num(doc, "III"));
    assert_int_equal(doc->nrecs, 5);
    const char *texts[] = {"The media law should be revised to guarantee editorial independence.",
                           "Complaints should be decided within three days.",
                           "The public broadcaster should be governed by an independent board.",
                           "Deadlines for appeals against results should be extended.",
                           "Citizen observers should be accredited without delay."};
    const uint32_t lines[] = {24, 25, 31, 35, 36}; /* 0-based */
    for (uint32_t k = 0; k < 5; k++) {
        const odihrx_recommendation *r = &doc->recs[k];
        assert_int_equal(r->n, k + 1);
        char id[8];
        snprintf(id, sizeof id, "rec%u", k + 1);
        assert_string_equal(r->id, id);
        assert_false(r->key);
        const odihrx_block *b = &doc->blocks[r->block];
        assert_int_equal(b->kind, ODIHRX_BLOCK_LIST_ITEM);
        assert_int_equal(b->number, k + 1);
        assert_int_equal(b->line, lines[k]);
        assert_string_equal(b->text, texts[k]);
        assert_true(b->flags & ODIHRX_BF_RECOMMENDATION);
    }
    /* the bullets of the chapter are not recommendations */
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].flags & ODIHRX_BF_BULLET)
            assert_false(doc->blocks[i].flags & ODIHRX_BF_RECOMMENDATION);
    assert_int_equal(diag_count(doc, "recommendation-order"), 0);
    assert_int_equal(diag_count(doc, "recommendations-none"), 0);
    odihrx_doc_free(doc);
}

static void priority_and_topics(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    assert_int_equal(doc->nrecs, 5);
    assert_true(doc->recs[0].priority);
    assert_true(doc->recs[1].priority);
    assert_false(doc->recs[2].priority);
    assert_false(doc->recs[3].priority);
    assert_false(doc->recs[4].priority);
    assert_null(doc->recs[0].topic);
    assert_null(doc->recs[1].topic);
    assert_string_equal(doc->recs[2].topic, "Media");
    assert_string_equal(doc->recs[3].topic, "Complaints and appeals");
    assert_string_equal(doc->recs[4].topic, "Complaints and appeals");
    /* the items stand in the subsections of the chapter */
    assert_int_equal(doc->blocks[doc->recs[0].block].section, section_by_num(doc, "III.A"));
    assert_int_equal(doc->blocks[doc->recs[4].block].section, section_by_num(doc, "III.B"));
    odihrx_doc_free(doc);
}

static void copies_found_by_their_text(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    assert_int_equal(doc->nrecs, 5);
    uint32_t media = section_by_num(doc, "I"), disputes = section_by_num(doc, "II");
    /* 1: an italic paragraph of chapter I */
    uint32_t c1 = block_with_text(
        doc, "The media law should be revised to guarantee editorial independence.");
    assert_int_equal(doc->blocks[c1].kind, ODIHRX_BLOCK_PARA);
    assert_true(doc->blocks[c1].flags & ODIHRX_BF_ITALIC);
    assert_int_equal(doc->recs[0].inline_block, c1);
    assert_int_equal(doc->blocks[c1].section, media);
    /* 2: the copy lost its italics */
    uint32_t c2 = block_with_text(doc, "Complaints should be decided within three days.");
    assert_int_equal(doc->blocks[c2].kind, ODIHRX_BLOCK_PARA);
    assert_int_equal(doc->recs[1].inline_block, c2);
    assert_int_equal(doc->blocks[c2].section, disputes);
    /* 3: no copy */
    assert_int_equal(doc->recs[2].inline_block, ODIHRX_NONE);
    /* 4: the copy lost its closing '*' */
    uint32_t c4 = block_with_text(doc, "Deadlines for appeals against results should be extended.");
    assert_int_equal(doc->blocks[c4].kind, ODIHRX_BLOCK_PARA);
    assert_int_equal(doc->recs[3].inline_block, c4);
    /* 5: italic, after a finding that shares its first words */
    uint32_t c5 = block_with_text(doc, "Citizen observers should be accredited without delay.");
    assert_int_equal(doc->blocks[c5].kind, ODIHRX_BLOCK_PARA);
    assert_int_equal(doc->recs[4].inline_block, c5);
    /* the one without a copy is a note naming it, at its item */
    const odihrx_diag *d = only_diag(doc, "recommendation-inline");
    assert_int_equal(d->severity, ODIHRX_NOTE);
    assert_int_equal(d->line, 32);
    assert_non_null(strstr(d->message, "3"));
    odihrx_doc_free(doc);
}

/* Two recommendations opening with the same sixty-four normalised bytes
 * ("Consideration should be given to amending the legal framework to ...")
 * and a run-on copy of the second: each one sharing the key is tried, not
 * only the first met. */
static void copies_sharing_their_first_words(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "I. ELECTION ADMINISTRATION\n\n"
        "The commissions worked well in general. Consideration should be given to amending the "
        "legal framework to ensure that complaints are heard in public sessions.\n\n"
        "The media were free.\n\n"
        "II. RECOMMENDATIONS\n\n"
        "1. Consideration should be given to amending the legal framework to ensure that "
        "observers may attend every session.\n"
        "2. Consideration should be given to amending the legal framework to ensure that "
        "complaints are heard in public sessions.\n");
    assert_int_equal(doc->nrecs, 2);
    assert_int_equal(doc->recs[0].inline_block, ODIHRX_NONE);
    uint32_t c2 = doc->recs[1].inline_block;
    assert_int_not_equal(c2, ODIHRX_NONE);
    assert_true(strncmp(doc->blocks[c2].text, "The commissions worked well", 27) == 0);
    odihrx_doc_free(doc);
}

/* Text from a PDF has no italics, and its paragraphs are not always the
 * report's: a copy cut in two at its first sentence, a copy run on after
 * the paragraph before it, a compound that lost its hyphen at a line end;
 * topic subheadings are short lines. Copies are found by their text. */
static void copies_in_text_without_italics(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "I. MEDIA\n\n"
        "The media law restricts the press.\n\n"
        "The media law should be revised. Editors should be independent of the\n"
        "government.\n\n"
        "In view of the above, and in short.\n\n"
        "II. DISPUTES\n\n"
        "Courts rejected most appeals. Complaints about Internetbased media\n"
        "should be decided within three days.\n\n"
        "III. RECOMMENDATIONS\n\n"
        "Media\n\n"
        "1. The media law should be revised. Editors should be independent of the\n"
        "government. In view of the above, and in short.\n"
        "2. Complaints about Internet-based media should be decided within three days.\n\n"
        "Election disputes\n\n"
        "3. Judges should be trained.\n");
    assert_int_equal(doc->nrecs, 3);
    uint32_t media = section_by_num(doc, "I"), disputes = section_by_num(doc, "II");
    /* 1: its first sentences in one paragraph, the last in the next */
    uint32_t c1 = doc->recs[0].inline_block;
    assert_int_not_equal(c1, ODIHRX_NONE);
    assert_string_equal(doc->blocks[c1].text,
                        "The media law should be revised. Editors should be independent of the "
                        "government.");
    assert_int_equal(doc->blocks[c1].section, media);
    /* 2: run on after a finding, its hyphen lost at the line end */
    uint32_t c2 = doc->recs[1].inline_block;
    assert_int_not_equal(c2, ODIHRX_NONE);
    assert_true(strncmp(doc->blocks[c2].text, "Courts rejected most appeals.", 29) == 0);
    assert_int_equal(doc->blocks[c2].section, disputes);
    /* 3: none */
    assert_int_equal(doc->recs[2].inline_block, ODIHRX_NONE);
    /* the subheadings are the topics */
    assert_string_equal(doc->recs[0].topic, "Media");
    assert_string_equal(doc->recs[1].topic, "Media");
    assert_string_equal(doc->recs[2].topic, "Election disputes");
    odihrx_doc_free(doc);
}

/* A copy that runs on into the body's next paragraph (a word processor's
 * PDF sets paragraphs with no space between them, and pdftotext prints no
 * blank line): found by its whole sentences, in the middle of the text or
 * at its start; a paragraph that only opens with the recommendation's first
 * sentence is no copy. */
static void copy_run_on_into_the_next_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "I. CAMPAIGN FINANCE\n\n"
        "The audit office could not verify the reported figures.\n"
        "The audit office should be granted a clear mandate and sufficient\n"
        "resources to verify campaign finance reports in a timely manner.\n"
        "The leading candidate reported GEL 7.4 million in donations, almost two\n"
        "thirds of it from 41 donors who gave the maximum amount.\n\n"
        "Observers should be admitted to all sessions. Many were not admitted.\n\n"
        "II. RECOMMENDATIONS\n\n"
        "1. The audit office should be granted a clear mandate and sufficient\n"
        "resources to verify campaign finance reports in a timely manner.\n"
        "2. Observers should be admitted to all sessions. The commissions should\n"
        "publish their decisions within a day of their adoption.\n");
    assert_int_equal(doc->nrecs, 2);
    uint32_t c1 = doc->recs[0].inline_block;
    assert_int_not_equal(c1, ODIHRX_NONE);
    assert_true(strncmp(doc->blocks[c1].text, "The audit office could not", 26) == 0);
    assert_int_equal(doc->blocks[c1].section, section_by_num(doc, "I"));
    assert_int_equal(doc->recs[1].inline_block, ODIHRX_NONE);
    odihrx_doc_free(doc);
}

static void copies_in_the_xml(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    odihrx_buf xml = xml_of(doc);
    const char *id1 = odihrx_block_id(doc, doc->recs[0].inline_block);
    const char *id2 = odihrx_block_id(doc, doc->recs[1].inline_block);
    char want[128];
    snprintf(want, sizeof want, "<inline section=\"sec-I\" p=\"%s\"/>", id1);
    assert_non_null(strstr(xml.data, want));
    snprintf(want, sizeof want, "<inline section=\"sec-II\" p=\"%s\"/>", id2);
    assert_non_null(strstr(xml.data, want));
    assert_non_null(strstr(xml.data, "<recommendation n=\"1\" id=\"rec1\" priority=\"true\""));
    assert_non_null(strstr(xml.data, "<recommendation n=\"4\" id=\"rec4\" priority=\"false\" "
                                     "topic=\"Complaints and appeals\""));
    char msg[512];
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void topic_ends_with_its_subsection(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\n### A. PRIORITY RECOMMENDATIONS\n\n"
                               "**Media**\n\n1. Broadcasters should be independent.\n\n"
                               "### B. OTHER RECOMMENDATIONS\n\n"
                               "2. Voter lists should be published.\n\n"
                               "#### Election Day\n\n3. Ballots should be counted in public.\n");
    assert_int_equal(doc->nrecs, 3);
    assert_true(doc->recs[0].priority);
    assert_string_equal(doc->recs[0].topic, "Media");
    /* a new subsection starts with no topic */
    assert_false(doc->recs[1].priority);
    assert_null(doc->recs[1].topic);
    assert_string_equal(doc->recs[2].topic, "Election Day");
    odihrx_doc_free(doc);
}

static void reworded_italic_copy(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. ELECTION ADMINISTRATION\n\nSessions were closed.\n\n"
        "*The election administration should publish all of its decisions online within 24 "
        "hours of adoption.*\n\n"
        "## II. RECOMMENDATIONS\n\n"
        "1. The election administration should publish all its decisions online within 24 "
        "hours.\n");
    assert_int_equal(doc->nrecs, 1);
    uint32_t copy = block_with_text(doc, "The election administration should publish all of its "
                                         "decisions online within 24 hours of adoption.");
    assert_int_equal(doc->recs[0].inline_block, copy);
    assert_int_equal(diag_count(doc, "recommendation-inline"), 0);
    odihrx_doc_free(doc);
}

/* Two reworded copies that score the same: the first in the text wins,
 * though the later one is shorter (the candidates are visited shortest
 * first). */
static void equal_reworded_copies_first_in_text_wins(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. ELECTION ADMINISTRATION\n\nSessions were closed.\n\n"
        "*Within 24 hours, the election administration should publish all its decisions "
        "online, all online.*\n\n"
        "*Online, the election administration should publish all its decisions within 24 "
        "hours.*\n\n"
        "## II. RECOMMENDATIONS\n\n"
        "1. The election administration should publish all its decisions online within 24 "
        "hours.\n");
    assert_int_equal(doc->nrecs, 1);
    uint32_t first = block_with_text(doc, "Within 24 hours, the election administration should "
                                          "publish all its decisions online, all online.");
    assert_int_equal(doc->recs[0].inline_block, first);
    odihrx_doc_free(doc);
}

static void numbering_gap(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\n1. Do one thing.\n2. Do another thing.\n"
                               "4. Do a fourth thing.\n5. Do a fifth thing.\n");
    assert_int_equal(doc->nrecs, 4);
    assert_int_equal(doc->recs[2].n, 4);
    assert_string_equal(doc->recs[2].id, "rec4");
    assert_string_equal(doc->blocks[doc->recs[2].block].text, "Do a fourth thing.");
    const odihrx_diag *d = only_diag(doc, "recommendation-order");
    assert_int_equal(d->severity, ODIHRX_WARNING);
    assert_int_equal(d->line, 5);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void conclusions_and_recommendations_chapter(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. SUMMARY\n\n1. A numbered finding, not a recommendation.\n\n"
                               "## II. CONCLUSIONS AND RECOMMENDATIONS\n\n"
                               "1. Voter lists should be published.\n"
                               "2. Observers should be accredited.\n\n"
                               "## ANNEX I: RESULTS\n\n1. A numbered note of the annex.\n");
    assert_int_equal(doc->rec_section, 1);
    assert_int_equal(doc->nrecs, 2);
    assert_string_equal(doc->blocks[doc->recs[0].block].text, "Voter lists should be published.");
    assert_string_equal(doc->blocks[doc->recs[1].block].text, "Observers should be accredited.");
    /* no priority subsection: none is priority */
    assert_false(doc->recs[0].priority);
    assert_false(doc->recs[1].priority);
    odihrx_doc_free(doc);
}

static void chapter_without_a_list(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\nODIHR offers no recommendations.\n\n"
                               "- a remark\n");
    assert_int_equal(doc->nrecs, 0);
    assert_int_equal(diag_count(doc, "recommendations-none"), 1);
    odihrx_buf xml = xml_of(doc);
    assert_null(strstr(xml.data, "<recommendations"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* ------------------------------------------------------------ follow-up */

static void followup_with_numbers(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_md("## I. INTRODUCTION\n\nODIHR deployed a mission.\n\n"
                 "## II. RECOMMENDATIONS\n\n"
                 "The recommendations 4, 5 and 8 from the 2016 Final Report, and 15 from the 2019 "
                 "Final Report were mostly implemented.\n\n"
                 "1. Voter lists should be published.\n");
    assert_int_equal(doc->npriors, 2);
    uint32_t p = block_with_text(doc, "The recommendations 4, 5 and 8 from the 2016 Final Report, "
                                      "and 15 from the 2019 Final Report were mostly implemented.");
    assert_string_equal(doc->priors[0].report, "2016 Final Report");
    assert_string_equal(doc->priors[0].numbers, "4 5 8");
    assert_int_equal(doc->priors[0].status, ODIHRX_FOLLOWUP_MOSTLY);
    assert_int_equal(doc->priors[0].block, p);
    assert_string_equal(doc->priors[1].report, "2019 Final Report");
    assert_string_equal(doc->priors[1].numbers, "15");
    assert_int_equal(doc->priors[1].status, ODIHRX_FOLLOWUP_MOSTLY);
    assert_int_equal(doc->priors[1].block, p);
    /* the sentence's numbers are not this report's recommendations */
    assert_int_equal(doc->nrecs, 1);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<prior report=\"2016 Final Report\" status=\"mostly\" "
                                     "recommendations=\"4 5 8\""));
    assert_non_null(strstr(xml.data, "<prior report=\"2019 Final Report\" status=\"mostly\" "
                                     "recommendations=\"15\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* Numbers as the schema takes them: no leading zeros, no 0 (which numbers
 * no recommendation; "recommendations=\"0 12\"" was schema-invalid, found
 * by fuzzing), and a report with only a 0 gets no prior at all (an empty
 * list would read as "none of the recommendations"). */
static void followup_numbers_without_zeros(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. RECOMMENDATIONS\n\n"
        "Recommendations 0, 07 and 12 from the 2016 Final Report were partially implemented. "
        "Recommendation 00 from the 2019 Final Report was fully implemented.\n\n"
        "1. Voter lists should be published.\n");
    assert_int_equal(doc->npriors, 1);
    assert_string_equal(doc->priors[0].report, "2016 Final Report");
    assert_string_equal(doc->priors[0].numbers, "7 12");
    assert_int_equal(doc->priors[0].status, ODIHRX_FOLLOWUP_PARTIALLY);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void followup_none_implemented(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\nRegrettably, none of the recommendations "
                               "from the 2016 Final Report were fully implemented.\n\n"
                               "1. Voter lists should be published.\n");
    assert_int_equal(doc->npriors, 1);
    assert_string_equal(doc->priors[0].report, "2016 Final Report");
    assert_string_equal(doc->priors[0].numbers, "");
    assert_int_equal(doc->priors[0].status, ODIHRX_FOLLOWUP_FULLY);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<prior report=\"2016 Final Report\" status=\"fully\" "
                                     "recommendations=\"\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void followup_in_a_footnote_with_several_statuses(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. RECOMMENDATIONS\n\nSome earlier recommendations were addressed.<sup>1</sup>\n\n"
        "1. Voter lists should be published.\n\n---\n\n"
        "<sup>1</sup> Recommendations 2 and 7 from the 2019 Final Report were fully "
        "implemented. Recommendations 3, 9 and 12 from the 2019 Final Report were partially "
        "implemented. Recommendation 11 from the 2019 Final Report was not implemented.\n");
    assert_int_equal(doc->npriors, 3);
    uint32_t fn = (uint32_t)(nth_block(doc, ODIHRX_BLOCK_FOOTNOTE, 0) - doc->blocks);
    const char *nums[] = {"2 7", "3 9 12", "11"};
    const uint8_t statuses[] = {ODIHRX_FOLLOWUP_FULLY, ODIHRX_FOLLOWUP_PARTIALLY,
                                ODIHRX_FOLLOWUP_NOT};
    for (uint32_t k = 0; k < 3; k++) {
        assert_string_equal(doc->priors[k].report, "2019 Final Report");
        assert_string_equal(doc->priors[k].numbers, nums[k]);
        assert_int_equal(doc->priors[k].status, statuses[k]);
        assert_int_equal(doc->priors[k].block, fn);
    }
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "recommendations=\"3 9 12\" footnote=\"fn1\"/>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A footnote number printed twice keeps its first body (footnotes.c); a
 * follow-up sentence in the dropped second body has no footnote to point
 * at, so it is no prior (the XML once said footnote="fn0", an IDREF to
 * nothing: found by fuzzing). The first body's sentence still counts. */
static void followup_in_a_dropped_duplicate_footnote(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. RECOMMENDATIONS\n\nSome earlier recommendations were addressed.<sup>1</sup>\n\n"
        "1. Voter lists should be published.\n\n---\n\n"
        "<sup>1</sup> Recommendations 2 and 7 from the 2019 Final Report were fully "
        "implemented.\n\n"
        "<sup>1</sup> Recommendation 4 from the 2016 Final Report was partially implemented.\n");
    assert_int_equal(diag_count(doc, "footnote-duplicate"), 1);
    assert_int_equal(doc->npriors, 1);
    assert_string_equal(doc->priors[0].report, "2019 Final Report");
    assert_string_equal(doc->priors[0].numbers, "2 7");
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "recommendations=\"2 7\" footnote=\"fn1\"/>"));
    assert_null(strstr(xml.data, "2016 Final Report\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void sentence_without_a_report_is_not_followup(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\nThe law was fully implemented in 12 "
                               "regions.\n\n1. Voter lists should be published.\n");
    assert_int_equal(doc->npriors, 0);
    odihrx_doc_free(doc);
}

/* Plain text has no italics: a copy reworded in the body is found by its
 * words alone, where it has almost all of them and about the length of
 * the recommendation; a finding on the same matter is no copy. */
static void reworded_copy_in_plain_text(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "I. ELECTION DISPUTES\n\n"
        "The deadlines for filing and adjudicating election disputes are short, and the "
        "courts rarely reviewed complaints on their merits within the electoral calendar.\n\n"
        "Deadlines for filing and adjudicating election disputes should be extended to allow "
        "for a meaningful review of complaints, while remaining compatible with the electoral "
        "calendar.\n\n"
        "II. MEDIA\n\n"
        "The media law should guarantee the editorial independence of the public broadcaster "
        "and of private outlets.\n\n"
        "III. RECOMMENDATIONS\n\n"
        "1. The deadlines for filing and adjudicating election disputes should be extended to "
        "allow for a meaningful review of complaints, while remaining compatible with the "
        "electoral calendar.\n"
        "2. The public broadcaster should be governed by an independent board whose members "
        "are appointed in an open and transparent procedure.\n");
    assert_int_equal(doc->nrecs, 2);
    uint32_t copy = block_with_text(doc, "Deadlines for filing and adjudicating election disputes "
                                         "should be extended to allow for a meaningful review of "
                                         "complaints, while remaining compatible with the "
                                         "electoral calendar.");
    assert_int_equal(doc->recs[0].inline_block, copy);
    assert_int_equal(doc->recs[1].inline_block, ODIHRX_NONE);
    odihrx_doc_free(doc);
}

/* The other house style: the report's long name after the numbers, and
 * later clauses of the sentence (and later sentences of the paragraph)
 * that name no report mean the one named last. */
static void followup_named_by_the_long_title(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. LEGAL FRAMEWORK\n\n"
        "Recommendations 4, 9 and 14 of the ODIHR Final Report on the 2013 presidential "
        "election were partially implemented, recommendations 6 and 11 were mostly "
        "implemented, and recommendations 1, 2, 17 and 20 were not implemented. Recommendation "
        "8 of the OSCE/ODIHR Final Report on the 2012 parliamentary elections, concerning the "
        "composition of election commissions, was fully implemented. Recommendation 3 was "
        "partially implemented.\n\n"
        "## II. RECOMMENDATIONS\n\n1. Voter lists should be published.\n");
    const char *const reports[] = {"ODIHR Final Report on the 2013 presidential election",
                                   "ODIHR Final Report on the 2013 presidential election",
                                   "ODIHR Final Report on the 2013 presidential election",
                                   "OSCE/ODIHR Final Report on the 2012 parliamentary elections",
                                   "OSCE/ODIHR Final Report on the 2012 parliamentary elections"};
    const char *const nums[] = {"4 9 14", "6 11", "1 2 17 20", "8", "3"};
    const uint8_t statuses[] = {ODIHRX_FOLLOWUP_PARTIALLY, ODIHRX_FOLLOWUP_MOSTLY,
                                ODIHRX_FOLLOWUP_NOT, ODIHRX_FOLLOWUP_FULLY,
                                ODIHRX_FOLLOWUP_PARTIALLY};
    assert_int_equal(doc->npriors, 5);
    for (uint32_t k = 0; k < 5; k++) {
        assert_string_equal(doc->priors[k].report, reports[k]);
        assert_string_equal(doc->priors[k].numbers, nums[k]);
        assert_int_equal(doc->priors[k].status, statuses[k]);
    }
    valid_xml(doc);
    odihrx_doc_free(doc);
}

/* A long title with its short name in brackets is known by the short name,
 * as the sentences after it call it; a number list that no
 * "recommendation" opens and no report's name follows is not one
 * ("paragraph 25 of the 1999 OSCE Istanbul Document"), nor are numbers in
 * a paragraph that names no report at all; a report named before the
 * numbers is theirs. */
static void followup_short_name_in_brackets(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. RECOMMENDATIONS\n\n"
        "Paragraph 25 of the 1999 OSCE Istanbul Document was not implemented. None of the "
        "recommendations from the ODIHR final report on the 2016 parliamentary elections (2016 "
        "Final Report) were fully implemented. The recommendations 4 and 5 from the 2016 Final "
        "Report were mostly implemented.\n\n"
        "Recommendations 3 and 4 were partially implemented.\n\n"
        "Of the recommendations of the 2013 Final Report, recommendations 6 and 9 were not "
        "implemented.\n\n"
        "1. Voter lists should be published.\n");
    assert_int_equal(doc->npriors, 3);
    assert_string_equal(doc->priors[2].report, "2013 Final Report");
    assert_string_equal(doc->priors[2].numbers, "6 9");
    assert_int_equal(doc->priors[2].status, ODIHRX_FOLLOWUP_NOT);
    assert_string_equal(doc->priors[0].report, "2016 Final Report");
    assert_string_equal(doc->priors[0].numbers, "");
    assert_int_equal(doc->priors[0].status, ODIHRX_FOLLOWUP_FULLY);
    assert_string_equal(doc->priors[1].report, "2016 Final Report");
    assert_string_equal(doc->priors[1].numbers, "4 5");
    assert_int_equal(doc->priors[1].status, ODIHRX_FOLLOWUP_MOSTLY);
    odihrx_doc_free(doc);
}

/* Numbers listed for one report and status stop at the limit with a
 * warning, and those before it are all kept, in order. */
static void followup_numbers_past_the_limit(void **state)
{
    (void)state;
    size_t cap = 128 + 64 * (ODIHRX_MAX_PRIOR_NUMBERS + 10);
    char *in = malloc(cap);
    assert_non_null(in);
    size_t o = (size_t)snprintf(in, cap, "## I. RECOMMENDATIONS\n\nRecommendation 1 from the 2016 "
                                         "Final Report was mostly implemented");
    for (unsigned k = 2; k <= ODIHRX_MAX_PRIOR_NUMBERS + 10; k++)
        o += (size_t)snprintf(in + o, cap - o, ", recommendation %u was mostly implemented",
                              k % 999 + 1);
    snprintf(in + o, cap - o, ".\n\n1. Voter lists should be published.\n");
    odihrx_doc *doc = parse_md(in);
    free(in);
    assert_int_equal(doc->npriors, 1);
    assert_int_equal(doc->priors[0].numbers_count, ODIHRX_MAX_PRIOR_NUMBERS + 1);
    assert_memory_equal(doc->priors[0].numbers, "1 3 4 5 ", 8);
    assert_int_equal(diag_count(doc, "limit-followup"), 1);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

/* Reports without the priority split letter their topic subsections:
 * "A. Legal Framework" names the topic of the items under it, while "B.
 * OTHER RECOMMENDATIONS" (a split) names none. */
static void lettered_subsections_name_topics(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. RECOMMENDATIONS\n\n"
                               "**A. Legal Framework**\n\n"
                               "1. The Electoral Code should be revised.\n\n"
                               "**B. Election Administration**\n\n"
                               "2. Commissions should be impartial.\n"
                               "3. Protocols should be published.\n\n"
                               "## II. MORE RECOMMENDATIONS\n\n"
                               "### A. PRIORITY RECOMMENDATIONS\n\n"
                               "1. Observers should be admitted.\n\n"
                               "### B. OTHER RECOMMENDATIONS\n\n"
                               "2. Ballots should be counted in public.\n");
    assert_int_equal(doc->nrecs, 3);
    assert_string_equal(doc->recs[0].topic, "Legal Framework");
    assert_string_equal(doc->recs[1].topic, "Election Administration");
    assert_string_equal(doc->recs[2].topic, "Election Administration");
    odihrx_doc_free(doc);
    doc = parse_md("## I. RECOMMENDATIONS\n\n"
                   "### A. PRIORITY RECOMMENDATIONS\n\n"
                   "1. Observers should be admitted.\n\n"
                   "### B. OTHER RECOMMENDATIONS\n\n"
                   "2. Ballots should be counted in public.\n");
    assert_int_equal(doc->nrecs, 2);
    assert_true(doc->recs[0].priority);
    assert_null(doc->recs[0].topic);
    assert_false(doc->recs[1].priority);
    assert_null(doc->recs[1].topic);
    odihrx_doc_free(doc);
}

/* A paragraph after an item goes on with it when another item follows
 * (a subheading may stand between); after the last item it may close
 * the chapter, and it stays out. The text in the XML has both paragraphs,
 * and a citation in the second keys the recommendation. */
static void paragraph_going_on_with_an_item(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(
        "## I. RECOMMENDATIONS\n\n"
        "These recommendations are offered.\n\n"
        "1. The CEC should publish all protocols.\n\n"
        "Such publication should be searchable, in line with paragraph 7.8 of the 1990 OSCE "
        "Copenhagen Document.\n\n"
        "**B. Media**\n\n"
        "The media chapter has one recommendation.\n\n"
        "2. The media law should be revised.\n\n"
        "ODIHR stands ready to assist.\n");
    assert_int_equal(doc->nrecs, 2);
    assert_int_equal(doc->recs[0].more_end, doc->recs[0].block + 2);
    assert_int_equal(doc->recs[1].more_end, doc->recs[1].block + 1);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<text>The CEC should publish all protocols. Such "
                                     "publication should be searchable, in line with <cite "
                                     "instrument=\"osce-copenhagen-1990\" paragraph=\"7.8\">"));
    assert_non_null(strstr(xml.data, "<text>The media law should be revised.</text>"));
    assert_non_null(strstr(xml.data, "<key paragraph=\"7.8\" basis=\"cited\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbered_list_of_the_chapter),
        cmocka_unit_test(priority_and_topics),
        cmocka_unit_test(copies_found_by_their_text),
        cmocka_unit_test(copies_in_text_without_italics),
        cmocka_unit_test(copy_run_on_into_the_next_paragraph),
        cmocka_unit_test(copies_sharing_their_first_words),
        cmocka_unit_test(copies_in_the_xml),
        cmocka_unit_test(topic_ends_with_its_subsection),
        cmocka_unit_test(reworded_italic_copy),
        cmocka_unit_test(equal_reworded_copies_first_in_text_wins),
        cmocka_unit_test(numbering_gap),
        cmocka_unit_test(conclusions_and_recommendations_chapter),
        cmocka_unit_test(chapter_without_a_list),
        cmocka_unit_test(followup_with_numbers),
        cmocka_unit_test(followup_numbers_without_zeros),
        cmocka_unit_test(followup_none_implemented),
        cmocka_unit_test(followup_in_a_dropped_duplicate_footnote),
        cmocka_unit_test(followup_in_a_footnote_with_several_statuses),
        cmocka_unit_test(sentence_without_a_report_is_not_followup),
        cmocka_unit_test(reworded_copy_in_plain_text),
        cmocka_unit_test(followup_named_by_the_long_title),
        cmocka_unit_test(followup_short_name_in_brackets),
        cmocka_unit_test(followup_numbers_past_the_limit),
        cmocka_unit_test(lettered_subsections_name_topics),
        cmocka_unit_test(paragraph_going_on_with_an_item),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
