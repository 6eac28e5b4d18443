"""The lede of the top story: the opening passage of the best-ranked article, read with the retrieved passages.

News puts who, what and where in its first paragraph ("One Portland, Maine-based startup ...") and names the
subject it then speaks of as "the company" or "he"; retrieval ranks the later passages that repeat the
question's words above it. The offline answerer reads the lede beside them, and may cite it.
"""
from __future__ import annotations

from ..core import Passage, split_header

LEDE_PROBE_CHARS = 200  # the lede is already shown when a passage holds its first characters


def lede(passages: list[Passage], snapshot) -> list[Passage]:
    """The first passage of the top article when retrieval did not take it: [] or one passage."""
    if not passages:
        return []
    chunks = snapshot.article_chunks(passages[0].article_id)
    if not chunks:
        return []
    first = chunks[0]
    opening = split_header(first.text)[1][:LEDE_PROBE_CHARS].strip()
    if any(p.chunk_id == first.chunk_id or (opening and opening in p.body) for p in passages):
        return []
    return [Passage(first.chunk_id, first.article_id, first.text, first.title, first.source, first.url,
                    first.published_at, first.author, 0.0)]
