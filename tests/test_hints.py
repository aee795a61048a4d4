#!/usr/bin/env python3
"""The HINTS columns of the grammar only spare work: every corpus text and
every test input converts to the same XML with the shipped grammar and with
one whose HINTS columns are all removed (every pattern then searched for
everywhere, no pattern tried only where its words start).
Usage: test_hints.py ODIHRX_BINARY SOURCE_ROOT"""
import pathlib
import subprocess
import sys
import tempfile
import unittest

BIN = SRC = None

# grammar file -> number of columns before HINTS (HINTS is the last one)
HINTED = {"citations.pcre": 2, "instruments.tsv": 3, "topics.tsv": 3}


def without_hints(text, ncols):
    """The file with the column after the first ncols cut from every row."""
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        end = "\n" if line.endswith("\n") else ""
        cols = line.rstrip("\n").split("\t")
        out.append("\t".join(cols[:ncols]) + end)
    return "".join(out)


class HintsChangeNothing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        root = pathlib.Path(SRC)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.plain = pathlib.Path(cls.tmp.name)
        removed = 0
        for name, ncols in HINTED.items():
            text = (root / "grammars" / name).read_text(encoding="utf-8")
            cut = without_hints(text, ncols)
            removed += text != cut
            (cls.plain / name).write_text(cut, encoding="utf-8")
        assert removed == len(HINTED), "a grammar file lost its HINTS column"
        cls.inputs = sorted((root / "corpus").iterdir()) + sorted(
            p for p in (root / "tests" / "inputs").iterdir() if p.suffix in (".txt", ".html"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def convert(self, path, *grammars):
        r = subprocess.run([BIN, "convert", "--no-hash", "-q", *grammars, str(path)],
                           capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        return r.stdout

    def test_same_xml_without_hints(self):
        self.assertGreaterEqual(len(self.inputs), 8)
        keyed = 0
        for path in self.inputs:
            with self.subTest(input=path.name):
                hinted = self.convert(path)
                plain = self.convert(path, "--grammars", str(self.plain))
                self.assertEqual(hinted, plain)
                keyed += hinted.count(b'basis="lexicon"')
        # the comparison covers topic keys and citations, not empty output
        self.assertGreater(keyed, 20)


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
