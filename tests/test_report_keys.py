#!/usr/bin/env python3
"""Citations and Copenhagen keys of corpus/kz-2021-parliamentary-final-report.md,
written from reading the report: where it cites the 1990 Copenhagen Document,
which other instruments' paragraphs must not pass for Copenhagen ones, and
which paragraphs the recommendations serve.
Usage: test_report_keys.py ODIHRX_BINARY SOURCE_ROOT"""
import collections
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = "{urn:odihrx:report:1}"
CPH = "osce-copenhagen-1990"


class Keys(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        r = subprocess.run([BIN, "convert", "--no-hash", "corpus/kz-2021-parliamentary-final-report.md"],
                           capture_output=True, cwd=SRC, timeout=60)
        assert r.returncode == 0, r.stderr.decode()
        cls.xml = r.stdout
        cls.root = ET.fromstring(r.stdout)
        cls.cites = list(cls.root.iter(NS + "cite"))
        cls.recs = {int(r.get("n")): r for r in cls.root.iter(NS + "recommendation")}

    def test_every_copenhagen_citation(self):
        # Read off the report: III body "Paragraphs 3 and 7.6"; footnote 7 "Paragraph 3" and
        # the implied "Paragraph 7.6 refers to"; IV 7.2 and 7.9, footnote 13 7.9; V 4,
        # footnote 16 4, footnote 17 5.3; footnote 28 24; footnote 34 7.5; VIII 7.6 and 7.7;
        # footnote 44 7.7; IX 7.7; footnote 80 32.5; footnote 88 5.10.
        want = collections.Counter({"3": 2, "7.6": 3, "7.2": 1, "7.9": 2, "4": 2, "5.3": 1,
                                    "24": 1, "7.5": 1, "7.7": 3, "32.5": 1, "5.10": 1})
        got = collections.Counter(c.get("paragraph") for c in self.cites
                                  if c.get("instrument") == CPH and c.get("paragraph"))
        self.assertEqual(got, want)
        implied = [c for c in self.cites if c.get("implied") == "true"
                   and c.get("instrument") == CPH]
        self.assertEqual([c.get("paragraph") for c in implied], ["7.6"])
        self.assertEqual(implied[0].text, "Paragraph 7.6")
        self.assertFalse([c for c in self.cites if c.get("unknown") == "true"])

    def test_decoys_keep_their_instrument(self):
        def cited(instrument, paragraph):
            return [c for c in self.cites if c.get("instrument") == instrument
                    and c.get("paragraph") == paragraph]
        # footnote 104: Istanbul Document paragraph 25, not Copenhagen 25
        self.assertTrue(cited("osce-istanbul-1999", "25"))
        # footnotes 21, 26, 28, 32, 80: General Comment No.25 paragraphs
        for p in ("20", "11", "14", "15", "12"):
            self.assertTrue(cited("ccpr-gc-25", p), p)
        self.assertTrue(cited("ccpr-gc-34", "47"))
        self.assertTrue(cited("ccpr-gc-34", "15"))
        self.assertTrue(cited("odihr-vc-political-parties", "102"))
        self.assertTrue(cited("odihr-vc-political-parties", "213"))
        self.assertTrue(cited("odihr-vc-peaceful-assembly", "25"))
        self.assertTrue(cited("dop-citizen-observation", "8"))
        for p in ("20", "11", "14", "15", "12", "47", "102", "213", "247", "25", "8", "27",
                  "51-54", "48"):
            self.assertFalse(cited(CPH, p), f"Copenhagen {p} is invented")
        venice = [c.get("section") for c in self.cites
                  if c.get("instrument") == "vc-code-of-good-practice" and c.get("section")]
        self.assertIn("I.3.3.1.b.ii", venice)
        self.assertIn("I.1.2.iv", venice)
        iccpr = {c.get("article") for c in self.cites if c.get("instrument") == "iccpr"}
        self.assertTrue({"2", "19.3", "20.2", "21"} <= iccpr)
        cis = {c.get("article") for c in self.cites if c.get("instrument") == "cis-convention-2002"}
        self.assertTrue({"4.2", "9.2", "9.6", "12.4", "14.3e", "3.4"} <= cis)

    def keys(self, n):
        return {k.get("paragraph"): k.get("basis") for k in self.recs[n].iter(NS + "key")}

    def test_every_recommendation_is_keyed(self):
        self.assertEqual(len(self.recs), 25)
        for n, r in self.recs.items():
            self.assertTrue(list(r.iter(NS + "key")), f"recommendation {n} has no key")
            for k in r.iter(NS + "key"):
                self.assertIn(k.get("basis"), ("cited", "section", "lexicon"))
                self.assertTrue(k.get("via"))

    def test_keys_from_the_sections(self):
        strong = ("cited", "section")
        self.assertIn(self.keys(2).get("7.6"), strong)     # party registration, VIII
        self.assertIn(self.keys(14).get("7.5"), strong)    # independent candidates, VIII
        self.assertIn(self.keys(16).get("7.7"), strong)    # deregistration, VIII
        for n in (23, 24, 25):                             # complaints, XIII (footnote 88)
            self.assertIn(self.keys(n).get("5.10"), strong)
        self.assertIn(self.keys(8).get("7.2"), strong)     # free mandate, IV
        self.assertIn(self.keys(8).get("7.9"), strong)
        self.assertIn(self.keys(11).get("24"), strong)     # prisoners' suffrage, footnote 28
        self.assertIn(self.keys(17).get("7.7"), strong)    # peaceful assemblies, IX

    def test_copenhagen_index(self):
        index = {p.get("n"): p for p in self.root.iter(NS + "paragraph")}
        for n, recs in (("7.6", ["rec2"]), ("7.5", ["rec14"]), ("7.7", ["rec16", "rec17"]),
                        ("5.10", ["rec23", "rec24", "rec25"]), ("7.9", ["rec8"])):
            self.assertIn(n, index)
            refs = [r.get("to") for r in index[n].iter(NS + "ref")]
            for rec in recs:
                self.assertIn(rec, refs, f"{rec} under {n}")
            self.assertTrue(index[n].get("subject"))
        # findings that cite a paragraph are in the index with basis cited
        refs_76 = {r.get("to"): r.get("basis") for r in index["7.6"].iter(NS + "ref")}
        self.assertEqual(refs_76.get("fn7"), "cited")
        refs_325 = {r.get("to"): r.get("basis") for r in index["32.5"].iter(NS + "ref")}
        self.assertEqual(refs_325, {"fn80": "cited"})

    def test_valid(self):
        r = subprocess.run([BIN, "validate", "-"], input=self.xml, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr.decode())


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
