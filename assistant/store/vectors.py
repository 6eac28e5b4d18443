"""The Chroma vector store: embedded PersistentClient by default, a Chroma server when configured.

The collection records the embedding model's name and dimension; opening it with another model
fails with a clear message instead of returning garbage.
"""
from __future__ import annotations

from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings


class IndexMismatch(RuntimeError):
    pass


def _client(directory: Path, host: str | None, port: int):
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    return chromadb.PersistentClient(path=str(directory / "chroma"), settings=settings)


class VectorStore:
    def __init__(self, directory: Path, collection: str, model_name: str, dim: int,
                 host: str | None = None, port: int = 8000, create: bool = True) -> None:
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
