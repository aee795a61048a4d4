#!/usr/bin/env python3
"""Golden files: the XML of every corpus file is checked in under
tests/golden/NAME.xml; this test converts each again (paths relative to the
source root, --no-hash, so files do not depend on the machine), diffs it
against its golden file and validates it against the schema.
Usage: test_golden.py ODIHRX_BINARY SOURCE_ROOT [--update]
--update rewrites the golden files after a deliberate output change; read
the diff (git diff tests/golden) before committing it.
A one-file conversion runs the grammar's patterns in PCRE2's interpreter;
a batch of 4 MB or more compiles them to machine code (JIT). The corpus is
converted a second time in such a batch, padded with copies of the report,
and must give the same files."""
import difflib
import pathlib
import shutil
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], pathlib.Path(sys.argv[2])
UPDATE = "--update" in sys.argv[3:]
golden_dir = SRC / "tests" / "golden"
failures = 0
inputs = sorted((SRC / "corpus").iterdir())
for path in inputs:
    rel = path.relative_to(SRC)
    r = subprocess.run([BIN, "convert", "-q", "--no-hash", str(rel)], cwd=SRC,
                       capture_output=True, timeout=60)
    if r.returncode != 0:
        print(f"not ok - {rel}: exit {r.returncode}: {r.stderr.decode()}")
        failures += 1
        continue
    v = subprocess.run([BIN, "validate", "-"], input=r.stdout, capture_output=True)
    if v.returncode != 0:
        print(f"not ok - {rel}: schema: {v.stderr.decode()}")
        failures += 1
    gold = golden_dir / (path.stem + ".xml")
    if UPDATE:
        golden_dir.mkdir(exist_ok=True)
        gold.write_bytes(r.stdout)
        print(f"updated {gold.relative_to(SRC)}")
        continue
    if not gold.exists():
        print(f"not ok - {rel}: no golden file {gold.relative_to(SRC)} (run with --update)")
        failures += 1
        continue
    want = gold.read_text(encoding="utf-8").splitlines(keepends=True)
    got = r.stdout.decode("utf-8").splitlines(keepends=True)
    if want != got:
        failures += 1
        print(f"not ok - {rel}: output differs from {gold.relative_to(SRC)}")
        sys.stdout.writelines(list(difflib.unified_diff(want, got, "golden", "now", n=1))[:80])
    else:
        print(f"ok - {rel}")

def batch_with_jit():
    """The corpus in one batch of more than 4 MB: the same XML as alone."""
    global failures
    with tempfile.TemporaryDirectory() as tmp:
        pad = pathlib.Path(tmp) / "pad"
        pad.mkdir()
        report = SRC / "corpus" / "kz-2021-parliamentary-final-report.md"
        copies = 4 * 2**20 // report.stat().st_size + 1
        for k in range(copies):
            shutil.copy(report, pad / f"pad{k}.md")
        out = pathlib.Path(tmp) / "out"
        args = [str(p.relative_to(SRC)) for p in inputs] + [str(p) for p in pad.iterdir()]
        r = subprocess.run([BIN, "convert", "-q", "--no-hash", "-j", "2", "-o", str(out)] + args,
                           cwd=SRC, capture_output=True, timeout=120)
        if r.returncode != 0:
            print(f"not ok - batch of {len(args)} files: exit {r.returncode}: {r.stderr.decode()}")
            failures += 1
            return
        for path in inputs:
            got = (out / (path.stem + ".xml")).read_bytes()
            if got != (golden_dir / (path.stem + ".xml")).read_bytes():
                print(f"not ok - {path.relative_to(SRC)}: differs in a batch (JIT)")
                failures += 1
            else:
                print(f"ok - {path.relative_to(SRC)} in a batch of {len(args)} files (JIT)")


if not UPDATE:
    batch_with_jit()
print(f"{len(inputs) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
