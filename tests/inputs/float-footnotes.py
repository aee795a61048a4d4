#!/usr/bin/env python3
"""Turns pandoc's end-notes into CSS page-bottom footnotes (float: footnote)
and adds a running header and "Page: N" footer, so that WeasyPrint prints
the report the way ODIHR's PDFs look: tables as a word processor sets
them (a real table, not pandoc's scrolling block; cells left-aligned, text at
the top of the cell, no hyphenation). HEADER is the running header's text.
Usage: float-footnotes.py IN.html OUT.html [HEADER]"""
import re, pathlib, sys
h = pathlib.Path(sys.argv[1]).read_text()
sec = re.search(r'<section[^>]*class="footnotes[^"]*"[^>]*>(.*?)</section>', h, re.S)
bodies = {}
for m in re.finditer(r'<li id="fn(\d+)"[^>]*>(.*?)</li>', sec.group(1), re.S):
    b = re.sub(r'<a href="#fnref\d+"[^>]*>.*?</a>', '', m.group(2), flags=re.S)
    b = re.sub(r'</?p>', '', b).strip()
    bodies[m.group(1)] = b
h = h[:sec.start()] + h[sec.end():]
# WeasyPrint 57 ignores <ol start> (and <ol type>: the CSS below numbers
# "I."/"A." lists, chapters and contents entries pandoc made lists of, as
# the report printed them): every list would restart at 1, where the
# report numbers its recommendations on across topic subheadings.
h = re.sub(r'<ol([^>]*?)\sstart="(\d+)"',
           lambda m: f'<ol{m.group(1)} start="{m.group(2)}" style="counter-reset: list-item {int(m.group(2)) - 1}"', h)
h = re.sub(r'<a\s+href="#fn(\d+)"[^>]*class="footnote-ref"[^>]*><sup>\d+</sup></a>',
           lambda m: f'<span class="fn">{bodies[m.group(1)]}</span>', h)
css = '''<style>
@page { size: A4; margin: 2.5cm 2cm;
  @top-center { content: "HEADER"; font-size: 8pt }
  @bottom-right { content: "Page: " counter(page); font-size: 8pt } }
body { font-family: serif; font-size: 11pt; text-align: justify; hyphens: auto }
.fn { float: footnote; font-size: 8pt }
ol[type="I"] { list-style-type: upper-roman }
ol[type="A"] { list-style-type: upper-alpha }
table { display: table }
th, td { text-align: left; vertical-align: top; hyphens: manual }
::footnote-call { content: counter(footnote); vertical-align: super; font-size: 7pt }
::footnote-marker { content: counter(footnote) " " }
</style>'''
header = sys.argv[3] if len(sys.argv) > 3 else "Republic of Kazakhstan Parliamentary Elections, 10 January 2021"
h = h.replace('</head>', css.replace('HEADER', header) + '</head>')
pathlib.Path(sys.argv[2]).write_text(h)
print(len(bodies))
