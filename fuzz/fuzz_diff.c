/*
 * fuzz_diff.c: `odihrx diff OLD NEW` on two arbitrary inputs. The first byte
 * picks the output format; the rest is split at the first 0xFF byte into OLD
 * and NEW (each may be report text or odihrx XML). Written to two files in a
 * per-process directory because the verb reads paths, like its users do.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(p, 1, n, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64], old_path[96], new_path[96];
    static FILE *sink;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/odihrx-fuzz-diff-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(old_path, sizeof old_path, "%s/old", dir);
        snprintf(new_path, sizeof new_path, "%s/new", dir);
        sink = fopen("/dev/null", "w");
        if (!sink)
            abort();
    }
    if (size == 0)
        return 0;
    static const char *const formats[] = {"text", "xml", "json", "html"};
    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    const uint8_t *cut = memchr(rest, 0xFF, n);
    size_t old_len = cut ? (size_t)(cut - rest) : n / 2;
    write_file(old_path, rest, old_len);
    write_file(new_path, rest + old_len + (cut ? 1 : 0), n - old_len - (cut ? 1 : 0));
    char *argv[] = {"diff", "--format", (char *)formats[data[0] & 3], old_path, new_path, NULL};
    int rc = odihrx_cli_diff(5, argv, sink, sink);
    if (rc < 0 || rc > 2)
        abort();
    return 0;
}
