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
    return odihrx_cli_main(argc, argv, stdout, stderr);
}
