"""The one retrieval function behind the CLI, the UI, the evals and the Python API.

Hybrid: BM25 over every chunk (exact filter masks) and dense cosine search in Chroma, fused by a
weighted sum of normalised scores; near-identical passages (syndicated copies) are shown once.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

import numpy as np

from .dates_named import dates_named
from ingest.chunking import split_header

from .filters import Filters
from .outlets import outlets_named
from .passages import PassageMaker
from .subqueries import facets
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
        return split_header(self.text)[1]


def _fingerprint(text: str) -> str:
    body = split_header(text)[1]
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
    allowed = filters.mask(*index.chunk_arrays()) if filters and bm25.size else None
    if bm25.size:
        if allowed is not None:
            bm25 = np.where(allowed, bm25, 0.0)
        bm25 = _boost_named_dates(index, query, bm25)
        top = np.argsort(-bm25)[:n]
        keyword_hits = {keyword.chunk_ids[i]: float(bm25[i]) for i in top if bm25[i] > 0}

    dense_hits: dict[str, float] = {}
    if embedder is not None or query_vector is not None:
        vector = query_vector if query_vector is not None else np.asarray(embedder.get_query_embedding(query), np.float32)
        dense_hits = dict(index.vectors.query(vector, n, filters.chroma_where()))

    kw, dn = _normalise(keyword_hits), _normalise(dense_hits)
    w = settings.keyword_weight if kw and dn else (1.0 if kw else 0.0)
    fused = {cid: w * kw.get(cid, 0.0) + (1 - w) * dn.get(cid, 0.0) for cid in set(kw) | set(dn)}

    ranked = sorted(fused, key=lambda c: (-fused[c], c))
    picked = _Selection(index, top_k, fused)
    if ranked:
        picked.take(ranked[0])  # the whole question's best passage leads (MRR@10 0.634 -> 0.642 on dev)
    if bm25.size and settings.outlet_slots:
        _take_outlet_passages(picked, query, bm25, allowed, w)
    if bm25.size and settings.facet_rounds:
        _take_facet_passages(picked, query, bm25, allowed, w)
    for cid in ranked:
        if picked.full:
            break
        picked.take(cid)
    passages = picked.passages
    # kept in the order chosen: the best, named outlets, then one passage per question part, then the rest
    # by score; on MultiHop-RAG dev this order gives Hits@4 0.821 where sorting by score gives 0.789
    return passages


def _boost_named_dates(index: Index, query: str, bm25: np.ndarray) -> np.ndarray:
    """Articles published within a day of a date the question names score higher."""
    boost = index.settings.date_boost
    named = dates_named(query) if boost > 0 else []
    if not named:
        return bm25
    published = index.chunk_arrays()[0]
    near = np.zeros(len(bm25), dtype=bool)
    for day in named:
        start = int(day.timestamp())
        near |= (published >= start - 86400) & (published < start + 2 * 86400)
    return np.where(near, bm25 * (1 + boost), bm25)


class _Selection:
    """The result being built: at most `max_per_article` passages per article, syndicated copies once,
    no text twice (see passages.py)."""

    def __init__(self, index: Index, top_k: int, fused: dict[str, float]) -> None:
        self.index, self.top_k, self.fused = index, top_k, fused
        self.passages: list[Passage] = []
        self._fingerprints: set[str] = set()
        self._ids: set[str] = set()
        self._per_article: dict[str, int] = {}
        self._maker = PassageMaker(index.article_chunks, index.settings.passage_chars)

    @property
    def full(self) -> bool:
        return len(self.passages) >= self.top_k

    def has_article(self, article_id: str) -> bool:
        return article_id in self._per_article

    def take(self, cid: str, score: float | None = None) -> bool:
        row = self.index.chunk(cid)
        if self.full or row is None or cid in self._ids:
            return False
        if self._per_article.get(row.article_id, 0) >= self.index.settings.max_per_article:
            return False
        fp = _fingerprint(row.text)
        if fp in self._fingerprints:
            return False
        text = self._maker.place(row)
        if text is None:
            return False
        self._fingerprints.add(fp)
        self._ids.add(cid)
        self._per_article[row.article_id] = self._per_article.get(row.article_id, 0) + 1
        score = self.fused.setdefault(cid, score or 0.0)
        self.passages.append(Passage(cid, row.article_id, text, row.title, row.source, row.url, row.published_at,
                                     row.author, round(score, 4)))
        return True


def _take_outlet_passages(picked: _Selection, query: str, bm25: np.ndarray, allowed: np.ndarray | None,
                          w: float) -> None:
    """Each outlet the question names gets its best passages first (from up to `outlet_articles` articles)."""
    index = picked.index
    keyword, sources = index.keyword, index.chunk_arrays()[1]
    top = max(float(bm25.max()), 1e-9)
    for group in outlets_named(query, index.sources()):
        in_group = np.isin(sources, group) if allowed is None else np.isin(sources, group) & allowed
        scores = np.where(in_group, bm25, 0.0)
        articles: set[str] = set()
        for i in np.argsort(-scores)[:200]:
            if scores[i] <= 0 or len(articles) >= index.settings.outlet_articles:
                break
            cid = keyword.chunk_ids[int(i)]
            row = index.chunk(cid)
            if row is not None and row.article_id not in articles and (
                    picked.take(cid, w * float(bm25[i]) / top) or picked.has_article(row.article_id)):
                articles.add(row.article_id)


def _take_facet_passages(picked: _Selection, query: str, bm25: np.ndarray, allowed: np.ndarray | None,
                         w: float) -> None:
    """Round robin over the question's parts: each part's best passage not yet taken, for
    `facet_rounds` rounds, so every part of the question is covered."""
    settings, keyword = picked.index.settings, picked.index.keyword
    whole = bm25 / max(float(bm25.max()), 1e-9)
    pool = None
    if settings.facet_pool:
        articles = picked.index.chunk_articles()
        pool = np.isin(articles, list(set(articles[np.argsort(-bm25)[: settings.facet_pool]])))
    queues = [q for q in (_part_ranking(picked.index, part, whole, pool, allowed) for part in facets(query)) if q]
    for _ in range(settings.facet_rounds):
        for queue in queues:
            while queue and not picked.full:
                i = int(queue.pop(0))
                if picked.take(keyword.chunk_ids[i], w * float(whole[i])):
                    break


def _part_ranking(index: Index, part: str, whole: np.ndarray, pool: np.ndarray | None,
                  allowed: np.ndarray | None) -> list[int]:
    """The best 50 chunk positions for one part of the question, [] if it has too few known words.

    The part's own BM25 (dates it names lift their articles), then the share of its words one sentence
    holds, mixed with the whole question's score. A part that names an outlet searches that outlet;
    any other part searches only the articles the whole question found (`pool`): alone, "faced
    challenges managing two companies" matches any article about any company."""
    settings, keyword = index.settings, index.keyword
    terms = keyword.query_terms(part)
    if len(terms) < settings.facet_min_terms:
        return []
    scores = _boost_named_dates(index, part, keyword.scores(part))
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    named = outlets_named(part, index.sources()) if settings.facet_outlet else []
    if named:
        in_named = np.isin(index.chunk_arrays()[1], [s for g in named for s in g])
        scores, whole = np.where(in_named, scores, 0.0), np.where(in_named, whole, 0.0)
    elif pool is not None:
        scores = np.where(pool, scores, 0.0)
    if not scores.max() > 0:
        return []
    scores = scores / float(scores.max())
    if settings.facet_sentence > 0:
        scores = _with_best_sentence(index, terms, scores, settings.facet_sentence)
    mixed = settings.facet_mix * whole + (1 - settings.facet_mix) * scores
    return list(np.argsort(-mixed)[:50])


def _with_best_sentence(index: Index, terms: list[str], scores: np.ndarray, weight: float, n: int = 30) -> np.ndarray:
    """Mixes into a part's chunk scores how much of the part (by idf) one sentence of the chunk holds:
    a fact sits in one sentence, while the part's words scattered over a chunk say less."""
    keyword = index.keyword
    idf = keyword.idf(list(set(terms)))
    total = sum(idf.values()) or 1.0
    out = scores * (1 - weight)
    for i in np.argsort(-scores)[:n]:
        if scores[i] <= 0:
            break
        cid = keyword.chunk_ids[int(i)]
        row = index.chunk(cid)
        if row is None:
            continue
        best = max(sum(v for t, v in idf.items() if t in sentence) for sentence in keyword.sentence_terms(cid, split_header(row.text)[1]))
        out[i] += weight * best / total
    return out
