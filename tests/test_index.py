#!/usr/bin/env python3
"""End-to-end tests of `odihrx index` and `odihrx search`: the SQLite FTS5
store (ranking, snippets, filters, JSON output, incremental updates, a failed
re-index that leaves the store as it was, FTS5 integrity), the NDJSON _bulk
body (parsed line by line with json.loads) and the Solr XML update message
(well-formed by xmllint, fields checked against index/solr-schema.xml), the
mapping file, stable ids, strict escaping, XML and stdin inputs.
Usage: test_index.py ODIHRX_BINARY SOURCE_ROOT   (standard library only)"""
import hashlib
import json
import os
import pathlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None

FINAL_2021 = "kz-2021-parliamentary-final-report.md"
NEWS_2021 = "kz-2021-parliamentary-final-report-news-item.txt"
NEWS_2019 = "kz-2019-presidential-final-report-news-item.txt"

# Every search document carries these fields (index --help).
FIELDS = ["id", "kind", "country", "country_code", "election_type", "election_date", "year",
          "report_kind", "report_date", "title", "section_id", "section_num",
          "section_heading", "recommendation", "priority", "topic", "footnote", "text", "keys",
          "key_bases", "instruments", "footnotes", "source", "line", "input", "sha256"]
ARRAYS = {"keys", "key_bases", "instruments", "footnotes"}

# An odihrx XML input whose text holds every character that JSON or XML
# writers get wrong: quotes, backslashes, markup, a tab, a CR, U+2028, a
# non-BMP character, and a Copenhagen citation inside a footnote.
TRICKY_TEXT = 'He said "no" \\ <b>&amp;\t\r\u2028 done \U0001F600 </script>'
TRICKY_XML = """<?xml version="1.0" encoding="UTF-8"?>
<report version="1" kind="statement" lang="en" xmlns="urn:odihrx:report:1">
  <meta>
    <title>Tricky</title>
    <country code="XX">Nowhere</country>
    <election type="local" date="2020-05-17"/>
    <source name="tricky.md" format="markdown" bytes="10"/>
  </meta>
  <body>
    <section id="sec-I" num="I" kind="chapter" line="3">
      <heading>I. ONE</heading>
      <p id="p1" line="5">He said &quot;no&quot; \\ &lt;b&gt;&amp;amp;\t&#13;\u2028 done \U0001F600 &lt;/script&gt;<fnref n="1"/></p>
    </section>
  </body>
  <footnotes>
    <footnote n="1" id="fn1" section="sec-I" line="9">See <cite instrument="osce-copenhagen-1990" paragraph="7.3 7.4">Paragraphs 7.3 and 7.4</cite> and <cite instrument="iccpr" article="25">Article 25 of the ICCPR</cite>.</footnote>
  </footnotes>
  <recommendations>
    <recommendation n="1" id="rec1" priority="true" line="12">
      <text>Say "yes".</text>
      <key paragraph="7.6" basis="cited" via="fn1"/>
    </recommendation>
  </recommendations>
</report>
"""

# The same characters in a report converted on the fly: its XML, read as
# odihrx wrote it (index_xml.c), must give what libxml2 reads in the file.
TRICKY_MD = ("# REPORT & <TITLE> \"quoted\"\n\n## I. SUMMARY\n\n"
             "Tom & Jerry's <b>bold</b> \"claim\" ]]> done \u2028 sep \U0001F600 \u0085 C1"
             " \ufffd end.<sup>1</sup>\n\n"
             "| Party | Seats |\n|---|---|\n| A & B | 1 |\n| a < b > c | 2 |\n\n"
             "- item \"one\"\n- item 'two' & three\n\n"
             "## II. RECOMMENDATIONS\n\n"
             "1. Authorities should review the law & practice, consistent with paragraph 7.6"
             " of the 1990 OSCE Copenhagen Document.\n\n---\n\n"
             "<sup>1</sup> See Article 25 of the ICCPR & paragraph 7.3 of the 1990 OSCE"
             " Copenhagen Document.\n")


# Words that tokenisers fold, split or stem in odd ways.
MANY_WORDS = ("Ελλάδα ΕΚΛΟΓΈΣ naïve Straße İstanbul ǅemal ﬁnance Ǆ ǈ café CAFÉ Œuvre œuvre"
              " Ångström Дума ВЫБОРЫ выборы 東京 ｆｕｌｌｗｉｄｔｈ x²³ ①②③ ﬀ ﬃ ǰ ẞ running"
              " runs ran runner generalizations a ab abc e\u0301lan A\u030angstro\u0308m"
              " 9\ufe0f\u20e3 \U0001F44D\U0001F3FD don't l'État co-operation 3.5% 1990s"
              " " + "x" * 70 + " " + "ü" * 40 + " sses ies eed ing ational tional")

def run(*args, stdin=None, cwd=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def ok(r):
    if r.returncode != 0:
        raise AssertionError("exit %d: %s" % (r.returncode, r.stderr.decode(errors="replace")))
    return r


def search_json(db, *args):
    r = run("search", "--format", "json", db, *args)
    if r.returncode not in (0, 1):
        raise AssertionError("search failed: %s" % r.stderr.decode(errors="replace"))
    return json.loads(r.stdout)


def parse_ndjson(data):
    """(action, source) pairs; fails unless every line parses and action and
    source lines alternate."""
    text = data.decode("utf-8")  # strict: invalid UTF-8 raises
    assert text.endswith("\n"), "the _bulk body must end with a newline"
    lines = text[:-1].split("\n")
    assert len(lines) % 2 == 0, "odd number of lines"
    pairs = []
    for i in range(0, len(lines), 2):
        action, source = json.loads(lines[i]), json.loads(lines[i + 1])
        assert list(action) == ["index"], lines[i]
        assert "text" in source and "index" not in source, lines[i + 1]
        pairs.append((action, source))
    return pairs


def db_snapshot(db):
    with sqlite3.connect(db) as c:
        return sorted(c.execute("SELECT id, input, kind, text, keys FROM docs").fetchall())


def fts_integrity(db):
    """FTS5 checks its index against the content table (external content);
    skipped when Python's SQLite has no FTS5."""
    with sqlite3.connect(db) as c:
        try:
            c.execute("INSERT INTO docs_fts(docs_fts) VALUES('integrity-check')")
        except sqlite3.OperationalError as e:
            if "no such module" not in str(e):
                raise


class IndexBase(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="odihrx-index-"))
        self.corpus = self.tmp / "corpus"
        shutil.copytree(pathlib.Path(SRC, "corpus"), self.corpus)
        self.inputs = sorted(str(p) for p in self.corpus.iterdir())
        self.db = str(self.tmp / "odihrx.db")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def index_db(self, *files, extra=()):
        return run("index", "-q", "--sqlite", self.db, *extra, *files)


class Usage(unittest.TestCase):
    def test_help_teaches(self):
        r = ok(run("index", "--help"))
        for word in (b"--sqlite", b"--format ndjson", b"--format solr", b"_bulk",
                     b"index/elasticsearch-mapping.json", b"index/solr-schema.xml", b"curl",
                     b"key_bases", b"Exit status"):
            self.assertIn(word, r.stdout)
        for field in FIELDS:
            self.assertIn(field.encode(), r.stdout)
        r = ok(run("search", "--help"))
        for word in (b"--key", b"--country", b"--year", b"--kind", b"--format", b"json",
                     b"BM25", b"Exit status"):
            self.assertIn(word, r.stdout)

    def test_usage_errors(self):
        r = run("index", "x.md")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--sqlite DB", r.stderr)  # the default is explained
        self.assertEqual(run("index", "--format", "csv", "x.md").returncode, 2)
        self.assertEqual(run("index", "--sqlite", "x.db").returncode, 2)  # no inputs
        self.assertEqual(run("index", "--sqlite", "x.db", "--frob", "x.md").returncode, 2)
        self.assertEqual(run("index", "-o", "out", "--sqlite", "x.db", "x.md").returncode, 2)
        self.assertEqual(run("search").returncode, 2)
        self.assertEqual(run("search", "x.db", "--kind", "chapter").returncode, 2)
        self.assertEqual(run("search", "x.db", "--year", "twenty").returncode, 2)


class Sqlite(IndexBase):
    def setUp(self):
        super().setUp()
        ok(self.index_db(*self.inputs))

    def test_peaceful_assembly_finds_the_law_on_peaceful_assemblies_first(self):
        res = search_json(self.db, "peaceful assembly")
        first = res["hits"][0]
        self.assertEqual(first["kind"], "recommendation")
        self.assertIn("Law on Peaceful Assemblies should be revised", first["text"])
        self.assertEqual(first["recommendation"], 17)
        self.assertEqual(first["source"].rsplit("/", 1)[-1], FINAL_2021)
        # the snippet marks the matched words, stemmed forms included
        self.assertIn("<em>Peaceful</em> <em>Assemblies</em>", first["snippet"])
        # the text output for people marks them too (** when not a terminal)
        r = ok(run("search", self.db, "peaceful assembly", "-n", "1"))
        self.assertIn(b"Law on **Peaceful** **Assemblies**", r.stdout)
        self.assertIn(b"recommendation 17", r.stdout)

    def test_ranked_best_first(self):
        res = search_json(self.db, "peaceful assembly", "-n", "50")
        scores = [h["score"] for h in res["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual(res["count"], len(res["hits"]))
        self.assertGreater(res["count"], 5)

    def test_key_finds_the_party_registration_recommendation(self):
        res = search_json(self.db, "--key", "7.6", "--kind", "recommendation", "-n", "100")
        texts = [h["text"] for h in res["hits"]]
        self.assertTrue(any("registration of political parties should be comprehensively"
                            in t or "for the registration of political parties" in t
                            for t in texts), texts)
        for h in res["hits"]:
            self.assertIn("7.6", h["keys"])
            self.assertEqual(h["kind"], "recommendation")
        # with words, the party-registration recommendation comes first
        first = search_json(self.db, "party registration", "--key", "7.6")["hits"][0]
        self.assertIn("registration of political parties", first["text"])
        self.assertEqual((first["recommendation"], first["priority"]), (2, "true"))
        self.assertIn("7.6:section", first["key_bases"])

    def test_key_prefix_and_filters(self):
        res = search_json(self.db, "--key", "7", "-n", "1000")
        self.assertGreater(res["count"], 0)
        for h in res["hits"]:
            self.assertTrue(any(k == "7" or k.startswith("7.") for k in h["keys"]), h["keys"])
        kz = search_json(self.db, "election", "--country", "KZ", "-n", "1000")["count"]
        self.assertGreater(kz, 0)
        self.assertEqual(search_json(self.db, "election", "--country", "kazakhstan",
                                     "-n", "1000")["count"], kz)
        none = run("search", self.db, "election", "--country", "FR")
        self.assertEqual(none.returncode, 1)
        res = search_json(self.db, "election", "--year", "2019", "-n", "1000")
        self.assertGreater(res["count"], 0)
        self.assertTrue(all(h["year"] == 2019 for h in res["hits"]))
        for kind in ("recommendation", "section", "footnote"):
            res = search_json(self.db, "election", "--kind", kind, "-n", "1000")
            self.assertGreater(res["count"], 0, kind)
            self.assertTrue(all(h["kind"] == kind for h in res["hits"]))
        res = search_json(self.db, "--report-kind", "final-report", "--kind", "footnote",
                          "-n", "1000")
        self.assertEqual(res["count"], 105)
        page1 = search_json(self.db, "election", "-n", "3")["hits"]
        page2 = search_json(self.db, "election", "-n", "3", "--offset", "3")["hits"]
        self.assertEqual(len({h["id"] for h in page1 + page2}), 6)

    def test_json_output_carries_every_field(self):
        res = search_json(self.db, "observers")
        self.assertEqual(set(res) >= {"query", "match", "filters", "hits", "count"}, True)
        self.assertEqual(res["query"], "observers")
        for h in res["hits"]:
            for f in FIELDS + ["score", "snippet"]:
                self.assertIn(f, h)
            for f in ARRAYS:
                self.assertIsInstance(h[f], list)

    def test_no_hits_and_custom_marks(self):
        r = run("search", "--format", "json", self.db, "zzyzx")
        self.assertEqual(r.returncode, 1)
        res = json.loads(r.stdout)
        self.assertEqual((res["count"], res["hits"]), (0, []))
        res = search_json(self.db, "observers", "--mark-start", "[[", "--mark-end", "]]")
        self.assertIn("[[observers]]", res["hits"][0]["snippet"].lower())

    def test_query_syntax(self):
        # punctuation never reaches FTS5 as syntax
        for q in ("long-standing", "7.6", "don't", "media*", '"peaceful assembly"',
                  "observers OR observation", "(media OR press) NOT online", "Law:"):
            r = run("search", self.db, q)
            self.assertIn(r.returncode, (0, 1), (q, r.stderr))
        phrase = search_json(self.db, '"freedom of peaceful assembly"', "-n", "100")["count"]
        words = search_json(self.db, "freedom of peaceful assembly", "-n", "100")["count"]
        self.assertLessEqual(phrase, words)
        self.assertGreater(phrase, 0)
        r = run("search", self.db, "--raw", '"unclosed')
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"bad query", r.stderr)

    def test_sections_and_footnotes(self):
        with sqlite3.connect(self.db) as c:
            rows = c.execute("SELECT kind, count(*) FROM docs WHERE input LIKE ?"
                             " GROUP BY kind", ("%" + FINAL_2021,)).fetchall()
            self.assertEqual(dict(rows), {"recommendation": 25, "section": 25, "footnote": 105})
            sec, num, heading, text = c.execute(
                "SELECT id, section_num, section_heading, text FROM docs"
                " WHERE kind = 'section' AND section_id = 'sec-XI.A'").fetchone()
            self.assertTrue(sec.endswith("-sec-XI.A"))
            self.assertEqual(num, "XI.A")
            self.assertIn("LEGAL FRAMEWORK", heading)
            fn = c.execute("SELECT footnote, section_id, keys, instruments FROM docs"
                           " WHERE kind = 'footnote' AND id LIKE '%-fn7'").fetchone()
            self.assertEqual(fn[0], 7)
            self.assertEqual(fn[1], "sec-III")
            self.assertEqual(json.loads(fn[2]), ["3", "7.6"])
            self.assertIn("cis-convention-2002", json.loads(fn[3]))

    def test_not_an_index(self):
        bogus = self.tmp / "bogus.db"
        bogus.write_bytes(b"not a database at all" * 100)
        self.assertEqual(run("search", str(bogus), "x").returncode, 1)
        self.assertEqual(run("search", str(self.tmp / "missing.db"), "x").returncode, 1)
        self.assertFalse((self.tmp / "missing.db").exists())
        with sqlite3.connect(self.tmp / "other.db") as c:
            c.execute("CREATE TABLE t(x)")
        r = run("index", "--sqlite", str(self.tmp / "other.db"), self.inputs[0])
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"not an odihrx index", r.stderr)


class Incremental(IndexBase):
    def test_index_twice_same_count_and_unchanged_files_skipped(self):
        ok(self.index_db(*self.inputs))
        before = db_snapshot(self.db)
        r = ok(run("index", "-v", "--sqlite", self.db, *self.inputs))
        self.assertEqual(r.stderr.count(b"unchanged, skipped"), len(self.inputs))
        self.assertEqual(db_snapshot(self.db), before)
        ok(self.index_db(*self.inputs, extra=["--force"]))
        self.assertEqual(db_snapshot(self.db), before)
        # the same file by another path is the same source
        rel = os.path.relpath(self.inputs[0], self.tmp)
        ok(run("index", "-q", "--force", "--sqlite", self.db, "./" + rel, cwd=self.tmp))
        self.assertEqual(len(db_snapshot(self.db)), len(before))
        fts_integrity(self.db)

    def test_modified_file_has_its_documents_replaced(self):
        ok(self.index_db(*self.inputs))
        final = self.corpus / FINAL_2021
        with sqlite3.connect(self.db) as c:
            others = c.execute("SELECT id, text FROM docs WHERE input != ? ORDER BY id",
                               (str(final),)).fetchall()
            old_ids = {r[0] for r in c.execute("SELECT id FROM docs WHERE input = ?",
                                               (str(final),))}
        text = final.read_text(encoding="utf-8")
        text = text.replace("Law on Peaceful Assemblies should be revised",
                            "Law on Peaceful Assemblies and Zanzibarite rules should be revised")
        final.write_text(text, encoding="utf-8")
        ok(self.index_db(*self.inputs))
        with sqlite3.connect(self.db) as c:
            new_ids = {r[0] for r in c.execute("SELECT id FROM docs WHERE input = ?",
                                               (str(final),))}
            self.assertEqual(c.execute("SELECT id, text FROM docs WHERE input != ? ORDER BY id",
                                       (str(final),)).fetchall(), others)
        sha = hashlib.sha256(final.read_bytes()).hexdigest()[:16]
        self.assertEqual(len(new_ids), len(old_ids))
        self.assertFalse(old_ids & new_ids)  # a new hash, new ids; the old ones gone
        self.assertTrue(all(i.startswith(sha + "-") for i in new_ids))
        hit = search_json(self.db, "zanzibarite", "--kind", "recommendation")["hits"]
        self.assertEqual([h["recommendation"] for h in hit], [17])
        fts_integrity(self.db)

    def test_failed_reindex_leaves_the_store_as_it_was(self):
        ok(self.index_db(*self.inputs))
        before = db_snapshot(self.db)
        unreadable = str(self.tmp)  # a directory: opens, then cannot be read
        files = self.inputs[:2] + [unreadable, str(self.tmp / "gone.md")] + self.inputs[2:]
        r = run("index", "--force", "--sqlite", self.db, *files)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"read error", r.stderr)
        self.assertIn(b"gone.md: cannot open", r.stderr)
        self.assertEqual(db_snapshot(self.db), before)
        # an indexed XML file that turns malformed keeps its documents
        xml = self.tmp / "report.xml"
        xml.write_bytes(ok(run("convert", self.inputs[0])).stdout)
        ok(self.index_db(str(xml)))
        before = db_snapshot(self.db)
        xml.write_text(xml.read_text(encoding="utf-8")[:5000], encoding="utf-8")
        r = self.index_db(str(xml))
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"not well-formed XML", r.stderr)
        self.assertEqual(db_snapshot(self.db), before)
        fts_integrity(self.db)

    def test_failure_inside_a_batch_keeps_the_others_and_the_old_documents(self):
        """Files are written in batches, one transaction each. A file the
        database refuses in the middle of a batch (here a trigger that aborts
        its inserts) fails alone: the files before and after it in the same
        batch are indexed, and it keeps its old documents, untouched."""
        ok(self.index_db(*self.inputs))
        victim = self.corpus / FINAL_2021
        with sqlite3.connect(self.db) as c:
            old = c.execute("SELECT id, text FROM docs WHERE input = ? ORDER BY id",
                            (str(victim),)).fetchall()
            c.execute("CREATE TRIGGER refuse BEFORE INSERT ON docs WHEN NEW.input = '%s'"
                      " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END" % victim)
        self.assertTrue(old)
        # the others change, so that they are written again; the victim too
        copies = []
        for i in range(5):
            p = self.tmp / ("copy%d.md" % i)
            p.write_bytes(victim.read_bytes())
            copies.append(str(p))
        victim.write_text(victim.read_text(encoding="utf-8") + "\nAppendix.\n",
                          encoding="utf-8")
        files = copies[:3] + [str(victim)] + copies[3:] + [
            p for p in self.inputs if p != str(victim)]
        r = run("index", "-v", "--sqlite", self.db, *files)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"refused by the test", r.stderr)
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT id, text FROM docs WHERE input = ? ORDER BY id",
                                       (str(victim),)).fetchall(), old)
            for p in copies:
                self.assertEqual(c.execute("SELECT count(*) FROM docs WHERE input = ?",
                                           (p,)).fetchone()[0], len(old))
            c.execute("DROP TRIGGER refuse")
        # messages stay in input order, one failure
        err = r.stderr.decode()
        self.assertLess(err.index("copy2.md: "), err.index("refused by the test"))
        self.assertLess(err.index("refused by the test"), err.index("copy3.md: "))
        self.assertIn("1 failed", err)
        fts_integrity(self.db)
        # the next run indexes it
        ok(self.index_db(*files))
        with sqlite3.connect(self.db) as c:
            self.assertNotEqual(c.execute("SELECT id, text FROM docs WHERE input = ?"
                                          " ORDER BY id", (str(victim),)).fetchall(), old)

    def test_worker_tokens_give_the_index_sqlite_would_build(self):
        """The workers tokenise and the writer replays their tokens: the FTS5
        index must be byte for byte the one SQLite builds from the content
        table with its own tokenizer ('rebuild'), and readable by any SQLite
        (the schema names the built-in tokenizer), also for words in many
        scripts, case and width forms, ligatures, combining marks, emoji
        and words too long to stem."""
        words = self.corpus / "words.md"
        words.write_text("# ÉLECTIONS Présidentielles\n\n## I. RÉSUMÉ\n\n" + MANY_WORDS + "\n\n"
                         + MANY_WORDS.upper() + "\n", encoding="utf-8")
        ok(self.index_db(*self.inputs, str(words)))
        copy = str(self.tmp / "rebuilt.db")
        shutil.copy(self.db, copy)
        with sqlite3.connect(copy) as c:
            try:
                c.execute("INSERT INTO docs_fts(docs_fts) VALUES('rebuild')")
            except sqlite3.OperationalError as e:
                if "no such module" in str(e):
                    self.skipTest("Python's SQLite has no FTS5")
                raise
            self.assertTrue(c.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH"
                                      " 'assemblies'").fetchone()[0] > 0)
        sizes = "SELECT id, sz FROM docs_fts_docsize ORDER BY id"
        with sqlite3.connect(self.db) as a, sqlite3.connect(copy) as b:
            # the segments differ in layout (one per batch against one for
            # all), so compare what they hold: every term's documents
            def terms(c):
                c.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, docs_fts,"
                          " 'instance')")
                return c.execute("SELECT term, doc, col, offset FROM temp.v"
                                 " ORDER BY 1, 2, 3, 4").fetchall()
            self.assertEqual(a.execute(sizes).fetchall(), b.execute(sizes).fetchall())
            mine = terms(a)
            self.assertTrue(mine)
            self.assertEqual(mine, terms(b))

    def test_many_files_in_several_batches(self):
        """More files than one batch holds: every file is indexed once, a
        re-run skips them all, and FTS5 agrees with the content table."""
        src = (self.corpus / NEWS_2021).read_bytes()
        files = []
        for i in range(70):
            p = self.tmp / ("n%02d.txt" % i)
            p.write_bytes(src)
            files.append(str(p))
        ok(self.index_db(*files, extra=["-j", "2"]))
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM sources").fetchone()[0], 70)
            per = c.execute("SELECT count(DISTINCT docs) FROM sources").fetchone()[0]
            self.assertEqual(per, 1)
            # a new database gets 16 KiB pages (index_db.c says why)
            self.assertEqual(c.execute("PRAGMA page_size").fetchone()[0], 16384)
        r = ok(run("index", "-v", "--sqlite", self.db, *files))
        self.assertEqual(r.stderr.count(b"unchanged, skipped"), 70)
        fts_integrity(self.db)

    def test_remove(self):
        ok(self.index_db(*self.inputs))
        ok(run("index", "--sqlite", self.db, "--remove", self.inputs[0]))
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM docs WHERE input = ?",
                                       (self.inputs[0],)).fetchone()[0], 0)
            self.assertEqual(c.execute("SELECT count(*) FROM sources").fetchone()[0],
                             len(self.inputs) - 1)
        r = run("index", "--sqlite", self.db, "--remove", self.inputs[0])
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"not in", r.stderr)
        fts_integrity(self.db)


def db_files(directory, name="odihrx.db"):
    """The database and anything beside it that belongs to it or to a build
    of it (-wal, -shm, -journal, .tmpXXXXXX)."""
    return sorted(p.name for p in pathlib.Path(directory).iterdir() if p.name.startswith(name))


def search_results(db):
    """What the searches people run give: hits with their scores, in order."""
    out = []
    for q in (["peaceful assembly"], ["election commission", "--kind", "recommendation"],
              ["media OR press", "--limit", "50"], ['"voter lists"'], ["complaint*"],
              ["--key", "7"], ["--key", "7.3", "--kind", "section"]):
        out.append(search_json(db, *q))
    return out


def stored_documents(db):
    """Every stored field of every document and key, by id, and what FTS5
    holds (term, document, column, offset)."""
    with sqlite3.connect(db) as c:
        docs = c.execute("SELECT * FROM docs ORDER BY id").fetchall()
        keys = c.execute("SELECT d.id, k.paragraph, k.basis, k.via FROM doc_keys k"
                         " JOIN docs d ON d.rowid = k.doc ORDER BY 1, 2").fetchall()
        sources = c.execute("SELECT key, given, size, mtime_ns, sha256, version, docs"
                            " FROM sources ORDER BY key").fetchall()
        try:
            c.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, docs_fts, 'instance')")
            # by document id: rowids differ between runs by construction
            terms = c.execute("SELECT v.term, d.id, v.col, v.offset FROM temp.v v"
                              " JOIN docs d ON d.rowid = v.doc ORDER BY 1, 2, 3, 4").fetchall()
        except sqlite3.OperationalError as e:
            if "no such module" not in str(e):
                raise
            terms = None
    return docs, keys, sources, terms


class NewDatabase(IndexBase):
    """A database that does not exist yet is built in a temporary file beside
    it and renamed into place when complete (index_db.c says why)."""

    def copies(self, n, times):
        report = (self.corpus / FINAL_2021).read_bytes()
        src = self.tmp / "in"
        src.mkdir()
        for i in range(n):
            (src / ("r%02d.md" % i)).write_bytes(report * times)
        return sorted(str(p) for p in src.iterdir())

    def test_built_beside_then_in_place_in_wal_mode(self):
        ok(self.index_db(*self.inputs[1:]))
        self.assertEqual(db_files(self.tmp), ["odihrx.db"])  # no temporary file left
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            self.assertEqual(c.execute("PRAGMA page_size").fetchone()[0], 16384)
        fts_integrity(self.db)
        # an ordinary existing database from now on: updated in place
        ok(self.index_db(self.inputs[0]))
        self.assertEqual(len({r[1] for r in db_snapshot(self.db)}), len(self.inputs))
        fts_integrity(self.db)

    def test_fresh_build_equals_incremental_updates(self):
        """One run into a new database, and the same files added over three
        runs (the second and third update the existing database in WAL
        mode, one with a file replaced): the same documents, keys, sources,
        FTS5 entries, and search results."""
        ok(self.index_db(*self.inputs))
        fresh = (stored_documents(self.db), search_results(self.db))
        final = self.corpus / FINAL_2021
        os.remove(self.db)
        half = len(self.inputs) // 2
        ok(self.index_db(*self.inputs[:half]))
        ok(self.index_db(*self.inputs[half:]))
        ok(self.index_db(str(final), extra=["--force"]))  # replaced, same content
        updated = (stored_documents(self.db), search_results(self.db))
        # rowids and indexed_at differ by construction; compare without them
        def strip(state):
            (docs, keys, sources, terms), hits = state
            docs = [row[1:] for row in docs]  # rowid first
            return docs, keys, sources, terms, hits
        self.assertEqual(strip(fresh), strip(updated))
        self.assertTrue(fresh[1][0]["hits"])
        if fresh[0][3] is not None:  # fts5vocab present: the entries were compared
            self.assertTrue(fresh[0][3])
        fts_integrity(self.db)

    def test_failed_build_leaves_no_database(self):
        # a grammar that does not load stops the run after the database
        # was opened (and, before, created with its schema)
        bad = self.tmp / "grammars"
        bad.mkdir()
        (bad / "citations.pcre").write_text("no-such-pattern\t(unclosed\n")
        r = run("index", "-q", "--grammars", str(bad), "--sqlite", self.db, *self.inputs)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"grammar", r.stderr)
        self.assertEqual(db_files(self.tmp), [])
        # nothing was there before: --remove creates nothing either
        r = run("index", "--sqlite", self.db, "--remove", self.inputs[0])
        self.assertEqual(r.returncode, 1)
        self.assertEqual(db_files(self.tmp), [])

    def test_killed_build_leaves_no_database_or_a_complete_one(self):
        inputs = self.copies(24, 4)
        rng = random.Random(20261123)
        for trial in range(6):
            p = subprocess.Popen([BIN, "index", "-q", "-j", "2", "--sqlite", self.db, *inputs],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.01, 0.8))
            p.send_signal(signal.SIGKILL)
            p.wait()
            if os.path.exists(self.db):
                # killed after the rename: the database is complete
                with sqlite3.connect(self.db) as c:
                    self.assertEqual(c.execute("PRAGMA journal_mode").fetchone()[0], "wal")
                    self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                    self.assertEqual(c.execute("SELECT count(*) FROM sources").fetchone()[0],
                                     len(inputs))
                fts_integrity(self.db)
                break
            # no database, only the temporary file of the killed build
            self.assertTrue(all(".tmp" in f for f in db_files(self.tmp)), db_files(self.tmp))
        # whatever was killed, the next run builds or completes the database
        ok(self.index_db(*inputs))
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM sources").fetchone()[0],
                             len(inputs))
        fts_integrity(self.db)

    def test_never_replaces_a_database_created_meanwhile(self):
        inputs = self.copies(30, 4)
        big = subprocess.Popen([BIN, "index", "-q", "-j", "1", "--sqlite", self.db, *inputs],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while not any(".tmp" in f for f in db_files(self.tmp)):
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.005)
            ok(self.index_db(str(self.corpus / NEWS_2021)))
            still_running = big.poll() is None
        finally:
            err = big.communicate(timeout=300)[1]
        if not still_running:
            self.skipTest("the large build finished first")
        self.assertEqual(big.returncode, 1)
        self.assertIn(b"another run created it meanwhile", err)
        self.assertEqual(db_files(self.tmp), ["odihrx.db"])
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT given FROM sources").fetchall(),
                             [(str(self.corpus / NEWS_2021),)])


class Bulk(IndexBase):
    def ndjson(self, *files, extra=()):
        return parse_ndjson(ok(run("index", "--format", "ndjson", *extra, *files)).stdout)

    def test_ndjson_parses_and_carries_every_field(self):
        pairs = self.ndjson(*self.inputs)
        self.assertGreater(len(pairs), 150)
        ids = [a["index"]["_id"] for a, _ in pairs]
        self.assertEqual(len(ids), len(set(ids)))
        kinds = set()
        for action, doc in pairs:
            self.assertEqual(list(doc), FIELDS)
            self.assertEqual(action["index"]["_id"], doc["id"])
            kinds.add(doc["kind"])
            for f in ARRAYS:
                self.assertIsInstance(doc[f], list)
            self.assertEqual(len(doc["keys"]), len(doc["key_bases"]))
            for k, kb in zip(doc["keys"], doc["key_bases"]):
                self.assertTrue(kb.startswith(k + ":"))
                self.assertIn(kb.split(":", 1)[1], ("cited", "section", "lexicon"))
            self.assertEqual(doc["input"] in self.inputs, True)
            self.assertIsInstance(doc["line"], int)
        self.assertEqual(kinds, {"recommendation", "section", "footnote"})
        recs = [d for _, d in pairs if d["kind"] == "recommendation"
                and d["source"].endswith(FINAL_2021)]
        self.assertEqual(len(recs), 25)
        rec2 = next(d for d in recs if d["recommendation"] == 2)
        self.assertEqual((rec2["priority"], rec2["section_id"]), ("true", "sec-VIII"))
        self.assertIn("7.6", rec2["keys"])
        self.assertEqual((rec2["country_code"], rec2["election_type"], rec2["election_date"],
                          rec2["report_kind"], rec2["report_date"], rec2["year"]),
                         ("KZ", "parliamentary", "2021-01-10", "final-report", "2021-03-26",
                          2021))

    def test_ids_are_stable_and_derive_from_the_hash(self):
        final = str(self.corpus / FINAL_2021)
        a = ok(run("index", "--format", "ndjson", final)).stdout
        b = ok(run("index", "--format", "ndjson", "-j", "1", final)).stdout
        self.assertEqual(a, b)
        sha = hashlib.sha256(pathlib.Path(final).read_bytes()).hexdigest()
        ids = {d["id"] for _, d in parse_ndjson(a)}
        for elem in ("rec3", "sec-XI.A", "fn12"):
            self.assertIn(sha[:16] + "-" + elem, ids)
        self.assertTrue(all(d["sha256"] == sha for _, d in parse_ndjson(a)))
        # the same report as odihrx XML: the same documents
        xml = self.tmp / "final.xml"
        xml.write_bytes(ok(run("convert", final)).stdout)
        from_xml = self.ndjson(str(xml))
        for (_, d1), (_, d2) in zip(parse_ndjson(a), from_xml):
            d1.pop("input"), d2.pop("input")
            self.assertEqual(d1, d2)
        # many inputs in parallel: input order, whatever the thread timing
        many = ok(run("index", "--format", "ndjson", "-j", "4", *self.inputs)).stdout
        one = ok(run("index", "--format", "ndjson", "-j", "1", *self.inputs)).stdout
        self.assertEqual(many, one)

    def test_es_index_and_output_file(self):
        out = self.tmp / "bulk.ndjson"
        ok(run("index", "--format", "ndjson", "--es-index", "odihrx-2021", "-o", str(out),
               *self.inputs))
        pairs = parse_ndjson(out.read_bytes())
        self.assertTrue(all(a["index"]["_index"] == "odihrx-2021" for a, _ in pairs))
        self.assertEqual([p.name for p in self.tmp.iterdir() if "tmp" in p.name], [])

    def test_strict_escaping(self):
        src = self.tmp / "tricky.xml"
        src.write_text(TRICKY_XML, encoding="utf-8")
        docs = {d["kind"]: d for _, d in self.ndjson(str(src))}
        # one section, one footnote, one recommendation
        self.assertEqual(set(docs), {"section", "footnote", "recommendation"})
        self.assertEqual(docs["section"]["text"], TRICKY_TEXT)
        self.assertEqual(docs["section"]["footnotes"], [1])
        self.assertEqual(docs["footnote"]["keys"], ["7.3", "7.4"])
        self.assertEqual(docs["footnote"]["key_bases"], ["7.3:cited", "7.4:cited"])
        self.assertEqual(docs["footnote"]["instruments"], ["osce-copenhagen-1990", "iccpr"])
        self.assertEqual(docs["recommendation"]["text"], 'Say "yes".')
        # no hash in the source: ids from the source's file name
        self.assertEqual(docs["recommendation"]["id"], "tricky.md-rec1")
        raw = ok(run("index", "--format", "ndjson", str(src))).stdout
        for bad in (b"\t", b"\r", "\u2028".encode()):
            self.assertNotIn(bad, raw)  # escaped, not raw
        solr = ok(run("index", "--format", "solr", str(src))).stdout
        root = ET.fromstring(solr)
        texts = [f.text for f in root.iter("field") if f.get("name") == "text"]
        self.assertIn(TRICKY_TEXT, texts)

    def test_reports_and_their_xml_give_the_same_documents(self):
        """A report converted on the fly is read straight from the XML that
        odihrx has just written (index_xml.c); an XML file is read by
        libxml2. Both must give the same documents, byte for byte but for
        the input field, for every corpus report and for one full of
        characters that need escaping, in NDJSON and in Solr XML."""
        tricky = self.tmp / "tricky.md"
        tricky.write_text(TRICKY_MD, encoding="utf-8")
        for report in [*self.inputs, str(tricky)]:
            xml = self.tmp / (pathlib.Path(report).name + ".xml")
            xml.write_bytes(ok(run("convert", report)).stdout)
            for fmt, field in (("ndjson", lambda s: '"input":' + json.dumps(s)),
                               ("solr", lambda s: '<field name="input">' + s + "</field>")):
                a = ok(run("index", "--format", fmt, report)).stdout
                b = ok(run("index", "--format", fmt, str(xml))).stdout
                self.assertIn(field(report).encode(), a)
                self.assertEqual(a.replace(field(report).encode(), b"INPUT"),
                                 b.replace(field(str(xml)).encode(), b"INPUT"), report)
            self.assertTrue(self.ndjson(report))
        texts = " ".join(d["text"] for _, d in self.ndjson(str(tricky)))
        for part in ("Tom & Jerry's", '"claim" ]]> done \u2028 sep \U0001F600 \u0085 C1',
                     "A & B | 1", "a < b > c | 2", "item 'two' & three"):
            self.assertIn(part, texts)

    def test_solr_is_well_formed_and_matches_the_schema(self):
        out = self.tmp / "docs.xml"
        ok(run("index", "--format", "solr", "-o", str(out), *self.inputs))
        r = subprocess.run(["xmllint", "--noout", str(out)], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        root = ET.parse(out).getroot()
        self.assertEqual(root.tag, "add")
        docs = root.findall("doc")
        self.assertEqual(len(docs), len(self.ndjson(*self.inputs)))
        schema = ET.parse(pathlib.Path(SRC, "index", "solr-schema.xml")).getroot()
        declared = {f.get("name"): f for f in schema.findall("field")}
        self.assertEqual(schema.findtext("uniqueKey"), "id")
        for f in FIELDS:
            self.assertIn(f, declared)
            self.assertEqual(declared[f].get("multiValued") == "true", f in ARRAYS, f)
        ids = set()
        for doc in docs:
            fields = {}
            for f in doc.findall("field"):
                self.assertIn(f.get("name"), declared)
                fields.setdefault(f.get("name"), []).append(f.text or "")
            for f in ("id", "kind", "text", "source", "input", "country", "line"):
                self.assertIn(f, fields)
            for f, values in fields.items():
                if f not in ARRAYS:
                    self.assertEqual(len(values), 1, f)
            for f in ("election_date", "report_date"):
                for v in fields.get(f, []):
                    self.assertRegex(v, r"^\d{4}-\d\d-\d\dT00:00:00Z$")
            ids.add(fields["id"][0])
            if fields["kind"] == ["recommendation"]:
                self.assertIn("recommendation", fields)
                self.assertIn("priority", fields)
        self.assertEqual(len(ids), len(docs))
        rec2 = [d for d in docs if any(f.get("name") == "id" and f.text.endswith("-rec2")
                                       for f in d)]
        keys = [f.text for d in rec2 for f in d if f.get("name") == "keys"]
        self.assertIn("7.6", keys)

    def test_mapping_matches_the_documents(self):
        mapping = json.loads(pathlib.Path(SRC, "index", "elasticsearch-mapping.json").read_text())
        props = mapping["mappings"]["properties"]
        self.assertEqual(sorted(props), sorted(FIELDS))
        self.assertEqual(mapping["mappings"]["dynamic"], "strict")
        for f in ("keys", "key_bases", "instruments", "kind", "country_code"):
            self.assertEqual(props[f]["type"], "keyword")
        self.assertEqual(props["text"]["type"], "text")
        self.assertEqual(props["election_date"]["type"], "date")

    def test_stdin_and_combined_outputs(self):
        data = (self.corpus / FINAL_2021).read_bytes()
        pairs = parse_ndjson(ok(run("index", "--format", "ndjson", "-", stdin=data)).stdout)
        self.assertEqual(len(pairs), 155)
        self.assertEqual(pairs[0][1]["input"], "<stdin>")
        out = self.tmp / "b.ndjson"
        ok(run("index", "-q", "--sqlite", self.db, "--format", "ndjson", "-o", str(out),
               *self.inputs))
        self.assertEqual(len(parse_ndjson(out.read_bytes())), len(db_snapshot(self.db)))

    def test_failing_input_does_not_stop_the_others(self):
        r = run("index", "--format", "ndjson", self.inputs[0], str(self.tmp / "gone.md"),
                self.inputs[1])
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"gone.md: cannot open", r.stderr)
        inputs = {d["input"] for _, d in parse_ndjson(r.stdout)}
        self.assertEqual(inputs, {self.inputs[0], self.inputs[1]})


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
