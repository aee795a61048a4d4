/* table.h: tables in paged plain text printed as columns (pdftotext -layout),
 * found for segment.c. */
#ifndef ODIHRX_TABLE_H
#define ODIHRX_TABLE_H

#include "doc.h"
#include "odihrx.h"

/* One table row rebuilt from the lines that print it. */
typedef struct odihrx_table_row {
    uint32_t line, line_last; /* the lines of the row */
    uint32_t off, len;        /* its cells, TAB-joined, in odihrx_layout_tables.text */
    bool group_start;         /* the first row of a table */
} odihrx_table_row;

typedef struct odihrx_layout_tables {
    uint32_t *row_at; /* per line: 1 + the row it prints, or 0 */
    odihrx_table_row *rows;
    uint32_t nrows, cap_rows;
    odihrx_buf text;
} odihrx_layout_tables;

/* Finds the tables of paged plain text: runs of lines whose cells, set
 * apart by two spaces or more, stand in the same columns. `skip` marks the
 * lines that are page furniture (or is NULL). The result is freed with
 * odihrx_layout_tables_free, also after an error. */
odihrx_status odihrx_layout_tables_find(const odihrx_doc *doc, const uint8_t *skip,
                                        odihrx_layout_tables *t);
void odihrx_layout_tables_free(odihrx_layout_tables *t);

#endif
