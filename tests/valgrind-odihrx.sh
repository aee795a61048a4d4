#!/bin/sh
# Runs odihrx ($ODIHRX_REAL_BIN) under valgrind memcheck, so the end-to-end
# tests can be pointed at it in place of the binary: any memory error or
# definite leak makes the run exit 99 and the test fail (tests/valgrind.supp
# lists the reports from outside our code that are known false positives).
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --suppressions="$(dirname "$0")/valgrind.supp" "$ODIHRX_REAL_BIN" "$@"
