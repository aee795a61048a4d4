#!/bin/bash
# Builds odihrx and runs every test: gcc with -Werror (unit + end-to-end),
# clang with -Werror, AddressSanitizer + UndefinedBehaviorSanitizer, and the
# unit tests under valgrind memcheck. Build directories go under build-ci/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-ci
mkdir -p "$out"
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n== %s\n' "$*"; }

step "gcc -Werror: build and all tests"
CC=gcc meson setup "$out/gcc" --wipe --werror -Dbuildtype=debugoptimized >/dev/null 2>&1 ||
  CC=gcc meson setup "$out/gcc" --werror -Dbuildtype=debugoptimized >/dev/null
ninja -C "$out/gcc" -j "$jobs"
meson test -C "$out/gcc" --print-errorlogs --num-processes "$jobs"

step "clang -Werror: build and unit tests"
CC=clang meson setup "$out/clang" --wipe --werror >/dev/null 2>&1 ||
  CC=clang meson setup "$out/clang" --werror >/dev/null
ninja -C "$out/clang" -j "$jobs"
meson test -C "$out/clang" --suite unit --print-errorlogs --num-processes "$jobs"

step "ASan + UBSan: all tests"
CC=gcc meson setup "$out/asan" --wipe --werror -Db_sanitize=address,undefined -Db_lundef=false \
  >/dev/null 2>&1 ||
  CC=gcc meson setup "$out/asan" --werror -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C "$out/asan" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C "$out/asan" --print-errorlogs --num-processes "$jobs"

step "valgrind memcheck: unit tests, and end-to-end tests through a valgrind wrapper"
meson test -C "$out/gcc" --suite unit --setup=valgrind --print-errorlogs --num-processes "$jobs"
for t in test_report.py test_report_keys.py test_formats.py test_other_reports.py test_cli.py test_diff.py \
    test_index.py; do
  ODIHRX_REAL_BIN="$PWD/$out/gcc/cmd/odihrx" python3 "tests/$t" "$PWD/tests/valgrind-odihrx.sh" "$PWD" \
    > "$out/valgrind-$t.log" 2>&1 || { cat "$out/valgrind-$t.log"; echo "valgrind: $t failed"; exit 1; }
  echo "valgrind: $t ok"
done

step "summary"
# One closing line for CI readers: every test run above, counted.
python3 - "$out" <<'PY'
import json, pathlib, sys
passed = failed = 0
for log in sorted(pathlib.Path(sys.argv[1]).glob("*/meson-logs/testlog*.json")):
    for line in log.read_text().splitlines():
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r not in ("SKIP", None):
            failed += 1
print(f"{passed} passed, {failed} failed")
PY
