"""The dates a chat question is asked within: the UI's filters, an as-of date and the relative dates the
question uses ("yesterday", "last week"), turned into one set of search Filters and a line saying how.

The as-of date is "today" for the question: articles published after it are left out, and "last
week" means the week before it. Without one, relative dates are read against the real today and no
article is left out for its date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ingest.metadata import parse_date

from .filters import Filters

_UNITS = {"day": 1, "week": 7}
_SPANS = {"day": 1, "week": 7, "month": 30, "year": 365}  # "the past month": the 30 days before
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "few": 3}
_COUNT = r"\d{1,3}|" + "|".join(_NUMBERS)
RELATIVE = re.compile(
    r"\b(?:yesterday|today|tonight|this (?:morning|week|month|year)|last (?:week|month|year)"
    rf"|(?:in )?the (?:past|last) (?P<n>{_COUNT}) (?P<unit>days?|weeks?)"
    r"|(?:in )?the (?:past|last) (?P<span>day|week|month|year)"
    rf"|(?P<ago>{_COUNT}) days? ago)\b", re.I)


@dataclass
class DateScope:
    """What the question is searched within; `notes` say it in words for the answer."""

    filters: Filters
    today: date
    notes: list[str] = field(default_factory=list)


def day(value: str | None) -> date | None:
    """A date typed in the UI ("2026-05-20"); None when empty. Raises ValueError naming what cannot be read."""
    if not value or not str(value).strip():
        return None
    parsed = parse_date(str(value).strip())
    if parsed is None:
        raise ValueError(f"cannot read the date {value!r}; use YYYY-MM-DD")
    return parsed.date()


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _month_start(d: date) -> date:
    return d.replace(day=1)


def relative_window(question: str, today: date) -> tuple[str, date, date] | None:
    """(the words, first day, last day) of the first relative date in the question, read against `today`."""
    m = RELATIVE.search(question)
    if not m:
        return None
    words = m.group(0)
    w = words.lower()
    if w == "yesterday":
        start = end = today - timedelta(days=1)
    elif w in ("today", "tonight", "this morning"):
        start = end = today
    elif w == "this week":
        start, end = today - timedelta(days=today.weekday()), today
    elif w == "last week":  # the calendar week (Monday to Sunday) before the one `today` is in
        end = today - timedelta(days=today.weekday() + 1)
        start = end - timedelta(days=6)
    elif w == "this month":
        start, end = _month_start(today), today
    elif w == "last month":
        end = _month_start(today) - timedelta(days=1)
        start = _month_start(end)
    elif w == "this year":
        start, end = today.replace(month=1, day=1), today
    elif w == "last year":
        start, end = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    elif m.group("ago"):  # "3 days ago"
        start = end = today - timedelta(days=_count(m.group("ago")))
    elif m.group("n"):  # "the past 3 days"
        start, end = today - timedelta(days=_count(m.group("n")) * _UNITS[m.group("unit").lower().rstrip("s")]), today
    else:  # "the past week / month / year"
        start, end = today - timedelta(days=_SPANS[m.group("span").lower()]), today
    return words, start, end


def scope(question: str, outlets: list[str] | None, since: str | None, until: str | None,
          as_of: str | None) -> DateScope:
    """Filters for one question: outlets, the published range typed in the UI, narrowed to end at the
    as-of date and to the window of a relative date in the question. Raises ValueError for a bad date."""
    first, last, cutoff = day(since), day(until), day(as_of)
    today = cutoff or date.today()
    notes = []
    if outlets:
        notes.append("outlets: " + ", ".join(outlets))
    if cutoff:
        last = min(last, cutoff) if last else cutoff
        notes.append(f"as of {cutoff.isoformat()} (later articles left out)")
    window = relative_window(question, today)
    if window:
        words, start, end = window
        first, last = max(first, start) if first else start, min(last, end) if last else end
        span = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
        notes.append(f'"{words}" read as {span}')
    if since or until:
        notes.append(f"published {first.isoformat() if first else '…'} to {last.isoformat() if last else '…'}")
    filters = Filters.parse(outlets, first.isoformat() if first else None, last.isoformat() if last else None)
    return DateScope(filters, today, notes)
