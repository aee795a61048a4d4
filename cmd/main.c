/* main.c: the odihrx executable; everything else is in cli.c. */
#include <stdio.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

#include "cli.h"

int main(int argc, char **argv)
{
#ifdef M_TRIM_THRESHOLD
    /* A batch frees each document's memory and allocates the same amount
     * for the next file; returning it to the system in between cost a
     * munmap and a TLB flush per file. Keep up to 64 MiB of it. */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
#ifdef M_MMAP_THRESHOLD
    /* Setting the trim threshold freezes glibc's mmap threshold at 128 KiB,
     * so a report's buffers (its input, the XML, arena chunks) were each
     * mapped and unmapped per file. Below 512 KiB they now come from the
     * heap and are reused (a larger threshold fragments the heap of a
     * large file: 4 MiB cost 4 MB more peak RSS on 12.5 MB); larger ones
     * stay mappings that realloc can grow with mremap. */
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
#endif
    return odihrx_cli_main(argc, argv, stdout, stderr);
}
