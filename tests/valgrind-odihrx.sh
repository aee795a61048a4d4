#!/bin/sh
# Runs odihrx ($ODIHRX_REAL_BIN) under valgrind memcheck, so the end-to-end
# tests can be pointed at it in place of the binary: any memory error or
# definite leak makes the run exit 99 and the test fail.
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    "$ODIHRX_REAL_BIN" "$@"
