"""Citation markers: find [n] in an answer, drop those that point at no passage, renumber 1..m.

Renumbering follows WikiChat: the user sees only the passages actually cited, in order of first use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import Passage

MARKER = re.compile(r"\[(\d{1,3})\]")
_MULTI = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})+)\]")  # [1, 2] -> [1][2]


@dataclass
class Citation:
    n: int
    title: str
    source: str | None
    published_at: str | None
    url: str | None
    text: str
    score: float
    article_id: str
    chunk_id: str
    author: str | None = None

    def to_public(self) -> dict:
        return {"n": self.n, "title": self.title, "source": self.source, "published_at": self.published_at,
                "author": self.author, "url": self.url, "text": self.text, "score": self.score}


def finalize(answer: str, passages: list[Passage]) -> tuple[str, list[Citation], int]:
    """Returns (renumbered answer, citations in marker order, number of invalid markers removed)."""
    answer = _MULTI.sub(lambda m: "".join(f"[{x.strip()}]" for x in m.group(1).split(",")), answer)
    order: dict[int, int] = {}
    removed = 0

    def renumber(match: re.Match) -> str:
        nonlocal removed
        k = int(match.group(1))
        if not 1 <= k <= len(passages):
            removed += 1
            return ""
        order.setdefault(k, len(order) + 1)
        return f"[{order[k]}]"

    text = MARKER.sub(renumber, answer)
    text = re.sub(r"(\[\d+\])(?:\1)+", r"\1", text)  # [1][1] -> [1]
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    citations = []
    for k, n in sorted(order.items(), key=lambda kv: kv[1]):
        p = passages[k - 1]
        citations.append(Citation(n, p.title, p.source, p.published_at, p.url, p.text, p.score, p.article_id, p.chunk_id,
                                  p.author))
    return text, citations, removed
