"""One version of the index, read-only: the keyword index, the chunks it covers and their metadata.

A request takes a snapshot once and reads only from it, so an ingest that finishes mid-request cannot
mix two versions into one answer; a new snapshot is built when the index's keyword version changes and
swapped in whole. Sentence vectors are read from the manifest as needed and kept per snapshot.
"""
from __future__ import annotations

import threading

import numpy as np

from ..embedding.chunk_vectors import from_blob
from ..embedding.minilm import DIMENSION
from .keyword import KeywordIndex
from .manifest import ChunkRow, Manifest
from .vectors import VectorStore

SENTENCE_CACHE_CHUNKS = 20_000  # chunks whose sentence vectors stay in memory (~140 MB of float16 at 9 sentences each)
UNDATED = -2**62  # published_ts of an undated chunk in the filter arrays


class IndexSnapshot:
    def __init__(self, version: str | None, keyword: KeywordIndex, rows: list[ChunkRow], manifest: Manifest,
                 vectors: VectorStore) -> None:
        self.version = version
        self.keyword = keyword
        self.vectors = vectors  # dense search; hits the snapshot does not hold are ignored by the caller
        self._manifest = manifest
        by_id = {r.chunk_id: r for r in rows}
        self._chunks = {cid: by_id[cid] for cid in keyword.chunk_ids if cid in by_id}
        self._by_article: dict[str, list[ChunkRow]] = {}
        for row in rows:  # all_chunks() gives them by article and position
            if row.chunk_id in self._chunks:
                self._by_article.setdefault(row.article_id, []).append(row)
        self._sources = tuple(sorted({r.source for r in self._chunks.values() if r.source}))
        ids = keyword.chunk_ids
        self._published = np.array([by_id[c].published_ts if c in by_id and by_id[c].published_ts is not None else UNDATED
                                    for c in ids], dtype=np.int64)
        self._source_of = np.array([(by_id[c].source or "") if c in by_id else "" for c in ids], dtype=object)
        self._article_of = np.array([by_id[c].article_id if c in by_id else "" for c in ids], dtype=object)
        self._sentence_vectors: dict[str, np.ndarray | None] = {}
        self._lock = threading.Lock()

    def chunk(self, chunk_id: str) -> ChunkRow | None:
        return self._chunks.get(chunk_id)

    def article_chunks(self, article_id: str) -> list[ChunkRow]:
        """The article's chunks in order."""
        return self._by_article.get(article_id, [])

    def sources(self) -> tuple[str, ...]:
        """The outlets of the indexed articles, sorted."""
        return self._sources

    def chunk_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(published_ts, source) per keyword-index position, for exact filter masks."""
        return self._published, self._source_of

    def chunk_articles(self) -> np.ndarray:
        """Article id per keyword-index position."""
        return self._article_of

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray | None]:
        """Each chunk's sentence vectors (unit length, one row per sentence), None where the chunk was
        ingested before they were stored; read from the manifest once per snapshot."""
        with self._lock:
            missing = [c for c in chunk_ids if c not in self._sentence_vectors]
            if missing:
                if len(self._sentence_vectors) + len(missing) > SENTENCE_CACHE_CHUNKS:
                    self._sentence_vectors = {}
                for cid, blob in self._manifest.sentence_vectors(missing).items():
                    self._sentence_vectors[cid] = from_blob(blob, DIMENSION)
            return {c: self._sentence_vectors.get(c) for c in chunk_ids}
