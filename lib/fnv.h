/* fnv.h: the 64-bit FNV-1a hash, a byte at a time, for the hash tables of
 * the stages (each feeds it the bytes it compares: folded, digits merged). */
#ifndef ODIHRX_FNV_H
#define ODIHRX_FNV_H

#include <stdint.h>

#define ODIHRX_FNV1A_START UINT64_C(1469598103934665603)

static inline uint64_t odihrx_fnv1a(uint64_t h, unsigned char c)
{
    return (h ^ c) * UINT64_C(1099511628211);
}

#endif
