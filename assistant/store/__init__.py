"""The index on disk: manifest (SQLite), vectors (Chroma) and keyword index (BM25), opened together.

With a Chroma server (ASSISTANT_CHROMA_HOST) the server holds the archive and one index folder writes
to it (the writer: its manifest makes ingest crash-safe and finds duplicates). A process opening a
folder without a manifest reads the server's archive through a mirror kept in that folder
(store/mirror.py), refreshed when the server's version stamp changes. docs/server-mode.md says why.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from ..embedding.minilm import DIMENSION, model_id
from ..settings import Settings
from .errors import STORAGE_ERRORS, IndexUnavailable, storage_failure
from .keyword import KeywordIndex
from .lock import IndexBusy, WriteLock
from .manifest import ChunkRow, Manifest
from .mirror import MIRROR, ROLE_KEY
from .mirror import sync as sync_mirror
from .snapshot import IndexSnapshot
from .vectors import IndexMismatch, VectorStore

log = logging.getLogger(__name__)

__all__ = ["Index", "IndexBusy", "IndexMismatch", "IndexNotFound", "IndexSnapshot", "IndexUnavailable", "ChunkRow",
           "NotTheWriter", "WriteLock"]


class IndexNotFound(RuntimeError):
    pass


class NotTheWriter(IndexMismatch):
    """The server's archive is written by another index folder: writing from this one (whose manifest
    does not know its chunks) would delete them as strays."""


class Index:
    def __init__(self, directory: Path | str | None, settings: Settings, create: bool = False) -> None:
        self.settings = settings
        self.directory = Path(directory or settings.index_dir).expanduser()
        manifest_path = self.directory / "manifest.sqlite"
        # a folder without a manifest, opened to read with a server configured: a mirror of the server's archive
        self.mirror = not manifest_path.exists() and not create and bool(settings.chroma_host)
        if not manifest_path.exists() and not create and not self.mirror:
            raise IndexNotFound(
                f"No index at {self.directory}. Create one with: assistant ingest PATH --index {self.directory}")
        self.model_name = model_id(self.settings.embed_precision)
        self._snapshot: IndexSnapshot | None = None
        self._snapshot_lock = threading.Lock()
        self._mirror_lock = threading.Lock()
        self._mirror_checked = float("-inf")
        try:
            self._open(manifest_path)
            if self.mirror:
                self.refresh_mirror(force=True)
        except STORAGE_ERRORS as exc:
            raise storage_failure(self.directory, exc, "open") from None

    def _open(self, manifest_path: Path) -> None:
        if self.mirror:
            self.vectors = self._server_archive()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest(manifest_path)
        if self.manifest.get_meta("embed_model") is None:
            self.manifest.set_meta("embed_model", self.model_name)
            self.manifest.set_meta("embed_dim", str(DIMENSION))
        if self.mirror:
            self.manifest.set_meta(ROLE_KEY, MIRROR)
            return
        self.mirror = self.manifest.get_meta(ROLE_KEY) == MIRROR
        if self.mirror and not self.settings.chroma_host:
            raise IndexUnavailable(f"The index at {self.directory} mirrors an archive on a Chroma server: set "
                                   "ASSISTANT_CHROMA_HOST (and ASSISTANT_CHROMA_PORT) to the server's address.")
        self.vectors = VectorStore(self.directory, self.settings.collection, self.model_name, DIMENSION,
                                   host=self.settings.chroma_host, port=self.settings.chroma_port, create=not self.mirror)
        if self.vectors.remote and not self.mirror:
            try:
                self._claim_server_archive()
            except NotTheWriter:
                if self.manifest.stats()["chunks"] == 0 and self.manifest.get_meta("keyword_version") is None:
                    self.manifest.close()  # made by this open: the folder stays usable as a reader's
                    for suffix in ("", "-wal", "-shm"):
                        manifest_path.with_name(manifest_path.name + suffix).unlink(missing_ok=True)
                raise

    def _server_archive(self) -> VectorStore:
        from chromadb.errors import NotFoundError

        try:
            return VectorStore(self.directory, self.settings.collection, self.model_name, DIMENSION,
                               host=self.settings.chroma_host, port=self.settings.chroma_port, create=False)
        except NotFoundError:
            raise IndexNotFound(
                f"No index at {self.directory}, and the Chroma server at {self.settings.chroma_host}:"
                f"{self.settings.chroma_port} has no collection {self.settings.collection!r}. Create one with: "
                f"assistant ingest PATH --index FOLDER") from None

    def _claim_server_archive(self) -> None:
        """The writer's folder and the server's collection name each other (writer_id); a folder that did
        not write the collection's chunks is refused before its repair() could delete them."""
        mine = self.manifest.get_meta("writer_id")
        if mine is None:
            mine = uuid.uuid4().hex
            self.manifest.set_meta("writer_id", mine)
        theirs = self.vectors.server_meta().get("writer_id")
        if theirs == mine:
            return
        if theirs is None and (self.vectors.count() == 0 or self.manifest.stats()["chunks"] > 0):
            self.vectors.set_server_meta(writer_id=mine)
            return
        raise NotTheWriter(
            f"The collection {self.settings.collection!r} on the Chroma server at {self.vectors.address} is written "
            f"by another index folder, not {self.directory}. Ingest from that folder; to ask questions, open a folder "
            "without an index (it mirrors the server's archive); or set ASSISTANT_COLLECTION for a new archive.")

    # --- a mirror of the server's archive (reader processes) ---
    def refresh_mirror(self, force: bool = False) -> bool:
        """Brings the mirror up to date if the server's version stamp changed (checked at most every
        `server_check_seconds`; the sync fetches only new chunks, then rebuilds the keyword index, as the
        writer does after an ingest). True if it changed."""
        if not self.mirror:
            return False
        now = time.monotonic()
        if not force and now - self._mirror_checked < self.settings.server_check_seconds:
            return False
        # one thread brings it up to date; the others go on with the snapshot they have meanwhile
        if not self._mirror_lock.acquire(blocking=force):
            return False
        try:
            if not force and now - self._mirror_checked < self.settings.server_check_seconds:
                return False
            stamp = self.vectors.server_meta().get("keyword_version")  # read first: the data is at least this new
            self._mirror_checked = time.monotonic()
            if stamp is not None and stamp == self.manifest.get_meta("keyword_version"):
                return False
            changes = sync_mirror(self.manifest, self.vectors)
            self._rebuild_keyword(stamp or uuid.uuid4().hex)
            log.info("mirror of %s brought to version %s: %s", self.vectors.address, stamp, changes)
            return True
        finally:
            self._mirror_lock.release()

    # --- snapshots: one version of the index per request ---
    def snapshot(self) -> IndexSnapshot:
        """The current version of the index (one SQL read to check it; rebuilt only after an ingest)."""
        if self.mirror:
            self.refresh_mirror()
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

    def rebuild_keyword(self, progress=None) -> None:
        """After a write: the keyword index anew, and a new version (on the server too, for the mirrors).
        `progress(stage, done, total)`, if given, hears of the chunks read into it."""
        version = uuid.uuid4().hex
        self._rebuild_keyword(version, progress)
        if self.vectors.remote and not self.mirror:
            self.vectors.set_server_meta(keyword_version=version)

    def _rebuild_keyword(self, version: str, progress=None) -> None:
        batches = self.manifest.chunk_texts()
        if progress is not None:
            batches = _counted(batches, self.manifest.chunk_count(), progress)
        KeywordIndex.rebuild(batches, self.directory / "keyword", self.settings.keyword_segment_chunks)
        self.manifest.set_meta("keyword_version", version)
        self.manifest.set_meta("keyword_dirty", "0")

    def require_writer(self) -> None:
        """Raises IndexUnavailable, saying why, in a folder that cannot ingest (a mirror)."""
        if self.mirror:
            raise IndexUnavailable(
                f"The index at {self.directory} mirrors the archive on the Chroma server at {self.vectors.address}; "
                "only the folder that wrote it ingests (docs/server-mode.md).")

    def repair(self) -> dict[str, int]:
        """Makes Chroma, the manifest and the keyword index agree after an interrupted ingest: vectors the
        manifest does not know are deleted; articles with missing vectors are forgotten (the next ingest of
        their files adds them again); a keyword index left behind by a write is rebuilt; a server whose
        version stamp lags (a write cut short before it was set) is told the current one."""
        self.require_writer()
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
        elif self.vectors.remote and self.vectors.server_meta().get("keyword_version") != self.manifest.get_meta("keyword_version"):
            self.vectors.set_server_meta(keyword_version=self.manifest.get_meta("keyword_version") or uuid.uuid4().hex)
        return {"orphan_vectors": len(orphans), "incomplete_articles": len(broken), "keyword_rebuilt": int(rebuilt)}

    def status(self) -> dict:
        stats = self.manifest.stats()
        out = {**stats, "vectors": self.vectors.count(), "embedding_model": self.model_name,
               "embedding_dim": DIMENSION, "index_dir": str(self.directory)}
        if self.vectors.remote:
            out["chroma_server"] = self.vectors.address
            out["role"] = "mirror (reads the server's archive)" if self.mirror else "writer"
        return out

    def close(self) -> None:
        self.manifest.close()


def _counted(batches, total: int, progress):
    """The batches unchanged, reporting the chunks passed on as the "keywords" stage."""
    done = 0
    progress("keywords", 0, total)
    for ids, texts in batches:
        yield ids, texts
        done += len(ids)
        progress("keywords", done, total)
