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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    return an == bn && memcmp(a, b, an) == 0;
}

/* Both trees in step, preorder, without recursion. */
static bool same_tree(const ix_node *a, const ix_node *b)
{
    const ix_node *top = a;
    while (a) {
        if (!b || (a->text != NULL) != (b->text != NULL))
            return false;
        if (a->text && !same_bytes(a->text, a->len, b->text, b->len))
            return false;
        if (!a->text) {
            if (a->el != b->el || a->nattrs != b->nattrs)
                return false;
            for (size_t i = 0; i < a->nattrs; i++)
                if (!same_bytes(a->attrs[i].name, a->attrs[i].name_len, b->attrs[i].name,
                                b->attrs[i].name_len) ||
                    !same_bytes(a->attrs[i].value, a->attrs[i].value_len, b->attrs[i].value,
                                b->attrs[i].value_len))
                    return false;
        }
        if ((a->children != NULL) != (b->children != NULL))
            return false;
        if (a->children) {
            a = a->children, b = b->children;
            continue;
        }
        while (a != top && !a->next) {
            if (b->next)
                return false;
            a = a->parent, b = b->parent;
        }
        if (a == top)
            return true;
        if (!b->next)
            return false;
        a = a->next, b = b->next;
    }
    return true;
}

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
        if (lib_rc != 0 || !same_tree(strict.root, lib.root))
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
