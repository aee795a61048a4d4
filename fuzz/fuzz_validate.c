/* fuzz_validate.c: arbitrary bytes as an odihrx XML document to validate. */
#include <stdint.h>
#include <stdlib.h>

#include "odihrx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char msg[512];
    odihrx_status st = odihrx_validate_xml((const char *)data, size, msg, sizeof msg);
    if (st != ODIHRX_OK && st != ODIHRX_ERR_INVALID && st != ODIHRX_ERR_NOMEM &&
        st != ODIHRX_ERR_LIMIT && st != ODIHRX_ERR_XML)
        abort();
    return 0;
}
