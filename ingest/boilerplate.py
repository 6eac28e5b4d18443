"""Outlet boilerplate counted over the whole index, so that cleaning does not depend on runs.

A line found in RECURRING_MIN_ARTICLES or more articles of one outlet is dropped from all of them
(ingest/cleaning.py). Counted within one ingest run, the answer depended on how the input was split
into runs, or where a crash cut one (39 of 609 MultiHop-RAG articles came out different). Here the
count is over the articles the index holds plus those the run adds, minus those it replaces; and
after each run, every indexed article whose set of boilerplate lines has changed since it was
cleaned (a line that became boilerplate, or stopped being it when an article was replaced) is cleaned
again from its text as read, which the manifest keeps. The result is the one a single clean ingest of
the same articles gives. Articles indexed before the text as read was kept count for nothing and are
never cleaned again.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from assistant.store import Index

from .article import Article
from .cleaning import RECURRING_MIN_ARTICLES, boilerplate_mark
from .metadata import parse_date


def recurring_by_outlet(index: Index, adding: Iterable[Counter], dropping: list[str]) -> dict[str, set[str]]:
    """Outlet -> its boilerplate lines, counting the index, plus `adding` (batches of counts of the
    (outlet, line) pairs of the articles the run adds), minus the articles `dropping` (ids the run replaces)."""
    drop = Counter(pair for pairs in index.manifest.lines.pairs_of(dropping).values() for pair in pairs)
    out: dict[str, set[str]] = defaultdict(set)
    for source, line in index.manifest.lines.recurring(RECURRING_MIN_ARTICLES, adding, drop):
        out[source].add(line)
    return out


def stale_articles(index: Index) -> dict[str, set[str]]:
    """Indexed articles whose boilerplate changed since they were cleaned: id -> the boilerplate lines
    they hold now."""
    holding = index.manifest.lines.lines_in(index.manifest.lines.recurring(RECURRING_MIN_ARTICLES))
    return {aid: holding.get(aid, set()) for aid, mark in index.manifest.boilerplate_marks().items()
            if boilerplate_mark(holding.get(aid, set())) != mark}


def article_as_read(index: Index, article_id: str) -> Article:
    """The article rebuilt from the manifest with its text as read, before cleaning."""
    row = index.manifest.article_as_read(article_id)
    return Article(title=row["title"], body=row["raw"], source_file=row["source_file"], key=row["doc_key"],
                   source=row["source"], author=row["author"], url=row["url"],
                   published=parse_date(row["published_at"]), category=row["category"], extra=row["extra"])
