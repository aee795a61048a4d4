/* buf.h: internal operations on the public odihrx_buf. */
#ifndef ODIHRX_BUF_H
#define ODIHRX_BUF_H

#include "odihrx.h"

odihrx_status odihrx_buf_reserve(odihrx_buf *buf, size_t extra);
odihrx_status odihrx_buf_append(odihrx_buf *buf, const char *s, size_t len);
odihrx_status odihrx_buf_putc(odihrx_buf *buf, char c);
void odihrx_buf_clear(odihrx_buf *buf);

#endif
