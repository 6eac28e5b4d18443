"""The result's final order: passages that state what the question (or one of its parts) asks move up.

The passages are chosen in a fixed order (the whole question's best, the named outlets' best, one per
question part, then the rest by score), which covers the question but does not rank by how well each
passage answers it. Each passage's evidence score is its best match over the whole question and each
part: MiniLM cosine to the chunk's closest sentence, plus `order_words` times the share of that text's
words (by idf) one sentence of the chunk holds. The final order sorts by that score minus `order_step`
per place in the chosen order, so a clearly better match moves up a few places and near-ties keep the
chosen order (MultiHop-RAG dev: Hits@4 and MRR@10, README "Measured").
"""
from __future__ import annotations

import numpy as np

from .embedding.chunk_vectors import closest_sentence_similarity
from .part_search import best_sentence_share
from .store import Index


def evidence_order(index: Index, passages: list, texts: list[str], vectors: list[np.ndarray | None]) -> list:
    """`passages` re-ordered; `texts` are the whole question and its parts, `vectors` their MiniLM vectors
    (the order is kept when any is missing)."""
    settings = index.settings
    if settings.order_step <= 0 or len(passages) < 2 or any(v is None for v in vectors) or not vectors:
        return passages
    ids = [p.chunk_id for p in passages]
    stored = index.sentence_vectors(ids)
    keyword = index.keyword
    evidence = np.zeros((len(passages), len(texts)), dtype=np.float32)
    for j, (text, vector) in enumerate(zip(texts, vectors)):
        closest = closest_sentence_similarity(vector, stored)
        idf = keyword.idf(list(set(keyword.query_terms(text))))
        for i, cid in enumerate(ids):
            evidence[i, j] = closest[cid] + settings.order_words * best_sentence_share(index, cid, idf)
    score = evidence.max(axis=1) - settings.order_step * np.arange(len(passages))
    return [passages[i] for i in np.argsort(-score, kind="stable")]
