"""The question-parts stage: each part of a multi-part question (question_split.search_parts) gets
passages of its own, in round-robin rounds, so that every fact the question asks about is covered.

A part is matched three ways, because a generated or paraphrased question rarely repeats the article's
words: its own BM25 over the chunks, the share of its words (by idf) that one sentence of a chunk holds,
and the MiniLM cosine of the part to the chunk's closest sentence ("faced challenges managing two
companies" against "he could no longer run both companies"). The whole question's score is mixed in,
and the search is kept inside the articles the whole question found (and the outlets it names), so that
a part alone ("is accused of fraud") does not match every article about anything. A part made only of
outlet names and words about the coverage ("featured in articles from both The Verge and TechCrunch")
is not searched alone. MultiHop-RAG dev all-evidence@10 0.365 -> 0.500 over these rules (docs/retrieval.md).
"""
from __future__ import annotations

import numpy as np

from ..core import split_header
from ..embedding.chunk_vectors import closest_sentence_similarity
from ..outlets import outlet_mentions, outlets_named
from .context import QueryContext
from .date_lift import lift_named_dates
from .selection import Selection

QUEUE_LENGTH = 50  # chunk positions kept per part, best first
SENTENCE_TERMS_CHECKED = 30  # chunks whose sentences are scanned for the part's words
# words about the coverage, not the event: a part made of them and outlet names is not searched alone
COVERAGE_WORDS = ("article articles report reports reported reporting source sources news according featured feature "
                  "discussed discuss published publication coverage covered outlet outlets mentioned story stories both")


def take_part_passages(picked: Selection) -> None:
    """Round robin over the parts: each part's best passage not yet taken, for `rounds` rounds."""
    ctx = picked.ctx
    if not ctx.bm25.size or not ctx.parts:
        return
    keyword = ctx.snapshot.keyword
    whole = ctx.bm25 / max(float(ctx.bm25.max()), 1e-9)
    pool = _pool(ctx, whole)
    queues = [q for q in (_part_ranking(ctx, part, vector, whole, pool) for part, vector in zip(ctx.parts, ctx.part_vectors)) if q]
    for _ in range(ctx.profile.question_parts.rounds):
        for queue in queues:
            while queue and not picked.full:
                if picked.take(keyword.chunk_ids[int(queue.pop(0))]):
                    break


def _pool(ctx: QueryContext, whole: np.ndarray) -> np.ndarray | None:
    """The chunks a part that names no outlet may come from: those of the articles holding the whole
    question's best `pool` chunks, and of the outlets the question names, if it names any."""
    cfg, snap = ctx.profile.question_parts, ctx.snapshot
    pool = None
    if cfg.pool:
        articles = snap.chunk_articles()
        pool = np.isin(articles, list(set(articles[np.argsort(-whole)[: cfg.pool]])))
    named = [s for group in outlets_named(ctx.query, snap.sources()) for s in group]
    if named and cfg.named_scope:
        in_named = np.isin(snap.chunk_arrays()[1], named)
        pool = in_named if pool is None else pool & in_named
    return pool


def _part_ranking(ctx: QueryContext, part: str, vector: np.ndarray, whole: np.ndarray, pool: np.ndarray | None) -> list[int]:
    """The best chunk positions for one part, [] if it has too few words of its own. A part that names an
    outlet searches that outlet; any other part searches the pool."""
    cfg, snap = ctx.profile.question_parts, ctx.snapshot
    keyword = snap.keyword
    terms = keyword.query_terms(part)
    mentions = outlet_mentions(part, snap.sources())
    if len(_content_terms(keyword, part, terms, mentions)) < cfg.min_terms:
        return []
    scores = keyword.scores(part)
    if ctx.profile.date_lift.enabled:
        scores = lift_named_dates(snap, part, scores, ctx.profile.date_lift.boost)
    if ctx.allowed is not None:
        scores = np.where(ctx.allowed, scores, 0.0)
    named = [members for _, _, members in mentions] if cfg.outlet else []
    scope = pool
    if named:
        scope = np.isin(snap.chunk_arrays()[1], [s for g in named for s in g])
        whole = np.where(scope, whole, 0.0)
    if scope is not None:
        scores = np.where(scope, scores, 0.0)
    if not scores.max() > 0:
        return []
    scores = scores / float(scores.max())
    if cfg.sentence > 0:
        scores = _with_best_sentence(snap, terms, scores, cfg.sentence)
    if cfg.dense > 0:
        scores = _with_closest_sentence(ctx, vector, scores, whole, scope)
    mixed = cfg.mix * whole + (1 - cfg.mix) * scores
    return list(np.argsort(-mixed)[:QUEUE_LENGTH])


def _content_terms(keyword, part: str, terms: list[str], mentions: list) -> list[str]:
    """The part's terms that say what happened: not an outlet's name, not words about the coverage."""
    named = set()
    for start, end, _ in mentions:
        named.update(keyword.terms(part[start:end]))
    coverage = set(keyword.terms(COVERAGE_WORDS))
    return [t for t in terms if t not in named and t not in coverage]


def _with_best_sentence(snap, terms: list[str], scores: np.ndarray, weight: float) -> np.ndarray:
    """Mixes into a part's chunk scores how much of the part (by idf) one sentence of the chunk holds:
    a fact sits in one sentence, while the part's words scattered over a chunk say less."""
    idf = snap.keyword.idf(list(set(terms)))
    out = scores * (1 - weight)
    for i in np.argsort(-scores)[:SENTENCE_TERMS_CHECKED]:
        if scores[i] <= 0:
            break
        out[i] += weight * best_sentence_share(snap, snap.keyword.chunk_ids[int(i)], idf)
    return out


def best_sentence_share(snap, chunk_id: str, idf: dict[str, float]) -> float:
    """The largest share of the terms (weighted by `idf`) that one sentence of the chunk holds, 0..1."""
    row = snap.chunk(chunk_id)
    total = sum(idf.values())
    if row is None or total <= 0:
        return 0.0
    sentences = snap.keyword.sentence_terms(chunk_id, split_header(row.text)[1])
    return max(sum(v for t, v in idf.items() if t in sentence) for sentence in sentences) / total


def _with_closest_sentence(ctx: QueryContext, vector: np.ndarray, scores: np.ndarray, whole: np.ndarray,
                           scope: np.ndarray | None) -> np.ndarray:
    """Mixes into a part's chunk scores (share `dense`) the cosine of the part to each chunk's closest
    sentence, scaled to a best of 1, over the `dense_candidates` chunks the words rank best."""
    cfg, snap = ctx.profile.question_parts, ctx.snapshot
    ranked = cfg.mix * whole + (1 - cfg.mix) * scores
    if scope is not None:
        ranked = np.where(scope, ranked, 0.0)
    candidates = [int(i) for i in np.argsort(-ranked)[: cfg.dense_candidates] if ranked[i] > 0]
    ids = [snap.keyword.chunk_ids[i] for i in candidates]
    similarity = closest_sentence_similarity(vector, snap.sentence_vectors(ids))
    closest = np.zeros(len(scores), dtype=np.float32)
    closest[candidates] = [similarity[cid] for cid in ids]
    if not closest.max() > 0:
        return scores
    return (1 - cfg.dense) * scores + cfg.dense * closest / float(closest.max())
