"""Refuses a question about a day later than every article found: none of them can report what happened.

"fed rate decision december 13 meeting", asked of articles published up to December 5, is answered by no
sentence however close its words; the honest answer says the articles predate the day. A day counts as
covered when a passage names it ("the Dec. 12-13 meeting" previews it, "13 April" too; for a day asked
without its year, in any year: "the february 2 uprising" of 2021) or an article is
published on or after it, give or take LIVE_UPDATE_DAYS (live pages keep the date they were first
published). A day given without its year is read in each year that puts it within the articles' time
(from the oldest found to three months after the newest) and refused only when every such
reading is later ("december 31" asked of articles from December to January 3 is the December just past;
"1 March" asked of articles from March to December is that March). Questions about what will
happen ("the december 31 filing deadline", "what will it cost after april 1") are not refused: articles
before the day tell of it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..core import Passage
from .spans import asked_days, month_number

LIVE_UPDATE_DAYS = 3
AFTER_NEWEST = timedelta(days=92)  # a day without its year may be read up to this long after the newest article
_MENTION = re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<first>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*(?P<last>\d{1,2}))?"
                      r"(?:,?\s+(?P<year>\d{4}))?\b"
                      r"|\b(?P<first2>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*(?P<last2>\d{1,2}))?\s+(?:of\s+)?"
                      r"(?P<month2>[A-Za-z]{3,9})\b\.?(?:,?\s+(?P<year2>\d{4}))?")
_AHEAD = re.compile(r"\b(?:will|would|could|can|should|shall|going\s+to|if|deadline|due|scheduled|expected|plan(?:s|ned)?"
                    r"|upcoming|next|ahead|until|by)\b", re.I)


def _published(passage: Passage) -> date | None:
    try:
        return date.fromisoformat((passage.published_at or "")[:10])
    except ValueError:
        return None


def _nearest(month: int, day: int, year: int | None, near: date) -> date | None:
    """The day in `year`, or, without one, in the year that puts it nearest `near`; None if no such day."""
    options = []
    for y in ([year] if year else [near.year - 1, near.year, near.year + 1]):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs(d - near)) if options else None


def _named(day: date, passages: list[Passage], any_year: bool = False) -> bool:
    """Whether a passage names the day; with `any_year` (the question gave none), in whatever year: "the february
    2 uprising" is the one a passage dates "Feb. 2, 2021"."""
    for p in passages:
        stamp = _published(p) or day
        for m in _MENTION.finditer(p.text):
            month = month_number(m.group("month") or m.group("month2"))
            first, last = m.group("first") or m.group("first2"), m.group("last") or m.group("last2")
            year = m.group("year") or m.group("year2")
            if month != day.month or not int(first) <= day.day <= int(last or first):
                continue
            if any_year or _nearest(month, day.day, int(year) if year else None, stamp) == day:
                return True
    return False


def later_day(question: str, passages: list[Passage]) -> date | None:
    """The first day the question asks about that comes after every passage's article was published and that
    no passage names; None when there is none (or a passage has no date, so nothing can be said)."""
    published = [_published(p) for p in passages]
    if not published or None in published or _AHEAD.search(question):
        return None
    oldest, newest = min(published), max(published)
    for month, day_number, year in asked_days(question):
        readings = []
        for y in [year] if year else [newest.year - 1, newest.year, newest.year + 1]:
            try:
                day = date(y, month, day_number)
            except ValueError:
                continue
            if year or oldest <= day <= newest + AFTER_NEWEST:
                readings.append(day)
        if readings and all(day > newest + timedelta(days=LIVE_UPDATE_DAYS) and not _named(day, passages, not year)
                            for day in readings):
            return readings[0]
    return None
