/*
 * test_segment.c: stage 2, lines to blocks (lib/segment.c): paragraphs,
 * headings, page separators, footnote bodies, list items, table rows,
 * contents entries, and paragraphs re-joined across page breaks. Each input
 * is a small piece of a report as a PDF converter writes it; each
 * expectation is what a reader of that piece would call its blocks.
 */
#include <stdio.h>

#include "helpers.h"

/* A line of body text: pages of paged text need lines of the body's width
 * to tell their titles, notes and page furniture from the body. */
static const char wide[] =
    "This is other body text of a page that runs on for a while to make lines wide.\n";

/* Parse as markdown-like converter output. Detection needs two markup hits,
 * which many of these tiny inputs lack; plain-text inputs take wrap-width
 * heuristics that are not under test here. */

/* The flags segment sets; later stages add SECTION and RECOMMENDATION. */
#define SEG_FLAGS                                                                                  \
    (ODIHRX_BF_ITALIC | ODIHRX_BF_BOLD | ODIHRX_BF_JOINED | ODIHRX_BF_BULLET |                     \
     ODIHRX_BF_GROUP_START | ODIHRX_BF_TITLE)

/* Block i has this kind, first line (0-based) and text. A macro, so that a
 * failure names the line of the test. */
#define assert_block(doc, i, kind_, line_, text_)                                                  \
    do {                                                                                           \
        assert_true((i) < (doc)->nblocks);                                                         \
        const odihrx_block *b_ = &(doc)->blocks[i];                                                \
        assert_int_equal(b_->kind, (kind_));                                                       \
        assert_int_equal(b_->line, (line_));                                                       \
        assert_string_equal(b_->text, (text_));                                                    \
    } while (0)

#define assert_flags(doc, i, want) assert_int_equal((doc)->blocks[i].flags &SEG_FLAGS, (want))

/* ---------------------------------------------------------- paragraphs */

static void blank_lines_separate_paragraphs(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The first paragraph starts here\nand ends on its second line.\n"
                               "\nThe second paragraph.\n\n\n\nThe third one.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "The first paragraph starts here and ends on its second line.");
    assert_int_equal(doc->blocks[0].line_last, 1);
    assert_block(doc, 1, ODIHRX_BLOCK_PARA, 3, "The second paragraph.");
    assert_int_equal(doc->blocks[1].line_last, 3);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 7, "The third one.");
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void hash_headings_of_several_levels(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# Final Report\n\n## I. INTRODUCTION\n\n### A. Background\n\n"
                               "###### Six deep\n\n#hashtag is not a heading.\n\n"
                               "####### Seven is too many.\n");
    assert_int_equal(doc->nblocks, 6);
    assert_block(doc, 0, ODIHRX_BLOCK_HEADING, 0, "Final Report");
    assert_int_equal(doc->blocks[0].level, 1);
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 2, "I. INTRODUCTION");
    assert_int_equal(doc->blocks[1].level, 2);
    assert_block(doc, 2, ODIHRX_BLOCK_HEADING, 4, "A. Background");
    assert_int_equal(doc->blocks[2].level, 3);
    assert_block(doc, 3, ODIHRX_BLOCK_HEADING, 6, "Six deep");
    assert_int_equal(doc->blocks[3].level, 6);
    /* '#' without a space after it is text, not markup */
    assert_block(doc, 4, ODIHRX_BLOCK_PARA, 8, "#hashtag is not a heading.");
    /* headings have at most six levels */
    assert_block(doc, 5, ODIHRX_BLOCK_PARA, 10, "####### Seven is too many.");
    odihrx_doc_free(doc);
}

static void bold_line_is_heading(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("**I. EXECUTIVE SUMMARY**\n\nThe elections were competitive.\n\n"
                               "**Voting day was calm and orderly.**\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_HEADING, 0, "I. EXECUTIVE SUMMARY");
    assert_int_equal(doc->blocks[0].level, 0);
    assert_flags(doc, 0, ODIHRX_BF_BOLD);
    assert_block(doc, 1, ODIHRX_BLOCK_PARA, 2, "The elections were competitive.");
    /* a whole sentence in bold is an emphasised paragraph, not a title */
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4, "Voting day was calm and orderly.");
    assert_flags(doc, 2, ODIHRX_BF_BOLD);
    odihrx_doc_free(doc);
}

static void numbered_title_line_is_heading(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The mission deployed on 2 March.\n\nIV. ELECTORAL SYSTEM\n\n"
                               "The parliament is elected for four years.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The mission deployed on 2 March.");
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 2, "IV. ELECTORAL SYSTEM");
    assert_int_equal(doc->blocks[1].level, 0);
    assert_flags(doc, 1, 0);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4, "The parliament is elected for four years.");
    odihrx_doc_free(doc);
}

static void page_separators_are_dropped(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The vote was calm.\n\n---\n\nThe count was slow.\n\n***\n\n"
                               "Results came late.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The vote was calm.");
    assert_block(doc, 1, ODIHRX_BLOCK_PARA, 4, "The count was slow.");
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 8, "Results came late.");
    for (uint32_t i = 0; i < 3; i++)
        assert_flags(doc, i, 0);
    odihrx_doc_free(doc);
}

/* ----------------------------------------------------------- footnotes */

static void footnote_bodies(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The law was amended.<sup>12</sup>\n\n---\n\n"
                               "<sup>12</sup> Law on Elections, Article 5.\n\n"
                               "<sup>13</sup> See the 2016 Final Report.\n"
                               "<sup>14</sup> A note that is long\nenough to wrap.\n\n"
                               "<sup>15</sup>No space after the marker.\n");
    assert_int_equal(doc->nblocks, 5);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The law was amended.");
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 4, "Law on Elections, Article 5.");
    assert_int_equal(doc->blocks[1].number, 12);
    /* two bodies on consecutive lines are two footnotes */
    assert_block(doc, 2, ODIHRX_BLOCK_FOOTNOTE, 6, "See the 2016 Final Report.");
    assert_int_equal(doc->blocks[2].number, 13);
    assert_block(doc, 3, ODIHRX_BLOCK_FOOTNOTE, 7, "A note that is long enough to wrap.");
    assert_int_equal(doc->blocks[3].number, 14);
    assert_int_equal(doc->blocks[3].line_last, 8);
    assert_block(doc, 4, ODIHRX_BLOCK_FOOTNOTE, 10, "No space after the marker.");
    assert_int_equal(doc->blocks[4].number, 15);
    odihrx_doc_free(doc);
}

/* ------------------------------------------------------------- lists */

static void numbered_list_items(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("1. The CEC should publish its decisions.\n"
                               "2. Parliament should review the law on\nthe media.\n\n"
                               "3. Observers should have full access.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_LIST_ITEM, 0, "The CEC should publish its decisions.");
    assert_int_equal(doc->blocks[0].number, 1);
    assert_block(doc, 1, ODIHRX_BLOCK_LIST_ITEM, 1,
                 "Parliament should review the law on the media.");
    assert_int_equal(doc->blocks[1].number, 2);
    assert_int_equal(doc->blocks[1].line_last, 2);
    /* a blank line between items does not end the list's numbering */
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 4, "Observers should have full access.");
    assert_int_equal(doc->blocks[2].number, 3);
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(doc->blocks[i].flags & ODIHRX_BF_BULLET, 0);
    odihrx_doc_free(doc);
}

static void year_at_line_start_is_not_an_item(void **state)
{
    (void)state;
    /* A wrapped sentence can put a year at the start of a line. */
    odihrx_doc *doc = parse_md("The last elections were held in\n2021. Turnout was high.\n\n"
                               "1) First item.\n2) Second item.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "The last elections were held in 2021. Turnout was high.");
    assert_block(doc, 1, ODIHRX_BLOCK_LIST_ITEM, 3, "First item.");
    assert_int_equal(doc->blocks[1].number, 1);
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 4, "Second item.");
    assert_int_equal(doc->blocks[2].number, 2);
    odihrx_doc_free(doc);
}

static void bulleted_list_items(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("Key recommendations include:\n\n- Voter lists\n- Campaign finance\n"
                               "\n\xE2\x80\xA2 Media coverage\n* Complaints\n");
    assert_int_equal(doc->nblocks, 5);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "Key recommendations include:");
    assert_block(doc, 1, ODIHRX_BLOCK_LIST_ITEM, 2, "Voter lists");
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 3, "Campaign finance");
    assert_block(doc, 3, ODIHRX_BLOCK_LIST_ITEM, 5, "Media coverage");
    assert_block(doc, 4, ODIHRX_BLOCK_LIST_ITEM, 6, "Complaints");
    for (uint32_t i = 1; i < 5; i++) {
        assert_int_equal(doc->blocks[i].flags & (ODIHRX_BF_BULLET | ODIHRX_BF_JOINED),
                         ODIHRX_BF_BULLET);
        assert_int_equal(doc->blocks[i].number, 0);
    }
    odihrx_doc_free(doc);
}

/* ------------------------------------------------------------- tables */

static void tab_separated_rows(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("Party\tVotes\tSeats\nUnity\t100\t5\nProgress\t50\t2\n\n"
                               "Region\tTurnout\nNorth\t60%\n");
    assert_int_equal(doc->nblocks, 5);
    assert_block(doc, 0, ODIHRX_BLOCK_TABLE_ROW, 0, "Party\tVotes\tSeats");
    assert_block(doc, 1, ODIHRX_BLOCK_TABLE_ROW, 1, "Unity\t100\t5");
    assert_block(doc, 2, ODIHRX_BLOCK_TABLE_ROW, 2, "Progress\t50\t2");
    /* the blank line starts a second table */
    assert_block(doc, 3, ODIHRX_BLOCK_TABLE_ROW, 4, "Region\tTurnout");
    assert_block(doc, 4, ODIHRX_BLOCK_TABLE_ROW, 5, "North\t60%");
    assert_flags(doc, 0, ODIHRX_BF_GROUP_START);
    assert_flags(doc, 1, 0);
    assert_flags(doc, 2, 0);
    assert_flags(doc, 3, ODIHRX_BF_GROUP_START);
    assert_flags(doc, 4, 0);
    odihrx_doc_free(doc);
}

/* --------------------------------------------------- table of contents */

static void contents_after_contents_heading(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## TABLE OF CONTENTS\n\n"
                               "<b>I.</b>\t<b>EXECUTIVE SUMMARY .....</b>\t<b>1</b>\n"
                               "<b>II.</b>\t<b>INTRODUCTION .....</b>\t<b>3</b>\n"
                               "<b>III.</b>\t<b>ELECTION ADMINISTRATION</b>\t<b>5</b>\n\n"
                               "# I. EXECUTIVE SUMMARY\n\nThe elections were competitive.\n");
    assert_int_equal(doc->nblocks, 6);
    assert_block(doc, 0, ODIHRX_BLOCK_TOC_ENTRY, 0, "TABLE OF CONTENTS");
    assert_flags(doc, 0, ODIHRX_BF_TITLE);
    assert_block(doc, 1, ODIHRX_BLOCK_TOC_ENTRY, 2, "I.\tEXECUTIVE SUMMARY .....\t1");
    assert_flags(doc, 1, 0);
    assert_block(doc, 2, ODIHRX_BLOCK_TOC_ENTRY, 3, "II.\tINTRODUCTION .....\t3");
    assert_flags(doc, 2, 0);
    /* inside the contents a row that ends in a page number needs no leader */
    assert_block(doc, 3, ODIHRX_BLOCK_TOC_ENTRY, 4, "III.\tELECTION ADMINISTRATION\t5");
    assert_flags(doc, 3, 0);
    assert_block(doc, 4, ODIHRX_BLOCK_HEADING, 6, "I. EXECUTIVE SUMMARY");
    assert_int_equal(doc->blocks[4].level, 1);
    assert_block(doc, 5, ODIHRX_BLOCK_PARA, 8, "The elections were competitive.");
    odihrx_doc_free(doc);
}

static void dotted_leader_outside_contents(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The report has three parts.\n\nIntroduction ........ 3\n\n"
                               "The parts follow.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The report has three parts.");
    assert_block(doc, 1, ODIHRX_BLOCK_TOC_ENTRY, 2, "Introduction ........ 3");
    assert_flags(doc, 1, 0);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4, "The parts follow.");
    odihrx_doc_free(doc);
}

/* ---------------------------------------------------- page-break joins */

static void page_break_with_footnotes_joins_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The mission noted<sup>7</sup> that the campaign was\n\n---\n\n"
                               "<sup>7</sup> See the 2019 Final Report.\n"
                               "<sup>8</sup> Ibid.\n\n"
                               "generally calm and peaceful.<sup>8</sup>\n");
    assert_int_equal(doc->nblocks, 3);
    const char *want = "The mission noted that the campaign was generally calm and peaceful.";
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, want);
    assert_flags(doc, 0, ODIHRX_BF_JOINED);
    assert_int_equal(doc->blocks[0].line_last, 7);
    /* the footnotes stay blocks of their own, after the joined paragraph */
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 4, "See the 2019 Final Report.");
    assert_int_equal(doc->blocks[1].number, 7);
    assert_block(doc, 2, ODIHRX_BLOCK_FOOTNOTE, 5, "Ibid.");
    assert_int_equal(doc->blocks[2].number, 8);
    /* both markers keep their places in the joined text */
    const odihrx_block *p = &doc->blocks[0];
    assert_int_equal(p->mark_count, 2);
    const odihrx_mark *m7 = &doc->marks[p->mark_first];
    const odihrx_mark *m8 = &doc->marks[p->mark_first + 1];
    if (m7->value != 7) {
        const odihrx_mark *t = m7;
        m7 = m8;
        m8 = t;
    }
    assert_int_equal(m7->kind, ODIHRX_MARK_FNREF);
    assert_int_equal(m7->value, 7);
    assert_int_equal(m7->start, strlen("The mission noted"));
    assert_int_equal(m8->kind, ODIHRX_MARK_FNREF);
    assert_int_equal(m8->value, 8);
    assert_int_equal(m8->start, strlen(want));
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void footnotes_without_separator_join_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The mission noted that the campaign was\n\n"
                               "<sup>7</sup> See the 2019 Final Report.\n\n"
                               "generally calm.\n");
    assert_int_equal(doc->nblocks, 2);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "The mission noted that the campaign was generally calm.");
    assert_flags(doc, 0, ODIHRX_BF_JOINED);
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 2, "See the 2019 Final Report.");
    assert_int_equal(doc->blocks[1].number, 7);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void lowercase_continuation_after_blank_joins(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The commission failed to\n\npublish its decisions on time.\n");
    assert_int_equal(doc->nblocks, 1);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "The commission failed to publish its decisions on time.");
    assert_flags(doc, 0, ODIHRX_BF_JOINED);
    assert_int_equal(doc->blocks[0].line_last, 2);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void list_item_cut_by_page_break(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("9. The authorities should ensure prompt\n\n"
                               "access. Consideration should be given to an appeal.\n");
    assert_int_equal(doc->nblocks, 1);
    assert_block(doc, 0, ODIHRX_BLOCK_LIST_ITEM, 0,
                 "The authorities should ensure prompt access. Consideration should be "
                 "given to an appeal.");
    assert_int_equal(doc->blocks[0].number, 9);
    assert_int_equal(doc->blocks[0].flags & (ODIHRX_BF_JOINED | ODIHRX_BF_BULLET),
                     ODIHRX_BF_JOINED);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void lowercase_after_complete_sentence_joins_with_warning(void **state)
{
    (void)state;
    /* The sentence looks complete, but the next paragraph cannot start a
     * sentence: joined, and the reader is told text may be missing. */
    odihrx_doc *doc = parse_md("The vote was calm.\n\nand the count was transparent.\n");
    assert_int_equal(doc->nblocks, 1);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The vote was calm. and the count was transparent.");
    assert_flags(doc, 0, ODIHRX_BF_JOINED);
    assert_int_equal(diag_count(doc, "mid-sentence"), 1);
    odihrx_doc_free(doc);
}

static void lowercase_after_heading_not_joined(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("The vote was held on Sunday\n\n## RESULTS\n\n"
                               "and the count was transparent.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The vote was held on Sunday");
    assert_flags(doc, 0, 0);
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 2, "RESULTS");
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4, "and the count was transparent.");
    assert_flags(doc, 2, 0);
    assert_int_equal(diag_count(doc, "mid-sentence"), 1);
    odihrx_doc_free(doc);
}

static void uppercase_after_complete_sentence_never_joined(void **state)
{
    (void)state;
    /* after a blank line, a page separator, or a page's footnotes */
    odihrx_doc *doc = parse_md("The vote was calm.\n\nThe count was transparent.\n\n---\n\n"
                               "Results were published.<sup>1</sup>\n\n<sup>1</sup> On the CEC "
                               "website.\n\nComplaints were few.\n");
    assert_int_equal(doc->nblocks, 5);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The vote was calm.");
    assert_block(doc, 1, ODIHRX_BLOCK_PARA, 2, "The count was transparent.");
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 6, "Results were published.");
    assert_block(doc, 3, ODIHRX_BLOCK_FOOTNOTE, 8, "On the CEC website.");
    assert_block(doc, 4, ODIHRX_BLOCK_PARA, 10, "Complaints were few.");
    for (uint32_t i = 0; i < 5; i++)
        assert_flags(doc, i, 0);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void unpunctuated_end_then_footnotes_joins_capital(void **state)
{
    (void)state;
    /* The footnotes show a page ended there; the sentence has no end. */
    odihrx_doc *doc = parse_md("Candidates were nominated by the\n\n"
                               "<sup>3</sup> Law on Parties, Article 9.\n\n"
                               "Social Democratic Party and two blocs.\n");
    assert_int_equal(doc->nblocks, 2);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "Candidates were nominated by the Social Democratic Party and two blocs.");
    assert_flags(doc, 0, ODIHRX_BF_JOINED);
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 2, "Law on Parties, Article 9.");
    assert_int_equal(doc->blocks[1].number, 3);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void unpunctuated_end_then_blank_keeps_capital_apart(void **state)
{
    (void)state;
    /* Without page-break evidence a line without a full stop may be a title
     * or a caption: the capitalised paragraph after it stands alone. */
    odihrx_doc *doc = parse_md("Candidates were nominated by the\n\n"
                               "Social Democratic Party and two blocs.\n");
    assert_int_equal(doc->nblocks, 2);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "Candidates were nominated by the");
    assert_block(doc, 1, ODIHRX_BLOCK_PARA, 2, "Social Democratic Party and two blocs.");
    assert_flags(doc, 0, 0);
    assert_flags(doc, 1, 0);
    odihrx_doc_free(doc);
}

static void unpunctuated_end_then_separator_joins_capital(void **state)
{
    (void)state;
    /* A page separator is page-break evidence too, footnotes or not. */
    odihrx_doc *doc = parse_md("Candidates were nominated by the\n\n---\n\n"
                               "Social Democratic Party and two blocs.\n");
    assert_int_equal(doc->nblocks, 1);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "Candidates were nominated by the Social Democratic Party and two blocs.");
    assert_flags(doc, 0, ODIHRX_BF_JOINED);
    assert_int_equal(doc->blocks[0].line_last, 4);
    odihrx_doc_free(doc);
}

static void footnote_continued_after_next_page(void **state)
{
    (void)state;
    /* Page 1 ends its body text with a full sentence; its footnote runs over
     * to the bottom of page 2, after that page's separator. */
    odihrx_doc *doc = parse_md("The law was amended.<sup>5</sup>\n\n---\n\n"
                               "<sup>5</sup> The amendments concern the\n\n---\n\n"
                               "registration of candidates.\n\nThe next paragraph.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, "The law was amended.");
    assert_flags(doc, 0, 0);
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 4,
                 "The amendments concern the registration of candidates.");
    assert_int_equal(doc->blocks[1].number, 5);
    assert_flags(doc, 1, ODIHRX_BF_JOINED);
    assert_int_equal(doc->blocks[1].line_last, 8);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 10, "The next paragraph.");
    assert_flags(doc, 2, 0);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

/* ------------------------------------------------- plain text (pdftotext) */

/* Plain text that must come out as one paragraph of exactly this text. */
static void expect_one_paragraph(const char *input, const char *want)
{
    odihrx_doc *doc = parse_text(input);
    assert_int_equal(doc->nblocks, 1);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0, want);
    odihrx_doc_free(doc);
}

/* Footnote number of the k-th FNREF mark of block b and its offset in the
 * block's text, or 0 if there is none. */
static uint32_t fnref_at(const odihrx_doc *doc, uint32_t b, uint32_t k, uint32_t *at)
{
    const odihrx_block *blk = &doc->blocks[b];
    for (uint32_t m = blk->mark_first; m < blk->mark_first + blk->mark_count; m++) {
        if (doc->marks[m].kind != ODIHRX_MARK_FNREF || k--)
            continue;
        *at = doc->marks[m].start;
        return doc->marks[m].value;
    }
    return 0;
}

/* pdftotext of a word processor's contents: one entry per line, no blank
 * line after the title, leaders of an ellipsis and dots ("….."), an entry
 * too long for its line with its page on the next line and its leader
 * lost; the title page after the contents ("10 January 2021") is text. */
static void contents_lines_of_a_pdf(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text("Warsaw\n26 March 2021\n\n"
                                 "TABLE OF CONTENTS\n"
                                 "I. SUMMARY ….. 1\n"
                                 "II. THE LAW ….. 3\n"
                                 "ANNEX I: LIST OF OBSERVERS IN THE LIMITED ELECTION\n"
                                 "OBSERVATION MISSION 31\n"
                                 "ABOUT ODIHR ….. 32\n"
                                 "REPUBLIC OF KAZAKHSTAN\n"
                                 "10 January 2021\n"
                                 "\f"
                                 "I. SUMMARY\n"
                                 "The law was amended in 2020 and its changes concern voters.\n"
                                 "II. THE LAW\n"
                                 "The law was amended again in 2021 and it concerns candidates.\n"
                                 "ANNEX I: LIST OF OBSERVERS IN THE LIMITED ELECTION OBSERVATION MISSION\n"
                                 "Observers came from many participating States to observe.\n"
                                 "\fABOUT ODIHR\n"
                                 "The Office for Democratic Institutions and Human Rights is here.\n");
    assert_int_equal(doc->ntoc, 4);
    const char *nums[] = {"I", "II", "Annex I", NULL};
    const uint32_t pages[] = {1, 3, 31, 32};
    for (uint32_t t = 0; t < 4; t++) {
        if (nums[t])
            assert_string_equal(doc->toc[t].num, nums[t]);
        else
            assert_null(doc->toc[t].num);
        assert_int_equal(doc->toc[t].page, pages[t]);
        assert_int_equal(doc->toc[t].section, t);
    }
    assert_string_equal(doc->toc[2].title, "LIST OF OBSERVERS IN THE LIMITED ELECTION OBSERVATION "
                                           "MISSION");
    assert_int_equal(doc->blocks[doc->toc[2].block].line_last, 7);
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_TOC_ENTRY, 0)->flags & ODIHRX_BF_TITLE,
                     ODIHRX_BF_TITLE);
    assert_int_equal(doc->nsections, 4);
    assert_int_equal(diag_count(doc, "toc-missing") + diag_count(doc, "toc-mismatch") +
                         diag_count(doc, "toc-unlisted"),
                     0);
    uint32_t title = block_with_text(doc, "REPUBLIC OF KAZAKHSTAN 10 January 2021");
    assert_int_equal(doc->blocks[title].kind, ODIHRX_BLOCK_PARA);
    odihrx_doc_free(doc);
}

/* pdftotext puts a page's footnotes right below its last body line when
 * the page has no room for a gap: the expected number, its marker seen,
 * and either the next note on the next line or text that runs to the
 * foot of the page. A body line that starts with the number is text. */
static void footnotes_right_below_the_body(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "The campaign started on 10 December and was calm in all regions.1\n"
        "Parties held meetings in 12 regions of the country in all.2\n"
        "1 The CEC announced the start of the campaign on 9 December.\n"
        "2 See the statement of the CEC.\n"
        "\n"
        "Page: 1\n"
        "\fThe next page starts with a sentence of the body text here.3\n"
        "3 per cent of the voters had voted by noon on election day here.\n"
        "The count was observed in a few polling stations in the capital.\n"
        "3 The CEC published the turnout every two hours on its website.\n"
        "\n"
        "Page: 2\n");
    assert_int_equal(doc->nfootnotes, 3);
    assert_string_equal(doc->blocks[odihrx_footnote_find(doc, 1)->block].text,
                        "The CEC announced the start of the campaign on 9 December.");
    assert_string_equal(doc->blocks[odihrx_footnote_find(doc, 2)->block].text,
                        "See the statement of the CEC.");
    assert_string_equal(doc->blocks[odihrx_footnote_find(doc, 3)->block].text,
                        "The CEC published the turnout every two hours on its website.");
    block_with_text(doc, "The next page starts with a sentence of the body text here. 3 per "
                         "cent of the voters had voted by noon on election day here. The "
                         "count was observed in a few polling stations in the capital.");
    assert_int_equal(diag_count(doc, "footnote-missing") + diag_count(doc, "footnote-orphan"), 0);
    odihrx_doc_free(doc);
}

/* pdfminer prints the numbers of a list as a column of their own, then
 * the texts of the items run together; a page or a blank line may part
 * an item's text. The count of numbers says how many items there are;
 * they end at block ends after a sentence, then at the shortest lines
 * ending a sentence before a capital. */
static void list_numbers_printed_apart(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "XVII. RECOMMENDATIONS\n\n"
        "1. \n\n2. \n\n3. \n\n"
        "The first item runs on a full line of the text. It has a second\n"
        "sentence, which ends the item.\n"
        "The second item is one line long, and it is a shorter one.\n"
        "The third item goes on and on: its first line ends a sentence.\n"
        "Its second line is short.\n\n"
        "4. \n\n"
        "The fourth item goes on over a blank line and its text is\n\n"
        "continued here.\n\n"
        "Election day\n\n"
        "5. \n\n"
        "The fifth item has no full stop\n\n"
        "Complaints\n\n"
        "Text after the list, not an item.\n");
    const char *want[] = {
        ("The first item runs on a full line of the text. It has a second sentence, which ends "
         "the item."),
        "The second item is one line long, and it is a shorter one.",
        "The third item goes on and on: its first line ends a sentence. Its second line is short.",
        "The fourth item goes on over a blank line and its text is continued here.",
        "The fifth item has no full stop"};
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_LIST_ITEM), 5);
    for (uint32_t k = 0; k < 5; k++) {
        const odihrx_block *b = nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, k);
        assert_int_equal(b->number, k + 1);
        assert_string_equal(b->text, want[k]);
    }
    assert_int_equal(doc->nrecs, 5);
    block_with_text(doc, "Text after the list, not an item.");
    odihrx_doc_free(doc);
    /* a report repeats its recommendations in its body: where such a
     * paragraph opens, an item opens, though a shorter line ends a
     * sentence inside the first item */
    doc = parse_text("The second item is in the body as well, and so it opens there.\n\n"
                     "The third item ends here with a few more words of its own.\n\n"
                     "1. \n\n2. \n\n3. \n\n"
                     "The first item starts here.\n"
                     "It ends on this line of the full width of the text, sixty-five.\n"
                     "The second item is in the body as well, and so it opens there.\n"
                     "The third item ends here with a few more words of its own.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_LIST_ITEM), 3);
    assert_string_equal(nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, 0)->text,
                        "The first item starts here. It ends on this line of the full width of "
                        "the text, sixty-five.");
    assert_string_equal(nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, 1)->text,
                        "The second item is in the body as well, and so it opens there.");
    odihrx_doc_free(doc);
    /* numbers without the text of as many items stay as they are */
    doc = parse_text("1. \n\n2. \n\nOnly one sentence follows them\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_LIST_ITEM), 0);
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_PARA), 3);
    odihrx_doc_free(doc);
}

/* pdfminer prints each page's column of numbers apart from that page's
 * texts: after them (the column goes on with the numbers and no text
 * follows it), or before them inside an item that a page cut ("10." /
 * "11." between "... for addressing the" and "inclusion in ..."). Every
 * item still has its number and whole text. */
static void list_numbers_printed_after_or_inside(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "Republic of Armenia Parliamentary Elections, 15 May 2011\n\n"
        "XVI. RECOMMENDATIONS\n\n"
        "A. Legal Framework\n\n"
        "1. \n\n2. \n\n"
        "The first item is one line long, and it is a short one.\n"
        "The second item is one line long too, and a little longer.\n"
        "The third item has its number printed after its text.\n"
        "The fourth item likewise, and it ends the first part.\n\n"
        "3. \n\n4. \n\n"
        "B. Election Administration\n\n"
        "5. \n\n"
        "The fifth item runs on over the foot of the page, and a mechanism for\n"
        "addressing the\n\nPage: 20\n\n\f"
        "Republic of Armenia Parliamentary Elections, 15 May 2011\n\n"
        "6. \n\n7. \n\n"
        "inclusion of voters abroad goes on here after the column.\n"
        "The sixth item is the one after it, and it has its own line.\n"
        "The seventh item ends the list of the chapter here.\n\n"
        "C. Voter Registration\n\nText after the list, not an item.\n\nPage: 21\n\n\f"
        "Republic of Armenia Parliamentary Elections, 15 May 2011\n\n"
        "ANNEX: RESULTS\n\nThe results as announced.\n\nPage: 22\n");
    const char *want[] = {
        "The first item is one line long, and it is a short one.",
        "The second item is one line long too, and a little longer.",
        "The third item has its number printed after its text.",
        "The fourth item likewise, and it ends the first part.",
        ("The fifth item runs on over the foot of the page, and a mechanism for addressing the "
         "inclusion of voters abroad goes on here after the column."),
        "The sixth item is the one after it, and it has its own line.",
        "The seventh item ends the list of the chapter here."};
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_LIST_ITEM), 7);
    for (uint32_t k = 0; k < 7; k++) {
        const odihrx_block *b = nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, k);
        assert_int_equal(b->number, k + 1);
        assert_string_equal(b->text, want[k]);
    }
    assert_int_equal(doc->nrecs, 7);
    block_with_text(doc, "Text after the list, not an item.");
    odihrx_doc_free(doc);
}

/* pdfminer moves a marker that ended a line to the start of the next
 * ("to stand." / "32  The Election Law"): it is the marker of the line
 * above, and the paragraph goes on. A number that starts a line after
 * a clause without being the next marker is text. */
static void marker_at_the_start_of_the_next_line(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text("Voters aged 25 or older are eligible to stand.\n"
                                 "1  The   Election   Law   further   excludes   those   with   a\n"
                                 "criminal record.\n"
                                 "7 regions held elections.\n"
                                 "\n"
                                 "1 The Constitution sets the age.\n"
                                 "\fPage two.\n");
    uint32_t p = block_with_text(doc, "Voters aged 25 or older are eligible to stand. The Election "
                                      "Law further excludes those with a criminal record.");
    uint32_t at = 0;
    assert_int_equal(fnref_at(doc, p, 0, &at), 1);
    assert_int_equal(at, strlen("Voters aged 25 or older are eligible to stand."));
    assert_int_equal(fnref_at(doc, p, 1, &at), 0);
    assert_int_equal(doc->blocks[block_with_text(doc, "7 regions held elections.")].mark_count, 0);
    assert_int_equal(doc->nfootnotes, 1);
    odihrx_doc_free(doc);
}

/* Justified lines whose every word gap pdfminer widened line up by chance;
 * lines of one-word pieces, most of them lowercase, are prose, no table. */
static void widened_word_gaps_are_no_table(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "First page.\n\f"
        "recommendations.   The   reform   should   be   undertaken   with   open   and\n"
        "meaningful   consultation   with   all   relevant   stakeholders,   well   in\n"
        "advance   of   the   next   elections   and   in   good   time   for   the\n"
        "vote.\n\n"
        "Party        Votes       Seats\n"
        "Nur Otan     5,148,073   76\n"
        "Ak Zhol      1,231,774   12\n\f");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_TABLE_ROW), 3);
    block_with_text(doc, "First page. recommendations. The reform should be undertaken with open "
                         "and meaningful consultation with all relevant stakeholders, well in "
                         "advance of the next elections and in good time for the vote.");
    odihrx_doc_free(doc);
}

/* Where a blank line follows every line (pdfminer), a contents entry
 * wrapped onto a second line, a chapter title over two lines and the
 * back matter's title alone before its text are what the contents say. */
static void double_spaced_titles_follow_the_contents(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "TABLE OF CONTENTS\n\n"
        "I. SUMMARY ….. 1\n\n"
        "II. PARTICIPATION OF NATIONAL MINORITIES ….. 2\n\n"
        "ANNEX I: LIST OF OBSERVERS IN THE LIMITED ELECTION\n\n"
        "OBSERVATION MISSION 3\n\n"
        "ABOUT ODIHR ….. 4\n\n"
        "\fI. SUMMARY\n\n"
        "The summary of the report comes first, as it always does in a report.\n\n"
        "II. PARTICIPATION OF NATIONAL\n\n"
        "MINORITIES\n\n"
        "National minorities took part in the elections in all of the regions.\n\n"
        "ANNEX I: LIST OF OBSERVERS IN THE LIMITED ELECTION OBSERVATION MISSION\n\n"
        "OSCE PARLIAMENTARY ASSEMBLY\n\n"
        "Observers came from many participating States to observe the vote.\n\n"
        "\fABOUT ODIHR\n\n"
        "The Office for Democratic Institutions and Human Rights is an institution.\n");
    assert_int_equal(doc->ntoc, 4);
    assert_int_equal(doc->nsections, 4);
    const char *headings[] = {"I. SUMMARY", "II. PARTICIPATION OF NATIONAL MINORITIES",
                              ("ANNEX I: LIST OF OBSERVERS IN THE LIMITED ELECTION OBSERVATION "
                               "MISSION"),
                              "ABOUT ODIHR"};
    for (uint32_t k = 0; k < 4; k++) {
        assert_string_equal(doc->blocks[doc->sections[k].heading].text, headings[k]);
        assert_int_equal(doc->toc[k].section, k);
    }
    /* a title after a blank line that the contents do not go on with is none */
    uint32_t sub = block_with_text(doc, "OSCE PARLIAMENTARY ASSEMBLY");
    assert_int_equal(doc->blocks[sub].section, 2);
    assert_false(doc->blocks[sub].flags & ODIHRX_BF_SECTION);
    odihrx_doc_free(doc);
}

/* A chapter number alone and its title's words ran into a leader and
 * became text, and a paragraph was joined to them: the join moved the
 * title's last line past its own text, and its rows were copied with a
 * negative length ("out of memory", or a read past the text; found by
 * fuzzing, reduced to these lines). The joined text is kept too. */
static void title_pieces_with_a_part_joined(void **state)
{
    (void)state;
    static const char in[] =
        "XVII.\n"
        "RE333333333333333333333333333333333333333333333333333333333333COMMENDATIONS\n"
        "\n"
        "\xE2\x80\xA6..\n"
        "\x0CRepublic of Kazakhstan Parliamentary Elections, 10 January 2\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFFthe Parliamentary \n"
        "for freedom of association, of assembly and of expression continue to restrict the \n"
        "political landscape, and had a negative impact oo remain \n"
        "unaddressed.  We urge the Kazakh Authorities to address remaingi nchallenges \n"
        "regarding the election system of the country. \n"
        "The election was tarnished by limitations on fundamental freedoms, including the \n"
        "detention of peaceful demonstrators. Systemic shortcomings in relation to respect \n"
        "for freedom of assoce EU will continue to support Kazakhstan\xE2\x80\x99s reform and modernisation processes \n"
        "\n"
        "and democracy, stability and inclusivity in the country. \n"
        "\n"
        "PC.DEL/80/21/Rev.1 \n"
        " Montenegro, Serbia and Albania continue to be part of the \n"
        "Stabilisation and Association P021\n"
        "\n"
        "The electoral legal f>3\x01\x00U\x84\xA7\x8F\xE7rocess. \n"
        "@ramework remains inconsistent with a number of\n"
        "internationcldy></htal commitments concerning the holding of democratic\n"
        "elections, despite frequente.\n"
        "Page: 2\x00\x00\x00\x00\x00ml\x00\x00\x00\x00\x00>\x00";
    odihrx_doc *doc = NULL;
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .source_name = "t.txt"};
    assert_int_equal(odihrx_doc_parse(in, sizeof in - 1, test_grammar, &opt, &doc), ODIHRX_OK);
    bool title = false;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        title = title || strstr(doc->blocks[i].text, "COMMENDATIONS \xE2\x80\xA6..") != NULL;
    assert_true(title);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void glued_markers_in_layout_spacing(void **state)
{
    (void)state;
    /* pdftotext -layout: indented body, a marker pushed onto an indented
     * line of its own, runs of justification spaces after a full stop; a
     * contents line run together keeps its page numbers, which are no
     * markers, and it is no chapter title but two contents entries */
    odihrx_doc *doc = parse_text(
        "I. SUMMARY ….. 1 II. THE LAW ….. 2\n"
        "\f"
        "          I. SUMMARY\n"
        "\n"
        "          The law was amended in 2020 and its changes\n"
        "          concern the registration of candidates.\n"
        "          1\n"
        "             The CEC registered all the lists (on time).    2\n"
        "          Voting was calm.\n"
        "\n"
        "1 The amendments of May and June 2020 concern the nomination of candidates.\n"
        "2 The CEC registered five lists of candidates on 30 November 2020 as required.\n");
    assert_int_equal(doc->nblocks, 5);
    assert_int_equal(doc->blocks[0].kind, ODIHRX_BLOCK_TOC_ENTRY);
    assert_int_equal(doc->blocks[0].mark_count, 0);
    assert_int_equal(doc->ntoc, 2);
    assert_int_equal(doc->toc[1].page, 2);
    /* (the form feed opens line 1) */
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 1, "I. SUMMARY");
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 3,
                 "The law was amended in 2020 and its changes concern the registration of "
                 "candidates. The CEC registered all the lists (on time). Voting was calm.");
    uint32_t at = 0;
    assert_int_equal(fnref_at(doc, 2, 0, &at), 1);
    assert_int_equal(at, strlen("The law was amended in 2020 and its changes concern the "
                                "registration of candidates."));
    assert_int_equal(fnref_at(doc, 2, 1, &at), 2);
    assert_int_equal(at, strlen("The law was amended in 2020 and its changes concern the "
                                "registration of candidates. The CEC registered all the lists "
                                "(on time)."));
    assert_block(doc, 3, ODIHRX_BLOCK_FOOTNOTE, 9,
                 "The amendments of May and June 2020 concern the nomination of candidates.");
    assert_block(doc, 4, ODIHRX_BLOCK_FOOTNOTE, 10,
                 "The CEC registered five lists of candidates on 30 November 2020 as required.");
    odihrx_doc_free(doc);
}

static void title_broken_into_pieces_is_one_heading(void **state)
{
    (void)state;
    /* pdftotext without -layout prints a justified title as columns: the
     * chapter number alone, the words at the left margin of its two lines,
     * then the words that justification set apart on the first line, with
     * blank lines between the pieces; the title reads in order again */
    odihrx_doc *doc = parse_text("The last sentence of the page before.\n"
                                 "\f"
                                 "XII.\nPARTICIPATION\nMINORITIES\n\nOF\n\nNATIONAL\n\n"
                                 "Ethnic Kazakhs make up most of the population.\n");
    assert_int_equal(doc->nblocks, 3);
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 1, "XII. PARTICIPATION OF NATIONAL MINORITIES");
    assert_int_equal(doc->blocks[1].line_last, 7);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 9, "Ethnic Kazakhs make up most of the population.");
    odihrx_doc_free(doc);
    /* a title of three lines: which line the loose words come from is not
     * known, and the printed order stays */
    doc = parse_text("The last sentence of the page before.\n"
                     "\f"
                     "XII.\nPARTICIPATION\nNATIONAL\nIN\n\nOF\n\nMINORITIES\n\n"
                     "Ethnic Kazakhs make up most of the population.\n");
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 1, "XII. PARTICIPATION NATIONAL IN OF MINORITIES");
    odihrx_doc_free(doc);
    /* a title with words of its own goes on only on the very next lines: an
     * unnumbered subheading after a blank line stays apart */
    doc = parse_text("The last sentence of the page before.\n"
                     "\f"
                     "XVII. RECOMMENDATIONS AND\nCONCLUSIONS\n\nPRIORITY RECOMMENDATIONS\n\n"
                     "Ethnic Kazakhs make up most of the population.\n");
    assert_int_equal(doc->nblocks, 4);
    assert_block(doc, 1, ODIHRX_BLOCK_HEADING, 1, "XVII. RECOMMENDATIONS AND CONCLUSIONS");
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4, "PRIORITY RECOMMENDATIONS");
    odihrx_doc_free(doc);
    /* the same pieces running into a dotted leader are a contents entry */
    doc = parse_text("XII.\n\nPARTICIPATION\n\nMINORITIES …..\n\n21\n"
                     "\f"
                     "The first sentence of the next page.\n");
    for (uint32_t i = 0; i < doc->nblocks; i++)
        assert_int_not_equal(doc->blocks[i].kind, ODIHRX_BLOCK_HEADING);
    odihrx_doc_free(doc);
}

static void unnumbered_title_in_paged_text(void **state)
{
    (void)state;
    /* a line of capitals that opens a block, with body text right below,
     * is a title ("ABOUT ODIHR"); capitals that pdftotext broke out of a
     * justified line ("previous" / "ODIHR") or out of a contents page
     * (before a blank line) stay text */
    odihrx_doc *doc = parse_text("Other amendments only partially addressed some of the\n"
                                 "previous\n"
                                 "ODIHR\n"
                                 "recommendations on the registration of parties.\n"
                                 "\f"
                                 "OBSERVERS\n"
                                 "\n"
                                 "ABOUT ODIHR\n"
                                 "The Office for Democratic Institutions and Human Rights is\n"
                                 "the principal institution of the OSCE.\n");
    assert_int_equal(doc->nblocks, 4);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "Other amendments only partially addressed some of the previous ODIHR "
                 "recommendations on the registration of parties.");
    assert_block(doc, 1, ODIHRX_BLOCK_PARA, 4, "OBSERVERS");
    assert_block(doc, 2, ODIHRX_BLOCK_HEADING, 6, "ABOUT ODIHR");
    assert_block(doc, 3, ODIHRX_BLOCK_PARA, 7,
                 "The Office for Democratic Institutions and Human Rights is the principal "
                 "institution of the OSCE.");
    odihrx_doc_free(doc);
    /* a sentence in capitals, or one with figures, is no title */
    doc = parse_text("Intro line of the page.\n\nTHE VOTE WAS CALM.\nThe count was slow.\n"
                     "\nTURNOUT 63 PER CENT\nThe count was slow.\n\f");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_HEADING), 0);
    odihrx_doc_free(doc);
}

static void hyphen_dropped_when_the_word_occurs_elsewhere(void **state)
{
    (void)state;
    expect_one_paragraph("The elec-\ntion commission met before the election.\n",
                         "The election commission met before the election.");
    /* -layout keeps the indentation of the next line; it goes too */
    expect_one_paragraph("     The Election Law was amended: elec-\n     tion day is a holiday.\n",
                         "The Election Law was amended: election day is a holiday.");
    /* any script: the vocabulary is the document's own */
    expect_one_paragraph("Закон о выбо-\nрах изменён, и о выборах тоже.\n",
                         "Закон о выборах изменён, и о выборах тоже.");
}

static void hyphen_kept_when_the_compound_occurs_elsewhere(void **state)
{
    (void)state;
    expect_one_paragraph(
        "Observers noted long-\nstanding shortcomings and a long-standing practice.\n",
        "Observers noted long-standing shortcomings and a long-standing practice.");
    /* the more frequent spelling wins when the document has both */
    expect_one_paragraph("Regional co-operation and co-operation with the CEC, not cooperation, "
                         "need co-\noperation.\n",
                         "Regional co-operation and co-operation with the CEC, not cooperation, "
                         "need co-operation.");
}

static void hyphen_kept_before_a_number_or_a_capital(void **state)
{
    (void)state;
    expect_one_paragraph(
        "Elections were held during the COVID-\n19 pandemic and anti-\nSemitism was condemned.\n",
        "Elections were held during the COVID-19 pandemic and anti-Semitism was condemned.");
}

static void hyphen_default_for_words_seen_once(void **state)
{
    (void)state;
    /* neither spelling occurs elsewhere: two fragments that are no words of
     * the document are joined, a half that is a word keeps the hyphen */
    expect_one_paragraph(
        "The parlia-\nmentary majority used Internet-\nbased tools based on the Internet.\n",
        "The parliamentary majority used Internet-based tools based on the Internet.");
    /* every word broken: the document has no vocabulary at all */
    expect_one_paragraph("ab-\ncd-\n", "abcd-");
    /* a dash at a line end is punctuation, not a broken word */
    expect_one_paragraph("The result -\nannounced late - was final.\n",
                         "The result - announced late - was final.");
}

static void hyphen_follows_the_typesetters_habit(void **state)
{
    (void)state;
    /* a document whose settled breaks are all compounds broken at their own
     * hyphen does not hyphenate words: a break whose halves occur nowhere
     * else is a compound too */
    expect_one_paragraph("Long-standing practice, decision-making and co-operation: a long-\n"
                         "standing habit of decision-\nmaking and co-\noperation, and mask-\n"
                         "wearing rules.\n",
                         "Long-standing practice, decision-making and co-operation: a "
                         "long-standing habit of decision-making and co-operation, and "
                         "mask-wearing rules.");
    /* a document that hyphenates words ("elec-" / "tion", "com-" /
     * "mission" settled by the whole words elsewhere): two unknown halves
     * are a word cut in two, as before */
    expect_one_paragraph("The election commission and the long-standing practice: the elec-\n"
                         "tion com-\nmission, a long-\nstanding parlia-\nmentary practice.\n",
                         "The election commission and the long-standing practice: the election "
                         "commission, a long-standing parliamentary practice.");
    /* there a compound whose halves occur nowhere else is joined too: the
     * limit of a document's own evidence */
    expect_one_paragraph("The election commission and the long-standing practice: the elec-\n"
                         "tion com-\nmission, a long-\nstanding mask-\nwearing rule.\n",
                         "The election commission and the long-standing practice: the election "
                         "commission, a long-standing maskwearing rule.");
    /* three settled compounds and one cut word: not yet four to one */
    expect_one_paragraph("Long-standing practice, decision-making, co-operation, the election: "
                         "a long-\nstanding habit of decision-\nmaking, co-\noperation, elec-\n"
                         "tion and parlia-\nmentary rules.\n",
                         "Long-standing practice, decision-making, co-operation, the election: "
                         "a long-standing habit of decision-making, co-operation, election and "
                         "parliamentary rules.");
}

static void footnote_goes_on_overleaf_in_plain_text(void **state)
{
    (void)state;
    /* Two pages as pdftotext writes them: footnote 1 does not fit at the
     * foot of page 1; its rest opens the footnote area of page 2, before
     * note 2, in the wider lines of the small type. */
    odihrx_doc *doc = parse_text(
        "The Election Law was amended1 twice in 2020; the\n"
        "changes concern the registration of candidates.\n"
        "\n"
        "1 The amendments of May and June 2020 concern the nomination of candidates and the\n"
        "\f"
        "Parties nominated their candidates in November,\n"
        "and the CEC registered2 all the lists on time.\n"
        "\n"
        "registration deadlines and the deposit to be paid by the parties for each candidate.\n"
        "2 The CEC registered five lists of candidates on 30 November, as the law requires.\n");
    assert_int_equal(doc->npages, 1);
    assert_int_equal(doc->nblocks, 4);
    assert_block(doc, 0, ODIHRX_BLOCK_PARA, 0,
                 "The Election Law was amended twice in 2020; the changes concern the "
                 "registration of candidates.");
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 3,
                 "The amendments of May and June 2020 concern the nomination of candidates and "
                 "the registration deadlines and the deposit to be paid by the parties for each "
                 "candidate.");
    assert_int_equal(doc->blocks[1].number, 1);
    assert_flags(doc, 1, ODIHRX_BF_JOINED);
    assert_int_equal(doc->blocks[1].line_last, 7);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4,
                 "Parties nominated their candidates in November, and the CEC registered all the "
                 "lists on time.");
    assert_block(doc, 3, ODIHRX_BLOCK_FOOTNOTE, 8,
                 "The CEC registered five lists of candidates on 30 November, as the law requires.");
    assert_int_equal(doc->blocks[3].number, 2);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
    /* the body text of page 2, in body width, is never taken for the rest
     * of the note, even when the note looks unfinished */
    doc = parse_text(
        "The Election Law was amended1 twice in 2020; the\n"
        "changes concern the registration of candidates.\n"
        "\n"
        "1 The amendments of May and June 2020 concern the nomination of candidates and the\n"
        "\f"
        "Parties nominated their candidates in November,\n"
        "and the CEC registered2 all the lists on time.\n"
        "\n"
        "2 The CEC registered five lists of candidates on 30 November, as the law requires.\n");
    assert_int_equal(doc->nblocks, 4);
    assert_block(doc, 1, ODIHRX_BLOCK_FOOTNOTE, 3,
                 "The amendments of May and June 2020 concern the nomination of candidates and "
                 "the");
    assert_flags(doc, 1, 0);
    assert_block(doc, 2, ODIHRX_BLOCK_PARA, 4,
                 "Parties nominated their candidates in November, and the CEC registered all the "
                 "lists on time.");
    assert_int_equal(doc->blocks[3].number, 2);
    odihrx_doc_free(doc);
}

/* A page of body text as pdftotext writes it: a paragraph of `lines`
 * justified lines, opening with its own line and ending short, then what
 * follows. Lines differ from page to page (by the letters of `page`), or
 * they would be taken for running headers and footers. */
static void add_body_page(char *buf, size_t cap, const char *opening, unsigned lines,
                          const char *then)
{
    char line[128];
    char page = opening[1];
    strncat(buf, opening, cap - strlen(buf) - 1);
    for (unsigned k = 2; k < lines; k++) {
        snprintf(line, sizeof line,
                 "and its unit %c%c met every week and it published its minutes,\n", page,
                 'a' + k);
        strncat(buf, line, cap - strlen(buf) - 1);
    }
    snprintf(line, sizeof line, "all its decisions (%c).\n", page);
    strncat(buf, line, cap - strlen(buf) - 1);
    strncat(buf, then, cap - strlen(buf) - 1);
}

/* Recommendation 7 as raw pdftotext prints it: no hanging indent, and its
 * last line ends a sentence at the full width. */
#define ITEM_7                                                                                     \
    "7. To provide effective redress for all the stakeholders,\n"                                  \
    "the commissions and the courts should consider all reports of\n"                              \
    "electoral violations and disputes on their substance in time.\n"
#define ITEM_7_TEXT                                                                                \
    "To provide effective redress for all the stakeholders, the commissions and the courts "       \
    "should consider all reports of electoral violations and disputes on their substance in "      \
    "time."

static void item_goes_on_after_a_full_line_that_ends_a_sentence(void **state)
{
    (void)state;
    /* raw pdftotext drops the hanging indent: a line that ends a sentence
     * at the full width is not the item's last, one that stops short is */
    char in[4096] = "";
    add_body_page(in, sizeof in, "The Central Election Commission was formed in May, and\n", 6,
                  ITEM_7 "In line with good practice, a template would help.\n"
                         "8. The law should be amended.\n"
                         "The paragraph after the list starts with a capital letter.\n"
                         "\f");
    add_body_page(in, sizeof in, "Territorial commissions were formed in June 2020, and\n", 6, "");
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->nblocks, 5);
    assert_block(doc, 1, ODIHRX_BLOCK_LIST_ITEM, 6,
                 ITEM_7_TEXT " In line with good practice, a template would help.");
    assert_int_equal(doc->blocks[1].number, 7);
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 10, "The law should be amended.");
    assert_block(doc, 3, ODIHRX_BLOCK_PARA, 11,
                 "The paragraph after the list starts with a capital letter.");
    odihrx_doc_free(doc);
}

/* Four pages of 8 lines: page 2 ends with item 7, page 3 opens with
 * `overleaf`; page 2 has `page2_lines` lines in all. */
static odihrx_doc *item_7_over_a_page_break(unsigned page2_lines, const char *overleaf)
{
    char in[4096] = "";
    add_body_page(in, sizeof in, "The Central Election Commission was formed in May, and\n", 8,
                  "\f");
    add_body_page(in, sizeof in, "Territorial commissions were formed in June 2020, and\n",
                  page2_lines - 3, ITEM_7 "\f");
    strncat(in, overleaf, sizeof in - strlen(in) - 1);
    strcat(in, "\n");
    add_body_page(in, sizeof in, "Precinct commissions were formed in October, and\n", 6,
                  "\f");
    add_body_page(in, sizeof in, "Voter lists were compiled by local authorities, and\n", 8, "");
    return parse_text(in);
}

static void item_cut_at_a_sentence_end_by_a_full_page_goes_on(void **state)
{
    (void)state;
    /* page 2 runs to its foot with an item whose last line, at the full
     * width, ends a sentence: the text at the top of page 3 is its rest,
     * as it would be on the same page */
    odihrx_doc *doc =
        item_7_over_a_page_break(8, "In line with good practice, a template would help.\n");
    assert_int_equal(doc->npages, 3);
    assert_int_equal(doc->nblocks, 5);
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 13,
                 ITEM_7_TEXT " In line with good practice, a template would help.");
    assert_flags(doc, 2, ODIHRX_BF_JOINED);
    assert_int_equal(doc->blocks[2].line_last, 16);
    assert_block(doc, 3, ODIHRX_BLOCK_PARA, 18,
                 "Precinct commissions were formed in October, and and its unit rc met every "
                 "week and it published its minutes, and its unit rd met every week and it "
                 "published its minutes, and its unit re met every week and it published its "
                 "minutes, and its unit rf met every week and it published its minutes, all its "
                 "decisions (r).");
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void page_cut_short_ends_the_item_at_its_sentence(void **state)
{
    (void)state;
    /* the same item on a page that a forced break left half empty: the
     * capitalised text overleaf is a paragraph of its own */
    odihrx_doc *doc =
        item_7_over_a_page_break(5, "In line with good practice, a template would help.\n");
    assert_int_equal(doc->nblocks, 6);
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 10, ITEM_7_TEXT);
    assert_flags(doc, 2, 0);
    assert_block(doc, 3, ODIHRX_BLOCK_PARA, 13,
                 "In line with good practice, a template would help.");
    assert_flags(doc, 3, 0);
    odihrx_doc_free(doc);
    /* and on a full page, a heading overleaf is no part of the item */
    doc = item_7_over_a_page_break(8, "Complaints and appeals\n\n");
    assert_block(doc, 2, ODIHRX_BLOCK_LIST_ITEM, 13, ITEM_7_TEXT);
    assert_flags(doc, 2, 0);
    odihrx_doc_free(doc);
}

/* ------------------------------------------------------- line endings */

static void crlf_gives_same_blocks_as_lf(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "# I. INTRODUCTION",
        "",
        "The mission was deployed on 2 March and the",
        "campaign was calm.<sup>1</sup>",
        "",
        "---",
        "",
        "<sup>1</sup> A note.",
        "",
        "1. A first item.",
        "- A bullet",
        "",
        "Party\tVotes",
        "Unity\t100",
    };
    char lf[512] = "", crlf[512] = "";
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        strcat(lf, lines[i]);
        strcat(lf, "\n");
        strcat(crlf, lines[i]);
        strcat(crlf, "\r\n");
    }
    odihrx_doc *a = parse_md(lf);
    odihrx_doc *b = parse_md(crlf);
    /* heading, paragraph, footnote, two items, two rows */
    assert_int_equal(a->nblocks, 7);
    assert_int_equal(b->nblocks, a->nblocks);
    for (uint32_t i = 0; i < a->nblocks; i++) {
        const odihrx_block *x = &a->blocks[i], *y = &b->blocks[i];
        assert_int_equal(y->kind, x->kind);
        assert_int_equal(y->level, x->level);
        assert_int_equal(y->flags, x->flags);
        assert_int_equal(y->line, x->line);
        assert_int_equal(y->line_last, x->line_last);
        assert_int_equal(y->number, x->number);
        assert_string_equal(y->text, x->text);
        assert_int_equal(y->mark_count, x->mark_count);
        assert_null(strchr(y->text, '\r'));
    }
    assert_string_equal(a->blocks[1].text,
                        "The mission was deployed on 2 March and the campaign was calm.");
    assert_string_equal(a->blocks[6].text, "Unity\t100");
    odihrx_doc_free(a);
    odihrx_doc_free(b);
}

static void empty_input_has_no_blocks(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("");
    assert_int_equal(doc->nblocks, 0);
    odihrx_doc_free(doc);
    /* blank lines and separators alone carry no block either */
    doc = parse_md("\n  \n\t\n---\n\n");
    assert_int_equal(doc->nblocks, 0);
    odihrx_doc_free(doc);
}

/* ------------------------------------------- pdftotext -layout tables */

/* The TABLE_ROW blocks of doc, in order, must be exactly want[0..n) (cells
 * TAB-joined), and only the first starts a table. */
static void expect_rows(const odihrx_doc *doc, const char *const *want, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        const odihrx_block *b = &doc->blocks[i];
        if (b->kind != ODIHRX_BLOCK_TABLE_ROW)
            continue;
        assert_true(k < n);
        assert_string_equal(b->text, want[k]);
        assert_int_equal((b->flags & ODIHRX_BF_GROUP_START) != 0, k == 0);
        k++;
    }
    assert_int_equal(k, n);
}

static void layout_columns_are_table_rows(void **state)
{
    (void)state;
    /* cells by position: the empty middle cell of the last row survives */
    odihrx_doc *doc = parse_text("The observers were the following persons.\n"
                                 "\n"
                                 "Name                 Role              Country\n"
                                 "Anna Smith           MP                Finland\n"
                                 "Bo Lee                                 France\n"
                                 "\n"
                                 "The mission thanks them all.\n"
                                 "\f");
    const char *const want[] = {"Name\tRole\tCountry", "Anna Smith\tMP\tFinland",
                                "Bo Lee\t\tFrance"};
    expect_rows(doc, want, 3);
    block_with_text(doc, "The observers were the following persons.");
    block_with_text(doc, "The mission thanks them all.");
    odihrx_doc_free(doc);
}

static void layout_wrapped_cells_and_header_are_one_row(void **state)
{
    (void)state;
    /* a header cell over two lines, a wrapped cell, a compound broken at
     * its hyphen: each row is one row with its lines joined */
    odihrx_doc *doc = parse_text("Results\n"
                                 "\n"
                                 "Party Name          Number of       Seats\n"
                                 "                    valid votes\n"
                                 "Nur Otan            5,148,074       76\n"
                                 "People's Party of   659,019         10\n"
                                 "Kazakhstan\n"
                                 "Ak Zhol Co-         792,828         12\n"
                                 "Ordinator\n"
                                 "Auyl                383,023         0\n"
                                 "\f");
    const char *const want[] = {"Party Name\tNumber of valid votes\tSeats",
                                "Nur Otan\t5,148,074\t76",
                                "People's Party of Kazakhstan\t659,019\t10",
                                "Ak Zhol Co-Ordinator\t792,828\t12", "Auyl\t383,023\t0"};
    expect_rows(doc, want, 5);
    odihrx_doc_free(doc);
}

static void layout_short_rows_are_not_one_wrapped_row(void **state)
{
    (void)state;
    /* two full rows of short cells: the second is no wrap of the first */
    odihrx_doc *doc = parse_text("Turnout\n"
                                 "\n"
                                 "Total number of voters who voted            7,539,280\n"
                                 "Turnout (percentage)                        63.2\n"
                                 "\f");
    const char *const want[] = {"Total number of voters who voted\t7,539,280",
                                "Turnout (percentage)\t63.2"};
    expect_rows(doc, want, 2);
    odihrx_doc_free(doc);
}

static void justified_paragraph_is_not_a_table(void **state)
{
    (void)state;
    /* justification widens word gaps; two of them line up by chance, but
     * the full lines run over that column: a paragraph */
    expect_one_paragraph("The  electoral  legal framework remains inconsistent with a number of\n"
                         "international  commitments concerning the holding of democratic\n"
                         "elections,  despite frequent revisions since the last parliamentary\n"
                         "elections. Positively, the amendments aimed to enhance participation.\n"
                         "\f",
                         "The electoral legal framework remains inconsistent with a number of "
                         "international commitments concerning the holding of democratic "
                         "elections, despite frequent revisions since the last parliamentary "
                         "elections. Positively, the amendments aimed to enhance participation.");
    /* list numbers set apart from their text are a list, not a table */
    odihrx_doc *doc = parse_text("1.   The first recommendation.\n"
                                 "2.   The second recommendation.\n"
                                 "\f");
    for (uint32_t i = 0; i < doc->nblocks; i++)
        assert_int_not_equal(doc->blocks[i].kind, ODIHRX_BLOCK_TABLE_ROW);
    odihrx_doc_free(doc);
}

static void layout_table_goes_on_overleaf(void **state)
{
    (void)state;
    /* the middle column is empty on the second page, where pdftotext does
     * not print it: its cells map to the table's columns by position; and
     * a first row left alone at the foot of a page (the footnotes below it)
     * opens the table that goes on overleaf */
    odihrx_doc *doc =
        parse_text("Core team\n"
                   "\n"
                   "Dominic Barker-Howell                        United States of America\n"
                   "Armen Mazmanyan         Head of Mission      Armenia\n"
                   "Anna Papikyan                                Armenia\n"
                   "\f"
                   "Michaela Sivich                              Austria\n"
                   "Elma Sehalic                                 Germany\n"
                   "\n"
                   "The results were published.1\n"
                   "\n"
                   "  Total number of registered voters          11,919,241\n"
                   "\n"
                   "1 As officially published.\n"
                   "\f"
                   "Total number of voters who voted           7,539,280\n"
                   "Turnout (percentage)                       63.2\n"
                   "\n"
                   "The text goes on here.\n"
                   "\f");
    uint32_t rows = 0, starts = 0;
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        if (doc->blocks[i].kind != ODIHRX_BLOCK_TABLE_ROW)
            continue;
        rows++;
        starts += (doc->blocks[i].flags & ODIHRX_BF_GROUP_START) != 0;
    }
    assert_int_equal(rows, 8);
    assert_int_equal(starts, 2);
    uint32_t b = block_with_text(doc, "Michaela Sivich\t\tAustria");
    assert_int_equal(doc->blocks[b].flags & ODIHRX_BF_GROUP_START, 0);
    b = block_with_text(doc, "Total number of registered voters\t11,919,241");
    assert_int_not_equal(doc->blocks[b].flags & ODIHRX_BF_GROUP_START, 0);
    b = block_with_text(doc, "Total number of voters who voted\t7,539,280");
    assert_int_equal(doc->blocks[b].flags & ODIHRX_BF_GROUP_START, 0);
    block_with_text(doc, "Elma Sehalic\t\tGermany");
    odihrx_doc_free(doc);
}

/* A paragraph that ends a sentence with a footnote marker glued to it
 * ("commissions.1") at the foot of a page has ended: the paragraph
 * overleaf is another one, not its rest. */
static void glued_marker_after_a_full_stop_ends_the_paragraph(void **state)
{
    (void)state;
    char in[2048];
    snprintf(in, sizeof in,
             "I. COMPLAINTS AND APPEALS\n\n%s%s%s\n"
             "The provisions on electoral disputes are dispersed in the Election Law and in\n"
             "the Civil Procedures Code, resulting in ambiguities and legal uncertainty in\n"
             "the review of complaints lodged in the lower-level election commissions.1\n\n"
             "1 The Election Law, Article 12.\n\f"
             "The legal framework for complaints and appeals should be reviewed to remove the\n"
             "ambiguities.\n\n%s%s",
             wide, wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    uint32_t a = block_with_text(doc, "The provisions on electoral disputes are dispersed in the "
                                      "Election Law and in the Civil Procedures Code, resulting "
                                      "in ambiguities and legal uncertainty in the review of "
                                      "complaints lodged in the lower-level election commissions.");
    uint32_t b = block_with_text(doc, "The legal framework for complaints and appeals should be "
                                      "reviewed to remove the ambiguities.");
    assert_int_equal(doc->blocks[a].kind, ODIHRX_BLOCK_PARA);
    assert_int_equal(doc->blocks[b].kind, ODIHRX_BLOCK_PARA);
    assert_int_equal(doc->blocks[a].mark_count, 1); /* the marker, linked */
    odihrx_doc_free(doc);
}

/* What the contents of the second house style make of plain text: a
 * title's words as columns with the number on the first line ("IV.
 * ELECTORAL" / "FRAMEWORK" / "SYSTEM" / "AND" / "LEGAL"), joined by the
 * contents entry they make up in another order; a title whose number the
 * contents print apart ("XIV." / "CITIZEN AND INTERNATIONAL OBSERVERS"),
 * joined by the entry without its number; entries run together after a
 * leader's page, and a page on the line after its leader; TABLE OF
 * CONTENTS the last line of a title page run into one paragraph. */
static void titles_that_the_contents_put_together(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "Office for Democratic Institutions and Human Rights\n"
        "GEORGIA\nPRESIDENTIAL ELECTION\n4 October 2015\n"
        "TABLE OF CONTENTS\n"
        "IV. ELECTORAL SYSTEM AND LEGAL FRAMEWORK ….. 6\n"
        "XIV.\n\nCITIZEN AND INTERNATIONAL OBSERVERS ….. 25\n\n"
        "ANNEX I: FINAL RESULTS ….. 38 ANNEX II: LIST OF OBSERVERS IN THE ….. \n"
        "39 ABOUT ODIHR ….. 43\n"
        "\f"
        "IV. ELECTORAL\nFRAMEWORK\n\nSYSTEM\n\nAND\n\nLEGAL\n\n"
        "The president is elected for a five-year term in a single constituency.\n\n"
        "XIV. CITIZEN AND INTERNATIONAL\n\nOBSERVERS\n\n"
        "The Election Code provides for observation by citizens and organizations.\n\n"
        "ANNEX II: LIST OF OBSERVERS IN\n\nTHE\n\n"
        "The observers came from twenty participating States of the OSCE region.\n");
    uint32_t title = block_with_text(doc, "TABLE OF CONTENTS");
    assert_true(doc->blocks[title].flags & ODIHRX_BF_TITLE);
    assert_int_equal(block_with_text(doc, "Office for Democratic Institutions and Human Rights "
                                          "GEORGIA PRESIDENTIAL ELECTION 4 October 2015"),
                     title - 1);
    uint32_t iv = block_with_text(doc, "IV. ELECTORAL SYSTEM AND LEGAL FRAMEWORK");
    assert_int_equal(doc->blocks[iv].kind, ODIHRX_BLOCK_HEADING);
    uint32_t xiv = block_with_text(doc, "XIV. CITIZEN AND INTERNATIONAL OBSERVERS");
    assert_int_equal(doc->blocks[xiv].kind, ODIHRX_BLOCK_HEADING);
    uint32_t annex = block_with_text(doc, "ANNEX II: LIST OF OBSERVERS IN THE");
    assert_int_equal(doc->blocks[annex].kind, ODIHRX_BLOCK_HEADING);
    odihrx_doc_free(doc);
}

/* pdfminer runs the last contents entries together and wraps them
 * anywhere, a leader ending one line and its page opening the next: the
 * lines are one contents block, and each entry has its page. */
static void contents_entries_run_on_over_lines(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "TABLE OF CONTENTS\n\n"
        "I. SUMMARY ….. 1\n\n"
        "II. MEDIA ….. 35 ANNEX I: FINAL\n"
        "RESULTS   …..   38   ANNEX   II:   LIST   OF   OBSERVERS   IN\n"
        "THE   INTERNATIONAL   MISSION   …..\n"
        "39 ABOUT ODIHR ….. 43\n\n"
        "\fI. SUMMARY\n\nThe summary of the report comes first, as it always does in one.\n\n"
        "II. MEDIA\n\nThe media were many and most of them were owned by the state.\n\n"
        "ANNEX I: FINAL RESULTS\n\nThe results as the commission announced them to all.\n\n"
        "ANNEX II: LIST OF OBSERVERS IN THE INTERNATIONAL MISSION\n\n"
        "Observers came from many participating States to observe the vote.\n\n"
        "\fABOUT ODIHR\n\n"
        "The Office for Democratic Institutions and Human Rights is an institution.\n");
    static const char *const titles[] = {"SUMMARY", "MEDIA", "FINAL RESULTS",
                                         "LIST OF OBSERVERS IN THE INTERNATIONAL MISSION",
                                         "ABOUT ODIHR"};
    static const uint32_t pages[] = {1, 35, 38, 39, 43};
    assert_int_equal(doc->ntoc, 5);
    assert_int_equal(doc->nsections, 5);
    for (uint32_t k = 0; k < 5; k++) {
        assert_string_equal(doc->toc[k].title, titles[k]);
        assert_int_equal(doc->toc[k].page, pages[k]);
        assert_int_equal(doc->toc[k].section, k);
    }
    odihrx_doc_free(doc);
}

/* Plain text of a statement: the title page's lines each a paragraph
 * (before the first line of body width), its caps lines no titles; in
 * the body, a caps title over a title-case subheading, subheadings in
 * title case after a sentence (a marker after its bracket: "(IDPs).2"),
 * one at the foot of a page with its notes below; a list of names in
 * title case is no subheading. */
static void statement_headings_in_plain_text(void **state)
{
    (void)state;
    static const char head[] = "International Election Observation Mission, Georgia 2015\n\n";
    static const char line[] =
        "The text of the statement goes on over a full line of the page here.\n";
    static const char one[] =
        "A paragraph of one line that ends its sentence, as most of them do.\n\n";
    char wide[8 * sizeof line], ones[8 * sizeof one], in[8192];
    wide[0] = ones[0] = '\0';
    for (int k = 0; k < 8; k++) {
        strcat(wide, line);
        strcat(ones, one);
    }
    snprintf(in, sizeof in,
             "%s"
             "INTERNATIONAL ELECTION OBSERVATION MISSION\n"
             "Georgia – Presidential Election, 4 October 2015\n"
             "STATEMENT OF PRELIMINARY FINDINGS AND CONCLUSIONS\n"
             "Tbilisi, 5 October 2015 – This Statement of Preliminary Findings and\n"
             "Conclusions is the result of a common endeavour of the institutions.\n%s"
             "\nPRELIMINARY FINDINGS\n"
             "Background\n"
             "On 16 August 2015, the president elected in 2013 resigned, citing his\n%s"
             "internally displaced persons (IDPs).1\n"
             "Voter Registration\n"
             "The voter register is passive and compiled from the civil registry data.\n%s"
             "and the campaign was calm.\n"
             "Complaints and Appeals\n\n"
             "1 The CEC adopted a decree on the matter.\n\nPage: 1\n\n\f%s"
             "Complaints could be filed with the commissions at every level of them.\n%s"
             "The observers came from:\n"
             "United Kingdom\nUnited States of America\n%s"
             "Page: 2\n\n\f%sThe end of the statement, on its third page, as a full line.\n%s%s"
             "Page: 3\n",
             head, wide, wide, wide, head, wide, wide, head, wide, ones);
    odihrx_doc *doc = parse_text(in);
    block_with_text(doc, "Georgia – Presidential Election, 4 October 2015");
    uint32_t caps = block_with_text(doc, "INTERNATIONAL ELECTION OBSERVATION MISSION");
    assert_int_equal(doc->blocks[caps].kind, ODIHRX_BLOCK_PARA);
    static const char *const subheadings[] = {"PRELIMINARY FINDINGS", "Background",
                                              "Voter Registration", "Complaints and Appeals"};
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(doc->blocks[block_with_text(doc, subheadings[k])].kind,
                         ODIHRX_BLOCK_HEADING);
    for (uint32_t k = 0; k < doc->nblocks; k++)
        assert_null(strstr(doc->blocks[k].kind == ODIHRX_BLOCK_HEADING ? doc->blocks[k].text : "",
                           "United"));
    assert_string_equal(doc->meta.election_date, "2015-10-04");
    assert_string_equal(doc->meta.issued_place, "Tbilisi");
    assert_string_equal(doc->meta.issued_date, "2015-10-05");
    odihrx_doc_free(doc);
}

/* "A. Legal Framework" in title case over a numbered item is a lettered
 * subsection (bold in the PDF) of paged text; in body text it is not. */
static void lettered_title_case_line_over_items(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "The last sentence of the page before this one, as wide as the others.\n\f"
        "XVI. RECOMMENDATIONS\n\n"
        "These recommendations should be read together with earlier ones.\n"
        "A. Legal Framework\n"
        "1. The Electoral Code should be reviewed to address the remaining gaps.\n"
        "B. Election Administration\n\n"
        "2. Commissions should be appointed in a balanced way.\n\n"
        "C. Observers were admitted to all commissions they asked to observe.\n"
        "The rest of the paragraph follows on this line of the same page here.\n");
    uint32_t a = block_with_text(doc, "A. Legal Framework");
    uint32_t b = block_with_text(doc, "B. Election Administration");
    assert_int_equal(doc->blocks[a].kind, ODIHRX_BLOCK_HEADING);
    assert_int_equal(doc->blocks[b].kind, ODIHRX_BLOCK_HEADING);
    assert_int_equal(doc->nsections, 3);
    assert_string_equal(doc->sections[1].num, "XVI.A");
    assert_string_equal(doc->sections[2].num, "XVI.B");
    odihrx_doc_free(doc);
}

/* A marker after a short number and its full stop is part of the number
 * ("paragraph 7.6") unless a sentence starts after it ("fines in 16.1
 * However"); one that still reads as a number ("in 4.2" at a line's end)
 * is passed over once the next marker follows glued to a word
 * ("remedy.3"), so that its note and every later one are still notes, and
 * in the same paragraph it is then a marker after all. */
static void marker_after_a_decimal_point(void **state)
{
    (void)state;
    char in[4096];
    snprintf(in, sizeof in,
             "I. CAMPAIGN FINANCE\n\n%s%s"
             "The courts imposed fines in 16.1 However, the auditors could not verify the\n"
             "reported figures, and the results were annulled in 4.2\n"
             "Commissions dismissed many complaints, which limited the remedy.3 Other\n"
             "cases were heard later.4\n\n"
             "1 The fines ranged between GEL 1,000 and GEL 15,000.\n"
             "2 The CEC upheld 7 complaints.\n"
             "3 See paragraphs 5.10 and 5.11 of the 1990 OSCE Copenhagen Document.\n"
             "4 Article 77 of the Election Code.\n\f%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->nfootnotes, 4);
    for (uint32_t n = 1; n <= 4; n++)
        assert_int_equal(doc->blocks[odihrx_footnote_find(doc, n)->block].kind,
                         ODIHRX_BLOCK_FOOTNOTE);
    assert_memory_equal(doc->blocks[odihrx_footnote_find(doc, 3)->block].text,
                        "See paragraphs 5.10", 19);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "fines in 16.<fnref n=\"1\"/> However"));
    /* the marker passed over, once the next one showed it was one */
    assert_non_null(strstr(xml.data, "annulled in 4.<fnref n=\"2\"/> Commissions"));
    assert_non_null(strstr(xml.data, "the remedy.<fnref n=\"3\"/> Other"));
    assert_non_null(strstr(xml.data, "heard later.<fnref n=\"4\"/>"));
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A word processor's PDF through pdftotext -layout: each note's raised
 * number alone on its line, above its text ("3" / "The statements ..."),
 * or below the text's first line, with the rest after a blank line ("The
 * CEC organized ... PEC" / "4" / "" / "members on 14 ..."): the note, its
 * text whole. */
static void note_numbers_on_lines_of_their_own(void **state)
{
    (void)state;
    char in[4096];
    snprintf(in, sizeof in,
             "I. ELECTION ADMINISTRATION\n\n%s%s"
             "The statements were published,1 the training was held,2 and the\n"
             "commissions met in public.3 Refresher sessions followed.4\n"
             "1\n"
             "  The statements were also published in Georgian and in Armenian.\n"
             "2\n"
             "  The CEC trained some 7,200 members of precinct commissions in all\n"
             "regions of the country.\n"
             "3\n"
             "  Article 12 of the Election Code requires sessions to be public.\n\n"
             " The CEC organized one-day refresher sessions for some 7,200 PEC\n"
             "4\n\n"
             "members on 14 and 15 October.\n\f%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->nfootnotes, 4);
    static const char *const texts[] = {
        "The statements were also published in Georgian and in Armenian.",
        "The CEC trained some 7,200 members of precinct commissions in all regions of the "
        "country.",
        "Article 12 of the Election Code requires sessions to be public.",
        "The CEC organized one-day refresher sessions for some 7,200 PEC members on 14 and 15 "
        "October."};
    for (uint32_t n = 1; n <= 4; n++) {
        const odihrx_footnote *f = odihrx_footnote_find(doc, n);
        assert_non_null(f);
        assert_int_equal(doc->blocks[f->block].kind, ODIHRX_BLOCK_FOOTNOTE);
        assert_string_equal(doc->blocks[f->block].text, texts[n - 1]);
    }
    odihrx_doc_free(doc);
}

/* A note whose number pdftotext printed after its text is lost alone: the
 * notes after it, whose markers were seen, are still found. */
static void a_misplaced_note_costs_only_itself(void **state)
{
    (void)state;
    char in[4096];
    snprintf(in, sizeof in,
             "I. ELECTION ADMINISTRATION\n\n%s%s"
             "The statements were published,1 the training was held,2 and the\n"
             "commissions met in public.3 That was all.\n"
             "The statements were also published in Georgian and in Armenian.\n"
             "1\n"
             "2\n"
             "  The CEC trained some 7,200 members of precinct commissions in all\n"
             "regions of the country.\n"
             "3\n"
             "  Article 12 of the Election Code requires sessions to be public.\n\f%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_null(odihrx_footnote_find(doc, 1));
    assert_non_null(odihrx_footnote_find(doc, 2));
    assert_non_null(odihrx_footnote_find(doc, 3));
    assert_string_equal(doc->blocks[odihrx_footnote_find(doc, 3)->block].text,
                        "Article 12 of the Election Code requires sessions to be public.");
    odihrx_doc_free(doc);
}

/* A title-case topic line right over a numbered recommendation, no blank
 * line between (a word processor's PDF through pdftotext): a subheading,
 * and the topic of the items below it. */
static void topic_line_over_a_numbered_item(void **state)
{
    (void)state;
    char in[4096];
    snprintf(in, sizeof in,
             "TABLE OF CONTENTS\n\nI. INTRODUCTION ........ 1\nXVIII. RECOMMENDATIONS ........ 2\n\f"
             "I. INTRODUCTION\n\n%s%sthe end of it.\n\f"
             "XVIII. RECOMMENDATIONS\n\n"
             "These recommendations should be read together with earlier ones made.\n"
             "Election Administration\n"
             "13. The procedure for selecting the chairpersons of commissions should\n"
             "be transparent and based on objective criteria in all of the regions.\n"
             "Voter Registration\n"
             "14. The authorities should consider introducing a mechanism enabling\n"
             "displaced persons to vote at their actual place of residence, with care.\n\f%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->blocks[block_with_text(doc, "Election Administration")].kind,
                     ODIHRX_BLOCK_HEADING);
    assert_int_equal(doc->blocks[block_with_text(doc, "Voter Registration")].kind,
                     ODIHRX_BLOCK_HEADING);
    assert_int_equal(doc->nrecs, 2);
    assert_string_equal(doc->recs[0].topic, "Election Administration");
    assert_string_equal(doc->recs[1].topic, "Voter Registration");
    odihrx_doc_free(doc);
}

/* pdftotext without -layout, a word processor's PDF without page numbers:
 * each note's number on a line of its own below its text; the page's
 * first note runs on from the body with no blank line, the others after
 * the note before; one number stands above its note instead. The last
 * number of a page is no page number (the pages' last numbers do not keep
 * step with the pages), and a table's cell ("47" over "27") is no note. */
static void note_numbers_below_their_texts(void **state)
{
    (void)state;
    char in[8192];
    snprintf(in, sizeof in,
             "I. ELECTION ADMINISTRATION\n\n%s%s"
             "The statements were published,1 and the commissions met in public.2\n"
             "Both statements are available on the OSCE website, with the previous\n"
             "reports on elections in the country.\n"
             "1\n\n"
             "Article 12 of the Election Code requires the sessions of commissions\n"
             "to be public.\n"
             "2\n\n\f"
             "%s%sThe training was held in all regions.3 Observers were admitted.4 The\n"
             "media were free.5\n"
             "3\n\n"
             "The CEC trained some 7,200 members of precinct commissions in all the\n"
             "regions of the country.\n\n"
             "Observers were admitted to all of the sessions of the commissions.\n"
             "4\n\n"
             "Six television channels and three daily newspapers were monitored.\n"
             "5\n\n\f"
             "%s%sThe turnout was high.6 The results were as follows:7\n\n"
             "Party\n\n43.49\n\n6\n\n27\n\n"
             "The turnout includes the votes cast abroad and in the mobile boxes.\n"
             "6\n\n"
             "Votes and percentages refer to the proportional component only.\n"
             "7\n\n",
             wide, wide, wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    static const char *const texts[] = {
        "Both statements are available on the OSCE website, with the previous reports on "
        "elections in the country.",
        "Article 12 of the Election Code requires the sessions of commissions to be public.",
        "The CEC trained some 7,200 members of precinct commissions in all the regions of the "
        "country.",
        "Observers were admitted to all of the sessions of the commissions.",
        "Six television channels and three daily newspapers were monitored.",
        "The turnout includes the votes cast abroad and in the mobile boxes.",
        "Votes and percentages refer to the proportional component only."};
    assert_int_equal(doc->nfootnotes, 7);
    for (uint32_t n = 1; n <= 7; n++) {
        const odihrx_footnote *f = odihrx_footnote_find(doc, n);
        assert_non_null(f);
        assert_string_equal(doc->blocks[f->block].text, texts[n - 1]);
    }
    /* the body keeps its own text, the table its cells */
    bool body = false;
    for (uint32_t k = 0; k < doc->nblocks; k++)
        body = body || (doc->blocks[k].kind == ODIHRX_BLOCK_PARA &&
                        strstr(doc->blocks[k].text, "The statements were published,") &&
                        strstr(doc->blocks[k].text, "met in public.") &&
                        !strstr(doc->blocks[k].text, "Both statements"));
    assert_true(body);
    block_with_text(doc, "43.49");
    block_with_text(doc, "6");
    block_with_text(doc, "27");
    odihrx_doc_free(doc);
}

/* Bare numbers at the pages' feet that keep step with the pages are page
 * numbers, whatever else the pages end with. */
static void page_numbers_keep_step_with_the_pages(void **state)
{
    (void)state;
    char in[8192];
    snprintf(in, sizeof in,
             "I. TITLE\n\n%s%s\n2\n\f%s%s\n3\n\f%s%s\n4\n\f%s%s\n5\n", wide, wide, wide,
             wide, wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    for (uint32_t k = 0; k < doc->nblocks; k++)
        assert_true(doc->blocks[k].len > 2); /* no "2" ... "5" left */
    odihrx_doc_free(doc);
}

/* A column of list numbers with no blank lines between some of them
 * ("5." / "" / "6." / "7."), under a lettered topic in title case: each
 * number its item, the topic a subsection. */
static void column_of_numbers_under_a_lettered_topic(void **state)
{
    (void)state;
    char in[8192];
    snprintf(in, sizeof in,
             "TABLE OF CONTENTS\n\nI. INTRODUCTION ........ 1\nII. RECOMMENDATIONS ........ 2\n\f"
             "I. INTRODUCTION\n\n%s%sthe end of it.\n\f"
             "II. RECOMMENDATIONS\n\n"
             "These recommendations should be read together with earlier ones made.\n"
             "B. Election Administration\n"
             "5.\n\n6.\n7.\n\n"
             "The method of appointing members of election commissions should be\n"
             "reviewed in order to ensure a balanced composition of all of them.\n"
             "The CEC should deliberate on all substantive matters in its public\n"
             "sessions and should publish all of its decisions in a timely manner.\n"
             "The training of PEC members should give greater attention to the\n"
             "counting procedures and to the completion of the results protocols.\n\f%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->blocks[block_with_text(doc, "B. Election Administration")].kind,
                     ODIHRX_BLOCK_HEADING);
    assert_int_equal(doc->nrecs, 3);
    for (uint32_t k = 0; k < 3; k++)
        assert_int_equal(doc->recs[k].n, 5 + k);
    assert_true(strncmp(doc->blocks[doc->recs[1].block].text, "The CEC should deliberate", 25) ==
                0);
    odihrx_doc_free(doc);
}

/* A title the contents list, in capitals right below other text with no
 * blank line (pdftotext -raw): a title still. */
static void listed_title_right_below_text(void **state)
{
    (void)state;
    char in[8192];
    snprintf(in, sizeof in,
             "TABLE OF CONTENTS\n\nI. INTRODUCTION ........ 1\nABOUT ODIHR ........ 2\n\f"
             "I. INTRODUCTION\n\n%s%sthe end of it.\nPoland\nUkraine\n"
             "ABOUT ODIHR\n%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->blocks[block_with_text(doc, "ABOUT ODIHR")].kind, ODIHRX_BLOCK_HEADING);
    odihrx_doc_free(doc);
}

/* The rest of a note from the page before, a block of its own between the
 * body's last line and the page's first note, goes on with that note;
 * "↩" (the link back to the marker) ends a note's sentence. */
static void rest_of_a_note_before_the_next(void **state)
{
    (void)state;
    char in[8192];
    snprintf(in, sizeof in,
             "I. LEGAL FRAMEWORK\n\n%s%s"
             "The Code was amended late.1\n\n"
             "1 The Code of Good Practice recommends that the fundamental elements of\n"
             "electoral law, in particular the electoral system\n\f"
             "%s%sThe CEC decree created legal uncertainty.2 This is at odds\n"
             "with\n\n"
             "proper, membership of electoral commissions and the drawing of\n"
             "constituency boundaries, should not be open to amendment less than\n"
             "one year before an election.\n\n"
             "2 CEC Decree No. 112/2015 of 9 October 2015.\u21a9\n\f"
             "%s%s",
             wide, wide, wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->nfootnotes, 2);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "the electoral system proper, membership of electoral "
                                     "commissions and the drawing of constituency boundaries, "
                                     "should not be open to amendment less than one year before "
                                     "an election.</footnote>"));
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* Topic lines in sentence case between numbered items, where the item
 * above stops short of its full stop ("... clear legal grounds"): right
 * below it (pdftotext) or after a blank line (MuPDF), each is the topic of
 * the items below it, not the end of the item above. */
static void topic_lines_between_items(void **state)
{
    (void)state;
    static const char *const seps[] = {"", "\n"};
    for (size_t k = 0; k < 2; k++) {
        const char *b = seps[k];
        char in[8192];
        snprintf(in, sizeof in,
                 "TABLE OF CONTENTS\n\nI. INTRODUCTION ........ 1\nII. RECOMMENDATIONS ........ 2\n\f"
                 "I. INTRODUCTION\n\n%s%sthe end of it.\n\f"
                 "II. RECOMMENDATIONS\n\n"
                 "These recommendations should be read together with earlier ones made.\n%s"
                 "16. The Election Law should be revised to guarantee that deregistration\n"
                 "is applied only on the basis of clear and proportionate legal grounds\n%s"
                 "Election campaign\n%s"
                 "17. To comply fully with international standards, the Law on Peaceful\n"
                 "Assemblies should be revised and implemented in a manner that helps.\n%s"
                 "Campaign finance\n%s"
                 "18. To promote grassroots party-building, consideration could be given\n"
                 "to establishing individual caps on private donations to all parties.\n\f%s%s",
                 wide, wide, b, b, b, b, b, wide, wide);
        odihrx_doc *doc = parse_text(in);
        assert_int_equal(doc->nrecs, 3);
        assert_null(strstr(doc->blocks[doc->recs[0].block].text, "campaign"));
        assert_null(doc->recs[0].topic);
        assert_string_equal(doc->recs[1].topic, "Election campaign");
        assert_string_equal(doc->recs[2].topic, "Campaign finance");
        odihrx_doc_free(doc);
    }
}

/* A note's text that opens with a number ("2011 UN General Assembly ..."),
 * its number alone on the line above (pdftotext -layout): the note. */
static void note_text_opening_with_a_number(void **state)
{
    (void)state;
    char in[8192];
    snprintf(in, sizeof in,
             "I. ELECTION ADMINISTRATION\n\n%s%s"
             "It is good practice to publish data for the scrutiny of elections.1\n\n"
             "1\n"
             "  2011 UN General Assembly resolution 66/163 reiterates that transparency\n"
             "is a fundamental basis for free and fair elections.\n\f%s%s",
             wide, wide, wide, wide);
    odihrx_doc *doc = parse_text(in);
    assert_int_equal(doc->nfootnotes, 1);
    assert_string_equal(doc->blocks[odihrx_footnote_find(doc, 1)->block].text,
                        "2011 UN General Assembly resolution 66/163 reiterates that transparency "
                        "is a fundamental basis for free and fair elections.");
    odihrx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(topic_lines_between_items),
        cmocka_unit_test(note_text_opening_with_a_number),
        cmocka_unit_test(note_numbers_below_their_texts),
        cmocka_unit_test(page_numbers_keep_step_with_the_pages),
        cmocka_unit_test(column_of_numbers_under_a_lettered_topic),
        cmocka_unit_test(listed_title_right_below_text),
        cmocka_unit_test(rest_of_a_note_before_the_next),
        cmocka_unit_test(note_numbers_on_lines_of_their_own),
        cmocka_unit_test(a_misplaced_note_costs_only_itself),
        cmocka_unit_test(topic_line_over_a_numbered_item),
        cmocka_unit_test(glued_marker_after_a_full_stop_ends_the_paragraph),
        cmocka_unit_test(marker_after_a_decimal_point),
        cmocka_unit_test(titles_that_the_contents_put_together),
        cmocka_unit_test(contents_entries_run_on_over_lines),
        cmocka_unit_test(list_numbers_printed_after_or_inside),
        cmocka_unit_test(statement_headings_in_plain_text),
        cmocka_unit_test(lettered_title_case_line_over_items),
        cmocka_unit_test(blank_lines_separate_paragraphs),
        cmocka_unit_test(hash_headings_of_several_levels),
        cmocka_unit_test(bold_line_is_heading),
        cmocka_unit_test(numbered_title_line_is_heading),
        cmocka_unit_test(page_separators_are_dropped),
        cmocka_unit_test(footnote_bodies),
        cmocka_unit_test(numbered_list_items),
        cmocka_unit_test(year_at_line_start_is_not_an_item),
        cmocka_unit_test(bulleted_list_items),
        cmocka_unit_test(tab_separated_rows),
        cmocka_unit_test(contents_after_contents_heading),
        cmocka_unit_test(dotted_leader_outside_contents),
        cmocka_unit_test(page_break_with_footnotes_joins_paragraph),
        cmocka_unit_test(footnotes_without_separator_join_paragraph),
        cmocka_unit_test(lowercase_continuation_after_blank_joins),
        cmocka_unit_test(list_item_cut_by_page_break),
        cmocka_unit_test(lowercase_after_complete_sentence_joins_with_warning),
        cmocka_unit_test(lowercase_after_heading_not_joined),
        cmocka_unit_test(uppercase_after_complete_sentence_never_joined),
        cmocka_unit_test(unpunctuated_end_then_footnotes_joins_capital),
        cmocka_unit_test(unpunctuated_end_then_blank_keeps_capital_apart),
        cmocka_unit_test(unpunctuated_end_then_separator_joins_capital),
        cmocka_unit_test(footnote_continued_after_next_page),
        cmocka_unit_test(glued_markers_in_layout_spacing),
        cmocka_unit_test(title_pieces_with_a_part_joined),
        cmocka_unit_test(list_numbers_printed_apart),
        cmocka_unit_test(marker_at_the_start_of_the_next_line),
        cmocka_unit_test(widened_word_gaps_are_no_table),
        cmocka_unit_test(double_spaced_titles_follow_the_contents),
        cmocka_unit_test(contents_lines_of_a_pdf),
        cmocka_unit_test(footnotes_right_below_the_body),
        cmocka_unit_test(title_broken_into_pieces_is_one_heading),
        cmocka_unit_test(unnumbered_title_in_paged_text),
        cmocka_unit_test(hyphen_dropped_when_the_word_occurs_elsewhere),
        cmocka_unit_test(hyphen_kept_when_the_compound_occurs_elsewhere),
        cmocka_unit_test(hyphen_kept_before_a_number_or_a_capital),
        cmocka_unit_test(hyphen_default_for_words_seen_once),
        cmocka_unit_test(hyphen_follows_the_typesetters_habit),
        cmocka_unit_test(footnote_goes_on_overleaf_in_plain_text),
        cmocka_unit_test(item_goes_on_after_a_full_line_that_ends_a_sentence),
        cmocka_unit_test(item_cut_at_a_sentence_end_by_a_full_page_goes_on),
        cmocka_unit_test(page_cut_short_ends_the_item_at_its_sentence),
        cmocka_unit_test(layout_columns_are_table_rows),
        cmocka_unit_test(layout_wrapped_cells_and_header_are_one_row),
        cmocka_unit_test(layout_short_rows_are_not_one_wrapped_row),
        cmocka_unit_test(justified_paragraph_is_not_a_table),
        cmocka_unit_test(layout_table_goes_on_overleaf),
        cmocka_unit_test(crlf_gives_same_blocks_as_lf),
        cmocka_unit_test(empty_input_has_no_blocks),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
