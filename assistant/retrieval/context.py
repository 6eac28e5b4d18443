"""What every stage reads about one question, computed once: its words' BM25 over the snapshot (date
lift applied, filters as an exact mask), the dense hits, the fused candidate scores (the candidates
stage), the question's parts and the MiniLM vectors of the question and each part."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..embedding.chunk_vectors import closest_sentence_similarity
from ..filters import Filters
from ..outlets import outlets_named
from ..question_split import search_parts
from ..store import IndexSnapshot
from .date_lift import lift_named_dates
from .profile import RetrievalProfile


def _normalise(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    span = hi - lo
    return {k: ((v - lo) / span if span > 0 else 1.0) for k, v in scores.items()}


@dataclass
class QueryContext:
    snapshot: IndexSnapshot
    profile: RetrievalProfile
    query: str
    top_k: int
    filters: Filters
    embedder: object
    bm25: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # per keyword-index position
    allowed: np.ndarray | None = None  # the filters as a mask over positions (None: no filter)
    vector: np.ndarray | None = None
    parts: list[str] = field(default_factory=list)
    part_vectors: list[np.ndarray] = field(default_factory=list)
    fused: dict[str, float] = field(default_factory=dict)  # candidate chunk id -> fused score
    ranked: list[str] = field(default_factory=list)  # candidates, best first
    weight: float = 1.0  # BM25's share of the fused score
    _bm25_range: tuple[float, float] = (0.0, 1.0)

    @classmethod
    def build(cls, snapshot: IndexSnapshot, profile: RetrievalProfile, query: str, top_k: int, filters: Filters,
              embedder) -> "QueryContext":
        if embedder is None:
            raise ValueError("retrieval needs the embedder: the dense side, the parts and the final order use it")
        ctx = cls(snapshot, profile, query, top_k, filters, embedder)
        ctx.vector = np.asarray(embedder.get_query_embedding(query), np.float32)
        ctx.parts = search_parts(query)
        ctx.part_vectors = list(np.asarray(embedder.encode(ctx.parts), np.float32)) if ctx.parts else []
        ctx._candidates()
        return ctx

    def _candidates(self) -> None:
        """The candidates stage: BM25 (with the date lift) and MiniLM fused, plus the closest-sentence lift."""
        cfg = self.profile.candidates
        snap, keyword = self.snapshot, self.snapshot.keyword
        n = max(cfg.per_retriever, self.top_k * 3)
        bm25 = keyword.scores(self.query)
        keyword_hits: dict[str, float] = {}
        if bm25.size:
            if self.filters:
                self.allowed = self.filters.mask(*snap.chunk_arrays())
                bm25 = np.where(self.allowed, bm25, 0.0)
            if self.profile.date_lift.enabled:
                bm25 = lift_named_dates(snap, self.query, bm25, self.profile.date_lift.boost)
            top = np.argsort(-bm25)[:n]
            keyword_hits = {keyword.chunk_ids[i]: float(bm25[i]) for i in top if bm25[i] > 0}
        self.bm25 = bm25
        dense_hits = {cid: s for cid, s in snap.vectors.query(self.vector, n, self.filters.chroma_where())
                      if snap.chunk(cid) is not None}  # vectors newer than this snapshot are not in it
        kw, dn = _normalise(keyword_hits), _normalise(dense_hits)
        self.weight = cfg.keyword_weight if kw and dn else (1.0 if kw else 0.0)
        if keyword_hits:
            self._bm25_range = (min(keyword_hits.values()), max(keyword_hits.values()))
        self.fused = {cid: self.weight * kw.get(cid, 0.0) + (1 - self.weight) * dn.get(cid, 0.0) for cid in set(kw) | set(dn)}
        if cfg.closest_sentence > 0 and self.fused:
            closest = closest_sentence_similarity(self.vector, snap.sentence_vectors(list(self.fused)))
            best = max(closest.values()) or 1.0
            for cid, value in closest.items():
                self.fused[cid] += cfg.closest_sentence * value / best
        self.ranked = sorted(self.fused, key=lambda c: (-self.fused[c], c))

    def score_of(self, chunk_id: str) -> float:
        """The chunk's fused score; for a chunk outside the candidates, its BM25 on the candidates' scale."""
        if chunk_id in self.fused:
            return self.fused[chunk_id]
        position = self.snapshot.keyword.position.get(chunk_id)
        lo, hi = self._bm25_range
        if position is None or hi <= lo:
            return 0.0
        return self.weight * max(0.0, (float(self.bm25[position]) - lo) / (hi - lo))

    def named_outlets(self) -> list[np.ndarray]:
        """For each outlet the question names, the whole question's BM25 kept on that outlet's chunks only."""
        if not self.bm25.size:
            return []
        sources = self.snapshot.chunk_arrays()[1]
        out = []
        for group in outlets_named(self.query, self.snapshot.sources()):
            in_group = np.isin(sources, group) if self.allowed is None else np.isin(sources, group) & self.allowed
            out.append(np.where(in_group, self.bm25, 0.0))
        return out
