#!/usr/bin/env python3
"""End-to-end tests of the odihrx command line: exit statuses, help texts,
stdin/stdout, atomic -o output, a failing input among good ones, validate
and the catalog. Usage: test_cli.py ODIHRX_BINARY SOURCE_ROOT"""
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None
NS = {"o": "urn:odihrx:report:1"}

SMALL = """# REPUBLIC OF KAZAKHSTAN

PARLIAMENTARY ELECTIONS
10 January 2021

## I. EXECUTIVE SUMMARY

The campaign was calm.<sup>1</sup>

---

<sup>1</sup> A note.
"""


def run(*args, stdin=None, cwd=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, cwd=cwd, timeout=60)


class Cli(unittest.TestCase):
    def test_no_arguments_is_usage_error(self):
        r = run()
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"usage: odihrx", r.stderr)

    def test_help_and_version(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        for word in (b"convert", b"validate", b"catalog", b"Examples"):
            self.assertIn(word, r.stdout)
        r = run("convert", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"--output", r.stdout)
        self.assertIn(b"Exit status", r.stdout)
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^odihrx \d+\.\d+\.\d+")

    def test_unknown_command_and_option(self):
        self.assertEqual(run("frobnicate").returncode, 2)
        r = run("convert", "--frob", "x.md")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--frob", r.stderr)

    def test_several_inputs_need_output_dir(self):
        r = run("convert", "a.md", "b.md")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"-o DIR", r.stderr)

    def test_stdin_to_stdout(self):
        r = run("convert", "--no-hash", "-", stdin=SMALL.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        root = ET.fromstring(r.stdout)
        self.assertEqual(root.find("o:meta/o:source", NS).get("name"), "<stdin>")
        self.assertEqual(root.find("o:meta/o:country", NS).get("code"), "KZ")
        self.assertEqual(len(root.findall(".//o:footnote", NS)), 1)

    def test_output_dir_and_failures_do_not_stop_the_batch(self):
        with tempfile.TemporaryDirectory() as tmp:
            good = pathlib.Path(tmp, "good.md")
            good.write_text(SMALL)
            out = pathlib.Path(tmp, "out")
            r = run("convert", "-o", str(out), str(good), str(pathlib.Path(tmp, "missing.md")))
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"missing.md: cannot open", r.stderr)
            self.assertEqual(sorted(p.name for p in out.iterdir()), ["good.xml"])
            v = run("validate", str(out / "good.xml"))
            self.assertEqual(v.returncode, 0, v.stderr)

    def test_outputs_are_synced_in_groups_and_a_failed_rename_fails_its_input(self):
        # 150 inputs span three sync groups; bad.xml cannot be renamed into
        # place (a directory holds its name): that input fails, the others
        # land, and no temporary file is left behind
        with tempfile.TemporaryDirectory() as tmp:
            src = pathlib.Path(tmp, "in")
            src.mkdir()
            names = [f"r{i:03d}" for i in range(150)] + ["bad"]
            for n in names:
                (src / f"{n}.md").write_text(SMALL)
            out = pathlib.Path(tmp, "out")
            (out / "bad.xml").mkdir(parents=True)
            r = run("convert", "-q", "-j", "2", "-o", str(out), *(str(src / f"{n}.md") for n in names))
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn(b"bad.xml: cannot write:", r.stderr)
            self.assertEqual(r.stderr.count(b"cannot write"), 1, r.stderr)
            got = sorted(p.name for p in out.iterdir())
            self.assertEqual(got, sorted(f"{n}.xml" for n in names))
            self.assertTrue((out / "bad.xml").is_dir())
            for n in names[:-1]:
                ET.fromstring((out / f"{n}.xml").read_bytes())

    def test_batch_is_deterministic_across_jobs_and_order(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = pathlib.Path(SRC, "corpus")
            files = sorted(str(p) for p in src.iterdir())
            a, b = pathlib.Path(tmp, "a"), pathlib.Path(tmp, "b")
            r1 = run("convert", "-q", "-j", "1", "-o", str(a), *files)
            r2 = run("convert", "-q", "-j", "2", "-o", str(b), *reversed(files))
            self.assertEqual((r1.returncode, r2.returncode), (0, 0), r1.stderr + r2.stderr)
            names = sorted(p.name for p in a.iterdir())
            self.assertEqual(len(names), len(files))
            for n in names:
                self.assertEqual((a / n).read_bytes(), (b / n).read_bytes(), n)

    def test_from_list_manifest_and_skip_existing(self):
        with tempfile.TemporaryDirectory() as tmp:
            good = pathlib.Path(tmp, "good.md")
            good.write_text(SMALL)
            lst = pathlib.Path(tmp, "list.txt")
            lst.write_text(f"{good}\n\n{tmp}/nope.md\n")
            out, man = pathlib.Path(tmp, "out"), pathlib.Path(tmp, "m.jsonl")
            r = run("convert", "-q", "-o", str(out), "--from-list", str(lst), "--manifest", str(man))
            self.assertEqual(r.returncode, 1)
            import hashlib
            import json
            rows = [json.loads(l) for l in man.read_text().splitlines()]
            self.assertEqual([x["status"] for x in rows], ["ok", "failed"])
            self.assertEqual(rows[0]["path"], str(good))
            self.assertEqual(rows[0]["sha256"], hashlib.sha256(good.read_bytes()).hexdigest())
            self.assertEqual(rows[0]["bytes"], len(good.read_bytes()))
            self.assertEqual(rows[0]["counts"]["footnotes"], 1)
            self.assertEqual(rows[0]["counts"]["sections"], 1)
            # a second run skips the input whose output is newer
            r = run("convert", "-v", "-o", str(out), "--skip-existing", str(good))
            self.assertEqual(r.returncode, 0)
            self.assertIn(b"skipped", r.stderr)

    def test_encoding_and_kind_options(self):
        data = SMALL.encode("utf-16-le")  # no BOM: only --encoding can tell
        r = run("convert", "--no-hash", "--encoding", "utf-16le", "--kind", "interim-report", "-",
                stdin=data)
        self.assertEqual(r.returncode, 0, r.stderr)
        root = ET.fromstring(r.stdout)
        self.assertEqual(root.get("kind"), "interim-report")
        self.assertEqual(root.find("o:meta/o:country", NS).get("code"), "KZ")
        self.assertEqual(root.find("o:meta/o:source", NS).get("encoding"), "UTF-16LE")
        self.assertEqual(run("convert", "--encoding", "ebcdic", "-", stdin=b"x").returncode, 2)
        self.assertEqual(run("convert", "--kind", "novel", "-", stdin=b"x").returncode, 2)

    def test_bad_jobs_value(self):
        self.assertEqual(run("convert", "-j", "0", "-o", "x", "a.md").returncode, 2)
        self.assertEqual(run("convert", "-j", "many", "-o", "x", "a.md").returncode, 2)

    def test_warnings_carry_file_and_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            f = pathlib.Path(tmp, "gap.md")
            f.write_text("## I. A\n\nText.<sup>1</sup> More.<sup>3</sup>\n\n"
                         "<sup>1</sup> One.\n\n<sup>3</sup> Three.\n")
            r = run("convert", str(f))
            self.assertEqual(r.returncode, 0)
            self.assertIn(f"{f}:7: warning: footnote 2 is missing [footnote-gap]".encode(),
                          r.stderr)
            q = run("convert", "--quiet", str(f))
            self.assertNotIn(b"warning", q.stderr)

    def validate_fails(self, path):
        """validate's problem lines for path: some, and each names the file."""
        r = run("validate", str(path))
        self.assertEqual(r.returncode, 1)
        lines = r.stderr.decode().splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertTrue(line.startswith(f"{path}:"), line)
        return lines

    def test_validate_rejects_foreign_xml(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = pathlib.Path(tmp, "bad.xml")
            bad.write_text('<report xmlns="urn:odihrx:report:1" version="1"/>')
            r = run("validate", str(bad))
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"{bad}:1: error: schema: Element report failed to validate "
                          "attributes\n".encode(), r.stderr)
            broken = pathlib.Path(tmp, "broken.xml")
            broken.write_text("<report")
            r = run("validate", str(broken))
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"{broken}:1: error: not well-formed: ".encode(), r.stderr)
            # libxml2's encoding and I/O errors once went to stderr raw; every
            # line now names the file, one line per problem, none repeated
            wrong = pathlib.Path(tmp, "wrong.xml")
            wrong.write_bytes(b'<?xml version="1.0" encoding="ISO-2022-JP"?>\n'
                              b"<report>\x97\x96\x91\x9b</report>\n")
            lines = self.validate_fails(wrong)
            for line in lines:
                self.assertIn(": error: not well-formed: ", line)
            self.assertEqual(len(lines), len(set(lines)))
            # an IDREF to nothing is the schema's (it once went to stderr raw)
            out = run("convert", "-", stdin=SMALL.encode()).stdout.decode()
            self.assertIn('<footnote n="1" id="fn1"', out)
            dangling = pathlib.Path(tmp, "dangling.xml")
            dangling.write_text(out.replace('id="fn1" section="sec-I"', 'id="fn1" section="sec-X"'))
            lines = self.validate_fails(dangling)
            self.assertIn("error: schema: IDREF attribute section references an unknown ID "
                          '"sec-X"', "\n".join(lines))
            # twenty problems are shown, the rest counted
            many = pathlib.Path(tmp, "many.xml")
            many.write_text("<a>" + "".join(f"<b>&bogus{i};</b>" for i in range(30)) + "</a>")
            r = run("validate", str(many))
            lines = r.stderr.decode().splitlines()
            self.assertEqual(len(lines), 21, lines)
            self.assertEqual(lines[0], f"{many}:1: error: not well-formed: Entity 'bogus0' not "
                                       "defined")
            self.assertEqual(lines[-1], f"{many}: 10 more problems not shown")

    def test_convert_refuses_its_own_xml(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp, "report.xml")
            out.write_bytes(run("convert", "-", stdin=SMALL.encode()).stdout)
            r = run("convert", str(out))
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, b"")
            self.assertIn(f"{out}:2: error: this is odihrx XML (<report>), not the text of a "
                          "report".encode(), r.stderr)

    def test_schema_is_the_shipped_file(self):
        r = run("schema")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, pathlib.Path(SRC, "grammars", "odihrx.rng").read_bytes())

    def test_catalog_lists_copenhagen_paragraphs(self):
        r = run("catalog")
        self.assertEqual(r.returncode, 0)
        rows = [l.split("\t") for l in r.stdout.decode().splitlines() if not l.startswith("#")]
        paragraphs = [row[0] for row in rows]
        for p in ("3", "4", "5.10", "7.3", "7.6", "7.9", "8", "9.2", "24", "32.5", "35"):
            self.assertIn(p, paragraphs)
        self.assertTrue(all(len(row) == 4 for row in rows))

    def test_grammar_override_error_names_file_and_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            pathlib.Path(tmp, "structure.pcre").write_text("# comment\nheading-chapter\t(unclosed\n")
            r = run("convert", "--grammars", tmp, "-", stdin=SMALL.encode())
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"structure.pcre:2:", r.stderr)


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
