/* sha256.h: SHA-256 (FIPS 180-4) of a byte range, as 64 lowercase hex digits. */
#ifndef ODIHRX_SHA256_H
#define ODIHRX_SHA256_H

#include <stddef.h>

void odihrx_sha256_hex(const void *data, size_t len, char out[65]);

#endif
