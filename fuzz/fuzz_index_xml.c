/*
 * fuzz_index_xml.c: the strict reader `odihrx index` uses on the XML of a
 * report it has just converted (cmd/index_xml.c), on arbitrary bytes. What
 * it accepts libxml2 must accept too and read to the same tree; what it
 * declines it must leave byte for byte as it was, for libxml2. Any
 * difference aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "tree_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    ix_tree strict, lib;
    char msg[256];
    int lib_rc = odihrx_index_tree_read((const char *)data, size, "fuzz.xml", &lib, msg, sizeof msg);
    int rc = odihrx_index_tree_read_written(copy, size, &strict);
    if (rc == 0) {
        if (lib_rc != 0 || tree_first_difference(strict.root, lib.root))
            abort(); /* taken where libxml2 rejects, or read differently */
        odihrx_index_tree_free(&strict);
    } else if (memcmp(copy, data, size) != 0) {
        abort(); /* declined, but not left as it was */
    }
    if (lib_rc == 0)
        odihrx_index_tree_free(&lib);
    free(copy);
    return 0;
}
