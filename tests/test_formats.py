#!/usr/bin/env python3
"""The same report in another shape must give the same structure.

The corpus final report is converted as it is (markdown-like text), as the
HTML pandoc makes of it, as pandoc's markdown of it in Word (tests/inputs/,
see make.sh there), and re-encoded
the ways files arrive: UTF-8 with BOM, UTF-16 LE and BE with BOM, CRLF line
ends. Each must give the same sections, footnotes with their referencing
sections, recommendations (number, priority, topic, text up to typography,
section of the inline copy), Copenhagen citations and contents entries
(number, page, section, title).
Usage: test_formats.py ODIHRX_BINARY SOURCE_ROOT"""
import pathlib
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = "{urn:odihrx:report:1}"
# Typography that differs between converters: quotes and apostrophes.
TYPO = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def convert(path):
    r = subprocess.run([BIN, "convert", "-q", "--no-hash", str(path)], capture_output=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    v = subprocess.run([BIN, "validate", "-"], input=r.stdout, capture_output=True)
    assert v.returncode == 0, v.stderr.decode()
    return ET.fromstring(r.stdout)


def facts(root):
    sections = [(s.get("num") or s.get("id"), "".join(s.find(NS + "heading").itertext()).strip())
                for s in root.iter(NS + "section")]
    footnotes = [(f.get("n"), f.get("section")) for f in root.iter(NS + "footnote")]
    recs = []
    for r in root.iter(NS + "recommendation"):
        inline = r.find(NS + "inline")
        text = " ".join("".join(r.find(NS + "text").itertext()).split()).translate(TYPO)
        recs.append((r.get("n"), r.get("priority"), r.get("topic"), text,
                     inline.get("section") if inline is not None else None))
    cites = sorted((c.get("instrument"), c.get("paragraph") or c.get("article") or "")
                   for c in root.iter(NS + "cite"))
    contents = [(e.get("num"), e.get("page"), e.get("section"),
                 " ".join("".join(e.itertext()).split()))
                for e in root.iter(NS + "entry")]
    return {"sections": sections, "footnotes": footnotes, "recommendations": recs,
            "citations": cites, "contents": contents}


class SameStructure(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.src = pathlib.Path(SRC, "corpus", "kz-2021-parliamentary-final-report.md")
        cls.reference = facts(convert(cls.src))
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check(self, path):
        got = facts(convert(path))
        for key, want in self.reference.items():
            self.assertEqual(got[key], want, f"{key} differ for {path.name}")

    def test_reference_is_the_whole_report(self):
        self.assertEqual(len(self.reference["sections"]), 25)
        self.assertEqual(len(self.reference["footnotes"]), 105)
        self.assertEqual(len(self.reference["recommendations"]), 25)
        self.assertEqual(len(self.reference["contents"]), 25)
        self.assertTrue(all(e[2] for e in self.reference["contents"]))  # each finds its section

    def test_html_export(self):
        self.check(pathlib.Path(SRC, "tests", "inputs", "kz-2021-parliamentary-final-report.html"))

    def test_pandoc_from_word(self):
        """pandoc's markdown of the report in Word: [^N] footnotes, wrapped lines."""
        self.check(pathlib.Path(SRC, "tests", "inputs",
                                "kz-2021-parliamentary-final-report.pandoc-docx.md"))

    def reencoded(self, name, data):
        p = pathlib.Path(self.tmp.name, name)
        p.write_bytes(data)
        return p

    def test_utf8_bom(self):
        self.check(self.reencoded("bom.md", b"\xef\xbb\xbf" + self.src.read_bytes()))

    def test_utf16_le_and_be(self):
        text = self.src.read_text(encoding="utf-8")
        self.check(self.reencoded("le.md", b"\xff\xfe" + text.encode("utf-16-le")))
        self.check(self.reencoded("be.md", b"\xfe\xff" + text.encode("utf-16-be")))

    def test_crlf(self):
        self.check(self.reencoded("crlf.md", self.src.read_bytes().replace(b"\n", b"\r\n")))


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
