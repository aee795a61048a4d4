#!/usr/bin/env python3
"""Adversarial inputs: each generated here, converted under a timeout, the
output checked for what the input holds, and time checked for linearity
(the input at size N and 4N: time(4N) may be at most 5.5 x time(N), and the
larger run may take at most 60 x the time `wc -l` takes on the same file
plus a fixed start-up allowance).
Usage: test_pathological.py ODIHRX_BINARY SOURCE_ROOT
Sizes shrink 8x when the binary is a sanitizer or valgrind build."""
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = "{urn:odihrx:report:1}"
SCALE = 1


def run(path, timeout=60):
    t0 = time.perf_counter()
    r = subprocess.run([BIN, "convert", "-q", "--no-hash", str(path)], capture_output=True,
                       timeout=timeout)
    return r, time.perf_counter() - t0


def best_time(path, runs=2):
    return min(run(path)[1] for _ in range(runs))


def wc_time(path):
    t0 = time.perf_counter()
    subprocess.run(["wc", "-l", str(path)], capture_output=True, check=True)
    return time.perf_counter() - t0


def alpha(i):
    """A word of its own for every number: 0 "a", 25 "z", 26 "ba", ..."""
    w = ""
    while True:
        w = chr(ord("a") + i % 26) + w
        i //= 26
        if not i:
            return w


CASES = {
    # name: (generator of n units, number of units for the small run, check of the XML)
    "one_huge_line": (lambda n: "word " * n, 1_000_000,  # 4N: a 20 MB line
                      lambda root, n: sum(len("".join(p.itertext())) for p in root.iter(NS + "p"))
                      >= 5 * n - n),
    "markers_without_bodies": (lambda n: "".join(f"text<sup>{i}</sup> " for i in range(1, n + 1)),
                               25_000, lambda root, n: len(list(root.iter(NS + "fnref"))) == n),
    "headings": (lambda n: "".join(f"## {i}. Heading\n\nText.\n\n" for i in range(n)), 25_000,
                 lambda root, n: len(list(root.iter(NS + "subheading"))) == n),
    # one chapter heading over and over: each needs a unique id (sec-I, sec-I-2, ...)
    "same_heading": (lambda n: "## I. INTRODUCTION\n\nText.\n\n" * n, 5_000,
                     lambda root, n: len({s.get("id") for s in root.iter(NS + "section")}) == n),
    "nested_bullets": (lambda n: "".join(" " * (i % 40) + "- item\n" for i in range(n)), 25_000,
                       lambda root, n: len(list(root.iter(NS + "item"))) == n),
    "unclosed_stars": (lambda n: "*" * n + "\n", 250_000, lambda root, n: True),
    "unclosed_sup": (lambda n: "<sup>" * n + "\n", 100_000, lambda root, n: True),
    "open_brackets": (lambda n: "[" * n + "\n", 250_000, lambda root, n: True),
    # a contents entry for every title, each title and its text set apart
    # by blank lines (pdfminer): titles are looked up, not compared with
    # every entry
    "contents_and_titles": (lambda n: "TABLE OF CONTENTS\n\n" + "".join(
        f"SECTION {alpha(i).upper()} ….. {i % 90 + 1}\n\n" for i in range(n)) + "\f" + "".join(
        f"SECTION {alpha(i).upper()}\n\nThe text of this section is a sentence of body text "
        f"long enough.\n\n\f" for i in range(n)), 5_000,
        lambda root, n: len(list(root.iter(NS + "entry"))) == n),
    # list numbers printed as a column before the items' texts (pdfminer)
    "number_columns": (lambda n: "".join(
        "".join(f"{5 * g + k}. \n\n" for k in range(1, 6)) +
        "".join(f"Item {alpha(5 * g + k)} is a sentence.\n" for k in range(1, 6)) + "\n"
        for g in range(n // 5)), 240,  # numbers of up to three digits
        lambda root, n: len(list(root.iter(NS + "item"))) == n),
    "paragraph_fragments": (lambda n: "Paragraph 7. " * n, 10_000,
                            lambda root, n: len(list(root.iter(NS + "cite"))) == 0),
    "copenhagen_lists": (lambda n: "Paragraphs 7.1, 7.2 and 7.3 of the 1990 OSCE Copenhagen "
                         "Document.\n\n" * n, 10_000,
                         lambda root, n: len([c for c in root.iter(NS + "cite")
                                              if c.get("paragraph")]) == 3 * n),
    # 10,000 and 40,000: at 2,500 start-up hid a scan of every block for
    # every recommendation (4x the recommendations took 18x the time)
    "recommendation_list": (lambda n: "## I. RECOMMENDATIONS\n\n" + "".join(
        f"{i}. Recommendation number {i} should be done.\n" for i in range(1, n + 1)), 10_000,
                            lambda root, n: len(list(root.iter(NS + "recommendation"))) == n),
    "table_cells": (lambda n: "a\tb\tc\td\n" * n, 100_000,
                    lambda root, n: len(list(root.iter(NS + "row"))) == n),
    # pdftotext -layout columns: one aligned table of n rows on one page,
    # and one cell whose lines all wrap into one row (past the block limit
    # at 4N: its lines stay text)
    "layout_table": (lambda n: "\f" + "".join(f"{alpha(i):<12}{i:<10}{alpha(i)}x\n"
                                              for i in range(n)) + "\f", 50_000,
                     lambda root, n: len(list(root.iter(NS + "row"))) == n),
    "layout_wrapped_cell": (lambda n: "\fabcdefgh  x\nabcdefgh  y\n" + "abcdefgh\n" * n + "\f",
                            100_000, lambda root, n: len(list(root.iter(NS + "row"))) <= 1),
    # plain text with a word broken at every other line end, a new word each
    # time (the vocabulary grows with the input), pages every 20 sentences
    "hyphen_breaks": (lambda n: "".join(
        f"The {alpha(i)} elec-\ntion of {alpha(i)}ed members and the election.\n"
        + ("\f" if i % 20 == 19 else "") for i in range(n)), 25_000,
                      lambda root, n: " ".join(root.find(NS + "body").itertext()).count("election")
                      == 2 * n),
    # every word broken: no vocabulary at all
    "every_word_broken": (lambda n: "ab-\ncd-\n" * n, 100_000, lambda root, n: True),
    # contents entries all run together on one line, each title in the body
    # followed by a piece set apart that the entry goes on with
    "run_together_contents": (lambda n: "TABLE OF CONTENTS\n\n" + "".join(
        f"SECTION {alpha(i).upper()} PART ….. {i % 90 + 1} " for i in range(n)) + "\n\f" + "".join(
        f"SECTION {alpha(i).upper()}\n\nPART\n\nThe text of this section is a sentence of body "
        f"text long enough.\n\n\f" for i in range(n)), 2_500,
        lambda root, n: len(list(root.iter(NS + "entry"))) == n),
    # titles of many small pieces that each stand in one long contents
    # entry: every piece is looked up once, not every piece again
    "title_piece_flood": (lambda n: "TABLE OF CONTENTS\n\nI. " + "AB " * 80 + "….. 1\n\n" +
                          "".join(f"\fThe {alpha(i)} page.\n\nI. AB\n\n" + "AB\n\n" * 60 +
                                  f"Text {alpha(i)} of the page.\n\n" for i in range(n)), 2_500,
                          lambda root, n: True),
    # follow-up: number lists that name no report ("5 of the law") before
    # the one report the sentence names, then clause after clause
    "followup_lists": (lambda n: "Recommendations " + "".join(
        f"{i % 900 + 1} of the law, " for i in range(n)) +
        "and 7 from the 2013 Final Report were partially implemented" + "".join(
        f", recommendation {i % 900 + 1} was mostly implemented" for i in range(n)) + ".\n",
        10_000, lambda root, n: len(list(root.iter(NS + "prior"))) == 2),
    # every recommendation goes on in a paragraph of its own
    "recommendation_continuations": (lambda n: "## I. RECOMMENDATIONS\n\n" + "".join(
        f"{i}. Recommendation {i} should be done.\n\nIt goes on {i}.\n\n"
        for i in range(1, n + 1)), 10_000,
        lambda root, n: sum("goes on" in "".join(r.find(NS + "text").itertext())
                            for r in root.iter(NS + "recommendation")) == n - 1),
    # a word processor's PDF through pdftotext: each page's notes below
    # their texts, their numbers after them, the first right below the body
    # (two a page: numbers that keep step with the pages are page numbers;
    # fewer than 1000 notes: a marker of four digits reads as a year)
    "notes_below_texts": (lambda n: "".join(
        f"The body of page {alpha(i)} ends here, and so does its sentence.{2 * i + 1} It\n"
        f"has a second marker too, at the end of the body of page {alpha(i)}.{2 * i + 2}\n"
        f"The note of page {alpha(i)} is one sentence that runs to the width.\n{2 * i + 1}\n\n"
        f"The second note of page {alpha(i)} is a sentence as wide as that.\n{2 * i + 2}\n\n\f"
        for i in range(n)), 120,
        lambda root, n: len(list(root.iter(NS + "footnote"))) == 2 * n),
    # chapter numbers alone with capital pieces after them, page after page
    "title_pieces": (lambda n: "".join(f"The {alpha(i)} page.\n\nIts {alpha(i)} top.\n\n"
                                       f"XII.\nAB\n\nCD\n\nText {alpha(i)}.\n\n"
                                       f"Its {alpha(i)} foot.\n\f" for i in range(n)), 10_000,
                     lambda root, n: len(list(root.iter(NS + "heading"))) == n),
}


class Pathological(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, name, data):
        p = pathlib.Path(self.tmp.name, name)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return p

    def convert_ok(self, path):
        r, secs = run(path)
        self.assertEqual(r.returncode, 0, r.stderr.decode()[-2000:])
        v = subprocess.run([BIN, "validate", "-"], input=r.stdout, capture_output=True)
        self.assertEqual(v.returncode, 0, v.stderr.decode()[-2000:])
        return ET.fromstring(r.stdout), secs

    def test_cases(self):
        for name, (gen, n, check) in CASES.items():
            with self.subTest(case=name):
                n = max(1, n // SCALE)
                small = self.write(name + "-1.md", gen(n))
                large = self.write(name + "-4.md", gen(4 * n))
                root, _ = self.convert_ok(small)
                self.assertTrue(check(root, n), f"{name}: output does not hold the input")
                root4, _ = self.convert_ok(large)
                self.assertTrue(check(root4, 4 * n), f"{name}: output does not hold the input")
                if SCALE > 1:
                    continue  # sanitizer builds: correctness only
                t1, t4 = best_time(small), best_time(large)
                floor = wc_time(large)
                print(f"{name:24s} {small.stat().st_size:>10d} B {t1:7.3f} s   "
                      f"x4 {t4:7.3f} s   ratio {t4 / max(t1, 1e-3):5.2f}   wc {floor:.4f} s")
                # start-up dominates tiny runs; allow it before taking the ratio
                self.assertLessEqual(t4, 5.5 * t1 + 0.05, f"{name}: superlinear")
                self.assertLessEqual(t4, 60 * floor + 0.5 + 2.0 * t1, f"{name}: slow vs wc -l")

    def test_random_bytes_empty_and_bom(self):
        for name, data in (("random", os.urandom(1_000_000 // SCALE)), ("empty", b""),
                           ("bom", b"\xef\xbb\xbf"), ("utf16bom", b"\xff\xfe"),
                           ("nul", b"\0" * 1000), ("controls", bytes(range(32)) * 100)):
            with self.subTest(case=name):
                root, _ = self.convert_ok(self.write(name, data))
                self.assertEqual(root.tag, NS + "report")


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    # sanitizer and valgrind runs: correctness only, at an eighth of the sizes
    slow = any(s in BIN for s in ("asan", "san", "valgrind")) or os.environ.get("ODIHRX_SLOW_BUILD")
    if not slow:
        try:
            slow = b"libasan" in subprocess.run(["ldd", BIN], capture_output=True).stdout
        except OSError:
            pass
    if slow:
        SCALE = 8
    unittest.main(argv=[sys.argv[0]], verbosity=2)
