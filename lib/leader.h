/* leader.h: the dotted leader of a contents line. */
#ifndef ODIHRX_LEADER_H
#define ODIHRX_LEADER_H

#include <stdbool.h>
#include <stdint.h>

/* Does a dotted leader ("....", "…..") end just before offset k, perhaps
 * followed by spaces or a line break (an entry wrapped before its page)?
 * The number after it is a page number of a contents line, never a
 * footnote marker or part of a title. */
static inline bool odihrx_leader_before(const char *s, uint32_t k)
{
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\n'))
        k--;
    uint32_t dots = 0;
    while (k > 0) {
        if (s[k - 1] == '.') {
            k--;
            dots++;
        } else if (k >= 3 && (unsigned char)s[k - 3] == 0xE2 && (unsigned char)s[k - 2] == 0x80 &&
                   (unsigned char)s[k - 1] == 0xA6) {
            k -= 3;
            dots += 2; /* "…" is a leader by itself */
        } else {
            break;
        }
    }
    return dots >= 2;
}

/* The next page number of a contents entry in s[from, n): one to four
 * digits that a dotted leader ends before and a space, TAB, line end or
 * the end of the text follows. Returns where it starts and sets *end to
 * where it ends; returns n where there is none. */
static inline uint32_t odihrx_leader_page(const char *s, uint32_t n, uint32_t from, uint32_t *end)
{
    for (uint32_t k = from > 0 ? from : 1; k < n; k++) {
        if (s[k] < '0' || s[k] > '9' || (s[k - 1] >= '0' && s[k - 1] <= '9'))
            continue;
        uint32_t e = k;
        while (e < n && e - k < 5 && s[e] >= '0' && s[e] <= '9')
            e++;
        if (e - k <= 4 && (e == n || s[e] == ' ' || s[e] == '\t' || s[e] == '\n') &&
            odihrx_leader_before(s, k)) {
            *end = e;
            return k;
        }
        k = e;
    }
    *end = n;
    return n;
}

/* Does s[0, n) end in a contents entry's page number after its leader
 * ("ANNOUNCEMENT ... DEVELOPMENTS ..... 32")? */
static inline bool odihrx_ends_in_leader_page(const char *s, uint32_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    uint32_t d = n;
    while (d > 0 && n - d < 5 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    if (d == n || n - d > 4 || (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9'))
        return false;
    return odihrx_leader_before(s, d);
}

#endif
