"""The run's planned articles on disk between reading and writing, so that ingest memory does not grow
with the corpus.

Cleaning an article needs its outlet's boilerplate, counted over the whole index and every article the
run adds (ingest/boilerplate.py), so no article can be cleaned before the last one is read. Instead of
holding the run in memory, reading puts each planned article (as read, compressed) and its short lines
into `staging.sqlite` in the index folder; the boilerplate is counted from there in SQL, and writing
takes the articles back a batch at a time, in reading order. Planning looks up the run's earlier
articles here by id and by key (ingest/planning.py).

The file is the run's scratch space, never part of the index: it is made afresh when a run starts
(a killed run's file is thrown away; what that run committed is in the manifest and Chroma, and the
next run goes on from there) and deleted when the run ends.
"""
from __future__ import annotations

import json
import pickle
import sqlite3
import zlib
from collections import Counter
from pathlib import Path
from typing import Iterator

from assistant.store.outlet_lines import outlet_key

from .planning import Planned

NAME = "staging.sqlite"
SCHEMA = """
CREATE TABLE staged (seq INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE, doc_key TEXT NOT NULL,
                     replaces TEXT NOT NULL, article BLOB NOT NULL);
CREATE INDEX staged_key ON staged(doc_key);
CREATE TABLE staged_lines (article_id TEXT NOT NULL, source TEXT NOT NULL, line TEXT NOT NULL);
CREATE INDEX staged_lines_article ON staged_lines(article_id);
"""


def _pack(p: Planned) -> bytes:
    return zlib.compress(pickle.dumps(p.article, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(row) -> Planned:
    aid, replaces, blob = row
    return Planned(pickle.loads(zlib.decompress(blob)), aid, json.loads(replaces))


class Staging:
    """`with Staging(index_dir) as run:` a fresh staging file, removed on exit."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / NAME

    def __enter__(self) -> "Staging":
        self._remove()
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")  # scratch: a crash throws it away anyway
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(SCHEMA)
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()
        self._remove()

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            self.path.with_name(NAME + suffix).unlink(missing_ok=True)

    # --- planning's view of the run so far ---
    def get(self, article_id: str) -> Planned | None:
        row = self.db.execute("SELECT article_id, replaces, article FROM staged WHERE article_id=?", (article_id,)).fetchone()
        return _unpack(row) if row else None

    def with_key(self, doc_key: str) -> list[Planned]:
        return [_unpack(r) for r in self.db.execute(
            "SELECT article_id, replaces, article FROM staged WHERE doc_key=? ORDER BY seq", (doc_key,))]

    def put(self, p: Planned, lines: set[str]) -> None:
        """Adds a planned article (with its short lines), or updates one already staged in its place."""
        with self.db:
            cur = self.db.execute("UPDATE staged SET doc_key=?, replaces=?, article=? WHERE article_id=?",
                                  (p.article.key, json.dumps(p.replaces), _pack(p), p.article_id))
            if cur.rowcount == 0:
                self.db.execute("INSERT INTO staged (article_id, doc_key, replaces, article) VALUES (?, ?, ?, ?)",
                                (p.article_id, p.article.key, json.dumps(p.replaces), _pack(p)))
            self.db.execute("DELETE FROM staged_lines WHERE article_id=?", (p.article_id,))
            self.db.executemany("INSERT INTO staged_lines VALUES (?, ?, ?)",
                                [(p.article_id, outlet_key(p.article.source), line) for line in sorted(lines)])

    def remove(self, article_id: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM staged WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM staged_lines WHERE article_id=?", (article_id,))

    # --- after reading ---
    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM staged").fetchone()[0]

    def line_counts(self, batch: int = 5000) -> Iterator[Counter]:
        """(outlet, line) -> in how many staged articles, a batch of pairs at a time."""
        cur = self.db.execute("SELECT source, line, COUNT(*) FROM staged_lines GROUP BY source, line")
        while rows := cur.fetchmany(batch):
            yield Counter({(source, line): n for source, line, n in rows})

    def replaced(self) -> list[str]:
        """The indexed articles the run replaces."""
        return sorted({old for (r,) in self.db.execute("SELECT replaces FROM staged") for old in json.loads(r)})

    def planned(self, batch: int = 16) -> Iterator[Planned]:
        """The staged articles in reading order, with their short lines, fetched `batch` at a time."""
        last = 0
        while rows := self.db.execute("SELECT seq, article_id, replaces, article FROM staged WHERE seq > ? ORDER BY seq LIMIT ?",
                                      (last, batch)).fetchall():
            last = rows[-1][0]
            for _, aid, replaces, blob in rows:
                p = _unpack((aid, replaces, blob))
                p.lines = {line for (line,) in self.db.execute("SELECT line FROM staged_lines WHERE article_id=?", (aid,))}
                yield p

