#!/bin/sh
# Regenerates the derived inputs of tests/test_formats.py and
# tests/test_pdftotext.py from the corpus, the way users get them, with
# Debian's tools: apt-get install pandoc weasyprint poppler-utils python3-pdfminer. The
# outputs are committed so the test suite itself needs none of these.
# The contents table has one paragraph per entry (tab-tables.py), as a word
# processor's contents has them.
#   kz-2021-parliamentary-final-report.html: the markdown-like report through
#     pandoc 2.17 (standalone HTML, smart quotes as pandoc makes them), its
#     TAB-separated tables as pipe tables (tab-tables.py).
#   kz-2021-parliamentary-final-report.pandoc-docx.md: the report with real
#     footnotes as a Word document (pandoc's docx writer), read back to
#     markdown by pandoc's docx reader, as a user with the report in Word
#     converts it: footnotes as [^N] and "[^N]:" definitions at the end, lines
#     wrapped at 72 columns, the contents lines run into one wrapped paragraph.
#   kz-2021-parliamentary-final-report.pdftotext.txt, .pdftotext-layout.txt:
#     the report with real footnotes and tables (pandoc), typeset by WeasyPrint 57 with
#     page-bottom footnotes, a running header, page numbers and the list
#     numbers of <ol start> (recommendations 1-25 number on across topic
#     subheadings), then read back by pdftotext 22.02 without and with -layout.
#   kz-2021-parliamentary-final-report.pdfminer.txt: the same PDF read back
#     by pdfminer.six 20221105 (pdf2txt, what markitdown and other PDF-to-text
#     libraries use): a blank line after every block, widened word gaps in
#     justified lines, list numbers printed as a column of their own before
#     the items' texts run together, markers moved to the start of the next
#     line, some pieces of a page out of order.
set -eu
cd "$(dirname "$0")"
corpus=../../corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The TAB-separated tables become pipe tables, so that both outputs have
# real tables (pandoc runs TAB lines into paragraphs).
python3 tab-tables.py "$corpus/kz-2021-parliamentary-final-report.md" "$tmp/tables.md"
pandoc -f markdown -t html -s --metadata title="Kazakhstan, Parliamentary Elections, 10 January 2021" \
    "$tmp/tables.md" -o kz-2021-parliamentary-final-report.html
echo "make.sh: wrote kz-2021-parliamentary-final-report.html"

# <sup>N</sup> markers and bodies become pandoc footnotes ([^N]); '---' goes.
python3 - "$tmp/tables.md" "$tmp/report.md" <<'PY'
import re, sys
notes, out = {}, []
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    m = re.match(r"^<sup>(\d+)</sup>\s*(.*)$", line)
    if m:
        notes[int(m.group(1))] = m.group(2).rstrip()
    elif line.strip() != "---":
        out.append(line)
body = re.sub(r"<sup>(\d+)</sup>", lambda m: f"[^{m.group(1)}]", "\n".join(out))
body += "\n\n" + "\n".join(f"[^{n}]: {t}" for n, t in sorted(notes.items())) + "\n"
open(sys.argv[2], "w", encoding="utf-8").write(body)
PY
pandoc -f markdown -t docx "$tmp/report.md" -o "$tmp/report.docx"
pandoc -f docx -t markdown "$tmp/report.docx" -o kz-2021-parliamentary-final-report.pandoc-docx.md
echo "make.sh: wrote kz-2021-parliamentary-final-report.pandoc-docx.md"
pandoc -f markdown -t html -s --metadata title=" " "$tmp/report.md" -o "$tmp/report.html"
python3 float-footnotes.py "$tmp/report.html" "$tmp/report-fn.html"
weasyprint "$tmp/report-fn.html" "$tmp/report.pdf" 2>/dev/null
pdftotext "$tmp/report.pdf" kz-2021-parliamentary-final-report.pdftotext.txt
pdftotext -layout "$tmp/report.pdf" kz-2021-parliamentary-final-report.pdftotext-layout.txt
echo "make.sh: wrote the pdftotext outputs"
pdf2txt "$tmp/report.pdf" > kz-2021-parliamentary-final-report.pdfminer.txt
echo "make.sh: wrote the pdfminer output"
