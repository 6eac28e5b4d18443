"""The Chroma vector store: embedded PersistentClient by default, a Chroma server when configured.

The collection records the embedding model's name and dimension; opening it with another model
fails with a clear message instead of returning garbage. On a server it also records which index
folder writes to it (`writer_id`) and the version of the archive (`keyword_version`, set after each
ingest): reader processes elsewhere rebuild their copy when it changes (docs/server-mode.md).
"""
from __future__ import annotations

from pathlib import Path

import chromadb
import httpx
import numpy as np
from chromadb.config import Settings as ChromaSettings


class IndexMismatch(RuntimeError):
    pass


def _client(directory: Path, host: str | None, port: int):
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        try:
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        except ValueError as exc:  # chromadb's "Could not connect to a Chroma server"
            raise httpx.ConnectError(f"{exc} ({host}:{port})") from None
    return chromadb.PersistentClient(path=str(directory / "chroma"), settings=settings)


class VectorStore:
    def __init__(self, directory: Path, collection: str, model_name: str, dim: int,
                 host: str | None = None, port: int = 8000, create: bool = True) -> None:
        self.remote = bool(host)
        self.address = f"{host}:{port}" if host else None
        self.name = collection
        self.client = _client(directory, host, port)
        self.max_batch = self.client.get_max_batch_size()
        wanted = {"embed_model": model_name, "embed_dim": dim}
        if create:
            self.collection = self.client.get_or_create_collection(
                collection, embedding_function=None, metadata=wanted, configuration={"hnsw": {"space": "cosine"}})
        else:
            self.collection = self.client.get_collection(collection, embedding_function=None)
        have = self.collection.metadata or {}
        if have.get("embed_model") != model_name or int(have.get("embed_dim", -1)) != dim:
            raise IndexMismatch(
                f"This index was built with the embedding model {have.get('embed_model')!r} "
                f"({have.get('embed_dim')}-d), but this assistant uses {model_name!r} ({dim}-d). "
                "Re-ingest into a new index folder (--index) or install the matching model.")

    # --- the server's record of the archive (collection metadata, replaced whole on each change) ---
    def server_meta(self) -> dict:
        """The collection's metadata as stored now (one request; another process may have changed it)."""
        return dict(self.client.get_collection(self.name, embedding_function=None).metadata or {})

    def set_server_meta(self, **values: str) -> None:
        meta = {**self.server_meta(), **values}
        meta.pop("hnsw:space", None)  # set at creation; Chroma refuses to change it
        self.collection.modify(metadata=meta)

    def count(self) -> int:
        return self.collection.count()

    def add(self, ids: list[str], vectors: np.ndarray, texts: list[str], metadatas: list[dict]) -> None:
        for s in range(0, len(ids), self.max_batch):
            e = s + self.max_batch
            self.collection.upsert(ids=ids[s:e], embeddings=vectors[s:e], documents=texts[s:e], metadatas=metadatas[s:e])

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        total, offset = self.count(), 0
        while offset < total:
            ids.update(self.collection.get(include=[], limit=self.max_batch, offset=offset)["ids"])
            offset += self.max_batch
        return ids

    def fetch(self, ids: list[str]) -> list[tuple[str, str, dict]]:
        """(id, text, metadata) of the stored chunks among `ids`."""
        out = []
        step = min(self.max_batch, 500)
        for s in range(0, len(ids), step):
            got = self.collection.get(ids=ids[s : s + step], include=["documents", "metadatas"])
            out.extend(zip(got["ids"], got["documents"], got["metadatas"]))
        return out

    def fetch_where(self, where: dict) -> list[tuple[str, str, dict]]:
        got = self.collection.get(where=where, include=["documents", "metadatas"])
        return list(zip(got["ids"], got["documents"], got["metadatas"]))

    def delete(self, ids: list[str]) -> None:
        for s in range(0, len(ids), self.max_batch):
            self.collection.delete(ids=ids[s : s + self.max_batch])

    def query(self, vector: np.ndarray, n: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Returns (chunk id, cosine similarity) pairs, best first."""
        total = self.count()
        if total == 0:
            return []
        res = self.collection.query(query_embeddings=[vector.tolist()], n_results=min(n, total), where=where or None,
                                    include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]
