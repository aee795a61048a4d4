/* test_decode.c: stage 1, bytes to NFC UTF-8 lines, and SHA-256. */
#include "helpers.h"
#include <stdlib.h>

#include "sha256.h"
#include "utf8.h"

static odihrx_doc *parse_bytes(const char *data, size_t len)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_CHECK,
                          .source_name = "bytes.txt"};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_decode_only(data, len, test_grammar, &opt, &doc), ODIHRX_OK);
    return doc;
}

static void sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    odihrx_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    odihrx_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    odihrx_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* FIPS 180-2's long vector: a million 'a', many blocks in one call */
    char *million = malloc(1000000);
    assert_non_null(million);
    memset(million, 'a', 1000000);
    for (int fast = 0; fast < 2; fast++) {
        odihrx_sha256_hex_with(million, 1000000, hex, fast && odihrx_sha256_accelerated());
        assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
    free(million);
}

/* The SHA-extension path and the portable one agree at every length
 * around the block and padding boundaries (on CPUs without the
 * extensions both calls take the portable path). */
static void sha256_paths_agree(void **state)
{
    (void)state;
    unsigned char data[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + 7);
    for (size_t len = 0; len <= sizeof data; len++) {
        char portable[65], fast[65];
        odihrx_sha256_hex_with(data, len, portable, false);
        odihrx_sha256_hex_with(data, len, fast, odihrx_sha256_accelerated());
        assert_string_equal(portable, fast);
    }
}

static void crlf_and_cr_become_lf(void **state)
{
    (void)state;
    const char in[] = "one\r\ntwo\rthree\n";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "one\ntwo\nthree\n");
    assert_int_equal(doc->nlines, 4);
    /* raw offsets of each line start, for diagnostics */
    assert_int_equal(doc->line_raw[1], 5);
    assert_int_equal(doc->line_raw[2], 9);
    odihrx_doc_free(doc);
}

static void bom_is_dropped(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBFtext\n";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "text\n");
    assert_true(doc->had_bom);
    odihrx_doc_free(doc);
}

static void invalid_utf8_and_nul_reported_with_offset(void **state)
{
    (void)state;
    const char in[] = "ab\xC3\xA9\nx\xFFy\nz\0w\n";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "ab\xC3\xA9\nx\xEF\xBF\xBDy\nzw\n");
    assert_int_equal(diag_count(doc, "invalid-utf8"), 1);
    assert_int_equal(diag_count(doc, "nul-byte"), 1);
    for (size_t i = 0; i < odihrx_doc_diag_count(doc); i++) {
        const odihrx_diag *d = odihrx_doc_diag_at(doc, i);
        if (strcmp(d->code, "invalid-utf8") == 0) {
            assert_int_equal(d->offset, 6);
            assert_int_equal(d->line, 2);
        }
        if (strcmp(d->code, "nul-byte") == 0) {
            assert_int_equal(d->offset, 10);
            assert_int_equal(d->line, 3);
        }
    }
    odihrx_doc_free(doc);
}

static void controls_never_reach_the_text(void **state)
{
    (void)state;
    const char in[] = "a\x01" "b\x1F" "c\x7F" "d\tq\n";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "abcd\tq\n");
    assert_int_equal(diag_count(doc, "control-char"), 3);
    odihrx_buf xml = xml_of(doc);
    for (size_t i = 0; i < xml.size; i++) {
        unsigned char c = (unsigned char)xml.data[i];
        assert_true(c >= 0x20 || c == '\n' || c == '\t');
    }
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
}

static void nfc_composes(void **state)
{
    (void)state;
    /* e + COMBINING ACUTE ACCENT -> U+00E9 */
    const char in[] = "Jos\x65\xCC\x81\n";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "Jos\xC3\xA9\n");
    odihrx_doc_free(doc);
}

static void utf16le_with_bom(void **state)
{
    (void)state;
    const char in[] = "\xFF\xFEH\0i\0\n\0\x3A\x04\n\0";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "Hi\n\xD0\xBA\n");
    assert_string_equal(doc->encoding, "UTF-16LE");
    odihrx_doc_free(doc);
}

static void windows1252_detected(void **state)
{
    (void)state;
    const char in[] = "\x93quoted\x94 caf\xE9\n";
    odihrx_doc *doc = parse_bytes(in, sizeof in - 1);
    assert_string_equal(doc->text, "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9\n");
    assert_string_equal(doc->encoding, "windows-1252");
    odihrx_doc_free(doc);
}

static void format_detection(void **state)
{
    (void)state;
    odihrx_doc *md = parse_str("# Title\n\nText with a marker.<sup>1</sup>\n");
    assert_int_equal(md->format, ODIHRX_FORMAT_MARKDOWN);
    odihrx_doc_free(md);
    odihrx_doc *txt = parse_str("Plain words\n\nand more words.\n");
    assert_int_equal(txt->format, ODIHRX_FORMAT_TEXT);
    odihrx_doc_free(txt);
}

/* A page saved as XHTML opens with an XML declaration, comments and a
 * document type before <html>; odihrx's own XML given back is refused,
 * not made into a report of its markup; other XML is read as text with
 * a warning. */
static void xml_inputs(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_str("<?xml version=\"1.0\"?>\n<!-- saved -->\n"
                                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">\n"
                                "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                                "<h2>I. SUMMARY</h2><p>Text.</p></body></html>\n");
    assert_int_equal(doc->format, ODIHRX_FORMAT_HTML);
    assert_int_equal(doc->nsections, 1);
    assert_int_equal(diag_count(doc, "input-xml"), 0);
    odihrx_doc_free(doc);

    const char own[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<report version=\"1\" kind=\"other\" xmlns=\"urn:odihrx:report:1\">\n"
                       "  <body/>\n</report>\n";
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION, .source_name = "out.xml"};
    assert_int_equal(odihrx_doc_parse(own, sizeof own - 1, test_grammar, &opt, &doc),
                     ODIHRX_ERR_INPUT);
    const odihrx_diag *d = only_diag(doc, "input-xml");
    assert_int_equal(d->severity, ODIHRX_ERROR);
    assert_int_equal(d->line, 2); /* the root element's line */
    assert_non_null(strstr(d->message, "odihrx XML (<report>)"));
    odihrx_doc_free(doc);

    doc = parse_str("<?xml version=\"1.0\"?>\n<office:document>I. SUMMARY</office:document>\n");
    assert_int_equal(doc->format, ODIHRX_FORMAT_TEXT);
    d = only_diag(doc, "input-xml");
    assert_int_equal(d->severity, ODIHRX_WARNING);
    assert_non_null(strstr(d->message, "<office:document>"));
    odihrx_doc_free(doc);

    /* markup that opens a text is no XML: no diagnostic */
    doc = parse_str("<b>I. SUMMARY</b>\n\nText.\n");
    assert_int_equal(diag_count(doc, "input-xml"), 0);
    odihrx_doc_free(doc);
    /* an XML declaration never closed, in a text of any length */
    doc = parse_str("<?xml version=\"1.0\"\nI. SUMMARY\n");
    assert_int_equal(diag_count(doc, "input-xml"), 0);
    odihrx_doc_free(doc);
}

static void empty_and_bom_only(void **state)
{
    (void)state;
    odihrx_doc *doc = parse_bytes("", 0);
    assert_int_equal(doc->text_len, 0);
    odihrx_doc_free(doc);
    doc = parse_str(""); /* all stages: an empty report is still a report */
    assert_int_equal(doc->nblocks, 0);
    odihrx_buf xml = xml_of(doc);
    assert_non_null(strstr(xml.data, "<body/>") ? xml.data : strstr(xml.data, "<body>"));
    assert_int_equal(odihrx_validate_xml(xml.data, xml.size, NULL, 0), ODIHRX_OK);
    odihrx_buf_free(&xml);
    odihrx_doc_free(doc);
    doc = parse_bytes("\xEF\xBB\xBF", 3);
    assert_int_equal(doc->text_len, 0);
    odihrx_doc_free(doc);
}

static odihrx_doc *decode_in_place(const char *data, size_t len)
{
    odihrx_options opt = {.abi_version = ODIHRX_OPTIONS_VERSION,
                          .flags = ODIHRX_OPT_CHECK | ODIHRX_OPT_INPUT_TERMINATED,
                          .source_name = "bytes.txt"};
    odihrx_doc *doc = NULL;
    assert_int_equal(odihrx_doc_decode_only(data, len, test_grammar, &opt, &doc), ODIHRX_OK);
    return doc;
}

/* With ODIHRX_OPT_INPUT_TERMINATED, clean UTF-8 is used where it lies and
 * anything the decoder would change is still copied and decoded; the
 * line table is the same either way. */
static void clean_utf8_is_decoded_in_place(void **state)
{
    (void)state;
    static const char clean[] = "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D\n\tsecond\n\nlast";
    odihrx_doc *doc = decode_in_place(clean, sizeof clean - 1);
    odihrx_doc *copy = parse_bytes(clean, sizeof clean - 1);
    assert_ptr_equal(doc->text, clean);
    assert_null(doc->text_owned);
    assert_int_equal(doc->text_len, copy->text_len);
    assert_int_equal(doc->nlines, copy->nlines);
    for (uint32_t i = 0; i <= doc->nlines; i++) {
        assert_int_equal(doc->line_start[i], copy->line_start[i]);
        assert_int_equal(doc->line_raw[i], copy->line_raw[i]);
    }
    assert_string_equal(doc->encoding, "UTF-8");
    odihrx_doc_free(doc);
    odihrx_doc_free(copy);

    static const char bom[] = "\xEF\xBB\xBFone\ntwo";
    doc = decode_in_place(bom, sizeof bom - 1);
    copy = parse_bytes(bom, sizeof bom - 1);
    assert_ptr_equal(doc->text, bom + 3);
    assert_true(doc->had_bom);
    for (uint32_t i = 0; i <= doc->nlines; i++)
        assert_int_equal(doc->line_raw[i], copy->line_raw[i]);
    odihrx_doc_free(doc);
    odihrx_doc_free(copy);

    /* each of these needs decoding: CR, a form feed (a page break), a NUL,
     * an invalid byte, a combining mark NFC composes, a non-character */
    static const char *const dirty[] = {"a\r\nb", "a\fb", "a\0b", "a\xFF b", "e\xCC\x81",
                                        "x\xEF\xBF\xBEy"};
    static const size_t dirty_len[] = {4, 3, 3, 4, 3, 5};
    for (size_t k = 0; k < sizeof dirty / sizeof dirty[0]; k++) {
        doc = decode_in_place(dirty[k], dirty_len[k]);
        copy = parse_bytes(dirty[k], dirty_len[k]);
        assert_ptr_not_equal(doc->text, dirty[k]);
        assert_non_null(doc->text_owned);
        assert_string_equal(doc->text, copy->text);
        odihrx_doc_free(doc);
        odihrx_doc_free(copy);
    }
}

/* Long inputs, so the survey's sixteen-byte steps see them: a control
 * at any offset keeps the input from being used in place, and line ends
 * at any offset give the same line table as the decoding copy. */
static void controls_and_lines_at_every_offset(void **state)
{
    (void)state;
    enum { LEN = 128 };
    char in[LEN + 1] = {0}; /* NUL-terminated, as in place needs */
    for (int c = 0; c < 0x80; c++) {
        bool changed = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
        if (!changed)
            continue;
        for (size_t at = 0; at < 48; at++) {
            memset(in, 'a', LEN);
            in[at] = (char)c;
            in[60] = '\n';
            odihrx_doc *doc = decode_in_place(in, LEN);
            if (doc->text == in)
                fail_msg("control 0x%02x at %zu: input used in place", c, at);
            odihrx_doc_free(doc);
        }
    }
    for (size_t step = 1; step < 40; step++) {
        memset(in, 'x', LEN);
        for (size_t k = step; k < LEN; k += step + (k % 3))
            in[k] = '\n';
        odihrx_doc *doc = decode_in_place(in, LEN);
        odihrx_doc *copy = parse_bytes(in, LEN);
        assert_ptr_equal(doc->text, in);
        assert_int_equal(doc->nlines, copy->nlines);
        for (uint32_t i = 0; i <= doc->nlines; i++) {
            assert_int_equal(doc->line_start[i], copy->line_start[i]);
            assert_int_equal(doc->line_raw[i], copy->line_raw[i]);
        }
        odihrx_doc_free(doc);
        odihrx_doc_free(copy);
    }
}

/* odihrx_utf8_whole drops exactly a character the end cuts short. */
static void utf8_whole_drops_only_a_cut_character(void **state)
{
    (void)state;
    static const char *const whole[] = {"", "a", "\xC3\xA9", "a\xE2\x82\xAC",
                                        "\xF0\x9F\x98\x80", "\xEF\xBF\xBDz"};
    for (size_t k = 0; k < sizeof whole / sizeof *whole; k++)
        assert_int_equal(odihrx_utf8_whole(whole[k], strlen(whole[k])), strlen(whole[k]));
    /* every cut inside a character of 2, 3 and 4 bytes, after an 'a' */
    static const char *const chars[] = {"a\xC3\xA9", "a\xE2\x82\xAC", "a\xF0\x9F\x98\x80"};
    for (size_t k = 0; k < 3; k++)
        for (size_t cut = 2; cut < strlen(chars[k]); cut++)
            assert_int_equal(odihrx_utf8_whole(chars[k], cut), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_vectors),
        cmocka_unit_test(sha256_paths_agree),
        cmocka_unit_test(clean_utf8_is_decoded_in_place),
        cmocka_unit_test(controls_and_lines_at_every_offset),
        cmocka_unit_test(crlf_and_cr_become_lf),
        cmocka_unit_test(bom_is_dropped),
        cmocka_unit_test(invalid_utf8_and_nul_reported_with_offset),
        cmocka_unit_test(controls_never_reach_the_text),
        cmocka_unit_test(nfc_composes),
        cmocka_unit_test(utf8_whole_drops_only_a_cut_character),
        cmocka_unit_test(utf16le_with_bom),
        cmocka_unit_test(windows1252_detected),
        cmocka_unit_test(format_detection),
        cmocka_unit_test(xml_inputs),
        cmocka_unit_test(empty_and_bom_only),
    };
    return cmocka_run_group_tests(tests, test_setup_grammar, test_teardown_grammar);
}
