/*
 * test_sections.c: stage 3, the section tree (lib/sections.c). Roman
 * chapters, lettered subsections, annexes and unnumbered back matter come
 * from the numbering of the headings, never from their '#' level; blocks
 * before the first chapter are front matter; the table of contents is
 * checked against the headings. Each expectation is what a reader of the
 * small report would say about its structure.
 */
#include "helpers.h"
#include <stdio.h>

/* Parse as markdown-like converter output, whatever the detection says. */

/* The block whose text is exactly this, or fail. */

/* Section s has this kind, number, id, title, parent and depth. */
#define assert_section(doc, s, kind_, num_, id_, title_, parent_, depth_)                          \
    do {                                                                                           \
        assert_true((s) < (doc)->nsections);                                                       \
        const odihrx_section *s_ = &(doc)->sections[s];                                            \
        assert_int_equal(s_->kind, (kind_));                                                       \
        if ((const char *)(num_) == NULL)                                                          \
            assert_null(s_->num);                                                                  \
        else                                                                                       \
            assert_string_equal(s_->num, (num_));                                                  \
        assert_string_equal(s_->id, (id_));                                                        \
        assert_string_equal(s_->title, (title_));                                                  \
        assert_int_equal(s_->parent, (parent_));                                                   \
        assert_int_equal(s_->depth, (depth_));                                                     \
    } while (0)

static size_t toc_diags(const odihrx_doc *doc)
{
    return diag_count(doc, "toc-missing") + diag_count(doc, "toc-mismatch") +
           diag_count(doc, "toc-unlisted");
}

/* The message of the only diagnostic with this code, and its line. */

/* ------------------------------------------------------------- the tree */

static const char report[] = "# REPUBLIC OF KAZAKHSTAN\n\n"                   /* 0 */
                             "PARLIAMENTARY ELECTIONS  \n10 January 2021\n\n" /* 2 */
                             "## I. EXECUTIVE SUMMARY\n\n"                    /* 5 */
                             "Summary text.\n\n"                              /* 7 */
                             "## II. BACKGROUND\n\n"                          /* 9 */
                             "Background text.\n\n"                           /* 11 */
                             "### A. FIRST\n\n"                               /* 13 */
                             "First text.\n\n"                                /* 15 */
                             "### B. SECOND\n\n"                              /* 17 */
                             "Second text.\n\n"                               /* 19 */
                             "### C. THIRD\n\n"                               /* 21 */
                             "Third text.\n\n"                                /* 23 */
                             "## III. LEGAL FRAMEWORK\n\n"                    /* 25 */
                             "Law text.\n";                                   /* 27 */

static void chapters_and_lettered_subsections(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    assert_int_equal(doc->nsections, 6);
    assert_section(doc, 0, ODIHRX_SECTION_CHAPTER, "I", "sec-I", "EXECUTIVE SUMMARY", ODIHRX_NONE,
                   0);
    assert_section(doc, 1, ODIHRX_SECTION_CHAPTER, "II", "sec-II", "BACKGROUND", ODIHRX_NONE, 0);
    assert_section(doc, 2, ODIHRX_SECTION_LETTERED, "II.A", "sec-II.A", "FIRST", 1, 1);
    assert_section(doc, 3, ODIHRX_SECTION_LETTERED, "II.B", "sec-II.B", "SECOND", 1, 1);
    /* "C." right after "B." is the third letter, not Roman 100 */
    assert_section(doc, 4, ODIHRX_SECTION_LETTERED, "II.C", "sec-II.C", "THIRD", 1, 1);
    assert_section(doc, 5, ODIHRX_SECTION_CHAPTER, "III", "sec-III", "LEGAL FRAMEWORK", ODIHRX_NONE,
                   0);
    /* each heading opens its section; the country line opens none */
    for (uint32_t s = 0; s < doc->nsections; s++) {
        const odihrx_block *h = &doc->blocks[doc->sections[s].heading];
        assert_int_equal(h->kind, ODIHRX_BLOCK_HEADING);
        assert_true(h->flags & ODIHRX_BF_SECTION);
        assert_int_equal(h->section, s);
    }
    assert_false(doc->blocks[block_with_text(doc, "REPUBLIC OF KAZAKHSTAN")].flags &
                 ODIHRX_BF_SECTION);
    /* every paragraph sits in its innermost section */
    assert_int_equal(doc->blocks[block_with_text(doc, "Summary text.")].section, 0);
    assert_int_equal(doc->blocks[block_with_text(doc, "Background text.")].section, 1);
    assert_int_equal(doc->blocks[block_with_text(doc, "First text.")].section, 2);
    assert_int_equal(doc->blocks[block_with_text(doc, "Second text.")].section, 3);
    assert_int_equal(doc->blocks[block_with_text(doc, "Third text.")].section, 4);
    assert_int_equal(doc->blocks[block_with_text(doc, "Law text.")].section, 5);
    /* a chapter holds its subsections: it ends where the next chapter starts */
    assert_int_equal(doc->sections[1].block_end, doc->sections[5].heading);
    assert_int_equal(doc->sections[2].block_end, doc->sections[3].heading);
    assert_int_equal(doc->sections[4].block_end, doc->sections[5].heading);
    assert_int_equal(doc->sections[5].block_end, doc->nblocks);
    assert_int_equal(diag_count(doc, "section-order"), 0);
    odihrx_doc_free(doc);
}

static void front_matter_belongs_to_no_section(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    uint32_t first = block_with_text(doc, "I. EXECUTIVE SUMMARY");
    assert_int_equal(first, 2); /* country line and election line before it */
    for (uint32_t i = 0; i < doc->nblocks; i++) {
        if (i < first)
            assert_int_equal(doc->blocks[i].section, ODIHRX_NONE);
        else
            assert_int_not_equal(doc->blocks[i].section, ODIHRX_NONE);
    }
    assert_string_equal(odihrx_block_section_id(doc, 0), "front");
    assert_string_equal(odihrx_block_section_id(doc, 1), "front");
    odihrx_doc_free(doc);
}

static void heading_levels_do_not_decide_nesting(void **state)
{
    (void)state;
    /* levels at random, as PDF converters write them: a '####' chapter, a
     * bold line chapter, a '#' subsection under it */
    odihrx_doc *doc = parse_md("## I. INTRODUCTION\n\nIntro.\n\n"
                               "#### II. BACKGROUND\n\nHistory.\n\n"
                               "**III. ELECTORAL SYSTEM**\n\nSystem.\n\n"
                               "# A. SEATS\n\nSeats.\n\n"
                               "###### B. THRESHOLD\n\nThreshold.\n\n"
                               "## IV. MEDIA\n\nMedia.\n");
    assert_int_equal(doc->nsections, 6);
    assert_section(doc, 0, ODIHRX_SECTION_CHAPTER, "I", "sec-I", "INTRODUCTION", ODIHRX_NONE, 0);
    assert_section(doc, 1, ODIHRX_SECTION_CHAPTER, "II", "sec-II", "BACKGROUND", ODIHRX_NONE, 0);
    assert_section(doc, 2, ODIHRX_SECTION_CHAPTER, "III", "sec-III", "ELECTORAL SYSTEM",
                   ODIHRX_NONE, 0);
    assert_section(doc, 3, ODIHRX_SECTION_LETTERED, "III.A", "sec-III.A", "SEATS", 2, 1);
    assert_section(doc, 4, ODIHRX_SECTION_LETTERED, "III.B", "sec-III.B", "THRESHOLD", 2, 1);
    assert_section(doc, 5, ODIHRX_SECTION_CHAPTER, "IV", "sec-IV", "MEDIA", ODIHRX_NONE, 0);
    /* the chapter after the '####' one is not inside it */
    assert_int_equal(doc->blocks[block_with_text(doc, "History.")].section, 1);
    assert_int_equal(doc->blocks[block_with_text(doc, "System.")].section, 2);
    assert_int_equal(doc->blocks[block_with_text(doc, "Seats.")].section, 3);
    assert_int_equal(doc->blocks[block_with_text(doc, "Media.")].section, 5);
    assert_int_equal(diag_count(doc, "section-order"), 0);
    odihrx_doc_free(doc);
}

static void letter_i_after_h_is_a_subsection(void **state)
{
    (void)state;
    /* "I." after "H." inside chapter II is the ninth letter, not chapter I */
    odihrx_doc *doc =
        parse_md("## I. ONE\n\nText X.\n\n## II. TWO\n\n### A. A\n\n### B. B\n\n### C. C\n\n"
                 "### D. D\n\n### E. E\n\n### F. F\n\n### G. G\n\n### H. H\n\n"
                 "### I. NINTH\n\nNinth text.\n\n## III. THREE\n\nText Y.\n");
    assert_int_equal(doc->nsections, 12);
    assert_section(doc, 10, ODIHRX_SECTION_LETTERED, "II.I", "sec-II.I", "NINTH", 1, 1);
    assert_section(doc, 11, ODIHRX_SECTION_CHAPTER, "III", "sec-III", "THREE", ODIHRX_NONE, 0);
    assert_int_equal(doc->blocks[block_with_text(doc, "Ninth text.")].section, 10);
    assert_int_equal(diag_count(doc, "section-order"), 0);
    odihrx_doc_free(doc);
}

static void annexes_and_back_matter(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. SUMMARY\n\nText.\n\n"
                               "## ANNEX I: FINAL RESULTS\n\nParty\tVotes\nA\t10\n\n"
                               "## ANNEX II: LIST OF OBSERVERS\n\nObservers came.\n\n"
                               "## ABOUT ODIHR\n\nODIHR is an institution.\n\n"
                               "### Its mandate\n\nThe mandate.\n");
    assert_int_equal(doc->nsections, 4);
    assert_section(doc, 0, ODIHRX_SECTION_CHAPTER, "I", "sec-I", "SUMMARY", ODIHRX_NONE, 0);
    assert_section(doc, 1, ODIHRX_SECTION_ANNEX, "Annex I", "annex-I", "FINAL RESULTS", ODIHRX_NONE,
                   0);
    assert_section(doc, 2, ODIHRX_SECTION_ANNEX, "Annex II", "annex-II", "LIST OF OBSERVERS",
                   ODIHRX_NONE, 0);
    assert_section(doc, 3, ODIHRX_SECTION_UNNUMBERED, NULL, "sec-about-odihr", "ABOUT ODIHR",
                   ODIHRX_NONE, 0);
    assert_int_equal(nth_block(doc, ODIHRX_BLOCK_TABLE_ROW, 1)->section, 1);
    assert_int_equal(doc->blocks[block_with_text(doc, "Observers came.")].section, 2);
    assert_int_equal(doc->blocks[block_with_text(doc, "ODIHR is an institution.")].section, 3);
    /* a mixed-case heading in the back matter is a subheading of it */
    uint32_t sub = block_with_text(doc, "Its mandate");
    assert_false(doc->blocks[sub].flags & ODIHRX_BF_SECTION);
    assert_int_equal(doc->blocks[sub].section, 3);
    assert_int_equal(doc->blocks[block_with_text(doc, "The mandate.")].section, 3);
    assert_int_equal(diag_count(doc, "section-order"), 0);
    odihrx_doc_free(doc);
}

static void unnumbered_headings_inside_a_chapter_are_subheadings(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## II. MEDIA\n\nIntro.\n\n### Media monitoring\n\nMonitored.\n\n"
                               "**Findings**\n\nFound.\n\n### MEDIA LANDSCAPE\n\nLandscape.\n\n"
                               "### A. LEGAL FRAMEWORK\n\n#### Broadcasting\n\nLaw.\n");
    /* II, II.A; everything else subheadings */
    assert_int_equal(doc->nsections, 2);
    assert_section(doc, 0, ODIHRX_SECTION_CHAPTER, "II", "sec-II", "MEDIA", ODIHRX_NONE, 0);
    assert_section(doc, 1, ODIHRX_SECTION_LETTERED, "II.A", "sec-II.A", "LEGAL FRAMEWORK", 0, 1);
    const char *subs[] = {"Media monitoring", "Findings", "MEDIA LANDSCAPE"};
    for (size_t k = 0; k < 3; k++) {
        uint32_t b = block_with_text(doc, subs[k]);
        assert_int_equal(doc->blocks[b].kind, ODIHRX_BLOCK_HEADING);
        assert_false(doc->blocks[b].flags & ODIHRX_BF_SECTION);
        assert_int_equal(doc->blocks[b].section, 0);
    }
    assert_int_equal(doc->blocks[block_with_text(doc, "Landscape.")].section, 0);
    uint32_t b = block_with_text(doc, "Broadcasting");
    assert_false(doc->blocks[b].flags & ODIHRX_BF_SECTION);
    assert_int_equal(doc->blocks[b].section, 1);
    assert_int_equal(doc->blocks[block_with_text(doc, "Law.")].section, 1);
    odihrx_doc_free(doc);
}

static void lettered_heading_before_any_chapter_is_front_matter(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# A. NOTE ON SOURCES\n\nSources.\n\n## I. SUMMARY\n\nText.\n");
    assert_int_equal(doc->nsections, 1);
    assert_string_equal(doc->sections[0].id, "sec-I");
    assert_int_equal(doc->blocks[block_with_text(doc, "Sources.")].section, ODIHRX_NONE);
    odihrx_doc_free(doc);
}

/* ------------------------------------------------------------ numbering */

static void chapter_out_of_sequence(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_md("## I. ONE\n\nText X.\n\n## III. THREE\n\nText Y.\n\n## IV. FOUR\n\nText Z.\n");
    assert_int_equal(doc->nsections, 3);
    assert_string_equal(doc->sections[1].num, "III");
    /* one warning, at the heading that skips II; IV follows III again */
    const odihrx_diag *d = only_diag(doc, "section-order");
    assert_int_equal(d->severity, ODIHRX_WARNING);
    assert_int_equal(d->line, 5);
    odihrx_doc_free(doc);
}

static void subsection_out_of_sequence(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_md("## I. ONE\n\n### A. FIRST\n\nText X.\n\n### D. FOURTH\n\nText Y.\n\n"
                 "## II. TWO\n\nText Z.\n");
    assert_int_equal(doc->nsections, 4);
    assert_section(doc, 2, ODIHRX_SECTION_LETTERED, "I.D", "sec-I.D", "FOURTH", 0, 1);
    const odihrx_diag *d = only_diag(doc, "section-order");
    assert_int_equal(d->line, 7);
    odihrx_doc_free(doc);
}

static void letter_c_after_a_gap_is_still_a_subsection(void **state)
{
    (void)state;
    /* B is missing; "C." after "A." inside chapter I is the third letter:
     * Roman 100 right after chapter I would be absurd */
    odihrx_doc *doc = parse_md("## I. ONE\n\n### A. FIRST\n\nText X.\n\n### C. THIRD\n\nText Y.\n\n"
                               "## II. TWO\n\nText Z.\n");
    assert_int_equal(doc->nsections, 4);
    assert_section(doc, 2, ODIHRX_SECTION_LETTERED, "I.C", "sec-I.C", "THIRD", 0, 1);
    assert_section(doc, 3, ODIHRX_SECTION_CHAPTER, "II", "sec-II", "TWO", ODIHRX_NONE, 0);
    /* the missing B is the only numbering problem */
    assert_int_equal(only_diag(doc, "section-order")->line, 7);
    odihrx_doc_free(doc);
}

/* A heading repeated many times gets -2, -3, ... in order. */
static void repeated_ids_count_up(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nText.\n\n## II. TWO\n\nText.\n\n"
                               "## II. TWO\n\nText.\n\n## II. TWO\n\nText.\n");
    assert_int_equal(doc->nsections, 4);
    assert_string_equal(doc->sections[1].id, "sec-II");
    assert_string_equal(doc->sections[2].id, "sec-II-2");
    assert_string_equal(doc->sections[3].id, "sec-II-3");
    odihrx_doc_free(doc);
}

static void duplicate_numbers_get_unique_ids(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_md("## I. ONE\n\nText X.\n\n## II. TWO\n\n### A. SUB\n\nText Y.\n\n"
                 "## II. TWO AGAIN\n\n### A. SUB AGAIN\n\nText Z.\n\n"
                 "## ANNEX I: RESULTS\n\nText R.\n\n## ANNEX I: RESULTS AGAIN\n\nText S.\n\n"
                 "## ABOUT ODIHR\n\nText A.\n\n## ABOUT ODIHR\n\nText B.\n");
    assert_int_equal(doc->nsections, 9);
    assert_string_equal(doc->sections[1].num, "II");
    assert_string_equal(doc->sections[3].num, "II");
    assert_string_equal(doc->sections[2].num, "II.A");
    assert_string_equal(doc->sections[4].num, "II.A");
    assert_int_equal(doc->sections[4].parent, 3);
    /* the first of each keeps the plain id */
    assert_string_equal(doc->sections[1].id, "sec-II");
    assert_string_equal(doc->sections[2].id, "sec-II.A");
    assert_string_equal(doc->sections[5].id, "annex-I");
    assert_string_equal(doc->sections[7].id, "sec-about-odihr");
    for (uint32_t a = 0; a < doc->nsections; a++)
        for (uint32_t b = a + 1; b < doc->nsections; b++)
            assert_string_not_equal(doc->sections[a].id, doc->sections[b].id);
    /* the repeated chapter number is out of sequence */
    assert_int_equal(diag_count(doc, "section-order"), 1);
    assert_string_equal(doc->sections[3].id, "sec-II-2");
    assert_string_equal(doc->sections[8].id, "sec-about-odihr-2");
    odihrx_buf xml = xml_of(doc);
    char msg[512];
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* --------------------------------------------------- table of contents */

static const char contents_ok[] = "# REPUBLIC OF KAZAKHSTAN\n\n"
                                  "## TABLE OF CONTENTS\n\n"
                                  "I. EXECUTIVE SUMMARY ........................ 1\n"
                                  "II. BACKGROUND ........................ 3\n"
                                  "A. POLITICAL CONTEXT ........................ 3\n"
                                  "B. PREVIOUS ELECTIONS ........................ 4\n"
                                  "III. ELECTORAL SYSTEM ........................ 5\n"
                                  "ANNEX I: FINAL RESULTS ........................ 30\n"
                                  "ABOUT ODIHR ........................ 32\n\n"
                                  "## I. EXECUTIVE SUMMARY\n\nSummary.\n\n"
                                  "## II. BACKGROUND\n\nBackground.\n\n"
                                  "### A. POLITICAL CONTEXT\n\nContext.\n\n"
                                  "### B. Previous Elections\n\nEarlier.\n\n"
                                  "## III. ELECTORAL SYSTEM\n\nSystem.\n\n"
                                  "## ANNEX I: FINAL RESULTS\n\nResults.\n\n"
                                  "## ABOUT ODIHR\n\nODIHR is.\n";

static void contents_that_match_the_headings(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(contents_ok);
    assert_int_equal(doc->nsections, 7);
    assert_int_equal(doc->ntoc, 7);
    const char *nums[] = {"I", "II", "II.A", "II.B", "III", "Annex I", NULL};
    const char *titles[] = {"EXECUTIVE SUMMARY",  "BACKGROUND",       "POLITICAL CONTEXT",
                            "PREVIOUS ELECTIONS", "ELECTORAL SYSTEM", "FINAL RESULTS",
                            "ABOUT ODIHR"};
    const uint32_t pages[] = {1, 3, 3, 4, 5, 30, 32};
    for (uint32_t t = 0; t < 7; t++) {
        const odihrx_toc_entry *e = &doc->toc[t];
        if (nums[t]) {
            assert_non_null(e->num);
            assert_string_equal(e->num, nums[t]);
        } else {
            assert_null(e->num);
        }
        assert_string_equal(e->title, titles[t]);
        assert_int_equal(e->page, pages[t]);
        assert_int_equal(e->section, t);
        /* the contents is front matter */
        assert_int_equal(doc->blocks[e->block].section, ODIHRX_NONE);
    }
    /* the case of a heading is not a difference of words */
    assert_int_equal(toc_diags(doc), 0);
    assert_int_equal(diag_count(doc, "section-order"), 0);
    odihrx_doc_free(doc);
}

/* The only annex of a report often has no number ("ANNEX: LIST OF
 * MEETINGS"); it is an annex all the same, in markdown and plain text. */
static void unnumbered_annex(void **state)
{
    (void)state;
    const char *inputs[] = {"## I. SUMMARY\n\nText.\n\n## ANNEX: LIST OF MEETINGS\n\n"
                            "Central Election Commission of the country met us.\n",
                            "I. SUMMARY\n\nText that is long enough to be a line of body text.\n\n"
                            "ANNEX: LIST OF MEETINGS\n\n"
                            "Central Election Commission of the country met us.\n"};
    for (int k = 0; k < 2; k++) {
        odihrx_doc *doc = k == 0 ? parse_md(inputs[k]) : parse_text(inputs[k]);
        assert_int_equal(doc->nsections, 2);
        assert_section(doc, 1, ODIHRX_SECTION_ANNEX, "Annex", "annex", "LIST OF MEETINGS",
                       ODIHRX_NONE, 0);
        assert_int_equal(doc->blocks[block_with_text(doc, "Central Election Commission of the "
                                                          "country met us.")]
                             .section,
                         1);
        valid_xml(doc);
        odihrx_doc_free(doc);
    }
    /* a sentence that starts with the word is text, and "Annex 2" keeps its number */
    odihrx_doc *doc = parse_md("## I. SUMMARY\n\nAnnex: the list of meetings is attached.\n\n"
                               "## ANNEX\n\nA.\n\n## Annex 2 - Results\n\nB.\n");
    assert_int_equal(doc->nsections, 3);
    assert_int_equal(doc->blocks[block_with_text(doc, "Annex: the list of meetings is attached.")]
                         .kind,
                     ODIHRX_BLOCK_PARA);
    assert_section(doc, 1, ODIHRX_SECTION_ANNEX, "Annex", "annex", "", ODIHRX_NONE, 0);
    assert_section(doc, 2, ODIHRX_SECTION_ANNEX, "Annex 2", "annex-2", "Results", ODIHRX_NONE, 0);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

/* Text flattened by a converter runs a page's contents entries into one
 * line; each is an entry of its own, matched to its section. */
static void contents_run_together(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_text(
        "TABLE OF CONTENTS\n\n"
        "I. INTRODUCTION ...... 1 II. FINDINGS...... 2\n"
        "A. LEGAL FRAMEWORK ...... 2 B. ARTICLE 7.6 OF THE CODE…… 3 ANNEX: MEETINGS ...... 12\n\n"
        "I. INTRODUCTION\n\nIt begins with an introduction of the mission and its members.\n\n"
        "II. FINDINGS\n\nFindings of the mission on the framework and the code follow.\n\n"
        "ANNEX: MEETINGS\n\nCentral Election Commission of the country met us.\n");
    assert_int_equal(doc->ntoc, 5);
    const char *nums[] = {"I", "II", "II.A", "II.B", "Annex"};
    const char *titles[] = {"INTRODUCTION", "FINDINGS", "LEGAL FRAMEWORK",
                            "ARTICLE 7.6 OF THE CODE", "MEETINGS"};
    const uint32_t pages[] = {1, 2, 2, 3, 12};
    const uint32_t sections[] = {0, 1, ODIHRX_NONE, ODIHRX_NONE, 2};
    for (uint32_t t = 0; t < 5; t++) {
        assert_string_equal(doc->toc[t].num, nums[t]);
        assert_string_equal(doc->toc[t].title, titles[t]);
        assert_int_equal(doc->toc[t].page, pages[t]);
        assert_int_equal(doc->toc[t].section, sections[t]);
        assert_int_equal(doc->blocks[doc->toc[t].block].line, t < 2 ? 2 : 3);
    }
    assert_true(doc->blocks[0].flags & ODIHRX_BF_TITLE);
    assert_int_equal(diag_count(doc, "toc-missing"), 2);
    assert_int_equal(diag_count(doc, "toc-mismatch") + diag_count(doc, "toc-unlisted"), 0);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

/* Converters that print a contents table as paragraphs: HTML with one
 * <p> per entry or all in one, markdown whose wrapped lines join the
 * entries into one paragraph with page numbers at line starts. The
 * paragraphs after them are numbered as if the table were not there. */
static void contents_as_paragraphs(void **state)
{
    (void)state;
    const char *html_each = "<html><body><h2>TABLE OF CONTENTS</h2>"
                            "<p>I. SUMMARY ..... 1</p><p>II. MEDIA ..... <b>2</b></p>"
                            "<h2>I. SUMMARY</h2><p>Text.</p><h2>II. MEDIA</h2><p>More.</p>"
                            "</body></html>";
    const char *html_one = "<html><body><h2>Contents</h2>"
                           "<p><b>I.</b> <b>SUMMARY …..</b> <b>1</b> <b>II.</b> "
                           "<b>MEDIA …..</b> <b>2</b></p>"
                           "<h2>I. SUMMARY</h2><p>Text.</p><h2>II. MEDIA</h2><p>More.</p>"
                           "</body></html>";
    const char *md_wrapped = "## TABLE OF CONTENTS\n\nI. SUMMARY ..... 1 II. MEDIA\n..... 2\n\n"
                             "## I. SUMMARY\n\nText.\n\n## II. MEDIA\n\nMore.\n";
    for (int k = 0; k < 3; k++) {
        odihrx_doc *doc = k == 2 ? parse_md(md_wrapped)
                                 : parse_as(k == 0 ? html_each : html_one, ODIHRX_FORMAT_HTML,
                                            "test.html");
        assert_int_equal(doc->ntoc, 2);
        assert_string_equal(doc->toc[0].num, "I");
        assert_string_equal(doc->toc[0].title, "SUMMARY");
        assert_int_equal(doc->toc[0].page, 1);
        assert_int_equal(doc->toc[0].section, 0);
        assert_string_equal(doc->toc[1].num, "II");
        assert_string_equal(doc->toc[1].title, "MEDIA");
        assert_int_equal(doc->toc[1].page, 2);
        assert_int_equal(doc->toc[1].section, 1);
        assert_true(doc->blocks[0].flags & ODIHRX_BF_TITLE);
        assert_int_equal(doc->blocks[0].kind, ODIHRX_BLOCK_TOC_ENTRY);
        assert_int_equal(toc_diags(doc), 0);
        assert_int_equal(nth_block(doc, ODIHRX_BLOCK_PARA, 0)->ordinal, 1);
        assert_string_equal(nth_block(doc, ODIHRX_BLOCK_PARA, 0)->text, "Text.");
        odihrx_buf xml = xml_of(doc);
        assert_non_null(strstr(xml.data, "<p id=\"p1\" line=\""));
        assert_non_null(strstr(xml.data, "\">Text.</p>"));
        odihrx_buf_free(&xml);
        valid_xml(doc);
        odihrx_doc_free(doc);
    }
    /* a paragraph without a leader after the title is text, and ends the table */
    odihrx_doc *doc = parse_as("<html><body><h2>Contents</h2><p>The report has two parts.</p>"
                               "<p>I. SUMMARY ..... 1</p></body></html>",
                               ODIHRX_FORMAT_HTML, "test.html");
    assert_int_equal(doc->ntoc, 0);
    assert_int_equal(count_blocks(doc, ODIHRX_BLOCK_PARA), 2);
    odihrx_doc_free(doc);
}

/* pandoc's HTML of a report whose chapters were typed "VI. VOTER
 * REGISTRATION": the numbers became <ol type="I"> (chapters and contents
 * entries alike, <ol type="A"> for the lettered ones), and a contents
 * entry wrapped onto a second line became a list item and a paragraph.
 * The items read with their numbers again: entries of the contents, and
 * chapters; the two pieces of the wrapped entry are one entry. */
static void roman_lists_of_an_html_export(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_as(
        "<html><body><h2>TABLE OF CONTENTS</h2>"
        "<ol type=\"I\"><li><p>SUMMARY ..... 1</p></li><li><p>MEDIA ..... 2</p></li></ol>"
        "<ol type=\"A\"><li><p>MEDIA ENVIRONMENT ..... 2</p></li></ol>"
        "<ol start=\"3\" type=\"I\"><li>ANNOUNCEMENT OF RESULTS AND POST-ELECTION</li></ol>"
        "<p>DEVELOPMENTS ..... 3</p>"
        "<ol start=\"4\" type=\"I\"><li>RECOMMENDATIONS ..... 4</li></ol>"
        "<h2>I. SUMMARY</h2><p>Text.</p>"
        "<ol start=\"2\" type=\"I\"><li>MEDIA</li></ol><p>More.</p>"
        "<p><strong>A. MEDIA ENVIRONMENT</strong></p><p>Outlets.</p>"
        "<ol start=\"3\" type=\"I\"><li>ANNOUNCEMENT OF RESULTS AND POST-ELECTION "
        "DEVELOPMENTS</li></ol><p>Results.</p>"
        "<p>IV. RECOMMENDATIONS</p><ol><li>Voter lists should be published.</li></ol>"
        "</body></html>",
        ODIHRX_FORMAT_HTML, "test.html");
    static const char *const nums[] = {"I", "II", "II.A", "III", "IV"};
    static const char *const titles[] = {"SUMMARY", "MEDIA", "MEDIA ENVIRONMENT",
                                         "ANNOUNCEMENT OF RESULTS AND POST-ELECTION DEVELOPMENTS",
                                         "RECOMMENDATIONS"};
    static const uint32_t pages[] = {1, 2, 2, 3, 4};
    assert_int_equal(doc->ntoc, 5);
    assert_int_equal(doc->nsections, 5);
    for (uint32_t k = 0; k < 5; k++) {
        assert_string_equal(doc->toc[k].num, nums[k]);
        assert_string_equal(doc->toc[k].title, titles[k]);
        assert_int_equal(doc->toc[k].page, pages[k]);
        assert_int_equal(doc->toc[k].section, k);
        assert_string_equal(doc->sections[k].num, nums[k]);
        assert_string_equal(doc->sections[k].title, titles[k]);
    }
    assert_int_equal(toc_diags(doc), 0);
    /* a decimal list stays a list: the recommendation */
    assert_int_equal(doc->nrecs, 1);
    assert_int_equal(doc->blocks[doc->recs[0].block].kind, ODIHRX_BLOCK_LIST_ITEM);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

/* A lettered entry before any chapter's ("A. LAW" first) has nothing to
 * number it under: it is listed without a number. It once made the whole
 * conversion fail with "out of memory". */
static void lettered_entry_before_any_chapter(void **state)
{
    (void)state;
    odihrx_doc *doc = NULL;
    const char in[] = "## CONTENTS\n\nA. LAW ..... 2\nI. SUMMARY ..... 3\n\n## I. SUMMARY\n\nText.\n";
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .source_name = "test.md"};
    assert_int_equal(odihrx_doc_parse(in, sizeof in - 1, test_grammar, &opt, &doc), ODIHRX_OK);
    assert_int_equal(doc->ntoc, 2);
    assert_null(doc->toc[0].num);
    assert_string_equal(doc->toc[0].title, "LAW");
    assert_string_equal(doc->toc[1].num, "I");
    assert_int_equal(doc->toc[1].section, 0);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void contents_in_cells(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## CONTENTS\n\n"
                               "I.\tSUMMARY .....\t1\n"
                               "II.\tMEDIA .....\t2\n"
                               "\tA. LAW .....\t2\n\n"
                               "## I. SUMMARY\n\nS.\n\n## II. MEDIA\n\nM.\n\n### A. LAW\n\nL.\n");
    assert_int_equal(doc->ntoc, 3);
    assert_string_equal(doc->toc[0].num, "I");
    assert_string_equal(doc->toc[0].title, "SUMMARY");
    assert_string_equal(doc->toc[2].num, "II.A");
    assert_string_equal(doc->toc[2].title, "LAW");
    for (uint32_t t = 0; t < 3; t++)
        assert_int_equal(doc->toc[t].section, t);
    assert_int_equal(doc->toc[1].page, 2);
    assert_int_equal(toc_diags(doc), 0);
    odihrx_doc_free(doc);
}

/* A contents entry longer than the label buffer (511 bytes) is cut at a
 * character, never inside one: a cut U+FFFD once gave invalid UTF-8 in
 * the XML (found by fuzzing). */
static void long_contents_entry_cut_at_a_character(void **state)
{
    (void)state;
    for (int width = 2; width <= 3; width++) {
        const char *ch = width == 2 ? "\xC3\xA9" : "\xEF\xBF\xBD";
        char input[4096];
        size_t o = (size_t)snprintf(input, sizeof input, "## CONTENTS\n\nI.\tX");
        for (int k = 0; k < 400; k++)
            o += (size_t)snprintf(input + o, sizeof input - o, "%s", ch);
        snprintf(input + o, sizeof input - o, "\t1\n\n## I. SUMMARY\n\nS.\n");
        odihrx_doc *doc = parse_md(input);
        assert_int_equal(doc->ntoc, 1);
        /* "I. X" and whole characters up to 511 bytes */
        size_t len = strlen(doc->toc[0].title);
        assert_int_equal(len, 1 + (511 - 4) / (size_t)width * (size_t)width);
        assert_memory_equal(doc->toc[0].title + len - (size_t)width, ch, (size_t)width);
        valid_xml(doc);
        odihrx_doc_free(doc);
    }
}

static void contents_entry_without_heading(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## CONTENTS\n\n"
                               "I. SUMMARY ........ 1\n"
                               "II. MEDIA ........ 2\n"
                               "III. COMPLAINTS ........ 3\n\n"
                               "## I. SUMMARY\n\nS.\n\n## II. MEDIA\n\nM.\n");
    assert_int_equal(doc->ntoc, 3);
    assert_int_equal(doc->toc[0].section, 0);
    assert_int_equal(doc->toc[1].section, 1);
    assert_int_equal(doc->toc[2].section, ODIHRX_NONE);
    const odihrx_diag *d = only_diag(doc, "toc-missing");
    assert_int_equal(d->line, 5); /* the entry's line */
    assert_non_null(strstr(d->message, "COMPLAINTS"));
    assert_int_equal(diag_count(doc, "toc-mismatch") + diag_count(doc, "toc-unlisted"), 0);
    odihrx_doc_free(doc);
}

static void heading_worded_unlike_its_entry(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## CONTENTS\n\n"
                               "I. SUMMARY ........ 1\n"
                               "II. BACKGROUND ........ 2\n\n"
                               "## I. SUMMARY\n\nS.\n\n## II. POLITICAL BACKGROUND\n\nB.\n");
    assert_int_equal(doc->ntoc, 2);
    /* matched by its number, reported for its words */
    assert_int_equal(doc->toc[1].section, 1);
    const odihrx_diag *d = only_diag(doc, "toc-mismatch");
    assert_int_equal(d->line, 10); /* the heading's line */
    assert_non_null(strstr(d->message, "POLITICAL BACKGROUND"));
    assert_int_equal(diag_count(doc, "toc-missing") + diag_count(doc, "toc-unlisted"), 0);
    odihrx_doc_free(doc);
}

static void chapter_absent_from_contents(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## CONTENTS\n\n"
                               "I. SUMMARY ........ 1\n"
                               "III. MEDIA ........ 2\n\n"
                               "## I. SUMMARY\n\nS.\n\n## II. BACKGROUND\n\nB.\n\n"
                               "## III. MEDIA\n\nM.\n");
    assert_int_equal(doc->ntoc, 2);
    assert_int_equal(doc->toc[0].section, 0);
    assert_int_equal(doc->toc[1].section, 2);
    const odihrx_diag *d = only_diag(doc, "toc-unlisted");
    assert_int_equal(d->line, 10); /* the heading of II */
    assert_int_equal(diag_count(doc, "toc-missing") + diag_count(doc, "toc-mismatch"), 0);
    assert_int_equal(diag_count(doc, "section-order"), 0);
    odihrx_doc_free(doc);
}

static void contents_of_chapters_only_over_many_subsections(void **state)
{
    (void)state;
    /* the contents lists the chapters only; chapter II has nine lettered
     * subsections before chapter III: III is still found */
    odihrx_doc *doc = parse_md("## CONTENTS\n\n"
                               "I. SUMMARY ........ 1\n"
                               "II. BACKGROUND ........ 2\n"
                               "III. MEDIA ........ 9\n\n"
                               "## I. SUMMARY\n\nS.\n\n## II. BACKGROUND\n\nB.\n\n"
                               "### A. A\n\n### B. B\n\n### C. C\n\n### D. D\n\n### E. E\n\n"
                               "### F. F\n\n### G. G\n\n### H. H\n\n### I. I\n\n"
                               "## III. MEDIA\n\nM.\n");
    assert_int_equal(doc->nsections, 12);
    assert_string_equal(doc->sections[11].num, "III");
    assert_int_equal(doc->ntoc, 3);
    assert_int_equal(doc->toc[0].section, 0);
    assert_int_equal(doc->toc[1].section, 1);
    assert_int_equal(doc->toc[2].section, 11);
    assert_int_equal(diag_count(doc, "toc-missing"), 0);
    assert_int_equal(diag_count(doc, "toc-mismatch"), 0);
    odihrx_doc_free(doc);
}

static void no_contents_no_contents_diagnostics(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(report);
    assert_int_equal(doc->ntoc, 0);
    assert_int_equal(toc_diags(doc), 0);
    odihrx_doc_free(doc);
}

static void section_ids_in_the_xml(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(contents_ok);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<section id=\"sec-II.A\" num=\"II.A\" kind=\"subsection\""));
    assert_non_null(strstr(xml.data, "<section id=\"annex-I\" num=\"Annex I\" kind=\"annex\""));
    assert_non_null(strstr(xml.data, "<section id=\"sec-about-odihr\" kind=\"unnumbered\""));
    assert_non_null(strstr(xml.data, "section=\"sec-II.B\""));
    char msg[512];
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chapters_and_lettered_subsections),
        cmocka_unit_test(front_matter_belongs_to_no_section),
        cmocka_unit_test(heading_levels_do_not_decide_nesting),
        cmocka_unit_test(letter_i_after_h_is_a_subsection),
        cmocka_unit_test(annexes_and_back_matter),
        cmocka_unit_test(unnumbered_annex),
        cmocka_unit_test(contents_run_together),
        cmocka_unit_test(contents_as_paragraphs),
        cmocka_unit_test(lettered_entry_before_any_chapter),
        cmocka_unit_test(roman_lists_of_an_html_export),
        cmocka_unit_test(unnumbered_headings_inside_a_chapter_are_subheadings),
        cmocka_unit_test(lettered_heading_before_any_chapter_is_front_matter),
        cmocka_unit_test(chapter_out_of_sequence),
        cmocka_unit_test(subsection_out_of_sequence),
        cmocka_unit_test(letter_c_after_a_gap_is_still_a_subsection),
        cmocka_unit_test(duplicate_numbers_get_unique_ids),
        cmocka_unit_test(repeated_ids_count_up),
        cmocka_unit_test(contents_that_match_the_headings),
        cmocka_unit_test(contents_in_cells),
        cmocka_unit_test(long_contents_entry_cut_at_a_character),
        cmocka_unit_test(contents_entry_without_heading),
        cmocka_unit_test(heading_worded_unlike_its_entry),
        cmocka_unit_test(chapter_absent_from_contents),
        cmocka_unit_test(contents_of_chapters_only_over_many_subsections),
        cmocka_unit_test(no_contents_no_contents_diagnostics),
        cmocka_unit_test(section_ids_in_the_xml),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
