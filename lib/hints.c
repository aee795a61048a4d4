/* hints.c: word-prefix gates for patterns (see hints.h). */
#include "hints.h"

#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "doc.h" /* odihrx_vec_grow */

/* The code point at s[i] and its length; an invalid byte is -1, length 1. */
static size_t next_cp(const char *s, size_t n, size_t i, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t v;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), &v);
    if (len <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return (size_t)len;
}


static bool ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Letters and digits only: a subset of what PCRE2 counts as \w under UCP
 * in every version (some add underscore and marks), so every place where
 * a pattern's \b sees a word start is a word start here too, and the gate
 * never hides a match. */
static bool word_cp(int32_t cp)
{
    if (cp < 0)
        return false;
    if (cp < 0x80)
        return ascii_word((unsigned char)cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* Lower case, and the two letters outside ASCII that caseless PCRE2
 * matches to ASCII ones: long s and the Kelvin sign. */
static int32_t fold(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp | 0x20 : cp;
    if (cp == 0x17F)
        return 's';
    if (cp == 0x212A)
        return 'k';
    return utf8proc_tolower(cp);
}

/* The folded start of the word at s[i], up to ODIHRX_HINT_MAX_BYTES. */
static size_t folded_word(const char *s, size_t n, size_t i, char *out)
{
    size_t o = 0;
    while (i < n && o < ODIHRX_HINT_MAX_BYTES) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (!ascii_word(c))
                break;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            i++;
            continue;
        }
        int32_t cp;
        size_t cl = next_cp(s, n, i, &cp);
        if (!word_cp(cp))
            break;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(fold(cp), enc);
        if (el <= 0 || o + (size_t)el > ODIHRX_HINT_MAX_BYTES)
            break;
        memcpy(out + o, enc, (size_t)el);
        o += (size_t)el;
        i += cl;
    }
    return o;
}

static void set_bit(uint64_t *map, unsigned bit)
{
    map[bit >> 6] |= UINT64_C(1) << (bit & 63);
}

static bool has_bit(const uint64_t *map, unsigned bit)
{
    return map[bit >> 6] >> (bit & 63) & 1;
}

/* Four folded bytes hashed to one of 65536 bits. */
static unsigned quad_bit(uint32_t four)
{
    return (four * UINT32_C(0x9E3779B1)) >> 16;
}

static odihrx_status add_one(odihrx_hints *h, uint64_t sets, const char *w, size_t n)
{
    char buf[ODIHRX_HINT_MAX_BYTES];
    /* a longer hint is cut: a shorter prefix only opens the gate more often */
    size_t bl = folded_word(w, n, 0, buf);
    if (bl == 0)
        return ODIHRX_OK; /* punctuation only: nothing a word could start with */
    odihrx_status st = odihrx_vec_grow((void **)&h->items, &h->count, &h->cap, sizeof *h->items,
                                       ODIHRX_HINT_MAX_COUNT);
    if (st)
        return st;
    odihrx_hint *hint = &h->items[h->count];
    memcpy(hint->prefix, buf, bl);
    hint->len = (uint8_t)bl;
    hint->sets = sets;
    hint->next = h->head[(unsigned char)buf[0]];
    h->head[(unsigned char)buf[0]] = (uint16_t)(h->count + 1);
    h->count++;
    h->first[(unsigned char)buf[0]] |= sets;
    /* a one-byte prefix pairs with every second byte */
    unsigned b1_from = bl == 1 ? 0 : (unsigned char)buf[1];
    unsigned b1_to = bl == 1 ? 256 : b1_from + 1;
    for (unsigned b1 = b1_from; b1 < b1_to; b1++) {
        unsigned bit = (unsigned char)buf[0] << 8 | b1;
        set_bit(h->pair, bit);
        if (bl < 4)
            set_bit(h->short_pair, bit);
    }
    if (bl >= 4) {
        uint32_t four;
        memcpy(&four, buf, 4);
        set_bit(h->quad, quad_bit(four));
    }
    h->given |= sets;
    return ODIHRX_OK;
}

odihrx_status odihrx_hints_add(odihrx_hints *h, uint64_t sets, const char *s, size_t n)
{
    size_t i = 0;
    uint32_t before = h->count;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t w = i;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
        if (i > w) {
            odihrx_status st = add_one(h, sets, s + w, i - w);
            if (st)
                return st;
        }
    }
    if (h->count == before)
        h->always |= sets;
    return ODIHRX_OK;
}

void odihrx_hints_free(odihrx_hints *h)
{
    odihrx_free(h->items);
    memset(h, 0, sizeof *h);
}

/* Whether the ASCII word at s[i] starts with prefix k: 1 yes, 0 no, -1
 * when a non-ASCII byte comes first and only folding can tell. */
static int ascii_prefix(const odihrx_hints *h, uint32_t k, const char *s, size_t n, size_t i)
{
    const char *p = h->items[k].prefix;
    uint32_t len = h->items[k].len;
    for (uint32_t j = 0; j < len; j++) {
        if (i + j >= n)
            return 0;
        unsigned char c = (unsigned char)s[i + j];
        if (c >= 0x80 || (unsigned char)p[j] >= 0x80)
            return -1;
        if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != (unsigned char)p[j])
            return 0;
    }
    return 1;
}

/* The sets among `closed` opened by the word at s[i], whose folded first
 * byte is `first`: only the prefixes starting with that byte are tried,
 * in place for ASCII, folded only when the word needs it. */
static uint64_t word_sets(const odihrx_hints *h, uint64_t closed, unsigned char first,
                          const char *s, size_t n, size_t i)
{
    uint64_t got = 0;
    bool fold_needed = false;
    /* the second letter rules out most prefixes sharing the first */
    unsigned char second = i + 1 < n ? (unsigned char)s[i + 1] : 0;
    unsigned char second_folded = second < 0x80 ? (unsigned char)(second | 0x20) : 0;
    for (uint32_t k1 = h->head[first]; k1; k1 = h->items[k1 - 1].next) {
        uint32_t k = k1 - 1;
        if (!(h->items[k].sets & closed & ~got))
            continue;
        if (second_folded && h->items[k].len > 1 && (unsigned char)h->items[k].prefix[1] != second_folded)
            continue;
        int r = ascii_prefix(h, k, s, n, i);
        if (r > 0)
            got |= h->items[k].sets;
        else if (r < 0)
            fold_needed = true;
    }
    if (fold_needed) {
        char buf[ODIHRX_HINT_MAX_BYTES];
        size_t bl = folded_word(s, n, i, buf);
        for (uint32_t k1 = h->head[first]; k1; k1 = h->items[k1 - 1].next) {
            uint32_t k = k1 - 1;
            if (h->items[k].len <= bl && memcmp(buf, h->items[k].prefix, h->items[k].len) == 0)
                got |= h->items[k].sets;
        }
    }
    return got & closed;
}

/* The eight-byte scan reads the first byte as the lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LITTLE_ENDIAN_WORDS 1
#else
#define LITTLE_ENDIAN_WORDS 0
#endif

/* ASCII letters and digits of eight ASCII bytes: 0x80 in each such byte.
 * Each range test adds a bias that sets bit 7 from the bound on; no byte
 * carries into the next since every byte is below 0x80. */
static uint64_t alnum_bytes(uint64_t x)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = ones * 0x80;
    uint64_t digit = (x + ones * (0x80 - '0')) & ~(x + ones * (0x7f - '9'));
    uint64_t lower = x | ones * 0x20;
    uint64_t letter = (lower + ones * (0x80 - 'a')) & ~(lower + ones * (0x7f - 'z'));
    return (digit | letter) & high;
}

/* Whether the ASCII word at u[0], with at least four bytes readable, may
 * start with a prefix, without a branch: its first two folded bytes rule
 * out nearly every word. Where no prefix sharing them is shorter than four
 * bytes, its first four bytes, folded, must hash to those of a prefix too
 * ("could" is not "Copenhagen"; a word shorter than four bytes, hashed with
 * what follows it, matches no longer prefix, and a false hit only costs the
 * exact test). A byte outside ASCII among them passes: only folding can
 * tell. */
static inline unsigned word_may_start(const odihrx_hints *h, const unsigned char *u)
{
    uint32_t four;
    memcpy(&four, u, 4);
    unsigned second = u[1];
    unsigned bit = (u[0] | 0x20u) << 8 | ((second | 0x20u) & 0xFFu); /* digits have 0x20 set */
    unsigned quad = (unsigned)((four & UINT32_C(0x80808080)) != 0) | has_bit(h->short_pair, bit) |
                    has_bit(h->quad, quad_bit(four | UINT32_C(0x20202020)));
    return (second >> 7) | (has_bit(h->pair, bit) & quad);
}

/* word_may_start within the last three bytes of s: the pair alone. */
static unsigned short_word_may_start(const odihrx_hints *h, const unsigned char *u, size_t avail)
{
    unsigned second = avail > 1 ? u[1] : 0;
    return (second >> 7) | has_bit(h->pair, (u[0] | 0x20u) << 8 | ((second | 0x20u) & 0xFFu));
}

/* The word starting with the ASCII byte at s[i]. */
static uint64_t ascii_word_sets(const odihrx_hints *h, uint64_t closed, const char *s, size_t n,
                                size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (!(n - i >= 4 ? word_may_start(h, u) : short_word_may_start(h, u, n - i)))
        return 0;
    unsigned char first = (unsigned char)(u[0] | 0x20);
    if (!(h->first[first] & closed))
        return 0;
    return word_sets(h, closed, first, s, n, i);
}

/* One character at s[i] the slow way; *in_word carries the word state. */
static size_t scan_char(const odihrx_hints *h, uint64_t closed, const char *s, size_t n, size_t i,
                        bool *in_word, uint64_t *open)
{
    int32_t cp;
    size_t cl = next_cp(s, n, i, &cp);
    bool w = word_cp(cp);
    if (w && !*in_word) {
        if (cp < 0x80) {
            *open |= ascii_word_sets(h, closed, s, n, i);
        } else {
            utf8proc_uint8_t enc[4];
            unsigned char first = utf8proc_encode_char(fold(cp), enc) > 0 ? enc[0] : 0;
            if (h->first[first] & closed)
                *open |= word_sets(h, closed, first, s, n, i);
        }
    }
    *in_word = w;
    return cl;
}

/* The 0x80 bits of eight bytes as eight bits, first byte lowest. */
static unsigned byte_bits(uint64_t high)
{
    return (unsigned)((high >> 7) * UINT64_C(0x0102040810204080) >> 56);
}

/* Sixty-four bytes at once, when all are ASCII: the word starts as one
 * mask, each start tested without a branch, and only the few that pass
 * compared in full. A test per start that branched on its answer, or a
 * loop per eight bytes, would cost a mispredicted branch for most words.
 * The text is s[0..n); s[0..WINDOW + WINDOW_SLACK) is readable, NUL past
 * n (a padded copy of the last bytes), so that every start's first four
 * bytes can be read. Returns false, having read nothing more, when a byte
 * is outside ASCII; *hit: with first_only, the offset of the first word
 * that opens a set, WINDOW if none. */
enum { WINDOW = 64, WINDOW_SLACK = 8 };

static bool scan_window(const odihrx_hints *h, uint64_t want, uint64_t *open, const char *s,
                        size_t n, bool *in_word, bool first_only, size_t *hit)
{
    uint64_t chunk[WINDOW / 8], high = 0;
    memcpy(chunk, s, WINDOW);
    for (int c = 0; c < WINDOW / 8; c++)
        high |= chunk[c];
    if (high & UINT64_C(0x8080808080808080))
        return false;
    uint64_t word = 0;
    for (int c = 0; c < WINDOW / 8; c++)
        word |= (uint64_t)byte_bits(alnum_bytes(chunk[c])) << (8 * c);
    uint64_t starts = word & ~(word << 1 | (uint64_t)*in_word);
    *in_word = word >> 63;
    *hit = WINDOW;
    const unsigned char *u = (const unsigned char *)s;
    uint64_t maybe = 0;
    while (starts) {
        unsigned k = (unsigned)__builtin_ctzll(starts);
        maybe |= (uint64_t)word_may_start(h, u + k) << k;
        starts &= starts - 1;
    }
    while (maybe) {
        unsigned k = (unsigned)__builtin_ctzll(maybe);
        unsigned char first = (unsigned char)(u[k] | 0x20);
        uint64_t closed = want & ~*open;
        uint64_t got = h->first[first] & closed ? word_sets(h, closed, first, s, n, k) : 0;
        *open |= got;
        if (first_only && got) {
            *hit = k;
            return true;
        }
        maybe &= maybe - 1;
    }
    return true;
}

/* Reads the words of s[from..n), opening the sets of `want` (minus those
 * in `open`) whose prefixes start them, until all are open; or, with
 * first_only, until the first word that opens one, whose start goes to
 * *at (n when none). in_word: whether s[from] continues a word. */
static uint64_t scan_words(const odihrx_hints *h, uint64_t want, uint64_t open, const char *s,
                           size_t n, size_t from, bool in_word, bool first_only, size_t *at)
{
    size_t i = from;
    size_t no_window_before = from; /* past a window that had a byte outside ASCII */
    *at = n;
    while (i < n && open != want) {
        if (LITTLE_ENDIAN_WORDS && i >= no_window_before) {
            char padded[WINDOW + WINDOW_SLACK];
            const char *w = s + i;
            if (n - i < sizeof padded) {
                memset(padded, 0, sizeof padded);
                memcpy(padded, s + i, n - i);
                w = padded;
            }
            size_t hit;
            if (scan_window(h, want, &open, w, n - i, &in_word, first_only, &hit)) {
                if (hit != WINDOW) {
                    *at = i + hit;
                    return open;
                }
                i += WINDOW; /* past n after the last bytes: done */
                continue;
            }
            no_window_before = i + WINDOW;
        }
        uint64_t x;
        if (!LITTLE_ENDIAN_WORDS || n - i < 8 ||
            (memcpy(&x, s + i, 8), x & UINT64_C(0x8080808080808080))) {
            uint64_t before = open;
            size_t cl = scan_char(h, want & ~open, s, n, i, &in_word, &open);
            if (first_only && open != before) {
                *at = i;
                return open;
            }
            i += cl;
            continue;
        }
        /* eight ASCII bytes at once: the word starts among them */
        uint64_t word = alnum_bytes(x);
        uint64_t starts = word & ~(word << 8 | (in_word ? 0x80u : 0u));
        while (starts) {
            unsigned k = (unsigned)__builtin_ctzll(starts) >> 3;
            uint64_t got = ascii_word_sets(h, want & ~open, s, n, i + k);
            if (first_only && got) {
                *at = i + k;
                return open | got;
            }
            open |= got;
            starts &= starts - 1;
        }
        in_word = word >> 63;
        i += 8;
    }
    return open;
}

uint64_t odihrx_hints_scan(const odihrx_hints *h, uint64_t want, const char *s, size_t n)
{
    size_t unused;
    return scan_words(h, want, want & (h->always | ~h->given), s, n, 0, false, false, &unused);
}

bool odihrx_hints_gated(const odihrx_hints *h, uint64_t sets)
{
    return sets && !(sets & (h->always | ~h->given));
}

/* Whether the character ending right before s[at] is a letter or digit. */
static bool word_before(const char *s, size_t at)
{
    if (at == 0)
        return false;
    size_t k = at - 1;
    for (int back = 0; back < 3 && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80; back++)
        k--;
    int32_t cp;
    next_cp(s, at, k, &cp);
    return word_cp(cp);
}

size_t odihrx_hints_next(const odihrx_hints *h, uint64_t sets, const char *s, size_t n,
                         size_t from)
{
    /* from a character boundary, knowing whether a word is under way */
    while (from < n && ((unsigned char)s[from] & 0xC0) == 0x80)
        from++;
    size_t at;
    scan_words(h, sets, 0, s, n, from, word_before(s, from), true, &at);
    return at;
}
