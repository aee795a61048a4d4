/* leader.h: the dotted leader of a contents line. */
#ifndef ODIHRX_LEADER_H
#define ODIHRX_LEADER_H

#include <stdbool.h>
#include <stdint.h>

/* Does a dotted leader ("....", "…..") end just before offset k, perhaps
 * followed by spaces? The number after it is a page number of a contents
 * line, never a footnote marker or part of a title. */
static inline bool odihrx_leader_before(const char *s, uint32_t k)
{
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
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

#endif
