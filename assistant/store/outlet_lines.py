"""The short lines of every indexed article, per outlet, for the boilerplate rule (ingest/cleaning.py).

A line in RECURRING_MIN_ARTICLES or more articles of one outlet is that outlet's boilerplate. Counting
it over the whole index, not over one ingest run, makes cleaning independent of how the input was
split into runs (or cut by a crash). The rows are written in the same transaction as their article
(Manifest.add_article), so the counts never disagree with the articles the manifest holds.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Iterable

SCHEMA = """
CREATE TABLE IF NOT EXISTS article_lines (article_id TEXT NOT NULL, source TEXT NOT NULL, line TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS article_lines_line ON article_lines(source, line);
CREATE INDEX IF NOT EXISTS article_lines_article ON article_lines(article_id);
"""
_BATCH = 500  # SQLite's limit on bound parameters, with room to spare

Pair = tuple[str, str]  # (outlet, normalised line); outlet "" when unknown


def outlet_key(source: str | None) -> str:
    return source or ""


class OutletLines:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def write(self, article_id: str, source: str | None, lines: set[str]) -> None:
        """Within the caller's transaction: the article's lines, replacing any it had."""
        self.db.execute("DELETE FROM article_lines WHERE article_id=?", (article_id,))
        self.db.executemany("INSERT INTO article_lines VALUES (?, ?, ?)",
                            [(article_id, outlet_key(source), line) for line in sorted(lines)])

    def forget(self, article_id: str) -> None:
        self.db.execute("DELETE FROM article_lines WHERE article_id=?", (article_id,))

    def _counts(self, pairs: list[Pair]) -> Counter:
        """How many indexed articles hold each of these (outlet, line) pairs."""
        by_source: dict[str, list[str]] = defaultdict(list)
        for source, line in pairs:
            by_source[source].append(line)
        counts: Counter = Counter()
        for source, lines in by_source.items():
            for s in range(0, len(lines), _BATCH):
                part = lines[s : s + _BATCH]
                counts.update({(source, line): n for line, n in self.db.execute(
                    f"SELECT line, COUNT(*) FROM article_lines WHERE source=? AND line IN ({','.join('?' * len(part))})"
                    " GROUP BY line", [source, *part])})
        return counts

    def recurring(self, min_articles: int, adding: Iterable[Counter] = (), dropping: Counter | None = None) -> set[Pair]:
        """The (outlet, line) pairs found in at least `min_articles` articles: those indexed, plus the
        lines of articles about to be added (`adding`: counts per pair, in batches, so that a large run
        is counted without holding all its lines), minus those of articles about to be replaced
        (`dropping`, counts per pair)."""
        dropping = dropping or Counter()
        indexed = Counter({(source, line): n for source, line, n in self.db.execute(
            "SELECT source, line, COUNT(*) FROM article_lines GROUP BY source, line HAVING COUNT(*) >= ?", (min_articles,))})
        found = {pair for pair, n in indexed.items() if n - dropping[pair] >= min_articles}
        for batch in adding:
            counts = self._counts([pair for pair in batch if pair not in indexed])  # only what the run adds to
            found.update(pair for pair, n in batch.items()
                         if indexed.get(pair, counts.get(pair, 0)) + n - dropping[pair] >= min_articles)
        return found

    def lines_in(self, pairs: set[Pair]) -> dict[str, set[str]]:
        """article id -> which of these (outlet, line) pairs its text holds."""
        out: dict[str, set[str]] = defaultdict(set)
        by_source: dict[str, list[str]] = defaultdict(list)
        for source, line in pairs:
            by_source[source].append(line)
        for source, lines in by_source.items():
            for s in range(0, len(lines), _BATCH):
                part = lines[s : s + _BATCH]
                for article_id, line in self.db.execute(
                        f"SELECT article_id, line FROM article_lines WHERE source=? AND line IN ({','.join('?' * len(part))})",
                        [source, *part]):
                    out[article_id].add(line)
        return out

    def pairs_of(self, article_ids: list[str]) -> dict[str, list[Pair]]:
        """article id -> its (outlet, line) pairs."""
        out: dict[str, list[Pair]] = defaultdict(list)
        for s in range(0, len(article_ids), _BATCH):
            part = article_ids[s : s + _BATCH]
            for article_id, source, line in self.db.execute(
                    f"SELECT article_id, source, line FROM article_lines WHERE article_id IN ({','.join('?' * len(part))})", part):
                out[article_id].append((source, line))
        return out
