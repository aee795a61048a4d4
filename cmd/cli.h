/* cli.h: the command line as a function, for main.c, tests and fuzzers. */
#ifndef ODIHRX_CLI_H
#define ODIHRX_CLI_H

#include <stdio.h>

/* argv as given to main; output to out, messages to err; returns the exit
 * status (0 all OK, 1 some inputs failed, 2 usage). */
int odihrx_cli_main(int argc, char **argv, FILE *out, FILE *err);

#include "odihrx.h"

/* Whole file (or stdin for "-") into *buf, reusing its memory; the data is
 * NUL-terminated. On failure returns -1 with "PATH: reason" in msg. */
int odihrx_cli_read_all(const char *path, odihrx_buf *buf, char *msg, size_t msglen);
/* Creates PATH.tmpXXXXXX, readable by all (0644), beside path so that a
 * rename over path stays within one file system. Returns its descriptor
 * and sets *tmp (free it), or -1 with the reason in msg. */
int odihrx_cli_temp_beside(const char *path, char **tmp, char *msg, size_t msglen);

/* The grammar for converting the files in paths: compiled to machine code
 * (PCRE2 JIT) when they hold enough text to pay for it, else interpreted
 * (see odihrx_cli_grammar in cli.c). "-" counts as small. */
odihrx_status odihrx_cli_grammar(const char *dir, const char *const *paths, size_t n,
                                 odihrx_grammar **out, char *msg, size_t msglen);

/* Verbs in files of their own; argv[0] is the verb. Same exit statuses. */
int odihrx_cli_diff(int argc, char **argv, FILE *out, FILE *err);
int odihrx_cli_index(int argc, char **argv, FILE *out, FILE *err);
int odihrx_cli_search(int argc, char **argv, FILE *out, FILE *err);

#endif
