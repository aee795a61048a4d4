#!/usr/bin/env python3
"""End-to-end facts of corpus/kz-2021-parliamentary-final-report.md, each
written from reading the report (its title page, contents, chapters, the
list of recommendations and the 105 footnotes), never from odihrx's output.
Usage: test_report.py ODIHRX_BINARY SOURCE_ROOT"""
import hashlib
import pathlib
import re
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = "{urn:odihrx:report:1}"
NAME = "corpus/kz-2021-parliamentary-final-report.md"


def text(el):
    return " ".join("".join(el.itertext()).split())


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = pathlib.Path(SRC, NAME)
        r = subprocess.run([BIN, "convert", NAME], capture_output=True, cwd=SRC, timeout=60)
        assert r.returncode == 0, r.stderr.decode()
        cls.xml_bytes = r.stdout
        cls.stderr = r.stderr.decode()
        cls.root = ET.fromstring(r.stdout)
        cls.sections = {s.get("num") or s.get("id"): s for s in cls.root.iter(NS + "section")}
        cls.footnotes = {int(f.get("n")): f for f in cls.root.iter(NS + "footnote")}
        cls.recs = {int(r.get("n")): r for r in cls.root.iter(NS + "recommendation")}
        cls.ps = {p.get("id"): p for p in cls.root.iter(NS + "p")}

    # ------------------------------------------------------------ meta
    def test_meta(self):
        r = self.root
        self.assertEqual(r.get("kind"), "final-report")
        self.assertEqual(r.get("lang"), "en")
        m = r.find(NS + "meta")
        self.assertEqual(m.find(NS + "country").get("code"), "KZ")
        self.assertEqual(m.find(NS + "country").text, "Kazakhstan")
        self.assertEqual(m.find(NS + "election").get("type"), "parliamentary")
        self.assertEqual(m.find(NS + "election").get("date"), "2021-01-10")
        self.assertEqual(m.find(NS + "mission").get("type"), "leom")
        self.assertEqual(m.find(NS + "issued").get("place"), "Warsaw")
        self.assertEqual(m.find(NS + "issued").get("date"), "2021-03-26")
        data = self.path.read_bytes()
        src = m.find(NS + "source")
        self.assertEqual(src.get("name"), NAME)
        self.assertEqual(src.get("sha256"), hashlib.sha256(data).hexdigest())
        self.assertEqual(int(src.get("bytes")), len(data))
        self.assertEqual(src.get("format"), "markdown")
        self.assertIn("Final Report", m.find(NS + "title").text)

    # -------------------------------------------------------- sections
    def test_section_tree(self):
        top = [s.get("num") or s.get("id") for s in self.root.find(NS + "body").findall(NS + "section")]
        romans = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII".split()
        self.assertEqual(top, romans + ["Annex I", "Annex II", "sec-about-odihr"])
        for parent, subs in (("XI", ["XI.A", "XI.B", "XI.C"]), ("XVII", ["XVII.A", "XVII.B"])):
            got = [s.get("num") for s in self.sections[parent].findall(NS + "section")]
            self.assertEqual(got, subs)
        headings = {"I": "EXECUTIVE SUMMARY", "IV": "ELECTORAL SYSTEM", "XI.C":
                    "MEDIA MONITORING FINDINGS", "XVII.A": "PRIORITY RECOMMENDATIONS",
                    "Annex I": "FINAL RESULTS"}
        for num, words in headings.items():
            self.assertIn(words, text(self.sections[num].find(NS + "heading")))

    def test_contents_is_not_sections(self):
        toc = self.root.find(NS + "body/" + NS + "front/" + NS + "toc")
        self.assertIsNotNone(toc)
        entries = toc.findall(NS + "entry")
        self.assertEqual(len(entries), 25)  # 17 chapters, 5 lettered, 2 annexes, About ODIHR
        self.assertEqual(entries[13].get("section"), "sec-XI.C")
        self.assertEqual(entries[13].get("page"), "20")
        for s in self.root.iter(NS + "section"):
            self.assertNotIn("CONTENTS", text(s.find(NS + "heading")))
        self.assertNotIn("[toc-", self.stderr)

    # ------------------------------------------------------ paragraphs
    def p_with(self, words):
        hits = [p for p in self.ps.values() if words in text(p)]
        self.assertEqual(len(hits), 1, f"one paragraph should hold {words!r}")
        return hits[0]

    def test_page_breaks_rejoined(self):
        # each: the end of a page and the start of the next, one paragraph; the
        # first two with footnotes between, the third with only a blank line
        for words in ("campaign and election day procedures",
                      "observation activity to Limited Election Observation Mission",
                      "Ak Zhol competed with 38 candidates (12 women)",
                      "criteria. On election day, this created further uncertainty",
                      "Kazakhstan has yet to address. ODIHR stands ready"):
            self.p_with(words)
        # no body paragraph starts in the middle of a sentence
        for p in self.ps.values():
            t = text(p)
            self.assertFalse(t[:1].islower(), f"{p.get('id')} starts mid-sentence: {t[:40]}")

    def test_markup_becomes_elements(self):
        body = self.root.find(NS + "body")
        for el in body.iter():
            for chunk in (el.text or "", el.tail or ""):
                for bad in ("<sup>", "**", "</b>", "](#)", "<i>"):
                    self.assertNotIn(bad, chunk)
        majilis = self.p_with("lower chamber of parliament")
        self.assertIn("Majilis", [e.text for e in majilis.iter(NS + "em")])
        # link text is kept: footnote 2's link
        self.assertIn("ODIHR election observation reports on Kazakhstan", text(self.footnotes[2]))

    # ------------------------------------------------------- footnotes
    def test_footnotes(self):
        self.assertEqual(sorted(self.footnotes), list(range(1, 106)))
        f1 = text(self.footnotes[1])
        self.assertTrue(f1.startswith("The English version of this report"))
        self.assertTrue(f1.endswith("available in Kazakh and Russian."))
        f13 = text(self.footnotes[13])
        self.assertTrue(f13.startswith("The OSCE participating States, in Paragraph 7.9"))
        f104 = text(self.footnotes[104])
        self.assertTrue(f104.startswith("In Paragraph 25 of the 1999 OSCE Istanbul Document"))
        self.assertTrue(f104.endswith("See also the ODIHR electoral recommendations database."))
        refs = {int(x.get("n")) for x in self.root.find(NS + "body").iter(NS + "fnref")}
        self.assertEqual(refs, set(range(1, 106)))
        self.assertNotIn("[footnote-", self.stderr)

    def test_footnote_sections(self):
        want = {1: "front",        # marker on the title page
                3: "sec-III",      # first sentence of Background
                13: "sec-IV",      # the free mandate
                41: "sec-VIII",    # body printed under IX, marker in VIII
                55: "sec-IX",      # body printed under X, marker in IX
                88: "sec-XIII",    # body printed under XIV
                102: "sec-XV",     # body printed under XVII
                103: "sec-XVI",
                104: "sec-XVII",
                105: "annex-I"}    # in the Annex I heading
        for n, sec in want.items():
            self.assertEqual(self.footnotes[n].get("section"), sec, f"footnote {n}")

    # ------------------------------------------------- recommendations
    def test_recommendation_numbers_priority_topics(self):
        self.assertEqual(sorted(self.recs), list(range(1, 26)))
        for n, r in self.recs.items():
            self.assertEqual(r.get("priority"), "true" if n <= 6 else "false", n)
        topics = {"Electoral system": [7, 8], "Election administration": [9, 10],
                  "Voter registration": [11, 12, 13], "Candidate registration": [14, 15, 16],
                  "Election campaign": [17], "Campaign finance": [18, 19, 20],
                  "Media": [21, 22], "Complaints and appeals": [23, 24, 25]}
        for topic, ns in topics.items():
            self.assertEqual([n for n, r in self.recs.items() if r.get("topic") == topic], ns)
        for n in range(1, 7):
            self.assertIsNone(self.recs[n].get("topic"))

    def test_recommendation_texts(self):
        def rec(n):
            return text(self.recs[n].find(NS + "text"))
        self.assertEqual(rec(7), "To increase the pluralism and representativeness of the "
                         "parliament, consideration could be given to lowering the seven per "
                         "cent threshold for parties to qualify for seat allocation.")
        self.assertEqual(rec(9), "To increase transparency and accountability, the Central "
                         "Election Commission should publish information of public interest, "
                         "including all its decisions, detailed data on candidates, disaggregated "
                         "voting results and other key electoral data, in a form that enables "
                         "easy and prompt access. Consideration should be given to making these "
                         "data available in formats accessible to different groups of persons "
                         "with disabilities.")
        self.assertEqual(rec(17), "To comply fully with international standards, the Law on "
                         "Peaceful Assemblies should be revised and implemented in a manner which "
                         "facilitates the exercise of the right of all people to peaceful "
                         "assembly.")
        self.assertEqual(rec(19), "To enhance transparency, detailed campaign finance reports "
                         "should be published, including data on the sources of funding and "
                         "itemised expenditures.")
        self.assertTrue(rec(1).startswith("Law and public policy should ensure that citizens"))

    def test_inline_copies(self):
        where = {1: "sec-III", 2: "sec-VIII", 3: "sec-V", 4: "sec-XIV", 5: "sec-XI.A",
                 6: "sec-XV", 7: "sec-IV", 8: "sec-IV", 9: "sec-VI", 10: "sec-VI",
                 11: "sec-VII", 14: "sec-VIII", 17: "sec-IX", 18: "sec-X", 21: "sec-XI.B",
                 22: "sec-XI.B", 23: "sec-XIII", 25: "sec-XIII"}
        for n, r in self.recs.items():
            inline = r.find(NS + "inline")
            self.assertIsNotNone(inline, f"recommendation {n} has no inline copy")
            p = self.ps[inline.get("p")]
            # the list drops the copy's final full stop once (recommendation 16)
            self.assertEqual(text(p).rstrip("."), text(r.find(NS + "text")).rstrip("."),
                             f"recommendation {n}")
            if n in where:
                self.assertEqual(inline.get("section"), where[n], f"recommendation {n}")
        # recommendation 18's copy lost its closing '*' in conversion: still found
        self.assertIsNotNone(self.recs[18].find(NS + "inline"))

    def test_followup(self):
        priors = {(p.get("report"), p.get("status")): p.get("recommendations")
                  for p in self.root.iter(NS + "prior")}
        self.assertEqual(priors, {
            ("2016 Final Report", "fully"): "",
            ("2019 Final Report", "fully"): "",
            ("2016 Final Report", "mostly"): "4 5 8 14 21",
            ("2019 Final Report", "mostly"): "15 23",
            ("2016 Final Report", "partially"): "1 12 17 19",
            ("2019 Final Report", "partially"): "1 6 8 12 13 18 19 22 24 26 28"})

    # ---------------------------------------------------------- annexes
    def test_annex_tables(self):
        rows = [[text(c) for c in row.findall(NS + "cell")]
                for row in self.sections["Annex I"].iter(NS + "row")]
        self.assertIn(["Nur Otan", "5,148,074", "71.09", "76"], rows)
        self.assertIn(["Adal", "258,618", "3.57", "0"], rows)
        self.assertIn(["Turnout (percentage)", "63.2"], rows)
        tables = self.sections["Annex I"].findall(NS + "table")
        self.assertEqual(len(tables), 2)
        names = [text(r.find(NS + "cell")) for r in self.sections["Annex II"].iter(NS + "row")]
        self.assertIn("Kristian Vigenin", names)
        self.assertIn("Gregoire Houel", names)
        self.assertEqual(len(names), 7 + 12 + 25)

    # ---------------------------------------------- validity, stability
    def test_schema_valid(self):
        r = subprocess.run([BIN, "validate", "-"], input=self.xml_bytes, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        rng = pathlib.Path(SRC, "grammars", "odihrx.rng")
        x = subprocess.run(["xmllint", "--noout", "--relaxng", str(rng), "-"],
                           input=self.xml_bytes, capture_output=True)
        self.assertEqual(x.returncode, 0, x.stderr.decode())

    def test_byte_stable(self):
        again = subprocess.run([BIN, "convert", NAME], capture_output=True, cwd=SRC).stdout
        self.assertEqual(again, self.xml_bytes)
        piped = subprocess.run([BIN, "convert", "-"], input=self.path.read_bytes(),
                               capture_output=True).stdout
        self.assertEqual(re.sub(rb'name="[^"]*"', b"", piped),
                         re.sub(rb'name="[^"]*"', b"", self.xml_bytes))

    def test_no_unexplained_warnings(self):
        # the report is clean: no warning is expected from its content
        self.assertNotIn("warning:", self.stderr)


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
