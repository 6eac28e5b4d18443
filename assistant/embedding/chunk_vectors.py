"""Embeds chunks through their sentences: one vector per sentence, and the chunk's vector their mean.

A fact sits in one sentence, and a question part paraphrases it ("could no longer run both
companies" for "faced challenges managing two companies"): matching a part against each sentence
finds it where the chunk's single vector, averaged over 256 tokens, does not. Embedding sentences
costs no more than embedding chunks (the same text, shorter inputs; each overlap sentence once), and
the mean of a chunk's sentence vectors serves dense retrieval as well as a vector of the whole chunk
(MultiHop-RAG dev, README "Measured").
"""
from __future__ import annotations

import numpy as np

from ingest.chunking import split_header

from ..sentences import split_sentences

STORED_DTYPE = np.float16  # sentence vectors on disk: half the bytes, cosine unchanged to 3 decimals


def chunk_sentences(text: str) -> list[str]:
    """The sentences of a chunk's body (its header left out); the whole text when it has none."""
    return split_sentences(split_header(text)[1]) or [text]


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def embed_chunks(embedder, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
    """(chunk vectors, sentence vectors of each chunk), all unit length; a sentence that several chunks
    share (the overlap) is embedded once."""
    per_chunk = [chunk_sentences(t) for t in texts]
    unique = list(dict.fromkeys(s for sentences in per_chunk for s in sentences))
    position = {s: i for i, s in enumerate(unique)}
    vectors = _unit(np.asarray(embedder.encode(unique), dtype=np.float32)) if unique else np.zeros((0, 0), np.float32)
    sentence_vectors = [vectors[[position[s] for s in sentences]] for sentences in per_chunk]
    chunk_vectors = np.stack([_unit(v.mean(axis=0)) for v in sentence_vectors]) if texts else vectors
    return chunk_vectors.astype(np.float32), sentence_vectors


def best_sentence_similarity(part_vector: np.ndarray, sentence_vectors: np.ndarray | None) -> float:
    """Cosine of the part to the chunk's closest sentence (0 when the chunk has no stored vectors)."""
    if sentence_vectors is None or not len(sentence_vectors):
        return 0.0
    return float(np.max(sentence_vectors.astype(np.float32) @ part_vector))


def to_blob(vectors: np.ndarray) -> bytes:
    return np.ascontiguousarray(vectors, dtype=STORED_DTYPE).tobytes()


def from_blob(blob: bytes | None, dim: int) -> np.ndarray | None:
    if not blob:
        return None
    return np.frombuffer(blob, dtype=STORED_DTYPE).reshape(-1, dim)
