"""Core types every layer shares: the chunk text format and the Passage a retrieval returns.

A chunk's text is a header (the article's title, then its outlet and date) and, after a blank line, the
passage itself: what is embedded, keyword-indexed and shown. Ingest writes it and everything else reads
it through `chunk_header` and `split_header` here, never by splitting text on its own.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


def chunk_header(title: str, source: str | None, published_date: str | None) -> str:
    """"Title\\nOutlet · 2026-03-02" (the second line only with an outlet or a date)."""
    parts = [p for p in (source, published_date) if p]
    return title + ("\n" + " · ".join(parts) if parts else "")


def split_header(text: str) -> tuple[str, str]:
    """(header, passage) of a chunk's text; ("", text) when it has no header."""
    head, sep, body = text.partition("\n\n")
    return (head, body) if sep else ("", text)


@dataclass
class Passage:
    """One retrieved passage: a contiguous run of one article's sentences under the article's header.
    `score` is the chunk's fused relevance to the whole question (BM25 and MiniLM normalised over the
    candidates, plus the closest-sentence lift), the same scale at every rank."""

    chunk_id: str
    article_id: str
    text: str
    title: str
    source: str | None
    url: str | None
    published_at: str | None
    author: str | None
    score: float

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def body(self) -> str:
        """The passage without its title/outlet/date header."""
        return split_header(self.text)[1]
