"""The article manifest (SQLite): which articles and chunks the index holds, and index facts.

It is the source of truth for de-duplication and updates, and feeds the keyword index.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    doc_key TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT, author TEXT, url TEXT, category TEXT,
    published_at TEXT, published_ts INTEGER,
    source_file TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
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


class Manifest:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(chunks)")}
        if "sentence_vectors" not in columns:  # an index made before sentence vectors were stored
            with self.db:
                self.db.execute("ALTER TABLE chunks ADD COLUMN sentence_vectors BLOB")

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

    def add_article(self, row: dict, chunks: list[tuple[str, int, str, bytes | None]], replaces: list[str] = ()) -> None:
        """Records an article and its chunks (id, position, text, sentence vectors), and forgets the
        versions it replaces, in one transaction (called after Chroma holds the new chunks)."""
        row = {**row, "extra": json.dumps(row.get("extra") or {}, ensure_ascii=False)}
        with self.db:
            for old in replaces:
                self.db.execute("DELETE FROM chunks WHERE article_id=?", (old,))
                self.db.execute("DELETE FROM articles WHERE article_id=?", (old,))
            self.db.execute(
                f"INSERT OR REPLACE INTO articles ({','.join(ARTICLE_FIELDS)}) VALUES ({','.join('?' * len(ARTICLE_FIELDS))})",
                [row.get(f) for f in ARTICLE_FIELDS],
            )
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

    # --- reading ---
    def find_article(self, url: str | None = None, title: str | None = None) -> dict | None:
        """The article with this url (or else this exact title), as a dict of its fields."""
        for column, value in (("url", url), ("title", title)):
            if value:
                cur = self.db.execute(f"SELECT {','.join(ARTICLE_FIELDS)} FROM articles WHERE {column}=? LIMIT 1", (value,))
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

    def all_chunks(self) -> list[ChunkRow]:
        rows = self.db.execute(
            "SELECT c.chunk_id, c.article_id, c.position, c.text, a.title, a.source, a.author, a.url,"
            " a.published_at, a.published_ts, a.category FROM chunks c JOIN articles a USING (article_id)"
            " ORDER BY c.article_id, c.position"
        )
        return [ChunkRow(*r) for r in rows]

    def stats(self) -> dict:
        articles, chunks, without = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM chunks),"
            " (SELECT COUNT(*) FROM chunks WHERE sentence_vectors IS NULL)").fetchone()
        first, last = self.db.execute("SELECT MIN(published_at), MAX(published_at) FROM articles").fetchone()
        sources = dict(self.db.execute(
            "SELECT COALESCE(source, '(unknown)'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"))
        return {"articles": articles, "chunks": chunks, "chunks_without_sentence_vectors": without, "sources": sources,
                "date_range": [first, last] if first else None}

    def sources(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1")]
