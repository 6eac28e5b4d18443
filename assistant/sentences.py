"""Sentence splitting for news prose (keeps common abbreviations and initials together)."""
from __future__ import annotations

import re

_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "No", "vs", "Gov", "Sen", "Rep", "Gen", "Inc", "Co",
                  "Corp", "Ltd", "Prof", "Capt", "Lt", "Col", "Sgt", "Rev", "Mt", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec")
# a period ends a sentence unless it closes a known abbreviation or a single initial ("J. Smith", "U.S.")
_NOT_AFTER = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[A-Z]\.)"
_SPLIT = re.compile(r"(?<=[.!?])" + _NOT_AFTER + r"([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
# ...or after a single capital ("Pool B.", "the U.S.") when a word that opens sentences follows: no name does
# (found from the period, a literal the regex engine scans for fast; the capital before it is checked in code)
_AFTER_LETTER = re.compile(r"\.([\"”’)\]]*)\s+(?=(?:However|But|The|It|This|That|These|Those|They|He|She|We|In|On|At|After"
                           r"|Before|When|While|And|So|Yet|Still|Meanwhile|There|His|Her|Their|Its)\b(?!-))")
# ...or, with no space after it, when a lower-case word ends there and a capitalised word follows: a scrape that
# lost the break between two paragraphs ("sent out early by mistake.WHAT DISCOVERY WON ...?", "today.The
# schools"); a capital inside the word before it ("Binance.US", "StartPlaying.Games") is a name, not a break
_MAYBE_GLUED = re.compile(r"[.!?][\"”’)\]]*[A-Z][A-Za-z]")
_GLUED = re.compile(r"(?<![\w./@])(?!(?:vs|feat|al|incl|approx|ca|etc|cf|ft|vol|pp|ed|eds|esp|dept|est|fig|min|max|no)\.)"
                    r"[a-z]{2,}[.!?][\"”’)\]]*(?=[A-Z][A-Za-z]+(?:\s|$))")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence in `text`; lines never join across a newline."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+", text):
        base, line = block.start(), block.group(0)
        start = 0
        cuts = [(m.start() + len(m.group(1)), m.end()) for m in _SPLIT.finditer(line)]
        cuts += [(m.start() + 1 + len(m.group(1)), m.end()) for m in _AFTER_LETTER.finditer(line)
                 if m.start() and line[m.start() - 1].isupper() and (m.start() < 2 or not line[m.start() - 2].isalnum())]
        if _MAYBE_GLUED.search(line):  # rare: tried only where it may apply, it costs more than the rest
            cuts += [(m.end(), m.end()) for m in _GLUED.finditer(line)]
        cuts.sort()
        for end, after in cuts:
            spans.append((base + start, base + end))
            start = after
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
    """`sentence_spans` for an answer: a trailing "(Outlet, date) [n]" or "[n]" stays with the quote it attributes."""
    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if spans and text[a] in "([" and "\n" not in text[spans[-1][1]:a]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
