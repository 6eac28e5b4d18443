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

from ..core import split_header
from ..sentences import split_sentences
from .minilm import DIMENSION

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
    if not texts:
        return np.zeros((0, DIMENSION), np.float32), []
    per_chunk = [chunk_sentences(t) for t in texts]  # never empty
    unique = list(dict.fromkeys(s for sentences in per_chunk for s in sentences))
    position = {s: i for i, s in enumerate(unique)}
    vectors = _unit(np.asarray(embedder.encode(unique), dtype=np.float32))
    sentence_vectors = [vectors[[position[s] for s in sentences]] for sentences in per_chunk]
    return np.stack([_unit(v.mean(axis=0)) for v in sentence_vectors]), sentence_vectors


def closest_sentence_similarity(vector: np.ndarray, stored: dict[str, np.ndarray | None]) -> dict[str, float]:
    """Each chunk's cosine to `vector` at its closest sentence, at least 0; 0 for a chunk without stored
    sentence vectors. One product over all the chunks' sentences."""
    out = dict.fromkeys(stored, 0.0)
    have = [(cid, v) for cid, v in stored.items() if v is not None and len(v)]
    if have:
        similarities = np.concatenate([v for _, v in have]).astype(np.float32) @ vector
        starts = np.cumsum([0] + [len(v) for _, v in have[:-1]])
        for (cid, _), best in zip(have, np.maximum.reduceat(similarities, starts)):
            out[cid] = max(0.0, float(best))
    return out


def to_blob(vectors: np.ndarray) -> bytes:
    return np.ascontiguousarray(vectors, dtype=STORED_DTYPE).tobytes()


def from_blob(blob: bytes | None, dim: int) -> np.ndarray | None:
    if not blob:
        return None
    return np.frombuffer(blob, dtype=STORED_DTYPE).reshape(-1, dim)
