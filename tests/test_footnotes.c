/*
 * test_footnotes.c: stage 4, footnotes (lib/footnotes.c). Bodies are
 * numbered and linked to their markers; a footnote belongs to the section
 * whose text first refers to it, wherever the page printed its body. Gaps,
 * orphans, duplicates and markers without a body are diagnostics. Each
 * expectation is what a reader following the markers would say.
 */
#include <stdio.h>

#include "buf.h"
#include "helpers.h"
#include "odihrx_limits.h"

static const odihrx_footnote *footnote(const odihrx_doc *doc, uint32_t n)
{
    const odihrx_footnote *f = odihrx_footnote_find(doc, n);
    if (!f)
        fail_msg("no footnote %u", n);
    return f;
}


static size_t problems(const odihrx_doc *doc)
{
    return diag_count(doc, "footnote-gap") + diag_count(doc, "footnote-orphan") +
           diag_count(doc, "footnote-missing") + diag_count(doc, "footnote-duplicate");
}


/* ---------------------------------------------------------- linking */

static const char two_sections[] = "## I. ONE\n\n"
                                   "First claim.<sup>1</sup> Second claim.<sup>2</sup>\n\n"
                                   "## II. TWO\n\n"
                                   "Third claim.<sup>3</sup> First again.<sup>1</sup>\n\n"
                                   "---\n\n"
                                   "<sup>1</sup> Note one.\n\n"
                                   "<sup>2</sup> Note two.\n\n"
                                   "<sup>3</sup> Note three.\n";

static void footnotes_belong_to_their_first_marker(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md(two_sections);
    assert_int_equal(doc->nfootnotes, 3);
    uint32_t p1 = block_with_text(doc, "First claim. Second claim.");
    uint32_t p2 = block_with_text(doc, "Third claim. First again.");
    const char *bodies[] = {"Note one.", "Note two.", "Note three."};
    for (uint32_t k = 0; k < 3; k++) {
        const odihrx_footnote *f = &doc->footnotes[k];
        assert_int_equal(f->n, k + 1);
        assert_int_equal(doc->blocks[f->block].kind, ODIHRX_BLOCK_FOOTNOTE);
        assert_string_equal(doc->blocks[f->block].text, bodies[k]);
        /* all three bodies are printed under chapter II */
        assert_int_equal(doc->blocks[f->block].section, 1);
    }
    /* 1: referred to from I first, then from II again */
    assert_int_equal(footnote(doc, 1)->ref_block, p1);
    assert_int_equal(footnote(doc, 1)->ref_section, 0);
    assert_int_equal(footnote(doc, 1)->nrefs, 2);
    /* 2: only from I, though printed under II */
    assert_int_equal(footnote(doc, 2)->ref_block, p1);
    assert_int_equal(footnote(doc, 2)->ref_section, 0);
    assert_int_equal(footnote(doc, 2)->nrefs, 1);
    /* 3: from II */
    assert_int_equal(footnote(doc, 3)->ref_block, p2);
    assert_int_equal(footnote(doc, 3)->ref_section, 1);
    assert_int_equal(problems(doc), 0);
    /* and so in the XML */
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<footnote n=\"1\" id=\"fn1\" section=\"sec-I\""));
    assert_non_null(strstr(xml.data, "<footnote n=\"2\" id=\"fn2\" section=\"sec-I\""));
    assert_non_null(strstr(xml.data, "<footnote n=\"3\" id=\"fn3\" section=\"sec-II\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* pandoc and GitHub markdown (a report converted from Word or HTML) give
 * footnotes as "[^N]" markers and "[^N]: text" definitions at the end,
 * wrapped with indented continuation lines. */
static void pandoc_footnotes(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# I. ONE\n\n"
                               "First claim.[^1] Second claim.[^2]\n\n"
                               "# II. TWO\n\n"
                               "Third claim.[^3] Not a marker: [^x], [^0] and [^]. Again.[^2]\n\n"
                               "[^1]: Note one, wrapped by the converter\n"
                               "    on a second line.\n\n"
                               "    A second paragraph of note one.\n\n"
                               "[^2]: Note two.\n\n"
                               "[^3]: Note three.\n");
    assert_int_equal(doc->nfootnotes, 3);
    assert_string_equal(doc->blocks[footnote(doc, 1)->block].text,
                        "Note one, wrapped by the converter on a second line. A second "
                        "paragraph of note one.");
    assert_string_equal(doc->blocks[footnote(doc, 3)->block].text, "Note three.");
    uint32_t p1 = block_with_text(doc, "First claim. Second claim.");
    uint32_t p2 = block_with_text(doc, "Third claim. Not a marker: [^x], [^0] and [^]. Again.");
    assert_int_equal(footnote(doc, 1)->ref_block, p1);
    assert_int_equal(footnote(doc, 2)->ref_block, p1);
    assert_int_equal(footnote(doc, 2)->nrefs, 2);
    assert_int_equal(footnote(doc, 3)->ref_block, p2);
    assert_int_equal(footnote(doc, 3)->ref_section, 1);
    assert_int_equal(problems(doc), 0);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "First claim.<fnref n=\"1\"/> Second claim.<fnref n=\"2\"/>"));
    assert_non_null(strstr(xml.data, "<footnote n=\"1\" id=\"fn1\" section=\"sec-I\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void body_printed_on_the_next_page(void **state)
{
    (void)state;
    /* the marker ends the last page of chapter I; the converter put its
     * body at the foot of the next page, which opens chapter II */
    odihrx_doc *doc = parse_md("## I. ONE\n\nA claim at the foot of the page.<sup>1</sup>\n\n"
                               "---\n\n"
                               "## II. TWO\n\nThe next page.<sup>2</sup>\n\n"
                               "---\n\n"
                               "<sup>1</sup> Carried over.\n\n"
                               "<sup>2</sup> Its own page.\n\n"
                               "## III. THREE\n\nLater.\n");
    assert_int_equal(doc->nfootnotes, 2);
    const odihrx_footnote *f1 = footnote(doc, 1);
    assert_string_equal(doc->blocks[f1->block].text, "Carried over.");
    assert_int_equal(doc->blocks[f1->block].section, 1);
    assert_int_equal(f1->ref_block, block_with_text(doc, "A claim at the foot of the page."));
    assert_int_equal(f1->ref_section, 0);
    assert_int_equal(footnote(doc, 2)->ref_section, 1);
    assert_int_equal(problems(doc), 0);
    assert_string_equal(odihrx_block_section_id(doc, f1->ref_block), "sec-I");
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void marker_on_the_title_page(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("# REPUBLIC OF KAZAKHSTAN\n\nPARLIAMENTARY ELECTIONS<sup>1</sup>\n\n"
                               "---\n\n<sup>1</sup> Held early.\n\n## I. SUMMARY\n\nText.\n");
    const odihrx_footnote *f = footnote(doc, 1);
    assert_int_equal(f->ref_block, block_with_text(doc, "PARLIAMENTARY ELECTIONS"));
    assert_int_equal(f->ref_section, ODIHRX_NONE);
    assert_string_equal(odihrx_block_section_id(doc, f->ref_block), "front");
    assert_int_equal(problems(doc), 0);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<footnote n=\"1\" id=\"fn1\" section=\"front\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void markers_in_a_heading_and_a_list_item(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nText.\n\n## II. MEDIA<sup>1</sup>\n\n"
                               "- A point.<sup>2</sup>\n\n---\n\n"
                               "<sup>1</sup> On the heading.\n\n<sup>2</sup> On the item.\n");
    assert_int_equal(doc->nfootnotes, 2);
    assert_int_equal(footnote(doc, 1)->ref_block, block_with_text(doc, "II. MEDIA"));
    assert_int_equal(footnote(doc, 1)->ref_section, 1);
    assert_int_equal(footnote(doc, 2)->ref_block, block_with_text(doc, "A point."));
    assert_int_equal(footnote(doc, 2)->ref_section, 1);
    assert_int_equal(problems(doc), 0);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void one_marker_for_two_notes(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nA claim.<sup>1, 2</sup>\n\n---\n\n"
                               "<sup>1</sup> First.\n\n<sup>2</sup> Second.\n");
    assert_int_equal(doc->nfootnotes, 2);
    uint32_t p = block_with_text(doc, "A claim.");
    assert_int_equal(footnote(doc, 1)->ref_block, p);
    assert_int_equal(footnote(doc, 2)->ref_block, p);
    assert_int_equal(problems(doc), 0);
    odihrx_doc_free(doc);
}

static void bodies_printed_out_of_order_are_sorted(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nA.<sup>1</sup> B.<sup>2</sup>\n\n---\n\n"
                               "<sup>2</sup> Second.\n\n<sup>1</sup> First.\n");
    assert_int_equal(doc->nfootnotes, 2);
    assert_int_equal(doc->footnotes[0].n, 1);
    assert_string_equal(doc->blocks[doc->footnotes[0].block].text, "First.");
    assert_int_equal(doc->footnotes[1].n, 2);
    assert_string_equal(doc->blocks[doc->footnotes[1].block].text, "Second.");
    assert_int_equal(problems(doc), 0);
    odihrx_doc_free(doc);
}

/* ------------------------------------------------------------ problems */

static void gap_in_the_numbering(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_md("## I. ONE\n\nA.<sup>1</sup> B.<sup>2</sup> D.<sup>4</sup>\n\n---\n\n"
                 "<sup>1</sup> One.\n\n<sup>2</sup> Two.\n\n<sup>4</sup> Four.\n");
    assert_int_equal(doc->nfootnotes, 3);
    assert_int_equal(doc->footnotes[2].n, 4);
    const odihrx_diag *d = only_diag(doc, "footnote-gap");
    assert_int_equal(d->severity, ODIHRX_WARNING);
    assert_non_null(strstr(d->message, "3"));
    assert_int_equal(d->line, 11); /* where 4 stands instead of 3 */
    assert_int_equal(diag_count(doc, "footnote-orphan") + diag_count(doc, "footnote-missing") +
                         diag_count(doc, "footnote-duplicate"),
                     0);
    valid_xml(doc);
    odihrx_doc_free(doc);
}

static void wider_gap_names_its_range(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nA.<sup>1</sup> E.<sup>5</sup>\n\n---\n\n"
                               "<sup>1</sup> One.\n\n<sup>5</sup> Five.\n");
    const odihrx_diag *d = only_diag(doc, "footnote-gap");
    assert_non_null(strstr(d->message, "2"));
    assert_non_null(strstr(d->message, "4"));
    odihrx_doc_free(doc);
}

static void body_nobody_refers_to(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nA.<sup>1</sup> C.<sup>3</sup>\n\n---\n\n"
                               "<sup>1</sup> One.\n\n<sup>2</sup> Two.\n\n<sup>3</sup> Three.\n");
    assert_int_equal(doc->nfootnotes, 3);
    const odihrx_footnote *f = footnote(doc, 2);
    assert_int_equal(f->nrefs, 0);
    assert_int_equal(f->ref_block, ODIHRX_NONE);
    assert_int_equal(f->ref_section, ODIHRX_NONE);
    const odihrx_diag *d = only_diag(doc, "footnote-orphan");
    assert_int_equal(d->line, 9);
    assert_non_null(strstr(d->message, "2"));
    assert_int_equal(diag_count(doc, "footnote-gap") + diag_count(doc, "footnote-missing") +
                         diag_count(doc, "footnote-duplicate"),
                     0);
    /* still in the output, without a section */
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<footnote n=\"2\" id=\"fn2\" line=\"9\">Two.</footnote>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void marker_without_body(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nA.<sup>1</sup>\n\n## II. TWO\n\nB.<sup>2</sup>\n\n"
                               "---\n\n<sup>1</sup> One.\n");
    assert_int_equal(doc->nfootnotes, 1);
    assert_null(odihrx_footnote_find(doc, 2));
    const odihrx_diag *d = only_diag(doc, "footnote-missing");
    assert_int_equal(d->line, 7); /* the paragraph with marker 2 */
    assert_non_null(strstr(d->message, "2"));
    assert_int_equal(diag_count(doc, "footnote-gap") + diag_count(doc, "footnote-orphan") +
                         diag_count(doc, "footnote-duplicate"),
                     0);
    /* the marker is kept in the text */
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "B.<fnref n=\"2\"/></p>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void number_printed_twice_keeps_the_first(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nA.<sup>1</sup> B.<sup>2</sup>\n\n---\n\n"
                               "<sup>1</sup> One.\n\n<sup>2</sup> The first two.\n\n"
                               "<sup>2</sup> The second two.\n");
    assert_int_equal(doc->nfootnotes, 2);
    const odihrx_footnote *f = footnote(doc, 2);
    assert_string_equal(doc->blocks[f->block].text, "The first two.");
    assert_int_equal(f->nrefs, 1);
    const odihrx_diag *d = only_diag(doc, "footnote-duplicate");
    assert_int_equal(d->line, 11); /* the second body */
    assert_int_equal(diag_count(doc, "footnote-gap") + diag_count(doc, "footnote-orphan") +
                         diag_count(doc, "footnote-missing"),
                     0);
    /* one footnote 2 in the output, so the id stays unique */
    odihrx_buf xml = xml_of(doc);
    const char *first = strstr(xml.data, "id=\"fn2\"");
    assert_non_null(first);
    assert_null(strstr(first + 1, "id=\"fn2\""));
    assert_null(strstr(xml.data, "The second two."));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* A thousand warnings are kept, then one says that the rest are not:
 * 1500 bodies printed twice give 1500 duplicates. */
static void warnings_stop_at_the_limit_and_say_so(void **state)
{
    (void)state;
    enum { N = 1500 };
    odihrx_buf in = {0};
    assert_int_equal(odihrx_buf_append(&in, "## I. ONE\n\nA.<sup>1</sup>\n\n---\n\n", 32), ODIHRX_OK);
    char line[64];
    for (int k = 0; k < N + 1; k++) {
        int n = snprintf(line, sizeof line, "<sup>1</sup> Note %d.\n\n", k);
        assert_int_equal(odihrx_buf_append(&in, line, (size_t)n), ODIHRX_OK);
    }
    odihrx_doc *doc = parse_md(in.data);
    /* the duplicates come last, after a note or two on the text */
    size_t kept = diag_count(doc, "footnote-duplicate");
    assert_in_range(kept, ODIHRX_MAX_DIAGNOSTICS - 5, ODIHRX_MAX_DIAGNOSTICS - 1);
    const odihrx_diag *d = only_diag(doc, "limit-diagnostics");
    assert_int_equal(d->severity, ODIHRX_WARNING);
    assert_int_equal(d->line, 0);
    assert_string_equal(d->message, "more than 1000 warnings and notes; the rest are not reported");
    assert_int_equal(odihrx_doc_diag_count(doc), ODIHRX_MAX_DIAGNOSTICS + 1);
    /* the last one listed */
    assert_ptr_equal(odihrx_doc_diag_at(doc, ODIHRX_MAX_DIAGNOSTICS), d);
    assert_int_equal(doc->diags.dropped, N - kept);
    odihrx_doc_free(doc);
    odihrx_buf_free(&in);
}

static void no_footnotes_no_element(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_md("## I. ONE\n\nNo notes here.\n");
    assert_int_equal(doc->nfootnotes, 0);
    assert_int_equal(problems(doc), 0);
    odihrx_buf xml = xml_of(doc);
    assert_null(strstr(xml.data, "<footnotes"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(footnotes_belong_to_their_first_marker),
        cmocka_unit_test(pandoc_footnotes),
        cmocka_unit_test(body_printed_on_the_next_page),
        cmocka_unit_test(marker_on_the_title_page),
        cmocka_unit_test(markers_in_a_heading_and_a_list_item),
        cmocka_unit_test(one_marker_for_two_notes),
        cmocka_unit_test(bodies_printed_out_of_order_are_sorted),
        cmocka_unit_test(gap_in_the_numbering),
        cmocka_unit_test(wider_gap_names_its_range),
        cmocka_unit_test(body_nobody_refers_to),
        cmocka_unit_test(marker_without_body),
        cmocka_unit_test(number_printed_twice_keeps_the_first),
        cmocka_unit_test(warnings_stop_at_the_limit_and_say_so),
        cmocka_unit_test(no_footnotes_no_element),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
