"""The article manifest (SQLite): which articles and chunks the index holds, and index facts.

It is the source of truth for de-duplication and updates, and feeds the keyword index.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .outlet_lines import SCHEMA as LINES_SCHEMA
from .outlet_lines import OutletLines

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    doc_key TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT, author TEXT, url TEXT, category TEXT,
    published_at TEXT, published_ts INTEGER,
    source_file TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,  -- 0: cleaning left no text; kept so that its lines still count
    extra TEXT NOT NULL DEFAULT '{}',
    raw BLOB,  -- the text as read, before cleaning (zlib), to clean it again when boilerplate changes
    boilerplate TEXT  -- which outlet boilerplate lines its cleaning removed (a hash; NULL: indexed before this was kept)
);
CREATE INDEX IF NOT EXISTS articles_doc_key ON articles(doc_key);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence_vectors BLOB
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
"""

ARTICLE_FIELDS = ("article_id", "doc_key", "title", "source", "author", "url", "category",
                  "published_at", "published_ts", "source_file", "n_chunks", "extra")
_WRITTEN = ARTICLE_FIELDS + ("raw", "boilerplate")
LISTED = ("article_id", "title", "source", "published_at", "author", "url", "n_chunks", "source_file")


@dataclass
class ChunkRow:
    chunk_id: str
    article_id: str
    position: int
    text: str
    title: str
    source: str | None
    author: str | None
    url: str | None
    published_at: str | None
    published_ts: int | None
    category: str | None


class _Rows(list):
    """Rows fetched while the connection was held (a cursor read later could race another thread)."""

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


class LockedConnection:
    """One SQLite connection shared by the server's threads, used by one of them at a time: each statement
    (and each `with db:` transaction, as a whole) holds a re-entrant lock, and rows are fetched under it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.RLock()

    def execute(self, sql: str, params=()) -> _Rows:
        with self._lock:
            return _Rows(self._db.execute(sql, params).fetchall())

    def executemany(self, sql: str, rows) -> None:
        with self._lock:
            self._db.executemany(sql, rows)

    def executescript(self, script: str) -> None:
        with self._lock:
            self._db.executescript(script)

    def create_function(self, name: str, arity: int, func, deterministic: bool = False) -> None:
        with self._lock:
            self._db.create_function(name, arity, func, deterministic=deterministic)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self):
        self._lock.acquire()
        try:
            self._db.__enter__()
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc):
        try:
            return self._db.__exit__(*exc)
        finally:
            self._lock.release()


class Manifest:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = LockedConnection(sqlite3.connect(path, timeout=30, check_same_thread=False))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(chunks)")}
        if "sentence_vectors" not in columns:  # an index made before sentence vectors were stored
            with self.db:
                self.db.execute("ALTER TABLE chunks ADD COLUMN sentence_vectors BLOB")
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        for column, kind in (("raw", "BLOB"), ("boilerplate", "TEXT")):  # an index made before they were kept
            if column not in columns:
                with self.db:
                    self.db.execute(f"ALTER TABLE articles ADD COLUMN {column} {kind}")
        self.db.executescript(LINES_SCHEMA)
        self.db.create_function("casefold", 1, lambda v: v.casefold() if isinstance(v, str) else v, deterministic=True)
        self.lines = OutletLines(self.db)

    def close(self) -> None:
        self.db.close()

    # --- index facts ---
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- articles ---
    def key_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT doc_key FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def ids_for_key(self, doc_key: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article_id FROM articles WHERE doc_key=?", (doc_key,))]

    def chunk_ids(self, article_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE article_id=?", (article_id,))]

    def add_article(self, row: dict, chunks: list[tuple[str, int, str, bytes | None]], replaces: list[str] = (),
                    lines: set[str] = frozenset()) -> None:
        """Records an article, its chunks (id, position, text, sentence vectors) and its short lines, and
        forgets the versions it replaces, in one transaction (called after Chroma holds the new chunks).
        `row["raw"]` is its text before cleaning."""
        row = {**row, "extra": json.dumps(row.get("extra") or {}, ensure_ascii=False),
               "raw": zlib.compress(row["raw"].encode()) if row.get("raw") is not None else None}
        with self.db:
            for old in replaces:
                self.db.execute("DELETE FROM chunks WHERE article_id=?", (old,))
                self.db.execute("DELETE FROM articles WHERE article_id=?", (old,))
                self.lines.forget(old)
            self.db.execute(
                f"INSERT OR REPLACE INTO articles ({','.join(_WRITTEN)}) VALUES ({','.join('?' * len(_WRITTEN))})",
                [row.get(f) for f in _WRITTEN],
            )
            self.db.execute("DELETE FROM chunks WHERE article_id=?", (row["article_id"],))  # when cleaned again
            self.lines.write(row["article_id"], row.get("source"), lines)
            self.db.executemany(
                "INSERT OR REPLACE INTO chunks (chunk_id, article_id, position, text, sentence_vectors)"
                " VALUES (?, ?, ?, ?, ?)",
                [(cid, row["article_id"], pos, text, blob) for cid, pos, text, blob in chunks],
            )

    def all_chunk_ids(self) -> dict[str, str]:
        """chunk id -> article id, for every chunk the manifest holds."""
        return dict(self.db.execute("SELECT chunk_id, article_id FROM chunks"))

    def remove_article(self, article_id: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM chunks WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM articles WHERE article_id=?", (article_id,))
            self.lines.forget(article_id)

    def boilerplate_marks(self) -> dict[str, str]:
        """article id -> the mark of the boilerplate its cleaning removed, for articles whose raw text is kept."""
        return dict(self.db.execute("SELECT article_id, boilerplate FROM articles WHERE boilerplate IS NOT NULL"))

    def article_as_read(self, article_id: str) -> dict | None:
        """The article's fields with "raw", its text before cleaning (None if it was not kept)."""
        row = self.db.execute(f"SELECT {','.join(_WRITTEN)} FROM articles WHERE article_id=?", (article_id,)).fetchone()
        if row is None:
            return None
        out = dict(zip(_WRITTEN, row))
        out["extra"] = json.loads(out["extra"] or "{}")
        out["raw"] = zlib.decompress(out["raw"]).decode() if out["raw"] is not None else None
        return out

    # --- reading ---
    def find_article(self, url: str | None = None, title: str | None = None) -> dict | None:
        """The article with this url (or else this exact title), as a dict of its fields."""
        for column, value in (("url", url), ("title", title)):
            if value:
                cur = self.db.execute(f"SELECT {','.join(ARTICLE_FIELDS)} FROM articles WHERE {column}=? AND n_chunks > 0"
                                      " LIMIT 1", (value,))
                row = cur.fetchone()
                if row:
                    return dict(zip(ARTICLE_FIELDS, row))
        return None

    def article_chunks(self, article_id: str) -> list[tuple[str, str]]:
        return list(self.db.execute("SELECT chunk_id, text FROM chunks WHERE article_id=? ORDER BY position", (article_id,)))

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, bytes | None]:
        """chunk id -> its stored sentence vectors (None for chunks ingested before they were stored)."""
        out: dict[str, bytes | None] = {}
        for s in range(0, len(chunk_ids), 500):  # SQLite's limit on bound parameters
            part = chunk_ids[s : s + 500]
            out.update(self.db.execute(
                f"SELECT chunk_id, sentence_vectors FROM chunks WHERE chunk_id IN ({','.join('?' * len(part))})", part))
        return out

    def chunk_texts(self, batch: int = 2000) -> Iterator[tuple[list[str], list[str]]]:
        """(chunk ids, texts) of every chunk, in `all_chunks` order, `batch` at a time, read on a
        connection of its own so that the whole table is never fetched at once."""
        db = sqlite3.connect(self.path, timeout=30)
        try:
            cur = db.execute("SELECT chunk_id, text FROM chunks ORDER BY article_id, position")
            while rows := cur.fetchmany(batch):
                yield [r[0] for r in rows], [r[1] for r in rows]
        finally:
            db.close()

    def all_chunks(self) -> list[ChunkRow]:
        rows = self.db.execute(
            "SELECT c.chunk_id, c.article_id, c.position, c.text, a.title, a.source, a.author, a.url,"
            " a.published_at, a.published_ts, a.category FROM chunks c JOIN articles a USING (article_id)"
            " ORDER BY c.article_id, c.position"
        )
        return [ChunkRow(*r) for r in rows]

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def stats(self) -> dict:
        articles, chunks, without = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM articles WHERE n_chunks > 0), (SELECT COUNT(*) FROM chunks),"
            " (SELECT COUNT(*) FROM chunks WHERE sentence_vectors IS NULL)").fetchone()
        first, last = self.db.execute("SELECT MIN(published_at), MAX(published_at) FROM articles WHERE n_chunks > 0").fetchone()
        sources = dict(self.db.execute(
            "SELECT COALESCE(source, '(unknown)'), COUNT(*) FROM articles WHERE n_chunks > 0 GROUP BY 1 ORDER BY 2 DESC, 1"))
        return {"articles": articles, "chunks": chunks, "chunks_without_sentence_vectors": without, "sources": sources,
                "date_range": [first, last] if first else None}

    def sources(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL AND n_chunks > 0 ORDER BY 1")]

    def list_articles(self, text: str = "", limit: int = 500) -> list[dict]:
        """Searchable articles (those with text left after cleaning), newest first: each a dict of
        LISTED fields. `text` matches (case-insensitively) a part of the title, the outlet or the date."""
        needle = text.strip().casefold()
        where = " AND (instr(casefold(title), ?) OR instr(casefold(COALESCE(source, '')), ?)" \
                " OR instr(COALESCE(published_at, ''), ?))" if needle else ""
        rows = self.db.execute(
            f"SELECT {','.join(LISTED)} FROM articles WHERE n_chunks > 0{where}"
            " ORDER BY published_at IS NULL, published_at DESC, title LIMIT ?", ((needle,) * 3 if needle else ()) + (limit,))
        return [dict(zip(LISTED, r)) for r in rows]
