#!/usr/bin/env python3
"""The corpus report typeset to PDF (page-bottom footnotes, running header,
page numbers, list numbers running on across subheadings) and read back by
pdftotext, as tests/inputs/make.sh makes it, against the markdown-like
original: the running header and page numbers are gone, the page-bottom
footnotes are whole footnotes with their numbers, the bare-digit markers
glued to the text ("Document.7") are linked to them, and recommendations
(numbers, priorities, texts) and Copenhagen citations are the same. The
same PDF read by pdfminer.six gives the same footnotes, sections and
recommendations where pdfminer kept the text in order.
Usage: test_pdftotext.py ODIHRX_BINARY SOURCE_ROOT"""
import pathlib
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = "{urn:odihrx:report:1}"
# Typography that differs between converters.
QUOTES = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2026": "..."}
TYPO_LAYOUT = str.maketrans(QUOTES)
# pdftotext without -layout also drops the hyphen of a word broken at a line
# end ("Internet-based"); with -layout the hyphen stays and odihrx mends the
# break from the document's vocabulary, so hyphens are compared there.
TYPO = str.maketrans(dict(QUOTES, **{"-": None}))


def convert(path):
    r = subprocess.run([BIN, "convert", "-q", "--no-hash", str(path)], capture_output=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    v = subprocess.run([BIN, "validate", "-"], input=r.stdout, capture_output=True)
    assert v.returncode == 0, v.stderr.decode()
    return ET.fromstring(r.stdout)


def words(el, n=None, typo=TYPO):
    w = " ".join("".join(el.itertext()).split()).translate(typo).split()
    return w[:n] if n else w


def keys(root):
    """Each recommendation's Copenhagen keys: paragraph, basis, and the
    topic a lexicon key comes through (the paragraph ids of section keys
    differ between routes that split paragraphs differently)."""
    return {r.get("n"): sorted({(k.get("paragraph"), k.get("basis"),
                                 k.get("via") if k.get("basis") == "lexicon" else "")
                                for k in r.iter(NS + "key")})
            for r in root.iter(NS + "recommendation")}


def inline(root):
    """The section of each recommendation's copy in the body."""
    return {r.get("n"): [i.get("section") for i in r.iter(NS + "inline")]
            for r in root.iter(NS + "recommendation")}


def cites(root):
    """The Copenhagen paragraphs cited, sorted."""
    return sorted(c.get("paragraph") for c in root.iter(NS + "cite")
                  if c.get("instrument") == "osce-copenhagen-1990" and c.get("paragraph"))


class PdfToText(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        inputs = pathlib.Path(SRC, "tests", "inputs")
        cls.md = convert(pathlib.Path(SRC, "corpus", "kz-2021-parliamentary-final-report.md"))
        cls.raw = convert(inputs / "kz-2021-parliamentary-final-report.pdftotext.txt")
        cls.layout = convert(inputs / "kz-2021-parliamentary-final-report.pdftotext-layout.txt")
        cls.html = convert(inputs / "kz-2021-parliamentary-final-report.html")
        cls.pdfminer = convert(inputs / "kz-2021-parliamentary-final-report.pdfminer.txt")

    def footnotes(self, root):
        return {int(f.get("n")): f for f in root.iter(NS + "footnote")}

    def test_title_page(self):
        # the title page's lines, which plain text runs into one paragraph
        # ("... Final Report Warsaw 26 March 2021"), and the HTML export,
        # whose page title names the election before the title page does
        title = "".join(self.md.find(NS + "meta").find(NS + "title").itertext())
        for name in ("md", "raw", "layout", "html", "pdfminer"):
            meta = getattr(self, name).find(NS + "meta")
            if name != "html":  # its page title comes first
                self.assertEqual("".join(meta.find(NS + "title").itertext()), title, name)
            self.assertEqual(meta.find(NS + "election").get("date"), "2021-01-10", name)
            issued = meta.find(NS + "issued")
            self.assertIsNotNone(issued, name)
            self.assertEqual((issued.get("place"), issued.get("date")), ("Warsaw", "2021-03-26"),
                             name)

    def test_page_furniture_is_dropped(self):
        for root in (self.raw, self.layout):
            body = "".join(root.find(NS + "body").itertext())
            self.assertNotIn("Republic of Kazakhstan Parliamentary Elections, 10 January 2021", body)
            self.assertNotIn("Page:", body)

    def test_page_bottom_footnotes_are_whole(self):
        want = self.footnotes(self.md)
        for root, typo in ((self.raw, TYPO), (self.layout, TYPO_LAYOUT)):
            got = self.footnotes(root)
            self.assertEqual(sorted(got), list(range(1, 106)))
            for n in (1, 7, 13, 52, 104, 105):
                self.assertEqual(words(got[n], 6, typo), words(want[n], 6, typo), f"footnote {n}")
            # a footnote printed over several lines is one footnote
            self.assertEqual(words(got[104], typo=typo)[-4:], words(want[104], typo=typo)[-4:])

    def test_bare_digit_markers_are_linked(self):
        want = {f.get("n"): f.get("section") for f in self.md.iter(NS + "footnote")}
        self.assertEqual(len(want), 105)
        for name, root in (("raw", self.raw), ("layout", self.layout)):
            refs = [int(x.get("n")) for x in root.find(NS + "body").iter(NS + "fnref")]
            self.assertEqual(sorted(refs), list(range(1, 106)), name)
            # and every footnote is attached to the section that refers to it
            # in the original (the contents page, which pdftotext runs into
            # one paragraph, gives neither a marker nor a chapter)
            got = {f.get("n"): f.get("section") for f in root.iter(NS + "footnote")}
            differ = sorted((int(n) for n in want if got.get(n) != want[n]))
            self.assertEqual(differ, [], f"{name}: footnote sections differ")

    def test_recommendations_and_citations(self):
        def recs(root, typo=TYPO):
            return [(r.get("n"), r.get("priority"), " ".join(words(r.find(NS + "text"), typo=typo)))
                    for r in root.iter(NS + "recommendation")]
        self.assertEqual(len(recs(self.raw)), 25)
        # the same 25 recommendations with the same numbers and priorities:
        # the typeset lists number on across the topic subheadings ("7."
        # after "Electoral system"), as the original and ODIHR's PDFs do
        want = [(n, p) for n, p, _ in recs(self.md)]
        self.assertEqual([n for n, _ in want], [str(i) for i in range(1, 26)])
        for name, root in (("raw", self.raw), ("layout", self.layout)):
            self.assertEqual([(n, p) for n, p, _ in recs(root)], want, name)
        want_text = [t for _, _, t in recs(self.md)]
        got_text = [t for _, _, t in recs(self.raw)]
        # raw pdftotext drops the hanging indent: an item whose line ends a
        # sentence at the full width ("... disputes." / "In line with good
        # practice ...") still goes on, so all 25 are whole
        self.assertEqual(got_text, want_text)
        # -layout keeps the hanging indent: every recommendation is whole,
        # and equal to the original up to quotes, hyphens included
        # ("Internet-" / "based" at a line end is "Internet-based" again).
        self.assertEqual(len(recs(self.layout)), 25)
        self.assertEqual([t for _, _, t in recs(self.layout, TYPO_LAYOUT)],
                         [t for _, _, t in recs(self.md, TYPO_LAYOUT)])
        for root in (self.raw, self.layout):
            self.assertEqual(cites(root), cites(self.md))

    def test_keys_and_inline_copies(self):
        # Without italics the copies in the body are found by their text,
        # also where pdftotext cut one in two or ran it on after the
        # paragraph before; the topic subheadings are short lines. So every
        # recommendation has the same Copenhagen keys, on the same bases
        # (the paragraph ids they come through differ: pdftotext splits
        # some paragraphs), and its copy in the same section.
        want_keys, want_inline = keys(self.md), inline(self.md)
        self.assertEqual(len(want_keys), 25)
        self.assertEqual(sum(len(v) for v in want_inline.values()), 25)
        for name, root in (("raw", self.raw), ("layout", self.layout)):
            self.assertEqual(inline(root), want_inline, name)
            self.assertEqual(keys(root), want_keys, name)

    def test_words_broken_at_line_ends(self):
        # -layout prints 16 compounds broken at their hyphen at a line end
        # ("lower-" / "level", "COVID-" / "19"); the vocabulary of the
        # document mends them, and "mask-" / "wearing" (neither spelling
        # nor either half elsewhere) keeps its hyphen because every break
        # the vocabulary settles is a compound: this typesetter does not
        # hyphenate words.
        body = " ".join("".join(self.layout.find(NS + "body").itertext()).split())
        self.assertNotRegex(body, r"\w- \w")
        for w in ("Internet-based", "co-operation", "lower-level", "non-registered",
                  "anti-Semitism", "in-depth", "one-fifth", "non-authorized", "mask-wearing"):
            self.assertIn(w, body)
            self.assertNotIn(w.replace("-", ""), body)

    def test_chapters(self):
        for root in (self.raw, self.layout):
            nums = {s.get("num") for s in root.iter(NS + "section")}
            # a title that pdftotext breaks into pieces is one heading
            self.assertIn("XII", nums)
            self.assertIn("II", nums)
            self.assertNotIn("XII-2", nums)
        nums = {s.get("num") for s in self.raw.iter(NS + "section")}
        for n in ("III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XI.A", "XI.B", "XI.C",
                  "XIII", "XIV", "XV", "XVI", "XVII", "XVII.A", "XVII.B", "Annex I", "Annex II"):
            self.assertIn(n, nums)

    def test_same_sections_in_every_format(self):
        # the whole section tree, in order: chapters, subsections, annexes
        # and the unnumbered back matter ("ABOUT ODIHR"); titles that raw
        # pdftotext prints as columns ("XII." / "PARTICIPATION" /
        # "MINORITIES" / "OF" / "NATIONAL") read in their order again
        def sections(root):
            return [(s.get("num"), s.get("kind"), " ".join(words(s.find(NS + "heading"))))
                    for s in root.iter(NS + "section")]
        want = sections(self.md)
        self.assertEqual(len(want), 25)
        self.assertEqual(want[-1], (None, "unnumbered", "ABOUT ODIHR"))
        self.assertEqual(want[14], ("XII", "chapter", "XII. PARTICIPATION OF NATIONAL MINORITIES"))
        for name, root in (("html", self.html), ("raw", self.raw), ("layout", self.layout)):
            self.assertEqual(sections(root), want, name)

    def test_pdfminer(self):
        # pdfminer.six (what markitdown and other libraries use): a blank
        # line after every block, widened word gaps, the list numbers as a
        # column before the texts of the items run together, markers at the
        # start of the next line, and some pieces out of order (the back
        # matter's title among the observers of Annex II; the body copy of
        # recommendation 4 with its words moved); what it kept in order
        # must come out as from the original
        got, md = self.pdfminer, self.md

        def notes(root):
            return [(f.get("n"), f.get("section"), " ".join(words(f, 6)))
                    for f in root.iter(NS + "footnote")]
        self.assertEqual(notes(got), notes(md))
        refs = [int(x.get("n")) for x in got.find(NS + "body").iter(NS + "fnref")]
        self.assertEqual(sorted(refs), list(range(1, 106)))

        def sections(root):
            return [(s.get("num"), " ".join(words(s.find(NS + "heading"))))
                    for s in root.iter(NS + "section")]
        want = sections(md)
        self.assertEqual(sections(got), want[:-1])  # all but "ABOUT ODIHR"

        def recs(root):
            return [(r.get("n"), r.get("priority"), r.get("topic"),
                     words(r.find(NS + "text")), r.find(NS + "inline"))
                    for r in root.iter(NS + "recommendation")]
        want, have = recs(md), recs(got)
        self.assertEqual([r[:3] for r in have], [r[:3] for r in want])
        self.assertEqual(len(want), 25)
        # the texts of a list's items ran together: each item ends where its
        # copy in the body opens the next one, or at a sentence end
        self.assertEqual([h[3] for h in have], [w[3] for w in want])
        # the copy in the body is found for every recommendation, in the
        # section the original has it: where pdfminer printed it in order by
        # its text, and the one whose words pdfminer moved (the copy of
        # recommendation 4: its opening words stand only once in the text)
        # by its words, as plain text without italics offers every paragraph
        text = " ".join(pathlib.Path(SRC, "tests", "inputs",
                                     "kz-2021-parliamentary-final-report.pdfminer.txt")
                        .read_text(encoding="utf-8").split()).translate(TYPO)
        moved = [w[0] for w in want
                 if w[4] is not None and text.count(" ".join(w[3][:12])) < 2]
        self.assertEqual(len(moved), 1)
        for w, h in zip(want, have):
            got = h[4].get("section") if h[4] is not None else None
            self.assertEqual(got, w[4].get("section") if w[4] is not None else None, w[0])

    def test_contents_match_the_original(self):
        # the contents of the PDF: one entry per line, leaders of an ellipsis
        # and dots ("….."), the Annex II entry wrapped onto a second line
        # with its page and no leader, the entries of page 2 after the
        # running header; every entry with its number, page and section
        def contents(root):
            return [(e.get("num"), e.get("page"), e.get("section"), " ".join(words(e)))
                    for e in root.iter(NS + "entry")]
        want = contents(self.md)
        self.assertEqual(len(want), 25)
        self.assertEqual(want[23][:3], ("Annex II", "31", "annex-II"))
        for name, root in (("html", self.html), ("raw", self.raw), ("layout", self.layout)):
            self.assertEqual(contents(root), want, name)

    def test_tables_match_the_original(self):
        # the five TAB tables of the original, typeset as tables: -layout
        # prints them as columns (empty cells, header and name cells over
        # two lines, the first row alone at the foot of a page, the Core
        # Team's empty middle column missing from its second page), and the
        # HTML export has them as <table>; every table, row and cell is the
        # same up to white space and quotes (WeasyPrint breaks "Majilis" in
        # the narrow header cell: "Seats in M" / "ajilis")
        def tables(root):
            return [[["".join(words(c, typo=TYPO_LAYOUT)) for c in row.iter(NS + "cell")]
                     for row in t.iter(NS + "row")] for t in root.iter(NS + "table")]
        want = tables(self.md)
        self.assertEqual([len(t) for t in want], [3, 6, 7, 12, 25])
        self.assertEqual(tables(self.layout), want)
        self.assertEqual(tables(self.html), want)
        # raw pdftotext prints one cell after another (empty ones left
        # out): no table, but no cell is run into the next page's either
        for p in self.raw.find(NS + "body").iter(NS + "p"):
            text = " ".join(words(p))
            self.assertFalse("11,919,241" in text and "Total" in text.split("11,919,241")[1], text)


class WordProcessorPdf(unittest.TestCase):
    """The corpus report exported to PDF by a word processor (LibreOffice
    Writer, from the Word document tests/inputs/make.sh makes: real
    footnotes and numbered lists, no space between paragraphs, no page
    numbers), read back by pdftotext -layout (each note's number on a line
    of its own above its text, the annex title right over its table, topic
    lines right over the items) and by MuPDF (mutool, what PyMuPDF gives:
    blocks apart, "N text" notes): the same report as the original, down to
    every footnote's section, every recommendation's text, topic, keys and
    copy. pdftotext without -layout prints each note's number below its
    text and a page's first note right below the body: every
    recommendation, its number, priority and topic, and the sections are
    the same; notes and texts are held at what they are."""

    @classmethod
    def setUpClass(cls):
        inputs = pathlib.Path(SRC, "tests", "inputs")
        name = "kz-2021-parliamentary-final-report"
        cls.md = convert(pathlib.Path(SRC, "corpus", name + ".md"))
        cls.routes = {route: convert(inputs / f"{name}.writer-{route}.txt")
                      for route in ("pdftotext-layout", "mutool")}
        cls.plain = convert(inputs / f"{name}.writer-pdftotext.txt")

    @staticmethod
    def sections(root):
        return [(s.get("num"), s.get("kind"), " ".join(words(s.find(NS + "heading"))))
                for s in root.iter(NS + "section")]

    @staticmethod
    def recs(root):
        return [(r.get("n"), r.get("priority"), r.get("topic"), " ".join(words(r.find(NS + "text"))))
                for r in root.iter(NS + "recommendation")]

    @staticmethod
    def notes(root):
        num = {s.get("id"): s.get("num") for s in root.iter(NS + "section")}
        num["front"] = "front"
        return {int(f.get("n")): num.get(f.get("section")) for f in root.iter(NS + "footnote")}

    def test_same_report(self):
        want_notes = self.notes(self.md)
        self.assertEqual(sorted(want_notes), list(range(1, 106)))
        self.assertEqual(len(self.recs(self.md)), 25)
        for route, root in self.routes.items():
            with self.subTest(route=route):
                self.assertEqual(self.sections(root), self.sections(self.md))
                self.assertEqual(self.notes(root), want_notes)
                self.assertEqual(self.recs(root), self.recs(self.md))
                self.assertEqual(keys(root), keys(self.md))
                self.assertEqual(inline(root), inline(self.md))
                self.assertEqual(cites(root), cites(self.md))

    def test_plain_text(self):
        self.assertEqual(self.sections(self.plain), self.sections(self.md))
        got, want = self.recs(self.plain), self.recs(self.md)
        self.assertEqual([r[:3] for r in got], [r[:3] for r in want])
        self.assertEqual(sum(g == w for g, w in zip(got, want)), 22)
        notes, want_notes = self.notes(self.plain), self.notes(self.md)
        self.assertLessEqual(set(notes), set(want_notes))
        self.assertEqual(sum(notes.get(n) == s for n, s in want_notes.items()), 96)


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
