"""The index on disk: manifest (SQLite), vectors (Chroma) and keyword index (BM25), opened together."""
from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np

from ..embedding.chunk_vectors import from_blob
from ..embedding.minilm import DIMENSION, model_id
from ..settings import Settings, get_settings
from .errors import STORAGE_ERRORS, IndexUnavailable, storage_failure
from .keyword import KeywordIndex
from .lock import IndexBusy, WriteLock
from .manifest import ChunkRow, Manifest
from .vectors import IndexMismatch, VectorStore

__all__ = ["Index", "IndexBusy", "IndexMismatch", "IndexNotFound", "IndexUnavailable", "ChunkRow", "WriteLock"]


SENTENCE_CACHE_CHUNKS = 20_000  # chunks whose sentence vectors stay in memory (~140 MB of float16 at 9 sentences each)


class IndexNotFound(RuntimeError):
    pass


class Index:
    def __init__(self, directory: Path | str | None = None, settings: Settings | None = None, create: bool = False) -> None:
        self.settings = settings or get_settings()
        self.directory = Path(directory or self.settings.index_dir).expanduser()
        manifest_path = self.directory / "manifest.sqlite"
        if not manifest_path.exists():
            if not create:
                raise IndexNotFound(
                    f"No index at {self.directory}. Create one with: assistant ingest PATH --index {self.directory}")
        self.model_name = model_id(self.settings.embed_precision)
        try:
            self._open(manifest_path)
        except STORAGE_ERRORS as exc:
            raise storage_failure(self.directory, exc, "open") from None
        self._keyword: KeywordIndex | None = None
        self._keyword_version: str | None = None
        self._chunks: dict[str, ChunkRow] = {}
        self._by_article: dict[str, list[ChunkRow]] = {}
        self._sources: tuple[str, ...] = ()
        self._meta_arrays: tuple[np.ndarray, np.ndarray] | None = None
        self._sentence_vectors: dict[str, np.ndarray | None] = {}

    def _open(self, manifest_path: Path) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest(manifest_path)
        if self.manifest.get_meta("embed_model") is None:
            self.manifest.set_meta("embed_model", self.model_name)
            self.manifest.set_meta("embed_dim", str(DIMENSION))
        self.vectors = VectorStore(self.directory, self.settings.collection, self.model_name, DIMENSION,
                                   host=self.settings.chroma_host, port=self.settings.chroma_port, create=True)

    # --- keyword index, loaded once and reloaded only when an ingest has changed it ---
    def _refresh(self) -> None:
        version = self.manifest.get_meta("keyword_version")
        if self._keyword is not None and version == self._keyword_version:
            return
        self._keyword = KeywordIndex.load(self.directory / "keyword")
        rows = {r.chunk_id: r for r in self.manifest.all_chunks()}
        self._chunks = {cid: rows[cid] for cid in self._keyword.chunk_ids if cid in rows}
        self._by_article = {}
        for row in rows.values():  # all_chunks() gives them by article and position
            if row.chunk_id in self._chunks:
                self._by_article.setdefault(row.article_id, []).append(row)
        self._sources = tuple(sorted({r.source for r in self._chunks.values() if r.source}))
        ts = np.array([(rows[c].published_ts if c in rows and rows[c].published_ts is not None else -2**62)
                       for c in self._keyword.chunk_ids], dtype=np.int64)
        src = np.array([(rows[c].source or "") if c in rows else "" for c in self._keyword.chunk_ids], dtype=object)
        self._meta_arrays = (ts, src)
        self._article_array = np.array([rows[c].article_id if c in rows else "" for c in self._keyword.chunk_ids],
                                       dtype=object)
        self._sentence_vectors = {}
        self._keyword_version = version

    @property
    def keyword(self) -> KeywordIndex:
        self._refresh()
        return self._keyword

    def chunk(self, chunk_id: str) -> ChunkRow | None:
        self._refresh()
        return self._chunks.get(chunk_id)

    def article_chunks(self, article_id: str) -> list[ChunkRow]:
        """The article's chunks in order."""
        self._refresh()
        return self._by_article.get(article_id, [])

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray | None]:
        """Each chunk's sentence vectors (unit length, one row per sentence), None where the chunk was
        ingested before they were stored; read from the manifest once and kept while the index is unchanged."""
        self._refresh()
        missing = [c for c in chunk_ids if c not in self._sentence_vectors]
        if missing:
            if len(self._sentence_vectors) + len(missing) > SENTENCE_CACHE_CHUNKS:
                self._sentence_vectors = {}
            for cid, blob in self.manifest.sentence_vectors(missing).items():
                self._sentence_vectors[cid] = from_blob(blob, DIMENSION)
        return {c: self._sentence_vectors.get(c) for c in chunk_ids}

    def sources(self) -> tuple[str, ...]:
        """The outlets of the indexed articles, sorted (read once per keyword-index version, not per query)."""
        self._refresh()
        return self._sources

    def chunk_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(published_ts, source) per keyword-index position, for exact filter masks."""
        self._refresh()
        return self._meta_arrays

    def chunk_articles(self) -> np.ndarray:
        """Article id per keyword-index position."""
        self._refresh()
        return self._article_array

    def rebuild_keyword(self) -> None:
        rows = self.manifest.all_chunks()
        KeywordIndex.build([r.chunk_id for r in rows], [r.text for r in rows]).save(self.directory / "keyword")
        self.manifest.set_meta("keyword_version", uuid.uuid4().hex)
        self.manifest.set_meta("keyword_dirty", "0")

    def repair(self) -> dict[str, int]:
        """Makes Chroma, the manifest and the keyword index agree after an interrupted ingest: vectors the
        manifest does not know are deleted; articles with missing vectors are forgotten (the next ingest of
        their files adds them again); a keyword index left behind by a write is rebuilt."""
        manifest_ids = self.manifest.all_chunk_ids()
        stored = self.vectors.all_ids()
        orphans = sorted(stored - set(manifest_ids))
        self.vectors.delete(orphans)
        broken = sorted({a for c, a in manifest_ids.items() if c not in stored})
        for article_id in broken:
            self.vectors.delete(self.manifest.chunk_ids(article_id))
            self.manifest.remove_article(article_id)
        rebuilt = bool(orphans or broken or self.manifest.get_meta("keyword_dirty") == "1")
        if rebuilt:
            self.rebuild_keyword()
        return {"orphan_vectors": len(orphans), "incomplete_articles": len(broken), "keyword_rebuilt": int(rebuilt)}

    def status(self) -> dict:
        stats = self.manifest.stats()
        return {**stats, "vectors": self.vectors.count(), "embedding_model": self.model_name,
                "embedding_dim": DIMENSION, "index_dir": str(self.directory)}

    def close(self) -> None:
        self.manifest.close()
