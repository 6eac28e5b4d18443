"""Two stages for questions that name outlets ("as reported by The Verge and TechCrunch"):

- outlet slots: each named outlet gets its best passage early (MultiHop-RAG dev all-articles@10
  0.557 -> 0.598);
- outlet extra: each named outlet gets one more article, among its `pool` best chunks by the question's
  words the one whose closest sentence is nearest the question (questions often want two articles of
  one outlet, and the words' best article is often not the one that holds the fact; 0.679 -> 0.702).
Outlets are found among the index's own sources (outlets.py), never a hard-coded list.
"""
from __future__ import annotations

import numpy as np

from ..embedding.chunk_vectors import closest_sentence_similarity
from .selection import Selection

SCAN = 200  # an outlet's best chunks scanned for its slots


def take_outlet_slots(picked: Selection, outlet_scores: list[np.ndarray]) -> None:
    cfg = picked.ctx.profile.outlet_slots
    snap = picked.snapshot
    for scores in outlet_scores:
        articles: set[str] = set()
        for i in np.argsort(-scores)[:SCAN]:
            if scores[i] <= 0 or len(articles) >= cfg.articles:
                break
            cid = snap.keyword.chunk_ids[int(i)]
            row = snap.chunk(cid)
            if row is not None and row.article_id not in articles and (picked.take(cid) or picked.has_article(row.article_id)):
                articles.add(row.article_id)


def take_outlet_extra(picked: Selection, outlet_scores: list[np.ndarray]) -> None:
    cfg = picked.ctx.profile.outlet_extra
    snap = picked.snapshot
    for scores in outlet_scores:
        top = [int(i) for i in np.argsort(-scores)[:cfg.pool] if scores[i] > 0]
        closest = closest_sentence_similarity(picked.ctx.vector, snap.sentence_vectors([snap.keyword.chunk_ids[i] for i in top]))
        for cid in sorted(closest, key=lambda c: -closest[c])[:cfg.tries]:
            row = snap.chunk(cid)
            if row is not None and not picked.has_article(row.article_id) and picked.take(cid):
                break
