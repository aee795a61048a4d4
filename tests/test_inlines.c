/*
 * test_inlines.c: inline markup of one block (lib/inlines.c) through the whole
 * pipeline: *em*, **strong**, HTML tags, <sup>N</sup> footnote markers,
 * [text](url) links, backslash escapes, entities and white space. Every
 * expectation is what a reader of the input would see: the plain text with
 * the markup gone, and marks over exactly the words the markup covered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "byteset.h"
#include "helpers.h"

/* Mark offsets are written as positions of words in the expected text, so a
 * test states "over these words" rather than a number counted by hand. */
#define OFF(want, needle) ((uint32_t)(strstr((want), (needle)) - (want)))
#define END(want, needle) (OFF(want, needle) + (uint32_t)strlen(needle))

/* The one block of a one-paragraph input. */
static const odihrx_block *only_block(const odihrx_doc *doc)
{
    assert_int_equal(doc->nblocks, 1);
    return &doc->blocks[0];
}

static const odihrx_mark *find_mark(const odihrx_doc *doc, const odihrx_block *b, int kind,
                                    uint32_t start, uint32_t end)
{
    for (uint32_t k = 0; k < b->mark_count; k++) {
        const odihrx_mark *m = &doc->marks[b->mark_first + k];
        if (m->kind == kind && m->start == start && m->end == end)
            return m;
    }
    return NULL;
}

static uint32_t marks_of_kind(const odihrx_doc *doc, const odihrx_block *b, int kind)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < b->mark_count; k++)
        n += doc->marks[b->mark_first + k].kind == kind;
    return n;
}

/* A macro, so that a failure names the line of the test. */
#define assert_mark(doc, b, kind, start, end) assert_non_null(find_mark(doc, b, kind, start, end))

/* A footnote marker is an empty range at `at` whose value is the number. */
static bool has_fnref(const odihrx_doc *doc, const odihrx_block *b, uint32_t at, uint32_t n)
{
    for (uint32_t k = 0; k < b->mark_count; k++) {
        const odihrx_mark *m = &doc->marks[b->mark_first + k];
        if (m->kind == ODIHRX_MARK_FNREF && m->start == at && m->end == at && m->value == n)
            return true;
    }
    return false;
}

/* ----------------------------------------------------------- emphasis */

static void star_emphasis(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("The mission noted *de facto* restrictions.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "The mission noted de facto restrictions.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->len, strlen(want));
    assert_int_equal(b->mark_count, 1);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "de facto"), END(want, "de facto"));
    /* only part of the paragraph is italic: not an inline recommendation */
    assert_int_equal(b->flags & (ODIHRX_BF_ITALIC | ODIHRX_BF_BOLD), 0);
    odihrx_doc_free(doc);
}

static void double_star_strong(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Voters were **not** informed of the change.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Voters were not informed of the change.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 1);
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "not"), END(want, "not"));
    assert_int_equal(b->flags & (ODIHRX_BF_ITALIC | ODIHRX_BF_BOLD), 0);
    odihrx_doc_free(doc);
}

static void underscore_delimiters(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("The __CEC__ and _ad hoc_ bodies met.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "The CEC and ad hoc bodies met.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 2);
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "CEC"), END(want, "CEC"));
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "ad hoc"), END(want, "ad hoc"));
    odihrx_doc_free(doc);
}

static void html_tags_em_and_strong(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Some <i>ad hoc</i> bodies, <em>inter alia</em> the CEC, "
                                "<b>must</b> and <STRONG>shall</STRONG> act.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Some ad hoc bodies, inter alia the CEC, must and shall act.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 4);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "ad hoc"), END(want, "ad hoc"));
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "inter alia"), END(want, "inter alia"));
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "must"), END(want, "must"));
    /* tag names are case-insensitive, as in HTML */
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "shall"), END(want, "shall"));
    odihrx_doc_free(doc);
}

static void nested_emphasis(void **state)
{
    (void)state;
    /* ***x*** is both strong and emphasised; **bold** inside *...* nests */
    odihrx_doc *doc = parse_str("This is ***very*** important and *partly **bold** text* here.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "This is very important and partly bold text here.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 4);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "very"), END(want, "very"));
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "very"), END(want, "very"));
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "partly"), END(want, "bold text"));
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "bold"), END(want, "bold"));
    odihrx_doc_free(doc);
}

static void nested_tags(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Under <i>the <b>new</b> law</i> parties register.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Under the new law parties register.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 2);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "the new law"), END(want, "the new law"));
    assert_mark(doc, b, ODIHRX_MARK_STRONG, OFF(want, "new"), END(want, "new"));
    odihrx_doc_free(doc);
}

static void whole_paragraph_italic(void **state)
{
    (void)state;
    /* Inline recommendations are italic paragraphs; a footnote marker after
     * the closing '*' still leaves the whole text italic. */
    odihrx_doc *doc = parse_str("*The CEC should publish all decisions promptly.*<sup>5</sup>\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "The CEC should publish all decisions promptly.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 2);
    assert_mark(doc, b, ODIHRX_MARK_EM, 0, (uint32_t)strlen(want));
    assert_true(has_fnref(doc, b, (uint32_t)strlen(want), 5));
    assert_int_equal(b->flags & (ODIHRX_BF_ITALIC | ODIHRX_BF_BOLD), ODIHRX_BF_ITALIC);
    assert_int_equal(diag_count(doc, "unclosed-emphasis"), 0);
    odihrx_doc_free(doc);
}

/* ---------------------------------------------------- footnote markers */

static void sup_number_is_footnote_marker(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Voting was orderly.<sup>12</sup> Counting was not.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Voting was orderly. Counting was not.";
    assert_string_equal(b->text, want);
    /* the marker stands right after "orderly.", before the space */
    assert_int_equal(b->mark_count, 1);
    assert_true(has_fnref(doc, b, END(want, "orderly."), 12));
    odihrx_doc_free(doc);
}

static void sup_with_two_numbers(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Fundamental freedoms<sup>3, 4</sup> were respected.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Fundamental freedoms were respected.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 2);
    assert_int_equal(marks_of_kind(doc, b, ODIHRX_MARK_FNREF), 2);
    assert_true(has_fnref(doc, b, END(want, "freedoms"), 3));
    assert_true(has_fnref(doc, b, END(want, "freedoms"), 4));
    odihrx_doc_free(doc);
}

/* pandoc's markdown: "[^12]" markers, and a backslash at a line end for a
 * hard line break (a title page's lines), which is a space in the text. */
static void caret_marker_and_hard_break(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("**PARLIAMENTARY ELECTIONS**\\\n**10 January 2021** voting was "
                                "orderly.[^12] A \\[^3\\] is text, as is C:\\ at the end\\\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "PARLIAMENTARY ELECTIONS 10 January 2021 voting was orderly. A [^3] is "
                       "text, as is C:\\ at the end\\";
    assert_string_equal(b->text, want);
    assert_int_equal(marks_of_kind(doc, b, ODIHRX_MARK_FNREF), 1);
    assert_true(has_fnref(doc, b, END(want, "orderly."), 12));
    assert_int_equal(marks_of_kind(doc, b, ODIHRX_MARK_STRONG), 2);
    odihrx_doc_free(doc);
}

static void sup_with_letters_is_text(void **state)
{
    (void)state;
    /* an ordinal suffix is superscript, not a footnote marker */
    odihrx_doc *doc = parse_str("Results of the 1<sup>st</sup> round were announced.\n");
    const odihrx_block *b = only_block(doc);
    assert_string_equal(b->text, "Results of the 1st round were announced.");
    assert_int_equal(b->mark_count, 0);
    odihrx_doc_free(doc);
}

static void bold_title_with_marker(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("**Election Administration**<sup>1</sup>\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Election Administration";
    /* a short line that is all bold is a heading (level 0: no '#') */
    assert_int_equal(b->kind, ODIHRX_BLOCK_HEADING);
    assert_int_equal(b->level, 0);
    assert_string_equal(b->text, want);
    assert_int_equal(b->flags & (ODIHRX_BF_ITALIC | ODIHRX_BF_BOLD), ODIHRX_BF_BOLD);
    assert_int_equal(b->mark_count, 2);
    assert_mark(doc, b, ODIHRX_MARK_STRONG, 0, (uint32_t)strlen(want));
    assert_true(has_fnref(doc, b, (uint32_t)strlen(want), 1));
    odihrx_doc_free(doc);
}

/* --------------------------------------------------------------- links */

static void link_to_nowhere_keeps_text_only(void **state)
{
    (void)state;
    /* Converters write [text](#) for internal links that lead nowhere. */
    odihrx_doc *doc = parse_str("See [the Final Report](#) and [Annex I]() for details.\n");
    const odihrx_block *b = only_block(doc);
    assert_string_equal(b->text, "See the Final Report and Annex I for details.");
    assert_int_equal(b->mark_count, 0);
    odihrx_doc_free(doc);
}

static void link_with_url(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("See [the *full* report](http://x.org/a) now.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "See the full report now.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 2);
    const odihrx_mark *m =
        find_mark(doc, b, ODIHRX_MARK_LINK, OFF(want, "the full"), END(want, "report"));
    assert_non_null(m);
    assert_true(m->value < doc->nstrings);
    assert_string_equal(doc->strings[m->value], "http://x.org/a");
    /* the link text is inline text like any other */
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "full"), END(want, "full"));
    odihrx_doc_free(doc);
}

/* ------------------------------------------- escapes, entities, literals */

static void escaped_stars_are_literal(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Parties \\*A\\* and \\*B\\* ran; \\_x\\_ too.\n");
    const odihrx_block *b = only_block(doc);
    assert_string_equal(b->text, "Parties *A* and *B* ran; _x_ too.");
    assert_int_equal(b->mark_count, 0);
    odihrx_doc_free(doc);
}

static void html_entities(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Tom &amp; Jerry wrote &lt;b&gt; in 2019&#8211;2020 &#x2014; "
                                "a&nbsp;b, AT&T.\n");
    const odihrx_block *b = only_block(doc);
    /* &lt;b&gt; is the text "<b>", never a bold tag; "&T." is no entity */
    assert_string_equal(b->text, "Tom & Jerry wrote <b> in 2019\xE2\x80\x93"
                                 "2020 \xE2\x80\x94 a b, AT&T.");
    assert_int_equal(b->mark_count, 0);
    odihrx_doc_free(doc);
}

static void other_tags_and_angle_brackets(void **state)
{
    (void)state;
    /* Tags that carry nothing are dropped, <br> separates words, and a '<'
     * that starts no tag is text. */
    odihrx_doc *doc = parse_str("A <span class=\"x\">quiet</span> line<br>break; turnout < 50% "
                                "and 3<4.\n");
    const odihrx_block *b = only_block(doc);
    assert_string_equal(b->text, "A quiet line break; turnout < 50% and 3<4.");
    assert_int_equal(b->mark_count, 0);
    odihrx_doc_free(doc);
}

static void escapes_inside_markup(void **state)
{
    (void)state;
    /* An escaped '*' inside emphasis does not close it; an escaped '<' opens
     * no tag. */
    odihrx_doc *doc = parse_str("Rate *a \\* b* and \\<b>not bold\\</b> here.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "Rate a * b and <b>not bold</b> here.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 1);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "a * b"), END(want, "a * b"));
    odihrx_doc_free(doc);
}

static void lone_stars_stay_literal(void **state)
{
    (void)state;
    /* Asterisks after country names refer to a note; they open nothing. */
    odihrx_doc *doc =
        parse_str("Observers came from ALBANIA, MACEDONIA*, MONTENEGRO* and SERBIA*.\n");
    const odihrx_block *b = only_block(doc);
    assert_string_equal(b->text,
                        "Observers came from ALBANIA, MACEDONIA*, MONTENEGRO* and SERBIA*.");
    assert_int_equal(b->mark_count, 0);
    assert_int_equal(diag_count(doc, "unclosed-emphasis"), 0);
    odihrx_doc_free(doc);
}

static void unclosed_star_at_start_covers_paragraph(void **state)
{
    (void)state;
    /* The closing '*' was lost in conversion: the italic paragraph is meant. */
    odihrx_doc *doc = parse_str("# Recommendations\n\n*The CEC should review all complaints\n"
                                "within the legal deadlines.\n");
    assert_int_equal(doc->nblocks, 2);
    const odihrx_block *b = &doc->blocks[1];
    const char *want = "The CEC should review all complaints within the legal deadlines.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 1);
    assert_mark(doc, b, ODIHRX_MARK_EM, 0, (uint32_t)strlen(want));
    assert_true(b->flags & ODIHRX_BF_ITALIC);
    assert_int_equal(diag_count(doc, "unclosed-emphasis"), 1);
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++) {
        const odihrx_diag *d = odihrx_doc_diag_at(doc, i);
        if (strcmp(d->code, "unclosed-emphasis") == 0) {
            assert_int_equal(d->severity, ODIHRX_WARNING);
            assert_int_equal(d->line, 3); /* 1-based: the paragraph's first line */
        }
    }
    odihrx_doc_free(doc);
}

static void intraword_underscores_are_literal(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("The field snake_case_word stays, but _real emphasis_ does not.\n");
    const odihrx_block *b = only_block(doc);
    const char *want = "The field snake_case_word stays, but real emphasis does not.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->mark_count, 1);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "real"), END(want, "real emphasis"));
    odihrx_doc_free(doc);
}

static void wrapped_lines_collapse_to_single_spaces(void **state)
{
    (void)state;
    odihrx_doc *doc =
        parse_str("   The   mission\n   observed  the count   \nof *all*   votes.   \n");
    const odihrx_block *b = only_block(doc);
    const char *want = "The mission observed the count of all votes.";
    assert_string_equal(b->text, want);
    assert_int_equal(b->len, strlen(want));
    assert_int_equal(b->mark_count, 1);
    assert_mark(doc, b, ODIHRX_MARK_EM, OFF(want, "all"), END(want, "all"));
    odihrx_doc_free(doc);
}

/* Text runs are found eight bytes at a time: spaces, double spaces and
 * line ends at every offset of the window, against a plain reference
 * (runs of white space become one space, none at either end). */
static void white_space_at_every_offset(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "bc", "def", "ghij", "klmnopq", "r,", "(s)",
                                         "\xc3\xa9t\xc3\xa9", "xyzxyzxyzxyz"};
    /* (a TAB would make a table row: tables keep theirs) */
    static const char *const gaps[] = {" ", " ", " ", "  ", "   ", "\n", " \n  ", "\r\n"};
    uint32_t seed = 12345;
    for (int round = 0; round < 300; round++) {
        char in[512], want[512];
        size_t n = 0, w = 0;
        int words = 1 + (int)(seed % 40);
        for (int i = 0; i < words; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 8) % (sizeof pieces / sizeof *pieces)];
            const char *g = gaps[(seed >> 16) % (sizeof gaps / sizeof *gaps)];
            n += (size_t)snprintf(in + n, sizeof in - n, "%s%s", p, g);
            w += (size_t)snprintf(want + w, sizeof want - w, "%s%s", i ? " " : "", p);
        }
        in[n] = '\0';
        odihrx_doc *doc = parse_str(in);
        const odihrx_block *b = only_block(doc);
        assert_int_equal(b->len, w);
        assert_memory_equal(b->text, want, w);
        odihrx_doc_free(doc);
    }
}

/* --------------------------------------------------------- pathological */

/* Generous enough for valgrind and sanitizers; a quadratic or worse inline
 * parser on these inputs takes far longer. */
#define SLOW_SECONDS 2.0

static void many_alternating_delimiters(void **state)
{
    (void)state;
    enum { N = 5000 };
    char *in = malloc(N + 2);
    assert_non_null(in);
    for (int i = 0; i < N; i++)
        in[i] = i % 2 ? '_' : '*';
    in[N] = '\n';
    in[N + 1] = '\0';
    clock_t t0 = clock();
    odihrx_doc *doc = parse_str(in);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < SLOW_SECONDS);
    const odihrx_block *b = only_block(doc);
    assert_int_equal(b->kind, ODIHRX_BLOCK_PARA);
    assert_non_null(b->text);
    assert_int_equal(strlen(b->text), b->len);
    /* markup only removes characters; the text holds nothing but them */
    assert_true(b->len <= N);
    for (uint32_t k = 0; k < b->len; k++)
        assert_true(b->text[k] == '*' || b->text[k] == '_');
    for (uint32_t k = 0; k < b->mark_count; k++) {
        const odihrx_mark *m = &doc->marks[b->mark_first + k];
        assert_true(m->start <= m->end && m->end <= b->len);
    }
    odihrx_doc_free(doc);
    free(in);
}

static void many_intraword_stars(void **state)
{
    (void)state;
    /* "a*b_a*b_": each pair of intraword '*' emphasises "b_a"; an intraword
     * '_' opens nothing. 2,500 '*' make 1,250 spans and no '*' is left. */
    enum { REPS = 2500 };
    char *in = malloc(4 * REPS + 2), *want = malloc(3 * REPS + 1);
    assert_non_null(in);
    assert_non_null(want);
    for (int i = 0; i < REPS; i++) {
        memcpy(in + 4 * i, "a*b_", 4);
        memcpy(want + 3 * i, "ab_", 3);
    }
    in[4 * REPS] = '\n';
    in[4 * REPS + 1] = '\0';
    want[3 * REPS] = '\0';
    clock_t t0 = clock();
    odihrx_doc *doc = parse_str(in);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < SLOW_SECONDS);
    const odihrx_block *b = only_block(doc);
    assert_string_equal(b->text, want);
    assert_int_equal(marks_of_kind(doc, b, ODIHRX_MARK_EM), REPS / 2);
    assert_int_equal(b->mark_count, REPS / 2);
    /* the first span covers "b_a" of "ab_ab_..." */
    assert_mark(doc, b, ODIHRX_MARK_EM, 1, 4);
    odihrx_doc_free(doc);
    free(in);
    free(want);
}

static void many_unclosed_brackets(void **state)
{
    (void)state;
    /* No bracket is ever closed, so none is a link: the text is unchanged. */
    enum { N = 2000 };
    static const char tail[] = " the text (see http://x.org)";
    /* a fixed buffer: gcc -O2 with ASan misjudges the size of a malloc'd one */
    static char in[N + sizeof tail + 1];
    memset(in, '[', N);
    memcpy(in + N, tail, sizeof tail);
    size_t n = strlen(in);
    in[n] = '\n';
    in[n + 1] = '\0';
    clock_t t0 = clock();
    odihrx_doc *doc = parse_str(in);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < SLOW_SECONDS);
    const odihrx_block *b = only_block(doc);
    in[n] = '\0';
    assert_string_equal(b->text, in);
    assert_int_equal(b->mark_count, 0);
    odihrx_doc_free(doc);
}

/* Each byte set's table holds exactly its listed bytes, and never NUL:
 * the wide search uses the list, the rest of the text the table. */
static void byte_sets_agree_with_their_tables(void **state)
{
    (void)state;
    const odihrx_byteset *sets[] = {&odihrx_markup_bytes, &odihrx_text_escapes,
                                    &odihrx_attr_escapes};
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        assert_int_equal(sets[k]->member[0], 0);
        for (int c = 0; c < 256; c++) {
            bool listed = false;
            for (int j = 0; j < ODIHRX_BYTESET_SIZE; j++)
                listed |= (unsigned char)sets[k]->bytes[j] == c;
            if (listed != (sets[k]->member[c] == 1))
                fail_msg("set %zu, byte %d: listed %d, table %d", k, c, listed,
                         sets[k]->member[c]);
        }
        /* the first member at every offset of a long text, and none */
        char text[64];
        for (size_t at = 0; at < sizeof text; at++) {
            memset(text, 'a', sizeof text);
            text[at] = sets[k]->bytes[at % ODIHRX_BYTESET_SIZE];
            assert_int_equal(odihrx_byteset_next(text, 0, sizeof text, sets[k]), at);
            assert_int_equal(odihrx_byteset_next(text, at + 1, sizeof text, sets[k]), sizeof text);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(star_emphasis),
        cmocka_unit_test(double_star_strong),
        cmocka_unit_test(underscore_delimiters),
        cmocka_unit_test(html_tags_em_and_strong),
        cmocka_unit_test(nested_emphasis),
        cmocka_unit_test(nested_tags),
        cmocka_unit_test(whole_paragraph_italic),
        cmocka_unit_test(sup_number_is_footnote_marker),
        cmocka_unit_test(sup_with_two_numbers),
        cmocka_unit_test(caret_marker_and_hard_break),
        cmocka_unit_test(sup_with_letters_is_text),
        cmocka_unit_test(bold_title_with_marker),
        cmocka_unit_test(link_to_nowhere_keeps_text_only),
        cmocka_unit_test(link_with_url),
        cmocka_unit_test(escaped_stars_are_literal),
        cmocka_unit_test(html_entities),
        cmocka_unit_test(other_tags_and_angle_brackets),
        cmocka_unit_test(escapes_inside_markup),
        cmocka_unit_test(lone_stars_stay_literal),
        cmocka_unit_test(unclosed_star_at_start_covers_paragraph),
        cmocka_unit_test(intraword_underscores_are_literal),
        cmocka_unit_test(wrapped_lines_collapse_to_single_spaces),
        cmocka_unit_test(white_space_at_every_offset),
        cmocka_unit_test(many_alternating_delimiters),
        cmocka_unit_test(many_intraword_stars),
        cmocka_unit_test(many_unclosed_brackets),
        cmocka_unit_test(byte_sets_agree_with_their_tables),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
