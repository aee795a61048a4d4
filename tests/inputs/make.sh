#!/bin/sh
# Regenerates the derived inputs of tests/test_formats.py from the corpus,
# the way users get them. Needs pandoc (apt-get install pandoc); the outputs
# are committed so the test suite itself needs no pandoc.
#   kz-2021-parliamentary-final-report.html: the markdown-like report through
#   pandoc 2.17 (standalone HTML, smart quotes as pandoc makes them).
set -eu
cd "$(dirname "$0")"
corpus=../../corpus
pandoc -f markdown -t html -s --metadata title="Kazakhstan, Parliamentary Elections, 10 January 2021" \
    "$corpus/kz-2021-parliamentary-final-report.md" -o kz-2021-parliamentary-final-report.html
echo "make.sh: wrote kz-2021-parliamentary-final-report.html"
