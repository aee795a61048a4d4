/* main.c: the odihrx executable; everything else is in cli.c. */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
    return odihrx_cli_main(argc, argv, stdout, stderr);
}
