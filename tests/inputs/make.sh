#!/bin/sh
# Regenerates the derived inputs of tests/test_formats.py,
# tests/test_pdftotext.py and tests/test_other_reports.py from the corpus
# report and the synthetic reports here, the way users get them, with
# Debian's tools: apt-get install pandoc weasyprint poppler-utils python3-pdfminer
# libreoffice-writer-nogui mupdf-tools. The outputs are committed so the test suite
# itself needs none of these.
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
# The same five routes are taken for the synthetic documents written for the
# tests (synthetic-*.md, invented text: final reports in two other house
# styles, and an interim report and a statement of preliminary findings of
# the same invented election; their facts, written with them and never read
# off odihrx, in synthetic-*.facts.json):
#   NAME.html, NAME.pandoc-docx.md, NAME.pdftotext.txt,
#   NAME.pdftotext-layout.txt, NAME.pdfminer.txt
# and for the corpus report and the two synthetic final reports three more,
# through a word processor's PDF (LibreOffice 7.4, see writer() below):
#   NAME.writer-pdftotext-layout.txt, NAME.writer-pdftotext.txt,
#   NAME.writer-mutool.txt
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# derive SOURCE.md NAME TITLE HEADER: the five derived inputs NAME.* of one report
derive() {
    src=$1 name=$2 title=$3 header=$4
    # The TAB-separated tables become pipe tables, so that both outputs have
    # real tables (pandoc runs TAB lines into paragraphs).
    python3 tab-tables.py "$src" "$tmp/tables.md"
    pandoc -f markdown -t html -s --metadata title="$title" "$tmp/tables.md" -o "$name.html"
    echo "make.sh: wrote $name.html"

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
    pandoc -f docx -t markdown "$tmp/report.docx" -o "$name.pandoc-docx.md"
    echo "make.sh: wrote $name.pandoc-docx.md"
    pandoc -f markdown -t html -s --metadata title=" " "$tmp/report.md" -o "$tmp/report.html"
    python3 float-footnotes.py "$tmp/report.html" "$tmp/report-fn.html" "$header"
    weasyprint "$tmp/report-fn.html" "$tmp/report.pdf" 2>/dev/null
    pdftotext "$tmp/report.pdf" "$name.pdftotext.txt"
    pdftotext -layout "$tmp/report.pdf" "$name.pdftotext-layout.txt"
    echo "make.sh: wrote the pdftotext outputs of $name"
    pdf2txt "$tmp/report.pdf" > "$name.pdfminer.txt"
    echo "make.sh: wrote the pdfminer output of $name"
}

# writer NAME: the Word document that derive made, typeset by LibreOffice
# Writer (as a report exported to PDF from a word processor: real
# footnotes, real numbered lists, no space between paragraphs, no page
# numbers), read back three ways:
#   NAME.writer-pdftotext-layout.txt: pdftotext -layout, which sets each
#     note's raised number on a line of its own, most often above its
#     text, sometimes below its first line;
#   NAME.writer-pdftotext.txt: pdftotext without -layout: each note's
#     number below its text, the page's first note right below the body,
#     list numbers as a column before the items' texts;
#   NAME.writer-mutool.txt: MuPDF's text (mutool draw -F txt, what PyMuPDF
#     gives): blocks apart, notes as "N text".
writer() {
    name=$1
    cp "$tmp/report.docx" "$tmp/writer.docx"
    soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/writer.docx" >/dev/null 2>&1
    pdftotext -layout "$tmp/writer.pdf" "$name.writer-pdftotext-layout.txt"
    pdftotext "$tmp/writer.pdf" "$name.writer-pdftotext.txt"
    mutool draw -q -F txt -o "$name.writer-mutool.txt" "$tmp/writer.pdf" 2>/dev/null
    echo "make.sh: wrote the word processor's routes of $name"
}

derive ../../corpus/kz-2021-parliamentary-final-report.md kz-2021-parliamentary-final-report \
    "Kazakhstan, Parliamentary Elections, 10 January 2021" \
    "Republic of Kazakhstan Parliamentary Elections, 10 January 2021"
writer kz-2021-parliamentary-final-report
derive synthetic-ge-2015-presidential-final-report.md synthetic-ge-2015-presidential-final-report \
    "Georgia, Presidential Election, 4 and 18 October 2015" \
    "Georgia Presidential Election, 4 and 18 October 2015"
writer synthetic-ge-2015-presidential-final-report
derive synthetic-am-2011-parliamentary-final-report.md synthetic-am-2011-parliamentary-final-report \
    "Republic of Armenia, Parliamentary Elections, 15 May 2011" \
    "Republic of Armenia Parliamentary Elections, 15 May 2011"
writer synthetic-am-2011-parliamentary-final-report
derive synthetic-ge-2015-presidential-interim-report.md synthetic-ge-2015-presidential-interim-report \
    "Georgia, Presidential Election, 4 October 2015: Interim Report" \
    "ODIHR Election Observation Mission, Georgia, Presidential Election 2015"
derive synthetic-ge-2015-presidential-preliminary-statement.md \
    synthetic-ge-2015-presidential-preliminary-statement \
    "Georgia, Presidential Election, 4 October 2015: Statement of Preliminary Findings" \
    "International Election Observation Mission, Georgia, Presidential Election 2015"
