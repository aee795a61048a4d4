#!/usr/bin/env python3
"""End-to-end facts of the four short corpus texts (two news items copied
from ODIHR's web pages, an EU statement circulated as PDF text, a press
release of a preliminary statement), each read from the text itself: the
kind, title, dates and symbol; the seven key recommendations of each news
item, in order; none invented in the press release or the statement.
Usage: test_short_texts.py ODIHRX_BINARY SOURCE_ROOT"""
import pathlib
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = "{urn:odihrx:report:1}"


def convert(name):
    r = subprocess.run([BIN, "convert", "-q", "--no-hash", name], capture_output=True,
                       cwd=SRC, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    v = subprocess.run([BIN, "validate", "-"], input=r.stdout, capture_output=True)
    assert v.returncode == 0, v.stderr.decode()
    return ET.fromstring(r.stdout)


def words(el):
    return " ".join("".join(el.itertext()).split())


class ShortTexts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.news19 = convert("corpus/kz-2019-presidential-final-report-news-item.txt")
        cls.news21 = convert("corpus/kz-2021-parliamentary-final-report-news-item.txt")
        cls.eu = convert("corpus/kz-2021-parliamentary-eu-statement-pc-del-80-21.txt")
        cls.press = convert("corpus/kz-2023-parliamentary-preliminary-statement-press-release.txt")

    def meta(self, root, tag):
        return root.find(NS + "meta").find(NS + tag)

    def key_recs(self, root):
        return [r for r in root.iter(NS + "recommendation")]

    def test_kinds(self):
        self.assertEqual(self.news19.get("kind"), "news-item")
        self.assertEqual(self.news21.get("kind"), "news-item")
        self.assertEqual(self.eu.get("kind"), "statement")
        self.assertEqual(self.press.get("kind"), "press-release")

    def test_news_item_2019(self):
        self.assertEqual(words(self.meta(self.news19, "title")),
                         "Kazakhstan early presidential election 2019: ODIHR observation "
                         "mission final report")
        election = self.meta(self.news19, "election")
        self.assertEqual((election.get("type"), election.get("date"), election.get("early")),
                         ("presidential", "2019-06-09", "true"))
        self.assertEqual(self.meta(self.news19, "issued").get("by"),
                         "OSCE Office for Democratic Institutions and Human Rights")
        recs = self.key_recs(self.news19)
        self.assertEqual(len(recs), 7)
        self.assertEqual([r.get("priority") for r in recs], ["key"] * 7)
        firsts = [words(r.find(NS + "text")).split()[0] for r in recs]
        self.assertEqual(firsts, ["Lifting", "Amending", "Ensuring", "Removing", "Ensuring",
                                  "Repealing", "Enhancing"])
        # the "Read more" and "Skip Links" furniture is not text of the item
        body = words(self.news19.find(NS + "body"))
        self.assertNotIn("Skip Links", body)
        self.assertNotIn("Read more on this topic", body)

    def test_news_item_2021(self):
        self.assertTrue(words(self.meta(self.news21, "title")).startswith(
            "Kazakhstan’s 2021 parliamentary elections"))
        election = self.meta(self.news21, "election")
        self.assertEqual((election.get("type"), election.get("date")),
                         ("parliamentary", "2021-01-10"))
        self.assertEqual(self.meta(self.news21, "mission").get("type"), "leom")
        recs = self.key_recs(self.news21)
        self.assertEqual(len(recs), 7)
        firsts = [words(r.find(NS + "text")).split()[0] for r in recs]
        self.assertEqual(firsts, ["Revising", "Simplifying", "Holding", "Abstaining",
                                  "Bringing", "Adhering", "Enhancing"])

    def test_statement(self):
        self.assertEqual(words(self.meta(self.eu, "symbol")), "PC.DEL/80/21/Rev.1")
        self.assertEqual(self.meta(self.eu, "issued").get("date"), "2021-02-22")
        election = self.meta(self.eu, "election")
        self.assertEqual((election.get("type"), election.get("date")),
                         ("parliamentary", "2021-01-10"))
        self.assertEqual(self.key_recs(self.eu), [])
        # "ENGLISH only" and the symbol are furniture, not body text
        body = words(self.eu.find(NS + "body"))
        self.assertNotIn("ENGLISH only", body)
        self.assertNotIn("PC.DEL/80/21", body)

    def test_press_release(self):
        self.assertTrue(words(self.meta(self.press, "title")).startswith(
            "Kazakhstan's Parliamentary Elections Offered Voters Increased Choice"))
        issued = self.meta(self.press, "issued")
        self.assertEqual((issued.get("place"), issued.get("date")), ("Astana", "2023-03-20"))
        election = self.meta(self.press, "election")
        self.assertEqual((election.get("type"), election.get("date"), election.get("early")),
                         ("parliamentary", "2023-03-19", "true"))
        self.assertEqual(self.key_recs(self.press), [])
        # the three quotations name their speaker and role
        quoted = [(q.get("speaker"), q.get("role")) for q in self.press.iter(NS + "p")
                  if q.get("speaker")]
        self.assertEqual(quoted, [
            ("Irene Charalambides",
             "OSCE Special Co-ordinator and Leader of the short-term observers"),
            ("Reinhold Lopatka", "Leader of the delegation from the OSCE Parliamentary Assembly"),
            ("Eoghan Murphy", "Head of the election observation mission from the OSCE Office "
                              "for Democratic Institutions and Human Rights")])


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
