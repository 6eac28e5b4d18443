"""Calendar dates a question names ("published on November 1, 2023", "before 2023-10-22").

News questions often pin an article by its date; retrieval gives articles published around a named
date a boost (not a filter: "before October 22" still wants nearby articles, and dates are often off
by a day between time zones).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

import numpy as np

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PATTERNS = (
    (re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("month", "day", "year")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS}),?\s+(\d{{4}})\b", re.I), ("day", "month", "year")),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("year", "month", "day")),
)


def dates_named(question: str) -> list[datetime]:
    """Each full date in the question (UTC midnight), in order of mention, without repeats."""
    found: list[tuple[int, datetime]] = []
    for pattern, fields in _PATTERNS:
        for m in pattern.finditer(question):
            parts = dict(zip(fields, m.groups()))
            month = parts["month"]
            month = int(month) if month.isdigit() else datetime.strptime(month[:3].title(), "%b").month
            try:
                found.append((m.start(), datetime(int(parts["year"]), month, int(parts["day"]), tzinfo=timezone.utc)))
            except ValueError:
                continue
    return list(dict.fromkeys(d for _, d in sorted(found)))


def boost_named_dates(index, query: str, scores: np.ndarray) -> np.ndarray:
    """Chunk scores with articles published within a day of a date the question names lifted by
    `date_boost` (positions as in the index's keyword arrays)."""
    boost = index.settings.date_boost
    named = dates_named(query) if boost > 0 else []
    if not named:
        return scores
    published = index.chunk_arrays()[0]
    near = np.zeros(len(scores), dtype=bool)
    for day in named:
        start = int(day.timestamp())
        near |= (published >= start - 86400) & (published < start + 2 * 86400)
    return np.where(near, scores * (1 + boost), scores)
