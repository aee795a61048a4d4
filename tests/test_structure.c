/*
 * test_structure.c: stages 2-5 on small hand-written reports: segment
 * (blocks, page-break joins), sections (tree from numbering, contents),
 * footnotes (linking, sections, gaps) and recommendations (list, priority,
 * topics, inline copies, follow-up). Every expectation is what a reader of
 * the input would say.
 */
#include "helpers.h"

static const char *block_text(const odihrx_doc *doc, int kind, uint32_t k)
{
    const odihrx_block *b = nth_block(doc, kind, k);
    assert_non_null(b);
    return b->text;
}

/* ----------------------------------------------------------- segment */

static void paragraphs_headings_rules(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("# Title\n\nFirst line\nwrapped here.\n\n---\n\n"
                                "#### Deep heading\n\nSecond.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_HEADING), 2);
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_PARA), 2);
    assert_string_equal(block_text(doc, ODIHRX_BLOCK_PARA, 0), "First line wrapped here.");
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_HEADING, 1)->level, 4);
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_PARA, 1)->line, 9);
    odihrx_doc_free(doc);
}

static void page_break_with_footnotes_is_one_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## I. A\n\nThe measures applied to campaign and election\n\n"
                                "---\n\n<sup>1</sup> A note.\n\n<sup>2</sup> Another.\n\n"
                                "day procedures.<sup>1</sup> More<sup>2</sup>.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_PARA), 1);
    const odihrx_block *p = nth_block(doc, ODIHRX_BLOCK_PARA, 0);
    assert_string_equal(p->text, "The measures applied to campaign and election day procedures. More.");
    assert_true(p->flags & ODIHRX_BF_JOINED);
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_FOOTNOTE), 2);
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_FOOTNOTE, 1)->number, 2);
    assert_int_equal(diag_count(doc, "mid-sentence"), 0);
    odihrx_doc_free(doc);
}

static void lowercase_after_full_stop_joins_with_warning(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## I. A\n\nA complete sentence.\n\nhas yet to address.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_PARA), 1);
    assert_int_equal(diag_count(doc, "mid-sentence"), 1);
    odihrx_doc_free(doc);
}

static void capital_after_full_stop_never_joins(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## I. A\n\nOne sentence.\n\n---\n\n<sup>1</sup> N.\n\nAnother one.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_PARA), 2);
    odihrx_doc_free(doc);
}

static void list_item_cut_by_page_is_whole(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("1. Publish data in a form that enables easy and prompt\n\n"
                                "access. Consideration should be given.\n\n2. Next one.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_LIST_ITEM), 2);
    assert_string_equal(block_text(doc, ODIHRX_BLOCK_LIST_ITEM, 0),
                        "Publish data in a form that enables easy and prompt access. "
                        "Consideration should be given.");
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, 1)->number, 2);
    odihrx_doc_free(doc);
}

static void bullets_do_not_swallow_the_next_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Key recommendations include:\n- Revising the law\n"
                                "• Holding consultations\nODIHR deployed a mission.\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_LIST_ITEM), 2);
    assert_true(nth_block(doc, ODIHRX_BLOCK_LIST_ITEM, 1)->flags & ODIHRX_BF_BULLET);
    assert_string_equal(block_text(doc, ODIHRX_BLOCK_LIST_ITEM, 1), "Holding consultations");
    assert_string_equal(block_text(doc, ODIHRX_BLOCK_PARA, 1), "ODIHR deployed a mission.");
    odihrx_doc_free(doc);
}

static void tables_and_contents(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## TABLE OF CONTENTS\n\n<b>I.</b>\t<b>SUMMARY .....</b>\t<b>1</b>\n"
                                "\t<b>A. PART .....</b>\t<b>2</b>\n\n## I. SUMMARY\n\n### A. PART\n\n"
                                "Party\tVotes\nA\t10\n\nB\t20\n");
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_TOC_ENTRY), 3); /* title + 2 entries */
    assert_int_equal(doc->ntoc, 2);
    assert_string_equal(doc->toc[1].num, "I.A");
    assert_int_equal(doc->toc[1].page, 2);
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_TABLE_ROW), 3);
    assert_string_equal(block_text(doc, ODIHRX_BLOCK_TABLE_ROW, 1), "A\t10");
    assert_true(nth_block(doc, ODIHRX_BLOCK_TABLE_ROW, 0)->flags & ODIHRX_BF_GROUP_START);
    assert_false(nth_block(doc, ODIHRX_BLOCK_TABLE_ROW, 1)->flags & ODIHRX_BF_GROUP_START);
    assert_true(nth_block(doc, ODIHRX_BLOCK_TABLE_ROW, 2)->flags & ODIHRX_BF_GROUP_START);
    assert_int_equal(diag_count(doc, "toc-missing") + diag_count(doc, "toc-mismatch") +
                         diag_count(doc, "toc-unlisted"),
                     0);
    odihrx_doc_free(doc);
}

static void inline_markup(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("The *Majilis* and **Senate** [met](#) \\*here\\* &amp; "
                                "MACEDONIA*, x.<sup>3, 4</sup>\n");
    const odihrx_block *b = nth_block(doc, ODIHRX_BLOCK_PARA, 0);
    assert_string_equal(b->text, "The Majilis and Senate met *here* & MACEDONIA*, x.");
    assert_int_equal(b->mark_count, 4);
    int em = 0, strong = 0, fn = 0;
    for (uint32_t k = 0; k < b->mark_count; k++) {
        const odihrx_mark *m = &doc->marks[b->mark_first + k];
        if (m->kind == ODIHRX_MARK_EM) {
            em++;
            assert_int_equal(m->start, 4);
            assert_int_equal(m->end, 11);
        } else if (m->kind == ODIHRX_MARK_STRONG) {
            strong++;
        } else if (m->kind == ODIHRX_MARK_FNREF) {
            fn++;
            assert_int_equal(m->start, b->len);
        }
    }
    assert_int_equal(em, 1);
    assert_int_equal(strong, 1);
    assert_int_equal(fn, 2);
    odihrx_doc_free(doc);
}

static void unclosed_emphasis_covers_the_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("*To promote grassroots party-building, caps should apply.\n");
    const odihrx_block *b = nth_block(doc, ODIHRX_BLOCK_PARA, 0);
    assert_string_equal(b->text, "To promote grassroots party-building, caps should apply.");
    assert_true(b->flags & ODIHRX_BF_ITALIC);
    assert_int_equal(diag_count(doc, "unclosed-emphasis"), 1);
    odihrx_doc_free(doc);
}

/* ---------------------------------------------------------- sections */

static const char tree[] = "# COUNTRY\n\n## TABLE OF CONTENTS\n\n"
                           "I.\tSUMMARY .....\t1\nII.\tMEDIA .....\t2\n"
                           "\tA. LAW .....\t2\n\tB. PRACTICE .....\t3\n\tC. MONITORING .....\t3\n"
                           "ANNEX I: RESULTS .....\t4\nABOUT ODIHR .....\t5\n\n"
                           "**I. SUMMARY**\n\nText.\n\n#### II. MEDIA\n\nIntro.\n\n"
                           "## **A. LAW**\n\nLaw text.\n\n### B. PRACTICE\n\n**Subtopic**\n\n"
                           "More.\n\n### C. MONITORING\n\nFindings.\n\n"
                           "## ANNEX I: RESULTS\n\nA\t1\n\n## ABOUT ODIHR\n\nODIHR is.\n";

static void section_tree_from_numbers(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str(tree);
    const char *nums[] = {"I", "II", "II.A", "II.B", "II.C", "Annex I", NULL};
    assert_int_equal(doc->nsections, 7);
    for (int i = 0; nums[i]; i++)
        assert_string_equal(doc->sections[i].num, nums[i]);
    assert_int_equal(doc->sections[2].parent, 1);
    assert_int_equal(doc->sections[4].depth, 1);      /* "C." is a letter, not Roman 100 */
    assert_int_equal(doc->sections[1].parent, ODIHRX_NONE); /* '####' does not nest */
    assert_string_equal(doc->sections[5].id, "annex-I");
    assert_string_equal(doc->sections[6].id, "sec-about-odihr");
    assert_null(doc->sections[6].num);
    /* the bold "Subtopic" is a subheading of II.B, not a section */
    const odihrx_block *sub = NULL;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == ODIHRX_BLOCK_HEADING && strcmp(doc->blocks[i].text, "Subtopic") == 0)
            sub = &doc->blocks[i];
    assert_non_null(sub);
    assert_false(sub->flags & ODIHRX_BF_SECTION);
    assert_string_equal(doc->sections[sub->section].num, "II.B");
    /* front matter */
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_HEADING, 0)->section, ODIHRX_NONE);
    assert_int_equal(doc->ntoc, 7);
    for (uint32_t t = 0; t < doc->ntoc; t++)
        assert_int_equal(doc->toc[t].section, t);
    assert_int_equal(diag_count(doc, "toc-missing") + diag_count(doc, "toc-mismatch") +
                         diag_count(doc, "toc-unlisted") + diag_count(doc, "section-order"),
                     0);
    odihrx_doc_free(doc);
}

static void contents_mismatch_and_order(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## CONTENTS\n\nI.\tONE .....\t1\nII.\tTWO .....\t2\n\n"
                                "## I. UNO\n\nx.\n\n## III. THREE\n\ny.\n");
    assert_int_equal(diag_count(doc, "toc-mismatch"), 1);  /* UNO vs ONE */
    assert_int_equal(diag_count(doc, "toc-missing"), 1);   /* II. TWO */
    assert_int_equal(diag_count(doc, "toc-unlisted"), 1);  /* III. THREE */
    assert_int_equal(diag_count(doc, "section-order"), 1); /* III after I */
    odihrx_doc_free(doc);
}

/* --------------------------------------------------------- footnotes */

static void footnotes_belong_to_the_referring_section(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## I. ONE\n\nA claim.<sup>1</sup> Then<sup>2</sup> and\n\n"
                                "## II. TWO\n\nB.<sup>4</sup>\n\n---\n\n<sup>1</sup> One.\n\n"
                                "<sup>2</sup> Two.\n\n<sup>4</sup> Four.\n\n<sup>5</sup> Five.\n\n"
                                "<sup>5</sup> Again.\n\nC.<sup>6</sup>\n");
    assert_int_equal(doc->nfootnotes, 4); /* 1, 2, 4, 5 */
    assert_int_equal(doc->footnotes[0].ref_section, 0);
    assert_int_equal(doc->footnotes[1].ref_section, 0); /* body printed under II */
    assert_int_equal(doc->footnotes[2].ref_section, 1);
    assert_int_equal(doc->footnotes[3].nrefs, 0);
    assert_int_equal(diag_count(doc, "footnote-gap"), 1);       /* 3 */
    assert_int_equal(diag_count(doc, "footnote-orphan"), 1);    /* 5 */
    assert_int_equal(diag_count(doc, "footnote-duplicate"), 1); /* 5 again */
    assert_int_equal(diag_count(doc, "footnote-missing"), 1);   /* marker 6 */
    assert_string_equal(nth_block(doc, ODIHRX_BLOCK_FOOTNOTE, 3)->text, "Five.");
    odihrx_doc_free(doc);
}

/* --------------------------------------------------- recommendations */

static const char recs[] =
    "## I. MEDIA\n\nFindings.\n\n*Media ownership should be disclosed.*\n\n"
    "## II. COMPLAINTS\n\nObservers should be accredited without delay\n\n"
    "## III. RECOMMENDATIONS\n\nIntro.<sup>1</sup>\n\n---\n\n<sup>1</sup> The recommendations 4, 5 "
    "and 8 from the 2016 Final Report, and 15 from the 2019 Final Report were mostly "
    "implemented. None of the recommendations from the 2019 Final Report were fully "
    "implemented.\n\n"
    "### A. PRIORITY RECOMMENDATIONS\n\n1. Media ownership should be disclosed.\n\n"
    "### B. OTHER RECOMMENDATIONS\n\n**Complaints**\n\n"
    "2. Observers should be accredited without delay.\n3. Courts should decide in time.\n\n"
    "- a bullet, not a recommendation\n";

static void recommendation_list(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str(recs);
    assert_int_equal(doc->nrecs, 3);
    assert_true(doc->recs[0].priority);
    assert_null(doc->recs[0].topic);
    assert_false(doc->recs[1].priority);
    assert_string_equal(doc->recs[1].topic, "Complaints");
    assert_string_equal(doc->blocks[doc->recs[2].block].text, "Courts should decide in time.");
    /* copies: italic in I, and without italics (and its full stop) in II */
    assert_int_equal(doc->blocks[doc->recs[0].inline_block].section, 0);
    assert_int_equal(doc->blocks[doc->recs[1].inline_block].section, 1);
    assert_int_equal(doc->recs[2].inline_block, ODIHRX_NONE);
    assert_int_equal(diag_count(doc, "recommendation-inline"), 1);
    odihrx_doc_free(doc);
}

static void followup_statements(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str(recs);
    assert_int_equal(doc->npriors, 3);
    assert_string_equal(doc->priors[0].report, "2016 Final Report");
    assert_string_equal(doc->priors[0].numbers, "4 5 8");
    assert_int_equal(doc->priors[0].status, ODIHRX_FOLLOWUP_MOSTLY);
    assert_string_equal(doc->priors[1].report, "2019 Final Report");
    assert_string_equal(doc->priors[1].numbers, "15");
    assert_string_equal(doc->priors[2].numbers, "");
    assert_int_equal(doc->priors[2].status, ODIHRX_FOLLOWUP_FULLY);
    odihrx_doc_free(doc);
}

static void repeated_numbers_keep_unique_ids(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## I. RECOMMENDATIONS\n\n1. One.\n2. Two.\n\n**Media**\n\n"
                                "1. Again one.\n");
    assert_int_equal(doc->nrecs, 3);
    assert_string_equal(doc->recs[0].id, "rec1");
    assert_string_equal(doc->recs[2].id, "rec1-2");
    assert_int_equal(diag_count(doc, "recommendation-order"), 1);
    odihrx_buf xml = xml_of(doc);
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void key_recommendations_of_a_news_item(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("A news item\n\nKey recommendations include:\n- First ask\n"
                                "- Second ask\nODIHR deployed a mission.\n");
    assert_int_equal(doc->nrecs, 2);
    assert_true(doc->recs[1].key);
    assert_int_equal(doc->recs[1].n, 2);
    assert_string_equal(doc->blocks[doc->recs[1].block].text, "Second ask");
    odihrx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paragraphs_headings_rules),
        cmocka_unit_test(page_break_with_footnotes_is_one_paragraph),
        cmocka_unit_test(lowercase_after_full_stop_joins_with_warning),
        cmocka_unit_test(capital_after_full_stop_never_joins),
        cmocka_unit_test(list_item_cut_by_page_is_whole),
        cmocka_unit_test(bullets_do_not_swallow_the_next_paragraph),
        cmocka_unit_test(tables_and_contents),
        cmocka_unit_test(inline_markup),
        cmocka_unit_test(unclosed_emphasis_covers_the_paragraph),
        cmocka_unit_test(section_tree_from_numbers),
        cmocka_unit_test(contents_mismatch_and_order),
        cmocka_unit_test(footnotes_belong_to_the_referring_section),
        cmocka_unit_test(recommendation_list),
        cmocka_unit_test(followup_statements),
        cmocka_unit_test(repeated_numbers_keep_unique_ids),
        cmocka_unit_test(key_recommendations_of_a_news_item),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
