"""The index on disk: manifest (SQLite), vectors (Chroma) and keyword index (BM25), opened together."""
from __future__ import annotations

import threading
import uuid
from pathlib import Path

import numpy as np

from ..embedding.minilm import DIMENSION, model_id
from ..settings import Settings
from .errors import STORAGE_ERRORS, IndexUnavailable, storage_failure
from .keyword import KeywordIndex
from .lock import IndexBusy, WriteLock
from .manifest import ChunkRow, Manifest
from .snapshot import IndexSnapshot
from .vectors import IndexMismatch, VectorStore

__all__ = ["Index", "IndexBusy", "IndexMismatch", "IndexNotFound", "IndexSnapshot", "IndexUnavailable", "ChunkRow",
           "WriteLock"]


class IndexNotFound(RuntimeError):
    pass


class Index:
    def __init__(self, directory: Path | str | None, settings: Settings, create: bool = False) -> None:
        self.settings = settings
        self.directory = Path(directory or settings.index_dir).expanduser()
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
        self._snapshot: IndexSnapshot | None = None
        self._snapshot_lock = threading.Lock()

    def _open(self, manifest_path: Path) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest(manifest_path)
        if self.manifest.get_meta("embed_model") is None:
            self.manifest.set_meta("embed_model", self.model_name)
            self.manifest.set_meta("embed_dim", str(DIMENSION))
        self.vectors = VectorStore(self.directory, self.settings.collection, self.model_name, DIMENSION,
                                   host=self.settings.chroma_host, port=self.settings.chroma_port, create=True)

    # --- snapshots: one version of the index per request ---
    def snapshot(self) -> IndexSnapshot:
        """The current version of the index (one SQL read to check it; rebuilt only after an ingest)."""
        version = self.manifest.get_meta("keyword_version")
        current = self._snapshot
        if current is not None and current.version == version:
            return current
        with self._snapshot_lock:
            current = self._snapshot
            if current is None or current.version != version:
                keyword = KeywordIndex.load(self.directory / "keyword")
                current = IndexSnapshot(version, keyword, self.manifest.all_chunks(), self.manifest, self.vectors)
                self._snapshot = current  # swapped whole: readers hold the one they took
            return current

    # the current snapshot's views, for callers outside a request (status, tools)
    @property
    def keyword(self) -> KeywordIndex:
        return self.snapshot().keyword

    def chunk(self, chunk_id: str) -> ChunkRow | None:
        return self.snapshot().chunk(chunk_id)

    def article_chunks(self, article_id: str) -> list[ChunkRow]:
        return self.snapshot().article_chunks(article_id)

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray | None]:
        return self.snapshot().sentence_vectors(chunk_ids)

    def sources(self) -> tuple[str, ...]:
        return self.snapshot().sources()

    def chunk_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return self.snapshot().chunk_arrays()

    def chunk_articles(self) -> np.ndarray:
        return self.snapshot().chunk_articles()

    def rebuild_keyword(self) -> None:
        KeywordIndex.build_batches(self.manifest.chunk_texts()).save(self.directory / "keyword")
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
