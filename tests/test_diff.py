#!/usr/bin/env python3
"""End-to-end tests of `odihrx diff`: the corpus news items matched by
meaning, the 2021 news item against the 2021 final report it summarises,
self-diffs, follow-up statuses, the key-list fallback, Russian stemming, an
optimal (not greedy) assignment, every output format (XML valid against
grammars/diff.rng, JSON, self-contained HTML) and a 200 x 200 timing.
Usage: test_diff.py ODIHRX_BINARY SOURCE_ROOT   (standard library only)"""
import html.parser
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = {"d": "urn:odihrx:diff:1"}

NEWS_2019 = "corpus/kz-2019-presidential-final-report-news-item.txt"
NEWS_2021 = "corpus/kz-2021-parliamentary-final-report-news-item.txt"
FINAL_2021 = "corpus/kz-2021-parliamentary-final-report.md"


def run(*args, stdin=None, env=None):
    return subprocess.run([BIN, "diff", *args], input=stdin, capture_output=True, cwd=SRC,
                          timeout=120, env=env)


def diff_json(old, new, *options):
    r = run("--format", "json", *options, str(old), str(new))
    if r.returncode != 0:
        raise AssertionError("odihrx diff failed: %s" % r.stderr.decode(errors="replace"))
    return json.loads(r.stdout)


def pairs(result):
    """{old n: new n} of same and similar entries."""
    return {e["old"]["n"]: e["new"]["n"] for e in result["entries"]
            if e["status"] in ("same", "similar")}


def numbers(result, status, side):
    return sorted(e[side]["n"] for e in result["entries"] if e["status"] == status)


def bench_diff_pair(n):
    """bench/run.py's generator of case d, so the test and the benchmark
    read the same two reports."""
    path = pathlib.Path(SRC, "bench", "run.py")
    spec = importlib.util.spec_from_file_location("bench_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.diff_pair(n)


def markdown_report(title_lines, recommendations):
    """A report in the markdown-like input form with a numbered list."""
    out = ["# REPUBLIC OF KAZAKHSTAN", ""] + title_lines + [
        "", "## I. EXECUTIVE SUMMARY", "", "The election took place.", "",
        "## II. RECOMMENDATIONS", ""]
    out += ["%d. %s" % (i + 1, r) for i, r in enumerate(recommendations)]
    return "\n".join(out) + "\n"


class NewsItems(unittest.TestCase):
    """The key recommendations of the 2019 and 2021 news items.

    Expected pairs, written from reading the two texts before the code ran
    (2019 = OLD, numbered A1..A7; 2021 = NEW, B1..B7):
      A1 "Lifting restrictions on legislation related to ... fundamental
         rights and freedoms"  ->  B3 "... lifting the undue restrictions on
         fundamental freedoms such as peaceful assembly, expression and
         association": the same ask, now through a consultation.
      A5 "campaigning ... free from intimidation and fear of retribution
         and amending the law on peaceful assemblies"  ->  B1 "exercise
         their civil and political rights without fear of retribution ...
         or intimidation": the same concern, the assembly part left out.
      A6 "Repealing criminal provisions on defamation, insult ..."  ->  B5
         "legislation on ... freedom of expression, including related to
         defamation ... in strict conformity with ... proportionality":
         defamation law, asked in other words (one shared word only).
      A7 "Enhancing transparency ... of election results by publishing
         disaggregated polling station protocols"  ->  B7 "Enhancing
         transparency and accountability of election administration,
         including publishing separate election results".
    Dropped, nothing in 2021 asks for it:
      A2 party representation in election commissions (B2 is about party
         registration: political parties again, but another concern),
      A3 suffrage of prisoners and persons with disabilities,
      A4 residency, language and experience requirements for candidates.
    New in 2021: B2 party registration, B4 citizen observers, B6 counting
      and tabulation safeguards (close to A7's integrity of results, but A7
      is B7's; it may only be listed as related).
    None of the pairs is "same": each changes the ask.
    """

    @classmethod
    def setUpClass(cls):
        cls.r = diff_json(NEWS_2019, NEWS_2021)

    def test_expected_pairs_are_matched(self):
        self.assertEqual(pairs(self.r), {1: 3, 5: 1, 6: 5, 7: 7})
        for e in self.r["entries"]:
            if e["old"] and e["new"]:
                self.assertEqual(e["status"], "similar", e)

    def test_the_rest_is_dropped_or_new(self):
        self.assertEqual(numbers(self.r, "dropped", "old"), [2, 3, 4])
        self.assertEqual(numbers(self.r, "new", "new"), [2, 4, 6])
        self.assertEqual(self.r["summary"], {"same": 0, "similar": 4, "dropped": 3, "new": 3})

    def test_pairs_carry_scores_shared_keys_and_changes(self):
        for e in self.r["entries"]:
            if e["status"] != "similar":
                continue
            self.assertGreaterEqual(e["score"], self.r["thresholds"]["similar"])
            self.assertLessEqual(e["score"], 1.0)
            self.assertTrue(e["shared_keys"], e)  # the library keys key recommendations
            ops = {c["op"] for c in e["changes"]}
            self.assertTrue({"del", "ins"} <= ops, e)
            old_side = " ".join(c.get("old_text", c["text"]) for c in e["changes"]
                                if c["op"] != "ins")
            new_side = " ".join(c["text"] for c in e["changes"] if c["op"] != "del")
            self.assertEqual(old_side, e["old"]["text"])
            self.assertEqual(new_side, e["new"]["text"])

    def test_the_other_direction_mirrors(self):
        r = diff_json(NEWS_2021, NEWS_2019)
        self.assertEqual(pairs(r), {3: 1, 1: 5, 5: 6, 7: 7})
        self.assertEqual(numbers(r, "dropped", "old"), [2, 4, 6])
        self.assertEqual(numbers(r, "new", "new"), [2, 3, 4])


class NewsItemAgainstFinalReport(unittest.TestCase):
    """Each key recommendation of the 2021 news item summarises numbered
    recommendations of the 2021 final report (read from both texts): key
    1..6 are recommendations 1..6 shortened; key 7 ("transparency and
    accountability of election administration, including publishing
    separate election results") is recommendation 9 (the CEC publishing its
    data, "to increase transparency and accountability") together with the
    second sentence of recommendation 6, which key 6 takes."""

    @classmethod
    def setUpClass(cls):
        cls.r = diff_json(NEWS_2021, FINAL_2021)

    def test_every_key_recommendation_finds_its_numbered_one(self):
        self.assertEqual(pairs(self.r), {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 9})
        self.assertEqual(numbers(self.r, "dropped", "old"), [])

    def test_a_summary_of_two_lists_the_other_as_related(self):
        key7 = next(e for e in self.r["entries"] if e["old"] and e["old"]["n"] == 7)
        self.assertIn({"side": "new", "n": 6}, [{"side": l["side"], "n": l["n"]}
                                               for l in key7["related"]])

    def test_the_rest_of_the_final_report_is_new(self):
        self.assertEqual(len(numbers(self.r, "new", "new")), 25 - 7)


class SelfDiff(unittest.TestCase):
    def test_everything_same_with_score_one(self):
        for name in (NEWS_2019, NEWS_2021, FINAL_2021):
            with self.subTest(name=name):
                r = diff_json(name, name)
                n = r["old"]["recommendations"]
                self.assertGreater(n, 0)
                self.assertEqual(r["summary"], {"same": n, "similar": 0, "dropped": 0, "new": 0})
                for e in r["entries"]:
                    self.assertEqual(e["old"]["n"], e["new"]["n"])
                    self.assertEqual(e["score"], 1.0)
                    self.assertEqual(e["wording"], 1.0)
                    self.assertEqual([c["op"] for c in e["changes"]], ["eq"])

    def test_xml_of_a_report_against_its_source(self):
        conv = subprocess.run([BIN, "convert", FINAL_2021], capture_output=True, cwd=SRC)
        self.assertEqual(conv.returncode, 0)
        with tempfile.TemporaryDirectory() as tmp:
            xml = pathlib.Path(tmp, "final.xml")
            xml.write_bytes(conv.stdout)
            r = diff_json(xml, FINAL_2021)
            self.assertEqual(r["summary"]["same"], 25)

    def test_standard_input(self):
        data = pathlib.Path(SRC, NEWS_2021).read_bytes()
        r = run("--format", "json", "-", NEWS_2021, stdin=data)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["summary"]["same"], 7)


class KeyListFallback(unittest.TestCase):
    """odihrx XML written before the library extracted key recommendations
    has none: the diff reads the bullets after "Key recommendations
    include:" instead."""

    def test_bullets_after_the_lead_paragraph(self):
        conv = subprocess.run([BIN, "convert", NEWS_2019], capture_output=True, cwd=SRC)
        text = conv.stdout.decode()
        text = re.sub(r"<recommendations>.*</recommendations>", "", text, flags=re.S)
        text = re.sub(r"<copenhagen>.*</copenhagen>", "", text, flags=re.S)
        self.assertNotIn("<recommendation ", text)
        with tempfile.TemporaryDirectory() as tmp:
            old = pathlib.Path(tmp, "old.xml")
            old.write_text(text)
            r = diff_json(old, NEWS_2019)
            self.assertEqual(r["old"]["source"], "key-list")
            self.assertEqual(r["new"]["source"], "recommendations")
            self.assertEqual(pairs(r), {n: n for n in range(1, 8)})
            self.assertEqual(r["summary"]["same"], 7)


class FollowUp(unittest.TestCase):
    """The 2021 final report says which recommendations of the 2016 and
    2019 final reports were implemented (footnote 104): of 2019, 15 and 23
    mostly; 1, 6, 8, 12, 13, 18, 19, 22, 24, 26, 28 partially. A made-up
    2019 report with 28 numbered recommendations stands in for OLD."""

    def old_report(self, tmp, year):
        recs = ["Recommendation %d on the %s of procedure %s should be followed." %
                (i, word, word) for i, word in enumerate(
                    ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
                     "mike november oscar papa quebec romeo sierra tango uniform victor "
                     "whiskey xray yankee zulu omega sigma").split(), start=1)]
        path = pathlib.Path(tmp, "old-%d.md" % year)
        path.write_text(markdown_report(["EARLY PRESIDENTIAL ELECTION", "9 June %d" % year, "",
                                         "ODIHR Election Observation Mission Final Report"],
                                        recs))
        return path

    def statuses(self, r):
        return {e["old"]["n"]: [(f["report"], f["status"]) for f in e["followup"]]
                for e in r["entries"] if e["old"] and e["followup"]}

    def test_status_next_to_the_old_recommendation_it_names(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = diff_json(self.old_report(tmp, 2019), FINAL_2021)
        st = self.statuses(r)
        self.assertEqual(st[15], [("2019 Final Report", "mostly")])
        self.assertEqual(st[23], [("2019 Final Report", "mostly")])
        self.assertEqual(st[1], [("2019 Final Report", "partially")])
        self.assertEqual(sorted(st), [1, 6, 8, 12, 13, 15, 18, 19, 22, 23, 24, 26, 28])
        applies = {(p["report"], p["applies"]) for p in r["followup"]}
        self.assertIn(("2019 Final Report", True), applies)
        self.assertIn(("2016 Final Report", False), applies)

    def test_the_year_must_be_the_old_reports(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = diff_json(self.old_report(tmp, 2016), FINAL_2021)
            self.assertEqual(self.statuses(r)[4], [("2016 Final Report", "mostly")])
            r = diff_json(self.old_report(tmp, 2012), FINAL_2021)
            self.assertEqual(self.statuses(r), {})
            self.assertFalse(any(p["applies"] for p in r["followup"]))

    def test_key_recommendations_are_not_numbered_ones(self):
        # The 2019 news item is about the 2019 election, but its key
        # recommendations are numbered by position, not as in the report.
        r = diff_json(NEWS_2019, FINAL_2021)
        self.assertEqual(self.statuses(r), {})


class Matching(unittest.TestCase):
    def test_assignment_maximises_the_total_not_first_come(self):
        # A-X is the best single pair, but A-Y plus B-X score more in total:
        # a greedy matcher would leave B and Y unpaired.
        a = "Zorblat quindle varnox pelmark trusten gaviol should be done."
        b = "Pelmark trusten hoxley ribbon mandrel cosset should be done."
        x = "Zorblat quindle varnox pelmark trusten hoxley should be done."
        y = "Zorblat quindle varnox sprocket fennel tamarind should be done."
        with tempfile.TemporaryDirectory() as tmp:
            old, new = pathlib.Path(tmp, "old.md"), pathlib.Path(tmp, "new.md")
            old.write_text(markdown_report(["ELECTIONS 2016"], [a, b]))
            new.write_text(markdown_report(["ELECTIONS 2021"], [x, y]))
            r = diff_json(old, new)
        self.assertEqual(pairs(r), {1: 2, 2: 1})
        a_entry = next(e for e in r["entries"] if e["old"]["n"] == 1)
        self.assertEqual(a_entry["related"][0]["n"], 1)  # A-X still shown
        self.assertGreater(a_entry["related"][0]["score"], a_entry["score"])

    def test_thresholds_are_options(self):
        r = diff_json(NEWS_2019, NEWS_2021, "--similar", "0.9")
        self.assertEqual(pairs(r), {})
        self.assertEqual(r["thresholds"]["similar"], 0.9)
        r = diff_json(NEWS_2021, FINAL_2021, "--same=0.5")
        self.assertGreater(r["summary"]["same"], 1)

    def test_russian_inflections_meet_through_the_stemmer(self):
        def report(year, recs):
            items = "".join(
                '<recommendation n="%d" id="rec%d" priority="false" line="%d"><text>%s</text>'
                "</recommendation>" % (i, i, i, t) for i, t in enumerate(recs, start=1))
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<report version="1" '
                    'kind="final-report" lang="ru" xmlns="urn:odihrx:report:1"><meta>'
                    '<election type="parliamentary" date="%d-01-10"/><source name="x" '
                    'format="text" bytes="1"/></meta><body/><recommendations>%s'
                    "</recommendations></report>" % (year, items))
        old = ["Законодательство о мирных собраниях следует пересмотреть, чтобы "
               "гарантировать свободу мирных собраний.",
               "Центральная избирательная комиссия должна публиковать результаты выборов "
               "по каждому избирательному участку.",
               "Следует отменить уголовную ответственность за клевету."]
        new = ["Рекомендуется улучшить обучение членов участковых избирательных комиссий.",
               "Следует пересмотреть законодательство о мирном собрании, чтобы гарантировать "
               "свободу мирного собрания.",
               "Результаты выборов по каждому избирательному участку должны публиковаться "
               "Центральной избирательной комиссией."]
        with tempfile.TemporaryDirectory() as tmp:
            o, n = pathlib.Path(tmp, "old.xml"), pathlib.Path(tmp, "new.xml")
            o.write_text(report(2016, old), encoding="utf-8")
            n.write_text(report(2021, new), encoding="utf-8")
            r = diff_json(o, n)
        self.assertEqual(pairs(r), {1: 2, 2: 3})
        self.assertEqual(numbers(r, "same", "old"), [1, 2])
        self.assertEqual(numbers(r, "dropped", "old"), [3])
        self.assertEqual(numbers(r, "new", "new"), [1])


class Formats(unittest.TestCase):
    def test_xml_is_valid_against_the_schema(self):
        xmllint = shutil.which("xmllint")
        if not xmllint:
            self.skipTest("xmllint not installed")
        rng = pathlib.Path(SRC, "grammars/diff.rng")
        cases = [(NEWS_2019, NEWS_2021), (NEWS_2021, FINAL_2021), (FINAL_2021, FINAL_2021),
                 (NEWS_2019, FINAL_2021)]
        with tempfile.TemporaryDirectory() as tmp:
            for k, (old, new) in enumerate(cases):
                r = run("--format", "xml", old, new)
                self.assertEqual(r.returncode, 0, r.stderr)
                out = pathlib.Path(tmp, "d%d.xml" % k)
                out.write_bytes(r.stdout)
                v = subprocess.run([xmllint, "--noout", "--relaxng", str(rng), str(out)],
                                   capture_output=True)
                self.assertEqual(v.returncode, 0, v.stderr.decode())

    def test_xml_and_json_tell_the_same(self):
        j = diff_json(NEWS_2019, NEWS_2021)
        x = ET.fromstring(run("--format", "xml", NEWS_2019, NEWS_2021).stdout)
        xml_pairs = {int(e.find("d:old", NS).get("n")): int(e.find("d:new", NS).get("n"))
                     for e in x.findall("d:entry", NS) if e.get("status") in ("same", "similar")}
        self.assertEqual(xml_pairs, pairs(j))
        summary = x.find("d:summary", NS)
        self.assertEqual({k: int(v) for k, v in summary.attrib.items()}, j["summary"])

    def test_json_summary_counts_the_entries(self):
        r = diff_json(NEWS_2021, FINAL_2021)
        for status, count in r["summary"].items():
            self.assertEqual(count, sum(e["status"] == status for e in r["entries"]))
        self.assertEqual(r["format"], "odihrx-diff")

    def test_html_is_well_formed_and_self_contained(self):
        r = run("--format", "html", NEWS_2021, FINAL_2021)
        self.assertEqual(r.returncode, 0, r.stderr)
        page = r.stdout.decode()
        # Readable offline: nothing fetched from anywhere.
        self.assertNotIn("http", page)
        for needle in ("<script", "src=", "url(", "@import", "<link"):
            self.assertNotIn(needle, page)
        self.assertIn('class="badge', page)
        self.assertIn("<del>", page)
        self.assertIn("<ins>", page)
        checker = TagBalance()
        checker.feed(page)
        checker.close()
        self.assertEqual(checker.stack, [])
        self.assertEqual(checker.errors, [])
        xmllint = shutil.which("xmllint")
        if xmllint:
            v = subprocess.run([xmllint, "--html", "--noout", "-"], input=r.stdout,
                               capture_output=True)
            self.assertEqual(v.returncode, 0)
            self.assertEqual(v.stderr, b"", v.stderr.decode())

    def test_text_colours_only_when_asked(self):
        plain = run(NEWS_2019, NEWS_2021)
        self.assertEqual(plain.returncode, 0)
        self.assertNotIn(b"\x1b[", plain.stdout)  # stdout is a pipe: auto is off
        self.assertIn(b"[-", plain.stdout)
        self.assertIn(b"{+", plain.stdout)
        self.assertIn(b"similar", plain.stdout)
        coloured = run("--color=always", NEWS_2019, NEWS_2021)
        self.assertIn(b"\x1b[3", coloured.stdout)
        self.assertNotIn(b"\x1b[", run("--color", "never", NEWS_2019, NEWS_2021).stdout)


class TagBalance(html.parser.HTMLParser):
    """Every element closed in order, void elements aside."""
    VOID = {"meta", "br", "col", "hr", "img", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unexpected </%s> (open: %s)" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()


class Usage(unittest.TestCase):
    def test_help_teaches(self):
        r = subprocess.run([BIN, "diff", "--help"], capture_output=True)
        self.assertEqual(r.returncode, 0)
        text = r.stdout.decode()
        for word in ("same", "similar", "dropped", "new", "0.80", "0.35", "Examples",
                     "--format", "--color", "Exit status"):
            self.assertIn(word, text)

    def test_usage_errors_and_failures(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run(NEWS_2019).returncode, 2)
        self.assertEqual(run(NEWS_2019, NEWS_2021, FINAL_2021).returncode, 2)
        self.assertEqual(run("--format", "yaml", NEWS_2019, NEWS_2021).returncode, 2)
        self.assertEqual(run("--color=sometimes", NEWS_2019, NEWS_2021).returncode, 2)
        self.assertEqual(run("--same", "1.5", NEWS_2019, NEWS_2021).returncode, 2)
        self.assertEqual(run("--frob", NEWS_2019, NEWS_2021).returncode, 2)
        self.assertEqual(run("-", "-").returncode, 2)
        missing = run("no-such-file.md", NEWS_2021)
        self.assertEqual(missing.returncode, 1)
        self.assertIn(b"no-such-file.md", missing.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            bad = pathlib.Path(tmp, "bad.xml")
            bad.write_text('<?xml version="1.0"?><report xmlns="urn:odihrx:report:1"><meta>')
            r = run(str(bad), NEWS_2021)
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"odihrx diff: {bad}:1: not well-formed XML: ".encode(), r.stderr)
            # an encoding libxml2 cannot convert: one line naming the file,
            # nothing of libxml2's own on stderr
            enc = pathlib.Path(tmp, "enc.xml")
            enc.write_bytes(b'<?xml version="1.0" encoding="ISO-2022-JP"?>\n'
                            b'<report xmlns="urn:odihrx:report:1">\x97\x96\x91\x9b</report>\n')
            r = run(str(enc), NEWS_2021)
            self.assertEqual(r.returncode, 1)
            lines = r.stderr.decode().splitlines()
            self.assertEqual(len(lines), 1, lines)
            self.assertTrue(lines[0].startswith(f"odihrx diff: {enc}: not well-formed XML: "))
            self.assertIn("0x97", lines[0])  # libxml2 names the bytes it could not convert
            # Entities could expand text without bound; odihrx XML has none.
            dtd = pathlib.Path(tmp, "dtd.xml")
            dtd.write_text('<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY x "y">]>\n'
                           '<report xmlns="urn:odihrx:report:1"/>\n')
            r = run(str(dtd), NEWS_2021)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"DOCTYPE", r.stderr)


class StopWords(unittest.TestCase):
    def test_compiled_list_is_the_data_file(self):
        # cmd/diff_stopwords.h is generated from grammars/stopwords.txt
        # until the build embeds the file; they must not drift apart.
        data = pathlib.Path(SRC, "grammars/stopwords.txt").read_text(encoding="utf-8")
        words = [w for w in data.split("\n") if w and not w.startswith("#")]
        header = pathlib.Path(SRC, "cmd/diff_stopwords.h").read_text(encoding="utf-8")
        body = header[header.index("dx_stopwords[]"):]
        self.assertEqual(re.findall(r'"([^"]*)"', body), words)


class Scale(unittest.TestCase):
    # How fast this runs is measured in bench/run.py (case d), not here: a
    # wall-clock bound fails under valgrind and on a busy machine while
    # saying nothing about the output. run()'s timeout still catches a hang.
    def test_200_by_200(self):
        # Two made-up reports of 200 numbered recommendations each, the
        # inputs of bench case d: NEW keeps every second of OLD's with one
        # word changed and adds 100 others.
        old_text, new_text = bench_diff_pair(200)
        kept = list(range(0, 200, 2))
        with tempfile.TemporaryDirectory() as tmp:
            o, n = pathlib.Path(tmp, "old.md"), pathlib.Path(tmp, "new.md")
            o.write_text(old_text)
            n.write_text(new_text)
            r = run("--format", "json", str(o), str(n))
            self.assertEqual(r.returncode, 0, r.stderr)
        result = json.loads(r.stdout)
        self.assertEqual(result["old"]["recommendations"], 200)
        self.assertEqual(result["new"]["recommendations"], 200)
        self.assertEqual(pairs(result), {i + 1: k + 1 for k, i in enumerate(kept)})
        self.assertEqual(result["summary"]["dropped"], 100)
        self.assertEqual(result["summary"]["new"], 100)


def main():
    global BIN, SRC
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__ + "\n")
        return 2
    BIN = str(pathlib.Path(sys.argv[1]).resolve())
    SRC = str(pathlib.Path(sys.argv[2]).resolve())
    prog = unittest.main(argv=[sys.argv[0]] + sys.argv[3:], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
