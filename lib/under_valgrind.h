/* under_valgrind.h: UNDER_VALGRIND(), nonzero when the program runs under
 * valgrind (where the valgrind headers are installed; 0 otherwise). */
#ifndef ODIHRX_UNDER_VALGRIND_H
#define ODIHRX_UNDER_VALGRIND_H

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

#endif
