"""Sentence splitting for news prose (keeps common abbreviations and initials together)."""
from __future__ import annotations

import re

_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "No", "vs", "Gov", "Sen", "Rep", "Gen", "Inc", "Co",
                  "Corp", "Ltd", "Prof", "Capt", "Lt", "Col", "Sgt", "Rev", "Mt", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec")
# a period ends a sentence unless it closes a known abbreviation or a single initial ("J. Smith", "U.S.")
_NOT_AFTER = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[A-Z]\.)"
_SPLIT = re.compile(r"(?<=[.!?])" + _NOT_AFTER + r"([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence in `text`; lines never join across a newline."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+", text):
        base, line = block.start(), block.group(0)
        start = 0
        for m in _SPLIT.finditer(line):
            spans.append((base + start, base + m.start() + len(m.group(1))))
            start = m.end()
        spans.append((base + start, base + len(line)))
    out = []
    for a, b in spans:  # trim white space at both ends
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def claim_spans(text: str) -> list[tuple[int, int]]:
    """`sentence_spans` for an answer: a trailing "(Outlet, date) [n]" stays with the quote it attributes."""
    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if spans and text[a] == "(" and "\n" not in text[spans[-1][1]:a]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
