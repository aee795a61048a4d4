/* sha256.h: SHA-256 (FIPS 180-4) of a byte range, as 64 lowercase hex digits. */
#ifndef ODIHRX_SHA256_H
#define ODIHRX_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void odihrx_sha256_hex(const void *data, size_t len, char out[65]);

/* Whether this CPU has the SHA extensions odihrx_sha256_hex then uses. */
bool odihrx_sha256_accelerated(void);

/* The same digest with the accelerated path on or off (tests compare the
 * two; `accelerated` is ignored where the CPU lacks the extensions). */
/* accelerated: take the SHA-extension path; only where
 * odihrx_sha256_accelerated() said so (asking the CPU costs a trap to the
 * hypervisor on a virtual machine: the grammar asks once). */
void odihrx_sha256_hex_with(const void *data, size_t len, char out[65], bool accelerated);

#endif
