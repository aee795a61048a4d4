/*
 * test_cite.c: stages 6 and 7. The citation grammar on sentences written
 * for the purpose (each form, each instrument, each decoy, Russian forms),
 * the key bases on small reports, grammar overrides from a directory, and
 * the hint gates that spare blocks the citation patterns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

typedef struct want {
    const char *instrument;
    const char *loc; /* NULL: a mention without locator */
    const char *words;
    bool implied;
} want;

/* The document's citations must be exactly `w`, in text order. */
static void expect_cites(const char *input, const want *w, size_t n)
{
    odihrx_doc *doc = parse_str(input);
    assert_int_equal(doc->ncites, n);
    for (size_t i = 0; i < n; i++) {
        const odihrx_cite *c = &doc->cites[i];
        const odihrx_block *b = &doc->blocks[c->block];
        assert_string_equal(test_grammar->instruments[c->instrument].id, w[i].instrument);
        if (w[i].loc) {
            assert_non_null(c->loc);
            assert_string_equal(c->loc, w[i].loc);
        }
        else
            assert_null(c->loc);
        char words[512];
        snprintf(words, sizeof words, "%.*s", (int)(c->end - c->start), b->text + c->start);
        assert_string_equal(words, w[i].words);
        assert_int_equal(c->implied, w[i].implied);
    }
    odihrx_doc_free(doc);
}

#define EXPECT(input, ...)                                                                     \
    do {                                                                                       \
        const want w_[] = {__VA_ARGS__};                                                       \
        expect_cites(input, w_, sizeof w_ / sizeof w_[0]);                                     \
    } while (0)

static void copenhagen_forms(void **state)
{
    (void)state;
    EXPECT("This conflicts with Paragraph 7.9 of the 1990 OSCE Copenhagen Document, which "
           "implies a free mandate.\n",
           {"osce-copenhagen-1990", "7.9", "Paragraph 7.9 of the 1990 OSCE Copenhagen Document", false});
    EXPECT("It challenges Paragraphs 3 and 7.6 of the 1990 OSCE Copenhagen Document.\n",
           {"osce-copenhagen-1990", "3", "3", false}, {"osce-copenhagen-1990", "7.6", "7.6", false},
           {"osce-copenhagen-1990", NULL, "1990 OSCE Copenhagen Document", false});
    EXPECT("See Paragraphs 7.3, 7.5 and 7.6 of the Copenhagen Document.\n",
           {"osce-copenhagen-1990", "7.3", "7.3", false}, {"osce-copenhagen-1990", "7.5", "7.5", false},
           {"osce-copenhagen-1990", "7.6", "7.6", false},
           {"osce-copenhagen-1990", NULL, "Copenhagen Document", false});
    EXPECT("Paragraphs 9.1-9.3 of the 1990 OSCE Copenhagen Document apply.\n",
           {"osce-copenhagen-1990", "9.1 9.2 9.3", "Paragraphs 9.1-9.3 of the 1990 OSCE Copenhagen Document", false});
    EXPECT("In Paragraph 3 of the 1990 OSCE Copenhagen Document, the States recognized "
           "pluralism. Paragraph 7.6 refers to parties.\n",
           {"osce-copenhagen-1990", "3", "Paragraph 3 of the 1990 OSCE Copenhagen Document", false},
           {"osce-copenhagen-1990", "7.6", "Paragraph 7.6", true});
    EXPECT("Это нарушает пункт 7.6 Копенгагенского документа ОБСЕ 1990 года.\n",
           {"osce-copenhagen-1990", "7.6",
            "пункт 7.6 Копенгагенского документа ОБСЕ 1990 года", false});
    EXPECT("As the Copenhagen Document says.\n", {"osce-copenhagen-1990", NULL, "Copenhagen Document", false});
    /* the instrument named first, then the locator */
    EXPECT("See Copenhagen 1990, paragraph 9.2, on assembly.\n",
           {"osce-copenhagen-1990", NULL, "Copenhagen 1990", false},
           {"osce-copenhagen-1990", "9.2", "paragraph 9.2", false});
}

static void unknown_paragraph_is_kept_and_flagged(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("Paragraph 7.10 of the 1990 OSCE Copenhagen Document.\n");
    assert_int_equal(doc->ncites, 1);
    assert_true(doc->cites[0].unknown);
    assert_int_equal(diag_count(doc, "cite-unknown"), 1);
    assert_int_equal(doc->nrefs, 0);
    odihrx_doc_free(doc);
}

static void decoys_keep_their_instrument(void **state)
{
    (void)state;
    EXPECT("In Paragraph 25 of the 1999 OSCE Istanbul Document, States committed.\n",
           {"osce-istanbul-1999", "25", "Paragraph 25 of the 1999 OSCE Istanbul Document", false});
    EXPECT("Paragraph 20 of the 1996 UN HRC CCPR General Comment No.25 requires it.\n",
           {"ccpr-gc-25", "20", "Paragraph 20 of the 1996 UN HRC CCPR General Comment No.25", false});
    EXPECT("Paragraph 47 of the 2011 CCPR General Comment No.34 to the ICCPR says.\n",
           {"ccpr-gc-34", "47", "Paragraph 47 of the 2011 CCPR General Comment No.34 to the ICCPR", false});
    EXPECT("Paragraph 25 of the 2019 ODIHR and Venice Commission Guidelines on Freedom of "
           "Peaceful Assembly states.\n",
           {"odihr-vc-peaceful-assembly", "25",
            "Paragraph 25 of the 2019 ODIHR and Venice Commission Guidelines on Freedom of "
            "Peaceful Assembly", false});
    EXPECT("Paragraph 48 of the CRPD Committee's 2014 General Comment No. 1 says.\n",
           {"crpd-committee-gc", "48", "Paragraph 48 of the CRPD Committee's 2014 General Comment No. 1", false});
    /* not international instruments: no citation at all */
    odihrx_doc *doc = parse_str("Charges under Article 405 of the Criminal Code. Paragraph 27 of "
                                "the 2020 Report of the UN Special Rapporteur.\n");
    assert_int_equal(doc->ncites, 0);
    odihrx_doc_free(doc);
    /* an implied locator needs the same kind of locator before it */
    EXPECT("Article 19 of the ICCPR applies. Paragraph 7.6 refers to parties.\n",
           {"iccpr", "19", "Article 19 of the ICCPR", false});
}

static void other_instruments(void **state)
{
    (void)state;
    EXPECT("Article 19.3 of the ICCPR.\n", {"iccpr", "19.3", "Article 19.3 of the ICCPR", false});
    EXPECT("Article 25 of the International Covenant on Civil and Political Rights.\n",
           {"iccpr", "25", "Article 25 of the International Covenant on Civil and Political Rights", false});
    EXPECT("Under section I.3.3.1.b.ii of the Venice Commission's Code of Good Practice.\n",
           {"vc-code-of-good-practice", "I.3.3.1.b.ii",
            "section I.3.3.1.b.ii of the Venice Commission's Code of Good Practice", false});
    EXPECT("Article 14.3e of the 2002 CIS Convention.\n",
           {"cis-convention-2002", "14.3e", "Article 14.3e of the 2002 CIS Convention", false});
    EXPECT("Article 29 of the CRPD.\n", {"crpd", "29", "Article 29 of the CRPD", false});
    EXPECT("Article 7.3 of the UNCAC.\n", {"uncac", "7.3", "Article 7.3 of the UNCAC", false});
    EXPECT("Article 3 of Protocol 1 to the ECHR.\n",
           {"echr-protocol-1", "3", "Article 3 of Protocol 1 to the ECHR", false});
    EXPECT("Article 5 of the ICERD.\n", {"icerd", "5", "Article 5 of the ICERD", false});
    EXPECT("Article 7 of CEDAW.\n", {"cedaw", "7", "Article 7 of CEDAW", false});
    EXPECT("Paragraph 7 of the 1991 Moscow Document.\n",
           {"osce-moscow-1991", "7", "Paragraph 7 of the 1991 Moscow Document", false});
    EXPECT("See OSCE Ministerial Council Decision No. 7/09 on women.\n",
           {"osce-mc-decision", NULL, "OSCE Ministerial Council Decision No. 7/09", false});
}

static void citation_in_a_footnote(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("## I. A\n\nText.<sup>1</sup>\n\n<sup>1</sup> Paragraph 5.10 of the "
                                "1990 OSCE Copenhagen Document.\n");
    assert_int_equal(doc->ncites, 1);
    assert_int_equal(doc->blocks[doc->cites[0].block].kind, ODIHRX_BLOCK_FOOTNOTE);
    assert_int_equal(doc->nrefs, 1);
    assert_string_equal(doc->refs[0].to, "fn1");
    odihrx_doc_free(doc);
}

/* -------------------------------------------------------------- keys */

static const char keyed[] =
    "## I. CAMPAIGN\n\nParties were harassed, contrary to Paragraph 7.6 of the 1990 OSCE "
    "Copenhagen Document.\n\n*Candidates should campaign freely.*<sup>1</sup>\n\n"
    "*Political parties should be registered fairly.*\n\n"
    "## II. OBSERVERS\n\n*Observers should be accredited.*\n\n"
    "## III. RECOMMENDATIONS\n\n"
    "1. Candidates should campaign freely.\n"
    "2. Political parties should be registered fairly.\n"
    "3. Observers should be accredited.\n"
    "4. Fines should respect Paragraph 7.7 of the 1990 OSCE Copenhagen Document.\n\n"
    "---\n\n<sup>1</sup> Paragraph 7.5 of the 1990 OSCE Copenhagen Document.\n";

/* Basis of rec r's key for paragraph p, or -1. */
static int basis_of(const odihrx_doc *doc, uint32_t r, const char *p, const char **via)
{
    for (uint32_t i = 0; i < doc->nkeys; i++)
        if (doc->keys[i].rec == r &&
            strcmp(test_grammar->catalog[doc->keys[i].paragraph].paragraph, p) == 0) {
            if (via)
                *via = doc->keys[i].via;
            return doc->keys[i].basis;
        }
    return -1;
}

static void key_bases(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str(keyed);
    assert_int_equal(doc->nrecs, 4);
    const char *via = NULL;
    /* 1: its copy's footnote cites 7.5; the section cites 7.6 */
    assert_int_equal(basis_of(doc, 0, "7.5", &via), ODIHRX_BASIS_CITED);
    assert_string_equal(via, "fn1");
    assert_int_equal(basis_of(doc, 0, "7.6", &via), ODIHRX_BASIS_SECTION);
    assert_string_equal(via, "p1");
    /* 2: section 7.6; the lexicon (political parties) also names 7.6: section wins */
    assert_int_equal(basis_of(doc, 1, "7.6", NULL), ODIHRX_BASIS_SECTION);
    assert_int_equal(basis_of(doc, 1, "9.3", NULL), ODIHRX_BASIS_LEXICON);
    /* 3: nothing cited in II: the lexicon, observers -> 8 */
    assert_int_equal(basis_of(doc, 2, "8", &via), ODIHRX_BASIS_LEXICON);
    assert_string_equal(via, "topic:observers");
    assert_int_equal(basis_of(doc, 2, "7.6", NULL), -1);
    /* 4: its own text cites 7.7 */
    assert_int_equal(basis_of(doc, 3, "7.7", &via), ODIHRX_BASIS_CITED);
    assert_string_equal(via, "li4");
    /* keys of one recommendation are in catalog order */
    for (uint32_t i = 1; i < doc->nkeys; i++)
        if (doc->keys[i].rec == doc->keys[i - 1].rec)
            assert_true(doc->keys[i].paragraph > doc->keys[i - 1].paragraph);
    odihrx_doc_free(doc);
}

/* A footnote of the recommendation itself (not only of its copy in the
 * body) citing a paragraph keys it as cited, through the footnote. */
static void recommendation_footnote_cites(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str(
        "## I. RECOMMENDATIONS\n\n"
        "1. Election commissions should publish their decisions.<sup>1</sup>\n"
        "2. Results should be published.\n\n"
        "---\n\n<sup>1</sup> See Paragraph 7.4 of the 1990 OSCE Copenhagen Document.\n");
    assert_int_equal(doc->nrecs, 2);
    const char *via = NULL;
    assert_int_equal(basis_of(doc, 0, "7.4", &via), ODIHRX_BASIS_CITED);
    assert_string_equal(via, "fn1");
    assert_int_equal(basis_of(doc, 1, "7.4", NULL) == ODIHRX_BASIS_CITED, 0);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<key paragraph=\"7.4\" basis=\"cited\" via=\"fn1\"/>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void index_by_paragraph(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str(keyed);
    /* 7.6: rec1 and rec2 (section), rec2 again would be deduplicated, p1 (cited) */
    int found_p1 = 0, found_rec1 = 0;
    for (uint32_t i = 0; i < doc->nrefs; i++) {
        const char *p = test_grammar->catalog[doc->refs[i].paragraph].paragraph;
        if (strcmp(p, "7.6") != 0)
            continue;
        found_p1 += strcmp(doc->refs[i].to, "p1") == 0 && doc->refs[i].basis == ODIHRX_BASIS_CITED;
        found_rec1 += strcmp(doc->refs[i].to, "rec1") == 0;
    }
    assert_int_equal(found_p1, 1);
    assert_int_equal(found_rec1, 1);
    for (uint32_t i = 1; i < doc->nrefs; i++)
        assert_true(doc->refs[i].paragraph >= doc->refs[i - 1].paragraph);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<paragraph n=\"7.5\" subject=\""));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

/* --------------------------------------------------- grammar override */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void new_instrument_is_a_data_change(void **state)
{
    (void)state;
    char dir[] = "/tmp/odihrx-grammar-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/instruments.tsv", dir);
    /* the built-in rows, plus one */
    const char *builtin = NULL;
    size_t blen = 0;
    for (size_t i = 0; i < odihrx_builtin_file_count; i++)
        if (strcmp(odihrx_builtin_files[i].name, "instruments.tsv") == 0) {
            builtin = odihrx_builtin_files[i].data;
            blen = odihrx_builtin_files[i].len;
        }
    assert_non_null(builtin);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fwrite(builtin, 1, blen, f);
    fputs("test-charter\tarticle\tTest\\s+Charter\n", f);
    fclose(f);
    odihrx_grammar *g = NULL;
    char msg[256];
    assert_int_equal(odihrx_grammar_new(dir, &g, msg, sizeof msg), ODIHRX_OK);
    const char in[] = "Article 4 of the Test Charter applies.\n";
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .flags = ODIHRX_OPT_NO_HASH};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_parse(in, sizeof in - 1, g, &opt, &doc), ODIHRX_OK);
    assert_int_equal(doc->ncites, 1);
    assert_string_equal(g->instruments[doc->cites[0].instrument].id, "test-charter");
    assert_string_equal(doc->cites[0].loc, "4");
    odihrx_doc_free(doc);
    odihrx_grammar_free(g);
    /* a broken row names its file and line */
    write_file(path, "# comment\nbroken\tarticle\t(unclosed\n");
    g = NULL;
    assert_int_equal(odihrx_grammar_new(dir, &g, msg, sizeof msg), ODIHRX_ERR_GRAMMAR);
    assert_null(g);
    assert_non_null(strstr(msg, "instruments.tsv:2:"));
    unlink(path);
    rmdir(dir);
}

/* Mentions are found row by row (only the rows whose hints the block has)
 * yet as one alternation of all rows in table order would find them: the
 * earliest start first, and at one start the row that comes first. */
static odihrx_grammar *grammar_with_instruments(char *dir, const char *rows)
{
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/instruments.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("osce-copenhagen-1990\tparagraph\tCopenhagen\\s+Document\tCopenhagen\n", f);
    fputs(rows, f);
    fclose(f);
    odihrx_grammar *g = NULL;
    char msg[256];
    assert_int_equal(odihrx_grammar_new(dir, &g, msg, sizeof msg), ODIHRX_OK);
    unlink(path);
    rmdir(dir);
    return g;
}

static void expect_mentions(const odihrx_grammar *g, const char *text, const char *want)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .flags = ODIHRX_OPT_NO_HASH};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_parse(text, strlen(text), g, &opt, &doc), ODIHRX_OK);
    char got[512] = "";
    size_t o = 0;
    for (uint32_t i = 0; i < doc->ncites; i++) {
        const odihrx_cite *c = &doc->cites[i];
        o += (size_t)snprintf(got + o, sizeof got - o, "%s%s[%.*s]%s", i ? " " : "",
                              g->instruments[c->instrument].id, (int)(c->end - c->start),
                              doc->blocks[c->block].text + c->start, c->loc ? c->loc : "");
    }
    assert_string_equal(got, want);
    odihrx_doc_free(doc);
}

static void mentions_as_one_alternation_in_row_order(void **state)
{
    (void)state;
    static const char text[] = "Alpha Beta Gamma and Alpha Beta; Gamma Rule 4, Omega Pact.\n";
    /* the longer row first: it wins where both start */
    char d1[] = "/tmp/odihrx-rows-XXXXXX";
    odihrx_grammar *g = grammar_with_instruments(
        d1, "abg\tnone\tAlpha\\s+Beta\\s+Gamma\tGamma\n"
            "ab\tnone\tAlpha\\s+Beta\tBeta\n"
            "gamma-rule\tparagraph\tGamma\\s+Rule\tRule\n");
    expect_mentions(g, text, "abg[Alpha Beta Gamma] ab[Alpha Beta] gamma-rule[Gamma Rule]");
    odihrx_grammar_free(g);
    /* the shorter row first: it wins there, and the rest is no name */
    char d2[] = "/tmp/odihrx-rows-XXXXXX";
    g = grammar_with_instruments(d2, "ab\tnone\tAlpha\\s+Beta\tBeta\n"
                                     "abg\tnone\tAlpha\\s+Beta\\s+Gamma\tGamma\n"
                                     "gamma-rule\tparagraph\tGamma\\s+Rule\tRule\n");
    expect_mentions(g, text, "ab[Alpha Beta] ab[Alpha Beta] gamma-rule[Gamma Rule]");
    odihrx_grammar_free(g);
    /* rows beyond the 32nd share a gate with an earlier row: both run
     * when either's hints are there */
    char rows[4096] = "";
    size_t o = 0;
    for (int r = 1; r < 33; r++)
        o += (size_t)snprintf(rows + o, sizeof rows - o, "filler-%d\tnone\tFiller%d\tFiller%d\n",
                              r, r, r);
    snprintf(rows + o, sizeof rows - o, "omega\tnone\tOmega\\s+Pact\tOmega\n");
    char d3[] = "/tmp/odihrx-rows-XXXXXX";
    g = grammar_with_instruments(d3, rows);
    assert_int_equal(g->ninstruments, 34);
    expect_mentions(g, text, "omega[Omega Pact]");
    expect_mentions(g, "Filler1 and Omega Pact.\n", "filler-1[Filler1] omega[Omega Pact]");
    /* a name just before a locator gives the locator its instrument */
    expect_mentions(g, "Omega Pact, paragraph 5, and the Copenhagen Document.\n",
                    "omega[Omega Pact] omega[paragraph 5]5 osce-copenhagen-1990[Copenhagen Document]");
    odihrx_grammar_free(g);
}

/* ------------------------------------------------------- hint gates */

/* Words are ruled out by their first four bytes where every prefix
 * sharing their first two is at least that long: never a word that a
 * prefix starts. */
static void four_byte_filter_hides_no_prefix(void **state)
{
    (void)state;
    odihrx_hints h = {0};
    assert_int_equal(odihrx_hints_add(&h, 1, "Copenhagen kazakh", 17), ODIHRX_OK);
    assert_int_equal(odihrx_hints_add(&h, 2, "art", 3), ODIHRX_OK);
#define SCAN(text) odihrx_hints_scan(&h, 1 | 2, text, strlen(text))
    assert_int_equal(SCAN("could copy cope"), 0);
    assert_int_equal(SCAN("Copenhaxen"), 0);
    assert_int_equal(SCAN("Cop"), 0);
    assert_int_equal(SCAN("the COPENHAGEN Document"), 1);
    assert_int_equal(SCAN("Copenhageners"), 1);
    assert_int_equal(SCAN("Kazakhstan"), 1);
    assert_int_equal(SCAN("\xe2\x84\xaa" "azakhstan"), 1); /* Kelvin sign, folded to k */
    assert_int_equal(SCAN("KAZAKH"), 1);
    /* a shorter prefix with the same first two bytes: those words are
     * compared in full */
    assert_int_equal(SCAN("are arts"), 2);
    assert_int_equal(SCAN("ar"), 0);
    assert_int_equal(odihrx_hints_add(&h, 4, "co", 2), ODIHRX_OK);
    assert_int_equal(odihrx_hints_scan(&h, 1 | 4, "could", 5), 4);
    assert_int_equal(odihrx_hints_scan(&h, 1 | 4, "Copenhagen", 10), 1 | 4);
#undef SCAN
    odihrx_hints_free(&h);
}

/* Where the words a pattern begins with stand, for patterns tried there
 * only: word starts, in either case, past a word under way at `from`. */
static void hints_say_where_their_words_start(void **state)
{
    (void)state;
    odihrx_hints h = {0};
    assert_int_equal(odihrx_hints_add(&h, 1, "para art", 8), ODIHRX_OK);
    const char *ru = "пункт";
    assert_int_equal(odihrx_hints_add(&h, 2, ru, strlen(ru)), ODIHRX_OK);
    assert_int_equal(odihrx_hints_add(&h, 4, "", 0), ODIHRX_OK);
    assert_true(odihrx_hints_gated(&h, 1 | 2));
    assert_false(odihrx_hints_gated(&h, 1 | 4)); /* a set without hints: anywhere */
    assert_false(odihrx_hints_gated(&h, 8));     /* never given any */
    static const char text[] = "A part of the Article 5 and its paragraph; ПУНКТ 7, апункт, Para";
    size_t n = sizeof text - 1;
    size_t article = (size_t)(strstr(text, "Article") - text);
    size_t paragraph = (size_t)(strstr(text, "paragraph") - text);
    size_t punkt = (size_t)(strstr(text, "ПУНКТ") - text);
    size_t para = (size_t)(strstr(text, "Para") - text);
    assert_int_equal(odihrx_hints_next(&h, 1, text, n, 0), article);
    assert_int_equal(odihrx_hints_next(&h, 1, text, n, article), article);
    /* from inside a word: the next word that starts */
    assert_int_equal(odihrx_hints_next(&h, 1, text, n, article + 1), paragraph);
    assert_int_equal(odihrx_hints_next(&h, 1, text, n, paragraph + 1), para);
    assert_int_equal(odihrx_hints_next(&h, 1, text, n, para + 1), n);
    /* letters outside ASCII; from the middle of a character */
    assert_int_equal(odihrx_hints_next(&h, 2, text, n, 0), punkt);
    assert_int_equal(odihrx_hints_next(&h, 2, text, n, punkt + 1), n); /* "апункт" is one word */
    assert_int_equal(odihrx_hints_next(&h, 1 | 2, text, n, paragraph + 1), punkt);
    assert_int_equal(odihrx_hints_next(&h, 1, "", 0, 0), 0);
    odihrx_hints_free(&h);
}

static void hints_open_only_at_word_starts(void **state)
{
    (void)state;
    odihrx_hints h = {0};
    assert_int_equal(odihrx_hints_add(&h, 1, "para art", 8), ODIHRX_OK);
    const char *cop = "Копенгаген Covenant";
    assert_int_equal(odihrx_hints_add(&h, 2, cop, strlen(cop)), ODIHRX_OK);
    assert_int_equal(odihrx_hints_add(&h, 4, "", 0), ODIHRX_OK); /* no hints: always */
#define SCAN(text) odihrx_hints_scan(&h, 1 | 2 | 4, text, strlen(text))
    assert_int_equal(SCAN("Nothing to see here."), 4);
    assert_int_equal(SCAN("See PARAGRAPH 7."), 1 | 4);
    assert_int_equal(SCAN("the Arts."), 1 | 4);
    /* inside a word is not a start: "compare", "separate", "heart" */
    assert_int_equal(SCAN("compare separate heart"), 4);
    /* letters outside ASCII, in either case, and after punctuation */
    assert_int_equal(SCAN("КОПЕНГАГЕНСКОГО документа"), 2 | 4);
    assert_int_equal(SCAN("(копенгагенского)"), 2 | 4);
    assert_int_equal(SCAN("«Covenants»"), 2 | 4);
    assert_int_equal(SCAN("x_para"), 1 | 4);  /* underscore ends a word here */
    assert_int_equal(SCAN("éart"), 4);       /* é is a letter: no word start */
    assert_int_equal(SCAN("ИКовенант Covenant"), 2 | 4);
    assert_int_equal(SCAN("para"), 1 | 4);
    assert_int_equal(SCAN("par"), 4);        /* shorter than the prefix */
    assert_int_equal(SCAN("\xff\xfepara"), 1 | 4); /* invalid bytes end words */
    /* only the wanted sets are reported; a set never given hints is open */
    assert_int_equal(odihrx_hints_scan(&h, 2, "paragraph", 9), 0);
    assert_int_equal(odihrx_hints_scan(&h, 8, "", 0), 8);
#undef SCAN
    odihrx_hints_free(&h);
}

/* Long texts, so that the scan's wide paths are used, checked against
 * words tracked while the text is built: a set opens exactly where one of
 * its prefixes starts a word, and hints_next finds the first such word. */
typedef struct vocab_word {
    const char *text, *folded;
} vocab_word;

static const vocab_word vocab[] = {
    {"could", "could"},           {"copy", "copy"},       {"Cop", "cop"},
    {"COPENHAGEN", "copenhagen"}, {"Copenhageners", "copenhageners"},
    {"part", "part"},             {"Para", "para"},       {"paragraphs", "paragraphs"},
    {"ARTICLE", "article"},       {"art", "art"},         {"are", "are"},
    {"Kazakh", "kazakh"},         {"the", "the"},         {"of", "of"},
    {"2021", "2021"},             {"7", "7"},             {"CEDAW", "cedaw"},
    {"ced", "ced"},               {"élection", "élection"}, {"копен", "копен"},
    {"КОПЕН", "копен"},           {"x", "x"},             {"Covenant", "covenant"},
    {"NAÏVE", "naïve"},           {"naive", "naive"},
};
static const char *const separators[] = {" ", " ", " ", ", ", ". ", "\n", "’", "—", "_", "(", "\xff"};
static const char *const prefixes[] = {"copenhagen", "para", "art", "kazakh",
                                       "ced",        "копен", "cov", "naïv"};

typedef struct built_text {
    char text[4096];
    size_t len;
    size_t starts[1024]; /* word starts and their folded words */
    char words[1024][128];
    size_t nwords;
} built_text;

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static void append(built_text *t, const char *s)
{
    size_t n = strlen(s);
    assert_true(t->len + n < sizeof t->text);
    memcpy(t->text + t->len, s, n);
    t->len += n;
}

/* Tokens joined by separators, or glued into one word now and then. */
static void build_text(built_text *t, uint32_t *rnd)
{
    memset(t, 0, sizeof *t);
    size_t want = 100 + next_random(rnd) % 2000;
    bool in_word = false;
    while (t->len < want && t->nwords < 1000) {
        const vocab_word *w = &vocab[next_random(rnd) % (sizeof vocab / sizeof vocab[0])];
        if (!in_word || strlen(t->words[t->nwords - 1]) + strlen(w->folded) >= 127) {
            if (in_word)
                append(t, " ");
            t->starts[t->nwords] = t->len;
            t->nwords++;
        }
        strcat(t->words[t->nwords - 1], w->folded);
        append(t, w->text);
        in_word = next_random(rnd) % 3 == 0; /* the next token glued on */
        if (!in_word)
            append(t, separators[next_random(rnd) % (sizeof separators / sizeof separators[0])]);
    }
}

static uint64_t word_opens(const char *folded)
{
    uint64_t sets = 0;
    for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++)
        if (strncmp(folded, prefixes[p], strlen(prefixes[p])) == 0)
            sets |= UINT64_C(1) << p;
    return sets;
}

static void hints_agree_with_words_on_long_texts(void **state)
{
    (void)state;
    odihrx_hints h = {0};
    size_t np = sizeof prefixes / sizeof prefixes[0];
    for (size_t p = 0; p < np; p++)
        assert_int_equal(odihrx_hints_add(&h, UINT64_C(1) << p, prefixes[p], strlen(prefixes[p])),
                         ODIHRX_OK);
    uint64_t all = (UINT64_C(1) << np) - 1;
    built_text *t = malloc(sizeof *t);
    assert_non_null(t);
    uint32_t rnd = 2021;
    for (int round = 0; round < 400; round++) {
        build_text(t, &rnd);
        uint64_t want = 1 + next_random(&rnd) % all;
        uint64_t expect = 0;
        for (size_t w = 0; w < t->nwords; w++)
            expect |= word_opens(t->words[w]);
        assert_int_equal(odihrx_hints_scan(&h, want, t->text, t->len), expect & want);
        /* every word a set's prefixes start, in order, one call from the
         * byte after the one before: a word start seen inside a word, or
         * one missed, shows */
        for (size_t p = 0; p < np; p++) {
            uint64_t set = UINT64_C(1) << p;
            size_t from = 0;
            for (size_t w = 0; w < t->nwords; w++) {
                if (!(word_opens(t->words[w]) & set))
                    continue;
                assert_int_equal(odihrx_hints_next(&h, set, t->text, t->len, from), t->starts[w]);
                from = t->starts[w] + 1;
            }
            assert_int_equal(odihrx_hints_next(&h, set, t->text, t->len, from), t->len);
        }
        /* and from a random byte: the first matching word starting there or later */
        uint64_t sets = UINT64_C(1) << next_random(&rnd) % np;
        size_t from = next_random(&rnd) % (t->len + 1), first = t->len;
        for (size_t w = 0; w < t->nwords && first == t->len; w++)
            if (t->starts[w] >= from && (word_opens(t->words[w]) & sets))
                first = t->starts[w];
        assert_int_equal(odihrx_hints_next(&h, sets, t->text, t->len, from), first);
    }
    free(t);
    odihrx_hints_free(&h);
}

/* A grammar file without its HINTS column. */
static void write_without_hints(const char *dir, const char *name, int hints_col)
{
    const char *data = NULL;
    size_t len = 0;
    for (size_t i = 0; i < odihrx_builtin_file_count; i++)
        if (strcmp(odihrx_builtin_files[i].name, name) == 0) {
            data = odihrx_builtin_files[i].data;
            len = odihrx_builtin_files[i].len;
        }
    assert_non_null(data);
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    int col = 0;
    bool comment = false, bol = true;
    for (size_t i = 0; i < len; i++) {
        if (bol)
            comment = data[i] == '#';
        bol = data[i] == '\n';
        if (bol)
            col = 0;
        else if (data[i] == '\t' && !comment)
            col++;
        if (comment || col < hints_col)
            fputc(data[i], f);
    }
    fclose(f);
}

/* The built-in grammar with the HINTS columns of the named files removed
 * (cols: each file's HINTS column); the files go in dir, a mkdtemp
 * template, and are removed by remove_grammar_dir. */
static odihrx_grammar *grammar_without_hints(char *dir, const char *const *names,
                                             const int *cols, int n)
{
    assert_non_null(mkdtemp(dir));
    for (int i = 0; i < n; i++)
        write_without_hints(dir, names[i], cols[i]);
    odihrx_grammar *plain = NULL;
    char msg[256];
    assert_int_equal(odihrx_grammar_new(dir, &plain, msg, sizeof msg), ODIHRX_OK);
    return plain;
}

static void remove_grammar_dir(const char *dir, const char *const *names, int n)
{
    char path[256];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* text parsed with the built-in grammar and with `plain` */
static void parse_both(const char *text, size_t len, const odihrx_grammar *plain,
                       odihrx_doc **gated, odihrx_doc **all)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .flags = ODIHRX_OPT_NO_HASH};
    assert_int_equal(odihrx_doc_parse(text, len, test_grammar, &opt, gated), ODIHRX_OK);
    assert_int_equal(odihrx_doc_parse(text, len, plain, &opt, all), ODIHRX_OK);
}

/* The gates only spare work: every citation form of these tests, found
 * with the hints and with a grammar that has none, is the same. */
static void gates_change_no_citation(void **state)
{
    (void)state;
    static const char text[] =
        "This conflicts with Paragraph 7.9 of the 1990 OSCE Copenhagen Document.\n\n"
        "It challenges Paragraphs 3 and 7.6 of the 1990 OSCE Copenhagen Document.\n\n"
        "Paragraphs 9.1-9.3 of the Copenhagen Document apply. Paragraph 7.6 refers to it.\n\n"
        "ЭТО НАРУШАЕТ ПУНКТ 7.6 КОПЕНГАГЕНСКОГО ДОКУМЕНТА ОБСЕ 1990 ГОДА.\n\n"
        "See Copenhagen 1990, paragraph 9.2, on assembly. As the Copenhagen Document says.\n\n"
        "Paragraph 20 of the 1996 UN HRC CCPR General Comment No.25 requires it.\n\n"
        "Charges under Article 405 of the Criminal Code. Article 19 of the ICCPR.\n\n"
        "Article 25 of the International Covenant on Civil and Political Rights.\n\n"
        "Under section I.3.3.1.b.ii of the Venice Commission's Code of Good Practice.\n\n"
        "Article 14.3e of the 2002 CIS Convention; Article 29 of the CRPD; UNCAC.\n\n"
        "Article 3 of Protocol 1 to the ECHR; Article 5 of the ICERD; Article 7 of CEDAW.\n\n"
        "Paragraph 7 of the 1991 Moscow Document; OSCE Ministerial Council Decision No. 7/09.\n\n"
        "The 2019 ODIHR and Venice Commission Guidelines on Freedom of Peaceful Assembly.\n\n"
        "the_Copenhagen Document, x-paragraph 7.6, (Article 7), «Paragraph 8».\n\n"
        "A block with neither: the elections were held on 10 January.\n";
    static const char *const files[] = {"citations.pcre", "instruments.tsv"};
    static const int cols[] = {2, 3};
    char dir[] = "/tmp/odihrx-nohints-XXXXXX";
    odihrx_grammar *plain = grammar_without_hints(dir, files, cols, 2);
    assert_int_equal(plain->gates.given, 0);
    assert_int_not_equal(test_grammar->gates.given, 0);
    /* locators searched for, against locators tried where their words are */
    assert_null(plain->locator_at);
    assert_non_null(test_grammar->locator_at);
    odihrx_doc *gated = NULL, *all = NULL;
    parse_both(text, sizeof text - 1, plain, &gated, &all);
    assert_int_equal(all->ncites, 24);
    assert_int_equal(gated->ncites, all->ncites);
    for (uint32_t i = 0; i < all->ncites; i++) {
        const odihrx_cite *a = &all->cites[i], *b = &gated->cites[i];
        assert_int_equal(a->block, b->block);
        assert_int_equal(a->start, b->start);
        assert_int_equal(a->end, b->end);
        assert_int_equal(a->instrument, b->instrument);
        assert_int_equal(a->implied, b->implied);
        assert_string_equal(a->loc ? a->loc : "", b->loc ? b->loc : "");
    }
    /* the Russian citation in capitals passed the gate of lower-case hints */
    assert_int_equal(gated->cites[6].block, 3);
    assert_string_equal(gated->cites[6].loc, "7.6");
    odihrx_doc_free(gated);
    odihrx_doc_free(all);
    odihrx_grammar_free(plain);
    remove_grammar_dir(dir, files, 2);
}

/* Topic gates spare the lexicon patterns, never a key: the same keys with
 * the hints of topics.tsv and without them, over recommendations naming
 * every topic (in capitals, and one with a long s that caseless PCRE2
 * takes for an s). */
static void topic_gates_change_no_key(void **state)
{
    (void)state;
    static const char text[] =
        "# REPUBLIC OF X\n\n## I. RECOMMENDATIONS\n\n"
        "1. The THRESHOLD for seat allocation should be lowered.\n"
        "2. Legislation should follow public consultation.\n"
        "3. Election commissions should be independent.\n"
        "4. Voter lists should include prisoners.\n"
        "5. Independent candidates and self-nominated candidacy should be allowed.\n"
        "6. Registration of political parties should be eased; pluralism matters.\n"
        "7. Intimidation and pressure on voters should end.\n"
        "8. Peaceful assemblies and demonstrations should be allowed.\n"
        "9. Defamation should be decriminalised, and online blogs left free.\n"
        "10. Media and journalists should have airtime.\n"
        "11. Campaign finance donations should be disclosed.\n"
        "12. Complaints and appeals should reach the courts.\n"
        "13. Observers should watch counting at polling stations.\n"
        "14. Women should reach the gender quota.\n"
        "15. National minorities should use minority languages.\n"
        "16. Voters with disabilities should vote unaided.\n"
        "17. Universal ſuffrage should be restored.\n"
        "18. Nothing here names a topic at all.\n";
    static const char *const files[] = {"topics.tsv"};
    static const int cols[] = {3};
    char dir[] = "/tmp/odihrx-notopichints-XXXXXX";
    odihrx_grammar *plain = grammar_without_hints(dir, files, cols, 1);
    assert_int_equal(plain->topic_gates.given, 0);
    assert_int_not_equal(test_grammar->topic_gates.given, 0);
    odihrx_doc *gated = NULL, *all = NULL;
    parse_both(text, sizeof text - 1, plain, &gated, &all);
    assert_int_equal(all->nrecs, 18);
    uint32_t lexicon = 0;
    bool long_s = false;
    assert_int_equal(gated->nkeys, all->nkeys);
    for (uint32_t i = 0; i < all->nkeys; i++) {
        const odihrx_key *a = &all->keys[i], *b = &gated->keys[i];
        assert_int_equal(a->rec, b->rec);
        assert_int_equal(a->paragraph, b->paragraph);
        assert_int_equal(a->basis, b->basis);
        assert_string_equal(a->via ? a->via : "", b->via ? b->via : "");
        lexicon += a->basis == ODIHRX_BASIS_LEXICON;
        long_s |= a->rec == 16 && a->via && strcmp(a->via, "topic:voter-registration") == 0;
    }
    assert_true(lexicon >= 17);
    assert_true(long_s);
    odihrx_doc_free(gated);
    odihrx_doc_free(all);
    odihrx_grammar_free(plain);
    remove_grammar_dir(dir, files, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copenhagen_forms),
        cmocka_unit_test(unknown_paragraph_is_kept_and_flagged),
        cmocka_unit_test(decoys_keep_their_instrument),
        cmocka_unit_test(other_instruments),
        cmocka_unit_test(citation_in_a_footnote),
        cmocka_unit_test(key_bases),
        cmocka_unit_test(recommendation_footnote_cites),
        cmocka_unit_test(index_by_paragraph),
        cmocka_unit_test(new_instrument_is_a_data_change),
        cmocka_unit_test(hints_open_only_at_word_starts),
        cmocka_unit_test(mentions_as_one_alternation_in_row_order),
        cmocka_unit_test(four_byte_filter_hides_no_prefix),
        cmocka_unit_test(hints_say_where_their_words_start),
        cmocka_unit_test(hints_agree_with_words_on_long_texts),
        cmocka_unit_test(gates_change_no_citation),
        cmocka_unit_test(topic_gates_change_no_key),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
