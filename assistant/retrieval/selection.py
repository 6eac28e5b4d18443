"""The result being built: passages taken in the order the stages choose them, at most
`max_per_article` per article, syndicated copies (the same text under another url) once, no sentence
shown twice (passages.py widens each chunk into a passage)."""
from __future__ import annotations

import hashlib
import re

from ..core import Passage, split_header
from .context import QueryContext
from .passages import PassageMaker


def fingerprint(text: str) -> str:
    """The chunk's passage with everything but letters and digits removed: equal for syndicated copies."""
    body = split_header(text)[1]
    return hashlib.sha1(re.sub(r"\W+", "", body.casefold()).encode()).hexdigest()


class Selection:
    def __init__(self, ctx: QueryContext) -> None:
        self.ctx = ctx
        self.snapshot = ctx.snapshot
        self.cfg = ctx.profile.passages
        self.passages: list[Passage] = []
        self._fingerprints: set[str] = set()
        self._ids: set[str] = set()
        self._per_article: dict[str, int] = {}
        self._maker = PassageMaker(self.snapshot.article_chunks, self.cfg.chars)

    @property
    def full(self) -> bool:
        return len(self.passages) >= self.ctx.top_k

    def has_article(self, article_id: str) -> bool:
        return article_id in self._per_article

    def take(self, chunk_id: str) -> bool:
        """Adds the chunk's passage if the rules allow it; whether it was added."""
        row = self.snapshot.chunk(chunk_id)
        if self.full or row is None or chunk_id in self._ids:
            return False
        if self._per_article.get(row.article_id, 0) >= self.cfg.max_per_article:
            return False
        fp = fingerprint(row.text)
        if self.cfg.one_copy and fp in self._fingerprints:
            return False
        text = self._maker.place(row)
        if text is None:
            return False
        self._fingerprints.add(fp)
        self._ids.add(chunk_id)
        self._per_article[row.article_id] = self._per_article.get(row.article_id, 0) + 1
        self.passages.append(Passage(chunk_id, row.article_id, text, row.title, row.source, row.url, row.published_at,
                                     row.author, round(self.ctx.score_of(chunk_id), 4)))
        return True
