"""Writes an offline answer: the answer first (one short line, each claim with its marker), then at
most a few quoted sentences as evidence, each with its outlet and date."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import Passage

QUOTE_WORDS = 32  # a quoted sentence longer than this is cut around what it is quoted for


@dataclass
class Quote:
    text: str
    passage: int  # 1-based


@dataclass
class Claim:
    text: str  # ends in its markers
    checked: bool = True  # False for a statement about the articles ("nothing in X says ...") rather than from them


@dataclass
class Draft:
    """What a strategy decided: the answer line's claims and the quotes."""

    claims: list[Claim]
    quotes: list[Quote] = field(default_factory=list)
    refused: bool = False
    reason: str | None = None  # why it refused, for the reader
    confidence: float = 1.0  # relevance of the weakest sentence an answer claim rests on
    unanswered: list[tuple[str, str | None]] = field(default_factory=list)  # the parts (text, kind) it found no answer for


def marker(*passages: int) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(passages))


def label(p: Passage) -> str:
    parts = [x for x in (p.source, (p.published_at or "")[:10]) if x]
    return ", ".join(parts)


def trim(sentence: str, focus: str | None = None, words: int = QUOTE_WORDS) -> str:
    """The sentence, or `words` of it around `focus`, with an ellipsis where it was cut."""
    tokens = sentence.split()
    if len(tokens) <= words:
        return sentence
    at = 0
    if focus:
        index = sentence.find(focus)
        at = len(sentence[:index].split()) if index >= 0 else 0
    start = max(0, min(at - words // 3, len(tokens) - words))
    piece = " ".join(tokens[start:start + words])
    return ("…" if start else "") + piece + ("…" if start + words < len(tokens) else "")


def render(draft: Draft, passages: list[Passage]) -> str:
    line = " ".join(c.text.strip() for c in draft.claims if c.text.strip())
    quotes = []
    for q in draft.quotes:
        text = q.text.strip()
        where = label(passages[q.passage - 1])
        quotes.append(f'- "{text}"' + (f" ({where})" if where else "") + f" [{q.passage}]")
    return line + ("\n\n" + "\n".join(quotes) if quotes else "")


def sentence_claim(text: str, passage: int) -> str:
    """A sentence of an article used as the answer itself, ending in its marker."""
    text = text.strip()
    text = re.sub(r"[\s:;,]+$", "", text)
    if not re.search(r"[.!?\"”’)]$", text):
        text += "."
    return f"{text[:-1]} {marker(passage)}{text[-1]}" if text[-1] in ".!?" else f"{text} {marker(passage)}"
