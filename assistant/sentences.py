"""Sentence splitting for news prose (keeps common abbreviations and initials together)."""
from __future__ import annotations

import re

_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "No", "vs", "Gov", "Sen", "Rep", "Gen", "Inc", "Co",
                  "Corp", "Ltd", "Prof", "Capt", "Lt", "Col", "Sgt", "Rev", "Mt", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec")
# a period ends a sentence unless it closes a known abbreviation or a single initial ("J. Smith", "U.S.")
_NOT_AFTER = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[A-Z]\.)"
# ...or, with no space after it, when a lower-case word ends there and a capitalised word follows: a scrape that
# lost the break between two paragraphs ("sent out early by mistake.WHAT DISCOVERY WON ...?", "today.The
# schools"); a capital inside the word before it ("Binance.US", "StartPlaying.Games") is a name, not a break
_SPLIT = re.compile(r"(?<=[.!?])" + _NOT_AFTER + r"([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
# ...or after a single capital ("Pool B.", "the U.S.") when a word that opens sentences follows: no name does
_AFTER_LETTER = re.compile(r"(?<=\b[A-Z]\.)([\"”’)\]]*)\s+(?=(?:However|But|The|It|This|That|These|Those|They|He|She|We|In"
                           r"|On|At|After|Before|When|While|And|So|Yet|Still|Meanwhile|There|His|Her|Their|Its)\b(?!-))")
_GLUED = re.compile(r"(?<![\w./@])(?!(?:vs|feat|al|incl|approx|ca|etc|cf|ft|vol|pp|ed|eds|esp|dept|est|fig|min|max|no)\.)"
                    r"[a-z]{2,}[.!?][\"”’)\]]*(?=[A-Z][A-Za-z]+(?:\s|$))")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence in `text`; lines never join across a newline."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+", text):
        base, line = block.start(), block.group(0)
        start = 0
        cuts = sorted([(m.start() + len(m.group(1)), m.end()) for m in (*_SPLIT.finditer(line), *_AFTER_LETTER.finditer(line))]
                      + [(m.end(), m.end()) for m in _GLUED.finditer(line)])
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
