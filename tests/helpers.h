/*
 * helpers.h: shared by the cmocka unit tests. Each test parses a small
 * hand-written input with the built-in grammar and inspects the document
 * model (lib/doc.h) directly.
 */
#ifndef ODIHRX_TEST_HELPERS_H
#define ODIHRX_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "grammar.h"
#include "odihrx.h"

/* One grammar for the whole test program (cmocka group setup). */
static odihrx_grammar *test_grammar;

static inline int test_setup_grammar(void **state)
{
    (void)state;
    char msg[256];
    return odihrx_grammar_new(NULL, &test_grammar, msg, sizeof msg) == ODIHRX_OK ? 0 : -1;
}

static inline int test_teardown_grammar(void **state)
{
    (void)state;
    odihrx_grammar_free(test_grammar);
    test_grammar = NULL;
    return 0;
}

/* Parse a NUL-terminated input (without hashing); fails the test on error. */
static inline odihrx_doc *parse_str(const char *input)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_NO_HASH | ODIHRX_OPT_CHECK,
                          .source_name = "test.md"};
    odihrx_doc *doc = NULL;
    odihrx_status st = odihrx_doc_parse(input, strlen(input), test_grammar, &opt, &doc);
    assert_int_equal(st, ODIHRX_OK);
    assert_non_null(doc);
    return doc;
}

/* Parse NUL-terminated text as the given format (without hashing); fails
 * the test on error. */
static inline odihrx_doc *parse_as(const char *input, odihrx_format format, const char *name)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_NO_HASH | ODIHRX_OPT_CHECK,
                          .format = format,
                          .source_name = name};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_parse(input, strlen(input), test_grammar, &opt, &doc), ODIHRX_OK);
    assert_non_null(doc);
    return doc;
}

/* Markdown-like text, as converters make it from the PDF. */
static inline odihrx_doc *parse_md(const char *input)
{
    return parse_as(input, ODIHRX_FORMAT_MARKDOWN, "test.md");
}

/* Plain text, as pdftotext writes it. */
static inline odihrx_doc *parse_text(const char *input)
{
    return parse_as(input, ODIHRX_FORMAT_TEXT, "test.txt");
}

/* Index of the block whose text is exactly this; fails the test if none. */
static inline uint32_t block_with_text(const odihrx_doc *doc, const char *text)
{
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (strcmp(doc->blocks[i].text, text) == 0)
            return i;
    fail_msg("no block with text \"%s\"", text);
    return ODIHRX_NONE;
}

/* Number of diagnostics with this code. */
static inline size_t diag_count(const odihrx_doc *doc, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++)
        if (strcmp(odihrx_doc_diag_at(doc, i)->code, code) == 0)
            n++;
    return n;
}

/* The one diagnostic with this code; fails the test unless exactly one. */
static inline const odihrx_diag *only_diag(const odihrx_doc *doc, const char *code)
{
    assert_int_equal(diag_count(doc, code), 1);
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++)
        if (strcmp(odihrx_doc_diag_at(doc, i)->code, code) == 0)
            return odihrx_doc_diag_at(doc, i);
    return NULL;
}

/* The k-th block (0-based) of a kind, or NULL. */
static inline const odihrx_block *nth_block(const odihrx_doc *doc, int kind, uint32_t k)
{
    for (uint32_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == kind && k-- == 0)
            return &doc->blocks[i];
    return NULL;
}

static inline uint32_t count_blocks(const odihrx_doc *doc, int kind)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < doc->nblocks; i++)
        n += doc->blocks[i].kind == kind;
    return n;
}

/* The whole XML of a document, NUL-terminated; free with odihrx_buf_free. */
static inline odihrx_buf xml_of(const odihrx_doc *doc)
{
    odihrx_buf b = {0};
    assert_int_equal(odihrx_doc_write_xml(doc, &b), ODIHRX_OK);
    return b;
}

/* The document's XML is valid against the built-in schema. */
static inline void valid_xml(const odihrx_doc *doc)
{
    odihrx_buf xml = xml_of(doc);
    char msg[512];
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, msg, sizeof msg), ODIHRX_OK);
    odihrx_buf_free(&xml);
}

#endif
