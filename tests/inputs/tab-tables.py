#!/usr/bin/env python3
"""Turns the report's TAB-separated tables into pandoc pipe tables, so that
pandoc typesets them as tables (HTML <table>, and in the PDF columns that
pdftotext -layout prints side by side) where it would run TAB lines into
paragraphs. A run of lines with a TAB is a table unless a line of it has a
dotted leader (the contents, whose entries become paragraphs of their own). A first row that is bold
in every cell is the header; other tables get an empty header, which pandoc
leaves out. Columns are as wide as their longest text, as a word processor
sizes them. Usage: tab-tables.py IN.md OUT.md"""
import re
import sys

LEADER = re.compile(r"\.\.\.\.|\u2026")
BOLD = re.compile(r"^<b>.*</b>$")
TAG = re.compile(r"<[^>]*>")


def pipe_table(rows):
    cells = [r.split("\t") for r in rows]
    width = max(len(c) for c in cells)
    cells = [c + [""] * (width - len(c)) for c in cells]

    def line(c):
        return "| " + " | ".join(x.strip().replace("|", "\\|") for x in c) + " |"

    header = [""] * width
    if all(BOLD.match(x.strip()) for x in cells[0]):
        header, cells = cells[0], cells[1:]
    # a row longer than pandoc's 72 columns makes the table full width, its
    # columns as wide as the dashes say: here as the longest text they hold
    # and its padding
    widest = [max(len(TAG.sub("", c[k])) for c in cells + [header]) for k in range(width)]
    rule = "|" + "|".join("-" * (w + 3) for w in widest) + "|"
    return [line(header), rule] + [line(c) for c in cells]


def convert(lines):
    out, run = [], []

    def flush():
        if run and not any(LEADER.search(r) for r in run):
            out.extend(pipe_table(run))
        elif run:
            # the contents: one paragraph per entry, as a word processor's
            # contents table has them (pandoc would run the lines together)
            # (a leading TAB would make a code block of a sub-entry)
            for k, r in enumerate(run):
                out.extend([r.lstrip()] if k == 0 else ["", r.lstrip()])
        run.clear()

    for line in lines:
        if "\t" in line and line.strip():
            run.append(line)
            continue
        flush()
        out.append(line)
    flush()
    return out


text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(convert(text.split("\n"))))
