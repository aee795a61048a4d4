/* utf8.h: cutting valid UTF-8 text without splitting a character. */
#ifndef ODIHRX_UTF8_H
#define ODIHRX_UTF8_H

#include <stddef.h>

/* The length of s[0..n) without a character its end cuts short: text cut
 * to fit a fixed buffer stays valid UTF-8 (a cut U+FFFD once reached the
 * XML as two stray bytes). s[0..n) is a prefix of valid UTF-8. */
static inline size_t odihrx_utf8_whole(const char *s, size_t n)
{
    size_t lead = n;
    for (int back = 0; back < 4 && lead > 0; back++) {
        unsigned char c = (unsigned char)s[--lead];
        if ((c & 0xC0) != 0x80) {
            size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            return n - lead >= need ? n : lead;
        }
    }
    return n;
}

#endif
