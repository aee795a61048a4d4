#!/usr/bin/env python3
"""A batch `odihrx convert -o DIR` killed with SIGKILL at random moments
never leaves a truncated or partial NAME.xml in DIR: every .xml there is
complete and valid, and a rerun with --skip-existing completes the batch.
Usage: test_kill.py ODIHRX_BINARY SOURCE_ROOT"""
import pathlib
import random
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

BIN = SRC = None


class Kill(unittest.TestCase):
    def test_sigkill_leaves_only_complete_files(self):
        report = pathlib.Path(SRC, "corpus", "kz-2021-parliamentary-final-report.md").read_bytes()
        rng = random.Random(20261123)
        with tempfile.TemporaryDirectory() as tmp:
            src = pathlib.Path(tmp, "in")
            src.mkdir()
            # large enough that a kill lands in the middle of writing
            for i in range(40):
                (src / f"r{i:02d}.md").write_bytes(report * 8)
            out = pathlib.Path(tmp, "out")
            inputs = sorted(str(p) for p in src.iterdir())
            for trial in range(8):
                p = subprocess.Popen([BIN, "convert", "-q", "-j", "2", "-o", str(out), *inputs],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.01, 0.6))
                p.send_signal(signal.SIGKILL)
                p.wait()
                for xml in out.glob("*.xml"):
                    data = xml.read_bytes()
                    self.assertTrue(data.rstrip().endswith(b"</report>"),
                                    f"trial {trial}: {xml.name} is partial")
                    ET.fromstring(data)  # well-formed
            # whatever was killed, a resumed run finishes the batch
            r = subprocess.run([BIN, "convert", "-q", "--skip-existing", "-o", str(out), *inputs],
                               capture_output=True)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            self.assertEqual(len(list(out.glob("*.xml"))), len(inputs))
            for xml in out.glob("*.xml"):
                v = subprocess.run([BIN, "validate", str(xml)], capture_output=True)
                self.assertEqual(v.returncode, 0, v.stderr.decode())


if __name__ == "__main__":
    BIN, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
