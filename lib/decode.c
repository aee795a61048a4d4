/*
 * decode.c: stage 1. Raw bytes become NFC UTF-8 with LF line ends, a line
 * table (decoded and raw offsets of each line) and a detected source format.
 * Reads: the input bytes. Writes: doc->text, line tables, format, lang.
 * Invalid UTF-8, NUL bytes and C0 controls are replaced or removed with a
 * diagnostic carrying the byte offset: libxml2's writer would otherwise
 * write U+0001 raw and produce XML that is not well-formed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "buf.h"
#include "doc.h"
#include "grammar.h"
#include "odihrx_limits.h"
#include "sha256.h"

enum { MAX_BYTE_DIAGS = 20 };

typedef struct sink {
    odihrx_doc *doc;
    char *out;
    size_t n;
    size_t cap;
    uint32_t lines;   /* lines started so far */
    uint32_t *lraw;   /* raw offset per line (grown) */
    uint32_t lcap;
    size_t bad_bytes; /* reported problems, for the summary */
    size_t nul_bytes, controls;
    bool pending_cr;
    bool nfc_candidate; /* a code point NFC may change was seen */
} sink;

/* Whether NFC may change text holding this code point. Text already in
 * NFC is the rule, so only lines with a combining mark, a composition
 * exclusion (singletons such as U+212B) or a code point that composes with
 * the one before it (Hangul jamo, a few Indic vowel signs) go through
 * utf8proc; every other line is NFC as it stands. */
static bool nfc_sensitive(int32_t cp)
{
    static const int32_t second_starters[] = {0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE,
                                              0x0BD7, 0x0C56, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E,
                                              0x0D57, 0x0DCF, 0x0DDF, 0x102E, 0x1B35};
    if (cp < 0x300)
        return false;
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3))
        return true; /* Hangul jamo and syllables compose algorithmically */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class != 0 || p->comp_exclusion)
        return true;
    for (size_t k = 0; k < sizeof second_starters / sizeof second_starters[0]; k++)
        if (cp == second_starters[k])
            return true;
    return false;
}

static void put_cp(sink *s, int32_t cp)
{
    if (cp >= 0x300 && !s->nfc_candidate && nfc_sensitive(cp))
        s->nfc_candidate = true;
    s->n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)s->out + s->n);
}

static odihrx_status line_start(sink *s, uint64_t raw_off)
{
    if (s->lines == s->lcap) {
        uint32_t ncap = s->lcap ? s->lcap * 2 : 1024;
        uint32_t *p = odihrx_realloc(s->lraw, sizeof *p * ncap);
        if (!p)
            return ODIHRX_ERR_NOMEM;
        s->lraw = p;
        s->lcap = ncap;
    }
    s->lraw[s->lines++] = (uint32_t)raw_off;
    return ODIHRX_OK;
}

static odihrx_status report_byte(sink *s, const char *code, uint64_t off, const char *what)
{
    s->bad_bytes++;
    if (s->bad_bytes > MAX_BYTE_DIAGS)
        return ODIHRX_OK;
    uint32_t line = s->lines ? s->lines - 1 : 0;
    odihrx_status st =
        odihrx_diag_add(s->doc, ODIHRX_WARNING, code, ODIHRX_NONE,
                        "%s at byte offset %llu (line %u); replaced", what,
                        (unsigned long long)off, line + 1);
    if (st == ODIHRX_OK && s->doc->diags.count) {
        odihrx_diag *d = &s->doc->diags.items[s->doc->diags.count - 1];
        d->line = line + 1;
        d->offset = off;
    }
    return st;
}

/* One decoded code point at raw offset off. */
static odihrx_status emit(sink *s, int32_t cp, uint64_t off, uint64_t next_off)
{
    if (cp == '\n') {
        if (s->pending_cr) {
            s->pending_cr = false;
            s->lraw[s->lines - 1] = (uint32_t)next_off;
            return ODIHRX_OK;
        }
        s->out[s->n++] = '\n';
        return line_start(s, next_off);
    }
    s->pending_cr = false;
    if (cp == '\r') {
        s->out[s->n++] = '\n';
        s->pending_cr = true;
        return line_start(s, next_off);
    }
    if (cp == 0) {
        s->nul_bytes++;
        return report_byte(s, "nul-byte", off, "NUL byte");
    }
    if (cp == '\f') {
        /* a page break: segment uses it to find running headers, page
         * numbers and the footnotes at the foot of each page */
        odihrx_doc *doc = s->doc;
        uint32_t line = s->lines - 1;
        if (doc->npages && doc->page_start[doc->npages - 1] == line)
            return ODIHRX_OK;
        if (odihrx_vec_grow((void **)&doc->page_start, &doc->npages, &doc->cap_pages,
                            sizeof *doc->page_start, UINT32_MAX - 1))
            return ODIHRX_ERR_NOMEM;
        doc->page_start[doc->npages++] = line;
        return ODIHRX_OK;
    }
    if ((cp < 0x20 && cp != '\t') || cp == 0x7f) {
        s->controls++;
        return report_byte(s, "control-char", off, "control character");
    }
    if (cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        put_cp(s, 0xFFFD);
        return report_byte(s, "noncharacter", off, "non-character code point");
    }
    put_cp(s, cp);
    return ODIHRX_OK;
}

static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* Nonzero when one of eight bytes is below 0x20 or is DEL (the borrow
 * trick of "hasless"; a byte with the high bit may also report, which both
 * callers treat as "look closer"). */
static uint64_t control_or_del(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t del = w ^ (0x7F * ones);
    return (((w - 0x20 * ones) & ~w) | ((del - ones) & ~del)) & highs;
}

/* A byte the decoder would change: a control other than TAB and LF (CR,
 * NUL, form feed, ...) or DEL. */
static bool changed_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

typedef struct survey {
    size_t valid_multi, invalid;
    size_t newlines;
    bool controls; /* a changed_control byte */
    bool clean;    /* valid UTF-8 the decoder would copy unchanged: no
                    * non-character, nothing NFC could change (controls
                    * aside) */
} survey;

/* The ASCII bytes of p[i..i+k): their line ends and changed controls. */
static void survey_ascii_bytes(survey *sv, const unsigned char *p, size_t i, size_t k)
{
    for (; i < k; i++) {
        sv->newlines += p[i] == '\n';
        sv->controls |= changed_control(p[i]);
    }
}

/* The ASCII run at p[i..len): its line ends and changed controls counted,
 * sixteen or eight bytes at a time; returns where it ends. */
static size_t survey_ascii(survey *sv, const unsigned char *p, size_t i, size_t len)
{
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'),
                  del = _mm_set1_epi8(0x7F), below_space = _mm_set1_epi8(0x1F);
    while (len - i >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        if (_mm_movemask_epi8(x))
            break; /* a byte outside ASCII among them */
        __m128i is_lf = _mm_cmpeq_epi8(x, lf);
        __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, below_space), x);
        control = _mm_andnot_si128(_mm_or_si128(is_lf, _mm_cmpeq_epi8(x, tab)), control);
        control = _mm_or_si128(control, _mm_cmpeq_epi8(x, del));
        /* a line end in one step of five: counted bit by bit, no popcount
         * instruction needed (the baseline x86-64 has none) */
        for (unsigned ends = (unsigned)_mm_movemask_epi8(is_lf); ends; ends &= ends - 1)
            sv->newlines++;
        sv->controls |= _mm_movemask_epi8(control) != 0;
        i += 16;
    }
#else
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        if (control_or_del(w))
            survey_ascii_bytes(sv, p, i, i + 8);
        i += 8;
    }
#endif
    size_t k = i;
    while (k < len && p[k] < 0x80)
        k++;
    survey_ascii_bytes(sv, p, i, k);
    return k;
}

/* One pass over the input: valid UTF-8 multibyte sequences and invalid
 * bytes (to tell UTF-8 from Windows-1252), line ends, and whether the
 * decoder would change anything. */
static survey survey_utf8(const unsigned char *p, size_t len)
{
    survey sv = {.clean = true};
    size_t i = 0;
    while (i < len) {
        i = survey_ascii(&sv, p, i, len);
        if (i >= len)
            break;
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            sv.invalid++;
            sv.clean = false;
            i++;
        } else {
            sv.valid_multi++;
            if (cp == 0xFFFE || cp == 0xFFFF || (cp >= 0x300 && nfc_sensitive(cp)))
                sv.clean = false;
            i += (size_t)n;
        }
    }
    return sv;
}

/* Length of the run of printable ASCII (0x20..0x7E) at p, eight bytes at
 * a time: most of a report is such runs between line ends, and they are
 * copied as they are. Per word: any byte with the high bit, any byte
 * below 0x20 (the borrow trick of "hasless"), any DEL. */
static size_t printable_run(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if ((w & 0x8080808080808080ull) || control_or_del(w))
            break;
        i += 8;
    }
    while (i < len && p[i] >= 0x20 && p[i] < 0x7F)
        i++;
    return i;
}

static odihrx_status decode_utf8(sink *s, const unsigned char *p, size_t len, size_t base)
{
    size_t i = 0;
    odihrx_status st = ODIHRX_OK;
    while (i < len && st == ODIHRX_OK) {
        size_t run = printable_run(p + i, len - i);
        if (run) { /* the common case */
            memcpy(s->out + s->n, p + i, run);
            s->n += run;
            i += run;
            s->pending_cr = false;
            continue;
        }
        if (p[i] < 0x80) {
            st = emit(s, p[i], base + i, base + i + 1);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            put_cp(s, 0xFFFD);
            st = report_byte(s, "invalid-utf8", base + i, "invalid UTF-8 sequence");
            i++;
        } else if (cp >= 0xA0 && cp != 0xFFFE && cp != 0xFFFF) {
            /* valid and harmless: copy the bytes as they are */
            if (cp >= 0x300 && !s->nfc_candidate && nfc_sensitive(cp))
                s->nfc_candidate = true;
            memcpy(s->out + s->n, p + i, (size_t)n);
            s->n += (size_t)n;
            s->pending_cr = false;
            i += (size_t)n;
        } else {
            st = emit(s, cp, base + i, base + i + (size_t)n);
            i += (size_t)n;
        }
    }
    return st;
}

static odihrx_status decode_cp1252(sink *s, const unsigned char *p, size_t len)
{
    odihrx_status st = ODIHRX_OK;
    for (size_t i = 0; i < len && st == ODIHRX_OK; i++) {
        int32_t cp = p[i] >= 0x80 && p[i] < 0xA0 ? cp1252_high[p[i] - 0x80] : p[i];
        st = emit(s, cp, i, i + 1);
    }
    return st;
}

/* UTF-16 from byte `from` on (2 after a BOM, 0 without one). */
static odihrx_status decode_utf16(sink *s, const unsigned char *p, size_t len, bool be,
                                  size_t from)
{
    odihrx_status st = ODIHRX_OK;
    size_t i = from;
    while (i + 1 < len && st == ODIHRX_OK) {
        uint32_t u = be ? (uint32_t)p[i] << 8 | p[i + 1] : (uint32_t)p[i + 1] << 8 | p[i];
        size_t at = i;
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t lo = be ? (uint32_t)p[i] << 8 | p[i + 1] : (uint32_t)p[i + 1] << 8 | p[i];
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                i += 2;
                st = emit(s, (int32_t)(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)), at, i);
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            put_cp(s, 0xFFFD);
            st = report_byte(s, "invalid-utf16", at, "unpaired UTF-16 surrogate");
            continue;
        }
        st = emit(s, (int32_t)u, at, i);
    }
    if (st == ODIHRX_OK && i < len)
        st = report_byte(s, "invalid-utf16", i, "odd trailing byte in UTF-16 input");
    return st;
}

static bool line_needs_nfc(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n) {
        unsigned char c = (unsigned char)s[k];
        if (c < 0xCC) { /* U+0000..U+02FF and continuation bytes */
            k++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + k,
                                                (utf8proc_ssize_t)(n - k), &cp);
        if (len <= 0)
            return true;
        if (nfc_sensitive(cp))
            return true;
        k += (size_t)len;
    }
    return false;
}

/* NFC line by line, and only the lines that may change; NFC never crosses
 * a line break, so the line count stays the same. */
static odihrx_status normalize(odihrx_doc *doc, sink *s)
{
    odihrx_buf out = {0};
    bool changed = false;
    size_t line = 0, copied = 0;
    odihrx_status st = ODIHRX_OK;
    while (line < s->n && st == ODIHRX_OK) {
        const char *nl = memchr(s->out + line, '\n', s->n - line);
        size_t end = nl ? (size_t)(nl - s->out) : s->n;
        if (line_needs_nfc(s->out + line, end - line)) {
            utf8proc_uint8_t *nfc = NULL;
            utf8proc_ssize_t r =
                utf8proc_map((const utf8proc_uint8_t *)s->out + line, (utf8proc_ssize_t)(end - line),
                             &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
            if (r < 0) {
                st = r == UTF8PROC_ERROR_NOMEM
                         ? ODIHRX_ERR_NOMEM
                         : odihrx_diag_add(doc, ODIHRX_WARNING, "nfc", ODIHRX_NONE,
                                           "Unicode normalization skipped on a line: %s",
                                           utf8proc_errmsg(r));
            } else if ((size_t)r != end - line || memcmp(nfc, s->out + line, (size_t)r) != 0) {
                if (odihrx_buf_append(&out, s->out + copied, line - copied) ||
                    odihrx_buf_append(&out, (const char *)nfc, (size_t)r))
                    st = ODIHRX_ERR_NOMEM;
                copied = end;
                changed = true;
            }
            free(nfc);
        }
        line = end + 1;
    }
    if (st == ODIHRX_OK && changed) {
        if (odihrx_buf_append(&out, s->out + copied, s->n - copied)) {
            st = ODIHRX_ERR_NOMEM;
        } else {
            odihrx_free(s->out);
            s->out = out.data;
            s->n = out.size;
            out.data = NULL;
        }
    }
    odihrx_buf_free(&out);
    return st;
}

/* Where markup text's first element or document type starts, past an
 * XML declaration, processing instructions and comments ("<?xml ...?>
 * <!DOCTYPE html>" is a page saved as XHTML); n when the text does not
 * start with markup within its first 4 KiB. */
static size_t markup_start(const char *t, size_t n)
{
    size_t limit = n < 4096 ? n : 4096, i = 0;
    for (;;) {
        while (i < limit && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t'))
            i++;
        if (i + 1 >= limit || t[i] != '<')
            return n;
        const char *close = t[i + 1] == '?' ? "?>" : strncmp(t + i, "<!--", 4) == 0 ? "-->" : NULL;
        if (!close)
            return i;
        const char *end = NULL;
        for (size_t k = i + 2; k + strlen(close) <= limit && !end; k++)
            if (memcmp(t + k, close, strlen(close)) == 0)
                end = t + k;
        if (!end)
            return n;
        i = (size_t)(end - t) + strlen(close);
    }
}

static odihrx_format detect_format(const char *t, size_t n)
{
    size_t i = markup_start(t, n);
    if (i < n && n - i >= 5 &&
        (strncasecmp(t + i, "<!doc", 5) == 0 || strncasecmp(t + i, "<html", 5) == 0))
        return ODIHRX_FORMAT_HTML;
    i = 0;
    /* Markdown-like text shows its markup within the first lines that have any. */
    size_t scan = n < 65536 ? n : 65536;
    unsigned score = 0;
    for (size_t k = 0; k < scan && score < 2; k++) {
        bool bol = k == 0 || t[k - 1] == '\n';
        if (bol && t[k] == '#' && k + 1 < n && (t[k + 1] == '#' || t[k + 1] == ' '))
            score += 2; /* an ATX heading alone tells markdown */
        else if (t[k] == '<' && k + 4 < n && memcmp(t + k, "<sup>", 5) == 0)
            score++;
        else if (t[k] == '*' && k + 1 < n && t[k + 1] == '*')
            score++;
        else if (t[k] == ']' && k + 1 < n && t[k + 1] == '(')
            score++;
    }
    return score >= 2 ? ODIHRX_FORMAT_MARKDOWN : ODIHRX_FORMAT_TEXT;
}

/* Latin letters against Cyrillic lead bytes over the first MiB: plenty to
 * tell the language, and a bound on a pass that would otherwise cost as
 * much as the rest of decoding. Branch-free, with 16-bit sums over pieces
 * short enough not to overflow them, so the compiler vectorises it eight
 * or more bytes to an instruction. */
static const char *detect_lang(const char *t, size_t n)
{
    size_t latin = 0, cyr = 0;
    if (n > 1024 * 1024)
        n = 1024 * 1024;
    for (size_t at = 0; at < n;) {
        size_t end = n - at > UINT16_MAX ? at + UINT16_MAX : n;
        uint16_t piece_latin = 0, piece_cyr = 0;
        for (size_t i = at; i < end; i++) {
            unsigned char c = (unsigned char)t[i];
            piece_latin = (uint16_t)(piece_latin + ((unsigned char)((c | 0x20) - 'a') < 26));
            piece_cyr = (uint16_t)(piece_cyr + ((unsigned char)(c - 0xD0) < 2));
        }
        latin += piece_latin;
        cyr += piece_cyr;
        at = end;
    }
    return cyr > latin ? "ru" : "en";
}

typedef enum forced { F_NONE, F_UTF8, F_UTF16LE, F_UTF16BE, F_CP1252, F_BAD } forced;

static forced forced_encoding(const char *name)
{
    static const struct {
        const char *name;
        forced f;
    } names[] = {{"utf-8", F_UTF8},       {"utf8", F_UTF8},
                 {"utf-16le", F_UTF16LE}, {"utf-16be", F_UTF16BE},
                 {"windows-1252", F_CP1252}, {"cp1252", F_CP1252}};
    if (!name)
        return F_NONE;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0)
            return names[i].f;
    return F_BAD;
}

bool odihrx_encoding_known(const char *name)
{
    forced f = forced_encoding(name);
    return f != F_NONE && f != F_BAD;
}

/* XML that is not a web page: odihrx's own output given back by mistake
 * (ODIHRX_ERR_INPUT: converting it again would make a report of its
 * markup), or some other XML, whose markup is read as text. */
static odihrx_status foreign_xml(odihrx_doc *doc)
{
    const char *t = doc->text;
    size_t n = doc->text_len, i = markup_start(t, n);
    if (i == n || strncmp(t, "<?xml", 5) != 0 || !((t[i + 1] | 0x20) >= 'a' && (t[i + 1] | 0x20) <= 'z'))
        return ODIHRX_OK;
    size_t e = i + 1;
    while (e < n && e - i < 64 && t[e] != ' ' && t[e] != '>' && t[e] != '/' && t[e] != '\n')
        e++;
    int root_len = (int)(e - i - 1);
    uint32_t line = 0; /* the root element's, for the message */
    for (size_t k = 0; k < i; k++)
        line += t[k] == '\n';
    size_t scan = n < 4096 ? n : 4096;
    for (size_t k = i; k + 11 <= scan; k++) {
        if (memcmp(t + k, "urn:odihrx:", 11) == 0) {
            odihrx_status st = odihrx_diag_add(
                doc, ODIHRX_ERROR, "input-xml", line,
                "this is odihrx XML (<%.*s>), not the text of a report: validate, diff and "
                "index read it as it is",
                root_len, t + i + 1);
            return st ? st : ODIHRX_ERR_INPUT;
        }
    }
    return odihrx_diag_add(doc, ODIHRX_WARNING, "input-xml", line,
                           "the input is XML (<%.*s>) but not a web page: its markup is read "
                           "as text",
                           root_len, t + i + 1);
}

static odihrx_status detect(odihrx_doc *doc)
{
    odihrx_status st = ODIHRX_OK;
    if (doc->format == ODIHRX_FORMAT_AUTO) {
        doc->format = detect_format(doc->text, doc->text_len);
        if (doc->format != ODIHRX_FORMAT_HTML)
            st = foreign_xml(doc);
    }
    doc->meta.lang = detect_lang(doc->text, doc->text_len);
    return st;
}

/* Clean UTF-8 with LF line ends decodes to itself, so the caller's bytes
 * (NUL-terminated, ODIHRX_OPT_INPUT_TERMINATED) serve as the text for the
 * one stage that reads it; only the line table is built, sized by the
 * line ends the survey counted. */
static odihrx_status in_place(odihrx_doc *doc, const char *data, size_t len, size_t lines)
{
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *t = data + skip;
    size_t n = len - skip;
    doc->line_start = odihrx_malloc(sizeof(uint32_t) * (lines + 1));
    doc->line_raw = odihrx_malloc(sizeof(uint64_t) * (lines + 1));
    if (!doc->line_start || !doc->line_raw)
        return ODIHRX_ERR_NOMEM;
    size_t li = 0;
    doc->line_start[li] = 0;
    doc->line_raw[li++] = 0;
    for (const char *q = t; li < lines && (q = memchr(q, '\n', n - (size_t)(q - t))) != NULL;) {
        q++;
        doc->line_start[li] = (uint32_t)(q - t);
        doc->line_raw[li++] = (uint64_t)(q - t) + skip;
    }
    doc->line_start[lines] = (uint32_t)n + 1;
    doc->line_raw[lines] = len;
    doc->nlines = (uint32_t)lines;
    doc->encoding = "UTF-8";
    doc->had_bom = skip != 0;
    doc->text = t;
    doc->text_len = n;
    return detect(doc);
}

odihrx_status odihrx_stage_decode(odihrx_doc *doc, const char *data, size_t len)
{
    doc->raw_bytes = len;
    if (!(doc->flags & ODIHRX_OPT_NO_HASH))
        odihrx_sha256_hex_with(data ? data : "", len, doc->sha256, doc->grammar->sha_ni);
    if (len > ODIHRX_MAX_INPUT_BYTES) {
        odihrx_diag_add(doc, ODIHRX_ERROR, "limit-input", ODIHRX_NONE,
                        "input of %zu bytes exceeds the limit of %u bytes", len,
                        ODIHRX_MAX_INPUT_BYTES);
        return ODIHRX_ERR_LIMIT;
    }
    const unsigned char *p = (const unsigned char *)data;
    sink s = {.doc = doc};
    /* The decoded text needs at most: UTF-8, the input plus 2 bytes per
     * invalid byte (U+FFFD is 3); UTF-16, 3 bytes per 2; Windows-1252, 3
     * per byte. Sizing exactly keeps a large input from touching pages it
     * never uses. */
    forced f = forced_encoding(doc->forced_encoding);
    bool utf16 = f == F_UTF16LE || f == F_UTF16BE ||
                 (f == F_NONE && len >= 2 &&
                  ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)));
    survey sv = {0};
    if (!utf16)
        sv = survey_utf8(p, len);
    size_t multi = sv.valid_multi, invalid = sv.invalid;
    bool cp1252 = f == F_CP1252 ||
                  (f == F_NONE && !utf16 && invalid > 0 && multi == 0 &&
                   !(len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF));
    if (data && (doc->flags & ODIHRX_OPT_INPUT_TERMINATED) && !utf16 && !cp1252 && sv.clean &&
        !sv.controls)
        return in_place(doc, data, len, sv.newlines + 1);
    s.cap = utf16 ? len / 2 * 3 + 8 : cp1252 ? 3 * len + 8 : len + 2 * invalid + 8;
    s.out = odihrx_malloc(s.cap);
    odihrx_status st = s.out ? line_start(&s, 0) : ODIHRX_ERR_NOMEM;
    if (st)
        goto abort;
    if (utf16 && f != F_NONE) {
        bool be = f == F_UTF16BE;
        doc->encoding = be ? "UTF-16BE" : "UTF-16LE";
        doc->had_bom = len >= 2 && p[0] == (be ? 0xFE : 0xFF) && p[1] == (be ? 0xFF : 0xFE);
        st = decode_utf16(&s, p, len, be, doc->had_bom ? 2 : 0);
    } else if (utf16) {
        doc->had_bom = true;
        doc->encoding = p[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
        st = decode_utf16(&s, p, len, p[0] == 0xFE, 2);
    } else {
        size_t skip = len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
        doc->had_bom = skip != 0;
        if (cp1252) {
            doc->encoding = "windows-1252";
            st = odihrx_diag_add(doc, ODIHRX_NOTE, "encoding", ODIHRX_NONE,
                                 "input is not UTF-8; decoded as Windows-1252");
            if (st == ODIHRX_OK)
                st = decode_cp1252(&s, p, len);
        } else {
            doc->encoding = "UTF-8";
            st = decode_utf8(&s, p + skip, len - skip, skip);
        }
    }
    if (st)
        goto abort;
    if (s.bad_bytes > MAX_BYTE_DIAGS)
        st = odihrx_diag_add(doc, ODIHRX_WARNING, "invalid-bytes", ODIHRX_NONE,
                             "%zu invalid or control bytes in all (only the first %d reported)",
                             s.bad_bytes, MAX_BYTE_DIAGS);
    if (st)
        goto abort;
    /* most text holds no code point NFC could change: no second pass */
    st = s.nfc_candidate ? normalize(doc, &s) : ODIHRX_OK;
    if (st)
        goto abort;

    doc->nlines = s.lines;
    doc->line_start = odihrx_malloc(sizeof(uint32_t) * ((size_t)s.lines + 1));
    doc->line_raw = odihrx_malloc(sizeof(uint64_t) * ((size_t)s.lines + 1));
    if (!doc->line_start || !doc->line_raw) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    uint32_t li = 0;
    doc->line_start[li++] = 0;
    for (const char *nl = s.out; li < s.lines && (nl = memchr(nl, '\n', s.n - (size_t)(nl - s.out)));)
        doc->line_start[li++] = (uint32_t)(++nl - s.out);
    doc->line_start[s.lines] = (uint32_t)s.n + 1;
    for (uint32_t i = 0; i < s.lines; i++)
        doc->line_raw[i] = s.lraw[i];
    doc->line_raw[s.lines] = len;
    /* The buffer keeps a NUL so line_start[nlines] - 1 is a valid end. */
    char *t = odihrx_realloc(s.out, s.n + 1);
    if (!t) {
        st = ODIHRX_ERR_NOMEM;
        goto abort;
    }
    t[s.n] = '\0';
    doc->text = doc->text_owned = t;
    doc->text_len = s.n;
    s.out = NULL;
    st = detect(doc);
abort:
    odihrx_free(s.out);
    odihrx_free(s.lraw);
    return st;
}
