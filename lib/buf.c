/*
 * buf.c: the growable output buffer (cmark_strbuf style: grows 1.5x, every
 * size checked before it is computed).
 */
#include "buf.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

odihrx_status odihrx_buf_reserve(odihrx_buf *buf, size_t extra)
{
    if (extra > SIZE_MAX - buf->size - 1)
        return ODIHRX_ERR_NOMEM;
    size_t need = buf->size + extra + 1;
    if (need <= buf->cap)
        return ODIHRX_OK;
    size_t cap = buf->cap < 64 ? 64 : buf->cap;
    while (cap < need) {
        if (cap > SIZE_MAX / 3 * 2)
            cap = need;
        else
            cap = cap + cap / 2;
    }
    char *p = odihrx_realloc(buf->data, cap);
    if (!p)
        return ODIHRX_ERR_NOMEM;
    buf->data = p;
    buf->cap = cap;
    return ODIHRX_OK;
}

odihrx_status odihrx_buf_append(odihrx_buf *buf, const char *s, size_t len)
{
    odihrx_status st = odihrx_buf_reserve(buf, len);
    if (st)
        return st;
    if (len)
        memcpy(buf->data + buf->size, s, len);
    buf->size += len;
    buf->data[buf->size] = '\0';
    return ODIHRX_OK;
}

odihrx_status odihrx_buf_putc(odihrx_buf *buf, char c)
{
    return odihrx_buf_append(buf, &c, 1);
}

void odihrx_buf_clear(odihrx_buf *buf)
{
    buf->size = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void odihrx_buf_free(odihrx_buf *buf)
{
    if (!buf)
        return;
    odihrx_free(buf->data);
    buf->data = NULL;
    buf->size = buf->cap = 0;
}
