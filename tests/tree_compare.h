/*
 * tree_compare.h: two trees of cmd/index_xml.c compared node by node, for
 * tests/test_index_xml.c and fuzz/fuzz_index_xml.c (the strict reader
 * against libxml2): names, attributes and text, every string's length and
 * its closing NUL.
 */
#ifndef ODIHRX_TREE_COMPARE_H
#define ODIHRX_TREE_COMPARE_H

#include <stdbool.h>
#include <string.h>

#include "index.h"

static inline bool tree_same_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    /* the closing NUL too: a reader's strings are C strings */
    return a && b && an == bn && memcmp(a, b, an + 1) == 0;
}

static inline bool tree_same_node(const ix_node *a, const ix_node *b)
{
    if ((a->text != NULL) != (b->text != NULL))
        return false;
    if (a->text)
        return tree_same_bytes(a->text, a->len, b->text, b->len);
    if (a->el != b->el || a->nattrs != b->nattrs)
        return false;
    for (size_t i = 0; i < a->nattrs; i++)
        if (!tree_same_bytes(a->attrs[i].name, a->attrs[i].name_len, b->attrs[i].name,
                             b->attrs[i].name_len) ||
            !tree_same_bytes(a->attrs[i].value, a->attrs[i].value_len, b->attrs[i].value,
                             b->attrs[i].value_len))
            return false;
    return true;
}

/* The first node of a (preorder) that differs from its place in b, or
 * that b lacks or has more children or siblings than; NULL when the trees
 * are the same. Iterative: both trees in step. */
static inline const ix_node *tree_first_difference(const ix_node *a, const ix_node *b)
{
    const ix_node *top = a;
    while (a) {
        if (!b || !tree_same_node(a, b) || (a->children != NULL) != (b->children != NULL))
            return a;
        if (a->children) {
            a = a->children, b = b->children;
            continue;
        }
        while (a != top && !a->next) {
            if (b->next)
                return a;
            a = a->parent, b = b->parent;
        }
        if (a == top || !b->next)
            return a == top ? NULL : a;
        a = a->next, b = b->next;
    }
    return NULL;
}

#endif
