"""Retrieval metrics with the MultiHop-RAG paper's evidence matching (space-insensitive substring)."""
from __future__ import annotations

import re
from collections import defaultdict


def squash(text: str) -> str:
    return re.sub(r"[ \n]", "", text)


def evidence_ranks(passages: list[str], facts: list[str]) -> list[int | None]:
    """For each fact, the 1-based rank of the first passage containing it (None if absent)."""
    squashed = [squash(p) for p in passages]
    out = []
    for fact in facts:
        f = squash(fact)
        out.append(next((r for r, p in enumerate(squashed, start=1) if f in p), None))
    return out


def score_query(passages: list[str], facts: list[str]) -> dict[str, float]:
    ranks = evidence_ranks(passages, facts)
    found = [r for r in ranks if r is not None]
    first = min(found) if found else None
    return {
        "hits@10": float(first is not None and first <= 10),
        "hits@4": float(first is not None and first <= 4),
        "mrr@10": 1.0 / first if first and first <= 10 else 0.0,
        "all_evidence@10": float(all(r is not None and r <= 10 for r in ranks)) if ranks else 0.0,
    }


def aggregate(rows: list[tuple[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Mean of each metric overall and per question type; rows are (type, scores)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for qtype, scores in rows:
        groups["overall"].append(scores)
        groups[qtype].append(scores)
    return {g: {**{m: round(sum(s[m] for s in items) / len(items), 4) for m in items[0]}, "n": len(items)}
            for g, items in groups.items()}
