"""Searches each part of a multi-part question on its own (the parts come from subqueries.facets).

A part is matched three ways, because a generated or paraphrased question rarely repeats the
article's words: its own BM25 over the chunks, the share of its words (by idf) that one sentence of a
chunk holds, and the MiniLM cosine of the part to the chunk's closest sentence ("faced challenges
managing two companies" against "he could no longer run both companies"). The whole question's score
is mixed in, and the search is kept inside the articles the whole question found, so that a part
alone ("is accused of fraud") does not match every article about anything.
"""
from __future__ import annotations

import numpy as np

from ingest.chunking import split_header

from .dates_named import boost_named_dates
from .embedding.chunk_vectors import closest_sentence_similarity
from .outlets import outlet_mentions, outlets_named
from .store import Index

QUEUE_LENGTH = 50  # chunk positions kept per part, best first
SENTENCE_TERMS_CHECKED = 30  # chunks whose sentences are scanned for the part's words
# words about the coverage, not the event: a part made of them and outlet names is not searched alone
COVERAGE_WORDS = ("article articles report reports reported reporting source sources news according featured feature "
                  "discussed discuss published publication coverage covered outlet outlets mentioned story stories both")


def embed_parts(parts: list[str], embedder, settings) -> list[np.ndarray | None]:
    """MiniLM vectors of the question's parts (None each without an embedder); the parts' search and the
    final order both use them."""
    if embedder is None or not parts:
        return [None] * len(parts)
    return list(np.asarray(embedder.encode(parts), dtype=np.float32))


def part_rankings(index: Index, query: str, parts: list[str], vectors: list[np.ndarray | None], whole: np.ndarray,
                  allowed: np.ndarray | None) -> list[list[int]]:
    """For each searchable part of the question (`parts` from subqueries.facets, `vectors` from
    embed_parts), its best chunk positions. `whole` is the whole question's BM25, scaled to a maximum of 1."""
    if not parts:
        return []
    pool = _pool(index, query, whole)
    queues = (_part_ranking(index, part, vector, whole, pool, allowed) for part, vector in zip(parts, vectors))
    return [q for q in queues if q]


def _pool(index: Index, query: str, whole: np.ndarray) -> np.ndarray | None:
    """The chunks a part that names no outlet may come from: those of the articles holding the whole
    question's best `facet_pool` chunks, and of the outlets the question names, if it names any."""
    settings = index.settings
    pool = None
    if settings.facet_pool:
        articles = index.chunk_articles()
        pool = np.isin(articles, list(set(articles[np.argsort(-whole)[: settings.facet_pool]])))
    named = [s for group in outlets_named(query, index.sources()) for s in group]
    if named and settings.facet_named_scope:
        in_named = np.isin(index.chunk_arrays()[1], named)
        pool = in_named if pool is None else pool & in_named
    return pool


def _part_ranking(index: Index, part: str, vector: np.ndarray | None, whole: np.ndarray, pool: np.ndarray | None,
                  allowed: np.ndarray | None) -> list[int]:
    """The best chunk positions for one part, [] if it has too few known words. A part that names an
    outlet searches that outlet; any other part searches the pool."""
    settings, keyword = index.settings, index.keyword
    terms = keyword.query_terms(part)
    mentions = outlet_mentions(part, index.sources())
    if len(_content_terms(index, part, terms, mentions)) < settings.facet_min_terms:
        return []
    scores = boost_named_dates(index, part, keyword.scores(part))
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    named = [members for _, _, members in mentions] if settings.facet_outlet else []
    scope = pool
    if named:
        scope = np.isin(index.chunk_arrays()[1], [s for g in named for s in g])
        whole = np.where(scope, whole, 0.0)
    if scope is not None:
        scores = np.where(scope, scores, 0.0)
    if not scores.max() > 0:
        return []
    scores = scores / float(scores.max())
    if settings.facet_sentence > 0:
        scores = _with_best_sentence(index, terms, scores, settings.facet_sentence)
    if vector is not None and settings.facet_dense > 0:
        scores = _with_closest_sentence(index, vector, scores, whole, scope)
    mixed = settings.facet_mix * whole + (1 - settings.facet_mix) * scores
    return list(np.argsort(-mixed)[:QUEUE_LENGTH])


def _content_terms(index: Index, part: str, terms: list[str], mentions: list) -> list[str]:
    """The part's terms that say what happened: not an outlet's name (`mentions`, from outlet_mentions), not
    words about the coverage itself ("featured in articles from The Verge", "according to sources from Fortune")."""
    named = set()
    for start, end, _ in mentions:
        named.update(index.keyword.terms(part[start:end]))
    coverage = set(index.keyword.terms(COVERAGE_WORDS))
    return [t for t in terms if t not in named and t not in coverage]


def _with_best_sentence(index: Index, terms: list[str], scores: np.ndarray, weight: float) -> np.ndarray:
    """Mixes into a part's chunk scores how much of the part (by idf) one sentence of the chunk holds:
    a fact sits in one sentence, while the part's words scattered over a chunk say less."""
    keyword = index.keyword
    idf = keyword.idf(list(set(terms)))
    out = scores * (1 - weight)
    for i in np.argsort(-scores)[:SENTENCE_TERMS_CHECKED]:
        if scores[i] <= 0:
            break
        out[i] += weight * best_sentence_share(index, keyword.chunk_ids[int(i)], idf)
    return out


def best_sentence_share(index: Index, chunk_id: str, idf: dict[str, float]) -> float:
    """The largest share of the terms (weighted by `idf`) that one sentence of the chunk holds, 0..1."""
    row = index.chunk(chunk_id)
    total = sum(idf.values())
    if row is None or total <= 0:
        return 0.0
    sentences = index.keyword.sentence_terms(chunk_id, split_header(row.text)[1])
    return max(sum(v for t, v in idf.items() if t in sentence) for sentence in sentences) / total


def _with_closest_sentence(index: Index, vector: np.ndarray, scores: np.ndarray, whole: np.ndarray,
                           scope: np.ndarray | None) -> np.ndarray:
    """Mixes into a part's chunk scores (share `facet_dense`) the cosine of the part to each chunk's
    closest sentence, scaled to a best of 1, over the `facet_dense_candidates` chunks the words rank best."""
    settings, keyword = index.settings, index.keyword
    ranked = settings.facet_mix * whole + (1 - settings.facet_mix) * scores
    if scope is not None:
        ranked = np.where(scope, ranked, 0.0)
    candidates = [int(i) for i in np.argsort(-ranked)[: settings.facet_dense_candidates] if ranked[i] > 0]
    ids = [keyword.chunk_ids[i] for i in candidates]
    similarity = closest_sentence_similarity(vector, index.sentence_vectors(ids))
    closest = np.zeros(len(scores), dtype=np.float32)
    closest[candidates] = [similarity[cid] for cid in ids]
    if not closest.max() > 0:
        return scores
    return (1 - settings.facet_dense) * scores + settings.facet_dense * closest / float(closest.max())
