"""Refuses a question about a day later than every article found: none of them can report what happened.

"fed rate decision december 13 meeting", asked of articles published up to December 5, is answered by no
sentence however close its words; the honest answer says the articles predate the day. A day counts as
covered when a passage names it ("the Dec. 12-13 meeting" previews it) or an article is published on or
after it. A day the question gives without its year is read in the year of the newest article found.
"""
from __future__ import annotations

import re
from datetime import date

from ..core import Passage
from .spans import asked_days, month_number

_MENTION = re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<first>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*(?P<last>\d{1,2}))?\b")


def _published(passage: Passage) -> date | None:
    try:
        return date.fromisoformat((passage.published_at or "")[:10])
    except ValueError:
        return None


def _named(day: date, passages: list[Passage]) -> bool:
    for p in passages:
        for m in _MENTION.finditer(p.text):
            if month_number(m.group("month")) == day.month and \
                    int(m.group("first")) <= day.day <= int(m.group("last") or m.group("first")):
                return True
    return False


def later_day(question: str, passages: list[Passage]) -> date | None:
    """The first day the question asks about that comes after every passage's article was published and that
    no passage names; None when there is none (or a passage has no date, so nothing can be said)."""
    published = [_published(p) for p in passages]
    if not published or None in published:
        return None
    newest = max(published)
    for month, day_number, year in asked_days(question):
        try:
            day = date(year or newest.year, month, day_number)
        except ValueError:
            continue
        if day > newest and not _named(day, passages):
            return day
    return None
