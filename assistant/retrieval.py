"""The one retrieval function behind the CLI, the UI, the evals and the Python API.

Hybrid: BM25 over every chunk (exact filter masks) and dense cosine search in Chroma, fused by a
weighted sum of normalised scores; near-identical passages (syndicated copies) are shown once.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

import numpy as np

from .filters import Filters
from .outlets import outlets_named
from .store import Index


@dataclass
class Passage:
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
        return self.text.split("\n\n", 1)[1] if "\n\n" in self.text else self.text


def _fingerprint(text: str) -> str:
    body = text.split("\n\n", 1)[-1]
    return hashlib.sha1(re.sub(r"\W+", "", body.casefold()).encode()).hexdigest()


def _normalise(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    span = hi - lo
    return {k: ((v - lo) / span if span > 0 else 1.0) for k, v in scores.items()}


def retrieve(index: Index, query: str, top_k: int | None = None, filters: Filters | None = None,
             embedder=None, query_vector: np.ndarray | None = None) -> list[Passage]:
    settings = index.settings
    top_k = top_k or settings.top_k
    filters = filters or Filters()
    n = max(settings.candidates, top_k * 3)

    keyword = index.keyword
    bm25 = keyword.scores(query)
    keyword_hits: dict[str, float] = {}
    if bm25.size:
        if filters:
            bm25 = np.where(filters.mask(*index.chunk_arrays()), bm25, 0.0)
        top = np.argsort(-bm25)[:n]
        keyword_hits = {keyword.chunk_ids[i]: float(bm25[i]) for i in top if bm25[i] > 0}

    dense_hits: dict[str, float] = {}
    if embedder is not None or query_vector is not None:
        vector = query_vector if query_vector is not None else np.asarray(embedder.get_query_embedding(query), np.float32)
        dense_hits = dict(index.vectors.query(vector, n, filters.chroma_where()))

    kw, dn = _normalise(keyword_hits), _normalise(dense_hits)
    w = settings.keyword_weight if kw and dn else (1.0 if kw else 0.0)
    fused = {cid: w * kw.get(cid, 0.0) + (1 - w) * dn.get(cid, 0.0) for cid in set(kw) | set(dn)}

    first_choices = []  # each outlet the question names gets its best passage first
    if bm25.size and settings.outlet_slots:
        sources = index.chunk_arrays()[1]
        for group in outlets_named(query, tuple(index.manifest.sources())):
            in_group = np.where(np.isin(sources, group), bm25, 0.0)
            if in_group.max() > 0:
                cid = keyword.chunk_ids[int(np.argmax(in_group))]
                first_choices.append(cid)
                fused.setdefault(cid, w * float(in_group.max()) / max(float(bm25.max()), 1e-9))

    passages: list[Passage] = []
    seen: set[str] = set()
    per_article: dict[str, int] = {}
    ranked = sorted(fused, key=lambda c: (-fused[c], c))
    for cid in dict.fromkeys(first_choices + ranked):
        row = index.chunk(cid)
        if row is None or per_article.get(row.article_id, 0) >= settings.max_per_article:
            continue
        fp = _fingerprint(row.text)
        if fp in seen:
            continue
        seen.add(fp)
        per_article[row.article_id] = per_article.get(row.article_id, 0) + 1
        passages.append(Passage(cid, row.article_id, row.text, row.title, row.source, row.url, row.published_at,
                                row.author, round(fused[cid], 4)))
        if len(passages) >= top_k:
            break
    passages.sort(key=lambda p: -p.score)
    return passages
